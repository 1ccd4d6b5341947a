//! Teams: several annotators on one corpus (DESIGN.md §8).
//!
//! Each annotator's work on a document is a *layer*: its own TOML file next
//! to the document, with exactly one writer. The gold layer is the sidecar
//! of today (`article.ann.toml`); an annotator's layer is
//! `article.<annotator>.layer.toml`. Team mode is declared in `hashiya.toml`:
//!
//! ```toml
//! [team]
//! annotators = ["amal", "badr", "huda"]
//! blind = true
//! ```
//!
//! Why this naming cannot collide (docs/FORMAT.md, "Layers"): documents are
//! `*.txt`; a gold sidecar always ends in `.ann.toml`, a layer always in
//! `.layer.toml`, an alignment file in `.align.toml`; annotator names hold no
//! dot, so the annotator of a layer file is the part between its last two
//! dots before `.layer.toml`, and the rest is the document's stem — one file
//! name, one (document, annotator).

use std::path::{Path, PathBuf};

use serde::Deserialize;

/// The `[team]` table of the manifest.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Team {
    /// The annotators of the corpus, each with a layer per document.
    pub annotators: Vec<String>,
    /// Annotators never see each other's layers.
    #[serde(default = "yes")]
    pub blind: bool,
}

fn yes() -> bool {
    true
}

impl Team {
    /// Whether `name` is one of the team's annotators.
    pub fn has(&self, name: &str) -> bool {
        self.annotators.iter().any(|a| a == name)
    }

    /// Check the declared names: each valid, none twice.
    pub fn validate(&self) -> Result<(), String> {
        if self.annotators.is_empty() {
            return Err("team.annotators: list at least one annotator".into());
        }
        for (i, a) in self.annotators.iter().enumerate() {
            check_name(a).map_err(|e| format!("team.annotators: {e}"))?;
            if self.annotators[..i].contains(a) {
                return Err(format!(
                    "team.annotators: {} is listed twice",
                    crate::text::escape::quoted(a)
                ));
            }
        }
        Ok(())
    }
}

/// Longest annotator name.
pub const MAX_NAME: usize = 32;

/// Names that mean something else on the command line (`--layers all`,
/// the gold layer).
const RESERVED: &[&str] = &["gold", "all"];

/// Check an annotator name for use in file names: 1 to 32 characters of
/// `a-z`, `0-9`, `-` and `_`, starting with a letter or digit, not `gold`
/// or `all`. Lower case only, so that two names never meet on a file system
/// that ignores case; no dot, so that layer file names stay unambiguous.
pub fn check_name(name: &str) -> Result<(), String> {
    let q = crate::text::escape::quoted(name);
    if name.is_empty() {
        return Err("an annotator name may not be empty".into());
    }
    if name.chars().count() > MAX_NAME {
        return Err(format!("{q} is longer than {MAX_NAME} characters"));
    }
    if !name
        .bytes()
        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'_')
    {
        return Err(format!(
            "{q} is not a valid annotator name (use a-z, 0-9, '-' and '_': it becomes part of file names)"
        ));
    }
    if !name.as_bytes()[0].is_ascii_alphanumeric() {
        return Err(format!("{q} must start with a letter or a digit"));
    }
    if RESERVED.contains(&name) {
        return Err(format!(
            "{q} is reserved (it names the gold layer or all layers)"
        ));
    }
    Ok(())
}

/// Which layer of a document.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Layer {
    /// `article.ann.toml`: the single-annotator file, and the adjudicated
    /// version in a team.
    #[default]
    Gold,
    /// `article.<name>.layer.toml`.
    Annotator(String),
}

/// The suffix of every layer file.
pub const LAYER_SUFFIX: &str = ".layer.toml";

impl Layer {
    /// The file holding this layer of `doc`: the document's last extension
    /// replaced by `.ann.toml` (gold) or `.NAME.layer.toml` (a name without
    /// an extension gets the suffix). The one place file names of layers
    /// are made; `sidecar::sidecar_path` is the gold case.
    pub fn path(&self, doc: &Path) -> PathBuf {
        let mut file = doc
            .file_stem()
            .map(|s| s.to_os_string())
            .unwrap_or_default();
        match self {
            Layer::Gold => file.push(".ann.toml"),
            Layer::Annotator(name) => {
                file.push(".");
                file.push(name);
                file.push(LAYER_SUFFIX);
            }
        }
        doc.with_file_name(file)
    }

    /// The annotator, for an annotator's layer.
    pub fn annotator(&self) -> Option<&str> {
        match self {
            Layer::Gold => None,
            Layer::Annotator(a) => Some(a),
        }
    }

    /// `gold` or the annotator's name.
    pub fn name(&self) -> &str {
        match self {
            Layer::Gold => "gold",
            Layer::Annotator(a) => a,
        }
    }
}

/// Split a layer file name into (document stem, annotator):
/// `article.amal.layer.toml` -> `("article", "amal")`. `None` for a name
/// that is not a layer file. The annotator part is returned as written, valid
/// or not, so that `check` can report a bad one.
pub fn parse_layer_file(file_name: &str) -> Option<(&str, &str)> {
    let rest = file_name.strip_suffix(LAYER_SUFFIX)?;
    let (stem, annotator) = rest.rsplit_once('.')?;
    if stem.is_empty() || file_name.starts_with('.') {
        return None;
    }
    Some((stem, annotator))
}

/// A document's progress in one layer.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum DocStatus {
    /// Nothing done yet (no layer file, or one without annotations).
    #[default]
    Todo,
    InProgress,
    Done,
}

impl DocStatus {
    /// The name in layer files and output: `todo`, `in-progress`, `done`.
    pub fn as_str(self) -> &'static str {
        match self {
            DocStatus::Todo => "todo",
            DocStatus::InProgress => "in-progress",
            DocStatus::Done => "done",
        }
    }

    pub fn parse(s: &str) -> Option<DocStatus> {
        match s {
            "todo" => Some(DocStatus::Todo),
            "in-progress" => Some(DocStatus::InProgress),
            "done" => Some(DocStatus::Done),
            _ => None,
        }
    }

    /// The status of a layer whose file records `written` (the top-level
    /// `status` key, if any) and holds `worked` annotations a person made or
    /// reviewed (accepted or rejected; pending suggestions do not count):
    /// what is written wins; without it, a layer with such work is in
    /// progress.
    pub fn of(written: Option<DocStatus>, worked: usize) -> DocStatus {
        match written {
            Some(s) => s,
            None if worked > 0 => DocStatus::InProgress,
            None => DocStatus::Todo,
        }
    }
}

/// Who is working, and where their work goes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Identity {
    /// Recorded on every annotation this person makes or reviews.
    pub name: String,
    /// Where their edits go: their layer in team mode, else the gold file.
    pub layer: Layer,
    /// Where the name came from (`--annotator`, `HASHIYA_ANNOTATOR`, …), for messages.
    pub source: &'static str,
}

/// The candidates for the annotator's name, in order of precedence.
#[derive(Clone, Debug, Default)]
pub struct NameSources {
    /// `--annotator NAME`.
    pub flag: Option<String>,
    /// `HASHIYA_ANNOTATOR`.
    pub env: Option<String>,
    /// `annotator = "…"` in config.toml.
    pub config: Option<String>,
    /// `$USER` (or `$USERNAME`).
    pub user: Option<String>,
}

impl NameSources {
    /// The sources from the command line flag, the environment and the
    /// config's annotator (when the config sets one).
    pub fn from_env(flag: Option<&str>, config: Option<&str>) -> NameSources {
        let var = |k: &str| std::env::var(k).ok().filter(|v| !v.trim().is_empty());
        NameSources {
            flag: flag.map(str::to_string),
            env: var("HASHIYA_ANNOTATOR"),
            config: config.map(str::to_string),
            user: var("USER").or_else(|| var("USERNAME")),
        }
    }
}

/// Decide who is working: `--annotator`, else `HASHIYA_ANNOTATOR`, else the
/// config, else `$USER`. In team mode the name must be one of the team's
/// annotators (an error names where the name came from and who is listed);
/// outside a team any non-empty name without control characters will do,
/// and with none at all the work is recorded as `anonymous`.
pub fn identify(sources: &NameSources, team: Option<&Team>) -> Result<Identity, String> {
    let found = [
        (&sources.flag, "--annotator"),
        (&sources.env, "HASHIYA_ANNOTATOR"),
        (&sources.config, "config.toml"),
        (&sources.user, "$USER"),
    ]
    .into_iter()
    .find_map(|(v, src)| v.as_ref().map(|v| (v.trim().to_string(), src)));
    match (team, found) {
        (None, None) => Ok(Identity {
            name: "anonymous".into(),
            layer: Layer::Gold,
            source: "default",
        }),
        (None, Some((name, source))) => {
            if name.is_empty() || name.chars().any(char::is_control) {
                return Err(format!(
                    "the annotator name from {source} is empty or holds control characters"
                ));
            }
            Ok(Identity {
                name,
                layer: Layer::Gold,
                source,
            })
        }
        (Some(t), None) => Err(format!(
            "this corpus is annotated by a team ({}): say who you are with --annotator NAME or HASHIYA_ANNOTATOR",
            t.annotators.join(", ")
        )),
        (Some(t), Some((name, source))) => {
            if !t.has(&name) {
                return Err(format!(
                    "annotator {} (from {source}) is not in the team of this corpus ({}); use --annotator NAME or HASHIYA_ANNOTATOR with one of them, or add the name to [team] in hashiya.toml",
                    crate::text::escape::quoted(&name),
                    t.annotators.join(", ")
                ));
            }
            Ok(Identity {
                layer: Layer::Annotator(name.clone()),
                name,
                source,
            })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_safe_in_file_names() {
        for ok in ["amal", "badr-2", "h_uda", "7"] {
            assert_eq!(check_name(ok), Ok(()), "{ok}");
        }
        for bad in [
            "", "Amal", "a.b", "a/b", "../x", "-x", "_x", "a b", "gold", "all", "عمر", "a\u{1b}",
        ] {
            assert!(check_name(bad).is_err(), "{bad:?} accepted");
        }
        assert!(check_name(&"a".repeat(33)).is_err());
        assert!(check_name(&"a".repeat(32)).is_ok());
    }

    #[test]
    fn layer_files_name_document_and_annotator() {
        let doc = Path::new("/c/news/article.txt");
        let amal = Layer::Annotator("amal".into());
        assert_eq!(
            amal.path(doc),
            PathBuf::from("/c/news/article.amal.layer.toml")
        );
        assert_eq!(
            Layer::Gold.path(doc),
            PathBuf::from("/c/news/article.ann.toml")
        );
        assert_eq!(
            parse_layer_file("article.amal.layer.toml"),
            Some(("article", "amal"))
        );
        // A document with dots in its name: the annotator is the last part.
        let dotted = Layer::Annotator("b".into()).path(Path::new("a.x.txt"));
        assert_eq!(dotted, PathBuf::from("a.x.b.layer.toml"));
        assert_eq!(parse_layer_file("a.x.b.layer.toml"), Some(("a.x", "b")));
        assert_eq!(parse_layer_file("article.ann.toml"), None);
        assert_eq!(parse_layer_file(".a.b.layer.toml"), None);
        assert_eq!(parse_layer_file("a.layer.toml"), None);
    }

    #[test]
    fn no_layer_file_is_a_sidecar_or_another_documents_layer() {
        // Every (document, annotator) gives a distinct file that is neither a
        // sidecar nor an alignment file, and parses back to itself.
        let docs = [
            "a.txt",
            "a.b.txt",
            "a.b.c.txt",
            "ann.txt",
            "a.ann.txt",
            "x.layer.txt",
        ];
        let names = ["b", "c", "ann", "layer", "toml", "x"];
        let mut seen = std::collections::HashMap::new();
        for d in docs {
            let gold = Layer::Gold.path(Path::new(d));
            assert!(seen.insert(gold, (d, "gold")).is_none());
            for n in names {
                let p = Layer::Annotator(n.into()).path(Path::new(d));
                let file = p.to_str().unwrap();
                assert!(!crate::sidecar::is_sidecar(&p), "{file}");
                assert!(!file.ends_with(".align.toml"), "{file}");
                let (stem, who) = parse_layer_file(file).unwrap();
                assert_eq!((stem, who), (d.strip_suffix(".txt").unwrap(), n));
                if let Some(other) = seen.insert(p.clone(), (d, n)) {
                    panic!("{file}: both {other:?} and {:?}", (d, n));
                }
            }
        }
    }

    fn team(blind: bool) -> Team {
        Team {
            annotators: vec!["amal".into(), "badr".into()],
            blind,
        }
    }

    #[test]
    fn identity_precedence_flag_env_config_user() {
        let all = NameSources {
            flag: Some("amal".into()),
            env: Some("badr".into()),
            config: Some("huda".into()),
            user: Some("root".into()),
        };
        assert_eq!(identify(&all, None).unwrap().name, "amal");
        let no_flag = NameSources {
            flag: None,
            ..all.clone()
        };
        assert_eq!(identify(&no_flag, None).unwrap().name, "badr");
        let only_cfg = NameSources {
            flag: None,
            env: None,
            ..all.clone()
        };
        assert_eq!(identify(&only_cfg, None).unwrap().name, "huda");
        let user = NameSources {
            user: Some("root".into()),
            ..NameSources::default()
        };
        let id = identify(&user, None).unwrap();
        assert_eq!((id.name.as_str(), id.layer), ("root", Layer::Gold));
        assert_eq!(
            identify(&NameSources::default(), None).unwrap().name,
            "anonymous"
        );
    }

    #[test]
    fn team_mode_needs_a_listed_name() {
        let t = team(true);
        let err = identify(&NameSources::default(), Some(&t)).unwrap_err();
        assert!(
            err.contains("--annotator") && err.contains("amal, badr"),
            "{err}"
        );
        let stranger = NameSources {
            user: Some("root".into()),
            ..NameSources::default()
        };
        let err = identify(&stranger, Some(&t)).unwrap_err();
        assert!(err.contains("\"root\"") && err.contains("$USER"), "{err}");
        let badr = NameSources {
            env: Some("badr".into()),
            user: Some("root".into()),
            ..NameSources::default()
        };
        let id = identify(&badr, Some(&t)).unwrap();
        assert_eq!(id.layer, Layer::Annotator("badr".into()));
        assert_eq!(id.source, "HASHIYA_ANNOTATOR");
    }

    #[test]
    fn team_validation() {
        assert!(team(false).validate().is_ok());
        let twice = Team {
            annotators: vec!["a".into(), "a".into()],
            blind: true,
        };
        assert!(twice.validate().unwrap_err().contains("twice"));
        let bad = Team {
            annotators: vec!["A.B".into()],
            blind: true,
        };
        assert!(bad.validate().is_err());
        let none = Team {
            annotators: vec![],
            blind: true,
        };
        assert!(none.validate().is_err());
    }

    #[test]
    fn status_of_a_layer() {
        assert_eq!(DocStatus::of(None, 0), DocStatus::Todo);
        assert_eq!(DocStatus::of(None, 3), DocStatus::InProgress);
        assert_eq!(DocStatus::of(Some(DocStatus::Done), 0), DocStatus::Done);
        for s in [DocStatus::Todo, DocStatus::InProgress, DocStatus::Done] {
            assert_eq!(DocStatus::parse(s.as_str()), Some(s));
        }
        assert_eq!(DocStatus::parse("finished"), None);
    }
}
