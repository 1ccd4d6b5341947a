//! The figure detector: numbers, percentages, money, quantities with units,
//! years and dates in Arabic and English text.
//!
//! What counts as one figure, and how values are normalized, is documented in
//! `docs/SUGGEST.md`; in short:
//!
//! - digits may be Western, Arabic-Indic (`٠–٩`) or Persian (`۰–۹`);
//!   `,` and `٬` group thousands (only before exactly three digits), `.` and
//!   `٫` mark decimals; values are plain decimal strings (`"5700"`, `"2.5"`);
//!   these rules and the scale and percent words are
//!   [`crate::corpus::numbers`]'s, shared with the aligner;
//! - a scale word after a number multiplies it (`5 ملايين` → `"5000000"`);
//! - a percentage's value is the number (`"60"`) with unit `%`;
//! - money carries an ISO code where the currency is known (`USD`, `EUR`, …);
//! - a number followed by the noun it counts is one quantity whose unit is
//!   that noun as written, without harakat (`2,500 جندي` → `"2500"`,
//!   unit `جندي`);
//! - dates are ISO 8601: `2023-10-26`, `2015-01`, or `--10-17` without year;
//! - a bare month or weekday is not a figure, nor is an ordinal, a dual noun
//!   (`يومين`), a vague plural (`عشرات`, `thousands`) or `one`/`واحد`.

use std::ops::Range;
use std::sync::OnceLock;

use super::fasthash::FastMap;
use super::fold::{Folded, fold, is_ignorable, is_letter};
use crate::corpus::numbers::{
    Decimal, DigitRun, PERCENT_WORDS, SCALE_ABBREVIATIONS, SCALE_WORDS, digit_run, is_percent_sign,
};

/// What a figure measures.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum FigureKind {
    Number,
    Percent,
    Money,
    Quantity,
    Year,
    Date,
}

impl FigureKind {
    /// The lower-case name used in attributes and the gold file.
    pub fn name(self) -> &'static str {
        match self {
            FigureKind::Number => "number",
            FigureKind::Percent => "percent",
            FigureKind::Money => "money",
            FigureKind::Quantity => "quantity",
            FigureKind::Year => "year",
            FigureKind::Date => "date",
        }
    }

    /// The inverse of [`FigureKind::name`].
    pub fn from_name(name: &str) -> Option<FigureKind> {
        Some(match name {
            "number" => FigureKind::Number,
            "percent" => FigureKind::Percent,
            "money" => FigureKind::Money,
            "quantity" => FigureKind::Quantity,
            "year" => FigureKind::Year,
            "date" => FigureKind::Date,
            _ => return None,
        })
    }
}

/// One figure found in a text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Figure {
    /// Byte range into the text (end exclusive).
    pub span: Range<usize>,
    pub kind: FigureKind,
    /// Normalized value: a decimal string for numbers, an ISO 8601 date for
    /// dates and years.
    pub value: String,
    /// `%`, a currency code, or the counted noun as written.
    pub unit: Option<String>,
}

// ---------------------------------------------------------------------------
// Tokens.

#[derive(Clone, Debug, PartialEq, Eq)]
enum Tok<'f> {
    /// A run of digits with its thousands groups and decimals (its `end` is
    /// in the folded text).
    Num(DigitRun),
    Word {
        folded: &'f str,
        latin: bool,
        /// The word's lexicon entry.
        lex: Option<Lex>,
        /// The entry of the word without its proclitic: `(prefix bytes, entry)`.
        stem: Option<(usize, Lex)>,
    },
    Sym(char),
}

#[derive(Clone, Debug)]
struct Token<'f> {
    /// Byte range in the original text.
    span: Range<usize>,
    /// Byte range in the folded text.
    fspan: Range<usize>,
    /// Whitespace before the token: 0 none, 1 spaces, 2 a line break.
    gap: u8,
    tok: Tok<'f>,
}

fn is_word_char(c: char) -> bool {
    is_letter(c) || is_ignorable(c)
}

/// Tokens of a folded text (digits are ASCII there, marks and tatweel are
/// gone), with spans mapped back to the original.
fn tokenize(folded: &Folded) -> Vec<Token<'_>> {
    let text = folded.text.as_str();
    let at = |pos: usize| text.get(pos..).and_then(|s| s.chars().next());
    let mut out = Vec::new();
    let mut i = 0;
    let mut gap = 0u8;
    while let Some(c) = at(i) {
        let start = i;
        if c.is_whitespace() {
            gap = gap.max(if c == '\n' || c == '\r' { 2 } else { 1 });
            i += c.len_utf8();
            continue;
        }
        let tok;
        if c.is_ascii_digit()
            && let Some(run) = digit_run(text, i)
        {
            i = run.end;
            tok = Tok::Num(run);
        } else if is_word_char(c) {
            let mut j = i;
            while let Some(c) = at(j).filter(|&c| is_word_char(c)) {
                j += c.len_utf8();
            }
            let word = text.get(i..j).unwrap_or("");
            let lex = lex(word);
            let stem = if lex.is_none() {
                strip_proclitic(word).and_then(|(p, s)| self::lex(s).map(|l| (p, l)))
            } else {
                None
            };
            i = j;
            tok = Tok::Word {
                folded: word,
                latin: c.is_ascii_alphabetic(),
                lex,
                stem,
            };
        } else {
            i += c.len_utf8();
            tok = Tok::Sym(c);
        }
        out.push(Token {
            span: folded.original_range(start..i),
            fspan: start..i,
            gap,
            tok,
        });
        gap = 0;
    }
    out
}

// ---------------------------------------------------------------------------
// The lexicon.

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Lex {
    /// A cardinal written as a word.
    Cardinal(u64),
    /// `عشر`/`عشرة`: also the second half of 11–19.
    Ten,
    /// A multiplier after a number: 10^n.
    Scale(i32),
    Month(u8),
    /// The first word of a two-word Levantine month (`تشرين`, `كانون`).
    MonthHead,
    Currency(&'static str),
    /// `percent`, `بالمئة`; `في`/`per` start the two-word forms.
    Percent,
    /// Words after which a four-digit number is a year.
    YearCue,
    /// Words that never name what a number counts.
    Stop,
}

fn lexicon() -> &'static FastMap<String, Lex> {
    static LEX: OnceLock<FastMap<String, Lex>> = OnceLock::new();
    LEX.get_or_init(build_lexicon)
}

fn build_lexicon() -> FastMap<String, Lex> {
    let mut m = FastMap::default();
    let mut put = |words: &str, lex: Lex| {
        for w in words.split_whitespace() {
            m.insert(fold(w), lex);
        }
    };
    // Arabic cardinals (`واحد` and `one` are left out on purpose: they are
    // articles far more often than figures).
    put(
        "اثنان اثنين اثنتان اثنتين اثنا اثنتا اثني اثنتي",
        Lex::Cardinal(2),
    );
    put("ثلاث ثلاثة", Lex::Cardinal(3));
    put("أربع أربعة", Lex::Cardinal(4));
    put("خمس خمسة", Lex::Cardinal(5));
    put("ست ستة", Lex::Cardinal(6));
    put("سبع سبعة", Lex::Cardinal(7));
    put("ثمان ثماني ثمانية", Lex::Cardinal(8));
    put("تسع تسعة", Lex::Cardinal(9));
    put("عشر عشرة", Lex::Ten);
    put("عشرون عشرين", Lex::Cardinal(20));
    put("ثلاثون ثلاثين", Lex::Cardinal(30));
    put("أربعون أربعين", Lex::Cardinal(40));
    put("خمسون خمسين", Lex::Cardinal(50));
    put("ستون ستين", Lex::Cardinal(60));
    put("سبعون سبعين", Lex::Cardinal(70));
    put("ثمانون ثمانين", Lex::Cardinal(80));
    put("تسعون تسعين", Lex::Cardinal(90));
    put("مئة مائة", Lex::Cardinal(100));
    put("مئتان مئتين مائتان مائتين", Lex::Cardinal(200));
    put("ألفان ألفين ألفي", Lex::Cardinal(2000));
    put("مليونان مليونين", Lex::Cardinal(2_000_000));
    // English cardinals.
    put("two", Lex::Cardinal(2));
    put("three", Lex::Cardinal(3));
    put("four", Lex::Cardinal(4));
    put("five", Lex::Cardinal(5));
    put("six", Lex::Cardinal(6));
    put("seven", Lex::Cardinal(7));
    put("eight", Lex::Cardinal(8));
    put("nine", Lex::Cardinal(9));
    put("ten", Lex::Cardinal(10));
    put("eleven", Lex::Cardinal(11));
    put("twelve", Lex::Cardinal(12));
    put("thirteen", Lex::Cardinal(13));
    put("fourteen", Lex::Cardinal(14));
    put("fifteen", Lex::Cardinal(15));
    put("sixteen", Lex::Cardinal(16));
    put("seventeen", Lex::Cardinal(17));
    put("eighteen", Lex::Cardinal(18));
    put("nineteen", Lex::Cardinal(19));
    put("twenty", Lex::Cardinal(20));
    put("thirty", Lex::Cardinal(30));
    put("forty", Lex::Cardinal(40));
    put("fifty", Lex::Cardinal(50));
    put("sixty", Lex::Cardinal(60));
    put("seventy", Lex::Cardinal(70));
    put("eighty", Lex::Cardinal(80));
    put("ninety", Lex::Cardinal(90));
    // Scale words (corpus::numbers). `ألف`/`مليون`/`مليار` alone are also
    // cardinals (handled in `number_at`); the abbreviations only count glued
    // to a number.
    for (w, e) in SCALE_WORDS.iter().chain(SCALE_ABBREVIATIONS) {
        put(w, Lex::Scale(*e));
    }
    // Months: Egyptian/Gulf, Levantine, Maghrebi, English.
    put("يناير جانفي January Jan", Lex::Month(1));
    put("فبراير فيفري شباط February Feb", Lex::Month(2));
    put("مارس آذار March Mar", Lex::Month(3));
    put("أبريل إبريل ابريل أفريل نيسان April Apr", Lex::Month(4));
    put("مايو أيار May", Lex::Month(5));
    put("يونيو يونيه جوان حزيران June Jun", Lex::Month(6));
    put("يوليو يوليه جويلية تموز July Jul", Lex::Month(7));
    put("أغسطس أوت آب August Aug", Lex::Month(8));
    put("سبتمبر أيلول September Sep Sept", Lex::Month(9));
    put("أكتوبر October Oct", Lex::Month(10));
    put("نوفمبر November Nov", Lex::Month(11));
    put("ديسمبر December Dec", Lex::Month(12));
    // Persian names of the Gregorian months.
    put("ژانویه", Lex::Month(1));
    put("فوریه", Lex::Month(2));
    put("آوریل", Lex::Month(4));
    put("ژوئن", Lex::Month(6));
    put("ژوئیه", Lex::Month(7));
    put("سپتامبر", Lex::Month(9));
    put("اکتبر", Lex::Month(10));
    put("نوامبر", Lex::Month(11));
    put("دسامبر", Lex::Month(12));
    put("تشرين كانون", Lex::MonthHead);
    // Currencies.
    put("دولار دولارات دولاراً dollar dollars usd", Lex::Currency("USD"));
    put("يورو euro euros eur", Lex::Currency("EUR"));
    put("استرليني إسترليني sterling gbp", Lex::Currency("GBP"));
    put("pound pounds", Lex::Currency("GBP"));
    put("شيكل شيكلات shekel shekels ils", Lex::Currency("ILS"));
    put("جنيه جنيهات", Lex::Currency("جنيه"));
    put("ريال ريالات riyal riyals", Lex::Currency("ريال"));
    put("دينار دنانير dinar dinars", Lex::Currency("دينار"));
    put("درهم دراهم dirham dirhams", Lex::Currency("درهم"));
    put("ليرة ليرات lira", Lex::Currency("ليرة"));
    put("yuan", Lex::Currency("CNY"));
    put("yen", Lex::Currency("JPY"));
    // One-word percents (the two-word ones are `two_word_percents`).
    for w in PERCENT_WORDS.iter().filter(|w| !w.contains(' ')) {
        put(w, Lex::Percent);
    }
    // Year cues.
    put("عام العام سنة السنة year since in", Lex::YearCue);
    // Stop words: prepositions, particles, auxiliaries.
    put(
        "في من على إلى الى عن مع أو او ثم حتى منذ بين خلال قبل بعد عند لدى نحو \
         حوالي أكثر اكثر أقل اقل ما لا لم لن قد هو هي هم إن أن كان كانت وفق وفقا \
         حسب بحسب إلا الا أي اي كل و ل ب ف صباحا صباح مساء مساءا ظهرا ليلا فجرا",
        Lex::Stop,
    );
    put(
        "of on at to for from by with and or but the a an is are was were be been \
         being have has had will would that which who whom this these those than as \
         into over under about around until after before per nearly some more less \
         most each other such so not no it its they their there here also only \
         am pm new additional extra further former old",
        Lex::Stop,
    );
    // `في`, `since` and `in` are year cues as well as stop words.
    for w in ["في", "since", "in"] {
        m.insert(fold(w), Lex::YearCue);
    }
    m
}

/// The two-word percents (`في المئة`, `per cent`), folded.
fn two_word_percents() -> &'static [(String, String)] {
    static PAIRS: OnceLock<Vec<(String, String)>> = OnceLock::new();
    PAIRS.get_or_init(|| {
        PERCENT_WORDS
            .iter()
            .filter_map(|w| w.split_once(' '))
            .map(|(a, b)| (fold(a), fold(b)))
            .collect()
    })
}

fn lex(folded: &str) -> Option<Lex> {
    lexicon().get(folded).copied()
}

/// Unit abbreviations that may be glued to a number (`50km`), as written
/// (case matters: `5G` is a network, `5g` five grams).
const GLUED_UNITS: &[&str] = &[
    "km", "kg", "cm", "mm", "mi", "ft", "lb", "lbs", "t", "MW", "GW", "kW", "kWh", "ha", "g",
];

/// Arabic proclitics a number word or month may carry (`و`, `ب`, `ل`, `ف`,
/// `ك` and their pairs), never the article.
const PROCLITICS: &[&str] = &["وب", "ول", "وك", "فب", "فل", "فك", "و", "ب", "ل", "ف", "ك"];

/// Split an Arabic proclitic off a folded word: `(prefix bytes, stem)`.
/// Short stems are not split (`لست` is "I am not", not `ل` + `ست`).
fn strip_proclitic(folded: &str) -> Option<(usize, &str)> {
    if !folded
        .chars()
        .next()
        .is_some_and(|c| matches!(c, 'و' | 'ف' | 'ب' | 'ك' | 'ل'))
    {
        return None;
    }
    for p in PROCLITICS {
        if let Some(stem) = folded.strip_prefix(p)
            && stem.chars().count() >= 4
        {
            return Some((p.len(), stem));
        }
    }
    None
}

// ---------------------------------------------------------------------------
// The detector.

struct Detector<'a> {
    text: &'a str,
    folded: &'a Folded,
    toks: Vec<Token<'a>>,
}

/// A number found at a token: value, token range, byte span.
struct NumAt {
    value: Decimal,
    /// Index one past the last token used.
    next: usize,
    span: Range<usize>,
    /// A plain integer written in digits (a candidate day or year).
    plain_int: Option<u64>,
    digits_len: usize,
}

impl<'a> Detector<'a> {
    fn word(&self, i: usize) -> Option<&str> {
        match self.toks.get(i).map(|t| &t.tok) {
            Some(Tok::Word { folded, .. }) => Some(folded),
            _ => None,
        }
    }

    fn lex_at(&self, i: usize) -> Option<Lex> {
        match self.toks.get(i).map(|t| &t.tok) {
            Some(Tok::Word { lex, .. }) => *lex,
            _ => None,
        }
    }

    /// The lexicon entry of word `i` without its proclitic, with the stem.
    fn stem_at(&self, i: usize) -> Option<(usize, &str, Lex)> {
        match self.toks.get(i).map(|t| &t.tok) {
            Some(Tok::Word {
                folded,
                stem: Some((p, l)),
                ..
            }) => Some((*p, folded.get(*p..).unwrap_or(""), *l)),
            _ => None,
        }
    }

    fn gap(&self, i: usize) -> u8 {
        self.toks.get(i).map_or(2, |t| t.gap)
    }

    fn sym(&self, i: usize) -> Option<char> {
        match self.toks.get(i).map(|t| &t.tok) {
            Some(Tok::Sym(c)) => Some(*c),
            _ => None,
        }
    }

    fn is_latin(&self, i: usize) -> bool {
        matches!(
            self.toks.get(i).map(|t| &t.tok),
            Some(Tok::Word { latin: true, .. })
        )
    }

    /// The original byte offset where a word's stem starts after `prefix`
    /// folded bytes.
    fn stem_start(&self, i: usize, prefix: usize) -> usize {
        let Some(t) = self.toks.get(i) else { return 0 };
        self.folded
            .original_range(t.fspan.start + prefix..t.fspan.end)
            .start
    }

    /// A word that is a number by itself, possibly with a proclitic:
    /// `(value, stem start)`.
    fn cardinal_word(&self, i: usize) -> Option<(u64, usize)> {
        let direct = |w: &str, l: Lex| match l {
            Lex::Cardinal(n) => Some(n),
            Lex::Ten => Some(10),
            Lex::Scale(_) => match w {
                "الف" => Some(1000),
                "مليون" => Some(1_000_000),
                "مليار" => Some(1_000_000_000),
                _ => None,
            },
            _ => None,
        };
        if let Some(l) = self.lex_at(i) {
            let n = direct(self.word(i)?, l)?;
            return Some((n, self.toks[i].span.start));
        }
        let (p, stem, l) = self.stem_at(i)?;
        let n = direct(stem, l)?;
        Some((n, self.stem_start(i, p)))
    }

    /// Is the number token at `i` glued to letters that make it part of a
    /// name or code (`G20`, `COVID-19`, `F16`)?
    fn glued(&self, i: usize) -> bool {
        if i > 0 && self.gap(i) == 0 {
            match &self.toks[i - 1].tok {
                // Arabic proclitics (`بـ5`, `و13`) are fine.
                Tok::Word { folded, latin, .. } if *latin || !PROCLITICS.contains(folded) => {
                    return true;
                }
                Tok::Sym('-') if i > 1 && self.gap(i - 1) == 0 => {
                    if matches!(self.toks[i - 2].tok, Tok::Word { latin: true, .. }) {
                        return true;
                    }
                }
                _ => {}
            }
        }
        false
    }

    /// The number starting at token `i` (digits or words), with scale words.
    fn number_at(&self, i: usize) -> Option<NumAt> {
        let t = self.toks.get(i)?;
        let (mut value, mut next, start, plain_int, digits_len) = match &t.tok {
            Tok::Num(run) => {
                if self.glued(i) {
                    return None;
                }
                let plain_int = if run.plain() {
                    run.int().parse().ok()
                } else {
                    None
                };
                (run.value(), i + 1, t.span.start, plain_int, run.int().len())
            }
            Tok::Word { .. } => {
                let (mut n, start) = self.cardinal_word(i)?;
                let mut next = i + 1;
                // 11–19: `اثنتي عشرة`, `ثلاثة عشر`.
                if (1..10).contains(&n)
                    && self.gap(next) == 1
                    && self.lex_at(next) == Some(Lex::Ten)
                {
                    n += 10;
                    next += 1;
                } else if (1..10).contains(&n) && self.gap(next) == 1 {
                    // 21–99: `خمسة وعشرون`.
                    if let Some((p, _, Lex::Cardinal(tens))) = self.stem_at(next)
                        && self.word(next).is_some_and(|w| w.starts_with('و'))
                        && p == 'و'.len_utf8()
                        && (20..100).contains(&tens)
                        && tens % 10 == 0
                    {
                        n += tens;
                        next += 1;
                    }
                } else if (20..100).contains(&n)
                    && self.sym(next) == Some('-')
                    && self.gap(next) == 0
                    && self.gap(next + 1) == 0
                    && let Some(Lex::Cardinal(units)) = self.lex_at(next + 1)
                    && units < 10
                {
                    // twenty-five
                    n += units;
                    next += 2;
                }
                (Decimal::from_int(n), next, start, None, 0)
            }
            Tok::Sym(_) => return None,
        };
        let mut end = self.toks[next - 1].span.end;
        // Scale words: `5 ملايين`, `2.5 million`, `$5bn`.
        while let Some(Lex::Scale(e)) = self.lex_at(next) {
            // Abbreviations only when glued on (`$5bn`, `5m`): `5 m` is metres.
            let abbrev = self
                .word(next)
                .is_some_and(|w| SCALE_ABBREVIATIONS.iter().any(|(a, _)| *a == w));
            if self.gap(next) > 1 || (abbrev && self.gap(next) != 0) {
                break;
            }
            value = value.scaled(e);
            end = self.toks[next].span.end;
            next += 1;
        }
        let plain_int = if next == i + 1 { plain_int } else { None };
        Some(NumAt {
            value,
            next,
            span: start..end,
            plain_int,
            digits_len,
        })
    }

    /// A month name at `i` (one word or `تشرين الثاني`), optionally with a
    /// second name after a slash (`تشرين الثاني/نوفمبر`):
    /// `(month, next token, stem start, end byte)`.
    fn month_at(&self, i: usize) -> Option<(u8, usize, usize, usize)> {
        let (m, mut next, start) = self.one_month(i)?;
        let mut end = self.toks[next - 1].span.end;
        // `Jan.`, `Sept.`
        if self.sym(next) == Some('.')
            && self.gap(next) == 0
            && self.is_latin(i)
            && self.word(i).is_some_and(|w| w.len() <= 4)
        {
            end = self.toks[next].span.end;
            next += 1;
        }
        if self.sym(next) == Some('/')
            && self.gap(next + 1) <= 1
            && let Some((m2, n2, _)) = self.one_month(next + 1)
            && m2 == m
        {
            next = n2;
            end = self.toks[next - 1].span.end;
        }
        Some((m, next, start, end))
    }

    fn one_month(&self, i: usize) -> Option<(u8, usize, usize)> {
        let t = &self.toks[i];
        let try_word = |w: &str, l: Lex| -> Option<(u8, usize)> {
            match l {
                Lex::Month(m) => Some((m, i + 1)),
                Lex::MonthHead => {
                    let second = self.word(i + 1)?;
                    if self.gap(i + 1) != 1 {
                        return None;
                    }
                    let m = match (w, second) {
                        ("تشرين", "الاول") => 10,
                        ("تشرين", "الثاني") => 11,
                        ("كانون", "الاول") => 12,
                        ("كانون", "الثاني") => 1,
                        _ => return None,
                    };
                    Some((m, i + 2))
                }
                _ => None,
            }
        };
        if let Some(l) = self.lex_at(i) {
            let (m, next) = try_word(self.word(i)?, l)?;
            return Some((m, next, t.span.start));
        }
        let (p, stem, l) = self.stem_at(i)?;
        let (m, next) = try_word(stem, l)?;
        Some((m, next, self.stem_start(i, p)))
    }

    /// A day number at `i` (1–31, one or two digits), with an English
    /// ordinal suffix if any: `(day, next token, end byte)`.
    fn day_at(&self, i: usize) -> Option<(u8, usize, usize)> {
        let n = self.number_at(i)?;
        if !matches!(self.toks[i].tok, Tok::Num(_)) || n.digits_len > 2 {
            return None;
        }
        let d = n.plain_int.filter(|d| (1..=31).contains(d))?;
        let mut next = i + 1;
        let mut end = self.toks[i].span.end;
        if self.gap(next) == 0 && matches!(self.word(next), Some("st" | "nd" | "rd" | "th")) {
            end = self.toks[next].span.end;
            next += 1;
        }
        Some((d as u8, next, end))
    }

    /// A four-digit year at `i`: `(year, end byte)`.
    fn year_at(&self, i: usize) -> Option<(u64, usize)> {
        if !matches!(self.toks.get(i)?.tok, Tok::Num(_)) || self.glued(i) {
            return None;
        }
        let Tok::Num(run) = &self.toks[i].tok else {
            return None;
        };
        if !run.plain() || run.ascii.len() != 4 {
            return None;
        }
        let y: u64 = run.ascii.parse().ok()?;
        (1000..=2999)
            .contains(&y)
            .then_some((y, self.toks[i].span.end))
    }

    fn date_value(y: Option<u64>, m: u8, d: Option<u8>) -> String {
        match (y, d) {
            (Some(y), Some(d)) => format!("{y:04}-{m:02}-{d:02}"),
            (Some(y), None) => format!("{y:04}-{m:02}"),
            (None, Some(d)) => format!("--{m:02}-{d:02}"),
            (None, None) => format!("--{m:02}"),
        }
    }

    /// `7 أكتوبر`, `26 أكتوبر 2023`, `17th of October, 2023`.
    fn day_first_date(&self, i: usize) -> Option<(Figure, usize)> {
        let (d, mut next, _) = self.day_at(i)?;
        if self.gap(next) != 1 {
            return None;
        }
        if self.word(next) == Some("of") && self.gap(next + 1) == 1 {
            next += 1;
        }
        let (m, after, _, mut end) = self.month_at(next)?;
        next = after;
        let mut year = None;
        let mut y_at = next;
        if self.sym(y_at) == Some(',') && self.gap(y_at) == 0 {
            y_at += 1;
        }
        if self.gap(y_at) == 1
            && let Some((y, e)) = self.year_at(y_at)
        {
            year = Some(y);
            end = e;
            next = y_at + 1;
        }
        Some((
            Figure {
                span: self.toks[i].span.start..end,
                kind: FigureKind::Date,
                value: Self::date_value(year, m, Some(d)),
                unit: None,
            },
            next,
        ))
    }

    /// `October 17`, `October 17, 2023`, `يناير/كانون الثاني 2015`.
    fn month_first_date(&self, i: usize) -> Option<(Figure, usize)> {
        let (m, next, start, _) = self.month_at(i)?;
        if self.gap(next) != 1 {
            return None;
        }
        if let Some((d, after, mut end)) = self.day_at(next) {
            // A day that is really the start of a quantity is not a day.
            let mut year = None;
            let mut n = after;
            if self.sym(n) == Some(',') && self.gap(n) == 0 && self.gap(n + 1) == 1 {
                if let Some((y, e)) = self.year_at(n + 1) {
                    year = Some(y);
                    end = e;
                    n += 2;
                }
            } else if self.gap(n) == 1
                && let Some((y, e)) = self.year_at(n)
            {
                year = Some(y);
                end = e;
                n += 1;
            }
            return Some((
                Figure {
                    span: start..end,
                    kind: FigureKind::Date,
                    value: Self::date_value(year, m, Some(d)),
                    unit: None,
                },
                n,
            ));
        }
        let (y, end) = self.year_at(next)?;
        Some((
            Figure {
                span: start..end,
                kind: FigureKind::Date,
                value: Self::date_value(Some(y), m, None),
                unit: None,
            },
            next + 1,
        ))
    }

    /// `26/10/2023`, `2023-10-26`.
    fn numeric_date(&self, i: usize) -> Option<(Figure, usize)> {
        let nums: Vec<(String, bool)> = (0..3)
            .map(|k| match self.toks.get(i + 2 * k).map(|t| &t.tok) {
                Some(Tok::Num(run)) => Some((run.ascii.clone(), run.plain())),
                _ => None,
            })
            .collect::<Option<_>>()?;
        let sep = self.sym(i + 1)?;
        if !matches!(sep, '/' | '-' | '.') || self.sym(i + 3) != Some(sep) {
            return None;
        }
        if (1..5).any(|k| self.gap(i + k) != 0) || nums.iter().any(|(_, p)| !p) {
            return None;
        }
        let n: Vec<u64> = nums.iter().filter_map(|(a, _)| a.parse().ok()).collect();
        let lens: Vec<usize> = nums.iter().map(|(a, _)| a.len()).collect();
        let (y, m, d) = if lens[0] == 4 && lens[1] <= 2 && lens[2] <= 2 {
            (n[0], n[1], n[2])
        } else if lens[2] == 4 && lens[0] <= 2 && lens[1] <= 2 {
            if n[1] > 12 && n[0] <= 12 {
                (n[2], n[0], n[1])
            } else {
                (n[2], n[1], n[0])
            }
        } else {
            return None;
        };
        if !(1..=12).contains(&m) || !(1..=31).contains(&d) {
            return None;
        }
        Some((
            Figure {
                span: self.toks[i].span.start..self.toks[i + 4].span.end,
                kind: FigureKind::Date,
                value: Self::date_value(Some(y), m as u8, Some(d as u8)),
                unit: None,
            },
            i + 5,
        ))
    }

    /// A percent, money, quantity, year or plain number at token `i`.
    fn amount(&self, i: usize) -> Option<(Figure, usize)> {
        let mut currency: Option<String> = None;
        let mut percent = false;
        // Prefixes: `$`, `€`, `£`, `US$`, `USD`, `%` (RTL writers put it first).
        let mut at = i;
        match self.sym(at) {
            Some('$') => {
                currency = Some("USD".into());
                at += 1;
            }
            Some('€') => {
                currency = Some("EUR".into());
                at += 1;
            }
            Some('£') => {
                currency = Some("GBP".into());
                at += 1;
            }
            Some(c) if is_percent_sign(c) => {
                percent = true;
                at += 1;
            }
            _ => {
                if let Some(w) = self.word(at)
                    && self.is_latin(at)
                {
                    let raw = self.text.get(self.toks[at].span.clone()).unwrap_or("");
                    if raw == "US" && self.sym(at + 1) == Some('$') && self.gap(at + 1) == 0 {
                        currency = Some("USD".into());
                        at += 2;
                    } else if matches!(raw, "USD" | "EUR" | "GBP") {
                        currency = Some(w.to_ascii_uppercase());
                        at += 1;
                    }
                }
            }
        }
        if at > i && (self.gap(at) > 1 || !matches!(self.toks.get(at)?.tok, Tok::Num(_))) {
            return None;
        }
        let num = self.number_at(at)?;
        let mut next = num.next;
        let mut end = num.span.end;
        let start = if at > i {
            self.toks[i].span.start
        } else {
            num.span.start
        };
        let mut unit: Option<String> = None;
        let mut kind;
        if percent {
            kind = FigureKind::Percent;
            unit = Some("%".into());
        } else if currency.is_some() {
            kind = FigureKind::Money;
            unit = currency;
        } else {
            kind = FigureKind::Number;
        }
        // Latin letters glued after the number: a decade (`1990s`), a unit
        // (`50km`), or a code (`5G`, `3D`: not a figure).
        if self.gap(next) == 0 && self.is_latin(next) {
            let w = self.word(next).unwrap_or("");
            let raw = self.text.get(self.toks[next].span.clone()).unwrap_or("");
            if w == "s"
                && num.digits_len == 4
                && num.plain_int.is_some()
                && kind == FigureKind::Number
            {
                return Some((
                    Figure {
                        span: start..self.toks[next].span.end,
                        kind: FigureKind::Year,
                        value: format!("{}s", num.value),
                        unit: None,
                    },
                    next + 1,
                ));
            }
            if GLUED_UNITS.contains(&raw) {
                return Some((
                    Figure {
                        span: start..self.toks[next].span.end,
                        kind: if kind == FigureKind::Number {
                            FigureKind::Quantity
                        } else {
                            kind
                        },
                        value: num.value.to_string(),
                        unit: unit.or_else(|| Some(raw.to_string())),
                    },
                    next + 1,
                ));
            }
            return None;
        }
        // Suffixes.
        if kind == FigureKind::Number {
            if self.sym(next).is_some_and(is_percent_sign) && self.gap(next) <= 1 {
                kind = FigureKind::Percent;
                unit = Some("%".into());
                end = self.toks[next].span.end;
                next += 1;
            } else if self.gap(next) == 1
                && self.gap(next + 1) == 1
                && let (Some(a), Some(b)) = (self.word(next), self.word(next + 1))
                && two_word_percents().iter().any(|(x, y)| x == a && y == b)
            {
                kind = FigureKind::Percent;
                unit = Some("%".into());
                end = self.toks[next + 1].span.end;
                next += 2;
            } else if self.gap(next) == 1 && self.lex_at(next) == Some(Lex::Percent) {
                kind = FigureKind::Percent;
                unit = Some("%".into());
                end = self.toks[next].span.end;
                next += 1;
            } else if self.gap(next) <= 1
                && let Some(Lex::Currency(code)) = self.lex_at(next)
            {
                kind = FigureKind::Money;
                let mut code = code.to_string();
                end = self.toks[next].span.end;
                next += 1;
                // `جنيه إسترليني`, `pounds sterling`.
                if self.gap(next) == 1 && self.lex_at(next) == Some(Lex::Currency("GBP")) {
                    code = "GBP".into();
                    end = self.toks[next].span.end;
                    next += 1;
                }
                unit = Some(code);
            } else if let Some((u, e)) = self.counted_noun(i, &num) {
                kind = FigureKind::Quantity;
                unit = Some(u);
                end = self.toks[e].span.end;
                next = e + 1;
            } else if let Some(y) = num.plain_int
                && num.digits_len == 4
                && (1000..=2999).contains(&y)
            {
                kind = FigureKind::Year;
                // `2014م`, `1445هـ`.
                if self.gap(next) == 0 && matches!(self.word(next), Some("م" | "ه")) {
                    end = self.toks[next].span.end;
                    next += 1;
                }
            }
        }
        Some((
            Figure {
                span: start..end,
                kind,
                value: num.value.to_string(),
                unit,
            },
            next,
        ))
    }

    /// The noun a number counts: the next word, on the same line, that is not
    /// a stop word, month, number or scale word. `(unit, token index)`.
    fn counted_noun(&self, i: usize, num: &NumAt) -> Option<(String, usize)> {
        let j = num.next;
        if self.gap(j) != 1 {
            return None;
        }
        let w = self.word(j)?;
        if self.lex_at(j).is_some() || self.cardinal_word(j).is_some() {
            return None;
        }
        // A four-digit number after a year cue is a year, whatever follows.
        if num.digits_len == 4
            && num.plain_int.is_some()
            && i > 0
            && self.lex_at(i - 1) == Some(Lex::YearCue)
        {
            return None;
        }
        let raw = self.text.get(self.toks[j].span.clone()).unwrap_or("");
        if self.is_latin(j) {
            // Not the start of a new sentence or a name after the number.
            if !raw.chars().all(|c| c.is_alphabetic()) {
                return None;
            }
        } else if w.starts_with("ال") {
            // `العام`, `الماضي`: Arabic counted nouns are indefinite.
            return None;
        }
        let unit: String = raw.chars().filter(|&c| !is_ignorable(c)).collect();
        Some((unit, j))
    }

    fn run(&self) -> Vec<Figure> {
        let mut out = Vec::new();
        let mut i = 0;
        while i < self.toks.len() {
            // Times (`10:30`) are not figures: skip both numbers.
            if matches!(self.toks[i].tok, Tok::Num(_))
                && self.sym(i + 1) == Some(':')
                && self.gap(i + 1) == 0
                && self.gap(i + 2) == 0
                && matches!(self.toks.get(i + 2).map(|t| &t.tok), Some(Tok::Num(_)))
            {
                i += 3;
                continue;
            }
            let found = match &self.toks[i].tok {
                Tok::Num(_) => self
                    .numeric_date(i)
                    .or_else(|| self.day_first_date(i))
                    .or_else(|| self.amount(i)),
                Tok::Word { .. } => self.month_first_date(i).or_else(|| self.amount(i)),
                Tok::Sym(_) => self.amount(i),
            };
            match found {
                Some((fig, next)) => {
                    out.push(fig);
                    i = next.max(i + 1);
                }
                None => i += 1,
            }
        }
        out
    }
}

/// Find the figures in `text`, in order, without overlaps.
pub fn detect(text: &str) -> Vec<Figure> {
    detect_folded(text, &Folded::new(text))
}

/// [`detect`] on a text already folded (`folded` must be `Folded::new(text)`).
pub fn detect_folded(text: &str, folded: &Folded) -> Vec<Figure> {
    let det = Detector {
        text,
        folded,
        toks: tokenize(folded),
    };
    det.run()
}

/// Normalize a number as written (`5,700`, `٥٧٠٠`, `٢٫٥`, `2.5 million`,
/// `5 ملايين`, `خمسة`) to its decimal string (`"5700"`, `"2.5"`,
/// `"2500000"`, `"5000000"`, `"5"`). `None` unless the whole input is one
/// number.
pub fn normalize_number(s: &str) -> Option<String> {
    let folded = Folded::new(s);
    let det = Detector {
        text: s,
        folded: &folded,
        toks: tokenize(&folded),
    };
    let n = det.number_at(0)?;
    (n.next == det.toks.len()).then(|| n.value.to_string())
}

/// [`normalize_number`] as a float, for comparisons with a tolerance.
pub fn number_value(s: &str) -> Option<f64> {
    normalize_number(s)?.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(text: &str) -> (String, FigureKind, String, Option<String>) {
        let figs = detect(text);
        assert_eq!(figs.len(), 1, "{text}: {figs:?}");
        let f = &figs[0];
        (
            text.get(f.span.clone()).unwrap_or("").to_string(),
            f.kind,
            f.value.clone(),
            f.unit.clone(),
        )
    }

    fn check(text: &str, quote: &str, kind: FigureKind, value: &str, unit: Option<&str>) {
        assert_eq!(
            one(text),
            (
                quote.to_string(),
                kind,
                value.to_string(),
                unit.map(str::to_string)
            ),
            "{text}"
        );
    }

    use FigureKind::*;

    #[test]
    fn digits_in_three_scripts_and_separators() {
        assert_eq!(normalize_number("5,700").as_deref(), Some("5700"));
        assert_eq!(normalize_number("٥٧٠٠").as_deref(), Some("5700"));
        assert_eq!(normalize_number("٥٬٧٠٠").as_deref(), Some("5700"));
        assert_eq!(normalize_number("۵۷۰۰").as_deref(), Some("5700"));
        assert_eq!(normalize_number("٢٫٥").as_deref(), Some("2.5"));
        assert_eq!(
            normalize_number("1,234,567.50").as_deref(),
            Some("1234567.5")
        );
        assert_eq!(normalize_number("2.5 million").as_deref(), Some("2500000"));
        assert_eq!(normalize_number("٥ ملايين").as_deref(), Some("5000000"));
        assert_eq!(normalize_number("0.25").as_deref(), Some("0.25"));
        assert_eq!(normalize_number("خمسة").as_deref(), Some("5"));
        assert_eq!(normalize_number("5,700 جندي"), None);
        assert_eq!(normalize_number("abc"), None);
    }

    #[test]
    fn scale_and_percent_words_are_the_aligners() {
        // The same lists as `align::numbers` (corpus::numbers).
        assert_eq!(normalize_number("4 bn").as_deref(), Some("4000000000"));
        assert_eq!(normalize_number("5 thousands").as_deref(), Some("5000"));
        assert_eq!(normalize_number("3 مليونًا").as_deref(), Some("3000000"));
        assert_eq!(
            normalize_number("$5m"),
            None,
            "the $ is not part of a number"
        );
        assert_eq!(normalize_number("5m").as_deref(), Some("5000000"));
        assert_eq!(normalize_number("5 m"), None);
        check("up 25 pct,", "25 pct", Percent, "25", Some("%"));
        check(
            "نحو 25 في المية منهم",
            "25 في المية",
            Percent,
            "25",
            Some("%"),
        );
    }

    #[test]
    fn a_comma_not_before_three_digits_ends_the_number() {
        let figs = detect("1,2 and 3");
        let values: Vec<_> = figs.iter().map(|f| f.value.as_str()).collect();
        assert_eq!(values, ["1", "2", "3"]);
    }

    #[test]
    fn percentages_before_or_after() {
        check("ارتفع بنسبة 60% هذا العام", "60%", Percent, "60", Some("%"));
        check("ارتفع بنسبة %60 هذا", "%60", Percent, "60", Some("%"));
        check("بنسبة ٪٢٫٥ فقط", "٪٢٫٥", Percent, "2.5", Some("%"));
        check("بنسبة ٢٫٥٪ فقط", "٢٫٥٪", Percent, "2.5", Some("%"));
        check(
            "نحو 40 في المئة منهم",
            "40 في المئة",
            Percent,
            "40",
            Some("%"),
        );
        check("up 3.5 percent.", "3.5 percent", Percent, "3.5", Some("%"));
    }

    #[test]
    fn money_with_symbols_words_and_scales() {
        check(
            "a $5 million fund",
            "$5 million",
            Money,
            "5000000",
            Some("USD"),
        );
        check(
            "تبرعت بـ5 مليارات دولار",
            "5 مليارات دولار",
            Money,
            "5000000000",
            Some("USD"),
        );
        check(
            "بلغت ٣٠٠ ألف يورو",
            "٣٠٠ ألف يورو",
            Money,
            "300000",
            Some("EUR"),
        );
        check(
            "cost 20 pounds sterling",
            "20 pounds sterling",
            Money,
            "20",
            Some("GBP"),
        );
    }

    #[test]
    fn quantities_take_the_counted_noun() {
        check(
            "بحوالي 2,500 جندي في العراق",
            "2,500 جندي",
            Quantity,
            "2500",
            Some("جندي"),
        );
        check(
            "some 600 soldiers in",
            "600 soldiers",
            Quantity,
            "600",
            Some("soldiers"),
        );
        check(
            "أكثر من ٥٧٠٠ فلسطيني",
            "٥٧٠٠ فلسطيني",
            Quantity,
            "5700",
            Some("فلسطيني"),
        );
        check("13 هجومًا", "13 هجومًا", Quantity, "13", Some("هجوما"));
        check("nearly 1,000 in Syria", "1,000", Number, "1000", None);
        check(
            "اثنتي عشرة دولة تشارك",
            "اثنتي عشرة دولة",
            Quantity,
            "12",
            Some("دولة"),
        );
        check(
            "وحتى الفي جندي بحسب",
            "الفي جندي",
            Quantity,
            "2000",
            Some("جندي"),
        );
        check("Four of the detainees", "Four", Number, "4", None);
        check("وأربعة من المحتجزين", "أربعة", Number, "4", None);
    }

    #[test]
    fn years() {
        check("لأول مرة عام 2014.", "2014", Year, "2014", None);
        check(
            "first launched in 2014. Although",
            "2014",
            Year,
            "2014",
            None,
        );
        check("في عام 1997 كما", "1997", Year, "1997", None);
        check("in 2014 elections", "2014", Year, "2014", None);
    }

    #[test]
    fn dates_in_both_languages() {
        check(
            "الخميس 26 أكتوبر 2023",
            "26 أكتوبر 2023",
            Date,
            "2023-10-26",
            None,
        );
        check("منذ 17 أكتوبر الماضي", "17 أكتوبر", Date, "--10-17", None);
        check(
            "since October 17, according",
            "October 17",
            Date,
            "--10-17",
            None,
        );
        check(
            "on October 7, 2023.",
            "October 7, 2023",
            Date,
            "2023-10-07",
            None,
        );
        check(
            "في 26 تشرين الثاني/نوفمبر بعد",
            "26 تشرين الثاني/نوفمبر",
            Date,
            "--11-26",
            None,
        );
        check(
            "بعد اعتداءات يناير/كانون الثاني 2015، قررنا",
            "يناير/كانون الثاني 2015",
            Date,
            "2015-01",
            None,
        );
        check(
            "on the 17th of October",
            "17th of October",
            Date,
            "--10-17",
            None,
        );
        check("في ٧ تشرين الأول", "٧ تشرين الأول", Date, "--10-07", None);
        check("on 26/10/2023 at", "26/10/2023", Date, "2023-10-26", None);
        check("on 2023-10-26 at", "2023-10-26", Date, "2023-10-26", None);
    }

    #[test]
    fn glued_letters_times_and_abbreviations() {
        check("in the 1990s the", "1990s", Year, "1990s", None);
        check("a 50km road", "50km", Quantity, "50", Some("km"));
        check(
            "on Jan. 5, 2020 the",
            "Jan. 5, 2020",
            Date,
            "2020-01-05",
            None,
        );
        check("۱۷ اکتبر ۲۰۲۳", "۱۷ اکتبر ۲۰۲۳", Date, "2023-10-17", None);
        check(
            "at 10:30 am, 40 people",
            "40 people",
            Quantity,
            "40",
            Some("people"),
        );
        check("في الساعة 5 صباحا", "5", Number, "5", None);
        assert_eq!(detect("5G and 3D"), vec![]);
    }

    #[test]
    fn not_figures() {
        for text in [
            "G20 summit",
            "COVID-19 cases",
            "يوم الثلاثاء",
            "in August",
            "قمة مجموعة العشرين",
            "عشرات البلدان",
            "thousands more",
            "لست أدري",
            "one of them",
        ] {
            assert_eq!(detect(text), vec![], "{text}");
        }
    }

    #[test]
    fn spans_are_char_boundaries_in_arabic_text() {
        let text = "قُتل ١٣ شخصاً وأُصيب ٢٥٠ آخرون في ٣ تشرين الثاني ٢٠٢٣";
        for f in detect(text) {
            assert!(text.get(f.span.clone()).is_some());
        }
        let values: Vec<_> = detect(text).into_iter().map(|f| f.value).collect();
        assert_eq!(values, ["13", "250", "2023-11-03"]);
    }

    mod props {
        use super::super::*;
        use crate::suggest::fold::tests::props::mixed_text;
        use proptest::prelude::*;

        proptest! {
            #[test]
            fn figures_are_ordered_disjoint_and_on_char_boundaries(text in mixed_text()) {
                let figs = detect(&text);
                let mut last = 0;
                for f in &figs {
                    prop_assert!(f.span.start >= last && f.span.start < f.span.end);
                    prop_assert!(text.get(f.span.clone()).is_some());
                    last = f.span.end;
                    if matches!(f.kind, FigureKind::Number | FigureKind::Percent | FigureKind::Quantity | FigureKind::Money) {
                        prop_assert!(f.value.parse::<f64>().is_ok(), "{:?}", f);
                    }
                }
            }

            #[test]
            fn normalize_agrees_across_digit_scripts(n in 0u64..10_000_000) {
                let western = n.to_string();
                let arabic: String = western
                    .chars()
                    .map(|c| char::from_u32(c as u32 - '0' as u32 + '٠' as u32).unwrap_or(c))
                    .collect();
                let persian: String = western
                    .chars()
                    .map(|c| char::from_u32(c as u32 - '0' as u32 + '۰' as u32).unwrap_or(c))
                    .collect();
                prop_assert_eq!(normalize_number(&western), Some(western.clone()));
                prop_assert_eq!(normalize_number(&arabic), Some(western.clone()));
                prop_assert_eq!(normalize_number(&persian), Some(western.clone()));
            }
        }
    }
}
