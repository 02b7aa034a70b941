//! The settings' values as the core hands them out: lead times, quiet hours, language and the
//! desktop app's switches. The store reads and writes them; the reminder engine reads them.

use super::ReminderKind;
use crate::error::{Error, Result};
use crate::i18n::Lang;
use chrono::NaiveTime;
use serde::{Deserialize, Serialize};

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
