//! The editing lock of one layer file: an advisory lock (`flock`) on a
//! hidden lock file beside it, `.article.ann.toml.lock` for the gold layer,
//! `.article.amal.layer.toml.lock` for amal's. One lock per layer, so two
//! annotators can edit the same document at once, each in their own layer,
//! while two editors of one layer cannot. The lock file is never renamed
//! (the document and the sidecar are: git checkout, editors, atomic saves),
//! so replacing the document under an open editor does not free its lock.
//! The operating system drops the lock when the process ends; the file is
//! removed when the lock is released.

use std::fs::{File, OpenOptions};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// A held lock; released (and its file removed) on drop.
#[derive(Debug)]
pub(crate) struct LayerLock {
    /// `None` when the folder cannot hold a lock file (read-only) or the
    /// file system has no locks: editing goes on unlocked.
    held: Option<(File, PathBuf)>,
}

impl LayerLock {
    /// Whether the lock is really held (not editing unlocked).
    pub(crate) fn is_held(&self) -> bool {
        self.held.is_some()
    }
}

/// The lock file of `layer_file`.
pub(crate) fn lock_path(layer_file: &Path) -> PathBuf {
    let mut name = std::ffi::OsString::from(".");
    name.push(layer_file.file_name().unwrap_or_default());
    name.push(".lock");
    layer_file.with_file_name(name)
}

/// Why a lock was not taken.
pub(crate) enum LockError {
    /// Another process holds it.
    Held,
}

impl LayerLock {
    /// Take the lock of `layer_file`, waiting up to `wait` for another
    /// holder to let go (a process that forks holds a copy of its locks for
    /// the instant between fork and exec).
    pub(crate) fn acquire(layer_file: &Path, wait: Duration) -> Result<LayerLock, LockError> {
        let path = lock_path(layer_file);
        let deadline = Instant::now() + wait;
        loop {
            let file = match OpenOptions::new()
                .read(true)
                .write(true)
                .create(true)
                .truncate(false)
                .open(&path)
            {
                Ok(f) => f,
                // A read-only folder: nothing can be saved there either, and
                // the save says so; reading goes on.
                Err(_) => return Ok(LayerLock { held: None }),
            };
            match file.try_lock() {
                Ok(()) => {
                    // The holder before us may have removed the file after
                    // we opened it: then our lock is on a file nobody else
                    // will find. Start again on the file at the path.
                    if same_file(&file, &path) {
                        return Ok(LayerLock {
                            held: Some((file, path)),
                        });
                    }
                }
                Err(std::fs::TryLockError::WouldBlock) => {
                    if Instant::now() >= deadline {
                        return Err(LockError::Held);
                    }
                    std::thread::sleep(Duration::from_millis(10));
                }
                Err(std::fs::TryLockError::Error(_)) => return Ok(LayerLock { held: None }),
            }
        }
    }
}

#[cfg(unix)]
fn same_file(file: &File, path: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    match (file.metadata(), std::fs::metadata(path)) {
        (Ok(a), Ok(b)) => a.dev() == b.dev() && a.ino() == b.ino(),
        _ => false,
    }
}

#[cfg(not(unix))]
fn same_file(_file: &File, path: &Path) -> bool {
    path.exists()
}

impl Drop for LayerLock {
    fn drop(&mut self) {
        // Remove the file while still holding the lock, so that a waiter
        // that then gets the lock on the removed file sees it is stale.
        if let Some((_file, path)) = self.held.take() {
            let _ = std::fs::remove_file(&path);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_holder_per_layer_and_the_file_goes_with_the_lock() {
        let dir = tempfile::tempdir().unwrap();
        let gold = dir.path().join("a.ann.toml");
        let amal = dir.path().join("a.amal.layer.toml");
        let first = LayerLock::acquire(&gold, Duration::ZERO).ok().unwrap();
        assert!(lock_path(&gold).exists());
        assert!(LayerLock::acquire(&gold, Duration::from_millis(30)).is_err());
        // Another layer of the same document is free.
        let other = LayerLock::acquire(&amal, Duration::ZERO).ok().unwrap();
        drop(first);
        assert!(!lock_path(&gold).exists());
        let again = LayerLock::acquire(&gold, Duration::ZERO);
        assert!(again.is_ok());
        drop(other);
        drop(again);
        let names: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
        assert!(names.is_empty(), "{names:?}");
    }

    #[test]
    fn lock_file_name_is_hidden_beside_the_layer() {
        assert_eq!(
            lock_path(Path::new("/c/a.amal.layer.toml")),
            PathBuf::from("/c/.a.amal.layer.toml.lock")
        );
    }
}
