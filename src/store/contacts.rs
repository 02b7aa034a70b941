//! Contacts (联系方式): banks, payment companies, makers, carriers, repairers — and which
//! terminals they serve.

use super::{opt_text, terminals, unique_violation, Store};
use crate::domain::values::check_text;
use crate::domain::{Contact, ContactInput, ContactKind};
use crate::error::{Error, Result};
use rusqlite::{params, Connection, OptionalExtension, Row};

pub(super) const SCHEMA_V1: &str = r#"
CREATE TABLE contacts (
    id      INTEGER PRIMARY KEY,
    name    TEXT NOT NULL UNIQUE COLLATE NOCASE CHECK (length(name) BETWEEN 1 AND 100),
    kind    TEXT NOT NULL CHECK (kind IN ('bank','payment_company','manufacturer','carrier','repair_centre',
                                          'third_party_repair','other')),
    phone   TEXT CHECK (length(phone) <= 50),
    hours   TEXT CHECK (length(hours) <= 100),
    website TEXT CHECK (length(website) <= 200),
    address TEXT CHECK (length(address) <= 200),
    notes   TEXT CHECK (length(notes) <= 2000)
);

-- Contacts linked to a terminal by hand. Contacts whose name matches the terminal's provider or
-- brand are linked implicitly (see `contacts_for_terminal`).
CREATE TABLE terminal_contacts (
    terminal_id INTEGER NOT NULL REFERENCES terminals(id) ON DELETE CASCADE,
    contact_id  INTEGER NOT NULL REFERENCES contacts(id) ON DELETE CASCADE,
    PRIMARY KEY (terminal_id, contact_id)
) WITHOUT ROWID;
CREATE INDEX terminal_contacts_contact ON terminal_contacts(contact_id);
"#;

const COLUMNS: &str = "c.id, c.name, c.kind, c.phone, c.hours, c.website, c.address, c.notes";

fn from_row(r: &Row<'_>) -> rusqlite::Result<Contact> {
    Ok(Contact {
        id: r.get(0)?,
        name: r.get(1)?,
        kind: r.get(2)?,
        phone: r.get(3)?,
        hours: r.get(4)?,
        website: r.get(5)?,
        address: r.get(6)?,
        notes: r.get(7)?,
    })
}

pub(crate) fn id_by_name(conn: &Connection, name: &str) -> Result<i64> {
    conn.query_row("SELECT id FROM contacts WHERE name = ?1", [name.trim()], |r| r.get(0))
        .optional()?
        .ok_or_else(|| Error::ContactNotFound(name.trim().to_string()))
}

/// Contacts linked to a terminal, by hand or by its provider's or brand's name.
pub(crate) fn for_terminal(conn: &Connection, terminal_id: i64) -> Result<Vec<Contact>> {
    let sql = format!(
        "SELECT {COLUMNS} FROM contacts c WHERE c.id IN (
             SELECT contact_id FROM terminal_contacts WHERE terminal_id = ?1
             UNION SELECT c2.id FROM contacts c2, terminals t
                   WHERE t.id = ?1 AND (c2.name = t.provider OR c2.name = t.brand))
         ORDER BY c.kind, c.name"
    );
    let mut stmt = conn.prepare(&sql)?;
    let v = stmt.query_map([terminal_id], from_row)?.collect::<rusqlite::Result<_>>()?;
    Ok(v)
}

impl Store {
    pub fn add_contact(&mut self, input: &ContactInput) -> Result<i64> {
        let name =
            check_text("name", &input.name, 100)?.ok_or(Error::InvalidText { field: "name", reason: "empty" })?;
        let kind = input.kind.unwrap_or(ContactKind::Other);
        let t = |f: &'static str, v: &Option<String>, max| opt_text(f, v, max).map(Option::flatten);
        let (phone, hours, website, address, notes) = (
            t("phone", &input.phone, 50)?,
            t("hours", &input.hours, 100)?,
            t("website", &input.website, 200)?,
            t("address", &input.address, 200)?,
            t("notes", &input.notes, 2000)?,
        );
        self.with_tx(|tx| {
            tx.execute(
                "INSERT INTO contacts(name, kind, phone, hours, website, address, notes) VALUES (?1,?2,?3,?4,?5,?6,?7)",
                params![name, kind, phone, hours, website, address, notes],
            )
            .map_err(|e| {
                if unique_violation(&e, "contacts.name") {
                    Error::DuplicateContact(name.clone())
                } else {
                    e.into()
                }
            })?;
            Ok(tx.last_insert_rowid())
        })
    }

    pub fn contacts(&self) -> Result<Vec<Contact>> {
        let mut stmt = self.conn.prepare(&format!("SELECT {COLUMNS} FROM contacts c ORDER BY c.kind, c.name"))?;
        let v = stmt.query_map([], from_row)?.collect::<rusqlite::Result<_>>()?;
        Ok(v)
    }

    /// Links a contact to a terminal so its hotline shows with the terminal.
    pub fn link_contact(&mut self, name: &str, terminal_sn: &str) -> Result<()> {
        self.with_tx(|tx| {
            let cid = id_by_name(tx, name)?;
            let tid = terminals::id_of(tx, terminal_sn)?;
            tx.execute(
                "INSERT OR IGNORE INTO terminal_contacts(terminal_id, contact_id) VALUES (?1, ?2)",
                params![tid, cid],
            )?;
            Ok(())
        })
    }
}
