//! The seed pair of ../shared/corpus: `000_…` (Arabic) and its English
//! translation `003_…`. The gold below was written by reading both files:
//! English paragraph 0 ("Jesus' Coming Back") and the trailer ("Russia
//! Today", "Comments are closed.", the cookie notice; paragraphs 11–13) have
//! no Arabic counterpart; Arabic paragraph k translates English paragraph
//! k + 1 (title ↔ title, "الزعيم الفرنسي أكد…" ↔ "The French leader
//! insisted…", …, "واشتعلت التوترات…" ↔ "Tensions have flared…").

use std::ops::Range;
use std::process::Command;

const AR: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../shared/corpus/000_d3ec274e292e3ca0.txt"
);
const EN: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../shared/corpus/003_ef756300ad867e8b.txt"
);

fn read(path: &str) -> String {
    std::fs::read_to_string(path)
        .unwrap_or_else(|e| panic!("{path}: {e} (../shared/corpus must be beside the repository)"))
}

fn gold_ar_en() -> Vec<(Range<usize>, Range<usize>)> {
    let mut gold = vec![(0..0, 0..1)];
    for k in 0..10 {
        gold.push((k..k + 1, k + 1..k + 2));
    }
    for e in 11..14 {
        gold.push((10..10, e..e + 1));
    }
    gold
}

fn paragraphs(text: &str) -> Vec<&str> {
    hashiya::align::paragraph_ranges(text)
        .into_iter()
        .map(|r| text.get(r).unwrap())
        .collect()
}

#[test]
fn the_gold_matches_the_files() {
    let ar = read(AR);
    let en = read(EN);
    let (a, e) = (paragraphs(&ar), paragraphs(&en));
    assert_eq!((a.len(), e.len()), (10, 14));
    assert_eq!(e[0], "Jesus' Coming Back");
    assert!(a[0].starts_with("يريد ماكرون") && e[1].starts_with("Macron wants"));
    assert!(a[9].starts_with("واشتعلت التوترات") && e[10].starts_with("Tensions have flared"));
    assert_eq!(e[11], "Russia Today");
    assert_eq!(e[12], "Comments are closed.");
    assert!(e[13].starts_with("This website uses cookies"));
}

#[test]
fn seed_pair_paragraphs_align_with_the_gold_in_both_directions() {
    let ar = read(AR);
    let en = read(EN);
    let (a, e) = (paragraphs(&ar), paragraphs(&en));
    let got: Vec<_> = hashiya::align::align_paragraphs(&a, &e)
        .into_iter()
        .map(|b| (b.src, b.tgt))
        .collect();
    assert_eq!(got, gold_ar_en());
    let got: Vec<_> = hashiya::align::align_paragraphs(&e, &a)
        .into_iter()
        .map(|b| (b.tgt, b.src))
        .collect();
    assert_eq!(got, gold_ar_en());
}

#[test]
fn cli_json_output_has_the_gold_beads_and_code_point_spans() {
    let out = Command::new(env!("CARGO_BIN_EXE_hashiya"))
        .args(["align", AR, EN, "--format", "json"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let beads = v["beads"].as_array().unwrap();
    let got: Vec<(Vec<u64>, Vec<u64>)> = beads
        .iter()
        .map(|b| {
            let ids = |k: &str| {
                b[k].as_array()
                    .unwrap()
                    .iter()
                    .map(|x| x.as_u64().unwrap())
                    .collect()
            };
            (ids("src"), ids("tgt"))
        })
        .collect();
    let want: Vec<(Vec<u64>, Vec<u64>)> = gold_ar_en()
        .into_iter()
        .map(|(s, t)| (s.map(|i| i as u64).collect(), t.map(|i| i as u64).collect()))
        .collect();
    assert_eq!(got, want);
    // Spans are code points into the file: check one against the file.
    let en: Vec<char> = read(EN).chars().collect();
    let span = &beads[11]["tgt_spans"][0];
    let (start, end) = (
        span["start"].as_u64().unwrap() as usize,
        span["end"].as_u64().unwrap() as usize,
    );
    assert_eq!(en[start..end].iter().collect::<String>(), "Russia Today");
    assert_eq!(span["line"], 23);
}

#[test]
fn sentence_unit_keeps_inside_paragraph_beads() {
    let ar = read(AR);
    let en = read(EN);
    let doc = hashiya::align::align_documents(&ar, &en);
    // Every sentence bead lies inside one paragraph bead.
    let para_of = |sents: &[Range<usize>], paras: &[Range<usize>], k: usize| {
        paras
            .iter()
            .position(|p| p.start <= sents[k].start && sents[k].end <= p.end)
            .unwrap()
    };
    for b in &doc.sentences {
        let sp: Vec<_> = b
            .src
            .clone()
            .map(|k| para_of(&doc.src_sentences, &doc.src_paragraphs, k))
            .collect();
        let tp: Vec<_> = b
            .tgt
            .clone()
            .map(|k| para_of(&doc.tgt_sentences, &doc.tgt_paragraphs, k))
            .collect();
        if let (Some(s), Some(t)) = (sp.first(), tp.first()) {
            assert_eq!(*t, s + 1, "{b:?}");
        }
    }
    // The last Arabic paragraph has four sentences, as its English
    // translation does ("Tensions have flared…", "A deadly Hamas attack…",
    // "The Israeli government, meanwhile…", "Four of the detainees…"); they
    // align one to one.
    let last_ar: Vec<usize> = (0..doc.src_sentences.len())
        .filter(|&k| para_of(&doc.src_sentences, &doc.src_paragraphs, k) == 9)
        .collect();
    assert_eq!(last_ar.len(), 4);
    for k in last_ar {
        let b = doc.sentences.iter().find(|b| b.src.contains(&k)).unwrap();
        assert_eq!(b.kind(), (1, 1), "{b:?}");
    }
}

#[test]
fn segments_mode_prints_vecalign_beads() {
    let dir = tempfile::tempdir().unwrap();
    let src = dir.path().join("src.txt");
    let tgt = dir.path().join("tgt.txt");
    // Segment 1 of the source is split in two on the target side; the last
    // target line (a cookie notice) has no counterpart.
    std::fs::write(
        &src,
        "In 2019 the council met 12 times.\nIt approved a budget of 4.5 million pounds for schools, roads and the new library.\nThe mayor resigned in March.\n",
    )
    .unwrap();
    std::fs::write(
        &tgt,
        "اجتمع المجلس 12 مرة في عام 2019.\nووافق على ميزانية قدرها 4.5 مليون جنيه\nللمدارس والطرق والمكتبة الجديدة.\nاستقال رئيس البلدية في مارس.\nيستخدم هذا الموقع ملفات تعريف الارتباط لتحسين تجربتك. سنفترض أنك موافق على ذلك، ولكن يمكنك إلغاء الاشتراك إذا كنت ترغب في ذلك. اقرأ المزيد عن سياسة الخصوصية.\n",
    )
    .unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_hashiya"))
        .args(["align", "--segments"])
        .arg(&src)
        .arg(&tgt)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        String::from_utf8(out.stdout).unwrap(),
        "[0]:[0]\n[1]:[1, 2]\n[2]:[3]\n[]:[4]\n"
    );
}
