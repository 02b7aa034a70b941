//! Schema versions. Each table module owns its part of a migration; this file only orders them.
//! A migration, once released, never changes: a change to the schema is a new entry.

use super::{contacts, deposits, maintenance, reminder_state, repairs, settings, sims, terminals, APPLICATION_ID};
use crate::error::Result;
use rusqlite::Connection;

/// Migration `i` brings the schema from version `i` to `i + 1`.
const MIGRATIONS: &[&[&str]] = &[&[
    terminals::SCHEMA_V1,
    sims::SCHEMA_V1,
    contacts::SCHEMA_V1,
    deposits::SCHEMA_V1,
    maintenance::SCHEMA_V1,
    repairs::SCHEMA_V1,
    reminder_state::SCHEMA_V1,
    settings::SCHEMA_V1,
]];

pub const LATEST: i64 = MIGRATIONS.len() as i64;

/// Whether opening a file at schema `current` migrates real data, so a backup comes first.
pub(super) fn backup_first(current: i64) -> bool {
    (1..LATEST).contains(&current)
}

/// Applies every pending migration in one transaction.
pub(super) fn migrate(conn: &mut Connection) -> Result<()> {
    let current: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    if current >= LATEST {
        return Ok(());
    }
    let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Exclusive)?;
    for parts in MIGRATIONS.iter().skip(usize::try_from(current).unwrap_or(0)) {
        for sql in *parts {
            tx.execute_batch(sql)?;
        }
    }
    tx.pragma_update(None, "application_id", APPLICATION_ID)?;
    tx.pragma_update(None, "user_version", LATEST)?;
    tx.commit()?;
    Ok(())
}
