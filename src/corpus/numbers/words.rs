//! Numbers written as words: English (`six`, `Fifty-eight`, `34th`'s
//! spelled twin `thirty-fourth`, `two million`, `the eighties`) and Arabic
//! (`السابعة عشرة`, `الحادي والعشرين`, `بعشرين`, `مليوني`, `ثمانينيات القرن
//! العشرين`, `القرن التاسع عشر`).
//!
//! Arabic words are compared after [`fold_arabic`] (harakat and tatweel
//! dropped, `أ إ آ ٱ` → `ا`, `ى` → `ي`, `ة` → `ه`), with proclitics
//! (`و ف`, `ب ل ك`, `ال`) stripped from the front.

/// An Arabic word folded for lookup: harakat, superscript alef and tatweel
/// dropped; `أ إ آ ٱ` → `ا`, `ى` → `ي`, `ة` → `ه`.
pub fn fold_arabic(word: &str) -> String {
    word.chars()
        .filter(|&c| !matches!(c, '\u{064B}'..='\u{065F}' | '\u{0670}' | '\u{0640}'))
        .map(|c| match c {
            'أ' | 'إ' | 'آ' | 'ٱ' => 'ا',
            'ى' => 'ي',
            'ة' => 'ه',
            c => c,
        })
        .collect()
}

/// What one word means in a number.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) enum Lex {
    /// 1–19 (`خمسة`, `six`, `seventeen`); `ordinal` for `الخامس`, `fifth`.
    Unit { n: u32, ordinal: bool },
    /// `احد`, `اثنا`: a unit only before `عشر` (`أحد عشر` = 11).
    TeenUnit(u32),
    /// `عشر`, `عشرة` after a unit: add ten (`سبعة عشر` = 17).
    Teen,
    /// 20–90 (`عشرين`, `fifty`); `twentieth` is an ordinal.
    Ten { n: u32, ordinal: bool },
    /// `مئة` (100), `ثلاثمائة` (300), `مئتين` (200), `hundred`.
    Hundred(u32),
    /// A scale: `ألف`, `million`; `count` is what it stands for alone
    /// (`ألفين` = two thousand; `ملايين`, plural, needs a count: 0).
    Scale { exp: i32, count: u32 },
    /// A dual noun that means "two of them" (`عامين`, `بهدفين`).
    Dual,
    /// `dozen`.
    Dozen,
    /// `a decade`: ten (years).
    Decade10,
    /// `نصف`, `half`.
    Half,
    /// A decade written as a word (`الثمانينيات`, `eighties`): 20–90.
    Decade(u32),
    /// `and` inside an English number (`one hundred and five`).
    And,
}

const AR_UNITS: &[(&str, u32)] = &[
    ("واحد", 1),
    ("واحده", 1),
    ("واحدا", 1),
    ("اثنان", 2),
    ("اثنين", 2),
    ("اثنتان", 2),
    ("اثنتين", 2),
    ("ثلاث", 3),
    ("ثلاثه", 3),
    ("اربع", 4),
    ("اربعه", 4),
    ("خمس", 5),
    ("خمسه", 5),
    ("ست", 6),
    ("سته", 6),
    ("سبع", 7),
    ("سبعه", 7),
    ("ثمان", 8),
    ("ثماني", 8),
    ("ثمانيه", 8),
    ("تسع", 9),
    ("تسعه", 9),
];

const AR_TEEN_UNITS: &[(&str, u32)] = &[
    ("احد", 1),
    ("احدي", 1),
    ("اثنا", 2),
    ("اثني", 2),
    ("اثنتا", 2),
    ("اثنتي", 2),
];

const AR_ORDINALS: &[(&str, u32)] = &[
    ("اول", 1),
    ("اولي", 1),
    ("حادي", 1),
    ("حاديه", 1),
    ("ثاني", 2),
    ("ثان", 2),
    ("ثانيه", 2),
    ("ثالث", 3),
    ("ثالثه", 3),
    ("رابع", 4),
    ("رابعه", 4),
    ("خامس", 5),
    ("خامسه", 5),
    ("سادس", 6),
    ("سادسه", 6),
    ("سابع", 7),
    ("سابعه", 7),
    ("ثامن", 8),
    ("ثامنه", 8),
    ("تاسع", 9),
    ("تاسعه", 9),
    ("عاشر", 10),
    ("عاشره", 10),
];

/// Tens in the genitive/accusative (`عشرين`) and nominative (`عشرون`).
const AR_TENS: &[(&str, &str, u32)] = &[
    ("عشرين", "عشرون", 20),
    ("ثلاثين", "ثلاثون", 30),
    ("اربعين", "اربعون", 40),
    ("خمسين", "خمسون", 50),
    ("ستين", "ستون", 60),
    ("سبعين", "سبعون", 70),
    ("ثمانين", "ثمانون", 80),
    ("تسعين", "تسعون", 90),
];

/// Scale words: (spelling, power of ten, what the word alone counts).
const AR_SCALES: &[(&str, i32, u32)] = &[
    ("الف", 3, 1),
    ("الفا", 3, 1),
    ("الفان", 3, 2),
    ("الفين", 3, 2),
    ("الفي", 3, 2),
    ("الاف", 3, 0),
    ("مليون", 6, 1),
    ("مليونا", 6, 1),
    ("مليونان", 6, 2),
    ("مليونين", 6, 2),
    ("مليوني", 6, 2),
    ("ملايين", 6, 0),
    ("مليار", 9, 1),
    ("مليارا", 9, 1),
    ("ملياران", 9, 2),
    ("مليارين", 9, 2),
    ("ملياري", 9, 2),
    ("مليارات", 9, 0),
    ("بليون", 9, 1),
    ("بلايين", 9, 0),
    ("تريليون", 12, 1),
    ("تريليونات", 12, 0),
];

/// Dual nouns news text uses for "two …" (`عامين` two years, `مرتين`
/// twice, `هدفين` two goals), folded.
const AR_DUALS: &[&str] = &[
    "عامين",
    "عامان",
    "سنتين",
    "سنتان",
    "يومين",
    "يومان",
    "شهرين",
    "شهران",
    "اسبوعين",
    "اسبوعان",
    "ساعتين",
    "ساعتان",
    "دقيقتين",
    "مرتين",
    "مرتان",
    "هدفين",
    "شخصين",
    "طفلين",
    "رجلين",
    "امراتين",
    "نقطتين",
    "دولتين",
    "مباراتين",
    "جولتين",
    "ضعفين",
    "مقعدين",
    "صوتين",
    "قرنين",
    "شوطين",
    "لاعبين",
];

/// The meaning of a folded Arabic stem (no proclitics), from a table built
/// once from the lists above.
fn arabic_stem(stem: &str) -> Option<Lex> {
    arabic_stem_table().get(stem).copied().flatten()
}

/// Every folded Arabic stem of the lists above, with its meaning.
fn arabic_stem_table() -> &'static std::collections::HashMap<String, Option<Lex>> {
    static TABLE: std::sync::OnceLock<std::collections::HashMap<String, Option<Lex>>> =
        std::sync::OnceLock::new();
    TABLE.get_or_init(|| {
        let mut words: Vec<String> = Vec::new();
        words.extend(AR_UNITS.iter().map(|(w, _)| w.to_string()));
        words.extend(AR_ORDINALS.iter().map(|(w, _)| w.to_string()));
        words.extend(AR_TEEN_UNITS.iter().map(|(w, _)| w.to_string()));
        words.extend(["عشر", "عشره", "مئه", "مائه", "ميه", "نصف"].map(String::from));
        words.extend(
            [
                "مئتان",
                "مئتين",
                "مائتان",
                "مائتين",
                "مئتا",
                "مئتي",
                "مائتا",
                "مائتي",
            ]
            .map(String::from),
        );
        for (a, b, _) in AR_TENS {
            words.extend([a.to_string(), b.to_string()]);
            words.extend(["يات", "ات"].map(|s| format!("{a}{s}")));
        }
        for (u, _) in AR_UNITS {
            words.extend(["مئه", "مائه"].map(|h| format!("{u}{h}")));
        }
        words.extend(AR_SCALES.iter().map(|(w, _, _)| w.to_string()));
        words.extend(AR_DUALS.iter().map(|w| w.to_string()));
        words
            .into_iter()
            .map(|w| {
                let lex = arabic_stem_slow(&w);
                (w, lex)
            })
            .collect()
    })
}

/// [`arabic_stem`] by searching the lists.
fn arabic_stem_slow(stem: &str) -> Option<Lex> {
    let find = |list: &[(&str, u32)]| list.iter().find(|(w, _)| *w == stem).map(|&(_, n)| n);
    if let Some(n) = find(AR_UNITS) {
        return Some(Lex::Unit { n, ordinal: false });
    }
    if let Some(n) = find(AR_ORDINALS) {
        return Some(Lex::Unit { n, ordinal: true });
    }
    if let Some(n) = find(AR_TEEN_UNITS) {
        return Some(Lex::TeenUnit(n));
    }
    if matches!(stem, "عشر" | "عشره") {
        return Some(Lex::Teen);
    }
    if let Some(&(_, _, n)) = AR_TENS.iter().find(|(a, b, _)| *a == stem || *b == stem) {
        return Some(Lex::Ten { n, ordinal: false });
    }
    if matches!(stem, "مئه" | "مائه" | "ميه") {
        return Some(Lex::Hundred(1));
    }
    if matches!(
        stem,
        "مئتان" | "مئتين" | "مائتان" | "مائتين" | "مئتا" | "مئتي" | "مائتا" | "مائتي"
    ) {
        return Some(Lex::Hundred(2));
    }
    for hundred in ["مئه", "مائه"] {
        if let Some(unit) = stem.strip_suffix(hundred)
            && let Some(n) = AR_UNITS
                .iter()
                .find(|(w, n)| *w == unit && *n >= 3)
                .map(|&(_, n)| n)
        {
            return Some(Lex::Hundred(n));
        }
    }
    if let Some(&(_, exp, count)) = AR_SCALES.iter().find(|(w, _, _)| *w == stem) {
        return Some(Lex::Scale { exp, count });
    }
    if AR_DUALS.contains(&stem) {
        return Some(Lex::Dual);
    }
    if stem == "نصف" {
        return Some(Lex::Half);
    }
    for suffix in ["يات", "ات"] {
        if let Some(base) = stem.strip_suffix(suffix)
            && let Some(&(_, _, n)) = AR_TENS.iter().find(|(a, _, _)| *a == base)
        {
            return Some(Lex::Decade(n));
        }
    }
    None
}

/// An Arabic word read as part of a number: its meaning, whether it starts
/// with the conjunction `و` and whether it has the article.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct ArabicWord {
    pub lex: Lex,
    pub conj: bool,
    pub article: bool,
}

/// Read an Arabic word (as written): the longest stem that means a number
/// after stripping proclitics. Stems of two letters (`ست`) are only taken
/// without proclitics (`وست` is more often "West").
pub(crate) fn arabic_word(word: &str) -> Option<ArabicWord> {
    let folded = fold_arabic(word);
    let f = folded.as_str();
    // Every stem is the end of the word (perhaps before an accusative
    // alef): a word whose last two letters end no stem means no number,
    // found with one lookup instead of one per proclitic.
    if !ends_like_a_stem(f) && !f.strip_suffix('ا').is_some_and(ends_like_a_stem) {
        return None;
    }
    arabic_word_folded(f)
}

/// The last two characters of `s` (all of it when shorter).
fn last_two(s: &str) -> &str {
    let start = s.char_indices().rev().nth(1).map_or(0, |(i, _)| i);
    s.get(start..).unwrap_or(s)
}

/// Whether a folded word ends as some number stem ends (its last two
/// characters).
fn ends_like_a_stem(f: &str) -> bool {
    static ENDINGS: std::sync::OnceLock<std::collections::HashSet<String>> =
        std::sync::OnceLock::new();
    let endings = ENDINGS.get_or_init(|| {
        arabic_stem_table()
            .keys()
            .map(|w| last_two(w).to_string())
            .collect()
    });
    // A stem shorter than two characters would end any word.
    endings.iter().any(|e| e.chars().count() < 2) || endings.contains(last_two(f))
}

/// [`arabic_word`] on a folded word, trying every proclitic.
fn arabic_word_folded(f: &str) -> Option<ArabicWord> {
    for conj in ["", "و", "ف"] {
        for prep in ["", "ب", "ل", "ك"] {
            for article in ["", "ال"] {
                let prefix_len = conj.len() + prep.len() + article.len();
                let stem = if prep == "ل" && !article.is_empty() {
                    // ل + ال is written لل.
                    f.strip_prefix(conj).and_then(|s| s.strip_prefix("لل"))
                } else {
                    f.strip_prefix(conj)
                        .and_then(|s| s.strip_prefix(prep))
                        .and_then(|s| s.strip_prefix(article))
                };
                let Some(stem) = stem else { continue };
                if prefix_len > 0 && stem.chars().count() < 3 {
                    continue;
                }
                let lex = arabic_stem(stem).or_else(|| {
                    // The accusative alef of tanween (`واحدًا`, `عشرينا`).
                    stem.strip_suffix('ا').and_then(arabic_stem)
                });
                if let Some(lex) = lex {
                    return Some(ArabicWord {
                        lex,
                        conj: !conj.is_empty(),
                        article: !article.is_empty(),
                    });
                }
            }
        }
    }
    None
}

/// Whether a folded Arabic word is `القرن` ("the century") with any
/// proclitics.
pub(crate) fn is_arabic_century(word: &str) -> bool {
    let f = fold_arabic(word);
    [
        "قرن",
        "القرن",
        "للقرن",
        "بالقرن",
        "والقرن",
        "فالقرن",
        "وللقرن",
    ]
    .contains(&f.as_str())
}

const EN_UNITS: &[(&str, u32)] = &[
    ("zero", 0),
    ("one", 1),
    ("two", 2),
    ("three", 3),
    ("four", 4),
    ("five", 5),
    ("six", 6),
    ("seven", 7),
    ("eight", 8),
    ("nine", 9),
    ("ten", 10),
    ("eleven", 11),
    ("twelve", 12),
    ("thirteen", 13),
    ("fourteen", 14),
    ("fifteen", 15),
    ("sixteen", 16),
    ("seventeen", 17),
    ("eighteen", 18),
    ("nineteen", 19),
];

const EN_ORDINALS: &[(&str, u32)] = &[
    ("first", 1),
    ("second", 2),
    ("third", 3),
    ("fourth", 4),
    ("fifth", 5),
    ("sixth", 6),
    ("seventh", 7),
    ("eighth", 8),
    ("ninth", 9),
    ("tenth", 10),
    ("eleventh", 11),
    ("twelfth", 12),
    ("thirteenth", 13),
    ("fourteenth", 14),
    ("fifteenth", 15),
    ("sixteenth", 16),
    ("seventeenth", 17),
    ("eighteenth", 18),
    ("nineteenth", 19),
];

/// (cardinal, ordinal, decade plural, value)
const EN_TENS: &[(&str, &str, &str, u32)] = &[
    ("twenty", "twentieth", "twenties", 20),
    ("thirty", "thirtieth", "thirties", 30),
    ("forty", "fortieth", "forties", 40),
    ("fifty", "fiftieth", "fifties", 50),
    ("sixty", "sixtieth", "sixties", 60),
    ("seventy", "seventieth", "seventies", 70),
    ("eighty", "eightieth", "eighties", 80),
    ("ninety", "ninetieth", "nineties", 90),
];

/// The meaning of a lower-case English word in a number.
pub(crate) fn english_word(w: &str) -> Option<Lex> {
    let find = |list: &[(&str, u32)]| list.iter().find(|(x, _)| *x == w).map(|&(_, n)| n);
    if let Some(n) = find(EN_UNITS) {
        return Some(Lex::Unit { n, ordinal: false });
    }
    if let Some(n) = find(EN_ORDINALS) {
        return Some(Lex::Unit { n, ordinal: true });
    }
    for &(card, ord, dec, n) in EN_TENS {
        if w == card {
            return Some(Lex::Ten { n, ordinal: false });
        }
        if w == ord {
            return Some(Lex::Ten { n, ordinal: true });
        }
        if w == dec {
            return Some(Lex::Decade(n));
        }
    }
    Some(match w {
        "hundred" => Lex::Hundred(1),
        "thousand" => Lex::Scale { exp: 3, count: 0 },
        "million" => Lex::Scale { exp: 6, count: 0 },
        "billion" => Lex::Scale { exp: 9, count: 0 },
        "trillion" => Lex::Scale { exp: 12, count: 0 },
        "dozen" => Lex::Dozen,
        "decade" => Lex::Decade10,
        "twice" => Lex::Dual,
        "half" => Lex::Half,
        "and" => Lex::And,
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_ending_filter_never_changes_a_word_of_ntrex_or_the_seed_articles() {
        let root = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared");
        let mut texts = vec![
            std::fs::read_to_string(format!("{root}/ntrex/newstest2019-ref.arb.txt"))
                .expect("NTREX at ../shared/ntrex"),
        ];
        for e in std::fs::read_dir(format!("{root}/corpus")).expect("../shared/corpus") {
            texts.push(std::fs::read_to_string(e.expect("entry").path()).expect("utf-8"));
        }
        let (mut words, mut numbers) = (0, 0);
        for t in &texts {
            for w in t.split_whitespace() {
                let w = w.trim_matches(|c: char| !c.is_alphabetic());
                if w.is_empty() {
                    continue;
                }
                let full = arabic_word_folded(&fold_arabic(w));
                assert_eq!(arabic_word(w), full, "{w}");
                words += 1;
                numbers += usize::from(full.is_some());
            }
        }
        assert!(
            words > 30_000 && numbers > 100,
            "{words} words, {numbers} numbers"
        );
    }

    #[test]
    fn folding_and_proclitics() {
        assert_eq!(fold_arabic("الأُولَى"), "الاولي");
        assert_eq!(fold_arabic("السابعة"), "السابعه");
        let w = |s| arabic_word(s).map(|w| w.lex);
        assert_eq!(
            w("بعشرين"),
            Some(Lex::Ten {
                n: 20,
                ordinal: false
            })
        );
        assert_eq!(
            w("والعشرين"),
            Some(Lex::Ten {
                n: 20,
                ordinal: false
            })
        );
        assert_eq!(
            w("الاربعون"),
            Some(Lex::Ten {
                n: 40,
                ordinal: false
            })
        );
        assert_eq!(
            w("السابعة"),
            Some(Lex::Unit {
                n: 7,
                ordinal: true
            })
        );
        assert_eq!(
            w("واحدًا"),
            Some(Lex::Unit {
                n: 1,
                ordinal: false
            })
        );
        assert_eq!(w("مليوني"), Some(Lex::Scale { exp: 6, count: 2 }));
        assert_eq!(w("ثلاثمائة"), Some(Lex::Hundred(3)));
        assert_eq!(w("الثمانينيات"), Some(Lex::Decade(80)));
        assert_eq!(w("ثلاثينيات"), Some(Lex::Decade(30)));
        assert_eq!(w("بهدفين"), Some(Lex::Dual));
        assert_eq!(
            w("الثانٍ"),
            Some(Lex::Unit {
                n: 2,
                ordinal: true
            })
        );
        // Two-letter stems only without proclitics.
        assert_eq!(
            w("ست"),
            Some(Lex::Unit {
                n: 6,
                ordinal: false
            })
        );
        assert_eq!(w("وست"), None);
        assert_eq!(w("الحرب"), None);
        assert!(is_arabic_century("القرن"));
    }

    #[test]
    fn english_words() {
        assert_eq!(
            english_word("six"),
            Some(Lex::Unit {
                n: 6,
                ordinal: false
            })
        );
        assert_eq!(
            english_word("fortieth"),
            Some(Lex::Ten {
                n: 40,
                ordinal: true
            })
        );
        assert_eq!(english_word("eighties"), Some(Lex::Decade(80)));
        assert_eq!(english_word("sixes"), None);
    }
}
