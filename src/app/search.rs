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

/// Every match of `query` that starts in block `b` of `d`, as document
/// byte ranges. A match may run on into the next piece of the same long
/// paragraph (up to a few times the query's length, since folding drops
/// marks), so one searched for across the cut between two pieces is found.
pub fn find_in_block(d: &super::Document, b: usize, query: &str) -> Vec<Range<usize>> {
    let Some(block) = d.blocks.get(b) else {
        return Vec::new();
    };
    let mut end = block.end;
    if d.gap_after(b) == 0
        && let Some(next) = d.blocks.get(b + 1)
    {
        end = (block.end + 4 * query.len() + 64).min(next.end);
        while !d.text.is_char_boundary(end) {
            end -= 1;
        }
    }
    let text = d.text.get(block.start..end).unwrap_or("");
    find_all(text, query)
        .into_iter()
        .filter(|m| m.start < block.len())
        .map(|m| m.start + block.start..m.end + block.start)
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
