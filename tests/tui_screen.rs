//! Screens drawn on ratatui's `TestBackend` at fixed sizes: text and styles.
//! Expected columns below are worked out by hand from the text (see the
//! comments), not copied from the program's output.
#![allow(clippy::string_slice)] // tests: a bad index fails the test, which is what we want

use hashiya::app::{self};
use hashiya::ui::{Keymap, Theme, Ui};
use ratatui::buffer::Buffer;
use ratatui::style::{Color, Modifier};

#[path = "support/tui.rs"]
mod tui_support;
use tui_support::{draw, keys, state_with};

fn ui_with(theme: Theme) -> Ui {
    Ui {
        theme,
        keymap: Keymap::default(),
    }
}

fn row(buf: &Buffer, y: u16) -> Vec<String> {
    (0..buf.area.width)
        .map(|x| buf[(x, y)].symbol().to_string())
        .collect()
}

// themes/dark.toml labels.claim #e5c07b at 40% over black (the dark theme's
// tint): 0.4 × (229, 192, 123) rounded.
const CLAIM_TINT: Color = Color::Rgb(92, 77, 49);
const SELECTION: Color = Color::Rgb(0x50, 0x50, 0x50); // themes/dark.toml ui.selection

#[test]
fn arabic_cells_are_shaped_in_visual_order_right_aligned_and_the_claim_covers_its_word() {
    // "كتب عمر": 7 cells. One pane 40 wide: text from x=1, 38 columns, so the
    // RTL line is indented 38-7 = 31 and its cells sit at x = 32..=38.
    let mut st = state_with(&[("ar.txt", "كتب عمر")], (40, 6), true);
    keys(&mut st, "w c g"); // tag the second word (عمر) as a claim, cursor back to the start
    assert_eq!(st.docs[0].anns[0].quote, "عمر");
    let ui = ui_with(Theme::fallback());
    let buf = draw(&st, &ui);
    let r = row(&buf, 1);
    // Visual order, left to right: ر final, م medial, ع initial, space,
    // ب final, ت medial, ك initial (Arabic Presentation Forms-B).
    let want = [
        "\u{FEAE}", "\u{FEE4}", "\u{FECB}", " ", "\u{FE90}", "\u{FE98}", "\u{FEDB}",
    ];
    assert_eq!(&r[32..39], &want);
    assert!(
        r[..32].iter().all(|s| s == " "),
        "left of the text is padding: {r:?}"
    );
    assert_eq!(r[39], " ", "right margin");
    // The claim's highlight: exactly the three cells of عمر (x = 32, 33, 34),
    // a background tint in the terminal's own text color, never an
    // underline (it would cross the dots below Arabic letters).
    for x in 0..40u16 {
        let c = &buf[(x, 1)];
        assert_eq!(c.bg == CLAIM_TINT, (32..=34).contains(&x), "x={x} {c:?}");
        assert!(!c.modifier.contains(Modifier::UNDERLINED), "x={x} {c:?}");
        if (32..=34).contains(&x) {
            assert_eq!(c.fg, Color::Reset);
        }
    }
    // The cursor is on ك (logical start = rightmost cell).
    assert!(buf[(38, 1)].modifier.contains(Modifier::REVERSED));
    assert!(!buf[(32, 1)].modifier.contains(Modifier::REVERSED));
    // Status line: name, counts per label, saved state (no store: nothing pending), annotator.
    let status: String = row(&buf, 4).concat();
    assert!(status.contains("ar.txt"), "{status}");
    assert!(status.contains("claim 1 · figure 0"), "{status}");
    // At 40 columns the rest is cut with an ellipsis, not wrapped.
    assert!(status.trim_end().ends_with('…'), "{status}");
}

#[test]
fn a_selection_split_by_bidi_is_drawn_where_its_characters_are() {
    // "قال Joe Biden اليوم", unshaped. Visual order of the RTL paragraph:
    // "مويلا Joe Biden لاق" (19 cells; the Latin run keeps its order, the
    // spaces next to Arabic belong to the RTL level). Indent 38-19 = 19, so
    // cell i is at x = 1 + 19 + i.
    let text = "قال Joe Biden اليوم";
    let mut st = state_with(&[("ar.txt", text)], (40, 6), false);
    keys(&mut st, "w w v E E"); // select "Biden اليوم"
    let sel = st.selection(0).unwrap();
    assert_eq!(&text[sel], "Biden اليوم");
    let buf = draw(&st, &ui_with(Theme::fallback()));
    let r = row(&buf, 1);
    assert_eq!(r[20..39].concat(), "مويلا Joe Biden لاق");
    // Selected: "مويلا" and the space after it (i = 0..=5) and "Biden" (i = 10..=14).
    for x in 0..40u16 {
        let i = x as i32 - 20;
        let want = (0..=5).contains(&i) || (10..=14).contains(&i);
        assert_eq!(
            buf[(x, 1)].bg == SELECTION,
            want,
            "x={x} i={i} {:?}",
            buf[(x, 1)]
        );
    }
    // The cursor is on the selection's logical end, م, drawn leftmost.
    assert!(buf[(20, 1)].modifier.contains(Modifier::REVERSED));
}

#[test]
fn side_by_side_paragraphs_start_on_the_same_row() {
    // 81 columns: left pane x=0..40 (text from x=1, 38 wide), separator at
    // x=40, right pane from x=41 (text from x=42, 38 wide).
    let en = "The port of Tyre received its first container ship in two years.\nWork cost 4.5 million dollars.";
    let ar = "استقبل ميناء صور سفينة حاويات\nكلفت الأعمال 4.5 مليون دولار.";
    let st = state_with(&[("en.txt", en), ("ar.txt", ar)], (81, 10), true);
    let buf = draw(&st, &ui_with(Theme::fallback()));
    let text_at = |y: u16, xs: std::ops::Range<u16>| -> String {
        xs.map(|x| buf[(x, y)].symbol().to_string())
            .collect::<String>()
            .trim()
            .to_string()
    };
    assert_eq!(buf[(40, 2)].symbol(), "│");
    // English paragraph 1 wraps onto rows 1-2 (65 characters in 38 columns);
    // the Arabic one fits row 1 and is padded.
    assert_eq!(text_at(1, 1..39), "The port of Tyre received its first");
    assert_eq!(text_at(2, 1..39), "container ship in two years.");
    assert!(!text_at(1, 42..80).is_empty());
    assert_eq!(text_at(2, 42..80), "");
    // Row 3 is the gap; both second paragraphs start on row 4.
    assert_eq!(text_at(3, 0..81).replace('│', ""), "");
    assert_eq!(text_at(4, 1..39), "Work cost 4.5 million dollars.");
    assert!(!text_at(4, 42..80).is_empty());
    // The Arabic line is right-aligned: its last cell is at the pane's last text column.
    assert_ne!(buf[(79, 4)].symbol(), " ");
    // Headers: the active (left) pane is marked.
    assert!(text_at(0, 0..40).starts_with("▶ en.txt"));
    assert!(text_at(0, 41..81).starts_with("ar.txt"));
}

#[test]
fn no_color_keeps_highlights_visible_without_colors() {
    let mut st = state_with(&[("en.txt", "one two three")], (30, 5), true);
    keys(&mut st, "w c g");
    let buf = draw(&st, &ui_with(Theme::fallback().without_color()));
    // "two" is at x = 1 + 4 .. 1 + 7.
    for x in 0..30u16 {
        let c = &buf[(x, 1)];
        assert!(
            c.fg == Color::Reset && c.bg == Color::Reset,
            "x={x}: no colors under NO_COLOR"
        );
        assert_eq!(
            c.modifier.contains(Modifier::UNDERLINED),
            (5..8).contains(&x),
            "x={x}"
        );
    }
}

#[test]
fn help_lists_the_live_bindings_at_80x24() {
    let mut st = state_with(&[("en.txt", "one two three")], (80, 24), true);
    keys(&mut st, "?");
    let mut km = Keymap::default();
    km.reader.push(("ctrl-t".into(), app::Command::TagClaim));
    let ui = Ui {
        theme: Theme::fallback(),
        keymap: km,
    };
    // Page through the help (it scrolls at 80x24) and look for the user's key
    // next to the default one.
    let mut seen = Vec::new();
    for _ in 0..6 {
        let buf = draw(&st, &ui);
        seen.extend((0..24).map(|y| row(&buf, y).concat()));
        app::update(&mut st, app::Action::Cmd(app::Command::PageDown));
    }
    assert!(
        seen.iter()
            .any(|l| l.contains("c ctrl-t") && l.contains("tag the selection as a claim")),
        "{seen:#?}"
    );
}

#[test]
fn tiny_and_odd_sizes_draw_without_panicking() {
    let en = "The port of Tyre received its first container ship in two years.\nWork cost 4.5 million dollars.";
    let ar = "استقبل ميناء صور سفينة حاويات\nكلفت الأعمال 4.5 مليون دولار.";
    for (w, h) in [(1, 1), (2, 2), (5, 3), (20, 4), (33, 7), (200, 50)] {
        let mut st = state_with(&[("en.txt", en), ("ar.txt", ar)], (w, h), true);
        let ui = ui_with(Theme::fallback());
        for seq in [
            "",
            "tab w v E",
            "c",
            "A",
            "esc ?",
            "esc t",
            "esc /",
            "esc G",
            "ctrl-e pagedown",
        ] {
            keys(&mut st, seq);
            app::update(&mut st, app::Action::Resize(w, h));
            draw(&st, &ui);
        }
    }
}

/// At 220 columns the help spans the terminal and every binding of every
/// mode is on it whole: its keys, its command name (as config.toml writes
/// it) and its description, uncut.
#[test]
fn help_uses_the_width_and_names_every_binding() {
    let (w, h) = (220u16, 130u16);
    let mut st = state_with(&[("en.txt", "one two three")], (w, h), true);
    keys(&mut st, "f1");
    let ui = ui_with(Theme::fallback());
    let buf = draw(&st, &ui);
    let rows: Vec<String> = (0..h).map(|y| row(&buf, y).concat()).collect();
    let top = rows.iter().position(|r| r.contains('┌')).unwrap();
    let left = rows[top].chars().position(|c| c == '┌').unwrap();
    let right = rows[top].chars().position(|c| c == '┐').unwrap();
    assert!(right - left + 1 >= (w - 2) as usize, "box {left}..{right}");
    let km = Keymap::default();
    let mut n = 0;
    for mode in [
        hashiya::ui::keymap::Mode::Reader,
        hashiya::ui::keymap::Mode::Browser,
        hashiya::ui::keymap::Mode::List,
    ] {
        for (_, cmd) in km.bindings(mode) {
            let keys = km.keys_for(mode, *cmd).join(" ");
            let found = rows.iter().any(|r| {
                let words: Vec<&str> = r.split_whitespace().collect();
                let line = words.join(" ");
                line.contains(&format!("{keys} {} {}", cmd.name(), cmd.describe()))
            });
            assert!(
                found,
                "{mode:?}: {keys} {} missing:\n{}",
                cmd.name(),
                rows.join("\n")
            );
            n += 1;
        }
    }
    assert!(n > 80, "{n}");
}

/// A paragraph too long to lay out at once (over 64 KiB) is drawn in
/// pieces: paging through the whole document shows every word once, in
/// order, with no blank row where one piece ends and the next begins; `G`
/// reaches its end, and a search finds words across a cut.
#[test]
fn a_long_line_pages_through_whole_and_a_search_crosses_its_cuts() {
    let mut text = String::new();
    let mut i = 0;
    while text.len() < 200_000 {
        text.push_str(&format!("Sentence {i} holds several short words here. "));
        i += 1;
    }
    let text = text.trim_end().to_string();
    let mut st = state_with(&[("long.txt", &text)], (100, 30), true);
    let d = &st.docs[0];
    assert_eq!(d.paras.len(), 1);
    assert!(d.blocks.len() >= 10, "{} blocks", d.blocks.len());
    let cut = d.blocks[1].start;
    let ui = ui_with(Theme::fallback());
    // Text rows are y = 1..28 (header above, status and message below).
    let mut words: Vec<String> = Vec::new();
    let mut last_screen = Vec::new();
    for _ in 0..10_000 {
        let buf = draw(&st, &ui);
        let screen: Vec<String> = (1..28).map(|y| row(&buf, y).concat()).collect();
        if screen == last_screen {
            break;
        }
        // Only the blank row after the paragraph and the empty rows past
        // the document's end may be blank: none before a row of text.
        let after_blank = screen
            .iter()
            .skip_while(|l| !l.trim().is_empty())
            .any(|l| !l.trim().is_empty());
        assert!(
            !after_blank,
            "a blank row inside the paragraph:\n{}",
            screen.join("\n")
        );
        words.extend(
            screen
                .iter()
                .flat_map(|l| l.split_whitespace().map(String::from)),
        );
        last_screen = screen;
        // One screen down, 27 rows (the last may scroll less: its words
        // come twice, which the prefix comparison below allows).
        keys(&mut st, "ctrl-e ".repeat(27).trim_end());
    }
    let want = text.split_whitespace().collect::<Vec<_>>().join(" ");
    let got = words.join(" ");
    let shown = want.len() - 200;
    assert_eq!(
        &got[..shown],
        &want[..shown],
        "the words drawn differ from the text"
    );
    assert!(got.ends_with(&want[want.len() - 100..]));
    // G: the cursor on the last grapheme; the status line says 99%.
    keys(&mut st, "G");
    assert_eq!(st.panes[0].cursor, text.len() - 1);
    let buf = draw(&st, &ui);
    assert!(row(&buf, 28).concat().contains("¶1/1 99%"));
    // A search for the words around the first cut selects exactly them.
    // The cut comes after a sentence: "here. | Sentence N holds"; the
    // phrase "here. Sentence N" first occurs there.
    let from = text[..cut - 2].rfind(' ').unwrap() + 1;
    let second = cut + text[cut..].find(' ').unwrap() + 1;
    let to = second + text[second..].find(' ').unwrap();
    let phrase = &text[from..to];
    assert!(phrase.starts_with("here. Sentence "), "{phrase:?}");
    keys(&mut st, "g g /");
    for c in phrase.chars() {
        app::update(&mut st, app::Action::Input(app::Input::Char(c)));
    }
    app::update(&mut st, app::Action::Input(app::Input::Enter));
    let sel = st.selection(0).expect("the match selected");
    assert_eq!(&text[sel], phrase);
}
