//! Phone-push channels (migration 6): where reminders go besides the desktop, each with its
//! address, its signing secret, how it has fared (last success, last error, failures in a row,
//! when to try again) and a short lease, so the app and a scheduled `poskeeper push` never send a
//! channel the same reminders at once.

use super::Store;
use crate::domain::channel::{masked_url, Channel, ChannelStatus, NewChannel, Target};
use crate::error::{Error, Result};
use chrono::{DateTime, Utc};
use rusqlite::{params, OptionalExtension};

pub(super) const SCHEMA_V6: &str = r#"
CREATE TABLE push_channels (
    id              INTEGER PRIMARY KEY,
    kind            TEXT NOT NULL CHECK (kind IN ('wecom','dingtalk','feishu','webhook')),
    name            TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 60),
    url             TEXT NOT NULL CHECK (length(url) BETWEEN 1 AND 2000),
    secret          TEXT CHECK (secret IS NULL OR length(secret) BETWEEN 1 AND 200),
    created_at      TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now')),
    last_ok_at      TEXT,
    last_error_code TEXT,
    last_error      TEXT,
    last_error_at   TEXT,
    failures        INTEGER NOT NULL DEFAULT 0 CHECK (failures >= 0),
    next_try_at     TEXT,
    busy_until      TEXT
);
"#;

/// How long a push may hold a channel before another process may take it over (a push that
/// was killed leaves its lease behind). Longer than a send's timeout.
pub const LEASE_SECONDS: i64 = 120;

const COLUMNS: &str =
    "id, kind, name, url, secret, last_ok_at, last_error_code, last_error, last_error_at, failures, next_try_at";

fn row(r: &rusqlite::Row<'_>) -> rusqlite::Result<(Target, ChannelStatus)> {
    let target = Target { id: r.get(0)?, kind: r.get(1)?, name: r.get(2)?, url: r.get(3)?, secret: r.get(4)? };
    let status = ChannelStatus {
        last_ok_at: r.get(5)?,
        last_error_code: r.get(6)?,
        last_error: r.get(7)?,
        last_error_at: r.get(8)?,
        failures: r.get(9)?,
        next_try_at: r.get(10)?,
    };
    Ok((target, status))
}

fn shown((t, status): (Target, ChannelStatus)) -> Channel {
    Channel {
        id: t.id,
        kind: t.kind,
        name: t.name,
        url_shown: masked_url(&t.url),
        has_secret: t.secret.is_some(),
        status,
    }
}

impl Store {
    /// Adds a channel; returns its ID.
    pub fn add_channel(&mut self, c: &NewChannel) -> Result<i64> {
        self.with_tx(|tx| {
            tx.execute(
                "INSERT INTO push_channels(kind, name, url, secret) VALUES (?1, ?2, ?3, ?4)",
                params![c.kind, c.name, c.url, c.secret],
            )?;
            Ok(tx.last_insert_rowid())
        })
    }

    /// Every channel as the app lists it (address masked, secret left out), in the order added.
    pub fn channels(&self) -> Result<Vec<Channel>> {
        Ok(self.push_targets()?.into_iter().map(shown).collect())
    }

    /// Every channel with its address and secret in full: what a push needs.
    pub fn push_targets(&self) -> Result<Vec<(Target, ChannelStatus)>> {
        let mut stmt = self.conn.prepare_cached(&format!("SELECT {COLUMNS} FROM push_channels ORDER BY id"))?;
        let rows = stmt.query_map([], row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    pub fn push_target(&self, id: i64) -> Result<(Target, ChannelStatus)> {
        let mut stmt = self.conn.prepare_cached(&format!("SELECT {COLUMNS} FROM push_channels WHERE id = ?1"))?;
        stmt.query_row([id], row).optional()?.ok_or(Error::NotFound { what: "push channel", id })
    }

    /// Removes a channel and its log.
    pub fn remove_channel(&mut self, id: i64) -> Result<()> {
        self.with_tx(|tx| {
            tx.execute("DELETE FROM push_log WHERE channel_id = ?1", [id])?;
            match tx.execute("DELETE FROM push_channels WHERE id = ?1", [id])? {
                0 => Err(Error::NotFound { what: "push channel", id }),
                _ => Ok(()),
            }
        })
    }

    /// Takes the channel's lease for a push at `now`: false when another push holds it, or a
    /// failure recorded meanwhile put the next try off. A lease or a next try further off than
    /// they can be (written before the clock was set back) does not count.
    pub fn claim_channel(&mut self, id: i64, now: DateTime<Utc>) -> Result<bool> {
        let until = now + chrono::Duration::seconds(LEASE_SECONDS);
        let latest_try = now + crate::domain::channel::backoff(u32::MAX);
        self.with_tx(|tx| {
            let n = tx.execute(
                "UPDATE push_channels SET busy_until = ?2
                 WHERE id = ?1 AND (busy_until IS NULL OR busy_until <= ?3 OR busy_until > ?2)
                   AND (next_try_at IS NULL OR next_try_at <= ?3 OR next_try_at > ?4)",
                params![id, until, now, latest_try],
            )?;
            Ok(n == 1)
        })
    }

    /// Records a failure (its code and message; the next try not before `next_try`); a round's
    /// failure also frees its lease (`release`), a test's leaves a round's lease alone.
    pub fn channel_failed(
        &mut self,
        id: i64,
        code: &str,
        message: &str,
        now: DateTime<Utc>,
        next_try: DateTime<Utc>,
        release: bool,
    ) -> Result<()> {
        self.with_tx(|tx| {
            tx.execute(
                "UPDATE push_channels SET last_error_code = ?2, last_error = ?3, last_error_at = ?4,
                     failures = failures + 1, next_try_at = ?5,
                     busy_until = CASE WHEN ?6 THEN NULL ELSE busy_until END
                 WHERE id = ?1",
                params![id, code, message, now, next_try, release],
            )?;
            Ok(())
        })
    }

    /// Frees the lease without a send (nothing was due, or quiet hours held it).
    pub fn release_channel(&mut self, id: i64) -> Result<()> {
        self.with_tx(|tx| {
            tx.execute("UPDATE push_channels SET busy_until = NULL WHERE id = ?1", [id])?;
            Ok(())
        })
    }

    /// A test message that got through: the channel's success noted (nothing is logged).
    pub fn channel_tested(&mut self, channel_id: i64, now: DateTime<Utc>) -> Result<()> {
        self.with_tx(|tx| {
            tx.execute(
                "UPDATE push_channels SET last_ok_at = ?2, failures = 0, next_try_at = NULL WHERE id = ?1",
                params![channel_id, now],
            )?;
            Ok(())
        })
    }
}
