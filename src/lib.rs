//! hashiya (حاشية, "marginal note"): a terminal reader and annotator for
//! bilingual Arabic/English news corpora.
//!
//! Layers, bottom to top (data flows one way; nothing below `ui` knows about
//! terminals):
//!
//! ```text
//! text        layout engine: bidi, shaping, line breaking, cell <-> offset maps
//! corpus      documents on disk, language/direction, pairs, the manifest
//! annotation  the model: spans, labels, attributes, links, undo/redo
//! sidecar     TOML persistence: atomic save, validation, re-anchoring
//! align       paragraph/sentence alignment of translation pairs, figure checks
//! suggest     figure/entity/claim suggestions
//! export      dataset writers and importers
//! agree       inter-annotator agreement between team layers
//! adjudicate  from the team's layers to gold, with provenance
//! merge       three-way merges of hashiya's files for git, conflict records
//! app         state machine: update(&mut State, Action) -> Vec<Effect>
//! ui          ratatui views, keymap, themes
//! cli         the command line
//! ```

pub mod adjudicate;
pub mod agree;
pub mod align;
pub mod annotation;
pub mod app;
pub mod cli;
pub mod corpus;
pub mod export;
pub mod merge;
pub mod sidecar;
pub mod suggest;
pub mod text;
pub mod ui;
