//! What lets an import keep the write lock short and a dry run take none: the checked rows staged
//! in a temporary file between reading and writing, and the temporary path of the private copy of
//! the database (`store::import_rows::Snapshot`) for runs that must not write the real one.

use super::apply::RowData;
use crate::error::{Error, Result};
use serde::{Deserialize, Serialize};
use std::fs::File;
use std::io::{BufReader, BufWriter, Read, Seek, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

const PREFIXES: [&str; 2] = ["poskeeper-import-", "poskeeper-dry-run-"];

/// No staged row is longer (a row's cells are bounded by the reader's limits).
const MAX_STAGED_ROW: usize = 16 << 20;

/// A path in the temp folder that no other run (or other import in this process) uses:
/// `poskeeper-WHAT-PID-N-NANOS`. What killed runs left there goes first.
pub(super) fn temp_path(what: &str) -> PathBuf {
    static NEXT: AtomicU64 = AtomicU64::new(0);
    let dir = std::env::temp_dir();
    remove_stale(&dir);
    let n = NEXT.fetch_add(1, Ordering::Relaxed);
    let nanos = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.subsec_nanos());
    dir.join(format!("poskeeper-{what}-{}-{n}-{nanos}", std::process::id()))
}

/// Removes the staging files and private copies (with their journals) of runs whose process is
/// gone ([`crate::process::writer_is_gone`]).
fn remove_stale(dir: &Path) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for e in entries.filter_map(std::result::Result::ok) {
        let name = e.file_name().to_string_lossy().into_owned();
        let Some(rest) = PREFIXES.iter().find_map(|p| name.strip_prefix(p)) else { continue };
        let Some(pid) = rest.split('-').next().and_then(|p| p.parse::<u32>().ok()) else { continue };
        let gone = crate::process::writer_is_gone(pid, &e.path());
        if gone {
            let _ = std::fs::remove_file(e.path());
        }
    }
}

/// One row that passed the checks that need no database: its line, its values, and the cells of
/// the mapped columns as shown (for the report, should the database refuse the row).
#[derive(Debug, Serialize, Deserialize)]
pub struct StagedRow {
    pub line: u64,
    pub row: RowData,
    pub shown: Vec<String>,
}

/// The staged rows in a temporary file, each as its length (4 bytes, little-endian) and its
/// postcard encoding — compact and quick to read back, which at 100k rows counts against the
/// import's budget. On Unix the file has no name once open (nothing is left behind even by a
/// killed process); elsewhere it is removed when dropped.
pub struct Staging {
    path: PathBuf,
    file: File,
    out: Option<BufWriter<File>>,
    rows: u64,
}

impl Staging {
    pub fn new() -> Result<Staging> {
        let path = temp_path("import");
        let file = std::fs::OpenOptions::new().read(true).write(true).create_new(true).open(&path)?;
        if cfg!(unix) {
            let _ = std::fs::remove_file(&path);
        }
        let out = Some(BufWriter::with_capacity(256 * 1024, file.try_clone()?));
        Ok(Staging { path, file, out, rows: 0 })
    }

    pub fn push(&mut self, row: &StagedRow) -> Result<()> {
        let out = self.out.as_mut().ok_or_else(|| Error::Io(std::io::Error::other("staging closed")))?;
        let bytes = postcard::to_stdvec(row).map_err(|e| Error::Io(std::io::Error::other(e)))?;
        let len = u32::try_from(bytes.len()).map_err(|_| Error::Io(std::io::Error::other("staged row too long")))?;
        out.write_all(&len.to_le_bytes())?;
        out.write_all(&bytes)?;
        self.rows += 1;
        Ok(())
    }

    pub fn rows(&self) -> u64 {
        self.rows
    }

    /// Hands the staged rows to `f` in order; may be called more than once.
    pub fn for_each(&mut self, mut f: impl FnMut(StagedRow) -> Result<()>) -> Result<()> {
        if let Some(w) = self.out.take() {
            w.into_inner().map_err(|e| Error::Io(e.into_error()))?;
        }
        let mut file = self.file.try_clone()?;
        file.rewind()?;
        let mut reader = BufReader::with_capacity(256 * 1024, file);
        let mut buf = Vec::new();
        for _ in 0..self.rows {
            let mut len = [0u8; 4];
            reader.read_exact(&mut len)?;
            // Written by `push` above; a length past any row's is refused, not allocated.
            let len = usize::try_from(u32::from_le_bytes(len)).unwrap_or(usize::MAX);
            if len > MAX_STAGED_ROW {
                return Err(Error::Io(std::io::Error::other("damaged staging file")));
            }
            buf.resize(len, 0);
            reader.read_exact(&mut buf)?;
            let row: StagedRow = postcard::from_bytes(&buf).map_err(|e| Error::Io(std::io::Error::other(e)))?;
            f(row)?;
        }
        Ok(())
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        drop(self.out.take());
        let _ = std::fs::remove_file(&self.path);
    }
}
