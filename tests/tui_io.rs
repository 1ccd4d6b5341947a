//! The TUI's disk effects with real files: every change saved through the
//! sidecar store; a sidecar changed on disk by someone else is merged with
//! ours, never clobbered; one that cannot be merged is left alone, ours
//! kept in memory and beside it, and "keep mine" writes it.

use hashiya::app::io::{load_documents, save_document, save_document_overwriting};
use hashiya::app::{self, Action, Browser, Command, Settings, State};
use hashiya::corpus::LabelSet;

fn message(st: &State) -> String {
    st.message.clone().map(|(_, m)| m).unwrap_or_default()
}

fn open(dir: &std::path::Path) -> State {
    let path = dir.join("a.txt");
    let mut st = State::new(Settings::default(), LabelSet::default(), Browser::default());
    let (docs, notes) = load_documents(&[path], dir, &st.labels, &st.settings.layers).unwrap();
    assert!(notes.is_empty(), "{notes:?}");
    app::update(&mut st, Action::Opened(docs));
    st.show(&[0]);
    st
}

#[test]
fn a_tag_is_saved_and_changes_on_disk_are_merged_never_clobbered() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("a.txt"),
        "Tyre harbour got 1,250 containers.\n",
    )
    .unwrap();
    let mut st = open(dir.path());
    // Tag the first word: the effect asks for a save, which writes the sidecar.
    let fx = app::update(&mut st, Action::Cmd(Command::TagClaim));
    assert_eq!(fx, vec![app::Effect::Save(0)]);
    save_document(&mut st, 0).unwrap();
    assert!(!st.docs[0].dirty);
    let sidecar = dir.path().join("a.ann.toml");
    let on_disk = std::fs::read_to_string(&sidecar).unwrap();
    assert!(on_disk.contains("quote = \"Tyre\""), "{on_disk}");

    // Someone else edits the sidecar (a `git pull`); our next change is
    // merged with theirs: both are in the file and on the screen.
    let theirs = on_disk.replace(
        "status = \"accepted\"",
        "status = \"accepted\"\nnote = \"theirs\"",
    );
    std::fs::write(&sidecar, &theirs).unwrap();
    app::update(&mut st, Action::Cmd(Command::WordForward));
    app::update(&mut st, Action::Cmd(Command::TagEntity));
    app::update(&mut st, Action::Input(app::Input::Char('3'))); // LOC
    assert_eq!(st.docs[0].anns.len(), 2);
    save_document(&mut st, 0).unwrap();
    assert!(
        message(&st).contains("merged with yours and saved"),
        "{}",
        message(&st)
    );
    let merged = std::fs::read_to_string(&sidecar).unwrap();
    assert!(
        merged.contains("note = \"theirs\"")
            && merged.contains("quote = \"harbour\"")
            && merged.contains("kind = \"LOC\""),
        "{merged}"
    );
    assert!(!merged.contains("[[conflict]]"), "{merged}");
    assert_eq!(st.docs[0].anns.len(), 2);
    assert!(
        st.docs[0]
            .anns
            .iter()
            .any(|a| a.note.as_deref() == Some("theirs"))
    );
    assert!(!st.docs[0].dirty);

    // A file that cannot be merged (not TOML any more): nothing written,
    // ours beside it to read, kept in memory; ctrl-s keeps mine.
    let broken = "version = 1\n<<<<<<< HEAD\n";
    std::fs::write(&sidecar, broken).unwrap();
    app::update(&mut st, Action::Cmd(Command::WordForward));
    app::update(&mut st, Action::Cmd(Command::TagClaim));
    let err = save_document(&mut st, 0).unwrap_err();
    assert!(err.contains("could not be merged"), "{err}");
    app::update(
        &mut st,
        Action::Saved {
            doc: 0,
            result: Err(err),
        },
    );
    assert_eq!(
        std::fs::read_to_string(&sidecar).unwrap(),
        broken,
        "not overwritten"
    );
    let mine = std::fs::read_to_string(dir.path().join("a.ann.toml.mine")).unwrap();
    assert!(mine.contains("quote = \"got\""), "{mine}");
    assert_eq!(st.docs[0].anns.len(), 3, "nothing lost in memory");
    assert!(st.docs[0].dirty && st.docs[0].save_error.is_some());

    // ctrl-s: keep mine.
    let fx = app::update(&mut st, Action::Cmd(Command::ForceSave));
    assert_eq!(fx, vec![app::Effect::ForceSave(0)]);
    save_document_overwriting(&mut st, 0).unwrap();
    app::update(
        &mut st,
        Action::Saved {
            doc: 0,
            result: Ok(()),
        },
    );
    let mine = std::fs::read_to_string(&sidecar).unwrap();
    assert!(
        mine.contains("quote = \"harbour\"") && mine.contains("quote = \"got\""),
        "{mine}"
    );
    assert!(st.docs[0].save_error.is_none());
}

#[test]
fn suggestions_are_reviewed_one_by_one_or_all_of_a_kind() {
    let dir = tempfile::tempdir().unwrap();
    let text = "Prices rose 5% in May and 7% in June, 9% in July.\n";
    std::fs::write(dir.path().join("a.txt"), text).unwrap();
    let mut st = open(dir.path());
    // Three suggested figures, as `hashiya suggest` would leave them.
    for (i, f) in ["5%", "7%", "9%"].iter().enumerate() {
        let at = text.find(f).unwrap();
        let mut a = hashiya::annotation::Annotation {
            id: format!("s{i}"),
            label: "figure".into(),
            kind: None,
            span: at..at + f.len(),
            quote: f.to_string(),
            annotator: "suggest".into(),
            created: String::new(),
            modified: String::new(),
            note: None,
            attrs: Default::default(),
            status: hashiya::annotation::Status::Suggested,
            links: Vec::new(),
            review: None,
        };
        a.created = "2026-01-01T00:00:00Z".into();
        st.docs[0].anns.insert(a).unwrap();
    }
    use hashiya::annotation::Status::*;
    let status = |st: &State| st.docs[0].anns.iter().map(|a| a.status).collect::<Vec<_>>();
    app::update(&mut st, Action::Cmd(Command::NextSuggestion));
    assert_eq!(st.panes[0].cursor, text.find("5%").unwrap());
    app::update(&mut st, Action::Cmd(Command::Accept)); // and moves on to 7%
    assert_eq!(st.panes[0].cursor, text.find("7%").unwrap());
    app::update(&mut st, Action::Cmd(Command::Reject));
    assert_eq!(status(&st), vec![Accepted, Rejected, Suggested]);
    app::update(&mut st, Action::Cmd(Command::NextSuggestion));
    app::update(&mut st, Action::Cmd(Command::AcceptAll));
    assert_eq!(status(&st), vec![Accepted, Rejected, Accepted]);
    assert_eq!(
        st.docs[0].counts().get("figure"),
        Some(&2),
        "rejected ones are not counted"
    );
}

#[test]
fn a_reviewed_alignment_saved_on_disk_drives_the_side_by_side_rows() {
    use hashiya::align::Alignment;
    let dir = tempfile::tempdir().unwrap();
    let ar_text = "الفقرة الأولى هنا.\nالفقرة الثانية هنا.\n";
    let en_text = "The first paragraph here.\nThe second paragraph here.\n";
    let (ar, en) = (dir.path().join("ar.txt"), dir.path().join("en.txt"));
    std::fs::write(&ar, ar_text).unwrap();
    std::fs::write(&en, en_text).unwrap();
    // A reviewer merged the two 1-1 beads into one 2-2 bead and confirmed it.
    let sp: Vec<&str> = ar_text.lines().collect();
    let tp: Vec<&str> = en_text.lines().collect();
    let mut al = Alignment::new(&sp, &tp);
    assert_eq!(al.beads.len(), 2, "fresh alignment is 1-1, 1-1");
    al.merge(0).unwrap();
    al.confirm(0).unwrap();
    al.save(&Alignment::file_for(&ar), "ar.txt", "en.txt", &sp, &tp)
        .unwrap();

    let mut st = State::new(Settings::default(), LabelSet::default(), Browser::default());
    st.saved_alignment = Some(hashiya::app::io::saved_alignment);
    let (docs, _) = load_documents(
        &[ar.clone(), en.clone()],
        dir.path(),
        &st.labels,
        &st.settings.layers,
    )
    .unwrap();
    app::update(&mut st, Action::Opened(docs));
    st.show(&[0, 1]);
    // English on the left, Arabic on the right: the bead's halves are flipped.
    assert_eq!(st.docs[st.panes[0].doc].name, "en.txt");
    assert_eq!(st.beads.len(), 1);
    assert_eq!(st.beads[0].parts, [0..2, 0..2]);
    assert!(st.beads[0].confirmed);

    // The reviewer splits it again: both cursors on the second paragraphs.
    app::update(&mut st, Action::Cmd(Command::ParagraphForward));
    app::update(&mut st, Action::Cmd(Command::NextPane));
    app::update(&mut st, Action::Cmd(Command::ParagraphForward));
    let fx = app::update(&mut st, Action::Cmd(Command::SplitBead));
    assert_eq!(fx, vec![app::Effect::SaveAlignment]);
    assert_eq!(
        st.beads.iter().map(|b| b.parts.clone()).collect::<Vec<_>>(),
        vec![[0..1, 0..1], [1..2, 1..2]]
    );
    hashiya::app::io::save_alignment(&st).unwrap();
    // Opened again, the split (confirmed) beads come back from the file.
    let mut st2 = State::new(Settings::default(), LabelSet::default(), Browser::default());
    st2.saved_alignment = Some(hashiya::app::io::saved_alignment);
    drop(st);
    let (docs, _) =
        load_documents(&[ar, en], dir.path(), &st2.labels, &st2.settings.layers).unwrap();
    app::update(&mut st2, Action::Opened(docs));
    st2.show(&[0, 1]);
    assert_eq!(st2.beads.len(), 2);
    assert!(st2.beads.iter().all(|b| b.confirmed));
}

#[test]
fn an_annotation_lost_by_a_text_change_is_shown_as_an_orphan() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("a.txt");
    std::fs::write(&path, "Zanzibar exported cloves.\n").unwrap();
    {
        let mut st = open(dir.path());
        app::update(&mut st, Action::Cmd(Command::TagEntity));
        app::update(&mut st, Action::Input(app::Input::Char('3')));
        save_document(&mut st, 0).unwrap();
    }
    // The word is gone from the new text.
    std::fs::write(&path, "Pemba exported cloves.\n").unwrap();
    let mut st = State::new(Settings::default(), LabelSet::default(), Browser::default());
    let (docs, notes) =
        load_documents(&[path], dir.path(), &st.labels, &st.settings.layers).unwrap();
    assert!(
        notes.iter().any(|n| n.contains("could not be found")),
        "{notes:?}"
    );
    app::update(&mut st, Action::Opened(docs));
    st.show(&[0]);
    st.size = (80, 12);
    assert_eq!(st.docs[0].orphans.len(), 1);
    app::update(&mut st, Action::Cmd(Command::List));
    let ui = hashiya::ui::Ui {
        theme: hashiya::ui::Theme::fallback(),
        keymap: hashiya::ui::Keymap::default(),
    };
    let mut term = ratatui::Terminal::new(ratatui::backend::TestBackend::new(80, 12)).unwrap();
    term.draw(|f| hashiya::ui::draw(f, &st, &ui)).unwrap();
    let buf = term.backend().buffer();
    let screen: Vec<String> = (0..12)
        .map(|y| (0..80).map(|x| buf[(x, y)].symbol().to_string()).collect())
        .collect();
    assert!(
        screen
            .iter()
            .any(|l| l.contains("entity      orphan Zanzibar")),
        "{screen:#?}"
    );
    // Saving keeps the orphan in the file.
    app::update(&mut st, Action::Cmd(Command::Cancel));
    app::update(&mut st, Action::Cmd(Command::TagClaim));
    save_document(&mut st, 0).unwrap();
    let file = std::fs::read_to_string(dir.path().join("a.ann.toml")).unwrap();
    assert!(
        file.contains("quote = \"Zanzibar\"") && file.contains("quote = \"Pemba\""),
        "{file}"
    );
}

/// A conflict a git merge recorded in the sidecar is named on the status
/// line when the cursor is on its annotation, and a key settles it: the
/// file and the screen then hold the version chosen.
#[test]
fn a_merge_conflict_is_shown_and_settled_from_the_reader() {
    use hashiya::merge::{Documents, FileKind, merge_file, sidecar::Choice};
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("a.txt"),
        "Tyre harbour got 1,250 containers.\n",
    )
    .unwrap();
    let sidecar = dir.path().join("a.ann.toml");
    let base = {
        let mut st = open(dir.path());
        app::update(&mut st, Action::Cmd(Command::TagClaim));
        save_document(&mut st, 0).unwrap();
        std::fs::read_to_string(&sidecar).unwrap()
    };
    let side = |note: &str| {
        base.replace(
            "status = \"accepted\"",
            &format!("status = \"accepted\"\nnote = \"{note}\""),
        )
    };
    // Both branches gave the claim a different note: a true conflict.
    let merged = merge_file(
        FileKind::Sidecar,
        Some(&base),
        &side("ours"),
        &side("theirs"),
        &Documents::none(),
    )
    .unwrap();
    assert_eq!(merged.conflicts, 1);
    std::fs::write(&sidecar, &merged.text).unwrap();

    // Opened as the shell opens it; the conflict is among the notes.
    let mut st = State::new(Settings::default(), LabelSet::default(), Browser::default());
    let (docs, notes) = load_documents(
        &[dir.path().join("a.txt")],
        dir.path(),
        &st.labels,
        &st.settings.layers,
    )
    .unwrap();
    assert!(notes.iter().any(|n| n.contains("conflict")), "{notes:?}");
    app::update(&mut st, Action::Opened(docs));
    st.show(&[0]);
    assert_eq!(st.docs[0].conflicts.len(), 1);
    assert_eq!(
        st.docs[0].anns.iter().next().unwrap().note.as_deref(),
        Some("ours")
    );
    let status = app::suggestion_under_cursor(&st);
    assert!(status.contains("alt-t theirs"), "{status}");
    let id = st.docs[0].anns.iter().next().unwrap().id.clone();
    let fx = app::update(&mut st, Action::Cmd(Command::KeepTheirs));
    assert_eq!(
        fx,
        vec![app::Effect::Resolve {
            doc: 0,
            choice: Choice::Theirs,
            ids: Some(vec![id.clone()]),
        }]
    );
    let said =
        hashiya::app::io::resolve_conflicts(&mut st, 0, Choice::Theirs, Some(&[id])).unwrap();
    assert_eq!(said, "1 conflict(s) settled, 0 left");
    let now = std::fs::read_to_string(&sidecar).unwrap();
    assert!(
        now.contains("note = \"theirs\"") && !now.contains("[[conflict]]"),
        "{now}"
    );
    assert_eq!(
        st.docs[0].anns.iter().next().unwrap().note.as_deref(),
        Some("theirs")
    );
    assert!(st.docs[0].conflicts.is_empty());
    // `check` agrees the file is clean.
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_hashiya"))
        .arg("check")
        .arg(dir.path())
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
}
