//! `hashiya import`: bring pre-annotations (JSONL as `export` writes it, or
//! brat `.ann`) into the sidecars of a corpus (docs/EXPORT.md).
//!
//! Exit codes: 0 every span was imported or already there; 2 some lines or
//! spans were rejected (each listed on stderr with file:line); 1 failure.

use std::collections::HashMap;
use std::io::{BufRead, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, bail};

use super::export::report;
use super::progress::Progress;
use crate::annotation::{AnnotationSet, Status, now_rfc3339};
use crate::corpus::{Corpus, DocInfo};
use crate::export::import::{self, Defaults, ImportedDoc, Merged};
use crate::export::load::doc_id;
use crate::export::{Problem, quoted};
use crate::sidecar::Store;

#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// One JSON object per document, as `export --format jsonl` writes.
    Jsonl,
    /// brat `.ann` files (the `.txt` is the corpus document).
    Brat,
}

#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum As {
    Suggested,
    Accepted,
}

/// Bring pre-annotations (jsonl, brat) into a corpus's sidecars.
///
/// Documents are matched by path relative to the corpus, or by id (the path
/// without `.txt`); brat files by their name. Every span is checked against
/// the document text; an annotation already there (same id, or same span,
/// label and type) is not added again. Exit status: 0 all imported; 2 some
/// spans rejected (listed on stderr); 1 failure.
#[derive(clap::Args, Debug)]
#[command(
    after_help = "Documents are matched by path relative to the corpus or by id (the \
path without .txt); brat files by their name. Every span is checked against the text; an \
annotation already there (same id, or same span, label and type) is not added again. \
Exit status: 0 all imported; 2 some spans rejected (listed on stderr); 1 failure."
)]
pub struct Args {
    /// Input format.
    #[arg(long, value_enum)]
    pub format: Format,
    /// Status of the imported annotations. Default: the status in the file,
    /// else suggested.
    #[arg(long = "as", value_enum, value_name = "STATUS")]
    pub as_status: Option<As>,
    /// The corpus folder.
    #[arg(long, value_name = "DIR", default_value = ".")]
    pub corpus: PathBuf,
    /// Input files.
    #[arg(value_name = "FILE", required = true)]
    pub files: Vec<PathBuf>,
    /// In a team corpus the annotations go to this annotator's layer
    /// (`article.NAME.layer.toml`); spans that carry no annotator of their
    /// own are recorded as made by NAME (else by `import`).
    #[command(flatten)]
    pub who: super::AnnotatorArg,
}

/// The corpus document a brat `.ann` file belongs to: the one whose path
/// (with `.txt`) is the longest suffix of the `.ann` path.
fn brat_document<'c>(corpus: &'c Corpus, ann: &Path) -> Result<&'c DocInfo, String> {
    let abs = std::fs::canonicalize(ann).unwrap_or_else(|_| ann.to_path_buf());
    let txt = crate::corpus::relative_name(Path::new("/"), &abs.with_extension("txt"));
    let txt = format!("/{txt}");
    let mut best: Vec<&DocInfo> = Vec::new();
    let mut best_len = 0;
    for d in &corpus.documents {
        if txt.ends_with(&format!("/{}", d.rel)) {
            match d.rel.len().cmp(&best_len) {
                std::cmp::Ordering::Greater => {
                    best = vec![d];
                    best_len = d.rel.len();
                }
                std::cmp::Ordering::Equal => best.push(d),
                std::cmp::Ordering::Less => {}
            }
        }
    }
    match best.as_slice() {
        [one] => Ok(one),
        [] => Err("no corpus document has this file's name (with .txt)".into()),
        many => Err(format!(
            "several corpus documents match: {}",
            many.iter()
                .map(|d| d.rel.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        )),
    }
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let corpus = Corpus::open(&args.corpus)
        .with_context(|| format!("cannot open the corpus at {}", args.corpus.display()))?;
    let labels = &corpus.manifest.labels;
    // The layer written: the annotator's own in a team, else the gold file.
    let who = super::identity(
        args.who.annotator.as_deref(),
        None,
        corpus.manifest.team.as_ref(),
    )?;
    let defaults = Defaults {
        status: args.as_status.map(|a| match a {
            As::Suggested => Status::Suggested,
            As::Accepted => Status::Accepted,
        }),
        annotator: match &args.who.annotator {
            Some(_) => who.name.clone(),
            None => "import".into(),
        },
        now: now_rfc3339(),
    };
    let mut problems: Vec<Problem> = Vec::new();
    let mut total = Merged::default();
    let mut imported_any = false;
    let mut into_corpus = |doc: &DocInfo, imported: ImportedDoc, problems: &mut Vec<Problem>| {
        imported_any = true;
        let merged = import_document(doc, &imported, labels, &who.layer, &defaults, problems)?;
        total.added += merged.added;
        total.duplicates += merged.duplicates;
        anyhow::Ok(())
    };
    let documents = DocumentMap::new(&corpus);
    // Progress in bytes of input; Ctrl-C stops between two documents, each
    // imported one whole (importing again adds only what is missing).
    let sizes: u64 = args
        .files
        .iter()
        .filter_map(|f| std::fs::metadata(f).ok())
        .map(|m| m.len())
        .sum();
    let progress = Progress::bytes("import", sizes);
    let mut stopped = None;
    'files: for file in &args.files {
        if let Err(i) = progress.check() {
            stopped = Some(i);
            break;
        }
        let name = file.display().to_string();
        match args.format {
            Format::Jsonl => {
                // A line at a time: memory does not grow with the input.
                let f = std::fs::File::open(file).with_context(|| format!("cannot read {name}"))?;
                let mut reader = std::io::BufReader::new(f);
                let mut buf = Vec::new();
                let mut line = 0;
                loop {
                    if let Err(i) = progress.check() {
                        stopped = Some(i);
                        break 'files;
                    }
                    buf.clear();
                    let n = reader
                        .read_until(b'\n', &mut buf)
                        .with_context(|| format!("cannot read {name}"))?;
                    if n == 0 {
                        break;
                    }
                    progress.inc(n as u64);
                    line += 1;
                    let raw = match std::str::from_utf8(&buf) {
                        Ok(raw) => raw,
                        Err(e) => {
                            let valid = buf.get(..e.valid_up_to()).unwrap_or(&[]);
                            let column = String::from_utf8_lossy(valid).chars().count() + 1;
                            problems.push(Problem::at(
                                &name,
                                (line, column),
                                "not valid UTF-8; line skipped".to_string(),
                            ));
                            continue;
                        }
                    };
                    let raw = raw.strip_suffix('\n').unwrap_or(raw);
                    let raw = raw.strip_suffix('\r').unwrap_or(raw);
                    // A byte-order mark (written by some Windows tools) is not JSON.
                    let raw = if line == 1 {
                        raw.strip_prefix('\u{feff}').unwrap_or(raw)
                    } else {
                        raw
                    };
                    let Some(d) = import::parse_jsonl_line(&name, line, raw, &mut problems) else {
                        continue;
                    };
                    match documents.find(&d) {
                        Some(doc) => into_corpus(doc, d, &mut problems)?,
                        None => problems.push(Problem::at(
                            &name,
                            (d.line, 1),
                            format!(
                                "no document {} in the corpus at {}; line skipped",
                                match (&d.path, &d.id) {
                                    (Some(p), Some(i)) =>
                                        format!("{} (path) or {} (id)", quoted(p), quoted(i)),
                                    (Some(p), None) => format!("{} (path)", quoted(p)),
                                    (None, Some(i)) => format!("{} (id)", quoted(i)),
                                    (None, None) => "(no path or id)".to_string(),
                                },
                                corpus.root.display()
                            ),
                        )),
                    }
                }
            }
            Format::Brat => match brat_document(&corpus, file) {
                Ok(doc) => {
                    let content = std::fs::read_to_string(file)
                        .with_context(|| format!("cannot read {name}"))?;
                    let d = import::parse_brat(&name, &content, labels, &mut problems);
                    into_corpus(doc, d, &mut problems)?;
                    progress.inc(content.len() as u64);
                }
                Err(msg) => problems.push(Problem::in_file(&name, format!("{msg}; file skipped"))),
            },
        }
    }
    progress.finish();
    if !imported_any && problems.is_empty() && stopped.is_none() {
        bail!("nothing to import");
    }
    let mut out = std::io::stdout().lock();
    let into = match who.layer.annotator() {
        Some(a) => format!(" into {a}'s layer"),
        None => String::new(),
    };
    writeln!(
        out,
        "imported {} annotation(s){into}; {} already there",
        total.added, total.duplicates
    )?;
    let code = report(&problems, false)?;
    match stopped {
        Some(i) => Err(i.into()),
        None => Ok(code),
    }
}

/// The corpus documents by corpus-relative path and by id, to find the one
/// an input line names without a walk over the corpus per line.
struct DocumentMap<'c> {
    root: PathBuf,
    by_rel: HashMap<&'c str, &'c DocInfo>,
    by_id: HashMap<String, &'c DocInfo>,
}

impl<'c> DocumentMap<'c> {
    fn new(corpus: &'c Corpus) -> Self {
        let mut by_rel = HashMap::new();
        let mut by_id = HashMap::new();
        for d in &corpus.documents {
            by_rel.entry(d.rel.as_str()).or_insert(d);
            by_id.entry(doc_id(&d.rel)).or_insert(d);
        }
        DocumentMap {
            root: std::fs::canonicalize(&corpus.root).unwrap_or_else(|_| corpus.root.clone()),
            by_rel,
            by_id,
        }
    }

    /// The document named by the path (corpus-relative, or absolute inside
    /// the corpus), else by the id.
    fn find(&self, d: &ImportedDoc) -> Option<&'c DocInfo> {
        let rel = d.path.as_deref().map(|p| {
            let p = Path::new(p);
            if p.is_absolute() {
                let p = std::fs::canonicalize(p).unwrap_or_else(|_| p.to_path_buf());
                match p.strip_prefix(&self.root) {
                    Ok(_) => crate::corpus::relative_name(&self.root, &p),
                    Err(_) => p.display().to_string(),
                }
            } else {
                p.display().to_string()
            }
        });
        rel.and_then(|r| self.by_rel.get(r.as_str()).copied())
            .or_else(|| d.id.as_deref().and_then(|i| self.by_id.get(i).copied()))
    }
}

/// Check one input document's spans against the corpus document and merge
/// them into its sidecar (the given layer), saving when anything changed.
fn import_document(
    doc: &DocInfo,
    imported: &ImportedDoc,
    labels: &crate::corpus::LabelSet,
    layer: &crate::corpus::Layer,
    defaults: &Defaults,
    problems: &mut Vec<Problem>,
) -> anyhow::Result<Merged> {
    let (mut store, loaded) = Store::open_layer(&doc.path, labels, layer)
        .with_context(|| format!("cannot open the {} layer of {}", layer.name(), doc.rel))?;
    if let Some(t) = &imported.text
        && *t != loaded.text
    {
        problems.push(Problem::at(
            &imported.source,
            (imported.line, 1),
            format!("the text given for {} differs from the document; each span is checked against the document", doc.rel),
        ));
    }
    let mut fresh = import::fresh_ids(&loaded.set);
    let new = import::to_annotations(
        imported,
        &loaded.text,
        labels,
        defaults,
        &mut fresh,
        problems,
    );
    // An id held by an orphan of this sidecar (lost or duplicate) is not
    // taken by an imported span: saving would count the orphan as
    // re-attached and drop it from the file.
    let (new, clashing) = import::clear_of_orphans(new, &loaded.set, store.orphans());
    for a in clashing {
        problems.push(Problem::at(
            &imported.source,
            (imported.line, 1),
            format!(
                "{} {}: an orphan in {} has this id; span not imported, so that the orphan is kept (re-attach it in the reader)",
                a.label,
                a.id,
                store.path().display()
            ),
        ));
    }
    let mut all = loaded.set.as_slice().to_vec();
    let merged = import::merge(&mut all, new);
    let set = AnnotationSet::from_annotations(all)
        .with_context(|| format!("{}: cannot build the annotation set", doc.rel))?;
    if set != loaded.set {
        store
            .save(&set)
            .with_context(|| format!("cannot save the sidecar of {}", doc.rel))?;
    }
    Ok(merged)
}
