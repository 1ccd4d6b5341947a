//! Inter-annotator agreement between the layers of a team (docs/AGREE.md):
//! span F1 (strict and overlap), token-level Cohen's κ and Krippendorff's α
//! on the tags of the CoNLL export, attributes on matched spans, per-document
//! figures, bootstrap intervals and the list of disagreements.
//!
//! Pure: [`compute`] takes documents already loaded ([`DocInput`]);
//! [`load`] reads them from a corpus.

pub mod bootstrap;
pub mod chance;
pub mod load;
pub mod spans;

use std::collections::HashMap;

use serde::Serialize;

use crate::annotation::{Annotation, attr};
use crate::corpus::positions::Positions;
use crate::export::tokenize::{Token, tokenize};
use crate::export::{DocInfo, Document, conll};
use chance::Table;
use spans::{Counts, Span};

pub use load::{LoadError, load};

/// The seed of the bootstrap (docs/AGREE.md).
pub const SEED: u64 = 11;
/// Bootstrap samples.
pub const SAMPLES: usize = 1000;

/// One document with every annotator's layer.
#[derive(Clone, Debug)]
pub struct DocInput {
    /// The path shown in reports (relative to the corpus root).
    pub path: String,
    /// The path printed by `--list` (as the user can open it).
    pub file: String,
    pub text: String,
    /// Per annotator (in [`Options::annotators`] order): the layer's status
    /// name (`todo`, `in-progress`, `done`) and its annotations.
    pub layers: Vec<LayerInput>,
}

#[derive(Clone, Debug, Default)]
pub struct LayerInput {
    /// `todo`, `in-progress` or `done`; `None` when the annotator is not in
    /// this document's team.
    pub status: Option<&'static str>,
    pub annotations: Vec<Annotation>,
}

impl LayerInput {
    /// A layer counts where it is done or in progress.
    pub fn counted(&self) -> bool {
        matches!(self.status, Some("done" | "in-progress"))
    }
}

/// What to compare.
#[derive(Clone, Debug, Default)]
pub struct Options {
    pub annotators: Vec<String>,
    /// The labels compared, in order (each gets its rows), with their types.
    pub labels: Vec<(String, Vec<String>)>,
    /// The labels of the CoNLL export whose tags give the overall κ and α
    /// (`hashiya export --format conll` with these `--label`s).
    pub token_labels: Vec<String>,
    /// Collect the disagreements (`--list`).
    pub list: bool,
}

/// The numbers behind one F1.
#[derive(Serialize, Clone, Debug, PartialEq)]
pub struct Scores {
    pub precision: Option<f64>,
    pub recall: Option<f64>,
    pub f1: Option<f64>,
    pub matched: u64,
    pub only_a: u64,
    pub only_b: u64,
}

impl From<Counts> for Scores {
    fn from(c: Counts) -> Self {
        Scores {
            precision: c.precision(),
            recall: c.recall(),
            f1: c.f1(),
            matched: c.matched,
            only_a: c.only_a,
            only_b: c.only_b,
        }
    }
}

/// One row of the pair table (`label = ""`: all labels together).
#[derive(Serialize, Clone, Debug, PartialEq)]
pub struct PairRow {
    pub a: String,
    pub b: String,
    pub label: String,
    #[serde(rename = "type")]
    pub kind: String,
    pub strict: Scores,
    pub overlap: Scores,
    pub kappa: Option<f64>,
}

/// An agreement rate with the number of matched pairs it rests on.
#[derive(Serialize, Clone, Debug, PartialEq, Default)]
pub struct Rate {
    pub agreement: Option<f64>,
    pub pairs: u64,
}

/// Attributes on overlap-matched spans, per pair of annotators.
#[derive(Serialize, Clone, Debug, PartialEq)]
pub struct Attributes {
    pub a: String,
    pub b: String,
    /// `value` equal, over matched pairs where either span has a value.
    pub value: Rate,
    /// Same speaker, over matched pairs where either span has a speaker.
    pub speaker: Rate,
    /// Cohen's κ of the types of matched spans of typed labels.
    pub type_kappa: Rate,
}

#[derive(Serialize, Clone, Debug, PartialEq)]
pub struct DocRow {
    pub path: String,
    /// The annotators whose layer counts here (done or in progress).
    pub annotators: Vec<String>,
    /// The others, with their status (`todo`; `absent` outside their team).
    pub skipped: std::collections::BTreeMap<String, String>,
    /// Strict and overlap F1 averaged over the pairs compared here.
    pub strict_f1: Option<f64>,
    pub overlap_f1: Option<f64>,
    pub alpha: Option<f64>,
}

#[derive(Serialize, Clone, Debug, PartialEq)]
pub struct Interval {
    pub estimate: Option<f64>,
    pub low: Option<f64>,
    pub high: Option<f64>,
    pub level: f64,
    pub samples: usize,
    pub seed: u64,
}

#[derive(Serialize, Clone, Debug, PartialEq)]
pub struct Intervals {
    pub strict_f1: Interval,
    pub alpha: Interval,
}

#[derive(Serialize, Clone, Debug, PartialEq)]
pub struct Average {
    pub strict_f1: Option<f64>,
    pub overlap_f1: Option<f64>,
    pub kappa: Option<f64>,
}

/// One disagreement between two annotators (`--list`).
#[derive(Serialize, Clone, Debug, PartialEq, Eq)]
pub struct Disagreement {
    pub file: String,
    /// Byte offset in the document (where the reader jumps).
    #[serde(skip)]
    pub at: usize,
    pub line: usize,
    pub column: usize,
    pub a: String,
    pub b: String,
    /// A's version and B's (`None`: nothing there).
    pub in_a: Option<Version>,
    pub in_b: Option<Version>,
    /// What differs: `span`, `type`, `value`, `speaker`, `only`.
    pub what: &'static str,
}

#[derive(Serialize, Clone, Debug, PartialEq, Eq)]
pub struct Version {
    pub label: String,
    #[serde(rename = "type")]
    pub kind: String,
    pub text: String,
    pub value: Option<String>,
}

/// Everything `hashiya agree` reports.
#[derive(Serialize, Clone, Debug, PartialEq)]
pub struct Report {
    pub annotators: Vec<String>,
    pub pairs: Vec<PairRow>,
    /// `""`: α on the tags; each label: binary α.
    pub alpha: std::collections::BTreeMap<String, Option<f64>>,
    pub documents: Vec<DocRow>,
    pub intervals: Intervals,
    pub average: Average,
    pub attributes: Vec<Attributes>,
    /// With [`Options::list`] only.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub disagreements: Option<Vec<Disagreement>>,
}

/// Row keys: 0 is all labels, then each label, then each (label, type).
struct Rows {
    /// (label index or None for overall, type index)
    keys: Vec<(Option<usize>, Option<usize>)>,
    /// (label index, type name) per type index.
    types: Vec<(usize, String)>,
}

impl Rows {
    fn new(labels: &[(String, Vec<String>)]) -> Rows {
        let mut keys = vec![(None, None)];
        let mut types = Vec::new();
        for (l, (_, ts)) in labels.iter().enumerate() {
            keys.push((Some(l), None));
            for t in ts {
                keys.push((Some(l), Some(types.len())));
                types.push((l, t.clone()));
            }
        }
        Rows { keys, types }
    }

    fn type_index(&self, label: usize, kind: &str) -> Option<usize> {
        self.types
            .iter()
            .position(|(l, t)| *l == label && t == kind)
    }
}

/// Category names of token tags (`O` is 0).
struct Categories {
    names: Vec<String>,
    index: HashMap<String, usize>,
}

impl Categories {
    fn new() -> Self {
        let mut c = Categories {
            names: Vec::new(),
            index: HashMap::new(),
        };
        c.get("O");
        c
    }

    fn get(&mut self, name: &str) -> usize {
        if let Some(&i) = self.index.get(name) {
            return i;
        }
        self.names.push(name.to_string());
        self.index.insert(name.to_string(), self.names.len() - 1);
        self.names.len() - 1
    }
}

/// Per document, what the figures are made of.
struct DocWork {
    /// Indices of the annotators counted here.
    counted: Vec<usize>,
    /// Spans per annotator (sorted by start, then end).
    spans: Vec<Vec<Span>>,
    /// Token categories per annotator per tag scheme (0: overall, 1 + l:
    /// label l alone).
    tags: Vec<Vec<Vec<usize>>>,
    /// Strict counts (overall) per pair index, for the bootstrap.
    strict: Vec<Option<Counts>>,
    overlap: Vec<Option<Counts>>,
    /// The overall coincidence table of this document (α).
    coincidence: Table,
}

/// The token categories of one layer in one CoNLL export: the tag each
/// token gets from `hashiya export --format conll --label L...` (accepted
/// annotations of those labels), `B-`/`I-` dropped.
fn tag_scheme(
    doc: &Document<'_>,
    accepted: &[&Annotation],
    labels: &[String],
    tokens: &[Token],
    cats: &Categories,
) -> Vec<usize> {
    let kept: Vec<&Annotation> = accepted
        .iter()
        .copied()
        .filter(|a| labels.contains(&a.label))
        .collect();
    // Problems of the BIO rule are the export's business, not a disagreement.
    let owners = conll::token_owners(doc, &kept, tokens, None);
    // Every tag was interned before (`compute`), so the lookup finds it.
    let cat_of: Vec<usize> = kept
        .iter()
        .map(|a| cats.index.get(&conll::tag_name(a)).copied().unwrap_or(0))
        .collect();
    owners
        .iter()
        .map(|o| o.and_then(|k| cat_of.get(k).copied()).unwrap_or(0))
        .collect()
}

/// What every document needs to know.
struct Context<'a> {
    opts: &'a Options,
    pairs: &'a [(usize, usize)],
    rows: &'a Rows,
    label_names: &'a [&'a str],
    cats: &'a Categories,
}

/// One document prepared: its work, and per pair its span counts (all
/// rows), attributes and disagreements.
struct Prepared {
    work: DocWork,
    cmp: Vec<Option<(Vec<Counts>, Vec<Counts>)>>,
    attrs: Vec<AttrAcc>,
    disagreements: Vec<Disagreement>,
}

fn prepare(doc: &DocInput, ctx: &Context<'_>) -> Prepared {
    let (opts, pairs, rows, label_names) = (ctx.opts, ctx.pairs, ctx.rows, ctx.label_names);
    let n_ann = opts.annotators.len();
    let counted: Vec<usize> = (0..n_ann)
        .filter(|&a| doc.layers.get(a).is_some_and(LayerInput::counted))
        .collect();
    let mut spans_of: Vec<Vec<Span>> = vec![Vec::new(); n_ann];
    let mut tags: Vec<Vec<Vec<usize>>> = vec![Vec::new(); n_ann];
    let mut out = Prepared {
        work: DocWork {
            counted: Vec::new(),
            spans: Vec::new(),
            tags: Vec::new(),
            strict: vec![None; pairs.len()],
            overlap: vec![None; pairs.len()],
            coincidence: Table::new(0),
        },
        cmp: vec![None; pairs.len()],
        attrs: vec![AttrAcc::default(); pairs.len()],
        disagreements: Vec::new(),
    };
    if counted.len() >= 2 {
        let tokens = tokenize(&doc.text);
        let info = DocInfo {
            id: String::new(),
            path: doc.path.clone(),
            language: None,
            direction: None,
            layer: None,
        };
        let d = Document {
            info: &info,
            text: &doc.text,
            annotations: &[],
        };
        for &a in &counted {
            let anns = &doc.layers[a].annotations;
            spans_of[a] = spans_of_layer(anns, label_names, rows);
            let accepted: Vec<&Annotation> = anns
                .iter()
                .filter(|x| x.status == crate::annotation::Status::Accepted)
                .collect();
            let mut schemes = Vec::with_capacity(1 + opts.labels.len());
            schemes.push(tag_scheme(
                &d,
                &accepted,
                &opts.token_labels,
                &tokens,
                ctx.cats,
            ));
            for l in &opts.labels {
                if opts.token_labels.len() == 1 && opts.token_labels[0] == l.0 {
                    let same = schemes[0].clone();
                    schemes.push(same);
                } else {
                    schemes.push(tag_scheme(
                        &d,
                        &accepted,
                        std::slice::from_ref(&l.0),
                        &tokens,
                        ctx.cats,
                    ));
                }
            }
            tags[a] = schemes;
        }
    }
    let w = &mut out.work;
    w.counted = counted;
    w.spans = spans_of;
    w.tags = tags;
    for (p, &(a, b)) in pairs.iter().enumerate() {
        if !(w.counted.contains(&a) && w.counted.contains(&b)) {
            continue;
        }
        let cmp = compare_spans(&w.spans[a], &w.spans[b], rows, opts.labels.len());
        w.strict[p] = Some(cmp.strict[0]);
        w.overlap[p] = Some(cmp.overlap[0]);
        let la = &doc.layers[a].annotations;
        let lb = &doc.layers[b].annotations;
        out.attrs[p].add(&cmp.matched, &w.spans[a], &w.spans[b], la, lb, rows);
        if opts.list {
            list_disagreements(
                doc,
                (&opts.annotators[a], &opts.annotators[b]),
                (&w.spans[a], &w.spans[b]),
                (la, lb),
                &cmp.matched,
                label_names,
                rows,
                &mut out.disagreements,
            );
        }
        out.cmp[p] = Some((cmp.strict, cmp.overlap));
    }
    out
}

/// Compute every figure.
pub fn compute(docs: &[DocInput], opts: &Options) -> Report {
    compute_with(docs, opts, &mut || Ok(()))
        .unwrap_or_else(|e: std::convert::Infallible| match e {})
}

/// [`compute`], calling `tick` before each of the bootstrap's [`SAMPLES`]
/// samples (most of the time on a large corpus); the first error of `tick`
/// stops the computation.
pub fn compute_with<E>(
    docs: &[DocInput],
    opts: &Options,
    tick: &mut dyn FnMut() -> Result<(), E>,
) -> Result<Report, E> {
    let n_ann = opts.annotators.len();
    let pairs: Vec<(usize, usize)> = (0..n_ann)
        .flat_map(|a| (a + 1..n_ann).map(move |b| (a, b)))
        .collect();
    let rows = Rows::new(&opts.labels);
    let label_names: Vec<&str> = opts.labels.iter().map(|l| l.0.as_str()).collect();
    let mut cats = Categories::new();

    // Per (pair, row): strict and overlap counts; confusion entries for κ.
    let n_rows = rows.keys.len();
    let mut strict = vec![vec![Counts::default(); n_rows]; pairs.len()];
    let mut overlap = vec![vec![Counts::default(); n_rows]; pairs.len()];
    let mut attrs: Vec<AttrAcc> = vec![AttrAcc::default(); pairs.len()];
    let mut disagreements = Vec::new();
    let mut work: Vec<DocWork> = Vec::with_capacity(docs.len());

    // Every token category up front (the tag of every accepted
    // annotation), so that documents can be prepared in parallel.
    for doc in docs {
        for (a, l) in doc.layers.iter().enumerate() {
            if a < n_ann && l.counted() {
                for x in &l.annotations {
                    if x.status == crate::annotation::Status::Accepted {
                        cats.get(&conll::tag_name(x));
                    }
                }
            }
        }
    }
    let ctx = Context {
        opts,
        pairs: &pairs,
        rows: &rows,
        label_names: &label_names,
        cats: &cats,
    };
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .clamp(1, 8)
        .min(docs.len().max(1));
    let chunk = docs.len().div_ceil(threads).max(1);
    let prepared: Vec<Prepared> = if threads == 1 {
        docs.iter().map(|d| prepare(d, &ctx)).collect()
    } else {
        std::thread::scope(|s| {
            let handles: Vec<_> = docs
                .chunks(chunk)
                .map(|part| {
                    let ctx = &ctx;
                    s.spawn(move || part.iter().map(|d| prepare(d, ctx)).collect::<Vec<_>>())
                })
                .collect();
            handles
                .into_iter()
                .flat_map(|h| h.join().unwrap_or_else(|e| std::panic::resume_unwind(e)))
                .collect()
        })
    };
    for pre in prepared {
        for (p, c) in pre.cmp.into_iter().enumerate() {
            let Some((st, ov)) = c else { continue };
            for (r, c) in st.iter().enumerate() {
                strict[p][r].add(*c);
            }
            for (r, c) in ov.iter().enumerate() {
                overlap[p][r].add(*c);
            }
        }
        for (acc, o) in attrs.iter_mut().zip(pre.attrs) {
            acc.merge(o);
        }
        disagreements.extend(pre.disagreements);
        work.push(pre.work);
    }

    // Token tables, now that every category is known: per pair and tag
    // scheme a confusion table (κ), per scheme a coincidence table (α);
    // the binary tables of labels and types are these tables collapsed.
    let k = cats.names.len();
    let n_schemes = 1 + opts.labels.len();
    let mut confusion: Vec<Vec<Table>> = pairs
        .iter()
        .map(|_| (0..n_schemes).map(|_| Table::new(k)).collect())
        .collect();
    let mut coincidence: Vec<Table> = (0..n_schemes).map(|_| Table::new(k)).collect();
    let mut counts: Vec<(usize, u32)> = Vec::with_capacity(n_ann);
    for w in &mut work {
        w.coincidence = Table::new(k);
        if w.counted.len() < 2 {
            continue;
        }
        for (p, &(a, b)) in pairs.iter().enumerate() {
            if !(w.counted.contains(&a) && w.counted.contains(&b)) {
                continue;
            }
            for (s, table) in confusion[p].iter_mut().enumerate() {
                for (&x, &y) in w.tags[a][s].iter().zip(&w.tags[b][s]) {
                    table.add_at(x, y, 1.0);
                }
            }
        }
        for (s, total) in coincidence.iter_mut().enumerate() {
            let mut doc_table = Table::new(k);
            let n_tok = w.tags[w.counted[0]][s].len();
            for i in 0..n_tok {
                unit_counts(w.counted.iter().map(|&a| w.tags[a][s][i]), &mut counts);
                chance::add_unit(&mut doc_table, &counts);
            }
            total.add(&doc_table);
            if s == 0 {
                w.coincidence = doc_table;
            }
        }
    }
    let type_cat: Vec<Option<usize>> = rows
        .types
        .iter()
        .map(|(_, t)| cats.index.get(t).copied())
        .collect();
    // The table of a row: all tags, or inside a label / a type or not.
    let row_table = |tables: &[Table], row: (Option<usize>, Option<usize>)| -> Table {
        match row {
            (Some(l), None) => tables[1 + l].collapse(|c| usize::from(c != 0)),
            (Some(l), Some(t)) => tables[1 + l].collapse(|c| usize::from(type_cat[t] == Some(c))),
            _ => tables[0].clone(),
        }
    };
    let kappa_tables: Vec<Vec<Table>> = confusion
        .iter()
        .map(|c| rows.keys.iter().map(|&row| row_table(c, row)).collect())
        .collect();
    let label_rows: Vec<usize> = (0..n_rows)
        .filter(|&r| matches!(rows.keys[r], (Some(_), None)))
        .collect();
    let alpha_tables: Vec<Table> = rows
        .keys
        .iter()
        .map(|&row| row_table(&coincidence, row))
        .collect();

    // The report.
    let mut pair_rows = Vec::new();
    for (p, &(a, b)) in pairs.iter().enumerate() {
        for (r, &(l, t)) in rows.keys.iter().enumerate() {
            pair_rows.push(PairRow {
                a: opts.annotators[a].clone(),
                b: opts.annotators[b].clone(),
                label: l.map(|l| opts.labels[l].0.clone()).unwrap_or_default(),
                kind: t.map(|t| rows.types[t].1.clone()).unwrap_or_default(),
                strict: strict[p][r].into(),
                overlap: overlap[p][r].into(),
                kappa: chance::kappa(&kappa_tables[p][r]),
            });
        }
    }
    let mut alpha = std::collections::BTreeMap::new();
    alpha.insert(String::new(), chance::alpha(&alpha_tables[0]));
    for &r in &label_rows {
        if let (Some(l), _) = rows.keys[r] {
            alpha.insert(opts.labels[l].0.clone(), chance::alpha(&alpha_tables[r]));
        }
    }
    let mean = |v: Vec<Option<f64>>| -> Option<f64> {
        let d: Vec<f64> = v.into_iter().flatten().collect();
        (!d.is_empty()).then(|| d.iter().sum::<f64>() / d.len() as f64)
    };
    let average = Average {
        strict_f1: mean(strict.iter().map(|r| r[0].f1()).collect()),
        overlap_f1: mean(overlap.iter().map(|r| r[0].f1()).collect()),
        kappa: mean(kappa_tables.iter().map(|t| chance::kappa(&t[0])).collect()),
    };
    let documents = docs
        .iter()
        .zip(&work)
        .map(|(d, w)| DocRow {
            path: d.path.clone(),
            annotators: w
                .counted
                .iter()
                .map(|&a| opts.annotators[a].clone())
                .collect(),
            skipped: (0..n_ann)
                .filter(|a| !w.counted.contains(a))
                .map(|a| {
                    let s = d.layers.get(a).and_then(|l| l.status).unwrap_or("absent");
                    (opts.annotators[a].clone(), s.to_string())
                })
                .collect(),
            strict_f1: mean(w.strict.iter().map(|c| c.and_then(|c| c.f1())).collect()),
            overlap_f1: mean(w.overlap.iter().map(|c| c.and_then(|c| c.f1())).collect()),
            alpha: chance::alpha(&w.coincidence),
        })
        .collect();
    let intervals = intervals(&work, pairs.len(), k, average.strict_f1, alpha[""], tick)?;
    let attributes = pairs
        .iter()
        .zip(&attrs)
        .map(|(&(a, b), acc)| acc.report(&opts.annotators[a], &opts.annotators[b]))
        .collect();
    disagreements.sort_by(|x: &Disagreement, y: &Disagreement| {
        (&x.file, x.line, x.column, &x.a, &x.b).cmp(&(&y.file, y.line, y.column, &y.a, &y.b))
    });
    Ok(Report {
        annotators: opts.annotators.clone(),
        pairs: pair_rows,
        alpha,
        documents,
        intervals,
        average,
        attributes,
        disagreements: opts.list.then_some(disagreements),
    })
}

/// Count the values of one unit into `(category, count)` pairs.
fn unit_counts(values: impl Iterator<Item = usize>, out: &mut Vec<(usize, u32)>) {
    out.clear();
    for v in values {
        match out.iter_mut().find(|c| c.0 == v) {
            Some(c) => c.1 += 1,
            None => out.push((v, 1)),
        }
    }
}

/// The compared spans of a layer: accepted, of a compared label.
fn spans_of_layer(anns: &[Annotation], labels: &[&str], rows: &Rows) -> Vec<Span> {
    let mut out: Vec<Span> = anns
        .iter()
        .enumerate()
        .filter(|(_, a)| a.status == crate::annotation::Status::Accepted)
        .filter_map(|(i, a)| {
            let label = labels.iter().position(|l| *l == a.label)?;
            Some(Span {
                range: a.span.clone(),
                label,
                kind: a.kind.as_deref().and_then(|k| rows.type_index(label, k)),
                ann: i,
            })
        })
        .collect();
    out.sort_by_key(|s| (s.range.start, s.range.end, s.ann));
    out
}

struct Comparison {
    strict: Vec<Counts>,
    overlap: Vec<Counts>,
    /// Overlap-matched pairs of span indices (same label, any type).
    matched: Vec<(usize, usize)>,
}

fn compare_spans(a: &[Span], b: &[Span], rows: &Rows, n_labels: usize) -> Comparison {
    let mut strict = vec![Counts::default(); rows.keys.len()];
    let mut overlap = vec![Counts::default(); rows.keys.len()];
    let mut matched = Vec::new();
    for (r, &(l, t)) in rows.keys.iter().enumerate().skip(1) {
        let Some(l) = l else { continue };
        let keep = |s: &&Span| s.label == l && (t.is_none() || s.kind == t);
        let ia: Vec<usize> = (0..a.len()).filter(|&i| keep(&&a[i])).collect();
        let ib: Vec<usize> = (0..b.len()).filter(|&j| keep(&&b[j])).collect();
        let sa: Vec<&Span> = ia.iter().map(|&i| &a[i]).collect();
        let sb: Vec<&Span> = ib.iter().map(|&j| &b[j]).collect();
        let sm = spans::strict_matches(&sa, &sb);
        strict[r] = Counts {
            matched: sm,
            only_a: sa.len() as u64 - sm,
            only_b: sb.len() as u64 - sm,
        };
        let m = spans::overlap_matching(&sa, &sb);
        let om = m.len() as u64;
        overlap[r] = Counts {
            matched: om,
            only_a: sa.len() as u64 - om,
            only_b: sb.len() as u64 - om,
        };
        if t.is_none() {
            matched.extend(m.iter().map(|&(i, j)| (ia[i], ib[j])));
        }
    }
    // Overall: the sum over labels.
    let _ = n_labels;
    for r in 1..rows.keys.len() {
        if rows.keys[r].1.is_none() {
            let (s, o) = (strict[r], overlap[r]);
            strict[0].add(s);
            overlap[0].add(o);
        }
    }
    matched.sort_unstable();
    Comparison {
        strict,
        overlap,
        matched,
    }
}

#[derive(Clone, Default)]
struct AttrAcc {
    value_pairs: u64,
    value_agree: u64,
    speaker_pairs: u64,
    speaker_agree: u64,
    /// Type confusion over matched typed spans: (a's type, b's type) -> count.
    types: HashMap<(Option<usize>, Option<usize>), u64>,
}

impl AttrAcc {
    fn merge(&mut self, o: AttrAcc) {
        self.value_pairs += o.value_pairs;
        self.value_agree += o.value_agree;
        self.speaker_pairs += o.speaker_pairs;
        self.speaker_agree += o.speaker_agree;
        for (k, v) in o.types {
            *self.types.entry(k).or_default() += v;
        }
    }

    fn add(
        &mut self,
        matched: &[(usize, usize)],
        sa: &[Span],
        sb: &[Span],
        la: &[Annotation],
        lb: &[Annotation],
        rows: &Rows,
    ) {
        let partner: HashMap<usize, usize> = matched
            .iter()
            .map(|&(i, j)| (sa[i].ann, sb[j].ann))
            .collect();
        for &(i, j) in matched {
            let (x, y) = (&la[sa[i].ann], &lb[sb[j].ann]);
            let (vx, vy) = (x.attrs.get(attr::VALUE), y.attrs.get(attr::VALUE));
            if vx.is_some() || vy.is_some() {
                self.value_pairs += 1;
                if vx.is_some() && vx == vy {
                    self.value_agree += 1;
                }
            }
            let (px, py) = (x.attrs.get(attr::SPEAKER), y.attrs.get(attr::SPEAKER));
            if px.is_some() || py.is_some() {
                self.speaker_pairs += 1;
                if let (Some(px), Some(py)) = (px, py) {
                    let ix = la.iter().position(|a| &a.id == px);
                    let iy = lb.iter().position(|a| &a.id == py);
                    // A speaker that names no annotation of its layer agrees with nothing.
                    if let (Some(ix), Some(iy)) = (ix, iy)
                        && partner.get(&ix) == Some(&iy)
                    {
                        self.speaker_agree += 1;
                    }
                }
            }
            let typed = rows.types.iter().any(|(l, _)| *l == sa[i].label);
            if typed {
                *self.types.entry((sa[i].kind, sb[j].kind)).or_default() += 1;
            }
        }
    }

    fn report(&self, a: &str, b: &str) -> Attributes {
        let rate = |agree: u64, pairs: u64| Rate {
            agreement: (pairs > 0).then(|| agree as f64 / pairs as f64),
            pairs,
        };
        // κ over the types seen, with "no type" as a category of its own.
        let mut names: Vec<Option<usize>> = Vec::new();
        for (x, y) in self.types.keys() {
            for v in [x, y] {
                if !names.contains(v) {
                    names.push(*v);
                }
            }
        }
        names.sort();
        let mut t = Table::new(names.len());
        let mut n = 0;
        for (&(x, y), &c) in &self.types {
            let (Some(i), Some(j)) = (
                names.iter().position(|v| *v == x),
                names.iter().position(|v| *v == y),
            ) else {
                continue;
            };
            t.add_at(i, j, c as f64);
            n += c;
        }
        Attributes {
            a: a.to_string(),
            b: b.to_string(),
            value: rate(self.value_agree, self.value_pairs),
            speaker: rate(self.speaker_agree, self.speaker_pairs),
            type_kappa: Rate {
                agreement: chance::kappa(&t),
                pairs: n,
            },
        }
    }
}

#[allow(clippy::too_many_arguments)]
fn list_disagreements(
    doc: &DocInput,
    names: (&str, &str),
    spans: (&[Span], &[Span]),
    layers: (&[Annotation], &[Annotation]),
    matched: &[(usize, usize)],
    labels: &[&str],
    rows: &Rows,
    out: &mut Vec<Disagreement>,
) {
    let pos = Positions::new(&doc.text);
    let version = |s: &Span, anns: &[Annotation]| -> Version {
        let a = &anns[s.ann];
        Version {
            label: labels.get(s.label).copied().unwrap_or_default().to_string(),
            kind: s.kind.map(|t| rows.types[t].1.clone()).unwrap_or_default(),
            text: doc
                .text
                .get(s.range.clone())
                .unwrap_or_default()
                .to_string(),
            value: a.attrs.get(attr::VALUE).cloned(),
        }
    };
    let mut push = |at: usize, in_a: Option<Version>, in_b: Option<Version>, what| {
        let (line, column) = pos.line_column(at);
        out.push(Disagreement {
            file: doc.file.clone(),
            at,
            line,
            column,
            a: names.0.to_string(),
            b: names.1.to_string(),
            in_a,
            in_b,
            what,
        });
    };
    let (sa, sb) = spans;
    let mut used_a = vec![false; sa.len()];
    let mut used_b = vec![false; sb.len()];
    for &(i, j) in matched {
        used_a[i] = true;
        used_b[j] = true;
        let (x, y) = (&sa[i], &sb[j]);
        let what = if x.range != y.range {
            "span"
        } else if x.kind != y.kind {
            "type"
        } else if layers.0[x.ann].attrs.get(attr::VALUE) != layers.1[y.ann].attrs.get(attr::VALUE) {
            "value"
        } else {
            continue;
        };
        push(
            x.range.start.min(y.range.start),
            Some(version(x, layers.0)),
            Some(version(y, layers.1)),
            what,
        );
    }
    for (i, s) in sa.iter().enumerate() {
        if !used_a[i] {
            push(s.range.start, Some(version(s, layers.0)), None, "only");
        }
    }
    for (j, s) in sb.iter().enumerate() {
        if !used_b[j] {
            push(s.range.start, None, Some(version(s, layers.1)), "only");
        }
    }
}

/// Percentile bootstrap over documents: the averaged strict F1 and the
/// overall α recomputed on [`SAMPLES`] resamples of the compared documents.
fn intervals<E>(
    work: &[DocWork],
    n_pairs: usize,
    k: usize,
    strict_est: Option<f64>,
    alpha_est: Option<f64>,
    tick: &mut dyn FnMut() -> Result<(), E>,
) -> Result<Intervals, E> {
    let compared: Vec<&DocWork> = work.iter().filter(|w| w.counted.len() >= 2).collect();
    let mut rng = bootstrap::SplitMix64::new(SEED);
    let mut f1s = Vec::with_capacity(SAMPLES);
    let mut alphas = Vec::with_capacity(SAMPLES);
    if !compared.is_empty() {
        let n = compared.len();
        let mut sums = vec![Counts::default(); n_pairs];
        let mut table = Table::new(k);
        for _ in 0..SAMPLES {
            tick()?;
            sums.iter_mut().for_each(|c| *c = Counts::default());
            table.cells.iter_mut().for_each(|c| *c = 0.0);
            for _ in 0..n {
                let w = compared[rng.below(n)];
                for (s, c) in sums.iter_mut().zip(&w.strict) {
                    if let Some(c) = c {
                        s.add(*c);
                    }
                }
                table.add(&w.coincidence);
            }
            let f: Vec<f64> = sums.iter().filter_map(Counts::f1).collect();
            if !f.is_empty() {
                f1s.push(f.iter().sum::<f64>() / f.len() as f64);
            }
            if let Some(a) = chance::alpha(&table) {
                alphas.push(a);
            }
        }
    }
    let interval = |est: Option<f64>, v: &mut Vec<f64>| {
        v.sort_by(f64::total_cmp);
        Interval {
            estimate: est,
            low: bootstrap::percentile(v, 2.5),
            high: bootstrap::percentile(v, 97.5),
            level: 0.95,
            samples: SAMPLES,
            seed: SEED,
        }
    };
    Ok(Intervals {
        strict_f1: interval(strict_est, &mut f1s),
        alpha: interval(alpha_est, &mut alphas),
    })
}
