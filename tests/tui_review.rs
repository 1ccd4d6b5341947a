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
        [
            Accepted, Accepted, Rejected, Accepted, Accepted, Suggested, Suggested
        ]
    );
    // The cursor waits on the sixth, and the status line says what it is.
    assert_eq!(st.panes[st.active].cursor, TEXT.find("Zaid").expect("Zaid"));
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
    assert_eq!(
        st.panes[st.active].cursor,
        TEXT.find("Cairo").expect("Cairo")
    );
    assert!(message(&st).contains("entity LOC"), "{}", message(&st));
    // Moving away forgets where the review landed: ] goes to the next one.
    let mut st = reviewing();
    keys(&mut st, "] y l ]");
    assert_eq!(
        st.panes[st.active].cursor,
        TEXT.find("Cairo").expect("Cairo")
    );
}

#[test]
fn a_suggestion_at_the_very_start_is_not_skipped() {
    use Status::*;
    // The cursor starts on "Ali" (offset 0), a suggestion: `]` stops there.
    let text = "Ali met Omar in Cairo.\n";
    let mut st = state_with(&[("a.txt", text)], (120, 20), false);
    for (k, n) in ["Ali", "Omar", "Cairo"].iter().enumerate() {
        let mut a = suggestion(k, n);
        a.span = text.find(n).expect("name")..text.find(n).expect("name") + n.len();
        st.docs[0].anns.insert(a).expect("insert");
    }
    assert_eq!(st.panes[st.active].cursor, 0);
    keys(&mut st, "] y ] x");
    let got: Vec<Status> = (0..3)
        .map(|k| st.docs[0].ann(&format!("s{k}")).expect("kept").status)
        .collect();
    assert_eq!(got, [Accepted, Rejected, Suggested]);
}

#[test]
fn no_suggestion_under_the_cursor_changes_nothing() {
    let mut st = reviewing();
    keys(&mut st, "y");
    assert!(message(&st).contains("no suggestion under the cursor"));
    assert!(statuses(&st).iter().all(|s| *s == Status::Suggested));
    assert!(status_line(&st).contains("7 suggestions left"));
}

const CLAIM_AR: &str = "قال الوزير إن الحكومة سترسل خمسة آلاف جندي إلى الحدود الشمالية قبل نهاية الشهر المقبل لحماية القرى من الهجمات المتكررة";

/// Python's NFKC: Arabic presentation forms (the list shapes its text)
/// back to the letters.
fn nfkc(s: &str) -> String {
    let out = std::process::Command::new("python3")
        .args([
            "-c",
            "import sys, unicodedata; sys.stdout.write(unicodedata.normalize('NFKC', sys.argv[1]))",
            s,
        ])
        .env("PYTHONIOENCODING", "utf-8")
        .output()
        .expect("python3 is needed (Debian package python3)");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("utf-8")
}

/// The row of the list holding `needle` read in logical order (the cells of
/// an Arabic row are in visual order, right to left), NFKC-normalized.
fn list_row_logical(st: &hashiya::app::State, needle_visual: &str) -> Option<String> {
    let buf = draw(st, &fallback_ui());
    (0..st.size.1).find_map(|y| {
        let row: String = (0..st.size.0)
            .map(|x| buf[(x, y)].symbol().to_string())
            .collect();
        row.contains(needle_visual)
            .then(|| nfkc(&row.chars().rev().collect::<String>()))
    })
}

#[test]
fn the_list_shows_the_start_of_an_arabic_claim_its_status_and_filters() {
    let text = format!("{CLAIM_AR}.\n");
    let mut st = state_with(&[("ar.txt", &text)], (100, 20), false);
    let mut claim = suggestion(0, "Ali");
    claim.label = "claim".into();
    claim.kind = None;
    claim.span = 0..CLAIM_AR.len();
    claim.quote = CLAIM_AR.into();
    st.docs[0].anns.insert(claim).expect("insert");
    let mut person = suggestion(1, "Ali");
    person.span = CLAIM_AR.find("الوزير").expect("word")..CLAIM_AR.find(" إن").expect("word");
    person.quote = "الوزير".into();
    person.status = Status::Accepted;
    st.docs[0].anns.insert(person).expect("insert");

    keys(&mut st, "A");
    // The claim's row, in logical order, holds its first words and a `…`
    // after them; its last word is cut off.
    let row = list_row_logical(&st, "claim").expect("the claim's row");
    assert!(row.contains("قال الوزير إن"), "{row}");
    assert!(!row.contains("المتكررة"), "{row}");
    // (NFKC writes the `…` as three dots.)
    assert!(
        row.find("قال").expect("start") < row.find("...").expect("an ellipsis"),
        "{row}"
    );
    assert!(
        row.contains(&"suggested".chars().rev().collect::<String>()),
        "{row}"
    );
    let entity = list_row_logical(&st, "entity:PER").expect("the entity's row");
    assert!(
        entity.contains(&"accepted".chars().rev().collect::<String>()),
        "{entity}"
    );

    // t: suggested only; l: one label at a time.
    keys(&mut st, "t");
    assert_eq!(
        hashiya::app::list_items(&st, hashiya::app::SortBy::Position).len(),
        1
    );
    assert!(list_row_logical(&st, "entity:PER").is_none());
    let title = list_row_logical(&st, "annotation").expect("title");
    assert!(
        title.contains(&"(suggested)".chars().rev().collect::<String>()),
        "{title}"
    );
    keys(&mut st, "t"); // accepted
    assert!(list_row_logical(&st, "entity:PER").is_some());
    let items = hashiya::app::list_items(&st, hashiya::app::SortBy::Position);
    assert_eq!(items.len(), 1);
    assert_eq!(items[0].label, "entity");
    keys(&mut st, "t t"); // rejected, then all
    keys(&mut st, "l"); // the first label of the set
    let first = hashiya::corpus::LabelSet::default().labels[0].name.clone();
    let items = hashiya::app::list_items(&st, hashiya::app::SortBy::Position);
    assert!(items.iter().all(|a| a.label == first), "{first}");
}
