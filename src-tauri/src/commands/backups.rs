//! Backups: the list (the chosen backup folder's and the default one's), "backup now", the
//! backup folder (chosen in the OS folder dialog, checked writable), a backup file from anywhere
//! looked into before it is restored, and restore — the core's `backup`/`backup_place` on the
//! database thread.
//!
//! The page never names a path (SPEC §6): a folder or file comes from the shell's own dialogs
//! (a file as a token, [`crate::picks`]); a listed backup is named by its file name and the
//! folder it is listed in, looked up there.

use super::files::{ask, Ask};
use crate::error::{ApiError, ApiResult};
use crate::picks::{PickedFile, Purpose};
use crate::state::AppState;
use poskeeper::files::backup::backups_dir;
use poskeeper::files::backup_place::{self, BackupContents};
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};
use tauri::{AppHandle, Runtime, State};
use ts_rs::TS;

/// The folder a backup is listed in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum BackupPlace {
    /// `backups/` beside the database.
    Default,
    /// The folder the user chose.
    Chosen,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct BackupInfo {
    /// The file's name in its folder: what `restore_backup` takes, with `place`.
    pub name: String,
    pub place: BackupPlace,
    /// When the file was written (UTC, RFC 3339).
    pub taken_at: Option<String>,
    pub bytes: Option<u64>,
}

/// Where backups go.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct BackupFolder {
    /// The folder the user chose, if any.
    pub chosen: Option<String>,
    /// `backups/` beside the database.
    pub default: String,
    /// Why the chosen folder cannot take a backup now (a `backup_folder_*` code), if it cannot:
    /// backups go to the default folder meanwhile.
    pub problem: Option<ApiError>,
}

/// What "backup now" did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct BackupMade {
    pub backup: BackupInfo,
    /// Why the chosen folder did not take it (it is in the default folder): the user is told.
    pub fell_back: Option<ApiError>,
}

/// Whether a directory entry is a finished backup: `*.db`, not hidden (an unfinished copy is a
/// hidden `.NAME.part-PID`).
fn is_backup_name(name: &str) -> bool {
    name.ends_with(".db") && !name.starts_with('.')
}

/// The chosen folder, read on the database thread; while the database is closed, the one last
/// read.
async fn chosen(state: &AppState) -> Option<PathBuf> {
    let read = state.db.call(|store| backup_place::chosen_folder(store)).await;
    let Ok(mut kept) = state.backup_dir.lock() else { return read.ok().flatten() };
    if let Ok(now) = read {
        kept.clone_from(&now);
    }
    kept.clone()
}

/// The folder of `place`: the chosen one (`backup_not_found` when none is chosen), or the default.
fn folder_of(db_path: &Path, chosen: Option<PathBuf>, place: BackupPlace) -> ApiResult<PathBuf> {
    match place {
        BackupPlace::Default => Ok(backups_dir(db_path)),
        BackupPlace::Chosen => chosen.ok_or_else(|| ApiError::new("backup_not_found", "no backup folder is chosen")),
    }
}

fn info_of(path: &Path, place: BackupPlace) -> Option<(std::time::SystemTime, BackupInfo)> {
    let name = path.file_name()?.to_str()?.to_string();
    let meta = std::fs::metadata(path).ok().filter(std::fs::Metadata::is_file)?;
    if !is_backup_name(&name) {
        return None;
    }
    let modified = meta.modified().ok()?;
    let taken_at = chrono::DateTime::<chrono::Utc>::from(modified).format("%Y-%m-%dT%H:%M:%SZ").to_string();
    Some((modified, BackupInfo { name, place, taken_at: Some(taken_at), bytes: Some(meta.len()) }))
}

/// The backups in both folders, newest first (at most 200). A chosen folder that is not there
/// lists nothing (`backup_folder` says why).
#[tauri::command]
pub async fn backups(state: State<'_, AppState>) -> ApiResult<Vec<BackupInfo>> {
    let default = backups_dir(state.db.path());
    let chosen = chosen(&state).await;
    tauri::async_runtime::spawn_blocking(move || {
        let mut found = Vec::new();
        for (dir, place) in [(Some(default), BackupPlace::Default), (chosen, BackupPlace::Chosen)] {
            let Some(entries) = dir.and_then(|d| std::fs::read_dir(d).ok()) else { continue };
            found.extend(entries.filter_map(Result::ok).filter_map(|e| info_of(&e.path(), place)));
        }
        found.sort_by_key(|b| std::cmp::Reverse(b.0));
        found.into_iter().take(200).map(|(_, b)| b).collect()
    })
    .await
    .map_err(|e| ApiError::new("io", format!("listing backups failed: {e}")))
}

/// The backup `name` lists, as a file inside `dir`: a bare file name that `backups` would list,
/// which (links resolved) is a file directly in that folder.
pub fn listed_backup(dir: &Path, name: &str) -> ApiResult<PathBuf> {
    let missing = || ApiError::new("backup_not_found", format!("no backup named {name:?}"));
    let bare = Path::new(name).file_name().is_some_and(|n| n == name);
    if !bare || !is_backup_name(name) {
        return Err(missing());
    }
    let dir = dir.canonicalize().map_err(|_| missing())?;
    let file = dir.join(name).canonicalize().map_err(|_| missing())?;
    if file.parent() != Some(dir.as_path()) || !file.is_file() {
        return Err(missing());
    }
    Ok(file)
}

/// Where backups go now, and whether the chosen folder can take one.
#[tauri::command]
pub async fn backup_folder(state: State<'_, AppState>) -> ApiResult<BackupFolder> {
    state.db.call(|_| Ok(())).await?;
    let chosen = chosen(&state).await;
    folder_answer(state.db.path(), chosen).await
}

async fn folder_answer(db_path: &Path, chosen: Option<PathBuf>) -> ApiResult<BackupFolder> {
    let default = backups_dir(db_path).display().to_string();
    tauri::async_runtime::spawn_blocking(move || {
        let problem = chosen.as_ref().and_then(|dir| {
            let problem = backup_place::folder_problem(dir)?;
            Some(ApiError::from(poskeeper::Error::BackupFolder { path: dir.clone(), problem }))
        });
        BackupFolder { chosen: chosen.map(|d| d.display().to_string()), default, problem }
    })
    .await
    .map_err(|e| ApiError::new("io", format!("the backup folder could not be checked: {e}")))
}

/// Asks the user for a folder to keep backups in (a USB stick, a network folder), checks that a
/// backup can be written there, and makes it the backup folder; `null` when cancelled. A folder
/// that cannot take a backup is refused (`backup_folder_*`), and the choice stays as it was.
#[tauri::command]
pub async fn pick_backup_folder<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
) -> ApiResult<Option<BackupFolder>> {
    let Some(dir) = ask(&app, &state.picks, Ask::Folder, ("", &[])).await? else { return Ok(None) };
    let stored = state.db.call(move |store| backup_place::choose_folder(store, &dir)).await?;
    let chosen = (stored != backups_dir(state.db.path())).then_some(stored);
    folder_answer(state.db.path(), chosen).await.map(Some)
}

/// Backups go to the default folder again.
#[tauri::command]
pub async fn reset_backup_folder(state: State<'_, AppState>) -> ApiResult<BackupFolder> {
    state.db.call(backup_place::forget_folder).await?;
    folder_answer(state.db.path(), None).await
}

/// Makes a backup now, in the backup folder (the default one if the chosen one cannot take it,
/// which the answer says).
#[tauri::command]
pub async fn backup_now(state: State<'_, AppState>) -> ApiResult<BackupMade> {
    let now = state.clock.now_local();
    let made = state.db.call(move |store| backup_place::backup_now(store, now)).await?;
    let place = if made.fell_back.is_some() || made.path.parent() == Some(backups_dir(state.db.path()).as_path()) {
        BackupPlace::Default
    } else {
        BackupPlace::Chosen
    };
    let backup = info_of(&made.path, place)
        .map(|(_, b)| b)
        .ok_or_else(|| ApiError::new("io", "the backup just made cannot be read"))?;
    Ok(BackupMade { backup, fell_back: made.fell_back.map(|f| f.error().into()) })
}

/// Asks the user for a backup file kept elsewhere (a USB stick, another folder) to restore from;
/// `null` when cancelled.
#[tauri::command]
pub async fn pick_backup_file<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
) -> ApiResult<Option<PickedFile>> {
    match ask(&app, &state.picks, Ask::Open, ("PosKeeper (.db)", &["db"])).await? {
        Some(path) => state.picks.remember(Purpose::Backup, path).map(Some),
        None => Ok(None),
    }
}

/// Checks the backup file picked with `pick_backup_file` (`token`) as a restore would, without
/// changing anything, and says what it holds, for the user to confirm with.
#[tauri::command]
pub async fn inspect_backup_file(state: State<'_, AppState>, token: String) -> ApiResult<BackupContents> {
    let (from, _) = state.picks.resolve(&token, |p| p == Purpose::Backup)?;
    let db = state.db.path().to_path_buf();
    tauri::async_runtime::spawn_blocking(move || backup_place::inspect(&db, &from))
        .await
        .map_err(|e| ApiError::new("io", format!("the backup could not be checked: {e}")))?
        .map_err(ApiError::from)
}

/// Replaces the database with the listed backup `name` in `place` (default: the default folder);
/// the current file is backed up first, and the database opened again.
#[tauri::command]
pub async fn restore_backup(state: State<'_, AppState>, name: String, place: Option<BackupPlace>) -> ApiResult<()> {
    let chosen = chosen(&state).await;
    let dir = folder_of(state.db.path(), chosen, place.unwrap_or(BackupPlace::Default))?;
    let from = listed_backup(&dir, &name)?;
    state.db.restore(from, state.clock.now_local()).await?;
    state.changed();
    Ok(())
}

/// Replaces the database with the backup file picked with `pick_backup_file` (`token`).
#[tauri::command]
pub async fn restore_file(state: State<'_, AppState>, token: String) -> ApiResult<()> {
    let (from, _) = state.picks.resolve(&token, |p| p == Purpose::Backup)?;
    state.db.restore(from, state.clock.now_local()).await?;
    state.changed();
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_file_directly_in_the_backups_folder_is_a_listed_backup() -> Result<(), Box<dyn std::error::Error>> {
        let dir = tempfile::tempdir()?;
        let db = dir.path().join("poskeeper.db");
        std::fs::write(&db, "db")?;
        let backups = backups_dir(&db);
        std::fs::create_dir_all(backups.join("sub"))?;
        std::fs::write(backups.join("poskeeper-2026-11-22.db"), "b")?;
        std::fs::write(backups.join("sub").join("x.db"), "b")?;
        std::fs::write(backups.join(".poskeeper.db.part-12"), "b")?;
        let listed = listed_backup(&backups, "poskeeper-2026-11-22.db")?;
        assert_eq!(listed, backups.canonicalize()?.join("poskeeper-2026-11-22.db"));
        let code = |name: &str| listed_backup(&backups, name).err().map(|e| e.code);
        for bad in ["../poskeeper.db", "sub/x.db", "sub", ".poskeeper.db.part-12", "", "/etc/passwd", "nope.db"] {
            assert_eq!(code(bad).as_deref(), Some("backup_not_found"), "{bad}");
        }
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink(&db, backups.join("link.db"))?;
            assert_eq!(code("link.db").as_deref(), Some("backup_not_found"), "a link out of the folder");
        }
        assert_eq!(
            folder_of(&db, None, BackupPlace::Chosen).err().map(|e| e.code).as_deref(),
            Some("backup_not_found")
        );
        Ok(())
    }
}
