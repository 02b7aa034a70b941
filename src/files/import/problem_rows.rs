//! The rows an import could not take, saved as a spreadsheet to fix (issue 10): each such row of
//! the source file with its cells as read, and a last column saying what is wrong with it. Fixed
//! and imported again, the extra column is listed as unused and the rows go in.

use super::first_look::{for_each_row, Prepared};
use super::report::Problem;
use super::{all_problems, ImportOptions};
use crate::error::{Error, Result};
use crate::files::export::{csv_cell, write_atomically};
use crate::i18n::Lang;
use crate::store::Store;
use std::collections::BTreeMap;
use std::io::{BufWriter, Write};
use std::path::Path;

/// Writes every row of `prepared` that an import into `store` with `opts` would not take (found
/// by a dry run that writes nothing; all of them, not only the ones a report lists) to `out`
/// (.xlsx by its extension, else CSV with BOM), in file order: the file's header and the row's
/// cells as read, then a 问题 column with each problem (`列：原因`, joined by `；`), in
/// `opts.lang`. `out` is checked as every export is (never the database or a backup). Returns
/// the number of rows written.
pub fn save_problem_rows(store: &mut Store, prepared: &Prepared, opts: &ImportOptions, out: &Path) -> Result<u64> {
    let problems = all_problems(store, prepared, opts)?;
    write_problem_rows(store.path(), prepared, &problems, out, opts.lang)
}

fn write_problem_rows(db: &Path, prepared: &Prepared, problems: &[Problem], out: &Path, lang: Lang) -> Result<u64> {
    let mut why: BTreeMap<u64, Vec<String>> = BTreeMap::new();
    let sep = lang.pick("：", "：", ": ");
    for p in problems {
        let text = match &p.column {
            Some(c) => format!("{c}{sep}{}", p.reason),
            None => p.reason.clone(),
        };
        why.entry(p.line).or_default().push(text);
    }
    let header = &prepared.header;
    let mut rows: Vec<Vec<String>> = Vec::with_capacity(why.len() + 1);
    let mut head = header.names.clone();
    head.push(lang.pick("问题", "問題", "Problem").to_string());
    rows.push(head);
    for_each_row(&prepared.path, prepared.format, prepared.sheet.as_deref(), |r| {
        if let Some(reasons) = why.get(&r.line).filter(|_| r.line > header.line) {
            let mut cells: Vec<String> = r.cells.iter().map(|c| c.display()).collect();
            // Every row as wide as the header, so the reasons stay in their own column.
            cells.resize(header.names.len().max(cells.len()), String::new());
            cells.push(reasons.join(lang.pick("；", "；", "; ")));
            rows.push(cells);
        }
        Ok(true)
    })?;
    let xlsx = out.extension().is_some_and(|e| e.eq_ignore_ascii_case("xlsx"));
    write_atomically(db, out, |tmp| if xlsx { write_xlsx(tmp, &rows, lang) } else { write_csv(tmp, &rows) })?;
    Ok(rows.len().saturating_sub(1) as u64)
}

fn write_csv(tmp: &Path, rows: &[Vec<String>]) -> Result<()> {
    let mut w = BufWriter::new(std::fs::File::create(tmp)?);
    w.write_all("\u{FEFF}".as_bytes())?;
    let mut csv = csv::WriterBuilder::new().flexible(true).terminator(csv::Terminator::CRLF).from_writer(w);
    for r in rows {
        csv.write_record(r.iter().map(|c| csv_cell(c).into_owned())).map_err(|e| Error::Io(e.into()))?;
    }
    let w = csv.into_inner().map_err(|e| Error::Io(e.into_error()))?;
    w.into_inner().map_err(|e| Error::Io(e.into_error()))?.sync_all()?;
    Ok(())
}

/// Every cell as text (long numbers stay whole, nothing is a formula), the header bold and frozen.
fn write_xlsx(tmp: &Path, rows: &[Vec<String>], lang: Lang) -> Result<()> {
    use rust_xlsxwriter::{Format, Workbook, XlsxError};
    let x = |e: XlsxError| Error::SpreadsheetWrite(e.to_string());
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name(lang.pick("要改正的行", "要改正的列", "Rows to fix")).map_err(x)?;
    let bold = Format::new().set_bold();
    let text = Format::new().set_num_format("@");
    for (r, row) in rows.iter().enumerate() {
        // Past a sheet's limits (rows are far fewer: an import takes at most a million), the
        // writer's own error.
        let r = u32::try_from(r).map_err(|_| x(XlsxError::RowColumnLimitError))?;
        for (c, v) in row.iter().enumerate() {
            let c = u16::try_from(c).map_err(|_| x(XlsxError::RowColumnLimitError))?;
            ws.write_string_with_format(r, c, v, if r == 0 { &bold } else { &text }).map_err(x)?;
        }
    }
    ws.set_freeze_panes(1, 0).map_err(x)?;
    wb.save(tmp).map_err(x)?;
    Ok(())
}
