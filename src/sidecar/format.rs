//! The sidecar file format, version 1 (docs/FORMAT.md): parsing with
//! positions for every field, and deterministic rendering.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::ops::Range;

use std::borrow::Cow;

use toml::de::{DeTable, DeValue};
use toml::{Table, Value};

use crate::annotation::{Annotation, Link, Status};
use crate::text::escape::quoted;

/// The format version this build reads and writes.
pub const VERSION: i64 = 1;

/// One annotation as recorded in the file (offsets in code points, as
/// written; not yet checked against the document).
#[derive(Clone, Debug, PartialEq)]
pub struct Record<'i> {
    /// The annotation; its `span` is empty (0..0) until resolved.
    pub annotation: Annotation,
    pub start: i64,
    pub end: i64,
    /// Up to [`CONTEXT_CHARS`] characters before and after the span.
    pub before: Cow<'i, str>,
    pub after: Cow<'i, str>,
    /// Marked as an orphan (its text could not be found in the document).
    pub orphan: bool,
    /// Keys this version does not know, written back unchanged.
    pub extras: Table,
    /// Unknown keys of each link, parallel to `annotation.links`.
    pub link_extras: Vec<Table>,
    /// Byte spans in the sidecar text, for messages.
    pub pos: RecordPos,
}

/// Where a record's fields are in the sidecar text (byte ranges).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct RecordPos {
    pub table: Range<usize>,
    /// (field name, byte range of its value), in file order.
    pub fields: Vec<(&'static str, Range<usize>)>,
}

impl RecordPos {
    /// The position of `field`'s value, if it is present.
    pub fn get(&self, field: &str) -> Option<Range<usize>> {
        self.fields
            .iter()
            .find(|(f, _)| *f == field)
            .map(|(_, r)| r.clone())
    }

    /// The position of `field`, or of the table when the field is absent.
    pub fn of(&self, field: &str) -> Range<usize> {
        self.get(field).unwrap_or_else(|| self.table.clone())
    }
}

impl Record<'_> {
    /// A copy that owns all its text.
    pub fn into_owned(self) -> Record<'static> {
        Record {
            annotation: self.annotation,
            start: self.start,
            end: self.end,
            before: Cow::Owned(self.before.into_owned()),
            after: Cow::Owned(self.after.into_owned()),
            orphan: self.orphan,
            extras: self.extras,
            link_extras: self.link_extras,
            pos: self.pos,
        }
    }
}

/// A parsed sidecar.
#[derive(Clone, Debug, PartialEq)]
pub struct SidecarDoc<'i> {
    pub document: String,
    pub sha256: String,
    pub records: Vec<Record<'i>>,
    /// Top-level keys and tables this version does not know.
    pub extras: Table,
    pub document_pos: Range<usize>,
    pub sha256_pos: Range<usize>,
}

impl SidecarDoc<'_> {
    /// A copy that owns all its text.
    pub fn into_owned(self) -> SidecarDoc<'static> {
        SidecarDoc {
            document: self.document,
            sha256: self.sha256,
            records: self.records.into_iter().map(Record::into_owned).collect(),
            extras: self.extras,
            document_pos: self.document_pos,
            sha256_pos: self.sha256_pos,
        }
    }
}

/// A problem at a place in the sidecar text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    /// Byte range in the sidecar text.
    pub span: Range<usize>,
    pub message: String,
}

/// Characters of context stored on each side of a span.
pub const CONTEXT_CHARS: usize = 24;

const KNOWN_TOP: &[&str] = &["version", "document", "sha256", "annotation"];

/// The full parser's error, said in terms of what went wrong with the file.
fn toml_error(text: &str, span: Range<usize>, message: &str) -> Diagnostic {
    // Git's conflict markers: a merge made without hashiya's merge driver.
    // Pointing at the first marker says more than any TOML error.
    let mut at = 0;
    for line in text.split_inclusive('\n') {
        if ["<<<<<<<", "|||||||", "=======", ">>>>>>>"]
            .iter()
            .any(|m| line.starts_with(m))
        {
            return Diagnostic {
                span: at..at + line.trim_end().len(),
                message: "git conflict markers: this file was merged by git without hashiya's merge driver; repair it with `hashiya resolve FILE` or by hand (see `hashiya git-setup`)".into(),
            };
        }
        at += line.len();
    }
    let message = if message.contains("recursion") {
        // The parser's wording; hashiya writes two levels.
        "invalid TOML: arrays or tables nested too deeply".to_string()
    } else if message.starts_with("duplicate key")
        && let Some(key) = text
            .get(span.clone())
            .filter(|k| !k.is_empty() && !k.contains('\n'))
    {
        format!(
            "invalid TOML: duplicate key {}",
            crate::text::escape::quoted(key.trim())
        )
    } else {
        format!("invalid TOML: {message}")
    };
    Diagnostic { span, message }
}

/// Parse and type-check sidecar text. All problems found are returned.
pub fn parse(text: &str) -> Result<SidecarDoc<'_>, Vec<Diagnostic>> {
    parse_with(text, true)
}

/// `fast`: try the fast reader first (tests compare both readers).
pub(crate) fn parse_with(text: &str, fast: bool) -> Result<SidecarDoc<'_>, Vec<Diagnostic>> {
    let quick = if fast { super::fast::parse(text) } else { None };
    let mut root = match quick {
        Some(root) => root,
        None => match DeTable::parse(text) {
            Ok(root) => Tbl::from_de(root.into_inner()),
            Err(e) => {
                return Err(vec![toml_error(
                    text,
                    e.span().unwrap_or(0..0),
                    e.message().trim_end(),
                )]);
            }
        },
    };
    let mut errs = Vec::new();
    root.0.reverse();

    match top_field(&mut root, "version") {
        Ok((span, Val::Integer(i))) => match i {
            Some(VERSION) => {}
            Some(v) => errs.push(Diagnostic {
                span,
                message: format!(
                    "version: unsupported version {v} (this hashiya reads version {VERSION}; upgrade hashiya)"
                ),
            }),
            None => errs.push(Diagnostic {
                span,
                message: "version: integer out of range".into(),
            }),
        },
        Ok((span, v)) => errs.push(type_err(span, "version", "an integer", &v)),
        Err(_) => errs.push(Diagnostic {
            span: 0..0,
            message: "version: missing (expected `version = 1`)".into(),
        }),
    }

    let mut document = String::new();
    let mut document_pos = 0..0;
    match top_field(&mut root, "document") {
        Ok((span, Val::String(s))) => {
            document_pos = span.clone();
            if let Err(m) = check_document_name(&s) {
                errs.push(Diagnostic { span, message: m });
            }
            document = s.into_owned();
        }
        Ok((span, v)) => errs.push(type_err(span, "document", "a string", &v)),
        Err(_) => errs.push(Diagnostic {
            span: 0..0,
            message: "document: missing (the document's file name)".into(),
        }),
    }

    let mut sha256 = String::new();
    let mut sha256_pos = 0..0;
    match top_field(&mut root, "sha256") {
        Ok((span, Val::String(s))) => {
            sha256_pos = span.clone();
            if s.len() != 64 || !s.bytes().all(|b| b.is_ascii_hexdigit()) {
                errs.push(Diagnostic {
                    span,
                    message: "sha256: expected 64 hexadecimal digits".into(),
                });
            }
            sha256 = s.to_ascii_lowercase();
        }
        Ok((span, v)) => errs.push(type_err(span, "sha256", "a string", &v)),
        Err(_) => errs.push(Diagnostic {
            span: 0..0,
            message: "sha256: missing (the document's SHA-256)".into(),
        }),
    }

    let mut records = Vec::new();
    match top_field(&mut root, "annotation") {
        Ok((_, Val::Array(items))) => {
            records.reserve_exact(items.len());
            for (span, item) in items {
                match item {
                    Val::Table(t) => {
                        if let Some(r) = parse_record(t, span, &mut errs) {
                            records.push(r);
                        }
                    }
                    v => errs.push(type_err(span, "annotation", "a table", &v)),
                }
            }
        }
        Ok((span, v)) => errs.push(type_err(
            span,
            "annotation",
            "an array of tables ([[annotation]])",
            &v,
        )),
        Err(_) => {}
    }

    let mut extras = Table::new();
    for (k, _, v) in root.0 {
        debug_assert!(!KNOWN_TOP.contains(&k.as_ref()));
        extras.insert(k.into_owned(), to_value(v));
    }
    if errs.is_empty() {
        Ok(SidecarDoc {
            document,
            sha256,
            records,
            extras,
            document_pos,
            sha256_pos,
        })
    } else {
        errs.sort_by_key(|d| d.span.start);
        Err(errs)
    }
}

/// A document name must be a plain file name in the sidecar's folder.
pub fn check_document_name(name: &str) -> Result<(), String> {
    if name.is_empty() {
        return Err("document: empty file name".into());
    }
    let climbs = name == ".."
        || name.starts_with('/')
        || name.starts_with('\\')
        || name.split(['/', '\\']).any(|part| part == "..")
        || (name.len() > 1 && name.as_bytes().get(1) == Some(&b':'));
    if climbs {
        return Err(format!(
            "document: {} climbs out of the sidecar's folder (it must be a file name in the same folder)",
            quoted(name)
        ));
    }
    if name.contains(['/', '\\']) || name == "." {
        return Err(format!(
            "document: {} is not a plain file name (the document must be in the sidecar's folder)",
            quoted(name)
        ));
    }
    if name.chars().any(char::is_control) {
        return Err("document: control character in the file name".into());
    }
    Ok(())
}

fn top_field<'i>(root: &mut Tbl<'i>, name: &str) -> Result<(Range<usize>, Val<'i>), ()> {
    root.remove(name).ok_or(())
}

/// A parsed TOML value with byte positions (from the fast reader or
/// converted from the full parser's tables).
#[derive(Debug)]
pub(crate) enum Val<'i> {
    String(Cow<'i, str>),
    /// `None`: out of the i64 range.
    Integer(Option<i64>),
    Float(f64),
    Boolean(bool),
    Datetime(toml::value::Datetime),
    Array(Vec<(Range<usize>, Val<'i>)>),
    Table(Tbl<'i>),
}

/// A table: keys in file order with the positions of their values.
#[derive(Debug, Default)]
pub(crate) struct Tbl<'i>(pub Vec<(Cow<'i, str>, Range<usize>, Val<'i>)>);

impl<'i> Tbl<'i> {
    pub fn contains(&self, key: &str) -> bool {
        self.0.iter().any(|(k, _, _)| k == key)
    }

    /// Take `key` out. Searches from the end: callers reverse a table
    /// first and take keys in the order hashiya writes them, so each key is
    /// found at the end and removed without shifting the rest.
    fn remove(&mut self, key: &str) -> Option<(Range<usize>, Val<'i>)> {
        let i = self.0.iter().rposition(|(k, _, _)| k == key)?;
        let (_, span, v) = if i + 1 == self.0.len() {
            self.0.pop()?
        } else {
            self.0.remove(i)
        };
        Some((span, v))
    }

    fn from_de(t: DeTable<'i>) -> Tbl<'i> {
        Tbl(t
            .into_iter()
            .map(|(k, v)| {
                let span = v.span();
                (k.into_inner(), span, Val::from_de(v.into_inner()))
            })
            .collect())
    }
}

impl<'i> Val<'i> {
    fn from_de(v: DeValue<'i>) -> Val<'i> {
        match v {
            DeValue::String(s) => Val::String(s),
            DeValue::Integer(i) => Val::Integer(int(&i)),
            DeValue::Float(f) => Val::Float(parse_float(f.as_str())),
            DeValue::Boolean(b) => Val::Boolean(b),
            DeValue::Datetime(d) => Val::Datetime(d),
            DeValue::Array(a) => Val::Array(
                a.into_iter()
                    .map(|x| (x.span(), Val::from_de(x.into_inner())))
                    .collect(),
            ),
            DeValue::Table(t) => Val::Table(Tbl::from_de(t)),
        }
    }
}

fn int(i: &toml::de::DeInteger<'_>) -> Option<i64> {
    i64::from_str_radix(i.as_str(), i.radix()).ok()
}

fn type_name(v: &Val<'_>) -> &'static str {
    match v {
        Val::String(_) => "a string",
        Val::Integer(_) => "an integer",
        Val::Float(_) => "a float",
        Val::Boolean(_) => "a boolean",
        Val::Datetime(_) => "a datetime",
        Val::Array(_) => "an array",
        Val::Table(_) => "a table",
    }
}

fn type_err(span: Range<usize>, field: &str, expected: &str, got: &Val<'_>) -> Diagnostic {
    Diagnostic {
        span,
        message: format!("{field}: expected {expected}, found {}", type_name(got)),
    }
}

/// Convert a parsed value to an owned `toml::Value`.
fn to_value(v: Val<'_>) -> Value {
    match v {
        Val::String(s) => Value::String(s.into_owned()),
        // Out of range for TOML itself; the full parser rejects it first.
        Val::Integer(i) => Value::Integer(i.unwrap_or(i64::MAX)),
        Val::Float(f) => Value::Float(f),
        Val::Boolean(b) => Value::Boolean(b),
        Val::Datetime(d) => Value::Datetime(d),
        Val::Array(a) => Value::Array(a.into_iter().map(|(_, x)| to_value(x)).collect()),
        Val::Table(t) => Value::Table(to_table(t)),
    }
}

fn to_table(t: Tbl<'_>) -> Table {
    t.0.into_iter()
        .map(|(k, _, v)| (k.into_owned(), to_value(v)))
        .collect()
}

fn parse_float(s: &str) -> f64 {
    let s = s.replace('_', "");
    match s.trim_start_matches(['+', '-']) {
        "nan" => f64::NAN,
        "inf" if s.starts_with('-') => f64::NEG_INFINITY,
        "inf" => f64::INFINITY,
        _ => s.parse().unwrap_or(f64::NAN),
    }
}

/// Field accessor for one annotation table: records positions and errors.
struct Fields<'t, 'i> {
    table: Tbl<'i>,
    pos: RecordPos,
    errs: &'t mut Vec<Diagnostic>,
    ok: bool,
    prefix: &'static str,
}

impl<'i> Fields<'_, 'i> {
    fn take(&mut self, name: &'static str) -> Option<(Range<usize>, Val<'i>)> {
        let (span, v) = self.table.remove(name)?;
        self.pos.fields.push((name, span.clone()));
        Some((span, v))
    }

    fn fail(&mut self, span: Range<usize>, message: String) {
        self.ok = false;
        self.errs.push(Diagnostic { span, message });
    }

    fn missing(&mut self, name: &str) {
        let span = self.pos.table.clone();
        self.fail(span, format!("{}.{name}: missing", self.prefix));
    }

    /// An optional string, borrowed from the file when it has no escapes.
    fn cow(&mut self, name: &'static str) -> Option<Cow<'i, str>> {
        match self.take(name) {
            Some((_, Val::String(s))) => Some(s),
            Some((span, v)) => {
                let e = type_err(span, &format!("{}.{name}", self.prefix), "a string", &v);
                self.fail(e.span, e.message);
                None
            }
            None => None,
        }
    }

    fn string(&mut self, name: &'static str, required: bool) -> Option<String> {
        match self.take(name) {
            Some((_, Val::String(s))) => Some(s.into_owned()),
            Some((span, v)) => {
                let e = type_err(span, &format!("{}.{name}", self.prefix), "a string", &v);
                self.fail(e.span, e.message);
                None
            }
            None => {
                if required {
                    self.missing(name);
                }
                None
            }
        }
    }

    fn integer(&mut self, name: &'static str) -> Option<i64> {
        match self.take(name) {
            Some((span, Val::Integer(i))) => match i {
                Some(n) => Some(n),
                None => {
                    self.fail(
                        span,
                        format!("{}.{name}: integer out of range", self.prefix),
                    );
                    None
                }
            },
            Some((span, v)) => {
                let e = type_err(span, &format!("{}.{name}", self.prefix), "an integer", &v);
                self.fail(e.span, e.message);
                None
            }
            None => {
                self.missing(name);
                None
            }
        }
    }

    /// A timestamp: an RFC 3339 string (or a TOML offset datetime).
    fn time(&mut self, name: &'static str) -> String {
        let rfc = &time::format_description::well_known::Rfc3339;
        match self.take(name) {
            Some((span, Val::String(s))) => {
                if time::OffsetDateTime::parse(&s, rfc).is_err() {
                    self.fail(
                        span,
                        format!(
                            "{}.{name}: {} is not an RFC 3339 time (e.g. 2026-01-31T12:00:00Z)",
                            self.prefix,
                            quoted(&s)
                        ),
                    );
                }
                s.into_owned()
            }
            Some((span, Val::Datetime(d))) => {
                let s = d.to_string();
                if time::OffsetDateTime::parse(&s, rfc).is_err() {
                    self.fail(
                        span,
                        format!(
                            "{}.{name}: {s} is not an RFC 3339 time with an offset",
                            self.prefix
                        ),
                    );
                }
                s
            }
            Some((span, v)) => {
                let e = type_err(span, &format!("{}.{name}", self.prefix), "a string", &v);
                self.fail(e.span, e.message);
                String::new()
            }
            None => String::new(),
        }
    }
}

fn parse_record<'i>(
    table: Tbl<'i>,
    span: Range<usize>,
    errs: &mut Vec<Diagnostic>,
) -> Option<Record<'i>> {
    let mut f = Fields {
        table,
        pos: RecordPos {
            table: span,
            fields: Vec::with_capacity(16),
        },
        errs,
        ok: true,
        prefix: "annotation",
    };
    let id = f.string("id", true).unwrap_or_default();
    if let Some(span) = f.pos.get("id") {
        if id.is_empty() {
            f.fail(span, "annotation.id: empty".into());
        } else if id
            .chars()
            .any(|c| c == '#' || c.is_whitespace() || c.is_control())
        {
            f.fail(
                span,
                format!(
                    "annotation.id: {} may not contain '#', spaces or control characters",
                    quoted(&id)
                ),
            );
        }
    }
    let label = f.string("label", true).unwrap_or_default();
    let kind = f.string("kind", false);
    let start = f.integer("start");
    let end = f.integer("end");
    let quote = f.string("quote", true).unwrap_or_default();
    let before = f.cow("before").unwrap_or_default();
    let after = f.cow("after").unwrap_or_default();
    let annotator = f.string("annotator", false).unwrap_or_default();
    let created = f.time("created");
    let modified = f.time("modified");
    let reviewer = f.string("reviewer", false);
    let reviewed = f.time("reviewed");
    let review = match (reviewer, reviewed) {
        (None, at) if at.is_empty() => None,
        (by, at) => Some(crate::annotation::Review {
            by: by.unwrap_or_default(),
            at,
        }),
    };
    let status = match f.take("status") {
        None => Status::Accepted,
        Some((_, Val::String(s))) => match Status::parse(&s) {
            Some(st) => st,
            None => {
                let span = f.pos.of("status");
                f.fail(
                    span,
                    format!(
                        "annotation.status: {} is not one of \"accepted\", \"suggested\", \"rejected\"",
                        quoted(&s)
                    ),
                );
                Status::Accepted
            }
        },
        Some((span, v)) => {
            let e = type_err(span, "annotation.status", "a string", &v);
            f.fail(e.span, e.message);
            Status::Accepted
        }
    };
    let note = f.string("note", false);
    let orphan = match f.take("orphan") {
        None => false,
        Some((_, Val::Boolean(b))) => b,
        Some((span, v)) => {
            let e = type_err(span, "annotation.orphan", "a boolean", &v);
            f.fail(e.span, e.message);
            false
        }
    };
    let mut attrs = BTreeMap::new();
    match f.take("attrs") {
        None => {}
        Some((_, Val::Table(t))) => {
            for (k, span, v) in t.0 {
                match v {
                    Val::String(s) => {
                        attrs.insert(k.into_owned(), s.into_owned());
                    }
                    v => {
                        let field = format!("annotation.attrs.{k}");
                        let e = type_err(span, &field, "a string", &v);
                        f.fail(e.span, e.message);
                    }
                }
            }
        }
        Some((span, v)) => {
            let e = type_err(span, "annotation.attrs", "a table", &v);
            f.fail(e.span, e.message);
        }
    }
    let mut links = Vec::new();
    let mut link_extras = Vec::new();
    match f.take("links") {
        None => {}
        Some((_, Val::Array(items))) => {
            for (span, item) in items {
                match item {
                    Val::Table(mut t) => {
                        t.0.reverse();
                        let mut lf = Fields {
                            table: t,
                            pos: RecordPos {
                                table: span,
                                fields: Vec::new(),
                            },
                            errs: f.errs,
                            ok: true,
                            prefix: "annotation.links",
                        };
                        let target = lf.string("target", true).unwrap_or_default();
                        let kind = lf.string("kind", true).unwrap_or_default();
                        if lf.ok && (target.is_empty() || target.ends_with('#')) {
                            let s = lf.pos.of("target");
                            lf.fail(
                                s,
                                format!(
                                    "annotation.links.target: {} names no annotation",
                                    quoted(&target)
                                ),
                            );
                        }
                        let ok = lf.ok;
                        let extra = to_table(lf.table);
                        if !ok {
                            f.ok = false;
                        }
                        links.push(Link { target, kind });
                        link_extras.push(extra);
                    }
                    v => {
                        let e = type_err(span, "annotation.links", "an array of tables", &v);
                        f.fail(e.span, e.message);
                    }
                }
            }
        }
        Some((span, v)) => {
            let e = type_err(span, "annotation.links", "an array of inline tables", &v);
            f.fail(e.span, e.message);
        }
    }
    let ok = f.ok;
    let pos = f.pos;
    let extras = to_table(f.table);
    if !ok {
        return None;
    }
    Some(Record {
        annotation: Annotation {
            id,
            label,
            kind,
            span: 0..0,
            quote,
            annotator,
            created,
            modified,
            note,
            attrs,
            status,
            links,
            review,
        },
        start: start?,
        end: end?,
        before,
        after,
        orphan,
        extras,
        link_extras,
        pos,
    })
}

/// Everything needed to write one annotation.
pub struct OutRecord<'a> {
    pub annotation: &'a Annotation,
    pub start: i64,
    pub end: i64,
    pub before: &'a str,
    pub after: &'a str,
    pub orphan: bool,
    pub extras: Option<&'a Table>,
    /// Unknown keys of links, looked up by (target, kind).
    pub link_extras: &'a [(Link, Table)],
    /// The record's text exactly as read (a duplicate kept as written):
    /// written instead of the fields above.
    pub raw: Option<&'a str>,
}

/// The text of the `[[annotation]]` table whose value starts at byte `at`
/// of `text`: from its header line to the next header line (or the end),
/// without trailing blank lines. `None` when the header is not found, or
/// when the text does not parse back to `record` (a table split by
/// multi-line strings or written in another TOML form).
pub fn raw_record<'t>(text: &'t str, at: usize, record: &Record<'_>) -> Option<&'t str> {
    let is_header = |line: &str| line.trim_start().starts_with('[');
    // Up to the end of the line holding `at` (which may be the header).
    let at_line_end = text.get(at..)?.find('\n').map_or(text.len(), |i| at + i);
    let before = text.get(..at_line_end)?;
    let mut start = None;
    let mut line_end = before.len();
    // Walk back line by line to the `[[annotation]]` header.
    loop {
        let line_start = before.get(..line_end)?.rfind('\n').map_or(0, |i| i + 1);
        let line = before.get(line_start..line_end)?;
        if line.trim() == "[[annotation]]" {
            start = Some(line_start);
            break;
        }
        if is_header(line) || line_start == 0 {
            break;
        }
        line_end = line_start - 1;
    }
    let start = start?;
    let body = text.get(start..)?;
    let mut end = body.len();
    let mut pos = body.find('\n').map_or(body.len(), |i| i + 1);
    while pos < body.len() {
        let rest = body.get(pos..)?;
        let line = rest.split('\n').next().unwrap_or_default();
        if is_header(line) {
            end = pos;
            break;
        }
        pos += line.len() + 1;
    }
    let raw = body.get(..end)?.trim_end_matches(['\n', '\r', ' ', '\t']);
    let probe = format!(
        "version = {VERSION}\ndocument = \"x.txt\"\nsha256 = \"{}\"\n{raw}\n",
        "0".repeat(64)
    );
    let doc = parse(&probe).ok()?;
    let [again] = doc.records.as_slice() else {
        return None;
    };
    (again.annotation == record.annotation
        && again.start == record.start
        && again.end == record.end
        && again.before == record.before
        && again.after == record.after
        && again.orphan == record.orphan
        && again.extras == record.extras
        && again.link_extras == record.link_extras)
        .then_some(raw)
}

/// Render a sidecar. `records` must already be in file order: by (start,
/// end, id), duplicates last.
pub fn render(document: &str, sha256: &str, extras: &Table, records: &[OutRecord<'_>]) -> String {
    let mut out = String::with_capacity(128 + records.len() * 400);
    out.push_str("# hashiya annotations (format: docs/FORMAT.md)\n");
    let _ = writeln!(out, "version = {VERSION}");
    out.push_str("document = ");
    push_str_lit(&mut out, document);
    out.push_str("\nsha256 = ");
    push_str_lit(&mut out, sha256);
    out.push('\n');
    if !extras.is_empty() {
        // toml's serializer writes plain keys first, then tables.
        match toml::to_string(extras) {
            Ok(s) => {
                out.push_str(&s);
                if !s.ends_with('\n') {
                    out.push('\n');
                }
            }
            Err(_) => {
                for (k, v) in extras {
                    push_key(&mut out, k);
                    let _ = writeln!(out, " = {v}");
                }
            }
        }
    }
    for r in records {
        if let Some(raw) = r.raw {
            out.push('\n');
            out.push_str(raw);
            out.push('\n');
            continue;
        }
        let a = r.annotation;
        out.push_str("\n[[annotation]]\nid = ");
        push_str_lit(&mut out, &a.id);
        out.push_str("\nlabel = ");
        push_str_lit(&mut out, &a.label);
        if let Some(kind) = &a.kind {
            out.push_str("\nkind = ");
            push_str_lit(&mut out, kind);
        }
        let _ = write!(out, "\nstart = {}\nend = {}\nquote = ", r.start, r.end);
        push_str_lit(&mut out, &a.quote);
        out.push_str("\nbefore = ");
        push_str_lit(&mut out, r.before);
        out.push_str("\nafter = ");
        push_str_lit(&mut out, r.after);
        for (name, value) in [
            ("annotator", &a.annotator),
            ("created", &a.created),
            ("modified", &a.modified),
        ] {
            if !value.is_empty() {
                let _ = write!(out, "\n{name} = ");
                push_str_lit(&mut out, value);
            }
        }
        if let Some(r) = &a.review {
            for (name, value) in [("reviewer", &r.by), ("reviewed", &r.at)] {
                if !value.is_empty() {
                    let _ = write!(out, "\n{name} = ");
                    push_str_lit(&mut out, value);
                }
            }
        }
        let _ = write!(out, "\nstatus = \"{}\"", a.status.as_str());
        if let Some(note) = &a.note {
            out.push_str("\nnote = ");
            push_str_lit(&mut out, note);
        }
        if r.orphan {
            out.push_str("\norphan = true");
        }
        if !a.attrs.is_empty() {
            out.push_str("\nattrs = { ");
            for (i, (k, v)) in a.attrs.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                push_key(&mut out, k);
                out.push_str(" = ");
                push_str_lit(&mut out, v);
            }
            out.push_str(" }");
        }
        if !a.links.is_empty() {
            out.push_str("\nlinks = [");
            for (i, l) in a.links.iter().enumerate() {
                out.push_str(if i > 0 {
                    ", { target = "
                } else {
                    "{ target = "
                });
                push_str_lit(&mut out, &l.target);
                out.push_str(", kind = ");
                push_str_lit(&mut out, &l.kind);
                if let Some((_, extra)) = r.link_extras.iter().find(|(k, _)| k == l) {
                    for (k, v) in extra {
                        out.push_str(", ");
                        push_key(&mut out, k);
                        let _ = write!(out, " = {v}");
                    }
                }
                out.push_str(" }");
            }
            out.push(']');
        }
        if let Some(extras) = r.extras {
            for (k, v) in extras {
                out.push('\n');
                push_key(&mut out, k);
                let _ = write!(out, " = {v}");
            }
        }
        out.push('\n');
    }
    out
}

/// A key: bare when it can be, else a quoted string.
fn push_key(out: &mut String, key: &str) {
    let bare = !key.is_empty()
        && key
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-');
    if bare {
        out.push_str(key);
    } else {
        push_str_lit(out, key);
    }
}

/// A TOML basic string literal.
fn push_str_lit(out: &mut String, s: &str) {
    out.push('"');
    let mut plain = 0;
    for (i, b) in s.bytes().enumerate() {
        let esc = match b {
            b'"' => "\\\"",
            b'\\' => "\\\\",
            b'\n' => "\\n",
            b'\r' => "\\r",
            b'\t' => "\\t",
            0x08 => "\\b",
            0x0c => "\\f",
            b if b < 0x20 || b == 0x7f => "",
            _ => continue,
        };
        out.push_str(s.get(plain..i).unwrap_or(""));
        if esc.is_empty() {
            let _ = write!(out, "\\u{:04X}", b);
        } else {
            out.push_str(esc);
        }
        plain = i + 1;
    }
    out.push_str(s.get(plain..).unwrap_or(""));
    out.push('"');
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_show_harakat_and_escape_controls() {
        let head = format!(
            "version = 1\ndocument = \"a.txt\"\nsha256 = \"{}\"\n",
            "0".repeat(64)
        );
        // U+064C (tanwin damma) is a combining mark: printed as itself.
        let text = format!(
            "{head}[[annotation]]\nid = \"a1\"\nlabel = \"claim\"\nstart = 0\nend = 1\nquote = \"x\"\nstatus = \"مقبولٌ\\u001b\"\n"
        );
        let errs = parse(&text).expect_err("a bad status");
        assert_eq!(
            errs.iter().map(|d| d.message.as_str()).collect::<Vec<_>>(),
            [
                "annotation.status: \"مقبولٌ\\u{1b}\" is not one of \"accepted\", \"suggested\", \"rejected\""
            ]
        );
    }

    #[test]
    fn raw_record_is_the_table_as_written_or_none() {
        let head = format!(
            "version = 1\ndocument = \"a.txt\"\nsha256 = \"{}\"\n",
            "0".repeat(64)
        );
        let first =
            "[[annotation]]\nid = \"a1\"\nlabel = \"claim\"\nstart = 0\nend = 1\nquote = \"x\"\n";
        let second = "[[annotation]]\nid = \"a1\"   # again\n\n# a comment\nlabel = \"claim\"\nstart = 2\nend = 3\nquote = \"y\"";
        let text = format!("{head}\n{first}\n  {second}\n\n\n[extra]\nk = 1\n");
        let doc = parse(&text).expect("parses");
        assert_eq!(doc.records.len(), 2);
        let r = &doc.records[1];
        // The header is indented by two spaces: the raw text starts at the
        // header line.
        assert_eq!(
            raw_record(&text, r.pos.table.start, r),
            Some(format!("  {second}").as_str())
        );
        // Asked for the wrong record: the text does not parse back to it.
        assert_eq!(raw_record(&text, r.pos.table.start, &doc.records[0]), None);
        let r0 = &doc.records[0];
        assert_eq!(
            raw_record(&text, r0.pos.table.start, r0),
            Some(first.trim_end())
        );
    }

    #[test]
    fn string_literals_parse_back() {
        for s in [
            "plain",
            "a\"b\\c",
            "line\r\nnext\ttab",
            "\u{0}\u{1f}\u{7f}",
            "مَرْحَبًا",
        ] {
            let mut lit = String::from("x = ");
            push_str_lit(&mut lit, s);
            let t: Table = toml::from_str(&lit).unwrap();
            assert_eq!(t.get("x").and_then(Value::as_str), Some(s), "{lit}");
        }
    }

    /// The fast reader and the full TOML parser agree on everything they
    /// both read: the FORMAT.md example, the invalid fixtures, and variants.
    #[test]
    fn fast_reader_agrees_with_the_full_parser() {
        let root = env!("CARGO_MANIFEST_DIR");
        let md = std::fs::read_to_string(format!("{root}/docs/FORMAT.md")).unwrap();
        let example = md
            .split_once("<!-- example-sidecar -->\n```toml\n")
            .unwrap()
            .1
            .split_once("```")
            .unwrap()
            .0
            .to_string();
        let mut inputs = vec![
            example.clone(),
            example.replace("status = \"accepted\"", "status = \"accepted\"\nweird = [1, -2, true, \"x\\u00e9\\t\"]\nn = { a = { b = 0 } }"),
            example.replace("version = 1", "version = +1"),
            example.replace("start = 12", "start = 012"),
            example.replace("start = 12", "start = 1_2"),
            example.replace("start = 12", "start = 12.0"),
            example.replace("quote = \"5,700\"", "quote = \"5,700\" # c"),
            example.replace("quote = \"5,700\"", "quote = '5,700'"),
            example.replace("quote = \"5,700\"", "quote = \"5,700\\q\""),
            example.replace("[[annotation]]", "[[ annotation ]]"),
            example.replace("\n", "\r\n"),
            example.replace("id = \"b9d3h6w1nc\"", "id = \"b9d3h6w1nc\"\nid = \"dup\""),
            example.replace("links = [{", "links = [ {"),
            format!("{example}annotation = 3\n"),
        ];
        for e in std::fs::read_dir(format!("{root}/tests/fixtures/invalid")).unwrap() {
            let dir = e.unwrap().path();
            if !dir.is_dir() {
                continue;
            }
            for f in std::fs::read_dir(dir).unwrap() {
                let p = f.unwrap().path();
                if p.to_string_lossy().ends_with(".ann.toml") {
                    inputs.push(std::fs::read_to_string(p).unwrap());
                }
            }
        }
        let mut fast_used = 0;
        for text in &inputs {
            if super::super::fast::parse(text).is_some() {
                fast_used += 1;
            }
            let strip = |r: Result<SidecarDoc<'_>, Vec<Diagnostic>>| {
                r.map(|d| {
                    let mut d = d.into_owned();
                    for r in &mut d.records {
                        r.pos.table = 0..0;
                    }
                    d
                })
                .map_err(|e| e.into_iter().map(|d| d.message).collect::<Vec<_>>())
            };
            assert_eq!(
                strip(parse_with(text, true)),
                strip(parse_with(text, false)),
                "{text}"
            );
        }
        assert!(fast_used > 15, "{fast_used}");
    }

    /// The example sidecar of docs/FORMAT.md.
    fn format_md_example() -> String {
        let md = include_str!("../../docs/FORMAT.md");
        md.split_once("<!-- example-sidecar -->\n```toml\n")
            .and_then(|(_, rest)| rest.split_once("```"))
            .map(|(example, _)| example.to_string())
            .unwrap_or_default()
    }

    /// Both readers on `text`: the same sidecar or the same error messages.
    fn readers_agree(text: &str) -> Result<(), String> {
        let strip = |r: Result<SidecarDoc<'_>, Vec<Diagnostic>>| {
            r.map(|d| {
                let mut d = d.into_owned();
                for r in &mut d.records {
                    r.pos.table = 0..0;
                }
                d
            })
            .map_err(|e| e.into_iter().map(|d| d.message).collect::<Vec<_>>())
        };
        let (fast, full) = (
            strip(parse_with(text, true)),
            strip(parse_with(text, false)),
        );
        if fast == full {
            Ok(())
        } else {
            Err(format!("{text:?}\nfast: {fast:?}\nfull: {full:?}"))
        }
    }

    /// Pieces that make TOML interesting to a reader: brackets, quotes,
    /// escapes, separators, line ends, numbers, Arabic, controls.
    const PIECES: &[&str] = &[
        "[",
        "]",
        "{",
        "}",
        "\"",
        "\\",
        "'",
        "=",
        ",",
        "#",
        "\n",
        "\r\n",
        " ",
        "\t",
        ".",
        "-",
        "+",
        "_",
        "0",
        "7",
        "1e3",
        "true",
        "x",
        "id",
        "label",
        "attrs",
        "links",
        "[[annotation]]\n",
        "[[conflict]]\n",
        "[[rejected]]\n",
        "\\u00e9",
        "\\U0001F600",
        "\\q",
        "مَرْحَبًا",
        "\u{0}",
        "\u{1b}",
        "\u{7f}",
        "\u{202e}",
        "\"\"\"",
        "'''",
        "inf",
        "nan",
    ];

    /// A random TOML-ish value nested up to 24 levels.
    fn value_strategy() -> impl proptest::strategy::Strategy<Value = String> {
        use proptest::prelude::*;
        let leaf = prop_oneof![
            "[a-z0-9 ]{0,6}".prop_map(|s| format!("\"{s}\"")),
            any::<i64>().prop_map(|i| i.to_string()),
            Just("true".to_string()),
            Just("\"\\u0645\"".to_string()),
        ];
        leaf.prop_recursive(24, 64, 4, |inner| {
            prop_oneof![
                proptest::collection::vec(inner.clone(), 0..4)
                    .prop_map(|v| format!("[{}]", v.join(", "))),
                proptest::collection::vec(("[a-z]{1,3}", inner), 0..4).prop_map(|v| {
                    let kv: Vec<String> =
                        v.into_iter().map(|(k, x)| format!("{k} = {x}")).collect();
                    format!("{{ {} }}", kv.join(", "))
                }),
            ]
        })
    }

    /// Cases per property: 50,000 each (1e5 in all) in CI; a longer run for
    /// a release: `PROPTEST_CASES=2000000 cargo test --release --lib readers_agree`.
    fn fuzz_config() -> proptest::test_runner::Config {
        proptest::test_runner::Config {
            cases: std::env::var("PROPTEST_CASES")
                .ok()
                .and_then(|c| c.parse().ok())
                .unwrap_or(50_000),
            failure_persistence: None,
            ..proptest::test_runner::Config::default()
        }
    }

    proptest::proptest! {
        #![proptest_config(fuzz_config())]

        /// The example with random pieces inserted and random ranges
        /// deleted: the readers agree, and neither panics.
        #[test]
        fn readers_agree_on_mutated_sidecars(
            edits in proptest::collection::vec(
                (proptest::prelude::any::<usize>(), 0usize..PIECES.len(), 0usize..4),
                1..8,
            ),
        ) {
            let mut text = format_md_example();
            for (at, piece, cut) in edits {
                let mut at = at % (text.len() + 1);
                while !text.is_char_boundary(at) {
                    at -= 1;
                }
                let mut end = (at + cut).min(text.len());
                while !text.is_char_boundary(end) {
                    end += 1;
                }
                text.replace_range(at..end, PIECES.get(piece).copied().unwrap_or(""));
            }
            let agree = readers_agree(&text);
            proptest::prop_assert!(agree.is_ok(), "{}", agree.unwrap_err());
        }

        /// Random values (nested, keys repeated) under known and unknown
        /// keys, at the top and inside an annotation.
        #[test]
        fn readers_agree_on_generated_values(
            key in proptest::sample::select(vec!["attrs", "links", "weird", "note", "start"]),
            value in value_strategy(),
            top in proptest::prelude::any::<bool>(),
            twice in proptest::prelude::any::<bool>(),
        ) {
            let example = format_md_example();
            let line = format!("{key} = {value}\n");
            let line = if twice { format!("{line}{line}") } else { line };
            let text = if top {
                example.replacen("[[annotation]]", &format!("{line}\n[[annotation]]"), 1)
            } else {
                example.replacen("[[annotation]]\n", &format!("[[annotation]]\n{line}"), 1)
            };
            let agree = readers_agree(&text);
            proptest::prop_assert!(agree.is_ok(), "{}", agree.unwrap_err());
        }
    }

    /// Nesting far beyond any limit (a 60 KB line of brackets) is an error
    /// from both readers, not a stack overflow.
    #[test]
    fn deep_nesting_is_an_error_not_a_crash() {
        let example = format_md_example();
        for (open, close) in [("[", "]"), ("{a = ", "}")] {
            let deep = format!("{}1{}", open.repeat(30_000), close.repeat(30_000));
            for text in [
                example.replacen(
                    "[[annotation]]",
                    &format!("weird = {deep}\n\n[[annotation]]"),
                    1,
                ),
                example.replacen(
                    "[[annotation]]\n",
                    &format!("[[annotation]]\nweird = {deep}\n"),
                    1,
                ),
            ] {
                let errs = parse(&text).map(|_| ()).unwrap_err();
                assert!(
                    errs.iter().any(|e| e.message.contains("nested")),
                    "{errs:?}"
                );
                readers_agree(&text).unwrap();
            }
        }
    }

    /// 200,000 unknown keys in one table (or one inline table) are read in
    /// linear time: the duplicate check does not search the table.
    #[test]
    fn many_unknown_keys_are_read() {
        let example = format_md_example();
        let keys: String = (0..200_000).map(|i| format!("k{i} = {i}\n")).collect();
        let text = example.replacen("[[annotation]]\n", &format!("[[annotation]]\n{keys}"), 1);
        assert!(super::super::fast::parse(&text).is_some());
        let inline: Vec<String> = (0..200_000).map(|i| format!("k{i} = \"v\"")).collect();
        let text = example.replacen(
            "[[annotation]]\n",
            &format!("[[annotation]]\nextra = {{ {} }}\n", inline.join(", ")),
            1,
        );
        assert!(super::super::fast::parse(&text).is_some());
        let dup = example.replacen(
            "[[annotation]]\n",
            &format!("[[annotation]]\n{keys}k7 = 1\n"),
            1,
        );
        assert!(super::super::fast::parse(&dup).is_none());
        readers_agree(&dup).unwrap();
    }

    #[test]
    fn document_names() {
        assert!(check_document_name("a.txt").is_ok());
        assert!(
            check_document_name("../a.txt")
                .unwrap_err()
                .contains("climbs out")
        );
        assert!(
            check_document_name("/etc/passwd")
                .unwrap_err()
                .contains("climbs out")
        );
        assert!(
            check_document_name("sub/a.txt")
                .unwrap_err()
                .contains("plain file name")
        );
    }
}
