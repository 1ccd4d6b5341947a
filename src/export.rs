//! Dataset writers (JSONL, CoNLL, brat, CSV, TMX) and importers (JSONL, brat).
//! See docs/EXPORT.md for the formats and the rules they follow.
//!
//! The writers are pure functions over documents already loaded in memory
//! ([`Document`]: where it comes from, its text, its annotations). They never
//! read the disk, and everything they cannot represent is returned as a
//! [`Problem`] for the caller to report — nothing is dropped silently.
//!
//! Offsets: [`Annotation::span`] is a byte range; every writer converts to
//! Unicode code points at the boundary (DESIGN.md §1).

pub mod brat;
pub mod conll;
pub mod csv;
pub mod import;
pub mod jsonl;
pub mod load;
pub mod split;
pub mod tmx;
pub mod tokenize;

use std::collections::HashMap;
use std::fmt;

use crate::annotation::{Annotation, Status};

/// Where a document comes from: what the exports say about it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DocInfo {
    /// Stable id of the document (unique in the corpus).
    pub id: String,
    /// Path relative to the corpus root, `/`-separated.
    pub path: String,
    /// BCP 47 language tag (`ar`, `en`) when known.
    pub language: Option<String>,
    /// `rtl` or `ltr` when known.
    pub direction: Option<String>,
    /// The layer exported (`gold` or an annotator) when an export carries
    /// layers (`--annotator` in a team, `--layers`); `None` otherwise.
    pub layer: Option<String>,
}

/// A document ready to export: its text and the annotations to write.
#[derive(Clone, Copy, Debug)]
pub struct Document<'a> {
    pub info: &'a DocInfo,
    pub text: &'a str,
    pub annotations: &'a [Annotation],
}

/// Something an export or import could not represent or accept, with the
/// place it concerns (`file:line:column` when there is one).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    /// The document or input file.
    pub file: String,
    /// 1-based line and column (in code points), when known.
    pub position: Option<(usize, usize)>,
    pub message: String,
    /// A format-inherent adjustment (a span widened to its tokens, an
    /// overlap resolved by the documented rule, a value rewritten the format
    /// can hold): the data was written, changed as the documentation says.
    /// Warnings do not make `export` exit 2 unless `--strict`; everything
    /// else is something asked for that was left out.
    pub warning: bool,
}

impl Problem {
    pub fn at(file: &str, position: (usize, usize), message: impl Into<String>) -> Self {
        Problem {
            file: file.to_string(),
            position: Some(position),
            message: message.into(),
            warning: false,
        }
    }

    pub fn in_file(file: &str, message: impl Into<String>) -> Self {
        Problem {
            file: file.to_string(),
            position: None,
            message: message.into(),
            warning: false,
        }
    }

    /// The same problem as a warning (see [`Problem::warning`]).
    pub fn warning(mut self) -> Self {
        self.warning = true;
        self
    }
}

impl fmt::Display for Problem {
    /// `file:line:column: message`, with control and bidi formatting
    /// characters shown as `\u{…}` escapes so text from a file never reaches
    /// the terminal raw.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let file = escape_invisible(&self.file);
        let message = escape_invisible(&self.message);
        match self.position {
            Some((line, col)) => write!(f, "{file}:{line}:{col}: {message}"),
            None => write!(f, "{file}: {message}"),
        }
    }
}

pub use crate::text::escape::{escape_invisible, quoted};

/// Which annotations go into an export.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Selection {
    /// Keep only these labels (empty: every label).
    pub labels: Vec<String>,
    /// Keep only these annotators' annotations (empty: everyone's).
    pub annotators: Vec<String>,
    /// The review statuses kept (`--status`).
    pub statuses: Statuses,
}

/// A set of review statuses (`--status accepted,suggested`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Statuses {
    pub accepted: bool,
    pub suggested: bool,
    pub rejected: bool,
}

impl Default for Statuses {
    /// Accepted annotations only.
    fn default() -> Self {
        Statuses {
            accepted: true,
            suggested: false,
            rejected: false,
        }
    }
}

impl Statuses {
    pub const ALL: Statuses = Statuses {
        accepted: true,
        suggested: true,
        rejected: true,
    };

    pub fn contains(&self, s: Status) -> bool {
        match s {
            Status::Accepted => self.accepted,
            Status::Suggested => self.suggested,
            Status::Rejected => self.rejected,
        }
    }

    /// Parse `accepted`, `suggested`, `rejected`, `all`, separated by commas.
    pub fn parse(list: &str) -> Result<Statuses, String> {
        let mut out = Statuses {
            accepted: false,
            suggested: false,
            rejected: false,
        };
        for name in list.split(',').map(str::trim) {
            match name {
                "all" => out = Statuses::ALL,
                other => match Status::parse(other) {
                    Some(s) => match s {
                        Status::Accepted => out.accepted = true,
                        Status::Suggested => out.suggested = true,
                        Status::Rejected => out.rejected = true,
                    },
                    None => {
                        return Err(format!(
                            "{} is not a status: use accepted, suggested, rejected or all, separated by commas",
                            quoted(other)
                        ));
                    }
                },
            }
        }
        Ok(out)
    }
}

impl Selection {
    /// Label and annotator filters only, whatever the status.
    pub fn matches(&self, a: &Annotation) -> bool {
        (self.labels.is_empty() || self.labels.contains(&a.label))
            && (self.annotators.is_empty() || self.annotators.contains(&a.annotator))
    }

    pub fn keeps(&self, a: &Annotation) -> bool {
        self.matches(a) && self.statuses.contains(a.status)
    }

    /// The kept annotations, sorted by start, then longer first, then id
    /// (the order every writer uses).
    pub fn apply(&self, annotations: &[Annotation]) -> Vec<Annotation> {
        self.apply_owned(annotations.to_vec())
    }

    /// [`Selection::apply`] on annotations the caller gives away.
    pub fn apply_owned(&self, mut annotations: Vec<Annotation>) -> Vec<Annotation> {
        annotations.retain(|a| self.keeps(a));
        sort_annotations(&mut annotations);
        annotations
    }
}

/// Sort by start, then longer first, then id: the order of every export.
pub fn sort_annotations(annotations: &mut [Annotation]) {
    annotations.sort_by(|a, b| {
        a.span
            .start
            .cmp(&b.span.start)
            .then(b.span.end.cmp(&a.span.end))
            .then_with(|| a.id.cmp(&b.id))
    });
}

/// The lowercase name of a status, as written in exports and sidecars.
pub fn status_name(s: Status) -> &'static str {
    match s {
        Status::Accepted => "accepted",
        Status::Suggested => "suggested",
        Status::Rejected => "rejected",
    }
}

/// A link target split into its document (None: the same document) and the
/// annotation id: `"id"` or `"other.txt#id"`.
pub fn split_target(target: &str) -> (Option<&str>, &str) {
    match target.rsplit_once('#') {
        Some((doc, id)) if !doc.is_empty() => (Some(doc), id),
        Some((_, id)) => (None, id),
        None => (None, target),
    }
}

/// Resolve a link's document part, written relative to the folder of the
/// document that holds the link, into a corpus-relative path. `..` and `.`
/// segments are folded; a path leaving the corpus gives `None`.
pub fn resolve_relative(from_doc: &str, target_doc: &str) -> Option<String> {
    let mut parts: Vec<&str> = from_doc.split('/').collect();
    parts.pop();
    for seg in target_doc.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            s => parts.push(s),
        }
    }
    Some(parts.join("/"))
}

/// Every annotation of an export, found by document path and id: what link
/// targets are resolved against (CSV speakers and translations, JSONL
/// relations). It keeps a small record per annotation, not the documents,
/// so that an export can stream its documents and still resolve links to
/// any of them: the id, and with [`Index::detailed`] the label, type and
/// quote.
#[derive(Debug, Default)]
pub struct Index {
    by_path: HashMap<Box<str>, usize>,
    docs: Vec<Indexed>,
    detailed: bool,
}

/// One document's annotations in an [`Index`]: their fields one after the
/// other in `text` (id, then with details label, type and quote), `ends`
/// giving where each field ends; sorted by id.
#[derive(Debug)]
struct Indexed {
    path: Box<str>,
    text: String,
    ends: Vec<u32>,
    group: usize,
}

/// An annotation a link resolves to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Target<'a> {
    /// The document's corpus-relative path.
    pub path: &'a str,
    pub id: &'a str,
    /// Label, type (empty: none) and quote; empty unless the index is
    /// [`Index::detailed`].
    pub label: &'a str,
    pub kind: &'a str,
    pub quote: &'a str,
}

impl Target<'_> {
    /// `quote` or `quote (TYPE)`, as CSV lists linked annotations.
    pub fn describe(&self) -> String {
        if self.kind.is_empty() {
            self.quote.to_string()
        } else {
            format!("{} ({})", self.quote, self.kind)
        }
    }
}

impl Index {
    /// An index of ids only (enough to tell whether a link target exists).
    pub fn ids() -> Self {
        Index::default()
    }

    /// An index that also keeps each annotation's label, type and quote.
    pub fn detailed() -> Self {
        Index {
            detailed: true,
            ..Index::default()
        }
    }

    /// The index of `docs` (with details).
    pub fn new(docs: &[Document<'_>]) -> Self {
        let mut index = Index::detailed();
        for d in docs {
            index.add(&d.info.path, d.annotations);
        }
        index
    }

    /// Add a document's annotations. A document added twice keeps the
    /// annotations of the last call.
    pub fn add(&mut self, path: &str, annotations: &[Annotation]) {
        let mut sorted: Vec<&Annotation> = annotations.iter().collect();
        sorted.sort_by(|a, b| a.id.cmp(&b.id));
        let mut text = String::new();
        let mut ends = Vec::with_capacity(sorted.len() * if self.detailed { 4 } else { 1 });
        for a in sorted {
            let fields: &[&str] = if self.detailed {
                &[
                    &a.id,
                    &a.label,
                    a.kind.as_deref().unwrap_or_default(),
                    &a.quote,
                ]
            } else {
                &[&a.id]
            };
            for f in fields {
                text.push_str(f);
                ends.push(u32::try_from(text.len()).unwrap_or(u32::MAX));
            }
        }
        text.shrink_to_fit();
        ends.shrink_to_fit();
        let doc = Indexed {
            path: path.into(),
            text,
            ends,
            group: 0,
        };
        match self.by_path.get(path) {
            Some(&i) => self.docs[i] = doc,
            None => {
                self.by_path.insert(path.into(), self.docs.len());
                self.docs.push(doc);
            }
        }
    }

    /// Put a document in a group: links from a document in the index
    /// resolve only to documents of its group (the parts of a split export
    /// are datasets of their own). Every document starts in group 0.
    pub fn set_group(&mut self, path: &str, group: usize) {
        if let Some(&i) = self.by_path.get(path) {
            self.docs[i].group = group;
        }
    }

    /// The annotation a link from the document at `from` (corpus-relative)
    /// points to. A document part is tried relative to the linking
    /// document's folder, then relative to the corpus root.
    pub fn resolve(&self, from: &str, target: &str) -> Option<Target<'_>> {
        let (doc, id) = split_target(target);
        let doc_index = match doc {
            None => *self.by_path.get(from)?,
            Some(d) => resolve_relative(from, d)
                .and_then(|p| self.by_path.get(p.as_str()).copied())
                .or_else(|| self.by_path.get(d).copied())?,
        };
        let doc = self.docs.get(doc_index)?;
        if let Some(&f) = self.by_path.get(from)
            && self.docs[f].group != doc.group
        {
            return None;
        }
        let width = if self.detailed { 4 } else { 1 };
        let field = |k: usize| -> &str {
            let start = if k == 0 { 0 } else { doc.ends[k - 1] as usize };
            doc.text
                .get(start..doc.ends[k] as usize)
                .unwrap_or_default()
        };
        let n = doc.ends.len() / width;
        // Binary search over the sorted ids.
        let (mut lo, mut hi) = (0, n);
        while lo < hi {
            let mid = (lo + hi) / 2;
            match field(mid * width).cmp(id) {
                std::cmp::Ordering::Less => lo = mid + 1,
                std::cmp::Ordering::Greater => hi = mid,
                std::cmp::Ordering::Equal => {
                    let k = mid * width;
                    let (label, kind, quote) = if self.detailed {
                        (field(k + 1), field(k + 2), field(k + 3))
                    } else {
                        ("", "", "")
                    };
                    return Some(Target {
                        path: &doc.path,
                        id: field(k),
                        label,
                        kind,
                        quote,
                    });
                }
            }
        }
        None
    }
}

#[cfg(test)]
pub(crate) mod testing {
    //! Builders shared by the writers' unit tests.
    use super::*;
    use std::collections::BTreeMap;

    pub fn info(path: &str, lang: &str) -> DocInfo {
        DocInfo {
            id: path.trim_end_matches(".txt").to_string(),
            path: path.to_string(),
            language: Some(lang.to_string()),
            direction: Some(if lang == "ar" { "rtl" } else { "ltr" }.to_string()),
            layer: None,
        }
    }

    /// An annotation over the first occurrence of `quote` in `text`
    /// (panics in tests only when the quote is missing).
    pub fn ann(text: &str, id: &str, label: &str, kind: Option<&str>, quote: &str) -> Annotation {
        let start = text
            .find(quote)
            .unwrap_or_else(|| panic!("{quote:?} not in text"));
        Annotation {
            id: id.to_string(),
            label: label.to_string(),
            kind: kind.map(str::to_string),
            span: start..start + quote.len(),
            quote: quote.to_string(),
            annotator: "rania".to_string(),
            created: "2026-11-20T10:00:00Z".to_string(),
            modified: "2026-11-20T10:00:00Z".to_string(),
            note: None,
            attrs: BTreeMap::new(),
            status: Status::Accepted,
            links: Vec::new(),
            review: None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::testing::*;
    use super::*;
    use crate::annotation::Link;

    #[test]
    fn problems_never_carry_raw_control_characters() {
        let p = Problem::at(
            "a\u{1b}.txt",
            (2, 3),
            format!("text {}", quoted("مَ\u{1b}[31m\u{202e}\"x\\")),
        );
        assert_eq!(
            p.to_string(),
            r#"a\u{1b}.txt:2:3: text "مَ\u{1b}[31m\u{202e}\"x\\""#
        );
    }

    #[test]
    fn selection_filters_label_annotator_and_status() {
        let text = "Macron met Netanyahu";
        let mut a = ann(text, "a", "entity", Some("PER"), "Macron");
        let b = ann(text, "b", "claim", None, "met");
        let mut c = ann(text, "c", "entity", Some("PER"), "Netanyahu");
        c.status = Status::Suggested;
        a.annotator = "omar".into();
        let all = [c.clone(), b.clone(), a.clone()];
        let ids = |s: &Selection| s.apply(&all).into_iter().map(|x| x.id).collect::<Vec<_>>();
        assert_eq!(ids(&Selection::default()), ["a", "b"]);
        let s = Selection {
            statuses: Statuses::ALL,
            ..Selection::default()
        };
        assert_eq!(ids(&s), ["a", "b", "c"]);
        let s = Selection {
            labels: vec!["entity".into()],
            statuses: Statuses::ALL,
            ..Selection::default()
        };
        assert_eq!(ids(&s), ["a", "c"]);
        let s = Selection {
            statuses: Statuses::parse("suggested").expect("a status"),
            ..Selection::default()
        };
        assert_eq!(ids(&s), ["c"]);
        assert_eq!(
            Statuses::parse("accepted,suggested,rejected"),
            Ok(Statuses::ALL)
        );
        assert_eq!(Statuses::parse("accepted"), Ok(Statuses::default()));
        assert!(Statuses::parse("accepted,maybe").is_err());
        let s = Selection {
            annotators: vec!["rania".into()],
            ..Selection::default()
        };
        assert_eq!(ids(&s), ["b"]);
    }

    #[test]
    fn link_targets_resolve_within_and_across_documents() {
        assert_eq!(split_target("abc"), (None, "abc"));
        assert_eq!(split_target("en/x.txt#abc"), (Some("en/x.txt"), "abc"));
        assert_eq!(
            resolve_relative("ar/a.txt", "../en/b.txt").as_deref(),
            Some("en/b.txt")
        );
        assert_eq!(resolve_relative("a.txt", "b.txt").as_deref(), Some("b.txt"));
        assert_eq!(resolve_relative("a.txt", "../b.txt"), None);

        let (ta, tb) = ("خمسة آلاف", "five thousand");
        let ia = info("ar/a.txt", "ar");
        let ib = info("en/b.txt", "en");
        let mut x = ann(ta, "x", "figure", None, "خمسة آلاف");
        x.links.push(Link {
            target: "../en/b.txt#y".into(),
            kind: "translation".into(),
        });
        let y = ann(tb, "y", "figure", None, "five thousand");
        let (xs, ys) = ([x], [y]);
        let docs = [
            Document {
                info: &ia,
                text: ta,
                annotations: &xs,
            },
            Document {
                info: &ib,
                text: tb,
                annotations: &ys,
            },
        ];
        let index = Index::new(&docs);
        let t = index.resolve(&ia.path, "../en/b.txt#y").expect("resolves");
        assert_eq!(
            (t.path, t.id, t.label, t.kind, t.quote),
            ("en/b.txt", "y", "figure", "", "five thousand")
        );
        // Root-relative also works; unknown ids do not.
        assert!(index.resolve(&ia.path, "en/b.txt#y").is_some());
        assert!(index.resolve(&ia.path, "en/b.txt#zz").is_none());
        assert!(index.resolve(&ia.path, "x").is_some());
        assert!(index.resolve(&ia.path, "y").is_none());
        // An index of ids finds the same targets, without details.
        let mut ids = Index::ids();
        ids.add(&ib.path, &ys);
        let t = ids.resolve(&ia.path, "../en/b.txt#y").expect("resolves");
        assert_eq!((t.path, t.id, t.quote), ("en/b.txt", "y", ""));
        assert!(ids.resolve(&ia.path, "../en/b.txt#x").is_none());
        // Many ids, added in any order, are each found.
        let many: Vec<Annotation> = ["k", "b", "x", "a", "q", "c"]
            .iter()
            .map(|id| ann(tb, id, "figure", None, "five"))
            .collect();
        let mut ids = Index::ids();
        ids.add("m.txt", &many);
        for a in &many {
            assert_eq!(
                ids.resolve("m.txt", &a.id).map(|t| t.id),
                Some(a.id.as_str())
            );
        }
        for missing in ["", "0", "d", "z"] {
            assert!(ids.resolve("m.txt", missing).is_none(), "{missing}");
        }
        // Documents in different groups do not see each other.
        let mut index = Index::new(&docs);
        index.set_group("en/b.txt", 1);
        assert!(index.resolve(&ia.path, "../en/b.txt#y").is_none());
        assert!(index.resolve(&ia.path, "x").is_some());
        index.set_group("ar/a.txt", 1);
        assert!(index.resolve(&ia.path, "../en/b.txt#y").is_some());
    }
}
