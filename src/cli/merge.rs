//! Git integration: `hashiya merge-driver` (git's merge driver for
//! hashiya's files), `hashiya git-setup` (registers it in a clone) and
//! `hashiya resolve` (settles recorded conflicts, repairs a file with git's
//! conflict markers). docs/FORMAT.md "Merging with git".

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};

use anyhow::{Context as _, bail};

use crate::export::escape_invisible;
use crate::merge::sidecar::Choice;
use crate::merge::{self, Conflict, Documents, FileKind, MergeError, Merged, conflict, markers};
use crate::sidecar::sha256_hex;

/// Merge three versions of a hashiya file for git (`%O %A %B %P`).
#[derive(clap::Args, Debug)]
#[command(
    after_help = "Registered by `hashiya git-setup`; git runs it for every sidecar, layer, alignment file and manifest it merges. \
The result replaces OURS. Annotations are merged by id, field by field; what both sides changed differently is recorded as a \
[[conflict]] in a file hashiya still opens. A version that does not parse is merged line by line with conflict markers instead. \
Exit status: 0 clean, 1 conflicts (git then marks the path conflicted)."
)]
pub struct DriverArgs {
    /// The common ancestor's version (git's %O).
    pub base: PathBuf,
    /// Our version; receives the result (git's %A).
    pub ours: PathBuf,
    /// Their version (git's %B).
    pub theirs: PathBuf,
    /// The file's path in the repository (git's %P).
    pub path: PathBuf,
}

/// Register hashiya's merge driver in a git clone (once per clone).
#[derive(clap::Args, Debug)]
#[command(
    after_help = "Adds `merge=hashiya` lines for *.ann.toml, *.layer.toml, *.align.toml and hashiya.toml to the \
repository's .gitattributes (commit it, so every clone has them) and sets merge.hashiya.driver in the clone's own \
.git/config (which git never shares: every clone runs this once). Running it again changes nothing."
)]
pub struct SetupArgs {
    /// A folder inside the repository (default: the current folder).
    pub dir: Option<PathBuf>,
}

/// Settle the conflicts recorded in a file, or repair a file with git's
/// conflict markers.
#[derive(clap::Args, Debug)]
#[command(
    after_help = "Without --ours/--theirs/--both: lists the conflicts (exit 1 if any). A file holding git's conflict \
markers (a merge made without the driver, e.g. on a web UI) is first merged as the driver would have merged it; \
with merge.conflictStyle=diff3 the base is taken from the markers too. \
--ours keeps the value in the file; --theirs takes the other side's; --both keeps both annotations (a deleted one stays, \
a field conflict adds a copy with the other side's values and a new id)."
)]
pub struct ResolveArgs {
    /// A sidecar, layer, alignment file or hashiya.toml.
    pub file: PathBuf,
    /// Keep our version of each conflict.
    #[arg(long, conflicts_with_all = ["theirs", "both"])]
    pub ours: bool,
    /// Keep their version of each conflict.
    #[arg(long, conflicts_with = "both")]
    pub theirs: bool,
    /// Keep both versions.
    #[arg(long)]
    pub both: bool,
    /// Only the conflicts of this annotation.
    #[arg(long, value_name = "ID")]
    pub id: Option<String>,
}

/// The lines `git-setup` writes to `.gitattributes`.
pub const ATTRIBUTES: &[&str] = &[
    "*.ann.toml merge=hashiya",
    "*.layer.toml merge=hashiya",
    "*.align.toml merge=hashiya",
    "hashiya.toml merge=hashiya",
];

fn read_text(path: &Path) -> anyhow::Result<Option<String>> {
    let bytes = std::fs::read(path).with_context(|| format!("reading {}", path.display()))?;
    Ok(String::from_utf8(bytes).ok())
}

/// Versions of a document known to git and the working tree, looked up by
/// SHA-256: the file in the working tree, then the document at every
/// commit that changed it (including the branch being merged).
fn document_lookup(doc: Option<PathBuf>) -> impl Fn(&str) -> Option<String> {
    move |sha: &str| {
        let doc = doc.as_ref()?;
        if let Ok(bytes) = std::fs::read(doc)
            && sha256_hex(&bytes) == sha
        {
            return String::from_utf8(bytes).ok();
        }
        let rel = doc.to_string_lossy().replace('\\', "/");
        let mut revs: Vec<String> = Vec::new();
        for from in ["--all", "MERGE_HEAD", "FETCH_HEAD", "HEAD"] {
            let out = Command::new("git")
                .args(["rev-list", "-n", "500", from, "--", &rel])
                .output();
            if let Ok(out) = out
                && out.status.success()
            {
                for r in String::from_utf8_lossy(&out.stdout).lines() {
                    if !revs.iter().any(|x| x == r) {
                        revs.push(r.to_string());
                    }
                }
            }
        }
        revs.iter().find_map(|rev| {
            let out = Command::new("git")
                .args(["show", &format!("{rev}:{rel}")])
                .output()
                .ok()?;
            (out.status.success() && sha256_hex(&out.stdout) == sha)
                .then(|| String::from_utf8(out.stdout).ok())
                .flatten()
        })
    }
}

/// The document of a sidecar version at `path` (relative to where git or
/// the user runs us).
fn document_of(path: &Path, kind: FileKind, texts: &[&str]) -> Option<PathBuf> {
    if kind != FileKind::Sidecar {
        return None;
    }
    let name = texts
        .iter()
        .find_map(|t| crate::sidecar::format::parse(t).ok().map(|d| d.document))?;
    let folder = path.parent().unwrap_or(Path::new(""));
    Some(folder.join(name))
}

pub fn driver(args: DriverArgs) -> anyhow::Result<ExitCode> {
    let shown = escape_invisible(&args.path.display().to_string());
    let base = read_text(&args.base)?;
    let ours = read_text(&args.ours)?;
    let theirs = read_text(&args.theirs)?;
    let kind = FileKind::of(&args.path);
    let result = match (kind, &base, &ours, &theirs) {
        (Some(kind), Some(b), Some(o), Some(t)) => {
            let lookup = document_lookup(document_of(&args.path, kind, &[o, t]));
            let docs = Documents {
                by_sha: &lookup,
                merged: None,
            };
            merge::merge_file(kind, Some(b.as_str()), o, t, &docs)
        }
        (None, ..) => Err(MergeError::Unparsable {
            side: "file's",
            message: "not a hashiya file".into(),
        }),
        _ => Err(MergeError::Unparsable {
            side: "file's",
            message: "a version is not UTF-8".into(),
        }),
    };
    match result {
        Ok(m) => {
            std::fs::write(&args.ours, m.text.as_bytes())
                .with_context(|| format!("writing {}", args.ours.display()))?;
            if m.conflicts > 0 {
                eprintln!(
                    "hashiya merge-driver: {shown}: {} conflict{} recorded; see them with `hashiya check`, settle them with `hashiya resolve {shown} --ours|--theirs|--both`",
                    m.conflicts,
                    if m.conflicts == 1 { "" } else { "s" }
                );
                Ok(ExitCode::from(1))
            } else {
                Ok(ExitCode::SUCCESS)
            }
        }
        Err(e) => {
            eprintln!(
                "hashiya merge-driver: {shown}: {}; merged line by line (conflict markers), `hashiya resolve {shown}` can finish the merge",
                escape_invisible(&e.to_string())
            );
            let status = Command::new("git")
                .args(["merge-file", "-L", "ours", "-L", "base", "-L", "theirs"])
                .arg(&args.ours)
                .arg(&args.base)
                .arg(&args.theirs)
                .status()
                .context("running git merge-file")?;
            if status.code().is_none_or(|c| c < 0) {
                bail!("git merge-file failed on {shown}");
            }
            // Never reported clean: a version did not parse.
            Ok(ExitCode::from(1))
        }
    }
}

/// Single quotes for a POSIX shell (git runs the driver through `sh`).
fn shell_quote(s: &str) -> String {
    format!("'{}'", s.replace('\'', "'\\''"))
}

fn git(dir: &Path, args: &[&str]) -> anyhow::Result<std::process::Output> {
    Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(args)
        .output()
        .context("running git (is it installed?)")
}

pub fn setup(args: SetupArgs) -> anyhow::Result<ExitCode> {
    let dir = args.dir.unwrap_or_else(|| PathBuf::from("."));
    let top = git(&dir, &["rev-parse", "--show-toplevel"])?;
    if !top.status.success() {
        bail!(
            "{} is not inside a git repository: {}",
            dir.display(),
            String::from_utf8_lossy(&top.stderr).trim()
        );
    }
    let root = PathBuf::from(String::from_utf8_lossy(&top.stdout).trim().to_string());
    let attrs = root.join(".gitattributes");
    let mut text = match std::fs::read_to_string(&attrs) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => String::new(),
        Err(e) => return Err(e).with_context(|| format!("reading {}", attrs.display())),
    };
    let present: Vec<String> = text
        .lines()
        .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
        .collect();
    let mut added = Vec::new();
    for line in ATTRIBUTES {
        if !present.iter().any(|p| p == line) {
            if !text.is_empty() && !text.ends_with('\n') {
                text.push('\n');
            }
            text.push_str(line);
            text.push('\n');
            added.push(*line);
        }
    }
    let mut w = std::io::stdout().lock();
    if added.is_empty() {
        writeln!(
            w,
            "{}: already has the merge=hashiya lines",
            attrs.display()
        )?;
    } else {
        crate::corpus::write_atomic(&attrs, text.as_bytes())
            .with_context(|| format!("writing {}", attrs.display()))?;
        for l in &added {
            writeln!(w, "{}: added `{l}`", attrs.display())?;
        }
    }
    // The binary that runs now, by its absolute path: git runs drivers
    // through a shell whose PATH may not hold hashiya (a GUI client, a
    // cargo build); run git-setup again after moving it.
    let exe = std::env::current_exe().context("finding the hashiya binary")?;
    let exe = std::fs::canonicalize(&exe).unwrap_or(exe);
    let driver = format!(
        "{} merge-driver %O %A %B %P",
        shell_quote(&exe.to_string_lossy())
    );
    for (key, value) in [
        ("merge.hashiya.name", "hashiya: annotations merged by id"),
        ("merge.hashiya.driver", driver.as_str()),
    ] {
        let cur = git(&root, &["config", "--local", "--get", key])?;
        let cur = String::from_utf8_lossy(&cur.stdout).trim_end().to_string();
        if cur == value {
            writeln!(w, "git config {key}: already `{value}`")?;
        } else {
            let set = git(&root, &["config", "--local", key, value])?;
            if !set.status.success() {
                bail!(
                    "git config {key} failed: {}",
                    String::from_utf8_lossy(&set.stderr).trim()
                );
            }
            writeln!(w, "git config {key} = `{value}`")?;
        }
    }
    if !added.is_empty() {
        writeln!(
            w,
            "commit .gitattributes so that every clone merges with hashiya; each clone runs `hashiya git-setup` once"
        )?;
    }
    Ok(ExitCode::SUCCESS)
}

pub fn resolve(args: ResolveArgs) -> anyhow::Result<ExitCode> {
    let path = &args.file;
    let shown = escape_invisible(&path.display().to_string());
    let Some(kind) = FileKind::of(path) else {
        bail!("{shown}: not a hashiya sidecar, layer, alignment file or hashiya.toml");
    };
    let text = read_text(path)?.with_context(|| format!("{shown}: not UTF-8"))?;
    let choice = if args.ours {
        Some(Choice::Ours)
    } else if args.theirs {
        Some(Choice::Theirs)
    } else if args.both {
        Some(Choice::Both)
    } else {
        None
    };
    let mut w = std::io::stdout().lock();
    let mut current = text.clone();
    let mut changed = false;
    if markers::has_markers(&text, 7) {
        let sides = markers::split(&text, 7).with_context(|| {
            format!("{shown}: conflict markers that do not close; fix them by hand")
        })?;
        let lookup = document_lookup(document_of(path, kind, &[&sides.ours, &sides.theirs]));
        // After git merged the document too, the working tree holds the
        // merged document: the one to re-anchor to.
        let merged_doc = document_of(path, kind, &[&sides.ours, &sides.theirs])
            .and_then(|d| std::fs::read_to_string(d).ok());
        let docs = Documents {
            by_sha: &lookup,
            merged: merged_doc,
        };
        let m = merge::merge_file(
            kind,
            sides.base.as_deref(),
            &sides.ours,
            &sides.theirs,
            &docs,
        )
        .with_context(|| {
            format!("{shown}: the versions in the conflict markers cannot be merged")
        })?;
        writeln!(
            w,
            "{shown}: merged the versions in the git conflict markers{}",
            if sides.base.is_some() {
                " (with their base)"
            } else {
                " (no base: nothing either side deleted is dropped)"
            }
        )?;
        current = m.text;
        changed = true;
    }
    if let Some(choice) = choice {
        let only = args.id.clone();
        let which = move |_: usize, c: &Conflict| {
            only.as_deref().is_none_or(|id| c.id.as_deref() == Some(id))
        };
        let m: Merged = match kind {
            FileKind::Sidecar => merge::sidecar::resolve(&current, choice, &which),
            FileKind::Alignment => {
                merge::table::resolve(merge::table::Schema::ALIGNMENT, &current, choice, &which)
            }
            FileKind::Manifest => {
                merge::table::resolve(merge::table::Schema::MANIFEST, &current, choice, &which)
            }
        }
        .with_context(|| format!("{shown}: cannot resolve"))?;
        if m.text != current {
            current = m.text;
            changed = true;
        }
    }
    if changed {
        crate::corpus::write_atomic(path, current.as_bytes())
            .with_context(|| format!("writing {shown}"))?;
    }
    let left = conflict::located(&current);
    for (line, c) in &left {
        writeln!(
            w,
            "{}",
            escape_invisible(&format!("{}:{line}: {}", path.display(), c.describe()))
        )?;
    }
    if left.is_empty() {
        writeln!(w, "{shown}: no conflicts")?;
        Ok(ExitCode::SUCCESS)
    } else {
        Ok(ExitCode::from(1))
    }
}
