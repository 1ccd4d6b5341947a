//! Claim candidates: quotations and reported speech, with a suggested
//! speaker.
//!
//! - A **quotation** between `“ ”`, `« »` or straight `" "` quotes, within
//!   one paragraph and at least three words long, is a candidate; its span is
//!   the text inside the marks. Shorter quotes (`“عدو مشترك”`, scare quotes
//!   around a name) are not.
//! - A sentence with a **reporting verb** (`قال`, `قالت`, `وقال`, `أكد`,
//!   `أضاف`, `أعلن`, `حذر`, …; said, told, insisted, warned, added,
//!   announced, …) outside quotes is a candidate unless it already holds a
//!   quotation candidate (the quotation is the claim then). Its span is what
//!   follows the complementizer (`إن`/`أن`/`that`) when one comes within a
//!   few words of the verb, else what follows the verb, else (verb at the
//!   end: `…, the president said.`) what precedes it.
//! - The **speaker** is the entity nearest to the reporting verb in the same
//!   sentence (or to the quotation when there is no verb), from the entity
//!   spans the caller passes (annotations, gazetteer matches, capitalized
//!   names).

use std::ops::Range;
use std::sync::OnceLock;

use super::fasthash::FastSet;
use super::fold::fold;

/// How a claim candidate was found.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ClaimSource {
    Quotation,
    ReportingVerb,
}

/// A claim candidate.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Claim {
    /// Byte range of the claimed content.
    pub span: Range<usize>,
    pub source: ClaimSource,
    /// The reporting verb, when there is one.
    pub verb: Option<Range<usize>>,
    /// Index into the entity spans given to [`detect`].
    pub speaker: Option<usize>,
}

fn reporting_verbs() -> &'static FastSet<String> {
    static VERBS: OnceLock<FastSet<String>> = OnceLock::new();
    VERBS.get_or_init(|| {
        let words = "قال قالت قالوا قلن يقول تقول يقولون نقول \
            أكد أكدت أكدوا يؤكد تؤكد يؤكدون \
            أضاف أضافت أضافوا يضيف تضيف \
            أعلن أعلنت أعلنوا يعلن تعلن \
            حذر حذرت حذروا يحذر تحذر \
            أوضح أوضحت صرح صرحت يصرح \
            أشار أشارت يشير تشير \
            شدد شددت يشدد تشدد \
            اعتبر اعتبرت يعتبر \
            أفاد أفادت يفيد \
            said says say told tells insisted insists warned warns added adds \
            announced announces stated states claimed claims declared declares \
            explained noted argued cautioned stressed asserted";
        words.split_whitespace().map(fold).collect()
    })
}

const COMPLEMENTIZERS: &[&str] = &["ان", "that"];

/// A word: byte span.
struct Word {
    span: Range<usize>,
}

impl Word {
    fn folded(&self, text: &str) -> String {
        fold(text.get(self.span.clone()).unwrap_or(""))
    }
}

fn words_in(text: &str, range: Range<usize>) -> Vec<Word> {
    let mut out = Vec::new();
    let Some(slice) = text.get(range.clone()) else {
        return out;
    };
    let mut start = None;
    for (i, c) in slice.char_indices() {
        let in_word = c.is_alphanumeric() || super::fold::is_ignorable(c);
        match (in_word, start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                out.push(Word {
                    span: range.start + s..range.start + i,
                });
                start = None;
            }
            _ => {}
        }
    }
    if let Some(s) = start {
        out.push(Word {
            span: range.start + s..range.start + slice.len(),
        });
    }
    out
}

/// Longest reporting verb with a proclitic, in bytes (Arabic letters are
/// two bytes; `وأضافوا` folds to 7 letters).
const MAX_VERB_BYTES: usize = 16;

fn is_reporting_verb(folded: &str) -> bool {
    let verbs = reporting_verbs();
    verbs.contains(folded)
        || ["و", "ف"]
            .iter()
            .any(|p| folded.strip_prefix(p).is_some_and(|s| verbs.contains(s)))
}

/// Quotation marks: `(open, close)`.
fn closing(c: char) -> Option<char> {
    match c {
        '“' => Some('”'),
        '«' => Some('»'),
        '"' => Some('"'),
        _ => None,
    }
}

/// Quotations in one paragraph: spans of their content.
fn quotations(text: &str, para: Range<usize>) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let Some(slice) = text.get(para.clone()) else {
        return out;
    };
    let mut open: Option<(char, usize)> = None;
    for (i, c) in slice.char_indices() {
        match open {
            None => {
                if let Some(close) = closing(c) {
                    open = Some((close, i + c.len_utf8()));
                }
            }
            Some((close, start)) if c == close => {
                out.push(para.start + start..para.start + i);
                open = None;
            }
            _ => {}
        }
    }
    out
}

/// Sentences of a paragraph: sentence-final punctuation outside quotes ends
/// one. Spans are trimmed of whitespace.
fn sentences(text: &str, para: Range<usize>, quotes: &[Range<usize>]) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let Some(slice) = text.get(para.clone()) else {
        return out;
    };
    let mut start = para.start;
    for (i, c) in slice.char_indices() {
        let at = para.start + i;
        if matches!(c, '.' | '!' | '?' | '؟' | '…')
            && !quotes.iter().any(|q| q.start <= at && at < q.end)
        {
            let next = slice.get(i + c.len_utf8()..).and_then(|s| s.chars().next());
            // `3.5` and `U.S.` are not sentence ends.
            if next.is_none_or(char::is_whitespace) {
                out.push(start..at + c.len_utf8());
                start = at + c.len_utf8();
            }
        }
    }
    out.push(start..para.end);
    out.into_iter()
        .map(|r| trim(text, r))
        .filter(|r| !r.is_empty())
        .collect()
}

fn trim(text: &str, r: Range<usize>) -> Range<usize> {
    let Some(s) = text.get(r.clone()) else {
        return r.start..r.start;
    };
    let lead = s.len() - s.trim_start().len();
    let t = s.trim();
    r.start + lead..r.start + lead + t.len()
}

/// Trim whitespace and the punctuation that closes a clause.
fn trim_clause(text: &str, r: Range<usize>) -> Range<usize> {
    let r = trim(text, r);
    let Some(s) = text.get(r.clone()) else {
        return r;
    };
    let lead = s.len()
        - s.trim_start_matches(|c: char| c.is_whitespace() || matches!(c, ',' | '،' | ':' | '؛'))
            .len();
    let t = s.trim_end_matches(|c: char| {
        c.is_whitespace() || matches!(c, '.' | ',' | '،' | ':' | '؛' | '!' | '?' | '؟')
    });
    r.start + lead..r.start + t.len().max(lead)
}

/// Trim whitespace and trailing commas (`“…, Hamas,” he said`).
fn trim_quote(text: &str, r: Range<usize>) -> Range<usize> {
    let r = trim(text, r);
    let s = text.get(r.clone()).unwrap_or("");
    let t = s.trim_end_matches([',', '،', ' ']);
    r.start..r.start + t.len()
}

fn word_count(text: &str, r: &Range<usize>) -> usize {
    words_in(text, r.clone()).len()
}

/// Entity spans sorted by start, to look up those inside a sentence.
struct Entities<'a> {
    spans: &'a [Range<usize>],
    order: Vec<usize>,
}

impl<'a> Entities<'a> {
    fn new(spans: &'a [Range<usize>]) -> Entities<'a> {
        let mut order: Vec<usize> = (0..spans.len()).collect();
        order.sort_by_key(|&i| spans[i].start);
        Entities { spans, order }
    }

    /// The entity nearest to `to`, inside `within` and outside `exclude`.
    fn nearest(
        &self,
        within: &Range<usize>,
        exclude: &Range<usize>,
        to: &Range<usize>,
    ) -> Option<usize> {
        let lo = self
            .order
            .partition_point(|&i| self.spans[i].start < within.start);
        let hi = self
            .order
            .partition_point(|&i| self.spans[i].start < within.end);
        self.order
            .get(lo..hi)?
            .iter()
            .map(|&i| (i, &self.spans[i]))
            .filter(|(_, e)| !e.is_empty() && e.end <= within.end)
            .filter(|(_, e)| !(exclude.start <= e.start && e.end <= exclude.end))
            .filter(|(_, e)| !(e.start < to.end && to.start < e.end))
            .min_by_key(|(i, e)| {
                let d = if e.end <= to.start {
                    to.start - e.end
                } else {
                    e.start.saturating_sub(to.end)
                };
                (d, *i)
            })
            .map(|(i, _)| i)
    }
}

/// Claim candidates in `text`. `entities` are the spans of known entities
/// (any order), used to suggest speakers.
pub fn detect(text: &str, entities: &[Range<usize>]) -> Vec<Claim> {
    let entities = Entities::new(entities);
    let mut out = Vec::new();
    let mut para_start = 0;
    for line in text.split_inclusive('\n') {
        let para = para_start..para_start + line.len();
        para_start = para.end;
        let quotes: Vec<Range<usize>> = quotations(text, para.clone());
        let claims_q: Vec<Range<usize>> = quotes
            .iter()
            .map(|q| trim_quote(text, q.clone()))
            .filter(|q| word_count(text, q) >= 3)
            .collect();
        for sentence in sentences(text, para, &quotes) {
            let words = words_in(text, sentence.clone());
            let verb = words.iter().position(|w| {
                // `States` in `the United States` is a name, not a verb.
                let lower = text
                    .get(w.span.clone())
                    .and_then(|s| s.chars().next())
                    .is_some_and(|c| !c.is_uppercase());
                lower
                    && w.span.len() <= 2 * MAX_VERB_BYTES
                    && is_reporting_verb(&w.folded(text))
                    && !quotes
                        .iter()
                        .any(|q| q.start <= w.span.start && w.span.end <= q.end)
            });
            let in_sentence: Vec<&Range<usize>> = claims_q
                .iter()
                .filter(|q| sentence.start <= q.start && q.end <= sentence.end)
                .collect();
            let verb_span = verb.map(|v| words[v].span.clone());
            if !in_sentence.is_empty() {
                for q in in_sentence {
                    let anchor = verb_span.clone().unwrap_or_else(|| q.clone());
                    out.push(Claim {
                        span: q.clone(),
                        source: ClaimSource::Quotation,
                        verb: verb_span.clone(),
                        speaker: entities.nearest(&sentence, q, &anchor),
                    });
                }
                continue;
            }
            let Some(v) = verb else { continue };
            let vspan = words[v].span.clone();
            let comp = words
                .iter()
                .enumerate()
                .skip(v + 1)
                .take(12)
                .find(|(_, w)| COMPLEMENTIZERS.contains(&w.folded(text).as_str()));
            let after_verb = trim_clause(text, vspan.end..sentence.end);
            let span = match comp {
                Some((_, w)) => trim_clause(text, w.span.end..sentence.end),
                None if word_count(text, &after_verb) >= 3 => after_verb,
                // `…, Netanyahu said.`: the content ends at the last comma.
                None => {
                    let before = text.get(sentence.start..vspan.start).unwrap_or("");
                    let cut = before.rfind([',', '،']).unwrap_or(before.len());
                    trim_clause(text, sentence.start..sentence.start + cut)
                }
            };
            if word_count(text, &span) < 3 {
                continue;
            }
            out.push(Claim {
                speaker: entities.nearest(&sentence, &span, &vspan),
                span,
                source: ClaimSource::ReportingVerb,
                verb: Some(vspan.clone()),
            });
        }
    }
    out
}

/// Capitalized Latin names (`Benjamin Netanyahu`, `Macron`): runs of
/// capitalized words, except a single word that starts a sentence and a
/// few function words. A cheap stand-in for a speaker when no entity is
/// annotated.
pub fn capitalized_names(text: &str) -> Vec<Range<usize>> {
    const SKIP: &[&str] = &[
        "The", "A", "An", "He", "She", "It", "They", "We", "I", "But", "And", "In", "On", "At",
        "While", "Although", "This", "That", "These", "Those", "Mr", "Mrs", "Ms",
    ];
    let words = words_in(text, 0..text.len());
    let mut out = Vec::new();
    let mut k = 0;
    while k < words.len() {
        let raw = |w: &Word| text.get(w.span.clone()).unwrap_or("");
        let is_cap = |w: &Word| {
            let r = raw(w);
            r.chars().next().is_some_and(|c| c.is_ascii_uppercase())
                && r.chars().skip(1).any(|c| c.is_ascii_lowercase())
                && !SKIP.contains(&r)
        };
        if !is_cap(&words[k]) {
            k += 1;
            continue;
        }
        let mut end = k + 1;
        while end < words.len()
            && is_cap(&words[end])
            && text
                .get(words[end - 1].span.end..words[end].span.start)
                .is_some_and(|g| g == " ")
        {
            end += 1;
        }
        let before = text
            .get(..words[k].span.start)
            .map(|s| s.trim_end())
            .unwrap_or("");
        let sentence_start = before.is_empty()
            || before.ends_with(['.', '!', '?', '\n', '“', '”', '«', '»', '"', ':']);
        if end - k >= 2 || !sentence_start {
            out.push(words[k].span.start..words[end - 1].span.end);
        }
        k = end;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn claims(text: &str, entities: &[&str]) -> Vec<(String, Option<String>)> {
        let spans: Vec<Range<usize>> = entities
            .iter()
            .filter_map(|e| text.find(e).map(|s| s..s + e.len()))
            .collect();
        detect(text, &spans)
            .into_iter()
            .map(|c| {
                (
                    text.get(c.span).unwrap_or("?").to_string(),
                    c.speaker
                        .map(|s| text.get(spans[s].clone()).unwrap_or("?").to_string()),
                )
            })
            .collect()
    }

    #[test]
    fn arabic_reporting_verb_with_complementizer() {
        let text = "وقال ماكرون الأربعاء إن الرد الأول على الحرب هو التعاون.";
        assert_eq!(
            claims(text, &["ماكرون"]),
            [(
                "الرد الأول على الحرب هو التعاون".to_string(),
                Some("ماكرون".to_string())
            )]
        );
    }

    #[test]
    fn quotation_with_verb_after_it() {
        let text = "“France is ready to fight against Hamas,” the president said, Macron added.";
        let got = claims(text, &["Macron"]);
        assert_eq!(got.len(), 1);
        assert_eq!(got[0].0, "France is ready to fight against Hamas");
        assert_eq!(got[0].1.as_deref(), Some("Macron"));
    }

    #[test]
    fn guillemets_and_short_quotes() {
        let text = "وأضاف أن «الرد الصحيح هو التعاون» الذي تدخل. ووصف حماس بأنها “النازيون الجدد”.";
        let got = claims(text, &[]);
        assert_eq!(got, [("الرد الصحيح هو التعاون".to_string(), None)]);
    }

    #[test]
    fn english_verb_at_the_end() {
        let text = "The coalition must fight Hamas too, Netanyahu said.";
        assert_eq!(
            claims(text, &["Netanyahu"]),
            [(
                "The coalition must fight Hamas too".to_string(),
                Some("Netanyahu".to_string())
            )]
        );
    }

    #[test]
    fn capitalized_verb_forms_are_names() {
        let text = "Alongside the United States, which maintains around 2,500 troops in Iraq.";
        assert!(claims(text, &[]).is_empty());
    }

    #[test]
    fn no_claim_without_verb_or_quote() {
        assert!(claims("اجتمع وزراء دفاع 13 بلداً في باريس.", &[]).is_empty());
    }

    #[test]
    fn capitalized_names_skip_sentence_starts() {
        let text = "Speaking alongside Israeli Prime Minister Benjamin Netanyahu, Macron said. Tensions rose.";
        let names: Vec<&str> = capitalized_names(text)
            .into_iter()
            .filter_map(|r| text.get(r))
            .collect();
        assert_eq!(
            names,
            ["Israeli Prime Minister Benjamin Netanyahu", "Macron"]
        );
    }
}
