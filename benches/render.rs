//! Rendering speed: `hashiya render --width 80` against `fribidi --width 80`
//! on the same ~10 MB mixed Arabic/English file (the corpus articles and
//! the NTREX English and Arabic sentences, repeated), median of several
//! runs; then the library alone (`layout_paragraph` on every paragraph).
//!
//! Run: `cargo bench --bench render`. Prints numbers, asserts nothing.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use hashiya::text::{LayoutOptions, layout_paragraph, paragraphs};

const SHARED: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared");
const TARGET_BYTES: usize = 10 * 1024 * 1024;
const RUNS: usize = 7;

fn build_input() -> String {
    let mut sources: Vec<PathBuf> = std::fs::read_dir(Path::new(SHARED).join("corpus"))
        .expect("../shared/corpus")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    sources.sort();
    sources.push(Path::new(SHARED).join("ntrex/newstest2019-src.eng.txt"));
    sources.push(Path::new(SHARED).join("ntrex/newstest2019-ref.arb.txt"));
    let mut one = String::new();
    for p in &sources {
        let text = std::fs::read_to_string(p).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
        one.push_str(&text.replace("\r\n", "\n"));
        if !one.ends_with('\n') {
            one.push('\n');
        }
    }
    let mut all = String::with_capacity(TARGET_BYTES + one.len());
    while all.len() < TARGET_BYTES {
        all.push_str(&one);
    }
    all
}

fn median(mut times: Vec<Duration>) -> Duration {
    times.sort();
    times[times.len() / 2]
}

fn run_once(program: &str, args: &[&str], file: &Path) -> Duration {
    let start = Instant::now();
    let status = Command::new(program)
        .args(args)
        .arg(file)
        .stdout(Stdio::null())
        .status()
        .unwrap_or_else(|e| {
            panic!("cannot run {program}: {e} (fribidi: apt-get install libfribidi-bin)")
        });
    let elapsed = start.elapsed();
    assert!(status.success(), "{program} failed");
    elapsed
}

fn main() {
    let input = build_input();
    let dir = std::env::temp_dir().join(format!("hashiya-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let file = dir.join("mixed.txt");
    std::fs::write(&file, &input).expect("write input");
    let mb = input.len() as f64 / 1e6;
    println!(
        "input: {:.1} MB, {} lines ({} runs each, median)",
        mb,
        input.lines().count(),
        RUNS
    );

    // Runs alternate, so both programs see the same load on a shared machine.
    let mut ours = Vec::new();
    let mut theirs = Vec::new();
    for _ in 0..RUNS {
        ours.push(run_once(
            env!("CARGO_BIN_EXE_hashiya"),
            &["render", "--width", "80"],
            &file,
        ));
        theirs.push(run_once("fribidi", &["--width", "80"], &file));
    }
    let ours = median(ours);
    let theirs = median(theirs);
    println!(
        "hashiya render --width 80: {:>8.1} ms  ({:.0} MB/s)",
        ours.as_secs_f64() * 1e3,
        mb / ours.as_secs_f64()
    );
    println!(
        "fribidi --width 80:        {:>8.1} ms  ({:.0} MB/s)",
        theirs.as_secs_f64() * 1e3,
        mb / theirs.as_secs_f64()
    );
    println!(
        "hashiya is {:.2}x the speed of fribidi",
        theirs.as_secs_f64() / ours.as_secs_f64()
    );

    let opts = LayoutOptions::default();
    let mut times = Vec::new();
    let mut cells = 0usize;
    for _ in 0..RUNS {
        cells = 0;
        let start = Instant::now();
        for para in paragraphs(&input) {
            let layout = layout_paragraph(input.get(para).unwrap_or(""), &opts);
            cells += layout.lines.iter().map(|l| l.cells.len()).sum::<usize>();
        }
        times.push(start.elapsed());
    }
    let lib = median(times);
    println!(
        "library layout_paragraph (public Cells): {:>8.1} ms  ({cells} cells)",
        lib.as_secs_f64() * 1e3
    );
    let _ = std::fs::remove_dir_all(&dir);
}
