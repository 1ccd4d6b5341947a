//! Byte offsets (inside the program) to code points and line:column (at the
//! boundary), computed in one pass per document.

/// Converts byte offsets of one text to code-point offsets and to 1-based
/// line:column positions (columns counted in code points).
///
/// Built once per document; each lookup is a binary search over the line
/// starts plus a count of the characters between the line start and the
/// offset, so converting every span of a document costs about one pass over it.
#[derive(Debug)]
pub struct Positions<'a> {
    text: &'a str,
    /// Byte offset of the start of each line (after `\n`).
    line_starts: Vec<usize>,
    /// Code-point offset of the start of each line.
    line_chars: Vec<usize>,
}

impl<'a> Positions<'a> {
    pub fn new(text: &'a str) -> Self {
        let mut line_starts = vec![0];
        let mut line_chars = vec![0];
        let mut chars = 0;
        for (i, c) in text.char_indices() {
            chars += 1;
            if c == '\n' {
                line_starts.push(i + 1);
                line_chars.push(chars);
            }
        }
        Positions {
            text,
            line_starts,
            line_chars,
        }
    }

    fn line_of(&self, byte: usize) -> usize {
        match self.line_starts.binary_search(&byte) {
            Ok(i) => i,
            Err(i) => i.saturating_sub(1),
        }
    }

    /// Code points in the line before `byte`; `None` when `byte` is past the
    /// end or not on a character boundary.
    fn chars_in_line_before(&self, line: usize, byte: usize) -> Option<usize> {
        let start = *self.line_starts.get(line)?;
        self.text.get(start..byte).map(|s| s.chars().count())
    }

    /// The code-point offset of a byte offset; `None` when it is not a
    /// character boundary of the text.
    pub fn char_offset(&self, byte: usize) -> Option<usize> {
        let line = self.line_of(byte);
        let base = *self.line_chars.get(line)?;
        Some(base + self.chars_in_line_before(line, byte)?)
    }

    /// 1-based line and column (in code points) of a byte offset; offsets
    /// that are not boundaries are clamped back to the previous boundary.
    pub fn line_column(&self, byte: usize) -> (usize, usize) {
        let mut b = byte.min(self.text.len());
        while !self.text.is_char_boundary(b) {
            b -= 1;
        }
        let line = self.line_of(b);
        let col = self.chars_in_line_before(line, b).unwrap_or(0);
        (line + 1, col + 1)
    }

    /// The byte offset of a code-point offset; `None` past the end.
    pub fn byte_offset(&self, char_offset: usize) -> Option<usize> {
        let line = match self.line_chars.binary_search(&char_offset) {
            Ok(i) => i,
            Err(i) => i.saturating_sub(1),
        };
        let start_byte = *self.line_starts.get(line)?;
        let mut remaining = char_offset - *self.line_chars.get(line)?;
        let rest = self.text.get(start_byte..)?;
        if remaining == 0 {
            return Some(start_byte);
        }
        for (i, _) in rest.char_indices() {
            if remaining == 0 {
                return Some(start_byte + i);
            }
            remaining -= 1;
        }
        (remaining == 0).then_some(self.text.len())
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
