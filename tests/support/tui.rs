//! What the TUI tests share: a state with documents open, keys pressed
//! through the live keymap, a frame drawn on ratatui's `TestBackend`.
#![allow(dead_code)] // each test file uses its own part

use std::path::PathBuf;

use hashiya::app::{self, Browser, Document, Effect, Settings, State};
use hashiya::corpus::LabelSet;
use hashiya::ui::keymap::{action_for, parse_key};
use hashiya::ui::{self, Keymap, Ui};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;

/// A state of `size` with `texts` (name, text) open side by side (or alone),
/// as under `/corpus/`; `shape` turns Arabic joining forms on.
pub fn state_with(texts: &[(&str, &str)], size: (u16, u16), shape: bool) -> State {
    let settings = Settings {
        annotator: "tester".into(),
        shape,
        lam_alef: true,
        ..Settings::default()
    };
    let mut st = State::new(settings, LabelSet::default(), Browser::default());
    st.size = size;
    for (name, text) in texts {
        st.docs.push(Document::new(
            PathBuf::from(format!("/corpus/{name}")),
            name.to_string(),
            text.to_string(),
            Default::default(),
        ));
    }
    let all: Vec<usize> = (0..st.docs.len()).collect();
    st.show(&all);
    st
}

/// A 100×30 state with `dir/doc` opened from disk in `who`'s layer, the
/// layers of `others` read beside it (a team that is not blind).
pub fn open_as(dir: &std::path::Path, doc: &str, who: &str, others: &[&str]) -> State {
    let settings = Settings {
        annotator: who.into(),
        layers: app::io::LayerView {
            layer: hashiya::corpus::Layer::Annotator(who.into()),
            others: others.iter().map(|s| s.to_string()).collect(),
        },
        ..Settings::default()
    };
    let mut st = State::new(settings, LabelSet::default(), Browser::default());
    st.size = (100, 30);
    let (docs, notes) =
        app::io::load_documents(&[dir.join(doc)], dir, &st.labels, &st.settings.layers).unwrap();
    assert!(notes.is_empty(), "{notes:?}");
    st.docs = docs;
    st.show(&[0]);
    st
}

/// Press keys written as in the config ("v", "ctrl-r", "tab"); spaces
/// separate keys. Returns every effect produced.
pub fn keys(st: &mut State, seq: &str) -> Vec<Effect> {
    let km = Keymap::default();
    let mut out = Vec::new();
    for k in seq.split(' ').filter(|k| !k.is_empty()) {
        let ev = parse_key(k).unwrap_or_else(|| panic!("bad key {k}"));
        if let Some(a) = action_for(st, &km, &ev) {
            out.extend(app::update(st, a));
        }
    }
    out
}

/// The message line's text (empty when there is none).
pub fn message(st: &State) -> String {
    st.message.clone().map(|(_, m)| m).unwrap_or_default()
}

/// One frame of `st` on a `TestBackend` of the state's size.
pub fn draw(st: &State, ui: &Ui) -> Buffer {
    let mut term = Terminal::new(TestBackend::new(st.size.0, st.size.1)).unwrap();
    term.draw(|f| ui::draw(f, st, ui)).unwrap();
    term.backend().buffer().clone()
}

/// The fallback theme and the default keymap.
pub fn fallback_ui() -> Ui {
    Ui {
        theme: hashiya::ui::theme::Theme::fallback(),
        keymap: Keymap::default(),
    }
}
