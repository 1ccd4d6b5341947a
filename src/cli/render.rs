//! `hashiya render`: print the visual lines of a text exactly as a pane
//! draws them, without a terminal.

use std::io::{Read, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;

use crate::text::{DirChoice, Engine, LayoutOptions, paragraphs};

/// Paragraph direction on the command line.
#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum DirArg {
    /// The first strong character decides (Unicode rules P2/P3); left-to-right
    /// when there is none.
    Auto,
    /// Every paragraph left-to-right.
    Ltr,
    /// Every paragraph right-to-left.
    Rtl,
}

/// Shown after the flags in `render --help`.
const ABOUT: &str = "\
Each input line is one paragraph. Its characters are printed in display order \
(Unicode bidi algorithm, UAX #9), Arabic letters in their joined presentation \
forms, long paragraphs wrapped at word boundaries (UAX #14), and the lines of \
right-to-left paragraphs aligned to the right edge. Control characters are \
shown as visible symbols (ESC as ␛), never sent to the terminal; tabs become \
spaces. The input must be UTF-8.

Examples:
  hashiya render article.txt              wrap at 80 columns
  hashiya render --width 0 --no-pad a.txt one output line per input line
  echo 'قال: 50% (تقريبًا)' | hashiya render --reveal --width 40";

/// Print the visual lines of a text exactly as a pane draws them.
#[derive(clap::Args, Debug)]
#[command(after_long_help = ABOUT)]
pub struct Args {
    /// The text to render, UTF-8; `-` or nothing reads standard input.
    pub file: Option<PathBuf>,

    /// Columns per line; 0 turns wrapping off, so each input line gives
    /// exactly one output line.
    #[arg(long, short = 'w', default_value_t = 80, value_name = "N")]
    pub width: usize,

    /// Paragraph direction: `auto` takes it from the first strong letter of
    /// each paragraph; `ltr` and `rtl` force it.
    #[arg(long, value_enum, default_value_t = DirArg::Auto, value_name = "DIR")]
    pub dir: DirArg,

    /// Keep the base Arabic letters instead of their joined presentation
    /// forms (and make no lam-alef ligatures).
    #[arg(long)]
    pub no_shape: bool,

    /// Do not pad right-to-left lines on the left to right-align them.
    #[arg(long)]
    pub no_pad: bool,

    /// Show bidi formatting characters (LRE…PDF, LRI…PDI, LRM, RLM, ALM) and
    /// other invisible characters as visible marks instead of hiding them.
    #[arg(long)]
    pub reveal: bool,
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let (name, bytes) = match &args.file {
        Some(path) if path.as_os_str() != "-" => {
            let bytes =
                std::fs::read(path).with_context(|| format!("cannot read {}", path.display()))?;
            (path.display().to_string(), bytes)
        }
        _ => {
            let mut bytes = Vec::new();
            std::io::stdin()
                .lock()
                .read_to_end(&mut bytes)
                .context("cannot read standard input")?;
            ("<stdin>".to_string(), bytes)
        }
    };
    let text = match std::str::from_utf8(&bytes) {
        Ok(text) => text,
        Err(e) => {
            let line = bytes
                .get(..e.valid_up_to())
                .map_or(0, |b| b.iter().filter(|&&c| c == b'\n').count())
                + 1;
            anyhow::bail!(
                "{name}: invalid UTF-8 at byte offset {} (line {line}); convert the file to UTF-8 first",
                e.valid_up_to()
            );
        }
    };
    let opts = LayoutOptions {
        width: args.width,
        dir: match args.dir {
            DirArg::Auto => DirChoice::Auto,
            DirArg::Ltr => DirChoice::Ltr,
            DirArg::Rtl => DirChoice::Rtl,
        },
        shape: !args.no_shape,
        lam_alef: !args.no_shape,
        align_rtl: !args.no_pad,
        reveal: args.reveal,
        ..LayoutOptions::default()
    };
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::with_capacity(1 << 16, stdout.lock());
    let mut engine = Engine::default();
    let mut buf = String::new();
    for para in paragraphs(text) {
        engine.layout(text.get(para).unwrap_or(""), &opts);
        for i in 0..engine.line_count() {
            buf.clear();
            engine.write_line(i, !args.no_pad, &mut buf);
            buf.push('\n');
            out.write_all(buf.as_bytes())
                .context("cannot write to standard output")?;
        }
    }
    out.flush().context("cannot write to standard output")?;
    Ok(ExitCode::SUCCESS)
}
