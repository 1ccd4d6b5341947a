//! `hashiya suggest`: write figure, entity and claim suggestions into the
//! sidecars, with status `suggested`, for review in the reader.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context as _;

use crate::annotation::Annotation;
use crate::corpus::{self, Corpus, LabelSet, Layer};
use crate::export::{escape_invisible, quoted};
use crate::sidecar::{SaveOutcome, Store};
use crate::suggest::entities::Matcher;

use super::progress::Progress;
use crate::suggest::gazetteer::Gazetteer;
use crate::suggest::{self, CLAIM, ENTITY, FIGURE, Options};

#[derive(clap::Args, Debug)]
pub struct Args {
    /// Documents or corpus folders (every `.txt` document under a folder,
    /// in subfolders too, as the reader's browser lists them).
    #[arg(default_value = ".")]
    paths: Vec<PathBuf>,
    /// Only these kinds of suggestion (comma-separated).
    #[arg(long, value_delimiter = ',', value_parser = ["figures", "entities", "claims"])]
    only: Vec<String>,
    /// The name recorded as the suggestions' annotator (their creator,
    /// kept when a person accepts them).
    #[arg(long, value_name = "NAME", default_value = "hashiya-suggest")]
    suggester: String,
    /// In a team corpus: whose layer gets the suggestions (see `hashiya
    /// --help` for how the name is found). Outside a team they go to the
    /// gold sidecar.
    #[command(flatten)]
    who: super::AnnotatorArg,
    /// In a team corpus: write the suggestions into every annotator's layer.
    #[arg(long, conflicts_with = "annotator")]
    all_layers: bool,
    /// Print what would be suggested; write nothing.
    #[arg(long)]
    dry_run: bool,
}

/// Progress output on standard output. A closed pipe (`| head`) stops the
/// printing, not the work: every sidecar is still written. Any other write
/// error is reported once at the end.
struct Out<'p> {
    /// Standard output, through a buffer when it is not a terminal (a
    /// dry run over a large corpus prints millions of lines; a terminal
    /// sees each line as it comes).
    stdout: Box<dyn std::io::Write>,
    closed: bool,
    error: Option<std::io::Error>,
    /// The progress bar to keep clear of, while one is drawn.
    progress: Option<&'p Progress>,
}

impl Out<'_> {
    fn new(progress: Option<&Progress>) -> Out<'_> {
        use std::io::IsTerminal as _;
        let stdout = std::io::stdout();
        let stdout: Box<dyn std::io::Write> = if stdout.is_terminal() {
            Box::new(stdout)
        } else {
            Box::new(std::io::BufWriter::with_capacity(64 * 1024, stdout))
        };
        Out {
            stdout,
            closed: false,
            error: None,
            progress,
        }
    }

    fn say(&mut self, line: std::fmt::Arguments) {
        if self.closed {
            return;
        }
        let stdout = &mut self.stdout;
        let mut write = || writeln!(stdout, "{line}");
        let written = match self.progress {
            Some(p) => p.suspend(write),
            None => write(),
        };
        self.failed(written);
    }

    /// Write out what is buffered (before a message on standard error, so
    /// that the two stay in order where they go to one file, and at the
    /// end).
    fn flush(&mut self) {
        if !self.closed {
            let flushed = self.stdout.flush();
            self.failed(flushed);
        }
    }

    fn failed(&mut self, result: std::io::Result<()>) {
        if let Err(e) = result {
            self.closed = true;
            if e.kind() != std::io::ErrorKind::BrokenPipe {
                self.error = Some(e);
            }
        }
    }
}

/// How a document's path is shown: relative to the working folder when it
/// is inside it (as the user most likely named it), else in full.
fn shown_path(path: &Path) -> String {
    let cwd = std::env::current_dir().ok();
    let rel = cwd.as_deref().and_then(|cwd| path.strip_prefix(cwd).ok());
    escape_invisible(&rel.unwrap_or(path).display().to_string())
}

/// The type given to an entity suggestion: its own when the label set
/// allows it, else `MISC` (or the label's first type, or none).
fn entity_kind(labels: &LabelSet, kind: Option<&str>) -> Option<String> {
    if labels.allows(ENTITY, kind) {
        return kind.map(str::to_string);
    }
    let def = labels.get(ENTITY)?;
    if def.types.is_empty() {
        return None;
    }
    Some(
        def.types
            .iter()
            .find(|t| *t == "MISC")
            .unwrap_or(&def.types[0])
            .clone(),
    )
}

/// What suggestions in one corpus draw on.
struct Inputs {
    labels: LabelSet,
    /// The gazetteer's names and the accepted entities of the selected
    /// documents, built into one matcher for the whole run.
    names: Matcher,
}

/// The label set and the entity names to look for in a corpus: its
/// gazetteer and the accepted entity annotations of the selected documents.
fn load_inputs(corpus: &Corpus, docs: &[String], layer: &Layer) -> anyhow::Result<Inputs> {
    let labels = corpus.manifest.labels.clone();
    let mut names = Gazetteer::load_corpus(&corpus.root)?
        .map(|g| g.names())
        .unwrap_or_default();
    let progress = Progress::new("reading names", docs.len() as u64, "documents").past("read");
    for rel in docs {
        progress.check()?;
        progress.inc(1);
        let doc = corpus.root.join(rel);
        // A sidecar that cannot be opened is reported when its own turn
        // comes; here it only contributes no names.
        if layer.path(&doc).is_file()
            && let Ok((_store, loaded)) = Store::open_layer(&doc, &labels, layer)
        {
            names.extend(suggest::names_from_annotations(loaded.set.iter()));
        }
    }
    Ok(Inputs {
        labels,
        names: Matcher::new(names),
    })
}

/// Suggest in one document and save its sidecar; returns the number of
/// suggestions.
fn suggest_one(
    doc: &Path,
    layer: &Layer,
    inputs: &Inputs,
    args: &Args,
    out: &mut Out,
) -> anyhow::Result<usize> {
    let want = |k: &str| args.only.is_empty() || args.only.iter().any(|o| o == k);
    let labels = &inputs.labels;
    let opts = Options {
        figures: want("figures") && labels.get(FIGURE).is_some(),
        entities: want("entities") && labels.get(ENTITY).is_some(),
        claims: want("claims") && labels.get(CLAIM).is_some(),
        annotator: args.suggester.clone(),
        default_entity_kind: entity_kind(labels, None),
        ..Options::default()
    };
    let shown = shown_path(doc);
    let (mut store, loaded) = Store::open_layer(doc, labels, layer)
        .with_context(|| format!("cannot open {shown} ({} layer)", layer.name()))?;
    let mut set = loaded.set;
    let existing: Vec<Annotation> = set.iter().cloned().collect();
    let mut suggestions = suggest::suggest_document(&loaded.text, &existing, &inputs.names, &opts);
    for a in &mut suggestions {
        if a.label == ENTITY {
            a.kind = entity_kind(labels, a.kind.as_deref());
        }
    }
    let count = |label: &str| suggestions.iter().filter(|a| a.label == label).count();
    out.say(format_args!(
        "{shown}: {} suggestions ({} figures, {} entities, {} claims)",
        suggestions.len(),
        count(FIGURE),
        count(ENTITY),
        count(CLAIM)
    ));
    let n = suggestions.len();
    if args.dry_run {
        let positions = crate::corpus::positions::Positions::new(&loaded.text);
        for a in &suggestions {
            let (line, col) = positions.line_column(a.span.start);
            let attrs: Vec<String> = a
                .attrs
                .iter()
                .map(|(k, v)| format!("{k}={}", escape_invisible(v)))
                .collect();
            out.say(format_args!(
                "  {line}:{col} {}{} {} {}",
                a.label,
                a.kind
                    .as_deref()
                    .map(|k| format!("/{k}"))
                    .unwrap_or_default(),
                quoted(&a.quote),
                attrs.join(" ")
            ));
        }
        return Ok(n);
    }
    for mut a in suggestions {
        if set.contains(&a.id) {
            a.id = set.new_id();
        }
        set.insert(a)
            .with_context(|| format!("{shown}: cannot add a suggestion"))?;
    }
    match store
        .save(&set)
        .with_context(|| format!("cannot save the sidecar of {shown}"))?
    {
        SaveOutcome::Written => {
            out.say(format_args!("  wrote {}", shown_path(store.path())));
        }
        SaveOutcome::Unchanged => {}
    }
    Ok(n)
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let selected = corpus::select(&args.paths)
        .map_err(|e| anyhow::anyhow!(escape_invisible(&e.to_string())))?;
    let docs: usize = selected.iter().map(|(_, rels)| rels.len()).sum();
    if docs == 0 {
        anyhow::bail!("no documents (.txt files) found");
    }
    let mut total = 0;
    let mut failed = 0;
    let layers_per_corpus = |corpus: &Corpus| match &corpus.manifest.team {
        Some(t) if args.all_layers => t.annotators.len(),
        _ => 1,
    };
    let steps: usize = selected
        .iter()
        .map(|(c, rels)| rels.len() * layers_per_corpus(c))
        .sum();
    let progress = Progress::new("suggest", steps as u64, "documents");
    let mut out = Out::new(Some(&progress));
    for (corpus, rels) in &selected {
        // The layers written: gold outside a team; in a team, the working
        // annotator's, or every annotator's with --all-layers.
        let team = corpus.manifest.team.as_ref();
        let layers: Vec<Layer> = match team {
            Some(t) if args.all_layers => t
                .annotators
                .iter()
                .map(|a| Layer::Annotator(a.clone()))
                .collect(),
            Some(t) => vec![super::identity(args.who.annotator.as_deref(), None, Some(t))?.layer],
            None => {
                anyhow::ensure!(
                    args.who.annotator.is_none(),
                    "--annotator: the corpus at {} has no [team] in hashiya.toml, so the suggestions go to the gold sidecars; the name recorded on them is --suggester NAME (default hashiya-suggest)",
                    escape_invisible(&corpus.root.display().to_string())
                );
                anyhow::ensure!(
                    !args.all_layers,
                    "--all-layers: the corpus at {} has no [team] in hashiya.toml",
                    escape_invisible(&corpus.root.display().to_string())
                );
                vec![Layer::Gold]
            }
        };
        for layer in &layers {
            let inputs = load_inputs(corpus, rels, layer)?;
            for rel in rels {
                progress.check()?;
                // One bad or locked document does not stop the others.
                let done = suggest_one(&corpus.root.join(rel), layer, &inputs, &args, &mut out);
                progress.inc(1);
                match done {
                    Ok(n) => total += n,
                    Err(e) => {
                        out.flush();
                        progress.suspend(|| {
                            crate::eprintln_escaped!(
                                "hashiya: {}",
                                escape_invisible(&format!("{e:#}"))
                            )
                        });
                        failed += 1;
                    }
                }
            }
        }
    }
    progress.finish();
    if docs > 1 {
        out.say(format_args!("{docs} documents, {total} suggestions"));
    }
    out.flush();
    if let Some(e) = out.error {
        crate::eprintln_escaped!("hashiya: cannot write to standard output: {e}");
        return Ok(ExitCode::from(1));
    }
    if failed > 0 {
        crate::eprintln_escaped!("hashiya: {failed} of {docs} documents failed");
        return Ok(ExitCode::from(1));
    }
    Ok(ExitCode::SUCCESS)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_keep_harakat_and_escape_controls() {
        let shown = quoted("أيضًا\u{1b}[2J");
        assert!(shown.starts_with("\"أيضًا"), "{shown}");
        assert!(!shown.contains('\u{1b}'), "{shown}");
    }

    #[test]
    fn entity_kind_falls_back_to_misc() {
        let labels = LabelSet::default();
        assert_eq!(entity_kind(&labels, Some("PER")).as_deref(), Some("PER"));
        assert_eq!(entity_kind(&labels, None).as_deref(), Some("MISC"));
        assert_eq!(entity_kind(&labels, Some("NOPE")).as_deref(), Some("MISC"));
    }
}
