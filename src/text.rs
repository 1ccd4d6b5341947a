//! The layout engine (DESIGN.md §2): paragraphs, base direction, bidi levels,
//! Arabic shaping, UAX #14 line breaking, per-line reordering (L1–L4), right
//! alignment of RTL lines, and visual cells that carry their logical byte
//! range and level.
//!
//! Nothing here touches ratatui, crossterm or the file system.
//!
//! CONTRACT (used by `ui`, `app` and `cli::render`): the names and fields
//! below are stable; the implementation behind them lives in submodules.

use std::ops::Range;

/// A paragraph's resolved base direction.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Direction {
    Ltr,
    Rtl,
}

/// How the base direction of a paragraph is chosen.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
pub enum DirChoice {
    /// First strong character (UAX #9 P2/P3); LTR when there is none.
    #[default]
    Auto,
    Ltr,
    Rtl,
}

/// Everything that changes a layout. Two equal options on the same text give
/// the same layout, so callers can cache by (paragraph, options).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct LayoutOptions {
    /// Columns available; 0 means no wrapping.
    pub width: usize,
    pub dir: DirChoice,
    /// Arabic joining forms (Presentation Forms-B).
    pub shape: bool,
    /// Lam-alef ligatures (two characters, one cell); only with `shape`.
    pub lam_alef: bool,
    /// Right-align RTL lines by indenting them to `width` (no effect when
    /// `width` is 0).
    pub align_rtl: bool,
    /// Show bidi formatting and other invisible characters as visible marks.
    pub reveal: bool,
    /// Tab stops every this many columns (tabs expand to spaces).
    pub tab_width: usize,
}

impl Default for LayoutOptions {
    fn default() -> Self {
        LayoutOptions {
            width: 80,
            dir: DirChoice::Auto,
            shape: true,
            lam_alef: true,
            align_rtl: true,
            reveal: false,
            tab_width: 8,
        }
    }
}

/// One screen cell (or two, for a wide character) in visual order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Cell {
    /// What to draw: shaped, mirrored, marks kept after their base; never a
    /// raw control character.
    pub symbol: String,
    /// First column of the cell within the line (indentation included).
    pub col: usize,
    /// Columns taken: 1 or 2 (0 only for an invisible character that is not
    /// revealed, or a trailing space hanging past the width; such a cell is
    /// mapped but not drawn and its symbol is empty). A tab is one cell as
    /// wide as the spaces it expands to (its symbol is those spaces).
    pub width: usize,
    /// Logical byte range in the paragraph text this cell shows. A lam-alef
    /// ligature covers both letters; a cluster covers its marks.
    pub range: Range<usize>,
    /// Bidi embedding level (odd = right-to-left).
    pub level: u8,
}

/// One visual line of a paragraph.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct VisualLine {
    /// Cells in visual (left-to-right screen) order.
    pub cells: Vec<Cell>,
    /// The logical byte range of the paragraph this line holds.
    pub range: Range<usize>,
    /// Leading columns of padding (right alignment of RTL lines).
    pub indent: usize,
    /// Total columns used, indentation included.
    pub width: usize,
}

/// The layout of one paragraph.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParagraphLayout {
    pub base: Direction,
    pub lines: Vec<VisualLine>,
}

mod bidi;
mod layout;
mod props;
mod shape;
mod tables;

pub(crate) use layout::Engine;
pub use shape::{Joining, joining, mirror};

/// Byte ranges of the paragraphs of `text`: the lines between hard newlines
/// (`\n` or `\r\n`), terminators excluded. The rule is the one of
/// [`str::lines`]: an empty line is an empty paragraph, a final newline does
/// not start another paragraph, and an empty text has no paragraphs. A lone
/// `\r` (not followed by `\n`) stays inside its paragraph.
pub fn paragraphs(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let bytes = text.as_bytes();
    let mut start = 0usize;
    while start < bytes.len() {
        let nl = bytes
            .get(start..)
            .and_then(|rest| rest.iter().position(|&b| b == b'\n'))
            .map(|p| start + p);
        match nl {
            Some(nl) => {
                let end = if nl > start && bytes.get(nl - 1) == Some(&b'\r') {
                    nl - 1
                } else {
                    nl
                };
                out.push(start..end);
                start = nl + 1;
            }
            None => {
                out.push(start..bytes.len());
                start = bytes.len();
            }
        }
    }
    out
}

/// Lay out one paragraph (`text` contains no newline). Cell ranges are byte
/// offsets into `text`. An empty paragraph has one empty line.
///
/// See docs/LAYOUT.md for the pipeline. In short: one cell per grapheme
/// cluster (lam + alef in one cell when ligatures are on); control
/// characters drawn as symbols (C0 as U+2400.., DEL as ␡, C1 as U+FFFD);
/// bidi formatting characters zero-width unless `reveal`; a mark with no
/// base drawn on a dotted circle ◌; tabs expanded to the next stop of the
/// line (counted in logical order).
pub fn layout_paragraph(text: &str, opts: &LayoutOptions) -> ParagraphLayout {
    let mut engine = Engine::default();
    engine.layout(text, opts);
    engine.to_layout()
}

impl ParagraphLayout {
    /// The logical byte offset shown at screen column `col` of visual line
    /// `line`: the start of the cell drawn there. A column outside the text
    /// of the line (the indentation, or past its last cell) gives the
    /// logical end of the line nearest to it: for a left-to-right paragraph
    /// the line's start on the left and its end on the right, for a
    /// right-to-left paragraph its end on the left and its start on the
    /// right. `None` when `line` does not exist.
    pub fn hit(&self, line: usize, col: usize) -> Option<usize> {
        let l = self.lines.get(line)?;
        if let Some(cell) = l
            .cells
            .iter()
            .find(|c| c.width > 0 && c.col <= col && col < c.col + c.width)
        {
            return Some(cell.range.start);
        }
        let first_col = l
            .cells
            .iter()
            .find(|c| c.width > 0)
            .map_or(l.indent, |c| c.col);
        let left = col < first_col;
        Some(match (self.base, left) {
            (Direction::Ltr, true) | (Direction::Rtl, false) => l.range.start,
            (Direction::Ltr, false) | (Direction::Rtl, true) => l.range.end,
        })
    }

    /// The visual line and column of the cell holding byte `offset`. The
    /// offset just past the end of the paragraph is placed just after the
    /// logical end of the last line (right of it for a left-to-right
    /// paragraph, left of it for a right-to-left one, column 0 at the
    /// least). `None` for any other offset outside the paragraph.
    pub fn locate(&self, offset: usize) -> Option<(usize, usize)> {
        for (i, l) in self.lines.iter().enumerate() {
            if offset < l.range.start || offset >= l.range.end {
                continue;
            }
            if let Some(c) = l.cells.iter().find(|c| c.range.contains(&offset)) {
                return Some((i, c.col));
            }
        }
        let last = self.lines.len().checked_sub(1)?;
        let l = self.lines.get(last)?;
        if offset != l.range.end {
            return None;
        }
        Some(match self.base {
            Direction::Ltr => (last, l.width),
            Direction::Rtl => {
                let left = l
                    .cells
                    .iter()
                    .find(|c| c.width > 0)
                    .map_or(l.indent, |c| c.col);
                (last, left.saturating_sub(1))
            }
        })
    }

    /// `(line, column, width)` of every cell whose logical range intersects
    /// `range`, in line then visual order: the pieces of a logical span,
    /// which bidi reordering may have split on screen.
    pub fn cells_in(&self, range: Range<usize>) -> Vec<(usize, usize, usize)> {
        let mut out = Vec::new();
        for (i, l) in self.lines.iter().enumerate() {
            if l.range.end <= range.start || l.range.start >= range.end {
                continue;
            }
            for c in &l.cells {
                if c.range.start < range.end && range.start < c.range.end {
                    out.push((i, c.col, c.width));
                }
            }
        }
        out
    }
}

impl VisualLine {
    /// The line as `hashiya render` prints it: `indent` spaces first when
    /// `pad`, then every cell's symbol; zero-width cells are left out.
    pub fn to_text(&self, pad: bool) -> String {
        let mut out = String::new();
        if pad {
            out.extend(std::iter::repeat_n(' ', self.indent));
        }
        for c in &self.cells {
            if c.width > 0 {
                out.push_str(&c.symbol);
            }
        }
        out
    }
}

#[cfg(test)]
mod tests;
