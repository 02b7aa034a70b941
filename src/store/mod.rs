//! The SQLite store. One file, WAL, foreign keys on, versioned migrations applied in one
//! transaction at open; a file written by a newer version is refused before anything is written.
//!
//! One module per table or aggregate, each with its own part of the schema beside its queries.
//! Every write goes through [`Store::with_tx`], so a failed command leaves the file as it was.
//!
//! Layer rule: the store imports the domain and the engine (for its facts), never files or cli,
//! and every SQL statement lives here. A table module stands alone (or finds a terminal's id);
//! a view that joins tables has its own module (terminal_detail, sheet, facts).

mod attachments;
mod codes;
mod contacts;
pub(crate) mod copies;
pub mod demo;
mod deposits;
mod due_dates;
mod due_mark;
pub use due_dates::FILL as DUE_DATES_FILL;
mod facts;
mod find;
mod find_mark;
pub(crate) mod import_mappings;
pub(crate) mod import_rows;
mod maintenance;
mod old_notifications;
mod outlook;
mod push_channels;
mod push_log;
mod reminder_bulk;
mod reminder_state;
mod repairs;
pub(crate) mod schema;
mod setting_change;
mod settings;
mod sheet;
mod sims;
pub(crate) mod soundness;
mod terminal_detail;
mod terminal_list;
mod terminal_tally;
mod terminals;

pub use outlook::{DepositMoney, Outlook, OutlookMonth, ProviderCount, StatusCount};
pub use reminder_bulk::{BulkRecords, BulkTable};
pub use schema::LATEST as SCHEMA_VERSION;
pub use settings::{BACKUP_DIR, SETTING_KEYS};
pub use sheet::SheetRow;
pub use sims::SimDetail;
pub use terminal_detail::{PlanWithLog, TerminalCosts, TerminalDetail};
pub use terminal_list::{SortKey, TerminalPage, TerminalQuery, TerminalRow};

use crate::error::{Error, Result};
use rusqlite::{Connection, OpenFlags, Transaction, TransactionBehavior};
use std::path::{Path, PathBuf};
use std::time::Duration;

/// `PRAGMA application_id` of a PosKeeper database: "POSK".
pub const APPLICATION_ID: i64 = 0x504F_534B;

pub struct Store {
    conn: Connection,
    path: PathBuf,
    /// Why the file is not to be written, once a check found it damaged ([`Store::ensure_sound`]).
    damaged: std::cell::RefCell<Option<String>>,
    /// Whether this store has committed a write (and sealed it): then closing it folds the WAL
    /// into the file, as SQLite does by default ([`Drop`]).
    wrote: std::cell::Cell<bool>,
    /// The file is not in WAL mode yet (a backup opened with `--db`): switched at the first write,
    /// so reading a backup leaves it as it is.
    needs_wal: std::cell::Cell<bool>,
    list_cache: std::cell::RefCell<Option<terminal_list::ListCache>>,
    reminder_cache: std::cell::RefCell<Option<facts::ReminderCache>>,
}

impl std::fmt::Debug for Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Store").field("path", &self.path).finish()
    }
}

impl Store {
    /// Opens an existing PosKeeper database and brings its schema up to date. A path where no
    /// file exists is an error ([`Error::DbMissing`]): a mistyped path never becomes an empty
    /// inventory. [`Store::create`] is for `init` and the app's own file.
    pub fn open(path: impl AsRef<Path>) -> Result<Store> {
        let path = path.as_ref();
        if !path.exists() {
            return Err(Error::DbMissing(path.to_path_buf()));
        }
        Store::open_inner(path.to_path_buf(), false)
    }

    /// Opens the database at `path`, creating an empty one if no file is there.
    pub fn create(path: impl AsRef<Path>) -> Result<Store> {
        Store::open_inner(path.as_ref().to_path_buf(), true)
    }

    fn open_inner(path: PathBuf, create: bool) -> Result<Store> {
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
        // Through a link, SQLite writes the WAL beside the file it points to: the seal follows it.
        let path = match std::fs::symlink_metadata(&path) {
            Ok(m) if m.file_type().is_symlink() => std::fs::canonicalize(&path)?,
            _ => path,
        };
        refuse_hot_journal(&path)?;
        let flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_CREATE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let conn = open_connection(&path, flags)?;
        let mut store = Store {
            conn,
            path,
            damaged: std::cell::RefCell::default(),
            wrote: std::cell::Cell::new(false),
            needs_wal: std::cell::Cell::new(false),
            list_cache: std::cell::RefCell::default(),
            reminder_cache: std::cell::RefCell::default(),
        };
        let fresh = store.check_identity()?;
        // An empty file where a database was expected (truncated to nothing, or made by another
        // program) is not quietly turned into a new, empty inventory: only `create` does that.
        if fresh && !create {
            return Err(Error::NotPosKeeperDb(store.path.clone()));
        }
        store.conn.pragma_update(None, "foreign_keys", true)?;
        let mode: String = store.conn.query_row("PRAGMA journal_mode", [], |r| r.get(0))?;
        let version = store.schema_version()?;
        // Setting WAL and migrating both write into the file: a file that is not new is checked
        // first, like every other write.
        if !fresh && (!mode.eq_ignore_ascii_case("wal") || version < schema::LATEST) {
            store.ensure_sound()?;
        }
        if !mode.eq_ignore_ascii_case("wal") {
            if fresh || version < schema::LATEST {
                store.conn.pragma_update(None, "journal_mode", "WAL")?;
                store.seal();
            } else {
                store.needs_wal.set(true);
            }
        }
        store.conn.pragma_update(None, "synchronous", "NORMAL")?;
        // 32 MiB of page cache (the default is 2 MiB): a 100k-terminal file's hot indexes fit, so
        // lists and reminders are read from memory after the first time.
        store.conn.pragma_update(None, "cache_size", -32768)?;
        // Read through a memory map: the reminder query visits thousands of scattered terminal
        // rows, and a system call per page costs more than the lookup.
        store.conn.pragma_update(None, "mmap_size", 268_435_456)?;
        if schema::backup_first(version) {
            copies::before_migration(&store, version, schema::LATEST)?;
        }
        if version < schema::LATEST {
            schema::migrate(&mut store.conn)?;
            store.seal();
        }
        Ok(store)
    }

    /// Refuses files that are not ours or are from a newer version, before writing anything.
    /// `Ok(true)` for a new, empty file.
    fn check_identity(&self) -> Result<bool> {
        let not_ours = || Error::NotPosKeeperDb(self.path.clone());
        // Reading the header fails with NOTADB for a file that is not SQLite at all.
        let app_id: i64 = self.conn.query_row("PRAGMA application_id", [], |r| r.get(0)).map_err(|e| match e {
            rusqlite::Error::SqliteFailure(f, _) if f.code == rusqlite::ErrorCode::NotADatabase => not_ours(),
            other => Error::Sqlite(other),
        })?;
        let version: i64 = self.conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
        let tables: i64 = self.conn.query_row("SELECT count(*) FROM sqlite_schema", [], |r| r.get(0))?;
        let fresh = app_id == 0 && version == 0 && tables == 0;
        if !fresh && app_id != APPLICATION_ID {
            return Err(not_ours());
        }
        if version > schema::LATEST {
            return Err(Error::DbTooNew { path: self.path.clone(), found: version, supported: schema::LATEST });
        }
        Ok(fresh)
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The schema version of the open file.
    pub fn schema_version(&self) -> Result<i64> {
        Ok(self.conn.query_row("PRAGMA user_version", [], |r| r.get(0))?)
    }

    /// Runs `f` in an immediate transaction: all of it lands, or none of it. The file is checked
    /// to be sound first ([`Store::ensure_sound`]); a damaged one is refused untouched.
    pub fn with_tx<T>(&mut self, f: impl FnOnce(&Transaction<'_>) -> Result<T>) -> Result<T> {
        self.with_tx_or_rollback(|tx| f(tx).map(|v| (v, true)))
    }

    /// Like [`Store::with_tx`], but `f` decides whether to commit: `(value, false)` rolls back
    /// (an import's dry run, or one refused for its rows) and still returns the value.
    pub fn with_tx_or_rollback<T>(&mut self, f: impl FnOnce(&Transaction<'_>) -> Result<(T, bool)>) -> Result<T> {
        if self.needs_wal.get() {
            self.ensure_sound()?;
            self.conn.pragma_update(None, "journal_mode", "WAL")?;
            self.needs_wal.set(false);
            self.seal();
        }
        // The write lock first, so nobody writes between the check and the write.
        let tx = Transaction::new_unchecked(&self.conn, TransactionBehavior::Immediate)?;
        self.ensure_sound()?;
        let (out, commit) = f(&tx)?;
        if commit {
            tx.commit()?;
            self.seal();
        } else {
            tx.rollback()?;
        }
        Ok(out)
    }

    /// `Ok(())` when the file may be written: it is as the last writer left it (sealed), or the
    /// whole-file check finds nothing wrong (then it is sealed). A damaged file
    /// makes this store refuse every later write too. See [`soundness`].
    pub fn ensure_sound(&self) -> Result<()> {
        if let Some(why) = self.damaged.borrow().as_ref() {
            return Err(Error::DbDamaged(self.path.clone(), why.clone()));
        }
        let now = soundness::fingerprint(&self.path)?;
        if soundness::read_seal(&self.path) == Some(now) {
            return Ok(());
        }
        self.check_whole()?;
        // Sealed only if nothing changed while it was checked.
        if soundness::fingerprint(&self.path).ok() == Some(now) {
            let _ = soundness::write_seal(&self.path, now);
        }
        Ok(())
    }

    /// Records the file as this writer left it, under the write lock so no other writer's
    /// commit is half in it. Best effort: without a seal the next writer checks the whole file.
    fn seal(&self) {
        let Ok(tx) = Transaction::new_unchecked(&self.conn, TransactionBehavior::Immediate) else {
            let _ = soundness::remove_seal(&self.path);
            return;
        };
        match soundness::fingerprint(&self.path) {
            Ok(now) => {
                if soundness::write_seal(&self.path, now).is_err() {
                    let _ = soundness::remove_seal(&self.path);
                }
                self.wrote.set(true);
            }
            Err(_) => {
                let _ = soundness::remove_seal(&self.path);
            }
        }
        let _ = tx.rollback();
    }

    /// Read-only access for queries.
    pub fn conn(&self) -> &Connection {
        &self.conn
    }

    /// The whole-file check (what `poskeeper check` runs), now, whatever the seal says:
    /// `Ok(())` or what was found wrong. A damaged file is then refused for writing.
    pub fn check_whole(&self) -> Result<()> {
        // A connection of its own, so nothing this one cached hides what is in the file now.
        let checked = open_connection(&self.path, OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX)
            .and_then(|c| soundness::verify(&c, &self.path));
        if let Err(Error::DbDamaged(_, why)) = &checked {
            self.mark_damaged(why);
        }
        checked
    }

    /// Marks the file damaged (a read found it so): no write, no checkpoint at close, no seal.
    pub fn mark_damaged(&self, why: &str) {
        *self.damaged.borrow_mut() = Some(why.to_string());
        let _ = soundness::remove_seal(&self.path);
    }

    /// Replaces the whole content of this database with the verified database at `src`, through
    /// SQLite's backup API in one step — one write transaction, so every other connection sees
    /// the old content or the new, and a crash leaves one of them (restore).
    pub(crate) fn replace_with(&mut self, src: &Path) -> Result<()> {
        self.ensure_sound()?;
        let from = open_connection(src, OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX)?;
        {
            let b = rusqlite::backup::Backup::new(&from, &mut self.conn)?;
            // -1: every page in one step. Busy or locked (another writer): tried again after a
            // pause, for as long as any write waits for the lock.
            let started = std::time::Instant::now();
            loop {
                match b.step(-1)? {
                    rusqlite::backup::StepResult::Done => break,
                    _ if started.elapsed() > BUSY_TIMEOUT => {
                        return Err(Error::Sqlite(rusqlite::Error::SqliteFailure(
                            rusqlite::ffi::Error::new(rusqlite::ffi::SQLITE_BUSY),
                            None,
                        )));
                    }
                    _ => std::thread::sleep(Duration::from_millis(50)),
                }
            }
        }
        *self.list_cache.borrow_mut() = None;
        *self.reminder_cache.borrow_mut() = None;
        self.seal();
        Ok(())
    }

    /// `PRAGMA quick_check` (every page read, ~0.4 s at 100k terminals), what the app runs once
    /// after start — it also finds damage that leaves a file's length and time as they were,
    /// which the seal cannot see. A damaged file is then refused for writing.
    pub fn quick_check(&self) -> Result<()> {
        match soundness::quick_check(&self.conn) {
            Ok(()) => self.ensure_sound(),
            Err(why) => {
                self.mark_damaged(&why);
                Err(Error::DbDamaged(self.path.clone(), why))
            }
        }
    }
}

impl Drop for Store {
    /// A writer leaves one tidy file, as SQLite does when the last connection closes: the WAL
    /// folded in and removed — but only into a file still exactly as this store sealed it, and
    /// sealed again after. Readers never checkpoint (see [`open_connection`]).
    fn drop(&mut self) {
        if !self.wrote.get() || self.damaged.borrow().is_some() {
            return;
        }
        let Ok(now) = soundness::fingerprint(&self.path) else { return };
        if soundness::read_seal(&self.path) != Some(now) {
            return;
        }
        if self.conn.set_db_config(rusqlite::config::DbConfig::SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, false).is_err() {
            return;
        }
        let Ok(placeholder) = Connection::open_in_memory() else { return };
        let conn = std::mem::replace(&mut self.conn, placeholder);
        if conn.close().is_ok() {
            if let Ok(after) = soundness::fingerprint(&self.path) {
                let _ = soundness::write_seal(&self.path, after);
            }
        }
    }
}

/// Where the database stands in its writes: rows changed through this connection (any write
/// path) and SQLite's `data_version` (moved by any other connection's commit). Two equal marks mean
/// nothing was written in between, so an answer kept from the first still holds.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct WriteMark {
    changes: u64,
    data_version: i64,
}

impl WriteMark {
    pub(crate) fn of(conn: &Connection) -> Result<WriteMark> {
        let data_version: i64 = conn.query_row("PRAGMA data_version", [], |r| r.get(0))?;
        Ok(WriteMark { changes: conn.total_changes(), data_version })
    }
}

/// Opens a connection the way every PosKeeper connection is opened: a generous wait for the
/// write lock, and no checkpoint when it closes — a checkpoint writes into the database file,
/// which only a writer that has checked the file may do (SPEC §6).
pub(crate) fn open_connection(path: &Path, flags: OpenFlags) -> Result<Connection> {
    let conn = Connection::open_with_flags(path, flags)?;
    conn.busy_timeout(BUSY_TIMEOUT)?;
    conn.set_db_config(rusqlite::config::DbConfig::SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, true)?;
    Ok(conn)
}

/// A rollback journal beside the database would be played back into it by the first read —
/// PosKeeper files are always in WAL mode, so one is not ours (or a crash of something else):
/// refused before any connection opens, so that nothing, not even `check`, writes it in.
pub(crate) fn refuse_hot_journal(path: &Path) -> Result<()> {
    let journal = soundness::companion(path, "-journal");
    match std::fs::metadata(&journal) {
        Ok(m) if m.len() > 0 => Err(Error::DbDamaged(
            path.to_path_buf(),
            format!("a rollback journal lies beside it ({}); move it away, then run check", journal.display()),
        )),
        _ => Ok(()),
    }
}

/// How long a write waits for another writer (an import's write phase, another PC's command).
pub const BUSY_TIMEOUT: Duration = Duration::from_secs(30);

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
