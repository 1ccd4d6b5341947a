//! Reviewing suggestions in the reader (issue 16): `y`/`x` act on the
//! suggestion under the cursor and move to the next one, and `]` from there
//! does not skip one, so the `] y ] y` rhythm reviews every suggestion in
//! order. The status line names the suggestion under the cursor.

#[path = "support/tui.rs"]
mod tui_support;

use std::collections::BTreeMap;

use hashiya::annotation::{Annotation, Status};
use tui_support::*;

const TEXT: &str = "News. Ali met Omar in Cairo. Sara saw Huda, Zaid and Mona there.\n";
const NAMES: [&str; 7] = ["Ali", "Omar", "Cairo", "Sara", "Huda", "Zaid", "Mona"];

fn suggestion(k: usize, name: &str) -> Annotation {
    let start = TEXT.find(name).expect("name in the text");
    Annotation {
        id: format!("s{k}"),
        label: "entity".into(),
        kind: Some(if name == "Cairo" { "LOC" } else { "PER" }.into()),
        span: start..start + name.len(),
        quote: name.into(),
        annotator: "hashiya-suggest".into(),
        created: "2026-12-01T10:00:00Z".into(),
        modified: "2026-12-01T10:00:00Z".into(),
        note: None,
        attrs: BTreeMap::new(),
        status: Status::Suggested,
        links: Vec::new(),
        review: None,
    }
}

fn reviewing() -> hashiya::app::State {
    let mut st = state_with(&[("a.txt", TEXT)], (120, 20), false);
    for (k, n) in NAMES.iter().enumerate() {
        st.docs[0].anns.insert(suggestion(k, n)).expect("insert");
    }
    st
}

/// The status of each suggestion, in text order.
fn statuses(st: &hashiya::app::State) -> Vec<Status> {
    (0..NAMES.len())
        .map(|k| st.docs[0].ann(&format!("s{k}")).expect("kept").status)
        .collect()
}

fn status_line(st: &hashiya::app::State) -> String {
    let buf = draw(st, &fallback_ui());
    let y = st.size.1 - 2;
    (0..st.size.0)
        .map(|x| buf[(x, y)].symbol().to_string())
        .collect()
}

#[test]
fn next_then_review_reviews_every_suggestion_in_order() {
    use Status::*;
    let mut st = reviewing();
    keys(&mut st, "] y ] y ] x ] y ] y");
    assert_eq!(
        statuses(&st),
        [Accepted, Accepted, Rejected, Accepted, Accepted, Suggested, Suggested]
    );
    // The cursor waits on the sixth, and the status line says what it is.
    assert_eq!(
        st.panes[st.active].cursor,
        TEXT.find("Zaid").expect("Zaid")
    );
    let line = status_line(&st);
    assert!(
        line.contains("suggestion: entity PER by hashiya-suggest (2 left)"),
        "{line}"
    );
    // y alone also goes one by one.
    keys(&mut st, "y");
    assert_eq!(statuses(&st)[5], Accepted);
    assert_eq!(statuses(&st)[6], Suggested);
    assert!(status_line(&st).contains("(1 left)"));
}

#[test]
fn two_nexts_after_a_review_move_on_once() {
    let mut st = reviewing();
    // ] to Ali, y (now on Omar), ] stays on Omar, ] goes to Cairo.
    keys(&mut st, "] y ] ]");
    assert_eq!(st.panes[st.active].cursor, TEXT.find("Cairo").expect("Cairo"));
    assert!(message(&st).contains("entity LOC"), "{}", message(&st));
    // Moving away forgets where the review landed: ] goes to the next one.
    let mut st = reviewing();
    keys(&mut st, "] y l ]");
    assert_eq!(st.panes[st.active].cursor, TEXT.find("Cairo").expect("Cairo"));
}

#[test]
fn no_suggestion_under_the_cursor_changes_nothing() {
    let mut st = reviewing();
    keys(&mut st, "y");
    assert!(message(&st).contains("no suggestion under the cursor"));
    assert!(statuses(&st).iter().all(|s| *s == Status::Suggested));
    assert!(status_line(&st).contains("7 suggestions left"));
}
