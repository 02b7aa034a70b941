//! Attachments (migration 8, SPEC §2): photos, scans and PDFs kept in the database itself, so
//! every backup, restore and copy of the file carries them. Each belongs to exactly one terminal,
//! SIM card, deposit or repair ticket (a real foreign key each, so `check` finds a broken one).
//! The bytes live in a table of their own: listing a terminal's attachments never reads them.

use super::{deposits, repairs, sims, terminals, Store};
use crate::domain::attachment::{Attachment, Prepared};
use crate::domain::AttachmentOwner;
use crate::error::{Error, Result};
use chrono::{DateTime, Utc};
use rusqlite::{params, Connection, OptionalExtension, Row};

pub(super) const SCHEMA_V8: &str = r#"
CREATE TABLE attachments (
    id          INTEGER PRIMARY KEY,
    terminal_id INTEGER REFERENCES terminals(id) ON DELETE CASCADE,
    sim_id      INTEGER REFERENCES sims(id) ON DELETE CASCADE,
    deposit_id  INTEGER REFERENCES deposits(id) ON DELETE CASCADE,
    repair_id   INTEGER REFERENCES repairs(id) ON DELETE CASCADE,
    name        TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    kind        TEXT NOT NULL CHECK (kind IN ('jpeg','png','pdf')),
    size        INTEGER NOT NULL CHECK (size BETWEEN 1 AND 20971520),
    sha256      TEXT NOT NULL CHECK (length(sha256) = 64),
    document    TEXT CHECK (document IS NULL OR repair_id IS NOT NULL),
    added_at    TEXT NOT NULL,
    thumb       BLOB,
    CHECK ((terminal_id IS NOT NULL) + (sim_id IS NOT NULL) + (deposit_id IS NOT NULL) + (repair_id IS NOT NULL) = 1)
);
CREATE INDEX attachments_terminal ON attachments(terminal_id) WHERE terminal_id IS NOT NULL;
CREATE INDEX attachments_sim ON attachments(sim_id) WHERE sim_id IS NOT NULL;
CREATE INDEX attachments_deposit ON attachments(deposit_id) WHERE deposit_id IS NOT NULL;
CREATE INDEX attachments_repair ON attachments(repair_id) WHERE repair_id IS NOT NULL;
CREATE TABLE attachment_data (
    attachment_id INTEGER PRIMARY KEY REFERENCES attachments(id) ON DELETE CASCADE,
    data          BLOB NOT NULL
);
"#;

const COLUMNS: &str = "id, terminal_id, sim_id, deposit_id, repair_id, name, kind, size, sha256, document, added_at, \
                       thumb IS NOT NULL";

/// The column that holds an owner of this kind.
fn column(owner: AttachmentOwner) -> &'static str {
    match owner {
        AttachmentOwner::Terminal => "terminal_id",
        AttachmentOwner::Sim => "sim_id",
        AttachmentOwner::Deposit => "deposit_id",
        AttachmentOwner::Repair => "repair_id",
    }
}

fn from_row(r: &Row<'_>) -> rusqlite::Result<Attachment> {
    let owners = [
        (AttachmentOwner::Terminal, r.get::<_, Option<i64>>(1)?),
        (AttachmentOwner::Sim, r.get(2)?),
        (AttachmentOwner::Deposit, r.get(3)?),
        (AttachmentOwner::Repair, r.get(4)?),
    ];
    let (owner, owner_id) =
        owners.into_iter().find_map(|(k, id)| id.map(|id| (k, id))).unwrap_or((AttachmentOwner::Terminal, 0));
    Ok(Attachment {
        id: r.get(0)?,
        owner,
        owner_id,
        name: r.get(5)?,
        kind: r.get(6)?,
        size: r.get::<_, i64>(7)?.max(0) as u64,
        sha256: r.get(8)?,
        document: r.get(9)?,
        added_at: r.get(10)?,
        has_thumb: r.get(11)?,
    })
}

/// The ID of the owner a user names: a terminal by its SN, a SIM card by its ICCID, a deposit or
/// a repair ticket by its ID. Refused when there is no such owner.
fn owner_id(conn: &Connection, owner: AttachmentOwner, key: &str) -> Result<i64> {
    let number = || {
        key.trim().parse::<i64>().ok().filter(|n| *n > 0).ok_or(Error::InvalidNumber {
            field: owner.code(),
            value: key.to_string(),
            expected: "the number the creating command printed",
        })
    };
    match owner {
        AttachmentOwner::Terminal => terminals::id_of(conn, key),
        AttachmentOwner::Sim => Ok(sims::get(conn, key)?.id),
        AttachmentOwner::Deposit => Ok(deposits::get(conn, number()?)?.id),
        AttachmentOwner::Repair => Ok(repairs::get(conn, number()?)?.id),
    }
}

fn get(conn: &Connection, id: i64) -> Result<Attachment> {
    conn.query_row(&format!("SELECT {COLUMNS} FROM attachments WHERE id = ?1"), [id], from_row)
        .optional()?
        .ok_or(Error::NotFound { what: "attachment", id })
}

fn sha256_hex(data: &[u8]) -> String {
    use sha2::Digest;
    sha2::Sha256::digest(data).iter().map(|b| format!("{b:02x}")).collect()
}

impl Store {
    /// Keeps a prepared file with its owner (named as [`owner_id`] takes it). `document`: on a
    /// repair ticket, the checklist document this file is, which is ticked in the same
    /// transaction. The same bytes attached twice to the same owner are kept once: the first
    /// attachment is answered.
    pub fn add_attachment(
        &mut self,
        owner: AttachmentOwner,
        key: &str,
        file: &Prepared,
        document: Option<&str>,
        now: DateTime<Utc>,
    ) -> Result<Attachment> {
        let document = document.map(str::trim).filter(|d| !d.is_empty());
        if document.is_some() && owner != AttachmentOwner::Repair {
            return Err(Error::InvalidValue {
                field: "document",
                value: document.unwrap_or_default().to_string(),
                allowed: "(only for a repair ticket)".into(),
            });
        }
        let sha = sha256_hex(&file.data);
        self.with_tx(|tx| {
            let id = owner_id(tx, owner, key)?;
            if let Some(doc) = document {
                repairs::tick_document(tx, id, doc)?;
            }
            let col = column(owner);
            let same: Option<i64> = tx
                .query_row(
                    &format!("SELECT id FROM attachments WHERE {col} = ?1 AND sha256 = ?2 ORDER BY id LIMIT 1"),
                    params![id, sha],
                    |r| r.get(0),
                )
                .optional()?;
            if let Some(same) = same {
                if document.is_some() {
                    tx.execute(
                        "UPDATE attachments SET document = coalesce(document, ?2) WHERE id = ?1",
                        params![same, document],
                    )?;
                }
                return get(tx, same);
            }
            tx.execute(
                &format!(
                    "INSERT INTO attachments({col}, name, kind, size, sha256, document, added_at, thumb)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)"
                ),
                params![id, file.name, file.kind, file.data.len() as i64, sha, document, now, file.thumb],
            )?;
            let new = tx.last_insert_rowid();
            tx.execute("INSERT INTO attachment_data(attachment_id, data) VALUES (?1, ?2)", params![new, file.data])?;
            get(tx, new)
        })
    }

    /// The attachments of one owner, oldest first (without their bytes).
    pub fn attachments(&self, owner: AttachmentOwner, key: &str) -> Result<Vec<Attachment>> {
        let id = owner_id(&self.conn, owner, key)?;
        let mut stmt = self
            .conn
            .prepare_cached(&format!("SELECT {COLUMNS} FROM attachments WHERE {} = ?1 ORDER BY id", column(owner)))?;
        let rows = stmt.query_map([id], from_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Every attachment, in the order they were added (for the export).
    pub fn all_attachments(&self) -> Result<Vec<Attachment>> {
        let mut stmt = self.conn.prepare_cached(&format!("SELECT {COLUMNS} FROM attachments ORDER BY id"))?;
        let rows = stmt.query_map([], from_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// One attachment with its bytes.
    pub fn attachment_data(&self, id: i64) -> Result<(Attachment, Vec<u8>)> {
        let a = get(&self.conn, id)?;
        let data: Vec<u8> = self
            .conn
            .query_row("SELECT data FROM attachment_data WHERE attachment_id = ?1", [id], |r| r.get(0))
            .optional()?
            .ok_or(Error::NotFound { what: "attachment", id })?;
        Ok((a, data))
    }

    /// An attachment's thumbnail (a JPEG), if it has one.
    pub fn attachment_thumb(&self, id: i64) -> Result<Option<Vec<u8>>> {
        self.conn
            .query_row("SELECT thumb FROM attachments WHERE id = ?1", [id], |r| r.get(0))
            .optional()?
            .ok_or(Error::NotFound { what: "attachment", id })
    }

    /// Removes an attachment and its bytes. A document it ticked on a repair ticket stays ticked
    /// (the document was brought; the scan of it is what goes).
    pub fn remove_attachment(&mut self, id: i64) -> Result<()> {
        self.with_tx(|tx| {
            if tx.execute("DELETE FROM attachments WHERE id = ?1", [id])? == 0 {
                return Err(Error::NotFound { what: "attachment", id });
            }
            Ok(())
        })
    }
}
