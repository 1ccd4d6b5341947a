//! Property test: random sequences of edits (insert, remove, update, batches)
//! through the undo history, saved and loaded again, round-trip exactly;
//! load -> save -> load gives identical bytes; undoing everything restores
//! the starting set.

use std::fs;

use hashiya::annotation::{Annotation, AnnotationSet, History, Link, Op, Status};
use hashiya::corpus::LabelSet;
use hashiya::sidecar::{ProblemKind, SaveOutcome, Store, sidecar_path};
use proptest::prelude::*;
use unicode_segmentation::UnicodeSegmentation as _;

const TEXT: &str = "\u{feff}قالَ الرئيسُ الفرنسيُّ إنَّ ٥٬٧٠٠ جنديٍّ وصلوا.\r\nMacron said 5,700 soldiers arrived (2016).\r\n\r\nEnd — نهاية 😀 e\u{301}.\n";

#[derive(Clone, Debug)]
enum Edit {
    Insert {
        at: usize,
        len: usize,
        label: usize,
        note: Option<String>,
        attrs: Vec<(String, String)>,
        link: bool,
    },
    Remove(usize),
    Update {
        which: usize,
        at: usize,
        len: usize,
        note: Option<String>,
        status: u8,
    },
    Batch(Vec<(usize, usize)>),
}

fn edit() -> impl Strategy<Value = Edit> {
    let text = ".{0,12}";
    prop_oneof![
        (
            any::<usize>(),
            1usize..12,
            0usize..6,
            proptest::option::of(text),
            proptest::collection::vec((text, text), 0..3),
            any::<bool>()
        )
            .prop_map(|(at, len, label, note, attrs, link)| Edit::Insert {
                at,
                len,
                label,
                note,
                attrs,
                link
            }),
        any::<usize>().prop_map(Edit::Remove),
        (
            any::<usize>(),
            any::<usize>(),
            1usize..12,
            proptest::option::of(text),
            0u8..3
        )
            .prop_map(|(which, at, len, note, status)| Edit::Update {
                which,
                at,
                len,
                note,
                status
            }),
        proptest::collection::vec((any::<usize>(), 1usize..5), 1..4).prop_map(Edit::Batch),
    ]
}

/// Grapheme-aligned byte range: `len` clusters from cluster `at`.
fn span(at: usize, len: usize) -> std::ops::Range<usize> {
    let b: Vec<usize> = TEXT
        .grapheme_indices(true)
        .map(|(i, _)| i)
        .chain([TEXT.len()])
        .collect();
    let n = b.len() - 1;
    let s = at % n;
    let e = (s + len).min(n);
    b[s]..b[e]
}

fn make(set: &AnnotationSet, r: std::ops::Range<usize>, label: usize) -> Annotation {
    let (label, kind) = [
        ("claim", None),
        ("figure", None),
        ("entity", Some("PER")),
        ("entity", Some("ORG")),
        ("entity", Some("LOC")),
        ("entity", Some("MISC")),
    ][label % 6];
    Annotation {
        id: set.new_id(),
        label: label.into(),
        kind: kind.map(Into::into),
        quote: TEXT.get(r.clone()).unwrap().to_string(),
        span: r,
        annotator: "prop".into(),
        created: "2026-11-21T00:00:00Z".into(),
        modified: "2026-11-21T00:00:00Z".into(),
        note: None,
        attrs: Default::default(),
        status: Status::Accepted,
        links: vec![],
        review: None,
    }
}

fn to_op(set: &AnnotationSet, e: &Edit) -> Option<Op> {
    let nth = |i: usize| set.iter().nth(i % set.len().max(1)).cloned();
    Some(match e {
        Edit::Insert {
            at,
            len,
            label,
            note,
            attrs,
            link,
        } => {
            let mut a = make(set, span(*at, *len), *label);
            a.note = note.clone();
            a.attrs = attrs.iter().cloned().collect();
            if *link && let Some(other) = nth(*at) {
                a.links.push(Link {
                    target: other.id,
                    kind: "supports".into(),
                });
            }
            Op::Insert(a)
        }
        Edit::Remove(i) => Op::Remove(nth(*i)?.id),
        Edit::Update {
            which,
            at,
            len,
            note,
            status,
        } => {
            let before = nth(*which)?;
            let mut after = before.clone();
            after.span = span(*at, *len);
            after.quote = TEXT.get(after.span.clone()).unwrap().to_string();
            after.note = note.clone();
            after.status =
                [Status::Accepted, Status::Suggested, Status::Rejected][*status as usize];
            after.modified = "2026-11-22T10:00:00Z".into();
            Op::Update { before, after }
        }
        Edit::Batch(items) => {
            let mut ops = Vec::new();
            let mut scratch = set.clone();
            for (at, len) in items {
                let a = make(&scratch, span(*at, *len), *at);
                scratch.insert(a.clone()).unwrap();
                ops.push(Op::Insert(a));
            }
            Op::Batch(ops)
        }
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn edits_round_trip_through_the_sidecar(edits in proptest::collection::vec(edit(), 1..25)) {
        let dir = tempfile::tempdir().unwrap();
        let doc = dir.path().join("doc.txt");
        fs::write(&doc, TEXT).unwrap();
        let labels = LabelSet::default();
        let (mut store, loaded) = Store::open(&doc, &labels).unwrap();
        let start = loaded.set.clone();
        let mut set = loaded.set;
        let mut history = History::new();
        for e in &edits {
            if let Some(op) = to_op(&set, e) {
                history.do_op(&mut set, op).unwrap();
            }
        }
        store.save(&set).unwrap();
        drop(store);

        // Load: the same annotations, no problems.
        let (mut store, loaded) = Store::open(&doc, &labels).unwrap();
        // The only possible problem: a link whose target was removed.
        for p in &loaded.problems {
            prop_assert_eq!(p.kind, ProblemKind::DanglingLink, "{:?}", p);
            let a = set.get(p.id.as_deref().unwrap()).unwrap();
            prop_assert!(a.links.iter().any(|l| !set.contains(&l.target)));
        }
        prop_assert_eq!(&loaded.set, &set);
        // Load -> save -> load: identical bytes, nothing written.
        let path = sidecar_path(&doc);
        let bytes = fs::read(&path).ok();
        let outcome = store.save(&loaded.set).unwrap();
        prop_assert_eq!(outcome, SaveOutcome::Unchanged);
        prop_assert_eq!(fs::read(&path).ok(), bytes);
        // Python-style check of every span, in code points.
        let chars: Vec<char> = TEXT.chars().collect();
        if let Ok(s) = fs::read_to_string(&path) {
            let t: toml::Table = toml::from_str(&s).unwrap();
            for a in t.get("annotation").and_then(|a| a.as_array()).into_iter().flatten() {
                let (s, e) = (a["start"].as_integer().unwrap() as usize, a["end"].as_integer().unwrap() as usize);
                let got: String = chars[s..e].iter().collect();
                prop_assert_eq!(Some(got.as_str()), a["quote"].as_str());
            }
        }

        // Undo everything: back to the start; redo everything: back here.
        while history.undo(&mut set).unwrap() {}
        prop_assert_eq!(&set, &start);
        while history.redo(&mut set).unwrap() {}
        prop_assert_eq!(&set, &loaded.set);
    }
}
