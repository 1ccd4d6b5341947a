//! The edits people make, as operations on an [`AnnotationSet`]: tagging a
//! span, relabeling, accepting and rejecting, changing a field, linking two
//! annotations. The reader builds every edit here and applies it through
//! [`super::Journal`]; the command line and merges use the same functions,
//! so that a tag, a review or a link is recorded the same way whoever
//! makes it (creator kept, reviewer recorded: [`Annotation::touch`]).

use std::collections::BTreeMap;
use std::ops::Range;

use super::{Annotation, AnnotationSet, Link, Op, Status};

/// Who makes an edit and when (RFC 3339).
#[derive(Clone, Copy, Debug)]
pub struct By<'a> {
    pub who: &'a str,
    pub now: &'a str,
}

/// A new accepted annotation of `text[span]` made by `by.who`, with an id
/// that is fresh in `set`. `None` when `span` is empty or not a range of
/// `text` on character boundaries.
pub fn tag(
    set: &AnnotationSet,
    text: &str,
    span: Range<usize>,
    label: &str,
    kind: Option<&str>,
    by: By<'_>,
) -> Option<Annotation> {
    let quote = text.get(span.clone()).filter(|q| !q.is_empty())?;
    Some(Annotation {
        id: set.new_id(),
        label: label.to_string(),
        kind: kind.map(str::to_string),
        span,
        quote: quote.to_string(),
        annotator: by.who.to_string(),
        created: by.now.to_string(),
        modified: by.now.to_string(),
        note: None,
        attrs: BTreeMap::new(),
        status: Status::Accepted,
        links: Vec::new(),
        review: None,
    })
}

/// Change `a` with `f` as `by.who`: `None` when `f` changes nothing.
pub fn change(a: &Annotation, by: By<'_>, f: impl FnOnce(&mut Annotation)) -> Option<Op> {
    let mut after = a.clone();
    f(&mut after);
    if after == *a {
        return None;
    }
    after.touch(by.who, by.now);
    Some(Op::Update {
        before: a.clone(),
        after,
    })
}

/// Give `a` another label (and type); a person choosing a label accepts
/// the annotation.
pub fn relabel(a: &Annotation, label: &str, kind: Option<&str>, by: By<'_>) -> Op {
    let mut after = a.clone();
    after.label = label.to_string();
    after.kind = kind.map(str::to_string);
    after.accept(by.who, by.now);
    Op::Update {
        before: a.clone(),
        after,
    }
}

/// Accept `a` (a suggestion) as `by.who`.
pub fn accept(a: &Annotation, by: By<'_>) -> Op {
    let mut after = a.clone();
    after.accept(by.who, by.now);
    Op::Update {
        before: a.clone(),
        after,
    }
}

/// Reject `a` (a suggestion) as `by.who`.
pub fn reject(a: &Annotation, by: By<'_>) -> Op {
    let mut after = a.clone();
    after.reject(by.who, by.now);
    Op::Update {
        before: a.clone(),
        after,
    }
}

/// Accept every suggestion of `set` with `like`'s label and type.
pub fn accept_all_like(set: &AnnotationSet, like: &Annotation, by: By<'_>) -> Vec<Op> {
    set.iter()
        .filter(|b| b.status == Status::Suggested && b.label == like.label && b.kind == like.kind)
        .map(|b| accept(b, by))
        .collect()
}

/// Add a link of `kind` from `a` to `target` (`id` or `file#id`); `None`
/// when `a` already has it. Links are kept sorted.
pub fn add_link(a: &Annotation, target: &str, kind: &str, by: By<'_>) -> Option<Op> {
    if a.links.iter().any(|l| l.target == target && l.kind == kind) {
        return None;
    }
    change(a, by, |x| {
        x.links.push(Link {
            target: target.to_string(),
            kind: kind.to_string(),
        });
        x.links.sort();
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOW: &str = "2026-12-01T10:00:00Z";

    fn by(who: &str) -> By<'_> {
        By { who, now: NOW }
    }

    #[test]
    fn tag_quotes_the_text_and_refuses_empty_or_broken_spans() {
        let set = AnnotationSet::new();
        let text = "قال ماكرونُ إنّ";
        let at = text.find("ماكرونُ").unwrap();
        let a = tag(
            &set,
            text,
            at..at + "ماكرونُ".len(),
            "entity",
            Some("PER"),
            by("amal"),
        )
        .unwrap();
        assert_eq!(a.quote, "ماكرونُ");
        assert_eq!((a.annotator.as_str(), a.created.as_str()), ("amal", NOW));
        assert_eq!(a.status, Status::Accepted);
        assert!(tag(&set, text, at..at, "claim", None, by("amal")).is_none());
        assert!(tag(&set, text, at..at + 1, "claim", None, by("amal")).is_none());
    }

    #[test]
    fn reviews_keep_the_creator() {
        let set = AnnotationSet::new();
        let mut s = tag(
            &set,
            "5,700 soldiers",
            0..5,
            "figure",
            None,
            by("hashiya-suggest"),
        )
        .unwrap();
        s.status = Status::Suggested;
        let Op::Update { after, .. } = accept(&s, by("amal")) else {
            panic!()
        };
        assert_eq!(after.annotator, "hashiya-suggest");
        assert_eq!(after.status, Status::Accepted);
        let r = after.review.unwrap();
        assert_eq!((r.by.as_str(), r.at.as_str()), ("amal", NOW));
        // One's own: no reviewer.
        let Op::Update { after, .. } = reject(&s, by("hashiya-suggest")) else {
            panic!()
        };
        assert_eq!(after.status, Status::Rejected);
        assert_eq!(after.review, None);
        assert!(change(&s, by("amal"), |_| {}).is_none());
    }

    #[test]
    fn links_are_added_once() {
        let set = AnnotationSet::new();
        let a = tag(&set, "Cairo", 0..5, "entity", Some("LOC"), by("amal")).unwrap();
        let Some(Op::Update { after, .. }) = add_link(&a, "b.txt#x", "translation", by("amal"))
        else {
            panic!()
        };
        assert_eq!(after.links.len(), 1);
        assert!(add_link(&after, "b.txt#x", "translation", by("amal")).is_none());
    }
}
