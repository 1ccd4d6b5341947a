//! hashiya's merge driver in real git repositories: two branches annotate a
//! seed article through the command line (`import`, `suggest`), `git merge`
//! after `hashiya git-setup` merges without conflict and keeps both sides'
//! annotations; a true conflict leaves the path conflicted in git while the
//! file still opens in hashiya; `resolve` on the markers of a merge made
//! without the driver (as on a web UI) gives the driver's result.

use std::fs;
use std::path::Path;
use std::process::{Command, Output};

const ARTICLE: &str = "003_ef756300ad867e8b";
const DOC: &str = "article.txt";
const SIDECAR: &str = "article.ann.toml";

fn article() -> String {
    let p = Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("../shared/corpus/{ARTICLE}.txt"));
    fs::read_to_string(&p).unwrap_or_else(|e| {
        panic!(
            "{}: {e} (../shared/corpus must be beside the repository)",
            p.display()
        )
    })
}

fn run(dir: &Path, prog: &str, args: &[&str]) -> Output {
    let mut c = Command::new(prog);
    c.args(args)
        .current_dir(dir)
        .env_remove("HASHIYA_ANNOTATOR")
        .env("USER", "amal")
        .env("XDG_CONFIG_HOME", dir.join(".config"))
        .env("HOME", dir)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_CONFIG_GLOBAL", "/dev/null");
    c.output().unwrap_or_else(|e| panic!("{prog}: {e}"))
}

fn git(dir: &Path, args: &[&str]) -> Output {
    run(dir, "git", args)
}

/// git that must succeed.
fn git_ok(dir: &Path, args: &[&str]) -> String {
    let o = git(dir, args);
    assert!(
        o.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn hashiya(dir: &Path, args: &[&str]) -> Output {
    run(dir, env!("CARGO_BIN_EXE_hashiya"), args)
}

fn out(o: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

/// A repository with the article committed on `main`; the driver set up
/// when `setup`.
fn repo(setup: bool) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    git_ok(d, &["init", "-q", "-b", "main"]);
    git_ok(d, &["config", "user.name", "Amal Test"]);
    git_ok(d, &["config", "user.email", "amal@example.org"]);
    git_ok(d, &["config", "commit.gpgsign", "false"]);
    fs::write(d.join(".gitignore"), ".config/\n").unwrap();
    fs::write(d.join(DOC), article()).unwrap();
    if setup {
        let o = hashiya(d, &["git-setup"]);
        assert!(o.status.success(), "{}", out(&o));
        let said = out(&o);
        assert!(said.contains("added `*.ann.toml merge=hashiya`"), "{said}");
        assert!(said.contains("merge.hashiya.driver"), "{said}");
    }
    git_ok(d, &["add", "-A"]);
    git_ok(d, &["commit", "-q", "-m", "the article"]);
    dir
}

/// JSONL for `import`: spans of `article.txt` found by their text (the
/// `nth` occurrence), in code points.
fn jsonl(text: &str, spans: &[(&str, usize, &str, &str, &str)]) -> String {
    let mut items = Vec::new();
    for (quote, nth, id, label, kind) in spans {
        let at = text
            .match_indices(quote)
            .nth(*nth)
            .unwrap_or_else(|| panic!("{quote} #{nth}"))
            .0;
        let start = text.get(..at).unwrap().chars().count();
        let end = start + quote.chars().count();
        items.push(format!(
            "{{\"id\": \"{id}\", \"start\": {start}, \"end\": {end}, \"label\": \"{label}\", \"type\": \"{kind}\", \"annotator\": \"amal\"}}"
        ));
    }
    format!(
        "{{\"path\": \"{DOC}\", \"spans\": [{}]}}\n",
        items.join(", ")
    )
}

fn import(dir: &Path, spans: &[(&str, usize, &str, &str, &str)]) {
    let text = fs::read_to_string(dir.join(DOC)).unwrap();
    fs::write(dir.join(".import.jsonl"), jsonl(&text, spans)).unwrap();
    let o = hashiya(
        dir,
        &[
            "import",
            "--format",
            "jsonl",
            "--as",
            "accepted",
            ".import.jsonl",
        ],
    );
    assert!(o.status.success(), "{}", out(&o));
    fs::remove_file(dir.join(".import.jsonl")).unwrap();
}

fn commit(dir: &Path, msg: &str) {
    git_ok(dir, &["add", "-A"]);
    git_ok(dir, &["commit", "-q", "-m", msg]);
}

/// The ids in a sidecar, from its `[[annotation]]` tables (TOML read by
/// the toml crate, not by hashiya).
fn ids(path: &Path) -> Vec<String> {
    let t: toml::Table = fs::read_to_string(path).unwrap().parse().unwrap();
    let mut v: Vec<String> = t
        .get("annotation")
        .and_then(|a| a.as_array())
        .map(|a| {
            a.iter()
                .map(|x| x.get("id").unwrap().as_str().unwrap().to_string())
                .collect()
        })
        .unwrap_or_default();
    v.sort();
    v
}

fn conflicted(dir: &Path) -> String {
    git_ok(dir, &["diff", "--name-only", "--diff-filter=U"])
}

/// Branch `a` imports entities, branch `b` runs `suggest` (figures), both
/// from a base with one annotation; returns the ids on each branch.
fn two_branches(d: &Path) -> (Vec<String>, Vec<String>) {
    import(d, &[("Macron", 0, "mcrnbase01", "entity", "PER")]);
    commit(d, "base annotation");
    git_ok(d, &["checkout", "-q", "-b", "a"]);
    import(
        d,
        &[
            ("Hamas", 0, "hamas00001", "entity", "ORG"),
            ("Netanyahu", 0, "ntnyh00001", "entity", "PER"),
            ("Jerusalem", 0, "jrslm00001", "entity", "LOC"),
        ],
    );
    commit(d, "a: entities");
    let a = ids(&d.join(SIDECAR));
    git_ok(d, &["checkout", "-q", "-b", "b", "main"]);
    let o = hashiya(d, &["suggest", "--only", "figures", DOC]);
    assert!(o.status.success(), "{}", out(&o));
    commit(d, "b: figure suggestions");
    let b = ids(&d.join(SIDECAR));
    assert!(b.len() > 3, "suggest wrote too little to be a test: {b:?}");
    git_ok(d, &["checkout", "-q", "a"]);
    (a, b)
}

#[test]
fn two_branches_merge_cleanly_with_the_driver() {
    let dir = repo(true);
    let d = dir.path();
    // Set-up is idempotent.
    let again = hashiya(d, &["git-setup"]);
    assert!(again.status.success());
    assert!(
        out(&again).contains("already has the merge=hashiya lines"),
        "{}",
        out(&again)
    );
    assert_eq!(
        fs::read_to_string(d.join(".gitattributes"))
            .unwrap()
            .matches("merge=hashiya")
            .count(),
        4
    );
    let (a, b) = two_branches(d);
    let m = git(d, &["merge", "-q", "--no-edit", "b"]);
    assert!(m.status.success(), "git merge: {}", out(&m));
    let merged = ids(&d.join(SIDECAR));
    let mut union: Vec<String> = a.iter().chain(&b).cloned().collect();
    union.sort();
    union.dedup();
    assert_eq!(merged, union);
    let text = fs::read_to_string(d.join(SIDECAR)).unwrap();
    assert!(
        !text.contains("<<<<<<<") && !text.contains("[[conflict]]"),
        "{text}"
    );
    let c = hashiya(d, &["check", "."]);
    assert!(c.status.success(), "check: {}", out(&c));
}

/// What the driver makes of the sidecar's versions on `main`, `a` and `b`
/// (git's %O %A %B), run by hand.
fn driver_result(d: &Path) -> String {
    let tmp = tempfile::tempdir().unwrap();
    for (rev, name) in [("main", "base"), ("a", "ours"), ("b", "theirs")] {
        fs::write(
            tmp.path().join(name),
            git_ok(d, &["show", &format!("{rev}:{SIDECAR}")]),
        )
        .unwrap();
    }
    let p = |n: &str| tmp.path().join(n).to_string_lossy().into_owned();
    let o = hashiya(
        d,
        &[
            "merge-driver",
            &p("base"),
            &p("ours"),
            &p("theirs"),
            SIDECAR,
        ],
    );
    assert!(o.status.success(), "{}", out(&o));
    fs::read_to_string(tmp.path().join("ours")).unwrap()
}

#[test]
fn without_the_driver_the_same_merge_conflicts_and_resolve_repairs_it() {
    for style in ["diff3", "merge"] {
        // The .gitattributes are there but not the driver's config (as in a
        // clone that did not run git-setup): git merges line by line, as a
        // web UI does.
        let dir = repo(false);
        let d = dir.path();
        fs::write(d.join(".gitattributes"), "*.ann.toml merge=hashiya\n").unwrap();
        commit(d, "attributes");
        two_branches(d);
        let want = driver_result(d);
        let m = git(
            d,
            &[
                "-c",
                &format!("merge.conflictStyle={style}"),
                "merge",
                "-q",
                "--no-edit",
                "b",
            ],
        );
        assert!(
            !m.status.success(),
            "the line merge was expected to conflict ({style})"
        );
        assert!(conflicted(d).contains(SIDECAR));
        let text = fs::read_to_string(d.join(SIDECAR)).unwrap();
        assert!(text.contains("<<<<<<<"), "{text}");
        assert_eq!(text.contains("|||||||"), style == "diff3");
        // hashiya cannot read such a file...
        let c = hashiya(d, &["check", SIDECAR]);
        assert!(!c.status.success());
        // ...until resolve merges the versions in the markers.
        let r = hashiya(d, &["resolve", SIDECAR]);
        assert!(r.status.success(), "resolve ({style}): {}", out(&r));
        assert_eq!(
            fs::read_to_string(d.join(SIDECAR)).unwrap(),
            want,
            "resolve ({style}) differs from the driver"
        );
        let c = hashiya(d, &["check", "."]);
        assert!(c.status.success(), "check: {}", out(&c));
    }
}

#[test]
fn a_true_conflict_is_conflicted_in_git_and_opens_in_hashiya() {
    let dir = repo(true);
    let d = dir.path();
    import(d, &[("Macron", 0, "mcrnbase01", "entity", "PER")]);
    commit(d, "base");
    let sidecar = d.join(SIDECAR);
    let set_kind = |kind: &str| {
        // An edit of the type, as a person makes it in an editor.
        let t = fs::read_to_string(&sidecar).unwrap();
        assert!(t.contains("kind = \"PER\""));
        fs::write(
            &sidecar,
            t.replace("kind = \"PER\"", &format!("kind = \"{kind}\"")),
        )
        .unwrap();
    };
    git_ok(d, &["checkout", "-q", "-b", "a"]);
    set_kind("ORG");
    commit(d, "a: ORG");
    git_ok(d, &["checkout", "-q", "-b", "b", "main"]);
    set_kind("MISC");
    commit(d, "b: MISC");
    git_ok(d, &["checkout", "-q", "a"]);
    let m = git(d, &["merge", "-q", "--no-edit", "b"]);
    assert!(!m.status.success(), "{}", out(&m));
    assert_eq!(conflicted(d).trim(), SIDECAR);
    let text = fs::read_to_string(&sidecar).unwrap();
    assert!(!text.contains("<<<<<<<"), "{text}");
    // Valid TOML for anyone...
    let t: toml::Table = text.parse().unwrap();
    assert_eq!(t["conflict"].as_array().unwrap().len(), 1);
    // ...and hashiya opens it, with ours in place.
    let (_store, loaded) =
        hashiya::sidecar::Store::open(&d.join(DOC), &Default::default()).unwrap();
    assert_eq!(
        loaded.set.get("mcrnbase01").unwrap().kind.as_deref(),
        Some("ORG")
    );
    // check reports the conflict at its header (column 1).
    let c = hashiya(d, &["check", "."]);
    assert_eq!(c.status.code(), Some(1));
    let line = text.lines().position(|l| l == "[[conflict]]").unwrap() + 1;
    let said = out(&c);
    assert!(
        said.contains(&format!("{SIDECAR}:{line}:1: conflict: annotation mcrnbase01: kind: ours \"ORG\", theirs \"MISC\", base \"PER\"")),
        "{said}"
    );
    // resolve --theirs settles it; git accepts the result.
    let r = hashiya(d, &["resolve", SIDECAR, "--theirs"]);
    assert!(r.status.success(), "{}", out(&r));
    let text = fs::read_to_string(&sidecar).unwrap();
    assert!(
        text.contains("kind = \"MISC\"") && !text.contains("conflict"),
        "{text}"
    );
    assert!(hashiya(d, &["check", "."]).status.success());
    git_ok(d, &["add", SIDECAR]);
    git_ok(d, &["commit", "-q", "--no-edit"]);
}

#[test]
fn the_document_edited_on_one_branch_is_re_anchored() {
    for (edit_on, merge_into) in [("a", "a"), ("a", "b")] {
        let dir = repo(true);
        let d = dir.path();
        import(d, &[("Macron", 0, "mcrnbase01", "entity", "PER")]);
        commit(d, "base");
        git_ok(d, &["checkout", "-q", "-b", "a"]);
        git_ok(d, &["checkout", "-q", "-b", "b"]);
        // Branch edit_on: a paragraph inserted at the top; check --fix
        // records the re-anchoring.
        git_ok(d, &["checkout", "-q", edit_on]);
        let text = fs::read_to_string(d.join(DOC)).unwrap();
        fs::write(d.join(DOC), format!("Editor's note: updated.\n\n{text}")).unwrap();
        let f = hashiya(d, &["check", "--fix", "."]);
        assert!(f.status.success(), "{}", out(&f));
        commit(d, "document edited");
        // The other branch annotates the old document.
        git_ok(d, &["checkout", "-q", "b"]);
        import(d, &[("Netanyahu", 0, "ntnyh00001", "entity", "PER")]);
        commit(d, "b: entity");
        git_ok(d, &["checkout", "-q", merge_into]);
        let other = if merge_into == "a" { "b" } else { "a" };
        let m = git(d, &["merge", "-q", "--no-edit", other]);
        assert!(m.status.success(), "merge into {merge_into}: {}", out(&m));
        assert_eq!(ids(&d.join(SIDECAR)), ["mcrnbase01", "ntnyh00001"]);
        let c = hashiya(d, &["check", "."]);
        assert!(
            c.status.success(),
            "merge into {merge_into}: check: {}",
            out(&c)
        );
    }
}
