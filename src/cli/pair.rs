//! `hashiya pair`: list declared translation pairs, or suggest new ones.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;

use super::progress::Progress;
use crate::align::pairing::{self, Candidate, Evidence};
use crate::corpus::Corpus;
use crate::corpus::manifest::{MANIFEST_FILE, Manifest};
use crate::export::escape_invisible;

/// List the translation pairs declared in a corpus's hashiya.toml, or with
/// --suggest propose pairs among its Arabic and English documents from
/// shared numbers, years, names, Latin tokens, quotation marks and length.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// The corpus folder.
    #[arg(default_value = ".")]
    pub dir: PathBuf,
    /// Propose pairs (one to one, best score first) instead of listing the
    /// declared ones.
    #[arg(long)]
    pub suggest: bool,
    /// With --suggest: record the proposed pairs in DIR/hashiya.toml (pairs
    /// of documents already declared are skipped).
    #[arg(long, requires = "suggest")]
    pub write: bool,
    /// With --suggest: also list every candidate below the threshold.
    #[arg(long, requires = "suggest")]
    pub all: bool,
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let corpus = Corpus::open(&args.dir)?;
    let stdout = std::io::stdout();
    let mut out = crate::text::escape::Escaping::new(std::io::BufWriter::new(stdout.lock()));
    if !args.suggest {
        if corpus.manifest.pairs.is_empty() {
            crate::eprintln_escaped!(
                "hashiya: no translation pairs declared in {}; run `hashiya pair --suggest --write {}` to find and record them",
                escape_invisible(&corpus.root.join(MANIFEST_FILE).display().to_string()),
                escape_invisible(&args.dir.display().to_string())
            );
        }
        let missing = corpus.manifest.missing_pair_files(&corpus.root);
        for m in &missing {
            crate::eprintln_escaped!("hashiya: {m}");
        }
        for p in &corpus.manifest.pairs {
            writeln!(
                out,
                "{} ↔ {}",
                escape_invisible(&p.files[0]),
                escape_invisible(&p.files[1])
            )?;
        }
        out.flush()?;
        return Ok(if missing.is_empty() {
            ExitCode::SUCCESS
        } else {
            ExitCode::from(2)
        });
    }
    // One document at a time: only its evidence is kept.
    let mut pairing = pairing::Pairing::new();
    let progress = Progress::new("pair: reading", corpus.documents.len() as u64, "documents")
        .past("read")
        .after("nothing was written");
    for d in &corpus.documents {
        progress.check()?;
        let bytes = std::fs::read(&d.path).with_context(|| d.path.display().to_string())?;
        pairing.add(&String::from_utf8_lossy(&bytes));
        progress.inc(1);
    }
    progress.finish();
    let progress = Progress::new("pair: scoring", pairing.scored() as u64, "Arabic documents")
        .past("scored")
        .after("nothing was written");
    let s = pairing.suggest_with(&mut || progress.step())?;
    progress.finish();
    let line = |c: &Candidate| {
        format!(
            "{} ↔ {}  score {:.3}  ({})",
            escape_invisible(&corpus.documents[c.ar].rel),
            escape_invisible(&corpus.documents[c.en].rel),
            c.score,
            describe(&c.evidence)
        )
    };
    if s.pairs.is_empty() {
        writeln!(
            out,
            "no pair reaches the threshold {:.2}",
            pairing::THRESHOLD
        )?;
    }
    for c in &s.pairs {
        writeln!(out, "{}", line(c))?;
    }
    if args.all {
        writeln!(out, "below the threshold {:.2}:", pairing::THRESHOLD)?;
        for c in s.candidates.iter().filter(|c| c.score < pairing::THRESHOLD) {
            writeln!(out, "  {}", line(c))?;
        }
    }
    out.flush()?;
    if args.write {
        let added = write_pairs(&corpus, &s.pairs)?;
        crate::eprintln_escaped!(
            "hashiya: {added} pair(s) recorded in {}",
            corpus.root.join(MANIFEST_FILE).display()
        );
    }
    Ok(ExitCode::SUCCESS)
}

fn describe(e: &Evidence) -> String {
    let parts = [
        ("numbers", e.numbers),
        ("years", e.years),
        ("names", e.names),
        ("latin", e.latin),
        ("quotes", e.quotes),
        ("length", e.length),
    ];
    parts
        .iter()
        .filter_map(|(name, v)| v.map(|v| format!("{name} {v:.2}")))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Append `[[pair]]` tables for the pairs whose documents are not declared
/// yet, leaving the rest of the manifest byte for byte as it was. Returns
/// how many were added.
fn write_pairs(corpus: &Corpus, pairs: &[Candidate]) -> anyhow::Result<usize> {
    let path = corpus.root.join(MANIFEST_FILE);
    let old = match std::fs::read_to_string(&path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => String::new(),
        Err(e) => return Err(e).with_context(|| path.display().to_string()),
    };
    let mut text = old.clone();
    let mut added = 0;
    let declared = corpus.manifest.partners();
    for c in pairs {
        let (ar, en) = (&corpus.documents[c.ar], &corpus.documents[c.en]);
        if declared.contains_key(ar.rel.as_str()) || declared.contains_key(en.rel.as_str()) {
            continue;
        }
        if !text.is_empty() && !text.ends_with('\n') {
            text.push('\n');
        }
        if !text.is_empty() {
            text.push('\n');
        }
        let quote = |s: &str| toml::Value::String(s.to_string()).to_string();
        text.push_str(&format!(
            "[[pair]]\nfiles = [{}, {}]\nlangs = [{}, {}]\n",
            quote(&ar.rel),
            quote(&en.rel),
            quote(&ar.lang),
            quote(&en.lang)
        ));
        added += 1;
    }
    if added == 0 {
        return Ok(0);
    }
    // The result must still be a valid manifest before it replaces the file.
    Manifest::parse(&text, &path)?;
    crate::corpus::write_atomic(&path, text.as_bytes())
        .with_context(|| path.display().to_string())?;
    Ok(added)
}
