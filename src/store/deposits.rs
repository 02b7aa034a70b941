//! Activation deposits (押金/保证金) and their refund deadlines.

use super::{check_lead, check_money, terminals, Store};
use crate::domain::values::check_text;
use crate::domain::{Deposit, DepositStatus, NewDeposit};
use crate::error::{Error, Result, StateProblem};
use chrono::NaiveDate;
use rusqlite::{params, Connection, OptionalExtension, Row};

pub(super) const SCHEMA_V1: &str = r#"
CREATE TABLE deposits (
    id            INTEGER PRIMARY KEY,
    terminal_id   INTEGER NOT NULL REFERENCES terminals(id) ON DELETE CASCADE,
    amount        INTEGER NOT NULL CHECK (amount >= 0),
    paid_on       TEXT CHECK (date(paid_on) IS paid_on),
    condition     TEXT CHECK (length(condition) <= 500),
    volume_target INTEGER CHECK (volume_target >= 0),
    deadline      TEXT NOT NULL CHECK (date(deadline) IS deadline),
    refunded_on   TEXT CHECK (date(refunded_on) IS refunded_on),
    status        TEXT NOT NULL DEFAULT 'held' CHECK (status IN ('held','refunded','forfeited')),
    lead_days     INTEGER CHECK (lead_days BETWEEN 0 AND 3650),
    created_at    TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now'))
);
CREATE INDEX deposits_terminal ON deposits(terminal_id);
CREATE INDEX deposits_deadline ON deposits(status, deadline);
CREATE INDEX deposits_lead ON deposits(lead_days) WHERE lead_days IS NOT NULL;
"#;

/// Migration 7: the deadline index also carries the amount: the outlook's money by outcome comes
/// from the index alone.
pub(super) const SCHEMA_V7: &str = r#"
DROP INDEX deposits_deadline;
CREATE INDEX deposits_deadline ON deposits(status, deadline, amount);
"#;

const SELECT: &str = "SELECT d.id, t.sn, d.amount, d.paid_on, d.condition, d.volume_target, d.deadline, \
     d.refunded_on, d.status, d.lead_days FROM deposits d JOIN terminals t ON t.id = d.terminal_id";

fn from_row(r: &Row<'_>) -> rusqlite::Result<Deposit> {
    Ok(Deposit {
        id: r.get(0)?,
        terminal_sn: r.get(1)?,
        amount: r.get(2)?,
        paid_on: r.get(3)?,
        condition: r.get(4)?,
        volume_target: r.get(5)?,
        deadline: r.get(6)?,
        refunded_on: r.get(7)?,
        status: r.get(8)?,
        lead_days: r.get(9)?,
    })
}

pub(crate) fn get(conn: &Connection, id: i64) -> Result<Deposit> {
    conn.query_row(&format!("{SELECT} WHERE d.id = ?1"), [id], from_row)
        .optional()?
        .ok_or(Error::NotFound { what: "deposit", id })
}

pub(crate) fn for_terminal(conn: &Connection, terminal_id: i64) -> Result<Vec<Deposit>> {
    let mut stmt = conn.prepare(&format!("{SELECT} WHERE d.terminal_id = ?1 ORDER BY d.id"))?;
    let v = stmt.query_map([terminal_id], from_row)?.collect::<rusqlite::Result<_>>()?;
    Ok(v)
}

pub(crate) fn insert(conn: &Connection, terminal_sn: &str, d: &NewDeposit) -> Result<i64> {
    check_money("amount", Some(d.amount))?;
    check_money("volume_target", d.volume_target)?;
    check_lead(d.lead_days)?;
    let condition = match &d.condition {
        Some(c) => check_text("condition", c, 500)?,
        None => None,
    };
    let tid = terminals::id_of(conn, terminal_sn)?;
    conn.execute(
        "INSERT INTO deposits(terminal_id, amount, paid_on, condition, volume_target, deadline, lead_days)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        params![tid, d.amount, d.paid_on, condition, d.volume_target, d.deadline, d.lead_days],
    )?;
    Ok(conn.last_insert_rowid())
}

impl Store {
    pub fn add_deposit(&mut self, terminal_sn: &str, d: &NewDeposit) -> Result<i64> {
        self.with_tx(|tx| insert(tx, terminal_sn, d))
    }

    pub fn deposit(&self, id: i64) -> Result<Deposit> {
        get(&self.conn, id)
    }

    /// Marks a held deposit refunded (with the date) or forfeited.
    pub fn settle_deposit(&mut self, id: i64, status: DepositStatus, on: Option<NaiveDate>) -> Result<()> {
        self.with_tx(|tx| {
            let d = get(tx, id)?;
            if d.status != DepositStatus::Held {
                return Err(Error::InvalidState(StateProblem::DepositNotHeld(id)));
            }
            let refunded_on = if status == DepositStatus::Refunded { on } else { None };
            tx.execute(
                "UPDATE deposits SET status = ?2, refunded_on = ?3 WHERE id = ?1",
                params![id, status, refunded_on],
            )?;
            Ok(())
        })
    }
}
