//! `hashiya check` on clean and changed corpora: exit codes, output format,
//! recursion, cross-document links, and a preview of re-anchoring.

use std::fs;
use std::path::Path;
use std::process::{Command, Output};

use hashiya::annotation::{Annotation, AnnotationSet, Link, Status};
use hashiya::corpus::LabelSet;
use hashiya::sidecar::Store;

/// The 1-based column (in characters) of the value on line `line` of a
/// sidecar written by hashiya (`key = value`, ASCII keys): where check
/// points for a problem with that key.
fn value_col(sidecar: &str, line: usize) -> usize {
    let l = sidecar.lines().nth(line - 1).unwrap();
    l.find(" = ").unwrap() + " = ".len() + 1
}

fn check(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_hashiya"))
        .arg("check")
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap()
}

fn annotate(
    doc: &Path,
    quotes: &[(&str, &str, Option<&str>)],
    links: &[(usize, &str)],
) -> Vec<String> {
    let (mut store, loaded) = Store::open(doc, &LabelSet::default()).unwrap();
    let text = loaded.text;
    let mut set = AnnotationSet::new();
    let mut ids = Vec::new();
    for (i, (q, label, kind)) in quotes.iter().enumerate() {
        let s = text.find(q).unwrap();
        let mut a = Annotation {
            id: set.new_id(),
            label: label.to_string(),
            kind: kind.map(Into::into),
            span: s..s + q.len(),
            quote: q.to_string(),
            annotator: "t".into(),
            created: "2026-11-21T00:00:00Z".into(),
            modified: "2026-11-21T00:00:00Z".into(),
            note: None,
            attrs: Default::default(),
            status: Status::Accepted,
            links: vec![],
            review: None,
        };
        for (from, target) in links {
            if *from == i {
                a.links.push(Link {
                    target: target.to_string(),
                    kind: "translation".into(),
                });
            }
        }
        ids.push(a.id.clone());
        set.insert(a).unwrap();
    }
    store.save(&set).unwrap();
    ids
}

#[test]
fn clean_corpus_exits_zero_and_prints_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let sub = dir.path().join("news/2016");
    fs::create_dir_all(&sub).unwrap();
    fs::write(sub.join("en.txt"), "Macron said 5,700 soldiers.\n").unwrap();
    fs::write(sub.join("ar.txt"), "قال ماكرونُ إنّ ٥٧٠٠ جندي.\n").unwrap();
    let en = annotate(
        &sub.join("en.txt"),
        &[("Macron", "entity", Some("PER")), ("5,700", "figure", None)],
        &[],
    );
    annotate(
        &sub.join("ar.txt"),
        &[("ماكرونُ", "entity", Some("PER")), ("٥٧٠٠", "figure", None)],
        &[(1, &format!("en.txt#{}", en[1]))],
    );
    for args in [
        &[][..],
        &["news"][..],
        &["news/2016/ar.txt"][..],
        &["news/2016/ar.ann.toml"][..],
    ] {
        let out = check(dir.path(), args);
        assert_eq!(String::from_utf8_lossy(&out.stdout), "", "{args:?}");
        assert_eq!(
            out.status.code(),
            Some(0),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    // A missing path is a problem.
    let out = check(dir.path(), &["nowhere"]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        "nowhere: no such file or folder\n"
    );
}

#[test]
fn changed_document_previews_reanchoring_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let doc = dir.path().join("a.txt");
    fs::write(&doc, "First line.\nMacron said 5,700 soldiers.\n").unwrap();
    let ids = annotate(
        &doc,
        &[
            ("Macron", "entity", Some("PER")),
            ("soldiers", "claim", None),
        ],
        &[],
    );
    let sidecar = dir.path().join("a.ann.toml");
    let before = fs::read(&sidecar).unwrap();
    fs::write(
        &doc,
        "A new first line, longer.\nFirst line.\nMacron said 5,700 troops.\n",
    )
    .unwrap();
    let out = check(dir.path(), &["a.txt"]);
    assert_eq!(out.status.code(), Some(1));
    let stdout = String::from_utf8_lossy(&out.stdout);
    let lines: Vec<&str> = stdout.lines().collect();
    // "Macron" moved by the 26 characters of the new line. Each problem
    // points at a value: the hash, the moved annotation's start, the
    // orphan's quote.
    let side = String::from_utf8_lossy(&before).into_owned();
    let line = |n: usize| side.lines().nth(n - 1).unwrap();
    assert!(line(4).starts_with("sha256 = "), "{side}");
    assert!(
        line(10).starts_with("start = ") && line(25).starts_with("quote = "),
        "{side}"
    );
    assert_eq!(value_col(&side, 4), 10);
    assert_eq!(value_col(&side, 10), 9);
    assert_eq!(value_col(&side, 25), 9);
    assert_eq!(
        lines,
        [
            "a.ann.toml:4:10: document \"a.txt\" changed since this sidecar was written (SHA-256 differs); re-anchoring: 0 in place, 1 moved, 1 orphaned; run `hashiya check --fix` to record the re-anchoring in the sidecar".to_string(),
            format!("a.ann.toml:10:9: annotation {} \"Macron\": 12..18 -> 38..44", ids[0]),
            format!("a.ann.toml:25:9: annotation {} \"soldiers\": not found in the document; kept as an orphan", ids[1]),
        ]
    );
    assert_eq!(fs::read(&sidecar).unwrap(), before);
}

#[test]
fn control_characters_from_files_are_escaped() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("a.txt"), "x\n").unwrap();
    fs::write(
        dir.path().join("a.ann.toml"),
        "version = 1\ndocument = \"a.txt\"\nsha256 = \"0000000000000000000000000000000000000000000000000000000000000000\"\n\n[[annotation]]\nid = \"k\"\nlabel = \"claim\"\nstart = 0\nend = 1\nquote = \"\\u001b[31m\\u202e\"\n",
    )
    .unwrap();
    let out = check(dir.path(), &[]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        !stdout.contains('\u{1b}') && !stdout.contains('\u{202e}'),
        "{stdout:?}"
    );
    assert!(stdout.contains("\\u{1b}"), "{stdout}");
}

#[cfg(unix)]
#[test]
fn symlinked_folders_are_not_followed() {
    let dir = tempfile::tempdir().unwrap();
    let sub = dir.path().join("c");
    fs::create_dir(&sub).unwrap();
    fs::write(sub.join("a.txt"), "x\n").unwrap();
    // A broken sidecar inside, and a loop back to the top.
    fs::write(sub.join("a.ann.toml"), "version = 1\n").unwrap();
    std::os::unix::fs::symlink(dir.path(), sub.join("loop")).unwrap();
    let out = check(dir.path(), &[]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1));
    // Reported once, through the real folder only.
    assert_eq!(stdout.matches("a.ann.toml").count(), 2, "{stdout}");
    assert!(
        stdout
            .lines()
            // A missing key: the file's first character.
            .any(|l| l.starts_with("./c/a.ann.toml:1:1: document: missing")),
        "{stdout}"
    );
    // The link is reported as not followed.
    assert!(
        stdout.contains("./c/loop: a symbolic link to a folder; not followed\n"),
        "{stdout}"
    );
}

#[test]
fn labels_come_from_the_corpus_manifest_and_a_broken_manifest_is_reported() {
    let dir = tempfile::tempdir().unwrap();
    let sub = dir.path().join("docs");
    fs::create_dir(&sub).unwrap();
    fs::write(sub.join("a.txt"), "Paris is big.\n").unwrap();
    annotate(&sub.join("a.txt"), &[("Paris", "entity", Some("LOC"))], &[]);
    // The corpus redefines the label set: no LOC any more.
    fs::write(
        dir.path().join("hashiya.toml"),
        "[[label]]\nname = \"entity\"\ntypes = [\"PER\", \"ORG\"]\n",
    )
    .unwrap();
    let out = check(dir.path(), &[]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1));
    // Line 9 is `kind = "LOC"`: the value is at column 8.
    let side = fs::read_to_string(sub.join("a.ann.toml")).unwrap();
    assert!(
        side.lines().nth(8).unwrap().starts_with("kind = "),
        "{side}"
    );
    assert_eq!(value_col(&side, 9), 8);
    assert!(
        stdout.starts_with("./docs/a.ann.toml:9:8: annotation ")
            && stdout
                .ends_with(": label \"entity\" with type \"LOC\" is not in the corpus label set\n"),
        "{stdout}"
    );
    // A broken manifest: reported, and the default set (which has LOC) used.
    fs::write(dir.path().join("hashiya.toml"), "[[label]]\nnom = \"x\"\n").unwrap();
    let out = check(dir.path(), &[]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1));
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines.len(), 1, "{stdout}");
    assert!(
        // Named the way the corpus was given: relative to the working folder.
        lines[0].starts_with("./hashiya.toml:2:1: unknown field `nom`"),
        "{stdout}"
    );
    assert!(
        lines[0].ends_with("(using the default label set)"),
        "{stdout}"
    );
}
