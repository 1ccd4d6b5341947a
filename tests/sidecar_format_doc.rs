//! The complete example in docs/FORMAT.md is a real sidecar: it parses, its
//! hash and offsets fit its document, and hashiya writes exactly those bytes.

use std::fs;

use hashiya::corpus::LabelSet;
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
    let body = rest.strip_prefix(open.as_str()).unwrap();
    body.split_once("```").expect("closing fence").0
}

#[test]
fn format_md_example_is_a_valid_sidecar_written_byte_for_byte() {
    let md = fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/docs/FORMAT.md")).unwrap();
    let text = block(&md, "<!-- example-document -->", "text");
    let sidecar = block(&md, "<!-- example-sidecar -->", "toml");

    let dir = tempfile::tempdir().unwrap();
    let doc = dir.path().join("article.txt");
    fs::write(&doc, text).unwrap();
    fs::write(dir.path().join("article.ann.toml"), sidecar).unwrap();

    // Hash recorded = hash of the document shown.
    let t: toml::Table = toml::from_str(sidecar).unwrap();
    assert_eq!(
        t["sha256"].as_str(),
        Some(sha256_hex(text.as_bytes()).as_str())
    );

    let (mut store, loaded) = Store::open(&doc, &LabelSet::default()).unwrap();
    // Only problem: none (the cross-document link is checked by `check`).
    assert!(loaded.problems.is_empty(), "{:?}", loaded.problems);
    assert_eq!(loaded.set.len(), 4);
    // Offsets are code points into the exact text.
    let chars: Vec<char> = text.chars().collect();
    for a in t["annotation"].as_array().unwrap() {
        let (s, e) = (
            a["start"].as_integer().unwrap() as usize,
            a["end"].as_integer().unwrap() as usize,
        );
        let q: String = chars[s..e].iter().collect();
        assert_eq!(q, a["quote"].as_str().unwrap());
    }
    let fig = loaded.set.get("b9d3h6w1nc").unwrap();
    assert_eq!(fig.attrs["value"], "5700");
    assert_eq!(fig.attrs["unit"], "soldiers");
    // Written exactly as shown: saving changes nothing.
    assert_eq!(store.save(&loaded.set).unwrap(), SaveOutcome::Unchanged);
    assert_eq!(store.render(&loaded.set).unwrap(), sidecar);
}
