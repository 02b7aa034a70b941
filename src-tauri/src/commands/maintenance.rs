//! Maintenance plans (保养计划) and their completions.

use super::date_or;
use crate::error::{arg, ApiResult};
use crate::state::AppState;
use poskeeper::domain::NewPlan;
use tauri::State;

/// Adds a plan to one terminal, or (`sn` null) one plan per terminal in use or spare.
#[tauri::command]
pub async fn add_plans(state: State<'_, AppState>, sn: Option<String>, plan: serde_json::Value) -> ApiResult<Vec<i64>> {
    let p: NewPlan = arg("plan", plan)?;
    let ids = state.db.call(move |store| store.add_plans(sn.as_deref(), &p)).await?;
    state.changed();
    Ok(ids)
}

/// Records a completion; returns the plan's next due date.
#[tauri::command]
pub async fn complete_plan(
    state: State<'_, AppState>,
    id: i64,
    on: Option<String>,
    note: Option<String>,
) -> ApiResult<String> {
    let on = date_or("on", on.as_deref(), state.clock.today())?;
    let next = state.db.call(move |store| store.complete_plan(id, on, note.as_deref())).await?;
    state.changed();
    Ok(next.to_string())
}
