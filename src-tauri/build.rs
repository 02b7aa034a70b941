//! Tauri's build step, with an app manifest: every command gets an `allow-…` permission, and only
//! the capability file (`capabilities/main-window.json`) grants them, to the main window.

/// Every IPC command of the app (keep in step with `generate_handler!` in `src/lib.rs`).
const COMMANDS: &[&str] = &[
    "app_info",
    "ui_ready",
    "settings",
    "set_setting",
    "load_demo",
    "reminders",
    "acknowledge",
    "snooze",
    "list_terminals",
    "terminal_detail",
    "add_terminal",
    "set_terminal",
    "store_names",
    "check_iccid",
    "add_sim",
    "set_sim",
    "assign_sim",
    "cancel_sim",
    "renew_sim",
    "add_deposit",
    "settle_deposit",
    "add_plans",
    "complete_plan",
    "open_repair",
    "update_repair",
    "close_repair",
    "open_repairs",
    "contacts",
    "add_contact",
    "link_contact",
];

fn main() {
    let attributes = tauri_build::Attributes::new().app_manifest(tauri_build::AppManifest::new().commands(COMMANDS));
    if let Err(e) = tauri_build::try_build(attributes) {
        println!("cargo::error={e}");
    }
}
