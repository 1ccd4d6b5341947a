//! Numbers in Arabic and English news text, normalized so that the same
//! figure compares equal however it is written: `5700`, `5,700`, `٥٧٠٠`,
//! `۵۷۰۰`, `5.7 thousand`, `5.7 ألف`; `2٫5٪` = `2.5%` = `2.5 percent`.
//!
//! Used by the aligner (numbers are anchors), by `pair --suggest` and by the
//! figure check (`hashiya qa`). How numbers are written (digit sets,
//! separators, scale and percent words) is [`crate::corpus::numbers`], shared
//! with the suggestion detector; this module only decides what the aligner
//! counts as a figure.

use std::ops::Range;

use crate::corpus::numbers::{
    Decimal, PERCENT_WORDS, SCALE_ABBREVIATIONS, SCALE_WORDS, digit_run, is_percent_sign,
};

/// One number found in a text.
#[derive(Clone, Debug, PartialEq)]
pub struct Figure {
    /// Byte range in the text: the digits, and a following scale word or
    /// percent sign when there is one.
    pub range: Range<usize>,
    /// The exact value after digits, separators and scale words are applied.
    pub value: Decimal,
    /// Followed by `%`, `٪`, `percent`, `بالمئة`, `في المائة`, …
    pub percent: bool,
    /// A bare integer between 1800 and 2100 with no separator or scale.
    pub year: bool,
}

impl Figure {
    /// A canonical key for the value: equal figures have equal keys.
    pub fn key(&self) -> String {
        self.value.to_string()
    }
}

/// Every number in `text`, in order. How digits, separators, scale words
/// and percents are read is [`crate::corpus::numbers`]'s; this scanner
/// takes every run of digits as a figure (codes like `G20` included: the
/// aligner wants them as anchors).
pub fn figures(text: &str) -> Vec<Figure> {
    let mut out = Vec::new();
    let mut start = 0;
    while let Some(c) = text.get(start..).and_then(|s| s.chars().next()) {
        let Some(run) = digit_run(text, start) else {
            start += c.len_utf8();
            continue;
        };
        let mut value = run.value();
        let mut end = run.end;
        // A glued abbreviation (`$5m`), or a scale word or percent after at
        // most one space. Only the next few characters are lowercased: the
        // longest word is shorter than `HEAD` characters.
        let head = |at: usize| -> (String, String) {
            let h: String = text.get(at..).unwrap_or("").chars().take(HEAD).collect();
            let lower = h.to_lowercase();
            (h, lower)
        };
        let (glued, glued_lower) = head(end);
        let rest_start = if glued.starts_with(' ') { end + 1 } else { end };
        let (rest, rest_lower) = head(rest_start);
        let mut scaled = false;
        let mut percent = false;
        let scale = SCALE_ABBREVIATIONS
            .iter()
            .find(|(w, _)| word_at(&glued_lower, &glued, w))
            .map(|&(w, e)| (end, w, e))
            .or_else(|| {
                SCALE_WORDS
                    .iter()
                    .find(|(w, _)| word_at(&rest_lower, &rest, w))
                    .map(|&(w, e)| (rest_start, w, e))
            });
        if let Some((at, word, e)) = scale {
            value = value.scaled(e);
            scaled = true;
            end = at + word.len();
        } else if let Some(word) = PERCENT_WORDS
            .iter()
            .find(|w| word_at(&rest_lower, &rest, w))
        {
            percent = true;
            end = rest_start + word.len();
        } else if let Some(sign) = rest.chars().next().filter(|&c| is_percent_sign(c)) {
            percent = true;
            end = rest_start + sign.len_utf8();
        }
        let year = run.plain()
            && !scaled
            && !percent
            && run.lead_digits == 4
            && run
                .int()
                .parse::<u32>()
                .is_ok_and(|y| (1800..=2100).contains(&y));
        out.push(Figure {
            range: start..end,
            value,
            percent,
            year,
        });
        start = end;
    }
    out
}

/// How many characters after a number are looked at for a scale word or a
/// percent: more than the longest of them, so that the character after it
/// is seen too.
const HEAD: usize = 16;

/// Whether `word` starts `lower` and ends at a word boundary. `lower` is
/// `original` lowercased; scale words and percents are lowercase already and
/// lowercasing leaves Arabic unchanged, so byte lengths agree for matches.
fn word_at(lower: &str, original: &str, word: &str) -> bool {
    if !lower.starts_with(word) || !original.is_char_boundary(word.len().min(original.len())) {
        return false;
    }
    let after = lower.get(word.len()..).and_then(|s| s.chars().next());
    after.is_none_or(|c| !c.is_alphanumeric())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys(text: &str) -> Vec<String> {
        figures(text).iter().map(Figure::key).collect()
    }

    #[test]
    fn digit_sets_and_separators_agree() {
        assert_eq!(keys("5700"), ["5700"]);
        assert_eq!(keys("5,700 dead"), ["5700"]);
        assert_eq!(keys("أكثر من ٥٧٠٠ فلسطيني"), ["5700"]);
        assert_eq!(keys("۵۷۰۰"), ["5700"]);
        assert_eq!(keys("٥٬٧٠٠"), ["5700"]);
        assert_eq!(keys("2٫5 and 2.5"), ["2.5", "2.5"]);
        assert_eq!(keys("1,234,567.25"), ["1234567.25"]);
    }

    #[test]
    fn commas_that_are_not_thousands_separators_split_numbers() {
        assert_eq!(keys("1,2,3"), ["1", "2", "3"]);
        assert_eq!(keys("in 2014, 600 soldiers"), ["2014", "600"]);
        assert_eq!(keys("12,3456"), ["12", "3456"]);
        assert_eq!(keys("end of 2019."), ["2019"]);
    }

    #[test]
    fn scale_words_multiply() {
        assert_eq!(keys("2.5 million people"), ["2500000"]);
        assert_eq!(keys("2.5 مليون شخص"), ["2500000"]);
        assert_eq!(keys("3 ملايين"), ["3000000"]);
        assert_eq!(keys("5 آلاف"), ["5000"]);
        assert_eq!(keys("4 مليارات دولار"), ["4000000000"]);
        assert_eq!(keys("$4 billion"), ["4000000000"]);
        assert_eq!(keys("$4bn"), ["4000000000"]);
        // A word that only starts like a scale word is not one.
        assert_eq!(keys("3 millionaires"), ["3"]);
    }

    #[test]
    fn shared_rules_from_corpus_numbers() {
        // Abbreviations scale only when glued on; `bn` either way.
        assert_eq!(keys("$5m fund, a 5 m wall"), ["5000000", "5"]);
        assert_eq!(keys("20k and 4 bn"), ["20000", "4000000000"]);
        assert_eq!(keys("5 hundred"), ["500"]);
        // Groups only after one to three leading digits.
        assert_eq!(keys("1234,567"), ["1234", "567"]);
        assert_eq!(keys("25 pct, 25 بالمية"), ["25", "25"]);
        assert!(figures("25 pct, 25 بالمية").iter().all(|f| f.percent));
    }

    #[test]
    fn percents_and_years_are_marked() {
        let f = figures("50% و٥٠٪ و50 بالمئة and 50 percent");
        assert_eq!(f.len(), 4);
        assert!(f.iter().all(|f| f.percent && f.key() == "50"), "{f:?}");
        let f = figures("in 2014 and 1,999 and 20140");
        assert_eq!(
            f.iter().map(|f| f.year).collect::<Vec<_>>(),
            [true, false, false]
        );
    }

    #[test]
    fn ranges_cover_digits_and_suffix() {
        let text = "قتل ٥٧٠٠ شخص و2.5 مليون";
        let f = figures(text);
        assert_eq!(text.get(f[0].range.clone()), Some("٥٧٠٠"));
        assert_eq!(text.get(f[1].range.clone()), Some("2.5 مليون"));
    }
}

#[cfg(test)]
mod properties {
    use super::*;
    use crate::corpus::numbers::digit_value;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn figures_never_panic_and_ranges_are_slices(
            v in prop::collection::vec(prop::sample::select(vec![
                "1", "٥", "۷", ",", "٬", ".", "٫", "%", "٪", " ", "million", "مليون", "ألف", "x", "é", "بالمئة",
            ]), 0..30)
        ) {
            let t = v.concat();
            let mut last = 0;
            for f in figures(&t) {
                prop_assert!(f.range.start >= last);
                let s = t.get(f.range.clone());
                prop_assert!(s.is_some());
                prop_assert!(s.unwrap().chars().next().and_then(digit_value).is_some());
                prop_assert!(f.value.to_f64().is_finite() && f.value.to_f64() >= 0.0);
                last = f.range.end;
            }
        }

        #[test]
        fn digit_sets_give_equal_values(n in 0u64..10_000_000) {
            let ascii = n.to_string();
            let indic: String = ascii.chars().map(|c| char::from_u32(0x0660 + c.to_digit(10).unwrap()).unwrap()).collect();
            let persian: String = ascii.chars().map(|c| char::from_u32(0x06F0 + c.to_digit(10).unwrap()).unwrap()).collect();
            // Thousands separators every three digits from the right.
            let mut grouped = String::new();
            for (k, c) in ascii.chars().enumerate() {
                if k > 0 && (ascii.len() - k) % 3 == 0 {
                    grouped.push(',');
                }
                grouped.push(c);
            }
            let want = vec![n.to_string()];
            for s in [ascii.clone(), indic, persian, grouped.clone(), grouped.replace(',', "٬")] {
                let keys: Vec<String> = figures(&s).iter().map(Figure::key).collect();
                prop_assert_eq!(&keys, &want, "{}", s);
            }
        }
    }
}
