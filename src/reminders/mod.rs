//! The reminder engine of SPEC §3: a pure function of the stored facts, the lead-time settings and
//! the date passed in. The store gathers the facts (a superset is fine: every rule is applied
//! here), this module decides what is listed, and `notify` decides what pops up.
//!
//! Layer rule: the engine imports the domain and nothing of store, files or cli — facts,
//! settings and a date in, the list and the notification decision out.

pub mod notify;
pub mod queue;
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
    /// The payment provider the terminal is with (the agenda filters by it).
    pub provider: Option<String>,
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
    let mut out = Vec::new();
    each_due(facts.clone(), settings, |_, _, _| true, |d| out.push(d));
    out
}

/// Whether SPEC §3's window lists an item of `kind` due on `due_on` with lead `lead_days` as of
/// `today` (before snoozes).
fn in_window(kind: ReminderKind, due_on: NaiveDate, lead_days: i64, today: NaiveDate) -> bool {
    let days_left = (due_on - today).num_days();
    let floor_ok = kind != ReminderKind::WarrantyExpiry || days_left >= -30;
    days_left <= lead_days && floor_ok
}

/// Hands `push` the item of every fact that `keep(kind, due date, lead)` keeps. The facts are
/// consumed, so the terminal's text moves into the item; an item not kept costs no allocation
/// (the store reads a superset, and at 100k tens of thousands are listed).
fn each_due(
    facts: Facts,
    settings: &Settings,
    keep: impl Fn(ReminderKind, NaiveDate, i64) -> bool,
    mut push: impl FnMut(Due),
) {
    let lead = |own: Option<i64>, kind: ReminderKind| own.unwrap_or_else(|| settings.lead(kind));
    let k = ReminderKind::SimExpiry;
    for s in facts.sims {
        if let (SimStatus::Active, Some(d)) = (s.status, s.expires_on) {
            let l = lead(s.lead_days, k);
            if keep(k, d, l) {
                push(Due {
                    key: format!("sim_expiry:{}", s.iccid),
                    kind: k,
                    due_on: d,
                    lead_days: l,
                    iccid: Some(s.iccid),
                    terminal: s.terminal,
                    subject: title::Subject::Sim,
                });
            }
        }
    }
    let k = ReminderKind::WarrantyExpiry;
    for w in facts.warranties {
        if let (false, Some(d)) = (w.terminal.status.is_retired(), w.warranty_until) {
            let l = lead(w.lead_days, k);
            if keep(k, d, l) {
                push(Due {
                    key: format!("warranty_expiry:{}", w.terminal.sn),
                    kind: k,
                    due_on: d,
                    lead_days: l,
                    iccid: None,
                    terminal: Some(w.terminal),
                    subject: title::Subject::Warranty,
                });
            }
        }
    }
    let k = ReminderKind::DepositDeadline;
    for dp in facts.deposits.into_iter().filter(|d| d.status == DepositStatus::Held) {
        let l = lead(dp.lead_days, k);
        if keep(k, dp.deadline, l) {
            push(Due {
                key: format!("deposit_deadline:{}", dp.id),
                kind: k,
                due_on: dp.deadline,
                lead_days: l,
                iccid: None,
                terminal: Some(dp.terminal),
                subject: title::Subject::Deposit { amount: dp.amount },
            });
        }
    }
    let k = ReminderKind::MaintenanceDue;
    for p in facts.plans.into_iter().filter(|p| p.terminal.status.is_maintained()) {
        let l = lead(p.lead_days, k);
        let d = next_due(p.starts_on, p.interval, p.mode, l, p.last_done_on);
        if keep(k, d, l) {
            push(Due {
                key: format!("maintenance_due:{}", p.id),
                kind: k,
                due_on: d,
                lead_days: l,
                iccid: None,
                terminal: Some(p.terminal),
                subject: title::Subject::Maintenance { task: p.task },
            });
        }
    }
    let k = ReminderKind::RepairOverdue;
    for r in facts.repairs.into_iter().filter(|r| !r.status.is_finished()) {
        let l = lead(r.lead_days, k);
        let d = r.expected_back_on.unwrap_or_else(|| crate::domain::values::add_days(r.opened_on, 7));
        if keep(k, d, l) {
            push(Due {
                key: format!("repair_overdue:{}", r.id),
                kind: k,
                due_on: d,
                lead_days: l,
                iccid: None,
                terminal: Some(r.terminal),
                subject: title::Subject::Repair { fault: r.fault, ticket_no: r.ticket_no },
            });
        }
    }
}

impl Due {
    /// The reminder's title in the given language.
    pub fn title(&self, lang: Lang) -> String {
        title::title(self.kind, &self.subject, self.iccid.as_deref(), self.terminal.as_ref(), lang)
    }

    /// Whether SPEC §3's window lists it as of `today` (before snoozes).
    pub fn in_window(&self, today: NaiveDate) -> bool {
        in_window(self.kind, self.due_on, self.lead_days, today)
    }
}

/// The reminders listed as of `today`, sorted by due date, kind name, then key.
pub fn compute(facts: &Facts, settings: &Settings, today: NaiveDate, lang: Lang) -> Vec<Reminder> {
    list(facts.clone(), settings, today, lang)
}

/// [`compute`], consuming the facts (what the store does: nothing is copied twice).
pub fn list(mut facts: Facts, settings: &Settings, today: NaiveDate, lang: Lang) -> Vec<Reminder> {
    let acks = std::mem::take(&mut facts.acks);
    let snoozes = std::mem::take(&mut facts.snoozes);
    with_state(stateless(facts, settings, today, lang), &acks, &snoozes, today)
}

/// The reminders the facts list as of `today` before any acknowledgement or snooze (none is
/// acknowledged, none snoozed): what [`with_state`] is given. The facts' own state is ignored.
pub fn stateless(facts: Facts, settings: &Settings, today: NaiveDate, lang: Lang) -> Vec<Reminder> {
    // One run per kind (each item is of one kind): sorted by due date and key, the runs are
    // merged by due date and kind without comparing keys across kinds.
    let mut runs: [Vec<Reminder>; 5] = [
        Vec::with_capacity(facts.deposits.len()),
        Vec::with_capacity(facts.plans.len()),
        Vec::with_capacity(facts.repairs.len()),
        Vec::with_capacity(facts.sims.len()),
        Vec::with_capacity(facts.warranties.len()),
    ];
    each_due(
        facts,
        settings,
        |kind, due, lead| in_window(kind, due, lead, today),
        |d| {
            let days_left = (d.due_on - today).num_days();
            let run = ReminderKind::ALL.iter().position(|k| *k == d.kind).unwrap_or(0);
            let Some(out) = runs.get_mut(run) else { return };
            out.push(Reminder {
                acknowledged: false,
                title: d.title(lang),
                terminal_sn: d.terminal.as_ref().map(|t| t.sn.clone()),
                key: d.key,
                kind: d.kind,
                due_on: d.due_on,
                days_left,
                urgency: Urgency::from_days_left(days_left),
                iccid: d.iccid,
                snoozed_until: None,
                lead_days: d.lead_days,
                terminal: d.terminal,
            });
        },
    );
    merge(runs)
}

/// The acknowledgements and snoozes applied to a [`stateless`] list as of `today` (SPEC §3): a
/// reminder snoozed until after today is left out, one acknowledged at its urgency is marked.
/// The order is kept. With no state at all the list is handed back as it is.
pub fn with_state(
    list: Vec<Reminder>,
    acks: &StateMap<Urgency>,
    snoozes: &StateMap<NaiveDate>,
    today: NaiveDate,
) -> Vec<Reminder> {
    // Snoozes and acknowledgements are few: skip the lookups when there are none.
    if acks.is_empty() && snoozes.is_empty() {
        return list;
    }
    list.into_iter()
        .filter_map(|mut r| {
            let state = (r.key.clone(), r.due_on);
            r.snoozed_until = snoozes.get(&state).copied();
            if r.snoozed_until.is_some_and(|until| today < until) {
                return None;
            }
            r.acknowledged = acks.get(&state) == Some(&r.urgency);
            Some(r)
        })
        .collect()
}

/// A [`stateless`] list with the items of `keys` replaced by `fresh` (the same keys' items as
/// [`stateless`] lists them now; a key may have none): the others are kept, and the result is
/// in SPEC §3 order, as [`stateless`] would have listed it.
pub fn replace_items(list: &[Reminder], keys: &[String], mut fresh: Vec<Reminder>) -> Vec<Reminder> {
    let gone: std::collections::HashSet<&str> = keys.iter().map(String::as_str).collect();
    sort(&mut fresh);
    let mut out = Vec::with_capacity(list.len() + fresh.len());
    let mut fresh = fresh.into_iter().peekable();
    for r in list.iter().filter(|r| !gone.contains(r.key.as_str())) {
        while let Some(f) = fresh.next_if(|f| spec_order(f, r).is_lt()) {
            out.push(f);
        }
        out.push(r.clone());
    }
    out.extend(fresh);
    out
}

/// The runs of each kind (in [`ReminderKind::ALL`]'s order, which is their codes' order) as one
/// list in SPEC §3 order; a run not already in order is sorted first.
fn merge(mut runs: [Vec<Reminder>; 5]) -> Vec<Reminder> {
    let within = |a: &Reminder, b: &Reminder| a.due_on.cmp(&b.due_on).then_with(|| a.key.cmp(&b.key));
    let total = runs.iter().map(Vec::len).sum();
    let mut heads: Vec<std::iter::Peekable<std::vec::IntoIter<Reminder>>> = runs
        .iter_mut()
        .map(|run| {
            if !run.is_sorted_by(|a, b| within(a, b).is_le()) {
                run.sort_by(within);
            }
            std::mem::take(run).into_iter().peekable()
        })
        .collect();
    let mut out = Vec::with_capacity(total);
    loop {
        // The first run (lowest kind code) wins a tie on the due date.
        let mut best: Option<(usize, NaiveDate)> = None;
        for (i, h) in heads.iter_mut().enumerate() {
            if let Some(r) = h.peek() {
                if best.is_none_or(|(_, d)| r.due_on < d) {
                    best = Some((i, r.due_on));
                }
            }
        }
        match best.and_then(|(i, _)| heads.get_mut(i)).and_then(Iterator::next) {
            Some(r) => out.push(r),
            None => return out,
        }
    }
}

/// SPEC §3 order of two reminders: due date, then kind name, then key (plain string order).
fn spec_order(a: &Reminder, b: &Reminder) -> std::cmp::Ordering {
    a.due_on.cmp(&b.due_on).then_with(|| a.kind.code().cmp(b.kind.code())).then_with(|| a.key.cmp(&b.key))
}

/// SPEC §3 order: due date, then kind name, then key (plain string order).
pub fn sort(v: &mut Vec<Reminder>) {
    let order = spec_order;
    if v.is_sorted_by(|a, b| order(a, b).is_le()) {
        return;
    }
    // A reminder is a few hundred bytes: the order is found on their indexes, then each is moved
    // once, instead of moving whole reminders through every pass of the sort.
    let mut idx: Vec<usize> = (0..v.len()).collect();
    idx.sort_unstable_by(|&a, &b| order(&v[a], &v[b]));
    let mut slots: Vec<Option<Reminder>> = std::mem::take(v).into_iter().map(Some).collect();
    let mut sorted = Vec::with_capacity(slots.len());
    sorted.extend(idx.into_iter().filter_map(|i| slots.get_mut(i).and_then(Option::take)));
    *v = sorted;
}

/// Splits a key into its kind and item part (`sim_expiry:8986…` → (SimExpiry, "8986…")).
pub fn parse_key(key: &str) -> Option<(ReminderKind, &str)> {
    let (kind, rest) = key.trim().split_once(':')?;
    let kind = ReminderKind::ALL.iter().copied().find(|k| k.code() == kind)?;
    (!rest.is_empty()).then_some((kind, rest))
}

#[cfg(test)]
mod tests;
