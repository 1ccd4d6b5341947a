//! Checking parsed records against the document: offsets, quotes, ids,
//! labels, links; re-anchoring when the document changed.

use std::collections::{HashMap, HashSet};
use std::fmt::Write as _;
use std::ops::Range;

use unicode_segmentation::GraphemeCursor;

use super::anchor::{Anchor, reanchor};
use super::format::{Record, SidecarDoc};
use super::offsets::OffsetMap;
use super::{Orphan, Problem, ProblemKind, sha256_hex};
use crate::annotation::AnnotationSet;
use crate::corpus::LabelSet;
use crate::text::escape::quoted;

/// A sidecar resolved against its document.
#[derive(Debug)]
pub(crate) struct Resolved {
    pub set: AnnotationSet,
    /// Orphans with everything needed to write them back.
    pub orphans: Vec<(Record<'static>, Orphan)>,
    /// Problems with byte positions in the sidecar text.
    pub problems: Vec<(Range<usize>, Problem)>,
    /// Unknown keys of live annotations and their links, by id (only for
    /// annotations that have some).
    pub extras: HashMap<String, Extras>,
    /// The document's hash differs from the recorded one.
    pub drift: bool,
}

/// Keys of an annotation and of its links that this version does not know.
#[derive(Clone, Debug, Default, PartialEq)]
pub(crate) struct Extras {
    pub table: toml::Table,
    pub links: Vec<(crate::annotation::Link, toml::Table)>,
}

impl Extras {
    fn of(r: &Record<'_>) -> Option<Extras> {
        let links: Vec<_> = r
            .annotation
            .links
            .iter()
            .zip(&r.link_extras)
            .filter(|(_, t)| !t.is_empty())
            .map(|(l, t)| (l.clone(), t.clone()))
            .collect();
        (!r.extras.is_empty() || !links.is_empty()).then(|| Extras {
            table: r.extras.clone(),
            links,
        })
    }
}

/// A short, escaped preview of quoted text for messages.
pub fn preview(s: &str) -> String {
    let mut p: String = s.chars().take(40).collect();
    if p.len() < s.len() {
        p.push('…');
    }
    quoted(&p)
}

/// Is byte `at` of `text` between two grapheme clusters (not between a
/// letter and its marks, nor inside CR LF)?
pub(crate) fn is_boundary(text: &str, at: usize) -> bool {
    GraphemeCursor::new(at, text.len(), true)
        .is_boundary(text, 0)
        .unwrap_or(true)
}

pub(crate) fn resolve(doc: SidecarDoc<'_>, text: &str, labels: &LabelSet) -> Resolved {
    resolve_indexed(doc, text, labels, &TextIndex::new(text))
}

/// What resolving needs of a document's text, worked out once for every
/// sidecar of that text (the layers of one document).
#[derive(Clone, Debug)]
pub struct TextIndex {
    map: OffsetMap,
    sha256: String,
}

impl TextIndex {
    pub fn new(text: &str) -> TextIndex {
        TextIndex {
            map: OffsetMap::new(text),
            sha256: sha256_hex(text.as_bytes()),
        }
    }
}

/// [`resolve`] with the text's index made already (`index` must be of
/// `text`).
pub(crate) fn resolve_indexed(
    doc: SidecarDoc<'_>,
    text: &str,
    labels: &LabelSet,
    index: &TextIndex,
) -> Resolved {
    let map = &index.map;
    let chars = map.chars() as i64;
    let drift = doc.sha256 != index.sha256;
    let mut problems = Vec::new();
    // Anchored annotations: the index of their record and their span.
    let mut live: Vec<(usize, Range<usize>)> = Vec::new();
    let mut orphans = Vec::new();
    let mut extras = HashMap::new();
    let mut first_use: HashSet<&str> = HashSet::with_capacity(doc.records.len());
    let (mut in_place, mut moved, mut lost) = (0usize, 0usize, 0usize);
    // How far the last annotation found again moved (code points): the
    // best guess for the next one.
    let mut shift: i64 = 0;

    let mut problem = |pos: Range<usize>, id: &str, kind, message: String| {
        problems.push((
            pos,
            Problem {
                line: 0,
                column: 0,
                id: (!id.is_empty()).then(|| id.to_string()),
                kind,
                message,
            },
        ));
    };

    for (ri, r) in doc.records.iter().enumerate() {
        let a = &r.annotation;
        let id = a.id.as_str();
        if !labels.allows(&a.label, a.kind.as_deref()) {
            let what = match &a.kind {
                Some(k) => format!("label {} with type {}", quoted(&a.label), quoted(k)),
                None if labels.get(&a.label).is_some_and(|d| !d.types.is_empty()) => {
                    format!("label {} without a type", quoted(&a.label))
                }
                None => format!("label {}", quoted(&a.label)),
            };
            let field = if a.kind.is_some() && labels.get(&a.label).is_some() {
                "kind"
            } else {
                "label"
            };
            problem(
                r.pos.of(field),
                id,
                ProblemKind::UnknownLabel,
                format!("annotation {id}: {what} is not in the corpus label set"),
            );
        }

        if first_use.contains(id) {
            problem(
                r.pos.of("id"),
                id,
                ProblemKind::DuplicateId,
                format!(
                    "duplicate id {}; this annotation is kept as written and not loaded",
                    quoted(id)
                ),
            );
            orphans.push((
                r.clone().into_owned(),
                Orphan {
                    annotation: a.clone(),
                    start: r.start,
                    end: r.end,
                    line: 0,
                    reason: format!("duplicate id {}", quoted(id)),
                    duplicate: true,
                },
            ));
            continue;
        }
        first_use.insert(id);

        let in_range = 0 <= r.start && r.start < r.end && r.end <= chars;
        let old = in_range
            .then(|| {
                let s = map.byte_of(text, r.start as usize)?;
                let e = map.byte_of(text, r.end as usize)?;
                Some(s..e)
            })
            .flatten();

        // The offsets and quote as written, when the document is the one the
        // sidecar was written for.
        let mut note = None;
        if !drift && !r.orphan {
            match &old {
                None => {
                    let why = if r.start < 0 || r.end < 0 {
                        "offsets must not be negative".to_string()
                    } else if r.start >= r.end {
                        "start must be less than end".to_string()
                    } else {
                        format!("past the end of the document ({chars} characters)")
                    };
                    note = Some((
                        r.pos.of(if r.start < 0 || r.start > chars {
                            "start"
                        } else {
                            "end"
                        }),
                        ProblemKind::BadOffsets,
                        format!("annotation {id}: span {}..{}: {why}", r.start, r.end),
                    ));
                }
                Some(span) => {
                    let there = text.get(span.clone()).unwrap_or("");
                    if there == a.quote {
                        for (field, at) in [("start", span.start), ("end", span.end)] {
                            if !is_boundary(text, at) {
                                problem(
                                    r.pos.of(field),
                                    id,
                                    ProblemKind::InsideCharacter,
                                    format!(
                                        "annotation {id}: {field} {} falls inside a character (between a letter and its marks, or inside CR LF)",
                                        if field == "start" { r.start } else { r.end }
                                    ),
                                );
                            }
                        }
                        if let Some(x) = Extras::of(r) {
                            extras.insert(id.to_string(), x);
                        }
                        live.push((ri, span.clone()));
                        continue;
                    }
                    note = Some((
                        r.pos.of("quote"),
                        ProblemKind::QuoteMismatch,
                        format!(
                            "annotation {id}: quote {} does not match the document text {} at {}..{}",
                            preview(&a.quote),
                            preview(there),
                            r.start,
                            r.end
                        ),
                    ));
                }
            }
        }

        // Find it again from its quote and context.
        let byte_at = |cp: i64| map.byte_of(text, cp.clamp(0, chars) as usize).unwrap_or(0);
        let old_byte = byte_at(r.start);
        let guess = byte_at(r.start.saturating_add(shift));
        match reanchor(text, &a.quote, &r.before, &r.after, old_byte, guess) {
            Anchor::Found(span) => {
                let new_start = map.cp_of(text, span.start).unwrap_or(0);
                let new_end = map.cp_of(text, span.end).unwrap_or(0);
                if !r.orphan && r.start >= 0 {
                    shift = new_start as i64 - r.start;
                }
                let same = !r.orphan && new_start as i64 == r.start && new_end as i64 == r.end;
                if let Some((pos, kind, mut msg)) = note {
                    let _ = write!(msg, "; its quote is at {new_start}..{new_end}");
                    problem(pos, id, kind, msg);
                } else if same {
                    in_place += 1;
                } else {
                    moved += 1;
                    let from = if r.orphan {
                        "was an orphan".to_string()
                    } else {
                        format!("{}..{}", r.start, r.end)
                    };
                    problem(
                        r.pos.of("start"),
                        id,
                        ProblemKind::Moved,
                        format!(
                            "annotation {id} {}: {from} -> {new_start}..{new_end}",
                            preview(&a.quote)
                        ),
                    );
                }
                if let Some(x) = Extras::of(r) {
                    extras.insert(id.to_string(), x);
                }
                live.push((ri, span));
            }
            Anchor::Orphan => {
                lost += 1;
                let msg = if let Some((pos, kind, mut msg)) = note {
                    msg.push_str("; its quote is not in the document: kept as an orphan");
                    problem(pos, id, kind, msg.clone());
                    msg
                } else {
                    let msg = format!(
                        "annotation {id} {}: not found in the document; kept as an orphan",
                        preview(&a.quote)
                    );
                    problem(r.pos.of("quote"), id, ProblemKind::Orphan, msg.clone());
                    msg
                };
                let mut record = r.clone().into_owned();
                record.orphan = true;
                orphans.push((
                    record,
                    Orphan {
                        annotation: a.clone(),
                        start: r.start,
                        end: r.end,
                        line: 0,
                        reason: msg,
                        duplicate: false,
                    },
                ));
            }
        }
    }

    // Links inside this document.
    for r in &doc.records {
        for l in &r.annotation.links {
            let (other, target) = l.split_target();
            if other.is_empty() && !first_use.contains(target) {
                problem(
                    r.pos.of("links"),
                    &r.annotation.id,
                    ProblemKind::DanglingLink,
                    format!(
                        "annotation {}: link ({}) to {}: no annotation with that id in this sidecar",
                        r.annotation.id,
                        l.kind,
                        quoted(target)
                    ),
                );
            }
        }
    }

    // A claim's speaker: the id of an annotation in this document.
    for r in &doc.records {
        if let Some(speaker) = r.annotation.attrs.get("speaker")
            && !first_use.contains(speaker.as_str())
        {
            problem(
                r.pos.of("attrs"),
                &r.annotation.id,
                ProblemKind::DanglingLink,
                format!(
                    "annotation {}: attrs.speaker {}: no annotation with that id in this sidecar",
                    r.annotation.id,
                    quoted(speaker)
                ),
            );
        }
    }

    if drift {
        problems.push((
            doc.sha256_pos.clone(),
            Problem {
                line: 0,
                column: 0,
                id: None,
                kind: ProblemKind::HashDrift,
                message: format!(
                    "document {} changed since this sidecar was written (SHA-256 differs); re-anchoring: {in_place} in place, {moved} moved, {lost} orphaned",
                    quoted(&doc.document),
                ),
            },
        ));
    }
    problems.sort_by_key(|(pos, _)| pos.start);

    // Ids are unique here: duplicates went to the orphans.
    // Move the anchored annotations out of their records, and build the set
    // in one sort (see AnnotationSet::build).
    let mut placed = Vec::with_capacity(live.len());
    let mut placed_ids = HashSet::with_capacity(live.len());
    let mut live = live.into_iter().peekable();
    for (ri, record) in doc.records.into_iter().enumerate() {
        let Some(span) = live.next_if(|(i, _)| *i == ri).map(|(_, s)| s) else {
            continue;
        };
        // The checks above make every annotation fit (unique ids, non-empty
        // spans); one that would not is kept as an orphan.
        let id = &record.annotation.id;
        if span.is_empty() || id.is_empty() || placed_ids.contains(id) {
            let reason = format!("annotation {} cannot be placed", record.annotation.id);
            orphans.push((
                record.clone().into_owned(),
                Orphan {
                    start: record.start,
                    end: record.end,
                    annotation: record.annotation,
                    line: 0,
                    reason,
                    duplicate: false,
                },
            ));
            continue;
        }
        let mut ann = record.annotation;
        ann.span = span;
        placed_ids.insert(ann.id.clone());
        placed.push(ann);
    }
    let (mut set, refused) = AnnotationSet::build(placed);
    debug_assert!(refused.is_empty(), "checked above");
    for (r, _) in &orphans {
        set.reserve_id(&r.annotation.id);
    }
    Resolved {
        set,
        orphans,
        problems,
        extras,
        drift,
    }
}
