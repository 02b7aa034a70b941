//! The first screen, handed to the page before its scripts run.
//!
//! The window opens on the agenda. Asked for over IPC, its data reaches the page ~45 ms after the
//! page asks (the answer waits for the main loop while WebKit is still loading the page), and the
//! window is shown only once that data is drawn. So the database thread computes it as soon as the
//! file is open — for any database that opens quickly, well before the webview is made — and the
//! window is created with it in an initialization script (`window.__POSKEEPER_FIRST__`). When it
//! is not ready in time (a very large file on a slow disk), the page asks over IPC as before.
//!
//! The script runs again if the page reloads; the UI takes the data once per session and asks over
//! IPC after that, so a reload never shows what was true at start-up.

use crate::commands::app::{app_info_of, language_and_empty, AppInfo};
use crate::commands::reminders::{page, ReminderPage};
use crate::db::Db;
use chrono::NaiveDate;
use poskeeper::domain::Urgency;
use serde::Serialize;
use std::sync::{Arc, Mutex};
use ts_rs::TS;

/// The global the initialization script sets.
pub const GLOBAL: &str = "__POSKEEPER_FIRST__";
/// Rows per urgency: more than the window shows at once, few enough to draw at once.
pub const FIRST_ROWS: u32 = 20;

/// The agenda's first page of each urgency.
#[derive(Debug, Clone, Serialize, TS)]
pub struct AgendaFirst {
    pub overdue: ReminderPage,
    pub today: ReminderPage,
    pub soon: ReminderPage,
    pub upcoming: ReminderPage,
}

/// What `app_info` and the agenda's first `reminders` calls would answer.
#[derive(Debug, Clone, Serialize, TS)]
pub struct FirstScreen {
    pub info: AppInfo,
    /// `None` when the agenda is not the first screen (no terminals yet, or no database).
    pub agenda: Option<AgendaFirst>,
}

impl FirstScreen {
    /// The initialization script: one assignment of a JSON value (JSON is valid JavaScript).
    pub fn script(&self) -> Option<String> {
        match serde_json::to_string(self) {
            Ok(json) => Some(format!("window.{GLOBAL}={json};")),
            Err(e) => {
                log::warn!("first screen not serialized: {e}");
                None
            }
        }
    }
}

/// The first screen once the database thread has computed it; taken once, when the window is made.
#[derive(Debug, Default)]
pub struct Prepared(Mutex<Option<FirstScreen>>);

impl Prepared {
    /// The first screen if it is ready now (never waits).
    pub fn take(&self) -> Option<FirstScreen> {
        self.0.try_lock().ok().and_then(|mut slot| slot.take())
    }

    fn put(&self, first: FirstScreen) {
        if let Ok(mut slot) = self.0.lock() {
            *slot = Some(first);
        }
    }
}

/// Computes the first screen on the database thread (queued before anything else) into `into`.
/// The reminders stay in the store's cache, so the same calls over IPC are quick too.
pub fn prepare(db: &Db, today: NaiveDate, into: Arc<Prepared>) {
    let db_path = db.path().display().to_string();
    db.prepare(move |opened| {
        let found = match &mut *opened {
            Ok(store) => language_and_empty(store).map_err(Into::into),
            Err(e) => Err(e.clone()),
        };
        let agenda = match (&found, opened) {
            (Ok((lang, false)), Ok(store)) => match store.listed_reminders(today, *lang) {
                Ok(all) => {
                    let first = |u| page(&all, Some(u), 0, FIRST_ROWS);
                    Some(AgendaFirst {
                        overdue: first(Urgency::Overdue),
                        today: first(Urgency::Today),
                        soon: first(Urgency::Soon),
                        upcoming: first(Urgency::Upcoming),
                    })
                }
                // The page asks again over IPC and shows the error the usual way.
                Err(e) => {
                    log::warn!("start-up: reminders not prepared: {e}");
                    return;
                }
            },
            _ => None,
        };
        into.put(FirstScreen { info: app_info_of(db_path, today, found), agenda });
        log::info!("start-up: first screen ready at {} ms", crate::since_start_ms());
    });
}
