//! Themes: `themes/*.toml` built into the binary (dark, light,
//! high-contrast), overridable by files of the same name in the config
//! folder's `themes/`. `NO_COLOR` drops every color and keeps modifiers.

use std::collections::BTreeMap;
use std::path::Path;
use std::str::FromStr;

use ratatui::style::{Color, Modifier, Style};
use serde::Deserialize;

use super::config::{ConfigError, parse_error};

/// The built-in themes: (name, TOML text).
pub const BUILTIN: &[(&str, &str)] = &[
    ("dark", include_str!("../../themes/dark.toml")),
    ("light", include_str!("../../themes/light.toml")),
    (
        "high-contrast",
        include_str!("../../themes/high-contrast.toml"),
    ),
];

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTheme {
    #[allow(dead_code)]
    name: Option<String>,
    ui: RawUi,
    #[serde(default)]
    labels: BTreeMap<String, String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawUi {
    text: String,
    header: String,
    header_active: String,
    status_fg: String,
    status_bg: String,
    selection: String,
    emphasis: String,
    #[serde(rename = "match")]
    matched: String,
    border: String,
    info: String,
    warn: String,
    error: String,
}

/// Colors of the screen parts and of each label.
#[derive(Clone, Debug, PartialEq)]
pub struct Theme {
    pub text: Color,
    pub header: Color,
    pub header_active: Color,
    pub status_fg: Color,
    pub status_bg: Color,
    pub selection: Color,
    pub emphasis: Color,
    pub matched: Color,
    pub border: Color,
    pub info: Color,
    pub warn: Color,
    pub error: Color,
    pub labels: BTreeMap<String, Color>,
    /// Label color for labels the theme does not name.
    pub other: Color,
    /// False under `NO_COLOR`: styles carry modifiers only.
    pub color: bool,
}

impl Theme {
    /// Parse theme text; `path` is used in error messages.
    pub fn parse(text: &str, path: &Path) -> Result<Theme, ConfigError> {
        let raw: RawTheme = toml::from_str(text).map_err(|e| parse_error(text, path, &e))?;
        let color = |field: &str, v: &str| -> Result<Color, ConfigError> {
            Color::from_str(v).map_err(|_| {
                let at = text.find(&format!("\"{v}\"")).unwrap_or(0);
                let (line, column) = crate::corpus::manifest::line_column(text, at);
                ConfigError::Parse {
                    path: path.to_path_buf(),
                    line,
                    column,
                    message: format!(
                        "{field}: {v:?} is not a color (use \"#rrggbb\", a color name like \"red\", or \"reset\")"
                    ),
                }
            })
        };
        let u = &raw.ui;
        let mut labels = BTreeMap::new();
        let mut other = Color::Magenta;
        for (k, v) in &raw.labels {
            let c = color(&format!("labels.{k}"), v)?;
            if k == "other" {
                other = c;
            } else {
                labels.insert(k.clone(), c);
            }
        }
        Ok(Theme {
            text: color("ui.text", &u.text)?,
            header: color("ui.header", &u.header)?,
            header_active: color("ui.header_active", &u.header_active)?,
            status_fg: color("ui.status_fg", &u.status_fg)?,
            status_bg: color("ui.status_bg", &u.status_bg)?,
            selection: color("ui.selection", &u.selection)?,
            emphasis: color("ui.emphasis", &u.emphasis)?,
            matched: color("ui.match", &u.matched)?,
            border: color("ui.border", &u.border)?,
            info: color("ui.info", &u.info)?,
            warn: color("ui.warn", &u.warn)?,
            error: color("ui.error", &u.error)?,
            labels,
            other,
            color: true,
        })
    }

    /// A built-in theme by name.
    pub fn builtin(name: &str) -> Option<Theme> {
        let (_, text) = BUILTIN.iter().find(|(n, _)| *n == name)?;
        Theme::parse(text, Path::new(&format!("themes/{name}.toml"))).ok()
    }

    /// The default theme (dark), which the tests prove parses.
    pub fn fallback() -> Theme {
        Theme::builtin("dark").unwrap_or(Theme {
            text: Color::Reset,
            header: Color::Reset,
            header_active: Color::Reset,
            status_fg: Color::Reset,
            status_bg: Color::Reset,
            selection: Color::Blue,
            emphasis: Color::Magenta,
            matched: Color::Yellow,
            border: Color::Reset,
            info: Color::Reset,
            warn: Color::Yellow,
            error: Color::Red,
            labels: BTreeMap::new(),
            other: Color::Magenta,
            color: true,
        })
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

    pub fn label_color(&self, label: &str) -> Color {
        self.labels.get(label).copied().unwrap_or(self.other)
    }

    pub fn text_style(&self) -> Style {
        self.fg(self.text)
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
        if self.color {
            Style::default().fg(self.status_fg).bg(self.status_bg)
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

    /// A figure with no counterpart on the other side: the error color,
    /// underlined in it; bold and underlined when colors are off.
    pub fn flagged(&self, base: Style) -> Style {
        let s = base.add_modifier(Modifier::UNDERLINED | Modifier::BOLD);
        if self.color {
            s.fg(self.error).underline_color(self.error)
        } else {
            s
        }
    }

    /// Add a background, or a modifier when colors are off.
    pub fn with_bg(&self, s: Style, c: Color, fallback: Modifier) -> Style {
        if self.color {
            s.bg(c)
        } else {
            s.add_modifier(fallback)
        }
    }

    /// Style for a cell covered by annotations `labels` (outermost first),
    /// `suggested` when none of them is accepted.
    pub fn annotated(&self, base: Style, labels: &[&str], suggested: bool) -> Style {
        let Some(inner) = labels.last() else {
            return base;
        };
        let mut s = if self.color {
            base.fg(self.label_color(inner))
        } else {
            base
        };
        if suggested {
            return s.add_modifier(Modifier::DIM | Modifier::ITALIC);
        }
        s = s.add_modifier(Modifier::UNDERLINED);
        if labels.len() > 1 {
            s = s.add_modifier(Modifier::BOLD);
            if self.color {
                s = s.underline_color(self.label_color(labels[0]));
            }
        }
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_builtin_theme_parses_and_colors_the_labels() {
        for (name, text) in BUILTIN {
            let t = Theme::parse(text, Path::new(name)).unwrap_or_else(|e| panic!("{name}: {e}"));
            for label in ["claim", "figure", "entity"] {
                assert!(t.labels.contains_key(label), "{name} lacks {label}");
            }
            // Labels must be told apart.
            let c: std::collections::BTreeSet<String> =
                t.labels.values().map(|c| c.to_string()).collect();
            assert_eq!(c.len(), t.labels.len(), "{name}: two labels share a color");
        }
    }

    #[test]
    fn bad_color_names_its_line_and_column() {
        let text = BUILTIN[0].1.replace("\"#61afef\"", "\"blueish\"");
        let err = Theme::parse(&text, Path::new("t.toml"))
            .unwrap_err()
            .to_string();
        let line = text.lines().position(|l| l.contains("blueish")).unwrap() + 1;
        assert!(err.starts_with(&format!("t.toml:{line}:10: ")), "{err}");
    }

    #[test]
    fn no_color_keeps_modifiers_only() {
        let t = Theme::fallback().without_color();
        let s = t.annotated(Style::default(), &["claim"], false);
        assert_eq!(s.fg, None);
        assert!(s.add_modifier.contains(Modifier::UNDERLINED));
        assert_eq!(t.status().bg, None);
    }
}
