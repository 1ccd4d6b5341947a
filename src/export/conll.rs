//! CoNLL-2003 style BIO (IOB2): `token TAG` per line, a blank line between
//! sentences, `-DOCSTART- O` and a blank line before each document.
//!
//! BIO holds one label per token, so some spans cannot be written as they
//! are. The rule (docs/EXPORT.md), applied per document:
//! 1. A span covers every token it overlaps. A span boundary strictly inside a
//!    token is reported and the span widened to whole tokens.
//! 2. When spans share a token, the one covering more tokens wins, then the
//!    one that starts first, then the smaller id; each loser is reported
//!    (with the winner) and left out.
//! 3. A span covering no token (only white space or invisible marks) is
//!    reported and left out.
//! 4. A sentence never ends inside a written span: a sentence break there is
//!    dropped (the two sentences are joined), so no entity is cut into two.
//!
//! The tag of a span is its entity type (`PER`, `ORG` …) when it has one,
//! else its label in upper case (`CLAIM`, `FIGURE`).

use std::io::{self, Write};

use super::tokenize::{Token, tokenize};
use super::{Document, Problem, quoted};
use crate::annotation::Annotation;
use crate::corpus::positions::Positions;

/// The BIO tag name of an annotation.
pub fn tag_name(a: &Annotation) -> String {
    match &a.kind {
        Some(k) => k.clone(),
        None => a.label.to_uppercase(),
    }
}

/// Tokens of a document with their IOB2 tags.
#[derive(Debug, PartialEq, Eq)]
pub struct Tagged {
    pub tokens: Vec<Token>,
    pub tags: Vec<String>,
}

/// Tag the tokens of one document with its annotations (all of them: the
/// caller chooses which labels go into BIO). Problems follow the rule in the
/// module doc.
pub fn tag_document(doc: &Document<'_>, problems: &mut Vec<Problem>) -> Tagged {
    let mut tokens = tokenize(doc.text);
    let anns: Vec<&Annotation> = doc.annotations.iter().collect();
    let owners = token_owners(doc, &anns, &tokens, Some(problems));
    let mut tags = vec!["O".to_string(); tokens.len()];
    for (i, o) in owners.iter().enumerate() {
        let Some(k) = *o else { continue };
        let Some(a) = anns.get(k) else { continue };
        let first = i == 0 || owners.get(i - 1) != Some(o);
        if let Some(t) = tags.get_mut(i) {
            *t = format!("{}-{}", if first { "B" } else { "I" }, tag_name(a));
        }
        // 4: no sentence break inside a span.
        if owners.get(i + 1) == Some(o)
            && let Some(tok) = tokens.get_mut(i)
        {
            tok.sentence_end = false;
        }
    }
    Tagged { tokens, tags }
}

/// Rules 1–3 of the module doc: for each token of `tokens`
/// (`tokenize(doc.text)`), the index into `annotations` of the span whose
/// tag it carries. A span's tokens are contiguous, so a token starts a span
/// (`B-`) exactly when the token before it has another owner. `doc`'s own
/// annotations are not read. Problems are reported when `problems` is
/// given (`hashiya agree` tags one text many times and does not report).
pub fn token_owners(
    doc: &Document<'_>,
    annotations: &[&Annotation],
    tokens: &[Token],
    mut problems: Option<&mut Vec<Problem>>,
) -> Vec<Option<usize>> {
    let text = doc.text;
    let file = doc.info.path.as_str();
    let pos = problems.as_ref().map(|_| Positions::new(text));
    // Widening (rule 1) and the overlap rule (2) are adjustments BIO makes
    // by its nature: warnings. A span left with no token (3) is a loss.
    let mut report = |at: usize, message: String, warning: bool| {
        if let (Some(p), Some(pos)) = (problems.as_deref_mut(), pos.as_ref()) {
            let problem = Problem::at(file, pos.line_column(at), message);
            p.push(if warning { problem.warning() } else { problem });
        }
    };
    let tok_text = |t: &Token| text.get(t.span.clone()).unwrap_or_default().to_string();

    // 1 and 3: token ranges of each span.
    let mut candidates: Vec<(usize, usize, usize)> = Vec::new();
    for (k, a) in annotations.iter().enumerate() {
        let first = tokens.partition_point(|t| t.span.end <= a.span.start);
        let end = tokens.partition_point(|t| t.span.start < a.span.end);
        if first >= end {
            report(
                a.span.start,
                format!(
                    "{} {} covers no token; left out of the BIO tags",
                    a.label, a.id
                ),
                false,
            );
            continue;
        }
        let (Some(ft), Some(lt)) = (tokens.get(first), tokens.get(end - 1)) else {
            continue;
        };
        if a.span.start > ft.span.start {
            report(
                a.span.start,
                format!(
                    "{} {} starts inside the token {}; widened to the whole token",
                    a.label,
                    a.id,
                    quoted(&tok_text(ft))
                ),
                true,
            );
        }
        if a.span.end < lt.span.end {
            report(
                a.span.end,
                format!(
                    "{} {} ends inside the token {}; widened to the whole token",
                    a.label,
                    a.id,
                    quoted(&tok_text(lt))
                ),
                true,
            );
        }
        candidates.push((first, end, k));
    }

    // 2: longest first, then earliest, then smallest id.
    let id = |k: usize| annotations.get(k).map_or("", |a| a.id.as_str());
    candidates.sort_by(|x, y| {
        (y.1 - y.0)
            .cmp(&(x.1 - x.0))
            .then(x.0.cmp(&y.0))
            .then_with(|| id(x.2).cmp(id(y.2)))
    });
    let mut owner: Vec<Option<usize>> = vec![None; tokens.len()];
    for (first, end, k) in candidates {
        let taken = owner
            .get(first..end)
            .and_then(|o| o.iter().flatten().next().copied());
        if let Some(w) = taken {
            if let (Some(a), Some(winner)) = (annotations.get(k), annotations.get(w)) {
                report(
                    a.span.start,
                    format!(
                        "{} {} overlaps {} {} in BIO; kept {}, left out {}",
                        a.label, a.id, winner.label, winner.id, winner.id, a.id
                    ),
                    true,
                );
            }
            continue;
        }
        for o in owner.iter_mut().take(end).skip(first) {
            *o = Some(k);
        }
    }
    owner
}

/// Write one document: `-DOCSTART- O`, a blank line, then its sentences.
pub fn write_document(
    out: &mut impl Write,
    doc: &Document<'_>,
    problems: &mut Vec<Problem>,
) -> io::Result<()> {
    let tagged = tag_document(doc, problems);
    out.write_all(b"-DOCSTART- O\n\n")?;
    for (t, tag) in tagged.tokens.iter().zip(&tagged.tags) {
        let word = doc.text.get(t.span.clone()).unwrap_or_default();
        writeln!(out, "{word} {tag}")?;
        if t.sentence_end {
            out.write_all(b"\n")?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::super::testing::*;
    use super::*;

    fn conll(text: &str, anns: &[Annotation]) -> (String, Vec<String>) {
        let i = info("doc.txt", "ar");
        let mut out = Vec::new();
        let mut problems = Vec::new();
        write_document(
            &mut out,
            &Document {
                info: &i,
                text,
                annotations: anns,
            },
            &mut problems,
        )
        .expect("write to memory");
        (
            String::from_utf8(out).expect("utf-8"),
            problems.iter().map(ToString::to_string).collect(),
        )
    }

    #[test]
    fn arabic_entities_with_harakat_get_iob2_tags() {
        let text = "دعا إيمانُويل ماكرون، في باريس.";
        let anns = [
            ann(text, "p", "entity", Some("PER"), "إيمانُويل ماكرون"),
            ann(text, "l", "entity", Some("LOC"), "باريس"),
        ];
        let (out, problems) = conll(text, &anns);
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(
            out,
            "-DOCSTART- O\n\nدعا O\nإيمانُويل B-PER\nماكرون I-PER\n، O\nفي O\nباريس B-LOC\n. O\n\n"
        );
    }

    #[test]
    fn span_inside_a_token_is_widened_and_reported() {
        // The entity starts after the clitic و, which stays on the token.
        let text = "التقى وماكرون بهم";
        let anns = [ann(text, "p", "entity", Some("PER"), "ماكرون")];
        let (out, problems) = conll(text, &anns);
        assert!(out.contains("وماكرون B-PER\n"), "{out}");
        assert_eq!(
            problems,
            [
                "doc.txt:1:8: entity p starts inside the token \"وماكرون\"; widened to the whole token"
            ]
        );
    }

    #[test]
    fn overlaps_keep_the_longer_span_and_report_the_other() {
        let text = "Bank of England staff";
        let anns = [
            ann(text, "b", "entity", Some("LOC"), "England"),
            ann(text, "a", "entity", Some("ORG"), "Bank of England"),
            ann(text, "c", "claim", None, "staff"),
        ];
        let (out, problems) = conll(text, &anns);
        assert_eq!(
            out,
            "-DOCSTART- O\n\nBank B-ORG\nof I-ORG\nEngland I-ORG\nstaff B-CLAIM\n\n"
        );
        assert_eq!(
            problems,
            ["doc.txt:1:9: entity b overlaps entity a in BIO; kept a, left out b"]
        );
    }

    #[test]
    fn no_sentence_break_inside_a_span() {
        let text = "Dr. Who came.\nThe U.N.\nagency said";
        let anns = [
            ann(text, "p", "entity", Some("PER"), "Dr. Who"),
            ann(text, "o", "entity", Some("ORG"), "U.N.\nagency"),
        ];
        let (out, problems) = conll(text, &anns);
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(
            out,
            "-DOCSTART- O\n\nDr B-PER\n. I-PER\nWho I-PER\ncame O\n. O\n\nThe O\nU.N B-ORG\n. I-ORG\nagency I-ORG\nsaid O\n\n"
        );
    }

    #[test]
    fn a_span_over_white_space_only_is_reported() {
        let text = "a   b";
        let mut s = ann(text, "w", "claim", None, "  ");
        s.span = 2..4;
        let (_, problems) = conll(text, &[s]);
        assert_eq!(
            problems,
            ["doc.txt:1:3: claim w covers no token; left out of the BIO tags"]
        );
    }
}
