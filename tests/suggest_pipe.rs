//! `hashiya suggest` whose standard output goes away: the batch still writes
//! every sidecar and never panics.

use std::fs;
use std::path::Path;
use std::process::{Command, Stdio};

fn corpus_copy(dir: &Path) {
    let shared = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/corpus");
    for entry in fs::read_dir(shared).expect("../shared/corpus beside the repository") {
        let entry = entry.unwrap();
        fs::copy(entry.path(), dir.join(entry.file_name())).unwrap();
    }
}

fn sidecars(dir: &Path) -> usize {
    fs::read_dir(dir)
        .unwrap()
        .filter(|e| {
            e.as_ref()
                .unwrap()
                .file_name()
                .to_string_lossy()
                .ends_with(".ann.toml")
        })
        .count()
}

#[test]
fn a_closed_pipe_stops_the_printing_not_the_batch() {
    let dir = tempfile::tempdir().unwrap();
    corpus_copy(dir.path());
    let mut child = Command::new(env!("CARGO_BIN_EXE_hashiya"))
        .arg("suggest")
        .arg(dir.path())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // Close the reading end at once, as `| head -0` would.
    drop(child.stdout.take());
    let out = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert_eq!(sidecars(dir.path()), 5);
}

#[test]
fn a_full_disk_for_stdout_is_an_error_and_the_sidecars_are_written() {
    let dir = tempfile::tempdir().unwrap();
    corpus_copy(dir.path());
    let full = fs::OpenOptions::new()
        .write(true)
        .open("/dev/full")
        .expect("/dev/full");
    let out = Command::new(env!("CARGO_BIN_EXE_hashiya"))
        .arg("suggest")
        .arg(dir.path())
        .stdout(full)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("cannot write to standard output"),
        "{stderr}"
    );
    assert_eq!(sidecars(dir.path()), 5);
}
