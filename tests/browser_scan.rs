//! The reader's browser lists a corpus from its file names first
//! (`app::io::browser_listing`) and reads each document's language, counts,
//! status and problems in the background (`app::io::ScanJob`), the entries
//! on screen first. What it reads is checked against the corpus as
//! `Corpus::open` detects it and against the sidecars the test wrote.

use std::collections::BTreeMap;
use std::path::Path;

use hashiya::app::io::{ScanFocus, apply_scanned, browser_for, browser_listing};
use hashiya::corpus::{Corpus, DocStatus, Layer};

const AR: &str = "قال المتحدث إن ٥٧٠٠ جندي وصلوا إلى المدينة أمس.\n";
const EN: &str = "The spokesman said 5,700 soldiers reached the city yesterday.\n";

/// A gold sidecar of `doc` (text `text`) with one accepted annotation per
/// label in `labels`, each on the text's first word.
fn sidecar(dir: &Path, doc: &str, text: &str, labels: &[&str], status: Option<&str>) {
    let word = text.split(' ').next().unwrap();
    let mut s = format!(
        "version = 1\ndocument = \"{doc}\"\nsha256 = \"{}\"\n",
        hashiya::sidecar::sha256_hex(text.as_bytes())
    );
    if let Some(st) = status {
        s.push_str(&format!("status = \"{st}\"\n"));
    }
    for (i, label) in labels.iter().enumerate() {
        let kind = if *label == "entity" {
            "kind = \"ORG\"\n"
        } else {
            ""
        };
        s.push_str(&format!(
            "\n[[annotation]]\nid = \"a{i}\"\nlabel = \"{label}\"\n{kind}start = 0\nend = {}\nquote = \"{word}\"\nannotator = \"t\"\ncreated = \"2026-12-01T00:00:00Z\"\nmodified = \"2026-12-01T00:00:00Z\"\nstatus = \"accepted\"\n",
            word.chars().count()
        ));
    }
    let name = doc.strip_suffix(".txt").unwrap();
    std::fs::write(dir.join(format!("{name}.ann.toml")), s).unwrap();
}

/// 300 documents in three folders, alternately Arabic and English; the
/// first two a declared pair; `a/d007` with three annotations and done;
/// `a/d009` with a sidecar that does not parse.
fn corpus() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    for f in ["a", "b", "c"] {
        std::fs::create_dir(root.join(f)).unwrap();
        for i in 0..100 {
            let text = if i % 2 == 0 { AR } else { EN };
            std::fs::write(root.join(format!("{f}/d{i:03}.txt")), text).unwrap();
        }
    }
    std::fs::write(
        root.join("hashiya.toml"),
        "[[pair]]\nfiles = [\"a/d000.txt\", \"a/d001.txt\"]\n",
    )
    .unwrap();
    sidecar(
        &root.join("a"),
        "d007.txt",
        EN,
        &["claim", "entity", "entity"],
        Some("done"),
    );
    std::fs::write(root.join("a/d009.ann.toml"), "version = 1\n[[annotation]\n").unwrap();
    dir
}

#[test]
fn the_listing_reads_nothing_and_the_scan_reads_the_screen_first() {
    let dir = corpus();
    let (mut browser, _, messages, job) = browser_listing(dir.path(), &Layer::Gold);
    assert!(messages.is_empty(), "{messages:?}");
    let corpus = Corpus::open(dir.path()).unwrap();
    let rels: Vec<&str> = browser.entries.iter().map(|e| e.rel.as_str()).collect();
    let expected: Vec<&str> = corpus.documents.iter().map(|d| d.rel.as_str()).collect();
    assert_eq!(
        rels, expected,
        "the documents Corpus::open finds, in its order"
    );
    assert!(
        browser
            .entries
            .iter()
            .all(|e| !e.scanned && e.lang.is_empty())
    );
    // Declared partners come from the manifest, before anything is read.
    assert_eq!(browser.entries[0].partner, Some(1));
    assert_eq!(browser.entries[1].partner, Some(0));
    assert_eq!(browser.scanning, Some((0, 300)));

    // The screen shows the last entries (after `End`): they come first, in
    // a batch of their own.
    let job = job.expect("documents to read");
    let focus = ScanFocus::default();
    focus.set(vec![299, 298, 150]);
    let mut batches: Vec<Vec<usize>> = Vec::new();
    let mut all = Vec::new();
    job.run(&focus, &mut |batch| {
        batches.push(batch.iter().map(|s| s.index).collect());
        all.extend(batch);
        true
    });
    assert_eq!(batches[0], [299, 298, 150]);
    let mut read: Vec<usize> = batches.concat();
    read.sort_unstable();
    assert_eq!(read, (0..300).collect::<Vec<_>>(), "every entry read once");

    let messages = apply_scanned(&mut browser, all);
    assert_eq!(browser.scanning, None, "done reading");
    assert!(browser.entries.iter().all(|e| e.scanned));
    // Language and direction as `Corpus::open` detects them.
    for (e, d) in browser.entries.iter().zip(&corpus.documents) {
        assert_eq!(
            (e.rel.as_str(), e.lang.as_str()),
            (d.rel.as_str(), d.lang.as_str())
        );
        assert_eq!(e.rtl, d.dir == hashiya::text::Direction::Rtl, "{}", e.rel);
    }
    // Counts and status from the sidecar written above.
    let d7 = &browser.entries[7];
    assert_eq!(d7.rel, "a/d007.txt");
    let counts: BTreeMap<String, usize> = [("claim".into(), 1), ("entity".into(), 2)].into();
    assert_eq!(d7.counts, counts);
    assert_eq!(
        (d7.status, d7.problems, d7.orphans),
        (DocStatus::Done, 0, 0)
    );
    // The broken sidecar: a problem, and a message naming its file.
    let d9 = &browser.entries[9];
    assert_eq!((d9.rel.as_str(), d9.problems), ("a/d009.txt", 1));
    assert_eq!(messages.len(), 1, "{messages:?}");
    assert!(messages[0].1.contains("d009.ann.toml"), "{messages:?}");
    // Every other entry: nothing annotated, no problem.
    for (i, e) in browser.entries.iter().enumerate() {
        if i != 7 && i != 9 {
            assert!(e.counts.values().all(|&n| n == 0), "{}", e.rel);
            assert_eq!((e.problems, e.status), (0, DocStatus::Todo), "{}", e.rel);
        }
    }

    // `browser_for` is the listing with its scan run to the end.
    let (whole, _, messages) = browser_for(dir.path(), &Layer::Gold);
    assert_eq!(messages.len(), 1);
    for (a, b) in whole.entries.iter().zip(&browser.entries) {
        assert_eq!(
            (
                &a.rel, &a.lang, a.rtl, &a.counts, a.status, a.problems, a.partner
            ),
            (
                &b.rel, &b.lang, b.rtl, &b.counts, b.status, b.problems, b.partner
            )
        );
    }
}

#[test]
fn a_scan_stops_when_the_browser_is_gone() {
    let dir = corpus();
    let (_, _, _, job) = browser_listing(dir.path(), &Layer::Gold);
    let focus = ScanFocus::default();
    focus.set(vec![0, 1]);
    let mut calls = 0;
    job.unwrap().run(&focus, &mut |_| {
        calls += 1;
        false
    });
    assert_eq!(calls, 1, "nothing read after the receiver went away");
}

#[test]
fn an_entry_renamed_under_the_scan_is_left_alone() {
    let dir = corpus();
    let (mut browser, _, _, job) = browser_listing(dir.path(), &Layer::Gold);
    let mut all = Vec::new();
    job.unwrap().run(&ScanFocus::default(), &mut |b| {
        all.extend(b);
        true
    });
    // The list changed while the scan ran: entry 2 now names another file.
    browser.entries[2].path = dir.path().join("elsewhere.txt");
    apply_scanned(&mut browser, all);
    assert!(!browser.entries[2].scanned);
    assert!(browser.entries[2].lang.is_empty());
    assert!(browser.entries[3].scanned);
}

#[test]
fn an_entry_not_read_yet_shows_its_name_and_partner_and_blanks() {
    use hashiya::app::{Settings, State};
    use hashiya::ui::{Keymap, Theme, Ui};
    use ratatui::buffer::Buffer;
    use ratatui::layout::Rect;
    let dir = corpus();
    let (mut browser, labels, _, job) = browser_listing(dir.path(), &Layer::Gold);
    // Read everything but the first two entries (the declared pair).
    let mut all = Vec::new();
    job.unwrap().run(&ScanFocus::default(), &mut |b| {
        all.extend(b.into_iter().filter(|s| s.index >= 2));
        true
    });
    apply_scanned(&mut browser, all);
    assert_eq!(browser.scanning, Some((298, 300)));
    let st = State::new(Settings::default(), labels, browser);
    let ui = Ui {
        theme: Theme::fallback(),
        keymap: Keymap::default(),
    };
    let area = Rect::new(0, 0, 120, 12);
    let mut buf = Buffer::empty(area);
    hashiya::ui::render(&st, &ui, area, &mut buf);
    let line = |y: u16| -> String { (0..120).map(|x| buf[(x, y)].symbol()).collect() };
    // Cells of a row from column `a` to `b`.
    let cells = |y: u16, a: usize, b: usize| -> String {
        (a..b).map(|x| buf[(x as u16, y)].symbol()).collect()
    };
    assert!(
        line(0).contains("300 documents · reading 298 of 300"),
        "{}",
        line(0)
    );
    // The header is ASCII: byte offsets are columns.
    let header = line(3);
    let (lang, partner) = (
        header.find("lang").unwrap(),
        header.find("partner").unwrap(),
    );
    let first = line(4);
    assert!(first.contains("a/d000.txt"), "{first}");
    // The language column holds the ellipsis; no count, no status; the
    // partner under its heading.
    assert_eq!(cells(4, lang, lang + 4), "…   ", "{first}");
    assert!(
        cells(4, lang + 1, partner).trim().is_empty(),
        "blanks: {first}"
    );
    assert_eq!(cells(4, partner, partner + 12), "⇄ a/d001.txt", "{first}");
    // A row that was read shows its language and status.
    let third = line(6);
    assert!(third.contains("a/d002.txt") && third.contains(" ar ") && third.contains("todo"));
}

#[path = "support/tmux.rs"]
mod tmux;

/// The browser's row of `name` on `screen`.
fn row_of<'a>(screen: &'a str, name: &str) -> &'a str {
    screen
        .lines()
        .find(|l| l.contains(name))
        .unwrap_or_else(|| panic!("{name} not listed:\n{screen}"))
}

#[test]
fn a_tag_saved_in_the_reader_shows_in_the_browser_counts() {
    const EN_DOC: &str = "003_ef756300ad867e8b.txt";
    let shared = Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/corpus"));
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(shared.join(EN_DOC), dir.path().join(EN_DOC)).unwrap();
    std::fs::write(dir.path().join("other.txt"), EN).unwrap();
    let config = tempfile::tempdir().unwrap();
    let tmux = tmux::Tmux::new(format!("hashiya-scan-{}", std::process::id()), "b", 150);
    let cmd = format!("{} {}", env!("CARGO_BIN_EXE_hashiya"), dir.path().display());
    let xdg = format!("XDG_CONFIG_HOME={}", config.path().display());
    let out = tmux.run(&[
        "new-session",
        "-d",
        "-s",
        "b",
        "-x",
        "140",
        "-y",
        "30",
        "-e",
        &xdg,
        "-e",
        "NO_COLOR=1",
        "-e",
        "USER=scan-tester",
        &cmd,
    ]);
    assert!(out.status.success(), "tmux new-session: {out:?}");
    let screen = tmux.wait_for("2 documents\u{1b}");
    let before = row_of(&screen, EN_DOC);
    assert!(
        before.contains(" en ") && before.contains("todo"),
        "{before}"
    );
    // Open the document alone, select its first word, tag it as a claim.
    tmux.keys(&["C-o"]);
    tmux.wait_for("Coming Back");
    tmux.keys(&["v", "E", "c"]);
    tmux.wait_for("tagged as claim");
    tmux.keys(&["BSpace"]);
    let screen = tmux.wait_for("filter:");
    let after = row_of(&screen, EN_DOC);
    // document, lang, dir, then the claim count first (the default labels:
    // claim, figure, entity), pending, status.
    let fields: Vec<&str> = after.split_whitespace().collect();
    let at = fields.iter().position(|f| f.ends_with(EN_DOC)).unwrap();
    assert_eq!(
        fields.get(at + 1..at + 8),
        Some(&["en", "ltr", "1", "0", "0", "0", "in-progress"][..]),
        "{after}"
    );
    // The file says so too.
    let side = std::fs::read_to_string(dir.path().join("003_ef756300ad867e8b.ann.toml")).unwrap();
    assert_eq!(side.matches("[[annotation]]").count(), 1, "{side}");
    assert!(side.contains("label = \"claim\""), "{side}");
    tmux.keys(&["Escape"]);
}

fn set_modified(file: &Path, time: std::time::SystemTime) {
    let f = std::fs::File::options().append(true).open(file).unwrap();
    f.set_modified(time).unwrap();
}

/// Every file under `dir` given one modification time in the past (the
/// scan does not cache what changed in the last seconds).
fn age(dir: &Path) {
    let hour_ago = std::time::UNIX_EPOCH + std::time::Duration::from_secs(1_764_000_000);
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            age(&p);
        } else {
            set_modified(&p, hour_ago);
        }
    }
}

/// The entries of a scan of `dir` with its cache in `cache`, and what the
/// scan did.
fn scan_with_cache(
    dir: &Path,
    cache: &Path,
) -> (Vec<hashiya::app::Entry>, hashiya::app::io::ScanStats) {
    let (mut browser, _, _, job) = browser_listing(dir, &Layer::Gold);
    let mut all = Vec::new();
    let stats =
        job.unwrap()
            .with_cache(Some(cache.to_path_buf()))
            .run(&ScanFocus::default(), &mut |b| {
                all.extend(b);
                true
            });
    apply_scanned(&mut browser, all);
    assert_eq!(browser.scanning, None);
    (browser.entries, stats)
}

fn same(a: &[hashiya::app::Entry], b: &[hashiya::app::Entry]) {
    assert_eq!(a.len(), b.len());
    for (a, b) in a.iter().zip(b) {
        assert_eq!(
            (
                &a.rel, &a.lang, a.rtl, &a.counts, a.status, a.problems, a.orphans
            ),
            (
                &b.rel, &b.lang, b.rtl, &b.counts, b.status, b.problems, b.orphans
            ),
        );
        assert_eq!(
            (a.pending, &a.team, a.scanned),
            (b.pending, &b.team, b.scanned)
        );
    }
}

#[test]
fn the_cache_serves_unchanged_entries_and_reads_changed_ones_again() {
    use hashiya::app::io::ScanStats;
    let dir = corpus();
    age(dir.path());
    let cache_dir = tempfile::tempdir().unwrap();
    let cache = cache_dir.path().join("browser/c.tsv");
    let (reference, _, _) = browser_for(dir.path(), &Layer::Gold);

    let (first, stats) = scan_with_cache(dir.path(), &cache);
    assert_eq!(
        stats,
        ScanStats {
            read: 300,
            cached: 0
        }
    );
    same(&first, &reference.entries);
    // Everything but the entry with the broken sidecar (its message must
    // show every time) comes from the cache, the same as read.
    let (second, stats) = scan_with_cache(dir.path(), &cache);
    assert_eq!(
        stats,
        ScanStats {
            read: 1,
            cached: 299
        }
    );
    same(&second, &reference.entries);

    // A sidecar changed: that entry is read again and shows the change.
    sidecar(&dir.path().join("a"), "d007.txt", EN, &["figure"], None);
    age(dir.path());
    let (third, stats) = scan_with_cache(dir.path(), &cache);
    assert_eq!(
        stats,
        ScanStats {
            read: 2,
            cached: 298
        }
    );
    let counts: BTreeMap<String, usize> = [("figure".into(), 1)].into();
    assert_eq!(third[7].counts, counts);
    assert_eq!(third[7].status, DocStatus::InProgress);
    // A document changed under its sidecar (same size, other time): read
    // again, and its annotation no longer matches the text.
    std::fs::write(dir.path().join("a/d007.txt"), EN.replace("The", "Teh")).unwrap();
    let (fourth, stats) = scan_with_cache(dir.path(), &cache);
    assert_eq!(stats.read, 2, "{stats:?}");
    assert_eq!(fourth[7].orphans, 1, "{:?}", fourth[7]);
    // Just written, the document is not trusted to the cache yet.
    let (_, stats) = scan_with_cache(dir.path(), &cache);
    assert_eq!(stats.read, 2, "{stats:?}");

    // Another manifest (the labels may differ): everything is read.
    std::fs::write(
        dir.path().join("hashiya.toml"),
        "[[pair]]\nfiles = [\"a/d000.txt\", \"a/d001.txt\"]\n\n",
    )
    .unwrap();
    age(dir.path());
    let (_, stats) = scan_with_cache(dir.path(), &cache);
    assert_eq!(
        stats,
        ScanStats {
            read: 300,
            cached: 0
        }
    );

    // A damaged cache costs time, nothing else.
    let text = std::fs::read_to_string(&cache).unwrap();
    let damaged: String = text
        .lines()
        .enumerate()
        .map(|(i, l)| match i % 3 {
            1 => l.replace('\t', " "),
            2 => l.replace("\ten\t", "\ten\tx\t"),
            _ => l.to_string(),
        })
        .collect::<Vec<_>>()
        .join("\n");
    std::fs::write(&cache, damaged).unwrap();
    let (last, stats) = scan_with_cache(dir.path(), &cache);
    assert!(stats.read > 150 && stats.cached > 50, "{stats:?}");
    let (reference, _, _) = browser_for(dir.path(), &Layer::Gold);
    same(&last, &reference.entries);
}

#[test]
fn old_cache_files_are_removed_when_a_cache_is_written() {
    let dir = corpus();
    age(dir.path());
    let cache_dir = tempfile::tempdir().unwrap();
    let old = cache_dir.path().join("0123.tsv");
    let recent = cache_dir.path().join("4567.tsv");
    let other = cache_dir.path().join("notes.txt");
    for f in [&old, &recent, &other] {
        std::fs::write(f, "hashiya browser cache 1\n").unwrap();
    }
    // 100 days old: past the 90 days a cache file is kept.
    let long_ago = std::time::SystemTime::now() - std::time::Duration::from_secs(100 * 86_400);
    for f in [&old, &other] {
        set_modified(f, long_ago);
    }
    let cache = cache_dir.path().join("c.tsv");
    scan_with_cache(dir.path(), &cache);
    assert!(cache.is_file());
    assert!(!old.exists(), "an old cache file is removed");
    assert!(recent.exists() && other.exists(), "the rest is kept");
}

#[test]
fn a_fifo_in_place_of_the_cache_is_not_read() {
    let dir = corpus();
    age(dir.path());
    let cache_dir = tempfile::tempdir().unwrap();
    let cache = cache_dir.path().join("c.tsv");
    let made = std::process::Command::new("mkfifo")
        .arg(&cache)
        .status()
        .expect("mkfifo (coreutils)");
    assert!(made.success());
    // Reading the FIFO would block: the scan runs on a thread and must end.
    let (done, finished) = std::sync::mpsc::channel();
    let root = dir.path().to_path_buf();
    let at = cache.clone();
    std::thread::spawn(move || {
        let _ = done.send(scan_with_cache(&root, &at).1);
    });
    let stats = finished
        .recv_timeout(std::time::Duration::from_secs(20))
        .expect("the scan ended");
    assert_eq!(stats.read, 300);
    // The cache written at the end took the FIFO's place.
    assert!(std::fs::metadata(&cache).unwrap().is_file());
}

#[test]
fn the_selection_stays_on_its_document_while_the_filtered_list_grows() {
    let dir = corpus();
    let (mut browser, _, _, job) = browser_listing(dir.path(), &Layer::Gold);
    let mut batches: Vec<Vec<hashiya::app::io::Scanned>> = Vec::new();
    // The last folder read first (as after `End`), then the rest.
    let focus = ScanFocus::default();
    focus.set((200..300).collect());
    job.unwrap().with_cache(None).run(&focus, &mut |b| {
        batches.push(b);
        true
    });
    // The batches up to the one that completes the screen hold only it.
    while batches[0].iter().all(|s| s.index >= 200) {
        apply_scanned(&mut browser, batches.remove(0));
    }
    assert!(
        browser.entries[200..].iter().all(|e| e.scanned),
        "the focused entries first"
    );
    assert!(browser.entries[..200].iter().all(|e| !e.scanned));
    browser.filter = "lang:ar".into();
    // Arabic documents of c/ only so far; select the third, c/d004.txt.
    browser.sel = 2;
    let selected = |b: &hashiya::app::Browser| b.entries[b.visible()[b.sel]].rel.clone();
    assert_eq!(selected(&browser), "c/d004.txt");
    for b in batches {
        apply_scanned(&mut browser, b);
        assert_eq!(selected(&browser), "c/d004.txt");
    }
    // a/ and b/ came before it: 50 + 50 Arabic documents.
    assert_eq!(browser.sel, 102);
    assert_eq!(browser.scanning, None);
}
