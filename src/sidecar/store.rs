//! A document's sidecar, open for editing: load, save, conflicts, lock.

use std::collections::HashMap;
use std::fs::File;
use std::path::{Path, PathBuf};

use super::anchor::context;
use super::atomic;
use super::format::{self, OutRecord, Record};
use super::offsets::OffsetMap;
use super::{Orphan, Problem, SidecarError, resolve, sha256_hex};
use crate::annotation::{AnnotationSet, Link};
use crate::corpus::LabelSet;
use crate::corpus::team::{DocStatus, Layer};

/// What [`Store::open`] and [`Store::reload`] give the caller.
#[derive(Debug)]
pub struct Loaded {
    /// The exact document content.
    pub text: String,
    /// The anchored annotations (byte spans into `text`).
    pub set: AnnotationSet,
    /// Annotations that could not be anchored; kept in the file.
    pub orphans: Vec<Orphan>,
    /// Everything worth telling the user (re-anchoring, bad offsets, …).
    pub problems: Vec<Problem>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SaveOutcome {
    /// The file already held exactly this; nothing was written.
    Unchanged,
    Written,
}

/// A save that did not happen. The caller's annotations are untouched.
#[derive(Debug, thiserror::Error)]
pub enum SaveError {
    /// The sidecar changed on disk since it was loaded (or last saved).
    /// `theirs` is `None` when the file was deleted.
    #[error("{path}: the sidecar changed on disk since it was loaded; not overwritten", path = path.display())]
    Conflict {
        path: PathBuf,
        ours: String,
        theirs: Option<String>,
    },
    #[error(
        "could not write {path}: {source} (the annotations are still in memory; nothing was lost)",
        path = path.display()
    )]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    /// The sidecar changed on disk and the two versions could not be
    /// merged (one does not parse, or the document changed meanwhile):
    /// nothing was written.
    #[error(
        "{path}: changed on disk and could not be merged with yours ({message}); nothing was written",
        path = path.display()
    )]
    NotMerged { path: PathBuf, message: String },
    /// What would be written could not be read back (a value that came in
    /// from outside and breaks the loader's rules): nothing was written.
    #[error(
        "{path}: not saved, the file would not read back (line {line}: {message}); the annotations are still in memory",
        path = path.display()
    )]
    Unreadable {
        path: PathBuf,
        line: usize,
        message: String,
    },
    #[error("annotation {id}: span {start}..{end} is not a valid byte range of the document")]
    BadSpan {
        id: String,
        start: usize,
        end: usize,
    },
}

/// An open layer of a document: the gold sidecar (`article.ann.toml`) or
/// an annotator's layer (`article.amal.layer.toml`). Holds the layer's
/// editing lock while it lives ([`super::lock`]; released by the OS if the
/// process dies).
#[derive(Debug)]
pub struct Store {
    doc_path: PathBuf,
    path: PathBuf,
    layer: Layer,
    document: String,
    labels: LabelSet,
    _lock: super::lock::LayerLock,
    text: String,
    map: OffsetMap,
    sha256: String,
    /// The sidecar bytes on disk as last read or written (`None`: no file).
    disk: Option<String>,
    extras: toml::Table,
    /// Live annotations' unknown keys, by id.
    records: HashMap<String, resolve::Extras>,
    orphans: Vec<StoredOrphan>,
}

/// An orphan as it will be written back.
#[derive(Debug)]
struct StoredOrphan {
    record: Record<'static>,
    /// Unknown keys of its links.
    links: Vec<(Link, toml::Table)>,
    /// Not loaded because its id was already used (written back as it was).
    duplicate: bool,
    /// A duplicate's text exactly as read, written back byte for byte.
    raw: Option<String>,
}

impl Store {
    /// Open the gold sidecar of `doc` (a missing sidecar is an empty set)
    /// and lock it against other hashiya processes.
    pub fn open(doc: &Path, labels: &LabelSet) -> Result<(Store, Loaded), SidecarError> {
        Store::open_layer(doc, labels, &Layer::Gold)
    }

    /// Open one layer of `doc` for editing (a missing file is an empty set)
    /// and take that layer's lock: another annotator's layer of the same
    /// document stays free.
    pub fn open_layer(
        doc: &Path,
        labels: &LabelSet,
        layer: &Layer,
    ) -> Result<(Store, Loaded), SidecarError> {
        // The document must be there to be edited.
        File::open(doc).map_err(|source| SidecarError::Io {
            path: doc.to_path_buf(),
            source,
        })?;
        let path = layer.path(doc);
        let lock = super::lock::LayerLock::acquire(&path, std::time::Duration::from_millis(300))
            .map_err(|_| SidecarError::Locked {
                path: doc.to_path_buf(),
            })?;
        atomic::remove_stale_temps(&path, lock.is_held());
        let document = doc
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let mut store = Store {
            doc_path: doc.to_path_buf(),
            path,
            layer: layer.clone(),
            document,
            labels: labels.clone(),
            _lock: lock,
            text: String::new(),
            map: OffsetMap::new(""),
            sha256: String::new(),
            disk: None,
            extras: toml::Table::new(),
            records: HashMap::new(),
            orphans: Vec::new(),
        };
        let loaded = store.load()?;
        Ok((store, loaded))
    }

    /// Read the document and the sidecar again (after a conflict, or when
    /// either changed on disk). The lock is kept.
    pub fn reload(&mut self) -> Result<Loaded, SidecarError> {
        self.load()
    }

    fn load(&mut self) -> Result<Loaded, SidecarError> {
        let text = super::read_document(&self.doc_path)?;
        let sidecar = super::read_sidecar(&self.path)?;
        let sha256 = sha256_hex(text.as_bytes());
        let (set, orphans, problems, extras, records, orphan_records) = match &sidecar {
            None => Default::default(),
            Some(s) => {
                let mut doc = super::parse_text(s, &self.path)?;
                if doc.document != self.document {
                    return Err(SidecarError::WrongDocument {
                        path: self.path.clone(),
                        document: doc.document,
                        expected: self.document.clone(),
                    });
                }
                let top = std::mem::take(&mut doc.extras);
                let r = resolve::resolve(doc, &text, &self.labels);
                let orphan_records: Vec<StoredOrphan> = r
                    .orphans
                    .iter()
                    .map(|(rec, o)| StoredOrphan {
                        links: rec
                            .annotation
                            .links
                            .iter()
                            .cloned()
                            .zip(rec.link_extras.iter().cloned())
                            .collect(),
                        raw: o
                            .duplicate
                            .then(|| format::raw_record(s, rec.pos.table.start, rec))
                            .flatten()
                            .map(str::to_string),
                        record: rec.clone(),
                        duplicate: o.duplicate,
                    })
                    .collect();
                let (problems, orphans) = super::locate(s, r.problems, r.orphans);
                (r.set, orphans, problems, top, r.extras, orphan_records)
            }
        };
        self.map = OffsetMap::new(&text);
        self.text = text.clone();
        self.sha256 = sha256;
        self.disk = sidecar;
        self.extras = extras;
        if let Some(name) = self.layer.annotator() {
            // A layer names its annotator inside too (a file renamed by hand
            // is caught by `check`).
            self.extras
                .entry("annotator")
                .or_insert_with(|| toml::Value::String(name.to_string()));
        }
        self.records = records;
        self.orphans = orphan_records;
        Ok(Loaded {
            text,
            set,
            orphans,
            problems,
        })
    }

    /// The sidecar's text as this store last read or wrote it (`None`: no
    /// file).
    pub fn on_disk(&self) -> Option<&str> {
        self.disk.as_deref()
    }

    /// Which layer this is.
    pub fn layer(&self) -> &Layer {
        &self.layer
    }

    /// The document's status in this layer as written in the file (the
    /// top-level `status` key), if it is one of the known names.
    pub fn written_status(&self) -> Option<DocStatus> {
        super::written_status(&self.extras)
    }

    /// Record the document's status in this layer; written at the next
    /// save (a layer marked done is saved even without annotations).
    pub fn set_status(&mut self, status: DocStatus) {
        self.extras.insert(
            "status".to_string(),
            toml::Value::String(status.as_str().to_string()),
        );
    }

    /// Keys of the live annotation `id` that the sidecar format leaves to
    /// others (written back after the known keys): adjudication keeps its
    /// provenance there (`crate::adjudicate`).
    pub fn annotation_extras(&self, id: &str) -> Option<&toml::Table> {
        self.records.get(id).map(|x| &x.table)
    }

    /// Replace the extra keys of annotation `id` (an empty table removes
    /// them); written at the next save.
    pub fn set_annotation_extras(&mut self, id: &str, table: toml::Table) {
        if table.is_empty() {
            if let Some(x) = self.records.get_mut(id) {
                x.table = table;
            }
            return;
        }
        self.records.entry(id.to_string()).or_default().table = table;
    }

    /// The top-level keys and tables beyond the known ones.
    pub fn top_extras(&self) -> &toml::Table {
        &self.extras
    }

    /// Set (or with `None` remove) a top-level key beyond the known ones;
    /// written at the next save, even when the layer has no annotation.
    /// Returns the value it had.
    pub fn set_top_extra(&mut self, key: &str, value: Option<toml::Value>) -> Option<toml::Value> {
        match value {
            Some(v) => self.extras.insert(key.to_string(), v),
            None => self.extras.remove(key),
        }
    }

    /// The sidecar's path.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The document's path.
    pub fn document_path(&self) -> &Path {
        &self.doc_path
    }

    /// The document text as loaded.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// The orphans that will be written back.
    pub fn orphans(&self) -> impl Iterator<Item = &crate::annotation::Annotation> {
        self.orphans.iter().map(|o| &o.record.annotation)
    }

    /// Drop an orphan for good (the user deleted it): the first one with
    /// this id, in file order — a lost annotation and a duplicate may share
    /// an id, and deleting one must not take the other with it; call again
    /// for the next. Returns whether one was found. Takes effect at the
    /// next save.
    pub fn discard_orphan(&mut self, id: &str) -> bool {
        match self
            .orphans
            .iter()
            .position(|o| o.record.annotation.id == id)
        {
            Some(i) => {
                self.orphans.remove(i);
                true
            }
            None => false,
        }
    }

    /// The file content `set` would be saved as.
    pub fn render(&self, set: &AnnotationSet) -> Result<String, SaveError> {
        let mut out = Vec::with_capacity(set.len() + self.orphans.len());
        for a in set.iter() {
            let bad = || SaveError::BadSpan {
                id: a.id.clone(),
                start: a.span.start,
                end: a.span.end,
            };
            let start = self.map.cp_of(&self.text, a.span.start).ok_or_else(bad)?;
            let end = self.map.cp_of(&self.text, a.span.end).ok_or_else(bad)?;
            let (before, after) = context(&self.text, a.span.clone());
            out.push(OutRecord {
                annotation: a,
                start: start as i64,
                end: end as i64,
                before,
                after,
                orphan: false,
                extras: self.records.get(&a.id).map(|x| &x.table),
                link_extras: self.records.get(&a.id).map_or(&[], |x| x.links.as_slice()),
                raw: None,
            });
        }
        // Duplicates go after everything else, in file order: the first
        // record with an id is the one loaded, so a duplicate sorted before
        // its original would take its place at the next load.
        let mut duplicates = Vec::new();
        for o in &self.orphans {
            // A lost annotation whose id is back in the set was re-attached
            // by the user; a duplicate stays until it is discarded.
            if !o.duplicate && set.contains(&o.record.annotation.id) {
                continue;
            }
            let r = &o.record;
            let list = if o.duplicate {
                &mut duplicates
            } else {
                &mut out
            };
            list.push(OutRecord {
                annotation: &r.annotation,
                start: r.start,
                end: r.end,
                before: &r.before,
                after: &r.after,
                orphan: r.orphan,
                extras: Some(&r.extras),
                link_extras: &o.links,
                raw: o.raw.as_deref(),
            });
        }
        out.sort_by(|x, y| {
            (x.start, x.end, x.annotation.id.as_str()).cmp(&(
                y.start,
                y.end,
                y.annotation.id.as_str(),
            ))
        });
        out.extend(duplicates);
        Ok(format::render(
            &self.document,
            &self.sha256,
            &self.extras,
            &out,
        ))
    }

    /// Save `set` (plus the orphans) if it differs from the file. Does not
    /// overwrite a sidecar that changed on disk since it was loaded.
    pub fn save(&mut self, set: &AnnotationSet) -> Result<SaveOutcome, SaveError> {
        self.save_inner(set, false)
    }

    /// Save even if the file changed on disk (the user chose "keep mine"
    /// after a [`SaveError::Conflict`]).
    pub fn save_overwriting(&mut self, set: &AnnotationSet) -> Result<SaveOutcome, SaveError> {
        self.save_inner(set, true)
    }

    /// Save after a [`SaveError::Conflict`] by merging, with the merge
    /// driver's rules ([`crate::merge`]): what is on disk now (theirs, e.g.
    /// after a `git pull` or another writer), what this store would write
    /// (ours) and what it last read or wrote (the base). Nothing of either
    /// side is lost: what both changed differently is recorded as a
    /// conflict in the file (`hashiya resolve`). The merged file is written
    /// and read back; the caller takes the returned [`Loaded`] as its
    /// annotations, with the number of conflicts recorded.
    pub fn save_merging(&mut self, set: &AnnotationSet) -> Result<(Loaded, usize), SaveError> {
        let ours = self.render(set)?;
        let path = self.path.clone();
        let unreadable = move |e: super::SidecarError| SaveError::NotMerged {
            path: path.clone(),
            message: e.to_string(),
        };
        let Some(theirs) = super::read_sidecar(&self.path).map_err(&unreadable)? else {
            // Deleted on disk: ours is all there is.
            self.save_overwriting(set)?;
            let loaded = self.load().map_err(&unreadable)?;
            return Ok((loaded, 0));
        };
        let (sha, text) = (self.sha256.clone(), self.text.clone());
        let by_sha = move |s: &str| (s == sha).then(|| text.clone());
        let docs = crate::merge::Documents {
            by_sha: &by_sha,
            merged: None,
        };
        let merged = crate::merge::merge_file(
            crate::merge::FileKind::Sidecar,
            self.disk.as_deref(),
            &ours,
            &theirs,
            &docs,
        )
        .map_err(|e| SaveError::NotMerged {
            path: self.path.clone(),
            message: e.to_string(),
        })?;
        self.readable(&merged.text)?;
        self.write(&merged.text)?;
        let loaded = self.load().map_err(&unreadable)?;
        Ok((loaded, merged.conflicts))
    }

    /// An error unless the loader reads `text` back: nothing is ever
    /// written that hashiya could not open again.
    fn readable(&self, text: &str) -> Result<(), SaveError> {
        if let Err(diags) = super::format::parse(text)
            && let Some(d) = diags.into_iter().next()
        {
            let (line, _) =
                crate::corpus::positions::Positions::new(text).line_column(d.span.start);
            return Err(SaveError::Unreadable {
                path: self.path.clone(),
                line,
                message: d.message,
            });
        }
        Ok(())
    }

    /// Write `text` as the sidecar, atomically (through the lock holder's
    /// temp name while the lock is held).
    fn write(&mut self, text: &str) -> Result<(), SaveError> {
        let written = if self._lock.is_held() {
            atomic::write_atomic_locked(&self.path, text.as_bytes())
        } else {
            atomic::write_atomic(&self.path, text.as_bytes())
        };
        written.map_err(|source| SaveError::Io {
            path: self.path.clone(),
            source,
        })
    }

    /// Write `text` as the sidecar (the output of `hashiya resolve`'s
    /// rules, made from this file) and read it back; refused, with nothing
    /// written, when hashiya could not read it.
    pub fn replace_text(&mut self, text: &str) -> Result<Loaded, SaveError> {
        self.readable(text)?;
        self.write(text)?;
        self.load().map_err(|e| SaveError::NotMerged {
            path: self.path.clone(),
            message: e.to_string(),
        })
    }

    fn save_inner(&mut self, set: &AnnotationSet, force: bool) -> Result<SaveOutcome, SaveError> {
        let ours = self.render(set)?;
        // One validation for everything that enters a sidecar: the loader
        // reads what is about to be written, so nothing is ever written that
        // hashiya could not open again.
        self.readable(&ours)?;
        // Read as at load (a FIFO put there meanwhile is an error, not a
        // wait forever).
        let on_disk = super::read_sidecar(&self.path).map_err(|e| SaveError::Io {
            path: self.path.clone(),
            source: match e {
                super::SidecarError::Io { source, .. } => source,
                other => std::io::Error::new(std::io::ErrorKind::InvalidData, other.to_string()),
            },
        })?;
        if !force && on_disk != self.disk {
            return Err(SaveError::Conflict {
                path: self.path.clone(),
                ours,
                theirs: on_disk,
            });
        }
        let empty = set.is_empty()
            && self.orphans.is_empty()
            && self.written_status().is_none()
            && self.extras.keys().all(|k| k == "annotator");
        if on_disk.as_deref() == Some(ours.as_str()) || (on_disk.is_none() && empty) {
            self.disk = on_disk;
            return Ok(SaveOutcome::Unchanged);
        }
        self.write(&ours)?;
        self.disk = Some(ours);
        Ok(SaveOutcome::Written)
    }
}
