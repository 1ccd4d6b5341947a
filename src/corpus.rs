//! Documents on disk: discovery, language and direction detection, the corpus
//! manifest (`hashiya.toml`) and translation pairs.
//!
//! A corpus is a folder. Every `*.txt` file under it (recursively, skipping
//! hidden folders and `target/`) is a document; sidecars (`*.ann.toml`) and
//! alignment files (`*.align.toml`) are not.

pub(crate) mod atomic;
pub mod manifest;
pub mod numbers;
pub mod output;
pub mod positions;
pub mod stream;
pub mod team;

pub use atomic::write_atomic;

use std::path::{Path, PathBuf};

use crate::text::Direction;

pub use manifest::{LabelDef, LabelSet, Manifest, ManifestError, PairDecl};
pub use team::{DocStatus, Identity, Layer, Team};

/// One document of a corpus.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DocInfo {
    /// The file on disk.
    pub path: PathBuf,
    /// The path relative to the corpus root, with `/` separators.
    pub rel: String,
    /// `ar`, `en`, or `und` when the script does not tell.
    pub lang: String,
    /// The document's base direction (RTL for Arabic).
    pub dir: Direction,
    /// Arabic-script letters in the document's first 64 KiB.
    pub arabic: usize,
    /// Latin-script letters in the document's first 64 KiB.
    pub latin: usize,
}

/// A corpus folder: its manifest and its documents, sorted by `rel`.
#[derive(Clone, Debug)]
pub struct Corpus {
    pub root: PathBuf,
    pub manifest: Manifest,
    pub documents: Vec<DocInfo>,
}

/// A corpus that could not be read.
#[derive(Debug, thiserror::Error)]
pub enum CorpusError {
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error(transparent)]
    Manifest(#[from] ManifestError),
    #[error("{path}: not a folder")]
    NotADirectory { path: PathBuf },
    #[error("{path}: no such file or folder")]
    NotFound { path: PathBuf },
    #[error("{path}: not a corpus document (documents are *.txt files)")]
    NotADocument { path: PathBuf },
}

/// Corpora with the documents (relative names) selected in each, in the
/// order the paths named them.
pub type Selected = Vec<(Corpus, Vec<String>)>;

/// The documents named by command-line `paths`, grouped by corpus: a folder
/// selects every document under it (found as [`Corpus::open`] finds them:
/// recursively, skipping hidden folders and `target/`), a file selects
/// itself and must be a document. Each path's corpus is the nearest folder
/// at or above it with a `hashiya.toml` ([`Manifest::find_root`]); a corpus
/// is opened once however many paths fall in it. No paths means `.`.
///
/// Every subcommand that takes documents or folders (`suggest`, `export`)
/// goes through here, so they all cover what the reader's browser shows.
pub fn select(paths: &[PathBuf]) -> Result<Selected, CorpusError> {
    // Resolve every path and find its corpus root first: a root with no
    // manifest that is named only through files is not walked (a file in a
    // large folder, `~/article.txt`, must not make hashiya read the folder).
    let named = resolve_paths(paths)?;
    let mut out: Selected = Vec::new();
    // What each corpus has selected so far, for quick duplicate checks.
    let mut seen: Vec<std::collections::HashSet<String>> = Vec::new();
    for (p, root) in &named {
        let k = match out.iter().position(|(c, _)| &c.root == root) {
            Some(k) => k,
            None => {
                let walk = root.join(manifest::MANIFEST_FILE).is_file()
                    || named.iter().any(|(q, r)| r == root && q.is_dir());
                let corpus = if walk {
                    Corpus::open(root)?
                } else {
                    let files = named
                        .iter()
                        .filter(|(q, r)| {
                            r == root
                                && q.file_name()
                                    .is_some_and(|n| is_document_name(&n.to_string_lossy()))
                        })
                        .map(|(q, _)| q.clone())
                        .collect();
                    Corpus::with_files(root, Manifest::load(root)?, files)?
                };
                out.push((corpus, Vec::new()));
                seen.push(Default::default());
                out.len() - 1
            }
        };
        let (corpus, selected) = &mut out[k];
        let seen = &mut seen[k];
        if p.is_dir() {
            let prefix = relative_name(root, p);
            for d in &corpus.documents {
                let inside = prefix.is_empty()
                    || d.rel == prefix
                    || d.rel
                        .strip_prefix(prefix.as_str())
                        .is_some_and(|rest| rest.starts_with('/'));
                if inside && seen.insert(d.rel.clone()) {
                    selected.push(d.rel.clone());
                }
            }
        } else {
            let rel = relative_name(root, p);
            if corpus.document(&rel).is_none() {
                return Err(CorpusError::NotADocument { path: p.clone() });
            }
            if seen.insert(rel.clone()) {
                selected.push(rel);
            }
        }
    }
    Ok(out)
}

/// Command-line `paths` (`.` when there are none) made absolute, each with
/// its corpus root ([`Manifest::find_root`]); an error for a path that does
/// not exist.
pub(crate) fn resolve_paths(paths: &[PathBuf]) -> Result<Vec<(PathBuf, PathBuf)>, CorpusError> {
    let default = [PathBuf::from(".")];
    let paths = if paths.is_empty() {
        &default[..]
    } else {
        paths
    };
    let mut named = Vec::with_capacity(paths.len());
    for p in paths {
        // `find_root` walks up parents: an absolute path keeps a relative
        // one from ending on the empty path.
        let p = std::path::absolute(p).map_err(|source| CorpusError::Io {
            path: p.clone(),
            source,
        })?;
        if !p.exists() {
            return Err(CorpusError::NotFound { path: p });
        }
        let root = Manifest::find_root(&p);
        named.push((p, root));
    }
    Ok(named)
}

impl Corpus {
    /// Open the corpus at `root`: read its manifest (defaults when there is
    /// none) and discover its documents.
    pub fn open(root: &Path) -> Result<Corpus, CorpusError> {
        if !root.is_dir() {
            return Err(CorpusError::NotADirectory {
                path: root.to_path_buf(),
            });
        }
        let manifest = Manifest::load(root)?;
        let mut files = Vec::new();
        collect_documents(root, &mut files)?;
        Corpus::with_files(root, manifest, files)
    }

    /// A corpus of the given document files only (no discovery).
    fn with_files(
        root: &Path,
        manifest: Manifest,
        files: Vec<PathBuf>,
    ) -> Result<Corpus, CorpusError> {
        let mut documents = Vec::with_capacity(files.len());
        for path in files {
            let bytes = read_head(&path, DETECT_BYTES).map_err(|source| CorpusError::Io {
                path: path.clone(),
                source,
            })?;
            let (lang, dir, arabic, latin) =
                document_language(&bytes, manifest.defaults.lang.as_deref());
            let rel = relative_name(root, &path);
            documents.push(DocInfo {
                path,
                rel,
                lang,
                dir,
                arabic,
                latin,
            });
        }
        documents.sort_by(|a, b| a.rel.cmp(&b.rel));
        documents.dedup_by(|a, b| a.rel == b.rel);
        Ok(Corpus {
            root: root.to_path_buf(),
            manifest,
            documents,
        })
    }

    /// The document with relative name `rel`.
    pub fn document(&self, rel: &str) -> Option<&DocInfo> {
        // `documents` is sorted by `rel` (see `with_files`).
        self.documents
            .binary_search_by(|d| d.rel.as_str().cmp(rel))
            .ok()
            .map(|i| &self.documents[i])
    }

    /// The translation partner of `rel`: a pair declared in the manifest
    /// (when the partner exists on disk); `None` otherwise.
    pub fn partner(&self, rel: &str) -> Option<&DocInfo> {
        let other = self.manifest.partner_of(rel)?;
        self.document(other)
    }
}

/// How much of each document language detection reads: enough for any
/// article, and a corpus of large files still opens quickly.
pub const DETECT_BYTES: u64 = 64 * 1024;

pub fn read_head(path: &Path, limit: u64) -> std::io::Result<Vec<u8>> {
    use std::io::Read;
    regular_file(path)?;
    let mut bytes = Vec::new();
    std::fs::File::open(path)?
        .take(limit)
        .read_to_end(&mut bytes)?;
    Ok(bytes)
}

/// An error unless `path` is a regular file (or a link to one): opening a
/// FIFO blocks, reading a device may never end.
pub fn regular_file(path: &Path) -> std::io::Result<()> {
    if std::fs::metadata(path)?.is_file() {
        Ok(())
    } else {
        Err(std::io::Error::new(
            std::io::ErrorKind::InvalidInput,
            "not a regular file (a FIFO, socket, device or folder); not read",
        ))
    }
}

/// `path` relative to `root`, with `/` separators.
pub fn relative_name(root: &Path, path: &Path) -> String {
    let rel = path.strip_prefix(root).unwrap_or(path);
    rel.components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect::<Vec<_>>()
        .join("/")
}

/// Whether `name` is a document file name (`*.txt`).
pub fn is_document_name(name: &str) -> bool {
    name.ends_with(".txt") && !name.starts_with('.')
}

/// Folders no walk of a corpus goes into: hidden ones (`.git`, …) and
/// `target/` (build output beside a corpus kept in a repository).
pub fn is_skipped_folder(name: &str) -> bool {
    name.starts_with('.') || name == "target"
}

fn collect_documents(dir: &Path, out: &mut Vec<PathBuf>) -> Result<(), CorpusError> {
    let mut skipped = Vec::new();
    walk(dir, &is_document_name, out, &mut skipped)
}

/// A file a walk passed over although its name was wanted, or a folder it
/// did not enter, with the reason (for `check` to report).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Skipped {
    pub path: PathBuf,
    pub reason: &'static str,
}

/// Every walk of a corpus goes through here: the regular files under `dir`
/// whose name `want` accepts, sorted, in `out`.
///
/// - Hidden entries (`.git`, lock and temporary files) and `target/` are
///   not visited.
/// - A symbolic link to a folder is **not followed**: a link to `.` would
///   make the walk endless, and a link out of the corpus would make
///   hashiya read and write files outside it. It is listed in `skipped`.
/// - A symbolic link to a regular file counts as that file (its sidecar is
///   written beside the link, in the corpus).
/// - A wanted name on something that is not a regular file (a FIFO, a
///   socket, a device, a folder named `x.txt`) is listed in `skipped`:
///   reading it could block forever or never end.
pub fn walk(
    dir: &Path,
    want: &dyn Fn(&str) -> bool,
    out: &mut Vec<PathBuf>,
    skipped: &mut Vec<Skipped>,
) -> Result<(), CorpusError> {
    let io = |source| CorpusError::Io {
        path: dir.to_path_buf(),
        source,
    };
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .map_err(io)?
        .collect::<Result<_, _>>()
        .map_err(io)?;
    entries.sort_by_key(|e| e.file_name());
    for entry in entries {
        let name = entry.file_name().to_string_lossy().into_owned();
        let path = entry.path();
        match visit(&entry, &name, want) {
            Visit::Enter => walk(&path, want, out, skipped)?,
            Visit::Take => out.push(path),
            Visit::Skip(reason) => skipped.push(Skipped { path, reason }),
            Visit::Pass => {}
        }
    }
    Ok(())
}

/// What a walk of a corpus does with one entry of a folder.
pub(crate) enum Visit {
    /// A folder to walk into.
    Enter,
    /// A wanted regular file (or a link to one).
    Take,
    /// A wanted name passed over, or a linked folder not followed: why.
    Skip(&'static str),
    /// Anything else.
    Pass,
}

/// The rules of [`walk`] for one entry named `name` (its lossy name).
pub(crate) fn visit(entry: &std::fs::DirEntry, name: &str, want: &dyn Fn(&str) -> bool) -> Visit {
    if name.starts_with('.') {
        return Visit::Pass;
    }
    let Ok(kind) = entry.file_type() else {
        return Visit::Pass;
    };
    if kind.is_dir() {
        if is_skipped_folder(name) {
            Visit::Pass
        } else {
            Visit::Enter
        }
    } else if kind.is_symlink() {
        match std::fs::metadata(entry.path()) {
            Ok(m) if m.is_dir() && !is_skipped_folder(name) => {
                Visit::Skip("a symbolic link to a folder; not followed")
            }
            Ok(m) if m.is_dir() => Visit::Pass,
            Ok(m) if want(name) && m.is_file() => Visit::Take,
            Ok(_) if want(name) => {
                Visit::Skip("a symbolic link to something that is not a regular file; not read")
            }
            Err(_) if want(name) => Visit::Skip("a broken symbolic link"),
            _ => Visit::Pass,
        }
    } else if want(name) {
        if kind.is_file() {
            Visit::Take
        } else {
            Visit::Skip("not a regular file (a FIFO, socket or device); not read")
        }
    } else {
        Visit::Pass
    }
}

/// `char::is_alphabetic`, with ASCII and the main Arabic block (U+0600–06FF:
/// letters, and the harakat and Quranic marks Unicode counts as alphabetic)
/// decided by table, since Arabic text would otherwise take the slow
/// general lookup for every character.
#[inline]
pub fn is_alphabetic(c: char) -> bool {
    match c as u32 {
        0x00..=0x7F => c.is_ascii_alphabetic(),
        0x0610..=0x061A
        | 0x0620..=0x0657
        | 0x0659..=0x065F
        | 0x066E..=0x06D3
        | 0x06D5..=0x06DC
        | 0x06E1..=0x06E8
        | 0x06ED..=0x06EF
        | 0x06FA..=0x06FC
        | 0x06FF => true,
        0x0600..=0x06FF => false,
        _ => c.is_alphabetic(),
    }
}

/// Whether `c` is an Arabic-script letter (Arabic, Arabic Supplement,
/// Extended-A, Presentation Forms A and B). Harakat and other combining
/// marks are not letters.
pub fn is_arabic_letter(c: char) -> bool {
    match c as u32 {
        // The main block, by table: the common case must be fast.
        0x0620..=0x064A | 0x066E..=0x066F | 0x0671..=0x06D3 | 0x06D5 => true,
        0x06EE..=0x06EF | 0x06FA..=0x06FC | 0x06FF => true,
        0x0600..=0x06FF => false,
        // Extended-A's combining marks (U+08CA–08FF) are not letters.
        0x08CA..=0x08FF => false,
        0x0750..=0x077F | 0x0870..=0x08C9 | 0xFB50..=0xFDFF | 0xFE70..=0xFEFF => c.is_alphabetic(),
        _ => false,
    }
}

/// Whether `c` is a Latin-script letter.
pub fn is_latin_letter(c: char) -> bool {
    c.is_ascii_alphabetic()
        || (matches!(c as u32, 0x00C0..=0x024F | 0x1E00..=0x1EFF) && c.is_alphabetic())
}

/// How many Arabic-script and Latin-script letters `text` has.
pub fn letter_counts(text: &str) -> (usize, usize) {
    let (mut arabic, mut latin) = (0, 0);
    for c in text.chars() {
        if is_arabic_letter(c) {
            arabic += 1;
        } else if is_latin_letter(c) {
            latin += 1;
        }
    }
    (arabic, latin)
}

/// The language of a text from its letters: `ar` when Arabic-script letters
/// are the majority, `en` when Latin letters are, `und` when there are none
/// (or as many of each). Returns the language, its base direction, and the
/// Arabic and Latin letter counts.
pub fn detect_language(text: &str) -> (String, Direction, usize, usize) {
    let (arabic, latin) = letter_counts(text);
    let (lang, dir) = if arabic > latin {
        ("ar", Direction::Rtl)
    } else if latin > arabic {
        ("en", Direction::Ltr)
    } else {
        ("und", Direction::Ltr)
    };
    (lang.to_string(), dir, arabic, latin)
}

/// The language of a document from its first [`DETECT_BYTES`] bytes (or
/// more: the rest is not looked at), `default` (the manifest's default
/// language) when the letters do not tell; with [`detect_language`]'s
/// direction and counts.
pub fn document_language(bytes: &[u8], default: Option<&str>) -> (String, Direction, usize, usize) {
    let head = bytes.get(..DETECT_BYTES as usize).unwrap_or(bytes);
    // A character cut at the end counts as U+FFFD would: not a letter.
    let text = match std::str::from_utf8(head) {
        Ok(text) => std::borrow::Cow::Borrowed(text),
        Err(e) if e.error_len().is_none() => head
            .get(..e.valid_up_to())
            .and_then(|h| std::str::from_utf8(h).ok())
            .unwrap_or_default()
            .into(),
        Err(_) => String::from_utf8_lossy(head),
    };
    let (mut lang, dir, arabic, latin) = detect_language(&text);
    if lang == "und"
        && let Some(default) = default
    {
        lang = default.to_string();
    }
    (lang, dir, arabic, latin)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_alphabetic_table_is_the_standard_library_s() {
        for c in (0..0x0800).filter_map(char::from_u32) {
            assert_eq!(is_alphabetic(c), c.is_alphabetic(), "U+{:04X}", c as u32);
        }
    }

    #[test]
    fn detects_arabic_english_and_undetermined() {
        let (lang, dir, ar, la) = detect_language("قال ماكرون إن MWPs ستتغير");
        assert_eq!((lang.as_str(), dir), ("ar", Direction::Rtl));
        assert_eq!((ar, la), (3 + 6 + 2 + 6, 4));
        let (lang, dir, ar, la) = detect_language("Macron said 5,700 (ماكرون)");
        assert_eq!((lang.as_str(), dir), ("en", Direction::Ltr));
        assert_eq!((ar, la), (6, 10));
        let (lang, _, ar, la) = detect_language("12 345 — ٥٧٠٠!");
        assert_eq!((lang.as_str(), ar, la), ("und", 0, 0));
    }

    #[test]
    fn discovers_documents_recursively_and_skips_the_rest() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::create_dir_all(root.join("sub/deeper")).unwrap();
        std::fs::create_dir_all(root.join(".git")).unwrap();
        std::fs::create_dir_all(root.join("target")).unwrap();
        std::fs::write(root.join("b_en.txt"), "An English article.").unwrap();
        std::fs::write(root.join("a_ar.txt"), "مقال عربي.").unwrap();
        std::fs::write(root.join("a_ar.ann.toml"), "version = 1").unwrap();
        std::fs::write(root.join("sub/deeper/c.txt"), "123").unwrap();
        std::fs::write(root.join(".git/x.txt"), "hidden").unwrap();
        std::fs::write(root.join("target/y.txt"), "build").unwrap();
        std::fs::write(root.join("notes.md"), "not a document").unwrap();
        std::fs::write(
            root.join("hashiya.toml"),
            "[[pair]]\nfiles = [\"a_ar.txt\", \"b_en.txt\"]\n",
        )
        .unwrap();
        let corpus = Corpus::open(root).unwrap();
        let rels: Vec<&str> = corpus.documents.iter().map(|d| d.rel.as_str()).collect();
        assert_eq!(rels, ["a_ar.txt", "b_en.txt", "sub/deeper/c.txt"]);
        assert_eq!(corpus.documents[0].lang, "ar");
        assert_eq!(corpus.documents[0].dir, Direction::Rtl);
        assert_eq!(corpus.documents[1].lang, "en");
        assert_eq!(corpus.documents[2].lang, "und");
        assert_eq!(corpus.partner("a_ar.txt").unwrap().rel, "b_en.txt");
        assert_eq!(corpus.partner("b_en.txt").unwrap().rel, "a_ar.txt");
        assert!(corpus.partner("sub/deeper/c.txt").is_none());
    }

    #[test]
    fn select_groups_paths_by_corpus_and_folders_by_prefix() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::create_dir_all(root.join("news/2023")).unwrap();
        std::fs::create_dir_all(root.join("newsletter")).unwrap();
        std::fs::write(root.join("hashiya.toml"), "").unwrap();
        std::fs::write(root.join("news/2023/a.txt"), "a").unwrap();
        std::fs::write(root.join("news/b.txt"), "b").unwrap();
        std::fs::write(root.join("newsletter/c.txt"), "c").unwrap();
        std::fs::write(root.join("notes.md"), "not a document").unwrap();
        let sel = select(&[root.join("news"), root.join("news/b.txt")]).unwrap();
        assert_eq!(sel.len(), 1, "one corpus however many paths");
        assert_eq!(sel[0].0.root, root);
        // `news` is a folder prefix: `newsletter/` is not under it, and b.txt
        // named again is not selected twice.
        assert_eq!(sel[0].1, ["news/2023/a.txt", "news/b.txt"]);
        let all = select(&[root.to_path_buf()]).unwrap();
        assert_eq!(
            all[0].1,
            ["news/2023/a.txt", "news/b.txt", "newsletter/c.txt"]
        );
        let err = select(&[root.join("notes.md")]).unwrap_err().to_string();
        assert!(
            err.ends_with("notes.md: not a corpus document (documents are *.txt files)"),
            "{err}"
        );
        let err = select(&[root.join("gone")]).unwrap_err().to_string();
        assert!(err.ends_with("gone: no such file or folder"), "{err}");
    }

    #[test]
    fn a_file_in_a_folder_without_manifest_does_not_walk_the_folder() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::create_dir_all(root.join("deep/er")).unwrap();
        std::fs::write(root.join("a.txt"), "مقال").unwrap();
        std::fs::write(root.join("b.txt"), "article").unwrap();
        std::fs::write(root.join("deep/er/c.txt"), "c").unwrap();
        let sel = select(&[root.join("a.txt")]).unwrap();
        let docs: Vec<&str> = sel[0].0.documents.iter().map(|d| d.rel.as_str()).collect();
        assert_eq!(docs, ["a.txt"]);
        assert_eq!(sel[0].0.documents[0].lang, "ar");
        assert_eq!(sel[0].1, ["a.txt"]);
        // Named with its folder, the folder is walked as usual.
        let sel = select(&[root.join("a.txt"), root.to_path_buf()]).unwrap();
        assert_eq!(sel[0].0.documents.len(), 3);
        assert_eq!(sel[0].1, ["a.txt", "b.txt", "deep/er/c.txt"]);
        // A file that is not a document is still refused.
        std::fs::write(root.join("notes.md"), "x").unwrap();
        assert!(matches!(
            select(&[root.join("notes.md")]),
            Err(CorpusError::NotADocument { .. })
        ));
    }

    #[test]
    fn malformed_manifest_is_an_error_and_a_file_is_not_a_corpus() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("hashiya.toml"), "[[pair]]\nfiles = 3\n").unwrap();
        let err = Corpus::open(dir.path()).unwrap_err().to_string();
        assert!(err.contains("hashiya.toml:2:"), "{err}");
        std::fs::write(dir.path().join("x.txt"), "x").unwrap();
        assert!(Corpus::open(&dir.path().join("x.txt")).is_err());
    }
}
