//! The upsert of one checked row: terminal by SN, its SIM card by ICCID, its held deposit. All
//! lookups (and the checks that need them) come before any write, so a refused row writes
//! nothing. The statements are the store's (`store::import_rows`); this module decides.

use super::report::Reason;
use super::values::{self, Cell};
use crate::domain::values::{add_months, check_iccid, check_sn, check_text};
use crate::domain::{Carrier, SimStatus, TerminalKind, TerminalStatus};
use crate::error::Result;
use crate::files::fields::Field;
use crate::store::import_rows::{ImportWriter, SimFields, StoredSim, TerminalFields};
use chrono::NaiveDate;
use rusqlite::Connection;

/// The checked values of one row; `None` is an empty cell (which never erases anything).
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct RowData {
    pub sn: Option<String>,
    pub brand: Option<String>,
    pub model: Option<String>,
    pub kind: Option<TerminalKind>,
    pub provider: Option<String>,
    pub merchant_no: Option<String>,
    pub terminal_no: Option<String>,
    pub store: Option<String>,
    pub status: Option<TerminalStatus>,
    pub activated_on: Option<NaiveDate>,
    pub warranty_until: Option<NaiveDate>,
    pub warranty_months: Option<u32>,
    pub iccid: Option<String>,
    pub carrier: Option<Carrier>,
    pub sim_status: Option<SimStatus>,
    pub sim_expires_on: Option<NaiveDate>,
    pub sim_annual_fee: Option<i64>,
    pub deposit_amount: Option<i64>,
    pub deposit_deadline: Option<NaiveDate>,
    pub notes: Option<String>,
}

/// Free text with the store's length limit.
/// Free text: a line break typed in a cell (Alt+Enter in Excel) becomes one space, since text
/// fields hold no control characters (SPEC §6); identifiers below are refused instead.
fn text(field: &'static str, c: &Cell, max: usize) -> Result<Option<String>, Reason> {
    check_text(field, &crate::domain::values::fold_line_breaks(&values::text(c)?), max).map_err(Reason::Invalid)
}

/// An identifier (merchant or terminal number) with the store's length limit.
fn ident(field: &'static str, c: &Cell, max: usize) -> Result<Option<String>, Reason> {
    check_text(field, &values::identifier(c)?, max).map_err(Reason::Invalid)
}

impl RowData {
    /// Reads one non-empty cell into its field.
    pub fn set(&mut self, field: Field, c: &Cell) -> Result<(), Reason> {
        match field {
            Field::Sn => self.sn = Some(check_sn(&values::identifier(c)?).map_err(Reason::Invalid)?),
            Field::Brand => self.brand = text("brand", c, 50)?,
            Field::Model => self.model = text("model", c, 50)?,
            Field::Kind => self.kind = Some(values::kind(c)?),
            Field::Provider => self.provider = text("provider", c, 100)?,
            Field::MerchantNo => self.merchant_no = ident("merchant_no", c, 32)?,
            Field::TerminalNo => self.terminal_no = ident("terminal_no", c, 32)?,
            Field::Store => self.store = text("store", c, 100)?,
            Field::Status => self.status = Some(values::status(c)?),
            Field::ActivatedOn => self.activated_on = Some(values::date(c)?),
            Field::WarrantyUntil => self.warranty_until = Some(values::date(c)?),
            Field::WarrantyMonths => self.warranty_months = Some(values::months(c)?),
            Field::Iccid => self.iccid = Some(check_iccid(&values::identifier(c)?).map_err(Reason::Invalid)?.0),
            Field::Carrier => self.carrier = Some(values::carrier(c)?),
            Field::SimStatus => self.sim_status = Some(values::sim_status(c)?),
            Field::SimExpiresOn => self.sim_expires_on = Some(values::date(c)?),
            Field::SimAnnualFee => self.sim_annual_fee = Some(values::money("fee", c)?),
            Field::DepositAmount => self.deposit_amount = Some(values::money("amount", c)?),
            Field::DepositDeadline => self.deposit_deadline = Some(values::date(c)?),
            Field::Notes => self.notes = text("notes", c, 2000)?,
        }
        Ok(())
    }

    fn has_sim_details(&self) -> bool {
        self.carrier.is_some()
            || self.sim_status.is_some()
            || self.sim_expires_on.is_some()
            || self.sim_annual_fee.is_some()
    }

    fn first_sim_field(&self) -> Field {
        if self.carrier.is_some() {
            Field::Carrier
        } else if self.sim_status.is_some() {
            Field::SimStatus
        } else if self.sim_expires_on.is_some() {
            Field::SimExpiresOn
        } else {
            Field::SimAnnualFee
        }
    }
}

/// What happened to a row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    New,
    Updated,
    Unchanged,
}

/// Overwrites `dst` with `src` when `src` is given.
fn put<T: Clone>(dst: &mut Option<T>, src: &Option<T>) {
    if src.is_some() {
        dst.clone_from(src);
    }
}

/// One import's writer.
pub struct Upsert<'c> {
    w: ImportWriter<'c>,
}

type Found = Vec<(Field, Reason)>;
type Applied = std::result::Result<(Outcome, Vec<(Field, Reason)>), Found>;

impl<'c> Upsert<'c> {
    pub fn new(conn: &'c Connection, today: NaiveDate) -> Result<Self> {
        Ok(Upsert { w: ImportWriter::new(conn, today)? })
    }

    /// Upserts a row. `Ok(Err(problems))` when the row cannot be taken (nothing was written);
    /// `Err` only for a database failure, which ends the import.
    pub fn apply(&mut self, row: &RowData) -> Result<Applied> {
        let Some(sn) = row.sn.as_deref() else {
            return Ok(Err(vec![(Field::Sn, Reason::MissingSn)]));
        };
        let mut found: Found = Vec::new();
        // With nothing stored when the import began, no row can find a terminal or a card: the
        // file repeats no SN and no ICCID (refused while reading), so none is looked up.
        let fresh = self.w.fresh();
        let stored = if fresh { None } else { self.w.terminal(sn)? };
        let old = stored.as_ref().map(|(_, f)| f.clone());
        let mut new = old.clone().unwrap_or(TerminalFields {
            brand: None,
            model: None,
            kind: None,
            provider: None,
            merchant_no: None,
            terminal_no: None,
            store: None,
            status: TerminalStatus::InUse,
            activated_on: None,
            warranty_until: None,
            notes: None,
        });
        put(&mut new.brand, &row.brand);
        put(&mut new.model, &row.model);
        put(&mut new.kind, &row.kind);
        put(&mut new.provider, &row.provider);
        put(&mut new.merchant_no, &row.merchant_no);
        put(&mut new.terminal_no, &row.terminal_no);
        put(&mut new.store, &row.store);
        if let Some(s) = row.status {
            new.status = s;
        }
        put(&mut new.activated_on, &row.activated_on);
        put(&mut new.notes, &row.notes);
        if row.warranty_until.is_some() {
            new.warranty_until = row.warranty_until;
        } else if let Some(months) = row.warranty_months {
            match new.activated_on {
                Some(a) => new.warranty_until = Some(add_months(a, months)),
                None => found.push((Field::WarrantyMonths, Reason::MonthsWithoutActivation)),
            }
        }
        let terminal_id = stored.as_ref().map(|(id, _)| *id);

        // The SIM card: the one named by ICCID, or the one already in the terminal.
        let mut sim_plan: Option<(Option<StoredSim>, SimFields, String)> = None;
        let mut luhn_warning = false;
        if let Some(iccid) = row.iccid.as_deref() {
            let stored_sim = if fresh { None } else { self.w.sim_by_iccid(iccid)? };
            if let Some(other) = stored_sim.as_ref().and_then(|s| s.terminal_id).filter(|t| Some(*t) != terminal_id) {
                let sn = self.w.sn_of(other)?;
                found.push((Field::Iccid, Reason::IccidInOtherTerminal { sn }));
            } else {
                luhn_warning = stored_sim.is_none() && !crate::domain::values::luhn_ok(iccid);
                let base = stored_sim.as_ref().map(|s| s.fields.clone());
                sim_plan = Some((stored_sim, merge_sim(base, row), iccid.to_string()));
            }
        } else if row.has_sim_details() {
            match terminal_id.map(|t| self.w.sim_in(t)).transpose()?.flatten() {
                Some((iccid, s)) => {
                    let base = Some(s.fields.clone());
                    sim_plan = Some((Some(s), merge_sim(base, row), iccid));
                }
                None => found.push((row.first_sim_field(), Reason::SimWithoutIccid)),
            }
        }

        // The deposit: the terminal's latest held one is updated; otherwise a new one needs both.
        let held = terminal_id.map(|t| self.w.held_deposit(t)).transpose()?.flatten();
        let mut deposit_plan: Option<(Option<i64>, i64, NaiveDate, bool)> = None;
        match (held, row.deposit_amount, row.deposit_deadline) {
            (Some((id, amount, deadline)), a, d) if a.is_some() || d.is_some() => {
                let (na, nd) = (a.unwrap_or(amount), d.unwrap_or(deadline));
                deposit_plan = Some((Some(id), na, nd, na != amount || nd != deadline));
            }
            (None, Some(a), Some(d)) => deposit_plan = Some((None, a, d, true)),
            (None, Some(_), None) => {
                found.push((Field::DepositAmount, Reason::DepositIncomplete { missing: "deposit_deadline" }));
            }
            (None, None, Some(_)) => {
                found.push((Field::DepositDeadline, Reason::DepositIncomplete { missing: "deposit_amount" }));
            }
            _ => {}
        }
        if !found.is_empty() {
            return Ok(Err(found));
        }

        // Writes.
        let mut changed = false;
        let outcome_new = terminal_id.is_none();
        let tid = match terminal_id {
            Some(id) => {
                if let Some(old) = old.as_ref().filter(|o| **o != new) {
                    self.w.update_terminal(id, old, &new)?;
                    changed = true;
                }
                id
            }
            None => self.w.insert_terminal(sn, &new)?,
        };
        if let Some((stored_sim, fields, iccid)) = sim_plan {
            match stored_sim {
                Some(s) => {
                    if s.fields != fields {
                        self.w.update_sim(s.id, &fields)?;
                        changed = true;
                    }
                    if s.terminal_id != Some(tid) {
                        self.w.place(s.id, tid)?;
                        changed = true;
                    }
                }
                None if outcome_new => {
                    // A new card in a new terminal: no card to take out, no history to close.
                    self.w.insert_sim(&iccid, &fields, Some(tid))?;
                    changed = true;
                }
                None => {
                    let id = self.w.insert_sim(&iccid, &fields, None)?;
                    self.w.place(id, tid)?;
                    changed = true;
                }
            }
        }
        if let Some((id, amount, deadline, differs)) = deposit_plan {
            match id {
                Some(id) if differs => {
                    self.w.update_deposit(id, amount, deadline)?;
                    changed = true;
                }
                Some(_) => {}
                None => {
                    self.w.insert_deposit(tid, amount, deadline)?;
                    changed = true;
                }
            }
        }
        let outcome = if outcome_new {
            Outcome::New
        } else if changed {
            Outcome::Updated
        } else {
            Outcome::Unchanged
        };
        let warnings = if luhn_warning { vec![(Field::Iccid, Reason::LuhnWarning)] } else { Vec::new() };
        Ok(Ok((outcome, warnings)))
    }
}

fn merge_sim(base: Option<SimFields>, row: &RowData) -> SimFields {
    let mut s =
        base.unwrap_or(SimFields { carrier: None, status: SimStatus::Active, expires_on: None, annual_fee: None });
    put(&mut s.carrier, &row.carrier);
    if let Some(st) = row.sim_status {
        s.status = st;
    }
    put(&mut s.expires_on, &row.sim_expires_on);
    put(&mut s.annual_fee, &row.sim_annual_fee);
    s
}
