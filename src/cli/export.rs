//! `hashiya export`: write a labeled dataset of a corpus (docs/EXPORT.md).
//!
//! Exit codes: 0 written, format-inherent adjustments (a span widened to
//! its tokens, an overlap resolved by the BIO rule…) listed as warnings; 2
//! written, but something asked for was left out (unreadable sidecars,
//! orphans, a cross-document link brat cannot hold…), or warnings with
//! `--strict`; 1 nothing usable was written (bad arguments, unreadable
//! corpus, output error).

use std::collections::BTreeMap;
use std::fs::File;
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, bail};

use crate::annotation::{Annotation, Status};
use crate::corpus::output::OutputKind;
use crate::corpus::{Corpus, DocStatus, Layer, Selected};
use crate::export::load::{Loaded, load_layer};
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
fn layers_asked(args: &Args, corpora: &Selected) -> anyhow::Result<(Vec<Layer>, Vec<String>)> {
    let teams: Vec<&crate::corpus::Team> = corpora
        .iter()
        .filter_map(|(c, _)| c.manifest.team.as_ref())
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

fn output(out: &Option<PathBuf>) -> anyhow::Result<Box<dyn Write>> {
    let Some(p) = out else {
        return Ok(Box::new(BufWriter::new(io::stdout().lock())));
    };
    if let Some(parent) = p.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent)
            .with_context(|| format!("cannot create {}", parent.display()))?;
    }
    Ok(Box::new(BufWriter::new(File::create(p).with_context(
        || format!("cannot create {}", p.display()),
    )?)))
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
    left_out: Vec<(String, usize)>,
    pending: Vec<(String, usize)>,
}

impl Summary {
    fn print(&self, which: DocumentsArg) -> io::Result<()> {
        if self.left_out.is_empty() && self.pending.is_empty() {
            return Ok(());
        }
        let mut err = io::stderr().lock();
        let why = match which {
            DocumentsArg::Done => "not marked done",
            _ => "not marked done and no accepted annotation",
        };
        // One line per document with suggestions waiting; untouched ones
        // (nothing in the layer) are only counted, a large corpus has many.
        for (doc, n) in self.left_out.iter().filter(|(_, n)| *n > 0) {
            writeln!(
                err,
                "hashiya: {}: not exported ({why}): {n} pending suggestion(s)",
                export::escape_invisible(doc)
            )?;
        }
        let mut line = format!("hashiya export: {} document(s) exported", self.exported);
        if !self.left_out.is_empty() {
            let untouched = self.left_out.iter().filter(|(_, n)| *n == 0).count();
            line.push_str(&format!(
                ", {} not worked on left out ({untouched} without any annotation; --documents all exports them)",
                self.left_out.len()
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

/// One output of an export (a split part, or the whole export): where it
/// goes and each layer's documents.
type Part<'l> = (Option<PathBuf>, Vec<(&'l Layer, Vec<Loaded>)>);

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let mut problems = Vec::new();
    if args.format == Format::Brat && args.out.is_none() {
        bail!("brat writes a folder of .txt and .ann files: give it with --out FOLDER");
    }
    if args.bom && args.format != Format::Csv {
        bail!("--bom (--excel) is for --format csv only");
    }
    let corpora = crate::corpus::select(&args.paths)?;
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
        if !corpora
            .iter()
            .any(|(c, _)| c.manifest.labels.get(l).is_some())
        {
            let known: Vec<&str> = corpora
                .iter()
                .flat_map(|(c, _)| c.manifest.labels.labels.iter().map(|d| d.name.as_str()))
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

    // Load every layer, keeping the documents a person worked on.
    let layer_list: &[Layer] = if args.format == Format::Tmx {
        layers.get(..1).unwrap_or(&[])
    } else {
        &layers
    };
    let mut summary = Summary::default();
    let mut rejected = 0;
    let mut per_layer: Vec<(&Layer, Vec<Loaded>)> = Vec::new();
    for layer in layer_list {
        let mut kept = Vec::new();
        for mut l in load_layer(&corpora, layer, &mut problems) {
            if layered {
                l.info.layer = Some(layer.name().to_string());
            }
            let w = worked(&l, &selection, which);
            if drop_rejected && w.exported {
                rejected += l
                    .annotations
                    .iter()
                    .filter(|a| a.status == Status::Rejected && selection.matches(a))
                    .count();
            }
            if !w.exported {
                summary
                    .left_out
                    .push((doc_label(&l, layer, layered), w.pending));
                continue;
            }
            summary.exported += 1;
            if w.pending > 0 {
                summary
                    .pending
                    .push((doc_label(&l, layer, layered), w.pending));
            }
            kept.push(l);
        }
        per_layer.push((layer, kept));
    }
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
    let parts: Vec<Part<'_>> = match &args.split {
        None => vec![(args.out.clone(), per_layer)],
        Some(spec) => {
            let dir = args.out.clone().unwrap_or_default();
            let of_doc = decide_split(spec, args.seed, &dir, &corpora, &per_layer, &mut problems)?;
            let mut buckets: Vec<Part<'_>> = spec
                .names()
                .map(|name| {
                    let out = if several {
                        dir.join(name)
                    } else {
                        named_output(&dir, name, args.format)
                    };
                    (Some(out), Vec::new())
                })
                .collect();
            for (layer, loaded) in per_layer {
                for b in &mut buckets {
                    b.1.push((layer, Vec::new()));
                }
                for l in loaded {
                    let k = of_doc
                        .get(&l.info.path)
                        .and_then(|s| spec.names().position(|n| n == s))
                        .unwrap_or(0);
                    if let Some(slot) = buckets.get_mut(k).and_then(|b| b.1.last_mut()) {
                        slot.1.push(l);
                    }
                }
            }
            buckets
        }
    };
    for (out, layers_loaded) in parts {
        write_part(
            &args,
            &out,
            &selection,
            several,
            layers_loaded,
            &corpora,
            &mut problems,
        )?;
    }
    summary.print(which)?;
    report(&problems, args.strict)
}

/// Refuse an output path that is a file of the corpus, or a folder inside
/// it for brat (see corpus::output), unless --force.
fn guard_out(
    args: &Args,
    corpora: &Selected,
    out: &Option<PathBuf>,
    kind: OutputKind,
) -> anyhow::Result<()> {
    match out {
        Some(out) if !args.force => {
            let roots: Vec<PathBuf> = corpora.iter().map(|(c, _)| c.root.clone()).collect();
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
    corpora: &Selected,
    per_layer: &[(&Layer, Vec<Loaded>)],
    problems: &mut Vec<Problem>,
) -> anyhow::Result<BTreeMap<String, String>> {
    let mut docs: Vec<String> = per_layer
        .iter()
        .flat_map(|(_, ls)| ls.iter().map(|l| l.info.path.clone()))
        .collect();
    docs.sort();
    docs.dedup();
    let pairs: Vec<(String, String)> = corpora
        .iter()
        .flat_map(|(c, _)| c.manifest.pairs.iter())
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

/// Write one output (one split part, or the whole export): every layer's
/// documents in the format asked for.
fn write_part(
    args: &Args,
    out: &Option<PathBuf>,
    selection: &Selection,
    several: bool,
    layers_loaded: Vec<(&Layer, Vec<Loaded>)>,
    corpora: &Selected,
    problems: &mut Vec<Problem>,
) -> anyhow::Result<()> {
    let mut jsonl_out = None;
    for (layer, mut loaded) in layers_loaded {
        let out_path = layer_out(args, out, layer, several)?;
        if args.format != Format::Brat {
            guard_out(args, corpora, &out_path, OutputKind::File)?;
        }
        let selected: Vec<Vec<Annotation>> = loaded
            .iter_mut()
            .map(|l| selection.apply_owned(std::mem::take(&mut l.annotations)))
            .collect();
        let docs: Vec<Document<'_>> = loaded
            .iter()
            .zip(&selected)
            .map(|(l, a)| Document {
                info: &l.info,
                text: &l.text,
                annotations: a,
            })
            .collect();

        match args.format {
            Format::Jsonl => {
                if jsonl_out.is_none() {
                    jsonl_out = Some(output(&out_path)?);
                }
                if let Some(out) = jsonl_out.as_mut() {
                    jsonl::write_all(out, &docs, problems)?;
                }
            }
            Format::Csv => {
                let mut out = output(&out_path)?;
                if args.bom {
                    out.write_all("\u{feff}".as_bytes())?;
                }
                export::csv::write_all(&mut out, &docs, problems)?;
                out.flush()?;
            }
            Format::Conll => {
                let mut out = output(&out_path)?;
                for d in &docs {
                    conll::write_document(&mut out, d, problems)?;
                }
                out.flush()?;
            }
            Format::Brat => {
                let dir = out_path.as_deref().unwrap_or(Path::new("."));
                let mut config = brat::Config::default();
                for d in &docs {
                    let txt = dir.join(&d.info.path);
                    if let Some(parent) = txt.parent() {
                        std::fs::create_dir_all(parent)
                            .with_context(|| format!("cannot create {}", parent.display()))?;
                    }
                    std::fs::write(&txt, d.text.as_bytes())
                        .with_context(|| format!("cannot write {}", txt.display()))?;
                    let ann = brat::ann_text(d, &mut config, problems);
                    let ann_path = txt.with_extension("ann");
                    std::fs::write(&ann_path, ann)
                        .with_context(|| format!("cannot write {}", ann_path.display()))?;
                }
                std::fs::create_dir_all(dir)
                    .with_context(|| format!("cannot create {}", dir.display()))?;
                let conf = dir.join("annotation.conf");
                std::fs::write(&conf, config.render())
                    .with_context(|| format!("cannot write {}", conf.display()))?;
            }
            Format::Tmx => {
                let pairs = aligned_pairs(&loaded, corpora, problems);
                let mut out = output(&out_path)?;
                tmx::write(&mut out, &pairs, problems)?;
                out.flush()?;
            }
        }
    }
    if let Some(mut out) = jsonl_out {
        out.flush()?;
    }
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

/// The declared pairs whose two documents are both exported, aligned: the
/// reviewer's saved alignment where there is one, the aligner elsewhere.
fn aligned_pairs(
    loaded: &[Loaded],
    corpora: &[(Corpus, Vec<String>)],
    problems: &mut Vec<Problem>,
) -> Vec<tmx::AlignedPair> {
    let mut by_rel: BTreeMap<(&Path, &str), &Loaded> = BTreeMap::new();
    for l in loaded {
        by_rel.insert((l.root.as_path(), l.info.path.as_str()), l);
    }
    let mut pairs = Vec::new();
    for (corpus, _) in corpora {
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
            let (Some(src), Some(tgt)) = (
                by_rel.get(&(corpus.root.as_path(), a.as_str())),
                by_rel.get(&(corpus.root.as_path(), b.as_str())),
            ) else {
                continue;
            };
            let lang = |l: &Loaded, i: usize| {
                decl.langs
                    .as_ref()
                    .and_then(|ls| ls.get(i).cloned())
                    .or_else(|| l.info.language.clone())
                    .unwrap_or_else(|| "und".into())
            };
            let (sp, tp) = (tmx::paragraphs(&src.text), tmx::paragraphs(&tgt.text));
            let beads = match tmx::reviewed_alignment(&src.file, &tgt.file, &sp, &tp) {
                Ok(al) => al.beads,
                Err(e) => {
                    problems.push(Problem::in_file(a, format!("{e}; aligned afresh")));
                    crate::align::align_paragraphs(&sp, &tp)
                }
            };
            pairs.push(tmx::AlignedPair {
                source_path: a.clone(),
                source_lang: lang(src, 0),
                target_path: b.clone(),
                target_lang: lang(tgt, 1),
                segments: tmx::segments(&sp, &tp, &beads),
            });
        }
    }
    pairs
}
