//! `hashiya adjudicate` on the seed pair annotated by three simulated
//! annotators (tests/support/team.rs): `--auto unanimous`, then decisions
//! of each kind through the library; the gold sidecar read back with the
//! `toml` crate, `check`, the gold export, and stale decisions after a
//! layer changes.

#[path = "support/team.rs"]
mod team;

use std::fs;
use std::path::Path;

use hashiya::adjudicate::{Choice, Session, UnitState};
use hashiya::corpus::LabelSet;
use team::{AR, EN, hashiya, out};

fn layers(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut v: Vec<(String, Vec<u8>)> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.to_string_lossy().ends_with(".layer.toml"))
        .map(|p| (p.display().to_string(), fs::read(&p).unwrap()))
        .collect();
    v.sort();
    v
}

/// The gold sidecar of `doc` read with the `toml` crate.
fn gold(dir: &Path, doc: &str) -> toml::Table {
    let stem = doc.strip_suffix(".txt").unwrap();
    let text = fs::read_to_string(dir.join(format!("{stem}.ann.toml"))).unwrap();
    toml::from_str(&text).unwrap()
}

/// `(quote, label, type, decision, sources)` of each gold annotation.
fn decisions(t: &toml::Table) -> Vec<(String, String, String, String, Vec<String>)> {
    let s = |v: &toml::Value, k: &str| v.get(k).and_then(|x| x.as_str()).unwrap_or("").to_string();
    t.get("annotation")
        .and_then(|a| a.as_array())
        .map(|a| {
            a.iter()
                .map(|v| {
                    let sources = v["sources"]
                        .as_array()
                        .unwrap()
                        .iter()
                        .map(|x| x.as_str().unwrap().to_string())
                        .collect();
                    (
                        s(v, "quote"),
                        s(v, "label"),
                        s(v, "kind"),
                        s(v, "decision"),
                        sources,
                    )
                })
                .collect()
        })
        .unwrap_or_default()
}

fn row(
    q: &str,
    l: &str,
    k: &str,
    d: &str,
    src: &[&str],
) -> (String, String, String, String, Vec<String>) {
    (
        q.into(),
        l.into(),
        k.into(),
        d.into(),
        src.iter().map(|s| s.to_string()).collect(),
    )
}

/// The unit whose range starts at the first occurrence of `quote`.
fn unit_at(s: &Session, quote: &str) -> usize {
    let at = s.text.find(quote).unwrap();
    s.units
        .iter()
        .position(|u| u.range.start == at)
        .unwrap_or_else(|| panic!("no unit at {quote:?}"))
}

#[test]
fn batch_then_decisions_then_stale() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    team::three_annotators(dir);
    let before = layers(dir);

    let o = hashiya(
        dir,
        &["adjudicate", "--auto", "unanimous", "--adjudicator", "lead"],
    );
    assert!(o.status.success(), "{}", out(&o));
    assert_eq!(
        String::from_utf8_lossy(&o.stdout),
        format!(
            "{AR}: 1 decided now, 0 decided before, 0 to decide (0 unanimous, 0 majority, 0 disagreement, 0 single)\n\
             {EN}: 2 decided now, 0 decided before, 5 to decide (0 unanimous, 2 majority, 1 disagreement, 2 single)\n\
             total: 3 decided now, 0 decided before, 5 to decide (0 unanimous, 2 majority, 1 disagreement, 2 single)\n"
        )
    );
    let g = gold(dir, EN);
    assert_eq!(
        decisions(&g),
        vec![
            row(
                "Emmanuel Macron",
                "entity",
                "PER",
                "unanimous",
                &["amal:am1", "badr:bd1", "huda:hd1"]
            ),
            row(
                "2,500",
                "figure",
                "",
                "unanimous",
                &["amal:am2", "badr:bd2", "huda:hd2"]
            ),
        ]
    );
    let first = g["annotation"][0].as_table().unwrap();
    assert_eq!(first["adjudicator"].as_str(), Some("lead"));
    assert_eq!(first["digests"].as_array().unwrap().len(), 3);
    assert_eq!(
        first["annotator"].as_str(),
        Some("amal"),
        "the creator stays"
    );
    assert_eq!(first["reviewer"].as_str(), Some("lead"));
    assert_eq!(
        decisions(&gold(dir, AR)),
        vec![row(
            "ماكرون",
            "entity",
            "PER",
            "unanimous",
            &["amal:am9", "badr:bd9", "huda:hd9"]
        )]
    );

    // A second run changes nothing.
    let en_gold = dir.join(EN.replace(".txt", ".ann.toml"));
    let bytes = fs::read(&en_gold).unwrap();
    let o = hashiya(
        dir,
        &[
            "adjudicate",
            "--auto",
            "majority",
            "--adjudicator",
            "lead",
            AR,
        ],
    );
    assert!(
        out(&o).starts_with(&format!("{AR}: 0 decided now, 1 decided before")),
        "{}",
        out(&o)
    );
    assert_eq!(fs::read(&en_gold).unwrap(), bytes);

    // The adjudicator's decisions: the majority on "Hamas", huda's
    // minority "600 soldiers", an edit of amal's "Islamic State" to ORG,
    // and a rejection of huda's lone "13". badr's "Netanyahu" stays open.
    let labels = LabelSet::default();
    let annotators: Vec<String> = ["amal", "badr", "huda"].map(String::from).to_vec();
    let mut s = Session::open(&dir.join(EN), &labels, &annotators).unwrap();
    assert_eq!(s.open_units().count(), 5);
    let u = unit_at(&s, "Hamas");
    assert_eq!(s.units[u].state, UnitState::Majority);
    s.decide(u, Choice::Majority, "lead", "2026-12-01T21:00:00Z")
        .unwrap();
    let u = unit_at(&s, "600");
    s.decide(u, Choice::Layer(2), "lead", "2026-12-01T21:00:01Z")
        .unwrap();
    let u = unit_at(&s, "Islamic State");
    assert_eq!(s.units[u].state, UnitState::Disagreement);
    let amal = s.units[u].of_layer(0).unwrap();
    let mut edited = s.annotation(amal).clone();
    edited.kind = Some("ORG".into());
    s.decide(
        u,
        Choice::Edited(0, Box::new(edited)),
        "lead",
        "2026-12-01T21:00:02Z",
    )
    .unwrap();
    let u = unit_at(&s, "13");
    assert_eq!(s.units[u].state, UnitState::Single);
    s.decide(u, Choice::Reject, "lead", "2026-12-01T21:00:03Z")
        .unwrap();
    // Taken decisions are never overwritten.
    assert!(s.decide(u, Choice::Layer(2), "lead", "now").is_err());
    let hamas = unit_at(&s, "Hamas");
    assert!(s.decide(hamas, Choice::Layer(2), "lead", "now").is_err());
    s.save().unwrap();
    drop(s);

    let g = gold(dir, EN);
    assert_eq!(
        decisions(&g),
        vec![
            row(
                "Hamas",
                "entity",
                "ORG",
                "majority",
                &["amal:am3", "badr:bd3"]
            ),
            row(
                "Emmanuel Macron",
                "entity",
                "PER",
                "unanimous",
                &["amal:am1", "badr:bd1", "huda:hd1"]
            ),
            row("Islamic State", "entity", "ORG", "edited", &["amal:am5"]),
            row(
                "2,500",
                "figure",
                "",
                "unanimous",
                &["amal:am2", "badr:bd2", "huda:hd2"]
            ),
            row("600 soldiers", "figure", "", "chosen", &["huda:hd4"]),
        ]
    );
    let others = |i: usize| -> Vec<&str> {
        g["annotation"][i]
            .get("others")
            .and_then(|o| o.as_array())
            .map(|a| a.iter().map(|x| x.as_str().unwrap()).collect())
            .unwrap_or_default()
    };
    assert_eq!(others(0), ["huda:hd3"]);
    assert_eq!(others(2), ["badr:bd5"]);
    assert_eq!(others(4), ["amal:am4", "badr:bd4"]);
    let rejected = g["rejected"].as_array().unwrap();
    assert_eq!(rejected.len(), 1);
    assert_eq!(rejected[0]["decision"].as_str(), Some("rejected"));
    assert_eq!(
        rejected[0]["sources"].as_array().unwrap()[0].as_str(),
        Some("huda:hd7")
    );

    // Nothing of any layer changed.
    assert_eq!(layers(dir), before);
    let o = hashiya(dir, &["check", "."]);
    assert!(o.status.success(), "{}", out(&o));
    assert_eq!(String::from_utf8_lossy(&o.stdout), "", "{}", out(&o));
    assert!(out(&o).contains(" 0 problems"), "{}", out(&o));

    // The gold export: exactly the decided spans, nothing of the rejected
    // unit.
    let o = hashiya(dir, &["export", "--format", "jsonl", EN]);
    assert!(o.status.success(), "{}", out(&o));
    assert_eq!(
        team::exported_spans(&String::from_utf8_lossy(&o.stdout)),
        team::decided_spans()
    );

    // amal retypes "Hamas": exactly the decision that used it is stale.
    let amal = dir.join(EN.replace(".txt", ".amal.layer.toml"));
    let t = fs::read_to_string(&amal).unwrap();
    let changed = t.replacen("kind = \"ORG\"", "kind = \"LOC\"", 1);
    assert_ne!(t, changed);
    fs::write(&amal, changed).unwrap();
    let o = hashiya(dir, &["check", "."]);
    assert_eq!(o.status.code(), Some(1), "{}", out(&o));
    let report = String::from_utf8_lossy(&o.stdout).into_owned();
    let lines: Vec<&str> = report.lines().collect();
    assert_eq!(lines.len(), 1, "{report}");
    let gold_text = fs::read_to_string(&en_gold).unwrap();
    let hamas_line = 1 + gold_text
        .lines()
        .position(|l| l == "quote = \"Hamas\"")
        .unwrap()
        - 6; // the [[annotation]] header, six lines above the quote, at column 1
    assert!(
        lines[0].starts_with(&format!(
            "./{}:{hamas_line}:1: stale decision: annotation ",
            EN.replace(".txt", ".ann.toml")
        )),
        "{report}"
    );
    assert!(lines[0].contains("amal:am3 changed"), "{report}");
    let o = hashiya(dir, &["status", "."]);
    assert!(out(&o).contains("1 stale decision"), "{}", out(&o));
}
