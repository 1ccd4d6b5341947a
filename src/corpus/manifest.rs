//! The corpus manifest, `hashiya.toml` at the corpus root: the label set,
//! declared translation pairs and defaults. No manifest means defaults.
//!
//! ```toml
//! [[label]]
//! name = "entity"
//! types = ["PER", "ORG", "LOC", "MISC"]
//!
//! [[pair]]
//! files = ["000_ar.txt", "003_en.txt"]
//! langs = ["ar", "en"]
//! ```

use std::path::{Path, PathBuf};

use super::positions::Positions;
use serde::{Deserialize, Serialize};

/// The manifest's file name at a corpus root.
pub const MANIFEST_FILE: &str = "hashiya.toml";

/// One label of the label set.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LabelDef {
    /// `claim`, `figure`, `entity`, …
    pub name: String,
    /// Types the label takes (`PER`, `ORG`, …); empty when it takes none.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub types: Vec<String>,
    /// A one-line description shown in the TUI.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
}

/// The labels a corpus uses.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LabelSet {
    pub labels: Vec<LabelDef>,
}

impl Default for LabelSet {
    /// `claim`, `figure`, and `entity` with `PER`, `ORG`, `LOC`, `MISC`.
    fn default() -> Self {
        let def = |name: &str, types: &[&str]| LabelDef {
            name: name.to_string(),
            types: types.iter().map(|t| t.to_string()).collect(),
            description: None,
        };
        LabelSet {
            labels: vec![
                def("claim", &[]),
                def("figure", &[]),
                def("entity", &["PER", "ORG", "LOC", "MISC"]),
            ],
        }
    }
}

impl LabelSet {
    pub fn get(&self, name: &str) -> Option<&LabelDef> {
        self.labels.iter().find(|l| l.name == name)
    }

    /// Whether `label` (with entity type `kind`) belongs to the set: the label
    /// exists, and it has a type exactly when it declares types.
    pub fn allows(&self, label: &str, kind: Option<&str>) -> bool {
        match (self.get(label), kind) {
            (None, _) => false,
            (Some(def), None) => def.types.is_empty(),
            (Some(def), Some(k)) => def.types.iter().any(|t| t == k),
        }
    }
}

/// A declared translation pair.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PairDecl {
    /// The two documents, relative to the corpus root.
    pub files: [String; 2],
    /// Their languages (`ar`, `en`, …), in the same order.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub langs: Option<[String; 2]>,
}

/// Defaults for the corpus.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Defaults {
    /// Default language of documents whose script does not tell.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lang: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawManifest {
    #[serde(default)]
    label: Vec<LabelDef>,
    /// `None` when the text has no `pair` key (see [`parse_in_pieces`]).
    #[serde(default)]
    pair: Option<Vec<PairDecl>>,
    #[serde(default)]
    defaults: Option<Defaults>,
    #[serde(default)]
    team: Option<super::team::Team>,
    /// Conflicts a merge recorded (crate::merge::conflict): reported by
    /// `check`, settled by `hashiya resolve`.
    #[serde(default, rename = "conflict")]
    _conflict: Vec<toml::Table>,
}

/// A parsed manifest.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Manifest {
    pub labels: LabelSet,
    pub pairs: Vec<PairDecl>,
    pub defaults: Defaults,
    /// `[team]`: the corpus is annotated by several people, each in a layer.
    pub team: Option<super::team::Team>,
}

/// A manifest that could not be read or parsed.
#[derive(Debug, thiserror::Error)]
pub enum ManifestError {
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{path}:{line}:{column}: {message}")]
    Parse {
        path: PathBuf,
        line: usize,
        column: usize,
        message: String,
    },
}

impl Manifest {
    /// Parse manifest text; `path` is used in error messages only.
    pub fn parse(text: &str, path: &Path) -> Result<Manifest, ManifestError> {
        let raw: RawManifest = parse_in_pieces(text).map_err(|e| {
            let (line, column) = e
                .span()
                .map(|s| Positions::new(text).line_column(s.start))
                .unwrap_or((1, 1));
            ManifestError::Parse {
                path: path.to_path_buf(),
                line,
                column,
                message: e.message().to_string(),
            }
        })?;
        let labels = if raw.label.is_empty() {
            LabelSet::default()
        } else {
            LabelSet { labels: raw.label }
        };
        if let Some(team) = &raw.team
            && let Err(message) = team.validate()
        {
            let at = text.find("annotators").or_else(|| text.find("[team]"));
            let (line, column) = at.map_or((1, 1), |at| Positions::new(text).line_column(at));
            return Err(ManifestError::Parse {
                path: path.to_path_buf(),
                line,
                column,
                message,
            });
        }
        Ok(Manifest {
            labels,
            pairs: raw.pair.unwrap_or_default(),
            defaults: raw.defaults.unwrap_or_default(),
            team: raw.team,
        })
    }

    /// Load `root/hashiya.toml`; defaults when there is none.
    pub fn load(root: &Path) -> Result<Manifest, ManifestError> {
        let path = root.join(MANIFEST_FILE);
        match std::fs::read_to_string(&path) {
            Ok(text) => Manifest::parse(&text, &path),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Manifest::default()),
            Err(source) => Err(ManifestError::Io { path, source }),
        }
    }

    /// The corpus root of `path`: the nearest folder at or above it holding a
    /// `hashiya.toml`, else the folder itself (or the file's folder). The root
    /// is written the way `path` was: absolute for an absolute path, relative
    /// (`.`, `..`, `sub`) for a relative one, never empty.
    pub fn find_root(path: &Path) -> PathBuf {
        let start = if path.is_dir() {
            path.to_path_buf()
        } else {
            match path.parent() {
                Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
                _ => PathBuf::from("."),
            }
        };
        let Ok(absolute) = std::path::absolute(&start) else {
            return start;
        };
        for (up, dir) in absolute.ancestors().enumerate() {
            if dir.join(MANIFEST_FILE).is_file() {
                return if start.is_absolute() {
                    dir.to_path_buf()
                } else {
                    climb(&start, up)
                };
            }
        }
        start
    }

    /// The declared partner of `file` (relative to the root), if any.
    pub fn partner_of(&self, file: &str) -> Option<&str> {
        self.pairs.iter().find_map(|p| {
            if p.files[0] == file {
                Some(p.files[1].as_str())
            } else if p.files[1] == file {
                Some(p.files[0].as_str())
            } else {
                None
            }
        })
    }

    /// Every declared document's partner, as [`Manifest::partner_of`] gives
    /// it (the first pair naming a document wins), found in constant time:
    /// for looking up many documents.
    pub fn partners(&self) -> std::collections::HashMap<&str, &str> {
        let mut map = std::collections::HashMap::with_capacity(self.pairs.len() * 2);
        for p in &self.pairs {
            let [a, b] = &p.files;
            map.entry(a.as_str()).or_insert(b.as_str());
            map.entry(b.as_str()).or_insert(a.as_str());
        }
        map
    }
}

/// The manifest text parsed as one TOML document, one `[[pair]]` table at a
/// time: a corpus of 100,000 documents declares some 15,000 pairs, and the
/// TOML parser holds every token and value of the text it is given (50 MiB
/// for such a manifest at once, a few KiB a pair).
///
/// The text is cut before each line that is exactly `[[pair]]`. When every
/// piece parses, the first declares no `pair` and the others declare
/// nothing but pairs, the pieces together mean what the whole text means.
/// Otherwise (a cut inside a multi-line string or array, a table declared
/// in two pieces, any error) the whole text is parsed at once, which gives
/// the same result, or the error at its place in the whole text.
fn parse_in_pieces(text: &str) -> Result<RawManifest, toml::de::Error> {
    let whole = || toml::from_str::<RawManifest>(text);
    let mut cuts = vec![0];
    let mut at = 0;
    for line in text.split_inclusive('\n') {
        if line.trim_end_matches(['\n', '\r']) == "[[pair]]" && at > 0 {
            cuts.push(at);
        }
        at += line.len();
    }
    if cuts.len() == 1 {
        return whole();
    }
    cuts.push(text.len());
    let mut merged = RawManifest::default();
    let mut pairs = Vec::new();
    for (k, w) in cuts.windows(2).enumerate() {
        let Some(piece) = text.get(w[0]..w[1]) else {
            return whole();
        };
        let Ok(raw) = toml::from_str::<RawManifest>(piece) else {
            return whole();
        };
        if k == 0 {
            if raw.pair.is_some() {
                return whole();
            }
            merged = raw;
            continue;
        }
        let only_pairs = raw.label.is_empty()
            && raw.defaults.is_none()
            && raw.team.is_none()
            && raw._conflict.is_empty();
        match raw.pair {
            Some(mut p) if only_pairs => pairs.append(&mut p),
            _ => return whole(),
        }
    }
    merged.pair = Some(pairs);
    Ok(merged)
}

/// The relative folder `up` levels above the relative folder `dir`, written
/// lexically: `climb("a/b", 1)` is `a`, `climb("a", 1)` is `.`, `climb(".", 2)`
/// is `../..`.
fn climb(dir: &Path, up: usize) -> PathBuf {
    use std::path::Component;
    let mut parts: Vec<Component> = dir
        .components()
        .filter(|c| !matches!(c, Component::CurDir))
        .collect();
    for _ in 0..up {
        match parts.last() {
            Some(Component::Normal(_)) => {
                parts.pop();
            }
            _ => parts.push(Component::ParentDir),
        }
    }
    if parts.is_empty() {
        PathBuf::from(".")
    } else {
        parts.iter().collect()
    }
}

/// A file named by a `[[pair]]` that does not exist under the corpus root.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MissingPairFile {
    /// `root/hashiya.toml`.
    pub manifest: PathBuf,
    /// 1-based line and column (in characters) of the file name in the
    /// manifest (1:1 when not found).
    pub line: usize,
    pub column: usize,
    /// The name as declared (relative to the root).
    pub file: String,
}

impl std::fmt::Display for MissingPairFile {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{}:{}: pair names missing file {}",
            crate::text::escape::escape_invisible(&self.manifest.display().to_string()),
            self.line,
            crate::text::escape::quoted(&self.file)
        )
    }
}

impl Manifest {
    /// The files of declared pairs that are not files under `root`, each
    /// with the manifest line that names it, in declaration order.
    pub fn missing_pair_files(&self, root: &Path) -> Vec<MissingPairFile> {
        let manifest = root.join(MANIFEST_FILE);
        let text = std::fs::read_to_string(&manifest).unwrap_or_default();
        let positions = Positions::new(&text);
        let mut out = Vec::new();
        for p in &self.pairs {
            for f in &p.files {
                if root.join(f).is_file() {
                    continue;
                }
                // The line of the string literal naming it (basic or literal
                // string; escapes in the name are not expected).
                let (line, column) = [format!("\"{f}\""), format!("'{f}'")]
                    .iter()
                    .filter_map(|lit| text.find(lit.as_str()))
                    .min()
                    .map_or((1, 1), |at| positions.line_column(at));
                out.push(MissingPairFile {
                    manifest: manifest.clone(),
                    line,
                    column,
                    file: f.clone(),
                });
            }
        }
        out
    }
}

/// Whether `root/hashiya.toml` has a `[team]` table header, read as plain
/// text: what can still be told of a manifest that does not parse.
pub fn mentions_team(root: &Path) -> bool {
    std::fs::read_to_string(root.join(MANIFEST_FILE))
        .is_ok_and(|t| t.lines().any(|l| l.trim_start().starts_with("[team]")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_labels_means_default_set() {
        let m = Manifest::parse("", Path::new("hashiya.toml")).unwrap();
        assert!(m.labels.allows("entity", Some("PER")));
        assert!(m.labels.allows("claim", None));
        assert!(!m.labels.allows("entity", None));
        assert!(!m.labels.allows("event", None));
    }

    #[test]
    fn labels_and_pairs_parse() {
        let text = "[[label]]\nname = \"event\"\n\n[[pair]]\nfiles = [\"a.txt\", \"b.txt\"]\nlangs = [\"ar\", \"en\"]\n";
        let m = Manifest::parse(text, Path::new("hashiya.toml")).unwrap();
        assert!(m.labels.allows("event", None));
        assert!(!m.labels.allows("claim", None));
        assert_eq!(m.partner_of("b.txt"), Some("a.txt"));
        let partners = m.partners();
        for f in ["a.txt", "b.txt", "c.txt", "nowhere.txt"] {
            assert_eq!(partners.get(f).copied(), m.partner_of(f), "{f}");
        }
    }

    #[test]
    fn team_table() {
        let text = "[team]\nannotators = [\"amal\", \"badr\"]\nblind = false\n";
        let m = Manifest::parse(text, Path::new("hashiya.toml")).unwrap();
        let t = m.team.unwrap();
        assert_eq!(t.annotators, ["amal", "badr"]);
        assert!(!t.blind);
        // blind by default
        let m = Manifest::parse("[team]\nannotators = [\"a\"]\n", Path::new("h")).unwrap();
        assert!(m.team.unwrap().blind);
        assert_eq!(Manifest::parse("", Path::new("h")).unwrap().team, None);
        let err = Manifest::parse("[team]\nannotators = [\"a\", \"A.b\"]\n", Path::new("h"))
            .unwrap_err()
            .to_string();
        assert!(err.starts_with("h:2:1: team.annotators: \"A.b\""), "{err}");
    }

    #[test]
    fn climbing_relative_folders() {
        assert_eq!(climb(Path::new("a/b"), 1), PathBuf::from("a"));
        assert_eq!(climb(Path::new("a"), 1), PathBuf::from("."));
        assert_eq!(climb(Path::new("."), 2), PathBuf::from("../.."));
        assert_eq!(climb(Path::new("../x"), 2), PathBuf::from("../.."));
        assert_eq!(climb(Path::new("a"), 0), PathBuf::from("a"));
    }

    #[test]
    fn find_root_of_a_relative_path_is_never_empty() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("sub")).unwrap();
        std::fs::write(dir.path().join(MANIFEST_FILE), "").unwrap();
        std::fs::write(dir.path().join("sub/a.txt"), "x").unwrap();
        let cwd = std::env::current_dir().unwrap();
        let rel = pathdiff(&dir.path().join("sub/a.txt"), &cwd);
        let root = Manifest::find_root(&rel);
        assert!(root.is_relative(), "{root:?}");
        assert_eq!(
            root.canonicalize().unwrap(),
            dir.path().canonicalize().unwrap()
        );
        let abs = Manifest::find_root(&dir.path().join("sub/a.txt"));
        assert_eq!(abs, dir.path());
    }

    /// `target` relative to `base` (both absolute), with `..` steps.
    fn pathdiff(target: &Path, base: &Path) -> PathBuf {
        let t: Vec<_> = target.components().collect();
        let b: Vec<_> = base.components().collect();
        let common = t.iter().zip(&b).take_while(|(x, y)| x == y).count();
        let mut out = PathBuf::new();
        for _ in common..b.len() {
            out.push("..");
        }
        for c in &t[common..] {
            out.push(c);
        }
        out
    }

    /// A manifest parsed in pieces is the manifest parsed whole.
    #[test]
    fn pairs_parsed_in_pieces_mean_what_the_whole_text_means() {
        let whole = |text: &str| {
            let raw: RawManifest = toml::from_str(text).unwrap();
            (raw.label, raw.pair, raw.defaults, raw.team)
        };
        let pieces = |text: &str| {
            let raw = parse_in_pieces(text).unwrap();
            (raw.label, raw.pair, raw.defaults, raw.team)
        };
        let pair = |k: usize| format!("[[pair]]\nfiles = [\"a{k}.txt\", \"b{k}.txt\"]\n\n");
        let pairs: String = (0..5).map(pair).collect();
        let cases = [
            format!("[defaults]\nlang = \"ar\"\n\n[[label]]\nname = \"event\"\n\n{pairs}"),
            // Tables after the pairs, and a pair written another way.
            format!("{pairs}[team]\nannotators = [\"amal\"]\n[[ pair ]]\nfiles = [\"x\", \"y\"]\n"),
            format!("{pairs}[[label]]\nname = \"event\"\n{pairs}"),
            // `[[pair]]` inside a multi-line string is text, not a table.
            format!(
                "[[label]]\nname = \"claim\"\ndescription = \"\"\"\n[[pair]]\nfiles = 3\n\"\"\"\n{pairs}"
            ),
            format!(
                "{pairs}\r\n[[pair]]\r\nfiles = [\"c.txt\", \"d.txt\"]\r\nlangs = [\"en\", \"ar\"]\r\n"
            ),
        ];
        for text in &cases {
            assert_eq!(pieces(text), whole(text), "{text}");
        }
        assert_eq!(pieces(&cases[0]).1.unwrap().len(), 5);
        assert_eq!(
            pieces(&cases[3]).0[0].description.as_deref(),
            Some("[[pair]]\nfiles = 3\n")
        );
        // What the whole text refuses, the pieces refuse, at the same place.
        let refused = [
            format!("{pairs}[defaults]\nlang = \"en\"\n{pairs}[defaults]\nlang = \"ar\"\n"),
            format!("pair = []\n{pairs}"),
            format!("{pairs}[[pair]]\nfiles = [\"a\", \"b\"]\ncolour = 3\n{pairs}"),
        ];
        for text in &refused {
            let err = Manifest::parse(text, Path::new("h"))
                .unwrap_err()
                .to_string();
            let whole_err = toml::from_str::<RawManifest>(text).unwrap_err();
            let (line, column) = Positions::new(text).line_column(whole_err.span().unwrap().start);
            assert!(err.starts_with(&format!("h:{line}:{column}: ")), "{err}");
        }
        let err = Manifest::parse(&refused[2], Path::new("h"))
            .unwrap_err()
            .to_string();
        assert!(
            err.starts_with("h:18:1: ") && err.contains("colour"),
            "{err}"
        );
    }

    #[test]
    fn errors_name_line_and_column() {
        let text = "[[label]]\nname = \"x\"\ncolour = 3\n";
        let err = Manifest::parse(text, Path::new("c/hashiya.toml")).unwrap_err();
        let msg = err.to_string();
        assert!(msg.starts_with("c/hashiya.toml:3:1: "), "{msg}");
        assert!(msg.contains("colour"), "{msg}");
    }
}
