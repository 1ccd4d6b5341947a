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
use super::fold::{fold, fold_into, is_letter_or_digit};

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

/// `إن`/`أن` (folded), with the pronoun suffixes they often carry
/// (`إنهم على علم` — the pronoun belongs to the claim but the span starts
/// after the word), and `that`.
const COMPLEMENTIZERS: &[&str] = &[
    "ان", "انه", "انها", "انهم", "انهن", "اننا", "انني", "انك", "انكم", "that",
];

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
        let in_word = is_letter_or_digit(c) || super::fold::is_ignorable(c);
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

/// Can a reporting verb (as written, with the `و`/`ف` prefixes) start
/// with `c`? Lower-case Latin only.
fn is_verb_initial(c: char) -> bool {
    matches!(
        c,
        'ق' | 'ا'
            | 'أ'
            | 'إ'
            | 'آ'
            | 'ي'
            | 'ت'
            | 'ن'
            | 'ح'
            | 'ص'
            | 'ش'
            | 'و'
            | 'ف'
            | 's'
            | 't'
            | 'i'
            | 'c'
            | 'w'
            | 'a'
            | 'd'
            | 'e'
            | 'n'
    )
}

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

    /// The first entity starting in `from..to`.
    fn first_after(&self, from: usize, to: usize) -> Option<usize> {
        let lo = self.order.partition_point(|&i| self.spans[i].start < from);
        let &i = self.order.get(lo)?;
        (self.spans[i].start < to && !self.spans[i].is_empty()).then_some(i)
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
    let mut buf = String::new();
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
                let Some(first) = text.get(w.span.clone()).and_then(|s| s.chars().next()) else {
                    return false;
                };
                // Cheap tests first: the first letters reporting verbs can
                // have (with `و`/`ف`), lower case (`States` in `the United
                // States` is a name), a short word, outside quotes.
                is_verb_initial(first)
                    && w.span.len() <= 2 * MAX_VERB_BYTES
                    // No reporting verb starts with the article.
                    && !text.get(w.span.clone()).is_some_and(|s| s.starts_with("ال"))
                    && {
                        fold_into(text.get(w.span.clone()).unwrap_or(""), &mut buf);
                        is_reporting_verb(&buf)
                    }
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
            // Arabic puts the subject after the verb (`وحذر الرئيس هولاند من
            // …`): an entity within three words of the verb is the speaker,
            // and the content starts after it.
            let arabic_verb = text
                .get(vspan.clone())
                .and_then(|v| v.chars().next())
                .is_some_and(|c| !c.is_ascii());
            let subject = entities
                .first_after(vspan.end, sentence.end)
                .filter(|_| arabic_verb)
                .filter(|&e| {
                    let gap = words_in(text, vspan.end..entities.spans[e].start).len();
                    gap <= 3
                });
            let content_from = subject.map_or(vspan.end, |e| entities.spans[e].end);
            let after_verb = trim_clause(text, content_from..sentence.end);
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
        "The",
        "A",
        "An",
        "He",
        "She",
        "It",
        "They",
        "We",
        "I",
        "But",
        "And",
        "In",
        "On",
        "At",
        "While",
        "Although",
        "This",
        "That",
        "These",
        "Those",
        "Mr",
        "Mrs",
        "Ms",
        "Monday",
        "Tuesday",
        "Wednesday",
        "Thursday",
        "Friday",
        "Saturday",
        "Sunday",
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ];
    // The end of the word starting at `at`.
    let word_end = |at: usize| {
        text.get(at..).map_or(at, |rest| {
            at + rest
                .char_indices()
                .find(|&(_, c)| !is_letter_or_digit(c))
                .map_or(rest.len(), |(i, _)| i)
        })
    };
    // A capitalized word at `at`: `Macron`, not `US` or `The`.
    let cap_word = |at: usize| -> Option<usize> {
        let first = *text.as_bytes().get(at)?;
        if !first.is_ascii_uppercase() {
            return None;
        }
        let end = word_end(at);
        let w = text.get(at..end)?;
        (w.bytes().skip(1).any(|b| b.is_ascii_lowercase()) && !SKIP.contains(&w)).then_some(end)
    };
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        // Only ASCII capitals at a word start can begin a name.
        if !bytes[i].is_ascii_uppercase() {
            i += 1;
            continue;
        }
        let prev = text.get(..i).and_then(|s| s.chars().next_back());
        if prev.is_some_and(is_letter_or_digit) {
            i += 1;
            continue;
        }
        let Some(mut end) = cap_word(i) else {
            i = word_end(i).max(i + 1);
            continue;
        };
        let mut words = 1;
        while bytes.get(end) == Some(&b' ') {
            match cap_word(end + 1) {
                Some(e) => {
                    end = e;
                    words += 1;
                }
                None => break,
            }
        }
        let before = text.get(..i).map(|s| s.trim_end()).unwrap_or("");
        let sentence_start = before.is_empty()
            || before.ends_with(['.', '!', '?', '\n', '“', '”', '«', '»', '"', ':']);
        if words >= 2 || !sentence_start {
            out.push(i..end);
        }
        i = end;
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
    fn arabic_subject_after_the_verb_is_the_speaker() {
        let text = "وحذّر الرئيس هولاند من تسلل مقاتلين للتنظيم وسط حشود المدنيين.";
        assert_eq!(
            claims(text, &["هولاند"]),
            [(
                "من تسلل مقاتلين للتنظيم وسط حشود المدنيين".to_string(),
                Some("هولاند".to_string())
            )]
        );
    }

    #[test]
    fn english_subject_is_not_skipped_and_weekdays_are_not_names() {
        let text = "The port announced on Monday the arrival of the first ship.";
        let spans = capitalized_names(text);
        assert!(spans.is_empty(), "{spans:?}");
        assert_eq!(
            claims(text, &[]),
            [("on Monday the arrival of the first ship".to_string(), None)]
        );
    }

    #[test]
    fn complementizer_with_pronoun() {
        let text = "وقال مسؤولون أمريكيون إنهم على علم باقتراح ماكرون.";
        assert_eq!(claims(text, &[])[0].0, "على علم باقتراح ماكرون");
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
