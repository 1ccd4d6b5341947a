//! The figure check of two documents side by side: key sequences -> state
//! (no terminal), and the screen on ratatui's `TestBackend` (marker on the
//! separator, the flagged figure's cells, the flag list). Expected values
//! are worked out by hand from the texts in the comments.
#![allow(clippy::string_slice)] // tests: a bad index fails the test, which is what we want

use hashiya::app::{Effect, Level, Overlay, State};
use hashiya::ui::{Keymap, Theme, Ui};
use ratatui::buffer::Buffer;
use ratatui::style::Modifier;

#[path = "support/tui.rs"]
mod tui_support;
use tui_support::{draw, keys, message};

fn state_with(texts: &[(&str, &str)], size: (u16, u16)) -> State {
    tui_support::state_with(texts, size, false)
}

// Paragraph 2 says 30 in English and 31 in Arabic: one flag. Paragraph 1
// agrees (2020 and 12 on both sides).
const EN: &str = "In 2020 there were 12 cases.\n\nIn 2021 there were 30 cases.";
const AR: &str = "في عام 2020 كانت هناك 12 حالة.\n\nفي عام 2021 كانت هناك 31 حالة.";

#[test]
fn a_changed_number_is_flagged_in_its_pane_with_what_it_was_compared_with() {
    let st = state_with(&[("en.txt", EN), ("ar.txt", AR)], (100, 30));
    assert_eq!(st.docs[st.panes[1].doc].name, "ar.txt");
    assert_eq!(st.beads.len(), 2);
    assert_eq!(st.flags.len(), 1, "{:?}", st.flags);
    let f = &st.flags[0];
    assert_eq!(f.bead, 1);
    // A flag pairing two figures is reported on the target side: the
    // Arabic pane, the right one.
    assert_eq!(f.pane, 1);
    let at = AR.find("31").unwrap();
    assert_eq!(f.span, at..at + 2);
    assert_eq!(f.text, "31");
    assert_eq!(f.other.as_deref(), Some("30"));
    let en30 = EN.find("30").unwrap();
    assert_eq!(f.other_span, Some(en30..en30 + 2));
}

#[test]
fn the_same_value_in_arabic_indic_digits_is_no_flag() {
    let ar = "في عام ٢٠٢٠ كانت هناك ١٢ حالة.\n\nفي عام ٢٠٢١ كانت هناك ٣٠ حالة.";
    let mut st = state_with(&[("en.txt", EN), ("ar.txt", ar)], (100, 30));
    assert!(st.flags.is_empty(), "{:?}", st.flags);
    keys(&mut st, "F");
    assert_eq!(st.overlay, Overlay::None);
    assert!(
        message(&st).starts_with("figures agree"),
        "{}",
        message(&st)
    );
}

#[test]
fn a_figure_with_nothing_facing_it_is_flagged_on_its_own_side() {
    // English paragraph 1 has an extra 7; the Arabic has no figure left.
    let en = "In 2020 there were 12 cases and 7 deaths.\n\nIn 2021 there were 30 cases.";
    let ar = "في عام 2020 كانت هناك 12 حالة.\n\nفي عام 2021 كانت هناك 30 حالة.";
    let st = state_with(&[("en.txt", en), ("ar.txt", ar)], (100, 30));
    assert_eq!(st.flags.len(), 1, "{:?}", st.flags);
    let f = &st.flags[0];
    assert_eq!((f.bead, f.pane, f.text.as_str()), (0, 0, "7"));
    assert_eq!(f.other, None);
    let at = en.find('7').unwrap();
    assert_eq!(f.span, at..at + 1);
}

#[test]
fn f_lists_the_flags_and_enter_jumps_to_the_figure() {
    let mut st = state_with(&[("en.txt", EN), ("ar.txt", AR)], (100, 30));
    assert_eq!(st.active, 0);
    keys(&mut st, "F");
    assert_eq!(st.overlay, Overlay::Flags { sel: 0 });
    // One flag: moving down stays on it.
    keys(&mut st, "j");
    assert_eq!(st.overlay, Overlay::Flags { sel: 0 });
    keys(&mut st, "enter");
    assert_eq!(st.overlay, Overlay::None);
    assert_eq!(st.active, 1, "jumped into the Arabic pane");
    assert_eq!(st.panes[1].cursor, AR.find("31").unwrap());
    let (level, m) = st.message.clone().unwrap();
    assert_eq!(level, Level::Warn);
    assert!(m.contains("31") && m.contains("30"), "{m}");
    // F again opens it, F or Esc closes it.
    keys(&mut st, "F");
    assert!(matches!(st.overlay, Overlay::Flags { .. }));
    keys(&mut st, "F");
    assert_eq!(st.overlay, Overlay::None);
    keys(&mut st, "F esc");
    assert_eq!(st.overlay, Overlay::None);
}

#[test]
fn two_flags_are_listed_disagreements_first_and_the_list_moves() {
    let en = "In 2020 there were 12 cases and 7 deaths.\n\nIn 2021 there were 30 cases.";
    let mut st = state_with(&[("en.txt", en), ("ar.txt", AR)], (100, 30));
    let got: Vec<(usize, usize, &str)> = st
        .flags
        .iter()
        .map(|f| (f.bead, f.pane, f.text.as_str()))
        .collect();
    // As `hashiya qa` ranks them: 30 vs 31 disagrees, before the 7 that
    // has no counterpart, though it comes first in the text.
    assert_eq!(got, [(1, 1, "31"), (0, 0, "7")]);
    keys(&mut st, "F j");
    assert_eq!(st.overlay, Overlay::Flags { sel: 1 });
    keys(&mut st, "k j enter");
    assert_eq!(st.active, 0);
    assert_eq!(st.panes[0].cursor, en.find('7').unwrap());
}

#[test]
fn flags_follow_alignment_edits_and_pane_swaps() {
    let mut st = state_with(&[("en.txt", EN), ("ar.txt", AR)], (100, 30));
    assert_eq!(st.flags[0].bead, 1);
    // Merge the first group with the next: one bead, the flag moves to it.
    let eff = keys(&mut st, "+");
    assert!(eff.contains(&Effect::SaveAlignment), "{eff:?}");
    assert_eq!(st.beads.len(), 1);
    assert_eq!(st.flags.len(), 1);
    assert_eq!((st.flags[0].bead, st.flags[0].pane), (0, 1));
    // Swapping the panes aligns afresh with the Arabic as the source: the
    // pair is now reported on the English side, the right pane.
    keys(&mut st, "s");
    assert_eq!(st.docs[st.panes[0].doc].name, "ar.txt");
    assert_eq!(st.flags.len(), 1);
    let f = &st.flags[0];
    assert_eq!((f.bead, f.pane, f.text.as_str()), (1, 1, "30"));
    assert_eq!(f.other.as_deref(), Some("31"));
}

#[test]
fn one_document_alone_has_no_figure_check() {
    let mut st = state_with(&[("en.txt", EN)], (100, 30));
    assert!(st.flags.is_empty());
    keys(&mut st, "F");
    assert_eq!(st.overlay, Overlay::None);
    assert!(message(&st).contains("two documents side by side"));
}

// --- the screen ---

fn row(buf: &Buffer, y: u16) -> String {
    (0..buf.area.width)
        .map(|x| buf[(x, y)].symbol().to_string())
        .collect()
}

#[test]
fn the_screen_marks_the_bead_and_the_figure_and_lists_the_flag() {
    // 81 columns: left text x=1..39, separator x=40, right text x=42..80.
    // Each paragraph fits one row: bead 0 on row 1, the gap on row 2, bead
    // 1 on row 3.
    let mut st = state_with(&[("en.txt", EN), ("ar.txt", AR)], (81, 12));
    let ui = Ui {
        theme: Theme::fallback(),
        keymap: Keymap::default(),
    };
    let t = &ui.theme;
    let buf = draw(&st, &ui);
    let mark = &buf[(40, 3)];
    assert_eq!(mark.symbol(), "!");
    assert_eq!(mark.fg, t.warn);
    assert!(mark.modifier.contains(Modifier::BOLD));
    assert_ne!(buf[(40, 1)].symbol(), "!", "bead 0 agrees");
    // The flagged cells: exactly the two digits of 31, left to right in the
    // right-to-left line (digits keep their order), in the error color and
    // underlined.
    let flagged = |y: u16| -> Vec<(u16, String)> {
        (0..81u16)
            .filter(|&x| {
                let c = &buf[(x, y)];
                c.fg == t.error && c.modifier.contains(Modifier::UNDERLINED)
            })
            .map(|x| (x, buf[(x, y)].symbol().to_string()))
            .collect()
    };
    // The English figure it was compared with, 30, is marked the same way:
    // "In 2021 there were 30 cases." puts 3 at i = 19, so x = 1 + 19 = 20.
    let f3 = flagged(3);
    assert_eq!(f3.len(), 4, "{f3:?}");
    assert_eq!(f3[..2], [(20, "3".to_string()), (21, "0".to_string())]);
    assert!(f3[2].0 >= 42 && f3[3].0 == f3[2].0 + 1, "{f3:?}");
    assert_eq!(format!("{}{}", f3[2].1, f3[3].1), "31");
    assert!(flagged(1).is_empty());
    // The status line counts the flags.
    let status = row(&buf, 10);
    assert!(status.contains("! 1 figure flag"), "{status}");

    // The flag list: one line with the side, the paragraph, the figure and
    // what the other side has.
    keys(&mut st, "F");
    let buf = draw(&st, &ui);
    let rows: Vec<String> = (0..12).map(|y| row(&buf, y)).collect();
    assert!(
        rows.iter()
            .any(|r| r.contains("1 figure flag (enter jumps")),
        "{rows:#?}"
    );
    let line = rows
        .iter()
        .position(|r| r.contains("right ¶2"))
        .unwrap_or_else(|| panic!("no flag line: {rows:#?}"));
    let r = &rows[line];
    assert!(r.contains("31  vs  30"), "{r}");
    // The box hides what is below it: no underline of a flagged figure
    // shows through its blank cells: the rows of the box below its title
    // (which is underlined on purpose) and above its bottom edge.
    let top = rows
        .iter()
        .position(|r| r.contains("figure flag (enter jumps"))
        .unwrap() as u16;
    let bottom = rows.iter().rposition(|r| r.contains('┘')).unwrap() as u16;
    for y in top + 1..bottom {
        for x in 0..81u16 {
            let c = &buf[(x, y)];
            assert!(
                !(c.symbol() == " " && c.modifier.contains(Modifier::UNDERLINED)),
                "underlined blank at ({x}, {y}) under the flag list"
            );
        }
    }
    // The figure in the list has the flagged style; the line is selected.
    // Every cell of this row holds one character (row 2 is the gap between
    // paragraphs; the box covers the middle).
    let x31 = r[..r.find("31  vs").unwrap()].chars().count() as u16;
    assert_eq!(buf[(x31, line as u16)].symbol(), "3");
    let c = &buf[(x31, line as u16)];
    assert_eq!(c.fg, t.error);
    assert!(
        c.modifier
            .contains(Modifier::UNDERLINED | Modifier::REVERSED)
    );
}

#[test]
fn help_lists_the_flag_key_and_the_mark() {
    let mut st = state_with(&[("en.txt", EN), ("ar.txt", AR)], (100, 60));
    let ui = Ui {
        theme: Theme::fallback(),
        keymap: Keymap::default(),
    };
    keys(&mut st, "?");
    let buf = draw(&st, &ui);
    let rows: Vec<String> = (0..60).map(|y| row(&buf, y)).collect();
    let all = rows.join("\n");
    assert!(
        rows.iter().any(|r| {
            let w: Vec<&str> = r.split_whitespace().collect();
            // The key, the command name config.toml uses, what it does.
            w.windows(3).any(|p| {
                p[0].trim_start_matches('│') == "F" && p[1] == "figure-flags" && p[2] == "list"
            }) && r.contains("figures that differ")
        }),
        "{all}"
    );
}
