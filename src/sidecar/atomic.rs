//! Temp files a killed process left next to a sidecar. The atomic write
//! itself is `corpus::write_atomic` (temp file, fsync, rename, fsync of the
//! folder), shared with alignment files and the manifest.
//!
//! A sidecar is saved by the holder of its lock through one temp name,
//! `.<name>.tmp` (`corpus::atomic::locked_temp`), so the next holder removes
//! a stale one by name. Temps with other names (`.<name>.<pid>-<n>.tmp`,
//! written without a lock) are found by listing the folder, which a run does
//! once per folder: in a folder of thousands of documents, opening each one
//! does not list them all again.

use std::collections::HashMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, PoisonError};

use crate::corpus::atomic::{locked_temp, temp_prefix};
pub(crate) use crate::corpus::atomic::{write_atomic, write_atomic_locked};

/// Per folder, the unlocked writers' temp file names found when this run
/// first listed it and not removed since.
static LISTED: Mutex<Option<HashMap<PathBuf, Vec<String>>>> = Mutex::new(None);

/// Remove temp files a killed process left next to `target`. Call only while
/// holding the document's lock (`locked`; no other hashiya is saving), or
/// when there are no locks (a folder or file system without them).
pub(crate) fn remove_stale_temps(target: &Path, locked: bool) {
    let Some(dir) = target.parent() else { return };
    let dir = if dir.as_os_str().is_empty() {
        Path::new(".")
    } else {
        dir
    };
    if locked {
        let _ = fs::remove_file(locked_temp(target));
    }
    let prefix = temp_prefix(target);
    // Our own process's temps are in flight, not stale.
    let own = format!("{prefix}{}-", std::process::id());
    let mut listed = LISTED.lock().unwrap_or_else(PoisonError::into_inner);
    let names = listed
        .get_or_insert_with(HashMap::new)
        .entry(dir.to_path_buf())
        .or_insert_with(|| unlocked_temps(dir));
    names.retain(|name| {
        let stale =
            name.strip_prefix(&prefix).is_some_and(is_unlocked_suffix) && !name.starts_with(&own);
        if stale {
            let _ = fs::remove_file(dir.join(name));
        }
        !stale
    });
}

/// `<pid>-<n>.tmp`: the end of an unlocked writer's temp name.
fn is_unlocked_suffix(rest: &str) -> bool {
    let Some(numbers) = rest.strip_suffix(".tmp") else {
        return false;
    };
    numbers.split_once('-').is_some_and(|(pid, n)| {
        [pid, n]
            .iter()
            .all(|s| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()))
    })
}

/// The names in `dir` that look like an unlocked writer's temp file.
fn unlocked_temps(dir: &Path) -> Vec<String> {
    let Ok(entries) = fs::read_dir(dir) else {
        return Vec::new();
    };
    entries
        .flatten()
        .filter_map(|e| e.file_name().into_string().ok())
        .filter(|name| {
            name.starts_with('.')
                && name
                    .strip_suffix(".tmp")
                    .and_then(|head| head.rsplit_once('.'))
                    .is_some_and(|(_, last)| is_unlocked_suffix(&format!("{last}.tmp")))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stale_temps_are_removed() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("a.ann.toml");
        fs::write(dir.path().join(".a.ann.toml.123-4.tmp"), "x").unwrap();
        fs::write(dir.path().join(".a.ann.toml.tmp"), "x").unwrap();
        fs::write(dir.path().join(".b.ann.toml.123-4.tmp"), "x").unwrap();
        fs::write(dir.path().join(".b.ann.toml.tmp"), "x").unwrap();
        remove_stale_temps(&target, true);
        assert!(!dir.path().join(".a.ann.toml.123-4.tmp").exists());
        assert!(!dir.path().join(".a.ann.toml.tmp").exists());
        assert!(dir.path().join(".b.ann.toml.123-4.tmp").exists());
        assert!(dir.path().join(".b.ann.toml.tmp").exists());
        // The folder's listing is kept: b's temps go when b is opened.
        remove_stale_temps(&dir.path().join("b.ann.toml"), true);
        assert!(!dir.path().join(".b.ann.toml.123-4.tmp").exists());
        assert!(!dir.path().join(".b.ann.toml.tmp").exists());
    }

    #[test]
    fn a_locked_save_left_by_a_crash_goes_without_a_listing() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("a.ann.toml");
        remove_stale_temps(&target, true); // the folder is listed (empty)
        // A crash after that listing.
        fs::write(locked_temp(&target), "half").unwrap();
        remove_stale_temps(&target, true);
        assert!(!locked_temp(&target).exists());
        // Without the lock it is someone else's save in flight: kept.
        fs::write(locked_temp(&target), "half").unwrap();
        remove_stale_temps(&target, false);
        assert!(locked_temp(&target).exists());
    }

    #[test]
    fn own_and_foreign_names_are_kept() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("a.ann.toml");
        let own = format!(".a.ann.toml.{}-7.tmp", std::process::id());
        for name in [
            own.as_str(),
            ".a.ann.toml.x.tmp",
            ".a.ann.toml.b.ann.toml.1-2.tmp",
            "a.txt",
        ] {
            fs::write(dir.path().join(name), "x").unwrap();
        }
        remove_stale_temps(&target, true);
        for name in [
            own.as_str(),
            ".a.ann.toml.x.tmp",
            ".a.ann.toml.b.ann.toml.1-2.tmp",
            "a.txt",
        ] {
            assert!(dir.path().join(name).exists(), "{name}");
        }
    }
}
