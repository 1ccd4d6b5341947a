//! The disagreement list in the reader: `K` opens where the open
//! document's layers disagree (the other layers shown), Enter jumps.

#[path = "support/tui.rs"]
mod tui_support;

use std::fs;

use hashiya::app::{Overlay, State};
use tui_support::{keys, message};

const DOC: &str = "Amal met Badr in Cairo.\nBadr said 5,700 soldiers arrived.\n";

/// A layer of `who` with accepted entities `(quote, type)`.
fn layer(dir: &std::path::Path, who: &str, spans: &[(&str, &str)]) {
    let mut s = format!(
        "version = 1\ndocument = \"a.txt\"\nsha256 = \"{}\"\nannotator = \"{who}\"\n",
        hashiya::sidecar::sha256_hex(DOC.as_bytes())
    );
    for (i, (q, t)) in spans.iter().enumerate() {
        let start = DOC.get(..DOC.find(q).unwrap()).unwrap().chars().count();
        s.push_str(&format!(
            "\n[[annotation]]\nid = \"{who}{i}\"\nlabel = \"entity\"\nkind = \"{t}\"\nstart = {start}\nend = {}\nquote = \"{q}\"\nannotator = \"{who}\"\ncreated = \"2026-11-01T00:00:00Z\"\nmodified = \"2026-11-01T00:00:00Z\"\n",
            start + q.chars().count()
        ));
    }
    fs::write(dir.join(format!("a.{who}.layer.toml")), s).unwrap();
}

fn open(dir: &std::path::Path, who: &str, others: &[&str]) -> State {
    tui_support::open_as(dir, "a.txt", who, others)
}

#[test]
fn k_lists_the_disagreements_and_enter_jumps() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    fs::write(d.join("a.txt"), DOC).unwrap();
    layer(d, "amal", &[("Amal", "PER"), ("Cairo", "LOC")]);
    layer(
        d,
        "badr",
        &[("Amal", "PER"), ("Cairo", "ORG"), ("soldiers", "MISC")],
    );
    let mut st = open(d, "amal", &["badr"]);
    keys(&mut st, "K");
    assert!(st.show_layers, "the other layers are shown");
    let Overlay::Disagreements { items, .. } = &st.overlay else {
        panic!("no disagreement list: {:?} {}", st.overlay, message(&st));
    };
    let places: Vec<(usize, usize, &str)> =
        items.iter().map(|i| (i.line, i.column, i.what)).collect();
    // Cairo: LOC vs ORG (line 1, column 18); soldiers only in badr's (line 2).
    assert_eq!(places, [(1, 18, "type"), (2, 17, "only")]);
    let ui = hashiya::ui::Ui {
        theme: hashiya::ui::Theme::fallback(),
        keymap: hashiya::ui::Keymap::default(),
    };
    let buf = tui_support::draw(&st, &ui);
    let screen: String = buf.content().iter().map(|c| c.symbol()).collect();
    assert!(
        screen.contains("2 disagreements between layers"),
        "{screen}"
    );
    assert!(screen.contains("entity/ORG"), "{screen}");
    // Down, Enter: the cursor is on "soldiers".
    keys(&mut st, "j");
    keys(&mut st, "enter");
    assert_eq!(st.overlay, Overlay::None);
    assert_eq!(st.panes[0].cursor, DOC.find("soldiers").unwrap());
    assert!(
        message(&st).contains("badr has entity/MISC «soldiers»"),
        "{}",
        message(&st)
    );
}

#[test]
fn k_in_a_blind_team_says_why() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    fs::write(d.join("a.txt"), DOC).unwrap();
    layer(d, "amal", &[("Amal", "PER")]);
    let mut st = open(d, "amal", &[]);
    keys(&mut st, "K");
    assert_eq!(st.overlay, Overlay::None);
    assert!(!message(&st).is_empty());
}
