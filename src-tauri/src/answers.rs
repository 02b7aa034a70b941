//! What the window is told at start and on the agenda — `app_info`'s answer and a page of
//! reminders — made without a window or the app's state, so the commands and the first screen
//! (computed before the window asks) share them without importing each other.

use crate::error::{ApiError, ApiResult};
use crate::lang::{effective_lang, os_lang};
use poskeeper::domain::Urgency;
use poskeeper::i18n::Lang;
use poskeeper::reminders::Reminder;
use poskeeper::store::TerminalQuery;
use serde::Serialize;
use ts_rs::TS;

#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct AppInfo {
    pub version: String,
    pub db_path: String,
    pub language: Lang,
    /// The local date ("YYYY-MM-DD"), as the shell's clock sees it.
    pub today: String,
    /// No terminals yet: the first-run screen.
    pub empty: bool,
    /// Why the database could not be opened; it was not touched.
    pub db_error: Option<ApiError>,
}

/// The language the window speaks and whether there are no terminals yet.
pub(crate) fn language_and_empty(store: &mut poskeeper::Store) -> poskeeper::Result<(Lang, bool)> {
    let settings = store.settings()?;
    let lang = effective_lang(store, &settings)?;
    let page = store.list_terminals(&TerminalQuery { limit: 1, ..TerminalQuery::default() })?;
    Ok((lang, page.total == 0))
}

/// `app_info`'s answer from what the database said (also computed ahead, for the first screen).
pub(crate) fn app_info_of(db_path: String, today: chrono::NaiveDate, found: ApiResult<(Lang, bool)>) -> AppInfo {
    let version = env!("CARGO_PKG_VERSION").to_string();
    match found {
        Ok((language, empty)) => {
            AppInfo { version, db_path, language, today: today.to_string(), empty, db_error: None }
        }
        Err(e) => AppInfo {
            version,
            db_path,
            language: os_lang().unwrap_or_default(),
            today: today.to_string(),
            empty: false,
            db_error: Some(e),
        },
    }
}

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
