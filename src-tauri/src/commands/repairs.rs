//! Repair tickets (维修工单).

use super::cap;
use crate::error::{arg, ApiResult};
use crate::state::AppState;
use poskeeper::domain::{NewRepair, Repair, RepairClose, RepairPatch, RepairStatus};
use tauri::State;

#[tauri::command]
pub async fn open_repair(state: State<'_, AppState>, sn: String, repair: serde_json::Value) -> ApiResult<i64> {
    let n: NewRepair = arg("repair", repair)?;
    let id = state.db.call(move |store| store.open_repair(&sn, &n)).await?;
    state.changed();
    Ok(id)
}

#[tauri::command]
pub async fn update_repair(state: State<'_, AppState>, id: i64, patch: serde_json::Value) -> ApiResult<Repair> {
    let p: RepairPatch = arg("patch", patch)?;
    let r = state.db.call(move |store| store.update_repair(id, &p)).await?;
    state.changed();
    Ok(r)
}

#[tauri::command]
pub async fn close_repair(state: State<'_, AppState>, id: i64, close: serde_json::Value) -> ApiResult<Repair> {
    let c: RepairClose = arg("close", close)?;
    let today = state.clock.today();
    let r = state.db.call(move |store| store.close_repair(id, &c, today)).await?;
    state.changed();
    Ok(r)
}

/// Finished tickets (`closed` or `replaced`), the most recently finished first, one page at a time.
#[tauri::command]
pub async fn finished_repairs(
    state: State<'_, AppState>,
    status: serde_json::Value,
    offset: Option<u32>,
    limit: Option<u32>,
) -> ApiResult<Vec<Repair>> {
    let status: RepairStatus = arg("status", status)?;
    let (offset, limit) = (offset.unwrap_or(0), cap(limit, super::MAX_ROWS));
    state.db.call(move |store| store.finished_repairs(status, offset, limit)).await
}

/// Open tickets, oldest first, one page at a time.
#[tauri::command]
pub async fn open_repairs(
    state: State<'_, AppState>,
    offset: Option<u32>,
    limit: Option<u32>,
) -> ApiResult<Vec<Repair>> {
    let (offset, limit) = (offset.unwrap_or(0) as usize, cap(limit, super::MAX_ROWS) as usize);
    state.db.call(move |store| Ok(store.open_repairs()?.into_iter().skip(offset).take(limit).collect())).await
}
