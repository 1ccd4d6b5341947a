//! Provenance of gold annotations (docs/FORMAT.md, "Adjudication"): which
//! layer annotations a decision was taken from, and a digest of each as it
//! was then, so that a later change in a layer makes the decision stale.
//!
//! Kept as keys of the gold `[[annotation]]` the decision wrote, and for a
//! rejected unit as a `[[rejected]]` table at the top level of the gold
//! sidecar (never an annotation: nothing is exported from it).

use crate::sidecar::format::Record;

/// The top-level key holding rejected units (`[[rejected]]`).
pub const REJECTED: &str = "rejected";

/// What the adjudicator decided.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Decision {
    /// Every layer had this version (taken in batch or in the view).
    Unanimous,
    /// More than half of the layers had this version.
    Majority,
    /// The adjudicator took one annotator's version.
    Chosen,
    /// The adjudicator took a version and changed it.
    Edited,
    /// No version is right: nothing is gold here.
    Rejected,
}

impl Decision {
    pub fn as_str(self) -> &'static str {
        match self {
            Decision::Unanimous => "unanimous",
            Decision::Majority => "majority",
            Decision::Chosen => "chosen",
            Decision::Edited => "edited",
            Decision::Rejected => "rejected",
        }
    }

    pub fn parse(s: &str) -> Option<Decision> {
        [
            Decision::Unanimous,
            Decision::Majority,
            Decision::Chosen,
            Decision::Edited,
            Decision::Rejected,
        ]
        .into_iter()
        .find(|d| d.as_str() == s)
    }
}

/// One layer annotation a decision looked at: `annotator:id` and its
/// digest at the time.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct SourceRef {
    pub annotator: String,
    pub id: String,
    pub digest: String,
}

impl SourceRef {
    /// `annotator:id`.
    pub fn name(&self) -> String {
        format!("{}:{}", self.annotator, self.id)
    }
}

/// A decision as recorded in the gold sidecar.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Provenance {
    pub decision: Decision,
    /// The versions taken (for `edited`: the version the edit started
    /// from; for `rejected`: every version of the unit).
    pub sources: Vec<SourceRef>,
    /// The unit's other versions, looked at and not taken.
    pub others: Vec<SourceRef>,
    pub adjudicator: String,
    /// RFC 3339.
    pub decided: String,
}

/// The keys a provenance writes, in the order they are written (the
/// writer sorts unknown keys by name).
pub const KEYS: &[&str] = &[
    "adjudicator",
    "decided",
    "decision",
    "digests",
    "others",
    "sources",
];

impl Provenance {
    /// Every annotation the decision looked at.
    pub fn refs(&self) -> impl Iterator<Item = &SourceRef> {
        self.sources.iter().chain(&self.others)
    }

    /// The keys written into the gold annotation (or `[[rejected]]` table).
    pub fn to_table(&self) -> toml::Table {
        let strings =
            |v: Vec<String>| toml::Value::Array(v.into_iter().map(toml::Value::String).collect());
        let mut t = toml::Table::new();
        t.insert(
            "decision".into(),
            toml::Value::String(self.decision.as_str().into()),
        );
        t.insert(
            "sources".into(),
            strings(self.sources.iter().map(SourceRef::name).collect()),
        );
        if !self.others.is_empty() {
            t.insert(
                "others".into(),
                strings(self.others.iter().map(SourceRef::name).collect()),
            );
        }
        t.insert(
            "digests".into(),
            strings(self.refs().map(|r| r.digest.clone()).collect()),
        );
        t.insert(
            "adjudicator".into(),
            toml::Value::String(self.adjudicator.clone()),
        );
        t.insert("decided".into(), toml::Value::String(self.decided.clone()));
        t
    }

    /// Read a provenance from an annotation's extra keys (or a
    /// `[[rejected]]` table): `Ok(None)` when it has none (gold made by
    /// hand), an error naming the key when it is malformed.
    pub fn from_table(t: &toml::Table) -> Result<Option<Provenance>, String> {
        let Some(decision) = t.get("decision") else {
            return Ok(None);
        };
        let decision = decision
            .as_str()
            .and_then(Decision::parse)
            .ok_or_else(|| {
                format!(
                    "decision = {decision}: not one of \"unanimous\", \"majority\", \"chosen\", \"edited\", \"rejected\""
                )
            })?;
        let list = |key: &str, required: bool| -> Result<Vec<String>, String> {
            match t.get(key) {
                None if !required => Ok(Vec::new()),
                None => Err(format!("{key}: missing (the decision's sources)")),
                Some(toml::Value::Array(a)) => a
                    .iter()
                    .map(|v| {
                        v.as_str()
                            .map(str::to_string)
                            .ok_or_else(|| format!("{key}: expected an array of strings"))
                    })
                    .collect(),
                Some(_) => Err(format!("{key}: expected an array of strings")),
            }
        };
        let string = |key: &str| -> Result<String, String> {
            match t.get(key) {
                Some(toml::Value::String(s)) => Ok(s.clone()),
                Some(_) => Err(format!("{key}: expected a string")),
                None => Err(format!("{key}: missing")),
            }
        };
        let sources = list("sources", true)?;
        let others = list("others", false)?;
        let digests = list("digests", true)?;
        if digests.len() != sources.len() + others.len() {
            return Err(format!(
                "digests: {} digests for {} sources and others (one each, in that order)",
                digests.len(),
                sources.len() + others.len()
            ));
        }
        let mut d = digests.into_iter();
        let mut refs = |names: Vec<String>| -> Result<Vec<SourceRef>, String> {
            names
                .into_iter()
                .map(|n| {
                    let (annotator, id) = n.split_once(':').ok_or_else(|| {
                        format!(
                            "sources: {} is not annotator:id",
                            crate::text::escape::quoted(&n)
                        )
                    })?;
                    Ok(SourceRef {
                        annotator: annotator.to_string(),
                        id: id.to_string(),
                        digest: d.next().unwrap_or_default(),
                    })
                })
                .collect()
        };
        let sources = refs(sources)?;
        let others = refs(others)?;
        Ok(Some(Provenance {
            decision,
            sources,
            others,
            adjudicator: string("adjudicator")?,
            decided: string("decided")?,
        }))
    }
}

/// The digest of a layer annotation as written in its layer file: the
/// first 16 hex digits of the SHA-256 of its label, type, start, end (code
/// points), quote, status, note and attributes (`key=value`, by key),
/// joined by U+001F. Links, times and context are left out: they change
/// without the annotation changing.
pub fn digest(record: &Record<'_>) -> String {
    digest_with(record, &mut String::new())
}

/// [`digest`], its input built in `s` (a buffer kept between calls).
pub fn digest_with(record: &Record<'_>, s: &mut String) -> String {
    use std::fmt::Write as _;
    let a = &record.annotation;
    s.clear();
    for part in [a.label.as_str(), a.kind.as_deref().unwrap_or("")] {
        s.push_str(part);
        s.push('\u{1f}');
    }
    let _ = write!(s, "{}\u{1f}{}\u{1f}", record.start, record.end);
    for part in [
        a.quote.as_str(),
        a.status.as_str(),
        a.note.as_deref().unwrap_or(""),
    ] {
        s.push_str(part);
        s.push('\u{1f}');
    }
    for (k, v) in &a.attrs {
        s.push_str(k);
        s.push('=');
        s.push_str(v);
        s.push('\u{1f}');
    }
    let mut hex = crate::sidecar::sha256_hex(s.as_bytes());
    hex.truncate(16);
    hex
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_round_trip_and_errors() {
        let p = Provenance {
            decision: Decision::Majority,
            sources: vec![SourceRef {
                annotator: "amal".into(),
                id: "q4k8m2x7ta".into(),
                digest: "0123456789abcdef".into(),
            }],
            others: vec![SourceRef {
                annotator: "badr".into(),
                id: "x:y".into(),
                digest: "fedcba9876543210".into(),
            }],
            adjudicator: "lead".into(),
            decided: "2026-12-01T20:00:00Z".into(),
        };
        let t = p.to_table();
        assert_eq!(Provenance::from_table(&t), Ok(Some(p)));
        assert_eq!(Provenance::from_table(&toml::Table::new()), Ok(None));
        let mut bad = t.clone();
        bad.insert("digests".into(), toml::Value::Array(Vec::new()));
        assert_eq!(
            Provenance::from_table(&bad),
            Err("digests: 0 digests for 2 sources and others (one each, in that order)".into())
        );
        let mut bad = t;
        bad.insert("decision".into(), toml::Value::String("maybe".into()));
        assert!(
            Provenance::from_table(&bad)
                .unwrap_err()
                .starts_with("decision = \"maybe\": not one of")
        );
    }
}
