//! brat standoff: the document's `.txt` copied byte for byte and a `.ann`
//! beside it, plus one `annotation.conf` for the collection.
//!
//! brat offsets are character (code point) offsets into the `.txt` as read
//! without newline translation, which is exactly our boundary convention.
//! Rules (docs/EXPORT.md):
//! - `T` type: the entity type when the annotation has one, else its label.
//! - A span crossing a line break (or a tab) is written as fragments
//!   `start end;start end` around the break characters, and its text is the
//!   fragments joined by one space — brat's own rule for discontinuous spans.
//! - `A` lines: each attribute (`A1\tvalue T1 5700`) and the status, always
//!   (`A2\tstatus T1 accepted`), so that `import` restores it. White space in
//!   a value becomes `_` (reported).
//! - `R` lines: links between two annotations of the same document
//!   (`R1\ttranslation Arg1:T1 Arg2:T2`), and a claim's speaker
//!   (`attrs.speaker`, an annotation id) as `R2\tspeaker Arg1:T3 Arg2:T1`
//!   from the claim to its speaker. A link to another document, or a speaker
//!   that is not exported, cannot be represented and is reported.
//! - `#` lines: the note (`#1\tAnnotatorNotes T1\tnote`), line breaks in it
//!   replaced by spaces.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fmt::Write as _;

use super::jsonl::checked_slice;
use super::{Document, Problem, quoted, split_target, status_name};
use crate::annotation::Annotation;
use crate::corpus::positions::Positions;

/// The attribute holding a claim's speaker (an annotation id).
const SPEAKER: &str = "speaker";

/// Characters that end a fragment: what Python's `str.splitlines` splits on,
/// plus the tab that separates `.ann` fields.
pub fn is_break(c: char) -> bool {
    matches!(
        c,
        '\n' | '\r'
            | '\t'
            | '\u{0B}'
            | '\u{0C}'
            | '\u{1C}'
            | '\u{1D}'
            | '\u{1E}'
            | '\u{85}'
            | '\u{2028}'
            | '\u{2029}'
    )
}

/// A brat type, attribute or relation name: letters, digits, `_` and `-`;
/// anything else becomes `_`.
pub fn brat_name(s: &str) -> String {
    let name: String = s
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || c == '_' || c == '-' {
                c
            } else {
                '_'
            }
        })
        .collect();
    if name.is_empty() {
        "_".to_string()
    } else {
        name
    }
}

/// The brat entity type of an annotation.
pub fn entity_type(a: &Annotation) -> String {
    brat_name(a.kind.as_deref().unwrap_or(&a.label))
}

/// What one collection uses, for `annotation.conf`.
#[derive(Debug, Default)]
pub struct Config {
    pub entities: BTreeSet<String>,
    pub relations: BTreeSet<String>,
    /// Attribute name → values seen.
    pub attributes: BTreeMap<String, BTreeSet<String>>,
}

impl Config {
    /// `annotation.conf`: every type, relation and attribute value seen.
    pub fn render(&self) -> String {
        let mut s = String::from("# Written by hashiya export --format brat\n[entities]\n");
        for e in &self.entities {
            let _ = writeln!(s, "{e}");
        }
        s.push_str("\n[relations]\n");
        for r in &self.relations {
            let _ = writeln!(s, "{r}\tArg1:<ENTITY>, Arg2:<ENTITY>");
        }
        s.push_str("<OVERLAP>\tArg1:<ENTITY>, Arg2:<ENTITY>, <OVL-TYPE>:<ANY>\n\n[events]\n\n[attributes]\n");
        for (name, values) in &self.attributes {
            let vals: Vec<&str> = values.iter().map(String::as_str).collect();
            let _ = writeln!(s, "{name}\tArg:<ENTITY>, Value:{}", vals.join("|"));
        }
        s
    }
}

/// The `.ann` text of one document. Updates `config` with what it uses.
pub fn ann_text(doc: &Document<'_>, config: &mut Config, problems: &mut Vec<Problem>) -> String {
    let file = doc.info.path.as_str();
    let pos = Positions::new(doc.text);
    let mut out = String::new();
    let mut t_ids: HashMap<&str, usize> = HashMap::new();
    let mut kept: Vec<&Annotation> = Vec::new();
    let mut a_n = 0;
    let mut note_n = 0;

    for a in doc.annotations {
        let slice = match checked_slice(doc, &pos, a) {
            Ok(s) => s,
            Err(p) => {
                problems.push(p);
                continue;
            }
        };
        // Fragments: maximal runs without break characters, in code points.
        let Some(base) = pos.char_offset(a.span.start) else {
            continue;
        };
        let mut frags: Vec<(usize, usize, &str)> = Vec::new();
        let mut run: Option<(usize, usize)> = None; // (char start, byte start)
        let mut ci = base;
        for (bi, c) in slice.char_indices() {
            if is_break(c) {
                if let Some((cs, bs)) = run.take() {
                    frags.push((cs, ci, slice.get(bs..bi).unwrap_or_default()));
                }
            } else if run.is_none() {
                run = Some((ci, bi));
            }
            ci += 1;
        }
        if let Some((cs, bs)) = run {
            frags.push((cs, ci, slice.get(bs..).unwrap_or_default()));
        }
        if frags.is_empty() {
            problems.push(Problem::at(
                file,
                pos.line_column(a.span.start),
                format!(
                    "{} {} holds only line breaks; left out of the .ann",
                    a.label, a.id
                ),
            ));
            continue;
        }
        let t = t_ids.len() + 1;
        t_ids.insert(&a.id, t);
        kept.push(a);
        let ty = entity_type(a);
        config.entities.insert(ty.clone());
        let offsets: Vec<String> = frags.iter().map(|(s, e, _)| format!("{s} {e}")).collect();
        let texts: Vec<&str> = frags.iter().map(|f| f.2).collect();
        let _ = writeln!(out, "T{t}\t{ty} {}\t{}", offsets.join(";"), texts.join(" "));

        // The speaker is a relation, written below once every T id is known.
        let mut attrs: Vec<(String, String)> = a
            .attrs
            .iter()
            .filter(|(k, _)| k.as_str() != SPEAKER)
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect();
        attrs.push(("status".into(), status_name(a.status).into()));
        for (k, v) in attrs {
            let name = brat_name(&k);
            let value: String = v
                .chars()
                .map(|c| if c.is_whitespace() { '_' } else { c })
                .collect();
            if value != v {
                problems.push(Problem::at(
                    file,
                    pos.line_column(a.span.start),
                    format!(
                        "{} {}: attribute {k} value {} written as {} (brat values have no spaces)",
                        a.label,
                        a.id,
                        quoted(&v),
                        quoted(&value)
                    ),
                )
                .warning());
            }
            a_n += 1;
            let _ = writeln!(out, "A{a_n}\t{name} T{t} {value}");
            config.attributes.entry(name).or_default().insert(value);
        }
        if let Some(note) = &a.note {
            note_n += 1;
            let flat: String = note
                .chars()
                .map(|c| if is_break(c) { ' ' } else { c })
                .collect();
            let _ = writeln!(out, "#{note_n}\tAnnotatorNotes T{t}\t{flat}");
        }
    }

    let mut r_n = 0;
    for a in kept {
        let Some(&src) = t_ids.get(a.id.as_str()) else {
            continue;
        };
        if let Some(speaker) = a.attrs.get(SPEAKER) {
            match t_ids.get(speaker.as_str()) {
                Some(&dst) => {
                    r_n += 1;
                    let _ = writeln!(out, "R{r_n}\t{SPEAKER} Arg1:T{src} Arg2:T{dst}");
                    config.relations.insert(SPEAKER.to_string());
                }
                None => problems.push(Problem::at(
                    file,
                    pos.line_column(a.span.start),
                    format!(
                        "{} {}: speaker {} is not an exported annotation of this document; not in the .ann",
                        a.label,
                        a.id,
                        quoted(speaker)
                    ),
                )),
            }
        }
        for l in &a.links {
            let (target_doc, target_id) = split_target(&l.target);
            match (target_doc, t_ids.get(target_id)) {
                (None, Some(&dst)) => {
                    r_n += 1;
                    let kind = brat_name(&l.kind);
                    let _ = writeln!(out, "R{r_n}\t{kind} Arg1:T{src} Arg2:T{dst}");
                    config.relations.insert(kind);
                }
                _ => problems.push(Problem::at(
                    file,
                    pos.line_column(a.span.start),
                    format!(
                        "{} {}: link {} -> {} {}; not in the .ann",
                        a.label,
                        a.id,
                        l.kind,
                        l.target,
                        if target_doc.is_some() {
                            "goes to another document, which brat relations cannot hold"
                        } else {
                            "points to no exported annotation"
                        }
                    ),
                )),
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::super::testing::*;
    use super::*;
    use crate::annotation::{Link, Status};

    fn brat(text: &str, anns: &[Annotation]) -> (String, Config, Vec<String>) {
        let i = info("doc.txt", "ar");
        let mut config = Config::default();
        let mut problems = Vec::new();
        let ann = ann_text(
            &Document {
                info: &i,
                text,
                annotations: anns,
            },
            &mut config,
            &mut problems,
        );
        (
            ann,
            config,
            problems.iter().map(ToString::to_string).collect(),
        )
    }

    #[test]
    fn t_a_r_and_notes_in_code_points() {
        // "قالَ " = 5 code points; "مُحَمَّد" = 8.
        let text = "قالَ مُحَمَّد إن ٥٠٠ جندي";
        let mut p = ann(text, "p", "entity", Some("PER"), "مُحَمَّد");
        p.note = Some("the\nspeaker".into());
        let mut f = ann(text, "f", "figure", None, "٥٠٠ جندي");
        f.attrs.insert("value".into(), "500".into());
        f.attrs.insert("unit".into(), "soldiers".into());
        f.status = Status::Suggested;
        f.links.push(Link {
            target: "p".into(),
            kind: "speaker".into(),
        });
        f.links.push(Link {
            target: "en.txt#q".into(),
            kind: "translation".into(),
        });
        let (ann, config, problems) = brat(text, &[p, f]);
        assert_eq!(
            ann,
            "T1\tPER 5 13\tمُحَمَّد\nA1\tstatus T1 accepted\n#1\tAnnotatorNotes T1\tthe speaker\n\
             T2\tfigure 17 25\t٥٠٠ جندي\nA2\tunit T2 soldiers\nA3\tvalue T2 500\nA4\tstatus T2 suggested\n\
             R1\tspeaker Arg1:T2 Arg2:T1\n"
        );
        assert_eq!(
            problems,
            [
                "doc.txt:1:18: figure f: link translation -> en.txt#q goes to another document, which brat relations cannot hold; not in the .ann"
            ]
        );
        let conf = config.render();
        assert!(conf.contains("[entities]\nPER\nfigure\n"), "{conf}");
        assert!(
            conf.contains("speaker\tArg1:<ENTITY>, Arg2:<ENTITY>\n"),
            "{conf}"
        );
        assert!(conf.contains("value\tArg:<ENTITY>, Value:500\n"), "{conf}");
    }

    #[test]
    fn a_claim_speaker_is_a_relation_between_t_ids() {
        // "قال " = 4 code points, "أحمد" 4, " إن " 4.
        let text = "قال أحمد إن الجيش انسحب";
        let p = ann(text, "pid0000001", "entity", Some("PER"), "أحمد");
        let mut c = ann(text, "cid0000001", "claim", None, "الجيش انسحب");
        c.attrs.insert("speaker".into(), "pid0000001".into());
        let mut lost = ann(text, "cid0000002", "claim", None, "قال");
        lost.attrs.insert("speaker".into(), "nobody0001".into());
        let (ann, config, problems) = brat(text, &[p, c, lost]);
        assert_eq!(
            ann,
            "T1\tPER 4 8\tأحمد\nA1\tstatus T1 accepted\n\
             T2\tclaim 12 23\tالجيش انسحب\nA2\tstatus T2 accepted\n\
             T3\tclaim 0 3\tقال\nA3\tstatus T3 accepted\n\
             R1\tspeaker Arg1:T2 Arg2:T1\n"
        );
        assert_eq!(
            problems,
            [
                "doc.txt:1:1: claim cid0000002: speaker \"nobody0001\" is not an exported annotation of this document; not in the .ann"
            ]
        );
        let conf = config.render();
        assert!(!conf.contains("pid0000001"), "{conf}");
        assert!(
            conf.contains("speaker\tArg1:<ENTITY>, Arg2:<ENTITY>\n"),
            "{conf}"
        );
    }

    #[test]
    fn multi_line_spans_become_fragments() {
        let text = "ab\r\n\r\ncd\tef";
        let mut c = ann(text, "c", "claim", None, "b\r\n\r\ncd\te");
        c.attrs.insert("speaker note".into(), "two words".into());
        let (ann, _, problems) = brat(text, &[c]);
        assert_eq!(
            ann,
            "T1\tclaim 1 2;6 8;9 10\tb cd e\nA1\tspeaker_note T1 two_words\nA2\tstatus T1 accepted\n"
        );
        assert_eq!(problems.len(), 1);
        assert!(
            problems[0]
                .contains("attribute speaker note value \"two words\" written as \"two_words\"")
        );
    }
}
