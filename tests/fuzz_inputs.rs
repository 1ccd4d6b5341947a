//! Fuzzing on stable Rust (proptest) of the other ways text enters hashiya
//! (the sidecar readers have their own, in `sidecar::format`): JSONL and
//! brat import, the manifest, and the layout every screen and `render`
//! uses. None may panic on any input, and import never hands out an
//! annotation the sidecar loader would refuse (so nothing unreadable can be
//! written). Cases per property: 20,000 in CI; more for a release with
//! `PROPTEST_CASES=2000000 cargo test --release --test fuzz_inputs`.

use std::path::Path;

use hashiya::corpus::{LabelSet, Manifest};
use hashiya::export::import::{Defaults, parse_brat, parse_jsonl_line, to_annotations};
use hashiya::text::{DirChoice, LayoutOptions, layout_paragraph};
use proptest::prelude::*;

const TEXT: &str = "قال الرئيس ماكرون إن 5,700 جندي وصلوا.\nMacron said 5,700 troops arrived.\n";

/// Pieces that stress parsers: JSON and brat syntax, numbers at the edges,
/// escapes, controls, bidi marks, Arabic with harakat.
const PIECES: &[&str] = &[
    "{",
    "}",
    "[",
    "]",
    "\"",
    "\\",
    ":",
    ",",
    "\t",
    "\n",
    " ",
    "0",
    "-1",
    "9",
    "18446744073709551616",
    "1e9",
    "null",
    "true",
    "\"start\"",
    "\"end\"",
    "\"label\"",
    "\"type\"",
    "\"id\"",
    "\"spans\"",
    "\"relations\"",
    "\"path\"",
    "\"a.txt\"",
    "\"#\"",
    "T1",
    "R1",
    "A1",
    "E1",
    "#1",
    "Arg1:T1",
    "PER",
    "claim",
    "entity",
    ";",
    "\\u0000",
    "\\ud800",
    "\u{1b}",
    "\u{202e}",
    "\u{feff}",
    "مَ",
    "ﻻ",
    "e\u{301}",
    "😀",
    "=",
];

const JSONL: &str = r#"{"path": "a.txt", "spans": [{"id": "s1", "start": 4, "end": 10, "label": "entity", "type": "PER", "note": "n", "attrs": {"k": "v"}, "created": "2026-11-21T00:00:00Z"}], "relations": [{"source": "s1", "kind": "supports", "target": "s1"}]}"#;
const BRAT: &str = "T1\tPER 4 10\tالرئيس\nT2\tclaim 0 38\tقال الرئيس ماكرون إن 5,700 جندي وصلوا.\nR1\tspeaker Arg1:T2 Arg2:T1\n#1\tAnnotatorNotes T1\tnote\nA1\tNegated T2\n";
const MANIFEST: &str = "[[label]]\nname = \"entity\"\ntypes = [\"PER\", \"ORG\"]\n\n[[pair]]\nfiles = [\"a.txt\", \"b.txt\"]\n\n[team]\nannotators = [\"amal\", \"bilal\"]\nblind = true\n";

/// `base` with up to 8 random pieces put in place of random short ranges.
fn mutated(base: &'static str) -> impl Strategy<Value = String> {
    proptest::collection::vec((any::<usize>(), 0..PIECES.len(), 0usize..6), 0..8).prop_map(
        move |edits| {
            let mut s = base.to_string();
            for (at, piece, cut) in edits {
                let mut at = at % (s.len() + 1);
                while !s.is_char_boundary(at) {
                    at -= 1;
                }
                let mut end = (at + cut).min(s.len());
                while !s.is_char_boundary(end) {
                    end += 1;
                }
                s.replace_range(at..end, PIECES[piece]);
            }
            s
        },
    )
}

fn config() -> ProptestConfig {
    ProptestConfig {
        cases: std::env::var("PROPTEST_CASES")
            .ok()
            .and_then(|c| c.parse().ok())
            .unwrap_or(20_000),
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

fn defaults() -> Defaults {
    Defaults {
        status: None,
        annotator: "import".into(),
        now: "2026-12-01T00:00:00Z".into(),
    }
}

/// Whatever import makes of an input can be written and read back.
fn importable(doc: &hashiya::export::import::ImportedDoc) -> Result<(), TestCaseError> {
    let labels = LabelSet::default();
    let mut problems = Vec::new();
    let mut n = 0;
    let mut new_id = || {
        n += 1;
        format!("f{n}")
    };
    for a in to_annotations(doc, TEXT, &labels, &defaults(), &mut new_id, &mut problems) {
        prop_assert!(
            hashiya::sidecar::check_annotation(&a).is_ok(),
            "{a:?}: {:?}",
            hashiya::sidecar::check_annotation(&a)
        );
        prop_assert_eq!(TEXT.get(a.span.clone()), Some(a.quote.as_str()));
    }
    Ok(())
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn jsonl_import_never_panics_nor_admits_unreadable_values(line in mutated(JSONL)) {
        let mut problems = Vec::new();
        if let Some(doc) = parse_jsonl_line("in.jsonl", 1, &line, &mut problems) {
            importable(&doc)?;
        }
    }

    #[test]
    fn brat_import_never_panics_nor_admits_unreadable_values(ann in mutated(BRAT)) {
        let mut problems = Vec::new();
        let doc = parse_brat("a.ann", &ann, &LabelSet::default(), &mut problems);
        importable(&doc)?;
    }

    #[test]
    fn the_manifest_reader_never_panics(text in mutated(MANIFEST)) {
        let _ = Manifest::parse(&text, Path::new("hashiya.toml"));
    }

    #[test]
    fn layout_never_panics(
        text in proptest::collection::vec(0..PIECES.len(), 0..40)
            .prop_map(|v| v.into_iter().map(|i| PIECES[i]).collect::<String>()),
        width in 0usize..30,
        rtl in any::<bool>(),
        shape in any::<bool>(),
        reveal in any::<bool>(),
    ) {
        let opts = LayoutOptions {
            width,
            dir: if rtl { DirChoice::Rtl } else { DirChoice::Auto },
            shape,
            reveal,
            ..LayoutOptions::default()
        };
        let para = text.replace('\n', " ");
        let _ = layout_paragraph(&para, &opts);
    }
}

/// The seeds themselves import (so the properties above are not vacuous).
#[test]
fn the_seed_inputs_import() {
    let labels = LabelSet::default();
    let mut problems = Vec::new();
    let jsonl = parse_jsonl_line("in.jsonl", 1, JSONL, &mut problems).unwrap();
    let brat = parse_brat("a.ann", BRAT, &labels, &mut problems);
    for (doc, want) in [(jsonl, 1), (brat, 2)] {
        let mut n = 0;
        let mut new_id = || {
            n += 1;
            format!("f{n}")
        };
        let got = to_annotations(&doc, TEXT, &labels, &defaults(), &mut new_id, &mut problems);
        assert_eq!(got.len(), want, "{got:?} {problems:?}");
    }
}
