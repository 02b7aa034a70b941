//! Files: spreadsheet import (with progress events) and export — the core's `files` module on
//! the database thread. Backups and restore are in [`super::backups`].
//!
//! The page never names a path (SPEC §6): the files to read or write are the ones the user picked
//! in the shell's own dialogs, handed back as tokens ([`crate::picks`]).

use crate::error::{arg, ApiError, ApiResult};
use crate::lang::effective_lang;
use crate::picks::{bare_name, PickedFile, Picks, Purpose};
use crate::state::AppState;
use poskeeper::files::export::{self, ExportFormat};
use poskeeper::files::fields::Field;
use poskeeper::files::import::{self, ColumnMap, ImportOptions, ImportPreview, ImportReport};
use poskeeper::store::TerminalQuery;
use serde::{Deserialize, Serialize};
use std::path::PathBuf;
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

/// One column the user mapped in the preview: its header as written, and the field it is imported
/// into (`null`: not imported).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, TS)]
pub struct ColumnChoice {
    pub header: String,
    pub field: Option<Field>,
}

/// At most this many columns in a mapping (a sheet's header row has fewer).
const MAX_CHOICES: usize = 500;

/// The options of an import, its preview or its list of problems: the app's language, the local
/// date and time, and the sheet asked for (none when blank).
fn import_options(
    store: &poskeeper::store::Store,
    now: chrono::NaiveDateTime,
    sheet: Option<String>,
    dry_run: bool,
    skip_invalid: bool,
) -> poskeeper::Result<ImportOptions> {
    let lang = effective_lang(store, &store.settings()?)?;
    let sheet = sheet.filter(|s| !s.trim().is_empty());
    Ok(ImportOptions { dry_run, skip_invalid, sheet, lang, today: now.date(), now })
}

/// The user's mapping (`[ColumnChoice]`, or absent), checked: fields the core knows, none twice,
/// no empty header — `{code, message}` otherwise.
fn column_map(mapping: Option<serde_json::Value>) -> ApiResult<ColumnMap> {
    let choices: Vec<ColumnChoice> = match mapping {
        None | Some(serde_json::Value::Null) => Vec::new(),
        Some(v) => arg("mapping", v)?,
    };
    if choices.len() > MAX_CHOICES {
        return Err(ApiError::new("invalid_argument", "too many columns in the mapping"));
    }
    Ok(ColumnMap::new(choices.into_iter().map(|c| (c.header, c.field)))?)
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
pub(crate) enum Ask {
    /// An existing file to read.
    Open,
    /// A file to write, with a suggested name.
    Save(String),
    /// A folder (the filter is not used).
    Folder,
}

/// Shows the native file dialog (or, in a test build, takes the stand-in's answer); `None` when
/// the user cancelled.
pub(crate) async fn ask<R: Runtime>(
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
    let mut builder = tauri_plugin_dialog::FileDialogBuilder::new(dialog.inner().clone());
    if !filter.1.is_empty() {
        builder = builder.add_filter(filter.0, filter.1);
    }
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
        Ask::Folder => builder.pick_folder(done),
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
        ExportFormat::Zip => ("ZIP (JSON + 附件)", "zip"),
        ExportFormat::Ics => ("iCalendar", "ics"),
    };
    let name =
        bare_name(suggested_name.as_deref()).unwrap_or_else(|| format!("poskeeper-{}.{ext}", state.clock.today()));
    match ask(&app, &state.picks, Ask::Save(name), (label, &[ext])).await? {
        Some(path) => state.picks.remember(Purpose::Export(format), path).map(Some),
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
    mapping: Option<serde_json::Value>,
) -> ApiResult<ImportReport> {
    let (path, _) = state.picks.resolve(&token, |p| p == Purpose::Import)?;
    let user = column_map(mapping)?;
    let now = state.clock.now_local();
    let report = state
        .db
        .call(move |store| {
            let opts = import_options(store, now, sheet, dry_run, skip_invalid)?;
            let mut last = Instant::now();
            let mut progress = |done: u64, total: u64| {
                if done == 0 || done >= total || last.elapsed() >= Duration::from_millis(100) {
                    last = Instant::now();
                    let _ = app.emit(IMPORT_PROGRESS, ImportProgress { done, total });
                }
            };
            // Written through the store's own transaction (`with_tx_or_rollback`), which every
            // cache of the store sees; the mapping used is remembered in it.
            let prepared = import::prepare_in(store, &path, opts.sheet.as_deref(), &user)?;
            import::import_prepared(store, &prepared, &opts, &mut progress)
        })
        .await?;
    if report.committed {
        state.changed();
    }
    Ok(trim_report(report))
}

/// Previews the import of the spreadsheet picked with `pick_import_file` (`token`) with the user's
/// `mapping` over the remembered one and the header rules: each header with its field and where
/// it came from, the first rows as they will be stored, and a dry run's report (nothing is
/// written). A file without an SN column answers with its first row's headers and
/// `no_sn_column`, for the user to say which column is the SN.
#[tauri::command]
pub async fn preview_import(
    state: State<'_, AppState>,
    token: String,
    sheet: Option<String>,
    mapping: Option<serde_json::Value>,
) -> ApiResult<ImportPreview> {
    let (path, _) = state.picks.resolve(&token, |p| p == Purpose::Import)?;
    let user = column_map(mapping)?;
    let now = state.clock.now_local();
    let mut preview = state
        .db
        .call(move |store| {
            let opts = import_options(store, now, sheet, true, true)?;
            import::preview(store, &path, &opts, &user, import::PREVIEW_ROWS)
        })
        .await?;
    preview.report = preview.report.map(trim_report);
    Ok(preview)
}

/// Writes everything to the file picked with `pick_export_file` (`token`), in the format it was
/// picked for: CSV, XLSX, JSON or an iCalendar feed. With `query` (the terminal list's search and
/// filters), a CSV or XLSX holds only the terminals the list shows for it.
#[tauri::command]
pub async fn export_file(
    state: State<'_, AppState>,
    token: String,
    query: Option<serde_json::Value>,
) -> ApiResult<ExportResult> {
    let q: TerminalQuery = match query {
        Some(v) if !v.is_null() => arg("query", v)?,
        _ => TerminalQuery::default(),
    };
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
                ExportFormat::Csv => export::export_csv(store, &o, lang, &q),
                ExportFormat::Xlsx => export::export_xlsx(store, &o, lang, &q),
                ExportFormat::Json => export::export_json(store, &o, Some(today)),
                ExportFormat::Zip => poskeeper::files::export_zip::export_zip(store, &o, Some(today)),
                ExportFormat::Ics => export::export_ics(store, &o, lang, stamp),
            }
        })
        .await?;
    state.picks.mark_written(&token);
    Ok(ExportResult { items: done.items, path: out.display().to_string() })
}

/// Shows the file an export wrote (`token`, as picked with `pick_export_file`) in the system's
/// file manager. Only a file this run of the shell wrote: the window names a token, never a path.
#[tauri::command]
pub async fn reveal_export(state: State<'_, AppState>, token: String) -> ApiResult<()> {
    let path = state.picks.written(&token)?;
    tauri_plugin_opener::reveal_item_in_dir(&path).map_err(|e| ApiError::new("reveal_failed", e.to_string()))
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
    mapping: Option<serde_json::Value>,
) -> ApiResult<ExportResult> {
    let user = column_map(mapping)?;
    let (path, _) = state.picks.resolve(&token, |p| p == Purpose::Import)?;
    let (out, _) =
        state.picks.resolve(&out_token, |p| matches!(p, Purpose::Export(ExportFormat::Csv | ExportFormat::Xlsx)))?;
    let now = state.clock.now_local();
    let o = out.clone();
    let items = state
        .db
        .call(move |store| {
            let opts = import_options(store, now, sheet, true, true)?;
            let prepared = import::prepare_in(store, &path, opts.sheet.as_deref(), &user)?;
            import::save_problem_rows(store, &prepared, &opts, &o)
        })
        .await?;
    state.picks.mark_written(&out_token);
    Ok(ExportResult { items, path: out.display().to_string() })
}
