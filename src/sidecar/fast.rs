//! A fast reader for the subset of TOML that hashiya itself writes (one
//! `key = value` per line; basic strings, decimal integers, booleans, inline
//! tables and arrays of them; `[[annotation]]` headers; comments). Anything
//! outside that subset, including every error, makes it give up (`None`) and
//! the full TOML parser reads the file instead, so both give the same result
//! on files this reader accepts.

use std::borrow::Cow;
use std::collections::HashSet;
use std::ops::Range;

use super::format::{Tbl, Val};

/// Parse `text`; `None` when it is not in the subset (or not valid).
pub(crate) fn parse(text: &str) -> Option<Tbl<'_>> {
    let mut root = Tbl::default();
    // Each array of tables: its name, the span of its first header, items.
    let mut arrays: Vec<ArrayOfTables<'_>> = Vec::new();
    let mut current: Option<(usize, Tbl<'_>, Seen<'_>, usize)> = None;
    let mut root_seen = Seen::default();
    let mut at = 0;
    for line in text.split_inclusive('\n') {
        let start = at;
        at += line.len();
        let body = line.strip_suffix('\n').unwrap_or(line);
        if body.ends_with('\r') {
            return None;
        }
        if body.is_empty() {
            continue;
        }
        if let Some(comment) = body.strip_prefix('#') {
            if comment
                .chars()
                .any(|c| (c.is_control() && c != '\t') || c == '\u{7f}')
            {
                return None;
            }
            continue;
        }
        if let Some(name) = array_header(body) {
            if let Some((s, t, _, k)) = current.take() {
                arrays[k].2.push((s..start, Val::Table(t)));
            }
            let k = match arrays.iter().position(|a| a.0 == name) {
                Some(k) => k,
                None => {
                    arrays.push((name, start..start + body.len(), Vec::new()));
                    arrays.len() - 1
                }
            };
            current = Some((start, Tbl(Vec::with_capacity(16)), Seen::default(), k));
            continue;
        }
        let mut c = Cursor {
            text,
            pos: start,
            end: start + body.len(),
            depth: 0,
        };
        let key = c.key()?;
        c.ws();
        c.eat(b'=')?;
        c.ws();
        let value = c.value()?;
        c.ws();
        if c.pos != c.end {
            return None;
        }
        let (table, seen) = match &mut current {
            Some((_, t, seen, _)) => (t, seen),
            None => (&mut root, &mut root_seen),
        };
        if !seen.first(key) {
            return None;
        }
        table.0.push((Cow::Borrowed(key), value.0, value.1));
    }
    if let Some((s, t, _, k)) = current.take() {
        arrays[k].2.push((s..text.len(), Val::Table(t)));
    }
    for (name, span, items) in arrays {
        if root.contains(name) {
            return None;
        }
        root.0.push((Cow::Borrowed(name), span, Val::Array(items)));
    }
    Some(root)
}

/// An array of tables being read: name, span of its first header, items.
type ArrayOfTables<'i> = (&'static str, Range<usize>, Vec<(Range<usize>, Val<'i>)>);

/// The arrays of tables hashiya writes: `[[annotation]]`, and in a gold
/// sidecar `[[rejected]]` (adjudication), and `[[conflict]]` (a merge;
/// docs/FORMAT.md). Any other header
/// makes the reader give up.
const ARRAY_TABLES: &[&str] = &["annotation", "rejected", "conflict"];

/// The name of an array-of-tables header line hashiya writes.
fn array_header(line: &str) -> Option<&'static str> {
    let name = line.strip_prefix("[[")?.strip_suffix("]]")?;
    ARRAY_TABLES.iter().copied().find(|t| *t == name)
}

/// The keys hashiya writes (at most 32), for the duplicate check.
const KEYS: &[&str] = &[
    "id",
    "label",
    "kind",
    "start",
    "end",
    "quote",
    "before",
    "after",
    "annotator",
    "created",
    "modified",
    "reviewer",
    "reviewed",
    "status",
    "note",
    "orphan",
    "attrs",
    "links",
    "version",
    "document",
    "sha256",
];

/// The keys met so far in one table, to refuse duplicates in linear time:
/// a bit per key hashiya writes, a hash set for the others (a hostile file
/// may hold 100,000 unknown keys in one table).
#[derive(Default)]
struct Seen<'i> {
    known: u32,
    other: HashSet<&'i str>,
}

impl<'i> Seen<'i> {
    /// Record `key`; false when it was already there.
    fn first(&mut self, key: &'i str) -> bool {
        match KEYS.iter().position(|k| *k == key) {
            Some(bit) if self.known & (1 << bit) != 0 => false,
            Some(bit) => {
                self.known |= 1 << bit;
                true
            }
            None => self.other.insert(key),
        }
    }
}

/// Arrays and inline tables nested deeper than this make the fast reader
/// give up. hashiya writes at most two levels; the full parser then reads
/// the file and refuses nesting beyond its own limit with an error, where
/// recursing on would overflow the stack.
const MAX_DEPTH: u32 = 16;

struct Cursor<'i> {
    text: &'i str,
    pos: usize,
    end: usize,
    /// Arrays and inline tables open around the cursor.
    depth: u32,
}

impl<'i> Cursor<'i> {
    fn peek(&self) -> Option<u8> {
        (self.pos < self.end)
            .then(|| self.text.as_bytes().get(self.pos).copied())
            .flatten()
    }

    fn eat(&mut self, b: u8) -> Option<()> {
        (self.peek()? == b).then(|| self.pos += 1)
    }

    fn ws(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t')) {
            self.pos += 1;
        }
    }

    fn key(&mut self) -> Option<&'i str> {
        let s = self.pos;
        while matches!(self.peek(), Some(b) if b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
        {
            self.pos += 1;
        }
        if self.pos == s {
            return None;
        }
        self.text.get(s..self.pos)
    }

    fn value(&mut self) -> Option<(Range<usize>, Val<'i>)> {
        let s = self.pos;
        let v = match self.peek()? {
            b'"' => Val::String(self.string()?),
            b'{' | b'[' if self.depth >= MAX_DEPTH => return None,
            b'{' => Val::Table(self.nested(Self::inline_table)?),
            b'[' => Val::Array(self.nested(Self::array)?),
            b't' | b'f' => self.boolean()?,
            b'0'..=b'9' | b'+' | b'-' => Val::Integer(Some(self.integer()?)),
            _ => return None,
        };
        Some((s..self.pos, v))
    }

    fn boolean(&mut self) -> Option<Val<'i>> {
        let rest = self.text.get(self.pos..self.end)?;
        let (v, n) = if rest.starts_with("true") {
            (true, 4)
        } else if rest.starts_with("false") {
            (false, 5)
        } else {
            return None;
        };
        self.pos += n;
        self.delimited()?;
        Some(Val::Boolean(v))
    }

    /// After a bare value: end of line, space, or a closing/separating mark.
    fn delimited(&self) -> Option<()> {
        match self.peek() {
            None | Some(b' ' | b'\t' | b',' | b']' | b'}') => Some(()),
            _ => None,
        }
    }

    fn integer(&mut self) -> Option<i64> {
        let s = self.pos;
        if matches!(self.peek(), Some(b'+' | b'-')) {
            self.pos += 1;
        }
        let digits = self.pos;
        while matches!(self.peek(), Some(b'0'..=b'9')) {
            self.pos += 1;
        }
        let n = self.pos - digits;
        // No leading zeros, underscores, floats, dates or other bases.
        if n == 0 || (n > 1 && self.text.as_bytes().get(digits) == Some(&b'0')) {
            return None;
        }
        self.delimited()?;
        self.text.get(s..self.pos)?.parse().ok()
    }

    fn string(&mut self) -> Option<Cow<'i, str>> {
        self.eat(b'"')?;
        if self.peek() == Some(b'"') && self.text.as_bytes().get(self.pos + 1) == Some(&b'"') {
            return None; // multi-line string
        }
        let s = self.pos;
        let bytes = self.text.as_bytes();
        // Fast scan: no escapes.
        while self.pos < self.end {
            match bytes.get(self.pos)? {
                b'"' => {
                    let v = self.text.get(s..self.pos)?;
                    self.pos += 1;
                    return Some(Cow::Borrowed(v));
                }
                b'\\' => break,
                b if (*b < 0x20 && *b != b'\t') || *b == 0x7f => return None,
                _ => self.pos += 1,
            }
        }
        let mut out = String::from(self.text.get(s..self.pos)?);
        while self.pos < self.end {
            let rest = self.text.get(self.pos..self.end)?;
            let c = rest.chars().next()?;
            self.pos += c.len_utf8();
            match c {
                '"' => return Some(Cow::Owned(out)),
                '\\' => {
                    let e = self.text.get(self.pos..self.end)?.chars().next()?;
                    self.pos += 1;
                    match e {
                        'b' => out.push('\u{8}'),
                        't' => out.push('\t'),
                        'n' => out.push('\n'),
                        'f' => out.push('\u{c}'),
                        'r' => out.push('\r'),
                        '"' => out.push('"'),
                        '\\' => out.push('\\'),
                        'u' | 'U' => {
                            let n = if e == 'u' { 4 } else { 8 };
                            if self.pos + n > self.end {
                                return None;
                            }
                            let hex = self.text.get(self.pos..self.pos + n)?;
                            if !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
                                return None;
                            }
                            out.push(char::from_u32(u32::from_str_radix(hex, 16).ok()?)?);
                            self.pos += n;
                        }
                        _ => return None,
                    }
                }
                c if (c.is_control() && c != '\t') || c == '\u{7f}' => return None,
                c => out.push(c),
            }
        }
        None
    }

    /// Parse one nested value with `f`, one level deeper.
    fn nested<T>(&mut self, f: impl FnOnce(&mut Self) -> Option<T>) -> Option<T> {
        self.depth += 1;
        let v = f(self);
        self.depth -= 1;
        v
    }

    fn inline_table(&mut self) -> Option<Tbl<'i>> {
        self.eat(b'{')?;
        let mut t = Tbl::default();
        // Small tables (all that hashiya writes) are searched; a large one
        // gets a hash set, so a hostile line stays linear.
        let mut seen: HashSet<&'i str> = HashSet::new();
        self.ws();
        if self.eat(b'}').is_some() {
            return Some(t);
        }
        loop {
            self.ws();
            let key = self.key()?;
            self.ws();
            self.eat(b'=')?;
            self.ws();
            let (span, v) = self.value()?;
            let fresh = if t.0.len() < 8 {
                !t.contains(key)
            } else {
                if seen.is_empty() {
                    seen.extend(t.0.iter().filter_map(|(k, _, _)| match k {
                        Cow::Borrowed(k) => Some(*k),
                        Cow::Owned(_) => None,
                    }));
                }
                seen.insert(key)
            };
            if !fresh {
                return None;
            }
            t.0.push((Cow::Borrowed(key), span, v));
            self.ws();
            match self.peek()? {
                b',' => self.pos += 1,
                b'}' => {
                    self.pos += 1;
                    return Some(t);
                }
                _ => return None,
            }
        }
    }

    fn array(&mut self) -> Option<Vec<(Range<usize>, Val<'i>)>> {
        self.eat(b'[')?;
        let mut items = Vec::new();
        loop {
            self.ws();
            if self.eat(b']').is_some() {
                return Some(items);
            }
            items.push(self.value()?);
            self.ws();
            match self.peek()? {
                b',' => self.pos += 1,
                b']' => {
                    self.pos += 1;
                    return Some(items);
                }
                _ => return None,
            }
        }
    }
}
