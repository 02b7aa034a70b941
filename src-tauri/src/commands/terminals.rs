//! Terminals: the paged list, the detail, add and edit, store names.

use super::{cap, MAX_ROWS};
use crate::error::{arg, ApiResult};
use crate::state::AppState;
use poskeeper::domain::values::check_sn;
use poskeeper::domain::TerminalPatch;
use poskeeper::store::{TerminalDetail, TerminalPage, TerminalQuery};
use tauri::State;

#[tauri::command]
pub async fn list_terminals(state: State<'_, AppState>, query: serde_json::Value) -> ApiResult<TerminalPage> {
    let mut q: TerminalQuery = arg("query", query)?;
    q.limit = cap(Some(q.limit), 50).min(MAX_ROWS);
    state.db.call(move |store| store.list_terminals(&q)).await
}

#[tauri::command]
pub async fn terminal_detail(state: State<'_, AppState>, sn: String) -> ApiResult<TerminalDetail> {
    state.db.call(move |store| store.terminal_detail(&sn)).await
}

/// Adds a terminal; returns its SN as stored.
#[tauri::command]
pub async fn add_terminal(state: State<'_, AppState>, sn: String, patch: serde_json::Value) -> ApiResult<String> {
    let patch: TerminalPatch = arg("patch", patch)?;
    let sn = check_sn(&sn)?;
    let s = sn.clone();
    state.db.call(move |store| store.add_terminal(&s, &patch)).await?;
    state.changed();
    Ok(sn)
}

/// Changes what the patch gives; returns whether anything changed.
#[tauri::command]
pub async fn set_terminal(state: State<'_, AppState>, sn: String, patch: serde_json::Value) -> ApiResult<bool> {
    let patch: TerminalPatch = arg("patch", patch)?;
    let changed = state.db.call(move |store| store.set_terminal(&sn, &patch)).await?;
    state.changed();
    Ok(changed)
}

/// The providers the terminals name, with their counts, most first (the list's provider filter).
#[tauri::command]
pub async fn provider_counts(state: State<'_, AppState>) -> ApiResult<Vec<(String, u32)>> {
    state.db.call(|store| store.provider_counts()).await
}

#[tauri::command]
pub async fn store_names(state: State<'_, AppState>) -> ApiResult<Vec<String>> {
    state.db.call(|store| store.store_names()).await
}
