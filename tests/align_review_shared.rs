//! One reviewed alignment per pair, whichever document was the source: a
//! bead confirmed in the TUI's state machine with English as the source
//! (left pane) is honoured by `hashiya qa` (before and after the pair is
//! declared, in either order), by `hashiya align` in both argument orders,
//! by the TMX export and by the TUI opened the other way round.

use std::path::Path;
use std::process::Command;

use hashiya::app::io::{load_documents, save_alignment, saved_alignment};
use hashiya::app::{self, Action, Browser, Effect, Settings, State};
use hashiya::corpus::LabelSet;

#[path = "support/tui.rs"]
mod tui_support;

// The translator swapped the two figures between the first two paragraphs.
// Aligned afresh, the two paragraphs form one 2-2 group (the aligner joins
// them because their numbers only agree together) and nothing is flagged;
// the reviewer splits them into the 1-1 pairs they are, and the swap shows.
const EN: &str = "Macron visited Beirut on Monday and met 12 ministers of the new government.\nNetanyahu spoke in Jerusalem for 30 minutes about the situation in the north.\nThe talks continue next week.\n";
const AR: &str = "زار ماكرون بيروت يوم الاثنين والتقى 30 وزيرا من الحكومة الجديدة.\nتحدث نتنياهو في القدس لمدة 12 دقيقة عن الوضع في الشمال.\nوتستمر المحادثات الأسبوع المقبل.\n";

fn hashiya(args: &[&str], dir: &Path) -> (Option<i32>, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_hashiya"))
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap();
    (
        out.status.code(),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

fn open(dir: &Path, names: &[&str]) -> State {
    let mut st = State::new(Settings::default(), LabelSet::default(), Browser::default());
    st.size = (100, 30);
    st.saved_alignment = Some(saved_alignment);
    let paths: Vec<_> = names.iter().map(|n| dir.join(n)).collect();
    let (docs, _) = load_documents(&paths, dir, &st.labels, &st.settings.layers).unwrap();
    app::update(&mut st, Action::Opened(docs));
    st.show(&[0, 1]);
    st
}

fn tus(dir: &Path) -> Vec<String> {
    let (code, tmx, err) = hashiya(&["export", "--format", "tmx", "."], dir);
    assert_eq!(code, Some(0), "{err}");
    tmx.split("<tu ").skip(1).map(str::to_string).collect()
}

#[test]
fn a_bead_confirmed_with_english_as_source_is_honoured_everywhere() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::write(d.join("en.txt"), EN).unwrap();
    std::fs::write(d.join("ar.txt"), AR).unwrap();

    // Before any review: one 2-2 group, nothing flagged.
    let (code, out, err) = hashiya(&["qa", "."], d);
    assert_eq!(code, Some(0), "{out}{err}");
    let (_, out, _) = hashiya(&["align", "ar.txt", "en.txt"], d);
    assert!(out.starts_with("[0, 1]:[0, 1]  2-2"), "{out}");

    // The TUI: English on the left is the alignment's source.
    let mut st = open(d, &["ar.txt", "en.txt"]);
    assert_eq!(st.docs[st.panes[0].doc].name, "en.txt");
    assert_eq!(st.beads.len(), 2);
    assert_eq!(st.beads[0].parts, [0..2, 0..2]);
    assert!(st.flags.is_empty());
    // Both cursors on the second paragraph, split the group there.
    let fx = tui_support::keys(&mut st, "} tab } |");
    assert_eq!(fx, vec![Effect::SaveAlignment]);
    assert_eq!(
        st.beads.iter().map(|b| b.parts.clone()).collect::<Vec<_>>(),
        [[0..1, 0..1], [1..2, 1..2], [2..3, 2..3]]
    );
    assert!(st.beads[0].confirmed && st.beads[1].confirmed);
    // The F list: both swapped figures disagree.
    let flagged: Vec<(String, Option<String>)> = st
        .flags
        .iter()
        .map(|f| (f.text.clone(), f.other.clone()))
        .collect();
    assert_eq!(flagged.len(), 2, "{flagged:?}");
    assert!(st.flags.iter().all(|f| f.other.is_some()));
    save_alignment(&st).unwrap();
    assert!(d.join("en.align.toml").is_file(), "saved beside the source");
    assert!(!d.join("ar.align.toml").exists());

    // `hashiya qa` before the pair is declared (it checks the suggested
    // pair, Arabic first) ...
    let check_qa = |what: &str| {
        let (code, out, err) = hashiya(&["qa", "."], d);
        assert_eq!(code, Some(1), "{what}: {out}{err}");
        let lines: Vec<&str> = out.lines().collect();
        assert_eq!(lines.len(), 2, "{what}: {out}");
        assert!(
            lines.iter().all(|l| l.contains(" disagrees with ")),
            "{what}: {out}"
        );
        assert!(
            out.contains("\"12\" (12) disagrees with \"30\" (30)"),
            "{what}: {out}"
        );
        assert!(
            out.contains("\"30\" (30) disagrees with \"12\" (12)"),
            "{what}: {out}"
        );
    };
    check_qa("undeclared");
    // ... and after, in either order.
    for files in ["\"ar.txt\", \"en.txt\"", "\"en.txt\", \"ar.txt\""] {
        std::fs::write(
            d.join("hashiya.toml"),
            format!("[[pair]]\nfiles = [{files}]\n"),
        )
        .unwrap();
        check_qa(files);
        // The TMX export: the first sentence pairs with its own translation.
        let tus = tus(d);
        assert_eq!(tus.len(), 3, "{files}: {tus:?}");
        assert!(tus[0].contains("Macron visited") && tus[0].contains("زار ماكرون"));
        assert!(!tus[0].contains("Netanyahu"), "{}", tus[0]);
    }

    // `hashiya align` in both orders shows the reviewer's beads.
    for (a, b) in [("ar.txt", "en.txt"), ("en.txt", "ar.txt")] {
        let (code, out, err) = hashiya(&["align", a, b], d);
        assert_eq!(code, Some(0), "{err}");
        let heads: Vec<&str> = out.lines().filter(|l| l.starts_with('[')).collect();
        assert_eq!(heads.len(), 3, "{a} {b}: {out}");
        assert!(
            heads[0].starts_with("[0]:[0]  1-1") && heads[0].ends_with("confirmed"),
            "{out}"
        );
        assert!(
            heads[1].starts_with("[1]:[1]  1-1") && heads[1].ends_with("confirmed"),
            "{out}"
        );
    }

    // The TUI opened again, documents given the other way round, with the
    // panes swapped (Arabic left): the same beads, still confirmed.
    drop(st);
    let mut st2 = open(d, &["en.txt", "ar.txt"]);
    tui_support::keys(&mut st2, "s");
    assert_eq!(st2.docs[st2.panes[0].doc].name, "ar.txt");
    let confirmed: Vec<_> = st2
        .beads
        .iter()
        .filter(|b| b.confirmed)
        .map(|b| b.parts.clone())
        .collect();
    assert_eq!(confirmed, [[0..1, 0..1], [1..2, 1..2]]);
    assert_eq!(st2.flags.len(), 2);
    // Unconfirming there writes the same file, not a second one.
    tui_support::keys(&mut st2, "=");
    save_alignment(&st2).unwrap();
    assert!(!d.join("ar.align.toml").exists());
    let (_, out, _) = hashiya(&["align", "ar.txt", "en.txt"], d);
    assert_eq!(out.matches("confirmed").count(), 1, "{out}");
}
