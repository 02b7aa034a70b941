//! Excel workbooks (.xlsx) through `calamine`, cell by cell: the sheet is streamed, never loaded
//! whole. Before anything is unpacked, the zip directory is checked against decompression bombs;
//! a truncated file fails there too.

use super::values::Cell;
use super::RawRow;
use crate::error::{Error, Result};
use calamine::{DataRef, Reader, Xlsx};
use std::fs::File;
use std::io::BufReader;
use std::path::Path;

/// No single part of the workbook may unpack to more than this.
const MAX_ENTRY: u64 = 1 << 30;
/// Nor all parts together.
const MAX_TOTAL: u64 = 2 << 30;
/// The shared strings are held in memory while the sheet is read.
const MAX_SHARED_STRINGS: u64 = 300 << 20;
/// Real workbooks compress 5–30×; far more than this is a bomb.
const MAX_RATIO: u64 = 100;
/// Columns beyond this are not looked at.
const MAX_COLUMNS: usize = 512;

fn damaged(path: &Path, detail: impl std::fmt::Display) -> Error {
    Error::SpreadsheetDamaged { path: path.to_path_buf(), detail: detail.to_string() }
}

/// Checks the zip directory: complete, and no part that unpacks to too much.
pub fn check_zip(path: &Path) -> Result<()> {
    let file = File::open(path)?;
    let mut zip = zip::ZipArchive::new(BufReader::new(file)).map_err(|e| damaged(path, e))?;
    let too_big = |detail: String| Error::SpreadsheetTooBig { path: path.to_path_buf(), detail };
    let mut total: u64 = 0;
    for i in 0..zip.len() {
        let entry = zip.by_index_raw(i).map_err(|e| damaged(path, e))?;
        let name = entry.name().map(|n| n.to_string()).unwrap_or_default();
        let (size, packed) = (entry.size(), entry.compressed_size());
        total = total.saturating_add(size);
        if size > MAX_ENTRY || (name.ends_with("sharedStrings.xml") && size > MAX_SHARED_STRINGS) {
            return Err(too_big(format!("{name}: {} MB", size >> 20)));
        }
        if size > (10 << 20) && size / packed.max(1) > MAX_RATIO {
            return Err(too_big(format!("{name}: {} MB packed into {} KB", size >> 20, packed >> 10)));
        }
    }
    if total > MAX_TOTAL {
        return Err(too_big(format!("{} MB in all", total >> 20)));
    }
    Ok(())
}

/// What the sheet declared about itself.
#[derive(Debug, Clone)]
pub struct SheetInfo {
    pub name: String,
    /// Rows from the sheet's `dimension` (an estimate; 0 if not declared).
    pub declared_rows: u64,
}

fn cell_of(v: DataRef<'_>) -> Cell {
    match v {
        DataRef::Empty => Cell::Empty,
        DataRef::Int(n) => Cell::Int(n),
        DataRef::Float(f) => Cell::Float(f),
        DataRef::String(s) => Cell::Text(s),
        DataRef::SharedString(s) => Cell::Text(s.to_string()),
        DataRef::Bool(b) => Cell::Bool(b),
        DataRef::DateTime(dt) if dt.is_datetime() => match dt.as_datetime() {
            Some(t) => Cell::Date(t.date()),
            None => Cell::Float(dt.as_f64()),
        },
        DataRef::DateTime(dt) => Cell::Float(dt.as_f64()),
        DataRef::DateTimeIso(s) => {
            match s.get(..10).and_then(|d| chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").ok()) {
                Some(d) => Cell::Date(d),
                None => Cell::Text(s),
            }
        }
        DataRef::DurationIso(s) => Cell::Text(s),
        DataRef::Error(e) => Cell::Error(e.to_string()),
    }
}

/// Streams the rows of the chosen sheet (the first one unless `sheet` names another) to `f`,
/// which may stop early by returning `Ok(false)`. `max_rows` guards against endless sheets.
pub fn for_each_row(
    path: &Path,
    sheet: Option<&str>,
    max_rows: u64,
    mut f: impl FnMut(&SheetInfo, RawRow) -> Result<bool>,
) -> Result<SheetInfo> {
    let file = BufReader::with_capacity(64 * 1024, File::open(path)?);
    let mut wb: Xlsx<_> = Xlsx::new(file).map_err(|e| damaged(path, e))?;
    let names = wb.sheet_names();
    let name = match sheet {
        Some(s) => names
            .iter()
            .find(|n| n.trim() == s.trim())
            .cloned()
            .ok_or_else(|| Error::SheetNotFound { name: s.to_string(), available: names.join(", ") })?,
        None => names.first().cloned().ok_or_else(|| damaged(path, "no worksheet"))?,
    };
    let mut cells = wb.worksheet_cells_reader(&name).map_err(|e| damaged(path, e))?;
    let dims = cells.dimensions();
    let declared_rows = u64::from(dims.end.0) + 1 - u64::from(dims.start.0.min(dims.end.0));
    let info = SheetInfo { name, declared_rows: if dims.end == (0, 0) { 0 } else { declared_rows } };
    let too_many = || Error::TooManyRows { path: path.to_path_buf(), limit: max_rows };
    if u64::from(dims.end.0) > max_rows + 100 {
        return Err(too_many());
    }
    let mut row: Vec<Cell> = Vec::new();
    let mut row_index: Option<u32> = None;
    loop {
        let next = cells.next_cell().map_err(|e| damaged(path, e))?;
        let pos = next.as_ref().map(|c| c.get_position());
        // A new row (or the end): hand over the row collected so far.
        if let Some(r) = row_index {
            if pos.map(|p| p.0) != Some(r) {
                let line = u64::from(r) + 1;
                if !f(&info, RawRow { line, cells: std::mem::take(&mut row) })? {
                    return Ok(info);
                }
            }
        }
        let Some(c) = next else { return Ok(info) };
        let (r, col) = c.get_position();
        if u64::from(r) > max_rows + 100 {
            return Err(too_many());
        }
        row_index = Some(r);
        let col = usize::try_from(col).unwrap_or(usize::MAX);
        if col < MAX_COLUMNS {
            if row.len() <= col {
                row.resize(col + 1, Cell::Empty);
            }
            row[col] = cell_of(c.get_value().clone());
        }
    }
}
