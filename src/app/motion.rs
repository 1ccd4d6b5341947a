//! Cursor motion in logical order: by grapheme, word, sentence and paragraph
//! (UAX #29 through `unicode-segmentation`). Positions are byte offsets on
//! grapheme starts inside non-empty paragraphs ("blocks"); the cursor never
//! rests on a newline or between paragraphs.

use std::ops::Range;

use unicode_segmentation::UnicodeSegmentation;

/// Units the cursor moves by.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Unit {
    Grapheme,
    Word,
    /// The last grapheme of the current or next word.
    WordEnd,
    Sentence,
    Paragraph,
}

/// The document as motion sees it: text and its blocks (non-empty paragraphs
/// in order).
pub struct Blocks<'a> {
    pub text: &'a str,
    pub blocks: &'a [Range<usize>],
}

fn is_wordy(s: &str) -> bool {
    s.chars().any(|c| c.is_alphanumeric())
}

impl Blocks<'_> {
    /// The block holding `pos` (or the one before it when `pos` is between).
    pub fn block_of(&self, pos: usize) -> usize {
        match self.blocks.binary_search_by(|b| {
            if b.end <= pos {
                std::cmp::Ordering::Less
            } else if b.start > pos {
                std::cmp::Ordering::Greater
            } else {
                std::cmp::Ordering::Equal
            }
        }) {
            Ok(i) => i,
            Err(i) => i.saturating_sub(1),
        }
    }

    fn slice(&self, b: usize) -> &str {
        self.blocks
            .get(b)
            .and_then(|r| self.text.get(r.clone()))
            .unwrap_or("")
    }

    /// Clamp `pos` onto a grapheme start inside a block.
    pub fn clamp(&self, pos: usize) -> usize {
        let Some(first) = self.blocks.first() else {
            return 0;
        };
        if pos < first.start {
            return first.start;
        }
        let b = self.block_of(pos);
        let r = &self.blocks[b];
        if pos >= r.end {
            return self.last_grapheme(b);
        }
        let rel = pos - r.start;
        let mut start = 0;
        for (i, _) in self.slice(b).grapheme_indices(true) {
            if i > rel {
                break;
            }
            start = i;
        }
        r.start + start
    }

    fn last_grapheme(&self, b: usize) -> usize {
        let r = &self.blocks[b];
        r.start
            + self
                .slice(b)
                .grapheme_indices(true)
                .next_back()
                .map_or(0, |(i, _)| i)
    }

    /// Where the cursor lands moving from `pos` by `unit`, forward or back.
    pub fn step(&self, pos: usize, unit: Unit, forward: bool) -> usize {
        if self.blocks.is_empty() {
            return 0;
        }
        let pos = self.clamp(pos);
        let b = self.block_of(pos);
        let start = self.blocks[b].start;
        let rel = pos - start;
        let s = self.slice(b);
        let in_block: Option<usize> = match (unit, forward) {
            (Unit::Grapheme, true) => s.grapheme_indices(true).map(|(i, _)| i).find(|&i| i > rel),
            (Unit::Grapheme, false) => s
                .grapheme_indices(true)
                .map(|(i, _)| i)
                .rev()
                .find(|&i| i < rel),
            (Unit::Word, true) => s
                .split_word_bound_indices()
                .find(|&(i, w)| i > rel && is_wordy(w))
                .map(|(i, _)| i),
            (Unit::Word, false) => s
                .split_word_bound_indices()
                .rev()
                .find(|&(i, w)| i < rel && is_wordy(w))
                .map(|(i, _)| i),
            (Unit::WordEnd, true) => s
                .split_word_bound_indices()
                .filter(|(_, w)| is_wordy(w))
                .map(|(i, w)| i + w.grapheme_indices(true).next_back().map_or(0, |(j, _)| j))
                .find(|&e| e > rel),
            (Unit::WordEnd, false) => s
                .split_word_bound_indices()
                .filter(|(_, w)| is_wordy(w))
                .map(|(i, w)| i + w.grapheme_indices(true).next_back().map_or(0, |(j, _)| j))
                .rev()
                .find(|&e| e < rel),
            (Unit::Sentence, true) => s
                .split_sentence_bound_indices()
                .map(|(i, _)| i)
                .find(|&i| i > rel),
            (Unit::Sentence, false) => s
                .split_sentence_bound_indices()
                .map(|(i, _)| i)
                .take_while(|&i| i < rel)
                .last(),
            (Unit::Paragraph, true) => None,
            (Unit::Paragraph, false) => (rel > 0).then_some(0),
        };
        if let Some(r) = in_block {
            return start + r;
        }
        // Cross into the neighbouring block.
        if forward {
            if b + 1 >= self.blocks.len() {
                return match unit {
                    Unit::Paragraph | Unit::Sentence | Unit::Word => self.last_grapheme(b),
                    _ => pos,
                };
            }
            let nb = self.blocks[b + 1].start;
            match unit {
                Unit::Word | Unit::WordEnd => {
                    let next = self.step(nb, unit, true);
                    // The next block's first word starts at its start.
                    let first_wordy = self
                        .slice(b + 1)
                        .split_word_bound_indices()
                        .find(|(_, w)| is_wordy(w));
                    match (unit, first_wordy) {
                        (Unit::Word, Some((i, _))) => nb + i,
                        (Unit::WordEnd, Some((i, w))) => {
                            nb + i + w.grapheme_indices(true).next_back().map_or(0, |(j, _)| j)
                        }
                        _ => next,
                    }
                }
                _ => nb,
            }
        } else {
            if b == 0 {
                return self.blocks[0].start;
            }
            match unit {
                Unit::Grapheme | Unit::WordEnd => self.last_grapheme(b - 1),
                Unit::Paragraph => self.blocks[b - 1].start,
                Unit::Sentence => {
                    let pb = self.blocks[b - 1].start;
                    self.slice(b - 1)
                        .split_sentence_bound_indices()
                        .last()
                        .map_or(pb, |(i, _)| pb + i)
                }
                Unit::Word => {
                    let pb = self.blocks[b - 1].start;
                    self.slice(b - 1)
                        .split_word_bound_indices()
                        .rev()
                        .find(|(_, w)| is_wordy(w))
                        .map_or(pb, |(i, _)| pb + i)
                }
            }
        }
    }

    /// The end (exclusive) of the grapheme starting at `pos`.
    pub fn grapheme_end(&self, pos: usize) -> usize {
        let b = self.block_of(pos);
        let Some(r) = self.blocks.get(b) else {
            return pos;
        };
        let rel = pos.saturating_sub(r.start);
        self.slice(b)
            .get(rel..)
            .and_then(|rest| rest.graphemes(true).next())
            .map_or(pos, |g| pos + g.len())
    }

    /// The start of the last grapheme of `r` (the cursor position that makes
    /// an inclusive selection end at `r.end`).
    pub fn last_start(&self, r: &Range<usize>) -> usize {
        self.text
            .get(r.clone())
            .and_then(|s| s.grapheme_indices(true).next_back())
            .map_or(r.start, |(i, _)| r.start + i)
    }

    /// The word (UAX #29) around `pos`, or the grapheme when it is not in a word.
    pub fn word_at(&self, pos: usize) -> Range<usize> {
        let b = self.block_of(pos);
        let Some(r) = self.blocks.get(b) else {
            return pos..pos;
        };
        let rel = pos.saturating_sub(r.start);
        for (i, w) in self.slice(b).split_word_bound_indices() {
            if i <= rel && rel < i + w.len() {
                if is_wordy(w) {
                    return r.start + i..r.start + i + w.len();
                }
                break;
            }
        }
        pos..self.grapheme_end(pos)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn blocks(text: &str) -> Vec<Range<usize>> {
        let mut out = Vec::new();
        let mut start = 0;
        for line in text.split('\n') {
            if !line.trim().is_empty() {
                out.push(start..start + line.len());
            }
            start += line.len() + 1;
        }
        out
    }

    #[test]
    fn words_forward_and_back_cross_paragraphs() {
        let text = "one two.\n\nthree";
        let bl = blocks(text);
        let b = Blocks { text, blocks: &bl };
        assert_eq!(b.step(0, Unit::Word, true), 4);
        assert_eq!(b.step(4, Unit::Word, true), 10);
        assert_eq!(b.step(10, Unit::Word, false), 4);
        assert_eq!(b.step(0, Unit::WordEnd, true), 2);
        assert_eq!(b.step(2, Unit::WordEnd, true), 6);
    }

    #[test]
    fn arabic_graphemes_keep_marks() {
        // بَ = beh + fatha: one grapheme of 4 bytes.
        let text = "بَت";
        let bl = blocks(text);
        let b = Blocks { text, blocks: &bl };
        assert_eq!(b.step(0, Unit::Grapheme, true), 4);
        assert_eq!(b.grapheme_end(0), 4);
        assert_eq!(b.word_at(4), 0..text.len());
    }

    #[test]
    fn sentences_and_paragraphs() {
        let text = "A b. C d.\nE f.";
        let bl = blocks(text);
        let b = Blocks { text, blocks: &bl };
        assert_eq!(b.step(0, Unit::Sentence, true), 5);
        assert_eq!(b.step(5, Unit::Sentence, true), 10);
        assert_eq!(b.step(7, Unit::Paragraph, false), 0);
        assert_eq!(b.step(0, Unit::Paragraph, true), 10);
        assert_eq!(b.clamp(9), 8);
    }
}
