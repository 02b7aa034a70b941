//! Where output files may go (SPEC §6): nothing is written over the database, its `-wal`/`-shm`
//! (or the journal and seal beside it), a backup, or any other SQLite file, by export, backup or
//! any other output path. Every function in `files` that writes a file the user named asks
//! [`check_output`] first; the same file under another name (a symlink, a hard link, `..`) is
//! recognised by identity, not by spelling.

use crate::error::{Error, Result};
use crate::store::copies::backups_dir;
use crate::store::soundness::companion;
use std::io::Read;
use std::path::{Path, PathBuf};

/// The files that make up the database at `db`.
const COMPANIONS: [&str; 5] = ["", "-wal", "-shm", "-journal", "-seal"];

fn refused(out: &Path, what: &'static str) -> Error {
    Error::OutputProtected { path: out.to_path_buf(), what }
}

/// Whether the file at `p` starts like an SQLite database (a PosKeeper database, a backup, or
/// another program's).
fn is_sqlite(p: &Path) -> bool {
    let mut head = [0u8; 16];
    std::fs::File::open(p).and_then(|mut f| f.read_exact(&mut head)).is_ok() && &head == b"SQLite format 3\0"
}

/// The folder `p` is in, resolved (`p` itself need not exist).
fn real_parent(p: &Path) -> Option<PathBuf> {
    let parent = match p.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    std::fs::canonicalize(parent).ok()
}

/// Whether `out` is held open by a program that keeps others from changing or replacing it, as
/// Excel does with an open workbook (Windows only: there such a handle makes opening the file for
/// writing or deleting fail with a sharing violation, os error 32, or a lock violation, 33; a
/// read-only file fails with another error and is not "in use").
#[cfg(windows)]
fn held_open(out: &Path) -> bool {
    use std::os::windows::fs::OpenOptionsExt;
    // DELETE (a rename over the file needs it) and GENERIC_WRITE; nothing is written.
    const ACCESS: u32 = 0x0001_0000 | 0x4000_0000;
    std::fs::OpenOptions::new().access_mode(ACCESS).open(out).is_err_and(|e| matches!(e.raw_os_error(), Some(32 | 33)))
}

#[cfg(not(windows))]
fn held_open(_out: &Path) -> bool {
    false
}

/// The error for a failed write or rename onto `out`: [`Error::OutputInUse`] when another program
/// holds the file open (Windows), else the I/O error itself.
pub fn write_error(out: &Path, e: std::io::Error) -> Error {
    if out.exists() && held_open(out) {
        Error::OutputInUse { path: out.to_path_buf() }
    } else {
        Error::Io(e)
    }
}

/// `Ok(())` when `out` may be written (created or replaced) as an export or a backup of the
/// database at `db`.
pub fn check_output(db: &Path, out: &Path) -> Result<()> {
    if out.is_dir() {
        return Err(refused(out, "folder"));
    }
    if let Some(dir) = out.parent().filter(|d| !d.as_os_str().is_empty()) {
        if !dir.is_dir() {
            return Err(Error::DbFolderMissing(dir.to_path_buf()));
        }
    }
    let exists = out.exists();
    for suffix in COMPANIONS {
        let part = companion(db, suffix);
        if exists && part.exists() && same_file::is_same_file(&part, out).unwrap_or(true) {
            return Err(refused(out, "database"));
        }
        // Not there yet (no -wal at this moment) but SQLite may create it: compare by name.
        if let (Some(a), Some(b)) = (real_parent(&part), real_parent(out)) {
            if a == b && part.file_name() == out.file_name() {
                return Err(refused(out, "database"));
            }
        }
    }
    if let (Ok(backups), Some(dir)) = (std::fs::canonicalize(backups_dir(db)), real_parent(out)) {
        if dir.starts_with(&backups) {
            return Err(refused(out, "backups_folder"));
        }
    }
    if exists && is_sqlite(out) {
        return Err(refused(out, "backup"));
    }
    // Told before the work is done, not after (the rename onto it would fail then too).
    if exists && held_open(out) {
        return Err(Error::OutputInUse { path: out.to_path_buf() });
    }
    // `X-wal`, `X-shm`, `X-journal` of another database (a backup kept with its WAL).
    if exists {
        let name = out.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        for suffix in ["-wal", "-shm", "-journal"] {
            if let Some(stem) = name.strip_suffix(suffix) {
                if is_sqlite(&out.with_file_name(stem)) {
                    return Err(refused(out, "backup"));
                }
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn refuses_the_database_its_companions_backups_and_sqlite_files() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("pos.db");
        std::fs::write(&db, b"SQLite format 3\0rest").unwrap();
        let code = |out: &Path| check_output(&db, out).err().map(|e| e.code());
        assert_eq!(code(&db), Some("output_protected"));
        assert_eq!(code(&dir.path().join("pos.db-wal")), Some("output_protected"));
        assert_eq!(code(&dir.path().join("pos.db-seal")), Some("output_protected"));
        // Windows resolves `..` by spelling, so there the missing `sub` does not count.
        let through_missing = if cfg!(windows) { "output_protected" } else { "db_folder_missing" };
        assert_eq!(code(&dir.path().join("sub/../pos.db")), Some(through_missing));
        std::fs::create_dir(dir.path().join("sub")).unwrap();
        assert_eq!(code(&dir.path().join("sub/../pos.db")), Some("output_protected"));
        #[cfg(unix)]
        {
            let link = dir.path().join("link.csv");
            std::os::unix::fs::symlink(&db, &link).unwrap();
            assert_eq!(code(&link), Some("output_protected"));
            let hard = dir.path().join("hard.csv");
            std::fs::hard_link(&db, &hard).unwrap();
            assert_eq!(code(&hard), Some("output_protected"));
        }
        std::fs::create_dir(dir.path().join("backups")).unwrap();
        assert_eq!(code(&dir.path().join("backups/new.csv")), Some("output_protected"));
        let other = dir.path().join("old-backup.db");
        std::fs::write(&other, b"SQLite format 3\0xyz").unwrap();
        assert_eq!(code(&other), Some("output_protected"));
        assert_eq!(code(dir.path()), Some("output_protected"));
        assert_eq!(code(&dir.path().join("all.csv")), None);
        std::fs::write(dir.path().join("all.csv"), "sn\n").unwrap();
        assert_eq!(code(&dir.path().join("all.csv")), None);
    }
}
