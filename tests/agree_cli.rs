//! `hashiya agree` on small corpora with results stated by hand: identical
//! layers, an empty layer, one annotator, documents some annotators left
//! untouched, the disagreement list and `--fail-under`.

use std::fmt::Write as _;
use std::fs;
use std::path::Path;
use std::process::Output;

use serde_json::Value;
use sha2::{Digest, Sha256};

#[path = "support/team.rs"]
mod team;
use team::hashiya;

fn text(o: &Output) -> (String, String) {
    (
        String::from_utf8_lossy(&o.stdout).into_owned(),
        String::from_utf8_lossy(&o.stderr).into_owned(),
    )
}

// 16 tokens: Amal Badr met the minister in Cairo on Monday . He said 5,700 soldiers arrived .
const DOC: &str =
    "Amal Badr met the minister in Cairo on Monday. He said 5,700 soldiers arrived.\n";

/// `(quote, label, type, value)`; the first occurrence of the quote.
type Spec<'a> = (&'a str, &'a str, &'a str, &'a str);

fn layer(who: &str, status: Option<&str>, spans: &[Spec<'_>]) -> String {
    let hash: String = Sha256::digest(DOC.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    let mut out =
        format!("version = 1\ndocument = \"a.txt\"\nsha256 = \"{hash}\"\nannotator = \"{who}\"\n");
    if let Some(s) = status {
        writeln!(out, "status = \"{s}\"").unwrap();
    }
    let mut placed: Vec<(usize, usize, &Spec<'_>)> = spans
        .iter()
        .map(|s| {
            let b = DOC.find(s.0).unwrap();
            let start = DOC.get(..b).unwrap().chars().count();
            (start, start + s.0.chars().count(), s)
        })
        .collect();
    placed.sort_by_key(|p| (p.0, p.1));
    for (n, (start, end, (q, label, kind, value))) in placed.iter().enumerate() {
        write!(
            out,
            "\n[[annotation]]\nid = \"{who}{n}\"\nlabel = \"{label}\"\n"
        )
        .unwrap();
        if !kind.is_empty() {
            writeln!(out, "kind = \"{kind}\"").unwrap();
        }
        writeln!(
            out,
            "start = {start}\nend = {end}\nquote = \"{q}\"\nannotator = \"{who}\"\nstatus = \"accepted\""
        )
        .unwrap();
        if !value.is_empty() {
            writeln!(out, "attrs = {{ value = \"{value}\" }}").unwrap();
        }
    }
    out
}

/// A team corpus with `a.txt` and `b.txt` (the same text) and the given
/// layers: `(document stem, annotator, status, spans)`.
fn corpus(team: &[&str], layers: &[(&str, &str, Option<&str>, &[Spec<'_>])]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let list: Vec<String> = team.iter().map(|a| format!("\"{a}\"")).collect();
    fs::write(
        dir.path().join("hashiya.toml"),
        format!("[team]\nannotators = [{}]\n", list.join(", ")),
    )
    .unwrap();
    for stem in ["a", "b"] {
        fs::write(dir.path().join(format!("{stem}.txt")), DOC).unwrap();
    }
    for (stem, who, status, spans) in layers {
        let body = layer(who, *status, spans).replace("\"a.txt\"", &format!("\"{stem}.txt\""));
        fs::write(dir.path().join(format!("{stem}.{who}.layer.toml")), body).unwrap();
    }
    dir
}

fn json(dir: &Path, extra: &[&str]) -> Value {
    let mut args = vec!["agree", "--format", "json"];
    args.extend_from_slice(extra);
    let o = hashiya(dir, &args);
    let (out, err) = text(&o);
    assert!(o.status.success(), "{out}{err}");
    serde_json::from_str(&out).unwrap()
}

fn row<'a>(v: &'a Value, a: &str, b: &str, label: &str, kind: &str) -> &'a Value {
    v["pairs"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["a"] == a && p["b"] == b && p["label"] == label && p["type"] == kind)
        .unwrap_or_else(|| panic!("no row {a}~{b} {label}/{kind}"))
}

const SPANS: &[Spec<'static>] = &[
    ("Amal Badr", "entity", "PER", ""),
    ("Cairo", "entity", "LOC", ""),
    ("5,700", "figure", "", "5700"),
    ("He said 5,700 soldiers arrived", "claim", "", ""),
];

#[test]
fn identical_layers_agree_perfectly() {
    let dir = corpus(
        &["amal", "badr"],
        &[
            ("a", "amal", None, SPANS),
            ("a", "badr", None, SPANS),
            ("b", "amal", None, SPANS),
            ("b", "badr", None, SPANS),
        ],
    );
    let v = json(dir.path(), &[]);
    for (label, kind) in [
        ("", ""),
        ("entity", ""),
        ("entity", "PER"),
        ("entity", "LOC"),
        ("figure", ""),
        ("claim", ""),
    ] {
        let r = row(&v, "amal", "badr", label, kind);
        for m in ["strict", "overlap"] {
            assert_eq!(r[m]["f1"], 1.0, "{label}/{kind} {m}");
            assert_eq!(r[m]["precision"], 1.0);
            assert_eq!(r[m]["only_a"], 0);
            assert_eq!(r[m]["only_b"], 0);
        }
        assert_eq!(r["kappa"], 1.0, "{label}/{kind}");
    }
    assert_eq!(row(&v, "amal", "badr", "", "")["strict"]["matched"], 8);
    // A type nobody used: nothing to compare, no number.
    let org = row(&v, "amal", "badr", "entity", "ORG");
    assert_eq!(org["strict"]["f1"], Value::Null);
    assert_eq!(org["kappa"], Value::Null);
    for l in ["", "entity", "figure", "claim"] {
        assert_eq!(v["alpha"][l], 1.0, "alpha {l:?}");
    }
    assert_eq!(v["average"]["strict_f1"], 1.0);
    assert_eq!(v["attributes"][0]["value"]["agreement"], 1.0);
    assert_eq!(v["attributes"][0]["value"]["pairs"], 2);
    assert_eq!(v["attributes"][0]["type_kappa"]["agreement"], 1.0);
    assert_eq!(v["attributes"][0]["type_kappa"]["pairs"], 4);
    // No list unless asked; asked, an empty one.
    assert!(v.get("disagreements").is_none());
    let listed = json(dir.path(), &["--list"]);
    assert_eq!(listed["disagreements"], serde_json::json!([]));
    // Every resample agrees perfectly too.
    assert_eq!(v["intervals"]["strict_f1"]["low"], 1.0);
    assert_eq!(v["intervals"]["alpha"]["high"], 1.0);
}

#[test]
fn a_layer_with_no_spans() {
    let entities: &[Spec<'_>] = &[
        ("Amal Badr", "entity", "PER", ""),
        ("Cairo", "entity", "LOC", ""),
    ];
    let dir = corpus(
        &["amal", "badr"],
        &[
            ("a", "amal", None, entities),
            ("a", "badr", Some("done"), &[]),
        ],
    );
    let v = json(dir.path(), &["a.txt"]);
    let r = row(&v, "amal", "badr", "", "");
    // Nothing matched: F1 0, recall 0; badr proposes nothing, so precision has no value.
    assert_eq!(r["strict"]["f1"], 0.0);
    assert_eq!(r["strict"]["recall"], 0.0);
    assert_eq!(r["strict"]["precision"], Value::Null);
    assert_eq!(
        (
            r["strict"]["only_a"].as_u64(),
            r["strict"]["only_b"].as_u64()
        ),
        (Some(2), Some(0))
    );
    // κ: p_o = p_e = 13/16 (badr says O everywhere), so κ = 0.
    assert_eq!(r["kappa"], 0.0);
    // α on 16 tokens: n_O = 29, n_PER = 2, n_LOC = 1; 3 disagreeing units:
    // α = 1 - 31·6 / (2·(29·2 + 29·1 + 2·1)) = -4/89.
    let a = v["alpha"][""].as_f64().unwrap();
    assert!((a + 4.0 / 89.0).abs() < 1e-12, "{a}");

    // Both layers empty (and done): no figure can be computed.
    let dir = corpus(
        &["amal", "badr"],
        &[
            ("a", "amal", Some("done"), &[]),
            ("a", "badr", Some("done"), &[]),
        ],
    );
    let v = json(dir.path(), &["a.txt"]);
    let r = row(&v, "amal", "badr", "", "");
    assert_eq!(r["strict"]["f1"], Value::Null);
    assert_eq!(r["kappa"], Value::Null);
    assert_eq!(v["alpha"][""], Value::Null);
    assert_eq!(
        v["documents"][0]["annotators"],
        serde_json::json!(["amal", "badr"])
    );
    // --fail-under cannot pass on nothing.
    let o = hashiya(
        dir.path(),
        &["agree", "a.txt", "--fail-under", "strict_f1=0.5"],
    );
    assert_eq!(o.status.code(), Some(1));
    assert!(
        text(&o).1.contains("strict_f1 cannot be computed"),
        "{}",
        text(&o).1
    );
}

#[test]
fn one_annotator_is_exit_2_with_a_message() {
    let dir = corpus(&["amal"], &[("a", "amal", None, SPANS)]);
    let o = hashiya(dir.path(), &["agree"]);
    let (out, err) = text(&o);
    assert_eq!(o.status.code(), Some(2), "{out}{err}");
    assert!(out.is_empty());
    assert_eq!(
        err,
        "hashiya agree: agreement needs at least two annotators; only amal is compared: add annotators to [team] in hashiya.toml or name two with --annotators\n"
    );
    // Naming one of two is the same.
    let dir = corpus(&["amal", "badr"], &[]);
    let o = hashiya(dir.path(), &["agree", "--annotators", "badr"]);
    assert_eq!(o.status.code(), Some(2));
    // No team at all.
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("a.txt"), DOC).unwrap();
    let o = hashiya(dir.path(), &["agree"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        text(&o).1.contains("no corpus here has a [team]"),
        "{}",
        text(&o).1
    );
    // A name outside the team is an error.
    let dir = corpus(&["amal", "badr"], &[]);
    let o = hashiya(dir.path(), &["agree", "--annotators", "amal,zed"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        text(&o)
            .1
            .contains("zed is not an annotator of the team (amal, badr)"),
        "{}",
        text(&o).1
    );
}

#[test]
fn only_documents_both_have_worked_on_count() {
    let other: &[Spec<'_>] = &[
        ("Amal Badr", "entity", "ORG", ""),
        ("Monday", "entity", "MISC", ""),
    ];
    // huda never opened b.txt (no layer) and left a.txt todo (a file with
    // nothing in it); badr and amal agree on a.txt, disagree on b.txt.
    let dir = corpus(
        &["amal", "badr", "huda"],
        &[
            ("a", "amal", None, SPANS),
            ("a", "badr", None, SPANS),
            ("a", "huda", Some("todo"), &[]),
            ("b", "amal", None, SPANS),
            ("b", "badr", Some("in-progress"), other),
        ],
    );
    let v = json(dir.path(), &[]);
    let docs = v["documents"].as_array().unwrap();
    assert_eq!(docs[0]["annotators"], serde_json::json!(["amal", "badr"]));
    assert_eq!(docs[0]["skipped"], serde_json::json!({"huda": "todo"}));
    assert_eq!(docs[1]["skipped"], serde_json::json!({"huda": "todo"}));
    assert_eq!(docs[0]["strict_f1"], 1.0);
    // b.txt: amal has 4 spans, badr 2; "Amal Badr" matches on overlap only
    // (the type differs): strict 0, overlap 2·1/(2+3+1).
    assert_eq!(docs[1]["strict_f1"], 0.0);
    let o = docs[1]["overlap_f1"].as_f64().unwrap();
    assert!((o - 2.0 / 6.0).abs() < 1e-12, "{o}");
    // Pairs with huda rest on no document.
    let ah = row(&v, "amal", "huda", "", "");
    assert_eq!(ah["strict"]["matched"], 0);
    assert_eq!(ah["strict"]["only_a"], 0);
    assert_eq!(ah["kappa"], Value::Null);
    // amal~badr: a.txt 4 matched; b.txt 0 matched, 4 only amal, 2 only badr.
    let ab = row(&v, "amal", "badr", "", "");
    assert_eq!(ab["strict"]["matched"], 4);
    assert_eq!(ab["strict"]["only_a"], 4);
    assert_eq!(ab["strict"]["only_b"], 2);
    let f = ab["strict"]["f1"].as_f64().unwrap();
    assert!((f - 8.0 / 14.0).abs() < 1e-12);
    // The average is over pairs with a figure: amal~badr only.
    assert_eq!(v["average"]["strict_f1"], ab["strict"]["f1"]);
    // Entity type κ on the matched entity pair of b.txt (PER vs ORG) and
    // the two of a.txt: types PER,LOC,PER vs PER,LOC,ORG.
    let t = &v["attributes"][0]["type_kappa"];
    assert_eq!(t["pairs"], 3);
    // p_o = 2/3; p_e = (2/3·1/3) + (1/3·1/3) = 1/3 → κ = (2/3-1/3)/(2/3) = 0.5.
    assert!(
        (t["agreement"].as_f64().unwrap() - 0.5).abs() < 1e-12,
        "{t}"
    );
}

#[test]
fn list_shows_every_disagreement_where_it_is() {
    let badr: &[Spec<'_>] = &[
        ("Amal", "entity", "PER", ""),
        ("Cairo", "entity", "ORG", ""),
        ("5,700", "figure", "", "570"),
        ("soldiers", "entity", "MISC", ""),
    ];
    let dir = corpus(
        &["amal", "badr"],
        &[("a", "amal", None, SPANS), ("a", "badr", None, badr)],
    );
    let o = hashiya(dir.path(), &["agree", "--list", "a.txt"]);
    let (out, err) = text(&o);
    assert!(o.status.success(), "{out}{err}");
    let list: Vec<&str> = out
        .split("disagreements:\n")
        .nth(1)
        .unwrap()
        .lines()
        .collect();
    // The path is relative to the current folder, as an editor opens it.
    assert_eq!(
        list,
        [
            "a.txt:1:1: span: amal: entity/PER \"Amal Badr\" | badr: entity/PER \"Amal\"",
            "a.txt:1:31: type: amal: entity/LOC \"Cairo\" | badr: entity/ORG \"Cairo\"",
            "a.txt:1:48: only: amal: claim \"He said 5,700 soldiers arrived\" | badr: (nothing)",
            "a.txt:1:56: value: amal: figure \"5,700\" value=5700 | badr: figure \"5,700\" value=570",
            "a.txt:1:62: only: amal: (nothing) | badr: entity/MISC \"soldiers\"",
        ]
    );
    // The same in JSON, with the versions as objects.
    let v = json(dir.path(), &["--list", "a.txt"]);
    let d = &v["disagreements"][1];
    assert_eq!(
        (d["line"].as_u64(), d["column"].as_u64()),
        (Some(1), Some(31))
    );
    assert_eq!(d["in_b"]["type"], "ORG");
}

#[test]
fn fail_under_exits_1_below_the_threshold() {
    let other: &[Spec<'_>] = &[
        ("Amal Badr", "entity", "PER", ""),
        ("Monday", "entity", "MISC", ""),
    ];
    let dir = corpus(
        &["amal", "badr"],
        &[("a", "amal", None, SPANS), ("a", "badr", None, other)],
    );
    // strict F1 = 2·1/(2+3+1) = 1/3.
    let o = hashiya(dir.path(), &["agree", "--fail-under", "strict_f1=0.3"]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o).1);
    let o = hashiya(
        dir.path(),
        &[
            "agree",
            "--fail-under",
            "strict_f1=0.34",
            "--fail-under",
            "alpha=-1",
        ],
    );
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(
        text(&o).1,
        "hashiya agree: strict_f1 = 0.3333 is below 0.34\n"
    );
    let o = hashiya(dir.path(), &["agree", "--fail-under", "kappa=1"]);
    assert_eq!(o.status.code(), Some(1));
    let o = hashiya(dir.path(), &["agree", "--fail-under", "recall=1"]);
    assert_eq!(o.status.code(), Some(2), "clap's usage error");
    assert!(text(&o).1.contains("unknown metric"), "{}", text(&o).1);
}

#[test]
fn label_selects_the_rows_and_the_tags() {
    let dir = corpus(
        &["amal", "badr"],
        &[("a", "amal", None, SPANS), ("a", "badr", None, SPANS)],
    );
    let v = json(dir.path(), &["--label", "figure"]);
    let labels: Vec<&str> = v["pairs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["label"].as_str().unwrap())
        .collect();
    assert_eq!(labels, ["", "figure"]);
    assert_eq!(row(&v, "amal", "badr", "", "")["strict"]["matched"], 1);
    let keys: Vec<&String> = v["alpha"].as_object().unwrap().keys().collect();
    assert_eq!(keys, ["", "figure"]);
    let o = hashiya(dir.path(), &["agree", "--label", "person"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        text(&o)
            .1
            .contains("--label \"person\": not in the corpus label set"),
        "{}",
        text(&o).1
    );
}
