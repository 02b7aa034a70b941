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
            terminal,
        })
    }
}
