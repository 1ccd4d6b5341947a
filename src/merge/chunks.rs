//! The shortcut for large sidecars: every save writes annotations in one
//! canonical layout, so an `[[annotation]]` table whose text is the same on
//! both sides needs no parsing: it is in the result as it is. Only the
//! tables that differ between ours and theirs (changed, added or deleted on
//! a side) and the top of the files are parsed and merged field by field.
//!
//! Files not in the canonical layout (a table after the annotations, a
//! multi-line string, CR LF, duplicate ids) and versions written for
//! different documents take the full path instead
//! ([`super::sidecar::merge_parsed`]); both give the same result.

use std::collections::{HashMap, HashSet};

use super::sidecar::{Doc, merge_docs, parse_side, render};
use super::{MergeError, Merged};

const HEADER: &str = "[[annotation]]";
/// A header line with the newlines around it.
const BETWEEN: &str = "\n[[annotation]]\n";

/// One `[[annotation]]` table as written.
struct Chunk<'t> {
    id: &'t str,
    /// From the header line to the last line of the table (no newline).
    text: &'t str,
    start: i64,
    end: i64,
}

/// A table while it is read.
struct Open<'t> {
    from: usize,
    id: Option<&'t str>,
    start: Option<i64>,
    end: Option<i64>,
    /// The end of its last non-blank line.
    to: usize,
}

impl<'t> Open<'t> {
    fn close(
        self,
        text: &'t str,
        items: &mut Vec<Chunk<'t>>,
        by_id: &mut HashMap<&'t str, usize>,
    ) -> Option<()> {
        let chunk = Chunk {
            id: self.id?,
            text: text.get(self.from..self.to)?,
            start: self.start?,
            end: self.end?,
        };
        if by_id.insert(chunk.id, items.len()).is_some() {
            return None;
        }
        items.push(chunk);
        Some(())
    }
}

/// A file cut into its top and its annotation tables.
struct Chunks<'t> {
    head: &'t str,
    items: Vec<Chunk<'t>>,
    by_id: HashMap<&'t str, usize>,
}

impl<'t> Chunks<'t> {
    /// `None` when the file is not in the canonical layout. One pass over
    /// the lines.
    fn of(text: &'t str) -> Option<Chunks<'t>> {
        let mut head_end = None;
        let mut items: Vec<Chunk<'t>> = Vec::new();
        let mut by_id = HashMap::new();
        // The table being read.
        let mut cur: Option<Open<'t>> = None;
        let mut at = 0;
        for line in text.split_inclusive('\n') {
            let from = at;
            at += line.len();
            let body = line.strip_suffix('\n').unwrap_or(line);
            if body.as_bytes().last() == Some(&b'\r') {
                return None;
            }
            // A multi-line string could hold a line that looks like a
            // header: not the canonical layout.
            if let Some((_, v)) = body.split_once(" = ")
                && (v.starts_with("\"\"\"") || v.starts_with("'''"))
            {
                return None;
            }
            if body == HEADER {
                if let Some(c) = cur.take() {
                    c.close(text, &mut items, &mut by_id)?;
                }
                head_end.get_or_insert(from);
                cur = Some(Open {
                    from,
                    id: None,
                    start: None,
                    end: None,
                    to: from + body.len(),
                });
                continue;
            }
            let Some(c) = cur.as_mut() else {
                continue;
            };
            if body.is_empty() {
                continue;
            }
            // Another table, or a line after a blank line inside a table.
            if body.starts_with('[') || c.to + 1 != from {
                return None;
            }
            c.to = from + body.len();
            if c.id.is_none() {
                let id = body.strip_prefix("id = \"")?.strip_suffix('"')?;
                if id.contains(['\\', '"']) {
                    return None;
                }
                c.id = Some(id);
            } else if let Some(v) = body.strip_prefix("start = ") {
                c.start = v.parse().ok();
            } else if let Some(v) = body.strip_prefix("end = ") {
                c.end = v.parse().ok();
            }
        }
        if let Some(c) = cur.take() {
            c.close(text, &mut items, &mut by_id)?;
        }
        let head = text.get(..head_end.unwrap_or(text.len()))?;
        Some(Chunks { head, items, by_id })
    }

    fn get(&self, id: &str) -> Option<&Chunk<'t>> {
        self.by_id.get(id).map(|&i| &self.items[i])
    }
}

/// The merge by the shortcut; `None` when it does not apply.
pub(crate) fn merge(
    base: Option<&str>,
    ours: &str,
    theirs: &str,
) -> Option<Result<Merged, MergeError>> {
    let b = match base {
        Some(b) => Some(Chunks::of(b)?),
        None => None,
    };
    let o = Chunks::of(ours)?;
    let t = Chunks::of(theirs)?;
    // Ids whose tables differ between ours and theirs: merged field by
    // field. The others are in the result as ours (and theirs) has them.
    let mut differ: HashSet<&str> = HashSet::new();
    for c in o.items.iter().chain(&t.items) {
        if o.get(c.id).map(|x| x.text) != t.get(c.id).map(|x| x.text) {
            differ.insert(c.id);
        }
    }
    // Each version's top and differing tables, parsed as a sidecar.
    let mini = |c: &Chunks<'_>, side: &'static str| -> Result<Doc, MergeError> {
        let mut s = String::with_capacity(c.head.len() + differ.len() * 400);
        s.push_str(c.head);
        for item in c.items.iter().filter(|i| differ.contains(i.id)) {
            s.push('\n');
            s.push_str(item.text);
            s.push('\n');
        }
        parse_side(&s, side)
    };
    let parsed = (|| {
        let bd = b.as_ref().map(|b| mini(b, "base")).transpose()?;
        Ok::<_, MergeError>((bd, mini(&o, "ours")?, mini(&t, "theirs")?))
    })();
    let (bd, od, td) = match parsed {
        Ok(x) => x,
        Err(e) => return Some(Err(e)),
    };
    if od.sha256 != td.sha256 {
        // Re-anchoring needs every annotation.
        return None;
    }
    let (mut merged, conflicts) = merge_docs(bd.as_ref(), &od, &td);

    // The merged tables: parsed ones rendered, the others as written, in
    // file order (start, end, id).
    let records = std::mem::take(&mut merged.records);
    let rendered: Vec<(i64, i64, String, String)> = records
        .iter()
        .map(|r| {
            let one = render(&Doc {
                records: vec![r.clone()],
                ..empty_like(&merged)
            });
            let at = one.find(BETWEEN).map_or(0, |i| i + 1);
            let table = one
                .get(at..)
                .unwrap_or("")
                .trim_end_matches('\n')
                .to_string();
            (r.start, r.end, r.annotation.id.clone(), table)
        })
        .collect();
    let mut all: Vec<(i64, i64, &str, &str)> = o
        .items
        .iter()
        .filter(|c| !differ.contains(c.id))
        .map(|c| (c.start, c.end, c.id, c.text))
        .chain(
            rendered
                .iter()
                .map(|(s, e, id, t)| (*s, *e, id.as_str(), t.as_str())),
        )
        .collect();
    all.sort_by(|x, y| (x.0, x.1, x.2).cmp(&(y.0, y.1, y.2)));
    let mut out = render(&merged);
    out.reserve(ours.len().max(theirs.len()));
    for (_, _, _, table) in all {
        out.push('\n');
        out.push_str(table);
        out.push('\n');
    }
    Some(Ok(Merged {
        text: out,
        conflicts,
    }))
}

fn empty_like(d: &Doc) -> Doc {
    Doc {
        document: d.document.clone(),
        sha256: d.sha256.clone(),
        records: Vec::new(),
        extras: toml::Table::new(),
        document_pos: 0..0,
        sha256_pos: 0..0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::merge::Documents;
    use crate::merge::sidecar::merge_parsed;

    /// The shortcut and the full merge agree on every sidecar fixture, and
    /// the shortcut applies to them (they are in the canonical layout).
    #[test]
    fn agrees_with_the_full_merge_on_the_fixtures() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/merge_fixtures");
        let mut n = 0;
        for e in std::fs::read_dir(root).unwrap() {
            let dir = e.unwrap().path();
            let path = std::fs::read_to_string(dir.join("path")).unwrap_or_default();
            if !(path.trim().ends_with(".ann.toml") || path.trim().ends_with(".layer.toml")) {
                continue;
            }
            let read = |n: &str| std::fs::read_to_string(dir.join(n)).ok();
            let (Some(b), Some(o), Some(t)) =
                (read("base.toml"), read("ours.toml"), read("theirs.toml"))
            else {
                continue;
            };
            let b = Some(b.as_str()).filter(|b| !b.trim().is_empty());
            for (o, t) in [(&o, &t), (&t, &o)] {
                let full = merge_parsed(b, o, t, &Documents::none());
                match merge(b, o, t) {
                    Some(fast) => {
                        n += 1;
                        match (fast, full) {
                            (Ok(x), Ok(y)) => assert_eq!(x, y, "{}", dir.display()),
                            (Err(_), Err(_)) => {}
                            (x, y) => panic!("{}: {x:?} vs {y:?}", dir.display()),
                        }
                    }
                    // Versions for different documents need re-anchoring.
                    None => assert!(
                        dir.ends_with("document-edited-one-side"),
                        "{}: the shortcut does not apply",
                        dir.display()
                    ),
                }
            }
        }
        assert!(n >= 30, "{n}");
    }
}
