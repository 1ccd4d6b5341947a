//! A reviewed paragraph alignment: beads the reviewer confirmed, merged,
//! split or adjusted stay fixed, the rest is re-aligned around them
//! (constrained dynamic programming: only the gaps between confirmed beads
//! are aligned), and confirmed beads are saved next to the source document.
//!
//! The file `<source stem>.align.toml` (see docs/ALIGN.md) stores each
//! confirmed bead with the hashes of its paragraphs, so it is found again
//! after edits elsewhere in either document. A bead whose paragraphs can no
//! longer be found is kept as an orphan and written back, never dropped.

use std::ops::Range;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::{Bead, Params, Problem};

/// Current version of the `.align.toml` format.
pub const FORMAT_VERSION: u32 = 1;

/// Which document of the pair.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Side {
    Source,
    Target,
}

/// A paragraph alignment of a pair, covering both documents in order.
#[derive(Clone, Debug, PartialEq)]
pub struct Alignment {
    /// Beads in order; together they cover every paragraph of both sides.
    pub beads: Vec<Bead>,
    /// Saved beads that could not be found in the current texts.
    pub orphans: Vec<StoredBead>,
    src_count: usize,
    tgt_count: usize,
}

/// An edit the alignment cannot make.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum AlignmentError {
    #[error("no bead {0}")]
    NoBead(usize),
    #[error("bead {0} is the last one; there is nothing to merge it with")]
    NothingToMerge(usize),
    #[error("split point {at} is outside bead {bead}")]
    BadSplit { bead: usize, at: usize },
    #[error("a split must leave something on both halves")]
    EmptyHalf,
    #[error("moving the boundary after bead {0} would empty a bead")]
    WouldEmpty(usize),
}

/// An alignment file that could not be read or written.
#[derive(Debug, thiserror::Error)]
pub enum AlignFileError {
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{path}:{line}:{column}: {message}")]
    Parse {
        path: PathBuf,
        line: usize,
        column: usize,
        message: String,
    },
    #[error("{path}: unsupported version {version} (this hashiya reads version {FORMAT_VERSION})")]
    Version { path: PathBuf, version: u32 },
}

/// One confirmed bead as stored on disk.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StoredBead {
    /// Paragraph index range on the source side when saved, `[start, end]`
    /// (end exclusive; paragraphs are the non-blank lines).
    pub src: [usize; 2],
    /// Paragraph index range on the target side when saved.
    pub tgt: [usize; 2],
    /// Hashes of the source paragraphs (16 hex digits of SHA-256).
    #[serde(default)]
    pub src_hash: Vec<String>,
    #[serde(default)]
    pub tgt_hash: Vec<String>,
    /// For an empty side: hash of the paragraph just before the bead on that
    /// side (absent at the start of the document).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub src_after: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tgt_after: Option<String>,
    /// The beginning of each side, for people reading the file.
    #[serde(default)]
    pub src_quote: String,
    #[serde(default)]
    pub tgt_quote: String,
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct AlignFile {
    version: u32,
    source: String,
    target: String,
    #[serde(default)]
    bead: Vec<StoredBead>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    orphan: Vec<StoredBead>,
    /// Conflicts a merge recorded (crate::merge::conflict), kept until
    /// `hashiya resolve` settles them.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    conflict: Vec<toml::Table>,
}

/// The canonical text of an alignment file given as a TOML table (a merge
/// result), `None` when it is not an alignment file.
pub(crate) fn canonical(table: &toml::Table) -> Option<String> {
    let file: AlignFile = toml::Value::Table(table.clone()).try_into().ok()?;
    toml::to_string(&file).ok()
}

/// The conflict records of an alignment file's text (none when it does not
/// parse), carried over by a save.
fn recorded_conflicts(file: &Path) -> Vec<toml::Table> {
    std::fs::read_to_string(file)
        .ok()
        .and_then(|t| toml::from_str::<AlignFile>(&t).ok())
        .map(|f| f.conflict)
        .unwrap_or_default()
}

/// The hash under which a paragraph is stored.
pub fn paragraph_hash(text: &str) -> String {
    let digest = Sha256::digest(text.trim().as_bytes());
    digest.iter().take(8).map(|b| format!("{b:02x}")).collect()
}

impl Alignment {
    /// A fresh alignment of two paragraph lists, nothing confirmed.
    pub fn new(src: &[&str], tgt: &[&str]) -> Alignment {
        let mut a = Alignment {
            beads: Vec::new(),
            orphans: Vec::new(),
            src_count: src.len(),
            tgt_count: tgt.len(),
        };
        a.realign(src, tgt);
        a
    }

    /// Re-align everything that is not confirmed, keeping confirmed beads
    /// exactly as they are (the gaps between them are aligned separately).
    /// `src` and `tgt` must be the paragraph lists the confirmed beads refer
    /// to.
    pub fn realign(&mut self, src: &[&str], tgt: &[&str]) {
        self.realign_with(src, tgt, &Params::default());
    }

    /// [`Alignment::realign`] with explicit parameters.
    pub fn realign_with(&mut self, src: &[&str], tgt: &[&str], params: &Params) {
        self.realign_in(&Problem::new(src, tgt, params));
    }

    /// Re-align everything that is not confirmed as [`Problem`] `problem`
    /// (over this alignment's paragraph lists) finds it.
    pub(crate) fn realign_in(&mut self, problem: &Problem) {
        let (src_count, tgt_count) = problem.counts();
        self.src_count = src_count;
        self.tgt_count = tgt_count;
        let fixed: Vec<Bead> = self
            .beads
            .iter()
            .filter(|b| b.confirmed && b.src.end <= src_count && b.tgt.end <= tgt_count)
            .cloned()
            .collect();
        let mut out = Vec::new();
        let (mut i, mut j) = (0, 0);
        for bead in fixed {
            if bead.src.start < i || bead.tgt.start < j {
                // Overlaps an earlier confirmed bead: drop the confirmation.
                continue;
            }
            out.extend(problem.solve(i..bead.src.start, j..bead.tgt.start));
            i = bead.src.end;
            j = bead.tgt.end;
            out.push(bead);
        }
        out.extend(problem.solve(i..src_count, j..tgt_count));
        self.beads = out;
    }

    fn check(&self, i: usize) -> Result<(), AlignmentError> {
        if i < self.beads.len() {
            Ok(())
        } else {
            Err(AlignmentError::NoBead(i))
        }
    }

    /// Mark bead `i` as confirmed by the reviewer.
    pub fn confirm(&mut self, i: usize) -> Result<(), AlignmentError> {
        self.check(i)?;
        self.beads[i].confirmed = true;
        Ok(())
    }

    /// Withdraw the confirmation of bead `i`.
    pub fn unconfirm(&mut self, i: usize) -> Result<(), AlignmentError> {
        self.check(i)?;
        self.beads[i].confirmed = false;
        Ok(())
    }

    /// Merge bead `i` with bead `i + 1`; the result is confirmed.
    pub fn merge(&mut self, i: usize) -> Result<(), AlignmentError> {
        self.check(i)?;
        if i + 1 >= self.beads.len() {
            return Err(AlignmentError::NothingToMerge(i));
        }
        let next = self.beads.remove(i + 1);
        let b = &mut self.beads[i];
        b.src = b.src.start..next.src.end;
        b.tgt = b.tgt.start..next.tgt.end;
        b.confirmed = true;
        b.cost = 0.0;
        b.score = 1.0;
        Ok(())
    }

    /// Split bead `i` before source paragraph `src_at` and target paragraph
    /// `tgt_at` (absolute indices within the bead, ends allowed); both halves
    /// are confirmed and neither may be empty on both sides.
    pub fn split(&mut self, i: usize, src_at: usize, tgt_at: usize) -> Result<(), AlignmentError> {
        self.check(i)?;
        let b = self.beads[i].clone();
        if !(b.src.start..=b.src.end).contains(&src_at) {
            return Err(AlignmentError::BadSplit {
                bead: i,
                at: src_at,
            });
        }
        if !(b.tgt.start..=b.tgt.end).contains(&tgt_at) {
            return Err(AlignmentError::BadSplit {
                bead: i,
                at: tgt_at,
            });
        }
        let first = Bead::fixed(b.src.start..src_at, b.tgt.start..tgt_at);
        let second = Bead::fixed(src_at..b.src.end, tgt_at..b.tgt.end);
        if first.is_empty() || second.is_empty() {
            return Err(AlignmentError::EmptyHalf);
        }
        self.beads[i] = first;
        self.beads.insert(i + 1, second);
        Ok(())
    }

    /// Move the boundary between bead `i` and bead `i + 1` on `side` by
    /// `delta` paragraphs (negative: earlier). Both beads become confirmed.
    pub fn move_boundary(
        &mut self,
        i: usize,
        side: Side,
        delta: isize,
    ) -> Result<(), AlignmentError> {
        self.check(i)?;
        if i + 1 >= self.beads.len() {
            return Err(AlignmentError::NothingToMerge(i));
        }
        let (a, b) = (&self.beads[i], &self.beads[i + 1]);
        let (lo, cur, hi) = match side {
            Side::Source => (a.src.start, a.src.end, b.src.end),
            Side::Target => (a.tgt.start, a.tgt.end, b.tgt.end),
        };
        let new = cur
            .checked_add_signed(delta)
            .filter(|n| (lo..=hi).contains(n));
        let Some(new) = new else {
            return Err(AlignmentError::WouldEmpty(i));
        };
        let mut first = a.clone();
        let mut second = b.clone();
        match side {
            Side::Source => {
                first.src.end = new;
                second.src.start = new;
            }
            Side::Target => {
                first.tgt.end = new;
                second.tgt.start = new;
            }
        }
        if first.is_empty() || second.is_empty() {
            return Err(AlignmentError::WouldEmpty(i));
        }
        self.beads[i] = Bead::fixed(first.src, first.tgt);
        self.beads[i + 1] = Bead::fixed(second.src, second.tgt);
        Ok(())
    }

    /// The bead holding paragraph `index` of `side`.
    pub fn bead_of(&self, side: Side, index: usize) -> Option<usize> {
        self.beads.iter().position(|b| match side {
            Side::Source => b.src.contains(&index),
            Side::Target => b.tgt.contains(&index),
        })
    }

    /// Where the alignment of the pair whose source document is `src_path` is
    /// stored: `<folder>/<stem>.align.toml`.
    pub fn file_for(src_path: &Path) -> PathBuf {
        src_path.with_extension("align.toml")
    }

    /// Load the confirmed beads saved in `file` (if it exists) and align the
    /// rest. Beads are found again by their paragraph hashes, nearest to
    /// where they were; those that cannot be found become orphans.
    pub fn load(file: &Path, src: &[&str], tgt: &[&str]) -> Result<Alignment, AlignFileError> {
        Alignment::load_then(file, src, tgt, |a| a.realign(src, tgt))
    }

    /// [`Alignment::load`] with the re-alignment of what is not confirmed
    /// left to `realign`.
    fn load_then(
        file: &Path,
        src: &[&str],
        tgt: &[&str],
        realign: impl FnOnce(&mut Alignment),
    ) -> Result<Alignment, AlignFileError> {
        let mut a = Alignment {
            beads: Vec::new(),
            orphans: Vec::new(),
            src_count: src.len(),
            tgt_count: tgt.len(),
        };
        let text = match std::fs::read_to_string(file) {
            Ok(t) => t,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                realign(&mut a);
                return Ok(a);
            }
            Err(source) => {
                return Err(AlignFileError::Io {
                    path: file.to_path_buf(),
                    source,
                });
            }
        };
        let stored: AlignFile = toml::from_str(&text).map_err(|e| {
            let (line, column) = e
                .span()
                .map(|s| crate::corpus::positions::Positions::new(&text).line_column(s.start))
                .unwrap_or((1, 1));
            AlignFileError::Parse {
                path: file.to_path_buf(),
                line,
                column,
                message: e.message().to_string(),
            }
        })?;
        if stored.version != FORMAT_VERSION {
            return Err(AlignFileError::Version {
                path: file.to_path_buf(),
                version: stored.version,
            });
        }
        let src_hashes: Vec<String> = src.iter().map(|p| paragraph_hash(p)).collect();
        let tgt_hashes: Vec<String> = tgt.iter().map(|p| paragraph_hash(p)).collect();
        let mut beads = Vec::new();
        let mut orphans = stored.orphan;
        let (mut min_i, mut min_j) = (0, 0);
        for sb in stored.bead {
            let s = locate(
                &src_hashes,
                &sb.src_hash,
                sb.src_after.as_deref(),
                sb.src[0],
                min_i,
            );
            let t = locate(
                &tgt_hashes,
                &sb.tgt_hash,
                sb.tgt_after.as_deref(),
                sb.tgt[0],
                min_j,
            );
            match (s, t) {
                (Some(s), Some(t)) => {
                    min_i = s.end;
                    min_j = t.end;
                    beads.push(Bead::fixed(s, t));
                }
                _ => orphans.push(sb),
            }
        }
        a.beads = beads;
        a.orphans = orphans;
        realign(&mut a);
        Ok(a)
    }

    /// Save the confirmed beads (and orphans) to `file` atomically. Nothing
    /// is written when the file already holds exactly this content; when
    /// there is nothing to store and no file, none is created. Returns
    /// whether the file was written.
    pub fn save(
        &self,
        file: &Path,
        source_name: &str,
        target_name: &str,
        src: &[&str],
        tgt: &[&str],
    ) -> Result<bool, AlignFileError> {
        let io = |source| AlignFileError::Io {
            path: file.to_path_buf(),
            source,
        };
        let hashes = |paras: &[&str], r: &Range<usize>| -> Vec<String> {
            paras
                .get(r.clone())
                .unwrap_or(&[])
                .iter()
                .map(|p| paragraph_hash(p))
                .collect()
        };
        let after = |paras: &[&str], r: &Range<usize>| -> Option<String> {
            if r.is_empty() && r.start > 0 {
                paras.get(r.start - 1).map(|p| paragraph_hash(p))
            } else {
                None
            }
        };
        let quote = |paras: &[&str], r: &Range<usize>| -> String {
            paras
                .get(r.start)
                .filter(|_| !r.is_empty())
                .map(|p| p.trim().chars().take(60).collect())
                .unwrap_or_default()
        };
        let stored = AlignFile {
            version: FORMAT_VERSION,
            source: source_name.to_string(),
            target: target_name.to_string(),
            bead: self
                .beads
                .iter()
                .filter(|b| b.confirmed)
                .map(|b| StoredBead {
                    src: [b.src.start, b.src.end],
                    tgt: [b.tgt.start, b.tgt.end],
                    src_hash: hashes(src, &b.src),
                    tgt_hash: hashes(tgt, &b.tgt),
                    src_after: after(src, &b.src),
                    tgt_after: after(tgt, &b.tgt),
                    src_quote: quote(src, &b.src),
                    tgt_quote: quote(tgt, &b.tgt),
                })
                .collect(),
            orphan: self.orphans.clone(),
            conflict: recorded_conflicts(file),
        };
        let text = toml::to_string(&stored).map_err(|e| io(std::io::Error::other(e)))?;
        match std::fs::read_to_string(file) {
            Ok(old) if old == text => return Ok(false),
            Err(e)
                if e.kind() == std::io::ErrorKind::NotFound
                    && stored.bead.is_empty()
                    && stored.orphan.is_empty() =>
            {
                return Ok(false);
            }
            _ => {}
        }
        crate::corpus::write_atomic(file, text.as_bytes()).map_err(io)?;
        Ok(true)
    }

    /// Number of paragraphs on each side this alignment covers.
    pub fn counts(&self) -> (usize, usize) {
        (self.src_count, self.tgt_count)
    }
}

impl Alignment {
    /// The same alignment seen from the other document: source and target
    /// swapped in every bead and orphan.
    pub fn flipped(self) -> Alignment {
        Alignment {
            beads: self
                .beads
                .into_iter()
                .map(|b| Bead {
                    src: b.tgt,
                    tgt: b.src,
                    ..b
                })
                .collect(),
            orphans: self.orphans.into_iter().map(StoredBead::flipped).collect(),
            src_count: self.tgt_count,
            tgt_count: self.src_count,
        }
    }
}

impl StoredBead {
    fn flipped(self) -> StoredBead {
        StoredBead {
            src: self.tgt,
            tgt: self.src,
            src_hash: self.tgt_hash,
            tgt_hash: self.src_hash,
            src_after: self.tgt_after,
            tgt_after: self.src_after,
            src_quote: self.tgt_quote,
            tgt_quote: self.src_quote,
        }
    }
}

/// Where the reviewed alignment of a pair of documents lives. There is one
/// per pair, whichever document was the source when it was saved: the TUI,
/// `hashiya align`, `hashiya qa` and the TMX export all find it with
/// [`PairFile::find`] and see it from their own side.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PairFile {
    /// The `.align.toml` file (it may not exist yet).
    pub path: PathBuf,
    /// The file's source is the second document of the pair.
    pub flipped: bool,
}

impl PairFile {
    /// The alignment file of documents `a` and `b`: `<a stem>.align.toml`
    /// when it names `b` as its target, or `<b stem>.align.toml` when it
    /// names `a` (read from `b`'s side). When both exist the newer wins;
    /// a file that cannot be read is taken (so its error is reported);
    /// when there is none, a new one beside `a`.
    pub fn find(a: &Path, b: &Path) -> PairFile {
        let names = |file: &Path, other: &Path| -> Option<bool> {
            let text = std::fs::read_to_string(file).ok()?;
            let header: toml::Table = toml::from_str(&text).ok()?;
            let target = header.get("target")?.as_str()?;
            Some(Path::new(target).file_name() == other.file_name())
        };
        let mut found: Vec<(PairFile, Option<bool>, Option<std::time::SystemTime>)> = Vec::new();
        for (doc, other, flipped) in [(a, b, false), (b, a, true)] {
            let path = Alignment::file_for(doc);
            if let Ok(meta) = std::fs::metadata(&path)
                && meta.is_file()
            {
                let matches = names(&path, other);
                found.push((PairFile { path, flipped }, matches, meta.modified().ok()));
            }
        }
        let pick = found
            .iter()
            .filter(|(_, m, _)| *m == Some(true))
            .max_by_key(|(_, _, t)| *t)
            .or_else(|| found.iter().find(|(_, m, _)| m.is_none()));
        match pick {
            Some((pf, _, _)) => pf.clone(),
            None => PairFile {
                path: Alignment::file_for(a),
                flipped: false,
            },
        }
    }

    /// Load the pair's alignment seen with `a` as the source (`a`, `b` are
    /// the paragraphs of the two documents, in [`PairFile::find`]'s order).
    pub fn load(&self, a: &[&str], b: &[&str]) -> Result<Alignment, AlignFileError> {
        self.load_then(a, b, |alignment, flipped| {
            if flipped {
                alignment.realign(b, a);
            } else {
                alignment.realign(a, b);
            }
        })
    }

    /// [`PairFile::load`] with the re-alignment of what is not confirmed
    /// left to `realign`, which gets the alignment in the file's own
    /// orientation and whether that is flipped (its source is `b`).
    pub(crate) fn load_then(
        &self,
        a: &[&str],
        b: &[&str],
        realign: impl FnOnce(&mut Alignment, bool),
    ) -> Result<Alignment, AlignFileError> {
        if self.flipped {
            Ok(Alignment::load_then(&self.path, b, a, |al| realign(al, true))?.flipped())
        } else {
            Alignment::load_then(&self.path, a, b, |al| realign(al, false))
        }
    }

    /// Save `alignment` (with `a` as its source) in the pair's file, in the
    /// file's own orientation. Returns whether the file was written.
    pub fn save(
        &self,
        alignment: &Alignment,
        a_name: &str,
        b_name: &str,
        a: &[&str],
        b: &[&str],
    ) -> Result<bool, AlignFileError> {
        if self.flipped {
            alignment
                .clone()
                .flipped()
                .save(&self.path, b_name, a_name, b, a)
        } else {
            alignment.save(&self.path, a_name, b_name, a, b)
        }
    }
}

impl Bead {
    /// A bead set by the reviewer.
    pub fn fixed(src: Range<usize>, tgt: Range<usize>) -> Bead {
        Bead {
            src,
            tgt,
            cost: 0.0,
            score: 1.0,
            confirmed: true,
        }
    }

    /// Whether the bead holds no paragraph on either side.
    pub fn is_empty(&self) -> bool {
        self.src.is_empty() && self.tgt.is_empty()
    }
}

/// Find a run of paragraphs by hashes, at or after `min`, nearest to `near`.
/// An empty run is placed after the paragraph whose hash is `after` (or at
/// the start when there is none).
fn locate(
    hashes: &[String],
    want: &[String],
    after: Option<&str>,
    near: usize,
    min: usize,
) -> Option<Range<usize>> {
    if want.is_empty() {
        let pos = match after {
            None => 0,
            Some(h) => nearest(
                (0..hashes.len()).filter(|&k| hashes[k] == h).map(|k| k + 1),
                near,
                min,
            )?,
        };
        return (pos >= min).then_some(pos..pos);
    }
    let starts = (0..hashes.len().saturating_sub(want.len() - 1))
        .filter(|&k| hashes.get(k..k + want.len()) == Some(want));
    let start = nearest(starts, near, min)?;
    Some(start..start + want.len())
}

fn nearest(candidates: impl Iterator<Item = usize>, near: usize, min: usize) -> Option<usize> {
    candidates
        .filter(|&k| k >= min)
        .min_by_key(|&k| k.abs_diff(near))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs(a: &Alignment) -> Vec<(Range<usize>, Range<usize>, bool)> {
        a.beads
            .iter()
            .map(|b| (b.src.clone(), b.tgt.clone(), b.confirmed))
            .collect()
    }

    const SRC: [&str; 4] = [
        "Alpha has 1111 items here.",
        "Beta has 2222 items here.",
        "Gamma has 3333 items here.",
        "Delta has 4444 items here.",
    ];
    const TGT: [&str; 4] = [
        "ألفا فيها 1111 عنصرا هنا.",
        "بيتا فيها 2222 عنصرا هنا.",
        "غاما فيها 3333 عنصرا هنا.",
        "دلتا فيها 4444 عنصرا هنا.",
    ];

    #[test]
    fn edits_confirm_and_realign_keeps_them() {
        let mut a = Alignment::new(&SRC, &TGT);
        assert_eq!(
            pairs(&a),
            [
                (0..1, 0..1, false),
                (1..2, 1..2, false),
                (2..3, 2..3, false),
                (3..4, 3..4, false)
            ]
        );
        // The reviewer merges beads 1 and 2 …
        a.merge(1).unwrap();
        assert_eq!(pairs(&a)[1], (1..3, 1..3, true));
        // … then splits it unevenly (a deliberate, wrong-looking choice that
        // the aligner would never make, so realign must keep it).
        a.split(1, 2, 1).unwrap();
        assert_eq!(pairs(&a)[1..3], [(1..2, 1..1, true), (2..3, 1..3, true)]);
        a.realign(&SRC, &TGT);
        assert_eq!(
            pairs(&a),
            [
                (0..1, 0..1, false),
                (1..2, 1..1, true),
                (2..3, 1..3, true),
                (3..4, 3..4, false)
            ]
        );
        // Moving a boundary back restores one-to-one on those beads.
        a.move_boundary(1, Side::Target, 1).unwrap();
        assert_eq!(pairs(&a)[1..3], [(1..2, 1..2, true), (2..3, 2..3, true)]);
        // Invalid edits are errors, and leave the alignment unchanged.
        let before = a.clone();
        assert_eq!(a.merge(3), Err(AlignmentError::NothingToMerge(3)));
        assert_eq!(a.split(0, 0, 0), Err(AlignmentError::EmptyHalf));
        assert!(a.split(0, 3, 0).is_err());
        assert_eq!(
            a.move_boundary(0, Side::Source, -2),
            Err(AlignmentError::WouldEmpty(0))
        );
        assert_eq!(
            a.move_boundary(2, Side::Target, 2),
            Err(AlignmentError::WouldEmpty(2))
        );
        assert_eq!(a.confirm(9), Err(AlignmentError::NoBead(9)));
        assert_eq!(a, before);
    }

    #[test]
    fn confirmed_beads_survive_edits_elsewhere_and_orphans_are_kept() {
        let dir = tempfile::tempdir().unwrap();
        let file = Alignment::file_for(&dir.path().join("a.txt"));
        assert_eq!(file, dir.path().join("a.align.toml"));
        let mut a = Alignment::new(&SRC, &TGT);
        // Nothing confirmed: no file is created.
        assert!(!a.save(&file, "a.txt", "b.txt", &SRC, &TGT).unwrap());
        assert!(!file.exists());
        // Confirm a deliberately odd alignment of paragraphs 2-3: 2-2.
        a.merge(2).unwrap();
        a.confirm(0).unwrap();
        assert!(a.save(&file, "a.txt", "b.txt", &SRC, &TGT).unwrap());
        // Saving again changes nothing.
        assert!(!a.save(&file, "a.txt", "b.txt", &SRC, &TGT).unwrap());

        // A new paragraph is inserted at the top of the source and the first
        // target paragraph is edited (so bead 0 cannot be found any more).
        let src2 = [
            "A new lead paragraph of 9999.",
            SRC[0],
            SRC[1],
            SRC[2],
            SRC[3],
        ];
        let tgt2 = ["ألفا فيها 1111 عنصرا هناك.", TGT[1], TGT[2], TGT[3]];
        let b = Alignment::load(&file, &src2, &tgt2).unwrap();
        let got = pairs(&b);
        assert!(got.contains(&(3..5, 2..4, true)), "{got:?}");
        assert_eq!(got.iter().filter(|g| g.2).count(), 1, "{got:?}");
        assert_eq!(b.orphans.len(), 1);
        assert_eq!(b.orphans[0].src, [0, 1]);
        // Every paragraph is covered exactly once, in order.
        let (mut i, mut j) = (0, 0);
        for bead in &b.beads {
            assert_eq!((bead.src.start, bead.tgt.start), (i, j));
            i = bead.src.end;
            j = bead.tgt.end;
        }
        assert_eq!((i, j), (5, 4));
        // The orphan is written back, not dropped.
        b.save(&file, "a.txt", "b.txt", &src2, &tgt2).unwrap();
        let text = std::fs::read_to_string(&file).unwrap();
        assert!(text.contains("[[orphan]]"), "{text}");
    }

    #[test]
    fn malformed_file_names_line_and_column() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("a.align.toml");
        std::fs::write(
            &file,
            "version = 1\nsource = \"a\"\ntarget = \"b\"\n[[bead]]\nsrc = 3\n",
        )
        .unwrap();
        let err = Alignment::load(&file, &SRC, &TGT).unwrap_err().to_string();
        assert!(err.contains("a.align.toml:5:"), "{err}");
        std::fs::write(&file, "version = 7\nsource = \"a\"\ntarget = \"b\"\n").unwrap();
        let err = Alignment::load(&file, &SRC, &TGT).unwrap_err().to_string();
        assert!(err.contains("unsupported version 7"), "{err}");
    }
}

#[cfg(test)]
mod properties {
    use super::*;
    use proptest::prelude::*;

    #[derive(Clone, Debug)]
    enum Op {
        Confirm(usize),
        Merge(usize),
        Split(usize, usize, usize),
        Move(usize, bool, isize),
        Realign,
    }

    fn op() -> impl Strategy<Value = Op> {
        prop_oneof![
            (0..12usize).prop_map(Op::Confirm),
            (0..12usize).prop_map(Op::Merge),
            (0..12usize, 0..4usize, 0..4usize).prop_map(|(i, a, b)| Op::Split(i, a, b)),
            (0..12usize, any::<bool>(), -2..3isize).prop_map(|(i, s, d)| Op::Move(i, s, d)),
            Just(Op::Realign),
        ]
    }

    fn tiles(a: &Alignment, n: usize, m: usize) -> bool {
        let (mut i, mut j) = (0, 0);
        for b in &a.beads {
            if b.src.start != i || b.tgt.start != j || b.is_empty() {
                return false;
            }
            i = b.src.end;
            j = b.tgt.end;
        }
        (i, j) == (n, m)
    }

    proptest! {
        #[test]
        fn any_edit_sequence_keeps_beads_tiling_both_sides(
            n in 0..8usize,
            m in 0..8usize,
            ops in prop::collection::vec(op(), 0..20),
        ) {
            let src: Vec<String> = (0..n).map(|k| format!("Source paragraph {k} about {}.", 100 + k)).collect();
            let tgt: Vec<String> = (0..m).map(|k| format!("فقرة الهدف {k} عن {}.", 100 + k)).collect();
            let sp: Vec<&str> = src.iter().map(String::as_str).collect();
            let tp: Vec<&str> = tgt.iter().map(String::as_str).collect();
            let mut a = Alignment::new(&sp, &tp);
            prop_assert!(tiles(&a, n, m));
            for op in ops {
                let before = a.clone();
                let result = match op {
                    Op::Confirm(i) => a.confirm(i),
                    Op::Merge(i) => a.merge(i),
                    Op::Split(i, x, y) => {
                        let (s0, t0) = a.beads.get(i).map_or((0, 0), |b| (b.src.start, b.tgt.start));
                        a.split(i, s0 + x, t0 + y)
                    }
                    Op::Move(i, src_side, d) => {
                        let side = if src_side { Side::Source } else { Side::Target };
                        a.move_boundary(i, side, d)
                    }
                    Op::Realign => {
                        let confirmed: Vec<Bead> = a.beads.iter().filter(|b| b.confirmed).cloned().collect();
                        a.realign(&sp, &tp);
                        let after: Vec<Bead> = a.beads.iter().filter(|b| b.confirmed).cloned().collect();
                        prop_assert_eq!(confirmed, after);
                        Ok(())
                    }
                };
                if result.is_err() {
                    prop_assert_eq!(&a, &before);
                }
                prop_assert!(tiles(&a, n, m), "{:?}", a.beads);
            }
        }
    }
}
