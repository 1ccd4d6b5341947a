//! Themes: `themes/*.toml` built into the binary (dark, light,
//! high-contrast), overridable by files of the same name in the config
//! folder's `themes/`. `theme = "auto"` (the default) picks dark or light
//! for the terminal's background (see `terminal.rs`).
//!
//! Body text is drawn in the terminal's own colors unless the theme sets
//! `text`/`background`. A theme is written in 24-bit colors and mapped to
//! what the terminal shows (`Theme::at_depth`): at 256 colors to the nearest
//! entry of the xterm table, at 16 and 8 colors so that the marks that
//! matter (selection, search matches, each label's highlight, flagged
//! figures) keep distinct background colors and readable text on them.
//!
//! Annotations are marked with a background tint of their label's color:
//! an underline would cross the dots below Arabic letters (ي would read as
//! ب). Left-to-right text is underlined as well. Overlapping annotations
//! draw in bold with the outer label's color over the inner one's tint; the
//! annotation under the cursor takes its label's full color.
//! `NO_COLOR` drops every color and keeps modifiers.

use std::collections::BTreeMap;
use std::path::Path;

use ratatui::style::{Color, Modifier, Style};
use serde::Deserialize;

use super::config::{ConfigError, parse_error};
use super::palette::{self, Depth, Rgb};
use super::terminal::Background;

/// The built-in themes: (name, TOML text).
pub const BUILTIN: &[(&str, &str)] = &[
    ("dark", include_str!("../../themes/dark.toml")),
    ("light", include_str!("../../themes/light.toml")),
    (
        "high-contrast",
        include_str!("../../themes/high-contrast.toml"),
    ),
];

/// Every key of a theme's `[ui]` table, with what it colors (CONFIG.md
/// lists them; a test keeps the two together).
pub const UI_ROLES: &[(&str, &str)] = &[
    (
        "text",
        "body text; \"default\" (the usual) keeps the terminal's own color",
    ),
    (
        "background",
        "the page behind the text; \"default\" (the usual) keeps the terminal's own",
    ),
    ("header", "pane titles, the hint line, column headings"),
    (
        "header_active",
        "the active pane's title, box titles; \"default\" (the dark theme's) keeps the terminal's own color",
    ),
    ("status_fg", "status line text"),
    ("status_bg", "status line background"),
    ("selection", "background of the selection"),
    ("match", "background of search matches"),
    (
        "border",
        "the separator between the panes and the boxes' frames",
    ),
    ("info", "informational messages"),
    ("warn", "warnings, and the ! beside flagged paragraphs"),
    ("error", "errors, and figures missing from the translation"),
];

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTheme {
    #[allow(dead_code)]
    name: Option<String>,
    /// "dark" or "light": the terminal background the theme is made for.
    kind: Option<String>,
    ui: RawUi,
    #[serde(default)]
    labels: BTreeMap<String, String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawUi {
    text: Option<String>,
    background: Option<String>,
    header: String,
    header_active: String,
    status_fg: String,
    status_bg: String,
    selection: String,
    #[serde(rename = "match")]
    matched: String,
    border: String,
    info: String,
    warn: String,
    error: String,
    /// Older themes' background of the annotation under the cursor, which
    /// now takes its label's color: accepted and ignored.
    #[allow(dead_code)]
    emphasis: Option<String>,
}

/// A background with the text color that reads on it (`Reset`: the
/// terminal's own).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Chip {
    pub fg: Color,
    pub bg: Color,
}

/// How a label is drawn.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LabelColors {
    /// As text: suggestions, lists, menus.
    pub color: Color,
    /// The highlight of an annotation.
    pub tint: Chip,
    /// The annotation under the cursor.
    pub solid: Chip,
    /// At 8 and 16 colors the full color and the tint are one: the
    /// annotation under the cursor is then drawn reversed.
    pub solid_reversed: bool,
}

/// The theme as written: colors before they are mapped to a depth.
#[derive(Clone, Debug, PartialEq)]
struct Spec {
    kind: Background,
    text: Color,
    background: Color,
    header: Color,
    header_active: Color,
    status_fg: Color,
    status_bg: Color,
    selection: Color,
    matched: Color,
    border: Color,
    info: Color,
    warn: Color,
    error: Color,
    labels: BTreeMap<String, Color>,
    other: Color,
}

/// Colors of the screen parts and of each label, for one color depth.
#[derive(Clone, Debug, PartialEq)]
pub struct Theme {
    /// Body text; `Reset` is the terminal's own color.
    pub text: Color,
    /// Body background; `Reset` is the terminal's own.
    pub background: Color,
    pub header: Color,
    pub header_active: Color,
    pub status: Chip,
    pub selection: Chip,
    pub matched: Chip,
    pub border: Color,
    pub info: Color,
    pub warn: Color,
    pub error: Color,
    /// Figures missing from the translation: error-colored text, or at 8
    /// and 16 colors a chip in the error hue.
    pub flag: Chip,
    pub labels: BTreeMap<String, LabelColors>,
    /// For labels the theme does not name.
    pub other: LabelColors,
    /// False under `NO_COLOR`: styles carry modifiers only.
    pub color: bool,
    pub depth: Depth,
    spec: Spec,
}

/// Tint strength over the page: enough to see, little enough that the
/// terminal's own text color still reads on it.
fn tint_alpha(kind: Background) -> f64 {
    match kind {
        Background::Dark => 0.4,
        Background::Light => 0.3,
    }
}

impl Spec {
    /// The page the theme is drawn on: its own background, else black or
    /// white for its kind (what contrast is checked against).
    fn page(&self) -> Rgb {
        Rgb::of(self.background).unwrap_or(match self.kind {
            Background::Dark => Rgb(0, 0, 0),
            Background::Light => Rgb(255, 255, 255),
        })
    }

    /// The text color assumed for `Reset`: a dim default, so that checks
    /// made with it hold for brighter terminal defaults too.
    fn ink(&self) -> Rgb {
        Rgb::of(self.text).unwrap_or(match self.kind {
            Background::Dark => Rgb(0xd0, 0xd0, 0xd0),
            Background::Light => Rgb(0x20, 0x20, 0x20),
        })
    }
}

/// Maps the spec's colors to one depth.
struct Mapper<'a> {
    spec: &'a Spec,
    depth: Depth,
    page: Rgb,
    /// The palette index nearest the page (never used for a mark).
    page_index: Option<u8>,
    /// Background indices taken by earlier marks.
    used: Vec<u8>,
    /// The body text color at this depth.
    text: Color,
}

impl Mapper<'_> {
    fn new(spec: &Spec, depth: Depth) -> Mapper<'_> {
        let page = spec.page();
        let page_index = match depth {
            Depth::Ansi8 | Depth::Ansi16 => Some(if page.luminance() > 0.18 { 7 } else { 0 }),
            Depth::Ansi256 => palette::nearest(page, depth, &|_, _| true),
            _ => None,
        };
        let mut m = Mapper {
            spec,
            depth,
            page,
            page_index,
            used: Vec::new(),
            text: spec.text,
        };
        m.text = m.fg(spec.text, 4.5, page);
        m
    }

    /// Whether text can be read on palette color `i` (black or white text
    /// reaching 4.5:1): at 8 colors xterm's magenta allows neither.
    fn carries_text(&self, i: u8) -> bool {
        let bg = palette::indexed_rgb(i);
        Rgb::of(self.ink_on(bg)).is_some_and(|ink| ink.contrast(bg) >= 4.5)
    }

    fn is_exact(&self, c: Color) -> bool {
        match (self.depth, c) {
            (_, Color::Reset) | (Depth::TrueColor, _) => true,
            (Depth::Ansi256, Color::Indexed(_)) => true,
            (Depth::Ansi256, c) => !matches!(c, Color::Rgb(..)),
            (Depth::Ansi16, Color::Indexed(i)) => i < 16,
            (Depth::Ansi16, c) => !matches!(c, Color::Rgb(..)),
            (Depth::Ansi8, Color::Indexed(i)) => i < 8,
            (Depth::Ansi8, c) => matches!(
                c,
                Color::Black
                    | Color::Red
                    | Color::Green
                    | Color::Yellow
                    | Color::Blue
                    | Color::Magenta
                    | Color::Cyan
                    | Color::Gray
            ),
            (Depth::None, _) => true,
        }
    }

    /// A text color: the nearest with at least `min` contrast on `on`.
    fn fg(&self, c: Color, min: f64, on: Rgb) -> Color {
        let Some(rgb) = Rgb::of(c) else { return c };
        if self.is_exact(c) && rgb.contrast(on) >= min {
            return c;
        }
        let page_index = self.page_index;
        match palette::nearest(rgb, self.depth, &|i, x| {
            Some(i) != page_index && x.contrast(on) >= min
        }) {
            Some(i) => Color::Indexed(i),
            None => c,
        }
    }

    /// Black or white at this depth, whichever reads better on `bg`.
    fn ink_on(&self, bg: Rgb) -> Color {
        let (black, white) = match self.depth {
            Depth::Ansi8 => (0, 7),
            Depth::Ansi16 => (0, 15),
            Depth::Ansi256 => (16, 231),
            _ => return bg.ink().color(),
        };
        let rgb = |i| palette::indexed_rgb(i);
        if bg.contrast(rgb(black)) >= bg.contrast(rgb(white)) {
            Color::Indexed(black)
        } else {
            Color::Indexed(white)
        }
    }

    /// A background mark for color `c` (`hue` decides at 8 and 16 colors,
    /// where a pale tint has no near color but the page), distinct from
    /// the page and, while colors last, from the marks made before. Its
    /// text is the theme's when that reads on it, else black or white.
    fn chip(&mut self, c: Rgb, hue: Rgb) -> Chip {
        let (bg, bg_rgb) = match self.depth {
            Depth::TrueColor | Depth::None => (c.color(), c),
            Depth::Ansi256 => {
                let (page, used) = (self.page_index, self.used.clone());
                let page_rgb = self.page;
                let fresh = |i: u8, x: Rgb| {
                    Some(i) != page && !used.contains(&i) && x.distance(page_rgb) > 8.0
                };
                let i = palette::nearest(c, self.depth, &fresh)
                    .or_else(|| palette::nearest(c, self.depth, &|i, _| Some(i) != page))
                    .unwrap_or(16);
                self.used.push(i);
                (Color::Indexed(i), palette::indexed_rgb(i))
            }
            Depth::Ansi8 | Depth::Ansi16 => {
                let (page, used) = (self.page_index, self.used.clone());
                let readable: Vec<u8> = (0..8).filter(|&i| self.carries_text(i)).collect();
                let ok = |i: u8| Some(i) != page && readable.contains(&i);
                // Distinct while colors last; then shared (only the search
                // match, last in line, ever runs out).
                let i = palette::nearest_hue(hue, &|i| ok(i) && !used.contains(&i))
                    .or_else(|| palette::nearest_hue(hue, &ok))
                    .unwrap_or(4);
                self.used.push(i);
                (Color::Indexed(i), palette::indexed_rgb(i))
            }
        };
        let fg = if self.spec.ink().contrast(bg_rgb) >= 4.5 {
            self.text
        } else {
            self.ink_on(bg_rgb)
        };
        Chip { fg, bg }
    }
}

impl Theme {
    /// Parse theme text; `path` is used in error messages.
    pub fn parse(text: &str, path: &Path) -> Result<Theme, ConfigError> {
        let raw: RawTheme = toml::from_str(text).map_err(|e| parse_error(text, path, &e))?;
        let located = |v: &str, message: String| {
            let at = text.find(&format!("\"{v}\"")).unwrap_or(0);
            let (line, column) = crate::corpus::positions::Positions::new(text).line_column(at);
            ConfigError::Parse {
                path: path.to_path_buf(),
                line,
                column,
                message,
            }
        };
        let color = |field: &str, v: &str| -> Result<Color, ConfigError> {
            palette::parse_color(v).ok_or_else(|| {
                located(
                    v,
                    format!(
                        "{field}: {v:?} is not a color (use \"#rrggbb\", a color name like \"red\", an index 0-255, or \"default\")"
                    ),
                )
            })
        };
        // Everything but text and background must be a real color: they
        // are checked for contrast, and "default" has no known value.
        let solid = |field: &str, v: &str| -> Result<Color, ConfigError> {
            let c = color(field, v)?;
            if c == Color::Reset {
                return Err(located(
                    v,
                    format!(
                        "{field}: needs a color (\"default\" is only for text, background and header_active)"
                    ),
                ));
            }
            Ok(c)
        };
        let kind = match raw.kind.as_deref() {
            None | Some("dark") => Background::Dark,
            Some("light") => Background::Light,
            Some(k) => {
                return Err(located(
                    k,
                    format!("kind: {k:?} is neither \"dark\" nor \"light\""),
                ));
            }
        };
        let u = &raw.ui;
        let mut labels = BTreeMap::new();
        let mut other = Color::Magenta;
        for (k, v) in &raw.labels {
            let c = solid(&format!("labels.{k}"), v)?;
            if k == "other" {
                other = c;
            } else {
                labels.insert(k.clone(), c);
            }
        }
        let spec = Spec {
            kind,
            text: color("ui.text", u.text.as_deref().unwrap_or("default"))?,
            background: color(
                "ui.background",
                u.background.as_deref().unwrap_or("default"),
            )?,
            header: solid("ui.header", &u.header)?,
            // "default" is allowed: the terminal's own text color reads on
            // whatever its background is, even one the theme guessed wrong.
            header_active: color("ui.header_active", &u.header_active)?,
            status_fg: solid("ui.status_fg", &u.status_fg)?,
            status_bg: solid("ui.status_bg", &u.status_bg)?,
            selection: solid("ui.selection", &u.selection)?,
            matched: solid("ui.match", &u.matched)?,
            border: solid("ui.border", &u.border)?,
            info: solid("ui.info", &u.info)?,
            warn: solid("ui.warn", &u.warn)?,
            error: solid("ui.error", &u.error)?,
            labels,
            other,
        };
        Ok(Theme::build(spec, Depth::TrueColor))
    }

    /// The theme for a terminal showing `depth` colors.
    pub fn at_depth(&self, depth: Depth) -> Theme {
        if depth == Depth::None {
            return Theme::build(self.spec.clone(), Depth::TrueColor).without_color();
        }
        let t = Theme::build(self.spec.clone(), depth);
        if self.color { t } else { t.without_color() }
    }

    fn build(spec: Spec, depth: Depth) -> Theme {
        let mut m = Mapper::new(&spec, depth);
        let page = m.page;
        let rgb = |c: Color| Rgb::of(c).unwrap_or(page);
        let ansi = matches!(depth, Depth::Ansi8 | Depth::Ansi16);
        let background = match Rgb::of(spec.background) {
            Some(c) if !m.is_exact(spec.background) => {
                palette::nearest(c, depth, &|_, _| true).map_or(spec.background, Color::Indexed)
            }
            _ => spec.background,
        };
        let text = m.text;
        // Figures without a counterpart: error-colored text where the
        // error color reads on the page, else a chip of its hue.
        let flag = {
            let fg = m.fg(spec.error, 4.5, page);
            if !ansi && Rgb::of(fg).is_some_and(|c| c.contrast(page) >= 4.5) {
                Chip { fg, bg: background }
            } else {
                m.chip(rgb(spec.error), rgb(spec.error))
            }
        };
        let selection = m.chip(rgb(spec.selection), rgb(spec.selection));
        let alpha = tint_alpha(spec.kind);
        let label = |m: &mut Mapper, c: Color| -> LabelColors {
            let strong = rgb(c);
            let tint = m.chip(strong.mix(page, alpha), strong);
            let (solid, solid_reversed) = if ansi {
                (tint, true)
            } else {
                let bg = m.fg(c, 1.0, page);
                let bg_rgb = rgb(bg);
                (
                    Chip {
                        fg: m.ink_on(bg_rgb),
                        bg,
                    },
                    false,
                )
            };
            LabelColors {
                color: m.fg(c, 4.5, page),
                tint,
                solid,
                solid_reversed,
            }
        };
        let labels: BTreeMap<String, LabelColors> = spec
            .labels
            .iter()
            .map(|(k, &c)| (k.clone(), label(&mut m, c)))
            .collect();
        let other = label(&mut m, spec.other);
        let matched = m.chip(rgb(spec.matched), rgb(spec.matched));
        let status = if ansi {
            // Reverse video: the terminal's own colors swapped, never a
            // mark's color.
            Chip {
                fg: Color::Reset,
                bg: Color::Reset,
            }
        } else {
            let bg = m.fg(spec.status_bg, 1.0, page);
            Chip {
                fg: m.fg(spec.status_fg, 4.5, rgb(bg)),
                bg,
            }
        };
        Theme {
            text,
            background,
            header: m.fg(spec.header, 4.5, page),
            header_active: m.fg(spec.header_active, 4.5, page),
            status,
            selection,
            matched,
            border: m.fg(spec.border, 3.0, page),
            info: m.fg(spec.info, 4.5, page),
            warn: m.fg(spec.warn, 4.5, page),
            error: m.fg(spec.error, 3.0, page),
            flag,
            labels,
            other,
            color: true,
            depth,
            spec,
        }
    }

    /// A built-in theme by name.
    pub fn builtin(name: &str) -> Option<Theme> {
        let (_, text) = BUILTIN.iter().find(|(n, _)| *n == name)?;
        Theme::parse(text, Path::new(&format!("themes/{name}.toml"))).ok()
    }

    /// The default theme (dark), which the tests prove parses.
    pub fn fallback() -> Theme {
        match Theme::builtin("dark") {
            Some(t) => t,
            None => {
                let spec = Spec {
                    kind: Background::Dark,
                    text: Color::Reset,
                    background: Color::Reset,
                    header: Color::Gray,
                    header_active: Color::White,
                    status_fg: Color::Black,
                    status_bg: Color::Gray,
                    selection: Color::Blue,
                    matched: Color::Yellow,
                    border: Color::Gray,
                    info: Color::Green,
                    warn: Color::Yellow,
                    error: Color::LightRed,
                    labels: BTreeMap::new(),
                    other: Color::Magenta,
                };
                Theme::build(spec, Depth::TrueColor)
            }
        }
    }

    /// Load theme `name`: `config_dir/themes/<name>.toml` when it exists, else
    /// the built-in one. An error leaves the caller to fall back.
    pub fn load(name: &str, config_dir: Option<&Path>) -> Result<Theme, ConfigError> {
        if let Some(dir) = config_dir {
            let path = dir.join("themes").join(format!("{name}.toml"));
            match std::fs::read_to_string(&path) {
                Ok(text) => return Theme::parse(&text, &path),
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                Err(e) => {
                    return Err(ConfigError::Io {
                        path,
                        message: e.to_string(),
                    });
                }
            }
        }
        Theme::builtin(name).ok_or_else(|| ConfigError::UnknownTheme {
            name: name.to_string(),
            known: BUILTIN
                .iter()
                .map(|(n, _)| *n)
                .chain(["auto"])
                .collect::<Vec<_>>()
                .join(", "),
        })
    }

    /// Drop colors (for `NO_COLOR`).
    pub fn without_color(mut self) -> Theme {
        self.color = false;
        self
    }

    fn fg(&self, c: Color) -> Style {
        if self.color {
            Style::default().fg(c)
        } else {
            Style::default()
        }
    }

    fn chip(&self, s: Style, c: Chip) -> Style {
        s.fg(c.fg).bg(c.bg)
    }

    pub fn label(&self, label: &str) -> &LabelColors {
        self.labels.get(label).unwrap_or(&self.other)
    }

    /// A label's color as text (lists, menus, suggestions).
    pub fn label_color(&self, label: &str) -> Color {
        self.label(label).color
    }

    pub fn text_style(&self) -> Style {
        if self.color {
            Style::default().fg(self.text).bg(self.background)
        } else {
            Style::default()
        }
    }

    pub fn header(&self, active: bool) -> Style {
        if active {
            self.fg(self.header_active)
                .add_modifier(Modifier::BOLD | Modifier::UNDERLINED)
        } else {
            self.fg(self.header)
        }
    }

    pub fn status(&self) -> Style {
        if self.color && self.status.bg != Color::Reset {
            self.chip(Style::default(), self.status)
        } else {
            Style::default().add_modifier(Modifier::REVERSED)
        }
    }

    pub fn border(&self) -> Style {
        self.fg(self.border)
    }

    pub fn message(&self, level: crate::app::Level) -> Style {
        use crate::app::Level;
        match level {
            Level::Info => self.fg(self.info),
            Level::Warn => self.fg(self.warn).add_modifier(Modifier::BOLD),
            Level::Error => self.fg(self.error).add_modifier(Modifier::BOLD),
        }
    }

    /// The `!` on the separator at a bead whose figures disagree.
    pub fn flag_mark(&self) -> Style {
        self.fg(self.warn).add_modifier(Modifier::BOLD)
    }

    /// A figure with no counterpart on the other side: the error color
    /// (text, or a chip at 8 and 16 colors), bold, underlined where the
    /// text runs left to right (digits do, even in Arabic).
    pub fn flagged(&self, base: Style, rtl: bool) -> Style {
        let mut s = base.add_modifier(Modifier::BOLD);
        if !rtl {
            s = s.add_modifier(Modifier::UNDERLINED);
        }
        if self.color {
            s = self.chip(s, self.flag);
        }
        s
    }

    /// The selection's background (reverse video without colors).
    pub fn selected(&self, s: Style) -> Style {
        if self.color {
            self.chip(s, self.selection)
        } else {
            s.add_modifier(Modifier::REVERSED)
        }
    }

    /// A search match's background (italic without colors).
    pub fn matched(&self, s: Style) -> Style {
        if self.color {
            self.chip(s, self.matched)
        } else {
            s.add_modifier(Modifier::ITALIC)
        }
    }

    /// Style for a cell covered by annotations `labels` (outermost first),
    /// `suggested` when none of them is accepted, `current` when one of
    /// them is under the cursor, `rtl` for right-to-left text (no underline:
    /// it would cross the dots below the letters).
    pub fn annotated(
        &self,
        base: Style,
        labels: &[&str],
        suggested: bool,
        current: bool,
        rtl: bool,
    ) -> Style {
        let Some(inner) = labels.last() else {
            return base;
        };
        let lc = self.label(inner);
        let overlap = labels.len() > 1;
        if !self.color {
            // Modifiers only: italic and dim for a suggestion; underlined
            // (left to right) or bold (right to left) for an annotation;
            // both for overlaps; reverse video under the cursor.
            if suggested {
                return base.add_modifier(Modifier::DIM | Modifier::ITALIC);
            }
            let mut s = base.add_modifier(if rtl {
                Modifier::BOLD
            } else {
                Modifier::UNDERLINED
            });
            if overlap {
                s = s.add_modifier(Modifier::BOLD | Modifier::ITALIC);
            }
            if current {
                s = s.add_modifier(Modifier::REVERSED);
            }
            return s;
        }
        if suggested {
            return base.fg(lc.color).add_modifier(Modifier::ITALIC);
        }
        let mut s = if current {
            let s = self.chip(base, lc.solid).add_modifier(Modifier::BOLD);
            if lc.solid_reversed {
                s.add_modifier(Modifier::REVERSED)
            } else {
                s
            }
        } else {
            self.chip(base, lc.tint)
        };
        if overlap && !current {
            let outer = self.label(labels[0]).color;
            let readable = match (Rgb::of(outer), Rgb::of(lc.tint.bg)) {
                (Some(a), Some(b)) => a.contrast(b) >= 4.5,
                _ => false,
            };
            s = s.add_modifier(Modifier::BOLD);
            if readable {
                s = s.fg(outer);
            }
        }
        // No underline color (SGR 58): xterm does not know it and reads
        // `58;5;n` as blink and a bright foreground.
        if !rtl {
            s = s.add_modifier(Modifier::UNDERLINED);
        }
        s
    }

    /// The cursor: reverse video. On the annotation under the cursor at 8
    /// and 16 colors, which is reversed already, it flips back (and is
    /// underlined). Without colors it is bold too, and stays reversed inside
    /// a selection (which is reverse video there).
    pub fn cursor(&self, s: Style) -> Style {
        if !self.color {
            s.add_modifier(Modifier::REVERSED | Modifier::BOLD)
        } else if s.add_modifier.contains(Modifier::REVERSED) {
            s.remove_modifier(Modifier::REVERSED)
                .add_modifier(Modifier::UNDERLINED)
        } else {
            s.add_modifier(Modifier::REVERSED)
        }
    }

    /// Every color a text is drawn in on this theme, with what it is drawn
    /// on and the least contrast it needs: (role, text, background, minimum).
    /// `None` is the terminal's own (assumed: the theme's kind of page).
    pub fn contrast_pairs(&self) -> Vec<(String, Option<Rgb>, Option<Rgb>, f64)> {
        let c = |x: Color| Rgb::of(x);
        let mut v = vec![
            ("text".to_string(), c(self.text), c(self.background), 4.5),
            ("header".into(), c(self.header), c(self.background), 4.5),
            (
                "header_active".into(),
                c(self.header_active),
                c(self.background),
                4.5,
            ),
            ("info".into(), c(self.info), c(self.background), 4.5),
            ("warn".into(), c(self.warn), c(self.background), 4.5),
            ("error".into(), c(self.error), c(self.background), 3.0),
            ("border".into(), c(self.border), c(self.background), 3.0),
            (
                "selection".into(),
                c(self.selection.fg),
                c(self.selection.bg),
                4.5,
            ),
            ("match".into(), c(self.matched.fg), c(self.matched.bg), 4.5),
            ("flag".into(), c(self.flag.fg), c(self.flag.bg), 4.5),
        ];
        if self.status.bg != Color::Reset {
            v.push(("status".into(), c(self.status.fg), c(self.status.bg), 4.5));
        }
        let all: Vec<(&str, &LabelColors)> = self
            .labels
            .iter()
            .map(|(k, l)| (k.as_str(), l))
            .chain([("other", &self.other)])
            .collect();
        for (name, l) in &all {
            v.push((
                format!("labels.{name}"),
                c(l.color),
                c(self.background),
                4.5,
            ));
            v.push((
                format!("labels.{name} highlight"),
                c(l.tint.fg),
                c(l.tint.bg),
                4.5,
            ));
            v.push((
                format!("labels.{name} under the cursor"),
                c(l.solid.fg),
                c(l.solid.bg),
                4.5,
            ));
        }
        v
    }

    /// What `None` in `contrast_pairs` stands for: (text, page).
    pub fn assumed(&self) -> (Rgb, Rgb) {
        (self.spec.ink(), self.spec.page())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const DEPTHS: [Depth; 4] = [
        Depth::TrueColor,
        Depth::Ansi256,
        Depth::Ansi16,
        Depth::Ansi8,
    ];

    #[test]
    fn every_builtin_theme_parses_and_colors_the_labels() {
        for (name, text) in BUILTIN {
            let t = Theme::parse(text, Path::new(name)).unwrap_or_else(|e| panic!("{name}: {e}"));
            for label in ["claim", "figure", "entity"] {
                assert!(t.labels.contains_key(label), "{name} lacks {label}");
            }
            // Labels must be told apart.
            let c: std::collections::BTreeSet<String> =
                t.labels.values().map(|c| c.color.to_string()).collect();
            assert_eq!(c.len(), t.labels.len(), "{name}: two labels share a color");
        }
    }

    /// WCAG: every text color of every built-in theme, at every depth,
    /// against what it is drawn on: 4.5:1 for text, 3:1 for the separator
    /// and for bold error messages.
    #[test]
    fn every_text_color_of_every_builtin_theme_has_enough_contrast() {
        let mut checked = 0;
        for (name, _) in BUILTIN {
            for depth in DEPTHS {
                let t = Theme::builtin(name).unwrap().at_depth(depth);
                let (ink, page) = t.assumed();
                for (role, fg, bg, min) in t.contrast_pairs() {
                    let (fg, bg) = (fg.unwrap_or(ink), bg.unwrap_or(page));
                    let r = fg.contrast(bg);
                    assert!(
                        r >= min,
                        "{name} at {depth:?}: {role} {} on {} is {r:.2}:1, under {min}:1",
                        fg.hex(),
                        bg.hex()
                    );
                    checked += 1;
                }
                // Overlaps: the outer label's color on each other label's tint,
                // where the theme uses it (it falls back to the tint's text).
                for (a, la) in &t.labels {
                    for (b, lb) in &t.labels {
                        let (Some(x), Some(y)) = (Rgb::of(la.color), Rgb::of(lb.tint.bg)) else {
                            continue;
                        };
                        let s = t.annotated(Style::default(), &[a, b], false, false, true);
                        if s.fg == Some(la.color) {
                            assert!(x.contrast(y) >= 4.5, "{name} {depth:?}: {a} over {b}");
                        }
                    }
                }
            }
        }
        assert!(checked > 100, "{checked}");
    }

    /// A terminal that does not answer the background query (tmux 3.3a) is
    /// taken for dark, and may be white: the dark theme's titles, hints and
    /// messages, drawn on the terminal's own page, read on white too.
    #[test]
    fn the_dark_theme_s_page_text_reads_on_white_as_well() {
        let t = Theme::builtin("dark").unwrap().at_depth(Depth::TrueColor);
        let white = Rgb(255, 255, 255);
        let mut checked = 0;
        for (role, fg, bg, min) in t.contrast_pairs() {
            let on_page =
                bg.is_none() && ["header", "info", "warn", "error"].contains(&role.as_str());
            let Some(fg) = fg.filter(|_| on_page) else {
                continue;
            };
            let r = fg.contrast(white);
            assert!(r >= min, "dark: {role} {} on white is {r:.2}:1", fg.hex());
            checked += 1;
        }
        assert_eq!(checked, 4);
    }

    /// At every depth the marks that matter keep distinct backgrounds, none
    /// the page's, and the separator is not the page color.
    #[test]
    fn marks_stay_distinct_and_visible_at_every_depth() {
        for (name, _) in BUILTIN {
            for depth in DEPTHS {
                let t = Theme::builtin(name).unwrap().at_depth(depth);
                let (_, page) = t.assumed();
                let mut bgs = vec![("selection", t.selection.bg)];
                if t.flag.bg != t.background {
                    bgs.push(("flag", t.flag.bg));
                }
                for (k, l) in &t.labels {
                    bgs.push((k.as_str(), l.tint.bg));
                }
                bgs.push(("other", t.other.tint.bg));
                for (i, (a, x)) in bgs.iter().enumerate() {
                    let xr = Rgb::of(*x).unwrap_or(page);
                    assert!(
                        xr.distance(page) > 8.0,
                        "{name} {depth:?}: {a} {} is the page {}",
                        xr.hex(),
                        page.hex()
                    );
                    for (b, y) in &bgs[i + 1..] {
                        assert_ne!(x, y, "{name} {depth:?}: {a} and {b} share a background");
                    }
                }
                let border = Rgb::of(t.border).unwrap();
                assert!(border.contrast(page) >= 3.0, "{name} {depth:?}: border");
                assert_ne!(t.border, t.warn, "{name} {depth:?}: ! on the separator");
                // The annotation under the cursor differs from the others.
                for l in t.labels.values() {
                    assert!(l.solid != l.tint || l.solid_reversed);
                }
            }
        }
    }

    #[test]
    fn eight_colors_use_only_the_eight() {
        for (name, _) in BUILTIN {
            let t = Theme::builtin(name).unwrap().at_depth(Depth::Ansi8);
            let mut all = vec![
                t.text,
                t.background,
                t.header,
                t.header_active,
                t.border,
                t.info,
                t.warn,
                t.error,
                t.selection.fg,
                t.selection.bg,
                t.matched.fg,
                t.matched.bg,
                t.flag.fg,
                t.flag.bg,
            ];
            for l in t.labels.values().chain([&t.other]) {
                all.extend([l.color, l.tint.fg, l.tint.bg, l.solid.fg, l.solid.bg]);
            }
            for c in all {
                assert!(
                    matches!(c, Color::Reset) || matches!(c, Color::Indexed(i) if i < 8),
                    "{name}: {c:?}"
                );
            }
        }
    }

    #[test]
    fn bad_color_names_its_line_and_column() {
        let text = BUILTIN[0].1.replace("\"#61afef\"", "\"blueish\"");
        assert_ne!(text, BUILTIN[0].1);
        let err = Theme::parse(&text, Path::new("t.toml"))
            .unwrap_err()
            .to_string();
        let line = text.lines().position(|l| l.contains("blueish")).unwrap() + 1;
        assert!(err.starts_with(&format!("t.toml:{line}:10: ")), "{err}");
    }

    #[test]
    fn no_color_keeps_modifiers_only() {
        let t = Theme::fallback().without_color();
        let s = t.annotated(Style::default(), &["claim"], false, false, false);
        assert_eq!(s.fg, None);
        assert!(s.add_modifier.contains(Modifier::UNDERLINED));
        assert_eq!(t.status().bg, None);
    }

    #[test]
    fn arabic_highlights_are_backgrounds_never_underlines() {
        for (name, _) in BUILTIN {
            for depth in DEPTHS {
                let t = Theme::builtin(name).unwrap().at_depth(depth);
                let b = Style::default();
                let one = t.annotated(b, &["claim"], false, false, true);
                let two = t.annotated(b, &["claim", "entity"], false, false, true);
                let cur = t.annotated(b, &["claim"], false, true, true);
                for s in [one, two, cur] {
                    assert!(!s.add_modifier.contains(Modifier::UNDERLINED), "{name}");
                    assert!(s.bg.is_some_and(|c| c != Color::Reset), "{name} {s:?}");
                }
                assert_ne!(one, two, "{name} {depth:?}: overlap");
                assert_ne!(one, cur, "{name} {depth:?}: under the cursor");
                assert_ne!(two, cur, "{name} {depth:?}");
                // Left to right keeps its underline.
                let ltr = t.annotated(b, &["claim"], false, false, false);
                assert!(ltr.add_modifier.contains(Modifier::UNDERLINED));
            }
        }
    }
}
