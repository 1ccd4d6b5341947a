//! Where a command may write its output. `export --out` once replaced a
//! sidecar and truncated the very document being exported; every output
//! path now goes through [`check_output`] first.
//!
//! Refused (unless the user says `--force`): a file the corpus is made of
//! (a document, a sidecar or layer file, an alignment file, the manifest,
//! hidden lock and temporary files), a new `*.txt` inside a corpus (it
//! would become a document), and, for outputs that are folders (brat
//! writes `.txt` files), any folder at or inside a corpus root. The test
//! is made on the resolved path, so a symbolic link to a document is the
//! document.

use std::path::{Component, Path, PathBuf};

use super::{is_document_name, team};

/// Whether an output goes to a file or fills a folder.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OutputKind {
    File,
    Folder,
}

/// `path` made absolute with `..` and symbolic links resolved as far as it
/// exists (the part that does not exist yet is appended as written).
fn resolved(path: &Path) -> PathBuf {
    let abs = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    if let Ok(real) = std::fs::canonicalize(&abs) {
        return real;
    }
    let mut rest = Vec::new();
    let mut head = abs.as_path();
    while let Some(parent) = head.parent() {
        if let Some(name) = head.file_name() {
            rest.push(name.to_os_string());
        }
        if let Ok(real) = std::fs::canonicalize(parent) {
            let mut out = real;
            for name in rest.iter().rev() {
                out.push(name);
            }
            return out;
        }
        head = parent;
    }
    // Nothing of it exists: normalise `..` lexically.
    let mut out = PathBuf::new();
    for c in abs.components() {
        match c {
            Component::ParentDir => {
                out.pop();
            }
            Component::CurDir => {}
            other => out.push(other),
        }
    }
    out
}

/// Whether `name` is one of the files hashiya keeps in a corpus.
fn is_corpus_file(name: &str) -> bool {
    name == super::manifest::MANIFEST_FILE
        || name.ends_with(".ann.toml")
        || name.ends_with(".align.toml")
        || team::parse_layer_file(name).is_some()
        || name.starts_with('.')
        || is_document_name(name)
}

/// An error message when `out` must not be written for a corpus rooted at
/// one of `roots`; `None` when it may.
pub fn check_output(out: &Path, kind: OutputKind, roots: &[PathBuf]) -> Option<String> {
    let target = resolved(out);
    let roots: Vec<PathBuf> = roots.iter().map(|r| resolved(r)).collect();
    let inside = roots.iter().find(|r| target.starts_with(r));
    let shown = out.display();
    match kind {
        OutputKind::Folder => inside.map(|root| {
            format!(
                "--out {shown}: this folder is inside the corpus at {}; the export's .txt files would become documents of it (and could replace its own). Choose a folder outside the corpus, or add --force",
                root.display()
            )
        }),
        OutputKind::File => {
            let name = target
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            if target.is_dir() {
                return Some(format!("--out {shown}: a folder; give a file name"));
            }
            let root = inside?;
            if is_corpus_file(&name) {
                let what = if is_document_name(&name) {
                    if target.exists() {
                        "a document of the corpus"
                    } else {
                        "a name that would make the export a document of the corpus"
                    }
                } else {
                    "a file hashiya keeps in the corpus (annotations, alignments, settings)"
                };
                Some(format!(
                    "--out {shown}: {what} at {}; nothing was written. Choose another name, or add --force",
                    root.display()
                ))
            } else {
                None
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn corpus_files_are_refused_other_outputs_allowed() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("corpus");
        std::fs::create_dir_all(root.join("sub")).unwrap();
        std::fs::write(root.join("a.txt"), "x").unwrap();
        std::fs::write(root.join("a.ann.toml"), "x").unwrap();
        std::os::unix::fs::symlink(root.join("a.txt"), dir.path().join("link.jsonl")).unwrap();
        let roots = [root.clone()];
        let refused = |p: &Path, k| check_output(p, k, &roots).is_some();
        use OutputKind::*;
        assert!(refused(&root.join("a.txt"), File));
        assert!(refused(&root.join("a.ann.toml"), File));
        assert!(refused(&root.join("a.amal.layer.toml"), File));
        assert!(refused(&root.join("hashiya.toml"), File));
        assert!(refused(&root.join("sub/new.txt"), File));
        assert!(refused(&root.join("sub/../a.txt"), File));
        // A link out of the corpus that points at a document is the document.
        assert!(refused(&dir.path().join("link.jsonl"), File));
        assert!(refused(&root, Folder));
        assert!(refused(&root.join("brat"), Folder));
        assert!(refused(&root.join("sub"), File));
        assert!(!refused(&root.join("export.jsonl"), File));
        assert!(!refused(&dir.path().join("out.jsonl"), File));
        assert!(!refused(&dir.path().join("brat"), Folder));
    }
}
