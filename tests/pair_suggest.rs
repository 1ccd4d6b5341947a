//! `hashiya pair --suggest` on the seed corpus and on NTREX split into one
//! file per document and language.

#[path = "support/ntrex.rs"]
mod ntrex;

use std::collections::HashMap;
use std::process::Command;

const CORPUS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/corpus");

fn hashiya(args: &[&str]) -> (bool, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_hashiya"))
        .args(args)
        .output()
        .unwrap();
    (
        out.status.success(),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

#[test]
fn seed_corpus_proposes_the_known_pair_and_nothing_else() {
    let (ok, stdout, stderr) = hashiya(&["pair", "--suggest", CORPUS]);
    assert!(ok, "{stderr}");
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines.len(), 1, "{stdout}");
    assert!(
        lines[0].starts_with("000_d3ec274e292e3ca0.txt ↔ 003_ef756300ad867e8b.txt  score "),
        "{stdout}"
    );
    // The other candidates exist and stay below the threshold.
    let (ok, stdout, _) = hashiya(&["pair", "--suggest", "--all", CORPUS]);
    assert!(ok);
    let below: Vec<&str> = stdout
        .lines()
        .skip_while(|l| !l.starts_with("below"))
        .skip(1)
        .collect();
    assert_eq!(below.len(), 3, "{stdout}");
    for prefix in ["001_", "002_", "004_"] {
        assert!(
            below.iter().any(|l| l.trim_start().starts_with(prefix)),
            "{stdout}"
        );
    }
}

#[test]
fn write_records_pairs_and_keeps_the_rest_of_the_manifest() {
    let dir = tempfile::tempdir().unwrap();
    for entry in std::fs::read_dir(CORPUS).unwrap() {
        let entry = entry.unwrap();
        std::fs::copy(entry.path(), dir.path().join(entry.file_name())).unwrap();
    }
    let manifest = dir.path().join("hashiya.toml");
    let original = "# Reviewers' corpus\n[[label]]\nname = \"figure\"\n\n[defaults]\nlang = \"ar\"";
    std::fs::write(&manifest, original).unwrap();
    let d = dir.path().to_str().unwrap();
    let (ok, _, stderr) = hashiya(&["pair", "--suggest", "--write", d]);
    assert!(ok, "{stderr}");
    let text = std::fs::read_to_string(&manifest).unwrap();
    assert!(text.starts_with(original), "{text}");
    let m = hashiya::corpus::Manifest::load(dir.path()).unwrap();
    assert_eq!(m.pairs.len(), 1);
    assert_eq!(
        m.pairs[0].files,
        ["000_d3ec274e292e3ca0.txt", "003_ef756300ad867e8b.txt"]
    );
    assert_eq!(m.pairs[0].langs, Some(["ar".to_string(), "en".to_string()]));
    assert!(m.labels.allows("figure", None));
    // Writing again adds nothing; listing shows the declared pair.
    let (ok, _, _) = hashiya(&["pair", "--suggest", "--write", d]);
    assert!(ok);
    assert_eq!(std::fs::read_to_string(&manifest).unwrap(), text);
    let (ok, stdout, _) = hashiya(&["pair", d]);
    assert!(ok);
    assert_eq!(
        stdout,
        "000_d3ec274e292e3ca0.txt ↔ 003_ef756300ad867e8b.txt\n"
    );
    // The corpus now knows the partner.
    let corpus = hashiya::corpus::Corpus::open(dir.path()).unwrap();
    assert_eq!(
        corpus.partner("003_ef756300ad867e8b.txt").unwrap().rel,
        "000_d3ec274e292e3ca0.txt"
    );
}

#[test]
fn ntrex_documents_pair_at_least_95_percent_correctly() {
    let docs = ntrex::documents();
    let dir = tempfile::tempdir().unwrap();
    let names = ntrex::split_into_files(&docs, dir.path(), 7);
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 246);
    let (ok, stdout, stderr) = hashiya(&["pair", "--suggest", dir.path().to_str().unwrap()]);
    assert!(ok, "{stderr}");
    // Lines: "<arabic file> ↔ <english file>  score …"
    let proposed: HashMap<&str, &str> = stdout
        .lines()
        .filter_map(|l| {
            let (ar, rest) = l.split_once(" ↔ ")?;
            Some((ar, rest.split_whitespace().next()?))
        })
        .collect();
    let correct = names
        .iter()
        .filter(|(en, ar)| proposed.get(ar.as_str()) == Some(&en.as_str()))
        .count();
    let wrong = proposed.len() - correct;
    println!(
        "NTREX pairing: {correct} of {} documents paired correctly, {wrong} wrong pairs proposed",
        docs.len()
    );
    assert!(
        correct * 100 >= docs.len() * 95,
        "{correct} of {}",
        docs.len()
    );
    // What all-pairs scoring achieved before candidates were blocked by
    // shared anchors: 120 right, none wrong. Never worse than that.
    assert!(correct >= 120, "{correct} of {} right", docs.len());
    assert_eq!(wrong, 0, "{wrong} wrong pairs proposed");
}
