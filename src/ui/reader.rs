//! The reader widget: panes drawn cell by cell from the layout engine (not
//! ratatui's `Paragraph`, which cannot keep the cell <-> offset map and
//! miscounts Arabic widths). Each cell's symbol goes to its column; a
//! highlight covers exactly the cells whose logical range meets the span,
//! wherever bidi put them.

use std::ops::Range;

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};

use crate::annotation::Status;
use crate::app::adjudicate::UnitMark;
use crate::app::view::{self, TEXT_TOP};
use crate::app::{State, layout, search};

use super::theme::Theme;

/// Draws the text panes of the reader.
pub struct ReaderView<'a> {
    pub state: &'a State,
    pub theme: &'a Theme,
}

/// What colors one block's cells.
struct Marks {
    /// (range, label, suggested, under cursor), block-relative, outermost first.
    anns: Vec<(Range<usize>, String, bool, bool)>,
    selection: Option<Range<usize>>,
    cursor: Option<usize>,
    matches: Vec<Range<usize>>,
    /// Figures with no counterpart in the other pane.
    flagged: Vec<Range<usize>>,
    /// Other annotators' annotations shown read-only: (range, layer index).
    others: Vec<(Range<usize>, usize)>,
    /// Adjudication units: (range, how marked, the current one).
    units: Vec<(Range<usize>, UnitMark, bool)>,
}

impl ReaderView<'_> {
    pub fn render(&self, area: Rect, buf: &mut Buffer) {
        let st = self.state;
        let h = view::text_height(st);
        let geoms = view::geoms(st);
        let opts = view::all_options(st);
        // The separator between two panes.
        if st.panes.len() == 2 {
            let x = geoms[1].x - 1;
            for y in area.y..area.y + area.height.saturating_sub(2) {
                if let Some(c) = buf.cell_mut((x, y)) {
                    c.set_symbol("│").set_style(self.theme.border());
                }
            }
        }
        let mut bead = st.scroll.bead;
        let mut skip = st.scroll.row;
        let mut y = 0usize;
        while y < h && bead < st.beads.len() {
            let bead_h = view::bead_rows(st, bead, &opts);
            for p in 0..st.panes.len() {
                self.draw_part(buf, p, bead, skip, y, h, geoms[p], &opts[p]);
            }
            // The reviewer's marks on the separator, at a bead's first row.
            // A figure flag outranks the alignment marks.
            let b = &st.beads[bead];
            let flagged = st.flags.iter().any(|f| f.bead == bead);
            if st.panes.len() == 2 && skip == 0 && (flagged || b.confirmed || b.doubtful) {
                let (mark, style) = if flagged {
                    ("!", self.theme.flag_mark())
                } else if b.confirmed {
                    ("✓", self.theme.header(false))
                } else {
                    ("?", self.theme.header(false))
                };
                if let Some(c) = buf.cell_mut((geoms[1].x - 1, TEXT_TOP + y as u16)) {
                    c.set_symbol(mark).set_style(style);
                }
            }
            y += bead_h - skip.min(bead_h);
            skip = 0;
            bead += 1;
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn draw_part(
        &self,
        buf: &mut Buffer,
        p: usize,
        bead: usize,
        skip: usize,
        y0: usize,
        h: usize,
        g: view::Geom,
        opts: &crate::text::LayoutOptions,
    ) {
        let st = self.state;
        let mut r = 0usize;
        for b in st.beads[bead].parts[p].clone() {
            let l = view::block_layout(st, p, b, opts);
            let marks = self.marks(p, b);
            for (li, vl) in l.lines.iter().enumerate() {
                let row = r + li;
                if row < skip {
                    continue;
                }
                let sy = y0 + row - skip;
                if sy >= h {
                    return;
                }
                let y = TEXT_TOP + sy as u16;
                for c in &vl.cells {
                    if c.width == 0 || c.col + c.width > g.text_w as usize {
                        continue;
                    }
                    let x = g.text_x + c.col as u16;
                    let style = self.cell_style(&marks, &c.range, c.level % 2 == 1);
                    if let Some(cell) = buf.cell_mut((x, y)) {
                        cell.set_symbol(&c.symbol).set_style(style);
                    }
                    if c.width == 2
                        && let Some(cell) = buf.cell_mut((x + 1, y))
                    {
                        cell.set_symbol(" ").set_style(style);
                    }
                }
                // The cursor at the end of an empty paragraph.
                if vl.cells.is_empty()
                    && marks.cursor.is_some()
                    && let Some(cell) = buf.cell_mut((g.text_x, y))
                {
                    cell.set_style(Style::default().add_modifier(Modifier::REVERSED));
                }
            }
            r += layout::rows(&l) + st.docs[st.panes[p].doc].gap_after(b);
        }
    }

    fn marks(&self, p: usize, b: usize) -> Marks {
        let st = self.state;
        let pane = &st.panes[p];
        let d = &st.docs[pane.doc];
        let block = d.blocks[b].clone();
        let rel = |r: &Range<usize>| {
            r.start.saturating_sub(block.start)..r.end.min(block.end).saturating_sub(block.start)
        };
        let active = p == st.active;
        let under = d.ann_at(pane.cursor).map(|a| a.id.clone());
        let mut anns: Vec<_> = d
            .anns
            .iter()
            .filter(|a| {
                a.status != Status::Rejected && a.span.start < block.end && block.start < a.span.end
            })
            .map(|a| {
                (
                    rel(&a.span),
                    a.label.clone(),
                    a.status == Status::Suggested,
                    active && under.as_deref() == Some(a.id.as_str()),
                )
            })
            .collect();
        anns.sort_by_key(|(r, ..)| std::cmp::Reverse(r.len()));
        let selection = st
            .selection(p)
            .filter(|s| s.start < block.end && block.start < s.end)
            .map(|s| rel(&s));
        let cursor =
            (active && block.start <= pane.cursor && pane.cursor < block.end.max(block.start + 1))
                .then(|| pane.cursor - block.start);
        // Matches starting here, and one running on from the piece before.
        let matches = st
            .search
            .as_deref()
            .map(|q| {
                let before = b.checked_sub(1).filter(|&a| d.gap_after(a) == 0);
                before
                    .into_iter()
                    .chain([b])
                    .flat_map(|a| search::find_in_block(d, a, q))
                    .filter(|m| m.start < block.end && block.start < m.end)
                    .map(|m| rel(&m))
                    .collect()
            })
            .unwrap_or_default();
        // Both figures of a flag that pairs two: the one flagged and the
        // one it was compared with.
        let flagged = st
            .flags
            .iter()
            .filter_map(|f| {
                if f.pane == p {
                    Some(&f.span)
                } else {
                    f.other_span.as_ref()
                }
            })
            .filter(|r| r.start < block.end && block.start < r.end)
            .map(rel)
            .collect();
        let others = if st.show_layers {
            d.others
                .iter()
                .enumerate()
                .flat_map(|(i, o)| o.anns.iter().map(move |a| (a, i)))
                .filter(|(a, _)| a.span.start < block.end && block.start < a.span.end)
                .map(|(a, i)| (rel(&a.span), i))
                .collect()
        } else {
            Vec::new()
        };
        let units = match &st.adjudication {
            Some(a) if a.doc == pane.doc => a
                .units_in(&block)
                .map(|u| (rel(&a.session.units[u].range), a.mark(u), a.cur == Some(u)))
                .collect(),
            _ => Vec::new(),
        };
        Marks {
            anns,
            selection,
            cursor,
            matches,
            flagged,
            others,
            units,
        }
    }

    /// `rtl`: the cell is right-to-left text, which is never underlined.
    fn cell_style(&self, m: &Marks, r: &Range<usize>, rtl: bool) -> Style {
        let t = self.theme;
        let meets = |s: &Range<usize>| s.start < r.end && r.start < s.end;
        let mut style = t.text_style();
        let covering: Vec<&(Range<usize>, String, bool, bool)> =
            m.anns.iter().filter(|(s, ..)| meets(s)).collect();
        if covering.is_empty()
            && let Some((_, i)) = m.others.iter().find(|(s, _)| meets(s))
        {
            style = t.other_layer(style, *i);
        }
        if covering.is_empty()
            && let Some((_, mark, _)) = m.units.iter().rev().find(|(s, ..)| meets(s))
        {
            let current = m.units.iter().any(|(s, _, c)| *c && meets(s));
            style = t.unit(style, *mark, current, rtl);
        }
        if !covering.is_empty() {
            let labels: Vec<&str> = covering.iter().map(|(_, l, ..)| l.as_str()).collect();
            let suggested = covering.iter().all(|(_, _, s, _)| *s);
            let current = covering.iter().any(|(.., u)| *u);
            style = t.annotated(style, &labels, suggested, current, rtl);
        }
        if m.flagged.iter().any(meets) {
            style = t.flagged(style, rtl);
        }
        if m.matches.iter().any(meets) {
            style = t.matched(style);
        }
        if m.selection.as_ref().is_some_and(meets) {
            style = t.selected(style);
        }
        if m.cursor.is_some_and(|c| r.start <= c && c < r.end) {
            style = t.cursor(style);
        }
        style
    }
}
