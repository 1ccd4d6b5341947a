//! Documents on disk: discovery, language and direction detection, the corpus
//! manifest (`hashiya.toml`) and translation pairs.

pub mod manifest;

pub use manifest::{LabelDef, LabelSet, Manifest, ManifestError, PairDecl};
