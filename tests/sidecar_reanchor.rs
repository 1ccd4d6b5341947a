//! Re-anchoring on a real article (../shared/corpus/002_…): annotate words
//! and phrases in every paragraph, then insert paragraphs (one a copy of an
//! earlier paragraph), delete one, and edit words. Every annotation whose
//! text still exists is found at its new place; the others are orphans.
//! Expected places come from the edit script, not from the program.

use std::collections::BTreeMap;
use std::fs;

use hashiya::annotation::{Annotation, AnnotationSet, Status};
use hashiya::corpus::LabelSet;
use hashiya::sidecar::{ProblemKind, SaveOutcome, Store};

const ARTICLE: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../shared/corpus/002_0fb6cb5f90f7d2ea.txt"
);

/// Byte ranges of the whitespace-separated words of `p`.
fn words(p: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in p.char_indices() {
        match (c.is_whitespace(), start) {
            (true, Some(s)) => {
                out.push((s, i));
                start = None;
            }
            (false, None) => start = Some(i),
            _ => {}
        }
    }
    if let Some(s) = start {
        out.push((s, p.len()));
    }
    out
}

/// An annotation: which paragraph, and a byte range inside it.
struct Planned {
    para: usize,
    range: (usize, usize),
}

#[test]
fn reanchoring_after_paragraph_and_word_edits() {
    let text = fs::read_to_string(ARTICLE)
        .unwrap_or_else(|e| panic!("{ARTICLE}: {e} (../shared must be beside the repository)"));
    let paras: Vec<&str> = text.split("\n\n").collect();
    assert!(paras.len() >= 12);
    let para_start: Vec<usize> = paras
        .iter()
        .scan(0, |at, p| {
            let s = *at;
            *at += p.len() + 2;
            Some(s)
        })
        .collect();

    // In each paragraph: word 2 alone, and words 4..=6 as a phrase.
    let mut plan: BTreeMap<String, Planned> = BTreeMap::new();
    let mut set = AnnotationSet::new();
    for (pi, p) in paras.iter().enumerate() {
        let w = words(p);
        for (label, range) in [("entity", (w[2].0, w[2].1)), ("claim", (w[4].0, w[6].1))] {
            let s = para_start[pi] + range.0;
            let e = para_start[pi] + range.1;
            let a = Annotation {
                id: set.new_id(),
                label: label.into(),
                kind: (label == "entity").then(|| "MISC".to_string()),
                span: s..e,
                quote: text.get(s..e).unwrap().to_string(),
                annotator: "t".into(),
                created: "2026-11-21T00:00:00Z".into(),
                modified: "2026-11-21T00:00:00Z".into(),
                note: None,
                attrs: Default::default(),
                status: Status::Accepted,
                links: vec![],
                review: None,
            };
            plan.insert(a.id.clone(), Planned { para: pi, range });
            set.insert(a).unwrap();
        }
    }
    let dir = tempfile::tempdir().unwrap();
    let doc = dir.path().join("article.txt");
    fs::write(&doc, &text).unwrap();
    let (mut store, _) = Store::open(&doc, &LabelSet::default()).unwrap();
    store.save(&set).unwrap();
    drop(store);

    // The edit script. Paragraph 3 is deleted; in paragraph 5 the word after
    // the phrase is replaced (context edit); in paragraph 7 a word inside the
    // phrase and the single word are replaced (text gone); a new paragraph
    // goes first, and a copy of paragraph 1 goes after paragraph 9.
    let deleted = 3;
    let mut new_paras: Vec<String> = Vec::new();
    let mut where_now: BTreeMap<usize, usize> = BTreeMap::new(); // old para -> new index
    new_paras.push("فقرة جديدة أضيفت في أول المقال بعد نشره.".to_string());
    for (pi, p) in paras.iter().enumerate() {
        if pi == deleted {
            continue;
        }
        let mut p = p.to_string();
        let w = words(&p);
        if pi == 5 {
            p.replace_range(w[7].0..w[7].1, "كلمةمعدلة");
        }
        if pi == 7 {
            p.replace_range(w[5].0..w[5].1, "تغيّرت");
            p.replace_range(w[2].0..w[2].1, "بُدّلت");
        }
        where_now.insert(pi, new_paras.len());
        new_paras.push(p);
        if pi == 9 {
            new_paras.push(paras[1].to_string());
        }
    }
    let new_text = new_paras.join("\n\n");
    let new_start: Vec<usize> = new_paras
        .iter()
        .scan(0, |at, p| {
            let s = *at;
            *at += p.len() + 2;
            Some(s)
        })
        .collect();
    fs::write(&doc, &new_text).unwrap();

    let (mut store, loaded) = Store::open(&doc, &LabelSet::default()).unwrap();
    let mut want_orphans = Vec::new();
    for (id, pl) in &plan {
        let gone = pl.para == deleted || pl.para == 7;
        if gone {
            want_orphans.push(id.clone());
            continue;
        }
        let np = where_now[&pl.para];
        let want = new_start[np] + pl.range.0..new_start[np] + pl.range.1;
        let got = loaded.set.get(id).map(|a| a.span.clone());
        assert_eq!(
            got,
            Some(want.clone()),
            "annotation {id} of paragraph {}: {:?}",
            pl.para,
            new_text.get(want)
        );
    }
    let mut got_orphans: Vec<String> = loaded
        .orphans
        .iter()
        .map(|o| o.annotation.id.clone())
        .collect();
    got_orphans.sort();
    want_orphans.sort();
    assert_eq!(got_orphans, want_orphans);
    assert_eq!(want_orphans.len(), 4);
    assert_eq!(loaded.set.len() + loaded.orphans.len(), plan.len());
    assert!(
        loaded
            .problems
            .iter()
            .any(|p| p.kind == ProblemKind::HashDrift)
    );
    assert_eq!(
        loaded
            .problems
            .iter()
            .filter(|p| p.kind == ProblemKind::Orphan)
            .count(),
        4
    );

    // Saving records the new hash; orphans stay in the file, marked.
    assert_eq!(store.save(&loaded.set).unwrap(), SaveOutcome::Written);
    let saved = fs::read_to_string(store.path()).unwrap();
    assert_eq!(saved.matches("orphan = true").count(), 4);
    drop(store);
    let (_, again) = Store::open(&doc, &LabelSet::default()).unwrap();
    assert_eq!(again.set, loaded.set);
    assert_eq!(again.orphans.len(), 4);
    assert!(
        again.problems.iter().all(|p| p.kind == ProblemKind::Orphan),
        "{:?}",
        again.problems
    );
}
