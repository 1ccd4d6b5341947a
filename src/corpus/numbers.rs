//! How numbers are written in Arabic and English news text, in one place:
//! the digit sets, thousands separators and decimal marks, scale words and
//! percent words, and an exact decimal value that compares equal however a
//! number was written (`5700`, `5,700`, `٥٧٠٠`, `۵۷۰۰`, `٥٬٧٠٠` are all
//! `5700`; `٢٫٥` and `2.5` are `2.5`).
//!
//! Two detectors are built on it: the aligner's figure scanner
//! (`align::numbers`: anchors, `pair --suggest`, `hashiya qa`) and the
//! suggestion detector (`suggest::figures`: percent, money, quantity, date
//! suggestions). They differ in what they call a figure, not in how a number
//! is read. It lives here, below both, because `align` must not depend on
//! `suggest` (which sits on top of the annotation model).
//!
//! The rules:
//! - digits are Western `0–9`, Arabic-Indic `٠–٩` or Persian `۰–۹`, mixed
//!   freely;
//! - `,` and `٬` group thousands only after one to three leading digits and
//!   only before exactly three digits (`1,234,567`; but `1,2`, `12,3456`
//!   and `1234,567` are two numbers each);
//! - `.` and `٫` mark decimals when a digit follows;
//! - a scale word multiplies ([`SCALE_WORDS`]); the abbreviations `k`, `m`,
//!   `mn` only when glued to the number (`$5m`; `5 m` is five metres);
//! - [`PERCENT_WORDS`] and the signs `%` `٪` make a percentage.

use std::fmt;

/// The value of a decimal digit in any of the three digit sets.
pub fn digit_value(c: char) -> Option<u32> {
    match c {
        '0'..='9' => Some(c as u32 - '0' as u32),
        '\u{0660}'..='\u{0669}' => Some(c as u32 - 0x0660),
        '\u{06F0}'..='\u{06F9}' => Some(c as u32 - 0x06F0),
        _ => None,
    }
}

/// Whether `c` groups thousands (`,` and the Arabic `٬`).
pub fn is_thousands_separator(c: char) -> bool {
    matches!(c, ',' | '٬')
}

/// Whether `c` marks decimals (`.` and the Arabic `٫`).
pub fn is_decimal_mark(c: char) -> bool {
    matches!(c, '.' | '٫')
}

/// Whether `c` is a percent sign (`%` and the Arabic `٪`).
pub fn is_percent_sign(c: char) -> bool {
    matches!(c, '%' | '٪')
}

/// Scale words as written, lower case, with the power of ten they multiply
/// by. Folding for comparison (hamza forms, tanween) is the caller's: the
/// list holds the spellings news text uses, so that a caller matching raw
/// text finds them too.
pub const SCALE_WORDS: &[(&str, i32)] = &[
    ("hundred", 2),
    ("thousands", 3),
    ("thousand", 3),
    ("millions", 6),
    ("million", 6),
    ("billions", 9),
    ("billion", 9),
    ("bn", 9),
    ("trillion", 12),
    ("آلاف", 3),
    ("ألفًا", 3),
    ("ألفا", 3),
    ("ألف", 3),
    ("الف", 3),
    ("ملايين", 6),
    ("مليونًا", 6),
    ("مليونا", 6),
    ("مليون", 6),
    ("مليارات", 9),
    ("مليارًا", 9),
    ("مليارا", 9),
    ("مليار", 9),
    ("بلايين", 9),
    ("بليون", 9),
    ("تريليون", 12),
];

/// Scale abbreviations, a scale only when glued to the number (`$5m`,
/// `20k`): apart they are units or letters (`5 m` is five metres).
pub const SCALE_ABBREVIATIONS: &[(&str, i32)] = &[("k", 3), ("mn", 6), ("m", 6)];

/// Percent words as written, lower case; some are two words.
pub const PERCENT_WORDS: &[&str] = &[
    "percent",
    "per cent",
    "pct",
    "بالمئة",
    "بالمائة",
    "بالمية",
    "في المئة",
    "في المائة",
    "في المية",
];

/// A non-negative decimal `digits × 10^exp`, kept exact so that
/// `2.5 million` is `2500000` and not `2499999.9999`. Its `Display` is the
/// canonical spelling: no leading zeros, no trailing decimal zeros, no
/// separators (`"5700"`, `"2.5"`, `"0.25"`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Decimal {
    /// ASCII digits.
    digits: String,
    exp: i32,
}

impl Decimal {
    /// An integer.
    pub fn from_int(n: u64) -> Decimal {
        Decimal {
            digits: n.to_string(),
            exp: 0,
        }
    }

    /// Multiplied by `10^by`.
    pub fn scaled(mut self, by: i32) -> Decimal {
        self.exp += by;
        self
    }

    /// The nearest float, for comparisons with a tolerance.
    pub fn to_f64(&self) -> f64 {
        self.to_string().parse().unwrap_or(f64::NAN)
    }
}

impl fmt::Display for Decimal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let digits = self.digits.trim_start_matches('0');
        if digits.is_empty() {
            return f.write_str("0");
        }
        if self.exp >= 0 {
            f.write_str(digits)?;
            for _ in 0..self.exp {
                f.write_str("0")?;
            }
            return Ok(());
        }
        let frac_len = self.exp.unsigned_abs() as usize;
        let padded = if digits.len() <= frac_len {
            let mut p = "0".repeat(frac_len + 1 - digits.len());
            p.push_str(digits);
            p
        } else {
            digits.to_string()
        };
        let split = padded.len() - frac_len;
        let int = padded.get(..split).unwrap_or("0");
        let frac = padded.get(split..).unwrap_or("").trim_end_matches('0');
        if frac.is_empty() {
            f.write_str(int)
        } else {
            write!(f, "{int}.{frac}")
        }
    }
}

/// A run of digits read as one number: its integer part with any thousands
/// groups, and its decimals.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DigitRun {
    /// Byte offset just past the run.
    pub end: usize,
    /// The number in ASCII digits with `.` for the decimal mark and no
    /// separators (`"5700"`, `"2.5"`).
    pub ascii: String,
    /// How many digits the first group has (the whole integer part when
    /// there are no separators): a year or a day is told by it.
    pub lead_digits: usize,
    /// Thousands separators were read.
    pub grouped: bool,
    /// A decimal part was read.
    pub decimal: bool,
}

impl DigitRun {
    /// Digits only: no separator, no decimal mark.
    pub fn plain(&self) -> bool {
        !self.grouped && !self.decimal
    }

    /// The integer part in ASCII digits.
    pub fn int(&self) -> &str {
        self.ascii
            .split_once('.')
            .map_or(self.ascii.as_str(), |(int, _)| int)
    }

    /// The exact value.
    pub fn value(&self) -> Decimal {
        let (int, frac) = self.ascii.split_once('.').unwrap_or((&self.ascii, ""));
        Decimal {
            digits: format!("{int}{frac}"),
            exp: -i32::try_from(frac.len()).unwrap_or(i32::MAX),
        }
    }
}

/// Read the number whose first digit is at byte `start` of `text`; `None`
/// when no digit starts there.
pub fn digit_run(text: &str, start: usize) -> Option<DigitRun> {
    let at = |pos: usize| text.get(pos..).and_then(|s| s.chars().next());
    let digits = |mut j: usize, ascii: &mut String| {
        while let Some(d) = at(j).and_then(digit_value) {
            ascii.push(char::from_digit(d, 10).unwrap_or('0'));
            j += at(j).map_or(1, char::len_utf8);
        }
        j
    };
    at(start).and_then(digit_value)?;
    let mut ascii = String::new();
    let mut j = digits(start, &mut ascii);
    let lead_digits = ascii.len();
    let mut grouped = false;
    if lead_digits <= 3 {
        // A separator followed by exactly three digits.
        while let Some(sep) = at(j).filter(|&c| is_thousands_separator(c)) {
            let k = j + sep.len_utf8();
            let mut group = String::new();
            let after = digits(k, &mut group);
            if group.len() != 3 {
                break;
            }
            ascii.push_str(&group);
            grouped = true;
            j = after;
        }
    }
    let mut decimal = false;
    if let Some(mark) = at(j).filter(|&c| is_decimal_mark(c))
        && at(j + mark.len_utf8()).and_then(digit_value).is_some()
    {
        ascii.push('.');
        decimal = true;
        j = digits(j + mark.len_utf8(), &mut ascii);
    }
    Some(DigitRun {
        end: j,
        ascii,
        lead_digits,
        grouped,
        decimal,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str) -> Vec<(String, &str)> {
        let mut out = Vec::new();
        let mut i = 0;
        while i < text.len() {
            match digit_run(text, i) {
                Some(r) => {
                    out.push((r.value().to_string(), text.get(i..r.end).unwrap_or("")));
                    i = r.end;
                }
                None => {
                    i += text
                        .get(i..)
                        .and_then(|s| s.chars().next())
                        .map_or(1, char::len_utf8)
                }
            }
        }
        out
    }

    #[test]
    fn digit_sets_separators_and_decimal_marks() {
        assert_eq!(read("5,700"), [("5700".into(), "5,700")]);
        assert_eq!(
            read("٥٬٧٠٠ و۵۷۰۰"),
            [("5700".into(), "٥٬٧٠٠"), ("5700".into(), "۵۷۰۰")]
        );
        assert_eq!(read("٢٫٥"), [("2.5".into(), "٢٫٥")]);
        assert_eq!(read("1,234,567.50"), [("1234567.5".into(), "1,234,567.50")]);
        assert_eq!(
            read("0.25 007"),
            [("0.25".into(), "0.25"), ("7".into(), "007")]
        );
        // A mark with no digit after it ends the number.
        assert_eq!(read("in 2019."), [("2019".into(), "2019")]);
    }

    #[test]
    fn separators_group_only_three_digits_after_a_short_lead() {
        let values = |t| read(t).into_iter().map(|(v, _)| v).collect::<Vec<_>>();
        assert_eq!(values("1,2,3"), ["1", "2", "3"]);
        assert_eq!(values("12,3456"), ["12", "3456"]);
        assert_eq!(values("1234,567"), ["1234", "567"]);
        assert_eq!(values("1,234,5678"), ["1234", "5678"]);
    }

    #[test]
    fn run_fields() {
        let r = digit_run("x 2014,", 2).unwrap();
        assert_eq!(
            (r.end, r.lead_digits, r.plain(), r.int()),
            (6, 4, true, "2014")
        );
        let r = digit_run("1,250.5", 0).unwrap();
        assert_eq!(
            (r.lead_digits, r.grouped, r.decimal, r.int()),
            (1, true, true, "1250")
        );
        assert!(digit_run("a1", 0).is_none());
    }

    #[test]
    fn decimals_are_exact_and_canonical() {
        let d = |n: &str| digit_run(n, 0).unwrap().value();
        assert_eq!(d("2.5").scaled(6).to_string(), "2500000");
        assert_eq!(d("0.001").scaled(3).to_string(), "1");
        assert_eq!(d("1.05").scaled(1).to_string(), "10.5");
        assert_eq!(d("000").to_string(), "0");
        assert_eq!(d("0.5").scaled(-2).to_string(), "0.005");
        assert_eq!(Decimal::from_int(5).scaled(9).to_string(), "5000000000");
        assert_eq!(d("2.5").to_f64(), 2.5);
    }

    #[test]
    fn word_lists_are_lower_case_and_scales_sorted_longest_first() {
        for (w, _) in SCALE_WORDS.iter().chain(SCALE_ABBREVIATIONS) {
            assert_eq!(w.to_lowercase(), *w);
        }
        for w in PERCENT_WORDS {
            assert_eq!(w.to_lowercase(), *w);
        }
        // A caller that takes the first prefix match must meet `thousands`
        // before `thousand`, `ألفا` before `ألف`.
        for (k, (a, _)) in SCALE_WORDS.iter().enumerate() {
            for (b, _) in &SCALE_WORDS[k + 1..] {
                assert!(!b.starts_with(a) || a == b, "{a} before {b}");
            }
        }
    }
}
