//! Two annotators, one document, at the same time: the real binary twice in
//! tmux (`HASHIYA_ANNOTATOR=a` and `=b`) on a blind team corpus. Each tags
//! spans that overlap and match the other's; both quit. Then each layer
//! holds exactly what its annotator tagged, the gold file is byte for byte
//! what it was, `hashiya check` is clean, and — read from every screen
//! captured along the way with its SGR attributes — neither annotator ever
//! saw a highlight on text only the other tagged.
//!
//! Needs `tmux` (Debian package `tmux`); a missing tmux fails the test.

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

#[path = "support/tmux.rs"]
mod tmux_support;
use tmux_support::Tmux;

const TEXT: &str = "Alpha Beta Gamma Delta Epsilon Zeta Eta Theta Iota Kappa.\n";

/// Start hashiya on `dir/doc.txt` as `annotator` in a new session of `t`'s
/// server, named as `t`'s session.
fn start(t: &Tmux, dir: &Path, annotator: &str) {
    let bin = env!("CARGO_BIN_EXE_hashiya");
    let cmd = format!(
        "cd '{}' && HASHIYA_ANNOTATOR={annotator} NO_COLOR=1 XDG_CONFIG_HOME=/nonexistent '{bin}' doc.txt",
        dir.display()
    );
    let out = t.run(&[
        "new-session",
        "-d",
        "-s",
        &t.session,
        "-x",
        "100",
        "-y",
        "20",
        &cmd,
    ]);
    assert!(out.status.success(), "tmux new-session: {out:?}");
}

/// One drawn character and whether it carries a highlight: any SGR
/// attribute or colour. Cells in reverse video are the cursor and the
/// selection (bold too under `NO_COLOR`), never a highlight.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Cell {
    ch: char,
    highlight: bool,
}

/// The cells of each screen row, from `capture-pane -e` output.
fn cells(screen: &str) -> Vec<Vec<Cell>> {
    let mut rows = Vec::new();
    for line in screen.lines() {
        // bold, dim, italic, underline, colour set (fg, bg), reverse
        let mut attrs = [false; 7];
        let mut row = Vec::new();
        let mut chars = line.chars().peekable();
        while let Some(c) = chars.next() {
            if c == '\x1b' && chars.peek() == Some(&'[') {
                chars.next();
                let mut params = String::new();
                for p in chars.by_ref() {
                    if p.is_ascii_alphabetic() {
                        if p == 'm' {
                            apply_sgr(&params, &mut attrs);
                        }
                        break;
                    }
                    params.push(p);
                }
                continue;
            }
            row.push(Cell {
                ch: c,
                highlight: !attrs[6] && attrs[..6].iter().any(|a| *a),
            });
        }
        rows.push(row);
    }
    rows
}

fn apply_sgr(params: &str, attrs: &mut [bool; 7]) {
    let nums: Vec<&str> = params.split(';').collect();
    let mut i = 0;
    while i < nums.len() {
        match nums[i] {
            "" | "0" => *attrs = [false; 7],
            "7" => attrs[6] = true,
            "27" => attrs[6] = false,
            "1" => attrs[0] = true,
            "2" => attrs[1] = true,
            "3" => attrs[2] = true,
            "4" => attrs[3] = true,
            "22" => {
                attrs[0] = false;
                attrs[1] = false;
            }
            "23" => attrs[2] = false,
            "24" => attrs[3] = false,
            "39" => attrs[4] = false,
            "49" => attrs[5] = false,
            "38" | "48" => {
                attrs[if nums[i] == "38" { 4 } else { 5 }] = true;
                // 38;5;N or 38;2;R;G;B
                i += if nums.get(i + 1) == Some(&"5") { 2 } else { 4 };
            }
            n => {
                if let Ok(v) = n.parse::<u32>() {
                    if (30..=37).contains(&v) || (90..=97).contains(&v) {
                        attrs[4] = true;
                    }
                    if (40..=47).contains(&v) || (100..=107).contains(&v) {
                        attrs[5] = true;
                    }
                }
            }
        }
        i += 1;
    }
}

/// The text row of the document (the one holding "Alpha") and, for each
/// word of `words`, whether any of its characters carries a highlight.
fn highlighted(screen: &str, words: &[&str]) -> Vec<bool> {
    let rows = cells(screen);
    let row = rows
        .iter()
        .find(|r| {
            r.iter()
                .map(|c| c.ch)
                .collect::<String>()
                .contains("Alpha Beta")
        })
        .unwrap_or_else(|| panic!("no text row:\n{screen}"));
    let line: Vec<char> = row.iter().map(|c| c.ch).collect();
    words
        .iter()
        .map(|w| {
            let w: Vec<char> = w.chars().collect();
            let at = (0..=line.len() - w.len())
                .find(|&i| line[i..i + w.len()] == w[..])
                .unwrap_or_else(|| panic!("{w:?} not on screen"));
            row[at..at + w.len()].iter().any(|c| c.highlight)
        })
        .collect()
}

fn quotes(layer: &Path) -> Vec<String> {
    let text = std::fs::read_to_string(layer).unwrap();
    let mut q: Vec<String> = text
        .lines()
        .filter_map(|l| l.strip_prefix("quote = \""))
        .map(|l| l.trim_end_matches('"').to_string())
        .collect();
    q.sort();
    q
}

#[test]
fn two_annotators_edit_their_own_layers_of_one_document_at_once() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::write(
        d.join("hashiya.toml"),
        "[team]\nannotators = [\"a\", \"b\"]\nblind = true\n",
    )
    .unwrap();
    std::fs::write(d.join("doc.txt"), TEXT).unwrap();
    // A gold file from earlier adjudication: nobody's keys may touch it.
    let gold = format!(
        "version = 1\ndocument = \"doc.txt\"\nsha256 = \"{}\"\n\n[[annotation]]\nid = \"gold000001\"\nlabel = \"claim\"\nstart = 51\nend = 56\nquote = \"Kappa\"\nannotator = \"adj\"\nstatus = \"accepted\"\n",
        hashiya::sidecar::sha256_hex(TEXT.as_bytes())
    );
    std::fs::write(d.join("doc.ann.toml"), &gold).unwrap();

    let ta = Tmux::new(format!("hashiya-team-{}", std::process::id()), "A", 80);
    let tb = ta.other("B");
    start(&ta, d, "a");
    start(&tb, d, "b");
    ta.wait_for("(own layer)");
    tb.wait_for("(own layer)");
    // a: "Beta" (also b's), "Gamma Delta" (overlaps b's "Delta Epsilon").
    // b: "Beta", "Delta Epsilon", "Theta". Keys interleaved, one at a time.
    let a_keys = ["w", "i", "c", "w", "v", "w", "E", "c"];
    let b_keys = [
        "w", "i", "c", "w", "w", "v", "w", "E", "c", "w", "w", "w", "i", "c",
    ];
    let mut screens_a = Vec::new();
    let mut screens_b = Vec::new();
    for i in 0..a_keys.len().max(b_keys.len()) {
        if let Some(k) = a_keys.get(i) {
            ta.keys(&[k]);
        }
        if let Some(k) = b_keys.get(i) {
            tb.keys(&[k]);
        }
        screens_a.push(ta.settled());
        screens_b.push(tb.settled());
    }
    // The cursor back at the start, so that no span is drawn as the one
    // under the cursor (reverse video).
    ta.keys(&["g"]);
    tb.keys(&["g"]);
    let last_a = ta.settled();
    let last_b = tb.settled();
    screens_a.push(last_a.clone());
    screens_b.push(last_b.clone());
    // Each sees their own spans highlighted (the parser sees highlights)…
    assert_eq!(
        highlighted(&last_a, &["Beta", "Gamma", "Delta"]),
        [true, true, true],
        "{last_a}"
    );
    assert_eq!(
        highlighted(&last_b, &["Beta", "Delta", "Epsilon", "Theta"]),
        [true, true, true, true],
        "{last_b}"
    );
    // …and never, on any screen, what only the other tagged, nor the gold
    // layer's annotation.
    for s in &screens_a {
        assert_eq!(
            highlighted(s, &["Epsilon", "Theta", "Kappa"]),
            [false, false, false],
            "a saw b's work:\n{s}"
        );
    }
    for s in &screens_b {
        assert_eq!(
            highlighted(s, &["Gamma", "Kappa"]),
            [false, false],
            "b saw a's work:\n{s}"
        );
    }
    // The other layers key says why nothing is shown.
    ta.keys(&["O"]);
    ta.wait_for("blind");

    ta.keys(&["q"]);
    tb.keys(&["q"]);
    let start = Instant::now();
    while ta.run(&["has-session", "-t", "A"]).status.success()
        || ta.run(&["has-session", "-t", "B"]).status.success()
    {
        assert!(start.elapsed() < Duration::from_secs(10), "did not quit");
        std::thread::sleep(Duration::from_millis(50));
    }
    assert_eq!(quotes(&d.join("doc.a.layer.toml")), ["Beta", "Gamma Delta"]);
    assert_eq!(
        quotes(&d.join("doc.b.layer.toml")),
        ["Beta", "Delta Epsilon", "Theta"]
    );
    for (who, file) in [("a", "doc.a.layer.toml"), ("b", "doc.b.layer.toml")] {
        let text = std::fs::read_to_string(d.join(file)).unwrap();
        assert!(
            text.contains(&format!("\nannotator = \"{who}\"\n")),
            "{text}"
        );
        assert_eq!(
            text.matches(&format!("annotator = \"{who}\"")).count(),
            1 + text.matches("[[annotation]]").count(),
            "{text}"
        );
    }
    assert_eq!(
        std::fs::read_to_string(d.join("doc.ann.toml")).unwrap(),
        gold
    );
    // No lock file is left behind.
    let hidden: Vec<String> = std::fs::read_dir(d)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with('.'))
        .collect();
    assert!(hidden.is_empty(), "{hidden:?}");
    let check = Command::new(env!("CARGO_BIN_EXE_hashiya"))
        .arg("check")
        .current_dir(d)
        .output()
        .unwrap();
    assert!(
        check.status.success(),
        "check: {}{}",
        String::from_utf8_lossy(&check.stdout),
        String::from_utf8_lossy(&check.stderr)
    );
}
