//! Figure check: the numbers of aligned beads are compared after reading
//! them ([`super::numbers`], which reads digits in any notation and English
//! and Arabic number words, each with a kind); a number written in digits
//! on one side with no equal number on the other side of its bead is
//! flagged.
//!
//! Within a bead, numbers are matched in four passes (digits with digits
//! first, then with words): by their own value,
//! then by any reading their writing allows ([`Figure::keys`]: an ambiguous
//! separator, an abbreviated range, a decade's short form, a century, the
//! hour of a time, a percent's number); then runs of digit groups that are
//! one number written apart (`116 123` = `116123`); then the second half of
//! a draw (`2-2` written once, `بهدفين`). What is left is flagged: a digit
//! number facing a left-over number of a comparable kind on the other side
//! *disagrees* (both are named); otherwise it is *missing*. Numbers written
//! in words are only matched, never flagged on their own (`one`, `الأولى`
//! and `second` are too often not figures).

use std::ops::Range;

use super::numbers::{self, Figure, Kind};
use super::{Bead, Side};

/// How serious a flag is; the more serious sorts first.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    /// Both sides have a figure and the values differ.
    Disagrees,
    /// A figure has no counterpart on the other side.
    Missing,
}

impl Severity {
    /// The lower-case name used in output and `--min-severity`.
    pub fn name(self) -> &'static str {
        match self {
            Severity::Disagrees => "disagrees",
            Severity::Missing => "missing",
        }
    }
}

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

impl Flag {
    /// [`Severity::Disagrees`] when the flag names a figure on both sides.
    pub fn severity(&self) -> Severity {
        if self.other.is_some() {
            Severity::Disagrees
        } else {
            Severity::Missing
        }
    }
}

/// The order flags are shown in, by the TUI and by `hashiya qa`: what
/// disagrees before what is missing, then by bead, then by position.
pub fn rank(flags: &mut [Flag]) {
    flags.sort_by_key(|f| (f.severity(), f.bead, f.figure.range.start));
}

/// Check the figures of each bead. `src_units`/`tgt_units` are the byte
/// ranges of the units the beads index (paragraphs or sentences). A flag
/// that pairs two figures is reported on the target side; a figure with no
/// unmatched figure facing it is reported on its own side. Beads with an
/// empty side are not checked (there is nothing to compare). Flags come
/// [`rank`]ed.
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
            out.extend(numbers::all(body).into_iter().map(|mut f| {
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
        flags.extend(
            compare(src, tgt, &s, &t)
                .into_iter()
                .map(|(side, figure, other)| Flag {
                    bead: k,
                    side,
                    figure,
                    other,
                }),
        );
    }
    rank(&mut flags);
    flags
}

/// Compare the numbers of one bead: what is left unmatched, as (side,
/// figure, the figure it disagrees with).
fn compare(
    src: &str,
    tgt: &str,
    s: &[Figure],
    t: &[Figure],
) -> Vec<(Side, Figure, Option<Figure>)> {
    let mut s_used = vec![false; s.len()];
    let mut t_used = vec![false; t.len()];
    let s_keys: Vec<Vec<String>> = s.iter().map(Figure::keys).collect();
    let t_keys: Vec<Vec<String>> = t.iter().map(Figure::keys).collect();
    // 1. Own values; 2. any reading: digits with digits first, so that a
    // word (`الأربع كرات`, "fourballs") does not take a digit's partner.
    for (words, any) in [(false, false), (false, true), (true, false), (true, true)] {
        for i in 0..s.len() {
            if s_used[i] || (!words && s[i].words) {
                continue;
            }
            let found = (0..t.len()).find(|&j| {
                !t_used[j]
                    && (words || !t[j].words)
                    && if any {
                        s_keys[i].iter().any(|k| t_keys[j].contains(k))
                    } else {
                        s_keys[i].first() == t_keys[j].first()
                    }
            });
            if let Some(j) = found {
                s_used[i] = true;
                t_used[j] = true;
            }
        }
    }
    // 3. Digit groups written apart: `116 123` = `116123`.
    join_groups(src, s, &mut s_used, tgt, t, &mut t_used);
    join_groups(tgt, t, &mut t_used, src, s, &mut s_used);
    // 4. The second half of a draw when the first is matched: `2-2` ~
    // `بهدفين`.
    for (nums, used) in [(s, &mut s_used), (t, &mut t_used)] {
        for i in 1..nums.len() {
            if !used[i] && nums[i].joined && used[i - 1] && nums[i].value == nums[i - 1].value {
                used[i] = true;
            }
        }
    }
    // What is left: digits pair with digits of a comparable kind, then with
    // a number in words (three or more: `one`, `two` are too often idiom).
    let family = |f: &Figure| f.kind == Kind::Time;
    let left = |nums: &[Figure], used: &[bool]| -> Vec<usize> {
        (0..nums.len()).filter(|&i| !used[i]).collect()
    };
    let (sl, tl) = (left(s, &s_used), left(t, &t_used));
    let pairable_word =
        |f: &Figure| f.words && f.value.as_int().is_some_and(|v| v >= 3) && f.kind != Kind::Decade;
    let mut s_paired: Vec<Option<usize>> = vec![None; s.len()];
    let mut t_taken = vec![false; t.len()];
    for words in [false, true] {
        for &i in sl.iter().filter(|&&i| !s[i].words) {
            if s_paired[i].is_some() {
                continue;
            }
            if let Some(&j) = tl.iter().find(|&&j| {
                !t_taken[j]
                    && family(&t[j]) == family(&s[i])
                    && if words {
                        pairable_word(&t[j])
                    } else {
                        !t[j].words
                    }
            }) {
                s_paired[i] = Some(j);
                t_taken[j] = true;
            }
        }
    }
    // Target digits facing a left-over source number in words.
    let mut t_paired: Vec<Option<usize>> = vec![None; t.len()];
    let mut s_taken: Vec<bool> = s_paired.iter().map(|_| false).collect();
    for &j in tl.iter().filter(|&&j| !t[j].words && !t_taken[j]) {
        if let Some(&i) = sl.iter().find(|&&i| {
            !s_taken[i]
                && s_paired[i].is_none()
                && family(&s[i]) == family(&t[j])
                && pairable_word(&s[i])
        }) {
            t_paired[j] = Some(i);
            s_taken[i] = true;
        }
    }
    let mut out = Vec::new();
    for &i in &sl {
        if s[i].words {
            continue;
        }
        match s_paired[i] {
            Some(j) => out.push((Side::Target, t[j].clone(), Some(s[i].clone()))),
            None => out.push((Side::Source, s[i].clone(), None)),
        }
    }
    for &j in &tl {
        if t[j].words || t_taken[j] {
            continue;
        }
        match t_paired[j] {
            Some(i) => out.push((Side::Target, t[j].clone(), Some(s[i].clone()))),
            None => out.push((Side::Target, t[j].clone(), None)),
        }
    }
    out
}

/// The digits of a number as written (any digit set), or `None` when it
/// is not a plain run of digits.
fn raw_digits(text: &str, f: &Figure) -> Option<String> {
    let body = text.get(f.range.clone())?;
    let digits: String = body
        .chars()
        .map_while(|c| crate::corpus::numbers::digit_value(c).and_then(|d| char::from_digit(d, 10)))
        .collect();
    (!f.words && digits.chars().count() == body.chars().count()).then_some(digits)
}

/// Runs of unmatched digit groups on one side separated by a space or a
/// hyphen whose digits, put together, are an unmatched number on the other
/// side (a phone number `116 123` ~ `116123`): all of them are matched.
fn join_groups(
    text: &str,
    nums: &[Figure],
    used: &mut [bool],
    other_text: &str,
    other: &[Figure],
    other_used: &mut [bool],
) {
    for k in 0..nums.len() {
        if used[k] {
            continue;
        }
        let Some(mut joined) = raw_digits(text, &nums[k]) else {
            continue;
        };
        for m in k + 1..nums.len() {
            let between = text.get(nums[m - 1].range.end..nums[m].range.start);
            if used[m] || !matches!(between, Some(" " | "-")) {
                break;
            }
            let Some(d) = raw_digits(text, &nums[m]) else {
                break;
            };
            joined.push_str(&d);
            if let Some(j) = (0..other.len()).find(|&j| {
                !other_used[j] && raw_digits(other_text, &other[j]).as_deref() == Some(&joined)
            }) {
                other_used[j] = true;
                for u in used.iter_mut().take(m + 1).skip(k) {
                    *u = true;
                }
                break;
            }
        }
    }
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

#[cfg(test)]
mod readings {
    use super::*;

    /// Flags of one sentence pair as (flagged text, other text).
    fn flags(src: &str, tgt: &str) -> Vec<(String, Option<String>)> {
        check(
            src,
            tgt,
            std::slice::from_ref(&(0..src.len())),
            std::slice::from_ref(&(0..tgt.len())),
            &[Bead::fixed(0..1, 0..1)],
        )
        .into_iter()
        .map(|f| {
            let (this, other) = match f.side {
                Side::Source => (src, tgt),
                Side::Target => (tgt, src),
            };
            (
                this.get(f.figure.range.clone()).unwrap().to_string(),
                f.other.map(|o| other.get(o.range).unwrap().to_string()),
            )
        })
        .collect()
    }

    #[test]
    fn words_ordinals_decades_and_times_match_digits() {
        for (ar, en) in [
            (
                "ألحق به هزيمته خلال 18 مباراة وثماني نقاط",
                "in 18 games, eight points",
            ),
            ("في الدائرة السابعة عشرة", "Pennsylvania's 17th"),
            ("عيد مولده الحادي والعشرين", "his 21st birthday"),
            ("في ثلاثينيات القرن العشرين", "in the 1930s"),
            ("في الثمانينيات", "in the 1980s"),
            ("بداية القرن الواحد والعشرين", "in the early 2000s"),
            ("رأي القرن التاسع عشر", "19th century opinion"),
            ("رجل بسن الأربعين", "in his 40s"),
            ("الساعة 4 صباحًا", "at about 04:00 BST"),
            ("هو 5:30 مساءً", "is 5.30pm on"),
            ("أكثر من 76.000 هكتار", "76,000 hectares"),
            ("أكثر من 30،000 كوري", "more than 30,000"),
            ("من 1950 وحتى 1953", "the 1950-53 Korea War"),
            ("التعادل بهدفين", "the 2-2 draw"),
            ("على الرقم 116123", "on 116 123"),
            ("مليوني دولار", "$2 million"),
            ("قال 58٪ من الناخبين", "Fifty-eight percent of voters"),
            ("الحرب العالمية الأولى", "WW1"),
        ] {
            assert_eq!(flags(ar, en), [], "{ar} / {en}");
        }
    }

    #[test]
    fn changed_figures_disagree_and_dropped_ones_are_missing() {
        assert_eq!(
            flags("أكثر من 300 ألف تلميذ", "upwards of 30,000 pupils"),
            [("30,000".to_string(), Some("300 ألف".to_string()))]
        );
        assert_eq!(
            flags("من 1950 وحتى 1954", "the 1950-53 Korea War"),
            [("53".to_string(), Some("1954".to_string()))]
        );
        assert_eq!(
            flags("أحب هؤلاء الرجال", "I love these 12 guys"),
            [("12".to_string(), None)]
        );
        // A figure against a number in words: they disagree.
        assert_eq!(
            flags("قتل خمسة أشخاص", "4 people were killed"),
            [("4".to_string(), Some("خمسة".to_string()))]
        );
        // Times compare with times, not with counts.
        assert_eq!(
            flags("هو 6:30 مساءً", "is 5.30pm on"),
            [("5.30pm".to_string(), Some("6:30 مساءً".to_string()))]
        );
    }

    #[test]
    fn disagreements_rank_before_missing_figures() {
        let ar = "قتل 7 أشخاص.\n\nوصل 30 شخصا.";
        let en = "7 people and 9 dogs were killed.\n\n31 people arrived.";
        let units = |t: &str| crate::align::paragraph_ranges(t);
        let beads = [Bead::fixed(0..1, 0..1), Bead::fixed(1..2, 1..2)];
        let got: Vec<(Severity, usize)> = check(ar, en, &units(ar), &units(en), &beads)
            .iter()
            .map(|f| (f.severity(), f.bead))
            .collect();
        assert_eq!(got, [(Severity::Disagrees, 1), (Severity::Missing, 0)]);
    }
}
