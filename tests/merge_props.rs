//! Properties of the sidecar merge on random edits of a random base:
//! merge(base, x, x) = x; merge(base, base, x) = x; swapping the sides gives
//! the same file when there is no conflict, the same conflicts seen from the
//! other side otherwise, and resolving every conflict towards one side gives
//! the same file either way; no annotation id of either side is lost (but
//! for one a side deleted and the other left as it was).

use std::collections::{BTreeMap, BTreeSet};

use hashiya::annotation::{Annotation, Link, Status};
use hashiya::merge::sidecar::{Choice, resolve};
use hashiya::merge::{Conflict, Documents, FileKind, merge_file};
use hashiya::sidecar::format::{OutRecord, render};
use hashiya::sidecar::{anchor::context, sha256_hex};
use proptest::prelude::*;

const DOC: &str = "Macron said 5,700 soldiers arrived in Paris on Monday, the ministry said. \
قال ماكرون إن ٥٧٠٠ جندي وصلوا إلى باريس يوم الاثنين. Netanyahu met Macron in Jerusalem.\n";

const LABELS: &[&str] = &["claim", "figure", "entity"];
const STATUSES: &[Status] = &[Status::Accepted, Status::Suggested, Status::Rejected];

/// Word boundaries of the document (byte ranges).
fn words() -> Vec<(usize, usize)> {
    let mut v = Vec::new();
    let mut start = None;
    for (i, c) in DOC.char_indices() {
        match (c.is_whitespace(), start) {
            (false, None) => start = Some(i),
            (true, Some(s)) => {
                v.push((s, i));
                start = None;
            }
            _ => {}
        }
    }
    v
}

#[derive(Clone, Debug)]
struct Ann {
    id: String,
    label: usize,
    word: usize,
    len: usize,
    note: Option<String>,
    status: usize,
    attrs: BTreeMap<String, String>,
    links: Vec<String>,
}

#[derive(Clone, Debug)]
enum Op {
    Delete(usize),
    Add {
        word: usize,
        len: usize,
        label: usize,
    },
    Note(usize, u8),
    Status(usize, usize),
    Attr(usize, u8, u8),
    Label(usize, usize),
    Link(usize, usize),
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        any::<usize>().prop_map(Op::Delete),
        (any::<usize>(), 1usize..4, 0..LABELS.len()).prop_map(|(word, len, label)| Op::Add {
            word,
            len,
            label
        }),
        (any::<usize>(), 0u8..3).prop_map(|(i, n)| Op::Note(i, n)),
        (any::<usize>(), 0..STATUSES.len()).prop_map(|(i, s)| Op::Status(i, s)),
        (any::<usize>(), 0u8..2, 0u8..3).prop_map(|(i, k, v)| Op::Attr(i, k, v)),
        (any::<usize>(), 0..LABELS.len()).prop_map(|(i, l)| Op::Label(i, l)),
        (any::<usize>(), any::<usize>()).prop_map(|(i, j)| Op::Link(i, j)),
    ]
}

fn apply(base: &[Ann], ops: &[Op], side: &str) -> Vec<Ann> {
    let mut v = base.to_vec();
    let n_words = words().len();
    for (k, op) in ops.iter().enumerate() {
        if v.is_empty() && !matches!(op, Op::Add { .. }) {
            continue;
        }
        let at = |i: &usize, v: &Vec<Ann>| i % v.len().max(1);
        match op {
            Op::Delete(i) => {
                let i = at(i, &v);
                v.remove(i);
            }
            Op::Add { word, len, label } => {
                let word = word % n_words;
                v.push(Ann {
                    id: format!("{side}{k:08}"),
                    label: *label,
                    word,
                    len: (*len).min(n_words - word),
                    note: None,
                    status: 0,
                    attrs: BTreeMap::new(),
                    links: Vec::new(),
                });
            }
            Op::Note(i, n) => {
                let i = at(i, &v);
                v[i].note = (*n > 0).then(|| format!("{side} note {n}"));
            }
            Op::Status(i, s) => {
                let i = at(i, &v);
                v[i].status = *s;
            }
            Op::Attr(i, key, val) => {
                let i = at(i, &v);
                let key = ["unit", "value"][*key as usize].to_string();
                if *val == 0 {
                    v[i].attrs.remove(&key);
                } else {
                    v[i].attrs.insert(key, format!("{side}{val}"));
                }
            }
            Op::Label(i, l) => {
                let i = at(i, &v);
                v[i].label = *l;
            }
            Op::Link(i, j) => {
                let (i, j) = (at(i, &v), at(j, &v));
                let target = v[j].id.clone();
                if i != j && !v[i].links.contains(&target) {
                    v[i].links.push(target);
                }
            }
        }
    }
    v
}

fn sidecar(anns: &[Ann]) -> String {
    let w = words();
    let cp = |b: usize| DOC.get(..b).unwrap().chars().count() as i64;
    let built: Vec<(Annotation, i64, i64, String, String)> = anns
        .iter()
        .map(|a| {
            let (s, _) = w[a.word];
            let (_, e) = w[a.word + a.len - 1];
            let (before, after) = context(DOC, s..e);
            (
                Annotation {
                    id: a.id.clone(),
                    label: LABELS[a.label].to_string(),
                    kind: (a.label == 2).then(|| "PER".to_string()),
                    span: 0..0,
                    quote: DOC.get(s..e).unwrap().to_string(),
                    annotator: "amal".into(),
                    created: "2026-11-02T09:14:00Z".into(),
                    modified: "2026-11-02T09:14:00Z".into(),
                    note: a.note.clone(),
                    attrs: a.attrs.clone(),
                    status: STATUSES[a.status],
                    links: a
                        .links
                        .iter()
                        .map(|t| Link {
                            target: t.clone(),
                            kind: "supports".into(),
                        })
                        .collect(),
                    review: None,
                },
                cp(s),
                cp(e),
                before.to_string(),
                after.to_string(),
            )
        })
        .collect();
    let mut out: Vec<OutRecord<'_>> = built
        .iter()
        .map(|(a, s, e, b, af)| OutRecord {
            annotation: a,
            start: *s,
            end: *e,
            before: b,
            after: af,
            orphan: false,
            extras: None,
            link_extras: &[],
            raw: None,
        })
        .collect();
    out.sort_by(|x, y| (x.start, x.end, &x.annotation.id).cmp(&(y.start, y.end, &y.annotation.id)));
    render(
        "article.txt",
        &sha256_hex(DOC.as_bytes()),
        &toml::Table::new(),
        &out,
    )
}

fn merge(b: &str, o: &str, t: &str) -> hashiya::merge::Merged {
    merge_file(FileKind::Sidecar, Some(b), o, t, &Documents::none()).expect("merges")
}

fn ids(text: &str) -> BTreeSet<String> {
    hashiya::sidecar::format::parse(text)
        .expect("the result parses")
        .records
        .iter()
        .map(|r| r.annotation.id.clone())
        .collect()
}

/// The annotations of a sidecar by id (as written).
fn records(text: &str) -> BTreeMap<String, (Annotation, i64, i64)> {
    hashiya::sidecar::format::parse(text)
        .unwrap()
        .records
        .into_iter()
        .map(|r| (r.annotation.id.clone(), (r.annotation, r.start, r.end)))
        .collect()
}

fn conflicts(text: &str) -> Vec<String> {
    let t: toml::Table = text.parse().unwrap();
    let mut v: Vec<String> = hashiya::merge::conflict::read(&t)
        .iter()
        .map(|c| c.to_table().to_string())
        .collect();
    v.sort();
    v
}

fn swapped(text: &str) -> Vec<String> {
    let t: toml::Table = text.parse().unwrap();
    let mut v: Vec<String> = hashiya::merge::conflict::read(&t)
        .iter()
        .map(|c: &Conflict| c.swapped().to_table().to_string())
        .collect();
    v.sort();
    v
}

fn base_anns() -> impl Strategy<Value = Vec<Ann>> {
    prop::collection::vec(op(), 0..12).prop_map(|ops| apply(&[], &ops, "b"))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn merge_laws(base in base_anns(), xo in prop::collection::vec(op(), 0..8), xt in prop::collection::vec(op(), 0..8)) {
        let b = sidecar(&base);
        let o = sidecar(&apply(&base, &xo, "o"));
        let t = sidecar(&apply(&base, &xt, "t"));

        // Both sides the same: that side.
        let m = merge(&b, &o, &o);
        prop_assert_eq!(&m.text, &o);
        prop_assert_eq!(m.conflicts, 0);
        // One side unchanged: the other side.
        let m = merge(&b, &b, &t);
        prop_assert_eq!(&m.text, &t);
        let m = merge(&b, &o, &b);
        prop_assert_eq!(&m.text, &o);

        let ot = merge(&b, &o, &t);
        let to = merge(&b, &t, &o);
        // The shortcut for unchanged tables agrees with the full merge.
        let full = hashiya::merge::sidecar::merge_parsed(Some(&b), &o, &t, &Documents::none()).unwrap();
        prop_assert_eq!(&ot, &full);
        // Symmetric up to which side a conflict names first.
        prop_assert_eq!(ot.conflicts, to.conflicts);
        if ot.conflicts == 0 {
            prop_assert_eq!(&ot.text, &to.text);
        } else {
            prop_assert_eq!(conflicts(&ot.text), swapped(&to.text));
            prop_assert_eq!(ids(&ot.text), ids(&to.text));
            // Every conflict settled towards the same side: one file.
            let r1 = resolve(&ot.text, Choice::Ours, &|_, _| true).unwrap();
            let r2 = resolve(&to.text, Choice::Theirs, &|_, _| true).unwrap();
            prop_assert_eq!(&r1.text, &r2.text);
            prop_assert_eq!(r1.conflicts, 0);
        }
        // No id of either side lost, except one a side deleted while the
        // other left it as it was in the base.
        let merged = ids(&ot.text);
        let (rb, ro, rt) = (records(&b), records(&o), records(&t));
        for id in ids(&o).union(&ids(&t)) {
            let deleted = rb.get(id).is_some_and(|base| {
                (!ro.contains_key(id) && rt.get(id) == Some(base))
                    || (!rt.contains_key(id) && ro.get(id) == Some(base))
            });
            prop_assert!(merged.contains(id) || deleted, "{} lost", id);
        }
    }
}
