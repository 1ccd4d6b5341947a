//! `hashiya agree` checked against independent implementations: the seed
//! corpus annotated by three simulated annotators with known differences
//! (boundaries shifted, types and labels swapped, spans missing, names with
//! an attached clitic, a figure value changed, a layer left untouched), and
//! every figure recomputed by `tests/agree_reference.py` from the CoNLL
//! exports and the layer files with scikit-learn, `krippendorff`, NLTK and
//! SciPy. In CI a missing reference is a failure, never a skip.

use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;
use sha2::{Digest, Sha256};

#[path = "support/team.rs"]
mod team;
use team::hashiya;

fn seed_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus")
}

/// One simulated annotation, offsets in code points.
#[derive(Clone, Debug)]
struct Ann {
    id: String,
    label: &'static str,
    kind: Option<&'static str>,
    start: usize,
    end: usize,
    status: &'static str,
    value: Option<String>,
    speaker: Option<String>,
}

/// Words of a text as code-point ranges: runs of letters, digits and marks.
fn words(chars: &[char]) -> Vec<(usize, usize)> {
    let is_word =
        |c: char| !c.is_whitespace() && !c.is_ascii_punctuation() && !"،؛؟«»“”".contains(c);
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        if is_word(chars[i]) {
            let s = i;
            while i < chars.len() && is_word(chars[i]) {
                i += 1;
            }
            out.push((s, i));
        } else {
            i += 1;
        }
    }
    out
}

const TYPES: [&str; 4] = ["PER", "ORG", "LOC", "MISC"];

/// The spans every annotator starts from: an entity every 7th word (two
/// words every other time), a figure on every number, a claim of three
/// words every 23rd word with the last entity before it as speaker.
fn base(chars: &[char]) -> Vec<Ann> {
    let w = words(chars);
    let mut out = Vec::new();
    let mut last_entity: Option<String> = None;
    for (i, &(s, e)) in w.iter().enumerate() {
        let word: String = chars[s..e].iter().collect();
        if word.chars().all(|c| c.is_numeric()) {
            out.push(Ann {
                id: format!("fig{i}"),
                label: "figure",
                kind: None,
                start: s,
                end: e,
                status: "accepted",
                value: Some(word.clone()),
                speaker: None,
            });
            continue;
        }
        if i % 7 == 3 {
            let end = if i % 14 == 3 && i + 1 < w.len() {
                w[i + 1].1
            } else {
                e
            };
            let id = format!("ent{i}");
            out.push(Ann {
                id: id.clone(),
                label: "entity",
                kind: Some(TYPES[(i / 7) % 4]),
                start: s,
                end,
                status: "accepted",
                value: None,
                speaker: None,
            });
            last_entity = Some(id);
        }
        if i % 23 == 10 && i + 2 < w.len() {
            out.push(Ann {
                id: format!("clm{i}"),
                label: "claim",
                kind: None,
                start: s,
                end: w[i + 2].1,
                status: "accepted",
                value: None,
                speaker: last_entity.clone(),
            });
        }
    }
    out
}

fn next_type(t: Option<&'static str>) -> Option<&'static str> {
    t.map(|t| TYPES[(TYPES.iter().position(|x| *x == t).unwrap_or(0) + 1) % 4])
}

/// badr: every 5th entity starts a word earlier, every 6th has the next
/// type, every 7th is missing; every 3rd figure has another value; every
/// 4th claim is missing; an extra entity every 29 words; one suggestion
/// (not counted).
fn badr(chars: &[char], base: &[Ann]) -> Vec<Ann> {
    let w = words(chars);
    let mut out = Vec::new();
    let (mut ne, mut nf, mut nc) = (0, 0, 0);
    for a in base {
        let mut a = a.clone();
        match a.label {
            "entity" => {
                ne += 1;
                if ne % 7 == 4 {
                    continue;
                }
                if ne % 5 == 1
                    && let Some(k) = w.iter().position(|x| x.0 == a.start)
                    && k > 0
                {
                    a.start = w[k - 1].0;
                }
                if ne % 6 == 2 {
                    a.kind = next_type(a.kind);
                }
            }
            "figure" => {
                nf += 1;
                if nf % 3 == 1 {
                    a.value = a.value.map(|v| format!("1{v}"));
                }
            }
            _ => {
                nc += 1;
                if nc % 4 == 0 {
                    continue;
                }
            }
        }
        out.push(a);
    }
    // A claim whose speaker badr did not mark has no speaker.
    let ids: Vec<String> = out.iter().map(|a| a.id.clone()).collect();
    for a in &mut out {
        if a.speaker.as_ref().is_some_and(|s| !ids.contains(s)) {
            a.speaker = None;
        }
    }
    for (i, &(s, e)) in w.iter().enumerate() {
        if i % 29 == 5 && !out.iter().any(|a| a.start < e && s < a.end) {
            out.push(Ann {
                id: format!("xtr{i}"),
                label: "entity",
                kind: Some("MISC"),
                start: s,
                end: e,
                status: "accepted",
                value: None,
                speaker: None,
            });
        }
    }
    if let Some(&(s, e)) = w.get(1) {
        out.push(Ann {
            id: "sug1".into(),
            label: "entity",
            kind: Some("ORG"),
            start: s,
            end: e,
            status: "suggested",
            value: None,
            speaker: None,
        });
    }
    out
}

/// huda: names with a clitic (و ب ل ف) start after it, every 9th entity is
/// missing, every 8th is labelled a claim; own ids (speakers resolve
/// through the matching, not by id).
fn huda(chars: &[char], base: &[Ann]) -> Vec<Ann> {
    let mut out = Vec::new();
    let mut ne = 0;
    for a in base {
        let mut a = a.clone();
        a.id = format!("h{}", a.id);
        a.speaker = a.speaker.map(|s| format!("h{s}"));
        if a.label == "entity" {
            ne += 1;
            if ne % 9 == 3 {
                continue;
            }
            if a.end - a.start > 2 && "وبلف".contains(chars[a.start]) {
                a.start += 1;
            }
            if ne % 8 == 5 {
                a.label = "claim";
                a.kind = None;
            }
        }
        out.push(a);
    }
    out
}

fn layer_toml(doc: &str, text: &str, who: &str, status: Option<&str>, anns: &[Ann]) -> String {
    let chars: Vec<char> = text.chars().collect();
    let hash: String = Sha256::digest(text.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    let q = |s: &str| serde_json::to_string(s).unwrap();
    let mut out = format!(
        "version = 1\ndocument = {}\nsha256 = \"{hash}\"\nannotator = \"{who}\"\n",
        q(doc)
    );
    if let Some(s) = status {
        writeln!(out, "status = \"{s}\"").unwrap();
    }
    let mut sorted = anns.to_vec();
    sorted.sort_by(|a, b| (a.start, a.end, &a.id).cmp(&(b.start, b.end, &b.id)));
    for a in &sorted {
        let quote: String = chars[a.start..a.end].iter().collect();
        write!(
            out,
            "\n[[annotation]]\nid = \"{}\"\nlabel = \"{}\"\n",
            a.id, a.label
        )
        .unwrap();
        if let Some(k) = a.kind {
            writeln!(out, "kind = \"{k}\"").unwrap();
        }
        write!(
            out,
            "start = {}\nend = {}\nquote = {}\nannotator = \"{who}\"\ncreated = \"2026-11-02T09:14:00Z\"\nmodified = \"2026-11-02T09:14:00Z\"\nstatus = \"{}\"\n",
            a.start,
            a.end,
            q(&quote),
            a.status
        )
        .unwrap();
        let mut attrs = Vec::new();
        if let Some(v) = &a.value {
            attrs.push(format!("value = {}", q(v)));
        }
        if let Some(s) = &a.speaker {
            attrs.push(format!("speaker = {}", q(s)));
        }
        if !attrs.is_empty() {
            writeln!(out, "attrs = {{ {} }}", attrs.join(", ")).unwrap();
        }
    }
    out
}

/// The seed corpus with three layers per document; huda never touched
/// the last document, badr marked the third done.
fn simulated() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("corpus");
    fs::create_dir(&corpus).unwrap();
    fs::write(
        corpus.join("hashiya.toml"),
        "[team]\nannotators = [\"amal\", \"badr\", \"huda\"]\nblind = true\n",
    )
    .unwrap();
    let mut names: Vec<String> = fs::read_dir(seed_dir())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".txt"))
        .collect();
    names.sort();
    assert_eq!(names.len(), 5, "the seed corpus has five articles");
    for (k, name) in names.iter().enumerate() {
        let text = fs::read_to_string(seed_dir().join(name)).unwrap();
        fs::write(corpus.join(name), &text).unwrap();
        let chars: Vec<char> = text.chars().collect();
        let b = base(&chars);
        let stem = name.strip_suffix(".txt").unwrap();
        let layer = |who: &str| corpus.join(format!("{stem}.{who}.layer.toml"));
        fs::write(layer("amal"), layer_toml(name, &text, "amal", None, &b)).unwrap();
        let badr_status = (k == 2).then_some("done");
        fs::write(
            layer("badr"),
            layer_toml(name, &text, "badr", badr_status, &badr(&chars, &b)),
        )
        .unwrap();
        if k != 4 {
            fs::write(
                layer("huda"),
                layer_toml(name, &text, "huda", None, &huda(&chars, &b)),
            )
            .unwrap();
        }
    }
    dir
}

fn python_reference(args: &[&str]) -> Value {
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/agree_reference.py");
    let o = Command::new("python3")
        .arg(script)
        .args(args)
        .output()
        .expect("python3 runs (CI installs it)");
    assert!(
        o.status.success(),
        "the Python reference failed (install scikit-learn, krippendorff, nltk: .ci/run does):\n{}",
        String::from_utf8_lossy(&o.stderr)
    );
    serde_json::from_slice(&o.stdout).unwrap()
}

fn close(path: &str, ours: &Value, theirs: &Value) {
    match (ours, theirs) {
        (Value::Null, Value::Null) => {}
        (Value::Number(x), Value::Number(y)) => {
            let (x, y) = (x.as_f64().unwrap(), y.as_f64().unwrap());
            assert!((x - y).abs() <= 1e-9, "{path}: hashiya {x}, reference {y}");
        }
        _ => assert_eq!(ours, theirs, "{path}"),
    }
}

#[test]
fn every_figure_matches_the_reference_implementations() {
    let dir = simulated();
    let corpus = dir.path().join("corpus");
    let exports = dir.path().join("exports");
    fs::create_dir(&exports).unwrap();
    let labels = ["claim", "figure", "entity"];
    for who in ["amal", "badr", "huda"] {
        let out = exports.join(format!("{who}.conll"));
        let o = hashiya(
            &corpus,
            &[
                "export",
                "--format",
                "conll",
                "--annotator",
                who,
                "--out",
                out.to_str().unwrap(),
            ],
        );
        assert!(
            o.status.code() != Some(1),
            "{}",
            String::from_utf8_lossy(&o.stderr)
        );
        // huda's names after a clitic start inside a token: widened in BIO.
        let widened = String::from_utf8_lossy(&o.stderr).contains("starts inside the token");
        assert_eq!(widened, who == "huda", "{who}");
        for l in labels {
            let out = exports.join(format!("{who}.{l}.conll"));
            let o = hashiya(
                &corpus,
                &[
                    "export",
                    "--format",
                    "conll",
                    "--annotator",
                    who,
                    "--label",
                    l,
                    "--out",
                    out.to_str().unwrap(),
                ],
            );
            assert!(
                o.status.code() != Some(1),
                "{}",
                String::from_utf8_lossy(&o.stderr)
            );
        }
    }
    let o = hashiya(&corpus, &["agree", "--format", "json"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let ours: Value = serde_json::from_slice(&o.stdout).unwrap();
    let reference = python_reference(&[
        corpus.to_str().unwrap(),
        exports.to_str().unwrap(),
        "amal,badr,huda",
        "claim",
        "figure",
        "entity:PER,ORG,LOC,MISC",
    ]);

    // The simulation holds the differences it claims to.
    let pair = |a: &str, b: &str, label: &str, kind: &str| -> &Value {
        ours["pairs"]
            .as_array()
            .unwrap()
            .iter()
            .find(|p| p["a"] == a && p["b"] == b && p["label"] == label && p["type"] == kind)
            .unwrap()
    };
    let ab = pair("amal", "badr", "", "");
    assert!(ab["strict"]["only_a"].as_u64().unwrap() > 0);
    assert!(ab["overlap"]["matched"].as_u64().unwrap() > ab["strict"]["matched"].as_u64().unwrap());
    let ah = pair("amal", "huda", "entity", "");
    assert!(ah["overlap"]["matched"].as_u64().unwrap() > ah["strict"]["matched"].as_u64().unwrap());
    assert_eq!(ours["documents"][4]["skipped"]["huda"], "todo");
    assert!(ours["attributes"][0]["value"]["pairs"].as_u64().unwrap() > 0);
    assert!(ours["attributes"][0]["speaker"]["pairs"].as_u64().unwrap() > 0);

    // Every figure, to 1e-9.
    assert_eq!(ours["annotators"], reference["annotators"]);
    let (op, rp) = (
        ours["pairs"].as_array().unwrap(),
        reference["pairs"].as_array().unwrap(),
    );
    assert_eq!(op.len(), rp.len());
    assert_eq!(op.len(), 3 * (1 + 3 + 4));
    for (x, y) in op.iter().zip(rp) {
        let at = format!(
            "pairs {}~{} {:?}/{:?}",
            x["a"], x["b"], x["label"], x["type"]
        );
        for k in ["a", "b", "label", "type"] {
            assert_eq!(x[k], y[k], "{at}");
        }
        for m in ["strict", "overlap"] {
            for k in ["precision", "recall", "f1", "matched", "only_a", "only_b"] {
                close(&format!("{at} {m}.{k}"), &x[m][k], &y[m][k]);
            }
        }
        close(&format!("{at} kappa"), &x["kappa"], &y["kappa"]);
    }
    let oa = ours["alpha"].as_object().unwrap();
    assert_eq!(oa.len(), 4);
    for (l, v) in oa {
        close(
            &format!("alpha {l:?} (krippendorff)"),
            v,
            &reference["alpha"][l],
        );
        close(
            &format!("alpha {l:?} (NLTK)"),
            v,
            &reference["alpha_nltk"][l],
        );
    }
    for k in ["strict_f1", "overlap_f1", "kappa"] {
        close(
            &format!("average {k}"),
            &ours["average"][k],
            &reference["average"][k],
        );
    }
    let (od, rd) = (
        ours["documents"].as_array().unwrap(),
        reference["documents"].as_array().unwrap(),
    );
    assert_eq!(od.len(), rd.len());
    for (x, y) in od.iter().zip(rd) {
        for k in ["path", "annotators", "skipped"] {
            assert_eq!(x[k], y[k]);
        }
        for k in ["strict_f1", "overlap_f1", "alpha"] {
            close(&format!("document {} {k}", x["path"]), &x[k], &y[k]);
        }
    }
    for (x, y) in ours["attributes"]
        .as_array()
        .unwrap()
        .iter()
        .zip(reference["attributes"].as_array().unwrap())
    {
        for k in ["value", "speaker", "type_kappa"] {
            close(
                &format!("attributes {}~{} {k}", x["a"], x["b"]),
                &x[k]["agreement"],
                &y[k]["agreement"],
            );
            assert_eq!(x[k]["pairs"], y[k]["pairs"], "{k}");
        }
    }
    for m in ["strict_f1", "alpha"] {
        for k in ["estimate", "low", "high"] {
            close(
                &format!("intervals {m}.{k}"),
                &ours["intervals"][m][k],
                &reference["intervals"][m][k],
            );
        }
        assert_eq!(ours["intervals"][m]["samples"], 1000);
    }
}
