//! Byte offsets (inside the program) <-> code-point offsets (in files).

/// Checkpoints every `STEP` characters, so a conversion walks at most
/// `STEP` characters after a binary search.
const STEP: usize = 64;

/// Converts between byte and code-point offsets of one text.
#[derive(Clone, Debug)]
pub struct OffsetMap {
    /// Byte offset of character `i * STEP`.
    marks: Vec<usize>,
    chars: usize,
    len: usize,
}

impl OffsetMap {
    pub fn new(text: &str) -> Self {
        let mut marks = Vec::with_capacity(text.len() / STEP + 1);
        let mut chars = 0;
        for (i, (b, _)) in text.char_indices().enumerate() {
            if i % STEP == 0 {
                marks.push(b);
            }
            chars = i + 1;
        }
        OffsetMap {
            marks,
            chars,
            len: text.len(),
        }
    }

    /// Number of code points in the text.
    pub fn chars(&self) -> usize {
        self.chars
    }

    /// Byte offset of code point `cp` (`cp == chars()` gives the text length);
    /// `None` past the end.
    pub fn byte_of(&self, text: &str, cp: usize) -> Option<usize> {
        if cp == self.chars {
            return Some(self.len);
        }
        if cp > self.chars {
            return None;
        }
        let base = *self.marks.get(cp / STEP)?;
        let rest = text.get(base..)?;
        rest.char_indices().nth(cp % STEP).map(|(b, _)| base + b)
    }

    /// Code point index of byte offset `byte`; `None` past the end or inside
    /// a character.
    pub fn cp_of(&self, text: &str, byte: usize) -> Option<usize> {
        if byte == self.len {
            return Some(self.chars);
        }
        if byte > self.len || !text.is_char_boundary(byte) {
            return None;
        }
        let m = self.marks.partition_point(|&b| b <= byte).checked_sub(1)?;
        let base = *self.marks.get(m)?;
        let n = text.get(base..byte)?.chars().count();
        Some(m * STEP + n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_every_offset() {
        let text = "\u{feff}مَرْحَبًا\r\nworld é 😀".repeat(20);
        let map = OffsetMap::new(&text);
        assert_eq!(map.chars(), text.chars().count());
        for (cp, (b, _)) in text.char_indices().enumerate() {
            assert_eq!(map.byte_of(&text, cp), Some(b));
            assert_eq!(map.cp_of(&text, b), Some(cp));
        }
        assert_eq!(map.byte_of(&text, map.chars()), Some(text.len()));
        assert_eq!(map.byte_of(&text, map.chars() + 1), None);
        assert_eq!(map.cp_of(&text, 2), None); // inside the BOM
    }

    #[test]
    fn empty_text() {
        let map = OffsetMap::new("");
        assert_eq!(map.byte_of("", 0), Some(0));
        assert_eq!(map.cp_of("", 0), Some(0));
        assert_eq!(map.byte_of("", 1), None);
    }
}
