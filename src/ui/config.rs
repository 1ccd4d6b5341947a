//! `config.toml` in the config folder (found with the `directories` crate):
//! annotator name, theme, shaping, lam-alef ligatures and key overrides.
//!
//! ```toml
//! annotator = "salma"
//! theme = "light"
//! colors = "256"
//! shaping = true
//! lam_alef = false
//!
//! [keys.reader]
//! "ctrl-d" = "page-down"
//! "x" = "none"          # unbind
//! ```
//!
//! Each mistake in the file is reported as file:line:column and only that
//! entry is left out: the rest of the file still counts. The file is never
//! rewritten. Every key is listed in docs/CONFIG.md.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use toml::de::{DeTable, DeValue};

/// A config or theme file that could not be used.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum ConfigError {
    #[error("{}:{line}:{column}: {message}", path.display())]
    Parse {
        path: PathBuf,
        line: usize,
        column: usize,
        message: String,
    },
    #[error("{}: {message}", path.display())]
    Io { path: PathBuf, message: String },
    /// More than one mistake in a file, in file order.
    #[error("{}", .0.iter().map(|e| e.to_string()).collect::<Vec<_>>().join("  ·  "))]
    Several(Vec<ConfigError>),
    #[error(
        "no theme named {name:?} (built in: {known}; or put {name}.toml in the config folder's themes/)"
    )]
    UnknownTheme { name: String, known: String },
}

/// Turn a TOML error into one naming file:line:column.
pub fn parse_error(text: &str, path: &Path, e: &toml::de::Error) -> ConfigError {
    let (line, column) = e
        .span()
        .map(|s| crate::corpus::positions::Positions::new(text).line_column(s.start))
        .unwrap_or((1, 1));
    ConfigError::Parse {
        path: path.to_path_buf(),
        line,
        column,
        message: e.message().trim().to_string(),
    }
}

/// The keys of `config.toml`, with what they set (CONFIG.md lists them; a
/// test keeps the two together).
pub const KEYS: &[(&str, &str)] = &[
    (
        "annotator",
        "your name, recorded in every annotation you make (default: $USER). `--annotator NAME` and `HASHIYA_ANNOTATOR` come before it; in a team corpus it must be one of `[team] annotators` and chooses the layer you edit",
    ),
    (
        "theme",
        "\"auto\" (default: dark or light, for the terminal's background), \"dark\", \"light\", \"high-contrast\", or the name of your own themes/NAME.toml",
    ),
    (
        "colors",
        "\"auto\" (default: from COLORTERM and TERM), \"truecolor\", \"256\", \"16\", \"8\" or \"none\"",
    ),
    (
        "shaping",
        "join Arabic letters into their contextual forms (default: true)",
    ),
    (
        "lam_alef",
        "draw lam-alef as one ligature cell (default: true)",
    ),
    (
        "keys",
        "key binding overrides: tables [keys.reader], [keys.browser], [keys.list], [keys.adjudicate] of \"key\" = \"command\"",
    ),
];

/// Key binding modes under `[keys]`.
const MODES: &[&str] = &["reader", "browser", "list", "adjudicate"];

/// The user's settings.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Config {
    pub annotator: String,
    /// `auto` or a theme name.
    pub theme: String,
    /// `auto` or a color depth name (`truecolor`, `256`, `16`, `8`, `none`).
    pub colors: String,
    pub shaping: bool,
    pub lam_alef: bool,
    /// Key overrides per mode (`reader`, `browser`, `list`): key -> command
    /// name (or `none`), already checked.
    pub keys: BTreeMap<String, Vec<(String, String)>>,
}

/// serde's words for a TOML value's type, so messages read alike.
fn type_of(v: &DeValue) -> String {
    match v {
        DeValue::String(s) => format!("string {s:?}"),
        DeValue::Integer(i) => format!("integer `{}`", i.as_str()),
        DeValue::Float(f) => format!("floating point `{}`", f.as_str()),
        DeValue::Boolean(b) => format!("boolean `{b}`"),
        DeValue::Datetime(d) => format!("datetime `{d}`"),
        DeValue::Array(_) => "sequence".into(),
        DeValue::Table(_) => "map".into(),
    }
}

fn expected_one_of(names: &[&str]) -> String {
    names
        .iter()
        .map(|n| format!("`{n}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

impl Config {
    /// Defaults; the annotator comes from `$USER` (or `$USERNAME`).
    pub fn defaults() -> Config {
        let annotator = std::env::var("USER")
            .or_else(|_| std::env::var("USERNAME"))
            .ok()
            .filter(|u| !u.trim().is_empty())
            .unwrap_or_else(|| "anonymous".into());
        Config {
            annotator,
            theme: "auto".into(),
            colors: "auto".into(),
            shaping: true,
            lam_alef: true,
            keys: BTreeMap::new(),
        }
    }

    /// Parse config text; `path` is used in error messages only. Fails with
    /// the first mistake in the file (`parse_lenient` keeps going).
    pub fn parse(text: &str, path: &Path) -> Result<Config, ConfigError> {
        let (c, mut errors) = Config::parse_lenient(text, path);
        if errors.is_empty() {
            Ok(c)
        } else {
            Err(errors.remove(0))
        }
    }

    /// Parse config text, keeping every entry that is right: each mistake
    /// (a syntax error, an unknown key, a wrong type, a bad key binding) is
    /// reported with its line and column, in file order, and only that
    /// entry is left out. The annotator name is never lost to a typo
    /// elsewhere.
    pub fn parse_lenient(text: &str, path: &Path) -> (Config, Vec<ConfigError>) {
        let (table, syntax) = DeTable::parse_recoverable(text);
        let mut errors: Vec<(usize, ConfigError)> = syntax
            .iter()
            .map(|e| (e.span().map_or(0, |s| s.start), parse_error(text, path, e)))
            .collect();
        let mut err = |at: usize, message: String| {
            errors.push((at, located(text, path, at, &message)));
        };
        let mut c = Config::defaults();
        for (key, value) in table.get_ref() {
            let (k, at) = (key.get_ref().as_ref(), value.span().start);
            let v = value.get_ref();
            let string = |v: &DeValue| v.as_str().map(str::to_string);
            let bad_type = |want: &str| format!("invalid type: {}, expected {want}", type_of(v));
            match k {
                "annotator" => match string(v) {
                    Some(a) if a.trim().is_empty() || a.chars().any(char::is_control) => err(
                        at,
                        "annotator must be a non-empty name without control characters".into(),
                    ),
                    Some(a) => c.annotator = a,
                    None => err(at, bad_type("a string")),
                },
                "theme" => match string(v) {
                    Some(t) if !t.trim().is_empty() => c.theme = t,
                    Some(_) => err(at, "theme must be a name (or \"auto\")".into()),
                    None => err(at, bad_type("a string")),
                },
                "colors" => match string(v) {
                    Some(d) if d == "auto" || super::palette::Depth::from_name(&d).is_some() => {
                        c.colors = d
                    }
                    Some(d) => err(
                        at,
                        format!(
                            "colors: {d:?} is not one of \"auto\", \"truecolor\", \"256\", \"16\", \"8\", \"none\""
                        ),
                    ),
                    None => err(at, bad_type("a string")),
                },
                "shaping" | "lam_alef" => match v.as_bool() {
                    Some(b) if k == "shaping" => c.shaping = b,
                    Some(b) => c.lam_alef = b,
                    None => err(at, bad_type("a boolean")),
                },
                "keys" => {
                    let Some(modes) = v.as_table() else {
                        err(at, bad_type("a table"));
                        continue;
                    };
                    for (mode, map) in modes {
                        let (m, mat) = (mode.get_ref().as_ref(), mode.span().start);
                        if !MODES.contains(&m) {
                            err(
                                mat,
                                format!(
                                    "unknown field `{m}`, expected one of {}",
                                    expected_one_of(MODES)
                                ),
                            );
                            continue;
                        }
                        let Some(map) = map.get_ref().as_table() else {
                            err(
                                map.span().start,
                                format!(
                                    "invalid type: {}, expected a table",
                                    type_of(map.get_ref())
                                ),
                            );
                            continue;
                        };
                        let list = c.keys.entry(m.to_string()).or_default();
                        for (key, cmd) in map {
                            let key_at = key.span().start;
                            let key = key.get_ref().to_string();
                            if super::keymap::parse_key(&key).is_none() {
                                err(
                                    key_at,
                                    format!(
                                        "{key:?} is not a key (examples: \"x\", \"G\", \"ctrl-d\", \"shift-left\", \"pagedown\", \"f2\")"
                                    ),
                                );
                                continue;
                            }
                            let cmd_at = cmd.span().start;
                            let Some(name) = cmd.get_ref().as_str() else {
                                err(
                                    cmd_at,
                                    format!(
                                        "invalid type: {}, expected a command name",
                                        type_of(cmd.get_ref())
                                    ),
                                );
                                continue;
                            };
                            if name != "none" && crate::app::Command::from_name(name).is_none() {
                                err(
                                    cmd_at,
                                    format!(
                                        "{name:?} is not a command (see docs/CONFIG.md or the help screen, `?`, for the names; \"none\" unbinds)"
                                    ),
                                );
                                continue;
                            }
                            list.push((key, name.to_string()));
                        }
                    }
                }
                other => {
                    let names: Vec<&str> = KEYS.iter().map(|(k, _)| *k).collect();
                    err(
                        key.span().start,
                        format!(
                            "unknown field `{other}`, expected one of {}",
                            expected_one_of(&names)
                        ),
                    );
                }
            }
        }
        errors.sort_by_key(|(at, _)| *at);
        (c, errors.into_iter().map(|(_, e)| e).collect())
    }

    /// The config folder (`~/.config/hashiya` on Linux).
    pub fn dir() -> Option<PathBuf> {
        directories::ProjectDirs::from("", "", "hashiya").map(|d| d.config_dir().to_path_buf())
    }

    /// Load `dir/config.toml`: defaults when there is none; with mistakes,
    /// every entry that is right and the mistakes (the file is left as it
    /// is). Several mistakes come as one `ConfigError::Several`.
    pub fn load(dir: Option<&Path>) -> (Config, Option<ConfigError>) {
        let Some(dir) = dir else {
            return (Config::defaults(), None);
        };
        let path = dir.join("config.toml");
        match std::fs::read_to_string(&path) {
            Ok(text) => {
                let (c, mut errors) = Config::parse_lenient(&text, &path);
                let e = match errors.len() {
                    0 => None,
                    1 => errors.pop(),
                    _ => Some(ConfigError::Several(errors)),
                };
                (c, e)
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => (Config::defaults(), None),
            Err(e) => (
                Config::defaults(),
                Some(ConfigError::Io {
                    path,
                    message: e.to_string(),
                }),
            ),
        }
    }
}

/// An error at byte `at` of `text`.
fn located(text: &str, path: &Path, at: usize, message: &str) -> ConfigError {
    let (line, column) = crate::corpus::positions::Positions::new(text).line_column(at);
    ConfigError::Parse {
        path: path.to_path_buf(),
        line,
        column,
        message: message.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn full_config_parses() {
        let text = "annotator = \"salma\"\ntheme = \"light\"\nshaping = false\nlam_alef = false\n[keys.reader]\n\"ctrl-d\" = \"page-down\"\n\"x\" = \"none\"\n";
        let c = Config::parse(text, Path::new("config.toml")).unwrap();
        assert_eq!(c.annotator, "salma");
        assert_eq!(c.theme, "light");
        assert!(!c.shaping && !c.lam_alef);
        assert_eq!(
            c.keys["reader"],
            vec![
                ("ctrl-d".to_string(), "page-down".to_string()),
                ("x".to_string(), "none".to_string())
            ]
        );
    }

    #[test]
    fn empty_config_is_the_defaults() {
        assert_eq!(
            Config::parse("", Path::new("c")).unwrap().theme,
            Config::defaults().theme
        );
    }

    /// The issue's case: a typo elsewhere must not cost the annotator name.
    /// Each mistake is reported where it is; every other entry counts.
    #[test]
    fn every_mistake_is_reported_and_every_good_entry_kept() {
        let text = "annotator = \"salma\"\ntheme = 3\ncolour = \"red\"\nlam_alef = false\nshaping = \"yes\"\n\n[keys.reader]\n\"ctrl-d\" = \"page-down\"\n\"x\" = \"explode\"\n\"ctrl-\" = \"quit\"\n\"ctrl-t\" = \"tag-claim\"\n";
        let (c, errors) = Config::parse_lenient(text, Path::new("c.toml"));
        assert_eq!(c.annotator, "salma");
        assert!(!c.lam_alef);
        assert_eq!(c.theme, "auto", "the bad theme leaves the default");
        assert!(c.shaping, "the bad shaping leaves the default");
        assert_eq!(
            c.keys["reader"],
            vec![
                ("ctrl-d".to_string(), "page-down".to_string()),
                ("ctrl-t".to_string(), "tag-claim".to_string()),
            ]
        );
        let at: Vec<String> = errors
            .iter()
            .map(|e| {
                let s = e.to_string();
                s.splitn(4, ':').take(3).collect::<Vec<_>>().join(":")
            })
            .collect();
        // Lines and columns counted by hand from the text above.
        assert_eq!(
            at,
            [
                "c.toml:2:9",
                "c.toml:3:1",
                "c.toml:5:11",
                "c.toml:9:7",
                "c.toml:10:1"
            ],
            "{errors:#?}"
        );
    }

    /// A syntax error loses only what it breaks.
    #[test]
    fn a_syntax_error_keeps_the_lines_around_it() {
        let text = "annotator = \"salma\"\ntheme = \"dark\nshaping = false\n";
        let (c, errors) = Config::parse_lenient(text, Path::new("c.toml"));
        assert_eq!(c.annotator, "salma");
        assert_eq!(errors.len(), 1, "{errors:#?}");
        assert!(
            errors[0].to_string().starts_with("c.toml:2:"),
            "{}",
            errors[0]
        );
    }
}
