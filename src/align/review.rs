//! One translation pair under review, as the TUI holds it: the paragraphs of
//! both documents, the reviewed paragraph [`Alignment`] (confirmed beads
//! loaded from and saved to `<source stem>.align.toml`) and the figure flags
//! of its beads.

use std::ops::Range;
use std::path::Path;

use super::alignment::{AlignFileError, Alignment, PairFile};
use super::figures::{self, Flag};
use super::{paragraph_ranges, slices};

/// A pair of documents being reviewed.
#[derive(Clone, Debug)]
pub struct PairReview {
    /// Where the confirmed beads are stored (beside either document: see
    /// [`PairFile::find`]).
    pub file: PairFile,
    /// File names recorded in that file (relative names are best).
    pub source_name: String,
    pub target_name: String,
    /// Paragraphs (non-blank lines) as byte ranges of each text.
    pub src_paragraphs: Vec<Range<usize>>,
    pub tgt_paragraphs: Vec<Range<usize>>,
    pub alignment: Alignment,
    /// Figures that disagree, per bead of `alignment` ([`Flag::bead`]).
    pub flags: Vec<Flag>,
}

impl PairReview {
    /// Open the pair whose source document is at `src_path`: align the two
    /// texts, keeping the confirmed beads of the pair (saved beside either
    /// document), and check figures.
    pub fn open(
        src_path: &Path,
        tgt_path: &Path,
        src: &str,
        tgt: &str,
    ) -> Result<PairReview, AlignFileError> {
        let file = PairFile::find(src_path, tgt_path);
        let src_paragraphs = paragraph_ranges(src);
        let tgt_paragraphs = paragraph_ranges(tgt);
        let alignment = file.load(&slices(src, &src_paragraphs), &slices(tgt, &tgt_paragraphs))?;
        let name = |p: &Path| {
            p.file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default()
        };
        let mut review = PairReview {
            file,
            source_name: name(src_path),
            target_name: name(tgt_path),
            src_paragraphs,
            tgt_paragraphs,
            alignment,
            flags: Vec::new(),
        };
        review.recheck(src, tgt);
        Ok(review)
    }

    /// After an edit of the alignment (confirm, merge, split, move): align
    /// what is not confirmed again and recompute the flags.
    pub fn realign(&mut self, src: &str, tgt: &str) {
        let sp = slices(src, &self.src_paragraphs);
        let tp = slices(tgt, &self.tgt_paragraphs);
        self.alignment.realign(&sp, &tp);
        self.recheck(src, tgt);
    }

    /// After the texts changed on disk or in an editor: take the new
    /// paragraphs and find the saved confirmed beads again by their hashes.
    /// Unsaved alignment edits are lost, so call [`PairReview::save`] first
    /// to keep them.
    pub fn reload(&mut self, src: &str, tgt: &str) -> Result<(), AlignFileError> {
        self.src_paragraphs = paragraph_ranges(src);
        self.tgt_paragraphs = paragraph_ranges(tgt);
        self.alignment = self.file.load(
            &slices(src, &self.src_paragraphs),
            &slices(tgt, &self.tgt_paragraphs),
        )?;
        self.recheck(src, tgt);
        Ok(())
    }

    /// Recompute the figure flags of the current beads.
    pub fn recheck(&mut self, src: &str, tgt: &str) {
        self.flags = figures::check(
            src,
            tgt,
            &self.src_paragraphs,
            &self.tgt_paragraphs,
            &self.alignment.beads,
        );
    }

    /// Save the confirmed beads; returns whether the file was written.
    pub fn save(&self, src: &str, tgt: &str) -> Result<bool, AlignFileError> {
        self.file.save(
            &self.alignment,
            &self.source_name,
            &self.target_name,
            &slices(src, &self.src_paragraphs),
            &slices(tgt, &self.tgt_paragraphs),
        )
    }

    /// The flags of bead `i`.
    pub fn flags_of(&self, i: usize) -> impl Iterator<Item = &Flag> {
        self.flags.iter().filter(move |f| f.bead == i)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::align::Side;

    #[test]
    fn open_edit_save_reopen() {
        let dir = tempfile::tempdir().unwrap();
        let (a, b) = (dir.path().join("a.txt"), dir.path().join("b.txt"));
        let src = "In 2020 there were 12 cases.\n\nIn 2021 there were 30 cases.\n";
        let tgt = "في عام 2020 كانت هناك 12 حالة.\n\nفي عام 2021 كانت هناك 31 حالة.\n";
        let mut r = PairReview::open(&a, &b, src, tgt).unwrap();
        assert_eq!(r.alignment.beads.len(), 2);
        // 30 vs 31 in the second bead, shown on the target side.
        assert_eq!(r.flags.len(), 1);
        assert_eq!(r.flags_of(1).count(), 1);
        assert_eq!(r.flags[0].side, Side::Target);
        r.alignment.merge(0).unwrap();
        r.realign(src, tgt);
        assert_eq!(r.flags_of(0).count(), 1);
        assert!(r.save(src, tgt).unwrap());
        assert!(dir.path().join("a.align.toml").exists());
        // The source gains a paragraph at the top; the merged bead is found.
        let src2 = format!("Summary.\n{src}");
        let r2 = PairReview::open(&a, &b, &src2, tgt).unwrap();
        let confirmed: Vec<_> = r2.alignment.beads.iter().filter(|b| b.confirmed).collect();
        assert_eq!(confirmed.len(), 1);
        assert_eq!(
            (confirmed[0].src.clone(), confirmed[0].tgt.clone()),
            (1..3, 0..2)
        );
    }
}
