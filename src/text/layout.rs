//! The paragraph layout pipeline (DESIGN.md §2): levels, shaping, cells,
//! line breaking, per-line L1–L4 and alignment.
//!
//! [`Engine`] keeps its buffers between paragraphs, and keeps the symbols of
//! all cells in one string, so `render` can lay out a large file without an
//! allocation per cell; [`Engine::to_layout`] turns the result into the
//! public [`ParagraphLayout`].

use std::ops::Range;

use unicode_bidi::{BidiClass, ParagraphBidiInfo};
use unicode_segmentation::UnicodeSegmentation;
use unicode_width::UnicodeWidthStr;

use super::shape::{self, Shaped};
use super::{Cell, DirChoice, Direction, LayoutOptions, ParagraphLayout, Symbol, VisualLine};
use super::{bidi, props};

/// What a cell is, for line breaking (hanging spaces) and rule L1.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    /// Anything visible that is not whitespace.
    Normal,
    /// Whitespace (bidi class WS): hangs at the end of a line.
    Space,
    /// A tab: expands to spaces up to the next tab stop; a segment separator.
    Tab,
    /// A segment or paragraph separator other than tab (S, B).
    Separator,
    /// Bidi formatting, isolates and other invisible (BN) characters.
    Invisible,
}

#[derive(Clone, Debug)]
struct Unit {
    /// Symbol: a byte range of `Engine::syms` (empty for tabs, which are
    /// drawn as `width` spaces).
    sym: Range<usize>,
    width: usize,
    range: Range<usize>,
    level: u8,
    kind: Kind,
}

#[derive(Clone, Debug)]
struct Line {
    /// Range of `Engine::order`.
    cells: Range<usize>,
    range: Range<usize>,
    indent: usize,
    width: usize,
    /// Cells in logical order, all drawn, no tab: the line's symbols are
    /// one contiguous slice of `Engine::syms`.
    plain: Option<Range<usize>>,
}

/// Reusable layout buffers; holds the layout of the last paragraph.
#[derive(Debug)]
pub(crate) struct Engine {
    base: Direction,
    syms: String,
    /// Cells in logical order.
    units: Vec<Unit>,
    /// Visual order: (unit index, column), line after line.
    order: Vec<(usize, usize)>,
    lines: Vec<Line>,
    chars: Vec<char>,
    offsets: Vec<usize>,
    levels: Vec<u8>,
    classes: Vec<BidiClass>,
    types: Vec<BidiClass>,
    joining: Vec<shape::Joining>,
    shaped: Vec<Shaped>,
    /// Line break opportunities by byte offset of the paragraph.
    opportunities: Vec<bool>,
    line_units: Vec<Range<usize>>,
    line_levels: Vec<u8>,
}

impl Default for Engine {
    fn default() -> Self {
        Engine {
            base: Direction::Ltr,
            syms: String::new(),
            units: Vec::new(),
            order: Vec::new(),
            lines: Vec::new(),
            chars: Vec::new(),
            offsets: Vec::new(),
            levels: Vec::new(),
            classes: Vec::new(),
            types: Vec::new(),
            joining: Vec::new(),
            shaped: Vec::new(),
            opportunities: Vec::new(),
            line_units: Vec::new(),
            line_levels: Vec::new(),
        }
    }
}

/// Does this class make a paragraph need the bidi algorithm (with an LTR
/// base, a text without these characters is all at level 0)?
#[inline]
fn needs_bidi_class(class: BidiClass) -> bool {
    use BidiClass::*;
    matches!(
        class,
        R | AL | AN | LRE | LRO | RLE | RLO | PDF | LRI | RLI | FSI | PDI
    )
}

/// True for the characters that only steer the bidi algorithm: embeddings,
/// overrides, isolates and the implicit marks LRM, RLM, ALM.
#[inline]
fn is_bidi_format(c: char) -> bool {
    matches!(
        c,
        '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}' | '\u{061C}'
    )
}

/// The visible marker of a bidi formatting character in reveal mode.
fn reveal_marker(c: char) -> char {
    match c {
        '\u{202A}' => '⇒', // LRE
        '\u{202B}' => '⇐', // RLE
        '\u{202C}' => '↲', // PDF
        '\u{202D}' => '⇛', // LRO
        '\u{202E}' => '⇚', // RLO
        '\u{2066}' => '⊳', // LRI
        '\u{2067}' => '⊲', // RLI
        '\u{2068}' => '⋄', // FSI
        '\u{2069}' => '↩', // PDI
        '\u{200E}' => '→', // LRM
        '\u{200F}' => '←', // RLM
        '\u{061C}' => '↞', // ALM
        _ => '·',          // other invisible characters (ZWSP, BOM, ...)
    }
}

/// The visible symbol for a control character, or None if `c` is not one.
/// C0 controls become the Control Pictures (U+2400 block, e.g. ESC → ␛),
/// DEL becomes ␡ and C1 controls become U+FFFD.
#[inline]
pub fn control_symbol(c: char) -> Option<char> {
    let cp = u32::from(c);
    match cp {
        0x00..=0x1F => char::from_u32(0x2400 + cp),
        0x7F => Some('\u{2421}'),
        0x80..=0x9F => Some('\u{FFFD}'),
        _ => None,
    }
}

/// Width of a tab at column `col`: up to the next tab stop, clipped to the
/// line width, at least 1.
#[inline]
fn tab_width(col: usize, opts: &LayoutOptions) -> usize {
    let t = opts.tab_width.max(1);
    let w = t - col % t;
    if opts.width > 0 {
        w.min(opts.width.saturating_sub(col)).max(1)
    } else {
        w
    }
}

#[inline]
fn level_of(levels: &[u8], i: usize) -> u8 {
    levels.get(i).copied().unwrap_or(0)
}

impl Engine {
    /// Lay out one paragraph (`text` has no newline).
    pub(crate) fn layout(&mut self, text: &str, opts: &LayoutOptions) {
        self.syms.clear();
        self.units.clear();
        self.order.clear();
        self.lines.clear();
        self.chars.clear();
        self.offsets.clear();
        self.levels.clear();
        self.classes.clear();
        self.shaped.clear();

        // One scan: does the paragraph need the bidi algorithm, and are its
        // grapheme clusters simple (bases and extending marks only)?
        let mut needs_bidi = opts.dir == DirChoice::Rtl;
        let mut complex = false;
        let simple = if text.is_ascii() {
            text.bytes().all(|b| (0x20..0x7F).contains(&b))
        } else {
            let mut simple = true;
            for (i, c) in text.char_indices() {
                let (class, part) = props::class_and_cluster_part(c);
                needs_bidi |= needs_bidi_class(class);
                complex |= !bidi::simple_class(class);
                simple &= part.is_some();
                self.chars.push(c);
                self.offsets.push(i);
                self.classes.push(class);
            }
            simple
        };

        if needs_bidi {
            if self.chars.is_empty() {
                // ASCII text with a forced RTL direction.
                for (i, c) in text.char_indices() {
                    let class = props::bidi_class(c);
                    complex |= !bidi::simple_class(class);
                    self.chars.push(c);
                    self.offsets.push(i);
                    self.classes.push(class);
                }
            }
            let para = if complex {
                let para_level = match opts.dir {
                    DirChoice::Auto => None,
                    DirChoice::Ltr => Some(unicode_bidi::Level::ltr()),
                    DirChoice::Rtl => Some(unicode_bidi::Level::rtl()),
                };
                let info =
                    ParagraphBidiInfo::new_with_data_source(&props::FastBidiData, text, para_level);
                self.levels.extend(
                    self.offsets
                        .iter()
                        .map(|&i| info.levels.get(i).map_or(0, |l| l.number())),
                );
                info.paragraph_level.number()
            } else {
                let para = match opts.dir {
                    DirChoice::Auto => bidi::first_strong_level(&self.classes),
                    DirChoice::Ltr => 0,
                    DirChoice::Rtl => 1,
                };
                bidi::resolve(
                    &self.chars,
                    &self.classes,
                    para,
                    &mut self.types,
                    &mut self.levels,
                );
                para
            };
            self.base = if para % 2 == 1 {
                Direction::Rtl
            } else {
                Direction::Ltr
            };
            if opts.shape {
                shape::shape(
                    &self.chars,
                    &self.levels,
                    opts.lam_alef,
                    &mut self.joining,
                    &mut self.shaped,
                );
            }
        } else {
            self.base = Direction::Ltr;
        }

        self.build_units(text, opts, needs_bidi, simple);
        self.break_lines(text, opts);
        self.reorder(opts, needs_bidi);
    }

    /// Cells in logical order: one per grapheme cluster (split where the
    /// bidi level changes inside a cluster), lam + alef merged into one.
    fn build_units(&mut self, text: &str, opts: &LayoutOptions, needs_bidi: bool, simple: bool) {
        if simple {
            self.build_simple_units(text, needs_bidi);
            return;
        }
        let mut ci = 0usize; // char index (only meaningful when needs_bidi)
        for (gstart, g) in text.grapheme_indices(true) {
            if !needs_bidi {
                self.push_unit(g, gstart, None, opts);
                continue;
            }
            let n = g.chars().count();
            let mut a = ci;
            let end = ci + n;
            while a < end {
                let lvl = level_of(&self.levels, a);
                let mut b = a + 1;
                while b < end && level_of(&self.levels, b) == lvl {
                    b += 1;
                }
                let start = self.offsets.get(a).copied().unwrap_or(text.len());
                let stop = self.offsets.get(b).copied().unwrap_or(text.len());
                let piece = text.get(start..stop).unwrap_or("");
                self.push_unit(piece, start, Some(a), opts);
                a = b;
            }
            ci = end;
        }
    }

    /// Cells of a paragraph whose clusters are all simple (a base and the
    /// marks after it, or marks alone), straight from the decoded chars.
    fn build_simple_units(&mut self, text: &str, needs_bidi: bool) {
        if self.chars.is_empty() {
            // Printable ASCII, left to right: one cell per byte.
            for (i, b) in text.bytes().enumerate() {
                let start = self.syms.len();
                self.syms.push(char::from(b));
                self.units.push(Unit {
                    sym: start..start + 1,
                    width: 1,
                    range: i..i + 1,
                    level: 0,
                    kind: if b == b' ' { Kind::Space } else { Kind::Normal },
                });
            }
            return;
        }
        let levels: &[u8] = if needs_bidi { &self.levels } else { &[] };
        let chars = self.chars.iter().zip(&self.offsets).zip(&self.classes);
        for (ci, ((&c, &at), &class)) in chars.enumerate() {
            let end = at + c.len_utf8();
            let level = level_of(levels, ci);
            let shaped = self.shaped.get(ci).copied();
            let extend = props::simple_cluster_part(c) == Some(true);
            // Only class ON characters have a Bidi_Mirroring_Glyph.
            let mirrored = if level % 2 == 1 && class == BidiClass::ON {
                shape::mirror(c)
            } else {
                None
            };
            let symbol = match (mirrored, shaped) {
                (Some(m), _) => Some(m),
                (None, Some(Shaped::Ligated)) => None,
                (None, Some(Shaped::Char(s))) => Some(s),
                (None, None) => Some(c),
            };
            let syms_end = self.syms.len();
            let joins_previous = match self.units.last() {
                Some(u) if u.sym.end == syms_end => {
                    (extend && u.level == level) || shaped == Some(Shaped::Ligated)
                }
                _ => false,
            };
            if joins_previous {
                if let Some(sym) = symbol {
                    self.syms.push(sym);
                }
                let new_end = self.syms.len();
                if let Some(u) = self.units.last_mut() {
                    u.range.end = end;
                    u.sym.end = new_end;
                }
                continue;
            }
            let start = self.syms.len();
            if extend {
                // Marks with no base: drawn on a dotted circle.
                self.syms.push('\u{25CC}');
            }
            if let Some(sym) = symbol {
                self.syms.push(sym);
            }
            let kind = if class == BidiClass::WS && !extend {
                Kind::Space
            } else {
                Kind::Normal
            };
            self.units.push(Unit {
                sym: start..self.syms.len(),
                width: 1,
                range: at..end,
                level,
                kind,
            });
        }
    }

    /// Append the cell for `piece` (at byte `start`; `ci` = index of its first
    /// char in the bidi arrays, when the paragraph went through bidi).
    fn push_unit(&mut self, piece: &str, start: usize, ci: Option<usize>, opts: &LayoutOptions) {
        let Some(first) = piece.chars().next() else {
            return;
        };
        let range = start..start + piece.len();
        let level = ci.map_or(0, |i| level_of(&self.levels, i));
        let class = match ci {
            Some(i) => self.classes.get(i).copied().unwrap_or(BidiClass::L),
            None => props::bidi_class(first),
        };
        let shaped_at =
            |i: usize| -> Option<Shaped> { ci.and_then(|c0| self.shaped.get(c0 + i).copied()) };

        // An alef that went into a lam-alef ligature joins the lam's cell.
        if shaped_at(0) == Some(Shaped::Ligated)
            && self
                .units
                .last()
                .is_some_and(|p| p.sym.end == self.syms.len())
        {
            for (k, c) in piece.chars().enumerate().skip(1) {
                let s = match shaped_at(k) {
                    Some(Shaped::Char(s)) => s,
                    _ => c,
                };
                self.syms.push(control_symbol(s).unwrap_or(s));
            }
            let end = self.syms.len();
            if let Some(prev) = self.units.last_mut() {
                prev.range.end = range.end;
                prev.sym.end = end;
            }
            return;
        }

        let sym_start = self.syms.len();
        let mut kind = match class {
            BidiClass::WS => Kind::Space,
            BidiClass::S | BidiClass::B => Kind::Separator,
            _ => Kind::Normal,
        };
        let width;
        if first == '\t' {
            kind = Kind::Tab;
            width = 0; // set when the line is known
        } else if let Some(sym) = control_symbol(first) {
            self.syms.push(sym);
            width = 1;
        } else if is_bidi_format(first) {
            kind = Kind::Invisible;
            if opts.reveal {
                self.syms.push(reveal_marker(first));
                width = 1;
            } else {
                width = 0;
            }
        } else if first == '\u{2028}' || first == '\u{2029}' {
            self.syms.push('↵');
            width = 1;
        } else {
            let w = match props::simple_cluster_part(first) {
                // A simple base (with its marks) is one column; marks alone none.
                Some(extend) => usize::from(!extend),
                None => UnicodeWidthStr::width(piece),
            };
            if w == 0 && piece.chars().all(|c| props::bidi_class(c) == BidiClass::BN) {
                kind = Kind::Invisible;
                if opts.reveal {
                    self.syms.push(reveal_marker(first));
                    width = 1;
                } else {
                    width = 0;
                }
            } else {
                if w == 0 {
                    kind = Kind::Normal;
                    // Marks with no base: draw them on a dotted circle so
                    // they take a cell of their own.
                    self.syms.push('\u{25CC}');
                }
                width = w.clamp(1, 2);
                let odd = level % 2 == 1;
                for (k, c) in piece.chars().enumerate() {
                    // L4 looks at the character itself; shaping only
                    // changes letters, which have no mirror.
                    let mirrored = if odd && ci.is_some() {
                        shape::mirror(c)
                    } else {
                        None
                    };
                    let c = match (mirrored, shaped_at(k)) {
                        (Some(m), _) => m,
                        (None, Some(Shaped::Char(s))) => s,
                        (None, _) => c,
                    };
                    self.syms.push(control_symbol(c).unwrap_or(c));
                }
            }
        }
        self.units.push(Unit {
            sym: sym_start..self.syms.len(),
            width,
            range,
            level,
            kind,
        });
    }

    /// Width of unit `u` starting at column `col` of its line.
    fn unit_width(&self, u: &Unit, col: usize, opts: &LayoutOptions) -> usize {
        if u.kind == Kind::Tab {
            tab_width(col, opts)
        } else {
            u.width
        }
    }

    /// Greedy line filling over UAX #14 opportunities; fills `line_units`.
    fn break_lines(&mut self, text: &str, opts: &LayoutOptions) {
        self.line_units.clear();
        let n = self.units.len();
        let mut total = 0usize;
        let mut tabs = false;
        for u in &self.units {
            tabs |= u.kind == Kind::Tab;
            total += u.width;
        }
        if opts.width == 0 || n == 0 || (!tabs && total <= opts.width) {
            self.line_units.push(0..n);
            return;
        }
        // Break opportunities by byte offset: an opportunity at a unit's
        // start lets a line begin with that unit.
        self.opportunities.clear();
        self.opportunities.resize(text.len() + 1, false);
        for (idx, _) in unicode_linebreak::linebreaks(text) {
            if let Some(slot) = self.opportunities.get_mut(idx) {
                *slot = true;
            }
        }
        let width = opts.width;
        let mut start = 0usize;
        let mut i = 0usize;
        let mut col = 0usize;
        let mut last_opp: Option<usize> = None;
        while i < n {
            let Some(u) = self.units.get(i) else { break };
            if i > start && self.opportunities.get(u.range.start) == Some(&true) {
                last_opp = Some(i);
            }
            let w = self.unit_width(u, col, opts);
            if u.kind == Kind::Space || w == 0 {
                col += w;
                i += 1;
                continue;
            }
            if col + w > width && i > start {
                let brk = match last_opp {
                    Some(b) if b > start => b,
                    _ => i,
                };
                self.line_units.push(start..brk);
                start = brk;
                i = brk;
                col = 0;
                last_opp = None;
                continue;
            }
            col += w;
            i += 1;
        }
        self.line_units.push(start..n);
    }

    /// Per line: final widths (tabs, hanging spaces), L1, L2, columns.
    fn reorder(&mut self, opts: &LayoutOptions, needs_bidi: bool) {
        let para: u8 = if self.base == Direction::Rtl { 1 } else { 0 };
        let line_units = std::mem::take(&mut self.line_units);
        for lr in &line_units {
            // Widths in logical order: tabs from their column, then
            // trailing spaces that do not fit hang (drawn in no column).
            let mut col = 0usize;
            for u in self.units.get_mut(lr.clone()).unwrap_or_default() {
                if u.kind == Kind::Tab {
                    u.width = tab_width(col, opts);
                }
                col += u.width;
            }
            if opts.width > 0 && col > opts.width {
                for k in lr.clone().rev() {
                    if col <= opts.width {
                        break;
                    }
                    let Some(u) = self.units.get_mut(k) else {
                        break;
                    };
                    if u.kind != Kind::Space && u.kind != Kind::Invisible {
                        break;
                    }
                    col -= u.width;
                    u.width = 0;
                    u.sym = u.sym.start..u.sym.start;
                }
            }
            let line_width = col;

            let first = self.order.len();
            let mut plain = None;
            if needs_bidi {
                // L1: separators, and whitespace before them or at the end
                // of the line, go back to the paragraph level.
                self.line_levels.clear();
                let mut separators = false;
                for u in self.units.get(lr.clone()).unwrap_or_default() {
                    self.line_levels.push(u.level);
                    separators |= matches!(u.kind, Kind::Separator | Kind::Tab);
                }
                let units = self.units.get_mut(lr.clone()).unwrap_or_default();
                let levels = &mut self.line_levels;
                let trailing = |u: &Unit| matches!(u.kind, Kind::Space | Kind::Invisible);
                for (u, l) in units.iter_mut().zip(levels.iter_mut()).rev() {
                    if !trailing(u) {
                        break;
                    }
                    u.level = para;
                    *l = para;
                }
                if separators {
                    for j in 0..units.len() {
                        if !units
                            .get(j)
                            .is_some_and(|u| matches!(u.kind, Kind::Separator | Kind::Tab))
                        {
                            continue;
                        }
                        // The separator and the whitespace before it.
                        let mut p = j + 1;
                        while p > 0 && (p == j + 1 || units.get(p - 1).is_some_and(trailing)) {
                            p -= 1;
                            if let (Some(u), Some(l)) = (units.get_mut(p), levels.get_mut(p)) {
                                u.level = para;
                                *l = para;
                            }
                        }
                    }
                }
                // L2: reverse every run at level >= l, from the highest
                // level down to the lowest odd one.
                self.order.extend(lr.clone().map(|k| (k, 0)));
                let mut max = 0u8;
                let mut min_odd: Option<u8> = None;
                for &l in &self.line_levels {
                    max = max.max(l);
                    if l % 2 == 1 && min_odd.is_none_or(|m| l < m) {
                        min_odd = Some(l);
                    }
                }
                if let Some(min_odd) = min_odd {
                    let slice = self.order.get_mut(first..).unwrap_or_default();
                    let levels = &mut self.line_levels;
                    let mut lvl = max;
                    while lvl >= min_odd {
                        let mut j = 0;
                        while j < levels.len() {
                            if levels.get(j).copied().unwrap_or(0) >= lvl {
                                let mut e = j + 1;
                                while e < levels.len() && levels.get(e).copied().unwrap_or(0) >= lvl
                                {
                                    e += 1;
                                }
                                if let Some(s) = slice.get_mut(j..e) {
                                    s.reverse();
                                }
                                if let Some(s) = levels.get_mut(j..e) {
                                    s.reverse();
                                }
                                j = e;
                            } else {
                                j += 1;
                            }
                        }
                        if lvl == 0 {
                            break;
                        }
                        lvl -= 1;
                    }
                }
            } else {
                // Left to right in logical order (the base is LTR, no
                // indent): columns, and whether the line's symbols are one
                // slice of `syms`, in one pass.
                let units = self.units.get(lr.clone()).unwrap_or_default();
                let mut col = 0usize;
                let mut drawn = true;
                let mut contiguous = true;
                let mut prev_end: Option<usize> = None;
                for (k, u) in (lr.start..).zip(units) {
                    self.order.push((k, col));
                    col += u.width;
                    drawn &= u.width > 0 && u.kind != Kind::Tab && !u.sym.is_empty();
                    contiguous &= prev_end.is_none_or(|e| e == u.sym.start);
                    prev_end = Some(u.sym.end);
                }
                plain = match (units.first(), units.last()) {
                    (Some(a), Some(b)) if drawn && contiguous => Some(a.sym.start..b.sym.end),
                    _ => None,
                };
            }

            let indent = if opts.align_rtl && opts.width > 0 && self.base == Direction::Rtl {
                opts.width.saturating_sub(line_width)
            } else {
                0
            };
            if needs_bidi {
                let mut col = indent;
                for entry in self.order.get_mut(first..).unwrap_or_default() {
                    entry.1 = col;
                    col += self.units.get(entry.0).map_or(0, |u| u.width);
                }
            }
            let range = match (
                self.units.get(lr.start),
                lr.end.checked_sub(1).and_then(|e| self.units.get(e)),
            ) {
                (Some(a), Some(b)) if !lr.is_empty() => a.range.start..b.range.end,
                _ => 0..0,
            };
            self.lines.push(Line {
                cells: first..self.order.len(),
                range,
                indent,
                width: indent + line_width,
                plain,
            });
        }
        self.line_units = line_units;
    }

    /// The symbol of a unit as drawn (tabs as spaces).
    fn symbol(&self, u: &Unit) -> Symbol {
        if u.kind == Kind::Tab {
            Symbol::spaces(u.width)
        } else {
            Symbol::from(self.syms.get(u.sym.clone()).unwrap_or(""))
        }
    }

    /// The public layout of the last paragraph.
    pub(crate) fn to_layout(&self) -> ParagraphLayout {
        let lines = self
            .lines
            .iter()
            .map(|line| VisualLine {
                cells: self
                    .order
                    .get(line.cells.clone())
                    .unwrap_or_default()
                    .iter()
                    .filter_map(|&(k, col)| {
                        let u = self.units.get(k)?;
                        Some(Cell {
                            symbol: self.symbol(u),
                            col,
                            width: u.width,
                            range: u.range.clone(),
                            level: u.level,
                        })
                    })
                    .collect(),
                range: line.range.clone(),
                indent: line.indent,
                width: line.width,
            })
            .collect();
        ParagraphLayout {
            base: self.base,
            lines,
        }
    }

    /// Number of visual lines of the last paragraph.
    pub(crate) fn line_count(&self) -> usize {
        self.lines.len()
    }

    /// Append visual line `i` as printed by `render` to `out`, as UTF-8
    /// bytes (see [`VisualLine::to_text`]).
    pub(crate) fn write_line(&self, i: usize, pad: bool, out: &mut Vec<u8>) {
        let Some(line) = self.lines.get(i) else {
            return;
        };
        if pad && line.width > line.indent {
            out.resize(out.len() + line.indent, b' ');
        }
        // Symbols are whole characters of `syms`, so their bytes are
        // copied without looking for character boundaries again.
        let syms = self.syms.as_bytes();
        if let Some(plain) = &line.plain {
            out.extend_from_slice(syms.get(plain.clone()).unwrap_or_default());
            return;
        }
        for &(k, _) in self.order.get(line.cells.clone()).unwrap_or_default() {
            let Some(u) = self.units.get(k) else { continue };
            if u.width == 0 {
                continue;
            }
            if u.kind == Kind::Tab {
                out.resize(out.len() + u.width, b' ');
            } else {
                out.extend_from_slice(syms.get(u.sym.clone()).unwrap_or_default());
            }
        }
    }
}
