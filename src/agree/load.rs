//! Reading the layers of a team for agreement: every selected document with
//! each annotator's sound annotations (as the export reads them) and the
//! layer's status.

use crate::corpus::{Layer, Selected};
use crate::export::Problem;
use crate::export::load::{Tick, load_layer, no_tick};

use super::{DocInput, LayerInput};

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum LoadError {
    #[error(
        "no corpus here has a [team] in hashiya.toml: agreement compares the layers of a team's annotators"
    )]
    NoTeam,
    #[error(
        "agreement needs at least two annotators; {0}: add annotators to [team] in hashiya.toml or name two with --annotators"
    )]
    TooFew(String),
    #[error("--annotators: {name} is not an annotator of the team ({team})")]
    Unknown { name: String, team: String },
}

/// The annotators compared: `asked` (from `--annotators`), else every
/// annotator of the selected corpora's teams, in the order listed.
pub fn annotators(corpora: &Selected, asked: &[String]) -> Result<Vec<String>, LoadError> {
    let mut team: Vec<String> = Vec::new();
    for (c, _) in corpora {
        for a in c.manifest.team.iter().flat_map(|t| t.annotators.iter()) {
            if !team.contains(a) {
                team.push(a.clone());
            }
        }
    }
    if corpora.iter().all(|(c, _)| c.manifest.team.is_none()) {
        return Err(LoadError::NoTeam);
    }
    let chosen: Vec<String> = if asked.is_empty() {
        team.clone()
    } else {
        let mut v: Vec<String> = Vec::new();
        for a in asked {
            if !team.contains(a) {
                return Err(LoadError::Unknown {
                    name: a.clone(),
                    team: team.join(", "),
                });
            }
            if !v.contains(a) {
                v.push(a.clone());
            }
        }
        v
    };
    match chosen.as_slice() {
        [] => Err(LoadError::TooFew("the team lists nobody".into())),
        [one] => Err(LoadError::TooFew(format!("only {one} is compared"))),
        _ => Ok(chosen),
    }
}

/// Load every selected document with the layers of `annotators`. Problems
/// with annotations (left out as the export leaves them out) are appended
/// to `problems`.
pub fn load(
    corpora: &Selected,
    annotators: &[String],
    problems: &mut Vec<Problem>,
) -> Vec<DocInput> {
    load_with(corpora, annotators, problems, &no_tick).unwrap_or_else(|e| match e {})
}

/// [`load`], with `tick` before each document of each layer (from several
/// threads); the first error of `tick` stops the loading.
pub fn load_with<E: Send>(
    corpora: &Selected,
    annotators: &[String],
    problems: &mut Vec<Problem>,
    tick: Tick<'_, E>,
) -> Result<Vec<DocInput>, E> {
    let mut docs: Vec<DocInput> = Vec::new();
    let mut index = std::collections::HashMap::new();
    let cwd = std::env::current_dir()
        .ok()
        .and_then(|c| c.canonicalize().ok());
    // One thread per layer: reading and checking layer files is most of
    // the time, and layers are independent.
    type Layers = Vec<(Vec<crate::export::load::Loaded>, Vec<Problem>)>;
    let loaded: Layers = std::thread::scope(|s| {
        let handles: Vec<_> = annotators
            .iter()
            .map(|name| {
                s.spawn(move || {
                    let mut p = Vec::new();
                    let l = load_layer(corpora, &Layer::Annotator(name.clone()), &mut p, tick)?;
                    Ok((l, p))
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().unwrap_or_else(|e| std::panic::resume_unwind(e)))
            .collect::<Result<Layers, E>>()
    })?;
    for (k, (name, (layer_docs, layer_problems))) in annotators.iter().zip(loaded).enumerate() {
        problems.extend(layer_problems);
        for l in layer_docs {
            let key = l.file.clone();
            let at = *index.entry(key).or_insert_with(|| {
                // As the user can open it: relative to the current folder when under it.
                let full = l.root.join(&l.info.path);
                let file = cwd
                    .as_deref()
                    .and_then(|c| full.strip_prefix(c).ok())
                    .unwrap_or(&full)
                    .display()
                    .to_string();
                docs.push(DocInput {
                    path: l.info.path.clone(),
                    file,
                    text: l.text.clone(),
                    layers: vec![LayerInput::default(); annotators.len()],
                });
                docs.len() - 1
            });
            let in_team = corpora.iter().any(|(c, _)| {
                l.root == c.root && c.manifest.team.as_ref().is_some_and(|t| t.has(name))
            });
            if !in_team {
                continue;
            }
            let status = l.status.as_str();
            if let Some(d) = docs.get_mut(at)
                && let Some(slot) = d.layers.get_mut(k)
            {
                *slot = LayerInput {
                    status: Some(status),
                    annotations: l.annotations,
                };
            }
        }
    }
    Ok(docs)
}
