//! Changing a setting, and keeping in step what other tables cache from it (fixed maintenance
//! plans' next due dates follow the default lead): above `settings` and `maintenance`, so neither
//! of them imports the other.

use super::{maintenance, settings, Store};
use crate::domain::ReminderKind;
use crate::error::Result;

impl Store {
    /// Changes a setting after checking its value; returns the stored form.
    pub fn set_setting(&mut self, key: &str, value: &str) -> Result<String> {
        let (key, v) = settings::check(key, value)?;
        self.with_tx(|tx| {
            settings::put(tx, key, &v)?;
            if key == ReminderKind::MaintenanceDue.lead_setting() {
                maintenance::refresh_default_lead(tx)?;
            }
            Ok(())
        })?;
        Ok(v)
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use crate::domain::{Interval, MaintenanceMode, MaintenanceTask, NewPlan, TerminalPatch};
    use crate::Store;
    use chrono::NaiveDate;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn a_new_default_maintenance_lead_moves_the_cached_due_date_of_fixed_plans() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::create(dir.path().join("p.db")).unwrap();
        store.add_terminal("PAX-1", &TerminalPatch::default()).unwrap();
        let plan = NewPlan {
            task: MaintenanceTask::Clean,
            interval: Interval::parse("1m").unwrap(),
            starts_on: d("2026-01-01"),
            mode: MaintenanceMode::Fixed,
            lead_days: None,
        };
        let id = store.add_plans(Some("PAX-1"), &plan).unwrap()[0];
        // Done on Jan 30: inside the Feb 1 occurrence's window of 3 days, so it counts for Feb 1.
        assert_eq!(store.complete_plan(id, d("2026-01-30"), None).unwrap(), d("2026-03-01"));
        assert_eq!(store.set_setting(" lead.maintenance_due ", "0").unwrap(), "0");
        // With no lead, Jan 30 is before the Feb 1 occurrence, which is then still due.
        assert_eq!(store.plan(id).unwrap().0.next_due_on, d("2026-02-01"));
        assert!(store.set_setting("lead.nothing", "1").is_err());
    }

    #[test]
    fn a_setting_is_stored_only_once_the_user_sets_it() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::create(dir.path().join("p.db")).unwrap();
        assert!(!store.setting_is_stored("language").unwrap());
        store.set_setting("language", "en").unwrap();
        assert!(store.setting_is_stored("language").unwrap());
        assert!(!store.setting_is_stored("quiet_hours").unwrap());
    }
}
