//! The SQLite store. One file, WAL, foreign keys on, versioned migrations applied in one
//! transaction at open; a file written by a newer version is refused before anything is written.
//!
//! One module per table or aggregate, each with its own part of the schema beside its queries.
//! Every write goes through [`Store::with_tx`], so a failed command leaves the file as it was.

mod contacts;
mod deposits;
mod facts;
mod maintenance;
mod reminder_state;
mod repairs;
mod schema;
mod settings;
mod sims;
mod terminal_list;
mod terminals;

pub use maintenance::next_due;
pub use reminder_state::{NotificationRecord, StateMap};
pub use schema::LATEST as SCHEMA_VERSION;
pub use settings::{QuietHours, Settings, SETTING_KEYS};
pub use sims::SimDetail;
pub use terminal_list::{SortKey, TerminalPage, TerminalQuery, TerminalRow};
pub use terminals::{PlanWithLog, TerminalDetail};

use crate::error::{Error, Result};
use rusqlite::{Connection, OpenFlags, Transaction, TransactionBehavior};
use std::path::{Path, PathBuf};
use std::time::Duration;

/// `PRAGMA application_id` of a PosKeeper database: "POSK".
pub const APPLICATION_ID: i64 = 0x504F_534B;

pub struct Store {
    conn: Connection,
    path: PathBuf,
    list_cache: std::cell::RefCell<Option<terminal_list::ListCache>>,
    reminder_cache: std::cell::RefCell<Option<facts::ReminderCache>>,
}

impl std::fmt::Debug for Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Store").field("path", &self.path).finish()
    }
}

impl Store {
    /// Opens (creating if needed) the database at `path` and brings its schema up to date.
    pub fn open(path: impl AsRef<Path>) -> Result<Store> {
        let path = path.as_ref().to_path_buf();
        let parent = match path.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        if !parent.is_dir() {
            return Err(Error::DbFolderMissing(parent));
        }
        if path.is_dir() {
            return Err(Error::NotPosKeeperDb(path));
        }
        let flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_CREATE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let conn = Connection::open_with_flags(&path, flags)?;
        conn.busy_timeout(Duration::from_secs(5))?;
        let mut store = Store {
            conn,
            path,
            list_cache: std::cell::RefCell::default(),
            reminder_cache: std::cell::RefCell::default(),
        };
        store.check_identity()?;
        store.conn.pragma_update(None, "foreign_keys", true)?;
        store.conn.pragma_update(None, "journal_mode", "WAL")?;
        store.conn.pragma_update(None, "synchronous", "NORMAL")?;
        // 32 MiB of page cache (the default is 2 MiB): a 100k-terminal file's hot indexes fit, so
        // lists and reminders are read from memory after the first time.
        store.conn.pragma_update(None, "cache_size", -32768)?;
        // Read through a memory map: the reminder query visits thousands of scattered terminal
        // rows, and a system call per page costs more than the lookup.
        store.conn.pragma_update(None, "mmap_size", 268_435_456)?;
        let version = store.schema_version()?;
        if schema::backup_first(version) {
            crate::files::backup::before_migration(&store, version, schema::LATEST)?;
        }
        schema::migrate(&mut store.conn)?;
        Ok(store)
    }

    /// Refuses files that are not ours or are from a newer version, before writing anything.
    fn check_identity(&self) -> Result<()> {
        let not_ours = || Error::NotPosKeeperDb(self.path.clone());
        // Reading the header fails with NOTADB for a file that is not SQLite at all.
        let app_id: i64 = self.conn.query_row("PRAGMA application_id", [], |r| r.get(0)).map_err(|e| match e {
            rusqlite::Error::SqliteFailure(f, _) if f.code == rusqlite::ErrorCode::NotADatabase => not_ours(),
            other => Error::Sqlite(other),
        })?;
        let version: i64 = self.conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
        let tables: i64 =
            self.conn
                .query_row("SELECT count(*) FROM sqlite_schema WHERE name NOT LIKE 'sqlite_%'", [], |r| r.get(0))?;
        let fresh = app_id == 0 && version == 0 && tables == 0;
        if !fresh && app_id != APPLICATION_ID {
            return Err(not_ours());
        }
        if version > schema::LATEST {
            return Err(Error::DbTooNew { path: self.path.clone(), found: version, supported: schema::LATEST });
        }
        Ok(())
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The schema version of the open file.
    pub fn schema_version(&self) -> Result<i64> {
        Ok(self.conn.query_row("PRAGMA user_version", [], |r| r.get(0))?)
    }

    /// Runs `f` in an immediate transaction: all of it lands, or none of it.
    pub fn with_tx<T>(&mut self, f: impl FnOnce(&Transaction<'_>) -> Result<T>) -> Result<T> {
        let tx = self.conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let out = f(&tx)?;
        tx.commit()?;
        Ok(out)
    }

    /// Read-only access for queries.
    pub fn conn(&self) -> &Connection {
        &self.conn
    }

    /// `PRAGMA quick_check`: `Ok(())` or what SQLite found wrong.
    pub fn quick_check(&self) -> Result<()> {
        let mut stmt = self.conn.prepare("PRAGMA quick_check")?;
        let rows: Vec<String> = stmt.query_map([], |r| r.get(0))?.collect::<rusqlite::Result<_>>()?;
        if rows.len() == 1 && rows[0] == "ok" {
            Ok(())
        } else {
            Err(Error::DbDamaged(self.path.clone(), rows.join("; ")))
        }
    }
}

/// Maps a UNIQUE violation on `column` to a friendlier error.
pub(crate) fn unique_violation(e: &rusqlite::Error, column: &str) -> bool {
    match e {
        rusqlite::Error::SqliteFailure(f, Some(msg)) => {
            f.extended_code == rusqlite::ffi::SQLITE_CONSTRAINT_UNIQUE && msg.contains(column)
        }
        _ => false,
    }
}

/// Trims optional text; an empty string means "none".
pub(crate) fn opt_text(field: &'static str, v: &Option<String>, max: usize) -> Result<Option<Option<String>>> {
    match v {
        None => Ok(None),
        Some(s) => Ok(Some(crate::domain::values::check_text(field, s, max)?)),
    }
}

pub(crate) fn check_lead(v: Option<i64>) -> Result<()> {
    match v {
        Some(n) if !(0..=3650).contains(&n) => {
            Err(Error::InvalidNumber { field: "lead", value: n.to_string(), expected: "0 to 3650 days" })
        }
        _ => Ok(()),
    }
}

pub(crate) fn check_money(field: &'static str, v: Option<i64>) -> Result<()> {
    match v {
        Some(n) if n < 0 => Err(Error::InvalidMoney { field, value: crate::domain::values::format_yuan(n) }),
        _ => Ok(()),
    }
}
