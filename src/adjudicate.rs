//! Adjudication: from the annotators' layers of a document to its gold
//! layer, with provenance (docs/FORMAT.md, "Adjudication").
//!
//! [`units`] groups the layers' annotations with the span matching of
//! `agree`; a [`Session`] holds one document's layers (read only: a layer
//! file is never written here) and its gold sidecar (locked, written through
//! the sidecar store), and records each [`Decision`] in gold with the
//! sources it was taken from. [`stale`] tells which recorded decisions no
//! longer match the layers.

pub mod provenance;
pub mod units;

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use crate::annotation::{Annotation, AnnotationSet, Link, ModelError, Status, attr};
use crate::corpus::{DocStatus, LabelSet, Layer};
use crate::sidecar::{self, SaveError, SaveOutcome, SidecarError, Store};

pub use provenance::{Decision, Provenance, REJECTED, SourceRef, digest};
pub use units::{Member, Unit, UnitState, units};

/// Something adjudication cannot do.
#[derive(Debug, thiserror::Error)]
pub enum AdjudicateError {
    #[error(transparent)]
    Sidecar(#[from] SidecarError),
    #[error(transparent)]
    Save(#[from] SaveError),
    #[error("this unit is decided already ({0}); a decision is never overwritten")]
    Decided(&'static str),
    #[error("no version of this unit has a majority")]
    NoMajority,
    #[error("{0} has no version of this unit")]
    NoVersion(String),
    #[error("{0}")]
    Model(#[from] ModelError),
    #[error(
        "the gold sidecar's `rejected` is not an array of tables ([[rejected]]); fix it by hand first"
    )]
    BadRejected,
}

/// One annotator's layer of the document.
#[derive(Clone, Debug)]
pub struct LayerData {
    pub annotator: String,
    /// The document's status in this layer: a layer votes when it is done
    /// or in progress.
    pub status: DocStatus,
    /// The annotations that vote: accepted ones, in set order.
    pub annotations: Vec<Annotation>,
    /// The digest of every annotation of the layer file, by id.
    digests: HashMap<String, String>,
}

impl LayerData {
    /// Whether this layer takes part.
    pub fn votes(&self) -> bool {
        matches!(self.status, DocStatus::Done | DocStatus::InProgress)
    }

    fn source(&self, ann: usize) -> Option<SourceRef> {
        let a = self.annotations.get(ann)?;
        Some(SourceRef {
            annotator: self.annotator.clone(),
            id: a.id.clone(),
            digest: self.digests.get(&a.id).cloned().unwrap_or_default(),
        })
    }
}

/// Read annotator `name`'s layer of `doc` (no lock: layers are only read).
pub fn read_layer(
    doc: &Path,
    text: &str,
    labels: &LabelSet,
    name: &str,
) -> Result<LayerData, SidecarError> {
    read_layer_indexed(doc, text, labels, name, &sidecar::TextIndex::new(text))
}

/// [`read_layer`] with the document text's index made once for every layer.
pub fn read_layer_indexed(
    doc: &Path,
    text: &str,
    labels: &LabelSet,
    name: &str,
    index: &sidecar::TextIndex,
) -> Result<LayerData, SidecarError> {
    let path = Layer::Annotator(name.to_string()).path(doc);
    let mut data = LayerData {
        annotator: name.to_string(),
        status: DocStatus::Todo,
        annotations: Vec::new(),
        digests: HashMap::new(),
    };
    // Parsed in place (borrowing the file's text), each digest made in one
    // buffer, the checked annotations moved out of their set: a layer of
    // thousands of annotations is read with few allocations.
    let Some(side) = sidecar::read_sidecar(&path)? else {
        return Ok(data);
    };
    let parsed = sidecar::parse_text(&side, &path)?;
    data.status = sidecar::summary_of(&parsed).status;
    let mut buf = String::new();
    data.digests.reserve(parsed.records.len());
    for r in &parsed.records {
        if !data.digests.contains_key(&r.annotation.id) {
            let d = provenance::digest_with(r, &mut buf);
            data.digests.insert(r.annotation.id.clone(), d);
        }
    }
    let ins = sidecar::inspect_indexed(&side, parsed, text, labels, index);
    data.annotations = ins.set.into_vec();
    data.annotations.retain(|a| a.status == Status::Accepted);
    Ok(data)
}

/// What the adjudicator does with a unit.
#[derive(Clone, Debug)]
pub enum Choice {
    /// Take the version every layer has (only on a unanimous unit).
    Unanimous,
    /// Take the version of more than half of the layers.
    Majority,
    /// Take the version of layer `k` (index into [`Session::layers`]).
    Layer(usize),
    /// Take `annotation`, made from layer `k`'s version.
    Edited(usize, Box<Annotation>),
    /// Nothing here is gold.
    Reject,
}

/// One document open for adjudication.
#[derive(Debug)]
pub struct Session {
    pub doc: PathBuf,
    pub text: String,
    /// Every annotator of the team, in the team's order.
    pub layers: Vec<LayerData>,
    /// How many layers vote.
    pub compared: usize,
    pub units: Vec<Unit>,
    pub gold: AnnotationSet,
    store: Store,
    /// Gold annotation id -> its provenance.
    provenance: HashMap<String, Provenance>,
    rejected: Vec<Provenance>,
    /// `annotator:id` -> the decision that looked at it.
    decided: HashMap<String, Decision>,
    /// `annotator:id` -> its digest when a decision looked at it.
    recorded: HashMap<String, String>,
    /// The decision taken on each unit (kept as decisions are taken: a
    /// member belongs to one unit, so a decision changes only its own).
    unit_decisions: Vec<Option<Decision>>,
    /// Each decided unit whose sources changed in their layers since.
    unit_stale: Vec<bool>,
    /// Provenance that could not be read (kept as written).
    pub problems: Vec<String>,
}

impl Session {
    /// Open `doc`'s gold layer (locked) and read the layers of `annotators`.
    pub fn open(
        doc: &Path,
        labels: &LabelSet,
        annotators: &[String],
    ) -> Result<Session, AdjudicateError> {
        let (store, loaded) = Store::open_layer(doc, labels, &Layer::Gold)?;
        // One thread per layer: reading and checking them is most of the
        // time, and they are independent.
        let text = &loaded.text;
        let index = &sidecar::TextIndex::new(text);
        let layers = std::thread::scope(|sc| {
            let handles: Vec<_> = annotators
                .iter()
                .map(|n| sc.spawn(move || read_layer_indexed(doc, text, labels, n, index)))
                .collect();
            handles
                .into_iter()
                .map(|h| h.join().unwrap_or_else(|e| std::panic::resume_unwind(e)))
                .collect::<Result<Vec<_>, _>>()
        })?;
        let compared = layers.iter().filter(|l| l.votes()).count();
        let empty: &[Annotation] = &[];
        let slices: Vec<&[Annotation]> = layers
            .iter()
            .map(|l| if l.votes() { &l.annotations[..] } else { empty })
            .collect();
        let units = units(&slices, compared);
        let mut s = Session {
            doc: doc.to_path_buf(),
            text: loaded.text,
            layers,
            compared,
            units,
            gold: loaded.set,
            store,
            provenance: HashMap::new(),
            rejected: Vec::new(),
            decided: HashMap::new(),
            recorded: HashMap::new(),
            unit_decisions: Vec::new(),
            unit_stale: Vec::new(),
            problems: Vec::new(),
        };
        s.read_provenance();
        s.unit_decisions = (0..s.units.len())
            .map(|u| {
                s.units[u]
                    .members
                    .iter()
                    .find_map(|m| s.decided.get(&s.ref_name(*m)).copied())
            })
            .collect();
        s.unit_stale = (0..s.units.len())
            .map(|u| {
                s.unit_decisions[u].is_some()
                    && s.units[u].members.iter().any(|&m| {
                        let l = &s.layers[m.layer];
                        let id = &l.annotations[m.ann].id;
                        s.recorded
                            .get(&s.ref_name(m))
                            .is_some_and(|d| l.digests.get(id) != Some(d))
                    })
            })
            .collect();
        Ok(s)
    }

    /// Remember that the decision `p` looked at its sources.
    fn note_refs(&mut self, p: &Provenance) {
        note_refs(&mut self.decided, &mut self.recorded, p);
    }

    fn read_provenance(&mut self) {
        for a in self.gold.iter() {
            let Some(t) = self.store.annotation_extras(&a.id) else {
                continue;
            };
            match Provenance::from_table(t) {
                Ok(Some(p)) => {
                    note_refs(&mut self.decided, &mut self.recorded, &p);
                    self.provenance.insert(a.id.clone(), p);
                }
                Ok(None) => {}
                Err(e) => self.problems.push(format!("annotation {}: {e}", a.id)),
            }
        }
        for (i, t) in rejected_tables(self.store.top_extras()).enumerate() {
            match t.map(Provenance::from_table) {
                Some(Ok(Some(p))) => {
                    note_refs(&mut self.decided, &mut self.recorded, &p);
                    self.rejected.push(p);
                }
                Some(Ok(None)) => self
                    .problems
                    .push(format!("rejected #{}: decision: missing", i + 1)),
                Some(Err(e)) => self.problems.push(format!("rejected #{}: {e}", i + 1)),
                None => self
                    .problems
                    .push(format!("rejected #{}: expected a table", i + 1)),
            }
        }
    }

    /// The decision already taken on unit `u`, if any (one of its
    /// annotations was looked at by a recorded decision).
    pub fn decision(&self, u: usize) -> Option<Decision> {
        self.unit_decisions.get(u).copied().flatten()
    }

    /// Whether the decision taken on unit `u` is stale: one of its sources
    /// changed in its layer since (`check` and `status` say so too).
    pub fn is_stale(&self, u: usize) -> bool {
        self.unit_stale.get(u).copied().unwrap_or(false)
    }

    /// The first open unit after `u` (before it, backwards), wrapping
    /// around, that `skip` does not leave out; `None` from no unit starts
    /// at the first (the last).
    pub fn next_open(
        &self,
        u: Option<usize>,
        forward: bool,
        skip: impl Fn(usize) -> bool,
    ) -> Option<usize> {
        let n = self.units.len();
        if n == 0 {
            return None;
        }
        let first = match (u, forward) {
            (Some(u), true) => u + 1,
            (Some(u), false) => u + n - 1,
            (None, true) => 0,
            (None, false) => n - 1,
        };
        (0..n)
            .map(|k| {
                if forward {
                    (first + k) % n
                } else {
                    (first + n - k) % n
                }
            })
            .find(|&v| self.decision(v).is_none() && !skip(v))
    }

    /// How many units are not decided yet.
    pub fn open_count(&self) -> usize {
        self.unit_decisions.iter().filter(|d| d.is_none()).count()
    }

    fn ref_name(&self, m: Member) -> String {
        let l = &self.layers[m.layer];
        format!("{}:{}", l.annotator, l.annotations[m.ann].id)
    }

    /// The annotation of member `m`.
    pub fn annotation(&self, m: Member) -> &Annotation {
        &self.layers[m.layer].annotations[m.ann]
    }

    /// The provenance of gold annotation `id`.
    pub fn provenance(&self, id: &str) -> Option<&Provenance> {
        self.provenance.get(id)
    }

    /// The rejected units recorded.
    pub fn rejected(&self) -> &[Provenance] {
        &self.rejected
    }

    /// Units not decided yet, in text order.
    pub fn open_units(&self) -> impl Iterator<Item = usize> + '_ {
        (0..self.units.len()).filter(|&u| self.decision(u).is_none())
    }

    /// Record a decision on unit `u` (in memory; [`Session::save`] writes
    /// it). A unit decided already is refused, so re-running adjudication
    /// never overwrites a decision.
    pub fn decide(
        &mut self,
        u: usize,
        choice: Choice,
        who: &str,
        now: &str,
    ) -> Result<Option<String>, AdjudicateError> {
        if let Some(d) = self.decision(u) {
            return Err(AdjudicateError::Decided(d.as_str()));
        }
        let unit = self.units[u].clone();
        let (decision, group, edited): (Decision, Vec<Member>, Option<Annotation>) = match choice {
            Choice::Unanimous if unit.state == UnitState::Unanimous => {
                (Decision::Unanimous, unit.members.clone(), None)
            }
            Choice::Unanimous => return Err(AdjudicateError::NoMajority),
            Choice::Majority => {
                let g = unit
                    .majority(self.compared)
                    .ok_or(AdjudicateError::NoMajority)?;
                let d = if unit.state == UnitState::Unanimous {
                    Decision::Unanimous
                } else {
                    Decision::Majority
                };
                (d, g.to_vec(), None)
            }
            Choice::Layer(k) | Choice::Edited(k, _) if unit.of_layer(k).is_none() => {
                let name = self.layers.get(k).map_or("?", |l| l.annotator.as_str());
                return Err(AdjudicateError::NoVersion(name.to_string()));
            }
            Choice::Layer(k) => {
                let m = unit.of_layer(k).ok_or(AdjudicateError::NoMajority)?;
                let g = unit.group_of(m).unwrap_or(&[]).to_vec();
                (Decision::Chosen, g, None)
            }
            Choice::Edited(k, a) => {
                let m = unit.of_layer(k).ok_or(AdjudicateError::NoMajority)?;
                (Decision::Edited, vec![m], Some(*a))
            }
            Choice::Reject => (Decision::Rejected, unit.members.clone(), None),
        };
        let sources: Vec<SourceRef> = group
            .iter()
            .filter_map(|m| self.layers[m.layer].source(m.ann))
            .collect();
        let others: Vec<SourceRef> = unit
            .members
            .iter()
            .filter(|m| !group.contains(m))
            .filter_map(|m| self.layers[m.layer].source(m.ann))
            .collect();
        let p = Provenance {
            decision,
            sources,
            others,
            adjudicator: who.to_string(),
            decided: now.to_string(),
        };
        if decision == Decision::Rejected {
            self.append_rejected(&p)?;
            self.note_refs(&p);
            self.rejected.push(p);
            self.unit_decisions[u] = Some(decision);
            return Ok(None);
        }
        let base = group.first().copied().ok_or(AdjudicateError::NoMajority)?;
        let mut gold = edited.unwrap_or_else(|| self.annotation(base).clone());
        let source_id = self.annotation(base).id.clone();
        gold.id = if gold.id == source_id && !self.gold.contains(&gold.id) {
            gold.id
        } else {
            self.gold.new_id()
        };
        gold.status = Status::Accepted;
        gold.touch(who, now);
        self.remap_references(&mut gold, self.layers[base.layer].annotator.clone());
        let id = gold.id.clone();
        self.gold.insert(gold)?;
        self.store.set_annotation_extras(&id, p.to_table());
        self.note_refs(&p);
        self.provenance.insert(id.clone(), p);
        self.unit_decisions[u] = Some(decision);
        Ok(Some(id))
    }

    /// A layer annotation's links and speaker name annotations of its own
    /// layer; in gold they point to the gold annotations taken from those
    /// (when there is one yet) and are dropped otherwise — the layer keeps
    /// them.
    fn remap_references(&self, a: &mut Annotation, annotator: String) {
        let gold_of = |id: &str| -> Option<String> {
            let name = format!("{annotator}:{id}");
            self.provenance
                .iter()
                .find(|(_, p)| p.sources.iter().any(|r| r.name() == name))
                .map(|(g, _)| g.clone())
        };
        let links = std::mem::take(&mut a.links);
        a.links = links
            .into_iter()
            .filter_map(|l| {
                gold_of(&l.target).map(|target| Link {
                    target,
                    kind: l.kind,
                })
            })
            .collect();
        if let Some(s) = a.attrs.get(attr::SPEAKER).cloned() {
            match gold_of(&s) {
                Some(g) => {
                    a.attrs.insert(attr::SPEAKER.to_string(), g);
                }
                None => {
                    a.attrs.remove(attr::SPEAKER);
                }
            }
        }
    }

    /// Add a `[[rejected]]` table after those in the file, which stay as
    /// they are (even one this version cannot read).
    fn append_rejected(&mut self, p: &Provenance) -> Result<(), AdjudicateError> {
        let mut list = match self.store.set_top_extra(REJECTED, None) {
            None => Vec::new(),
            Some(toml::Value::Array(a)) => a,
            Some(other) => {
                self.store.set_top_extra(REJECTED, Some(other));
                return Err(AdjudicateError::BadRejected);
            }
        };
        list.push(toml::Value::Table(p.to_table()));
        self.store
            .set_top_extra(REJECTED, Some(toml::Value::Array(list)));
        Ok(())
    }

    /// Write gold (atomically, not over a file changed on disk).
    pub fn save(&mut self) -> Result<SaveOutcome, AdjudicateError> {
        Ok(self.store.save(&self.gold)?)
    }

    /// The gold sidecar's path.
    pub fn gold_path(&self) -> &Path {
        self.store.path()
    }
}

/// Remember that the decision `p` looked at its sources (by
/// `annotator:id`: the decision, and the digest each had then).
fn note_refs(
    decided: &mut HashMap<String, Decision>,
    recorded: &mut HashMap<String, String>,
    p: &Provenance,
) {
    for r in p.refs() {
        decided.insert(r.name(), p.decision);
        recorded.insert(r.name(), r.digest.clone());
    }
}

/// The `[[rejected]]` tables of a gold sidecar's top level (`None` for an
/// entry that is not a table).
pub fn rejected_tables(top: &toml::Table) -> impl Iterator<Item = Option<&toml::Table>> {
    top.get(REJECTED)
        .and_then(toml::Value::as_array)
        .into_iter()
        .flatten()
        .map(toml::Value::as_table)
}

/// A recorded decision that no longer matches a layer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Stale {
    /// 1-based line and column in the gold sidecar.
    pub line: usize,
    pub column: usize,
    pub message: String,
}

/// The decisions recorded in a gold sidecar (`gold_text`, parsed as
/// `gold`) of document `doc` whose sources changed or are gone from their
/// layers, and provenance that cannot be read.
pub fn stale(doc: &Path, gold_text: &str, gold: &sidecar::format::SidecarDoc<'_>) -> Vec<Stale> {
    let lines = crate::corpus::positions::Positions::new(gold_text);
    let mut layers: HashMap<String, Option<HashMap<String, String>>> = HashMap::new();
    let mut digest_of = |r: &SourceRef| -> Option<String> {
        let layer = layers.entry(r.annotator.clone()).or_insert_with(|| {
            let path = Layer::Annotator(r.annotator.clone()).path(doc);
            sidecar::parse_file(&path).ok().map(|(_, d)| {
                let mut m = HashMap::new();
                for rec in &d.records {
                    m.entry(rec.annotation.id.clone())
                        .or_insert_with(|| digest(rec));
                }
                m
            })
        });
        layer.as_ref()?.get(&r.id).cloned()
    };
    let mut out = Vec::new();
    let mut judge =
        |(line, column): (usize, usize), what: String, p: &Provenance, out: &mut Vec<Stale>| {
            let changed: Vec<String> = p
                .refs()
                .filter_map(|r| match digest_of(r) {
                    Some(d) if d == r.digest => None,
                    Some(_) => Some(format!("{} changed", r.name())),
                    None => Some(format!("{} is gone from its layer", r.name())),
                })
                .collect();
            if !changed.is_empty() {
                out.push(Stale {
                    line,
                    column,
                    message: format!(
                        "stale decision: {what} ({} by {} at {}): {}; decide again",
                        p.decision.as_str(),
                        crate::text::escape::quoted(&p.adjudicator),
                        crate::text::escape::quoted(&p.decided),
                        changed.join(", ")
                    ),
                });
            }
        };
    for r in &gold.records {
        let at = lines.line_column(r.pos.table.start);
        match Provenance::from_table(&r.extras) {
            Ok(Some(p)) => judge(at, format!("annotation {}", r.annotation.id), &p, &mut out),
            Ok(None) => {}
            Err(e) => out.push(Stale {
                line: at.0,
                column: at.1,
                message: format!("annotation {}: provenance: {e}", r.annotation.id),
            }),
        }
    }
    // The n-th `[[rejected]]` header is the n-th table (hashiya writes them
    // as an array of tables; elsewhere the first line stands in).
    let headers: Vec<(usize, usize)> = gold_text
        .match_indices("[[rejected]]")
        .map(|(at, _)| lines.line_column(at))
        .collect();
    for (i, t) in rejected_tables(&gold.extras).enumerate() {
        let (line, column) = headers.get(i).copied().unwrap_or((1, 1));
        match t.map(Provenance::from_table) {
            Some(Ok(Some(p))) => judge((line, column), "rejected unit".into(), &p, &mut out),
            Some(Ok(None)) => out.push(Stale {
                line,
                column,
                message: "rejected: decision: missing".into(),
            }),
            Some(Err(e)) => out.push(Stale {
                line,
                column,
                message: format!("rejected: {e}"),
            }),
            None => out.push(Stale {
                line,
                column,
                message: "rejected: expected a table ([[rejected]])".into(),
            }),
        }
    }
    out
}

/// How many decisions in `doc`'s gold sidecar are stale (0 without a gold
/// sidecar or without recorded decisions).
pub fn stale_count(doc: &Path) -> Result<usize, SidecarError> {
    let path = Layer::Gold.path(doc);
    let Some(text) = sidecar::read_sidecar(&path)? else {
        return Ok(0);
    };
    if !text.contains("decision") {
        return Ok(0);
    }
    let parsed = sidecar::parse_text(&text, &path)?;
    Ok(stale(doc, &text, &parsed).len())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sidecar::format;

    /// Two layers on one short document: a unanimous entity and a figure
    /// only one annotator marked.
    fn team_doc(dir: &Path) -> PathBuf {
        let text = "Macron said 5,700 soldiers arrived.\n";
        let doc = dir.join("a.txt");
        std::fs::write(&doc, text).unwrap();
        let sha = sidecar::sha256_hex(text.as_bytes());
        for (who, extra) in [
            ("amal", ""),
            (
                "badr",
                "\n[[annotation]]\nid = \"f1\"\nlabel = \"figure\"\nstart = 12\nend = 17\nquote = \"5,700\"\nstatus = \"accepted\"\n",
            ),
        ] {
            std::fs::write(
                Layer::Annotator(who.into()).path(&doc),
                format!(
                    "version = 1\ndocument = \"a.txt\"\nsha256 = \"{sha}\"\nannotator = \"{who}\"\n\n[[annotation]]\nid = \"{who}1\"\nlabel = \"entity\"\nkind = \"PER\"\nstart = 0\nend = 6\nquote = \"Macron\"\nstatus = \"accepted\"\n{extra}"
                ),
            )
            .unwrap();
        }
        doc
    }

    #[test]
    fn provenance_round_trips_through_both_readers_and_the_writer() {
        let tmp = tempfile::tempdir().unwrap();
        let doc = team_doc(tmp.path());
        let names = ["amal".to_string(), "badr".to_string()];
        let labels = LabelSet::default();
        let mut s = Session::open(&doc, &labels, &names).unwrap();
        assert_eq!(
            s.units.iter().map(|u| u.state).collect::<Vec<_>>(),
            [UnitState::Unanimous, UnitState::Single]
        );
        let t = "2026-12-01T20:00:00Z";
        s.decide(0, Choice::Unanimous, "lead", t).unwrap();
        s.decide(1, Choice::Reject, "lead", t).unwrap();
        s.save().unwrap();
        let gold_path = s.gold_path().to_path_buf();
        drop(s);
        let text = std::fs::read_to_string(&gold_path).unwrap();
        assert!(text.contains("\n[[rejected]]\n"), "{text}");
        // The fast reader and the full parser read the same.
        let strip = |d: format::SidecarDoc<'_>| {
            let mut d = d.into_owned();
            for r in &mut d.records {
                r.pos.table = 0..0;
            }
            d
        };
        let fast = strip(format::parse_with(&text, true).unwrap());
        let full = strip(format::parse_with(&text, false).unwrap());
        assert_eq!(fast, full);
        assert!(crate::sidecar::fast_accepts(&text), "{text}");
        // Reopened and saved again: the same bytes; the decisions are known.
        let mut s = Session::open(&doc, &labels, &names).unwrap();
        assert!(s.problems.is_empty(), "{:?}", s.problems);
        assert_eq!(s.decision(0), Some(Decision::Unanimous));
        assert_eq!(s.decision(1), Some(Decision::Rejected));
        assert_eq!(s.open_units().count(), 0);
        assert_eq!(s.rejected().len(), 1);
        assert_eq!(s.save().unwrap(), SaveOutcome::Unchanged);
        drop(s);
        assert_eq!(std::fs::read_to_string(&gold_path).unwrap(), text);
        // Nothing is stale until a layer changes.
        let parsed = format::parse(&text).unwrap();
        assert!(stale(&doc, &text, &parsed).is_empty());
        let badr = Layer::Annotator("badr".into()).path(&doc);
        let layer = std::fs::read_to_string(&badr).unwrap();
        std::fs::write(&badr, layer.replace("id = \"f1\"", "id = \"f2\"")).unwrap();
        let st = stale(&doc, &text, &parsed);
        assert_eq!(st.len(), 1, "{st:?}");
        assert!(
            st[0].message.contains("badr:f1 is gone from its layer"),
            "{st:?}"
        );
        let header = text.lines().position(|l| l == "[[rejected]]").unwrap() + 1;
        assert_eq!(st[0].line, header);
    }

    #[test]
    fn a_rejected_table_that_cannot_be_read_is_kept() {
        let tmp = tempfile::tempdir().unwrap();
        let doc = team_doc(tmp.path());
        let gold = Layer::Gold.path(&doc);
        let sha = sidecar::sha256_hex(&std::fs::read(&doc).unwrap());
        std::fs::write(
            &gold,
            format!("version = 1\ndocument = \"a.txt\"\nsha256 = \"{sha}\"\n\n[[rejected]]\nnote = \"by hand\"\n"),
        )
        .unwrap();
        let names = ["amal".to_string(), "badr".to_string()];
        let mut s = Session::open(&doc, &LabelSet::default(), &names).unwrap();
        assert_eq!(s.problems, ["rejected #1: decision: missing"]);
        s.decide(1, Choice::Reject, "lead", "2026-12-01T20:00:00Z")
            .unwrap();
        s.save().unwrap();
        drop(s);
        let t: toml::Table = toml::from_str(&std::fs::read_to_string(&gold).unwrap()).unwrap();
        let r = t["rejected"].as_array().unwrap();
        assert_eq!(r.len(), 2);
        assert_eq!(r[0]["note"].as_str(), Some("by hand"));
        assert_eq!(r[1]["sources"][0].as_str(), Some("badr:f1"));
    }
}
