//! The adjudication view: one document with every unit of its layers
//! marked by state, the current unit's versions side by side, and keys
//! that decide it into gold ([`crate::adjudicate::Session`]). The text is
//! drawn by the reader (bidi, panes, the translation partner beside it);
//! an edit uses the reader's annotate flow on a draft in an in-memory
//! copy of the document, and the draft becomes the decision.

use std::collections::HashSet;

use super::*;
use crate::adjudicate::{Choice, Decision, Member, Provenance, Session, UnitState};
use crate::annotation::AnnotationSet;

/// What the runtime loaded for an [`Effect::Adjudicate`].
pub struct Opened {
    pub session: Session,
    /// The document as drawn (its annotations: an edit's draft), and its
    /// translation partner with its gold annotations, read only.
    pub docs: Vec<Document>,
}

/// How a unit is marked in the text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum UnitMark {
    /// Not decided yet: how the layers stand.
    Open(UnitState),
    Decided,
    Rejected,
    /// Decided, but a source changed in its layer since.
    Stale,
}

impl UnitMark {
    pub fn name(self) -> &'static str {
        match self {
            UnitMark::Open(s) => s.as_str(),
            UnitMark::Decided => "decided",
            UnitMark::Rejected => "rejected",
            UnitMark::Stale => "stale",
        }
    }
}

/// A version being edited: unit `unit`, from layer `layer`'s.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Edit {
    pub unit: usize,
    pub layer: usize,
}

/// Where the view was opened from, to go back there.
struct Back {
    screen: Screen,
    panes: Vec<Pane>,
    active: usize,
    scroll: Scroll,
    docs: usize,
    history: Journal,
    show_layers: bool,
    /// Opened alone from the command line: leaving quits.
    quit: bool,
}

/// The adjudication view's state.
pub struct Adjudication {
    pub session: Session,
    /// Index into `State::docs` of the document adjudicated.
    pub doc: usize,
    /// The unit shown in the version panel.
    pub cur: Option<usize>,
    /// Units skipped for this session (nothing recorded).
    pub deferred: HashSet<usize>,
    pub edit: Option<Edit>,
    /// The edit key was pressed: the next digit names the version.
    pub asking_edit: bool,
    /// The longest unit, in bytes (finding the units of a paragraph).
    max_len: usize,
    back: Back,
}

impl Adjudication {
    /// A version is being edited (the reader's keys change the draft).
    pub fn editing(&self) -> bool {
        self.edit.is_some()
    }

    /// How unit `u` is marked.
    pub fn mark(&self, u: usize) -> UnitMark {
        let s = &self.session;
        if s.is_stale(u) {
            return UnitMark::Stale;
        }
        match s.decision(u) {
            Some(Decision::Rejected) => UnitMark::Rejected,
            Some(_) => UnitMark::Decided,
            None => UnitMark::Open(s.units[u].state),
        }
    }

    /// Units meeting byte range `r`, in text order.
    pub fn units_in(&self, r: &Range<usize>) -> impl Iterator<Item = usize> + '_ {
        let units = &self.session.units;
        let from = units.partition_point(|u| u.range.start + self.max_len < r.start);
        let (start, end) = (r.start, r.end);
        (from..units.len())
            .take_while(move |&u| units[u].range.start < end)
            .filter(move |&u| units[u].range.end > start)
    }

    /// The annotator shown for layer `k`: the name, or A, B, C… when
    /// anonymous.
    pub fn who(&self, k: usize, anonymous: bool) -> String {
        if anonymous {
            let mut s = String::new();
            let mut n = k;
            loop {
                s.insert(0, char::from(b'A' + (n % 26) as u8));
                if n < 26 {
                    break;
                }
                n = n / 26 - 1;
            }
            s
        } else {
            self.session.layers[k].annotator.clone()
        }
    }

    /// The recorded decision on unit `u`.
    pub fn provenance_of(&self, u: usize) -> Option<&Provenance> {
        let s = &self.session;
        let unit = s.units.get(u)?;
        let names: Vec<(String, String)> = unit
            .members
            .iter()
            .map(|m| {
                (
                    s.layers[m.layer].annotator.clone(),
                    s.annotation(*m).id.clone(),
                )
            })
            .collect();
        let hit = |p: &&Provenance| {
            p.refs()
                .any(|r| names.iter().any(|(a, i)| *a == r.annotator && *i == r.id))
        };
        s.gold
            .iter()
            .filter_map(|a| s.provenance(&a.id))
            .find(hit)
            .or_else(|| s.rejected().iter().find(hit))
    }
}

/// The view has been loaded: show it.
pub(super) fn opened(state: &mut State, o: Opened, quit: bool) {
    let back = Back {
        screen: state.screen,
        panes: std::mem::take(&mut state.panes),
        active: state.active,
        scroll: state.scroll,
        docs: state.docs.len(),
        history: std::mem::take(&mut state.history),
        show_layers: state.show_layers,
        quit,
    };
    let doc = state.docs.len();
    let n = o.docs.len();
    state.docs.extend(o.docs);
    let max_len = o.session.units.iter().map(|u| u.range.len()).max();
    let mut a = Adjudication {
        session: o.session,
        doc,
        cur: None,
        deferred: HashSet::new(),
        edit: None,
        asking_edit: false,
        max_len: max_len.unwrap_or(0),
        back,
    };
    a.cur = a.session.next_open(None, true, |_| false);
    let problems = a.session.problems.len();
    let open = a.session.open_count();
    state.adjudication = Some(Box::new(a));
    let shown: Vec<usize> = (doc..doc + n).collect();
    state.show(&shown);
    state.show_layers = false;
    state.screen = Screen::Adjudicate;
    go_to_current(state);
    let mut msg = match open {
        0 => "every unit of this document is decided".to_string(),
        1 => "1 unit to decide".to_string(),
        n => format!("{n} units to decide"),
    };
    if problems > 0 {
        msg.push_str(&format!(
            " · {problems} recorded decisions cannot be read (see hashiya check)"
        ));
    }
    state.set_message(Level::Info, msg);
}

/// Leave the view: back to the reader or the documents, or quit.
pub(super) fn leave(state: &mut State) -> Vec<Effect> {
    let Some(a) = state.adjudication.take() else {
        return Vec::new();
    };
    let a = *a;
    let open = a.session.open_count();
    let path = a.session.doc.clone();
    let b = a.back;
    state.docs.truncate(b.docs);
    state.panes = b.panes;
    state.active = b.active;
    state.history = b.history;
    state.show_layers = b.show_layers;
    state.screen = b.screen;
    state.overlay = Overlay::None;
    if let Some(e) = state.browser.entries.iter_mut().find(|e| e.path == path) {
        e.to_decide = Some(open);
    }
    if state.panes.is_empty() {
        state.screen = Screen::Browser;
    } else {
        state.rebuild_beads();
        state.scroll = b.scroll;
        view::ensure_cursor_visible(state);
    }
    state.message = None;
    if b.quit {
        return quit(state);
    }
    Vec::new()
}

/// Open the view on the active document (the reader's key).
pub(super) fn open_from_reader(state: &mut State) -> Vec<Effect> {
    let team = state.browser.team.as_ref();
    if team.is_none_or(|t| t.annotators.len() < 2) {
        state.set_message(
            Level::Info,
            "adjudication needs a [team] of two annotators or more in hashiya.toml",
        );
        return Vec::new();
    }
    match state.active_doc() {
        Some(d) => vec![Effect::Adjudicate(d.path.clone())],
        None => Vec::new(),
    }
}

/// Put the cursor on the current unit.
fn go_to_current(state: &mut State) {
    let Some(a) = &state.adjudication else { return };
    let Some(u) = a.cur else { return };
    let start = a.session.units[u].range.start;
    let doc = a.doc;
    if let Some(p) = state.panes.iter().position(|p| p.doc == doc) {
        state.active = p;
        state.panes[p].anchor = None;
        state.panes[p].cursor = start;
        view::ensure_cursor_visible(state);
    }
}

/// The unit under the cursor becomes the current one (when the cursor is
/// on one).
fn follow_cursor(state: &mut State) {
    let Some(p) = state.pane() else { return };
    let (doc, at) = (p.doc, p.cursor);
    let Some(a) = state.adjudication.as_mut() else {
        return;
    };
    if doc != a.doc {
        return;
    }
    let hit = a.units_in(&(at..at + 1)).find(|&u| {
        let r = &a.session.units[u].range;
        r.start <= at && at < r.end
    });
    if hit.is_some() {
        a.cur = hit;
    }
}

/// Keys of the view.
pub(super) fn command(state: &mut State, c: Command) -> Vec<Effect> {
    let editing = state.adjudication.as_ref().is_some_and(|a| a.editing());
    if editing {
        return edit_command(state, c);
    }
    if let Some(a) = state.adjudication.as_mut() {
        a.asking_edit = false;
    }
    use Command::*;
    match c {
        Quit => {
            let mut fx = leave(state);
            if !fx.contains(&Effect::Quit) {
                fx.extend(quit(state));
            }
            return fx;
        }
        Leave => return leave(state),
        TakeMajority => return decide(state, Choice::Majority),
        RejectUnit => return decide(state, Choice::Reject),
        EditVersion => ask_edit(state),
        Defer => {
            if let Some(a) = state.adjudication.as_mut()
                && let Some(u) = a.cur
            {
                a.deferred.insert(u);
                let next = a
                    .session
                    .next_open(Some(u), true, |v| a.deferred.contains(&v));
                a.cur = next;
                let msg = match next {
                    Some(_) => "deferred: not recorded, offered again next time".to_string(),
                    None => "deferred; nothing else to decide here (deferred units stay open)"
                        .to_string(),
                };
                state.set_message(Level::Info, msg);
                go_to_current(state);
            }
        }
        NextUnit | PrevUnit => {
            if let Some(a) = state.adjudication.as_mut() {
                let next = a
                    .session
                    .next_open(a.cur, c == NextUnit, |v| a.deferred.contains(&v));
                match next {
                    Some(u) => {
                        a.cur = Some(u);
                        state.message = None;
                        go_to_current(state);
                    }
                    None => {
                        let msg = if a.deferred.is_empty() {
                            "nothing left to decide in this document"
                        } else {
                            "nothing left to decide but the deferred units"
                        };
                        state.set_message(Level::Info, msg);
                    }
                }
            }
        }
        // The reader's keys that look and move; the cursor landing on a
        // unit makes it the current one.
        Help | NextPane | SwapPanes | ScrollDown | ScrollUp | PageDown | PageUp | Top | Bottom
        | Forward | Backward | Left | Right | LineDown | LineUp | WordForward | WordEnd
        | WordBack | SentenceForward | SentenceBack | ParagraphForward | ParagraphBack | Reveal
        | Search | NextMatch | PrevMatch => {
            let fx = super::reader_command(state, c);
            follow_cursor(state);
            return fx;
        }
        Cancel => state.message = None,
        _ => {
            state.set_message(
                Level::Info,
                "not in the adjudication view: e edits a version, q leaves (? lists the keys)",
            );
        }
    }
    Vec::new()
}

/// A digit or Esc in the view.
pub(super) fn input(state: &mut State, i: Input) -> Vec<Effect> {
    let Some(a) = state.adjudication.as_mut() else {
        return Vec::new();
    };
    let asking = std::mem::replace(&mut a.asking_edit, false);
    match i {
        Input::Char(d @ '1'..='9') => {
            let k = d as usize - '1' as usize;
            if asking {
                start_edit(state, k);
                Vec::new()
            } else {
                decide(state, Choice::Layer(k))
            }
        }
        Input::Esc => {
            state.message = None;
            Vec::new()
        }
        _ => Vec::new(),
    }
}

fn ask_edit(state: &mut State) {
    let Some(a) = state.adjudication.as_mut() else {
        return;
    };
    let Some(u) = a.cur else {
        state.set_message(Level::Info, "nothing to edit: no unit is current");
        return;
    };
    let unit = &a.session.units[u];
    if let [only] = unit.members.as_slice() {
        let k = only.layer;
        start_edit(state, k);
        return;
    }
    a.asking_edit = true;
    let n = a.session.layers.len().min(9);
    state.set_message(
        Level::Info,
        format!("edit which version? 1-{n} (esc: none)"),
    );
}

/// Start editing layer `k`'s version of the current unit: a draft of it
/// in the document, which the reader's keys change.
fn start_edit(state: &mut State, k: usize) {
    let Some(a) = state.adjudication.as_ref() else {
        return;
    };
    let Some(u) = a.cur else { return };
    if let Some(d) = a.session.decision(u) {
        state.set_message(
            Level::Warn,
            format!(
                "this unit is decided already ({}); a decision is never overwritten",
                d.as_str()
            ),
        );
        return;
    }
    let Some(m) = a.session.units[u].of_layer(k) else {
        let who = if k < a.session.layers.len() {
            a.who(k, state.settings.anonymous)
        } else {
            format!("version {}", k + 1)
        };
        state.set_message(Level::Warn, format!("{who} has no version of this unit"));
        return;
    };
    let mut draft = a.session.annotation(m).clone();
    let doc = a.doc;
    let span = draft.span.clone();
    // Links point into the layer; the decision maps them to gold.
    draft.links.clear();
    state.docs[doc].anns = AnnotationSet::default();
    state.history.clear();
    match state.docs[doc].anns.insert(draft) {
        Ok(_) => {}
        Err(e) => {
            state.set_message(Level::Error, format!("cannot edit this version: {e}"));
            return;
        }
    }
    if let Some(a) = state.adjudication.as_mut() {
        a.edit = Some(Edit { unit: u, layer: k });
    }
    if let Some(p) = state.panes.iter().position(|p| p.doc == doc) {
        state.active = p;
        state.panes[p].anchor = None;
        state.panes[p].cursor = span.start;
        view::ensure_cursor_visible(state);
    }
    // The hint line names the keys (from the live keymap).
    state.message = None;
}

/// Keys while a version is edited: the reader's, Enter takes the draft,
/// Esc (with nothing selected) drops it.
fn edit_command(state: &mut State, c: Command) -> Vec<Effect> {
    use Command::*;
    match c {
        FinishEdit | Open => finish_edit(state),
        Quit | Leave => {
            cancel_edit(state);
            if c == Quit {
                return command(state, Quit);
            }
            Vec::new()
        }
        Cancel => {
            let selecting = state.pane().is_some_and(|p| p.anchor.is_some());
            if selecting || state.link_from.is_some() {
                super::reader_command(state, c)
            } else {
                cancel_edit(state);
                state.set_message(Level::Info, "edit dropped: nothing recorded");
                Vec::new()
            }
        }
        OpenBrowser | KeepOurs | KeepTheirs | KeepBoth | Adjudicate | Link | MarkDone
        | Disagreements | ToggleLayers | ForceSave => {
            state.set_message(
                Level::Info,
                "editing a version: enter takes it, esc drops it",
            );
            Vec::new()
        }
        _ => {
            // Edits of the in-memory copy are not saved anywhere: the
            // decision is.
            let _ = super::reader_command(state, c);
            Vec::new()
        }
    }
}

fn cancel_edit(state: &mut State) {
    let Some(a) = state.adjudication.as_mut() else {
        return;
    };
    a.edit = None;
    let doc = a.doc;
    state.docs[doc].anns = AnnotationSet::default();
    state.docs[doc].dirty = false;
    state.history.clear();
    state.link_from = None;
    for p in &mut state.panes {
        p.anchor = None;
    }
}

fn finish_edit(state: &mut State) -> Vec<Effect> {
    let Some(a) = state.adjudication.as_ref() else {
        return Vec::new();
    };
    let Some(edit) = a.edit.clone() else {
        return Vec::new();
    };
    let made: Vec<&Annotation> = state.docs[a.doc]
        .anns
        .iter()
        .filter(|x| x.status != Status::Suggested && x.status != Status::Rejected)
        .collect();
    let mut ann = match made.as_slice() {
        [one] => (*one).clone(),
        [] => {
            state.set_message(
                Level::Warn,
                "nothing to take: tag a span (c f e t) or esc to drop the edit (x rejects the unit)",
            );
            return Vec::new();
        }
        many => {
            let list: Vec<String> = many
                .iter()
                .map(|x| format!("{} «{}»", x.label, x.quote))
                .collect();
            state.set_message(
                Level::Warn,
                format!(
                    "an edit gives one annotation, this one has {}: {}; delete the others (d) first",
                    many.len(),
                    list.join(", ")
                ),
            );
            return Vec::new();
        }
    };
    // The draft kept its version's id; its links (into the layer, left out
    // of the draft) go with it, and the decision points them into gold.
    if let Some(m) = a.session.units[edit.unit].of_layer(edit.layer) {
        let source = a.session.annotation(m);
        if source.id == ann.id {
            ann.links = source.links.clone();
        }
    }
    let fx = decide_unit(state, edit.unit, Choice::Edited(edit.layer, Box::new(ann)));
    if !fx.is_empty() {
        cancel_edit(state);
        advance(state, edit.unit);
    }
    fx
}

/// Decide the current unit and go on to the next open one.
fn decide(state: &mut State, choice: Choice) -> Vec<Effect> {
    let Some(u) = state.adjudication.as_ref().and_then(|a| a.cur) else {
        state.set_message(Level::Info, "nothing left to decide in this document");
        return Vec::new();
    };
    let fx = decide_unit(state, u, choice);
    if !fx.is_empty() {
        advance(state, u);
    }
    fx
}

fn advance(state: &mut State, u: usize) {
    if let Some(a) = state.adjudication.as_mut() {
        a.cur = a
            .session
            .next_open(Some(u), true, |v| a.deferred.contains(&v))
            .or(Some(u));
    }
    go_to_current(state);
}

/// Record `choice` on unit `u` (the runtime saves gold at once).
fn decide_unit(state: &mut State, u: usize, choice: Choice) -> Vec<Effect> {
    let who = state.settings.annotator.clone();
    let anonymous = state.settings.anonymous;
    let Some(a) = state.adjudication.as_mut() else {
        return Vec::new();
    };
    let now = doc::now_rfc3339();
    let quote = |a: &Adjudication| {
        let r = a.session.units[u].range.clone();
        let t = a.session.text.get(r).unwrap_or("");
        let short: String = t.chars().take(40).collect();
        if short.len() < t.len() {
            format!("«{short}…»")
        } else {
            format!("«{short}»")
        }
    };
    match a.session.decide(u, choice, &who, &now) {
        Ok(_) => {
            let d = a.session.decision(u).map_or("", Decision::as_str);
            let takers: Vec<String> = a
                .provenance_of(u)
                .map(|p| {
                    p.sources
                        .iter()
                        .filter_map(|r| {
                            a.session
                                .layers
                                .iter()
                                .position(|l| l.annotator == r.annotator)
                        })
                        .map(|k| a.who(k, anonymous))
                        .collect()
                })
                .unwrap_or_default();
            a.deferred.remove(&u);
            let left = a.session.open_count();
            let msg = if d == "rejected" {
                format!(
                    "{}: rejected, nothing is gold there · {left} to decide",
                    quote(a)
                )
            } else {
                format!(
                    "{}: {d} ({}) saved to gold · {left} to decide",
                    quote(a),
                    takers.join(", ")
                )
            };
            state.set_message(Level::Info, msg);
            vec![Effect::SaveGold]
        }
        Err(e) => {
            let msg = match &e {
                crate::adjudicate::AdjudicateError::NoVersion(_) if anonymous => {
                    "that annotator has no version of this unit".to_string()
                }
                _ => e.to_string(),
            };
            state.set_message(Level::Warn, msg);
            Vec::new()
        }
    }
}

/// The layers' versions of unit `u`, by layer: the member, if the layer
/// has one, and the number of layers with the same version.
pub fn versions(a: &Adjudication, u: usize) -> Vec<Option<(Member, usize)>> {
    let s = &a.session;
    let unit = &s.units[u];
    (0..s.layers.len())
        .map(|k| {
            unit.of_layer(k).map(|m| {
                let same = unit.group_of(m).map_or(1, <[Member]>::len);
                (m, same)
            })
        })
        .collect()
}
