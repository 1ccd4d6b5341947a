//! TOML sidecars (`article.txt` -> `article.ann.toml`): schema, atomic save,
//! validation, re-anchoring, conflicts and locking. See docs/FORMAT.md.
