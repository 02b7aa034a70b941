//! Whether the database file is sound, asked before anything writes to it (SPEC §6: a damaged
//! file is never written — not by a command, the app, the notifier or the daily backup).
//!
//! The whole-file check (`integrity_check` + `foreign_key_check`, what `poskeeper check` runs)
//! reads every page: seconds at 100,000 terminals, far too slow for every command. So each writer
//! leaves a *seal* beside the database (`poskeeper.db-seal`): the length and modification time of
//! the database file and of its `-wal`, taken right after its own commit while it still holds the
//! write lock, and again after the checkpoint when it closes. The next writer — this process or
//! another — compares (two `stat` calls): files exactly as the last writer left them need no
//! check; anything else (another program wrote into the file, a crash between a commit and its
//! seal, a file copied in, an older PosKeeper, no seal) gets the whole-file check first, and a
//! damaged file is refused without a byte written. A seal that does not match only costs a check;
//! it never lets a write through. (Damage that changes neither length nor time — a failing disk —
//! is what the app's `quick_check` at start and `poskeeper check` are for.)

use crate::error::{Error, Result};
use rusqlite::Connection;
use std::io::Write;
use std::path::{Path, PathBuf};

/// The seal's first word, so a future format is recognised (and treated as no seal).
const MAGIC: &str = "poskeeper-seal-2";

/// The database and its `-wal` as a writer left them: length and modification time (ns).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Seal {
    db: (u64, u128),
    wal: (u64, u128),
}

/// `path` with `suffix` appended to its file name (`poskeeper.db` → `poskeeper.db-wal`).
pub(crate) fn companion(path: &Path, suffix: &str) -> PathBuf {
    let mut s = path.as_os_str().to_os_string();
    s.push(suffix);
    PathBuf::from(s)
}

/// The seal file of the database at `db`.
pub(crate) fn seal_path(db: &Path) -> PathBuf {
    companion(db, "-seal")
}

/// Length and modification time of a file; a missing or empty file is `(0, 0)` (opening a WAL
/// database creates an empty `-wal`, which changes nothing that could be damaged).
fn stat(path: &Path) -> std::io::Result<(u64, u128)> {
    match std::fs::metadata(path) {
        Ok(m) if m.len() == 0 => Ok((0, 0)),
        Ok(m) => {
            let t = m.modified()?.duration_since(std::time::UNIX_EPOCH).map(|d| d.as_nanos()).unwrap_or(0);
            Ok((m.len(), t))
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok((0, 0)),
        Err(e) => Err(e),
    }
}

/// The database's files now.
pub(crate) fn fingerprint(db: &Path) -> std::io::Result<Seal> {
    Ok(Seal { db: stat(db)?, wal: stat(&companion(db, "-wal"))? })
}

/// The seal the last writer left, if it can be read.
pub(crate) fn read_seal(db: &Path) -> Option<Seal> {
    let text = std::fs::read_to_string(seal_path(db)).ok()?;
    let mut words = text.split_whitespace();
    if words.next()? != MAGIC {
        return None;
    }
    let mut num = || words.next().and_then(|w| w.parse::<u128>().ok());
    let (a, b, c, d) = (num()?, num()?, num()?, num()?);
    Some(Seal { db: (u64::try_from(a).ok()?, b), wal: (u64::try_from(c).ok()?, d) })
}

/// Writes the seal (to a temporary name, then renamed, so a reader never sees half of one).
pub(crate) fn write_seal(db: &Path, seal: Seal) -> std::io::Result<()> {
    let path = seal_path(db);
    let tmp = companion(db, &format!("-seal.part-{}", std::process::id()));
    let text = format!("{MAGIC} {} {} {} {}\n", seal.db.0, seal.db.1, seal.wal.0, seal.wal.1);
    // A new file, never one a link at that name points to.
    match std::fs::remove_file(&tmp) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => return Err(e),
        _ => {}
    }
    std::fs::OpenOptions::new().write(true).create_new(true).open(&tmp)?.write_all(text.as_bytes())?;
    let renamed = std::fs::rename(&tmp, &path);
    if renamed.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    renamed
}

/// Removes the seal (the file is about to be replaced, or its state is unknown).
pub(crate) fn remove_seal(db: &Path) -> std::io::Result<()> {
    match std::fs::remove_file(seal_path(db)) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(e),
        _ => Ok(()),
    }
}

/// What `poskeeper check` finds wrong with the open database: `integrity_check` (pages, b-trees,
/// indexes, NOT NULL and CHECK constraints) and `foreign_key_check`. Empty when all is well.
pub(crate) fn findings(conn: &Connection) -> Vec<String> {
    let mut found = Vec::new();
    let integrity = (|| -> rusqlite::Result<Vec<String>> {
        let mut st = conn.prepare("PRAGMA integrity_check")?;
        let rows = st.query_map([], |r| r.get::<_, String>(0))?.collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(if rows.len() == 1 && rows[0] == "ok" { Vec::new() } else { rows })
    })();
    match integrity {
        // A row can span lines ("*** in database main ***\nPage 66: …"): one line each.
        Ok(v) => found.extend(v.into_iter().map(|s| format!("integrity_check: {}", one_line(&s)))),
        Err(e) => found.push(format!("integrity_check: {}", one_line(&e.to_string()))),
    }
    let fk = (|| -> rusqlite::Result<Vec<String>> {
        let mut st = conn.prepare("PRAGMA foreign_key_check")?;
        let v = st
            .query_map([], |r| {
                let table: String = r.get(0)?;
                let rowid: Option<i64> = r.get(1)?;
                let parent: String = r.get(2)?;
                Ok(format!(
                    "foreign_key_check: {table} row {} refers to a missing {parent}",
                    rowid.map_or_else(|| "?".into(), |n| n.to_string())
                ))
            })?
            .collect::<rusqlite::Result<_>>()?;
        Ok(v)
    })();
    match fk {
        Ok(v) => found.extend(v),
        Err(e) => found.push(format!("foreign_key_check: {}", one_line(&e.to_string()))),
    }
    found
}

fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// `PRAGMA quick_check` on `conn`: `Err` with the first findings, one line each.
pub(crate) fn quick_check(conn: &Connection) -> std::result::Result<(), String> {
    let rows = conn
        .prepare("PRAGMA quick_check")
        .and_then(|mut st| st.query_map([], |r| r.get::<_, String>(0))?.collect::<rusqlite::Result<Vec<_>>>())
        .map_err(|e| one_line(&e.to_string()))?;
    if rows.len() == 1 && rows[0] == "ok" {
        Ok(())
    } else {
        Err(rows.iter().take(3).map(|r| one_line(r)).collect::<Vec<_>>().join("; "))
    }
}

/// The whole-file check as an error: `Err(DbDamaged)` when anything was found.
pub(crate) fn verify(conn: &Connection, db: &Path) -> Result<()> {
    let found = findings(conn);
    if found.is_empty() {
        Ok(())
    } else {
        // A few findings are enough to say what is wrong; the full list is `poskeeper check`'s.
        let shown: Vec<&str> = found.iter().take(3).map(String::as_str).collect();
        Err(Error::DbDamaged(db.to_path_buf(), shown.join("; ")))
    }
}
