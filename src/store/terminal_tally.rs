//! How many terminals there are per status and provider (migration 9), kept by triggers: the
//! outlook's charts and the list's provider filter read a few rows instead of grouping every
//! terminal (two index scans of 16 ms each at 100k terminals).
//!
//! SQLite triggers keep it, so every write path does (the store's, the demo's, a hand edit,
//! another process; not a hand edit's `INSERT OR REPLACE`, whose deletes fire no trigger, as for
//! the due dates). A large import drops them with the due-date triggers and counts afresh in
//! one pass at its end. A terminal without a provider is counted under `''`. Rows that fall to
//! zero stay (a few, one per status and provider ever seen) and are left out when read.

use crate::domain::TerminalStatus;
use crate::error::Result;
use rusqlite::Connection;

pub(super) const SCHEMA_V9: &str = r#"
CREATE TABLE terminal_tally (
    status   TEXT NOT NULL,
    provider TEXT NOT NULL,
    n        INTEGER NOT NULL,
    PRIMARY KEY (status, provider)
) WITHOUT ROWID;
INSERT INTO terminal_tally (status, provider, n)
SELECT status, coalesce(provider, ''), count(*) FROM terminals GROUP BY 1, 2;
CREATE TRIGGER terminal_tally_ai AFTER INSERT ON terminals BEGIN
    INSERT INTO terminal_tally (status, provider, n) VALUES (NEW.status, coalesce(NEW.provider, ''), 1)
    ON CONFLICT (status, provider) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER terminal_tally_au AFTER UPDATE OF status, provider ON terminals
WHEN OLD.status IS NOT NEW.status OR coalesce(OLD.provider, '') IS NOT coalesce(NEW.provider, '') BEGIN
    UPDATE terminal_tally SET n = n - 1 WHERE status = OLD.status AND provider = coalesce(OLD.provider, '');
    INSERT INTO terminal_tally (status, provider, n) VALUES (NEW.status, coalesce(NEW.provider, ''), 1)
    ON CONFLICT (status, provider) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER terminal_tally_ad AFTER DELETE ON terminals BEGIN
    UPDATE terminal_tally SET n = n - 1 WHERE status = OLD.status AND provider = coalesce(OLD.provider, '');
END;
"#;

/// The triggers a large import drops (SQLite `GLOB`), and what it runs once instead at its end.
pub(super) const TRIGGERS: &str = "terminal_tally_*";
pub(super) const RECOUNT: &str = "DELETE FROM terminal_tally;
INSERT INTO terminal_tally (status, provider, n)
SELECT status, coalesce(provider, ''), count(*) FROM terminals GROUP BY 1, 2";

/// Terminals per status, in the order of the statuses' codes; statuses without one left out.
pub(super) fn by_status(conn: &Connection) -> Result<Vec<(TerminalStatus, i64)>> {
    let mut st = conn.prepare_cached(
        "SELECT status, sum(n) FROM terminal_tally GROUP BY status HAVING sum(n) > 0 ORDER BY status",
    )?;
    let v = st.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?.collect::<rusqlite::Result<_>>()?;
    Ok(v)
}

/// Terminals per provider (those without one left out), most first, ties by name.
pub(super) fn by_provider(conn: &Connection) -> Result<Vec<(String, i64)>> {
    let mut st = conn.prepare_cached(
        "SELECT provider, sum(n) AS c FROM terminal_tally WHERE provider <> ''
         GROUP BY provider HAVING c > 0 ORDER BY c DESC, provider",
    )?;
    let v = st.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?.collect::<rusqlite::Result<_>>()?;
    Ok(v)
}
