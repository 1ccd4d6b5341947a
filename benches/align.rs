//! Alignment speed: 2,000 × 2,000 sentences (NTREX-128, English ↔ Arabic,
//! as one sequence) must align in ≤ 1 s. Prints the time of each run, the
//! median, and the accuracy of the alignment it timed.
//!
//! `cargo bench --bench align`

#[path = "../tests/support/ntrex.rs"]
mod ntrex;

use std::time::Instant;

use hashiya::align::{align_sentences, anchors, split_sentences};

fn time<T>(f: impl FnOnce() -> T) -> (f64, T) {
    let start = Instant::now();
    let out = f();
    (start.elapsed().as_secs_f64(), out)
}

fn main() {
    let docs = ntrex::documents();
    let mut en: Vec<String> = docs.iter().flat_map(|d| d.en.clone()).collect();
    let mut ar: Vec<String> = docs.iter().flat_map(|d| d.ar.clone()).collect();
    // 1,997 lines; repeat the first three to make 2,000.
    for k in 0..2000 - en.len() {
        en.push(en[k].clone());
        ar.push(ar[k].clone());
    }
    let src: Vec<&str> = en.iter().map(String::as_str).collect();
    let tgt: Vec<&str> = ar.iter().map(String::as_str).collect();

    // The part of that spent computing anchors (numbers, tokens, skeletons).
    let mut runs = Vec::new();
    for _ in 0..5 {
        let (t, _) = time(|| {
            let mut interner = anchors::Interner::default();
            src.iter()
                .chain(&tgt)
                .map(|s| anchors::anchors(s, &mut interner).keys.len())
                .sum::<usize>()
        });
        runs.push(t);
    }
    report(
        "anchors of the 4000 sentences (part of the next line)",
        &mut runs,
    );

    let mut runs = Vec::new();
    let mut beads = Vec::new();
    for _ in 0..5 {
        let (t, b) = time(|| align_sentences(&src, &tgt));
        runs.push(t);
        beads = b;
    }
    let median_ms = report("2000 x 2000 sentences, clean 1-1", &mut runs);
    let correct = beads
        .iter()
        .filter(|b| b.src.len() == 1 && b.src == b.tgt)
        .count();
    println!("  {correct} of 2000 one-to-one beads recovered");

    // The same sentences perturbed (12% 2-1, 12% 1-2, 3% dropped) as one
    // sequence: the band has to follow a drifting diagonal.
    let mut rng = ntrex::Rng::new(11);
    let p = ntrex::perturb(&en, &ar, &mut rng, 0.12, 0.12, 0.03);
    let src: Vec<&str> = p.src.iter().map(String::as_str).collect();
    let tgt: Vec<&str> = p.tgt.iter().map(String::as_str).collect();
    let mut runs = Vec::new();
    for _ in 0..5 {
        let (t, b) = time(|| align_sentences(&src, &tgt));
        runs.push(t);
        beads = b;
    }
    report(
        &format!("{} x {} segments, perturbed", src.len(), tgt.len()),
        &mut runs,
    );
    let gold: std::collections::HashSet<_> = p.gold.iter().cloned().collect();
    let tp = beads
        .iter()
        .filter(|b| gold.contains(&(b.src.clone(), b.tgt.clone())))
        .count();
    let (pr, re) = (
        tp as f64 / beads.len() as f64,
        tp as f64 / gold.len() as f64,
    );
    println!(
        "  strict precision {pr:.4} recall {re:.4} F1 {:.4}",
        2.0 * pr * re / (pr + re)
    );

    // Sentence splitting of the whole English side joined as one text.
    let text = en.join(" ");
    let mut runs = Vec::new();
    for _ in 0..5 {
        let (t, _) = time(|| split_sentences(&text));
        runs.push(t);
    }
    report(
        &format!("split_sentences on {} KB", text.len() / 1024),
        &mut runs,
    );

    if median_ms <= 1000.0 {
        println!("target: 2000 x 2000 sentences in <= 1000 ms: met ({median_ms:.0} ms)");
    } else {
        println!("target: 2000 x 2000 sentences in <= 1000 ms: NOT met ({median_ms:.0} ms)");
        std::process::exit(1);
    }
}

/// Print the runs and their median; returns the median in milliseconds.
fn report(what: &str, runs: &mut [f64]) -> f64 {
    let shown: Vec<String> = runs.iter().map(|t| format!("{:.1} ms", t * 1e3)).collect();
    runs.sort_by(f64::total_cmp);
    let median = runs[runs.len() / 2] * 1e3;
    println!("{what}: median {median:.1} ms (runs: {})", shown.join(", "));
    median
}
