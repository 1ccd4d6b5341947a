//! Entity propagation: find the other occurrences of a name in a document,
//! matched Arabic-aware, at exact original offsets.
//!
//! Matching works on folded text (see [`super::fold`]): harakat and tatweel
//! are ignored, hamza forms of alef, `ة`/`ه` and `ى`/`ي` are one letter each.
//! A name matches whole words only; an Arabic name may carry the clitic
//! prefixes `و ف ب ك ل ال` and their combinations (`وال`, `بال`, `لل`, …),
//! which stay outside the reported span. A name written with a capital
//! Latin letter only matches capitalized occurrences (`Will` is not `will`).

use std::ops::Range;

use super::fasthash::FastMap;
use super::fold::{Folded, fold, is_letter_or_digit};

/// Clitic prefixes, folded, that may precede an Arabic name inside its word.
const PREFIXES: &[&str] = &[
    "و", "ف", "ب", "ك", "ل", "ال", "وال", "فال", "بال", "كال", "لل", "وب", "فب", "وك", "فك", "ول",
    "فل", "وبال", "فبال", "وكال", "فكال", "ولل", "فلل",
];

fn is_arabic(c: char) -> bool {
    matches!(c, '\u{0600}'..='\u{06FF}' | '\u{0750}'..='\u{077F}' | '\u{08A0}'..='\u{08FF}')
}

/// One name to look for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Name {
    /// The name as written by the user or the gazetteer.
    pub text: String,
    /// Entity type (`PER`, `ORG`, …), if known.
    pub kind: Option<String>,
}

/// An occurrence of one of the matcher's names.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Occurrence {
    /// Byte range in the original text, clitic prefixes excluded.
    pub span: Range<usize>,
    /// Index of the name in the list given to [`Matcher::new`].
    pub name: usize,
}

struct Pattern {
    name: usize,
    /// Folded words after the first.
    rest: Vec<String>,
    /// The name starts with a capital Latin letter.
    capital: bool,
    arabic: bool,
}

/// Where a match is being tried.
struct Ctx<'a> {
    text: &'a str,
    folded: &'a Folded,
    ws: &'a [Range<usize>],
    k: usize,
}

/// Finds many names at once in one pass over a text.
pub struct Matcher {
    /// Folded first word → patterns starting with it.
    by_first: FastMap<String, Vec<Pattern>>,
    /// Byte lengths of the first words (bit n: length n, lengths ≥ 127 share
    /// the top bit): a cheap test before a lookup.
    first_lens: u128,
    names: Vec<Name>,
}

/// Words of a folded text: byte ranges of maximal alphanumeric runs.
fn words(folded: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in folded.char_indices() {
        match (is_letter_or_digit(c), start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                out.push(s..i);
                start = None;
            }
            _ => {}
        }
    }
    if let Some(s) = start {
        out.push(s..folded.len());
    }
    out
}

impl Matcher {
    /// A matcher for `names`; names with no letters are ignored.
    pub fn new(names: Vec<Name>) -> Matcher {
        let mut by_first: FastMap<String, Vec<Pattern>> = FastMap::default();
        for (idx, name) in names.iter().enumerate() {
            let folded = fold(&name.text);
            let mut ws = words(&folded)
                .into_iter()
                .filter_map(|r| folded.get(r).map(str::to_string));
            let Some(first) = ws.next() else { continue };
            let capital = name
                .text
                .chars()
                .find(|c| c.is_alphabetic())
                .is_some_and(|c| c.is_ascii_uppercase());
            let arabic = first.chars().next().is_some_and(is_arabic);
            by_first.entry(first).or_default().push(Pattern {
                name: idx,
                rest: ws.collect(),
                capital,
                arabic,
            });
        }
        let first_lens = by_first
            .keys()
            .fold(0u128, |m, k| m | (1u128 << k.len().min(127)));
        Matcher {
            by_first,
            first_lens,
            names,
        }
    }

    fn has_first_len(&self, len: usize) -> bool {
        self.first_lens & (1u128 << len.min(127)) != 0
    }

    /// The names this matcher looks for.
    pub fn names(&self) -> &[Name] {
        &self.names
    }

    /// All occurrences in `text`, in order, without overlaps (at one place
    /// the longest name wins).
    pub fn find(&self, text: &str) -> Vec<Occurrence> {
        let folded = Folded::new(text);
        self.find_folded(text, &folded)
    }

    /// [`Matcher::find`] on a text already folded.
    pub fn find_folded(&self, text: &str, folded: &Folded) -> Vec<Occurrence> {
        let ft = folded.text.as_str();
        let ws = words(ft);
        let mut out = Vec::new();
        let mut k = 0;
        while k < ws.len() {
            let word = ft.get(ws[k].clone()).unwrap_or("");
            let ctx = Ctx {
                text,
                folded,
                ws: &ws,
                k,
            };
            let mut best = self.best(&ctx, word, false).map(|(n, name)| (n, 0, name));
            // Every prefix starts with one of these letters.
            let may_have_prefix = word
                .chars()
                .next()
                .is_some_and(|c| matches!(c, 'و' | 'ف' | 'ب' | 'ك' | 'ل' | 'ا'));
            if best.is_none() && may_have_prefix {
                for p in PREFIXES {
                    let Some(stem) = word.strip_prefix(p) else {
                        continue;
                    };
                    if stem.chars().count() < 2 {
                        continue;
                    }
                    best = self
                        .best(&ctx, stem, true)
                        .map(|(n, name)| (n, p.len(), name));
                    // `لل` + `اسد` is `ل` + `الاسد`; the span keeps the second
                    // `ل`, which stands for the article.
                    if best.is_none()
                        && p.ends_with("لل")
                        && self.has_first_len(stem.len() + "ال".len())
                    {
                        best = self
                            .best(&ctx, &format!("ال{stem}"), true)
                            .map(|(n, name)| (n, p.len() - 'ل'.len_utf8(), name));
                    }
                    if best.is_some() {
                        break;
                    }
                }
            }
            match best {
                Some((n, prefix_len, name)) => {
                    let start = ws[k].start + prefix_len;
                    let end = ws[k + n - 1].end;
                    out.push(Occurrence {
                        span: folded.original_range(start..end),
                        name,
                    });
                    k += n;
                }
                None => k += 1,
            }
        }
        out
    }

    /// The longest pattern whose first word is `stem` and whose other words
    /// follow word `k`: `(words, name index)`.
    fn best(&self, ctx: &Ctx<'_>, stem: &str, arabic_prefix: bool) -> Option<(usize, usize)> {
        if !self.has_first_len(stem.len()) {
            return None;
        }
        let pats = self.by_first.get(stem)?;
        let mut best: Option<(usize, usize)> = None;
        for p in pats {
            if arabic_prefix && !p.arabic {
                continue;
            }
            if p.capital {
                let orig = ctx.folded.original_range(ctx.ws[ctx.k].clone());
                let first = ctx.text.get(orig).and_then(|s| s.chars().next());
                if !first.is_some_and(|c| c.is_uppercase()) {
                    continue;
                }
            }
            if !self.rest_matches(&ctx.folded.text, ctx.ws, ctx.k, &p.rest) {
                continue;
            }
            let n = 1 + p.rest.len();
            if best.is_none_or(|(bn, _)| n > bn) {
                best = Some((n, p.name));
            }
        }
        best
    }

    /// Do the words after `k` equal `rest`, separated only by whitespace?
    fn rest_matches(&self, ft: &str, ws: &[Range<usize>], k: usize, rest: &[String]) -> bool {
        rest.iter().enumerate().all(|(j, w)| {
            let Some(r) = ws.get(k + 1 + j) else {
                return false;
            };
            let between = ft.get(ws[k + j].end..r.start).unwrap_or("x");
            !between.is_empty()
                && between.chars().all(char::is_whitespace)
                && ft.get(r.clone()) == Some(w.as_str())
        })
    }
}

/// The occurrences of one name in `text` (see [`Matcher::find`]).
pub fn find_occurrences(text: &str, name: &str) -> Vec<Range<usize>> {
    Matcher::new(vec![Name {
        text: name.to_string(),
        kind: None,
    }])
    .find(text)
    .into_iter()
    .map(|o| o.span)
    .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn quotes(text: &str, name: &str) -> Vec<String> {
        find_occurrences(text, name)
            .into_iter()
            .map(|r| text.get(r).unwrap_or("?").to_string())
            .collect()
    }

    #[test]
    fn clitics_stay_outside_the_span() {
        let text = "قال ماكرون لحماس وحماس والحماس بحماس، ولحماس";
        assert_eq!(
            quotes(text, "حماس"),
            ["حماس", "حماس", "حماس", "حماس", "حماس"]
        );
        let spans = find_occurrences(text, "حماس");
        // `لحماس`: the span starts after the `ل`.
        assert_eq!(
            text.get(spans[0].start - "ل".len()..spans[0].start),
            Some("ل")
        );
    }

    #[test]
    fn harakat_tatweel_and_letter_variants_are_folded() {
        let text = "حَمَاسٌ و حمـــاس و إيمانويل ماكرون و ايمانويل  ماكرون";
        assert_eq!(quotes(text, "حماس"), ["حَمَاسٌ", "حمـــاس"]);
        assert_eq!(
            quotes(text, "إيمانويل ماكرون"),
            ["إيمانويل ماكرون", "ايمانويل  ماكرون"]
        );
        assert_eq!(quotes("المدرسه والمدرسة", "مدرسة"), ["مدرسه", "مدرسة"]);
    }

    #[test]
    fn not_inside_longer_words() {
        assert!(quotes("حماسة الجماهير والحماسية", "حماس").is_empty());
        assert!(quotes("Hamasville and Macronism", "Hamas").is_empty());
        assert!(quotes("ماكرونيات", "ماكرون").is_empty());
    }

    #[test]
    fn definite_names_after_lam() {
        assert_eq!(quotes("دعم للأسد ولبشار", "الأسد"), ["لأسد"]);
    }

    #[test]
    fn capitalized_names_need_capitals() {
        assert_eq!(quotes("Will said he will go", "Will"), ["Will"]);
        assert_eq!(quotes("Macron’s office; macron", "Macron"), ["Macron"]);
    }

    #[test]
    fn longest_name_wins() {
        let m = Matcher::new(vec![
            Name {
                text: "ماكرون".into(),
                kind: None,
            },
            Name {
                text: "إيمانويل ماكرون".into(),
                kind: Some("PER".into()),
            },
        ]);
        let occ = m.find("الرئيس إيمانويل ماكرون ثم ماكرون");
        assert_eq!(occ.len(), 2);
        assert_eq!(occ[0].name, 1);
        assert_eq!(occ[1].name, 0);
    }

    mod props {
        use super::super::*;
        use crate::suggest::fold::tests::props::mixed_text;
        use proptest::prelude::*;

        proptest! {
            #[test]
            fn occurrences_fold_to_the_name_and_sit_at_word_ends(text in mixed_text()) {
                for name in ["حماس", "Hamas", "ماكرون"] {
                    for span in find_occurrences(&text, name) {
                        let got = text.get(span.clone());
                        prop_assert!(got.is_some());
                        prop_assert_eq!(fold(got.unwrap_or("")), fold(name));
                        let after = text.get(span.end..).and_then(|s| s.chars().next());
                        prop_assert!(!after.is_some_and(char::is_alphanumeric));
                    }
                }
            }
        }
    }
}
