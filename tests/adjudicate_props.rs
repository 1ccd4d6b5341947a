//! Nothing is ever lost: after any sequence of decisions (taken in several
//! sessions, each saved), every layer file is byte for byte what it was,
//! and gold holds exactly the decisions that were taken — one gold
//! annotation per accepted decision with its provenance, one `[[rejected]]`
//! per rejection — and no unit is decided twice.

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;

use hashiya::adjudicate::{Choice, Decision, Provenance, Session};
use hashiya::corpus::{LabelSet, Layer};
use hashiya::sidecar::sha256_hex;
use proptest::prelude::*;

const TEXT: &str = "Macron said 5,700 soldiers arrived.\nقال ماكرونُ إنّ ٥٧٠٠ جندي وصلوا.\n";
/// Word boundaries (code points) spans start and end on.
const CUTS: &[usize] = &[0, 6, 11, 17, 26, 34, 36, 39, 47, 51, 56, 61, 67];
const LABELS: &[(&str, &str)] = &[
    ("entity", "PER"),
    ("entity", "ORG"),
    ("figure", ""),
    ("claim", ""),
];

/// One annotation: (start cut, length in cuts, label, value attribute).
type Ann = (usize, usize, usize, bool);

fn layer_text(who: &str, anns: &[Ann]) -> String {
    let chars: Vec<char> = TEXT.chars().collect();
    let mut out = format!(
        "version = 1\ndocument = \"a.txt\"\nsha256 = \"{}\"\nannotator = \"{who}\"\n",
        sha256_hex(TEXT.as_bytes())
    );
    for (n, &(s, len, l, value)) in anns.iter().enumerate() {
        let start = CUTS[s];
        let end = CUTS[(s + len).min(CUTS.len() - 1)];
        if start >= end {
            continue;
        }
        let quote: String = chars[start..end].iter().collect();
        let (label, kind) = LABELS[l];
        out.push_str(&format!(
            "\n[[annotation]]\nid = \"{who}{n}\"\nlabel = \"{label}\"\n"
        ));
        if !kind.is_empty() {
            out.push_str(&format!("kind = \"{kind}\"\n"));
        }
        out.push_str(&format!(
            "start = {start}\nend = {end}\nquote = {}\nstatus = \"accepted\"\n",
            toml::Value::String(quote)
        ));
        if value {
            out.push_str("attrs = { value = \"5700\" }\n");
        }
    }
    out
}

fn ann() -> impl Strategy<Value = Ann> {
    (0..CUTS.len() - 1, 1usize..3, 0..LABELS.len(), any::<bool>())
}

fn read(p: &Path) -> Vec<u8> {
    fs::read(p).unwrap()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    #[test]
    fn decisions_never_lose_or_invent(
        layers in proptest::collection::vec(proptest::collection::vec(ann(), 0..6), 2..4),
        // Each step: which open unit (modulo their number), what to do
        // with it (0 unanimous, 1 majority, 2 a layer's version, 3 an
        // edit, 4 reject), which layer, and whether to save and reopen.
        steps in proptest::collection::vec((0usize..16, 0u8..5, 0usize..3, any::<bool>()), 0..12),
    ) {
        let tmp = tempfile::tempdir().unwrap();
        let doc = tmp.path().join("a.txt");
        fs::write(&doc, TEXT).unwrap();
        let names: Vec<String> = (0..layers.len()).map(|k| format!("a{k}")).collect();
        let mut files = Vec::new();
        for (who, anns) in names.iter().zip(&layers) {
            let p = Layer::Annotator(who.clone()).path(&doc);
            fs::write(&p, layer_text(who, anns)).unwrap();
            files.push((p.clone(), read(&p)));
        }
        let labels = LabelSet::default();
        let mut s = Session::open(&doc, &labels, &names).unwrap();
        // What was decided: gold id (None for a rejection) -> decision.
        let mut taken: Vec<(Option<String>, Decision)> = Vec::new();
        let mut decided_refs: Vec<Vec<String>> = Vec::new();
        for (i, &(pick, what, k, reopen)) in steps.iter().enumerate() {
            let open: Vec<usize> = s.open_units().collect();
            if open.is_empty() {
                break;
            }
            let u = open[pick % open.len()];
            let k = k % names.len();
            let choice = match what {
                0 => Choice::Unanimous,
                1 => Choice::Majority,
                2 => Choice::Layer(k),
                3 => match s.units[u].of_layer(k) {
                    Some(m) => {
                        let mut a = s.annotation(m).clone();
                        a.note = Some(format!("edited {i}"));
                        Choice::Edited(k, Box::new(a))
                    }
                    None => Choice::Layer(k),
                },
                _ => Choice::Reject,
            };
            let refs: Vec<String> = s.units[u]
                .members
                .iter()
                .map(|m| format!("{}:{}", names[m.layer], s.annotation(*m).id))
                .collect();
            if let Ok(id) = s.decide(u, choice, "judge", "2026-12-01T00:00:00Z") {
                let d = s.decision(u).unwrap();
                prop_assert_eq!(id.is_none(), d == Decision::Rejected);
                taken.push((id, d));
                decided_refs.push(refs);
                // Never decided twice.
                prop_assert!(s.decide(u, Choice::Reject, "judge", "now").is_err());
            }
            if reopen {
                s.save().unwrap();
                drop(s);
                s = Session::open(&doc, &labels, &names).unwrap();
            }
        }
        s.save().unwrap();
        drop(s);
        // Every layer as it was.
        for (p, bytes) in &files {
            prop_assert_eq!(&read(p), bytes);
        }
        // Gold holds exactly the decisions.
        let gold_path = Layer::Gold.path(&doc);
        let gold: toml::Table = match fs::read_to_string(&gold_path) {
            Ok(t) => toml::from_str(&t).unwrap(),
            Err(_) => toml::Table::new(),
        };
        let mut in_gold: BTreeMap<String, Decision> = BTreeMap::new();
        let mut looked_at: Vec<String> = Vec::new();
        for a in gold.get("annotation").and_then(|v| v.as_array()).into_iter().flatten() {
            let t = a.as_table().unwrap();
            let p = Provenance::from_table(t).unwrap().expect("every gold annotation is a decision");
            looked_at.extend(p.refs().map(|r| r.name()));
            in_gold.insert(t["id"].as_str().unwrap().to_string(), p.decision);
        }
        let mut rejected = 0;
        for r in gold.get("rejected").and_then(|v| v.as_array()).into_iter().flatten() {
            let p = Provenance::from_table(r.as_table().unwrap()).unwrap().unwrap();
            prop_assert_eq!(p.decision, Decision::Rejected);
            looked_at.extend(p.refs().map(|r| r.name()));
            rejected += 1;
        }
        let want: BTreeMap<String, Decision> = taken
            .iter()
            .filter_map(|(id, d)| id.clone().map(|i| (i, *d)))
            .collect();
        prop_assert_eq!(in_gold, want);
        prop_assert_eq!(rejected, taken.iter().filter(|(id, _)| id.is_none()).count());
        // Each decision looked at exactly its unit's annotations.
        let mut all: Vec<String> = decided_refs.concat();
        all.sort();
        looked_at.sort();
        prop_assert_eq!(looked_at, all);
    }
}
