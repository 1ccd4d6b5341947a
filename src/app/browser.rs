//! The corpus browser's commands: moving, opening a document with its
//! translation partner.

use super::*;

pub(super) fn browser_command(state: &mut State, c: Command) -> Vec<Effect> {
    let vis = state.browser.visible();
    match c {
        Command::Quit => return quit(state),
        Command::Up => state.browser.sel = state.browser.sel.saturating_sub(1),
        Command::Down => {
            state.browser.sel = (state.browser.sel + 1).min(vis.len().saturating_sub(1))
        }
        Command::PageUp => state.browser.sel = state.browser.sel.saturating_sub(10),
        Command::PageDown => {
            state.browser.sel = (state.browser.sel + 10).min(vis.len().saturating_sub(1))
        }
        Command::Top => state.browser.sel = 0,
        Command::Bottom => state.browser.sel = vis.len().saturating_sub(1),
        Command::Open | Command::OpenAlone => {
            let Some(&i) = vis.get(state.browser.sel) else {
                return Vec::new();
            };
            let e = &state.browser.entries[i];
            if state.browser.adjudicate {
                return vec![Effect::Adjudicate(e.path.clone())];
            }
            let mut paths = vec![e.path.clone()];
            if c == Command::Open
                && let Some(p) = e.partner.and_then(|p| state.browser.entries.get(p))
            {
                paths.push(p.path.clone());
            }
            return open_paths(state, paths);
        }
        Command::Cancel => {
            if !state.browser.filter.is_empty() {
                state.browser.filter.clear();
                state.browser.sel = 0;
            } else if !state.panes.is_empty() {
                state.screen = Screen::Reader;
            } else {
                return quit(state);
            }
        }
        Command::Help => state.overlay = Overlay::Help { scroll: 0 },
        _ => {}
    }
    Vec::new()
}

/// Show these files, asking the runtime to load those not open yet.
pub fn open_paths(state: &mut State, mut paths: Vec<PathBuf>) -> Vec<Effect> {
    // The same file twice is one document.
    if paths.len() == 2 && paths[0] == paths[1] {
        paths.pop();
    }
    let missing: Vec<PathBuf> = paths
        .iter()
        .filter(|p| !state.docs.iter().any(|d| &d.path == *p))
        .cloned()
        .collect();
    if missing.is_empty() {
        let idx: Vec<usize> = paths
            .iter()
            .filter_map(|p| state.docs.iter().position(|d| &d.path == p))
            .collect();
        state.show(&idx);
        Vec::new()
    } else {
        state.pending_open = paths;
        vec![Effect::Open(missing)]
    }
}
