//! Unicode conformance of the layout engine against the Unicode Character
//! Database files of Debian's `unicode-data` package:
//! BidiCharacterTest.txt (visual order) and BidiMirroring.txt (rule L4).
//!
//! The layout goes through the same code path as
//! `hashiya render --width 0 --no-shape --no-pad`: `layout_paragraph` with
//! width 0, no shaping, no alignment, then the cells in visual order.

use std::collections::HashMap;

use hashiya::text::{DirChoice, LayoutOptions, layout_paragraph};
use unicode_bidi::{BidiClass, bidi_class};
use unicode_segmentation::UnicodeSegmentation;

const UCD: &str = "/usr/share/unicode";

fn read_ucd(name: &str) -> String {
    let path = format!("{UCD}/{name}");
    match std::fs::read_to_string(&path) {
        Ok(s) => s,
        Err(e) => panic!(
            "{path}: {e}; install the Debian package `unicode-data` (apt-get install unicode-data)"
        ),
    }
}

/// BidiMirroring.txt, parsed here independently of the generated table.
fn mirroring() -> HashMap<char, char> {
    let mut map = HashMap::new();
    for line in read_ucd("BidiMirroring.txt").lines() {
        let data = line.split('#').next().unwrap_or("").trim();
        if data.is_empty() {
            continue;
        }
        let mut fields = data.split(';').map(|f| f.trim());
        let a = fields.next().and_then(|f| u32::from_str_radix(f, 16).ok());
        let b = fields.next().and_then(|f| u32::from_str_radix(f, 16).ok());
        let (Some(a), Some(b)) = (a.and_then(char::from_u32), b.and_then(char::from_u32)) else {
            panic!("BidiMirroring.txt: bad line {line:?}");
        };
        map.insert(a, b);
    }
    map
}

fn options(dir: DirChoice) -> LayoutOptions {
    LayoutOptions {
        width: 0,
        dir,
        shape: false,
        lam_alef: false,
        align_rtl: false,
        reveal: false,
        tab_width: 8,
    }
}

/// Characters the renderer may leave out: those rule X9 removes (BN and the
/// explicit embeddings/overrides), the isolates and the implicit marks.
fn invisible(c: char) -> bool {
    matches!(
        bidi_class(c),
        BidiClass::BN
            | BidiClass::LRE
            | BidiClass::RLE
            | BidiClass::LRO
            | BidiClass::RLO
            | BidiClass::PDF
            | BidiClass::LRI
            | BidiClass::RLI
            | BidiClass::FSI
            | BidiClass::PDI
    ) || matches!(c, '\u{200E}' | '\u{200F}' | '\u{061C}')
}

/// Paragraph and segment separators, tab and other C0 controls: lines with
/// these are outside what `render` is checked on (one line = one paragraph).
fn excluded(c: char) -> bool {
    (c as u32) < 0x20 || matches!(c, '\u{85}' | '\u{2029}')
}

#[test]
fn bidi_character_test_visual_order_with_l3_and_l4() {
    let mirror = mirroring();
    let data = read_ucd("BidiCharacterTest.txt");
    let mut checked = 0usize;
    let mut skipped = 0usize;
    let mut failures = Vec::new();
    for (lineno, line) in data.lines().enumerate() {
        let lineno = lineno + 1;
        if line.starts_with('#') || line.trim().is_empty() {
            continue;
        }
        let fields: Vec<&str> = line.split(';').collect();
        assert!(fields.len() >= 5, "line {lineno}: expected 5 fields");
        let chars: Vec<char> = fields[0]
            .split_whitespace()
            .map(|h| {
                u32::from_str_radix(h, 16)
                    .ok()
                    .and_then(char::from_u32)
                    .unwrap_or_else(|| panic!("line {lineno}: bad code point {h}"))
            })
            .collect();
        if chars.iter().any(|&c| excluded(c)) {
            skipped += 1;
            continue;
        }
        let dir = match fields[1].trim() {
            "0" => DirChoice::Ltr,
            "1" => DirChoice::Rtl,
            "2" => DirChoice::Auto,
            other => panic!("line {lineno}: bad direction {other}"),
        };
        let levels: Vec<Option<u8>> = fields[3]
            .split_whitespace()
            .map(|l| l.parse::<u8>().ok())
            .collect();
        let order: Vec<usize> = fields[4]
            .split_whitespace()
            .map(|i| {
                i.parse()
                    .unwrap_or_else(|_| panic!("line {lineno}: bad index {i}"))
            })
            .collect();
        let text: String = chars.iter().collect();

        // Grapheme cluster of every character.
        let mut cluster = Vec::with_capacity(chars.len());
        for (g, grapheme) in text.graphemes(true).enumerate() {
            cluster.extend(std::iter::repeat_n(g, grapheme.chars().count()));
        }
        // L3 on the expectation: inside a visual run of characters of the
        // same cluster and level, put them back in logical order (a mark
        // after its base); then L4: mirror at odd levels.
        let mut expected_order = order.clone();
        let mut i = 0;
        while i < expected_order.len() {
            let key = |k: usize| (cluster[k], levels[k]);
            let mut j = i + 1;
            while j < expected_order.len() && key(expected_order[j]) == key(expected_order[i]) {
                j += 1;
            }
            expected_order[i..j].sort_unstable();
            i = j;
        }
        let expected: String = expected_order
            .iter()
            .map(|&k| {
                let c = chars[k];
                if levels[k].is_some_and(|l| l % 2 == 1) {
                    mirror.get(&c).copied().unwrap_or(c)
                } else {
                    c
                }
            })
            .filter(|&c| !invisible(c))
            .collect();

        let layout = layout_paragraph(&text, &options(dir));
        assert_eq!(
            layout.lines.len(),
            1,
            "line {lineno}: width 0 gives one line"
        );
        let dotted_circle_in_text = text.contains('\u{25CC}');
        let got: String = layout.lines[0]
            .cells
            .iter()
            .filter(|cell| cell.width > 0)
            .filter(|cell| {
                !text
                    .get(cell.range.clone())
                    .unwrap_or("")
                    .chars()
                    .all(invisible)
            })
            .flat_map(|cell| cell.symbol.chars())
            // A mark with no base is drawn on a dotted circle; not part of the text.
            .filter(|&c| dotted_circle_in_text || c != '\u{25CC}')
            .filter(|&c| !invisible(c))
            .collect();
        // The same line must also come out of to_text, as render prints it.
        let printed: String = layout.lines[0]
            .to_text(false)
            .chars()
            .filter(|&c| dotted_circle_in_text || c != '\u{25CC}')
            .filter(|&c| !invisible(c))
            .collect();
        if got != expected || printed != expected {
            failures.push(format!(
                "line {lineno}: {}\n  expected {:?}\n  got      {:?}",
                fields[0],
                expected
                    .chars()
                    .map(|c| format!("{:04X}", c as u32))
                    .collect::<Vec<_>>(),
                got.chars()
                    .map(|c| format!("{:04X}", c as u32))
                    .collect::<Vec<_>>(),
            ));
        }
        checked += 1;
    }
    println!(
        "BidiCharacterTest.txt: checked {checked} lines, {} failed, {skipped} left out \
         (separators, tabs, C0 controls)",
        failures.len()
    );
    assert!(checked > 80_000, "only {checked} lines checked");
    assert!(
        failures.is_empty(),
        "{} of {checked} lines differ:\n{}",
        failures.len(),
        failures
            .iter()
            .take(30)
            .cloned()
            .collect::<Vec<_>>()
            .join("\n")
    );
}

#[test]
fn every_mirroring_pair_is_mirrored_at_odd_levels_only() {
    let mirror = mirroring();
    assert!(
        mirror.len() > 400,
        "BidiMirroring.txt has {} pairs",
        mirror.len()
    );
    let mut failures = Vec::new();
    for (&a, &b) in &mirror {
        let text = a.to_string();
        let rtl = layout_paragraph(&text, &options(DirChoice::Rtl));
        let ltr = layout_paragraph(&text, &options(DirChoice::Ltr));
        let rtl_text = rtl.lines[0].to_text(false);
        let ltr_text = ltr.lines[0].to_text(false);
        if rtl_text != b.to_string() || ltr_text != text {
            failures.push(format!(
                "U+{:04X}: rtl {rtl_text:?} (want U+{:04X}), ltr {ltr_text:?}",
                a as u32, b as u32
            ));
        }
    }
    println!("BidiMirroring.txt: checked {} pairs", mirror.len());
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
