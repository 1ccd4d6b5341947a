//! Crash safety: a child process saves a sidecar in a loop and is killed
//! with SIGKILL at random moments, 250 times. After every kill the sidecar
//! must parse, load cleanly (the dead child's lock does not block) and be
//! byte for byte one of the versions the child saved. While a child runs, its
//! lock refuses a second editor.
//!
//! The child is this test binary run again (`--exact crash_child --ignored`)
//! with `HASHIYA_CRASH_DIR` pointing at the work folder. Before each save it
//! writes the bytes it is about to save to `versions/<sha256>`.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use hashiya::annotation::{Annotation, Op, Status};
use hashiya::corpus::LabelSet;
use hashiya::sidecar::{SidecarError, Store, sha256_hex, sidecar_path};

const ENV_DIR: &str = "HASHIYA_CRASH_DIR";
const ENV_RUN: &str = "HASHIYA_CRASH_RUN";
const KILLS: usize = 250;
const ARTICLE: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../shared/corpus/000_d3ec274e292e3ca0.txt"
);

struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
}

fn seed() -> u64 {
    let t = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_nanos() as u64;
    (t ^ u64::from(std::process::id()) << 20) | 1
}

/// A random annotation on whole grapheme clusters of `text`.
fn random_annotation(rng: &mut Rng, text: &str, id: String) -> Annotation {
    use unicode_segmentation::UnicodeSegmentation as _;
    let starts: Vec<usize> = text.grapheme_indices(true).map(|(i, _)| i).collect();
    let i = rng.below(starts.len() as u64 - 20) as usize;
    let len = 1 + rng.below(15) as usize;
    let (s, e) = (starts[i], starts[i + len]);
    Annotation {
        id,
        label: "claim".into(),
        kind: None,
        span: s..e,
        quote: text.get(s..e).unwrap().to_string(),
        annotator: "crash".into(),
        created: "2026-11-21T00:00:00Z".into(),
        modified: "2026-11-21T00:00:00Z".into(),
        note: None,
        attrs: Default::default(),
        status: Status::Accepted,
        links: vec![],
        review: None,
    }
}

/// The child: save forever (until killed).
#[test]
#[ignore = "helper process for crash_safety_under_sigkill"]
fn crash_child() {
    let Ok(dir) = std::env::var(ENV_DIR) else {
        return; // run by hand without the parent: nothing to do
    };
    let dir = PathBuf::from(dir);
    let run = std::env::var(ENV_RUN).unwrap();
    let doc = dir.join("doc.txt");
    let (mut store, loaded) = Store::open(&doc, &LabelSet::default()).unwrap();
    let mut set = loaded.set;
    let text = loaded.text;
    fs::write(dir.join(format!("running-{run}")), "").unwrap();
    let mut rng = Rng(seed());
    let until = Instant::now() + Duration::from_secs(10);
    while Instant::now() < until {
        let op = match rng.below(3) {
            0 if set.len() > 5 => {
                let victim = set
                    .iter()
                    .nth(rng.below(set.len() as u64) as usize)
                    .unwrap();
                Op::Remove(victim.id.clone())
            }
            1 if !set.is_empty() => {
                let before = set
                    .iter()
                    .nth(rng.below(set.len() as u64) as usize)
                    .unwrap()
                    .clone();
                let mut after = before.clone();
                after.note = Some(format!("note {}", rng.next()));
                Op::Update { before, after }
            }
            _ => Op::Insert(random_annotation(&mut rng, &text, set.new_id())),
        };
        set.apply(op).unwrap();
        let bytes = store.render(&set).unwrap();
        let log = dir.join("versions").join(sha256_hex(bytes.as_bytes()));
        fs::write(&log, &bytes).unwrap();
        store.save(&set).unwrap();
    }
}

fn wait_for(path: &Path, child: &mut std::process::Child) {
    let start = Instant::now();
    while !path.exists() {
        if let Some(status) = child.try_wait().unwrap() {
            panic!("child exited before it started saving: {status}");
        }
        assert!(
            start.elapsed() < Duration::from_secs(10),
            "child did not start"
        );
        std::thread::sleep(Duration::from_micros(300));
    }
}

#[test]
fn crash_safety_under_sigkill() {
    let dir = tempfile::tempdir().unwrap();
    let doc = dir.path().join("doc.txt");
    fs::copy(ARTICLE, &doc)
        .unwrap_or_else(|e| panic!("{ARTICLE}: {e} (../shared must be beside the repository)"));
    fs::create_dir(dir.path().join("versions")).unwrap();
    let exe = std::env::current_exe().unwrap();
    let mut rng = Rng(seed());
    let mut seen_versions = std::collections::HashSet::new();
    let started = Instant::now();
    for run in 0..KILLS {
        let mut child = Command::new(&exe)
            .args(["--exact", "crash_child", "--nocapture", "--ignored"])
            .env(ENV_DIR, dir.path())
            .env(ENV_RUN, run.to_string())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        wait_for(&dir.path().join(format!("running-{run}")), &mut child);
        if run % 10 == 0 {
            // The live child holds the lock: a second editor is refused.
            match Store::open(&doc, &LabelSet::default()) {
                Err(SidecarError::Locked { .. }) => {}
                other => panic!("run {run}: expected Locked while the child runs, got {other:?}"),
            }
        }
        std::thread::sleep(Duration::from_micros(rng.below(12_000)));
        child.kill().unwrap(); // SIGKILL
        let status = child.wait().unwrap();
        assert!(
            status.code().is_none(),
            "run {run}: child was not killed: {status}"
        );

        let sidecar = sidecar_path(&doc);
        if !sidecar.exists() {
            assert_eq!(run, 0, "the sidecar vanished after run {run}");
            continue;
        }
        let bytes = fs::read(&sidecar).unwrap();
        let logged = dir.path().join("versions").join(sha256_hex(&bytes));
        let logged = fs::read(&logged).unwrap_or_else(|_| {
            panic!(
                "run {run}: the sidecar is not a version the child saved:\n{}",
                String::from_utf8_lossy(&bytes)
            )
        });
        assert_eq!(bytes, logged, "run {run}");
        seen_versions.insert(sha256_hex(&bytes));
        // Parses and loads cleanly; the dead child's lock is gone.
        let (_store, loaded) =
            Store::open(&doc, &LabelSet::default()).unwrap_or_else(|e| panic!("run {run}: {e}"));
        assert!(
            loaded.problems.is_empty(),
            "run {run}: {:?}",
            loaded.problems
        );
        assert!(loaded.orphans.is_empty(), "run {run}");
    }
    let saved = fs::read_dir(dir.path().join("versions")).unwrap().count();
    eprintln!(
        "{KILLS} kills in {:.1} s; {saved} versions saved, {} distinct ones seen after a kill",
        started.elapsed().as_secs_f64(),
        seen_versions.len()
    );
    assert!(saved >= KILLS, "the children saved only {saved} versions");
    assert!(
        seen_versions.len() > KILLS / 4,
        "kills did not land at varied moments"
    );
    // No temp file piles up: Store::open removed stale ones.
    let temps = fs::read_dir(dir.path())
        .unwrap()
        .filter(|e| {
            e.as_ref()
                .unwrap()
                .file_name()
                .to_string_lossy()
                .ends_with(".tmp")
        })
        .count();
    assert!(temps <= 1, "{temps} temp files left");
}
