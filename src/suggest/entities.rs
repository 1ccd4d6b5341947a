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

/// What ends at a node of the trie: the first name (in the order given)
/// for each combination of the conditions below; a later name with the
/// same words and conditions could never be chosen, so it is not kept.
#[derive(Clone, Copy)]
struct End {
    name: usize,
    /// The name starts with a capital Latin letter.
    capital: bool,
    arabic: bool,
}

/// A node of the word trie: the folded words that may follow, and the names
/// whose words end here.
#[derive(Default)]
struct Node {
    next: FastMap<Box<str>, u32>,
    ends: Vec<End>,
}

/// Where a match is being tried.
struct Ctx<'a> {
    text: &'a str,
    folded: &'a Folded,
    ws: &'a [Range<usize>],
    k: usize,
}

/// Finds many names at once in one pass over a text.
///
/// The names are a trie of folded words: at each word of the text the
/// matcher looks the word up among the names' first words and walks on
/// word by word, so the time per word is that of the longest match, not of
/// the number of names. Built once, it serves every document of a corpus.
pub struct Matcher {
    /// `nodes[0]` is the root; its `next` holds the names' first words.
    nodes: Vec<Node>,
    /// Byte lengths of the first words (bit n: length n, lengths ≥ 127 share
    /// the top bit): a cheap test before a lookup.
    first_lens: u128,
    names: Vec<Name>,
}

impl Default for Matcher {
    fn default() -> Matcher {
        Matcher::new(Vec::new())
    }
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
        let mut nodes = vec![Node::default()];
        let mut first_lens = 0u128;
        for (idx, name) in names.iter().enumerate() {
            let folded = fold(&name.text);
            let ws = words(&folded);
            let Some(first) = ws.first().and_then(|r| folded.get(r.clone())) else {
                continue;
            };
            first_lens |= 1u128 << first.len().min(127);
            let end = End {
                name: idx,
                capital: name
                    .text
                    .chars()
                    .find(|c| c.is_alphabetic())
                    .is_some_and(|c| c.is_ascii_uppercase()),
                arabic: first.chars().next().is_some_and(is_arabic),
            };
            let mut at = 0usize;
            for w in ws.iter().filter_map(|r| folded.get(r.clone())) {
                at = match nodes[at].next.get(w) {
                    Some(&n) => n as usize,
                    None => {
                        let n = nodes.len();
                        nodes.push(Node::default());
                        nodes[at].next.insert(w.into(), n as u32);
                        n
                    }
                };
            }
            let ends = &mut nodes[at].ends;
            if !ends
                .iter()
                .any(|e| e.capital == end.capital && e.arabic == end.arabic)
            {
                ends.push(end);
            }
        }
        Matcher {
            nodes,
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
        find_any(&[self], text, folded)
            .into_iter()
            .map(|(_, occ)| occ)
            .collect()
    }

    /// The longest name whose first word is `stem` and whose other words
    /// follow word `k`: `(words, name index)`; among names of one length,
    /// the first given.
    fn best(&self, ctx: &Ctx<'_>, stem: &str, arabic_prefix: bool) -> Option<(usize, usize)> {
        if !self.has_first_len(stem.len()) {
            return None;
        }
        let mut at = *self.nodes[0].next.get(stem)? as usize;
        let capitalized = || {
            let orig = ctx.folded.original_range(ctx.ws[ctx.k].clone());
            let first = ctx.text.get(orig).and_then(|s| s.chars().next());
            first.is_some_and(|c| c.is_uppercase())
        };
        let ft = ctx.folded.text.as_str();
        let mut best = None;
        let mut n = 1;
        loop {
            let ok = |e: &&End| (!arabic_prefix || e.arabic) && (!e.capital || capitalized());
            if let Some(e) = self.nodes[at].ends.iter().filter(ok).min_by_key(|e| e.name) {
                best = Some((n, e.name));
            }
            // The next word, separated by whitespace only.
            let (Some(prev), Some(r)) = (ctx.ws.get(ctx.k + n - 1), ctx.ws.get(ctx.k + n)) else {
                break;
            };
            let between = ft.get(prev.end..r.start).unwrap_or("x");
            if between.is_empty() || !between.chars().all(char::is_whitespace) {
                break;
            }
            let Some(&next) = ft.get(r.clone()).and_then(|w| self.nodes[at].next.get(w)) else {
                break;
            };
            at = next as usize;
            n += 1;
        }
        best
    }
}

/// The best match at word `ctx.k` among several matchers: the longest, and
/// among equally long ones the first matcher's: `(words, matcher, name)`.
fn best_of(
    matchers: &[&Matcher],
    ctx: &Ctx<'_>,
    stem: &str,
    arabic_prefix: bool,
) -> Option<(usize, usize, usize)> {
    let mut best: Option<(usize, usize, usize)> = None;
    for (m, matcher) in matchers.iter().enumerate() {
        if let Some((n, name)) = matcher.best(ctx, stem, arabic_prefix)
            && best.is_none_or(|(bn, _, _)| n > bn)
        {
            best = Some((n, m, name));
        }
    }
    best
}

/// The occurrences in `text` of the names of several matchers at once, as
/// [`Matcher::find`] would find them with one matcher holding all their
/// names in order: `(matcher index, occurrence)`. A corpus-wide matcher
/// built once and a small one for a document's own names are used this
/// way, so that no document pays for building the corpus's.
pub fn find_any(matchers: &[&Matcher], text: &str, folded: &Folded) -> Vec<(usize, Occurrence)> {
    let ft = folded.text.as_str();
    let ws = words(ft);
    let has_first_len = |len: usize| matchers.iter().any(|m| m.has_first_len(len));
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
        let mut best = best_of(matchers, &ctx, word, false).map(|(n, m, name)| (n, 0, m, name));
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
                best =
                    best_of(matchers, &ctx, stem, true).map(|(n, m, name)| (n, p.len(), m, name));
                // `لل` + `اسد` is `ل` + `الاسد`; the span keeps the second
                // `ل`, which stands for the article.
                if best.is_none() && p.ends_with("لل") && has_first_len(stem.len() + "ال".len())
                {
                    best = best_of(matchers, &ctx, &format!("ال{stem}"), true)
                        .map(|(n, m, name)| (n, p.len() - 'ل'.len_utf8(), m, name));
                }
                if best.is_some() {
                    break;
                }
            }
        }
        match best {
            Some((n, prefix_len, m, name)) => {
                let start = ws[k].start + prefix_len;
                let end = ws[k + n - 1].end;
                out.push((
                    m,
                    Occurrence {
                        span: folded.original_range(start..end),
                        name,
                    },
                ));
                k += n;
            }
            None => k += 1,
        }
    }
    out
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

        const VOCAB: &[&str] = &[
            "حماس",
            "ماكرون",
            "الأسد",
            "أسد",
            "اسد",
            "إيمانويل",
            "ايمانويل",
            "بشار",
            "قال",
            "Will",
            "will",
            "Hamas",
            "hamas",
            "Macron",
            "Emmanuel",
        ];
        const CLITICS: &[&str] = &["", "", "", "و", "ل", "ال", "لل", "وال", "بال", "ف"];
        const GAPS: &[&str] = &[" ", " ", "  ", "\n", "، ", "-", "ـ "];

        fn word() -> impl Strategy<Value = String> {
            (
                proptest::sample::select(CLITICS),
                proptest::sample::select(VOCAB),
            )
                .prop_map(|(c, w)| format!("{c}{w}"))
        }

        fn text_of_words() -> impl Strategy<Value = String> {
            proptest::collection::vec((word(), proptest::sample::select(GAPS)), 0..30)
                .prop_map(|v| v.into_iter().map(|(w, g)| format!("{w}{g}")).collect())
        }

        fn names() -> impl Strategy<Value = Vec<Name>> {
            let name = (
                proptest::collection::vec(proptest::sample::select(VOCAB), 1..4),
                proptest::option::of(proptest::sample::select(&["PER", "ORG"][..])),
            )
                .prop_map(|(ws, kind)| Name {
                    text: ws.join(" "),
                    kind: kind.map(str::to_string),
                });
            proptest::collection::vec(name, 0..12)
        }

        /// The matching rules applied the plain way, name by name at every
        /// word: the reference the trie and the multi-matcher search are
        /// checked against.
        fn naive(text: &str, names: &[Name]) -> Vec<Occurrence> {
            let folded = Folded::new(text);
            let ft = folded.text.as_str();
            let ws = words(ft);
            let word_at = |i: usize| ws.get(i).and_then(|r| ft.get(r.clone()));
            let try_at = |k: usize, stem: &str, prefixed: bool| -> Option<(usize, usize)> {
                let mut best: Option<(usize, usize)> = None;
                for (idx, name) in names.iter().enumerate() {
                    let fname = fold(&name.text);
                    let nws: Vec<&str> = words(&fname)
                        .into_iter()
                        .filter_map(|r| fname.get(r))
                        .collect();
                    let Some(first) = nws.first() else { continue };
                    if *first != stem || (prefixed && !first.chars().next().is_some_and(is_arabic))
                    {
                        continue;
                    }
                    let capital = name
                        .text
                        .chars()
                        .find(|c| c.is_alphabetic())
                        .is_some_and(|c| c.is_ascii_uppercase());
                    let orig = text.get(folded.original_range(ws[k].clone())).unwrap_or("");
                    if capital && !orig.chars().next().is_some_and(char::is_uppercase) {
                        continue;
                    }
                    let rest_ok = (1..nws.len()).all(|j| {
                        let gap = ws
                            .get(k + j)
                            .and_then(|r| ft.get(ws[k + j - 1].end..r.start))
                            .unwrap_or("x");
                        !gap.is_empty()
                            && gap.chars().all(char::is_whitespace)
                            && word_at(k + j) == Some(nws[j])
                    });
                    if rest_ok && best.is_none_or(|(n, _)| nws.len() > n) {
                        best = Some((nws.len(), idx));
                    }
                }
                best
            };
            let mut out = Vec::new();
            let mut k = 0;
            while k < ws.len() {
                let w = word_at(k).unwrap_or("");
                let mut best = try_at(k, w, false).map(|(n, i)| (n, 0, i));
                if best.is_none() {
                    for p in PREFIXES {
                        let Some(stem) = w.strip_prefix(p) else {
                            continue;
                        };
                        if stem.chars().count() < 2 {
                            continue;
                        }
                        best = try_at(k, stem, true).map(|(n, i)| (n, p.len(), i));
                        if best.is_none() && p.ends_with("لل") {
                            best = try_at(k, &format!("ال{stem}"), true)
                                .map(|(n, i)| (n, p.len() - 'ل'.len_utf8(), i));
                        }
                        if best.is_some() {
                            break;
                        }
                    }
                }
                match best {
                    Some((n, prefix, name)) => {
                        let span = folded.original_range(ws[k].start + prefix..ws[k + n - 1].end);
                        out.push(Occurrence { span, name });
                        k += n;
                    }
                    None => k += 1,
                }
            }
            out
        }

        proptest! {
            #[test]
            fn trie_matches_the_plain_rules(text in text_of_words(), names in names()) {
                let got = Matcher::new(names.clone()).find(&text);
                prop_assert_eq!(got, naive(&text, &names));
            }

            #[test]
            fn several_matchers_find_what_one_with_all_names_finds(
                text in text_of_words(),
                names in names(),
                cut in 0usize..12,
            ) {
                let cut = cut.min(names.len());
                let (a, b) = names.split_at(cut);
                let (ma, mb) = (Matcher::new(a.to_vec()), Matcher::new(b.to_vec()));
                let folded = Folded::new(&text);
                let got: Vec<Occurrence> = find_any(&[&ma, &mb], &text, &folded)
                    .into_iter()
                    .map(|(m, o)| Occurrence {
                        span: o.span,
                        name: if m == 0 { o.name } else { o.name + cut },
                    })
                    .collect();
                prop_assert_eq!(got, Matcher::new(names.clone()).find(&text));
            }

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
