//! The tray icon: open the window, how many items are due, quit.

use crate::state::AppState;
use poskeeper::i18n::Lang;
use tauri::menu::{Menu, MenuItem, PredefinedMenuItem};
use tauri::tray::TrayIconBuilder;
use tauri::{AppHandle, Manager, Runtime};

pub const TRAY_ID: &str = "main";

/// The menu items whose text changes.
pub struct TrayMenu<R: Runtime> {
    open: MenuItem<R>,
    due: MenuItem<R>,
    quit: MenuItem<R>,
}

fn open_label(lang: Lang) -> &'static str {
    lang.pick("打开 POS管家", "打開 POS管家", "Open PosKeeper")
}

fn quit_label(lang: Lang) -> &'static str {
    lang.pick("退出", "結束", "Quit")
}

/// "3 项待处理" / "3 items due".
pub fn due_label(lang: Lang, due: usize) -> String {
    match lang {
        Lang::ZhCn => format!("{due} 项待处理"),
        Lang::ZhTw => format!("{due} 項待處理"),
        Lang::En if due == 1 => "1 item due".to_string(),
        Lang::En => format!("{due} items due"),
    }
}

pub fn create<R: Runtime>(app: &AppHandle<R>, lang: Lang) -> tauri::Result<()> {
    let open = MenuItem::with_id(app, "open", open_label(lang), true, None::<&str>)?;
    let due = MenuItem::with_id(app, "due", due_label(lang, 0), true, None::<&str>)?;
    let quit_item = MenuItem::with_id(app, "quit", quit_label(lang), true, None::<&str>)?;
    let sep = PredefinedMenuItem::separator(app)?;
    let menu = Menu::with_items(app, &[&open, &due, &sep, &quit_item])?;
    let mut tray =
        TrayIconBuilder::with_id(TRAY_ID).tooltip("POS管家").menu(&menu).show_menu_on_left_click(true).on_menu_event(
            |app, event| match event.id().as_ref() {
                "open" | "due" => crate::window::show_main(app),
                "quit" => quit(app),
                _ => {}
            },
        );
    if let Some(icon) = app.default_window_icon() {
        tray = tray.icon(icon.clone());
    }
    tray.build(app)?;
    app.manage(TrayMenu { open, due, quit: quit_item });
    Ok(())
}

/// Updates the count (and the language) of the menu.
pub fn set_due<R: Runtime>(app: &AppHandle<R>, due: usize, lang: Lang) {
    if let Some(menu) = app.try_state::<TrayMenu<R>>() {
        let _ = menu.open.set_text(open_label(lang));
        let _ = menu.due.set_text(due_label(lang, due));
        let _ = menu.quit.set_text(quit_label(lang));
    }
    if let Some(tray) = app.tray_by_id(TRAY_ID) {
        let _ = tray.set_tooltip(Some(format!("POS管家 · {}", due_label(lang, due))));
    }
}

/// Stops the notifier cleanly, then ends the app.
pub fn quit<R: Runtime>(app: &AppHandle<R>) {
    let app = app.clone();
    tauri::async_runtime::spawn(async move {
        if let Some(state) = app.try_state::<AppState>() {
            state.notifier.stop().await;
        }
        app.exit(0);
    });
}
