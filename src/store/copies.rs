//! Copies of the database file, and the checks a file on disk gets before it is used: a
//! standalone copy through SQLite's online backup API (written under a temporary name, renamed
//! when complete), the `backups/` folder beside the database with the copy kept before every
//! migration, the check of a backup about to be restored, and `poskeeper check`. `files::backup`
//! decides when copies are taken, kept and restored; every statement they need is here.

use super::soundness::{self, companion};
use super::{open_connection, schema, Store, APPLICATION_ID, SCHEMA_VERSION};
use crate::error::{Error, FolderProblem, Result};
use rusqlite::{Connection, OpenFlags};
use std::path::{Path, PathBuf};
use std::time::Duration;

/// Pages copied per step of the online backup: all of them, in one read transaction of the
/// source (a consistent snapshot; in WAL mode writers go on meanwhile). In smaller steps, every
/// write by another connection restarted the copy: a 100k import's backup took a minute while
/// the app wrote.
const PAGES_PER_STEP: std::os::raw::c_int = std::os::raw::c_int::MAX;

/// The `backups/` folder beside the database.
pub fn backups_dir(db_path: &Path) -> PathBuf {
    match db_path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.join("backups"),
        _ => PathBuf::from("backups"),
    }
}

/// Whether a temporary file named `….part-PID` (or `….restore-PID`) was left by a process that
/// is gone (killed mid-backup); see [`crate::process::writer_is_gone`].
fn is_stale(p: &Path) -> bool {
    let name = p.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let Some(pid) = name.rsplit('-').next().and_then(|s| s.parse::<u32>().ok()) else { return false };
    crate::process::writer_is_gone(pid, p)
}

/// Removes what killed backups and restores left in `dir`: `.NAME.part-PID` and
/// `.NAME.restore-PID` files (with their `-wal`/`-journal`) whose process is gone.
pub fn remove_stale_parts(dir: &Path) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for e in entries.filter_map(std::result::Result::ok) {
        let name = e.file_name().to_string_lossy().into_owned();
        let base = ["-wal", "-shm", "-journal", "-seal"].iter().find_map(|s| name.strip_suffix(s)).unwrap_or(&name);
        let ours = base.starts_with('.') && (base.contains(".part-") || base.contains(".restore-"));
        if ours && is_stale(&dir.join(base)) {
            let _ = std::fs::remove_file(e.path());
        }
    }
}

/// Copies the open database to `out` with the online backup API, atomically. A failed rename
/// onto `out` is reported as `rename_error` says (the caller knows what `out` is to the user).
pub(crate) fn copy_db(store: &Store, out: &Path, rename_error: impl FnOnce(std::io::Error) -> Error) -> Result<()> {
    let name = out.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| "backup.db".into());
    let tmp = out.with_file_name(format!(".{name}.part-{}", std::process::id()));
    remove_stale_parts(tmp.parent().unwrap_or(Path::new(".")));
    remove_db_files(&tmp)?;
    let result = (|| -> Result<()> {
        let mut dst = Connection::open(&tmp)?;
        {
            let b = rusqlite::backup::Backup::new(&store.conn, &mut dst)?;
            b.run_to_completion(PAGES_PER_STEP, Duration::ZERO, None)?;
        }
        // A standalone file: no -wal beside it.
        dst.pragma_update(None, "journal_mode", "DELETE")?;
        dst.close().map_err(|(_, e)| e)?;
        sync_file(&tmp)?;
        std::fs::rename(&tmp, out).map_err(rename_error)?;
        Ok(())
    })();
    if result.is_err() {
        let _ = remove_db_files(&tmp);
    }
    result
}

/// Flushes a file to disk. Opened for writing: Windows refuses to flush a file opened only
/// for reading ("Access denied").
pub(crate) fn sync_file(p: &Path) -> Result<()> {
    std::fs::OpenOptions::new().write(true).open(p)?.sync_all()?;
    Ok(())
}

/// Removes a database file and its `-wal`/`-shm`/`-journal`/seal companions, if present.
pub(crate) fn remove_db_files(p: &Path) -> Result<()> {
    for suffix in ["", "-wal", "-shm", "-journal", "-seal"] {
        remove_file_if_any(&companion(p, suffix))?;
    }
    Ok(())
}

/// A name in `dir` that does not exist yet: `stem.db`, else `stem-2.db`, `stem-3.db`…
pub(crate) fn free_name(dir: &Path, stem: &str) -> PathBuf {
    let first = dir.join(format!("{stem}.db"));
    if !first.exists() {
        return first;
    }
    (2..).map(|i| dir.join(format!("{stem}-{i}.db"))).find(|p| !p.exists()).unwrap_or(first)
}

/// The backup taken before migrating a database from schema `from` to `to` (called by
/// `Store::open`; kept, never rotated away).
pub fn before_migration(store: &Store, from: i64, to: i64) -> Result<PathBuf> {
    store.ensure_sound()?;
    let dir = backups_dir(store.path());
    std::fs::create_dir_all(&dir)?;
    let out = free_name(&dir, &format!("poskeeper-before-migration-v{from}-to-v{to}"));
    // A new name in `backups/`: a failed rename is the I/O error itself.
    copy_db(store, &out, Error::Io)?;
    Ok(out)
}

/// `PRAGMA quick_check` of a backup just written: `Err` with what was found.
pub(crate) fn quick_check_file(path: &Path) -> std::result::Result<(), String> {
    let conn = open_existing(path, OpenFlags::SQLITE_OPEN_READ_ONLY).map_err(|e| e.to_string())?;
    soundness::quick_check(&conn)
}

/// Opens a database file without creating it and without writing to it.
fn open_existing(path: &Path, flags: OpenFlags) -> Result<Connection> {
    if !path.is_file() {
        return Err(Error::DbMissing(path.to_path_buf()));
    }
    super::refuse_hot_journal(path)?;
    open_connection(path, flags | OpenFlags::SQLITE_OPEN_NO_MUTEX)
}

fn not_a_db(path: &Path, e: rusqlite::Error) -> Error {
    match e {
        rusqlite::Error::SqliteFailure(f, _) if f.code == rusqlite::ErrorCode::NotADatabase => {
            Error::NotPosKeeperDb(path.to_path_buf())
        }
        other => Error::Sqlite(other),
    }
}

/// Checks the private copy at `copy` of the backup `from`: a PosKeeper database of a version
/// this one reads, with nothing for `check` to find, whose schema (once brought up to date) is
/// exactly the one this version creates. Returns the copy's schema version before the update.
pub(crate) fn verify_candidate(copy: &Path, from: &Path) -> Result<i64> {
    let conn = open_existing(copy, OpenFlags::SQLITE_OPEN_READ_WRITE)?;
    let not_ours = || Error::NotPosKeeperDb(from.to_path_buf());
    let app_id: i64 =
        conn.query_row("PRAGMA application_id", [], |r| r.get(0)).map_err(|e| match not_a_db(from, e) {
            Error::NotPosKeeperDb(_) => not_ours(),
            other => other,
        })?;
    let version: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    if app_id != APPLICATION_ID || version < 1 {
        return Err(not_ours());
    }
    if version > SCHEMA_VERSION {
        return Err(Error::DbTooNew { path: from.to_path_buf(), found: version, supported: SCHEMA_VERSION });
    }
    let refused =
        |reason: &'static str, detail: String| Error::BackupRefused { path: from.to_path_buf(), reason, detail };
    let found = soundness::findings(&conn);
    if !found.is_empty() {
        let shown: Vec<&str> = found.iter().take(3).map(String::as_str).collect();
        return Err(refused("damaged", shown.join("; ")));
    }
    // An older backup must hold that version's schema before a migration builds on it.
    if version < SCHEMA_VERSION {
        if let Some(diff) = schema::difference_at(&conn, version)? {
            return Err(refused("schema", diff));
        }
    }
    drop(conn);
    // Checked just now: the open below need not check it again.
    soundness::write_seal(copy, soundness::fingerprint(copy)?)?;
    // Brought up to date (an older backup), then compared with what this version creates.
    let store = Store::open(copy)?;
    if let Some(diff) = schema::difference(store.conn())? {
        return Err(refused("schema", diff));
    }
    // One file to move: everything in the WAL folded into it, the empty WAL removed.
    store.conn().query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))?;
    drop(store);
    for suffix in ["-wal", "-shm", "-seal"] {
        remove_file_if_any(&companion(copy, suffix))?;
    }
    Ok(version)
}

/// What a verified backup holds: its terminals, its SIM cards, and the last time a terminal in
/// it was changed (UTC, as stored), for the user to confirm a restore with.
pub(crate) fn contents(copy: &Path) -> Result<(i64, i64, Option<String>)> {
    let conn = open_existing(copy, OpenFlags::SQLITE_OPEN_READ_ONLY)?;
    let (terminals, changed) =
        conn.query_row("SELECT count(*), max(updated_at) FROM terminals", [], |r| Ok((r.get(0)?, r.get(1)?)))?;
    let sims = conn.query_row("SELECT count(*) FROM sims", [], |r| r.get(0))?;
    Ok((terminals, sims, changed))
}

/// The problem with the folder a copy was being written to that an error of SQLite shows, if
/// it is one: a full disk, or a folder that cannot be written.
pub fn folder_problem_of(e: &rusqlite::Error) -> Option<FolderProblem> {
    use rusqlite::ErrorCode as C;
    match e.sqlite_error_code()? {
        C::DiskFull => Some(FolderProblem::Full),
        C::CannotOpen | C::ReadOnly | C::PermissionDenied | C::SystemIoFailure => Some(FolderProblem::NotWritable),
        _ => None,
    }
}

pub(crate) fn remove_file_if_any(p: &Path) -> Result<()> {
    match std::fs::remove_file(p) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(e.into()),
        _ => Ok(()),
    }
}

/// `poskeeper check`: `integrity_check` and `foreign_key_check` on the database file, without
/// changing it. Returns what is wrong (empty when all is well).
pub fn check_file(db_path: &Path) -> Result<Vec<String>> {
    let conn = open_existing(db_path, OpenFlags::SQLITE_OPEN_READ_WRITE)?;
    let app_id: i64 = match conn.query_row("PRAGMA application_id", [], |r| r.get(0)) {
        Ok(v) => v,
        Err(e) => return Err(not_a_db(db_path, e)),
    };
    let version: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    if app_id != APPLICATION_ID {
        return Err(Error::NotPosKeeperDb(db_path.to_path_buf()));
    }
    let mut findings = Vec::new();
    if version > SCHEMA_VERSION {
        findings.push(format!("schema version {version} is newer than this program's {SCHEMA_VERSION}"));
    }
    let before = soundness::fingerprint(db_path).ok();
    findings.extend(soundness::findings(&conn));
    if findings.is_empty() {
        // What was just checked is sound (if nothing wrote meanwhile): a writer need not check
        // it again.
        if let Some(now) = before.filter(|b| soundness::fingerprint(db_path).ok().as_ref() == Some(b)) {
            let _ = soundness::write_seal(db_path, now);
        }
    } else {
        let _ = soundness::remove_seal(db_path);
    }
    Ok(findings)
}
