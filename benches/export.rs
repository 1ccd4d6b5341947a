//! Export speed: 1,000 documents with 50,000 annotations to JSONL (target
//! ≤ 2 s). Documents are built from NTREX-128 sentences (../shared/ntrex),
//! half Arabic, half English, 20 sentences each; every document gets 50
//! annotations (entities with types, figures with attributes, claims with
//! a speaker and links) saved through the real sidecar store.
//!
//! Prints: the in-process time (read documents and sidecars, check them,
//! write JSONL) and the wall time of the release binary
//! `hashiya export --format jsonl --out FILE CORPUS`, and of the same
//! export with `--split`. Run with
//! `cargo bench --bench export` (`HASHIYA_BENCH_DIR=/some/dir` keeps the
//! generated corpus there).

use std::collections::BTreeMap;
use std::io::BufWriter;
use std::path::Path;
use std::time::{Duration, Instant};

use hashiya::annotation::{Annotation, AnnotationSet, Link, Status};
use hashiya::corpus::LabelSet;
use hashiya::export::{DocInfo, Document, jsonl};
use hashiya::sidecar::{self, Store};

const DOCS: usize = 1000;
const PER_DOC: usize = 50;
const NTREX: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/ntrex");

fn build(dir: &Path) -> usize {
    let read = |f: &str| {
        std::fs::read_to_string(format!("{NTREX}/{f}"))
            .unwrap_or_else(|e| panic!("{NTREX}/{f}: {e}"))
    };
    let (ar, en) = (
        read("newstest2019-ref.arb.txt"),
        read("newstest2019-src.eng.txt"),
    );
    let (ar, en): (Vec<&str>, Vec<&str>) = (ar.lines().collect(), en.lines().collect());
    let labels = LabelSet::default();
    let mut total = 0;
    for i in 0..DOCS {
        let lines = if i % 2 == 0 { &ar } else { &en };
        let text: String = (0..20)
            .map(|k| lines[(i * 20 + k) % lines.len()])
            .collect::<Vec<_>>()
            .join("\n\n")
            + "\n";
        let name = format!("doc{i:04}.txt");
        let path = dir.join(&name);
        std::fs::write(&path, &text).expect("write a document");
        let words: Vec<(usize, &str)> = words(&text)
            .into_iter()
            .filter(|(_, w)| w.chars().count() >= 2)
            .collect();
        let step = (words.len() / PER_DOC).max(1);
        let mut anns = Vec::new();
        for (n, (at, w)) in words.iter().step_by(step).take(PER_DOC).enumerate() {
            let (label, kind) = match n % 5 {
                0 => ("entity", Some("PER")),
                1 => ("entity", Some("ORG")),
                2 => ("entity", Some("LOC")),
                3 => ("figure", None),
                _ => ("claim", None),
            };
            let mut attrs = BTreeMap::new();
            let mut links = Vec::new();
            if label == "figure" {
                attrs.insert("value".to_string(), n.to_string());
                attrs.insert("unit".to_string(), "USD".to_string());
            }
            if label == "claim" {
                attrs.insert("speaker".to_string(), format!("a{i}x{}", n - 4));
                links.push(Link {
                    target: format!("a{i}x{}", n - 1),
                    kind: "about".into(),
                });
            }
            anns.push(Annotation {
                id: format!("a{i}x{n}"),
                label: label.into(),
                kind: kind.map(Into::into),
                span: *at..at + w.len(),
                quote: w.to_string(),
                annotator: "bench".into(),
                created: "2026-11-21T00:00:00Z".into(),
                modified: "2026-11-21T00:00:00Z".into(),
                note: (n % 10 == 0).then(|| "checked".to_string()),
                attrs,
                status: Status::Accepted,
                links,
                review: None,
            });
        }
        total += anns.len();
        let (mut store, _) = Store::open(&path, &labels).expect("open a sidecar");
        store
            .save(&AnnotationSet::from_annotations(anns).expect("valid set"))
            .expect("save");
    }
    total
}

/// Runs of alphanumeric characters, with their byte offsets.
fn words(text: &str) -> Vec<(usize, &str)> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in text
        .char_indices()
        .chain(std::iter::once((text.len(), ' ')))
    {
        match (c.is_alphanumeric(), start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                out.push((s, text.get(s..i).unwrap_or_default()));
                start = None;
            }
            _ => {}
        }
    }
    out
}

/// (load time, write time, spans).
fn in_process(dir: &Path, out: &Path) -> (Duration, Duration, usize) {
    let t = Instant::now();
    let labels = LabelSet::default();
    let mut loaded = Vec::new();
    for i in 0..DOCS {
        let rel = format!("doc{i:04}.txt");
        let path = dir.join(&rel);
        let text = sidecar::read_document(&path).expect("read");
        let (side, parsed) = sidecar::parse_file(&sidecar::sidecar_path(&path)).expect("parse");
        let ins = sidecar::inspect(&side, parsed, &text, &labels);
        let info = DocInfo {
            id: rel.trim_end_matches(".txt").into(),
            path: rel,
            language: None,
            direction: None,
            layer: None,
        };
        loaded.push((info, text, ins.set.as_slice().to_vec()));
    }
    let load = t.elapsed();
    let t = Instant::now();
    let docs: Vec<Document<'_>> = loaded
        .iter()
        .map(|(i, t, a)| Document {
            info: i,
            text: t,
            annotations: a,
        })
        .collect();
    let mut problems = Vec::new();
    let mut w = BufWriter::new(std::fs::File::create(out).expect("create"));
    jsonl::write_all(&mut w, &docs, &mut problems).expect("write");
    drop(w);
    let spans: usize = docs.iter().map(|d| d.annotations.len()).sum();
    assert!(problems.is_empty(), "{problems:?}");
    (load, t.elapsed(), spans)
}

/// The 1-minute load average, to read the wall times against (the numbers
/// are wall-clock times and grow on a busy machine).
fn load_average() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .ok()
        .and_then(|s| s.split_whitespace().next().map(str::to_string))
        .unwrap_or_else(|| "unknown".into())
}

fn main() {
    // HASHIYA_BENCH_DIR=path keeps the generated corpus there (for profiling).
    let tmp = tempfile::tempdir().expect("tempdir");
    let base =
        std::env::var_os("HASHIYA_BENCH_DIR").map_or_else(|| tmp.path().to_path_buf(), Into::into);
    let dir = base.join("corpus");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("mkdir");
    let t = Instant::now();
    let total = build(&dir);
    println!(
        "setup: {DOCS} documents, {total} annotations written in {:.2?}",
        t.elapsed()
    );
    let out = base.join("out.jsonl");

    let mut times = Vec::new();
    for _ in 0..3 {
        let (load, write, spans) = in_process(&dir, &out);
        assert_eq!(spans, total);
        times.push((load + write, load, write));
    }
    times.sort();
    let size = std::fs::metadata(&out).map(|m| m.len()).unwrap_or(0);
    let (best, med) = (times[0], times[1]);
    println!(
        "in-process: best {:.3?} (load and check sidecars {:.3?}, write jsonl {:.3?}), median {:.3?}; {size} bytes; target <= 2 s",
        best.0, best.1, best.2, med.0
    );

    let mut times = Vec::new();
    for _ in 0..3 {
        let t = Instant::now();
        let status = std::process::Command::new(env!("CARGO_BIN_EXE_hashiya"))
            .args(["export", "--format", "jsonl", "--out"])
            .arg(&out)
            .arg(&dir)
            .status()
            .expect("run hashiya");
        times.push(t.elapsed());
        assert!(status.success(), "hashiya export failed");
    }
    times.sort();
    let lines = std::fs::read_to_string(&out)
        .map(|s| s.lines().count())
        .unwrap_or(0);
    println!(
        "hashiya export --format jsonl: best {:.3?}, median {:.3?} ({lines} lines; target <= 2 s)",
        times[0], times[1]
    );
    // The same export split three ways (documents placed, record written,
    // three outputs); a fresh folder each time, so every document is new.
    let mut times = Vec::new();
    for k in 0..3 {
        let split_dir = base.join(format!("split{k}"));
        let _ = std::fs::remove_dir_all(&split_dir);
        let t = Instant::now();
        let status = std::process::Command::new(env!("CARGO_BIN_EXE_hashiya"))
            .args(["export", "--format", "jsonl", "--split"])
            .args(["train=0.8,dev=0.1,test=0.1", "--seed", "1", "--out"])
            .arg(&split_dir)
            .arg(&dir)
            .status()
            .expect("run hashiya");
        times.push(t.elapsed());
        assert!(status.success(), "hashiya export --split failed");
    }
    times.sort();
    println!(
        "hashiya export --format jsonl --split train=0.8,dev=0.1,test=0.1: best {:.3?}, median {:.3?}",
        times[0], times[1]
    );
    println!(
        "load average: {} on {} CPU(s)",
        load_average(),
        std::thread::available_parallelism().map_or(1, |n| n.get())
    );
}
