//! `hashiya align`: print the alignment of a translation pair.

use std::io::Write;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context;
use clap::ValueEnum;
use hashiya_align::{Bead, DocumentAlignment, PairFile};

use crate::align as hashiya_align;
use crate::corpus::positions::Positions;

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Unit {
    Paragraph,
    Sentence,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Text,
    Json,
    Tsv,
}

/// Align a document with its translation: paragraphs (non-blank lines) by
/// Gale–Church lengths plus shared numbers, Latin tokens and names, then
/// sentences inside each aligned paragraph. Confirmed beads saved by a
/// reviewer for this pair (`SRC.align.toml` or `TGT.align.toml`, whichever
/// document was the source in the review) are kept.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// The source document.
    pub src: PathBuf,
    /// The target document (its translation).
    pub tgt: PathBuf,
    /// What to align and print.
    #[arg(long, value_enum, default_value = "paragraph")]
    pub unit: Unit,
    /// Output format.
    #[arg(long, value_enum, default_value = "text")]
    pub format: Format,
    /// The inputs hold one segment per line (every line, blank or not, is a
    /// segment); print beads in Vecalign's style, `[0, 1]:[0]`, one a line.
    /// (Its own output format: --unit and --format do not apply.)
    #[arg(long, conflicts_with_all = ["unit", "format"])]
    pub segments: bool,
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let src = read(&args.src)?;
    let tgt = read(&args.tgt)?;
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    if args.segments {
        let s: Vec<&str> = segment_lines(&src);
        let t: Vec<&str> = segment_lines(&tgt);
        let beads = hashiya_align::align_sentences(&s, &t);
        for b in &beads {
            writeln!(out, "{}", vecalign(b))?;
        }
        out.flush()?;
        return Ok(ExitCode::SUCCESS);
    }
    let doc = align_pair(&args.src, &args.tgt, &src, &tgt)?;
    let (beads, src_ranges, tgt_ranges) = match args.unit {
        Unit::Paragraph => (&doc.paragraphs, &doc.src_paragraphs, &doc.tgt_paragraphs),
        Unit::Sentence => (&doc.sentences, &doc.src_sentences, &doc.tgt_sentences),
    };
    let (src_pos, tgt_pos) = (Positions::new(&src), Positions::new(&tgt));
    let side = |pos: &Positions, ranges: &[Range<usize>], r: &Range<usize>| -> Vec<Span> {
        ranges
            .get(r.clone())
            .unwrap_or(&[])
            .iter()
            .map(|range| Span::new(pos, range))
            .collect()
    };
    match args.format {
        Format::Text => {
            for b in beads {
                writeln!(
                    out,
                    "{}  {}-{}  score {:.3}{}",
                    vecalign(b),
                    b.src.len(),
                    b.tgt.len(),
                    b.score,
                    if b.confirmed { "  confirmed" } else { "" }
                )?;
                for s in side(&src_pos, src_ranges, &b.src) {
                    writeln!(out, "  < {}:{}", s.line, printable(&s.text))?;
                }
                for s in side(&tgt_pos, tgt_ranges, &b.tgt) {
                    writeln!(out, "  > {}:{}", s.line, printable(&s.text))?;
                }
            }
        }
        Format::Tsv => {
            writeln!(out, "src\ttgt\tscore\tsrc_text\ttgt_text")?;
            for b in beads {
                let join = |spans: Vec<Span>| {
                    spans
                        .iter()
                        .map(|s| printable(&s.text.replace('\t', " ")))
                        .collect::<Vec<_>>()
                        .join(" ")
                };
                writeln!(
                    out,
                    "{}\t{}\t{:.4}\t{}\t{}",
                    list(&b.src),
                    list(&b.tgt),
                    b.score,
                    join(side(&src_pos, src_ranges, &b.src)),
                    join(side(&tgt_pos, tgt_ranges, &b.tgt)),
                )?;
            }
        }
        Format::Json => {
            let beads: Vec<serde_json::Value> = beads
                .iter()
                .map(|b| {
                    let spans = |v: Vec<Span>| -> Vec<serde_json::Value> {
                        v.into_iter()
                            .map(|s| {
                                serde_json::json!({
                                    "line": s.line, "start": s.start, "end": s.end, "text": s.text
                                })
                            })
                            .collect()
                    };
                    serde_json::json!({
                        "src": b.src.clone().collect::<Vec<_>>(),
                        "tgt": b.tgt.clone().collect::<Vec<_>>(),
                        "score": b.score,
                        "cost": b.cost,
                        "confirmed": b.confirmed,
                        "src_spans": spans(side(&src_pos, src_ranges, &b.src)),
                        "tgt_spans": spans(side(&tgt_pos, tgt_ranges, &b.tgt)),
                    })
                })
                .collect();
            let unit = match args.unit {
                Unit::Paragraph => "paragraph",
                Unit::Sentence => "sentence",
            };
            let value = serde_json::json!({
                "src": args.src.display().to_string(),
                "tgt": args.tgt.display().to_string(),
                "unit": unit,
                "offsets": "code points, end exclusive",
                "beads": beads,
            });
            serde_json::to_writer_pretty(&mut out, &value)?;
            writeln!(out)?;
        }
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

/// Align a pair of document texts, keeping the confirmed beads a reviewer
/// saved for the pair (beside either document, in either orientation: see
/// [`PairFile::find`]).
pub(crate) fn align_pair(
    src_path: &Path,
    tgt_path: &Path,
    src: &str,
    tgt: &str,
) -> anyhow::Result<DocumentAlignment> {
    let file = PairFile::find(src_path, tgt_path);
    let (doc, orphans) = hashiya_align::align_pair(src, tgt, &file)?;
    for o in &orphans {
        crate::eprintln_escaped!(
            "hashiya: {}: a confirmed bead (paragraphs {}..{} of {}) no longer matches the texts",
            file.path.display(),
            o.src[0],
            o.src[1],
            src_path.display()
        );
    }
    Ok(doc)
}

pub(crate) fn read(path: &Path) -> anyhow::Result<String> {
    let bytes = std::fs::read(path).with_context(|| format!("{}", path.display()))?;
    String::from_utf8(bytes).map_err(|e| {
        let at = e.utf8_error().valid_up_to();
        let valid = e.as_bytes().get(..at).unwrap_or(&[]);
        let text = String::from_utf8_lossy(valid);
        let (line, column) = Positions::new(&text).line_column(text.len());
        anyhow::anyhow!("{}:{line}:{column}: not valid UTF-8", path.display())
    })
}

/// Every line is a segment; a final line break does not start another.
fn segment_lines(text: &str) -> Vec<&str> {
    let body = text.strip_suffix('\n').unwrap_or(text);
    if body.is_empty() {
        return Vec::new();
    }
    body.split('\n')
        .map(|l| l.strip_suffix('\r').unwrap_or(l))
        .collect()
}

/// `[0, 1]:[2]`
pub(crate) fn vecalign(b: &Bead) -> String {
    format!("{}:{}", list(&b.src), list(&b.tgt))
}

fn list(r: &Range<usize>) -> String {
    let items: Vec<String> = r.clone().map(|i| i.to_string()).collect();
    format!("[{}]", items.join(", "))
}

/// A piece of a document for output: 1-based line, code-point offsets.
struct Span {
    line: usize,
    start: usize,
    end: usize,
    text: String,
}

impl Span {
    /// `range` (bytes) of the text indexed by `pos`.
    fn new(pos: &Positions, range: &Range<usize>) -> Span {
        let body = pos.text().get(range.clone()).unwrap_or("");
        let start = pos.char_offset(range.start).unwrap_or(0);
        Span {
            line: pos.line_column(range.start).0,
            start,
            end: start + body.chars().count(),
            text: body.to_string(),
        }
    }
}

/// Text from a file made safe for a terminal: C0 and C1 controls and DEL
/// become visible symbols (`␛`, `␀`, …).
pub(crate) fn printable(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match crate::text::control_symbol(c) {
            Some(symbol) => out.push(symbol),
            // A bidi override in a document must not turn the terminal's
            // line around.
            None if crate::text::escape::is_invisible(c) => {
                out.push_str(&crate::text::escape::escape_invisible(&c.to_string()))
            }
            None => out.push(c),
        }
    }
    out
}
