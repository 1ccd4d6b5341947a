//! Anchors: cheap, model-free evidence that two segments in different
//! languages say the same thing.
//!
//! - numbers after normalization (`5,700` = `٥٧٠٠`), see [`super::numbers`];
//! - Latin-script tokens inside Arabic text (`MWPs`, `ISIS`), found verbatim
//!   in the English side;
//! - proper names: a capitalized English word reduced to a consonant skeleton
//!   (`Macron` → `mkrn`) found among the skeletons of the Arabic words
//!   (`ماكرون` → `mkrn`). Transliteration is lossy, so the skeleton keeps only
//!   consonant classes both scripts write the same way.
//!
//! Each segment has *keys* (anchors it expects to find on the other side) and
//! *offers* (everything the other side's keys may match). Keys and offers are
//! interned as `u32` ids in sorted vectors so that the aligner's inner loop
//! only does merges of short sorted lists.

use super::numbers;
use crate::corpus::{is_arabic_letter, is_latin_letter, letter_counts};
use crate::suggest::fasthash::{FastMap, FastSet};

/// Anchor sets of one segment, as sorted interned ids.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Anchors {
    /// What this segment expects the other side to contain.
    pub keys: Vec<u32>,
    /// What this segment can match of the other side's keys.
    pub offers: Vec<u32>,
    /// Number keys only (a subset of `keys`).
    pub numbers: Vec<u32>,
    /// Weak keys (a subset of `keys`): two-consonant name skeletons, which
    /// a longer text often matches by chance. They count half.
    pub weak: Vec<u32>,
    /// A summary of `offers` that rules most absent keys out without a
    /// search.
    pub offer_bits: OfferBits,
}

/// A 256-bit summary of a set of ids (bit `id % 256` set for each): an id
/// whose bit is clear is not in the set.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct OfferBits([u64; 4]);

impl OfferBits {
    /// Every bit set: rules nothing out.
    pub const ALL: OfferBits = OfferBits([u64::MAX; 4]);

    /// The summary of `ids`.
    pub fn of(ids: &[u32]) -> OfferBits {
        let mut bits = OfferBits::default();
        for &id in ids {
            bits.0[(id as usize >> 6) & 3] |= 1 << (id & 63);
        }
        bits
    }

    /// The summary of the union of two sets.
    pub fn union(self, other: OfferBits) -> OfferBits {
        let mut bits = self;
        for (b, o) in bits.0.iter_mut().zip(other.0) {
            *b |= o;
        }
        bits
    }

    /// Whether `id` may be in the set (`false`: it is not).
    pub fn may_hold(&self, id: u32) -> bool {
        (self.0[(id as usize >> 6) & 3] >> (id & 63)) & 1 == 1
    }
}

/// Interns anchor strings (`#5700`, `l:mwps`, `n:mkrn`) as ids.
#[derive(Debug, Default)]
pub struct Interner {
    ids: FastMap<String, u32>,
    scratch: String,
}

impl Interner {
    /// The id of `kind` + `text` (`kind` keeps numbers, tokens and
    /// skeletons apart). Allocates only for a string not seen before.
    pub fn id(&mut self, kind: &str, text: &str) -> u32 {
        self.scratch.clear();
        self.scratch.push_str(kind);
        self.scratch.push_str(text);
        if let Some(&id) = self.ids.get(self.scratch.as_str()) {
            return id;
        }
        let next = u32::try_from(self.ids.len()).unwrap_or(u32::MAX);
        self.ids.insert(self.scratch.clone(), next);
        next
    }
}

/// English words that are capitalized for grammar, not because they name
/// something; they are not name anchors.
const STOPWORDS: &[&str] = &[
    "a",
    "an",
    "the",
    "and",
    "but",
    "or",
    "if",
    "in",
    "on",
    "at",
    "to",
    "of",
    "for",
    "by",
    "with",
    "from",
    "as",
    "after",
    "before",
    "while",
    "although",
    "though",
    "when",
    "where",
    "what",
    "who",
    "which",
    "why",
    "how",
    "it",
    "its",
    "he",
    "she",
    "his",
    "her",
    "they",
    "their",
    "them",
    "we",
    "our",
    "you",
    "your",
    "i",
    "this",
    "that",
    "these",
    "those",
    "there",
    "here",
    "is",
    "are",
    "was",
    "were",
    "be",
    "been",
    "has",
    "have",
    "had",
    "do",
    "does",
    "did",
    "not",
    "no",
    "yes",
    "so",
    "then",
    "also",
    "however",
    "meanwhile",
    "now",
    "still",
    "yet",
    "some",
    "many",
    "most",
    "more",
    "all",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "mr",
    "mrs",
    "ms",
    "dr",
    "said",
    "says",
    "according",
    "since",
    "about",
    "over",
    "under",
    "into",
    "than",
    "other",
    "another",
    "such",
    "each",
    "every",
    "both",
    "because",
    "despite",
    "during",
    "until",
    "up",
    "out",
    "just",
    "only",
    "even",
    "would",
    "will",
    "can",
    "could",
    "should",
    "may",
    "might",
    "must",
    "let",
    "we'll",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
];

/// Whether a lower-case word is one of the [`STOPWORDS`].
fn is_stopword(lower: &str) -> bool {
    static SET: std::sync::OnceLock<FastSet<&'static str>> = std::sync::OnceLock::new();
    SET.get_or_init(|| STOPWORDS.iter().copied().collect())
        .contains(lower)
}

/// The consonant skeleton of a Latin-script word: vowels, `h`, `w`, `y`
/// dropped; `c` is `k` (or `s` before `e`, `i`, `y`); `p`→`b`, `v`→`f`,
/// `g`→`j`, `q`→`k`, `z`→`s`, `x`→`ks`; digraphs `sh`, `th`, `ph`, `kh`, `ch`,
/// `ck`, `gh` as one consonant; doubled consonants collapse.
pub fn latin_skeleton(word: &str) -> String {
    let mut out = String::new();
    latin_skeleton_into(word, &mut out);
    out
}

/// [`latin_skeleton`] written into `out` (cleared first).
fn latin_skeleton_into(word: &str, out: &mut String) {
    out.clear();
    let w: Vec<char> = if word.is_ascii() {
        word.bytes()
            .filter(u8::is_ascii_alphabetic)
            .map(|b| char::from(b.to_ascii_lowercase()))
            .collect()
    } else {
        word.to_lowercase()
            .chars()
            .filter(|&c| crate::corpus::is_alphabetic(c))
            .collect()
    };
    let mut i = 0;
    while i < w.len() {
        let c = w[i];
        let next = w.get(i + 1).copied();
        let (sound, used) = match (c, next) {
            ('s', Some('h')) => (Some('s'), 2),
            ('t', Some('h')) => (Some('t'), 2),
            ('p', Some('h')) => (Some('f'), 2),
            ('k', Some('h')) => (Some('k'), 2),
            ('c', Some('h')) => (Some('s'), 2),
            ('c', Some('k')) => (Some('k'), 2),
            ('g', Some('h')) => (Some('j'), 2),
            ('c', Some('e' | 'i' | 'y')) => (Some('s'), 1),
            ('c' | 'k' | 'q', _) => (Some('k'), 1),
            ('p' | 'b', _) => (Some('b'), 1),
            ('v' | 'f', _) => (Some('f'), 1),
            ('g' | 'j', _) => (Some('j'), 1),
            ('z' | 's', _) => (Some('s'), 1),
            ('x', _) => {
                push_collapsed(out, 'k');
                (Some('s'), 1)
            }
            ('d' | 'l' | 'm' | 'n' | 'r' | 't', _) => (Some(c), 1),
            _ => (None, 1),
        };
        if let Some(s) = sound {
            push_collapsed(out, s);
        }
        i += used;
    }
}

/// The consonant skeleton of an Arabic word, in the classes of
/// [`latin_skeleton`]: long vowels, hamza carriers, `ح`, `ه`, `ع` and
/// `ة` dropped.
pub fn arabic_skeleton(word: &str) -> String {
    let mut out = String::new();
    arabic_skeleton_into(word, &mut out);
    out
}

/// [`arabic_skeleton`] written into `out` (cleared first).
fn arabic_skeleton_into(word: &str, out: &mut String) {
    out.clear();
    for c in word.chars() {
        let s = match c {
            'ب' | 'پ' => 'b',
            'ت' | 'ث' | 'ط' => 't',
            'ج' | 'غ' | 'گ' => 'j',
            'خ' | 'ق' | 'ك' | 'ک' => 'k',
            'د' | 'ذ' | 'ض' | 'ظ' => 'd',
            'ر' => 'r',
            'ز' | 'س' | 'ش' | 'ص' => 's',
            'ف' | 'ڤ' => 'f',
            'ل' => 'l',
            'م' => 'm',
            'ن' => 'n',
            _ => continue,
        };
        push_collapsed(out, s);
    }
}

fn push_collapsed(out: &mut String, c: char) {
    if !out.ends_with(c) {
        out.push(c);
    }
}

/// Arabic proclitics stripped (in addition to the whole word) before taking
/// a skeleton: conjunctions, prepositions and the article.
const PROCLITICS: &[&str] = &[
    "وبال", "وال", "فال", "بال", "كال", "لل", "ال", "و", "ف", "ب", "ل", "ك",
];

/// Compute the anchors of one segment.
pub fn anchors(text: &str, interner: &mut Interner) -> Anchors {
    let mut keys = Vec::new();
    let mut offers = Vec::new();
    let mut nums = Vec::new();
    let mut weak = Vec::new();
    for f in numbers::all(text) {
        // A number in digits is a key; every reading of it, and numbers in
        // words, are offers (`six` finds a `6` on the other side).
        if !f.words {
            let id = interner.id("#", &f.key());
            keys.push(id);
            nums.push(id);
        }
        for k in f.keys() {
            offers.push(interner.id("#", &k));
        }
    }
    let (arabic, latin) = letter_counts(text);
    let arabic_text = arabic > latin;
    let mut sentence_start = true;
    // Buffers reused for every word.
    let (mut lowered, mut skel) = (String::new(), String::new());
    for word in words(text) {
        let first = word.chars().next().unwrap_or(' ');
        if is_latin_letter(first) {
            lowered.clear();
            if word.is_ascii() {
                lowered.push_str(word);
                lowered.make_ascii_lowercase();
            } else {
                lowered.push_str(&word.to_lowercase());
            }
            let lower = lowered
                .strip_suffix("'s")
                .or_else(|| lowered.strip_suffix("’s"))
                .unwrap_or(&lowered);
            if arabic_text {
                // Latin tokens inside Arabic text are kept verbatim.
                if lower.chars().count() >= 2 {
                    keys.push(interner.id("l:", lower));
                }
            } else {
                offers.push(interner.id("l:", lower));
                latin_skeleton_into(lower, &mut skel);
                if skel.chars().count() >= 2 {
                    let id = interner.id("n:", &skel);
                    offers.push(id);
                    let all_caps = word.chars().filter(|c| c.is_uppercase()).count() >= 2;
                    let short_opener = sentence_start && lower.len() <= 3;
                    let name = first.is_uppercase() && !all_caps && !short_opener;
                    if name && !is_stopword(lower) {
                        keys.push(id);
                        if skel.len() == 2 {
                            weak.push(id);
                        }
                    }
                }
            }
        } else if is_arabic_letter(first) {
            for p in PROCLITICS.iter().copied().chain(std::iter::once("")) {
                if let Some(stem) = word.strip_prefix(p)
                    && stem.chars().count() >= 2
                {
                    arabic_skeleton_into(stem, &mut skel);
                    if skel.chars().count() >= 2 {
                        offers.push(interner.id("n:", &skel));
                    }
                }
            }
        }
        sentence_start = false;
    }
    for v in [&mut keys, &mut offers, &mut nums, &mut weak] {
        v.sort_unstable();
        v.dedup();
    }
    Anchors {
        offer_bits: OfferBits::of(&offers),
        keys,
        offers,
        numbers: nums,
        weak,
    }
}

/// Consonant skeletons of the capitalized words of a Latin-script text that
/// look like names (not stopwords, not acronyms, not a short sentence
/// opener), with at least `min` consonants.
pub fn latin_name_skeletons(text: &str, min: usize) -> Vec<String> {
    let mut out = Vec::new();
    let mut sentence_start = true;
    for word in words(text) {
        let first = word.chars().next().unwrap_or(' ');
        if is_latin_letter(first) {
            let lower = possessive_stripped(word);
            let all_caps = word.chars().filter(|c| c.is_uppercase()).count() >= 2;
            let short_opener = sentence_start && lower.len() <= 3;
            if first.is_uppercase() && !all_caps && !short_opener && !is_stopword(&lower) {
                let skel = latin_skeleton(&lower);
                if skel.chars().count() >= min {
                    out.push(skel);
                }
            }
        }
        sentence_start = false;
    }
    out
}

/// Consonant skeletons of every Arabic word of a text, with and without
/// its proclitics, with at least `min` consonants.
pub fn arabic_word_skeletons(text: &str, min: usize) -> Vec<String> {
    let mut out = Vec::new();
    for word in words(text) {
        if word.chars().next().is_some_and(is_arabic_letter) {
            for p in PROCLITICS.iter().copied().chain(std::iter::once("")) {
                if let Some(stem) = word.strip_prefix(p)
                    && stem.chars().count() >= 2
                {
                    let skel = arabic_skeleton(stem);
                    if skel.chars().count() >= min {
                        out.push(skel);
                    }
                }
            }
        }
    }
    out
}

/// Whether `c` belongs to a word: letters, digits, combining marks (harakat)
/// and apostrophes. ASCII and the main Arabic block are decided by table.
pub fn is_word_char(c: char) -> bool {
    match c as u32 {
        0x00..=0x7F => c.is_ascii_alphanumeric() || c == '\'',
        // Arabic punctuation, signs and separators are not word characters.
        0x0600..=0x060F | 0x061B..=0x061F | 0x066A..=0x066D | 0x06D4 | 0x06DD | 0x06DE | 0x06E9 => {
            false
        }
        0x0600..=0x06FF => true,
        _ => c == '’' || c.is_alphanumeric() || is_arabic_letter(c),
    }
}

/// Words: runs of letters, digits and apostrophes, apostrophes trimmed.
pub fn words(text: &str) -> impl Iterator<Item = &str> {
    text.split(|c: char| !is_word_char(c))
        .map(|w| w.trim_matches(|c| c == '\'' || c == '’'))
        .filter(|w| !w.is_empty())
}

fn possessive_stripped(word: &str) -> String {
    let lower = word.to_lowercase();
    lower
        .strip_suffix("'s")
        .or_else(|| lower.strip_suffix("’s"))
        .unwrap_or(&lower)
        .to_string()
}

impl Anchors {
    /// The share of this unit's keys found in `offers`, weak keys counting
    /// half; `None` when the unit has no keys.
    pub fn share_found(&self, offers: &[&[u32]]) -> Option<f64> {
        self.share_found_among(offers, OfferBits::ALL)
    }

    /// [`Anchors::share_found`] given a summary of all of `offers` (the
    /// union of their [`Anchors::offer_bits`]).
    pub fn share_found_among(&self, offers: &[&[u32]], bits: OfferBits) -> Option<f64> {
        if self.keys.is_empty() {
            return None;
        }
        let total = self.keys.len() as f64 - 0.5 * self.weak.len() as f64;
        let found = matched_among(&self.keys, offers, bits) as f64
            - 0.5 * matched_among(&self.weak, offers, bits) as f64;
        Some(found / total)
    }
}

/// How many of the sorted `keys` occur in any of the sorted `offers` lists.
pub fn matched(keys: &[u32], offers: &[&[u32]]) -> usize {
    matched_among(keys, offers, OfferBits::ALL)
}

/// [`matched`], searching only for keys that `bits` (a summary of all of
/// `offers`) does not rule out.
fn matched_among(keys: &[u32], offers: &[&[u32]], bits: OfferBits) -> usize {
    keys.iter()
        .filter(|&&k| bits.may_hold(k) && offers.iter().any(|o| o.binary_search(&k).is_ok()))
        .count()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_have_the_same_skeleton_in_both_scripts() {
        for (en, ar) in [
            ("Macron", "ماكرون"),
            ("Netanyahu", "نتنياهو"),
            ("Emmanuel", "إيمانويل"),
            ("Reuters", "رويترز"),
            ("Israel", "إسرائيل"),
            ("Gaza", "غزة"),
            ("Syria", "سوريا"),
            ("Hamas", "حماس"),
            ("October", "أكتوبر"),
            ("France", "فرنسا"),
        ] {
            assert_eq!(latin_skeleton(en), arabic_skeleton(ar), "{en} / {ar}");
        }
        assert_ne!(latin_skeleton("Jerusalem"), arabic_skeleton("القدس"));
    }

    #[test]
    fn keys_match_offers_across_languages() {
        let mut int = Interner::default();
        let ar = anchors("قال ماكرون في العراق إن 5,700 من أعضاء MWPs", &mut int);
        let en = anchors(
            "The MWPs said Macron in Iraq counted ٥٧٠٠ people.",
            &mut int,
        );
        // Arabic keys: the number and the Latin token; both found in English.
        assert_eq!(ar.keys.len(), 2);
        assert_eq!(matched(&ar.keys, &[&en.offers]), 2);
        // English keys: the number, Macron, Iraq (MWPs is an acronym, The a
        // stopword); all three found among the Arabic offers.
        assert_eq!(en.keys.len(), 3);
        assert_eq!(matched(&en.keys, &[&ar.offers]), 3);
        // Unrelated text matches nothing.
        let other = anchors("Jesus' Coming Back", &mut int);
        assert_eq!(matched(&other.keys, &[&ar.offers]), 0);
    }
}

#[cfg(test)]
mod offer_bits {
    use super::*;

    #[test]
    fn the_summary_rules_out_only_absent_ids() {
        // Sets of ids spread over several multiples of 256 (so bits are
        // shared), and every id up to past the largest asked about.
        let sets: Vec<Vec<u32>> = (1..40u32)
            .map(|n| (0..n).map(|k| (k * 97 + n * 31) % 2000).collect())
            .map(|mut v: Vec<u32>| {
                v.sort_unstable();
                v.dedup();
                v
            })
            .collect();
        for pair in sets.windows(2) {
            let (a, b) = (&pair[0], &pair[1]);
            let bits = OfferBits::of(a).union(OfferBits::of(b));
            let mut ruled_out = 0;
            for id in 0..2100 {
                let member = a.binary_search(&id).is_ok() || b.binary_search(&id).is_ok();
                if member {
                    assert!(bits.may_hold(id), "{id}");
                } else if !bits.may_hold(id) {
                    ruled_out += 1;
                }
            }
            // Small sets leave most bits clear.
            if a.len() + b.len() < 20 {
                assert!(ruled_out > 1500, "{ruled_out}");
            }
            let keys: Vec<u32> = (0..2100).step_by(7).collect();
            assert_eq!(
                matched_among(&keys, &[a.as_slice(), b.as_slice()], bits),
                matched(&keys, &[a.as_slice(), b.as_slice()])
            );
        }
    }
}

#[cfg(test)]
mod weak_keys {
    use super::*;

    #[test]
    fn two_consonant_names_count_half() {
        let mut int = Interner::default();
        // Keys: Gaza (js, weak) and Macron (mkrn, strong).
        let en = anchors("the officials said Macron visited Gaza", &mut int);
        assert_eq!((en.keys.len(), en.weak.len()), (2, 1));
        let only_gaza = anchors("زار غزة", &mut int);
        let only_macron = anchors("زار ماكرون", &mut int);
        let both = anchors("زار ماكرون غزة", &mut int);
        let share = |a: &Anchors| en.share_found(&[&a.offers]).unwrap();
        assert!((share(&only_gaza) - 0.5 / 1.5).abs() < 1e-9);
        assert!((share(&only_macron) - 1.0 / 1.5).abs() < 1e-9);
        assert!((share(&both) - 1.0).abs() < 1e-9);
        assert_eq!(only_gaza.share_found(&[&en.offers]), None);
    }
}
