//! The TUI's state machine: `update(&mut State, Action) -> Vec<Effect>`. No
//! terminal here: keys, the mouse and tests all produce the same `Action`s,
//! and whatever touches the outside world (saving, opening files, quitting)
//! comes back as an `Effect` for the runtime in `cli::tui` to carry out.

pub mod doc;
pub mod io;
pub mod layout;
pub mod motion;
pub mod search;
pub mod view;

use std::collections::BTreeMap;
use std::ops::Range;
use std::path::PathBuf;

use crate::annotation::{Annotation, Link, Status, attr};
use crate::corpus::LabelSet;

pub use doc::{Document, Edit, History};
pub use motion::Unit;
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
    pub annotator: String,
    pub shape: bool,
    pub lam_alef: bool,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            annotator: "anonymous".into(),
            shape: true,
            lam_alef: true,
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
}

/// The corpus browser.
#[derive(Clone, Debug, Default)]
pub struct Browser {
    pub root: PathBuf,
    pub entries: Vec<Entry>,
    pub filter: String,
    /// Index into `visible()`.
    pub sel: usize,
}

impl Browser {
    /// Entries matching the filter (case-insensitive substring of the path).
    pub fn visible(&self) -> Vec<usize> {
        let f = self.filter.to_lowercase();
        (0..self.entries.len())
            .filter(|&i| f.is_empty() || self.entries[i].rel.to_lowercase().contains(&f))
            .collect()
    }
}

/// Which screen is up.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Screen {
    Browser,
    Reader,
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

/// Severity of a status message.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Level {
    Info,
    Warn,
    Error,
}

/// Every command a key can be bound to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Command {
    Quit,
    Help,
    OpenBrowser,
    NextPane,
    SwapPanes,
    ScrollDown,
    ScrollUp,
    PageDown,
    PageUp,
    Top,
    Bottom,
    Forward,
    Backward,
    Left,
    Right,
    LineDown,
    LineUp,
    WordForward,
    WordEnd,
    WordBack,
    SentenceForward,
    SentenceBack,
    ParagraphForward,
    ParagraphBack,
    ExtendLeft,
    ExtendRight,
    ExtendWordForward,
    ExtendWordBack,
    ToggleSelect,
    SelectWord,
    Cancel,
    TagClaim,
    TagFigure,
    TagEntity,
    Tag,
    EditLabel,
    EditNote,
    EditAttrs,
    Delete,
    Undo,
    Redo,
    Link,
    List,
    FigureFlags,
    Search,
    NextMatch,
    PrevMatch,
    NextSuggestion,
    PrevSuggestion,
    Accept,
    Reject,
    AcceptAll,
    Reveal,
    ForceSave,
    ConfirmBead,
    MergeBead,
    SplitBead,
    // Browser and list
    Up,
    Down,
    Open,
    OpenAlone,
    Sort,
}

impl Command {
    /// Every command, in the order help shows them.
    pub const ALL: &'static [Command] = &[
        Command::Quit,
        Command::Help,
        Command::OpenBrowser,
        Command::NextPane,
        Command::SwapPanes,
        Command::ScrollDown,
        Command::ScrollUp,
        Command::PageDown,
        Command::PageUp,
        Command::Top,
        Command::Bottom,
        Command::Forward,
        Command::Backward,
        Command::Left,
        Command::Right,
        Command::LineDown,
        Command::LineUp,
        Command::WordForward,
        Command::WordEnd,
        Command::WordBack,
        Command::SentenceForward,
        Command::SentenceBack,
        Command::ParagraphForward,
        Command::ParagraphBack,
        Command::ExtendLeft,
        Command::ExtendRight,
        Command::ExtendWordForward,
        Command::ExtendWordBack,
        Command::ToggleSelect,
        Command::SelectWord,
        Command::Cancel,
        Command::TagClaim,
        Command::TagFigure,
        Command::TagEntity,
        Command::Tag,
        Command::EditLabel,
        Command::EditNote,
        Command::EditAttrs,
        Command::Delete,
        Command::Undo,
        Command::Redo,
        Command::Link,
        Command::List,
        Command::FigureFlags,
        Command::Search,
        Command::NextMatch,
        Command::PrevMatch,
        Command::NextSuggestion,
        Command::PrevSuggestion,
        Command::Accept,
        Command::Reject,
        Command::AcceptAll,
        Command::Reveal,
        Command::ForceSave,
        Command::ConfirmBead,
        Command::MergeBead,
        Command::SplitBead,
        Command::Up,
        Command::Down,
        Command::Open,
        Command::OpenAlone,
        Command::Sort,
    ];

    /// The name used in `config.toml` key overrides.
    pub fn name(self) -> &'static str {
        self.info().0
    }

    /// What help says about it.
    pub fn describe(self) -> &'static str {
        self.info().1
    }

    pub fn from_name(name: &str) -> Option<Command> {
        Command::ALL.iter().copied().find(|c| c.name() == name)
    }

    fn info(self) -> (&'static str, &'static str) {
        use Command::*;
        match self {
            Quit => ("quit", "save everything and quit"),
            Help => ("help", "show or hide this help"),
            OpenBrowser => ("browser", "back to the corpus browser"),
            NextPane => ("next-pane", "switch the active pane"),
            SwapPanes => ("swap-panes", "swap the left and right panes"),
            ScrollDown => ("scroll-down", "scroll one line down"),
            ScrollUp => ("scroll-up", "scroll one line up"),
            PageDown => ("page-down", "scroll one page down"),
            PageUp => ("page-up", "scroll one page up"),
            Top => ("top", "jump to the start"),
            Bottom => ("bottom", "jump to the end"),
            Forward => ("forward", "cursor to the next character (logical order)"),
            Backward => (
                "backward",
                "cursor to the previous character (logical order)",
            ),
            Left => ("left", "cursor one character to the left on screen"),
            Right => ("right", "cursor one character to the right on screen"),
            LineDown => ("line-down", "cursor one screen line down"),
            LineUp => ("line-up", "cursor one screen line up"),
            WordForward => ("word-forward", "cursor to the next word"),
            WordEnd => ("word-end", "cursor to the end of the word"),
            WordBack => ("word-back", "cursor to the previous word"),
            SentenceForward => ("sentence-forward", "cursor to the next sentence"),
            SentenceBack => ("sentence-back", "cursor to the previous sentence"),
            ParagraphForward => ("paragraph-forward", "cursor to the next paragraph"),
            ParagraphBack => ("paragraph-back", "cursor to the previous paragraph"),
            ExtendLeft => ("extend-left", "extend the selection left on screen"),
            ExtendRight => ("extend-right", "extend the selection right on screen"),
            ExtendWordForward => ("extend-word-forward", "extend the selection by a word"),
            ExtendWordBack => ("extend-word-back", "extend the selection back by a word"),
            ToggleSelect => ("select", "start or stop selecting"),
            SelectWord => ("select-word", "select the word under the cursor"),
            Cancel => ("cancel", "drop the selection, a pending link or a message"),
            TagClaim => ("tag-claim", "tag the selection as a claim"),
            TagFigure => ("tag-figure", "tag the selection as a figure"),
            TagEntity => (
                "tag-entity",
                "tag the selection as an entity (then its type)",
            ),
            Tag => ("tag", "tag the selection with a label from the label set"),
            EditLabel => (
                "edit-label",
                "change the label of the annotation under the cursor",
            ),
            EditNote => (
                "edit-note",
                "edit the note of the annotation under the cursor",
            ),
            EditAttrs => (
                "edit-attributes",
                "edit attributes (figure: value and unit; claim: speaker)",
            ),
            Delete => ("delete", "delete the annotation under the cursor"),
            Undo => ("undo", "undo the last change"),
            Redo => ("redo", "redo the last undone change"),
            Link => (
                "link",
                "link the annotation under the cursor to one in the other pane",
            ),
            List => ("list", "list the document's annotations"),
            FigureFlags => (
                "figure-flags",
                "list figures that differ between aligned paragraphs (side by side)",
            ),
            Search => ("search", "search (harakat, tatweel and alef forms ignored)"),
            NextMatch => ("next-match", "next search match"),
            PrevMatch => ("prev-match", "previous search match"),
            NextSuggestion => ("next-suggestion", "next suggested annotation"),
            PrevSuggestion => ("prev-suggestion", "previous suggested annotation"),
            Accept => ("accept", "accept the suggestion under the cursor"),
            Reject => ("reject", "reject the suggestion under the cursor"),
            AcceptAll => ("accept-all", "accept all suggestions of this label"),
            Reveal => ("reveal", "show or hide invisible characters"),
            ConfirmBead => (
                "confirm-bead",
                "confirm (or unconfirm) the alignment of the paragraphs at the cursor",
            ),
            MergeBead => (
                "merge-bead",
                "align the paragraphs at the cursor together with the next ones",
            ),
            SplitBead => (
                "split-bead",
                "split the aligned group before the paragraphs at the two cursors",
            ),
            ForceSave => (
                "force-save",
                "save, overwriting sidecars that changed on disk (after a conflict)",
            ),
            Up => ("up", "previous entry"),
            Down => ("down", "next entry"),
            Open => ("open", "open the document (with its partner side by side)"),
            OpenAlone => ("open-alone", "open the document alone"),
            Sort => ("sort", "change the sort order"),
        }
    }
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
}

/// What the runtime must do.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Effect {
    /// Write this document's annotations to its sidecar.
    Save(usize),
    /// Write it even over a sidecar that changed on disk.
    ForceSave(usize),
    /// Write the reviewed alignment of the two panes.
    SaveAlignment,
    /// Load these files (not already open) and send back `Action::Opened`.
    Open(Vec<PathBuf>),
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
    pub history: History,
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
            history: History::default(),
            reveal: false,
            pending_open: Vec::new(),
            quit_confirm: false,
            saved_alignment: None,
            alignment: None,
            flags: Vec::new(),
            force_quit: false,
            quitting: false,
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
                        (0..d.blocks.len())
                            .map(|b| d.block_text(b).to_string())
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
        self.beads = pa
            .al
            .beads
            .iter()
            .map(|bd| Bead {
                parts: if pa.flip {
                    [bd.tgt.clone(), bd.src.clone()]
                } else {
                    [bd.src.clone(), bd.tgt.clone()]
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
            crate::align::figures::check(&s.text, &t.text, &s.blocks, &t.blocks, &pa.al.beads);
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
        Action::Mouse(m) => view::mouse(state, m),
        Action::Input(i) => input(state, i),
        Action::Cmd(c) => command(state, c),
    }
}

/// Documents touched by an edit are saved right away.
fn saves(touched: Vec<usize>) -> Vec<Effect> {
    touched.into_iter().map(Effect::Save).collect()
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

fn browser_command(state: &mut State, c: Command) -> Vec<Effect> {
    let vis = state.browser.visible();
    match c {
        Command::Quit => return quit(state),
        Command::Up => state.browser.sel = state.browser.sel.saturating_sub(1),
        Command::Down => {
            state.browser.sel = (state.browser.sel + 1).min(vis.len().saturating_sub(1))
        }
        Command::PageUp => state.browser.sel = state.browser.sel.saturating_sub(10),
        Command::PageDown => {
            state.browser.sel = (state.browser.sel + 10).min(vis.len().saturating_sub(1))
        }
        Command::Top => state.browser.sel = 0,
        Command::Bottom => state.browser.sel = vis.len().saturating_sub(1),
        Command::Open | Command::OpenAlone => {
            let Some(&i) = vis.get(state.browser.sel) else {
                return Vec::new();
            };
            let e = &state.browser.entries[i];
            let mut paths = vec![e.path.clone()];
            if c == Command::Open
                && let Some(p) = e.partner.and_then(|p| state.browser.entries.get(p))
            {
                paths.push(p.path.clone());
            }
            return open_paths(state, paths);
        }
        Command::Cancel => {
            if !state.browser.filter.is_empty() {
                state.browser.filter.clear();
                state.browser.sel = 0;
            } else if !state.panes.is_empty() {
                state.screen = Screen::Reader;
            } else {
                return quit(state);
            }
        }
        Command::Help => state.overlay = Overlay::Help { scroll: 0 },
        _ => {}
    }
    Vec::new()
}

/// Show these files, asking the runtime to load those not open yet.
pub fn open_paths(state: &mut State, mut paths: Vec<PathBuf>) -> Vec<Effect> {
    // The same file twice is one document.
    if paths.len() == 2 && paths[0] == paths[1] {
        paths.pop();
    }
    let missing: Vec<PathBuf> = paths
        .iter()
        .filter(|p| !state.docs.iter().any(|d| &d.path == *p))
        .cloned()
        .collect();
    if missing.is_empty() {
        let idx: Vec<usize> = paths
            .iter()
            .filter_map(|p| state.docs.iter().position(|d| &d.path == p))
            .collect();
        state.show(&idx);
        Vec::new()
    } else {
        state.pending_open = paths;
        vec![Effect::Open(missing)]
    }
}

fn command(state: &mut State, c: Command) -> Vec<Effect> {
    if c != Command::Quit {
        state.quit_confirm = false;
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
            if let Some((doc, id)) = ann_under_cursor(state)
                && let Some(a) = state.docs[doc].ann(&id).cloned()
            {
                let t = state
                    .history
                    .commit(&mut state.docs, vec![Edit::Remove { doc, ann: a }]);
                state.set_message(Level::Info, "annotation deleted (u to undo)");
                return saves(t);
            }
        }
        Undo => match state.history.undo(&mut state.docs) {
            Some(t) => {
                state.set_message(Level::Info, "undone");
                return saves(t);
            }
            None => state.set_message(Level::Info, "nothing to undo"),
        },
        Redo => match state.history.redo(&mut state.docs) {
            Some(t) => {
                state.set_message(Level::Info, "redone");
                return saves(t);
            }
            None => state.set_message(Level::Info, "nothing to redo"),
        },
        Link => return link(state),
        List => {
            state.overlay = Overlay::List {
                sel: 0,
                sort: SortBy::Position,
            }
        }
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
        Accept | Reject => {
            if let Some((doc, id)) = ann_under_cursor(state)
                && let Some(before) = state.docs[doc].ann(&id).cloned()
                && before.status == Status::Suggested
            {
                let mut after = before.clone();
                after.status = if c == Accept {
                    Status::Accepted
                } else {
                    Status::Rejected
                };
                after.modified = doc::now_rfc3339();
                after.annotator = state.settings.annotator.clone();
                let t = state
                    .history
                    .commit(&mut state.docs, vec![Edit::Change { doc, before, after }]);
                next_suggestion(state, true);
                return saves(t);
            } else {
                state.set_message(Level::Info, "no suggestion under the cursor");
            }
        }
        AcceptAll => {
            if let Some((doc, id)) = ann_under_cursor(state)
                && let Some(a) = state.docs[doc].ann(&id).cloned()
            {
                let group: Vec<Edit> = state.docs[doc]
                    .anns
                    .iter()
                    .filter(|b| {
                        b.status == Status::Suggested && b.label == a.label && b.kind == a.kind
                    })
                    .map(|b| {
                        let mut after = b.clone();
                        after.status = Status::Accepted;
                        after.modified = doc::now_rfc3339();
                        Edit::Change {
                            doc,
                            before: b.clone(),
                            after,
                        }
                    })
                    .collect();
                let n = group.len();
                let t = state.history.commit(&mut state.docs, group);
                state.set_message(Level::Info, format!("accepted {n} suggestions"));
                return saves(t);
            }
        }
        Reveal => {
            state.reveal = !state.reveal;
        }
        ConfirmBead | MergeBead | SplitBead => return review_alignment(state, c),
        ForceSave => {
            return state
                .panes
                .iter()
                .map(|p| Effect::ForceSave(p.doc))
                .collect();
        }
        Up | Down | Open | OpenAlone | Sort => {}
    }
    Vec::new()
}

/// The bead holding the active cursor.
fn cursor_bead(state: &State) -> Option<usize> {
    let p = state.pane()?;
    let d = &state.docs[p.doc];
    let b = motion::Blocks {
        text: &d.text,
        blocks: &d.blocks,
    }
    .block_of(p.cursor);
    Some(view::bead_of(state, state.active, b))
}

fn review_alignment(state: &mut State, c: Command) -> Vec<Effect> {
    if state.alignment.is_none() {
        state.set_message(
            Level::Info,
            "alignment review needs two documents side by side",
        );
        return Vec::new();
    }
    let Some(i) = cursor_bead(state) else {
        return Vec::new();
    };
    // Blocks at each pane's cursor.
    let block_at = |st: &State, p: usize| {
        let pane = &st.panes[p];
        let d = &st.docs[pane.doc];
        motion::Blocks {
            text: &d.text,
            blocks: &d.blocks,
        }
        .block_of(pane.cursor)
    };
    let (b0, b1) = (block_at(state, 0), block_at(state, 1));
    let Some(pa) = state.alignment.as_mut() else {
        return Vec::new();
    };
    let result = match c {
        Command::ConfirmBead => {
            if pa.al.beads.get(i).is_some_and(|b| b.confirmed) {
                pa.al.unconfirm(i).map(|_| "alignment unconfirmed")
            } else {
                pa.al.confirm(i).map(|_| "alignment confirmed")
            }
        }
        Command::MergeBead => pa
            .al
            .merge(i)
            .map(|_| "aligned together with the next paragraphs"),
        _ => {
            // Split before each pane's cursor paragraph; a cursor outside the
            // group leaves that side whole in the first half.
            let Some(bead) = pa.al.beads.get(i) else {
                return Vec::new();
            };
            let inside = |r: &Range<usize>, b: usize| if r.contains(&b) { b } else { r.end };
            let (src_at, tgt_at) = if pa.flip {
                (inside(&bead.src, b1), inside(&bead.tgt, b0))
            } else {
                (inside(&bead.src, b0), inside(&bead.tgt, b1))
            };
            pa.al
                .split(i, src_at, tgt_at)
                .map(|_| "aligned group split")
        }
    };
    match result {
        Ok(msg) => {
            state.beads_from_alignment();
            view::ensure_cursor_visible(state);
            state.set_message(Level::Info, msg);
            vec![Effect::SaveAlignment]
        }
        Err(e) => {
            state.set_message(Level::Warn, e.to_string());
            Vec::new()
        }
    }
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

/// The annotation under the active cursor: (doc, id).
fn ann_under_cursor(state: &mut State) -> Option<(usize, String)> {
    let p = state.pane()?;
    let found = state.docs[p.doc].ann_at(p.cursor).map(|a| a.id.clone());
    match found {
        Some(id) => Some((p.doc, id)),
        None => {
            state.set_message(Level::Info, "no annotation under the cursor");
            None
        }
    }
}

/// The selection of the active pane, trimmed of surrounding whitespace; the
/// word under the cursor when nothing is selected.
fn selected_span(state: &State) -> Option<(usize, Range<usize>)> {
    let p = state.pane()?;
    let d = &state.docs[p.doc];
    let span = match state.selection(state.active) {
        Some(s) => s,
        None => {
            let bl = motion::Blocks {
                text: &d.text,
                blocks: &d.blocks,
            };
            bl.word_at(p.cursor)
        }
    };
    let s = d.text.get(span.clone())?;
    let lead = s.len() - s.trim_start().len();
    let trail = s.len() - s.trim_end().len();
    let span = span.start + lead..span.end - trail;
    (!span.is_empty()).then_some((p.doc, span))
}

fn tag_selection(state: &mut State, label: Option<&str>) -> Vec<Effect> {
    let Some((doc, span)) = selected_span(state) else {
        state.set_message(Level::Info, "nothing to tag here");
        return Vec::new();
    };
    let target = Target::New { doc, span };
    match label {
        None => {
            open_label_menu(state, target);
            Vec::new()
        }
        Some(l) => choose_label(state, target, l.to_string()),
    }
}

fn open_label_menu(state: &mut State, target: Target) {
    let items: Vec<String> = state.labels.labels.iter().map(|l| l.name.clone()).collect();
    state.overlay = Overlay::Menu {
        choose: Choose::Label(target),
        items,
        sel: 0,
    };
}

/// A label was chosen: ask for its type when it has types, else apply.
fn choose_label(state: &mut State, target: Target, label: String) -> Vec<Effect> {
    let types = state
        .labels
        .get(&label)
        .map(|d| d.types.clone())
        .unwrap_or_default();
    if state.labels.get(&label).is_none() {
        state.set_message(
            Level::Error,
            format!("the corpus label set has no label {label:?}"),
        );
        return Vec::new();
    }
    if types.is_empty() {
        apply_label(state, target, label, None)
    } else {
        state.overlay = Overlay::Menu {
            choose: Choose::Kind(target, label),
            items: types,
            sel: 0,
        };
        Vec::new()
    }
}

fn apply_label(
    state: &mut State,
    target: Target,
    label: String,
    kind: Option<String>,
) -> Vec<Effect> {
    state.overlay = Overlay::None;
    let now = doc::now_rfc3339();
    let edit = match target {
        Target::New { doc, span } => {
            let quote = state.docs[doc]
                .text
                .get(span.clone())
                .unwrap_or("")
                .to_string();
            let ann = Annotation {
                id: doc::new_id(),
                label: label.clone(),
                kind: kind.clone(),
                span,
                quote,
                annotator: state.settings.annotator.clone(),
                created: now.clone(),
                modified: now,
                note: None,
                attrs: BTreeMap::new(),
                status: Status::Accepted,
                links: Vec::new(),
            };
            state.panes[state.active].anchor = None;
            Edit::Add { doc, ann }
        }
        Target::Existing { doc, id } => {
            let Some(before) = state.docs[doc].ann(&id).cloned() else {
                return Vec::new();
            };
            let mut after = before.clone();
            after.label = label.clone();
            after.kind = kind.clone();
            after.modified = now;
            after.status = Status::Accepted;
            Edit::Change { doc, before, after }
        }
    };
    // Tagging an entity suggests the name's other occurrences in the
    // document, in the same undo step as the tag.
    let mut group = Vec::new();
    if label == ENTITY
        && let Edit::Add { doc, ann }
        | Edit::Change {
            doc, after: ann, ..
        } = &edit
    {
        group = propagate_entity(state, *doc, &ann.span, kind.as_deref());
    }
    let more = group.len();
    group.insert(0, edit);
    let t = state.history.commit(&mut state.docs, group);
    let what = match kind {
        Some(k) => format!("{label} ({k})"),
        None => label,
    };
    let msg = match more {
        0 => format!("tagged as {what}"),
        1 => format!("tagged as {what} · 1 more occurrence suggested (] goes there)"),
        n => format!("tagged as {what} · {n} more occurrences suggested (] goes there)"),
    };
    state.set_message(Level::Info, msg);
    saves(t)
}

/// The entity label, whose tags propagate.
const ENTITY: &str = "entity";

/// Who suggested what the TUI proposes by itself (as `hashiya suggest` does).
const SUGGESTER: &str = "hashiya-suggest";

/// Suggested entity annotations of type `kind` for the other occurrences of
/// the text at `span` in document `doc` (Arabic-aware matching:
/// [`crate::suggest::entities::find_occurrences`]). An occurrence that
/// meets an entity annotation of any status is left alone: a rejected
/// suggestion is not suggested again, an existing tag is not doubled.
fn propagate_entity(
    state: &State,
    doc: usize,
    span: &Range<usize>,
    kind: Option<&str>,
) -> Vec<Edit> {
    let Some(d) = state.docs.get(doc) else {
        return Vec::new();
    };
    let Some(name) = d.text.get(span.clone()).filter(|n| !n.trim().is_empty()) else {
        return Vec::new();
    };
    let meets = |a: &Range<usize>, b: &Range<usize>| a.start < b.end && b.start < a.end;
    let now = doc::now_rfc3339();
    let mut taken: Vec<Range<usize>> = d
        .anns
        .iter()
        .filter(|a| a.label == ENTITY)
        .map(|a| a.span.clone())
        .collect();
    taken.push(span.clone());
    let mut out = Vec::new();
    for occ in crate::suggest::entities::find_occurrences(&d.text, name) {
        // Inside one paragraph, clear of every entity annotation.
        let one_block = d
            .blocks
            .iter()
            .any(|b| b.start <= occ.start && occ.end <= b.end);
        if !one_block || taken.iter().any(|t| meets(t, &occ)) {
            continue;
        }
        taken.push(occ.clone());
        out.push(Edit::Add {
            doc,
            ann: Annotation {
                id: doc::new_id(),
                label: ENTITY.to_string(),
                kind: kind.map(str::to_string),
                quote: d.text.get(occ.clone()).unwrap_or("").to_string(),
                span: occ,
                annotator: SUGGESTER.to_string(),
                created: now.clone(),
                modified: now.clone(),
                note: None,
                attrs: BTreeMap::new(),
                status: Status::Suggested,
                links: Vec::new(),
            },
        });
    }
    out
}

fn edit_attrs(state: &mut State) {
    let Some((doc, id)) = ann_under_cursor(state) else {
        return;
    };
    let Some(a) = state.docs[doc].ann(&id) else {
        return;
    };
    let current = |k: &str| a.attrs.get(k).cloned().unwrap_or_default();
    match a.label.as_str() {
        "figure" => {
            let input = current(attr::VALUE);
            state.overlay = Overlay::Prompt {
                ask: Ask::Value { doc, id },
                input,
            };
        }
        "claim" => {
            let input = a
                .attrs
                .get(attr::SPEAKER)
                .and_then(|s| state.docs[doc].ann(s))
                .map(|e| e.quote.clone())
                .unwrap_or_default();
            state.overlay = Overlay::Prompt {
                ask: Ask::Speaker { doc, id },
                input,
            };
        }
        other => {
            let msg = format!("{other} annotations have no attributes to edit");
            state.set_message(Level::Info, msg);
        }
    }
}

/// Change one annotation through the history.
fn change(state: &mut State, doc: usize, id: &str, f: impl FnOnce(&mut Annotation)) -> Vec<Effect> {
    let Some(before) = state.docs.get(doc).and_then(|d| d.ann(id)).cloned() else {
        return Vec::new();
    };
    let mut after = before.clone();
    f(&mut after);
    if after == before {
        return Vec::new();
    }
    after.modified = doc::now_rfc3339();
    let t = state
        .history
        .commit(&mut state.docs, vec![Edit::Change { doc, before, after }]);
    state.set_message(Level::Info, "annotation updated");
    saves(t)
}

fn link(state: &mut State) -> Vec<Effect> {
    let Some((doc, id)) = ann_under_cursor(state) else {
        return Vec::new();
    };
    let Some((from_doc, from_id)) = state.link_from.clone() else {
        state.link_from = Some((doc, id));
        state.set_message(
            Level::Info,
            "link: put the cursor on its counterpart in the other pane and press the link key again (Esc cancels)",
        );
        return Vec::new();
    };
    if from_doc == doc {
        state.set_message(
            Level::Warn,
            "a translation link goes to the other pane: switch panes first",
        );
        return Vec::new();
    }
    state.link_from = None;
    let (to_path, from_path) = (&state.docs[doc].path, &state.docs[from_doc].path);
    let to_target = format!("{}#{}", doc::relative_link(from_path, to_path), id);
    let from_target = format!("{}#{}", doc::relative_link(to_path, from_path), from_id);
    let mut group = Vec::new();
    for (d, i, target) in [(from_doc, &from_id, to_target), (doc, &id, from_target)] {
        let Some(before) = state.docs[d].ann(i).cloned() else {
            continue;
        };
        if before.links.iter().any(|l| l.target == target) {
            continue;
        }
        let mut after = before.clone();
        after.links.push(Link {
            target,
            kind: "translation".into(),
        });
        after.links.sort();
        after.modified = doc::now_rfc3339();
        group.push(Edit::Change {
            doc: d,
            before,
            after,
        });
    }
    if group.is_empty() {
        state.set_message(Level::Info, "already linked");
        return Vec::new();
    }
    let t = state.history.commit(&mut state.docs, group);
    state.set_message(Level::Info, "linked as translations");
    saves(t)
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
        let base = d.blocks[b].start;
        let ms: Vec<Range<usize>> = search::find_all(d.block_text(b), &q)
            .into_iter()
            .map(|m| m.start + base..m.end + base)
            .collect();
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

fn next_suggestion(state: &mut State, forward: bool) {
    let Some(p) = state.pane() else { return };
    let d = &state.docs[p.doc];
    let cur = p.cursor;
    let mut sugg: Vec<&Annotation> = d
        .anns
        .iter()
        .filter(|a| a.status == Status::Suggested)
        .collect();
    sugg.sort_by_key(|a| a.span.start);
    let pick = if forward {
        sugg.iter().find(|a| a.span.start > cur).or(sugg.first())
    } else {
        sugg.iter()
            .rev()
            .find(|a| a.span.start < cur)
            .or(sugg.last())
    };
    match pick.map(|a| a.span.start) {
        Some(pos) => {
            state.panes[state.active].anchor = None;
            move_to(state, pos, false);
        }
        None => state.set_message(Level::Info, "no suggestions left in this document"),
    }
}

/// Annotations of the active document in list order.
pub fn list_items(state: &State, sort: SortBy) -> Vec<&Annotation> {
    let Some(d) = state.active_doc() else {
        return Vec::new();
    };
    let mut v: Vec<&Annotation> = d.anns.iter().collect();
    match sort {
        SortBy::Position => v.sort_by_key(|a| (a.span.start, a.span.end)),
        SortBy::Label => v.sort_by(|a, b| {
            (&a.label, &a.kind, a.span.start).cmp(&(&b.label, &b.kind, b.span.start))
        }),
        SortBy::Created => v.sort_by(|a, b| (&a.created, &a.id).cmp(&(&b.created, &b.id))),
    }
    v
}

fn list_command(state: &mut State, c: Command) -> Vec<Effect> {
    let Overlay::List { sel, sort } = state.overlay.clone() else {
        return Vec::new();
    };
    let n = list_items(state, sort).len();
    let sel = match c {
        Command::Up | Command::LineUp | Command::ScrollUp => sel.saturating_sub(1),
        Command::Down | Command::LineDown | Command::ScrollDown => {
            (sel + 1).min(n.saturating_sub(1))
        }
        Command::PageUp => sel.saturating_sub(10),
        Command::PageDown => (sel + 10).min(n.saturating_sub(1)),
        Command::Top => 0,
        Command::Bottom => n.saturating_sub(1),
        Command::Sort => {
            let sort = match sort {
                SortBy::Position => SortBy::Label,
                SortBy::Label => SortBy::Created,
                SortBy::Created => SortBy::Position,
            };
            state.overlay = Overlay::List { sel: 0, sort };
            return Vec::new();
        }
        Command::Open | Command::OpenAlone => {
            let pos = list_items(state, sort).get(sel).map(|a| a.span.start);
            state.overlay = Overlay::None;
            if let Some(pos) = pos {
                state.panes[state.active].anchor = None;
                move_to(state, pos, false);
            }
            return Vec::new();
        }
        Command::Quit => return quit(state),
        _ => {
            state.overlay = Overlay::None;
            return Vec::new();
        }
    };
    state.overlay = Overlay::List { sel, sort };
    Vec::new()
}

fn flags_command(state: &mut State, c: Command) -> Vec<Effect> {
    let Overlay::Flags { sel } = state.overlay.clone() else {
        return Vec::new();
    };
    let n = state.flags.len();
    let sel = match c {
        Command::Up | Command::LineUp | Command::ScrollUp => sel.saturating_sub(1),
        Command::Down | Command::LineDown | Command::ScrollDown => {
            (sel + 1).min(n.saturating_sub(1))
        }
        Command::PageUp => sel.saturating_sub(10),
        Command::PageDown => (sel + 10).min(n.saturating_sub(1)),
        Command::Top => 0,
        Command::Bottom => n.saturating_sub(1),
        Command::Open | Command::OpenAlone => {
            state.overlay = Overlay::None;
            if let Some(f) = state.flags.get(sel).cloned()
                && f.pane < state.panes.len()
            {
                state.active = f.pane;
                let p = &mut state.panes[f.pane];
                p.anchor = None;
                p.cursor = f.span.start;
                view::ensure_cursor_visible(state);
                let msg = match &f.other {
                    Some(o) => format!(
                        "figure {} disagrees with {o} in the aligned paragraphs of the other side",
                        f.text
                    ),
                    None => format!(
                        "figure {} has no counterpart in the aligned paragraphs of the other side",
                        f.text
                    ),
                };
                state.set_message(Level::Warn, msg);
            }
            return Vec::new();
        }
        Command::Quit => return quit(state),
        _ => {
            state.overlay = Overlay::None;
            return Vec::new();
        }
    };
    state.overlay = Overlay::Flags { sel };
    Vec::new()
}

fn input(state: &mut State, i: Input) -> Vec<Effect> {
    match state.overlay.clone() {
        Overlay::Prompt { ask, mut input } => {
            match i {
                Input::Char(c) if !c.is_control() => input.push(c),
                Input::Backspace => {
                    input.pop();
                }
                Input::Esc => {
                    state.overlay = Overlay::None;
                    return Vec::new();
                }
                Input::Enter => {
                    state.overlay = Overlay::None;
                    return submit(state, ask, input);
                }
                _ => {}
            }
            state.overlay = Overlay::Prompt { ask, input };
            Vec::new()
        }
        Overlay::Menu {
            choose,
            items,
            mut sel,
        } => {
            let pick = match i {
                Input::Up => {
                    sel = sel.saturating_sub(1);
                    None
                }
                Input::Down => {
                    sel = (sel + 1).min(items.len().saturating_sub(1));
                    None
                }
                Input::Enter => items.get(sel).cloned(),
                Input::Esc => {
                    state.overlay = Overlay::None;
                    return Vec::new();
                }
                Input::Char(c) => {
                    if let Some(d) = c.to_digit(10).filter(|&d| d > 0) {
                        items.get(d as usize - 1).cloned()
                    } else {
                        let lc = c.to_lowercase().next().unwrap_or(c);
                        items
                            .iter()
                            .find(|it| it.to_lowercase().starts_with(lc))
                            .cloned()
                    }
                }
                Input::Backspace => None,
            };
            match pick {
                Some(item) => {
                    state.overlay = Overlay::None;
                    match choose {
                        Choose::Label(target) => choose_label(state, target, item),
                        Choose::Kind(target, label) => {
                            apply_label(state, target, label, Some(item))
                        }
                    }
                }
                None => {
                    state.overlay = Overlay::Menu { choose, items, sel };
                    Vec::new()
                }
            }
        }
        Overlay::None if state.screen == Screen::Browser => {
            match i {
                Input::Char(c) if !c.is_control() => state.browser.filter.push(c),
                Input::Backspace => {
                    state.browser.filter.pop();
                }
                Input::Enter => return browser_command(state, Command::Open),
                Input::Esc => return browser_command(state, Command::Cancel),
                Input::Up => return browser_command(state, Command::Up),
                Input::Down => return browser_command(state, Command::Down),
                _ => {}
            }
            state.browser.sel = 0;
            Vec::new()
        }
        _ => Vec::new(),
    }
}

fn submit(state: &mut State, ask: Ask, input: String) -> Vec<Effect> {
    let text = input.trim().to_string();
    match ask {
        Ask::Search => {
            if text.is_empty() {
                state.search = None;
            } else {
                state.search = Some(text);
                find_next(state, true);
            }
            Vec::new()
        }
        Ask::Note { doc, id } => change(state, doc, &id, |a| {
            a.note = (!text.is_empty()).then_some(text);
        }),
        Ask::Value { doc, id } => {
            let unit = state.docs[doc]
                .ann(&id)
                .and_then(|a| a.attrs.get(attr::UNIT).cloned())
                .unwrap_or_default();
            state.overlay = Overlay::Prompt {
                ask: Ask::Unit {
                    doc,
                    id,
                    value: text,
                },
                input: unit,
            };
            Vec::new()
        }
        Ask::Unit { doc, id, value } => change(state, doc, &id, |a| {
            for (k, v) in [(attr::VALUE, value), (attr::UNIT, text)] {
                if v.is_empty() {
                    a.attrs.remove(k);
                } else {
                    a.attrs.insert(k.to_string(), v);
                }
            }
        }),
        Ask::Speaker { doc, id } => {
            if text.is_empty() {
                return change(state, doc, &id, |a| {
                    a.attrs.remove(attr::SPEAKER);
                });
            }
            let folded = text.to_lowercase();
            let speaker = state.docs[doc]
                .anns
                .iter()
                .filter(|e| e.label == "entity" && e.status != Status::Rejected)
                .find(|e| e.quote.to_lowercase() == folded || e.id == text)
                .map(|e| e.id.clone());
            match speaker {
                Some(sid) => change(state, doc, &id, |a| {
                    a.attrs.insert(attr::SPEAKER.to_string(), sid);
                }),
                None => {
                    state.set_message(
                        Level::Warn,
                        format!("no entity annotation {text:?} in this document: tag the speaker as an entity first"),
                    );
                    Vec::new()
                }
            }
        }
    }
}
