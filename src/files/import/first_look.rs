//! The first look at a file (SPEC §5): its format from its content, then its header, found in
//! the first rows — everything that can be refused before a backup is taken or a lock is held.

use super::mapping::{header_key, resolve, ColumnMap, ColumnSource};
use super::values::Cell;
use super::{sheet, text, RawRow, HEADER_SEARCH, MAX_FILE_BYTES, MAX_ROWS};
use crate::error::{Error, Result};
use crate::files::fields::{fold_header, Field};
use std::path::Path;

/// The kinds of file the importer reads.
#[derive(Debug, Clone, Copy)]
pub(super) enum Format {
    Text(text::TextKind),
    Xlsx,
}

/// Decides the format from the content first (a workbook renamed to .csv is still a workbook),
/// then from the extension.
fn detect(path: &Path) -> Result<Format> {
    use std::io::Read;
    let meta = std::fs::metadata(path).map_err(|e| Error::reading(path, e))?;
    if meta.is_dir() {
        return Err(Error::NotASpreadsheet { path: path.to_path_buf(), reason: "folder" });
    }
    if meta.len() == 0 {
        return Err(Error::FileEmpty(path.to_path_buf()));
    }
    if meta.len() > MAX_FILE_BYTES {
        return Err(Error::FileTooLarge { path: path.to_path_buf(), size: meta.len(), limit: MAX_FILE_BYTES });
    }
    let mut magic = [0u8; 8];
    let n = std::fs::File::open(path)?.read(&mut magic)?;
    let magic = &magic[..n];
    let ext = path.extension().map(|e| e.to_string_lossy().to_ascii_lowercase()).unwrap_or_default();
    if magic.starts_with(b"PK\x03\x04") || magic.starts_with(b"PK\x05\x06") {
        sheet::check_zip(path)?;
        return Ok(Format::Xlsx);
    }
    if magic.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]) {
        return Err(Error::NotASpreadsheet { path: path.to_path_buf(), reason: "xls" });
    }
    match ext.as_str() {
        "xlsx" | "xlsm" => {
            Err(Error::SpreadsheetDamaged { path: path.to_path_buf(), detail: "not a zip archive".into() })
        }
        "csv" | "tsv" | "txt" | "" => Ok(Format::Text(text::sniff(path)?)),
        other => Err(Error::UnsupportedFormat { path: path.to_path_buf(), ext: format!(".{other}") }),
    }
}

/// Reads every row of the file in order; `f` returns `Ok(false)` to stop.
pub(super) fn for_each_row(
    path: &Path,
    format: Format,
    sheet_name: Option<&str>,
    mut f: impl FnMut(RawRow) -> Result<bool>,
) -> Result<Option<sheet::SheetInfo>> {
    match format {
        Format::Text(kind) => text::for_each_row(path, kind, f).map(|()| None),
        Format::Xlsx => sheet::for_each_row(path, sheet_name, MAX_ROWS, |_, r| f(r)).map(Some),
    }
}

pub(super) fn is_blank(r: &RawRow) -> bool {
    r.cells.iter().all(Cell::is_empty)
}

/// The header: which column holds which field.
#[derive(Debug, Clone)]
pub(super) struct Header {
    pub(super) line: u64,
    /// The header texts as written.
    pub(super) names: Vec<String>,
    pub(super) columns: Vec<(usize, Field)>,
    /// Headers no rule matched and no mapping named (the ones mapped to "not imported" are not
    /// listed: the user chose that).
    pub(super) ignored: Vec<String>,
    /// Each column's field and where it came from.
    pub(super) sources: Vec<(Option<Field>, ColumnSource)>,
    /// Whether a remembered mapping was laid over the rules.
    pub(super) remembered: bool,
    /// The mapping to remember when the import commits: the user's and the remembered one's
    /// entries for headers of this file.
    pub(super) mapping: ColumnMap,
}

impl Header {
    pub(super) fn from_names(line: u64, names: Vec<String>, user: &ColumnMap, remembered: &ColumnMap) -> Header {
        let sources = resolve(&names, user, remembered);
        let mut columns: Vec<(usize, Field)> = Vec::new();
        let mut ignored = Vec::new();
        for (i, (n, (f, src))) in names.iter().zip(&sources).enumerate() {
            match f {
                Some(f) => columns.push((i, *f)),
                None if n.is_empty() || *src != ColumnSource::None => {}
                None => ignored.push(n.clone()),
            }
        }
        let used = |m: &ColumnMap| {
            m.entries().iter().filter(|(h, _)| names.iter().any(|n| fold_header(n) == *h)).cloned().collect::<Vec<_>>()
        };
        let remembered_used = used(remembered);
        let mut entries = remembered_used.clone();
        entries.extend(used(user));
        // The user's entries come last and win; a remembered field the user moved is dropped.
        let mut mapping_entries: Vec<(String, Option<Field>)> = Vec::new();
        for (h, f) in entries.into_iter().rev() {
            let dup = mapping_entries.iter().any(|(g, e)| *g == h || (f.is_some() && *e == f));
            if !dup {
                mapping_entries.push((h, f));
            }
        }
        mapping_entries.reverse();
        let mapping = ColumnMap::new(mapping_entries).unwrap_or_default();
        Header { line, names, columns, ignored, sources, remembered: !remembered_used.is_empty(), mapping }
    }

    fn names_of(r: &RawRow) -> Vec<String> {
        r.cells.iter().map(|c| c.display().trim().to_string()).collect()
    }

    pub(super) fn has_sn(&self) -> bool {
        self.columns.iter().any(|(_, f)| *f == Field::Sn)
    }

    /// The key this header row is remembered under.
    pub(super) fn key(&self) -> String {
        header_key(&self.names)
    }
}

/// Finds the mapping remembered for a header row's key.
pub type Remembered<'a> = dyn FnMut(&str) -> Result<Option<ColumnMap>> + 'a;

/// What the first look found.
struct Probe {
    header: Header,
    /// Data rows (text files: counted exactly; workbooks: as declared).
    total: u64,
}

fn probe(
    path: &Path,
    format: Format,
    sheet_name: Option<&str>,
    user: &ColumnMap,
    remembered: &mut Remembered<'_>,
) -> Result<Probe> {
    let mut header: Option<Header> = None;
    let mut first_names: Option<Vec<String>> = None;
    let mut any_row = false;
    let mut seen = 0usize;
    let mut data_rows = 0u64;
    let exact = matches!(format, Format::Text(_));
    let too_many = || Error::TooManyRows { path: path.to_path_buf(), limit: MAX_ROWS };
    let info = for_each_row(path, format, sheet_name, |r| {
        if is_blank(&r) {
            return Ok(true);
        }
        if header.is_none() {
            seen += 1;
            let names = Header::names_of(&r);
            let mem = remembered(&header_key(&names))?.unwrap_or_default();
            let h = Header::from_names(r.line, names.clone(), user, &mem);
            first_names.get_or_insert(names);
            header = h.has_sn().then_some(h);
            any_row = true;
            // Give up looking for the header after the first few rows.
            return Ok(header.is_some() || seen < HEADER_SEARCH);
        }
        data_rows += 1;
        if data_rows > MAX_ROWS {
            return Err(too_many());
        }
        // A workbook is read once more by the import itself: one data row is enough here.
        Ok(exact)
    })?;
    let Some(header) = header else {
        // What the first rows held is not said: a file that is no spreadsheet can hold anything.
        return Err(if any_row {
            Error::NoSnColumn { path: path.to_path_buf(), headers: first_names.unwrap_or_default() }
        } else {
            Error::FileEmpty(path.to_path_buf())
        });
    };
    if data_rows == 0 {
        return Err(Error::NoDataRows { path: path.to_path_buf() });
    }
    let total = match info {
        Some(i) if !exact => i.declared_rows.saturating_sub(header.line).max(1),
        _ => data_rows,
    };
    Ok(Probe { header, total })
}

/// A file that passed the first look: its format and header are known, and it is worth a
/// backup and a transaction.
#[derive(Debug, Clone)]
pub struct Prepared {
    pub(super) path: std::path::PathBuf,
    pub(super) format: Format,
    pub(super) header: Header,
    pub(super) total: u64,
    /// The worksheet asked for (a workbook's first when `None`).
    pub(super) sheet: Option<String>,
}

impl Prepared {
    /// Data rows (exact for text files; as the sheet declares for workbooks).
    pub fn total(&self) -> u64 {
        self.total
    }

    /// The key the header row's mapping is remembered under.
    pub fn header_key(&self) -> String {
        self.header.key()
    }

    /// Whether a mapping remembered for this header row was used.
    pub fn remembered(&self) -> bool {
        self.header.remembered
    }

    /// Each header as written, with its field and where that came from.
    pub fn columns(&self) -> Vec<(String, Option<Field>, ColumnSource)> {
        self.header.names.iter().zip(&self.header.sources).map(|(n, (f, s))| (n.clone(), *f, *s)).collect()
    }
}

/// The first look at a file: refuses, before anything is written, what cannot be imported
/// (empty, header only, no SN column, garbage, over 200 MB, a damaged or bomb workbook, more than
/// a million rows, a sheet that does not exist).
pub fn prepare(path: &Path, sheet_name: Option<&str>) -> Result<Prepared> {
    prepare_mapped(path, sheet_name, &ColumnMap::default(), &mut |_| Ok(None))
}

/// [`prepare`] with the user's mapping laid over the header rules, and `remembered` asked for
/// the mapping remembered for each candidate header row ([`crate::store::Store::remembered_mapping`]).
/// `NoSnColumn` carries the first non-empty row's names, for the user to say which is the SN.
pub fn prepare_mapped(
    path: &Path,
    sheet_name: Option<&str>,
    user: &ColumnMap,
    remembered: &mut Remembered<'_>,
) -> Result<Prepared> {
    let format = detect(path)?;
    let Probe { header, total } = probe(path, format, sheet_name, user, remembered)?;
    Ok(Prepared { path: path.to_path_buf(), format, header, total, sheet: sheet_name.map(str::to_string) })
}
