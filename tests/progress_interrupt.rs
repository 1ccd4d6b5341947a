//! Long work: the progress bar and Ctrl-C, with the real binary.
//!
//! - `suggest` over thousands of documents, interrupted (SIGINT, as Ctrl-C
//!   sends it) once it has written a few sidecars: it exits 130, says how
//!   many documents it finished, leaves every sidecar whole and no temp
//!   file, and a second run finishes the rest; with standard error not a
//!   terminal nothing but that message is written there.
//! - `import` of a large JSONL interrupted the same way: what it imported is
//!   whole and a second run adds exactly what is missing.
//! - `export --out` interrupted while it writes: the file there before is
//!   untouched and no temp file is left; uninterrupted, it is replaced whole.
//! - `agree` interrupted while it reads the layers, and while it draws its
//!   bootstrap samples; `pair --suggest --write` while it reads the
//!   documents, and while it scores them: exit 130 with "N of M" of that
//!   stage, nothing on standard output, the manifest as it was. The stage
//!   a command is in is told by how many bytes it has read so far
//!   (`rchar` in /proc/PID/io): each stage reads a known amount, and the
//!   last (sampling, scoring) reads nothing.
//! - `status` interrupted while it reads the layers: exit 130, nothing printed.
//! - In a terminal (tmux) the bar is drawn on standard error.
//!
//! Needs `kill` (procps) and `tmux`; a missing tool fails the test.

use std::io::{BufRead as _, BufReader};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

#[path = "support/tmux.rs"]
mod tmux_support;
use tmux_support::Tmux;

const BIN: &str = env!("CARGO_BIN_EXE_hashiya");
const SEED: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/corpus");

/// Paragraphs of the seed articles, to build many small documents from.
fn paragraphs() -> Vec<String> {
    let mut out = Vec::new();
    let mut names: Vec<_> = std::fs::read_dir(SEED)
        .expect("../shared/corpus")
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    names.sort();
    for p in names {
        let text = std::fs::read_to_string(&p).expect("seed article");
        out.extend(
            text.split("\n\n")
                .map(str::trim)
                .filter(|p| p.chars().count() > 40)
                .map(str::to_string),
        );
    }
    assert!(out.len() > 20, "seed paragraphs: {}", out.len());
    out
}

/// `n` documents in folders of 500, each with a figure so that every one
/// gets at least one suggestion (and so a sidecar).
fn corpus(dir: &Path, n: usize) -> Vec<String> {
    let paras = paragraphs();
    std::fs::write(dir.join("hashiya.toml"), "").expect("manifest");
    let mut rels = Vec::new();
    for i in 0..n {
        let rel = format!("part{:02}/doc{i:05}.txt", i / 500);
        let a = &paras[i % paras.len()];
        let b = &paras[(i * 7 + 3) % paras.len()];
        let text = format!("{a}\n\n{b}\n\nThe ministry counted 5,700 people in 2023.\n");
        let path = dir.join(&rel);
        std::fs::create_dir_all(path.parent().expect("folder")).expect("mkdir");
        std::fs::write(path, text).expect("document");
        rels.push(rel);
    }
    rels
}

fn files_ending(dir: &Path, suffix: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).expect("read_dir").flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else if let Some(name) = p.file_name().and_then(|n| n.to_str())
                && name.ends_with(suffix)
            {
                out.push(name.to_string());
            }
        }
    }
    out
}

fn interrupt(pid: u32) {
    let st = Command::new("kill")
        .args(["-INT", &pid.to_string()])
        .status()
        .expect("kill (Debian package procps)");
    assert!(st.success());
}

/// The `N` of "interrupted: N of M …".
fn done_count(stderr: &str, total: usize) -> usize {
    let rest = stderr
        .split("interrupted: ")
        .nth(1)
        .unwrap_or_else(|| panic!("no interruption message: {stderr}"));
    let mut words = rest.split_whitespace();
    let done: usize = words.next().and_then(|w| w.parse().ok()).expect("count");
    assert_eq!(words.next(), Some("of"), "{stderr}");
    assert_eq!(
        words.next().and_then(|w| w.parse::<usize>().ok()),
        Some(total),
        "{stderr}"
    );
    done
}

#[test]
fn suggest_stops_between_documents_and_leaves_every_sidecar_whole() {
    let dir = tempfile::tempdir().expect("tempdir");
    let n = 4000;
    corpus(dir.path(), n);
    let started = Instant::now();
    let mut child = Command::new(BIN)
        .arg("suggest")
        .arg(dir.path())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("hashiya suggest");
    let stdout = child.stdout.take().expect("stdout");
    let mut lines = BufReader::new(stdout).lines();
    // Past the first second (when a bar would show on a terminal), and a
    // few sidecars written.
    let mut written = 0;
    for line in lines.by_ref() {
        let line = line.expect("line");
        if line.starts_with("  wrote ") {
            written += 1;
        }
        if written >= 5 && started.elapsed() > Duration::from_millis(1500) {
            break;
        }
    }
    interrupt(child.id());
    // Drain stdout so the child is never blocked on a full pipe.
    let drained = std::thread::spawn(move || lines.count());
    let out = child.wait_with_output().expect("wait");
    drained.join().expect("stdout reader");
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert_eq!(out.status.code(), Some(130), "stderr: {stderr}");
    let done = done_count(&stderr, n);
    assert!(done >= 5 && done < n, "{done} of {n} done: {stderr}");
    assert!(stderr.contains("nothing was left half-written"), "{stderr}");
    // Standard error is a pipe: no bar, no escape codes, no carriage returns.
    assert_eq!(
        stderr.trim_end().lines().count(),
        1,
        "only the message on a pipe: {stderr:?}"
    );
    assert!(
        !stderr.contains('\u{1b}') && !stderr.contains('\r'),
        "{stderr:?}"
    );
    // Every finished document has its sidecar; nothing half-written.
    assert_eq!(files_ending(dir.path(), ".ann.toml").len(), done);
    assert!(files_ending(dir.path(), ".tmp").is_empty());
    let check = Command::new(BIN)
        .arg("check")
        .arg(dir.path())
        .output()
        .expect("check");
    assert!(
        check.status.success(),
        "check after the interruption: {}{}",
        String::from_utf8_lossy(&check.stdout),
        String::from_utf8_lossy(&check.stderr)
    );
    // A second run does the rest.
    let again = Command::new(BIN)
        .arg("suggest")
        .arg(dir.path())
        .stdout(Stdio::null())
        .output()
        .expect("suggest again");
    assert!(again.status.success(), "{again:?}");
    assert_eq!(files_ending(dir.path(), ".ann.toml").len(), n);
}

/// One JSONL line per document: a figure span found with Python-free
/// arithmetic: the fixed last sentence's number, in code points.
fn jsonl(dir: &Path, rels: &[String]) -> String {
    let mut s = String::new();
    for rel in rels {
        let text = std::fs::read_to_string(dir.join(rel)).expect("doc");
        let byte = text.rfind("5,700 people").expect("figure sentence");
        let start = text.get(..byte).expect("boundary").chars().count();
        let end = start + "5,700 people".chars().count();
        s.push_str(&format!(
            "{{\"path\": \"{rel}\", \"spans\": [{{\"start\": {start}, \"end\": {end}, \"label\": \"figure\", \"text\": \"5,700 people\", \"status\": \"accepted\"}}]}}\n"
        ));
    }
    s
}

#[test]
fn import_stops_between_documents_and_a_second_run_adds_the_rest() {
    let dir = tempfile::tempdir().expect("tempdir");
    let n = 4000;
    let rels = corpus(dir.path(), n);
    let input = dir.path().join("in.jsonl");
    std::fs::write(&input, jsonl(dir.path(), &rels)).expect("jsonl");
    let child = Command::new(BIN)
        .args(["import", "--format", "jsonl", "--corpus"])
        .arg(dir.path())
        .arg(&input)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("hashiya import");
    // Once a few sidecars exist.
    let start = Instant::now();
    while files_ending(dir.path(), ".ann.toml").len() < 5 {
        assert!(start.elapsed() < Duration::from_secs(60), "no sidecar");
        std::thread::sleep(Duration::from_millis(20));
    }
    interrupt(child.id());
    let out = child.wait_with_output().expect("wait");
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    if out.status.code() == Some(0) {
        // Finished before the signal came: nothing to check of an interruption.
        panic!("import finished before the interruption; make the input larger: {stdout}");
    }
    assert_eq!(out.status.code(), Some(130), "stderr: {stderr}");
    assert!(stderr.contains("interrupted: "), "{stderr}");
    let imported: usize = stdout
        .strip_prefix("imported ")
        .and_then(|s| s.split_whitespace().next())
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("summary: {stdout}"));
    assert!(imported >= 5 && imported < n, "{imported}: {stdout}");
    assert_eq!(files_ending(dir.path(), ".ann.toml").len(), imported);
    assert!(files_ending(dir.path(), ".tmp").is_empty());
    let again = Command::new(BIN)
        .args(["import", "--format", "jsonl", "--corpus"])
        .arg(dir.path())
        .arg(&input)
        .output()
        .expect("import again");
    assert!(again.status.success(), "{again:?}");
    let summary = String::from_utf8_lossy(&again.stdout);
    assert!(
        summary.starts_with(&format!(
            "imported {} annotation(s); {imported} already there",
            n - imported
        )),
        "{summary}"
    );
}

#[test]
fn the_bar_is_drawn_in_a_terminal() {
    let dir = tempfile::tempdir().expect("tempdir");
    // Enough work to last well past the first second on a fast machine.
    let n = 20_000;
    corpus(dir.path(), n);
    let t = Tmux::new(
        format!("hashiya-progress-{}", std::process::id()),
        "bar",
        100,
    );
    let cmd = format!(
        "{BIN} suggest --dry-run {} > /dev/null; echo exit=$?; sleep 60",
        dir.path().display()
    );
    let out = t.run(&[
        "new-session",
        "-d",
        "-s",
        "bar",
        "-x",
        "100",
        "-y",
        "10",
        &cmd,
    ]);
    assert!(out.status.success(), "tmux: {out:?}");
    let start = Instant::now();
    loop {
        let screen = t.capture();
        let bar = screen.lines().any(|l| {
            l.starts_with("suggest ")
                && l.contains(&format!("/{n} documents"))
                && l.contains("left")
        });
        if bar {
            break;
        }
        assert!(
            !screen.contains("exit="),
            "finished without a bar ever seen: {screen}"
        );
        assert!(start.elapsed() < Duration::from_secs(60), "{screen}");
    }
    // The bar is gone when the work is over.
    let screen = t.wait_for("exit=0");
    assert!(!screen.contains("documents,"), "{screen}");
}

#[test]
fn an_interrupted_export_leaves_the_earlier_output_as_it_was() {
    let dir = tempfile::tempdir().expect("tempdir");
    let n = 4000;
    corpus(dir.path(), n);
    let out_dir = tempfile::tempdir().expect("out dir");
    let out_file = out_dir.path().join("all.jsonl");
    std::fs::write(&out_file, "an earlier export\n").expect("earlier output");
    let export = || {
        let mut c = Command::new(BIN);
        c.args(["export", "--format", "jsonl", "--documents", "all", "--out"])
            .arg(&out_file)
            .arg(dir.path())
            .stdout(Stdio::null())
            .stderr(Stdio::piped());
        c
    };
    let child = export().spawn().expect("hashiya export");
    // The new output is being written (to its temp file) before Ctrl-C.
    let start = Instant::now();
    while files_ending(out_dir.path(), ".tmp").is_empty() {
        assert!(start.elapsed() < Duration::from_secs(60), "no temp file");
        std::thread::sleep(Duration::from_millis(5));
    }
    interrupt(child.id());
    let out = child.wait_with_output().expect("wait");
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert_eq!(out.status.code(), Some(130), "stderr: {stderr}");
    assert!(
        stderr.contains("no output was written; files there before are untouched"),
        "{stderr}"
    );
    assert_eq!(
        std::fs::read_to_string(&out_file).expect("output"),
        "an earlier export\n"
    );
    assert!(files_ending(out_dir.path(), ".tmp").is_empty());
    // Uninterrupted, the file is replaced by the whole export.
    let done = export().output().expect("export again");
    assert!(done.status.success(), "{done:?}");
    let text = std::fs::read_to_string(&out_file).expect("output");
    assert_eq!(text.lines().count(), n);
    assert!(text.lines().all(|l| l.starts_with('{') && l.ends_with('}')));
}

/// Every document of [`corpus`] annotated by `who`, each in their own
/// layer, marked done, with the figure of the fixed last sentence (its
/// place in code points found by plain arithmetic).
fn layers(dir: &Path, rels: &[String], who: &[&str]) {
    use sha2::{Digest, Sha256};
    let team: Vec<String> = who.iter().map(|w| format!("\"{w}\"")).collect();
    std::fs::write(
        dir.join("hashiya.toml"),
        format!("[team]\nannotators = [{}]\n", team.join(", ")),
    )
    .expect("manifest");
    for rel in rels {
        let path = dir.join(rel);
        let text = std::fs::read_to_string(&path).expect("doc");
        let hash: String = Sha256::digest(text.as_bytes())
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        let byte = text.rfind("5,700 people").expect("figure sentence");
        let start = text.get(..byte).expect("boundary").chars().count();
        let name = path.file_name().and_then(|n| n.to_str()).expect("name");
        let stem = name.strip_suffix(".txt").expect(".txt");
        for w in who {
            let layer = format!(
                "version = 1\ndocument = \"{name}\"\nsha256 = \"{hash}\"\nannotator = \"{w}\"\nstatus = \"done\"\n\n\
                 [[annotation]]\nid = \"{w}1\"\nlabel = \"figure\"\nstart = {start}\nend = {}\n\
                 quote = \"5,700 people\"\nannotator = \"{w}\"\nstatus = \"accepted\"\n",
                start + 12
            );
            std::fs::write(path.with_file_name(format!("{stem}.{w}.layer.toml")), layer)
                .expect("layer");
        }
    }
}

/// The bytes of the files under `dir` whose name ends with `suffix`.
fn bytes_ending(dir: &Path, suffix: &str) -> u64 {
    let mut total = 0;
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).expect("read_dir").flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else if p.to_string_lossy().ends_with(suffix) {
                total += e.metadata().expect("metadata").len();
            }
        }
    }
    total
}

/// Start `args` with both outputs piped, send SIGINT once the process has
/// read `bytes` bytes (its `rchar`) and, with `settled`, then read nothing
/// for 50 ms (its reading is over), and return the exit code, standard
/// output and standard error.
fn interrupted_after_reading(
    args: &[&std::ffi::OsStr],
    bytes: u64,
    settled: bool,
) -> (Option<i32>, String, String) {
    let child = Command::new(BIN)
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("hashiya");
    let io = format!("/proc/{}/io", child.id());
    let start = Instant::now();
    let mut last = (0, Instant::now());
    loop {
        let read: Option<u64> = std::fs::read_to_string(&io).ok().and_then(|t| {
            t.lines()
                .find_map(|l| l.strip_prefix("rchar: "))
                .and_then(|n| n.trim().parse().ok())
        });
        // Gone already: the output tells.
        let Some(read) = read else { break };
        if read != last.0 {
            last = (read, Instant::now());
        }
        if read >= bytes && (!settled || last.1.elapsed() >= Duration::from_millis(50)) {
            break;
        }
        assert!(
            start.elapsed() < Duration::from_secs(120),
            "never read {bytes} bytes"
        );
        std::thread::sleep(Duration::from_micros(200));
    }
    interrupt(child.id());
    let out = child.wait_with_output().expect("wait");
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// An interruption as a pipe sees it: exit 130, nothing on standard
/// output, one line on standard error with no escape codes; the `N` of
/// "N of `total` `what`", which ends with `after`.
fn stopped(run: (Option<i32>, String, String), total: usize, what: &str, after: &str) -> usize {
    let (code, stdout, stderr) = run;
    assert_eq!(code, Some(130), "stderr: {stderr}");
    assert_eq!(stdout, "", "nothing printed");
    assert!(
        stderr.contains(&format!(" of {total} {what}; {after}")),
        "{stderr}"
    );
    assert_eq!(stderr.trim_end().lines().count(), 1, "{stderr:?}");
    assert!(
        !stderr.contains('\u{1b}') && !stderr.contains('\r'),
        "{stderr:?}"
    );
    done_count(&stderr, total)
}

#[test]
fn agree_stops_while_reading_and_while_sampling_and_prints_nothing() {
    let dir = tempfile::tempdir().expect("tempdir");
    let n = 20_000;
    let rels = corpus(dir.path(), n);
    layers(dir.path(), &rels, &["amal", "badr"]);
    let docs = bytes_ending(dir.path(), ".txt");
    let layer_bytes = bytes_ending(dir.path(), ".layer.toml");
    let args = ["agree".as_ref(), dir.path().as_os_str()];
    // The corpus is opened (every document read once), then each layer
    // reads every document again with its layer file.
    let reading = interrupted_after_reading(&args, docs + docs, false);
    let done = stopped(reading, 2 * n, "layers read", "nothing was printed");
    assert!(done > 0 && done < 2 * n, "{done}");
    let sampling = interrupted_after_reading(&args, 3 * docs + layer_bytes, true);
    let done = stopped(sampling, 1000, "samples drawn", "nothing was printed");
    assert!(done < 1000, "{done}");
    // Uninterrupted, every document is compared (the corpus is sound).
    let whole = Command::new(BIN)
        .args(["agree", "--format", "json"])
        .arg(dir.path())
        .output()
        .expect("agree");
    assert!(whole.status.success(), "{whole:?}");
    let report: serde_json::Value = serde_json::from_slice(&whole.stdout).expect("json");
    assert_eq!(report["documents"].as_array().map(Vec::len), Some(n));
}

#[test]
fn pair_suggest_stops_while_reading_and_while_scoring_and_writes_no_pair() {
    let dir = tempfile::tempdir().expect("tempdir");
    let n = 20_000;
    corpus(dir.path(), n);
    let manifest = dir.path().join("hashiya.toml");
    std::fs::write(&manifest, "# pairs of this corpus\n").expect("manifest");
    let docs = bytes_ending(dir.path(), ".txt");
    let args = [
        "pair".as_ref(),
        "--suggest".as_ref(),
        "--write".as_ref(),
        dir.path().as_os_str(),
    ];
    // The corpus is opened (every document read once), then read again
    // for its evidence, then scored.
    let reading = interrupted_after_reading(&args, docs + docs / 2, false);
    let done = stopped(reading, n, "documents read", "nothing was written");
    assert!(done > 0 && done < n, "{done}");
    // The Arabic documents are scored: the seed has four Arabic articles
    // and one English one, each document starting with a paragraph of one.
    let scoring = interrupted_after_reading(&args, 2 * docs, true);
    let (_, _, stderr) = &scoring;
    let arabic: usize = stderr
        .split(" of ")
        .nth(1)
        .and_then(|r| r.split_whitespace().next())
        .and_then(|m| m.parse().ok())
        .unwrap_or_else(|| panic!("{stderr}"));
    assert!(arabic > n / 2 && arabic < n, "{stderr}");
    stopped(
        scoring,
        arabic,
        "Arabic documents scored",
        "nothing was written",
    );
    assert_eq!(
        std::fs::read_to_string(&manifest).expect("manifest"),
        "# pairs of this corpus\n"
    );
    assert!(files_ending(dir.path(), ".tmp").is_empty());
    // Uninterrupted, pairs are found and recorded.
    let whole = Command::new(BIN)
        .args(["pair", "--suggest", "--write"])
        .arg(dir.path())
        .output()
        .expect("pair");
    assert!(whole.status.success(), "{whole:?}");
    let text = std::fs::read_to_string(&manifest).expect("manifest");
    assert!(text.starts_with("# pairs of this corpus\n") && text.contains("[[pair]]"));
}

#[test]
fn status_stops_while_reading_the_layers_and_prints_nothing() {
    let dir = tempfile::tempdir().expect("tempdir");
    let n = 10_000;
    let rels = corpus(dir.path(), n);
    layers(dir.path(), &rels, &["amal", "badr"]);
    let layer_bytes = bytes_ending(dir.path(), ".layer.toml");
    let args = ["status".as_ref(), dir.path().as_os_str()];
    // The documents are listed, not read; every layer file is read:
    // stopped halfway through those.
    let reading = interrupted_after_reading(&args, layer_bytes / 2, false);
    let done = stopped(reading, n, "documents read", "nothing was printed");
    assert!(done > 0 && done < n, "{done}");
    // Uninterrupted: every document, done in both layers.
    let whole = Command::new(BIN)
        .args(["status", "--format", "json"])
        .arg(dir.path())
        .output()
        .expect("status");
    assert!(whole.status.success(), "{whole:?}");
    let report: serde_json::Value = serde_json::from_slice(&whole.stdout).expect("json");
    assert_eq!(report["documents"].as_u64(), Some(n as u64));
    for layer in report["layers"].as_array().expect("layers") {
        let done = if layer["layer"] == "gold" {
            0
        } else {
            n as u64
        };
        assert_eq!(layer["done"].as_u64(), Some(done), "{layer}");
    }
}
