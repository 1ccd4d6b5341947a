//! The TUI's state machine: `update(&mut State, Action) -> Vec<Effect>`. No
//! terminal here: keys, the mouse and tests all produce the same `Action`s,
//! and whatever touches the outside world (saving, opening files, quitting)
//! comes back as an `Effect` for the runtime in `cli::tui` to carry out.

pub mod adjudicate;
mod annotate;
mod browser;
pub mod command;
mod disagree;
pub mod doc;
pub mod io;
pub mod layout;
pub mod motion;
mod overlay;
mod review;
pub mod scan;
pub mod search;
pub mod view;

use std::collections::BTreeMap;
use std::ops::Range;
use std::path::PathBuf;

use crate::annotation::edit::{self, By};
use crate::annotation::{Annotation, Journal, Op, Status, Step, attr};
use crate::corpus::LabelSet;

use annotate::*;
pub use browser::open_paths;
use browser::*;
pub use command::Command;
pub use doc::{Document, OtherLayer};
pub use motion::Unit;
pub use overlay::list_items;
use overlay::*;
use review::*;
pub use review::{describe as describe_suggestion, under as suggestion_under_cursor};
pub use view::{Bead, Geom, Scroll};

/// Reads a reviewed alignment of (left, right) documents, if one was saved:
/// the alignment and whether its source is the right pane.
pub type SavedAlignment = fn(&Document, &Document) -> Option<(crate::align::Alignment, bool)>;

/// The alignment of the two panes, which the reviewer can fix.
pub struct PaneAlignment {
    pub al: crate::align::Alignment,
    /// The alignment's source is the right pane (pane 1).
    pub flip: bool,
}

/// A figure in an aligned bead with no equal figure on the other side
/// ([`crate::align::figures::check`]), in pane terms.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FigureFlag {
    /// Index into `State::beads`.
    pub bead: usize,
    /// The pane (0 left, 1 right) the flagged figure is in.
    pub pane: usize,
    /// Byte range of the figure in that pane's document.
    pub span: Range<usize>,
    /// The figure as written.
    pub text: String,
    /// The unmatched figure on the other side it was compared with, if any.
    pub other: Option<String>,
    /// Byte range of that figure in the other pane's document.
    pub other_span: Option<Range<usize>>,
}

/// Settings the state machine needs (from `config.toml`).
#[derive(Clone, Debug)]
pub struct Settings {
    /// Who is working: recorded on what they make and review.
    pub annotator: String,
    pub shape: bool,
    pub lam_alef: bool,
    /// The layer edited and the layers that may be shown read-only.
    pub layers: io::LayerView,
    /// The adjudication view names annotators A, B, C… instead.
    pub anonymous: bool,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            annotator: "anonymous".into(),
            shape: true,
            lam_alef: true,
            layers: io::LayerView::default(),
            anonymous: false,
        }
    }
}

/// One document in the corpus browser.
#[derive(Clone, Debug, Default)]
pub struct Entry {
    pub path: PathBuf,
    /// Relative to the corpus root.
    pub rel: String,
    pub lang: String,
    pub rtl: bool,
    pub counts: BTreeMap<String, usize>,
    /// The translation partner's index in the entry list.
    pub partner: Option<usize>,
    /// The partner was proposed from the texts, not declared in the manifest.
    pub partner_suggested: bool,
    pub orphans: usize,
    pub problems: usize,
    /// The document's status in the layer being edited.
    pub status: crate::corpus::DocStatus,
    /// Suggestions not yet reviewed in the layer being edited.
    pub pending: usize,
    /// In a team: every annotator's status, in the manifest's order.
    pub team: Vec<(String, crate::corpus::DocStatus)>,
    /// Units left to decide (the browser of `hashiya adjudicate`).
    pub to_decide: Option<usize>,
    /// Language, counts, status and problems have been read (the browser
    /// lists file names first and reads the rest in the background).
    pub scanned: bool,
}

/// The corpus browser.
#[derive(Clone, Debug, Default)]
pub struct Browser {
    pub root: PathBuf,
    pub entries: Vec<Entry>,
    pub filter: String,
    /// Index into `visible()`.
    pub sel: usize,
    /// The corpus's `[team]`, if it has one.
    pub team: Option<crate::corpus::Team>,
    /// Opening a document opens its adjudication view (`hashiya adjudicate`).
    pub adjudicate: bool,
    /// While the background scan runs: how many entries it has read, of
    /// how many.
    pub scanning: Option<(usize, usize)>,
    /// The widest name, as shown (worked out on the first frame: names do
    /// not change, and a list of 100,000 is slow to measure every frame).
    pub name_width: std::cell::OnceCell<usize>,
}

/// One word of the browser's filter. The filter is words separated by
/// spaces, and an entry is shown when every word matches it.
#[derive(Clone, Debug, PartialEq, Eq)]
enum FilterWord {
    /// A case-insensitive part of the path (any word not below).
    Path(String),
    /// `lang:ar`: the detected language.
    Lang(String),
    /// `status:todo`, `status:prog`, `status:done`: the status in the layer
    /// being edited (a part of its name).
    Status(String),
    /// `has:problems`, `has:orphans`, `has:pending`, `has:partner` (or a
    /// prefix of one).
    Has(String),
}

impl FilterWord {
    fn parse(filter: &str) -> Vec<FilterWord> {
        filter
            .split_whitespace()
            .map(|w| {
                let w = w.to_lowercase();
                match w.split_once(':') {
                    Some(("lang", v)) if !v.is_empty() => FilterWord::Lang(v.to_string()),
                    Some(("status", v)) if !v.is_empty() => FilterWord::Status(v.to_string()),
                    Some(("has", v)) if !v.is_empty() => FilterWord::Has(v.to_string()),
                    _ => FilterWord::Path(w),
                }
            })
            .collect()
    }

    /// Whether this word needs what the scan reads (an entry not read yet
    /// does not match it).
    fn needs_scan(&self) -> bool {
        match self {
            FilterWord::Path(_) => false,
            FilterWord::Has(v) => !"partner".starts_with(v.as_str()),
            _ => true,
        }
    }

    fn matches(&self, e: &Entry) -> bool {
        if self.needs_scan() && !e.scanned {
            return false;
        }
        match self {
            FilterWord::Path(w) if w.is_ascii() => {
                // Without lower-casing every name of a long list.
                let w = w.as_bytes();
                w.is_empty()
                    || e.rel
                        .as_bytes()
                        .windows(w.len())
                        .any(|part| part.eq_ignore_ascii_case(w))
            }
            FilterWord::Path(w) => e.rel.to_lowercase().contains(w.as_str()),
            FilterWord::Lang(v) => e.lang == *v,
            FilterWord::Status(v) => e.status.as_str().contains(v.as_str()),
            FilterWord::Has(v) => {
                let has = |what: &str| what.starts_with(v.as_str());
                (has("problems") && e.problems > 0)
                    || (has("orphans") && e.orphans > 0)
                    || (has("pending") && e.pending > 0)
                    || (has("partner") && e.partner.is_some())
            }
        }
    }
}

impl Browser {
    /// Entries matching the filter: every word of it (see [`FilterWord`]).
    pub fn visible(&self) -> Vec<usize> {
        let words = FilterWord::parse(&self.filter);
        (0..self.entries.len())
            .filter(|&i| words.iter().all(|w| w.matches(&self.entries[i])))
            .filter(|&i| !self.adjudicate || self.entries[i].to_decide.is_some())
            .collect()
    }

    /// Whether the filter asks for something the background scan has not
    /// read for every entry yet (so more entries may match later).
    pub fn filter_incomplete(&self) -> bool {
        self.scanning.is_some()
            && FilterWord::parse(&self.filter)
                .iter()
                .any(FilterWord::needs_scan)
    }

    /// Bring the entry of `doc`, just saved, up to date with it: counts,
    /// pending suggestions, orphans and status (and `own` annotator's
    /// column in a team), as the scan would read them from the file.
    pub fn saved(&mut self, doc: &Document, own: Option<&str>) {
        let Some(e) = self.entries.iter_mut().find(|e| e.path == doc.path) else {
            return;
        };
        if !e.scanned {
            return;
        }
        e.counts = io::label_counts(doc.anns.iter());
        e.pending = doc
            .anns
            .iter()
            .filter(|a| a.status == Status::Suggested)
            .count();
        e.orphans = doc.orphans.len();
        e.status = doc.status();
        if let Some(own) = own
            && let Some(slot) = e.team.iter_mut().find(|(name, _)| name == own)
        {
            slot.1 = e.status;
        }
    }

    /// The first row shown on a list `rows` high (the selection stays on
    /// screen), and the entries on those rows.
    pub fn window(&self, vis: &[usize], rows: usize) -> (usize, Vec<usize>) {
        let first = self.sel.saturating_sub(rows.saturating_sub(1));
        (first, vis.iter().skip(first).take(rows).copied().collect())
    }
}

/// Which screen is up.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Screen {
    Browser,
    Reader,
    /// The adjudication view (`State::adjudication`).
    Adjudicate,
}

/// A pane showing one document.
#[derive(Clone, Debug)]
pub struct Pane {
    pub doc: usize,
    /// Byte offset of the cursor (a grapheme start inside a block).
    pub cursor: usize,
    /// Where the selection started, when selecting.
    pub anchor: Option<usize>,
}

/// How the annotation list is sorted.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SortBy {
    Position,
    Label,
    Created,
}

/// What a text prompt is asking for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Ask {
    Search,
    Note {
        doc: usize,
        id: String,
    },
    Value {
        doc: usize,
        id: String,
    },
    Unit {
        doc: usize,
        id: String,
        value: String,
    },
    Speaker {
        doc: usize,
        id: String,
    },
}

/// What a choice menu is choosing.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Choose {
    /// A label for a new span, or for an existing annotation.
    Label(Target),
    /// An entity type for a label that has types.
    Kind(Target, String),
}

/// What a tag applies to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Target {
    New { doc: usize, span: Range<usize> },
    Existing { doc: usize, id: String },
}

/// Something drawn over the reader that takes the keys.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Overlay {
    None,
    Help {
        scroll: usize,
    },
    List {
        sel: usize,
        sort: SortBy,
    },
    /// The figure flags of the two panes (`State::flags`).
    Flags {
        sel: usize,
    },
    /// Where the layers of the active document disagree (`hashiya agree --list`).
    Disagreements {
        sel: usize,
        items: Vec<crate::agree::Disagreement>,
    },
    Prompt {
        ask: Ask,
        input: String,
    },
    Menu {
        choose: Choose,
        items: Vec<String>,
        sel: usize,
    },
}

/// Severity of a status message, least severe first.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Level {
    Info,
    Warn,
    Error,
}

/// Keys for text input in prompts, menus and the browser filter.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Input {
    Char(char),
    Backspace,
    Enter,
    Esc,
    Up,
    Down,
}

/// Mouse events, in screen coordinates.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mouse {
    Down { x: u16, y: u16 },
    Drag { x: u16, y: u16 },
    DoubleClick { x: u16, y: u16 },
    ScrollDown,
    ScrollUp,
}

/// Everything that can happen to the state.
pub enum Action {
    Cmd(Command),
    Input(Input),
    Mouse(Mouse),
    Resize(u16, u16),
    /// Documents the runtime loaded for an `Effect::Open`: (path, document).
    Opened(Vec<Document>),
    /// The outcome of an `Effect::Save`.
    Saved {
        doc: usize,
        result: Result<(), String>,
    },
    /// A message from the runtime (a load error, a terminal warning).
    Message(Level, String),
    /// The runtime opened an `Effect::Adjudicate`; leaving the view quits
    /// when `quit` (the view was all the command line asked for).
    Adjudicating {
        opened: Box<adjudicate::Opened>,
        quit: bool,
    },
}

/// What the runtime must do.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Effect {
    /// Write this document's annotations to its sidecar.
    Save(usize),
    /// Write it even over a sidecar that changed on disk.
    ForceSave(usize),
    /// Settle merge conflicts recorded in this document's sidecar: those
    /// of these annotations (all of them when `None`).
    Resolve {
        doc: usize,
        choice: crate::merge::sidecar::Choice,
        ids: Option<Vec<String>>,
    },
    /// Write the reviewed alignment of the two panes.
    SaveAlignment,
    /// Load these files (not already open) and send back `Action::Opened`.
    Open(Vec<PathBuf>),
    /// Open this document's adjudication (its gold layer locked, the team's
    /// layers read) and send back `Action::Adjudicating`.
    Adjudicate(PathBuf),
    /// Write the adjudication's gold sidecar (a decision was taken).
    SaveGold,
    Quit,
}

/// The whole TUI state.
pub struct State {
    pub settings: Settings,
    pub labels: LabelSet,
    pub size: (u16, u16),
    pub screen: Screen,
    pub browser: Browser,
    pub docs: Vec<Document>,
    /// One pane, or two side by side (left first).
    pub panes: Vec<Pane>,
    pub active: usize,
    pub beads: Vec<Bead>,
    pub scroll: Scroll,
    pub overlay: Overlay,
    pub message: Option<(Level, String)>,
    /// An annotation waiting for its link partner: (doc, id).
    pub link_from: Option<(usize, String)>,
    pub search: Option<String>,
    /// Undo/redo of every annotation edit, across the open documents.
    pub history: Journal,
    pub reveal: bool,
    /// Paths asked for by `Effect::Open`, to show once loaded.
    pending_open: Vec<PathBuf>,
    quit_confirm: bool,
    /// Where a reviewed alignment of two documents comes from (set by the
    /// runtime to read `.align.toml` files; none in tests: aligned afresh).
    pub saved_alignment: Option<SavedAlignment>,
    /// The alignment behind `beads` when two panes are shown.
    pub alignment: Option<PaneAlignment>,
    /// Figures that disagree between the two panes, per bead, in reading
    /// order; empty with one pane.
    pub flags: Vec<FigureFlag>,
    /// The user chose to quit with unsaved changes.
    force_quit: bool,
    pub quitting: bool,
    /// Other annotators' layers are drawn (team mode, not blind).
    pub show_layers: bool,
    /// The suggestion `]` or `[` last took the cursor to (doc, start): `]`
    /// from there goes on to the next one. From anywhere else (where `y`/`x`
    /// moved the cursor, a document just opened with a suggestion at its
    /// start) `]` first stops on a suggestion starting under the cursor, so
    /// `] y ] y` reviews every suggestion. Any other command forgets it.
    pub suggestion_seen: Option<(usize, usize)>,
    /// What the annotation list shows (kept between openings).
    pub list_filter: ListFilter,
    /// The adjudication view, when it is up.
    pub adjudication: Option<Box<adjudicate::Adjudication>>,
}

/// The annotation list's filter: one label, one review status, or all.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ListFilter {
    pub label: Option<String>,
    pub status: Option<Status>,
}

impl State {
    pub fn new(settings: Settings, labels: LabelSet, browser: Browser) -> State {
        State {
            settings,
            labels,
            size: (80, 24),
            screen: Screen::Browser,
            browser,
            docs: Vec::new(),
            panes: Vec::new(),
            active: 0,
            beads: Vec::new(),
            scroll: Scroll::default(),
            overlay: Overlay::None,
            message: None,
            link_from: None,
            search: None,
            history: Journal::default(),
            reveal: false,
            pending_open: Vec::new(),
            quit_confirm: false,
            saved_alignment: None,
            alignment: None,
            flags: Vec::new(),
            force_quit: false,
            quitting: false,
            show_layers: false,
            suggestion_seen: None,
            list_filter: ListFilter::default(),
            adjudication: None,
        }
    }

    /// Show these documents (indices into `docs`) side by side, Arabic on
    /// the right.
    pub fn show(&mut self, docs: &[usize]) {
        let mut order: Vec<usize> = docs.iter().copied().take(2).collect();
        if order.len() == 2 && self.docs[order[0]].rtl && !self.docs[order[1]].rtl {
            order.swap(0, 1);
        }
        self.panes = order
            .iter()
            .map(|&d| Pane {
                doc: d,
                cursor: self.docs[d].blocks.first().map_or(0, |b| b.start),
                anchor: None,
            })
            .collect();
        self.active = 0;
        self.screen = Screen::Reader;
        self.scroll = Scroll::default();
        self.overlay = Overlay::None;
        self.link_from = None;
        self.rebuild_beads();
    }

    /// Beads of the panes: one pane gives one bead per block; two panes are
    /// aligned by paragraph (Gale–Church with anchors, `align`), keeping the
    /// beads a reviewer confirmed and saved.
    pub fn rebuild_beads(&mut self) {
        self.alignment = None;
        self.flags.clear();
        if self.panes.len() == 2 {
            let (l, r) = (&self.docs[self.panes[0].doc], &self.docs[self.panes[1].doc]);
            let pa = match self.saved_alignment.and_then(|f| f(l, r)) {
                Some((al, flip)) => PaneAlignment { al, flip },
                None => {
                    let texts = |d: &Document| -> Vec<String> {
                        (0..d.paras.len())
                            .map(|p| d.para_text(p).to_string())
                            .collect()
                    };
                    let (a, b) = (texts(l), texts(r));
                    let ar: Vec<&str> = a.iter().map(String::as_str).collect();
                    let br: Vec<&str> = b.iter().map(String::as_str).collect();
                    PaneAlignment {
                        al: crate::align::Alignment::new(&ar, &br),
                        flip: false,
                    }
                }
            };
            self.alignment = Some(pa);
            self.beads_from_alignment();
        } else {
            let counts: Vec<usize> = self
                .panes
                .iter()
                .map(|p| self.docs[p.doc].blocks.len())
                .collect();
            self.beads = view::beads_by_order(&counts);
        }
    }

    fn beads_from_alignment(&mut self) {
        let Some(pa) = &self.alignment else { return };
        let [l, r] = [0, 1].map(|p| self.panes.get(p).map(|pane| &self.docs[pane.doc]));
        // The aligner counts paragraphs; the panes draw blocks.
        let blocks = |d: Option<&Document>, paras: &Range<usize>| {
            d.map_or(paras.clone(), |d| d.para_blocks(paras.clone()))
        };
        self.beads = pa
            .al
            .beads
            .iter()
            .map(|bd| Bead {
                parts: if pa.flip {
                    [blocks(l, &bd.tgt), blocks(r, &bd.src)]
                } else {
                    [blocks(l, &bd.src), blocks(r, &bd.tgt)]
                },
                confirmed: bd.confirmed,
                doubtful: !bd.confirmed && bd.score < view::DOUBTFUL,
            })
            .collect();
        self.check_figures();
    }

    /// Compare the figures of each bead of the two panes (only the pair's
    /// text: cheap enough to redo after every alignment edit).
    pub fn check_figures(&mut self) {
        self.flags.clear();
        let (Some(pa), [p0, p1]) = (&self.alignment, self.panes.as_slice()) else {
            return;
        };
        // The alignment's source is the left pane unless flipped.
        let (src_pane, tgt_pane) = if pa.flip { (1, 0) } else { (0, 1) };
        let docs = [&self.docs[p0.doc], &self.docs[p1.doc]];
        let (s, t) = (docs[src_pane], docs[tgt_pane]);
        let found =
            crate::align::figures::check(&s.text, &t.text, &s.paras, &t.paras, &pa.al.beads);
        let quote =
            |d: &Document, r: &Range<usize>| d.text.get(r.clone()).unwrap_or("").to_string();
        let mut flags: Vec<FigureFlag> = found
            .into_iter()
            .map(|f| {
                let (pane, other_pane) = match f.side {
                    crate::align::Side::Source => (src_pane, tgt_pane),
                    crate::align::Side::Target => (tgt_pane, src_pane),
                };
                FigureFlag {
                    bead: f.bead,
                    pane,
                    text: quote(docs[pane], &f.figure.range),
                    span: f.figure.range,
                    other: f.other.as_ref().map(|o| quote(docs[other_pane], &o.range)),
                    other_span: f.other.map(|o| o.range),
                }
            })
            .collect();
        // The order of `hashiya qa` (`align::figures::rank`): figures that
        // disagree before figures with no counterpart, then by bead.
        flags.sort_by_key(|f| (f.other.is_none(), f.bead, f.pane, f.span.start));
        self.flags = flags;
    }

    pub fn pane(&self) -> Option<&Pane> {
        self.panes.get(self.active)
    }

    pub fn active_doc(&self) -> Option<&Document> {
        self.pane().and_then(|p| self.docs.get(p.doc))
    }

    /// The selection of a pane: anchor..cursor inclusive of the grapheme
    /// under the later end.
    pub fn selection(&self, pane: usize) -> Option<Range<usize>> {
        let p = self.panes.get(pane)?;
        let a = p.anchor?;
        let d = &self.docs[p.doc];
        let bl = motion::Blocks {
            text: &d.text,
            blocks: &d.blocks,
        };
        let (lo, hi) = (a.min(p.cursor), a.max(p.cursor));
        Some(lo..bl.grapheme_end(hi))
    }

    /// A quit stands even though saving failed (asked twice).
    pub fn quitting_anyway(&self) -> bool {
        self.force_quit
    }

    fn set_message(&mut self, level: Level, text: impl Into<String>) {
        self.message = Some((level, text.into()));
    }
}

/// The heart of the TUI: apply one action, return what the runtime must do.
pub fn update(state: &mut State, action: Action) -> Vec<Effect> {
    match action {
        Action::Resize(w, h) => {
            state.size = (w, h);
            view::ensure_cursor_visible(state);
            Vec::new()
        }
        Action::Message(level, text) => {
            state.set_message(level, text);
            Vec::new()
        }
        Action::Opened(docs) => {
            for d in docs {
                if !state.docs.iter().any(|x| x.path == d.path) {
                    state.docs.push(d);
                }
            }
            let want: Vec<usize> = state
                .pending_open
                .iter()
                .filter_map(|p| state.docs.iter().position(|d| &d.path == p))
                .collect();
            state.pending_open.clear();
            if !want.is_empty() {
                state.show(&want);
            }
            Vec::new()
        }
        Action::Saved { doc, result } => {
            if let Some(d) = state.docs.get_mut(doc) {
                match result {
                    Ok(()) => {
                        d.save_error = None;
                        let own = state.settings.layers.layer.annotator().map(str::to_string);
                        state.browser.saved(d, own.as_deref());
                    }
                    Err(e) => {
                        d.dirty = true;
                        d.save_error = Some(e.clone());
                        state.set_message(Level::Error, e);
                    }
                }
            }
            Vec::new()
        }
        Action::Adjudicating { opened, quit } => {
            adjudicate::opened(state, *opened, quit);
            Vec::new()
        }
        Action::Mouse(m) => view::mouse(state, m),
        Action::Input(i)
            if state.screen == Screen::Adjudicate && state.overlay == Overlay::None =>
        {
            adjudicate::input(state, i)
        }
        Action::Input(i) => input(state, i),
        Action::Cmd(c) => command(state, c),
    }
}

fn quit(state: &mut State) -> Vec<Effect> {
    let failing: Vec<String> = state
        .docs
        .iter()
        .filter(|d| d.save_error.is_some())
        .map(|d| d.name.clone())
        .collect();
    if !failing.is_empty() && !state.quit_confirm {
        state.quit_confirm = true;
        state.set_message(
            Level::Error,
            format!(
                "not saved: {} — quit again to leave anyway (the changes are lost)",
                failing.join(", ")
            ),
        );
        return Vec::new();
    }
    state.quitting = true;
    state.force_quit = state.quit_confirm;
    let mut out: Vec<Effect> = (0..state.docs.len())
        .filter(|&i| state.docs[i].dirty)
        .map(Effect::Save)
        .collect();
    out.push(Effect::Quit);
    out
}

fn command(state: &mut State, c: Command) -> Vec<Effect> {
    if c != Command::Quit {
        state.quit_confirm = false;
    }
    if !matches!(c, Command::NextSuggestion | Command::PrevSuggestion) {
        state.suggestion_seen = None;
    }
    // Help opens over anything (a prompt or a menu is dropped); in the help
    // itself it closes it, below.
    if c == Command::Help && !matches!(state.overlay, Overlay::Help { .. }) {
        state.overlay = Overlay::Help { scroll: 0 };
        return Vec::new();
    }
    match state.overlay {
        Overlay::Help { .. } => {
            if let Overlay::Help { scroll } = &mut state.overlay {
                match c {
                    Command::ScrollDown | Command::LineDown | Command::Down => *scroll += 1,
                    Command::ScrollUp | Command::LineUp | Command::Up => {
                        *scroll = scroll.saturating_sub(1)
                    }
                    Command::PageDown => *scroll += 10,
                    Command::PageUp => *scroll = scroll.saturating_sub(10),
                    Command::Quit => return quit(state),
                    _ => state.overlay = Overlay::None,
                }
            }
            return Vec::new();
        }
        Overlay::List { .. } => return list_command(state, c),
        Overlay::Flags { .. } => return flags_command(state, c),
        Overlay::Disagreements { .. } => return disagree::command(state, c),
        Overlay::Prompt { .. } | Overlay::Menu { .. } => {
            if c == Command::Cancel {
                state.overlay = Overlay::None;
            }
            return Vec::new();
        }
        Overlay::None => {}
    }
    if state.screen == Screen::Browser {
        return browser_command(state, c);
    }
    if state.screen == Screen::Adjudicate {
        return adjudicate::command(state, c);
    }
    reader_command(state, c)
}

/// A key in the reader (also the adjudication view's reader keys).
fn reader_command(state: &mut State, c: Command) -> Vec<Effect> {
    if state.panes.is_empty() {
        if c == Command::Quit {
            return quit(state);
        }
        state.screen = Screen::Browser;
        return Vec::new();
    }
    use Command::*;
    match c {
        Quit => return quit(state),
        Help => state.overlay = Overlay::Help { scroll: 0 },
        OpenBrowser => state.screen = Screen::Browser,
        NextPane => {
            state.active = (state.active + 1) % state.panes.len();
            view::ensure_cursor_visible(state);
        }
        SwapPanes => {
            if state.panes.len() == 2 {
                state.panes.swap(0, 1);
                state.active = 1 - state.active;
                state.rebuild_beads();
                view::ensure_cursor_visible(state);
            }
        }
        ScrollDown => view::scroll_by(state, 1),
        ScrollUp => view::scroll_by(state, -1),
        PageDown => {
            let h = view::text_height(state) as isize;
            view::scroll_by(state, (h - 2).max(1));
        }
        PageUp => {
            let h = view::text_height(state) as isize;
            view::scroll_by(state, -(h - 2).max(1));
        }
        Top => {
            let first = state
                .active_doc()
                .and_then(|d| d.blocks.first().map(|b| b.start));
            move_to(state, first.unwrap_or(0), false);
        }
        Bottom => {
            let last = state.active_doc().and_then(|d| {
                let bl = motion::Blocks {
                    text: &d.text,
                    blocks: &d.blocks,
                };
                d.blocks.last().map(|b| bl.clamp(b.end))
            });
            move_to(state, last.unwrap_or(0), false);
        }
        Forward => step(state, Unit::Grapheme, true, false),
        Backward => step(state, Unit::Grapheme, false, false),
        Left | Right | ExtendLeft | ExtendRight => {
            // On screen: in a right-to-left pane, left is forward.
            let rtl = state.active_doc().is_some_and(|d| d.rtl);
            let right = matches!(c, Right | ExtendRight);
            step(
                state,
                Unit::Grapheme,
                right != rtl,
                matches!(c, ExtendLeft | ExtendRight),
            )
        }
        LineDown => view::line_move(state, true),
        LineUp => view::line_move(state, false),
        WordForward => step(state, Unit::Word, true, false),
        WordEnd => step(state, Unit::WordEnd, true, false),
        WordBack => step(state, Unit::Word, false, false),
        ExtendWordForward => step(state, Unit::WordEnd, true, true),
        ExtendWordBack => step(state, Unit::Word, false, true),
        SentenceForward => step(state, Unit::Sentence, true, false),
        SentenceBack => step(state, Unit::Sentence, false, false),
        ParagraphForward => step(state, Unit::Paragraph, true, false),
        ParagraphBack => step(state, Unit::Paragraph, false, false),
        ToggleSelect => {
            let p = &mut state.panes[state.active];
            p.anchor = match p.anchor {
                Some(_) => None,
                None => Some(p.cursor),
            };
        }
        SelectWord => select_word(state),
        Cancel => {
            let p = &mut state.panes[state.active];
            if p.anchor.is_some() {
                p.anchor = None;
            } else if state.link_from.is_some() {
                state.link_from = None;
                state.set_message(Level::Info, "link cancelled");
            } else {
                state.message = None;
                state.search = None;
            }
        }
        TagClaim => return tag_selection(state, Some("claim")),
        TagFigure => return tag_selection(state, Some("figure")),
        TagEntity => return tag_selection(state, Some("entity")),
        Tag => return tag_selection(state, None),
        EditLabel => {
            if let Some((doc, id)) = ann_under_cursor(state) {
                open_label_menu(state, Target::Existing { doc, id });
            }
        }
        EditNote => {
            if let Some((doc, id)) = ann_under_cursor(state) {
                let note = state.docs[doc]
                    .ann(&id)
                    .and_then(|a| a.note.clone())
                    .unwrap_or_default();
                state.overlay = Overlay::Prompt {
                    ask: Ask::Note { doc, id },
                    input: note,
                };
            }
        }
        EditAttrs => edit_attrs(state),
        Delete => {
            if let Some((doc, id)) = ann_under_cursor(state) {
                let fx = commit(state, vec![(doc, Op::Remove(id))]);
                if !fx.is_empty() {
                    state.set_message(Level::Info, "annotation deleted (u to undo)");
                }
                return fx;
            }
        }
        Undo => match state.history.undo(&mut state.docs) {
            Ok(Some(t)) => {
                state.set_message(Level::Info, "undone");
                return saves(state, t);
            }
            Ok(None) => state.set_message(Level::Info, "nothing to undo"),
            Err(e) => state.set_message(Level::Error, format!("cannot undo: {e}")),
        },
        Redo => match state.history.redo(&mut state.docs) {
            Ok(Some(t)) => {
                state.set_message(Level::Info, "redone");
                return saves(state, t);
            }
            Ok(None) => state.set_message(Level::Info, "nothing to redo"),
            Err(e) => state.set_message(Level::Error, format!("cannot redo: {e}")),
        },
        Link => return link(state),
        List => {
            state.overlay = Overlay::List {
                sel: 0,
                sort: SortBy::Position,
            }
        }
        Disagreements => disagree::open(state),
        FigureFlags => {
            if state.alignment.is_none() {
                state.set_message(
                    Level::Info,
                    "the figure check needs two documents side by side",
                );
            } else if state.flags.is_empty() {
                state.set_message(
                    Level::Info,
                    "figures agree: every number of an aligned paragraph is in its translation",
                );
            } else {
                state.overlay = Overlay::Flags { sel: 0 };
            }
        }
        Search => {
            state.overlay = Overlay::Prompt {
                ask: Ask::Search,
                input: String::new(),
            }
        }
        NextMatch => find_next(state, true),
        PrevMatch => find_next(state, false),
        NextSuggestion => next_suggestion(state, true),
        PrevSuggestion => next_suggestion(state, false),
        Accept | Reject | AcceptAll => return review::suggestion(state, c),
        ToggleLayers => toggle_layers(state),
        MarkDone => return mark_done(state),
        Reveal => {
            state.reveal = !state.reveal;
        }
        ConfirmBead | MergeBead | SplitBead => return review_alignment(state, c),
        KeepOurs | KeepTheirs | KeepBoth => {
            use crate::merge::sidecar::Choice;
            let choice = match c {
                KeepOurs => Choice::Ours,
                KeepTheirs => Choice::Theirs,
                _ => Choice::Both,
            };
            return review::resolve_conflicts(state, choice);
        }
        ForceSave => {
            return state
                .panes
                .iter()
                .map(|p| Effect::ForceSave(p.doc))
                .collect();
        }
        Adjudicate => return adjudicate::open_from_reader(state),
        Up | Down | Open | OpenAlone | Sort | FilterLabel | FilterStatus | TakeMajority
        | RejectUnit | EditVersion | FinishEdit | Defer | NextUnit | PrevUnit | Leave => {}
    }
    Vec::new()
}

/// Move the active cursor to `pos`; with `extend`, keep (or start) a selection.
pub fn move_to(state: &mut State, pos: usize, extend: bool) {
    let Some(p) = state.panes.get_mut(state.active) else {
        return;
    };
    if extend && p.anchor.is_none() {
        p.anchor = Some(p.cursor);
    }
    p.cursor = pos;
    view::ensure_cursor_visible(state);
}

fn step(state: &mut State, unit: Unit, forward: bool, extend: bool) {
    let Some(p) = state.pane() else { return };
    let d = &state.docs[p.doc];
    let bl = motion::Blocks {
        text: &d.text,
        blocks: &d.blocks,
    };
    let to = bl.step(p.cursor, unit, forward);
    move_to(state, to, extend);
}

fn select_word(state: &mut State) {
    let Some(p) = state.pane() else { return };
    let d = &state.docs[p.doc];
    let bl = motion::Blocks {
        text: &d.text,
        blocks: &d.blocks,
    };
    let w = bl.word_at(p.cursor);
    let last = bl.last_start(&w);
    let p = &mut state.panes[state.active];
    p.anchor = Some(w.start);
    p.cursor = last;
}

fn find_next(state: &mut State, forward: bool) {
    let Some(q) = state.search.clone() else {
        state.set_message(Level::Info, "no search yet: press / first");
        return;
    };
    let Some(p) = state.pane() else { return };
    let d = &state.docs[p.doc];
    let cur = p.cursor;
    let n = d.blocks.len();
    if n == 0 {
        return;
    }
    let start_block = motion::Blocks {
        text: &d.text,
        blocks: &d.blocks,
    }
    .block_of(cur);
    let mut found = None;
    for k in 0..=n {
        let b = if forward {
            (start_block + k) % n
        } else {
            (start_block + n - k) % n
        };
        let ms = search::find_in_block(d, b, &q);
        let pick = if forward {
            ms.into_iter().find(|m| k > 0 || m.start > cur)
        } else {
            ms.into_iter().rev().find(|m| k > 0 || m.start < cur)
        };
        if pick.is_some() {
            found = pick;
            break;
        }
    }
    match found {
        Some(m) => {
            let bl = motion::Blocks {
                text: &d.text,
                blocks: &d.blocks,
            };
            let last = bl.last_start(&m);
            let p = &mut state.panes[state.active];
            p.anchor = Some(m.start);
            p.cursor = last;
            view::ensure_cursor_visible(state);
            state.message = None;
        }
        None => state.set_message(Level::Info, format!("not found: {q}")),
    }
}
