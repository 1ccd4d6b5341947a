//! [`Symbol`]: the text of one cell, kept inline when it is short.
//!
//! A cell shows one grapheme cluster (a letter and its marks, shaped and
//! mirrored), a control picture, a reveal marker or the spaces of a tab.
//! Nearly all of them fit in [`INLINE`] bytes, so building the public
//! [`Cell`](super::Cell)s of a paragraph does not allocate once per cell;
//! a longer symbol (a long cluster, a wide tab) goes to the heap.

use std::borrow::Borrow;
use std::fmt;
use std::ops::Deref;

/// Bytes a symbol can hold without a heap allocation.
pub const INLINE: usize = 22;

/// The text drawn in a cell; dereferences to `&str`.
#[derive(Clone)]
pub struct Symbol(Repr);

#[derive(Clone)]
enum Repr {
    /// `len` bytes of UTF-8 at the start of `bytes`, zeros after them.
    Inline { len: u8, bytes: [u8; INLINE] },
    /// Only for symbols longer than `INLINE` bytes.
    Heap(Box<str>),
}

impl Symbol {
    /// The empty symbol (a cell that is mapped but not drawn).
    pub const fn new() -> Self {
        Symbol(Repr::Inline {
            len: 0,
            bytes: [0; INLINE],
        })
    }

    /// The symbol as a string slice.
    pub fn as_str(&self) -> &str {
        match &self.0 {
            Repr::Inline { len, bytes } => bytes
                .get(..usize::from(*len))
                .and_then(|b| std::str::from_utf8(b).ok())
                .unwrap_or_default(),
            Repr::Heap(s) => s,
        }
    }

    /// `n` spaces (a tab as drawn).
    pub(crate) fn spaces(n: usize) -> Self {
        if n <= INLINE {
            let mut bytes = [0u8; INLINE];
            if let Some(head) = bytes.get_mut(..n) {
                head.fill(b' ');
            }
            Symbol(Repr::Inline {
                len: n as u8,
                bytes,
            })
        } else {
            Symbol(Repr::Heap(" ".repeat(n).into_boxed_str()))
        }
    }
}

impl Default for Symbol {
    fn default() -> Self {
        Symbol::new()
    }
}

impl From<&str> for Symbol {
    fn from(s: &str) -> Self {
        let mut bytes = [0u8; INLINE];
        match bytes.get_mut(..s.len()) {
            Some(head) => {
                head.copy_from_slice(s.as_bytes());
                Symbol(Repr::Inline {
                    len: s.len() as u8,
                    bytes,
                })
            }
            None => Symbol(Repr::Heap(s.into())),
        }
    }
}

impl From<String> for Symbol {
    fn from(s: String) -> Self {
        if s.len() <= INLINE {
            Symbol::from(s.as_str())
        } else {
            Symbol(Repr::Heap(s.into_boxed_str()))
        }
    }
}

impl From<char> for Symbol {
    fn from(c: char) -> Self {
        Symbol::from(c.encode_utf8(&mut [0u8; 4]) as &str)
    }
}

impl From<Symbol> for String {
    fn from(s: Symbol) -> Self {
        match s.0 {
            Repr::Heap(b) => b.into_string(),
            Repr::Inline { .. } => s.as_str().to_string(),
        }
    }
}

impl Deref for Symbol {
    type Target = str;
    fn deref(&self) -> &str {
        self.as_str()
    }
}

impl AsRef<str> for Symbol {
    fn as_ref(&self) -> &str {
        self.as_str()
    }
}

impl Borrow<str> for Symbol {
    fn borrow(&self) -> &str {
        self.as_str()
    }
}

impl fmt::Display for Symbol {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self.as_str(), f)
    }
}

impl fmt::Debug for Symbol {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.as_str(), f)
    }
}

// Equality and hashing are those of the string (as `Borrow<str>` requires).
impl PartialEq for Symbol {
    fn eq(&self, other: &Symbol) -> bool {
        self.as_str() == other.as_str()
    }
}

impl Eq for Symbol {}

impl std::hash::Hash for Symbol {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.as_str().hash(state);
    }
}

impl PartialEq<str> for Symbol {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}

impl PartialEq<&str> for Symbol {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl PartialEq<String> for Symbol {
    fn eq(&self, other: &String) -> bool {
        self.as_str() == other.as_str()
    }
}

impl PartialEq<Symbol> for str {
    fn eq(&self, other: &Symbol) -> bool {
        self == other.as_str()
    }
}

impl PartialEq<Symbol> for &str {
    fn eq(&self, other: &Symbol) -> bool {
        *self == other.as_str()
    }
}

impl PartialEq<Symbol> for String {
    fn eq(&self, other: &Symbol) -> bool {
        self.as_str() == other.as_str()
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use super::*;

    #[test]
    fn short_and_long_symbols_read_back() {
        for s in [
            "",
            "a",
            "\u{FEFB}",
            "\u{0628}\u{064E}\u{0651}",
            "\u{1F469}\u{200D}\u{1F4BB}",
            "abcdefghijklmnopqrstuv",  // exactly INLINE bytes
            "abcdefghijklmnopqrstuvw", // one more: heap
            "\u{0628}\u{064E}\u{0651}\u{064E}\u{0651}\u{064E}\u{0651}\u{064E}\u{0651}\u{064E}\u{0651}\u{064E}",
        ] {
            let sym = Symbol::from(s);
            assert_eq!(sym.as_str(), s);
            assert_eq!(&*sym, s);
            assert_eq!(sym, s);
            assert_eq!(s, sym);
            assert_eq!(sym, Symbol::from(s.to_string()));
            assert_eq!(String::from(sym.clone()), s);
            assert_eq!(sym.to_string(), s);
            assert_eq!(format!("{sym:?}"), format!("{s:?}"));
        }
        assert_eq!(Symbol::from('\u{2400}'), "\u{2400}");
        assert_eq!(Symbol::default(), "");
        assert_ne!(Symbol::from("ab"), "a");
    }

    #[test]
    fn spaces_of_any_length() {
        for n in [0, 1, 8, INLINE, INLINE + 1, 100] {
            assert_eq!(Symbol::spaces(n).as_str(), " ".repeat(n));
        }
    }

    #[test]
    fn hashes_like_its_string() {
        let set: HashSet<Symbol> = ["x", "\u{FEFB}"].into_iter().map(Symbol::from).collect();
        assert!(set.contains("x"));
        assert!(set.contains("\u{FEFB}"));
        assert!(!set.contains("y"));
    }
}
