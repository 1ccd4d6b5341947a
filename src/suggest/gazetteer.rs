//! The corpus gazetteer: `gazetteer.toml` at the corpus root lists known
//! entities, whose occurrences are suggested in every document.
//!
//! ```toml
//! [[entity]]
//! name = "إيمانويل ماكرون"
//! type = "PER"                      # optional; a type of the `entity` label
//! aliases = ["ماكرون", "Emmanuel Macron", "Macron"]
//! ```
//!
//! Unknown keys are errors (a typo should not silently drop aliases).

use std::path::{Path, PathBuf};

use serde::Deserialize;

use super::entities::Name;
use crate::corpus::positions::Positions;

/// The gazetteer's file name, at the corpus root.
pub const GAZETTEER_FILE: &str = "gazetteer.toml";

/// One known entity.
#[derive(Clone, Debug, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct GazetteerEntry {
    pub name: String,
    #[serde(rename = "type", default)]
    pub kind: Option<String>,
    #[serde(default)]
    pub aliases: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct GazetteerFile {
    #[serde(default)]
    entity: Vec<GazetteerEntry>,
}

/// A loaded gazetteer.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Gazetteer {
    pub entities: Vec<GazetteerEntry>,
}

#[derive(Debug, thiserror::Error)]
pub enum GazetteerError {
    #[error("{path}: {source}", path = path.display())]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{path}:{line}:{column}: {message}", path = path.display())]
    Parse {
        path: PathBuf,
        line: usize,
        column: usize,
        message: String,
    },
    #[error("{path}: entity {index}: the name is empty; give every [[entity]] a name", path = path.display())]
    EmptyName { path: PathBuf, index: usize },
}

impl Gazetteer {
    /// Parse a gazetteer; `path` names it in errors.
    pub fn parse(src: &str, path: &Path) -> Result<Gazetteer, GazetteerError> {
        let file: GazetteerFile = toml::from_str(src).map_err(|e| {
            let (line, column) = e
                .span()
                .map_or((1, 1), |s| Positions::new(src).line_column(s.start));
            GazetteerError::Parse {
                path: path.to_path_buf(),
                line,
                column,
                message: e.message().to_string(),
            }
        })?;
        for (index, e) in file.entity.iter().enumerate() {
            if e.name.trim().is_empty() {
                return Err(GazetteerError::EmptyName {
                    path: path.to_path_buf(),
                    index: index + 1,
                });
            }
        }
        Ok(Gazetteer {
            entities: file.entity,
        })
    }

    /// Load `root/gazetteer.toml`; `Ok(None)` when there is none.
    pub fn load_corpus(root: &Path) -> Result<Option<Gazetteer>, GazetteerError> {
        let path = root.join(GAZETTEER_FILE);
        match std::fs::read_to_string(&path) {
            Ok(src) => Gazetteer::parse(&src, &path).map(Some),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(source) => Err(GazetteerError::Io { path, source }),
        }
    }

    /// Every name and alias, with the entry's type, for a
    /// [`super::entities::Matcher`].
    pub fn names(&self) -> Vec<Name> {
        self.entities
            .iter()
            .flat_map(|e| {
                std::iter::once(&e.name)
                    .chain(&e.aliases)
                    .filter(|n| !n.trim().is_empty())
                    .map(|n| Name {
                        text: n.clone(),
                        kind: e.kind.clone(),
                    })
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_entities_with_aliases() {
        let src = r#"
[[entity]]
name = "إيمانويل ماكرون"
type = "PER"
aliases = ["ماكرون", "Macron"]

[[entity]]
name = "داعش"
"#;
        let g = Gazetteer::parse(src, Path::new("gazetteer.toml")).expect("valid");
        assert_eq!(g.entities.len(), 2);
        let names: Vec<String> = g.names().into_iter().map(|n| n.text).collect();
        assert_eq!(names, ["إيمانويل ماكرون", "ماكرون", "Macron", "داعش"]);
        assert_eq!(g.entities[1].kind, None);
    }

    #[test]
    fn errors_name_line_and_column() {
        let src = "[[entity]]\nname = \"x\"\nalias = [\"y\"]\n";
        let err = Gazetteer::parse(src, Path::new("c/gazetteer.toml")).unwrap_err();
        let msg = err.to_string();
        assert!(msg.starts_with("c/gazetteer.toml:3:1: "), "{msg}");
        assert!(msg.contains("alias"), "{msg}");
    }

    #[test]
    fn empty_names_are_rejected() {
        let src = "[[entity]]\nname = \" \"\n";
        let err = Gazetteer::parse(src, Path::new("g.toml")).unwrap_err();
        assert!(err.to_string().contains("entity 1"), "{err}");
    }
}
