//! Schema versions. Each table module owns its part of a migration; this file only orders them.
//! A migration, once released, never changes: a change to the schema is a new entry.

use super::{
    attachments, contacts, deposits, due_dates, due_mark, find_mark, import_mappings, maintenance, push_channels,
    push_log, reminder_state, repairs, settings, sims, terminal_tally, terminals, APPLICATION_ID,
};
use crate::error::Result;
use rusqlite::Connection;

/// Migration `i` brings the schema from version `i` to `i + 1`.
const MIGRATIONS: &[&[&str]] = &[
    &[
        terminals::SCHEMA_V1,
        sims::SCHEMA_V1,
        contacts::SCHEMA_V1,
        deposits::SCHEMA_V1,
        maintenance::SCHEMA_V1,
        repairs::SCHEMA_V1,
        reminder_state::SCHEMA_V1,
        settings::SCHEMA_V1,
    ],
    &[due_dates::SCHEMA_V2, due_dates::FILL],
    &[import_mappings::SCHEMA_V3],
    &[find_mark::SCHEMA_V4],
    &[due_mark::SCHEMA_V5],
    &[push_channels::SCHEMA_V6, push_log::SCHEMA_V6],
    &[sims::SCHEMA_V7, terminals::SCHEMA_V7, deposits::SCHEMA_V7],
    &[attachments::SCHEMA_V8],
    &[terminal_tally::SCHEMA_V9],
    &[find_mark::SCHEMA_V10],
];

pub const LATEST: i64 = MIGRATIONS.len() as i64;

/// Whether opening a file at schema `current` migrates real data, so a backup comes first.
pub(super) fn backup_first(current: i64) -> bool {
    (1..LATEST).contains(&current)
}

/// Applies every pending migration in one transaction.
pub(super) fn migrate(conn: &mut Connection) -> Result<()> {
    migrate_to(conn, LATEST)
}

/// Applies the migrations that bring the schema up to version `target`, in one transaction.
fn migrate_to(conn: &mut Connection, target: i64) -> Result<()> {
    let current: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    if current >= target {
        return Ok(());
    }
    let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Exclusive)?;
    let (skip, take) = (usize::try_from(current).unwrap_or(0), usize::try_from(target - current).unwrap_or(0));
    for parts in MIGRATIONS.iter().skip(skip).take(take) {
        for sql in *parts {
            tx.execute_batch(sql)?;
        }
    }
    tx.pragma_update(None, "application_id", APPLICATION_ID)?;
    tx.pragma_update(None, "user_version", target)?;
    tx.commit()?;
    Ok(())
}

/// Every table, index, view and trigger of a file as SQLite keeps them, SQL with runs of white
/// space folded (the text is what the migrations wrote) — SQLite's own objects included, so a
/// trigger hidden under a `sqlite…` name is compared like any other.
fn schema_of(conn: &Connection) -> Result<Vec<(String, String, String)>> {
    // The statistics tables of ANALYZE come and go; SQLite refuses triggers and views on them.
    let mut st = conn.prepare(
        "SELECT type, name, coalesce(sql, '') FROM sqlite_schema
         WHERE NOT (type = 'table' AND name GLOB 'sqlite_stat[1-4]') ORDER BY type, name",
    )?;
    let rows = st
        .query_map([], |r| {
            let sql: String = r.get(2)?;
            Ok((r.get(0)?, r.get(1)?, sql.split_whitespace().collect::<Vec<_>>().join(" ")))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}

/// How the schema of `conn` (brought up to date) differs from the one this version creates: `None`
/// when it is the same, else the first difference, e.g. "table sims is missing".
pub(crate) fn difference(conn: &Connection) -> Result<Option<String>> {
    difference_at(conn, LATEST)
}

/// How the schema of `conn` differs from the one schema version `version` had (what an older
/// backup must hold before it is brought up to date: a migration assumes the tables it changes).
pub(crate) fn difference_at(conn: &Connection, version: i64) -> Result<Option<String>> {
    let mut expected = Connection::open_in_memory()?;
    migrate_to(&mut expected, version)?;
    let want = schema_of(&expected)?;
    let have = schema_of(conn)?;
    for (kind, name, sql) in &want {
        match have.iter().find(|(k, n, _)| k == kind && n == name) {
            None => return Ok(Some(format!("{kind} {name} is missing"))),
            Some((_, _, s)) if s != sql => return Ok(Some(format!("{kind} {name} is not as expected"))),
            Some(_) => {}
        }
    }
    Ok(have
        .iter()
        .find(|(k, n, _)| !want.iter().any(|(wk, wn, _)| wk == k && wn == n))
        .map(|(kind, name, _)| format!("{kind} {name} is not one of PosKeeper's")))
}
