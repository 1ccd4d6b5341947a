//! Atomic replacement of a file: temp file in the same folder, write, fsync,
//! rename, fsync of the folder. A crash leaves the old or the new file.

use std::fs::{self, File, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

/// Temp files are named `.<name>.<random>.tmp` next to the target.
fn temp_prefix(target: &Path) -> String {
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    format!(".{name}.")
}

/// Where the failure happened, for tests that inject one.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Stage {
    Create,
    Write,
    Rename,
}

/// Replace `target` with `bytes` atomically.
pub(crate) fn write_atomic(target: &Path, bytes: &[u8]) -> io::Result<()> {
    write_atomic_failing(target, bytes, None)
}

pub(crate) fn write_atomic_failing(
    target: &Path,
    bytes: &[u8],
    fail_at: Option<Stage>,
) -> io::Result<()> {
    let dir = match target.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let injected = |stage| {
        if fail_at == Some(stage) {
            Err(io::Error::other(format!("injected failure at {stage:?}")))
        } else {
            Ok(())
        }
    };
    let tmp = dir.join(format!(
        "{}{}.tmp",
        temp_prefix(target),
        crate::annotation::new_id()
    ));
    injected(Stage::Create)?;
    let mut file = OpenOptions::new().write(true).create_new(true).open(&tmp)?;
    let written = (|| {
        injected(Stage::Write)?;
        file.write_all(bytes)?;
        if let Ok(meta) = fs::metadata(target) {
            // Keep the permissions of the file being replaced.
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
    // Make the rename durable. Some file systems cannot sync a folder;
    // the data itself is already synced, so that is not an error.
    if let Ok(d) = File::open(&dir) {
        let _ = d.sync_all();
    }
    Ok(())
}

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
    fn failures_leave_the_old_file_and_no_temp() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("a.ann.toml");
        write_atomic(&target, b"old").unwrap();
        for stage in [Stage::Create, Stage::Write, Stage::Rename] {
            let err = write_atomic_failing(&target, b"new", Some(stage)).unwrap_err();
            assert!(err.to_string().contains("injected"), "{err}");
            assert_eq!(fs::read(&target).unwrap(), b"old");
            let names: Vec<_> = fs::read_dir(dir.path())
                .unwrap()
                .map(|e| e.unwrap().file_name())
                .collect();
            assert_eq!(names, ["a.ann.toml"], "{stage:?}");
        }
        write_atomic(&target, b"new").unwrap();
        assert_eq!(fs::read(&target).unwrap(), b"new");
    }

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
