//! Numbers written as words: English (`six`, `Fifty-eight`, `34th`'s
//! spelled twin `thirty-fourth`, `two million`, `the eighties`) and Arabic
//! (`السابعة عشرة`, `الحادي والعشرين`, `بعشرين`, `مليوني`, `ثمانينيات القرن
//! العشرين`, `القرن التاسع عشر`).
//!
//! Arabic words are compared after [`fold_arabic`] (harakat and tatweel
//! dropped, `أ إ آ ٱ` → `ا`, `ى` → `ي`, `ة` → `ه`), with proclitics
//! (`و ف`, `ب ل ك`, `ال`) stripped from the front.

use crate::suggest::fasthash::FastMap;

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

/// Every folded Arabic stem (no proclitics) that means something in a
/// number, with its meaning: built once from the lists above.
fn arabic_stems() -> &'static FastMap<String, Lex> {
    static TABLE: std::sync::OnceLock<FastMap<String, Lex>> = std::sync::OnceLock::new();
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
            .filter_map(|w| {
                let lex = arabic_stem_slow(&w)?;
                Some((w, lex))
            })
            .collect()
    })
}

/// The meaning of a folded stem, by searching the lists.
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

/// The proclitics a number word may carry, in the order [`arabic_word`]
/// prefers them: conjunction (`و`, `ف`), preposition (`ب`, `ل`, `ك`),
/// article (`ال`; `ل` + `ال` is written `لل`). Each entry: the written
/// prefix, whether it has the conjunction, whether it has the article.
fn arabic_proclitics() -> impl Iterator<Item = (String, bool, bool)> {
    ["", "و", "ف"].into_iter().flat_map(|conj| {
        ["", "ب", "ل", "ك"].into_iter().flat_map(move |prep| {
            ["", "ال"].into_iter().map(move |article| {
                let written = if prep == "ل" && !article.is_empty() {
                    format!("{conj}لل")
                } else {
                    format!("{conj}{prep}{article}")
                };
                (written, !conj.is_empty(), !article.is_empty())
            })
        })
    })
}

/// Read an Arabic word (as written): its stem means a number after
/// stripping proclitics, the first reading in [`arabic_proclitics`]'s
/// order winning (the bare stem before the one with a trailing accusative
/// alef, `واحدًا`, `عشرينا`). Stems of two letters (`ست`) are only taken
/// without proclitics (`وست` is more often "West").
///
/// One lookup of the folded word in a table of every stem with every
/// proclitic combination (a few thousand words), built once.
pub(crate) fn arabic_word(word: &str) -> Option<ArabicWord> {
    static TABLE: std::sync::OnceLock<FastMap<String, ArabicWord>> = std::sync::OnceLock::new();
    let table = TABLE.get_or_init(|| {
        let mut table = FastMap::default();
        for (prefix, conj, article) in arabic_proclitics() {
            for alef in [false, true] {
                for (stem, &lex) in arabic_stems() {
                    let written = if alef {
                        format!("{stem}ا")
                    } else {
                        stem.clone()
                    };
                    if !prefix.is_empty() && written.chars().count() < 3 {
                        continue;
                    }
                    // An earlier reading of the same word wins.
                    table
                        .entry(format!("{prefix}{written}"))
                        .or_insert(ArabicWord { lex, conj, article });
                }
            }
        }
        table
    });
    table.get(fold_arabic(word).as_str()).copied()
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

    /// [`arabic_word`] as it was defined before its table: try each
    /// proclitic combination in turn and search the lists for the stem.
    fn arabic_word_by_prefixes(word: &str) -> Option<ArabicWord> {
        let folded = fold_arabic(word);
        let f = folded.as_str();
        for conj in ["", "و", "ف"] {
            for prep in ["", "ب", "ل", "ك"] {
                for article in ["", "ال"] {
                    let prefix_len = conj.len() + prep.len() + article.len();
                    let stem = if prep == "ل" && !article.is_empty() {
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
                    let lex = arabic_stem_slow(stem)
                        .or_else(|| stem.strip_suffix('ا').and_then(arabic_stem_slow));
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

    #[test]
    fn the_word_table_reads_every_word_as_the_prefix_search_does() {
        // Every word of the Arabic side of NTREX-128 and of the seed
        // articles, as written (harakat, hamza forms, tatweel).
        let root = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared");
        let mut files = vec![format!("{root}/ntrex/newstest2019-ref.arb.txt")];
        for e in std::fs::read_dir(format!("{root}/corpus")).expect("../shared/corpus") {
            let p = e.unwrap().path();
            if p.extension().is_some_and(|x| x == "txt") {
                files.push(p.display().to_string());
            }
        }
        let mut words = std::collections::BTreeSet::new();
        for f in &files {
            let text = std::fs::read_to_string(f).unwrap_or_else(|e| panic!("{f}: {e}"));
            words.extend(
                text.split(|c: char| {
                    !c.is_alphabetic()
                        && !matches!(c, '\u{064B}'..='\u{065F}' | '\u{0670}' | '\u{0640}')
                })
                .filter(|w| !w.is_empty())
                .map(str::to_string),
            );
        }
        assert!(words.len() > 10_000, "{} words", words.len());
        // Every stem with every proclitic string (also ones no reading
        // strips, and doubled ones), bare and with the accusative alef,
        // short stems included.
        let mut made = 0;
        for stem in arabic_stems().keys() {
            for prefix in [
                "", "و", "ف", "ب", "ل", "ك", "ال", "وال", "فال", "بال", "لل", "كال", "وبال", "ولل",
                "فلل", "وب", "فك", "وو", "الال", "لال", "ا", "س",
            ] {
                for tail in ["", "ا", "اا", "ه", "ي"] {
                    words.insert(format!("{prefix}{stem}{tail}"));
                    made += 1;
                }
            }
        }
        for short in [
            "ست",
            "وست",
            "ستا",
            "الست",
            "ان",
            "ال",
            "و",
            "ا",
            "عشر",
            "والعشرا",
        ] {
            words.insert(short.to_string());
        }
        let mut numbers = 0;
        for w in &words {
            let expected = arabic_word_by_prefixes(w);
            assert_eq!(arabic_word(w), expected, "{w}");
            numbers += usize::from(expected.is_some());
        }
        // The comparison covered readings, not only misses.
        assert!(
            numbers > made / 4,
            "{numbers} of {} words read",
            words.len()
        );
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
