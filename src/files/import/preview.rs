//! The import's preview (SPEC §5): each header with its field and where that came from, the
//! first rows as they will be stored, and the dry run's counts and problems. The values are read
//! by the import's own cell checks ([`super::read_row`]) and the problems are the dry run's, so
//! what the preview shows is what the import then does.

use super::first_look::{for_each_row, is_blank, Header};
use super::mapping::{header_key, ColumnMap, ColumnSource};
use super::report::{ImportReport, Problem};
use super::{apply::RowData, import_prepared, prepare_in, read_row, ImportOptions, Prepared, Seen};
use crate::domain::values::{add_months, format_yuan};
use crate::error::{Error, Result};
use crate::files::fields::Field;
use crate::store::Store;
use serde::{Deserialize, Serialize};
use std::path::Path;

/// Rows a preview shows.
pub const PREVIEW_ROWS: usize = 20;

/// One header of the file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct PreviewColumn {
    /// As written in the file.
    pub name: String,
    /// The field it is imported into; `None`: not imported.
    pub field: Option<Field>,
    pub source: ColumnSource,
}

/// One data row as it will be stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct PreviewRow {
    /// Line of a text file or row of a sheet, 1-based.
    pub line: u64,
    /// One value per field of [`ImportPreview::fields`], as stored: dates ISO, kinds, statuses and
    /// carriers as their codes, money in yuan with two decimals; `None`: empty (nothing changes).
    pub values: Vec<Option<String>>,
    /// What keeps the row out, and warnings (the dry run's, for this line).
    pub problems: Vec<Problem>,
}

/// What a file would import.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ImportPreview {
    /// Every header of the header row, with its field.
    pub columns: Vec<PreviewColumn>,
    /// The stored fields the rows show, in the file's column order (warranty months are shown
    /// as the warranty end they make).
    pub fields: Vec<Field>,
    pub rows: Vec<PreviewRow>,
    /// Whether a mapping remembered for these headers was used.
    pub remembered: bool,
    /// No column is the SN: `columns` are the first row's, for the user to say which one is.
    pub no_sn_column: bool,
    /// The dry run's counts and problems (`None` without an SN column).
    pub report: Option<ImportReport>,
}

/// Previews the import of `path` with the mapping `user` (over the remembered one and the rules):
/// a dry run (nothing written) and the first `max_rows` data rows as they will be stored.
pub fn preview(
    store: &mut Store,
    path: &Path,
    opts: &ImportOptions,
    user: &ColumnMap,
    max_rows: usize,
) -> Result<ImportPreview> {
    let prepared = match prepare_in(store, path, opts.sheet.as_deref(), user) {
        Ok(p) => p,
        Err(Error::NoSnColumn { headers, .. }) => {
            let remembered =
                store.remembered_mapping(&header_key(&headers))?.map(|j| ColumnMap::from_json(&j)).unwrap_or_default();
            let header = Header::from_names(0, headers, user, &remembered);
            return Ok(ImportPreview {
                columns: columns_of(&header),
                fields: Vec::new(),
                rows: Vec::new(),
                remembered: header.remembered,
                no_sn_column: true,
                report: None,
            });
        }
        Err(e) => return Err(e),
    };
    preview_prepared(store, &prepared, opts, max_rows)
}

/// [`preview`] of a file already prepared (with its mapping).
pub fn preview_prepared(
    store: &mut Store,
    prepared: &Prepared,
    opts: &ImportOptions,
    max_rows: usize,
) -> Result<ImportPreview> {
    let dry = ImportOptions { dry_run: true, ..opts.clone() };
    let report = import_prepared(store, prepared, &dry, &mut |_, _| {})?;
    let rows = first_rows(prepared, opts, &report, max_rows)?;
    Ok(ImportPreview {
        columns: columns_of(&prepared.header),
        fields: shown_fields(&prepared.header),
        rows,
        remembered: prepared.header.remembered,
        no_sn_column: false,
        report: Some(report),
    })
}

fn columns_of(header: &Header) -> Vec<PreviewColumn> {
    header
        .names
        .iter()
        .zip(&header.sources)
        .map(|(n, (f, s))| PreviewColumn { name: n.clone(), field: *f, source: *s })
        .collect()
}

/// The mapped fields in column order; warranty months become the warranty end (unless that has
/// its own column), since the end is what is stored.
fn shown_fields(header: &Header) -> Vec<Field> {
    let has = |f: Field| header.columns.iter().any(|(_, g)| *g == f);
    let mut out = Vec::new();
    for &(_, f) in &header.columns {
        let f = if f == Field::WarrantyMonths { Field::WarrantyUntil } else { f };
        if f == Field::WarrantyUntil && out.contains(&f) {
            continue;
        }
        if f == Field::WarrantyUntil && !has(Field::WarrantyUntil) && !has(Field::WarrantyMonths) {
            continue;
        }
        out.push(f);
    }
    out
}

/// The first data rows, read with the import's checks, with the dry run's problems of each line.
fn first_rows(
    prepared: &Prepared,
    opts: &ImportOptions,
    report: &ImportReport,
    max_rows: usize,
) -> Result<Vec<PreviewRow>> {
    let header = &prepared.header;
    let fields = shown_fields(header);
    let (mut sn_lines, mut iccid_lines) = (Seen::default(), Seen::default());
    let mut rows = Vec::new();
    let mut in_data = false;
    for_each_row(&prepared.path, prepared.format, opts.sheet.as_deref(), |r| {
        if !in_data {
            in_data = r.line == header.line;
            return Ok(true);
        }
        if is_blank(&r) {
            return Ok(true);
        }
        let (row, _) = read_row(header, &r, &mut sn_lines, &mut iccid_lines);
        let problems = report.problems.iter().chain(&report.warnings).filter(|p| p.line == r.line).cloned().collect();
        rows.push(PreviewRow { line: r.line, values: fields.iter().map(|f| stored(&row, *f)).collect(), problems });
        Ok(rows.len() < max_rows)
    })?;
    Ok(rows)
}

/// A field's value as the import stores it.
fn stored(row: &RowData, field: Field) -> Option<String> {
    let date = |d: Option<chrono::NaiveDate>| d.map(|d| d.to_string());
    match field {
        Field::Sn => row.sn.clone(),
        Field::Brand => row.brand.clone(),
        Field::Model => row.model.clone(),
        Field::Kind => row.kind.map(|k| k.code().to_string()),
        Field::Provider => row.provider.clone(),
        Field::MerchantNo => row.merchant_no.clone(),
        Field::TerminalNo => row.terminal_no.clone(),
        Field::Store => row.store.clone(),
        Field::Status => row.status.map(|s| s.code().to_string()),
        Field::ActivatedOn => date(row.activated_on),
        Field::WarrantyUntil => date(
            row.warranty_until.or_else(|| row.activated_on.zip(row.warranty_months).map(|(a, m)| add_months(a, m))),
        ),
        Field::WarrantyMonths => row.warranty_months.map(|m| m.to_string()),
        Field::Iccid => row.iccid.clone(),
        Field::Carrier => row.carrier.map(|c| c.code().to_string()),
        Field::SimStatus => row.sim_status.map(|s| s.code().to_string()),
        Field::SimExpiresOn => date(row.sim_expires_on),
        Field::SimAnnualFee => row.sim_annual_fee.map(format_yuan),
        Field::DepositAmount => row.deposit_amount.map(format_yuan),
        Field::DepositDeadline => date(row.deposit_deadline),
        Field::Notes => row.notes.clone(),
    }
}
