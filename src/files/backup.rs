//! Backups through SQLite's online backup API (a consistent copy while the app keeps running),
//! restore, the integrity check, and the automatic rotation of SPEC §6: 7 daily and 4 weekly
//! copies in `backups/` beside the database, plus one before every migration, import and restore.
//!
//! A backup is written to a temporary name and renamed when complete, so a crash never leaves a
//! half-written file under a backup's name. Backups are single files (rollback journal, not WAL)
//! that can be copied anywhere.

use crate::error::{Error, Result};
use crate::store::{Store, APPLICATION_ID, SCHEMA_VERSION};
use chrono::{Datelike, NaiveDateTime};
use rusqlite::{Connection, OpenFlags};
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};
use std::time::Duration;

/// Daily copies kept by [`rotate`].
pub const KEEP_DAILY: usize = 7;
/// Weekly copies kept by [`rotate`].
pub const KEEP_WEEKLY: usize = 4;
/// Copies kept per kind of event (import, restore).
pub const KEEP_EVENT: usize = 5;

/// Pages copied per step of the online backup (the source is readable between steps).
const PAGES_PER_STEP: std::os::raw::c_int = 4096;

/// Why a backup is taken; part of its file name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BackupReason {
    Import,
    Restore,
}

impl BackupReason {
    fn prefix(self) -> &'static str {
        match self {
            BackupReason::Import => "poskeeper-before-import-",
            BackupReason::Restore => "poskeeper-before-restore-",
        }
    }
}

/// The `backups/` folder beside the database.
pub fn backups_dir(db_path: &Path) -> PathBuf {
    match db_path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.join("backups"),
        _ => PathBuf::from("backups"),
    }
}

/// Copies the open database `src` to `out` with the online backup API, atomically.
fn copy_db(src: &Connection, out: &Path) -> Result<()> {
    let name = out.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| "backup.db".into());
    let tmp = out.with_file_name(format!(".{name}.part-{}", std::process::id()));
    remove_db_files(&tmp)?;
    let result = (|| -> Result<()> {
        let mut dst = Connection::open(&tmp)?;
        {
            let b = rusqlite::backup::Backup::new(src, &mut dst)?;
            b.run_to_completion(PAGES_PER_STEP, Duration::ZERO, None)?;
        }
        // A standalone file: no -wal beside it.
        dst.pragma_update(None, "journal_mode", "DELETE")?;
        dst.close().map_err(|(_, e)| e)?;
        std::fs::File::open(&tmp)?.sync_all()?;
        std::fs::rename(&tmp, out)?;
        Ok(())
    })();
    if result.is_err() {
        let _ = remove_db_files(&tmp);
    }
    result
}

/// Removes a database file and its `-wal`/`-shm`/`-journal` companions, if present.
fn remove_db_files(p: &Path) -> Result<()> {
    for suffix in ["", "-wal", "-shm", "-journal"] {
        let f = PathBuf::from(format!("{}{suffix}", p.display()));
        match std::fs::remove_file(&f) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(e.into()),
        }
    }
    Ok(())
}

/// `poskeeper backup --out FILE`: a consistent copy of the open database.
pub fn backup_to(store: &Store, out: &Path) -> Result<()> {
    if let Some(dir) = out.parent().filter(|p| !p.as_os_str().is_empty()) {
        if !dir.is_dir() {
            return Err(Error::DbFolderMissing(dir.to_path_buf()));
        }
    }
    copy_db(store.conn(), out)
}

/// A name in `dir` that does not exist yet: `stem.db`, else `stem-2.db`, `stem-3.db`…
fn free_name(dir: &Path, stem: &str) -> PathBuf {
    let first = dir.join(format!("{stem}.db"));
    if !first.exists() {
        return first;
    }
    (2..).map(|i| dir.join(format!("{stem}-{i}.db"))).find(|p| !p.exists()).unwrap_or(first)
}

/// Deletes all but the newest `keep` backups whose names start with `prefix` (names sort by date).
fn prune(dir: &Path, prefix: &str, keep: usize) -> Result<Vec<PathBuf>> {
    let mut found: Vec<PathBuf> = std::fs::read_dir(dir)?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.file_name().and_then(|n| n.to_str()).is_some_and(|n| n.starts_with(prefix) && n.ends_with(".db")))
        .collect();
    found.sort();
    let excess = found.len().saturating_sub(keep);
    let removed: Vec<PathBuf> = found.into_iter().take(excess).collect();
    for p in &removed {
        std::fs::remove_file(p)?;
    }
    Ok(removed)
}

/// The backup taken before an import or a restore, in `backups/` (the newest few are kept).
pub fn backup_before(store: &Store, reason: BackupReason, now: NaiveDateTime) -> Result<PathBuf> {
    let dir = backups_dir(store.path());
    std::fs::create_dir_all(&dir)?;
    let out = free_name(&dir, &format!("{}{}", reason.prefix(), now.format("%Y%m%d-%H%M%S")));
    copy_db(store.conn(), &out)?;
    prune(&dir, reason.prefix(), KEEP_EVENT)?;
    Ok(out)
}

/// The backup taken before migrating a database from schema `from` to `to` (called by
/// `Store::open`; kept, never rotated away).
pub fn before_migration(store: &Store, from: i64, to: i64) -> Result<PathBuf> {
    let dir = backups_dir(store.path());
    std::fs::create_dir_all(&dir)?;
    let out = free_name(&dir, &format!("poskeeper-before-migration-v{from}-to-v{to}"));
    copy_db(store.conn(), &out)?;
    Ok(out)
}

/// What [`rotate`] did.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Rotation {
    pub created: Vec<PathBuf>,
    pub removed: Vec<PathBuf>,
}

/// The automatic backup (the app calls it at start and once a day): today's daily copy and this
/// week's weekly copy if they do not exist yet, then all but the newest 7 daily and 4 weekly are
/// removed.
pub fn rotate(store: &Store, now: NaiveDateTime) -> Result<Rotation> {
    let dir = backups_dir(store.path());
    std::fs::create_dir_all(&dir)?;
    let mut r = Rotation::default();
    let daily = dir.join(format!("poskeeper-daily-{}.db", now.format("%Y-%m-%d")));
    if !daily.exists() {
        copy_db(store.conn(), &daily)?;
        r.created.push(daily.clone());
    }
    let w = now.date().iso_week();
    let weekly = dir.join(format!("poskeeper-weekly-{}-W{:02}.db", w.year(), w.week()));
    if !weekly.exists() {
        copy_db(store.conn(), &weekly)?;
        r.created.push(weekly);
    }
    r.removed.extend(prune(&dir, "poskeeper-daily-", KEEP_DAILY)?);
    r.removed.extend(prune(&dir, "poskeeper-weekly-", KEEP_WEEKLY)?);
    Ok(r)
}

/// Opens a database file without creating it and without writing to it.
fn open_existing(path: &Path, flags: OpenFlags) -> Result<Connection> {
    if !path.is_file() {
        return Err(Error::DbMissing(path.to_path_buf()));
    }
    let conn = Connection::open_with_flags(path, flags | OpenFlags::SQLITE_OPEN_NO_MUTEX)?;
    conn.busy_timeout(Duration::from_secs(5))?;
    Ok(conn)
}

fn not_a_db(path: &Path, e: rusqlite::Error) -> Error {
    match e {
        rusqlite::Error::SqliteFailure(f, _) if f.code == rusqlite::ErrorCode::NotADatabase => {
            Error::NotPosKeeperDb(path.to_path_buf())
        }
        other => Error::Sqlite(other),
    }
}

/// Checks that `path` is a PosKeeper database this version can read, undamaged.
fn check_restorable(path: &Path) -> Result<Connection> {
    let conn = open_existing(path, OpenFlags::SQLITE_OPEN_READ_ONLY)?;
    let app_id: i64 = conn.query_row("PRAGMA application_id", [], |r| r.get(0)).map_err(|e| not_a_db(path, e))?;
    let version: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    if app_id != APPLICATION_ID || version < 1 {
        return Err(Error::NotPosKeeperDb(path.to_path_buf()));
    }
    if version > SCHEMA_VERSION {
        return Err(Error::DbTooNew { path: path.to_path_buf(), found: version, supported: SCHEMA_VERSION });
    }
    let findings = integrity(&conn)?;
    if !findings.is_empty() {
        return Err(Error::DbDamaged(path.to_path_buf(), findings.join("; ")));
    }
    Ok(conn)
}

/// What [`restore`] did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Restored {
    /// The copy of the database as it was before the restore.
    pub previous: Option<PathBuf>,
    /// The schema version of the restored file before it was brought up to date.
    pub version: i64,
}

/// `poskeeper restore FILE`: replaces the database at `db_path` with the backup `from`. Only a
/// PosKeeper database of a version this one reads, undamaged, is accepted; the current database
/// is backed up first (if it cannot even be opened, its bytes are kept as they are). The
/// restored file is then migrated if it is older.
pub fn restore(db_path: &Path, from: &Path, now: NaiveDateTime) -> Result<Restored> {
    let src = check_restorable(from)?;
    let version: i64 = src.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    if let (Ok(a), Ok(b)) = (std::fs::canonicalize(db_path), std::fs::canonicalize(from)) {
        if a == b {
            return Ok(Restored { previous: None, version });
        }
    }
    let mut previous = None;
    if db_path.exists() {
        match Store::open(db_path) {
            Ok(store) => previous = Some(backup_before(&store, BackupReason::Restore, now)?),
            Err(_) => {
                // Not openable (damaged, or a stranger's file): keep its bytes before replacing it.
                let dir = backups_dir(db_path);
                std::fs::create_dir_all(&dir)?;
                let stem = format!("poskeeper-unreadable-{}", now.format("%Y%m%d-%H%M%S"));
                let keep = free_name(&dir, &stem);
                std::fs::copy(db_path, &keep)?;
                let wal = PathBuf::from(format!("{}-wal", db_path.display()));
                if wal.exists() {
                    std::fs::copy(&wal, PathBuf::from(format!("{}-wal", keep.display())))?;
                }
                remove_db_files(db_path)?;
                previous = Some(keep);
            }
        }
    }
    {
        let mut dst = Connection::open_with_flags(
            db_path,
            OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_CREATE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )?;
        dst.busy_timeout(Duration::from_secs(5))?;
        let b = rusqlite::backup::Backup::new(&src, &mut dst)?;
        b.run_to_completion(PAGES_PER_STEP, Duration::ZERO, None)?;
    }
    // Brings an older file up to date (and sets WAL and the rest as every open does).
    let store = Store::open(db_path)?;
    store.quick_check()?;
    Ok(Restored { previous, version })
}

/// `PRAGMA integrity_check`: empty when all is well.
fn integrity(conn: &Connection) -> Result<Vec<String>> {
    let mut st = conn.prepare("PRAGMA integrity_check")?;
    let rows: Vec<String> = st.query_map([], |r| r.get(0))?.collect::<rusqlite::Result<_>>()?;
    Ok(if rows.len() == 1 && rows[0] == "ok" { Vec::new() } else { rows })
}

/// `poskeeper check`: `integrity_check` and `foreign_key_check` on the database file, without
/// changing it. Returns what is wrong (empty when all is well).
pub fn check(db_path: &Path) -> Result<Vec<String>> {
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
    match integrity(&conn) {
        Ok(v) => findings.extend(v.into_iter().map(|s| format!("integrity_check: {s}"))),
        Err(e) => findings.push(format!("integrity_check: {e}")),
    }
    let fk = (|| -> rusqlite::Result<Vec<String>> {
        let mut st = conn.prepare("PRAGMA foreign_key_check")?;
        let v = st
            .query_map([], |r| {
                let table: String = r.get(0)?;
                let rowid: Option<i64> = r.get(1)?;
                let parent: String = r.get(2)?;
                Ok(format!(
                    "foreign_key_check: {table} row {} refers to a missing {parent}",
                    rowid.map_or_else(|| "?".into(), |n| n.to_string())
                ))
            })?
            .collect::<rusqlite::Result<_>>()?;
        Ok(v)
    })();
    match fk {
        Ok(v) => findings.extend(v),
        Err(e) => findings.push(format!("foreign_key_check: {e}")),
    }
    Ok(findings)
}
