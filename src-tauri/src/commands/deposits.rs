//! Activation deposits (押金).

use super::date_or;
use crate::error::{arg, ApiResult};
use crate::state::AppState;
use poskeeper::domain::{DepositStatus, NewDeposit};
use tauri::State;

#[tauri::command]
pub async fn add_deposit(state: State<'_, AppState>, sn: String, deposit: serde_json::Value) -> ApiResult<i64> {
    let d: NewDeposit = arg("deposit", deposit)?;
    let id = state.db.call(move |store| store.add_deposit(&sn, &d)).await?;
    state.changed();
    Ok(id)
}

/// Marks a held deposit `refunded` or `forfeited`, on `on` (default today).
#[tauri::command]
pub async fn settle_deposit(state: State<'_, AppState>, id: i64, status: String, on: Option<String>) -> ApiResult<()> {
    let status = DepositStatus::parse(&status)?;
    let on = date_or("on", on.as_deref(), state.clock.today())?;
    state.db.call(move |store| store.settle_deposit(id, status, Some(on))).await?;
    state.changed();
    Ok(())
}
