//! Regression tests for the QA report on the headless subcommands
//! (/work/qa/REPORT.md): each test names the item it covers.

mod export_support;

use std::path::Path;

use export_support::*;
use hashiya::annotation::AnnotationSet;
use hashiya::corpus::LabelSet;
use hashiya::sidecar::{Store, sidecar_path};

fn read(p: &Path) -> String {
    std::fs::read_to_string(p).unwrap_or_else(|e| panic!("read {}: {e}", p.display()))
}

fn write(p: &Path, s: &str) {
    std::fs::write(p, s).unwrap_or_else(|e| panic!("write {}: {e}", p.display()))
}

/// A corpus with only the Arabic seed article and a sidecar holding one
/// annotation plus a second `[[annotation]]` with the same id (two
/// annotators' sidecars merged by git).
fn corpus_with_duplicate(dir: &Path) -> std::path::PathBuf {
    std::fs::create_dir_all(dir).expect("mkdir");
    let doc = dir.join(AR);
    std::fs::copy(format!("{SHARED}/corpus/{AR}"), &doc).expect("copy");
    let text = read(&doc);
    let (mut store, _) = Store::open(&doc, &LabelSet::default()).expect("open");
    let set = AnnotationSet::from_annotations(vec![ann(
        &text,
        "armacron",
        "entity",
        Some("PER"),
        "إيمانويل ماكرون",
        0,
    )])
    .expect("set");
    store.save(&set).expect("save");
    drop(store);
    let side = sidecar_path(&doc);
    let mut s = read(&side);
    // Characters 5..11 of the article are "ماكرون" ("يريد ماكرون …").
    s.push_str(
        "\n[[annotation]]\nid = \"armacron\"\nlabel = \"entity\"\nkind = \"LOC\"\n\
         start = 5\nend = 11\nquote = \"ماكرون\"\nstatus = \"accepted\"\n\
         note = \"weeks of careful work\"\n",
    );
    write(&side, &s);
    doc
}

fn assert_duplicate_kept(side: &Path, after: &str) {
    let s = read(side);
    assert_eq!(
        s.matches("id = \"armacron\"").count(),
        2,
        "after {after}: both annotations with id armacron must stay in the file:\n{s}"
    );
    for field in [
        "note = \"weeks of careful work\"",
        "kind = \"LOC\"",
        "quote = \"ماكرون\"",
        "start = 5\nend = 11\n",
    ] {
        assert!(
            s.contains(field),
            "after {after}: the duplicate lost {field:?}:\n{s}"
        );
    }
}

// QA 1: `suggest` and `import` rewrote the sidecar without the duplicate.
#[test]
fn duplicate_ids_survive_suggest_and_import() {
    let tmp = tempdir();
    let dir = tmp.path().join("c");
    let doc = corpus_with_duplicate(&dir);
    let side = sidecar_path(&doc);

    let out = run(hashiya().arg("suggest").arg(&dir));
    let (o, e) = text_of(&out);
    assert!(out.status.success(), "{o}{e}");
    assert_duplicate_kept(&side, "suggest");

    // A span that is not there yet ("يريد", characters 0..4): the sidecar
    // is rewritten.
    let jsonl = tmp.path().join("in.jsonl");
    write(
        &jsonl,
        &format!(
            "{{\"path\":\"{AR}\",\"spans\":[{{\"start\":0,\"end\":4,\"label\":\"claim\",\"text\":\"يريد\"}}]}}\n"
        ),
    );
    let out = run(hashiya()
        .args(["import", "--format", "jsonl", "--corpus"])
        .arg(&dir)
        .arg(&jsonl));
    let (o, e) = text_of(&out);
    assert!(out.status.success(), "{o}{e}");
    assert!(o.contains("imported 1 annotation"), "{o}{e}");
    assert!(read(&side).contains("quote = \"يريد\""), "not imported");
    assert_duplicate_kept(&side, "import");
}
