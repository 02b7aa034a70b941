//! PosKeeper's desktop shell (Tauri 2). Thin: it validates what the UI sends, runs the core on the
//! database thread ([`db`]), pops reminders up ([`notifier`]), and keeps a tray icon ([`tray`]).
//! Everything else is the `poskeeper` core.
//!
//! Layer rule: modules import each other in one direction (commands, tray → state → first_screen
//! → answers → notifier → db) and none runs SQL — the core's store does; this file wires them.

pub mod answers;
pub mod bindings;
pub mod clock;
pub mod commands;
pub mod db;
pub mod error;
pub mod first_screen;
pub mod lang;
#[cfg(target_os = "linux")]
pub mod linux_notify;
pub mod notifier;
pub mod picks;
pub mod pusher;
pub mod start_time;
pub mod state;
pub mod tray;
pub mod webview2;
pub mod window;

use crate::db::Db;
use crate::error::ApiError;
use crate::notifier::{Delivery, Notifier, Output};
use crate::start_time::since_start_ms;
use crate::state::AppState;
use poskeeper::clock::Clock;
use poskeeper::i18n::Lang;
use serde::Serialize;
use std::path::PathBuf;
use std::sync::atomic::Ordering;
use std::sync::Arc;
use std::time::Duration;
use tauri::{AppHandle, Builder, Emitter, Manager, Runtime, WindowEvent};
use ts_rs::TS;

/// The event the UI listens to for a fresh agenda.
pub const REMINDERS_CHANGED: &str = "reminders-changed";
/// The event that tells the window the database was closed because its file is damaged (payload:
/// the `{code, message}` every later call answers); the window shows the database-error screen.
pub const DATABASE_CLOSED: &str = "database-closed";
/// Set to `1` to allow a second instance (end-to-end tests start the app once per session).
pub const NO_SINGLE_INSTANCE_ENV: &str = "POSKEEPER_NO_SINGLE_INSTANCE";
/// How long the window waits for the UI's `ui_ready` before showing itself anyway.
pub const SHOW_FALLBACK: Duration = Duration::from_secs(5);

/// Payload of [`REMINDERS_CHANGED`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
pub struct RemindersChanged {
    /// Listed reminders not acknowledged.
    pub due: u32,
}

/// How the shell is started.
pub struct Options {
    /// The database file (`None`: no place for it was found).
    pub db_path: Option<PathBuf>,
    pub clock: Arc<dyn Clock>,
    /// Create the tray icon.
    pub tray: bool,
    /// Started at login: stay in the tray.
    pub start_hidden: bool,
    /// Test builds only: a file of paths that stand in for the file dialogs ([`picks`]).
    pub test_picks: Option<PathBuf>,
}

impl Options {
    /// What the real app uses: `POSKEEPER_DB` or the app-data file, `POSKEEPER_NOW` or the clock
    /// (and, in a debug build, `POSKEEPER_TEST_PICK` for the file dialogs).
    pub fn from_env() -> Options {
        Options {
            db_path: poskeeper::paths::default_db_path(),
            clock: clock::from_env(),
            tray: true,
            start_hidden: std::env::args().any(|a| a == "--hidden"),
            test_picks: picks::Picks::script_from_env(),
        }
    }
}

/// The notifier's output in the real app: OS notifications, an event for the UI, the tray count.
struct TauriOutput<R: Runtime> {
    app: AppHandle<R>,
}

impl<R: Runtime> Output for TauriOutput<R> {
    fn show(&self, summary: &str, body: &str) -> bool {
        self.deliver(summary, body) != Delivery::Refused
    }

    fn deliver(&self, summary: &str, body: &str) -> Delivery {
        // On Linux the D-Bus call is made here, so its answer counts: the notification plugin
        // hands it to a task and reports success either way, and a lost notification would be
        // logged as shown and never tried again. A call left without an answer (a hung server)
        // is `Unknown`: the server may still show it, so it is not sent again.
        #[cfg(target_os = "linux")]
        {
            linux_notify::show(linux_notify::Message::poskeeper(summary, body))
        }
        #[cfg(not(target_os = "linux"))]
        {
            use tauri_plugin_notification::NotificationExt;
            match self.app.notification().builder().title(summary).body(body).show() {
                Ok(()) => Delivery::Shown,
                Err(e) => {
                    log::warn!("notification not shown: {e}");
                    Delivery::Refused
                }
            }
        }
    }

    fn changed(&self, due: usize, lang: Lang) {
        let due32 = u32::try_from(due).unwrap_or(u32::MAX);
        let _ = self.app.emit(REMINDERS_CHANGED, RemindersChanged { due: due32 });
        tray::set_due(&self.app, due, lang);
    }
}

/// The real notifier output for an app handle.
pub fn tauri_output<R: Runtime>(app: &AppHandle<R>) -> Arc<dyn Output> {
    Arc::new(TauriOutput { app: app.clone() })
}

/// Adds the app's commands, state and window behaviour to `builder`; the setup hook (run when the
/// event loop starts) adds the tray and starts the notifier with the output `output` makes.
pub fn run_app<R, F>(builder: Builder<R>, opts: Options, output: F) -> Builder<R>
where
    R: Runtime,
    F: FnOnce(&AppHandle<R>) -> Arc<dyn Output> + Send + 'static,
{
    // The database opens on its own thread while the webview loads.
    let db = match opts.db_path {
        Some(p) => Db::start(p),
        None => Db::unavailable(PathBuf::new(), ApiError::from(poskeeper::Error::DbFolderMissing(PathBuf::from("~")))),
    };
    log::info!("database: {}", db.path().display());
    let state = AppState::new(db, opts.clock, Notifier::new(), opts.start_hidden, picks::Picks::new(opts.test_picks));
    // Queued first on the database thread: done long before the page could ask.
    first_screen::prepare(&state.db, state.clock.today(), Arc::clone(&state.first_screen));
    let tray_wanted = opts.tray;
    builder
        .manage(state)
        .invoke_handler(tauri::generate_handler![
            commands::app::app_info,
            commands::app::ui_ready,
            commands::app::settings,
            commands::app::set_setting,
            commands::app::load_demo,
            commands::reminders::reminders,
            commands::reminders::acknowledge,
            commands::reminders::snooze,
            commands::agenda::agenda,
            commands::agenda::agenda_act,
            commands::agenda::agenda_undo,
            commands::terminals::list_terminals,
            commands::terminals::terminal_detail,
            commands::terminals::add_terminal,
            commands::terminals::set_terminal,
            commands::terminals::store_names,
            commands::terminals::provider_counts,
            commands::files::reveal_export,
            commands::sims::check_iccid,
            commands::sims::add_sim,
            commands::sims::set_sim,
            commands::sims::assign_sim,
            commands::sims::cancel_sim,
            commands::sims::renew_sim,
            commands::deposits::add_deposit,
            commands::deposits::settle_deposit,
            commands::maintenance::add_plans,
            commands::maintenance::complete_plan,
            commands::repairs::open_repair,
            commands::repairs::update_repair,
            commands::repairs::close_repair,
            commands::repairs::open_repairs,
            commands::repairs::finished_repairs,
            commands::contacts::contacts,
            commands::contacts::add_contact,
            commands::contacts::link_contact,
            commands::files::pick_import_file,
            commands::files::pick_export_file,
            commands::files::import_file,
            commands::files::preview_import,
            commands::files::export_file,
            commands::files::save_import_problems,
            commands::backups::backups,
            commands::backups::backup_folder,
            commands::backups::pick_backup_folder,
            commands::backups::reset_backup_folder,
            commands::backups::backup_now,
            commands::backups::pick_backup_file,
            commands::backups::inspect_backup_file,
            commands::backups::restore_backup,
            commands::backups::restore_file,
            commands::channels::channels,
            commands::channels::add_channel,
            commands::channels::test_channel,
            commands::channels::remove_channel,
            commands::outlook::outlook,
            commands::outlook::export_outlook,
            commands::attachments::pick_attachment_file,
            commands::attachments::attach_file,
            commands::attachments::attachments,
            commands::attachments::attachment_thumb,
            commands::attachments::open_attachment,
            commands::attachments::remove_attachment,
        ])
        .on_page_load(|webview, payload| {
            let what = match payload.event() {
                tauri::webview::PageLoadEvent::Started => {
                    if let Some(s) = webview.try_state::<AppState>() {
                        s.page_started.set();
                    }
                    "started"
                }
                tauri::webview::PageLoadEvent::Finished => "finished",
            };
            log::info!("start-up: page load {what} at {} ms", since_start_ms());
        })
        .setup(move |app| {
            log::info!("start-up: setup at {} ms", since_start_ms());
            let handle = app.handle().clone();
            window::create_main(&handle)?;
            let state = app.state::<AppState>();
            first_screen::hand_to_page(&handle, &state.first_screen, &state.page_started);
            window::software_rendering(&handle);
            if tray_wanted {
                match tray::create(&handle, lang::os_lang().unwrap_or_default()) {
                    Ok(()) => app.state::<AppState>().tray.store(true, Ordering::Relaxed),
                    Err(e) => log::warn!("no tray icon: {e}"),
                }
            }
            report_closed_database(&handle);
            start_notifier(&handle, output(&handle));
            // The close-to-tray switch, read once the database is open.
            let h = handle.clone();
            tauri::async_runtime::spawn(async move {
                let state = h.state::<AppState>();
                if let Ok(s) = state.db.call(|store| store.settings()).await {
                    state.close_to_tray.store(s.close_to_tray, Ordering::Relaxed);
                }
            });
            // Should the UI never say it has painted, show the window anyway.
            let h = handle.clone();
            tauri::async_runtime::spawn(async move {
                tokio::time::sleep(SHOW_FALLBACK).await;
                let state = h.state::<AppState>();
                if !state.shown.load(Ordering::Relaxed) && !state.start_hidden {
                    log::warn!("the UI did not call ui_ready within {SHOW_FALLBACK:?}; showing the window");
                    state.db.check();
                    window::show_main(&h);
                    state.shown.store(true, Ordering::Relaxed);
                }
            });
            log::info!("start-up: setup done at {} ms", since_start_ms());
            Ok(())
        })
        .on_window_event(|window, event| {
            if let WindowEvent::DragDrop(tauri::DragDropEvent::Drop { paths, position }) = event {
                let at = position.to_logical::<f64>(window.scale_factor().unwrap_or(1.0));
                commands::attachments::dropped(window.app_handle(), paths, (at.x, at.y));
            }
            if let WindowEvent::CloseRequested { api, .. } = event {
                let hide = window.app_handle().try_state::<AppState>().is_some_and(|s| s.hides_on_close());
                if hide && window.label() == window::MAIN {
                    api.prevent_close();
                    let _ = window.hide();
                }
            }
        })
}

/// Has the window told when the database is closed because its file is damaged (the setup hook
/// of [`run_app`] does this; tests that never run the event loop call it themselves).
pub fn report_closed_database<R: Runtime>(app: &AppHandle<R>) {
    if let Some(state) = app.try_state::<AppState>() {
        let handle = app.clone();
        state.db.when_closed(move |e| {
            let _ = handle.emit(DATABASE_CLOSED, e.clone());
        });
    }
}

/// Starts the notifier of an app built by [`run_app`] (its setup hook does this; tests that
/// never run the event loop call it themselves).
pub fn start_notifier<R: Runtime>(app: &AppHandle<R>, output: Arc<dyn Output>) {
    if let Some(state) = app.try_state::<AppState>() {
        state.notifier.start(state.db.clone(), Arc::clone(&state.clock), output);
    }
}

/// Starts the desktop app.
pub fn run() {
    since_start_ms();
    // Windows without the WebView2 runtime: say what to install, rather than fail in setup.
    #[cfg(windows)]
    match webview2::ensure_runtime() {
        Ok(v) => log::info!("WebView2 runtime {v}"),
        Err(e) => {
            log::error!("no WebView2 runtime: {e}");
            std::process::exit(1)
        }
    }
    let mut builder = tauri::Builder::default();
    // The single-instance plugin goes first, so a second launch ends before anything else starts.
    if std::env::var(NO_SINGLE_INSTANCE_ENV).as_deref() != Ok("1") {
        builder = builder.plugin(tauri_plugin_single_instance::init(|app, _argv, _cwd| window::show_main(app)));
    }
    let builder = builder
        .plugin(tauri_plugin_log::Builder::new().level(log::LevelFilter::Info).build())
        .plugin(tauri_plugin_notification::init())
        .plugin(tauri_plugin_dialog::init())
        .plugin(tauri_plugin_autostart::init(
            tauri_plugin_autostart::MacosLauncher::LaunchAgent,
            Some(vec!["--hidden"]),
        ));
    let app = run_app(builder, Options::from_env(), tauri_output).build(tauri::generate_context!());
    log::info!("start-up: built at {} ms", since_start_ms());
    match app {
        Ok(app) => app.run(|handle, event| {
            if let tauri::RunEvent::Exit = event {
                if let Some(state) = handle.try_state::<AppState>() {
                    tauri::async_runtime::block_on(state.notifier.stop());
                }
            }
        }),
        Err(e) => {
            eprintln!("PosKeeper could not start: {e}");
            std::process::exit(1);
        }
    }
}
