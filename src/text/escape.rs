//! Text from files in messages: what must never reach a terminal raw.
//!
//! Panes draw control characters as visible symbols (see the layout engine);
//! messages (`check`, `export`, `suggest`, the TUI's status line) use these
//! escapes instead: controls and invisible formatting characters become
//! `\u{…}`, while Arabic letters and harakat stay as they are.

/// Invisible characters: controls, bidi marks and embeddings, zero-width
/// joiners, the BOM, the soft hyphen.
pub fn is_invisible(c: char) -> bool {
    c.is_control()
        || matches!(c,
            '\u{00AD}' | '\u{061C}' | '\u{180E}' | '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}'
            | '\u{2060}'..='\u{2064}' | '\u{2066}'..='\u{2069}' | '\u{FEFF}')
}

/// `s` with every [`is_invisible`] character written as a `\u{…}` escape.
pub fn escape_invisible(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if is_invisible(c) {
            out.push_str(&format!("\\u{{{:x}}}", c as u32));
        } else {
            out.push(c);
        }
    }
    out
}

/// `s` in double quotes for a message: `"` and `\` escaped, invisible
/// characters as `\u{…}`.
pub fn quoted(s: &str) -> String {
    let inner = s.replace('\\', "\\\\").replace('"', "\\\"");
    format!("\"{}\"", escape_invisible(&inner))
}

/// A message for the terminal: like [`escape_invisible`], but a line break
/// stays a line break (a message of several lines, one problem per line).
/// Every message hashiya prints that can hold a file name or text from a
/// file goes through this (see [`crate::eprintln_escaped`]).
pub fn for_terminal(s: &str) -> String {
    s.split('\n')
        .map(escape_invisible)
        .collect::<Vec<_>>()
        .join("\n")
}

/// `eprintln!` for messages: the formatted text goes through
/// [`for_terminal`], so a file name holding an escape sequence is printed
/// as `\u{1b}`, never sent to the terminal.
#[macro_export]
macro_rules! eprintln_escaped {
    ($($arg:tt)*) => {
        eprintln!("{}", $crate::text::escape::for_terminal(&format!($($arg)*)))
    };
}

/// A writer for reports meant to be read in a terminal (`qa`, `pair`,
/// `agree`, `status`): every [`is_invisible`] character but the line break
/// and the tab is written as a `\u{…}` escape. Not for data formats (JSON,
/// TSV for tools), which have their own escaping.
pub struct Escaping<W: std::io::Write> {
    inner: W,
    /// The start of a UTF-8 sequence cut by the end of the last write.
    pending: Vec<u8>,
}

impl<W: std::io::Write> Escaping<W> {
    pub fn new(inner: W) -> Self {
        Escaping {
            inner,
            pending: Vec::new(),
        }
    }

    fn emit(&mut self, s: &str) -> std::io::Result<()> {
        let mut from = 0;
        for (i, c) in s.char_indices() {
            if is_invisible(c) && c != '\n' && c != '\t' {
                self.inner
                    .write_all(s.get(from..i).unwrap_or("").as_bytes())?;
                write!(self.inner, "\\u{{{:x}}}", c as u32)?;
                from = i + c.len_utf8();
            }
        }
        self.inner.write_all(s.get(from..).unwrap_or("").as_bytes())
    }
}

impl<W: std::io::Write> std::io::Write for Escaping<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let mut bytes = std::mem::take(&mut self.pending);
        bytes.extend_from_slice(buf);
        let (good, rest) = match std::str::from_utf8(&bytes) {
            Ok(s) => (s, &[][..]),
            Err(e) => {
                let (head, tail) = bytes.split_at(e.valid_up_to());
                let head = std::str::from_utf8(head).unwrap_or("");
                match e.error_len() {
                    // Cut in the middle of a character: keep for the next write.
                    None => (head, tail),
                    // Not UTF-8 at all: shown as U+FFFD, never passed raw.
                    Some(_) => {
                        let lossy = String::from_utf8_lossy(&bytes).into_owned();
                        self.emit(&lossy)?;
                        return Ok(buf.len());
                    }
                }
            }
        };
        let keep = rest.to_vec();
        self.emit(good)?;
        self.pending = keep;
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        if !self.pending.is_empty() {
            let lossy = String::from_utf8_lossy(&std::mem::take(&mut self.pending)).into_owned();
            self.emit(&lossy)?;
        }
        self.inner.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn controls_and_bidi_marks_are_escaped_harakat_kept() {
        assert_eq!(escape_invisible("a\u{1b}[2J\n"), "a\\u{1b}[2J\\u{a}");
        assert_eq!(escape_invisible("x\u{202E}y"), "x\\u{202e}y");
        assert_eq!(escape_invisible("أيضًا"), "أيضًا");
        assert_eq!(quoted("say \"hi\""), "\"say \\\"hi\\\"\"");
    }

    #[test]
    fn escaping_writer_escapes_across_split_writes() {
        use std::io::Write as _;
        let mut w = Escaping::new(Vec::new());
        let text = "ملف\u{1b}[31m\tok\n\u{202e}x";
        for chunk in text.as_bytes().chunks(3) {
            w.write_all(chunk).unwrap();
        }
        w.flush().unwrap();
        assert_eq!(
            String::from_utf8(w.inner).unwrap(),
            "ملف\\u{1b}[31m\tok\n\\u{202e}x"
        );
    }

    #[test]
    fn messages_keep_their_line_breaks() {
        assert_eq!(
            for_terminal("a.txt: bad\n\u{1b}]52;c;eA==\u{7}.txt: worse"),
            "a.txt: bad\n\\u{1b}]52;c;eA==\\u{7}.txt: worse"
        );
    }
}
