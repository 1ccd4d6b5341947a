//! `hashiya status [PATH]...`: the progress of a corpus, layer by layer.
//!
//! One row per annotator of the team (and one for the gold layer), with how
//! many documents are done, in progress and untouched, and how many
//! suggestions wait for review. Read-only; `--format json` for scripts.

use std::collections::BTreeMap;
use std::io::Write as _;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context as _;
use serde::Serialize;

use crate::corpus::{DocStatus, Layer};
use crate::export::escape_invisible;
use crate::sidecar;

#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Format {
    /// A table for people.
    #[default]
    Text,
    /// One JSON object: the totals per layer and every document's statuses.
    Json,
}

/// Print the progress table: per annotator (and gold), documents done, in
/// progress and untouched, and pending suggestions.
#[derive(clap::Args, Debug)]
#[command(
    after_help = "A document is done in a layer once its annotator marked it so (D in the reader); \
in progress when the layer holds an annotation a person made or reviewed (pending suggestions do not count) or was marked so; untouched otherwise. \
In a team corpus, adjudication decisions in gold whose sources changed since are counted as stale \
(`hashiya check` names them; JSON: `stale_decisions`). \
Exit status: 0; 1 when a layer file cannot be read (named on stderr)."
)]
pub struct Args {
    /// Corpus folders or documents (default: the current folder).
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t)]
    pub format: Format,
}

/// The totals of one layer.
#[derive(Serialize, Default, Debug, Clone, PartialEq, Eq)]
struct Totals {
    layer: String,
    done: usize,
    in_progress: usize,
    todo: usize,
    pending: usize,
    annotations: usize,
}

#[derive(Serialize)]
struct DocRow {
    path: String,
    /// Layer name -> status.
    layers: BTreeMap<String, &'static str>,
    /// Layer name -> pending suggestions.
    pending: BTreeMap<String, usize>,
}

#[derive(Serialize)]
struct Report {
    documents: usize,
    /// Adjudication decisions in gold whose sources changed since.
    stale_decisions: usize,
    layers: Vec<Totals>,
    per_document: Vec<DocRow>,
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    // Names only: status reads sidecars, never the documents themselves.
    let corpora = crate::corpus::stream::plan(&args.paths)?;
    let docs: Vec<Vec<crate::corpus::stream::Found>> = corpora
        .iter()
        .map(|c| c.documents().collect::<Result<Vec<_>, _>>())
        .collect::<Result<_, _>>()?;
    let mut unreadable = 0usize;
    // Layer rows in order: the team's annotators as listed, then gold.
    let mut order: Vec<Layer> = Vec::new();
    for c in &corpora {
        for a in c.manifest.team.iter().flat_map(|t| t.annotators.iter()) {
            let l = Layer::Annotator(a.clone());
            if !order.contains(&l) {
                order.push(l);
            }
        }
    }
    order.push(Layer::Gold);
    let mut totals: Vec<Totals> = order
        .iter()
        .map(|l| Totals {
            layer: l.name().to_string(),
            ..Totals::default()
        })
        .collect();
    let mut rows = Vec::new();
    let mut stale = 0usize;
    // Ctrl-C stops before anything is printed (a partial table would read
    // as the whole corpus's).
    let total: usize = docs.iter().map(Vec::len).sum();
    let progress = super::progress::Progress::new("status", total as u64, "documents")
        .past("read")
        .after("nothing was printed");
    for (corpus, found) in corpora.iter().zip(&docs) {
        for d in found {
            progress.check()?;
            progress.inc(1);
            let mut row = DocRow {
                path: d.rel.clone(),
                layers: BTreeMap::new(),
                pending: BTreeMap::new(),
            };
            for (k, layer) in order.iter().enumerate() {
                // Annotators of another corpus's team have no layer here.
                if let Layer::Annotator(a) = layer
                    && !corpus.manifest.team.as_ref().is_some_and(|t| t.has(a))
                {
                    continue;
                }
                let summary = match sidecar::summarize(&layer.path(&d.path)) {
                    Ok(s) => s.unwrap_or_default(),
                    Err(e) => {
                        crate::eprintln_escaped!(
                            "hashiya status: {}",
                            escape_invisible(&e.to_string())
                        );
                        unreadable += 1;
                        continue;
                    }
                };
                let t = &mut totals[k];
                match summary.status {
                    DocStatus::Done => t.done += 1,
                    DocStatus::InProgress => t.in_progress += 1,
                    DocStatus::Todo => t.todo += 1,
                }
                t.pending += summary.pending;
                t.annotations += summary.annotations;
                row.layers
                    .insert(layer.name().to_string(), summary.status.as_str());
                row.pending
                    .insert(layer.name().to_string(), summary.pending);
            }
            if corpus.manifest.team.is_some() {
                match crate::adjudicate::stale_count(&d.path) {
                    Ok(n) => stale += n,
                    Err(e) => {
                        eprintln!("hashiya status: {}", escape_invisible(&e.to_string()));
                        unreadable += 1;
                    }
                }
            }
            rows.push(row);
        }
    }
    progress.finish();
    let report = Report {
        documents: rows.len(),
        stale_decisions: stale,
        layers: totals,
        per_document: rows,
    };
    let stdout = std::io::stdout();
    let mut w = std::io::BufWriter::new(stdout.lock());
    match args.format {
        Format::Json => {
            serde_json::to_writer_pretty(&mut w, &report).context("writing to stdout")?;
            writeln!(w)?;
        }
        Format::Text => {
            let mut w = crate::text::escape::Escaping::new(&mut w);
            write_table(&mut w, &report)?;
            w.flush().context("writing to stdout")?;
        }
    }
    w.flush().context("writing to stdout")?;
    Ok(if unreadable > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

fn write_table(w: &mut impl std::io::Write, r: &Report) -> anyhow::Result<()> {
    let name_w = r
        .layers
        .iter()
        .map(|t| t.layer.chars().count())
        .max()
        .unwrap_or(5)
        .max("layer".len());
    writeln!(
        w,
        "{:<name_w$}  {:>6}  {:>11}  {:>9}  {:>7}  {:>11}",
        "layer", "done", "in progress", "untouched", "pending", "annotations"
    )?;
    for t in &r.layers {
        writeln!(
            w,
            "{:<name_w$}  {:>6}  {:>11}  {:>9}  {:>7}  {:>11}",
            t.layer, t.done, t.in_progress, t.todo, t.pending, t.annotations
        )?;
    }
    let s = if r.documents == 1 { "" } else { "s" };
    writeln!(w, "{} document{s}", r.documents)?;
    if r.stale_decisions > 0 {
        let s = if r.stale_decisions == 1 { "" } else { "s" };
        writeln!(
            w,
            "{} stale decision{s} in gold: a layer changed after adjudication (`hashiya check` names them)",
            r.stale_decisions
        )?;
    }
    Ok(())
}
