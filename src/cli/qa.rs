//! `hashiya qa`: flag figures that disagree between aligned translations.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use super::align::{align_pair, read};
use crate::align::figures::{self, Flag};
use crate::align::numbers::Figure;
use crate::align::{Side, pairing};
use crate::corpus::Corpus;
use crate::corpus::manifest::{MANIFEST_FILE, line_column};
use crate::export::escape_invisible;

/// Check the figures of every translation pair of a corpus: the pairs
/// declared in hashiya.toml, or when there are none, the pairs `pair
/// --suggest` proposes. Each pair is aligned by paragraph (keeping confirmed
/// beads), and a number on one side of a bead with no equal number on the
/// other (after normalizing digits, separators, scale words and percents)
/// is printed as `file:line:column: …`. Exit status 1 when anything is
/// flagged.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// The corpus folder.
    #[arg(default_value = ".")]
    pub dir: PathBuf,
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
        eprintln!("hashiya: {m}; that pair is not checked");
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
        eprintln!(
            "hashiya: no translation pairs declared in {}; checking the {} pair(s) `pair --suggest` proposes (run `hashiya pair --suggest --write {}` to declare them)",
            escape_invisible(&corpus.root.join(MANIFEST_FILE).display().to_string()),
            pairs.len(),
            escape_invisible(&args.dir.display().to_string())
        );
    }
    if pairs.is_empty() {
        eprintln!("hashiya: no translation pair to check; nothing was checked");
        return Ok(ExitCode::from(2));
    }
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let mut total = 0;
    for (a, b) in &pairs {
        let (pa, pb) = (corpus.root.join(a), corpus.root.join(b));
        let (ta, tb) = (read(&pa)?, read(&pb)?);
        let doc = align_pair(&pa, &ta, &tb)?;
        let flags = figures::check(
            &ta,
            &tb,
            &doc.src_paragraphs,
            &doc.tgt_paragraphs,
            &doc.paragraphs,
        );
        for f in &flags {
            let (this_path, this_text, other_path, other_text) = match f.side {
                Side::Source => (&pa, &ta, &pb, &tb),
                Side::Target => (&pb, &tb, &pa, &ta),
            };
            let (line, col) = line_column(this_text, f.figure.range.start);
            let shown = |t: &str, fig: &Figure| {
                format!(
                    "\"{}\" ({})",
                    escape_invisible(t.get(fig.range.clone()).unwrap_or("")),
                    fig.key()
                )
            };
            let message = match &f.other {
                Some(o) => {
                    let (ol, oc) = line_column(other_text, o.range.start);
                    format!(
                        "figure {} disagrees with {} at {}:{ol}:{oc}",
                        shown(this_text, &f.figure),
                        shown(other_text, o),
                        escape_invisible(&other_path.display().to_string())
                    )
                }
                None => format!(
                    "figure {} has no counterpart in {}:{}",
                    shown(this_text, &f.figure),
                    escape_invisible(&other_path.display().to_string()),
                    facing_line(&doc, f, other_text)
                ),
            };
            writeln!(
                out,
                "{}:{line}:{col}: {message}",
                escape_invisible(&this_path.display().to_string())
            )?;
        }
        total += flags.len();
    }
    out.flush()?;
    if total > 0 {
        eprintln!(
            "hashiya: {total} figure(s) flagged in {} pair(s)",
            pairs.len()
        );
        Ok(ExitCode::from(1))
    } else if !missing.is_empty() {
        Ok(ExitCode::from(2))
    } else {
        eprintln!("hashiya: no figure flagged in {} pair(s)", pairs.len());
        Ok(ExitCode::SUCCESS)
    }
}

/// The line of the first paragraph facing the flagged figure's bead.
fn facing_line(doc: &crate::align::DocumentAlignment, f: &Flag, other_text: &str) -> usize {
    let bead = &doc.paragraphs[f.bead];
    let (units, range) = match f.side {
        Side::Source => (&doc.tgt_paragraphs, &bead.tgt),
        Side::Target => (&doc.src_paragraphs, &bead.src),
    };
    units
        .get(range.start)
        .map_or(1, |u| line_column(other_text, u.start).0)
}
