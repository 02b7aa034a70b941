//! A mark that moves whenever something a search reads in memory changes (migration 4): a
//! terminal's SN, merchant or terminal number, brand, model, provider or store; a SIM card's
//! ICCID, phone or terminal; a store's name. Searches keep every terminal's numbers in memory
//! (`find`), and reading them again at 100k terminals takes a fifth of a second: with the mark
//! they are read again only after a write that changed them, not after every write (an
//! acknowledged reminder, a deposit, a setting, the notifier's log). Since migration 10 each move
//! is logged with its terminal, so after a write of a few terminals only theirs are read again.
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

/// Migration 10: each move of the mark is logged with the terminal it is about (`find_changes`,
/// the last 2,000), so a search after a write patches the kept numbers of those terminals instead
/// of reading 100k terminals again (142–364 ms). `terminal_id` NULL: a store was added, renamed or
/// removed (the stores' names are read again). The log is trusted only as one unbroken chain from
/// the kept mark to the mark now; anything else (a large import, a file put back, a log that no
/// longer reaches back) reads everything afresh. (A hand edit's `INSERT OR REPLACE` deletes
/// without firing a trigger, here as for the due dates; the app never writes that way.)
pub(super) const SCHEMA_V10: &str = r#"
CREATE TABLE find_changes (
    seq         INTEGER PRIMARY KEY,
    terminal_id INTEGER,
    before      INTEGER NOT NULL,
    after       INTEGER NOT NULL
);
-- Each logged change moves the mark to its `after`; the log keeps its last 2,000 entries.
CREATE TRIGGER find_mark_log AFTER INSERT ON find_changes BEGIN
    UPDATE find_mark SET mark = NEW.after WHERE id = 1;
    DELETE FROM find_changes WHERE seq <= NEW.seq - 2000;
END;
DROP TRIGGER find_mark_terminals_ai;
DROP TRIGGER find_mark_terminals_au;
DROP TRIGGER find_mark_terminals_ad;
DROP TRIGGER find_mark_sims_ai;
DROP TRIGGER find_mark_sims_au;
DROP TRIGGER find_mark_sims_ad;
DROP TRIGGER find_mark_stores_ai;
DROP TRIGGER find_mark_stores_au;
DROP TRIGGER find_mark_stores_ad;
CREATE TRIGGER find_mark_terminals_ai AFTER INSERT ON terminals BEGIN
    INSERT INTO find_changes (terminal_id, before, after) SELECT NEW.id, mark, random() FROM find_mark WHERE id = 1;
END;
CREATE TRIGGER find_mark_terminals_au
AFTER UPDATE OF id, sn, merchant_no, terminal_no, brand, model, provider, store_id ON terminals BEGIN
    INSERT INTO find_changes (terminal_id, before, after) SELECT NEW.id, mark, random() FROM find_mark WHERE id = 1;
    INSERT INTO find_changes (terminal_id, before, after) SELECT OLD.id, mark, random() FROM find_mark
    WHERE id = 1 AND OLD.id IS NOT NEW.id;
END;
CREATE TRIGGER find_mark_terminals_ad AFTER DELETE ON terminals BEGIN
    INSERT INTO find_changes (terminal_id, before, after) SELECT OLD.id, mark, random() FROM find_mark WHERE id = 1;
END;
CREATE TRIGGER find_mark_sims_ai AFTER INSERT ON sims WHEN NEW.terminal_id IS NOT NULL BEGIN
    INSERT INTO find_changes (terminal_id, before, after) SELECT NEW.terminal_id, mark, random() FROM find_mark WHERE id = 1;
END;
CREATE TRIGGER find_mark_sims_au AFTER UPDATE OF iccid, msisdn, terminal_id ON sims BEGIN
    INSERT INTO find_changes (terminal_id, before, after) SELECT NEW.terminal_id, mark, random() FROM find_mark
    WHERE id = 1 AND NEW.terminal_id IS NOT NULL;
    INSERT INTO find_changes (terminal_id, before, after) SELECT OLD.terminal_id, mark, random() FROM find_mark
    WHERE id = 1 AND OLD.terminal_id IS NOT NULL AND OLD.terminal_id IS NOT NEW.terminal_id;
END;
CREATE TRIGGER find_mark_sims_ad AFTER DELETE ON sims WHEN OLD.terminal_id IS NOT NULL BEGIN
    INSERT INTO find_changes (terminal_id, before, after) SELECT OLD.terminal_id, mark, random() FROM find_mark WHERE id = 1;
END;
CREATE TRIGGER find_mark_stores_ai AFTER INSERT ON stores BEGIN
    INSERT INTO find_changes (terminal_id, before, after) SELECT NULL, mark, random() FROM find_mark WHERE id = 1;
END;
CREATE TRIGGER find_mark_stores_au AFTER UPDATE OF id, name ON stores BEGIN
    INSERT INTO find_changes (terminal_id, before, after) SELECT NULL, mark, random() FROM find_mark WHERE id = 1;
END;
CREATE TRIGGER find_mark_stores_ad AFTER DELETE ON stores BEGIN
    INSERT INTO find_changes (terminal_id, before, after) SELECT NULL, mark, random() FROM find_mark WHERE id = 1;
END;
"#;

/// The triggers a large import drops (SQLite `GLOB`), and what it runs once instead at its end.
pub(super) const TRIGGERS: &str = "find_mark_*";
pub(super) const MOVE: &str = "UPDATE find_mark SET mark = random() WHERE id = 1; DELETE FROM find_changes";

/// The mark now, and the last change logged then (0: none).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Marks {
    pub mark: i64,
    pub seq: i64,
}

/// The mark and the log's last entry, read in one statement (one snapshot).
pub(super) fn read(conn: &Connection) -> Result<Marks> {
    Ok(conn
        .prepare_cached("SELECT mark, (SELECT coalesce(max(seq), 0) FROM find_changes) FROM find_mark WHERE id = 1")?
        .query_row([], |r| Ok(Marks { mark: r.get(0)?, seq: r.get(1)? }))?)
}

/// At most this many logged changes are patched in; more are read afresh.
const MAX_PATCH: i64 = 500;

/// What changed between two marks: the terminals (each once, in the order first logged) and
/// whether a store did.
#[derive(Debug, Default, PartialEq, Eq)]
pub(super) struct Changes {
    pub terminals: Vec<i64>,
    pub stores: bool,
}

/// The changes from `kept` to `now`, when the log holds them as one unbroken chain and they are
/// few; `None`: read everything afresh.
pub(super) fn since(conn: &Connection, kept: Marks, now: Marks) -> Result<Option<Changes>> {
    if now.seq <= kept.seq || now.seq - kept.seq > MAX_PATCH {
        return Ok(None);
    }
    let mut st = conn.prepare_cached(
        "SELECT terminal_id, before, after FROM find_changes WHERE seq > ?1 AND seq <= ?2 ORDER BY seq",
    )?;
    let rows = st
        .query_map([kept.seq, now.seq], |r| {
            Ok((r.get::<_, Option<i64>>(0)?, r.get::<_, i64>(1)?, r.get::<_, i64>(2)?))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let mut at = kept.mark;
    let mut changes = Changes::default();
    for (terminal, before, after) in rows {
        if before != at {
            return Ok(None);
        }
        at = after;
        match terminal {
            Some(id) if !changes.terminals.contains(&id) => changes.terminals.push(id),
            Some(_) => {}
            None => changes.stores = true,
        }
    }
    Ok((at == now.mark).then_some(changes))
}
