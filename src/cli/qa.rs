//! `hashiya qa`: flag figures that disagree between aligned translations.

use std::io::Write;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use super::align::{align_pair, read};
use crate::align::figures::{self, Flag, Severity};
use crate::align::numbers::Figure;
use crate::align::{DocumentAlignment, Side, pairing};
use crate::corpus::Corpus;
use crate::corpus::manifest::MANIFEST_FILE;
use crate::corpus::positions::Positions;
use crate::export::escape_invisible;

/// Check the figures of every translation pair of a corpus: the pairs
/// declared in hashiya.toml, or when there are none, the pairs `pair
/// --suggest` proposes. Each pair is aligned by paragraph (keeping the beads
/// a reviewer confirmed, whichever document was the source), numbers are
/// read on both sides (digits in any notation, and English and Arabic
/// number words, ordinals, decades, centuries, times), and a number in
/// digits on one side of a bead with no equal number on the other is
/// printed as `file:line:column: …`, naming both sentences. Figures that
/// disagree (both sides have one, the values differ) come first, then
/// figures with no counterpart. Exit status 1 when anything is flagged.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// The corpus folder.
    #[arg(default_value = ".")]
    pub dir: PathBuf,
    /// Print only flags this serious or more: `disagrees` (both sides have
    /// a figure and the values differ) or `missing` (also figures with no
    /// counterpart: everything).
    #[arg(long, value_enum, default_value = "missing")]
    pub min_severity: MinSeverity,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum MinSeverity {
    Disagrees,
    Missing,
}

impl MinSeverity {
    fn keeps(self, s: Severity) -> bool {
        match self {
            MinSeverity::Disagrees => s == Severity::Disagrees,
            MinSeverity::Missing => true,
        }
    }
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let corpus = Corpus::open(&args.dir)?;
    let mut pairs: Vec<(String, String)> = corpus
        .manifest
        .pairs
        .iter()
        .map(|p| (p.files[0].clone(), p.files[1].clone()))
        .collect();
    let declared = !pairs.is_empty();
    let missing = corpus.manifest.missing_pair_files(&corpus.root);
    for m in &missing {
        crate::eprintln_escaped!("hashiya: {m}; that pair is not checked");
    }
    pairs.retain(|(a, b)| !missing.iter().any(|m| m.file == *a || m.file == *b));
    if !declared {
        let mut texts = Vec::new();
        for d in &corpus.documents {
            texts.push(read(&d.path)?);
        }
        let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
        pairs = pairing::suggest(&refs)
            .pairs
            .iter()
            .map(|c| {
                (
                    corpus.documents[c.ar].rel.clone(),
                    corpus.documents[c.en].rel.clone(),
                )
            })
            .collect();
        crate::eprintln_escaped!(
            "hashiya: no translation pairs declared in {}; checking the {} pair(s) `pair --suggest` proposes (run `hashiya pair --suggest --write {}` to declare them)",
            escape_invisible(&corpus.root.join(MANIFEST_FILE).display().to_string()),
            pairs.len(),
            escape_invisible(&args.dir.display().to_string())
        );
    }
    if pairs.is_empty() {
        crate::eprintln_escaped!("hashiya: no translation pair to check; nothing was checked");
        return Ok(ExitCode::from(2));
    }
    // Every flag of every pair, ranked: disagrees before missing, then in
    // pair and reading order.
    let mut lines: Vec<(Severity, String)> = Vec::new();
    for (a, b) in &pairs {
        let (pa, pb) = (corpus.root.join(a), corpus.root.join(b));
        let (ta, tb) = (read(&pa)?, read(&pb)?);
        let doc = align_pair(&pa, &pb, &ta, &tb)?;
        let flags = figures::check(
            &ta,
            &tb,
            &doc.src_paragraphs,
            &doc.tgt_paragraphs,
            &doc.paragraphs,
        );
        let (pos_a, pos_b) = (Positions::new(&ta), Positions::new(&tb));
        let sides = Sides {
            src: (&pa, &ta, &pos_a),
            tgt: (&pb, &tb, &pos_b),
        };
        for f in flags
            .iter()
            .filter(|f| args.min_severity.keeps(f.severity()))
        {
            lines.push((f.severity(), describe(&doc, &sides, f)));
        }
    }
    lines.sort_by_key(|(s, _)| *s);
    let stdout = std::io::stdout();
    let mut out = crate::text::escape::Escaping::new(std::io::BufWriter::new(stdout.lock()));
    for (_, l) in &lines {
        writeln!(out, "{l}")?;
    }
    out.flush()?;
    let total = lines.len();
    if total > 0 {
        let disagree = lines
            .iter()
            .filter(|(s, _)| *s == Severity::Disagrees)
            .count();
        crate::eprintln_escaped!(
            "hashiya: {total} figure(s) flagged in {} pair(s): {disagree} disagree, {} missing",
            pairs.len(),
            total - disagree
        );
        Ok(ExitCode::from(1))
    } else if !missing.is_empty() {
        Ok(ExitCode::from(2))
    } else {
        crate::eprintln_escaped!("hashiya: no figure flagged in {} pair(s)", pairs.len());
        Ok(ExitCode::SUCCESS)
    }
}

/// The two documents of a pair: (path, text, its position index).
struct Sides<'a> {
    src: (&'a Path, &'a str, &'a Positions<'a>),
    tgt: (&'a Path, &'a str, &'a Positions<'a>),
}

/// One output line: the figure, what it disagrees with or where it is
/// missing, and the two sentences.
fn describe(doc: &DocumentAlignment, sides: &Sides, f: &Flag) -> String {
    let ((this_path, this_text, this_pos), (other_path, other_text, other_pos)) = match f.side {
        Side::Source => (sides.src, sides.tgt),
        Side::Target => (sides.tgt, sides.src),
    };
    let at = |path: &Path, positions: &Positions, pos: usize| {
        let (line, col) = positions.line_column(pos);
        format!(
            "{}:{line}:{col}",
            escape_invisible(&path.display().to_string())
        )
    };
    let shown = |t: &str, fig: &Figure| {
        format!(
            "\"{}\" ({})",
            escape_invisible(t.get(fig.range.clone()).unwrap_or("")),
            fig.shown()
        )
    };
    let (this_sentences, other_sentences) = match f.side {
        Side::Source => (&doc.src_sentences, &doc.tgt_sentences),
        Side::Target => (&doc.tgt_sentences, &doc.src_sentences),
    };
    let this_sentence = sentence_at(this_sentences, f.figure.range.start);
    let other_sentence = match &f.other {
        Some(o) => sentence_at(other_sentences, o.range.start),
        None => facing_sentence(doc, f),
    };
    let sentence = |path: &Path, positions: &Positions, s: Option<&Range<usize>>| match s {
        Some(r) => at(path, positions, r.start),
        None => escape_invisible(&path.display().to_string()),
    };
    let this_s = sentence(
        this_path,
        this_pos,
        this_sentence.map(|i| &this_sentences[i]),
    );
    let other_s = sentence(
        other_path,
        other_pos,
        other_sentence.and_then(|i| other_sentences.get(i)),
    );
    let message = match &f.other {
        Some(o) => format!(
            "figure {} disagrees with {} at {}",
            shown(this_text, &f.figure),
            shown(other_text, o),
            at(other_path, other_pos, o.range.start)
        ),
        None => format!(
            "figure {} has no counterpart in {other_s}",
            shown(this_text, &f.figure),
        ),
    };
    format!(
        "{}: {message}; sentences {this_s} and {other_s}",
        at(this_path, this_pos, f.figure.range.start)
    )
}

/// The sentence (index into `sentences`) that holds byte `pos`.
fn sentence_at(sentences: &[Range<usize>], pos: usize) -> Option<usize> {
    let k = sentences.partition_point(|r| r.start <= pos);
    k.checked_sub(1)
}

/// The sentence facing a flagged figure that has no counterpart: the
/// other side of the sentence bead that holds the figure's sentence, or
/// the first sentence of the facing paragraphs when that side is empty.
fn facing_sentence(doc: &DocumentAlignment, f: &Flag) -> Option<usize> {
    let (this_sentences, other_sentences, other_paragraphs) = match f.side {
        Side::Source => (&doc.src_sentences, &doc.tgt_sentences, &doc.tgt_paragraphs),
        Side::Target => (&doc.tgt_sentences, &doc.src_sentences, &doc.src_paragraphs),
    };
    let s = sentence_at(this_sentences, f.figure.range.start)?;
    let bead = doc.sentences.iter().find(|b| match f.side {
        Side::Source => b.src.contains(&s),
        Side::Target => b.tgt.contains(&s),
    });
    let facing = bead.map(|b| match f.side {
        Side::Source => b.tgt.clone(),
        Side::Target => b.src.clone(),
    });
    if let Some(r) = facing.filter(|r| !r.is_empty()) {
        return Some(r.start);
    }
    let pb = doc.paragraphs.get(f.bead)?;
    let paras = match f.side {
        Side::Source => &pb.tgt,
        Side::Target => &pb.src,
    };
    let start = other_paragraphs.get(paras.start)?.start;
    sentence_at(other_sentences, start)
}
