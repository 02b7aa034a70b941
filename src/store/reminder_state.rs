//! What the user and the notifier did about reminders: acknowledgements, snoozes, and the log of
//! every notification shown. Each record carries the due date it was made for, so it lapses when
//! the due date moves (SPEC §3).

use super::Store;
use crate::domain::Urgency;
use crate::error::Result;
use crate::reminders::notify::NotificationRecord;
use crate::reminders::StateMap;
use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::{params, Connection};

pub(super) const SCHEMA_V1: &str = r#"
CREATE TABLE reminder_acks (
    id         INTEGER PRIMARY KEY,
    key        TEXT NOT NULL CHECK (length(key) BETWEEN 1 AND 200),
    due_on     TEXT NOT NULL CHECK (date(due_on) IS due_on),
    urgency    TEXT NOT NULL CHECK (urgency IN ('overdue','today','soon','upcoming')),
    acked_on   TEXT NOT NULL CHECK (date(acked_on) IS acked_on),
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now'))
);
CREATE INDEX reminder_acks_key ON reminder_acks(key, due_on, id);

CREATE TABLE reminder_snoozes (
    id         INTEGER PRIMARY KEY,
    key        TEXT NOT NULL CHECK (length(key) BETWEEN 1 AND 200),
    due_on     TEXT NOT NULL CHECK (date(due_on) IS due_on),
    until      TEXT NOT NULL CHECK (date(until) IS until),
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now'))
);
CREATE INDEX reminder_snoozes_key ON reminder_snoozes(key, due_on, id);

CREATE TABLE notification_log (
    id          INTEGER PRIMARY KEY,
    key         TEXT NOT NULL,
    due_on      TEXT NOT NULL CHECK (date(due_on) IS due_on),
    urgency     TEXT NOT NULL CHECK (urgency IN ('overdue','today','soon','upcoming')),
    local_date  TEXT NOT NULL CHECK (date(local_date) IS local_date),
    notified_at TEXT NOT NULL,
    summary     INTEGER NOT NULL DEFAULT 0 CHECK (summary IN (0,1))
);
CREATE INDEX notification_log_key ON notification_log(key, due_on, urgency);
"#;

/// The latest acknowledgement for each key and due date.
pub(crate) fn latest_acks(conn: &Connection) -> Result<StateMap<Urgency>> {
    let mut stmt = conn.prepare(
        "SELECT key, due_on, urgency FROM reminder_acks WHERE id IN (SELECT max(id) FROM reminder_acks GROUP BY key, due_on)",
    )?;
    let rows = stmt.query_map([], |r| Ok(((r.get::<_, String>(0)?, r.get(1)?), r.get(2)?)))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The latest snooze date for each key and due date.
pub(crate) fn latest_snoozes(conn: &Connection) -> Result<StateMap<NaiveDate>> {
    let mut stmt = conn.prepare(
        "SELECT key, due_on, until FROM reminder_snoozes WHERE id IN (SELECT max(id) FROM reminder_snoozes GROUP BY key, due_on)",
    )?;
    let rows = stmt.query_map([], |r| Ok(((r.get::<_, String>(0)?, r.get(1)?), r.get(2)?)))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// A notification record from a row of `key, due_on, urgency, local_date, summary`: the
/// desktop's log and each phone channel's (`push_log`) are read alike.
pub(super) fn record_of(r: &rusqlite::Row<'_>) -> rusqlite::Result<NotificationRecord> {
    Ok(NotificationRecord {
        key: r.get(0)?,
        due_on: r.get(1)?,
        urgency: r.get(2)?,
        local_date: r.get(3)?,
        summary: r.get(4)?,
    })
}

/// Up to this many keys, the notification log is read key by key.
const KEYS_LOOKED_UP_ONE_BY_ONE: usize = 256;

impl Store {
    pub(crate) fn record_ack(&mut self, key: &str, due_on: NaiveDate, urgency: Urgency, on: NaiveDate) -> Result<()> {
        self.with_tx(|tx| {
            tx.execute(
                "INSERT INTO reminder_acks(key, due_on, urgency, acked_on) VALUES (?1, ?2, ?3, ?4)",
                params![key, due_on, urgency, on],
            )?;
            Ok(())
        })
    }

    pub(crate) fn record_snooze(&mut self, key: &str, due_on: NaiveDate, until: NaiveDate) -> Result<()> {
        self.with_tx(|tx| {
            tx.execute(
                "INSERT INTO reminder_snoozes(key, due_on, until) VALUES (?1, ?2, ?3)",
                params![key, due_on, until],
            )?;
            Ok(())
        })
    }

    /// Every notification logged for the keys given (what the notifier's decision needs): for a
    /// few keys, each one's entries by index; for many (a check at 100k terminals lists tens of
    /// thousands), one pass over the log, kept when its key is one of them.
    pub fn notification_log(&self, keys: &[&str]) -> Result<Vec<NotificationRecord>> {
        let mut out = Vec::new();
        if keys.len() > KEYS_LOOKED_UP_ONE_BY_ONE {
            let wanted: std::collections::HashSet<&str> = keys.iter().copied().collect();
            let mut stmt =
                self.conn.prepare_cached("SELECT key, due_on, urgency, local_date, summary FROM notification_log")?;
            let mut rows = stmt.query([])?;
            while let Some(r) = rows.next()? {
                let key = r.get_ref(0)?.as_str().map_err(rusqlite::Error::from)?;
                if wanted.contains(key) {
                    out.push(record_of(r)?);
                }
            }
            return Ok(out);
        }
        let mut stmt = self
            .conn
            .prepare_cached("SELECT key, due_on, urgency, local_date, summary FROM notification_log WHERE key = ?1")?;
        for key in keys {
            for row in stmt.query_map([key], record_of)? {
                out.push(row?);
            }
        }
        Ok(out)
    }

    /// Records notifications that were shown.
    pub fn log_notifications(&mut self, records: &[NotificationRecord], at: DateTime<Utc>) -> Result<()> {
        let at = at.format("%Y-%m-%dT%H:%M:%SZ").to_string();
        self.with_tx(|tx| {
            let mut stmt = tx.prepare(
                "INSERT INTO notification_log(key, due_on, urgency, local_date, notified_at, summary)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            )?;
            for r in records {
                stmt.execute(params![r.key, r.due_on, r.urgency, r.local_date, at, r.summary])?;
            }
            Ok(())
        })
    }
}

/// `Store::forget_old_notifications` for the desktop's log.
pub(super) fn forget(tx: &Connection, past_due: NaiveDate, old: NaiveDate) -> Result<usize> {
    Ok(tx.execute(
        "DELETE FROM notification_log WHERE (urgency <> 'overdue' AND due_on < ?1) OR (urgency = 'overdue' AND local_date < ?2)",
        params![past_due, old],
    )?)
}
