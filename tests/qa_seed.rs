//! `hashiya qa` on the seed pair: nothing flagged on the real translation;
//! exactly the changed figure flagged when one number of the English file is
//! changed (in a copy).

use std::path::Path;
use std::process::Command;

const CORPUS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/corpus");
const EN: &str = "003_ef756300ad867e8b.txt";
const AR: &str = "000_d3ec274e292e3ca0.txt";

fn qa(dir: &Path) -> (Option<i32>, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_hashiya"))
        .arg("qa")
        .arg(dir)
        .output()
        .unwrap();
    (
        out.status.code(),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

fn copy_corpus() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let entries = std::fs::read_dir(CORPUS)
        .unwrap_or_else(|e| panic!("{CORPUS}: {e} (../shared must be beside the repository)"));
    for entry in entries {
        let entry = entry.unwrap();
        let to = dir.path().join(entry.file_name());
        std::fs::write(&to, std::fs::read(entry.path()).unwrap()).unwrap();
    }
    dir
}

#[test]
fn the_seed_translation_is_clean() {
    // 5700 vs 5,700, 1400 vs 1,400, 17 أكتوبر vs October 17 …
    let (code, stdout, stderr) = qa(Path::new(CORPUS));
    assert_eq!(code, Some(0), "{stdout}{stderr}");
    assert_eq!(stdout, "");
}

#[test]
fn arabic_indic_digits_and_a_declared_pair_are_clean_too() {
    let dir = copy_corpus();
    let ar = dir.path().join(AR);
    let text = std::fs::read_to_string(&ar).unwrap();
    // Arabic-Indic digits with the Arabic thousands separator.
    let indic: String = text
        .replace("2,500", "٢٬٥٠٠")
        .chars()
        .map(|c| match c {
            '0'..='9' => char::from_u32(0x0660 + (c as u32 - '0' as u32)).unwrap(),
            _ => c,
        })
        .collect();
    assert!(indic.contains("٥٧٠٠") && indic.contains("٢٬٥٠٠"));
    std::fs::write(&ar, indic).unwrap();
    std::fs::write(
        dir.path().join("hashiya.toml"),
        format!("[[pair]]\nfiles = [\"{AR}\", \"{EN}\"]\n"),
    )
    .unwrap();
    let (code, stdout, stderr) = qa(dir.path());
    assert_eq!(code, Some(0), "{stdout}{stderr}");
}

#[test]
fn one_changed_figure_is_flagged_exactly() {
    // (original, changed) in the English file; each change on its own.
    for (from, to) in [
        ("around 2,500 troops", "around 2,600 troops"),
        ("over 5,700 Palestinians", "over 5,800 Palestinians"),
        ("at least 13 drone", "at least 31 drone"),
        ("first launched in 2014", "first launched in 2015"),
        ("some 600 soldiers", "some 6,000 soldiers"),
    ] {
        let dir = copy_corpus();
        let en = dir.path().join(EN);
        let text = std::fs::read_to_string(&en).unwrap();
        assert_eq!(text.matches(from).count(), 1, "{from}");
        let changed = text.replace(from, to);
        std::fs::write(&en, &changed).unwrap();
        // Where the new figure is: its line and column (code points, 1-based).
        let digits_at = changed.find(to).unwrap() + to.find(|c: char| c.is_ascii_digit()).unwrap();
        let before = changed.get(..digits_at).unwrap();
        let line = before.matches('\n').count() + 1;
        let col = before
            .get(before.rfind('\n').map_or(0, |i| i + 1)..)
            .unwrap()
            .chars()
            .count()
            + 1;
        let new_figure: String = to
            .chars()
            .filter(|c| c.is_ascii_digit() || *c == ',')
            .collect();

        let (code, stdout, stderr) = qa(dir.path());
        assert_eq!(code, Some(1), "{from}: {stdout}{stderr}");
        let lines: Vec<&str> = stdout.lines().collect();
        assert_eq!(lines.len(), 1, "{from}: {stdout}");
        let want = format!("{}:{line}:{col}: figure \"{new_figure}\"", en.display());
        assert!(
            lines[0].starts_with(&want),
            "{from}:\n{}\nwant prefix {want}",
            lines[0]
        );
        assert!(lines[0].contains(AR), "{}", lines[0]);
    }
}

#[test]
fn disagreements_come_first_and_min_severity_keeps_them_alone() {
    let dir = copy_corpus();
    let en = dir.path().join(EN);
    let text = std::fs::read_to_string(&en).unwrap();
    // A later figure changed; an earlier paragraph gains a figure with no
    // counterpart.
    assert_eq!(text.matches("some 600 soldiers").count(), 1);
    assert_eq!(text.matches("during a visit to Jerusalem").count(), 1);
    let changed = text
        .replace("some 600 soldiers", "some 700 soldiers")
        .replace(
            "during a visit to Jerusalem",
            "during a 40-hour visit to Jerusalem",
        );
    assert!(changed.find("40-hour").unwrap() < changed.find("700").unwrap());
    std::fs::write(&en, changed).unwrap();
    let (code, stdout, stderr) = qa(dir.path());
    assert_eq!(code, Some(1), "{stderr}");
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines.len(), 2, "{stdout}");
    assert!(
        lines[0].contains("figure \"700\" (700) disagrees with \"600\" (600)"),
        "{stdout}"
    );
    assert!(
        lines[1].contains("figure \"40\" (40) has no counterpart in"),
        "{stdout}"
    );
    // Each line names both sentences.
    for l in &lines {
        let (_, sentences) = l.rsplit_once("; sentences ").expect(l);
        assert!(sentences.contains(EN) && sentences.contains(AR), "{l}");
    }
    let out = Command::new(env!("CARGO_BIN_EXE_hashiya"))
        .args(["qa", "--min-severity", "disagrees"])
        .arg(dir.path())
        .output()
        .unwrap();
    let only = String::from_utf8(out.stdout).unwrap();
    assert_eq!(only.lines().collect::<Vec<_>>(), [lines[0]]);
    assert_eq!(out.status.code(), Some(1));
}
