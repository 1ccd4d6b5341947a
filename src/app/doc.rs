//! An open document: its text, paragraphs, annotations, layout cache and save
//! state, plus the global undo history of annotation edits.

use std::collections::BTreeMap;
use std::ops::Range;
use std::path::PathBuf;

use crate::annotation::{Annotation, Status};
use crate::corpus::DocStatus;

use super::layout::LayoutCache;

/// An open document.
pub struct Document {
    pub path: PathBuf,
    /// The name shown to the user (relative to the corpus root).
    pub name: String,
    pub text: String,
    /// Non-empty paragraphs, in order: the units drawn, aligned and cached.
    pub blocks: Vec<Range<usize>>,
    /// Annotations on the text (byte offsets), any order.
    pub anns: Vec<Annotation>,
    /// Annotations whose quote could not be found again after the text changed.
    pub orphans: Vec<Annotation>,
    /// Problems found while loading the sidecar (shown in the status line).
    pub problems: Vec<String>,
    /// Mostly Arabic script: the pane forces right-to-left.
    pub rtl: bool,
    /// Changes not yet written to the sidecar.
    pub dirty: bool,
    /// The last save error, kept until a save succeeds.
    pub save_error: Option<String>,
    pub cache: LayoutCache,
    /// The open sidecar (none for documents made in memory, e.g. in tests).
    pub store: Option<crate::sidecar::Store>,
    /// The document's status as the layer file records it (`None`: not
    /// recorded; see [`Document::status`]).
    pub written_status: Option<DocStatus>,
    /// Other annotators' layers, read-only (team mode, not blind).
    pub others: Vec<OtherLayer>,
}

/// Another annotator's layer, shown read-only beside one's own.
#[derive(Clone, Debug)]
pub struct OtherLayer {
    pub annotator: String,
    pub status: DocStatus,
    /// Its annotations that are not rejected.
    pub anns: Vec<Annotation>,
}

impl Document {
    /// A document from its text and loaded annotations.
    pub fn new(path: PathBuf, name: String, text: String, anns: Vec<Annotation>) -> Document {
        // The same paragraphs the aligner counts: non-blank lines, trimmed.
        let blocks = crate::align::paragraph_ranges(&text);
        // The script of the first 64 KB decides (a 10 MB file opens as fast as a small one).
        let mut head = text.len().min(64 * 1024);
        while !text.is_char_boundary(head) {
            head -= 1;
        }
        let rtl = crate::corpus::detect_language(text.get(..head).unwrap_or("")).1
            == crate::text::Direction::Rtl;
        Document {
            path,
            name,
            text,
            blocks,
            anns,
            orphans: Vec::new(),
            problems: Vec::new(),
            rtl,
            dirty: false,
            save_error: None,
            cache: LayoutCache::default(),
            store: None,
            written_status: None,
            others: Vec::new(),
        }
    }

    /// The document's status in the layer being edited: as recorded, else
    /// in progress once it holds annotations.
    pub fn status(&self) -> DocStatus {
        DocStatus::of(self.written_status, self.anns.len())
    }

    pub fn block_text(&self, b: usize) -> &str {
        self.blocks
            .get(b)
            .and_then(|r| self.text.get(r.clone()))
            .unwrap_or("")
    }

    pub fn ann(&self, id: &str) -> Option<&Annotation> {
        self.anns.iter().find(|a| a.id == id)
    }

    /// Visible annotations (not rejected) counted per label.
    pub fn counts(&self) -> BTreeMap<String, usize> {
        let mut m = BTreeMap::new();
        for a in &self.anns {
            if a.status != Status::Rejected {
                *m.entry(a.label.clone()).or_insert(0) += 1;
            }
        }
        m
    }

    /// The innermost visible annotation covering `pos`.
    pub fn ann_at(&self, pos: usize) -> Option<&Annotation> {
        self.anns
            .iter()
            .filter(|a| a.status != Status::Rejected && a.span.start <= pos && pos < a.span.end)
            .min_by_key(|a| a.span.len())
    }

    /// The file name other documents use to point at this one.
    pub fn file_name(&self) -> String {
        self.path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| self.name.clone())
    }
}

/// One reversible change to the annotations of a document.
#[derive(Clone, Debug)]
#[allow(clippy::large_enum_variant)] // kept in history stacks; size is no concern
pub enum Edit {
    Add {
        doc: usize,
        ann: Annotation,
    },
    Remove {
        doc: usize,
        ann: Annotation,
    },
    Change {
        doc: usize,
        before: Annotation,
        after: Annotation,
    },
}

impl Edit {
    pub fn doc(&self) -> usize {
        match self {
            Edit::Add { doc, .. } | Edit::Remove { doc, .. } | Edit::Change { doc, .. } => *doc,
        }
    }

    fn inverse(&self) -> Edit {
        match self.clone() {
            Edit::Add { doc, ann } => Edit::Remove { doc, ann },
            Edit::Remove { doc, ann } => Edit::Add { doc, ann },
            Edit::Change { doc, before, after } => Edit::Change {
                doc,
                before: after,
                after: before,
            },
        }
    }

    /// Apply to the documents; false when it no longer fits (e.g. the
    /// annotation to change is gone).
    pub fn apply(&self, docs: &mut [Document]) -> bool {
        let Some(d) = docs.get_mut(self.doc()) else {
            return false;
        };
        match self {
            Edit::Add { ann, .. } => {
                if d.anns.iter().any(|a| a.id == ann.id) {
                    return false;
                }
                d.anns.push(ann.clone());
            }
            Edit::Remove { ann, .. } => {
                let Some(i) = d.anns.iter().position(|a| a.id == ann.id) else {
                    return false;
                };
                d.anns.remove(i);
            }
            Edit::Change { before, after, .. } => {
                let Some(a) = d.anns.iter_mut().find(|a| a.id == before.id) else {
                    return false;
                };
                *a = after.clone();
            }
        }
        d.dirty = true;
        true
    }
}

/// Undo/redo over groups of edits; a group may touch two documents (a link).
#[derive(Default)]
pub struct History {
    undo: Vec<Vec<Edit>>,
    redo: Vec<Vec<Edit>>,
}

impl History {
    /// Apply a group and record it; returns the documents touched.
    pub fn commit(&mut self, docs: &mut [Document], group: Vec<Edit>) -> Vec<usize> {
        let mut applied = Vec::new();
        for e in group {
            if e.apply(docs) {
                applied.push(e);
            }
        }
        let touched = touched(&applied);
        if !applied.is_empty() {
            self.undo.push(applied);
            self.redo.clear();
        }
        touched
    }

    pub fn undo(&mut self, docs: &mut [Document]) -> Option<Vec<usize>> {
        let group = self.undo.pop()?;
        let inv: Vec<Edit> = group.iter().rev().map(Edit::inverse).collect();
        for e in &inv {
            e.apply(docs);
        }
        self.redo.push(group);
        Some(touched(&inv))
    }

    pub fn redo(&mut self, docs: &mut [Document]) -> Option<Vec<usize>> {
        let group = self.redo.pop()?;
        for e in &group {
            e.apply(docs);
        }
        let t = touched(&group);
        self.undo.push(group);
        Some(t)
    }
}

fn touched(group: &[Edit]) -> Vec<usize> {
    let mut t: Vec<usize> = group.iter().map(Edit::doc).collect();
    t.sort_unstable();
    t.dedup();
    t
}

pub use crate::annotation::{new_id, now_rfc3339};

/// How a link in `from`'s sidecar names the document `to`: its path relative
/// to `from`'s folder, with `/` separators (the file name when both share a
/// folder), as `hashiya check` resolves it.
pub fn relative_link(from: &std::path::Path, to: &std::path::Path) -> String {
    use std::path::Component;
    let base: Vec<Component> = from
        .parent()
        .map(|p| p.components().collect())
        .unwrap_or_default();
    let target: Vec<Component> = to.components().collect();
    let common = base.iter().zip(&target).take_while(|(a, b)| a == b).count();
    let mut parts: Vec<String> = vec!["..".to_string(); base.len() - common];
    parts.extend(
        target[common..]
            .iter()
            .map(|c| c.as_os_str().to_string_lossy().into_owned()),
    );
    parts.join("/")
}

#[cfg(test)]
mod tests {
    use super::relative_link;
    use std::path::Path;

    #[test]
    fn links_name_the_other_document_from_this_ones_folder() {
        let p = |s| Path::new(s);
        assert_eq!(relative_link(p("/c/a.txt"), p("/c/b.txt")), "b.txt");
        assert_eq!(
            relative_link(p("/c/ar/a.txt"), p("/c/en/a.txt")),
            "../en/a.txt"
        );
        assert_eq!(relative_link(p("/c/a.txt"), p("/c/en/b.txt")), "en/b.txt");
    }
}
