//! The merge fixtures (tests/merge_fixtures/<case>/): `hashiya merge-driver`
//! on base, ours and theirs must write exactly `expected.toml` and exit 1
//! exactly when the expected file records conflicts. A case without an
//! expected file has a side that does not parse: the result must be what
//! `git merge-file` makes of the same three files. Every result must parse
//! with Python's tomllib (an independent TOML reader) and with hashiya's
//! readers; merged sidecars must pass `hashiya check` when clean. Swapping
//! ours and theirs gives the same file when there is no conflict.
//!
//! The cases are written by tests/merge_fixtures/make.py, where each
//! expected result is stated by hand.

use std::path::{Path, PathBuf};
use std::process::Command;

const BIN: &str = env!("CARGO_BIN_EXE_hashiya");

fn cases() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/merge_fixtures");
    let mut v: Vec<PathBuf> = std::fs::read_dir(root)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir())
        .collect();
    v.sort();
    v
}

struct Run {
    text: String,
    code: i32,
}

/// Run the driver in a fresh folder holding the case's documents.
fn drive(case: &Path, swap: bool) -> Run {
    let dir = tempfile::tempdir().unwrap();
    let read = |name: &str| std::fs::read_to_string(case.join(name)).unwrap_or_default();
    let path = read("path").trim().to_string();
    let (o, t) = if swap {
        ("theirs.toml", "ours.toml")
    } else {
        ("ours.toml", "theirs.toml")
    };
    std::fs::write(dir.path().join(".base"), read("base.toml")).unwrap();
    std::fs::write(dir.path().join(".ours"), read(o)).unwrap();
    std::fs::write(dir.path().join(".theirs"), read(t)).unwrap();
    for e in std::fs::read_dir(case).unwrap() {
        let p = e.unwrap().path();
        if p.extension().is_some_and(|x| x == "txt") {
            std::fs::copy(&p, dir.path().join(p.file_name().unwrap())).unwrap();
        }
    }
    let out = Command::new(BIN)
        .current_dir(dir.path())
        .args(["merge-driver", ".base", ".ours", ".theirs", &path])
        .output()
        .unwrap();
    let text = std::fs::read_to_string(dir.path().join(".ours")).unwrap();
    // A clean sidecar merge is consistent with its document.
    if out.status.code() == Some(0) && path.ends_with(".ann.toml") {
        std::fs::write(dir.path().join(&path), &text).unwrap();
        let check = Command::new(BIN)
            .current_dir(dir.path())
            .args(["check", &path])
            .output()
            .unwrap();
        assert!(
            check.status.success(),
            "{}: check: {}",
            case.display(),
            String::from_utf8_lossy(&check.stdout)
        );
    }
    Run {
        text,
        code: out.status.code().unwrap_or(-1),
    }
}

fn tomllib_parses(text: &str) -> bool {
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("x.toml");
    std::fs::write(&f, text).unwrap();
    let st = Command::new("python3")
        .args([
            "-c",
            "import sys, tomllib; tomllib.load(open(sys.argv[1], 'rb'))",
        ])
        .arg(&f)
        .status()
        .expect("python3 is needed (tomllib, Python >= 3.11)");
    st.success()
}

fn git_merge_file(case: &Path) -> String {
    let dir = tempfile::tempdir().unwrap();
    for n in ["base.toml", "ours.toml", "theirs.toml"] {
        std::fs::copy(case.join(n), dir.path().join(n)).unwrap();
    }
    let out = Command::new("git")
        .current_dir(dir.path())
        .args([
            "merge-file",
            "-p",
            "-L",
            "ours",
            "-L",
            "base",
            "-L",
            "theirs",
            "ours.toml",
            "base.toml",
            "theirs.toml",
        ])
        .output()
        .expect("git is needed");
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn fixtures() {
    let cases = cases();
    assert!(cases.len() >= 20, "{} cases", cases.len());
    let mut failures = Vec::new();
    for case in &cases {
        let name = case.file_name().unwrap().to_string_lossy().into_owned();
        let run = drive(case, false);
        let Ok(expected) = std::fs::read_to_string(case.join("expected.toml")) else {
            // A side does not parse: git's own line merge, and a conflict.
            let want = git_merge_file(case);
            assert!(want.contains("<<<<<<< ours"), "{name}: {want}");
            if run.text != want || run.code != 1 {
                failures.push(format!(
                    "{name}: exit {} (want 1)\n--- got\n{}\n--- git merge-file\n{want}",
                    run.code, run.text
                ));
            }
            continue;
        };
        let conflicted = expected.contains("[[conflict]]");
        if run.text != expected || run.code != i32::from(conflicted) {
            failures.push(format!(
                "{name}: exit {} (want {})\n--- got\n{}\n--- expected\n{expected}",
                run.code,
                i32::from(conflicted),
                run.text
            ));
            continue;
        }
        assert!(
            tomllib_parses(&run.text),
            "{name}: tomllib rejects the result"
        );
        let path = std::fs::read_to_string(case.join("path")).unwrap();
        if path.trim().ends_with("hashiya.toml") {
            hashiya::corpus::Manifest::parse(&run.text, Path::new("hashiya.toml"))
                .unwrap_or_else(|e| panic!("{name}: the manifest does not load: {e}"));
        } else if !path.contains(".align.") {
            hashiya::sidecar::format::parse(&run.text)
                .unwrap_or_else(|e| panic!("{name}: hashiya cannot read the result: {e:?}"));
        }
        let swapped = drive(case, true);
        if conflicted {
            assert_eq!(swapped.code, 1, "{name}: swapped sides");
        } else if swapped.text != run.text || swapped.code != 0 {
            failures.push(format!(
                "{name}: not symmetric\n--- ours/theirs\n{}\n--- theirs/ours\n{}",
                run.text, swapped.text
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}
