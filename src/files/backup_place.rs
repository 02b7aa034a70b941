//! Where backups go, a backup taken when the user asks, and a look into a backup file before it
//! is restored.
//!
//! The daily, weekly and manual backups go to the folder the user chose (the `backup_dir`
//! setting: a USB stick, a NAS share), else to `backups/` beside the database. A chosen folder is
//! checked writable when it is chosen, and again before every backup: when it cannot take one
//! (the stick pulled out, the share gone, the disk full), the backup is written to the default
//! folder instead and the answer says why ([`FellBack`]), so a backup is never skipped for it,
//! and never silently put elsewhere. The copies kept before an import, a restore or a migration
//! stay beside the database: a restore of them must not need the stick.

use crate::error::{Error, FolderProblem, Result};
use crate::store::copies::{
    self, backups_dir, contents, free_name, quick_check_file, remove_db_files, remove_stale_parts, verify_candidate,
};
use crate::store::{Store, BACKUP_DIR};
use chrono::NaiveDateTime;
use serde::{Deserialize, Serialize};
use std::io::Write;
use std::path::{Path, PathBuf};

/// The folder the user chose for backups, if any.
pub fn chosen_folder(store: &Store) -> Result<Option<PathBuf>> {
    let v = store.setting(BACKUP_DIR)?;
    Ok((!v.is_empty()).then(|| PathBuf::from(v)))
}

/// Why a backup cannot be written in `dir` now, if it cannot: a small file is written there,
/// flushed and removed.
pub fn folder_problem(dir: &Path) -> Option<FolderProblem> {
    match std::fs::metadata(dir) {
        Ok(m) if !m.is_dir() => return Some(FolderProblem::NotAFolder),
        Ok(_) => {}
        Err(e) => {
            return Some(match e.kind() {
                // Under a path that is a file now: the folder is not there.
                std::io::ErrorKind::NotFound | std::io::ErrorKind::NotADirectory => FolderProblem::Missing,
                _ => FolderProblem::of_io(&e).unwrap_or(FolderProblem::NotWritable),
            });
        }
    }
    let probe = dir.join(format!(".poskeeper-write-check-{}", std::process::id()));
    let written = std::fs::OpenOptions::new()
        .write(true)
        .create(true)
        .truncate(true)
        .open(&probe)
        .and_then(|mut f| f.write_all(b"PosKeeper").and_then(|()| f.sync_all()));
    let _ = std::fs::remove_file(&probe);
    written.err().map(|e| FolderProblem::of_io(&e).unwrap_or(FolderProblem::NotWritable))
}

/// Makes `dir` the backup folder, once a backup can be written there; returns it as stored
/// (absolute). The default folder chosen again is stored as no choice.
pub fn choose_folder(store: &mut Store, dir: &Path) -> Result<PathBuf> {
    let dir = std::path::absolute(dir)?;
    if let Some(problem) = folder_problem(&dir) {
        return Err(Error::BackupFolder { path: dir, problem });
    }
    let default = std::fs::canonicalize(backups_dir(store.path())).ok();
    if default.is_some() && std::fs::canonicalize(&dir).ok() == default {
        forget_folder(store)?;
        return Ok(backups_dir(store.path()));
    }
    let text = dir.to_str().ok_or_else(|| Error::InvalidSetting {
        key: BACKUP_DIR.into(),
        value: dir.to_string_lossy().into_owned(),
        expected: "a folder path in Unicode",
    })?;
    store.set_setting(BACKUP_DIR, text)?;
    Ok(dir)
}

/// Backups go to the default folder again.
pub fn forget_folder(store: &mut Store) -> Result<()> {
    store.set_setting(BACKUP_DIR, "")?;
    Ok(())
}

/// A backup written to the default folder because the chosen one could not take it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FellBack {
    /// The chosen folder.
    pub folder: PathBuf,
    pub problem: FolderProblem,
}

impl FellBack {
    /// The error the chosen folder's state is (what the user is told, in their language).
    pub fn error(&self) -> Error {
        Error::BackupFolder { path: self.folder.clone(), problem: self.problem }
    }
}

/// The problem with a folder that an error writing a backup into it shows, if it is one.
pub fn problem_of(e: &Error) -> Option<FolderProblem> {
    match e {
        Error::Io(io) => FolderProblem::of_io(io),
        Error::Sqlite(s) => copies::folder_problem_of(s),
        Error::BackupFolder { problem, .. } => Some(*problem),
        _ => None,
    }
}

/// An error writing into `dir` as the user is told it: a folder's problem with the folder named.
fn in_folder(dir: &Path, e: Error) -> Error {
    match problem_of(&e) {
        Some(problem) if !matches!(e, Error::BackupFolder { .. }) => Error::BackupFolder { path: dir.into(), problem },
        _ => e,
    }
}

/// Runs `write` with the chosen backup folder, else — none chosen, or it cannot take the backup —
/// with the default one (`true`: it is the default). A damaged database is not a folder's
/// problem: that error is answered as it is. Any other failure in the chosen folder (SQLite's
/// damage report included: it names no file) is tried again in the default folder, which
/// answers it if the database itself is the cause.
pub(crate) fn in_place<T>(
    store: &Store,
    mut write: impl FnMut(&Path, bool) -> Result<T>,
) -> Result<(T, Option<FellBack>)> {
    let mut fell_back = None;
    if let Some(dir) = chosen_folder(store)? {
        let problem = match folder_problem(&dir) {
            Some(problem) => problem,
            None => match write(&dir, false) {
                Ok(done) => return Ok((done, None)),
                Err(e @ Error::DbDamaged(..)) => return Err(e),
                Err(e) => problem_of(&e).unwrap_or(FolderProblem::NotWritable),
            },
        };
        fell_back = Some(FellBack { folder: dir, problem });
    }
    let default = backups_dir(store.path());
    if let Err(e) = std::fs::create_dir_all(&default) {
        return Err(match folder_problem(&default) {
            Some(problem) => Error::BackupFolder { path: default, problem },
            None => in_folder(&default, e.into()),
        });
    }
    let done = write(&default, true).map_err(|e| in_folder(&default, e))?;
    Ok((done, fell_back))
}

/// Checks a copy just written at `out`. Damage in a copy in the default folder (on the
/// database's own disk) is the database's: it is marked damaged, as the daily backup does. In a
/// chosen folder it is that medium's (a failing stick): the copy goes and the folder is refused.
pub(crate) fn check_copy(store: &Store, out: &Path, default: bool) -> Result<()> {
    let Err(why) = quick_check_file(out) else { return Ok(()) };
    let _ = remove_db_files(out);
    if default {
        store.mark_damaged(&why);
        return Err(Error::DbDamaged(store.path().to_path_buf(), why));
    }
    let dir = out.parent().unwrap_or(Path::new(".")).to_path_buf();
    Err(Error::BackupFolder { path: dir, problem: FolderProblem::NotWritable })
}

/// A backup the user asked for, and where it went.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Made {
    pub path: PathBuf,
    /// Set when the chosen folder could not take it (it is in the default folder then).
    pub fell_back: Option<FellBack>,
}

/// Writes `poskeeper-manual-YYYYMMDD-HHMMSS.db` (a free name) in `dir`, checked.
fn write_manual(store: &Store, dir: &Path, now: NaiveDateTime, default: bool) -> Result<PathBuf> {
    let out = free_name(dir, &format!("poskeeper-manual-{}", now.format("%Y%m%d-%H%M%S")));
    copies::copy_db(store, &out, Error::Io)?;
    check_copy(store, &out, default)?;
    Ok(out)
}

/// "Backup now": a copy of the database in the backup folder (the chosen one, else the default
/// one — see [`in_place`]). Manual backups are never rotated away.
pub fn backup_now(store: &Store, now: NaiveDateTime) -> Result<Made> {
    store.ensure_sound()?;
    let (path, fell_back) = in_place(store, |dir, default| write_manual(store, dir, now, default))?;
    Ok(Made { path, fell_back })
}

/// `poskeeper backup --to DIR`: a manual backup in `dir`, which must take it (no falling back:
/// the user named it).
pub fn backup_into(store: &Store, dir: &Path, now: NaiveDateTime) -> Result<PathBuf> {
    store.ensure_sound()?;
    if let Some(problem) = folder_problem(dir) {
        return Err(Error::BackupFolder { path: dir.to_path_buf(), problem });
    }
    write_manual(store, dir, now, false).map_err(|e| in_folder(dir, e))
}

/// What a backup file holds, for the user to confirm a restore with.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct BackupContents {
    pub terminals: i64,
    pub sims: i64,
    /// Its schema version (an older one is brought up to date when restored).
    pub version: i64,
    /// The last change to a terminal in it (UTC, `YYYY-MM-DDTHH:MM:SSZ`).
    pub last_change: Option<String>,
    /// When the file was last written (UTC, RFC 3339).
    pub written_at: Option<String>,
}

/// Checks the backup file `from` as a restore would — on a private copy beside the database at
/// `db_path`, which is removed after — and says what it holds. Nothing of the database changes;
/// a file that is not a sound PosKeeper backup of a version this one reads is the error a
/// restore would answer.
pub fn inspect(db_path: &Path, from: &Path) -> Result<BackupContents> {
    if !from.is_file() {
        return Err(Error::DbMissing(from.to_path_buf()));
    }
    let dir = match db_path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    remove_stale_parts(&dir);
    let name = db_path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| "poskeeper.db".into());
    let copy = dir.join(format!(".{name}.restore-check-{}", std::process::id()));
    let result = (|| -> Result<BackupContents> {
        remove_db_files(&copy)?;
        std::fs::copy(from, &copy)?;
        let wal = crate::store::soundness::companion(from, "-wal");
        if wal.is_file() {
            std::fs::copy(&wal, crate::store::soundness::companion(&copy, "-wal"))?;
        }
        let version = verify_candidate(&copy, from)?;
        let (terminals, sims, last_change) = contents(&copy)?;
        let written_at = std::fs::metadata(from)
            .and_then(|m| m.modified())
            .ok()
            .map(|t| chrono::DateTime::<chrono::Utc>::from(t).format("%Y-%m-%dT%H:%M:%SZ").to_string());
        Ok(BackupContents { terminals, sims, version, last_change, written_at })
    })();
    let _ = remove_db_files(&copy);
    result
}
