//! The corpus browser's two steps: a listing from file names alone
//! ([`browser_listing`]), drawn at once, and a scan ([`ScanJob`]) that
//! reads what the list shows of each document beyond its name, on another
//! thread, the rows on screen first.
//!
//! What a scan reads is kept in a cache file per corpus and layer (in the
//! user's cache folder, `~/.cache/hashiya/browser/` on Linux), each entry
//! with the size and modification time of every file it was read from: the
//! document, its layer file, and in a team every annotator's layer file.
//! The next scan takes an entry from the cache only when all of those are
//! unchanged (and the manifest, which gives the labels, is unchanged too);
//! anything else is read again. An entry that brought a message (an
//! unreadable sidecar) is never cached, so its message shows every time.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use crate::corpus::{DocStatus, LabelSet, Layer};
use crate::sidecar;
use crate::text::Direction;

use super::io::label_counts;
use super::{Browser, Entry, Level};

/// The browser of the corpus at `root` from its file names and manifest
/// alone: paths and declared partners, nothing read from the documents or
/// their sidecars, so that a corpus of any size lists at once. The
/// [`ScanJob`] returned reads the rest (language, counts, status,
/// problems); `None` when there is nothing to read.
pub fn browser_listing(
    root: &Path,
    layer: &Layer,
) -> (Browser, LabelSet, Vec<(Level, String)>, Option<ScanJob>) {
    let root = std::fs::canonicalize(root).unwrap_or_else(|_| root.to_path_buf());
    let mut messages = Vec::new();
    let empty = |root: PathBuf| Browser {
        root,
        ..Browser::default()
    };
    if !root.is_dir() {
        let e = crate::corpus::CorpusError::NotADirectory { path: root.clone() };
        messages.push((Level::Error, e.to_string()));
        return (empty(root), LabelSet::default(), messages, None);
    }
    let manifest = match crate::corpus::Manifest::load(&root) {
        Ok(m) => m,
        Err(e) => {
            messages.push((Level::Error, e.to_string()));
            return (empty(root), LabelSet::default(), messages, None);
        }
    };
    let mut files = Vec::new();
    let mut skipped = Vec::new();
    if let Err(e) = crate::corpus::walk(
        &root,
        &crate::corpus::is_document_name,
        &mut files,
        &mut skipped,
    ) {
        messages.push((Level::Error, e.to_string()));
        return (empty(root), manifest.labels, messages, None);
    }
    let mut entries: Vec<Entry> = files
        .into_iter()
        .map(|path| Entry {
            rel: crate::corpus::relative_name(&root, &path),
            path,
            ..Entry::default()
        })
        .collect();
    // As `Corpus::open` lists them: sorted by relative name, once each.
    entries.sort_by(|a, b| a.rel.cmp(&b.rel));
    entries.dedup_by(|a, b| a.rel == b.rel);
    let index: std::collections::HashMap<&str, usize> = entries
        .iter()
        .enumerate()
        .map(|(i, e)| (e.rel.as_str(), i))
        .collect();
    let partners = manifest.partners();
    let partner: Vec<Option<usize>> = entries
        .iter()
        .map(|e| {
            partners
                .get(e.rel.as_str())
                .and_then(|p| index.get(*p).copied())
        })
        .collect();
    drop(index);
    for (e, p) in entries.iter_mut().zip(partner) {
        e.partner = p;
    }
    let job = (!entries.is_empty()).then(|| ScanJob {
        paths: entries.iter().map(|e| e.path.clone()).collect(),
        layer: layer.clone(),
        labels: manifest.labels.clone(),
        team: manifest.team.clone(),
        default_lang: manifest.defaults.lang.clone(),
        cache: cache_file(&root, layer),
        manifest: stamp(&root.join(crate::corpus::manifest::MANIFEST_FILE)),
    });
    let browser = Browser {
        root,
        scanning: job.as_ref().map(|j| (0, j.paths.len())),
        entries,
        filter: String::new(),
        sel: 0,
        team: manifest.team,
        adjudicate: false,
        name_width: Default::default(),
    };
    (browser, manifest.labels, messages, job)
}

/// Reading what the browser shows of each document beyond its name, away
/// from the event loop ([`ScanJob::run`] on another thread): its language
/// (from its first 64 KiB, as `Corpus::open` detects it), and from the
/// sidecars its status, counts, pending suggestions, orphans and problems.
/// The entries on screen are read first ([`ScanFocus`]), then the rest in
/// order.
#[derive(Debug)]
pub struct ScanJob {
    /// Every entry's path, by entry index.
    paths: Vec<PathBuf>,
    layer: Layer,
    labels: LabelSet,
    team: Option<crate::corpus::Team>,
    default_lang: Option<String>,
    /// Where what is read is kept between runs (`None`: not kept).
    cache: Option<PathBuf>,
    /// The manifest's size and modification time: a cache made under
    /// another manifest (other labels, another team) is not used.
    manifest: String,
}

/// The entries the browser has on screen, for the scan to read first.
#[derive(Clone, Debug, Default)]
pub struct ScanFocus(std::sync::Arc<std::sync::Mutex<Vec<usize>>>);

impl ScanFocus {
    /// Read these entries (indices) next.
    pub fn set(&self, entries: Vec<usize>) {
        if let Ok(mut f) = self.0.lock() {
            *f = entries;
        }
    }

    fn get(&self) -> Vec<usize> {
        self.0.lock().map(|f| f.clone()).unwrap_or_default()
    }
}

/// What the scan read of one entry.
#[derive(Debug)]
pub struct Scanned {
    pub index: usize,
    /// The entry's path when it was read (an entry at another path now is
    /// left alone).
    pub path: PathBuf,
    known: Known,
    messages: Vec<String>,
}

/// Entries read are handed over at least this often, so the list fills
/// in while the scan runs without a redraw per entry.
const SCAN_BATCH_EVERY: std::time::Duration = std::time::Duration::from_millis(100);

/// What a scan did: entries read from their files, and entries taken from
/// the cache.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ScanStats {
    pub read: usize,
    pub cached: usize,
}

impl ScanJob {
    /// Keep what is read in `file` instead of the user's cache folder
    /// (`None`: keep nothing).
    pub fn with_cache(mut self, file: Option<PathBuf>) -> ScanJob {
        self.cache = file;
        self
    }

    /// Read every entry, those `focus` names first, handing them to `send`
    /// in batches (at least every [`SCAN_BATCH_EVERY`], and as soon as the
    /// entries on screen are read). Stops early when `send` returns false
    /// (the browser is gone). A scan that ran to the end rewrites the
    /// cache.
    pub fn run(self, focus: &ScanFocus, send: &mut dyn FnMut(Vec<Scanned>) -> bool) -> ScanStats {
        let n = self.paths.len();
        let cache = self
            .cache
            .as_deref()
            .map_or_else(Cache::default, |f| Cache::load(f, &self.manifest));
        let mut fresh = Cache::default();
        let mut stats = ScanStats::default();
        let mut done = vec![false; n];
        let mut next = 0;
        let mut batch = Vec::new();
        let mut last = std::time::Instant::now();
        loop {
            // The first entry on screen not read yet, else the next in order.
            let wanted = focus.get();
            let on_screen = wanted.iter().copied().find(|&i| i < n && !done[i]);
            let i = match on_screen {
                Some(i) => i,
                None => {
                    while next < n && done[next] {
                        next += 1;
                    }
                    if next == n {
                        break;
                    }
                    next
                }
            };
            done[i] = true;
            let stamps = self.stamps(i);
            let s = match cache.get(&self.paths[i], &stamps) {
                Some(known) => {
                    stats.cached += 1;
                    known.scanned(i, self.paths[i].clone())
                }
                None => {
                    stats.read += 1;
                    self.read(i)
                }
            };
            if s.messages.is_empty() && !stamps.racy {
                fresh.put(&s, stamps);
            }
            batch.push(s);
            let screen_done = on_screen.is_some() && wanted.iter().all(|&j| j >= n || done[j]);
            if screen_done || last.elapsed() >= SCAN_BATCH_EVERY {
                if !send(std::mem::take(&mut batch)) {
                    return stats;
                }
                last = std::time::Instant::now();
            }
        }
        if !batch.is_empty() {
            send(batch);
        }
        if let Some(file) = &self.cache {
            // A cache that cannot be written costs only time next run.
            let _ = fresh.save(file, &self.manifest);
        }
        stats
    }

    /// The size and modification time of every file entry `i` is read from.
    fn stamps(&self, i: usize) -> Stamps {
        let path = &self.paths[i];
        let mut files = vec![path.clone(), self.layer.path(path)];
        if let Some(t) = &self.team {
            files.extend(
                t.annotators
                    .iter()
                    .map(|a| Layer::Annotator(a.clone()))
                    .filter(|l| *l != self.layer)
                    .map(|l| l.path(path)),
            );
        }
        let now = SystemTime::now();
        let mut racy = false;
        let stamps = files
            .iter()
            .map(|f| {
                let (text, modified) = stamp_and_time(f);
                // A file changed in the last seconds may change again
                // within its time stamp's resolution: not cached.
                racy |=
                    modified.is_some_and(|m| now.duration_since(m).map_or(true, |age| age < RACY));
                text
            })
            .collect::<Vec<_>>()
            .join(" ");
        Stamps { text: stamps, racy }
    }

    /// Entry `i` read.
    fn read(&self, i: usize) -> Scanned {
        let path = &self.paths[i];
        let mut s = Scanned {
            index: i,
            path: path.clone(),
            known: Known::default(),
            messages: Vec::new(),
        };
        let k = &mut s.known;
        if let Some(t) = &self.team {
            for name in &t.annotators {
                let other = Layer::Annotator(name.clone());
                // One's own layer is read in full below.
                if other == self.layer {
                    continue;
                }
                let status = match sidecar::summarize(&other.path(path)) {
                    Ok(sum) => sum.map(|sum| sum.status).unwrap_or_default(),
                    Err(err) => {
                        s.messages.push(err.to_string());
                        DocStatus::Todo
                    }
                };
                k.team.push((name.clone(), status));
            }
        }
        let sc = self.layer.path(path);
        let mut head: Option<String> = None;
        if sc.is_file() {
            match (sidecar::parse_file(&sc), sidecar::read_document(path)) {
                (Ok((text, doc)), Ok(document)) => {
                    let summary = sidecar::summary_of(&doc);
                    k.status = summary.status;
                    k.pending = summary.pending;
                    let ins = sidecar::inspect(&text, doc, &document, &self.labels);
                    k.counts = label_counts(ins.set.iter());
                    k.orphans = ins.orphans.len();
                    k.problems = ins
                        .problems
                        .iter()
                        .filter(|p| p.kind != sidecar::ProblemKind::Orphan)
                        .count();
                    head = Some(document);
                }
                (Err(err), _) | (_, Err(err)) => {
                    k.problems = 1;
                    s.messages.push(err.to_string());
                }
            }
        }
        let head = match head {
            Some(text) => text.into_bytes(),
            None => {
                crate::corpus::read_head(path, crate::corpus::DETECT_BYTES).unwrap_or_else(|err| {
                    k.problems += 1;
                    s.messages.push(format!("{}: {err}", path.display()));
                    Vec::new()
                })
            }
        };
        let (lang, dir, _, _) =
            crate::corpus::document_language(&head, self.default_lang.as_deref());
        k.lang = lang;
        k.rtl = dir == Direction::Rtl;
        if let (Some(t), Some(own)) = (&self.team, self.layer.annotator())
            && let Some(at) = t.annotators.iter().position(|a| a == own)
        {
            k.team.insert(at, (own.to_string(), k.status));
        }
        s
    }
}

/// Put what the scan read into the browser; returns the messages it
/// brought (unreadable sidecars). When the last entry is in, the browser
/// stops saying it is reading.
pub fn apply_scanned(browser: &mut Browser, batch: Vec<Scanned>) -> Vec<(Level, String)> {
    let mut messages = Vec::new();
    let read = batch.len();
    // Under a filter on what is read, entries join the list as they are
    // read: the selection stays on its document, not on its row number.
    let selected = browser
        .filter_incomplete()
        .then(|| browser.visible().get(browser.sel).copied())
        .flatten();
    for s in batch {
        messages.extend(s.messages.into_iter().map(|m| (Level::Warn, m)));
        let Some(e) = browser.entries.get_mut(s.index) else {
            continue;
        };
        if e.path != s.path {
            continue;
        }
        let k = s.known;
        e.lang = k.lang;
        e.rtl = k.rtl;
        e.counts = k.counts;
        e.orphans = k.orphans;
        e.problems = k.problems;
        e.status = k.status;
        e.pending = k.pending;
        e.team = k.team;
        e.scanned = true;
    }
    if let Some((done, total)) = browser.scanning {
        let done = done + read;
        browser.scanning = (done < total).then_some((done, total));
    }
    if let Some(keep) = selected
        && let Some(row) = browser.visible().iter().position(|&i| i == keep)
    {
        browser.sel = row;
    }
    messages
}

/// A file changed more recently than this is not cached (file systems
/// that keep modification times to the second, or two).
const RACY: Duration = Duration::from_secs(3);

/// `size:nanoseconds` of a file's length and modification time, `-` when
/// it does not exist (or is not a regular file), and the time.
fn stamp_and_time(path: &Path) -> (String, Option<SystemTime>) {
    match std::fs::metadata(path) {
        Ok(m) if m.is_file() => {
            let modified = m.modified().ok();
            let ns = modified
                .and_then(|t| t.duration_since(SystemTime::UNIX_EPOCH).ok())
                .map_or(0, |d| d.as_nanos());
            (format!("{}:{ns}", m.len()), modified)
        }
        Ok(_) => ("?".to_string(), None),
        Err(_) => ("-".to_string(), None),
    }
}

fn stamp(path: &Path) -> String {
    stamp_and_time(path).0
}

/// The stamps of an entry's files, in order, joined by spaces; `racy` when
/// one of them changed too recently to be trusted.
struct Stamps {
    text: String,
    racy: bool,
}

/// The cache file of the corpus at `root` seen as `layer`: named by a
/// digest of both, in the user's cache folder.
fn cache_file(root: &Path, layer: &Layer) -> Option<PathBuf> {
    let dirs = directories::ProjectDirs::from("", "", "hashiya")?;
    let key = format!("{}\n{}", root.display(), layer.name());
    let digest = sidecar::sha256_hex(key.as_bytes());
    Some(
        dirs.cache_dir()
            .join("browser")
            .join(format!("{}.tsv", digest.get(..32)?)),
    )
}

/// The first line of a cache file: the format, the version of hashiya that
/// wrote it (what it reads may change between versions), the manifest's
/// stamp.
fn cache_header(manifest: &str) -> String {
    format!(
        "hashiya browser cache 1\t{}\t{manifest}",
        env!("CARGO_PKG_VERSION")
    )
}

/// What a scan read of one entry (and what the cache keeps of it).
#[derive(Clone, Debug, Default, PartialEq)]
struct Known {
    lang: String,
    rtl: bool,
    counts: BTreeMap<String, usize>,
    orphans: usize,
    problems: usize,
    status: DocStatus,
    pending: usize,
    team: Vec<(String, DocStatus)>,
}

impl Known {
    fn scanned(&self, index: usize, path: PathBuf) -> Scanned {
        Scanned {
            index,
            path,
            known: self.clone(),
            messages: Vec::new(),
        }
    }

    /// One line of the cache file: path, stamps, then the fields, separated
    /// by tabs. `None` when a value holds a character the line cannot (a
    /// tab or a line break in a name; such an entry is read every time).
    fn line(&self, path: &Path, stamps: &str) -> Option<String> {
        let pairs = |items: Vec<(String, String)>| {
            items
                .into_iter()
                .map(|(k, v)| format!("{k}={v}"))
                .collect::<Vec<_>>()
                .join(";")
        };
        let fields = [
            path.to_str()?.to_string(),
            stamps.to_string(),
            self.lang.clone(),
            u8::from(self.rtl).to_string(),
            self.status.as_str().to_string(),
            self.pending.to_string(),
            self.orphans.to_string(),
            self.problems.to_string(),
            pairs(
                self.counts
                    .iter()
                    .map(|(k, v)| (k.clone(), v.to_string()))
                    .collect(),
            ),
            pairs(
                self.team
                    .iter()
                    .map(|(k, v)| (k.clone(), v.as_str().to_string()))
                    .collect(),
            ),
        ];
        let names = self.counts.keys().chain(self.team.iter().map(|(k, _)| k));
        let clean = |s: &str| !s.contains(['\t', '\n', '\r']);
        let clean_name = |s: &String| clean(s) && !s.contains(['=', ';']);
        (fields.iter().all(|f| clean(f)) && names.into_iter().all(clean_name))
            .then(|| fields.join("\t"))
    }

    /// A line written by [`Known::line`]: the path, the stamps and the
    /// entry; `None` for anything else (a damaged cache only costs time).
    fn parse(line: &str) -> Option<(PathBuf, String, Known)> {
        let f: Vec<&str> = line.split('\t').collect();
        let [
            path,
            stamps,
            lang,
            rtl,
            status,
            pending,
            orphans,
            problems,
            counts,
            team,
        ] = f.as_slice()
        else {
            return None;
        };
        let pairs = |s: &str| -> Option<Vec<(String, String)>> {
            s.split(';')
                .filter(|p| !p.is_empty())
                .map(|p| {
                    p.split_once('=')
                        .map(|(k, v)| (k.to_string(), v.to_string()))
                })
                .collect()
        };
        let known = Known {
            lang: lang.to_string(),
            rtl: match *rtl {
                "0" => false,
                "1" => true,
                _ => return None,
            },
            status: DocStatus::parse(status)?,
            pending: pending.parse().ok()?,
            orphans: orphans.parse().ok()?,
            problems: problems.parse().ok()?,
            counts: pairs(counts)?
                .into_iter()
                .map(|(k, v)| Some((k, v.parse().ok()?)))
                .collect::<Option<_>>()?,
            team: pairs(team)?
                .into_iter()
                .map(|(k, v)| Some((k, DocStatus::parse(&v)?)))
                .collect::<Option<_>>()?,
        };
        Some((PathBuf::from(path), stamps.to_string(), known))
    }
}

/// The scan's cache: by document path, the stamps an entry was read at and
/// what was read.
#[derive(Debug, Default)]
struct Cache {
    entries: HashMap<PathBuf, (String, Known)>,
}

impl Cache {
    /// The cache in `file`, empty when there is none, when it was written
    /// under another manifest or another version, or cannot be read.
    fn load(file: &Path, manifest: &str) -> Cache {
        // Only a regular file is read (a FIFO would block the scan).
        if crate::corpus::regular_file(file).is_err() {
            return Cache::default();
        }
        let Ok(text) = std::fs::read_to_string(file) else {
            return Cache::default();
        };
        let mut lines = text.lines();
        if lines.next() != Some(cache_header(manifest).as_str()) {
            return Cache::default();
        }
        Cache {
            entries: lines
                .filter_map(Known::parse)
                .map(|(path, stamps, known)| (path, (stamps, known)))
                .collect(),
        }
    }

    /// What is known of `path` when its files still have these stamps.
    fn get(&self, path: &Path, stamps: &Stamps) -> Option<&Known> {
        let (at, known) = self.entries.get(path)?;
        (*at == stamps.text).then_some(known)
    }

    fn put(&mut self, s: &Scanned, stamps: Stamps) {
        let known = s.known.clone();
        self.entries.insert(s.path.clone(), (stamps.text, known));
    }

    /// Write the cache to `file` (whole, or not at all).
    fn save(&self, file: &Path, manifest: &str) -> std::io::Result<()> {
        let mut out = cache_header(manifest);
        out.push('\n');
        let mut lines: Vec<String> = self
            .entries
            .iter()
            .filter_map(|(path, (stamps, known))| known.line(path, stamps))
            .collect();
        lines.sort_unstable();
        for l in lines {
            out.push_str(&l);
            out.push('\n');
        }
        let Some(dir) = file.parent() else {
            return Ok(());
        };
        std::fs::create_dir_all(dir)?;
        crate::corpus::write_atomic(file, out.as_bytes())?;
        prune(dir, file);
        Ok(())
    }
}

/// A cache file not written for this long is removed (its corpus may be
/// gone; opening it again only reads it afresh).
const CACHE_KEPT: Duration = Duration::from_secs(90 * 24 * 3600);

/// Remove the cache files in `dir` other than `current` that are older
/// than [`CACHE_KEPT`].
fn prune(dir: &Path, current: &Path) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let now = SystemTime::now();
    for e in entries.flatten() {
        let path = e.path();
        let old = e
            .metadata()
            .and_then(|m| m.modified())
            .is_ok_and(|t| now.duration_since(t).is_ok_and(|age| age > CACHE_KEPT));
        if old && path != current && path.extension().is_some_and(|x| x == "tsv") {
            let _ = std::fs::remove_file(&path);
        }
    }
}
