//! The real binary in tmux, hung up: a claim is tagged, then the terminal
//! goes away (the tmux server is killed, as when a terminal window is
//! closed) or the process gets SIGHUP. Within 200 ms the document's lock is
//! free (another hashiya could open it at once), and the claim is in the
//! sidecar on disk.
//!
//! Needs `tmux` (Debian package `tmux`); a missing tmux fails.

use std::fs::File;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

#[path = "support/tmux.rs"]
mod tmux_support;
use tmux_support::Tmux;

const AR: &str = "000_d3ec274e292e3ca0.txt";
const LOCK: &str = ".000_d3ec274e292e3ca0.ann.toml.lock";
const SIDECAR: &str = "000_d3ec274e292e3ca0.ann.toml";

/// The lock is free: its file is gone, or nobody holds it.
fn lock_free(dir: &Path) -> bool {
    match File::options().read(true).write(true).open(dir.join(LOCK)) {
        Err(_) => !dir.join(LOCK).exists(),
        Ok(f) => f.try_lock().is_ok(),
    }
}

/// hashiya on a copy of the Arabic seed article with a claim tagged (the
/// screen says so); the tmux server and the corpus folder.
fn tagged(name: &str) -> (Tmux, tempfile::TempDir) {
    let shared = PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/corpus"));
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(shared.join(AR), dir.path().join(AR)).unwrap();
    let config = tempfile::tempdir().unwrap();
    let tmux = Tmux::new(format!("hashiya-{name}-{}", std::process::id()), "hup", 150);
    let cmd = format!(
        "exec {} {}",
        env!("CARGO_BIN_EXE_hashiya"),
        dir.path().join(AR).display()
    );
    let xdg = format!("XDG_CONFIG_HOME={}", config.path().display());
    let out = tmux.run(&[
        "new-session",
        "-d",
        "-s",
        "hup",
        "-x",
        "160",
        "-y",
        "45",
        "-e",
        &xdg,
        "-e",
        "USER=hup-annotator",
        &cmd,
    ]);
    assert!(out.status.success(), "tmux new-session: {out:?}");
    tmux.wait_for(AR);
    assert!(!lock_free(dir.path()), "the open document is not locked");
    tmux.keys(&["}", "w", "w", "v", "E", "E", "E", "c"]);
    tmux.wait_for("tagged as claim");
    (tmux, dir)
}

/// Polls until the lock is free; the time it took.
fn lock_freed_after(dir: &Path, from: Instant) -> Duration {
    while !lock_free(dir) {
        assert!(
            from.elapsed() < Duration::from_secs(5),
            "the lock is still held 5 s after the hang-up"
        );
        std::thread::sleep(Duration::from_millis(2));
    }
    from.elapsed()
}

/// The claim tagged in [`tagged`] is in the sidecar: label and quote.
fn claim_saved(dir: &Path) {
    let text = std::fs::read_to_string(dir.join(SIDECAR)).expect("no sidecar was written");
    let table: toml::Table = toml::from_str(&text).unwrap();
    let anns = table
        .get("annotation")
        .and_then(|a| a.as_array())
        .unwrap_or_else(|| panic!("no annotation in\n{text}"));
    assert!(
        anns.iter()
            .any(|a| a.get("label").and_then(|l| l.as_str()) == Some("claim")
                && a.get("quote").and_then(|q| q.as_str()) == Some("أكد أن الغرب")),
        "the claim is not in the sidecar:\n{text}"
    );
}

#[test]
fn closing_the_terminal_frees_the_lock_at_once_with_the_work_saved() {
    let (tmux, dir) = tagged("close");
    let start = Instant::now();
    let out = tmux.run(&["kill-server"]);
    assert!(out.status.success(), "kill-server: {out:?}");
    let took = lock_freed_after(dir.path(), start);
    eprintln!("lock free {took:?} after the terminal closed");
    assert!(took <= Duration::from_millis(200), "lock held {took:?}");
    claim_saved(dir.path());
}

#[test]
fn sighup_frees_the_lock_at_once_with_the_work_saved() {
    let (tmux, dir) = tagged("sighup");
    let pid = tmux.run(&["display", "-p", "-t", "hup", "#{pane_pid}"]);
    let pid = String::from_utf8_lossy(&pid.stdout).trim().to_string();
    assert!(
        !pid.is_empty() && pid.bytes().all(|b| b.is_ascii_digit()),
        "{pid:?}"
    );
    let start = Instant::now();
    let status = Command::new("kill").args(["-HUP", &pid]).status().unwrap();
    assert!(status.success());
    let took = lock_freed_after(dir.path(), start);
    eprintln!("lock free {took:?} after SIGHUP");
    assert!(took <= Duration::from_millis(200), "lock held {took:?}");
    claim_saved(dir.path());
}
