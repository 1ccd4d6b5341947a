//! Temp files a killed process left next to a sidecar. The atomic write
//! itself is `corpus::write_atomic` (temp file, fsync, rename, fsync of the
//! folder), shared with alignment files and the manifest.

use std::fs;
use std::path::Path;

use crate::corpus::atomic::temp_prefix;
pub(crate) use crate::corpus::atomic::write_atomic;

/// Remove temp files a killed process left next to `target`. Call only while
/// holding the document's lock (no other hashiya is saving).
pub(crate) fn remove_stale_temps(target: &Path) {
    let Some(dir) = target.parent() else { return };
    let dir = if dir.as_os_str().is_empty() {
        Path::new(".")
    } else {
        dir
    };
    let prefix = temp_prefix(target);
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let name = e.file_name();
        let name = name.to_string_lossy();
        if name.starts_with(&prefix) && name.ends_with(".tmp") {
            let _ = fs::remove_file(e.path());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stale_temps_are_removed() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("a.ann.toml");
        fs::write(dir.path().join(".a.ann.toml.xyz.tmp"), "x").unwrap();
        fs::write(dir.path().join(".b.ann.toml.xyz.tmp"), "x").unwrap();
        remove_stale_temps(&target);
        assert!(!dir.path().join(".a.ann.toml.xyz.tmp").exists());
        assert!(dir.path().join(".b.ann.toml.xyz.tmp").exists());
    }
}
