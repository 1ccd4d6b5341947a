//! Paragraph and sentence alignment of translation pairs (Gale–Church with
//! anchors), and figure checks between aligned beads.
//!
//! The aligner is model-free: a bead's cost is the Gale–Church length cost
//! (lengths in characters, c = 1, s² = 6.8, after scaling the target side by
//! the ratio of the two texts' total lengths) plus the negative log of the
//! standard bead-type prior, plus an anchor term (numbers, Latin tokens,
//! transliterated names; see [`anchors`]). The dynamic programme runs in a
//! band around the diagonal that widens until the best path stays clear of
//! its edges. See docs/ALIGN.md.

pub mod alignment;
pub mod anchors;
pub mod figures;
pub mod numbers;
pub mod pairing;
pub mod review;
pub mod sentences;

use std::borrow::Cow;
use std::ops::Range;

pub use alignment::{AlignFileError, Alignment, AlignmentError, PairFile, Side, StoredBead};
pub use review::PairReview;
pub use sentences::{paragraph_ranges, split_sentences};

use anchors::{Anchors, Interner, OfferBits};

/// One bead: a group of source units aligned with a group of target units.
#[derive(Clone, Debug, PartialEq)]
pub struct Bead {
    /// Source unit indices (paragraphs or sentences), end exclusive.
    pub src: Range<usize>,
    /// Target unit indices, end exclusive.
    pub tgt: Range<usize>,
    /// The bead's cost in the dynamic programme (nats; lower is better).
    pub cost: f64,
    /// `exp(-cost)`: near 0.9 for a clean 1-1 bead, near 0 for a doubtful one.
    pub score: f64,
    /// Set by the reviewer: the bead stays as it is when the rest is
    /// re-aligned (see [`Alignment`]).
    pub confirmed: bool,
}

impl Bead {
    /// The bead type as (source count, target count).
    pub fn kind(&self) -> (usize, usize) {
        (self.src.len(), self.tgt.len())
    }
}

/// Parameters of the aligner. `Default` gives the values documented in
/// docs/ALIGN.md.
#[derive(Clone, Debug, PartialEq)]
pub struct Params {
    /// Gale–Church `c`: expected target characters per source character,
    /// after the ratio normalization below.
    pub c: f64,
    /// Gale–Church `s²`: variance of that ratio per character.
    pub s2: f64,
    /// Multiply target lengths by this before comparing; `None` means the
    /// ratio of the total source to total target length, so that `c = 1`
    /// holds between Arabic and English.
    pub ratio: Option<f64>,
    /// Weight (nats) of an aligned unit whose anchors find no counterpart.
    pub anchor_weight: f64,
    /// Cap (nats) on the length cost of a 1-0 or 0-1 bead.
    pub deletion_length_cap: f64,
    /// Initial half width of the band around the diagonal.
    pub band: usize,
}

impl Default for Params {
    fn default() -> Self {
        Params {
            c: 1.0,
            s2: 6.8,
            ratio: None,
            anchor_weight: 5.0,
            deletion_length_cap: 2.0,
            band: 64,
        }
    }
}

/// Gale–Church bead types with their standard prior probabilities.
pub const BEAD_TYPES: [(usize, usize, f64); 6] = [
    (1, 1, 0.89),
    (1, 0, 0.0099),
    (0, 1, 0.0099),
    (2, 1, 0.089),
    (1, 2, 0.089),
    (2, 2, 0.011),
];

/// The indices in [`BEAD_TYPES`] of the beads without a unit on one side,
/// and of the others.
const DELETIONS: [usize; 2] = [1, 2];
const MATCHES: [usize; 4] = [0, 3, 4, 5];

/// Align two lists of paragraphs.
pub fn align_paragraphs(src: &[&str], tgt: &[&str]) -> Vec<Bead> {
    align_units(src, tgt, &Params::default())
}

/// Align two lists of sentences (or any segments).
pub fn align_sentences(src: &[&str], tgt: &[&str]) -> Vec<Bead> {
    align_units(src, tgt, &Params::default())
}

/// Align two lists of units with explicit parameters.
pub fn align_units(src: &[&str], tgt: &[&str], params: &Params) -> Vec<Bead> {
    let problem = Problem::new(src, tgt, params);
    problem.solve(0..src.len(), 0..tgt.len())
}

/// Pseudo-count (characters) added to both totals in [`length_ratio`].
pub const RATIO_PRIOR_CHARS: f64 = PRIOR_CHARS;
const PRIOR_CHARS: f64 = 1000.0;

/// The length ratio (source characters per target character) of two texts,
/// used to normalize target lengths so that `c = 1` holds. It is the ratio
/// of the totals, shrunk toward 1 by adding [`RATIO_PRIOR_CHARS`] to both:
/// in a short text one untranslated line would otherwise skew the ratio of
/// every bead.
pub fn length_ratio(src_chars: usize, tgt_chars: usize) -> f64 {
    (src_chars as f64 + PRIOR_CHARS) / (tgt_chars as f64 + PRIOR_CHARS)
}

/// A pair of documents aligned by paragraph, then by sentence inside each
/// paragraph bead. Ranges are byte ranges into the two texts.
#[derive(Clone, Debug, PartialEq)]
pub struct DocumentAlignment {
    pub src_paragraphs: Vec<Range<usize>>,
    pub tgt_paragraphs: Vec<Range<usize>>,
    /// Beads over paragraph indices.
    pub paragraphs: Vec<Bead>,
    pub src_sentences: Vec<Range<usize>>,
    pub tgt_sentences: Vec<Range<usize>>,
    /// Beads over sentence indices; never crosses a paragraph bead.
    pub sentences: Vec<Bead>,
}

/// Align two documents: paragraphs (non-blank lines) first, then the
/// sentences inside each aligned paragraph bead.
pub fn align_documents(src: &str, tgt: &str) -> DocumentAlignment {
    let src_paragraphs = paragraph_ranges(src);
    let tgt_paragraphs = paragraph_ranges(tgt);
    let sp = slices(src, &src_paragraphs);
    let tp = slices(tgt, &tgt_paragraphs);
    let paragraphs = align_paragraphs(&sp, &tp);
    align_sentences_within(src, tgt, src_paragraphs, tgt_paragraphs, paragraphs)
}

/// Sentence alignment inside given paragraph beads (e.g. a reviewed
/// [`Alignment`]). The length ratio is that of the two whole texts.
pub fn align_sentences_within(
    src: &str,
    tgt: &str,
    src_paragraphs: Vec<Range<usize>>,
    tgt_paragraphs: Vec<Range<usize>>,
    paragraphs: Vec<Bead>,
) -> DocumentAlignment {
    sentences_within(src, tgt, src_paragraphs, tgt_paragraphs, paragraphs, None)
}

/// The anchors of the paragraphs of both documents of a pair, made with
/// one interner.
struct ParagraphAnchors {
    interner: Interner,
    src: Vec<Anchors>,
    tgt: Vec<Anchors>,
}

/// Align a pair of documents as `hashiya align` does, keeping the
/// confirmed beads of the pair's alignment file (see
/// [`PairFile::find`]): paragraphs as [`PairFile::load`] re-aligns them,
/// then [`align_sentences_within`]. Each unit's anchors are computed once:
/// a paragraph that is one sentence lends its anchors to the sentence.
/// Returns the alignment and the file's orphans (confirmed beads that no
/// longer match the texts), as [`PairFile::load`] gives them.
pub fn align_pair(
    src: &str,
    tgt: &str,
    file: &PairFile,
) -> Result<(DocumentAlignment, Vec<StoredBead>), AlignFileError> {
    let src_paragraphs = paragraph_ranges(src);
    let tgt_paragraphs = paragraph_ranges(tgt);
    let sp = slices(src, &src_paragraphs);
    let tp = slices(tgt, &tgt_paragraphs);
    let mut interner = Interner::default();
    let src_anchors = all_anchors(&sp, &mut interner);
    let tgt_anchors = all_anchors(&tp, &mut interner);
    let params = Params::default();
    let alignment = file.load_then(&sp, &tp, |alignment, flipped| {
        let (a, b) = (
            Cow::Borrowed(&src_anchors[..]),
            Cow::Borrowed(&tgt_anchors[..]),
        );
        let problem = if flipped {
            Problem::with_anchors(&tp, &sp, &params, b, a)
        } else {
            Problem::with_anchors(&sp, &tp, &params, a, b)
        };
        alignment.realign_in(&problem);
    })?;
    let doc = sentences_within(
        src,
        tgt,
        src_paragraphs,
        tgt_paragraphs,
        alignment.beads,
        Some(ParagraphAnchors {
            interner,
            src: src_anchors,
            tgt: tgt_anchors,
        }),
    );
    Ok((doc, alignment.orphans))
}

/// [`align_sentences_within`], taking the anchors of a sentence that is a
/// whole paragraph from `known` when given.
fn sentences_within(
    src: &str,
    tgt: &str,
    src_paragraphs: Vec<Range<usize>>,
    tgt_paragraphs: Vec<Range<usize>>,
    paragraphs: Vec<Bead>,
    known: Option<ParagraphAnchors>,
) -> DocumentAlignment {
    let chars = |text: &str, ranges: &[Range<usize>]| -> usize {
        ranges
            .iter()
            .map(|r| text.get(r.clone()).map_or(0, |s| s.chars().count()))
            .sum()
    };
    let params = Params {
        ratio: Some(length_ratio(
            chars(src, &src_paragraphs),
            chars(tgt, &tgt_paragraphs),
        )),
        ..Params::default()
    };
    // Sentences of every paragraph, and the first sentence index of each.
    let split = |text: &str, paras: &[Range<usize>]| -> (Vec<Range<usize>>, Vec<usize>) {
        let mut sents = Vec::new();
        let mut first = Vec::with_capacity(paras.len() + 1);
        for p in paras {
            first.push(sents.len());
            let body = text.get(p.clone()).unwrap_or("");
            sents.extend(
                split_sentences(body)
                    .into_iter()
                    .map(|r| r.start + p.start..r.end + p.start),
            );
        }
        first.push(sents.len());
        (sents, first)
    };
    let (src_sentences, src_first) = split(src, &src_paragraphs);
    let (tgt_sentences, tgt_first) = split(tgt, &tgt_paragraphs);
    let ss = slices(src, &src_sentences);
    let ts = slices(tgt, &tgt_sentences);
    let problem = match known {
        None => Problem::new(&ss, &ts, &params),
        Some(mut known) => {
            // A sentence with a paragraph's range is that whole paragraph
            // (paragraphs are sorted and do not overlap).
            let mut side = |texts: &[&str],
                            sents: &[Range<usize>],
                            paras: &[Range<usize>],
                            anchors: &[Anchors]|
             -> Vec<Anchors> {
                texts
                    .iter()
                    .zip(sents)
                    .map(|(text, range)| {
                        let whole = paras
                            .binary_search_by_key(&range.start, |r| r.start)
                            .ok()
                            .filter(|&p| paras.get(p) == Some(range))
                            .and_then(|p| anchors.get(p));
                        match whole {
                            Some(a) => a.clone(),
                            None => anchors::anchors(text, &mut known.interner),
                        }
                    })
                    .collect()
            };
            let sa = side(&ss, &src_sentences, &src_paragraphs, &known.src);
            let ta = side(&ts, &tgt_sentences, &tgt_paragraphs, &known.tgt);
            Problem::with_anchors(&ss, &ts, &params, Cow::Owned(sa), Cow::Owned(ta))
        }
    };
    let mut sentences = Vec::new();
    for b in &paragraphs {
        // Beads that do not fit these paragraph lists are skipped.
        let (Some(&s0), Some(&s1), Some(&t0), Some(&t1)) = (
            src_first.get(b.src.start),
            src_first.get(b.src.end),
            tgt_first.get(b.tgt.start),
            tgt_first.get(b.tgt.end),
        ) else {
            continue;
        };
        if s0 <= s1 && t0 <= t1 {
            sentences.extend(problem.solve(s0..s1, t0..t1));
        }
    }
    DocumentAlignment {
        src_paragraphs,
        tgt_paragraphs,
        paragraphs,
        src_sentences,
        tgt_sentences,
        sentences,
    }
}

/// The slices of `text` at `ranges` (empty for a range that is not one).
pub fn slices<'t>(text: &'t str, ranges: &[Range<usize>]) -> Vec<&'t str> {
    ranges
        .iter()
        .map(|r| text.get(r.clone()).unwrap_or(""))
        .collect()
}

/// Precomputed lengths and anchors of both sides.
pub(crate) struct Problem<'p> {
    src_len: Vec<f64>,
    tgt_len: Vec<f64>,
    src_anchors: Cow<'p, [Anchors]>,
    tgt_anchors: Cow<'p, [Anchors]>,
    /// `-ln P(type)` for each entry of [`BEAD_TYPES`].
    prior_costs: [f64; 6],
    params: &'p Params,
}

impl<'p> Problem<'p> {
    pub(crate) fn new(src: &[&str], tgt: &[&str], params: &'p Params) -> Problem<'p> {
        let mut interner = Interner::default();
        let src_anchors = all_anchors(src, &mut interner);
        let tgt_anchors = all_anchors(tgt, &mut interner);
        Problem::with_anchors(
            src,
            tgt,
            params,
            Cow::Owned(src_anchors),
            Cow::Owned(tgt_anchors),
        )
    }

    /// A problem whose anchors are already computed (with one
    /// [`Interner`] for both sides).
    pub(crate) fn with_anchors(
        src: &[&str],
        tgt: &[&str],
        params: &'p Params,
        src_anchors: Cow<'p, [Anchors]>,
        tgt_anchors: Cow<'p, [Anchors]>,
    ) -> Problem<'p> {
        let src_chars: Vec<usize> = src.iter().map(|s| s.chars().count()).collect();
        let tgt_chars: Vec<usize> = tgt.iter().map(|s| s.chars().count()).collect();
        let ratio = params
            .ratio
            .unwrap_or_else(|| length_ratio(src_chars.iter().sum(), tgt_chars.iter().sum()));
        Problem {
            src_len: src_chars.iter().map(|&n| n as f64).collect(),
            tgt_len: tgt_chars.iter().map(|&n| n as f64 * ratio).collect(),
            src_anchors,
            tgt_anchors,
            prior_costs: BEAD_TYPES.map(|(_, _, p)| -p.ln()),
            params,
        }
    }

    /// How many source and target units the problem has.
    pub(crate) fn counts(&self) -> (usize, usize) {
        (self.src_len.len(), self.tgt_len.len())
    }

    /// Cost of the bead covering source `i0..i1` and target `j0..j1`.
    fn bead_cost(&self, i0: usize, i1: usize, j0: usize, j1: usize, prior_cost: f64) -> f64 {
        let base = self.base_cost(i0, i1, j0, j1, prior_cost);
        if i0 == i1 || j0 == j1 {
            base
        } else {
            base + self.anchor_cost(i0, i1, j0, j1)
        }
    }

    /// The part of [`Problem::bead_cost`] before anchors: the prior and the
    /// length term. It is the whole cost of a 1-0 or 0-1 bead (a unit
    /// without counterpart has nothing to match its anchors against), and
    /// never more than the cost of any other bead.
    fn base_cost(&self, i0: usize, i1: usize, j0: usize, j1: usize, prior_cost: f64) -> f64 {
        let p = self.params;
        let l1: f64 = self.src_len[i0..i1].iter().sum();
        let l2: f64 = self.tgt_len[j0..j1].iter().sum();
        let length = length_cost(l1, l2, p.c, p.s2);
        prior_cost
            + if i0 == i1 || j0 == j1 {
                length.min(p.deletion_length_cap)
            } else {
                length
            }
    }

    /// The anchor term of a bead with units on both sides (non-negative).
    fn anchor_cost(&self, i0: usize, i1: usize, j0: usize, j1: usize) -> f64 {
        let mut miss = 0.0;
        // Beads hold at most two units a side: no allocation in the DP.
        let src_side = &self.src_anchors[i0..i1];
        let tgt_side = &self.tgt_anchors[j0..j1];
        let (src_offers, src_bits) = two_offers(src_side);
        let (tgt_offers, tgt_bits) = two_offers(tgt_side);
        for a in src_side {
            if let Some(share) = a.share_found_among(&tgt_offers, tgt_bits) {
                miss += 1.0 - share;
            }
        }
        for a in tgt_side {
            if let Some(share) = a.share_found_among(&src_offers, src_bits) {
                miss += 1.0 - share;
            }
        }
        self.params.anchor_weight * miss
    }

    /// Align source `src` with target `tgt` (sub-ranges of the problem).
    pub(crate) fn solve(&self, src: Range<usize>, tgt: Range<usize>) -> Vec<Bead> {
        let n = src.len();
        let m = tgt.len();
        if n == 0 && m == 0 {
            return Vec::new();
        }
        let mut band = self.params.band.max(4);
        loop {
            // With one side empty there is no diagonal to band around.
            let full = band >= n.max(m) || n == 0 || m == 0;
            let (beads, touched) = self.solve_band(src.start, n, tgt.start, m, band, full);
            if !touched || full {
                return beads;
            }
            band *= 2;
        }
    }

    /// Banded DP. Returns the beads and whether the best path came near the
    /// band's edge (then the caller widens the band).
    fn solve_band(
        &self,
        s0: usize,
        n: usize,
        t0: usize,
        m: usize,
        band: usize,
        full: bool,
    ) -> (Vec<Bead>, bool) {
        // Row i covers target positions lo[i]..=hi[i].
        let center = |i: usize| -> usize {
            if n == 0 {
                0
            } else {
                ((i as f64) * (m as f64) / (n as f64)).round() as usize
            }
        };
        let (lo, hi): (Vec<usize>, Vec<usize>) = (0..=n)
            .map(|i| {
                if full {
                    (0, m)
                } else {
                    let c = center(i);
                    (c.saturating_sub(band), (c + band).min(m))
                }
            })
            .unzip();
        let mut offset = Vec::with_capacity(n + 2);
        let mut total = 0usize;
        for i in 0..=n {
            offset.push(total);
            total += hi[i] - lo[i] + 1;
        }
        let mut dist = vec![f64::INFINITY; total];
        let mut back = vec![u8::MAX; total];
        let at = |i: usize, j: usize| -> Option<usize> {
            (j >= lo[i] && j <= hi[i]).then(|| offset[i] + (j - lo[i]))
        };
        dist[0] = 0.0;
        for i in 0..=n {
            for j in lo[i]..=hi[i] {
                let Some(here) = at(i, j) else { continue };
                if i == 0 && j == 0 {
                    continue;
                }
                // The best bead ending here: the least cost, the first in
                // BEAD_TYPES among equal ones. Deletions (no anchor term)
                // first, so that their costs rule out beads whose cost
                // without anchors is already higher; anchors, the dear
                // part, are matched only for beads that can still win.
                let mut best = f64::INFINITY;
                let mut best_k = u8::MAX;
                for k in DELETIONS.into_iter().chain(MATCHES) {
                    let (di, dj, _) = BEAD_TYPES[k];
                    if di > i || dj > j {
                        continue;
                    }
                    let Some(prev) = at(i - di, j - dj) else {
                        continue;
                    };
                    let d = dist[prev];
                    if !d.is_finite() {
                        continue;
                    }
                    // Every term is non-negative: skip a bead that cannot win.
                    let loses = |lower: f64| lower > best || (lower == best && k as u8 > best_k);
                    let prior = self.prior_costs[k];
                    if loses(d + prior) {
                        continue;
                    }
                    let (i0, i1, j0, j1) = (s0 + i - di, s0 + i, t0 + j - dj, t0 + j);
                    let base = self.base_cost(i0, i1, j0, j1, prior);
                    let c = if di == 0 || dj == 0 {
                        d + base
                    } else {
                        if loses(d + base) {
                            continue;
                        }
                        d + (base + self.anchor_cost(i0, i1, j0, j1))
                    };
                    if c < best || (c == best && (k as u8) < best_k) {
                        best = c;
                        best_k = k as u8;
                    }
                }
                dist[here] = best;
                back[here] = best_k;
            }
        }
        // Trace back.
        let mut beads = Vec::new();
        let (mut i, mut j) = (n, m);
        let mut touched = false;
        while i > 0 || j > 0 {
            let Some(here) = at(i, j) else {
                return (Vec::new(), true);
            };
            if (j > 0 && j <= lo[i] + 1 && lo[i] > 0) || (j + 1 >= hi[i] && hi[i] < m) {
                touched = true;
            }
            let k = usize::from(back[here]);
            let (Some(&(di, dj, _)), Some(&prior)) = (BEAD_TYPES.get(k), self.prior_costs.get(k))
            else {
                // Unreachable cell: the band is too narrow.
                return (Vec::new(), true);
            };
            let cost = self.bead_cost(s0 + i - di, s0 + i, t0 + j - dj, t0 + j, prior);
            beads.push(Bead {
                src: s0 + i - di..s0 + i,
                tgt: t0 + j - dj..t0 + j,
                cost,
                score: (-cost).exp(),
                confirmed: false,
            });
            i -= di;
            j -= dj;
        }
        beads.reverse();
        (beads, touched)
    }
}

/// The anchors of every unit of `texts`.
fn all_anchors(texts: &[&str], interner: &mut Interner) -> Vec<Anchors> {
    texts
        .iter()
        .map(|s| anchors::anchors(s, interner))
        .collect()
}

/// The offers of the (at most two) units of one side of a bead, and their
/// summary.
fn two_offers(side: &[Anchors]) -> ([&[u32]; 2], OfferBits) {
    let offers = [
        side.first().map_or(&[][..], |a| a.offers.as_slice()),
        side.get(1).map_or(&[][..], |a| a.offers.as_slice()),
    ];
    let bits = match side {
        [a] => a.offer_bits,
        [a, b, ..] => a.offer_bits.union(b.offer_bits),
        [] => OfferBits::default(),
    };
    (offers, bits)
}

/// Gale–Church length cost: `-ln P(|Z| ≥ |z|)` for
/// `z = (c·l1 − l2) / sqrt(s²·mean)`, `mean = (l1 + l2/c) / 2`.
pub fn length_cost(l1: f64, l2: f64, c: f64, s2: f64) -> f64 {
    let mean = (l1 + l2 / c) / 2.0;
    if mean <= 0.0 {
        return 0.0;
    }
    let z = ((c * l1 - l2) / (s2 * mean).sqrt()).abs();
    neg_ln_two_tail(z)
}

/// `-ln(2·(1 − Φ(z)))` for `z ≥ 0`, computed in the log domain so that it
/// stays finite for large `z` (Abramowitz–Stegun 7.1.26 for `erfc`).
pub fn neg_ln_two_tail(z: f64) -> f64 {
    // 2(1 − Φ(z)) = erfc(z/√2)
    let x = z / std::f64::consts::SQRT_2;
    let t = 1.0 / (1.0 + 0.327_591_1 * x);
    let poly = t
        * (0.254_829_592
            + t * (-0.284_496_736
                + t * (1.421_413_741 + t * (-1.453_152_027 + t * 1.061_405_429))));
    // erfc(x) ≈ poly · e^{−x²}
    (x * x - poly.ln()).max(0.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn two_tail_probability_matches_known_values() {
        // P(|Z| ≥ 1.96) = 0.05, P(|Z| ≥ 1) = 0.3173, P(|Z| ≥ 0) = 1.
        assert!((neg_ln_two_tail(1.96) - (0.05f64).ln().abs()).abs() < 1e-3);
        assert!((neg_ln_two_tail(1.0) - (0.317_31f64).ln().abs()).abs() < 1e-3);
        assert!(neg_ln_two_tail(0.0).abs() < 1e-6);
        // Far in the tail it keeps growing instead of overflowing.
        assert!(neg_ln_two_tail(40.0) > 790.0 && neg_ln_two_tail(40.0).is_finite());
    }

    #[test]
    fn deletions_and_matches_partition_the_bead_types() {
        let mut all: Vec<usize> = DELETIONS.into_iter().chain(MATCHES).collect();
        all.sort_unstable();
        assert_eq!(all, (0..BEAD_TYPES.len()).collect::<Vec<_>>());
        for k in DELETIONS {
            assert!(BEAD_TYPES[k].0 == 0 || BEAD_TYPES[k].1 == 0);
        }
        for k in MATCHES {
            assert!(BEAD_TYPES[k].0 > 0 && BEAD_TYPES[k].1 > 0);
        }
    }

    #[test]
    fn equal_lengths_align_one_to_one() {
        let src = ["aaaa aaaa", "bbbbbbbbbbbbbbbbbbbb", "cc cc cc"];
        let tgt = ["xxxx xxxx", "yyyyyyyyyyyyyyyyyyyy", "zz zz zz"];
        let beads = align_paragraphs(&src, &tgt);
        let pairs: Vec<_> = beads
            .iter()
            .map(|b| (b.src.clone(), b.tgt.clone()))
            .collect();
        assert_eq!(pairs, [(0..1, 0..1), (1..2, 1..2), (2..3, 2..3)]);
    }

    #[test]
    fn a_split_sentence_becomes_a_one_to_two_bead() {
        let a = "a".repeat(40);
        let b = "b".repeat(80);
        let c = "c".repeat(60);
        let src = [a.as_str(), b.as_str(), c.as_str()];
        let b1 = "y".repeat(41);
        let b2 = "y".repeat(39);
        let tgt = [a.as_str(), b1.as_str(), b2.as_str(), c.as_str()];
        let beads = align_sentences(&src, &tgt);
        let kinds: Vec<_> = beads.iter().map(Bead::kind).collect();
        assert_eq!(kinds, [(1, 1), (1, 2), (1, 1)]);
        assert_eq!(beads[1].tgt, 1..3);
    }

    #[test]
    fn numbers_pull_the_alignment_where_lengths_cannot() {
        // Four segments of the same length; only the numbers tell that the
        // target lost its first segment.
        let src = ["figure 1111 here", "figure 2222 here", "figure 3333 here"];
        let tgt = ["figure 2222 here", "figure 3333 here"];
        let params = Params {
            ratio: Some(1.0),
            ..Params::default()
        };
        let beads = align_units(&src, &tgt, &params);
        let pairs: Vec<_> = beads
            .iter()
            .map(|b| (b.src.clone(), b.tgt.clone()))
            .collect();
        assert_eq!(pairs, [(0..1, 0..0), (1..2, 0..1), (2..3, 1..2)]);
        // Without the numbers, lengths alone merge the lost segment away.
        let plain = ["figure AAAA here", "figure BBBB here", "figure CCCC here"];
        let beads = align_units(&plain, &plain[1..], &params);
        assert_ne!(beads[0].kind(), (1, 0));
    }

    #[test]
    fn one_empty_side_gives_only_deletions() {
        let params = Params {
            band: 4,
            ..Params::default()
        };
        let many = ["some text"; 100];
        let beads = align_units(&[], &many, &params);
        assert_eq!(beads.len(), 100);
        assert!(
            beads
                .iter()
                .enumerate()
                .all(|(k, b)| b.src == (0..0) && b.tgt == (k..k + 1))
        );
        let beads = align_units(&many[..7], &[], &params);
        assert_eq!(beads.len(), 7);
        assert!(align_units(&[], &[], &params).is_empty());
    }

    #[test]
    fn the_band_widens_when_the_path_leaves_the_diagonal() {
        // 300 source units against 100 target units; the last 200 source
        // units have no counterpart. A band of 4 cannot hold that path.
        let src: Vec<String> = (0..300).map(|i| format!("unit {i:04} text")).collect();
        let tgt: Vec<String> = (0..100).map(|i| format!("unit {i:04} text")).collect();
        let src_refs: Vec<&str> = src.iter().map(String::as_str).collect();
        let tgt_refs: Vec<&str> = tgt.iter().map(String::as_str).collect();
        let params = Params {
            band: 4,
            ratio: Some(1.0),
            ..Params::default()
        };
        let beads = align_units(&src_refs, &tgt_refs, &params);
        let ones = beads
            .iter()
            .filter(|b| b.kind() == (1, 1) && b.src == b.tgt)
            .count();
        assert_eq!(ones, 100);
        assert_eq!(beads.iter().filter(|b| b.kind() == (1, 0)).count(), 200);
    }
}

#[cfg(test)]
mod properties {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn beads_tile_both_sides_whatever_the_band(
            src in prop::collection::vec("[a-z ]{0,30}|[ا-ي ]{0,30}|[0-9]{1,4}", 0..30),
            tgt in prop::collection::vec("[a-z ]{0,30}|[ا-ي ]{0,30}|[0-9]{1,4}", 0..30),
            band in 1usize..6,
        ) {
            let s: Vec<&str> = src.iter().map(String::as_str).collect();
            let t: Vec<&str> = tgt.iter().map(String::as_str).collect();
            let params = Params { band, ..Params::default() };
            let beads = align_units(&s, &t, &params);
            let (mut i, mut j) = (0, 0);
            for b in &beads {
                prop_assert_eq!((b.src.start, b.tgt.start), (i, j));
                prop_assert!(BEAD_TYPES.iter().any(|&(di, dj, _)| (di, dj) == b.kind()));
                prop_assert!(b.cost.is_finite() && b.cost >= 0.0);
                i = b.src.end;
                j = b.tgt.end;
            }
            prop_assert_eq!((i, j), (s.len(), t.len()));
            // The full search (the band covers everything) is never worse.
            let wide = align_units(&s, &t, &Params { band: 64, ..Params::default() });
            let total = |v: &[Bead]| v.iter().map(|b| b.cost).sum::<f64>();
            prop_assert!(total(&beads) >= total(&wide) - 1e-6);
        }
    }
}
