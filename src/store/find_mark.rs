//! A mark that moves whenever something a search reads in memory changes (migration 4): a
//! terminal's SN, merchant or terminal number, brand, model, provider or store; a SIM card's
//! ICCID, phone or terminal; a store's name. Searches keep every terminal's numbers in memory
//! (`find`), and reading them again at 100k terminals takes a fifth of a second: with the mark
//! they are read again only after a write that changed them, not after every write (an
//! acknowledged reminder, a deposit, a setting, the notifier's log).
//!
//! SQLite triggers move it, so every write path does — the store's, the demo's, a hand edit in
//! the sqlite3 shell, another process. A large import drops them with the due-date triggers and
//! moves the mark once at the end. The mark is a random number rather than a counter: a file put
//! back from a backup (page by page, no trigger fires) could hold the same count as the file a
//! cache was read from, but not, in practice, the same random number.

use crate::error::Result;
use rusqlite::Connection;

pub(super) const SCHEMA_V4: &str = r#"
CREATE TABLE find_mark (
    id   INTEGER PRIMARY KEY CHECK (id = 1),
    mark INTEGER NOT NULL
);
INSERT INTO find_mark (id, mark) VALUES (1, random());
CREATE TRIGGER find_mark_terminals_ai AFTER INSERT ON terminals BEGIN
    UPDATE find_mark SET mark = random() WHERE id = 1;
END;
CREATE TRIGGER find_mark_terminals_au
AFTER UPDATE OF sn, merchant_no, terminal_no, brand, model, provider, store_id ON terminals BEGIN
    UPDATE find_mark SET mark = random() WHERE id = 1;
END;
CREATE TRIGGER find_mark_terminals_ad AFTER DELETE ON terminals BEGIN
    UPDATE find_mark SET mark = random() WHERE id = 1;
END;
CREATE TRIGGER find_mark_sims_ai AFTER INSERT ON sims WHEN NEW.terminal_id IS NOT NULL BEGIN
    UPDATE find_mark SET mark = random() WHERE id = 1;
END;
CREATE TRIGGER find_mark_sims_au AFTER UPDATE OF iccid, msisdn, terminal_id ON sims BEGIN
    UPDATE find_mark SET mark = random() WHERE id = 1;
END;
CREATE TRIGGER find_mark_sims_ad AFTER DELETE ON sims WHEN OLD.terminal_id IS NOT NULL BEGIN
    UPDATE find_mark SET mark = random() WHERE id = 1;
END;
CREATE TRIGGER find_mark_stores_ai AFTER INSERT ON stores BEGIN
    UPDATE find_mark SET mark = random() WHERE id = 1;
END;
CREATE TRIGGER find_mark_stores_au AFTER UPDATE OF name ON stores BEGIN
    UPDATE find_mark SET mark = random() WHERE id = 1;
END;
CREATE TRIGGER find_mark_stores_ad AFTER DELETE ON stores BEGIN
    UPDATE find_mark SET mark = random() WHERE id = 1;
END;
"#;

/// The triggers a large import drops (SQLite `GLOB`), and what it runs once instead at its end.
pub(super) const TRIGGERS: &str = "find_mark_*";
pub(super) const MOVE: &str = "UPDATE find_mark SET mark = random() WHERE id = 1";

/// The mark now.
pub(super) fn read(conn: &Connection) -> Result<i64> {
    Ok(conn.prepare_cached("SELECT mark FROM find_mark WHERE id = 1")?.query_row([], |r| r.get(0))?)
}
