//! Re-anchoring: finding an annotation again in a changed document from its
//! quote and the context stored around it.
//!
//! Rule (docs/FORMAT.md): the quote at its old position (or at the old
//! position shifted as much as the annotations before it moved), if the
//! context there still looks like the stored one; else the occurrence nearest
//! to that position among those whose context matches best; else, when the
//! quote occurs exactly once and is long enough to be unambiguous, that
//! occurrence; else an orphan. Without stored context, the occurrence nearest
//! to the (shifted) old position.

use std::collections::HashMap;
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
/// A quote this long (in characters) that occurs exactly once is accepted
/// even when its context changed on both sides.
const UNIQUE_MIN_CHARS: usize = 8;

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
    let score = |at: usize| {
        if no_context {
            return 1.0;
        }
        let (b, a) = context(text, at..at + quote.len());
        let (sb, sa) = (similarity(before, b), similarity(after, a));
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
    let mut lo = guess.saturating_sub(WINDOW).min(text.len());
    while !text.is_char_boundary(lo) {
        lo -= 1;
    }
    let mut hi = guess
        .saturating_add(WINDOW + quote.len())
        .min(text.len())
        .max(lo);
    while !text.is_char_boundary(hi) {
        hi += 1;
    }
    let near: Vec<(usize, f64)> = text
        .get(lo..hi)
        .unwrap_or("")
        .match_indices(quote)
        .map(|(i, _)| (lo + i, score(lo + i)))
        .collect();
    if near.iter().any(|&(_, s)| s >= 1.0)
        && let Some(at) = nearest(&near, 1.0, guess)
    {
        return found(at);
    }
    let scored: Vec<(usize, f64)> = text
        .match_indices(quote)
        .map(|(at, _)| (at, score(at)))
        .collect();
    let best = scored.iter().map(|x| x.1).fold(0.0, f64::max);
    if let Some(at) = nearest(&scored, best, guess) {
        return found(at);
    }
    if let [(only, _)] = scored.as_slice()
        && quote.chars().count() >= UNIQUE_MIN_CHARS
    {
        return found(*only);
    }
    Anchor::Orphan
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
    if a == b {
        return 1.0;
    }
    let ca: Vec<char> = a.chars().collect();
    let cb: Vec<char> = b.chars().collect();
    if ca.len() < 2 || cb.len() < 2 {
        return 0.0;
    }
    let mut grams: HashMap<(char, char), i32> = HashMap::new();
    for w in ca.windows(2) {
        if let [x, y] = w {
            *grams.entry((*x, *y)).or_insert(0) += 1;
        }
    }
    let mut common = 0;
    for w in cb.windows(2) {
        if let [x, y] = w
            && let Some(n) = grams.get_mut(&(*x, *y))
            && *n > 0
        {
            *n -= 1;
            common += 1;
        }
    }
    2.0 * f64::from(common) / ((ca.len() - 1 + cb.len() - 1) as f64)
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

    #[test]
    fn similarity_bounds() {
        assert_eq!(similarity("abc", "abc"), 1.0);
        assert_eq!(similarity("abcd", "wxyz"), 0.0);
        let s = similarity("the quick brown fox", "the quick red fox");
        assert!(s > 0.5 && s < 1.0, "{s}");
    }
}
