//! Store: open, save, reload, conflicts, lock, unknown keys, I/O errors.

use std::fs;
use std::path::{Path, PathBuf};

use hashiya::annotation::{Annotation, AnnotationSet, History, Link, Op, Status};
use hashiya::corpus::LabelSet;
use hashiya::sidecar::{SaveError, SaveOutcome, SidecarError, Store, sidecar_path};

fn ann(
    set: &AnnotationSet,
    text: &str,
    quote: &str,
    label: &str,
    kind: Option<&str>,
) -> Annotation {
    let start = text.find(quote).expect("quote in text");
    Annotation {
        id: set.new_id(),
        label: label.into(),
        kind: kind.map(Into::into),
        span: start..start + quote.len(),
        quote: quote.into(),
        annotator: "tester".into(),
        created: "2026-11-21T06:00:00Z".into(),
        modified: "2026-11-21T06:00:00Z".into(),
        note: None,
        attrs: Default::default(),
        status: Status::Accepted,
        links: vec![],
        review: None,
    }
}

fn doc(dir: &Path, name: &str, text: &str) -> PathBuf {
    let p = dir.join(name);
    fs::write(&p, text).unwrap();
    p
}

#[test]
fn missing_sidecar_is_empty_and_empty_set_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let d = doc(dir.path(), "a.txt", "hello world\n");
    let (mut store, loaded) = Store::open(&d, &LabelSet::default()).unwrap();
    assert_eq!(loaded.text, "hello world\n");
    assert!(loaded.set.is_empty() && loaded.problems.is_empty());
    assert_eq!(store.save(&loaded.set).unwrap(), SaveOutcome::Unchanged);
    assert!(!sidecar_path(&d).exists());
}

#[test]
fn save_load_save_is_byte_identical_and_second_save_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let text = "\u{feff}قال الرئيسُ إنّ ٥٧٠٠ جندي\r\nوصلوا.\r\nMacron said 5,700.\n";
    let d = doc(dir.path(), "a.txt", text);
    let labels = LabelSet::default();
    let (mut store, loaded) = Store::open(&d, &labels).unwrap();
    let mut set = loaded.set;
    let mut h = History::new();
    let mut fig = ann(&set, text, "٥٧٠٠", "figure", None);
    fig.attrs.insert("value".into(), "5700".into());
    fig.attrs.insert("unit".into(), "soldiers".into());
    let fig_id = fig.id.clone();
    h.do_op(&mut set, Op::Insert(fig)).unwrap();
    let mut en = ann(&set, text, "5,700", "figure", None);
    en.links.push(Link {
        target: fig_id.clone(),
        kind: "translation".into(),
    });
    en.note = Some("a \"quoted\" note\nwith two lines".into());
    h.do_op(&mut set, Op::Insert(en)).unwrap();
    let per = ann(&set, text, "Macron", "entity", Some("PER"));
    h.do_op(&mut set, Op::Insert(per)).unwrap();
    assert_eq!(store.save(&set).unwrap(), SaveOutcome::Written);
    let first = fs::read(sidecar_path(&d)).unwrap();
    assert_eq!(store.save(&set).unwrap(), SaveOutcome::Unchanged);
    drop(store);

    let (mut store, loaded) = Store::open(&d, &labels).unwrap();
    assert!(loaded.problems.is_empty(), "{:?}", loaded.problems);
    assert_eq!(loaded.set, set);
    assert_eq!(store.save(&loaded.set).unwrap(), SaveOutcome::Unchanged);
    assert_eq!(fs::read(sidecar_path(&d)).unwrap(), first);
    // The written offsets are code points: the BOM is character 0.
    let s = String::from_utf8(first).unwrap();
    let start = text.chars().position(|c| c == '٥').unwrap();
    assert!(s.contains(&format!("start = {start}\n")), "{s}");
}

#[test]
fn conflict_when_file_changed_on_disk_then_reload() {
    let dir = tempfile::tempdir().unwrap();
    let text = "one two three\n";
    let d = doc(dir.path(), "a.txt", text);
    let labels = LabelSet::default();
    let (mut store, loaded) = Store::open(&d, &labels).unwrap();
    let mut set = loaded.set;
    let a = ann(&set, text, "two", "claim", None);
    set.insert(a).unwrap();
    store.save(&set).unwrap();
    let path = sidecar_path(&d);
    let theirs = fs::read_to_string(&path)
        .unwrap()
        .replace("tester", "someone");
    fs::write(&path, &theirs).unwrap();
    let a = ann(&set, text, "three", "claim", None);
    set.insert(a).unwrap();
    match store.save(&set) {
        Err(SaveError::Conflict {
            ours, theirs: t, ..
        }) => {
            assert_eq!(t.as_deref(), Some(theirs.as_str()));
            assert!(ours.contains("\"three\""));
        }
        other => panic!("expected a conflict, got {other:?}"),
    }
    assert_eq!(fs::read_to_string(&path).unwrap(), theirs);
    let loaded = store.reload().unwrap();
    assert_eq!(loaded.set.len(), 1);
    assert_eq!(loaded.set.iter().next().unwrap().annotator, "someone");
}

#[test]
fn second_open_of_the_same_document_is_locked() {
    let dir = tempfile::tempdir().unwrap();
    let d = doc(dir.path(), "a.txt", "x\n");
    let labels = LabelSet::default();
    let (store, _) = Store::open(&d, &labels).unwrap();
    match Store::open(&d, &labels) {
        Err(SidecarError::Locked { .. }) => {}
        other => panic!("expected Locked, got {other:?}"),
    }
    drop(store);
    assert!(Store::open(&d, &labels).is_ok());
}

#[test]
fn unknown_keys_survive_load_and_save() {
    let dir = tempfile::tempdir().unwrap();
    let text = "alpha beta\n";
    let d = doc(dir.path(), "a.txt", text);
    let sha = hashiya::sidecar::sha256_hex(text.as_bytes());
    let sidecar = format!(
        "version = 1\ndocument = \"a.txt\"\nsha256 = \"{sha}\"\ngenerator = \"script 2.0\"\n\n[review]\nround = 3\n\n[[annotation]]\nid = \"x1\"\nlabel = \"claim\"\nstart = 6\nend = 10\nquote = \"beta\"\nconfidence = 0.75\nlinks = [{{ target = \"x1\", kind = \"supports\", weight = 2 }}]\n[annotation.meta]\nsource = \"model\"\n"
    );
    fs::write(sidecar_path(&d), &sidecar).unwrap();
    let (mut store, loaded) = Store::open(&d, &LabelSet::default()).unwrap();
    assert!(loaded.problems.is_empty(), "{:?}", loaded.problems);
    let mut set = loaded.set;
    let mut a = set.get("x1").unwrap().clone();
    a.note = Some("edited".into());
    let before = set.get("x1").unwrap().clone();
    set.apply(Op::Update { before, after: a }).unwrap();
    assert_eq!(store.save(&set).unwrap(), SaveOutcome::Written);
    let out: toml::Table = toml::from_str(&fs::read_to_string(sidecar_path(&d)).unwrap()).unwrap();
    assert_eq!(out["generator"].as_str(), Some("script 2.0"));
    assert_eq!(out["review"]["round"].as_integer(), Some(3));
    let a = &out["annotation"][0];
    assert_eq!(a["confidence"].as_float(), Some(0.75));
    assert_eq!(a["meta"]["source"].as_str(), Some("model"));
    assert_eq!(a["links"][0]["weight"].as_integer(), Some(2));
    assert_eq!(a["note"].as_str(), Some("edited"));
}

#[test]
fn io_error_keeps_data_and_a_later_save_succeeds() {
    let dir = tempfile::tempdir().unwrap();
    let sub = dir.path().join("c");
    fs::create_dir(&sub).unwrap();
    let text = "one two\n";
    let d = doc(&sub, "a.txt", text);
    let (mut store, loaded) = Store::open(&d, &LabelSet::default()).unwrap();
    let mut set = loaded.set;
    let a = ann(&set, text, "two", "claim", None);
    set.insert(a).unwrap();
    let kept = set.clone();
    // The folder disappears (unmounted disk, removed by another program).
    let moved = dir.path().join("elsewhere");
    fs::rename(&sub, &moved).unwrap();
    let err = store.save(&set).unwrap_err();
    assert!(matches!(err, SaveError::Io { .. }), "{err:?}");
    assert!(err.to_string().contains("still in memory"), "{err}");
    assert_eq!(set, kept);
    fs::rename(&moved, &sub).unwrap();
    assert_eq!(store.save(&set).unwrap(), SaveOutcome::Written);
}

#[test]
fn orphans_and_duplicates_are_written_back_until_resolved() {
    let dir = tempfile::tempdir().unwrap();
    let text = "alpha beta gamma\n";
    let d = doc(dir.path(), "a.txt", text);
    let sha = hashiya::sidecar::sha256_hex(text.as_bytes());
    let sidecar = format!(
        "version = 1\ndocument = \"a.txt\"\nsha256 = \"{sha}\"\n\n[[annotation]]\nid = \"x1\"\nlabel = \"claim\"\nstart = 0\nend = 5\nquote = \"alpha\"\n\n[[annotation]]\nid = \"x1\"\nlabel = \"claim\"\nstart = 6\nend = 10\nquote = \"beta\"\n\n[[annotation]]\nid = \"x2\"\nlabel = \"claim\"\nstart = 11\nend = 16\nquote = \"delta\"\n"
    );
    fs::write(sidecar_path(&d), &sidecar).unwrap();
    let (mut store, loaded) = Store::open(&d, &LabelSet::default()).unwrap();
    assert_eq!(loaded.set.len(), 1);
    let orphan_ids: Vec<_> = loaded
        .orphans
        .iter()
        .map(|o| o.annotation.id.as_str())
        .collect();
    assert_eq!(orphan_ids, ["x1", "x2"]);
    assert_eq!(loaded.orphans[0].start, 6);
    assert_eq!(loaded.problems.len(), 2, "{:?}", loaded.problems);

    // Saving keeps both: the duplicate as written, the lost one marked.
    let mut set = loaded.set;
    let extra = ann(&set, text, "gamma", "claim", None);
    set.insert(extra).unwrap();
    store.save(&set).unwrap();
    let out: toml::Table = toml::from_str(&fs::read_to_string(sidecar_path(&d)).unwrap()).unwrap();
    let anns = out["annotation"].as_array().unwrap();
    assert_eq!(anns.len(), 4);
    let dup = anns
        .iter()
        .find(|a| a["quote"].as_str() == Some("beta"))
        .unwrap();
    assert_eq!(dup["id"].as_str(), Some("x1"));
    assert!(dup.get("orphan").is_none());
    let lost = anns
        .iter()
        .find(|a| a["id"].as_str() == Some("x2"))
        .unwrap();
    assert_eq!(lost["orphan"].as_bool(), Some(true));
    assert_eq!(lost["start"].as_integer(), Some(11));

    // Re-attaching x2 (same id in the set) replaces the orphan; discarding
    // drops the duplicate.
    let mut x2 = ann(&set, text, "beta", "claim", None);
    x2.id = "x2".into();
    set.insert(x2).unwrap();
    assert!(store.discard_orphan("x1"));
    store.save(&set).unwrap();
    drop(store);
    let (_, again) = Store::open(&d, &LabelSet::default()).unwrap();
    assert!(again.problems.is_empty(), "{:?}", again.problems);
    assert!(again.orphans.is_empty());
    assert_eq!(again.set, set);
}

#[test]
fn invalid_sidecar_is_refused_with_position_and_never_written() {
    let dir = tempfile::tempdir().unwrap();
    let d = doc(dir.path(), "a.txt", "x\n");
    let bad = "version = 1\ndocument = \"a.txt\"\nsha256 = \"00\"\n[[annotation]]\nid = 5\n";
    fs::write(sidecar_path(&d), bad).unwrap();
    let err = Store::open(&d, &LabelSet::default()).unwrap_err();
    let msg = err.to_string();
    let file = sidecar_path(&d).display().to_string();
    assert!(
        msg.contains(&format!(
            "{file}:3:10: sha256: expected 64 hexadecimal digits"
        )),
        "{msg}"
    );
    assert!(
        msg.contains(&format!(
            "{file}:5:6: annotation.id: expected a string, found an integer"
        )),
        "{msg}"
    );
    assert_eq!(fs::read_to_string(sidecar_path(&d)).unwrap(), bad);
}
