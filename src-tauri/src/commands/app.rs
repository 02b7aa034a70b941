//! App-level commands: what the UI needs at start, the window's first paint, settings, sample data.

use crate::answers::{app_info_of, language_and_empty, AppInfo};
use crate::error::{ApiError, ApiResult};
use crate::state::AppState;
use poskeeper::demo::DemoSummary;
use poskeeper::domain::Settings;
use std::sync::atomic::Ordering;
use tauri::{AppHandle, Manager, Runtime, State};

#[tauri::command]
pub async fn app_info(state: State<'_, AppState>) -> ApiResult<AppInfo> {
    let found = state.db.call(language_and_empty).await;
    Ok(app_info_of(state.db.path().display().to_string(), state.clock.today(), found))
}

/// The UI has painted: show the window (it was created hidden, so there is no white flash).
/// Answers, once the whole file has been checked ([`crate::db::Db::check`]), why the database
/// cannot be used if it turned out damaged, so the window can say so; `null` if all is well.
#[tauri::command]
pub async fn ui_ready<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    marks: Option<serde_json::Value>,
) -> ApiResult<Option<ApiError>> {
    // The page's own milestones (ms since it began loading) say where the time went.
    let marks = marks.map(|m| m.to_string()).unwrap_or_default();
    log::info!("start-up: first screen painted at {} ms {marks}", crate::start_time::since_start_ms());
    if !state.start_hidden {
        crate::window::show_main(&app);
    }
    state.shown.store(true, Ordering::Relaxed);
    // The notifier's start-up check waited for this (the first screen's queries went first).
    // The whole-file check goes before the notifier's first check, which writes.
    state.db.check();
    state.notifier.check_now();
    Ok(state.db.open_error().await)
}

#[tauri::command]
pub async fn settings(state: State<'_, AppState>) -> ApiResult<Settings> {
    state.db.call(|store| store.settings()).await
}

/// Changes one setting (keys and values as `poskeeper settings KEY VALUE`); returns its stored form.
#[tauri::command]
pub async fn set_setting<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    key: String,
    value: String,
) -> ApiResult<String> {
    // The backup folder is chosen in the folder dialog (`pick_backup_folder`): the page names
    // no path (SPEC §6).
    if key.trim() == poskeeper::store::BACKUP_DIR {
        return Err(ApiError::new("invalid_setting", "the backup folder is chosen with pick_backup_folder"));
    }
    let k = key.clone();
    let stored = state.db.call(move |store| store.set_setting(&k, &value)).await?;
    match key.trim() {
        "close_to_tray" => state.close_to_tray.store(stored == "on", Ordering::Relaxed),
        "autostart" => {
            if let Some(launcher) = app.try_state::<tauri_plugin_autostart::AutoLaunchManager>() {
                let r = if stored == "on" { launcher.enable() } else { launcher.disable() };
                r.map_err(|e| ApiError::new("autostart", format!("start at login could not be changed: {e}")))?;
            }
        }
        _ => {}
    }
    state.changed();
    Ok(stored)
}

/// Writes sample data into an empty database.
#[tauri::command]
pub async fn load_demo(state: State<'_, AppState>, terminals: u64) -> ApiResult<DemoSummary> {
    if !(1..=100_000).contains(&terminals) {
        return Err(poskeeper::Error::InvalidNumber {
            field: "terminals",
            value: terminals.to_string(),
            expected: "1 to 100000",
        }
        .into());
    }
    let today = state.clock.today();
    let s = state.db.call(move |store| poskeeper::demo::generate(store, terminals, 2026, today)).await?;
    state.changed();
    Ok(s)
}
