//! The agenda as a work queue: a filtered, searched page of the listed (or the snoozed)
//! reminders with counts per choice, bulk acknowledge / snooze / un-snooze of chosen keys or of
//! every one that matches, and one undo of the last bulk action. The filtering runs here over the
//! store's shared list, so the window gets a page, never the whole list.

use super::{cap, date, date_or};
use crate::answers::UrgencyCounts;
use crate::error::{arg, ApiError, ApiResult};
use crate::lang::effective_lang;
use crate::state::AppState;
use chrono::NaiveDate;
use poskeeper::domain::Urgency;
use poskeeper::reminders::queue::{self, AgendaFilter, Facets};
use poskeeper::reminders::Reminder;
use poskeeper::Store;
use serde::{Deserialize, Serialize};
use std::sync::Arc;
use tauri::State;
use ts_rs::TS;

/// Which list the agenda shows.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, Serialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum AgendaView {
    /// What is listed (SPEC §3).
    #[default]
    Open,
    /// What a snooze hides now.
    Snoozed,
}

/// One page of the agenda under a filter.
#[derive(Debug, Clone, Serialize, TS)]
pub struct AgendaPage {
    /// How many match the filter (and `urgency`, when given).
    pub total: u32,
    /// How many match the filter, per urgency.
    pub counts: UrgencyCounts,
    /// How many the view holds without any filter.
    pub all: u32,
    pub facets: Facets,
    pub rows: Vec<Reminder>,
}

/// What a bulk action did, and the token that undoes it.
#[derive(Debug, Clone, Serialize, TS)]
pub struct BulkDone {
    pub action: BulkAction,
    pub count: u32,
    pub token: u32,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum BulkAction {
    Ack,
    Snooze,
    Unsnooze,
}

/// The most keys one bulk action takes (an agent's whole agenda at 100k terminals is ~25k).
pub const MAX_KEYS: usize = 200_000;

fn count(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// The list a view shows as of `today`, in the app's language.
fn view_list(store: &mut Store, view: AgendaView, today: NaiveDate) -> poskeeper::Result<Arc<Vec<Reminder>>> {
    let settings = store.settings()?;
    let lang = effective_lang(store, &settings)?;
    let list = match view {
        AgendaView::Open => store.listed_reminders(today, lang)?,
        AgendaView::Snoozed => Arc::new(store.snoozed_reminders(today, lang)?),
    };
    Ok(list)
}

/// Builds a page (pure, so it is tested without a window): with `urgency`, its rows from
/// `offset`; without, the first `limit` rows of each urgency (what the agenda's groups open with).
pub fn page(list: &[Reminder], filter: &AgendaFilter, urgency: Option<Urgency>, offset: u32, limit: u32) -> AgendaPage {
    let matching = queue::filter(list, filter);
    let mut counts = UrgencyCounts::default();
    let mut rows = Vec::new();
    for r in &matching {
        let n = match r.urgency {
            Urgency::Overdue => &mut counts.overdue,
            Urgency::Today => &mut counts.today,
            Urgency::Soon => &mut counts.soon,
            Urgency::Upcoming => &mut counts.upcoming,
        };
        let at = *n;
        *n += 1;
        let wanted = match urgency {
            Some(u) => r.urgency == u && at >= offset && at - offset < limit,
            None => at < limit,
        };
        if wanted {
            rows.push((*r).clone());
        }
    }
    let total = match urgency {
        None => count(matching.len()),
        Some(Urgency::Overdue) => counts.overdue,
        Some(Urgency::Today) => counts.today,
        Some(Urgency::Soon) => counts.soon,
        Some(Urgency::Upcoming) => counts.upcoming,
    };
    AgendaPage { total, counts, all: count(list.len()), facets: queue::facets(list, filter), rows }
}

/// A page of the agenda: `view` (default open), `filter` (default none), one `urgency` or all.
#[tauri::command]
pub async fn agenda(
    state: State<'_, AppState>,
    view: Option<serde_json::Value>,
    filter: Option<serde_json::Value>,
    urgency: Option<String>,
    offset: Option<u32>,
    limit: Option<u32>,
    as_of: Option<String>,
) -> ApiResult<AgendaPage> {
    let today = date_or("as_of", as_of.as_deref(), state.clock.today())?;
    let filter: AgendaFilter = filter.map(|f| arg("filter", f)).transpose()?.unwrap_or_default();
    check_filter(&filter)?;
    let urgency = urgency.as_deref().map(Urgency::parse).transpose()?;
    // Without an urgency, `limit` rows of each of the four.
    let limit = if urgency.is_some() { cap(limit, super::MAX_ROWS) } else { cap(limit, 20).min(super::MAX_ROWS / 4) };
    let view: AgendaView = view.map(|v| arg("view", v)).transpose()?.unwrap_or_default();
    let list = state.db.call(move |store| view_list(store, view, today)).await?;
    Ok(page(&list, &filter, urgency, offset.unwrap_or(0), limit))
}

/// A filter a person could have typed: bounded search text and choices.
fn check_filter(f: &AgendaFilter) -> ApiResult<()> {
    let long = f.search.chars().count() > 200
        || f.stores.len() + f.providers.len() > 1000
        || f.stores.iter().chain(&f.providers).any(|s| s.chars().count() > 200);
    if long {
        return Err(ApiError::new("invalid_argument", "invalid argument filter: too long"));
    }
    Ok(())
}

/// Acts on many reminders in one step: the `keys` given, or every one the `filter` keeps in the
/// `view` — then `expect` (the count the user saw) must still be the count, or nothing is done.
/// `action`: `ack`, `snooze` (`until` a date) or `unsnooze`. Answers the token for `agenda_undo`.
#[tauri::command]
#[allow(clippy::too_many_arguments)]
pub async fn agenda_act(
    state: State<'_, AppState>,
    action: serde_json::Value,
    keys: Option<serde_json::Value>,
    filter: Option<serde_json::Value>,
    view: Option<serde_json::Value>,
    expect: Option<u32>,
    until: Option<String>,
    as_of: Option<String>,
) -> ApiResult<BulkDone> {
    let action: BulkAction = arg("action", action)?;
    let keys: Option<Vec<String>> = keys.map(|k| arg("keys", k)).transpose()?;
    let view: Option<AgendaView> = view.map(|v| arg("view", v)).transpose()?;
    let today = date_or("as_of", as_of.as_deref(), state.clock.today())?;
    let until = match (action, until.as_deref()) {
        (BulkAction::Snooze, Some(u)) => {
            let u = date("snooze_until", u)?;
            if u <= today {
                return Err(ApiError::new(
                    "invalid_date",
                    format!("invalid date for snooze_until: '{u}' (a snooze ends after today)"),
                ));
            }
            u
        }
        (BulkAction::Snooze, None) => {
            return Err(ApiError::new("invalid_argument", "invalid argument until: a snooze needs a date"))
        }
        _ => today,
    };
    let filter: Option<AgendaFilter> = filter.map(|f| arg("filter", f)).transpose()?;
    if let Some(f) = &filter {
        check_filter(f)?;
    }
    let chosen = match (keys, filter) {
        (Some(keys), None) => {
            if keys.is_empty() || keys.len() > MAX_KEYS || keys.iter().any(|k| k.trim().is_empty() || k.len() > 200) {
                return Err(ApiError::new("invalid_argument", "invalid argument keys: 1 to 200000 reminder keys"));
            }
            Chosen::Keys(keys)
        }
        (None, Some(f)) => Chosen::Matching(f, view.unwrap_or_default(), expect),
        _ => return Err(ApiError::new("invalid_argument", "invalid argument: give either keys or a filter")),
    };
    let records = state
        .db
        .call(move |store| {
            let keys = match chosen {
                Chosen::Keys(k) => k,
                Chosen::Matching(f, view, expect) => {
                    let list = view_list(store, view, today)?;
                    let matching = queue::filter(&list, &f);
                    if expect.is_some_and(|n| n as usize != matching.len()) {
                        return Ok(Err(changed(expect, matching.len())));
                    }
                    // Acknowledging again what is acknowledged at this urgency adds nothing.
                    let skip_acked = action == BulkAction::Ack;
                    matching.iter().filter(|r| !(skip_acked && r.acknowledged)).map(|r| r.key.clone()).collect()
                }
            };
            if keys.is_empty() {
                return Ok(Ok(None));
            }
            Ok(Ok(Some(match action {
                BulkAction::Ack => store.acknowledge_many(&keys, today)?,
                BulkAction::Snooze | BulkAction::Unsnooze => store.snooze_many(&keys, until, today)?,
            })))
        })
        .await??;
    let Some(records) = records else {
        return Ok(BulkDone { action, count: 0, token: 0 });
    };
    let n = count(records.len());
    let token = state.keep_bulk(records);
    state.changed();
    Ok(BulkDone { action, count: n, token })
}

enum Chosen {
    Keys(Vec<String>),
    Matching(AgendaFilter, AgendaView, Option<u32>),
}

fn changed(expect: Option<u32>, now: usize) -> ApiError {
    ApiError::new(
        "agenda_changed",
        format!("the agenda changed: {} match the filter now, not {}", now, expect.unwrap_or(0)),
    )
}

/// Undoes the last bulk action (the one `token` names): removes exactly the records it made.
/// Answers how many were removed.
#[tauri::command]
pub async fn agenda_undo(state: State<'_, AppState>, token: u32) -> ApiResult<u32> {
    let Some(records) = state.take_bulk(token) else {
        return Err(ApiError::new("nothing_to_undo", "there is no such bulk action to undo"));
    };
    let n = state.db.call(move |store| store.undo_bulk(&records)).await?;
    state.changed();
    Ok(count(n))
}
