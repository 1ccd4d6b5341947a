//! A corpus written before team layers existed (tests/fixtures/v1-corpus,
//! written by hashiya at 8463be7) opens, checks, exports and saves exactly
//! as that version did: the same `check` output, byte-identical exports,
//! and byte-identical sidecars when the reader opens and saves them without
//! an edit — or after an edit that is undone.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use hashiya::app::io::{LayerView, load_documents, save_document};
use hashiya::app::{self, Browser, Settings, State};
use hashiya::corpus::LabelSet;
use hashiya::sidecar::{SaveOutcome, Store};

fn fixture() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/v1-corpus")
}

/// The demo corpus with the old sidecars, in a temporary folder.
fn corpus() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let demo = Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/demo");
    for f in ["harbour-ar.txt", "harbour-en.txt", "hashiya.toml"] {
        fs::copy(demo.join(f), dir.path().join(f)).unwrap();
    }
    for f in ["harbour-ar.ann.toml", "harbour-en.ann.toml"] {
        fs::copy(fixture().join(f), dir.path().join(f)).unwrap();
    }
    dir
}

fn run(dir: &Path, args: &[&str]) -> (Option<i32>, Vec<u8>, Vec<u8>) {
    let o = Command::new(env!("CARGO_BIN_EXE_hashiya"))
        .args(args)
        .current_dir(dir)
        .env_remove("HASHIYA_ANNOTATOR")
        .output()
        .unwrap();
    (o.status.code(), o.stdout, o.stderr)
}

fn same_sidecars(dir: &Path) {
    for f in ["harbour-ar.ann.toml", "harbour-en.ann.toml"] {
        assert_eq!(
            fs::read(dir.join(f)).unwrap(),
            fs::read(fixture().join(f)).unwrap(),
            "{f} changed"
        );
    }
    // Nothing else was written: no layer, no lock file left behind.
    let mut names: Vec<String> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(
        names,
        [
            "harbour-ar.ann.toml",
            "harbour-ar.txt",
            "harbour-en.ann.toml",
            "harbour-en.txt",
            "hashiya.toml"
        ]
    );
}

#[test]
fn check_and_exports_are_those_of_the_version_that_wrote_the_corpus() {
    let dir = corpus();
    let d = dir.path();
    let (code, out, err) = run(d, &["check", "."]);
    assert_eq!(code, Some(0));
    let mut both = out;
    both.extend(err);
    assert_eq!(
        String::from_utf8(both).unwrap(),
        fs::read_to_string(fixture().join("check.out")).unwrap()
    );
    // `--documents all`: the files are what the first version wrote for every
    // document (before `annotated` became the default).
    for (args, file) in [
        (
            &[
                "export",
                "--format",
                "jsonl",
                "--status",
                "all",
                "--documents",
                "all",
                ".",
            ][..],
            "export.jsonl",
        ),
        (
            &["export", "--format", "conll", "--documents", "all", "."][..],
            "export.conll",
        ),
        (
            &[
                "export",
                "--format",
                "csv",
                "--status",
                "all",
                "--documents",
                "all",
                ".",
            ][..],
            "export.csv",
        ),
    ] {
        let (code, out, err) = run(d, args);
        assert_eq!(code, Some(0), "{args:?}: {}", String::from_utf8_lossy(&err));
        assert_eq!(
            String::from_utf8(out).unwrap(),
            fs::read_to_string(fixture().join(file)).unwrap(),
            "{args:?}"
        );
    }
    same_sidecars(d);
}

#[test]
fn opening_and_saving_without_an_edit_keeps_every_byte() {
    let dir = corpus();
    let d = dir.path();
    // The store: nothing to write.
    for f in ["harbour-ar.txt", "harbour-en.txt"] {
        let (mut store, loaded) = Store::open(&d.join(f), &LabelSet::default()).unwrap();
        assert!(loaded.problems.is_empty(), "{:?}", loaded.problems);
        assert_eq!(store.save(&loaded.set).unwrap(), SaveOutcome::Unchanged);
        assert_eq!(
            store.save_overwriting(&loaded.set).unwrap(),
            SaveOutcome::Unchanged
        );
    }
    same_sidecars(d);
    // The reader: both documents side by side; tag a word, undo it, mark
    // nothing; every save writes the same bytes as before.
    let mut st = State::new(Settings::default(), LabelSet::default(), Browser::default());
    st.size = (120, 30);
    let paths = [d.join("harbour-ar.txt"), d.join("harbour-en.txt")];
    let (docs, notes) = load_documents(&paths, d, &st.labels, &LayerView::default()).unwrap();
    assert!(notes.is_empty(), "{notes:?}");
    st.docs = docs;
    st.show(&[0, 1]);
    let effects = app::update(&mut st, app::Action::Cmd(app::Command::SelectWord));
    assert!(effects.is_empty());
    let tagged = app::update(&mut st, app::Action::Cmd(app::Command::TagClaim));
    assert!(!tagged.is_empty(), "{:?}", st.message);
    for d in 0..2 {
        save_document(&mut st, d).unwrap();
    }
    app::update(&mut st, app::Action::Cmd(app::Command::Undo));
    for d in 0..2 {
        save_document(&mut st, d).unwrap();
    }
    drop(st);
    same_sidecars(d);
}
