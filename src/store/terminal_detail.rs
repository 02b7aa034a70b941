//! A terminal with everything attached to it (`terminal show`, the detail screen): a view that
//! reads several tables, so that none of the table modules needs another's rows.

use super::sims::SimDetail;
use super::{contacts, deposits, maintenance, repairs, sims, terminals, Store};
use crate::domain::{Completion, Contact, Deposit, MaintenancePlan, Repair, Terminal};
use crate::error::Result;
use serde::{Deserialize, Serialize};

/// A maintenance plan with its completion log.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct PlanWithLog {
    pub plan: MaintenancePlan,
    pub completions: Vec<Completion>,
}

/// Everything about one terminal (`terminal show`, the detail screen).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct TerminalDetail {
    pub terminal: Terminal,
    pub sim: Option<SimDetail>,
    pub deposits: Vec<Deposit>,
    pub plans: Vec<PlanWithLog>,
    pub repairs: Vec<Repair>,
    pub contacts: Vec<Contact>,
    /// What the terminal has cost so far.
    pub costs: TerminalCosts,
}

/// What a terminal has cost so far (fen): the SIM renewals recorded while a card was in it, its
/// repairs' costs, and the deposits kept by the provider.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct TerminalCosts {
    pub sim_fees: i64,
    pub repairs: i64,
    pub forfeited: i64,
    pub total: i64,
}

/// The costs of terminal `id`: each renewal counts for the terminal the card was in on its date;
/// one recorded before the card's first install (a card entered with its terminal after it was
/// renewed) counts for that first terminal.
fn costs(c: &rusqlite::Connection, id: i64) -> Result<TerminalCosts> {
    let (sim_fees, repairs, forfeited): (i64, i64, i64) = c
        .prepare_cached(
            "SELECT
           (SELECT coalesce(sum(r.fee), 0) FROM sim_installs i JOIN sim_renewals r ON r.sim_id = i.sim_id
             WHERE i.terminal_id = ?1
               AND (r.renewed_on >= i.installed_on
                    OR i.id = (SELECT min(id) FROM sim_installs f WHERE f.sim_id = i.sim_id))
               AND (i.removed_on IS NULL OR r.renewed_on < i.removed_on)),
           (SELECT coalesce(sum(cost), 0) FROM repairs WHERE terminal_id = ?1),
           (SELECT coalesce(sum(amount), 0) FROM deposits WHERE terminal_id = ?1 AND status = 'forfeited')",
        )?
        .query_row([id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
    Ok(TerminalCosts { sim_fees, repairs, forfeited, total: sim_fees + repairs + forfeited })
}

impl Store {
    /// A terminal with everything attached to it.
    pub fn terminal_detail(&self, sn: &str) -> Result<TerminalDetail> {
        let c = &self.conn;
        let terminal = terminals::get(c, sn)?;
        let id = terminal.id;
        let sim = sims::in_terminal(c, id)?.map(|s| sims::detail(c, s)).transpose()?;
        let plans = maintenance::for_terminal(c, id)?
            .into_iter()
            .map(|p| Ok(PlanWithLog { completions: maintenance::completions(c, p.id)?, plan: p }))
            .collect::<Result<_>>()?;
        Ok(TerminalDetail {
            sim,
            deposits: deposits::for_terminal(c, id)?,
            plans,
            repairs: repairs::for_terminal(c, id)?,
            contacts: contacts::for_terminal(c, id)?,
            costs: costs(c, id)?,
            terminal,
        })
    }
}
