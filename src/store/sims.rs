//! SIM data cards (流量卡), their renewals and the history of which terminal they sat in.

use super::{check_lead, check_money, opt_text, terminals, unique_violation, Store};
use crate::domain::values::check_iccid;
use crate::domain::{Renewal, Sim, SimInstall, SimPatch, SimStatus};
use crate::error::{Error, Result, StateProblem};
use chrono::NaiveDate;
use rusqlite::{params, Connection, OptionalExtension, Row};

pub(super) const SCHEMA_V1: &str = r#"
CREATE TABLE sims (
    id           INTEGER PRIMARY KEY,
    iccid        TEXT NOT NULL UNIQUE
                 CHECK (length(iccid) BETWEEN 19 AND 20 AND iccid NOT GLOB '*[^0-9]*' AND iccid GLOB '89*'),
    msisdn       TEXT CHECK (length(msisdn) <= 20),
    carrier      TEXT CHECK (carrier IN ('china_mobile','china_unicom','china_telecom','other')),
    form         TEXT NOT NULL DEFAULT 'physical' CHECK (form IN ('physical','embedded')),
    plan         TEXT CHECK (length(plan) <= 100),
    quota_mb     INTEGER CHECK (quota_mb >= 0),
    annual_fee   INTEGER CHECK (annual_fee >= 0),
    paid_by      TEXT CHECK (paid_by IN ('merchant','provider')),
    activated_on TEXT CHECK (date(activated_on) IS activated_on),
    expires_on   TEXT CHECK (date(expires_on) IS expires_on),
    status       TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active','cancelled')),
    terminal_id  INTEGER REFERENCES terminals(id) ON DELETE SET NULL,
    lead_days    INTEGER CHECK (lead_days BETWEEN 0 AND 3650),
    luhn_ok      INTEGER NOT NULL DEFAULT 1 CHECK (luhn_ok IN (0,1)),
    notes        TEXT CHECK (length(notes) <= 2000),
    created_at   TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now')),
    updated_at   TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now'))
);
-- A terminal holds one SIM card at a time.
CREATE UNIQUE INDEX sims_terminal ON sims(terminal_id) WHERE terminal_id IS NOT NULL;
-- Covers the reminder query: no row lookups for the cards that are due.
CREATE INDEX sims_expiry ON sims(status, expires_on, terminal_id, lead_days, iccid);
CREATE INDEX sims_msisdn ON sims(msisdn);
CREATE INDEX sims_lead ON sims(lead_days) WHERE lead_days IS NOT NULL;
-- Keep terminals.sim_expires_on equal to the expiry of the card the terminal holds.
CREATE TRIGGER sims_expiry_ai AFTER INSERT ON sims WHEN NEW.terminal_id IS NOT NULL BEGIN
    UPDATE terminals SET sim_expires_on = NEW.expires_on WHERE id = NEW.terminal_id;
END;
CREATE TRIGGER sims_expiry_au AFTER UPDATE OF terminal_id, expires_on ON sims BEGIN
    UPDATE terminals SET sim_expires_on = NULL WHERE id = OLD.terminal_id AND OLD.terminal_id IS NOT NEW.terminal_id;
    UPDATE terminals SET sim_expires_on = NEW.expires_on WHERE id = NEW.terminal_id;
END;
CREATE TRIGGER sims_expiry_ad AFTER DELETE ON sims BEGIN
    UPDATE terminals SET sim_expires_on = NULL WHERE id = OLD.terminal_id;
END;

CREATE TABLE sim_renewals (
    id             INTEGER PRIMARY KEY,
    sim_id         INTEGER NOT NULL REFERENCES sims(id) ON DELETE CASCADE,
    renewed_on     TEXT NOT NULL CHECK (date(renewed_on) IS renewed_on),
    old_expires_on TEXT CHECK (date(old_expires_on) IS old_expires_on),
    new_expires_on TEXT NOT NULL CHECK (date(new_expires_on) IS new_expires_on),
    fee            INTEGER CHECK (fee >= 0),
    created_at     TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now'))
);
CREATE INDEX sim_renewals_sim ON sim_renewals(sim_id);

CREATE TABLE sim_installs (
    id           INTEGER PRIMARY KEY,
    sim_id       INTEGER NOT NULL REFERENCES sims(id) ON DELETE CASCADE,
    terminal_id  INTEGER NOT NULL REFERENCES terminals(id) ON DELETE CASCADE,
    installed_on TEXT NOT NULL CHECK (date(installed_on) IS installed_on),
    removed_on   TEXT CHECK (date(removed_on) IS removed_on)
);
CREATE INDEX sim_installs_sim ON sim_installs(sim_id);
CREATE INDEX sim_installs_terminal ON sim_installs(terminal_id);
"#;

/// Migration 7: the expiry index also carries the annual fee, so the outlook's fees by month are
/// read from the index alone (at 100k cards: a lookup of the table per card before).
pub(super) const SCHEMA_V7: &str = r#"
DROP INDEX sims_expiry;
CREATE INDEX sims_expiry ON sims(status, expires_on, terminal_id, lead_days, iccid, annual_fee);
"#;

const COLUMNS: &str = "m.id, m.iccid, m.msisdn, m.carrier, m.form, m.plan, m.quota_mb, m.annual_fee, m.paid_by, \
     m.activated_on, m.expires_on, m.status, t.sn, m.lead_days, m.luhn_ok, m.notes";

fn from_row(r: &Row<'_>) -> rusqlite::Result<Sim> {
    Ok(Sim {
        id: r.get(0)?,
        iccid: r.get(1)?,
        msisdn: r.get(2)?,
        carrier: r.get(3)?,
        form: r.get(4)?,
        plan: r.get(5)?,
        quota_mb: r.get(6)?,
        annual_fee: r.get(7)?,
        paid_by: r.get(8)?,
        activated_on: r.get(9)?,
        expires_on: r.get(10)?,
        status: r.get(11)?,
        terminal_sn: r.get(12)?,
        lead_days: r.get(13)?,
        luhn_ok: r.get(14)?,
        notes: r.get(15)?,
    })
}

fn query_one(conn: &Connection, cond: &str, arg: &dyn rusqlite::ToSql) -> Result<Option<Sim>> {
    let sql = format!("SELECT {COLUMNS} FROM sims m LEFT JOIN terminals t ON t.id = m.terminal_id WHERE {cond}");
    Ok(conn.query_row(&sql, [arg], from_row).optional()?)
}

pub(crate) fn get(conn: &Connection, iccid: &str) -> Result<Sim> {
    query_one(conn, "m.iccid = ?1", &iccid.trim())?.ok_or_else(|| Error::SimNotFound(iccid.trim().to_string()))
}

/// The SIM card sitting in a terminal, if any.
pub(crate) fn in_terminal(conn: &Connection, terminal_id: i64) -> Result<Option<Sim>> {
    query_one(conn, "m.terminal_id = ?1", &terminal_id)
}

fn apply(mut s: Sim, p: &SimPatch) -> Result<Sim> {
    if let Some(v) = opt_text("msisdn", &p.msisdn, 20)? {
        s.msisdn = v;
    }
    if let Some(v) = opt_text("plan", &p.plan, 100)? {
        s.plan = v;
    }
    if let Some(v) = opt_text("notes", &p.notes, 2000)? {
        s.notes = v;
    }
    if p.carrier.is_some() {
        s.carrier = p.carrier;
    }
    if let Some(f) = p.form {
        s.form = f;
    }
    if let Some(q) = p.quota_mb {
        if q < 0 {
            return Err(Error::InvalidNumber { field: "quota_mb", value: q.to_string(), expected: "not negative" });
        }
        s.quota_mb = Some(q);
    }
    check_money("fee", p.annual_fee)?;
    if p.annual_fee.is_some() {
        s.annual_fee = p.annual_fee;
    }
    if p.paid_by.is_some() {
        s.paid_by = p.paid_by;
    }
    if p.activated_on.is_some() {
        s.activated_on = p.activated_on;
    }
    if p.expires_on.is_some() {
        s.expires_on = p.expires_on;
    }
    check_lead(p.lead_days)?;
    if p.lead_days.is_some() {
        s.lead_days = p.lead_days;
    }
    Ok(s)
}

fn write(conn: &Connection, s: &Sim) -> Result<()> {
    conn.execute(
        "UPDATE sims SET msisdn = ?2, carrier = ?3, form = ?4, plan = ?5, quota_mb = ?6, annual_fee = ?7,
             paid_by = ?8, activated_on = ?9, expires_on = ?10, lead_days = ?11, notes = ?12,
             updated_at = strftime('%Y-%m-%dT%H:%M:%SZ','now')
         WHERE id = ?1",
        params![
            s.id,
            s.msisdn,
            s.carrier,
            s.form,
            s.plan,
            s.quota_mb,
            s.annual_fee,
            s.paid_by,
            s.activated_on,
            s.expires_on,
            s.lead_days,
            s.notes
        ],
    )?;
    Ok(())
}

/// Inserts a new SIM card, optionally into a terminal. Returns (id, Luhn check passed).
pub(crate) fn insert(
    conn: &Connection,
    iccid: &str,
    patch: &SimPatch,
    terminal_sn: Option<&str>,
    today: NaiveDate,
) -> Result<(i64, bool)> {
    let (iccid, luhn_ok) = check_iccid(iccid)?;
    let terminal_id = terminal_sn.map(|sn| terminals::id_of(conn, sn)).transpose()?;
    conn.execute("INSERT INTO sims(iccid, luhn_ok) VALUES (?1, ?2)", params![iccid, luhn_ok]).map_err(|e| {
        if unique_violation(&e, "sims.iccid") {
            Error::DuplicateIccid(iccid.clone())
        } else {
            e.into()
        }
    })?;
    let id = conn.last_insert_rowid();
    let blank = get(conn, &iccid)?;
    write(conn, &apply(blank, patch)?)?;
    if let Some(tid) = terminal_id {
        place(conn, id, tid, today)?;
    }
    Ok((id, luhn_ok))
}

/// Changes a SIM card's details.
pub(crate) fn update(conn: &Connection, iccid: &str, patch: &SimPatch) -> Result<bool> {
    let old = get(conn, iccid)?;
    let new = apply(old.clone(), patch)?;
    if new == old {
        return Ok(false);
    }
    write(conn, &new)?;
    Ok(true)
}

/// Cancels SIM `sim_id` (no more expiry reminders; it stays in its terminal's history). Returns
/// whether it changed: a card already cancelled is left as it is.
pub(crate) fn cancel(conn: &Connection, sim_id: i64) -> Result<bool> {
    let n = conn.execute(
        "UPDATE sims SET status = 'cancelled', updated_at = strftime('%Y-%m-%dT%H:%M:%SZ','now')
         WHERE id = ?1 AND status <> 'cancelled'",
        [sim_id],
    )?;
    Ok(n > 0)
}

/// Puts SIM `sim_id` into terminal `terminal_id`, taking out whatever card was there and closing
/// the install history of both.
pub(crate) fn place(conn: &Connection, sim_id: i64, terminal_id: i64, today: NaiveDate) -> Result<()> {
    let current: Option<i64> = conn.query_row("SELECT terminal_id FROM sims WHERE id = ?1", [sim_id], |r| r.get(0))?;
    if current == Some(terminal_id) {
        return Ok(());
    }
    // The card now in that terminal comes out, and this card leaves its old terminal.
    conn.execute(
        "UPDATE sim_installs SET removed_on = ?3
         WHERE removed_on IS NULL AND (sim_id = ?1 OR terminal_id = ?2)",
        params![sim_id, terminal_id, today],
    )?;
    conn.execute("UPDATE sims SET terminal_id = NULL WHERE terminal_id = ?1", [terminal_id])?;
    conn.execute(
        "UPDATE sims SET terminal_id = ?2, updated_at = strftime('%Y-%m-%dT%H:%M:%SZ','now') WHERE id = ?1",
        params![sim_id, terminal_id],
    )?;
    conn.execute(
        "INSERT INTO sim_installs(sim_id, terminal_id, installed_on) VALUES (?1, ?2, ?3)",
        params![sim_id, terminal_id, today],
    )?;
    Ok(())
}

pub(crate) fn renew(
    conn: &Connection,
    iccid: &str,
    until: NaiveDate,
    fee: Option<i64>,
    on: NaiveDate,
) -> Result<Renewal> {
    let sim = get(conn, iccid)?;
    if sim.status == SimStatus::Cancelled {
        return Err(Error::InvalidState(StateProblem::SimCancelled(sim.iccid)));
    }
    check_money("fee", fee)?;
    if let Some(old) = sim.expires_on {
        if until <= old {
            return Err(Error::InvalidState(StateProblem::RenewalNotLater(old.to_string())));
        }
    }
    conn.execute(
        "INSERT INTO sim_renewals(sim_id, renewed_on, old_expires_on, new_expires_on, fee) VALUES (?1, ?2, ?3, ?4, ?5)",
        params![sim.id, on, sim.expires_on, until, fee],
    )?;
    let id = conn.last_insert_rowid();
    conn.execute(
        "UPDATE sims SET expires_on = ?2, annual_fee = coalesce(?3, annual_fee),
             updated_at = strftime('%Y-%m-%dT%H:%M:%SZ','now') WHERE id = ?1",
        params![sim.id, until, fee],
    )?;
    Ok(Renewal { id, renewed_on: on, old_expires_on: sim.expires_on, new_expires_on: until, fee })
}

pub(crate) fn renewals(conn: &Connection, sim_id: i64) -> Result<Vec<Renewal>> {
    let mut stmt = conn.prepare(
        "SELECT id, renewed_on, old_expires_on, new_expires_on, fee FROM sim_renewals WHERE sim_id = ?1 ORDER BY id",
    )?;
    let v = stmt
        .query_map([sim_id], |r| {
            Ok(Renewal {
                id: r.get(0)?,
                renewed_on: r.get(1)?,
                old_expires_on: r.get(2)?,
                new_expires_on: r.get(3)?,
                fee: r.get(4)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(v)
}

pub(crate) fn installs(conn: &Connection, sim_id: i64) -> Result<Vec<SimInstall>> {
    let mut stmt = conn.prepare(
        "SELECT t.sn, i.installed_on, i.removed_on FROM sim_installs i JOIN terminals t ON t.id = i.terminal_id
         WHERE i.sim_id = ?1 ORDER BY i.id",
    )?;
    let v = stmt
        .query_map([sim_id], |r| {
            Ok(SimInstall { terminal_sn: r.get(0)?, installed_on: r.get(1)?, removed_on: r.get(2)? })
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(v)
}

/// A SIM card with its history.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct SimDetail {
    pub sim: Sim,
    pub renewals: Vec<Renewal>,
    pub installs: Vec<SimInstall>,
}

pub(crate) fn detail(conn: &Connection, sim: Sim) -> Result<SimDetail> {
    Ok(SimDetail { renewals: renewals(conn, sim.id)?, installs: installs(conn, sim.id)?, sim })
}

impl Store {
    /// The ICCIDs of the SIM cards in no terminal, in order (the JSON export).
    pub fn loose_sim_iccids(&self) -> Result<Vec<String>> {
        let mut stmt = self.conn.prepare("SELECT iccid FROM sims WHERE terminal_id IS NULL ORDER BY iccid")?;
        let v = stmt.query_map([], |r| r.get(0))?.collect::<rusqlite::Result<_>>()?;
        Ok(v)
    }

    /// Adds a SIM card; returns its id and whether its check digit is right.
    pub fn add_sim(
        &mut self,
        iccid: &str,
        patch: &SimPatch,
        terminal_sn: Option<&str>,
        today: NaiveDate,
    ) -> Result<(i64, bool)> {
        self.with_tx(|tx| insert(tx, iccid, patch, terminal_sn, today))
    }

    pub fn set_sim(&mut self, iccid: &str, patch: &SimPatch) -> Result<bool> {
        self.with_tx(|tx| update(tx, iccid, patch))
    }

    pub fn sim(&self, iccid: &str) -> Result<SimDetail> {
        detail(&self.conn, get(&self.conn, iccid)?)
    }

    /// Puts a SIM card into a terminal (taking out the card that was there).
    pub fn assign_sim(&mut self, iccid: &str, terminal_sn: &str, today: NaiveDate) -> Result<()> {
        self.with_tx(|tx| {
            let sim = get(tx, iccid)?;
            if sim.status == SimStatus::Cancelled {
                return Err(Error::InvalidState(StateProblem::SimCancelled(sim.iccid)));
            }
            let tid = terminals::id_of(tx, terminal_sn)?;
            place(tx, sim.id, tid, today)
        })
    }

    /// Cancels a SIM card: no more expiry reminders. It stays recorded in its terminal's history.
    pub fn cancel_sim(&mut self, iccid: &str) -> Result<bool> {
        self.with_tx(|tx| {
            let sim = get(tx, iccid)?;
            cancel(tx, sim.id)
        })
    }

    /// Records a renewal and moves the expiry date.
    pub fn renew_sim(&mut self, iccid: &str, until: NaiveDate, fee: Option<i64>, on: NaiveDate) -> Result<Renewal> {
        self.with_tx(|tx| renew(tx, iccid, until, fee, on))
    }
}
