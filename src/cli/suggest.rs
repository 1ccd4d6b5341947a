//! `hashiya suggest`: write figure, entity and claim suggestions into the
//! sidecars, with status `suggested`, for review in the reader.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context as _;

use crate::annotation::Annotation;
use crate::corpus::{LabelSet, Manifest};
use crate::sidecar::{self, SaveOutcome, Store};
use crate::suggest::entities::Name;
use crate::suggest::gazetteer::Gazetteer;
use crate::suggest::{self, CLAIM, ENTITY, FIGURE, Options};

#[derive(clap::Args, Debug)]
pub struct Args {
    /// Documents or corpus folders (every `.txt` file in a folder).
    #[arg(default_value = ".")]
    paths: Vec<PathBuf>,
    /// Only these kinds of suggestion (comma-separated).
    #[arg(long, value_delimiter = ',', value_parser = ["figures", "entities", "claims"])]
    only: Vec<String>,
    /// Annotator name recorded on the suggestions.
    #[arg(long, default_value = "hashiya-suggest")]
    annotator: String,
    /// Print what would be suggested; write nothing.
    #[arg(long)]
    dry_run: bool,
}

/// A path or quote made safe for the terminal: control characters escaped.
fn clean(s: &str) -> String {
    s.chars()
        .flat_map(|c| {
            if c.is_control() {
                c.escape_default().collect::<Vec<_>>()
            } else {
                vec![c]
            }
        })
        .collect()
}

/// The documents named by `paths`, sorted, without duplicates.
fn documents(paths: &[PathBuf]) -> anyhow::Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    for p in paths {
        if p.is_dir() {
            let entries = std::fs::read_dir(p)
                .with_context(|| format!("cannot list {}", clean(&p.display().to_string())))?;
            for e in entries {
                let path = e?.path();
                let is_txt = path.extension().is_some_and(|x| x == "txt");
                if path.is_file() && is_txt && !sidecar::is_sidecar(&path) {
                    out.push(path);
                }
            }
        } else if p.is_file() {
            out.push(p.clone());
        } else {
            anyhow::bail!(
                "{}: no such file or folder",
                clean(&p.display().to_string())
            );
        }
    }
    out.sort();
    out.dedup();
    Ok(out)
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

struct Corpus {
    labels: LabelSet,
    names: Vec<Name>,
}

/// Label sets, gazetteers and accepted entity names per corpus root.
fn load_corpora(docs: &[PathBuf]) -> anyhow::Result<BTreeMap<PathBuf, Corpus>> {
    let mut corpora: BTreeMap<PathBuf, Corpus> = BTreeMap::new();
    for doc in docs {
        let root = Manifest::find_root(doc);
        if !corpora.contains_key(&root) {
            let manifest = Manifest::load(&root)?;
            let names = Gazetteer::load_corpus(&root)?
                .map(|g| g.names())
                .unwrap_or_default();
            corpora.insert(
                root.clone(),
                Corpus {
                    labels: manifest.labels,
                    names,
                },
            );
        }
        // Accepted entity annotations anywhere in the corpus propagate.
        let Some(corpus) = corpora.get_mut(&root) else {
            continue;
        };
        // A sidecar that cannot be opened is reported when its own turn
        // comes; here it only contributes no names.
        if sidecar::sidecar_path(doc).is_file()
            && let Ok((_store, loaded)) = Store::open(doc, &corpus.labels)
        {
            corpus
                .names
                .extend(suggest::names_from_annotations(loaded.set.iter()));
        }
    }
    Ok(corpora)
}

/// Suggest in one document and save its sidecar; returns the number of
/// suggestions.
fn suggest_one(doc: &Path, corpus: &Corpus, args: &Args) -> anyhow::Result<usize> {
    let want = |k: &str| args.only.is_empty() || args.only.iter().any(|o| o == k);
    let labels = &corpus.labels;
    let opts = Options {
        figures: want("figures") && labels.get(FIGURE).is_some(),
        entities: want("entities") && labels.get(ENTITY).is_some(),
        claims: want("claims") && labels.get(CLAIM).is_some(),
        annotator: args.annotator.clone(),
        default_entity_kind: entity_kind(labels, None),
        ..Options::default()
    };
    let shown = clean(&doc.display().to_string());
    let (mut store, loaded) =
        Store::open(doc, labels).with_context(|| format!("cannot open {shown}"))?;
    let mut set = loaded.set;
    let existing: Vec<Annotation> = set.iter().cloned().collect();
    let mut suggestions = suggest::suggest_document(&loaded.text, &existing, &corpus.names, &opts);
    for a in &mut suggestions {
        if a.label == ENTITY {
            a.kind = entity_kind(labels, a.kind.as_deref());
        }
    }
    let count = |label: &str| suggestions.iter().filter(|a| a.label == label).count();
    println!(
        "{shown}: {} suggestions ({} figures, {} entities, {} claims)",
        suggestions.len(),
        count(FIGURE),
        count(ENTITY),
        count(CLAIM)
    );
    let n = suggestions.len();
    if args.dry_run {
        for a in &suggestions {
            let (line, col) = crate::corpus::manifest::line_column(&loaded.text, a.span.start);
            let attrs: Vec<String> = a
                .attrs
                .iter()
                .map(|(k, v)| format!("{k}={}", clean(v)))
                .collect();
            println!(
                "  {line}:{col} {}{} {:?} {}",
                a.label,
                a.kind
                    .as_deref()
                    .map(|k| format!("/{k}"))
                    .unwrap_or_default(),
                clean(&a.quote),
                attrs.join(" ")
            );
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
            println!("  wrote {}", clean(&store.path().display().to_string()));
        }
        SaveOutcome::Unchanged => {}
    }
    Ok(n)
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let docs = documents(&args.paths)?;
    if docs.is_empty() {
        anyhow::bail!("no documents (.txt files) found");
    }
    let corpora = load_corpora(&docs)?;
    let mut total = 0;
    let mut failed = 0;
    for doc in &docs {
        let Some(corpus) = corpora.get(&Manifest::find_root(doc)) else {
            continue;
        };
        // One bad or locked document does not stop the others.
        match suggest_one(doc, corpus, &args) {
            Ok(n) => total += n,
            Err(e) => {
                eprintln!("hashiya: {}", clean(&format!("{e:#}")));
                failed += 1;
            }
        }
    }
    if docs.len() > 1 {
        println!("{} documents, {total} suggestions", docs.len());
    }
    if failed > 0 {
        eprintln!("hashiya: {failed} of {} documents failed", docs.len());
        return Ok(ExitCode::from(1));
    }
    Ok(ExitCode::SUCCESS)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_characters_are_escaped() {
        assert_eq!(clean("a\u{1b}[2Jb\n"), "a\\u{1b}[2Jb\\n");
    }

    #[test]
    fn entity_kind_falls_back_to_misc() {
        let labels = LabelSet::default();
        assert_eq!(entity_kind(&labels, Some("PER")).as_deref(), Some("PER"));
        assert_eq!(entity_kind(&labels, None).as_deref(), Some("MISC"));
        assert_eq!(entity_kind(&labels, Some("NOPE")).as_deref(), Some("MISC"));
    }
}
