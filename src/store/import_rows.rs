//! The import's reads and writes (SPEC §5): the rows an import upserts by SN, their SIM cards
//! and held deposits, and what a large import does to the indexes and the page cache. The
//! import (`files::import`) decides what each row does; every statement it needs is here.

use super::Store;
use crate::domain::{Carrier, SimStatus, TerminalKind, TerminalStatus};
use crate::error::Result;
use chrono::NaiveDate;
use rusqlite::{params, Connection, OpenFlags, OptionalExtension};
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// The stored terminal fields an import can change.
#[derive(Debug, Clone, PartialEq)]
pub struct TerminalFields {
    pub brand: Option<String>,
    pub model: Option<String>,
    pub kind: Option<TerminalKind>,
    pub provider: Option<String>,
    pub merchant_no: Option<String>,
    pub terminal_no: Option<String>,
    pub store: Option<String>,
    pub status: TerminalStatus,
    pub activated_on: Option<NaiveDate>,
    pub warranty_until: Option<NaiveDate>,
    pub notes: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct SimFields {
    pub carrier: Option<Carrier>,
    pub status: SimStatus,
    pub expires_on: Option<NaiveDate>,
    pub annual_fee: Option<i64>,
}

pub struct StoredSim {
    pub id: i64,
    pub terminal_id: Option<i64>,
    pub fields: SimFields,
}

/// One import's reads and writes, in its transaction: statements prepared once per import.
pub struct ImportWriter<'c> {
    conn: &'c Connection,
    today: NaiveDate,
    stores: HashMap<String, i64>,
    fresh: bool,
}

const NOW: &str = "strftime('%Y-%m-%dT%H:%M:%SZ','now')";

impl<'c> ImportWriter<'c> {
    /// `today` is the date a SIM card's installation is recorded with.
    pub fn new(conn: &'c Connection, today: NaiveDate) -> Result<Self> {
        let fresh = conn.query_row(
            "SELECT NOT EXISTS (SELECT 1 FROM terminals) AND NOT EXISTS (SELECT 1 FROM sims)",
            [],
            |r| r.get(0),
        )?;
        Ok(ImportWriter { conn, today, stores: HashMap::new(), fresh })
    }

    /// No terminal and no SIM card was stored when the import began.
    pub fn fresh(&self) -> bool {
        self.fresh
    }

    pub fn terminal(&self, sn: &str) -> Result<Option<(i64, TerminalFields)>> {
        let mut st = self.conn.prepare_cached(
            "SELECT t.id, t.brand, t.model, t.kind, t.provider, t.merchant_no, t.terminal_no, s.name, t.status,
                    t.activated_on, t.warranty_until, t.notes
             FROM terminals t LEFT JOIN stores s ON s.id = t.store_id WHERE t.sn = ?1",
        )?;
        let r = st
            .query_row([sn], |r| {
                Ok((
                    r.get(0)?,
                    TerminalFields {
                        brand: r.get(1)?,
                        model: r.get(2)?,
                        kind: r.get(3)?,
                        provider: r.get(4)?,
                        merchant_no: r.get(5)?,
                        terminal_no: r.get(6)?,
                        store: r.get(7)?,
                        status: r.get(8)?,
                        activated_on: r.get(9)?,
                        warranty_until: r.get(10)?,
                        notes: r.get(11)?,
                    },
                ))
            })
            .optional()?;
        Ok(r)
    }

    pub fn sn_of(&self, terminal_id: i64) -> Result<String> {
        Ok(self
            .conn
            .prepare_cached("SELECT sn FROM terminals WHERE id = ?1")?
            .query_row([terminal_id], |r| r.get(0))?)
    }

    pub fn store_id(&mut self, name: Option<&str>) -> Result<Option<i64>> {
        let Some(name) = name else { return Ok(None) };
        if let Some(id) = self.stores.get(name) {
            return Ok(Some(*id));
        }
        self.conn
            .prepare_cached("INSERT INTO stores(name) VALUES (?1) ON CONFLICT(name) DO NOTHING")?
            .execute([name])?;
        let id: i64 =
            self.conn.prepare_cached("SELECT id FROM stores WHERE name = ?1")?.query_row([name], |r| r.get(0))?;
        self.stores.insert(name.to_string(), id);
        Ok(Some(id))
    }

    pub fn insert_terminal(&mut self, sn: &str, t: &TerminalFields) -> Result<i64> {
        let store = self.store_id(t.store.as_deref())?;
        self.conn
            .prepare_cached(
                // The store's name is written with its id, so the trigger that would copy it over in
                // a second UPDATE of the row does not fire.
                "INSERT INTO terminals(sn, brand, model, kind, provider, merchant_no, terminal_no, store_id, status,
                     activated_on, warranty_until, notes, store_name)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
            )?
            .execute(params![
                sn,
                t.brand,
                t.model,
                t.kind,
                t.provider,
                t.merchant_no,
                t.terminal_no,
                store,
                t.status,
                t.activated_on,
                t.warranty_until,
                t.notes,
                t.store
            ])?;
        Ok(self.conn.last_insert_rowid())
    }

    /// Writes only the columns that changed: SQLite then rewrites only the indexes (and fires
    /// only the triggers) of those columns, which is most of the cost of a large re-import.
    /// When nothing changed, nothing is written (not even `updated_at`).
    pub fn update_terminal(&mut self, id: i64, old: &TerminalFields, t: &TerminalFields) -> Result<()> {
        use rusqlite::types::ToSql;
        let store = if old.store != t.store { Some(self.store_id(t.store.as_deref())?) } else { None };
        let mut sets: Vec<&str> = Vec::new();
        let mut values: Vec<&dyn ToSql> = vec![&id];
        macro_rules! col {
            ($name:literal, $field:ident) => {
                if old.$field != t.$field {
                    sets.push($name);
                    values.push(&t.$field);
                }
            };
        }
        col!("brand", brand);
        col!("model", model);
        col!("kind", kind);
        col!("provider", provider);
        col!("merchant_no", merchant_no);
        col!("terminal_no", terminal_no);
        if let Some(store) = store.as_ref() {
            sets.push("store_id");
            values.push(store);
        }
        col!("status", status);
        col!("activated_on", activated_on);
        col!("warranty_until", warranty_until);
        col!("notes", notes);
        // Nothing changed (the store counts only when its name did): no statement at all, rather
        // than one that sets nothing.
        if sets.is_empty() {
            return Ok(());
        }
        let assignments: Vec<String> = sets.iter().enumerate().map(|(i, c)| format!("{c} = ?{}", i + 2)).collect();
        let sql = format!("UPDATE terminals SET {}, updated_at = {NOW} WHERE id = ?1", assignments.join(", "));
        self.conn.prepare_cached(&sql)?.execute(values.as_slice())?;
        Ok(())
    }

    fn sim_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<StoredSim> {
        Ok(StoredSim {
            id: r.get(0)?,
            terminal_id: r.get(1)?,
            fields: SimFields { carrier: r.get(2)?, expires_on: r.get(3)?, annual_fee: r.get(4)?, status: r.get(5)? },
        })
    }

    pub fn sim_by_iccid(&self, iccid: &str) -> Result<Option<StoredSim>> {
        let mut st = self.conn.prepare_cached(
            "SELECT id, terminal_id, carrier, expires_on, annual_fee, status FROM sims WHERE iccid = ?1",
        )?;
        Ok(st.query_row([iccid], Self::sim_row).optional()?)
    }

    pub fn sim_in(&self, terminal_id: i64) -> Result<Option<(String, StoredSim)>> {
        let mut st = self.conn.prepare_cached(
            "SELECT id, terminal_id, carrier, expires_on, annual_fee, status, iccid FROM sims WHERE terminal_id = ?1",
        )?;
        Ok(st.query_row([terminal_id], |r| Ok((r.get(6)?, Self::sim_row(r)?))).optional()?)
    }

    /// Inserts a card; with `terminal_id`, straight into that (new, empty) terminal.
    pub fn insert_sim(&self, iccid: &str, s: &SimFields, terminal_id: Option<i64>) -> Result<i64> {
        self.conn
            .prepare_cached(
                "INSERT INTO sims(iccid, luhn_ok, carrier, status, expires_on, annual_fee, terminal_id)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            )?
            .execute(params![
                iccid,
                crate::domain::values::luhn_ok(iccid),
                s.carrier,
                s.status,
                s.expires_on,
                s.annual_fee,
                terminal_id
            ])?;
        let id = self.conn.last_insert_rowid();
        if let Some(tid) = terminal_id {
            self.conn
                .prepare_cached("INSERT INTO sim_installs(sim_id, terminal_id, installed_on) VALUES (?1, ?2, ?3)")?
                .execute(params![id, tid, self.today])?;
        }
        Ok(id)
    }

    pub fn update_sim(&self, id: i64, s: &SimFields) -> Result<()> {
        self.conn
            .prepare_cached(&format!(
                "UPDATE sims SET carrier = ?2, status = ?3, expires_on = ?4, annual_fee = ?5, updated_at = {NOW}
                 WHERE id = ?1"
            ))?
            .execute(params![id, s.carrier, s.status, s.expires_on, s.annual_fee])?;
        Ok(())
    }

    /// Puts the card into the terminal: the card there comes out, and the install history of
    /// both is closed and opened as `sim assign` does.
    pub fn place(&self, sim_id: i64, terminal_id: i64) -> Result<()> {
        let c = self.conn;
        c.prepare_cached(
            "UPDATE sim_installs SET removed_on = ?3 WHERE removed_on IS NULL AND (sim_id = ?1 OR terminal_id = ?2)",
        )?
        .execute(params![sim_id, terminal_id, self.today])?;
        c.prepare_cached("UPDATE sims SET terminal_id = NULL WHERE terminal_id = ?1")?.execute([terminal_id])?;
        c.prepare_cached(&format!("UPDATE sims SET terminal_id = ?2, updated_at = {NOW} WHERE id = ?1"))?
            .execute(params![sim_id, terminal_id])?;
        c.prepare_cached("INSERT INTO sim_installs(sim_id, terminal_id, installed_on) VALUES (?1, ?2, ?3)")?
            .execute(params![sim_id, terminal_id, self.today])?;
        Ok(())
    }

    pub fn held_deposit(&self, terminal_id: i64) -> Result<Option<(i64, i64, NaiveDate)>> {
        let mut st = self.conn.prepare_cached(
            "SELECT id, amount, deadline FROM deposits WHERE terminal_id = ?1 AND status = 'held' ORDER BY id DESC LIMIT 1",
        )?;
        Ok(st.query_row([terminal_id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?))).optional()?)
    }

    /// Changes a held deposit's amount and deadline.
    pub fn update_deposit(&self, id: i64, amount: i64, deadline: NaiveDate) -> Result<()> {
        self.conn
            .prepare_cached("UPDATE deposits SET amount = ?2, deadline = ?3 WHERE id = ?1")?
            .execute(params![id, amount, deadline])?;
        Ok(())
    }

    /// A new held deposit of the terminal.
    pub fn insert_deposit(&self, terminal_id: i64, amount: i64, deadline: NaiveDate) -> Result<()> {
        self.conn
            .prepare_cached("INSERT INTO deposits(terminal_id, amount, deadline) VALUES (?1, ?2, ?3)")?
            .execute(params![terminal_id, amount, deadline])?;
        Ok(())
    }
}

/// Rows from which a large import into a table at most half its size drops the secondary indexes
/// and builds them again at the end (a sort instead of a random insert per index and row).
const REBUILD_FROM_ROWS: u64 = 5_000;

/// Indexes the import's own lookups use: never dropped.
const KEEP_INDEXES: &[&str] = &["sims_terminal", "deposits_terminal", "sim_installs_sim", "sim_installs_terminal"];

/// For a large import of `rows` rows, drops the secondary indexes of the tables it fills and the
/// triggers that keep the due dates and the terminals' tally and move the find mark (inside its transaction, so a failed or
/// killed import leaves them as they were) and returns what [`rebuild_indexes`] needs to build them
/// again and fill the due dates in one pass. Unique constraints on SN and ICCID stay in force.
pub fn drop_secondary_indexes(tx: &Connection, rows: u64) -> Result<Vec<String>> {
    let existing: i64 = tx.query_row("SELECT count(*) FROM terminals", [], |r| r.get(0))?;
    if rows < REBUILD_FROM_ROWS || existing.saturating_mul(2) > i64::try_from(rows).unwrap_or(i64::MAX) {
        return Ok(Vec::new());
    }
    let mut st = tx.prepare(
        "SELECT name, sql FROM sqlite_schema
         WHERE type = 'index' AND sql IS NOT NULL AND tbl_name IN ('terminals', 'sims', 'deposits')
         ORDER BY name",
    )?;
    let found: Vec<(String, String)> =
        st.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?.collect::<rusqlite::Result<_>>()?;
    let mut sqls = Vec::new();
    for (name, sql) in found.into_iter().filter(|(n, _)| !KEEP_INDEXES.contains(&n.as_str())) {
        tx.execute_batch(&format!("DROP INDEX \"{}\"", name.replace('"', "\"\"")))?;
        sqls.push(sql);
    }
    // A trigger per written row costs more than the row (two statements each); one pass over
    // the tables at the end costs a fraction of that.
    // The due-date marks' triggers are created again only after the fill (each filled row would
    // move a mark), then the marks are moved once.
    let mut st = tx.prepare(
        "SELECT name, sql, name GLOB ?2 FROM sqlite_schema
         WHERE type = 'trigger' AND (name GLOB 'due_*' OR name GLOB ?1 OR name GLOB ?3) ORDER BY name GLOB ?2, name",
    )?;
    let globs = [super::find_mark::TRIGGERS, super::due_mark::TRIGGERS, super::terminal_tally::TRIGGERS];
    let triggers: Vec<(String, String, bool)> =
        st.query_map(globs, |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?.collect::<rusqlite::Result<_>>()?;
    let mut after_fill = Vec::new();
    for (name, sql, marks_due) in triggers {
        tx.execute_batch(&format!("DROP TRIGGER \"{}\"", name.replace('"', "\"\"")))?;
        if marks_due {
            after_fill.push(sql);
        } else {
            sqls.push(sql);
        }
    }
    sqls.push(format!("DELETE FROM due_dates; {}", super::due_dates::FILL));
    sqls.push(super::terminal_tally::RECOUNT.to_string());
    sqls.extend(after_fill);
    sqls.push(super::find_mark::MOVE.to_string());
    sqls.push(super::due_mark::MOVE.to_string());
    Ok(sqls)
}

/// Builds again the indexes and triggers [`drop_secondary_indexes`] dropped, fills the due dates
/// and moves the find and due-date marks.
pub fn rebuild_indexes(tx: &Connection, dropped: &[String]) -> Result<()> {
    for sql in dropped {
        tx.execute_batch(sql)?;
    }
    Ok(())
}

/// The page cache during an import, in KiB (negative: SQLite's unit for "KiB").
const IMPORT_CACHE_KIB: i64 = -65_536;

/// Readies a connection for an import's write phase: a bigger page cache while the many indexes of
/// a large import are written, and statement journals in memory (every insert into a table with
/// many indexes keeps one, and on disk they cost a write system call per page); with
/// `sort_threads`, the indexes a large import rebuilds are sorted by two threads.
pub fn ready_for_import(conn: &Connection, sort_threads: bool) -> Result<()> {
    conn.set_prepared_statement_cache_capacity(64);
    conn.pragma_update(None, "cache_size", IMPORT_CACHE_KIB)?;
    conn.pragma_update(None, "temp_store", "MEMORY")?;
    if sort_threads {
        conn.pragma_update(None, "threads", 2)?;
    }
    Ok(())
}

impl Store {
    /// Runs `f` with the store reading without its memory map, whose pages count as the process's
    /// memory (over a million-row file, the backup, the private copy and the lookups would map it
    /// whole); the map, the page cache, the temp store and the sort threads are set back after.
    pub fn unmapped<T>(&mut self, f: impl FnOnce(&mut Store) -> Result<T>) -> Result<T> {
        let saved: Vec<(&str, i64)> = ["mmap_size", "cache_size", "temp_store", "threads"]
            .into_iter()
            .map(|p| Ok((p, self.conn.query_row(&format!("PRAGMA {p}"), [], |r| r.get(0))?)))
            .collect::<Result<_>>()?;
        self.conn.pragma_update(None, "mmap_size", 0)?;
        let result = f(self);
        for (pragma, value) in saved {
            self.conn.pragma_update(None, pragma, value)?;
        }
        result
    }
}

/// A private copy of the database at a path of the caller's, made with SQLite's backup API (a
/// reader: nobody's write waits for it), deleted when dropped. Runs against it never touch the
/// real file.
pub struct Snapshot {
    // Fields drop in order: the connection is closed before its files are removed.
    conn: Connection,
    _files: SnapshotFiles,
}

/// Removes the snapshot's file and its journals when dropped, also when making it failed halfway.
struct SnapshotFiles(PathBuf);

impl Drop for SnapshotFiles {
    fn drop(&mut self) {
        for suffix in ["", "-journal", "-wal", "-shm"] {
            let mut p = self.0.clone().into_os_string();
            p.push(suffix);
            let _ = std::fs::remove_file(Path::new(&p));
        }
    }
}

impl Snapshot {
    pub fn of(store: &Store, path: PathBuf) -> Result<Snapshot> {
        let files = SnapshotFiles(path);
        let mut dst = Connection::open_with_flags(
            &files.0,
            OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_CREATE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )?;
        {
            let b = rusqlite::backup::Backup::new(&store.conn, &mut dst)?;
            // All pages in one step: one read transaction, so the copy is one consistent state.
            b.run_to_completion(i32::MAX, std::time::Duration::ZERO, None)?;
        }
        // A throwaway file: its own rollback journal, nothing flushed to disk.
        dst.pragma_update(None, "journal_mode", "DELETE")?;
        dst.pragma_update(None, "synchronous", "OFF")?;
        dst.pragma_update(None, "foreign_keys", true)?;
        Ok(Snapshot { conn: dst, _files: files })
    }

    pub fn conn_mut(&mut self) -> &mut Connection {
        &mut self.conn
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use crate::domain::TerminalPatch;

    fn updated_at(store: &Store, sn: &str) -> String {
        store.conn.query_row("SELECT updated_at FROM terminals WHERE sn = ?1", [sn], |r| r.get(0)).unwrap()
    }

    #[test]
    fn an_update_with_nothing_changed_writes_nothing_and_one_with_a_change_writes_it() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::create(dir.path().join("p.db")).unwrap();
        store.add_terminal("PAX-1", &TerminalPatch::default()).unwrap();
        // A stamp no real write makes, to see whether the row was written.
        store.conn.execute("UPDATE terminals SET updated_at = 'untouched' WHERE sn = 'PAX-1'", []).unwrap();
        let today = NaiveDate::from_ymd_opt(2026, 3, 5).unwrap();
        let mut w = ImportWriter::new(&store.conn, today).unwrap();
        let (id, old) = w.terminal("PAX-1").unwrap().unwrap();

        w.update_terminal(id, &old, &old.clone()).unwrap();
        assert_eq!(updated_at(&store, "PAX-1"), "untouched");
        let stores: i64 = store.conn.query_row("SELECT count(*) FROM stores", [], |r| r.get(0)).unwrap();
        assert_eq!(stores, 0);

        let mut w = ImportWriter::new(&store.conn, today).unwrap();
        let new = TerminalFields { store: Some("东门店".into()), ..old.clone() };
        w.update_terminal(id, &old, &new).unwrap();
        assert_eq!(w.terminal("PAX-1").unwrap().unwrap().1, new);
        assert_ne!(updated_at(&store, "PAX-1"), "untouched");
    }

    #[test]
    fn a_snapshot_is_a_copy_whose_files_go_when_it_is_dropped_or_cannot_be_made() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::create(dir.path().join("p.db")).unwrap();
        store.add_terminal("PAX-1", &TerminalPatch::default()).unwrap();
        let path = dir.path().join("snap.db");
        let mut snap = Snapshot::of(&store, path.clone()).unwrap();
        snap.conn_mut().execute("DELETE FROM terminals", []).unwrap();
        assert!(path.exists());
        drop(snap);
        assert!(!path.exists());
        let kept: i64 = store.conn.query_row("SELECT count(*) FROM terminals", [], |r| r.get(0)).unwrap();
        assert_eq!(kept, 1);

        assert!(Snapshot::of(&store, dir.path().join("no such folder").join("snap.db")).is_err());
    }
}
