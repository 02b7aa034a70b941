//! The first screen, handed to the page before its scripts run.
//!
//! The window opens on the agenda and is shown once that is drawn. Asked for over IPC, its data
//! reaches the page ~45 ms after the page asks (answers wait for the main loop while WebKit is still
//! loading the page). So the database thread computes it as soon as the file is open, and on Linux
//! it is added to the webview as a user script (`window.__POSKEEPER_FIRST__ = …`, run before the
//! page's own scripts) unless the page's document has already been made (`PageLoadEvent::Started`,
//! which WebKitGTK sends when the load is committed): ~300 ms after launch, which a 100,000-terminal
//! database makes here. Otherwise — a slower disk, another OS — the page asks over IPC as before,
//! as it also does when the script arrives in the short gap between the commit and that event.
//!
//! The script would run again if the page reloaded; the UI lets only the first document of the
//! session take the data, so a reload never shows what was true at start-up.

use crate::answers::{app_info_of, language_and_empty, page, AppInfo, ReminderPage};
use crate::db::Db;
use chrono::NaiveDate;
use poskeeper::domain::Urgency;
use serde::Serialize;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use tauri::{AppHandle, Runtime};
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

type Waiter = Box<dyn FnOnce(FirstScreen) + Send>;

enum Slot {
    /// Not computed yet; whoever waits for it.
    Pending(Option<Waiter>),
    Ready(Box<FirstScreen>),
    /// Handed out, or given up ([`Prepared::give_up`]).
    Done,
}

/// The first screen, handed out once: to the window when it is ready ([`Prepared::when_ready`]).
pub struct Prepared(Mutex<Slot>);

impl Default for Prepared {
    fn default() -> Self {
        Prepared(Mutex::new(Slot::Pending(None)))
    }
}

impl std::fmt::Debug for Prepared {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Prepared")
    }
}

impl Prepared {
    /// Gives the first screen to `f` as soon as it is computed (at once if it is already).
    pub fn when_ready(&self, f: impl FnOnce(FirstScreen) + Send + 'static) {
        let Ok(mut slot) = self.0.lock() else { return };
        match std::mem::replace(&mut *slot, Slot::Done) {
            Slot::Ready(first) => {
                drop(slot);
                f(*first);
            }
            Slot::Pending(_) => *slot = Slot::Pending(Some(Box::new(f))),
            Slot::Done => {}
        }
    }

    /// The first screen if it is computed and not handed out yet (never waits).
    pub fn take(&self) -> Option<FirstScreen> {
        let mut slot = self.0.lock().ok()?;
        match std::mem::replace(&mut *slot, Slot::Done) {
            Slot::Ready(first) => Some(*first),
            other => {
                *slot = other;
                None
            }
        }
    }

    /// It will not be computed (the reminders failed): drops whoever waits.
    fn give_up(&self) {
        if let Ok(mut slot) = self.0.lock() {
            *slot = Slot::Done;
        }
    }

    fn put(&self, first: FirstScreen) {
        let Ok(mut slot) = self.0.lock() else { return };
        match std::mem::replace(&mut *slot, Slot::Done) {
            Slot::Pending(Some(waiter)) => {
                drop(slot);
                waiter(first);
            }
            Slot::Pending(None) => *slot = Slot::Ready(Box::new(first)),
            Slot::Ready(_) | Slot::Done => {}
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
                    into.give_up();
                    return;
                }
            },
            _ => None,
        };
        into.put(FirstScreen { info: app_info_of(db_path, today, found), agenda });
        log::info!("start-up: first screen ready at {} ms", crate::start_time::since_start_ms());
    });
}

/// Whether the main window's page load has been committed (too late to give it a user script).
#[derive(Debug, Default)]
pub struct PageStarted(AtomicBool);

impl PageStarted {
    pub fn set(&self) {
        self.0.store(true, Ordering::SeqCst);
    }
    fn get(&self) -> bool {
        self.0.load(Ordering::SeqCst)
    }
}

/// Gives the main window's page the first screen once it is computed, unless its load has been
/// committed by then (checked on the main thread, where page-load events are handled too).
pub fn hand_to_page<R: Runtime>(app: &AppHandle<R>, prepared: &Prepared, page_started: &Arc<PageStarted>) {
    let handle = app.clone();
    let started = Arc::clone(page_started);
    prepared.when_ready(move |first| {
        let Some(script) = first.script() else { return };
        let h = handle.clone();
        let queued = handle.run_on_main_thread(move || {
            if started.get() {
                log::info!("start-up: first screen ready after the page load began; the page asks for it");
            } else {
                crate::window::add_page_script(&h, &script);
            }
        });
        if let Err(e) = queued {
            log::warn!("start-up: first screen not given to the page: {e}");
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use poskeeper::i18n::Lang;
    use std::sync::mpsc;

    fn first(today: &str) -> FirstScreen {
        let d = NaiveDate::parse_from_str(today, "%Y-%m-%d").unwrap_or_default();
        FirstScreen { info: app_info_of("x.db".into(), d, Ok((Lang::ZhCn, true))), agenda: None }
    }

    #[test]
    fn a_waiter_gets_the_first_screen_once_whether_it_came_before_or_after() {
        let (tx, rx) = mpsc::channel();
        let early = Prepared::default();
        let t = tx.clone();
        early.when_ready(move |f| t.send(f.info.today).unwrap_or_default());
        assert!(rx.try_recv().is_err(), "nothing computed yet");
        early.put(first("2026-11-22"));
        assert_eq!(rx.try_recv().ok().as_deref(), Some("2026-11-22"));
        early.put(first("2026-11-23"));
        assert!(early.take().is_none() && rx.try_recv().is_err(), "handed out once");

        let late = Prepared::default();
        late.put(first("2026-11-24"));
        late.when_ready(move |f| tx.send(f.info.today).unwrap_or_default());
        assert_eq!(rx.try_recv().ok().as_deref(), Some("2026-11-24"));
        assert!(late.take().is_none());
    }

    #[test]
    fn the_script_is_one_assignment_of_the_json() {
        let f = first("2026-11-22");
        let script = f.script().unwrap_or_default();
        let json = script.strip_prefix("window.__POSKEEPER_FIRST__=").and_then(|s| s.strip_suffix(';'));
        let parsed: serde_json::Value = serde_json::from_str(json.unwrap_or("")).unwrap_or_default();
        assert_eq!(parsed["info"]["today"], "2026-11-22");
        assert_eq!(parsed["agenda"], serde_json::Value::Null);
    }
}
