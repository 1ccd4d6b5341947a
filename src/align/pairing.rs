//! `pair --suggest`: which documents of a folder translate each other,
//! from model-free evidence.
//!
//! For every Arabic/English pair of documents, each kind of evidence gives a
//! similarity in [0, 1]:
//!
//! | evidence | similarity | weight |
//! |---|---|---|
//! | numbers (normalized, years excluded) | Dice of the two sets | 0.35 |
//! | years (1800–2100) | Dice | 0.15 |
//! | names: English capitalized words found as consonant skeletons among the Arabic words (3+ consonants) | share found | 0.25 |
//! | Latin-script tokens inside the Arabic text | share found among the English words | 0.10 |
//! | quotation marks | 1 − difference / larger count | 0.05 |
//! | length ratio (non-space characters) | Gaussian in log ratio around 0.9, σ = 0.25 | 0.10 |
//!
//! Evidence that neither document offers (no numbers on either side, no
//! Latin tokens in the Arabic text, no quotation marks) is left out, and
//! the score is the weighted mean of the rest. Pairs are then chosen one to
//! one, greedily by score, and proposed when the score reaches
//! [`THRESHOLD`].
//!
//! Not every Arabic/English pair is scored: that would grow with the square
//! of the corpus. The English documents are indexed by their anchors
//! (numbers, years, name skeletons, words); each Arabic document looks up
//! its own anchors there, the rarest first, a frequent anchor's postings
//! left unread ([`POSTINGS_CAP`]) and at most [`POSTINGS_BUDGET`] postings
//! read in all; the English documents sharing the most (rarity-weighted)
//! anchors with it, up to [`POOL`], are scored. Time and memory grow with
//! the corpus, not its square. A pair that shares no anchor at all is not
//! proposed.

use std::collections::HashMap;

use super::anchors::{arabic_word_skeletons, latin_name_skeletons, words};
use super::numbers;
use crate::corpus::{is_latin_letter, letter_counts};

/// Scores at or above this are proposed.
pub const THRESHOLD: f64 = 0.5;

/// Expected Arabic / English ratio of non-space characters.
const EXPECTED_RATIO: f64 = 0.9;

/// An anchor found in more English documents than this is not looked up.
pub const POSTINGS_CAP: usize = 2_000;
/// Postings an Arabic document reads at most, rarest anchors first.
pub const POSTINGS_BUDGET: usize = 5_000;
/// English documents scored per Arabic document.
pub const POOL: usize = 40;
/// Candidates kept per Arabic document (best first) for the one-to-one
/// choice and `--all`.
const KEEP: usize = 8;

/// What one document offers as evidence. Keys (numbers, words, skeletons)
/// are numbers given by a [`Vocabulary`], sorted and without repeats.
#[derive(Clone, Debug, Default)]
pub struct Features {
    /// `true` for an Arabic-script document, `false` for Latin script.
    pub arabic: bool,
    pub numbers: Vec<u32>,
    pub years: Vec<u32>,
    /// Arabic: Latin tokens inside the text; English: every word; lowercase.
    pub latin: Vec<u32>,
    /// Arabic: skeletons of every word; English: skeletons of names.
    pub names: Vec<u32>,
    pub quotes: usize,
    pub chars: usize,
    /// Letters of the document's script (0: no language to pair).
    pub letters: usize,
}

/// The keys of a corpus, each numbered once.
#[derive(Debug, Default)]
pub struct Vocabulary {
    ids: HashMap<String, u32>,
}

impl Vocabulary {
    fn id(&mut self, key: String) -> u32 {
        let next = u32::try_from(self.ids.len()).unwrap_or(u32::MAX);
        *self.ids.entry(key).or_insert(next)
    }

    fn set(&mut self, keys: impl IntoIterator<Item = String>) -> Vec<u32> {
        let mut v: Vec<u32> = keys.into_iter().map(|k| self.id(k)).collect();
        v.sort_unstable();
        v.dedup();
        v.shrink_to_fit();
        v
    }
}

/// The similarity of each kind of evidence (`None`: not available).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Evidence {
    pub numbers: Option<f64>,
    pub years: Option<f64>,
    pub names: Option<f64>,
    pub latin: Option<f64>,
    pub quotes: Option<f64>,
    pub length: Option<f64>,
}

impl Evidence {
    /// Weighted mean of the available similarities.
    pub fn score(&self) -> f64 {
        let parts = [
            (self.numbers, 0.35),
            (self.years, 0.15),
            (self.names, 0.25),
            (self.latin, 0.10),
            (self.quotes, 0.05),
            (self.length, 0.10),
        ];
        let (sum, weight) = parts
            .iter()
            .filter_map(|&(v, w)| v.map(|v| (v * w, w)))
            .fold((0.0, 0.0), |(s, t), (v, w)| (s + v, t + w));
        if weight == 0.0 { 0.0 } else { sum / weight }
    }
}

/// The evidence a document offers, its keys numbered by `vocab`.
pub fn features(text: &str, vocab: &mut Vocabulary) -> Features {
    let (ar, la) = letter_counts(text);
    let arabic = ar > la;
    let (mut years, mut nums) = (Vec::new(), Vec::new());
    for fig in numbers::figures(text) {
        if fig.kind == numbers::Kind::Year {
            years.push(fig.key());
        } else {
            nums.push(fig.key());
        }
    }
    let latin = words(text)
        .filter(|w| {
            w.chars().next().is_some_and(is_latin_letter) && (!arabic || w.chars().count() >= 2)
        })
        .map(str::to_lowercase);
    let latin = vocab.set(latin);
    let names = if arabic {
        arabic_word_skeletons(text, 3)
    } else {
        latin_name_skeletons(text, 3)
    };
    Features {
        arabic,
        letters: ar.max(la),
        numbers: vocab.set(nums),
        years: vocab.set(years),
        latin,
        names: vocab.set(names),
        quotes: text
            .chars()
            .filter(|c| matches!(c, '“' | '”' | '«' | '»' | '"'))
            .count(),
        chars: text.chars().filter(|c| !c.is_whitespace()).count(),
    }
}

/// How many keys two sorted sets share.
fn common(a: &[u32], b: &[u32]) -> usize {
    let (mut i, mut j, mut n) = (0, 0, 0);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                n += 1;
                i += 1;
                j += 1;
            }
        }
    }
    n
}

fn dice(a: &[u32], b: &[u32]) -> Option<f64> {
    if a.is_empty() && b.is_empty() {
        return None;
    }
    Some(2.0 * common(a, b) as f64 / (a.len() + b.len()) as f64)
}

fn share_found(keys: &[u32], offers: &[u32]) -> Option<f64> {
    if keys.is_empty() {
        return None;
    }
    Some(common(keys, offers) as f64 / keys.len() as f64)
}

/// The evidence that an Arabic document `ar` and an English document `en`
/// translate each other.
pub fn evidence(ar: &Features, en: &Features) -> Evidence {
    let quotes = if ar.quotes == 0 && en.quotes == 0 {
        None
    } else {
        let (a, b) = (ar.quotes as f64, en.quotes as f64);
        Some(1.0 - (a - b).abs() / a.max(b))
    };
    let length = (ar.chars > 0 && en.chars > 0).then(|| {
        let r = (ar.chars as f64 / en.chars as f64 / EXPECTED_RATIO).ln();
        (-(r * r) / (2.0 * 0.25 * 0.25)).exp()
    });
    Evidence {
        numbers: dice(&ar.numbers, &en.numbers),
        years: dice(&ar.years, &en.years),
        names: share_found(&en.names, &ar.names),
        latin: share_found(&ar.latin, &en.latin),
        quotes,
        length,
    }
}

/// A proposed pair: indices into the document list, Arabic first.
#[derive(Clone, Debug, PartialEq)]
pub struct Candidate {
    pub ar: usize,
    pub en: usize,
    pub score: f64,
    pub evidence: Evidence,
}

/// The candidates scored (for each Arabic document, the best few English
/// documents sharing anchors with it), best first, and the one-to-one
/// choice among them (greedy by score) that reaches [`THRESHOLD`].
#[derive(Clone, Debug, Default)]
pub struct Suggestions {
    pub candidates: Vec<Candidate>,
    pub pairs: Vec<Candidate>,
}

/// Documents taken in one at a time ([`Pairing::add`]), then paired
/// ([`Pairing::suggest`]): only their evidence is kept, not their texts.
#[derive(Debug, Default)]
pub struct Pairing {
    vocab: Vocabulary,
    docs: Vec<Features>,
}

/// The kinds of anchor, with the weight of a shared one.
const ANCHOR_KINDS: [f64; 4] = [0.35, 0.15, 0.25, 0.10];

impl Pairing {
    pub fn new() -> Self {
        Pairing::default()
    }

    /// Take in the next document (its index is the number of documents
    /// added before it).
    pub fn add(&mut self, text: &str) {
        let f = features(text, &mut self.vocab);
        self.docs.push(f);
    }

    /// How many documents [`Pairing::suggest_with`] scores (one tick
    /// each): the Arabic ones with letters.
    pub fn scored(&self) -> usize {
        self.docs
            .iter()
            .filter(|a| a.arabic && a.letters > 0)
            .count()
    }

    /// Pair the documents added.
    pub fn suggest(self) -> Suggestions {
        self.suggest_with(&mut || Ok(()))
            .unwrap_or_else(|e: std::convert::Infallible| match e {})
    }

    /// [`Pairing::suggest`], calling `tick` before each document scored
    /// ([`Pairing::scored`] of them); the first error of `tick` stops it.
    pub fn suggest_with<E>(
        self,
        tick: &mut dyn FnMut() -> Result<(), E>,
    ) -> Result<Suggestions, E> {
        let docs = self.docs;
        drop(self.vocab);
        let english: Vec<usize> = (0..docs.len())
            .filter(|&j| !docs[j].arabic && docs[j].letters > 0)
            .collect();
        // Anchor -> English documents (positions in `english`). An anchor is
        // a key with its kind in the low two bits.
        let mut postings: HashMap<u64, Vec<u32>> = HashMap::new();
        for (n, &j) in english.iter().enumerate() {
            let e = &docs[j];
            for (kind, keys) in [&e.numbers, &e.years, &e.names, &e.latin]
                .into_iter()
                .enumerate()
            {
                for &k in keys {
                    postings
                        .entry(u64::from(k) << 2 | kind as u64)
                        .or_default()
                        .push(n as u32);
                }
            }
        }
        let total = english.len().max(1) as f64;
        let mut weight = vec![0.0f64; english.len()];
        let mut touched: Vec<u32> = Vec::new();
        let mut candidates = Vec::new();
        for (i, a) in docs.iter().enumerate() {
            if !a.arabic || a.letters == 0 {
                continue;
            }
            tick()?;
            let mut anchors: Vec<(usize, &[u32], f64)> = Vec::new();
            for (kind, keys) in [&a.numbers, &a.years, &a.names, &a.latin]
                .into_iter()
                .enumerate()
            {
                for &k in keys {
                    if let Some(list) = postings.get(&(u64::from(k) << 2 | kind as u64))
                        && list.len() <= POSTINGS_CAP
                    {
                        anchors.push((list.len(), list, ANCHOR_KINDS[kind]));
                    }
                }
            }
            anchors.sort_by_key(|x| x.0);
            let mut read = 0;
            for (df, list, w) in anchors {
                if read + df > POSTINGS_BUDGET {
                    break;
                }
                read += df;
                // Rarer anchors count more (inverse document frequency).
                let w = w * (1.0 + (total / df as f64).ln());
                for &n in list {
                    if weight[n as usize] == 0.0 {
                        touched.push(n);
                    }
                    weight[n as usize] += w;
                }
            }
            // The POOL heaviest first (a selection, not a sort of all).
            let heavier = |x: &u32, y: &u32| {
                weight[*y as usize]
                    .total_cmp(&weight[*x as usize])
                    .then(x.cmp(y))
            };
            if touched.len() > POOL {
                touched.select_nth_unstable_by(POOL, heavier);
            }
            let mut mine: Vec<Candidate> = touched
                .iter()
                .take(POOL)
                .map(|&n| {
                    let j = english[n as usize];
                    let evidence = evidence(a, &docs[j]);
                    Candidate {
                        ar: i,
                        en: j,
                        score: evidence.score(),
                        evidence,
                    }
                })
                .collect();
            for &n in &touched {
                weight[n as usize] = 0.0;
            }
            touched.clear();
            mine.sort_by(|x, y| y.score.total_cmp(&x.score).then(x.en.cmp(&y.en)));
            mine.truncate(KEEP);
            candidates.extend(mine);
        }
        Ok(choose(candidates, docs.len()))
    }
}

/// Sort the candidates best first and choose pairs one to one, greedily.
fn choose(mut candidates: Vec<Candidate>, docs: usize) -> Suggestions {
    candidates.sort_by(|x, y| {
        y.score
            .total_cmp(&x.score)
            .then(x.ar.cmp(&y.ar))
            .then(x.en.cmp(&y.en))
    });
    let mut used = vec![false; docs];
    let mut pairs = Vec::new();
    for c in &candidates {
        if c.score < THRESHOLD {
            break;
        }
        if used[c.ar] || used[c.en] {
            continue;
        }
        used[c.ar] = true;
        used[c.en] = true;
        pairs.push(c.clone());
    }
    Suggestions { candidates, pairs }
}

/// Suggest pairs among `texts` (document texts, in any order).
pub fn suggest(texts: &[&str]) -> Suggestions {
    let mut p = Pairing::new();
    for t in texts {
        p.add(t);
    }
    p.suggest()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shared_numbers_and_names_pair_the_right_documents() {
        let ar1 = "قال ماكرون إن 5,700 شخص قتلوا في غزة عام 2023، و“الحرب” مستمرة.";
        let ar2 = "افتتح متحف جديد في القاهرة يضم ٣٠٠ قطعة أثرية من عام 1922.";
        let en1 = "The Cairo museum opens with 300 artefacts from 1922.";
        let en2 = "Macron said 5700 people were killed in Gaza in 2023, and the “war” goes on.";
        let s = suggest(&[ar1, ar2, en1, en2]);
        let pairs: Vec<(usize, usize)> = s.pairs.iter().map(|c| (c.ar, c.en)).collect();
        assert_eq!(pairs, [(0, 3), (1, 2)]);
        // Only documents sharing an anchor are compared: ar1 and en1 share
        // none (no number, year, name or word).
        let compared: Vec<(usize, usize)> = s.candidates.iter().map(|c| (c.ar, c.en)).collect();
        assert!(!compared.contains(&(0, 2)), "{compared:?}");
        for c in &s.candidates {
            if !pairs.contains(&(c.ar, c.en)) {
                assert!(c.score < THRESHOLD, "{c:?}");
            }
        }
        assert_eq!(s.pairs[0].evidence.numbers, Some(1.0));
        // A document without letters has no language and pairs with nothing.
        let s = suggest(&[ar1, "5,700 — 2023", ""]);
        assert!(s.candidates.is_empty());
    }

    /// Scoring stops at the first error of its tick, before the next
    /// document, and counts one tick per document scored.
    #[test]
    fn scoring_stops_between_documents() {
        let texts = [
            "قال الوزير إن 5,700 جندي وصلوا في 2023 إلى Cairo.",
            "The minister said 5,700 soldiers arrived in Cairo in 2023.",
            "وصل 12 وفدا في 1999 إلى Paris.",
            "Twelve delegations reached Paris in 1999, 12 in all.",
            "An English note without a partner.",
        ];
        let pairing = |ts: &[&str]| {
            let mut p = Pairing::new();
            for t in ts {
                p.add(t);
            }
            p
        };
        assert_eq!(pairing(&texts).scored(), 2);
        let mut ticks = 0;
        let stopped = pairing(&texts).suggest_with(&mut || {
            ticks += 1;
            if ticks == 2 { Err("stop") } else { Ok(()) }
        });
        assert_eq!(stopped.unwrap_err(), "stop");
        assert_eq!(ticks, 2);
        let mut ticks = 0;
        let whole = pairing(&texts)
            .suggest_with(&mut || {
                ticks += 1;
                Ok::<(), ()>(())
            })
            .unwrap();
        assert_eq!(ticks, 2);
        let plain = pairing(&texts).suggest();
        assert_eq!(whole.pairs.len(), plain.pairs.len());
        assert_eq!(
            whole.pairs.iter().map(|c| (c.ar, c.en)).collect::<Vec<_>>(),
            [(0, 1), (2, 3)]
        );
    }

    #[test]
    fn missing_evidence_is_left_out_not_counted_as_disagreement() {
        let e = Evidence {
            names: Some(0.8),
            length: Some(0.6),
            ..Evidence::default()
        };
        assert!((e.score() - (0.8 * 0.25 + 0.6 * 0.10) / 0.35).abs() < 1e-9);
        assert_eq!(Evidence::default().score(), 0.0);
    }
}
