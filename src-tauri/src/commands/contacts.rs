//! Contacts (联系方式): hotlines of banks, payment companies, makers and repairers.

use crate::error::{arg, ApiResult};
use crate::state::AppState;
use poskeeper::domain::{Contact, ContactInput};
use tauri::State;

#[tauri::command]
pub async fn contacts(state: State<'_, AppState>) -> ApiResult<Vec<Contact>> {
    state.db.call(|store| store.contacts()).await
}

#[tauri::command]
pub async fn add_contact(state: State<'_, AppState>, contact: serde_json::Value) -> ApiResult<i64> {
    let c: ContactInput = arg("contact", contact)?;
    state.db.call(move |store| store.add_contact(&c)).await
}

/// Links the contact called `name` to the terminal `sn`.
#[tauri::command]
pub async fn link_contact(state: State<'_, AppState>, name: String, sn: String) -> ApiResult<()> {
    state.db.call(move |store| store.link_contact(&name, &sn)).await
}
