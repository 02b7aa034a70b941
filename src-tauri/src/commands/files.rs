//! Files: spreadsheet import (with progress events), export, backups and restore — the core's
//! `files` module on the database thread.
//!
//! The page never names a path (SPEC §6): the files to read or write are the ones the user picked
//! in the shell's own dialogs, handed back as tokens ([`crate::picks`]), and a listed backup is
//! named by its file name, looked up in the backups folder.

use crate::error::{ApiError, ApiResult};
use crate::notifier::effective_lang;
use crate::picks::{bare_name, PickedFile, Picks, Purpose};
use crate::state::AppState;
use poskeeper::files::export::{self, ExportFormat};
use poskeeper::files::import::{self, ImportOptions, ImportReport};
use serde::Serialize;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};
use tauri::{AppHandle, Emitter, Manager, Runtime, State};
use tokio::sync::oneshot;
use ts_rs::TS;

/// The event with an import's progress.
pub const IMPORT_PROGRESS: &str = "import-progress";
/// Problems and warnings listed in one import answer (the counts stay exact; SPEC §7: no IPC
/// answer over 256 kB).
pub const MAX_PROBLEMS: usize = 300;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
pub struct ImportProgress {
    pub done: u64,
    pub total: u64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct ExportResult {
    pub items: u64,
    pub path: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct BackupInfo {
    /// The file's name in the backups folder: what `restore_backup` takes.
    pub name: String,
    /// When the file was written (UTC, RFC 3339).
    pub taken_at: Option<String>,
    pub bytes: Option<u64>,
}

/// Keeps an import report under the IPC budget: at most [`MAX_PROBLEMS`] problems and warnings.
pub fn trim_report(mut r: ImportReport) -> ImportReport {
    if r.problems.len() > MAX_PROBLEMS {
        r.problems_not_listed += (r.problems.len() - MAX_PROBLEMS) as u64;
        r.problems.truncate(MAX_PROBLEMS);
    }
    r.warnings.truncate(MAX_PROBLEMS);
    r
}

/// What a file dialog asks for.
enum Ask {
    /// An existing file to read.
    Open,
    /// A file to write, with a suggested name.
    Save(String),
}

/// Shows the native file dialog (or, in a test build, takes the stand-in's answer); `None` when
/// the user cancelled.
async fn ask<R: Runtime>(
    app: &AppHandle<R>,
    picks: &Picks,
    ask: Ask,
    filter: (&str, &[&str]),
) -> ApiResult<Option<PathBuf>> {
    if let Some(answer) = picks.scripted() {
        return Ok(answer);
    }
    let dialog = app
        .try_state::<tauri_plugin_dialog::Dialog<R>>()
        .ok_or_else(|| ApiError::new("no_dialog", "file dialogs are not available"))?;
    let mut builder =
        tauri_plugin_dialog::FileDialogBuilder::new(dialog.inner().clone()).add_filter(filter.0, filter.1);
    if let Some(window) = app.get_webview_window(crate::window::MAIN) {
        builder = builder.set_parent(&window);
    }
    let (tx, rx) = oneshot::channel();
    let done = move |picked: Option<tauri_plugin_dialog::FilePath>| {
        let _ = tx.send(picked);
    };
    match ask {
        Ask::Open => builder.pick_file(done),
        Ask::Save(name) => builder.set_file_name(name).save_file(done),
    }
    match rx.await.ok().flatten() {
        None => Ok(None),
        Some(picked) => picked
            .into_path()
            .map(Some)
            .map_err(|e| ApiError::new("io", format!("the chosen file cannot be used: {e}"))),
    }
}

/// Asks the user for a spreadsheet to import; `null` when cancelled.
#[tauri::command]
pub async fn pick_import_file<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
) -> ApiResult<Option<PickedFile>> {
    let exts: &[&str] = &["xlsx", "csv", "tsv", "txt"];
    match ask(&app, &state.picks, Ask::Open, ("Excel / CSV", exts)).await? {
        Some(path) => state.picks.remember(Purpose::Import, path).map(Some),
        None => Ok(None),
    }
}

/// Asks the user where to write an export in `format` (`suggestedName`: the name the dialog
/// proposes, a bare file name); `null` when cancelled.
#[tauri::command]
pub async fn pick_export_file<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    format: String,
    suggested_name: Option<String>,
) -> ApiResult<Option<PickedFile>> {
    let format = ExportFormat::parse(&format)?;
    let (label, ext) = match format {
        ExportFormat::Csv => ("CSV", "csv"),
        ExportFormat::Xlsx => ("Excel", "xlsx"),
        ExportFormat::Json => ("JSON", "json"),
        ExportFormat::Ics => ("iCalendar", "ics"),
    };
    let name =
        bare_name(suggested_name.as_deref()).unwrap_or_else(|| format!("poskeeper-{}.{ext}", state.clock.today()));
    match ask(&app, &state.picks, Ask::Save(name), (label, &[ext])).await? {
        Some(path) => state.picks.remember(Purpose::Export(format), path).map(Some),
        None => Ok(None),
    }
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

/// Imports the spreadsheet picked with `pick_import_file` (`token`), or with `dryRun` reports
/// what it would do. Emits `import-progress`.
#[tauri::command]
pub async fn import_file<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    token: String,
    dry_run: bool,
    skip_invalid: bool,
    sheet: Option<String>,
) -> ApiResult<ImportReport> {
    let (path, _) = state.picks.resolve(&token, |p| p == Purpose::Import)?;
    let now = state.clock.now_local();
    let report = state
        .db
        .call(move |store| {
            let settings = store.settings()?;
            let lang = effective_lang(store, &settings)?;
            let opts = ImportOptions {
                dry_run,
                skip_invalid,
                sheet: sheet.filter(|s| !s.trim().is_empty()),
                lang,
                today: now.date(),
                now,
            };
            let mut last = Instant::now();
            let mut progress = |done: u64, total: u64| {
                if done == 0 || done >= total || last.elapsed() >= Duration::from_millis(100) {
                    last = Instant::now();
                    let _ = app.emit(IMPORT_PROGRESS, ImportProgress { done, total });
                }
            };
            // Written through the store's own transaction (`with_tx_or_rollback`), which every
            // cache of the store sees.
            import::import_file(store, &path, &opts, &mut progress)
        })
        .await?;
    if report.committed {
        state.changed();
    }
    Ok(trim_report(report))
}

/// Writes everything to the file picked with `pick_export_file` (`token`), in the format it was
/// picked for: CSV, XLSX, JSON or an iCalendar feed.
#[tauri::command]
pub async fn export_file(state: State<'_, AppState>, token: String) -> ApiResult<ExportResult> {
    let (out, purpose) = state.picks.resolve(&token, |p| matches!(p, Purpose::Export(_)))?;
    let Purpose::Export(format) = purpose else { return Err(crate::picks::not_picked()) };
    let (today, stamp) = (state.clock.today(), state.clock.now_utc());
    let o = out.clone();
    let done = state
        .db
        .call(move |store| {
            let settings = store.settings()?;
            let lang = effective_lang(store, &settings)?;
            match format {
                ExportFormat::Csv => export::export_csv(store, &o, lang),
                ExportFormat::Xlsx => export::export_xlsx(store, &o, lang),
                ExportFormat::Json => export::export_json(store, &o, Some(today)),
                ExportFormat::Ics => export::export_ics(store, &o, lang, stamp),
            }
        })
        .await?;
    Ok(ExportResult { items: done.items, path: out.display().to_string() })
}

/// Saves the rows of the spreadsheet picked with `pick_import_file` (`token`) that cannot be
/// imported — its cells as read and a 问题 column saying why — to the file picked with
/// `pick_export_file` (`outToken`, CSV or XLSX), for the user to fix and import again. The rows
/// are found again by a dry run (writing nothing) that keeps every problem, not only the ones an
/// answer to the page lists.
#[tauri::command]
pub async fn save_import_problems(
    state: State<'_, AppState>,
    token: String,
    out_token: String,
    sheet: Option<String>,
) -> ApiResult<ExportResult> {
    let (path, _) = state.picks.resolve(&token, |p| p == Purpose::Import)?;
    let (out, _) =
        state.picks.resolve(&out_token, |p| matches!(p, Purpose::Export(ExportFormat::Csv | ExportFormat::Xlsx)))?;
    let now = state.clock.now_local();
    let o = out.clone();
    let items = state
        .db
        .call(move |store| {
            let settings = store.settings()?;
            let lang = effective_lang(store, &settings)?;
            let sheet = sheet.filter(|s| !s.trim().is_empty());
            let prepared = import::prepare(&path, sheet.as_deref())?;
            let opts = ImportOptions { dry_run: true, skip_invalid: true, sheet, lang, today: now.date(), now };
            import::save_problem_rows(store, &prepared, &opts, &o)
        })
        .await?;
    Ok(ExportResult { items, path: out.display().to_string() })
}

/// Whether a directory entry is a finished backup: `*.db`, not hidden (an unfinished copy is a
/// hidden `.NAME.part-PID`).
fn is_backup_name(name: &str) -> bool {
    name.ends_with(".db") && !name.starts_with('.')
}

/// The backups beside the database, newest first (at most 200).
#[tauri::command]
pub async fn backups(state: State<'_, AppState>) -> ApiResult<Vec<BackupInfo>> {
    let dir = poskeeper::files::backup::backups_dir(state.db.path());
    tauri::async_runtime::spawn_blocking(move || {
        let Ok(entries) = std::fs::read_dir(&dir) else { return Vec::new() };
        let mut found: Vec<(std::time::SystemTime, BackupInfo)> = entries
            .filter_map(Result::ok)
            .filter_map(|e| {
                let name = e.file_name().to_str()?.to_string();
                let meta = e.metadata().ok().filter(std::fs::Metadata::is_file)?;
                if !is_backup_name(&name) {
                    return None;
                }
                let modified = meta.modified().ok()?;
                let taken_at = chrono::DateTime::<chrono::Utc>::from(modified).format("%Y-%m-%dT%H:%M:%SZ").to_string();
                Some((modified, BackupInfo { name, taken_at: Some(taken_at), bytes: Some(meta.len()) }))
            })
            .collect();
        found.sort_by_key(|b| std::cmp::Reverse(b.0));
        found.into_iter().take(200).map(|(_, b)| b).collect()
    })
    .await
    .map_err(|e| ApiError::new("io", format!("listing backups failed: {e}")))
}

/// The backup `name` lists, as a file inside the backups folder of `db_path`: a bare file name
/// that `backups` would list, which (links resolved) is a file directly in that folder.
pub fn listed_backup(db_path: &Path, name: &str) -> ApiResult<PathBuf> {
    let missing = || ApiError::new("backup_not_found", format!("no backup named {name:?}"));
    let bare = Path::new(name).file_name().is_some_and(|n| n == name);
    if !bare || !is_backup_name(name) {
        return Err(missing());
    }
    let dir = poskeeper::files::backup::backups_dir(db_path);
    let dir = dir.canonicalize().map_err(|_| missing())?;
    let file = dir.join(name).canonicalize().map_err(|_| missing())?;
    if file.parent() != Some(dir.as_path()) || !file.is_file() {
        return Err(missing());
    }
    Ok(file)
}

/// Replaces the database with the listed backup `name` (the current file is backed up first) and
/// opens it again.
#[tauri::command]
pub async fn restore_backup(state: State<'_, AppState>, name: String) -> ApiResult<()> {
    let from = listed_backup(state.db.path(), &name)?;
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
        let backups = poskeeper::files::backup::backups_dir(&db);
        std::fs::create_dir_all(backups.join("sub"))?;
        std::fs::write(backups.join("poskeeper-2026-11-22.db"), "b")?;
        std::fs::write(backups.join("sub").join("x.db"), "b")?;
        std::fs::write(backups.join(".poskeeper.db.part-12"), "b")?;
        let listed = listed_backup(&db, "poskeeper-2026-11-22.db")?;
        assert_eq!(listed, backups.canonicalize()?.join("poskeeper-2026-11-22.db"));
        let code = |name: &str| listed_backup(&db, name).err().map(|e| e.code);
        for bad in ["../poskeeper.db", "sub/x.db", "sub", ".poskeeper.db.part-12", "", "/etc/passwd", "nope.db"] {
            assert_eq!(code(bad).as_deref(), Some("backup_not_found"), "{bad}");
        }
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink(&db, backups.join("link.db"))?;
            assert_eq!(code("link.db").as_deref(), Some("backup_not_found"), "a link out of the folder");
        }
        Ok(())
    }
}
