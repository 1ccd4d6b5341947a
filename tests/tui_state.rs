//! The TUI's state machine driven by key sequences through the live keymap,
//! with no terminal: keys -> actions -> state and effects.
#![allow(clippy::string_slice)] // tests: a bad index fails the test, which is what we want

use hashiya::annotation::{Status, attr};
use hashiya::app::{self, Action, Browser, Effect, Entry, Overlay, Screen, Settings, State};
use hashiya::corpus::LabelSet;
use hashiya::ui::Keymap;
use hashiya::ui::keymap::{action_for, parse_key};

#[path = "support/tui.rs"]
mod tui_support;
use tui_support::keys;

fn state_with(texts: &[(&str, &str)]) -> State {
    tui_support::state_with(texts, (100, 30), true)
}

const AR: &str = "قال الرئيس إن الاقتصاد ينمو\n\nوأكد أَحْمَـد أن 1,250 حاوية وصلت";
const EN: &str =
    "The president said the economy grows\n\nAhmad confirmed that 1,250 containers arrived";

/// Type text into a prompt, then Enter.
fn type_text(st: &mut State, text: &str) -> Vec<Effect> {
    let mut out = Vec::new();
    for c in text.chars() {
        out.extend(app::update(st, Action::Input(app::Input::Char(c))));
    }
    out.extend(app::update(st, Action::Input(app::Input::Enter)));
    out
}

fn quote_of(st: &State, doc: usize, i: usize) -> String {
    st.docs[doc].anns[i].quote.clone()
}

#[test]
fn arabic_goes_right_tab_switches_and_s_swaps() {
    let mut st = state_with(&[("ar.txt", AR), ("en.txt", EN)]);
    assert_eq!(
        st.docs[st.panes[1].doc].name, "ar.txt",
        "Arabic pane on the right"
    );
    assert_eq!(st.active, 0);
    keys(&mut st, "tab");
    assert_eq!(st.active, 1);
    keys(&mut st, "s");
    assert_eq!(st.docs[st.panes[0].doc].name, "ar.txt");
    assert_eq!(
        st.active, 0,
        "the active document stays active after a swap"
    );
}

#[test]
fn word_motion_select_and_tag_a_claim_saves() {
    let mut st = state_with(&[("ar.txt", AR), ("en.txt", EN)]);
    // Arabic pane; move to the second word, select two words.
    let fx = keys(&mut st, "tab w v E E");
    assert!(fx.is_empty());
    let doc = st.panes[1].doc;
    let sel = st.selection(1).unwrap();
    assert_eq!(&st.docs[doc].text[sel], "الرئيس إن");
    let fx = keys(&mut st, "c");
    assert_eq!(fx, vec![Effect::Save(doc)]);
    let a = &st.docs[doc].anns[0];
    assert_eq!((a.label.as_str(), a.quote.as_str()), ("claim", "الرئيس إن"));
    assert_eq!(a.annotator, "tester");
    assert_eq!(a.status, Status::Accepted);
    assert!(st.docs[doc].dirty);
    assert_eq!(st.panes[1].anchor, None, "tagging ends the selection");
}

#[test]
fn entity_asks_for_its_type_and_undo_redo_round_trip() {
    let mut st = state_with(&[("en.txt", EN)]);
    // Cursor on "The"; the word under the cursor is tagged when nothing is selected.
    keys(&mut st, "} e");
    assert!(matches!(st.overlay, Overlay::Menu { .. }));
    keys(&mut st, "2"); // PER ORG LOC MISC -> ORG
    assert_eq!(st.docs[0].anns.len(), 1);
    assert_eq!(st.docs[0].anns[0].kind.as_deref(), Some("ORG"));
    assert_eq!(quote_of(&st, 0, 0), "Ahmad");
    let fx = keys(&mut st, "u");
    assert_eq!(fx, vec![Effect::Save(0)]);
    assert!(st.docs[0].anns.is_empty());
    keys(&mut st, "ctrl-r");
    assert_eq!(quote_of(&st, 0, 0), "Ahmad");
    // Relabel through the menu: r then "c" picks claim (no types).
    keys(&mut st, "r c");
    assert_eq!(st.docs[0].anns[0].label, "claim");
    assert_eq!(st.docs[0].anns[0].kind, None);
    keys(&mut st, "d");
    assert!(st.docs[0].anns.is_empty());
    keys(&mut st, "u");
    assert_eq!(
        st.docs[0].anns[0].label, "claim",
        "undo restores the relabelled one"
    );
}

#[test]
fn figure_attributes_note_and_speaker() {
    let mut st = state_with(&[("en.txt", EN)]);
    keys(&mut st, "} e 1"); // Ahmad: entity PER
    keys(&mut st, "w w w v E");
    let sel = st.selection(0).unwrap();
    assert_eq!(&st.docs[0].text[sel], "1,250");
    keys(&mut st, "f a");
    type_text(&mut st, "1250");
    type_text(&mut st, "containers");
    let fig = st.docs[0]
        .anns
        .iter()
        .find(|a| a.label == "figure")
        .unwrap();
    assert_eq!(fig.attrs.get(attr::VALUE).map(String::as_str), Some("1250"));
    assert_eq!(
        fig.attrs.get(attr::UNIT).map(String::as_str),
        Some("containers")
    );
    keys(&mut st, "m");
    type_text(&mut st, "checked against the port's statement");
    let fig = st.docs[0]
        .anns
        .iter()
        .find(|a| a.label == "figure")
        .unwrap();
    assert_eq!(
        fig.note.as_deref(),
        Some("checked against the port's statement")
    );
    // A claim whose speaker is the entity "Ahmad".
    keys(&mut st, "{ v ) c a");
    type_text(&mut st, "ahmad");
    let ent = st.docs[0]
        .anns
        .iter()
        .find(|a| a.label == "entity")
        .unwrap()
        .id
        .clone();
    let claim = st.docs[0].anns.iter().find(|a| a.label == "claim").unwrap();
    assert_eq!(claim.quote, "Ahmad confirmed that 1,250 containers arrived");
    assert_eq!(claim.attrs.get(attr::SPEAKER), Some(&ent));
}

#[test]
fn link_two_annotations_across_panes() {
    let mut st = state_with(&[("ar.txt", AR), ("en.txt", EN)]);
    let (en, ar) = (st.panes[0].doc, st.panes[1].doc);
    keys(&mut st, "} w w w v E f"); // 1,250 in English
    assert_eq!(quote_of(&st, en, 0), "1,250");
    let fx = keys(&mut st, "L");
    assert!(fx.is_empty());
    assert!(st.link_from.is_some());
    keys(&mut st, "tab } w w w v E f");
    assert_eq!(quote_of(&st, ar, 0), "1,250");
    let mut fx = keys(&mut st, "L");
    fx.sort_by_key(|e| format!("{e:?}"));
    let mut want = vec![Effect::Save(en), Effect::Save(ar)];
    want.sort_by_key(|e| format!("{e:?}"));
    assert_eq!(fx, want, "both documents are saved");
    let (a_en, a_ar) = (&st.docs[en].anns[0], &st.docs[ar].anns[0]);
    assert_eq!(a_en.links[0].target, format!("ar.txt#{}", a_ar.id));
    assert_eq!(a_ar.links[0].target, format!("en.txt#{}", a_en.id));
    assert_eq!(a_en.links[0].kind, "translation");
    // One undo takes back both halves of the link.
    keys(&mut st, "u");
    assert!(st.docs[en].anns[0].links.is_empty() && st.docs[ar].anns[0].links.is_empty());
}

#[test]
fn search_ignores_harakat_tatweel_and_alef_forms() {
    let mut st = state_with(&[("ar.txt", AR)]);
    keys(&mut st, "/");
    type_text(&mut st, "احمد");
    let sel = st.selection(0).unwrap();
    assert_eq!(&st.docs[0].text[sel], "أَحْمَـد");
    keys(&mut st, "n");
    assert_eq!(
        &st.docs[0].text[st.selection(0).unwrap()],
        "أَحْمَـد",
        "the only match wraps to itself"
    );
}

#[test]
fn help_and_list_overlays_take_the_keys() {
    let mut st = state_with(&[("en.txt", EN)]);
    keys(&mut st, "?");
    assert!(matches!(st.overlay, Overlay::Help { .. }));
    keys(&mut st, "esc");
    assert_eq!(st.overlay, Overlay::None);
    keys(&mut st, "c } c A");
    assert!(matches!(st.overlay, Overlay::List { .. }));
    keys(&mut st, "j enter");
    assert_eq!(st.overlay, Overlay::None);
    assert_eq!(
        st.panes[0].cursor,
        EN.find("Ahmad").unwrap(),
        "jumped to the second annotation"
    );
}

#[test]
fn browser_filter_words_match_what_has_been_read() {
    use hashiya::corpus::DocStatus;
    let entry = |rel: &str, lang: &str, status, problems, scanned| Entry {
        path: format!("/c/{rel}").into(),
        rel: rel.into(),
        lang: lang.into(),
        status,
        problems,
        scanned,
        ..Entry::default()
    };
    let mut browser = Browser {
        root: "/c".into(),
        entries: vec![
            entry("News/a_ar.txt", "ar", DocStatus::Done, 0, true),
            entry("news/a_en.txt", "en", DocStatus::InProgress, 2, true),
            entry("sport/b_ar.txt", "ar", DocStatus::Todo, 0, true),
            // Listed from its name; its language is not read yet.
            entry("news/c_ar.txt", "", DocStatus::Todo, 0, false),
        ],
        scanning: Some((3, 4)),
        ..Browser::default()
    };
    browser.entries[0].partner = Some(1);
    browser.entries[1].partner = Some(0);
    let shown = |b: &mut Browser, filter: &str| {
        b.filter = filter.into();
        b.visible()
    };
    // Path words: every word, in any case, anywhere in the path.
    assert_eq!(shown(&mut browser, "NEWS"), [0, 1, 3]);
    assert_eq!(shown(&mut browser, "news _ar"), [0, 3]);
    assert!(!browser.filter_incomplete(), "names are all known");
    // Fields need the scan: the unread entry matches none of them yet.
    assert_eq!(shown(&mut browser, "lang:ar"), [0, 2]);
    assert!(browser.filter_incomplete());
    assert_eq!(shown(&mut browser, "news lang:ar"), [0]);
    assert_eq!(shown(&mut browser, "status:prog"), [1]);
    assert_eq!(shown(&mut browser, "status:do"), [0, 2], "todo and done");
    assert_eq!(shown(&mut browser, "has:prob"), [1]);
    // Partners are declared in the manifest: known before the scan.
    assert_eq!(shown(&mut browser, "has:partner"), [0, 1]);
    assert!(!browser.filter_incomplete());
    // An unknown field is a path word.
    assert_eq!(shown(&mut browser, "kind:x"), Vec::<usize>::new());
    // Once read, the entry matches like any other.
    browser.entries[3].lang = "ar".into();
    browser.entries[3].scanned = true;
    browser.scanning = None;
    assert_eq!(shown(&mut browser, "lang:ar"), [0, 2, 3]);
    assert!(!browser.filter_incomplete());
}

#[test]
fn browser_filters_and_opens_the_pair() {
    let entries = vec![
        Entry {
            path: "/c/a-ar.txt".into(),
            rel: "a-ar.txt".into(),
            partner: Some(1),
            ..Entry::default()
        },
        Entry {
            path: "/c/a-en.txt".into(),
            rel: "a-en.txt".into(),
            partner: Some(0),
            ..Entry::default()
        },
        Entry {
            path: "/c/b.txt".into(),
            rel: "b.txt".into(),
            ..Entry::default()
        },
    ];
    let browser = Browser {
        root: "/c".into(),
        entries,
        ..Browser::default()
    };
    let mut st = State::new(Settings::default(), LabelSet::default(), browser);
    assert_eq!(st.screen, Screen::Browser);
    for c in "en".chars() {
        let ev = parse_key(&c.to_string()).unwrap();
        let a = action_for(&st, &Keymap::default(), &ev).unwrap();
        app::update(&mut st, a);
    }
    assert_eq!(st.browser.visible(), vec![1]);
    let fx = keys(&mut st, "enter");
    assert_eq!(
        fx,
        vec![Effect::Open(vec![
            "/c/a-en.txt".into(),
            "/c/a-ar.txt".into()
        ])]
    );
    let fx = keys(&mut st, "ctrl-o");
    assert_eq!(fx, vec![Effect::Open(vec!["/c/a-en.txt".into()])]);
}

#[test]
fn quit_saves_dirty_documents_and_a_failed_save_asks_again() {
    let mut st = state_with(&[("en.txt", EN)]);
    keys(&mut st, "c");
    app::update(
        &mut st,
        Action::Saved {
            doc: 0,
            result: Err("disk full".into()),
        },
    );
    assert!(st.docs[0].dirty && st.docs[0].save_error.is_some());
    let fx = keys(&mut st, "q");
    assert!(fx.is_empty(), "first quit only warns: {fx:?}");
    assert!(st.message.as_ref().unwrap().1.contains("not saved"));
    let fx = keys(&mut st, "q");
    assert_eq!(fx, vec![Effect::Save(0), Effect::Quit]);
    assert!(st.quitting_anyway());
}

#[test]
fn scrolling_keeps_the_cursor_on_screen() {
    let text: String = (0..200)
        .map(|i| format!("Paragraph number {i} with some words.\n"))
        .collect();
    let mut st = state_with(&[("long.txt", &text)]);
    st.size = (60, 12); // 9 text rows
    keys(&mut st, "space");
    assert!(st.scroll.bead > 0);
    let b = st.panes[0].cursor;
    assert!(
        text[..b].matches('\n').count() >= st.scroll.bead,
        "cursor follows the page"
    );
    keys(&mut st, "G");
    assert!(
        st.scroll.bead >= 195,
        "end shows the last paragraphs: {:?}",
        st.scroll
    );
    keys(&mut st, "g");
    assert_eq!(st.scroll, app::Scroll::default());
    keys(&mut st, "ctrl-e ctrl-e");
    assert_eq!(
        (st.scroll.bead, st.scroll.row),
        (1, 0),
        "two rows: a paragraph and its gap"
    );
}

#[test]
fn mouse_click_drag_and_double_click_map_cells_to_offsets() {
    use hashiya::app::Mouse;
    // One pane, text from x=1 on row 1: "one two three" (offset = x - 1);
    // row 2 is the gap; row 3: "four five" (offset = 14 + x - 1).
    let mut st = state_with(&[("en.txt", "one two three\nfour five")]);
    st.size = (40, 10);
    app::update(&mut st, Action::Mouse(Mouse::Down { x: 5, y: 1 }));
    assert_eq!((st.panes[0].cursor, st.panes[0].anchor), (4, None));
    app::update(&mut st, Action::Mouse(Mouse::Drag { x: 9, y: 1 }));
    assert_eq!(&st.docs[0].text[st.selection(0).unwrap()], "two t");
    app::update(&mut st, Action::Mouse(Mouse::DoubleClick { x: 11, y: 1 }));
    assert_eq!(&st.docs[0].text[st.selection(0).unwrap()], "three");
    app::update(&mut st, Action::Mouse(Mouse::Down { x: 2, y: 3 }));
    assert_eq!((st.panes[0].cursor, st.panes[0].anchor), (15, None));
    app::update(&mut st, Action::Mouse(Mouse::Down { x: 2, y: 2 }));
    assert_eq!(st.panes[0].cursor, 15, "a click on the gap changes nothing");
}

#[test]
fn mouse_in_the_arabic_pane_activates_it_and_hits_the_right_letter() {
    use hashiya::app::Mouse;
    // 81 columns: right pane text from x=42, 38 wide. "كتب عمر" is 7 cells,
    // right-aligned: indent 31, cells at x = 73..=79, in visual order
    // ر م ع ␠ ب ت ك. x=75 shows ع, the first letter of the second word.
    let mut st = state_with(&[("en.txt", "one two"), ("ar.txt", "كتب عمر")]);
    st.size = (81, 10);
    app::update(&mut st, Action::Mouse(Mouse::Down { x: 75, y: 1 }));
    assert_eq!(st.active, 1);
    assert_eq!(st.panes[1].cursor, "كتب ".len());
    app::update(&mut st, Action::Mouse(Mouse::Drag { x: 73, y: 1 }));
    assert_eq!(
        &st.docs[st.panes[1].doc].text[st.selection(1).unwrap()],
        "عمر"
    );
}
