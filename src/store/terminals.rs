//! Terminals (终端) and the stores (门店) they stand in.

use super::{check_lead, opt_text, unique_violation, Store};
use crate::domain::values::{add_months, check_sn};
use crate::domain::{Terminal, TerminalPatch, TerminalStatus};
use crate::error::{Error, Result};
use rusqlite::{params, Connection, OptionalExtension, Row};

pub(super) const SCHEMA_V1: &str = r#"
CREATE TABLE stores (
    id   INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE CHECK (length(name) BETWEEN 1 AND 100)
);

CREATE TABLE terminals (
    id                 INTEGER PRIMARY KEY,
    sn                 TEXT NOT NULL UNIQUE COLLATE NOCASE CHECK (length(sn) BETWEEN 1 AND 64),
    brand              TEXT CHECK (length(brand) <= 50),
    model              TEXT CHECK (length(model) <= 50),
    kind               TEXT CHECK (kind IN ('traditional','e_sign','smart','qr_box','other')),
    provider           TEXT CHECK (length(provider) <= 100),
    merchant_no        TEXT CHECK (length(merchant_no) <= 32),
    terminal_no        TEXT CHECK (length(terminal_no) <= 32),
    store_id           INTEGER REFERENCES stores(id),
    status             TEXT NOT NULL DEFAULT 'in_use'
                       CHECK (status IN ('in_use','spare','in_repair','replaced','deregistered','lost')),
    acquired_on        TEXT CHECK (date(acquired_on) IS acquired_on),
    activated_on       TEXT CHECK (date(activated_on) IS activated_on),
    warranty_until     TEXT CHECK (date(warranty_until) IS warranty_until),
    warranty_provider  TEXT CHECK (length(warranty_provider) <= 100),
    warranty_terms     TEXT CHECK (length(warranty_terms) <= 500),
    warranty_lead_days INTEGER CHECK (warranty_lead_days BETWEEN 0 AND 3650),
    replaced_by        INTEGER REFERENCES terminals(id) ON DELETE SET NULL,
    notes              TEXT CHECK (length(notes) <= 2000),
    -- Copies kept by triggers so the list can sort by them from an index: the store's name and
    -- the expiry of the SIM card in the terminal.
    store_name         TEXT,
    sim_expires_on     TEXT,
    created_at         TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now')),
    updated_at         TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now')),
    CHECK (replaced_by IS NULL OR replaced_by <> id)
);
-- Each sortable column with the SN as tie-breaker: a page at any depth is read from one index.
CREATE INDEX terminals_merchant_no ON terminals(merchant_no, sn);
CREATE INDEX terminals_terminal_no ON terminals(terminal_no);
CREATE INDEX terminals_store ON terminals(store_id, sn);
CREATE INDEX terminals_store_name ON terminals(store_name, sn);
CREATE INDEX terminals_sim_expiry ON terminals(sim_expires_on, sn);
CREATE INDEX terminals_warranty_lead ON terminals(warranty_lead_days) WHERE warranty_lead_days IS NOT NULL;
CREATE TRIGGER terminals_store_name_ai AFTER INSERT ON terminals
WHEN NEW.store_id IS NOT NULL AND NEW.store_name IS NULL BEGIN
    UPDATE terminals SET store_name = (SELECT name FROM stores WHERE id = NEW.store_id) WHERE id = NEW.id;
END;
CREATE TRIGGER terminals_store_name_au AFTER UPDATE OF store_id ON terminals BEGIN
    UPDATE terminals SET store_name = (SELECT name FROM stores WHERE id = NEW.store_id) WHERE id = NEW.id;
END;
CREATE INDEX terminals_status ON terminals(status, sn);
CREATE INDEX terminals_brand ON terminals(brand, sn);
CREATE INDEX terminals_model ON terminals(model, sn);
CREATE INDEX terminals_provider ON terminals(provider, sn);
CREATE INDEX terminals_kind ON terminals(kind, sn);
CREATE INDEX terminals_activated ON terminals(activated_on, sn);
CREATE INDEX terminals_warranty ON terminals(warranty_until, sn);
"#;

/// Migration 7: the warranty index also carries the status (after the SN, so the list's sort by
/// warranty reads it as before): the outlook's warranties by month come from the index alone.
pub(super) const SCHEMA_V7: &str = r#"
DROP INDEX terminals_warranty;
CREATE INDEX terminals_warranty ON terminals(warranty_until, sn, status);
"#;

const COLUMNS: &str = "t.id, t.sn, t.brand, t.model, t.kind, t.provider, t.merchant_no, t.terminal_no, \
     s.name, t.status, t.acquired_on, t.activated_on, t.warranty_until, t.warranty_provider, \
     t.warranty_terms, t.warranty_lead_days, r.sn, t.notes";
const FROM: &str = "terminals t LEFT JOIN stores s ON s.id = t.store_id LEFT JOIN terminals r ON r.id = t.replaced_by";

fn from_row(r: &Row<'_>) -> rusqlite::Result<Terminal> {
    Ok(Terminal {
        id: r.get(0)?,
        sn: r.get(1)?,
        brand: r.get(2)?,
        model: r.get(3)?,
        kind: r.get(4)?,
        provider: r.get(5)?,
        merchant_no: r.get(6)?,
        terminal_no: r.get(7)?,
        store: r.get(8)?,
        status: r.get(9)?,
        acquired_on: r.get(10)?,
        activated_on: r.get(11)?,
        warranty_until: r.get(12)?,
        warranty_provider: r.get(13)?,
        warranty_terms: r.get(14)?,
        warranty_lead_days: r.get(15)?,
        replaced_by: r.get(16)?,
        notes: r.get(17)?,
    })
}

/// The id of the terminal with this SN.
pub(crate) fn id_of(conn: &Connection, sn: &str) -> Result<i64> {
    conn.query_row("SELECT id FROM terminals WHERE sn = ?1", [sn.trim()], |r| r.get(0))
        .optional()?
        .ok_or_else(|| Error::TerminalNotFound(sn.trim().to_string()))
}

pub(crate) fn get(conn: &Connection, sn: &str) -> Result<Terminal> {
    let sql = format!("SELECT {COLUMNS} FROM {FROM} WHERE t.sn = ?1");
    conn.query_row(&sql, [sn.trim()], from_row)
        .optional()?
        .ok_or_else(|| Error::TerminalNotFound(sn.trim().to_string()))
}

pub(crate) fn set_status(conn: &Connection, id: i64, status: TerminalStatus) -> Result<()> {
    conn.execute(
        "UPDATE terminals SET status = ?2, updated_at = strftime('%Y-%m-%dT%H:%M:%SZ','now') WHERE id = ?1",
        params![id, status],
    )?;
    Ok(())
}

fn store_id(conn: &Connection, name: Option<&str>) -> Result<Option<i64>> {
    let Some(name) = name else { return Ok(None) };
    conn.execute("INSERT INTO stores(name) VALUES (?1) ON CONFLICT(name) DO NOTHING", [name])?;
    Ok(Some(conn.query_row("SELECT id FROM stores WHERE name = ?1", [name], |r| r.get(0))?))
}

/// Applies a patch to a terminal (a new one when `base` is a blank record) and checks it.
fn merge(mut t: Terminal, p: &TerminalPatch) -> Result<Terminal> {
    fn text(dst: &mut Option<String>, field: &'static str, v: &Option<String>, max: usize) -> Result<()> {
        if let Some(v) = opt_text(field, v, max)? {
            *dst = v;
        }
        Ok(())
    }
    text(&mut t.brand, "brand", &p.brand, 50)?;
    text(&mut t.model, "model", &p.model, 50)?;
    text(&mut t.provider, "provider", &p.provider, 100)?;
    text(&mut t.merchant_no, "merchant_no", &p.merchant_no, 32)?;
    text(&mut t.terminal_no, "terminal_no", &p.terminal_no, 32)?;
    text(&mut t.store, "store", &p.store, 100)?;
    text(&mut t.warranty_provider, "warranty_provider", &p.warranty_provider, 100)?;
    text(&mut t.warranty_terms, "warranty_terms", &p.warranty_terms, 500)?;
    text(&mut t.notes, "notes", &p.notes, 2000)?;
    if p.kind.is_some() {
        t.kind = p.kind;
    }
    if let Some(s) = p.status {
        t.status = s;
    }
    if p.acquired_on.is_some() {
        t.acquired_on = p.acquired_on;
    }
    if p.activated_on.is_some() {
        t.activated_on = p.activated_on;
    }
    check_lead(p.warranty_lead_days)?;
    if p.warranty_lead_days.is_some() {
        t.warranty_lead_days = p.warranty_lead_days;
    }
    if p.warranty_until.is_some() {
        t.warranty_until = p.warranty_until;
    } else if let Some(months) = p.warranty_months {
        if !(1..=240).contains(&months) {
            return Err(Error::InvalidNumber {
                field: "warranty_months",
                value: months.to_string(),
                expected: "1 to 240 months",
            });
        }
        let from = t.activated_on.ok_or(Error::InvalidNumber {
            field: "warranty_months",
            value: months.to_string(),
            expected: "months are counted from the activation date, which is not set",
        })?;
        t.warranty_until = Some(add_months(from, months));
    }
    Ok(t)
}

fn blank(sn: String) -> Terminal {
    Terminal {
        id: 0,
        sn,
        brand: None,
        model: None,
        kind: None,
        provider: None,
        merchant_no: None,
        terminal_no: None,
        store: None,
        status: TerminalStatus::InUse,
        acquired_on: None,
        activated_on: None,
        warranty_until: None,
        warranty_provider: None,
        warranty_terms: None,
        warranty_lead_days: None,
        replaced_by: None,
        notes: None,
    }
}

/// Inserts a new terminal; the SN must be new.
pub(crate) fn insert(conn: &Connection, sn: &str, patch: &TerminalPatch) -> Result<i64> {
    let sn = check_sn(sn)?;
    let t = merge(blank(sn.clone()), patch)?;
    let store = store_id(conn, t.store.as_deref())?;
    conn.execute(
        "INSERT INTO terminals(sn, brand, model, kind, provider, merchant_no, terminal_no, store_id, status,
             acquired_on, activated_on, warranty_until, warranty_provider, warranty_terms, warranty_lead_days, notes)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16)",
        params![
            t.sn,
            t.brand,
            t.model,
            t.kind,
            t.provider,
            t.merchant_no,
            t.terminal_no,
            store,
            t.status,
            t.acquired_on,
            t.activated_on,
            t.warranty_until,
            t.warranty_provider,
            t.warranty_terms,
            t.warranty_lead_days,
            t.notes
        ],
    )
    .map_err(|e| if unique_violation(&e, "terminals.sn") { Error::DuplicateSn(sn.clone()) } else { e.into() })?;
    Ok(conn.last_insert_rowid())
}

/// Changes what the patch gives on an existing terminal. Returns whether anything changed.
pub(crate) fn update(conn: &Connection, sn: &str, patch: &TerminalPatch) -> Result<bool> {
    let old = get(conn, sn)?;
    let t = merge(old.clone(), patch)?;
    if t == old {
        return Ok(false);
    }
    let store = store_id(conn, t.store.as_deref())?;
    conn.execute(
        "UPDATE terminals SET brand = ?2, model = ?3, kind = ?4, provider = ?5, merchant_no = ?6, terminal_no = ?7,
             store_id = ?8, status = ?9, acquired_on = ?10, activated_on = ?11, warranty_until = ?12,
             warranty_provider = ?13, warranty_terms = ?14, warranty_lead_days = ?15, notes = ?16,
             updated_at = strftime('%Y-%m-%dT%H:%M:%SZ','now')
         WHERE id = ?1",
        params![
            t.id,
            t.brand,
            t.model,
            t.kind,
            t.provider,
            t.merchant_no,
            t.terminal_no,
            store,
            t.status,
            t.acquired_on,
            t.activated_on,
            t.warranty_until,
            t.warranty_provider,
            t.warranty_terms,
            t.warranty_lead_days,
            t.notes
        ],
    )?;
    Ok(true)
}

impl Store {
    pub fn terminal(&self, sn: &str) -> Result<Terminal> {
        get(&self.conn, sn)
    }

    /// Adds a terminal; returns its id.
    pub fn add_terminal(&mut self, sn: &str, patch: &TerminalPatch) -> Result<i64> {
        self.with_tx(|tx| insert(tx, sn, patch))
    }

    /// Changes the given fields of a terminal.
    pub fn set_terminal(&mut self, sn: &str, patch: &TerminalPatch) -> Result<bool> {
        self.with_tx(|tx| update(tx, sn, patch))
    }

    /// Every terminal's SN, in order (the JSON export).
    pub fn terminal_sns(&self) -> Result<Vec<String>> {
        let mut stmt = self.conn.prepare("SELECT sn FROM terminals ORDER BY sn")?;
        let v = stmt.query_map([], |r| r.get(0))?.collect::<rusqlite::Result<_>>()?;
        Ok(v)
    }

    /// Distinct store names, for filter chips and pickers.
    pub fn store_names(&self) -> Result<Vec<String>> {
        let mut stmt = self.conn.prepare("SELECT name FROM stores ORDER BY name")?;
        let v = stmt.query_map([], |r| r.get(0))?.collect::<rusqlite::Result<_>>()?;
        Ok(v)
    }

    /// Every provider the terminals name, with how many terminals name it, most first (the list's
    /// provider filter: an imported provider has no contact, yet must be choosable). Read from the
    /// terminals' tally, never from the rows.
    pub fn provider_counts(&self) -> Result<Vec<(String, u32)>> {
        Ok(super::terminal_tally::by_provider(&self.conn)?
            .into_iter()
            .map(|(p, n)| (p, u32::try_from(n).unwrap_or(u32::MAX)))
            .collect())
    }
}
