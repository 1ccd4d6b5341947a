//! `/` search, Arabic-aware: harakat and tatweel are ignored, the alef forms
//! `أ إ آ ٱ` match `ا`, Latin letters match regardless of case; matches are
//! mapped back to byte ranges of the original text.
//!
//! Minimal folding kept here until `suggest::fold` is shared (the lead will
//! dedupe the two).

use std::ops::Range;

/// Harakat (U+064B–U+065F, U+0670 superscript alef, Quranic marks) and
/// tatweel (U+0640): dropped by folding.
fn ignored(c: char) -> bool {
    matches!(c as u32, 0x064B..=0x065F | 0x0670 | 0x06D6..=0x06ED | 0x0640)
}

fn fold_char(c: char) -> Option<char> {
    if ignored(c) {
        return None;
    }
    Some(match c {
        'أ' | 'إ' | 'آ' | 'ٱ' => 'ا',
        c if c.is_uppercase() => c.to_lowercase().next().unwrap_or(c),
        c => c,
    })
}

/// Folded text and, for every char of it, the original byte range.
fn fold(text: &str) -> (Vec<char>, Vec<Range<usize>>) {
    let mut chars = Vec::with_capacity(text.len());
    let mut map = Vec::with_capacity(text.len());
    for (i, c) in text.char_indices() {
        if let Some(f) = fold_char(c) {
            chars.push(f);
            map.push(i..i + c.len_utf8());
        } else if let Some(last) = map.last_mut() {
            // A dropped mark belongs to the character before it.
            if last.end == i {
                last.end = i + c.len_utf8();
            }
        }
    }
    (chars, map)
}

/// Every match of `query` in `text`, as byte ranges of `text` (non-overlapping,
/// in order). An empty query (after folding) matches nothing.
pub fn find_all(text: &str, query: &str) -> Vec<Range<usize>> {
    let q: Vec<char> = query.chars().filter_map(fold_char).collect();
    if q.is_empty() {
        return Vec::new();
    }
    let (t, map) = fold(text);
    let mut out = Vec::new();
    let mut i = 0;
    while i + q.len() <= t.len() {
        if t[i..i + q.len()] == q[..] {
            out.push(map[i].start..map[i + q.len() - 1].end);
            i += q.len();
        } else {
            i += 1;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn harakat_tatweel_and_alef_forms_fold() {
        // "أَحْمَـد" with hamza-alef, harakat and a tatweel; searching "احمد".
        let text = "قال أَحْمَـد اليوم";
        let m = find_all(text, "احمد");
        assert_eq!(m.len(), 1);
        assert_eq!(text.get(m[0].clone()), Some("أَحْمَـد"));
        // And the other way round: a query with marks finds bare text.
        let m = find_all("احمد", "أَحْمَد");
        assert_eq!(m, vec![0.."احمد".len()]);
    }

    #[test]
    fn latin_is_case_insensitive_and_empty_finds_nothing() {
        assert_eq!(find_all("The Port, the port", "port"), vec![4..8, 14..18]);
        assert!(find_all("abc", "").is_empty());
        assert!(find_all("abc", "\u{064E}").is_empty());
    }
}
