//! Writing outputs so that nobody ever sees half a file.
//!
//! Each output is written to a temporary file in the destination folder, flushed to disk, then
//! renamed over the final name (atomic on the same file system). A failed or killed write
//! leaves the old file (or none) in place, never a truncated one.

use std::io::Write;
use std::path::Path;

use crate::diag::Diagnostic;
use std::sync::atomic::{AtomicU64, Ordering};

/// Writes `bytes` to `path` atomically; the folder is created if needed.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    write_atomic_with(path, bytes, |tmp| std::fs::File::create(tmp))
}

/// [`write_atomic`], with the temporary file opened by `create` (tests put a full disk there).
fn write_atomic_with(
    path: &Path,
    bytes: &[u8],
    create: impl FnOnce(&Path) -> std::io::Result<std::fs::File>,
) -> std::io::Result<()> {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    std::fs::create_dir_all(dir)?;
    let name = path
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or("output");
    let tmp = dir.join(format!(
        ".{name}.{}-{}.tmp",
        std::process::id(),
        COUNTER.fetch_add(1, Ordering::Relaxed)
    ));
    let result = (|| {
        let mut file = create(&tmp)?;
        file.write_all(bytes)?;
        file.sync_all()?;
        drop(file);
        std::fs::rename(&tmp, path)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}

/// [`write_atomic`], with a failure as the diagnostic every command prints.
pub fn write_output(path: &Path, bytes: &[u8]) -> Result<(), Vec<Diagnostic>> {
    write_atomic(path, bytes).map_err(|e| vec![Diagnostic::io(path, "cannot write output", &e)])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_and_replaces_without_leftovers() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("sub/a.pdf");
        write_atomic(&p, b"one").unwrap();
        write_atomic(&p, b"two").unwrap();
        assert_eq!(std::fs::read(&p).unwrap(), b"two");
        assert_eq!(std::fs::read_dir(p.parent().unwrap()).unwrap().count(), 1);
    }

    #[test]
    fn a_full_disk_is_an_error_and_leaves_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("a.pdf");
        // /dev/full accepts the open and fails every write with "No space left on device".
        let err = write_atomic_with(&target, &[0u8; 65536], |_| {
            std::fs::OpenOptions::new().write(true).open("/dev/full")
        })
        .unwrap_err();
        assert_eq!(err.raw_os_error(), Some(28), "{err}"); // ENOSPC
        assert!(!target.exists());
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
    }

    #[test]
    fn an_unwritable_destination_is_an_error() {
        let dir = tempfile::tempdir().unwrap();
        let blocker = dir.path().join("file");
        std::fs::write(&blocker, b"").unwrap();
        assert!(write_atomic(&blocker.join("x.pdf"), b"x").is_err());
    }
}
