//! Forgetting what no notification decision reads again, in the desktop's notification log and
//! every phone channel's (a view over both logs: each table module deletes its own rows).

use super::{push_log, reminder_state, Store};
use crate::error::Result;
use chrono::NaiveDate;

/// How long past its due date a level other than overdue stays in the notification logs.
pub const KEEP_PAST_DUE_DAYS: i64 = 30;

impl Store {
    /// Forgets what no decision will read again (SPEC §3: once per level, overdue once a day), in
    /// the desktop's log and every channel's: a level other than overdue of a due date more than
    /// [`KEEP_PAST_DUE_DAYS`] days past (such a date is only ever overdue now), and overdue
    /// entries of days before yesterday (overdue repeats once a day: only the day's entries
    /// count). Without it an overdue item added a row a day for good, one per channel too.
    /// Returns the rows removed. A clock set back a day or two still notifies nothing twice.
    pub fn forget_old_notifications(&mut self, today: NaiveDate) -> Result<usize> {
        let past_due = today - chrono::Duration::days(KEEP_PAST_DUE_DAYS);
        let old = today - chrono::Duration::days(2);
        self.with_tx(|tx| Ok(reminder_state::forget(tx, past_due, old)? + push_log::forget(tx, past_due, old)?))
    }
}
