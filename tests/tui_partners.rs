//! Partner proposals for the reader's browser, worked out off the event
//! loop from cheap evidence first (`app::io::PartnerJob`): on the seed
//! articles they are the pairs the full comparison of every text
//! (`align::pairing::suggest`, what `hashiya pair --suggest` uses) proposes;
//! documents of one language only are not read at all.

use std::path::PathBuf;

use hashiya::app::io::{PartnerJob, apply_partners, browser_for};
use hashiya::corpus::Layer;

fn seed_copy() -> tempfile::TempDir {
    let shared = PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/corpus"));
    let dir = tempfile::tempdir().unwrap();
    for e in std::fs::read_dir(&shared).unwrap() {
        let p = e.unwrap().path();
        if p.extension().is_some_and(|x| x == "txt") {
            std::fs::copy(&p, dir.path().join(p.file_name().unwrap())).unwrap();
        }
    }
    dir
}

#[test]
fn the_seed_articles_get_the_pairs_the_full_comparison_proposes() {
    let dir = seed_copy();
    let (mut browser, _, _) = browser_for(dir.path(), &Layer::Gold);
    assert!(browser.entries.iter().all(|e| e.partner.is_none()));
    // The reference: every text read and compared.
    let texts: Vec<String> = browser
        .entries
        .iter()
        .map(|e| std::fs::read_to_string(&e.path).unwrap())
        .collect();
    let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
    let mut expected: Vec<(String, String)> = hashiya::align::pairing::suggest(&refs)
        .pairs
        .iter()
        .map(|c| {
            (
                browser.entries[c.ar].rel.clone(),
                browser.entries[c.en].rel.clone(),
            )
        })
        .collect();
    expected.sort();
    assert!(
        expected.contains(&(
            "000_d3ec274e292e3ca0.txt".to_string(),
            "003_ef756300ad867e8b.txt".to_string()
        )),
        "{expected:?}"
    );
    let job = PartnerJob::new(&browser).expect("Arabic and English documents: a job");
    let pairs = std::thread::spawn(move || job.run()).join().unwrap();
    apply_partners(&mut browser, pairs);
    let mut got: Vec<(String, String)> = browser
        .entries
        .iter()
        .filter(|e| e.lang == "ar")
        .filter_map(|e| {
            let p = &browser.entries[e.partner?];
            assert!(e.partner_suggested && p.partner_suggested);
            Some((e.rel.clone(), p.rel.clone()))
        })
        .collect();
    got.sort();
    assert_eq!(got, expected);
}

#[test]
fn one_language_only_is_no_job() {
    let shared = PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/corpus"));
    let dir = tempfile::tempdir().unwrap();
    let ar = std::fs::read_to_string(shared.join("000_d3ec274e292e3ca0.txt")).unwrap();
    std::fs::write(dir.path().join("a.txt"), &ar).unwrap();
    std::fs::write(dir.path().join("b.txt"), ar.repeat(5)).unwrap();
    let (browser, _, _) = browser_for(dir.path(), &Layer::Gold);
    assert_eq!(browser.entries.len(), 2);
    assert!(PartnerJob::new(&browser).is_none());
}

#[test]
fn a_proposal_for_entries_that_changed_is_dropped() {
    let dir = seed_copy();
    let (browser, _, _) = browser_for(dir.path(), &Layer::Gold);
    let pairs = PartnerJob::new(&browser).unwrap().run();
    assert!(!pairs.is_empty());
    // The list was rebuilt without the first document meanwhile.
    let mut changed = browser.clone();
    changed.entries.remove(0);
    apply_partners(&mut changed, pairs);
    assert!(changed.entries.iter().all(|e| e.partner.is_none()));
}
