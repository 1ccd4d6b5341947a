//! Figure check: numbers in aligned beads are compared after normalization
//! ([`super::numbers`]); a number on one side with no equal number on the
//! other side of its bead is flagged.
//!
//! Within a bead, figures are matched by value (a percent matches the same
//! value written without a percent sign: the check is about digits, not
//! wording). Unmatched figures of the two sides are then paired in reading
//! order, so one changed number gives one flag that names both versions.

use std::ops::Range;

use super::numbers::{self, Figure};
use super::{Bead, Side};

/// One disagreement.
#[derive(Clone, Debug, PartialEq)]
pub struct Flag {
    /// Index of the bead in the alignment it was checked against.
    pub bead: usize,
    /// The side `figure` is on.
    pub side: Side,
    /// The flagged figure; its range is a byte range in that side's text.
    pub figure: Figure,
    /// The unmatched figure on the other side it was paired with, if any.
    pub other: Option<Figure>,
}

/// Check the figures of each bead. `src_units`/`tgt_units` are the byte
/// ranges of the units the beads index (paragraphs or sentences). A flag
/// that pairs two figures is reported on the target side; a figure with no
/// unmatched figure facing it is reported on its own side. Beads with an
/// empty side are not checked (there is nothing to compare).
pub fn check(
    src: &str,
    tgt: &str,
    src_units: &[Range<usize>],
    tgt_units: &[Range<usize>],
    beads: &[Bead],
) -> Vec<Flag> {
    let collect = |text: &str, units: &[Range<usize>], r: &Range<usize>| -> Vec<Figure> {
        let mut out = Vec::new();
        for u in units.get(r.clone()).unwrap_or(&[]) {
            let body = text.get(u.clone()).unwrap_or("");
            out.extend(numbers::figures(body).into_iter().map(|mut f| {
                f.range = f.range.start + u.start..f.range.end + u.start;
                f
            }));
        }
        out
    };
    let mut flags = Vec::new();
    for (k, b) in beads.iter().enumerate() {
        if b.src.is_empty() || b.tgt.is_empty() {
            continue;
        }
        let s = collect(src, src_units, &b.src);
        let t = collect(tgt, tgt_units, &b.tgt);
        let mut t_used = vec![false; t.len()];
        let mut s_left = Vec::new();
        for f in s {
            let key = f.key();
            match (0..t.len()).find(|&j| !t_used[j] && t[j].key() == key) {
                Some(j) => t_used[j] = true,
                None => s_left.push(f),
            }
        }
        let mut t_left: Vec<Figure> = t
            .into_iter()
            .zip(t_used)
            .filter(|(_, used)| !used)
            .map(|(f, _)| f)
            .collect();
        let paired = s_left.len().min(t_left.len());
        let t_rest = t_left.split_off(paired);
        let s_rest = s_left.split_off(paired);
        for (sf, tf) in s_left.into_iter().zip(t_left) {
            flags.push(Flag {
                bead: k,
                side: Side::Target,
                figure: tf,
                other: Some(sf),
            });
        }
        for f in s_rest {
            flags.push(Flag {
                bead: k,
                side: Side::Source,
                figure: f,
                other: None,
            });
        }
        for f in t_rest {
            flags.push(Flag {
                bead: k,
                side: Side::Target,
                figure: f,
                other: None,
            });
        }
    }
    flags
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::align::paragraph_ranges;

    fn run(src: &str, tgt: &str) -> Vec<(Side, String, Option<String>)> {
        let sp = paragraph_ranges(src);
        let tp = paragraph_ranges(tgt);
        let beads: Vec<Bead> = (0..sp.len().min(tp.len()))
            .map(|k| Bead::fixed(k..k + 1, k..k + 1))
            .collect();
        check(src, tgt, &sp, &tp, &beads)
            .into_iter()
            .map(|f| {
                let text = |t: &str, r: &Range<usize>| t.get(r.clone()).unwrap().to_string();
                let (this, other) = match f.side {
                    Side::Target => (tgt, src),
                    Side::Source => (src, tgt),
                };
                (
                    f.side,
                    text(this, &f.figure.range),
                    f.other.map(|o| text(other, &o.range)),
                )
            })
            .collect()
    }

    #[test]
    fn equal_figures_in_any_notation_pass() {
        let ar = "قتل أكثر من ٥٧٠٠ شخص، و2.5 مليون نزحوا، بنسبة 40٪ عام 2023.";
        let en = "Over 5,700 were killed and 2,500,000 displaced, 40 percent, in 2023.";
        assert!(run(ar, en).is_empty());
    }

    #[test]
    fn a_changed_figure_gives_one_flag_naming_both() {
        let ar = "أبقت 2,500 جندي في العراق و1,000 في سوريا.\nسطر ثان فيه 7 أيام.";
        let en = "It keeps 2,600 troops in Iraq and 1,000 in Syria.\nA second line with 7 days.";
        assert_eq!(
            run(ar, en),
            [(Side::Target, "2,600".to_string(), Some("2,500".to_string()))]
        );
    }

    #[test]
    fn one_sided_figures_are_flagged_on_their_side() {
        let ar = "قتل 13 شخصا.";
        let en = "13 people were killed, 4 of them children, in 2019.";
        assert_eq!(
            run(ar, en),
            [
                (Side::Target, "4".to_string(), None),
                (Side::Target, "2019".to_string(), None)
            ]
        );
        assert_eq!(
            run(en, ar),
            [
                (Side::Source, "4".to_string(), None),
                (Side::Source, "2019".to_string(), None)
            ]
        );
    }
}
