//! Atomic replacement of a corpus file (alignment files, the manifest): a
//! temporary file in the same folder, write, fsync, rename, fsync of the
//! folder. A crash leaves the old file or the new one, never a mix.
//!
//! Sidecars use it too (`sidecar::Store::save`), and their crash tests
//! inject failures at each stage through [`write_atomic_failing`].

use std::fs::{self, File, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

/// Temp files are named `.<name>.<pid>-<serial>.tmp` next to the target;
/// this is the part before `<pid>`.
pub(crate) fn temp_prefix(target: &Path) -> String {
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    format!(".{name}.")
}

/// The temp file of a writer that holds `target`'s lock (sidecar saves):
/// `.<name>.tmp`. Only the lock holder writes it, so a stale one is found
/// by its name alone, without listing the folder.
pub(crate) fn locked_temp(target: &Path) -> std::path::PathBuf {
    target.with_file_name(format!("{}tmp", temp_prefix(target)))
}

/// Serial numbers of temp files within this process.
static SERIAL: AtomicU64 = AtomicU64::new(0);

/// A temp file name beside `target`, unique per process and call: two
/// writers never share one.
fn unique_temp(target: &Path) -> PathBuf {
    let dir = target
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    dir.join(format!(
        "{}{}-{}.tmp",
        temp_prefix(target),
        std::process::id(),
        SERIAL.fetch_add(1, Ordering::Relaxed)
    ))
}

/// A file written as a stream that replaces `target` only when
/// [`AtomicWriter::commit`] is called: until then the bytes go to a temp
/// file beside it, removed if the writer is dropped (an error, Ctrl-C), so
/// `target` is either what it was or the whole new content.
pub struct AtomicWriter {
    file: Option<io::BufWriter<File>>,
    tmp: PathBuf,
    target: PathBuf,
}

impl AtomicWriter {
    /// A writer for `target`. When `target` is a symbolic link, the file it
    /// points to is the one replaced, as writing through the link would; the
    /// link stays.
    pub fn create(target: &Path) -> io::Result<AtomicWriter> {
        let linked = fs::symlink_metadata(target).is_ok_and(|m| m.file_type().is_symlink());
        let resolved = if linked {
            fs::canonicalize(target).ok()
        } else {
            None
        };
        let target = resolved.as_deref().unwrap_or(target);
        let tmp = unique_temp(target);
        let file = OpenOptions::new().write(true).create_new(true).open(&tmp)?;
        Ok(AtomicWriter {
            file: Some(io::BufWriter::new(file)),
            tmp,
            target: target.to_path_buf(),
        })
    }

    /// Write out, sync and rename over the target (keeping its permissions).
    pub fn commit(mut self) -> io::Result<()> {
        let Some(w) = self.file.take() else {
            return Ok(());
        };
        let file = w.into_inner().map_err(io::IntoInnerError::into_error)?;
        if let Ok(meta) = fs::metadata(&self.target) {
            let _ = file.set_permissions(meta.permissions());
        }
        file.sync_all()?;
        drop(file);
        fs::rename(&self.tmp, &self.target)?;
        let dir = self
            .target
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        if let Ok(d) = File::open(dir) {
            let _ = d.sync_all();
        }
        Ok(())
    }
}

impl Write for AtomicWriter {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        match self.file.as_mut() {
            Some(f) => f.write(buf),
            None => Err(io::Error::other("written after commit")),
        }
    }

    fn flush(&mut self) -> io::Result<()> {
        match self.file.as_mut() {
            Some(f) => f.flush(),
            None => Ok(()),
        }
    }
}

impl Drop for AtomicWriter {
    fn drop(&mut self) {
        if self.file.take().is_some() {
            let _ = fs::remove_file(&self.tmp);
        }
    }
}

/// Where a failure is injected, for tests.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Stage {
    Create,
    Write,
    Rename,
}

/// Replace `target` with `bytes` atomically, keeping its permissions.
pub fn write_atomic(target: &Path, bytes: &[u8]) -> io::Result<()> {
    write_atomic_failing(target, bytes, false, None)
}

/// [`write_atomic`] by the holder of `target`'s lock: through
/// [`locked_temp`], which a crash may leave and the next holder removes.
pub(crate) fn write_atomic_locked(target: &Path, bytes: &[u8]) -> io::Result<()> {
    write_atomic_failing(target, bytes, true, None)
}

/// [`write_atomic`] (or, when `locked`, [`write_atomic_locked`]), failing on
/// purpose at `fail_at` (tests of what a crash or a full disk leaves behind).
pub(crate) fn write_atomic_failing(
    target: &Path,
    bytes: &[u8],
    locked: bool,
    fail_at: Option<Stage>,
) -> io::Result<()> {
    let injected = |stage| {
        if fail_at == Some(stage) {
            Err(io::Error::other(format!("injected failure at {stage:?}")))
        } else {
            Ok(())
        }
    };
    let dir = target
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    // Unique per process and call: two saves never share a temp file. The
    // lock holder's is its own anyway: one left by a crash is overwritten.
    let tmp = if locked {
        locked_temp(target)
    } else {
        unique_temp(target)
    };
    injected(Stage::Create)?;
    let mut file = if locked {
        OpenOptions::new()
            .write(true)
            .create(true)
            .truncate(true)
            .open(&tmp)?
    } else {
        OpenOptions::new().write(true).create_new(true).open(&tmp)?
    };
    let written = (|| {
        injected(Stage::Write)?;
        file.write_all(bytes)?;
        if let Ok(meta) = fs::metadata(target) {
            let _ = file.set_permissions(meta.permissions());
        }
        file.sync_all()
    })();
    drop(file);
    let renamed = written.and_then(|()| {
        injected(Stage::Rename)?;
        fs::rename(&tmp, target)
    });
    if let Err(e) = renamed {
        let _ = fs::remove_file(&tmp);
        return Err(e);
    }
    // Make the rename durable; a file system that cannot sync a folder is
    // not an error (the data is synced already).
    if let Ok(d) = File::open(dir) {
        let _ = d.sync_all();
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_streamed_write_goes_through_a_symlink_and_leaves_nothing_when_dropped() {
        let dir = tempfile::tempdir().unwrap();
        let real = dir.path().join("real.jsonl");
        let link = dir.path().join("link.jsonl");
        fs::write(&real, "old\n").unwrap();
        std::os::unix::fs::symlink(&real, &link).unwrap();
        let mut w = AtomicWriter::create(&link).unwrap();
        w.write_all(b"half").unwrap();
        drop(w);
        assert_eq!(fs::read_to_string(&real).unwrap(), "old\n");
        assert_eq!(names(dir.path()), ["link.jsonl", "real.jsonl"]);
        let mut w = AtomicWriter::create(&link).unwrap();
        w.write_all(b"new\n").unwrap();
        w.commit().unwrap();
        assert!(
            fs::symlink_metadata(&link)
                .unwrap()
                .file_type()
                .is_symlink()
        );
        assert_eq!(fs::read_to_string(&real).unwrap(), "new\n");
        assert_eq!(names(dir.path()), ["link.jsonl", "real.jsonl"]);
    }

    fn names(dir: &Path) -> Vec<String> {
        let mut v: Vec<String> = fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        v.sort();
        v
    }

    #[test]
    fn failures_leave_the_old_file_and_no_temp() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("a.ann.toml");
        write_atomic(&target, b"old").unwrap();
        for stage in [Stage::Create, Stage::Write, Stage::Rename] {
            let err = write_atomic_failing(&target, b"new", false, Some(stage)).unwrap_err();
            assert!(err.to_string().contains("injected"), "{err}");
            assert_eq!(fs::read(&target).unwrap(), b"old");
            assert_eq!(names(dir.path()), ["a.ann.toml"], "{stage:?}");
        }
        write_atomic(&target, b"new").unwrap();
        assert_eq!(fs::read(&target).unwrap(), b"new");
    }

    #[test]
    fn replaces_the_file_and_leaves_no_temp() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("a.align.toml");
        write_atomic(&target, b"one").unwrap();
        write_atomic(&target, b"two").unwrap();
        assert_eq!(fs::read(&target).unwrap(), b"two");
        assert_eq!(names(dir.path()), ["a.align.toml"]);
    }

    #[test]
    fn a_failed_rename_keeps_the_old_file_and_removes_the_temp() {
        let dir = tempfile::tempdir().unwrap();
        // A folder in the target's place: the rename fails.
        let target = dir.path().join("hashiya.toml");
        fs::create_dir(&target).unwrap();
        fs::write(target.join("inside"), "old").unwrap();
        assert!(write_atomic(&target, b"new").is_err());
        assert_eq!(names(dir.path()), ["hashiya.toml"]);
        assert_eq!(fs::read_to_string(target.join("inside")).unwrap(), "old");
    }

    #[cfg(unix)]
    #[test]
    fn permissions_of_the_replaced_file_are_kept() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("hashiya.toml");
        fs::write(&target, "old").unwrap();
        fs::set_permissions(&target, fs::Permissions::from_mode(0o640)).unwrap();
        write_atomic(&target, b"new").unwrap();
        let mode = fs::metadata(&target).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o640);
    }
}
