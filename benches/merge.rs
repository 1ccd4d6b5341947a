//! Merge speed: two versions of a 10,000-annotation sidecar on an Arabic
//! document (NTREX-128 Arabic references), each with 500 annotations edited
//! and 500 added (theirs also deletes 100), merged by the merge driver's
//! library must take at most 200 ms. Prints the median and worst of several
//! runs, and, for information, the same merge when one side also edited the
//! document (every annotation of the other side and of the base
//! re-anchored).
//!
//! `cargo bench --bench merge`

use std::fs;
use std::time::{Duration, Instant};

use hashiya::annotation::{Annotation, AnnotationSet, Op, Status};
use hashiya::corpus::LabelSet;
use hashiya::merge::{Documents, FileKind, merge_file};
use hashiya::sidecar::Store;

const SOURCE: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../shared/ntrex/newstest2019-ref.arb.txt"
);
const N: usize = 10_000;
const RUNS: usize = 11;
const TARGET: Duration = Duration::from_millis(200);

fn words(text: &str) -> Vec<(usize, usize)> {
    text.split_inclusive(char::is_whitespace)
        .scan(0, |at, w| {
            let s = *at;
            *at += w.len();
            Some((s, s + w.trim_end().len()))
        })
        .filter(|(s, e)| e > s)
        .collect()
}

fn annotation(set: &AnnotationSet, text: &str, (s, e): (usize, usize), i: usize) -> Annotation {
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
        note: i.is_multiple_of(10).then(|| "ملاحظة قصيرة".to_string()),
        attrs: Default::default(),
        status: Status::Accepted,
        links: vec![],
        review: None,
    };
    if label == "figure" {
        a.attrs.insert("value".into(), i.to_string());
    }
    a
}

fn update(set: &mut AnnotationSet, id: &str, f: impl FnOnce(&mut Annotation)) {
    let before = set.get(id).expect("annotation").clone();
    let mut after = before.clone();
    f(&mut after);
    set.apply(Op::Update { before, after }).expect("update");
}

fn median_worst(mut v: Vec<Duration>) -> (Duration, Duration) {
    v.sort();
    (v[v.len() / 2], v[v.len() - 1])
}

fn main() {
    let text = fs::read_to_string(SOURCE).unwrap_or_else(|e| panic!("{SOURCE}: {e}"));
    let dir = tempfile::tempdir().expect("temp dir");
    let doc = dir.path().join("ntrex.ar.txt");
    fs::write(&doc, &text).expect("write document");
    let w = words(&text);
    assert!(w.len() >= 2 * N, "only {} words", w.len());
    let step = w.len() / N;

    let mut base = AnnotationSet::new();
    for i in 0..N {
        let a = annotation(&base, &text, w[i * step], i);
        base.insert(a).expect("insert");
    }
    let ids: Vec<String> = base.iter().map(|a| a.id.clone()).collect();
    let mut ours = base.clone();
    let mut theirs = base.clone();
    for (i, id) in ids.iter().enumerate() {
        if i % 20 == 1 {
            update(&mut ours, id, |a| a.note = Some(format!("ours {i}")));
        }
        if i % 20 == 2 {
            update(&mut theirs, id, |a| {
                a.status = Status::Rejected;
                a.attrs.insert("unit".into(), "USD".into());
            });
        }
        if i % 100 == 3 {
            theirs.remove(id).expect("remove");
        }
    }
    for k in 0..500 {
        // New annotations on words between the annotated ones.
        let a = annotation(&ours, &text, w[k * 20 * step + 1], k);
        ours.insert(a).expect("insert");
        let a = annotation(&theirs, &text, w[k * 20 * step + 2], k);
        theirs.insert(a).expect("insert");
    }
    let labels = LabelSet::default();
    let (mut store, _) = Store::open(&doc, &labels).expect("open");
    let [b, o, t] = [&base, &ours, &theirs].map(|s| store.render(s).expect("render"));
    // Theirs on disk, for the re-anchoring run below.
    store.save(&theirs).expect("save");
    drop(store);

    if std::env::var_os("MERGE_BENCH_PARTS").is_some() {
        let st = Instant::now();
        let d = hashiya::sidecar::format::parse(&o).expect("parses");
        let parse = st.elapsed();
        let st = Instant::now();
        let d = d.into_owned();
        println!(
            "parse {:?} into_owned {:?} ({} records)",
            parse,
            st.elapsed(),
            d.records.len()
        );
    }
    let mut times = Vec::new();
    let mut merged = None;
    let cpu = cpu_ms();
    for _ in 0..RUNS {
        let start = Instant::now();
        let m = merge_file(FileKind::Sidecar, Some(&b), &o, &t, &Documents::none()).expect("merge");
        times.push(start.elapsed());
        merged = Some(m);
    }
    let cpu = cpu_ms().zip(cpu).map(|(b, a)| (b - a) / RUNS as f64);
    let m = merged.expect("merged");
    assert_eq!(m.conflicts, 0);
    assert_eq!(m.text.matches("[[annotation]]").count(), N + 1000 - 100);
    let (med, worst) = median_worst(times);
    println!(
        "merge of two {N}-annotation sidecars ({} KB each): median {:.1} ms, worst {:.1} ms, CPU {} per merge (target {} ms)",
        o.len() / 1024,
        med.as_secs_f64() * 1e3,
        worst.as_secs_f64() * 1e3,
        cpu.map_or("?".to_string(), |c| format!("{c:.1} ms")),
        TARGET.as_millis()
    );

    // Theirs also edited the document: a paragraph inserted at the top.
    let edited = format!("فقرة جديدة في أول الملف.\n{text}");
    fs::write(&doc, &edited).expect("write document");
    let (store, loaded) = Store::open(&doc, &labels).expect("open");
    let t2 = store.render(&loaded.set).expect("render");
    drop(store);
    let by_sha = |sha: &str| {
        (hashiya::sidecar::sha256_hex(edited.as_bytes()) == sha).then(|| edited.clone())
    };
    let docs = Documents {
        by_sha: &by_sha,
        merged: None,
    };
    let start = Instant::now();
    let m2 = merge_file(FileKind::Sidecar, Some(&b), &o, &t2, &docs).expect("merge");
    let re = start.elapsed();
    assert_eq!(m2.conflicts, 0);
    println!(
        "the same with the document edited on one side (base and ours re-anchored): {:.1} ms",
        re.as_secs_f64() * 1e3
    );
    if med > TARGET {
        eprintln!("merge: median {med:?} is over the {TARGET:?} target");
        std::process::exit(1);
    }
}

/// CPU time of this process (user + system) in ms, from /proc.
fn cpu_ms() -> Option<f64> {
    let stat = fs::read_to_string("/proc/self/stat").ok()?;
    let rest = stat.rsplit_once(')')?.1;
    let f: Vec<&str> = rest.split_whitespace().collect();
    let utime: f64 = f.get(11)?.parse().ok()?;
    let stime: f64 = f.get(12)?.parse().ok()?;
    // Clock ticks are 100 Hz on Linux.
    Some((utime + stime) * 10.0)
}
