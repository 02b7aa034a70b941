//! The commands tested here are the ones `src/lib.rs` registers.

use crate::*;
use std::collections::BTreeSet;

/// Every command `src/lib.rs` registers, each called by a test in `tests/ipc_commands/`.
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

#[test]
fn the_list_here_is_every_command_the_shell_registers() -> TestResult {
    let lib = std::fs::read_to_string(PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("src/lib.rs"))?;
    let start = lib.find("generate_handler![").ok_or("no generate_handler! in src/lib.rs")?;
    let end = start + lib[start..].find(']').ok_or("generate_handler! not closed")?;
    let registered: BTreeSet<&str> = lib[start + "generate_handler![".len()..end]
        .split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .filter_map(|path| path.rsplit("::").next())
        .collect();
    let here: BTreeSet<&str> = COMMANDS.iter().copied().collect();
    assert_eq!(registered, here, "a command was added or removed: test it here and update COMMANDS");
    assert_eq!(here.len(), 63);
    Ok(())
}
