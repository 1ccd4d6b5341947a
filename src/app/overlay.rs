//! What is drawn over the reader and takes the keys: the annotation list,
//! the figure flags, text prompts and choice menus.

use super::*;

/// Annotations of the active document in list order.
pub fn list_items(state: &State, sort: SortBy) -> Vec<&Annotation> {
    let Some(d) = state.active_doc() else {
        return Vec::new();
    };
    let f = &state.list_filter;
    let mut v: Vec<&Annotation> = d
        .anns
        .iter()
        .filter(|a| f.label.as_ref().is_none_or(|l| *l == a.label))
        .filter(|a| f.status.is_none_or(|s| s == a.status))
        .collect();
    match sort {
        SortBy::Position => v.sort_by_key(|a| (a.span.start, a.span.end)),
        SortBy::Label => v.sort_by(|a, b| {
            (&a.label, &a.kind, a.span.start).cmp(&(&b.label, &b.kind, b.span.start))
        }),
        SortBy::Created => v.sort_by(|a, b| (&a.created, &a.id).cmp(&(&b.created, &b.id))),
    }
    v
}

/// The selection of a list of `n` items after a moving command (up, down,
/// page, top, bottom); `None` for any other command.
pub(super) fn moved(sel: usize, n: usize, c: Command) -> Option<usize> {
    let last = n.saturating_sub(1);
    Some(match c {
        Command::Up | Command::LineUp | Command::ScrollUp => sel.saturating_sub(1),
        Command::Down | Command::LineDown | Command::ScrollDown => (sel + 1).min(last),
        Command::PageUp => sel.saturating_sub(10),
        Command::PageDown => (sel + 10).min(last),
        Command::Top => 0,
        Command::Bottom => last,
        _ => return None,
    })
}

pub(super) fn list_command(state: &mut State, c: Command) -> Vec<Effect> {
    let Overlay::List { sel, sort } = state.overlay.clone() else {
        return Vec::new();
    };
    let n = list_items(state, sort).len();
    if let Some(sel) = moved(sel, n, c) {
        state.overlay = Overlay::List { sel, sort };
        return Vec::new();
    }
    match c {
        Command::Sort => {
            let sort = match sort {
                SortBy::Position => SortBy::Label,
                SortBy::Label => SortBy::Created,
                SortBy::Created => SortBy::Position,
            };
            state.overlay = Overlay::List { sel: 0, sort };
        }
        Command::FilterLabel => {
            // The next label of the label set, then all of them.
            let names: Vec<String> = state.labels.labels.iter().map(|l| l.name.clone()).collect();
            let next = match &state.list_filter.label {
                None => names.first().cloned(),
                Some(cur) => names
                    .iter()
                    .position(|n| n == cur)
                    .and_then(|i| names.get(i + 1).cloned()),
            };
            state.list_filter.label = next;
            state.overlay = Overlay::List { sel: 0, sort };
        }
        Command::FilterStatus => {
            state.list_filter.status = match state.list_filter.status {
                None => Some(Status::Suggested),
                Some(Status::Suggested) => Some(Status::Accepted),
                Some(Status::Accepted) => Some(Status::Rejected),
                Some(Status::Rejected) => None,
            };
            state.overlay = Overlay::List { sel: 0, sort };
        }
        Command::Open | Command::OpenAlone => {
            let pos = list_items(state, sort).get(sel).map(|a| a.span.start);
            state.overlay = Overlay::None;
            if let Some(pos) = pos {
                state.panes[state.active].anchor = None;
                move_to(state, pos, false);
            }
        }
        Command::Quit => return quit(state),
        _ => state.overlay = Overlay::None,
    }
    Vec::new()
}

pub(super) fn flags_command(state: &mut State, c: Command) -> Vec<Effect> {
    let Overlay::Flags { sel } = state.overlay.clone() else {
        return Vec::new();
    };
    let n = state.flags.len();
    if let Some(sel) = moved(sel, n, c) {
        state.overlay = Overlay::Flags { sel };
        return Vec::new();
    }
    match c {
        Command::Open | Command::OpenAlone => {
            state.overlay = Overlay::None;
            if let Some(f) = state.flags.get(sel).cloned()
                && f.pane < state.panes.len()
            {
                state.active = f.pane;
                let p = &mut state.panes[f.pane];
                p.anchor = None;
                p.cursor = f.span.start;
                view::ensure_cursor_visible(state);
                let msg = match &f.other {
                    Some(o) => format!(
                        "figure {} disagrees with {o} in the aligned paragraphs of the other side",
                        f.text
                    ),
                    None => format!(
                        "figure {} has no counterpart in the aligned paragraphs of the other side",
                        f.text
                    ),
                };
                state.set_message(Level::Warn, msg);
            }
        }
        Command::Quit => return quit(state),
        _ => state.overlay = Overlay::None,
    }
    Vec::new()
}

pub(super) fn input(state: &mut State, i: Input) -> Vec<Effect> {
    match state.overlay.clone() {
        Overlay::Prompt { ask, mut input } => {
            match i {
                Input::Char(c) if !c.is_control() => input.push(c),
                Input::Backspace => {
                    input.pop();
                }
                Input::Esc => {
                    state.overlay = Overlay::None;
                    return Vec::new();
                }
                Input::Enter => {
                    state.overlay = Overlay::None;
                    return submit(state, ask, input);
                }
                _ => {}
            }
            state.overlay = Overlay::Prompt { ask, input };
            Vec::new()
        }
        Overlay::Menu {
            choose,
            items,
            mut sel,
        } => {
            let pick = match i {
                Input::Up => {
                    sel = sel.saturating_sub(1);
                    None
                }
                Input::Down => {
                    sel = (sel + 1).min(items.len().saturating_sub(1));
                    None
                }
                Input::Enter => items.get(sel).cloned(),
                Input::Esc => {
                    state.overlay = Overlay::None;
                    return Vec::new();
                }
                Input::Char(c) => {
                    if let Some(d) = c.to_digit(10).filter(|&d| d > 0) {
                        items.get(d as usize - 1).cloned()
                    } else {
                        let lc = c.to_lowercase().next().unwrap_or(c);
                        items
                            .iter()
                            .find(|it| it.to_lowercase().starts_with(lc))
                            .cloned()
                    }
                }
                Input::Backspace => None,
            };
            match pick {
                Some(item) => {
                    state.overlay = Overlay::None;
                    match choose {
                        Choose::Label(target) => choose_label(state, target, item),
                        Choose::Kind(target, label) => {
                            apply_label(state, target, label, Some(item))
                        }
                    }
                }
                None => {
                    state.overlay = Overlay::Menu { choose, items, sel };
                    Vec::new()
                }
            }
        }
        Overlay::None if state.screen == Screen::Browser => {
            match i {
                Input::Char(c) if !c.is_control() => state.browser.filter.push(c),
                Input::Backspace => {
                    state.browser.filter.pop();
                }
                Input::Enter => return browser_command(state, Command::Open),
                Input::Esc => return browser_command(state, Command::Cancel),
                Input::Up => return browser_command(state, Command::Up),
                Input::Down => return browser_command(state, Command::Down),
                _ => {}
            }
            state.browser.sel = 0;
            Vec::new()
        }
        _ => Vec::new(),
    }
}

pub(super) fn submit(state: &mut State, ask: Ask, input: String) -> Vec<Effect> {
    let text = input.trim().to_string();
    match ask {
        Ask::Search => {
            if text.is_empty() {
                state.search = None;
            } else {
                state.search = Some(text);
                find_next(state, true);
            }
            Vec::new()
        }
        Ask::Note { doc, id } => change(state, doc, &id, |a| {
            a.note = (!text.is_empty()).then_some(text);
        }),
        Ask::Value { doc, id } => {
            let unit = state.docs[doc]
                .ann(&id)
                .and_then(|a| a.attrs.get(attr::UNIT).cloned())
                .unwrap_or_default();
            state.overlay = Overlay::Prompt {
                ask: Ask::Unit {
                    doc,
                    id,
                    value: text,
                },
                input: unit,
            };
            Vec::new()
        }
        Ask::Unit { doc, id, value } => change(state, doc, &id, |a| {
            for (k, v) in [(attr::VALUE, value), (attr::UNIT, text)] {
                if v.is_empty() {
                    a.attrs.remove(k);
                } else {
                    a.attrs.insert(k.to_string(), v);
                }
            }
        }),
        Ask::Speaker { doc, id } => {
            if text.is_empty() {
                return change(state, doc, &id, |a| {
                    a.attrs.remove(attr::SPEAKER);
                });
            }
            let folded = text.to_lowercase();
            let speaker = state.docs[doc]
                .anns
                .iter()
                .filter(|e| e.label == "entity" && e.status != Status::Rejected)
                .find(|e| e.quote.to_lowercase() == folded || e.id == text)
                .map(|e| e.id.clone());
            match speaker {
                Some(sid) => change(state, doc, &id, |a| {
                    a.attrs.insert(attr::SPEAKER.to_string(), sid);
                }),
                None => {
                    state.set_message(
                        Level::Warn,
                        format!("no entity annotation {text:?} in this document: tag the speaker as an entity first"),
                    );
                    Vec::new()
                }
            }
        }
    }
}
