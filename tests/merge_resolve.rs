//! `hashiya resolve` on files the driver wrote with conflicts (the merge
//! fixtures' expected results): --ours, --theirs, --both and --id give the
//! files stated here, `check` is clean afterwards, and a manifest conflict
//! is reported by `check` and settled by `resolve`.

use std::fs;
use std::path::Path;
use std::process::{Command, Output};

fn fixture(case: &str, file: &str) -> String {
    let p = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/merge_fixtures")
        .join(case)
        .join(file);
    fs::read_to_string(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

fn hashiya(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_hashiya"))
        .args(args)
        .current_dir(dir)
        .env("HOME", dir)
        .env("XDG_CONFIG_HOME", dir.join(".config"))
        .output()
        .unwrap()
}

fn said(o: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

/// A folder holding `case`'s document and its expected (conflicted) merge
/// as `article.ann.toml`.
fn conflicted(case: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("article.txt"), fixture(case, "article.txt")).unwrap();
    fs::write(
        dir.path().join("article.ann.toml"),
        fixture(case, "expected.toml"),
    )
    .unwrap();
    dir
}

fn table(dir: &Path) -> toml::Table {
    fs::read_to_string(dir.join("article.ann.toml"))
        .unwrap()
        .parse()
        .unwrap()
}

fn ids(dir: &Path) -> Vec<String> {
    annotations(&table(dir))
        .iter()
        .map(|a| a["id"].as_str().unwrap().to_string())
        .collect()
}

fn annotations(t: &toml::Table) -> Vec<toml::Table> {
    t["annotation"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a.as_table().unwrap().clone())
        .collect()
}

#[test]
fn listing_then_ours_theirs_both() {
    // Listing: one line per conflict, exit 1, the file untouched.
    let dir = conflicted("edit-vs-edit-conflict");
    let d = dir.path();
    let before = fs::read_to_string(d.join("article.ann.toml")).unwrap();
    let o = hashiya(d, &["resolve", "article.ann.toml"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        said(&o).contains("article.ann.toml:5: conflict: annotation mcrn000001: kind: ours \"ORG\", theirs \"MISC\", base \"PER\""),
        "{}",
        said(&o)
    );
    assert_eq!(
        fs::read_to_string(d.join("article.ann.toml")).unwrap(),
        before
    );

    // --ours: the value in place stays, the record goes.
    let o = hashiya(d, &["resolve", "article.ann.toml", "--ours"]);
    assert!(o.status.success(), "{}", said(&o));
    let t = table(d);
    assert!(!t.contains_key("conflict"));
    assert_eq!(annotations(&t)[0]["kind"].as_str(), Some("ORG"));
    assert!(hashiya(d, &["check", "."]).status.success());

    // --theirs.
    let dir = conflicted("edit-vs-edit-conflict");
    let d = dir.path();
    assert!(
        hashiya(d, &["resolve", "article.ann.toml", "--theirs"])
            .status
            .success()
    );
    let t = table(d);
    assert_eq!(annotations(&t)[0]["kind"].as_str(), Some("MISC"));
    assert!(hashiya(d, &["check", "."]).status.success());

    // --both: ours, and a copy with theirs under a new id.
    let dir = conflicted("edit-vs-edit-conflict");
    let d = dir.path();
    assert!(
        hashiya(d, &["resolve", "article.ann.toml", "--both"])
            .status
            .success()
    );
    let anns = annotations(&table(d));
    assert_eq!(anns.len(), 2);
    let kinds: Vec<(&str, &str)> = anns
        .iter()
        .map(|a| (a["id"].as_str().unwrap(), a["kind"].as_str().unwrap()))
        .collect();
    assert!(kinds.contains(&("mcrn000001", "ORG")), "{kinds:?}");
    let copy = kinds.iter().find(|(id, _)| *id != "mcrn000001").unwrap();
    assert_eq!(copy.1, "MISC");
    assert_eq!(copy.0.len(), 10);
    assert!(hashiya(d, &["check", "."]).status.success());
}

#[test]
fn deletions_and_same_span() {
    // Ours deleted fig0000001, theirs changed it: --ours deletes it,
    // --theirs and --both keep it.
    for (choice, kept) in [("--ours", false), ("--theirs", true), ("--both", true)] {
        let dir = conflicted("edit-vs-delete");
        let d = dir.path();
        assert!(
            hashiya(d, &["resolve", "article.ann.toml", choice])
                .status
                .success()
        );
        let ids: Vec<String> = annotations(&table(d))
            .iter()
            .map(|a| a["id"].as_str().unwrap().to_string())
            .collect();
        assert_eq!(
            ids.contains(&"fig0000001".to_string()),
            kept,
            "{choice}: {ids:?}"
        );
        assert!(hashiya(d, &["check", "."]).status.success());
    }
    // Theirs deleted the entity ours linked to: --theirs removes it and the
    // links and speaker pointing to it.
    let dir = conflicted("link-added-target-deleted");
    let d = dir.path();
    assert!(
        hashiya(d, &["resolve", "article.ann.toml", "--theirs"])
            .status
            .success()
    );
    let anns = annotations(&table(d));
    assert_eq!(anns.len(), 1);
    assert_eq!(anns[0]["id"].as_str(), Some("clm0000001"));
    assert!(
        !anns[0].contains_key("links") && !anns[0].contains_key("attrs"),
        "{anns:?}"
    );
    assert!(hashiya(d, &["check", "."]).status.success());
    // Two annotations on one span: --theirs keeps theirs only.
    let dir = conflicted("both-add-same-span");
    let d = dir.path();
    assert!(
        hashiya(d, &["resolve", "article.ann.toml", "--theirs"])
            .status
            .success()
    );
    assert_eq!(ids(d), ["mcrn000001", "samespan02"]);
}

#[test]
fn one_annotation_by_id() {
    // Two conflicts on one annotation (status and its review): --id
    // settles both, another id settles nothing.
    let dir = conflicted("status-conflict");
    let d = dir.path();
    let o = hashiya(
        d,
        &[
            "resolve",
            "article.ann.toml",
            "--theirs",
            "--id",
            "nosuchid00",
        ],
    );
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(table(d)["conflict"].as_array().unwrap().len(), 2);
    let o = hashiya(
        d,
        &[
            "resolve",
            "article.ann.toml",
            "--theirs",
            "--id",
            "figar00001",
        ],
    );
    assert!(o.status.success(), "{}", said(&o));
    let a = &annotations(&table(d))[0];
    assert_eq!(a["status"].as_str(), Some("rejected"));
    assert_eq!(a["reviewer"].as_str(), Some("badr"));
}

#[test]
fn manifest_conflicts_are_checked_and_resolved() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    fs::write(
        d.join("hashiya.toml"),
        fixture("manifest-defaults-conflict", "expected.toml"),
    )
    .unwrap();
    let c = hashiya(d, &["check", "."]);
    assert_eq!(c.status.code(), Some(1));
    assert!(
        // The [[conflict]] header opens the file: line 1, column 1.
        said(&c).contains("hashiya.toml:1:1: conflict: file: defaults.lang: ours \"en\", theirs \"und\", base \"ar\""),
        "{}",
        said(&c)
    );
    let r = hashiya(d, &["resolve", "hashiya.toml", "--theirs"]);
    assert!(r.status.success(), "{}", said(&r));
    let m = hashiya::corpus::Manifest::load(d).unwrap();
    assert_eq!(m.defaults.lang.as_deref(), Some("und"));
    assert!(hashiya(d, &["check", "."]).status.success());
}

#[test]
fn the_reader_opens_a_conflicted_sidecar_and_names_the_conflict() {
    let dir = conflicted("edit-vs-edit-conflict");
    let d = dir.path();
    let view = hashiya::app::io::LayerView {
        layer: hashiya::corpus::Layer::Gold,
        others: Vec::new(),
    };
    let (docs, notes) = hashiya::app::io::load_documents(
        &[d.join("article.txt")],
        d,
        &hashiya::corpus::LabelSet::default(),
        &view,
    )
    .unwrap();
    // Ours in place...
    let a = docs[0].anns.get("mcrn000001").unwrap();
    assert_eq!(a.kind.as_deref(), Some("ORG"));
    // ...and the conflict said when the document opens.
    assert_eq!(docs[0].problems.len(), 1, "{:?}", docs[0].problems);
    assert!(
        notes.iter().any(|n| n.contains(
            "article.ann.toml:5: conflict: annotation mcrn000001: kind: ours \"ORG\", theirs \"MISC\", base \"PER\"; settle it with `hashiya resolve`"
        )),
        "{notes:?}"
    );
}
