//! Maintenance plans (保养计划) and their completion log.
//!
//! Each plan caches its next due date (`next_due_on`), recomputed by [`next_due`] whenever the
//! plan, its log or the default lead time changes, so reminders can find due plans by index.

use super::{check_lead, terminals, Store};
use crate::domain::values::check_text;
use crate::domain::{next_due, Completion, Interval, MaintenancePlan, MaintenanceTask, NewPlan, ReminderKind};
use crate::error::{Error, Result, StateProblem};
use chrono::NaiveDate;
use rusqlite::{params, Connection, OptionalExtension, Row};

pub(super) const SCHEMA_V1: &str = r#"
CREATE TABLE maintenance_plans (
    id           INTEGER PRIMARY KEY,
    terminal_id  INTEGER NOT NULL REFERENCES terminals(id) ON DELETE CASCADE,
    task         TEXT NOT NULL CHECK (length(task) BETWEEN 1 AND 100),
    every        TEXT NOT NULL CHECK (every GLOB '[1-9]*[dwm]' AND substr(every, 1, length(every) - 1) NOT GLOB '*[^0-9]*'),
    starts_on    TEXT NOT NULL CHECK (date(starts_on) IS starts_on),
    lead_days    INTEGER CHECK (lead_days BETWEEN 0 AND 3650),
    mode         TEXT NOT NULL CHECK (mode IN ('fixed','from_completion')),
    last_done_on TEXT CHECK (date(last_done_on) IS last_done_on),
    next_due_on  TEXT NOT NULL CHECK (date(next_due_on) IS next_due_on),
    created_at   TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now'))
);
CREATE INDEX maintenance_plans_terminal ON maintenance_plans(terminal_id);
CREATE INDEX maintenance_plans_due ON maintenance_plans(next_due_on);
CREATE INDEX maintenance_plans_lead ON maintenance_plans(lead_days) WHERE lead_days IS NOT NULL;

CREATE TABLE maintenance_log (
    id         INTEGER PRIMARY KEY,
    plan_id    INTEGER NOT NULL REFERENCES maintenance_plans(id) ON DELETE CASCADE,
    done_on    TEXT NOT NULL CHECK (date(done_on) IS done_on),
    note       TEXT CHECK (length(note) <= 500),
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now'))
);
CREATE INDEX maintenance_log_plan ON maintenance_log(plan_id, done_on);
"#;

const SELECT: &str = "SELECT p.id, t.sn, p.task, p.every, p.starts_on, p.lead_days, p.mode, p.last_done_on, \
     p.next_due_on FROM maintenance_plans p JOIN terminals t ON t.id = p.terminal_id";

fn from_row(r: &Row<'_>) -> rusqlite::Result<MaintenancePlan> {
    let conv = |i: usize, e: crate::error::Error| {
        rusqlite::Error::FromSqlConversionFailure(i, rusqlite::types::Type::Text, Box::new(e))
    };
    let task: String = r.get(2)?;
    let every: String = r.get(3)?;
    Ok(MaintenancePlan {
        id: r.get(0)?,
        terminal_sn: r.get(1)?,
        task: MaintenanceTask::parse(&task).map_err(|e| conv(2, e))?,
        interval: Interval::parse(&every).map_err(|e| conv(3, e))?,
        starts_on: r.get(4)?,
        lead_days: r.get(5)?,
        mode: r.get(6)?,
        last_done_on: r.get(7)?,
        next_due_on: r.get(8)?,
    })
}

pub(crate) fn get(conn: &Connection, id: i64) -> Result<MaintenancePlan> {
    conn.query_row(&format!("{SELECT} WHERE p.id = ?1"), [id], from_row)
        .optional()?
        .ok_or(Error::NotFound { what: "maintenance plan", id })
}

pub(crate) fn for_terminal(conn: &Connection, terminal_id: i64) -> Result<Vec<MaintenancePlan>> {
    let mut stmt = conn.prepare(&format!("{SELECT} WHERE p.terminal_id = ?1 ORDER BY p.id"))?;
    let v = stmt.query_map([terminal_id], from_row)?.collect::<rusqlite::Result<_>>()?;
    Ok(v)
}

pub(crate) fn completions(conn: &Connection, plan_id: i64) -> Result<Vec<Completion>> {
    let mut stmt =
        conn.prepare("SELECT id, done_on, note FROM maintenance_log WHERE plan_id = ?1 ORDER BY done_on, id")?;
    let v = stmt
        .query_map([plan_id], |r| Ok(Completion { id: r.get(0)?, done_on: r.get(1)?, note: r.get(2)? }))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(v)
}

fn default_lead(conn: &Connection) -> Result<i64> {
    super::settings::lead(conn, ReminderKind::MaintenanceDue)
}

/// Recomputes the cached next due date of one plan.
fn refresh(conn: &Connection, plan_id: i64, default_lead: i64) -> Result<()> {
    let p = get(conn, plan_id)?;
    let last: Option<NaiveDate> =
        conn.query_row("SELECT max(done_on) FROM maintenance_log WHERE plan_id = ?1", [plan_id], |r| r.get(0))?;
    let due = next_due(p.starts_on, p.interval, p.mode, p.lead_days.unwrap_or(default_lead), last);
    conn.execute(
        "UPDATE maintenance_plans SET last_done_on = ?2, next_due_on = ?3 WHERE id = ?1",
        params![plan_id, last, due],
    )?;
    Ok(())
}

/// After the default lead changes: fixed plans without their own lead get a new next due date.
pub(crate) fn refresh_default_lead(conn: &Connection) -> Result<()> {
    let lead = default_lead(conn)?;
    let ids: Vec<i64> = conn
        .prepare(
            "SELECT id FROM maintenance_plans WHERE mode = 'fixed' AND lead_days IS NULL AND last_done_on IS NOT NULL",
        )?
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    for id in ids {
        refresh(conn, id, lead)?;
    }
    Ok(())
}

fn insert(conn: &Connection, terminal_id: i64, p: &NewPlan) -> Result<i64> {
    conn.execute(
        "INSERT INTO maintenance_plans(terminal_id, task, every, starts_on, lead_days, mode, next_due_on)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?4)",
        params![terminal_id, p.task.code(), p.interval.code(), p.starts_on, p.lead_days, p.mode],
    )?;
    Ok(conn.last_insert_rowid())
}

impl Store {
    /// Adds a plan for one terminal, or (with `None`) one plan per terminal in use or spare.
    /// Returns the new plan ids.
    pub fn add_plans(&mut self, terminal_sn: Option<&str>, p: &NewPlan) -> Result<Vec<i64>> {
        check_lead(p.lead_days)?;
        self.with_tx(|tx| {
            let terminal_ids: Vec<i64> = match terminal_sn {
                Some(sn) => vec![terminals::id_of(tx, sn)?],
                None => tx
                    .prepare("SELECT id FROM terminals WHERE status IN ('in_use','spare') ORDER BY id")?
                    .query_map([], |r| r.get(0))?
                    .collect::<rusqlite::Result<_>>()?,
            };
            if terminal_ids.is_empty() {
                return Err(Error::InvalidState(StateProblem::NoActiveTerminals));
            }
            terminal_ids.into_iter().map(|tid| insert(tx, tid, p)).collect()
        })
    }

    pub fn plan(&self, id: i64) -> Result<(MaintenancePlan, Vec<Completion>)> {
        Ok((get(&self.conn, id)?, completions(&self.conn, id)?))
    }

    /// Logs a completion; returns the plan's new next due date.
    pub fn complete_plan(&mut self, id: i64, on: NaiveDate, note: Option<&str>) -> Result<NaiveDate> {
        let note = note.map(|n| check_text("note", n, 500)).transpose()?.flatten();
        self.with_tx(|tx| {
            get(tx, id)?;
            tx.execute(
                "INSERT INTO maintenance_log(plan_id, done_on, note) VALUES (?1, ?2, ?3)",
                params![id, on, note],
            )?;
            refresh(tx, id, default_lead(tx)?)?;
            Ok(get(tx, id)?.next_due_on)
        })
    }
}
