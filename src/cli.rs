//! The command line: the TUI and the headless subcommands.
//!
//! Each subcommand lives in its own file under `cli/` and exposes
//! `Args` (clap) and `run(Args) -> anyhow::Result<ExitCode>`.

use std::process::ExitCode;

use clap::{Parser, Subcommand};

mod adjudicate;
mod agree;
mod align;
mod check;
mod export;
mod import;
mod merge;
mod pair;
pub(crate) mod progress;
mod qa;
mod render;
mod status;
mod suggest;
mod tui;

/// A terminal reader and annotator for bilingual Arabic/English news corpora.
///
/// With no subcommand, opens the terminal UI on PATH: a corpus folder, one
/// file, or two files side by side (with no PATH: the demo corpus).
#[derive(Parser, Debug)]
#[command(name = "hashiya", version, about, long_about)]
#[command(args_conflicts_with_subcommands = true)]
pub struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
    #[command(flatten)]
    tui: tui::Args,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Print the visual lines of a text exactly as a pane draws them.
    Render(render::Args),
    /// Validate sidecars against their documents; exit 1 on any problem.
    Check(check::Args),
    /// Write a labeled dataset (jsonl, conll, brat, csv, tmx).
    Export(export::Args),
    /// Bring pre-annotations (jsonl, brat) into a corpus's sidecars.
    Import(import::Args),
    /// Print the alignment of a translation pair.
    Align(align::Args),
    /// Propose translation pairs among a folder's documents.
    Pair(pair::Args),
    /// Flag figures that disagree between aligned translations.
    Qa(qa::Args),
    /// Write figure, entity and claim suggestions into sidecars.
    Suggest(suggest::Args),
    /// Print the progress of a corpus per annotator: done, in progress, untouched.
    Status(status::Args),
    /// Inter-annotator agreement: span F1, Cohen's kappa, Krippendorff's alpha.
    Agree(agree::Args),
    /// Decide gold from the team's layers, with provenance.
    Adjudicate(adjudicate::Args),
    /// Git's merge driver for hashiya's files (set up by `git-setup`).
    MergeDriver(merge::DriverArgs),
    /// Register the merge driver in a git clone (.gitattributes, git config).
    GitSetup(merge::SetupArgs),
    /// Settle merge conflicts in a file: list, --ours, --theirs, --both.
    Resolve(merge::ResolveArgs),
}

/// Parse the command line, run, and turn errors into a message and exit code 1.
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        None => tui::run(cli.tui),
        Some(Command::Render(a)) => render::run(a),
        Some(Command::Check(a)) => check::run(a),
        Some(Command::Export(a)) => export::run(a),
        Some(Command::Import(a)) => import::run(a),
        Some(Command::Align(a)) => align::run(a),
        Some(Command::Pair(a)) => pair::run(a),
        Some(Command::Qa(a)) => qa::run(a),
        Some(Command::Suggest(a)) => suggest::run(a),
        Some(Command::Status(a)) => status::run(a),
        Some(Command::Agree(a)) => agree::run(a),
        Some(Command::Adjudicate(a)) => adjudicate::run(a),
        Some(Command::MergeDriver(a)) => merge::driver(a),
        Some(Command::GitSetup(a)) => merge::setup(a),
        Some(Command::Resolve(a)) => merge::resolve(a),
    };
    match result {
        Ok(code) => code,
        Err(err) => {
            if is_broken_pipe(&err) {
                return ExitCode::SUCCESS;
            }
            crate::eprintln_escaped!("hashiya: {err:#}");
            ExitCode::from(progress::exit_code(&err, 1))
        }
    }
}

/// `--annotator NAME`: who is working, for every subcommand that writes
/// annotations (flattened into their arguments).
#[derive(clap::Args, Debug, Clone, Default)]
pub struct AnnotatorArg {
    /// Who is working (else $HASHIYA_ANNOTATOR, the config's `annotator`,
    /// $USER). In a team corpus it must be one of `[team] annotators`, and
    /// it chooses the layer written.
    #[arg(long, value_name = "NAME")]
    pub annotator: Option<String>,
}

/// Decide who is working for a corpus with `team` (DESIGN.md §8): the
/// flag, `HASHIYA_ANNOTATOR`, the config, `$USER`. `config` is the
/// config's annotator when one is loaded already.
pub(crate) fn identity(
    flag: Option<&str>,
    config: Option<&crate::ui::Config>,
    team: Option<&crate::corpus::Team>,
) -> anyhow::Result<crate::corpus::Identity> {
    let loaded;
    let config = match config {
        Some(c) => c,
        None => {
            loaded = crate::ui::Config::load(crate::ui::Config::dir().as_deref()).0;
            &loaded
        }
    };
    let mut sources = crate::corpus::team::NameSources::from_env(flag, None);
    // The config's annotator defaults to $USER: count it as the config's
    // only when it says something else, so that messages name the source.
    if Some(&config.annotator) != sources.user.as_ref() && config.annotator != "anonymous" {
        sources.config = Some(config.annotator.clone());
    }
    crate::corpus::team::identify(&sources, team).map_err(anyhow::Error::msg)
}

/// Output that is piped (`| head`) stops quietly on a closed pipe.
pub(crate) fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|e| {
        e.downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    })
}
