//! The annotation model: spans with labels, attributes, links and statuses,
//! and the reversible operations that undo/redo is made of.
//!
//! CONTRACT (used by `sidecar`, `app`, `ui`, `export`, `suggest`): the names
//! and fields below are stable. Offsets here are **byte** offsets into the
//! document `String` (DESIGN.md §1); the sidecar converts to and from code
//! points at the file boundary.

use std::collections::BTreeMap;
use std::ops::Range;

/// Well-known attribute keys.
pub mod attr {
    /// A figure's normalized value, e.g. `5700` or `0.25`.
    pub const VALUE: &str = "value";
    /// A figure's unit, e.g. `USD`, `%`, `soldiers`.
    pub const UNIT: &str = "unit";
    /// A claim's speaker: the id of an entity annotation.
    pub const SPEAKER: &str = "speaker";
}

/// Review status of an annotation.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Status {
    #[default]
    Accepted,
    Suggested,
    Rejected,
}

/// A link from one annotation to another, in this document (`target = "id"`)
/// or in another one (`target = "other-file.txt#id"`).
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Link {
    pub target: String,
    /// `translation`, `speaker`, `supports`, …
    pub kind: String,
}

/// One annotation on a document.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Annotation {
    /// Stable, unique across annotators, never reused (short random base32).
    pub id: String,
    /// `claim`, `figure`, `entity`, or another name from the corpus label set.
    pub label: String,
    /// The entity type (`PER`, `ORG`, `LOC`, `MISC`, …) when the label has types.
    pub kind: Option<String>,
    /// Byte range into the document text (end exclusive).
    pub span: Range<usize>,
    /// The exact text of `span`.
    pub quote: String,
    pub annotator: String,
    /// RFC 3339.
    pub created: String,
    /// RFC 3339.
    pub modified: String,
    pub note: Option<String>,
    /// Attributes: see [`attr`] for the well-known keys; free keys allowed.
    pub attrs: BTreeMap<String, String>,
    pub status: Status,
    pub links: Vec<Link>,
    /// Who last accepted, rejected or edited this annotation when that was
    /// not its creator, and when (provenance: `annotator` is never
    /// overwritten by a review).
    pub review: Option<Review>,
}

/// A review of someone else's annotation (sidecar keys `reviewer`, `reviewed`).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Review {
    /// The reviewer's annotator name.
    pub by: String,
    /// RFC 3339.
    pub at: String,
}

pub mod edit;
mod history;
mod id;
mod set;

pub use history::{History, Journal, Op, Sets, Step};
pub use id::{id_from_bits, new_id, now_rfc3339};
pub use set::{AnnotationSet, ModelError};

impl Status {
    /// The name used in sidecars and exports: `accepted`, `suggested`, `rejected`.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Accepted => "accepted",
            Status::Suggested => "suggested",
            Status::Rejected => "rejected",
        }
    }

    /// The inverse of [`Status::as_str`].
    pub fn parse(name: &str) -> Option<Status> {
        match name {
            "accepted" => Some(Status::Accepted),
            "suggested" => Some(Status::Suggested),
            "rejected" => Some(Status::Rejected),
            _ => None,
        }
    }
}

impl Annotation {
    /// Record that `who` changed or decided on this annotation at `now`
    /// (RFC 3339): `modified` moves; the creator stays; when `who` is not
    /// the creator, they are recorded as its reviewer. Every edit, accept
    /// and reject goes through here, in the TUI and on the command line.
    pub fn touch(&mut self, who: &str, now: &str) {
        self.modified = now.to_string();
        if who != self.annotator {
            self.review = Some(Review {
                by: who.to_string(),
                at: now.to_string(),
            });
        }
    }

    /// Accept (a suggestion) as `who`: see [`Annotation::touch`].
    pub fn accept(&mut self, who: &str, now: &str) {
        self.status = Status::Accepted;
        self.touch(who, now);
    }

    /// Reject (a suggestion) as `who`: see [`Annotation::touch`].
    pub fn reject(&mut self, who: &str, now: &str) {
        self.status = Status::Rejected;
        self.touch(who, now);
    }
}

impl Link {
    /// Split the target into `(document, id)`: `("", id)` for a link into the
    /// same document, `("other.txt", id)` for `other.txt#id`.
    pub fn split_target(&self) -> (&str, &str) {
        match self.target.rsplit_once('#') {
            Some((doc, id)) => (doc, id),
            None => ("", self.target.as_str()),
        }
    }
}
