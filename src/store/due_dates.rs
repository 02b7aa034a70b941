//! Every item of the other tables than `terminals` that has a due date (SIM cards, deposits,
//! maintenance plans, repairs), kept by SQLite triggers in one table clustered by (kind, due
//! date): what the reminder list reads (SPEC §3, §7).
//!
//! At 100k terminals + 100k SIM cards about 25k items are listed on a given day. Reading them from
//! their own tables meant an index probe into `terminals` per item and a sort; here each kind's
//! window is one range of one B-tree holding everything a reminder's title needs (the terminal's
//! SN, brand, model, store, provider and status are copied in and kept current by the terminal
//! trigger).
//! The triggers make every write path keep the table — the store's, the import's, the demo's, a
//! hand edit in the sqlite3 shell — so nothing has to remember to; the engine still applies every
//! rule to what is read, and `tests/reminders_fast_path.rs` compares the list with one computed
//! from the item tables after writes of every kind.
//!
//! A row's item is in the row's own status when it counts (an active SIM card with an expiry, a
//! held deposit, an open repair, every maintenance plan); rows are deleted by their old primary
//! key, so no other index is needed to keep them. Warranties are not copied: they are a column of
//! the terminal itself, read through its own index without a join, and copying 100k of them cost
//! an import more than it saved the list.

use super::{Error, Result};
use crate::domain::values::iso_date;
use crate::domain::{Interval, MaintenanceTask, ReminderKind};
use crate::reminders::{DepositFact, Facts, PlanFact, RepairFact, SimFact, TerminalRef, WarrantyFact};
use chrono::NaiveDate;
use rusqlite::{Connection, Row};

pub(super) const SCHEMA_V2: &str = r#"
CREATE TABLE due_dates (
    kind             TEXT NOT NULL,
    due_on           TEXT NOT NULL,
    key              TEXT NOT NULL,
    lead_days        INTEGER,
    item_id          INTEGER NOT NULL,
    status           TEXT,
    terminal_id      INTEGER,
    sn               TEXT,
    brand            TEXT,
    model            TEXT,
    store            TEXT,
    provider         TEXT,
    t_status         TEXT,
    amount           INTEGER,
    task             TEXT,
    every            TEXT,
    starts_on        TEXT,
    mode             TEXT,
    last_done_on     TEXT,
    fault            TEXT,
    ticket_no        TEXT,
    opened_on        TEXT,
    expected_back_on TEXT,
    PRIMARY KEY (kind, due_on, key)
) WITHOUT ROWID;
CREATE INDEX due_dates_terminal ON due_dates(terminal_id) WHERE terminal_id IS NOT NULL;
CREATE INDEX due_dates_lead ON due_dates(kind, due_on) WHERE lead_days IS NOT NULL;

CREATE TRIGGER due_sims_ai AFTER INSERT ON sims
WHEN NEW.status = 'active' AND NEW.expires_on IS NOT NULL BEGIN
    INSERT INTO due_dates(kind, due_on, key, lead_days, item_id, status, terminal_id, sn, brand, model, store, provider, t_status)
    SELECT 'sim_expiry', NEW.expires_on, 'sim_expiry:' || NEW.iccid, NEW.lead_days, NEW.id, NEW.status,
           t.id, t.sn, t.brand, t.model, t.store_name, t.provider, t.status
    FROM (SELECT 1) LEFT JOIN terminals t ON t.id = NEW.terminal_id;
END;
CREATE TRIGGER due_sims_au AFTER UPDATE OF iccid, status, expires_on, lead_days, terminal_id ON sims BEGIN
    DELETE FROM due_dates WHERE kind = 'sim_expiry' AND due_on = OLD.expires_on AND key = 'sim_expiry:' || OLD.iccid;
    INSERT INTO due_dates(kind, due_on, key, lead_days, item_id, status, terminal_id, sn, brand, model, store, provider, t_status)
    SELECT 'sim_expiry', NEW.expires_on, 'sim_expiry:' || NEW.iccid, NEW.lead_days, NEW.id, NEW.status,
           t.id, t.sn, t.brand, t.model, t.store_name, t.provider, t.status
    FROM (SELECT 1) LEFT JOIN terminals t ON t.id = NEW.terminal_id
    WHERE NEW.status = 'active' AND NEW.expires_on IS NOT NULL;
END;
CREATE TRIGGER due_sims_ad AFTER DELETE ON sims BEGIN
    DELETE FROM due_dates WHERE kind = 'sim_expiry' AND due_on = OLD.expires_on AND key = 'sim_expiry:' || OLD.iccid;
END;

CREATE TRIGGER due_terminals_au AFTER UPDATE OF sn, brand, model, store_name, provider, status ON terminals
WHEN OLD.sn IS NOT NEW.sn OR OLD.brand IS NOT NEW.brand OR OLD.model IS NOT NEW.model
  OR OLD.store_name IS NOT NEW.store_name OR OLD.provider IS NOT NEW.provider OR OLD.status IS NOT NEW.status BEGIN
    UPDATE due_dates SET sn = NEW.sn, brand = NEW.brand, model = NEW.model, store = NEW.store_name,
                         provider = NEW.provider, t_status = NEW.status
    WHERE terminal_id = NEW.id AND (sn IS NOT NEW.sn OR brand IS NOT NEW.brand OR model IS NOT NEW.model
      OR store IS NOT NEW.store_name OR provider IS NOT NEW.provider OR t_status IS NOT NEW.status);
END;

CREATE TRIGGER due_deposits_ai AFTER INSERT ON deposits WHEN NEW.status = 'held' BEGIN
    INSERT INTO due_dates(kind, due_on, key, lead_days, item_id, status, terminal_id, sn, brand, model, store, provider, t_status,
                          amount)
    SELECT 'deposit_deadline', NEW.deadline, 'deposit_deadline:' || NEW.id, NEW.lead_days, NEW.id, NEW.status,
           t.id, t.sn, t.brand, t.model, t.store_name, t.provider, t.status, NEW.amount
    FROM terminals t WHERE t.id = NEW.terminal_id;
END;
CREATE TRIGGER due_deposits_au AFTER UPDATE OF terminal_id, amount, deadline, status, lead_days ON deposits BEGIN
    DELETE FROM due_dates
    WHERE kind = 'deposit_deadline' AND due_on = OLD.deadline AND key = 'deposit_deadline:' || OLD.id;
    INSERT INTO due_dates(kind, due_on, key, lead_days, item_id, status, terminal_id, sn, brand, model, store, provider, t_status,
                          amount)
    SELECT 'deposit_deadline', NEW.deadline, 'deposit_deadline:' || NEW.id, NEW.lead_days, NEW.id, NEW.status,
           t.id, t.sn, t.brand, t.model, t.store_name, t.provider, t.status, NEW.amount
    FROM terminals t WHERE t.id = NEW.terminal_id AND NEW.status = 'held';
END;
CREATE TRIGGER due_deposits_ad AFTER DELETE ON deposits BEGIN
    DELETE FROM due_dates
    WHERE kind = 'deposit_deadline' AND due_on = OLD.deadline AND key = 'deposit_deadline:' || OLD.id;
END;

CREATE TRIGGER due_plans_ai AFTER INSERT ON maintenance_plans BEGIN
    INSERT INTO due_dates(kind, due_on, key, lead_days, item_id, terminal_id, sn, brand, model, store, provider, t_status,
                          task, every, starts_on, mode, last_done_on)
    SELECT 'maintenance_due', NEW.next_due_on, 'maintenance_due:' || NEW.id, NEW.lead_days, NEW.id,
           t.id, t.sn, t.brand, t.model, t.store_name, t.provider, t.status,
           NEW.task, NEW.every, NEW.starts_on, NEW.mode, NEW.last_done_on
    FROM terminals t WHERE t.id = NEW.terminal_id;
END;
CREATE TRIGGER due_plans_au AFTER UPDATE OF terminal_id, task, every, starts_on, lead_days, mode, last_done_on,
    next_due_on ON maintenance_plans BEGIN
    DELETE FROM due_dates
    WHERE kind = 'maintenance_due' AND due_on = OLD.next_due_on AND key = 'maintenance_due:' || OLD.id;
    INSERT INTO due_dates(kind, due_on, key, lead_days, item_id, terminal_id, sn, brand, model, store, provider, t_status,
                          task, every, starts_on, mode, last_done_on)
    SELECT 'maintenance_due', NEW.next_due_on, 'maintenance_due:' || NEW.id, NEW.lead_days, NEW.id,
           t.id, t.sn, t.brand, t.model, t.store_name, t.provider, t.status,
           NEW.task, NEW.every, NEW.starts_on, NEW.mode, NEW.last_done_on
    FROM terminals t WHERE t.id = NEW.terminal_id;
END;
CREATE TRIGGER due_plans_ad AFTER DELETE ON maintenance_plans BEGIN
    DELETE FROM due_dates
    WHERE kind = 'maintenance_due' AND due_on = OLD.next_due_on AND key = 'maintenance_due:' || OLD.id;
END;

CREATE TRIGGER due_repairs_ai AFTER INSERT ON repairs WHEN NEW.status NOT IN ('closed','replaced') BEGIN
    INSERT INTO due_dates(kind, due_on, key, lead_days, item_id, status, terminal_id, sn, brand, model, store, provider, t_status,
                          fault, ticket_no, opened_on, expected_back_on)
    SELECT 'repair_overdue', coalesce(NEW.expected_back_on, date(NEW.opened_on, '+7 days')), 'repair_overdue:' || NEW.id,
           NEW.lead_days, NEW.id, NEW.status, t.id, t.sn, t.brand, t.model, t.store_name, t.provider, t.status,
           NEW.fault, NEW.ticket_no, NEW.opened_on, NEW.expected_back_on
    FROM terminals t WHERE t.id = NEW.terminal_id;
END;
CREATE TRIGGER due_repairs_au AFTER UPDATE OF terminal_id, status, fault, opened_on, expected_back_on, ticket_no,
    lead_days ON repairs BEGIN
    DELETE FROM due_dates WHERE kind = 'repair_overdue'
      AND due_on = coalesce(OLD.expected_back_on, date(OLD.opened_on, '+7 days')) AND key = 'repair_overdue:' || OLD.id;
    INSERT INTO due_dates(kind, due_on, key, lead_days, item_id, status, terminal_id, sn, brand, model, store, provider, t_status,
                          fault, ticket_no, opened_on, expected_back_on)
    SELECT 'repair_overdue', coalesce(NEW.expected_back_on, date(NEW.opened_on, '+7 days')), 'repair_overdue:' || NEW.id,
           NEW.lead_days, NEW.id, NEW.status, t.id, t.sn, t.brand, t.model, t.store_name, t.provider, t.status,
           NEW.fault, NEW.ticket_no, NEW.opened_on, NEW.expected_back_on
    FROM terminals t WHERE t.id = NEW.terminal_id AND NEW.status NOT IN ('closed','replaced');
END;
CREATE TRIGGER due_repairs_ad AFTER DELETE ON repairs BEGIN
    DELETE FROM due_dates WHERE kind = 'repair_overdue'
      AND due_on = coalesce(OLD.expected_back_on, date(OLD.opened_on, '+7 days')) AND key = 'repair_overdue:' || OLD.id;
END;
"#;

/// Every item's row, from the item tables (after the migration's table, or after a large import
/// that dropped the triggers while it wrote): one pass per kind, in the table's order.
pub const FILL: &str = r#"
INSERT INTO due_dates(kind, due_on, key, lead_days, item_id, status, terminal_id, sn, brand, model, store, provider, t_status)
SELECT 'sim_expiry', m.expires_on, 'sim_expiry:' || m.iccid, m.lead_days, m.id, m.status,
       t.id, t.sn, t.brand, t.model, t.store_name, t.provider, t.status
FROM sims m LEFT JOIN terminals t ON t.id = m.terminal_id
WHERE m.status = 'active' AND m.expires_on IS NOT NULL
ORDER BY 2, 3;
INSERT INTO due_dates(kind, due_on, key, lead_days, item_id, status, terminal_id, sn, brand, model, store, provider, t_status,
                      amount)
SELECT 'deposit_deadline', d.deadline, 'deposit_deadline:' || d.id, d.lead_days, d.id, d.status,
       t.id, t.sn, t.brand, t.model, t.store_name, t.provider, t.status, d.amount
FROM deposits d JOIN terminals t ON t.id = d.terminal_id WHERE d.status = 'held'
ORDER BY 2, 3;
INSERT INTO due_dates(kind, due_on, key, lead_days, item_id, terminal_id, sn, brand, model, store, provider, t_status,
                      task, every, starts_on, mode, last_done_on)
SELECT 'maintenance_due', p.next_due_on, 'maintenance_due:' || p.id, p.lead_days, p.id,
       t.id, t.sn, t.brand, t.model, t.store_name, t.provider, t.status, p.task, p.every, p.starts_on, p.mode, p.last_done_on
FROM maintenance_plans p JOIN terminals t ON t.id = p.terminal_id
ORDER BY 2, 3;
INSERT INTO due_dates(kind, due_on, key, lead_days, item_id, status, terminal_id, sn, brand, model, store, provider, t_status,
                      fault, ticket_no, opened_on, expected_back_on)
SELECT 'repair_overdue', coalesce(r.expected_back_on, date(r.opened_on, '+7 days')), 'repair_overdue:' || r.id,
       r.lead_days, r.id, r.status, t.id, t.sn, t.brand, t.model, t.store_name, t.provider, t.status,
       r.fault, r.ticket_no, r.opened_on, r.expected_back_on
FROM repairs r JOIN terminals t ON t.id = r.terminal_id WHERE r.status NOT IN ('closed','replaced')
ORDER BY 2, 3;
"#;

/// The terminal columns of a row, from `sn` on (`sn, brand, model, store, provider, t_status`).
const TERM: &str = "sn, brand, model, store, provider, t_status";

fn terminal(r: &Row<'_>, i: usize) -> rusqlite::Result<Option<TerminalRef>> {
    let Some(sn) = r.get::<_, Option<String>>(i)? else {
        return Ok(None);
    };
    Ok(Some(TerminalRef {
        sn,
        brand: r.get(i + 1)?,
        model: r.get(i + 2)?,
        store: r.get(i + 3)?,
        provider: r.get(i + 4)?,
        status: r.get(i + 5)?,
    }))
}

/// A row whose item needs a terminal and has none: the triggers never write one.
fn no_terminal(i: usize) -> rusqlite::Error {
    rusqlite::Error::InvalidColumnType(i, "sn".into(), rusqlite::types::Type::Null)
}

/// The stored date at column `i` (written by SQLite's `date()` or checked by the tables' CHECKs).
fn date_at(r: &Row<'_>, i: usize) -> rusqlite::Result<NaiveDate> {
    let v = r.get_ref(i)?;
    iso_date(v.as_str()?).ok_or(rusqlite::Error::InvalidColumnType(i, "due_on".into(), v.data_type()))
}

fn conv(i: usize, e: Error) -> rusqlite::Error {
    rusqlite::Error::FromSqlConversionFailure(i, rusqlite::types::Type::Text, Box::new(e))
}

/// One kind's rows due up to `cut` (from `floor` on, if given), and those with a lead time of
/// their own due after `cut` (each a range of its own index), mapped by `f`.
fn window<T>(
    conn: &Connection,
    kind: ReminderKind,
    columns: &str,
    (floor, cut): (Option<NaiveDate>, NaiveDate),
    out: &mut Vec<T>,
    mut f: impl FnMut(&Row<'_>) -> rusqlite::Result<T>,
) -> Result<()> {
    let due = if floor.is_some() { "due_on BETWEEN ?2 AND ?3" } else { "due_on <= ?3" };
    for cond in [due, "lead_days IS NOT NULL AND due_on > ?3"] {
        let sql = format!("SELECT {columns} FROM due_dates WHERE kind = ?1 AND {cond}");
        let mut stmt = conn.prepare_cached(&sql)?;
        let rows = stmt.query_map(rusqlite::params![kind.code(), floor, cut], &mut f)?;
        for r in rows {
            out.push(r?);
        }
    }
    Ok(())
}

/// The facts of every item that may be listed as of `today`: each kind's items due within its
/// lead time (`lead(kind)`, the settings'), and those with a lead of their own due later; the
/// warranties from `warranties(floor, cut)` (the terminals' own column, read by the caller's
/// view). A superset; the engine decides.
pub(super) fn facts_as_of(
    conn: &Connection,
    today: NaiveDate,
    lead: impl Fn(ReminderKind) -> i64,
    warranties: impl FnOnce(NaiveDate, NaiveDate) -> Result<Vec<WarrantyFact>>,
) -> Result<Facts> {
    use crate::domain::values::add_days;
    let mut facts = Facts::default();
    let span = |k: ReminderKind| (None, add_days(today, lead(k)));
    window(
        conn,
        ReminderKind::SimExpiry,
        &format!("substr(key, 12), due_on, lead_days, {TERM}"),
        span(ReminderKind::SimExpiry),
        &mut facts.sims,
        |r| {
            Ok(SimFact {
                // The key is "sim_expiry:" (11 characters) and the ICCID.
                iccid: r.get(0)?,
                status: crate::domain::SimStatus::Active,
                expires_on: Some(date_at(r, 1)?),
                lead_days: r.get(2)?,
                terminal: terminal(r, 3)?,
            })
        },
    )?;
    // Warranties are the terminals' own column, read by its index (see the module docs).
    facts.warranties = warranties(add_days(today, -30), add_days(today, lead(ReminderKind::WarrantyExpiry)))?;
    let cols = format!("item_id, status, due_on, amount, lead_days, {TERM}");
    window(
        conn,
        ReminderKind::DepositDeadline,
        &cols,
        span(ReminderKind::DepositDeadline),
        &mut facts.deposits,
        |r| {
            Ok(DepositFact {
                id: r.get(0)?,
                status: r.get(1)?,
                deadline: date_at(r, 2)?,
                amount: r.get(3)?,
                lead_days: r.get(4)?,
                terminal: terminal(r, 5)?.ok_or_else(|| no_terminal(5))?,
            })
        },
    )?;
    let cols = format!("item_id, task, starts_on, every, mode, lead_days, last_done_on, {TERM}");
    window(conn, ReminderKind::MaintenanceDue, &cols, span(ReminderKind::MaintenanceDue), &mut facts.plans, |r| {
        let task: String = r.get(1)?;
        let every: String = r.get(3)?;
        Ok(PlanFact {
            id: r.get(0)?,
            task: MaintenanceTask::parse(&task).map_err(|e| conv(1, e))?,
            starts_on: r.get(2)?,
            interval: Interval::parse(&every).map_err(|e| conv(3, e))?,
            mode: r.get(4)?,
            lead_days: r.get(5)?,
            last_done_on: r.get(6)?,
            terminal: terminal(r, 7)?.ok_or_else(|| no_terminal(7))?,
        })
    })?;
    let cols = format!("item_id, status, fault, opened_on, expected_back_on, ticket_no, lead_days, {TERM}");
    window(conn, ReminderKind::RepairOverdue, &cols, span(ReminderKind::RepairOverdue), &mut facts.repairs, |r| {
        Ok(RepairFact {
            id: r.get(0)?,
            status: r.get(1)?,
            fault: r.get(2)?,
            opened_on: r.get(3)?,
            expected_back_on: r.get(4)?,
            ticket_no: r.get(5)?,
            lead_days: r.get(6)?,
            terminal: terminal(r, 7)?.ok_or_else(|| no_terminal(7))?,
        })
    })?;
    Ok(facts)
}
