//! TOML sidecars (`article.txt` -> `article.ann.toml`): schema, atomic save,
//! validation, re-anchoring, conflicts and locking. See docs/FORMAT.md.
//!
//! Offsets: the program works in byte offsets into the document `String`;
//! the file stores Unicode code points into the exact file content (a BOM is
//! one character, no newline translation). The conversion happens here.
//!
//! Editing a document:
//!
//! ```no_run
//! # use hashiya::{corpus::LabelSet, sidecar::{Store, SaveError}};
//! # fn demo() -> Result<(), Box<dyn std::error::Error>> {
//! let doc = std::path::Path::new("corpus/article.txt");
//! // Locks the document; a missing sidecar is an empty set.
//! let (mut store, loaded) = Store::open(doc, &LabelSet::default())?;
//! // loaded.text: exact document text; loaded.set: annotations (byte spans);
//! // loaded.orphans / loaded.problems: show them to the user.
//! let set = loaded.set;
//! match store.save(&set) {
//!     Ok(_) => {}
//!     // Changed on disk since it was loaded: merge (`store.save_merging`),
//!     // `store.reload()`, or `store.save_overwriting(&set)`.
//!     Err(SaveError::Conflict { ours, theirs, .. }) => { let _ = (ours, theirs); }
//!     // Read-only folder, full disk: `set` is intact; try again later.
//!     Err(e) => hashiya::eprintln_escaped!("{e}"),
//! }
//! # Ok(()) }
//! ```

pub mod anchor;
mod atomic;
pub mod checks;
mod fast;
pub mod format;
mod lock;
pub mod offsets;
mod resolve;
pub(crate) use resolve::is_boundary;
mod store;

use std::ops::Range;
use std::path::{Path, PathBuf};

pub use format::{CONTEXT_CHARS, VERSION};
pub use resolve::{TextIndex, preview};
pub use store::{Loaded, SaveError, SaveOutcome, Store};

use crate::annotation::{Annotation, AnnotationSet};
use crate::corpus::LabelSet;
use crate::corpus::positions::Positions;

/// The sidecar of a document: `dir/article.txt` -> `dir/article.ann.toml`
/// (the last extension is replaced; a name without one gets `.ann.toml`).
pub fn sidecar_path(doc: &Path) -> PathBuf {
    crate::corpus::Layer::Gold.path(doc)
}

/// Whether `path` names a sidecar (`*.ann.toml`).
pub fn is_sidecar(path: &Path) -> bool {
    path.file_name()
        .and_then(|n| n.to_str())
        .is_some_and(|n| n.ends_with(".ann.toml") && n.len() > ".ann.toml".len())
}

/// The document status recorded at the top of a layer or sidecar
/// (`status = "done"`), when it is a known name.
pub fn written_status(extras: &toml::Table) -> Option<crate::corpus::DocStatus> {
    extras
        .get("status")
        .and_then(|v| v.as_str())
        .and_then(crate::corpus::DocStatus::parse)
}

/// What a progress table needs of one layer file, read without its
/// document.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct LayerSummary {
    /// The document's status in this layer.
    pub status: crate::corpus::DocStatus,
    /// Annotations in the file, of any review status.
    pub annotations: usize,
    /// Of which suggestions not yet reviewed.
    pub pending: usize,
}

/// Summarize the layer file at `path`: `Ok(None)` when there is none.
pub fn summarize(path: &Path) -> Result<Option<LayerSummary>, SidecarError> {
    let Some(text) = read_sidecar(path)? else {
        return Ok(None);
    };
    let doc = parse_text(&text, path)?;
    Ok(Some(summary_of(&doc)))
}

/// The summary of a parsed layer file.
pub fn summary_of(doc: &format::SidecarDoc<'_>) -> LayerSummary {
    let annotations = doc.records.len();
    let pending = doc
        .records
        .iter()
        .filter(|r| r.annotation.status == crate::annotation::Status::Suggested)
        .count();
    // Pending suggestions are not work: a layer holding only what
    // `suggest` put there is untouched until a person reviews or tags.
    LayerSummary {
        status: crate::corpus::DocStatus::of(written_status(&doc.extras), annotations - pending),
        annotations,
        pending,
    }
}

/// Lower-case hex SHA-256 of `bytes`.
pub fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::Digest as _;
    let digest = sha2::Sha256::digest(bytes);
    let mut s = String::with_capacity(64);
    for b in digest.iter() {
        s.push(char::from(b"0123456789abcdef"[usize::from(b >> 4)]));
        s.push(char::from(b"0123456789abcdef"[usize::from(b & 15)]));
    }
    s
}

/// What kind of problem an annotation has. All of them are reported by
/// `hashiya check`; none of them loses data.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ProblemKind {
    /// The document changed since the sidecar was written.
    HashDrift,
    /// Re-anchoring moved the annotation.
    Moved,
    /// The annotation could not be found; it is kept as an orphan.
    Orphan,
    /// Offsets out of range or reversed.
    BadOffsets,
    /// An offset between a letter and its marks (or inside CR LF).
    InsideCharacter,
    /// The quote is not the document text at the offsets.
    QuoteMismatch,
    DuplicateId,
    /// Label (or type) not in the corpus label set.
    UnknownLabel,
    /// A link to an id that does not exist.
    DanglingLink,
}

/// A problem found while loading a sidecar (the data is kept).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    /// 1-based line and column in the sidecar.
    pub line: usize,
    pub column: usize,
    /// The annotation concerned, if one.
    pub id: Option<String>,
    pub kind: ProblemKind,
    pub message: String,
}

/// An annotation that is not anchored in the document: kept in the sidecar
/// as written and shown to the user. Writing back: a lost annotation is
/// dropped from the file only when the set saved holds an annotation with its
/// id (the user re-attached it) or when [`Store::discard_orphan`] is called;
/// a duplicate only by [`Store::discard_orphan`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Orphan {
    /// The annotation as recorded; its `span` is meaningless (0..0).
    pub annotation: Annotation,
    /// Offsets as recorded in the file (code points; may be invalid).
    pub start: i64,
    pub end: i64,
    /// Line of the annotation in the sidecar.
    pub line: usize,
    pub reason: String,
    /// Not loaded because another annotation already has its id; written
    /// back as it was until [`Store::discard_orphan`] drops it.
    pub duplicate: bool,
}

/// One located message in a sidecar that cannot be loaded.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Located {
    pub line: usize,
    pub column: usize,
    pub message: String,
}

/// A sidecar (or its document) that cannot be loaded. Nothing is written.
#[derive(Debug, thiserror::Error)]
pub enum SidecarError {
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{path}: the document is not UTF-8 text (byte {at})")]
    NotUtf8 { path: PathBuf, at: usize },
    /// The sidecar itself is not UTF-8: `at` is the byte offset of the first
    /// bad byte, `line` and `column` (in characters) where it is.
    #[error("{}: invalid UTF-8 at byte offset {at} (line {line}, column {column}); the sidecar was not read", path.display())]
    SidecarNotUtf8 {
        path: PathBuf,
        at: usize,
        line: usize,
        column: usize,
    },
    #[error("{}", format_invalid(path, errors))]
    Invalid { path: PathBuf, errors: Vec<Located> },
    #[error(
        "{}: the sidecar belongs to {}, not to {}",
        path.display(),
        crate::export::quoted(document),
        expected
    )]
    WrongDocument {
        path: PathBuf,
        document: String,
        expected: String,
    },
    #[error(
        "{}: another hashiya is editing this document (it holds the lock); close it first",
        path.display()
    )]
    Locked { path: PathBuf },
    /// Something other than a regular file where a sidecar should be (a
    /// FIFO would block the reader forever, a device never end).
    #[error(
        "{}: not a regular file (a FIFO, socket, device or folder); the sidecar was not read and nothing is written there",
        path.display()
    )]
    NotAFile { path: PathBuf },
    #[error(
        "{}: {size} bytes, more than a sidecar may hold ({MAX_SIDECAR_BYTES} bytes); the sidecar was not read",
        path.display()
    )]
    TooLarge { path: PathBuf, size: u64 },
}

/// The largest sidecar hashiya reads: room for several million
/// annotations, and a bound on what a mistaken file or a link to a device
/// can make it allocate.
pub const MAX_SIDECAR_BYTES: u64 = 1 << 30;

fn format_invalid(path: &Path, errors: &[Located]) -> String {
    errors
        .iter()
        .map(|e| format!("{}:{}:{}: {}", path.display(), e.line, e.column, e.message))
        .collect::<Vec<_>>()
        .join("\n")
}

/// A sidecar checked against its document without locking or writing:
/// what `hashiya check` needs.
#[derive(Debug)]
pub struct Inspection {
    pub set: AnnotationSet,
    pub orphans: Vec<Orphan>,
    pub problems: Vec<Problem>,
    /// The document's hash differs from the recorded one.
    pub drift: bool,
}

/// Whether `a` can be written to a sidecar and read back: the loader's own
/// rules (an id without `#`, spaces or controls; RFC 3339 times; link
/// targets that name an annotation), applied by writing a one-annotation
/// sidecar and reading it, so the two can never disagree. Every path by
/// which annotations enter a sidecar from outside (import, merge) calls
/// this; [`Store::save`] checks the whole file the same way.
pub fn check_annotation(a: &Annotation) -> Result<(), String> {
    let record = format::OutRecord {
        annotation: a,
        start: 0,
        end: 1,
        before: "",
        after: "",
        orphan: false,
        extras: None,
        link_extras: &[],
        raw: None,
    };
    let text = format::render("check.txt", &"0".repeat(64), &toml::Table::new(), &[record]);
    match format::parse(&text) {
        Ok(_) => Ok(()),
        Err(diags) => Err(diags
            .into_iter()
            .map(|d| d.message)
            .collect::<Vec<_>>()
            .join("; ")),
    }
}

/// Read and parse a sidecar (no document needed).
pub fn parse_file(path: &Path) -> Result<(String, format::SidecarDoc<'static>), SidecarError> {
    let text = read_sidecar(path)?.ok_or_else(|| SidecarError::Io {
        path: path.to_path_buf(),
        source: std::io::Error::from(std::io::ErrorKind::NotFound),
    })?;
    let doc = parse_text(&text, path)?.into_owned();
    Ok((text, doc))
}

/// A sidecar's text; `None` when there is no such file. Bytes that are not
/// UTF-8 are an error naming the byte offset and line.
pub(crate) fn read_sidecar(path: &Path) -> Result<Option<String>, SidecarError> {
    use std::io::Read as _;
    let io = |source| SidecarError::Io {
        path: path.to_path_buf(),
        source,
    };
    // Checked before opening: opening a FIFO for reading blocks.
    let meta = match std::fs::metadata(path) {
        Ok(m) => m,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(source) => return Err(io(source)),
    };
    if !meta.is_file() {
        return Err(SidecarError::NotAFile {
            path: path.to_path_buf(),
        });
    }
    let too_large = |size| SidecarError::TooLarge {
        path: path.to_path_buf(),
        size,
    };
    if meta.len() > MAX_SIDECAR_BYTES {
        return Err(too_large(meta.len()));
    }
    let file = match std::fs::File::open(path) {
        Ok(f) => f,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(source) => return Err(io(source)),
    };
    // The file may have grown since: read at most one byte past the limit.
    let mut bytes = Vec::with_capacity(usize::try_from(meta.len()).unwrap_or(0));
    file.take(MAX_SIDECAR_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(io)?;
    if bytes.len() as u64 > MAX_SIDECAR_BYTES {
        return Err(too_large(bytes.len() as u64));
    }
    String::from_utf8(bytes).map(Some).map_err(|e| {
        let at = e.utf8_error().valid_up_to();
        // The bytes before `at` are valid UTF-8.
        let before = std::str::from_utf8(e.as_bytes().get(..at).unwrap_or_default()).unwrap_or("");
        let (line, column) = Positions::new(before).line_column(at);
        SidecarError::SidecarNotUtf8 {
            path: path.to_path_buf(),
            at,
            line,
            column,
        }
    })
}

pub(crate) fn parse_text<'i>(
    text: &'i str,
    path: &Path,
) -> Result<format::SidecarDoc<'i>, SidecarError> {
    format::parse(text).map_err(|diags| {
        let lines = Positions::new(text);
        SidecarError::Invalid {
            path: path.to_path_buf(),
            errors: diags
                .into_iter()
                .map(|d| {
                    let (line, column) = lines.line_column(d.span.start);
                    Located {
                        line,
                        column,
                        message: d.message,
                    }
                })
                .collect(),
        }
    })
}

/// Whether the fast reader reads `text` (else the full TOML parser does).
#[cfg(test)]
pub(crate) fn fast_accepts(text: &str) -> bool {
    fast::parse(text).is_some()
}

/// Read a document as exact text.
pub fn read_document(path: &Path) -> Result<String, SidecarError> {
    let io = |source| SidecarError::Io {
        path: path.to_path_buf(),
        source,
    };
    crate::corpus::regular_file(path).map_err(io)?;
    let bytes = std::fs::read(path).map_err(io)?;
    String::from_utf8(bytes).map_err(|e| SidecarError::NotUtf8 {
        path: path.to_path_buf(),
        at: e.utf8_error().valid_up_to(),
    })
}

/// Check a parsed sidecar against document text.
pub fn inspect(
    sidecar_text: &str,
    doc: format::SidecarDoc<'_>,
    document_text: &str,
    labels: &LabelSet,
) -> Inspection {
    inspect_indexed(
        sidecar_text,
        doc,
        document_text,
        labels,
        &TextIndex::new(document_text),
    )
}

/// [`inspect`] with the document text's index made already: one index
/// serves every sidecar of a document (its layers).
pub fn inspect_indexed(
    sidecar_text: &str,
    doc: format::SidecarDoc<'_>,
    document_text: &str,
    labels: &LabelSet,
    index: &TextIndex,
) -> Inspection {
    let r = resolve::resolve_indexed(doc, document_text, labels, index);
    let (problems, orphans) = locate(sidecar_text, r.problems, r.orphans);
    Inspection {
        set: r.set,
        orphans,
        problems,
        drift: r.drift,
    }
}

fn locate(
    text: &str,
    problems: Vec<(Range<usize>, Problem)>,
    orphans: Vec<(format::Record<'static>, Orphan)>,
) -> (Vec<Problem>, Vec<Orphan>) {
    if problems.is_empty() && orphans.is_empty() {
        return (Vec::new(), Vec::new());
    }
    let lines = Positions::new(text);
    let problems = problems
        .into_iter()
        .map(|(pos, mut p)| {
            (p.line, p.column) = lines.line_column(pos.start);
            p
        })
        .collect();
    let orphans = orphans
        .into_iter()
        .map(|(r, mut o)| {
            o.line = lines.line_column(r.pos.table.start).0;
            o
        })
        .collect();
    (problems, orphans)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sidecar_paths() {
        assert_eq!(
            sidecar_path(Path::new("c/article.txt")),
            PathBuf::from("c/article.ann.toml")
        );
        assert_eq!(
            sidecar_path(Path::new("a.b.md")),
            PathBuf::from("a.b.ann.toml")
        );
        assert_eq!(
            sidecar_path(Path::new("README")),
            PathBuf::from("README.ann.toml")
        );
        assert!(is_sidecar(Path::new("x/a.ann.toml")));
        assert!(!is_sidecar(Path::new("x/a.toml")));
    }

    #[test]
    fn sha256_known_value() {
        // FIPS 180-2 example "abc".
        assert_eq!(
            sha256_hex(b"abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }

    #[test]
    fn lines_locate() {
        let l = Positions::new("ab\nمرحبا x\n");
        assert_eq!(l.line_column(0), (1, 1));
        assert_eq!(l.line_column(3), (2, 1));
        assert_eq!(l.line_column(3 + 10 + 1), (2, 7));
    }
}
