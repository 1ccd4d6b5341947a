//! Key bindings: defaults per mode, user overrides merged one binding at a
//! time, and the translation of a terminal key event into an `Action`
//! (which depends on what has the keys: the reader, the browser, the list,
//! a prompt or a menu).

use crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

use crate::app::command::{COMMANDS, Spec};
use crate::app::{Action, Command, Input, Overlay, Screen, State};

/// Modes with their own bindings.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    Reader,
    Browser,
    List,
    Adjudicate,
}

impl Mode {
    pub fn name(self) -> &'static str {
        match self {
            Mode::Reader => "reader",
            Mode::Browser => "browser",
            Mode::List => "list",
            Mode::Adjudicate => "adjudicate",
        }
    }
}

/// Bindings of each mode, in the order they were declared (help shows them so).
#[derive(Clone, Debug)]
pub struct Keymap {
    pub reader: Vec<(String, Command)>,
    pub browser: Vec<(String, Command)>,
    pub list: Vec<(String, Command)>,
    pub adjudicate: Vec<(String, Command)>,
}

/// The default bindings of one mode, from the command table.
fn defaults(keys: fn(&Spec) -> &'static [&'static str]) -> Vec<(String, Command)> {
    COMMANDS
        .iter()
        .flat_map(|s| keys(s).iter().map(move |k| (k.to_string(), s.cmd)))
        .collect()
}

impl Default for Keymap {
    fn default() -> Self {
        Keymap {
            reader: defaults(|s| s.reader),
            browser: defaults(|s| s.browser),
            list: defaults(|s| s.list),
            adjudicate: defaults(|s| s.adjudicate),
        }
    }
}

impl Keymap {
    /// The defaults with the user's overrides (`mode -> [(key, command|none)]`)
    /// merged one binding at a time: an override replaces only that key.
    pub fn with_overrides(
        overrides: &std::collections::BTreeMap<String, Vec<(String, String)>>,
    ) -> Keymap {
        let mut km = Keymap::default();
        for (mode, list) in overrides {
            let target = match mode.as_str() {
                "reader" => &mut km.reader,
                "browser" => &mut km.browser,
                "list" => &mut km.list,
                "adjudicate" => &mut km.adjudicate,
                _ => continue,
            };
            for (key, cmd) in list {
                let Some(norm) = parse_key(key).map(|k| key_name(&k)) else {
                    continue;
                };
                target.retain(|(k, _)| parse_key(k).map(|k| key_name(&k)).as_ref() != Some(&norm));
                if let Some(c) = Command::from_name(cmd) {
                    target.push((norm, c));
                }
            }
        }
        km
    }

    pub fn bindings(&self, mode: Mode) -> &[(String, Command)] {
        match mode {
            Mode::Reader => &self.reader,
            Mode::Browser => &self.browser,
            Mode::List => &self.list,
            Mode::Adjudicate => &self.adjudicate,
        }
    }

    /// The command bound to `key` in `mode`.
    pub fn lookup(&self, mode: Mode, key: &KeyEvent) -> Option<Command> {
        let name = key_name(key);
        self.bindings(mode)
            .iter()
            .find(|(k, _)| parse_key(k).map(|k| key_name(&k)).as_deref() == Some(name.as_str()))
            .map(|(_, c)| *c)
    }

    /// Keys bound to `cmd` in `mode`, as the user writes them.
    pub fn keys_for(&self, mode: Mode, cmd: Command) -> Vec<&str> {
        self.bindings(mode)
            .iter()
            .filter(|(_, c)| *c == cmd)
            .map(|(k, _)| k.as_str())
            .collect()
    }

    /// Help text, generated from the live bindings: per mode, one row per
    /// bound command with its keys and its name as `config.toml` writes it.
    pub fn help(&self) -> Vec<(&'static str, Vec<HelpRow>)> {
        [Mode::Reader, Mode::Adjudicate, Mode::List, Mode::Browser]
            .into_iter()
            .map(|mode| {
                let mut rows = Vec::new();
                for &cmd in Command::ALL {
                    let keys = self.keys_for(mode, cmd);
                    if !keys.is_empty() {
                        rows.push(HelpRow {
                            keys: keys.join(" "),
                            command: cmd.name(),
                            what: cmd.describe(),
                        });
                    }
                }
                let title = match mode {
                    Mode::Reader => "Reader  [keys.reader]",
                    Mode::List => "Annotation list  [keys.list]",
                    Mode::Adjudicate => {
                        "Adjudication view  [keys.adjudicate]  (1-9 take annotator N's version; other reader keys scroll and move as in the reader)"
                    }
                    Mode::Browser => {
                        "Corpus browser  [keys.browser]  (typing filters; a bound key counts only as the first character)"
                    }
                };
                (title, rows)
            })
            .collect()
    }
}

/// One line of the help: the keys, the command's config name, what it does.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HelpRow {
    pub keys: String,
    pub command: &'static str,
    pub what: &'static str,
}

/// Parse a key as written in the config: `x`, `G`, `?`, `ctrl-d`,
/// `shift-left`, `ctrl-shift-right`, `pagedown`, `f2`, `space`…
pub fn parse_key(s: &str) -> Option<KeyEvent> {
    let mut mods = KeyModifiers::NONE;
    let mut rest = s;
    loop {
        if let Some(r) = rest.strip_prefix("ctrl-") {
            mods |= KeyModifiers::CONTROL;
            rest = r;
        } else if let Some(r) = rest.strip_prefix("alt-") {
            mods |= KeyModifiers::ALT;
            rest = r;
        } else if let Some(r) = rest.strip_prefix("shift-") {
            mods |= KeyModifiers::SHIFT;
            rest = r;
        } else {
            break;
        }
    }
    let code = match rest {
        "left" => KeyCode::Left,
        "right" => KeyCode::Right,
        "up" => KeyCode::Up,
        "down" => KeyCode::Down,
        "home" => KeyCode::Home,
        "end" => KeyCode::End,
        "pageup" => KeyCode::PageUp,
        "pagedown" => KeyCode::PageDown,
        "tab" => KeyCode::Tab,
        "backtab" => KeyCode::BackTab,
        "enter" => KeyCode::Enter,
        "esc" => KeyCode::Esc,
        "backspace" => KeyCode::Backspace,
        "delete" => KeyCode::Delete,
        "insert" => KeyCode::Insert,
        "space" => KeyCode::Char(' '),
        f if f.len() >= 2 && f.starts_with('f') => {
            let n: u8 = f.get(1..)?.parse().ok()?;
            if !(1..=12).contains(&n) {
                return None;
            }
            KeyCode::F(n)
        }
        one => {
            let mut it = one.chars();
            let c = it.next()?;
            if it.next().is_some() || c.is_control() {
                return None;
            }
            KeyCode::Char(c)
        }
    };
    Some(KeyEvent::new(code, mods))
}

/// A canonical name for a key event: how lookups compare keys. Shift is
/// folded into the character for printable keys (`G`, not `shift-g`).
pub fn key_name(k: &KeyEvent) -> String {
    let mut mods = k.modifiers;
    let base = match k.code {
        KeyCode::Char(c) => {
            mods.remove(KeyModifiers::SHIFT);
            match c {
                ' ' => "space".to_string(),
                c if mods.contains(KeyModifiers::CONTROL) => c.to_lowercase().to_string(),
                c => c.to_string(),
            }
        }
        KeyCode::Left => "left".into(),
        KeyCode::Right => "right".into(),
        KeyCode::Up => "up".into(),
        KeyCode::Down => "down".into(),
        KeyCode::Home => "home".into(),
        KeyCode::End => "end".into(),
        KeyCode::PageUp => "pageup".into(),
        KeyCode::PageDown => "pagedown".into(),
        KeyCode::Tab => "tab".into(),
        KeyCode::BackTab => {
            mods.remove(KeyModifiers::SHIFT);
            "backtab".into()
        }
        KeyCode::Enter => "enter".into(),
        KeyCode::Esc => "esc".into(),
        KeyCode::Backspace => "backspace".into(),
        KeyCode::Delete => "delete".into(),
        KeyCode::Insert => "insert".into(),
        KeyCode::F(n) => format!("f{n}"),
        _ => "?unknown".into(),
    };
    let mut s = String::new();
    if mods.contains(KeyModifiers::CONTROL) {
        s.push_str("ctrl-");
    }
    if mods.contains(KeyModifiers::ALT) {
        s.push_str("alt-");
    }
    if mods.contains(KeyModifiers::SHIFT) {
        s.push_str("shift-");
    }
    s + &base
}

fn input_of(key: &KeyEvent) -> Option<Input> {
    match key.code {
        KeyCode::Char(c)
            if !key
                .modifiers
                .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT) =>
        {
            Some(Input::Char(c))
        }
        KeyCode::Backspace => Some(Input::Backspace),
        KeyCode::Enter => Some(Input::Enter),
        KeyCode::Esc => Some(Input::Esc),
        KeyCode::Up => Some(Input::Up),
        KeyCode::Down => Some(Input::Down),
        _ => None,
    }
}

/// The action a key press means in the current state.
pub fn action_for(state: &State, km: &Keymap, key: &KeyEvent) -> Option<Action> {
    if key.kind == KeyEventKind::Release {
        return None;
    }
    if key.code == KeyCode::Char('c') && key.modifiers.contains(KeyModifiers::CONTROL) {
        return Some(Action::Cmd(Command::Quit));
    }
    match &state.overlay {
        // F1 is no text: it opens the help from a prompt or a menu too.
        Overlay::Prompt { .. } | Overlay::Menu { .. } if key.code == KeyCode::F(1) => {
            Some(Action::Cmd(Command::Help))
        }
        Overlay::Prompt { .. } | Overlay::Menu { .. } => input_of(key).map(Action::Input),
        Overlay::List { .. } => km.lookup(Mode::List, key).map(Action::Cmd),
        // The flag list moves like the annotation list; any other reader key
        // (the one that opened it, say) closes it.
        Overlay::Flags { .. } | Overlay::Disagreements { .. } => km
            .lookup(Mode::List, key)
            .or_else(|| km.lookup(Mode::Reader, key))
            .map(Action::Cmd),
        Overlay::Help { .. } => Some(Action::Cmd(
            km.lookup(Mode::Reader, key).unwrap_or(Command::Help),
        )),
        Overlay::None => match state.screen {
            // Once the filter has a character, printable keys are text.
            Screen::Browser => match input_of(key) {
                Some(i @ Input::Char(_)) if !state.browser.filter.is_empty() => {
                    Some(Action::Input(i))
                }
                input => km
                    .lookup(Mode::Browser, key)
                    .map(Action::Cmd)
                    .or_else(|| input.map(Action::Input)),
            },
            Screen::Reader => km.lookup(Mode::Reader, key).map(Action::Cmd),
            Screen::Adjudicate => adjudicate_action(state, km, key),
        },
    }
}

/// A key in the adjudication view: while a version is being edited, the
/// reader's keys (and the one that takes the edit); else a digit picks a
/// version, then the view's own keys, then the reader's.
fn adjudicate_action(state: &State, km: &Keymap, key: &KeyEvent) -> Option<Action> {
    let editing = state.adjudication.as_ref().is_some_and(|a| a.editing());
    if editing {
        return match km.lookup(Mode::Adjudicate, key) {
            Some(c @ Command::FinishEdit) => Some(Action::Cmd(c)),
            _ => km.lookup(Mode::Reader, key).map(Action::Cmd),
        };
    }
    if let KeyCode::Char(c @ '1'..='9') = key.code
        && !key
            .modifiers
            .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT)
    {
        return Some(Action::Input(Input::Char(c)));
    }
    km.lookup(Mode::Adjudicate, key)
        .or_else(|| km.lookup(Mode::Reader, key))
        .map(Action::Cmd)
        .or_else(|| (key.code == KeyCode::Esc).then_some(Action::Input(Input::Esc)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    #[test]
    fn every_default_key_parses_and_is_bound_once() {
        let km = Keymap::default();
        for mode in [Mode::Reader, Mode::Browser, Mode::List, Mode::Adjudicate] {
            let mut seen = std::collections::HashSet::new();
            for (k, _) in km.bindings(mode) {
                let ev = parse_key(k).unwrap_or_else(|| panic!("{k} does not parse"));
                assert!(seen.insert(key_name(&ev)), "{k} bound twice in {mode:?}");
            }
        }
    }

    #[test]
    fn shifted_letters_and_ctrl_keys_match_terminal_events() {
        let km = Keymap::default();
        let g = KeyEvent::new(KeyCode::Char('G'), KeyModifiers::SHIFT);
        assert_eq!(km.lookup(Mode::Reader, &g), Some(Command::Bottom));
        let r = KeyEvent::new(KeyCode::Char('r'), KeyModifiers::CONTROL);
        assert_eq!(km.lookup(Mode::Reader, &r), Some(Command::Redo));
    }

    #[test]
    fn overrides_replace_one_binding_and_keep_the_rest() {
        let mut o = BTreeMap::new();
        o.insert(
            "reader".to_string(),
            vec![
                ("c".to_string(), "tag-figure".to_string()),
                ("x".to_string(), "none".to_string()),
            ],
        );
        let km = Keymap::with_overrides(&o);
        let key = |c| KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE);
        assert_eq!(km.lookup(Mode::Reader, &key('c')), Some(Command::TagFigure));
        assert_eq!(km.lookup(Mode::Reader, &key('f')), Some(Command::TagFigure));
        assert_eq!(km.lookup(Mode::Reader, &key('x')), None);
        assert_eq!(km.lookup(Mode::Reader, &key('e')), Some(Command::TagEntity));
        // The claim command lost its only key: help no longer lists it.
        let help = km.help();
        assert!(!help[0].1.iter().any(|r| r.command == "tag-claim"));
        assert!(help[0].1.iter().any(|r| r.keys == "f c"
            && r.command == "tag-figure"
            && r.what == Command::TagFigure.describe()));
    }

    fn browser_state(filter: &str) -> State {
        let mut st = State::new(
            crate::app::Settings::default(),
            crate::corpus::LabelSet::default(),
            crate::app::Browser::default(),
        );
        st.browser.filter = filter.to_string();
        st
    }

    #[test]
    fn question_mark_opens_help_in_the_browser_unless_typed_into_a_filter() {
        let km = Keymap::default();
        let q = KeyEvent::new(KeyCode::Char('?'), KeyModifiers::SHIFT);
        let f1 = KeyEvent::new(KeyCode::F(1), KeyModifiers::NONE);
        let a = KeyEvent::new(KeyCode::Char('a'), KeyModifiers::NONE);
        let empty = browser_state("");
        assert!(matches!(
            action_for(&empty, &km, &q),
            Some(Action::Cmd(Command::Help))
        ));
        assert!(matches!(
            action_for(&empty, &km, &a),
            Some(Action::Input(Input::Char('a')))
        ));
        let typed = browser_state("a");
        assert!(matches!(
            action_for(&typed, &km, &q),
            Some(Action::Input(Input::Char('?')))
        ));
        assert!(matches!(
            action_for(&typed, &km, &f1),
            Some(Action::Cmd(Command::Help))
        ));
    }

    #[test]
    fn f1_opens_help_from_every_mode_and_overlay() {
        let km = Keymap::default();
        let f1 = KeyEvent::new(KeyCode::F(1), KeyModifiers::NONE);
        let mut st = browser_state("");
        for overlay in [
            Overlay::None,
            Overlay::List {
                sel: 0,
                sort: crate::app::SortBy::Position,
            },
            Overlay::Flags { sel: 0 },
            Overlay::Prompt {
                ask: crate::app::Ask::Search,
                input: String::new(),
            },
        ] {
            for screen in [Screen::Browser, Screen::Reader] {
                st.overlay = overlay.clone();
                st.screen = screen;
                assert!(
                    matches!(action_for(&st, &km, &f1), Some(Action::Cmd(Command::Help))),
                    "{overlay:?} {screen:?}"
                );
            }
        }
    }
}
