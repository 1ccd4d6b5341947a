//! Units of alignment: paragraphs (non-blank lines) and sentences.

use std::ops::Range;

/// The paragraphs of a document for alignment: every line with
/// non-whitespace content, as byte ranges with surrounding whitespace (and
/// the line break) excluded. Blank lines separate nothing more than a line
/// break does.
pub fn paragraph_ranges(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start = 0;
    for line in text.split_inclusive('\n') {
        let end = start + line.len();
        if let Some(r) = trimmed(text, start..end) {
            out.push(r);
        }
        start = end;
    }
    out
}

/// `range` of `text` without leading and trailing whitespace; `None` when
/// nothing is left.
fn trimmed(text: &str, range: Range<usize>) -> Option<Range<usize>> {
    let s = text.get(range.clone())?;
    let lead = s.len() - s.trim_start().len();
    let body = s.trim();
    if body.is_empty() {
        None
    } else {
        Some(range.start + lead..range.start + lead + body.len())
    }
}

/// Characters that end a sentence: `.`, `?`, `!`, `…`, and the Arabic
/// question mark `؟`, semicolon `؛` and full stop `۔`.
fn is_terminator(c: char) -> bool {
    matches!(c, '.' | '?' | '!' | '…' | '؟' | '؛' | '۔')
}

/// Closing quotes and brackets that stay with the sentence they end.
fn is_closer(c: char) -> bool {
    matches!(c, '"' | '\'' | '”' | '’' | '»' | '›' | ')' | ']' | '}')
}

/// Split `text` into sentences, as byte ranges (trimmed, never empty).
///
/// A sentence ends after a terminator (`. ? ! … ؟ ؛`) and any closing quotes
/// or brackets, when whitespace follows — and, for `.`, when the word before
/// is not a single letter (`U.S.`, `J. Smith`) and the next word does not
/// start with a lowercase Latin letter. Inside an open quotation (`“…”`,
/// `«…»`) a terminator does not end the sentence unless the quotation is
/// closed right after it. A line break always ends a sentence.
pub fn split_sentences(text: &str) -> Vec<Range<usize>> {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let mut out = Vec::new();
    let mut start = 0usize;
    let mut depth = 0i32;
    let mut straight_open = false;
    let mut i = 0;
    let push = |out: &mut Vec<Range<usize>>, r: Range<usize>| {
        if let Some(t) = trimmed(text, r) {
            out.push(t);
        }
    };
    while i < chars.len() {
        let (b, c) = chars[i];
        match c {
            '\n' => {
                push(&mut out, start..b);
                start = b + 1;
                depth = 0;
                straight_open = false;
                i += 1;
                continue;
            }
            '“' | '«' => depth += 1,
            '”' | '»' => depth = (depth - 1).max(0),
            '"' => straight_open = !straight_open,
            _ => {}
        }
        if !is_terminator(c) {
            i += 1;
            continue;
        }
        // Run of terminators, then closers.
        let mut k = i + 1;
        while k < chars.len() && is_terminator(chars[k].1) {
            k += 1;
        }
        let mut closed_quote = false;
        while k < chars.len() && is_closer(chars[k].1) {
            match chars[k].1 {
                '”' | '»' => {
                    depth = (depth - 1).max(0);
                    closed_quote = true;
                }
                '"' if straight_open => {
                    straight_open = false;
                    closed_quote = true;
                }
                _ => {}
            }
            k += 1;
        }
        let end = chars.get(k).map_or(text.len(), |&(b, _)| b);
        let at_space = chars.get(k).is_none_or(|&(_, c)| c.is_whitespace());
        let quoted = (depth > 0 || straight_open) && !closed_quote;
        let mut breaks = at_space && !quoted;
        if breaks && c == '.' {
            // The word before the dot.
            let word_start = chars[..i]
                .iter()
                .rposition(|&(_, c)| !c.is_alphanumeric())
                .map_or(0, |p| p + 1);
            let letters = chars[word_start..i]
                .iter()
                .filter(|(_, c)| c.is_alphabetic())
                .count();
            // `U.S.`, `J.`: a single letter before the dot.
            let abbreviation = letters == 1 && i - word_start == 1;
            let next_word = chars[k..].iter().find(|(_, c)| !c.is_whitespace());
            let lower_next = next_word.is_some_and(|&(_, c)| c.is_lowercase());
            if abbreviation || lower_next {
                breaks = false;
            }
        }
        if breaks {
            push(&mut out, start..end);
            start = end;
        }
        i = k.max(i + 1);
    }
    push(&mut out, start..text.len());
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sentences(text: &str) -> Vec<&str> {
        split_sentences(text)
            .into_iter()
            .map(|r| text.get(r).unwrap())
            .collect()
    }

    #[test]
    fn english_sentences() {
        assert_eq!(
            sentences("He left. She stayed! Why? Because, e.g. rain."),
            ["He left.", "She stayed!", "Why?", "Because, e.g. rain."]
        );
        assert_eq!(
            sentences("The U.S. Army said 2.5 million. J. Smith agreed."),
            ["The U.S. Army said 2.5 million.", "J. Smith agreed."]
        );
    }

    #[test]
    fn arabic_terminators() {
        assert_eq!(
            sentences("هل جاء؟ نعم جاء؛ ثم ذهب. انتهى"),
            ["هل جاء؟", "نعم جاء؛", "ثم ذهب.", "انتهى"]
        );
    }

    #[test]
    fn quotations() {
        // Terminator inside an open quotation does not split; a closing
        // quote right after the terminator ends the sentence with it.
        assert_eq!(
            sentences("He said “Stop. Now.” Then he left."),
            ["He said “Stop. Now.”", "Then he left."]
        );
        assert_eq!(
            sentences("قال: «توقف. الآن.» ثم غادر."),
            ["قال: «توقف. الآن.»", "ثم غادر."]
        );
        assert_eq!(
            sentences("\"Go home.\" She did."),
            ["\"Go home.\"", "She did."]
        );
    }

    #[test]
    fn line_breaks_and_blank_lines() {
        let text = "One\n\n  Two.  \nThree";
        assert_eq!(sentences(text), ["One", "Two.", "Three"]);
        let paras: Vec<&str> = paragraph_ranges(text)
            .into_iter()
            .map(|r| text.get(r).unwrap())
            .collect();
        assert_eq!(paras, ["One", "Two.", "Three"]);
        assert!(paragraph_ranges("\n \n").is_empty());
    }
}

#[cfg(test)]
mod properties {
    use super::*;
    use proptest::prelude::*;

    /// Text built from pieces that matter to the splitter.
    fn text() -> impl Strategy<Value = String> {
        let piece = prop::sample::select(vec![
            "word", "كلمة", " ", "  ", ".", "؟", "؛", "!", "?", "…", "“", "”", "«", "»", "\"",
            "\n", "U", "5", "٫", "e.g", "ّ", "\t",
        ]);
        prop::collection::vec(piece, 0..40).prop_map(|v| v.concat())
    }

    proptest! {
        #[test]
        fn sentences_are_ordered_trimmed_and_cover_all_content(t in text()) {
            let ranges = split_sentences(&t);
            let mut last = 0;
            for r in &ranges {
                prop_assert!(r.start >= last && r.start < r.end);
                let s = t.get(r.clone());
                prop_assert!(s.is_some(), "not on char boundaries: {r:?}");
                let s = s.unwrap();
                prop_assert_eq!(s, s.trim());
                last = r.end;
            }
            // Every non-whitespace character is in some sentence.
            for (b, c) in t.char_indices() {
                if !c.is_whitespace() {
                    prop_assert!(ranges.iter().any(|r| r.contains(&b)), "{c:?} at {b} lost");
                }
            }
        }

        #[test]
        fn paragraphs_are_the_non_blank_lines(t in text()) {
            let paras: Vec<&str> = paragraph_ranges(&t).into_iter().map(|r| t.get(r).unwrap_or("\u{0}")).collect();
            let lines: Vec<&str> = t.lines().map(str::trim).filter(|l| !l.is_empty()).collect();
            prop_assert_eq!(paras, lines);
        }
    }
}
