//! Numbers in Arabic and English news text, normalized so that the same
//! figure compares equal however it is written: `5700`, `5,700`, `٥٧٠٠`,
//! `۵۷۰۰`, `5.7 thousand`, `5.7 ألف`; `2٫5٪` = `2.5%` = `2.5 percent`.
//!
//! Used by the aligner (numbers are anchors), by `pair --suggest` and by the
//! figure check (`hashiya qa`). This is the one place that knows how numbers
//! are written.

use std::ops::Range;

/// One number found in a text.
#[derive(Clone, Debug, PartialEq)]
pub struct Figure {
    /// Byte range in the text: the digits, and a following scale word or
    /// percent sign when there is one.
    pub range: Range<usize>,
    /// The value after digits, separators and scale words are applied.
    pub value: f64,
    /// Followed by `%`, `٪`, `percent`, `بالمئة`, `في المائة`, …
    pub percent: bool,
    /// A bare integer between 1800 and 2100 with no separator or scale.
    pub year: bool,
}

impl Figure {
    /// A canonical key for the value: equal figures have equal keys.
    pub fn key(&self) -> String {
        canonical(self.value)
    }
}

/// The canonical spelling of a value: an integer when it is one, else up to
/// six decimals with trailing zeros removed.
pub fn canonical(value: f64) -> String {
    let rounded = (value * 1e6).round() / 1e6;
    if rounded.fract() == 0.0 && rounded.abs() < 1e18 {
        format!("{}", rounded as i64)
    } else {
        let s = format!("{rounded:.6}");
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    }
}

/// The value of a decimal digit in any of the three digit sets.
pub fn digit_value(c: char) -> Option<u32> {
    match c {
        '0'..='9' => Some(c as u32 - '0' as u32),
        '\u{0660}'..='\u{0669}' => Some(c as u32 - 0x0660),
        '\u{06F0}'..='\u{06F9}' => Some(c as u32 - 0x06F0),
        _ => None,
    }
}

const SCALES: &[(&str, f64)] = &[
    ("thousands", 1e3),
    ("thousand", 1e3),
    ("millions", 1e6),
    ("million", 1e6),
    ("billions", 1e9),
    ("billion", 1e9),
    ("trillion", 1e12),
    ("bn", 1e9),
    ("آلاف", 1e3),
    ("ألفا", 1e3),
    ("ألفًا", 1e3),
    ("ألف", 1e3),
    ("الف", 1e3),
    ("ملايين", 1e6),
    ("مليونا", 1e6),
    ("مليونًا", 1e6),
    ("مليون", 1e6),
    ("مليارات", 1e9),
    ("مليارا", 1e9),
    ("مليارًا", 1e9),
    ("مليار", 1e9),
    ("بلايين", 1e9),
    ("بليون", 1e9),
    ("تريليون", 1e12),
];

const PERCENTS: &[&str] = &[
    "%",
    "٪",
    "percent",
    "per cent",
    "بالمئة",
    "بالمائة",
    "في المئة",
    "في المائة",
    "في المية",
];

/// Every number in `text`, in order.
pub fn figures(text: &str) -> Vec<Figure> {
    let mut out = Vec::new();
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let mut i = 0;
    while i < chars.len() {
        let (start, c) = chars[i];
        if digit_value(c).is_none() {
            i += 1;
            continue;
        }
        // Integer part with optional thousands separators (`,` or `٬`
        // followed by exactly three digits).
        let mut int: f64 = 0.0;
        let mut plain_digits = 0usize;
        let mut separated = false;
        while i < chars.len() {
            let c = chars[i].1;
            if let Some(d) = digit_value(c) {
                int = int * 10.0 + f64::from(d);
                plain_digits += 1;
                i += 1;
            } else if (c == ',' || c == '٬') && three_digits_follow(&chars, i + 1) {
                separated = true;
                i += 1;
            } else {
                break;
            }
        }
        // Decimal part: `.` or `٫` followed by a digit.
        let mut value = int;
        let mut decimal = false;
        if i + 1 < chars.len()
            && (chars[i].1 == '.' || chars[i].1 == '٫')
            && digit_value(chars[i + 1].1).is_some()
        {
            decimal = true;
            i += 1;
            let mut scale = 0.1;
            while i < chars.len() {
                let Some(d) = digit_value(chars[i].1) else {
                    break;
                };
                value += f64::from(d) * scale;
                scale /= 10.0;
                i += 1;
            }
        }
        let mut end = byte_at(&chars, i, text.len());
        // A following scale word or percent, after at most one space.
        let rest_start = if i < chars.len() && chars[i].1 == ' ' {
            byte_at(&chars, i + 1, text.len())
        } else {
            end
        };
        let rest = text.get(rest_start..).unwrap_or("");
        let rest_lower = rest.to_lowercase();
        let mut scaled = false;
        let mut percent = false;
        if let Some((word, factor)) = SCALES.iter().find(|(w, _)| word_at(&rest_lower, rest, w)) {
            value *= factor;
            scaled = true;
            end = rest_start + word.len();
        } else if let Some(word) = PERCENTS.iter().find(|w| word_at(&rest_lower, rest, w)) {
            percent = true;
            end = rest_start + word.len();
        } else if let Some(word) = PERCENTS.first().filter(|_| rest_lower.starts_with('%')) {
            percent = true;
            end = rest_start + word.len();
        }
        // Skip the characters the suffix consumed.
        while i < chars.len() && chars[i].0 < end {
            i += 1;
        }
        let year = !separated
            && !decimal
            && !scaled
            && !percent
            && plain_digits == 4
            && (1800.0..=2100.0).contains(&int);
        out.push(Figure {
            range: start..end,
            value,
            percent,
            year,
        });
    }
    out
}

fn byte_at(chars: &[(usize, char)], i: usize, len: usize) -> usize {
    chars.get(i).map_or(len, |&(b, _)| b)
}

fn three_digits_follow(chars: &[(usize, char)], i: usize) -> bool {
    let is_digit = |k: usize| chars.get(k).is_some_and(|&(_, c)| digit_value(c).is_some());
    let three = (i..i + 3).all(is_digit);
    let fourth = is_digit(i + 3);
    three && !fourth
}

/// Whether `word` starts `lower` and ends at a word boundary. `lower` is
/// `original` lowercased; scale words and percents are lowercase already and
/// lowercasing leaves Arabic unchanged, so byte lengths agree for matches.
fn word_at(lower: &str, original: &str, word: &str) -> bool {
    if !lower.starts_with(word) || !original.is_char_boundary(word.len().min(original.len())) {
        return false;
    }
    let after = lower.get(word.len()..).and_then(|s| s.chars().next());
    match after {
        None => true,
        Some(c) => !c.is_alphanumeric() || word == "%" || word == "٪",
    }
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
                prop_assert!(f.value.is_finite() && f.value >= 0.0);
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
