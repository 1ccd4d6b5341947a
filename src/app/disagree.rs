//! The disagreement list of the open document: where its layer and the
//! other annotators' layers differ, as `hashiya agree --list` finds them
//! (docs/AGREE.md); Enter jumps to each one.

use super::command::Command;
use super::{Level, Overlay, State, view};
use crate::agree::{self, DocInput, LayerInput, Options};

/// Open the list for the active document, showing the other layers.
pub(super) fn open(state: &mut State) {
    if state.settings.layers.others.is_empty() {
        // The same explanation as for showing the layers.
        super::review::toggle_layers(state);
        return;
    }
    let Some(d) = state.pane().map(|p| p.doc) else {
        return;
    };
    let Some(doc) = state.docs.get(d) else {
        return;
    };
    // Every layer open here is compared, whatever its status: the
    // document is in front of the annotator.
    let mut annotators = vec![state.settings.annotator.clone()];
    let mut layers = vec![LayerInput {
        status: Some("in-progress"),
        annotations: doc.anns.iter().cloned().collect(),
    }];
    for o in &doc.others {
        annotators.push(o.annotator.clone());
        layers.push(LayerInput {
            status: Some("in-progress"),
            annotations: o.anns.clone(),
        });
    }
    if annotators.len() < 2 {
        state.set_message(
            Level::Info,
            "no other annotator has a layer of this document yet",
        );
        return;
    }
    let input = DocInput {
        path: doc.name.clone(),
        file: doc.name.clone(),
        text: doc.text.clone(),
        layers,
    };
    let opts = Options {
        annotators,
        labels: state
            .labels
            .labels
            .iter()
            .map(|l| (l.name.clone(), l.types.clone()))
            .collect(),
        token_labels: vec!["entity".into()],
        list: true,
    };
    let items = agree::compute(std::slice::from_ref(&input), &opts)
        .disagreements
        .unwrap_or_default();
    state.show_layers = true;
    if items.is_empty() {
        state.set_message(Level::Info, "the layers of this document agree");
        return;
    }
    state.overlay = Overlay::Disagreements { sel: 0, items };
}

/// Keys in the list: move, Enter jumps, anything else closes.
pub(super) fn command(state: &mut State, c: Command) -> Vec<super::Effect> {
    let Overlay::Disagreements { sel, items } =
        std::mem::replace(&mut state.overlay, Overlay::None)
    else {
        return Vec::new();
    };
    if let Some(sel) = super::overlay::moved(sel, items.len(), c) {
        state.overlay = Overlay::Disagreements { sel, items };
        return Vec::new();
    }
    match c {
        Command::Open | Command::OpenAlone => {
            if let Some(d) = items.get(sel)
                && let Some(p) = state.panes.get_mut(state.active)
            {
                p.anchor = None;
                p.cursor = d.at;
                view::ensure_cursor_visible(state);
                let show = |v: &Option<agree::Version>| match v {
                    None => "nothing".to_string(),
                    Some(v) if v.kind.is_empty() => format!("{} «{}»", v.label, v.text),
                    Some(v) => format!("{}/{} «{}»", v.label, v.kind, v.text),
                };
                let msg = format!(
                    "{}: {} has {}, {} has {}",
                    d.what,
                    d.a,
                    show(&d.in_a),
                    d.b,
                    show(&d.in_b)
                );
                state.set_message(Level::Warn, msg);
            }
        }
        Command::Quit => return super::quit(state),
        _ => {}
    }
    Vec::new()
}
