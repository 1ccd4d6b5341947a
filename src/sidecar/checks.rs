//! Checks of one layer file beyond loading it, for `hashiya check`: what
//! its top says (status, whose layer it is) and links into other documents.

use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};

use super::format::SidecarDoc;
use crate::corpus::Team;
use crate::corpus::team::{self, Layer};
use crate::text::escape::quoted;

/// What the top of a gold sidecar or a layer file must say: a known
/// document status; in a layer, the annotator of its file name (valid, in
/// the team) and no other.
pub fn header(
    layer: &Layer,
    doc: &SidecarDoc<'_>,
    text: &str,
    lines: &crate::corpus::positions::Positions<'_>,
    team: Option<&Team>,
) -> Vec<((usize, usize), String)> {
    let mut out = Vec::new();
    // The line and column of a top-level key (before the first annotation).
    let key_line = |key: &str| {
        let head = text.split("[[annotation]]").next().unwrap_or("");
        head.find(&format!("\n{key}"))
            .map_or((1, 1), |at| lines.line_column(at + 1))
    };
    if let Some(v) = doc.extras.get("status")
        && v.as_str()
            .and_then(crate::corpus::DocStatus::parse)
            .is_none()
    {
        out.push((
            key_line("status"),
            format!(
                "status = {v}: not one of \"todo\", \"in-progress\", \"done\" (the document's progress in this layer)"
            ),
        ));
    }
    let Layer::Annotator(name) = layer else {
        return out;
    };
    let line = lines.line_column(doc.document_pos.start);
    if let Err(e) = team::check_name(name) {
        out.push((
            line,
            format!("layer file of annotator {}: {e}", quoted(name)),
        ));
    }
    match team {
        None => out.push((
            line,
            format!(
                "layer of annotator {} but the corpus has no [team] in hashiya.toml",
                quoted(name)
            ),
        )),
        Some(t) if !t.has(name) => out.push((
            line,
            format!(
                "layer of annotator {}, who is not listed in [team] annotators ({})",
                quoted(name),
                t.annotators.join(", ")
            ),
        )),
        Some(_) => {}
    }
    if let Some(v) = doc.extras.get("annotator")
        && v.as_str() != Some(name.as_str())
    {
        out.push((
            key_line("annotator"),
            format!(
                "annotator = {v} inside, but the file name says this is {}'s layer",
                quoted(name)
            ),
        ));
    }
    out
}

/// Finds links into other documents whose target is missing, reading each
/// other layer file once.
#[derive(Default)]
pub struct LinkChecker {
    /// Ids of other layer files (`None`: missing or unreadable).
    ids: HashMap<PathBuf, Option<BTreeSet<String>>>,
}

impl LinkChecker {
    /// Links into other documents (`other.txt#id`) whose target is missing.
    pub fn foreign(
        &mut self,
        folder: &Path,
        doc: &SidecarDoc<'_>,
        lines: &crate::corpus::positions::Positions<'_>,
        layer: &Layer,
    ) -> Vec<((usize, usize), String)> {
        let mut found = Vec::new();
        for r in &doc.records {
            for l in &r.annotation.links {
                let (other, id) = l.split_target();
                if other.is_empty() {
                    continue;
                }
                let other_doc = folder.join(other);
                // A link in a layer points into the same layer of the
                // other document.
                let other_sidecar = layer.path(&other_doc);
                let ids = self.ids.entry(other_sidecar.clone()).or_insert_with(|| {
                    super::parse_file(&other_sidecar)
                        .ok()
                        .map(|(_, d)| d.records.into_iter().map(|r| r.annotation.id).collect())
                });
                let why = if !other_doc.is_file() {
                    Some(format!("document {} not found", quoted(other)))
                } else {
                    match ids {
                        None => Some(format!(
                            "{} is missing or cannot be read",
                            other_sidecar.display()
                        )),
                        Some(ids) if !ids.contains(id) => Some(format!(
                            "no annotation {} in {}",
                            quoted(id),
                            other_sidecar.display()
                        )),
                        Some(_) => None,
                    }
                };
                if let Some(why) = why {
                    found.push((
                        lines.line_column(r.pos.of("links").start),
                        format!(
                            "annotation {}: link ({}) to {}: {why}",
                            r.annotation.id,
                            l.kind,
                            quoted(&l.target)
                        ),
                    ));
                }
            }
        }
        found
    }
}
