//! Files: spreadsheet import (with progress events), export, backups and restore — the core's
//! `files` module on the database thread.

use crate::error::{ApiError, ApiResult};
use crate::notifier::effective_lang;
use crate::state::AppState;
use poskeeper::files::export::{self, ExportFormat};
use poskeeper::files::import::{self, ImportOptions, ImportReport};
use serde::Serialize;
use std::path::PathBuf;
use std::time::{Duration, Instant};
use tauri::{AppHandle, Emitter, Runtime, State};
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
    pub path: String,
    /// When the file was written (UTC, RFC 3339).
    pub taken_at: Option<String>,
    pub bytes: Option<u64>,
}

fn file_arg(field: &'static str, path: &str) -> ApiResult<PathBuf> {
    let p = path.trim();
    if p.is_empty() {
        return Err(poskeeper::Error::InvalidText { field, reason: "empty" }.into());
    }
    Ok(PathBuf::from(p))
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

/// Imports a spreadsheet (or, with `dryRun`, reports what it would do). Emits `import-progress`.
#[tauri::command]
pub async fn import_file<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    path: String,
    dry_run: bool,
    skip_invalid: bool,
    sheet: Option<String>,
) -> ApiResult<ImportReport> {
    let path = file_arg("path", &path)?;
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
            let report = import::import_file(store, &path, &opts, &mut progress)?;
            if report.committed {
                // The import commits on the store's connection outside `with_tx`, which the
                // terminal list's cache does not see; an empty transaction tells it.
                store.with_tx(|_| Ok(()))?;
            }
            Ok(report)
        })
        .await?;
    if report.committed {
        state.changed();
    }
    Ok(trim_report(report))
}

/// Writes everything to `path` as CSV, XLSX, JSON or an iCalendar feed.
#[tauri::command]
pub async fn export_file(state: State<'_, AppState>, format: String, path: String) -> ApiResult<ExportResult> {
    let format = ExportFormat::parse(&format)?;
    let out = file_arg("path", &path)?;
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

/// The backups beside the database, newest first (at most 200).
#[tauri::command]
pub async fn backups(state: State<'_, AppState>) -> ApiResult<Vec<BackupInfo>> {
    let dir = poskeeper::files::backup::backups_dir(state.db.path());
    tauri::async_runtime::spawn_blocking(move || {
        let Ok(entries) = std::fs::read_dir(&dir) else { return Vec::new() };
        let mut found: Vec<(std::time::SystemTime, BackupInfo)> = entries
            .filter_map(Result::ok)
            .filter(|e| e.path().extension().is_some_and(|x| x == "db"))
            .filter_map(|e| {
                let meta = e.metadata().ok()?;
                let modified = meta.modified().ok()?;
                let taken_at = chrono::DateTime::<chrono::Utc>::from(modified).format("%Y-%m-%dT%H:%M:%SZ").to_string();
                Some((
                    modified,
                    BackupInfo {
                        path: e.path().display().to_string(),
                        taken_at: Some(taken_at),
                        bytes: Some(meta.len()),
                    },
                ))
            })
            .collect();
        found.sort_by_key(|b| std::cmp::Reverse(b.0));
        found.into_iter().take(200).map(|(_, b)| b).collect()
    })
    .await
    .map_err(|e| ApiError::new("io", format!("listing backups failed: {e}")))
}

/// Replaces the database with a backup (the current one is backed up first), and reopens it.
#[tauri::command]
pub async fn restore_backup(state: State<'_, AppState>, path: String) -> ApiResult<()> {
    let from = file_arg("path", &path)?;
    state.db.restore(from, state.clock.now_local()).await?;
    state.changed();
    Ok(())
}
