//! Settings: lead times, quiet hours, language and the desktop app's switches. Stored as text
//! key/value pairs; every value is checked on the way in and read with a default.

use super::Store;
use crate::domain::{QuietHours, ReminderKind, Settings};
use crate::error::{Error, Result};
use crate::i18n::Lang;
use rusqlite::{params, Connection, OptionalExtension};

pub(super) const SCHEMA_V1: &str = r#"
CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) WITHOUT ROWID;
"#;

/// Every key the `settings` command knows, in display order.
pub const SETTING_KEYS: &[&str] = &[
    "lead.sim_expiry",
    "lead.warranty_expiry",
    "lead.deposit_deadline",
    "lead.maintenance_due",
    "lead.repair_overdue",
    "quiet_hours",
    "language",
    "notifications",
    "close_to_tray",
    "autostart",
    BACKUP_DIR,
];

/// The folder the daily, weekly and manual backups go to (empty: `backups/` beside the
/// database). `files::backup_place` checks that it can be written before storing it.
pub const BACKUP_DIR: &str = "backup_dir";

fn default_of(key: &str) -> Option<String> {
    let lead = ReminderKind::ALL.iter().find(|k| k.lead_setting() == key).map(|k| k.default_lead().to_string());
    lead.or_else(|| {
        Some(
            match key {
                "quiet_hours" => "21:00-08:00",
                "language" => "zh-CN",
                "notifications" | "close_to_tray" => "on",
                "autostart" => "off",
                BACKUP_DIR => "",
                _ => return None,
            }
            .to_string(),
        )
    })
}

fn parse_bool(key: &str, v: &str) -> Result<bool> {
    match v.trim().to_ascii_lowercase().as_str() {
        "on" | "true" | "yes" | "1" => Ok(true),
        "off" | "false" | "no" | "0" => Ok(false),
        _ => Err(Error::InvalidSetting { key: key.into(), value: v.into(), expected: "on or off" }),
    }
}

/// Checks a value and returns its normal form.
fn normalize(key: &str, value: &str) -> Result<String> {
    if key.starts_with("lead.") {
        return value
            .trim()
            .parse::<i64>()
            .ok()
            .filter(|n| (0..=3650).contains(n))
            .map(|n| n.to_string())
            .ok_or_else(|| Error::InvalidSetting { key: key.into(), value: value.into(), expected: "0 to 3650 days" });
    }
    match key {
        "quiet_hours" => Ok(QuietHours::code(QuietHours::parse(value)?)),
        "language" => match value.trim() {
            "zh-CN" | "zh-TW" | "en" => Ok(value.trim().to_string()),
            _ => Err(Error::InvalidSetting { key: key.into(), value: value.into(), expected: "zh-CN, zh-TW or en" }),
        },
        BACKUP_DIR => folder_path(value),
        _ => Ok(if parse_bool(key, value)? { "on" } else { "off" }.to_string()),
    }
}

/// A backup folder as stored: empty (the default), or an absolute path on one line.
fn folder_path(value: &str) -> Result<String> {
    let v = value.trim();
    let bad = || Error::InvalidSetting {
        key: BACKUP_DIR.into(),
        value: value.into(),
        expected: "an absolute folder path, or empty for the default",
    };
    if v.is_empty() {
        return Ok(String::new());
    }
    if v.chars().count() > 1024
        || v.chars().any(crate::chars::is_line_control)
        || !std::path::Path::new(v).is_absolute()
    {
        return Err(bad());
    }
    Ok(v.to_string())
}

fn raw(conn: &Connection, key: &str) -> Result<String> {
    let stored: Option<String> =
        conn.query_row("SELECT value FROM settings WHERE key = ?1", [key], |r| r.get(0)).optional()?;
    match stored {
        Some(v) => Ok(v),
        None => default_of(key).ok_or_else(|| Error::UnknownSetting(key.into())),
    }
}

pub(crate) fn lead(conn: &Connection, kind: ReminderKind) -> Result<i64> {
    Ok(raw(conn, kind.lead_setting())?.parse().unwrap_or(kind.default_lead()))
}

pub(crate) fn load(conn: &Connection) -> Result<Settings> {
    let l = |k| lead(conn, k);
    Ok(Settings {
        lead_sim_expiry: l(ReminderKind::SimExpiry)?,
        lead_warranty_expiry: l(ReminderKind::WarrantyExpiry)?,
        lead_deposit_deadline: l(ReminderKind::DepositDeadline)?,
        lead_maintenance_due: l(ReminderKind::MaintenanceDue)?,
        lead_repair_overdue: l(ReminderKind::RepairOverdue)?,
        quiet_hours: QuietHours::parse(&raw(conn, "quiet_hours")?).unwrap_or(None),
        language: Lang::from_locale(&raw(conn, "language")?).unwrap_or_default(),
        notifications: parse_bool("notifications", &raw(conn, "notifications")?).unwrap_or(true),
        close_to_tray: parse_bool("close_to_tray", &raw(conn, "close_to_tray")?).unwrap_or(true),
        autostart: parse_bool("autostart", &raw(conn, "autostart")?).unwrap_or(false),
    })
}

/// Checks a key and a value: the trimmed key and the value's stored form.
pub(super) fn check<'k>(key: &'k str, value: &str) -> Result<(&'k str, String)> {
    let key = key.trim();
    if !SETTING_KEYS.contains(&key) {
        return Err(Error::UnknownSetting(key.into()));
    }
    Ok((key, normalize(key, value)?))
}

/// Stores a checked value (see [`check`]).
pub(super) fn put(conn: &Connection, key: &str, value: &str) -> Result<()> {
    conn.execute(
        "INSERT INTO settings(key, value) VALUES (?1, ?2) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
        params![key, value],
    )?;
    Ok(())
}

impl Store {
    pub fn settings(&self) -> Result<Settings> {
        load(&self.conn)
    }

    /// One setting's effective value (stored or default).
    pub fn setting(&self, key: &str) -> Result<String> {
        raw(&self.conn, key.trim())
    }

    /// Whether the user has stored a value for `key` (else its default is in force).
    pub fn setting_is_stored(&self, key: &str) -> Result<bool> {
        let n: i64 = self.conn.query_row("SELECT count(*) FROM settings WHERE key = ?1", [key.trim()], |r| r.get(0))?;
        Ok(n > 0)
    }

    /// Every setting as (key, value), stored or default.
    pub fn setting_pairs(&self) -> Result<Vec<(String, String)>> {
        SETTING_KEYS.iter().map(|k| Ok(((*k).to_string(), raw(&self.conn, k)?))).collect()
    }
}
