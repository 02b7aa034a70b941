//! SIM cards: check an ICCID as it is typed, add, edit, move, cancel, renew.

use super::{date, date_or};
use crate::error::{arg, ApiResult};
use crate::state::AppState;
use poskeeper::domain::values::{self, suggest_carrier};
use poskeeper::domain::{Carrier, Renewal, SimPatch};
use serde::Serialize;
use tauri::State;
use ts_rs::TS;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct IccidCheck {
    /// 19–20 digits starting with 89.
    pub valid: bool,
    /// The check digit is right (a wrong one is a warning, not an error).
    pub luhn_ok: bool,
    pub suggested_carrier: Option<Carrier>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct AddSimResult {
    pub luhn_ok: bool,
}

/// Never an error: what the form shows while the ICCID is typed.
#[tauri::command]
pub fn check_iccid(iccid: String) -> IccidCheck {
    match values::check_iccid(&iccid) {
        Ok((normal, luhn_ok)) => IccidCheck { valid: true, luhn_ok, suggested_carrier: suggest_carrier(&normal) },
        Err(_) => IccidCheck { valid: false, luhn_ok: false, suggested_carrier: None },
    }
}

#[tauri::command]
pub async fn add_sim(
    state: State<'_, AppState>,
    iccid: String,
    patch: serde_json::Value,
    terminal_sn: Option<String>,
) -> ApiResult<AddSimResult> {
    let patch: SimPatch = arg("patch", patch)?;
    let today = state.clock.today();
    let sn = terminal_sn.filter(|s| !s.trim().is_empty());
    let (_, luhn_ok) = state.db.call(move |store| store.add_sim(&iccid, &patch, sn.as_deref(), today)).await?;
    state.changed();
    Ok(AddSimResult { luhn_ok })
}

#[tauri::command]
pub async fn set_sim(state: State<'_, AppState>, iccid: String, patch: serde_json::Value) -> ApiResult<bool> {
    let patch: SimPatch = arg("patch", patch)?;
    let changed = state.db.call(move |store| store.set_sim(&iccid, &patch)).await?;
    state.changed();
    Ok(changed)
}

#[tauri::command]
pub async fn assign_sim(state: State<'_, AppState>, iccid: String, terminal_sn: String) -> ApiResult<()> {
    let today = state.clock.today();
    state.db.call(move |store| store.assign_sim(&iccid, &terminal_sn, today)).await?;
    state.changed();
    Ok(())
}

#[tauri::command]
pub async fn cancel_sim(state: State<'_, AppState>, iccid: String) -> ApiResult<bool> {
    let changed = state.db.call(move |store| store.cancel_sim(&iccid)).await?;
    state.changed();
    Ok(changed)
}

/// Records a renewal: new expiry `until`, the fee in fen, paid `on` (default today).
#[tauri::command]
pub async fn renew_sim(
    state: State<'_, AppState>,
    iccid: String,
    until: String,
    fee: Option<i64>,
    on: Option<String>,
) -> ApiResult<Renewal> {
    let until = date("until", &until)?;
    let on = date_or("on", on.as_deref(), state.clock.today())?;
    let r = state.db.call(move |store| store.renew_sim(&iccid, until, fee, on)).await?;
    state.changed();
    Ok(r)
}
