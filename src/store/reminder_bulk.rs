//! Acting on many reminders at once (the agenda as a work queue): acknowledge or snooze a set of
//! keys in one transaction — every key is checked first, and one that names nothing listed stops
//! the whole set, naming that key —, and undo such an action by removing exactly the records it
//! made. Also what the agenda filters by that the reminder list does not carry (the terminals'
//! providers), and the reminders a snooze hides now.
//!
//! Built on the public reminder functions ([`Store::reminder_facts`]), so how the list itself is
//! computed stays the business of `facts`.

use super::{settings, Store};
use crate::domain::Urgency;
use crate::error::{Error, Result, StateProblem};
use crate::i18n::Lang;
use crate::reminders::queue;
use crate::reminders::{due_items, Due, Reminder};
use chrono::NaiveDate;
use rusqlite::params;
use std::collections::{HashMap, HashSet};

/// Which table a bulk action wrote to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BulkTable {
    Acks,
    Snoozes,
}

/// The records one bulk action made: what undoing it removes, and nothing else.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BulkRecords {
    pub table: BulkTable,
    /// (row id, key) of each record made.
    rows: Vec<(i64, String)>,
}

impl BulkRecords {
    pub fn len(&self) -> usize {
        self.rows.len()
    }

    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    /// The keys acted on, in the order given.
    pub fn keys(&self) -> impl Iterator<Item = &str> {
        self.rows.iter().map(|(_, k)| k.as_str())
    }
}

impl Store {
    /// The items inside their window as of `today` (listed, or hidden by a snooze), by key, for
    /// the keys given; the first key that names none of them is the error.
    fn due_in_window(&self, keys: &[String], today: NaiveDate) -> Result<Vec<Due>> {
        let s = settings::load(&self.conn)?;
        let facts = self.reminder_facts(today)?;
        let mut by_key: HashMap<String, Due> =
            due_items(&facts, &s).into_iter().filter(|d| d.in_window(today)).map(|d| (d.key.clone(), d)).collect();
        let mut seen = HashSet::new();
        let mut out = Vec::with_capacity(keys.len());
        for key in keys {
            let k = key.trim();
            if !seen.insert(k.to_string()) {
                continue;
            }
            match by_key.remove(k) {
                Some(d) => out.push(d),
                None => return Err(Error::ReminderNotFound(k.to_string())),
            }
        }
        Ok(out)
    }

    /// Acknowledges every listed reminder the keys name, each at its urgency as of `today`, in one
    /// transaction: all of them, or — when a key names no listed reminder — none, and the error
    /// names that key. A key given twice is acknowledged once.
    pub fn acknowledge_many(&mut self, keys: &[String], today: NaiveDate) -> Result<BulkRecords> {
        let items = self.due_in_window(keys, today)?;
        let rows = self.with_tx(|tx| {
            let mut stmt =
                tx.prepare("INSERT INTO reminder_acks(key, due_on, urgency, acked_on) VALUES (?1, ?2, ?3, ?4)")?;
            let mut rows = Vec::with_capacity(items.len());
            for d in &items {
                let urgency = Urgency::from_days_left((d.due_on - today).num_days());
                stmt.execute(params![d.key, d.due_on, urgency, today])?;
                rows.push((tx.last_insert_rowid(), d.key.clone()));
            }
            Ok(rows)
        })?;
        Ok(BulkRecords { table: BulkTable::Acks, rows })
    }

    /// Hides every reminder the keys name until `until` (for its current due date), in one
    /// transaction, on the same terms as [`Store::acknowledge_many`]. A snooze until `today` or
    /// earlier shows a snoozed reminder again (the latest snooze is the one in force).
    pub fn snooze_many(&mut self, keys: &[String], until: NaiveDate, today: NaiveDate) -> Result<BulkRecords> {
        let items = self.due_in_window(keys, today)?;
        let rows = self.with_tx(|tx| {
            let mut stmt = tx.prepare("INSERT INTO reminder_snoozes(key, due_on, until) VALUES (?1, ?2, ?3)")?;
            let mut rows = Vec::with_capacity(items.len());
            for d in &items {
                stmt.execute(params![d.key, d.due_on, until])?;
                rows.push((tx.last_insert_rowid(), d.key.clone()));
            }
            Ok(rows)
        })?;
        Ok(BulkRecords { table: BulkTable::Snoozes, rows })
    }

    /// Removes exactly the records a bulk action made, in one transaction. When any of them is
    /// gone already (undone before, or the file was restored since), nothing is removed.
    pub fn undo_bulk(&mut self, records: &BulkRecords) -> Result<usize> {
        let sql = match records.table {
            BulkTable::Acks => "DELETE FROM reminder_acks WHERE id = ?1 AND key = ?2",
            BulkTable::Snoozes => "DELETE FROM reminder_snoozes WHERE id = ?1 AND key = ?2",
        };
        self.with_tx(|tx| {
            let mut stmt = tx.prepare(sql)?;
            for (id, key) in &records.rows {
                if stmt.execute(params![id, key])? != 1 {
                    return Err(Error::InvalidState(StateProblem::UndoGone));
                }
            }
            Ok(records.rows.len())
        })
    }

    /// The reminders inside their window that a snooze hides as of `today`, with their snooze
    /// dates, titled in `lang`.
    pub fn snoozed_reminders(&self, today: NaiveDate, lang: Lang) -> Result<Vec<Reminder>> {
        let s = settings::load(&self.conn)?;
        let facts = self.reminder_facts(today)?;
        Ok(queue::snoozed(&facts, &s, today, lang))
    }
}
