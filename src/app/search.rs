//! `/` search, Arabic-aware: folding (`suggest::fold`) ignores harakat and
//! tatweel, matches `أ إ آ ٱ` with `ا` and Latin letters regardless of case;
//! matches are mapped back to byte ranges of the original text.

use std::ops::Range;

use crate::suggest::fold::{Folded, fold};

/// Every match of `query` in `text`, as byte ranges of `text` (non-overlapping,
/// in order). An empty query (after folding) matches nothing.
pub fn find_all(text: &str, query: &str) -> Vec<Range<usize>> {
    let q = fold(query);
    if q.is_empty() {
        return Vec::new();
    }
    let f = Folded::new(text);
    f.text
        .match_indices(q.as_str())
        .map(|(i, m)| f.original_range(i..i + m.len()))
        .filter(|r| !r.is_empty())
        .collect()
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
