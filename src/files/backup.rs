//! Backups through SQLite's online backup API (a consistent copy while the app keeps running),
//! restore, the integrity check, and the automatic rotation of SPEC §6: 7 daily and 4 weekly
//! copies in `backups/` beside the database, plus one before every migration, import and restore.
//!
//! A backup is written to a temporary name and renamed when complete, so a crash never leaves a
//! half-written file under a backup's name. Backups are single files (rollback journal, not WAL)
//! that can be copied anywhere.

use crate::error::{Error, Result};
use crate::files::output::check_output;
use crate::store::soundness::{self, companion};
use crate::store::{open_connection, schema, Store, APPLICATION_ID, SCHEMA_VERSION};
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

/// Pages copied per step of the online backup: all of them, in one read transaction of the
/// source (a consistent snapshot; in WAL mode writers go on meanwhile). In smaller steps, every
/// write by another connection restarted the copy: a 100k import's backup took a minute while
/// the app wrote.
const PAGES_PER_STEP: std::os::raw::c_int = std::os::raw::c_int::MAX;

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

/// Whether a temporary file named `….part-PID` (or `….restore-PID`) was left by a process that
/// is gone (killed mid-backup): on Linux its PID no longer runs; elsewhere it is a day old.
fn is_stale(p: &Path) -> bool {
    let name = p.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let Some(pid) = name.rsplit('-').next().and_then(|s| s.parse::<u32>().ok()) else { return false };
    if pid == std::process::id() {
        return false;
    }
    if cfg!(target_os = "linux") {
        return !Path::new(&format!("/proc/{pid}")).exists();
    }
    std::fs::metadata(p)
        .and_then(|m| m.modified())
        .ok()
        .and_then(|t| t.elapsed().ok())
        .is_some_and(|age| age > Duration::from_secs(24 * 3600))
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

/// Copies the open database `src` to `out` with the online backup API, atomically.
fn copy_db(src: &Connection, out: &Path) -> Result<()> {
    let name = out.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| "backup.db".into());
    let tmp = out.with_file_name(format!(".{name}.part-{}", std::process::id()));
    remove_stale_parts(tmp.parent().unwrap_or(Path::new(".")));
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
        sync_file(&tmp)?;
        std::fs::rename(&tmp, out).map_err(|e| crate::files::output::write_error(out, e))?;
        Ok(())
    })();
    if result.is_err() {
        let _ = remove_db_files(&tmp);
    }
    result
}

/// Flushes a file to disk. Opened for writing: Windows refuses to flush a file opened only
/// for reading ("Access denied").
fn sync_file(p: &Path) -> Result<()> {
    std::fs::OpenOptions::new().write(true).open(p)?.sync_all()?;
    Ok(())
}

/// Removes a database file and its `-wal`/`-shm`/`-journal`/seal companions, if present.
fn remove_db_files(p: &Path) -> Result<()> {
    for suffix in ["", "-wal", "-shm", "-journal", "-seal"] {
        remove_file_if_any(&companion(p, suffix))?;
    }
    Ok(())
}

/// `poskeeper backup --out FILE`: a consistent copy of the open database, never over the
/// database, a file of it, or another backup ([`check_output`]), and only of a sound file.
pub fn backup_to(store: &Store, out: &Path) -> Result<()> {
    check_output(store.path(), out)?;
    store.ensure_sound()?;
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
    prune_except(dir, prefix, keep, None)
}

/// [`prune`], sparing `except` (the backup being restored from).
fn prune_except(dir: &Path, prefix: &str, keep: usize, except: Option<&Path>) -> Result<Vec<PathBuf>> {
    let spared = except.and_then(|p| std::fs::canonicalize(p).ok());
    let mut found: Vec<PathBuf> = std::fs::read_dir(dir)?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.file_name().and_then(|n| n.to_str()).is_some_and(|n| n.starts_with(prefix) && n.ends_with(".db")))
        .collect();
    found.retain(|p| spared.is_none() || std::fs::canonicalize(p).ok() != spared);
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
    backup_before_except(store, reason, now, None)
}

/// [`backup_before`], never rotating away `except` (the backup a restore reads from).
fn backup_before_except(
    store: &Store,
    reason: BackupReason,
    now: NaiveDateTime,
    except: Option<&Path>,
) -> Result<PathBuf> {
    store.ensure_sound()?;
    let dir = backups_dir(store.path());
    std::fs::create_dir_all(&dir)?;
    let out = free_name(&dir, &format!("{}{}", reason.prefix(), now.format("%Y%m%d-%H%M%S")));
    copy_db(store.conn(), &out)?;
    prune_except(&dir, reason.prefix(), KEEP_EVENT, except)?;
    Ok(out)
}

/// The backup taken before migrating a database from schema `from` to `to` (called by
/// `Store::open`; kept, never rotated away).
pub fn before_migration(store: &Store, from: i64, to: i64) -> Result<PathBuf> {
    store.ensure_sound()?;
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
/// removed. A damaged file is not copied, and no sound copy is rotated away for it.
pub fn rotate(store: &Store, now: NaiveDateTime) -> Result<Rotation> {
    store.ensure_sound()?;
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
    // A copy of damage the seal cannot see (a failing disk) must not rotate a sound one away.
    for copy in &r.created {
        if let Err(why) = quick_check_file(copy) {
            let _ = remove_db_files(copy);
            store.mark_damaged(&why);
            return Err(Error::DbDamaged(store.path().to_path_buf(), why));
        }
    }
    r.removed.extend(prune(&dir, "poskeeper-daily-", KEEP_DAILY)?);
    r.removed.extend(prune(&dir, "poskeeper-weekly-", KEEP_WEEKLY)?);
    Ok(r)
}

/// `PRAGMA quick_check` of a backup just written: `Err` with what was found.
fn quick_check_file(path: &Path) -> std::result::Result<(), String> {
    let conn = open_existing(path, OpenFlags::SQLITE_OPEN_READ_ONLY).map_err(|e| e.to_string())?;
    soundness::quick_check(&conn)
}

/// Opens a database file without creating it and without writing to it.
fn open_existing(path: &Path, flags: OpenFlags) -> Result<Connection> {
    if !path.is_file() {
        return Err(Error::DbMissing(path.to_path_buf()));
    }
    crate::store::refuse_hot_journal(path)?;
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
fn verify_candidate(copy: &Path, from: &Path) -> Result<i64> {
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

fn remove_file_if_any(p: &Path) -> Result<()> {
    match std::fs::remove_file(p) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(e.into()),
        _ => Ok(()),
    }
}

/// Copies `from` (and its `-wal`, if one lies beside it) to `to` byte for byte, flushed.
fn copy_bytes(from: &Path, to: &Path) -> Result<()> {
    std::fs::copy(from, to)?;
    sync_file(to)?;
    let wal = companion(from, "-wal");
    if wal.is_file() {
        let to_wal = companion(to, "-wal");
        std::fs::copy(&wal, &to_wal)?;
        sync_file(&to_wal)?;
    }
    Ok(())
}

/// What [`restore`] did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Restored {
    /// The copy of the database as it was before the restore.
    pub previous: Option<PathBuf>,
    /// The schema version of the restored file before it was brought up to date.
    pub version: i64,
}

/// `poskeeper restore FILE`: replaces the database at `db_path` with the backup `from`.
///
/// The backup is copied to a private file beside the database and verified there — a
/// PosKeeper database this version reads, integrity, foreign keys and CHECK constraints, and the
/// schema it expects (an older one is brought up to date on the copy) — before anything about
/// the current database changes. The current database is then backed up (if it cannot be opened,
/// its bytes are kept as they are), and the verified copy is renamed over it: a crash at any
/// moment leaves the old database or the new one, never an empty or partial one.
pub fn restore(db_path: &Path, from: &Path, now: NaiveDateTime) -> Result<Restored> {
    if !from.is_file() {
        return Err(Error::DbMissing(from.to_path_buf()));
    }
    if let (Ok(a), Ok(b)) = (std::fs::canonicalize(db_path), std::fs::canonicalize(from)) {
        if a == b {
            let version = Store::open(db_path)?.schema_version()?;
            return Ok(Restored { previous: None, version });
        }
    }
    let dir = match db_path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    remove_stale_parts(&dir);
    let name = db_path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| "poskeeper.db".into());
    let copy = dir.join(format!(".{name}.restore-{}", std::process::id()));
    let result = (|| -> Result<Restored> {
        remove_db_files(&copy)?;
        copy_bytes(from, &copy)?;
        let version = verify_candidate(&copy, from)?;
        sync_file(&copy)?;
        let previous = put_in_place(&copy, db_path, from, now)?;
        Ok(Restored { previous, version })
    })();
    let _ = remove_db_files(&copy);
    let restored = result?;
    // The file just verified, sealed as such, and opened once as every open does.
    soundness::write_seal(db_path, soundness::fingerprint(db_path)?)?;
    Store::open(db_path)?.ensure_sound()?;
    Ok(restored)
}

/// Puts the verified `copy` in place of the database at `db_path`, which is backed up first.
///
/// A sound database gets the copy's pages written into it through SQLite's backup API, in one
/// write transaction: every other connection (the app, while the CLI restores) sees the old
/// content or the new, and a crash leaves one of them. A database that is damaged or not ours
/// is kept byte for byte in `backups/`, then the copy is renamed over it. Returns the backup.
fn put_in_place(copy: &Path, db_path: &Path, from: &Path, now: NaiveDateTime) -> Result<Option<PathBuf>> {
    if !db_path.exists() {
        swap_in(copy, db_path)?;
        return Ok(None);
    }
    let sound = Store::open(db_path).and_then(|store| {
        store.ensure_sound()?;
        Ok(store)
    });
    match sound {
        Ok(mut store) => {
            let kept = backup_before_except(&store, BackupReason::Restore, now, Some(from))?;
            store.replace_with(copy)?;
            Ok(Some(kept))
        }
        Err(_) => {
            // Damaged, or a stranger's file: its bytes (and its WAL) are kept as they are.
            let dir = backups_dir(db_path);
            std::fs::create_dir_all(&dir)?;
            let keep = free_name(&dir, &format!("poskeeper-unreadable-{}", now.format("%Y%m%d-%H%M%S")));
            copy_bytes(db_path, &keep)?;
            swap_in(copy, db_path)?;
            Ok(Some(keep))
        }
    }
}

/// Renames the verified `copy` over `db_path` (none there, or one that is damaged or not ours).
/// The old file's WAL must not be replayed into the new one, so it goes first (it is kept in the
/// backup).
fn swap_in(copy: &Path, db_path: &Path) -> Result<()> {
    soundness::remove_seal(db_path)?;
    for suffix in ["-wal", "-shm", "-journal"] {
        remove_file_if_any(&companion(db_path, suffix))?;
    }
    std::fs::rename(copy, db_path)?;
    sync_dir(db_path);
    Ok(())
}

/// Makes a rename in the database's folder durable (on Unix; Windows has no such call).
fn sync_dir(db_path: &Path) {
    #[cfg(unix)]
    if let Some(dir) = db_path.parent().filter(|p| !p.as_os_str().is_empty()) {
        if let Ok(d) = std::fs::File::open(dir) {
            let _ = d.sync_all();
        }
    }
    #[cfg(not(unix))]
    let _ = db_path;
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
