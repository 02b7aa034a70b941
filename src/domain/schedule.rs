//! When a maintenance plan is next due (SPEC §2): a pure rule the store caches and the reminder
//! engine applies again.

use super::values::add_days;
use super::{Interval, MaintenanceMode};
use chrono::NaiveDate;

/// The next due date of a plan (SPEC §2): never done → `starts_on`; `from_completion` → last
/// completion + interval; `fixed` → the first occurrence after the last completion plus the lead
/// days, so a completion inside an occurrence's lead window counts for that occurrence.
pub fn next_due(
    starts_on: NaiveDate,
    interval: Interval,
    mode: MaintenanceMode,
    lead_days: i64,
    last_done: Option<NaiveDate>,
) -> NaiveDate {
    match (last_done, mode) {
        (None, _) => starts_on,
        (Some(done), MaintenanceMode::FromCompletion) => interval.add(done, 1),
        (Some(done), MaintenanceMode::Fixed) => interval.first_occurrence_after(starts_on, add_days(done, lead_days)),
    }
}
