//! Importers: pre-annotations in the JSONL shape the export writes (e.g. a
//! model's predictions) or brat standoff, checked against the document text
//! and merged into its annotations without duplicates.
//!
//! Parsing ([`parse_jsonl`], [`parse_brat`]) and merging ([`to_annotations`],
//! [`merge`]) are pure; `hashiya import` reads the files and the sidecars.

use std::collections::{BTreeMap, HashMap, HashSet};

use std::ops::Range;

use serde_json::Value;

use super::brat::is_break;
use super::{Problem, quoted, split_target};
use crate::annotation::{Annotation, Link, Status};
use crate::corpus::LabelSet;
use crate::corpus::positions::Positions;

/// One span read from an input file, offsets in code points.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ImportedSpan {
    /// Line of the input file it comes from.
    pub line: usize,
    pub start: usize,
    pub end: usize,
    pub label: String,
    pub kind: Option<String>,
    pub id: Option<String>,
    /// The text the input claims the span covers, checked on import.
    pub text: Option<String>,
    pub attrs: BTreeMap<String, String>,
    pub annotator: Option<String>,
    pub status: Option<Status>,
    pub note: Option<String>,
    pub created: Option<String>,
    pub modified: Option<String>,
    /// Links as (kind, target in sidecar form `id` or `file#id`).
    pub links: Vec<Link>,
    /// For brat: the input's own id (`T3`), which links refer to.
    pub local_id: Option<String>,
}

/// One document's worth of imported spans.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ImportedDoc {
    /// The input file and line the document starts on.
    pub source: String,
    pub line: usize,
    /// Corpus-relative path and/or id that name the document.
    pub path: Option<String>,
    pub id: Option<String>,
    /// The full text, when the input carries it.
    pub text: Option<String>,
    pub spans: Vec<ImportedSpan>,
}

fn status_from(s: &str) -> Option<Status> {
    match s {
        "accepted" => Some(Status::Accepted),
        "suggested" => Some(Status::Suggested),
        "rejected" => Some(Status::Rejected),
        _ => None,
    }
}

/// An optional string field: absent, `null` and `""` all mean "none" (the
/// export writes `""`, other tools may write `null`).
fn opt_str(v: Option<&Value>) -> Result<Option<String>, String> {
    match v {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) if s.is_empty() => Ok(None),
        Some(Value::String(s)) => Ok(Some(s.clone())),
        Some(other) => Err(format!("expected a string or null, found {other}")),
    }
}

fn parse_span(v: &Value, line: usize) -> Result<ImportedSpan, String> {
    let obj = v.as_object().ok_or("a span must be an object")?;
    let offset = |k: &str| {
        obj.get(k)
            .and_then(Value::as_u64)
            .and_then(|n| usize::try_from(n).ok())
            .ok_or(format!("span field `{k}` must be a non-negative integer"))
    };
    let field = |k: &str| opt_str(obj.get(k)).map_err(|e| format!("span field `{k}`: {e}"));
    let mut attrs = BTreeMap::new();
    match obj.get("attributes") {
        None | Some(Value::Null) => {}
        Some(Value::Object(m)) => {
            for (k, v) in m {
                match v {
                    Value::Null => {}
                    Value::String(s) if s.is_empty() => {}
                    Value::String(s) => {
                        attrs.insert(k.clone(), s.clone());
                    }
                    Value::Number(n) => {
                        attrs.insert(k.clone(), n.to_string());
                    }
                    other => {
                        return Err(format!(
                            "attribute `{k}` must be a string or null, found {other}"
                        ));
                    }
                }
            }
        }
        Some(_) => return Err("span field `attributes` must be an object".into()),
    }
    let status = match field("status")? {
        None => None,
        Some(s) => Some(status_from(&s).ok_or(format!(
            "unknown status {} (accepted, suggested, rejected)",
            quoted(&s)
        ))?),
    };
    Ok(ImportedSpan {
        line,
        start: offset("start")?,
        end: offset("end")?,
        label: field("label")?.ok_or("span field `label` is missing")?,
        kind: field("type")?,
        id: field("id")?,
        text: field("text")?,
        attrs,
        annotator: field("annotator")?,
        status,
        note: field("note")?,
        created: field("created")?,
        modified: field("modified")?,
        links: Vec::new(),
        local_id: None,
    })
}

/// Parse JSONL (one document per line, the shape `export --format jsonl`
/// writes; only `path` or `id` and the spans' `start`, `end`, `label` are
/// required). A bad line is reported with its line and column and skipped.
pub fn parse_jsonl(file: &str, content: &str, problems: &mut Vec<Problem>) -> Vec<ImportedDoc> {
    // A byte-order mark (written by some Windows tools) is not JSON.
    let content = content.strip_prefix('\u{feff}').unwrap_or(content);
    content
        .lines()
        .enumerate()
        .filter_map(|(n, raw)| parse_jsonl_line(file, n + 1, raw, problems))
        .collect()
}

/// One line of a JSONL input (`line` is 1-based; a final `\r` and, on the
/// first line, a byte-order mark are the caller's to remove): the document
/// it names, `None` for a blank line or a bad one (reported and skipped).
/// `hashiya import` reads its input a line at a time through this.
pub fn parse_jsonl_line(
    file: &str,
    line: usize,
    raw: &str,
    problems: &mut Vec<Problem>,
) -> Option<ImportedDoc> {
    if raw.trim().is_empty() {
        return None;
    }
    let value: Value = match serde_json::from_str(raw) {
        Ok(v) => v,
        Err(e) => {
            problems.push(Problem::at(
                file,
                (line, e.column()),
                format!("not JSON: {e}"),
            ));
            return None;
        }
    };
    let result = (|| -> Result<ImportedDoc, String> {
        let obj = value.as_object().ok_or("a line must be a JSON object")?;
        let path = opt_str(obj.get("path")).map_err(|e| format!("`path`: {e}"))?;
        let id = opt_str(obj.get("id")).map_err(|e| format!("`id`: {e}"))?;
        if path.is_none() && id.is_none() {
            return Err("the line names no document (`path` or `id`)".into());
        }
        let text = opt_str(obj.get("text")).map_err(|e| format!("`text`: {e}"))?;
        let mut spans = Vec::new();
        for (i, s) in obj
            .get("spans")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .enumerate()
        {
            spans.push(parse_span(s, line).map_err(|e| format!("span {}: {e}", i + 1))?);
        }
        for r in obj
            .get("relations")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            let get = |k: &str| r.get(k).and_then(Value::as_str);
            let (Some(source), Some(kind), Some(target)) =
                (get("source"), get("kind"), get("target"))
            else {
                return Err("a relation needs string fields `source`, `kind` and `target`".into());
            };
            let Some(span) = spans.iter_mut().find(|s| s.id.as_deref() == Some(source)) else {
                return Err(format!(
                    "relation source {} is not a span id of this line",
                    quoted(source)
                ));
            };
            span.links.push(Link {
                target: target.to_string(),
                kind: kind.to_string(),
            });
        }
        Ok(ImportedDoc {
            source: file.to_string(),
            line,
            path,
            id,
            text,
            spans,
        })
    })();
    match result {
        Ok(d) => Some(d),
        Err(msg) => {
            problems.push(Problem::at(file, (line, 1), format!("{msg}; line skipped")));
            None
        }
    }
}

/// Parse a brat `.ann` file: `T` (fragments allowed when only line breaks
/// lie between them, as the brat export writes them), `A`, `R` and
/// `AnnotatorNotes`. Types map to labels through the label set: a type of a
/// label (`PER`) gives that label with the type, a label name gives the label.
pub fn parse_brat(
    file: &str,
    content: &str,
    labels: &LabelSet,
    problems: &mut Vec<Problem>,
) -> ImportedDoc {
    let mut doc = ImportedDoc {
        source: file.to_string(),
        line: 1,
        ..ImportedDoc::default()
    };
    let mut by_t: HashMap<String, usize> = HashMap::new();
    let mut pending_links: Vec<(usize, String, String, String)> = Vec::new();
    for (n, raw) in content.lines().enumerate() {
        let line = n + 1;
        let bad = |problems: &mut Vec<Problem>, msg: String| {
            problems.push(Problem::at(file, (line, 1), msg))
        };
        let fields: Vec<&str> = raw.splitn(3, '\t').collect();
        let Some(first) = fields.first().filter(|f| !f.is_empty()) else {
            continue;
        };
        let body = fields.get(1).copied().unwrap_or_default();
        match first.chars().next() {
            Some('T') => {
                let Some((ty, offs)) = body.split_once(' ') else {
                    bad(
                        problems,
                        format!("{first}: expected `TYPE START END`; skipped"),
                    );
                    continue;
                };
                let frags: Option<Vec<(usize, usize)>> = offs
                    .split(';')
                    .map(|f| {
                        let (a, b) = f.trim().split_once(' ')?;
                        Some((a.parse().ok()?, b.parse().ok()?))
                    })
                    .collect();
                let Some(frags) = frags.filter(|f| !f.is_empty()) else {
                    bad(
                        problems,
                        format!("{first}: bad offsets {}; skipped", quoted(offs)),
                    );
                    continue;
                };
                let (label, kind) = if labels.get(ty).is_some_and(|d| d.types.is_empty()) {
                    (ty.to_string(), None)
                } else if let Some(d) = labels
                    .labels
                    .iter()
                    .find(|d| d.types.iter().any(|t| t == ty))
                {
                    (d.name.clone(), Some(ty.to_string()))
                } else {
                    bad(
                        problems,
                        format!(
                            "{first}: type {} is not in the corpus label set; skipped",
                            quoted(ty)
                        ),
                    );
                    continue;
                };
                let start = frags.iter().map(|f| f.0).min().unwrap_or_default();
                let end = frags.iter().map(|f| f.1).max().unwrap_or_default();
                if by_t.contains_key(*first) {
                    bad(
                        problems,
                        format!(
                            "{first}: this T id is already used above; the second one is not imported"
                        ),
                    );
                    continue;
                }
                by_t.insert(first.to_string(), doc.spans.len());
                doc.spans.push(ImportedSpan {
                    line,
                    start,
                    end,
                    label,
                    kind,
                    text: fields.get(2).map(|s| s.to_string()),
                    local_id: Some(first.to_string()),
                    // Fragments: checked against the text in to_annotations.
                    attrs: if frags.len() > 1 {
                        BTreeMap::from([(FRAGMENTS.to_string(), offs.to_string())])
                    } else {
                        BTreeMap::new()
                    },
                    ..ImportedSpan::default()
                });
            }
            Some('A') | Some('M') => {
                let parts: Vec<&str> = body.split(' ').collect();
                let (Some(name), Some(t)) = (parts.first(), parts.get(1)) else {
                    bad(
                        problems,
                        format!("{first}: expected `NAME T VALUE`; skipped"),
                    );
                    continue;
                };
                let value = parts.get(2).copied().unwrap_or("true").to_string();
                match by_t.get(*t).and_then(|&i| doc.spans.get_mut(i)) {
                    Some(span) if *name == "status" => match status_from(&value) {
                        Some(s) => span.status = Some(s),
                        None => bad(
                            problems,
                            format!("{first}: unknown status {}; ignored", quoted(&value)),
                        ),
                    },
                    Some(span) => {
                        span.attrs.insert(name.to_string(), value);
                    }
                    None => bad(
                        problems,
                        format!("{first}: {t} is not a text-bound annotation above; skipped"),
                    ),
                }
            }
            Some('R') => {
                let mut parts = body.split(' ');
                let kind = parts.next().unwrap_or_default().to_string();
                let arg = |p: Option<&str>| {
                    p.and_then(|a| a.split_once(':'))
                        .map(|(_, t)| t.to_string())
                };
                match (arg(parts.next()), arg(parts.next())) {
                    (Some(a), Some(b)) => pending_links.push((line, kind, a, b)),
                    _ => bad(
                        problems,
                        format!("{first}: expected `KIND Arg1:T Arg2:T`; skipped"),
                    ),
                }
            }
            Some('#') => {
                let t = body.split(' ').nth(1).unwrap_or_default();
                match by_t.get(t).and_then(|&i| doc.spans.get_mut(i)) {
                    Some(span) => span.note = fields.get(2).map(|s| s.to_string()),
                    None => bad(
                        problems,
                        format!(
                            "{first}: note for unknown annotation {}; skipped",
                            quoted(t)
                        ),
                    ),
                }
            }
            _ => bad(
                problems,
                format!("{first}: only T, A, R and # lines are imported; skipped"),
            ),
        }
    }
    for (line, kind, a, b) in pending_links {
        match (by_t.get(&a), by_t.contains_key(&b)) {
            // A claim's speaker: `attrs.speaker`, remapped to the speaker's
            // final id in to_annotations.
            (Some(&i), true) if kind == "speaker" => {
                if let Some(span) = doc.spans.get_mut(i) {
                    span.attrs.insert(SPEAKER_T.to_string(), b);
                }
            }
            (Some(&i), true) => {
                if let Some(span) = doc.spans.get_mut(i) {
                    span.links.push(Link { target: b, kind });
                }
            }
            _ => problems.push(Problem::at(
                file,
                (line, 1),
                format!("relation {kind} {a} -> {b}: unknown argument; skipped"),
            )),
        }
    }
    doc
}

/// Internal attribute key carrying brat fragments until they are checked.
const FRAGMENTS: &str = "\u{0}fragments";
/// Internal attribute key carrying the brat T id of a claim's speaker (from
/// an `R speaker` line) until it is mapped to the speaker's annotation id.
const SPEAKER_T: &str = "\u{0}speaker";

/// What [`to_annotations`] fills in where the input says nothing.
#[derive(Clone, Debug)]
pub struct Defaults {
    /// Overrides the input's status when set (`--as`).
    pub status: Option<Status>,
    /// Annotator of spans that name none.
    pub annotator: String,
    /// RFC 3339 time of the import, for spans without timestamps.
    pub now: String,
}

/// Check each imported span against the document text and the label set and
/// turn it into an annotation (byte offsets). Rejected spans are reported
/// with the input file and line. Ids are kept when given, else made by
/// `new_id`; links between imported spans are rewritten to the final ids.
pub fn to_annotations(
    doc: &ImportedDoc,
    text: &str,
    labels: &LabelSet,
    defaults: &Defaults,
    new_id: &mut dyn FnMut() -> String,
    problems: &mut Vec<Problem>,
) -> Vec<Annotation> {
    let pos = Positions::new(text);
    let mut out: Vec<Annotation> = Vec::new();
    let mut local: HashMap<String, String> = HashMap::new();
    // (index in `out`, input line, brat T id of the speaker).
    let mut speakers: Vec<(usize, usize, String)> = Vec::new();
    for s in &doc.spans {
        let at = (s.line, 1);
        let reject = |problems: &mut Vec<Problem>, msg: String| {
            problems.push(Problem::at(
                &doc.source,
                at,
                format!("{msg}; span not imported"),
            ))
        };
        let what = format!("{} span {}..{}", s.label, s.start, s.end);
        if !labels.allows(&s.label, s.kind.as_deref()) {
            reject(
                problems,
                format!(
                    "{what}: label {} with type {} is not in the corpus label set",
                    quoted(&s.label),
                    s.kind.as_deref().map_or("(none)".to_string(), quoted)
                ),
            );
            continue;
        }
        let (Some(b0), Some(b1)) = (pos.byte_offset(s.start), pos.byte_offset(s.end)) else {
            reject(
                problems,
                format!(
                    "{what}: past the end of the document ({} code points)",
                    text.chars().count()
                ),
            );
            continue;
        };
        let Some(quote) = text.get(b0..b1).filter(|q| !q.is_empty()) else {
            reject(problems, format!("{what}: empty or reversed"));
            continue;
        };
        let mut attrs = s.attrs.clone();
        let speaker_t = attrs.remove(SPEAKER_T);
        let expected = match attrs.remove(FRAGMENTS) {
            // brat fragments: the gaps must be line breaks only, and the
            // text is the fragments joined by spaces.
            Some(_) => {
                let frags: Vec<&str> = quote.split(is_break).filter(|f| !f.is_empty()).collect();
                frags.join(" ")
            }
            None => quote.to_string(),
        };
        if let Some(claimed) = &s.text
            && *claimed != expected
        {
            reject(
                problems,
                format!(
                    "{what}: text {} does not match the document, which has {}",
                    quoted(claimed),
                    quoted(&expected)
                ),
            );
            continue;
        }
        // What the loader would report as a problem is not written: a span
        // edge between a letter and its marks (or inside CR LF).
        if let Some(edge) = [("start", b0), ("end", b1)]
            .into_iter()
            .find(|&(_, at)| !crate::sidecar::is_boundary(text, at))
            .map(|(edge, _)| edge)
        {
            reject(
                problems,
                format!(
                    "{what}: the {edge} falls inside a character (between a letter and its marks, or inside CR LF)"
                ),
            );
            continue;
        }
        let id = match &s.id {
            Some(id) => id.clone(),
            None => new_id(),
        };
        let a = Annotation {
            id,
            label: s.label.clone(),
            kind: s.kind.clone(),
            span: b0..b1,
            quote: quote.to_string(),
            annotator: s
                .annotator
                .clone()
                .unwrap_or_else(|| defaults.annotator.clone()),
            created: s.created.clone().unwrap_or_else(|| defaults.now.clone()),
            modified: s.modified.clone().unwrap_or_else(|| defaults.now.clone()),
            note: s.note.clone(),
            attrs,
            status: defaults.status.or(s.status).unwrap_or(Status::Suggested),
            links: s.links.clone(),
            review: None,
        };
        // The loader's own rules (ids, times, link targets): what cannot be
        // read back is not written.
        if let Err(e) = crate::sidecar::check_annotation(&a) {
            reject(problems, format!("{what}: {e}"));
            continue;
        }
        if let Some(l) = &s.local_id {
            local.insert(l.clone(), a.id.clone());
        }
        if let Some(t) = speaker_t {
            speakers.push((out.len(), s.line, t));
        }
        out.push(a);
    }
    for (i, line, t) in speakers {
        let Some(a) = out.get_mut(i) else { continue };
        match local.get(&t) {
            Some(id) => {
                a.attrs.insert("speaker".to_string(), id.clone());
            }
            None => problems.push(Problem::at(
                &doc.source,
                (line, 1),
                format!(
                    "{} {}: its speaker {t} was not imported; attrs.speaker left out",
                    a.label, a.id
                ),
            )),
        }
    }
    // brat links name local T ids: map them to annotation ids.
    if !local.is_empty() {
        for a in &mut out {
            for l in &mut a.links {
                if let (None, t) = split_target(&l.target)
                    && let Some(id) = local.get(t)
                {
                    l.target = id.clone();
                }
            }
        }
    }
    out
}

/// Ids for imported annotations that carry none: fresh in `set` (never one
/// it holds or once held) and never handed out twice.
pub fn fresh_ids(set: &crate::annotation::AnnotationSet) -> impl FnMut() -> String + '_ {
    let mut taken: HashSet<String> = HashSet::new();
    move || loop {
        let id = set.new_id();
        if taken.insert(id.clone()) {
            return id;
        }
    }
}

/// Split imported annotations into those that may be added and those whose
/// id belongs to an orphan of the sidecar (lost or duplicate) and not to a
/// live annotation: adding one would count the orphan as re-attached and
/// drop it from the file, so it is left out (and reported by the caller).
pub fn clear_of_orphans<'a>(
    new: Vec<Annotation>,
    set: &crate::annotation::AnnotationSet,
    orphans: impl Iterator<Item = &'a Annotation>,
) -> (Vec<Annotation>, Vec<Annotation>) {
    let orphan_ids: HashSet<&str> = orphans.map(|a| a.id.as_str()).collect();
    new.into_iter()
        .partition(|a| !orphan_ids.contains(a.id.as_str()) || set.contains(&a.id))
}

/// How a merge went.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Merged {
    pub added: usize,
    /// Already there: same id, or same span, label and type.
    pub duplicates: usize,
}

/// Add `new` to `existing`, skipping any annotation already there (same id,
/// or same span, label and type). Links of a skipped annotation are added to
/// the one already there when it lacks them.
pub fn merge(existing: &mut Vec<Annotation>, new: Vec<Annotation>) -> Merged {
    let mut merged = Merged::default();
    // Lookups by id and by (span, label, kind), so that importing n spans
    // takes linear time, not a scan of the document's annotations per span.
    let mut by_id: HashMap<String, usize> = HashMap::with_capacity(existing.len() + new.len());
    type SameSpan = (Range<usize>, String, Option<String>);
    let mut by_span: HashMap<SameSpan, usize> = HashMap::with_capacity(existing.len() + new.len());
    let same_key =
        |a: &Annotation| -> SameSpan { (a.span.clone(), a.label.clone(), a.kind.clone()) };
    for (i, e) in existing.iter().enumerate() {
        by_id.entry(e.id.clone()).or_insert(i);
        by_span.entry(same_key(e)).or_insert(i);
    }
    let first_new = existing.len();
    // An imported span already there keeps the existing annotation's id;
    // links and speakers naming the imported id are pointed at it.
    let mut renamed: HashMap<String, String> = HashMap::new();
    let mut extra_links: Vec<(usize, Vec<Link>)> = Vec::new();
    for a in new {
        // The earliest existing annotation that has the id or the span.
        let same = match (by_id.get(&a.id), by_span.get(&same_key(&a))) {
            (Some(&i), Some(&j)) => Some(i.min(j)),
            (i, j) => i.or(j).copied(),
        };
        match same.and_then(|i| existing.get(i).map(|e| (i, e))) {
            Some((i, e)) => {
                merged.duplicates += 1;
                if e.id != a.id {
                    renamed.insert(a.id.clone(), e.id.clone());
                }
                extra_links.push((i, a.links));
            }
            None => {
                let i = existing.len();
                by_id.entry(a.id.clone()).or_insert(i);
                by_span.entry(same_key(&a)).or_insert(i);
                existing.push(a);
                merged.added += 1;
            }
        }
    }
    let rename = |target: &mut String| {
        if let (None, t) = split_target(target)
            && let Some(to) = renamed.get(t)
        {
            *target = to.clone();
        }
    };
    for a in existing.iter_mut().skip(first_new) {
        for l in &mut a.links {
            rename(&mut l.target);
        }
        if let Some(s) = a.attrs.get_mut("speaker") {
            rename(s);
        }
    }
    for (i, links) in extra_links {
        if let Some(e) = existing.get_mut(i) {
            for mut l in links {
                rename(&mut l.target);
                if !e.links.contains(&l) {
                    e.links.push(l);
                }
            }
        }
    }
    merged
}

#[cfg(test)]
mod tests {
    use super::*;

    fn defaults() -> Defaults {
        Defaults {
            status: None,
            annotator: "import".into(),
            now: "2026-11-21T00:00:00Z".into(),
        }
    }

    fn ids() -> impl FnMut() -> String {
        let mut n = 0;
        move || {
            n += 1;
            format!("new{n}")
        }
    }

    #[test]
    fn spans_never_split_a_letter_from_its_marks() {
        // "قالَ مُحَمَّد", code points 5..13: م ُ ح َ م َ ّ د (U+064F
        // DAMMA, U+064E FATHA and U+0651 SHADDA are marks, category Mn).
        // 5..12 ends before the last letter; 5..10 ends between the third
        // letter and its fatha; 6..13 starts on the damma of the first.
        let text = "قالَ مُحَمَّد";
        let input = concat!(
            r#"{"path":"a.txt","spans":["#,
            r#"{"start":5,"end":12,"label":"entity","type":"PER"},"#,
            r#"{"start":5,"end":10,"label":"entity","type":"PER"},"#,
            r#"{"start":6,"end":13,"label":"entity","type":"PER"},"#,
            r#"{"start":0,"end":4,"label":"claim"}]}"#,
            "\n"
        );
        let mut problems = Vec::new();
        let docs = parse_jsonl("in.jsonl", input, &mut problems);
        assert!(problems.is_empty(), "{problems:?}");
        let anns = to_annotations(
            &docs[0],
            text,
            &LabelSet::default(),
            &defaults(),
            &mut ids(),
            &mut problems,
        );
        let msgs: Vec<String> = problems.iter().map(ToString::to_string).collect();
        assert_eq!(msgs.len(), 2, "{msgs:?}");
        assert!(
            msgs[0].contains("entity span 5..10: the end falls inside a character"),
            "{msgs:?}"
        );
        assert!(
            msgs[1].contains("entity span 6..13: the start falls inside a character"),
            "{msgs:?}"
        );
        // 5..12 ends between two letters (before د), 0..4 after the fatha.
        let quotes: Vec<&str> = anns.iter().map(|a| a.quote.as_str()).collect();
        assert_eq!(quotes, ["مُحَمَّ", "قالَ"]);
    }

    #[test]
    fn jsonl_spans_are_checked_against_the_text() {
        let text = "قالَ مُحَمَّد إن ٥٠٠ جندي";
        let input = concat!(
            r#"{"path":"a.txt","spans":[{"start":5,"end":13,"label":"entity","type":"PER","text":"مُحَمَّد","id":"p1"},"#,
            r#"{"start":5,"end":12,"label":"entity","type":"PER","text":"مُحَمَّد"},"#,
            r#"{"start":17,"end":25,"label":"figure","type":"","attributes":{"value":"500","unit":null,"x":""}},"#,
            r#"{"start":17,"end":25,"label":"entity","type":"XYZ"},"#,
            r#"{"start":20,"end":99,"label":"claim"}],"#,
            r#""relations":[{"source":"p1","kind":"speaker","target":"x"}]}"#,
            "\n{\"path\": 3}\nnot json\n"
        );
        let mut problems = Vec::new();
        let docs = parse_jsonl("in.jsonl", input, &mut problems);
        assert_eq!(docs.len(), 1);
        let msgs: Vec<String> = problems.iter().map(ToString::to_string).collect();
        assert_eq!(msgs.len(), 2, "{msgs:?}");
        assert!(
            msgs[0].starts_with("in.jsonl:2:1: `path`: expected a string or null"),
            "{msgs:?}"
        );
        assert!(msgs[1].starts_with("in.jsonl:3:2: not JSON"), "{msgs:?}");

        problems.clear();
        let anns = to_annotations(
            &docs[0],
            text,
            &LabelSet::default(),
            &defaults(),
            &mut ids(),
            &mut problems,
        );
        let msgs: Vec<String> = problems.iter().map(ToString::to_string).collect();
        assert_eq!(msgs.len(), 3, "{msgs:?}");
        assert!(msgs[0].starts_with("in.jsonl:1:1: entity span 5..12: text \"مُحَمَّد\" does not match the document, which has \"مُحَمَّ\""), "{msgs:?}");
        assert!(
            msgs[1].contains("label \"entity\" with type \"XYZ\" is not in the corpus label set"),
            "{msgs:?}"
        );
        assert!(
            msgs[2].contains("claim span 20..99: past the end of the document (25 code points)"),
            "{msgs:?}"
        );
        assert_eq!(anns.len(), 2);
        // Byte offsets: "قالَ " is 9 bytes, "مُحَمَّد" 16.
        assert_eq!((anns[0].id.as_str(), anns[0].span.clone()), ("p1", 9..25));
        assert_eq!(
            anns[0].links,
            [Link {
                target: "x".into(),
                kind: "speaker".into()
            }]
        );
        assert_eq!(anns[0].status, Status::Suggested);
        assert_eq!(anns[1].id, "new1");
        assert_eq!(anns[1].quote, "٥٠٠ جندي");
        assert_eq!(
            anns[1].attrs,
            BTreeMap::from([("value".to_string(), "500".to_string())])
        );
    }

    #[test]
    fn brat_lines_map_types_to_labels_and_links_to_ids() {
        let text = "ab\r\n\r\ncd Paris";
        let ann = "T1\tclaim 1 2;6 8\tb cd\nT2\tLOC 9 14\tParis\nA1\tstatus T2 accepted\nA2\tunit T1 km\n\
                   R1\tabout Arg1:T1 Arg2:T2\n#1\tAnnotatorNotes T2\tcapital\nE1\tx\n";
        let mut problems = Vec::new();
        let doc = parse_brat("d.ann", ann, &LabelSet::default(), &mut problems);
        assert_eq!(problems.len(), 1);
        assert_eq!(
            problems[0].to_string(),
            "d.ann:7:1: E1: only T, A, R and # lines are imported; skipped"
        );
        problems.clear();
        let d = Defaults {
            status: Some(Status::Suggested),
            ..defaults()
        };
        let anns = to_annotations(
            &doc,
            text,
            &LabelSet::default(),
            &d,
            &mut ids(),
            &mut problems,
        );
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(anns.len(), 2);
        assert_eq!(
            (anns[0].span.clone(), anns[0].quote.as_str()),
            (1..8, "b\r\n\r\ncd")
        );
        assert_eq!(
            anns[0].attrs,
            BTreeMap::from([("unit".to_string(), "km".to_string())])
        );
        assert_eq!(
            anns[0].links,
            [Link {
                target: "new2".into(),
                kind: "about".into()
            }]
        );
        assert_eq!(
            (anns[1].label.as_str(), anns[1].kind.as_deref()),
            ("entity", Some("LOC"))
        );
        assert_eq!(anns[1].note.as_deref(), Some("capital"));
        // --as suggested overrides the file's status.
        assert_eq!(anns[1].status, Status::Suggested);
    }

    #[test]
    fn brat_speaker_relations_become_the_speakers_new_id() {
        let text = "Macron said the army left";
        let ann = "T1\tPER 0 6\tMacron\nT2\tclaim 12 25\tthe army left\nA1\tstatus T2 accepted\n\
                   R1\tspeaker Arg1:T2 Arg2:T1\nT3\tclaim 7 11\tsaid\nT4\tXYZ 0 6\tMacron\n\
                   R2\tspeaker Arg1:T3 Arg2:T4\n";
        let mut problems = Vec::new();
        let doc = parse_brat("d.ann", ann, &LabelSet::default(), &mut problems);
        // T4's type is not in the label set, so R2 names an unknown argument.
        let msgs: Vec<String> = problems.iter().map(ToString::to_string).collect();
        assert_eq!(
            msgs,
            [
                "d.ann:6:1: T4: type \"XYZ\" is not in the corpus label set; skipped",
                "d.ann:7:1: relation speaker T3 -> T4: unknown argument; skipped"
            ]
        );
        problems.clear();
        let anns = to_annotations(
            &doc,
            text,
            &LabelSet::default(),
            &defaults(),
            &mut ids(),
            &mut problems,
        );
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(anns.len(), 3);
        assert_eq!(anns[0].id, "new1");
        assert_eq!(
            anns[1].attrs,
            BTreeMap::from([("speaker".to_string(), "new1".to_string())])
        );
        assert!(anns[1].links.is_empty(), "{:?}", anns[1].links);
        assert_eq!(anns[1].status, Status::Accepted);
        // No status in the file: a pre-annotation.
        assert_eq!(anns[0].status, Status::Suggested);
        assert!(anns[2].attrs.is_empty());
    }

    #[test]
    fn merge_never_duplicates() {
        let text = "Paris and Rome";
        let doc = ImportedDoc {
            source: "x".into(),
            spans: vec![
                ImportedSpan {
                    start: 0,
                    end: 5,
                    label: "entity".into(),
                    kind: Some("LOC".into()),
                    ..Default::default()
                },
                ImportedSpan {
                    start: 10,
                    end: 14,
                    label: "entity".into(),
                    kind: Some("LOC".into()),
                    id: Some("r".into()),
                    ..Default::default()
                },
            ],
            ..Default::default()
        };
        let mut problems = Vec::new();
        let first = to_annotations(
            &doc,
            text,
            &LabelSet::default(),
            &defaults(),
            &mut ids(),
            &mut problems,
        );
        let mut existing = Vec::new();
        assert_eq!(
            merge(&mut existing, first.clone()),
            Merged {
                added: 2,
                duplicates: 0
            }
        );
        // Same spans again, with fresh ids for the id-less one: still no duplicate.
        let mut other_ids = || "zz".to_string();
        let again = to_annotations(
            &doc,
            text,
            &LabelSet::default(),
            &defaults(),
            &mut other_ids,
            &mut problems,
        );
        assert_eq!(
            merge(&mut existing, again),
            Merged {
                added: 0,
                duplicates: 2
            }
        );
        // Same id on another span: a duplicate too.
        let mut moved = first[1].clone();
        moved.span = 0..5;
        moved.label = "claim".into();
        assert_eq!(
            merge(&mut existing, vec![moved]),
            Merged {
                added: 0,
                duplicates: 1
            }
        );
        assert_eq!(existing.len(), 2);
    }
}
