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
const RUNS: usize = 15;

fn main() {
    let text = fs::read_to_string(SOURCE).unwrap_or_else(|e| panic!("{SOURCE}: {e}"));
    let dir = tempfile::tempdir().expect("temp dir");
    let keep = std::env::var_os("KEEP_SIDECAR_BENCH").is_some();
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
            let t = Instant::now();
            let outcome = store.save(&edited).expect("save");
            saves.push(t.elapsed());
            assert_eq!(outcome, SaveOutcome::Written);
        }
    }
    let size = fs::metadata(dir.path().join("ntrex.ar.ann.toml"))
        .expect("sidecar")
        .len();
    for _ in 0..RUNS {
        let t = Instant::now();
        let (store, loaded) = Store::open(&doc, &labels).expect("open");
        loads.push(t.elapsed());
        assert_eq!(loaded.set.len(), N);
        assert!(loaded.problems.is_empty(), "{:?}", &loaded.problems[..1]);
        drop(store);
    }

    println!(
        "sidecar bench: {N} annotations, document {} KiB, sidecar {} KiB, {RUNS} runs",
        text.len() / 1024,
        size / 1024
    );
    report("load (read + parse + validate)", &mut loads);
    report("save (render + write + fsync + rename)", &mut saves);
    if keep {
        let _ = fs::copy(&doc, "/tmp/bench.ar.txt");
        let _ = fs::copy(
            dir.path().join("ntrex.ar.ann.toml"),
            "/tmp/bench.ar.ann.toml",
        );
    }
}

fn report(what: &str, times: &mut [Duration]) {
    times.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    let median = ms(times[times.len() / 2]);
    let worst = ms(times[times.len() - 1]);
    let verdict = if median <= 50.0 { "ok" } else { "OVER" };
    println!(
        "  {what:<40} median {median:7.2} ms  worst {worst:7.2} ms  (target <= 50 ms: {verdict})"
    );
}
