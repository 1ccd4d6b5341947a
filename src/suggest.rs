//! Suggestions: figures found automatically, entities propagated, claim
//! candidates.
//!
//! - [`fold`]: Arabic-aware folding with a map back to original offsets
//!   (also used by the reader's search);
//! - [`figures`]: the figure detector and number normalization;

pub mod entities;
pub mod figures;
pub mod fold;
