//! Colors in a real terminal: the binary in tmux on the demo corpus (Arabic
//! and English side by side), read back with `capture-pane -e`, whose SGR
//! sequences say what color every cell has.
//!
//! - `COLORFGBG` light (`0;15`) and dark (`15;0`), at 24-bit, 256 and 8
//!   colors: every character of the two text panes reads on its background
//!   (the terminal's own when the cell has none: white, or black) with a
//!   WCAG contrast of at least 4.5:1.
//! - `TERM=xterm` (8 colors in terminfo): only the eight ANSI colors are
//!   used; the separator, the selection and each label's highlight are
//!   visible and distinct.
//! - Never an underline color (SGR 58), which xterm reads as blink and a
//!   bright foreground.
//!
//! Colors are turned into RGB with xterm's values, written out here from
//! xterm's documentation, not taken from the program. Needs `tmux` (Debian
//! package `tmux`); a missing tmux fails.

use std::collections::BTreeSet;
use std::path::Path;

#[path = "support/tmux.rs"]
mod tmux_support;
use tmux_support::Tmux;

const AR: &str = "harbour-ar.txt";
const EN: &str = "harbour-en.txt";
const W: u16 = 160;
const H: u16 = 40;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Col {
    Default,
    Idx(u8),
    Rgb(u8, u8, u8),
}

#[derive(Clone, Copy, Debug)]
struct Cell {
    ch: char,
    fg: Col,
    bg: Col,
    reverse: bool,
}

/// xterm's RGB for a color index (xterm's 256colres.h and its default
/// resources for 0–15).
fn xterm_rgb(i: u8) -> (u8, u8, u8) {
    const ANSI: [(u8, u8, u8); 16] = [
        (0, 0, 0),
        (205, 0, 0),
        (0, 205, 0),
        (205, 205, 0),
        (0, 0, 238),
        (205, 0, 205),
        (0, 205, 205),
        (229, 229, 229),
        (127, 127, 127),
        (255, 0, 0),
        (0, 255, 0),
        (255, 255, 0),
        (92, 92, 255),
        (255, 0, 255),
        (0, 255, 255),
        (255, 255, 255),
    ];
    let level = |n: u8| if n == 0 { 0 } else { 55 + 40 * n };
    match i {
        0..=15 => ANSI[i as usize],
        16..=231 => {
            let n = i - 16;
            (level(n / 36), level(n / 6 % 6), level(n % 6))
        }
        _ => {
            let v = 8 + 10 * (i - 232);
            (v, v, v)
        }
    }
}

fn luminance((r, g, b): (u8, u8, u8)) -> f64 {
    let lin = |c: u8| {
        let c = c as f64 / 255.0;
        if c <= 0.04045 {
            c / 12.92
        } else {
            ((c + 0.055) / 1.055).powf(2.4)
        }
    };
    0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b)
}

fn contrast(a: (u8, u8, u8), b: (u8, u8, u8)) -> f64 {
    let (x, y) = (luminance(a), luminance(b));
    (x.max(y) + 0.05) / (x.min(y) + 0.05)
}

/// The screen as cells, from `capture-pane -p -e` output.
fn parse(screen: &str) -> Vec<Vec<Cell>> {
    let mut rows = Vec::new();
    for line in screen.lines() {
        let (mut fg, mut bg, mut reverse) = (Col::Default, Col::Default, false);
        let mut row = Vec::new();
        let mut chars = line.chars().peekable();
        while let Some(c) = chars.next() {
            if c == '\x1b' && chars.peek() == Some(&'[') {
                chars.next();
                let mut params = String::new();
                let mut fin = ' ';
                for p in chars.by_ref() {
                    if p.is_ascii_alphabetic() {
                        fin = p;
                        break;
                    }
                    params.push(p);
                }
                if fin != 'm' {
                    continue;
                }
                let ps: Vec<u32> = params
                    .split([';', ':'])
                    .map(|p| p.parse().unwrap_or(0))
                    .collect();
                let mut i = 0;
                while i < ps.len() {
                    let extended = |i: &mut usize| -> Col {
                        match ps.get(*i + 1) {
                            Some(5) => {
                                *i += 2;
                                Col::Idx(ps[*i] as u8)
                            }
                            Some(2) => {
                                *i += 4;
                                Col::Rgb(ps[*i - 2] as u8, ps[*i - 1] as u8, ps[*i] as u8)
                            }
                            _ => Col::Default,
                        }
                    };
                    match ps[i] {
                        0 => (fg, bg, reverse) = (Col::Default, Col::Default, false),
                        7 => reverse = true,
                        27 => reverse = false,
                        n @ 30..=37 => fg = Col::Idx((n - 30) as u8),
                        38 => fg = extended(&mut i),
                        39 => fg = Col::Default,
                        n @ 40..=47 => bg = Col::Idx((n - 40) as u8),
                        48 => bg = extended(&mut i),
                        49 => bg = Col::Default,
                        // xterm does not know the underline color and
                        // reads `58;5;n` as blink and a bright color.
                        58 => panic!("an underline color (SGR 58), which xterm misreads: {line:?}"),
                        n @ 90..=97 => fg = Col::Idx((n - 90 + 8) as u8),
                        n @ 100..=107 => bg = Col::Idx((n - 100 + 8) as u8),
                        _ => {}
                    }
                    i += 1;
                }
                continue;
            }
            row.push(Cell {
                ch: c,
                fg,
                bg,
                reverse,
            });
        }
        rows.push(row);
    }
    rows
}

/// What one run saw: the screen after each step, parsed.
struct Run {
    /// Nothing tagged yet.
    start: Vec<Vec<Cell>>,
    /// After tagging a claim, a figure, an entity (each in turn, the cursor
    /// moved on to the next paragraph so none is under it).
    tagged: Vec<(&'static str, Vec<Vec<Cell>>)>,
    /// With a selection as well.
    selected: Vec<Vec<Cell>>,
}

/// The demo pair in tmux with `env` (`NAME=value`; `COLORTERM` is unset
/// unless given): tag words in the Arabic pane as a claim, a figure and an
/// entity, then select two words.
fn run(name: &str, env: &[&str]) -> Run {
    let demo = Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/demo");
    let dir = tempfile::tempdir().unwrap();
    for f in [AR, EN, "hashiya.toml"] {
        std::fs::copy(demo.join(f), dir.path().join(f)).unwrap();
    }
    let config = tempfile::tempdir().unwrap();
    let tmux = Tmux::new(
        format!("hashiya-colors-{name}-{}", std::process::id()),
        "c",
        200,
    );
    let cmd = format!(
        "env -u COLORTERM -u NO_COLOR XDG_CONFIG_HOME={} {} {} {} {}",
        config.path().display(),
        env.join(" "),
        env!("CARGO_BIN_EXE_hashiya"),
        dir.path().join(AR).display(),
        dir.path().join(EN).display()
    );
    let (w, h) = (W.to_string(), H.to_string());
    let out = tmux.run(&["new-session", "-d", "-s", "c", "-x", &w, "-y", &h, &cmd]);
    assert!(out.status.success(), "tmux new-session: {out:?}");
    tmux.wait_for(EN);
    // The Arabic pane is the right one; make it active.
    let header = tmux.settled();
    let first = header.lines().next().unwrap_or_default().to_string();
    let ar_active = first
        .find('▶')
        .is_some_and(|i| i > first.find(EN).unwrap_or(0));
    if !ar_active {
        tmux.keys(&["Tab"]);
    }
    let start = parse(&tmux.settled());
    let mut tagged = Vec::new();
    for (label, keys, done) in [
        ("claim", &["w", "v", "E", "c"][..], "tagged as claim"),
        ("figure", &["w", "v", "E", "f"][..], "tagged as figure"),
        ("entity", &["w", "v", "E", "e", "1"][..], "tagged as entity"),
    ] {
        tmux.keys(keys);
        tmux.wait_for(done);
        tmux.keys(&["}"]);
        tagged.push((label, parse(&tmux.settled())));
    }
    tmux.keys(&["w", "v", "E", "E"]);
    let selected = parse(&tmux.settled());
    tmux.keys(&["Escape", "q"]);
    Run {
        start,
        tagged,
        selected,
    }
}

/// The text rows (below the pane headers, above the status and message lines).
fn text_rows(screen: &[Vec<Cell>]) -> impl Iterator<Item = (usize, &Vec<Cell>)> {
    screen
        .iter()
        .enumerate()
        .filter(|(y, _)| (1..H as usize - 2).contains(y))
}

/// Background colors of the text cells (the cursor's excluded: it is
/// reverse video).
fn backgrounds(screen: &[Vec<Cell>]) -> BTreeSet<Col> {
    text_rows(screen)
        .flat_map(|(_, r)| r.iter())
        .filter(|c| !c.reverse && c.bg != Col::Default)
        .map(|c| c.bg)
        .collect()
}

/// The RGB a cell shows: `fg`/`bg` of the terminal for the defaults,
/// swapped under reverse video.
fn shown(c: &Cell, term: ((u8, u8, u8), (u8, u8, u8))) -> ((u8, u8, u8), (u8, u8, u8)) {
    let rgb = |col: Col, default| match col {
        Col::Default => default,
        Col::Idx(i) => xterm_rgb(i),
        Col::Rgb(r, g, b) => (r, g, b),
    };
    let (fg, bg) = (rgb(c.fg, term.0), rgb(c.bg, term.1));
    if c.reverse { (bg, fg) } else { (fg, bg) }
}

/// Every character in the two text panes reads on its background.
fn assert_readable(what: &str, screen: &[Vec<Cell>], term: ((u8, u8, u8), (u8, u8, u8))) {
    let mut n = 0;
    for (y, row) in text_rows(screen) {
        for (x, c) in row.iter().enumerate() {
            if c.ch == ' ' || c.ch == '│' {
                continue;
            }
            let (fg, bg) = shown(c, term);
            let r = contrast(fg, bg);
            assert!(
                r >= 4.5,
                "{what}: {:?} at ({x}, {y}) is {fg:?} on {bg:?}: {r:.2}:1 ({c:?})",
                c.ch
            );
            n += 1;
        }
    }
    assert!(n > 1000, "{what}: only {n} text cells");
}

const BLACK: (u8, u8, u8) = (0, 0, 0);
const WHITE: (u8, u8, u8) = (255, 255, 255);

fn check_backgrounds(name: &str, env: &[&str], term: ((u8, u8, u8), (u8, u8, u8))) {
    let r = run(name, env);
    for (label, screen) in &r.tagged {
        assert_readable(&format!("{name} after the {label}"), screen, term);
    }
    assert_readable(&format!("{name} with a selection"), &r.selected, term);
    assert_readable(&format!("{name} at the start"), &r.start, term);
}

#[test]
fn light_colorfgbg_body_text_reads_on_white() {
    for (name, env) in [
        (
            "light-24",
            &[
                "COLORFGBG='0;15'",
                "TERM=xterm-256color",
                "COLORTERM=truecolor",
            ][..],
        ),
        (
            "light-256",
            &["COLORFGBG='0;15'", "TERM=xterm-256color"][..],
        ),
        ("light-8", &["COLORFGBG='0;15'", "TERM=xterm"][..]),
    ] {
        check_backgrounds(name, env, (BLACK, WHITE));
    }
}

#[test]
fn dark_colorfgbg_body_text_reads_on_black() {
    for (name, env) in [
        (
            "dark-24",
            &[
                "COLORFGBG='15;0'",
                "TERM=xterm-256color",
                "COLORTERM=truecolor",
            ][..],
        ),
        ("dark-256", &["COLORFGBG='15;0'", "TERM=xterm-256color"][..]),
        ("dark-8", &["COLORFGBG='15;0'", "TERM=xterm"][..]),
    ] {
        check_backgrounds(name, env, (WHITE, BLACK));
    }
}

#[test]
fn eight_colors_keep_the_separator_selection_and_labels_visible_and_distinct() {
    for (name, colorfgbg, term) in [
        ("xterm-dark", "15;0", (WHITE, BLACK)),
        ("xterm-light", "0;15", (BLACK, WHITE)),
    ] {
        let r = run(name, &[&format!("COLORFGBG='{colorfgbg}'"), "TERM=xterm"]);
        // Only the eight colors, or the terminal's own.
        for (_, screen) in r
            .tagged
            .iter()
            .chain([("selected", r.selected.clone())].iter())
        {
            for c in screen.iter().flatten() {
                for col in [c.fg, c.bg] {
                    assert!(
                        matches!(col, Col::Default) || matches!(col, Col::Idx(i) if i < 8),
                        "{name}: {col:?} at 8 colors ({c:?})"
                    );
                }
            }
        }
        // The separator: a column of │ between the panes, in a color that
        // shows on the page.
        let seps: Vec<Cell> = text_rows(&r.start)
            .filter_map(|(_, row)| row.iter().find(|c| c.ch == '│').copied())
            .collect();
        assert!(seps.len() > 20, "{name}: no separator");
        for c in &seps {
            let (fg, bg) = shown(c, term);
            assert!(contrast(fg, bg) >= 3.0, "{name}: separator {c:?}");
        }
        // Each label's highlight and the selection: a background of its own
        // (what each step added), none the page's, none shared.
        let mut seen = backgrounds(&r.start);
        let mut marks: Vec<(&str, Col)> = Vec::new();
        for (label, screen) in &r.tagged {
            let now = backgrounds(screen);
            let new: Vec<Col> = now.difference(&seen).copied().collect();
            assert_eq!(new.len(), 1, "{name}: the {label} added {new:?}");
            marks.push((label, new[0]));
            seen = now;
        }
        let now = backgrounds(&r.selected);
        let new: Vec<Col> = now.difference(&seen).copied().collect();
        assert_eq!(new.len(), 1, "{name}: the selection added {new:?}");
        marks.push(("selection", new[0]));
        let page = term.1;
        for (what, col) in &marks {
            let Col::Idx(i) = col else {
                panic!("{name}: {what} is {col:?}")
            };
            assert!(
                contrast(xterm_rgb(*i), page) > 1.5,
                "{name}: the {what} background {i} is the page"
            );
        }
        let distinct: BTreeSet<Col> = marks.iter().map(|(_, c)| *c).collect();
        assert_eq!(distinct.len(), marks.len(), "{name}: {marks:?}");
        // And text on each reads.
        assert_readable(&format!("{name} with a selection"), &r.selected, term);
    }
}
