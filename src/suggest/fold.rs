//! Arabic-aware folding for matching and search, with a map back to the
//! original byte offsets.
//!
//! Folding removes what readers ignore when they compare words and unifies
//! letters that writers use interchangeably:
//!
//! - harakat, Quranic marks, the superscript alef and tatweel are dropped;
//! - `أ إ آ ٱ` become `ا`, `ة` becomes `ه`, `ى` becomes `ي`, the Persian
//!   `ک ی` become `ك ي`;
//! - Arabic-Indic `٠–٩` and Persian `۰–۹` digits become `0–9`;
//! - zero-width joiners and non-joiners are dropped;
//! - other letters are lower-cased (so `Hamas` and `hamas` fold alike).
//!
//! The map lets a match found in the folded text be reported at the exact
//! original offsets (see [`Folded::original_range`]).

use std::ops::Range;

/// Is `c` dropped by folding (harakat, Quranic annotation marks, tatweel,
/// zero-width joiners)?
pub fn is_ignorable(c: char) -> bool {
    if c < '\u{0610}' {
        return false;
    }
    matches!(c,
        '\u{0610}'..='\u{061A}'
        | '\u{064B}'..='\u{065F}'
        | '\u{0670}'
        | '\u{06D6}'..='\u{06DC}'
        | '\u{06DF}'..='\u{06E4}'
        | '\u{06E7}'..='\u{06E8}'
        | '\u{06EA}'..='\u{06ED}'
        | '\u{0640}'
        | '\u{200C}'
        | '\u{200D}')
}

/// Is `c` a letter? Same answer as `char::is_alphabetic`, with fast paths
/// for ASCII and the Arabic block (the Unicode tables are slow to search
/// and dominate the time of a scan over Arabic text).
#[inline]
pub fn is_letter(c: char) -> bool {
    match c {
        'a'..='z' | 'A'..='Z' => true,
        '\0'..='\x7f' => false,
        '\u{0621}'..='\u{063A}' | '\u{0641}'..='\u{064A}' => true,
        '\u{0600}'..='\u{06FF}' => c.is_alphabetic(),
        _ => c.is_alphabetic(),
    }
}

/// Is `c` a letter or a digit (`char::is_alphanumeric`, with fast paths)?
#[inline]
pub fn is_letter_or_digit(c: char) -> bool {
    match c {
        'a'..='z' | 'A'..='Z' | '0'..='9' => true,
        '\0'..='\x7f' => false,
        '\u{0621}'..='\u{063A}' | '\u{0641}'..='\u{064A}' | '\u{0660}'..='\u{0669}' => true,
        _ => c.is_alphanumeric(),
    }
}

/// Fold one character that is not ignorable. Arabic letters map to one
/// letter; other characters go through Unicode lower-casing, which may give
/// more than one character.
fn fold_char(c: char, out: &mut String) {
    if c.is_ascii() {
        out.push(c.to_ascii_lowercase());
        return;
    }
    let folded = match c {
        'أ' | 'إ' | 'آ' | 'ٱ' => 'ا',
        'ة' => 'ه',
        'ى' => 'ي',
        'ک' => 'ك',
        'ی' => 'ي',
        '٠'..='٩' => digit(c as u32 - '٠' as u32),
        '۰'..='۹' => digit(c as u32 - '۰' as u32),
        c if c.is_ascii() => c.to_ascii_lowercase(),
        // Arabic letters have no case.
        '\u{0600}'..='\u{06FF}' | '\u{0750}'..='\u{077F}' | '\u{08A0}'..='\u{08FF}' => c,
        // General punctuation, super- and subscripts, currency signs: no case.
        '\u{2000}'..='\u{20FF}' => c,
        c if c.is_lowercase() || !c.is_alphabetic() => c,
        c => {
            out.extend(c.to_lowercase());
            return;
        }
    };
    out.push(folded);
}

fn digit(d: u32) -> char {
    char::from_digit(d, 10).unwrap_or('0')
}

/// Fold a string without keeping a map.
pub fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    fold_into(text, &mut out);
    out
}

/// Fold `text` into `out` (cleared first), reusing its allocation.
pub fn fold_into(text: &str, out: &mut String) {
    out.clear();
    for c in text.chars() {
        if !is_ignorable(c) {
            fold_char(c, out);
        }
    }
}

/// A folded text with its map back to the original.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Folded {
    /// The folded text.
    pub text: String,
    /// `map[i]` is the byte offset in the original text of the character that
    /// produced folded byte `i`; `map[text.len()]` is the original length.
    /// The map is non-decreasing.
    pub map: Vec<usize>,
}

impl Folded {
    /// Fold `original`.
    pub fn new(original: &str) -> Folded {
        let (text, map) = fold_with_map(original);
        Folded { text, map }
    }

    /// The original byte range of a folded byte range. The start is the
    /// first character that produced the folded text; the end runs up to the
    /// next character that survives folding, so marks and tatweel that follow
    /// the last letter stay inside the span (they belong to that letter).
    pub fn original_range(&self, folded: Range<usize>) -> Range<usize> {
        let last = self.map.len().saturating_sub(1);
        let start = self.map.get(folded.start.min(last)).copied().unwrap_or(0);
        let end = self.map.get(folded.end.min(last)).copied().unwrap_or(start);
        start..end.max(start)
    }
}

/// Fold `text` and return the folded string with, for each folded byte, the
/// original byte offset of the character it came from, plus a final entry
/// equal to `text.len()` (so the map has `folded.len() + 1` entries).
///
/// Dropped characters (marks, tatweel) have no folded byte: a folded range
/// `a..b` maps back to `map[a]..map[b]`, which includes marks between the
/// last kept letter and the next one.
pub fn fold_with_map(text: &str) -> (String, Vec<usize>) {
    let mut out = String::with_capacity(text.len());
    let mut map = Vec::with_capacity(text.len() + 1);
    for (i, c) in text.char_indices() {
        if c.is_ascii() {
            out.push(c.to_ascii_lowercase());
            map.push(i);
            continue;
        }
        if is_ignorable(c) {
            continue;
        }
        let before = out.len();
        fold_char(c, &mut out);
        for _ in before..out.len() {
            map.push(i);
        }
    }
    // Trailing ignorable characters belong to the last letter.
    map.push(text.len());
    (out, map)
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    #[test]
    fn folds_hamza_forms_ta_marbuta_alef_maqsura() {
        assert_eq!(fold("أحمد إسرائيل آخر ٱلله"), "احمد اسرائيل اخر الله");
        assert_eq!(fold("مدرسة"), "مدرسه");
        assert_eq!(fold("مستشفى"), "مستشفي");
    }

    #[test]
    fn drops_harakat_and_tatweel() {
        assert_eq!(fold("حَمَاسٌ"), "حماس");
        assert_eq!(fold("مـــاكرون"), "ماكرون");
        assert_eq!(fold("سابقًا"), "سابقا");
    }

    #[test]
    fn folds_digits_and_case() {
        assert_eq!(fold("٥٧٠٠ و۱۲ Hamas"), "5700 و12 hamas");
    }

    #[test]
    fn map_points_back_to_original_bytes() {
        let text = "قال حَمَاسٌ.";
        let (folded, map) = fold_with_map(text);
        assert_eq!(folded, "قال حماس.");
        assert_eq!(map.len(), folded.len() + 1);
        let f = Folded {
            text: folded.clone(),
            map,
        };
        let start = folded.find("حماس").unwrap_or(0);
        let r = f.original_range(start..start + "حماس".len());
        // The span covers the word with its marks, not the full stop.
        assert_eq!(text.get(r), Some("حَمَاسٌ"));
    }

    #[test]
    fn fast_paths_agree_with_unicode_lowercase() {
        for c in ('\0'..='\u{0900}').chain('\u{2000}'..='\u{20FF}') {
            if is_ignorable(c) {
                continue;
            }
            let mut out = String::new();
            fold_char(c, &mut out);
            let special = matches!(c, 'أ' | 'إ' | 'آ' | 'ٱ' | 'ة' | 'ى' | 'ک' | 'ی')
                || ('٠'..='٩').contains(&c)
                || ('۰'..='۹').contains(&c);
            if !special {
                assert_eq!(out, c.to_lowercase().collect::<String>(), "{c:?}");
            }
        }
    }

    #[test]
    fn fast_letter_tests_agree_with_unicode() {
        for c in ('\0'..='\u{0900}').chain('\u{FB50}'..='\u{FEFF}') {
            assert_eq!(is_letter(c), c.is_alphabetic(), "{c:?}");
            assert_eq!(is_letter_or_digit(c), c.is_alphanumeric(), "{c:?}");
        }
    }

    #[test]
    fn map_is_non_decreasing_and_on_char_boundaries() {
        let text = "İstanbul ــ أَهلاً ٣٫٥";
        let (folded, map) = fold_with_map(text);
        assert_eq!(map.len(), folded.len() + 1);
        for w in map.windows(2) {
            assert!(w[0] <= w[1]);
        }
        for &m in &map {
            assert!(text.is_char_boundary(m));
        }
    }

    pub(crate) mod props {
        use super::super::*;
        use proptest::prelude::*;

        /// Arabic letters and marks, tatweel, the hamza forms, digits in
        /// three scripts, Latin, spaces and punctuation.
        pub(crate) fn mixed_text() -> impl Strategy<Value = String> {
            let chars: Vec<char> = "حماسأإآٱاةهىيـَُِّْٰ ٠١٢۳۴5,٬٫.%٪ Hamas\nقال«»“”ک"
                .chars()
                .collect();
            proptest::collection::vec(proptest::sample::select(chars), 0..60)
                .prop_map(|v| v.into_iter().collect())
        }

        proptest! {
            #[test]
            fn map_is_consistent(text in mixed_text()) {
                let f = Folded::new(&text);
                prop_assert_eq!(f.map.len(), f.text.len() + 1);
                prop_assert!(f.map.windows(2).all(|w| w[0] <= w[1]));
                prop_assert!(f.map.iter().all(|&m| text.is_char_boundary(m)));
                prop_assert_eq!(&f.text, &fold(&text));
                // Any folded range maps back to original text that folds to it.
                let bounds: Vec<usize> = f
                    .text
                    .char_indices()
                    .map(|(i, _)| i)
                    .chain([f.text.len()])
                    .collect();
                for (k, &a) in bounds.iter().enumerate() {
                    for &b in &bounds[k..] {
                        let orig = text.get(f.original_range(a..b));
                        prop_assert!(orig.is_some());
                        prop_assert_eq!(fold(orig.unwrap_or("")), f.text.get(a..b).unwrap_or(""));
                    }
                }
            }
        }
    }
}
