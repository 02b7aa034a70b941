//! What every command can reach: the database thread, the clock, the notifier and the window
//! switches.

use crate::db::Db;
use crate::first_screen::{PageStarted, Prepared};
use crate::notifier::Notifier;
use crate::picks::Picks;
use poskeeper::clock::Clock;
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
        }
    }

    /// Something was written: re-check reminders (the notifier then emits `reminders-changed`).
    pub fn changed(&self) {
        self.notifier.check_now();
    }

    pub fn hides_on_close(&self) -> bool {
        self.close_to_tray.load(Ordering::Relaxed) && self.tray.load(Ordering::Relaxed)
    }
}
