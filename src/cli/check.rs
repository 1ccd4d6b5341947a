//! `hashiya check [PATH]...`: validate every sidecar under the paths against
//! its document. One line per problem, `file:line:column: message` (the
//! column in characters, as every position hashiya reports; `file: message`
//! for a problem with the whole file); exit 1 if any.

use std::collections::{BTreeSet, HashMap};
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context as _;

use super::progress::Progress;
use crate::corpus::team::{self, Layer};
use crate::corpus::{LabelSet, Manifest, Team};
use crate::export::{escape_invisible, quoted};
use crate::sidecar::{self, SidecarError};

/// Validate sidecars: missing documents, changed documents (with a preview
/// of the re-anchoring), bad offsets, quote mismatches, duplicate ids, labels
/// outside the corpus label set, dangling links, malformed TOML.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// Sidecars, documents or folders (searched recursively for `*.ann.toml`).
    /// Default: the current folder.
    pub paths: Vec<PathBuf>,
    /// Accept the re-anchoring: rewrite each sidecar whose document changed
    /// since it was written (new SHA-256 and offsets, orphans kept with
    /// `orphan = true`), through the sidecar store: atomic, refused while
    /// another hashiya has the document open or when the sidecar changed
    /// meanwhile. Then report what is left.
    #[arg(long)]
    pub fix: bool,
}

/// One reported problem.
struct Line {
    file: PathBuf,
    /// 1-based line and column; (0, 0) for the whole file.
    at: (usize, usize),
    message: String,
}

/// No position: the problem is with the whole file (or folder).
const WHOLE: (usize, usize) = (0, 0);

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let paths = if args.paths.is_empty() {
        vec![PathBuf::from(".")]
    } else {
        args.paths
    };
    let mut out = Vec::new();
    let mut sidecars = BTreeSet::new();
    for p in &paths {
        collect(p, &mut sidecars, &mut out);
    }
    let mut checker = Checker {
        fix: args.fix,
        ..Checker::default()
    };
    // The manifests of the corpora named, even where there is no sidecar.
    // (Looked up from a file inside each folder, as for a sidecar there, so
    // that both find the same root.)
    for p in &paths {
        if p.is_dir() {
            checker.labels_for(&p.join(crate::corpus::manifest::MANIFEST_FILE), &mut out);
        } else if p.is_file() {
            checker.labels_for(p, &mut out);
        }
    }
    // Ctrl-C stops between two sidecars; what was found so far is printed.
    let progress = Progress::new("check", sidecars.len() as u64, "sidecars");
    let mut stopped = None;
    for s in &sidecars {
        if let Err(i) = progress.check() {
            stopped = Some(i);
            break;
        }
        checker.check(s, &mut out);
        progress.inc(1);
    }
    progress.finish();
    let stdout = std::io::stdout();
    let mut w = std::io::BufWriter::new(stdout.lock());
    for l in &out {
        writeln!(
            w,
            "{}",
            escape_invisible(&match l.at {
                WHOLE => format!("{}: {}", l.file.display(), l.message),
                (line, col) => format!("{}:{line}:{col}: {}", l.file.display(), l.message),
            })
        )
        .context("writing to stdout")?;
    }
    w.flush().context("writing to stdout")?;
    let checked = stopped.as_ref().map_or(sidecars.len(), |i| i.done as usize);
    crate::eprintln_escaped!(
        "hashiya check: {} sidecar{}, {} problem{}",
        checked,
        if checked == 1 { "" } else { "s" },
        out.len(),
        if out.len() == 1 { "" } else { "s" }
    );
    if checker.fixed > 0 {
        crate::eprintln_escaped!(
            "hashiya check: {} sidecar{} rewritten with the re-anchored offsets",
            checker.fixed,
            if checker.fixed == 1 { "" } else { "s" }
        );
    }
    if let Some(i) = stopped {
        return Err(i.into());
    }
    Ok(if out.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

fn collect(path: &Path, sidecars: &mut BTreeSet<PathBuf>, out: &mut Vec<Line>) {
    if path.is_dir() {
        // The corpus walk every command uses: symlinked folders are not
        // followed, and what it passes over is reported here.
        let (mut files, mut skipped) = (Vec::new(), Vec::new());
        let want = |name: &str| is_layer_file(Path::new(name));
        if let Err(e) = crate::corpus::walk(path, &want, &mut files, &mut skipped) {
            out.push(Line {
                file: path.to_path_buf(),
                at: WHOLE,
                message: format!("cannot read folder: {e}"),
            });
        }
        for s in skipped {
            out.push(Line {
                file: s.path,
                at: WHOLE,
                message: s.reason.to_string(),
            });
        }
        sidecars.extend(files);
    } else if is_layer_file(path) && path.is_file() {
        sidecars.insert(path.to_path_buf());
    } else if path.is_file() {
        // A document: check its sidecar and its annotators' layers.
        let s = sidecar::sidecar_path(path);
        if s.is_file() {
            sidecars.insert(s);
        } else if s.exists() {
            out.push(Line {
                file: s,
                at: WHOLE,
                message: "not a regular file (a FIFO, socket, device or folder); not read".into(),
            });
        }
        let stem = path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        let folder = path.parent().filter(|p| !p.as_os_str().is_empty());
        if let Ok(entries) = std::fs::read_dir(folder.unwrap_or(Path::new("."))) {
            for e in entries.flatten() {
                let name = e.file_name().to_string_lossy().into_owned();
                if team::parse_layer_file(&name).is_some_and(|(s, _)| s == stem) {
                    sidecars.insert(e.path());
                }
            }
        }
    } else {
        out.push(Line {
            file: path.to_path_buf(),
            at: WHOLE,
            message: "no such file or folder".into(),
        });
    }
}

/// A gold sidecar (`*.ann.toml`) or a layer file (`*.NAME.layer.toml`).
fn is_layer_file(path: &Path) -> bool {
    sidecar::is_sidecar(path)
        || path
            .file_name()
            .and_then(|n| n.to_str())
            .is_some_and(|n| team::parse_layer_file(n).is_some())
}

#[derive(Default)]
struct Checker {
    /// Teams by corpus root.
    teams: HashMap<PathBuf, Option<Team>>,
    /// Label sets by corpus root (the default set when the manifest is
    /// broken; that is reported once).
    labels: HashMap<PathBuf, LabelSet>,
    /// Links into other documents, with the ids of their layers read once.
    links: sidecar::checks::LinkChecker,
    /// `--fix`: rewrite drifted sidecars.
    fix: bool,
    /// How many sidecars `--fix` rewrote.
    fixed: usize,
}

impl Checker {
    fn labels_for(&mut self, sidecar: &Path, out: &mut Vec<Line>) -> LabelSet {
        let root = Manifest::find_root(sidecar);
        if let Some(l) = self.labels.get(&root) {
            return l.clone();
        }
        let manifest = root.join(crate::corpus::manifest::MANIFEST_FILE);
        if let Ok(text) = std::fs::read_to_string(&manifest) {
            let at = crate::merge::conflict::positions(&text);
            for (i, (_, c)) in crate::merge::conflict::located(&text)
                .into_iter()
                .enumerate()
            {
                out.push(Line {
                    file: manifest.clone(),
                    at: at.get(i).copied().unwrap_or(WHOLE),
                    message: format!("{}{RESOLVE_HINT}", c.describe()),
                });
            }
        }
        let labels = match Manifest::load(&root) {
            Ok(m) => {
                self.teams.insert(root.clone(), m.team.clone());
                for missing in m.missing_pair_files(&root) {
                    out.push(Line {
                        file: missing.manifest,
                        at: (missing.line, missing.column),
                        message: format!(
                            "pair names missing file {}",
                            crate::export::quoted(&missing.file)
                        ),
                    });
                }
                m.labels
            }
            Err(e) => {
                out.push(manifest_line(e));
                LabelSet::default()
            }
        };
        self.labels.insert(root, labels.clone());
        labels
    }

    fn check(&mut self, path: &Path, out: &mut Vec<Line>) {
        let at = |at: (usize, usize), message: String| Line {
            file: path.to_path_buf(),
            at,
            message,
        };
        let (text, doc) = match sidecar::parse_file(path) {
            Ok(x) => x,
            Err(SidecarError::Invalid { errors, .. }) => {
                for e in errors {
                    out.push(at((e.line, e.column), e.message));
                }
                return;
            }
            Err(SidecarError::SidecarNotUtf8 {
                at: byte,
                line,
                column,
                ..
            }) => {
                out.push(at(
                    (line, column),
                    format!("invalid UTF-8 at byte offset {byte}; the sidecar cannot be read"),
                ));
                return;
            }
            Err(SidecarError::Io { source, .. }) => {
                out.push(at(WHOLE, format!("cannot read: {source}")));
                return;
            }
            Err(e) => {
                out.push(at(WHOLE, e.to_string()));
                return;
            }
        };
        let labels = self.labels_for(path, out);
        report_conflicts(path, &text, &doc.extras, out);
        let lines = crate::corpus::positions::Positions::new(&text);
        let doc_line = lines.line_column(doc.document_pos.start);
        let folder = path.parent().unwrap_or(Path::new("."));
        let doc_path = folder.join(&doc.document);
        let file_name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let layer = match team::parse_layer_file(&file_name) {
            Some((_, a)) => Layer::Annotator(a.to_string()),
            None => Layer::Gold,
        };
        let root = Manifest::find_root(path);
        let team = self.teams.get(&root).cloned().flatten();
        for (line, message) in sidecar::checks::header(&layer, &doc, &text, &lines, team.as_ref()) {
            out.push(at(line, message));
        }
        let expected = layer.path(&doc_path);
        if expected != path {
            let what = match &layer {
                Layer::Gold => "sidecar",
                Layer::Annotator(_) => "layer",
            };
            out.push(at(
                doc_line,
                format!(
                    "document {} does not go with this {what}'s name (its {what} would be {})",
                    quoted(&doc.document),
                    quoted(&layer.path(Path::new(&doc.document)).display().to_string())
                ),
            ));
        }
        let document = match sidecar::read_document(&doc_path) {
            Ok(t) => t,
            Err(SidecarError::Io { source, .. })
                if source.kind() == std::io::ErrorKind::NotFound =>
            {
                out.push(at(
                    doc_line,
                    format!("document {} not found", quoted(&doc.document)),
                ));
                return;
            }
            Err(SidecarError::NotUtf8 { at: byte, .. }) => {
                out.push(at(
                    doc_line,
                    format!(
                        "document {} is not UTF-8 (byte {byte})",
                        quoted(&doc.document)
                    ),
                ));
                return;
            }
            Err(e) => {
                out.push(at(
                    doc_line,
                    format!("document {}: {e}", quoted(&doc.document)),
                ));
                return;
            }
        };
        let links = self.links.foreign(folder, &doc, &lines, &layer);
        let sha_line = lines.line_column(doc.sha256_pos.start);
        if layer == Layer::Gold {
            for st in crate::adjudicate::stale(&doc_path, &text, &doc) {
                out.push(at((st.line, st.column), st.message));
            }
        }
        let ins = sidecar::inspect(&text, doc, &document, &labels);
        if ins.drift && self.fix && expected == path {
            match reanchor(&doc_path, &labels, &layer) {
                Ok(()) => {
                    self.fixed += 1;
                    // Report what is left in the rewritten file.
                    self.fix = false;
                    self.check(path, out);
                    self.fix = true;
                    return;
                }
                Err(e) => out.push(at(
                    sha_line,
                    format!("{e:#}; not rewritten (the re-anchoring below is not recorded)"),
                )),
            }
        }
        for p in ins.problems {
            let hint = if p.kind == sidecar::ProblemKind::HashDrift && !self.fix {
                "; run `hashiya check --fix` to record the re-anchoring in the sidecar"
            } else {
                ""
            };
            out.push(at((p.line, p.column), format!("{}{hint}", p.message)));
        }
        for (line, message) in links {
            out.push(at(line, message));
        }
    }
}

const RESOLVE_HINT: &str = "; settle it with `hashiya resolve FILE --ours|--theirs|--both`";

/// Each conflict a merge recorded in a sidecar (docs/FORMAT.md, "Conflicts").
fn report_conflicts(path: &Path, text: &str, extras: &toml::Table, out: &mut Vec<Line>) {
    let found = crate::merge::conflict::read(extras);
    if found.is_empty() {
        return;
    }
    let at = crate::merge::conflict::positions(text);
    for (i, c) in found.iter().enumerate() {
        out.push(Line {
            file: path.to_path_buf(),
            at: at.get(i).copied().unwrap_or(WHOLE),
            message: format!("{}{RESOLVE_HINT}", c.describe()),
        });
    }
}

/// Rewrite one layer of `doc` with the re-anchored annotations (orphans
/// kept), through the store.
fn reanchor(doc: &Path, labels: &LabelSet, layer: &Layer) -> anyhow::Result<()> {
    let (mut store, loaded) = sidecar::Store::open_layer(doc, labels, layer)?;
    store.save(&loaded.set)?;
    Ok(())
}

fn manifest_line(e: crate::corpus::ManifestError) -> Line {
    use crate::corpus::ManifestError;
    match e {
        ManifestError::Parse {
            path,
            line,
            column,
            message,
        } => Line {
            file: path,
            at: (line, column),
            message: format!("{message} (using the default label set)"),
        },
        ManifestError::Io { path, source } => Line {
            file: path,
            at: WHOLE,
            message: format!("{source} (using the default label set)"),
        },
    }
}
