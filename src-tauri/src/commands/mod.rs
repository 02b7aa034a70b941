//! The IPC commands of `/work/notes/ipc-contract.md`, one module per aggregate. Every command is
//! async, runs the core on the database thread and answers `Result<T, ApiError>`.

pub mod agenda;
pub mod app;
pub mod attachments;
pub mod backups;
pub mod channels;
pub mod contacts;
pub mod deposits;
pub mod files;
pub mod maintenance;
pub mod outlook;
pub mod reminders;
pub mod repairs;
pub mod sims;
pub mod terminals;

use crate::error::{ApiError, ApiResult};
use chrono::NaiveDate;
use poskeeper::domain::values::parse_date;

/// The most rows one list response carries (SPEC §7: no IPC response over 256 kB).
pub const MAX_ROWS: u32 = 200;

/// A page size from the UI: 0 or absent means the default, never more than [`MAX_ROWS`].
pub fn cap(limit: Option<u32>, default: u32) -> u32 {
    match limit {
        None | Some(0) => default.min(MAX_ROWS),
        Some(n) => n.min(MAX_ROWS),
    }
}

/// A strict `YYYY-MM-DD` date argument.
pub fn date(field: &'static str, s: &str) -> ApiResult<NaiveDate> {
    parse_date(field, s).map_err(ApiError::from)
}

/// An optional date argument, or `default`.
pub fn date_or(field: &'static str, s: Option<&str>, default: NaiveDate) -> ApiResult<NaiveDate> {
    match s.map(str::trim).filter(|s| !s.is_empty()) {
        Some(s) => date(field, s),
        None => Ok(default),
    }
}
