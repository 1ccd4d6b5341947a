//! Entity propagation over the Arabic seed articles.
//!
//! Expected counts come from grep, not from the matcher:
//! `grep -o "[^[:space:][:punct:]]*NAME[^[:space:][:punct:]]*" 0*.txt | sort | uniq -c`
//! lists every word containing the name; reading that list, the only
//! words are the name itself, `وحماس` (001) and `لداعش` (001), so the
//! matcher must find exactly these many, and each found span must be the
//! name with only clitic prefixes before it in its word.

use hashiya::suggest::entities::find_occurrences;
use hashiya::suggest::fold::fold;

const CORPUS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/corpus");
const ARABIC: [&str; 4] = [
    "000_d3ec274e292e3ca0.txt",
    "001_3696e6412f6dc083.txt",
    "002_0fb6cb5f90f7d2ea.txt",
    "004_8401bda3ce6bc7f1.txt",
];

fn read(file: &str) -> String {
    let path = format!("{CORPUS}/{file}");
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// `(name, expected count per file in ARABIC order)`.
const CASES: [(&str, [usize; 4]); 3] = [
    ("ماكرون", [5, 9, 0, 0]),
    ("حماس", [7, 8, 0, 0]),
    ("داعش", [4, 1, 15, 3]),
];

const CLITICS: [&str; 12] = [
    "", "و", "ف", "ب", "ك", "ل", "ال", "وال", "بال", "لل", "ول", "وب",
];

#[test]
fn names_propagate_across_the_arabic_articles_and_not_inside_words() {
    for (name, expected) in CASES {
        // The name as an annotator tags it: its first occurrence in 000.
        let first = read(ARABIC[0]);
        let tagged = find_occurrences(&first, name);
        assert!(!tagged.is_empty(), "{name} in {}", ARABIC[0]);
        let quote = first
            .get(tagged[0].clone())
            .expect("span on char boundaries");
        for (file, want) in ARABIC.iter().zip(expected) {
            let text = read(file);
            let found = find_occurrences(&text, quote);
            println!("{name}: {file}: {} found, {want} expected", found.len());
            assert_eq!(found.len(), want, "{name} in {file}");
            for span in found {
                let got = text.get(span.clone()).expect("char boundaries");
                assert_eq!(fold(got), fold(name), "{file}: {got:?}");
                // The rest of the word before the span is a clitic prefix.
                let before = text.get(..span.start).expect("boundary");
                let word_start = before
                    .char_indices()
                    .rev()
                    .find(|(_, c)| !c.is_alphabetic())
                    .map_or(0, |(i, c)| i + c.len_utf8());
                let prefix = before.get(word_start..).expect("boundary");
                assert!(
                    CLITICS.contains(&prefix),
                    "{file}: prefix {prefix:?} before {got:?}"
                );
                let after = text.get(span.end..).and_then(|s| s.chars().next());
                assert!(
                    !after.is_some_and(char::is_alphabetic),
                    "{file}: {got:?} runs on"
                );
            }
        }
    }
}

#[test]
fn clitic_forms_of_hamas() {
    let text = "دعم لحماس ومقاتلي وحماس، والحماسة ليست حماسًا.";
    let found: Vec<&str> = find_occurrences(text, "حماس")
        .into_iter()
        .filter_map(|r| text.get(r))
        .collect();
    // `الحماسة` ("the enthusiasm") and `حماسًا` ("enthusiasm", with the
    // accusative alef) are other words.
    assert_eq!(found, ["حماس", "حماس"]);
}
