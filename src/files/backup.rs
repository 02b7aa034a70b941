//! Backups through SQLite's online backup API (a consistent copy while the app keeps running),
//! restore, the integrity check, and the automatic rotation of SPEC §6: 7 daily and 4 weekly
//! copies in `backups/` beside the database, plus one before every migration, import and restore.
//!
//! A backup is written to a temporary name and renamed when complete, so a crash never leaves a
//! half-written file under a backup's name. Backups are single files (rollback journal, not WAL)
//! that can be copied anywhere. The copying and checking themselves (SQLite's side) are the
//! store's (`store::copies`); this module decides when copies are taken and kept.

use crate::error::{Error, Result};
use crate::files::backup_place::{check_copy, in_place, FellBack};
use crate::files::output::{check_output, write_error};
use crate::store::copies::{self, free_name, remove_db_files, remove_file_if_any, sync_file, verify_candidate};
use crate::store::soundness::{self, companion};
use crate::store::Store;
use chrono::{Datelike, NaiveDateTime};
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

pub use crate::store::copies::{backups_dir, before_migration, remove_stale_parts};

/// Daily copies kept by [`rotate`].
pub const KEEP_DAILY: usize = 7;
/// Weekly copies kept by [`rotate`].
pub const KEEP_WEEKLY: usize = 4;
/// Copies kept per kind of event (import, restore).
pub const KEEP_EVENT: usize = 5;

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

/// Copies the open database to `out` (see [`copies::copy_db`]); a failed rename onto a file
/// another program holds open is [`Error::OutputInUse`].
fn copy_db(store: &Store, out: &Path) -> Result<()> {
    copies::copy_db(store, out, |e| write_error(out, e))
}

/// `poskeeper backup --out FILE`: a consistent copy of the open database, never over the
/// database, a file of it, or another backup ([`check_output`]), and only of a sound file.
pub fn backup_to(store: &Store, out: &Path) -> Result<()> {
    check_output(store.path(), out)?;
    store.ensure_sound()?;
    copy_db(store, out)
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
    copy_db(store, &out)?;
    prune_except(&dir, reason.prefix(), KEEP_EVENT, except)?;
    Ok(out)
}

/// What [`rotate`] did.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Rotation {
    pub created: Vec<PathBuf>,
    pub removed: Vec<PathBuf>,
    /// Set when the chosen backup folder could not take the copies (they are in the default
    /// folder then): the user must be told.
    pub fell_back: Option<FellBack>,
}

/// The automatic backup (the app calls it at start and once a day): today's daily copy and this
/// week's weekly copy if they do not exist yet, then all but the newest 7 daily and 4 weekly are
/// removed — in the backup folder (the chosen one, else the default one: see
/// [`backup_place`](super::backup_place)). A damaged file is not copied, and no sound copy is
/// rotated away for it.
pub fn rotate(store: &Store, now: NaiveDateTime) -> Result<Rotation> {
    store.ensure_sound()?;
    let (mut r, fell_back) = in_place(store, |dir, default| rotate_in(store, dir, now, default))?;
    r.fell_back = fell_back;
    Ok(r)
}

/// [`rotate`] in the folder `dir` (`default`: the one beside the database).
fn rotate_in(store: &Store, dir: &Path, now: NaiveDateTime, default: bool) -> Result<Rotation> {
    let mut r = Rotation::default();
    let daily = dir.join(format!("poskeeper-daily-{}.db", now.format("%Y-%m-%d")));
    if !daily.exists() {
        copy_db(store, &daily)?;
        r.created.push(daily.clone());
    }
    let w = now.date().iso_week();
    let weekly = dir.join(format!("poskeeper-weekly-{}-W{:02}.db", w.year(), w.week()));
    if !weekly.exists() {
        copy_db(store, &weekly)?;
        r.created.push(weekly);
    }
    // A copy of damage the seal cannot see (a failing disk) must not rotate a sound one away.
    for (i, copy) in r.created.iter().enumerate() {
        if let Err(e) = check_copy(store, copy, default) {
            for other in &r.created[i + 1..] {
                let _ = remove_db_files(other);
            }
            return Err(e);
        }
    }
    r.removed.extend(prune(dir, "poskeeper-daily-", KEEP_DAILY)?);
    r.removed.extend(prune(dir, "poskeeper-weekly-", KEEP_WEEKLY)?);
    Ok(r)
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
/// changing it. Returns what is wrong (empty when all is well). See [`copies::check_file`].
pub fn check(db_path: &Path) -> Result<Vec<String>> {
    copies::check_file(db_path)
}
