//! The documents of a corpus found one at a time, for commands that stream
//! a corpus (export): the same documents, in the same order, as
//! [`super::select`] gives, from a walk that holds one folder's entries at a
//! time and reads no document.

use std::ffi::OsString;
use std::path::{Path, PathBuf};

use super::{
    CorpusError, Manifest, Visit, is_document_name, manifest, regular_file, relative_name, visit,
};

/// What a command-line path names in its corpus.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Named {
    /// A folder: every document under it (`""`: the whole corpus).
    Folder(String),
    /// One document.
    File(String),
}

impl Named {
    /// Whether the document `rel` is among those named.
    fn covers(&self, rel: &str) -> bool {
        match self {
            Named::File(f) => f == rel,
            Named::Folder(prefix) => {
                prefix.is_empty()
                    || rel == prefix
                    || rel
                        .strip_prefix(prefix.as_str())
                        .is_some_and(|rest| rest.starts_with('/'))
            }
        }
    }
}

/// A corpus as command-line paths name it: its root and manifest, and what
/// the paths select in it, in their order. Nothing per document.
#[derive(Debug)]
pub struct Streamed {
    pub root: PathBuf,
    pub manifest: Manifest,
    /// Whether the corpus is walked (it has a manifest, or a folder of it
    /// was named), or only the named files are its documents.
    walked: bool,
    named: Vec<Named>,
}

/// A document found: the file, and its path relative to the corpus root
/// with `/` separators.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Found {
    pub path: PathBuf,
    pub rel: String,
}

/// The corpora of command-line `paths`, as [`super::select`] groups them
/// and with the same errors (a path that does not exist, a file that is not
/// a document of its corpus, a malformed manifest), without reading any
/// document. No paths means `.`.
pub fn plan(paths: &[PathBuf]) -> Result<Vec<Streamed>, CorpusError> {
    let resolved = super::resolve_paths(paths)?;
    let mut out: Vec<Streamed> = Vec::new();
    for (p, root) in &resolved {
        let k = match out.iter().position(|c| &c.root == root) {
            Some(k) => k,
            None => {
                let walked = root.join(manifest::MANIFEST_FILE).is_file()
                    || resolved.iter().any(|(q, r)| r == root && q.is_dir());
                out.push(Streamed {
                    root: root.clone(),
                    manifest: Manifest::load(root)?,
                    walked,
                    named: Vec::new(),
                });
                out.len() - 1
            }
        };
        let corpus = &mut out[k];
        let rel = relative_name(root, p);
        let named = if p.is_dir() {
            Named::Folder(rel)
        } else {
            let document = p
                .file_name()
                .is_some_and(|n| is_document_name(&n.to_string_lossy()));
            if !document || (corpus.walked && !walk_finds(root, p)) {
                return Err(CorpusError::NotADocument { path: p.clone() });
            }
            if !corpus.walked {
                // As `select` reads such a file before anything else.
                regular_file(p)
                    .and_then(|_| std::fs::File::open(p).map(drop))
                    .map_err(|source| CorpusError::Io {
                        path: p.clone(),
                        source,
                    })?;
            }
            Named::File(rel)
        };
        corpus.named.push(named);
    }
    Ok(out)
}

/// Whether a walk of the corpus at `root` finds the file `path` under it:
/// every folder on the way a real folder that walks enter, the file a
/// regular file (or a link to one) with a document's name.
fn walk_finds(root: &Path, path: &Path) -> bool {
    let Ok(rest) = path.strip_prefix(root) else {
        return false;
    };
    let parts: Vec<_> = rest.components().collect();
    let Some((_, folders)) = parts.split_last() else {
        return false;
    };
    let mut at = root.to_path_buf();
    for c in folders {
        let std::path::Component::Normal(name) = c else {
            return false;
        };
        at.push(name);
        let name = name.to_string_lossy();
        let real_folder = std::fs::symlink_metadata(&at).is_ok_and(|m| m.is_dir());
        if !real_folder || name.starts_with('.') || super::is_skipped_folder(&name) {
            return false;
        }
    }
    // `p` exists: a regular file or a link to one is what walks take.
    std::fs::metadata(path).is_ok_and(|m| m.is_file())
}

impl Streamed {
    /// The file of the document `rel` (a corpus-relative name).
    pub fn path_of(&self, rel: &str) -> PathBuf {
        rel.split('/').fold(self.root.clone(), |p, c| p.join(c))
    }

    /// Every document the paths select in this corpus, in `select`'s order:
    /// the paths in the order given, each folder's documents sorted by
    /// relative name, a document named twice given once.
    pub fn documents(&self) -> impl Iterator<Item = Result<Found, CorpusError>> + '_ {
        self.named.iter().enumerate().flat_map(move |(i, named)| {
            let earlier = &self.named[..i];
            let fresh = move |f: &Result<Found, CorpusError>| {
                f.as_ref()
                    .map_or(true, |f| !earlier.iter().any(|n| n.covers(&f.rel)))
            };
            let found: Box<dyn Iterator<Item = Result<Found, CorpusError>>> = match named {
                Named::Folder(prefix) => Box::new(Walk::new(&self.root, prefix)),
                Named::File(rel) => Box::new(std::iter::once(Ok(Found {
                    path: self.path_of(rel),
                    rel: rel.clone(),
                }))),
            };
            found.filter(fresh)
        })
    }
}

/// A walk of the documents under one folder of a corpus, by the rules of
/// [`super::walk`], in order of relative name, holding the entries of the
/// folders it is in only.
pub struct Walk {
    root: PathBuf,
    /// Only documents under this folder (relative to the root; `""`: all).
    prefix: String,
    /// The folders the walk is in: their path, relative name and entries
    /// still to visit (reversed, the next last).
    stack: Vec<Folder>,
    /// The last document given (a name that is not UTF-8 can repeat one).
    last: Option<String>,
    started: bool,
}

struct Folder {
    path: PathBuf,
    rel: String,
    entries: Vec<(String, OsString, bool)>,
}

impl Walk {
    pub fn new(root: &Path, prefix: &str) -> Walk {
        Walk {
            root: root.to_path_buf(),
            prefix: prefix.to_string(),
            stack: Vec::new(),
            last: None,
            started: false,
        }
    }

    /// Whether the folder `rel` holds or leads to documents under the
    /// prefix.
    fn wanted_folder(&self, rel: &str) -> bool {
        let p = self.prefix.as_str();
        p.is_empty()
            || rel.is_empty()
            || rel == p
            || p.strip_prefix(rel).is_some_and(|r| r.starts_with('/'))
            || rel.strip_prefix(p).is_some_and(|r| r.starts_with('/'))
    }

    fn open(&mut self, path: PathBuf, rel: String) -> Result<(), CorpusError> {
        let io = |source| CorpusError::Io {
            path: path.clone(),
            source,
        };
        let mut entries = Vec::new();
        for entry in std::fs::read_dir(&path).map_err(io)? {
            let entry = entry.map_err(io)?;
            let name = entry.file_name();
            let lossy = name.to_string_lossy().into_owned();
            // Sorted by what a document's relative name starts with, so
            // that documents come in the order of their relative names.
            match visit(&entry, &lossy, &is_document_name) {
                Visit::Enter => entries.push((format!("{lossy}/"), name, true)),
                Visit::Take => entries.push((lossy, name, false)),
                Visit::Skip(_) | Visit::Pass => {}
            }
        }
        // Stable: names the same once made UTF-8 keep the walk's order.
        entries.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| b.1.cmp(&a.1)));
        self.stack.push(Folder { path, rel, entries });
        Ok(())
    }
}

impl Iterator for Walk {
    type Item = Result<Found, CorpusError>;

    fn next(&mut self) -> Option<Self::Item> {
        if !self.started {
            self.started = true;
            if let Err(e) = self.open(self.root.clone(), String::new()) {
                return Some(Err(e));
            }
        }
        loop {
            let top = self.stack.last_mut()?;
            let Some((key, name, folder)) = top.entries.pop() else {
                self.stack.pop();
                continue;
            };
            let path = top.path.join(&name);
            let lossy = if folder {
                key.strip_suffix('/').unwrap_or(&key).to_string()
            } else {
                key
            };
            let rel = if top.rel.is_empty() {
                lossy
            } else {
                format!("{}/{lossy}", top.rel)
            };
            if folder {
                if self.wanted_folder(&rel)
                    && let Err(e) = self.open(path, rel)
                {
                    return Some(Err(e));
                }
                continue;
            }
            let inside = Named::Folder(self.prefix.clone()).covers(&rel);
            if !inside || self.last.as_deref() == Some(rel.as_str()) {
                continue;
            }
            self.last = Some(rel.clone());
            return Some(Ok(Found { path, rel }));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rels(found: impl Iterator<Item = Result<Found, CorpusError>>) -> Vec<String> {
        found.map(|f| f.unwrap().rel).collect()
    }

    /// The walk gives `Corpus::open`'s documents, in their order, with
    /// their paths; `plan` gives what `select` selects.
    #[test]
    fn the_same_documents_in_the_same_order_as_select() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        for f in [
            "a.txt",
            "a-b.txt",
            "a/x.txt",
            "a/b/y.txt",
            "A.txt",
            ".hidden/h.txt",
            "target/t.txt",
            "b.txt/c.txt",
            "news/2023/n.txt",
            "news/m.txt",
            "newsletter/l.txt",
            "z/notes.md",
        ] {
            let p = root.join(f);
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(&p, f).unwrap();
        }
        std::fs::write(root.join("hashiya.toml"), "").unwrap();
        std::os::unix::fs::symlink(root.join("a"), root.join("linked")).unwrap();
        std::os::unix::fs::symlink(root.join("a.txt"), root.join("zlink.txt")).unwrap();
        let fifo = root.join("fifo.txt");
        assert!(
            std::process::Command::new("mkfifo")
                .arg(&fifo)
                .status()
                .unwrap()
                .success()
        );
        let corpus = super::super::Corpus::open(root).unwrap();
        let walked: Vec<Found> = Walk::new(root, "").map(Result::unwrap).collect();
        let opened: Vec<Found> = corpus
            .documents
            .iter()
            .map(|d| Found {
                path: d.path.clone(),
                rel: d.rel.clone(),
            })
            .collect();
        assert_eq!(walked, opened);
        // Written out, as a check of the rules themselves.
        assert_eq!(
            rels(Walk::new(root, "")),
            [
                "A.txt",
                "a-b.txt",
                "a.txt",
                "a/b/y.txt",
                "a/x.txt",
                "b.txt/c.txt",
                "news/2023/n.txt",
                "news/m.txt",
                "newsletter/l.txt",
                "zlink.txt"
            ]
        );
        let cases: &[&[&str]] = &[
            &[""],
            &["news"],
            &["news", "news/m.txt", "a/x.txt", "a"],
            &["a/x.txt", "a.txt", "a"],
            &["a/b", "news/2023", "a/b/y.txt"],
            &["zlink.txt", "news/.."],
        ];
        for named in cases {
            let paths: Vec<PathBuf> = named.iter().map(|n| root.join(n)).collect();
            let selected = super::super::select(&paths).unwrap();
            let planned = plan(&paths).unwrap();
            assert_eq!(planned.len(), selected.len());
            for (p, (c, s)) in planned.iter().zip(&selected) {
                assert_eq!(p.root, c.root);
                let found: Vec<Found> = p.documents().map(Result::unwrap).collect();
                let rels: Vec<&str> = found.iter().map(|f| f.rel.as_str()).collect();
                assert_eq!(rels, *s, "{named:?}");
                for f in &found {
                    assert_eq!(Some(&f.path), c.document(&f.rel).map(|d| &d.path));
                }
            }
        }
        for refused in [
            ".hidden/h.txt",
            "target/t.txt",
            "linked/x.txt",
            "z/notes.md",
        ] {
            let paths = [root.join(refused)];
            assert!(
                matches!(plan(&paths), Err(CorpusError::NotADocument { .. })),
                "{refused}"
            );
            assert!(super::super::select(&paths).is_err(), "{refused}");
        }
        // A folder no walk enters selects nothing, as with `select`.
        for folder in [".hidden", "target", "linked"] {
            let paths = [root.join(folder)];
            let planned = plan(&paths).unwrap();
            assert_eq!(rels(planned[0].documents()), Vec::<String>::new());
            assert!(super::super::select(&paths).unwrap()[0].1.is_empty());
        }
    }

    #[test]
    fn files_outside_a_corpus_are_their_own_documents() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::create_dir_all(root.join("deep")).unwrap();
        std::fs::write(root.join("b.txt"), "b").unwrap();
        std::fs::write(root.join("a.txt"), "a").unwrap();
        std::fs::write(root.join("deep/c.txt"), "c").unwrap();
        let paths = [root.join("b.txt"), root.join("a.txt"), root.join("b.txt")];
        let planned = plan(&paths).unwrap();
        let found: Vec<Found> = planned[0].documents().map(Result::unwrap).collect();
        let selected = super::super::select(&paths).unwrap();
        let rels: Vec<&str> = found.iter().map(|f| f.rel.as_str()).collect();
        assert_eq!(rels, selected[0].1);
        assert_eq!(rels, ["b.txt", "a.txt"]);
        assert_eq!(found[0].path, root.join("b.txt"));
    }
}
