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

use std::collections::HashSet;

use super::anchors::{arabic_word_skeletons, latin_name_skeletons, words};
use super::numbers;
use crate::corpus::{is_latin_letter, letter_counts};

/// Scores at or above this are proposed.
pub const THRESHOLD: f64 = 0.5;

/// Expected Arabic / English ratio of non-space characters.
const EXPECTED_RATIO: f64 = 0.9;

/// What one document offers as evidence.
#[derive(Clone, Debug, Default)]
pub struct Features {
    /// `true` for an Arabic-script document, `false` for Latin script.
    pub arabic: bool,
    pub numbers: HashSet<String>,
    pub years: HashSet<String>,
    /// Arabic: Latin tokens inside the text; English: every word; lowercase.
    pub latin: HashSet<String>,
    /// Arabic: skeletons of every word; English: skeletons of names.
    pub names: HashSet<String>,
    pub quotes: usize,
    pub chars: usize,
    /// Letters of the document's script (0: no language to pair).
    pub letters: usize,
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

/// The evidence a document offers.
pub fn features(text: &str) -> Features {
    let (ar, la) = letter_counts(text);
    let arabic = ar > la;
    let mut f = Features {
        arabic,
        letters: ar.max(la),
        ..Features::default()
    };
    for fig in numbers::figures(text) {
        if fig.kind == numbers::Kind::Year {
            f.years.insert(fig.key());
        } else {
            f.numbers.insert(fig.key());
        }
    }
    for w in words(text) {
        if w.chars().next().is_some_and(is_latin_letter) && (!arabic || w.chars().count() >= 2) {
            f.latin.insert(w.to_lowercase());
        }
    }
    f.names = if arabic {
        arabic_word_skeletons(text, 3).into_iter().collect()
    } else {
        latin_name_skeletons(text, 3).into_iter().collect()
    };
    f.quotes = text
        .chars()
        .filter(|c| matches!(c, '“' | '”' | '«' | '»' | '"'))
        .count();
    f.chars = text.chars().filter(|c| !c.is_whitespace()).count();
    f
}

fn dice(a: &HashSet<String>, b: &HashSet<String>) -> Option<f64> {
    if a.is_empty() && b.is_empty() {
        return None;
    }
    let common = a.intersection(b).count();
    Some(2.0 * common as f64 / (a.len() + b.len()) as f64)
}

fn share_found(keys: &HashSet<String>, offers: &HashSet<String>) -> Option<f64> {
    if keys.is_empty() {
        return None;
    }
    Some(keys.iter().filter(|k| offers.contains(*k)).count() as f64 / keys.len() as f64)
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

/// Every Arabic/English candidate, best first, and the one-to-one choice
/// among them (greedy by score) that reaches [`THRESHOLD`].
#[derive(Clone, Debug, Default)]
pub struct Suggestions {
    pub candidates: Vec<Candidate>,
    pub pairs: Vec<Candidate>,
}

/// Suggest pairs among `texts` (document texts, in any order).
pub fn suggest(texts: &[&str]) -> Suggestions {
    let feats: Vec<Features> = texts.iter().map(|t| features(t)).collect();
    let mut candidates = Vec::new();
    for (i, a) in feats.iter().enumerate() {
        if !a.arabic || a.letters == 0 {
            continue;
        }
        for (j, e) in feats.iter().enumerate() {
            if e.arabic || e.letters == 0 {
                continue;
            }
            let evidence = evidence(a, e);
            candidates.push(Candidate {
                ar: i,
                en: j,
                score: evidence.score(),
                evidence,
            });
        }
    }
    candidates.sort_by(|x, y| {
        y.score
            .total_cmp(&x.score)
            .then(x.ar.cmp(&y.ar))
            .then(x.en.cmp(&y.en))
    });
    let mut used = vec![false; texts.len()];
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
        assert_eq!(s.candidates.len(), 4);
        let wrong = s
            .candidates
            .iter()
            .find(|c| (c.ar, c.en) == (0, 2))
            .unwrap();
        assert!(wrong.score < THRESHOLD, "{wrong:?}");
        assert_eq!(s.pairs[0].evidence.numbers, Some(1.0));
        // A document without letters has no language and pairs with nothing.
        let s = suggest(&[ar1, "5,700 — 2023", ""]);
        assert!(s.candidates.is_empty());
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
