//! The one position index of a text: byte offsets (inside the program) to
//! code points and to the `line:column` every message prints, computed in one
//! pass per text.
//!
//! Lines end at `\n` only; a `\r` before it is a character of its line, and
//! columns count code points (a combining mark is a column of its own), so a
//! position names the same place in any editor that counts code points.

/// Converts byte offsets of one text to code-point offsets and to 1-based
/// line:column positions (columns counted in code points).
///
/// Built once per document: the line starts, and a mark every [`STRIDE`]
/// code points. Each lookup is a binary search plus a count of at most
/// `STRIDE` characters, so converting every span of a document costs about
/// one pass over it, however long its lines (a 50 MB document on one line,
/// 100,000 imported spans in it).
#[derive(Debug)]
pub struct Positions<'a> {
    text: &'a str,
    /// Byte offset of the start of each line (after `\n`).
    line_starts: Vec<usize>,
    /// Code-point offset of the start of each line.
    line_chars: Vec<usize>,
    /// `marks[k]`: the byte offset of code point `k * STRIDE`.
    marks: Vec<usize>,
    /// Code points in the text.
    chars: usize,
}

/// Code points between two marks.
const STRIDE: usize = 256;

impl<'a> Positions<'a> {
    pub fn new(text: &'a str) -> Self {
        let mut line_starts = vec![0];
        let mut line_chars = vec![0];
        let mut marks = Vec::with_capacity(text.len() / STRIDE + 1);
        let mut chars = 0;
        for (i, c) in text.char_indices() {
            if chars % STRIDE == 0 {
                marks.push(i);
            }
            chars += 1;
            if c == '\n' {
                line_starts.push(i + 1);
                line_chars.push(chars);
            }
        }
        if chars % STRIDE == 0 {
            marks.push(text.len());
        }
        Positions {
            text,
            line_starts,
            line_chars,
            marks,
            chars,
        }
    }

    /// The text indexed.
    pub fn text(&self) -> &'a str {
        self.text
    }

    fn line_of(&self, byte: usize) -> usize {
        match self.line_starts.binary_search(&byte) {
            Ok(i) => i,
            Err(i) => i.saturating_sub(1),
        }
    }

    /// The code-point offset of a byte offset; `None` when it is not a
    /// character boundary of the text.
    pub fn char_offset(&self, byte: usize) -> Option<usize> {
        let k = self.marks.partition_point(|&m| m <= byte).checked_sub(1)?;
        let from = *self.marks.get(k)?;
        Some(k * STRIDE + self.text.get(from..byte)?.chars().count())
    }

    /// 1-based line and column (in code points) of a byte offset; offsets
    /// that are not boundaries are clamped back to the previous boundary.
    pub fn line_column(&self, byte: usize) -> (usize, usize) {
        let mut b = byte.min(self.text.len());
        while !self.text.is_char_boundary(b) {
            b -= 1;
        }
        let line = self.line_of(b);
        let col = match (self.char_offset(b), self.line_chars.get(line)) {
            (Some(c), Some(&start)) => c - start,
            _ => 0,
        };
        (line + 1, col + 1)
    }

    /// The byte offset of a code-point offset; `None` past the end.
    pub fn byte_offset(&self, char_offset: usize) -> Option<usize> {
        if char_offset > self.chars {
            return None;
        }
        let k = char_offset / STRIDE;
        let from = *self.marks.get(k)?;
        let skip = char_offset - k * STRIDE;
        let rest = self.text.get(from..)?;
        Some(
            rest.char_indices()
                .nth(skip)
                .map_or(self.text.len(), |(i, _)| from + i),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_count_code_points_not_bytes_nor_graphemes() {
        // "مَ" is two code points (letter + fatha) and four bytes.
        let text = "مَرحبا\nab\r\né";
        let p = Positions::new(text);
        assert_eq!(p.char_offset(0), Some(0));
        assert_eq!(p.char_offset(4), Some(2)); // after "مَ"
        assert_eq!(p.char_offset(1), None); // inside "م"
        let nl = text.find('\n').unwrap_or(0);
        assert_eq!(p.char_offset(nl), Some(6));
        assert_eq!(p.char_offset(nl + 1), Some(7)); // "a"
        assert_eq!(p.char_offset(text.len()), Some(text.chars().count()));
        assert_eq!(p.line_column(nl + 2), (2, 2)); // "b"
        assert_eq!(p.line_column(text.len()), (3, 2));
    }

    /// The scan every message used before the index: count line breaks and
    /// characters from the start of the text.
    fn scan(text: &str, at: usize) -> (usize, usize) {
        let before = text.get(..at).unwrap_or(text);
        let line = before.matches('\n').count() + 1;
        let start = before.rfind('\n').map_or(0, |i| i + 1);
        (
            line,
            before.get(start..).map_or(0, |s| s.chars().count()) + 1,
        )
    }

    proptest::proptest! {
        /// Random texts of Arabic with harakat, CRLF and lone CR, combining
        /// marks, a BOM, emoji and blank lines: the index gives the numbers
        /// of the scan at every character boundary and at the end.
        #[test]
        fn same_numbers_as_the_scan_from_the_start(
            pieces in proptest::collection::vec(
                proptest::sample::select(vec![
                    "مَ", "رْ", "حبا", "لا", "\n", "\r\n", "\r", "\n\n", "a", "é",
                    "e\u{301}", "\u{feff}", "😀", " ", "\t", "٣", "x\u{200f}",
                ]),
                // Long enough for lines of several strides.
                0..700,
            ),
            newlines in proptest::prelude::any::<bool>(),
        ) {
            let mut text: String = pieces.concat();
            if !newlines {
                // One long line: the case the strides are for.
                text = text.replace(['\n', '\r'], " ");
            }
            let p = Positions::new(&text);
            for (ci, (b, _)) in text.char_indices().chain([(text.len(), ' ')]).enumerate() {
                proptest::prop_assert_eq!(p.line_column(b), scan(&text, b), "{:?} at {}", text, b);
                proptest::prop_assert_eq!(p.char_offset(b), Some(ci));
                proptest::prop_assert_eq!(p.byte_offset(ci), Some(b));
            }
            proptest::prop_assert_eq!(p.byte_offset(text.chars().count() + 1), None);
            // Past the end: the end.
            proptest::prop_assert_eq!(p.line_column(text.len() + 5), scan(&text, text.len()));
        }
    }

    #[test]
    fn inside_a_character_counts_as_its_start() {
        let text = "ab\nمرحبا";
        let p = Positions::new(text);
        assert_eq!(p.line_column(4), (2, 1)); // inside "م"
        assert_eq!(p.line_column(5), (2, 2));
    }

    #[test]
    fn byte_offset_inverts_char_offset() {
        let text = "\u{feff}أَنَا\n\nhere é\r\nok";
        let p = Positions::new(text);
        for (ci, (bi, _)) in text.char_indices().enumerate() {
            assert_eq!(p.byte_offset(ci), Some(bi));
            assert_eq!(p.char_offset(bi), Some(ci));
        }
        let n = text.chars().count();
        assert_eq!(p.byte_offset(n), Some(text.len()));
        assert_eq!(p.byte_offset(n + 1), None);
    }
}
