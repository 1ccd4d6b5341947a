//! Three-way merging of hashiya's files, for git (`hashiya merge-driver`,
//! `hashiya resolve`; docs/FORMAT.md "Merging with git").
//!
//! Sidecars and layer files are merged by annotation id, field by field
//! ([`sidecar`]); alignment files and the manifest by table and key, with
//! arrays of tables matched by identity ([`table`]). What both sides changed
//! differently is a **conflict**: the file keeps our value in place and a
//! top-level `[[conflict]]` record holds both versions ([`conflict`]), so the
//! result is valid TOML that hashiya opens, `check` reports and `resolve`
//! settles. Text that does not parse is never merged here: the caller falls
//! back to git's line merge.

mod chunks;
pub mod conflict;
pub mod markers;
pub mod sidecar;
pub mod table;

use std::path::Path;

pub use conflict::{Conflict, Side};

/// Which of hashiya's files a path is, by its name.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FileKind {
    /// A gold sidecar `*.ann.toml` or a layer `*.NAME.layer.toml`.
    Sidecar,
    /// An alignment file `*.align.toml`.
    Alignment,
    /// The corpus manifest `hashiya.toml`.
    Manifest,
}

impl FileKind {
    /// The kind of file at `path`, `None` for a file hashiya does not write.
    pub fn of(path: &Path) -> Option<FileKind> {
        let name = path.file_name()?.to_str()?;
        if name == crate::corpus::manifest::MANIFEST_FILE {
            Some(FileKind::Manifest)
        } else if name.ends_with(".align.toml") {
            Some(FileKind::Alignment)
        } else if name.ends_with(".ann.toml") || name.ends_with(".layer.toml") {
            Some(FileKind::Sidecar)
        } else {
            None
        }
    }
}

/// A merged file.
#[derive(Clone, Debug, PartialEq)]
pub struct Merged {
    /// The file's new text.
    pub text: String,
    /// Conflicts recorded in it (new ones and ones kept from the sides).
    pub conflicts: usize,
}

/// Why a merge could not be made semantically (the caller falls back to a
/// line merge with markers, so nothing is lost).
#[derive(Debug, thiserror::Error)]
pub enum MergeError {
    #[error("the {side} version does not parse: {message}")]
    Unparsable { side: &'static str, message: String },
    #[error(
        "the document changed on both sides (SHA-256 {ours} and {theirs}); merge the document, then run `hashiya resolve` on this file"
    )]
    DocumentChangedOnBothSides { ours: String, theirs: String },
    #[error(
        "the {side} version was written for a version of the document (SHA-256 {sha}) that cannot be found to re-anchor it"
    )]
    DocumentNotFound { side: &'static str, sha: String },
}

/// Where the versions of a document can be found, for re-anchoring the
/// sides of a sidecar whose document changed on one side.
pub struct Documents<'a> {
    /// The document text whose SHA-256 is the argument, if known.
    pub by_sha: &'a dyn Fn(&str) -> Option<String>,
    /// The merged document itself, when it exists already (`resolve` after
    /// git merged the document): the target when both sides changed it.
    pub merged: Option<String>,
}

impl Documents<'_> {
    /// No document versions at all (the sides must agree on the document).
    pub fn none() -> Documents<'static> {
        Documents {
            by_sha: &|_| None,
            merged: None,
        }
    }
}

/// Merge three versions of the file at `path` (`base` is `None` when the
/// file did not exist in the common ancestor, or that version is unknown).
pub fn merge_file(
    kind: FileKind,
    base: Option<&str>,
    ours: &str,
    theirs: &str,
    docs: &Documents<'_>,
) -> Result<Merged, MergeError> {
    match kind {
        FileKind::Sidecar => sidecar::merge(base, ours, theirs, docs),
        FileKind::Alignment => table::merge(table::Schema::ALIGNMENT, base, ours, theirs),
        FileKind::Manifest => table::merge(table::Schema::MANIFEST, base, ours, theirs),
    }
}
