//! The reminder engine of SPEC §3: a pure function of the stored facts, the lead-time settings and
//! the date passed in. The store gathers the facts (a superset is fine: every rule is applied
//! here), this module decides what is listed, and `notify` decides what pops up.
//!
//! Layer rule: the engine imports the domain and nothing of store, files or cli — facts,
//! settings and a date in, the list and the notification decision out.

pub mod notify;
mod title;

use crate::domain::{
    next_due, DepositStatus, Fen, Interval, MaintenanceMode, MaintenanceTask, ReminderKind, RepairFault, RepairStatus,
    Settings, SimStatus, TerminalStatus, Urgency,
};
use crate::i18n::Lang;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// Acknowledgements and snoozes keyed by (reminder key, the due date they were made for).
pub type StateMap<T> = HashMap<(String, NaiveDate), T>;

/// What a reminder says about the terminal concerned.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct TerminalRef {
    pub sn: String,
    pub brand: Option<String>,
    pub model: Option<String>,
    pub store: Option<String>,
    pub status: TerminalStatus,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SimFact {
    pub iccid: String,
    pub status: SimStatus,
    pub expires_on: Option<NaiveDate>,
    pub lead_days: Option<i64>,
    pub terminal: Option<TerminalRef>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WarrantyFact {
    pub terminal: TerminalRef,
    pub warranty_until: Option<NaiveDate>,
    pub lead_days: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DepositFact {
    pub id: i64,
    pub status: DepositStatus,
    pub deadline: NaiveDate,
    pub amount: Fen,
    pub lead_days: Option<i64>,
    pub terminal: TerminalRef,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PlanFact {
    pub id: i64,
    pub task: MaintenanceTask,
    pub starts_on: NaiveDate,
    pub interval: Interval,
    pub mode: MaintenanceMode,
    pub lead_days: Option<i64>,
    pub last_done_on: Option<NaiveDate>,
    pub terminal: TerminalRef,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RepairFact {
    pub id: i64,
    pub status: RepairStatus,
    pub fault: RepairFault,
    pub opened_on: NaiveDate,
    pub expected_back_on: Option<NaiveDate>,
    pub ticket_no: Option<String>,
    pub lead_days: Option<i64>,
    pub terminal: TerminalRef,
}

/// Everything the engine looks at.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Facts {
    pub sims: Vec<SimFact>,
    pub warranties: Vec<WarrantyFact>,
    pub deposits: Vec<DepositFact>,
    pub plans: Vec<PlanFact>,
    pub repairs: Vec<RepairFact>,
    /// Latest acknowledged urgency per (key, due date).
    #[serde(skip)]
    pub acks: StateMap<Urgency>,
    /// Latest snooze date per (key, due date).
    #[serde(skip)]
    pub snoozes: StateMap<NaiveDate>,
}

/// One reminder as listed. The first ten fields are exactly those of `reminders --json`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Reminder {
    pub key: String,
    pub kind: ReminderKind,
    pub due_on: NaiveDate,
    pub days_left: i64,
    pub urgency: Urgency,
    pub title: String,
    pub terminal_sn: Option<String>,
    pub iccid: Option<String>,
    pub acknowledged: bool,
    pub snoozed_until: Option<NaiveDate>,
    /// The lead time in force for this item.
    pub lead_days: i64,
    /// The terminal concerned (brand, model, store), for the agenda line.
    pub terminal: Option<TerminalRef>,
}

/// An item with a due date that is not excluded by its state: a reminder before the lead-window
/// and snooze rules are applied.
#[derive(Debug, Clone)]
pub struct Due {
    pub key: String,
    pub kind: ReminderKind,
    pub due_on: NaiveDate,
    pub lead_days: i64,
    pub iccid: Option<String>,
    pub terminal: Option<TerminalRef>,
    subject: title::Subject,
}

/// Every item that has a due date and is not excluded by its state (SPEC §3 "never listed when"),
/// whether or not it is inside its lead window. The calendar export uses this too.
pub fn due_items(facts: &Facts, settings: &Settings) -> Vec<Due> {
    let lead = |own: Option<i64>, kind: ReminderKind| own.unwrap_or_else(|| settings.lead(kind));
    let mut out = Vec::new();
    for s in &facts.sims {
        if let (SimStatus::Active, Some(d)) = (s.status, s.expires_on) {
            out.push(Due {
                key: format!("sim_expiry:{}", s.iccid),
                kind: ReminderKind::SimExpiry,
                due_on: d,
                lead_days: lead(s.lead_days, ReminderKind::SimExpiry),
                iccid: Some(s.iccid.clone()),
                terminal: s.terminal.clone(),
                subject: title::Subject::Sim { iccid: s.iccid.clone() },
            });
        }
    }
    for w in &facts.warranties {
        if let (false, Some(d)) = (w.terminal.status.is_retired(), w.warranty_until) {
            out.push(Due {
                key: format!("warranty_expiry:{}", w.terminal.sn),
                kind: ReminderKind::WarrantyExpiry,
                due_on: d,
                lead_days: lead(w.lead_days, ReminderKind::WarrantyExpiry),
                iccid: None,
                terminal: Some(w.terminal.clone()),
                subject: title::Subject::Warranty,
            });
        }
    }
    for dp in facts.deposits.iter().filter(|d| d.status == DepositStatus::Held) {
        out.push(Due {
            key: format!("deposit_deadline:{}", dp.id),
            kind: ReminderKind::DepositDeadline,
            due_on: dp.deadline,
            lead_days: lead(dp.lead_days, ReminderKind::DepositDeadline),
            iccid: None,
            terminal: Some(dp.terminal.clone()),
            subject: title::Subject::Deposit { amount: dp.amount },
        });
    }
    for p in facts.plans.iter().filter(|p| p.terminal.status.is_maintained()) {
        let l = lead(p.lead_days, ReminderKind::MaintenanceDue);
        out.push(Due {
            key: format!("maintenance_due:{}", p.id),
            kind: ReminderKind::MaintenanceDue,
            due_on: next_due(p.starts_on, p.interval, p.mode, l, p.last_done_on),
            lead_days: l,
            iccid: None,
            terminal: Some(p.terminal.clone()),
            subject: title::Subject::Maintenance { task: p.task.clone() },
        });
    }
    for r in facts.repairs.iter().filter(|r| !r.status.is_finished()) {
        out.push(Due {
            key: format!("repair_overdue:{}", r.id),
            kind: ReminderKind::RepairOverdue,
            due_on: r.expected_back_on.unwrap_or_else(|| crate::domain::values::add_days(r.opened_on, 7)),
            lead_days: lead(r.lead_days, ReminderKind::RepairOverdue),
            iccid: None,
            terminal: Some(r.terminal.clone()),
            subject: title::Subject::Repair { fault: r.fault, ticket_no: r.ticket_no.clone() },
        });
    }
    out
}

impl Due {
    /// The reminder's title in the given language.
    pub fn title(&self, lang: Lang) -> String {
        title::title(self.kind, &self.subject, self.terminal.as_ref(), lang)
    }

    /// Whether SPEC §3's window lists it as of `today` (before snoozes).
    pub fn in_window(&self, today: NaiveDate) -> bool {
        let days_left = (self.due_on - today).num_days();
        let floor_ok = self.kind != ReminderKind::WarrantyExpiry || days_left >= -30;
        days_left <= self.lead_days && floor_ok
    }
}

/// The reminders listed as of `today`, sorted by due date, kind name, then key.
pub fn compute(facts: &Facts, settings: &Settings, today: NaiveDate, lang: Lang) -> Vec<Reminder> {
    let mut out: Vec<Reminder> = due_items(facts, settings)
        .into_iter()
        .filter(|d| d.in_window(today))
        .filter_map(|d| {
            // Snoozes and acknowledgements are few: skip the lookups when there are none.
            let state = (!facts.snoozes.is_empty() || !facts.acks.is_empty()).then(|| (d.key.clone(), d.due_on));
            let snoozed_until = state.as_ref().and_then(|s| facts.snoozes.get(s).copied());
            if snoozed_until.is_some_and(|until| today < until) {
                return None;
            }
            let days_left = (d.due_on - today).num_days();
            let urgency = Urgency::from_days_left(days_left);
            Some(Reminder {
                acknowledged: state.as_ref().is_some_and(|s| facts.acks.get(s) == Some(&urgency)),
                title: d.title(lang),
                terminal_sn: d.terminal.as_ref().map(|t| t.sn.clone()),
                key: d.key,
                kind: d.kind,
                due_on: d.due_on,
                days_left,
                urgency,
                iccid: d.iccid,
                snoozed_until,
                lead_days: d.lead_days,
                terminal: d.terminal,
            })
        })
        .collect();
    sort(&mut out);
    out
}

/// SPEC §3 order: due date, then kind name, then key (plain string order).
pub fn sort(v: &mut [Reminder]) {
    v.sort_by(|a, b| {
        a.due_on.cmp(&b.due_on).then_with(|| a.kind.code().cmp(b.kind.code())).then_with(|| a.key.cmp(&b.key))
    });
}

/// Splits a key into its kind and item part (`sim_expiry:8986…` → (SimExpiry, "8986…")).
pub fn parse_key(key: &str) -> Option<(ReminderKind, &str)> {
    let (kind, rest) = key.trim().split_once(':')?;
    let kind = ReminderKind::ALL.iter().copied().find(|k| k.code() == kind)?;
    (!rest.is_empty()).then_some((kind, rest))
}

#[cfg(test)]
mod tests;
