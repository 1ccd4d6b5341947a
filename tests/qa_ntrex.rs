//! `hashiya qa` on NTREX-128 (../shared/ntrex): 123 professionally
//! translated English/Arabic documents, one sentence a line, declared as
//! pairs.
//!
//! - Every real translation error found by reading the flags (listed below
//!   with its sentences, as gold) is flagged, and at most 8 other sentence
//!   pairs are.
//! - One digit changed in a figure that both sides write in digits is
//!   flagged in at least 95% of 200 random sentence pairs (fixed seed).
//!
//! See the numbers with `cargo test --release --test qa_ntrex -- --nocapture`.
#![allow(clippy::string_slice)] // tests: a bad index fails the test, which is what we want
#![allow(clippy::single_range_in_vec_init)] // one unit a side: the sentence

use std::collections::BTreeSet;
use std::process::Command;

use hashiya::align::{Bead, figures};

#[path = "support/ntrex.rs"]
mod ntrex;

/// Real errors, found by reading every flag of `hashiya qa` on NTREX:
/// (document, line, English, Arabic, what is wrong).
const GOLD: &[(&str, usize, &str, &str, &str)] = &[
    (
        "dailymail.co.uk.298595",
        7,
        "her new deals - worth up to £1.5 million -",
        "صفقاتها الجديدة التي تساوي 1.5 جنيه إسترليني",
        "the million is lost: 1.5 pounds",
    ),
    (
        "reuters.218921",
        9,
        "300 strikeouts in 220 2/3 innings this season",
        "و300 رمية ناجحة في الشوط الثاني 220 هذا الموسم",
        "the 2/3 of an inning is lost (read as \"the second inning\")",
    ),
    (
        "scotsman.133744",
        3,
        "With upwards of 30,000 pupils across Scotland",
        "التي تضم أكثر من 300 ألف تلميذ",
        "300 thousand for 30,000",
    ),
    (
        "newsweek.51318",
        9,
        "the lives of more than 2.25 billion people by 2030",
        "حياة أكثر من 25,2 مليار شخص",
        "25.2 billion for 2.25 billion",
    ),
    (
        "reuters.218909",
        10,
        "A 6-foot-6 junior who grew up in Baton Rouge",
        "ترعرع سيمز البالغ طوله 6.6 أقدام",
        "6 feet 6 inches is 6.5 feet, not 6.6",
    ),
    (
        "bbc.381736",
        3,
        "there had been 1,127 defections last year",
        "أنه وقعت 1197 حالة فرار",
        "1197 for 1,127",
    ),
    (
        "euronews-en.153826",
        27,
        "I love these 12 guys and I'm proud to serve as captain.",
        "أحب هؤلاء الرجال وأنا فخور بأني قائدهم.",
        "the 12 is dropped",
    ),
];

/// Flagged sentence pairs that are not translation errors, at most.
const MAX_FALSE: usize = 8;

/// The Arabic side in Arabic-Indic digits with the Arabic separators, as
/// an Arabic typesetter writes it (`1,127` → `١٬١٢٧`, `2.53` → `٢٫٥٣`).
fn arabic_indic(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let digit = |k: usize| chars.get(k).is_some_and(char::is_ascii_digit);
    let mut out = String::new();
    for (k, &c) in chars.iter().enumerate() {
        out.push(match c {
            '0'..='9' => char::from_u32(0x0660 + (c as u32 - '0' as u32)).unwrap(),
            ',' if k > 0 && digit(k - 1) && (1..=3).all(|d| digit(k + d)) && !digit(k + 4) => '٬',
            '.' if k > 0 && digit(k - 1) && digit(k + 1) => '٫',
            c => c,
        });
    }
    out
}

/// Run `hashiya qa` on NTREX split into one file per document and
/// language (the Arabic through `arabic`): the flagged sentence pairs as
/// (document, line), and the output.
fn qa_ntrex(
    docs: &[ntrex::Document],
    arabic: fn(&str) -> String,
) -> (BTreeSet<(String, usize)>, String, Option<i32>) {
    let dir = tempfile::tempdir().unwrap();
    let mut manifest = String::new();
    for d in docs {
        let (ar, en) = (format!("{}_ar.txt", d.id), format!("{}_en.txt", d.id));
        std::fs::write(dir.path().join(&ar), arabic(&(d.ar.join("\n") + "\n"))).unwrap();
        std::fs::write(dir.path().join(&en), d.en.join("\n") + "\n").unwrap();
        manifest.push_str(&format!("[[pair]]\nfiles = [\"{ar}\", \"{en}\"]\n"));
    }
    std::fs::write(dir.path().join("hashiya.toml"), manifest).unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_hashiya"))
        .arg("qa")
        .arg(dir.path())
        .output()
        .unwrap();
    let stdout = String::from_utf8(out.stdout).unwrap();
    // Each line ends with "; sentences A:LINE:COL and B:LINE:COL".
    let mut flagged = BTreeSet::new();
    let mut seen_missing = false;
    for line in stdout.lines() {
        let disagrees = line.contains(" disagrees with ");
        assert!(
            !(disagrees && seen_missing),
            "disagreements come before missing figures:\n{stdout}"
        );
        seen_missing |= !disagrees;
        let (_, sentences) = line.rsplit_once("; sentences ").expect(line);
        let (a, b) = sentences.split_once(" and ").expect(line);
        let place = |s: &str| -> (String, usize) {
            let mut parts = s.rsplitn(3, ':');
            let (_col, line, path) = (parts.next(), parts.next(), parts.next());
            let name = std::path::Path::new(path.unwrap())
                .file_name()
                .unwrap()
                .to_string_lossy()
                .into_owned();
            let id = name
                .strip_suffix("_ar.txt")
                .or_else(|| name.strip_suffix("_en.txt"))
                .unwrap()
                .to_string();
            (id, line.unwrap().parse().unwrap())
        };
        let (pa, pb) = (place(a), place(b));
        assert_eq!(pa, pb, "NTREX is line aligned: {line}");
        flagged.insert(pa);
    }
    (flagged, stdout, out.status.code())
}

#[test]
fn ntrex_real_errors_are_flagged_and_little_else() {
    let docs = ntrex::documents();
    assert_eq!(docs.len(), 123);
    for &(id, line, en, ar, _) in GOLD {
        let d = docs.iter().find(|d| d.id == id).unwrap();
        assert!(d.en[line - 1].contains(en), "{id}:{line}: {en}");
        assert!(d.ar[line - 1].contains(ar), "{id}:{line}: {ar}");
    }
    let as_is: fn(&str) -> String = str::to_string;
    for (digits, arabic) in [
        ("as published", as_is),
        ("in Arabic-Indic digits", arabic_indic),
    ] {
        let (flagged, stdout, code) = qa_ntrex(&docs, arabic);
        let missed: Vec<String> = GOLD
            .iter()
            .filter(|g| !flagged.contains(&(g.0.to_string(), g.1)))
            .map(|g| format!("{}:{}: {}", g.0, g.1, g.4))
            .collect();
        let false_flags: Vec<_> = flagged
            .iter()
            .filter(|(id, line)| !GOLD.iter().any(|g| g.0 == id && g.1 == *line))
            .collect();
        println!(
            "NTREX, Arabic {digits}: {} sentence pairs flagged, {} of them real errors (of {} known), {} not errors: {false_flags:?}",
            flagged.len(),
            GOLD.len() - missed.len(),
            GOLD.len(),
            false_flags.len()
        );
        assert!(
            missed.is_empty(),
            "Arabic {digits}: real errors not flagged: {missed:?}\n{stdout}"
        );
        assert!(
            false_flags.len() <= MAX_FALSE,
            "Arabic {digits}: {} flagged sentence pairs are not errors (at most {MAX_FALSE}):\n{stdout}",
            false_flags.len()
        );
        assert_eq!(code, Some(1));
    }
}

/// Runs of digits (ASCII or Arabic-Indic) as (byte range, ASCII digits).
fn digit_runs(text: &str) -> Vec<(std::ops::Range<usize>, String)> {
    let mut out: Vec<(std::ops::Range<usize>, String)> = Vec::new();
    for (i, c) in text.char_indices() {
        let d = match c {
            '0'..='9' => c,
            '\u{0660}'..='\u{0669}' => char::from_digit(c as u32 - 0x0660, 10).unwrap(),
            _ => continue,
        };
        match out.last_mut() {
            Some((r, s)) if r.end == i => {
                r.end = i + c.len_utf8();
                s.push(d);
            }
            _ => out.push((i..i + c.len_utf8(), d.to_string())),
        }
    }
    out
}

#[test]
fn one_changed_digit_is_flagged() {
    let docs = ntrex::documents();
    // Sentence pairs with a run of digits written the same on both sides.
    let mut eligible = Vec::new();
    for d in &docs {
        for (en, ar) in d.en.iter().zip(&d.ar) {
            let (e, a) = (digit_runs(en), digit_runs(ar));
            let shared: Vec<usize> = (0..e.len())
                .filter(|&k| a.iter().any(|(_, s)| *s == e[k].1))
                .collect();
            if !shared.is_empty() {
                eligible.push((en.clone(), ar.clone()));
            }
        }
    }
    assert!(eligible.len() > 200, "{}", eligible.len());
    let mut rng = ntrex::Rng::new(14);
    // A fixed-seed shuffle, then the first 200.
    for k in (1..eligible.len()).rev() {
        let j = rng.below(k + 1);
        eligible.swap(k, j);
    }
    let mut caught = 0;
    let mut missed = Vec::new();
    for (en, ar) in eligible.iter().take(200) {
        let (e, a) = (digit_runs(en), digit_runs(ar));
        let shared: Vec<(usize, usize)> = e
            .iter()
            .enumerate()
            .flat_map(|(k, (_, s))| {
                a.iter()
                    .enumerate()
                    .filter(move |(_, (_, t))| t == s)
                    .map(move |(j, _)| (k, j))
            })
            .collect();
        let (k, j) = shared[rng.below(shared.len())];
        // Change one digit of that figure on one side, at random.
        let english = rng.below(2) == 0;
        let (text, run) = if english {
            (en, &e[k].0)
        } else {
            (ar, &a[j].0)
        };
        let positions: Vec<(usize, char)> = text[run.clone()]
            .char_indices()
            .map(|(i, c)| (run.start + i, c))
            .collect();
        let (at, old) = positions[rng.below(positions.len())];
        let old_value = old.to_digit(10).unwrap_or_else(|| old as u32 - 0x0660);
        let new_value = (old_value + 1 + rng.below(9) as u32) % 10;
        let new = if old.is_ascii_digit() {
            char::from_digit(new_value, 10).unwrap()
        } else {
            char::from_u32(0x0660 + new_value).unwrap()
        };
        let changed = format!("{}{new}{}", &text[..at], &text[at + old.len_utf8()..]);
        let (en2, ar2) = if english {
            (changed.as_str(), ar.as_str())
        } else {
            (en.as_str(), changed.as_str())
        };
        let flags = figures::check(
            ar2,
            en2,
            &[0..ar2.len()],
            &[0..en2.len()],
            &[Bead::fixed(0..1, 0..1)],
        );
        // Flagged: a flag names the changed figure, or a figure equal to it
        // on the same side (`10.5 إلى 10.5`: which of two equal figures is
        // left over is the matcher's choice).
        let changed_figure = hashiya::align::numbers::all(&changed)
            .into_iter()
            .find(|n| n.range.start <= at && at < n.range.end);
        let names_it = |r: &std::ops::Range<usize>| {
            (r.start <= at && at < r.end)
                || changed_figure
                    .as_ref()
                    .is_some_and(|c| changed.get(r.clone()) == changed.get(c.range.clone()))
        };
        let hit = flags.iter().any(|f| {
            let flagged_on_changed_side = (f.side == hashiya::align::Side::Target) == english;
            (flagged_on_changed_side && names_it(&f.figure.range))
                || (!flagged_on_changed_side
                    && f.other.as_ref().is_some_and(|o| names_it(&o.range)))
        });
        if hit {
            caught += 1;
        } else {
            missed.push(format!("{}: {changed}", if english { "en" } else { "ar" }));
        }
    }
    println!("injected one-digit changes flagged: {caught}/200; missed: {missed:#?}");
    assert!(caught >= 190, "{caught}/200 flagged; missed: {missed:#?}");
}
