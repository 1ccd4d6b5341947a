//! Hostile input met by the reader itself (the real binary in tmux): a
//! sidecar nested 30,000 deep and a FIFO where a sidecar should be do not
//! crash or freeze it; a document named twice on the command line opens
//! once instead of meeting its own lock.
//!
//! Needs `tmux` (Debian package `tmux`); a missing tmux fails.

use std::fs;
use std::path::Path;

#[path = "support/tmux.rs"]
mod tmux_support;
use tmux_support::Tmux;

/// hashiya with `args` in `dir`, under a shell that prints its exit status
/// when it ends (`EXIT=n`), at 120×30.
fn start(name: &str, dir: &Path, args: &str) -> Tmux {
    let tmux = Tmux::new(format!("hashiya-{name}-{}", std::process::id()), "h", 150);
    let config = dir.join(".config");
    fs::create_dir_all(&config).unwrap();
    let cmd = format!(
        "cd '{}' && {} {args}; echo EXIT=$?; sleep 60",
        dir.display(),
        env!("CARGO_BIN_EXE_hashiya"),
    );
    let xdg = format!("XDG_CONFIG_HOME={}", config.display());
    let out = tmux.run(&[
        "new-session",
        "-d",
        "-s",
        "h",
        "-x",
        "120",
        "-y",
        "30",
        "-e",
        &xdg,
        "sh",
        "-c",
        &cmd,
    ]);
    assert!(out.status.success(), "tmux new-session: {out:?}");
    tmux
}

/// Items 7 and 9 of the hostile-input list: the corpus browser opens over
/// a sidecar nested 30,000 deep (it used to overflow the stack, exit 134)
/// and a FIFO sidecar (it used to block reading it, Ctrl-C and q dead);
/// both are reported, the other documents listed, and ctrl-q quits.
#[test]
fn the_browser_opens_over_a_deep_sidecar_and_a_fifo_and_quits() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    fs::write(d.join("a.txt"), "Joe Biden spoke on Monday.\n").unwrap();
    let deep = format!(
        "version = 1\ndocument = \"a.txt\"\nx = {}{}\n",
        "[".repeat(30_000),
        "]".repeat(30_000)
    );
    fs::write(d.join("a.ann.toml"), deep).unwrap();
    fs::write(d.join("b.txt"), "Hello there.\n").unwrap();
    let fifo = std::process::Command::new("mkfifo")
        .arg(d.join("b.ann.toml"))
        .status()
        .unwrap();
    assert!(fifo.success());
    fs::write(d.join("c.txt"), "Tyre harbour.\n").unwrap();
    let tmux = start("deep", d, ".");
    let screen = tmux.wait_for("3 documents");
    assert!(!screen.contains("EXIT="), "{screen}");
    let screen = tmux.wait_for("c.txt");
    assert!(screen.contains("a.ann.toml:3:"), "{screen}");
    tmux.settled();
    tmux.keys(&["C-q"]);
    let screen = tmux.wait_for("EXIT=");
    assert!(screen.contains("EXIT=0"), "{screen}");
}

/// Item 13: `hashiya a.txt ./a.txt` opens the document once; the second
/// name no longer meets the first one's lock.
#[test]
fn one_document_named_twice_opens_once() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(
        dir.path().join("a.txt"),
        "Tyre harbour received 1,250 containers.\n",
    )
    .unwrap();
    let tmux = start("twice", dir.path(), "a.txt ./a.txt");
    let screen = tmux.wait_for("harbour received 1,250");
    assert!(!screen.contains("lock"), "{screen}");
    assert!(!screen.contains("EXIT="), "{screen}");
    tmux.settled();
    tmux.keys(&["q"]);
    let screen = tmux.wait_for("EXIT=");
    assert!(screen.contains("EXIT=0"), "{screen}");
}

/// Item 12: a document whose name holds an OSC 52 clipboard write, a BEL
/// and a right-to-left override. Its title, its status line and the exit
/// line that names it unsaved (its sidecar's place taken by a folder, so
/// the save fails) show the name escaped, never raw.
#[test]
fn a_name_with_escape_sequences_reaches_the_terminal_escaped() {
    let dir = tempfile::tempdir().unwrap();
    let evil = "x\u{1b}]52;c;aGk=\u{7}\u{202e}";
    fs::write(
        dir.path().join(format!("{evil}.txt")),
        "Joe Biden spoke on Monday.\n",
    )
    .unwrap();
    let err = dir.path().join("stderr.txt");
    // The name is passed through a glob, so no shell quoting meets it.
    let tmux = start(
        "evil",
        dir.path(),
        &format!("./x*.txt 2>'{}'", err.display()),
    );
    let shown = "x\\u{1b}]52;c;aGk=\\u{7}\\u{202e}.txt";
    let screen = tmux.wait_for("spoke on Monday");
    assert!(screen.contains(shown), "{screen}");
    tmux.settled();
    tmux.keys(&["c"]);
    tmux.wait_for("claim 1");
    fs::create_dir(dir.path().join(format!("{evil}.ann.toml"))).unwrap();
    tmux.keys(&["w", "c", "q", "q"]);
    let screen = tmux.wait_for("EXIT=");
    assert!(screen.contains("EXIT=1"), "{screen}");
    let said = fs::read_to_string(&err).unwrap();
    assert!(said.contains(&format!("not saved: {shown}")), "{said:?}");
    for raw in ['\u{1b}', '\u{7}', '\u{202e}'] {
        assert!(!said.contains(raw), "raw {raw:?} in {said:?}");
    }
}

/// Item 9, the reader: `hashiya b.txt` whose sidecar is a FIFO. It used to
/// block reading it before the first frame (a blank screen, q dead); now
/// the document is not opened, the FIFO is named, and ctrl-q quits.
#[test]
fn a_document_whose_sidecar_is_a_fifo_is_refused_not_read() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    fs::write(d.join("b.txt"), "Hello there.\n").unwrap();
    let fifo = std::process::Command::new("mkfifo")
        .arg(d.join("b.ann.toml"))
        .status()
        .unwrap();
    assert!(fifo.success());
    let tmux = start("fifo", d, "b.txt");
    let screen = tmux.wait_for("not a regular file");
    assert!(screen.contains("b.ann.toml"), "{screen}");
    tmux.settled();
    tmux.keys(&["C-q"]);
    let screen = tmux.wait_for("EXIT=");
    assert!(screen.contains("EXIT=0"), "{screen}");
}
