//! Team corpora on the command line: identity, layers written by `import`
//! and `suggest`, the progress table of `status`, layered exports, and what
//! `check` says about layer files.

use std::fs;
use std::path::Path;
use std::process::{Command, Output};

fn hashiya(dir: &Path, args: &[&str], env: &[(&str, &str)]) -> Output {
    let mut c = Command::new(env!("CARGO_BIN_EXE_hashiya"));
    c.args(args).current_dir(dir);
    // The machine's own identity must not leak into the tests.
    c.env_remove("HASHIYA_ANNOTATOR")
        .env("USER", "nobody-here")
        .env("XDG_CONFIG_HOME", dir.join(".config"))
        .env("HOME", dir);
    for (k, v) in env {
        c.env(k, v);
    }
    c.output().unwrap()
}

fn text(o: &Output) -> (String, String) {
    (
        String::from_utf8_lossy(&o.stdout).into_owned(),
        String::from_utf8_lossy(&o.stderr).into_owned(),
    )
}

const DOC: &str =
    "Amal Badr met the minister in Cairo on Monday. He said 5,700 soldiers arrived.\n";

/// A corpus with one document and a team of the given annotators.
fn team_corpus(annotators: &[&str], blind: bool) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let list: Vec<String> = annotators.iter().map(|a| format!("\"{a}\"")).collect();
    fs::write(
        dir.path().join("hashiya.toml"),
        format!(
            "[team]\nannotators = [{}]\nblind = {blind}\n",
            list.join(", ")
        ),
    )
    .unwrap();
    fs::write(dir.path().join("a.txt"), DOC).unwrap();
    dir
}

/// JSONL spans (code points) over `a.txt` for the given quotes.
fn jsonl(spans: &[(&str, &str, &str)]) -> String {
    let mut out = Vec::new();
    for (q, label, kind) in spans {
        let start = DOC.find(q).unwrap();
        let start_cp = DOC.get(..start).unwrap().chars().count();
        let end_cp = start_cp + q.chars().count();
        out.push(format!(
            "{{\"start\": {start_cp}, \"end\": {end_cp}, \"label\": \"{label}\", \"type\": \"{kind}\", \"text\": \"{q}\"}}"
        ));
    }
    format!("{{\"path\": \"a.txt\", \"spans\": [{}]}}\n", out.join(", "))
}

fn count_annotations(path: &Path) -> usize {
    fs::read_to_string(path)
        .unwrap()
        .matches("[[annotation]]")
        .count()
}

#[test]
fn import_into_two_layers_counts_no_duplicates_across_layers() {
    let dir = team_corpus(&["amal", "badr"], true);
    let spans = [
        ("Amal Badr", "entity", "PER"),
        ("Cairo", "entity", "LOC"),
        ("5,700", "figure", ""),
    ];
    fs::write(dir.path().join("pre.jsonl"), jsonl(&spans)).unwrap();
    let o = hashiya(
        dir.path(),
        &[
            "import",
            "--format",
            "jsonl",
            "--annotator",
            "amal",
            "pre.jsonl",
        ],
        &[],
    );
    let (out, err) = text(&o);
    assert!(o.status.success(), "{out}{err}");
    assert!(
        out.contains("imported 3 annotation(s) into amal's layer; 0 already there"),
        "{out}"
    );
    // The same spans for badr: none of amal's counts as a duplicate.
    let o = hashiya(
        dir.path(),
        &["import", "--format", "jsonl", "pre.jsonl"],
        &[("HASHIYA_ANNOTATOR", "badr")],
    );
    let (out, err) = text(&o);
    assert!(o.status.success(), "{out}{err}");
    assert!(
        out.contains("imported 3 annotation(s) into badr's layer; 0 already there"),
        "{out}"
    );
    let amal = dir.path().join("a.amal.layer.toml");
    let badr = dir.path().join("a.badr.layer.toml");
    assert_eq!(count_annotations(&amal), 3);
    assert_eq!(count_annotations(&badr), 3);
    assert!(
        fs::read_to_string(&badr)
            .unwrap()
            .contains("annotator = \"badr\"")
    );
    // The gold file is not touched by annotators.
    assert!(!dir.path().join("a.ann.toml").exists());
    // A second import into badr's layer adds nothing.
    let o = hashiya(
        dir.path(),
        &[
            "import",
            "--format",
            "jsonl",
            "--annotator",
            "badr",
            "pre.jsonl",
        ],
        &[],
    );
    assert!(
        text(&o)
            .0
            .contains("imported 0 annotation(s) into badr's layer; 3 already there")
    );
    let o = hashiya(dir.path(), &["check"], &[]);
    let (out, err) = text(&o);
    assert!(o.status.success(), "check: {out}{err}");
    assert!(err.contains("2 sidecars"), "{err}");
}

#[test]
fn team_mode_refuses_an_unknown_or_missing_annotator() {
    let dir = team_corpus(&["amal", "badr"], true);
    fs::write(
        dir.path().join("pre.jsonl"),
        jsonl(&[("Cairo", "entity", "LOC")]),
    )
    .unwrap();
    // $USER is "nobody-here": not in the team.
    let o = hashiya(
        dir.path(),
        &["import", "--format", "jsonl", "pre.jsonl"],
        &[],
    );
    let (_, err) = text(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(
        err.contains("\"nobody-here\" (from $USER) is not in the team")
            && err.contains("amal, badr"),
        "{err}"
    );
    let o = hashiya(
        dir.path(),
        &[
            "import",
            "--format",
            "jsonl",
            "--annotator",
            "zed",
            "pre.jsonl",
        ],
        &[],
    );
    let (_, err) = text(&o);
    assert_eq!(o.status.code(), Some(1));
    assert!(err.contains("\"zed\" (from --annotator)"), "{err}");
    // The reader stops before taking the terminal, with the same message.
    let o = hashiya(dir.path(), &["."], &[("HASHIYA_ANNOTATOR", "zed")]);
    let (_, err) = text(&o);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        err.contains("\"zed\" (from HASHIYA_ANNOTATOR) is not in the team"),
        "{err}"
    );
    // A team manifest that does not parse: the reader does not guess (the
    // annotator's work would land in the gold file).
    let good = fs::read_to_string(dir.path().join("hashiya.toml")).unwrap();
    fs::write(
        dir.path().join("hashiya.toml"),
        good.replace("blind = true", "blind = yes"),
    )
    .unwrap();
    let o = hashiya(dir.path(), &["."], &[("HASHIYA_ANNOTATOR", "amal")]);
    let (_, err) = text(&o);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        err.contains("hashiya.toml:3:") && err.contains("declares a team"),
        "{err}"
    );
    // Nothing was written anywhere.
    let names: Vec<String> = fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".toml") && n != "hashiya.toml")
        .collect();
    assert!(names.is_empty(), "{names:?}");
}

/// One layer file by hand: `status` (or none) and `n` annotations.
fn write_layer(dir: &Path, doc: &str, who: &str, status: Option<&str>, n: usize) {
    let text = fs::read_to_string(dir.join(doc)).unwrap();
    let mut s = format!(
        "version = 1\ndocument = \"{doc}\"\nsha256 = \"{}\"\nannotator = \"{who}\"\n",
        hashiya::sidecar::sha256_hex(text.as_bytes())
    );
    if let Some(st) = status {
        s.push_str(&format!("status = \"{st}\"\n"));
    }
    // Words of the text as figures, the first one a pending suggestion.
    for (i, w) in text.split(' ').take(n).enumerate() {
        let start = text.find(w).unwrap();
        s.push_str(&format!(
            "\n[[annotation]]\nid = \"{who}{i}\"\nlabel = \"claim\"\nstart = {start}\nend = {}\nquote = \"{w}\"\nstatus = \"{}\"\n",
            start + w.len(),
            if i == 0 { "suggested" } else { "accepted" }
        ));
    }
    let stem = doc.strip_suffix(".txt").unwrap();
    fs::write(dir.join(format!("{stem}.{who}.layer.toml")), s).unwrap();
}

#[test]
fn status_table_of_three_annotators_and_five_documents() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    fs::write(
        d.join("hashiya.toml"),
        "[team]\nannotators = [\"amal\", \"badr\", \"huda\"]\n",
    )
    .unwrap();
    for i in 1..=5 {
        fs::write(
            d.join(format!("d{i}.txt")),
            format!("one two three four {i}\n"),
        )
        .unwrap();
    }
    // amal: d1 d2 done, d3 in progress (annotations, no status), d4 d5 untouched.
    write_layer(d, "d1.txt", "amal", Some("done"), 2);
    write_layer(d, "d2.txt", "amal", Some("done"), 0);
    write_layer(d, "d3.txt", "amal", None, 3);
    // badr: all five done.
    for i in 1..=5 {
        write_layer(d, &format!("d{i}.txt"), "badr", Some("done"), 1);
    }
    // huda: d1 in progress as written (no annotations), d2 a layer with
    // nothing in it and d3 one with only a suggestion (both untouched), the
    // rest without a file.
    write_layer(d, "d1.txt", "huda", Some("in-progress"), 0);
    write_layer(d, "d2.txt", "huda", None, 0);
    // d3: nothing but a pending suggestion, which is no one's work yet.
    write_layer(d, "d3.txt", "huda", None, 1);
    let o = hashiya(d, &["status"], &[]);
    let (out, err) = text(&o);
    assert!(o.status.success(), "{out}{err}");
    let rows: Vec<Vec<&str>> = out
        .lines()
        .skip(1)
        .take(4)
        .map(|l| l.split_whitespace().collect())
        .collect();
    // layer done in-progress untouched pending annotations
    assert_eq!(rows[0], ["amal", "2", "1", "2", "2", "5"], "{out}");
    assert_eq!(rows[1], ["badr", "5", "0", "0", "5", "5"], "{out}");
    assert_eq!(rows[2], ["huda", "0", "1", "4", "1", "1"], "{out}");
    assert_eq!(rows[3], ["gold", "0", "0", "5", "0", "0"], "{out}");
    assert!(out.contains("5 documents"), "{out}");

    let o = hashiya(d, &["status", "--format", "json"], &[]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["documents"], 5);
    assert_eq!(v["layers"][0]["layer"], "amal");
    assert_eq!(v["layers"][0]["done"], 2);
    assert_eq!(v["layers"][2]["todo"], 4);
    let docs = v["per_document"].as_array().unwrap();
    assert_eq!(docs[2]["path"], "d3.txt");
    assert_eq!(docs[2]["layers"]["amal"], "in-progress");
    assert_eq!(docs[2]["layers"]["huda"], "todo");
    assert_eq!(docs[0]["layers"]["huda"], "in-progress");
    assert_eq!(docs[4]["layers"]["badr"], "done");
    // A layer that cannot be read is named and fails the run.
    fs::write(d.join("d5.huda.layer.toml"), "version = [").unwrap();
    let o = hashiya(d, &["status"], &[]);
    let (_, err) = text(&o);
    assert_eq!(o.status.code(), Some(1));
    assert!(err.contains("d5.huda.layer.toml:1:"), "{err}");
}

#[test]
fn check_reports_layers_outside_the_team_and_bad_headers() {
    let dir = team_corpus(&["amal"], true);
    let d = dir.path();
    write_layer(d, "a.txt", "amal", Some("done"), 1);
    let o = hashiya(d, &["check"], &[]);
    assert!(o.status.success(), "{:?}", text(&o));
    // A layer of someone not in the team, one with a name no annotator can
    // have, one whose inside names another annotator, a bad status.
    write_layer(d, "a.txt", "zed", None, 1);
    fs::copy(d.join("a.zed.layer.toml"), d.join("a.Zed.layer.toml")).unwrap();
    let amal = fs::read_to_string(d.join("a.amal.layer.toml")).unwrap();
    fs::write(
        d.join("a.amal.layer.toml"),
        amal.replace("annotator = \"amal\"", "annotator = \"huda\"")
            .replace("status = \"done\"", "status = \"finished\""),
    )
    .unwrap();
    let o = hashiya(d, &["check"], &[]);
    let (out, err) = text(&o);
    assert_eq!(o.status.code(), Some(1), "{out}{err}");
    assert!(
        // Line 2 is `document = "a.txt"`: the value at column 12.
        out.contains("a.zed.layer.toml:2:12: layer of annotator \"zed\", who is not listed in [team] annotators (amal)"),
        "{out}"
    );
    assert!(
        out.contains("a.Zed.layer.toml:2:12: layer file of annotator \"Zed\""),
        "{out}"
    );
    assert!(
        // Top-level keys are pointed at by their name, at column 1.
        out.contains("a.amal.layer.toml:4:1: annotator = \"huda\" inside, but the file name says this is \"amal\"'s layer"),
        "{out}"
    );
    assert!(
        out.contains("a.amal.layer.toml:5:1: status = \"finished\": not one of"),
        "{out}"
    );
    // A layer file standing in for another document.
    let dir2 = team_corpus(&["amal"], true);
    let d2 = dir2.path();
    fs::write(d2.join("b.txt"), DOC).unwrap();
    write_layer(d2, "a.txt", "amal", None, 1);
    fs::rename(d2.join("a.amal.layer.toml"), d2.join("b.amal.layer.toml")).unwrap();
    let o = hashiya(d2, &["check"], &[]);
    let (out, _) = text(&o);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        out.contains(
            "b.amal.layer.toml:2:12: document \"a.txt\" does not go with this layer's name"
        ),
        "{out}"
    );
}

#[test]
fn export_carries_layers_only_when_asked() {
    let dir = team_corpus(&["amal", "badr"], false);
    let d = dir.path();
    fs::write(d.join("pre.jsonl"), jsonl(&[("Cairo", "entity", "LOC")])).unwrap();
    for who in ["amal", "badr"] {
        let o = hashiya(
            d,
            &[
                "import",
                "--format",
                "jsonl",
                "--as",
                "accepted",
                "--annotator",
                who,
                "pre.jsonl",
            ],
            &[],
        );
        assert!(o.status.success(), "{:?}", text(&o));
    }
    // Default: the gold layer, which is empty: nobody worked on it there,
    // so it is listed, not exported.
    let o = hashiya(d, &["export", "--format", "jsonl", "a.txt"], &[]);
    let (out, err) = text(&o);
    assert!(o.status.success(), "{err}");
    assert!(out.is_empty(), "{out}");
    assert!(err.contains("1 not worked on left out"), "{err}");
    // With every document: one line, no `layer` key.
    let o = hashiya(
        d,
        &["export", "--format", "jsonl", "--documents", "all", "a.txt"],
        &[],
    );
    let line: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert!(line.get("layer").is_none());
    assert_eq!(line["spans"].as_array().unwrap().len(), 0);
    // Every layer, each line naming its layer, each span its annotator.
    let o = hashiya(
        d,
        &[
            "export",
            "--format",
            "jsonl",
            "--layers",
            "all",
            "--documents",
            "all",
            "a.txt",
        ],
        &[],
    );
    let (out, err) = text(&o);
    assert!(o.status.success(), "{out}{err}");
    let lines: Vec<serde_json::Value> = out
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let layers: Vec<&str> = lines.iter().map(|l| l["layer"].as_str().unwrap()).collect();
    assert_eq!(layers, ["amal", "badr", "gold"]);
    assert_eq!(lines[0]["spans"][0]["annotator"], "amal");
    assert_eq!(lines[1]["spans"][0]["annotator"], "badr");
    assert_eq!(lines[1]["spans"][0]["text"], "Cairo");
    // One annotator's layer.
    let o = hashiya(
        d,
        &[
            "export",
            "--format",
            "conll",
            "--annotator",
            "badr",
            "a.txt",
        ],
        &[],
    );
    let (out, _) = text(&o);
    assert!(out.contains("Cairo B-LOC"), "{out}");
    // Several layers in a one-stream format need a folder.
    let o = hashiya(
        d,
        &[
            "export",
            "--format",
            "conll",
            "--layers",
            "amal,badr",
            "a.txt",
        ],
        &[],
    );
    assert_eq!(o.status.code(), Some(1));
    assert!(text(&o).1.contains("--out DIR"));
    let out_dir = d.join("out");
    fs::create_dir(&out_dir).unwrap();
    let o = hashiya(
        d,
        &[
            "export",
            "--format",
            "conll",
            "--layers",
            "amal,badr",
            "--out",
            "out",
            "a.txt",
        ],
        &[],
    );
    assert!(o.status.success(), "{:?}", text(&o));
    for who in ["amal", "badr"] {
        let conll = fs::read_to_string(out_dir.join(format!("{who}.conll"))).unwrap();
        assert!(conll.contains("Cairo B-LOC"), "{conll}");
    }
    let o = hashiya(
        d,
        &["export", "--format", "jsonl", "--layers", "zed", "a.txt"],
        &[],
    );
    assert_eq!(o.status.code(), Some(1));
    assert!(
        text(&o)
            .1
            .contains("\"zed\" is not an annotator of the team (amal, badr)")
    );
}

#[test]
fn suggest_writes_the_working_annotators_layer() {
    let dir = team_corpus(&["amal", "badr"], true);
    let d = dir.path();
    let o = hashiya(
        d,
        &[
            "suggest",
            "--only",
            "figures",
            "--annotator",
            "badr",
            "a.txt",
        ],
        &[],
    );
    assert!(o.status.success(), "{:?}", text(&o));
    let badr = fs::read_to_string(d.join("a.badr.layer.toml")).unwrap();
    assert!(badr.contains("quote = \"5,700"), "{badr}");
    assert!(badr.contains("annotator = \"hashiya-suggest\""), "{badr}");
    assert!(!d.join("a.amal.layer.toml").exists());
    assert!(!d.join("a.ann.toml").exists());
    let o = hashiya(
        d,
        &["suggest", "--only", "figures", "--all-layers", "a.txt"],
        &[],
    );
    assert!(o.status.success(), "{:?}", text(&o));
    assert!(d.join("a.amal.layer.toml").exists());
    // Not a second copy in badr's layer.
    assert_eq!(count_annotations(&d.join("a.badr.layer.toml")), 1);
}
