//! Two marks that move whenever what the reminder list is made of changes (migration 5): `facts`
//! when a due date's row changes (`due_dates`: every SIM card, deposit, maintenance plan and
//! repair that can be listed, with its terminal's text) or a terminal's warranty or its text;
//! `state` when an acknowledgement or a snooze is written or removed.
//!
//! The app keeps the list it computed (`facts`): with the marks, a write that changes neither —
//! a setting, a note, the notifier's log, a search mapping — keeps it whole, and an
//! acknowledgement or a snooze only applies the state again to the kept list, instead of reading
//! 25k items and making their titles again at 100k terminals.
//!
//! SQLite triggers move them, so every write path does (the store's, the demo's, a hand edit,
//! another process). A large import drops them with the due-date triggers, fills `due_dates` in
//! one pass, then puts them back and moves the marks once. Random numbers rather than counters,
//! for the reason `find_mark` gives: a file put back from a backup fires no trigger.

use crate::error::Result;
use rusqlite::Connection;

pub(super) const SCHEMA_V5: &str = r#"
CREATE TABLE due_mark (
    id    INTEGER PRIMARY KEY CHECK (id = 1),
    facts INTEGER NOT NULL,
    state INTEGER NOT NULL
);
INSERT INTO due_mark (id, facts, state) VALUES (1, random(), random());
CREATE TRIGGER due_mark_due_dates_ai AFTER INSERT ON due_dates BEGIN
    UPDATE due_mark SET facts = random() WHERE id = 1;
END;
CREATE TRIGGER due_mark_due_dates_au AFTER UPDATE ON due_dates BEGIN
    UPDATE due_mark SET facts = random() WHERE id = 1;
END;
CREATE TRIGGER due_mark_due_dates_ad AFTER DELETE ON due_dates BEGIN
    UPDATE due_mark SET facts = random() WHERE id = 1;
END;
CREATE TRIGGER due_mark_terminals_ai AFTER INSERT ON terminals WHEN NEW.warranty_until IS NOT NULL BEGIN
    UPDATE due_mark SET facts = random() WHERE id = 1;
END;
CREATE TRIGGER due_mark_terminals_au
AFTER UPDATE OF sn, brand, model, store_name, provider, status, warranty_until, warranty_lead_days ON terminals
WHEN NEW.warranty_until IS NOT NULL OR OLD.warranty_until IS NOT NULL BEGIN
    UPDATE due_mark SET facts = random() WHERE id = 1;
END;
CREATE TRIGGER due_mark_terminals_ad AFTER DELETE ON terminals WHEN OLD.warranty_until IS NOT NULL BEGIN
    UPDATE due_mark SET facts = random() WHERE id = 1;
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
pub(super) const MOVE: &str = "UPDATE due_mark SET facts = random(), state = random() WHERE id = 1";

/// The marks now: (facts, state).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Marks {
    pub facts: i64,
    pub state: i64,
}

pub(super) fn read(conn: &Connection) -> Result<Marks> {
    Ok(conn
        .prepare_cached("SELECT facts, state FROM due_mark WHERE id = 1")?
        .query_row([], |r| Ok(Marks { facts: r.get(0)?, state: r.get(1)? }))?)
}
