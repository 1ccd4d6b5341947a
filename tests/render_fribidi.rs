//! `hashiya render` agrees with GNU FriBidi on real Arabic news text.
//!
//! Every non-empty line of ../shared/corpus/*.txt and of the NTREX Arabic
//! references goes through the real binary (`render --width 0 --no-pad`,
//! shaped, lam-alef ligatures on) and through
//! `fribidi --nopad --nobreak --reordernsm` (Debian `libfribidi-bin`).
//! fribidi's defaults shape (Presentation Forms-B), make lam-alef ligatures
//! (padding with U+FEFF, removed here) and mirror; `--reordernsm` is its
//! rule L3 (marks stay after their base), which hashiya always applies.
//! fribidi reads the same lines with CRLF turned into LF, since a paragraph
//! in hashiya excludes its `\r\n` terminator.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

const SHARED: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared");

/// Lines where hashiya and fribidi differ on purpose: (file name, 1-based
/// line, reason).
const KNOWN_DIFFERENCES: &[(&str, usize, &str)] = &[(
    "newstest2019-ref.arb.txt",
    1030,
    "a ZWJ after ڤ belongs to the letter's grapheme cluster, which hashiya keeps \
     in logical order inside the right-to-left run (L3 by clusters); fribidi \
     reverses it as a character of its own. The ZWJ is invisible: the screen \
     shows the same letters.",
)];

fn inputs() -> Vec<PathBuf> {
    let corpus = Path::new(SHARED).join("corpus");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&corpus)
        .unwrap_or_else(|e| panic!("{}: {e}", corpus.display()))
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    files.sort();
    assert!(!files.is_empty(), "no corpus files in {}", corpus.display());
    files.push(Path::new(SHARED).join("ntrex/newstest2019-ref.arb.txt"));
    files
}

fn fribidi(input: &str) -> String {
    let mut child = match Command::new("fribidi")
        .args(["--nopad", "--nobreak", "--reordernsm"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
    {
        Ok(child) => child,
        Err(e) => panic!("cannot run fribidi ({e}); install the Debian package `libfribidi-bin`"),
    };
    let mut stdin = child.stdin.take().expect("piped stdin");
    let data = input.to_string();
    let writer = std::thread::spawn(move || stdin.write_all(data.as_bytes()));
    let out = child.wait_with_output().expect("fribidi output");
    writer
        .join()
        .expect("writer thread")
        .expect("write to fribidi");
    assert!(out.status.success(), "fribidi failed: {:?}", out.status);
    String::from_utf8(out.stdout)
        .expect("fribidi prints UTF-8")
        .replace('\u{FEFF}', "")
}

#[test]
fn render_agrees_with_fribidi_on_the_corpus() {
    let mut compared = 0usize;
    let mut differences = Vec::new();
    for path in inputs() {
        let name = path
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or("")
            .to_string();
        let text =
            std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let lines: Vec<&str> = text.lines().collect();

        let out = Command::new(env!("CARGO_BIN_EXE_hashiya"))
            .args(["render", "--width", "0", "--no-pad"])
            .arg(&path)
            .output()
            .expect("run hashiya");
        assert!(out.status.success(), "hashiya render failed on {name}");
        let ours = String::from_utf8(out.stdout).expect("hashiya prints UTF-8");
        let ours: Vec<&str> = ours.lines().collect();
        assert_eq!(
            ours.len(),
            lines.len(),
            "{name}: one output line per input line"
        );

        let theirs = fribidi(&(lines.join("\n") + "\n"));
        let theirs: Vec<&str> = theirs.lines().collect();
        assert_eq!(theirs.len(), lines.len(), "{name}: fribidi line count");

        for (i, line) in lines.iter().enumerate() {
            if line.is_empty() {
                continue;
            }
            compared += 1;
            if ours[i] != theirs[i] {
                differences.push((
                    name.clone(),
                    i + 1,
                    ours[i].to_string(),
                    theirs[i].to_string(),
                ));
            }
        }
    }
    println!(
        "fribidi agreement: {compared} lines compared, {} differ ({} listed)",
        differences.len(),
        KNOWN_DIFFERENCES.len()
    );
    let unexplained: Vec<String> = differences
        .iter()
        .filter(|(f, l, _, _)| {
            !KNOWN_DIFFERENCES
                .iter()
                .any(|(kf, kl, _)| kf == f && kl == l)
        })
        .map(|(f, l, o, t)| format!("{f}:{l}\n  hashiya {o}\n  fribidi {t}"))
        .collect();
    assert!(
        unexplained.is_empty(),
        "unexplained differences:\n{}",
        unexplained.join("\n")
    );
    for (f, l, reason) in KNOWN_DIFFERENCES {
        assert!(
            differences.iter().any(|(df, dl, _, _)| df == f && dl == l),
            "{f}:{l} is listed as a difference ({reason}) but now agrees; remove it"
        );
    }
    assert!(compared > 2000, "only {compared} lines compared");
    assert!(
        differences.len() * 100 <= compared,
        "{} of {compared} lines differ (more than 1%)",
        differences.len()
    );
}
