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

/// Draws the page without GPU compositing (Linux). Lists and forms gain nothing from it, and where
/// there is no usable GPU — remote desktops, old shop PCs, a virtual display — WebKit's compositing
/// runs on a software OpenGL that holds about 130 MiB more in the web process.
pub fn software_rendering<R: Runtime>(app: &AppHandle<R>) {
    #[cfg(target_os = "linux")]
    if let Some(w) = app.get_webview_window(MAIN) {
        let done = w.with_webview(|wv| {
            use webkit2gtk::{HardwareAccelerationPolicy, SettingsExt, WebViewExt};
            if let Some(settings) = WebViewExt::settings(&wv.inner()) {
                settings.set_hardware_acceleration_policy(HardwareAccelerationPolicy::Never);
            }
        });
        if let Err(e) = done {
            log::warn!("webview settings not changed: {e}");
        }
    }
    #[cfg(not(target_os = "linux"))]
    let _ = app;
}
