//! Suggestions: figures found automatically, entities propagated, claim
//! candidates.
