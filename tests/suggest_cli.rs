//! `hashiya suggest` end to end: suggestions land in the sidecars with
//! status `suggested`, a second run adds nothing, rejected suggestions are
//! not made again, and the gazetteer seeds entity suggestions.
//!
//! Expected counts come from the hand-made gold list (figures) and from grep
//! over the articles (entities; see tests/suggest_entities.rs).

use std::path::Path;
use std::process::Command;

use hashiya::annotation::Status;
use hashiya::corpus::LabelSet;
use hashiya::sidecar::Store;

const CORPUS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/corpus");
const A000: &str = "000_d3ec274e292e3ca0.txt";
const A001: &str = "001_3696e6412f6dc083.txt";

fn hashiya(args: &[&str]) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_hashiya"))
        .args(args)
        .output()
        .expect("run hashiya");
    assert!(
        out.status.success(),
        "hashiya {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn count(dir: &Path, doc: &str, label: &str, status: Status) -> usize {
    let (_store, loaded) = Store::open(&dir.join(doc), &LabelSet::default()).expect("open");
    loaded
        .set
        .iter()
        .filter(|a| a.label == label && a.status == status)
        .count()
}

#[test]
fn suggest_writes_sidecars_once_and_respects_rejections() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let dir = tmp.path();
    for doc in [A000, A001] {
        std::fs::copy(format!("{CORPUS}/{doc}"), dir.join(doc)).expect("copy");
    }
    std::fs::write(
        dir.join("gazetteer.toml"),
        "[[entity]]\nname = \"حماس\"\ntype = \"ORG\"\n",
    )
    .expect("gazetteer");
    let dir_s = dir.to_str().expect("utf-8 temp path");

    let out = hashiya(&["suggest", dir_s]);
    assert!(out.contains("wrote"), "{out}");
    // Gold: 11 figures in 000 and 3 in 001; grep: حماس 7 and 8 times.
    assert_eq!(count(dir, A000, "figure", Status::Suggested), 11);
    assert_eq!(count(dir, A001, "figure", Status::Suggested), 3);
    assert_eq!(count(dir, A000, "entity", Status::Suggested), 7);
    assert_eq!(count(dir, A001, "entity", Status::Suggested), 8);
    let claims = count(dir, A000, "claim", Status::Suggested);
    assert!(claims > 0);

    // A second run suggests nothing new and leaves the files alone.
    let before =
        std::fs::read_to_string(dir.join("000_d3ec274e292e3ca0.ann.toml")).expect("sidecar");
    let out = hashiya(&["suggest", dir_s]);
    assert!(!out.contains("wrote"), "{out}");
    let after =
        std::fs::read_to_string(dir.join("000_d3ec274e292e3ca0.ann.toml")).expect("sidecar");
    assert_eq!(before, after);

    // Reject every figure suggestion in 000, drop the other suggestions, run
    // again: the figures stay rejected, the rest comes back.
    {
        let (mut store, loaded) = Store::open(&dir.join(A000), &LabelSet::default()).expect("open");
        let mut set = hashiya::annotation::AnnotationSet::new();
        for a in loaded.set.iter() {
            if a.label == "figure" {
                let mut a = a.clone();
                a.status = Status::Rejected;
                set.insert(a).expect("insert");
            }
        }
        store.save(&set).expect("save");
    }
    hashiya(&["suggest", dir_s]);
    assert_eq!(count(dir, A000, "figure", Status::Rejected), 11);
    assert_eq!(count(dir, A000, "figure", Status::Suggested), 0);
    assert_eq!(count(dir, A000, "entity", Status::Suggested), 7);
    assert_eq!(count(dir, A000, "claim", Status::Suggested), claims);
}

#[test]
fn an_entity_tagged_in_one_document_is_suggested_in_the_others() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let dir = tmp.path();
    for doc in [A000, A001] {
        std::fs::copy(format!("{CORPUS}/{doc}"), dir.join(doc)).expect("copy");
    }
    // Tag `داعش` once in 000, by hand, as accepted.
    {
        let (mut store, loaded) = Store::open(&dir.join(A000), &LabelSet::default()).expect("open");
        let start = loaded.text.find("داعش").expect("داعش in 000");
        let mut set = loaded.set;
        set.insert(hashiya::annotation::Annotation {
            id: set.new_id(),
            label: "entity".into(),
            kind: Some("ORG".into()),
            span: start..start + "داعش".len(),
            quote: "داعش".into(),
            annotator: "test".into(),
            created: "2026-11-21T00:00:00Z".into(),
            modified: "2026-11-21T00:00:00Z".into(),
            note: None,
            attrs: Default::default(),
            status: Status::Accepted,
            links: Vec::new(),
            review: None,
        })
        .expect("insert");
        store.save(&set).expect("save");
    }
    hashiya(&[
        "suggest",
        "--only",
        "entities",
        dir.to_str().expect("utf-8"),
    ]);
    // grep: داعش 4 times in 000 (one tagged), once in 001 (`لداعش`).
    assert_eq!(count(dir, A000, "entity", Status::Accepted), 1);
    assert_eq!(count(dir, A000, "entity", Status::Suggested), 3);
    assert_eq!(count(dir, A001, "entity", Status::Suggested), 1);
    let (_s, loaded) = Store::open(&dir.join(A001), &LabelSet::default()).expect("open");
    let a = loaded.set.iter().next().expect("one suggestion");
    assert_eq!(a.quote, "داعش");
    assert_eq!(a.kind.as_deref(), Some("ORG"));
    let before = loaded.text.get(..a.span.start).expect("boundary");
    assert!(
        before.ends_with("المناهض ل"),
        "{:?}",
        before.chars().rev().take(10).collect::<String>()
    );
}

#[test]
fn dry_run_writes_nothing_and_only_filters() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let dir = tmp.path();
    std::fs::copy(format!("{CORPUS}/{A000}"), dir.join(A000)).expect("copy");
    let doc = dir.join(A000);
    let out = hashiya(&[
        "suggest",
        "--dry-run",
        "--only",
        "figures",
        doc.to_str().expect("utf-8"),
    ]);
    assert!(
        out.contains("11 suggestions (11 figures, 0 entities, 0 claims)"),
        "{out}"
    );
    assert!(out.contains("figure \"2,500 جندي\""), "{out}");
    assert!(!dir.join("000_d3ec274e292e3ca0.ann.toml").exists());
}

#[test]
fn a_broken_sidecar_fails_its_document_only() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let dir = tmp.path();
    for doc in [A000, A001] {
        std::fs::copy(format!("{CORPUS}/{doc}"), dir.join(doc)).expect("copy");
    }
    std::fs::write(
        dir.join("000_d3ec274e292e3ca0.ann.toml"),
        "this is [not toml",
    )
    .expect("write");
    let out = Command::new(env!("CARGO_BIN_EXE_hashiya"))
        .args(["suggest", dir.to_str().expect("utf-8")])
        .output()
        .expect("run hashiya");
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("000_d3ec274e292e3ca0"), "{stderr}");
    assert!(stderr.contains("1 of 2 documents failed"), "{stderr}");
    // The other document got its suggestions; the broken sidecar is untouched.
    assert_eq!(count(dir, A001, "figure", Status::Suggested), 3);
    let broken = std::fs::read_to_string(dir.join("000_d3ec274e292e3ca0.ann.toml")).expect("read");
    assert_eq!(broken, "this is [not toml");
}

#[test]
fn missing_path_is_an_error() {
    let out = Command::new(env!("CARGO_BIN_EXE_hashiya"))
        .args(["suggest", "/nonexistent/hashiya-suggest"])
        .output()
        .expect("run hashiya");
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("no such file or folder"));
}

#[test]
fn a_folder_covers_its_subfolders_like_the_reader_and_export() {
    // Documents are found as `corpus::Corpus::open` finds them: in
    // subfolders too, but not in hidden folders or `target/`.
    let tmp = tempfile::tempdir().expect("tempdir");
    let dir = tmp.path();
    for sub in ["news/2023", ".hidden", "target"] {
        std::fs::create_dir_all(dir.join(sub)).expect("mkdir");
    }
    std::fs::copy(format!("{CORPUS}/{A000}"), dir.join("news/2023").join(A000)).expect("copy");
    std::fs::copy(format!("{CORPUS}/{A001}"), dir.join(A001)).expect("copy");
    for skipped in [".hidden", "target"] {
        std::fs::copy(format!("{CORPUS}/{A001}"), dir.join(skipped).join(A001)).expect("copy");
    }
    let out = hashiya(&[
        "suggest",
        "--dry-run",
        "--only",
        "figures",
        dir.to_str().expect("utf-8"),
    ]);
    // Gold: 11 figures in 000 and 3 in 001.
    let line = |rel: &str| {
        out.lines()
            .find(|l| l.contains(rel) && l.contains("suggestions"))
            .unwrap_or_else(|| panic!("no line for {rel}: {out}"))
            .to_string()
    };
    assert!(
        line(&format!("news/2023/{A000}"))
            .ends_with("11 suggestions (11 figures, 0 entities, 0 claims)")
    );
    assert!(line(A001).ends_with("3 suggestions (3 figures, 0 entities, 0 claims)"));
    assert!(out.contains("2 documents, 14 suggestions"), "{out}");
    assert!(
        !out.contains(".hidden") && !out.contains("target/"),
        "{out}"
    );

    // A subfolder selects only the documents under it.
    let out = hashiya(&[
        "suggest",
        "--dry-run",
        "--only",
        "figures",
        dir.join("news").to_str().expect("utf-8"),
    ]);
    assert!(
        out.contains(&format!("news/2023/{A000}: 11 suggestions")),
        "{out}"
    );
    assert!(!out.contains(A001), "{out}");
}
