//! The main window: shown after the UI's first paint, hidden to the tray on close.

use tauri::{AppHandle, Manager, Runtime, WebviewWindowBuilder};

pub const MAIN: &str = "main";

/// Makes the main window from its entry in `tauri.conf.json` (`create: false` there, so that it is
/// made here, after the app's state exists).
pub fn create_main<R: Runtime>(app: &AppHandle<R>) -> tauri::Result<()> {
    let config = app.config().app.windows.iter().find(|w| w.label == MAIN).cloned().unwrap_or_default();
    // Hidden whatever the config says: `ui_ready` shows it once the first screen is drawn.
    WebviewWindowBuilder::from_config(app, &config)?.visible(false).build()?;
    Ok(())
}

/// Adds a script that runs before the page's own, from the next document on (Linux; elsewhere
/// nothing happens and the page asks over IPC). Call on the main thread.
pub fn add_page_script<R: Runtime>(app: &AppHandle<R>, source: &str) {
    #[cfg(target_os = "linux")]
    if let Some(w) = app.get_webview_window(MAIN) {
        let source = source.to_string();
        let done = w.with_webview(move |wv| {
            use webkit2gtk::{
                UserContentInjectedFrames, UserContentManagerExt, UserScript, UserScriptInjectionTime, WebViewExt,
            };
            let Some(ucm) = wv.inner().user_content_manager() else {
                log::warn!("start-up: the webview has no user content manager; the page asks for its data");
                return;
            };
            let script =
                UserScript::new(&source, UserContentInjectedFrames::TopFrame, UserScriptInjectionTime::Start, &[], &[]);
            ucm.add_script(&script);
            log::info!(
                "start-up: first screen added to the page's scripts at {} ms",
                crate::start_time::since_start_ms()
            );
        });
        if let Err(e) = done {
            log::warn!("start-up: first screen not added to the page: {e}");
        }
    }
    #[cfg(not(target_os = "linux"))]
    let _ = (app, source);
}

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
