//! The agenda: reminders (paged), acknowledge, snooze.

use super::{cap, date, date_or};
use crate::error::ApiResult;
use crate::notifier::effective_lang;
use crate::state::AppState;
use poskeeper::domain::Urgency;
use poskeeper::reminders::Reminder;
use serde::Serialize;
use tauri::State;
use ts_rs::TS;

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, TS)]
pub struct UrgencyCounts {
    pub overdue: u32,
    pub today: u32,
    pub soon: u32,
    pub upcoming: u32,
}

/// One page of the reminders listed as of a date, in SPEC §3 order.
#[derive(Debug, Clone, Serialize, TS)]
pub struct ReminderPage {
    /// How many match the `urgency` filter (all listed ones without it).
    pub total: u32,
    /// Listed reminders per urgency (whatever the filter).
    pub counts: UrgencyCounts,
    /// Listed reminders not acknowledged (what the tray shows).
    pub due: u32,
    pub rows: Vec<Reminder>,
}

fn count(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// Builds a page from the full list (pure, so it is tested without a window).
pub fn page(all: &[Reminder], urgency: Option<Urgency>, offset: u32, limit: u32) -> ReminderPage {
    let mut counts = UrgencyCounts::default();
    for r in all {
        match r.urgency {
            Urgency::Overdue => counts.overdue += 1,
            Urgency::Today => counts.today += 1,
            Urgency::Soon => counts.soon += 1,
            Urgency::Upcoming => counts.upcoming += 1,
        }
    }
    let due = count(all.iter().filter(|r| !r.acknowledged).count());
    let matching: Vec<&Reminder> = all.iter().filter(|r| urgency.is_none_or(|u| r.urgency == u)).collect();
    let total = count(matching.len());
    let rows = matching.into_iter().skip(offset as usize).take(limit as usize).cloned().collect();
    ReminderPage { total, counts, due, rows }
}

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
