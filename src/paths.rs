//! Where the database lives. The desktop app and the CLI agree on one file in the OS's app-data
//! folder (the same folder Tauri's `app_data_dir` gives for our identifier); `POSKEEPER_DB`
//! overrides it for both.

use std::path::PathBuf;

/// The bundle identifier in `tauri.conf.json`; Tauri names the app-data folder after it.
pub const APP_IDENTIFIER: &str = "com.poskeeper.app";
pub const DB_FILE_NAME: &str = "poskeeper.db";
pub const DB_ENV: &str = "POSKEEPER_DB";

/// The default database path: `$POSKEEPER_DB`, else `<data dir>/com.poskeeper.app/poskeeper.db`.
pub fn default_db_path() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os(DB_ENV).filter(|p| !p.is_empty()) {
        return Some(PathBuf::from(p));
    }
    app_data_dir().map(|d| d.join(DB_FILE_NAME))
}

/// `~/.local/share/com.poskeeper.app` on Linux, `%APPDATA%\com.poskeeper.app` on Windows,
/// `~/Library/Application Support/com.poskeeper.app` on macOS.
pub fn app_data_dir() -> Option<PathBuf> {
    directories::BaseDirs::new().map(|b| b.data_dir().join(APP_IDENTIFIER))
}
