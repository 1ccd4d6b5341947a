//! The adjudication view end to end, the real binary in tmux at 140×40 on
//! the seed pair annotated by three simulated annotators
//! (tests/support/team.rs): `--auto unanimous` first, then by keys the
//! majority on "Hamas", huda's minority "600 soldiers", an edit of amal's
//! "Islamic State" to ORG and a rejection of huda's lone "13" (badr's
//! "Netanyahu" deferred). The gold sidecar is read back with the `toml`
//! crate; `check` is clean; the gold export holds exactly the decided
//! spans; after amal changes "Hamas" in her layer exactly that decision is
//! stale in `check`, `status` and the view.
//!
//! Needs `tmux` (Debian package `tmux`); a missing tmux fails the test.

#[path = "support/team.rs"]
mod team;
#[path = "support/tmux.rs"]
mod tmux;

use std::fs;
use std::path::Path;

use team::{AR, EN, hashiya, out};
use tmux::Tmux;

/// The screen without its SGR escapes.
fn plain(screen: &str) -> String {
    let mut s = String::with_capacity(screen.len());
    let mut it = screen.chars().peekable();
    while let Some(c) = it.next() {
        if c == '\u{1b}' {
            for d in it.by_ref() {
                if d.is_ascii_alphabetic() {
                    break;
                }
            }
        } else {
            s.push(c);
        }
    }
    s
}

/// Wait for `needle` on the plain screen; return the plain screen.
fn wait(t: &Tmux, needle: &str) -> String {
    let start = std::time::Instant::now();
    loop {
        let s = plain(&t.capture());
        if s.contains(needle) {
            return s;
        }
        assert!(
            start.elapsed() < std::time::Duration::from_secs(15),
            "timed out waiting for {needle:?}:\n{s}"
        );
    }
}

fn start(t: &Tmux, dir: &Path, args: &str) {
    let bin = env!("CARGO_BIN_EXE_hashiya");
    let cmd = format!(
        "cd '{}' && HOME='{}' XDG_CONFIG_HOME='{}/.config' '{bin}' adjudicate --adjudicator lead {args}; echo EXITED $?; sleep 30",
        dir.display(),
        dir.display(),
        dir.display()
    );
    let out = t.run(&[
        "new-session",
        "-d",
        "-s",
        &t.session,
        "-x",
        "140",
        "-y",
        "40",
        &cmd,
    ]);
    assert!(out.status.success(), "tmux new-session: {out:?}");
}

/// `(quote, label, type, decision, sources, others)` of each gold
/// annotation, in the file's order.
type Row = (String, String, String, String, Vec<String>, Vec<String>);

fn gold(dir: &Path, doc: &str) -> toml::Table {
    let stem = doc.strip_suffix(".txt").unwrap();
    toml::from_str(&fs::read_to_string(dir.join(format!("{stem}.ann.toml"))).unwrap()).unwrap()
}

fn strings(v: Option<&toml::Value>) -> Vec<String> {
    v.and_then(|x| x.as_array())
        .map(|a| a.iter().map(|x| x.as_str().unwrap().to_string()).collect())
        .unwrap_or_default()
}

fn rows(t: &toml::Table) -> Vec<Row> {
    let s = |v: &toml::Value, k: &str| v.get(k).and_then(|x| x.as_str()).unwrap_or("").to_string();
    t["annotation"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| {
            (
                s(v, "quote"),
                s(v, "label"),
                s(v, "kind"),
                s(v, "decision"),
                strings(v.get("sources")),
                strings(v.get("others")),
            )
        })
        .collect()
}

fn row(q: &str, l: &str, k: &str, d: &str, src: &[&str], others: &[&str]) -> Row {
    let v = |x: &[&str]| x.iter().map(|s| s.to_string()).collect();
    (q.into(), l.into(), k.into(), d.into(), v(src), v(others))
}

#[test]
fn decisions_by_keys_land_in_gold_with_their_sources() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    team::three_annotators(dir);
    let o = hashiya(
        dir,
        &["adjudicate", "--auto", "unanimous", "--adjudicator", "lead"],
    );
    assert!(o.status.success(), "{}", out(&o));

    let t = Tmux::new(format!("hashiya-adj-{}", std::process::id()), "adj", 80);
    start(&t, dir, EN);
    // The first open unit in text order: "Hamas" in the headline, two
    // annotators of three alike.
    let s = wait(&t, "5 units to decide");
    assert!(s.contains("unit 1 of 7 · majority"), "{s}");
    assert!(s.contains("1 amal  majority, 2 of 3"), "{s}");
    assert!(
        s.contains("entity/MISC"),
        "huda's version is beside them:\n{s}"
    );
    assert!(s.contains("«Hamas» majority"), "the status line:\n{s}");
    // The translation partner is beside it.
    assert!(s.contains(AR), "{s}");

    t.keys(&["y"]);
    let s = wait(&t, "«Hamas»: majority (amal, badr) saved to gold");
    assert!(s.contains("unit 3 of 7 · disagreement"), "{s}");
    assert!(s.contains("«Islamic State (IS, formerly ISIS)»"), "{s}");
    // huda has nothing here: her number is refused, nothing recorded.
    t.keys(&["3"]);
    wait(&t, "huda has no version of this unit");
    // Edit amal's version: its label and type again, ORG.
    t.keys(&["e"]);
    wait(&t, "edit which version? 1-3");
    t.keys(&["1"]);
    wait(&t, "EDITING amal's version");
    t.keys(&["r", "3"]);
    wait(&t, "entity type");
    t.keys(&["2"]);
    wait(&t, "tagged as entity (ORG)");
    t.keys(&["Enter"]);
    let s = wait(&t, "edited (amal) saved to gold");
    assert!(s.contains("unit 4 of 7 · single"), "{s}");
    assert!(s.contains("«Netanyahu»"), "{s}");
    // Defer badr's lone "Netanyahu": nothing recorded.
    t.keys(&["d"]);
    let s = wait(&t, "deferred: not recorded");
    assert!(s.contains("unit 6 of 7 · majority"), "{s}");
    assert!(s.contains("«600 soldiers»"), "{s}");
    // huda's minority version.
    t.keys(&["3"]);
    let s = wait(&t, "chosen (huda) saved to gold");
    assert!(s.contains("unit 7 of 7 · single"), "{s}");
    t.keys(&["x"]);
    let s = wait(&t, "«13»: rejected, nothing is gold there · 1 to decide");
    assert!(s.contains("1 to decide (1 deferred)"), "{s}");
    // A decision taken is never overwritten.
    t.keys(&["1"]);
    wait(
        &t,
        "this unit is decided already (rejected); a decision is never overwritten",
    );
    t.keys(&["q"]);
    wait(&t, "EXITED 0");

    let g = gold(dir, EN);
    assert_eq!(
        rows(&g),
        vec![
            row(
                "Hamas",
                "entity",
                "ORG",
                "majority",
                &["amal:am3", "badr:bd3"],
                &["huda:hd3"]
            ),
            row(
                "Emmanuel Macron",
                "entity",
                "PER",
                "unanimous",
                &["amal:am1", "badr:bd1", "huda:hd1"],
                &[]
            ),
            row(
                "Islamic State",
                "entity",
                "ORG",
                "edited",
                &["amal:am5"],
                &["badr:bd5"]
            ),
            row(
                "2,500",
                "figure",
                "",
                "unanimous",
                &["amal:am2", "badr:bd2", "huda:hd2"],
                &[]
            ),
            row(
                "600 soldiers",
                "figure",
                "",
                "chosen",
                &["huda:hd4"],
                &["amal:am4", "badr:bd4"]
            ),
        ]
    );
    for a in g["annotation"].as_array().unwrap() {
        assert_eq!(a["adjudicator"].as_str(), Some("lead"), "{a}");
        assert_eq!(
            a["digests"].as_array().unwrap().len(),
            strings(a.get("sources")).len() + strings(a.get("others")).len()
        );
    }
    let rejected = g["rejected"].as_array().unwrap();
    assert_eq!(rejected.len(), 1);
    assert_eq!(rejected[0]["decision"].as_str(), Some("rejected"));
    assert_eq!(strings(rejected[0].get("sources")), ["huda:hd7"]);
    assert_eq!(rejected[0]["adjudicator"].as_str(), Some("lead"));

    let o = hashiya(dir, &["check", "."]);
    assert!(o.status.success(), "{}", out(&o));
    assert!(out(&o).contains(" 0 problems"), "{}", out(&o));

    // The gold export: exactly the decided spans.
    let o = hashiya(dir, &["export", "--format", "jsonl", EN]);
    assert!(o.status.success(), "{}", out(&o));
    assert_eq!(
        team::exported_spans(&String::from_utf8_lossy(&o.stdout)),
        team::decided_spans()
    );

    // amal retypes "Hamas" in her layer: exactly the decision that used it
    // is stale.
    let amal = dir.join(EN.replace(".txt", ".amal.layer.toml"));
    let before = fs::read_to_string(&amal).unwrap();
    let changed = before.replacen("kind = \"ORG\"", "kind = \"LOC\"", 1);
    assert_ne!(before, changed);
    fs::write(&amal, changed).unwrap();
    let o = hashiya(dir, &["check", "."]);
    assert_eq!(o.status.code(), Some(1), "{}", out(&o));
    let report = String::from_utf8_lossy(&o.stdout).into_owned();
    assert_eq!(report.lines().count(), 1, "{report}");
    assert!(report.contains("stale decision"), "{report}");
    assert!(report.contains("amal:am3 changed"), "{report}");
    let o = hashiya(dir, &["status", "."]);
    assert!(out(&o).contains("1 stale decision"), "{}", out(&o));

    // The view shows it: one stale unit, and "Hamas" marked stale.
    let t = t.other("again");
    start(&t, dir, EN);
    let s = wait(&t, "1 to decide");
    assert!(s.contains("│  1 stale  │"), "{s}");
    // To the first "Hamas" by search from the top, then one character
    // back and forth: the unit under the cursor is the current one.
    t.keys(&["g", "/"]);
    t.literal("Hamas");
    t.keys(&["Enter", "h", "l"]);
    let s = wait(&t, "unit 1 of 7 · stale");
    assert!(
        s.contains("STALE: a source changed in its layer since"),
        "{s}"
    );
    assert!(
        s.contains("decided: majority from amal:am3, badr:bd3 by lead"),
        "{s}"
    );
    t.keys(&["y"]);
    wait(&t, "this unit is decided already (majority)");
    t.keys(&["q"]);
    wait(&t, "EXITED 0");
}

#[test]
fn anonymous_names_the_annotators_by_letter_and_the_reader_key_opens_the_view() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    team::three_annotators(dir);
    let t = Tmux::new(format!("hashiya-adj-anon-{}", std::process::id()), "a", 80);
    start(&t, dir, &format!("--anonymous {EN}"));
    let s = wait(&t, "7 units to decide");
    assert!(s.contains("1 A  majority, 2 of 3"), "{s}");
    assert!(s.contains("3 C"), "{s}");
    assert!(!s.contains("amal"), "no name on the screen:\n{s}");
    t.keys(&["y"]);
    wait(&t, "majority (A, B) saved to gold");
    t.keys(&["q"]);
    wait(&t, "EXITED 0");
    // The name is in gold all the same.
    let g = gold(dir, EN);
    assert_eq!(
        strings(g["annotation"][0].get("sources")),
        ["amal:am3", "badr:bd3"]
    );

    // From the reader: J opens the view of the open document, q goes back.
    let r = t.other("reader");
    let bin = env!("CARGO_BIN_EXE_hashiya");
    let cmd = format!(
        "cd '{}' && HOME='{}' XDG_CONFIG_HOME='{}/.config' HASHIYA_ANNOTATOR=huda '{bin}' {EN}; sleep 30",
        dir.display(),
        dir.display(),
        dir.display()
    );
    let o = r.run(&[
        "new-session",
        "-d",
        "-s",
        "reader",
        "-x",
        "140",
        "-y",
        "40",
        &cmd,
    ]);
    assert!(o.status.success(), "{o:?}");
    wait(&r, "(own layer)");
    r.keys(&["J"]);
    let s = wait(&r, "ADJUDICATE");
    assert!(s.contains("6 units to decide"), "{s}");
    assert!(s.contains("✎ huda"), "{s}");
    r.keys(&["q"]);
    wait(&r, "(own layer)");
}
