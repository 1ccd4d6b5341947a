//! The reader in a team: accepting and rejecting someone else's annotation
//! keeps its creator and records the reviewer (in memory and in the file);
//! a document is marked done and back; other annotators' layers are shown
//! read-only only when the team is not blind.

#[path = "support/tui.rs"]
mod tui_support;

use std::fs;

use hashiya::annotation::Status;
use hashiya::app::State;
use hashiya::app::io::save_document;
use hashiya::corpus::{DocStatus, Layer};
use tui_support::{keys, message};

const DOC: &str = "Amal met Badr in Cairo. Badr said 5,700 soldiers and 300 tanks arrived.\n";

/// A layer file of `who` with suggestions by hashiya-suggest on `quotes`.
fn suggested_layer(dir: &std::path::Path, who: &str, quotes: &[&str]) {
    let mut s = format!(
        "version = 1\ndocument = \"a.txt\"\nsha256 = \"{}\"\nannotator = \"{who}\"\n",
        hashiya::sidecar::sha256_hex(DOC.as_bytes())
    );
    for (i, q) in quotes.iter().enumerate() {
        let start = DOC.get(..DOC.find(q).unwrap()).unwrap().chars().count();
        s.push_str(&format!(
            "\n[[annotation]]\nid = \"s{who}{i}\"\nlabel = \"figure\"\nstart = {start}\nend = {}\nquote = \"{q}\"\nannotator = \"hashiya-suggest\"\ncreated = \"2026-11-01T00:00:00Z\"\nmodified = \"2026-11-01T00:00:00Z\"\nstatus = \"suggested\"\n",
            start + q.chars().count()
        ));
    }
    fs::write(dir.join(format!("a.{who}.layer.toml")), s).unwrap();
}

fn open(dir: &std::path::Path, who: &str, others: &[&str]) -> State {
    tui_support::open_as(dir, "a.txt", who, others)
}

fn save_all(st: &mut State) {
    for d in 0..st.docs.len() {
        save_document(st, d).unwrap();
    }
}

#[test]
fn accepting_keeps_the_creator_and_records_the_reviewer() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    fs::write(d.join("a.txt"), DOC).unwrap();
    suggested_layer(d, "amal", &["5,700", "300"]);
    let mut st = open(d, "amal", &[]);
    // ] goes to the first suggestion, y accepts it.
    keys(&mut st, "]");
    keys(&mut st, "y");
    let a = st.docs[0].ann("samal0").unwrap().clone();
    assert_eq!(a.status, Status::Accepted);
    assert_eq!(a.annotator, "hashiya-suggest");
    let r = a.review.clone().expect("a review");
    assert_eq!(r.by, "amal");
    assert_eq!(r.at, a.modified);
    save_all(&mut st);
    let file = fs::read_to_string(d.join("a.amal.layer.toml")).unwrap();
    let block = file.split("[[annotation]]").nth(1).unwrap();
    assert!(block.contains("annotator = \"hashiya-suggest\""), "{block}");
    assert!(block.contains("reviewer = \"amal\""), "{block}");
    assert!(
        block.contains(&format!("reviewed = \"{}\"", r.at)),
        "{block}"
    );
    assert!(block.contains("status = \"accepted\""), "{block}");
    // The file reads back with the same provenance (python's tomllib is the
    // outside reader in sidecar_python.rs; here the loader itself).
    drop(st);
    let st = open(d, "amal", &[]);
    assert_eq!(st.docs[0].ann("samal0").unwrap().review, Some(r));
}

#[test]
fn accept_all_records_the_same_as_accept() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    fs::write(d.join("a.txt"), DOC).unwrap();
    suggested_layer(d, "amal", &["5,700", "300"]);
    let mut st = open(d, "amal", &[]);
    keys(&mut st, "] Y");
    assert_eq!(message(&st), "accepted 2 suggestions");
    for id in ["samal0", "samal1"] {
        let a = st.docs[0].ann(id).unwrap();
        assert_eq!(a.status, Status::Accepted, "{id}");
        assert_eq!(a.annotator, "hashiya-suggest", "{id}");
        assert_eq!(
            a.review.as_ref().map(|r| r.by.as_str()),
            Some("amal"),
            "{id}"
        );
    }
    // Rejecting is a decision too.
    drop(st);
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    fs::write(d.join("a.txt"), DOC).unwrap();
    suggested_layer(d, "amal", &["5,700"]);
    let mut st = open(d, "amal", &[]);
    keys(&mut st, "] x");
    let a = st.docs[0].ann("samal0").unwrap();
    assert_eq!(a.status, Status::Rejected);
    assert_eq!(a.annotator, "hashiya-suggest");
    assert_eq!(a.review.as_ref().map(|r| r.by.as_str()), Some("amal"));
    // One's own annotation edited by oneself has no reviewer.
    keys(&mut st, "g w i c");
    let own = st.docs[0]
        .anns
        .iter()
        .find(|a| a.quote == "met")
        .expect("tagged")
        .clone();
    assert_eq!(own.annotator, "amal");
    assert_eq!(own.review, None);
}

#[test]
fn mark_done_and_back_is_written_to_the_layer() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    fs::write(d.join("a.txt"), DOC).unwrap();
    let mut st = open(d, "badr", &[]);
    assert_eq!(st.docs[0].status(), DocStatus::Todo);
    keys(&mut st, "D");
    assert!(message(&st).contains("marked done"), "{}", message(&st));
    save_all(&mut st);
    // Done with no annotations still writes the layer: the document was
    // read and has nothing to tag.
    let file = fs::read_to_string(d.join("a.badr.layer.toml")).unwrap();
    assert!(file.contains("\nannotator = \"badr\"\n"), "{file}");
    assert!(file.contains("\nstatus = \"done\"\n"), "{file}");
    assert!(!file.contains("[[annotation]]"));
    let summary = hashiya::sidecar::summarize(&d.join("a.badr.layer.toml"))
        .unwrap()
        .unwrap();
    assert_eq!(summary.status, DocStatus::Done);
    keys(&mut st, "D");
    assert_eq!(st.docs[0].status(), DocStatus::InProgress);
    save_all(&mut st);
    let file = fs::read_to_string(d.join("a.badr.layer.toml")).unwrap();
    assert!(file.contains("\nstatus = \"in-progress\"\n"), "{file}");
    assert!(!d.join("a.ann.toml").exists());
}

#[test]
fn other_layers_are_shown_only_when_not_blind() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    fs::write(d.join("a.txt"), DOC).unwrap();
    suggested_layer(d, "badr", &["5,700"]);
    // Not blind: badr's layer is read, and O shows it, named in the status line.
    let mut st = open(d, "amal", &["badr"]);
    assert_eq!(st.docs[0].others.len(), 1);
    assert_eq!(st.docs[0].others[0].annotator, "badr");
    assert!(st.docs[0].anns.is_empty());
    keys(&mut st, "O");
    assert!(st.show_layers);
    assert!(message(&st).contains("badr"), "{}", message(&st));
    let ui = hashiya::ui::Ui {
        theme: hashiya::ui::Theme::fallback(),
        keymap: hashiya::ui::Keymap::default(),
    };
    let buf = tui_support::draw(&st, &ui);
    let screen: String = buf.content().iter().map(|c| c.symbol()).collect();
    assert!(screen.contains("showing blue badr"), "{screen}");
    // The figure's cells are drawn in badr's colour.
    let row = (0..st.size.1)
        .find(|&y| {
            (0..st.size.0)
                .map(|x| buf[(x, y)].symbol().to_string())
                .collect::<String>()
                .contains("5,700")
        })
        .unwrap();
    let cells: Vec<&str> = (0..st.size.0).map(|x| buf[(x, row)].symbol()).collect();
    let x = (0..cells.len() - 5)
        .find(|&i| cells[i..i + 5].concat() == "5,700")
        .unwrap() as u16;
    assert_eq!(buf[(x, row)].bg, hashiya::ui::layers::layer_color(0));
    assert_ne!(buf[(x - 2, row)].bg, hashiya::ui::layers::layer_color(0));
    // Blind: nothing of badr's is read, and O says why.
    drop(st);
    let mut st = open(d, "amal", &[]);
    assert!(st.docs[0].others.is_empty());
    keys(&mut st, "O");
    assert!(!st.show_layers);
}

#[test]
fn the_browser_shows_every_annotators_status_in_team_order() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    fs::write(
        d.join("hashiya.toml"),
        "[team]\nannotators = [\"amal\", \"badr\", \"huda\"]\n",
    )
    .unwrap();
    fs::write(d.join("a.txt"), DOC).unwrap();
    // amal: done; badr (the one browsing): a reviewed suggestion; huda: only
    // a pending suggestion, which is nobody's work yet.
    suggested_layer(d, "amal", &["5,700"]);
    let amal = fs::read_to_string(d.join("a.amal.layer.toml")).unwrap();
    fs::write(
        d.join("a.amal.layer.toml"),
        amal.replace(
            "annotator = \"amal\"\n",
            "annotator = \"amal\"\nstatus = \"done\"\n",
        ),
    )
    .unwrap();
    suggested_layer(d, "badr", &["5,700", "300"]);
    let badr = fs::read_to_string(d.join("a.badr.layer.toml")).unwrap();
    fs::write(
        d.join("a.badr.layer.toml"),
        badr.replacen("status = \"suggested\"", "status = \"accepted\"", 1),
    )
    .unwrap();
    suggested_layer(d, "huda", &["300"]);
    let (browser, _, messages) = hashiya::app::io::browser_for(d, &Layer::Annotator("badr".into()));
    assert!(messages.is_empty(), "{messages:?}");
    let e = &browser.entries[0];
    let got: Vec<(&str, DocStatus)> = e.team.iter().map(|(n, s)| (n.as_str(), *s)).collect();
    assert_eq!(
        got,
        [
            ("amal", DocStatus::Done),
            ("badr", DocStatus::InProgress),
            ("huda", DocStatus::Todo)
        ]
    );
    assert_eq!((e.status, e.pending), (DocStatus::InProgress, 1));
}
