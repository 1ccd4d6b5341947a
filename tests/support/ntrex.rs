//! NTREX-128 (../shared/ntrex, CC BY-SA 4.0) for alignment tests and
//! benchmarks: documents, a seeded perturbation that merges and drops lines,
//! and a splitter into one file per document and language.
//!
//! Shared by `tests/align_ntrex.rs`, `tests/pair_ntrex.rs` and
//! `benches/align.rs` through `#[path]`.

#![allow(dead_code)]

use std::ops::Range;
use std::path::{Path, PathBuf};

pub fn dir() -> PathBuf {
    PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/ntrex"))
}

/// One NTREX document: its id and its line-aligned English and Arabic
/// sentences.
pub struct Document {
    pub id: String,
    pub en: Vec<String>,
    pub ar: Vec<String>,
}

/// The 123 documents, in file order. Fails with a message when the data is
/// missing.
pub fn documents() -> Vec<Document> {
    let d = dir();
    let read = |name: &str| {
        std::fs::read_to_string(d.join(name)).unwrap_or_else(|e| {
            panic!(
                "{}: {e} (NTREX must be at ../shared/ntrex beside the repository)",
                d.join(name).display()
            )
        })
    };
    let ids = read("DOCUMENT_IDS.tsv");
    let en = read("newstest2019-src.eng.txt");
    let ar = read("newstest2019-ref.arb.txt");
    let ids: Vec<&str> = ids
        .lines()
        .map(|l| l.split('\t').next().unwrap_or(l))
        .collect();
    let en: Vec<&str> = en.lines().collect();
    let ar: Vec<&str> = ar.lines().collect();
    assert_eq!(
        ids.len(),
        en.len(),
        "DOCUMENT_IDS.tsv and the English file differ in length"
    );
    assert_eq!(
        ids.len(),
        ar.len(),
        "DOCUMENT_IDS.tsv and the Arabic file differ in length"
    );
    let mut docs: Vec<Document> = Vec::new();
    for ((id, e), a) in ids.iter().zip(&en).zip(&ar) {
        match docs.last_mut() {
            Some(doc) if doc.id == *id => {
                doc.en.push(e.to_string());
                doc.ar.push(a.to_string());
            }
            _ => docs.push(Document {
                id: id.to_string(),
                en: vec![e.to_string()],
                ar: vec![a.to_string()],
            }),
        }
    }
    docs
}

/// splitmix64: a small, fixed, seedable generator (no dependency, same
/// numbers on every platform).
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    /// Uniform in [0, 1).
    pub fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n as u64) as usize
    }
}

/// Segments of both sides after perturbation, with the gold beads.
pub struct Perturbed {
    pub src: Vec<String>,
    pub tgt: Vec<String>,
    pub gold: Vec<(Range<usize>, Range<usize>)>,
}

/// Perturb a line-aligned pair: at each position, with probability
/// `p21` two source lines face one merged target line (a 2-1 bead), with
/// `p12` two merged source lines face two target lines (1-2), with `drop`
/// one side's line is dropped (a 1-0 or 0-1 bead, sides alternating at
/// random), else 1-1. Merged lines are joined with a space.
pub fn perturb(
    src: &[String],
    tgt: &[String],
    rng: &mut Rng,
    p21: f64,
    p12: f64,
    drop: f64,
) -> Perturbed {
    let mut out = Perturbed {
        src: Vec::new(),
        tgt: Vec::new(),
        gold: Vec::new(),
    };
    let n = src.len().min(tgt.len());
    let mut k = 0;
    while k < n {
        let r = rng.unit();
        let (s0, t0) = (out.src.len(), out.tgt.len());
        if r < p21 && k + 1 < n {
            out.src.push(src[k].clone());
            out.src.push(src[k + 1].clone());
            out.tgt.push(format!("{} {}", tgt[k], tgt[k + 1]));
            k += 2;
        } else if r < p21 + p12 && k + 1 < n {
            out.src.push(format!("{} {}", src[k], src[k + 1]));
            out.tgt.push(tgt[k].clone());
            out.tgt.push(tgt[k + 1].clone());
            k += 2;
        } else if r < p21 + p12 + drop {
            if rng.below(2) == 0 {
                out.src.push(src[k].clone());
            } else {
                out.tgt.push(tgt[k].clone());
            }
            k += 1;
        } else {
            out.src.push(src[k].clone());
            out.tgt.push(tgt[k].clone());
            k += 1;
        }
        out.gold.push((s0..out.src.len(), t0..out.tgt.len()));
    }
    out
}

/// Write each document's two sides as separate files with shuffled,
/// meaningless names into `dir`. Returns, for each document, the English and
/// Arabic file names.
pub fn split_into_files(docs: &[Document], dir: &Path, seed: u64) -> Vec<(String, String)> {
    let mut rng = Rng::new(seed);
    // A random permutation of 0..2n gives the file numbers.
    let mut numbers: Vec<usize> = (0..docs.len() * 2).collect();
    for i in (1..numbers.len()).rev() {
        let j = rng.below(i + 1);
        numbers.swap(i, j);
    }
    let mut names = Vec::new();
    for (k, doc) in docs.iter().enumerate() {
        let en = format!("doc_{:03}.txt", numbers[2 * k]);
        let ar = format!("doc_{:03}.txt", numbers[2 * k + 1]);
        std::fs::write(dir.join(&en), doc.en.join("\n") + "\n").unwrap();
        std::fs::write(dir.join(&ar), doc.ar.join("\n") + "\n").unwrap();
        names.push((en, ar));
    }
    names
}
