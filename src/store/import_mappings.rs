//! Column mappings remembered for the header rows of imported files (SPEC §5): a file with the
//! same headers is mapped the same way next time. The key and the mapping's text are made by
//! `files::import::mapping`; this table only keeps them (migration 3).

use super::Store;
use crate::error::Result;
use rusqlite::{params, Connection, OptionalExtension};

pub(super) const SCHEMA_V3: &str = r#"
CREATE TABLE import_mappings (
    header_key TEXT PRIMARY KEY,
    mapping    TEXT NOT NULL CHECK (json_valid(mapping)),
    saved_at   TEXT NOT NULL
) WITHOUT ROWID;
"#;

/// Remembers `mapping` (JSON) for the header row `key`, replacing what was there; saved in the
/// import's own transaction, so it is kept only when the import is.
pub(crate) fn save(conn: &Connection, key: &str, mapping: &str, saved_at: &str) -> Result<()> {
    conn.execute(
        "INSERT INTO import_mappings (header_key, mapping, saved_at) VALUES (?1, ?2, ?3)
         ON CONFLICT (header_key) DO UPDATE SET mapping = excluded.mapping, saved_at = excluded.saved_at",
        params![key, mapping, saved_at],
    )?;
    Ok(())
}

impl Store {
    /// The mapping (JSON) remembered for the header row `key`, if any.
    pub fn remembered_mapping(&self, key: &str) -> Result<Option<String>> {
        Ok(self
            .conn
            .query_row("SELECT mapping FROM import_mappings WHERE header_key = ?1", [key], |r| r.get(0))
            .optional()?)
    }
}
