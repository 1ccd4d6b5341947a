//! Long paragraphs cut into pieces that lay out on their own exactly as
//! they do inside the paragraph, so a reader can lay out only the pieces on
//! screen (a 50 MB document on one line opens as fast as a short one).
//!
//! A cut goes before a strong character of the paragraph's direction that
//! follows whitespace, when the last strong character before it has that
//! direction too and no explicit embedding, override or isolate is open or
//! was seen since that character. Then, by UAX #9, the neutrals around the
//! cut resolve to the paragraph direction on both sides (N1 with sos/eos at
//! the paragraph level), no weak type looks across it (W2 stops at the
//! strong character), Arabic joining stops at the space, and the cut is a
//! line-break opportunity (UAX #14 LB18) and a grapheme boundary. The only
//! difference on screen is that a piece starts on a new line. Cuts after a
//! sentence end are preferred.
//!
//! Text with no such place (a hostile line of digits or marks) is cut at a
//! grapheme boundary: the bidi resolution of that piece may then differ
//! from the whole paragraph's, but no character is lost.

use std::ops::Range;

use unicode_bidi::BidiClass::{self, *};

use super::Direction;
use super::props::bidi_class;

/// Base direction of a paragraph by UAX #9 P2/P3: its first strong
/// character outside isolates; left-to-right when there is none.
pub fn base_direction(text: &str) -> Direction {
    let mut isolates = 0usize;
    for c in text.chars() {
        match bidi_class(c) {
            LRI | RLI | FSI => isolates += 1,
            PDI => isolates = isolates.saturating_sub(1),
            L if isolates == 0 => return Direction::Ltr,
            R | AL if isolates == 0 => return Direction::Rtl,
            _ => {}
        }
    }
    Direction::Ltr
}

fn strong_dir(class: BidiClass) -> Option<Direction> {
    match class {
        L => Some(Direction::Ltr),
        R | AL => Some(Direction::Rtl),
        _ => None,
    }
}

fn explicit(class: BidiClass) -> bool {
    matches!(class, LRE | RLE | LRO | RLO | PDF | LRI | RLI | FSI | PDI)
}

fn sentence_end(c: char) -> bool {
    matches!(
        c,
        '.' | '!' | '?' | '؟' | '۔' | '。' | '…' | '"' | '»' | '”'
    )
}

/// Byte ranges covering `text` (one paragraph, laid out with base direction
/// `base`) in order, without gaps: the whole text when it is at most
/// `2 * target` bytes, else pieces of `target` to `4 * target` bytes cut as
/// the module explains (a forced cut, where no clean place exists, at
/// `2 * target`).
pub fn pieces(text: &str, target: usize, base: Direction) -> Vec<Range<usize>> {
    let target = target.max(16);
    let mut out = Vec::new();
    let mut start = 0usize;
    while text.len() - start > 2 * target {
        let cut = find_cut(text, start, target, base);
        out.push(start..cut);
        start = cut;
    }
    out.push(start..text.len());
    out
}

/// Where the piece starting at `start` ends (a char boundary past `start`).
fn find_cut(text: &str, start: usize, target: usize, base: Direction) -> usize {
    let rest = text.get(start..).unwrap_or("");
    // Explicit formatting characters open (saturating, as X9 ignores
    // unmatched terminators).
    let mut depth = 0usize;
    // The last strong character at depth 0 with no explicit character since
    // had the base direction.
    let mut clean = false;
    // The character before and the last non-whitespace one.
    let mut prev_ws = false;
    let mut last_visible = ' ';
    let mut first_clean: Option<usize> = None;
    for (i, c) in rest.char_indices() {
        let class = bidi_class(c);
        if i >= target && prev_ws && clean && depth == 0 && strong_dir(class) == Some(base) {
            if sentence_end(last_visible) {
                return start + i;
            }
            first_clean.get_or_insert(start + i);
        }
        if i >= 2 * target
            && let Some(cut) = first_clean
        {
            return cut;
        }
        if i >= 4 * target {
            break;
        }
        if explicit(class) {
            clean = false;
            match class {
                PDF | PDI => depth = depth.saturating_sub(1),
                _ => depth += 1,
            }
        } else if let Some(d) = strong_dir(class)
            && depth == 0
        {
            clean = d == base;
        }
        prev_ws = class == WS;
        if !prev_ws {
            last_visible = c;
        }
    }
    if let Some(cut) = first_clean {
        return cut;
    }
    forced_cut(text, start + 2 * target)
}

/// The first grapheme boundary at or after `at` (within a few KiB; past
/// that, the next char boundary: a piece may then start with a mark, which
/// the layout draws on ◌).
fn forced_cut(text: &str, at: usize) -> usize {
    use unicode_segmentation::GraphemeCursor;
    let mut pos = at.min(text.len());
    while !text.is_char_boundary(pos) {
        pos += 1;
    }
    let first = pos;
    let limit = (first + 4096).min(text.len());
    while pos < limit {
        let mut cursor = GraphemeCursor::new(pos, text.len(), true);
        if cursor.is_boundary(text, 0).unwrap_or(false) {
            return pos;
        }
        pos += text
            .get(pos..)
            .and_then(|s| s.chars().next())
            .map_or(1, char::len_utf8);
    }
    first
}

#[cfg(test)]
#[allow(clippy::string_slice)] // tests: a bad index fails the test
mod tests {
    use super::*;
    use crate::text::{DirChoice, LayoutOptions, layout_paragraph};

    fn check_cover(text: &str, ps: &[Range<usize>]) {
        assert_eq!(ps.first().map(|r| r.start), Some(0));
        assert_eq!(ps.last().map(|r| r.end), Some(text.len()));
        for w in ps.windows(2) {
            assert_eq!(w[0].end, w[1].start);
        }
        for r in ps {
            assert!(text.is_char_boundary(r.start) && r.start < r.end);
        }
    }

    #[test]
    fn short_paragraphs_stay_whole() {
        assert_eq!(pieces("abc def", 16, Direction::Ltr), vec![0..7]);
        assert_eq!(pieces("", 16, Direction::Ltr), vec![0..0]);
    }

    #[test]
    fn cuts_prefer_sentence_ends_before_a_strong_letter() {
        let text = "one two three four five six. Seven eight nine ten eleven twelve.";
        let ps = pieces(text, 16, Direction::Ltr);
        check_cover(text, &ps);
        let got: Vec<&str> = ps.iter().map(|r| &text[r.clone()]).collect();
        // A sentence ends before 2 × 16 bytes; the rest has none, so it is
        // cut at the first clean place past 16 bytes.
        assert_eq!(
            got,
            [
                "one two three four five six. ",
                "Seven eight nine ",
                "ten eleven twelve."
            ]
        );
    }

    #[test]
    fn no_cut_next_to_the_other_direction_or_inside_an_isolate() {
        // Arabic words in an LTR paragraph: a cut between two of them would
        // move the period between them (N1 would see eos = L), so the first
        // clean place is after the next English letter.
        let ar = "كلمة. ".repeat(20);
        let text = format!("Start {ar}end of it and more words here");
        let ps = pieces(&text, 64, Direction::Ltr);
        check_cover(&text, &ps);
        let got: Vec<&str> = ps.iter().map(|r| &text[r.clone()]).collect();
        assert_eq!(
            got,
            [
                format!("Start {ar}end "),
                "of it and more words here".into()
            ]
        );
        // Nothing inside an isolate, nor right after one.
        let inner = "word ".repeat(8);
        let text = format!("a \u{2067}{inner}\u{2069} b c");
        let ps = pieces(&text, 16, Direction::Ltr);
        let got: Vec<&str> = ps.iter().map(|r| &text[r.clone()]).collect();
        assert_eq!(got, [format!("a \u{2067}{inner}\u{2069} b "), "c".into()]);
    }

    #[test]
    fn hostile_text_is_cut_at_grapheme_boundaries() {
        let text = "1".repeat(100) + &"e\u{301}".repeat(100);
        let ps = pieces(&text, 16, Direction::Ltr);
        check_cover(&text, &ps);
        assert!(ps.len() > 3);
        for r in &ps {
            let s = &text[r.clone()];
            assert!(!s.starts_with('\u{301}'), "{r:?}");
            assert!(s.len() <= 2 * 16 + 2, "{r:?}");
        }
    }

    #[test]
    fn base_direction_skips_isolates() {
        assert_eq!(base_direction("123 \u{2066}abc\u{2069} نص"), Direction::Rtl);
        assert_eq!(base_direction("123"), Direction::Ltr);
        assert_eq!(base_direction("« نص » text"), Direction::Rtl);
    }

    /// The claim of the module: each piece, laid out alone, shows its
    /// characters with the same levels and symbols as the whole paragraph
    /// laid out without wrapping (only the line ends differ).
    #[test]
    fn pieces_lay_out_as_inside_the_paragraph() {
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../shared/ntrex/newstest2019-ref.arb.txt"
        );
        let src = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{path}: {e}"));
        let lines: Vec<&str> = src
            .lines()
            .filter(|l| !l.trim().is_empty())
            .take(60)
            .collect();
        let en = "The 2019 figures (in US$) were 5,700, not 2,500. ";
        let mut mixed = String::new();
        for (i, l) in lines.iter().enumerate() {
            mixed.push_str(l);
            mixed.push(' ');
            if i % 3 == 0 {
                mixed.push_str(en);
            }
        }
        for dir in [DirChoice::Rtl, DirChoice::Auto, DirChoice::Ltr] {
            let base = match dir {
                DirChoice::Rtl => Direction::Rtl,
                DirChoice::Ltr => Direction::Ltr,
                DirChoice::Auto => base_direction(&mixed),
            };
            let ps = pieces(&mixed, 512, base);
            check_cover(&mixed, &ps);
            assert!(ps.len() > 4, "{}", ps.len());
            let opts = LayoutOptions {
                width: 0,
                dir,
                ..LayoutOptions::default()
            };
            let whole = cell_map(&layout_paragraph(&mixed, &opts), 0);
            let mut parts = std::collections::BTreeMap::new();
            for r in &ps {
                let forced = LayoutOptions {
                    dir: match base {
                        Direction::Ltr => DirChoice::Ltr,
                        Direction::Rtl => DirChoice::Rtl,
                    },
                    ..opts.clone()
                };
                parts.extend(cell_map(
                    &layout_paragraph(&mixed[r.clone()], &forced),
                    r.start,
                ));
            }
            // Trailing whitespace of each piece goes to the paragraph level
            // (L1), as at any line end: compare everything else.
            let ends: Vec<usize> = ps.iter().map(|r| r.end).collect();
            for (start, (sym, level)) in &whole {
                let trailing = ends
                    .iter()
                    .any(|&e| *start < e && mixed[*start..e].chars().all(char::is_whitespace));
                if trailing {
                    continue;
                }
                assert_eq!(
                    parts.get(start),
                    Some(&(sym.clone(), *level)),
                    "{dir:?} at byte {start}"
                );
            }
        }
    }

    fn cell_map(
        l: &crate::text::ParagraphLayout,
        shift: usize,
    ) -> std::collections::BTreeMap<usize, (String, u8)> {
        l.lines
            .iter()
            .flat_map(|vl| vl.cells.iter())
            .map(|c| (c.range.start + shift, (c.symbol.to_string(), c.level)))
            .collect()
    }
}
