//! `export --split` on NTREX-128: 123 news documents in English and Arabic,
//! one file per document and language under meaningless names, declared as
//! 123 translation pairs in hashiya.toml (246 documents). The pairs the test
//! checks against are the ones it wrote into the manifest.

#[path = "support/ntrex.rs"]
mod ntrex;

use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;

const SPEC: &str = "train=0.8,dev=0.1,test=0.1";
const SHARES: [(&str, f64); 3] = [("train", 0.8), ("dev", 0.1), ("test", 0.1)];

fn manifest(pairs: &[(String, String)]) -> String {
    pairs
        .iter()
        .map(|(en, ar)| {
            format!("[[pair]]\nfiles = [\"{ar}\", \"{en}\"]\nlangs = [\"ar\", \"en\"]\n")
        })
        .collect()
}

/// Export with `--split` into `out`; the split of every document, read
/// back from the JSONL files.
fn split(corpus: &Path, out: &Path, seed: &str) -> BTreeMap<String, String> {
    let o = Command::new(env!("CARGO_BIN_EXE_hashiya"))
        .args(["export", "--format", "jsonl", "--documents", "all"])
        .args(["--split", SPEC, "--seed", seed, "--out"])
        .arg(out)
        .arg(corpus)
        .output()
        .expect("run hashiya");
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(0), "{err}");
    assert!(out.join("splits.toml").is_file(), "the split is recorded");
    let mut of = BTreeMap::new();
    for (name, _) in SHARES {
        let text = std::fs::read_to_string(out.join(format!("{name}.jsonl")))
            .unwrap_or_else(|e| panic!("{name}.jsonl: {e}"));
        for line in text.lines() {
            let v: serde_json::Value = serde_json::from_str(line).expect("a JSON line");
            let path = v["path"].as_str().expect("path").to_string();
            let before = of.insert(path.clone(), name.to_string());
            assert!(before.is_none(), "{path} is in two splits");
        }
    }
    of
}

/// Every pair in one split; every split within one pair (two documents)
/// of its share.
fn check(of: &BTreeMap<String, String>, pairs: &[(String, String)]) {
    assert_eq!(of.len(), pairs.len() * 2);
    for (en, ar) in pairs {
        assert_eq!(of.get(en), of.get(ar), "pair {en} / {ar} is split");
        assert!(of.contains_key(en));
    }
    let total = of.len() as f64;
    for (name, share) in SHARES {
        let n = of.values().filter(|s| *s == name).count() as f64;
        assert!(
            (n - share * total).abs() <= 2.0,
            "{name}: {n} documents of {total}, asked {share}"
        );
    }
}

#[test]
fn ntrex_pairs_split_together_deterministically_and_stay_put() {
    let docs = ntrex::documents();
    assert_eq!(docs.len(), 123);
    let tmp = tempfile::tempdir().expect("tempdir");
    let corpus = tmp.path().join("corpus");
    std::fs::create_dir_all(&corpus).expect("mkdir");
    let mut pairs = ntrex::split_into_files(&docs, &corpus, 11);
    std::fs::write(corpus.join("hashiya.toml"), manifest(&pairs)).expect("manifest");

    let first = split(&corpus, &tmp.path().join("a"), "7");
    check(&first, &pairs);
    // The same seed into a fresh folder: the same split.
    let again = split(&corpus, &tmp.path().join("b"), "7");
    assert_eq!(first, again);
    // Another seed: another split (still sound).
    let other = split(&corpus, &tmp.path().join("c"), "8");
    check(&other, &pairs);
    assert_ne!(first, other);

    // 20 new pairs (the first 20 documents again, with a new first line),
    // exported into the first folder: every old document keeps its split.
    let more = corpus.join("more");
    std::fs::create_dir_all(&more).expect("mkdir");
    for (k, d) in docs.iter().take(20).enumerate() {
        let (en, ar) = (
            format!("more/n{k:02}_en.txt"),
            format!("more/n{k:02}_ar.txt"),
        );
        let en_text = format!("Update {k}.\n{}\n", d.en.join("\n"));
        let ar_text = format!("تحديث {k}.\n{}\n", d.ar.join("\n"));
        std::fs::write(corpus.join(&en), en_text).expect("write");
        std::fs::write(corpus.join(&ar), ar_text).expect("write");
        pairs.push((en, ar));
    }
    std::fs::write(corpus.join("hashiya.toml"), manifest(&pairs)).expect("manifest");
    let grown = split(&corpus, &tmp.path().join("a"), "7");
    for (doc, s) in &first {
        assert_eq!(grown.get(doc), Some(s), "{doc} moved");
    }
    check(&grown, &pairs);
    assert_eq!(grown.len(), 286);
}

#[test]
fn a_bad_split_is_refused_with_a_clear_message() {
    let tmp = tempfile::tempdir().expect("tempdir");
    std::fs::write(tmp.path().join("a.txt"), "Text.\n").expect("write");
    for (spec, needle) in [
        ("train=0.8,dev=0.1", "add up to"),
        ("train=0.5,train=0.5", "named twice"),
        ("train", "NAME=SHARE"),
    ] {
        let o = Command::new(env!("CARGO_BIN_EXE_hashiya"))
            .args(["export", "--format", "jsonl", "--split", spec, "--out"])
            .arg(tmp.path().join("out"))
            .arg(tmp.path())
            .output()
            .expect("run hashiya");
        let err = String::from_utf8_lossy(&o.stderr);
        assert_eq!(o.status.code(), Some(2), "{spec}: {err}");
        assert!(err.contains(needle), "{spec}: {err}");
    }
    // A record naming a split the request does not have.
    let out = tmp.path().join("out");
    std::fs::create_dir_all(&out).expect("mkdir");
    std::fs::write(
        out.join("splits.toml"),
        "spec = \"x\"\nseed = 0\n[documents]\n\"a.txt\" = \"valid\"\n",
    )
    .expect("write");
    let o = Command::new(env!("CARGO_BIN_EXE_hashiya"))
        .args(["export", "--format", "jsonl", "--documents", "all"])
        .args(["--split", SPEC, "--out"])
        .arg(&out)
        .arg(tmp.path())
        .output()
        .expect("run hashiya");
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(
        err.contains("split \"valid\", which --split does not name"),
        "{err}"
    );
}
