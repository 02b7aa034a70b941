//! Gathering the reminder engine's facts, and the reminder commands (list, acknowledge, snooze).
//!
//! The queries only narrow the rows by index (due within the widest lead window, or with a lead
//! of their own); the engine applies every rule again, so the result is the engine's alone.

use super::{reminder_state, settings, Store};
use crate::domain::values::add_days;
use crate::domain::{Interval, MaintenanceTask, ReminderKind, Urgency};
use crate::error::{Error, Result};
use crate::reminders::{
    self, DepositFact, Due, Facts, PlanFact, Reminder, RepairFact, SimFact, TerminalRef, WarrantyFact,
};
use chrono::NaiveDate;
use rusqlite::{Connection, Row};

/// Selects the terminal columns at `t`/`s` as a `TerminalRef` starting at column `i`.
const TERM: &str = "t.sn, t.brand, t.model, s.name, t.status";
const TERM_JOIN: &str = "LEFT JOIN stores s ON s.id = t.store_id";

fn term(r: &Row<'_>, i: usize) -> rusqlite::Result<TerminalRef> {
    Ok(TerminalRef {
        sn: r.get(i)?,
        brand: r.get(i + 1)?,
        model: r.get(i + 2)?,
        store: r.get(i + 3)?,
        status: r.get(i + 4)?,
    })
}

/// Which rows to load: those due on or before `cut` (plus those with their own lead time), or
/// only the one item a key names.
enum Scope<'a> {
    Until { cut: NaiveDate, floor: NaiveDate },
    Key(ReminderKind, &'a str),
}

fn query<T>(
    conn: &Connection,
    sql: &str,
    params: &[&dyn rusqlite::ToSql],
    f: impl FnMut(&Row<'_>) -> rusqlite::Result<T>,
) -> Result<Vec<T>> {
    let mut stmt = conn.prepare_cached(sql)?;
    let v = stmt.query_map(params, f)?.collect::<rusqlite::Result<_>>()?;
    Ok(v)
}

fn load(conn: &Connection, scope: &Scope<'_>) -> Result<Facts> {
    let mut facts = Facts::default();
    let wants = |k: ReminderKind| match scope {
        Scope::Until { .. } => true,
        Scope::Key(kind, _) => *kind == k,
    };
    let (cut, floor, key) = match scope {
        Scope::Until { cut, floor } => (Some(*cut), Some(*floor), None),
        Scope::Key(_, k) => (None, None, Some(*k)),
    };
    // With a key, the date bounds are absent (NULL) and only the key's row matches.
    if wants(ReminderKind::SimExpiry) {
        let sql = format!(
            "SELECT m.iccid, m.status, m.expires_on, m.lead_days, {TERM}
             FROM sims m LEFT JOIN terminals t ON t.id = m.terminal_id {TERM_JOIN}
             WHERE m.status = 'active' AND m.expires_on IS NOT NULL
               AND (?1 IS NULL OR m.expires_on <= ?1 OR m.lead_days IS NOT NULL) AND (?2 IS NULL OR m.iccid = ?2)"
        );
        facts.sims = query(conn, &sql, &[&cut, &key], |r| {
            let sn: Option<String> = r.get(4)?;
            Ok(SimFact {
                iccid: r.get(0)?,
                status: r.get(1)?,
                expires_on: r.get(2)?,
                lead_days: r.get(3)?,
                terminal: if sn.is_some() { Some(term(r, 4)?) } else { None },
            })
        })?;
    }
    if wants(ReminderKind::WarrantyExpiry) {
        let sql = format!(
            "SELECT t.warranty_until, t.warranty_lead_days, {TERM} FROM terminals t {TERM_JOIN}
             WHERE t.warranty_until IS NOT NULL AND t.status NOT IN ('replaced','deregistered','lost')
               AND (?1 IS NULL OR t.warranty_until >= ?1)
               AND (?2 IS NULL OR t.warranty_until <= ?2 OR t.warranty_lead_days IS NOT NULL)
               AND (?3 IS NULL OR t.sn = ?3)"
        );
        facts.warranties = query(conn, &sql, &[&floor, &cut, &key], |r| {
            Ok(WarrantyFact { warranty_until: r.get(0)?, lead_days: r.get(1)?, terminal: term(r, 2)? })
        })?;
    }
    // The other kinds are keyed by a numeric ID; a key with anything else names nothing.
    let id_key: Option<i64> = key.and_then(|k| k.parse().ok());
    if key.is_some() && id_key.is_none() {
        return Ok(facts);
    }
    if wants(ReminderKind::DepositDeadline) {
        let sql = format!(
            "SELECT d.id, d.status, d.deadline, d.amount, d.lead_days, {TERM}
             FROM deposits d JOIN terminals t ON t.id = d.terminal_id {TERM_JOIN}
             WHERE d.status = 'held' AND (?1 IS NULL OR d.deadline <= ?1 OR d.lead_days IS NOT NULL)
               AND (?2 IS NULL OR d.id = ?2)"
        );
        facts.deposits = query(conn, &sql, &[&cut, &id_key], |r| {
            Ok(DepositFact {
                id: r.get(0)?,
                status: r.get(1)?,
                deadline: r.get(2)?,
                amount: r.get(3)?,
                lead_days: r.get(4)?,
                terminal: term(r, 5)?,
            })
        })?;
    }
    if wants(ReminderKind::MaintenanceDue) {
        let sql = format!(
            "SELECT p.id, p.task, p.starts_on, p.every, p.mode, p.lead_days, p.last_done_on, {TERM}
             FROM maintenance_plans p JOIN terminals t ON t.id = p.terminal_id {TERM_JOIN}
             WHERE t.status IN ('in_use','spare') AND (?1 IS NULL OR p.next_due_on <= ?1 OR p.lead_days IS NOT NULL)
               AND (?2 IS NULL OR p.id = ?2)"
        );
        let conv = |i, e: Error| rusqlite::Error::FromSqlConversionFailure(i, rusqlite::types::Type::Text, Box::new(e));
        facts.plans = query(conn, &sql, &[&cut, &id_key], |r| {
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
                terminal: term(r, 7)?,
            })
        })?;
    }
    if wants(ReminderKind::RepairOverdue) {
        let sql = format!(
            "SELECT r.id, r.status, r.fault, r.opened_on, r.expected_back_on, r.ticket_no, r.lead_days, {TERM}
             FROM repairs r JOIN terminals t ON t.id = r.terminal_id {TERM_JOIN}
             WHERE r.status NOT IN ('closed','replaced') AND (?1 IS NULL OR r.id = ?1)"
        );
        facts.repairs = query(conn, &sql, &[&id_key], |r| {
            Ok(RepairFact {
                id: r.get(0)?,
                status: r.get(1)?,
                fault: r.get(2)?,
                opened_on: r.get(3)?,
                expected_back_on: r.get(4)?,
                ticket_no: r.get(5)?,
                lead_days: r.get(6)?,
                terminal: term(r, 7)?,
            })
        })?;
    }
    Ok(facts)
}

impl Store {
    /// The facts the engine needs to list reminders as of `today`.
    pub fn reminder_facts(&self, today: NaiveDate) -> Result<Facts> {
        let s = settings::load(&self.conn)?;
        let widest = ReminderKind::ALL.iter().map(|k| s.lead(*k)).max().unwrap_or(0);
        let mut facts = load(&self.conn, &Scope::Until { cut: add_days(today, widest), floor: add_days(today, -30) })?;
        facts.acks = reminder_state::latest_acks(&self.conn)?;
        facts.snoozes = reminder_state::latest_snoozes(&self.conn)?;
        Ok(facts)
    }

    /// Every item with a due date, in or out of its lead window (for the calendar export).
    pub fn due_items(&self) -> Result<Vec<Due>> {
        let s = settings::load(&self.conn)?;
        let (first, last) = (NaiveDate::from_ymd_opt(1, 1, 1), NaiveDate::from_ymd_opt(9999, 12, 31));
        let (Some(floor), Some(cut)) = (first, last) else {
            return Ok(Vec::new());
        };
        let facts = load(&self.conn, &Scope::Until { cut, floor })?;
        Ok(reminders::due_items(&facts, &s))
    }

    /// The reminders listed as of `today` (SPEC §3), titled in the settings' language.
    pub fn reminders(&self, today: NaiveDate) -> Result<Vec<Reminder>> {
        let s = settings::load(&self.conn)?;
        let facts = self.reminder_facts(today)?;
        Ok(reminders::compute(&facts, &s, today, s.language))
    }

    /// The item a key names, with its current due date, if it has one and is not excluded.
    fn due_for_key(&self, key: &str) -> Result<Due> {
        let not_found = || Error::ReminderNotFound(key.to_string());
        let (kind, rest) = reminders::parse_key(key).ok_or_else(not_found)?;
        let s = settings::load(&self.conn)?;
        let facts = load(&self.conn, &Scope::Key(kind, rest))?;
        reminders::due_items(&facts, &s).into_iter().find(|d| d.key == key.trim()).ok_or_else(not_found)
    }

    /// Acknowledges a listed reminder at its urgency as of `today`. Returns that urgency.
    pub fn acknowledge(&mut self, key: &str, today: NaiveDate) -> Result<Urgency> {
        let due = self.due_for_key(key)?;
        if !due.in_window(today) {
            return Err(Error::ReminderNotFound(key.trim().to_string()));
        }
        let urgency = Urgency::from_days_left((due.due_on - today).num_days());
        self.record_ack(&due.key, due.due_on, urgency, today)?;
        Ok(urgency)
    }

    /// Hides a reminder until `until` (for its current due date). Returns that due date.
    pub fn snooze(&mut self, key: &str, until: NaiveDate) -> Result<NaiveDate> {
        let due = self.due_for_key(key)?;
        self.record_snooze(&due.key, due.due_on, until)?;
        Ok(due.due_on)
    }
}
