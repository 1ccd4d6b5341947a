//! The annotations of one document, kept sorted by (start, end, id).

use std::collections::{HashMap, HashSet};
use std::ops::Range;

use super::Annotation;

/// An edit that does not fit the set.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ModelError {
    #[error("an annotation with id {0:?} already exists")]
    DuplicateId(String),
    #[error("no annotation with id {0:?}")]
    NotFound(String),
    #[error("annotation {0:?} changed since the edit was made")]
    Stale(String),
    #[error("annotation {id:?} has an empty or reversed span {start}..{end}")]
    BadSpan {
        id: String,
        start: usize,
        end: usize,
    },
    #[error("an update may not change the id ({before:?} -> {after:?})")]
    IdChanged { before: String, after: String },
    #[error("an annotation id may not be empty")]
    EmptyId,
}

/// The annotations of one document, sorted by (span.start, span.end, id).
/// Ids are unique; an id that was removed is never handed out again by
/// [`AnnotationSet::new_id`].
#[derive(Clone, Debug, Default)]
pub struct AnnotationSet {
    items: Vec<Annotation>,
    /// id -> span, to find an annotation by binary search.
    index: HashMap<String, Range<usize>>,
    /// Ids removed from the set (kept so they are not reused).
    retired: HashSet<String>,
    /// The longest span ever inserted: bounds the search in [`Self::at`].
    max_len: usize,
}

impl PartialEq for AnnotationSet {
    /// Two sets are equal when they hold the same annotations.
    fn eq(&self, other: &Self) -> bool {
        self.items == other.items
    }
}

fn key(a: &Annotation) -> (usize, usize, &str) {
    (a.span.start, a.span.end, a.id.as_str())
}

impl AnnotationSet {
    pub fn new() -> Self {
        Self::default()
    }

    /// The annotations, in the set's order (the set is used up).
    pub fn into_vec(self) -> Vec<Annotation> {
        self.items
    }

    /// An empty set with room for `n` annotations.
    pub fn with_capacity(n: usize) -> Self {
        AnnotationSet {
            items: Vec::with_capacity(n),
            index: HashMap::with_capacity(n),
            ..Self::default()
        }
    }

    /// Build a set; fails on a duplicate id or an empty/reversed span.
    pub fn from_annotations(
        annotations: impl IntoIterator<Item = Annotation>,
    ) -> Result<Self, ModelError> {
        let mut items: Vec<Annotation> = annotations.into_iter().collect();
        for a in &items {
            validate(a)?;
        }
        items.sort_by(|a, b| key(a).cmp(&key(b)));
        let mut index = HashMap::with_capacity(items.len());
        let mut max_len = 0;
        for a in &items {
            max_len = max_len.max(a.span.len());
            if index.insert(a.id.clone(), a.span.clone()).is_some() {
                return Err(ModelError::DuplicateId(a.id.clone()));
            }
        }
        Ok(AnnotationSet {
            items,
            index,
            retired: HashSet::new(),
            max_len,
        })
    }

    /// Build a set from annotations in any order, sorting once (inserting
    /// one by one costs a shift of the set per annotation: quadratic for a
    /// file written in random order). Annotations that cannot be held (an
    /// empty or reversed span, an empty or repeated id: the first one with
    /// an id stays) come back with the reason, in input order.
    pub fn build(
        annotations: impl IntoIterator<Item = Annotation>,
    ) -> (Self, Vec<(Annotation, ModelError)>) {
        let mut refused = Vec::new();
        let mut ids = HashSet::new();
        let mut items = Vec::new();
        for a in annotations {
            if let Err(e) = validate(&a) {
                refused.push((a, e));
            } else if !ids.insert(a.id.clone()) {
                let e = ModelError::DuplicateId(a.id.clone());
                refused.push((a, e));
            } else {
                items.push(a);
            }
        }
        match Self::from_annotations(items) {
            Ok(set) => (set, refused),
            // Unreachable: every item was validated and its id is unique.
            Err(_) => (Self::default(), refused),
        }
    }

    /// All annotations, sorted by (start, end, id).
    pub fn iter(&self) -> std::slice::Iter<'_, Annotation> {
        self.items.iter()
    }

    pub fn as_slice(&self) -> &[Annotation] {
        &self.items
    }

    pub fn len(&self) -> usize {
        self.items.len()
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    pub fn contains(&self, id: &str) -> bool {
        self.index.contains_key(id)
    }

    pub fn get(&self, id: &str) -> Option<&Annotation> {
        self.position(id).and_then(|i| self.items.get(i))
    }

    fn position(&self, id: &str) -> Option<usize> {
        let span = self.index.get(id)?;
        self.items
            .binary_search_by(|a| key(a).cmp(&(span.start, span.end, id)))
            .ok()
    }

    /// Annotations whose span covers byte `offset` (start <= offset < end),
    /// in set order.
    pub fn at(&self, offset: usize) -> impl Iterator<Item = &Annotation> {
        self.overlapping(offset..offset.saturating_add(1))
    }

    /// Annotations whose span intersects byte range `range`, in set order.
    pub fn overlapping(&self, range: Range<usize>) -> impl Iterator<Item = &Annotation> {
        let lo = range.start.saturating_sub(self.max_len);
        let first = self.items.partition_point(|a| a.span.start < lo);
        let last = self.items.partition_point(|a| a.span.start < range.end);
        self.items
            .get(first..last.max(first))
            .unwrap_or(&[])
            .iter()
            .filter(move |a| a.span.end > range.start && a.span.start < range.end)
    }

    /// A fresh id that is not used in this set and was not used before.
    pub fn new_id(&self) -> String {
        loop {
            let id = super::new_id();
            if !self.index.contains_key(&id) && !self.retired.contains(&id) {
                return id;
            }
        }
    }

    /// Mark `id` as used elsewhere (e.g. by an orphan kept in the sidecar),
    /// so [`Self::new_id`] never hands it out.
    pub fn reserve_id(&mut self, id: &str) {
        if !self.index.contains_key(id) {
            self.retired.insert(id.to_string());
        }
    }

    /// Insert an annotation (no undo record; see [`super::History`]).
    pub fn insert(&mut self, a: Annotation) -> Result<(), ModelError> {
        validate(&a)?;
        if self.index.contains_key(&a.id) {
            return Err(ModelError::DuplicateId(a.id));
        }
        let at = self.items.partition_point(|x| key(x) < key(&a));
        self.max_len = self.max_len.max(a.span.len());
        self.index.insert(a.id.clone(), a.span.clone());
        if !self.retired.is_empty() {
            self.retired.remove(&a.id);
        }
        self.items.insert(at, a);
        Ok(())
    }

    /// Remove an annotation by id (no undo record; see [`super::History`]).
    pub fn remove(&mut self, id: &str) -> Option<Annotation> {
        let at = self.position(id)?;
        self.index.remove(id);
        self.retired.insert(id.to_string());
        Some(self.items.remove(at))
    }

    /// Apply a reversible operation; returns the operation that undoes it.
    /// On error the set is unchanged.
    pub fn apply(&mut self, op: super::Op) -> Result<super::Op, ModelError> {
        use super::Op;
        match op {
            Op::Insert(a) => {
                let id = a.id.clone();
                self.insert(a)?;
                Ok(Op::Remove(id))
            }
            Op::Remove(id) => match self.remove(&id) {
                Some(a) => Ok(Op::Insert(a)),
                None => Err(ModelError::NotFound(id)),
            },
            Op::Update { before, after } => {
                if before.id != after.id {
                    return Err(ModelError::IdChanged {
                        before: before.id,
                        after: after.id,
                    });
                }
                validate(&after)?;
                match self.get(&before.id) {
                    None => return Err(ModelError::NotFound(before.id)),
                    Some(cur) if *cur != before => return Err(ModelError::Stale(before.id)),
                    Some(_) => {}
                }
                self.remove(&before.id);
                self.insert(after.clone())?;
                Ok(Op::Update {
                    before: after,
                    after: before,
                })
            }
            Op::Batch(ops) => {
                let mut inverses = Vec::with_capacity(ops.len());
                for op in ops {
                    match self.apply(op) {
                        Ok(inv) => inverses.push(inv),
                        Err(e) => {
                            // Roll back what was applied, newest first.
                            while let Some(inv) = inverses.pop() {
                                let _ = self.apply(inv);
                            }
                            return Err(e);
                        }
                    }
                }
                inverses.reverse();
                Ok(Op::Batch(inverses))
            }
        }
    }
}

fn validate(a: &Annotation) -> Result<(), ModelError> {
    if a.id.is_empty() {
        return Err(ModelError::EmptyId);
    }
    if a.span.start >= a.span.end {
        return Err(ModelError::BadSpan {
            id: a.id.clone(),
            start: a.span.start,
            end: a.span.end,
        });
    }
    Ok(())
}

/// The `i`-th annotation in set order (start, end, id).
impl std::ops::Index<usize> for AnnotationSet {
    type Output = Annotation;
    fn index(&self, i: usize) -> &Annotation {
        &self.items[i]
    }
}

impl<'a> IntoIterator for &'a AnnotationSet {
    type Item = &'a Annotation;
    type IntoIter = std::slice::Iter<'a, Annotation>;
    fn into_iter(self) -> Self::IntoIter {
        self.items.iter()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::annotation::Status;
    use proptest::prelude::*;

    fn ann(id: String, start: usize, len: usize) -> Annotation {
        Annotation {
            id,
            label: "claim".into(),
            kind: None,
            span: start..start + len,
            quote: String::new(),
            annotator: String::new(),
            created: String::new(),
            modified: String::new(),
            note: None,
            attrs: Default::default(),
            status: Status::Accepted,
            links: vec![],
            review: None,
        }
    }

    proptest! {
        /// `at` and `overlapping` agree with a plain scan, and `iter` is
        /// sorted by (start, end, id), after inserts and removals.
        #[test]
        fn lookups_match_a_plain_scan(
            spans in proptest::collection::vec((0usize..200, 1usize..40), 1..60),
            removals in proptest::collection::vec(any::<usize>(), 0..20),
            probes in proptest::collection::vec((0usize..260, 0usize..30), 1..20),
        ) {
            let mut set = AnnotationSet::new();
            for (i, (s, l)) in spans.iter().enumerate() {
                set.insert(ann(format!("a{i}"), *s, *l)).unwrap();
            }
            for r in removals {
                let id = set.iter().nth(r % set.len().max(1)).map(|a| a.id.clone());
                if let Some(id) = id {
                    set.remove(&id);
                }
            }
            let all: Vec<&Annotation> = set.iter().collect();
            for w in all.windows(2) {
                prop_assert!(key(w[0]) < key(w[1]));
            }
            for (off, len) in probes {
                let got: Vec<&str> = set.at(off).map(|a| a.id.as_str()).collect();
                let want: Vec<&str> = all
                    .iter()
                    .filter(|a| a.span.start <= off && off < a.span.end)
                    .map(|a| a.id.as_str())
                    .collect();
                prop_assert_eq!(got, want);
                let r = off..off + len;
                let got: Vec<&str> = set.overlapping(r.clone()).map(|a| a.id.as_str()).collect();
                let want: Vec<&str> = all
                    .iter()
                    .filter(|a| a.span.start < r.end && r.start < a.span.end)
                    .map(|a| a.id.as_str())
                    .collect();
                prop_assert_eq!(got, want);
            }
            for a in &all {
                prop_assert_eq!(set.get(&a.id), Some(*a));
            }
        }
    }
}
