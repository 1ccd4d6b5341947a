//! `hashiya export`: write a labeled dataset of a corpus (docs/EXPORT.md).
//!
//! Exit codes: 0 written, format-inherent adjustments (a span widened to
//! its tokens, an overlap resolved by the BIO rule…) listed as warnings; 2
//! written, but something asked for was left out (unreadable sidecars,
//! orphans, a cross-document link brat cannot hold…), or warnings with
//! `--strict`; 1 nothing usable was written (bad arguments, unreadable
//! corpus, output error).

use std::collections::BTreeMap;
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, bail};

use super::progress::Progress;
use crate::annotation::Status;
use crate::corpus::atomic::AtomicWriter;
use crate::corpus::output::OutputKind;
use crate::corpus::stream::Streamed;
use crate::corpus::{DocStatus, Layer};
use crate::export::load::{At, Language, Loaded, load_at};
use crate::export::{self, Document, Problem, Selection, Statuses, brat, conll, jsonl, split, tmx};

#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// One JSON object per document: text, character spans, relations.
    Jsonl,
    /// CoNLL-2003 style `token TAG` (IOB2) lines.
    Conll,
    /// brat standoff: `.txt` + `.ann` per document (needs --out FOLDER).
    Brat,
    /// One row per claim, for reviewers.
    Csv,
    /// TMX 1.4 of the aligned sentences of each declared translation pair.
    Tmx,
}

#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum DocumentsArg {
    /// Documents marked done (`D` in the reader) only.
    Done,
    /// Documents a person worked on: marked done, or holding an accepted
    /// annotation of the exported labels.
    Annotated,
    /// Every document, annotated or not.
    All,
}

fn parse_statuses(s: &str) -> Result<Statuses, String> {
    Statuses::parse(s)
}

fn parse_split(s: &str) -> Result<split::Spec, String> {
    split::Spec::parse(s)
}

/// Write a labeled dataset (jsonl, conll, brat, csv, tmx).
///
/// Exit status: 0 written (format adjustments are warnings); 2 written, but
/// something asked for was left out (listed on stderr), or warnings with
/// --strict; 1 failure.
#[derive(clap::Args, Debug)]
#[command(
    after_help = "Exit status: 0 written, even when the format made its documented \
adjustments (a span widened to whole tokens, an overlap resolved by the BIO rule), which are \
listed as warnings; 2 written, but something asked for was left out (listed on stderr), or any \
warning with --strict; 1 failure. Documents nobody worked on are listed on stderr, not exported \
(--documents all exports them). Formats and rules: docs/EXPORT.md."
)]
pub struct Args {
    /// Output format.
    #[arg(long, value_enum)]
    pub format: Format,
    /// Output file (folder for brat, and with --split). Default: standard
    /// output. Never a document, sidecar or other file of the corpus, nor a
    /// folder inside it for brat, unless --force.
    #[arg(long, value_name = "PATH")]
    pub out: Option<PathBuf>,
    /// Write --out even where it is a corpus file or inside a corpus.
    #[arg(long)]
    pub force: bool,
    /// Export only this label (repeatable). CoNLL default: entity.
    #[arg(long = "label", value_name = "L")]
    pub labels: Vec<String>,
    /// This annotator's work (repeatable): in a team corpus, their layer;
    /// otherwise the gold annotations they made.
    #[arg(long = "annotator", value_name = "A")]
    pub annotators: Vec<String>,
    /// Layers to export in a team corpus: `all` (every annotator and gold),
    /// or names separated by commas (`gold` is the adjudicated layer).
    /// Every span carries its annotator; JSONL lines carry their layer.
    #[arg(
        long,
        value_name = "LIST",
        value_delimiter = ',',
        conflicts_with = "annotators"
    )]
    pub layers: Vec<String>,
    /// Annotations by review status, separated by commas: `accepted`
    /// (default), `accepted,suggested`, `all` (= accepted,suggested,rejected).
    /// CoNLL and TMX never write a rejected annotation as a label; JSONL,
    /// brat and CSV write each annotation's status.
    #[arg(long, value_name = "SET", default_value = "accepted", value_parser = parse_statuses)]
    pub status: Statuses,
    /// Which documents: `annotated` (default; marked done or holding an
    /// accepted annotation), `done`, or `all`. TMX defaults to `all`.
    #[arg(long, value_enum, value_name = "WHICH")]
    pub documents: Option<DocumentsArg>,
    /// Warnings (format adjustments) make the exit status 2, for CI.
    #[arg(long)]
    pub strict: bool,
    /// CSV: start with a UTF-8 byte order mark, so that spreadsheets
    /// (Excel) read the file as UTF-8.
    #[arg(long, visible_alias = "excel")]
    pub bom: bool,
    /// Split by document into named parts, e.g. `train=0.8,dev=0.1,test=0.1`;
    /// translation pairs stay together; one output per part in --out DIR,
    /// and the split recorded in DIR/splits.toml (kept by later exports).
    #[arg(long, value_name = "SPEC", value_parser = parse_split, requires = "out")]
    pub split: Option<split::Spec>,
    /// Seed of the split (the same seed gives the same split).
    #[arg(long, value_name = "N", default_value_t = 0, requires = "split")]
    pub seed: u64,
    /// Corpus folders or documents (default: the current folder).
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,
}

/// The layers an export reads, and the annotators whose gold annotations
/// it keeps (outside a team, `--annotator` filters the gold file).
fn layers_asked(args: &Args, corpora: &[Streamed]) -> anyhow::Result<(Vec<Layer>, Vec<String>)> {
    let teams: Vec<&crate::corpus::Team> = corpora
        .iter()
        .filter_map(|c| c.manifest.team.as_ref())
        .collect();
    let known = |name: &str| teams.iter().any(|t| t.has(name));
    let listed = || {
        let mut all: Vec<String> = Vec::new();
        for t in &teams {
            for a in &t.annotators {
                if !all.contains(a) {
                    all.push(a.clone());
                }
            }
        }
        all
    };
    if !args.layers.is_empty() {
        anyhow::ensure!(
            !teams.is_empty(),
            "--layers: no corpus here has a [team] in hashiya.toml; without a team there is only the gold layer"
        );
        let mut out = Vec::new();
        for name in &args.layers {
            let add: Vec<Layer> = match name.as_str() {
                "all" => listed()
                    .into_iter()
                    .map(Layer::Annotator)
                    .chain([Layer::Gold])
                    .collect(),
                "gold" => vec![Layer::Gold],
                a if known(a) => vec![Layer::Annotator(a.to_string())],
                a => bail!(
                    "--layers: {} is not an annotator of the team ({}), `gold` or `all`",
                    export::quoted(a),
                    listed().join(", ")
                ),
            };
            for l in add {
                if !out.contains(&l) {
                    out.push(l);
                }
            }
        }
        return Ok((out, Vec::new()));
    }
    if teams.is_empty() || args.annotators.is_empty() {
        return Ok((vec![Layer::Gold], args.annotators.clone()));
    }
    let mut out = Vec::new();
    for a in &args.annotators {
        anyhow::ensure!(
            known(a),
            "--annotator {}: not an annotator of the team ({})",
            export::quoted(a),
            listed().join(", ")
        );
        let l = Layer::Annotator(a.clone());
        if !out.contains(&l) {
            out.push(l);
        }
    }
    Ok((out, Vec::new()))
}

/// Where one layer's output goes when several are exported: `DIR/LAYER.EXT`
/// (brat: `DIR/LAYER/`).
fn layer_out(
    args: &Args,
    out: &Option<PathBuf>,
    layer: &Layer,
    several: bool,
) -> anyhow::Result<Option<PathBuf>> {
    if !several {
        return Ok(out.clone());
    }
    let Some(dir) = out else {
        bail!(
            "exporting several layers as {:?} writes one output per layer: give a folder with --out DIR",
            args.format
        );
    };
    Ok(Some(named_output(dir, layer.name(), args.format)))
}

/// `DIR/NAME.EXT` for a format (brat: the folder `DIR/NAME/`).
fn named_output(dir: &Path, name: &str, format: Format) -> PathBuf {
    match format {
        Format::Brat => dir.join(name),
        Format::Conll => dir.join(format!("{name}.conll")),
        Format::Csv => dir.join(format!("{name}.csv")),
        Format::Jsonl => dir.join(format!("{name}.jsonl")),
        Format::Tmx => dir.join(format!("{name}.tmx")),
    }
}

/// Where an export writes: standard output, or a file that is replaced
/// only once the export is whole ([`Out::finish`]); an export stopped by an
/// error or Ctrl-C leaves an earlier file there as it was.
enum Out {
    Stdout(BufWriter<io::StdoutLock<'static>>),
    File(AtomicWriter),
}

impl Write for Out {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        match self {
            Out::Stdout(w) => w.write(buf),
            Out::File(w) => w.write(buf),
        }
    }

    fn flush(&mut self) -> io::Result<()> {
        match self {
            Out::Stdout(w) => w.flush(),
            Out::File(w) => w.flush(),
        }
    }
}

impl Out {
    /// The export is complete: flush, and put the file in place.
    fn finish(self) -> io::Result<()> {
        match self {
            Out::Stdout(mut w) => w.flush(),
            Out::File(w) => w.commit(),
        }
    }
}

fn output(out: &Option<PathBuf>) -> anyhow::Result<Out> {
    let Some(p) = out else {
        return Ok(Out::Stdout(BufWriter::new(io::stdout().lock())));
    };
    if let Some(parent) = p.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent)
            .with_context(|| format!("cannot create {}", parent.display()))?;
    }
    Ok(Out::File(AtomicWriter::create(p).with_context(|| {
        format!("cannot create {}", p.display())
    })?))
}

/// Why a document of a layer is or is not exported, and its pending
/// suggestions (of the exported labels and annotators).
struct Worked {
    exported: bool,
    pending: usize,
}

fn worked(l: &Loaded, selection: &Selection, which: DocumentsArg) -> Worked {
    let matching = || l.annotations.iter().filter(|a| selection.matches(a));
    let pending = matching().filter(|a| a.status == Status::Suggested).count();
    let done = l.status == DocStatus::Done;
    let exported = match which {
        DocumentsArg::All => true,
        DocumentsArg::Done => done,
        DocumentsArg::Annotated => done || matching().any(|a| a.status == Status::Accepted),
    };
    Worked { exported, pending }
}

/// What the export tells on stderr besides problems: documents not
/// exported, and pending suggestions in exported ones.
#[derive(Default)]
struct Summary {
    exported: usize,
    /// Documents not exported: how many, and those with pending
    /// suggestions (by name).
    left_out: usize,
    left_out_pending: Vec<(String, usize)>,
    pending: Vec<(String, usize)>,
}

impl Summary {
    fn print(&self, which: DocumentsArg) -> io::Result<()> {
        if self.left_out == 0 && self.pending.is_empty() {
            return Ok(());
        }
        let mut err = io::stderr().lock();
        let why = match which {
            DocumentsArg::Done => "not marked done",
            _ => "not marked done and no accepted annotation",
        };
        // One line per document with suggestions waiting; untouched ones
        // (nothing in the layer) are only counted, a large corpus has many.
        for (doc, n) in &self.left_out_pending {
            writeln!(
                err,
                "hashiya: {}: not exported ({why}): {n} pending suggestion(s)",
                export::escape_invisible(doc)
            )?;
        }
        let mut line = format!("hashiya export: {} document(s) exported", self.exported);
        if self.left_out > 0 {
            let untouched = self.left_out - self.left_out_pending.len();
            line.push_str(&format!(
                ", {} not worked on left out ({untouched} without any annotation; --documents all exports them)",
                self.left_out
            ));
        }
        if !self.pending.is_empty() {
            let list: Vec<String> = self
                .pending
                .iter()
                .map(|(d, n)| format!("{} {n}", export::escape_invisible(d)))
                .collect();
            line.push_str(&format!(
                "; pending suggestions in exported documents: {}",
                list.join(", ")
            ));
        }
        writeln!(err, "{line}")
    }
}

/// The name of a document in messages: its path, with the layer when
/// several are exported.
fn doc_label(l: &Loaded, layer: &Layer, layered: bool) -> String {
    if layered {
        format!("{} [{}]", l.info.path, layer.name())
    } else {
        l.info.path.clone()
    }
}

/// A document an export writes, where a list of them is kept: with
/// `--split` (every document, for the split) and for TMX (the documents of
/// declared pairs): its corpus (index into the selection), its
/// corpus-relative path, its split part and its language.
///
/// The export reads the corpus twice, one document at a time: once to
/// decide which documents it writes and to gather what the writers need
/// from the whole export (the attribute keys, the documents links point
/// to), then again to write them, so that no more than one document's text
/// is held at once. A plain export keeps nothing per document: the second
/// pass walks the corpus again and decides again.
struct Chosen {
    corpus: usize,
    rel: String,
    part: usize,
    language: Option<String>,
}

/// Load the document `rel` of `corpus` (its language detected from its
/// text).
fn load(
    corpus: &Streamed,
    rel: &str,
    layer: &Layer,
    problems: &mut Vec<Problem>,
) -> Option<Loaded> {
    load_with(corpus, rel, Language::Detect, layer, problems)
}

fn load_with(
    corpus: &Streamed,
    rel: &str,
    lang: Language<'_>,
    layer: &Layer,
    problems: &mut Vec<Problem>,
) -> Option<Loaded> {
    let path = corpus.path_of(rel);
    let at = At {
        root: &corpus.root,
        manifest: &corpus.manifest,
        path: &path,
        rel,
    };
    load_at(&at, lang, layer, problems)
}

/// Every document the paths select, corpus by corpus: its corpus's index
/// and its corpus-relative name.
fn each_found(
    corpora: &[Streamed],
) -> impl Iterator<Item = Result<(usize, String), crate::corpus::CorpusError>> + '_ {
    corpora
        .iter()
        .enumerate()
        .flat_map(|(k, c)| c.documents().map(move |f| f.map(|f| (k, f.rel))))
}

/// A document [`each_loaded`] hands over: its corpus (index), its
/// corpus-relative name, the document loaded (`None`: it could not be) and
/// what loading it reported.
struct Read {
    corpus: usize,
    rel: String,
    loaded: Option<Loaded>,
    problems: Vec<Problem>,
}

/// Threads that read documents ahead of an export, each every other one.
const READERS: usize = 2;

/// Documents each reader thread may have read ahead.
const AHEAD: usize = 16;

/// Call `f` with every document the paths select that `wanted` keeps,
/// loaded in `layer` (language as `lang` says), in the order of the walk.
/// [`READERS`] threads read and check the documents (most of an export's
/// time), each every other document and at most [`AHEAD`] ahead, so memory
/// stays that of a few documents. An error of `f` or of the walk stops all.
fn each_loaded(
    corpora: &[Streamed],
    layer: &Layer,
    lang: Language<'_>,
    wanted: &(dyn Fn(usize, &str) -> bool + Sync),
    mut f: impl FnMut(Read) -> anyhow::Result<()>,
) -> anyhow::Result<()> {
    type Item = Result<Option<Read>, crate::corpus::CorpusError>;
    std::thread::scope(|s| {
        let mut inboxes = Vec::new();
        for w in 0..READERS {
            let (tx, rx) = std::sync::mpsc::sync_channel::<Item>(AHEAD);
            inboxes.push(rx);
            s.spawn(move || {
                for found in each_found(corpora).skip(w).step_by(READERS) {
                    let item = found.map(|(k, rel)| {
                        wanted(k, &rel).then(|| {
                            let mut problems = Vec::new();
                            let loaded = load_with(&corpora[k], &rel, lang, layer, &mut problems);
                            Read {
                                corpus: k,
                                rel,
                                loaded,
                                problems,
                            }
                        })
                    });
                    let failed = item.is_err();
                    // A send fails when `f` has stopped the export.
                    if tx.send(item).is_err() || failed {
                        return;
                    }
                }
            });
        }
        // Document i comes from reader i % READERS; the first reader with
        // nothing left marks the end.
        for i in 0.. {
            let Ok(item) = inboxes[i % READERS].recv() else {
                break;
            };
            if let Some(read) = item? {
                f(read)?;
            }
        }
        Ok(())
    })
}

/// The documents links and speakers of the export point to, and those
/// holding them: the only documents whose annotations the link index keeps
/// (a link is resolved against these documents only, so the index answers
/// as an index of every document would).
#[derive(Default)]
struct Linked {
    docs: std::collections::HashSet<String>,
}

impl Linked {
    fn add(&mut self, from: &str, annotations: &[crate::annotation::Annotation]) {
        for a in annotations {
            let speaker = a.attrs.get(crate::annotation::attr::SPEAKER);
            for target in a.links.iter().map(|l| &l.target).chain(speaker) {
                self.docs.insert(from.to_string());
                if let (Some(d), _) = export::split_target(target) {
                    if let Some(p) = export::resolve_relative(from, d) {
                        self.docs.insert(p);
                    }
                    self.docs.insert(d.to_string());
                }
            }
        }
    }
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let mut problems = Vec::new();
    if args.format == Format::Brat && args.out.is_none() {
        bail!("brat writes a folder of .txt and .ann files: give it with --out FOLDER");
    }
    if args.bom && args.format != Format::Csv {
        bail!("--bom (--excel) is for --format csv only");
    }
    let corpora = crate::corpus::stream::plan(&args.paths)?;
    if args.split.is_some() && corpora.len() > 1 {
        bail!(
            "--split works on one corpus at a time (the split record names documents by their corpus-relative path)"
        );
    }
    // Output paths are checked before anything is written (see
    // corpus::output): brat's folder here, each output file when it is made.
    if args.format == Format::Brat {
        guard_out(&args, &corpora, &args.out, OutputKind::Folder)?;
    }
    for l in &args.labels {
        if !corpora.iter().any(|c| c.manifest.labels.get(l).is_some()) {
            let known: Vec<&str> = corpora
                .iter()
                .flat_map(|c| c.manifest.labels.labels.iter().map(|d| d.name.as_str()))
                .collect();
            bail!(
                "--label {}: not in the corpus label set ({})",
                export::quoted(l),
                known.join(", ")
            );
        }
    }
    let (layers, annotators) = layers_asked(&args, &corpora)?;
    let layered = layers != [Layer::Gold];
    if layered && args.format == Format::Tmx {
        crate::eprintln_escaped!(
            "hashiya export: TMX holds aligned sentences only; --annotator/--layers change nothing"
        );
    }
    let mut labels = args.labels.clone();
    if args.format == Format::Conll && labels.is_empty() {
        labels.push("entity".into());
    }
    let mut statuses = args.status;
    // A tag says "this is an entity": a rejected suggestion is the
    // annotator's explicit "no", so formats without a status keep it `O`.
    let drop_rejected = statuses.rejected && matches!(args.format, Format::Conll | Format::Tmx);
    statuses.rejected &= !drop_rejected;
    let selection = Selection {
        labels,
        annotators,
        statuses,
    };
    let which = args.documents.unwrap_or(if args.format == Format::Tmx {
        DocumentsArg::All
    } else {
        DocumentsArg::Annotated
    });

    // First pass: which documents of each layer are written, and what the
    // writers need from the whole export.
    let layer_list: &[Layer] = if args.format == Format::Tmx {
        layers.get(..1).unwrap_or(&[])
    } else {
        &layers
    };
    // Names only, for the progress bar: no document is read.
    let mut total = 0u64;
    for found in each_found(&corpora) {
        found?;
        total += 1;
    }
    let progress = Progress::new("reading", total * layer_list.len() as u64, "documents")
        .past("read")
        .after("nothing was written");
    // A TMX keeps only the documents of declared pairs.
    let paired: Vec<std::collections::HashSet<&str>> = corpora
        .iter()
        .filter(|_| args.format == Format::Tmx)
        .map(|c| {
            c.manifest
                .pairs
                .iter()
                .flat_map(|p| p.files.iter().map(String::as_str))
                .collect()
        })
        .collect();
    let listed = |k: usize, rel: &str| {
        args.split.is_some() || paired.get(k).is_some_and(|p| p.contains(rel))
    };
    let mut summary = Summary::default();
    let mut rejected = 0;
    let mut chosen: Vec<Vec<Chosen>> = Vec::new();
    let mut keys = std::collections::BTreeSet::new();
    let mut linked: Vec<Linked> = Vec::new();
    // Documents the first pass could not read (and reported).
    let mut unreadable: Vec<std::collections::HashSet<(usize, String)>> = Vec::new();
    for layer in layer_list {
        let (mut kept, mut links, mut bad) = (Vec::new(), Linked::default(), Default::default());
        // Only a TMX's first pass uses languages (of pairs' documents).
        let lang = if args.format == Format::Tmx {
            Language::Detect
        } else {
            Language::Unneeded
        };
        each_loaded(&corpora, layer, lang, &|_, _| true, |mut read| {
            progress.step()?;
            problems.append(&mut read.problems);
            let (k, rel) = (read.corpus, read.rel);
            let Some(mut l) = read.loaded else {
                std::collections::HashSet::insert(&mut bad, (k, rel));
                return Ok(());
            };
            let w = worked(&l, &selection, which);
            if drop_rejected && w.exported {
                rejected += l
                    .annotations
                    .iter()
                    .filter(|a| a.status == Status::Rejected && selection.matches(a))
                    .count();
            }
            if !w.exported {
                summary.left_out += 1;
                if w.pending > 0 {
                    summary
                        .left_out_pending
                        .push((doc_label(&l, layer, layered), w.pending));
                }
                return Ok(());
            }
            summary.exported += 1;
            if w.pending > 0 {
                summary
                    .pending
                    .push((doc_label(&l, layer, layered), w.pending));
            }
            let annotations = selection.apply_owned(std::mem::take(&mut l.annotations));
            if args.format == Format::Jsonl {
                let doc = Document {
                    info: &l.info,
                    text: "",
                    annotations: &annotations,
                };
                keys.append(&mut jsonl::attribute_keys([&doc]));
            }
            if matches!(args.format, Format::Jsonl | Format::Csv) {
                links.add(&l.info.path, &annotations);
            }
            if listed(k, &rel) {
                kept.push(Chosen {
                    corpus: k,
                    rel,
                    part: 0,
                    language: l.info.language,
                });
            }
            Ok(())
        })?;
        chosen.push(kept);
        linked.push(links);
        unreadable.push(bad);
    }
    progress.finish();
    if rejected > 0 {
        problems.push(
            Problem::in_file(
                "--status",
                format!(
                    "{rejected} rejected annotation(s) not written: {} cannot carry a review status, and a rejected span is not a label",
                    if args.format == Format::Tmx { "TMX" } else { "CoNLL" }
                ),
            )
            .warning(),
        );
    }

    // One output (or one per layer) without --split; one per part with it.
    let several = layers.len() > 1 && args.format != Format::Jsonl;
    let mut part_of: BTreeMap<String, usize> = BTreeMap::new();
    let outs: Vec<Option<PathBuf>> = match &args.split {
        None => vec![args.out.clone()],
        Some(spec) => {
            let dir = args.out.clone().unwrap_or_default();
            let of_doc = decide_split(spec, args.seed, &dir, &corpora, &chosen, &mut problems)?;
            let names: Vec<&str> = spec.names().collect();
            for (d, s) in of_doc {
                part_of.insert(d, names.iter().position(|n| *n == s).unwrap_or(0));
            }
            for c in chosen.iter_mut().flatten() {
                c.part = part_of.get(&c.rel).copied().unwrap_or(0);
            }
            names
                .iter()
                .map(|name| {
                    Some(if several {
                        dir.join(name)
                    } else {
                        named_output(&dir, name, args.format)
                    })
                })
                .collect()
        }
    };
    let context = Pass {
        args: &args,
        corpora: &corpora,
        selection: &selection,
        which,
        several,
        layered,
        outs: &outs,
    };
    // The annotations links point to, with their documents in their parts
    // (links resolve within a part only: a part is a dataset of its own).
    let mut ids: Vec<export::Index> = Vec::new();
    let mut claims: Vec<export::csv::Context> = Vec::new();
    for (layer, links) in layer_list.iter().zip(&linked) {
        let (index, context) = link_index(&context, layer, links, &part_of)?;
        ids.push(index);
        claims.push(context);
    }
    let mut written = vec![Vec::new(); outs.len()];
    if args.format == Format::Tmx {
        write_tmx(&context, layer_list, &chosen, &mut written)?;
    } else {
        let total = summary.exported as u64;
        let docs = if args.split.is_some() {
            Docs::Chosen(&chosen)
        } else {
            Docs::Walk(&unreadable)
        };
        write_documents(
            &context,
            layer_list,
            docs,
            total,
            &keys,
            &ids,
            &claims,
            &mut written,
        )?;
    }
    problems.extend(written.into_iter().flatten());
    summary.print(which)?;
    report(&problems, args.strict)
}

/// The link indexes of one layer (JSONL's ids, CSV's claims context) of
/// the documents links point to, read again; documents not exported are
/// not in them.
fn link_index(
    cx: &Pass<'_>,
    layer: &Layer,
    links: &Linked,
    part_of: &BTreeMap<String, usize>,
) -> anyhow::Result<(export::Index, export::csv::Context)> {
    let (mut index, mut context) = (export::Index::ids(), export::csv::Context::default());
    if links.docs.is_empty() || !matches!(cx.args.format, Format::Jsonl | Format::Csv) {
        return Ok((index, context));
    }
    for found in each_found(cx.corpora) {
        let (k, rel) = found?;
        if !links.docs.contains(&rel) {
            continue;
        }
        // Reported by the first pass.
        let mut again = Vec::new();
        let Some(mut l) = load(&cx.corpora[k], &rel, layer, &mut again) else {
            continue;
        };
        if !worked(&l, cx.selection, cx.which).exported {
            continue;
        }
        let annotations = cx.selection.apply_owned(std::mem::take(&mut l.annotations));
        let part = part_of.get(&rel).copied().unwrap_or(0);
        if cx.args.format == Format::Jsonl {
            if !annotations.is_empty() {
                index.add(&rel, &annotations);
                index.set_group(&rel, part);
            }
        } else {
            context.add(&Document {
                info: &l.info,
                text: "",
                annotations: &annotations,
            });
            context.set_group(&rel, part);
        }
    }
    context.finish();
    Ok((index, context))
}

/// Refuse an output path that is a file of the corpus, or a folder inside
/// it for brat (see corpus::output), unless --force.
fn guard_out(
    args: &Args,
    corpora: &[Streamed],
    out: &Option<PathBuf>,
    kind: OutputKind,
) -> anyhow::Result<()> {
    match out {
        Some(out) if !args.force => {
            let roots: Vec<PathBuf> = corpora.iter().map(|c| c.root.clone()).collect();
            match crate::corpus::output::check_output(out, kind, &roots) {
                Some(refusal) => bail!(refusal),
                None => Ok(()),
            }
        }
        _ => Ok(()),
    }
}

/// The split of every exported document: the record in `dir` kept, new
/// documents placed, the record written back.
fn decide_split(
    spec: &split::Spec,
    seed: u64,
    dir: &Path,
    corpora: &[Streamed],
    chosen: &[Vec<Chosen>],
    problems: &mut Vec<Problem>,
) -> anyhow::Result<BTreeMap<String, String>> {
    let mut docs: Vec<String> = chosen.iter().flatten().map(|c| c.rel.clone()).collect();
    docs.sort();
    docs.dedup();
    let pairs: Vec<(String, String)> = corpora
        .iter()
        .flat_map(|c| c.manifest.pairs.iter())
        .map(|p| (p.files[0].clone(), p.files[1].clone()))
        .collect();
    let units = split::units(&docs, &pairs);
    let mut record = split::Record::read(dir)?;
    let of_doc = split::assign(spec, seed, &units, &record, problems)?;
    if record.documents.is_empty() {
        record.spec = spec
            .parts
            .iter()
            .map(|(n, s)| format!("{n}={s}"))
            .collect::<Vec<_>>()
            .join(",");
        record.seed = seed;
    }
    for (d, s) in &of_doc {
        record.documents.insert(d.clone(), s.clone());
    }
    std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    record.write(dir)?;
    Ok(of_doc)
}

/// What the second pass of an export works with.
struct Pass<'a> {
    args: &'a Args,
    corpora: &'a [Streamed],
    selection: &'a Selection,
    which: DocumentsArg,
    /// One output per layer.
    several: bool,
    /// Documents carry their layer.
    layered: bool,
    /// Where each part goes (one part without --split).
    outs: &'a [Option<PathBuf>],
}

/// The documents the second pass writes: those the first pass listed
/// (with --split), or the corpus walked again, leaving out what the first
/// pass could not read (of each layer).
#[derive(Clone, Copy)]
enum Docs<'a> {
    Chosen(&'a [Vec<Chosen>]),
    Walk(&'a [std::collections::HashSet<(usize, String)>]),
}

impl Pass<'_> {
    /// Call `f` with each document of layer `li` that is written, and its
    /// part, read again; what the first pass reported is not reported
    /// twice, a document gone since is (in `written`).
    fn each_written(
        &self,
        docs: Docs<'_>,
        li: usize,
        layer: &Layer,
        written: &mut [Vec<Problem>],
        mut f: impl FnMut(usize, Loaded, &mut Vec<Problem>) -> anyhow::Result<()>,
    ) -> anyhow::Result<()> {
        let mut one = |k: usize, rel: &str, part: usize, check: bool| {
            let mut again = Vec::new();
            let Some(l) = load(&self.corpora[k], rel, layer, &mut again) else {
                written[part].append(&mut again);
                return Ok(());
            };
            if check && !worked(&l, self.selection, self.which).exported {
                return Ok(());
            }
            f(part, l, &mut written[part])
        };
        match docs {
            Docs::Chosen(chosen) => {
                for c in chosen.get(li).into_iter().flatten() {
                    one(c.corpus, &c.rel, c.part, false)?;
                }
            }
            Docs::Walk(unreadable) => {
                let wanted = |k: usize, rel: &str| {
                    if unreadable
                        .get(li)
                        .is_some_and(|u| u.contains(&(k, rel.to_string())))
                    {
                        return false;
                    }
                    // Without this layer's file a document has no
                    // annotation and is not done: only `all` writes it.
                    self.which == DocumentsArg::All
                        || layer.path(&self.corpora[k].path_of(rel)).exists()
                };
                each_loaded(self.corpora, layer, Language::Detect, &wanted, |read| {
                    let Some(l) = read.loaded else {
                        let mut again = read.problems;
                        written[0].append(&mut again);
                        return Ok(());
                    };
                    if !worked(&l, self.selection, self.which).exported {
                        return Ok(());
                    }
                    f(0, l, &mut written[0])
                })?;
            }
        }
        Ok(())
    }
}

/// One part's output of one layer: the writer, and brat's folder and
/// collection config.
struct Output {
    out: Option<Out>,
    dir: PathBuf,
    config: brat::Config,
}

/// Write the documents of every layer, one document at a time, each to its
/// part's output; the problems of each part go to `written[part]`.
#[allow(clippy::too_many_arguments)]
fn write_documents(
    cx: &Pass<'_>,
    layers: &[Layer],
    docs: Docs<'_>,
    total: u64,
    keys: &std::collections::BTreeSet<String>,
    ids: &[export::Index],
    claims: &[export::csv::Context],
    written: &mut [Vec<Problem>],
) -> anyhow::Result<()> {
    let args = cx.args;
    // Ctrl-C stops between two documents; the outputs are then dropped,
    // and files there before stay as they were.
    let progress = Progress::new("export", total, "documents")
        .after("no output was written; files there before are untouched");
    // JSONL writes every layer to one output per part.
    let mut jsonl_outs: Vec<Option<Out>> = Vec::new();
    if args.format == Format::Jsonl {
        for out in cx.outs {
            guard_out(args, cx.corpora, out, OutputKind::File)?;
            jsonl_outs.push(Some(output(out)?));
        }
    }
    for (li, layer) in layers.iter().enumerate() {
        let mut outputs: Vec<Output> = Vec::new();
        for out in cx.outs {
            let out_path = layer_out(args, out, layer, cx.several)?;
            let mut o = Output {
                out: None,
                dir: out_path.clone().unwrap_or_else(|| PathBuf::from(".")),
                config: brat::Config::default(),
            };
            match args.format {
                Format::Csv | Format::Conll => {
                    guard_out(args, cx.corpora, &out_path, OutputKind::File)?;
                    let mut w = output(&out_path)?;
                    if args.format == Format::Csv {
                        if args.bom {
                            w.write_all("\u{feff}".as_bytes())?;
                        }
                        export::csv::write_header(&mut w)?;
                    }
                    o.out = Some(w);
                }
                _ => {}
            }
            outputs.push(o);
        }
        cx.each_written(docs, li, layer, written, |part, mut l, problems| {
            progress.check()?;
            progress.inc(1);
            if cx.layered {
                l.info.layer = Some(layer.name().to_string());
            }
            let annotations = cx.selection.apply_owned(std::mem::take(&mut l.annotations));
            let d = Document {
                info: &l.info,
                text: &l.text,
                annotations: &annotations,
            };
            let o = &mut outputs[part];
            match args.format {
                Format::Jsonl => {
                    if let Some(out) = jsonl_outs[part].as_mut() {
                        jsonl::write_document(out, &d, keys, &ids[li], problems)?;
                    }
                }
                Format::Csv => {
                    if let Some(out) = o.out.as_mut() {
                        export::csv::write_document(out, &d, &claims[li], problems)?;
                    }
                }
                Format::Conll => {
                    if let Some(out) = o.out.as_mut() {
                        conll::write_document(out, &d, problems)?;
                    }
                }
                Format::Brat => {
                    let txt = o.dir.join(&d.info.path);
                    if let Some(parent) = txt.parent() {
                        std::fs::create_dir_all(parent)
                            .with_context(|| format!("cannot create {}", parent.display()))?;
                    }
                    std::fs::write(&txt, d.text.as_bytes())
                        .with_context(|| format!("cannot write {}", txt.display()))?;
                    let ann = brat::ann_text(&d, &mut o.config, problems);
                    let ann_path = txt.with_extension("ann");
                    std::fs::write(&ann_path, ann)
                        .with_context(|| format!("cannot write {}", ann_path.display()))?;
                }
                Format::Tmx => {}
            }
            Ok(())
        })?;
        for o in &mut outputs {
            if let Some(out) = o.out.take() {
                out.finish()?;
            }
            if args.format == Format::Brat {
                std::fs::create_dir_all(&o.dir)
                    .with_context(|| format!("cannot create {}", o.dir.display()))?;
                let conf = o.dir.join("annotation.conf");
                std::fs::write(&conf, o.config.render())
                    .with_context(|| format!("cannot write {}", conf.display()))?;
            }
        }
    }
    for out in jsonl_outs.into_iter().flatten() {
        out.finish()?;
    }
    progress.finish();
    Ok(())
}

/// Print the problems on stderr and choose the exit code: 2 when something
/// was left out, or (with `strict`) when there are warnings; 0 otherwise.
pub(crate) fn report(problems: &[Problem], strict: bool) -> anyhow::Result<ExitCode> {
    if problems.is_empty() {
        return Ok(ExitCode::SUCCESS);
    }
    let mut err = io::stderr().lock();
    for p in problems {
        let kind = if p.warning { "warning: " } else { "" };
        writeln!(err, "hashiya: {kind}{p}")?;
    }
    let warnings = problems.iter().filter(|p| p.warning).count();
    let lost = problems.len() - warnings;
    writeln!(
        err,
        "hashiya: {lost} problem(s), {warnings} warning(s); see above"
    )?;
    Ok(if lost > 0 || (strict && warnings > 0) {
        ExitCode::from(2)
    } else {
        ExitCode::SUCCESS
    })
}

/// One TMX per part: the declared pairs whose two documents are both
/// written in that part, aligned (the reviewer's saved alignment where
/// there is one, the aligner elsewhere) and written one pair at a time.
fn write_tmx(
    cx: &Pass<'_>,
    layers: &[Layer],
    chosen: &[Vec<Chosen>],
    written: &mut [Vec<Problem>],
) -> anyhow::Result<()> {
    let Some(layer) = layers.first() else {
        return Ok(());
    };
    // The written documents of declared pairs: their part and language.
    let mut part_of: std::collections::HashMap<(usize, &str), (usize, Option<&str>)> =
        std::collections::HashMap::new();
    for c in chosen.first().into_iter().flatten() {
        part_of.insert((c.corpus, c.rel.as_str()), (c.part, c.language.as_deref()));
    }
    for (part, out) in cx.outs.iter().enumerate() {
        let problems = &mut written[part];
        // The pairs of this part, with their languages, before any is read:
        // the header names the source language when all pairs share it.
        let mut jobs = Vec::new();
        for (k, corpus) in cx.corpora.iter().enumerate() {
            if corpus.manifest.pairs.is_empty() {
                problems.push(Problem::in_file(
                    &corpus
                        .root
                        .join(crate::corpus::manifest::MANIFEST_FILE)
                        .display()
                        .to_string(),
                    "declares no translation pairs ([[pair]]); nothing to write in the TMX",
                ));
            }
            for m in corpus.manifest.missing_pair_files(&corpus.root) {
                problems.push(Problem::at(
                    &m.manifest.display().to_string(),
                    (m.line, m.column),
                    format!(
                        "pair names missing file {}; the pair is left out of the TMX",
                        export::quoted(&m.file)
                    ),
                ));
            }
            for decl in &corpus.manifest.pairs {
                let [a, b] = &decl.files;
                let (Some(&(pa, la)), Some(&(pb, lb))) =
                    (part_of.get(&(k, a.as_str())), part_of.get(&(k, b.as_str())))
                else {
                    continue;
                };
                if pa != part || pb != part {
                    continue;
                }
                let lang = |detected: Option<&str>, i: usize| {
                    decl.langs
                        .as_ref()
                        .and_then(|ls| ls.get(i).cloned())
                        .or_else(|| detected.map(str::to_string))
                        .unwrap_or_else(|| "und".into())
                };
                jobs.push((k, a, b, lang(la, 0), lang(lb, 1)));
            }
        }
        let srclang = match jobs.first() {
            Some(first) if jobs.iter().all(|j| j.3 == first.3) => first.3.as_str(),
            _ => "*all*",
        };
        let out = layer_out(cx.args, out, layer, cx.several)?;
        guard_out(cx.args, cx.corpora, &out, OutputKind::File)?;
        let mut w = output(&out)?;
        tmx::write_header(&mut w, srclang)?;
        // Warnings of the writer come after the pairs' problems.
        let mut warnings = Vec::new();
        for (k, a, b, source_lang, target_lang) in &jobs {
            let corpus = &cx.corpora[*k];
            let mut again = Vec::new();
            let (Some(src), Some(tgt)) = (
                load(corpus, a, layer, &mut again),
                load(corpus, b, layer, &mut again),
            ) else {
                problems.append(&mut again);
                continue;
            };
            let (sp, tp) = (tmx::paragraphs(&src.text), tmx::paragraphs(&tgt.text));
            let beads = match tmx::reviewed_alignment(&src.file, &tgt.file, &sp, &tp) {
                Ok(al) => al.beads,
                Err(e) => {
                    problems.push(Problem::in_file(a, format!("{e}; aligned afresh")));
                    crate::align::align_paragraphs(&sp, &tp)
                }
            };
            let pair = tmx::AlignedPair {
                source_path: a.to_string(),
                source_lang: source_lang.clone(),
                target_path: b.to_string(),
                target_lang: target_lang.clone(),
                segments: tmx::segments(&sp, &tp, &beads),
            };
            tmx::write_pair(&mut w, &pair, &mut warnings)?;
        }
        tmx::write_footer(&mut w)?;
        w.finish()?;
        problems.append(&mut warnings);
    }
    Ok(())
}
