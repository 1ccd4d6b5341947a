//! Hostile and accidental input (issue "hostile input"): each test is one
//! way a file, a folder or a name once made hashiya lose annotations, hang,
//! crash or write outside the corpus. Every command runs under a deadline,
//! so a hang is a failure with a message, not a stuck test run.

use std::fs;
use std::io::Read as _;
use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use hashiya::annotation::{Annotation, AnnotationSet, Status};
use hashiya::corpus::LabelSet;
use hashiya::sidecar::Store;

/// Run hashiya with `args` in `dir`; fails the test when it takes more than
/// `secs` seconds (then it is killed) or dies of a signal.
fn run(dir: &Path, args: &[&str], secs: u64) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_hashiya"))
        .args(args)
        .current_dir(dir)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // Drain the pipes in threads so a chatty child cannot block on them.
    let mut out = child.stdout.take().unwrap();
    let mut err = child.stderr.take().unwrap();
    let t_out = std::thread::spawn(move || {
        let mut v = Vec::new();
        out.read_to_end(&mut v).ok();
        v
    });
    let t_err = std::thread::spawn(move || {
        let mut v = Vec::new();
        err.read_to_end(&mut v).ok();
        v
    });
    let start = Instant::now();
    let status = loop {
        if let Some(s) = child.try_wait().unwrap() {
            break s;
        }
        if start.elapsed() > Duration::from_secs(secs) {
            child.kill().ok();
            child.wait().ok();
            panic!(
                "hashiya {args:?} in {} still running after {secs} s",
                dir.display()
            );
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let output = Output {
        status,
        stdout: t_out.join().unwrap(),
        stderr: t_err.join().unwrap(),
    };
    assert!(
        output.status.code().is_some(),
        "hashiya {args:?} died of a signal: {output:?}"
    );
    output
}

/// Every document and every annotation, as JSONL on stdout.
const EXPORT_ALL: &[&str] = &[
    "export",
    "--format",
    "jsonl",
    "--status",
    "all",
    "--documents",
    "all",
    ".",
];

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

fn annotation(id: &str, text: &str, quote: &str, nth: usize) -> Annotation {
    let start = text.match_indices(quote).nth(nth).unwrap().0;
    Annotation {
        id: id.into(),
        label: "entity".into(),
        kind: Some("PER".into()),
        span: start..start + quote.len(),
        quote: quote.into(),
        annotator: "t".into(),
        created: "2026-11-21T00:00:00Z".into(),
        modified: "2026-11-21T00:00:00Z".into(),
        note: None,
        attrs: Default::default(),
        status: Status::Accepted,
        links: vec![],
        review: None,
    }
}

/// Item 5: the annotated mention is deleted; another mention with the same
/// words remains. Re-anchoring must not move the annotation there: it is an
/// orphan, `check --fix` keeps it as one, and `check` still reports it.
#[test]
fn a_deleted_mention_becomes_an_orphan_not_another_mention() {
    let dir = tempfile::tempdir().unwrap();
    let doc = dir.path().join("a.txt");
    let first = "Netanyahu met the envoy on Monday in Jerusalem.\n\n";
    let rest = "Later, officials said Netanyahu would travel to Cairo.\n";
    fs::write(&doc, format!("{first}{rest}")).unwrap();
    let (mut store, loaded) = Store::open(&doc, &LabelSet::default()).unwrap();
    let set =
        AnnotationSet::from_annotations([annotation("n1", &loaded.text, "Netanyahu", 0)]).unwrap();
    store.save(&set).unwrap();
    drop(store);
    // The first paragraph is deleted.
    fs::write(&doc, rest).unwrap();

    let out = run(dir.path(), &["check", "."], 20);
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    let stdout = text(&out.stdout);
    assert!(
        stdout.contains("n1 \"Netanyahu\": not found in the document; kept as an orphan"),
        "{stdout}"
    );
    let fix = run(dir.path(), &["check", "--fix", "."], 20);
    assert_eq!(fix.status.code(), Some(1), "{fix:?}");
    let side = fs::read_to_string(dir.path().join("a.ann.toml")).unwrap();
    assert!(side.contains("orphan = true"), "{side}");
    let again = run(dir.path(), &["check", "."], 20);
    assert_eq!(again.status.code(), Some(1), "{again:?}");
    assert!(text(&again.stdout).contains("n1"), "{again:?}");
}

/// Item 7: arrays and inline tables nested 30,000 deep (a 60 KB line) are
/// an error naming the file and line in check, export and suggest, never a
/// stack overflow.
#[test]
fn deep_nesting_is_an_error_in_every_command() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("a.txt"), "Hello world.\n").unwrap();
    let n = 30_000;
    fs::write(
        dir.path().join("a.ann.toml"),
        format!(
            "version = 1\ndocument = \"a.txt\"\nweird = {}{}\n",
            "[".repeat(n),
            "]".repeat(n)
        ),
    )
    .unwrap();
    fs::write(dir.path().join("b.txt"), "Hi there.\n").unwrap();
    fs::write(
        dir.path().join("b.ann.toml"),
        format!(
            "version = 1\ndocument = \"b.txt\"\n\n[[annotation]]\nid = \"x\"\nlabel = \"claim\"\nstart = 0\nend = 2\nquote = \"Hi\"\nzz = {}1{}\n",
            "{a = ".repeat(n),
            "}".repeat(n)
        ),
    )
    .unwrap();
    let check = run(dir.path(), &["check", "."], 30);
    assert_eq!(check.status.code(), Some(1));
    let stdout = text(&check.stdout);
    // The toml crate allows 80 levels: the 81st bracket is pointed at,
    // after `weird = ` and 80 `[` (column 89), after `zz = ` and 80
    // `{a = ` (column 5 + 400 + 1).
    assert!(
        stdout.contains("a.ann.toml:3:89: invalid TOML: arrays or tables nested too deeply"),
        "{stdout}"
    );
    assert!(
        stdout.contains("b.ann.toml:10:406: invalid TOML: arrays or tables nested too deeply"),
        "{stdout}"
    );
    let export = run(dir.path(), &["export", "--format", "jsonl", "."], 30);
    let stderr = text(&export.stderr);
    assert!(stderr.contains("a.ann.toml:3:"), "{stderr}");
    assert!(stderr.contains("b.ann.toml:10:"), "{stderr}");
    let suggest = run(dir.path(), &["suggest", "--dry-run", "."], 30);
    assert!(
        text(&suggest.stderr).contains("nested too deeply"),
        "{suggest:?}"
    );
}

/// Item 8: two links to `.` and one to a folder outside the corpus. Every
/// command finishes, lists each document once, and writes nothing outside;
/// `check` reports the links it did not follow.
#[test]
fn symlinked_folders_are_not_followed() {
    let base = tempfile::tempdir().unwrap();
    let corpus = base.path().join("corpus");
    let outside = base.path().join("outside");
    fs::create_dir_all(&corpus).unwrap();
    fs::create_dir_all(&outside).unwrap();
    fs::write(
        corpus.join("a.txt"),
        "Joe Biden spoke in Washington on Monday.\n",
    )
    .unwrap();
    fs::write(
        outside.join("o.txt"),
        "Joe Biden spoke in Paris on Tuesday.\n",
    )
    .unwrap();
    std::os::unix::fs::symlink(".", corpus.join("loop1")).unwrap();
    std::os::unix::fs::symlink(".", corpus.join("loop2")).unwrap();
    std::os::unix::fs::symlink(&outside, corpus.join("out")).unwrap();

    let suggest = run(&corpus, &["suggest", "."], 60);
    assert!(suggest.status.success(), "{suggest:?}");
    let names: Vec<String> = fs::read_dir(&outside)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names, ["o.txt"], "suggest wrote outside the corpus");
    let export = run(&corpus, EXPORT_ALL, 30);
    assert!(export.status.success(), "{export:?}");
    let lines: Vec<String> = text(&export.stdout).lines().map(String::from).collect();
    assert_eq!(lines.len(), 1, "each document once: {lines:?}");
    assert!(lines[0].contains("\"a.txt\""), "{lines:?}");
    let check = run(&corpus, &["check", "."], 30);
    let stdout = text(&check.stdout);
    for link in ["loop1", "loop2", "out"] {
        assert!(
            stdout.contains(&format!(
                "./{link}: a symbolic link to a folder; not followed"
            )),
            "{stdout}"
        );
    }
}

/// Item 9: a FIFO where a sidecar should be. Nothing blocks; check and
/// export report it instead of taking it for "no annotations".
#[test]
fn a_fifo_for_a_sidecar_is_reported_not_read() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("a.txt"), "Joe Biden spoke on Monday.\n").unwrap();
    fs::write(dir.path().join("b.txt"), "Nothing special here.\n").unwrap();
    let fifo = dir.path().join("a.ann.toml");
    let made = Command::new("mkfifo").arg(&fifo).status().unwrap();
    assert!(made.success());

    let check = run(dir.path(), &["check", "."], 20);
    assert_eq!(check.status.code(), Some(1));
    assert!(
        text(&check.stdout).contains("./a.ann.toml: not a regular file"),
        "{check:?}"
    );
    let check = run(dir.path(), &["check", "a.txt"], 20);
    assert!(
        text(&check.stdout).contains("a.ann.toml: not a regular file"),
        "{check:?}"
    );
    let export = run(dir.path(), EXPORT_ALL, 20);
    assert!(
        text(&export.stderr).contains("a.ann.toml: not a regular file"),
        "{export:?}"
    );
    let suggest = run(dir.path(), &["suggest", "."], 30);
    assert!(!suggest.status.success(), "{suggest:?}");
    assert!(
        text(&suggest.stderr).contains("not a regular file"),
        "{suggest:?}"
    );
    // b.txt was still worked on, and the FIFO is still a FIFO.
    assert!(
        dir.path().join("b.ann.toml").exists() || text(&suggest.stdout).contains("0 suggestions")
    );
    assert!(fs::symlink_metadata(&fifo).unwrap().file_type().is_fifo());
}

use std::os::unix::fs::FileTypeExt as _;

/// Item 12: a file name holding an OSC 52 clipboard write and a bidi
/// override reaches no terminal raw, from any command.
#[test]
fn file_names_with_escape_sequences_are_escaped() {
    let dir = tempfile::tempdir().unwrap();
    let evil = "x\u{1b}]52;c;aGk=\u{7}\u{202e}.txt";
    fs::write(dir.path().join(evil), "Joe Biden spoke on Monday.\n").unwrap();
    fs::write(dir.path().join("b.txt"), "قال جو بايدن يوم الاثنين.\n").unwrap();
    let name = evil.strip_suffix(".txt").unwrap();
    fs::write(
        dir.path().join(format!("{name}.ann.toml")),
        "version = 1\ndocument = \"nope.txt\"\n",
    )
    .unwrap();
    for args in [
        vec!["check", "."],
        vec!["export", "--format", "jsonl", "--status", "all", "."],
        vec!["qa", evil, "b.txt"],
        vec!["align", evil, "missing.txt"],
        vec!["align", evil, "b.txt"],
        vec!["render", "missing\u{1b}[2J.txt"],
        vec!["suggest", "--dry-run", "."],
    ] {
        let out = run(dir.path(), &args, 30);
        for (what, bytes) in [("stdout", &out.stdout), ("stderr", &out.stderr)] {
            let s = text(bytes);
            assert!(
                !s.contains('\u{1b}') && !s.contains('\u{7}') && !s.contains('\u{202e}'),
                "{args:?}: raw control in {what}: {s:?}"
            );
        }
    }
}

/// Item 13: messages that say what is wrong and where.
#[test]
fn messages_name_what_is_wrong() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("a.txt"), "Joe Biden spoke on Monday.\n").unwrap();
    // Git conflict markers (a merge made without hashiya's driver).
    fs::write(
        dir.path().join("a.ann.toml"),
        "version = 1\ndocument = \"a.txt\"\n<<<<<<< HEAD\nsha256 = \"00\"\n=======\nsha256 = \"11\"\n>>>>>>> theirs\n",
    )
    .unwrap();
    // A duplicate key, and two problems in one file.
    fs::write(dir.path().join("b.txt"), "Hello.\n").unwrap();
    fs::write(
        dir.path().join("b.ann.toml"),
        "version = 1\ndocument = \"b.txt\"\ndocument = \"b.txt\"\n",
    )
    .unwrap();
    fs::write(dir.path().join("c.txt"), "Hello.\n").unwrap();
    fs::write(dir.path().join("c.ann.toml"), "version = 7\ndocument = 3\n").unwrap();
    let check = run(dir.path(), &["check", "."], 20);
    let stdout = text(&check.stdout);
    // The first marker, and the repeated key, each at the start of line 3.
    assert!(
        stdout.contains("./a.ann.toml:3:1: git conflict markers"),
        "{stdout}"
    );
    assert!(
        stdout.contains("./b.ann.toml:3:1: invalid TOML: duplicate key \"document\""),
        "{stdout}"
    );
    let export = run(dir.path(), EXPORT_ALL, 20);
    let stderr = text(&export.stderr);
    assert!(!stderr.contains("\\u{a}"), "{stderr}");
    assert!(
        stderr.contains("c.ann.toml:1:11: version: unsupported version 7"),
        "{stderr}"
    );
    assert!(
        stderr.contains("c.ann.toml:2:12: document: expected a string"),
        "{stderr}"
    );
}

/// Item 1: values the loader refuses are refused by import too, each
/// named with its input line; the document keeps opening and its earlier
/// annotations stay.
#[test]
fn import_refuses_what_the_loader_cannot_read() {
    let dir = tempfile::tempdir().unwrap();
    let doc = dir.path().join("a.txt");
    fs::write(&doc, "Netanyahu met Biden in Washington.\n").unwrap();
    let (mut store, loaded) = Store::open(&doc, &LabelSet::default()).unwrap();
    let set =
        AnnotationSet::from_annotations([annotation("human1", &loaded.text, "Biden", 0)]).unwrap();
    store.save(&set).unwrap();
    drop(store);
    let span = |extra: &str| {
        format!(
            r#"{{"path": "a.txt", "spans": [{{"start": 0, "end": 9, "label": "entity", "type": "PER"{extra}}}]}}"#
        )
    };
    let lines = [
        span(r#", "id": "a#b""#),
        span(r#", "id": "a b""#),
        span(r#", "id": "a\u0001""#),
        span(r#", "created": "yesterday""#),
        r#"{"path": "a.txt", "spans": [{"id": "p1", "start": 0, "end": 9, "label": "entity", "type": "PER"}], "relations": [{"source": "p1", "kind": "supports", "target": ""}]}"#
            .to_string(),
        r#"{"path": "a.txt", "spans": [{"id": "p2", "start": 0, "end": 9, "label": "entity", "type": "PER"}], "relations": [{"source": "p2", "kind": "supports", "target": "x.txt#"}]}"#
            .to_string(),
    ];
    let input = dir.path().join("in.jsonl");
    fs::write(&input, lines.join("\n") + "\n").unwrap();
    let out = run(
        dir.path(),
        &["import", "--format", "jsonl", "--corpus", ".", "in.jsonl"],
        30,
    );
    let stderr = text(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{out:?}");
    for line in 1..=6 {
        assert!(
            stderr.contains(&format!("in.jsonl:{line}:1: entity span 0..9: ")),
            "line {line}: {stderr}"
        );
    }
    assert!(
        text(&out.stdout).contains("imported 0 annotation(s)"),
        "{out:?}"
    );
    let check = run(dir.path(), &["check", "."], 20);
    assert!(check.status.success(), "{check:?}");
    let side = fs::read_to_string(dir.path().join("a.ann.toml")).unwrap();
    assert!(side.contains("id = \"human1\""), "{side}");
}

/// Item 3: the lock is not on the document's inode. Replacing the document
/// by a rename (git checkout, `sed -i`, editors) does not let a second
/// writer in.
#[test]
fn replacing_the_document_by_rename_keeps_the_lock() {
    let dir = tempfile::tempdir().unwrap();
    let doc = dir.path().join("a.txt");
    fs::write(&doc, "Joe Biden spoke.\n").unwrap();
    let (_first, _) = Store::open(&doc, &LabelSet::default()).unwrap();
    let sed = Command::new("sed")
        .args(["-i", "s/spoke/spoke today/"])
        .arg(&doc)
        .status()
        .unwrap();
    assert!(sed.success());
    match Store::open(&doc, &LabelSet::default()) {
        Err(hashiya::sidecar::SidecarError::Locked { .. }) => {}
        other => panic!("a second writer got in: {other:?}"),
    }
}

/// Item 4: brat import when the target span of a relation is already in
/// the sidecar (a second import of the same file): links and speakers point
/// at the existing annotation, never at an id that does not exist; a
/// repeated T id is reported, not taken in place of the first.
#[test]
fn brat_links_to_existing_spans_do_not_dangle() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("a.txt"), "Biden said the economy grew.\n").unwrap();
    let import = |ann: &str| {
        fs::write(dir.path().join("a.ann"), ann).unwrap();
        run(
            dir.path(),
            &[
                "import", "--format", "brat", "--as", "accepted", "--corpus", ".", "a.ann",
            ],
            30,
        )
    };
    // First the person alone; then the whole file, whose speaker relation
    // names the person already imported.
    assert!(import("T1\tPER 0 5\tBiden\n").status.success());
    let second = import(
        "T1\tPER 0 5\tBiden\nT2\tclaim 11 27\tthe economy grew\nR1\tspeaker Arg1:T2 Arg2:T1\n",
    );
    assert!(second.status.success(), "{second:?}");
    assert!(
        text(&second.stdout).contains("1 already there"),
        "{second:?}"
    );
    let check = run(dir.path(), &["check", "."], 20);
    assert!(
        check.status.success(),
        "dangling link or speaker: {check:?}"
    );
    let side = fs::read_to_string(dir.path().join("a.ann.toml")).unwrap();
    let person_id = side
        .split("[[annotation]]")
        .find(|r| r.contains("quote = \"Biden\""))
        .and_then(|r| r.lines().find_map(|l| l.strip_prefix("id = ")))
        .unwrap()
        .to_string();
    assert!(side.contains(&format!("speaker = {person_id}")), "{side}");

    let out = import("T1\tPER 0 5\tBiden\nT1\tclaim 11 27\tthe economy grew\n");
    assert!(
        text(&out.stderr).contains("a.ann:2:1: T1: this T id is already used above"),
        "{out:?}"
    );
}

/// Item 6: `--out` never replaces a file of the corpus (a sidecar, the
/// document being exported) or fills a folder inside it, unless --force.
#[test]
fn export_out_never_overwrites_the_corpus() {
    let dir = tempfile::tempdir().unwrap();
    let doc_text = "Joe Biden spoke on Monday.\n";
    fs::write(dir.path().join("a.txt"), doc_text).unwrap();
    let (mut store, loaded) = Store::open(&dir.path().join("a.txt"), &LabelSet::default()).unwrap();
    let set =
        AnnotationSet::from_annotations([annotation("p1", &loaded.text, "Joe Biden", 0)]).unwrap();
    store.save(&set).unwrap();
    drop(store);
    let sidecar = fs::read_to_string(dir.path().join("a.ann.toml")).unwrap();
    for args in [
        vec!["export", "--format", "jsonl", "--out", "a.ann.toml", "."],
        vec!["export", "--format", "csv", "--out", "a.txt", "."],
        vec!["export", "--format", "conll", "--out", "new.txt", "."],
        vec!["export", "--format", "brat", "--out", "brat", "."],
        vec!["export", "--format", "brat", "--out", ".", "."],
    ] {
        let out = run(dir.path(), &args, 20);
        assert_eq!(out.status.code(), Some(1), "{args:?}: {out:?}");
        assert!(text(&out.stderr).contains("--force"), "{args:?}: {out:?}");
    }
    assert_eq!(
        fs::read_to_string(dir.path().join("a.txt")).unwrap(),
        doc_text
    );
    assert_eq!(
        fs::read_to_string(dir.path().join("a.ann.toml")).unwrap(),
        sidecar
    );
    assert!(!dir.path().join("new.txt").exists() && !dir.path().join("brat").exists());
    // Outside the corpus, or a plain export file in it: written.
    let ok = run(
        dir.path(),
        &["export", "--format", "jsonl", "--out", "export.jsonl", "."],
        20,
    );
    assert!(ok.status.success(), "{ok:?}");
    let forced = run(
        dir.path(),
        &[
            "export", "--format", "conll", "--out", "new.txt", "--force", ".",
        ],
        20,
    );
    assert!(forced.status.success(), "{forced:?}");
}

/// Item 10: inputs that took quadratic time finish under a deadline far
/// above what linear work needs (the numbers are in benches/hostile.rs;
/// this only catches the quadratic cases, which took 71 s and 274 s):
/// 200,000 unknown keys in one annotation table, and an import of 100,000
/// distinct spans into one document.
#[test]
fn quadratic_inputs_finish_under_a_deadline() {
    use std::fmt::Write as _;
    let dir = tempfile::tempdir().unwrap();
    let n = 100_000;
    let mut doc = String::with_capacity(n * 9);
    for i in 0..n {
        let _ = write!(doc, "w{i:07} ");
    }
    doc.push('\n');
    fs::write(dir.path().join("a.txt"), &doc).unwrap();
    let sha = hashiya::sidecar::sha256_hex(doc.as_bytes());
    let mut side = format!(
        "version = 1\ndocument = \"a.txt\"\nsha256 = \"{sha}\"\n\n[[annotation]]\nid = \"a1\"\nlabel = \"claim\"\nstart = 0\nend = 8\nquote = \"w0000000\"\n"
    );
    for k in 0..200_000 {
        let _ = writeln!(side, "x{k} = {k}");
    }
    fs::write(dir.path().join("a.ann.toml"), side).unwrap();
    let out = run(dir.path(), &["check", "."], 30);
    assert!(out.status.success(), "{out:?}");

    let sub = dir.path().join("import");
    fs::create_dir(&sub).unwrap();
    fs::write(sub.join("a.txt"), &doc).unwrap();
    let mut jsonl = String::from("{\"path\": \"a.txt\", \"spans\": [");
    for i in 0..n {
        if i > 0 {
            jsonl.push_str(", ");
        }
        let s = i * 9;
        let _ = write!(
            jsonl,
            "{{\"start\": {s}, \"end\": {}, \"label\": \"claim\"}}",
            s + 8
        );
    }
    jsonl.push_str("]}\n");
    fs::write(dir.path().join("in.jsonl"), jsonl).unwrap();
    let out = run(
        dir.path(),
        &[
            "import", "--format", "jsonl", "--corpus", "import", "in.jsonl",
        ],
        30,
    );
    assert!(out.status.success(), "{out:?}");
    assert!(
        text(&out.stdout).contains(&format!("imported {n} annotation(s)")),
        "{out:?}"
    );
}

/// Item 11: a sidecar that is a link to `/dev/zero` is reported by check
/// and export (not a regular file), never read until memory runs out.
#[test]
fn a_sidecar_linked_to_dev_zero_is_reported_not_read() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("a.txt"), "Joe Biden spoke on Monday.\n").unwrap();
    std::os::unix::fs::symlink("/dev/zero", dir.path().join("a.ann.toml")).unwrap();
    let check = run(dir.path(), &["check", "."], 20);
    assert_eq!(check.status.code(), Some(1), "{check:?}");
    assert!(text(&check.stdout).contains("a.ann.toml"), "{check:?}");
    let export = run(dir.path(), EXPORT_ALL, 20);
    assert!(text(&export.stderr).contains("a.ann.toml"), "{export:?}");
}
