//! `hashiya check` on tests/fixtures/invalid/*: each folder holds a broken
//! sidecar (with its document) and `expected.txt`, the exact lines `check`
//! must print. The program must not modify any of them, and loading them for
//! editing must fail or report the same problems.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use hashiya::corpus::{LabelSet, Manifest};
use hashiya::sidecar::{SidecarError, Store};

const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/invalid");

fn snapshot(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut files = BTreeMap::new();
    for e in fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        files.insert(p.clone(), fs::read(&p).unwrap());
    }
    files
}

fn fixtures() -> Vec<PathBuf> {
    let mut dirs: Vec<PathBuf> = fs::read_dir(FIXTURES)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir())
        .collect();
    dirs.sort();
    dirs
}

#[test]
fn at_least_fifteen_fixtures_each_with_an_expected_message() {
    let dirs = fixtures();
    assert!(dirs.len() >= 15, "only {} fixtures", dirs.len());
    for d in &dirs {
        let expected = fs::read_to_string(d.join("expected.txt"))
            .unwrap_or_else(|e| panic!("{}: expected.txt: {e}", d.display()));
        assert!(!expected.trim().is_empty(), "{}", d.display());
    }
}

#[test]
fn check_prints_exactly_the_expected_lines_and_modifies_nothing() {
    let mut failures = Vec::new();
    for d in fixtures() {
        let before = snapshot(&d);
        let out = Command::new(env!("CARGO_BIN_EXE_hashiya"))
            .arg("check")
            .current_dir(&d)
            .output()
            .unwrap();
        let expected = fs::read_to_string(d.join("expected.txt")).unwrap();
        let stdout = String::from_utf8_lossy(&out.stdout);
        if stdout != expected || out.status.code() != Some(1) {
            failures.push(format!(
                "{}: exit {:?}\n--- expected\n{expected}--- got\n{stdout}",
                d.display(),
                out.status.code()
            ));
        }
        assert_eq!(snapshot(&d), before, "{} was modified", d.display());
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn opening_for_editing_fails_or_reports_and_modifies_nothing() {
    for d in fixtures() {
        let before = snapshot(&d);
        let expected = fs::read_to_string(d.join("expected.txt")).unwrap();
        // The messages without their `file:line: ` prefix.
        let messages: Vec<&str> = expected
            .lines()
            .map(|l| l.split_once(": ").map_or(l, |(_, m)| m))
            .collect();
        let sidecar = before
            .keys()
            .find(|p| p.to_string_lossy().ends_with(".ann.toml") && !p.ends_with("other.ann.toml"))
            .unwrap()
            .clone();
        let name = sidecar
            .file_name()
            .unwrap()
            .to_string_lossy()
            .replace(".ann.toml", ".txt");
        let doc = d.join(name);
        if !doc.exists() {
            // Nothing to open for editing (missing document).
            assert!(
                messages.iter().any(|m| m.contains("not found")),
                "{}",
                d.display()
            );
            continue;
        }
        let labels =
            Manifest::load(&Manifest::find_root(&doc)).map_or(LabelSet::default(), |m| m.labels);
        match Store::open(&doc, &labels) {
            Err(e @ SidecarError::Invalid { .. }) => {
                let text = e.to_string();
                for m in &messages {
                    assert!(text.contains(m), "{}: {text:?} lacks {m:?}", d.display());
                }
            }
            Err(e) => {
                // Wrong document: the sidecar names another file.
                assert!(
                    matches!(e, SidecarError::WrongDocument { .. }),
                    "{}: {e}",
                    d.display()
                );
            }
            Ok((_store, loaded)) => {
                let got: Vec<&str> = loaded.problems.iter().map(|p| p.message.as_str()).collect();
                // The hint to run `check --fix` is check's own.
                let local: Vec<&str> = messages
                    .iter()
                    .filter(|m| !m.contains("other.ann.toml"))
                    .map(|m| {
                        m.trim_end_matches(
                            "; run `hashiya check --fix` to record the re-anchoring in the sidecar",
                        )
                    })
                    .collect();
                assert!(
                    !got.is_empty() || local.is_empty(),
                    "{}: no problems reported",
                    d.display()
                );
                for m in local {
                    assert!(got.contains(&m), "{}: {got:?} lacks {m:?}", d.display());
                }
            }
        }
        assert_eq!(snapshot(&d), before, "{} was modified", d.display());
    }
}
