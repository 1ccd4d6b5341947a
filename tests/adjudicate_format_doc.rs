//! The adjudication example in docs/FORMAT.md is what hashiya writes: the
//! three layers described there, adjudicated through the library at the
//! times shown, give the gold sidecar of the example byte for byte, and
//! both sidecar readers read it alike (the full one is the `toml` crate).

use std::fs;

use hashiya::adjudicate::{Choice, Decision, Provenance, Session};
use hashiya::corpus::{LabelSet, Layer};
use hashiya::sidecar::{SaveOutcome, Store, sha256_hex};

fn block<'a>(doc: &'a str, marker: &str, lang: &str) -> &'a str {
    let at = doc
        .find(marker)
        .unwrap_or_else(|| panic!("{marker} not in FORMAT.md"));
    let rest = doc.get(at + marker.len()..).unwrap();
    let open = format!("\n```{lang}\n");
    assert!(
        rest.starts_with(&open),
        "{marker} must be followed by a ```{lang} block"
    );
    rest.strip_prefix(open.as_str())
        .unwrap()
        .split_once("```")
        .expect("closing fence")
        .0
}

/// A layer of `who` with `(id, label, type, start, end, quote, value)`.
fn layer(text: &str, who: &str, anns: &[(&str, &str, &str, usize, usize, &str, &str)]) -> String {
    let mut out = format!(
        "version = 1\ndocument = \"article.txt\"\nsha256 = \"{}\"\nannotator = \"{who}\"\n",
        sha256_hex(text.as_bytes())
    );
    for (id, label, kind, start, end, quote, value) in anns {
        out.push_str(&format!(
            "\n[[annotation]]\nid = \"{id}\"\nlabel = \"{label}\"\n"
        ));
        if !kind.is_empty() {
            out.push_str(&format!("kind = \"{kind}\"\n"));
        }
        out.push_str(&format!(
            "start = {start}\nend = {end}\nquote = \"{quote}\"\nannotator = \"{who}\"\nstatus = \"accepted\"\n"
        ));
        if !value.is_empty() {
            out.push_str(&format!("attrs = {{ value = \"{value}\" }}\n"));
        }
    }
    out
}

#[test]
fn format_md_adjudication_example_is_written_byte_for_byte() {
    let md = fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/docs/FORMAT.md")).unwrap();
    let text = block(&md, "<!-- example-document -->", "text");
    let expected = block(&md, "<!-- example-adjudicated -->", "toml");
    let dir = tempfile::tempdir().unwrap();
    let doc = dir.path().join("article.txt");
    fs::write(&doc, text).unwrap();
    let claim = "Macron said 5,700 soldiers arrived";
    let layers = [
        (
            "amal",
            vec![
                ("q4k8m2x7ta", "entity", "PER", 0, 6, "Macron", ""),
                ("b9d3h6w1nc", "figure", "", 12, 17, "5,700", "5700"),
            ],
        ),
        (
            "badr",
            vec![
                ("c2m7k0p3rd", "entity", "PER", 0, 6, "Macron", ""),
                ("d5f8g1j4kb", "figure", "", 12, 17, "5,700", "5700"),
            ],
        ),
        (
            "huda",
            vec![
                ("h8n4w6y1fs", "entity", "PER", 0, 6, "Macron", ""),
                ("s7x0z3b6cq", "claim", "", 0, 34, claim, ""),
                ("m3p6r9t2vw", "figure", "", 12, 26, "5,700 soldiers", "5700"),
            ],
        ),
    ];
    for (who, anns) in &layers {
        fs::write(
            Layer::Annotator(who.to_string()).path(&doc),
            layer(text, who, anns),
        )
        .unwrap();
    }
    let names: Vec<String> = layers.iter().map(|l| l.0.to_string()).collect();
    let labels = LabelSet::default();
    let mut s = Session::open(&doc, &labels, &names).unwrap();
    // Units in text order: the entity, the claim, the figure.
    assert_eq!(s.units.len(), 3);
    s.decide(0, Choice::Unanimous, "lead", "2026-12-01T10:00:00Z")
        .unwrap();
    s.decide(2, Choice::Majority, "lead", "2026-12-01T10:00:00Z")
        .unwrap();
    s.decide(1, Choice::Reject, "lead", "2026-12-01T10:02:30Z")
        .unwrap();
    s.save().unwrap();
    drop(s);
    let gold = fs::read_to_string(dir.path().join("article.ann.toml")).unwrap();
    assert_eq!(gold, expected, "hashiya wrote:\n{gold}");

    // Read back by the `toml` crate: the provenance as documented.
    let t: toml::Table = toml::from_str(expected).unwrap();
    let fig = t["annotation"][1].as_table().unwrap();
    let p = Provenance::from_table(fig).unwrap().unwrap();
    assert_eq!(p.decision, Decision::Majority);
    assert_eq!(
        p.sources.iter().map(|r| r.name()).collect::<Vec<_>>(),
        ["amal:b9d3h6w1nc", "badr:d5f8g1j4kb"]
    );
    assert_eq!(
        p.others.iter().map(|r| r.name()).collect::<Vec<_>>(),
        ["huda:m3p6r9t2vw"]
    );
    let rejected = t["rejected"].as_array().unwrap();
    assert_eq!(rejected[0]["sources"][0].as_str(), Some("huda:s7x0z3b6cq"));

    // The plain store (no adjudication) keeps every key: saved again, the
    // same bytes; only the two decided annotations are loaded.
    let (mut store, loaded) = Store::open(&doc, &labels).unwrap();
    assert!(loaded.problems.is_empty(), "{:?}", loaded.problems);
    assert_eq!(loaded.set.len(), 2);
    assert_eq!(store.save(&loaded.set).unwrap(), SaveOutcome::Unchanged);
}

/// The digest recipe of FORMAT.md, followed by hand for huda's figure.
#[test]
fn digest_follows_the_documented_recipe() {
    use sha2::Digest as _;
    let fields = [
        "figure",
        "",
        "12",
        "26",
        "5,700 soldiers",
        "accepted",
        "",
        "value=5700",
    ];
    let mut s = String::new();
    for f in fields {
        s.push_str(f);
        s.push('\u{1f}');
    }
    let hex: String = sha2::Sha256::digest(s.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    let md = fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/docs/FORMAT.md")).unwrap();
    let expected = block(&md, "<!-- example-adjudicated -->", "toml");
    let t: toml::Table = toml::from_str(expected).unwrap();
    let digests = t["annotation"][1]["digests"].as_array().unwrap();
    assert_eq!(digests[2].as_str(), hex.get(..16));
}
