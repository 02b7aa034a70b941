//! Settings: lead times, quiet hours, language and the desktop app's switches. Stored as text
//! key/value pairs; every value is checked on the way in and read with a default.

use super::Store;
use crate::domain::ReminderKind;
use crate::error::{Error, Result};
use crate::i18n::Lang;
use chrono::NaiveTime;
use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};

pub(super) const SCHEMA_V1: &str = r#"
CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) WITHOUT ROWID;
"#;

/// Quiet hours: no pop-ups from `start` until `end` (may wrap past midnight).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct QuietHours {
    pub start: NaiveTime,
    pub end: NaiveTime,
}

impl QuietHours {
    pub fn contains(&self, t: NaiveTime) -> bool {
        if self.start <= self.end {
            self.start <= t && t < self.end
        } else {
            t >= self.start || t < self.end
        }
    }

    /// Parses `21:00-08:00`; `off` means none.
    pub fn parse(s: &str) -> Result<Option<QuietHours>> {
        let bad = || Error::InvalidSetting {
            key: "quiet_hours".into(),
            value: s.to_string(),
            expected: "HH:MM-HH:MM (e.g. 21:00-08:00) or off",
        };
        let t = s.trim();
        if t.eq_ignore_ascii_case("off") {
            return Ok(None);
        }
        let (a, b) = t.split_once('-').ok_or_else(bad)?;
        let p = |x: &str| NaiveTime::parse_from_str(x.trim(), "%H:%M").map_err(|_| bad());
        let q = QuietHours { start: p(a)?, end: p(b)? };
        Ok(if q.start == q.end { None } else { Some(q) })
    }

    pub fn code(q: Option<QuietHours>) -> String {
        match q {
            Some(q) => format!("{}-{}", q.start.format("%H:%M"), q.end.format("%H:%M")),
            None => "off".into(),
        }
    }
}

/// All settings with their effective values.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Settings {
    pub lead_sim_expiry: i64,
    pub lead_warranty_expiry: i64,
    pub lead_deposit_deadline: i64,
    pub lead_maintenance_due: i64,
    pub lead_repair_overdue: i64,
    pub quiet_hours: Option<QuietHours>,
    pub language: Lang,
    pub notifications: bool,
    pub close_to_tray: bool,
    pub autostart: bool,
}

impl Settings {
    pub fn lead(&self, kind: ReminderKind) -> i64 {
        match kind {
            ReminderKind::SimExpiry => self.lead_sim_expiry,
            ReminderKind::WarrantyExpiry => self.lead_warranty_expiry,
            ReminderKind::DepositDeadline => self.lead_deposit_deadline,
            ReminderKind::MaintenanceDue => self.lead_maintenance_due,
            ReminderKind::RepairOverdue => self.lead_repair_overdue,
        }
    }
}

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
];

fn default_of(key: &str) -> Option<String> {
    let lead = ReminderKind::ALL.iter().find(|k| k.lead_setting() == key).map(|k| k.default_lead().to_string());
    lead.or_else(|| {
        Some(
            match key {
                "quiet_hours" => "21:00-08:00",
                "language" => "zh-CN",
                "notifications" | "close_to_tray" => "on",
                "autostart" => "off",
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
        _ => Ok(if parse_bool(key, value)? { "on" } else { "off" }.to_string()),
    }
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

impl Store {
    pub fn settings(&self) -> Result<Settings> {
        load(&self.conn)
    }

    /// One setting's effective value (stored or default).
    pub fn setting(&self, key: &str) -> Result<String> {
        raw(&self.conn, key.trim())
    }

    /// Every setting as (key, value), stored or default.
    pub fn setting_pairs(&self) -> Result<Vec<(String, String)>> {
        SETTING_KEYS.iter().map(|k| Ok(((*k).to_string(), raw(&self.conn, k)?))).collect()
    }

    /// Changes a setting after checking its value; returns the stored form.
    pub fn set_setting(&mut self, key: &str, value: &str) -> Result<String> {
        let key = key.trim();
        if !SETTING_KEYS.contains(&key) {
            return Err(Error::UnknownSetting(key.into()));
        }
        let v = normalize(key, value)?;
        self.with_tx(|tx| {
            tx.execute(
                "INSERT INTO settings(key, value) VALUES (?1, ?2) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                params![key, v],
            )?;
            if key == ReminderKind::MaintenanceDue.lead_setting() {
                super::maintenance::refresh_default_lead(tx)?;
            }
            Ok(())
        })?;
        Ok(v)
    }
}
