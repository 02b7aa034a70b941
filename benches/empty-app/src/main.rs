//! The empty app, shown one of two ways (`EMPTY_APP_SHOW`):
//! - unset: as soon as its window exists, blank (Tauri's default, `visible: true`);
//! - `after-load`: once its page has loaded — the way PosKeeper shows its window (after the first
//!   screen is drawn, so no blank window is ever seen). This is the floor for "first painted window".
use tauri::webview::PageLoadEvent;
use tauri::WebviewWindowBuilder;

fn main() {
    let after_load = std::env::var("EMPTY_APP_SHOW").as_deref() == Ok("after-load");
    let app = tauri::Builder::default()
        // The window is made here, as Tauri makes the windows of its config (`create: false` there),
        // so that it can start hidden in the second way.
        .setup(move |app| {
            if let Some(config) = app.config().app.windows.first() {
                WebviewWindowBuilder::from_config(app.handle(), config)?.visible(!after_load).build()?;
            }
            Ok(())
        })
        .on_page_load(move |webview, payload| {
            if after_load && payload.event() == PageLoadEvent::Finished {
                let _ = webview.window().show();
            }
        })
        .run(tauri::generate_context!());
    if let Err(e) = app {
        eprintln!("{e}");
        std::process::exit(1);
    }
}
