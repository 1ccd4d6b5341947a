//! A corpus with problems exports what is sound, lists the rest on stderr
//! with file and position, and says so in the exit code (docs/EXPORT.md).

mod export_support;

use export_support::*;

#[test]
fn broken_sidecar_and_orphans_are_left_out_and_listed() {
    let tmp = tempdir();
    let dir = corpus_dir(&tmp);
    annotated_corpus(&dir);
    // A sidecar that does not parse.
    std::fs::write(dir.join("001_3696e6412f6dc083.ann.toml"), "version = [\n").expect("write");
    // The harakat document edited: the ORG span's text is gone.
    let edited = HARAKAT_TEXT.replace("وِزَارَةُ\tالدِّفَاعِ", "الحكومة");
    std::fs::write(dir.join(HARAKAT), edited).expect("write");

    // Every document (`--documents all`), so that only the unreadable one is
    // missing from the output.
    let out = run(hashiya()
        .args(["export", "--format", "jsonl", "--documents", "all"])
        .arg(&dir));
    let (o, e) = text_of(&out);
    assert_eq!(out.status.code(), Some(2), "{e}");
    assert!(
        e.contains("001_3696e6412f6dc083.txt: ") && e.contains("document left out"),
        "{e}"
    );
    // Listed once, by its sidecar line.
    let orphan: Vec<&str> = e.lines().filter(|l| l.contains("horg00001")).collect();
    assert_eq!(orphan.len(), 1, "{e}");
    assert!(
        orphan[0].contains("not found in the document; kept as an orphan; left out of the export"),
        "{e}"
    );
    assert!(
        e.contains("extra/harakat.ann.toml:"),
        "positions name the sidecar: {e}"
    );
    let lines: Vec<serde_json::Value> = o
        .lines()
        .map(|l| serde_json::from_str(l).expect("json"))
        .collect();
    let paths: Vec<&str> = lines.iter().filter_map(|l| l["path"].as_str()).collect();
    assert_eq!(
        paths,
        [
            AR,
            "002_0fb6cb5f90f7d2ea.txt",
            EN,
            "004_8401bda3ce6bc7f1.txt",
            HARAKAT
        ],
        "the unreadable document is left out, the rest exported"
    );
    let harakat = &lines[4];
    let ids: Vec<&str> = harakat["spans"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|s| s["id"].as_str())
        .collect();
    assert_eq!(ids, ["hclaim001", "hperson01", "hfigure01"]);
}

#[test]
fn clean_export_exits_zero_and_bad_arguments_exit_one() {
    let tmp = tempdir();
    let dir = corpus_dir(&tmp);
    annotated_corpus(&dir);
    let out = run(hashiya()
        .args(["export", "--format", "csv"])
        .arg(dir.join(EN)));
    let (o, e) = text_of(&out);
    assert_eq!(out.status.code(), Some(0), "{e}");
    assert!(e.is_empty(), "quiet when all is well: {e}");
    assert_eq!(o.lines().count(), 2, "header and the English claim: {o}");

    let out = run(hashiya().args(["export", "--format", "brat"]).arg(&dir));
    assert_eq!(out.status.code(), Some(1));
    assert!(text_of(&out).1.contains("--out FOLDER"));

    let out = run(hashiya()
        .args(["export", "--format", "jsonl"])
        .arg(dir.join("missing.txt")));
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text_of(&out)
            .1
            .contains("missing.txt: no such file or folder")
    );
}

#[test]
fn relative_paths_and_a_single_document_work_from_inside_the_corpus() {
    let tmp = tempdir();
    let dir = corpus_dir(&tmp);
    annotated_corpus(&dir);
    let out =
        run(hashiya()
            .current_dir(&dir)
            .args(["export", "--format", "jsonl", "extra/harakat.txt"]));
    let (o, e) = text_of(&out);
    assert_eq!(out.status.code(), Some(0), "{e}");
    let line: serde_json::Value = serde_json::from_str(o.trim()).expect("one line");
    assert_eq!(line["path"], HARAKAT);
    assert_eq!(line["spans"].as_array().map(Vec::len), Some(4));
}
