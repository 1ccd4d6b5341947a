//! Regression tests for the QA report on the headless subcommands
//! (/work/qa/REPORT.md): each test names the item it covers.

mod export_support;

use std::path::Path;

use export_support::*;
use hashiya::annotation::{AnnotationSet, Status};
use hashiya::corpus::LabelSet;
use hashiya::sidecar::{Store, sha256_hex, sidecar_path};

fn read(p: &Path) -> String {
    std::fs::read_to_string(p).unwrap_or_else(|e| panic!("read {}: {e}", p.display()))
}

fn write(p: &Path, s: &str) {
    std::fs::write(p, s).unwrap_or_else(|e| panic!("write {}: {e}", p.display()))
}

/// The annotations of a document's sidecar, loaded through the store.
fn loaded(doc: &Path) -> AnnotationSet {
    let (_store, l) = Store::open(doc, &LabelSet::default()).expect("open the sidecar");
    l.set
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
    s.push('\n');
    s.push_str(DUPLICATE);
    write(&side, &s);
    doc
}

/// The duplicate as a person wrote it: no context, a comment, keys in
/// their own order.
const DUPLICATE: &str = "[[annotation]]\nid = \"armacron\"  # same id as above\n\
    label = \"entity\"\nkind = \"LOC\"\nstart = 5\nend = 11\nquote = \"ماكرون\"\n\
    note = \"weeks of careful work\"\nstatus = \"accepted\"\n";

fn assert_duplicate_kept(side: &Path, after: &str) {
    let s = read(side);
    // Byte for byte (docs/FORMAT.md: "a duplicate exactly as it was").
    assert!(
        s.contains(DUPLICATE),
        "after {after}: the duplicate is not as written:\n{s}"
    );
    assert_eq!(
        s.matches("id = \"armacron\"").count(),
        2,
        "after {after}: both annotations with id armacron must stay in the file:\n{s}"
    );
    // The first one stays the one loaded.
    let doc = side.with_file_name(AR);
    let set = loaded(&doc);
    let live = set.iter().find(|a| a.id == "armacron").expect("loaded");
    assert_eq!(
        (live.kind.as_deref(), live.quote.as_str()),
        (Some("PER"), "إيمانويل ماكرون"),
        "after {after}"
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

/// `Tn` of the `.ann` line whose type and text are given.
fn t_id(ann: &str, ty: &str, text: &str) -> String {
    ann.lines()
        .find(|l| {
            let f: Vec<&str> = l.split('\t').collect();
            f.len() == 3 && f[1].split(' ').next() == Some(ty) && f[2] == text
        })
        .and_then(|l| l.split('\t').next())
        .unwrap_or_else(|| panic!("no T line {ty} {text:?} in:\n{ann}"))
        .to_string()
}

// QA 5: speakers were exported as attributes holding hashiya ids, not
// remapped on import, and accepted came back as suggested.
#[test]
fn brat_round_trip_keeps_speakers_and_status() {
    let tmp = tempdir();
    let src = tmp.path().join("src");
    annotated_corpus(&src);
    let brat = tmp.path().join("brat");
    let out = run(hashiya()
        .args(["export", "--format", "brat", "--status", "all", "--out"])
        .arg(&brat)
        .arg(&src));
    assert!(out.status.code() == Some(0) || out.status.code() == Some(2));

    let ann = read(&brat.join("extra/harakat.ann"));
    let person = t_id(&ann, "PER", "مُحَمَّدُ بْنُ سَلْمَانَ");
    let claim = t_id(&ann, "claim", "مُحَمَّدُ بْنُ سَلْمَانَ: «أَرْسَلْنَا ٥٬٧٠٠ جُنْدِيٍّ»");
    assert!(
        ann.lines()
            .any(|l| l.ends_with(&format!("\tspeaker Arg1:{claim} Arg2:{person}"))),
        "no speaker relation {claim} -> {person}:\n{ann}"
    );
    assert!(
        !ann.lines()
            .any(|l| l.starts_with('A') && l.contains("\tspeaker ")),
        "speaker written as an attribute:\n{ann}"
    );
    assert!(
        ann.contains(&format!("status {person} accepted")),
        "the accepted status is not written:\n{ann}"
    );
    assert!(!read(&brat.join("annotation.conf")).contains("hperson01"));

    let dst = tmp.path().join("dst");
    copy_documents(&dst);
    let out = run(hashiya()
        .args(["import", "--format", "brat", "--corpus"])
        .arg(&dst)
        .arg(brat.join(AR).with_extension("ann"))
        .arg(brat.join(EN).with_extension("ann"))
        .arg(brat.join("extra/harakat.ann")));
    let (o, e) = text_of(&out);
    assert!(out.status.success(), "{o}{e}");

    let set = loaded(&dst.join(HARAKAT));
    let p = set
        .iter()
        .find(|a| a.quote == "مُحَمَّدُ بْنُ سَلْمَانَ")
        .expect("the person came back");
    let c = set
        .iter()
        .find(|a| a.label == "claim")
        .expect("the claim came back");
    assert_ne!(p.id, "hperson01", "import gives new ids");
    assert_eq!(c.attrs.get("speaker"), Some(&p.id), "{c:?}");
    assert_eq!(p.status, Status::Accepted);
    // The one suggested annotation of the Arabic article stays suggested.
    let ar = loaded(&dst.join(AR));
    let org = ar
        .iter()
        .find(|a| a.quote == "الجماعة الفلسطينية المسلحة حماس")
        .expect("the ORG came back");
    assert_eq!(org.status, Status::Suggested);
    assert!(
        ar.iter()
            .filter(|a| a.id != org.id)
            .all(|a| a.status == Status::Accepted)
    );
    let macron = ar
        .iter()
        .find(|a| a.quote == "إيمانويل ماكرون")
        .expect("macron");
    let arclaim = ar.iter().find(|a| a.label == "claim").expect("claim");
    assert_eq!(arclaim.attrs.get("speaker"), Some(&macron.id));

    let out = run(hashiya().arg("check").arg(&dst));
    let (o, e) = text_of(&out);
    assert!(!o.contains("speaker"), "{o}{e}");
}

// QA 5: `check` did not validate attrs.speaker.
#[test]
fn check_reports_a_speaker_that_names_no_annotation() {
    let tmp = tempdir();
    let dir = tmp.path().join("c");
    annotated_corpus(&dir);
    let side = sidecar_path(&dir.join(HARAKAT));
    let s = read(&side);
    assert!(s.contains("speaker = \"hperson01\""), "{s}");
    write(
        &side,
        &s.replace("speaker = \"hperson01\"", "speaker = \"nonexist00\""),
    );
    let out = run(hashiya().arg("check").arg(&dir));
    let (o, e) = text_of(&out);
    assert_eq!(out.status.code(), Some(1), "{o}{e}");
    let line = o
        .lines()
        .find(|l| l.contains("attrs.speaker"))
        .unwrap_or_else(|| panic!("no speaker problem:\n{o}"));
    assert!(
        line.ends_with(
            "annotation hclaim001: attrs.speaker \"nonexist00\": no annotation with that id in this sidecar"
        ),
        "{line}"
    );
    assert!(line.contains("harakat.ann.toml:"), "{line}");
}

// QA 6: no headless way to record re-anchoring.
#[test]
fn check_fix_records_the_reanchoring() {
    let tmp = tempdir();
    let dir = tmp.path().join("c");
    annotated_corpus(&dir);
    let en = dir.join(EN);
    let text = format!("Breaking.\n\n{}", read(&en));
    write(&en, &text);

    let out = run(hashiya().arg("check").arg(&dir));
    let (o, e) = text_of(&out);
    assert_eq!(out.status.code(), Some(1), "{o}{e}");
    assert!(o.contains("run `hashiya check --fix`"), "{o}");

    let before = read(&sidecar_path(&en));
    let out = run(hashiya().args(["check", "--fix"]).arg(&dir));
    let (o, e) = text_of(&out);
    assert_eq!(out.status.code(), Some(0), "{o}{e}");
    assert!(e.contains("1 sidecar rewritten"), "{e}");
    let after = read(&sidecar_path(&en));
    assert_ne!(before, after);
    assert!(after.contains(&format!("sha256 = \"{}\"", sha256_hex(text.as_bytes()))));
    // Every annotation moved by the 11 characters put in front.
    let set = loaded(&en);
    assert_eq!(set.len(), 3);
    for a in set.iter() {
        assert_eq!(text.get(a.span.clone()), Some(a.quote.as_str()));
    }
    let out = run(hashiya().arg("check").arg(&dir));
    assert_eq!(out.status.code(), Some(0), "{}", text_of(&out).0);
}

#[test]
fn check_fix_keeps_orphans() {
    let tmp = tempdir();
    let dir = tmp.path().join("c");
    annotated_corpus(&dir);
    let ar = dir.join(AR);
    let text = read(&ar).replace("إيمانويل ماكرون", "الرئيس");
    write(&ar, &text);

    let out = run(hashiya().args(["check", "--fix"]).arg(&dir));
    let (o, e) = text_of(&out);
    // The orphan still needs a human: reported, exit 1.
    assert_eq!(out.status.code(), Some(1), "{o}{e}");
    assert!(o.contains("armacron"), "{o}");
    assert!(!o.contains("changed since"), "the drift was recorded:\n{o}");
    let s = read(&sidecar_path(&ar));
    assert!(s.contains(&format!("sha256 = \"{}\"", sha256_hex(text.as_bytes()))));
    let block = s
        .split("[[annotation]]")
        .find(|b| b.contains("id = \"armacron\""))
        .expect("the orphan is kept");
    assert!(block.contains("orphan = true"), "{block}");
    assert!(block.contains("quote = \"إيمانويل ماكرون\""), "{block}");
}

/// A corpus whose manifest declares a pair with a missing file, on line 2.
fn corpus_with_missing_pair(dir: &Path) {
    copy_documents(dir);
    write(
        &dir.join("hashiya.toml"),
        &format!("[[pair]]\nfiles = [\"{AR}\", \"missing.txt\"]\nlangs = [\"ar\", \"en\"]\n"),
    );
}

// QA 7: a declared pair naming a missing file was accepted silently.
#[test]
fn a_pair_naming_a_missing_file_is_reported() {
    let tmp = tempdir();
    let dir = tmp.path().join("c");
    corpus_with_missing_pair(&dir);
    let want = "hashiya.toml:2: pair names missing file \"missing.txt\"";
    // Line 2 is `files = ["<24 characters>", "missing.txt"]`: the name's
    // opening quote is at column 9 + 26 + 2 + 1 = 38.
    assert_eq!(AR.chars().count(), 24);
    let at = "hashiya.toml:2:38: pair names missing file \"missing.txt\"";

    let out = run(hashiya().arg("check").arg(&dir));
    let (o, e) = text_of(&out);
    assert_eq!(out.status.code(), Some(1), "{o}{e}");
    assert!(o.lines().any(|l| l.ends_with(at)), "{o}");

    let out = run(hashiya().args(["export", "--format", "tmx"]).arg(&dir));
    let (o, e) = text_of(&out);
    assert_eq!(out.status.code(), Some(2), "{e}");
    assert!(e.contains(at), "{e}");
    assert!(o.contains("<body>"), "the TMX is still written");

    for cmd in ["pair", "qa"] {
        let out = run(hashiya().arg(cmd).arg(&dir));
        let (o, e) = text_of(&out);
        assert_eq!(out.status.code(), Some(2), "{cmd}: {o}{e}");
        assert!(e.contains(want), "{cmd}: {e}");
    }
}

// QA 8: qa without declared pairs looked like a clean pass.
#[test]
fn qa_without_declared_pairs_says_so() {
    let tmp = tempdir();
    let dir = tmp.path().join("c");
    copy_documents(&dir);
    std::fs::remove_file(dir.join("hashiya.toml")).expect("rm");
    let out = run(hashiya().arg("qa").arg(&dir));
    let (o, e) = text_of(&out);
    // The seed pair is suggested and checked clean.
    assert_eq!(out.status.code(), Some(0), "{o}{e}");
    assert!(e.contains("no translation pairs declared in"), "{e}");
    assert!(e.contains("hashiya pair --suggest --write"), "{e}");

    // One document: nothing to check is not a pass.
    let one = tmp.path().join("one");
    std::fs::create_dir_all(&one).expect("mkdir");
    std::fs::copy(dir.join(AR), one.join(AR)).expect("copy");
    let out = run(hashiya().arg("qa").arg(&one));
    let (o, e) = text_of(&out);
    assert_eq!(out.status.code(), Some(2), "{o}{e}");
    assert!(e.contains("nothing was checked"), "{e}");

    // `pair` on a corpus without a manifest hints at --suggest.
    let out = run(hashiya().arg("pair").arg(&dir));
    let (_, e) = text_of(&out);
    assert!(e.contains("hashiya pair --suggest --write"), "{e}");
}

// QA 9: harakat were printed as `\u{64b}` in messages.
#[test]
fn harakat_print_as_themselves_in_messages() {
    let tmp = tempdir();
    let dir = tmp.path().join("c");
    annotated_corpus(&dir);
    let side = sidecar_path(&dir.join(AR));
    let s = read(&side);
    // Shift the start of "سابقًا" (with a tanwin, U+064B) by one: the quote
    // no longer matches and the messages quote it.
    let mut out = String::new();
    let mut in_block = false;
    for line in s.split_inclusive('\n') {
        if line.starts_with("id = ") {
            in_block = line.contains("artanwin1");
        }
        match line.strip_prefix("start = ") {
            Some(n) if in_block => {
                let n: u64 = n.trim().parse().expect("a number");
                out.push_str(&format!("start = {}\n", n + 1));
            }
            _ => out.push_str(line),
        }
    }
    assert_ne!(out, s);
    write(&side, &out);

    let check = run(hashiya().arg("check").arg(&dir));
    let export = run(hashiya()
        .args(["export", "--format", "jsonl", "--status", "all"])
        .arg(&dir));
    for (what, text) in [("check", text_of(&check).0), ("export", text_of(&export).1)] {
        assert!(text.contains("\"سابقًا\""), "{what}: {text}");
        assert!(!text.contains("\\u{64b}"), "{what}: {text}");
    }
}

// QA 10: a misnamed sidecar was reported as a changed document, orphans
// twice, moved annotations as problems.
#[test]
fn export_names_a_misnamed_sidecar() {
    let tmp = tempdir();
    let dir = tmp.path().join("c");
    annotated_corpus(&dir);
    std::fs::copy(sidecar_path(&dir.join(AR)), sidecar_path(&dir.join(EN))).expect("copy");
    let out = run(hashiya()
        .args(["export", "--format", "jsonl", "--status", "all"])
        .arg(&dir));
    let (_, e) = text_of(&out);
    assert_eq!(out.status.code(), Some(2), "{e}");
    assert!(!e.contains("changed since"), "{e}");
    assert!(!e.contains("orphan"), "{e}");
    let line = e
        .lines()
        .find(|l| l.contains("003_ef756300ad867e8b.ann.toml"))
        .unwrap_or_else(|| panic!("{e}"));
    assert!(
        line.ends_with(&format!(
            ": this sidecar belongs to document \"{AR}\", not to \"{EN}\"; its annotations are left out of the export"
        )),
        "{line}"
    );
}

#[test]
fn export_lists_an_orphan_once_and_no_moved_annotation() {
    let tmp = tempdir();
    let dir = tmp.path().join("c");
    annotated_corpus(&dir);
    let ar = dir.join(AR);
    let text = format!("عاجل\n\n{}", read(&ar).replace("إيمانويل ماكرون", "الرئيس"));
    write(&ar, &text);
    let out = run(hashiya()
        .args(["export", "--format", "jsonl", "--status", "all"])
        .arg(&dir));
    let (_, e) = text_of(&out);
    assert_eq!(out.status.code(), Some(2), "{e}");
    let orphan_lines = e.lines().filter(|l| l.contains("armacron")).count();
    assert_eq!(orphan_lines, 1, "{e}");
    // The orphan (left out: exit 2) and the drift line (a warning: all is
    // exported, re-anchored); the four moved annotations are exported at
    // their new places and are not problems.
    assert!(e.contains("hashiya: 1 problem(s), 1 warning(s)"), "{e}");
    assert!(e.contains("`hashiya check --fix`"), "{e}");
}

// QA 11: a sidecar that is not UTF-8 gave `file:0: file: stream did not …`.
#[test]
fn a_sidecar_that_is_not_utf8_is_located() {
    let tmp = tempdir();
    let dir = tmp.path().join("c");
    std::fs::create_dir_all(&dir).expect("mkdir");
    std::fs::copy(format!("{SHARED}/corpus/{AR}"), dir.join(AR)).expect("copy");
    let side = sidecar_path(&dir.join(AR));
    // "version = 1\n" is 12 bytes, `document = "x` 13 more: 0xFF at 25.
    std::fs::write(&side, b"version = 1\ndocument = \"x\xff\"\n").expect("write");
    let out = run(hashiya().arg("check").arg(&dir));
    let (o, e) = text_of(&out);
    assert_eq!(out.status.code(), Some(1), "{o}{e}");
    let line = o.lines().next().unwrap_or_default();
    assert!(
        // Line 2 `document = "x` is 13 characters: the bad byte is at column 14.
        line.ends_with(
            ".ann.toml:2:14: invalid UTF-8 at byte offset 25; the sidecar cannot be read"
        ),
        "{line}"
    );
    assert_eq!(line.matches(".ann.toml").count(), 1, "{line}");

    let out = run(hashiya().arg("suggest").arg(&dir));
    let (o, e) = text_of(&out);
    assert!(!out.status.success());
    assert!(
        e.contains("invalid UTF-8 at byte offset 25 (line 2, column 14)"),
        "{o}{e}"
    );
    assert_eq!(
        std::fs::read(&side).expect("read"),
        b"version = 1\ndocument = \"x\xff\"\n"
    );
}

// QA 13: flags that were silently ignored.
#[test]
fn ignored_flags_are_refused() {
    let a = format!("{SHARED}/corpus/{AR}");
    let b = format!("{SHARED}/corpus/{EN}");
    for extra in [["--format", "json"], ["--unit", "sentence"]] {
        let out = run(hashiya()
            .args(["align", "--segments"])
            .args(extra)
            .args([&a, &b]));
        let (_, e) = text_of(&out);
        assert_eq!(out.status.code(), Some(2), "{extra:?}: {e}");
        assert!(e.contains("cannot be used with"), "{e}");
    }

    let tmp = tempdir();
    let dir = tmp.path().join("c");
    annotated_corpus(&dir);
    let out = run(hashiya()
        .args(["export", "--format", "jsonl", "--label", "banana"])
        .arg(&dir));
    let (o, e) = text_of(&out);
    assert_eq!(out.status.code(), Some(1), "{e}");
    assert!(o.is_empty(), "{o}");
    assert!(
        e.contains("--label \"banana\": not in the corpus label set"),
        "{e}"
    );
}

// QA 14: a JSONL file with a BOM, an absolute `path`.
#[test]
fn import_accepts_a_bom_and_an_absolute_path() {
    let tmp = tempdir();
    let dir = tmp.path().join("c");
    copy_documents(&dir);
    let abs = std::fs::canonicalize(dir.join(AR)).expect("canonicalize");
    let jsonl = tmp.path().join("in.jsonl");
    let record = serde_json::json!({
        "path": abs.to_str().expect("utf-8 path"),
        "spans": [{"start": 5, "end": 11, "label": "entity", "type": "PER", "text": "ماكرون"}],
    });
    write(&jsonl, &format!("\u{feff}{record}\n"));
    let out = run(hashiya()
        .args(["import", "--format", "jsonl", "--corpus"])
        .arg(&dir)
        .arg(&jsonl));
    let (o, e) = text_of(&out);
    assert!(out.status.success(), "{o}{e}");
    assert!(o.contains("imported 1 annotation"), "{o}{e}");
    let set = loaded(&dir.join(AR));
    assert_eq!(
        set.iter().map(|a| a.quote.as_str()).collect::<Vec<_>>(),
        ["ماكرون"]
    );
}

// QA 14: the document's BOM ended up in the first <seg>.
#[test]
fn tmx_segments_hold_no_bom() {
    let tmp = tempdir();
    let dir = tmp.path().join("c");
    copy_documents(&dir);
    let ar = dir.join(AR);
    let text = read(&ar);
    assert!(!text.starts_with('\u{feff}'));
    write(&ar, &format!("\u{feff}{text}"));
    let out = run(hashiya().args(["export", "--format", "tmx"]).arg(&dir));
    let (o, e) = text_of(&out);
    assert!(out.status.success(), "{e}");
    assert!(o.contains("<seg>"), "{o}");
    assert!(!o.contains('\u{feff}'), "a BOM in the TMX");
}

// QA 1 (same family): an imported span with the id of a lost annotation
// would have been saved as its re-attachment, dropping the orphan.
#[test]
fn import_never_replaces_an_orphan() {
    let tmp = tempdir();
    let dir = tmp.path().join("c");
    annotated_corpus(&dir);
    let ar = dir.join(AR);
    let text = read(&ar).replace("إيمانويل ماكرون", "الرئيس");
    write(&ar, &text);
    let jsonl = tmp.path().join("in.jsonl");
    write(
        &jsonl,
        &format!(
            "{{\"path\":\"{AR}\",\"spans\":[{{\"id\":\"armacron\",\"start\":0,\"end\":4,\"label\":\"claim\",\"text\":\"يريد\"}}]}}\n"
        ),
    );
    let out = run(hashiya()
        .args(["import", "--format", "jsonl", "--corpus"])
        .arg(&dir)
        .arg(&jsonl));
    let (o, e) = text_of(&out);
    assert_eq!(out.status.code(), Some(2), "{o}{e}");
    assert!(e.contains("claim armacron: an orphan in "), "{e}");
    let s = read(&sidecar_path(&ar));
    let block = s
        .split("[[annotation]]")
        .find(|b| b.contains("id = \"armacron\""))
        .expect("the orphan is kept");
    assert!(block.contains("quote = \"إيمانويل ماكرون\""), "{block}");
}

// QA 9: one escaping function for messages; `pair` and `qa` used one that
// let bidi formatting characters through.
#[test]
fn pair_and_qa_escape_bidi_controls_in_file_names() {
    let tmp = tempdir();
    let dir = tmp.path().join("c");
    copy_documents(&dir);
    let evil = "\u{202e}txt.en";
    std::fs::copy(dir.join(EN), dir.join(format!("{evil}.txt"))).expect("copy");
    write(
        &dir.join("hashiya.toml"),
        &format!("[[pair]]\nfiles = [\"{AR}\", \"{evil}.txt\"]\n"),
    );
    // The seed text with one figure changed, so that qa names the file.
    let en = read(&dir.join(EN)).replacen("2,500", "2,600", 1);
    write(&dir.join(format!("{evil}.txt")), &en);
    for cmd in ["pair", "qa"] {
        let out = run(hashiya().arg(cmd).arg(&dir));
        let (o, e) = text_of(&out);
        assert!(o.contains("\\u{202e}txt.en.txt"), "{cmd}: {o}{e}");
        assert!(
            !o.contains('\u{202e}') && !e.contains('\u{202e}'),
            "{cmd}: {o:?}"
        );
    }
}

// QA 6: `check --fix` goes through the store, so it respects the lock of
// another hashiya that has the document open.
#[test]
fn check_fix_leaves_a_document_open_elsewhere_alone() {
    let tmp = tempdir();
    let dir = tmp.path().join("c");
    annotated_corpus(&dir);
    let en = dir.join(EN);
    write(&en, &format!("Breaking.\n\n{}", read(&en)));
    let before = read(&sidecar_path(&en));
    // This process holds the document's lock, as the reader would.
    let (_store, _loaded) = Store::open(&en, &LabelSet::default()).expect("open");
    let out = run(hashiya().args(["check", "--fix"]).arg(&dir));
    let (o, e) = text_of(&out);
    assert_eq!(out.status.code(), Some(1), "{o}{e}");
    let line = o
        .lines()
        .find(|l| l.contains("another hashiya is editing this document"))
        .unwrap_or_else(|| panic!("{o}"));
    // Located at the sidecar's sha256 value (line 4 of a canonical file,
    // after `sha256 = `: column 10).
    assert!(
        line.starts_with(&format!("{}:4:10: ", sidecar_path(&en).display())),
        "{line}"
    );
    assert!(o.contains("not rewritten"), "{o}");
    assert_eq!(read(&sidecar_path(&en)), before);
}

// QA 1 (same family): deleting an orphan removed every orphan with its id,
// so a duplicate sharing the id of a lost annotation went with it.
#[test]
fn discarding_an_orphan_keeps_a_duplicate_with_the_same_id() {
    let tmp = tempdir();
    let dir = tmp.path().join("c");
    std::fs::create_dir_all(&dir).expect("mkdir");
    let doc = dir.join("a.txt");
    let text = "alpha beta\n";
    write(&doc, text);
    let sha = sha256_hex(text.as_bytes());
    // x1 is lost ("delta" is not in the text); the second x1 is a duplicate.
    let lost =
        "[[annotation]]\nid = \"x1\"\nlabel = \"claim\"\nstart = 0\nend = 5\nquote = \"delta\"\n";
    let dup = "[[annotation]]\nid = \"x1\"\nlabel = \"claim\"\nstart = 6\nend = 10\nquote = \"beta\"\nnote = \"keep me\"\n";
    write(
        &sidecar_path(&doc),
        &format!("version = 1\ndocument = \"a.txt\"\nsha256 = \"{sha}\"\n\n{lost}\n{dup}"),
    );
    let (mut store, loaded) = Store::open(&doc, &LabelSet::default()).expect("open");
    assert_eq!(loaded.orphans.len(), 2);
    assert!(store.discard_orphan("x1"));
    store.save(&loaded.set).expect("save");
    let s = read(&sidecar_path(&doc));
    assert!(!s.contains("delta"), "{s}");
    assert!(s.contains(dup), "{s}");
    assert!(store.discard_orphan("x1"));
    assert!(!store.discard_orphan("x1"));
}
