//! The main window: shown after the UI's first paint, hidden to the tray on close.

use tauri::{AppHandle, Manager, Runtime};

pub const MAIN: &str = "main";

/// Shows, restores and focuses the main window (first paint, tray menu, second launch).
pub fn show_main<R: Runtime>(app: &AppHandle<R>) {
    if let Some(w) = app.get_webview_window(MAIN) {
        let _ = w.show();
        let _ = w.unminimize();
        let _ = w.set_focus();
    }
}
