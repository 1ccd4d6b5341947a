//! Rendering speed: `hashiya render --width 80` against `fribidi --width 80`
//! on the same ~10 MB mixed Arabic/English file (the corpus articles and
//! the NTREX English and Arabic sentences, repeated), median of several
//! runs; then the library alone (`layout_paragraph` on every paragraph).
//!
//! Wall-clock time on a shared, loaded machine is noisy, so the CPU time
//! (user + system, from /proc/self/stat, in 10 ms ticks) is printed too:
//! `hashiya render` may use several threads, which shows in its wall-clock
//! time but not in its CPU time.
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

/// CPU time used so far by this process and by its waited-for children,
/// from /proc/self/stat (utime + stime, cutime + cstime), assuming
/// USER_HZ = 100 (Linux on x86 and ARM).
fn cpu_times() -> (Duration, Duration) {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    // Fields after the command name, which is in parentheses.
    let rest = stat.rsplit(')').next().unwrap_or("");
    let f: Vec<u64> = rest
        .split_whitespace()
        .skip(11) // state .. cmajflt: fields 3..13
        .take(4)
        .map(|x| x.parse().unwrap_or(0))
        .collect();
    let tick = |n: u64| Duration::from_millis(n * 10);
    match f.as_slice() {
        [u, s, cu, cs] => (tick(u + s), tick(cu + cs)),
        _ => (Duration::ZERO, Duration::ZERO),
    }
}

fn median(mut times: Vec<Duration>) -> Duration {
    times.sort();
    times[times.len() / 2]
}

/// Wall-clock and CPU time of one run of `program`.
fn run_once(program: &str, args: &[&str], file: &Path) -> (Duration, Duration) {
    let (_, cpu0) = cpu_times();
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
    let (_, cpu1) = cpu_times();
    assert!(status.success(), "{program} failed");
    (elapsed, cpu1.saturating_sub(cpu0))
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
    let mut ours = (Vec::new(), Vec::new());
    let mut theirs = (Vec::new(), Vec::new());
    for _ in 0..RUNS {
        let (wall, cpu) = run_once(
            env!("CARGO_BIN_EXE_hashiya"),
            &["render", "--width", "80"],
            &file,
        );
        ours.0.push(wall);
        ours.1.push(cpu);
        let (wall, cpu) = run_once("fribidi", &["--width", "80"], &file);
        theirs.0.push(wall);
        theirs.1.push(cpu);
    }
    let (ours, ours_cpu) = (median(ours.0), median(ours.1));
    let (theirs, theirs_cpu) = (median(theirs.0), median(theirs.1));
    println!(
        "hashiya render --width 80: {:>8.1} ms  ({:.0} MB/s), CPU {:>6.0} ms",
        ours.as_secs_f64() * 1e3,
        mb / ours.as_secs_f64(),
        ours_cpu.as_secs_f64() * 1e3
    );
    println!(
        "fribidi --width 80:        {:>8.1} ms  ({:.0} MB/s), CPU {:>6.0} ms",
        theirs.as_secs_f64() * 1e3,
        mb / theirs.as_secs_f64(),
        theirs_cpu.as_secs_f64() * 1e3
    );
    println!(
        "hashiya is {:.2}x the speed of fribidi ({:.2}x in CPU time)",
        theirs.as_secs_f64() / ours.as_secs_f64(),
        theirs_cpu.as_secs_f64() / ours_cpu.as_secs_f64().max(1e-3)
    );

    let opts = LayoutOptions::default();
    let mut times = Vec::new();
    let mut cpu_times_lib = Vec::new();
    let mut cells = 0usize;
    for _ in 0..RUNS {
        cells = 0;
        let (cpu0, _) = cpu_times();
        let start = Instant::now();
        for para in paragraphs(&input) {
            let layout = layout_paragraph(input.get(para).unwrap_or(""), &opts);
            cells += layout.lines.iter().map(|l| l.cells.len()).sum::<usize>();
        }
        times.push(start.elapsed());
        let (cpu1, _) = cpu_times();
        cpu_times_lib.push(cpu1.saturating_sub(cpu0));
    }
    let lib = median(times);
    println!(
        "library layout_paragraph (public Cells): {:>8.1} ms, CPU {:>6.0} ms  ({cells} cells)",
        lib.as_secs_f64() * 1e3,
        median(cpu_times_lib).as_secs_f64() * 1e3
    );
    let _ = std::fs::remove_dir_all(&dir);
}
