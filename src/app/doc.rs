//! An open document: its text, paragraphs, annotations, layout cache and save
//! state. Its annotations are an [`AnnotationSet`], edited only through the
//! reader's [`crate::annotation::Journal`].

use std::collections::BTreeMap;
use std::ops::Range;
use std::path::PathBuf;

use crate::annotation::{Annotation, AnnotationSet, Status};
use crate::corpus::DocStatus;

use super::layout::LayoutCache;

/// An open document.
pub struct Document {
    pub path: PathBuf,
    /// The name shown to the user (relative to the corpus root), with
    /// controls and bidi overrides escaped: it goes into titles, the status
    /// line and the exit message, never raw to the terminal.
    pub name: String,
    pub text: String,
    /// The paragraphs the aligner counts (non-blank lines, trimmed), in
    /// order: the units of side-by-side alignment and of the `¶` count.
    pub paras: Vec<Range<usize>>,
    /// The units drawn, cached and moved through: the paragraphs, a
    /// paragraph longer than [`PIECE_OVER`] bytes cut into pieces
    /// ([`crate::text::pieces`]) so only what is on screen is laid out.
    pub blocks: Vec<Range<usize>>,
    /// For each block: its paragraph, and for a piece of a cut paragraph the
    /// paragraph's base direction, which every piece is laid out with.
    pub block_info: Vec<BlockInfo>,
    /// Annotations on the text (byte offsets), sorted by (start, end, id).
    pub anns: AnnotationSet,
    /// Annotations whose quote could not be found again after the text changed.
    pub orphans: Vec<Annotation>,
    /// Problems found while loading the sidecar (shown in the status line).
    pub problems: Vec<String>,
    /// Merge conflicts recorded in the sidecar (docs/FORMAT.md
    /// "Conflicts"): the annotations show ours until one is settled.
    pub conflicts: Vec<crate::merge::Conflict>,
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

/// A paragraph longer than this (bytes) is shown in pieces of about
/// [`PIECE_TARGET`] bytes, each starting on a new line.
pub const PIECE_OVER: usize = 64 * 1024;
/// The size pieces are cut at (docs/LAYOUT.md "Long paragraphs").
pub const PIECE_TARGET: usize = 8 * 1024;

/// Where a block belongs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct BlockInfo {
    pub para: usize,
    /// Set for the pieces of a paragraph cut in pieces.
    pub dir: Option<crate::text::Direction>,
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
    pub fn new(path: PathBuf, name: String, text: String, anns: AnnotationSet) -> Document {
        // The same paragraphs the aligner counts: non-blank lines, trimmed.
        let paras = crate::align::paragraph_ranges(&text);
        // The script of the first 64 KB decides (a 10 MB file opens as fast as a small one).
        let mut head = text.len().min(64 * 1024);
        while !text.is_char_boundary(head) {
            head -= 1;
        }
        let rtl = crate::corpus::detect_language(text.get(..head).unwrap_or("")).1
            == crate::text::Direction::Rtl;
        let (blocks, block_info) = display_blocks(&text, &paras, rtl);
        Document {
            path,
            name: crate::text::escape::escape_invisible(&name),
            text,
            paras,
            blocks,
            block_info,
            anns,
            orphans: Vec::new(),
            problems: Vec::new(),
            conflicts: Vec::new(),
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
    /// in progress once it holds an annotation a person made or reviewed
    /// (pending suggestions do not count).
    pub fn status(&self) -> DocStatus {
        let worked = self
            .anns
            .iter()
            .filter(|a| a.status != Status::Suggested)
            .count();
        DocStatus::of(self.written_status, worked)
    }

    /// The paragraph block `b` belongs to.
    pub fn para_of(&self, b: usize) -> usize {
        self.block_info.get(b).map_or(b, |i| i.para)
    }

    /// Blank rows drawn after block `b`: none between the pieces of one
    /// paragraph, one after a paragraph.
    pub fn gap_after(&self, b: usize) -> usize {
        match (self.block_info.get(b), self.block_info.get(b + 1)) {
            (Some(x), Some(y)) if x.para == y.para => 0,
            _ => 1,
        }
    }

    /// The blocks showing paragraphs `paras` (an empty range maps to the
    /// empty range before the block of its start).
    pub fn para_blocks(&self, paras: Range<usize>) -> Range<usize> {
        let first = |p: usize| self.block_info.partition_point(|i| i.para < p);
        first(paras.start)..first(paras.end)
    }

    /// The text of paragraph `p`.
    pub fn para_text(&self, p: usize) -> &str {
        self.paras
            .get(p)
            .and_then(|r| self.text.get(r.clone()))
            .unwrap_or("")
    }

    pub fn block_text(&self, b: usize) -> &str {
        self.blocks
            .get(b)
            .and_then(|r| self.text.get(r.clone()))
            .unwrap_or("")
    }

    pub fn ann(&self, id: &str) -> Option<&Annotation> {
        self.anns.get(id)
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
    /// The pending suggestion at `pos` (the shortest when several are),
    /// what accept and reject act on even inside an accepted annotation.
    pub fn suggestion_at(&self, pos: usize) -> Option<&Annotation> {
        self.anns
            .at(pos)
            .filter(|a| a.status == Status::Suggested)
            .min_by_key(|a| a.span.len())
    }

    /// How many suggestions are still pending.
    pub fn pending(&self) -> usize {
        self.anns
            .iter()
            .filter(|a| a.status == Status::Suggested)
            .count()
    }

    pub fn ann_at(&self, pos: usize) -> Option<&Annotation> {
        self.anns
            .at(pos)
            .filter(|a| a.status != Status::Rejected)
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

/// The blocks of a document: its paragraphs, those over [`PIECE_OVER`]
/// bytes cut in pieces. An RTL document's panes force right-to-left; the
/// others take each paragraph's first strong character (view::options).
fn display_blocks(
    text: &str,
    paras: &[Range<usize>],
    rtl: bool,
) -> (Vec<Range<usize>>, Vec<BlockInfo>) {
    use crate::text::Direction;
    let mut blocks = Vec::with_capacity(paras.len());
    let mut info = Vec::with_capacity(paras.len());
    for (p, r) in paras.iter().enumerate() {
        let body = text.get(r.clone()).unwrap_or("");
        if body.len() <= PIECE_OVER {
            blocks.push(r.clone());
            info.push(BlockInfo { para: p, dir: None });
            continue;
        }
        let dir = if rtl {
            Direction::Rtl
        } else {
            crate::text::base_direction(body)
        };
        for piece in crate::text::pieces(body, PIECE_TARGET, dir) {
            blocks.push(r.start + piece.start..r.start + piece.end);
            info.push(BlockInfo {
                para: p,
                dir: Some(dir),
            });
        }
    }
    (blocks, info)
}

/// The open documents are the annotation sets the reader's history edits
/// (a key is an index into `State::docs`). Whatever an edit touches is
/// marked unsaved by the caller.
impl crate::annotation::Sets for Vec<Document> {
    fn set_mut(&mut self, key: usize) -> Option<&mut AnnotationSet> {
        self.get_mut(key).map(|d| &mut d.anns)
    }
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
