//! The outlook (费用与到期, issue 12): the next 12 months of SIM renewal fees and of expiries by
//! kind, the deposits' money by outcome, and the terminals by status and by provider. A view over
//! several tables: each month's figure is one statement over an index the lists already keep
//! (`sims_expiry`, `terminals_warranty`, `due_dates`' (kind, due date) order), the deposits one
//! grouped statement over `deposits_deadline`, the statuses and providers the terminals' tally.

use super::{terminal_tally, Store};
use crate::domain::values::add_months;
use crate::domain::TerminalStatus;
use crate::error::Result;
use chrono::{Datelike, NaiveDate};
use serde::Serialize;

/// One month of the outlook.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct OutlookMonth {
    /// "2026-12".
    pub month: String,
    /// Active SIM cards that expire in the month, and their annual fees (fen; cards without a fee
    /// are counted apart).
    pub sims: i64,
    pub sim_fees: i64,
    pub sims_without_fee: i64,
    /// Warranties that end (terminals still in use, spare or in repair).
    pub warranties: i64,
    /// Held deposits whose refund deadline falls in the month, and their amount (fen).
    pub deposits: i64,
    pub deposit_amount: i64,
    /// Maintenance plans and repair tickets due.
    pub maintenance: i64,
    pub repairs: i64,
}

/// The deposits' money (fen) by outcome.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct DepositMoney {
    pub held: i64,
    pub held_amount: i64,
    /// Of the held ones, those whose deadline has passed.
    pub held_late: i64,
    pub held_late_amount: i64,
    pub refunded: i64,
    pub refunded_amount: i64,
    pub forfeited: i64,
    pub forfeited_amount: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct StatusCount {
    pub status: TerminalStatus,
    pub count: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ProviderCount {
    /// None: no provider recorded.
    pub provider: Option<String>,
    pub count: i64,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Outlook {
    /// The first day of the first month (this month).
    pub from: NaiveDate,
    /// Twelve months, this one first.
    pub months: Vec<OutlookMonth>,
    /// Active SIM cards already expired (before this month), and their fees: renewals owed now.
    pub sims_lapsed: i64,
    pub sim_fees_lapsed: i64,
    pub deposits: DepositMoney,
    pub by_status: Vec<StatusCount>,
    /// The providers with the most terminals (at most [`PROVIDERS`]), most first; the rest in
    /// `other_providers`.
    pub by_provider: Vec<ProviderCount>,
    pub other_providers: i64,
    pub terminals: i64,
}

/// How many providers the outlook names.
pub const PROVIDERS: usize = 10;

impl Store {
    /// The outlook as of `today`: the 12 months from the first of this month.
    pub fn outlook(&self, today: NaiveDate) -> Result<Outlook> {
        let from = today.with_day(1).unwrap_or(today);
        let mut months: Vec<OutlookMonth> = (0..12u32)
            .map(|i| OutlookMonth { month: add_months(from, i).format("%Y-%m").to_string(), ..Default::default() })
            .collect();
        let mut out = Outlook { from, ..Default::default() };

        // Month by month, each a range of an index read in order (a GROUP BY over a computed
        // month sorts every row in a temporary tree first: 3–4× slower at 100k).
        let mut sims = self.conn.prepare_cached(
            "SELECT count(*), coalesce(sum(annual_fee), 0), coalesce(sum(annual_fee IS NULL), 0)
             FROM sims WHERE status = 'active' AND expires_on >= ?1 AND expires_on < ?2",
        )?;
        // `+status`: the warranty index carries the status; the status index would visit every
        // terminal in use.
        let mut warranties = self.conn.prepare_cached(
            "SELECT count(*) FROM terminals
             WHERE warranty_until >= ?1 AND warranty_until < ?2 AND +status IN ('in_use', 'spare', 'in_repair')",
        )?;
        // Deposits, plans and repairs as the reminder list keeps them (the items that can be
        // listed: held deposits, plans of terminals in use or spare, open tickets).
        let mut due = self.conn.prepare_cached(
            "SELECT count(*), coalesce(sum(amount), 0) FROM due_dates
             WHERE kind = ?3 AND due_on >= ?1 AND due_on < ?2 AND (?3 <> 'maintenance_due' OR t_status IN ('in_use', 'spare'))",
        )?;
        for (i, m) in months.iter_mut().enumerate() {
            let start = add_months(from, u32::try_from(i).unwrap_or(0));
            let end = add_months(from, u32::try_from(i + 1).unwrap_or(0));
            (m.sims, m.sim_fees, m.sims_without_fee) =
                sims.query_row((start, end), |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
            m.warranties = warranties.query_row((start, end), |r| r.get(0))?;
            (m.deposits, m.deposit_amount) =
                due.query_row((start, end, "deposit_deadline"), |r| Ok((r.get(0)?, r.get(1)?)))?;
            m.maintenance = due.query_row((start, end, "maintenance_due"), |r| r.get(0))?;
            m.repairs = due.query_row((start, end, "repair_overdue"), |r| r.get(0))?;
        }
        let (lapsed, lapsed_fees): (i64, i64) = self
            .conn
            .prepare_cached(
                "SELECT count(*), coalesce(sum(annual_fee), 0) FROM sims
                 WHERE status = 'active' AND expires_on IS NOT NULL AND expires_on < ?1",
            )?
            .query_row([from], |r| Ok((r.get(0)?, r.get(1)?)))?;
        out.sims_lapsed = lapsed;
        out.sim_fees_lapsed = lapsed_fees;
        out.months = months;

        let mut deposits = self.conn.prepare_cached(
            "SELECT status, count(*), coalesce(sum(amount), 0), sum(deadline < ?1), coalesce(sum(CASE WHEN deadline < ?1 THEN amount END), 0)
             FROM deposits GROUP BY status",
        )?;
        let rows = deposits.query_map([today], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, i64>(1)?,
                r.get::<_, i64>(2)?,
                r.get::<_, i64>(3)?,
                r.get::<_, i64>(4)?,
            ))
        })?;
        for row in rows {
            let (status, n, amount, late, late_amount) = row?;
            let d = &mut out.deposits;
            match status.as_str() {
                "held" => (d.held, d.held_amount, d.held_late, d.held_late_amount) = (n, amount, late, late_amount),
                "refunded" => (d.refunded, d.refunded_amount) = (n, amount),
                _ => (d.forfeited, d.forfeited_amount) = (n, amount),
            }
        }

        // Statuses and providers from the terminals' tally (a few rows, kept by triggers).
        out.by_status = terminal_tally::by_status(&self.conn)?
            .into_iter()
            .map(|(status, count)| StatusCount { status, count })
            .collect();
        out.terminals = out.by_status.iter().map(|s| s.count).sum();

        // The terminals without a provider are what is left, placed among the others by count
        // (ties: before the named ones).
        let mut all: Vec<ProviderCount> = terminal_tally::by_provider(&self.conn)?
            .into_iter()
            .map(|(p, count)| ProviderCount { provider: Some(p), count })
            .collect();
        let none = out.terminals - all.iter().map(|p| p.count).sum::<i64>();
        if none > 0 {
            let at = all.iter().position(|p| p.count <= none).unwrap_or(all.len());
            all.insert(at, ProviderCount { provider: None, count: none });
        }
        out.other_providers = all.iter().skip(PROVIDERS).map(|p| p.count).sum();
        out.by_provider = all.into_iter().take(PROVIDERS).collect();
        Ok(out)
    }
}
