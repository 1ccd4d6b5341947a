//! Train/dev/test splits of an export (`hashiya export --split`,
//! docs/EXPORT.md "Splits").
//!
//! A split is decided by document: a document is never cut across splits,
//! and the documents of a translation pair (a *unit*) always go together.
//! The assignment is recorded in the output folder (`splits.toml`); an export
//! into the same folder later keeps every recorded document in its split and
//! only places the new ones. New units are placed in an order given by a
//! hash of the seed and the unit's first path — the same for the same seed
//! whatever else is in the corpus — each into the split furthest below its
//! share of the documents, so every split ends within one unit of the
//! requested proportion (unless recorded documents already put it above).

use std::collections::BTreeMap;
use std::path::Path;

use anyhow::{Context, bail};
use serde::{Deserialize, Serialize};

use super::{Problem, quoted};

/// The file in the output folder that records a split.
pub const RECORD_FILE: &str = "splits.toml";

/// `train=0.8,dev=0.1,test=0.1`: split names and their shares, in order.
#[derive(Clone, Debug, PartialEq)]
pub struct Spec {
    pub parts: Vec<(String, f64)>,
}

impl Spec {
    pub fn parse(s: &str) -> Result<Spec, String> {
        let mut parts: Vec<(String, f64)> = Vec::new();
        for item in s.split(',') {
            let Some((name, share)) = item.split_once('=') else {
                return Err(format!(
                    "{} is not NAME=SHARE (e.g. train=0.8,dev=0.1,test=0.1)",
                    quoted(item)
                ));
            };
            let name = name.trim();
            let ok_name = !name.is_empty()
                && name
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
            if !ok_name {
                return Err(format!(
                    "split name {} must be letters, digits, `_` or `-` (it names an output file)",
                    quoted(name)
                ));
            }
            if parts.iter().any(|(n, _)| n == name) {
                return Err(format!("split {} is named twice", quoted(name)));
            }
            let share: f64 = match share.trim().parse() {
                Ok(v) if v > 0.0 && v <= 1.0 => v,
                _ => {
                    return Err(format!(
                        "share {} of split {name} must be a number above 0 and at most 1",
                        quoted(share)
                    ));
                }
            };
            parts.push((name.to_string(), share));
        }
        let sum: f64 = parts.iter().map(|p| p.1).sum();
        if (sum - 1.0).abs() > 1e-6 {
            return Err(format!("the shares add up to {sum}, not 1"));
        }
        Ok(Spec { parts })
    }

    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.parts.iter().map(|p| p.0.as_str())
    }
}

/// What `splits.toml` holds: the request that first made the split and
/// where each document went (corpus-relative path → split name).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Record {
    /// The `--split` of the export that wrote the record.
    #[serde(default)]
    pub spec: String,
    #[serde(default)]
    pub seed: u64,
    #[serde(default)]
    pub documents: BTreeMap<String, String>,
}

impl Record {
    /// The record in `dir`, or an empty one when there is none.
    pub fn read(dir: &Path) -> anyhow::Result<Record> {
        let path = dir.join(RECORD_FILE);
        if !path.is_file() {
            return Ok(Record::default());
        }
        let text = std::fs::read_to_string(&path)
            .with_context(|| format!("cannot read {}", path.display()))?;
        toml::from_str(&text).map_err(|e| {
            let line = e.span().map_or(0, |s| {
                text.get(..s.start)
                    .map_or(0, |t| t.matches('\n').count() + 1)
            });
            anyhow::anyhow!(
                "{}:{line}: {}; fix or remove the file (it records which split each document is in)",
                path.display(),
                e.message()
            )
        })
    }

    pub fn write(&self, dir: &Path) -> anyhow::Result<()> {
        let path = dir.join(RECORD_FILE);
        let body = toml::to_string(self).context("cannot serialize the split record")?;
        let text = format!(
            "# Written by `hashiya export --split`: the split of every exported document.\n\
             # An export into this folder keeps these documents in their split.\n{body}"
        );
        crate::corpus::write_atomic(&path, text.as_bytes())
            .with_context(|| format!("cannot write {}", path.display()))
    }
}

/// A stable 64-bit hash of a seed and a path (FNV-1a, then the splitmix64
/// finalizer), the same on every platform and in every release.
fn order_key(seed: u64, path: &str) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325 ^ seed;
    for b in path.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h = (h ^ (h >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    h = (h ^ (h >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    h ^ (h >> 31)
}

/// Group `documents` into units: documents joined by a `pairs` entry (both
/// in `documents`) are one unit. Units and their members are sorted.
pub fn units(documents: &[String], pairs: &[(String, String)]) -> Vec<Vec<String>> {
    let index: BTreeMap<&str, usize> = documents
        .iter()
        .enumerate()
        .map(|(i, d)| (d.as_str(), i))
        .collect();
    let mut parent: Vec<usize> = (0..documents.len()).collect();
    fn root(parent: &mut [usize], mut i: usize) -> usize {
        while let Some(&p) = parent.get(i) {
            if p == i {
                break;
            }
            let grand = parent.get(p).copied().unwrap_or(p);
            if let Some(slot) = parent.get_mut(i) {
                *slot = grand;
            }
            i = p;
        }
        i
    }
    for (a, b) in pairs {
        if let (Some(&i), Some(&j)) = (index.get(a.as_str()), index.get(b.as_str())) {
            let (ri, rj) = (root(&mut parent, i), root(&mut parent, j));
            if let Some(slot) = parent.get_mut(ri.max(rj)) {
                *slot = ri.min(rj);
            }
        }
    }
    let mut groups: BTreeMap<usize, Vec<String>> = BTreeMap::new();
    for (i, d) in documents.iter().enumerate() {
        let r = root(&mut parent, i);
        groups.entry(r).or_default().push(d.clone());
    }
    let mut out: Vec<Vec<String>> = groups
        .into_values()
        .map(|mut g| {
            g.sort();
            g
        })
        .collect();
    out.sort();
    out
}

/// The split of every document of `units`: recorded documents stay where
/// `record` puts them (an unrecorded document joins its unit's recorded
/// split), new units are placed as the module doc says. A recorded split
/// name that `spec` does not have is an error; a unit whose recorded
/// documents are in different splits (a pair declared after the split) is
/// reported and its documents left where they are.
pub fn assign(
    spec: &Spec,
    seed: u64,
    units: &[Vec<String>],
    record: &Record,
    problems: &mut Vec<Problem>,
) -> anyhow::Result<BTreeMap<String, String>> {
    let total: usize = units.iter().map(Vec::len).sum();
    let mut counts: Vec<usize> = vec![0; spec.parts.len()];
    let position = |name: &str| spec.parts.iter().position(|p| p.0 == name);
    let mut out: BTreeMap<String, String> = BTreeMap::new();
    let mut fresh: Vec<&Vec<String>> = Vec::new();
    for unit in units {
        let recorded: Vec<(&String, &String)> = unit
            .iter()
            .filter_map(|d| record.documents.get(d).map(|s| (d, s)))
            .collect();
        let Some(&(first_doc, first_split)) = recorded.first() else {
            fresh.push(unit);
            continue;
        };
        for (d, s) in &recorded {
            if position(s).is_none() {
                bail!(
                    "{RECORD_FILE} puts {} in split {}, which --split does not name ({}); \
                     use the same split names, or export into another folder",
                    quoted(d),
                    quoted(s),
                    spec.names().collect::<Vec<_>>().join(", ")
                );
            }
        }
        if let Some((d, s)) = recorded.iter().find(|(_, s)| *s != first_split) {
            problems.push(Problem::in_file(
                d,
                format!(
                    "is recorded in split {s} but its pair {} is in {first_split} \
                     ({RECORD_FILE}); each kept in its recorded split",
                    quoted(first_doc)
                ),
            ));
        }
        for d in unit {
            let s = record.documents.get(d).unwrap_or(first_split);
            if let Some(k) = position(s)
                && let Some(c) = counts.get_mut(k)
            {
                *c += 1;
            }
            out.insert(d.clone(), s.clone());
        }
    }
    fresh.sort_by_key(|u| {
        let first = u.first().map_or("", String::as_str);
        (order_key(seed, first), first)
    });
    for unit in fresh {
        // The split furthest below its share of all documents; the first
        // named wins a tie.
        let mut best = 0;
        let mut best_deficit = f64::NEG_INFINITY;
        for (k, (_, share)) in spec.parts.iter().enumerate() {
            let deficit = share * total as f64 - counts.get(k).copied().unwrap_or(0) as f64;
            if deficit > best_deficit {
                best = k;
                best_deficit = deficit;
            }
        }
        if let Some(c) = counts.get_mut(best) {
            *c += unit.len();
        }
        let name = spec.parts.get(best).map_or("", |p| p.0.as_str());
        for d in unit {
            out.insert(d.clone(), name.to_string());
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spec() -> Spec {
        Spec::parse("train=0.8,dev=0.1,test=0.1").expect("valid")
    }

    #[test]
    fn spec_errors_are_clear() {
        assert!(Spec::parse("train=0.8,dev=0.1").is_err());
        assert!(Spec::parse("train=0.5,train=0.5").is_err());
        assert!(Spec::parse("a/b=1").is_err());
        assert!(Spec::parse("train").is_err());
        assert_eq!(spec().names().collect::<Vec<_>>(), ["train", "dev", "test"]);
    }

    #[test]
    fn pairs_make_units() {
        let docs: Vec<String> = ["a", "b", "c", "d"].map(String::from).to_vec();
        let pairs = vec![("d".to_string(), "a".to_string())];
        assert_eq!(
            units(&docs, &pairs),
            vec![
                vec!["a".to_string(), "d".into()],
                vec!["b".into()],
                vec!["c".into()]
            ]
        );
    }

    #[test]
    fn singles_fill_the_shares_exactly() {
        let docs: Vec<String> = (0..100).map(|i| format!("d{i:03}")).collect();
        let u = units(&docs, &[]);
        let mut problems = Vec::new();
        let got = assign(&spec(), 3, &u, &Record::default(), &mut problems).expect("assign");
        let count = |s: &str| got.values().filter(|v| *v == s).count();
        assert_eq!((count("train"), count("dev"), count("test")), (80, 10, 10));
        assert!(problems.is_empty());
    }
}
