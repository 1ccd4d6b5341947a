//! `hashiya [PATH]...`: the terminal UI.

use std::path::PathBuf;
use std::process::ExitCode;

#[derive(clap::Args, Debug)]
pub struct Args {
    /// A corpus folder, one file, or two files side by side (default: the demo corpus).
    pub paths: Vec<PathBuf>,
}

pub fn run(_args: Args) -> anyhow::Result<ExitCode> {
    anyhow::bail!("the terminal UI is not implemented yet")
}
