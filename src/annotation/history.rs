//! Reversible operations and the undo/redo history made of them.

use super::{Annotation, AnnotationSet, ModelError};

/// A reversible edit of an [`AnnotationSet`]. [`AnnotationSet::apply`]
/// returns the operation that undoes it.
#[derive(Clone, Debug, PartialEq, Eq)]
#[allow(clippy::large_enum_variant)]
pub enum Op {
    /// Add an annotation (its id must be new to the set).
    Insert(Annotation),
    /// Remove the annotation with this id.
    Remove(String),
    /// Replace `before` (which must be the current value) with `after`;
    /// same id. Moving a span, relabeling, editing a note are updates.
    Update {
        before: Annotation,
        after: Annotation,
    },
    /// Several operations as one step (applied in order, undone in reverse).
    Batch(Vec<Op>),
}

/// Undo and redo stacks of operations.
#[derive(Clone, Debug, Default)]
pub struct History {
    undo: Vec<Op>,
    redo: Vec<Op>,
}

impl History {
    pub fn new() -> Self {
        Self::default()
    }

    /// Apply `op` to `set` and record it; clears the redo stack.
    pub fn do_op(&mut self, set: &mut AnnotationSet, op: Op) -> Result<(), ModelError> {
        let inverse = set.apply(op)?;
        self.undo.push(inverse);
        self.redo.clear();
        Ok(())
    }

    /// Undo the last operation. `Ok(false)` when there is nothing to undo.
    pub fn undo(&mut self, set: &mut AnnotationSet) -> Result<bool, ModelError> {
        step(&mut self.undo, &mut self.redo, set)
    }

    /// Redo the last undone operation. `Ok(false)` when there is nothing to redo.
    pub fn redo(&mut self, set: &mut AnnotationSet) -> Result<bool, ModelError> {
        step(&mut self.redo, &mut self.undo, set)
    }

    pub fn can_undo(&self) -> bool {
        !self.undo.is_empty()
    }

    pub fn can_redo(&self) -> bool {
        !self.redo.is_empty()
    }

    /// Forget everything (e.g. after reloading a sidecar from disk).
    pub fn clear(&mut self) {
        self.undo.clear();
        self.redo.clear();
    }
}

/// Annotation sets addressed by a key (the open documents of the reader).
pub trait Sets {
    fn set_mut(&mut self, key: usize) -> Option<&mut AnnotationSet>;
}

/// One undoable step over several sets: operations applied in order, all
/// or none (a link changes two documents in one step).
pub type Step = Vec<(usize, Op)>;

/// Undo and redo of [`Step`]s over keyed sets: the reader's history, where
/// one key press may change two documents (a link, a tag and the
/// suggestions it propagates). Every edit is validated by
/// [`AnnotationSet::apply`] when it is made, not when it is saved.
#[derive(Clone, Debug, Default)]
pub struct Journal {
    undo: Vec<Step>,
    redo: Vec<Step>,
}

/// Apply a step, all or nothing; returns the step that undoes it.
fn apply_step(sets: &mut impl Sets, step: Step) -> Result<Step, ModelError> {
    let mut inverse: Step = Vec::with_capacity(step.len());
    let mut failure = None;
    for (key, op) in step {
        let Some(set) = sets.set_mut(key) else {
            failure = Some(ModelError::NotFound(format!("document #{key}")));
            break;
        };
        match set.apply(op) {
            Ok(inv) => inverse.push((key, inv)),
            Err(e) => {
                failure = Some(e);
                break;
            }
        }
    }
    if let Some(e) = failure {
        // Roll back what was applied, newest first.
        while let Some((key, inv)) = inverse.pop() {
            if let Some(set) = sets.set_mut(key) {
                let _ = set.apply(inv);
            }
        }
        return Err(e);
    }
    inverse.reverse();
    Ok(inverse)
}

/// The keys a step touches, sorted, once each.
pub fn touched(step: &Step) -> Vec<usize> {
    let mut t: Vec<usize> = step.iter().map(|(k, _)| *k).collect();
    t.sort_unstable();
    t.dedup();
    t
}

impl Journal {
    pub fn new() -> Self {
        Self::default()
    }

    /// Apply `step` and record it (clears the redo stack); returns the keys
    /// touched. An empty step changes nothing and records nothing. On error
    /// nothing changed.
    pub fn commit(&mut self, sets: &mut impl Sets, step: Step) -> Result<Vec<usize>, ModelError> {
        if step.is_empty() {
            return Ok(Vec::new());
        }
        let inverse = apply_step(sets, step)?;
        let t = touched(&inverse);
        self.undo.push(inverse);
        self.redo.clear();
        Ok(t)
    }

    /// Undo the last step; `Ok(None)` when there is nothing to undo.
    pub fn undo(&mut self, sets: &mut impl Sets) -> Result<Option<Vec<usize>>, ModelError> {
        journal_step(&mut self.undo, &mut self.redo, sets)
    }

    /// Redo the last undone step; `Ok(None)` when there is nothing to redo.
    pub fn redo(&mut self, sets: &mut impl Sets) -> Result<Option<Vec<usize>>, ModelError> {
        journal_step(&mut self.redo, &mut self.undo, sets)
    }

    /// Forget everything (e.g. after documents were reloaded from disk).
    pub fn clear(&mut self) {
        self.undo.clear();
        self.redo.clear();
    }
}

fn journal_step(
    from: &mut Vec<Step>,
    to: &mut Vec<Step>,
    sets: &mut impl Sets,
) -> Result<Option<Vec<usize>>, ModelError> {
    let Some(step) = from.pop() else {
        return Ok(None);
    };
    match apply_step(sets, step.clone()) {
        Ok(inverse) => {
            let t = touched(&inverse);
            to.push(inverse);
            Ok(Some(t))
        }
        Err(e) => {
            from.push(step);
            Err(e)
        }
    }
}

fn step(from: &mut Vec<Op>, to: &mut Vec<Op>, set: &mut AnnotationSet) -> Result<bool, ModelError> {
    let Some(op) = from.pop() else {
        return Ok(false);
    };
    match set.apply(op.clone()) {
        Ok(inverse) => {
            to.push(inverse);
            Ok(true)
        }
        Err(e) => {
            from.push(op);
            Err(e)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::annotation::Status;

    fn ann(id: &str, start: usize, end: usize) -> Annotation {
        Annotation {
            id: id.into(),
            label: "claim".into(),
            kind: None,
            span: start..end,
            quote: String::new(),
            annotator: "t".into(),
            created: "2026-01-01T00:00:00Z".into(),
            modified: "2026-01-01T00:00:00Z".into(),
            note: None,
            attrs: Default::default(),
            status: Status::Accepted,
            links: vec![],
            review: None,
        }
    }

    #[test]
    fn set_is_sorted_and_finds_by_offset() {
        let mut set = AnnotationSet::new();
        set.insert(ann("b", 5, 10)).unwrap();
        set.insert(ann("a", 5, 10)).unwrap();
        set.insert(ann("c", 0, 20)).unwrap();
        set.insert(ann("d", 12, 14)).unwrap();
        let ids: Vec<_> = set.iter().map(|a| a.id.as_str()).collect();
        assert_eq!(ids, ["c", "a", "b", "d"]);
        let at: Vec<_> = set.at(9).map(|a| a.id.as_str()).collect();
        assert_eq!(at, ["c", "a", "b"]);
        let at: Vec<_> = set.at(10).map(|a| a.id.as_str()).collect();
        assert_eq!(at, ["c"]);
        assert_eq!(set.at(20).count(), 0);
        assert_eq!(set.get("d").map(|a| a.span.clone()), Some(12..14));
        assert!(set.get("zz").is_none());
        assert_eq!(
            set.insert(ann("a", 1, 2)),
            Err(ModelError::DuplicateId("a".into()))
        );
    }

    impl Sets for Vec<AnnotationSet> {
        fn set_mut(&mut self, key: usize) -> Option<&mut AnnotationSet> {
            self.get_mut(key)
        }
    }

    #[test]
    fn journal_steps_span_sets_and_fail_whole() {
        let mut sets = vec![AnnotationSet::new(), AnnotationSet::new()];
        let mut j = Journal::new();
        let t = j
            .commit(
                &mut sets,
                vec![
                    (0, Op::Insert(ann("a", 0, 3))),
                    (1, Op::Insert(ann("b", 1, 2))),
                ],
            )
            .unwrap();
        assert_eq!(t, [0, 1]);
        let after = sets.clone();
        // A step whose second op does not fit changes nothing.
        let err = j.commit(
            &mut sets,
            vec![
                (0, Op::Insert(ann("c", 4, 5))),
                (1, Op::Insert(ann("b", 7, 9))),
            ],
        );
        assert_eq!(err, Err(ModelError::DuplicateId("b".into())));
        assert_eq!(sets, after);
        // An empty span is refused when the edit is made.
        let bad = j.commit(&mut sets, vec![(0, Op::Insert(ann("d", 4, 4)))]);
        assert!(matches!(bad, Err(ModelError::BadSpan { .. })));
        assert_eq!(j.undo(&mut sets).unwrap(), Some(vec![0, 1]));
        assert!(sets.iter().all(|s| s.is_empty()));
        assert_eq!(j.undo(&mut sets).unwrap(), None);
        assert_eq!(j.redo(&mut sets).unwrap(), Some(vec![0, 1]));
        assert_eq!(sets, after);
    }

    #[test]
    fn undo_redo_restore_states() {
        let mut set = AnnotationSet::new();
        let mut h = History::new();
        h.do_op(&mut set, Op::Insert(ann("a", 0, 3))).unwrap();
        let s1 = set.clone();
        let mut moved = ann("a", 4, 8);
        moved.note = Some("moved".into());
        h.do_op(
            &mut set,
            Op::Update {
                before: ann("a", 0, 3),
                after: moved.clone(),
            },
        )
        .unwrap();
        let s2 = set.clone();
        h.do_op(
            &mut set,
            Op::Batch(vec![Op::Insert(ann("b", 1, 2)), Op::Remove("a".into())]),
        )
        .unwrap();
        assert_eq!(set.len(), 1);
        assert!(h.undo(&mut set).unwrap());
        assert_eq!(set, s2);
        assert!(h.undo(&mut set).unwrap());
        assert_eq!(set, s1);
        assert!(h.undo(&mut set).unwrap());
        assert!(set.is_empty());
        assert!(!h.undo(&mut set).unwrap());
        assert!(h.redo(&mut set).unwrap());
        assert!(h.redo(&mut set).unwrap());
        assert_eq!(set, s2);
    }

    #[test]
    fn failed_batch_leaves_set_unchanged() {
        let mut set = AnnotationSet::new();
        set.insert(ann("a", 0, 3)).unwrap();
        let before = set.clone();
        let err = set.apply(Op::Batch(vec![
            Op::Insert(ann("b", 1, 2)),
            Op::Remove("nope".into()),
        ]));
        assert_eq!(err, Err(ModelError::NotFound("nope".into())));
        assert_eq!(set, before);
        let stale = set.apply(Op::Update {
            before: ann("a", 0, 4),
            after: ann("a", 0, 5),
        });
        assert_eq!(stale, Err(ModelError::Stale("a".into())));
    }

    #[test]
    fn removed_ids_are_not_reissued() {
        let mut set = AnnotationSet::new();
        set.insert(ann("a", 0, 3)).unwrap();
        set.remove("a");
        let id = set.new_id();
        assert_ne!(id, "a");
    }
}
