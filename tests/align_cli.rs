//! `hashiya align`, `pair` and `qa` at their edges: errors, unsafe text,
//! formats, and confirmed beads saved by a reviewer.

use std::path::Path;
use std::process::Command;

use hashiya::align::{Alignment, paragraph_ranges, slices};

fn hashiya(args: &[&str]) -> (Option<i32>, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_hashiya"))
        .args(args)
        .output()
        .unwrap();
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

#[test]
fn missing_and_invalid_files_are_errors_with_positions() {
    let dir = tempfile::tempdir().unwrap();
    let good = dir.path().join("good.txt");
    std::fs::write(&good, "Hello.\n").unwrap();
    let missing = dir.path().join("missing.txt");
    let (code, _, err) = hashiya(&["align", s(&missing), s(&good)]);
    assert_eq!(code, Some(1));
    assert!(err.contains("missing.txt"), "{err}");
    let bad = dir.path().join("bad.txt");
    std::fs::write(&bad, b"first line\nab\xffcd\n").unwrap();
    let (code, _, err) = hashiya(&["align", s(&good), s(&bad)]);
    assert_eq!(code, Some(1));
    assert!(err.contains("bad.txt:2:3: not valid UTF-8"), "{err}");
}

#[test]
fn control_characters_never_reach_the_terminal() {
    let dir = tempfile::tempdir().unwrap();
    let a = dir.path().join("a.txt");
    let b = dir.path().join("b.txt");
    std::fs::write(&a, "Evil \u{1b}[2J text.\n").unwrap();
    std::fs::write(&b, "نص \u{1b}]0;title\u{7} خبيث.\n").unwrap();
    for format in ["text", "tsv"] {
        let (code, out, _) = hashiya(&["align", s(&a), s(&b), "--format", format]);
        assert_eq!(code, Some(0));
        assert!(!out.contains('\u{1b}') && !out.contains('\u{7}'), "{out:?}");
        assert!(out.contains("Evil ␛[2J text."), "{out}");
        assert!(out.contains("␛]0;title␇"), "{out}");
    }
}

#[test]
fn tsv_has_a_header_and_one_row_per_bead() {
    let dir = tempfile::tempdir().unwrap();
    let a = dir.path().join("a.txt");
    let b = dir.path().join("b.txt");
    std::fs::write(&a, "In 2020 there were 12 cases.\n\nThe end\tof it.\n").unwrap();
    std::fs::write(&b, "في عام 2020 كانت هناك 12 حالة.\n\nالنهاية.\n").unwrap();
    let (code, out, _) = hashiya(&["align", s(&a), s(&b), "--format", "tsv"]);
    assert_eq!(code, Some(0));
    let rows: Vec<Vec<&str>> = out.lines().map(|l| l.split('\t').collect()).collect();
    assert_eq!(rows[0], ["src", "tgt", "score", "src_text", "tgt_text"]);
    assert_eq!(rows.len(), 3, "{out}");
    assert_eq!((rows[1][0], rows[1][1]), ("[0]", "[0]"));
    assert_eq!((rows[2][0], rows[2][1]), ("[1]", "[1]"));
    // A tab inside the text does not break the columns.
    assert_eq!(rows[2][3], "The end of it.");
}

#[test]
fn confirmed_beads_saved_by_a_reviewer_are_kept_by_align() {
    let dir = tempfile::tempdir().unwrap();
    let a = dir.path().join("a.txt");
    let b = dir.path().join("b.txt");
    let src = "In 2020 there were 12 cases.\nIn 2021 there were 30 cases.\nIn 2022 there were 45 cases.\n";
    let tgt = "في عام 2020 كانت هناك 12 حالة.\nفي عام 2021 كانت هناك 30 حالة.\nفي عام 2022 كانت هناك 45 حالة.\n";
    std::fs::write(&a, src).unwrap();
    std::fs::write(&b, tgt).unwrap();
    let (code, out, _) = hashiya(&["align", s(&a), s(&b)]);
    assert_eq!(code, Some(0));
    let heads: Vec<&str> = out.lines().filter(|l| l.starts_with('[')).collect();
    assert_eq!(heads.len(), 3, "{out}");
    assert!(heads.iter().all(|h| !h.contains("confirmed")));

    // A reviewer insists that paragraphs 1 and 2 form one 2-2 bead.
    let sp = slices(src, &paragraph_ranges(src));
    let tp = slices(tgt, &paragraph_ranges(tgt));
    let mut al = Alignment::new(&sp, &tp);
    al.merge(1).unwrap();
    assert!(
        al.save(&Alignment::file_for(&a), "a.txt", "b.txt", &sp, &tp)
            .unwrap()
    );
    // The document changes above the bead: a new first paragraph.
    std::fs::write(&a, format!("Summary: 87 cases in 2019.\n{src}")).unwrap();
    let (code, out, err) = hashiya(&["align", s(&a), s(&b)]);
    assert_eq!(code, Some(0), "{err}");
    let heads: Vec<&str> = out.lines().filter(|l| l.starts_with('[')).collect();
    assert!(
        heads.contains(&"[2, 3]:[1, 2]  2-2  score 1.000  confirmed"),
        "{out}"
    );
    assert_eq!(err, "");
}

#[test]
fn qa_with_no_pairs_checks_nothing_and_a_bad_manifest_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("only.txt"), "Nothing to pair: 42.\n").unwrap();
    // Nothing checked is not a clean pass (docs/ALIGN.md: exit 2).
    let (code, out, err) = hashiya(&["qa", s(dir.path())]);
    assert_eq!((code, out.as_str()), (Some(2), ""));
    assert!(err.contains("nothing was checked"), "{err}");
    std::fs::write(
        dir.path().join("hashiya.toml"),
        "[[pair]]\nfiles = [\"only.txt\"]\n",
    )
    .unwrap();
    for cmd in ["qa", "pair"] {
        let (code, _, err) = hashiya(&[cmd, s(dir.path())]);
        assert_eq!(code, Some(1), "{cmd}");
        assert!(err.contains("hashiya.toml:2:"), "{cmd}: {err}");
    }
}
