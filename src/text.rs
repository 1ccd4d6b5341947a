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
    /// revealed; such a cell is mapped but not drawn).
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
