//! Reading a corpus for export, one layer at a time: every selected
//! document with that layer's sound annotations. The sidecars are read
//! without locking or writing; what is not sound is left out and reported
//! (docs/EXPORT.md, "Problems and exit codes").

use std::path::{Path, PathBuf};

use super::{DocInfo, Problem};
use crate::annotation::Annotation;
use crate::corpus::{Corpus, LabelSet, Layer, Manifest, Selected};
use crate::sidecar::{self, ProblemKind};
use crate::text::Direction;

/// One document loaded for export.
pub struct Loaded {
    pub root: PathBuf,
    pub file: PathBuf,
    pub info: DocInfo,
    pub text: String,
    pub annotations: Vec<Annotation>,
    /// The document's status in this layer (`todo` without a layer file).
    pub status: crate::corpus::DocStatus,
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
pub fn doc_id(rel: &str) -> String {
    rel.strip_suffix(".txt").unwrap_or(rel).to_string()
}

pub fn direction_name(d: Direction) -> &'static str {
    match d {
        Direction::Ltr => "ltr",
        Direction::Rtl => "rtl",
    }
}

/// Called before each item of long work the library does (a document
/// read, a bootstrap sample…): the command's progress count, and where it
/// stops on Ctrl-C (the error ends the work).
pub type Tick<'a, E> = &'a (dyn Fn() -> Result<(), E> + Sync);

/// No progress to count, no stopping.
pub fn no_tick() -> Result<(), std::convert::Infallible> {
    Ok(())
}

/// Load one layer of the selected documents read-only (a document without
/// that layer's file has no annotations in it); `tick` before each.
pub fn load_layer<E>(
    corpora: &Selected,
    layer: &Layer,
    problems: &mut Vec<Problem>,
    tick: Tick<'_, E>,
) -> Result<Vec<Loaded>, E> {
    let mut loaded = Vec::new();
    for_each_document(corpora, layer, problems, tick, |_, l| {
        loaded.push(l);
        Ok(())
    })?;
    Ok(loaded)
}

/// [`load_layer`] one document at a time: `f` gets the corpus's index in
/// `corpora` and each document loaded, which it owns and drops, so memory
/// does not grow with the corpus. Stops at the first error of `tick` or
/// `f`.
pub fn for_each_document<E>(
    corpora: &Selected,
    layer: &Layer,
    problems: &mut Vec<Problem>,
    tick: Tick<'_, E>,
    mut f: impl FnMut(usize, Loaded) -> Result<(), E>,
) -> Result<(), E> {
    for (k, (corpus, selected)) in corpora.iter().enumerate() {
        for rel in selected {
            tick()?;
            if let Some(l) = load_document(corpus, rel, layer, problems) {
                f(k, l)?;
            }
        }
    }
    Ok(())
}

/// One document of `corpus` with its sound annotations in `layer`; `None`
/// (and the reason in `problems`) when it cannot be read.
pub fn load_document(
    corpus: &Corpus,
    rel: &str,
    layer: &Layer,
    problems: &mut Vec<Problem>,
) -> Option<Loaded> {
    let d = corpus.document(rel)?;
    let at = At {
        root: &corpus.root,
        manifest: &corpus.manifest,
        path: &d.path,
        rel,
    };
    load_at(&at, Language::Known(&d.lang, d.dir), layer, problems)
}

/// Where a document is: its corpus (root and manifest), its file and its
/// corpus-relative name.
pub struct At<'a> {
    pub root: &'a Path,
    pub manifest: &'a Manifest,
    pub path: &'a Path,
    pub rel: &'a str,
}

/// The language and direction a document is loaded with.
#[derive(Clone, Copy, Debug)]
pub enum Language<'a> {
    /// Known already.
    Known(&'a str, Direction),
    /// Detected from the text, as [`Corpus::open`] detects it.
    Detect,
    /// Not needed (`und`, left to right): the caller reads neither.
    Unneeded,
}

/// One document with its sound annotations in `layer`, as
/// [`load_document`] loads it, with the language `lang` says.
pub fn load_at(
    at: &At<'_>,
    lang: Language<'_>,
    layer: &Layer,
    problems: &mut Vec<Problem>,
) -> Option<Loaded> {
    let (root, rel) = (at.root, at.rel);
    let labels: &LabelSet = &at.manifest.labels;
    let text = match sidecar::read_document(at.path) {
        Ok(t) => t,
        Err(e) => {
            problems.push(Problem::in_file(rel, format!("{e}; document left out")));
            return None;
        }
    };
    let (lang, dir) = match lang {
        Language::Known(l, d) => (l.to_string(), d),
        Language::Detect => {
            let (l, d, _, _) = crate::corpus::document_language(
                text.as_bytes(),
                at.manifest.defaults.lang.as_deref(),
            );
            (l, d)
        }
        Language::Unneeded => ("und".to_string(), Direction::Ltr),
    };
    let side = layer.path(at.path);
    let mut annotations = Vec::new();
    let mut status = crate::corpus::DocStatus::Todo;
    // Anything at the sidecar's path is read (a FIFO or a folder there is an
    // error, not "no annotations").
    if side.exists() {
        match sidecar::parse_file(&side) {
            // One problem per line of the file, each with its place.
            Err(sidecar::SidecarError::Invalid { errors, .. }) => {
                let side_name = crate::corpus::relative_name(root, &side);
                for e in errors {
                    problems.push(Problem::at(&side_name, (e.line, e.column), e.message));
                }
                problems.push(Problem::in_file(
                    rel,
                    "its sidecar cannot be read (above); document left out".to_string(),
                ));
                return None;
            }
            Err(e) => {
                problems.push(Problem::in_file(rel, format!("{e}; document left out")));
                return None;
            }
            Ok((side_text, parsed)) => {
                status = sidecar::summary_of(&parsed).status;
                let side_name = crate::corpus::relative_name(root, &side);
                let expected = at
                    .path
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_default();
                if parsed.document != expected {
                    // A sidecar copied or renamed by hand: its annotations
                    // belong to another text.
                    let line = crate::corpus::positions::Positions::new(&side_text)
                        .line_column(parsed.document_pos.start)
                        .0;
                    problems.push(Problem::at(
                        &side_name,
                        (line, 1),
                        format!(
                            "this sidecar belongs to document {}, not to {}; its annotations are left out of the export",
                            super::quoted(&parsed.document),
                            super::quoted(&expected)
                        ),
                    ));
                } else {
                    let ins = sidecar::inspect(&side_text, parsed, &text, labels);
                    annotations = inspected(&side_name, &ins, problems);
                }
            }
        }
    }
    Some(Loaded {
        root: root.to_path_buf(),
        file: at.path.to_path_buf(),
        info: DocInfo {
            id: doc_id(rel),
            path: rel.to_string(),
            language: Some(lang).filter(|l| l != "und"),
            direction: Some(direction_name(dir).to_string()),
            layer: None,
        },
        text,
        annotations,
        status,
    })
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
        let problem = Problem::at(
            side_name,
            (p.line, p.column),
            format!("{}{hint}", p.message),
        );
        // A document edited since it was annotated: everything is exported,
        // at the re-anchored places.
        problems.push(if p.kind == ProblemKind::HashDrift {
            problem.warning()
        } else {
            problem
        });
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
