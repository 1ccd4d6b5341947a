//! Corpus scale: time and peak memory of whole-corpus commands on synthetic
//! news corpora of 1,000, 10,000 and 100,000 documents, through the release
//! binary.
//!
//! The corpora are built from NTREX-128 windows (../shared/ntrex) and the
//! seed articles (../shared/corpus): 30% of the documents are Arabic/English
//! translation pairs declared in `hashiya.toml`, 30% carry about 20
//! annotations in their sidecars, in folders of 1,000 documents. Each corpus
//! is generated once into `target/scale/<size>` and reused while its
//! `.complete` marker names the current generator.
//!
//! For each size it runs, each as a child process with a time cap and a
//! memory cap (`prlimit --as`, `timeout -s KILL`, peak memory from
//! `/usr/bin/time`):
//!
//! - `export`: `export --format jsonl --out FILE`;
//! - `pair`: `pair --suggest`;
//! - `suggest`: `suggest --dry-run`;
//! - `check`: `check`;
//! - `browser`: the TUI on the corpus folder in tmux (160×45) until the
//!   first document's name is on the screen, then until its background scan
//!   has read every document (the title stops saying "reading"); peak
//!   memory is the reader's `VmHWM` at each moment. Then the same again,
//!   with the cache the first run left.
//!
//! A run that hits a cap is reported as `over` with what it hit.
//!
//! Run: `cargo bench --bench scale [-- 1k 10k 100k] [export pair suggest
//! check browser]` (default: 1k and 10k, every command).
//! `SCALE_CAP_SECS` (default 180) and `SCALE_CAP_MIB` (default 6144) set the
//! caps; `HASHIYA_BIN=/path/to/hashiya` times another build.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

#[path = "../tests/support/ntrex.rs"]
mod ntrex;

const CORPUS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/corpus");
/// Written into `.complete`: a corpus made by another generator is made
/// again.
const GENERATOR: &str = "scale corpus v1";
const PER_FOLDER: usize = 1000;
const ANNOTATIONS: usize = 20;
/// Base32 without i, l, o, u: the alphabet of annotation ids.
const ID_ALPHABET: &[u8] = b"0123456789abcdefghjkmnpqrstvwxyz";

fn bin() -> PathBuf {
    std::env::var_os("HASHIYA_BIN")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_BIN_EXE_hashiya")))
}

fn env_number(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// What the documents are made of.
struct Sources {
    ntrex: Vec<ntrex::Document>,
    /// Paragraphs of the seed articles.
    seed: Vec<String>,
}

impl Sources {
    fn load() -> Sources {
        let mut files: Vec<PathBuf> = std::fs::read_dir(CORPUS)
            .unwrap_or_else(|e| panic!("{CORPUS}: {e}"))
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|x| x == "txt"))
            .collect();
        files.sort();
        let seed = files
            .iter()
            .flat_map(|f| {
                let t = std::fs::read_to_string(f).unwrap_or_else(|e| panic!("{f:?}: {e}"));
                t.split("\n\n")
                    .map(str::trim)
                    .filter(|p| p.chars().count() > 40)
                    .map(str::to_string)
                    .collect::<Vec<_>>()
            })
            .collect();
        Sources {
            ntrex: ntrex::documents(),
            seed,
        }
    }

    /// Sentences `from..` (up to `len`, wrapping) of NTREX document `doc`,
    /// one paragraph each.
    fn window(&self, doc: usize, from: usize, len: usize, arabic: bool) -> String {
        let d = &self.ntrex[doc % self.ntrex.len()];
        let lines = if arabic { &d.ar } else { &d.en };
        let len = len.min(lines.len());
        let mut s = String::new();
        for k in 0..len {
            s.push_str(&lines[(from + k) % lines.len()]);
            s.push_str("\n\n");
        }
        s
    }

    /// `len` paragraphs of the seed articles from `from`.
    fn seed_text(&self, from: usize, len: usize) -> String {
        let mut s = String::new();
        for k in 0..len {
            s.push_str(&self.seed[(from + k) % self.seed.len()]);
            s.push_str("\n\n");
        }
        s
    }
}

fn id(mut n: u64) -> String {
    let mut s = [b'0'; 10];
    for c in s.iter_mut().rev() {
        *c = ID_ALPHABET[(n % 32) as usize];
        n /= 32;
    }
    String::from_utf8(s.to_vec()).unwrap()
}

/// A TOML basic string (JSON string escapes are valid TOML).
fn quoted(s: &str) -> String {
    serde_json::to_string(s).unwrap()
}

/// A sidecar with about [`ANNOTATIONS`] annotations on words of `text`, as
/// docs/FORMAT.md describes it.
fn sidecar(name: &str, text: &str, next_id: &mut u64) -> String {
    // Words of three letters or more, with code-point offsets.
    let mut words = Vec::new();
    let mut start = None;
    for (cp, (b, c)) in text.char_indices().enumerate() {
        match (c.is_alphanumeric(), start) {
            (true, None) => start = Some((cp, b)),
            (false, Some((scp, sb))) => {
                if cp - scp >= 3 {
                    words.push((scp, cp, text.get(sb..b).unwrap()));
                }
                start = None;
            }
            _ => {}
        }
    }
    let mut out = String::from("# hashiya annotations (format: docs/FORMAT.md)\nversion = 1\n");
    let _ = writeln!(out, "document = {}", quoted(name));
    let _ = writeln!(
        out,
        "sha256 = \"{}\"",
        hashiya::sidecar::sha256_hex(text.as_bytes())
    );
    let step = (words.len() / ANNOTATIONS).max(1);
    for (n, (s, e, w)) in words.iter().step_by(step).take(ANNOTATIONS).enumerate() {
        let (label, kind) = match n % 5 {
            0 => ("entity", Some("PER")),
            1 => ("entity", Some("ORG")),
            2 => ("entity", Some("LOC")),
            3 => ("figure", None),
            _ => ("claim", None),
        };
        *next_id += 1;
        let _ = writeln!(out, "\n[[annotation]]\nid = \"{}\"", id(*next_id));
        let _ = writeln!(out, "label = \"{label}\"");
        if let Some(k) = kind {
            let _ = writeln!(out, "kind = \"{k}\"");
        }
        let _ = writeln!(out, "start = {s}\nend = {e}\nquote = {}", quoted(w));
        let _ = writeln!(
            out,
            "annotator = \"bench\"\ncreated = \"2026-11-21T00:00:00Z\"\nmodified = \"2026-11-21T00:00:00Z\"\nstatus = \"accepted\""
        );
        if label == "figure" {
            let _ = writeln!(out, "attrs = {{ value = \"{n}\" }}");
        }
    }
    out
}

fn rel(i: usize) -> String {
    format!("f{:03}/d{i:06}.txt", i / PER_FOLDER)
}

/// Generate a corpus of `n` documents into `dir`.
fn generate(src: &Sources, dir: &Path, n: usize) {
    let _ = std::fs::remove_dir_all(dir);
    std::fs::create_dir_all(dir).unwrap();
    let mut rng = ntrex::Rng::new(n as u64);
    let mut manifest = String::from("# a synthetic corpus of benches/scale.rs\n");
    let mut next_id = 0u64;
    let mut pair_no = 0usize;
    let mut i = 0;
    while i < n {
        let block = i % 20;
        // Documents 0..6 of every 20: three declared pairs (English, then
        // its Arabic translation); the rest alone.
        let texts: Vec<String> = if block < 6 && i + 1 < n {
            let (doc, from) = (pair_no, rng.below(40));
            let len = 6 + rng.below(10);
            pair_no += 1;
            vec![
                src.window(doc, from, len, false),
                src.window(doc, from, len, true),
            ]
        } else if block % 3 == 0 {
            vec![src.seed_text(rng.below(1000), 3 + rng.below(6))]
        } else {
            let arabic = rng.below(2) == 0;
            vec![src.window(rng.below(1000), rng.below(40), 6 + rng.below(10), arabic)]
        };
        if texts.len() == 2 {
            let _ = writeln!(
                manifest,
                "\n[[pair]]\nfiles = [\"{}\", \"{}\"]\nlangs = [\"en\", \"ar\"]",
                rel(i),
                rel(i + 1)
            );
        }
        for text in texts {
            let path = dir.join(rel(i));
            if i % PER_FOLDER == 0 {
                std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            }
            std::fs::write(&path, &text).unwrap();
            // 30% annotated: 3 of every 10, crossing the pairs.
            if matches!(i % 10, 1 | 4 | 8) {
                let name = path.file_name().unwrap().to_str().unwrap();
                std::fs::write(
                    hashiya::sidecar::sidecar_path(&path),
                    sidecar(name, &text, &mut next_id),
                )
                .unwrap();
            }
            i += 1;
        }
    }
    std::fs::write(dir.join("hashiya.toml"), manifest).unwrap();
    std::fs::write(dir.join(".complete"), GENERATOR).unwrap();
}

/// The corpus of `n` documents, generated when missing.
fn corpus(src: &mut Option<Sources>, n: usize, label: &str) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("target/scale")
        .join(label);
    let done = std::fs::read_to_string(dir.join(".complete")).unwrap_or_default();
    if done != GENERATOR {
        let t = Instant::now();
        generate(src.get_or_insert_with(Sources::load), &dir, n);
        println!(
            "  generated {n} documents in {} ({:.1} s)",
            dir.display(),
            t.elapsed().as_secs_f64()
        );
    }
    dir
}

/// How a run ended.
enum Outcome {
    Done { secs: f64, mib: f64, code: i32 },
    Over(String),
}

impl std::fmt::Display for Outcome {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Outcome::Done { secs, mib, code } => {
                write!(f, "{secs:>8.2} s {mib:>8.1} MiB")?;
                if *code != 0 {
                    write!(f, "  (exit {code})")?;
                }
                Ok(())
            }
            Outcome::Over(why) => write!(f, "    over ({why})"),
        }
    }
}

struct Caps {
    secs: u64,
    mib: u64,
}

/// Run `hashiya ARGS` under the caps; stdout is dropped.
fn measure(args: &[&std::ffi::OsStr], caps: &Caps, scratch: &Path, ok: &[i32]) -> Outcome {
    let report = scratch.join("time.txt");
    let start = Instant::now();
    let out = Command::new("/usr/bin/time")
        .args(["-f", "%e %M %x", "-o"])
        .arg(&report)
        .arg("prlimit")
        .arg(format!("--as={}", caps.mib << 20))
        .args(["timeout", "-s", "KILL"])
        .arg(caps.secs.to_string())
        .arg(bin())
        .args(args)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .output()
        .unwrap_or_else(|e| panic!("/usr/bin/time: {e} (Debian packages time, util-linux)"));
    let wall = start.elapsed().as_secs_f64();
    let text = std::fs::read_to_string(&report).unwrap_or_default();
    let last = text.lines().last().unwrap_or_default().to_string();
    let mut fields = last.split_whitespace();
    let (secs, kib, code) = (
        fields.next().and_then(|v| v.parse::<f64>().ok()),
        fields.next().and_then(|v| v.parse::<f64>().ok()),
        fields.next().and_then(|v| v.parse::<i32>().ok()),
    );
    let err = String::from_utf8_lossy(&out.stderr);
    let signalled = text.contains("terminated by signal");
    match (secs, kib, code) {
        _ if err.contains("memory allocation") => {
            Outcome::Over(format!("{} MiB: {}", caps.mib, err.trim()))
        }
        _ if wall >= caps.secs as f64 => Outcome::Over(format!("{} s", caps.secs)),
        (Some(secs), Some(kib), Some(code)) if !signalled && ok.contains(&code) => Outcome::Done {
            secs,
            mib: kib / 1024.0,
            code,
        },
        _ => panic!(
            "{:?} failed: {} {}",
            args,
            text.trim(),
            err.chars().take(2000).collect::<String>()
        ),
    }
}

/// The reader on `dir` in tmux until `needle` is on the screen: seconds, and
/// the reader's peak memory then; then until the browser has read every
/// document (its title no longer says "reading"), with the same two.
fn first_frame(dir: &Path, needle: &str, caps: &Caps, scratch: &Path) -> (Outcome, Outcome) {
    // A server per run: a new session on a socket whose server is still
    // shutting down fails ("server exited unexpectedly").
    static RUNS: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let socket = format!(
        "hashiya-scale-{}-{}",
        std::process::id(),
        RUNS.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
    );
    let tmux = |args: &[&str]| {
        Command::new("tmux")
            .arg("-L")
            .arg(&socket)
            .args(args)
            .output()
            .unwrap_or_else(|e| panic!("tmux: {e} (Debian package tmux)"))
    };
    let config = scratch.join("config");
    std::fs::create_dir_all(&config).unwrap();
    let cmd = format!(
        "exec prlimit --as={} {} {}",
        caps.mib << 20,
        bin().display(),
        dir.display()
    );
    let xdg = format!("XDG_CONFIG_HOME={}", config.display());
    // The browser's cache of what it read: in the scratch folder, so the
    // first run starts without one and the second has the first's.
    let cache = format!("XDG_CACHE_HOME={}", scratch.join("cache").display());
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
        &cache,
        "-e",
        "NO_COLOR=1",
        &cmd,
    ]);
    assert!(out.status.success(), "tmux: {out:?}");
    let pid = String::from_utf8_lossy(&tmux(&["display", "-p", "-t", "b", "#{pane_pid}"]).stdout)
        .trim()
        .to_string();
    let wait = |done: &dyn Fn(&str) -> bool| loop {
        let screen = tmux(&["capture-pane", "-p", "-t", "b"]);
        if done(&String::from_utf8_lossy(&screen.stdout)) {
            let secs = start.elapsed().as_secs_f64();
            let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
            let kib = status
                .lines()
                .find_map(|l| l.strip_prefix("VmHWM:"))
                .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<f64>().ok())
                .unwrap_or(f64::NAN);
            break Outcome::Done {
                secs,
                mib: kib / 1024.0,
                code: 0,
            };
        }
        if start.elapsed() >= Duration::from_secs(caps.secs) {
            break Outcome::Over(format!("{} s", caps.secs));
        }
        if tmux(&["has-session", "-t", "b"]).status.code() != Some(0) {
            break Outcome::Over("the reader exited".into());
        }
        std::thread::sleep(Duration::from_millis(10));
    };
    let first = wait(&|screen| screen.contains(needle));
    let read = wait(&|screen| {
        screen
            .lines()
            .next()
            .is_some_and(|title| title.contains(" documents") && !title.contains("· reading"))
    });
    let _ = tmux(&["kill-server"]);
    (first, read)
}

fn load_average() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .ok()
        .and_then(|s| s.split_whitespace().next().map(str::to_string))
        .unwrap_or_else(|| "unknown".into())
}

fn main() {
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with('-'))
        .collect();
    let sizes: Vec<(&str, usize)> = [("1k", 1_000), ("10k", 10_000), ("100k", 100_000)]
        .into_iter()
        .filter(|(l, _)| {
            if args.iter().any(|a| a.ends_with('k')) {
                args.iter().any(|a| a == l)
            } else {
                *l != "100k"
            }
        })
        .collect();
    let commands = ["export", "pair", "suggest", "check", "browser"];
    let wanted = |c: &str| {
        !args.iter().any(|a| commands.contains(&a.as_str())) || args.iter().any(|a| a == c)
    };
    let caps = Caps {
        secs: env_number("SCALE_CAP_SECS", 180),
        mib: env_number("SCALE_CAP_MIB", 6144),
    };
    println!(
        "binary: {}; caps {} s, {} MiB; load average {} on {} CPU(s)",
        bin().display(),
        caps.secs,
        caps.mib,
        load_average(),
        std::thread::available_parallelism().map_or(1, |n| n.get())
    );
    let mut src = None;
    for (label, n) in sizes {
        println!("{label} documents:");
        let dir = corpus(&mut src, n, label);
        let scratch = tempfile::tempdir().unwrap();
        let s = scratch.path();
        let out = s.join("out.jsonl");
        let d = dir.as_os_str();
        let runs: [(&str, Vec<&std::ffi::OsStr>, &[i32]); 4] = [
            (
                "export",
                vec![
                    "export".as_ref(),
                    "--format".as_ref(),
                    "jsonl".as_ref(),
                    "--out".as_ref(),
                    out.as_os_str(),
                    d,
                ],
                &[0],
            ),
            ("pair", vec!["pair".as_ref(), "--suggest".as_ref(), d], &[0]),
            (
                "suggest",
                vec!["suggest".as_ref(), "--dry-run".as_ref(), d],
                &[0],
            ),
            ("check", vec!["check".as_ref(), d], &[0, 1]),
        ];
        for (name, args, ok) in runs {
            if wanted(name) {
                let what = args[..args.len() - 1]
                    .iter()
                    .take_while(|a| **a != "--out")
                    .map(|a| a.to_string_lossy().into_owned())
                    .collect::<Vec<_>>()
                    .join(" ");
                println!("  {what:<28} {}", measure(&args, &caps, s, ok));
                let _ = std::fs::remove_file(&out);
            }
        }
        if wanted("browser") {
            let needle = rel(0).rsplit('/').next().unwrap().to_string();
            let (first, read) = first_frame(&dir, &needle, &caps, s);
            println!("  {:<28} {first}", "browser, first frame");
            println!("  {:<28} {read}", "browser, every entry read");
            let (first, read) = first_frame(&dir, &needle, &caps, s);
            println!("  {:<28} {first}", "  again, with its cache");
            println!("  {:<28} {read}", "  every entry read");
        }
    }
}
