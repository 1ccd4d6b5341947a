//! The figure detector against the hand-made gold list of the figures in the
//! five seed articles (`tests/gold/figures.tsv`, written by reading them).
//!
//! A detection matches a gold figure when their spans overlap and the kind
//! and normalized value are equal; matching is one-to-one. The test prints
//! precision, recall, exact-span and unit agreement, and requires precision
//! and recall of at least 0.95.

use std::ops::Range;

use hashiya::suggest::figures::{FigureKind, detect};

const CORPUS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/corpus");
const GOLD: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/gold/figures.tsv");

struct Gold {
    file: String,
    span: Range<usize>,
    kind: FigureKind,
    value: String,
    unit: Option<String>,
}

/// The `n`-th occurrence of `quote` as a whole token run: not preceded or
/// followed by a letter or digit (so `7 أكتوبر` is not found inside
/// `17 أكتوبر`).
fn nth_occurrence(text: &str, quote: &str, n: usize) -> Option<Range<usize>> {
    let mut seen = 0;
    for (start, _) in text.match_indices(quote) {
        let end = start + quote.len();
        let before = text.get(..start)?.chars().next_back();
        let after = text.get(end..)?.chars().next();
        if before.is_some_and(char::is_alphanumeric) || after.is_some_and(char::is_alphanumeric) {
            continue;
        }
        seen += 1;
        if seen == n {
            return Some(start..end);
        }
    }
    None
}

fn load_gold() -> Vec<Gold> {
    let gold = std::fs::read_to_string(GOLD).unwrap_or_else(|e| panic!("{GOLD}: {e}"));
    let mut out = Vec::new();
    for (line_no, line) in gold.lines().enumerate() {
        if line.starts_with('#') || line.trim().is_empty() {
            continue;
        }
        let cols: Vec<&str> = line.split('\t').collect();
        assert_eq!(cols.len(), 6, "{GOLD}:{}: six columns", line_no + 1);
        let path = format!("{CORPUS}/{}", cols[0]);
        let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
        let n: usize = cols[2].parse().expect("occurrence number");
        let span = nth_occurrence(&text, cols[1], n).unwrap_or_else(|| {
            panic!(
                "{GOLD}:{}: {:?} #{n} not in {}",
                line_no + 1,
                cols[1],
                cols[0]
            )
        });
        let kind = FigureKind::from_name(cols[3])
            .unwrap_or_else(|| panic!("{GOLD}:{}: unknown kind {}", line_no + 1, cols[3]));
        out.push(Gold {
            file: cols[0].to_string(),
            span,
            kind,
            value: cols[4].to_string(),
            unit: (cols[5] != "-").then(|| cols[5].to_string()),
        });
    }
    out
}

#[test]
fn figure_detector_reaches_precision_and_recall_on_gold() {
    let gold = load_gold();
    let mut files: Vec<String> = std::fs::read_dir(CORPUS)
        .unwrap_or_else(|e| panic!("{CORPUS}: {e}"))
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".txt"))
        .collect();
    files.sort();
    assert_eq!(files.len(), 5, "the five seed articles");

    let (mut detected, mut matched, mut exact, mut unit_ok) = (0, 0, 0, 0);
    let mut used = vec![false; gold.len()];
    for file in &files {
        let text = std::fs::read_to_string(format!("{CORPUS}/{file}")).expect("read article");
        for fig in detect(&text) {
            detected += 1;
            let hit = gold.iter().enumerate().find(|(k, g)| {
                !used[*k]
                    && &g.file == file
                    && g.span.start < fig.span.end
                    && fig.span.start < g.span.end
                    && g.kind == fig.kind
                    && g.value == fig.value
            });
            let quote = text.get(fig.span.clone()).unwrap_or("?");
            match hit {
                Some((k, g)) => {
                    used[k] = true;
                    matched += 1;
                    exact += usize::from(g.span == fig.span);
                    unit_ok += usize::from(g.unit == fig.unit);
                    if g.span != fig.span || g.unit != fig.unit {
                        println!(
                            "partial {file}: {quote:?} unit {:?} (gold {:?} unit {:?})",
                            fig.unit,
                            text.get(g.span.clone()).unwrap_or("?"),
                            g.unit
                        );
                    }
                }
                None => println!(
                    "false positive {file}: {quote:?} {} {} {:?}",
                    fig.kind.name(),
                    fig.value,
                    fig.unit
                ),
            }
        }
    }
    for (g, _) in gold.iter().zip(&used).filter(|(_, u)| !**u) {
        let text = std::fs::read_to_string(format!("{CORPUS}/{}", g.file)).expect("read");
        println!(
            "missed {}: {:?} {} {}",
            g.file,
            text.get(g.span.clone()).unwrap_or("?"),
            g.kind.name(),
            g.value
        );
    }
    let precision = matched as f64 / detected.max(1) as f64;
    let recall = matched as f64 / gold.len() as f64;
    println!(
        "figures: gold {} detected {detected} matched {matched} \
         precision {precision:.3} recall {recall:.3} exact spans {exact}/{matched} units {unit_ok}/{matched}",
        gold.len()
    );
    assert!(precision >= 0.95, "precision {precision:.3} < 0.95");
    assert!(recall >= 0.95, "recall {recall:.3} < 0.95");
}
