//! The export sheet's rows (SPEC §5): every terminal by SN, with the SIM card in it and its latest
//! held deposit — a view over terminals, stores, SIM cards and deposits.

use super::{Store, TerminalQuery};
use crate::domain::{Carrier, SimStatus, TerminalKind, TerminalStatus};
use crate::error::Result;
use chrono::NaiveDate;
use rusqlite::Row;

/// One line of the sheet.
#[derive(Debug, Clone, PartialEq)]
pub struct SheetRow {
    pub sn: String,
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
    pub iccid: Option<String>,
    pub carrier: Option<Carrier>,
    pub sim_status: Option<SimStatus>,
    pub sim_expires_on: Option<NaiveDate>,
    pub sim_annual_fee: Option<i64>,
    pub deposit_amount: Option<i64>,
    pub deposit_deadline: Option<NaiveDate>,
}

fn from_row(r: &Row<'_>) -> rusqlite::Result<SheetRow> {
    Ok(SheetRow {
        sn: r.get(0)?,
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
        iccid: r.get(12)?,
        carrier: r.get(13)?,
        sim_status: r.get(14)?,
        sim_expires_on: r.get(15)?,
        sim_annual_fee: r.get(16)?,
        deposit_amount: r.get(17)?,
        deposit_deadline: r.get(18)?,
    })
}

impl Store {
    /// Every terminal, by SN, with the SIM card in it and its latest held deposit.
    pub fn for_each_sheet_row(&self, f: impl FnMut(&SheetRow) -> Result<()>) -> Result<u64> {
        self.for_each_sheet_row_of(&TerminalQuery::default(), f)
    }

    /// The terminals the list shows for `q` (its search and filters, in its order; the page is
    /// ignored), each with its SIM card and latest held deposit: read as SQLite steps, one row at
    /// a time, so 100k terminals are never held.
    pub fn for_each_sheet_row_of(&self, q: &TerminalQuery, mut f: impl FnMut(&SheetRow) -> Result<()>) -> Result<u64> {
        let mut n = 0u64;
        for (where_sql, args, order) in self.query_parts(q)? {
            let sql = format!("{SHEET_SELECT} {where_sql} ORDER BY {order}");
            let mut st = self.conn.prepare(&sql)?;
            let mut rows = st.query(rusqlite::params_from_iter(args.iter()))?;
            while let Some(r) = rows.next()? {
                f(&from_row(r)?)?;
                n += 1;
            }
        }
        Ok(n)
    }
}

/// The sheet's columns over the terminal `t`, before its `WHERE` and `ORDER BY`.
const SHEET_SELECT: &str = "SELECT t.sn, t.brand, t.model, t.kind, t.provider, t.merchant_no, t.terminal_no, s.name, t.status,
                    t.activated_on, t.warranty_until, t.notes,
                    m.iccid, m.carrier, m.status, m.expires_on, m.annual_fee, d.amount, d.deadline
             FROM terminals t
             LEFT JOIN stores s ON s.id = t.store_id
             LEFT JOIN sims m ON m.terminal_id = t.id
             LEFT JOIN deposits d ON d.id = (SELECT max(id) FROM deposits WHERE terminal_id = t.id AND status = 'held')";
