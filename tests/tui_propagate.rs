//! Tagging an entity suggests its other occurrences in the same document
//! (Arabic-aware), as one undoable step; the review keys then work on them.
//! Key sequences -> state with no terminal, and one screen on `TestBackend`.
//! Expected spans are located by hand in the texts below.
#![allow(clippy::string_slice)] // tests: a bad index fails the test, which is what we want

use std::ops::Range;

use hashiya::annotation::{Annotation, Status};
use hashiya::app::{Effect, State};
use hashiya::ui::{self, Keymap, Theme, Ui};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::style::Modifier;

#[path = "support/tui.rs"]
mod tui_support;
use tui_support::{keys, message};

fn state_with(texts: &[(&str, &str)], size: (u16, u16)) -> State {
    tui_support::state_with(texts, size, false)
}

// ماكرون four more times: with harakat, after the clitic و, after the
// clitic ل, with a tatweel; and once inside the longer word ماكرونات, which
// is another word and must not be suggested.
const AR: &str = "قال ماكرون إن فرنسا معكم\n\nوأكد مَاكْرُون أن ماكرونات ليست وماكرون\n\nقالت لماكرون إن ماكـرون هنا";
const EN: &str = "Hamas met the press. Hamasville is a town. Hamas left.";

/// The byte range of `word` found after `prefix` (a clitic or nothing) at
/// the first place `prefix + word` occurs.
fn at(text: &str, prefix: &str, word: &str) -> Range<usize> {
    let s = text.find(&format!("{prefix}{word}")).unwrap() + prefix.len();
    s..s + word.len()
}

fn sorted(anns: &[Annotation]) -> Vec<&Annotation> {
    let mut v: Vec<&Annotation> = anns.iter().collect();
    v.sort_by_key(|a| a.span.start);
    v
}

fn expected_suggestions() -> Vec<Range<usize>> {
    vec![
        at(AR, "", "مَاكْرُون"),
        at(AR, " و", "ماكرون"),
        at(AR, " ل", "ماكرون"),
        at(AR, "", "ماكـرون"),
    ]
}

#[test]
fn tagging_an_entity_suggests_its_other_occurrences() {
    let mut st = state_with(&[("ar.txt", AR)], (100, 30));
    // w: to ماكرون; e: entity; 1: the first type, PER.
    let eff = keys(&mut st, "w e 1");
    assert_eq!(eff, vec![Effect::Save(0)]);
    let anns = sorted(st.docs[0].anns.as_slice());
    assert_eq!(anns.len(), 5, "{anns:#?}");
    let tag = anns[0];
    assert_eq!(tag.span, at(AR, "قال ", "ماكرون"));
    assert_eq!(tag.status, Status::Accepted);
    assert_eq!(tag.annotator, "tester");
    let got: Vec<Range<usize>> = anns[1..].iter().map(|a| a.span.clone()).collect();
    assert_eq!(got, expected_suggestions());
    for a in &anns[1..] {
        assert_eq!(a.label, "entity");
        assert_eq!(a.kind.as_deref(), Some("PER"));
        assert_eq!(a.status, Status::Suggested);
        assert_eq!(a.quote, AR[a.span.clone()]);
    }
    // The harakat and the tatweel stay in the quotes: exact offsets.
    assert_eq!(anns[1].quote, "مَاكْرُون");
    assert_eq!(anns[4].quote, "ماكـرون");
    // ماكرونات is left alone.
    let longer = at(AR, "", "ماكرونات");
    assert!(
        !anns
            .iter()
            .any(|a| a.span.start < longer.end && longer.start < a.span.end)
    );
    let m = message(&st);
    assert!(
        m.contains("tagged as entity (PER)") && m.contains("4 more occurrences suggested"),
        "{m}"
    );
}

#[test]
fn one_undo_takes_back_the_tag_and_its_suggestions() {
    let mut st = state_with(&[("ar.txt", AR)], (100, 30));
    keys(&mut st, "w e 1");
    assert_eq!(st.docs[0].anns.len(), 5);
    let eff = keys(&mut st, "u");
    assert_eq!(eff, vec![Effect::Save(0)]);
    assert!(st.docs[0].anns.is_empty(), "{:#?}", st.docs[0].anns);
    keys(&mut st, "U");
    assert_eq!(st.docs[0].anns.len(), 5);
    let suggested = st.docs[0]
        .anns
        .iter()
        .filter(|a| a.status == Status::Suggested)
        .count();
    assert_eq!(suggested, 4);
}

#[test]
fn the_review_keys_walk_accept_and_reject_the_suggestions() {
    let mut st = state_with(&[("ar.txt", AR)], (100, 30));
    keys(&mut st, "w e 1");
    let want = expected_suggestions();
    let status_at = |st: &State, r: &Range<usize>| {
        st.docs[0]
            .anns
            .iter()
            .find(|a| &a.span == r)
            .map(|a| a.status)
            .unwrap()
    };
    keys(&mut st, "]");
    assert_eq!(st.panes[0].cursor, want[0].start);
    // y accepts and moves on; x rejects and moves on.
    keys(&mut st, "y");
    assert_eq!(status_at(&st, &want[0]), Status::Accepted);
    assert_eq!(st.panes[0].cursor, want[1].start);
    keys(&mut st, "x");
    assert_eq!(status_at(&st, &want[1]), Status::Rejected);
    assert_eq!(st.panes[0].cursor, want[2].start);
    // Y accepts the rest of this label and type.
    keys(&mut st, "Y");
    assert_eq!(status_at(&st, &want[2]), Status::Accepted);
    assert_eq!(status_at(&st, &want[3]), Status::Accepted);
    assert!(
        !st.docs[0]
            .anns
            .iter()
            .any(|a| a.status == Status::Suggested)
    );
}

#[test]
fn spans_with_an_entity_annotation_of_any_status_are_not_suggested_again() {
    let mut st = state_with(&[("ar.txt", AR)], (100, 30));
    keys(&mut st, "w e 1");
    let want = expected_suggestions();
    // Reject the first suggestion, then delete the tag and tag it again.
    keys(&mut st, "] x g w d");
    assert_eq!(st.docs[0].anns.len(), 4, "the tag is deleted");
    keys(&mut st, "e 1");
    let anns = &st.docs[0].anns;
    assert_eq!(anns.len(), 5, "{anns:#?}");
    let meeting = |r: &Range<usize>| {
        anns.iter()
            .filter(|a| a.span.start < r.end && r.start < a.span.end)
            .collect::<Vec<_>>()
    };
    let rejected = meeting(&want[0]);
    assert_eq!(rejected.len(), 1);
    assert_eq!(rejected[0].status, Status::Rejected);
    for r in &want[1..] {
        assert_eq!(meeting(r).len(), 1, "no second suggestion at {r:?}");
    }
    let m = message(&st);
    assert!(!m.contains("more occurrence"), "{m}");
}

#[test]
fn only_whole_words_of_the_same_document_and_only_entities() {
    let mut st = state_with(&[("en.txt", EN), ("ar.txt", AR)], (120, 30));
    assert_eq!(st.docs[st.panes[0].doc].name, "en.txt");
    // A claim does not propagate.
    keys(&mut st, "c");
    assert_eq!(st.docs[0].anns.len(), 1);
    keys(&mut st, "u");
    assert!(st.docs[0].anns.is_empty());
    // An entity does, to the last Hamas only (not Hamasville), and not into
    // the Arabic pane.
    keys(&mut st, "e 2");
    let anns = sorted(st.docs[0].anns.as_slice());
    assert_eq!(anns.len(), 2, "{anns:#?}");
    assert_eq!(anns[0].kind.as_deref(), Some("ORG"));
    let last = EN.rfind("Hamas").unwrap();
    assert_eq!(anns[1].span, last..last + 5);
    assert_eq!(anns[1].status, Status::Suggested);
    assert_eq!(anns[1].kind.as_deref(), Some("ORG"));
    assert!(st.docs[1].anns.is_empty());
    assert!(
        message(&st).contains("1 more occurrence suggested"),
        "{}",
        message(&st)
    );
}

#[test]
fn the_suggested_occurrence_is_drawn_as_a_suggestion() {
    // One pane, 80 columns: the left-to-right text starts at x = 1, so
    // character i of "Hamas met Hamas." is at x = 1 + i: the tag on x 1..=5,
    // the suggestion on x 11..=15.
    let mut st = state_with(&[("en.txt", "Hamas met Hamas.")], (80, 6));
    keys(&mut st, "e 2");
    let ui = Ui {
        theme: Theme::fallback(),
        keymap: Keymap::default(),
    };
    let mut term = Terminal::new(TestBackend::new(80, 6)).unwrap();
    term.draw(|f| ui::draw(f, &st, &ui)).unwrap();
    let buf = term.backend().buffer().clone();
    let entity = ui.theme.label("entity");
    let text: String = (1..17u16)
        .map(|x| buf[(x, 1)].symbol().to_string())
        .collect();
    assert_eq!(text, "Hamas met Hamas.");
    for x in 0..80u16 {
        let c = &buf[(x, 1)];
        let tagged = (1..=5).contains(&x);
        let suggested = (11..=15).contains(&x);
        // The tag is under the cursor: its label's full color behind it,
        // underlined (left-to-right text).
        assert_eq!(c.bg == entity.solid.bg, tagged, "x={x} {c:?}");
        assert_eq!(
            c.modifier.contains(Modifier::UNDERLINED),
            tagged,
            "x={x} {c:?}"
        );
        // The suggestion: the label's color as text, italic, no background.
        assert_eq!(c.fg == entity.color, suggested, "x={x} {c:?}");
        assert_eq!(
            c.modifier.contains(Modifier::ITALIC),
            suggested,
            "x={x} {c:?}"
        );
        if suggested {
            assert_eq!(c.bg, ratatui::style::Color::Reset);
        }
    }
    let msg: String = (0..80u16)
        .map(|x| buf[(x, 5)].symbol().to_string())
        .collect();
    assert!(
        msg.trim_end()
            .ends_with("tagged as entity (ORG) · 1 more occurrence suggested (] goes there)"),
        "{msg}"
    );
}

#[test]
fn relabelling_an_annotation_as_an_entity_propagates_too() {
    let mut st = state_with(&[("en.txt", EN)], (100, 30));
    keys(&mut st, "c");
    assert_eq!(st.docs[0].anns.len(), 1);
    // r: change the label; the menu lists claim, figure, entity: 3 is
    // entity, then 2 is ORG.
    keys(&mut st, "r 3 2");
    let anns = sorted(st.docs[0].anns.as_slice());
    assert_eq!(anns.len(), 2, "{anns:#?}");
    assert_eq!(
        (anns[0].label.as_str(), anns[0].status),
        ("entity", Status::Accepted)
    );
    let last = EN.rfind("Hamas").unwrap();
    assert_eq!(anns[1].span, last..last + 5);
    assert_eq!(anns[1].status, Status::Suggested);
    // One undo brings the claim back and drops the suggestion.
    keys(&mut st, "u");
    assert_eq!(st.docs[0].anns.len(), 1);
    assert_eq!(st.docs[0].anns[0].label, "claim");
}
