//! A real client reads the files: Python's standard `tomllib` loads sidecars
//! written by hashiya, and for every annotation
//! `open(doc, encoding="utf-8", newline="").read()[start:end] == quote`
//! (also the stored context and the SHA-256). Arabic with harakat, a real
//! article, and a file with a BOM and CRLF line ends.

use std::fs;
use std::path::Path;
use std::process::Command;

use hashiya::annotation::{Annotation, AnnotationSet, Status};
use hashiya::corpus::LabelSet;
use hashiya::sidecar::{SaveOutcome, Store, sidecar_path};

const SCRIPT: &str = r#"
import hashlib, sys, tomllib, os
total = 0
for path in sys.argv[1:]:
    with open(path, "rb") as f:
        data = tomllib.load(f)
    assert data["version"] == 1, path
    doc = os.path.join(os.path.dirname(path), data["document"])
    raw = open(doc, "rb").read()
    assert hashlib.sha256(raw).hexdigest() == data["sha256"], path
    text = open(doc, encoding="utf-8", newline="").read()
    for a in data["annotation"]:
        s, e = a["start"], a["end"]
        if text[s:e] != a["quote"]:
            sys.exit(f"{path}: {a['id']}: {text[s:e]!r} != {a['quote']!r}")
        if text[max(0, s - len(a["before"])):s] != a["before"]:
            sys.exit(f"{path}: {a['id']}: context before differs")
        if text[e:e + len(a["after"])] != a["after"]:
            sys.exit(f"{path}: {a['id']}: context after differs")
        total += 1
print(total)
"#;

/// Annotate every whitespace-separated word, plus a few spans across line
/// ends and one covering the first character (a BOM when there is one).
fn annotate(text: &str) -> AnnotationSet {
    let mut set = AnnotationSet::new();
    let add = |set: &mut AnnotationSet, s: usize, e: usize, label: &str, kind: Option<&str>| {
        let a = Annotation {
            id: set.new_id(),
            label: label.into(),
            kind: kind.map(Into::into),
            span: s..e,
            quote: text.get(s..e).unwrap().to_string(),
            annotator: "py".into(),
            created: "2026-11-21T00:00:00Z".into(),
            modified: "2026-11-21T00:00:00Z".into(),
            note: Some("ملاحظة \"quoted\"\ttab".into()),
            attrs: Default::default(),
            status: Status::Suggested,
            links: vec![],
            review: None,
        };
        set.insert(a).unwrap();
    };
    let mut at = 0;
    for (i, w) in text.split_inclusive(char::is_whitespace).enumerate() {
        let word = w.trim_end();
        if !word.is_empty() {
            let kind = ["PER", "ORG", "LOC", "MISC"][i % 4];
            add(&mut set, at, at + word.len(), "entity", Some(kind));
        }
        at += w.len();
    }
    for (i, _) in text.match_indices('\n').step_by(3) {
        let mut s = i.saturating_sub(6);
        while !text.is_char_boundary(s) {
            s -= 1;
        }
        let mut e = (i + 6).min(text.len());
        while !text.is_char_boundary(e) {
            e += 1;
        }
        add(&mut set, s, e, "claim", None);
    }
    let first = text.chars().next().map_or(0, char::len_utf8);
    add(&mut set, 0, first, "figure", None);
    set
}

fn write(dir: &Path, name: &str, text: &str) -> usize {
    let doc = dir.join(name);
    fs::write(&doc, text).unwrap();
    let (mut store, loaded) = Store::open(&doc, &LabelSet::default()).unwrap();
    assert_eq!(loaded.text, text);
    let set = annotate(text);
    assert_eq!(store.save(&set).unwrap(), SaveOutcome::Written);
    set.len()
}

#[test]
fn python_tomllib_reads_sidecars_and_quotes_match() {
    let dir = tempfile::tempdir().unwrap();
    let mut expected = 0;
    let harakat = "قالَ الرئيسُ الفرنسيُّ إنَّ ٥٬٧٠٠ جنديٍّ وصلوا إلى سوريا.\nوأضافَ: «لن نتراجعَ».\n";
    expected += write(dir.path(), "harakat.txt", harakat);
    let bom_crlf = "\u{feff}Macron said 5,700 soldiers arrived.\r\nقالَ ماكرونُ إنّ ٥٧٠٠ جنديٍّ وصلوا.\r\n\r\nEnd (نهاية).\r\n";
    expected += write(dir.path(), "bom_crlf.txt", bom_crlf);
    for name in ["000_d3ec274e292e3ca0.txt", "003_ef756300ad867e8b.txt"] {
        let path = format!("{}/../shared/corpus/{name}", env!("CARGO_MANIFEST_DIR"));
        let text = fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
        expected += write(dir.path(), name, &text);
    }
    let sidecars: Vec<_> = [
        "harakat.txt",
        "bom_crlf.txt",
        "000_d3ec274e292e3ca0.txt",
        "003_ef756300ad867e8b.txt",
    ]
    .iter()
    .map(|n| sidecar_path(&dir.path().join(n)))
    .collect();
    let out = Command::new("python3")
        .arg("-c")
        .arg(SCRIPT)
        .args(&sidecars)
        .output()
        .unwrap_or_else(|e| {
            panic!("cannot run python3 ({e}): install the Debian package python3 (3.11 or later, for tomllib)")
        });
    assert!(
        out.status.success(),
        "python3 failed: {}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    let count: usize = String::from_utf8_lossy(&out.stdout).trim().parse().unwrap();
    assert_eq!(count, expected);
    assert!(expected > 500, "{expected}");
    // The BOM is character 0 and the CRLF file keeps its \r.
    let bom = fs::read_to_string(&sidecars[1]).unwrap();
    assert!(
        bom.contains("quote = \"\u{feff}\""),
        "BOM annotation missing"
    );
    assert!(bom.contains("\\r\\n"), "CR LF not kept in quotes");
}

/// The other direction: a Python script writes a sidecar by hand (offsets
/// from `str.find` on the text read with `newline=""`, SHA-256 from
/// `hashlib`, no context), and hashiya loads it with every span on its quote.
#[test]
fn hashiya_reads_sidecars_written_by_python() {
    const WRITER: &str = r#"
import hashlib, json, sys
doc = sys.argv[1]
raw = open(doc, "rb").read()
text = open(doc, encoding="utf-8", newline="").read()
quotes = ["\ufeff", "ماكرونُ", "٥٧٠٠", "جنديٍّ", "soldiers arrived.\r\nقالَ", "(نهاية)"]
out = ["version = 1", f"document = {json.dumps(doc.split('/')[-1])}",
       f"sha256 = \"{hashlib.sha256(raw).hexdigest()}\"", "generator = \"python\""]
for i, q in enumerate(quotes):
    s = text.find(q)
    assert s >= 0, q
    out += ["", "[[annotation]]", f"id = \"py{i}\"", "label = \"claim\"",
            f"start = {s}", f"end = {s + len(q)}",
            f"quote = {json.dumps(q, ensure_ascii=False)}",
            "annotator = \"script\"", "created = 2026-11-21T08:00:00Z"]
open(doc.rsplit(".", 1)[0] + ".ann.toml", "w", encoding="utf-8").write("\n".join(out) + "\n")
"#;
    let dir = tempfile::tempdir().unwrap();
    let text = "\u{feff}Macron said 5,700 soldiers arrived.\r\nقالَ ماكرونُ إنّ ٥٧٠٠ جنديٍّ وصلوا.\r\n\r\nEnd (نهاية).\r\n";
    let doc = dir.path().join("py.txt");
    fs::write(&doc, text).unwrap();
    let out = Command::new("python3")
        .arg("-c")
        .arg(WRITER)
        .arg(&doc)
        .output()
        .unwrap_or_else(|e| {
            panic!("cannot run python3 ({e}): install the Debian package python3 (3.11 or later)")
        });
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let (mut store, loaded) = Store::open(&doc, &LabelSet::default()).unwrap();
    assert!(loaded.problems.is_empty(), "{:?}", loaded.problems);
    assert_eq!(loaded.set.len(), 6);
    for a in loaded.set.iter() {
        assert_eq!(text.get(a.span.clone()), Some(a.quote.as_str()), "{}", a.id);
    }
    let bom = loaded.set.get("py0").unwrap();
    assert_eq!(bom.span, 0..3);
    // A TOML datetime is read as its RFC 3339 text.
    assert_eq!(bom.created, "2026-11-21T08:00:00Z");
    // Saving rewrites it in hashiya's form and keeps the unknown key.
    store.save(&loaded.set).unwrap();
    let saved = fs::read_to_string(sidecar_path(&doc)).unwrap();
    assert!(saved.contains("generator = \"python\""), "{saved}");
    drop(store);
    let (_, again) = Store::open(&doc, &LabelSet::default()).unwrap();
    assert_eq!(again.set, loaded.set);
}
