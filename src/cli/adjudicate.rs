//! `hashiya adjudicate [PATH]...`: from the team's layers to gold with
//! provenance (docs/FORMAT.md, "Adjudication"). Without `--auto` the
//! adjudication view opens (`crate::app::adjudicate`); with it the units
//! the layers agree on are written without a screen and the counts of what
//! remains are printed per document. The decisions themselves are made in
//! `crate::adjudicate`; this file parses arguments and prints.

use std::io::Write as _;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context as _, bail};

use crate::adjudicate::{Choice, Session, UnitState};
use crate::agree;
use crate::export::escape_invisible;

#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum Auto {
    /// Units where every layer has the same version.
    Unanimous,
    /// Units where more than half of the layers have the same version
    /// (unanimous ones included).
    Majority,
}

/// Decide the gold version of each annotation from the annotators' layers:
/// the adjudication view, or `--auto` without a screen.
#[derive(clap::Args, Debug)]
#[command(
    after_help = "Without --auto the adjudication view opens: the document (with its translation \
beside it) with every unit marked by state, and the current unit's versions side by side. Keys: \
1-9 take annotator N's version, y the majority's, e then 1-9 edit one with the reader's keys \
(enter takes it), x rejects every version (nothing is gold there), d defers, n/p next and \
previous unit to decide, q leaves; ? lists them all ([keys.adjudicate] in config.toml).\n\n\
Units group the layers' annotations as `hashiya agree` matches them (strict \
match, else overlapping spans of one label, else alone). Each decision is written to the gold \
sidecar (article.ann.toml) with its sources (annotator:id), the decision, the adjudicator and \
the time (docs/FORMAT.md, \"Adjudication\"); a decision already taken is never overwritten. \
Exit status: 0; 1 on an error; 2 when there is no [team] or fewer than two annotators."
)]
pub struct Args {
    /// Corpus folders or documents (default: the current folder).
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// Write the units the layers agree on to gold without a screen, then
    /// print what remains to decide per document.
    #[arg(long, value_enum, value_name = "WHICH")]
    pub auto: Option<Auto>,
    /// Who decides (else $HASHIYA_ANNOTATOR, the config's `annotator`,
    /// $USER); recorded with every decision. Need not be in the team.
    #[arg(long, alias = "annotator", value_name = "NAME")]
    pub adjudicator: Option<String>,
    /// In the adjudication view, name the annotators A, B, C… (in the
    /// team's order) instead of by name. The gold sidecar still records
    /// their names.
    #[arg(long)]
    pub anonymous: bool,
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let corpora = crate::corpus::select(&args.paths)?;
    if let Err(e @ (agree::LoadError::TooFew(_) | agree::LoadError::NoTeam)) =
        agree::load::annotators(&corpora, &[])
    {
        eprintln!("hashiya adjudicate: {e}");
        return Ok(ExitCode::from(2));
    }
    let who = super::identity(args.adjudicator.as_deref(), None, None)?.name;
    let Some(auto) = args.auto else {
        return view(&corpora, who, args.anonymous);
    };
    let now = crate::annotation::now_rfc3339();
    let stdout = std::io::stdout();
    let mut w = std::io::BufWriter::new(stdout.lock());
    let mut failed = 0usize;
    let mut total = Counts::default();
    for (corpus, selected) in &corpora {
        let Some(team) = &corpus.manifest.team else {
            continue;
        };
        for rel in selected {
            let Some(d) = corpus.document(rel) else {
                continue;
            };
            let mut s = match Session::open(&d.path, &corpus.manifest.labels, &team.annotators) {
                Ok(s) => s,
                Err(e) => {
                    eprintln!(
                        "hashiya adjudicate: {rel}: {}",
                        escape_invisible(&e.to_string())
                    );
                    failed += 1;
                    continue;
                }
            };
            for p in &s.problems {
                eprintln!(
                    "hashiya adjudicate: {}: {}",
                    s.gold_path().display(),
                    escape_invisible(p)
                );
            }
            let c = match run_doc(&mut s, auto, &who, &now) {
                Ok(c) => c,
                Err(e) => {
                    eprintln!(
                        "hashiya adjudicate: {rel}: {}",
                        escape_invisible(&e.to_string())
                    );
                    failed += 1;
                    continue;
                }
            };
            if c.units > 0 {
                writeln!(w, "{}: {}", escape_invisible(rel), c.line())?;
            }
            total.add(&c);
        }
    }
    writeln!(w, "total: {}", total.line())?;
    w.flush().context("writing to stdout")?;
    Ok(if failed > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// The adjudication view on the documents selected that have units.
fn view(
    corpora: &[(crate::corpus::Corpus, Vec<String>)],
    who: String,
    anonymous: bool,
) -> anyhow::Result<ExitCode> {
    let mut teams = corpora.iter().filter(|(c, _)| c.manifest.team.is_some());
    let (Some((corpus, selected)), None) = (teams.next(), teams.next()) else {
        bail!(
            "the adjudication view opens one corpus at a time: name documents or folders of one corpus"
        );
    };
    let Some(team) = &corpus.manifest.team else {
        return Ok(ExitCode::from(2));
    };
    let mut docs = Vec::new();
    for rel in selected {
        let Some(d) = corpus.document(rel) else {
            continue;
        };
        // Counted now (and the gold lock let go): the list shows it.
        match Session::open(&d.path, &corpus.manifest.labels, &team.annotators) {
            Ok(s) if !s.units.is_empty() => {
                let path = std::fs::canonicalize(&d.path).unwrap_or_else(|_| d.path.clone());
                docs.push((path, s.open_count()));
            }
            Ok(_) => {}
            Err(e) => bail!("{rel}: {}", escape_invisible(&e.to_string())),
        }
    }
    if docs.is_empty() {
        println!("nothing to adjudicate: no annotator has annotated these documents yet");
        return Ok(ExitCode::SUCCESS);
    }
    super::tui::run_adjudication(&corpus.root, &docs, who, anonymous)
}

/// What one document holds after the batch.
#[derive(Default, Debug)]
struct Counts {
    units: usize,
    decided_now: usize,
    decided_before: usize,
    /// Open units by state: unanimous, majority, disagreement, single.
    open: [usize; 4],
}

impl Counts {
    fn add(&mut self, o: &Counts) {
        self.units += o.units;
        self.decided_now += o.decided_now;
        self.decided_before += o.decided_before;
        for (a, b) in self.open.iter_mut().zip(o.open) {
            *a += b;
        }
    }

    fn line(&self) -> String {
        let open: usize = self.open.iter().sum();
        format!(
            "{} decided now, {} decided before, {open} to decide ({} unanimous, {} majority, {} disagreement, {} single)",
            self.decided_now,
            self.decided_before,
            self.open[0],
            self.open[1],
            self.open[2],
            self.open[3]
        )
    }
}

fn run_doc(
    s: &mut Session,
    auto: Auto,
    who: &str,
    now: &str,
) -> Result<Counts, crate::adjudicate::AdjudicateError> {
    let mut c = Counts {
        units: s.units.len(),
        ..Counts::default()
    };
    for u in 0..s.units.len() {
        if s.decision(u).is_some() {
            c.decided_before += 1;
            continue;
        }
        let state = s.units[u].state;
        let take = match (auto, state) {
            (_, UnitState::Unanimous) => Some(Choice::Unanimous),
            (Auto::Majority, UnitState::Majority) => Some(Choice::Majority),
            _ => None,
        };
        match take {
            Some(choice) => {
                s.decide(u, choice, who, now)?;
                c.decided_now += 1;
            }
            None => {
                c.open[match state {
                    UnitState::Unanimous => 0,
                    UnitState::Majority => 1,
                    UnitState::Disagreement => 2,
                    UnitState::Single => 3,
                }] += 1;
            }
        }
    }
    if c.decided_now > 0 {
        s.save()?;
    }
    Ok(c)
}
