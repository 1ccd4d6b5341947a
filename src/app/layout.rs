//! The bridge between documents and the layout engine: paragraph layouts
//! cached by (paragraph, options), and the cell <-> offset lookups the
//! reader, the mouse and the highlighter use.

use std::cell::RefCell;
use std::collections::HashMap;
use std::ops::Range;
use std::rc::Rc;

use crate::text::{LayoutOptions, ParagraphLayout};

/// Lay out one paragraph (no newline inside).
pub fn layout(text: &str, opts: &LayoutOptions) -> ParagraphLayout {
    crate::text::layout_paragraph(text, opts)
}

/// Cached layouts of one document's paragraphs. Drawing borrows the document
/// immutably, so the cache sits behind a `RefCell`; it is a memo, never state.
/// Row counts are kept apart from the layouts (a few bytes per block), so
/// scrolling past a long stretch need not keep its cells.
#[derive(Default)]
pub struct LayoutCache {
    map: RefCell<HashMap<(usize, LayoutOptions), Rc<ParagraphLayout>>>,
    /// Bytes of text whose layouts `map` holds.
    bytes: std::cell::Cell<usize>,
    rows: RefCell<HashMap<(usize, LayoutOptions), usize>>,
}

/// Entries kept before the cache is emptied (a resize or option change makes
/// old entries useless; a long scroll through a big document fills it).
const CACHE_LIMIT: usize = 4096;
/// Bytes of text laid out in the cache before it is emptied: a cell takes
/// about 64 bytes, so this bounds the cache near 256 MB.
const CACHE_BYTES: usize = 4 << 20;
/// Row counts kept (a resize makes new ones; a few MB at most).
const ROWS_LIMIT: usize = 1 << 16;

impl LayoutCache {
    /// The layout of paragraph `index`, whose text is `text`.
    pub fn get(&self, index: usize, text: &str, opts: &LayoutOptions) -> Rc<ParagraphLayout> {
        let key = (index, opts.clone());
        if let Some(l) = self.map.borrow().get(&key) {
            return Rc::clone(l);
        }
        let l = Rc::new(layout(text, opts));
        let mut map = self.map.borrow_mut();
        if map.len() >= CACHE_LIMIT || self.bytes.get() + text.len() > CACHE_BYTES {
            map.clear();
            self.bytes.set(0);
        }
        self.bytes.set(self.bytes.get() + text.len());
        self.remember_rows(key.clone(), rows(&l));
        map.insert(key, Rc::clone(&l));
        l
    }

    fn remember_rows(&self, key: (usize, LayoutOptions), n: usize) {
        let mut memo = self.rows.borrow_mut();
        if memo.len() >= ROWS_LIMIT {
            memo.clear();
        }
        memo.insert(key, n);
    }

    /// The rows paragraph `index` takes ([`rows`] of its layout).
    pub fn rows(&self, index: usize, text: &str, opts: &LayoutOptions) -> usize {
        let key = (index, opts.clone());
        if let Some(&n) = self.rows.borrow().get(&key) {
            return n;
        }
        // `get` remembers the count.
        rows(&self.get(index, text, opts))
    }

    pub fn clear(&self) {
        self.map.borrow_mut().clear();
        self.bytes.set(0);
        self.rows.borrow_mut().clear();
    }
}

/// Number of screen rows a layout takes (an empty paragraph still takes one).
pub fn rows(l: &ParagraphLayout) -> usize {
    l.lines.len().max(1)
}

/// The logical offset (paragraph-relative) shown at `(line, col)`; past the
/// text of a line, the nearest cell's offset.
pub fn hit(l: &ParagraphLayout, line: usize, col: usize) -> Option<usize> {
    let vl = l.lines.get(line)?;
    let drawn = || vl.cells.iter().filter(|c| c.width > 0);
    if let Some(c) = drawn().find(|c| col >= c.col && col < c.col + c.width) {
        return Some(c.range.start);
    }
    // Nearest drawn cell by column distance.
    drawn()
        .min_by_key(|c| {
            if col < c.col {
                c.col - col
            } else {
                col + 1 - (c.col + c.width)
            }
        })
        .map(|c| c.range.start)
}

/// The `(line, col, width)` of the cell showing paragraph-relative `offset`.
pub fn locate(l: &ParagraphLayout, offset: usize) -> Option<(usize, usize, usize)> {
    for (i, vl) in l.lines.iter().enumerate() {
        if let Some(c) = vl
            .cells
            .iter()
            .find(|c| c.range.start <= offset && offset < c.range.end)
        {
            return Some((i, c.col, c.width.max(1)));
        }
    }
    None
}

/// Every drawn cell whose text intersects `range` (paragraph-relative), as
/// `(line, col, width)`: a span split by bidi gives several pieces.
pub fn cells_in(l: &ParagraphLayout, range: &Range<usize>) -> Vec<(usize, usize, usize)> {
    let mut out = l.cells_in(range.clone());
    out.retain(|&(_, _, width)| width > 0);
    out
}

/// The line of the layout holding paragraph-relative `offset` (the last
/// line when the offset is at or past the end).
pub fn line_of(l: &ParagraphLayout, offset: usize) -> usize {
    if let Some((line, _, _)) = locate(l, offset) {
        return line;
    }
    l.lines
        .iter()
        .position(|vl| offset < vl.range.end)
        .unwrap_or(l.lines.len().saturating_sub(1))
}
