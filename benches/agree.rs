//! Agreement speed: 1,000 documents × 3 annotators × 50 spans (target
//! ≤ 1 s). Documents are built from NTREX-128 sentences (../shared/ntrex),
//! half Arabic, half English, 20 sentences each. amal's 50 spans per
//! document (entities with types, figures with values, two-word claims)
//! are changed for badr (boundaries moved, types swapped) and huda (spans
//! missing, extra spans); the layer files are written as hashiya writes them.
//!
//! Prints: the figures alone (in memory), the in-process time with loading
//! (read documents and layers, check them, compute), and the wall time of
//! the release binary `hashiya agree --format json CORPUS`. Run with
//! `cargo bench --bench agree` (`HASHIYA_BENCH_DIR=/some/dir` keeps the
//! generated corpus there).

use std::fmt::Write as _;
use std::path::Path;
use std::time::{Duration, Instant};

use hashiya::agree;
use sha2::{Digest, Sha256};

const DOCS: usize = 1000;
const PER_DOC: usize = 50;
const NTREX: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/ntrex");
const WHO: [&str; 3] = ["amal", "badr", "huda"];

/// Words as (byte start, byte end).
fn words(text: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in text
        .char_indices()
        .chain(std::iter::once((text.len(), ' ')))
    {
        // Harakat and other combining marks stay on their letter.
        let mark = matches!(c, '\u{300}'..='\u{36f}' | '\u{64b}'..='\u{65f}' | '\u{670}' | '\u{6d6}'..='\u{6ed}' | '\u{200c}'..='\u{200d}');
        match (c.is_alphanumeric() || mark, start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                out.push((s, i));
                start = None;
            }
            _ => {}
        }
    }
    out
}

struct Span {
    start: usize,
    end: usize,
    label: &'static str,
    kind: Option<&'static str>,
    value: Option<String>,
}

fn layer_file(name: &str, text: &str, who: &str, spans: &[Span]) -> String {
    let hash: String = Sha256::digest(text.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    let cp = |b: usize| text.get(..b).map_or(0, |t| t.chars().count());
    let mut out =
        format!("version = 1\ndocument = \"{name}\"\nsha256 = \"{hash}\"\nannotator = \"{who}\"\n");
    for (n, s) in spans.iter().enumerate() {
        let quote =
            serde_json::to_string(text.get(s.start..s.end).unwrap_or_default()).unwrap_or_default();
        write!(
            out,
            "\n[[annotation]]\nid = \"{who}{n}\"\nlabel = \"{}\"\n",
            s.label
        )
        .ok();
        if let Some(k) = s.kind {
            writeln!(out, "kind = \"{k}\"").ok();
        }
        write!(
            out,
            "start = {}\nend = {}\nquote = {quote}\nannotator = \"{who}\"\ncreated = \"2026-11-02T09:14:00Z\"\nmodified = \"2026-11-02T09:14:00Z\"\n",
            cp(s.start),
            cp(s.end)
        )
        .ok();
        if let Some(v) = &s.value {
            writeln!(out, "attrs = {{ value = \"{v}\" }}").ok();
        }
    }
    out
}

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
    std::fs::write(
        dir.join("hashiya.toml"),
        "[team]\nannotators = [\"amal\", \"badr\", \"huda\"]\n",
    )
    .expect("write the manifest");
    let mut total = 0;
    for i in 0..DOCS {
        let lines = if i % 2 == 0 { &ar } else { &en };
        let text: String = (0..20)
            .map(|k| lines[(i * 20 + k) % lines.len()])
            .collect::<Vec<_>>()
            .join("\n\n")
            + "\n";
        let name = format!("doc{i:04}.txt");
        std::fs::write(dir.join(&name), &text).expect("write a document");
        let w: Vec<(usize, usize)> = words(&text)
            .into_iter()
            .filter(|(s, e)| e - s >= 2)
            .collect();
        let step = (w.len() / PER_DOC).max(2);
        for (a, who) in WHO.iter().enumerate() {
            let mut spans = Vec::new();
            for n in 0..PER_DOC {
                let k = n * step;
                let Some(&(s, e)) = w.get(k) else { break };
                let (label, kind) = match n % 5 {
                    0 => ("entity", Some("PER")),
                    1 => ("entity", Some("ORG")),
                    2 => ("entity", Some("LOC")),
                    3 => ("figure", None),
                    _ => ("claim", None),
                };
                let mut span = Span {
                    start: s,
                    end: if label == "claim" {
                        w.get(k + 1).map_or(e, |x| x.1)
                    } else {
                        e
                    },
                    label,
                    kind,
                    value: (label == "figure").then(|| format!("{n}")),
                };
                match (a, n % 7) {
                    (1, 1) if k > 0 => span.start = w[k - 1].0,
                    (1, 2) if kind.is_some() => span.kind = Some("MISC"),
                    (1, 3) if label == "figure" => span.value = Some("0".into()),
                    // A span missing and another one in its place.
                    (2, 4) => {
                        if let Some(&(s2, e2)) = w.get(k + 1) {
                            (span.start, span.end) = (s2, e2);
                        }
                    }
                    (2, 5) => span.end = w.get(k + 1).map_or(e, |x| x.1),
                    _ => {}
                }
                spans.push(span);
            }
            spans.sort_by_key(|s| (s.start, s.end));
            total += spans.len();
            let stem = name.trim_end_matches(".txt");
            std::fs::write(
                dir.join(format!("{stem}.{who}.layer.toml")),
                layer_file(&name, &text, who, &spans),
            )
            .expect("write a layer");
        }
    }
    total
}

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn main() {
    let kept = std::env::var_os("HASHIYA_BENCH_DIR").map(std::path::PathBuf::from);
    let tmp = tempfile::tempdir().expect("a temp dir");
    let dir = kept.clone().unwrap_or_else(|| tmp.path().to_path_buf());
    std::fs::create_dir_all(&dir).expect("the bench folder");
    let t = Instant::now();
    let spans = build(&dir);
    eprintln!(
        "built {DOCS} documents × 3 layers, {spans} spans in {:.2?}",
        t.elapsed()
    );

    let corpora = hashiya::corpus::select(std::slice::from_ref(&dir)).expect("the corpus");
    let annotators: Vec<String> = WHO.iter().map(|s| s.to_string()).collect();
    let labels = vec![
        ("claim".to_string(), Vec::<String>::new()),
        ("figure".to_string(), Vec::new()),
        (
            "entity".to_string(),
            ["PER", "ORG", "LOC", "MISC"].map(String::from).to_vec(),
        ),
    ];
    let opts = agree::Options {
        annotators: annotators.clone(),
        labels,
        token_labels: vec!["entity".into()],
        list: false,
    };
    let mut load_times = Vec::new();
    let mut compute_times = Vec::new();
    let mut alpha = None;
    for _ in 0..5 {
        let t = Instant::now();
        let mut problems = Vec::new();
        let docs = agree::load(&corpora, &annotators, &mut problems);
        let loaded = t.elapsed();
        assert!(problems.is_empty(), "{:?}", problems.first());
        let t = Instant::now();
        let report = agree::compute(&docs, &opts);
        compute_times.push(t.elapsed());
        load_times.push(loaded);
        alpha = report.alpha.get("").copied().flatten();
        assert_eq!(report.documents.len(), DOCS);
    }
    let (l, c) = (median(load_times), median(compute_times));
    println!(
        "figures (span F1, kappa, alpha, attributes, 1000-sample bootstrap) in memory: median {c:.3?}"
    );
    println!(
        "in-process with loading: median {:.3?} (read and check documents and layers {l:.3?}); alpha {}",
        l + c,
        alpha.map_or("—".into(), |a| format!("{a:.4}"))
    );
    let mut walls = Vec::new();
    for _ in 0..5 {
        let t = Instant::now();
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_hashiya"))
            .args(["agree", "--format", "json"])
            .arg(&dir)
            .output()
            .expect("run hashiya agree");
        walls.push(t.elapsed());
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let best = walls.iter().min().copied().unwrap_or_default();
    println!(
        "hashiya agree --format json ({DOCS} documents × 3 annotators × {PER_DOC} spans): best {best:.3?}, median {:.3?}; target <= 1 s",
        median(walls)
    );
    if let Some(k) = kept {
        eprintln!("corpus kept in {}", k.display());
    }
}
