//! Every export format read back by a real client: Python's `json` and `csv`
//! modules, a brat-rule checker in Python, `xmllint` against the TMX 1.4 DTD.
//! Offsets are checked against the documents as Python reads them
//! (`open(p, encoding="utf-8", newline="")`), on a corpus whose Arabic has
//! harakat, a BOM and CRLF line ends.

mod export_support;

use export_support::*;

fn export(corpus: &std::path::Path, args: &[&str]) -> (i32, String, String) {
    let out = run(hashiya().arg("export").args(args).arg(corpus));
    let (o, e) = text_of(&out);
    (out.status.code().unwrap_or(-1), o, e)
}

#[test]
fn jsonl_spans_slice_the_documents_in_python() {
    let tmp = tempdir();
    let dir = corpus_dir(&tmp);
    let n = annotated_corpus(&dir);
    let file = tmp.path().join("out.jsonl");
    let (code, _, err) = export(
        &dir,
        &[
            "--format",
            "jsonl",
            "--status",
            "all",
            "--documents",
            "all",
            "--out",
            &path_str(&file),
        ],
    );
    assert_eq!(code, 0, "{err}");
    let script = r##"
import json, sys, os
root, path = sys.argv[1], sys.argv[2]
spans = 0
with open(path, encoding="utf-8") as f:
    lines = [json.loads(l) for l in f]
assert len(lines) == 6, len(lines)
for d in lines:
    doc = open(os.path.join(root, d["path"]), encoding="utf-8", newline="").read()
    assert d["text"] == doc, d["path"]
    assert d["id"] == d["path"][:-4]
    for s in d["spans"]:
        assert doc[s["start"]:s["end"]] == s["text"], (d["path"], s)
        assert set(s) == {"id","start","end","label","type","text","attributes","annotator","status","note","created","modified"}
        assert all(isinstance(v, str) for v in s["attributes"].values())
        assert all(isinstance(s[k], str) for k in ("id","label","type","text","annotator","status","note","created","modified"))
        spans += 1
    assert all(isinstance(d[k], str) for k in ("id","path","language","direction","text"))
    for r in d["relations"]:
        assert r["source"] in {s["id"] for s in d["spans"]}
        assert all(isinstance(r[k], str) for k in r)
print(spans)
"##;
    let out = python(script, &[&path_str(&dir), &path_str(&file)]);
    let (o, e) = text_of(&out);
    assert!(out.status.success(), "python: {e}");
    assert_eq!(o.trim(), n.to_string());
}

#[test]
fn jsonl_harakat_offsets_by_hand() {
    // Hand-counted in HARAKAT_TEXT: the BOM is character 0; "قالَ " is
    // characters 1..6; "مُحَمَّدُ بْنُ سَلْمَانَ" is م ُ ح َ م َ ّ د ُ (9), space,
    // ب ْ ن ُ (4), space, س َ ل ْ م َ ا ن َ (9): 24 characters, so 6..30.
    let tmp = tempdir();
    let dir = corpus_dir(&tmp);
    annotated_corpus(&dir);
    let (code, out, err) = export(&dir.join(HARAKAT), &["--format", "jsonl"]);
    assert_eq!(code, 0, "{err}");
    let line: serde_json::Value = serde_json::from_str(out.trim()).expect("one JSON line");
    let person = line["spans"]
        .as_array()
        .and_then(|s| s.iter().find(|s| s["id"] == "hperson01"))
        .expect("the person span");
    assert_eq!(
        (person["start"].as_u64(), person["end"].as_u64()),
        (Some(6), Some(30))
    );
    assert_eq!(line["direction"], "rtl");
    assert_eq!(line["language"], "ar");
}

#[test]
fn brat_ann_matches_txt_by_the_brat_rule() {
    let tmp = tempdir();
    let dir = corpus_dir(&tmp);
    annotated_corpus(&dir);
    let out_dir = tmp.path().join("brat");
    let (code, _, err) = export(
        &dir,
        &[
            "--format",
            "brat",
            "--status",
            "all",
            "--out",
            &path_str(&out_dir),
        ],
    );
    // The cross-document translation link cannot be a brat relation: reported.
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains(
            "link translation -> 003_ef756300ad867e8b.txt#enclaim01 goes to another document"
        ),
        "{err}"
    );
    let script = r##"
import sys, os, glob
src, out = sys.argv[1], sys.argv[2]
t_lines = 0
for ann in glob.glob(os.path.join(out, "**", "*.ann"), recursive=True):
    txt_path = ann[:-4] + ".txt"
    rel = os.path.relpath(txt_path, out)
    assert open(txt_path, "rb").read() == open(os.path.join(src, rel), "rb").read(), rel
    txt = open(txt_path, encoding="utf-8", newline="").read()
    ids = set()
    for line in open(ann, encoding="utf-8", newline=""):
        assert line.endswith("\n") and "\r" not in line, repr(line)
        line = line[:-1]
        fields = line.split("\t")
        if line.startswith("T"):
            assert len(fields) == 3, repr(line)
            tid, type_offsets, text = fields
            ty, offs = type_offsets.split(" ", 1)
            frags = [tuple(map(int, f.split())) for f in offs.split(";")]
            assert " ".join(txt[a:b] for a, b in frags) == text, (rel, line)
            ids.add(tid)
            t_lines += 1
        elif line.startswith("A"):
            name, target, value = fields[1].split(" ")
            assert target in ids, line
        elif line.startswith("R"):
            kind, a1, a2 = fields[1].split(" ")
            assert a1.startswith("Arg1:") and a1[5:] in ids and a2[5:] in ids, line
        elif line.startswith("#"):
            assert fields[1].split(" ")[0] == "AnnotatorNotes" and fields[1].split(" ")[1] in ids, line
        else:
            raise AssertionError(line)
assert os.path.exists(os.path.join(out, "annotation.conf"))
print(t_lines)
"##;
    let out = python(script, &[&path_str(&dir), &path_str(&out_dir)]);
    let (o, e) = text_of(&out);
    assert!(out.status.success(), "python: {e}");
    assert_eq!(o.trim(), "13");
    // The multi-line claim in the harakat document: fragments around CRLF.
    // By hand: the claim starts at 6 (see above), "…سَلْمَانَ:" ends at 31,
    // CRLF is 31..33, "«أَرْسَلْنَا ٥٬٧٠٠ جُنْدِيٍّ»" is « (1), أ َ ر ْ س َ ل ْ ن َ ا
    // (11), space, ٥٬٧٠٠ (5), space, ج ُ ن ْ د ِ ي ٍ ّ (9), » (1): 29 characters,
    // so 33..62.
    let ann = std::fs::read_to_string(out_dir.join("extra/harakat.ann")).expect("the .ann");
    assert!(
        ann.contains("\tclaim 6 31;33 62\tمُحَمَّدُ بْنُ سَلْمَانَ: «أَرْسَلْنَا ٥٬٧٠٠ جُنْدِيٍّ»\n"),
        "{ann}"
    );
}

#[test]
fn conll_tokens_and_tags_are_consistent() {
    let tmp = tempdir();
    let dir = corpus_dir(&tmp);
    annotated_corpus(&dir);
    let file = tmp.path().join("out.conll");
    let (code, _, err) = export(
        &dir,
        &[
            "--format",
            "conll",
            "--label",
            "entity",
            "--label",
            "claim",
            "--status",
            "all",
            "--documents",
            "all",
            "--out",
            &path_str(&file),
        ],
    );
    // Widening and the overlap rule are what BIO does by its nature:
    // warnings, exit 0 (docs/EXPORT.md).
    assert_eq!(code, 0, "{err}");
    // The clitic و before إسرائيل, and the ORG inside the longer claim.
    // Line 3 is "الزعيم الفرنسي أكد أن الغرب وإسرائيل …": إ is column 30.
    assert!(
        err.contains(&format!(
            "hashiya: warning: {AR}:3:30: entity arisrael1 starts inside the token \"وإسرائيل\"; widened"
        )),
        "{err}"
    );
    assert!(
        err.contains(
            "entity arhamas02 overlaps claim arclaim01 in BIO; kept arclaim01, left out arhamas02"
        ),
        "{err}"
    );
    // The person inside the longer multi-line claim loses to it.
    assert!(
        err.contains(
            "hashiya: warning: extra/harakat.txt:1:7: entity hperson01 overlaps claim hclaim001 in BIO; kept hclaim001, left out hperson01"
        ),
        "{err}"
    );
    let script = r##"
import sys, os
root, path = sys.argv[1], sys.argv[2]
docs = open(path, encoding="utf-8").read().split("-DOCSTART- O\n\n")[1:]
assert len(docs) == 6, len(docs)
names = sorted(["000_d3ec274e292e3ca0.txt", "001_3696e6412f6dc083.txt", "002_0fb6cb5f90f7d2ea.txt",
                "003_ef756300ad867e8b.txt", "004_8401bda3ce6bc7f1.txt", "extra/harakat.txt"])
found = {}
for name, body in zip(names, docs):
    text = open(os.path.join(root, name), encoding="utf-8", newline="").read()
    at = 0
    prev = "O"
    for line in body.split("\n"):
        if line == "":
            prev = "O"
            continue
        tok, tag = line.split(" ")
        at = text.index(tok, at)
        assert text[at:at+len(tok)] == tok
        at += len(tok)
        if tag.startswith("I-"):
            assert prev[2:] == tag[2:], (name, line, prev)
        if tag != "O":
            found.setdefault(tag[2:], []).append(tok)
        prev = tag
print(" ".join(found["PER"]))
"##;
    let out = python(script, &[&path_str(&dir), &path_str(&file)]);
    let (o, e) = text_of(&out);
    assert!(out.status.success(), "python: {e}");
    assert_eq!(o.trim(), "إيمانويل ماكرون Emmanuel Macron");
}

#[test]
fn csv_reads_back_with_python_csv() {
    let tmp = tempdir();
    let dir = corpus_dir(&tmp);
    annotated_corpus(&dir);
    let file = tmp.path().join("claims.csv");
    let (code, _, err) = export(
        &dir,
        &[
            "--format",
            "csv",
            "--status",
            "all",
            "--out",
            &path_str(&file),
        ],
    );
    assert_eq!(code, 0, "{err}");
    let script = r##"
import csv, sys, os
root, path = sys.argv[1], sys.argv[2]
rows = list(csv.DictReader(open(path, encoding="utf-8", newline="")))
for r in rows:
    text = open(os.path.join(root, r["document"]), encoding="utf-8", newline="").read()
    assert text[int(r["start"]):int(r["end"])] == r["quote"], r
for r in rows:
    print("|".join([r["id"], r["speaker"], r["figures"], r["entities"], r["translation_document"]]))
"##;
    let out = python(script, &[&path_str(&dir), &path_str(&file)]);
    let (o, e) = text_of(&out);
    assert!(out.status.success(), "python: {e}");
    let lines: Vec<&str> = o.lines().collect();
    assert_eq!(
        lines,
        [
            // The suggested ORG lies inside the claim; the accepted حماس and
            // Hamas are earlier occurrences (the titles), outside the claims.
            "arclaim01|إيمانويل ماكرون||الجماعة الفلسطينية المسلحة حماس (ORG)|003_ef756300ad867e8b.txt",
            "enclaim01|Emmanuel Macron|||000_d3ec274e292e3ca0.txt",
            "hclaim001|مُحَمَّدُ بْنُ سَلْمَانَ|٥٬٧٠٠ جُنْدِيٍّ|مُحَمَّدُ بْنُ سَلْمَانَ (PER)|",
        ]
    );
}

#[test]
fn tmx_is_valid_against_the_dtd() {
    require("xmllint", "libxml2-utils");
    let tmp = tempdir();
    let dir = corpus_dir(&tmp);
    annotated_corpus(&dir);
    let file = tmp.path().join("pair.tmx");
    let (code, _, err) = export(&dir, &["--format", "tmx", "--out", &path_str(&file)]);
    assert_eq!(code, 0, "{err}");
    let dtd = format!("{SHARED}/schemas/tmx14.dtd");
    let out = run(std::process::Command::new("xmllint")
        .args(["--noout", "--dtdvalid", &dtd])
        .arg(&file));
    let (_, e) = text_of(&out);
    assert!(out.status.success(), "xmllint rejects the TMX: {e}");
    let script = r##"
import sys
import xml.etree.ElementTree as ET
root = ET.parse(sys.argv[1]).getroot()
tus = root.findall("./body/tu")
XL = "{http://www.w3.org/XML/1998/namespace}lang"
for tu in tus:
    assert tu.get("srclang") == "ar"
    langs = [tuv.get(XL) for tuv in tu.findall("tuv")]
    assert langs == ["ar", "en"], langs
    assert all(tuv.find("seg").text.strip() for tuv in tu.findall("tuv"))
print(len(tus))
"##;
    let out = python(script, &[&path_str(&file)]);
    let (o, e) = text_of(&out);
    assert!(out.status.success(), "python: {e}");
    let n: usize = o.trim().parse().expect("a count");
    // The pair has 12 Arabic and 13 English non-blank paragraphs of one or
    // more sentences each: at least one unit per paragraph bead.
    assert!(n >= 10, "only {n} translation units");
}

#[test]
fn datasets_loads_the_jsonl() {
    // The real loader: Hugging Face `datasets` is not a Debian package, so
    // `.ci/run` installs it with pip. Missing is a failure, not a skip.
    let probe = python("import datasets", &[]);
    assert!(
        probe.status.success(),
        "python3 cannot import Hugging Face datasets: run `python3 -m pip install datasets` (.ci/run does)"
    );
    let tmp = tempdir();
    let dir = corpus_dir(&tmp);
    annotated_corpus(&dir);
    let file = tmp.path().join("out.jsonl");
    let (code, _, err) = export(
        &dir,
        &[
            "--format",
            "jsonl",
            "--status",
            "all",
            "--documents",
            "all",
            "--out",
            &path_str(&file),
        ],
    );
    assert_eq!(code, 0, "{err}");
    let script = r##"
import sys, datasets
# As a user loads it, then with a small chunk size, which puts every line in
# a block of its own: the schema inferred from the first block must hold for
# all the others.
plain = datasets.load_dataset("json", data_files=sys.argv[1], split="train")
ds = datasets.load_dataset("json", data_files=sys.argv[1], split="train", chunksize=1024)
assert len(plain) == len(ds)
for row in ds:
    for s in row["spans"]:
        assert row["text"][s["start"]:s["end"]] == s["text"]
print(len(ds))
"##;
    let out = python(script, &[&path_str(&file)]);
    let (o, e) = text_of(&out);
    assert!(out.status.success(), "datasets: {e}");
    assert_eq!(o.trim(), "6");
}
