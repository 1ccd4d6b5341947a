//! The real binary in tmux at 160×45 on a copy of ../shared/corpus, with
//! `000_…` (Arabic) and `003_…` (its English translation) side by side:
//! select a phrase in the Arabic pane with keys and tag it as a claim, tag a
//! figure in the English pane, link the two, quit, then check the sidecars
//! on disk against the document text and against what the screen showed.
//!
//! Needs `tmux` (Debian package `tmux`) and `python3` (package `python3`,
//! used as an outside reference for NFKC, which maps the presentation forms
//! drawn on screen back to the letters of the file). Missing tools fail.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

#[path = "support/tmux.rs"]
mod tmux_support;
use tmux_support::Tmux;

const AR: &str = "000_d3ec274e292e3ca0.txt";
const EN: &str = "003_ef756300ad867e8b.txt";

/// Per screen row, the characters drawn in reverse video (under `NO_COLOR`
/// the selection and the cursor are reverse video), in screen order.
/// Understands the SGR sequences tmux writes: 0/empty resets, 7 sets, 27 clears.
fn reversed_runs(screen: &str) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    for (y, line) in screen.lines().enumerate() {
        let mut rev = false;
        let mut got = String::new();
        let mut chars = line.chars().peekable();
        while let Some(c) = chars.next() {
            if c == '\x1b' && chars.peek() == Some(&'[') {
                chars.next();
                let mut params = String::new();
                for p in chars.by_ref() {
                    if p.is_ascii_alphabetic() {
                        if p == 'm' {
                            for n in params.split(';') {
                                match n {
                                    "" | "0" => rev = false,
                                    "7" => rev = true,
                                    "27" => rev = false,
                                    _ => {}
                                }
                            }
                        }
                        break;
                    }
                    params.push(p);
                }
                continue;
            }
            if rev {
                got.push(c);
            }
        }
        if !got.is_empty() {
            out.push((y, got));
        }
    }
    out
}

fn nfkc(s: &str) -> String {
    use std::io::Write;
    let mut child = Command::new("python3")
        .args(["-c", "import sys,unicodedata; sys.stdout.write(unicodedata.normalize('NFKC', sys.stdin.read()))"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot run python3 ({e}): install the Debian package `python3`"));
    child.stdin.take().unwrap().write_all(s.as_bytes()).unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success());
    String::from_utf8(out.stdout).unwrap()
}

/// The text selected on screen: reverse-video cells of the text rows (the
/// header, status and message rows excluded). Only the active pane draws a
/// cursor and a selection, so nothing else is reversed there.
fn selected(screen: &str) -> String {
    reversed_runs(screen)
        .into_iter()
        .filter(|(y, _)| (1..43).contains(y))
        .map(|(_, run)| run)
        .collect()
}

fn sidecar_annotations(path: &Path) -> Vec<toml::Table> {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let doc: toml::Table =
        toml::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    doc.get("annotation")
        .and_then(|a| a.as_array())
        .unwrap_or_else(|| panic!("{}: no [[annotation]]:\n{text}", path.display()))
        .iter()
        .map(|a| a.as_table().unwrap().clone())
        .collect()
}

fn field<'a>(t: &'a toml::Table, k: &str) -> &'a toml::Value {
    t.get(k).unwrap_or_else(|| panic!("no {k} in {t:?}"))
}

/// `text[start:end]` in code points, as Python would slice it.
fn slice_cp(text: &str, start: i64, end: i64) -> String {
    text.chars()
        .skip(start as usize)
        .take((end - start) as usize)
        .collect()
}

#[test]
fn tag_a_claim_and_a_figure_link_them_and_check_the_sidecars() {
    let shared = PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/corpus"));
    let dir = tempfile::tempdir().unwrap();
    for f in [AR, EN] {
        std::fs::copy(shared.join(f), dir.path().join(f)).unwrap();
    }
    let config = tempfile::tempdir().unwrap();
    let tmux = Tmux::new(format!("hashiya-e2e-{}", std::process::id()), "e2e", 250);
    let cmd = format!(
        "{} {} {}",
        env!("CARGO_BIN_EXE_hashiya"),
        dir.path().join(AR).display(),
        dir.path().join(EN).display()
    );
    let xdg = format!("XDG_CONFIG_HOME={}", config.path().display());
    let out = tmux.run(&[
        "new-session",
        "-d",
        "-s",
        "e2e",
        "-x",
        "160",
        "-y",
        "45",
        "-e",
        &xdg,
        "-e",
        "NO_COLOR=1",
        "-e",
        "USER=e2e-annotator",
        &cmd,
    ]);
    assert!(out.status.success(), "tmux new-session: {out:?}");
    let first = tmux.wait_for(EN);
    // Arabic on the right, English (active) on the left.
    let header = first.lines().next().unwrap();
    assert!(
        header.find(EN).unwrap() < header.find(AR).unwrap(),
        "{header}"
    );

    // Arabic pane: second paragraph, third word, three words selected.
    tmux.keys(&["Tab", "}", "w", "w", "v", "E", "E", "E"]);
    let screen = tmux.settled();
    let shown = selected(&screen);
    // Drawn in visual order (right to left reads backwards), in presentation
    // forms: reverse and normalize to compare with the file's letters.
    let shown_ar: String = nfkc(&shown.chars().rev().collect::<String>());
    assert_eq!(shown_ar, "أكد أن الغرب", "on screen: {shown:?}");
    tmux.keys(&["c"]);
    tmux.wait_for("tagged as claim");

    // English pane: search a figure, tag it.
    tmux.keys(&["Tab", "/"]);
    tmux.literal("2,500");
    tmux.keys(&["Enter"]);
    let screen = tmux.settled();
    let shown_en = selected(&screen);
    assert_eq!(shown_en, "2,500", "on screen");
    tmux.keys(&["f"]);
    tmux.wait_for("tagged as figure");

    // Link: the figure (cursor is on it), then the claim in the other pane.
    tmux.keys(&["L", "Tab", "L"]);
    tmux.wait_for("linked as translations");
    tmux.keys(&["q"]);
    let start = Instant::now();
    while tmux.run(&["has-session", "-t", "e2e"]).status.success() {
        assert!(
            start.elapsed() < Duration::from_secs(10),
            "hashiya did not quit"
        );
        std::thread::sleep(Duration::from_millis(100));
    }

    // The sidecars.
    let side = |f: &str| dir.path().join(f.replace(".txt", ".ann.toml"));
    let ar_text = std::fs::read_to_string(dir.path().join(AR)).unwrap();
    let en_text = std::fs::read_to_string(dir.path().join(EN)).unwrap();
    let ar = sidecar_annotations(&side(AR));
    let en = sidecar_annotations(&side(EN));
    assert_eq!((ar.len(), en.len()), (1, 1));
    let (claim, figure) = (&ar[0], &en[0]);
    for (a, text) in [(claim, &ar_text), (figure, &en_text)] {
        let (s, e) = (
            field(a, "start").as_integer().unwrap(),
            field(a, "end").as_integer().unwrap(),
        );
        assert_eq!(slice_cp(text, s, e), field(a, "quote").as_str().unwrap());
        assert_eq!(field(a, "annotator").as_str(), Some("e2e-annotator"));
    }
    assert_eq!(field(claim, "label").as_str(), Some("claim"));
    assert_eq!(field(claim, "quote").as_str(), Some(shown_ar.as_str()));
    assert_eq!(field(figure, "label").as_str(), Some("figure"));
    assert_eq!(field(figure, "quote").as_str(), Some(shown_en.as_str()));
    let link = |a: &toml::Table| -> (String, String) {
        let l = field(a, "links").as_array().unwrap()[0]
            .as_table()
            .unwrap()
            .clone();
        (
            field(&l, "target").as_str().unwrap().to_string(),
            field(&l, "kind").as_str().unwrap().to_string(),
        )
    };
    let id = |a: &toml::Table| field(a, "id").as_str().unwrap().to_string();
    assert_eq!(
        link(claim),
        (format!("{EN}#{}", id(figure)), "translation".to_string())
    );
    assert_eq!(
        link(figure),
        (format!("{AR}#{}", id(claim)), "translation".to_string())
    );
    // And `hashiya check` (the sidecar validator) finds nothing wrong,
    // dangling links included.
    let check = Command::new(env!("CARGO_BIN_EXE_hashiya"))
        .arg("check")
        .arg(dir.path())
        .output()
        .unwrap();
    let report = String::from_utf8_lossy(&check.stderr).into_owned()
        + &String::from_utf8_lossy(&check.stdout);
    assert!(check.status.success(), "hashiya check: {report}");
    assert!(report.contains("2 sidecars, 0 problems"), "{report}");
}

/// SIGTERM: the change made before is on disk and the terminal is back on
/// its main screen (a process killed without restoring would leave the
/// reader on tmux's alternate screen, which `remain-on-exit` keeps visible).
#[test]
fn sigterm_saves_and_restores_the_terminal() {
    let shared = PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/corpus"));
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(shared.join(EN), dir.path().join(EN)).unwrap();
    let config = tempfile::tempdir().unwrap();
    let tmux = Tmux::new(
        format!("hashiya-e2e-term-{}", std::process::id()),
        "e2e",
        250,
    );
    let cmd = format!(
        "exec {} {}",
        env!("CARGO_BIN_EXE_hashiya"),
        dir.path().join(EN).display()
    );
    let xdg = format!("XDG_CONFIG_HOME={}", config.path().display());
    let out = tmux.run(&[
        "new-session",
        "-d",
        "-s",
        "e2e",
        "-x",
        "100",
        "-y",
        "30",
        "-e",
        &xdg,
        &cmd,
        ";",
        "set-option",
        "-t",
        "e2e",
        "remain-on-exit",
        "on",
    ]);
    assert!(out.status.success(), "tmux new-session: {out:?}");
    tmux.wait_for("claim 0");
    tmux.keys(&["c"]);
    tmux.wait_for("tagged as claim");
    let pid = String::from_utf8(
        tmux.run(&["list-panes", "-t", "e2e", "-F", "#{pane_pid}"])
            .stdout,
    )
    .unwrap();
    let st = Command::new("kill")
        .args(["-TERM", pid.trim()])
        .status()
        .unwrap();
    assert!(st.success());
    let start = Instant::now();
    loop {
        let dead = tmux.run(&["list-panes", "-t", "e2e", "-F", "#{pane_dead}"]);
        if String::from_utf8_lossy(&dead.stdout).trim() == "1" {
            break;
        }
        assert!(
            start.elapsed() < Duration::from_secs(5),
            "hashiya did not end on SIGTERM"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
    let screen = String::from_utf8(tmux.run(&["capture-pane", "-p", "-t", "e2e"]).stdout).unwrap();
    assert!(
        !screen.contains("claim 1"),
        "the reader is still on screen:\n{screen}"
    );
    let sidecar =
        std::fs::read_to_string(dir.path().join(EN.replace(".txt", ".ann.toml"))).unwrap();
    assert!(sidecar.contains("label = \"claim\""), "{sidecar}");
}
