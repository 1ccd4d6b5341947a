//! docs/CONFIG.md against the program: every config key, every command name
//! (with its default keys and description) and every theme role is
//! documented, and the examples in it parse and give the messages shown.

use std::path::Path;

use hashiya::app::Command;
use hashiya::ui::keymap::{Keymap, Mode};
use hashiya::ui::{Config, Theme};

fn doc() -> String {
    std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/docs/CONFIG.md"))
        .expect("docs/CONFIG.md")
}

/// The fenced blocks of `lang`, in order.
fn blocks(text: &str, lang: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur: Option<String> = None;
    for line in text.lines() {
        match &mut cur {
            None if line.trim() == format!("```{lang}") => cur = Some(String::new()),
            Some(b) if line.trim() == "```" => {
                out.push(std::mem::take(b));
                cur = None;
            }
            Some(b) => {
                b.push_str(line);
                b.push('\n');
            }
            None => {}
        }
    }
    out
}

/// The table row whose first cell is `` `name` ``, split into cells.
fn row<'a>(text: &'a str, name: &str) -> Option<Vec<&'a str>> {
    let first = format!("| `{name}` |");
    text.lines().find(|l| l.starts_with(&first)).map(|l| {
        l.trim_matches('|')
            .split(" | ")
            .map(str::trim)
            .collect::<Vec<_>>()
    })
}

#[test]
fn every_command_is_documented_with_its_default_keys() {
    let text = doc();
    let km = Keymap::default();
    for c in Command::ALL {
        let cells = row(&text, c.name())
            .unwrap_or_else(|| panic!("docs/CONFIG.md has no row for command `{}`", c.name()));
        assert_eq!(cells[1], c.describe(), "{}", c.name());
        for (i, mode) in [Mode::Reader, Mode::Browser, Mode::List, Mode::Adjudicate]
            .into_iter()
            .enumerate()
        {
            let want: Vec<String> = km
                .keys_for(mode, *c)
                .iter()
                .map(|k| format!("`{}`", k.replace('|', "\\|")))
                .collect();
            let got = cells.get(2 + i).copied().unwrap_or("");
            assert_eq!(got, want.join(" "), "{} in {mode:?}", c.name());
        }
    }
}

#[test]
fn every_config_key_and_theme_role_is_documented() {
    let text = doc();
    for (k, what) in hashiya::ui::config::KEYS {
        let cells = row(&text, k).unwrap_or_else(|| panic!("no row for key `{k}`"));
        assert_eq!(cells[1], what.to_string());
    }
    for (k, what) in hashiya::ui::theme::UI_ROLES {
        let cells = row(&text, k).unwrap_or_else(|| panic!("no row for theme role `{k}`"));
        assert_eq!(cells[1], what.to_string());
    }
    for word in [
        "[labels]",
        "kind = \"light\"",
        "NO_COLOR",
        "COLORFGBG",
        "COLORTERM",
    ] {
        assert!(text.contains(word), "{word}");
    }
}

#[test]
fn the_examples_parse_and_give_the_messages_shown() {
    let text = doc();
    let tomls = blocks(&text, "toml");
    let texts = blocks(&text, "text");
    // The full example: no mistake.
    let c = Config::parse(&tomls[0], Path::new("config.toml"))
        .unwrap_or_else(|e| panic!("the example config: {e}"));
    assert_eq!(c.annotator, "salma");
    assert_eq!(c.keys["reader"].len(), 3);
    // The example with mistakes: the messages, line for line.
    let (c, errors) = Config::parse_lenient(&tomls[1], Path::new("config.toml"));
    assert_eq!(c.annotator, "salma");
    let got: Vec<String> = errors.iter().map(|e| e.to_string()).collect();
    let want: Vec<&str> = texts[0].lines().collect();
    assert_eq!(got, want);
    // The example theme.
    let theme = tomls
        .iter()
        .find(|b| b.starts_with("name = \"paper\""))
        .expect("the example theme");
    Theme::parse(theme, Path::new("paper.toml")).unwrap_or_else(|e| panic!("{e}"));
}
