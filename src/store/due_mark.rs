//! Two marks that move whenever what the reminder list is made of changes (migration 5): `facts`
//! when a due date's row changes (`due_dates`: every SIM card, deposit, maintenance plan and
//! repair that can be listed, with its terminal's text) or a terminal's warranty or its text;
//! `state` when an acknowledgement or a snooze is written or removed. Each move of `facts` is
//! logged in `due_changes` with the item's key and the mark before and after it (the last 2,000).
//!
//! The app keeps the list it computed (`facts`): with the marks, a write that changes neither —
//! a setting, a note, the notifier's log, a search mapping — keeps it whole; an acknowledgement
//! or a snooze only applies the state again to the kept list; a write of a few items reads those
//! items again by their keys and puts them in place. Without it each write meant reading 25k
//! items and making their titles again at 100k terminals. The log is trusted only as one unbroken
//! chain from the kept mark to the mark now; anything else (a large import, a file put back, a
//! log that no longer reaches back) makes the list afresh.
//!
//! SQLite triggers move them, so every write path does (the store's, the demo's, a hand edit,
//! another process). A large import drops them with the due-date triggers, fills `due_dates` in
//! one pass, then puts them back, moves the marks once and empties the log. Random numbers
//! rather than counters, for the reason `find_mark` gives: a file put back from a backup fires
//! no trigger.

use crate::error::Result;
use rusqlite::Connection;

pub(super) const SCHEMA_V5: &str = r#"
CREATE TABLE due_mark (
    id    INTEGER PRIMARY KEY CHECK (id = 1),
    facts INTEGER NOT NULL,
    state INTEGER NOT NULL
);
INSERT INTO due_mark (id, facts, state) VALUES (1, random(), random());
CREATE TABLE due_changes (
    seq    INTEGER PRIMARY KEY,
    key    TEXT NOT NULL,
    before INTEGER NOT NULL,
    after  INTEGER NOT NULL
);
-- Each logged change moves the item mark to its `after`; the log keeps its last 2,000 entries.
CREATE TRIGGER due_mark_log AFTER INSERT ON due_changes BEGIN
    UPDATE due_mark SET facts = NEW.after WHERE id = 1;
    DELETE FROM due_changes WHERE seq <= NEW.seq - 2000;
END;
CREATE TRIGGER due_mark_due_dates_ai AFTER INSERT ON due_dates BEGIN
    INSERT INTO due_changes(key, before, after) SELECT NEW.key, facts, random() FROM due_mark WHERE id = 1;
END;
CREATE TRIGGER due_mark_due_dates_au AFTER UPDATE ON due_dates BEGIN
    INSERT INTO due_changes(key, before, after) SELECT NEW.key, facts, random() FROM due_mark WHERE id = 1;
END;
CREATE TRIGGER due_mark_due_dates_au_key AFTER UPDATE OF key ON due_dates WHEN OLD.key IS NOT NEW.key BEGIN
    INSERT INTO due_changes(key, before, after) SELECT OLD.key, facts, random() FROM due_mark WHERE id = 1;
END;
CREATE TRIGGER due_mark_due_dates_ad AFTER DELETE ON due_dates BEGIN
    INSERT INTO due_changes(key, before, after) SELECT OLD.key, facts, random() FROM due_mark WHERE id = 1;
END;
CREATE TRIGGER due_mark_terminals_ai AFTER INSERT ON terminals WHEN NEW.warranty_until IS NOT NULL BEGIN
    INSERT INTO due_changes(key, before, after) SELECT 'warranty_expiry:' || NEW.sn, facts, random() FROM due_mark WHERE id = 1;
END;
CREATE TRIGGER due_mark_terminals_au
AFTER UPDATE OF sn, brand, model, store_name, provider, status, warranty_until, warranty_lead_days ON terminals
WHEN NEW.warranty_until IS NOT NULL OR OLD.warranty_until IS NOT NULL BEGIN
    INSERT INTO due_changes(key, before, after) SELECT 'warranty_expiry:' || NEW.sn, facts, random() FROM due_mark WHERE id = 1;
END;
CREATE TRIGGER due_mark_terminals_au_sn AFTER UPDATE OF sn ON terminals
WHEN OLD.sn IS NOT NEW.sn AND (NEW.warranty_until IS NOT NULL OR OLD.warranty_until IS NOT NULL) BEGIN
    INSERT INTO due_changes(key, before, after) SELECT 'warranty_expiry:' || OLD.sn, facts, random() FROM due_mark WHERE id = 1;
END;
CREATE TRIGGER due_mark_terminals_ad AFTER DELETE ON terminals WHEN OLD.warranty_until IS NOT NULL BEGIN
    INSERT INTO due_changes(key, before, after) SELECT 'warranty_expiry:' || OLD.sn, facts, random() FROM due_mark WHERE id = 1;
END;
CREATE TRIGGER due_mark_acks_ai AFTER INSERT ON reminder_acks BEGIN
    UPDATE due_mark SET state = random() WHERE id = 1;
END;
CREATE TRIGGER due_mark_acks_au AFTER UPDATE ON reminder_acks BEGIN
    UPDATE due_mark SET state = random() WHERE id = 1;
END;
CREATE TRIGGER due_mark_acks_ad AFTER DELETE ON reminder_acks BEGIN
    UPDATE due_mark SET state = random() WHERE id = 1;
END;
CREATE TRIGGER due_mark_snoozes_ai AFTER INSERT ON reminder_snoozes BEGIN
    UPDATE due_mark SET state = random() WHERE id = 1;
END;
CREATE TRIGGER due_mark_snoozes_au AFTER UPDATE ON reminder_snoozes BEGIN
    UPDATE due_mark SET state = random() WHERE id = 1;
END;
CREATE TRIGGER due_mark_snoozes_ad AFTER DELETE ON reminder_snoozes BEGIN
    UPDATE due_mark SET state = random() WHERE id = 1;
END;
"#;

/// The triggers a large import drops (SQLite `GLOB`) and creates again only after it has filled
/// `due_dates` (else each of its rows would move the mark), then what it runs once instead.
pub(super) const TRIGGERS: &str = "due_mark_*";
pub(super) const MOVE: &str =
    "UPDATE due_mark SET facts = random(), state = random() WHERE id = 1; DELETE FROM due_changes";

/// The marks now, and the last change logged then (0: none).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Marks {
    pub facts: i64,
    pub state: i64,
    pub seq: i64,
}

/// The marks, read in one statement (one snapshot) with the log's last entry.
pub(super) fn read(conn: &Connection) -> Result<Marks> {
    Ok(conn
        .prepare_cached(
            "SELECT facts, state, (SELECT coalesce(max(seq), 0) FROM due_changes) FROM due_mark WHERE id = 1",
        )?
        .query_row([], |r| Ok(Marks { facts: r.get(0)?, state: r.get(1)?, seq: r.get(2)? }))?)
}

/// The keys of the items written since the mark `facts` and log entry `seq` of a kept list (each
/// once), the last entry and the item mark after it: `None` when the log does not hold one
/// unbroken chain of changes from that mark to the mark now (a large import, a file put back,
/// entries dropped from the log), or holds more than `most`: then the list is made afresh.
pub(super) fn changes_since(
    conn: &Connection,
    facts: i64,
    seq: i64,
    most: usize,
) -> Result<Option<(Vec<String>, i64, i64)>> {
    let mut st = conn.prepare_cached(
        "SELECT seq, key, before, after, (SELECT facts FROM due_mark WHERE id = 1) FROM due_changes
         WHERE seq > ?1 ORDER BY seq LIMIT ?2",
    )?;
    let limit = i64::try_from(most).unwrap_or(i64::MAX).saturating_add(1);
    let rows = st.query_map(rusqlite::params![seq, limit], |r| {
        Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?, r.get::<_, i64>(2)?, r.get::<_, i64>(3)?, r.get::<_, i64>(4)?))
    })?;
    let (mut keys, mut last, mut mark, mut now) = (Vec::new(), seq, facts, None);
    let mut seen = std::collections::HashSet::new();
    for row in rows {
        let (s, key, before, after, current) = row?;
        // Consecutive entries, each starting from the mark the one before left.
        if s != last + 1 || before != mark || seen.len() >= most {
            return Ok(None);
        }
        (last, mark, now) = (s, after, Some(current));
        if seen.insert(key.clone()) {
            keys.push(key);
        }
    }
    // The chain must end at the mark now: a mark moved without a log entry breaks it.
    Ok((now == Some(mark)).then_some((keys, last, mark)))
}
