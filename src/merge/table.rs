//! Three-way merge of alignment files and the manifest: table by table and
//! key by key; arrays of tables (`[[bead]]`, `[[pair]]`, `[[label]]`) item
//! by item, matched by identity (a bead by its source paragraphs, a pair by
//! its files, a label by its name).

use std::collections::BTreeSet;

use toml::{Table, Value};

use super::conflict::{self, Conflict, Side, WHOLE};
use super::sidecar::{Choice, set_merge};
use super::{MergeError, Merged};

/// How a file's arrays of tables are matched.
pub struct Schema {
    /// Arrays of tables and the keys that identify an item (none: the
    /// whole item is its identity).
    pub arrays: &'static [(&'static str, &'static [&'static str])],
    /// Dotted paths of arrays merged as sets when both sides changed them.
    pub sets: &'static [&'static str],
    /// Arrays of tables sorted by these keys after merging (beads by
    /// position).
    pub sort: &'static [(&'static str, &'static [&'static str])],
    /// The file's canonical text for a merged table, when the file has a
    /// writer of its own.
    pub canonical: fn(&Table) -> Option<String>,
}

impl Schema {
    pub const ALIGNMENT: &'static Schema = &Schema {
        arrays: &[("bead", &["src"]), ("orphan", &[])],
        sets: &[],
        sort: &[("bead", &["src", "tgt"])],
        canonical: crate::align::alignment::canonical,
    };
    pub const MANIFEST: &'static Schema = &Schema {
        arrays: &[("label", &["name"]), ("pair", &["files"])],
        sets: &["team.annotators"],
        sort: &[],
        canonical: |_| None,
    };

    fn identity_keys(&self, path: &str) -> Option<&'static [&'static str]> {
        self.arrays
            .iter()
            .find(|(k, _)| *k == path)
            .map(|(_, ids)| *ids)
    }
}

fn parse(text: &str, side: &'static str) -> Result<Table, MergeError> {
    text.parse::<Table>().map_err(|e| MergeError::Unparsable {
        side,
        message: e.message().trim_end().to_string(),
    })
}

/// Merge three versions of a file of `schema`.
pub fn merge(
    schema: &Schema,
    base: Option<&str>,
    ours: &str,
    theirs: &str,
) -> Result<Merged, MergeError> {
    let base_text = base.filter(|b| !b.trim().is_empty());
    let b = base_text.map(|b| parse(b, "base")).transpose()?;
    let o = parse(ours, "ours")?;
    let t = parse(theirs, "theirs")?;
    let empty = Table::new();
    let b = b.as_ref().unwrap_or(&empty);
    // Unchanged on one side: the other side's text as it is (comments kept).
    if o == t || *b == t {
        return Ok(Merged {
            text: ours.to_string(),
            conflicts: conflict::read(&o).len(),
        });
    }
    if *b == o {
        return Ok(Merged {
            text: theirs.to_string(),
            conflicts: conflict::read(&t).len(),
        });
    }
    let mut fresh = Vec::new();
    let mut merged = merge_tables(schema, "", b, &o, &t, &mut fresh);
    let kept = set_merge(
        &conflict::read(b),
        &conflict::read(&o),
        &conflict::read(&t),
        |c| c.to_table().to_string(),
    );
    let all: Vec<Conflict> = kept.into_iter().chain(fresh).collect();
    let n = all.len();
    conflict::write(&mut merged, &all);
    // Both sides only appended (as `pair --suggest --write` does): one
    // side's text, then what the other appended, keeps every comment.
    let appended = base_text.and_then(|base| {
        let (ot, tt) = (ours.strip_prefix(base)?, theirs.strip_prefix(base)?);
        [(ours, tt), (theirs, ot)]
            .into_iter()
            .find_map(|(whole, tail)| {
                let mut text = whole.to_string();
                if !text.ends_with('\n') {
                    text.push('\n');
                }
                text.push_str(tail);
                (text.parse::<Table>().ok()? == merged).then_some(text)
            })
    });
    let text = match appended {
        Some(t) => t,
        None => write(schema, &merged)?,
    };
    Ok(Merged { text, conflicts: n })
}

/// A file's text: its own writer's, else the TOML writer's.
fn write(schema: &Schema, table: &Table) -> Result<String, MergeError> {
    match (schema.canonical)(table) {
        Some(t) => Ok(t),
        None => toml::to_string(table).map_err(|e| MergeError::Unparsable {
            side: "merged",
            message: e.to_string(),
        }),
    }
}

fn join(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_string()
    } else {
        format!("{path}.{key}")
    }
}

fn merge_tables(
    schema: &Schema,
    path: &str,
    b: &Table,
    o: &Table,
    t: &Table,
    conflicts: &mut Vec<Conflict>,
) -> Table {
    let keys: BTreeSet<&String> = o
        .keys()
        .chain(t.keys())
        .filter(|k| !(path.is_empty() && k.as_str() == conflict::KEY))
        .collect();
    let mut out = Table::new();
    for k in keys {
        let here = join(path, k);
        let (bv, ov, tv) = (b.get(k), o.get(k), t.get(k));
        if ov == tv || bv == tv {
            if let Some(v) = ov {
                out.insert(k.clone(), v.clone());
            }
            continue;
        }
        if bv == ov {
            if let Some(v) = tv {
                out.insert(k.clone(), v.clone());
            }
            continue;
        }
        let empty = Table::new();
        let merged = match (ov, tv) {
            (Some(Value::Table(x)), Some(Value::Table(y))) => {
                let bt = bv.and_then(Value::as_table).unwrap_or(&empty);
                Some(Value::Table(merge_tables(
                    schema, &here, bt, x, y, conflicts,
                )))
            }
            (Some(Value::Array(x)), Some(Value::Array(y))) => {
                let ba: &[Value] = bv.and_then(Value::as_array).map_or(&[], Vec::as_slice);
                if let Some(ids) = schema.identity_keys(&here) {
                    let mut items = merge_items(&here, ids, ba, x, y, conflicts);
                    if let Some((_, by)) = schema.sort.iter().find(|(k, _)| *k == here) {
                        items.sort_by_key(|p| sort_key(p, by));
                    }
                    Some(Value::Array(items))
                } else if schema.sets.contains(&here.as_str()) {
                    Some(Value::Array(set_merge(ba, x, y, Value::to_string)))
                } else {
                    conflicts.push(Conflict::field(
                        None,
                        &here,
                        bv.cloned(),
                        ov.cloned(),
                        tv.cloned(),
                    ));
                    ov.cloned()
                }
            }
            _ => {
                conflicts.push(Conflict::field(
                    None,
                    &here,
                    bv.cloned(),
                    ov.cloned(),
                    tv.cloned(),
                ));
                ov.cloned()
            }
        };
        if let Some(v) = merged {
            out.insert(k.clone(), v);
        }
    }
    out
}

/// Numbers compare as numbers (paragraph indices), the rest as text.
fn sort_key(v: &Value, by: &[&str]) -> Vec<(Vec<i64>, String)> {
    by.iter()
        .map(|k| match v.get(k) {
            Some(Value::Array(a)) => (
                a.iter().filter_map(Value::as_integer).collect(),
                String::new(),
            ),
            Some(Value::Integer(i)) => (vec![*i], String::new()),
            Some(x) => (Vec::new(), x.to_string()),
            None => (Vec::new(), String::new()),
        })
        .collect()
}

/// The identity of an item, as written in conflict records.
pub(crate) fn identity(item: &Value, ids: &[&str]) -> String {
    if ids.is_empty() {
        return item.to_string();
    }
    ids.iter()
        .map(|k| {
            format!(
                "{k} = {}",
                item.get(k).map(Value::to_string).unwrap_or_default()
            )
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// Merge the items of an array of tables, matched by identity.
fn merge_items(
    path: &str,
    ids: &[&str],
    b: &[Value],
    o: &[Value],
    t: &[Value],
    conflicts: &mut Vec<Conflict>,
) -> Vec<Value> {
    let key = |v: &Value| identity(v, ids);
    let find = |list: &[Value], k: &str| list.iter().find(|v| key(v) == k).cloned();
    // Items of the base in our order, then the added ones by identity (the
    // same whichever side is ours).
    let mut order: Vec<String> = Vec::new();
    let mut added: Vec<String> = Vec::new();
    for v in o.iter().chain(t) {
        let k = key(v);
        let list = if find(b, &k).is_some() {
            &mut order
        } else {
            &mut added
        };
        if !list.contains(&k) {
            list.push(k);
        }
    }
    added.sort();
    order.extend(added);
    let mut out = Vec::new();
    for k in order {
        let (bv, ov, tv) = (find(b, &k), find(o, &k), find(t, &k));
        match (ov, tv) {
            (Some(x), Some(y)) => {
                if x == y || bv.as_ref() == Some(&y) {
                    out.push(x);
                } else if bv.as_ref() == Some(&x) {
                    out.push(y);
                } else {
                    conflicts.push(Conflict::field(
                        Some(&k),
                        path,
                        bv,
                        Some(x.clone()),
                        Some(y),
                    ));
                    out.push(x);
                }
            }
            (Some(x), None) | (None, Some(x)) => {
                let deleter = if find(o, &k).is_some() {
                    Side::Theirs
                } else {
                    Side::Ours
                };
                match bv {
                    None => out.push(x),
                    Some(bx) if bx == x => {}
                    Some(_) => {
                        conflicts.push(Conflict {
                            id: Some(k),
                            field: WHOLE.to_string(),
                            base: None,
                            ours: None,
                            theirs: None,
                            deleted: Some(deleter),
                            why: Some(format!("an item of [[{path}]]")),
                        });
                        out.push(x);
                    }
                }
            }
            (None, None) => {}
        }
    }
    out
}

/// Settle the conflicts of a file of `schema` for which `which` is true.
pub fn resolve(
    schema: &Schema,
    text: &str,
    choice: Choice,
    which: &dyn Fn(usize, &Conflict) -> bool,
) -> Result<Merged, MergeError> {
    let mut root = parse(text, "file")?;
    let mut left = Vec::new();
    for (i, c) in conflict::read(&root).into_iter().enumerate() {
        if !which(i, &c) {
            left.push(c);
            continue;
        }
        if c.field == WHOLE {
            let drop = match choice {
                Choice::Ours => c.deleted == Some(Side::Ours),
                Choice::Theirs => c.deleted == Some(Side::Theirs),
                Choice::Both => false,
            };
            if drop && let Some(id) = &c.id {
                for (key, ids) in schema.arrays {
                    if let Some(Value::Array(items)) = root.get_mut(*key) {
                        items.retain(|v| identity(v, ids) != *id);
                    }
                }
            }
            continue;
        }
        if choice == Choice::Ours {
            continue;
        }
        match &c.id {
            // An item of an array of tables.
            Some(id) => {
                let ids = schema.identity_keys(&c.field).unwrap_or(&[]);
                if let Some(Value::Array(items)) = root.get_mut(&c.field) {
                    let theirs = c.theirs.clone();
                    match (choice, theirs) {
                        (Choice::Theirs, Some(th)) => {
                            for v in items.iter_mut() {
                                if identity(v, ids) == *id {
                                    *v = th.clone();
                                }
                            }
                        }
                        (Choice::Both, Some(th)) => items.push(th),
                        _ => {}
                    }
                }
            }
            // A key: by its dotted path. "Both" keeps ours (one value).
            None if choice == Choice::Theirs => {
                set_path(&mut root, &c.field, c.theirs.clone());
            }
            None => {}
        }
    }
    let n = left.len();
    conflict::write(&mut root, &left);
    Ok(Merged {
        text: write(schema, &root)?,
        conflicts: n,
    })
}

fn set_path(root: &mut Table, path: &str, v: Option<Value>) {
    let mut parts: Vec<&str> = path.split('.').collect();
    let Some(last) = parts.pop() else { return };
    let mut t = root;
    for p in parts {
        let Some(Value::Table(next)) = t.get_mut(p) else {
            return;
        };
        t = next;
    }
    match v {
        Some(v) => t.insert(last.to_string(), v),
        None => t.remove(last),
    };
}
