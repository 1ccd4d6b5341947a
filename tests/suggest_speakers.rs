//! Claim speakers and English name finding on the real English article 003
//! (the translation of 000). The expected speakers were read off the
//! article by hand: the quotation "must be without mercy but not without
//! rules" is Macron's (the sentence's subject is "he", i.e. the president),
//! "the free world" and "axis of evil" are Netanyahu's; Hamas and the Nazis
//! are what the quotations are about, never their speakers.

use hashiya::annotation::Annotation;
use hashiya::suggest::{CLAIM, ENTITY, Options, suggest_document};

const ARTICLE: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../shared/corpus/003_ef756300ad867e8b.txt"
);

fn suggestions() -> (String, Vec<Annotation>) {
    let text = std::fs::read_to_string(ARTICLE).unwrap_or_else(|e| panic!("{ARTICLE}: {e}"));
    let out = suggest_document(&text, &[], &Default::default(), &Options::default());
    (text, out)
}

fn quote<'a>(text: &'a str, a: &Annotation) -> &'a str {
    text.get(a.span.clone()).expect("span on char boundaries")
}

/// The quoted text of the speaker of the claim starting with `claim`.
fn speaker_of(text: &str, out: &[Annotation], claim: &str) -> Option<String> {
    let c = out
        .iter()
        .find(|a| a.label == CLAIM && quote(text, a).starts_with(claim))
        .unwrap_or_else(|| panic!("no claim starting with {claim:?}"));
    let id = c.attrs.get("speaker")?;
    let e = out
        .iter()
        .find(|a| &a.id == id)
        .unwrap_or_else(|| panic!("speaker {id} is not a suggestion"));
    Some(quote(text, e).to_string())
}

#[test]
fn a_quotation_is_not_spoken_by_what_it_is_about() {
    let (text, out) = suggestions();
    let s = speaker_of(&text, &out, "must be without mercy");
    assert!(
        s.as_deref().is_none_or(|s| s.contains("Macron")),
        "speaker {s:?}"
    );
}

#[test]
fn netanyahu_speaks_the_free_world_and_the_axis_of_evil() {
    let (text, out) = suggestions();
    for claim in ["the free world", "axis of evil"] {
        assert_eq!(
            speaker_of(&text, &out, claim).as_deref(),
            Some("Netanyahu"),
            "{claim}"
        );
    }
}

#[test]
fn titled_names_are_people() {
    let (text, out) = suggestions();
    let kind = |name: &str| {
        out.iter()
            .find(|a| a.label == ENTITY && quote(&text, a) == name)
            .map(|a| a.kind.clone())
    };
    // "French President Emmanuel Macron", "Israeli Prime Minister Benjamin
    // Netanyahu": the title types the name and stays outside it.
    assert_eq!(kind("Emmanuel Macron"), Some(Some("PER".to_string())));
    assert_eq!(kind("Benjamin Netanyahu"), Some(Some("PER".to_string())));
    // Sentence-initial "Netanyahu did not …" is the same person.
    let netanyahu = out
        .iter()
        .filter(|a| a.label == ENTITY && quote(&text, a) == "Netanyahu")
        .collect::<Vec<_>>();
    assert!(!netanyahu.is_empty());
    assert!(netanyahu.iter().all(|a| a.kind.as_deref() == Some("PER")));
    // Sentence-initial common words are not names.
    for word in [
        "The",
        "While",
        "Although",
        "Speaking",
        "Tensions",
        "Alongside",
    ] {
        assert!(
            !out.iter()
                .any(|a| a.label == ENTITY && quote(&text, a).starts_with(word)),
            "{word}"
        );
    }
}

#[test]
fn the_president_is_the_french_president_named_before() {
    // "“France is ready …,” the president said." — the article introduced
    // him as "French President Emmanuel Macron".
    let (text, out) = suggestions();
    assert_eq!(
        speaker_of(&text, &out, "France is ready").as_deref(),
        Some("Emmanuel Macron")
    );
}
