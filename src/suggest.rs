//! Suggestions: figures found automatically, entities propagated, claim
//! candidates.
//!
//! - [`fold`]: Arabic-aware folding with a map back to original offsets
//!   (also used by the reader's search);
//! - [`figures`]: the figure detector and number normalization;
//! - [`entities`]: Arabic-aware name matching (clitics, folding, word
//!   boundaries);
//! - [`gazetteer`]: the corpus's `gazetteer.toml`;
//! - [`claims`]: quotations and reported speech with a speaker;
//! - [`suggest_document`]: all of the above as annotations with status
//!   [`Status::Suggested`], minus what exists or was rejected before.
//!
//! The formats and rules are documented in `docs/SUGGEST.md`.

pub mod claims;
pub mod entities;
pub(crate) mod fasthash;
pub mod figures;
pub mod fold;
pub mod gazetteer;

use std::collections::{BTreeMap, HashSet};

use fasthash::FastMap;
use std::ops::Range;

use crate::annotation::{Annotation, Status, attr, new_id};
use entities::{Matcher, Name};

/// Label names suggestions are made for.
pub const FIGURE: &str = "figure";
pub const ENTITY: &str = "entity";
pub const CLAIM: &str = "claim";

/// Attribute holding a figure's kind (`number`, `percent`, `money`,
/// `quantity`, `year`, `date`).
pub const ATTR_FIGURE_KIND: &str = "figure";

/// What to suggest and how to stamp it.
#[derive(Clone, Debug)]
pub struct Options {
    pub figures: bool,
    pub entities: bool,
    pub claims: bool,
    /// Recorded as the suggestions' annotator (e.g. `hashiya-suggest`).
    pub annotator: String,
    /// RFC 3339 time stamped on the suggestions.
    pub now: String,
    /// Type given to entity suggestions whose name has none (e.g. a
    /// capitalized speaker name); `None` leaves them untyped.
    pub default_entity_kind: Option<String>,
}

impl Default for Options {
    fn default() -> Options {
        Options {
            figures: true,
            entities: true,
            claims: true,
            annotator: "hashiya-suggest".to_string(),
            now: crate::annotation::now_rfc3339(),
            default_entity_kind: None,
        }
    }
}

impl Options {
    /// Only entity propagation: what the reader runs right after the user
    /// tags a name, to suggest its other occurrences.
    pub fn entities_only() -> Options {
        Options {
            figures: false,
            claims: false,
            ..Options::default()
        }
    }
}

/// The entity names to propagate from annotations (of this document or of
/// the whole corpus): accepted entity annotations, one name per distinct
/// folded text.
pub fn names_from_annotations<'a>(anns: impl IntoIterator<Item = &'a Annotation>) -> Vec<Name> {
    let mut seen = HashSet::new();
    let mut out = Vec::new();
    for a in anns {
        if a.label == ENTITY && a.status == Status::Accepted && seen.insert(fold::fold(&a.quote)) {
            out.push(Name {
                text: a.quote.clone(),
                kind: a.kind.clone(),
            });
        }
    }
    out
}

/// What the reader suggests right after a person tags a name as an entity:
/// the name's other occurrences in `text` (Arabic-aware matching,
/// [`entities::find_occurrences`]), as suggested entity annotations of type
/// `kind` made by `suggester`, with ids fresh in `existing`. An occurrence
/// counts only inside one of `blocks` (paragraphs), and only where it meets
/// no entity annotation of any status: a rejected suggestion is not made
/// again, an existing tag is not doubled, and `span` itself (the tag) is
/// left out.
pub fn propagate_name(
    text: &str,
    blocks: &[Range<usize>],
    existing: &crate::annotation::AnnotationSet,
    span: &Range<usize>,
    kind: Option<&str>,
    suggester: &str,
    now: &str,
) -> Vec<Annotation> {
    let Some(name) = text.get(span.clone()).filter(|n| !n.trim().is_empty()) else {
        return Vec::new();
    };
    let meets = |a: &Range<usize>, b: &Range<usize>| a.start < b.end && b.start < a.end;
    let mut taken: Vec<Range<usize>> = existing
        .iter()
        .filter(|a| a.label == ENTITY)
        .map(|a| a.span.clone())
        .collect();
    taken.push(span.clone());
    let mut ids = HashSet::new();
    let mut out = Vec::new();
    for occ in entities::find_occurrences(text, name) {
        let one_block = blocks
            .iter()
            .any(|b| b.start <= occ.start && occ.end <= b.end);
        if !one_block || taken.iter().any(|t| meets(t, &occ)) {
            continue;
        }
        taken.push(occ.clone());
        let id = loop {
            let id = existing.new_id();
            if ids.insert(id.clone()) {
                break id;
            }
        };
        out.push(Annotation {
            id,
            label: ENTITY.to_string(),
            kind: kind.map(str::to_string),
            quote: text.get(occ.clone()).unwrap_or("").to_string(),
            span: occ,
            annotator: suggester.to_string(),
            created: now.to_string(),
            modified: now.to_string(),
            note: None,
            attrs: BTreeMap::new(),
            status: Status::Suggested,
            links: Vec::new(),
            review: None,
        });
    }
    out
}

/// Spans per label, to test overlaps quickly.
#[derive(Default)]
struct SpanIndex {
    /// label → start → the largest end among spans with that start.
    starts: FastMap<String, BTreeMap<usize, usize>>,
    /// label → longest span length.
    longest: FastMap<String, usize>,
}

impl SpanIndex {
    fn insert(&mut self, label: &str, span: &Range<usize>) {
        let ends = self.starts.entry(label.to_string()).or_default();
        let end = ends.entry(span.start).or_insert(span.end);
        *end = (*end).max(span.end);
        let longest = self.longest.entry(label.to_string()).or_default();
        *longest = (*longest).max(span.len());
    }

    fn overlaps(&self, label: &str, span: &Range<usize>) -> bool {
        let (Some(ends), Some(&longest)) = (self.starts.get(label), self.longest.get(label)) else {
            return false;
        };
        ends.range(span.start.saturating_sub(longest)..span.end)
            .any(|(&s, &e)| s < span.end && span.start < e)
    }
}

/// Do two suggestions have the same kind, for "accept all of this kind in
/// the document": the same label, entity type and figure kind (a figure's
/// kind is its `figure` attribute).
pub fn same_kind(a: &Annotation, b: &Annotation) -> bool {
    a.label == b.label
        && a.kind == b.kind
        && a.attrs.get(ATTR_FIGURE_KIND) == b.attrs.get(ATTR_FIGURE_KIND)
}

struct Builder<'a> {
    text: &'a str,
    opts: &'a Options,
    /// `(label, span)` of every existing annotation, whatever its status:
    /// never suggested again (no duplicates; rejected ones stay rejected).
    blocked: HashSet<(String, Range<usize>)>,
    /// Spans of live (not rejected) annotations, for overlaps.
    live: SpanIndex,
    ids: HashSet<String>,
    seed: u64,
    out: Vec<Annotation>,
}

impl Builder<'_> {
    fn free(&self, label: &str, span: &Range<usize>) -> bool {
        !self.blocked.contains(&(label.to_string(), span.clone()))
            && !self.live.overlaps(label, span)
    }

    /// A fresh id in the annotation id format (10 base32 characters): a
    /// splitmix64 stream seeded from the system's random source, so that a
    /// run with thousands of suggestions does not make thousands of
    /// system calls.
    fn fresh_id(&mut self) -> String {
        loop {
            self.seed = self.seed.wrapping_add(0x9E37_79B9_7F4A_7C15);
            let mut x = self.seed;
            x = (x ^ (x >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
            x = (x ^ (x >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
            x ^= x >> 31;
            let id = crate::annotation::id_from_bits(x);
            if self.ids.insert(id.clone()) {
                return id;
            }
        }
    }

    /// Add a suggestion and return its id.
    fn push(
        &mut self,
        label: &str,
        kind: Option<String>,
        span: Range<usize>,
        attrs: BTreeMap<String, String>,
    ) -> String {
        let id = self.fresh_id();
        self.out.push(Annotation {
            id: id.clone(),
            label: label.to_string(),
            kind,
            quote: self.text.get(span.clone()).unwrap_or("").to_string(),
            span: span.clone(),
            annotator: self.opts.annotator.clone(),
            created: self.opts.now.clone(),
            modified: self.opts.now.clone(),
            note: None,
            attrs,
            status: Status::Suggested,
            links: Vec::new(),
            review: None,
        });
        self.live.insert(label, &span);
        id
    }
}

/// 64 random bits from the system (through the annotation id generator).
fn random_seed() -> u64 {
    let mut seed = 0u64;
    for c in new_id().bytes().chain(new_id().bytes()) {
        seed = seed.rotate_left(5) ^ u64::from(c);
        seed = seed.wrapping_mul(0x0100_0000_01b3);
    }
    seed
}

/// Suggestions for one document: figures, entity occurrences (of this
/// document's accepted entity annotations and of `names`, a matcher built
/// once for the corpus from its gazetteer and its accepted entities) and
/// claims with speakers. Every returned annotation
/// has status [`Status::Suggested`] and a fresh id not used in `existing`.
/// Nothing is suggested at a span where `existing` already has an
/// annotation with the same label (of any status: a rejected suggestion is
/// not made again), or overlapping a live annotation with the same label.
pub fn suggest_document(
    text: &str,
    existing: &[Annotation],
    names: &Matcher,
    opts: &Options,
) -> Vec<Annotation> {
    let mut b = Builder {
        text,
        opts,
        blocked: existing
            .iter()
            .map(|a| (a.label.clone(), a.span.clone()))
            .collect(),
        live: SpanIndex::default(),
        ids: existing.iter().map(|a| a.id.clone()).collect(),
        seed: random_seed(),
        out: Vec::new(),
    };

    for a in existing.iter().filter(|a| a.status != Status::Rejected) {
        b.live.insert(&a.label, &a.span);
    }

    // One folded copy of the text serves figures and entities.
    let folded = fold::Folded::new(text);
    if opts.figures {
        for f in figures::detect_folded(text, &folded) {
            if !b.free(FIGURE, &f.span) {
                continue;
            }
            let mut attrs = BTreeMap::new();
            attrs.insert(attr::VALUE.to_string(), f.value);
            if let Some(u) = f.unit {
                attrs.insert(attr::UNIT.to_string(), u);
            }
            attrs.insert(ATTR_FIGURE_KIND.to_string(), f.kind.name().to_string());
            b.push(FIGURE, None, f.span, attrs);
        }
    }

    // Entity spans (with annotation ids) known to this document, for
    // speakers: live entity annotations first.
    let mut entity_spans: Vec<(Range<usize>, Option<String>)> = existing
        .iter()
        .filter(|a| a.label == ENTITY && a.status != Status::Rejected)
        .map(|a| (a.span.clone(), Some(a.id.clone())))
        .collect();

    if opts.entities {
        // The document's own names come first: of two names with the same
        // words, its own type wins.
        let own = Matcher::new(names_from_annotations(existing));
        let matchers = [&own, names];
        for (m, occ) in entities::find_any(&matchers, text, &folded) {
            if !b.free(ENTITY, &occ.span) {
                continue;
            }
            let kind = matchers[m].names()[occ.name]
                .kind
                .clone()
                .or_else(|| opts.default_entity_kind.clone());
            let id = b.push(ENTITY, kind, occ.span.clone(), BTreeMap::new());
            entity_spans.push((occ.span, Some(id)));
        }
    }

    if opts.claims {
        // Live entity annotations and suggestions are all in `b.live`.
        // Capitalized names typed by their context (a title, `… Party`)
        // are suggested as entities; the others only when they speak.
        let mut cap_kinds: Vec<Option<&'static str>> = vec![None; entity_spans.len()];
        for name in claims::capitalized_entities(text) {
            if b.live.overlaps(ENTITY, &name.span) {
                continue;
            }
            let id = match name.kind {
                Some(kind) if opts.entities && b.free(ENTITY, &name.span) => Some(b.push(
                    ENTITY,
                    Some(kind.to_string()),
                    name.span.clone(),
                    BTreeMap::new(),
                )),
                _ => None,
            };
            entity_spans.push((name.span, id));
            cap_kinds.push(name.kind);
        }
        let spans: Vec<Range<usize>> = entity_spans.iter().map(|(s, _)| s.clone()).collect();
        for claim in claims::detect(text, &spans) {
            if !b.free(CLAIM, &claim.span) {
                continue;
            }
            let mut attrs = BTreeMap::new();
            if let Some(k) = claim.speaker {
                let (span, id) = entity_spans[k].clone();
                let id = match id {
                    Some(id) => Some(id),
                    // A capitalized name: suggest it as an entity too, so
                    // the speaker attribute points at an annotation.
                    None if opts.entities && b.free(ENTITY, &span) => {
                        let kind = cap_kinds[k]
                            .map(str::to_string)
                            .or_else(|| opts.default_entity_kind.clone());
                        let id = b.push(ENTITY, kind, span.clone(), BTreeMap::new());
                        entity_spans[k].1 = Some(id.clone());
                        Some(id)
                    }
                    None => None,
                };
                if let Some(id) = id {
                    attrs.insert(attr::SPEAKER.to_string(), id);
                }
            }
            b.push(CLAIM, None, claim.span, attrs);
        }
    }

    let mut out = b.out;
    out.sort_by(|x, y| {
        (x.span.start, x.span.end, &x.label).cmp(&(y.span.start, y.span.end, &y.label))
    });
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ann(label: &str, text: &str, quote: &str, status: Status) -> Annotation {
        let start = text.find(quote).unwrap_or(0);
        Annotation {
            id: new_id(),
            label: label.into(),
            kind: (label == ENTITY).then(|| "ORG".to_string()),
            span: start..start + quote.len(),
            quote: quote.into(),
            annotator: "t".into(),
            created: "2026-01-01T00:00:00Z".into(),
            modified: "2026-01-01T00:00:00Z".into(),
            note: None,
            attrs: BTreeMap::new(),
            status,
            links: Vec::new(),
            review: None,
        }
    }

    const TEXT: &str =
        "قال ماكرون إن التحالف ضد داعش يجب أن يحارب حماس. وقتل 1400 شخص في 7 أكتوبر، ودعم لحماس.";

    fn quotes(v: &[Annotation], label: &str) -> Vec<String> {
        v.iter()
            .filter(|a| a.label == label)
            .map(|a| a.quote.clone())
            .collect()
    }

    #[test]
    fn figures_entities_and_claims_are_suggested() {
        let existing = [ann(ENTITY, TEXT, "حماس", Status::Accepted)];
        let names = [
            Name {
                text: "إيمانويل ماكرون".into(),
                kind: Some("PER".into()),
            },
            Name {
                text: "ماكرون".into(),
                kind: Some("PER".into()),
            },
        ];
        let got = suggest_document(
            TEXT,
            &existing,
            &Matcher::new(names.to_vec()),
            &Options::default(),
        );
        assert!(got.iter().all(|a| a.status == Status::Suggested));
        assert_eq!(quotes(&got, FIGURE), ["1400 شخص", "7 أكتوبر"]);
        let fig = got.iter().find(|a| a.quote == "1400 شخص").expect("figure");
        assert_eq!(fig.attrs.get(attr::VALUE).map(String::as_str), Some("1400"));
        assert_eq!(fig.attrs.get(attr::UNIT).map(String::as_str), Some("شخص"));
        // `حماس` is tagged once; its other occurrence (`لحماس`) is suggested.
        assert_eq!(quotes(&got, ENTITY), ["ماكرون", "حماس"]);
        let claim = got.iter().find(|a| a.label == CLAIM).expect("claim");
        assert_eq!(claim.quote, "التحالف ضد داعش يجب أن يحارب حماس");
        let macron = got.iter().find(|a| a.quote == "ماكرون").expect("entity");
        assert_eq!(claim.attrs.get(attr::SPEAKER), Some(&macron.id));
        for a in &got {
            assert_eq!(TEXT.get(a.span.clone()), Some(a.quote.as_str()));
        }
    }

    #[test]
    fn ids_are_fresh_and_well_formed() {
        let got = suggest_document(TEXT, &[], &Matcher::default(), &Options::default());
        let ids: HashSet<&str> = got.iter().map(|a| a.id.as_str()).collect();
        assert_eq!(ids.len(), got.len());
        for id in ids {
            assert_eq!(id.len(), 10);
            assert!(
                id.bytes()
                    .all(|b| b"0123456789abcdefghjkmnpqrstvwxyz".contains(&b)),
                "{id}"
            );
        }
    }

    #[test]
    fn same_kind_compares_label_type_and_figure_kind() {
        let got = suggest_document(TEXT, &[], &Matcher::default(), &Options::default());
        let figs: Vec<&Annotation> = got.iter().filter(|a| a.label == FIGURE).collect();
        assert_eq!(figs.len(), 2);
        let (q, d) = (figs[0], figs[1]);
        assert_eq!(q.quote, "1400 شخص");
        assert_eq!(d.quote, "7 أكتوبر");
        assert!(same_kind(q, q));
        assert!(!same_kind(q, d), "a quantity and a date differ");
    }

    #[test]
    fn entities_only_after_a_tag() {
        let existing = [ann(ENTITY, TEXT, "حماس", Status::Accepted)];
        let got = suggest_document(
            TEXT,
            &existing,
            &Matcher::default(),
            &Options::entities_only(),
        );
        assert_eq!(quotes(&got, ENTITY), ["حماس"]);
        assert_eq!(got.len(), 1);
        assert_eq!(got[0].kind.as_deref(), Some("ORG"));
    }

    #[test]
    fn rejected_and_existing_are_not_suggested_again() {
        let existing = [
            ann(FIGURE, TEXT, "1400 شخص", Status::Rejected),
            ann(FIGURE, TEXT, "7 أكتوبر", Status::Accepted),
        ];
        let got = suggest_document(TEXT, &existing, &Matcher::default(), &Options::default());
        assert!(
            quotes(&got, FIGURE).is_empty(),
            "{:?}",
            quotes(&got, FIGURE)
        );
        let ids: HashSet<&String> = existing.iter().map(|a| &a.id).collect();
        assert!(got.iter().all(|a| !ids.contains(&a.id)));
    }

    #[test]
    fn rejected_entity_occurrence_stays_rejected() {
        let text = "حماس وحماس";
        let mut existing = vec![ann(ENTITY, text, "حماس", Status::Accepted)];
        let mut rejected = ann(ENTITY, text, "حماس", Status::Rejected);
        let start = text.rfind("حماس").unwrap_or(0);
        rejected.span = start..start + "حماس".len();
        existing.push(rejected);
        let got = suggest_document(text, &existing, &Matcher::default(), &Options::default());
        assert!(quotes(&got, ENTITY).is_empty());
    }
}
