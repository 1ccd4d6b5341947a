//! The effects that touch the disk, for the runtime to call: reading the
//! corpus for the browser, opening documents with their sidecars, saving.
//! The state machine itself never calls these.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::annotation::Status;
use crate::corpus::{LabelSet, Layer};
use crate::sidecar::{self, SaveError, Store};

pub use super::scan::{ScanFocus, ScanJob, ScanStats, Scanned, apply_scanned, browser_listing};
use super::{Browser, Document, Level, State};

/// The browser of the corpus at `root` as `layer`'s annotator sees it, its
/// label set, and messages worth showing (a bad manifest, unreadable
/// sidecars), every entry read ([`browser_listing`] with its scan run
/// here). Counts, orphans and problems are those of `layer`; in a team,
/// every annotator's status is read too.
pub fn browser_for(root: &Path, layer: &Layer) -> (Browser, LabelSet, Vec<(Level, String)>) {
    let (mut browser, labels, mut messages, job) = browser_listing(root, layer);
    if let Some(job) = job {
        job.with_cache(None)
            .run(&ScanFocus::default(), &mut |batch| {
                messages.extend(apply_scanned(&mut browser, batch));
                true
            });
    }
    (browser, labels, messages)
}

/// Proposing translation partners for the browser's documents that have no
/// declared one, away from the event loop: [`PartnerJob::new`] takes what
/// it needs from the browser, [`PartnerJob::run`] (on another thread) reads
/// and compares texts, [`apply_partners`] marks the result as suggested.
///
/// Cheap evidence comes first, so a big folder or a big document does not
/// hold anything up: two documents are compared only when one is Arabic and
/// the other English (detected from a prefix when the corpus was read), and
/// their sizes fit a translation or their names differ only by a language
/// tag (`x_ar.txt`, `x_en.txt`). Only documents in such a pair are read.
#[derive(Debug)]
pub struct PartnerJob {
    /// (entry index, path, Arabic?, size in bytes) of the undeclared ones.
    docs: Vec<(usize, PathBuf, bool, u64)>,
}

/// More undeclared documents than this: no proposal (reading them all
/// again would be slow, and a list that long is better paired by `pair`).
const MAX_PROPOSING: usize = 400;

/// Arabic bytes per English byte in a translation (two-byte letters, about
/// 0.9 as many non-space characters); a pair further than
/// [`SIZE_SPREAD`] times from it either way is not read.
const AR_PER_EN_BYTES: f64 = 1.7;
const SIZE_SPREAD: f64 = 4.0;

impl PartnerJob {
    /// The job for `browser`'s documents, `None` when there is nothing to
    /// propose.
    pub fn new(browser: &Browser) -> Option<PartnerJob> {
        let docs: Vec<(usize, PathBuf, bool, u64)> = browser
            .entries
            .iter()
            .enumerate()
            .filter(|(_, e)| e.partner.is_none() && (e.lang == "ar" || e.lang == "en"))
            .map(|(i, e)| {
                let size = std::fs::metadata(&e.path).map_or(0, |m| m.len());
                (i, e.path.clone(), e.lang == "ar", size)
            })
            .collect();
        let (ar, en) = docs.iter().fold(
            (0, 0),
            |(a, n), d| {
                if d.2 { (a + 1, n) } else { (a, n + 1) }
            },
        );
        (ar > 0 && en > 0 && docs.len() <= MAX_PROPOSING).then_some(PartnerJob { docs })
    }

    /// Whether documents `a` (Arabic) and `e` (English) could be
    /// translations, from their sizes and names alone.
    fn plausible(a: &(usize, PathBuf, bool, u64), e: &(usize, PathBuf, bool, u64)) -> bool {
        let ratio = a.3.max(1) as f64 / e.3.max(1) as f64 / AR_PER_EN_BYTES;
        (1.0 / SIZE_SPREAD..=SIZE_SPREAD).contains(&ratio)
            || name_stem(&a.1).is_some_and(|s| Some(s) == name_stem(&e.1))
    }

    /// The proposed pairs (entry indices, Arabic first), with the paths the
    /// indices had, for [`apply_partners`] to check.
    pub fn run(self) -> Vec<(usize, usize, PathBuf, PathBuf)> {
        let mut plausible: Vec<(usize, usize)> = Vec::new();
        for (i, a) in self.docs.iter().enumerate().filter(|(_, d)| d.2) {
            for (j, e) in self.docs.iter().enumerate().filter(|(_, d)| !d.2) {
                if Self::plausible(a, e) {
                    plausible.push((i, j));
                }
            }
        }
        let mut read: Vec<usize> = plausible.iter().flat_map(|&(i, j)| [i, j]).collect();
        read.sort_unstable();
        read.dedup();
        let texts: Vec<String> = read
            .iter()
            .map(|&k| std::fs::read_to_string(&self.docs[k].1).unwrap_or_default())
            .collect();
        let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
        crate::align::pairing::suggest(&refs)
            .pairs
            .into_iter()
            .map(|c| (read[c.ar], read[c.en]))
            .filter(|p| plausible.contains(p))
            .map(|(i, j)| {
                let (a, e) = (&self.docs[i], &self.docs[j]);
                (a.0, e.0, a.1.clone(), e.1.clone())
            })
            .collect()
    }
}

/// A file name without its extension and without a language tag (`ar`,
/// `en`, `arabic`, `english` as a `_`, `-` or `.` separated part), when it
/// had one.
fn name_stem(path: &Path) -> Option<String> {
    let stem = path.file_stem()?.to_str()?.to_lowercase();
    let parts: Vec<&str> = stem.split(['_', '-', '.']).collect();
    let kept: Vec<&str> = parts
        .iter()
        .copied()
        .filter(|p| !matches!(*p, "ar" | "en" | "arabic" | "english"))
        .collect();
    (kept.len() < parts.len() && !kept.is_empty()).then(|| kept.join("_"))
}

/// Mark the pairs a [`PartnerJob`] proposed, for entries still without a
/// partner and still at the same index.
pub fn apply_partners(browser: &mut Browser, pairs: Vec<(usize, usize, PathBuf, PathBuf)>) {
    for (a, b, pa, pb) in pairs {
        let free = |i: usize, p: &Path| {
            browser
                .entries
                .get(i)
                .is_some_and(|e| e.path == p && e.partner.is_none())
        };
        if free(a, &pa) && free(b, &pb) {
            browser.entries[a].partner = Some(b);
            browser.entries[b].partner = Some(a);
            browser.entries[a].partner_suggested = true;
            browser.entries[b].partner_suggested = true;
        }
    }
}

/// How many annotations of each label, rejected suggestions left out (the
/// browser's count columns).
pub fn label_counts<'a>(
    anns: impl Iterator<Item = &'a crate::annotation::Annotation>,
) -> BTreeMap<String, usize> {
    let mut m = BTreeMap::new();
    for a in anns {
        if a.status != Status::Rejected {
            *m.entry(a.label.clone()).or_insert(0) += 1;
        }
    }
    m
}

/// Open documents with the layer `view.layer` for editing (the gold sidecar
/// outside a team). Returns the documents and notes (orphans, problems) to
/// show; an error names the file. The layers of `view.others` are read too,
/// read-only, to be shown on request.
pub fn load_documents(
    paths: &[PathBuf],
    root: &Path,
    labels: &LabelSet,
    view: &LayerView,
) -> Result<(Vec<Document>, Vec<String>), String> {
    let mut docs = Vec::new();
    let mut notes = Vec::new();
    for path in paths {
        let (store, loaded) =
            Store::open_layer(path, labels, &view.layer).map_err(|e| e.to_string())?;
        let name = if path.starts_with(root) {
            crate::corpus::relative_name(root, path)
        } else {
            path.file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default()
        };
        let mut d = Document::new(path.clone(), name.clone(), loaded.text, loaded.set);
        d.orphans = loaded
            .orphans
            .iter()
            .map(|o| o.annotation.clone())
            .collect();
        d.problems = loaded
            .problems
            .iter()
            .map(|p| {
                format!(
                    "{}:{}:{}: {}",
                    store.path().display(),
                    p.line,
                    p.column,
                    p.message
                )
            })
            .collect();
        if !d.orphans.is_empty() {
            notes.push(format!(
                "{name}: {} annotations could not be found in the changed text; they are kept in the sidecar as orphans",
                d.orphans.len()
            ));
        }
        // Conflicts a git merge recorded (docs/FORMAT.md "Conflicts"): the
        // file shows ours; `hashiya resolve` or the keep-* keys settle them.
        record_conflicts(&mut d, store.path(), store.on_disk().unwrap_or_default());
        if let Some(first) = d.problems.first() {
            notes.push(format!("{} problems, first: {first}", d.problems.len()));
        }
        d.written_status = store.written_status();
        for name in &view.others {
            match read_layer(path, name, &d.text, labels) {
                Ok(Some(other)) => d.others.push(other),
                Ok(None) => {}
                Err(e) => notes.push(e),
            }
        }
        d.store = Some(store);
        docs.push(d);
    }
    Ok((docs, notes))
}

/// Which layers the reader opens: one to edit, others to show read-only.
#[derive(Clone, Debug, Default)]
pub struct LayerView {
    /// The layer edited (gold outside a team).
    pub layer: Layer,
    /// Annotators whose layers can be shown (empty when the team is blind).
    pub others: Vec<String>,
}

/// Another annotator's layer of a document, read-only.
fn read_layer(
    doc: &Path,
    annotator: &str,
    text: &str,
    labels: &LabelSet,
) -> Result<Option<super::doc::OtherLayer>, String> {
    let file = Layer::Annotator(annotator.to_string()).path(doc);
    let Some(side) = sidecar::read_sidecar(&file).map_err(|e| e.to_string())? else {
        return Ok(None);
    };
    let parsed = sidecar::parse_text(&side, &file).map_err(|e| e.to_string())?;
    let status = sidecar::summary_of(&parsed).status;
    let ins = sidecar::inspect(&side, parsed, text, labels);
    Ok(Some(super::doc::OtherLayer {
        annotator: annotator.to_string(),
        status,
        anns: ins
            .set
            .iter()
            .filter(|a| a.status != Status::Rejected)
            .cloned()
            .collect(),
    }))
}

/// Open the adjudication of document `path` for `state`'s team: its gold
/// layer locked, the annotators' layers read, and the documents to draw
/// (it, and its translation partner as the browser knows it with the
/// partner's gold annotations, read only).
pub fn open_adjudication(state: &State, path: &Path) -> Result<super::adjudicate::Opened, String> {
    let team = state
        .browser
        .team
        .as_ref()
        .filter(|t| t.annotators.len() >= 2)
        .ok_or("adjudication needs a [team] of two annotators or more in hashiya.toml")?;
    let session = crate::adjudicate::Session::open(path, &state.labels, &team.annotators)
        .map_err(|e| crate::text::escape::escape_invisible(&format!("{}: {e}", path.display())))?;
    let root = &state.browser.root;
    let name = |p: &Path| {
        if p.starts_with(root) {
            crate::corpus::relative_name(root, p)
        } else {
            p.file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default()
        }
    };
    let mut docs = vec![Document::new(
        path.to_path_buf(),
        name(path),
        session.text.clone(),
        crate::annotation::AnnotationSet::default(),
    )];
    let entries = &state.browser.entries;
    let partner = entries
        .iter()
        .find(|e| e.path == path)
        .and_then(|e| e.partner)
        .and_then(|p| entries.get(p));
    if let Some(e) = partner {
        let text = sidecar::read_document(&e.path).map_err(|e| e.to_string())?;
        let gold = Layer::Gold.path(&e.path);
        let set = match sidecar::read_sidecar(&gold).map_err(|e| e.to_string())? {
            Some(side) => {
                let parsed = sidecar::parse_text(&side, &gold).map_err(|e| e.to_string())?;
                sidecar::inspect(&side, parsed, &text, &state.labels).set
            }
            None => crate::annotation::AnnotationSet::default(),
        };
        docs.push(Document::new(e.path.clone(), name(&e.path), text, set));
    }
    Ok(super::adjudicate::Opened { session, docs })
}

/// Write the adjudication's gold sidecar.
pub fn save_gold(state: &mut State) -> Result<(), String> {
    let Some(a) = state.adjudication.as_mut() else {
        return Ok(());
    };
    a.session
        .save()
        .map(|_| ())
        .map_err(|e| format!("gold not saved: {e}"))
}

/// Save document `d`'s annotations through its sidecar store. On error the
/// annotations stay in memory and the message says what happened.
pub fn save_document(state: &mut State, d: usize) -> Result<(), String> {
    save_with(state, d, false)
}

/// Save, overwriting a sidecar that changed on disk ("keep mine").
pub fn save_document_overwriting(state: &mut State, d: usize) -> Result<(), String> {
    save_with(state, d, true)
}

fn save_with(state: &mut State, d: usize, force: bool) -> Result<(), String> {
    let Some(doc) = state.docs.get_mut(d) else {
        return Ok(());
    };
    if !doc.dirty && !force {
        return Ok(());
    }
    let Some(store) = doc.store.as_mut() else {
        // A document made in memory has nowhere to go.
        doc.dirty = false;
        return Ok(());
    };
    if let Some(status) = doc.written_status
        && store.written_status() != Some(status)
    {
        store.set_status(status);
    }
    let r = if force {
        store.save_overwriting(&doc.anns)
    } else {
        store.save(&doc.anns)
    };
    match r {
        Ok(_) => {
            doc.dirty = false;
            Ok(())
        }
        // Changed on disk meanwhile (a `git pull`, another writer of the
        // file): merged with the merge driver's rules, never overwritten.
        Err(SaveError::Conflict { path, ours, .. }) => merge_on_disk(state, d, &path, &ours),
        Err(e) => Err(e.to_string()),
    }
}

/// Show what the store has just written and read back: annotations,
/// orphans, recorded conflicts; saved.
fn took(doc: &mut Document, loaded: sidecar::Loaded) {
    if let Some(store) = doc.store.take() {
        record_conflicts(doc, store.path(), store.on_disk().unwrap_or_default());
        doc.store = Some(store);
    }
    doc.anns = loaded.set;
    doc.orphans = loaded
        .orphans
        .iter()
        .map(|o| o.annotation.clone())
        .collect();
    doc.dirty = false;
}

/// The end of the problem line of a recorded merge conflict (and how the
/// line is found again once the conflict is settled).
const RESOLVE_HINT: &str = "; settle it with `hashiya resolve`";

/// The merge conflicts recorded in `text`, the sidecar at `path`: kept in
/// the document, each with a problem line (replacing earlier ones).
fn record_conflicts(doc: &mut Document, path: &Path, text: &str) {
    doc.problems.retain(|p| !p.ends_with(RESOLVE_HINT));
    doc.conflicts.clear();
    for (line, c) in crate::merge::conflict::located(text) {
        doc.problems
            .push(crate::text::escape::escape_invisible(&format!(
                "{}:{line}: {}{RESOLVE_HINT}",
                path.display(),
                c.describe()
            )));
        doc.conflicts.push(c);
    }
}

/// Settle merge conflicts of document `d` (those of `ids`, or all) towards
/// `choice`, by `hashiya resolve`'s rules; the document then shows the
/// result. Unsaved changes are saved first.
pub fn resolve_conflicts(
    state: &mut State,
    d: usize,
    choice: crate::merge::sidecar::Choice,
    ids: Option<&[String]>,
) -> Result<String, String> {
    save_document(state, d)?;
    let Some(doc) = state.docs.get_mut(d) else {
        return Ok(String::new());
    };
    let Some(store) = doc.store.as_mut() else {
        return Ok(String::new());
    };
    let path = store.path().to_path_buf();
    let text = sidecar::read_sidecar(&path)
        .map_err(|e| e.to_string())?
        .unwrap_or_default();
    let which = |_: usize, c: &crate::merge::Conflict| {
        ids.is_none_or(|ids| c.id.as_ref().is_some_and(|id| ids.contains(id)))
    };
    let merged =
        crate::merge::sidecar::resolve(&text, choice, &which).map_err(|e| e.to_string())?;
    let loaded = store
        .replace_text(&merged.text)
        .map_err(|e| e.to_string())?;
    let before = doc.conflicts.len();
    took(doc, loaded);
    Ok(format!(
        "{} conflict(s) settled, {} left",
        before - doc.conflicts.len().min(before),
        doc.conflicts.len()
    ))
}

/// Save document `d` by merging its annotations with the sidecar that
/// changed on disk; the document then shows the merged annotations. When
/// the two cannot be merged, nothing is written, the annotations stay in
/// memory, and ours are put beside the file (`FILE.mine`) so that both
/// versions can be read.
fn merge_on_disk(state: &mut State, d: usize, path: &Path, ours: &str) -> Result<(), String> {
    let Some(doc) = state.docs.get_mut(d) else {
        return Ok(());
    };
    let Some(store) = doc.store.as_mut() else {
        return Ok(());
    };
    match store.save_merging(&doc.anns) {
        Ok((loaded, conflicts)) => {
            took(doc, loaded);
            let name = doc.name.clone();
            let text = if conflicts == 0 {
                format!(
                    "{name}: its annotations changed on disk meanwhile; merged with yours and saved"
                )
            } else {
                format!(
                    "{name}: its annotations changed on disk meanwhile; merged with yours and saved, {conflicts} conflict(s) recorded in the file (both versions kept: `hashiya resolve {}`)",
                    path.display()
                )
            };
            state.set_message(
                if conflicts == 0 {
                    Level::Info
                } else {
                    Level::Warn
                },
                crate::text::escape::escape_invisible(&text),
            );
            Ok(())
        }
        Err(e) => {
            let mut mine = path.as_os_str().to_owned();
            mine.push(".mine");
            let kept = match crate::corpus::atomic::write_atomic(Path::new(&mine), ours.as_bytes())
            {
                Ok(()) => format!("yours are in {}", Path::new(&mine).display()),
                Err(w) => format!("yours could not be written beside it ({w})"),
            };
            Err(format!(
                "{e}; your annotations are kept in memory and {kept}; ctrl-s writes yours over the file"
            ))
        }
    }
}

/// The reviewed alignment of two documents (left, right), when one was
/// saved for the pair (by a reviewer, from either side: see
/// [`crate::align::PairFile::find`]): confirmed beads kept, the rest aligned
/// again, seen with the left document as the source (so the flag is
/// false). `None` when there is none or it cannot be read.
pub fn saved_alignment(a: &Document, b: &Document) -> Option<(crate::align::Alignment, bool)> {
    let file = crate::align::PairFile::find(&a.path, &b.path);
    if !file.path.is_file() {
        return None;
    }
    let al = file.load(&block_texts(a), &block_texts(b)).ok()?;
    Some((al, false))
}

/// The paragraphs the alignment counts.
fn block_texts(d: &Document) -> Vec<&str> {
    (0..d.paras.len()).map(|i| d.para_text(i)).collect()
}

/// Save the reviewed alignment of the two panes in the pair's file
/// ([`crate::align::PairFile`]; a new one beside the left document).
pub fn save_alignment(state: &State) -> Result<(), String> {
    let (Some(pa), [l, r]) = (&state.alignment, state.panes.as_slice()) else {
        return Ok(());
    };
    let (l, r) = (&state.docs[l.doc], &state.docs[r.doc]);
    if l.store.is_none() || r.store.is_none() {
        return Ok(()); // documents made in memory
    }
    // One file per pair, wherever it is: seen from the left document.
    let al = if pa.flip {
        pa.al.clone().flipped()
    } else {
        pa.al.clone()
    };
    crate::align::PairFile::find(&l.path, &r.path)
        .save(
            &al,
            &l.file_name(),
            &r.file_name(),
            &block_texts(l),
            &block_texts(r),
        )
        .map(|_| ())
        .map_err(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn name_stems_drop_one_language_tag() {
        let stem = |p: &str| name_stem(Path::new(p));
        assert_eq!(stem("news/story_ar.txt"), Some("story".into()));
        assert_eq!(stem("story-EN.txt"), Some("story".into()));
        assert_eq!(stem("2024.arabic.report.txt"), Some("2024_report".into()));
        assert_eq!(stem("story.txt"), None);
        assert_eq!(stem("ar.txt"), None);
        assert_eq!(stem("arena_news.txt"), None);
    }

    #[test]
    fn plausible_from_sizes_or_names() {
        let d = |p: &str, ar: bool, size: u64| (0, PathBuf::from(p), ar, size);
        // A translation: Arabic takes about 1.7 times the bytes.
        assert!(PartnerJob::plausible(
            &d("a.txt", true, 17_000),
            &d("b.txt", false, 10_000)
        ));
        assert!(PartnerJob::plausible(
            &d("a.txt", true, 10_000),
            &d("b.txt", false, 10_000)
        ));
        // 10 MB against 50 KB: not read.
        assert!(!PartnerJob::plausible(
            &d("a.txt", true, 10 << 20),
            &d("b.txt", false, 50_000)
        ));
        assert!(!PartnerJob::plausible(
            &d("a.txt", true, 1_000),
            &d("b.txt", false, 100_000)
        ));
        // Unless the names say they go together.
        assert!(PartnerJob::plausible(
            &d("x_ar.txt", true, 1_000),
            &d("x_en.txt", false, 100_000)
        ));
    }
}
