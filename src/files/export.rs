//! Export (SPEC §5): the one-row-per-terminal sheet as CSV (UTF-8 with BOM, so Excel opens it
//! right) or XLSX (real date cells, frozen header, column widths), everything as JSON, and every
//! dated item as an iCalendar feed.
//!
//! The sheet has the importer's own columns with headers and values in the UI language, so a
//! CSV or XLSX export imports back without changes. (It holds the SIM card in each terminal and
//! the terminal's held deposit; cards in no terminal, settled deposits, plans and repairs are in
//! the JSON export.)

use crate::domain::values::{add_days, format_yuan};
use crate::error::{Error, Result};
use crate::files::fields::Field;
use crate::i18n::Lang;
use crate::store::{SheetRow, Store, TerminalQuery, SCHEMA_VERSION};
use chrono::{DateTime, Datelike, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use std::io::{BufWriter, Write};
use std::path::Path;

/// The export formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum ExportFormat {
    Csv,
    Xlsx,
    Ics,
    Json,
    /// The JSON document and every attachment's file, in one .zip.
    Zip,
}

impl ExportFormat {
    pub fn parse(s: &str) -> Result<ExportFormat> {
        match s.trim().to_ascii_lowercase().as_str() {
            "csv" => Ok(ExportFormat::Csv),
            "xlsx" => Ok(ExportFormat::Xlsx),
            "ics" | "ical" | "icalendar" => Ok(ExportFormat::Ics),
            "json" => Ok(ExportFormat::Json),
            "zip" => Ok(ExportFormat::Zip),
            _ => Err(Error::InvalidValue {
                field: "format",
                value: s.to_string(),
                allowed: "csv, xlsx, ics, json, zip".into(),
            }),
        }
    }
}

/// How many items an export wrote.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Exported {
    pub items: u64,
}

/// A cell of the sheet: text, a date, or money (fen).
enum Value<'a> {
    None,
    Text(&'a str),
    Date(NaiveDate),
    Money(i64),
}

impl SheetRow {
    fn value(&self, f: Field, lang: Lang) -> Value<'_> {
        fn text(v: &Option<String>) -> Value<'_> {
            v.as_deref().map_or(Value::None, Value::Text)
        }
        let date = |v: Option<NaiveDate>| v.map_or(Value::None, Value::Date);
        let money = |v: Option<i64>| v.map_or(Value::None, Value::Money);
        match f {
            Field::Sn => Value::Text(&self.sn),
            Field::Brand => text(&self.brand),
            Field::Model => text(&self.model),
            Field::Kind => self.kind.map_or(Value::None, |k| Value::Text(k.label(lang))),
            Field::Provider => text(&self.provider),
            Field::MerchantNo => text(&self.merchant_no),
            Field::TerminalNo => text(&self.terminal_no),
            Field::Store => text(&self.store),
            Field::Status => Value::Text(self.status.label(lang)),
            Field::ActivatedOn => date(self.activated_on),
            Field::WarrantyUntil => date(self.warranty_until),
            Field::WarrantyMonths => Value::None,
            Field::Iccid => text(&self.iccid),
            Field::Carrier => self.carrier.map_or(Value::None, |c| Value::Text(c.label(lang))),
            Field::SimStatus => self.sim_status.map_or(Value::None, |s| Value::Text(s.label(lang))),
            Field::SimExpiresOn => date(self.sim_expires_on),
            Field::SimAnnualFee => money(self.sim_annual_fee),
            Field::DepositAmount => money(self.deposit_amount),
            Field::DepositDeadline => date(self.deposit_deadline),
            Field::Notes => text(&self.notes),
        }
    }
}

/// Writes `out` through a temporary file renamed at the end: a failed export leaves no half file.
/// `out` is never the database at `db`, a file of it, or a backup ([`check_output`]).
pub(crate) fn write_atomically(db: &Path, out: &Path, f: impl FnOnce(&Path) -> Result<()>) -> Result<()> {
    crate::files::output::check_output(db, out)?;
    // What a killed export left (`.NAME.part-PID` of a process that is gone) goes now.
    crate::files::backup::remove_stale_parts(
        out.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new(".")),
    );
    let name = out.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| "export".into());
    let tmp = out.with_file_name(format!(".{name}.part-{}", std::process::id()));
    // A new file, never one a link at that name points to (the writers below then truncate it).
    match std::fs::remove_file(&tmp) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => return Err(e.into()),
        _ => {}
    }
    drop(std::fs::OpenOptions::new().write(true).create_new(true).open(&tmp)?);
    match f(&tmp).and_then(|()| std::fs::rename(&tmp, out).map_err(|e| crate::files::output::write_error(out, e))) {
        Ok(()) => Ok(()),
        Err(e) => {
            let _ = std::fs::remove_file(&tmp);
            Err(e)
        }
    }
}

/// The sheet as CSV: UTF-8 with BOM, CRLF line ends, headers and values in `lang`; the terminals
/// the list shows for `q` (`TerminalQuery::default()`: every terminal), streamed.
pub fn export_csv(store: &Store, out: &Path, lang: Lang, q: &TerminalQuery) -> Result<Exported> {
    let mut items = 0;
    write_atomically(store.path(), out, |tmp| {
        let mut w = BufWriter::with_capacity(256 * 1024, std::fs::File::create(tmp)?);
        w.write_all("\u{FEFF}".as_bytes())?;
        let mut csv = csv::WriterBuilder::new().terminator(csv::Terminator::CRLF).from_writer(w);
        let io = |e: csv::Error| Error::Io(std::io::Error::other(e));
        csv.write_record(Field::EXPORTED.iter().map(|f| f.header(lang))).map_err(io)?;
        let mut rec: Vec<String> = Vec::with_capacity(Field::EXPORTED.len());
        items = store.for_each_sheet_row_of(q, |row| {
            rec.clear();
            for f in Field::EXPORTED {
                rec.push(match row.value(*f, lang) {
                    Value::None => String::new(),
                    Value::Text(s) => csv_cell(s).into_owned(),
                    Value::Date(d) => d.to_string(),
                    Value::Money(m) => format_yuan(m),
                });
            }
            csv.write_record(&rec).map_err(io)
        })?;
        let w = csv.into_inner().map_err(|e| Error::Io(std::io::Error::other(e.to_string())))?;
        w.into_inner().map_err(|e| Error::Io(e.into_error()))?.sync_all()?;
        Ok(())
    })?;
    Ok(Exported { items })
}

/// Whether a spreadsheet would run a cell that starts with `c` (a formula, or DDE through one).
fn formula_start(c: char) -> bool {
    matches!(c, '=' | '+' | '-' | '@' | '\t' | '\r')
}

/// A text value as a CSV cell (SPEC §6: exported cells are data, not formulas): one `'` in
/// front of a value that starts with a formula character, and, so that import can undo it
/// exactly, in front of one that starts with `'`s followed by such a character.
pub(crate) fn csv_cell(s: &str) -> std::borrow::Cow<'_, str> {
    if s.trim_start_matches('\'').starts_with(formula_start) {
        format!("'{s}").into()
    } else {
        s.into()
    }
}

/// The value a CSV cell holds: [`csv_cell`] undone (one leading `'` dropped where it added one).
pub(crate) fn csv_value(s: &str) -> &str {
    match s.strip_prefix('\'') {
        Some(rest) if rest.trim_start_matches('\'').starts_with(formula_start) => rest,
        _ => s,
    }
}

/// Column widths (in characters) of the sheet.
fn width(f: Field) -> f64 {
    match f {
        Field::Sn | Field::MerchantNo => 20.0,
        Field::Iccid => 24.0,
        Field::Provider | Field::Store => 16.0,
        Field::Notes => 30.0,
        Field::Kind | Field::TerminalNo => 13.0,
        f if f.is_date() => 12.5,
        _ => 10.0,
    }
}

/// The sheet as an Excel workbook: dates as date cells, money as numbers, identifiers as text,
/// a bold frozen header with filters, sensible widths. Written in constant memory; the terminals
/// the list shows for `q`, as [`export_csv`].
pub fn export_xlsx(store: &Store, out: &Path, lang: Lang, q: &TerminalQuery) -> Result<Exported> {
    use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};
    let x = |e: rust_xlsxwriter::XlsxError| Error::SpreadsheetWrite(e.to_string());
    let mut items = 0u64;
    write_atomically(store.path(), out, |tmp| {
        let mut wb = Workbook::new();
        let ws = wb.add_worksheet_with_constant_memory().map_err(x)?;
        ws.set_name(lang.pick("终端", "刷卡機", "Terminals")).map_err(x)?;
        let bold = Format::new().set_bold();
        let date_fmt = Format::new().set_num_format("yyyy-mm-dd");
        let money_fmt = Format::new().set_num_format("0.00");
        let text_fmt = Format::new().set_num_format("@");
        for (c, f) in Field::EXPORTED.iter().enumerate() {
            let c = u16::try_from(c).unwrap_or(u16::MAX);
            ws.set_column_width(c, width(*f)).map_err(x)?;
            ws.write_string_with_format(0, c, f.header(lang), &bold).map_err(x)?;
        }
        ws.set_freeze_panes(1, 0).map_err(x)?;
        let mut r: u32 = 0;
        items = store.for_each_sheet_row_of(q, |row| {
            r += 1;
            for (c, f) in Field::EXPORTED.iter().enumerate() {
                let c = u16::try_from(c).unwrap_or(u16::MAX);
                match row.value(*f, lang) {
                    Value::None => {}
                    Value::Text(s) => {
                        ws.write_string_with_format(r, c, s, &text_fmt).map_err(x)?;
                    }
                    Value::Date(d) => {
                        let (y, m, dd) = (u16::try_from(d.year()).unwrap_or(1900), d.month() as u8, d.day() as u8);
                        let dt = ExcelDateTime::from_ymd(y, m, dd).map_err(x)?;
                        ws.write_datetime_with_format(r, c, &dt, &date_fmt).map_err(x)?;
                    }
                    Value::Money(m) => {
                        ws.write_number_with_format(r, c, yuan(m), &money_fmt).map_err(x)?;
                    }
                }
            }
            Ok(())
        })?;
        let last_col = u16::try_from(Field::EXPORTED.len().saturating_sub(1)).unwrap_or(0);
        ws.autofilter(0, 0, r, last_col).map_err(x)?;
        wb.save(tmp).map_err(x)?;
        Ok(())
    })?;
    Ok(Exported { items })
}

/// Money (fen) as the number of yuan a spreadsheet cell holds.
#[allow(clippy::cast_precision_loss)]
pub(super) fn yuan(fen: i64) -> f64 {
    fen as f64 / 100.0
}

/// Everything, as one JSON document: terminals with their SIM card (and its renewals and
/// history), deposits, maintenance plans with their log, repairs and contacts; SIM cards in no
/// terminal; all contacts; the settings. Attachments are listed (without their bytes: the .zip
/// export carries those).
pub fn export_json(store: &Store, out: &Path, as_of: Option<NaiveDate>) -> Result<Exported> {
    let mut items = 0u64;
    write_atomically(store.path(), out, |tmp| {
        let mut w = BufWriter::with_capacity(256 * 1024, std::fs::File::create(tmp)?);
        items = write_json(store, &mut w, as_of, None)?;
        w.into_inner().map_err(|e| Error::Io(e.into_error()))?.sync_all()?;
        Ok(())
    })?;
    Ok(Exported { items })
}

/// Writes the JSON document of [`export_json`]; `files`: each attachment's path in the .zip, by
/// its ID. Returns the number of terminals.
pub(crate) fn write_json(
    store: &Store,
    w: &mut impl Write,
    as_of: Option<NaiveDate>,
    files: Option<&dyn Fn(&crate::domain::attachment::Attachment) -> String>,
) -> Result<u64> {
    let json = |e: serde_json::Error| Error::Io(std::io::Error::other(e));
    let mut items = 0u64;
    write!(w, "{{\n\"format\": \"poskeeper\",\n\"schema_version\": {SCHEMA_VERSION},\n\"as_of\": ")?;
    serde_json::to_writer(&mut *w, &as_of).map_err(json)?;
    w.write_all(b",\n\"terminals\": [")?;
    let sns = store.terminal_sns()?;
    for (i, sn) in sns.iter().enumerate() {
        w.write_all(if i == 0 { b"\n" } else { b",\n" })?;
        serde_json::to_writer(&mut *w, &store.terminal_detail(sn)?).map_err(json)?;
        items += 1;
    }
    w.write_all(b"\n],\n\"sims_not_in_a_terminal\": [")?;
    let loose = store.loose_sim_iccids()?;
    for (i, iccid) in loose.iter().enumerate() {
        w.write_all(if i == 0 { b"\n" } else { b",\n" })?;
        serde_json::to_writer(&mut *w, &store.sim(iccid)?).map_err(json)?;
    }
    w.write_all(b"\n],\n\"contacts\": ")?;
    serde_json::to_writer(&mut *w, &store.contacts()?).map_err(json)?;
    w.write_all(b",\n\"settings\": ")?;
    let settings: serde_json::Map<String, serde_json::Value> =
        store.setting_pairs()?.into_iter().map(|(k, v)| (k, serde_json::Value::String(v))).collect();
    serde_json::to_writer(&mut *w, &settings).map_err(json)?;
    w.write_all(b",\n\"attachments\": [")?;
    for (i, a) in store.all_attachments()?.iter().enumerate() {
        w.write_all(if i == 0 { b"\n" } else { b",\n" })?;
        let mut v = serde_json::to_value(a).map_err(json)?;
        if let (Some(f), Some(map)) = (files, v.as_object_mut()) {
            map.insert("file".into(), serde_json::Value::String(f(a)));
        }
        serde_json::to_writer(&mut *w, &v).map_err(json)?;
    }
    w.write_all(b"\n]\n}\n")?;
    Ok(items)
}

/// A value for an iCalendar TEXT property. The crate escapes `\\`, `;`, `,` and LF, but not CR
/// or other controls: those (refused on entry since SPEC §6, but possibly in older data) become
/// spaces, so no value can end a content line and start a property or event of its own.
fn ics_text(s: &str) -> String {
    use crate::domain::values::{is_bidi_control, is_line_control};
    s.chars().map(|c| if is_line_control(c) || is_bidi_control(c) { ' ' } else { c }).collect()
}

/// The calendar feed: one all-day event per item with a due date (SPEC §5), in or out of its
/// lead window. The UID comes from the reminder key, so re-importing the feed updates events
/// instead of duplicating them; the alarm fires at the item's lead time; the summary is the
/// reminder's title (naming the terminal) in the UI language. `stamp` is the DTSTAMP.
pub fn export_ics(store: &Store, out: &Path, lang: Lang, stamp: DateTime<Utc>) -> Result<Exported> {
    use icalendar::{Alarm, Calendar, Component, Event, EventLike, Property, Trigger};
    let mut due = store.due_items()?;
    due.sort_by(|a, b| {
        a.due_on.cmp(&b.due_on).then_with(|| a.kind.code().cmp(b.kind.code())).then_with(|| a.key.cmp(&b.key))
    });
    let mut cal = Calendar::empty();
    cal.append_property(Property::new("VERSION", "2.0"));
    cal.append_property(Property::new("PRODID", "-//PosKeeper//POS管家//ZH"));
    cal.append_property(Property::new("CALSCALE", "GREGORIAN"));
    cal.append_property(Property::new("METHOD", "PUBLISH"));
    cal.name(lang.pick("POS管家提醒", "POS管家提醒", "PosKeeper reminders"));
    for d in &due {
        let title = ics_text(&d.title(lang));
        let lead = d.lead_days;
        // One fact a line: each line made safe, then joined by the LF the crate escapes.
        let desc =
            super::ics_text::description_lines(d, lang).iter().map(|l| ics_text(l)).collect::<Vec<_>>().join("\n");
        let alarm_text = match lang {
            Lang::En => format!("{title} (due {})", d.due_on),
            _ => format!("{title}（{} 到期）", d.due_on),
        };
        let uid = ics_text(&format!("{}@poskeeper", d.key.replace(':', "-")));
        // The crate gives an alarm a random UID and the clock's time; ours are fixed, so the
        // same data gives the same feed.
        let mut alarm = Alarm::display(&alarm_text, Trigger::before_start(chrono::Duration::days(lead)));
        alarm.timestamp(stamp);
        alarm.remove_property("UID");
        alarm.append_property(Property::new("UID", format!("alarm-{uid}")));
        let ev = Event::new()
            .uid(&uid)
            .summary(&title)
            .description(&desc)
            .starts(d.due_on)
            .ends(add_days(d.due_on, 1))
            .timestamp(stamp)
            .append_property(Property::new("TRANSP", "TRANSPARENT"))
            .alarm(alarm)
            .done();
        cal.push(ev);
    }
    let text = cal.to_string();
    write_atomically(store.path(), out, |tmp| {
        let mut f = std::fs::File::create(tmp)?;
        f.write_all(text.as_bytes())?;
        f.sync_all()?;
        Ok(())
    })?;
    Ok(Exported { items: due.len() as u64 })
}
