//! ratatui views that borrow the state and draw it; keymap; themes; config.
//! Drawing never changes the state (the layout cache is a memo).

pub mod adjudicate;
pub mod config;
pub mod keymap;
pub mod layers;
pub mod palette;
pub mod reader;
pub mod terminal;
pub mod theme;

use ratatui::Frame;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};

use crate::app::view::{self, TEXT_TOP};
use crate::app::{self, Ask, Choose, Overlay, Screen, SortBy, State, layout};
use crate::text::{DirChoice, LayoutOptions};

pub use config::{Config, ConfigError};
pub use keymap::Keymap;
pub use theme::Theme;

/// What views need besides the state.
pub struct Ui {
    pub theme: Theme,
    pub keymap: Keymap,
}

/// Draw the whole screen.
pub fn draw(frame: &mut Frame, state: &State, ui: &Ui) {
    let area = frame.area();
    render(state, ui, area, frame.buffer_mut());
}

/// Draw into a buffer (what `draw` does; benches and tests call it too).
pub fn render(state: &State, ui: &Ui, area: Rect, buf: &mut Buffer) {
    buf.set_style(area, ui.theme.text_style());
    match state.screen {
        Screen::Browser => browser(state, ui, area, buf),
        Screen::Reader => {
            headers(state, ui, buf);
            reader::ReaderView {
                state,
                theme: &ui.theme,
            }
            .render(area, buf);
            status(state, ui, area, buf);
        }
        Screen::Adjudicate => {
            headers(state, ui, buf);
            reader::ReaderView {
                state,
                theme: &ui.theme,
            }
            .render(area, buf);
            adjudicate::panel(state, ui, area, buf);
            adjudicate::status(state, ui, area, buf);
        }
    }
    message_line(state, ui, area, buf);
    match &state.overlay {
        Overlay::Help { scroll } => help(ui, *scroll, area, buf),
        Overlay::List { sel, sort } => list(state, ui, *sel, *sort, area, buf),
        Overlay::Flags { sel } => flags(state, ui, *sel, area, buf),
        Overlay::Disagreements { sel, items } => disagreements(ui, items, *sel, area, buf),
        Overlay::Menu {
            choose, items, sel, ..
        } => menu(ui, choose, items, *sel, area, buf),
        _ => {}
    }
}

/// Write `text` (from a file or the user: may be Arabic, may hold control
/// characters) on one row, through the layout engine so it reads right and
/// nothing reaches the terminal raw. Returns the columns used.
pub fn put_text(buf: &mut Buffer, x: u16, y: u16, max: u16, text: &str, style: Style) -> u16 {
    let flat: String = text
        .chars()
        .map(|c| if c == '\n' || c == '\r' { ' ' } else { c })
        .collect();
    let opts = LayoutOptions {
        width: 0,
        dir: DirChoice::Auto,
        align_rtl: false,
        ..LayoutOptions::default()
    };
    let l = layout::layout(&flat, &opts);
    let Some(line) = l.lines.first() else {
        return 0;
    };
    let mut used = 0;
    for c in &line.cells {
        if c.width == 0 {
            continue;
        }
        if c.col + c.width > max as usize {
            if let Some(cell) = buf.cell_mut((x + max.saturating_sub(1), y)) {
                cell.set_symbol("…").set_style(style);
            }
            return max;
        }
        if let Some(cell) = buf.cell_mut((x + c.col as u16, y)) {
            cell.set_symbol(&c.symbol).set_style(style);
        }
        if c.width == 2
            && let Some(cell) = buf.cell_mut((x + c.col as u16 + 1, y))
        {
            cell.set_symbol(" ").set_style(style);
        }
        used = (c.col + c.width) as u16;
    }
    used
}

/// Text from a document on one row, showing its *beginning*: when it does
/// not fit, it is cut in logical order and ends with `…` (for Arabic the
/// start stays on the right and the `…` goes to the left), rather than
/// clipped in visual order, which keeps the tail of a right-to-left text.
pub fn put_text_start(buf: &mut Buffer, x: u16, y: u16, max: u16, text: &str, style: Style) -> u16 {
    use unicode_segmentation::UnicodeSegmentation;
    let flat: String = text
        .chars()
        .map(|c| if c == '\n' || c == '\r' { ' ' } else { c })
        .collect();
    let width = |s: &str| {
        let opts = LayoutOptions {
            width: 0,
            dir: DirChoice::Auto,
            align_rtl: false,
            ..LayoutOptions::default()
        };
        layout::layout(s, &opts).lines.first().map_or(0, |l| {
            l.cells.iter().map(|c| c.col + c.width).max().unwrap_or(0)
        })
    };
    if width(&flat) <= max as usize {
        return put_text(buf, x, y, max, &flat, style);
    }
    // Whole graphemes while they fit with the `…` (a letter keeps its
    // harakat); shaping can only narrow the text, so the sum is an upper
    // bound and the check after it settles the rest.
    let room = (max as usize).saturating_sub(1);
    let mut cut = String::new();
    let mut used = 0;
    for g in flat.graphemes(true) {
        let w = unicode_width::UnicodeWidthStr::width(g);
        if used + w > room {
            break;
        }
        used += w;
        cut.push_str(g);
    }
    let mut shown = format!("{}…", cut.trim_end());
    while width(&shown) > max as usize && !cut.is_empty() {
        let keep = cut.grapheme_indices(true).next_back().map_or(0, |(i, _)| i);
        cut.truncate(keep);
        shown = format!("{}…", cut.trim_end());
    }
    put_text(buf, x, y, max, &shown, style)
}

/// Plain program text (ASCII labels, numbers) on one row, clipped.
fn put(buf: &mut Buffer, x: u16, y: u16, max: u16, text: &str, style: Style) -> u16 {
    put_text(buf, x, y, max, text, style)
}

fn headers(state: &State, ui: &Ui, buf: &mut Buffer) {
    for (p, g) in view::geoms(state).iter().enumerate() {
        let Some(pane) = state.panes.get(p) else {
            continue;
        };
        let d = &state.docs[pane.doc];
        let active = p == state.active && state.panes.len() > 1;
        let mark = if active { "▶ " } else { "  " };
        let dir = if d.rtl { "ar · rtl" } else { "ltr" };
        let style = ui.theme.header(p == state.active);
        let used = put(buf, g.x, 0, g.width, mark, style);
        let used = used
            + put_text(
                buf,
                g.x + used,
                0,
                g.width.saturating_sub(used),
                &d.name,
                style,
            );
        put(
            buf,
            g.x + used,
            0,
            g.width.saturating_sub(used),
            &format!("  ({dir})"),
            ui.theme.header(false),
        );
    }
}

/// The status line's row, cleared in its style: (row, style).
fn status_row(ui: &Ui, area: Rect, buf: &mut Buffer) -> (u16, Style) {
    let y = area.height.saturating_sub(2);
    let style = ui.theme.status();
    buf.set_style(Rect::new(0, y, area.width, 1), style);
    for x in 0..area.width {
        if let Some(c) = buf.cell_mut((x, y)) {
            c.set_symbol(" ");
        }
    }
    (y, style)
}

fn status(state: &State, ui: &Ui, area: Rect, buf: &mut Buffer) {
    let (y, style) = status_row(ui, area, buf);
    let Some(pane) = state.pane() else { return };
    let d = &state.docs[pane.doc];
    let bl = app::motion::Blocks {
        text: &d.text,
        blocks: &d.paras,
    };
    let b = bl.block_of(pane.cursor);
    let pct = if d.text.is_empty() {
        100
    } else {
        pane.cursor * 100 / d.text.len()
    };
    let counts: Vec<String> = state
        .labels
        .labels
        .iter()
        .map(|l| {
            format!(
                "{} {}",
                l.name,
                d.counts().get(&l.name).copied().unwrap_or(0)
            )
        })
        .collect();
    let saved = if d.save_error.is_some() {
        "SAVE FAILED"
    } else if d.dirty {
        "unsaved"
    } else {
        "saved"
    };
    let mut parts = vec![format!("¶{}/{} {pct}%", b + 1, d.paras.len())];
    // Reviewing: what the suggestion under the cursor is, and how many wait.
    // A merge conflict under the cursor is named first (with its keys).
    if d.pending() > 0 || !d.conflicts.is_empty() {
        parts.push(app::suggestion_under_cursor(state));
    }
    if !d.conflicts.is_empty() {
        parts.push(format!("{} conflicts", d.conflicts.len()));
    }
    parts.push(counts.join(" · "));
    parts.push(saved.to_string());
    if !d.orphans.is_empty() {
        parts.push(format!("{} orphaned", d.orphans.len()));
    }
    if !d.problems.is_empty() {
        parts.push(format!("{} problems", d.problems.len()));
    }
    if !state.flags.is_empty() {
        let n = state.flags.len();
        parts.push(format!(
            "! {n} figure flag{}",
            if n == 1 { "" } else { "s" }
        ));
    }
    if pane.anchor.is_some() {
        parts.push("SELECT".into());
    }
    if state.link_from.is_some() {
        parts.push("LINK…".into());
    }
    parts.push(d.status().as_str().to_string());
    if state.show_layers && !d.others.is_empty() {
        let names: Vec<String> = d
            .others
            .iter()
            .enumerate()
            .map(|(i, o)| format!("{} {}", layers::layer_mark(i), o.annotator))
            .collect();
        parts.push(format!("showing {}", names.join(", ")));
    }
    match state.settings.layers.layer.annotator() {
        Some(_) => parts.push(format!("✎ {} (own layer)", state.settings.annotator)),
        None => parts.push(format!("✎ {}", state.settings.annotator)),
    }
    let mut rest = format!("  {}", parts.join("  │  "));
    let name_w = d.name.chars().count() + 1;
    // Narrow screens: tighter separators, then no file name (the pane
    // header shows it).
    if name_w + rest.chars().count() > area.width as usize {
        rest = format!(" {}", parts.join(" │ "));
    }
    let used = if name_w + rest.chars().count() <= area.width as usize || state.panes.len() < 2 {
        put_text(
            buf,
            1,
            y,
            area.width.saturating_sub(1),
            &d.name,
            style.add_modifier(Modifier::BOLD),
        )
    } else {
        0
    };
    put(
        buf,
        1 + used,
        y,
        area.width.saturating_sub(1 + used),
        &rest,
        style,
    );
}

fn message_line(state: &State, ui: &Ui, area: Rect, buf: &mut Buffer) {
    let y = area.height.saturating_sub(1);
    if let Overlay::Prompt { ask, input } = &state.overlay {
        let label = match ask {
            Ask::Search => "/".to_string(),
            Ask::Note { .. } => "note: ".into(),
            Ask::Value { .. } => "figure value (normalized, e.g. 5700 or 0.25): ".into(),
            Ask::Unit { .. } => "figure unit (e.g. USD, %, containers): ".into(),
            Ask::Speaker { .. } => "speaker (the text of an entity annotation): ".into(),
        };
        let s = ui.theme.text_style().add_modifier(Modifier::BOLD);
        let used = put(buf, 0, y, area.width, &label, s);
        let used = used
            + put_text(
                buf,
                used,
                y,
                area.width.saturating_sub(used),
                input,
                ui.theme.text_style(),
            );
        if let Some(c) = buf.cell_mut((used, y)) {
            c.set_style(Style::default().add_modifier(Modifier::REVERSED));
        }
        return;
    }
    match &state.message {
        Some((level, text)) => {
            put_text(buf, 0, y, area.width, text, ui.theme.message(*level));
        }
        None => {
            let km = &ui.keymap;
            let k = |c| {
                km.keys_for(keymap::Mode::Reader, c)
                    .first()
                    .copied()
                    .unwrap_or("-")
                    .to_string()
            };
            let hint = match state.screen {
                Screen::Browser if state.browser.adjudicate => {
                    "type to filter · enter opens the document's adjudication · ? help (or f1) · ctrl-q quits"
                        .to_string()
                }
                Screen::Browser => {
                    "type to filter · enter opens (with its partner) · ctrl-o opens alone · ? help (or f1) · marks: ? orphans, !! problems"
                        .to_string()
                }
                Screen::Adjudicate => adjudicate::hint(state, ui),
                Screen::Reader => format!(
                    "{} help · {} select · {} claim · {} figure · {} entity · {} link · {} list · {} quit",
                    k(app::Command::Help),
                    k(app::Command::ToggleSelect),
                    k(app::Command::TagClaim),
                    k(app::Command::TagFigure),
                    k(app::Command::TagEntity),
                    k(app::Command::Link),
                    k(app::Command::List),
                    k(app::Command::Quit)
                ),
            };
            put(buf, 0, y, area.width, &hint, ui.theme.header(false));
        }
    }
}

/// A bordered box with a title; returns the inner area.
fn boxed(ui: &Ui, area: Rect, title: &str, buf: &mut Buffer) -> Rect {
    let b = ui.theme.border();
    for y in area.y..area.y + area.height {
        for x in area.x..area.x + area.width {
            let edge_y = y == area.y || y + 1 == area.y + area.height;
            let edge_x = x == area.x || x + 1 == area.x + area.width;
            let sym = match (edge_x, edge_y) {
                (true, true) => match (x == area.x, y == area.y) {
                    (true, true) => "┌",
                    (false, true) => "┐",
                    (true, false) => "└",
                    (false, false) => "┘",
                },
                (true, false) => "│",
                (false, true) => "─",
                _ => " ",
            };
            if let Some(c) = buf.cell_mut((x, y)) {
                // Reset first: styles patch, so an underline or bold of the
                // text below would otherwise show through the box.
                c.reset();
                c.set_symbol(sym)
                    .set_style(if sym == " " { ui.theme.text_style() } else { b });
            }
        }
    }
    put(
        buf,
        area.x + 2,
        area.y,
        area.width.saturating_sub(4),
        &format!(" {title} "),
        ui.theme.header(true),
    );
    Rect::new(
        area.x + 1,
        area.y + 1,
        area.width.saturating_sub(2),
        area.height.saturating_sub(2),
    )
}

fn centered(area: Rect, w: u16, h: u16) -> Rect {
    let w = w.min(area.width);
    let h = h.min(area.height.saturating_sub(1));
    Rect::new(
        (area.width - w) / 2,
        (area.height.saturating_sub(1) - h) / 2,
        w,
        h,
    )
}

/// What the help shows besides the bindings: the marks on screen.
const MARKS: &[(&str, &str)] = &[
    (
        "tinted background",
        "an annotation, in its label's color (left-to-right text is underlined too; Arabic never is, an underline would cross its dots)",
    ),
    (
        "bold",
        "annotations overlap: the outer label's color over the inner one's tint",
    ),
    ("full color", "the annotation under the cursor"),
    (
        "italic, colored",
        "a suggestion waiting for review (y accepts, x rejects)",
    ),
    (
        "error color, bold",
        "a figure missing from the translation, and the one it was compared with (F lists them)",
    ),
    (
        "✓ ?",
        "on the separator: an alignment confirmed by a reviewer / one the aligner doubts",
    ),
    (
        "!",
        "on the separator: a figure of these paragraphs is missing from the translation",
    ),
    (
        "? !!",
        "in the browser: a document with orphaned annotations / with problems",
    ),
    (
        "…",
        "in the browser: a document listed from its name, its language and counts still being read",
    ),
];

/// The browser's filter words, for the help.
const FILTER_WORDS: &[(&str, &str)] = &[
    ("news 2023", "every word a part of the path (any case)"),
    ("lang:ar", "the language read from the text: ar, en, und"),
    (
        "status:todo",
        "the status in your layer: todo, prog (in progress), done",
    ),
    (
        "has:problems",
        "problems, orphans, pending (suggestions) or partner (a translation)",
    ),
];

/// Split `text` into lines of at most `width` characters at spaces.
fn wrap(text: &str, width: usize) -> Vec<String> {
    let width = width.max(1);
    let mut lines = Vec::new();
    let mut line = String::new();
    for word in text.split(' ') {
        let (lw, ww) = (line.chars().count(), word.chars().count());
        if lw > 0 && lw + 1 + ww > width {
            lines.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    lines.push(line);
    lines
}

/// The help: every binding of every mode with its keys, its command name
/// (as `config.toml` writes it) and what it does, as wide as the terminal;
/// long descriptions wrap instead of being cut.
fn help(ui: &Ui, scroll: usize, area: Rect, buf: &mut Buffer) {
    enum Line {
        Head(String),
        Row(String, String, String),
        Mark(String, String),
        Blank,
    }
    let mut lines: Vec<Line> = Vec::new();
    let sections = ui.keymap.help();
    let keys_w = sections
        .iter()
        .flat_map(|(_, rows)| rows.iter().map(|r| r.keys.chars().count()))
        .chain(
            MARKS
                .iter()
                .chain(FILTER_WORDS)
                .map(|(k, _)| k.chars().count()),
        )
        .max()
        .unwrap_or(8);
    let name_w = sections
        .iter()
        .flat_map(|(_, rows)| rows.iter().map(|r| r.command.len()))
        .max()
        .unwrap_or(8);
    let outer = centered(
        area,
        area.width.saturating_sub(2).max(20),
        area.height.saturating_sub(2),
    );
    let inner_w = outer.width.saturating_sub(2) as usize;
    // Keys, command name, description: the first two as wide as they need
    // while the description keeps at least half the room.
    let keys_w = keys_w.min(inner_w / 4).max(1);
    let name_w = name_w.min(inner_w / 4);
    let what_x = 1 + keys_w + 2 + name_w + 2;
    let what_w = inner_w.saturating_sub(what_x + 1).max(10);
    for (title, rows) in sections {
        lines.push(Line::Head(title.to_string()));
        for r in rows {
            for (i, part) in wrap(r.what, what_w).into_iter().enumerate() {
                if i == 0 {
                    lines.push(Line::Row(r.keys.clone(), r.command.to_string(), part));
                } else {
                    lines.push(Line::Row(String::new(), String::new(), part));
                }
            }
        }
        lines.push(Line::Blank);
    }
    for (title, items) in [
        ("Browser filter (type in the list)", FILTER_WORDS),
        ("Marks", MARKS),
    ] {
        if title == "Marks" {
            lines.push(Line::Blank);
        }
        lines.push(Line::Head(title.to_string()));
        for (k, what) in items {
            for (i, part) in wrap(what, what_w + name_w + 2).into_iter().enumerate() {
                let k = if i == 0 { k.to_string() } else { String::new() };
                lines.push(Line::Mark(k, part));
            }
        }
    }
    let inner = boxed(
        ui,
        outer,
        "keys · command names as in config.toml [keys.*] · esc closes, j/k scroll",
        buf,
    );
    let scroll = scroll.min(lines.len().saturating_sub(inner.height as usize));
    let (kw, nw) = (keys_w as u16, name_w as u16);
    for (i, line) in lines
        .iter()
        .skip(scroll)
        .take(inner.height as usize)
        .enumerate()
    {
        let y = inner.y + i as u16;
        let right = inner.x + inner.width;
        let mut at = |x: u16, max: u16, text: &str, style: Style| {
            let x = inner.x + x;
            if x < right {
                put(buf, x, y, max.min(right - x), text, style);
            }
        };
        match line {
            Line::Head(t) => at(1, inner.width, t, ui.theme.header(true)),
            Line::Blank => {}
            Line::Row(k, name, what) => {
                at(1, kw, k, ui.theme.text_style().add_modifier(Modifier::BOLD));
                at(kw + 3, nw, name, ui.theme.header(false));
                at(kw + 3 + nw + 2, inner.width, what, ui.theme.text_style());
            }
            // A mark's description takes the name column too.
            Line::Mark(k, what) => {
                at(1, kw, k, ui.theme.text_style().add_modifier(Modifier::BOLD));
                at(kw + 3, inner.width, what, ui.theme.text_style());
            }
        }
    }
}

fn list(state: &State, ui: &Ui, sel: usize, sort: SortBy, area: Rect, buf: &mut Buffer) {
    let items = app::list_items(state, sort);
    let w = (area.width / 2).max(40).min(area.width);
    // Over the other pane when there are two, so the active text stays visible.
    let x = if state.panes.len() == 2 && state.active == 1 {
        0
    } else {
        area.width - w
    };
    let outer = Rect::new(x, TEXT_TOP, w, area.height.saturating_sub(TEXT_TOP + 2));
    let sort_name = match sort {
        SortBy::Position => "position",
        SortBy::Label => "label",
        SortBy::Created => "created",
    };
    let f = &state.list_filter;
    let only: Vec<&str> = f
        .status
        .map(crate::export::status_name)
        .into_iter()
        .chain(f.label.as_deref())
        .collect();
    let only = if only.is_empty() {
        String::new()
    } else {
        format!(" ({})", only.join(", "))
    };
    let title = format!(
        "{} annotation{}{only}, by {sort_name} (s sort, l label, t status, enter jumps)",
        items.len(),
        if items.len() == 1 { "" } else { "s" }
    );
    let inner = boxed(ui, outer, &title, buf);
    let h = inner.height as usize;
    let first = sel.saturating_sub(h.saturating_sub(1));
    let Some(d) = state.active_doc() else { return };
    for (i, a) in items.iter().enumerate().skip(first).take(h) {
        let y = inner.y + (i - first) as u16;
        let mut style = if ui.theme.color {
            ui.theme.text_style().fg(ui.theme.label_color(&a.label))
        } else {
            ui.theme.text_style()
        };
        if a.status == crate::annotation::Status::Suggested {
            style = style.add_modifier(Modifier::DIM | Modifier::ITALIC);
        }
        if i == sel {
            style = style.add_modifier(Modifier::REVERSED);
        }
        let label = match &a.kind {
            Some(k) => format!("{}:{k}", a.label),
            None => a.label.clone(),
        };
        let para = app::motion::Blocks {
            text: &d.text,
            blocks: &d.blocks,
        }
        .block_of(a.span.start)
            + 1;
        let links = if a.links.is_empty() { "" } else { " ⇄" };
        let status = crate::export::status_name(a.status);
        let head = format!("{label:<11} {status:<9} ¶{para:<3}{links} ");
        let used = put(buf, inner.x, y, inner.width, &head, style);
        put_text_start(
            buf,
            inner.x + used,
            y,
            inner.width.saturating_sub(used),
            &a.quote,
            style,
        );
    }
    // Orphans below, read-only: annotations whose text could not be found
    // again after the document changed (kept in the sidecar, never dropped).
    let shown = items.len().saturating_sub(first).min(h);
    for (k, o) in d.orphans.iter().enumerate() {
        let row = shown + k;
        if row >= h {
            break;
        }
        let style = ui.theme.text_style().add_modifier(Modifier::DIM);
        let y = inner.y + row as u16;
        let head = format!("{:<11} orphan ", o.label);
        let used = put(buf, inner.x, y, inner.width, &head, style);
        put_text_start(
            buf,
            inner.x + used,
            y,
            inner.width.saturating_sub(used),
            &o.quote,
            style,
        );
    }
}

/// The figure flags of the two panes, one line each: side, paragraph, the
/// figure and what the other side has instead.
fn flags(state: &State, ui: &Ui, sel: usize, area: Rect, buf: &mut Buffer) {
    let w = (area.width * 2 / 3).max(40).min(area.width);
    let outer = Rect::new(
        (area.width - w) / 2,
        TEXT_TOP,
        w,
        area.height.saturating_sub(TEXT_TOP + 2),
    );
    let n = state.flags.len();
    let title = format!(
        "{n} figure flag{} (enter jumps, esc closes)",
        if n == 1 { "" } else { "s" }
    );
    let inner = boxed(ui, outer, &title, buf);
    let h = inner.height as usize;
    let first = sel.saturating_sub(h.saturating_sub(1));
    for (i, f) in state.flags.iter().enumerate().skip(first).take(h) {
        let y = inner.y + (i - first) as u16;
        let Some(d) = state.panes.get(f.pane).and_then(|p| state.docs.get(p.doc)) else {
            continue;
        };
        let side = if f.pane == 0 { "left " } else { "right" };
        let para = app::motion::Blocks {
            text: &d.text,
            blocks: &d.blocks,
        }
        .block_of(f.span.start)
            + 1;
        let mut style = ui.theme.text_style();
        if i == sel {
            style = style.add_modifier(Modifier::REVERSED);
        }
        let mut x = inner.x;
        let mut w = inner.width;
        for (text, st, raw) in [
            (format!("{side} ¶{para:<4}"), style, false),
            (f.text.clone(), ui.theme.flagged(style, false), true),
            (
                match &f.other {
                    Some(_) => "  vs  ".to_string(),
                    None => "  not in the other side".to_string(),
                },
                style,
                false,
            ),
            (f.other.clone().unwrap_or_default(), style, true),
        ] {
            let used = if raw {
                put_text(buf, x, y, w, &text, st)
            } else {
                put(buf, x, y, w, &text, st)
            };
            x += used;
            w = w.saturating_sub(used);
        }
    }
}

/// Where the layers of the active document disagree, one line each:
/// line:column, what differs, then each annotator's version.
fn disagreements(
    ui: &Ui,
    items: &[crate::agree::Disagreement],
    sel: usize,
    area: Rect,
    buf: &mut Buffer,
) {
    let w = (area.width * 4 / 5).max(40).min(area.width);
    let outer = Rect::new(
        (area.width - w) / 2,
        TEXT_TOP,
        w,
        area.height.saturating_sub(TEXT_TOP + 2),
    );
    let n = items.len();
    let title = format!(
        "{n} disagreement{} between layers (enter jumps, esc closes)",
        if n == 1 { "" } else { "s" }
    );
    let inner = boxed(ui, outer, &title, buf);
    let h = inner.height as usize;
    let first = sel.saturating_sub(h.saturating_sub(1));
    let version = |v: &Option<crate::agree::Version>| match v {
        None => ("(nothing)".to_string(), String::new()),
        Some(v) if v.kind.is_empty() => (format!("{} ", v.label), v.text.clone()),
        Some(v) => (format!("{}/{} ", v.label, v.kind), v.text.clone()),
    };
    for (i, d) in items.iter().enumerate().skip(first).take(h) {
        let y = inner.y + (i - first) as u16;
        let mut style = ui.theme.text_style();
        if i == sel {
            style = style.add_modifier(Modifier::REVERSED);
        }
        let (la, ta) = version(&d.in_a);
        let (lb, tb) = version(&d.in_b);
        let mut x = inner.x;
        let mut w = inner.width;
        for (text, raw) in [
            (
                format!("{}:{:<4} {:<5} {}: {la}", d.line, d.column, d.what, d.a),
                false,
            ),
            (ta, true),
            (format!("  |  {}: {lb}", d.b), false),
            (tb, true),
        ] {
            let used = if raw {
                put_text(buf, x, y, w, &text, style)
            } else {
                put(buf, x, y, w, &text, style)
            };
            x += used;
            w = w.saturating_sub(used);
        }
    }
}

fn menu(ui: &Ui, choose: &Choose, items: &[String], sel: usize, area: Rect, buf: &mut Buffer) {
    let title = match choose {
        Choose::Label(_) => "label".to_string(),
        Choose::Kind(_, l) => format!("{l} type"),
    };
    let w = items
        .iter()
        .map(|s| s.chars().count())
        .max()
        .unwrap_or(8)
        .max(title.len() + 4) as u16
        + 8;
    let outer = centered(area, w, items.len() as u16 + 2);
    let inner = boxed(ui, outer, &title, buf);
    for (i, it) in items.iter().enumerate().take(inner.height as usize) {
        let mut style = ui.theme.text_style();
        if ui.theme.color && matches!(choose, Choose::Label(_)) {
            style = style.fg(ui.theme.label_color(it));
        }
        if i == sel {
            style = style.add_modifier(Modifier::REVERSED);
        }
        put_text(
            buf,
            inner.x + 1,
            inner.y + i as u16,
            inner.width.saturating_sub(1),
            &format!("{} {it}", i + 1),
            style,
        );
    }
}

/// The browser's first list row.
const BROWSER_TOP: u16 = 4;

/// How many documents the browser lists on a screen `height` rows high.
pub fn browser_rows(height: u16) -> usize {
    height.saturating_sub(BROWSER_TOP + 1) as usize
}

fn browser(state: &State, ui: &Ui, area: Rect, buf: &mut Buffer) {
    let br = &state.browser;
    let vis = br.visible();
    let head = if br.adjudicate {
        format!(
            "hashiya · adjudication · {} · {} documents",
            br.root.display(),
            vis.len()
        )
    } else {
        format!(
            "hashiya · {} · {} documents",
            br.root.display(),
            br.entries.len()
        )
    };
    // While the background scan runs, say how far it is.
    let head = match br.scanning {
        Some((done, total)) => format!("{head} · reading {done} of {total}"),
        None => head,
    };
    put_text(
        buf,
        1,
        0,
        area.width.saturating_sub(1),
        &head,
        ui.theme.header(true),
    );
    let used = put(buf, 1, 1, area.width, "filter: ", ui.theme.header(false));
    let fu = put_text(
        buf,
        1 + used,
        1,
        area.width.saturating_sub(used + 1),
        &br.filter,
        ui.theme.text_style(),
    );
    if let Some(c) = buf.cell_mut((1 + used + fu, 1)) {
        c.set_style(Style::default().add_modifier(Modifier::REVERSED));
    }
    if br.filter_incomplete() {
        let x = 3 + used + fu;
        put(
            buf,
            x,
            1,
            area.width.saturating_sub(x),
            &format!("{} so far; the rest are still being read", vis.len()),
            ui.theme.header(false),
        );
    }
    let labels: Vec<&str> = state
        .labels
        .labels
        .iter()
        .map(|l| l.name.as_str())
        .collect();
    let namew = *br.name_width.get_or_init(|| {
        br.entries
            .iter()
            .map(|e| {
                crate::text::escape::escape_invisible(&e.rel)
                    .chars()
                    .count()
            })
            .max()
            .unwrap_or(10)
    });
    let namew = namew.clamp(10, 40) as u16;
    let mut header = format!("   {:<w$}  lang dir  ", "document", w = namew as usize);
    for l in &labels {
        header.push_str(&format!("{:>7} ", l));
    }
    // Review and progress: pending suggestions and the status of the
    // layer being edited; in a team, a column per annotator.
    header.push_str(&format!(
        "{:>9} ",
        if br.adjudicate {
            "to decide"
        } else {
            "pending"
        }
    ));
    let team: Vec<&str> = br
        .team
        .iter()
        .flat_map(|t| t.annotators.iter().map(String::as_str))
        .collect();
    let status_w = |name: &str| name.chars().count().clamp(4, 12);
    if team.is_empty() {
        header.push_str(&format!("{:<11} ", "status"));
    } else {
        for a in &team {
            let n: String = a.chars().take(12).collect();
            header.push_str(&format!("{:<w$} ", n, w = status_w(a)));
        }
    }
    header.push_str(" partner");
    put(buf, 0, 3, area.width, &header, ui.theme.header(false));
    let top = BROWSER_TOP;
    let (first, rows) = br.window(&vis, browser_rows(area.height));
    for (row, &i) in rows.iter().enumerate() {
        let e = &br.entries[i];
        let (y, row) = (top + row as u16, row + first);
        let mut style = ui.theme.text_style();
        if row == br.sel {
            style = style.add_modifier(Modifier::REVERSED);
        }
        let marker = if e.problems > 0 {
            "!!"
        } else if e.orphans > 0 {
            "? "
        } else {
            "  "
        };
        put(buf, 0, y, 3, &format!("{marker} "), style);
        // A file name is shown as written: a bidi override or a control
        // character in it is escaped, not obeyed.
        let name = crate::text::escape::escape_invisible(&e.rel);
        put_text(buf, 3, y, namew, &name, style);
        // An entry listed from its name alone, not read yet, shows blanks
        // where its language, counts and status will be.
        let known = |v: String| if e.scanned { v } else { String::new() };
        let (lang, dir) = match (e.scanned, e.rtl) {
            (false, _) => ("…", ""),
            (true, true) => (e.lang.as_str(), "rtl"),
            (true, false) => (e.lang.as_str(), "ltr"),
        };
        let mut rest = format!("  {lang:<4} {dir:<3}  ");
        for l in &labels {
            let n = known(e.counts.get(*l).copied().unwrap_or(0).to_string());
            rest.push_str(&format!("{n:>7} "));
        }
        match (br.adjudicate, e.to_decide) {
            (true, Some(n)) => rest.push_str(&format!("{n:>9} ")),
            (true, None) => rest.push_str(&format!("{:>9} ", "-")),
            (false, _) => rest.push_str(&format!("{:>9} ", known(e.pending.to_string()))),
        }
        if !e.scanned {
            let w = if team.is_empty() {
                12
            } else {
                team.iter().map(|a| status_w(a) + 1).sum()
            };
            rest.push_str(&format!("{:<w$}", ""));
        } else if team.is_empty() {
            rest.push_str(&format!("{:<11} ", e.status.as_str()));
        } else {
            for a in &team {
                let st = e
                    .team
                    .iter()
                    .find(|(n, _)| n == a)
                    .map_or(crate::corpus::DocStatus::Todo, |(_, s)| *s);
                let short = match st {
                    crate::corpus::DocStatus::Done => "done",
                    crate::corpus::DocStatus::InProgress => "prog",
                    crate::corpus::DocStatus::Todo => "todo",
                };
                rest.push_str(&format!("{:<w$} ", short, w = status_w(a)));
            }
        }
        rest.push(' ');
        let used = put(
            buf,
            3 + namew,
            y,
            area.width.saturating_sub(3 + namew),
            &rest,
            style,
        );
        if let Some(p) = e.partner.and_then(|p| br.entries.get(p)) {
            put_text(
                buf,
                3 + namew + used,
                y,
                area.width.saturating_sub(3 + namew + used),
                &if e.partner_suggested {
                    format!("⇄ {} (suggested)", p.rel)
                } else {
                    format!("⇄ {}", p.rel)
                },
                style,
            );
        }
    }
    if vis.is_empty() {
        let none = if br.filter_incomplete() {
            "no document matches the filter yet (the corpus is still being read)"
        } else {
            "no document matches the filter"
        };
        put(buf, 3, top, area.width, none, ui.theme.header(false));
    }
}
