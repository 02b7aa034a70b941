//! What every command can reach: the database thread, the clock, the notifier and the window
//! switches.

use crate::db::Db;
use crate::first_screen::{PageStarted, Prepared};
use crate::notifier::Notifier;
use crate::picks::Picks;
use poskeeper::clock::Clock;
use poskeeper::store::BulkRecords;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

pub struct AppState {
    pub db: Db,
    pub clock: Arc<dyn Clock>,
    pub notifier: Notifier,
    /// The `close_to_tray` setting (default on), kept here for the window's close handler.
    pub close_to_tray: AtomicBool,
    /// Whether a tray icon exists (without one, closing the window quits).
    pub tray: AtomicBool,
    /// Whether the main window has been shown once.
    pub shown: AtomicBool,
    /// Started at login with `--hidden`: stay in the tray until the user opens the window.
    pub start_hidden: bool,
    /// The first screen, computed while the webview starts ([`crate::first_screen`]).
    pub first_screen: Arc<Prepared>,
    /// Whether the main window's page load has been committed ([`crate::first_screen`]).
    pub page_started: Arc<PageStarted>,
    /// The files the user picked in the shell's dialogs, by token ([`crate::picks`]).
    pub picks: Picks,
    /// The backup folder the user chose, as last read: its backups are still listed when the
    /// database is closed (damaged) and the setting cannot be read.
    pub backup_dir: std::sync::Mutex<Option<std::path::PathBuf>>,
    /// The last bulk action on the agenda, which `agenda_undo` can take back once.
    pub last_bulk: std::sync::Mutex<LastBulk>,
}

impl AppState {
    pub fn new(db: Db, clock: Arc<dyn Clock>, notifier: Notifier, start_hidden: bool, picks: Picks) -> AppState {
        AppState {
            db,
            clock,
            notifier,
            close_to_tray: AtomicBool::new(true),
            tray: AtomicBool::new(false),
            shown: AtomicBool::new(false),
            start_hidden,
            first_screen: Arc::default(),
            page_started: Arc::default(),
            picks,
            backup_dir: std::sync::Mutex::default(),
            last_bulk: std::sync::Mutex::default(),
        }
    }

    /// Something was written: re-check reminders (the notifier then emits `reminders-changed`).
    pub fn changed(&self) {
        self.notifier.check_now();
    }

    /// Keeps a bulk action's records for one undo (replacing the one kept before); its token.
    pub fn keep_bulk(&self, records: BulkRecords) -> u32 {
        self.last_bulk.lock().unwrap_or_else(std::sync::PoisonError::into_inner).keep(records)
    }

    /// The kept bulk action, if `token` names it (then it is no longer kept).
    pub fn take_bulk(&self, token: u32) -> Option<BulkRecords> {
        self.last_bulk.lock().unwrap_or_else(std::sync::PoisonError::into_inner).take(token)
    }

    pub fn hides_on_close(&self) -> bool {
        self.close_to_tray.load(Ordering::Relaxed) && self.tray.load(Ordering::Relaxed)
    }
}

/// The last bulk action's records, by token (what [`AppState`] keeps).
#[derive(Debug, Default)]
pub struct LastBulk {
    next: u32,
    kept: Option<(u32, BulkRecords)>,
}

impl LastBulk {
    pub fn keep(&mut self, records: BulkRecords) -> u32 {
        self.next = self.next.wrapping_add(1).max(1);
        self.kept = Some((self.next, records));
        self.next
    }

    pub fn take(&mut self, token: u32) -> Option<BulkRecords> {
        match self.kept.take() {
            Some((t, r)) if t == token => Some(r),
            other => {
                self.kept = other;
                None
            }
        }
    }
}
