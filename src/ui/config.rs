//! `config.toml` in the config folder (found with the `directories` crate):
//! annotator name, theme, shaping, lam-alef ligatures and key overrides.
//!
//! ```toml
//! annotator = "salma"
//! theme = "light"
//! shaping = true
//! lam_alef = false
//!
//! [keys.reader]
//! "ctrl-d" = "page-down"
//! "x" = "none"          # unbind
//! ```
//!
//! A bad file gives an error naming file:line:column; the caller then uses
//! the defaults and never rewrites the file.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;
use toml::Spanned;

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
    #[error(
        "no theme named {name:?} (built in: {known}; or put {name}.toml in the config folder's themes/)"
    )]
    UnknownTheme { name: String, known: String },
}

/// Turn a TOML error into one naming file:line:column.
pub fn parse_error(text: &str, path: &Path, e: &toml::de::Error) -> ConfigError {
    let (line, column) = e
        .span()
        .map(|s| crate::corpus::manifest::line_column(text, s.start))
        .unwrap_or((1, 1));
    ConfigError::Parse {
        path: path.to_path_buf(),
        line,
        column,
        message: e.message().trim().to_string(),
    }
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    annotator: Option<Spanned<String>>,
    theme: Option<String>,
    shaping: Option<bool>,
    lam_alef: Option<bool>,
    #[serde(default)]
    keys: RawKeys,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawKeys {
    #[serde(default)]
    reader: BTreeMap<Spanned<String>, Spanned<String>>,
    #[serde(default)]
    browser: BTreeMap<Spanned<String>, Spanned<String>>,
    #[serde(default)]
    list: BTreeMap<Spanned<String>, Spanned<String>>,
}

/// The user's settings.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Config {
    pub annotator: String,
    pub theme: String,
    pub shaping: bool,
    pub lam_alef: bool,
    /// Key overrides per mode (`reader`, `browser`, `list`): key -> command
    /// name (or `none`), already checked.
    pub keys: BTreeMap<String, Vec<(String, String)>>,
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
            theme: "dark".into(),
            shaping: true,
            lam_alef: true,
            keys: BTreeMap::new(),
        }
    }

    /// Parse config text; `path` is used in error messages only.
    pub fn parse(text: &str, path: &Path) -> Result<Config, ConfigError> {
        let raw: RawConfig = toml::from_str(text).map_err(|e| parse_error(text, path, &e))?;
        let mut c = Config::defaults();
        if let Some(a) = raw.annotator {
            let at = a.span().start;
            let a = a.into_inner();
            if a.trim().is_empty() || a.chars().any(char::is_control) {
                return Err(located(
                    text,
                    path,
                    at,
                    "annotator must be a non-empty name without control characters",
                ));
            }
            c.annotator = a;
        }
        if let Some(t) = raw.theme {
            c.theme = t;
        }
        if let Some(s) = raw.shaping {
            c.shaping = s;
        }
        if let Some(l) = raw.lam_alef {
            c.lam_alef = l;
        }
        for (mode, map) in [
            ("reader", raw.keys.reader),
            ("browser", raw.keys.browser),
            ("list", raw.keys.list),
        ] {
            let mut v = Vec::new();
            for (key, cmd) in map {
                let (key_at, cmd_at) = (key.span().start, cmd.span().start);
                let (key, cmd) = (key.into_inner(), cmd.into_inner());
                if super::keymap::parse_key(&key).is_none() {
                    return Err(located(
                        text,
                        path,
                        key_at,
                        &format!(
                            "{key:?} is not a key (examples: \"x\", \"G\", \"ctrl-d\", \"shift-left\", \"pagedown\", \"f2\")"
                        ),
                    ));
                }
                if cmd != "none" && crate::app::Command::from_name(&cmd).is_none() {
                    return Err(located(
                        text,
                        path,
                        cmd_at,
                        &format!(
                            "{cmd:?} is not a command (see the help screen, `?`, for the names; \"none\" unbinds)"
                        ),
                    ));
                }
                v.push((key, cmd));
            }
            c.keys.insert(mode.to_string(), v);
        }
        Ok(c)
    }

    /// The config folder (`~/.config/hashiya` on Linux).
    pub fn dir() -> Option<PathBuf> {
        directories::ProjectDirs::from("", "", "hashiya").map(|d| d.config_dir().to_path_buf())
    }

    /// Load `dir/config.toml`: defaults when there is none; on error, the
    /// defaults and the error (the file is left as it is).
    pub fn load(dir: Option<&Path>) -> (Config, Option<ConfigError>) {
        let Some(dir) = dir else {
            return (Config::defaults(), None);
        };
        let path = dir.join("config.toml");
        match std::fs::read_to_string(&path) {
            Ok(text) => match Config::parse(&text, &path) {
                Ok(c) => (c, None),
                Err(e) => (Config::defaults(), Some(e)),
            },
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
    let (line, column) = crate::corpus::manifest::line_column(text, at);
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
}
