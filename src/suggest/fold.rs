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

/// Fold one character that is not ignorable. Arabic letters map to one
/// letter; other characters go through Unicode lower-casing, which may give
/// more than one character.
fn fold_char(c: char, out: &mut String) {
    let folded = match c {
        'أ' | 'إ' | 'آ' | 'ٱ' => 'ا',
        'ة' => 'ه',
        'ى' => 'ي',
        'ک' => 'ك',
        'ی' => 'ي',
        '٠'..='٩' => digit(c as u32 - '٠' as u32),
        '۰'..='۹' => digit(c as u32 - '۰' as u32),
        c if c.is_ascii() => c.to_ascii_lowercase(),
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
    for c in text.chars() {
        if !is_ignorable(c) {
            fold_char(c, &mut out);
        }
    }
    out
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
        if is_ignorable(c) {
            continue;
        }
        let before = out.len();
        fold_char(c, &mut out);
        map.resize(map.len() + (out.len() - before), i);
    }
    // Trailing ignorable characters belong to the last letter.
    map.push(text.len());
    (out, map)
}

#[cfg(test)]
mod tests {
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
}
