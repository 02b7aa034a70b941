//! Excel workbooks (.xlsx) through `calamine`, cell by cell: the sheet is streamed, never loaded
//! whole. Before calamine sees the file, the zip directory is checked against decompression bombs
//! (a truncated file fails there too), and every XML part calamine reads is scanned as a byte
//! stream for what it would allocate or index from: cell references beyond Excel's grid, reversed
//! ranges, shared-string counts, and tags, text runs or cells too long to hold. calamine runs only
//! on files that pass, and under `catch_unwind` besides, with its panic message kept quiet.

use super::values::Cell;
use super::RawRow;
use crate::error::{Error, Result};
use calamine::{DataRef, Reader, Xlsx, XlsxError};
use std::fs::File;
use std::io::{BufReader, Read};
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
/// calamine buffers one XML event (a tag with its attributes, or a run of text) at a time.
const MAX_EVENT: usize = 1 << 20;
/// …and one cell (`<c>`) or shared string (`<si>`) whole, however many events it is made of.
const MAX_CELL: u64 = 1 << 20;
/// calamine reserves room for the declared number of shared strings up front.
const MAX_SHARED_COUNT: u64 = 4_000_000;
/// What the shared strings may take in memory: their text plus ~48 bytes of bookkeeping each.
const MAX_SHARED_MEMORY: u64 = 160 << 20;
const STRING_OVERHEAD: u64 = 48;
/// The small parts calamine reads whole into tables (relationships, workbook, styles, theme).
const MAX_SMALL_PART: u64 = 10 << 20;
/// Excel's grid: references beyond it are damage (calamine's arithmetic overflows on them).
const EXCEL_ROWS: u64 = 1_048_576;
const EXCEL_COLUMN_LETTERS: usize = 3;

fn damaged(path: &Path, detail: impl std::fmt::Display) -> Error {
    Error::SpreadsheetDamaged { path: path.to_path_buf(), detail: detail.to_string() }
}

/// A part's name as it may appear in a message: printable ASCII path characters only, short.
fn part_label(name: &str) -> String {
    let clean: String =
        name.chars().filter(|c| c.is_ascii_alphanumeric() || matches!(c, '/' | '.' | '_' | '-')).take(60).collect();
    if clean.is_empty() {
        "?".into()
    } else {
        clean
    }
}

/// What calamine said, in words that never quote the file.
fn calamine_detail(e: &XlsxError) -> &'static str {
    match e {
        XlsxError::Password => "password protected",
        XlsxError::Zip(_) | XlsxError::Io(_) => "zip archive unreadable",
        XlsxError::WorksheetNotFound(_) => "worksheet part missing",
        XlsxError::FileNotFound(_) => "workbook part missing",
        _ => "workbook XML unreadable",
    }
}

/// Checks the zip directory (complete, and no part that unpacks to too much), then scans the
/// XML parts calamine reads.
pub fn check_zip(path: &Path) -> Result<()> {
    let file = File::open(path)?;
    let mut zip = zip::ZipArchive::new(BufReader::new(file)).map_err(|_| damaged(path, "zip directory unreadable"))?;
    let too_big = |detail: String| Error::SpreadsheetTooBig { path: path.to_path_buf(), detail };
    let mut total: u64 = 0;
    let mut parts = Vec::new();
    for i in 0..zip.len() {
        let entry = zip.by_index_raw(i).map_err(|_| damaged(path, "zip directory unreadable"))?;
        let name = entry.name().map(|n| n.to_string()).unwrap_or_default();
        let (size, packed) = (entry.size(), entry.compressed_size());
        total = total.saturating_add(size);
        let label = part_label(&name);
        if size > MAX_ENTRY || (name.ends_with("sharedStrings.xml") && size > MAX_SHARED_STRINGS) {
            return Err(too_big(format!("{label}: {} MB", size >> 20)));
        }
        if size > (10 << 20) && size / packed.max(1) > MAX_RATIO {
            return Err(too_big(format!("{label}: {} MB packed into {} KB", size >> 20, packed >> 10)));
        }
        let kind = Part::of(&name);
        if matches!(kind, Part::Small) && size > MAX_SMALL_PART {
            return Err(too_big(format!("{label}: {} MB", size >> 20)));
        }
        if !matches!(kind, Part::Skip) {
            parts.push((i, kind, label));
        }
    }
    if total > MAX_TOTAL {
        return Err(too_big(format!("{} MB in all", total >> 20)));
    }
    for (i, kind, label) in parts {
        let entry = zip.by_index(i).map_err(|_| damaged(path, format!("{label}: unreadable")))?;
        scan_part(entry, kind).map_err(|p| p.into_error(path, &label))?;
    }
    Ok(())
}

/// How a part of the workbook is scanned.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Part {
    /// A worksheet: cell references checked, cells bounded; any size the zip check allows.
    Sheet,
    /// The shared strings: their count and what they take in memory bounded.
    SharedStrings,
    /// Relationships, workbook, styles, theme: bounded events, small.
    Small,
    /// What calamine does not read (drawings, charts, images…): not scanned.
    Skip,
}

impl Part {
    fn of(name: &str) -> Part {
        let lower = name.to_ascii_lowercase();
        if !(lower.ends_with(".xml") || lower.ends_with(".rels")) {
            return Part::Skip;
        }
        if lower.ends_with("sharedstrings.xml") {
            Part::SharedStrings
        } else if lower.contains("worksheets/") || lower.contains("chartsheets/") {
            Part::Sheet
        } else if lower.ends_with(".rels") || lower.contains("theme/") || lower.matches('/').count() <= 1 {
            // The package's and the workbook's own parts sit at most one folder deep.
            Part::Small
        } else {
            Part::Skip
        }
    }
}

/// What the scan refused.
#[derive(Debug)]
enum Refusal {
    Damaged(&'static str),
    TooBig(String),
    Unreadable,
}

impl Refusal {
    fn into_error(self, path: &Path, label: &str) -> Error {
        match self {
            Refusal::Damaged(what) => damaged(path, format!("{label}: {what}")),
            Refusal::TooBig(what) => {
                Error::SpreadsheetTooBig { path: path.to_path_buf(), detail: format!("{label}: {what}") }
            }
            Refusal::Unreadable => damaged(path, format!("{label}: unreadable")),
        }
    }
}

/// Streams one XML part through [`XmlScan`].
fn scan_part(mut r: impl Read, kind: Part) -> std::result::Result<(), Refusal> {
    let mut scan = XmlScan::new(kind);
    let mut buf = vec![0u8; 64 * 1024];
    loop {
        let n = match r.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(_) => return Err(Refusal::Unreadable),
        };
        scan.feed(&buf[..n])?;
    }
    scan.finish()
}

/// A byte-level look at an XML part: no tree, no strings kept beyond one tag (itself bounded).
struct XmlScan {
    kind: Part,
    in_tag: bool,
    quote: u8,
    tag: Vec<u8>,
    text_run: usize,
    pos: u64,
    /// Where the open `<c>` or `<si>` began.
    open_at: Option<u64>,
    strings: u64,
    string_bytes: u64,
}

impl XmlScan {
    fn new(kind: Part) -> XmlScan {
        XmlScan {
            kind,
            in_tag: false,
            quote: 0,
            tag: Vec::new(),
            text_run: 0,
            pos: 0,
            open_at: None,
            strings: 0,
            string_bytes: 0,
        }
    }

    fn feed(&mut self, bytes: &[u8]) -> std::result::Result<(), Refusal> {
        for &b in bytes {
            self.pos += 1;
            if self.in_tag {
                if self.quote != 0 {
                    if b == self.quote {
                        self.quote = 0;
                    }
                } else if b == b'"' || b == b'\'' {
                    self.quote = b;
                } else if b == b'>' {
                    self.in_tag = false;
                    self.end_tag()?;
                    continue;
                }
                if self.tag.len() >= MAX_EVENT {
                    return Err(Refusal::Damaged("tag too long"));
                }
                self.tag.push(b);
            } else if b == b'<' {
                self.in_tag = true;
                self.quote = 0;
                self.tag.clear();
                self.text_run = 0;
            } else {
                self.text_run += 1;
                if self.text_run > MAX_EVENT {
                    return Err(Refusal::Damaged("text too long"));
                }
            }
        }
        self.check_cell()
    }

    fn finish(&self) -> std::result::Result<(), Refusal> {
        if self.kind == Part::SharedStrings {
            let memory = self.string_bytes.saturating_add(self.strings.saturating_mul(STRING_OVERHEAD));
            if self.strings > MAX_SHARED_COUNT || memory > MAX_SHARED_MEMORY {
                return Err(Refusal::TooBig(format!("{} shared strings, about {} MB", self.strings, memory >> 20)));
            }
        }
        Ok(())
    }

    fn check_cell(&self) -> std::result::Result<(), Refusal> {
        match self.open_at {
            Some(at) if self.pos - at > MAX_CELL => Err(Refusal::Damaged("cell too long")),
            _ => Ok(()),
        }
    }

    /// One complete tag (the bytes between `<` and `>`).
    fn end_tag(&mut self) -> std::result::Result<(), Refusal> {
        let tag = std::mem::take(&mut self.tag);
        let result = self.look_at(&tag);
        self.tag = tag;
        result
    }

    fn look_at(&mut self, tag: &[u8]) -> std::result::Result<(), Refusal> {
        let (closing, body) = match tag.first() {
            Some(b'/') => (true, &tag[1..]),
            Some(b'!' | b'?') | None => return Ok(()),
            Some(_) => (false, tag),
        };
        let name_end = body.iter().position(|b| b.is_ascii_whitespace() || *b == b'/').unwrap_or(body.len());
        let name = &body[..name_end];
        let local = name.rsplit(|b| *b == b':').next().unwrap_or(name);
        let self_closing = tag.last() == Some(&b'/');
        let tracked = match self.kind {
            Part::Sheet => local == b"c",
            Part::SharedStrings => local == b"si",
            _ => false,
        };
        if tracked {
            self.check_cell()?;
            let start = self.pos - tag.len() as u64 - 2;
            if closing {
                if let Some(at) = self.open_at.take() {
                    if self.kind == Part::SharedStrings {
                        self.string_bytes = self.string_bytes.saturating_add(self.pos - at);
                    }
                }
            } else {
                if self.kind == Part::SharedStrings {
                    self.strings += 1;
                    if self.strings > MAX_SHARED_COUNT {
                        return Err(Refusal::TooBig(format!("more than {MAX_SHARED_COUNT} shared strings")));
                    }
                }
                self.open_at = (!self_closing).then_some(start);
            }
        }
        if closing {
            return Ok(());
        }
        match (self.kind, local) {
            (Part::Sheet, b"c" | b"row") => {
                if let Some(v) = attr(&body[name_end..], b"r") {
                    reference(v).ok_or(Refusal::Damaged("cell reference out of range"))?;
                }
            }
            (Part::Sheet, b"dimension" | b"mergeCell" | b"f" | b"selection" | b"hyperlink") => {
                for key in [&b"ref"[..], b"sqref"] {
                    if let Some(v) = attr(&body[name_end..], key) {
                        check_ranges(v)?;
                    }
                }
            }
            (Part::SharedStrings, b"sst") => {
                for key in [&b"count"[..], b"uniqueCount"] {
                    if let Some(v) = attr(&body[name_end..], key) {
                        let n = std::str::from_utf8(v).ok().and_then(|s| s.trim().parse::<u64>().ok());
                        if n.is_none_or(|n| n > MAX_SHARED_COUNT) {
                            return Err(Refusal::TooBig("shared string count out of range".into()));
                        }
                    }
                }
            }
            _ => {}
        }
        Ok(())
    }
}

/// The value of attribute `key` (without prefix) in the attribute bytes of a tag.
fn attr<'t>(mut s: &'t [u8], key: &[u8]) -> Option<&'t [u8]> {
    loop {
        let start = s.iter().position(|b| !b.is_ascii_whitespace() && *b != b'/')?;
        s = &s[start..];
        let eq = s.iter().position(|b| *b == b'=')?;
        let name = s[..eq].trim_ascii();
        s = s[eq + 1..].trim_ascii_start();
        let q = *s.first()?;
        if q != b'"' && q != b'\'' {
            return None;
        }
        let end = s[1..].iter().position(|b| *b == q)?;
        let value = &s[1..1 + end];
        s = &s[end + 2..];
        if name == key {
            return Some(value);
        }
    }
}

/// A cell or row reference (`A1`, `$B$7`, `12`): its row (1-based) and column (1-based), each
/// if present; `None` when it lies outside Excel's grid or is not a reference at all.
fn reference(v: &[u8]) -> Option<(Option<u64>, Option<u64>)> {
    let v: Vec<u8> = v.iter().copied().filter(|b| *b != b'$').collect();
    let letters = v.iter().take_while(|b| b.is_ascii_alphabetic()).count();
    let digits = &v[letters..];
    if letters > EXCEL_COLUMN_LETTERS || digits.len() > 7 || !digits.iter().all(u8::is_ascii_digit) {
        return None;
    }
    let col = (letters > 0)
        .then(|| v[..letters].iter().fold(0u64, |c, b| c * 26 + u64::from(b.to_ascii_uppercase() - b'A') + 1));
    let row = (!digits.is_empty()).then(|| digits.iter().fold(0u64, |r, b| r * 10 + u64::from(b - b'0')));
    if row.is_some_and(|r| r > EXCEL_ROWS) {
        return None;
    }
    Some((row, col))
}

/// A list of ranges (`A1:C5 E7`): every end inside the grid, no range reversed.
fn check_ranges(v: &[u8]) -> std::result::Result<(), Refusal> {
    for range in v.split(|b| b.is_ascii_whitespace()).filter(|r| !r.is_empty()) {
        let mut ends = range.split(|b| *b == b':');
        let first = ends.next().and_then(reference).ok_or(Refusal::Damaged("range out of range"))?;
        let second = match ends.next() {
            Some(e) => reference(e).ok_or(Refusal::Damaged("range out of range"))?,
            None => first,
        };
        if ends.next().is_some() {
            return Err(Refusal::Damaged("range unreadable"));
        }
        let reversed = |a: Option<u64>, b: Option<u64>| matches!((a, b), (Some(a), Some(b)) if a > b);
        if reversed(first.0, second.0) || reversed(first.1, second.1) {
            return Err(Refusal::Damaged("range reversed"));
        }
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

thread_local! {
    /// Set while calamine runs on this thread: its panics are caught, and not printed.
    static QUIET: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Runs `f` (a call into calamine) so that a panic inside it becomes `None`. The guards of
/// [`check_zip`] are what keep calamine from panicking; this is the belt besides them.
fn guarded<T>(f: impl FnOnce() -> T) -> Option<T> {
    static HOOK: std::sync::Once = std::sync::Once::new();
    HOOK.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if !QUIET.with(std::cell::Cell::get) {
                previous(info);
            }
        }));
    });
    QUIET.with(|q| q.set(true));
    let out = std::panic::catch_unwind(std::panic::AssertUnwindSafe(f));
    QUIET.with(|q| q.set(false));
    out.ok()
}

/// Streams the rows of the chosen sheet (the first one unless `sheet` names another) to `f`,
/// which may stop early by returning `Ok(false)`. `max_rows` guards against endless sheets.
pub fn for_each_row(
    path: &Path,
    sheet: Option<&str>,
    max_rows: u64,
    mut f: impl FnMut(&SheetInfo, RawRow) -> Result<bool>,
) -> Result<SheetInfo> {
    let crashed = || damaged(path, "workbook XML unreadable");
    let file = BufReader::with_capacity(64 * 1024, File::open(path)?);
    let mut wb: Xlsx<_> =
        guarded(|| Xlsx::new(file)).ok_or_else(crashed)?.map_err(|e| damaged(path, calamine_detail(&e)))?;
    let names = wb.sheet_names();
    let printable = |s: &str| s.chars().filter(|c| !c.is_control()).collect::<String>();
    let name = match sheet {
        Some(s) => names.iter().find(|n| n.trim() == s.trim()).cloned().ok_or_else(|| Error::SheetNotFound {
            name: printable(s),
            available: names.iter().map(|n| printable(n)).collect::<Vec<_>>().join(", "),
        })?,
        None => names.first().cloned().ok_or_else(|| damaged(path, "no worksheet"))?,
    };
    let mut cells = guarded(|| wb.worksheet_cells_reader(&name))
        .ok_or_else(crashed)?
        .map_err(|e| damaged(path, calamine_detail(&e)))?;
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
        let next = guarded(|| cells.next_cell().map(|c| c.map(|c| (c.get_position(), cell_of(c.get_value().clone())))))
            .ok_or_else(crashed)?
            .map_err(|e| damaged(path, calamine_detail(&e)))?;
        let pos = next.as_ref().map(|c| c.0);
        // A new row (or the end): hand over the row collected so far.
        if let Some(r) = row_index {
            if pos.map(|p| p.0) != Some(r) {
                let line = u64::from(r) + 1;
                if !f(&info, RawRow { line, cells: std::mem::take(&mut row) })? {
                    return Ok(info);
                }
            }
        }
        let Some(((r, col), value)) = next else { return Ok(info) };
        if u64::from(r) > max_rows + 100 {
            return Err(too_many());
        }
        row_index = Some(r);
        let col = usize::try_from(col).unwrap_or(usize::MAX);
        if col < MAX_COLUMNS {
            if row.len() <= col {
                row.resize(col + 1, Cell::Empty);
            }
            row[col] = value;
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::panic)]
    use super::*;

    #[test]
    fn references_inside_the_grid_only() {
        assert_eq!(reference(b"A1"), Some((Some(1), Some(1))));
        assert_eq!(reference(b"$XFD$1048576"), Some((Some(1_048_576), Some(16_384))));
        assert_eq!(reference(b"12"), Some((Some(12), None)));
        assert_eq!(reference(b"A1048577"), None);
        assert_eq!(reference(b"AAAA1"), None);
        assert_eq!(reference(b"A4000000000"), None);
        assert_eq!(reference("Ａ1".as_bytes()), None);
        assert!(check_ranges(b"A1:C5 E7").is_ok());
        assert!(check_ranges(b"B5:A1").is_err());
        assert!(check_ranges(b"A5:B1").is_err());
        assert!(check_ranges(b"A1:B2:C3").is_err());
    }

    #[test]
    fn attributes_are_found_by_name() {
        let tag = br#" ref="A1:B2" r:id='rId1' r="C3""#;
        assert_eq!(attr(tag, b"ref"), Some(&b"A1:B2"[..]));
        assert_eq!(attr(tag, b"r"), Some(&b"C3"[..]));
        assert_eq!(attr(tag, b"s"), None);
    }

    #[test]
    fn a_panic_inside_the_guard_is_caught() {
        assert_eq!(guarded(|| 7), Some(7));
        assert_eq!(guarded(|| -> u8 { panic!("inside calamine") }), None);
    }

    #[test]
    fn shared_strings_are_counted_and_measured() {
        let many = format!("<sst>{}</sst>", "<si><t>x</t></si>".repeat(1000));
        assert!(scan_part(many.as_bytes(), Part::SharedStrings).is_ok());
        let declared = r#"<sst count="10" uniqueCount="4000000001"><si><t>x</t></si></sst>"#;
        assert!(matches!(scan_part(declared.as_bytes(), Part::SharedStrings), Err(Refusal::TooBig(_))));
        let long = format!("<sst><si>{}</si></sst>", "<r><t>abcdefgh</t></r>".repeat(60_000));
        assert!(matches!(scan_part(long.as_bytes(), Part::SharedStrings), Err(Refusal::Damaged("cell too long"))));
    }
}
