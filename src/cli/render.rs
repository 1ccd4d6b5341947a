//! `hashiya render`: print the visual lines of a text exactly as a pane
//! draws them, without a terminal.

use std::collections::BTreeMap;
use std::io::{Read, Write};
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc;

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
    let pad = !args.no_pad;
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get().min(4));
    render_to(text, &opts, pad, CHUNK, threads, &mut out)
        .context("cannot write to standard output")?;
    out.flush().context("cannot write to standard output")?;
    Ok(ExitCode::SUCCESS)
}

/// Write the visual lines of `text` to `out`: chunks of about `chunk`
/// bytes (whole paragraphs) laid out on up to `threads` threads, written in
/// input order.
fn render_to(
    text: &str,
    opts: &LayoutOptions,
    pad: bool,
    chunk: usize,
    threads: usize,
    out: &mut impl Write,
) -> std::io::Result<()> {
    let chunks = chunks(text, chunk);
    let threads = threads.min(chunks.len()).max(1);
    if threads == 1 {
        let mut engine = Engine::default();
        let mut buf = Vec::new();
        for chunk in &chunks {
            render_chunk(chunk, opts, pad, &mut engine, &mut buf);
            out.write_all(&buf)?;
        }
        return Ok(());
    }
    // Each worker takes the next chunk from a shared counter and sends back
    // its output; this thread writes the outputs in input order. If writing
    // fails, the receiver goes away and the workers stop at their next send.
    let next = AtomicUsize::new(0);
    let (tx, rx) = mpsc::channel::<(usize, Vec<u8>)>();
    std::thread::scope(|scope| {
        for _ in 0..threads {
            let tx = tx.clone();
            let (next, chunks) = (&next, &chunks);
            scope.spawn(move || {
                let mut engine = Engine::default();
                loop {
                    let k = next.fetch_add(1, Ordering::Relaxed);
                    let Some(chunk) = chunks.get(k) else { break };
                    let mut buf = Vec::new();
                    render_chunk(chunk, opts, pad, &mut engine, &mut buf);
                    if tx.send((k, buf)).is_err() {
                        break;
                    }
                }
            });
        }
        drop(tx);
        let mut pending = BTreeMap::new();
        let mut due = 0usize;
        for (k, buf) in rx {
            pending.insert(k, buf);
            while let Some(buf) = pending.remove(&due) {
                out.write_all(&buf)?;
                due += 1;
            }
        }
        Ok(())
    })
}

/// Bytes of input per chunk when rendering on several threads.
const CHUNK: usize = 1 << 18;

/// `text` cut into pieces of about `size` bytes, each ending just after a
/// newline (or at the end of the text), so no paragraph is split.
fn chunks(text: &str, size: usize) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = text;
    while !rest.is_empty() {
        let cut = rest
            .as_bytes()
            .iter()
            .skip(size)
            .position(|&b| b == b'\n')
            .map_or(rest.len(), |p| size + p + 1);
        let Some((head, tail)) = rest.split_at_checked(cut) else {
            out.push(rest);
            break;
        };
        out.push(head);
        rest = tail;
    }
    out
}

/// Render the paragraphs of `text` into `buf` (cleared first) as UTF-8,
/// one output line per visual line.
fn render_chunk(
    text: &str,
    opts: &LayoutOptions,
    pad: bool,
    engine: &mut Engine,
    buf: &mut Vec<u8>,
) {
    buf.clear();
    for para in paragraphs(text) {
        engine.layout(text.get(para).unwrap_or(""), opts);
        for i in 0..engine.line_count() {
            engine.write_line(i, pad, buf);
            buf.push(b'\n');
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::layout_paragraph;

    #[test]
    fn chunks_end_after_newlines_and_cover_the_text() {
        let text = "ab\n\nقال\r\nx\nlast";
        for size in 0..text.len() + 2 {
            let pieces = chunks(text, size);
            assert_eq!(pieces.concat(), text, "size {size}");
            let (last, init) = pieces.split_last().expect("non-empty text");
            assert!(init.iter().all(|p| p.ends_with('\n')), "size {size}");
            assert!(!last.is_empty());
        }
        assert!(chunks("", 4).is_empty());
    }

    /// Any chunk size and thread count prints what the library lays out,
    /// paragraph by paragraph.
    #[test]
    fn threads_print_the_library_layout_in_order() {
        let text = "The minister said (in Arabic):\n\
                    قال الوزير إن الاقتصاد «سينمو» بنسبة 5% هذا العام، وإن الحكومة ستدعم الشركات الصغيرة.\n\
                    \n\
                    \tTab\u{1b}[31m and RTL: שלום עולם 123\r\n\
                    لا إله\n";
        let opts = LayoutOptions {
            width: 24,
            ..LayoutOptions::default()
        };
        let mut want = String::new();
        for para in paragraphs(text) {
            for line in layout_paragraph(text.get(para).unwrap_or(""), &opts).lines {
                want.push_str(&line.to_text(true));
                want.push('\n');
            }
        }
        for chunk in [0, 1, 5, 40, 1000] {
            for threads in [1, 2, 3] {
                let mut out = Vec::new();
                render_to(text, &opts, true, chunk, threads, &mut out).expect("write to a Vec");
                assert_eq!(
                    String::from_utf8(out).expect("UTF-8"),
                    want,
                    "chunk {chunk}, {threads} threads"
                );
            }
        }
    }
}
