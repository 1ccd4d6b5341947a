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
}
