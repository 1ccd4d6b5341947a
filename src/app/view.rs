//! Screen geometry and scrolling, shared by the state machine (cursor
//! follow, mouse hits) and the views (drawing).
//!
//! The panes scroll together by *beads*: a bead holds a run of blocks of
//! each pane that belong together (paragraph *i* and its translation). Both
//! halves of a bead start on the same row; the shorter is padded, and a
//! block without counterpart faces a gap. The scroll position is a bead and
//! a row inside it, so nothing above the screen is ever laid out.

use std::ops::Range;
use std::rc::Rc;

use crate::text::{DirChoice, LayoutOptions, ParagraphLayout};

use super::layout::{self, rows};
use super::{Mouse, State, motion};

/// Blocks of each pane (up to two) that are drawn side by side.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Bead {
    pub parts: [Range<usize>; 2],
    /// A reviewer confirmed it.
    pub confirmed: bool,
    /// The aligner is unsure of it (score below [`DOUBTFUL`]).
    pub doubtful: bool,
}

/// Beads scoring below this are marked for the reviewer.
pub const DOUBTFUL: f64 = 0.05;

/// Pair blocks in order: block *i* of each pane in bead *i*; the longer
/// document's extra blocks face gaps.
pub fn beads_by_order(counts: &[usize]) -> Vec<Bead> {
    let n = counts.iter().copied().max().unwrap_or(0);
    (0..n)
        .map(|i| {
            let part = |p: usize| {
                let c = counts.get(p).copied().unwrap_or(0);
                if i < c { i..i + 1 } else { c..c }
            };
            Bead {
                parts: [part(0), part(1)],
                confirmed: false,
                doubtful: false,
            }
        })
        .collect()
}

/// The first row shown: a bead and a row inside it.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord)]
pub struct Scroll {
    pub bead: usize,
    pub row: usize,
}

/// Where a pane sits on screen.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Geom {
    /// First column of the pane (its header starts here).
    pub x: u16,
    pub width: u16,
    /// First column of the text and the columns it may use.
    pub text_x: u16,
    pub text_w: u16,
}

/// Rows above the text (the pane headers).
pub const TEXT_TOP: u16 = 1;

/// Rows of the adjudication view's version panel, below the text.
pub const PANEL_ROWS: u16 = 9;

/// Rows of text: everything but the header, the status line and the
/// message line (and the version panel in the adjudication view).
pub fn text_height(state: &State) -> usize {
    let panel = if state.screen == super::Screen::Adjudicate {
        PANEL_ROWS
    } else {
        0
    };
    state.size.1.saturating_sub(TEXT_TOP + 2 + panel).max(1) as usize
}

/// The panes' geometry, left to right.
pub fn geoms(state: &State) -> Vec<Geom> {
    let w = state.size.0;
    let n = state.panes.len().max(1) as u16;
    let mk = |x: u16, width: u16| Geom {
        x,
        width,
        text_x: x + 1,
        text_w: width.saturating_sub(2).max(1),
    };
    if n == 1 {
        vec![mk(0, w)]
    } else {
        let left = w.saturating_sub(1) / 2;
        vec![mk(0, left), mk(left + 1, w.saturating_sub(left + 1))]
    }
}

/// The layout options of pane `p`.
pub fn options(state: &State, p: usize) -> LayoutOptions {
    let g = geoms(state);
    let width = g.get(p).map_or(78, |g| g.text_w as usize);
    let rtl = state
        .panes
        .get(p)
        .and_then(|pane| state.docs.get(pane.doc))
        .is_some_and(|d| d.rtl);
    LayoutOptions {
        width,
        dir: if rtl { DirChoice::Rtl } else { DirChoice::Auto },
        shape: state.settings.shape,
        lam_alef: state.settings.shape && state.settings.lam_alef,
        align_rtl: true,
        reveal: state.reveal,
        tab_width: 8,
    }
}

/// The layout of block `b` of pane `p`.
pub fn block_layout(
    state: &State,
    p: usize,
    b: usize,
    opts: &LayoutOptions,
) -> Rc<ParagraphLayout> {
    let d = &state.docs[state.panes[p].doc];
    d.cache
        .get(b, d.block_text(b), &piece_options(state, p, b, opts))
}

/// The options of block `b` of pane `p`: a piece of a long paragraph takes
/// the paragraph's direction (its own first strong character may differ).
fn piece_options(state: &State, p: usize, b: usize, opts: &LayoutOptions) -> LayoutOptions {
    let d = &state.docs[state.panes[p].doc];
    match d.block_info.get(b).and_then(|i| i.dir) {
        Some(dir) if opts.dir == DirChoice::Auto => LayoutOptions {
            dir: match dir {
                crate::text::Direction::Ltr => DirChoice::Ltr,
                crate::text::Direction::Rtl => DirChoice::Rtl,
            },
            ..opts.clone()
        },
        _ => opts.clone(),
    }
}

/// Rows block `b` of pane `p` takes (remembered apart from the layouts, so
/// a long part need not stay laid out).
pub fn block_rows(state: &State, p: usize, b: usize, opts: &LayoutOptions) -> usize {
    let d = &state.docs[state.panes[p].doc];
    d.cache
        .rows(b, d.block_text(b), &piece_options(state, p, b, opts))
}

/// Blank rows after block `b` of pane `p` (none between the pieces of a
/// long paragraph).
fn gap(state: &State, p: usize, b: usize) -> usize {
    state.docs[state.panes[p].doc].gap_after(b)
}

/// Rows taken by pane `p`'s half of `bead` (paragraphs stacked with a
/// blank row between them).
fn part_rows(state: &State, p: usize, bead: &Bead, opts: &LayoutOptions) -> usize {
    let part = bead.parts[p].clone();
    let last = part.end.saturating_sub(1);
    part.map(|b| block_rows(state, p, b, opts) + if b < last { gap(state, p, b) } else { 0 })
        .sum()
}

/// Rows a bead takes, including the blank row after it (none when every
/// pane's part ends inside a paragraph that the next bead continues).
pub fn bead_rows(state: &State, i: usize, opts: &[LayoutOptions]) -> usize {
    let Some(bead) = state.beads.get(i) else {
        return 0;
    };
    let h = (0..state.panes.len())
        .map(|p| part_rows(state, p, bead, &opts[p]))
        .max()
        .unwrap_or(0);
    let continued = (0..state.panes.len()).all(|p| {
        let part = &bead.parts[p];
        !part.is_empty() && gap(state, p, part.end - 1) == 0
    });
    h + usize::from(!continued || state.panes.is_empty())
}

pub fn all_options(state: &State) -> Vec<LayoutOptions> {
    (0..state.panes.len()).map(|p| options(state, p)).collect()
}

/// The bead holding block `b` of pane `p`.
pub fn bead_of(state: &State, p: usize, b: usize) -> usize {
    let i = state.beads.partition_point(|bead| {
        bead.parts[p].end <= b && !(bead.parts[p].is_empty() && bead.parts[p].start > b)
    });
    i.min(state.beads.len().saturating_sub(1))
}

/// Pane `p`'s block and line at `row` of `bead`, if text is there.
pub fn at_row(
    state: &State,
    p: usize,
    bead: usize,
    row: usize,
    opts: &LayoutOptions,
) -> Option<(usize, usize)> {
    let part = state.beads.get(bead)?.parts[p].clone();
    let mut r = row;
    for b in part {
        let n = block_rows(state, p, b, opts);
        if r < n {
            return Some((b, r));
        }
        r = r.checked_sub(n + gap(state, p, b))?;
    }
    None
}

/// The row inside its bead of the line holding `pos` in pane `p`.
fn cursor_place(
    state: &State,
    p: usize,
    pos: usize,
    opts: &LayoutOptions,
) -> Option<(usize, usize)> {
    let pane = state.panes.get(p)?;
    let d = &state.docs[pane.doc];
    if d.blocks.is_empty() {
        return None;
    }
    let b = motion::Blocks {
        text: &d.text,
        blocks: &d.blocks,
    }
    .block_of(pos);
    let bead = bead_of(state, p, b);
    let mut row = 0;
    for prev in state.beads[bead].parts[p].start..b {
        row += block_rows(state, p, prev, opts) + gap(state, p, prev);
    }
    let l = block_layout(state, p, b, opts);
    row += layout::line_of(&l, pos - d.blocks[b].start);
    Some((bead, row))
}

/// Move the scroll position by `delta` rows (clamped to the document).
pub fn scroll_rows(state: &State, mut s: Scroll, delta: isize, opts: &[LayoutOptions]) -> Scroll {
    if state.beads.is_empty() {
        return Scroll::default();
    }
    if delta >= 0 {
        let mut left = delta as usize;
        loop {
            let h = bead_rows(state, s.bead, opts);
            if s.row + left < h {
                s.row += left;
                return s;
            }
            if s.bead + 1 >= state.beads.len() {
                s.row = h.saturating_sub(1);
                return s;
            }
            left -= h - s.row;
            s.bead += 1;
            s.row = 0;
        }
    } else {
        let mut left = delta.unsigned_abs();
        loop {
            if s.row >= left {
                s.row -= left;
                return s;
            }
            if s.bead == 0 {
                s.row = 0;
                return s;
            }
            left -= s.row + 1;
            s.bead -= 1;
            s.row = bead_rows(state, s.bead, opts).saturating_sub(1);
        }
    }
}

/// Rows from scroll position `a` down to `b` (b ≥ a), counting at most `cap`.
fn distance(state: &State, a: Scroll, b: Scroll, cap: usize, opts: &[LayoutOptions]) -> usize {
    if a.bead == b.bead {
        return b.row.saturating_sub(a.row);
    }
    let mut d = bead_rows(state, a.bead, opts).saturating_sub(a.row);
    let mut i = a.bead + 1;
    while i < b.bead && d <= cap {
        d += bead_rows(state, i, opts);
        i += 1;
    }
    d + b.row
}

/// Scroll so the active cursor's line is on screen.
pub fn ensure_cursor_visible(state: &mut State) {
    let opts = all_options(state);
    let Some(pane) = state.pane() else { return };
    let Some((bead, row)) = cursor_place(state, state.active, pane.cursor, &opts[state.active])
    else {
        return;
    };
    let at = Scroll { bead, row };
    let h = text_height(state).max(1);
    if at < state.scroll {
        state.scroll = at;
        return;
    }
    if distance(state, state.scroll, at, h, &opts) >= h {
        state.scroll = scroll_rows(state, at, -((h - 1) as isize), &opts);
    }
}

/// Scroll by `delta` rows; a cursor that leaves the screen is brought back
/// to the nearest visible line.
pub fn scroll_by(state: &mut State, delta: isize) {
    let opts = all_options(state);
    state.scroll = scroll_rows(state, state.scroll, delta, &opts);
    let Some(pane) = state.pane() else { return };
    let p = state.active;
    let Some((bead, row)) = cursor_place(state, p, pane.cursor, &opts[p]) else {
        return;
    };
    let at = Scroll { bead, row };
    let h = text_height(state).max(1);
    let below = at >= state.scroll && distance(state, state.scroll, at, h, &opts) >= h;
    if at >= state.scroll && !below {
        return;
    }
    // Look for the first (or last) visible row with text of this pane.
    let range: Vec<usize> = if below {
        (0..h).rev().collect()
    } else {
        (0..h).collect()
    };
    for r in range {
        let s = scroll_rows(state, state.scroll, r as isize, &opts);
        if let Some((b, line)) = at_row(state, p, s.bead, s.row, &opts[p]) {
            let l = block_layout(state, p, b, &opts[p]);
            let col = l.lines.get(line).map_or(0, |vl| {
                if l.base == crate::text::Direction::Rtl {
                    vl.width.saturating_sub(1)
                } else {
                    vl.indent
                }
            });
            if let Some(off) = layout::hit(&l, line, col) {
                let start = state.docs[state.panes[p].doc].blocks[b].start;
                state.panes[p].cursor = start + off;
            }
            return;
        }
    }
}

/// Move the cursor one screen line down or up, keeping its column.
pub fn line_move(state: &mut State, down: bool) {
    let opts = all_options(state);
    let p = state.active;
    let Some(pane) = state.pane() else { return };
    let d = &state.docs[pane.doc];
    if d.blocks.is_empty() {
        return;
    }
    let bl = motion::Blocks {
        text: &d.text,
        blocks: &d.blocks,
    };
    let b = bl.block_of(pane.cursor);
    let l = block_layout(state, p, b, &opts[p]);
    let rel = pane.cursor - d.blocks[b].start;
    let (line, col) = layout::locate(&l, rel).map_or((0, 0), |(li, c, _)| (li, c));
    let target = if down {
        if line + 1 < rows(&l) {
            Some((b, line + 1))
        } else if b + 1 < d.blocks.len() {
            Some((b + 1, 0))
        } else {
            None
        }
    } else if line > 0 {
        Some((b, line - 1))
    } else if b > 0 {
        Some((b - 1, block_rows(state, p, b - 1, &opts[p]) - 1))
    } else {
        None
    };
    let Some((tb, tl)) = target else { return };
    let tlay = block_layout(state, p, tb, &opts[p]);
    if let Some(off) = layout::hit(&tlay, tl, col) {
        let pos = d.blocks[tb].start + off;
        let extend = state.panes[p].anchor.is_some();
        super::move_to(state, pos, extend);
    }
}

/// The pane and document offset under a screen position.
pub fn hit_screen(state: &State, x: u16, y: u16) -> Option<(usize, usize)> {
    if y < TEXT_TOP || (y - TEXT_TOP) as usize >= text_height(state) {
        return None;
    }
    let geoms = geoms(state);
    let p = geoms.iter().position(|g| x >= g.x && x < g.x + g.width)?;
    if p >= state.panes.len() {
        return None;
    }
    let opts = all_options(state);
    let s = scroll_rows(state, state.scroll, (y - TEXT_TOP) as isize, &opts);
    let (b, line) = at_row(state, p, s.bead, s.row, &opts[p])?;
    let l = block_layout(state, p, b, &opts[p]);
    let col = x.saturating_sub(geoms[p].text_x) as usize;
    let off = layout::hit(&l, line, col)?;
    Some((p, state.docs[state.panes[p].doc].blocks[b].start + off))
}

pub fn mouse(state: &mut State, m: Mouse) -> Vec<super::Effect> {
    if state.screen != super::Screen::Reader || state.overlay != super::Overlay::None {
        return Vec::new();
    }
    match m {
        Mouse::ScrollDown => scroll_by(state, 3),
        Mouse::ScrollUp => scroll_by(state, -3),
        Mouse::Down { x, y } => {
            if let Some((p, pos)) = hit_screen(state, x, y) {
                state.active = p;
                state.panes[p].anchor = None;
                state.panes[p].cursor = pos;
            }
        }
        Mouse::Drag { x, y } => {
            if let Some((p, pos)) = hit_screen(state, x, y)
                && p == state.active
            {
                let pane = &mut state.panes[p];
                if pane.anchor.is_none() {
                    pane.anchor = Some(pane.cursor);
                }
                pane.cursor = pos;
            }
        }
        Mouse::DoubleClick { x, y } => {
            if let Some((p, pos)) = hit_screen(state, x, y) {
                state.active = p;
                let d = &state.docs[state.panes[p].doc];
                let bl = motion::Blocks {
                    text: &d.text,
                    blocks: &d.blocks,
                };
                let w = bl.word_at(pos);
                let last = bl.last_start(&w);
                state.panes[p].anchor = Some(w.start);
                state.panes[p].cursor = last;
            }
        }
    }
    Vec::new()
}
