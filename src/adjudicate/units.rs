//! Units of adjudication: one document's annotations from every compared
//! layer grouped with the span matching of `agree` (docs/AGREE.md): strict
//! match (same start, end, label and type), else a maximum one-to-one
//! matching of overlapping same-label spans, else alone.

use std::collections::HashMap;
use std::ops::Range;

use crate::agree::spans::{Span, overlap_matching};
use crate::annotation::Annotation;

/// One annotation of a unit: layer `layer` (index into the compared
/// layers), annotation `ann` (index into that layer's annotations).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Member {
    pub layer: usize,
    pub ann: usize,
}

/// How the layers stand on a unit.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum UnitState {
    /// Every compared layer has the same version.
    Unanimous,
    /// More than half of the compared layers have the same version (not all).
    Majority,
    /// Several layers have something here, no version has a majority.
    Disagreement,
    /// Only one layer has something here.
    Single,
}

impl UnitState {
    pub fn as_str(self) -> &'static str {
        match self {
            UnitState::Unanimous => "unanimous",
            UnitState::Majority => "majority",
            UnitState::Disagreement => "disagreement",
            UnitState::Single => "single",
        }
    }
}

/// A group of annotations from different layers that are versions of one
/// another: at most one annotation per layer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Unit {
    /// By layer.
    pub members: Vec<Member>,
    /// The members grouped by identical version (span, label, type and
    /// attributes), largest group first, ties in layer order; each group in
    /// layer order.
    pub versions: Vec<Vec<Member>>,
    pub state: UnitState,
    /// The byte range covering every member.
    pub range: Range<usize>,
}

impl Unit {
    /// The member of layer `layer`, if that layer has a version here.
    pub fn of_layer(&self, layer: usize) -> Option<Member> {
        self.members.iter().copied().find(|m| m.layer == layer)
    }

    /// The group of versions held by a strict majority of `compared`
    /// layers, if one is.
    pub fn majority(&self, compared: usize) -> Option<&[Member]> {
        self.versions
            .first()
            .filter(|g| g.len() * 2 > compared)
            .map(Vec::as_slice)
    }

    /// The group holding `m`'s version.
    pub fn group_of(&self, m: Member) -> Option<&[Member]> {
        self.versions
            .iter()
            .find(|g| g.contains(&m))
            .map(Vec::as_slice)
    }
}

/// What a strict match compares: start, end, label and type.
type Key = (usize, usize, usize, Option<usize>);

/// Whether two annotations are the same version: span, label, type and
/// attributes (a figure's value and unit, a claim's speaker).
pub fn same_version(a: &Annotation, b: &Annotation) -> bool {
    a.span == b.span && a.label == b.label && a.kind == b.kind && a.attrs == b.attrs
}

/// Group the annotations of `layers` (each a layer's annotations that
/// count: accepted ones) into units, sorted by where they start. `compared`
/// is the number of layers that vote on this document (a layer without
/// any annotation here still votes for nothing).
///
/// Layers are taken in order: layer 0's spans each start a unit; each
/// further layer's spans join a unit that has no member of theirs yet, by
/// strict match with any member first, then by the overlap matching of
/// `agree` against the unit's first member (same label), else they start a
/// unit of their own.
pub fn units(layers: &[&[Annotation]], compared: usize) -> Vec<Unit> {
    let mut names: HashMap<&str, usize> = HashMap::new();
    // Labels and types interned in one table (types as "label\u{1f}type").
    let mut typed: HashMap<String, usize> = HashMap::new();
    let mut spans: Vec<Vec<Span>> = Vec::with_capacity(layers.len());
    for anns in layers {
        let mut v = Vec::with_capacity(anns.len());
        for (i, a) in anns.iter().enumerate() {
            let n = names.len();
            let label = *names.entry(a.label.as_str()).or_insert(n);
            let kind = a.kind.as_ref().map(|k| {
                let n = typed.len();
                *typed.entry(format!("{}\u{1f}{k}", a.label)).or_insert(n)
            });
            v.push(Span {
                range: a.span.clone(),
                label,
                kind,
                ann: i,
            });
        }
        v.sort_by_key(|s| (s.range.start, s.range.end, s.ann));
        spans.push(v);
    }
    let n_labels = names.len();
    // Units as lists of members, and the span each is matched by (its first
    // member's).
    let mut members: Vec<Vec<Member>> = Vec::new();
    let mut reps: Vec<Span> = Vec::new();
    // (start, end, label, type) -> units holding a member with that key.
    let mut strict: HashMap<Key, Vec<usize>> = HashMap::new();
    for (layer, layer_spans) in spans.iter().enumerate() {
        let mut left: Vec<&Span> = Vec::new();
        let mut joined: Vec<(usize, Member, Key)> = Vec::new();
        let mut taken = vec![false; members.len()];
        for s in layer_spans {
            let key = (s.range.start, s.range.end, s.label, s.kind);
            let hit = strict
                .get(&key)
                .and_then(|us| us.iter().copied().find(|&u| !taken[u]));
            match hit {
                Some(u) => {
                    taken[u] = true;
                    joined.push((u, Member { layer, ann: s.ann }, key));
                }
                None => left.push(s),
            }
        }
        // Overlap matching, label by label, against units this layer has
        // not joined yet.
        for label in 0..n_labels {
            let a: Vec<&Span> = left.iter().copied().filter(|s| s.label == label).collect();
            if a.is_empty() {
                continue;
            }
            let open: Vec<usize> = (0..reps.len())
                .filter(|&u| !taken[u] && reps[u].label == label)
                .collect();
            let b: Vec<&Span> = open.iter().map(|&u| &reps[u]).collect();
            for (i, j) in overlap_matching(&a, &b) {
                let u = open[j];
                taken[u] = true;
                let s = a[i];
                joined.push((
                    u,
                    Member { layer, ann: s.ann },
                    (s.range.start, s.range.end, s.label, s.kind),
                ));
            }
        }
        let mut used = vec![false; layers[layer].len()];
        for (u, m, key) in joined {
            used[m.ann] = true;
            members[u].push(m);
            strict.entry(key).or_default().push(u);
        }
        for s in layer_spans {
            if used[s.ann] {
                continue;
            }
            let u = members.len();
            members.push(vec![Member { layer, ann: s.ann }]);
            reps.push(s.clone());
            strict
                .entry((s.range.start, s.range.end, s.label, s.kind))
                .or_default()
                .push(u);
        }
    }
    let mut out: Vec<Unit> = members
        .into_iter()
        .map(|ms| classify(ms, layers, compared))
        .collect();
    out.sort_by(|x, y| {
        (x.range.start, x.range.end, x.members.first()).cmp(&(
            y.range.start,
            y.range.end,
            y.members.first(),
        ))
    });
    out
}

fn classify(mut members: Vec<Member>, layers: &[&[Annotation]], compared: usize) -> Unit {
    members.sort();
    let ann = |m: &Member| &layers[m.layer][m.ann];
    let mut versions: Vec<Vec<Member>> = Vec::new();
    for m in &members {
        match versions
            .iter_mut()
            .find(|g| same_version(ann(&g[0]), ann(m)))
        {
            Some(g) => g.push(*m),
            None => versions.push(vec![*m]),
        }
    }
    // Stable: ties keep the order of their first member's layer.
    versions.sort_by_key(|g| std::cmp::Reverse(g.len()));
    let start = members.iter().map(|m| ann(m).span.start).min();
    let end = members.iter().map(|m| ann(m).span.end).max();
    let range = start.unwrap_or(0)..end.unwrap_or(0);
    let compared = compared.max(members.len());
    let state = if members.len() == 1 {
        UnitState::Single
    } else if versions.len() == 1 && members.len() == compared {
        UnitState::Unanimous
    } else if versions[0].len() * 2 > compared {
        UnitState::Majority
    } else {
        UnitState::Disagreement
    };
    Unit {
        members,
        versions,
        state,
        range,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn a(id: &str, label: &str, span: Range<usize>) -> Annotation {
        Annotation {
            id: id.into(),
            label: label.into(),
            kind: None,
            span,
            quote: String::new(),
            annotator: String::new(),
            created: String::new(),
            modified: String::new(),
            note: None,
            attrs: Default::default(),
            status: Default::default(),
            links: Vec::new(),
            review: None,
        }
    }

    fn shape(us: &[Unit]) -> Vec<(Vec<(usize, usize)>, UnitState)> {
        us.iter()
            .map(|u| {
                (
                    u.members.iter().map(|m| (m.layer, m.ann)).collect(),
                    u.state,
                )
            })
            .collect()
    }

    #[test]
    fn states_of_three_layers() {
        let l0 = vec![
            a("a", "figure", 0..5),
            a("b", "claim", 10..20),
            a("c", "entity", 30..35),
        ];
        let l1 = vec![
            a("d", "figure", 0..5),
            a("e", "claim", 10..18),
            a("f", "entity", 40..45),
        ];
        let l2 = vec![a("g", "figure", 0..5), a("h", "claim", 12..20)];
        let us = units(&[&l0, &l1, &l2], 3);
        assert_eq!(
            shape(&us),
            vec![
                (vec![(0, 0), (1, 0), (2, 0)], UnitState::Unanimous),
                (vec![(0, 1), (1, 1), (2, 1)], UnitState::Disagreement),
                (vec![(0, 2)], UnitState::Single),
                (vec![(1, 2)], UnitState::Single),
            ]
        );
        // Two of three agree: a majority.
        let l2b = vec![a("g", "figure", 0..5), a("h", "claim", 10..18)];
        let us = units(&[&l0, &l1, &l2b], 3);
        assert_eq!(us[1].state, UnitState::Majority);
        assert_eq!(
            us[1].majority(3),
            Some(&[Member { layer: 1, ann: 1 }, Member { layer: 2, ann: 1 }][..])
        );
        // Two layers agree but a third votes for nothing: a majority.
        let us = units(&[&l0, &l1, &[]], 3);
        assert_eq!(us[0].state, UnitState::Majority);
    }

    #[test]
    fn strict_before_overlap_and_labels_apart() {
        // Layer 1's 0..5 matches layer 0's second 0..5 exactly even though
        // layer 0's 0..8 overlaps it more in start order; other labels never
        // join.
        let l0 = vec![a("a", "claim", 0..8), a("b", "figure", 0..5)];
        let l1 = vec![a("c", "figure", 0..5), a("d", "entity", 0..8)];
        let us = units(&[&l0, &l1], 2);
        assert_eq!(
            shape(&us),
            vec![
                (vec![(0, 1), (1, 0)], UnitState::Unanimous),
                (vec![(0, 0)], UnitState::Single),
                (vec![(1, 1)], UnitState::Single),
            ]
        );
    }

    #[test]
    fn one_member_per_layer_and_maximum_matching() {
        // Layer 1 has two spans overlapping layer 0's one: one joins, the
        // other is a unit of its own; a chain a0-b1, a1-b0 is found whole.
        let l0 = vec![a("a", "claim", 0..10), a("b", "claim", 12..14)];
        let l1 = vec![a("c", "claim", 8..13), a("d", "claim", 0..3)];
        let us = units(&[&l0, &l1], 2);
        assert_eq!(us.len(), 2);
        assert!(us.iter().all(|u| u.members.len() == 2));
    }
}
