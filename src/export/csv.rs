//! CSV for reviewers and fact-checkers: one row per claim (RFC 4180: comma
//! separated, CRLF line ends, fields quoted when they hold `,` `"` CR or LF,
//! quotes doubled). Columns in [`HEADER`]; docs/EXPORT.md explains each.
//!
//! - `speaker`: the quote of the entity named by the claim's `speaker`
//!   attribute or `speaker` link (the raw value when it names no annotation).
//! - `figures`, `entities`: annotations the claim links to, and those lying
//!   inside the claim's span, as `quote` or `quote (TYPE)`, joined by ` | `.
//! - `translation`, `translation_document`: the claims joined to this one by a
//!   `translation` link, in either direction.

use std::collections::HashMap;
use std::io::{self, Write};

use super::{Document, Index, Problem, status_name};
use crate::annotation::{Annotation, attr};
use crate::corpus::positions::Positions;

pub const HEADER: [&str; 13] = [
    "document",
    "id",
    "start",
    "end",
    "quote",
    "speaker",
    "figures",
    "entities",
    "translation",
    "translation_document",
    "note",
    "status",
    "annotator",
];

/// One RFC 4180 field.
pub fn field(s: &str) -> String {
    if s.contains([',', '"', '\r', '\n']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

fn write_row(out: &mut impl Write, row: &[&str]) -> io::Result<()> {
    let line: Vec<String> = row.iter().map(|f| field(f)).collect();
    out.write_all(line.join(",").as_bytes())?;
    out.write_all(b"\r\n")
}

fn describe(a: &Annotation) -> String {
    match &a.kind {
        Some(k) => format!("{} ({k})", a.quote),
        None => a.quote.clone(),
    }
}

/// What the rows of one document need from the rest of the export: every
/// annotation (speakers, linked figures and entities are named by their
/// quote) and the translation links pointing at each claim. Built from
/// every document first ([`Context::add`], [`Context::finish`]), so that
/// the rows can then be written one document at a time.
#[derive(Debug)]
pub struct Context {
    index: Index,
    /// Translation links as written: (document path, source id, source
    /// quote, target), resolved by [`Context::finish`].
    links: Vec<(String, String, String, String)>,
    /// Translation links pointing at an annotation: (document path, id) ->
    /// its sources.
    incoming: HashMap<(String, String), Vec<Source>>,
}

/// The document path, id and quote of an annotation a translation link
/// comes from.
type Source = (String, String, String);

impl Default for Context {
    fn default() -> Self {
        Context {
            index: Index::detailed(),
            links: Vec::new(),
            incoming: HashMap::new(),
        }
    }
}

impl Context {
    /// Take in one exported document's annotations.
    pub fn add(&mut self, d: &Document<'_>) {
        self.index.add(&d.info.path, d.annotations);
        for a in d.annotations {
            for l in a.links.iter().filter(|l| l.kind == "translation") {
                self.links.push((
                    d.info.path.clone(),
                    a.id.clone(),
                    a.quote.clone(),
                    l.target.clone(),
                ));
            }
        }
    }

    /// Put a document in a group (see [`Index::set_group`]).
    pub fn set_group(&mut self, path: &str, group: usize) {
        self.index.set_group(path, group);
    }

    /// Resolve the translation links once every document is in (and in its
    /// group).
    pub fn finish(&mut self) {
        for (path, id, quote, target) in std::mem::take(&mut self.links) {
            if let Some(t) = self.index.resolve(&path, &target) {
                self.incoming
                    .entry((t.path.to_string(), t.id.to_string()))
                    .or_default()
                    .push((path, id, quote));
            }
        }
    }
}

/// The header row.
pub fn write_header(out: &mut impl Write) -> io::Result<()> {
    write_row(out, &HEADER)
}

/// Write the header and one row per claim of every document.
pub fn write_all(
    out: &mut impl Write,
    docs: &[Document<'_>],
    problems: &mut Vec<Problem>,
) -> io::Result<()> {
    let mut context = Context::default();
    for d in docs {
        context.add(d);
    }
    context.finish();
    write_header(out)?;
    for d in docs {
        write_document(out, d, &context, problems)?;
    }
    Ok(())
}

/// One row per claim of a document.
pub fn write_document(
    out: &mut impl Write,
    d: &Document<'_>,
    context: &Context,
    problems: &mut Vec<Problem>,
) -> io::Result<()> {
    let (index, incoming) = (&context.index, &context.incoming);
    let pos = Positions::new(d.text);
    for c in d.annotations.iter().filter(|a| a.label == "claim") {
        let (Some(start), Some(end)) = (pos.char_offset(c.span.start), pos.char_offset(c.span.end))
        else {
            problems.push(Problem::in_file(
                &d.info.path,
                format!("claim {} has a range outside the text; not exported", c.id),
            ));
            continue;
        };
        let here = |msg: String| Problem::at(&d.info.path, pos.line_column(c.span.start), msg);

        let mut speakers: Vec<String> = Vec::new();
        let speaker_refs = c.attrs.get(attr::SPEAKER).into_iter().chain(
            c.links
                .iter()
                .filter(|l| l.kind == "speaker")
                .map(|l| &l.target),
        );
        for target in speaker_refs {
            let s = match index.resolve(&d.info.path, target) {
                Some(t) => t.quote.to_string(),
                None => {
                    problems.push(here(format!(
                        "claim {}: speaker {target} names no exported annotation; written as is",
                        c.id
                    )));
                    target.clone()
                }
            };
            if !speakers.contains(&s) {
                speakers.push(s);
            }
        }

        let mut figures: Vec<(String, String)> = Vec::new();
        let mut entities: Vec<(String, String)> = Vec::new();
        let mut translations: Vec<(String, String)> = Vec::new();
        let add = |list: &mut Vec<(String, String)>, key: String, text: String| {
            if !list.iter().any(|(k, _)| *k == key) {
                list.push((key, text));
            }
        };
        for a in d.annotations {
            if a.span.start >= c.span.start && a.span.end <= c.span.end && a.id != c.id {
                let key = format!("{}#{}", d.info.path, a.id);
                match a.label.as_str() {
                    "figure" => add(&mut figures, key, describe(a)),
                    "entity" => add(&mut entities, key, describe(a)),
                    _ => {}
                }
            }
        }
        for l in &c.links {
            let Some(t) = index.resolve(&d.info.path, &l.target) else {
                if l.kind != "speaker" {
                    problems.push(here(format!(
                        "claim {}: link {} -> {} names no exported annotation",
                        c.id, l.kind, l.target
                    )));
                }
                continue;
            };
            let key = format!("{}#{}", t.path, t.id);
            if l.kind == "translation" {
                add(&mut translations, key, t.quote.to_string());
                continue;
            }
            match t.label {
                "figure" => add(&mut figures, key, t.describe()),
                "entity" if l.kind != "speaker" => add(&mut entities, key, t.describe()),
                _ => {}
            }
        }
        if let Some(sources) = incoming.get(&(d.info.path.clone(), c.id.clone())) {
            for (path, id, quote) in sources {
                add(&mut translations, format!("{path}#{id}"), quote.clone());
            }
        }
        let mut translation_docs: Vec<&str> = Vec::new();
        for (k, _) in &translations {
            if let Some((doc, _)) = k.rsplit_once('#')
                && !translation_docs.contains(&doc)
            {
                translation_docs.push(doc);
            }
        }
        let join = |l: &[(String, String)]| {
            l.iter()
                .map(|x| x.1.as_str())
                .collect::<Vec<_>>()
                .join(" | ")
        };
        let (start, end) = (start.to_string(), end.to_string());
        write_row(
            out,
            &[
                &d.info.path,
                &c.id,
                &start,
                &end,
                &c.quote,
                &speakers.join(" | "),
                &join(&figures),
                &join(&entities),
                &join(&translations),
                &translation_docs.join(" | "),
                c.note.as_deref().unwrap_or_default(),
                status_name(c.status),
                &c.annotator,
            ],
        )?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::super::testing::*;
    use super::*;
    use crate::annotation::Link;

    #[test]
    fn rfc4180_quoting() {
        assert_eq!(field("plain نص"), "plain نص");
        assert_eq!(field("a,b"), "\"a,b\"");
        assert_eq!(field("say \"no\""), "\"say \"\"no\"\"\"");
        assert_eq!(field("two\nlines"), "\"two\nlines\"");
        assert_eq!(field("cr\r"), "\"cr\r\"");
    }

    #[test]
    fn one_row_per_claim_with_speaker_figures_entities_and_translation() {
        let ar = "قال ماكرون إن ٥٠٠ جندي، وصلوا.";
        let en = "Macron said 500 soldiers, arrived.";
        let (ia, ie) = (info("ar.txt", "ar"), info("en.txt", "en"));
        let sp = ann(ar, "sp", "entity", Some("PER"), "ماكرون");
        let fig = ann(ar, "fg", "figure", None, "٥٠٠ جندي");
        let mut claim = ann(ar, "c1", "claim", None, "٥٠٠ جندي، وصلوا");
        claim.attrs.insert("speaker".into(), "sp".into());
        claim.note = Some("check \"500\"".into());
        let mut en_claim = ann(en, "c2", "claim", None, "500 soldiers, arrived");
        en_claim.links.push(Link {
            target: "ar.txt#c1".into(),
            kind: "translation".into(),
        });
        let (a_anns, e_anns) = ([sp, claim, fig], [en_claim]);
        let docs = [
            Document {
                info: &ia,
                text: ar,
                annotations: &a_anns,
            },
            Document {
                info: &ie,
                text: en,
                annotations: &e_anns,
            },
        ];
        let mut out = Vec::new();
        let mut problems = Vec::new();
        write_all(&mut out, &docs, &mut problems).expect("write to memory");
        assert!(problems.is_empty(), "{problems:?}");
        let s = String::from_utf8(out).expect("utf-8");
        // Offsets by hand: "قال ماكرون إن " is 14 code points, the claim 15
        // (checked with Python). "،" is U+060C, not a comma: no quoting.
        assert_eq!(
            s,
            "document,id,start,end,quote,speaker,figures,entities,translation,translation_document,note,status,annotator\r\n\
             ar.txt,c1,14,29,٥٠٠ جندي، وصلوا,ماكرون,٥٠٠ جندي,,\"500 soldiers, arrived\",en.txt,\"check \"\"500\"\"\",accepted,rania\r\n\
             en.txt,c2,12,33,\"500 soldiers, arrived\",,,,٥٠٠ جندي، وصلوا,ar.txt,,accepted,rania\r\n"
        );
    }
}
