//! `hashiya export`: write a labeled dataset of a corpus (docs/EXPORT.md).
//!
//! Exit codes: 0 everything was exported as it is; 2 the export was written
//! but something was left out or changed (each listed on stderr: unreadable
//! sidecars, orphans, spans BIO or brat cannot hold…); 1 nothing usable was
//! written (bad arguments, unreadable corpus, output error).

use std::collections::BTreeMap;
use std::fs::File;
use std::io::{self, BufWriter, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, bail};

use crate::annotation::Annotation;
use crate::corpus::{Corpus, LabelSet, Selected};
use crate::export::{self, DocInfo, Document, Problem, Selection, brat, conll, jsonl, tmx};
use crate::sidecar::{self, ProblemKind};
use crate::text::Direction;

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
    /// Output file (folder for brat). Default: standard output.
    #[arg(long, value_name = "PATH")]
    pub out: Option<PathBuf>,
    /// Export only this label (repeatable). CoNLL default: entity.
    #[arg(long = "label", value_name = "L")]
    pub labels: Vec<String>,
    /// Export only this annotator's annotations.
    #[arg(long, value_name = "A")]
    pub annotator: Option<String>,
    /// Which annotations by review status.
    #[arg(long, value_enum, default_value_t)]
    pub status: StatusArg,
    /// Corpus folders or documents (default: the current folder).
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,
}

/// One document loaded for export.
pub(crate) struct Loaded {
    pub root: PathBuf,
    pub file: PathBuf,
    pub info: DocInfo,
    pub text: String,
    pub annotations: Vec<Annotation>,
}

/// Problems that make an annotation unsound: it is left out of exports.
fn unsound(kind: ProblemKind) -> bool {
    matches!(
        kind,
        ProblemKind::BadOffsets
            | ProblemKind::InsideCharacter
            | ProblemKind::QuoteMismatch
            | ProblemKind::DuplicateId
            | ProblemKind::UnknownLabel
            | ProblemKind::Orphan
    )
}

/// The document id written in exports: the corpus-relative path without
/// its `.txt` extension.
pub(crate) fn doc_id(rel: &str) -> String {
    rel.strip_suffix(".txt").unwrap_or(rel).to_string()
}

pub(crate) fn direction_name(d: Direction) -> &'static str {
    match d {
        Direction::Ltr => "ltr",
        Direction::Rtl => "rtl",
    }
}

/// Load the selected documents and their sidecars read-only. What is not
/// sound is left out and reported.
pub(crate) fn load(
    paths: &[PathBuf],
    problems: &mut Vec<Problem>,
) -> anyhow::Result<(Vec<Loaded>, Selected)> {
    let corpora = crate::corpus::select(paths)?;
    let total: usize = corpora.iter().map(|c| c.1.len()).sum();
    let progress = io::stderr().is_terminal() && total >= 200;
    let mut loaded = Vec::with_capacity(total);
    for (corpus, selected) in &corpora {
        let labels: &LabelSet = &corpus.manifest.labels;
        for rel in selected {
            let Some(d) = corpus.document(rel) else {
                continue;
            };
            if progress && (loaded.len() % 50 == 0) {
                eprint!("\rexporting {}/{total}", loaded.len());
            }
            let text = match sidecar::read_document(&d.path) {
                Ok(t) => t,
                Err(e) => {
                    problems.push(Problem::in_file(rel, format!("{e}; document left out")));
                    continue;
                }
            };
            let side = sidecar::sidecar_path(&d.path);
            let mut annotations = Vec::new();
            if side.is_file() {
                match sidecar::parse_file(&side) {
                    Err(e) => {
                        problems.push(Problem::in_file(rel, format!("{e}; document left out")));
                        continue;
                    }
                    Ok((side_text, parsed)) => {
                        let side_name = crate::corpus::relative_name(&corpus.root, &side);
                        let expected = d
                            .path
                            .file_name()
                            .map(|n| n.to_string_lossy().into_owned())
                            .unwrap_or_default();
                        if parsed.document != expected {
                            // A sidecar copied or renamed by hand: its
                            // annotations belong to another text.
                            let line = sidecar::Lines::new(&side_text)
                                .locate(parsed.document_pos.start)
                                .0;
                            problems.push(Problem::at(
                                &side_name,
                                (line, 1),
                                format!(
                                    "this sidecar belongs to document {}, not to {}; its annotations are left out of the export",
                                    export::quoted(&parsed.document),
                                    export::quoted(&expected)
                                ),
                            ));
                        } else {
                            let ins = sidecar::inspect(&side_text, parsed, &text, labels);
                            annotations = inspected(&side_name, &ins, problems);
                        }
                    }
                }
            }
            loaded.push(Loaded {
                root: corpus.root.clone(),
                file: d.path.clone(),
                info: DocInfo {
                    id: doc_id(rel),
                    path: rel.clone(),
                    language: Some(d.lang.clone()).filter(|l| l != "und"),
                    direction: Some(direction_name(d.dir).to_string()),
                },
                text,
                annotations,
            });
        }
    }
    if progress {
        eprint!("\r\x1b[K");
    }
    Ok((loaded, corpora))
}

/// The sound annotations of an inspected sidecar; everything worth telling
/// goes to `problems` once (an orphan is not listed again when its problem
/// already names it; a moved annotation is exported at its new place and
/// only counted in the drift line).
fn inspected(
    side_name: &str,
    ins: &sidecar::Inspection,
    problems: &mut Vec<Problem>,
) -> Vec<Annotation> {
    let mut bad_ids = Vec::new();
    for p in &ins.problems {
        if p.kind == ProblemKind::Moved {
            continue;
        }
        let left_out = unsound(p.kind);
        if left_out && let Some(id) = &p.id {
            bad_ids.push(id.clone());
        }
        let hint = match p.kind {
            _ if left_out => "; left out of the export",
            ProblemKind::HashDrift => {
                "; exported at the re-anchored places (`hashiya check --fix` records them)"
            }
            _ => "",
        };
        problems.push(Problem::at(
            side_name,
            (p.line, p.column),
            format!("{}{hint}", p.message),
        ));
    }
    for o in &ins.orphans {
        let reported = ins.problems.iter().any(|p| {
            matches!(p.kind, ProblemKind::Orphan | ProblemKind::DuplicateId)
                && p.id.as_deref() == Some(o.annotation.id.as_str())
        });
        if !reported {
            problems.push(Problem::at(
                side_name,
                (o.line, 1),
                format!(
                    "orphan {} ({}): {}; left out of the export",
                    o.annotation.id, o.annotation.label, o.reason
                ),
            ));
        }
    }
    ins.set
        .iter()
        .filter(|a| !bad_ids.contains(&a.id))
        .cloned()
        .collect()
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
    let (mut loaded, corpora) = load(&args.paths, &mut problems)?;
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
    let mut labels = args.labels.clone();
    if args.format == Format::Conll && labels.is_empty() {
        labels.push("entity".into());
    }
    let selection = Selection {
        labels,
        annotator: args.annotator.clone(),
        all_statuses: args.status == StatusArg::All,
    };
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
            let mut out = output(&args.out)?;
            jsonl::write_all(&mut out, &docs, &mut problems)?;
            out.flush()?;
        }
        Format::Csv => {
            let mut out = output(&args.out)?;
            export::csv::write_all(&mut out, &docs, &mut problems)?;
            out.flush()?;
        }
        Format::Conll => {
            let mut out = output(&args.out)?;
            for d in &docs {
                conll::write_document(&mut out, d, &mut problems)?;
            }
            out.flush()?;
        }
        Format::Brat => {
            let dir = args.out.as_deref().unwrap_or(Path::new("."));
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
            let conf = dir.join("annotation.conf");
            std::fs::write(&conf, config.render())
                .with_context(|| format!("cannot write {}", conf.display()))?;
        }
        Format::Tmx => {
            let pairs = aligned_pairs(&loaded, &corpora, &mut problems);
            let mut out = output(&args.out)?;
            tmx::write(&mut out, &pairs, &mut problems)?;
            out.flush()?;
        }
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
