//! What each phone-push channel was sent (migration 6): the notification log's records, one
//! log per channel, shared by the app and `poskeeper push` so nothing goes to a channel twice.

use super::Store;
use crate::error::Result;
use crate::reminders::notify::NotificationRecord;
use chrono::{DateTime, Utc};
use rusqlite::params;

pub(super) const SCHEMA_V6: &str = r#"
CREATE TABLE push_log (
    id         INTEGER PRIMARY KEY,
    channel_id INTEGER NOT NULL REFERENCES push_channels(id) ON DELETE CASCADE,
    key        TEXT NOT NULL,
    due_on     TEXT NOT NULL CHECK (date(due_on) IS due_on),
    urgency    TEXT NOT NULL CHECK (urgency IN ('overdue','today','soon','upcoming')),
    local_date TEXT NOT NULL CHECK (date(local_date) IS local_date),
    sent_at    TEXT NOT NULL,
    summary    INTEGER NOT NULL DEFAULT 0 CHECK (summary IN (0,1))
);
CREATE INDEX push_log_channel ON push_log(channel_id, key, due_on, urgency);
"#;

impl Store {
    /// Everything a channel was sent.
    pub fn push_log(&self, channel_id: i64) -> Result<Vec<NotificationRecord>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT key, due_on, urgency, local_date, summary FROM push_log WHERE channel_id = ?1 ORDER BY id",
        )?;
        let rows = stmt.query_map([channel_id], super::reminder_state::record_of)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// A send that the platform took: what it carried is logged, the channel's success noted,
    /// its failures forgotten and its lease freed, in one transaction. False (nothing written)
    /// when the channel was removed meanwhile.
    pub fn channel_sent(
        &mut self,
        channel_id: i64,
        records: &[NotificationRecord],
        now: DateTime<Utc>,
    ) -> Result<bool> {
        self.with_tx(|tx| {
            let exists: bool =
                tx.query_row("SELECT EXISTS (SELECT 1 FROM push_channels WHERE id = ?1)", [channel_id], |r| r.get(0))?;
            if !exists {
                return Ok(false);
            }
            let mut stmt = tx.prepare_cached(
                "INSERT INTO push_log(channel_id, key, due_on, urgency, local_date, sent_at, summary)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            )?;
            for r in records {
                stmt.execute(params![channel_id, r.key, r.due_on, r.urgency, r.local_date, now, r.summary])?;
            }
            tx.execute(
                "UPDATE push_channels SET last_ok_at = ?2, failures = 0, next_try_at = NULL, busy_until = NULL
                 WHERE id = ?1",
                params![channel_id, now],
            )?;
            Ok(true)
        })
    }
}

/// `Store::forget_old_notifications` for every channel's log.
pub(super) fn forget(tx: &rusqlite::Connection, past_due: chrono::NaiveDate, old: chrono::NaiveDate) -> Result<usize> {
    Ok(tx.execute(
        "DELETE FROM push_log
         WHERE (urgency <> 'overdue' AND due_on < ?1) OR (urgency = 'overdue' AND local_date < ?2)",
        params![past_due, old],
    )?)
}
