//! The agenda: reminders (paged), acknowledge, snooze.

use super::{cap, date, date_or};
use crate::answers::{page, ReminderPage};
use crate::error::ApiResult;
use crate::lang::effective_lang;
use crate::state::AppState;
use poskeeper::domain::Urgency;
use tauri::State;

#[tauri::command]
pub async fn reminders(
    state: State<'_, AppState>,
    as_of: Option<String>,
    urgency: Option<String>,
    offset: Option<u32>,
    limit: Option<u32>,
) -> ApiResult<ReminderPage> {
    let today = date_or("as_of", as_of.as_deref(), state.clock.today())?;
    let urgency = urgency.as_deref().map(Urgency::parse).transpose()?;
    let limit = cap(limit, super::MAX_ROWS);
    let all = state
        .db
        .call(move |store| {
            let settings = store.settings()?;
            let lang = effective_lang(store, &settings)?;
            store.listed_reminders(today, lang)
        })
        .await?;
    Ok(page(&all, urgency, offset.unwrap_or(0), limit))
}

/// Acknowledges a listed reminder at its urgency as of `as_of` (default today).
#[tauri::command]
pub async fn acknowledge(state: State<'_, AppState>, key: String, as_of: Option<String>) -> ApiResult<Urgency> {
    let today = date_or("as_of", as_of.as_deref(), state.clock.today())?;
    let u = state.db.call(move |store| store.acknowledge(&key, today)).await?;
    state.changed();
    Ok(u)
}

/// Hides a reminder until `until`; returns the due date it was recorded for.
#[tauri::command]
pub async fn snooze(state: State<'_, AppState>, key: String, until: String) -> ApiResult<String> {
    let until = date("snooze_until", &until)?;
    let due = state.db.call(move |store| store.snooze(&key, until)).await?;
    state.changed();
    Ok(due.to_string())
}
