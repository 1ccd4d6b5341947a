//! `hashiya [PATH]...`: the terminal UI. This file is the runtime around the
//! state machine: terminal setup and teardown (bidi mode, alternate screen,
//! restore on panic, Ctrl-C and SIGTERM), the event loop, and the effects
//! (loading documents, saving sidecars).

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, mpsc};
use std::time::{Duration, Instant};

use anyhow::Context;
use crossterm::event::{
    self, DisableMouseCapture, EnableMouseCapture, Event, MouseButton, MouseEventKind,
};
use crossterm::terminal::{
    EnterAlternateScreen, LeaveAlternateScreen, disable_raw_mode, enable_raw_mode,
};
use crossterm::{cursor, execute};
use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;

use hashiya_runtime::*;

#[derive(clap::Args, Debug)]
pub struct Args {
    /// A corpus folder, one file, or two files side by side (default: the demo corpus).
    pub paths: Vec<PathBuf>,
    #[command(flatten)]
    pub who: super::AnnotatorArg,
}

/// What the runtime uses from the library.
mod hashiya_runtime {
    pub use crate::app::io::{
        PartnerJob, ScanFocus, ScanJob, Scanned, apply_partners, apply_scanned, browser_listing,
        load_documents, save_document, save_document_overwriting,
    };
    pub use crate::app::{Action, Effect, Level, Mouse, Settings, State, update};
    pub use crate::ui::{self, Config, Keymap, Theme, Ui};
}

/// Start sequence: explicit bidi mode (BDSM reset, DESIGN.md §2) and
/// presentation direction left-to-right, so the terminal shows our cells as sent.
const BIDI_ON_START: &str = "\x1b[8l\x1b[1 k";
/// Exit sequence: give the terminal its implicit bidi mode back.
const BIDI_ON_EXIT: &str = "\x1b[8h\x1b[0 k";

fn setup_terminal() -> anyhow::Result<()> {
    enable_raw_mode().context("cannot put the terminal in raw mode")?;
    let mut out = std::io::stdout();
    execute!(out, EnterAlternateScreen, EnableMouseCapture, cursor::Hide)?;
    out.write_all(BIDI_ON_START.as_bytes())?;
    execute!(
        out,
        cursor::MoveTo(0, 0),
        crossterm::terminal::Clear(crossterm::terminal::ClearType::All)
    )?;
    out.flush()?;
    Ok(())
}

/// Put the terminal back as it was. Safe to call twice.
fn restore_terminal() {
    let mut out = std::io::stdout();
    let _ = execute!(out, DisableMouseCapture, LeaveAlternateScreen, cursor::Show);
    let _ = out.write_all(BIDI_ON_EXIT.as_bytes());
    let _ = out.flush();
    let _ = disable_raw_mode();
}

/// A warning for terminals known to reorder or reshape text themselves even
/// in explicit mode, naming the setting to change.
pub fn terminal_warning(env: &dyn Fn(&str) -> Option<String>) -> Option<String> {
    let term = env("TERM").unwrap_or_default();
    let program = env("TERM_PROGRAM").unwrap_or_default();
    if env("KONSOLE_VERSION").is_some() {
        return Some("Konsole reorders Arabic itself: turn off Settings › Edit Current Profile › Advanced › \"Bi-Directional text rendering\"".into());
    }
    if term.starts_with("mlterm") || env("MLTERM").is_some() {
        return Some("mlterm reorders Arabic itself: start it with --bi=false --ctl=false (or set use_bidi = false in ~/.mlterm/main)".into());
    }
    if program == "iTerm.app" {
        return Some("iTerm2 may reorder Arabic itself: turn off Settings › General › Experimental › \"Enable support for right-to-left scripts\"".into());
    }
    if term == "xterm-kitty" || env("KITTY_WINDOW_ID").is_some() {
        return Some("kitty reorders Arabic itself: add \"force_ltr yes\" to kitty.conf".into());
    }
    None
}

/// The theme for this terminal: `auto` asks the terminal for its background
/// (before the screen is taken over), then maps the colors to what the
/// terminal shows; `NO_COLOR` drops them.
fn terminal_theme(
    config: &Config,
    config_dir: Option<&Path>,
    messages: &mut Vec<(Level, String)>,
) -> Theme {
    use crate::ui::palette::Depth;
    use crate::ui::terminal;
    let env = |k: &str| std::env::var(k).ok();
    let name = if config.theme == "auto" {
        terminal::background(&env, &terminal::query_background)
            .0
            .theme()
            .to_string()
    } else {
        config.theme.clone()
    };
    let theme = match Theme::load(&name, config_dir) {
        Ok(t) => t,
        Err(e) => {
            messages.push((Level::Error, format!("{e} — using the dark theme")));
            Theme::fallback()
        }
    };
    let depth = Depth::from_name(&config.colors).unwrap_or_else(|| terminal::depth(&env));
    let theme = theme.at_depth(depth);
    if std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty()) {
        theme.without_color()
    } else {
        theme
    }
}

/// The demo corpus: `assets/demo` of the source tree this binary was built
/// from, else next to the executable, else in the current folder.
fn demo_corpus() -> Option<PathBuf> {
    let built = Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/demo");
    if built.is_dir() {
        return Some(built);
    }
    let exe_dir = std::env::current_exe()
        .ok()
        .and_then(|p| p.parent().map(Path::to_path_buf));
    for dir in [exe_dir, Some(PathBuf::from("."))].into_iter().flatten() {
        let d = dir.join("assets/demo");
        if d.is_dir() {
            return Some(d);
        }
    }
    None
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    // What to open.
    let (root, open): (PathBuf, Vec<PathBuf>) = match args.paths.as_slice() {
        [] => (
            demo_corpus().context(
                "no PATH given and the demo corpus (assets/demo) was not found; pass a corpus folder or a file",
            )?,
            Vec::new(),
        ),
        [one] if one.is_dir() => (one.clone(), Vec::new()),
        [one] => (
            crate::corpus::Manifest::find_root(one),
            vec![one.clone()],
        ),
        [a, b] => {
            for p in [a, b] {
                anyhow::ensure!(p.is_file(), "{}: not a file (two paths mean two documents side by side)", p.display());
            }
            (crate::corpus::Manifest::find_root(a), vec![a.clone(), b.clone()])
        }
        _ => anyhow::bail!("give a corpus folder, one file, or two files side by side"),
    };
    for p in &open {
        anyhow::ensure!(p.is_file(), "{}: no such file", p.display());
    }

    let (config, ui, mut messages) = ui_setup();
    // Who is working decides the layer edited; in a team an unknown name
    // stops here, before the terminal is taken.
    let team = match crate::corpus::Manifest::load(&root) {
        Ok(m) => m.team,
        // A manifest that cannot be read shows its error in the browser and
        // the default labels are used; but when it declares a team, going on
        // would put an annotator's work into the gold file.
        Err(e) if crate::corpus::manifest::mentions_team(&root) => anyhow::bail!(
            "{}; the manifest declares a team, so it says whose layer you edit: fix it first",
            crate::text::escape::escape_invisible(&e.to_string())
        ),
        Err(_) => None,
    };
    let who = super::identity(args.who.annotator.as_deref(), Some(&config), team.as_ref())?;
    let others = match &team {
        Some(t) if !t.blind => t
            .annotators
            .iter()
            .filter(|a| **a != who.name)
            .cloned()
            .collect(),
        _ => Vec::new(),
    };
    let settings = Settings {
        annotator: who.name.clone(),
        shape: config.shaping,
        lam_alef: config.lam_alef,
        layers: crate::app::io::LayerView {
            layer: who.layer.clone(),
            others,
        },
        anonymous: false,
    };
    let (browser, labels, mut problems, scan) = browser_listing(&root, &who.layer);
    messages.append(&mut problems);
    let mut state = State::new(settings, labels, browser);
    state.saved_alignment = Some(crate::app::io::saved_alignment);
    let size = crossterm::terminal::size().unwrap_or((80, 24));
    state.size = size;
    if !open.is_empty() {
        // One document named twice (`hashiya a.txt ./a.txt`) is opened once:
        // the second opening would find the first one's lock.
        let mut seen = std::collections::HashSet::new();
        let open: Vec<PathBuf> = open
            .iter()
            .map(|p| std::fs::canonicalize(p).unwrap_or_else(|_| p.clone()))
            .filter(|p| seen.insert(p.clone()))
            .collect();
        let effects = crate::app::open_paths(&mut state, open);
        run_effects(&mut state, effects);
    }
    run_state(state, &ui, messages, scan)
}

/// The configuration, the UI made from it, and messages about them.
fn ui_setup() -> (Config, Ui, Vec<(Level, String)>) {
    let config_dir = Config::dir();
    let (config, config_err) = Config::load(config_dir.as_deref());
    let mut messages: Vec<(Level, String)> = Vec::new();
    if let Some(e) = config_err {
        messages.push((Level::Error, format!("{e} — using the defaults")));
    }
    let theme = terminal_theme(&config, config_dir.as_deref(), &mut messages);
    let ui = Ui {
        theme,
        keymap: Keymap::with_overrides(&config.keys),
    };
    (config, ui, messages)
}

/// `hashiya adjudicate [PATH]...` on a screen: the adjudication view of
/// `docs` (documents of the corpus at `root`, each with the number of
/// units it has to decide): the one document's view, or a list of them to
/// open one by one. `who` decides.
pub(crate) fn run_adjudication(
    root: &Path,
    docs: &[(PathBuf, usize)],
    who: String,
    anonymous: bool,
) -> anyhow::Result<ExitCode> {
    let (config, ui, mut messages) = ui_setup();
    let settings = Settings {
        annotator: who,
        shape: config.shaping,
        lam_alef: config.lam_alef,
        layers: crate::app::io::LayerView {
            layer: crate::corpus::Layer::Gold,
            others: Vec::new(),
        },
        anonymous,
    };
    let (mut browser, labels, mut problems, scan) =
        browser_listing(root, &crate::corpus::Layer::Gold);
    messages.append(&mut problems);
    browser.adjudicate = true;
    for e in &mut browser.entries {
        let path = std::fs::canonicalize(&e.path).unwrap_or_else(|_| e.path.clone());
        e.to_decide = docs.iter().find(|(p, _)| *p == path).map(|(_, n)| *n);
    }
    let mut state = State::new(settings, labels, browser);
    state.saved_alignment = Some(crate::app::io::saved_alignment);
    state.size = crossterm::terminal::size().unwrap_or((80, 24));
    let shown: Vec<PathBuf> = state
        .browser
        .entries
        .iter()
        .filter(|e| e.to_decide.is_some())
        .map(|e| e.path.clone())
        .collect();
    if let [one] = shown.as_slice() {
        let opened = crate::app::io::open_adjudication(&state, one).map_err(anyhow::Error::msg)?;
        update(
            &mut state,
            Action::Adjudicating {
                opened: Box::new(opened),
                quit: true,
            },
        );
    }
    run_state(state, &ui, messages, scan)
}

/// The terminal around a state made ready: startup `messages` shown, the
/// browser's `scan` started, the event loop run until the user quits.
fn run_state(
    mut state: State,
    ui: &Ui,
    mut messages: Vec<(Level, String)>,
    scan: Option<ScanJob>,
) -> anyhow::Result<ExitCode> {
    if let Some(w) = terminal_warning(&|k| std::env::var(k).ok()) {
        messages.push((Level::Warn, w));
    }
    // Startup messages on one line, most severe first, so none hides another.
    messages.sort_by_key(|(l, _)| std::cmp::Reverse(*l));
    if let Some((level, _)) = messages.first() {
        let level = *level;
        let text: Vec<String> = messages.into_iter().map(|(_, m)| m).collect();
        update(&mut state, Action::Message(level, text.join("  ·  ")));
    }

    // Terminal: restore it on panic and on SIGTERM/SIGHUP/SIGINT.
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        restore_terminal();
        previous(info);
    }));
    // One channel wakes the event loop: terminal events, signals, and
    // partner proposals worked out in the background.
    let (wake, woken) = mpsc::channel::<Wake>();
    let stop = Arc::new(AtomicBool::new(false));
    let mut signals = signal_hook::iterator::Signals::new([
        signal_hook::consts::SIGTERM,
        signal_hook::consts::SIGHUP,
        signal_hook::consts::SIGINT,
    ])
    .context("cannot install the signal handlers")?;
    {
        let (wake, stop) = (wake.clone(), Arc::clone(&stop));
        std::thread::spawn(move || {
            for _ in signals.forever() {
                stop.store(true, Ordering::Relaxed);
                let _ = wake.send(Wake::Signal);
            }
        });
    }
    // The browser lists file names at once; what it shows of each document
    // beyond that is read here, the entries on screen first. Partners are
    // proposed once every language is known.
    let focus = ScanFocus::default();
    match scan {
        Some(job) => {
            let (wake, focus) = (wake.clone(), focus.clone());
            std::thread::spawn(move || {
                job.run(&focus, &mut |batch| wake.send(Wake::Scanned(batch)).is_ok());
            });
        }
        None => propose_partners(&state, &wake),
    }
    // A watchdog, the last resort: when a signal came and the loop has not
    // wound down two seconds later, restore the terminal and leave. Every
    // change was already saved when it was made.
    let watch = Arc::clone(&stop);
    std::thread::spawn(move || {
        while !watch.load(Ordering::Relaxed) {
            std::thread::sleep(Duration::from_millis(100));
        }
        std::thread::sleep(Duration::from_secs(2));
        restore_terminal();
        std::process::exit(1);
    });
    setup_terminal()?;
    let terminal = Terminal::new(CrosstermBackend::new(std::io::stdout()))?;
    // Terminal events are read on their own thread: after a hang-up
    // crossterm spins reading the closed terminal and never returns, and
    // the loop must still hear the signal that came with it. The thread
    // polls rather than blocks, so that between polls the loop can query
    // the terminal (ratatui asks for the cursor position on a resize).
    {
        let wake = wake.clone();
        std::thread::spawn(move || {
            loop {
                match event::poll(Duration::from_millis(40)) {
                    Ok(false) => continue,
                    Ok(true) => {}
                    Err(e) => {
                        let _ = wake.send(Wake::Term(Err(e)));
                        break;
                    }
                }
                let e = event::read();
                let failed = e.is_err();
                if wake.send(Wake::Term(e)).is_err() || failed {
                    break;
                }
            }
        });
    }
    let result = event_loop(
        terminal,
        &mut state,
        ui,
        &woken,
        &Background { wake, focus },
    );
    let unsaved: Vec<String> = state
        .docs
        .iter()
        .filter(|d| d.save_error.is_some())
        .map(|d| d.name.clone())
        .collect();
    // The documents' locks go before the terminal is restored (which can
    // be slow on a closed one).
    drop(state);
    restore_terminal();
    result?;
    if !unsaved.is_empty() {
        crate::eprintln_escaped!("hashiya: not saved: {}", unsaved.join(", "));
        return Ok(ExitCode::from(1));
    }
    Ok(ExitCode::SUCCESS)
}

/// Carry out effects; returns true when the program should end.
fn run_effects(state: &mut State, effects: Vec<Effect>) -> bool {
    let mut queue: std::collections::VecDeque<Effect> = effects.into();
    let mut quit = false;
    while let Some(e) = queue.pop_front() {
        match e {
            Effect::Save(d) => {
                let result = save_document(state, d);
                queue.extend(update(state, Action::Saved { doc: d, result }));
            }
            Effect::ForceSave(d) => {
                let result = save_document_overwriting(state, d);
                queue.extend(update(state, Action::Saved { doc: d, result }));
            }
            Effect::Resolve { doc, choice, ids } => {
                let r = crate::app::io::resolve_conflicts(state, doc, choice, ids.as_deref());
                let (level, text) = match r {
                    Ok(m) => (Level::Info, m),
                    Err(e) => (Level::Error, e),
                };
                queue.extend(update(state, Action::Message(level, text)));
            }
            Effect::SaveAlignment => {
                if let Err(e) = crate::app::io::save_alignment(state) {
                    queue.extend(update(state, Action::Message(Level::Error, e)));
                }
            }
            Effect::Open(paths) => {
                let root = state.browser.root.clone();
                match load_documents(&paths, &root, &state.labels, &state.settings.layers) {
                    Ok((docs, notes)) => {
                        queue.extend(update(state, Action::Opened(docs)));
                        for n in notes {
                            queue.extend(update(state, Action::Message(Level::Warn, n)));
                        }
                    }
                    Err(e) => {
                        queue.extend(update(state, Action::Message(Level::Error, e)));
                    }
                }
            }
            Effect::Adjudicate(path) => match crate::app::io::open_adjudication(state, &path) {
                Ok(opened) => queue.extend(update(
                    state,
                    Action::Adjudicating {
                        opened: Box::new(opened),
                        quit: false,
                    },
                )),
                Err(e) => queue.extend(update(state, Action::Message(Level::Error, e))),
            },
            Effect::SaveGold => {
                if let Err(e) = crate::app::io::save_gold(state) {
                    queue.extend(update(state, Action::Message(Level::Error, e)));
                }
            }
            Effect::Quit => quit = true,
        }
    }
    // A quit stands only when everything was saved (else the state asks again).
    quit && (state.docs.iter().all(|d| d.save_error.is_none()) || state.quitting_anyway())
}

/// What wakes the event loop.
enum Wake {
    Term(std::io::Result<Event>),
    /// SIGTERM, SIGHUP or SIGINT.
    Signal,
    Partners(Vec<(usize, usize, PathBuf, PathBuf)>),
    /// Entries the browser's background scan has read.
    Scanned(Vec<Scanned>),
}

/// The event loop's side of the background work: where it reports, and
/// which browser entries are on screen (read first).
struct Background {
    wake: mpsc::Sender<Wake>,
    focus: ScanFocus,
}

/// Propose translation partners in the background, when the browser has
/// undeclared Arabic and English documents to compare.
fn propose_partners(state: &State, wake: &mpsc::Sender<Wake>) {
    if let Some(job) = PartnerJob::new(&state.browser) {
        let wake = wake.clone();
        std::thread::spawn(move || {
            let _ = wake.send(Wake::Partners(job.run()));
        });
    }
}

/// Show messages that arrive while the user works (from the background
/// scan) beside the one already on the status line, not over it.
fn add_message(state: &mut State, level: Level, text: String) {
    let (level, text) = match state.message.take() {
        Some((old, shown)) if old >= level => (old, format!("{shown}  ·  {text}")),
        Some((_, shown)) => (level, format!("{text}  ·  {shown}")),
        None => (level, text),
    };
    update(state, Action::Message(level, text));
}

/// Save what can be saved before leaving on a signal or a lost terminal.
fn leave(state: &mut State) {
    let effects = update(state, Action::Cmd(crate::app::Command::Quit));
    run_effects(state, effects);
}

fn event_loop(
    mut terminal: Terminal<CrosstermBackend<std::io::Stdout>>,
    state: &mut State,
    ui: &Ui,
    woken: &mpsc::Receiver<Wake>,
    background: &Background,
) -> anyhow::Result<()> {
    terminal.clear()?;
    let mut last_click: Option<(Instant, u16, u16)> = None;
    let mut redraw = true;
    loop {
        if redraw {
            if let Err(e) = terminal.draw(|f| ui::draw(f, state, ui)) {
                leave(state);
                return Err(e.into());
            }
            redraw = false;
            if state.browser.scanning.is_some() && state.screen == crate::app::Screen::Browser {
                let vis = state.browser.visible();
                let rows = ui::browser_rows(state.size.1);
                background.focus.set(state.browser.window(&vis, rows).1);
            }
        }
        let event = match woken.recv() {
            Ok(Wake::Term(Ok(event))) => event,
            Ok(Wake::Partners(pairs)) => {
                apply_partners(&mut state.browser, pairs);
                redraw = true;
                continue;
            }
            Ok(Wake::Scanned(batch)) => {
                let messages = apply_scanned(&mut state.browser, batch);
                if let Some((level, first)) = messages.first() {
                    let text = match messages.len() {
                        1 => first.clone(),
                        n => format!("{first} (and {} more; `hashiya check` lists them)", n - 1),
                    };
                    add_message(state, *level, text);
                }
                if state.browser.scanning.is_none() {
                    propose_partners(state, &background.wake);
                }
                redraw = true;
                continue;
            }
            Ok(Wake::Term(Err(e))) => {
                leave(state);
                return Err(e.into());
            }
            // SIGTERM/SIGHUP/SIGINT: save what can be saved and leave.
            Ok(Wake::Signal) | Err(_) => {
                leave(state);
                return Ok(());
            }
        };
        let action = match event {
            Event::Key(k) => ui::keymap::action_for(state, &ui.keymap, &k),
            Event::Resize(w, h) => Some(Action::Resize(w, h)),
            Event::Mouse(m) => {
                let (x, y) = (m.column, m.row);
                match m.kind {
                    MouseEventKind::Down(MouseButton::Left) => {
                        let double = last_click.is_some_and(|(t, lx, ly)| {
                            t.elapsed() < Duration::from_millis(400) && lx == x && ly == y
                        });
                        last_click = Some((Instant::now(), x, y));
                        Some(Action::Mouse(if double {
                            Mouse::DoubleClick { x, y }
                        } else {
                            Mouse::Down { x, y }
                        }))
                    }
                    MouseEventKind::Drag(MouseButton::Left) => {
                        Some(Action::Mouse(Mouse::Drag { x, y }))
                    }
                    MouseEventKind::ScrollDown => Some(Action::Mouse(Mouse::ScrollDown)),
                    MouseEventKind::ScrollUp => Some(Action::Mouse(Mouse::ScrollUp)),
                    _ => None,
                }
            }
            _ => None,
        };
        let Some(action) = action else { continue };
        redraw = true;
        let effects = update(state, action);
        if run_effects(state, effects) {
            return Ok(());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reordering_terminals_are_named_with_their_setting() {
        let env = |vars: &'static [(&'static str, &'static str)]| {
            move |k: &str| {
                vars.iter()
                    .find(|(n, _)| *n == k)
                    .map(|(_, v)| v.to_string())
            }
        };
        let w = terminal_warning(&env(&[("KONSOLE_VERSION", "230802")])).unwrap();
        assert!(w.contains("Bi-Directional text rendering"), "{w}");
        let w = terminal_warning(&env(&[("TERM", "xterm-kitty")])).unwrap();
        assert!(w.contains("force_ltr yes"), "{w}");
        let w = terminal_warning(&env(&[("TERM_PROGRAM", "iTerm.app")])).unwrap();
        assert!(w.contains("right-to-left"), "{w}");
        let w = terminal_warning(&env(&[("TERM", "mlterm")])).unwrap();
        assert!(w.contains("use_bidi"), "{w}");
        assert_eq!(terminal_warning(&env(&[("TERM", "xterm-256color")])), None);
    }

    #[test]
    fn bidi_sequences_are_the_documented_ones() {
        // DESIGN.md §2: CSI 8 l and CSI 1 SP k on start; CSI 8 h and CSI 0 SP k on exit.
        assert_eq!(BIDI_ON_START.as_bytes(), b"\x1b[8l\x1b[1\x20k");
        assert_eq!(BIDI_ON_EXIT.as_bytes(), b"\x1b[8h\x1b[0\x20k");
    }
}
