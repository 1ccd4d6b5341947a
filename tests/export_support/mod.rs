//! A test corpus for the export and import tests: the five shared articles
//! (`../shared/corpus`, with their own harakat) plus one written here with a
//! BOM, CRLF line ends and heavy harakat, a manifest declaring the 000/003
//! translation pair, and sidecars written through the real sidecar store.

#![allow(dead_code)]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use hashiya::annotation::{Annotation, AnnotationSet, Link, Status};
use hashiya::corpus::LabelSet;
use hashiya::sidecar::Store;

pub const SHARED: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared");
pub const AR: &str = "000_d3ec274e292e3ca0.txt";
pub const EN: &str = "003_ef756300ad867e8b.txt";
pub const HARAKAT: &str = "extra/harakat.txt";
/// BOM, harakat on every letter of the names, CRLF, a tab.
pub const HARAKAT_TEXT: &str =
    "\u{feff}قالَ مُحَمَّدُ بْنُ سَلْمَانَ:\r\n«أَرْسَلْنَا ٥٬٧٠٠ جُنْدِيٍّ»\r\n\r\nوَذَكَرَتْ وِزَارَةُ\tالدِّفَاعِ ذَلِكَ.\r\n";

pub fn hashiya() -> Command {
    Command::new(env!("CARGO_BIN_EXE_hashiya"))
}

pub fn run(cmd: &mut Command) -> Output {
    cmd.output()
        .unwrap_or_else(|e| panic!("cannot run {cmd:?}: {e}"))
}

/// Fail with the Debian package to install when a tool is missing.
pub fn require(tool: &str, package: &str) {
    let ok = Command::new(tool).arg("--version").output().is_ok();
    assert!(
        ok,
        "`{tool}` is missing: install the Debian package `{package}` (apt-get install {package})"
    );
}

/// An annotation over the `nth` occurrence of `quote` in `text`.
pub fn ann(
    text: &str,
    id: &str,
    label: &str,
    kind: Option<&str>,
    quote: &str,
    nth: usize,
) -> Annotation {
    let start = text
        .match_indices(quote)
        .nth(nth)
        .map(|(i, _)| i)
        .unwrap_or_else(|| panic!("{quote:?} #{nth} not in the text"));
    Annotation {
        id: id.to_string(),
        label: label.to_string(),
        kind: kind.map(str::to_string),
        span: start..start + quote.len(),
        quote: quote.to_string(),
        annotator: "rania".to_string(),
        created: "2026-11-20T10:00:00Z".to_string(),
        modified: "2026-11-20T11:30:00Z".to_string(),
        note: None,
        attrs: BTreeMap::new(),
        status: Status::Accepted,
        links: Vec::new(),
        review: None,
    }
}

/// Copy the shared articles and the harakat document into `dir` (no sidecars).
pub fn copy_documents(dir: &Path) {
    std::fs::create_dir_all(dir.join("extra")).expect("mkdir");
    for entry in
        std::fs::read_dir(format!("{SHARED}/corpus")).expect("../shared/corpus is readable")
    {
        let entry = entry.expect("dir entry");
        let name = entry.file_name();
        if name.to_string_lossy().ends_with(".txt") {
            std::fs::copy(entry.path(), dir.join(&name)).expect("copy a document");
        }
    }
    std::fs::write(dir.join(HARAKAT), HARAKAT_TEXT).expect("write the harakat document");
    std::fs::write(
        dir.join("hashiya.toml"),
        format!("[[pair]]\nfiles = [\"{AR}\", \"{EN}\"]\nlangs = [\"ar\", \"en\"]\n"),
    )
    .expect("write the manifest");
}

fn save(dir: &Path, rel: &str, anns: Vec<Annotation>) {
    let (mut store, loaded) =
        Store::open(&dir.join(rel), &LabelSet::default()).expect("open the sidecar");
    assert!(loaded.set.is_empty());
    let set = AnnotationSet::from_annotations(anns).expect("a valid set");
    store.save(&set).expect("save the sidecar");
}

/// The annotated test corpus in `dir`. Returns the number of annotations.
pub fn annotated_corpus(dir: &Path) -> usize {
    copy_documents(dir);
    let ar = std::fs::read_to_string(dir.join(AR)).expect("read");
    let en = std::fs::read_to_string(dir.join(EN)).expect("read");
    let h = HARAKAT_TEXT;

    let mut ar_anns = vec![
        ann(&ar, "armacron", "entity", Some("PER"), "إيمانويل ماكرون", 0),
        ann(&ar, "arhamas01", "entity", Some("ORG"), "حماس", 0),
        // Inside a token with a clitic, and overlapping nothing.
        ann(&ar, "arisrael1", "entity", Some("LOC"), "إسرائيل", 0),
        // Harakat in the shared text: "سابقًا،".
        ann(&ar, "artanwin1", "entity", Some("MISC"), "سابقًا", 0),
    ];
    let mut claim = ann(
        &ar,
        "arclaim01",
        "claim",
        None,
        "لمحاربة الجماعة الفلسطينية المسلحة حماس",
        0,
    );
    claim.attrs.insert("speaker".into(), "armacron".into());
    claim.note = Some("compare with the English \"repurposed\",\nline two".into());
    claim.links.push(Link {
        target: format!("{EN}#enclaim01"),
        kind: "translation".into(),
    });
    ar_anns.push(claim);
    // Overlaps the claim's last word (BIO conflict when claims are in CoNLL).
    let mut org = ann(
        &ar,
        "arhamas02",
        "entity",
        Some("ORG"),
        "الجماعة الفلسطينية المسلحة حماس",
        0,
    );
    org.status = Status::Suggested;
    ar_anns.push(org);

    let mut en_claim = ann(
        &en,
        "enclaim01",
        "claim",
        None,
        "should be repurposed to fight the Palestinian militant group Hamas",
        0,
    );
    en_claim.links.push(Link {
        target: "enmacron1".into(),
        kind: "speaker".into(),
    });
    let en_anns = vec![
        ann(
            &en,
            "enmacron1",
            "entity",
            Some("PER"),
            "Emmanuel Macron",
            0,
        ),
        ann(&en, "enhamas01", "entity", Some("ORG"), "Hamas", 0),
        en_claim,
    ];

    let mut fig = ann(h, "hfigure01", "figure", None, "٥٬٧٠٠ جُنْدِيٍّ", 0);
    fig.attrs.insert("value".into(), "5700".into());
    fig.attrs.insert("unit".into(), "soldiers".into());
    let mut hclaim = ann(
        h,
        "hclaim001",
        "claim",
        None,
        "مُحَمَّدُ بْنُ سَلْمَانَ:\r\n«أَرْسَلْنَا ٥٬٧٠٠ جُنْدِيٍّ»",
        0,
    );
    hclaim.attrs.insert("speaker".into(), "hperson01".into());
    hclaim.links.push(Link {
        target: "hfigure01".into(),
        kind: "about".into(),
    });
    let h_anns = vec![
        ann(h, "hperson01", "entity", Some("PER"), "مُحَمَّدُ بْنُ سَلْمَانَ", 0),
        fig,
        hclaim,
        // Crosses a tab.
        ann(h, "horg00001", "entity", Some("ORG"), "وِزَارَةُ\tالدِّفَاعِ", 0),
    ];
    let n = ar_anns.len() + en_anns.len() + h_anns.len();
    save(dir, AR, ar_anns);
    save(dir, EN, en_anns);
    save(dir, HARAKAT, h_anns);
    n
}

pub fn tempdir() -> tempfile::TempDir {
    tempfile::tempdir().expect("a temporary folder")
}

pub fn path_str(p: &Path) -> String {
    p.to_str().expect("utf-8 path").to_string()
}

pub fn python(script: &str, args: &[&str]) -> Output {
    require("python3", "python3");
    run(hashiya_python().arg("-c").arg(script).args(args))
}

fn hashiya_python() -> Command {
    let mut c = Command::new("python3");
    c.env("PYTHONIOENCODING", "utf-8");
    c
}

pub fn text_of(out: &Output) -> (String, String) {
    (
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

pub fn corpus_dir(tmp: &tempfile::TempDir) -> PathBuf {
    tmp.path().join("corpus")
}
