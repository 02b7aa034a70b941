//! Repair tickets (维修工单): the guided flow from fault to fixed or replaced.

mod replacement;

use super::{check_lead, check_money, contacts, opt_text, terminals, Store};
use crate::domain::values::check_text;
use crate::domain::{
    CheckItem, NewRepair, Repair, RepairClose, RepairPatch, RepairStatus, TerminalStatus, DEREGISTRATION_STEPS,
    REPAIR_DOCUMENTS, REPAIR_TESTS,
};
use crate::error::{Error, Result, StateProblem};
use chrono::NaiveDate;
use rusqlite::{params, Connection, OptionalExtension, Row};

pub(super) const SCHEMA_V1: &str = r#"
CREATE TABLE repairs (
    id                   INTEGER PRIMARY KEY,
    terminal_id          INTEGER NOT NULL REFERENCES terminals(id) ON DELETE CASCADE,
    opened_on            TEXT NOT NULL CHECK (date(opened_on) IS opened_on),
    fault                TEXT NOT NULL CHECK (fault IN ('no_power','screen','keypad','printer','card_reader',
                                                        'network','system','transaction_error','other')),
    description          TEXT CHECK (length(description) <= 2000),
    contact_id           INTEGER REFERENCES contacts(id) ON DELETE SET NULL,
    agent                TEXT CHECK (length(agent) <= 50),
    ticket_no            TEXT CHECK (length(ticket_no) <= 64),
    channel              TEXT CHECK (channel IN ('remote','onsite','send_in','third_party')),
    status               TEXT NOT NULL DEFAULT 'open'
                         CHECK (status IN ('open','diagnosing','in_repair','ready','closed','replaced')),
    expected_back_on     TEXT CHECK (date(expected_back_on) IS expected_back_on),
    cost                 INTEGER CHECK (cost >= 0),
    under_warranty       INTEGER CHECK (under_warranty IN (0,1)),
    documents            TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(documents)),
    tests                TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(tests)),
    deregistration       TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(deregistration)),
    result               TEXT CHECK (length(result) <= 2000),
    closed_on            TEXT CHECK (date(closed_on) IS closed_on),
    new_warranty_until   TEXT CHECK (date(new_warranty_until) IS new_warranty_until),
    replaced_by          INTEGER REFERENCES terminals(id) ON DELETE SET NULL,
    prev_terminal_status TEXT,
    lead_days            INTEGER CHECK (lead_days BETWEEN 0 AND 3650),
    created_at           TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now')),
    updated_at           TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now')),
    CHECK ((status IN ('closed','replaced')) = (closed_on IS NOT NULL))
);
CREATE INDEX repairs_terminal ON repairs(terminal_id);
CREATE INDEX repairs_status ON repairs(status);
"#;

const SELECT: &str = "SELECT r.id, t.sn, r.opened_on, r.fault, r.description, c.name, r.agent, r.ticket_no, \
     r.channel, r.status, r.expected_back_on, r.cost, r.under_warranty, r.documents, r.tests, r.deregistration, \
     r.result, r.closed_on, r.new_warranty_until, n.sn, r.lead_days, s.name \
     FROM repairs r JOIN terminals t ON t.id = r.terminal_id LEFT JOIN contacts c ON c.id = r.contact_id \
     LEFT JOIN terminals n ON n.id = r.replaced_by LEFT JOIN stores s ON s.id = t.store_id";

fn checklist(r: &Row<'_>, i: usize) -> rusqlite::Result<Vec<CheckItem>> {
    let s: String = r.get(i)?;
    serde_json::from_str(&s)
        .map_err(|e| rusqlite::Error::FromSqlConversionFailure(i, rusqlite::types::Type::Text, Box::new(e)))
}

fn from_row(r: &Row<'_>) -> rusqlite::Result<Repair> {
    Ok(Repair {
        id: r.get(0)?,
        terminal_sn: r.get(1)?,
        opened_on: r.get(2)?,
        fault: r.get(3)?,
        description: r.get(4)?,
        contact: r.get(5)?,
        agent: r.get(6)?,
        ticket_no: r.get(7)?,
        channel: r.get(8)?,
        status: r.get(9)?,
        expected_back_on: r.get(10)?,
        cost: r.get(11)?,
        under_warranty: r.get(12)?,
        documents: checklist(r, 13)?,
        tests: checklist(r, 14)?,
        deregistration: checklist(r, 15)?,
        result: r.get(16)?,
        closed_on: r.get(17)?,
        new_warranty_until: r.get(18)?,
        replaced_by: r.get(19)?,
        lead_days: r.get(20)?,
        terminal_store: r.get(21)?,
    })
}

pub(crate) fn get(conn: &Connection, id: i64) -> Result<Repair> {
    conn.query_row(&format!("{SELECT} WHERE r.id = ?1"), [id], from_row)
        .optional()?
        .ok_or(Error::NotFound { what: "repair ticket", id })
}

pub(crate) fn for_terminal(conn: &Connection, terminal_id: i64) -> Result<Vec<Repair>> {
    let mut stmt = conn.prepare(&format!("{SELECT} WHERE r.terminal_id = ?1 ORDER BY r.opened_on DESC, r.id DESC"))?;
    let v = stmt.query_map([terminal_id], from_row)?.collect::<rusqlite::Result<_>>()?;
    Ok(v)
}

fn fresh_list(items: &[&str]) -> Vec<CheckItem> {
    items.iter().map(|i| CheckItem { item: (*i).to_string(), done: false }).collect()
}

fn to_json(items: &[CheckItem]) -> Result<String> {
    // A list of plain strings and booleans always serializes; the fallback is never taken.
    Ok(serde_json::to_string(items).unwrap_or_else(|_| String::from("[]")))
}

/// Ticks the named items; an unknown name is an error that lists the known ones.
fn tick(list: &mut [CheckItem], names: &[String], field: &'static str) -> Result<()> {
    for name in names {
        let Some(pos) = list.iter().position(|c| c.item == name.trim()) else {
            return Err(Error::InvalidValue {
                field,
                value: name.clone(),
                allowed: list.iter().map(|c| c.item.as_str()).collect::<Vec<_>>().join(", "),
            });
        };
        list[pos].done = true;
    }
    Ok(())
}

/// Ticks one document of a ticket's checklist (a file of it was attached). A ticket's documents
/// are the ones its list holds; another name is refused with the list.
pub(crate) fn tick_document(conn: &Connection, id: i64, document: &str) -> Result<()> {
    let mut r = get(conn, id)?;
    tick(&mut r.documents, &[document.to_string()], "document")?;
    conn.execute("UPDATE repairs SET documents = ?2 WHERE id = ?1", params![id, to_json(&r.documents)?])?;
    Ok(())
}

fn text(field: &'static str, v: &Option<String>, max: usize) -> Result<Option<String>> {
    Ok(opt_text(field, v, max)?.flatten())
}

impl Store {
    /// Opens a ticket; the terminal goes to `in_repair` until the ticket is closed.
    pub fn open_repair(&mut self, terminal_sn: &str, n: &NewRepair) -> Result<i64> {
        let description = text("description", &n.description, 2000)?;
        let agent = text("agent", &n.agent, 50)?;
        let ticket_no = text("ticket_no", &n.ticket_no, 64)?;
        self.with_tx(|tx| {
            let t = terminals::get(tx, terminal_sn)?;
            let contact_id = n
                .contact
                .as_deref()
                .filter(|c| !c.trim().is_empty())
                .map(|c| contacts::id_by_name(tx, c))
                .transpose()?;
            tx.execute(
                "INSERT INTO repairs(terminal_id, opened_on, fault, description, contact_id, agent, ticket_no, channel,
                     expected_back_on, under_warranty, documents, tests, prev_terminal_status)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
                params![
                    t.id,
                    n.opened_on,
                    n.fault,
                    description,
                    contact_id,
                    agent,
                    ticket_no,
                    n.channel,
                    n.expected_back_on,
                    n.under_warranty,
                    to_json(&fresh_list(REPAIR_DOCUMENTS))?,
                    to_json(&fresh_list(REPAIR_TESTS))?,
                    t.status
                ],
            )?;
            let id = tx.last_insert_rowid();
            if !t.status.is_retired() {
                terminals::set_status(tx, t.id, TerminalStatus::InRepair)?;
            }
            Ok(id)
        })
    }

    pub fn repair(&self, id: i64) -> Result<Repair> {
        get(&self.conn, id)
    }

    /// Open tickets (not closed or replaced), oldest first.
    pub fn open_repairs(&self) -> Result<Vec<Repair>> {
        let mut stmt = self
            .conn
            .prepare(&format!("{SELECT} WHERE r.status NOT IN ('closed','replaced') ORDER BY r.opened_on, r.id"))?;
        let v = stmt.query_map([], from_row)?.collect::<rusqlite::Result<_>>()?;
        Ok(v)
    }

    /// Finished tickets with `status` (`closed` or `replaced`), the most recently finished first, a
    /// page at a time.
    pub fn finished_repairs(&self, status: RepairStatus, offset: u32, limit: u32) -> Result<Vec<Repair>> {
        if !status.is_finished() {
            return Err(Error::InvalidValue {
                field: "status",
                value: status.code().to_string(),
                allowed: "closed, replaced".into(),
            });
        }
        let mut stmt = self.conn.prepare_cached(&format!(
            "{SELECT} WHERE r.status = ?1 ORDER BY r.closed_on DESC, r.id DESC LIMIT ?2 OFFSET ?3"
        ))?;
        let v = stmt.query_map(rusqlite::params![status, limit, offset], from_row)?.collect::<rusqlite::Result<_>>()?;
        Ok(v)
    }

    /// Updates an open ticket.
    pub fn update_repair(&mut self, id: i64, p: &RepairPatch) -> Result<Repair> {
        check_money("cost", p.cost)?;
        let description = opt_text("description", &p.description, 2000)?;
        let agent = opt_text("agent", &p.agent, 50)?;
        let ticket_no = opt_text("ticket_no", &p.ticket_no, 64)?;
        if p.status.is_some_and(RepairStatus::is_finished) {
            return Err(Error::InvalidState(StateProblem::UseRepairClose));
        }
        self.with_tx(|tx| {
            let mut r = get(tx, id)?;
            // A replaced ticket still takes ticks of its deregistration checklist, nothing else.
            let only_dereg =
                *p == RepairPatch { deregistration_done: p.deregistration_done.clone(), ..RepairPatch::default() };
            if r.status.is_finished() && !(r.status == RepairStatus::Replaced && only_dereg) {
                return Err(Error::InvalidState(StateProblem::RepairFinished(id)));
            }
            let contact_id = match p.contact.as_deref() {
                Some(c) if !c.trim().is_empty() => Some(contacts::id_by_name(tx, c)?),
                _ => tx.query_row("SELECT contact_id FROM repairs WHERE id = ?1", [id], |row| row.get(0))?,
            };
            if let Some(s) = p.status {
                r.status = s;
            }
            if let Some(v) = description {
                r.description = v;
            }
            if let Some(v) = agent {
                r.agent = v;
            }
            if let Some(v) = ticket_no {
                r.ticket_no = v;
            }
            if p.channel.is_some() {
                r.channel = p.channel;
            }
            if p.expected_back_on.is_some() {
                r.expected_back_on = p.expected_back_on;
            }
            if p.cost.is_some() {
                r.cost = p.cost;
            }
            if p.under_warranty.is_some() {
                r.under_warranty = p.under_warranty;
            }
            tick(&mut r.documents, &p.documents_done, "document")?;
            tick(&mut r.tests, &p.tests_passed, "test")?;
            tick(&mut r.deregistration, &p.deregistration_done, "step")?;
            tx.execute(
                "UPDATE repairs SET status = ?2, description = ?3, contact_id = ?4, agent = ?5, ticket_no = ?6,
                     channel = ?7, expected_back_on = ?8, cost = ?9, under_warranty = ?10, documents = ?11,
                     tests = ?12, deregistration = ?13, updated_at = strftime('%Y-%m-%dT%H:%M:%SZ','now')
                 WHERE id = ?1",
                params![
                    id,
                    r.status,
                    r.description,
                    contact_id,
                    r.agent,
                    r.ticket_no,
                    r.channel,
                    r.expected_back_on,
                    r.cost,
                    r.under_warranty,
                    to_json(&r.documents)?,
                    to_json(&r.tests)?,
                    to_json(&r.deregistration)?
                ],
            )?;
            get(tx, id)
        })
    }

    /// Closes a ticket: fixed (the terminal goes back to what it was, with a renewed warranty if
    /// given) or replaced (see [`replacement`]: the new terminal — a spare one, or created from
    /// a new SN — may take the old one's provider, numbers and store and its SIM card; the old
    /// one is marked `replaced` and linked to it; the deregistration checklist starts with the
    /// steps already done ticked). One transaction: a refusal writes nothing.
    pub fn close_repair(&mut self, id: i64, c: &RepairClose, today: NaiveDate) -> Result<Repair> {
        check_money("cost", c.cost)?;
        let result = c.result.as_deref().map(|s| check_text("result", s, 2000)).transpose()?.flatten();
        let closed_on = c.closed_on.unwrap_or(today);
        self.with_tx(|tx| {
            let r = get(tx, id)?;
            if r.status.is_finished() {
                return Err(Error::InvalidState(StateProblem::RepairFinished(id)));
            }
            let old = terminals::get(tx, &r.terminal_sn)?;
            let prev: Option<TerminalStatus> =
                tx.query_row("SELECT prev_terminal_status FROM repairs WHERE id = ?1", [id], |row| row.get(0))?;
            let (status, new_id, dereg) = match c.replaced_by.as_deref().filter(|s| !s.trim().is_empty()) {
                Some(new_sn) => {
                    let mut steps = fresh_list(DEREGISTRATION_STEPS);
                    let new_id = replacement::replace(tx, &old, new_sn, c, closed_on, &mut steps)?;
                    (RepairStatus::Replaced, Some(new_id), steps)
                }
                None => {
                    replacement::check_fixed(c)?;
                    if old.status == TerminalStatus::InRepair {
                        let back = prev.filter(|s| *s != TerminalStatus::InRepair).unwrap_or(TerminalStatus::InUse);
                        terminals::set_status(tx, old.id, back)?;
                    }
                    (RepairStatus::Closed, None, Vec::new())
                }
            };
            if let Some(w) = c.warranty_until {
                let target = new_id.unwrap_or(old.id);
                tx.execute(
                    "UPDATE terminals SET warranty_until = ?2, updated_at = strftime('%Y-%m-%dT%H:%M:%SZ','now') WHERE id = ?1",
                    params![target, w],
                )?;
            }
            tx.execute(
                "UPDATE repairs SET status = ?2, closed_on = ?3, result = coalesce(?4, result), new_warranty_until = ?5,
                     replaced_by = ?6, deregistration = ?7, cost = coalesce(?8, cost),
                     updated_at = strftime('%Y-%m-%dT%H:%M:%SZ','now')
                 WHERE id = ?1",
                params![id, status, closed_on, result, c.warranty_until, new_id, to_json(&dereg)?, c.cost],
            )?;
            get(tx, id)
        })
    }

    /// Sets the per-ticket lead time of the overdue reminder.
    pub fn set_repair_lead(&mut self, id: i64, lead: Option<i64>) -> Result<()> {
        check_lead(lead)?;
        self.with_tx(|tx| {
            get(tx, id)?;
            tx.execute("UPDATE repairs SET lead_days = ?2 WHERE id = ?1", params![id, lead])?;
            Ok(())
        })
    }
}
