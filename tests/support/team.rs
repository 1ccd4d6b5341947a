//! A team corpus on the seed pair of ../shared/corpus (`000_…` Arabic,
//! `003_…` its English translation) with layers written as a script would
//! write them: spans found by their quote, offsets in code points.
#![allow(dead_code)] // each test file uses its own part

use std::fmt::Write as _;
use std::fs;
use std::path::Path;
use std::process::{Command, Output};

pub const AR: &str = "000_d3ec274e292e3ca0.txt";
pub const EN: &str = "003_ef756300ad867e8b.txt";

/// The real binary in `dir`, with no identity of the machine's leaking in:
/// no `$HASHIYA_ANNOTATOR`, `$USER` a name no team has, the config and home
/// inside `dir`.
pub fn hashiya(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_hashiya"))
        .args(args)
        .current_dir(dir)
        .env_remove("HASHIYA_ANNOTATOR")
        .env("USER", "nobody-here")
        .env("XDG_CONFIG_HOME", dir.join(".config"))
        .env("HOME", dir)
        .output()
        .unwrap()
}

/// Standard output then standard error, as text.
pub fn out(o: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

/// One annotation of a layer: `(id, quote, label, type, attrs)`, placed at
/// the first occurrence of the quote.
pub type Spec<'a> = (&'a str, &'a str, &'a str, &'a str, &'a [(&'a str, &'a str)]);

pub fn seed(name: &str) -> String {
    let path = format!("{}/../shared/corpus/{name}", env!("CARGO_MANIFEST_DIR"));
    fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("{path}: {e} (../shared/corpus must be beside the repository)"))
}

/// Code-point start and end of the first occurrence of `quote` in `text`.
pub fn place(text: &str, quote: &str) -> (usize, usize) {
    let b = text
        .find(quote)
        .unwrap_or_else(|| panic!("{quote:?} not in the text"));
    let start = text.get(..b).unwrap().chars().count();
    (start, start + quote.chars().count())
}

fn hex(bytes: &[u8]) -> String {
    use sha2::Digest as _;
    sha2::Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

fn lit(s: &str) -> String {
    toml::Value::String(s.to_string()).to_string()
}

/// The layer file of `who` on `doc` (whose text is `text`).
pub fn layer(doc: &str, text: &str, who: &str, spans: &[Spec<'_>]) -> String {
    let mut out = format!(
        "version = 1\ndocument = \"{doc}\"\nsha256 = \"{}\"\nannotator = \"{who}\"\n",
        hex(text.as_bytes())
    );
    let mut placed: Vec<(usize, usize, &Spec<'_>)> = spans
        .iter()
        .map(|s| {
            let (a, b) = place(text, s.1);
            (a, b, s)
        })
        .collect();
    placed.sort_by_key(|p| (p.0, p.1, p.2.0));
    for (start, end, (id, quote, label, kind, attrs)) in placed {
        write!(
            out,
            "\n[[annotation]]\nid = \"{id}\"\nlabel = \"{label}\"\n"
        )
        .unwrap();
        if !kind.is_empty() {
            writeln!(out, "kind = \"{kind}\"").unwrap();
        }
        writeln!(
            out,
            "start = {start}\nend = {end}\nquote = {}\nannotator = \"{who}\"\ncreated = \"2026-11-30T10:00:00Z\"\nmodified = \"2026-11-30T10:00:00Z\"\nstatus = \"accepted\"",
            lit(quote)
        )
        .unwrap();
        if !attrs.is_empty() {
            let kv: Vec<String> = attrs
                .iter()
                .map(|(k, v)| format!("{k} = {}", lit(v)))
                .collect();
            writeln!(out, "attrs = {{ {} }}", kv.join(", ")).unwrap();
        }
    }
    out
}

/// A corpus folder with the seed pair, a `[team]` of `team` and the given
/// layers `(document, annotator, spans)`.
pub fn corpus(dir: &Path, team: &[&str], layers: &[(&str, &str, &[Spec<'_>])]) {
    let list: Vec<String> = team.iter().map(|a| format!("\"{a}\"")).collect();
    fs::write(
        dir.join("hashiya.toml"),
        format!(
            "[team]\nannotators = [{}]\n\n[[pair]]\nfiles = [\"{AR}\", \"{EN}\"]\n",
            list.join(", ")
        ),
    )
    .unwrap();
    for doc in [AR, EN] {
        fs::write(dir.join(doc), seed(doc)).unwrap();
    }
    for (doc, who, spans) in layers {
        let stem = doc.strip_suffix(".txt").unwrap();
        fs::write(
            dir.join(format!("{stem}.{who}.layer.toml")),
            layer(doc, &seed(doc), who, spans),
        )
        .unwrap();
    }
}

const NONE: &[(&str, &str)] = &[];

/// The three annotators' layers of the adjudication tests. On the English
/// document: "Emmanuel Macron" and "2,500" alike in all three (unanimous);
/// "Hamas" ORG, ORG, MISC (majority); "600" taken as "600" by amal and
/// badr and as "600 soldiers" by huda (majority; huda's is the minority);
/// "Islamic State" MISC (amal) against "Islamic State (IS, formerly ISIS)"
/// ORG (badr) (disagreement); "13" by huda only and "Netanyahu" by badr
/// only (single). On the Arabic one: "ماكرون" alike in all three.
pub fn three_annotators(dir: &Path) {
    let macron: Spec<'_> = ("", "Emmanuel Macron", "entity", "PER", NONE);
    let troops: Spec<'_> = ("", "2,500", "figure", "", &[("value", "2500")]);
    let ar: Spec<'_> = ("", "ماكرون", "entity", "PER", NONE);
    let with = |s: Spec<'static>, id: &'static str| -> Spec<'static> { (id, s.1, s.2, s.3, s.4) };
    let amal: Vec<Spec<'_>> = vec![
        with(macron, "am1"),
        with(troops, "am2"),
        ("am3", "Hamas", "entity", "ORG", NONE),
        ("am4", "600", "figure", "", &[("value", "600")]),
        ("am5", "Islamic State", "entity", "MISC", NONE),
    ];
    let badr: Vec<Spec<'_>> = vec![
        with(macron, "bd1"),
        with(troops, "bd2"),
        ("bd3", "Hamas", "entity", "ORG", NONE),
        ("bd4", "600", "figure", "", &[("value", "600")]),
        (
            "bd5",
            "Islamic State (IS, formerly ISIS)",
            "entity",
            "ORG",
            NONE,
        ),
        ("bd6", "Netanyahu", "entity", "PER", NONE),
    ];
    let huda: Vec<Spec<'_>> = vec![
        with(macron, "hd1"),
        with(troops, "hd2"),
        ("hd3", "Hamas", "entity", "MISC", NONE),
        (
            "hd4",
            "600 soldiers",
            "figure",
            "",
            &[("value", "600"), ("unit", "soldiers")],
        ),
        ("hd7", "13", "figure", "", &[("value", "13")]),
    ];
    corpus(
        dir,
        &["amal", "badr", "huda"],
        &[
            (EN, "amal", &amal),
            (EN, "badr", &badr),
            (EN, "huda", &huda),
            (AR, "amal", &[with(ar, "am9")]),
            (AR, "badr", &[with(ar, "bd9")]),
            (AR, "huda", &[with(ar, "hd9")]),
        ],
    );
}

/// The spans `(start, end, label)` of the first line of a JSONL export,
/// sorted.
pub fn exported_spans(jsonl: &str) -> Vec<(usize, usize, String)> {
    let line: serde_json::Value = serde_json::from_str(jsonl.lines().next().unwrap()).unwrap();
    let mut got: Vec<(usize, usize, String)> = line["spans"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            (
                s["start"].as_u64().unwrap() as usize,
                s["end"].as_u64().unwrap() as usize,
                s["label"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    got.sort();
    got
}

/// The gold spans of the English document after the adjudication tests'
/// decisions (the two unanimous units, the majority on "Hamas", huda's
/// "600 soldiers", the edited "Islamic State"), placed by their quotes.
pub fn decided_spans() -> Vec<(usize, usize, String)> {
    let text = seed(EN);
    let mut want: Vec<(usize, usize, String)> = [
        ("Emmanuel Macron", "entity"),
        ("2,500", "figure"),
        ("Hamas", "entity"),
        ("600 soldiers", "figure"),
        ("Islamic State", "entity"),
    ]
    .iter()
    .map(|(q, l)| {
        let (a, b) = place(&text, q);
        (a, b, l.to_string())
    })
    .collect();
    want.sort();
    want
}
