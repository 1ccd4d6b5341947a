//! What the terminal is like, asked before the screen is taken over: its
//! background (light or dark) and how many colors it shows.
//!
//! Background: the terminal is asked (OSC 11, with a short timeout), else
//! `COLORFGBG` is read, else dark. Colors: `COLORTERM=truecolor` (or
//! `24bit`) means 24-bit; otherwise the `colors` capability of `TERM` in the
//! terminfo database, else a guess from the name.

use std::path::{Path, PathBuf};
use std::time::Duration;

use super::palette::{Depth, Rgb};

/// The terminal's background, as far as it can be told.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Background {
    Light,
    Dark,
}

impl Background {
    /// The built-in theme for this background.
    pub fn theme(self) -> &'static str {
        match self {
            Background::Light => "light",
            Background::Dark => "dark",
        }
    }

    fn of(rgb: Rgb) -> Background {
        // Mid-grey by luminance: above it, dark text reads better than light.
        if rgb.contrast(Rgb(0, 0, 0)) > rgb.contrast(Rgb(255, 255, 255)) {
            Background::Light
        } else {
            Background::Dark
        }
    }
}

/// Where the answer came from (for `--help`-style diagnostics and tests).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Source {
    /// The terminal answered OSC 11 with this color.
    Query(Rgb),
    /// `COLORFGBG` named this background color index.
    Colorfgbg(String),
    /// Nothing told: dark.
    Default,
}

/// How long the terminal may take to answer the background query. Terminals
/// that do not support it are recognized at once (they answer the DA1 sent
/// after it first), so only a slow link waits this long.
pub const QUERY_TIMEOUT: Duration = Duration::from_millis(200);

/// The background: the terminal's answer when `query` is given one, else
/// `COLORFGBG`, else dark.
pub fn background(
    env: &dyn Fn(&str) -> Option<String>,
    query: &dyn Fn() -> Option<Rgb>,
) -> (Background, Source) {
    if let Some(rgb) = query() {
        return (Background::of(rgb), Source::Query(rgb));
    }
    if let Some(v) = env("COLORFGBG")
        && let Some(bg) = from_colorfgbg(&v)
    {
        return (bg, Source::Colorfgbg(v));
    }
    (Background::Dark, Source::Default)
}

/// `COLORFGBG` as rxvt and Konsole set it: `fg;bg` or `fg;xpm;bg`, colors as
/// ANSI indices. Backgrounds 7 (white) and 9–15 (the bright ones but 8) are
/// light; 0–6 and 8 dark; anything else (`default`) tells nothing.
pub fn from_colorfgbg(v: &str) -> Option<Background> {
    let bg: u8 = v.rsplit(';').next()?.trim().parse().ok()?;
    match bg {
        7 | 9..=15 => Some(Background::Light),
        0..=6 | 8 => Some(Background::Dark),
        _ => None,
    }
}

/// Ask the terminal for its background (OSC 11). `None` when stdout is not
/// a terminal, the terminal cannot answer, or it did not answer in time.
pub fn query_background() -> Option<Rgb> {
    use std::io::IsTerminal;
    if !std::io::stdout().is_terminal() || !std::io::stdin().is_terminal() {
        return None;
    }
    let mut options = terminal_colorsaurus::QueryOptions::default();
    options.timeout = QUERY_TIMEOUT;
    let c = terminal_colorsaurus::background_color(options).ok()?;
    let (r, g, b) = c.scale_to_8bit();
    Some(Rgb(r, g, b))
}

/// The color depth the environment and the terminfo database describe.
pub fn depth(env: &dyn Fn(&str) -> Option<String>) -> Depth {
    let colorterm = env("COLORTERM").unwrap_or_default().to_ascii_lowercase();
    if colorterm == "truecolor" || colorterm == "24bit" {
        return Depth::TrueColor;
    }
    let term = env("TERM").unwrap_or_default();
    if term.is_empty() || term == "dumb" {
        return Depth::None;
    }
    let colors = terminfo_dirs(env)
        .iter()
        .find_map(|d| terminfo_file(d, &term))
        .and_then(|bytes| terminfo_colors(&bytes));
    match colors {
        Some(n) => depth_of(n),
        // Not in the database: guess from the name.
        None if term.ends_with("-direct") => Depth::TrueColor,
        None if term.contains("256color") => Depth::Ansi256,
        None => Depth::Ansi8,
    }
}

/// The depth for a terminfo `colors` value (-1: the capability is absent).
pub fn depth_of(colors: i32) -> Depth {
    match colors {
        n if n >= 1 << 24 => Depth::TrueColor,
        n if n >= 256 => Depth::Ansi256,
        n if n >= 16 => Depth::Ansi16,
        n if n >= 8 => Depth::Ansi8,
        _ => Depth::None,
    }
}

/// Where ncurses looks for compiled terminfo entries, in its order.
fn terminfo_dirs(env: &dyn Fn(&str) -> Option<String>) -> Vec<PathBuf> {
    let system = [
        "/etc/terminfo",
        "/lib/terminfo",
        "/usr/share/terminfo",
        "/usr/lib/terminfo",
        "/usr/local/share/terminfo",
    ];
    let mut dirs = Vec::new();
    if let Some(t) = env("TERMINFO") {
        dirs.push(PathBuf::from(t));
    }
    if let Some(h) = env("HOME") {
        dirs.push(Path::new(&h).join(".terminfo"));
    }
    if let Some(list) = env("TERMINFO_DIRS") {
        for d in list.split(':') {
            if d.is_empty() {
                dirs.extend(system.iter().map(PathBuf::from));
            } else {
                dirs.push(PathBuf::from(d));
            }
        }
    }
    dirs.extend(system.iter().map(PathBuf::from));
    dirs
}

/// The compiled entry for `term` under `dir` (`x/xterm`, or `78/xterm` as
/// on macOS).
fn terminfo_file(dir: &Path, term: &str) -> Option<Vec<u8>> {
    if term.contains('/') || term.starts_with('.') {
        return None;
    }
    let first = term.chars().next()?;
    [first.to_string(), format!("{:x}", first as u32)]
        .iter()
        .find_map(|sub| std::fs::read(dir.join(sub).join(term)).ok())
}

/// The `colors` number (index 13 of the numeric capabilities) of a compiled
/// terminfo entry, legacy (16-bit numbers) or extended (32-bit) format;
/// -1 when it is absent. `None` when the bytes are no terminfo entry.
pub fn terminfo_colors(b: &[u8]) -> Option<i32> {
    const COLORS: usize = 13;
    let word = |i: usize| -> Option<i32> {
        Some(i16::from_le_bytes([*b.get(2 * i)?, *b.get(2 * i + 1)?]) as i32)
    };
    let wide = match word(0)? {
        0o432 => false,
        0o1036 => true,
        _ => return None,
    };
    let names = usize::try_from(word(1)?).ok()?;
    let bools = usize::try_from(word(2)?).ok()?;
    let numbers = usize::try_from(word(3)?).ok()?;
    if COLORS >= numbers {
        return Some(-1);
    }
    let mut at = 12 + names + bools;
    at += at % 2;
    if wide {
        let p = at + 4 * COLORS;
        let v = i32::from_le_bytes(b.get(p..p + 4)?.try_into().ok()?);
        Some(v.max(-1))
    } else {
        let p = at + 2 * COLORS;
        let v = i16::from_le_bytes(b.get(p..p + 2)?.try_into().ok()?) as i32;
        Some(v.max(-1))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env(vars: &[(&str, &str)]) -> impl Fn(&str) -> Option<String> {
        let vars: Vec<(String, String)> = vars
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        move |k| vars.iter().find(|(n, _)| n == k).map(|(_, v)| v.clone())
    }

    #[test]
    fn colorfgbg_is_read_as_rxvt_writes_it() {
        assert_eq!(from_colorfgbg("0;15"), Some(Background::Light));
        assert_eq!(from_colorfgbg("0;default;7"), Some(Background::Light));
        assert_eq!(from_colorfgbg("15;0"), Some(Background::Dark));
        assert_eq!(from_colorfgbg("7;8"), Some(Background::Dark));
        assert_eq!(from_colorfgbg("15;default"), None);
        assert_eq!(from_colorfgbg(""), None);
    }

    #[test]
    fn the_answer_beats_colorfgbg_which_beats_the_default() {
        let light = env(&[("COLORFGBG", "0;15")]);
        let none = env(&[]);
        let black = || Some(Rgb(0, 0, 0));
        let white = || Some(Rgb(0xff, 0xff, 0xf0));
        let silent = || None;
        assert_eq!(background(&light, &black).0, Background::Dark);
        assert_eq!(background(&none, &white).0, Background::Light);
        assert_eq!(
            background(&light, &silent),
            (Background::Light, Source::Colorfgbg("0;15".into()))
        );
        assert_eq!(
            background(&none, &silent),
            (Background::Dark, Source::Default)
        );
        // Solarized light's base3 is light; its base03 dark.
        assert_eq!(Background::of(Rgb(0xfd, 0xf6, 0xe3)), Background::Light);
        assert_eq!(Background::of(Rgb(0x00, 0x2b, 0x36)), Background::Dark);
    }

    #[test]
    fn colorterm_and_term_give_the_depth() {
        let d = |v: &[(&str, &str)]| depth(&env(v));
        assert_eq!(
            d(&[("COLORTERM", "truecolor"), ("TERM", "xterm")]),
            Depth::TrueColor
        );
        assert_eq!(d(&[("COLORTERM", "24bit")]), Depth::TrueColor);
        assert_eq!(d(&[("TERM", "dumb")]), Depth::None);
        assert_eq!(d(&[]), Depth::None);
        // Names not in any database are guessed.
        assert_eq!(d(&[("TERM", "nosuch-256color")]), Depth::Ansi256);
        assert_eq!(d(&[("TERM", "nosuch-direct")]), Depth::TrueColor);
        assert_eq!(d(&[("TERM", "nosuch")]), Depth::Ansi8);
        assert_eq!(d(&[("TERM", "../etc/passwd")]), Depth::Ansi8);
    }

    /// The terminfo reader against `tput colors` (ncurses, the reference) for
    /// the entries Debian ships in `ncurses-base`.
    #[test]
    fn terminfo_colors_agree_with_tput() {
        let mut checked = 0;
        for term in [
            "xterm",
            "xterm-256color",
            "screen",
            "screen-256color",
            "tmux-256color",
            "linux",
            "vt100",
            "dumb",
            "rxvt-unicode-256color",
        ] {
            let out = std::process::Command::new("tput")
                .args(["-T", term, "colors"])
                .output()
                .unwrap_or_else(|e| panic!("cannot run tput ({e}): install ncurses-bin"));
            if !out.status.success() {
                continue; // not in this machine's database
            }
            let want: i32 = String::from_utf8_lossy(&out.stdout).trim().parse().unwrap();
            let e = env(&[]);
            let bytes = terminfo_dirs(&e)
                .iter()
                .find_map(|d| terminfo_file(d, term))
                .unwrap_or_else(|| panic!("tput knows {term} but the reader found no file"));
            assert_eq!(terminfo_colors(&bytes), Some(want), "{term}");
            checked += 1;
        }
        assert!(checked >= 6, "only {checked} entries found");
    }
}
