//! Reviewing: suggestions (accept, reject, next), the document's status
//! in the layer edited, other annotators' layers, and the alignment of two
//! panes (confirm, merge, split beads).

use super::*;

/// Accept or reject the suggestion under the cursor (then go to the next
/// one), or accept every suggestion of its label and type.
pub(super) fn suggestion(state: &mut State, c: Command) -> Vec<Effect> {
    use Command::*;
    match c {
        Accept | Reject => {
            let Some(p) = state.pane() else {
                return Vec::new();
            };
            let (doc, cursor) = (p.doc, p.cursor);
            let Some(a) = state.docs[doc].suggestion_at(cursor) else {
                state.set_message(Level::Info, "no suggestion under the cursor");
                return Vec::new();
            };
            let now = doc::now_rfc3339();
            let from = a.span.start;
            let what = if c == Accept { "accepted" } else { "rejected" };
            let done = format!("{what} {}", describe(a));
            let op = if c == Accept {
                edit::accept(a, by(state, &now))
            } else {
                edit::reject(a, by(state, &now))
            };
            let fx = commit(state, vec![(doc, op)]);
            // The next pending one from where the reviewed one starts (one
            // at the same place comes first), or the first left; `]` pressed
            // there stays (State::suggestion_seen).
            match next_pending(&state.docs[doc], from, true, true) {
                Some(pos) => {
                    state.panes[state.active].anchor = None;
                    move_to(state, pos, false);
                    state.set_message(Level::Info, format!("{done}; next: {}", under(state)));
                }
                None => state.set_message(
                    Level::Info,
                    format!("{done}; no suggestions left in this document"),
                ),
            }
            return fx;
        }
        AcceptAll => {
            if let Some((doc, id)) = ann_under_cursor(state)
                && let Some(a) = state.docs[doc].ann(&id)
            {
                let now = doc::now_rfc3339();
                let step: Step = edit::accept_all_like(&state.docs[doc].anns, a, by(state, &now))
                    .into_iter()
                    .map(|op| (doc, op))
                    .collect();
                let n = step.len();
                let fx = commit(state, step);
                if n == 0 || !fx.is_empty() {
                    state.set_message(Level::Info, format!("accepted {n} suggestions"));
                }
                return fx;
            }
        }
        _ => {}
    }
    Vec::new()
}

/// A suggestion in a few words: label, type, value and unit, who made it.
pub fn describe(a: &Annotation) -> String {
    let mut s = a.label.clone();
    if let Some(k) = &a.kind {
        s.push(' ');
        s.push_str(k);
    }
    for key in ["value", "unit"] {
        if let Some(v) = a.attrs.get(key).filter(|v| !v.is_empty()) {
            s.push_str(&format!(
                " {key}={}",
                crate::text::escape::escape_invisible(v)
            ));
        }
    }
    s.push_str(&format!(
        " by {}",
        crate::text::escape::escape_invisible(&a.annotator)
    ));
    s
}

/// Merge conflicts of the annotations under the active cursor (or, when
/// none is there, every conflict of the document) settled towards `choice`:
/// an effect for the shell, which rewrites the sidecar.
pub fn resolve_conflicts(state: &mut State, choice: crate::merge::sidecar::Choice) -> Vec<Effect> {
    let Some(p) = state.pane() else {
        return Vec::new();
    };
    let (doc, cursor) = (p.doc, p.cursor);
    let d = &state.docs[doc];
    if d.conflicts.is_empty() {
        state.set_message(Level::Info, "no merge conflicts in this document");
        return Vec::new();
    }
    let mut here: Vec<String> = conflicts_at(d, cursor)
        .filter_map(|c| c.id.clone())
        .collect();
    here.dedup();
    vec![Effect::Resolve {
        doc,
        choice,
        ids: (!here.is_empty()).then_some(here),
    }]
}

/// The recorded merge conflicts of the annotations covering `cursor`.
fn conflicts_at(d: &doc::Document, cursor: usize) -> impl Iterator<Item = &crate::merge::Conflict> {
    d.conflicts.iter().filter(move |c| {
        c.id.as_deref()
            .is_some_and(|id| d.anns.at(cursor).any(|a| a.id == id))
    })
}

/// The conflict on an annotation under the cursor, for the status line.
fn conflict_under(state: &State) -> Option<String> {
    let p = state.pane()?;
    let c = conflicts_at(&state.docs[p.doc], p.cursor).next()?;
    Some(crate::text::escape::escape_invisible(&format!(
        // The keys first: a long conflict is cut at the end of the line.
        "alt-o ours, alt-t theirs, alt-b both · {}",
        c.describe()
    )))
}

/// The suggestion under the active cursor and how many are pending, for
/// the status line: `suggestion: entity ORG by hashiya-suggest (3 left)`.
/// A merge conflict under the cursor comes first.
pub fn under(state: &State) -> String {
    let Some(p) = state.pane() else {
        return String::new();
    };
    if let Some(c) = conflict_under(state) {
        return c;
    }
    let d = &state.docs[p.doc];
    match d.suggestion_at(p.cursor) {
        Some(a) => format!("suggestion: {} ({} left)", describe(a), d.pending()),
        None => format!("{} suggestions left", d.pending()),
    }
}

/// The start of the first pending suggestion after `cur` (at or after it
/// with `inclusive`), going backwards when not `forward`; wraps around.
fn next_pending(d: &doc::Document, cur: usize, forward: bool, inclusive: bool) -> Option<usize> {
    let mut starts: Vec<usize> = d
        .anns
        .iter()
        .filter(|a| a.status == Status::Suggested)
        .map(|a| a.span.start)
        .collect();
    starts.sort_unstable();
    if forward {
        starts
            .iter()
            .find(|&&s| s > cur || (inclusive && s == cur))
            .or(starts.first())
            .copied()
    } else {
        starts
            .iter()
            .rev()
            .find(|&&s| s < cur)
            .or(starts.last())
            .copied()
    }
}

pub(super) fn next_suggestion(state: &mut State, forward: bool) {
    let Some(p) = state.pane() else { return };
    let (doc, cur) = (p.doc, p.cursor);
    // Not taken here by `]`/`[`: a suggestion starting under the cursor is
    // the next one (State::suggestion_seen).
    let inclusive = forward && state.suggestion_seen.take() != Some((doc, cur));
    match next_pending(&state.docs[doc], cur, forward, inclusive) {
        Some(pos) => {
            state.panes[state.active].anchor = None;
            move_to(state, pos, false);
            state.suggestion_seen = Some((doc, pos));
            let msg = under(state);
            state.set_message(Level::Info, msg);
        }
        None => state.set_message(Level::Info, "no suggestions left in this document"),
    }
}

/// Show or hide the other annotators' layers (team mode, not blind).
pub(super) fn toggle_layers(state: &mut State) {
    let others = &state.settings.layers.others;
    if others.is_empty() {
        let why = match &state.browser.team {
            None => "no other layers: this corpus has no [team] in hashiya.toml",
            Some(t) if t.blind => "the team is blind: other annotators' layers are not shown",
            Some(_) => "no other annotators in the team",
        };
        state.set_message(Level::Info, why);
        return;
    }
    state.show_layers = !state.show_layers;
    if state.show_layers {
        let names = others.join(", ");
        state.set_message(
            Level::Info,
            format!("showing the layers of {names} (read-only; O hides them)"),
        );
    } else {
        state.set_message(Level::Info, "other layers hidden");
    }
}

/// Mark the active document done in the layer being edited, or back to in
/// progress when it is done.
pub(super) fn mark_done(state: &mut State) -> Vec<Effect> {
    use crate::corpus::DocStatus;
    let Some(d) = state.pane().map(|p| p.doc) else {
        return Vec::new();
    };
    let doc = &mut state.docs[d];
    let next = if doc.status() == DocStatus::Done {
        DocStatus::InProgress
    } else {
        DocStatus::Done
    };
    doc.written_status = Some(next);
    doc.dirty = true;
    let msg = match next {
        DocStatus::Done => format!("{} marked done (D again: back to in progress)", doc.name),
        _ => format!("{} back to in progress", doc.name),
    };
    state.set_message(Level::Info, msg);
    vec![Effect::Save(d)]
}

/// The bead holding the active cursor.
pub(super) fn cursor_bead(state: &State) -> Option<usize> {
    let p = state.pane()?;
    let d = &state.docs[p.doc];
    let b = motion::Blocks {
        text: &d.text,
        blocks: &d.blocks,
    }
    .block_of(p.cursor);
    Some(view::bead_of(state, state.active, b))
}

pub(super) fn review_alignment(state: &mut State, c: Command) -> Vec<Effect> {
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
    // Paragraphs (the aligner's units) at each pane's cursor.
    let block_at = |st: &State, p: usize| {
        let pane = &st.panes[p];
        let d = &st.docs[pane.doc];
        motion::Blocks {
            text: &d.text,
            blocks: &d.paras,
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
