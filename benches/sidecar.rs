//! Sidecar speed: a sidecar with 10,000 annotations on an Arabic document
//! (NTREX-128 Arabic references) must load and save in at most 50 ms each.
//! Prints the median and worst of several runs.
//!
//! `cargo bench --bench sidecar`

use std::fs;
use std::time::{Duration, Instant};

use hashiya::annotation::{Annotation, AnnotationSet, Link, Status};
use hashiya::corpus::LabelSet;
use hashiya::sidecar::{SaveOutcome, Store};

const SOURCE: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../shared/ntrex/newstest2019-ref.arb.txt"
);
const N: usize = 10_000;
const RUNS: usize = 21;

fn main() {
    let text = fs::read_to_string(SOURCE).unwrap_or_else(|e| panic!("{SOURCE}: {e}"));
    let dir = tempfile::tempdir().expect("temp dir");
    let doc = dir.path().join("ntrex.ar.txt");
    fs::write(&doc, &text).expect("write document");

    // Annotate words spread over the document: every k-th word.
    let words: Vec<(usize, usize)> = text
        .split_inclusive(char::is_whitespace)
        .scan(0, |at, w| {
            let s = *at;
            *at += w.len();
            Some((s, s + w.trim_end().len()))
        })
        .filter(|(s, e)| e > s)
        .collect();
    assert!(words.len() >= N, "only {} words", words.len());
    let step = words.len() / N;
    let mut set = AnnotationSet::new();
    let mut prev: Option<String> = None;
    for i in 0..N {
        let (s, e) = words[i * step];
        let (label, kind) = match i % 3 {
            0 => ("entity", Some("ORG".to_string())),
            1 => ("figure", None),
            _ => ("claim", None),
        };
        let mut a = Annotation {
            id: set.new_id(),
            label: label.into(),
            kind,
            span: s..e,
            quote: text.get(s..e).expect("word").to_string(),
            annotator: "bench".into(),
            created: "2026-11-21T06:00:00Z".into(),
            modified: "2026-11-21T06:00:00Z".into(),
            note: (i % 10 == 0).then(|| "ملاحظة قصيرة".to_string()),
            attrs: Default::default(),
            status: Status::Accepted,
            links: vec![],
            review: None,
        };
        if label == "figure" {
            a.attrs.insert("value".into(), i.to_string());
            a.attrs.insert("unit".into(), "USD".into());
        }
        if let Some(p) = &prev
            && i % 5 == 0
        {
            a.links.push(Link {
                target: p.clone(),
                kind: "supports".into(),
            });
        }
        prev = Some(a.id.clone());
        set.insert(a).expect("insert");
    }

    let labels = LabelSet::default();
    let mut saves = Vec::new();
    let mut loads = Vec::new();
    let mut save_cpu = 0.0;
    {
        let (mut store, _) = Store::open(&doc, &labels).expect("open");
        for run in 0..RUNS {
            // Change one annotation so every save really writes.
            let mut edited = set.clone();
            let first = edited.iter().next().expect("one").clone();
            let mut after = first.clone();
            after.note = Some(format!("run {run}"));
            edited
                .apply(hashiya::annotation::Op::Update {
                    before: first,
                    after,
                })
                .expect("update");
            let c = cpu_ms();
            let t = Instant::now();
            let outcome = store.save(&edited).expect("save");
            saves.push(t.elapsed());
            save_cpu += cpu_ms().zip(c).map_or(f64::NAN, |(b, a)| b - a);
            assert_eq!(outcome, SaveOutcome::Written);
        }
    }
    let save_cpu = Some(save_cpu / RUNS as f64).filter(|x| x.is_finite());
    let size = fs::metadata(dir.path().join("ntrex.ar.ann.toml"))
        .expect("sidecar")
        .len();
    let mut load_cpu = 0.0;
    for _ in 0..RUNS {
        let c = cpu_ms();
        let t = Instant::now();
        let (store, loaded) = Store::open(&doc, &labels).expect("open");
        loads.push(t.elapsed());
        load_cpu += cpu_ms().zip(c).map_or(f64::NAN, |(b, a)| b - a);
        assert_eq!(loaded.set.len(), N);
        assert!(loaded.problems.is_empty(), "{:?}", &loaded.problems[..1]);
        drop(store);
    }

    // The document changes: a paragraph inserted at the top and one word
    // replaced every 40 lines. Loading re-anchors every annotation.
    let mut edited = String::from("فقرة جديدة في أول الملف.\n");
    for (i, line) in text.split_inclusive('\n').enumerate() {
        if i % 40 == 7 {
            edited.push_str(&line.replacen(' ', " كلمة ", 1));
        } else {
            edited.push_str(line);
        }
    }
    fs::write(&doc, &edited).expect("write document");
    let mut drift = Vec::new();
    let mut found = (0, 0);
    for _ in 0..3 {
        let t = Instant::now();
        let (store, loaded) = Store::open(&doc, &labels).expect("open");
        drift.push(t.elapsed());
        found = (loaded.set.len(), loaded.orphans.len());
        drop(store);
    }

    println!(
        "sidecar bench: {N} annotations, document {} KiB, sidecar {} KiB, {RUNS} runs",
        text.len() / 1024,
        size / 1024
    );
    let load_cpu = Some(load_cpu / RUNS as f64).filter(|x| x.is_finite());
    if let Ok(l) = fs::read_to_string("/proc/loadavg") {
        println!("  machine load average: {}", l.trim());
    }
    report("load (read + parse + validate)", &mut loads, load_cpu);
    report(
        "save (render + write + fsync + rename)",
        &mut saves,
        save_cpu,
    );
    drift.sort();
    println!(
        "  load after the document changed: {:.2} ms median of 3 (re-anchored {}, orphans {}; no target)",
        drift[1].as_secs_f64() * 1000.0,
        found.0,
        found.1
    );
}

fn report(what: &str, times: &mut [Duration], cpu: Option<f64>) {
    times.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    let median = ms(times[times.len() / 2]);
    let best = ms(times[0]);
    let worst = ms(times[times.len() - 1]);
    let verdict = if median <= 50.0 { "ok" } else { "OVER" };
    let cpu = cpu.map_or(String::from("n/a"), |c| format!("{c:.1} ms"));
    println!(
        "  {what:<40} wall median {median:7.2} ms  best {best:7.2}  worst {worst:7.2}  cpu/run {cpu}  (target <= 50 ms: {verdict})"
    );
}

/// CPU time (user + system) of this process so far, in ms (Linux).
fn cpu_ms() -> Option<f64> {
    let stat = fs::read_to_string("/proc/self/stat").ok()?;
    // Fields after the command name (which is in parentheses).
    let rest = stat.rsplit_once(')')?.1;
    let f: Vec<&str> = rest.split_whitespace().collect();
    let utime: f64 = f.get(11)?.parse().ok()?;
    let stime: f64 = f.get(12)?.parse().ok()?;
    // Clock ticks are 100 Hz on Linux.
    Some((utime + stime) * 10.0)
}
