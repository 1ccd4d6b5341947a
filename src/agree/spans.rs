//! Span agreement: strict matches (same start, end, label and type) and a
//! one-to-one maximum matching of same-label spans that overlap.

use std::ops::Range;

/// Counts behind a span F1: matched, only in A, only in B.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Counts {
    pub matched: u64,
    pub only_a: u64,
    pub only_b: u64,
}

impl Counts {
    pub fn add(&mut self, o: Counts) {
        self.matched += o.matched;
        self.only_a += o.only_a;
        self.only_b += o.only_b;
    }

    /// Matched over B's spans (B read as the "prediction"): `None` when B has none.
    pub fn precision(&self) -> Option<f64> {
        ratio(self.matched, self.matched + self.only_b)
    }

    /// Matched over A's spans: `None` when A has none.
    pub fn recall(&self) -> Option<f64> {
        ratio(self.matched, self.matched + self.only_a)
    }

    /// `2m / (2m + only_a + only_b)`: `None` when neither has a span.
    pub fn f1(&self) -> Option<f64> {
        ratio(
            2 * self.matched,
            2 * self.matched + self.only_a + self.only_b,
        )
    }
}

fn ratio(n: u64, d: u64) -> Option<f64> {
    (d > 0).then(|| n as f64 / d as f64)
}

/// A span as agreement sees it: byte range, label and type as indices.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Span {
    pub range: Range<usize>,
    pub label: usize,
    /// Index into the report's types, when the span has a type.
    pub kind: Option<usize>,
    /// Index of the annotation in its layer.
    pub ann: usize,
}

fn overlaps(a: &Range<usize>, b: &Range<usize>) -> bool {
    a.start < b.end && b.start < a.end
}

/// The number of strict matches between `a` and `b` (a multiset
/// intersection on start, end, label and type).
pub fn strict_matches(a: &[&Span], b: &[&Span]) -> u64 {
    let key = |s: &&Span| (s.range.start, s.range.end, s.label, s.kind);
    let mut ka: Vec<_> = a.iter().map(key).collect();
    let mut kb: Vec<_> = b.iter().map(key).collect();
    ka.sort_unstable();
    kb.sort_unstable();
    let (mut i, mut j, mut m) = (0, 0, 0);
    while i < ka.len() && j < kb.len() {
        match ka[i].cmp(&kb[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                m += 1;
                i += 1;
                j += 1;
            }
        }
    }
    m
}

/// A maximum one-to-one matching between `a` and `b` where an edge joins
/// two spans whose ranges overlap (the caller passes spans of one label).
/// Augmenting paths (Kuhn): A's spans in the order given, each trying B's
/// spans by largest overlap first, then by start. Returns `(i, j)` pairs.
pub fn overlap_matching(a: &[&Span], b: &[&Span]) -> Vec<(usize, usize)> {
    // Candidate lists; both sides are sorted by start, so a sweep finds them.
    let mut adj: Vec<Vec<usize>> = Vec::with_capacity(a.len());
    for sa in a {
        let mut c: Vec<usize> = (0..b.len())
            .filter(|&j| overlaps(&sa.range, &b[j].range))
            .collect();
        let ov = |j: usize| {
            let r = &b[j].range;
            r.end.min(sa.range.end) - r.start.max(sa.range.start)
        };
        c.sort_by(|&x, &y| {
            ov(y)
                .cmp(&ov(x))
                .then(b[x].range.start.cmp(&b[y].range.start))
        });
        adj.push(c);
    }
    let mut owner: Vec<Option<usize>> = vec![None; b.len()];
    let mut seen = vec![usize::MAX; b.len()];
    for i in 0..a.len() {
        augment(i, i, &adj, &mut owner, &mut seen);
    }
    let mut pairs: Vec<(usize, usize)> = owner
        .iter()
        .enumerate()
        .filter_map(|(j, o)| o.map(|i| (i, j)))
        .collect();
    pairs.sort_unstable();
    pairs
}

/// Find an augmenting path from A's span `i` (iterative depth-first search,
/// so that no input can overflow the stack).
fn augment(
    root: usize,
    stamp: usize,
    adj: &[Vec<usize>],
    owner: &mut [Option<usize>],
    seen: &mut [usize],
) -> bool {
    // Stack of (a-vertex, next candidate index, the b-vertex we came through).
    let mut stack: Vec<(usize, usize, Option<usize>)> = vec![(root, 0, None)];
    while let Some(top) = stack.last_mut() {
        let (i, next) = (top.0, top.1);
        let Some(&j) = adj[i].get(next) else {
            stack.pop();
            continue;
        };
        top.1 += 1;
        if seen[j] == stamp {
            continue;
        }
        seen[j] = stamp;
        match owner[j] {
            None => {
                // Flip the path: each a-vertex on the stack takes the b-vertex
                // it tried last.
                let mut take = j;
                while let Some((ai, _, came)) = stack.pop() {
                    owner[take] = Some(ai);
                    match came {
                        Some(prev) => take = prev,
                        None => break,
                    }
                }
                return true;
            }
            Some(other) => stack.push((other, 0, Some(j))),
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(start: usize, end: usize) -> Span {
        Span {
            range: start..end,
            label: 0,
            kind: None,
            ann: 0,
        }
    }

    #[test]
    fn maximum_not_greedy() {
        // a0 overlaps b0 and b1, a1 only b0: greedy a0-b0 leaves a1 alone.
        let a = [s(0, 10), s(12, 14)];
        let b = [s(8, 13), s(0, 3)];
        let (ra, rb): (Vec<&Span>, Vec<&Span>) = (a.iter().collect(), b.iter().collect());
        assert_eq!(overlap_matching(&ra, &rb), vec![(0, 1), (1, 0)]);
    }

    #[test]
    fn exact_first_is_not_maximum_either() {
        // a0 = b0 exactly, but b1 needs a0 and a1 needs b0.
        let a = [s(5, 10), s(9, 15)];
        let b = [s(5, 10), s(0, 6)];
        let (ra, rb): (Vec<&Span>, Vec<&Span>) = (a.iter().collect(), b.iter().collect());
        assert_eq!(overlap_matching(&ra, &rb).len(), 2);
    }

    #[test]
    fn long_chain_needs_deep_augmenting_paths() {
        // a_i overlaps b_i and b_{i+1} and prefers b_{i+1} (larger overlap);
        // the last a has only b_{n-1}, so it needs a path back to b_0.
        let n = 2000;
        let a: Vec<Span> = (0..n).map(|i| s(10 * i + 4, 10 * i + 12)).collect();
        let b: Vec<Span> = (0..n).map(|i| s(10 * i, 10 * i + 5)).collect();
        let (ra, rb): (Vec<&Span>, Vec<&Span>) = (a.iter().collect(), b.iter().collect());
        assert_eq!(overlap_matching(&ra, &rb).len(), n);
    }

    #[test]
    fn counts_and_undefined_ratios() {
        let c = Counts {
            matched: 3,
            only_a: 1,
            only_b: 2,
        };
        assert_eq!(c.f1(), Some(6.0 / 9.0));
        assert_eq!(c.precision(), Some(3.0 / 5.0));
        assert_eq!(c.recall(), Some(3.0 / 4.0));
        assert_eq!(Counts::default().f1(), None);
        let none_b = Counts {
            matched: 0,
            only_a: 4,
            only_b: 0,
        };
        assert_eq!((none_b.f1(), none_b.precision()), (Some(0.0), None));
    }

    #[test]
    fn strict_is_a_multiset_intersection() {
        let a = [s(0, 1), s(0, 1), s(2, 3)];
        let b = [s(0, 1), s(2, 4)];
        let (ra, rb): (Vec<&Span>, Vec<&Span>) = (a.iter().collect(), b.iter().collect());
        assert_eq!(strict_matches(&ra, &rb), 1);
    }
}
