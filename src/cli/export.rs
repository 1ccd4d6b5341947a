//! `hashiya export`: write a labeled dataset of a corpus (docs/EXPORT.md).
//!
//! Exit codes: 0 everything was exported as it is; 2 the export was written
//! but something was left out or changed (each listed on stderr: unreadable
//! sidecars, orphans, spans BIO or brat cannot hold…); 1 nothing usable was
//! written (bad arguments, unreadable corpus, output error).

use std::collections::BTreeMap;
use std::fs::File;
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, bail};

use crate::annotation::Annotation;
use crate::corpus::{Corpus, Layer, Selected};
use crate::export::load::{Loaded, load_layer};
use crate::export::{self, Document, Problem, Selection, brat, conll, jsonl, tmx};

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

#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum StatusArg {
    /// Only accepted annotations.
    #[default]
    Accepted,
    /// Accepted, suggested and rejected (the status is written where the
    /// format can hold it).
    All,
}

/// Write a labeled dataset (jsonl, conll, brat, csv, tmx).
///
/// Exit status: 0 all exported; 2 exported, but something was left out or
/// changed (listed on stderr); 1 failure.
#[derive(clap::Args, Debug)]
#[command(
    after_help = "Exit status: 0 everything exported; 2 exported, but something was left \
out or changed (listed on stderr); 1 failure. Formats and rules: docs/EXPORT.md."
)]
pub struct Args {
    /// Output format.
    #[arg(long, value_enum)]
    pub format: Format,
    /// Output file (folder for brat). Default: standard output. Never a
    /// document, sidecar or other file of the corpus, nor a folder inside
    /// it for brat, unless --force.
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
    /// Which annotations by review status.
    #[arg(long, value_enum, default_value_t)]
    pub status: StatusArg,
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
fn layer_out(args: &Args, layer: &Layer, several: bool) -> anyhow::Result<Option<PathBuf>> {
    if !several {
        return Ok(args.out.clone());
    }
    let Some(dir) = &args.out else {
        bail!(
            "exporting several layers as {:?} writes one output per layer: give a folder with --out DIR",
            args.format
        );
    };
    let name = layer.name();
    Ok(Some(match args.format {
        Format::Brat => dir.join(name),
        Format::Conll => dir.join(format!("{name}.conll")),
        Format::Csv => dir.join(format!("{name}.csv")),
        Format::Jsonl => dir.join(format!("{name}.jsonl")),
        Format::Tmx => dir.join(format!("{name}.tmx")),
    }))
}

fn output(out: &Option<PathBuf>) -> anyhow::Result<Box<dyn Write>> {
    Ok(match out {
        Some(p) => Box::new(BufWriter::new(
            File::create(p).with_context(|| format!("cannot create {}", p.display()))?,
        )),
        None => Box::new(BufWriter::new(io::stdout().lock())),
    })
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let mut problems = Vec::new();
    if args.format == Format::Brat && args.out.is_none() {
        bail!("brat writes a folder of .txt and .ann files: give it with --out FOLDER");
    }
    let corpora = crate::corpus::select(&args.paths)?;
    // Output paths are checked before anything is written (see
    // corpus::output): brat's folder here, each output file when it is made.
    let roots: Vec<PathBuf> = corpora.iter().map(|(c, _)| c.root.clone()).collect();
    let guard = |out: &Option<PathBuf>, kind| -> anyhow::Result<()> {
        match out {
            Some(out) if !args.force => {
                match crate::corpus::output::check_output(out, kind, &roots) {
                    Some(refusal) => bail!(refusal),
                    None => Ok(()),
                }
            }
            _ => Ok(()),
        }
    };
    if args.format == Format::Brat {
        guard(&args.out, crate::corpus::output::OutputKind::Folder)?;
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
    let selection = Selection {
        labels,
        annotators,
        all_statuses: args.status == StatusArg::All,
    };
    // JSONL carries every layer in one stream (each line names its layer);
    // the other formats write one output per layer when there are several.
    let several = layers.len() > 1 && args.format != Format::Jsonl;
    let mut jsonl_out = None;
    for layer in if args.format == Format::Tmx {
        &layers[..1]
    } else {
        &layers[..]
    } {
        let mut loaded = load_layer(&corpora, layer, &mut problems);
        if layered {
            for l in &mut loaded {
                l.info.layer = Some(layer.name().to_string());
            }
        }
        let out_path = layer_out(&args, layer, several)?;
        if args.format != Format::Brat {
            guard(&out_path, crate::corpus::output::OutputKind::File)?;
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
                    jsonl::write_all(out, &docs, &mut problems)?;
                }
            }
            Format::Csv => {
                let mut out = output(&out_path)?;
                export::csv::write_all(&mut out, &docs, &mut problems)?;
                out.flush()?;
            }
            Format::Conll => {
                let mut out = output(&out_path)?;
                for d in &docs {
                    conll::write_document(&mut out, d, &mut problems)?;
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
                    let ann = brat::ann_text(d, &mut config, &mut problems);
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
                let pairs = aligned_pairs(&loaded, &corpora, &mut problems);
                let mut out = output(&out_path)?;
                tmx::write(&mut out, &pairs, &mut problems)?;
                out.flush()?;
            }
        }
    }
    if let Some(mut out) = jsonl_out {
        out.flush()?;
    }
    report(&problems)
}

/// Print the problems on stderr and choose the exit code.
pub(crate) fn report(problems: &[Problem]) -> anyhow::Result<ExitCode> {
    if problems.is_empty() {
        return Ok(ExitCode::SUCCESS);
    }
    let mut err = io::stderr().lock();
    for p in problems {
        writeln!(err, "hashiya: {p}")?;
    }
    writeln!(err, "hashiya: {} problem(s); see above", problems.len())?;
    Ok(ExitCode::from(2))
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
                (m.line, 1),
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
