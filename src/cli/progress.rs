//! Long work on a corpus: a progress bar on standard error, and Ctrl-C that
//! stops between two documents.
//!
//! The bar appears only when standard error is a terminal and the work has
//! run for a second, so short runs, pipes and logs see nothing. Commands
//! that take a [`Progress`] call [`Progress::check`] before each
//! document: the first Ctrl-C lets the document under way finish (its
//! sidecar is written whole, through the atomic store) and the command then
//! stops with [`Interrupted`]; a second Ctrl-C ends the process at once, as
//! Ctrl-C always does.

use std::io::IsTerminal as _;
use std::sync::Arc;
use std::sync::OnceLock;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

/// How long work runs before its bar is drawn.
const SHOW_AFTER: Duration = Duration::from_secs(1);

/// Exit status of a command stopped by Ctrl-C (128 + SIGINT, as shells
/// report it).
pub const EXIT_INTERRUPTED: u8 = 130;

/// Set by the first Ctrl-C once [`Progress::new`] has been called.
fn flag() -> &'static Arc<AtomicBool> {
    static FLAG: OnceLock<Arc<AtomicBool>> = OnceLock::new();
    FLAG.get_or_init(|| {
        let flag = Arc::new(AtomicBool::new(false));
        let sigint = signal_hook::consts::SIGINT;
        // The second Ctrl-C (the flag already set) ends the process; the
        // first only sets the flag. If the handlers cannot be installed,
        // Ctrl-C keeps its default meaning.
        let _ = signal_hook::flag::register_conditional_shutdown(
            sigint,
            i32::from(EXIT_INTERRUPTED),
            Arc::clone(&flag),
        )
        .and_then(|_| signal_hook::flag::register(sigint, Arc::clone(&flag)));
        flag
    })
}

/// Work stopped by Ctrl-C between two items: `done` of `total` were
/// finished, the others not started.
#[derive(Debug, thiserror::Error)]
#[error("interrupted: {done} of {total} {what} {past}; {after}")]
pub struct Interrupted {
    pub done: u64,
    pub total: u64,
    pub what: &'static str,
    /// What was done to them: `done`, `read`, …
    pub past: &'static str,
    /// What that leaves behind.
    pub after: &'static str,
}

/// Progress through `total` items (documents, bytes of input, …).
pub struct Progress {
    bar: ProgressBar,
    started: Instant,
    /// Whether the bar may be drawn at all (standard error is a terminal).
    terminal: bool,
    shown: AtomicBool,
    /// Where the work stopped on Ctrl-C.
    stopped_at: OnceLock<u64>,
    what: &'static str,
    past: &'static str,
    after: &'static str,
}

impl Progress {
    /// Progress of `verb` over `total` items called `what` (plural, for
    /// the bar and [`Interrupted`]); Ctrl-C is caught from here on.
    pub fn new(verb: &str, total: u64, what: &'static str) -> Progress {
        flag();
        let bar = ProgressBar::with_draw_target(Some(total), ProgressDrawTarget::hidden());
        let template = format!("{verb} {{bar:30}} {{pos}}/{{len}} {what}, {{eta}} left");
        if let Ok(style) = ProgressStyle::with_template(&template) {
            bar.set_style(style.progress_chars("=> "));
        }
        Progress {
            bar,
            started: Instant::now(),
            terminal: std::io::stderr().is_terminal(),
            shown: AtomicBool::new(false),
            stopped_at: OnceLock::new(),
            what,
            past: "done",
            after: "nothing was left half-written (run again to do the rest)",
        }
    }

    /// Say what an interruption leaves behind, when it is not "nothing
    /// half-written, run again for the rest".
    pub fn after(mut self, after: &'static str) -> Progress {
        self.after = after;
        self
    }

    /// Name what is done to the items in [`Interrupted`] (default `done`):
    /// `read` for a stage that only reads.
    pub fn past(mut self, past: &'static str) -> Progress {
        self.past = past;
        self
    }

    /// Progress counted in bytes (an input file read as a stream).
    pub fn bytes(verb: &str, total: u64) -> Progress {
        let p = Progress::new(verb, total, "bytes");
        let template = format!("{verb} {{bar:30}} {{bytes}}/{{total_bytes}}, {{eta}} left");
        if let Ok(style) = ProgressStyle::with_template(&template) {
            p.bar.set_style(style.progress_chars("=> "));
        }
        p
    }

    /// `n` more items done.
    pub fn inc(&self, n: u64) {
        self.bar.inc(n);
        if self.terminal
            && !self.shown.load(Ordering::Relaxed)
            && self.started.elapsed() >= SHOW_AFTER
        {
            self.shown.store(true, Ordering::Relaxed);
            self.bar.set_draw_target(ProgressDrawTarget::stderr());
        }
    }

    /// Stop here when Ctrl-C was pressed: the error to return, with the
    /// count of what was done.
    pub fn check(&self) -> Result<(), Interrupted> {
        if flag().load(Ordering::Relaxed) {
            // Read before the bar is finished (finishing fills it), once:
            // threads that check after the first tell the same count.
            let done = *self.stopped_at.get_or_init(|| self.bar.position());
            let total = self.bar.length().unwrap_or(0);
            self.bar.finish_and_clear();
            return Err(Interrupted {
                done,
                total,
                what: self.what,
                past: self.past,
                after: self.after,
            });
        }
        Ok(())
    }

    /// [`Progress::check`], then one more item done: what to call before
    /// each item of work that the library runs (see `export::load::Tick`).
    pub fn step(&self) -> Result<(), Interrupted> {
        self.check()?;
        self.inc(1);
        Ok(())
    }

    /// Run `f` (which prints) with the bar cleared from the screen, so its
    /// lines do not mix with the bar's.
    pub fn suspend<R>(&self, f: impl FnOnce() -> R) -> R {
        if self.shown.load(Ordering::Relaxed) {
            self.bar.suspend(f)
        } else {
            f()
        }
    }

    /// Remove the bar (the work is over, or stopped by an error).
    pub fn finish(&self) {
        self.bar.finish_and_clear();
    }
}

impl Drop for Progress {
    fn drop(&mut self) {
        self.finish();
    }
}

/// The exit status for an error: [`EXIT_INTERRUPTED`] when the command was
/// stopped by Ctrl-C, else `other`.
pub fn exit_code(e: &anyhow::Error, other: u8) -> u8 {
    if e.downcast_ref::<Interrupted>().is_some() {
        EXIT_INTERRUPTED
    } else {
        other
    }
}
