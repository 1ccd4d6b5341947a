//! `hashiya agree [PATH]...`: inter-annotator agreement between the layers
//! of a team (docs/AGREE.md). The figures come from `crate::agree`; this
//! file parses arguments and prints.

use std::io::Write as _;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context as _, bail};

use super::progress::Progress;
use crate::agree::{self, Options, Report};
use crate::export::{escape_invisible, quoted};

#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Format {
    /// Tables for people.
    #[default]
    Text,
    /// One JSON object (docs/AGREE.md).
    Json,
}

/// Compare the annotators' layers: span F1, Cohen's κ, Krippendorff's α.
#[derive(clap::Args, Debug)]
#[command(
    after_help = "A document counts for a pair where both annotators' layers are \
marked done or in progress; untouched layers are left out (and named per document). \
Definitions, so that every figure can be recomputed from the CoNLL and JSONL exports: \
docs/AGREE.md. Exit status: 0; 1 below a --fail-under threshold or on an error; \
2 fewer than two annotators to compare (or no [team]), or a bad command line."
)]
pub struct Args {
    /// Corpus folders or documents (default: the current folder).
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// Compare only this label (repeatable; default: every label). The
    /// overall κ and α are on the CoNLL tags of these labels (default: entity).
    #[arg(long = "label", value_name = "L")]
    pub labels: Vec<String>,
    /// The annotators to compare (default: the whole team).
    #[arg(long, value_delimiter = ',', value_name = "A,B,...")]
    pub annotators: Vec<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t)]
    pub format: Format,
    /// List every disagreement as file:line:col with both versions.
    #[arg(long)]
    pub list: bool,
    /// Exit 1 when a figure is below VALUE: strict_f1, overlap_f1 (averaged
    /// over pairs), kappa (averaged over pairs), alpha (repeatable).
    #[arg(long = "fail-under", value_name = "METRIC=VALUE", value_parser = parse_threshold)]
    pub fail_under: Vec<(Metric, f64)>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Metric {
    StrictF1,
    OverlapF1,
    Kappa,
    Alpha,
}

impl Metric {
    fn name(self) -> &'static str {
        match self {
            Metric::StrictF1 => "strict_f1",
            Metric::OverlapF1 => "overlap_f1",
            Metric::Kappa => "kappa",
            Metric::Alpha => "alpha",
        }
    }

    fn of(self, r: &Report) -> Option<f64> {
        match self {
            Metric::StrictF1 => r.average.strict_f1,
            Metric::OverlapF1 => r.average.overlap_f1,
            Metric::Kappa => r.average.kappa,
            Metric::Alpha => r.alpha.get("").copied().flatten(),
        }
    }
}

fn parse_threshold(s: &str) -> Result<(Metric, f64), String> {
    let (m, v) = s
        .split_once('=')
        .ok_or_else(|| format!("{s:?}: expected METRIC=VALUE, e.g. strict_f1=0.8"))?;
    let metric = match m.trim() {
        "strict_f1" => Metric::StrictF1,
        "overlap_f1" => Metric::OverlapF1,
        "kappa" => Metric::Kappa,
        "alpha" => Metric::Alpha,
        other => {
            return Err(format!(
                "{other:?}: unknown metric (strict_f1, overlap_f1, kappa, alpha)"
            ));
        }
    };
    let value: f64 = v
        .trim()
        .parse()
        .map_err(|_| format!("{v:?}: not a number"))?;
    Ok((metric, value))
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let corpora = crate::corpus::select(&args.paths)?;
    let annotators = match agree::load::annotators(&corpora, &args.annotators) {
        Ok(a) => a,
        Err(e @ (agree::LoadError::TooFew(_) | agree::LoadError::NoTeam)) => {
            crate::eprintln_escaped!("hashiya agree: {e}");
            return Ok(ExitCode::from(2));
        }
        Err(e) => bail!(e),
    };
    // The labels compared, with their types, from the label sets.
    let mut labels: Vec<(String, Vec<String>)> = Vec::new();
    for (c, _) in &corpora {
        for d in &c.manifest.labels.labels {
            match labels.iter_mut().find(|l| l.0 == d.name) {
                Some(l) => {
                    for t in &d.types {
                        if !l.1.contains(t) {
                            l.1.push(t.clone());
                        }
                    }
                }
                None => labels.push((d.name.clone(), d.types.clone())),
            }
        }
    }
    for l in &args.labels {
        if !labels.iter().any(|k| &k.0 == l) {
            let known: Vec<&str> = labels.iter().map(|k| k.0.as_str()).collect();
            bail!(
                "--label {}: not in the corpus label set ({})",
                quoted(l),
                known.join(", ")
            );
        }
    }
    if !args.labels.is_empty() {
        labels.retain(|l| args.labels.contains(&l.0));
    }
    let token_labels = if args.labels.is_empty() {
        vec!["entity".to_string()]
    } else {
        args.labels.clone()
    };
    let mut problems = Vec::new();
    // Each annotator's layer of each document; Ctrl-C stops between two,
    // and then between two bootstrap samples: nothing is printed before
    // the report is whole.
    let documents: usize = corpora.iter().map(|(_, s)| s.len()).sum();
    let progress = Progress::new(
        "agree: reading",
        (documents * annotators.len()) as u64,
        "layers",
    )
    .past("read")
    .after("nothing was printed");
    let docs = agree::load::load_with(&corpora, &annotators, &mut problems, &|| progress.step())?;
    progress.finish();
    for p in &problems {
        crate::eprintln_escaped!("hashiya agree: {p}");
    }
    let opts = Options {
        annotators,
        labels,
        token_labels,
        list: args.list,
    };
    let progress = Progress::new("agree: bootstrap", agree::SAMPLES as u64, "samples")
        .past("drawn")
        .after("nothing was printed");
    let report = agree::compute_with(&docs, &opts, &mut || progress.step())?;
    progress.finish();

    let stdout = std::io::stdout();
    let mut w = std::io::BufWriter::new(stdout.lock());
    match args.format {
        Format::Json => {
            serde_json::to_writer_pretty(&mut w, &report).context("writing to stdout")?;
            writeln!(w)?;
        }
        Format::Text => {
            let mut w = crate::text::escape::Escaping::new(&mut w);
            write_text(&mut w, &report)?;
            if args.list {
                write_list(&mut w, &report)?;
            }
            w.flush().context("writing to stdout")?;
        }
    }
    w.flush().context("writing to stdout")?;

    let mut failed = false;
    for (m, min) in &args.fail_under {
        match m.of(&report) {
            Some(v) if v >= *min => {}
            Some(v) => {
                crate::eprintln_escaped!("hashiya agree: {} = {v:.4} is below {min}", m.name());
                failed = true;
            }
            None => {
                crate::eprintln_escaped!(
                    "hashiya agree: {} cannot be computed here (nothing to compare), so it is not above {min}",
                    m.name()
                );
                failed = true;
            }
        }
    }
    Ok(if failed {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

fn num(v: Option<f64>) -> String {
    v.map_or_else(|| "—".to_string(), |v| format!("{v:.4}"))
}

fn write_text(w: &mut impl std::io::Write, r: &Report) -> anyhow::Result<()> {
    let compared = r
        .documents
        .iter()
        .filter(|d| d.annotators.len() >= 2)
        .count();
    writeln!(
        w,
        "annotators: {}; {compared} of {} document(s) compared",
        r.annotators.join(", "),
        r.documents.len()
    )?;
    writeln!(w)?;
    writeln!(
        w,
        "{:<24} {:<10} {:<6} {:>8} {:>20} {:>8} {:>20} {:>8}",
        "pair", "label", "type", "strict", "m/onlyA/onlyB", "overlap", "m/onlyA/onlyB", "kappa"
    )?;
    for p in &r.pairs {
        let counts = |s: &agree::Scores| format!("{}/{}/{}", s.matched, s.only_a, s.only_b);
        writeln!(
            w,
            "{:<24} {:<10} {:<6} {:>8} {:>20} {:>8} {:>20} {:>8}",
            format!("{} ~ {}", p.a, p.b),
            if p.label.is_empty() {
                "(all)"
            } else {
                &p.label
            },
            p.kind,
            num(p.strict.f1),
            counts(&p.strict),
            num(p.overlap.f1),
            counts(&p.overlap),
            num(p.kappa)
        )?;
    }
    writeln!(w)?;
    writeln!(
        w,
        "averaged over pairs: strict F1 {}, overlap F1 {}, kappa {}",
        num(r.average.strict_f1),
        num(r.average.overlap_f1),
        num(r.average.kappa)
    )?;
    let alphas: Vec<String> = r
        .alpha
        .iter()
        .map(|(l, a)| {
            format!(
                "{} {}",
                if l.is_empty() { "tags" } else { l.as_str() },
                num(*a)
            )
        })
        .collect();
    writeln!(w, "Krippendorff's alpha: {}", alphas.join(", "))?;
    let i = &r.intervals;
    writeln!(
        w,
        "95% bootstrap interval ({} samples of documents, seed {}): strict F1 [{}, {}], alpha [{}, {}]",
        i.strict_f1.samples,
        i.strict_f1.seed,
        num(i.strict_f1.low),
        num(i.strict_f1.high),
        num(i.alpha.low),
        num(i.alpha.high)
    )?;
    writeln!(w)?;
    writeln!(w, "attributes on matched spans (agreement, pairs):")?;
    for a in &r.attributes {
        writeln!(
            w,
            "  {} ~ {}: value {} ({}), speaker {} ({}), type kappa {} ({})",
            a.a,
            a.b,
            num(a.value.agreement),
            a.value.pairs,
            num(a.speaker.agreement),
            a.speaker.pairs,
            num(a.type_kappa.agreement),
            a.type_kappa.pairs
        )?;
    }
    writeln!(w)?;
    writeln!(
        w,
        "{:<40} {:>8} {:>8} {:>8}  annotators",
        "document", "strict", "overlap", "alpha"
    )?;
    for d in &r.documents {
        let skipped: Vec<String> = d.skipped.iter().map(|(a, s)| format!("{a}: {s}")).collect();
        let note = if skipped.is_empty() {
            String::new()
        } else {
            format!(" (not counted: {})", skipped.join(", "))
        };
        writeln!(
            w,
            "{:<40} {:>8} {:>8} {:>8}  {}{note}",
            escape_invisible(&d.path),
            num(d.strict_f1),
            num(d.overlap_f1),
            num(d.alpha),
            d.annotators.join(", ")
        )?;
    }
    Ok(())
}

fn write_list(w: &mut impl std::io::Write, r: &Report) -> anyhow::Result<()> {
    writeln!(w)?;
    writeln!(w, "disagreements:")?;
    let show = |v: &Option<agree::Version>| match v {
        None => "(nothing)".to_string(),
        Some(v) => {
            let kind = if v.kind.is_empty() {
                String::new()
            } else {
                format!("/{}", v.kind)
            };
            let value = v
                .value
                .as_ref()
                .map(|x| format!(" value={x}"))
                .unwrap_or_default();
            format!("{}{kind} {}{value}", v.label, quoted(&v.text))
        }
    };
    for d in r.disagreements.iter().flatten() {
        writeln!(
            w,
            "{}",
            escape_invisible(&format!(
                "{}:{}:{}: {}: {}: {} | {}: {}",
                d.file,
                d.line,
                d.column,
                d.what,
                d.a,
                show(&d.in_a),
                d.b,
                show(&d.in_b)
            ))
        )?;
    }
    Ok(())
}
