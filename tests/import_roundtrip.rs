//! `export --format jsonl` then `import` into a copy of the corpus without
//! sidecars gives back the same annotations; importing again adds nothing;
//! a span that does not match the text is rejected with file:line.

mod export_support;

use export_support::*;
use hashiya::annotation::Annotation;
use hashiya::corpus::LabelSet;
use hashiya::sidecar::Store;

fn annotations(dir: &std::path::Path, rel: &str) -> Vec<Annotation> {
    let (_store, loaded) =
        Store::open(&dir.join(rel), &LabelSet::default()).expect("open the sidecar");
    assert!(loaded.problems.is_empty(), "{rel}: {:?}", loaded.problems);
    loaded.set.as_slice().to_vec()
}

#[test]
fn jsonl_round_trip_restores_the_sidecars() {
    let tmp = tempdir();
    let src = tmp.path().join("src");
    let n = annotated_corpus(&src);
    let jsonl = tmp.path().join("all.jsonl");
    let out = run(hashiya()
        .args(["export", "--format", "jsonl", "--status", "all", "--out"])
        .arg(&jsonl)
        .arg(&src));
    assert!(out.status.success(), "{}", text_of(&out).1);

    let dst = tmp.path().join("dst");
    copy_documents(&dst);
    let out = run(hashiya()
        .args(["import", "--format", "jsonl", "--corpus"])
        .arg(&dst)
        .arg(&jsonl));
    let (o, e) = text_of(&out);
    assert!(out.status.success(), "{e}");
    assert_eq!(
        o.trim(),
        format!("imported {n} annotation(s); 0 already there")
    );
    for rel in [AR, EN, HARAKAT] {
        assert_eq!(annotations(&dst, rel), annotations(&src, rel), "{rel}");
    }
    let sidecar = |dir: &std::path::Path| {
        std::fs::read_to_string(dir.join("000_d3ec274e292e3ca0.ann.toml")).expect("sidecar")
    };
    let before = sidecar(&dst);

    // Again: nothing added, nothing written.
    let out = run(hashiya()
        .args(["import", "--format", "jsonl", "--corpus"])
        .arg(&dst)
        .arg(&jsonl));
    let (o, e) = text_of(&out);
    assert!(out.status.success(), "{e}");
    assert_eq!(
        o.trim(),
        format!("imported 0 annotation(s); {n} already there")
    );
    assert_eq!(sidecar(&dst), before);
}

#[test]
fn model_predictions_are_checked_and_matched_by_id() {
    let tmp = tempdir();
    let dir = tmp.path().join("c");
    copy_documents(&dir);
    // Predictions in the export's shape, naming the document by id, no span
    // ids. In HARAKAT_TEXT "مُحَمَّدُ بْنُ سَلْمَانَ" is characters 6..30 (counted
    // by hand: BOM, "قالَ " = 5, then 9 + 1 + 4 + 1 + 9); 6..29 cuts the last fatha.
    let preds = tmp.path().join("preds.jsonl");
    std::fs::write(
        &preds,
        concat!(
            r#"{"id": "extra/harakat", "spans": [{"start": 6, "end": 30, "label": "entity", "type": "PER", "text": "مُحَمَّدُ بْنُ سَلْمَانَ"}]}"#,
            "\n",
            r#"{"id": "extra/harakat", "spans": [{"start": 6, "end": 29, "label": "entity", "type": "PER", "text": "مُحَمَّدُ بْنُ سَلْمَانَ"}]}"#,
            "\n",
            r#"{"path": "nowhere.txt", "spans": []}"#,
            "\n"
        ),
    )
    .expect("write predictions");
    let out = run(hashiya()
        .args([
            "import",
            "--format",
            "jsonl",
            "--as",
            "suggested",
            "--corpus",
        ])
        .arg(&dir)
        .arg(&preds));
    let (o, e) = text_of(&out);
    assert_eq!(out.status.code(), Some(2), "{o}{e}");
    assert_eq!(o.trim(), "imported 1 annotation(s); 0 already there");
    let p = path_str(&preds);
    assert!(
        e.contains(&format!("{p}:2:1: entity span 6..29: text ")),
        "{e}"
    );
    assert!(e.contains("does not match the document"), "{e}");
    assert!(
        e.contains(&format!("{p}:3:1: no document \"nowhere.txt\" (path)")),
        "{e}"
    );
    let anns = annotations(&dir, HARAKAT);
    assert_eq!(anns.len(), 1);
    assert_eq!(anns[0].quote, "مُحَمَّدُ بْنُ سَلْمَانَ");
    assert_eq!(anns[0].status, hashiya::annotation::Status::Suggested);
    assert_eq!(anns[0].annotator, "import");
}

#[test]
fn brat_export_imports_back() {
    let tmp = tempdir();
    let src = tmp.path().join("src");
    annotated_corpus(&src);
    let brat = tmp.path().join("brat");
    let out = run(hashiya()
        .args(["export", "--format", "brat", "--out"])
        .arg(&brat)
        .arg(&src));
    assert_eq!(out.status.code(), Some(2), "{}", text_of(&out).1);
    let dst = tmp.path().join("dst");
    copy_documents(&dst);
    let out = run(hashiya()
        .args(["import", "--format", "brat", "--as", "accepted", "--corpus"])
        .arg(&dst)
        .arg(brat.join("extra/harakat.ann"))
        .arg(brat.join(AR.replace(".txt", ".ann"))));
    let (o, e) = text_of(&out);
    assert!(out.status.success(), "{e}");
    assert_eq!(o.trim(), "imported 9 annotation(s); 0 already there");
    // Same spans, labels, types and attributes (brat has no ids or times).
    for rel in [AR, HARAKAT] {
        // The speaker attribute names a sidecar id, which brat import
        // replaces by fresh ids: compare everything else.
        let key = |a: &Annotation| {
            let mut attrs = a.attrs.clone();
            attrs.remove("speaker");
            (
                a.span.start,
                a.span.end,
                a.label.clone(),
                a.kind.clone(),
                attrs,
                a.quote.clone(),
            )
        };
        let mut want: Vec<_> = annotations(&src, rel)
            .iter()
            .filter(|a| a.status == hashiya::annotation::Status::Accepted)
            .map(key)
            .collect();
        let mut got: Vec<_> = annotations(&dst, rel).iter().map(key).collect();
        want.sort();
        got.sort();
        assert_eq!(got, want, "{rel}");
    }
}

#[test]
fn jsonl_is_read_a_line_at_a_time_with_bom_crlf_and_a_bad_line_named() {
    let tmp = tempdir();
    let dir = tmp.path().join("c");
    copy_documents(&dir);
    // A BOM before the first line, CRLF line ends, a line that is not
    // UTF-8 (the byte 0xff after `{"id": "`, column 9) between two good ones.
    let good = r#"{"id": "extra/harakat", "spans": [{"start": 6, "end": 30, "label": "entity", "type": "PER"}]}"#;
    let mut bytes = "\u{feff}".as_bytes().to_vec();
    bytes.extend_from_slice(good.as_bytes());
    bytes.extend_from_slice(b"\r\n{\"id\": \"\xff\"}\r\n\r\n");
    bytes.extend_from_slice(good.as_bytes());
    bytes.extend_from_slice(b"\r\n");
    let preds = tmp.path().join("preds.jsonl");
    std::fs::write(&preds, &bytes).expect("write predictions");
    let out = run(hashiya()
        .args(["import", "--format", "jsonl", "--corpus"])
        .arg(&dir)
        .arg(&preds));
    let (o, e) = text_of(&out);
    assert_eq!(out.status.code(), Some(2), "{o}{e}");
    assert_eq!(o.trim(), "imported 1 annotation(s); 1 already there");
    let p = path_str(&preds);
    assert!(
        e.contains(&format!("{p}:2:9: not valid UTF-8; line skipped")),
        "{e}"
    );
    assert!(e.contains("1 problem(s)"), "{e}");
    let anns = annotations(&dir, HARAKAT);
    assert_eq!(anns.len(), 1);
    assert_eq!(anns[0].quote, "مُحَمَّدُ بْنُ سَلْمَانَ");
}
