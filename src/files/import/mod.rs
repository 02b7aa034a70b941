//! Spreadsheet import (SPEC §5): one row per terminal with its SIM card and deposit, upserted by
//! SN in one transaction, after a backup.
//!
//! The file is read twice at most and never held whole: a first look finds the header and
//! refuses what cannot be imported (empty, header only, no SN column, garbage, too big, too many
//! rows) before anything is written; then the rows stream through the upsert. Every cell is
//! checked; each problem is reported with its line, column, value and reason. Without
//! `skip_invalid`, one bad row means the transaction is rolled back; a dry run always rolls back,
//! so its counts are exactly what the import would do.

mod apply;
mod first_look;
pub mod mapping;
mod preview;
mod problem_rows;
pub mod report;
mod sheet;
mod stage;
mod text;
pub mod values;

use first_look::{for_each_row, is_blank, Format, Header};
pub use first_look::{prepare, prepare_mapped, Prepared, Remembered};
pub use mapping::{ColumnMap, ColumnSource};
pub use preview::{preview, preview_prepared, ImportPreview, PreviewColumn, PreviewRow, PREVIEW_ROWS};
pub use problem_rows::save_problem_rows;
pub use report::{ImportReport, Problem, Reason};

use crate::error::{Error, Result};
use crate::files::backup::{self, BackupReason};
use crate::files::fields::Field;
use crate::i18n::Lang;
use crate::store::{import_mappings, import_rows, Store};
use chrono::{NaiveDate, NaiveDateTime};
use std::collections::HashMap;
use std::path::Path;
use values::Cell;

/// Files larger than this are refused before they are read.
pub const MAX_FILE_BYTES: u64 = 200 * 1000 * 1000;
/// Sheets with more data rows than this are refused.
pub const MAX_ROWS: u64 = 1_000_000;
/// The header is looked for in this many first non-empty rows (title rows above it are common).
const HEADER_SEARCH: usize = 10;

/// One row as read from a file: its line (1-based) and cells.
#[derive(Debug, Clone)]
pub struct RawRow {
    pub line: u64,
    pub cells: Vec<Cell>,
}

/// How to import.
#[derive(Debug, Clone)]
pub struct ImportOptions {
    /// Report what would happen; write nothing.
    pub dry_run: bool,
    /// Write the good rows and list the bad ones, instead of writing nothing.
    pub skip_invalid: bool,
    /// The worksheet of an .xlsx file (default: the first).
    pub sheet: Option<String>,
    /// The language of the reasons in the report.
    pub lang: Lang,
    /// The local date: a SIM card's installation date in its terminal's history.
    pub today: NaiveDate,
    /// The local time, for the name of the backup taken first.
    pub now: NaiveDateTime,
}

/// Imports `path` into the store: [`prepare_in`], then [`import_prepared`].
pub fn import_file(
    store: &mut Store,
    path: &Path,
    opts: &ImportOptions,
    progress: &mut dyn FnMut(u64, u64),
) -> Result<ImportReport> {
    let prepared = prepare_in(store, path, opts.sheet.as_deref(), &ColumnMap::default())?;
    import_prepared(store, &prepared, opts, progress)
}

/// [`prepare_mapped`] with the mappings this store remembers: the user's mapping `user` first,
/// then the one remembered for the file's header row, then the header rules.
pub fn prepare_in(store: &Store, path: &Path, sheet: Option<&str>, user: &ColumnMap) -> Result<Prepared> {
    prepare_mapped(path, sheet, user, &mut |key| Ok(store.remembered_mapping(key)?.map(|j| ColumnMap::from_json(&j))))
}

/// Imports a prepared file. `progress(done, total)` is called as rows are processed (the total
/// of a workbook is the row count it declares). Returns the report; rows with problems are in
/// it, and `committed` says whether anything was written: the caller decides how to present a
/// refusal (the CLI exits 1 when rows were invalid and `skip_invalid` was not given).
///
/// The write lock is held only while rows are written: the file is read and every row checked
/// first (staged in a temporary file), then one transaction applies them, checking again what
/// depends on the database (which may have changed meanwhile). A dry run, or an import already
/// refused for its rows, applies them to a private copy of the database instead, so its counts
/// and problems are exactly the import's and the real file is never locked for writing.
pub fn import_prepared(
    store: &mut Store,
    prepared: &Prepared,
    opts: &ImportOptions,
    progress: &mut dyn FnMut(u64, u64),
) -> Result<ImportReport> {
    import_listing(store, prepared, opts, report::MAX_LISTED, progress)
}

/// [`import_prepared`], listing at most `listed` problems (the others are counted).
fn import_listing(
    store: &mut Store,
    prepared: &Prepared,
    opts: &ImportOptions,
    listed: usize,
    progress: &mut dyn FnMut(u64, u64),
) -> Result<ImportReport> {
    store.unmapped(|store| import_unmapped(store, prepared, opts, listed, progress))
}

/// Every problem an import of `prepared` would find (a dry run of it that lists them all), in
/// line order. They are bounded by the import's own row limit ([`MAX_ROWS`] rows, each with at
/// most one problem per mapped column and one for the row); only rows with problems are held.
pub(crate) fn all_problems(store: &mut Store, prepared: &Prepared, opts: &ImportOptions) -> Result<Vec<Problem>> {
    let opts = ImportOptions { dry_run: true, skip_invalid: true, ..opts.clone() };
    Ok(import_listing(store, prepared, &opts, usize::MAX, &mut |_, _| {})?.problems)
}

fn import_unmapped(
    store: &mut Store,
    prepared: &Prepared,
    opts: &ImportOptions,
    listed: usize,
    progress: &mut dyn FnMut(u64, u64),
) -> Result<ImportReport> {
    let Prepared { format, header, total, .. } = prepared;
    let (format, total) = (*format, *total);
    let mut report = ImportReport {
        dry_run: opts.dry_run,
        format: match format {
            Format::Text(k) => k.format().into(),
            Format::Xlsx => "xlsx".into(),
        },
        encoding: match format {
            Format::Text(k) => Some(k.encoding.name().to_string()),
            Format::Xlsx => None,
        },
        ignored_columns: header.ignored.clone(),
        ..ImportReport::default()
    };
    if !opts.dry_run {
        let b = backup::backup_before(store, BackupReason::Import, opts.now)?;
        report.backup = Some(b.display().to_string());
    }
    progress(0, total);
    let mut staging = stage::Staging::new()?;
    let read = read_rows(prepared, opts, listed, progress, &mut staging)?;
    report.sheet = read.sheet;
    report.rows = read.rows;
    report.invalid = read.invalid;
    let rows = read.rows;
    let refused_already = read.invalid > 0 && !opts.skip_invalid;
    let applied;
    if opts.dry_run || refused_already {
        let mut snap = import_rows::Snapshot::of(store, stage::temp_path("dry-run"))?;
        let conn = snap.conn_mut();
        import_rows::ready_for_import(conn, false)?;
        let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        applied = apply_rows(&tx, &mut staging, header, rows, opts, listed, progress)?;
        tx.rollback()?;
    } else {
        import_rows::ready_for_import(store.conn(), true)?;
        let skip_invalid = opts.skip_invalid;
        applied = store.with_tx_or_rollback(|tx| {
            let applied = apply_rows(tx, &mut staging, header, rows, opts, listed, progress)?;
            // Rows the database refused (it may have changed since the file was read) refuse
            // the whole import as rows refused by the file do.
            let commit = applied.invalid == 0 || skip_invalid;
            // The mapping used is remembered for the next file with these headers (SPEC §5).
            if commit && !header.mapping.is_empty() {
                let at = opts.now.format("%Y-%m-%dT%H:%M:%S").to_string();
                import_mappings::save(tx, &header.key(), &header.mapping.to_json(), &at)?;
            }
            Ok((applied, commit))
        })?;
        report.committed = applied.invalid == 0 || skip_invalid;
    }
    progress(rows, rows);
    report.new = applied.new;
    report.updated = applied.updated;
    report.unchanged = applied.unchanged;
    report.invalid += applied.invalid;
    // The two passes found problems on different rows (each list in line order, each cut at
    // the same length): merged by line, they are what one pass would have listed.
    let mut problems = read.problems;
    problems.extend(applied.problems);
    problems.sort_by_key(|p| p.line);
    let kept = problems.len().min(listed);
    report.problems_not_listed =
        read.problems_not_listed + applied.problems_not_listed + (problems.len() - kept) as u64;
    problems.truncate(kept);
    report.problems = problems;
    report.warnings = applied.warnings;
    Ok(report)
}

/// What reading the file found.
struct FileRows {
    sheet: Option<String>,
    rows: u64,
    invalid: u64,
    problems: Vec<Problem>,
    problems_not_listed: u64,
}

/// Reads every data row, checks what needs no database (each cell; SN and ICCID not repeated in
/// the file) and stages the rows that pass. Takes no lock.
fn read_rows(
    prepared: &Prepared,
    opts: &ImportOptions,
    listed: usize,
    progress: &mut dyn FnMut(u64, u64),
    staging: &mut stage::Staging,
) -> Result<FileRows> {
    let Prepared { path, format, header, total, .. } = prepared;
    let (path, format, total) = (path.as_path(), *format, *total);
    let mut found = ImportReport::default();
    let mut rows = 0u64;
    let mut in_data = false;
    let mut sn_lines = Seen::default();
    let mut iccid_lines = Seen::default();
    let info = for_each_row(path, format, opts.sheet.as_deref(), |r| {
        if !in_data {
            in_data = r.line == header.line;
            return Ok(true);
        }
        if is_blank(&r) {
            return Ok(true);
        }
        rows += 1;
        if rows > MAX_ROWS {
            return Err(Error::TooManyRows { path: path.to_path_buf(), limit: MAX_ROWS });
        }
        if let Some(staged) = check_row(header, &r, &mut found, &mut sn_lines, &mut iccid_lines, opts.lang, listed) {
            staging.push(&staged)?;
        }
        if rows.is_multiple_of(1000) {
            progress(rows / 2, total.max(rows));
        }
        Ok(true)
    })?;
    Ok(FileRows {
        sheet: info.map(|i| i.name),
        rows,
        invalid: found.invalid,
        problems: found.problems,
        problems_not_listed: found.problems_not_listed,
    })
}

/// What applying the staged rows did.
#[derive(Default)]
struct Applied {
    new: u64,
    updated: u64,
    unchanged: u64,
    invalid: u64,
    problems: Vec<Problem>,
    problems_not_listed: u64,
    warnings: Vec<Problem>,
}

/// Upserts the staged rows in the transaction `tx` (the real one, or one on a private copy),
/// checking what depends on the database; a large import rebuilds the secondary indexes after.
fn apply_rows(
    tx: &rusqlite::Connection,
    staging: &mut stage::Staging,
    header: &Header,
    rows: u64,
    opts: &ImportOptions,
    listed: usize,
    progress: &mut dyn FnMut(u64, u64),
) -> Result<Applied> {
    let rebuilt = import_rows::drop_secondary_indexes(tx, staging.rows())?;
    let mut state = apply::Upsert::new(tx, opts.today)?;
    let mut report = ImportReport::default();
    let mut done = 0u64;
    staging.for_each(|staged| {
        apply_row(header, &staged, &mut state, &mut report, opts.lang, listed)?;
        done += 1;
        if done.is_multiple_of(1000) {
            progress((rows + done) / 2, rows);
        }
        Ok(())
    })?;
    drop(state);
    import_rows::rebuild_indexes(tx, &rebuilt)?;
    Ok(Applied {
        new: report.new,
        updated: report.updated,
        unchanged: report.unchanged,
        invalid: report.invalid,
        problems: report.problems,
        problems_not_listed: report.problems_not_listed,
        warnings: report.warnings,
    })
}

/// The SNs (or ICCIDs) of the file seen so far, with the line each was first on. Kept as 128-bit
/// hashes under keys chosen at random for each import rather than as strings: a million take
/// ~40 MB instead of ~150, and no file can be made to collide with keys it cannot know.
#[derive(Default)]
struct Seen {
    keys: (std::hash::RandomState, std::hash::RandomState),
    lines: HashMap<u128, u64>,
}

impl Seen {
    fn first_line(&mut self, value: &str, line: u64) -> u64 {
        use std::hash::BuildHasher;
        let key = (u128::from(self.keys.0.hash_one(value)) << 64) | u128::from(self.keys.1.hash_one(value));
        *self.lines.entry(key).or_insert(line)
    }
}

/// A row's problems: the column (index in the row) and why.
type RowProblems = Vec<(Option<usize>, Reason)>;

/// Reads one data row's mapped cells with the import's own checks: the values as they would be
/// stored, and what is wrong with it (the cells, a missing SN, an SN or ICCID already seen in
/// the file). The preview shows the same values the import stages.
fn read_row(header: &Header, r: &RawRow, sn_lines: &mut Seen, iccid_lines: &mut Seen) -> (apply::RowData, RowProblems) {
    let mut problems: RowProblems = Vec::new();
    let mut row = apply::RowData::default();
    for &(i, field) in &header.columns {
        let cell = r.cells.get(i).unwrap_or(&Cell::Empty);
        if cell.is_empty() {
            continue;
        }
        if let Err(reason) = row.set(field, cell) {
            problems.push((Some(i), reason));
        }
    }
    // A deposit of 0 means the terminal has none (SPEC §5): no deposit row, whatever its deadline.
    if row.deposit_amount == Some(0) {
        row.deposit_amount = None;
        row.deposit_deadline = None;
    }
    let sn_col = header.columns.iter().find(|(_, f)| *f == Field::Sn).map(|(i, _)| *i);
    let iccid_col = header.columns.iter().find(|(_, f)| *f == Field::Iccid).map(|(i, _)| *i);
    match &row.sn {
        None if !problems.iter().any(|(c, _)| *c == sn_col) => problems.push((sn_col, Reason::MissingSn)),
        None => {}
        Some(sn) => {
            let first = sn_lines.first_line(&sn.to_lowercase(), r.line);
            if first != r.line {
                problems.push((sn_col, Reason::DuplicateSn { first_line: first }));
            }
        }
    }
    if let Some(iccid) = &row.iccid {
        let first = iccid_lines.first_line(iccid, r.line);
        if first != r.line {
            problems.push((iccid_col, Reason::DuplicateIccid { first_line: first }));
        }
    }
    (row, problems)
}

/// Parses and checks one data row without the database: the row to stage, or `None` with its
/// problems recorded (in `lang`, at most `listed` of them listed).
fn check_row(
    header: &Header,
    r: &RawRow,
    report: &mut ImportReport,
    sn_lines: &mut Seen,
    iccid_lines: &mut Seen,
    lang: Lang,
    listed: usize,
) -> Option<stage::StagedRow> {
    let (row, problems) = read_row(header, r, sn_lines, iccid_lines);
    let shown = |i: usize| r.cells.get(i).map(Cell::display).unwrap_or_default();
    if problems.is_empty() {
        return Some(stage::StagedRow {
            line: r.line,
            row,
            shown: header.columns.iter().map(|(i, _)| shown(*i)).collect(),
        });
    }
    report.invalid += 1;
    for (col, reason) in problems {
        report.push_problem(problem(header, r.line, col, col.map(shown), &reason, lang), listed);
    }
    None
}

/// Upserts one staged row, recording its outcome, or the problems the database found with it.
fn apply_row(
    header: &Header,
    staged: &stage::StagedRow,
    state: &mut apply::Upsert<'_>,
    report: &mut ImportReport,
    lang: Lang,
    listed: usize,
) -> Result<()> {
    let col_of = |field: Field| header.columns.iter().position(|(_, f)| *f == field);
    let at = |k: Option<usize>| {
        let col = k.and_then(|k| header.columns.get(k)).map(|(i, _)| *i);
        (col, k.map(|k| staged.shown.get(k).cloned().unwrap_or_default()))
    };
    match state.apply(&staged.row)? {
        Ok((outcome, warnings)) => {
            match outcome {
                apply::Outcome::New => report.new += 1,
                apply::Outcome::Updated => report.updated += 1,
                apply::Outcome::Unchanged => report.unchanged += 1,
            }
            for (field, w) in warnings {
                let (col, value) = at(col_of(field));
                report.push_warning(problem(header, staged.line, col, value, &w, lang));
            }
        }
        Err(found) => {
            report.invalid += 1;
            for (field, reason) in found {
                let (col, value) = at(col_of(field));
                report.push_problem(problem(header, staged.line, col, value, &reason, lang), listed);
            }
        }
    }
    Ok(())
}

fn problem(
    header: &Header,
    line: u64,
    col: Option<usize>,
    value: Option<String>,
    reason: &Reason,
    lang: Lang,
) -> Problem {
    Problem {
        line,
        column: col.and_then(|i| header.names.get(i).cloned()),
        value,
        code: reason.code().to_string(),
        reason: reason.message(lang),
    }
}
