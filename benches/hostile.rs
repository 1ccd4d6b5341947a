//! Hostile sizes: hashiya must stay linear whatever order a file is in.
//!
//! - A sidecar with 1,000,000 annotations, written sorted and written in
//!   random order, loaded (parsed, checked against the document, placed in
//!   the annotation set) in a fresh process each time: target ≤ 20 s and
//!   the shuffled file's peak memory ≤ 2× the sorted one's.
//! - `hashiya import` of 100,000 distinct spans into one document.
//!
//! `cargo bench --bench hostile` (prints times and peak RSS; `HOSTILE_N`
//! changes the number of annotations).

use std::fmt::Write as _;
use std::fs;
use std::path::Path;
use std::process::Command;
use std::time::Instant;

use hashiya::corpus::LabelSet;
use hashiya::sidecar::Store;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if args.get(1).map(String::as_str) == Some("--load") {
        let doc = Path::new(args.get(2).expect("document"));
        let t = Instant::now();
        let (_store, loaded) = Store::open(doc, &LabelSet::default()).expect("load");
        let secs = t.elapsed().as_secs_f64();
        println!("{} {secs:.3} {}", loaded.set.len(), peak_kib());
        return;
    }
    let n: usize = std::env::var("HOSTILE_N")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1_000_000);
    let dir = tempfile::tempdir().expect("temp dir");
    // One word per annotation: "w0000000 w0000001 …".
    let mut text = String::with_capacity(n * 9);
    for i in 0..n {
        let _ = write!(text, "w{i:07} ");
    }
    text.push('\n');
    let sha = hashiya::sidecar::sha256_hex(text.as_bytes());
    let mut order: Vec<usize> = (0..n).collect();
    for (name, shuffle) in [("sorted", false), ("shuffled", true)] {
        if shuffle {
            // Fisher–Yates with a fixed LCG: the same order every run.
            let mut x: u64 = 0x2545_F491_4F6C_DD1D;
            for i in (1..order.len()).rev() {
                x = x
                    .wrapping_mul(6364136223846793005)
                    .wrapping_add(1442695040888963407);
                order.swap(i, (x >> 33) as usize % (i + 1));
            }
        }
        let sub = dir.path().join(name);
        fs::create_dir_all(&sub).expect("folder");
        let doc = sub.join("a.txt");
        fs::write(&doc, &text).expect("document");
        let mut side = format!("version = 1\ndocument = \"a.txt\"\nsha256 = \"{sha}\"\n");
        for (k, &i) in order.iter().enumerate() {
            let s = i * 9;
            let _ = write!(
                side,
                "\n[[annotation]]\nid = \"a{k:07}\"\nlabel = \"claim\"\nstart = {s}\nend = {}\nquote = \"w{i:07}\"\n",
                s + 8
            );
        }
        fs::write(sub.join("a.ann.toml"), &side).expect("sidecar");
        let mut times = Vec::new();
        let mut peaks = Vec::new();
        for _ in 0..3 {
            let out = Command::new(std::env::current_exe().expect("bench binary"))
                .arg("--load")
                .arg(&doc)
                .output()
                .expect("child");
            assert!(out.status.success(), "{out:?}");
            let line = String::from_utf8_lossy(&out.stdout).into_owned();
            let f: Vec<&str> = line.split_whitespace().collect();
            assert_eq!(f.first().copied(), Some(n.to_string().as_str()), "{line}");
            times.push(
                f.get(1)
                    .and_then(|s| s.parse::<f64>().ok())
                    .unwrap_or(f64::NAN),
            );
            peaks.push(f.get(2).and_then(|s| s.parse::<u64>().ok()).unwrap_or(0));
        }
        times.sort_by(f64::total_cmp);
        peaks.sort_unstable();
        println!(
            "load {n} annotations, {name:>8}: median {:.2} s, worst {:.2} s, peak RSS {} MiB ({} MB sidecar)",
            times[1],
            times[2],
            peaks[1] / 1024,
            side.len() / 1_000_000
        );
    }

    // import: 100,000 distinct spans of one document as JSONL.
    let m = n.min(100_000);
    let sub = dir.path().join("import");
    fs::create_dir_all(&sub).expect("folder");
    fs::write(sub.join("a.txt"), &text).expect("document");
    let mut jsonl = String::from("{\"path\": \"a.txt\", \"spans\": [");
    for i in 0..m {
        if i > 0 {
            jsonl.push_str(", ");
        }
        let s = i * 9;
        let _ = write!(
            jsonl,
            "{{\"start\": {s}, \"end\": {}, \"label\": \"claim\"}}",
            s + 8
        );
    }
    jsonl.push_str("]}\n");
    fs::write(dir.path().join("in.jsonl"), jsonl).expect("jsonl");
    let t = Instant::now();
    let out = Command::new(env!("CARGO_BIN_EXE_hashiya"))
        .args(["import", "--format", "jsonl", "--corpus"])
        .arg(&sub)
        .arg(dir.path().join("in.jsonl"))
        .output()
        .expect("hashiya import");
    assert!(out.status.success(), "{out:?}");
    println!(
        "import {m} distinct spans into one document: {:.2} s",
        t.elapsed().as_secs_f64()
    );
}

/// This process's peak resident memory in KiB (Linux: VmHWM).
fn peak_kib() -> u64 {
    fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find_map(|l| l.strip_prefix("VmHWM:"))
                .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        })
        .unwrap_or(0)
}
