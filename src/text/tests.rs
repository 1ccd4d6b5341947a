//! Golden layouts (checked by hand or against fribidi, see each case) and
//! property tests of the layout engine.

use proptest::prelude::*;
use unicode_segmentation::UnicodeSegmentation;

use super::*;

fn opts(width: usize, dir: DirChoice, shape: bool) -> LayoutOptions {
    LayoutOptions {
        width,
        dir,
        shape,
        lam_alef: shape,
        ..LayoutOptions::default()
    }
}

/// The paragraph as `render` prints it: lines joined with `\n`.
fn show(text: &str, o: &LayoutOptions) -> String {
    layout_paragraph(text, o)
        .lines
        .iter()
        .map(|l| l.to_text(true))
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn golden_layouts() {
    use DirChoice::{Auto, Ltr, Rtl};
    // (text, width, direction, shape, expected lines)
    let cases: &[(&str, usize, DirChoice, bool, &str)] = &[
        // Plain RTL: letters in reverse.
        ("مرحبا بالعالم", 0, Auto, false, "ملاعلاب ابحرم"),
        // Digits after Arabic letters are AN (W2): 50% shows as %50.
        ("بنسبة 50%", 0, Auto, false, "%50 ةبسنب"),
        // English inside Arabic keeps its own order.
        (
            "قال Hello world اليوم",
            0,
            Auto,
            false,
            "مويلا Hello world لاق",
        ),
        // Arabic inside English.
        (
            "The word سلام means peace",
            0,
            Auto,
            false,
            "The word مالس means peace",
        ),
        // Forcing LTR: a space between two Arabic words is resolved R (N1),
        // so the Arabic run still reads right to left as a whole; an
        // English word first stays on the left.
        ("واحد اثنان", 0, Ltr, false, "نانثا دحاو"),
        ("ab واحد اثنان", 0, Ltr, false, "ab نانثا دحاو"),
        ("ab واحد اثنان", 0, Rtl, false, "نانثا دحاو ab"),
        // Brackets are mirrored at odd levels (L4).
        ("(مرحبا)", 0, Auto, false, "(ابحرم)"),
        ("«نعم» [لا]", 0, Auto, false, "[ال] «معن»"),
        ("a < b", 0, Rtl, false, "a < b"),
        ("≥ א", 0, Auto, false, "א ≤"),
        // Harakat stay after their letter (L3).
        ("بَيْت", 0, Auto, false, "تيْبَ"),
        // Shaping (checked with fribidi): سلام = seen initial, lam-alef
        // final ligature, meem isolated, shown right to left.
        ("سلام", 0, Auto, true, "\u{FEE1}\u{FEFC}\u{FEB3}"),
        ("لا", 0, Auto, true, "\u{FEFB}"),
        // Without ligatures: lam initial + alef final.
        ("لا", 0, Auto, false, "ال"),
        // A haraka is drawn in its letter's cell, shaped letters around it.
        ("بَب", 0, Auto, true, "\u{FE90}\u{FE91}\u{064E}"),
        // East Asian wide characters take two columns.
        ("日本語テキスト", 6, Auto, false, "日本語\nテキス\nト"),
        // Tabs expand to the next stop (8).
        ("a\tb", 0, Auto, false, "a       b"),
        ("ab\tc", 0, Auto, false, "ab      c"),
        // Wrapping: the trailing space hangs at the end of the first line.
        (
            "the quick brown fox",
            10,
            Auto,
            false,
            "the quick \nbrown fox",
        ),
        // A word longer than the width is cut between graphemes.
        ("abcdefghij", 4, Auto, false, "abcd\nefgh\nij"),
        // RTL wrapping: the first line holds the first words, on the right;
        // the short last line is right-aligned.
        (
            "واحد اثنان ثلاثة",
            11,
            Auto,
            false,
            " نانثا دحاو\n      ةثالث",
        ),
        // Controls are drawn as symbols.
        ("a\u{1b}[31m", 0, Auto, false, "a␛[31m"),
        ("x\u{0}y\u{7f}z\u{85}", 0, Auto, false, "x␀y␡z\u{FFFD}"),
        // Bidi formatting characters are invisible but still act.
        ("a\u{202E}bc\u{202C}d", 0, Auto, false, "acbd"),
        ("\u{2067}abc\u{2069}", 0, Ltr, false, "abc"),
    ];
    let mut failures = Vec::new();
    for &(text, width, dir, shape, want) in cases {
        let got = show(text, &opts(width, dir, shape));
        if got != want {
            failures.push(format!(
                "{text:?} width {width} {dir:?}:\n want {want:?}\n  got {got:?}"
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn reveal_shows_bidi_formatting() {
    let mut o = opts(0, DirChoice::Auto, false);
    o.reveal = true;
    let got = show("a\u{200F}b\u{2066}c\u{2069}", &o);
    assert_eq!(got.chars().count(), 6, "{got:?}");
    assert!(
        got.contains('←') && got.contains('⊳') && got.contains('↩'),
        "{got:?}"
    );
}

#[test]
fn lam_alef_cell_covers_both_letters() {
    let l = layout_paragraph("لا", &opts(0, DirChoice::Auto, true));
    let cells = &l.lines[0].cells;
    assert_eq!(cells.len(), 1);
    assert_eq!(cells[0].range, 0..4);
    assert_eq!(cells[0].width, 1);
    assert_eq!(l.locate(2), Some((0, 0)));
}

#[test]
fn paragraphs_split_on_newlines() {
    assert_eq!(paragraphs(""), Vec::<Range<usize>>::new());
    assert_eq!(paragraphs("a"), vec![0..1]);
    assert_eq!(paragraphs("a\n"), vec![0..1]);
    assert_eq!(paragraphs("a\r\nb"), vec![0..1, 3..4]);
    assert_eq!(paragraphs("a\n\nb\n"), vec![0..1, 2..2, 3..4]);
    assert_eq!(paragraphs("\n"), vec![0..0]);
    assert_eq!(paragraphs("a\rb"), vec![0..3]);
    assert_eq!(paragraphs("\r\n"), vec![0..0]);
    // The rule of `str::lines`.
    for text in [
        "",
        "\n\n",
        "a\r",
        "a\r\r\n",
        "\r\n\r\nb",
        "قال\nx\r\n\n",
        "x\n\r",
    ] {
        let ours: Vec<&str> = paragraphs(text)
            .into_iter()
            .map(|r| text.get(r).expect("char boundaries"))
            .collect();
        assert_eq!(ours, text.lines().collect::<Vec<_>>(), "{text:?}");
    }
}

#[test]
fn an_empty_rtl_line_keeps_its_indent_but_prints_nothing() {
    let l = layout_paragraph("", &opts(10, DirChoice::Rtl, true));
    assert_eq!(l.lines[0].indent, 10);
    assert_eq!(l.lines[0].to_text(true), "");
    // The cursor of an empty RTL paragraph sits at the right edge.
    assert_eq!(l.locate(0), Some((0, 9)));
}

#[test]
fn empty_paragraph_has_one_empty_line() {
    let l = layout_paragraph("", &LayoutOptions::default());
    assert_eq!(l.lines.len(), 1);
    assert!(l.lines[0].cells.is_empty());
    assert_eq!(l.hit(0, 5), Some(0));
    assert_eq!(l.locate(0), Some((0, 0)));
}

#[test]
fn hit_outside_the_text_gives_the_nearest_logical_end() {
    // RTL line "ابج" right-aligned in 10 columns: indent 7.
    let l = layout_paragraph("ابج", &opts(10, DirChoice::Auto, false));
    assert_eq!(l.lines[0].indent, 7);
    assert_eq!(l.hit(0, 9), Some(0)); // rightmost cell: first letter
    assert_eq!(l.hit(0, 7), Some(4)); // leftmost cell: last letter
    assert_eq!(l.hit(0, 2), Some(6)); // left of the text: logical end
    assert_eq!(l.hit(1, 0), None);
    let l = layout_paragraph("abc", &opts(10, DirChoice::Auto, false));
    assert_eq!(l.hit(0, 8), Some(3));
    assert_eq!(l.locate(3), Some((0, 3)));
}

#[test]
fn a_span_split_by_bidi_gives_several_cells() {
    // "ab אב cd" in an LTR paragraph: the span "b אב" is b, space, then
    // the Hebrew run reversed.
    let text = "ab אב cd";
    let l = layout_paragraph(text, &opts(0, DirChoice::Ltr, false));
    assert_eq!(l.lines[0].to_text(false), "ab בא cd");
    let span = 1..text.find('ב').map_or(0, |i| i + 'ב'.len_utf8());
    let cols: Vec<usize> = l.cells_in(span).iter().map(|c| c.1).collect();
    assert_eq!(cols, vec![1, 2, 3, 4]);
}

fn mixed_text() -> impl Strategy<Value = String> {
    let pool: Vec<char> =
        "ابتلمهيءأإآ אבג abcXY 0123 ()[]«».,%- \u{064E}\u{0650}\u{0651}\u{064B}\u{0652}日\t"
            .chars()
            .collect();
    proptest::collection::vec(proptest::sample::select(pool), 0..40)
        .prop_map(|v| v.into_iter().collect())
}

/// Everything awkward: controls, tabs, separators, bidi formatting,
/// zero-width characters, lone marks, wide and emoji clusters.
fn awkward_text() -> impl Strategy<Value = String> {
    let pool: Vec<char> = "aب א1٣ ()\t\r\u{1b}\u{0}\u{85}\u{9b}\u{2029}\u{2028}\u{1c}\u{1f}\u{b}\
        \u{202a}\u{202b}\u{202c}\u{202d}\u{202e}\u{2066}\u{2067}\u{2068}\u{2069}\u{200e}\u{200f}\u{61c}\
        \u{200b}\u{200c}\u{200d}\u{feff}\u{ad}\u{300}\u{64e}\u{600}日😀\u{fe0f}🇫🇷\u{1100}\u{1161}"
        .chars()
        .collect();
    proptest::collection::vec(proptest::sample::select(pool), 0..30)
        .prop_map(|v| v.into_iter().collect())
}

fn any_dir() -> impl Strategy<Value = DirChoice> {
    prop_oneof![
        Just(DirChoice::Auto),
        Just(DirChoice::Ltr),
        Just(DirChoice::Rtl)
    ]
}

proptest! {
    #[test]
    fn cells_partition_the_text_and_maps_are_inverse(
        text in mixed_text(),
        width in prop_oneof![Just(0usize), 2usize..30],
        dir in any_dir(),
        shape in any::<bool>(),
    ) {
        let o = opts(width, dir, shape);
        let l = layout_paragraph(&text, &o);
        // Every grapheme exactly once: the cell ranges partition the text,
        // and each cell boundary is a grapheme boundary.
        let bounds: std::collections::HashSet<usize> = text
            .grapheme_indices(true)
            .map(|(i, _)| i)
            .chain(std::iter::once(text.len()))
            .collect();
        let mut ranges: Vec<Range<usize>> =
            l.lines.iter().flat_map(|line| line.cells.iter().map(|c| c.range.clone())).collect();
        ranges.sort_by_key(|r| r.start);
        let mut at = 0;
        for r in &ranges {
            prop_assert_eq!(r.start, at, "gap or overlap in {:?}", ranges);
            prop_assert!(r.end > r.start);
            prop_assert!(bounds.contains(&r.start) && bounds.contains(&r.end));
            at = r.end;
        }
        prop_assert_eq!(at, text.len());
        for (i, line) in l.lines.iter().enumerate() {
            if width > 0 {
                prop_assert!(line.width <= width, "line {} is {} wide", i, line.width);
            }
            let mut col = line.indent;
            for c in &line.cells {
                prop_assert_eq!(c.col, col);
                col += c.width;
                if c.width == 0 {
                    continue;
                }
                for x in c.col..c.col + c.width {
                    prop_assert_eq!(l.hit(i, x), Some(c.range.start));
                }
                prop_assert_eq!(l.locate(c.range.start), Some((i, c.col)));
                prop_assert!(l.cells_in(c.range.clone()).contains(&(i, c.col, c.width)));
            }
            prop_assert_eq!(col, line.width);
        }
    }

    #[test]
    fn awkward_text_is_laid_out_safely(
        text in awkward_text(),
        width in prop_oneof![Just(0usize), 2usize..20],
        dir in any_dir(),
        shape in any::<bool>(),
        reveal in any::<bool>(),
    ) {
        let mut o = opts(width, dir, shape);
        o.reveal = reveal;
        let l = layout_paragraph(&text, &o);
        let mut ranges: Vec<Range<usize>> =
            l.lines.iter().flat_map(|line| line.cells.iter().map(|c| c.range.clone())).collect();
        ranges.sort_by_key(|r| r.start);
        let mut at = 0;
        for r in &ranges {
            prop_assert_eq!(r.start, at);
            at = r.end;
        }
        prop_assert_eq!(at, text.len());
        for line in &l.lines {
            if width > 0 {
                prop_assert!(line.width <= width, "{:?}", line);
            }
            for c in line.to_text(true).chars() {
                let cp = c as u32;
                prop_assert!(cp >= 0x20 && !(0x7f..0xa0).contains(&cp), "raw U+{:04X}", cp);
            }
        }
    }

    #[test]
    fn ascii_ltr_text_is_unchanged(
        text in "[ -~]{0,60}",
        width in 1usize..30,
    ) {
        let o = opts(0, DirChoice::Auto, true);
        let l = layout_paragraph(&text, &o);
        prop_assert_eq!(l.lines.len(), 1);
        prop_assert_eq!(l.lines[0].to_text(true), text.clone());
        // Wrapped, each line shows its own slice (trailing spaces may hang).
        let l = layout_paragraph(&text, &opts(width, DirChoice::Ltr, true));
        for line in &l.lines {
            let slice = text.get(line.range.clone()).unwrap_or("");
            let shown = line.to_text(true);
            prop_assert_eq!(shown.trim_end(), slice.trim_end());
            prop_assert!(line.width <= width);
        }
    }
}
