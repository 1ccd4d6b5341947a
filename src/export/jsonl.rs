//! JSONL: one JSON object per document per line (spaCy / doccano style
//! character spans). Field list and types: docs/EXPORT.md.
//!
//! Every line has the same shape and the same types so that Arrow-based
//! loaders (Hugging Face `datasets`) infer one schema for the whole file:
//! - no value is ever `null`: an absent string is `""`. Arrow fixes a
//!   column's type from the first block of the file (10 MB in `datasets`),
//!   and a column that is `null` all through that block can never take a
//!   string later ("Couldn't cast array of type string to null");
//! - every span's `attributes` object carries the same keys — the union of
//!   attribute keys over the whole export — with `""` where a span has none
//!   (a struct whose fields change between blocks fails the same way).

use std::collections::{BTreeMap, BTreeSet};
use std::io::{self, Write};

use serde::Serialize;

use super::{Document, Index, Problem, quoted, resolve_relative, split_target, status_name};
use crate::annotation::Annotation;
use crate::corpus::positions::Positions;

#[derive(Serialize)]
struct Line<'a> {
    id: &'a str,
    path: &'a str,
    /// Only in exports that carry layers.
    #[serde(skip_serializing_if = "Option::is_none")]
    layer: Option<&'a str>,
    language: &'a str,
    direction: &'a str,
    text: &'a str,
    spans: Vec<Span<'a>>,
    relations: Vec<Relation<'a>>,
}

#[derive(Serialize)]
struct Span<'a> {
    id: &'a str,
    start: usize,
    end: usize,
    label: &'a str,
    #[serde(rename = "type")]
    kind: &'a str,
    text: &'a str,
    attributes: Attributes<'a>,
    annotator: &'a str,
    status: &'static str,
    note: &'a str,
    created: &'a str,
    modified: &'a str,
}

/// Every key of the export with this span's value or `null`, serialized
/// without building a map per span.
struct Attributes<'a> {
    keys: &'a BTreeSet<String>,
    attrs: &'a BTreeMap<String, String>,
}

impl Serialize for Attributes<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut map = s.serialize_map(Some(self.keys.len()))?;
        for k in self.keys {
            map.serialize_entry(k, self.attrs.get(k).map_or("", String::as_str))?;
        }
        map.end()
    }
}

#[derive(Serialize)]
struct Relation<'a> {
    source: &'a str,
    kind: &'a str,
    /// The link target as written in the sidecar (`id` or `file#id`).
    target: &'a str,
    target_id: &'a str,
    /// Corpus-relative path of the target's document; `""` when it is
    /// this document.
    target_document: String,
}

/// The union of attribute keys over the documents (see the module doc).
pub fn attribute_keys<'a>(docs: impl IntoIterator<Item = &'a Document<'a>>) -> BTreeSet<String> {
    let mut keys = BTreeSet::new();
    for d in docs {
        for a in d.annotations {
            for k in a.attrs.keys() {
                if !keys.contains(k) {
                    keys.insert(k.clone());
                }
            }
        }
    }
    keys
}

/// A span's text checked against the document: the slice, or a problem when
/// the byte range is not a valid range of the text or the quote differs.
pub(crate) fn checked_slice<'t>(
    doc: &Document<'t>,
    pos: &Positions<'_>,
    a: &Annotation,
) -> Result<&'t str, Problem> {
    let file = &doc.info.path;
    match doc.text.get(a.span.clone()) {
        None => Err(Problem::in_file(
            file,
            format!(
                "annotation {} ({}) has a range outside the text or inside a character; not exported",
                a.id, a.label
            ),
        )),
        Some(s) if s != a.quote => Err(Problem::at(
            file,
            pos.line_column(a.span.start),
            format!(
                "annotation {} ({}): quoted text {} differs from the document {}; not exported",
                a.id,
                a.label,
                quoted(&a.quote),
                quoted(s)
            ),
        )),
        Some("") => Err(Problem::at(
            file,
            pos.line_column(a.span.start),
            format!("annotation {} ({}) is empty; not exported", a.id, a.label),
        )),
        Some(s) => Ok(s),
    }
}

/// Write one document as one JSON line. `keys` is [`attribute_keys`] over
/// the whole export; `index` resolves cross-document link targets.
pub fn write_document(
    out: &mut impl Write,
    doc: &Document<'_>,
    keys: &BTreeSet<String>,
    index: &Index,
    problems: &mut Vec<Problem>,
) -> io::Result<()> {
    let pos = Positions::new(doc.text);
    let mut spans = Vec::with_capacity(doc.annotations.len());
    let mut relations = Vec::new();
    for a in doc.annotations {
        let text = match checked_slice(doc, &pos, a) {
            Ok(t) => t,
            Err(p) => {
                problems.push(p);
                continue;
            }
        };
        let (Some(start), Some(end)) = (pos.char_offset(a.span.start), pos.char_offset(a.span.end))
        else {
            continue; // checked_slice verified both are boundaries
        };
        let attributes = Attributes {
            keys,
            attrs: &a.attrs,
        };
        spans.push(Span {
            id: &a.id,
            start,
            end,
            label: &a.label,
            kind: a.kind.as_deref().unwrap_or_default(),
            text,
            attributes,
            annotator: &a.annotator,
            status: status_name(a.status),
            note: a.note.as_deref().unwrap_or_default(),
            created: &a.created,
            modified: &a.modified,
        });
        for l in &a.links {
            let (target_doc, target_id) = split_target(&l.target);
            let resolved = index.resolve(&doc.info.path, &l.target);
            let target_document = target_doc
                .map(|d| {
                    resolved
                        .map(|t| t.path.to_string())
                        .or_else(|| resolve_relative(&doc.info.path, d))
                        .unwrap_or_else(|| d.to_string())
                })
                .unwrap_or_default();
            if resolved.is_none() {
                problems.push(Problem::at(
                    &doc.info.path,
                    pos.line_column(a.span.start),
                    format!(
                        "annotation {}: link {} -> {} points to no exported annotation; written as is",
                        a.id, l.kind, l.target
                    ),
                ));
            }
            relations.push(Relation {
                source: &a.id,
                kind: &l.kind,
                target: &l.target,
                target_id,
                target_document,
            });
        }
    }
    let line = Line {
        id: &doc.info.id,
        path: &doc.info.path,
        layer: doc.info.layer.as_deref(),
        language: doc.info.language.as_deref().unwrap_or_default(),
        direction: doc.info.direction.as_deref().unwrap_or_default(),
        text: doc.text,
        spans,
        relations,
    };
    serde_json::to_writer(&mut *out, &line).map_err(io::Error::from)?;
    out.write_all(b"\n")
}

/// Write every document, one line each.
pub fn write_all(
    out: &mut impl Write,
    docs: &[Document<'_>],
    problems: &mut Vec<Problem>,
) -> io::Result<()> {
    let keys = attribute_keys(docs);
    let mut index = Index::ids();
    for d in docs {
        index.add(&d.info.path, d.annotations);
    }
    for d in docs {
        write_document(out, d, &keys, &index, problems)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::super::testing::*;
    use super::*;
    use crate::annotation::Link;
    use serde_json::{Value, json};

    fn export(docs: &[Document<'_>]) -> (Vec<Value>, Vec<Problem>) {
        let mut out = Vec::new();
        let mut problems = Vec::new();
        write_all(&mut out, docs, &mut problems).expect("write to memory");
        let s = String::from_utf8(out).expect("utf-8");
        assert!(s.ends_with('\n'));
        let lines = s
            .lines()
            .map(|l| serde_json::from_str(l).expect("valid json"))
            .collect();
        (lines, problems)
    }

    #[test]
    fn spans_are_in_code_points_with_harakat() {
        // "مُحَمَّد" has 4 letters and 4 harakat: 8 code points, 16 bytes.
        let text = "قالَ مُحَمَّد: ٥٧٠٠ جندي";
        let i = info("a.txt", "ar");
        let mut p = ann(text, "p1", "entity", Some("PER"), "مُحَمَّد");
        p.attrs.insert("gender".into(), "m".into());
        let mut f = ann(text, "f1", "figure", None, "٥٧٠٠ جندي");
        f.attrs.insert("value".into(), "5700".into());
        f.links.push(Link {
            target: "p1".into(),
            kind: "speaker".into(),
        });
        let anns = [p, f];
        let (lines, problems) = export(&[Document {
            info: &i,
            text,
            annotations: &anns,
        }]);
        assert!(problems.is_empty(), "{problems:?}");
        let spans = &lines[0]["spans"];
        // Counted by hand: "قالَ " is 5 code points.
        assert_eq!(spans[0]["start"], 5);
        assert_eq!(spans[0]["end"], 13);
        assert_eq!(spans[0]["text"], "مُحَمَّد");
        assert_eq!(spans[0]["attributes"], json!({"gender": "m", "value": ""}));
        // ": " then the figure.
        assert_eq!(spans[1]["start"], 15);
        assert_eq!(spans[1]["end"], 24);
        assert_eq!(spans[1]["type"], "");
        assert_eq!(spans[1]["note"], "");
        assert_eq!(
            spans[1]["attributes"],
            json!({"gender": "", "value": "5700"})
        );
        assert_eq!(lines[0]["direction"], "rtl");
        assert_eq!(
            lines[0]["relations"],
            json!([{"source": "f1", "kind": "speaker", "target": "p1", "target_id": "p1", "target_document": ""}])
        );
    }

    #[test]
    fn every_line_has_the_same_keys() {
        let (t1, t2) = ("one doc", "two");
        let (i1, i2) = (info("a.txt", "en"), info("b.txt", "en"));
        let a = [ann(t1, "x", "claim", None, "one")];
        let (lines, _) = export(&[
            Document {
                info: &i1,
                text: t1,
                annotations: &a,
            },
            Document {
                info: &i2,
                text: t2,
                annotations: &[],
            },
        ]);
        let keys = |v: &Value| v.as_object().map(|o| o.keys().cloned().collect::<Vec<_>>());
        assert_eq!(keys(&lines[0]), keys(&lines[1]));
        assert_eq!(lines[1]["spans"], json!([]));
        // No null anywhere: Arrow would type such a column `null` for good.
        fn no_null(v: &Value) -> bool {
            match v {
                Value::Null => false,
                Value::Array(a) => a.iter().all(no_null),
                Value::Object(o) => o.values().all(no_null),
                _ => true,
            }
        }
        assert!(lines.iter().all(no_null), "{lines:?}");
        let span_keys = keys(&lines[0]["spans"][0]).unwrap_or_default();
        assert_eq!(
            span_keys,
            [
                "annotator",
                "attributes",
                "created",
                "end",
                "id",
                "label",
                "modified",
                "note",
                "start",
                "status",
                "text",
                "type"
            ]
        );
    }

    #[test]
    fn a_quote_that_disagrees_with_the_text_is_reported_not_written() {
        let text = "first line\nsecond line";
        let i = info("a.txt", "en");
        let mut bad = ann(text, "b", "claim", None, "second");
        bad.quote = "sec0nd".into();
        let dangling = {
            let mut a = ann(text, "d", "claim", None, "first");
            a.links.push(Link {
                target: "other.txt#zz".into(),
                kind: "translation".into(),
            });
            a
        };
        let anns = [dangling, bad];
        let (lines, problems) = export(&[Document {
            info: &i,
            text,
            annotations: &anns,
        }]);
        assert_eq!(lines[0]["spans"].as_array().map(Vec::len), Some(1));
        assert_eq!(problems.len(), 2, "{problems:?}");
        assert!(
            problems[0]
                .to_string()
                .starts_with("a.txt:1:1: annotation d: link translation -> other.txt#zz")
        );
        assert!(
            problems[1]
                .to_string()
                .starts_with("a.txt:2:1: annotation b (claim): quoted text")
        );
        assert_eq!(lines[0]["relations"][0]["target_document"], "other.txt");
    }
}
