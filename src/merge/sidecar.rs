//! Three-way merge of sidecars and layer files, keyed by annotation id and
//! field by field, and the resolution of the conflicts it records.
//!
//! Fields: `label`, `kind`, `span` (start, end, quote, before, after and
//! orphan together: they only make sense as a whole), `annotator`,
//! `created`, `modified`, `review` (reviewer and reviewed), `status`,
//! `note`, `links`, each attribute `attrs.NAME`, and each unknown key by its
//! name (so fields added by later versions merge too). A field changed on
//! one side takes that side's value; changed on both sides to the same value,
//! that value; changed differently, a conflict — except `modified` and
//! `review`, where the later time wins, and `links`, merged as a set.

use std::collections::{BTreeSet, HashMap, HashSet};

use toml::{Table, Value};

use super::conflict::{self, Conflict, SAME_SPAN, Side, WHOLE};
use super::{Documents, MergeError, Merged};
use crate::annotation::{Link, Review, Status};
use crate::corpus::positions::Positions;
use crate::sidecar::anchor::{Anchor, context, reanchor};
use crate::sidecar::format::{self, OutRecord, Record, SidecarDoc};
use crate::sidecar::offsets::OffsetMap;
use crate::sidecar::sha256_hex;

pub(crate) type Doc = SidecarDoc<'static>;
pub(crate) type Rec = Record<'static>;

/// Parse one version; positions are cleared so that records compare by
/// content.
pub(crate) fn parse_side(text: &str, side: &'static str) -> Result<Doc, MergeError> {
    match format::parse(text) {
        Ok(d) => {
            let mut d = d.into_owned();
            for r in &mut d.records {
                r.pos = Default::default();
            }
            d.document_pos = 0..0;
            d.sha256_pos = 0..0;
            Ok(d)
        }
        Err(errs) => {
            let lines = Positions::new(text);
            let message = errs
                .iter()
                .map(|d| {
                    let (l, c) = lines.line_column(d.span.start);
                    format!("{l}:{c}: {}", d.message)
                })
                .collect::<Vec<_>>()
                .join("; ");
            Err(MergeError::Unparsable { side, message })
        }
    }
}

/// Merge three versions of a sidecar (see the module comment).
pub fn merge(
    base: Option<&str>,
    ours: &str,
    theirs: &str,
    docs: &Documents<'_>,
) -> Result<Merged, MergeError> {
    let base = base.filter(|b| !b.trim().is_empty());
    if let Some(m) = super::chunks::merge(base, ours, theirs) {
        return m;
    }
    merge_parsed(base, ours, theirs, docs)
}

/// The merge with every version parsed in full (the reference the
/// shortcut of [`super::chunks`] must agree with).
pub fn merge_parsed(
    base: Option<&str>,
    ours: &str,
    theirs: &str,
    docs: &Documents<'_>,
) -> Result<Merged, MergeError> {
    let mut base = base.map(|b| parse_side(b, "base")).transpose()?;
    let mut o = parse_side(ours, "ours")?;
    let mut t = parse_side(theirs, "theirs")?;
    align_documents(base.as_mut(), &mut o, &mut t, docs)?;
    let (doc, conflicts) = merge_docs(base.as_ref(), &o, &t);
    Ok(Merged {
        text: render(&doc),
        conflicts,
    })
}

/// Bring all versions to one document: when ours and theirs were written
/// for different versions of it, re-anchor every version written for
/// another one than the merged document.
fn align_documents(
    base: Option<&mut Doc>,
    o: &mut Doc,
    t: &mut Doc,
    docs: &Documents<'_>,
) -> Result<(), MergeError> {
    if o.sha256 == t.sha256 {
        return Ok(());
    }
    let base_sha = base.as_ref().map(|b| b.sha256.clone());
    let text = if base_sha.as_deref() == Some(o.sha256.as_str()) {
        // Only theirs changed the document.
        (docs.by_sha)(&t.sha256).ok_or_else(|| MergeError::DocumentNotFound {
            side: "theirs",
            sha: t.sha256.clone(),
        })?
    } else if base_sha.as_deref() == Some(t.sha256.as_str()) {
        (docs.by_sha)(&o.sha256).ok_or_else(|| MergeError::DocumentNotFound {
            side: "ours",
            sha: o.sha256.clone(),
        })?
    } else {
        docs.merged
            .clone()
            .ok_or_else(|| MergeError::DocumentChangedOnBothSides {
                ours: o.sha256.clone(),
                theirs: t.sha256.clone(),
            })?
    };
    let sha = sha256_hex(text.as_bytes());
    for d in base.into_iter().chain([o, t]) {
        if d.sha256 != sha {
            reanchor_doc(d, &text);
            d.sha256.clone_from(&sha);
        }
    }
    Ok(())
}

/// Re-anchor every annotation of `doc` in `text` (the rule of
/// docs/FORMAT.md, as `check --fix` records it); lost ones become orphans.
fn reanchor_doc(doc: &mut Doc, text: &str) {
    let map = OffsetMap::new(text);
    let chars = map.chars() as i64;
    let byte_at = |cp: i64| map.byte_of(text, cp.clamp(0, chars) as usize).unwrap_or(0);
    let mut shift = 0i64;
    for r in &mut doc.records {
        let old = byte_at(r.start);
        let guess = byte_at(r.start.saturating_add(shift));
        match reanchor(text, &r.annotation.quote, &r.before, &r.after, old, guess) {
            Anchor::Found(span) => {
                let start = map.cp_of(text, span.start).unwrap_or(0) as i64;
                let end = map.cp_of(text, span.end).unwrap_or(0) as i64;
                if !r.orphan {
                    shift = start - r.start;
                }
                let (before, after) = context(text, span);
                r.before = before.to_string().into();
                r.after = after.to_string().into();
                r.start = start;
                r.end = end;
                r.orphan = false;
            }
            Anchor::Orphan => r.orphan = true,
        }
    }
}

/// Three-way set merge: an item stays when both sides have it or the side
/// that has it added it. Items of the base come first (in our order), then
/// the added ones ordered by `key`, so that the result does not depend on
/// which side is ours.
pub(crate) fn set_merge<T: PartialEq + Clone, K: Ord>(
    b: &[T],
    o: &[T],
    t: &[T],
    key: impl Fn(&T) -> K,
) -> Vec<T> {
    let mut out: Vec<T> = o
        .iter()
        .filter(|x| b.contains(x) && t.contains(x))
        .cloned()
        .collect();
    let mut added: Vec<&T> = Vec::new();
    for x in o.iter().chain(t) {
        if !b.contains(x) && !added.contains(&x) {
            added.push(x);
        }
    }
    added.sort_by_key(|x| key(x));
    out.extend(added.into_iter().cloned());
    out
}

/// The result of a three-way choice for one value.
enum Pick {
    Ours,
    Theirs,
    Both,
}

fn pick<T: PartialEq>(b: Option<&T>, o: Option<&T>, t: Option<&T>) -> Pick {
    if o == t || b == t {
        Pick::Ours
    } else if b == o {
        Pick::Theirs
    } else {
        Pick::Both
    }
}

/// Index of the records of a version: first record of each id, and the
/// later ones with an id seen before (duplicates, kept as they are).
struct Index<'d> {
    by_id: HashMap<&'d str, &'d Rec>,
    order: Vec<&'d str>,
    dups: Vec<&'d Rec>,
}

impl<'d> Index<'d> {
    fn of(doc: Option<&'d Doc>) -> Index<'d> {
        let n = doc.map_or(0, |d| d.records.len());
        let mut ix = Index {
            by_id: HashMap::with_capacity(n),
            order: Vec::with_capacity(n),
            dups: Vec::new(),
        };
        for r in doc.iter().flat_map(|d| &d.records) {
            let id = r.annotation.id.as_str();
            if ix.by_id.contains_key(id) {
                ix.dups.push(r);
            } else {
                ix.by_id.insert(id, r);
                ix.order.push(id);
            }
        }
        ix
    }

    fn get(&self, id: &str) -> Option<&'d Rec> {
        self.by_id.get(id).copied()
    }
}

/// Merge parsed versions; returns the merged document and the number of
/// conflicts it records.
pub(crate) fn merge_docs(base: Option<&Doc>, o: &Doc, t: &Doc) -> (Doc, usize) {
    let (bi, oi, ti) = (Index::of(base), Index::of(Some(o)), Index::of(Some(t)));
    let mut fresh: Vec<Conflict> = Vec::new();
    let mut records: Vec<Rec> = Vec::with_capacity(o.records.len().max(t.records.len()));
    // Ids a side deleted, with the version the other side kept.
    let mut deleted: HashMap<&str, (Side, &Rec)> = HashMap::new();
    let ids = oi
        .order
        .iter()
        .chain(ti.order.iter().filter(|id| !oi.by_id.contains_key(*id)));
    for &id in ids {
        let b = bi.get(id);
        match (oi.get(id), ti.get(id)) {
            (Some(x), Some(y)) => records.push(merge_record(b, x, y, &mut fresh)),
            (Some(x), None) => match b {
                None => records.push(x.clone()),
                Some(b) if b == x => {
                    deleted.insert(id, (Side::Theirs, x));
                }
                Some(_) => {
                    fresh.push(whole(id, Side::Theirs, None));
                    records.push(x.clone());
                }
            },
            (None, Some(y)) => match b {
                None => records.push(y.clone()),
                Some(b) if b == y => {
                    deleted.insert(id, (Side::Ours, y));
                }
                Some(_) => {
                    fresh.push(whole(id, Side::Ours, None));
                    records.push(y.clone());
                }
            },
            (None, None) => {}
        }
    }
    restore_linked([&bi, &oi, &ti], &mut records, &deleted, &mut fresh);
    same_span(&bi, &oi, &ti, &mut fresh);

    // Top level: the document's name, the hash (the same on all sides by
    // now) and every other key, conflict records aside.
    let mut top_fresh = Vec::new();
    let document = match pick(
        base.map(|b| &b.document),
        Some(&o.document),
        Some(&t.document),
    ) {
        Pick::Ours => o.document.clone(),
        Pick::Theirs => t.document.clone(),
        Pick::Both => {
            top_fresh.push(Conflict::field(
                None,
                "document",
                base.map(|b| Value::String(b.document.clone())),
                Some(Value::String(o.document.clone())),
                Some(Value::String(t.document.clone())),
            ));
            o.document.clone()
        }
    };
    let empty = Table::new();
    let be = base.map_or(&empty, |b| &b.extras);
    let mut extras = merge_tables(None, be, &o.extras, &t.extras, &mut top_fresh);
    let kept = set_merge(
        &conflict::read(be),
        &conflict::read(&o.extras),
        &conflict::read(&t.extras),
        |c| c.to_table().to_string(),
    );
    fresh.sort_by(|x, y| (&x.id, &x.field).cmp(&(&y.id, &y.field)));
    top_fresh.extend(fresh);
    let all: Vec<Conflict> = kept.into_iter().chain(top_fresh).collect();
    let n = all.len();
    conflict::write(&mut extras, &all);

    // Duplicates kept as written: a set merge of their full text.
    let dups: Vec<Rec> = set_merge(
        &bi.dups.iter().map(|r| (*r).clone()).collect::<Vec<_>>(),
        &oi.dups.iter().map(|r| (*r).clone()).collect::<Vec<_>>(),
        &ti.dups.iter().map(|r| (*r).clone()).collect::<Vec<_>>(),
        |r| (r.annotation.id.clone(), r.start, r.end, render_one(r)),
    );
    records.sort_by(|x, y| {
        (x.start, x.end, &x.annotation.id).cmp(&(y.start, y.end, &y.annotation.id))
    });
    records.extend(dups);
    (
        Doc {
            document,
            sha256: o.sha256.clone(),
            records,
            extras,
            document_pos: 0..0,
            sha256_pos: 0..0,
        },
        n,
    )
}

fn whole(id: &str, deleted: Side, why: Option<String>) -> Conflict {
    Conflict {
        id: Some(id.to_string()),
        field: WHOLE.to_string(),
        base: None,
        ours: None,
        theirs: None,
        deleted: Some(deleted),
        why,
    }
}

/// Ids an annotation refers to inside its document: local link targets and
/// the speaker attribute.
fn references(r: &Rec) -> impl Iterator<Item = &str> {
    r.annotation
        .links
        .iter()
        .map(|l| l.split_target())
        .filter(|(doc, _)| doc.is_empty())
        .map(|(_, id)| id)
        .chain(
            r.annotation
                .attrs
                .get(crate::annotation::attr::SPEAKER)
                .map(String::as_str),
        )
}

/// An annotation one side deleted while the other side added a link (or a
/// speaker) to it is kept, with a conflict: deleting it would leave the
/// new link dangling.
fn restore_linked(
    [bi, oi, ti]: [&Index<'_>; 3],
    records: &mut Vec<Rec>,
    deleted: &HashMap<&str, (Side, &Rec)>,
    fresh: &mut Vec<Conflict>,
) {
    if deleted.is_empty() {
        return;
    }
    // Target -> the annotation named as linking to it: the least id among
    // those that do, so the record does not depend on which side is ours.
    let mut restore: std::collections::BTreeMap<String, String> = Default::default();
    for r in records.iter() {
        let old: HashSet<&str> = bi
            .get(&r.annotation.id)
            .map(|b| references(b).collect())
            .unwrap_or_default();
        for target in references(r) {
            let Some((side, _)) = deleted.get(target) else {
                continue;
            };
            // The side that deleted the target may have added the link
            // itself: then there is nothing to keep.
            let deleter = match side {
                Side::Ours => oi,
                Side::Theirs => ti,
            };
            let own = deleter
                .get(&r.annotation.id)
                .is_some_and(|d| references(d).any(|x| x == target));
            if !own && !old.contains(target) {
                let from = restore
                    .entry(target.to_string())
                    .or_insert_with(|| r.annotation.id.clone());
                if r.annotation.id < *from {
                    from.clone_from(&r.annotation.id);
                }
            }
        }
    }
    for (target, from) in restore {
        if let Some((side, kept)) = deleted.get(target.as_str()) {
            records.push((*kept).clone());
            fresh.push(whole(
                &target,
                *side,
                Some(format!("the other side added a link to it from {from}")),
            ));
        }
    }
}

/// Annotations both sides added on the same span with the same label (two
/// people marking the same thing): both are kept and a conflict names them.
/// Pending suggestions are left alone.
fn same_span<'d>(bi: &Index<'d>, oi: &Index<'d>, ti: &Index<'d>, fresh: &mut Vec<Conflict>) {
    let added = |ix: &Index<'d>, other: &Index<'d>| -> Vec<&'d Rec> {
        ix.order
            .iter()
            .filter(|id| bi.get(id).is_none() && other.get(id).is_none())
            .filter_map(|id| ix.get(id))
            .filter(|r| r.annotation.status != Status::Suggested && !r.orphan)
            .collect()
    };
    let ours = added(oi, ti);
    if ours.is_empty() {
        return;
    }
    let mut at: HashMap<(i64, i64, &str), &str> = HashMap::new();
    for r in &ours {
        at.entry((r.start, r.end, r.annotation.label.as_str()))
            .or_insert(r.annotation.id.as_str());
    }
    for r in added(ti, oi) {
        if let Some(mine) = at.remove(&(r.start, r.end, r.annotation.label.as_str())) {
            // Named by the smaller id: the same record whichever side is ours.
            let first = mine.min(r.annotation.id.as_str());
            fresh.push(Conflict {
                id: Some(first.to_string()),
                field: SAME_SPAN.to_string(),
                base: None,
                ours: Some(Value::String(mine.to_string())),
                theirs: Some(Value::String(r.annotation.id.clone())),
                deleted: None,
                why: None,
            });
        }
    }
}

/// Three-way merge of the keys of a table (unknown keys of an annotation,
/// top-level keys); conflicts keep ours.
fn merge_tables(
    id: Option<&str>,
    b: &Table,
    o: &Table,
    t: &Table,
    conflicts: &mut Vec<Conflict>,
) -> Table {
    let keys: BTreeSet<&String> = o
        .keys()
        .chain(t.keys())
        .filter(|k| k.as_str() != conflict::KEY)
        .collect();
    let mut out = Table::new();
    for k in keys {
        let (bv, ov, tv) = (b.get(k), o.get(k), t.get(k));
        let v = match pick(bv, ov, tv) {
            Pick::Ours => ov,
            Pick::Theirs => tv,
            Pick::Both => {
                conflicts.push(Conflict::field(
                    id,
                    k,
                    bv.cloned(),
                    ov.cloned(),
                    tv.cloned(),
                ));
                ov
            }
        };
        if let Some(v) = v {
            out.insert(k.clone(), v.clone());
        }
    }
    out
}

/// The fields of an annotation other than attributes and unknown keys.
const FIELDS: &[&str] = &[
    "label",
    "kind",
    "span",
    "annotator",
    "created",
    "modified",
    "review",
    "status",
    "note",
    "links",
];

/// Merge one annotation present on both sides.
fn merge_record(b: Option<&Rec>, o: &Rec, t: &Rec, conflicts: &mut Vec<Conflict>) -> Rec {
    match pick(b, Some(o), Some(t)) {
        Pick::Ours => return o.clone(),
        Pick::Theirs => return t.clone(),
        Pick::Both => {}
    }
    let id = o.annotation.id.as_str();
    let mut out = o.clone();
    // When the statuses conflict, so do the reviews that set them (the
    // later review must not be shown next to the other side's status).
    let status_conflict = merge_field(id, "status", b, o, t, &mut out, conflicts, false);
    for &field in FIELDS {
        if field != "status" {
            merge_field(id, field, b, o, t, &mut out, conflicts, status_conflict);
        }
    }
    let attrs: BTreeSet<String> = o
        .annotation
        .attrs
        .keys()
        .chain(t.annotation.attrs.keys())
        .chain(b.iter().flat_map(|b| b.annotation.attrs.keys()))
        .map(|k| format!("attrs.{k}"))
        .collect();
    for field in &attrs {
        merge_field(id, field, b, o, t, &mut out, conflicts, false);
    }
    let empty = Table::new();
    out.extras = merge_tables(
        Some(id),
        b.map_or(&empty, |b| &b.extras),
        &o.extras,
        &t.extras,
        conflicts,
    );
    out
}

/// Merge one field into `out` (which holds ours); true when it conflicts.
/// `review_conflicts`: a review changed on both sides is a conflict rather
/// than the later one.
#[allow(clippy::too_many_arguments)]
fn merge_field(
    id: &str,
    field: &str,
    b: Option<&Rec>,
    o: &Rec,
    t: &Rec,
    out: &mut Rec,
    conflicts: &mut Vec<Conflict>,
    review_conflicts: bool,
) -> bool {
    let (bv, ov, tv) = (b.and_then(|b| get(b, field)), get(o, field), get(t, field));
    let value = match pick(bv.as_ref(), ov.as_ref(), tv.as_ref()) {
        Pick::Ours => return false,
        Pick::Theirs => tv,
        Pick::Both => match field {
            // Metadata of two edits: the later one.
            "modified" | "review" if !(review_conflicts && field == "review") => {
                if later(tv.as_ref(), ov.as_ref()) {
                    tv
                } else {
                    return false;
                }
            }
            "links" => {
                let items = |v: &Option<Value>| match v {
                    Some(Value::Array(a)) => a.clone(),
                    _ => Vec::new(),
                };
                let merged = set_merge(&items(&bv), &items(&ov), &items(&tv), Value::to_string);
                (!merged.is_empty()).then_some(Value::Array(merged))
            }
            _ => {
                conflicts.push(Conflict::field(Some(id), field, bv, ov, tv));
                return true;
            }
        },
    };
    // Values come from `get`, so they have the right shape.
    let _ = set(out, field, value);
    false
}

/// Whether `a` is later than `b`: RFC 3339 times (the `reviewed` time of a
/// review), ties broken by the text so that the choice does not depend on
/// which side is ours.
fn later(a: Option<&Value>, b: Option<&Value>) -> bool {
    let key = |v: Option<&Value>| {
        let s = match v {
            Some(Value::String(s)) => s.clone(),
            Some(Value::Table(t)) => t
                .get("reviewed")
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_string(),
            _ => String::new(),
        };
        let at =
            time::OffsetDateTime::parse(&s, &time::format_description::well_known::Rfc3339).ok();
        (at, v.map(Value::to_string))
    };
    key(a) > key(b)
}

fn string(s: &str) -> Value {
    Value::String(s.to_string())
}

/// The value of a merge field of a record, as TOML (`None`: absent).
pub(crate) fn get(r: &Rec, field: &str) -> Option<Value> {
    let a = &r.annotation;
    let nonempty = |s: &str| (!s.is_empty()).then(|| string(s));
    match field {
        "label" => Some(string(&a.label)),
        "kind" => a.kind.as_deref().map(string),
        "span" => {
            let mut t = Table::new();
            t.insert("start".into(), Value::Integer(r.start));
            t.insert("end".into(), Value::Integer(r.end));
            t.insert("quote".into(), string(&a.quote));
            t.insert("before".into(), string(&r.before));
            t.insert("after".into(), string(&r.after));
            if r.orphan {
                t.insert("orphan".into(), Value::Boolean(true));
            }
            Some(Value::Table(t))
        }
        "annotator" => nonempty(&a.annotator),
        "created" => nonempty(&a.created),
        "modified" => nonempty(&a.modified),
        "review" => a.review.as_ref().map(|rv| {
            let mut t = Table::new();
            if !rv.by.is_empty() {
                t.insert("reviewer".into(), string(&rv.by));
            }
            if !rv.at.is_empty() {
                t.insert("reviewed".into(), string(&rv.at));
            }
            Value::Table(t)
        }),
        "status" => Some(string(a.status.as_str())),
        "note" => a.note.as_deref().map(string),
        "links" => (!a.links.is_empty()).then(|| {
            Value::Array(
                a.links
                    .iter()
                    .zip(r.link_extras.iter().chain(std::iter::repeat(&Table::new())))
                    .map(|(l, x)| {
                        let mut t = x.clone();
                        t.insert("target".into(), string(&l.target));
                        t.insert("kind".into(), string(&l.kind));
                        Value::Table(t)
                    })
                    .collect(),
            )
        }),
        _ => match field.strip_prefix("attrs.") {
            Some(k) => a.attrs.get(k).map(|v| string(v)),
            None => r.extras.get(field).cloned(),
        },
    }
}

/// Set a merge field of a record from a TOML value (`None`: remove it).
/// Errors name what is wrong with the value (values from a conflict record
/// a person edited).
pub(crate) fn set(r: &mut Rec, field: &str, v: Option<Value>) -> Result<(), String> {
    let bad = || format!("{field}: a value of the wrong type in the conflict record");
    let text = |v: &Option<Value>| -> Result<Option<String>, String> {
        match v {
            None => Ok(None),
            Some(Value::String(s)) => Ok(Some(s.clone())),
            Some(_) => Err(bad()),
        }
    };
    let a = &mut r.annotation;
    match field {
        "label" => a.label = text(&v)?.ok_or_else(bad)?,
        "kind" => a.kind = text(&v)?,
        "span" => {
            let Some(Value::Table(t)) = v else {
                return Err(bad());
            };
            let int = |k: &str| t.get(k).and_then(Value::as_integer).ok_or_else(bad);
            let s = |k: &str| {
                t.get(k)
                    .and_then(Value::as_str)
                    .map(str::to_string)
                    .ok_or_else(bad)
            };
            r.start = int("start")?;
            r.end = int("end")?;
            a.quote = s("quote")?;
            r.before = s("before").unwrap_or_default().into();
            r.after = s("after").unwrap_or_default().into();
            r.orphan = t.get("orphan").and_then(Value::as_bool).unwrap_or(false);
        }
        "annotator" => a.annotator = text(&v)?.unwrap_or_default(),
        "created" => a.created = text(&v)?.unwrap_or_default(),
        "modified" => a.modified = text(&v)?.unwrap_or_default(),
        "review" => {
            a.review = match v {
                None => None,
                Some(Value::Table(t)) => {
                    let s = |k: &str| {
                        t.get(k)
                            .and_then(Value::as_str)
                            .unwrap_or_default()
                            .to_string()
                    };
                    Some(Review {
                        by: s("reviewer"),
                        at: s("reviewed"),
                    })
                }
                Some(_) => return Err(bad()),
            }
        }
        "status" => {
            a.status = text(&v)?
                .as_deref()
                .and_then(Status::parse)
                .ok_or_else(bad)?;
        }
        "note" => a.note = text(&v)?,
        "links" => {
            let items = match v {
                None => Vec::new(),
                Some(Value::Array(items)) => items,
                Some(_) => return Err(bad()),
            };
            a.links.clear();
            r.link_extras.clear();
            for item in items {
                let Value::Table(mut t) = item else {
                    return Err(bad());
                };
                let mut s = |k: &str| match t.remove(k) {
                    Some(Value::String(s)) => Ok(s),
                    _ => Err(bad()),
                };
                let target = s("target")?;
                let kind = s("kind")?;
                a.links.push(Link { target, kind });
                r.link_extras.push(t);
            }
        }
        _ => match field.strip_prefix("attrs.") {
            Some(k) => match text(&v)? {
                Some(s) => {
                    a.attrs.insert(k.to_string(), s);
                }
                None => {
                    a.attrs.remove(k);
                }
            },
            None => match v {
                Some(v) => {
                    r.extras.insert(field.to_string(), v);
                }
                None => {
                    r.extras.remove(field);
                }
            },
        },
    }
    Ok(())
}

/// One record's canonical text (orders duplicates the same on both sides).
fn render_one(r: &Rec) -> String {
    render(&Doc {
        document: String::new(),
        sha256: String::new(),
        records: vec![r.clone()],
        extras: Table::new(),
        document_pos: 0..0,
        sha256_pos: 0..0,
    })
}

/// The canonical text of a merged document (the writer every save uses).
pub(crate) fn render(doc: &Doc) -> String {
    let link_extras: Vec<Vec<(Link, Table)>> = doc
        .records
        .iter()
        .map(|r| {
            r.annotation
                .links
                .iter()
                .zip(&r.link_extras)
                .filter(|(_, x)| !x.is_empty())
                .map(|(l, x)| (l.clone(), x.clone()))
                .collect()
        })
        .collect();
    let out: Vec<OutRecord<'_>> = doc
        .records
        .iter()
        .zip(&link_extras)
        .map(|(r, lx)| OutRecord {
            annotation: &r.annotation,
            start: r.start,
            end: r.end,
            before: &r.before,
            after: &r.after,
            orphan: r.orphan,
            extras: Some(&r.extras),
            link_extras: lx,
            raw: None,
        })
        .collect();
    format::render(&doc.document, &doc.sha256, &doc.extras, &out)
}

/// A field and the value to give it.
type FieldValue = (String, Option<Value>);

/// Which version `resolve` keeps.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Choice {
    Ours,
    Theirs,
    /// Both: a deleted annotation stays, two annotations on one span both
    /// stay, and for a field an annotation keeps ours and a copy with a new
    /// id gets theirs.
    Both,
}

/// Settle the conflicts of a sidecar text for which `which` is true (by
/// their index among the file's conflicts), keeping `choice`. Returns the
/// new text (canonical) and the number of conflicts left.
pub fn resolve(
    text: &str,
    choice: Choice,
    which: &dyn Fn(usize, &Conflict) -> bool,
) -> Result<Merged, MergeError> {
    let mut doc = parse_side(text, "file")?;
    let all = conflict::read(&doc.extras);
    let mut left = Vec::new();
    let mut remove: HashSet<String> = HashSet::new();
    // Per annotation, the fields whose theirs value goes to a copy.
    let mut copies: Vec<(String, Vec<FieldValue>)> = Vec::new();
    let mut errors = Vec::new();
    for (i, c) in all.into_iter().enumerate() {
        if !which(i, &c) {
            left.push(c);
            continue;
        }
        let field = c.field.as_str();
        if field == WHOLE {
            let deleter = c.deleted.unwrap_or(Side::Ours);
            let kept_by_choice = match choice {
                Choice::Ours => deleter != Side::Ours,
                Choice::Theirs => deleter != Side::Theirs,
                Choice::Both => true,
            };
            if !kept_by_choice && let Some(id) = &c.id {
                remove.insert(id.clone());
            }
        } else if field == SAME_SPAN {
            let id_of = |v: &Option<Value>| v.as_ref().and_then(Value::as_str).map(str::to_string);
            let drop = match choice {
                Choice::Ours => id_of(&c.theirs),
                Choice::Theirs => id_of(&c.ours),
                Choice::Both => None,
            };
            remove.extend(drop);
        } else if choice == Choice::Ours {
        } else {
            let Some(id) = c.id.clone() else {
                // A top-level key: there is one file, so "both" keeps ours.
                if choice == Choice::Theirs {
                    if field == "document" {
                        if let Some(Value::String(s)) = &c.theirs {
                            doc.document.clone_from(s);
                        }
                    } else {
                        match &c.theirs {
                            Some(v) => doc.extras.insert(field.to_string(), v.clone()),
                            None => doc.extras.remove(field),
                        };
                    }
                }
                continue;
            };
            if choice == Choice::Theirs {
                match doc.records.iter_mut().find(|r| r.annotation.id == id) {
                    Some(r) => {
                        if let Err(e) = set(r, field, c.theirs.clone()) {
                            errors.push(format!("conflict {}: {e}", i + 1));
                            left.push(c);
                        }
                    }
                    None => errors.push(format!(
                        "conflict {}: no annotation {id} in the file",
                        i + 1
                    )),
                }
            } else {
                match copies.iter_mut().find(|(x, _)| *x == id) {
                    Some((_, fields)) => fields.push((c.field.clone(), c.theirs.clone())),
                    None => copies.push((id, vec![(c.field.clone(), c.theirs.clone())])),
                }
            }
        }
    }
    let mut used: HashSet<String> = doc
        .records
        .iter()
        .map(|r| r.annotation.id.clone())
        .collect();
    for (id, fields) in copies {
        let Some(orig) = doc.records.iter().find(|r| r.annotation.id == id) else {
            errors.push(format!("no annotation {id} in the file"));
            continue;
        };
        let mut copy = orig.clone();
        let new_id = loop {
            let n = crate::annotation::new_id();
            if used.insert(n.clone()) {
                break n;
            }
        };
        copy.annotation.id = new_id;
        for (field, v) in fields {
            if let Err(e) = set(&mut copy, &field, v) {
                errors.push(format!("annotation {id}: {e}"));
            }
        }
        doc.records.push(copy);
    }
    if !errors.is_empty() {
        return Err(MergeError::Unparsable {
            side: "conflict records of the",
            message: errors.join("; "),
        });
    }
    if !remove.is_empty() {
        doc.records.retain(|r| !remove.contains(&r.annotation.id));
        // Links and speakers that named a removed annotation go with it.
        for r in &mut doc.records {
            let a = &mut r.annotation;
            let mut keep = a
                .links
                .iter()
                .map(|l| {
                    let (d, id) = l.split_target();
                    !(d.is_empty() && remove.contains(id))
                })
                .collect::<Vec<_>>()
                .into_iter();
            let mut keep2 = keep.clone();
            a.links.retain(|_| keep.next().unwrap_or(true));
            r.link_extras.retain(|_| keep2.next().unwrap_or(true));
            if a.attrs
                .get(crate::annotation::attr::SPEAKER)
                .is_some_and(|s| remove.contains(s))
            {
                a.attrs.remove(crate::annotation::attr::SPEAKER);
            }
        }
    }
    let n = left.len();
    conflict::write(&mut doc.extras, &left);
    // File order: by (start, end, id), duplicates of an id last as they were.
    let mut seen = HashSet::new();
    let (mut records, dups): (Vec<Rec>, Vec<Rec>) = std::mem::take(&mut doc.records)
        .into_iter()
        .partition(|r| seen.insert(r.annotation.id.clone()));
    records.sort_by(|x, y| {
        (x.start, x.end, &x.annotation.id).cmp(&(y.start, y.end, &y.annotation.id))
    });
    records.extend(dups);
    doc.records = records;
    Ok(Merged {
        text: render(&doc),
        conflicts: n,
    })
}
