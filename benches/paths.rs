//! Costs that grow with one document or one folder, timed through the real
//! binary on generated inputs (the seed articles of ../shared/corpus and
//! NTREX-128 repeated):
//!
//! - `suggest`: `suggest --dry-run` on 1, 3 and 10 MB documents: linear,
//!   10 MB within 2 s;
//! - `align`: `align` text output on NTREX ×10 (19,970 lines a side) within 2 s;
//! - `folder`: `suggest --only figures,claims` over 10,000 documents in one
//!   folder, within 1.5× of the same documents in ten folders of 1,000;
//! - `open`: the reader on a 10 MB document alone and next to a 50 MB one
//!   (both Arabic), until its text is on the screen (tmux): within 0.3 s;
//! - `import`: peak memory (`/usr/bin/time -f %M`) of importing 10,000 and
//!   100,000 JSONL lines into a corpus of 1,000 documents: the same.
//!
//! Run: `cargo bench --bench paths [-- suggest align folder open import]`
//! (default: all). `HASHIYA_BIN=/path/to/hashiya` times another build (to
//! compare with an older one). Prints the numbers; exits 1 when a target
//! is missed.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

#[path = "../tests/support/ntrex.rs"]
mod ntrex;

const CORPUS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/corpus");

fn bin() -> PathBuf {
    std::env::var_os("HASHIYA_BIN")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_BIN_EXE_hashiya")))
}

/// The seed articles, Arabic ones and English ones.
fn articles() -> (Vec<String>, Vec<String>) {
    let mut files: Vec<PathBuf> = std::fs::read_dir(CORPUS)
        .unwrap_or_else(|e| panic!("{CORPUS}: {e}"))
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    files.sort();
    let (mut ar, mut en) = (Vec::new(), Vec::new());
    for f in files {
        let t = std::fs::read_to_string(&f).unwrap();
        let (lang, ..) = hashiya::corpus::detect_language(&t);
        if lang == "ar" { ar.push(t) } else { en.push(t) }
    }
    (ar, en)
}

/// `pieces` repeated (a blank line between) to at least `bytes`.
fn grow(pieces: &[String], bytes: usize) -> String {
    let mut doc = String::with_capacity(bytes + 10_000);
    while doc.len() < bytes {
        for p in pieces {
            doc.push_str(p);
            doc.push_str("\n\n");
        }
    }
    doc
}

/// Seconds `cmd` took; it must exit with one of `ok` codes.
fn run(cmd: &mut Command, ok: &[i32]) -> f64 {
    let start = Instant::now();
    let out = cmd
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .output()
        .unwrap();
    let t = start.elapsed().as_secs_f64();
    let code = out.status.code().unwrap_or(-1);
    assert!(
        ok.contains(&code),
        "{cmd:?} exited {code}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    t
}

/// User + system seconds of `cmd` (`/usr/bin/time`); it must exit 0.
fn cpu_seconds(cmd: &mut Command) -> f64 {
    let mut timed = Command::new("/usr/bin/time");
    timed
        .args(["-f", "%U %S"])
        .arg(cmd.get_program())
        .args(cmd.get_args());
    let out = timed
        .stdout(Stdio::null())
        .output()
        .unwrap_or_else(|e| panic!("/usr/bin/time: {e} (Debian package `time`)"));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{timed:?}: {err}");
    err.lines()
        .last()
        .and_then(|l| {
            let mut parts = l.split(' ').map(str::parse::<f64>);
            Some(parts.next()?.ok()? + parts.next()?.ok()?)
        })
        .unwrap_or_else(|| panic!("no CPU time in {err}"))
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

fn runs() -> usize {
    std::env::var("RUNS")
        .ok()
        .and_then(|r| r.parse().ok())
        .unwrap_or(3)
}

fn check(missed: &mut Vec<String>, ok: bool, what: String) {
    println!("  {} {what}", if ok { "ok  " } else { "MISS" });
    if !ok {
        missed.push(what);
    }
}

fn suggest(dir: &Path, missed: &mut Vec<String>) {
    let (ar, en) = articles();
    let all: Vec<String> = ar.into_iter().chain(en).collect();
    let mut times = Vec::new();
    for mb in [1usize, 3, 10] {
        let doc = dir.join(format!("doc{mb}.txt"));
        std::fs::write(&doc, grow(&all, mb << 20)).unwrap();
        let t = median(
            (0..runs())
                .map(|_| {
                    run(
                        Command::new(bin()).args(["suggest", "--dry-run"]).arg(&doc),
                        &[0],
                    )
                })
                .collect(),
        );
        println!("suggest --dry-run, {mb:>2} MB: {t:.3} s");
        times.push(t);
    }
    println!(
        "  10 MB / 1 MB: {:.1}× (linear: about 10×)",
        times[2] / times[0]
    );
    check(
        missed,
        times[2] <= 2.0,
        format!("suggest --dry-run 10 MB {:.3} s <= 2 s", times[2]),
    );
}

fn align(dir: &Path, missed: &mut Vec<String>) {
    let nd = ntrex::dir();
    let read = |f: &str| std::fs::read_to_string(nd.join(f)).unwrap_or_else(|e| panic!("{f}: {e}"));
    let (en, ar) = (
        read("newstest2019-src.eng.txt"),
        read("newstest2019-ref.arb.txt"),
    );
    let (src, tgt) = (dir.join("ntrex10.en.txt"), dir.join("ntrex10.ar.txt"));
    std::fs::write(&src, en.repeat(10)).unwrap();
    std::fs::write(&tgt, ar.repeat(10)).unwrap();
    let t = median(
        (0..runs())
            .map(|_| run(Command::new(bin()).arg("align").arg(&src).arg(&tgt), &[0]))
            .collect(),
    );
    // CPU time too: on a machine shared with other work the wall clock
    // also counts the waits for a core.
    let cpu = median(
        (0..runs())
            .map(|_| cpu_seconds(Command::new(bin()).arg("align").arg(&src).arg(&tgt)))
            .collect(),
    );
    println!("align (text) NTREX ×10: {t:.3} s ({cpu:.3} s of CPU, user + system)");
    check(missed, t <= 2.0, format!("align NTREX ×10 {t:.3} s <= 2 s"));
}

/// 10,000 short documents (a paragraph of a seed article each, numbered),
/// in one folder or in ten.
fn folder(dir: &Path, missed: &mut Vec<String>) {
    let (ar, en) = articles();
    let paragraphs: Vec<String> = ar
        .iter()
        .chain(&en)
        .flat_map(|a| a.split("\n\n").map(str::to_string).collect::<Vec<_>>())
        .filter(|p| p.trim().chars().count() > 80)
        .collect();
    let make = |root: &Path, nested: bool| {
        for i in 0..10_000 {
            let sub = if nested {
                root.join(format!("f{}", i / 1000))
            } else {
                root.to_path_buf()
            };
            std::fs::create_dir_all(&sub).unwrap();
            let p = &paragraphs[i % paragraphs.len()];
            std::fs::write(sub.join(format!("d{i:05}.txt")), format!("{p}\n{i}\n")).unwrap();
        }
    };
    let mut times = Vec::new();
    for nested in [false, true] {
        let root = dir.join(if nested { "nested" } else { "flat" });
        make(&root, nested);
        let t = run(
            Command::new(bin())
                .args(["suggest", "--only", "figures,claims"])
                .arg(&root),
            &[0],
        );
        println!(
            "suggest --only figures,claims, 10,000 documents {}: {t:.2} s",
            if nested {
                "in 10 folders"
            } else {
                "in one folder"
            }
        );
        times.push(t);
        let _ = std::fs::remove_dir_all(&root);
    }
    let ratio = times[0] / times[1];
    check(
        missed,
        ratio <= 1.5,
        format!("one folder / ten folders {ratio:.2}× <= 1.5×"),
    );
}

/// Seconds from starting the reader on `doc` in tmux to its first line on
/// the screen.
fn open_time(doc: &Path, needle: &str, config: &Path) -> f64 {
    // A server per run: a name used again at once can meet the last one
    // still going away.
    static RUN: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let n = RUN.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let socket = format!("hashiya-bench-{}-{n}", std::process::id());
    let tmux = |args: &[&str]| {
        Command::new("tmux")
            .arg("-L")
            .arg(&socket)
            .args(args)
            .output()
            .unwrap()
    };
    let cmd = format!("exec {} {}", bin().display(), doc.display());
    let xdg = format!("XDG_CONFIG_HOME={}", config.display());
    let start = Instant::now();
    let out = tmux(&[
        "new-session",
        "-d",
        "-s",
        "b",
        "-x",
        "160",
        "-y",
        "45",
        "-e",
        &xdg,
        "-e",
        "NO_COLOR=1",
        &cmd,
    ]);
    assert!(
        out.status.success(),
        "tmux: {out:?} (needs the Debian package tmux)"
    );
    let t = loop {
        let screen = tmux(&["capture-pane", "-p", "-t", "b"]);
        if String::from_utf8_lossy(&screen.stdout).contains(needle) {
            break start.elapsed().as_secs_f64();
        }
        assert!(start.elapsed() < Duration::from_secs(60), "never opened");
        std::thread::sleep(Duration::from_millis(5));
    };
    let _ = tmux(&["kill-server"]);
    t
}

fn open(dir: &Path, missed: &mut Vec<String>) {
    let (ar, _) = articles();
    let config = dir.join("config");
    std::fs::create_dir_all(&config).unwrap();
    let alone = dir.join("alone");
    let beside = dir.join("beside");
    for d in [&alone, &beside] {
        std::fs::create_dir_all(d).unwrap();
        std::fs::write(d.join("ten_mb.txt"), grow(&ar, 10 << 20)).unwrap();
    }
    std::fs::write(beside.join("fifty_mb.txt"), grow(&ar, 50 << 20)).unwrap();
    let mut results = Vec::new();
    for (name, d) in [("alone", &alone), ("next to a 50 MB one", &beside)] {
        let t = median(
            (0..runs())
                .map(|_| open_time(&d.join("ten_mb.txt"), "ten_mb.txt", &config))
                .collect(),
        );
        println!("reader on a 10 MB document {name}: {t:.3} s");
        results.push(t);
    }
    check(
        missed,
        results[1] <= 0.3,
        format!("10 MB next to 50 MB opens in {:.3} s <= 0.3 s", results[1]),
    );
}

/// Peak resident memory (KiB) and seconds of `hashiya import`.
fn import_peak(corpus: &Path, input: &Path) -> (u64, f64) {
    let start = Instant::now();
    let out = Command::new("/usr/bin/time")
        .args(["-f", "%M"])
        .arg(bin())
        .args(["import", "--format", "jsonl", "--corpus"])
        .arg(corpus)
        .arg(input)
        .stdout(Stdio::null())
        .output()
        .unwrap_or_else(|e| panic!("/usr/bin/time: {e} (Debian package `time`)"));
    let t = start.elapsed().as_secs_f64();
    let err = String::from_utf8_lossy(&out.stderr);
    let kib = err
        .lines()
        .last()
        .and_then(|l| l.trim().parse().ok())
        .unwrap_or_else(|| panic!("no peak memory in {err}"));
    (kib, t)
}

fn import(dir: &Path, missed: &mut Vec<String>) {
    let (ar, en) = articles();
    let corpus = dir.join("import");
    std::fs::create_dir_all(&corpus).unwrap();
    let texts: Vec<&String> = ar.iter().chain(&en).collect();
    for i in 0..1000 {
        std::fs::write(corpus.join(format!("d{i:04}.txt")), texts[i % texts.len()]).unwrap();
    }
    let mut peaks = Vec::new();
    for lines in [10_000usize, 100_000] {
        let input = dir.join(format!("in{lines}.jsonl"));
        let mut s = String::new();
        for n in 0..lines {
            // Each document gets one span (the rest are duplicates of it),
            // and each line carries its own text, as exports do.
            let i = n % 1000;
            let text = texts[i % texts.len()];
            s.push_str(
                &serde_json::json!({
                    "path": format!("d{i:04}.txt"),
                    "text": text,
                    "spans": [{"start": 0, "end": 5, "label": "claim"}],
                })
                .to_string(),
            );
            s.push('\n');
        }
        std::fs::write(&input, &s).unwrap();
        let (kib, t) = import_peak(&corpus, &input);
        println!(
            "import {lines} lines ({:.0} MB): peak {:.1} MiB, {t:.2} s",
            s.len() as f64 / 1e6,
            kib as f64 / 1024.0
        );
        peaks.push(kib);
        let _ = std::fs::remove_file(&input);
    }
    let grew = peaks[1] as f64 / peaks[0] as f64;
    check(
        missed,
        grew <= 1.2,
        format!("peak memory 100k / 10k lines {grew:.2}× <= 1.2×"),
    );
}

/// One part of the benchmark: its folder, the targets missed so far.
type Part = fn(&Path, &mut Vec<String>);

fn main() {
    let wanted: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with('-'))
        .collect();
    let want = |s: &str| wanted.is_empty() || wanted.iter().any(|w| w == s);
    println!("binary: {}", bin().display());
    let dir = tempfile::tempdir().unwrap();
    let mut missed = Vec::new();
    let parts: [(&str, Part); 5] = [
        ("suggest", suggest),
        ("align", align),
        ("folder", folder),
        ("open", open),
        ("import", import),
    ];
    for (name, f) in parts {
        if want(name) {
            let sub = dir.path().join(name);
            std::fs::create_dir_all(&sub).unwrap();
            f(&sub, &mut missed);
            let _ = std::fs::remove_dir_all(&sub);
        }
    }
    if !missed.is_empty() {
        println!("missed: {}", missed.join("; "));
        std::process::exit(1);
    }
}
