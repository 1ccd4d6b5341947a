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
//! The rules for digits ([`digit_run`]; docs/ALIGN.md has a table of
//! examples):
//! - digits are Western `0–9`, Arabic-Indic `٠–٩` or Persian `۰–۹`, mixed
//!   freely;
//! - `,`, `٬` and `،` group thousands only after one to three leading
//!   digits and only before exactly three digits (`1,234,567`, `30،000`;
//!   but `12,3456` and `1234,567` are two numbers each);
//! - in Arabic text, a single `,` before one or two digits is a decimal
//!   comma (`25,2 مليار`), unless it is part of a list (`1,2,3`); in
//!   English `1,2 and 3` is a list;
//! - `.` before exactly three digits groups thousands when two groups
//!   follow (`1.250.000`) or the group is `000` (`76.000`, with 76 as the
//!   other reading), and is a decimal point otherwise (`1.250`, with 1250
//!   as the other reading); `.` and `٫` before other digit counts are
//!   decimal points (`٫` before three digits keeps the thousands reading
//!   as the other one);
//! - a scale word multiplies ([`SCALE_WORDS`]); the abbreviations `k`, `m`,
//!   `mn` only when glued to the number (`$5m`; `5 m` is five metres);
//! - [`PERCENT_WORDS`] and the signs `%` `٪` make a percentage.
//!
//! [`numbers`] reads every number of a text, in digits or in English or
//! Arabic words (`numbers/words.rs`), with a [`Kind`] (cardinal, ordinal, percent,
//! year, decade, century, time, range) and the other readings its writing
//! allows, so that a caller with a counterpart can decide between them.

use std::fmt;
use std::ops::Range;

mod words;

pub use words::fold_arabic;
use words::{ArabicWord, Lex, arabic_word, english_word, is_arabic_century};

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

    /// The value when it is a whole number that fits a `u64`.
    pub fn as_int(&self) -> Option<u64> {
        let s = self.to_string();
        if s.contains('.') {
            return None;
        }
        s.parse().ok()
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

/// Whether the number at `start..end` stands in Arabic text: the first
/// letter after it, or else the last letter before it, is Arabic.
fn arabic_context(text: &str, start: usize, end: usize) -> bool {
    let after = text
        .get(end..)
        .and_then(|t| t.chars().find(|c| c.is_alphabetic()));
    let before = || {
        text.get(..start)
            .and_then(|t| t.chars().rev().find(|c| c.is_alphabetic()))
    };
    after
        .or_else(before)
        .is_some_and(|c| matches!(c, '\u{0600}'..='\u{06FF}' | '\u{0750}'..='\u{077F}'))
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
    /// The other reading of an ambiguous separator: `76.000` is 76000,
    /// or 76; `1.250` is 1.25, or 1250.
    pub alt: Option<Decimal>,
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
///
/// Separators are decided from the digits after them (see the module
/// documentation); where both readings are possible the run keeps the other
/// one in [`DigitRun::alt`], so that a caller with a counterpart (the figure
/// check) can decide from it.
pub fn digit_run(text: &str, start: usize) -> Option<DigitRun> {
    let at = |pos: usize| text.get(pos..).and_then(|s| s.chars().next());
    let digits = |mut j: usize, ascii: &mut String| {
        while let Some(d) = at(j).and_then(digit_value) {
            ascii.push(char::from_digit(d, 10).unwrap_or('0'));
            j += at(j).map_or(1, char::len_utf8);
        }
        j
    };
    // The digits after a separator at `j`: (digits, end).
    let group_at = |j: usize| -> Option<(String, usize)> {
        let sep = at(j)?;
        let mut g = String::new();
        let end = digits(j + sep.len_utf8(), &mut g);
        Some((g, end))
    };
    at(start).and_then(digit_value)?;
    let mut ascii = String::new();
    let mut j = digits(start, &mut ascii);
    let lead_digits = ascii.len();
    let mut grouped = false;
    let mut alt = None;
    let mut dot_groups = false;
    if lead_digits <= 3 {
        // Thousands groups: a separator followed by exactly three digits.
        // `,` `٬` `،` always group so; `.` groups when two or more groups
        // follow (`1.250.000`), or one group of `000` (`76.000`: Arabic
        // news writes thousands so), and is a decimal mark otherwise
        // (`1.250`), with the thousands reading kept as the other one.
        while let Some(sep) = at(j).filter(|&c| is_thousands_separator(c) || c == '،' || c == '.')
        {
            let Some((group, after)) = group_at(j).filter(|(g, _)| g.len() == 3) else {
                break;
            };
            if sep == '.' {
                if grouped && !dot_groups {
                    break; // `1,250.500`: a decimal part
                }
                let another =
                    at(after) == Some('.') && group_at(after).is_some_and(|(g, _)| g.len() == 3);
                if !dot_groups && !another {
                    let as_thousands = Decimal {
                        digits: format!("{ascii}{group}"),
                        exp: 0,
                    };
                    let as_decimal = Decimal {
                        digits: format!("{ascii}{group}"),
                        exp: -3,
                    };
                    if group == "000" {
                        alt = Some(as_decimal);
                    } else {
                        alt = Some(as_thousands);
                        break;
                    }
                }
                dot_groups = true;
            } else if dot_groups {
                break;
            }
            ascii.push_str(&group);
            grouped = true;
            j = after;
        }
    }
    let mut decimal = false;
    if let Some(mark) = at(j).filter(|&c| is_decimal_mark(c) && !(dot_groups && c == '.'))
        && at(j + mark.len_utf8()).and_then(digit_value).is_some()
    {
        let int = ascii.clone();
        ascii.push('.');
        decimal = true;
        j = digits(j + mark.len_utf8(), &mut ascii);
        // `٫` before exactly three digits may still be a thousands mark
        // written with the wrong sign (`٧٦٫٠٠٠`): the other reading.
        let frac = ascii.len() - int.len() - 1;
        if mark == '٫' && !grouped && lead_digits <= 3 && frac == 3 {
            alt = Some(Decimal {
                digits: ascii.replace('.', ""),
                exp: 0,
            });
        }
    } else if !grouped
        && at(j) == Some(',')
        && !text
            .get(..start)
            .and_then(|b| b.chars().next_back())
            .is_some_and(|c| is_thousands_separator(c) || c == '،')
        && let Some((frac, after)) = group_at(j)
        && (1..=2).contains(&frac.len())
        && !at(after).is_some_and(|c| {
            (is_thousands_separator(c) || is_decimal_mark(c) || c == '،')
                && at(after + c.len_utf8()).and_then(digit_value).is_some()
        })
        && arabic_context(text, start, after)
    {
        // A decimal comma (`25,2`): one or two digits after a single comma,
        // in Arabic text (in English `1,2 and 3` is a list).
        ascii.push('.');
        ascii.push_str(&frac);
        decimal = true;
        j = after;
    }
    Some(DigitRun {
        end: j,
        ascii,
        lead_digits,
        grouped,
        decimal,
        alt,
    })
}

/// What a number counts, so that only comparable numbers are compared.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Kind {
    /// A count or amount: `5,700`, `six`, `مليوني`.
    Cardinal,
    /// A rank: `34th`, `الرابعة والثلاثين`, `No.` aside.
    Ordinal,
    /// A share: `50%`, `Twenty per cent`, `20 بالمائة`.
    Percent,
    /// A bare four-digit integer between 1800 and 2100.
    Year,
    /// A decade: `1980s`, `40s`, `الثمانينيات` (value 80: the century is
    /// not said), `ثلاثينيات القرن العشرين` (1930).
    Decade,
    /// A century by its ordinal: `19th century`, `القرن التاسع عشر` (19).
    Century,
    /// A time of day; the value is minutes after midnight (`04:00` is
    /// 240, `5.30pm` 1050).
    Time,
    /// The end of an abbreviated range (`1950-53`, `2018/19`): the value
    /// is the full number (1953), the digits as written are the
    /// alternative (53).
    Range,
}

impl Kind {
    /// The lower-case name, for output.
    pub fn name(self) -> &'static str {
        match self {
            Kind::Cardinal => "cardinal",
            Kind::Ordinal => "ordinal",
            Kind::Percent => "percent",
            Kind::Year => "year",
            Kind::Decade => "decade",
            Kind::Century => "century",
            Kind::Time => "time",
            Kind::Range => "range",
        }
    }
}

/// One number read from a text, in digits or in words.
#[derive(Clone, Debug, PartialEq)]
pub struct Number {
    /// Byte range in the text: the digits or words with a following scale
    /// word, percent, ordinal suffix or time marker.
    pub range: Range<usize>,
    /// The exact value (for [`Kind::Time`], minutes after midnight).
    pub value: Decimal,
    pub kind: Kind,
    /// Written in words, wholly or partly (`six`, `two million`,
    /// `مليوني`); `2 million` is digits.
    pub words: bool,
    /// Other readings the writing allows (`76.000`: 76000 or 76; `1950-53`:
    /// 1953 or 53); a counterpart decides.
    pub alt: Vec<Decimal>,
    /// Written right after the previous number with `-`, `–`, `—` or `/`
    /// between (`2-2`, `18-7`, `1950-53`, `2/3`).
    pub joined: bool,
}

impl Number {
    /// The key of the value as read: equal numbers of comparable kinds have
    /// equal keys.
    pub fn key(&self) -> String {
        self.keys().into_iter().next().unwrap_or_default()
    }

    /// Every key this number can be matched by, its own reading first: the
    /// alternatives, a decade's short form (`1980s` ~ `الثمانينيات`), a
    /// century of a round decade (`2000s` ~ the 21st century), the hour of
    /// a time on the hour (`04:00` ~ `4`), fifty for a half.
    pub fn keys(&self) -> Vec<String> {
        let v = self.value.to_string();
        let int = self.value.as_int();
        let mut keys = Vec::new();
        match self.kind {
            Kind::Decade => {
                let n = int.unwrap_or(0);
                keys.push(format!("d{n}"));
                keys.push(format!("d{}", n % 100));
                keys.push(v.clone());
                if n >= 1000 && n.is_multiple_of(100) {
                    keys.push(format!("c{}", n / 100 + 1));
                }
            }
            Kind::Century => {
                keys.push(format!("c{v}"));
                keys.push(v.clone());
            }
            Kind::Time => {
                let t = int.unwrap_or(0);
                let (h, m) = (t / 60, t % 60);
                keys.push(format!("t{}:{m:02}", h % 12));
                if m == 0 {
                    keys.push(h.to_string());
                    keys.push((h % 12).to_string());
                }
            }
            _ => {
                keys.push(v.clone());
                if self.words && v == "0.5" {
                    keys.push("50".into());
                }
            }
        }
        keys.extend(self.alt.iter().map(Decimal::to_string));
        let mut seen = std::collections::HashSet::new();
        keys.retain(|k| seen.insert(k.clone()));
        keys
    }

    /// The value as people read it: `2600`, `2.5`, `50%`, `34th`, `1980s`,
    /// `19th century`, `04:00`.
    pub fn shown(&self) -> String {
        let v = self.value.to_string();
        match self.kind {
            Kind::Percent => format!("{v}%"),
            Kind::Ordinal => format!("{v}{}", ordinal_suffix(&v)),
            Kind::Decade => format!("{v}s"),
            Kind::Century => format!("{v}{} century", ordinal_suffix(&v)),
            Kind::Time => {
                let t = self.value.as_int().unwrap_or(0);
                format!("{:02}:{:02}", t / 60, t % 60)
            }
            _ => v,
        }
    }
}

fn ordinal_suffix(v: &str) -> &'static str {
    let tens = v.len() >= 2 && v.get(v.len() - 2..v.len() - 1) == Some("1");
    match v.chars().last() {
        Some('1') if !tens => "st",
        Some('2') if !tens => "nd",
        Some('3') if !tens => "rd",
        _ => "th",
    }
}

fn char_at(text: &str, i: usize) -> Option<char> {
    text.get(i..).and_then(|s| s.chars().next())
}

/// Letters of a word: alphabetic characters, Arabic harakat and tatweel.
fn is_word_letter(c: char) -> bool {
    crate::corpus::is_alphabetic(c)
        || matches!(c, '\u{064B}'..='\u{065F}' | '\u{0670}' | '\u{0640}')
}

fn is_arabic(c: char) -> bool {
    matches!(c, '\u{0600}'..='\u{06FF}' | '\u{0750}'..='\u{077F}' | '\u{FB50}'..='\u{FDFF}' | '\u{FE70}'..='\u{FEFF}')
}

/// The end of the word starting at `i`.
fn word_end(text: &str, mut i: usize) -> usize {
    while let Some(c) = char_at(text, i).filter(|&c| is_word_letter(c)) {
        i += c.len_utf8();
    }
    i
}

/// The word that starts at `i` after at most one space (or `sep` chars),
/// with its range.
fn next_word(text: &str, i: usize, seps: &[char]) -> Option<(usize, usize)> {
    let c = char_at(text, i)?;
    let start = if seps.contains(&c) {
        i + c.len_utf8()
    } else {
        i
    };
    let end = word_end(text, start);
    (end > start).then_some((start, end))
}

/// The word that ends just before `i` (one space between), if any.
fn word_before(text: &str, i: usize) -> Option<&str> {
    let before = text.get(..i)?.strip_suffix(' ')?;
    let start = before
        .char_indices()
        .rev()
        .take_while(|&(_, c)| is_word_letter(c))
        .last()
        .map(|(k, _)| k)?;
    before.get(start..)
}

/// Markup such as `<seg id="1">` is not text: the end of the tag at `i`.
fn markup_end(text: &str, i: usize) -> Option<usize> {
    let rest = text.get(i..)?;
    let mut chars = rest.chars();
    chars.next().filter(|&c| c == '<')?;
    chars
        .next()
        .filter(|c| c.is_ascii_alphabetic() || *c == '/')?;
    let close = rest.get(..rest.len().min(200))?.find('>')?;
    let inner = rest.get(1..close)?;
    (!inner.contains('<')).then_some(i + close + 1)
}

/// Every number of `text` in reading order, in digits (any digit set, see
/// [`digit_run`]) or in English or Arabic words, each with its kind.
pub fn numbers(text: &str) -> Vec<Number> {
    let mut out: Vec<Number> = Vec::new();
    let mut i = 0;
    while let Some(c) = char_at(text, i) {
        if c == '<'
            && let Some(end) = markup_end(text, i)
        {
            i = end;
            continue;
        }
        if digit_value(c).is_some() {
            let n = read_digits(text, i, out.last());
            i = n.range.end.max(i + c.len_utf8());
            out.push(n);
            continue;
        }
        if is_word_letter(c) {
            let end = word_end(text, i);
            let read = if is_arabic(c) {
                read_arabic(text, i, true)
            } else if c.is_ascii_alphabetic() {
                read_english(text, i)
            } else {
                None
            };
            match read {
                Some(n) => {
                    i = n.range.end.max(end);
                    out.push(n);
                }
                None => i = end,
            }
            continue;
        }
        i += c.len_utf8();
    }
    out
}

/// Time-of-day markers after a number: (marker, adds twelve hours).
const TIME_MARKERS: &[(&str, bool)] =
    &[("a.m.", false), ("p.m.", true), ("am", false), ("pm", true)];
const ARABIC_TIME_MARKERS: &[(&str, bool)] = &[
    ("صباحا", false),
    ("صباح", false),
    ("فجرا", false),
    ("ظهرا", true),
    ("عصرا", true),
    ("مساء", true),
    ("مساءا", true),
    ("ليلا", true),
];

/// A time marker glued on or after one space at `end`: (its end, pm).
fn time_marker(text: &str, end: usize) -> Option<(usize, bool)> {
    let start = if char_at(text, end) == Some(' ') {
        end + 1
    } else {
        end
    };
    let rest = text.get(start..)?;
    let head: String = rest.chars().take(6).collect::<String>().to_lowercase();
    for &(m, pm) in TIME_MARKERS {
        if head.starts_with(m)
            && rest.is_char_boundary(m.len())
            && !rest
                .get(m.len()..)?
                .chars()
                .next()
                .is_some_and(char::is_alphabetic)
        {
            return Some((start + m.len(), pm));
        }
    }
    let (ws, we) = next_word(text, start, &[])?;
    let w = fold_arabic(text.get(ws..we)?);
    ARABIC_TIME_MARKERS
        .iter()
        .find(|(m, _)| *m == w)
        .map(|&(_, pm)| (we, pm))
}

fn read_digits(text: &str, start: usize, prev: Option<&Number>) -> Number {
    let fallback = |end: usize| Number {
        range: start..end,
        value: Decimal::from_int(0),
        kind: Kind::Cardinal,
        words: false,
        alt: Vec::new(),
        joined: false,
    };
    let Some(run) = digit_run(text, start) else {
        return fallback(start + 1);
    };
    let joined = prev.is_some_and(|p| {
        !p.words
            && text
                .get(p.range.end..start)
                .is_some_and(|between| matches!(between, "-" | "–" | "—" | "/"))
    });
    let mut value = run.value();
    let mut alt: Vec<Decimal> = run.alt.clone().into_iter().collect();
    let mut end = run.end;
    let mut kind = Kind::Cardinal;
    let at = |pos: usize| char_at(text, pos);
    let digit_count = |from: usize| {
        let mut k = 0;
        let mut j = from;
        while let Some(c) = at(j).filter(|&c| digit_value(c).is_some()) {
            k += 1;
            j += c.len_utf8();
        }
        (k, j)
    };
    let int = run.int().parse::<u64>().ok();
    // Times: `04:00`, `5:30`, `5.30pm`, `5 pm`, `5:30 مساءً`.
    if run.plain() && run.lead_digits <= 2 && at(end) == Some(':') {
        let (k, after) = digit_count(end + 1);
        let minutes = text.get(end + 1..after).and_then(|m| {
            let m: String = m
                .chars()
                .filter_map(digit_value)
                .map(|d| char::from_digit(d, 10).unwrap_or('0'))
                .collect();
            m.parse::<u64>().ok()
        });
        if let (Some(h), Some(m), 2) = (int, minutes, k)
            && h <= 24
            && m < 60
        {
            let mut t = h * 60 + m;
            end = after;
            if let Some((e, pm)) = time_marker(text, end) {
                end = e;
                if pm && h < 12 {
                    t += 12 * 60;
                }
            }
            return Number {
                range: start..end,
                value: Decimal::from_int(t),
                kind: Kind::Time,
                words: false,
                alt: Vec::new(),
                joined,
            };
        }
    }
    let clock = if run.plain() {
        int.filter(|&h| h <= 12 && run.lead_digits <= 2)
            .map(|h| (h, 0))
    } else if run.decimal && !run.grouped && run.lead_digits <= 2 {
        let frac = run.ascii.split_once('.').map_or("", |(_, f)| f);
        match (int, frac.len(), frac.parse::<u64>()) {
            (Some(h), 2, Ok(m)) if h <= 12 && m < 60 => Some((h, m)),
            _ => None,
        }
    } else {
        None
    };
    if let Some((h, m)) = clock
        && let Some((e, pm)) = time_marker(text, end)
    {
        let t = (if pm && h < 12 { h + 12 } else { h }) * 60 + m;
        return Number {
            range: start..e,
            value: Decimal::from_int(t),
            kind: Kind::Time,
            words: false,
            alt: Vec::new(),
            joined,
        };
    }
    // Ordinal suffixes (`34th`, `21st`) and centuries (`19th century`).
    let glued: String = text
        .get(end..)
        .unwrap_or("")
        .chars()
        .take_while(|c| c.is_ascii_alphabetic())
        .collect();
    let glued_lower = glued.to_ascii_lowercase();
    if run.plain() && matches!(glued_lower.as_str(), "st" | "nd" | "rd" | "th") {
        kind = Kind::Ordinal;
        end += glued.len();
        if let Some((ws, we)) = next_word(text, end, &[' ', '-'])
            && text
                .get(ws..we)
                .is_some_and(|w| w.eq_ignore_ascii_case("century"))
        {
            kind = Kind::Century;
            end = we;
        }
    } else if run.plain()
        && run.int().ends_with('0')
        && (glued_lower == "s"
            || ((text
                .get(end..)
                .is_some_and(|r| r.starts_with("'s") || r.starts_with("’s")))
                && !char_at(text, end + 1 + at(end).map_or(1, char::len_utf8))
                    .is_some_and(char::is_alphabetic)))
    {
        // Decades: `1980s`, `1980's`, `40s`.
        kind = Kind::Decade;
        end += if glued_lower == "s" {
            1
        } else {
            at(end).map_or(1, char::len_utf8) + 1
        };
    } else {
        let (scaled, percent, e) = scale_or_percent(text, end);
        if let Some(exp) = scaled {
            value = value.scaled(exp);
            alt = alt.into_iter().map(|a| a.scaled(exp)).collect();
        }
        if percent {
            kind = Kind::Percent;
        }
        end = e;
        if scaled.is_none()
            && !percent
            && run.plain()
            && run.lead_digits == 4
            && int.is_some_and(|y| (1800..=2100).contains(&y))
        {
            kind = Kind::Year;
        }
        if scaled.is_none()
            && !percent
            && run.plain()
            && word_before(text, start).is_some_and(is_arabic_century)
        {
            kind = Kind::Century;
        }
    }
    // The end of an abbreviated range: `1950-53`, `2018/19`.
    if joined
        && run.plain()
        && kind == Kind::Cardinal
        && let Some(p) = prev
        && let Some(pv) = p.value.as_int()
        && let Some(v) = int
    {
        let (pd, vd) = (pv.to_string(), run.int().len());
        if vd < pd.len()
            && let Some(full) = pd
                .get(..pd.len() - vd)
                .and_then(|head| format!("{head}{}", run.int()).parse::<u64>().ok())
            && full > pv
        {
            alt.push(Decimal::from_int(v));
            value = Decimal::from_int(full);
            kind = Kind::Range;
        }
    }
    Number {
        range: start..end,
        value,
        kind,
        words: false,
        alt,
        joined,
    }
}

/// A scale word or percent after the number ending at `end`: the power of
/// ten, whether it is a percent, and the new end.
fn scale_or_percent(text: &str, end: usize) -> (Option<i32>, bool, usize) {
    let head = |at: usize| -> (String, String) {
        let h: String = text.get(at..).unwrap_or("").chars().take(HEAD).collect();
        let lower = h.to_lowercase();
        (h, lower)
    };
    let (glued, glued_lower) = head(end);
    let rest_start = if glued.starts_with(' ') { end + 1 } else { end };
    let (rest, rest_lower) = head(rest_start);
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
        let end = at + word.len();
        // `2.5 million percent` is rare; `5 ملايين` is not a percent.
        return (Some(e), false, end);
    }
    if let Some(word) = PERCENT_WORDS
        .iter()
        .find(|w| word_at(&rest_lower, &rest, w))
    {
        return (None, true, rest_start + word.len());
    }
    if let Some(sign) = rest.chars().next().filter(|&c| is_percent_sign(c)) {
        return (None, true, rest_start + sign.len_utf8());
    }
    (None, false, end)
}

/// How many characters after a number are looked at for a scale word or a
/// percent: more than the longest of them.
const HEAD: usize = 16;

/// Whether `word` starts `lower` and ends at a word boundary. `lower` is
/// `original` lowercased; the words are lowercase already and lowercasing
/// leaves Arabic unchanged, so byte lengths agree for matches.
fn word_at(lower: &str, original: &str, word: &str) -> bool {
    if !lower.starts_with(word) || !original.is_char_boundary(word.len().min(original.len())) {
        return false;
    }
    let after = lower.get(word.len()..).and_then(|s| s.chars().next());
    after.is_none_or(|c| !c.is_alphanumeric())
}

/// English number words from `start`: `six`, `Fifty-eight percent`,
/// `two hundred and five`, `a million`, `thirty-fourth`, `nineteenth
/// century`, `the eighties`, `twice`, `half`.
fn read_english(text: &str, start: usize) -> Option<Number> {
    #[derive(Clone, Copy, PartialEq)]
    enum Last {
        None,
        A,
        Unit,
        Ten,
        Hundred,
        Scale,
        And,
    }
    let mut last = Last::None;
    let (mut total, mut cur) = (0u64, 0u64);
    let mut ordinal = false;
    let mut end = start;
    let mut pos = start;
    let mut special: Option<(Decimal, Kind)> = None;
    while let Some((ws, we)) = next_word(text, pos, if pos == start { &[] } else { &[' ', '-'] }) {
        let w = text.get(ws..we)?;
        if !w.is_ascii() {
            break;
        }
        let lower = w.to_ascii_lowercase();
        let lex = english_word(&lower);
        match (lex, last) {
            (None, Last::None) if lower == "a" || lower == "an" => last = Last::A,
            (None, _) => break,
            (
                Some(Lex::Unit { n, ordinal: o }),
                Last::None | Last::Hundred | Last::Scale | Last::And,
            )
            | (Some(Lex::Unit { n, ordinal: o }), Last::Ten)
                if last != Last::Ten || n < 10 =>
            {
                cur += u64::from(n);
                ordinal = o;
                last = Last::Unit;
            }
            (
                Some(Lex::Ten { n, ordinal: o }),
                Last::None | Last::Hundred | Last::Scale | Last::And,
            ) => {
                cur += u64::from(n);
                ordinal = o;
                last = Last::Ten;
            }
            (Some(Lex::Hundred(_)), Last::A | Last::Unit | Last::Ten) => {
                cur = cur.max(1) * 100;
                last = Last::Hundred;
            }
            (Some(Lex::Scale { exp, .. }), Last::A | Last::Unit | Last::Ten | Last::Hundred) => {
                total += cur.max(1) * 10u64.pow(exp.unsigned_abs());
                cur = 0;
                last = Last::Scale;
            }
            (Some(Lex::Dozen), Last::A | Last::Unit | Last::Ten) => {
                cur = cur.max(1) * 12;
                last = Last::Unit;
            }
            (Some(Lex::And), Last::Hundred | Last::Scale) => {
                // Only inside a number: `one hundred and five`.
                let next = next_word(text, we, &[' '])
                    .and_then(|(a, b)| text.get(a..b))
                    .map(|w| english_word(&w.to_ascii_lowercase()));
                if !matches!(next, Some(Some(Lex::Unit { .. } | Lex::Ten { .. }))) {
                    break;
                }
                last = Last::And;
                pos = we;
                continue;
            }
            (Some(Lex::Decade10), Last::A) => {
                special = Some((Decimal::from_int(10), Kind::Cardinal));
                end = we;
                break;
            }
            (Some(Lex::Dual), Last::None) => {
                special = Some((Decimal::from_int(2), Kind::Cardinal));
                end = we;
                break;
            }
            (Some(Lex::Half), Last::None | Last::A) => {
                special = Some((Decimal::from_int(5).scaled(-1), Kind::Cardinal));
                end = we;
                break;
            }
            (Some(Lex::Decade(n)), Last::None) => {
                special = Some((Decimal::from_int(u64::from(n)), Kind::Decade));
                end = we;
                break;
            }
            _ => break,
        }
        if last != Last::A {
            end = we;
        }
        pos = we;
        if ordinal {
            break;
        }
    }
    let (value, mut kind) = match special {
        Some(s) => s,
        None if end > start => (
            Decimal::from_int(total + cur),
            if ordinal {
                Kind::Ordinal
            } else {
                Kind::Cardinal
            },
        ),
        None => return None,
    };
    if kind == Kind::Ordinal
        && let Some((ws, we)) = next_word(text, end, &[' ', '-'])
        && text
            .get(ws..we)
            .is_some_and(|w| w.eq_ignore_ascii_case("century"))
    {
        kind = Kind::Century;
        end = we;
    }
    if kind == Kind::Cardinal {
        let sep = if char_at(text, end) == Some('-') {
            end + 1
        } else {
            end
        };
        let (_, percent, e) = scale_or_percent(text, sep);
        if percent {
            kind = Kind::Percent;
            end = e;
        }
    }
    Some(Number {
        range: start..end,
        value,
        kind,
        words: true,
        alt: Vec::new(),
        joined: false,
    })
}

/// Arabic number words from `start`: `خمسة وعشرون`, `السابعة عشرة`,
/// `الحادي والعشرين`, `بعشرين`, `ثلاثة آلاف`, `مليوني`, `عامين`,
/// `الثمانينيات`, `ثمانينيات القرن العشرين`, `القرن التاسع عشر`.
fn read_arabic(text: &str, start: usize, decades: bool) -> Option<Number> {
    #[derive(Clone, Copy, PartialEq)]
    enum Last {
        Unit,
        TeenUnit,
        Teen,
        Ten,
        Hundred,
        Scale,
    }
    let word_at = |ws: usize| -> Option<(usize, ArabicWord)> {
        let we = word_end(text, ws);
        let w = text.get(ws..we)?;
        arabic_word(w).map(|a| (we, a))
    };
    let (first_end, first) = word_at(start)?;
    let number = |value: Decimal, kind: Kind, end: usize| Number {
        range: start..end,
        value,
        kind,
        words: true,
        alt: Vec::new(),
        joined: false,
    };
    // `الاثنين` is Monday, `عشر` alone one tenth more often than ten.
    let folded = fold_arabic(text.get(start..first_end)?);
    if folded.ends_with("الاثنين") {
        return None;
    }
    let (mut total, mut cur, mut ordinal, mut last) = match first.lex {
        Lex::Unit { n, ordinal } => (0u64, u64::from(n), ordinal, Last::Unit),
        Lex::TeenUnit(n) => (0, u64::from(n), false, Last::TeenUnit),
        Lex::Ten { n, ordinal } => (0, u64::from(n), ordinal, Last::Ten),
        Lex::Hundred(h) => (0, u64::from(h) * 100, false, Last::Hundred),
        Lex::Scale { exp, count } if count > 0 => (
            u64::from(count) * 10u64.pow(exp.unsigned_abs()),
            0,
            false,
            Last::Scale,
        ),
        Lex::Dual => return Some(number(Decimal::from_int(2), Kind::Cardinal, first_end)),
        Lex::Half => {
            return Some(number(
                Decimal::from_int(5).scaled(-1),
                Kind::Cardinal,
                first_end,
            ));
        }
        Lex::Decade(d) if decades => {
            // `ثمانينيات القرن العشرين`, `التسعينيات من القرن الماضي`.
            let mut end = first_end;
            let mut value = u64::from(d);
            let mut pos = first_end;
            if let Some((ws, we)) = next_word(text, pos, &[' '])
                && text.get(ws..we).map(fold_arabic).as_deref() == Some("من")
            {
                pos = we;
            }
            if let Some((ws, we)) = next_word(text, pos, &[' '])
                && text.get(ws..we).is_some_and(is_arabic_century)
                && char_at(text, we) == Some(' ')
                && let Some(c) = read_arabic(text, we + 1, false)
                && let Some(c) = c.value.as_int().filter(|c| (1..=21).contains(c))
            {
                value += (c - 1) * 100;
                end = word_end(text, we + 1).max(end);
                // The whole century phrase (`الواحد والعشرين`).
                if let Some(n) = read_arabic(text, we + 1, false) {
                    end = n.range.end;
                }
            }
            return Some(number(Decimal::from_int(value), Kind::Decade, end));
        }
        _ => return None,
    };
    let mut end = first_end;
    while let Some((ws, _)) = next_word(text, end, &[' ']).filter(|&(ws, _)| ws == end + 1) {
        let Some((we, w)) = word_at(ws) else { break };
        match (w.lex, w.conj, last) {
            (Lex::Teen, false, Last::Unit | Last::TeenUnit) if cur < 10 => {
                cur += 10;
                last = Last::Teen;
            }
            (
                Lex::Scale { exp, .. },
                false,
                Last::Unit | Last::Teen | Last::Ten | Last::Hundred,
            ) if !w.article => {
                total += cur * 10u64.pow(exp.unsigned_abs());
                cur = 0;
                last = Last::Scale;
            }
            (Lex::Ten { n, .. }, true, Last::Unit | Last::Hundred | Last::Scale)
                if cur % 100 < 10 =>
            {
                cur += u64::from(n);
                last = Last::Ten;
            }
            (Lex::Unit { n, ordinal: o }, true, Last::Hundred | Last::Scale) => {
                cur += u64::from(n);
                ordinal |= o;
                last = Last::Unit;
            }
            (Lex::Hundred(h), true, Last::Scale) => {
                cur += u64::from(h) * 100;
                last = Last::Hundred;
            }
            _ => break,
        }
        end = we;
    }
    if last == Last::TeenUnit {
        return None;
    }
    let value = Decimal::from_int(total + cur);
    let mut kind = if ordinal {
        Kind::Ordinal
    } else {
        Kind::Cardinal
    };
    if word_before(text, start).is_some_and(is_arabic_century) {
        kind = Kind::Century;
    } else {
        let (_, percent, e) = scale_or_percent(text, end);
        if percent {
            kind = Kind::Percent;
            end = e;
        }
    }
    Some(number(value, kind, end))
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

#[cfg(test)]
mod reading {
    use super::*;

    /// (as written, kind, value as shown) for every number of `text`.
    fn read(text: &str) -> Vec<(String, &'static str, String)> {
        numbers(text)
            .into_iter()
            .map(|n| {
                (
                    text.get(n.range.clone()).unwrap_or("?").to_string(),
                    n.kind.name(),
                    n.shown(),
                )
            })
            .collect()
    }

    fn one(text: &str) -> (String, &'static str, String) {
        let r = read(text);
        assert_eq!(r.len(), 1, "{text}: {r:?}");
        r.into_iter().next().unwrap()
    }

    fn t(written: &str, kind: &'static str, shown: &str) -> (String, &'static str, String) {
        (written.to_string(), kind, shown.to_string())
    }

    #[test]
    fn arabic_number_words_ordinals_and_duals() {
        assert_eq!(one("في السابعة عشرة"), t("السابعة عشرة", "ordinal", "17th"));
        assert_eq!(
            one("عيد مولده الحادي والعشرين."),
            t("الحادي والعشرين", "ordinal", "21st")
        );
        assert_eq!(
            one("للمرة الرابعة والثلاثين،"),
            t("الرابعة والثلاثين", "ordinal", "34th")
        );
        assert_eq!(one("الذكرى الخمسين للحدث"), t("الخمسين", "cardinal", "50"));
        assert_eq!(one("أكبر منه بعشرين عامًا"), t("بعشرين", "cardinal", "20"));
        assert_eq!(one("تجمع مليوني دولار"), t("مليوني", "cardinal", "2000000"));
        assert_eq!(one("الحرب العالمية الأولى"), t("الأولى", "ordinal", "1st"));
        assert_eq!(one("ثلاثة آلاف جندي"), t("ثلاثة آلاف", "cardinal", "3000"));
        assert_eq!(
            one("مائة وخمسة وعشرون"),
            t("مائة وخمسة وعشرون", "cardinal", "125")
        );
        assert_eq!(one("التعادل بهدفين"), t("بهدفين", "cardinal", "2"));
        assert_eq!(
            one("في سن الثمانية عشر عامًا"),
            t("الثمانية عشر", "cardinal", "18")
        );
        assert_eq!(one("واحدًا من أصل"), t("واحدًا", "cardinal", "1"));
        // Monday is not two.
        assert_eq!(read("يوم الاثنين"), []);
        // Numbers of words after a percent word.
        assert_eq!(one("عشرين بالمئة"), t("عشرين بالمئة", "percent", "20%"));
    }

    #[test]
    fn decades_and_centuries() {
        assert_eq!(
            one("في ثلاثينيات القرن العشرين."),
            t("ثلاثينيات القرن العشرين", "decade", "1930s")
        );
        assert_eq!(one("في الثمانينيات."), t("الثمانينيات", "decade", "80s"));
        assert_eq!(
            one("التسعينيات من القرن الماضي"),
            t("التسعينيات", "decade", "90s")
        );
        assert_eq!(
            one("رأي القرن التاسع عشر وجزءًا"),
            t("التاسع عشر", "century", "19th century")
        );
        assert_eq!(
            one("بداية القرن الواحد والعشرين ولكن"),
            t("الواحد والعشرين", "century", "21st century")
        );
        assert_eq!(
            one("bloody 19th-century conflict"),
            t("19th-century", "century", "19th century")
        );
        assert_eq!(one("in the 1930s."), t("1930s", "decade", "1930s"));
        assert_eq!(one("in his 40s,"), t("40s", "decade", "40s"));
        assert_eq!(one("the early 2000s, but"), t("2000s", "decade", "2000s"));
        assert_eq!(one("in the eighties"), t("eighties", "decade", "80s"));
        assert_eq!(
            one("the nineteenth century"),
            t("nineteenth century", "century", "19th century")
        );
        assert_eq!(one("القرن 19"), t("19", "century", "19th century"));
    }

    #[test]
    fn english_number_words_and_ordinals() {
        assert_eq!(
            one("Fifty-eight percent of"),
            t("Fifty-eight percent", "percent", "58%")
        );
        assert_eq!(
            one("Twenty per cent of pupils"),
            t("Twenty per cent", "percent", "20%")
        );
        assert_eq!(one("his 34th start"), t("34th", "ordinal", "34th"));
        assert_eq!(one("six television networks"), t("six", "cardinal", "6"));
        assert_eq!(one("the six-month gig"), t("six", "cardinal", "6"));
        assert_eq!(
            one("a thirty-fourth start"),
            t("thirty-fourth", "ordinal", "34th")
        );
        assert_eq!(
            one("two hundred and five people"),
            t("two hundred and five", "cardinal", "205")
        );
        assert_eq!(
            one("a million people"),
            t("a million", "cardinal", "1000000")
        );
        assert_eq!(read("and then"), []);
    }

    #[test]
    fn separators_are_decided_by_the_digits_after_them() {
        let n = numbers("76.000 هكتار");
        assert_eq!(
            (n[0].value.to_string(), n[0].alt[0].to_string()),
            ("76000".into(), "76".into())
        );
        let n = numbers("30،000 كوري");
        assert_eq!(n[0].value.to_string(), "30000");
        let n = numbers("25,2 مليار");
        assert_eq!(n[0].value.to_string(), "25200000000");
        let n = numbers("1.250");
        assert_eq!(
            (n[0].value.to_string(), n[0].alt[0].to_string()),
            ("1.25".into(), "1250".into())
        );
        let n = numbers("1.250.000");
        assert_eq!(
            (n[0].value.to_string(), n[0].alt.len()),
            ("1250000".into(), 0)
        );
        let n = numbers("2.53 ERA");
        assert_eq!(n[0].value.to_string(), "2.53");
    }

    #[test]
    fn times_ranges_scores_and_markup() {
        assert_eq!(one("at about 04:00 BST"), t("04:00", "time", "04:00"));
        assert_eq!(one("is 5.30pm on a Saturday"), t("5.30pm", "time", "17:30"));
        assert_eq!(one("هو 5:30 مساءً يوم"), t("5:30 مساءً", "time", "17:30"));
        let r = numbers("the 1950-53 Korea War");
        assert_eq!(
            (r[1].kind, r[1].value.to_string(), r[1].joined),
            (Kind::Range, "1953".into(), true)
        );
        assert_eq!(r[1].alt, [Decimal::from_int(53)]);
        let r = numbers("a 2-2 draw, 101-99");
        assert_eq!(
            r.iter()
                .map(|n| (n.value.to_string(), n.kind, n.joined))
                .collect::<Vec<_>>(),
            [
                ("2".into(), Kind::Cardinal, false),
                ("2".into(), Kind::Cardinal, true),
                ("101".into(), Kind::Cardinal, false),
                ("199".into(), Kind::Range, true)
            ]
        );
        assert_eq!(r[3].alt, [Decimal::from_int(99)]);
        assert_eq!(read("<seg id=\"1\">اعتقال"), []);
    }

    #[test]
    fn keys_make_kinds_comparable() {
        let k = |t: &str| numbers(t)[0].keys();
        assert!(k("1980s").contains(&"d80".to_string()));
        assert_eq!(
            k("الثمانينيات"),
            ["d80", "d80", "80"]
                .iter()
                .map(|s| s.to_string())
                .collect::<Vec<_>>()[1..]
                .to_vec()
        );
        assert!(k("2000s").contains(&"c21".to_string()));
        assert!(k("04:00").contains(&"4".to_string()));
        assert_eq!(k("5.30pm"), ["t5:30"]);
        assert_eq!(k("نصف"), ["0.5", "50"]);
    }
}
