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
    "agenda",
    "agenda_act",
    "agenda_undo",
    "list_terminals",
    "terminal_detail",
    "add_terminal",
    "set_terminal",
    "store_names",
    "provider_counts",
    "reveal_export",
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
    "finished_repairs",
    "contacts",
    "add_contact",
    "link_contact",
    "pick_import_file",
    "pick_export_file",
    "pick_backup_file",
    "import_file",
    "preview_import",
    "export_file",
    "save_import_problems",
    "backups",
    "restore_backup",
    "restore_file",
    "backup_folder",
    "pick_backup_folder",
    "reset_backup_folder",
    "backup_now",
    "inspect_backup_file",
    "channels",
    "add_channel",
    "test_channel",
    "remove_channel",
    "outlook",
    "export_outlook",
    "pick_attachment_file",
    "attach_file",
    "attachments",
    "attachment_thumb",
    "open_attachment",
    "remove_attachment",
];

/// The UI bundle the app embeds (`tauri.conf.json` → `build.frontendDist`).
const FRONTEND_DIST: &str = "../ui/dist";

/// Without the UI built yet (a fresh clone, `cargo clippy` before `make ui-build`), embed a page
/// that says how to build it, so the Rust side always compiles. `make app` builds the real UI first;
/// its `index.html` replacing this one makes Cargo embed the new bundle.
fn ensure_frontend_dist() {
    let dist = std::path::Path::new(FRONTEND_DIST);
    let index = dist.join("index.html");
    if !index.exists() {
        let page = "<!doctype html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>POS管家</title></head>\
                    <body><p>界面尚未构建：请运行 <code>make app</code>。The UI is not built: run <code>make app</code>.</p></body></html>\n";
        if std::fs::create_dir_all(dist).and_then(|()| std::fs::write(&index, page)).is_err() {
            println!("cargo::warning=could not write a placeholder {}", index.display());
        }
    }
}

fn main() {
    ensure_frontend_dist();
    let attributes = tauri_build::Attributes::new().app_manifest(tauri_build::AppManifest::new().commands(COMMANDS));
    if let Err(e) = tauri_build::try_build(attributes) {
        println!("cargo::error={e}");
    }
}
