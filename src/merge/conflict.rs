//! Conflict records: what a merge could not decide, kept in the merged file
//! as top-level `[[conflict]]` tables (docs/FORMAT.md "Conflicts").
//!
//! The value in place is always ours; a record names the annotation (or
//! item), the field and the values of both sides and of the base, so that
//! nothing is lost and a person can choose later.

use toml::{Table, Value};

use crate::text::escape::quoted;

/// The top-level key holding the records.
pub const KEY: &str = "conflict";

/// One side of a merge.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Side {
    Ours,
    Theirs,
}

impl Side {
    pub fn as_str(self) -> &'static str {
        match self {
            Side::Ours => "ours",
            Side::Theirs => "theirs",
        }
    }

    pub fn parse(s: &str) -> Option<Side> {
        match s {
            "ours" => Some(Side::Ours),
            "theirs" => Some(Side::Theirs),
            _ => None,
        }
    }

    pub fn other(self) -> Side {
        match self {
            Side::Ours => Side::Theirs,
            Side::Theirs => Side::Ours,
        }
    }
}

/// Field name of a conflict about a whole annotation or item: one side
/// deleted it, the other changed it (or linked to it). The file holds the
/// version that was kept; `deleted` says which side deleted it.
pub const WHOLE: &str = "annotation";
/// Field name of a conflict between two annotations both sides added on the
/// same span with the same label: `ours` and `theirs` are their ids.
pub const SAME_SPAN: &str = "same-span";

/// One recorded conflict.
#[derive(Clone, Debug, PartialEq)]
pub struct Conflict {
    /// The annotation's id (sidecars) or the item's identity (other files);
    /// `None` for a top-level key.
    pub id: Option<String>,
    /// The field: `label`, `span`, `attrs.unit`, an unknown key, [`WHOLE`],
    /// [`SAME_SPAN`]; in other files a dotted key path.
    pub field: String,
    pub base: Option<Value>,
    pub ours: Option<Value>,
    pub theirs: Option<Value>,
    /// For [`WHOLE`]: the side that deleted it.
    pub deleted: Option<Side>,
    /// A short explanation, for people.
    pub why: Option<String>,
}

impl Conflict {
    /// A field both sides changed differently.
    pub fn field(
        id: Option<&str>,
        field: &str,
        base: Option<Value>,
        ours: Option<Value>,
        theirs: Option<Value>,
    ) -> Conflict {
        Conflict {
            id: id.map(str::to_string),
            field: field.to_string(),
            base,
            ours,
            theirs,
            deleted: None,
            why: None,
        }
    }

    /// A record as written in the file.
    pub fn to_table(&self) -> Table {
        let mut t = Table::new();
        if let Some(id) = &self.id {
            t.insert("id".into(), Value::String(id.clone()));
        }
        t.insert("field".into(), Value::String(self.field.clone()));
        if let Some(d) = self.deleted {
            t.insert("deleted".into(), Value::String(d.as_str().into()));
        }
        if let Some(w) = &self.why {
            t.insert("why".into(), Value::String(w.clone()));
        }
        for (k, v) in [
            ("base", &self.base),
            ("ours", &self.ours),
            ("theirs", &self.theirs),
        ] {
            if let Some(v) = v {
                t.insert(k.into(), v.clone());
            }
        }
        t
    }

    /// Read a record; `None` when it is not one (no `field`).
    pub fn from_table(t: &Table) -> Option<Conflict> {
        let s = |k: &str| t.get(k).and_then(Value::as_str).map(str::to_string);
        Some(Conflict {
            id: s("id"),
            field: s("field")?,
            base: t.get("base").cloned(),
            ours: t.get("ours").cloned(),
            theirs: t.get("theirs").cloned(),
            deleted: s("deleted").as_deref().and_then(Side::parse),
            why: s("why"),
        })
    }

    /// The same conflict seen from the other side.
    pub fn swapped(&self) -> Conflict {
        Conflict {
            ours: self.theirs.clone(),
            theirs: self.ours.clone(),
            deleted: self.deleted.map(Side::other),
            ..self.clone()
        }
    }

    /// One line for `check` and `resolve` (escaped for a terminal by the
    /// caller).
    pub fn describe(&self) -> String {
        let show = |v: &Option<Value>| match v {
            None => "(none)".to_string(),
            Some(Value::String(s)) => quoted(s),
            Some(v) => v.to_string(),
        };
        let what = match &self.id {
            Some(id) => format!("annotation {id}"),
            None => "file".to_string(),
        };
        let mut line = if self.field == WHOLE {
            let deleted = self.deleted.map_or("one side", Side::as_str);
            format!("conflict: {what}: deleted by {deleted}, changed or used by the other side")
        } else if self.field == SAME_SPAN {
            format!(
                "conflict: {what}: both sides added the same span with the same label (ours {}, theirs {})",
                show(&self.ours),
                show(&self.theirs)
            )
        } else {
            format!(
                "conflict: {what}: {}: ours {}, theirs {}, base {}",
                self.field,
                show(&self.ours),
                show(&self.theirs),
                show(&self.base)
            )
        };
        if let Some(w) = &self.why {
            line.push_str(&format!(" ({w})"));
        }
        line
    }
}

/// The conflict records of a file's top-level tables, and the records that
/// are not conflicts (kept as they are).
pub fn read(extras: &Table) -> Vec<Conflict> {
    match extras.get(KEY) {
        Some(Value::Array(items)) => items
            .iter()
            .filter_map(Value::as_table)
            .filter_map(Conflict::from_table)
            .collect(),
        _ => Vec::new(),
    }
}

/// Store `conflicts` under [`KEY`] (removing the key when there are none).
pub fn write(extras: &mut Table, conflicts: &[Conflict]) {
    if conflicts.is_empty() {
        extras.remove(KEY);
    } else {
        extras.insert(
            KEY.into(),
            Value::Array(
                conflicts
                    .iter()
                    .map(|c| Value::Table(c.to_table()))
                    .collect(),
            ),
        );
    }
}

/// The 1-based line of each `[[conflict]]` header in `text`, in order.
pub fn lines(text: &str) -> Vec<usize> {
    positions(text).into_iter().map(|(line, _)| line).collect()
}

/// The 1-based line and column (in characters) of each `[[conflict]]`
/// header in `text`, in order.
pub fn positions(text: &str) -> Vec<(usize, usize)> {
    text.lines()
        .enumerate()
        .filter_map(|(i, l)| {
            let body = l.trim_start();
            let header = body.trim_end();
            header
                .strip_prefix("[[")
                .and_then(|h| h.strip_suffix("]]"))
                .is_some_and(|k| k.trim() == KEY)
                .then(|| (i + 1, l.len() - body.len() + 1))
        })
        .collect()
}

/// The conflicts recorded in a file's text with their lines (0 when the
/// header was not found), for `check`. Text that is not TOML has none.
pub fn located(text: &str) -> Vec<(usize, Conflict)> {
    let at = lines(text);
    if at.is_empty() {
        return Vec::new();
    }
    let Ok(t) = text.parse::<Table>() else {
        return Vec::new();
    };
    let found = read(&t);
    found
        .into_iter()
        .enumerate()
        .map(|(i, c)| (at.get(i).copied().unwrap_or(0), c))
        .collect()
}
