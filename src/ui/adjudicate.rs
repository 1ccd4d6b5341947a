//! The adjudication view's parts besides the text: how units are marked,
//! the version panel (each annotator's version of the current unit side
//! by side), the status line and the key hint.
//!
//! Open units are solid chips of an ANSI colour with black or white text
//! (the terminal's palette keeps them apart on a white or a black page,
//! and the text on them readable); decided ones keep the page and take the
//! theme's colours, which are made for its background: the info colour
//! for decided, the header's grey struck through for rejected, the warn
//! colour as a chip for stale.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier, Style};

use super::{Ui, keymap::Mode, put, put_text, put_text_start};
use crate::adjudicate::UnitState;
use crate::annotation::Annotation;
use crate::app::adjudicate::{UnitMark, versions};
use crate::app::view::PANEL_ROWS;
use crate::app::{Command, State};

use super::theme::Theme;

impl Theme {
    /// A cell of a unit marked `mark`; `current`: the unit in the panel.
    pub fn unit(&self, base: Style, mark: UnitMark, current: bool, rtl: bool) -> Style {
        let style = if self.color {
            let chip = |bg: Color, fg: Color| base.fg(fg).bg(bg);
            match mark {
                UnitMark::Open(UnitState::Unanimous) => chip(Color::Green, Color::Black),
                UnitMark::Open(UnitState::Majority) => chip(Color::Cyan, Color::Black),
                UnitMark::Open(UnitState::Disagreement) => {
                    chip(Color::Red, Color::White).add_modifier(Modifier::BOLD)
                }
                UnitMark::Open(UnitState::Single) => chip(Color::Yellow, Color::Black),
                UnitMark::Decided => base.fg(self.info).add_modifier(Modifier::BOLD),
                UnitMark::Rejected => base.fg(self.header).add_modifier(Modifier::CROSSED_OUT),
                UnitMark::Stale => base
                    .fg(self.warn)
                    .add_modifier(Modifier::REVERSED | Modifier::BOLD),
            }
        } else {
            let line = if rtl {
                Modifier::BOLD
            } else {
                Modifier::UNDERLINED
            };
            base.add_modifier(match mark {
                UnitMark::Open(UnitState::Disagreement) => Modifier::BOLD | line,
                UnitMark::Open(_) => line,
                UnitMark::Decided => Modifier::DIM,
                UnitMark::Rejected => Modifier::DIM | Modifier::CROSSED_OUT,
                UnitMark::Stale => Modifier::ITALIC | Modifier::BOLD,
            })
        };
        if current {
            self.cursor(style).add_modifier(Modifier::BOLD)
        } else {
            style
        }
    }
}

/// What the marks mean, in the order the panel's legend gives them.
const LEGEND: &[UnitMark] = &[
    UnitMark::Open(UnitState::Disagreement),
    UnitMark::Open(UnitState::Majority),
    UnitMark::Open(UnitState::Single),
    UnitMark::Open(UnitState::Unanimous),
    UnitMark::Decided,
    UnitMark::Rejected,
    UnitMark::Stale,
];

/// The version panel above the status line.
pub fn panel(state: &State, ui: &Ui, area: Rect, buf: &mut Buffer) {
    let Some(a) = &state.adjudication else { return };
    let t = &ui.theme;
    let top = area.height.saturating_sub(2 + PANEL_ROWS);
    let rect = Rect::new(0, top, area.width, PANEL_ROWS.min(area.height));
    let title = match a.cur {
        Some(u) => format!(
            "unit {} of {} · {}",
            u + 1,
            a.session.units.len(),
            a.mark(u).name()
        ),
        None => "no unit".to_string(),
    };
    let inner = super::boxed(ui, rect, &title, buf);
    // The legend on the box's bottom edge.
    let mut x = inner.x + 1;
    let y_legend = rect.y + rect.height.saturating_sub(1);
    for m in LEGEND {
        let w = m.name().chars().count() as u16 + 2;
        if x + w + 1 >= inner.x + inner.width {
            break;
        }
        put(
            buf,
            x,
            y_legend,
            w,
            &format!(" {} ", m.name()),
            t.unit(t.text_style(), *m, false, false),
        );
        x += w + 1;
    }
    let Some(u) = a.cur else {
        put(
            buf,
            inner.x + 1,
            inner.y,
            inner.width.saturating_sub(1),
            "every unit of this document is decided (or deferred)",
            t.header(false),
        );
        return;
    };
    let anonymous = state.settings.anonymous;
    let mut y = inner.y;
    if let Some(p) = a.provenance_of(u) {
        let stale = if a.session.is_stale(u) {
            " · STALE: a source changed in its layer since (hashiya check names it); decide again by hand"
        } else {
            " · a decision is never overwritten"
        };
        let sources: Vec<String> = p
            .sources
            .iter()
            .map(|r| {
                match a
                    .session
                    .layers
                    .iter()
                    .position(|l| l.annotator == r.annotator)
                {
                    Some(k) if anonymous => format!("{}:{}", a.who(k, true), r.id),
                    _ => r.name(),
                }
            })
            .collect();
        let line = format!(
            "decided: {} from {} by {} at {}{stale}",
            p.decision.as_str(),
            if sources.is_empty() {
                "-".to_string()
            } else {
                sources.join(", ")
            },
            p.adjudicator,
            p.decided
        );
        put_text(
            buf,
            inner.x + 1,
            y,
            inner.width.saturating_sub(1),
            &line,
            t.unit(t.text_style(), a.mark(u), false, false),
        );
        y += 1;
    }
    let vs = versions(a, u);
    let n = vs.len().max(1) as u16;
    let col_w = inner.width.saturating_sub(1) / n;
    let rows = inner.height.saturating_sub(y - inner.y);
    let majority = a.session.units[u]
        .majority(a.session.compared)
        .map(<[_]>::to_vec)
        .unwrap_or_default();
    for (k, v) in vs.iter().enumerate() {
        let x = inner.x + 1 + k as u16 * col_w;
        let w = col_w.saturating_sub(2);
        let key = if k < 9 {
            format!("{} ", k + 1)
        } else {
            "  ".to_string()
        };
        let head_style = t.header(true);
        let used = put(buf, x, y, w, &key, head_style);
        let used = used
            + put_text(
                buf,
                x + used,
                y,
                w.saturating_sub(used),
                &a.who(k, anonymous),
                head_style,
            );
        let Some((m, same)) = v else {
            put(
                buf,
                x + used,
                y,
                w.saturating_sub(used),
                "  (nothing here)",
                t.header(false),
            );
            continue;
        };
        let tag = if majority.contains(m) {
            format!("  majority, {same} of {}", a.session.compared)
        } else if *same > 1 {
            format!("  {same} alike")
        } else {
            String::new()
        };
        put(
            buf,
            x + used,
            y,
            w.saturating_sub(used),
            &tag,
            t.header(false),
        );
        let ann = a.session.annotation(*m);
        for (i, line) in version_lines(ann)
            .iter()
            .enumerate()
            .take(rows.saturating_sub(1) as usize)
        {
            let style = if i == 0 {
                t.annotated(t.text_style(), &[ann.label.as_str()], false, false, false)
            } else {
                t.text_style()
            };
            put_text_start(buf, x, y + 1 + i as u16, w, line, style);
        }
    }
}

/// A version as the panel shows it: label and type, the span's text, the
/// attributes, the note, the links (empty ones left out).
fn version_lines(a: &Annotation) -> Vec<String> {
    let mut out = vec![match &a.kind {
        Some(k) => format!("{}/{k}", a.label),
        None => a.label.clone(),
    }];
    out.push(format!("«{}»", a.quote));
    if !a.attrs.is_empty() {
        let kv: Vec<String> = a.attrs.iter().map(|(k, v)| format!("{k}={v}")).collect();
        out.push(kv.join(" "));
    }
    if let Some(n) = &a.note {
        out.push(format!("note: {n}"));
    }
    if !a.links.is_empty() {
        let ls: Vec<String> = a
            .links
            .iter()
            .map(|l| format!("{} → {}", l.kind, l.target))
            .collect();
        out.push(format!("links: {}", ls.join(", ")));
    }
    out
}

fn key(ui: &Ui, c: Command) -> String {
    let own = ui.keymap.keys_for(Mode::Adjudicate, c);
    let reader = ui.keymap.keys_for(Mode::Reader, c);
    own.first()
        .or(reader.first())
        .copied()
        .unwrap_or("-")
        .to_string()
}

/// The status line: the document, the current unit and its state, what
/// remains.
pub fn status(state: &State, ui: &Ui, area: Rect, buf: &mut Buffer) {
    let Some(a) = &state.adjudication else { return };
    let (y, style) = super::status_row(ui, area, buf);
    let mut parts = vec![format!("ADJUDICATE {}", state.docs[a.doc].name)];
    if let Some(u) = a.cur {
        let r = a.session.units[u].range.clone();
        let text = a.session.text.get(r).unwrap_or("");
        let short: String = text.chars().take(30).collect();
        let ell = if short.len() < text.len() { "…" } else { "" };
        parts.push(format!("«{short}{ell}» {}", a.mark(u).name()));
    }
    let open = a.session.open_count();
    let mut left = format!("{open} to decide");
    if !a.deferred.is_empty() {
        left.push_str(&format!(" ({} deferred)", a.deferred.len()));
    }
    parts.push(left);
    let stale = (0..a.session.units.len())
        .filter(|&u| a.session.is_stale(u))
        .count();
    if stale > 0 {
        parts.push(format!("{stale} stale"));
    }
    if let Some(e) = &a.edit {
        parts.push(format!(
            "EDITING {}'s version",
            a.who(e.layer, state.settings.anonymous)
        ));
    }
    parts.push(format!("✎ {}", state.settings.annotator));
    put_text(
        buf,
        1,
        y,
        area.width.saturating_sub(1),
        &parts.join("  │  "),
        style,
    );
}

/// The keys, on the message line when there is no message.
pub fn hint(state: &State, ui: &Ui) -> String {
    let k = |c| key(ui, c);
    if state.adjudication.as_ref().is_some_and(|a| a.editing()) {
        return format!(
            "editing: {} label · {} attributes · {} note · {} delete · {} takes it · esc drops it",
            k(Command::EditLabel),
            k(Command::EditAttrs),
            k(Command::EditNote),
            k(Command::Delete),
            k(Command::FinishEdit)
        );
    }
    let n = state
        .adjudication
        .as_ref()
        .map_or(1, |a| a.session.layers.len().min(9));
    format!(
        "1-{n} take · {} majority · {} edit · {} reject all · {} defer · {}/{} next/prev · {} help · {} leave",
        k(Command::TakeMajority),
        k(Command::EditVersion),
        k(Command::RejectUnit),
        k(Command::Defer),
        k(Command::NextUnit),
        k(Command::PrevUnit),
        k(Command::Help),
        k(Command::Leave)
    )
}
