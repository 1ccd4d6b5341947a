//! Re-anchoring: finding an annotation again in a changed document from its
//! quote and the context stored around it.
//!
//! Rule (docs/FORMAT.md): the quote at its old position (or at the old
//! position shifted as much as the annotations before it moved), if the
//! context there still looks like the stored one; else the occurrence nearest
//! to that position among those whose context matches best; else an orphan
//! (the mention is gone: another mention with the same words is not it).
//! Without stored context, the occurrence nearest to the (shifted) old
//! position.

use std::ops::Range;

use super::format::CONTEXT_CHARS;

/// How similar the context around a candidate must be (0..=1) to accept it.
const MATCH: f64 = 0.5;
/// Bytes on each side of the guessed position searched first.
const WINDOW: usize = 4096;
/// Candidates scoring this much below the best one are not considered.
const NEAR_BEST: f64 = 0.1;
/// A weaker threshold for the old position itself.
const MATCH_AT_OLD: f64 = 0.4;
/// A quote occurring more often than this in the whole text ("the", a
/// name in a 10 MB document) is scored only within [`FAR`] bytes of its
/// guessed position, after the exact-context search of the whole text.
const MANY: usize = 10_000;
/// See [`MANY`].
const FAR: usize = 256 * 1024;

/// The context of byte range `span` in `text`: up to [`CONTEXT_CHARS`]
/// characters before and after.
pub fn context(text: &str, span: Range<usize>) -> (&str, &str) {
    let head = text.get(..span.start).unwrap_or("");
    let tail = text.get(span.end..).unwrap_or("");
    let b = head
        .char_indices()
        .rev()
        .nth(CONTEXT_CHARS - 1)
        .map_or(0, |(i, _)| i);
    let a = tail
        .char_indices()
        .nth(CONTEXT_CHARS)
        .map_or(tail.len(), |(i, _)| i);
    (head.get(b..).unwrap_or(""), tail.get(..a).unwrap_or(""))
}

/// Where an annotation ends up.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Anchor {
    /// Found at this byte range.
    Found(Range<usize>),
    /// Not found.
    Orphan,
}

/// Find `quote` in `text` (byte offsets). `old` is the recorded start as a
/// byte offset into the new text (clamped), `guess` the same shifted by how
/// far the annotations before it moved.
pub fn reanchor(
    text: &str,
    quote: &str,
    before: &str,
    after: &str,
    old: usize,
    guess: usize,
) -> Anchor {
    if quote.is_empty() {
        return Anchor::Orphan;
    }
    // A sidecar written by a script may store no context: then every
    // occurrence is as likely, and the nearest one wins.
    let no_context = before.is_empty() && after.is_empty();
    let (want_before, want_after) = (Bigrams::of(before), Bigrams::of(after));
    let score = |at: usize| {
        if no_context {
            return 1.0;
        }
        let (b, a) = context(text, at..at + quote.len());
        let (sb, sa) = (want_before.similarity(b), want_after.similarity(a));
        // One side may be gone (a paragraph inserted right before), but
        // two matching sides beat one.
        0.75 * sb.max(sa) + 0.25 * sb.min(sa)
    };
    let found = |at: usize| Anchor::Found(at..at + quote.len());
    let is_at = |at: usize| text.get(at..).is_some_and(|t| t.starts_with(quote));
    for at in [old, guess] {
        if is_at(at) && score(at) >= MATCH_AT_OLD {
            return found(at);
        }
    }
    // Occurrences near the guess first: when one of them has a perfect
    // context, nothing farther away can be chosen (the rule below picks the
    // nearest of the best), so the whole text need not be searched.
    let near: Vec<(usize, f64)> =
        occurrences(text, quote, around(text, guess, WINDOW, quote.len()))
            .map(|at| (at, score(at)))
            .collect();
    if near.iter().any(|&(_, s)| s >= 1.0)
        && let Some(at) = nearest(&near, 1.0, guess)
    {
        return found(at);
    }
    // The same anywhere: the quote with both sides of its stored context
    // around it, found by a substring search of the whole text.
    if !no_context {
        let whole = format!("{before}{quote}{after}");
        let exact: Vec<(usize, f64)> = text
            .match_indices(whole.as_str())
            .map(|(at, _)| (at + before.len(), 1.0))
            .filter(|&(at, _)| score(at) >= 1.0)
            .collect();
        if let Some(at) = nearest(&exact, 1.0, guess) {
            return found(at);
        }
    }
    // Every occurrence scored, unless there are very many: then those
    // within FAR bytes of the guess (a short quote far away with a changed
    // context is no evidence anyway).
    let range = if text.match_indices(quote).nth(MANY).is_some() {
        around(text, guess, FAR, quote.len())
    } else {
        0..text.len()
    };
    let scored: Vec<(usize, f64)> = occurrences(text, quote, range)
        .map(|at| (at, score(at)))
        .collect();
    let best = scored.iter().map(|x| x.1).fold(0.0, f64::max);
    if let Some(at) = nearest(&scored, best, guess) {
        return found(at);
    }
    // No occurrence has the stored context: the annotated mention is gone
    // (another mention of the same name elsewhere is not it), or edited
    // beyond recognition. An orphan, for a person to place.
    Anchor::Orphan
}

/// The byte range `reach` bytes around `at` (plus `len`), on character
/// boundaries.
fn around(text: &str, at: usize, reach: usize, len: usize) -> Range<usize> {
    let mut lo = at.saturating_sub(reach).min(text.len());
    while !text.is_char_boundary(lo) {
        lo -= 1;
    }
    let mut hi = at.saturating_add(reach + len).min(text.len()).max(lo);
    while !text.is_char_boundary(hi) {
        hi += 1;
    }
    lo..hi
}

/// Byte offsets of `quote` in `text` within `range`.
fn occurrences<'t>(
    text: &'t str,
    quote: &'t str,
    range: Range<usize>,
) -> impl Iterator<Item = usize> + 't {
    let lo = range.start;
    text.get(range)
        .unwrap_or("")
        .match_indices(quote)
        .map(move |(i, _)| lo + i)
}

/// The candidate nearest to `guess` among those whose score is at least
/// [`MATCH`] and within [`NEAR_BEST`] of `best`.
fn nearest(scored: &[(usize, f64)], best: f64, guess: usize) -> Option<usize> {
    scored
        .iter()
        .filter(|&&(_, s)| s >= MATCH && s >= best - NEAR_BEST)
        .min_by_key(|&&(at, _)| at.abs_diff(guess))
        .map(|&(at, _)| at)
}

/// Dice coefficient of the character bigrams of `a` and `b`, in 0..=1.
/// Survives a changed word or two in 24 characters of context.
pub fn similarity(a: &str, b: &str) -> f64 {
    Bigrams::of(a).similarity(b)
}

/// The character bigrams of a stored context, sorted, so that comparing it
/// with the context of each candidate (often thousands) allocates nothing.
struct Bigrams {
    text: String,
    grams: Vec<(char, char)>,
}

impl Bigrams {
    fn of(text: &str) -> Bigrams {
        let mut grams: Vec<(char, char)> = text.chars().zip(text.chars().skip(1)).collect();
        grams.sort_unstable();
        Bigrams {
            text: text.to_string(),
            grams,
        }
    }

    /// Dice coefficient between these bigrams and those of `other`.
    fn similarity(&self, other: &str) -> f64 {
        if self.text == other {
            return 1.0;
        }
        // Contexts are at most CONTEXT_CHARS characters: their bigrams fit
        // on the stack. A longer `other` (not from `context`) gets a Vec.
        let mut buf = [('\0', '\0'); 2 * CONTEXT_CHARS];
        let mut long = Vec::new();
        let mut n = 0;
        for g in other.chars().zip(other.chars().skip(1)) {
            match buf.get_mut(n) {
                Some(slot) => *slot = g,
                None => long.push(g),
            }
            n += 1;
        }
        let theirs = if long.is_empty() {
            buf.get_mut(..n).unwrap_or(&mut [])
        } else {
            long.extend_from_slice(&buf);
            long.as_mut_slice()
        };
        if self.grams.is_empty() || theirs.is_empty() {
            return 0.0;
        }
        theirs.sort_unstable();
        let common = common_sorted(&self.grams, theirs);
        2.0 * common as f64 / (self.grams.len() + theirs.len()) as f64
    }
}

/// How many items two sorted lists have in common (as multisets).
fn common_sorted<T: Ord>(a: &[T], b: &[T]) -> usize {
    let (mut i, mut j, mut common) = (0, 0, 0);
    while let (Some(x), Some(y)) = (a.get(i), b.get(j)) {
        match x.cmp(y) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                common += 1;
                i += 1;
                j += 1;
            }
        }
    }
    common
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn context_is_bounded_by_chars() {
        let text = "ا".repeat(30) + "X" + &"ب".repeat(30);
        let at = text.find('X').unwrap();
        let (b, a) = context(&text, at..at + 1);
        assert_eq!(b.chars().count(), CONTEXT_CHARS);
        assert_eq!(a.chars().count(), CONTEXT_CHARS);
        assert_eq!(context("abc", 0..1), ("", "bc"));
    }

    #[test]
    fn nearest_matching_occurrence_wins() {
        // "cat" occurs three times; the stored context belongs to the second.
        let old = "a cat sat. the black cat ran home. one cat.";
        let at = old.find("black cat").unwrap() + 6;
        let (b, a) = context(old, at..at + 3);
        let new = format!("NEW PARAGRAPH.\n\n{old}");
        let want = new.find("black cat").unwrap() + 6;
        assert_eq!(
            reanchor(&new, "cat", b, a, at, at),
            Anchor::Found(want..want + 3)
        );
        // Removed entirely: orphan.
        assert_eq!(reanchor("a dog sat.", "cat", b, a, at, at), Anchor::Orphan);
    }

    /// The stack path (contexts) and the Vec path (longer text) count
    /// bigrams as a plain multiset count does.
    #[test]
    fn similarity_is_the_dice_coefficient_at_any_length() {
        fn plain(a: &str, b: &str) -> f64 {
            let grams =
                |s: &str| -> Vec<(char, char)> { s.chars().zip(s.chars().skip(1)).collect() };
            let (ga, mut gb) = (grams(a), grams(b));
            if ga.is_empty() || gb.is_empty() {
                return 0.0;
            }
            let mut common = 0;
            for g in &ga {
                if let Some(i) = gb.iter().position(|x| x == g) {
                    gb.swap_remove(i);
                    common += 1;
                }
            }
            2.0 * f64::from(common) / (ga.len() + grams(b).len()) as f64
        }
        let a = "قال الرئيس الفرنسي إيمانويل ماكرون";
        for b in [
            "قال الرئيس",
            "قال الرئيس الفرنسي إيمانويل ماكرون يوم الاثنين في باريس إن بلاده ستواصل",
            "the quick brown fox jumps over the lazy dog again and again and again",
        ] {
            assert!((similarity(a, b) - plain(a, b)).abs() < 1e-12, "{b}");
            assert!((similarity(b, a) - plain(b, a)).abs() < 1e-12, "{b}");
        }
    }

    #[test]
    fn similarity_bounds() {
        assert_eq!(similarity("abc", "abc"), 1.0);
        assert_eq!(similarity("abcd", "wxyz"), 0.0);
        let s = similarity("the quick brown fox", "the quick red fox");
        assert!(s > 0.5 && s < 1.0, "{s}");
    }
}
