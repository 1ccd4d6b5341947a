//! The tokenizer behind the CoNLL export (rules in docs/EXPORT.md).
//!
//! Tokens are the UAX #29 word segments of the text that contain something
//! other than white space and invisible format characters. In practice:
//! - white space separates tokens and is never part of one;
//! - every punctuation mark and symbol is its own token: `، ؛ ؟ « » . , : ( ) "`
//!   and the curly quotes split off the words they touch;
//! - numbers stay whole with their separators (`5,700`, `٥٫٧`, `3.5`);
//! - harakat, tatweel and other combining marks stay on their letter;
//! - Arabic clitics stay attached (`وأثناء`, `بالقدس`, `كـ`): splitting them
//!   needs a morphological analyser, and a span that starts after a clitic is
//!   reported by the CoNLL export as a span inside a token.
//!
//! Sentences end after a token that is `.`, `!`, `?`, `؟`, `…` or `۔`
//! (with any closing quotes and brackets that follow it), and at every line
//! break.

use std::ops::Range;

use unicode_segmentation::UnicodeSegmentation;

/// One token: its byte range in the text and whether a sentence ends after it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Token {
    pub span: Range<usize>,
    pub sentence_end: bool,
}

/// Invisible characters never make a token on their own.
pub use crate::text::escape::is_invisible;

fn is_terminator(s: &str) -> bool {
    matches!(s, "." | "!" | "?" | "؟" | "…" | "۔" | "...")
}

fn is_closing(s: &str) -> bool {
    matches!(s, "\"" | "'" | "”" | "’" | "»" | "›" | ")" | "]" | "}")
}

/// Split `text` into tokens (see the module doc).
pub fn tokenize(text: &str) -> Vec<Token> {
    let mut tokens: Vec<Token> = Vec::new();
    let mut after_terminator = false;
    for (start, seg) in text.split_word_bound_indices() {
        if seg.contains(['\n', '\r', '\u{2028}', '\u{2029}', '\u{85}']) {
            if let Some(last) = tokens.last_mut() {
                last.sentence_end = true;
            }
            after_terminator = false;
            continue;
        }
        if seg.chars().all(|c| c.is_whitespace() || is_invisible(c)) {
            continue;
        }
        // A segment may carry leading or trailing invisible characters
        // (format characters attach to the previous segment): trim them so a
        // token starts and ends on something visible.
        let lead = seg.len() - seg.trim_start_matches(is_invisible).len();
        let trimmed = seg
            .trim_start_matches(is_invisible)
            .trim_end_matches(is_invisible);
        let span = start + lead..start + lead + trimmed.len();
        if after_terminator && !is_closing(trimmed) && !is_terminator(trimmed) {
            if let Some(last) = tokens.last_mut() {
                last.sentence_end = true;
            }
            after_terminator = false;
        }
        if is_terminator(trimmed) {
            after_terminator = true;
        }
        tokens.push(Token {
            span,
            sentence_end: false,
        });
    }
    if let Some(last) = tokens.last_mut() {
        last.sentence_end = true;
    }
    tokens
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Tokens as strings, sentences separated by "|".
    fn show(text: &str) -> String {
        let mut out = Vec::new();
        for t in tokenize(text) {
            out.push(text.get(t.span.clone()).unwrap_or("?").to_string());
            if t.sentence_end {
                out.push("|".into());
            }
        }
        out.join(" ")
    }

    #[test]
    fn arabic_punctuation_splits_off_and_clitics_stay() {
        assert_eq!(
            show("قال «الرئيس»، وأثناء الزيارة؛ هل جاء؟ نعم."),
            "قال « الرئيس » ، وأثناء الزيارة ؛ هل جاء ؟ | نعم . |"
        );
    }

    #[test]
    fn harakat_and_tatweel_stay_on_the_letter() {
        assert_eq!(show("مُحَمَّدٌ كـ “عدو مشترك”"), "مُحَمَّدٌ كـ “ عدو مشترك ” |");
    }

    #[test]
    fn numbers_keep_their_separators() {
        assert_eq!(
            show("5,700 troops, ٥٬٧٠٠ or 3.5%."),
            "5,700 troops , ٥٬٧٠٠ or 3.5 % . |"
        );
    }

    #[test]
    fn sentences_end_at_terminators_closing_quotes_and_line_breaks() {
        assert_eq!(
            show("He said \"no.\" Then left\nNew line"),
            "He said \" no . \" | Then left | New line |"
        );
        assert_eq!(show("a\r\n\r\nb"), "a | b |");
    }

    #[test]
    fn invisible_marks_never_make_tokens() {
        let text = "\u{feff}abc \u{200f} \u{200f}def\u{200f}";
        let tokens = tokenize(text);
        let words: Vec<&str> = tokens
            .iter()
            .filter_map(|t| text.get(t.span.clone()))
            .collect();
        assert_eq!(words, ["abc", "def"]);
    }
}
