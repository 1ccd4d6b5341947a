//! Annotating: tagging the selection, labels and types, attributes, notes,
//! links. Every edit is built by [`crate::annotation::edit`] and goes
//! through the history ([`commit`]), so that it is validated when it is
//! made and undone as one step.

use super::*;

/// Documents touched by an edit are saved right away.
pub(super) fn saves(state: &mut State, touched: Vec<usize>) -> Vec<Effect> {
    for &d in &touched {
        if let Some(doc) = state.docs.get_mut(d) {
            doc.dirty = true;
        }
    }
    touched.into_iter().map(Effect::Save).collect()
}

/// Apply one step of edits through the history (all of it or, when it does
/// not fit the documents any more, none of it, said in the message line)
/// and save what it touched.
pub(super) fn commit(state: &mut State, step: Step) -> Vec<Effect> {
    match state.history.commit(&mut state.docs, step) {
        Ok(t) => saves(state, t),
        Err(e) => {
            state.set_message(Level::Error, format!("not changed: {e}"));
            Vec::new()
        }
    }
}

/// Who is editing (and when: `now`).
pub(super) fn by<'a>(state: &'a State, now: &'a str) -> By<'a> {
    By {
        who: &state.settings.annotator,
        now,
    }
}

/// The annotation under the active cursor: (doc, id).
pub(super) fn ann_under_cursor(state: &mut State) -> Option<(usize, String)> {
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
pub(super) fn selected_span(state: &State) -> Option<(usize, Range<usize>)> {
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

pub(super) fn tag_selection(state: &mut State, label: Option<&str>) -> Vec<Effect> {
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

pub(super) fn open_label_menu(state: &mut State, target: Target) {
    let items: Vec<String> = state.labels.labels.iter().map(|l| l.name.clone()).collect();
    state.overlay = Overlay::Menu {
        choose: Choose::Label(target),
        items,
        sel: 0,
    };
}

/// A label was chosen: ask for its type when it has types, else apply.
pub(super) fn choose_label(state: &mut State, target: Target, label: String) -> Vec<Effect> {
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

pub(super) fn apply_label(
    state: &mut State,
    target: Target,
    label: String,
    kind: Option<String>,
) -> Vec<Effect> {
    state.overlay = Overlay::None;
    let now = doc::now_rfc3339();
    let (doc, op, span) = match target {
        Target::New { doc, span } => {
            let d = &state.docs[doc];
            let Some(ann) = edit::tag(
                &d.anns,
                &d.text,
                span.clone(),
                &label,
                kind.as_deref(),
                by(state, &now),
            ) else {
                return Vec::new();
            };
            state.panes[state.active].anchor = None;
            (doc, Op::Insert(ann), span)
        }
        Target::Existing { doc, id } => {
            let Some(before) = state.docs[doc].ann(&id) else {
                return Vec::new();
            };
            let span = before.span.clone();
            let op = edit::relabel(before, &label, kind.as_deref(), by(state, &now));
            (doc, op, span)
        }
    };
    // Tagging an entity suggests the name's other occurrences in the
    // document, in the same undo step as the tag.
    let mut step: Step = vec![(doc, op)];
    if label == ENTITY {
        let d = &state.docs[doc];
        let found = crate::suggest::propagate_name(
            &d.text,
            &d.blocks,
            &d.anns,
            &span,
            kind.as_deref(),
            SUGGESTER,
            &now,
        );
        step.extend(found.into_iter().map(|a| (doc, Op::Insert(a))));
    }
    let more = step.len() - 1;
    let fx = commit(state, step);
    if fx.is_empty() {
        return fx;
    }
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
    fx
}

/// The entity label, whose tags propagate.
pub(super) const ENTITY: &str = "entity";

/// Who suggested what the TUI proposes by itself (as `hashiya suggest` does).
pub(super) const SUGGESTER: &str = "hashiya-suggest";

pub(super) fn edit_attrs(state: &mut State) {
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
pub(super) fn change(
    state: &mut State,
    doc: usize,
    id: &str,
    f: impl FnOnce(&mut Annotation),
) -> Vec<Effect> {
    let now = doc::now_rfc3339();
    let Some(op) = state
        .docs
        .get(doc)
        .and_then(|d| d.ann(id))
        .and_then(|a| edit::change(a, by(state, &now), f))
    else {
        return Vec::new();
    };
    let fx = commit(state, vec![(doc, op)]);
    if !fx.is_empty() {
        state.set_message(Level::Info, "annotation updated");
    }
    fx
}

pub(super) fn link(state: &mut State) -> Vec<Effect> {
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
    let now = doc::now_rfc3339();
    let mut step: Step = Vec::new();
    for (d, i, target) in [(from_doc, &from_id, to_target), (doc, &id, from_target)] {
        if let Some(a) = state.docs[d].ann(i)
            && let Some(op) = edit::add_link(a, &target, "translation", by(state, &now))
        {
            step.push((d, op));
        }
    }
    if step.is_empty() {
        state.set_message(Level::Info, "already linked");
        return Vec::new();
    }
    let fx = commit(state, step);
    if !fx.is_empty() {
        state.set_message(Level::Info, "linked as translations");
    }
    fx
}
