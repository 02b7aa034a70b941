//! Gathering the reminder engine's facts, and the reminder commands (list, acknowledge, snooze).
//!
//! The queries only narrow the rows by index (due within the widest lead window, or with a lead
//! of their own); the engine applies every rule again, so the result is the engine's alone.

use super::{due_dates, due_mark, reminder_state, settings, Store, WriteMark};
use crate::domain::{Interval, MaintenanceTask, ReminderKind, Settings, Urgency};
use crate::error::{Error, Result};
use crate::i18n::Lang;
use crate::reminders::{
    self, DepositFact, Due, Facts, PlanFact, Reminder, RepairFact, SimFact, TerminalRef, WarrantyFact,
};
use chrono::NaiveDate;
use rusqlite::{Connection, Row};
use std::sync::Arc;

/// The last list of reminders as of a date in a language, and the same list before any
/// acknowledgement or snooze. Kept whole while nothing was written (through this connection or
/// another); after a write, kept while `due_mark` says neither the items nor their state changed
/// and the lead times are the same; the state is applied again when only it changed, and the
/// items its log names are read again when a few items changed.
/// The agenda's pages, the badge and the notifier all ask for the same list, and at 100k
/// terminals it is worth computing once per change.
#[derive(Debug)]
pub(super) struct ReminderCache {
    today: NaiveDate,
    lang: Lang,
    leads: Vec<i64>,
    mark: WriteMark,
    marks: due_mark::Marks,
    stateless: Arc<Vec<Reminder>>,
    list: Arc<Vec<Reminder>>,
}

/// Selects the terminal columns at `t`/`s` as a `TerminalRef` starting at column `i`.
const TERM: &str = "t.sn, t.brand, t.model, t.store_name, t.provider, t.status";

fn term(r: &Row<'_>, i: usize) -> rusqlite::Result<TerminalRef> {
    Ok(TerminalRef {
        sn: r.get(i)?,
        brand: r.get(i + 1)?,
        model: r.get(i + 2)?,
        store: r.get(i + 3)?,
        provider: r.get(i + 4)?,
        status: r.get(i + 5)?,
    })
}

/// Which rows to load: those due on or before `cut` (warranties from `floor` on), plus those with
/// a lead time of their own that are due later; or only the one item a key names.
enum Scope<'a> {
    Until { cut: NaiveDate, floor: NaiveDate },
    Key(ReminderKind, &'a str),
}

// The item tables drive every query (CROSS JOIN keeps that order): scanning terminals by status
// and probing for their items would read all 100k.

/// Runs `select` once per condition (each served by its own index) and collects the rows.
fn query<T>(
    conn: &Connection,
    select: &str,
    conds: &[&str],
    params: &[&dyn rusqlite::ToSql],
    mut f: impl FnMut(&Row<'_>) -> rusqlite::Result<T>,
) -> Result<Vec<T>> {
    let mut out = Vec::new();
    for cond in conds {
        let mut stmt = conn.prepare_cached(&format!("{select} WHERE {cond}"))?;
        let n = stmt.parameter_count();
        let rows = stmt.query_map(&params[..n], &mut f)?;
        for r in rows {
            out.push(r?);
        }
    }
    Ok(out)
}

/// Warranties due from ?2 to ?1 (a terminal's own column, by its index), and those with a lead
/// of their own due after ?1; of terminals in service.
const WARRANTY_WINDOW: &[&str] = &[
    "t.warranty_until BETWEEN ?2 AND ?1 AND t.status NOT IN ('replaced','deregistered','lost')",
    "t.warranty_lead_days IS NOT NULL AND t.warranty_until > ?1 AND t.status NOT IN ('replaced','deregistered','lost')",
];

fn warranty_select() -> String {
    format!("SELECT t.warranty_until, t.warranty_lead_days, {TERM} FROM terminals t")
}

fn warranty(r: &Row<'_>) -> rusqlite::Result<WarrantyFact> {
    Ok(WarrantyFact { warranty_until: r.get(0)?, lead_days: r.get(1)?, terminal: term(r, 2)? })
}

/// The warranties that may be listed: due from `floor` to `cut`, or later with a lead of their own.
fn warranties(conn: &Connection, floor: NaiveDate, cut: NaiveDate) -> Result<Vec<WarrantyFact>> {
    query(conn, &warranty_select(), WARRANTY_WINDOW, &[&cut, &floor], warranty)
}

/// The most items a write may change for the kept list to be patched rather than made afresh.
const PATCH_MOST: usize = 500;

/// The facts of the items `keys` name, each read as [`load`] reads one key.
fn facts_of_keys(conn: &Connection, keys: &[String]) -> Result<Facts> {
    let mut all = Facts::default();
    for key in keys {
        let Some((kind, rest)) = reminders::parse_key(key) else { continue };
        let f = load(conn, &Scope::Key(kind, rest))?;
        all.sims.extend(f.sims);
        all.warranties.extend(f.warranties);
        all.deposits.extend(f.deposits);
        all.plans.extend(f.plans);
        all.repairs.extend(f.repairs);
    }
    Ok(all)
}

fn load(conn: &Connection, scope: &Scope<'_>) -> Result<Facts> {
    let mut facts = Facts::default();
    let (wants, key): (Option<ReminderKind>, &str) = match scope {
        Scope::Until { .. } => (None, ""),
        Scope::Key(kind, key) => (Some(*kind), key),
    };
    let wants = |k: ReminderKind| wants.is_none_or(|w| w == k);
    // Conditions per scope: ?1 is the cut-off date (or the key), ?2 the warranty floor.
    let until = matches!(scope, Scope::Until { .. });
    let (p1, p2): (Box<dyn rusqlite::ToSql>, Box<dyn rusqlite::ToSql>) = match scope {
        Scope::Until { cut, floor } => (Box::new(*cut), Box::new(*floor)),
        Scope::Key(_, k) => (Box::new(k.to_string()), Box::new(k.to_string())),
    };
    let params: [&dyn rusqlite::ToSql; 2] = [p1.as_ref(), p2.as_ref()];
    let pick = |by_date: &'static [&'static str], by_key: &'static [&'static str]| if until { by_date } else { by_key };

    if wants(ReminderKind::SimExpiry) {
        let select = format!(
            "SELECT m.iccid, m.status, m.expires_on, m.lead_days, {TERM}
             FROM sims m LEFT JOIN terminals t ON t.id = m.terminal_id"
        );
        let conds = pick(
            &[
                "m.status = 'active' AND m.expires_on <= ?1",
                "m.lead_days IS NOT NULL AND m.status = 'active' AND m.expires_on > ?1",
            ],
            &["m.iccid = ?1 AND m.status = 'active' AND m.expires_on IS NOT NULL"],
        );
        facts.sims = query(conn, &select, conds, &params, |r| {
            let sn: Option<String> = r.get(4)?;
            Ok(SimFact {
                iccid: r.get(0)?,
                status: r.get(1)?,
                expires_on: r.get(2)?,
                lead_days: r.get(3)?,
                terminal: if sn.is_some() { Some(term(r, 4)?) } else { None },
            })
        })?;
    }
    if wants(ReminderKind::WarrantyExpiry) {
        let conds = pick(
            WARRANTY_WINDOW,
            &["t.sn = ?1 AND t.warranty_until IS NOT NULL AND t.status NOT IN ('replaced','deregistered','lost')"],
        );
        facts.warranties = query(conn, &warranty_select(), conds, &params, warranty)?;
    }
    // The other kinds are keyed by a numeric ID; a key with anything else names nothing.
    if !until && key.parse::<i64>().is_err() {
        return Ok(facts);
    }
    if wants(ReminderKind::DepositDeadline) {
        let select = format!(
            "SELECT d.id, d.status, d.deadline, d.amount, d.lead_days, {TERM}
             FROM deposits d CROSS JOIN terminals t ON t.id = d.terminal_id"
        );
        let conds = pick(
            &[
                "d.status = 'held' AND d.deadline <= ?1",
                "d.lead_days IS NOT NULL AND d.status = 'held' AND d.deadline > ?1",
            ],
            &["d.id = ?1 AND d.status = 'held'"],
        );
        facts.deposits = query(conn, &select, conds, &params, |r| {
            Ok(DepositFact {
                id: r.get(0)?,
                status: r.get(1)?,
                deadline: r.get(2)?,
                amount: r.get(3)?,
                lead_days: r.get(4)?,
                terminal: term(r, 5)?,
            })
        })?;
    }
    if wants(ReminderKind::MaintenanceDue) {
        let select = format!(
            "SELECT p.id, p.task, p.starts_on, p.every, p.mode, p.lead_days, p.last_done_on, {TERM}
             FROM maintenance_plans p CROSS JOIN terminals t ON t.id = p.terminal_id"
        );
        let conds = pick(
            &[
                "p.next_due_on <= ?1 AND t.status IN ('in_use','spare')",
                "p.lead_days IS NOT NULL AND p.next_due_on > ?1 AND t.status IN ('in_use','spare')",
            ],
            &["p.id = ?1 AND t.status IN ('in_use','spare')"],
        );
        let conv = |i, e: Error| rusqlite::Error::FromSqlConversionFailure(i, rusqlite::types::Type::Text, Box::new(e));
        facts.plans = query(conn, &select, conds, &params, |r| {
            let task: String = r.get(1)?;
            let every: String = r.get(3)?;
            Ok(PlanFact {
                id: r.get(0)?,
                task: MaintenanceTask::parse(&task).map_err(|e| conv(1, e))?,
                starts_on: r.get(2)?,
                interval: Interval::parse(&every).map_err(|e| conv(3, e))?,
                mode: r.get(4)?,
                lead_days: r.get(5)?,
                last_done_on: r.get(6)?,
                terminal: term(r, 7)?,
            })
        })?;
    }
    if wants(ReminderKind::RepairOverdue) {
        let select = format!(
            "SELECT r.id, r.status, r.fault, r.opened_on, r.expected_back_on, r.ticket_no, r.lead_days, {TERM}
             FROM repairs r CROSS JOIN terminals t ON t.id = r.terminal_id"
        );
        let conds =
            pick(&["r.status NOT IN ('closed','replaced')"], &["r.id = ?1 AND r.status NOT IN ('closed','replaced')"]);
        facts.repairs = query(conn, &select, conds, &params, |r| {
            Ok(RepairFact {
                id: r.get(0)?,
                status: r.get(1)?,
                fault: r.get(2)?,
                opened_on: r.get(3)?,
                expected_back_on: r.get(4)?,
                ticket_no: r.get(5)?,
                lead_days: r.get(6)?,
                terminal: term(r, 7)?,
            })
        })?;
    }
    Ok(facts)
}

impl Store {
    /// The facts the engine needs to list reminders as of `today`.
    pub fn reminder_facts(&self, today: NaiveDate) -> Result<Facts> {
        let s = settings::load(&self.conn)?;
        let mut facts = self.facts_as_of(today, &s)?;
        facts.acks = reminder_state::latest_acks(&self.conn)?;
        facts.snoozes = reminder_state::latest_snoozes(&self.conn)?;
        Ok(facts)
    }

    /// The items that may be listed as of `today` under the lead times of `s`, without their state.
    fn facts_as_of(&self, today: NaiveDate, s: &Settings) -> Result<Facts> {
        due_dates::facts_as_of(&self.conn, today, |k| s.lead(k), |floor, cut| warranties(&self.conn, floor, cut))
    }

    /// The facts of every item that has a due date, whatever its window: what a plain
    /// recomputation of the list gives the engine (the narrowed queries above are checked
    /// against it).
    pub fn all_reminder_facts(&self) -> Result<Facts> {
        let (first, last) = (NaiveDate::from_ymd_opt(1, 1, 1), NaiveDate::from_ymd_opt(9999, 12, 31));
        let (Some(floor), Some(cut)) = (first, last) else {
            return Ok(Facts::default());
        };
        let mut facts = load(&self.conn, &Scope::Until { cut, floor })?;
        facts.acks = reminder_state::latest_acks(&self.conn)?;
        facts.snoozes = reminder_state::latest_snoozes(&self.conn)?;
        Ok(facts)
    }

    /// Every item with a due date, in or out of its lead window (for the calendar export).
    pub fn due_items(&self) -> Result<Vec<Due>> {
        let s = settings::load(&self.conn)?;
        let (first, last) = (NaiveDate::from_ymd_opt(1, 1, 1), NaiveDate::from_ymd_opt(9999, 12, 31));
        let (Some(floor), Some(cut)) = (first, last) else {
            return Ok(Vec::new());
        };
        let facts = load(&self.conn, &Scope::Until { cut, floor })?;
        Ok(reminders::due_items(&facts, &s))
    }

    /// The reminders listed as of `today` (SPEC §3), titled in the settings' language.
    pub fn reminders(&self, today: NaiveDate) -> Result<Vec<Reminder>> {
        let s = settings::load(&self.conn)?;
        let facts = self.reminder_facts(today)?;
        Ok(reminders::list(facts, &s, today, s.language))
    }

    /// The reminders listed as of `today`, titled in `lang`: shared, and computed again only after
    /// a write of what they are made of (see [`ReminderCache`]), or for another date or language.
    pub fn listed_reminders(&self, today: NaiveDate, lang: Lang) -> Result<Arc<Vec<Reminder>>> {
        let mark = WriteMark::of(&self.conn)?;
        if let Some(c) = self.reminder_cache.borrow().as_ref() {
            if c.today == today && c.lang == lang && c.mark == mark {
                return Ok(Arc::clone(&c.list));
            }
        }
        let s = settings::load(&self.conn)?;
        let leads: Vec<i64> = ReminderKind::ALL.iter().map(|k| s.lead(*k)).collect();
        let marks = due_mark::read(&self.conn)?;
        let kept =
            self.reminder_cache.borrow_mut().take().filter(|c| c.today == today && c.lang == lang && c.leads == leads);
        let afresh = || -> Result<Arc<Vec<Reminder>>> {
            Ok(Arc::new(reminders::stateless(self.facts_as_of(today, &s)?, &s, today, lang)))
        };
        // The items: kept, patched by the keys the log names, or read afresh; with the item mark
        // and log entry they stand for.
        let (stateless, same_items, (facts, seq)) = match kept.as_ref() {
            Some(c) if c.marks.facts == marks.facts => (Arc::clone(&c.stateless), true, (c.marks.facts, c.marks.seq)),
            Some(c) => match due_mark::changes_since(&self.conn, c.marks.facts, c.marks.seq, PATCH_MOST)? {
                Some((keys, seq, facts)) => {
                    let fresh = reminders::stateless(facts_of_keys(&self.conn, &keys)?, &s, today, lang);
                    (Arc::new(reminders::replace_items(&c.stateless, &keys, fresh)), false, (facts, seq))
                }
                None => (afresh()?, false, (marks.facts, marks.seq)),
            },
            None => (afresh()?, false, (marks.facts, marks.seq)),
        };
        let list = match kept {
            Some(c) if same_items && c.marks.state == marks.state => c.list,
            _ => {
                let acks = reminder_state::latest_acks(&self.conn)?;
                let snoozes = reminder_state::latest_snoozes(&self.conn)?;
                if acks.is_empty() && snoozes.is_empty() {
                    Arc::clone(&stateless)
                } else {
                    Arc::new(reminders::with_state(stateless.as_ref().clone(), &acks, &snoozes, today))
                }
            }
        };
        let marks = due_mark::Marks { facts, state: marks.state, seq };
        *self.reminder_cache.borrow_mut() =
            Some(ReminderCache { today, lang, leads, mark, marks, stateless, list: Arc::clone(&list) });
        Ok(list)
    }

    /// The item a key names, with its current due date, if it has one and is not excluded.
    fn due_for_key(&self, key: &str) -> Result<Due> {
        let not_found = || Error::ReminderNotFound(key.to_string());
        let (kind, rest) = reminders::parse_key(key).ok_or_else(not_found)?;
        let s = settings::load(&self.conn)?;
        let facts = load(&self.conn, &Scope::Key(kind, rest))?;
        reminders::due_items(&facts, &s).into_iter().find(|d| d.key == key.trim()).ok_or_else(not_found)
    }

    /// Acknowledges a listed reminder at its urgency as of `today`. Returns that urgency.
    pub fn acknowledge(&mut self, key: &str, today: NaiveDate) -> Result<Urgency> {
        let due = self.due_for_key(key)?;
        if !due.in_window(today) {
            return Err(Error::ReminderNotFound(key.trim().to_string()));
        }
        let urgency = Urgency::from_days_left((due.due_on - today).num_days());
        self.record_ack(&due.key, due.due_on, urgency, today)?;
        Ok(urgency)
    }

    /// Hides a reminder until `until` (for its current due date). Returns that due date.
    pub fn snooze(&mut self, key: &str, until: NaiveDate) -> Result<NaiveDate> {
        let due = self.due_for_key(key)?;
        self.record_snooze(&due.key, due.due_on, until)?;
        Ok(due.due_on)
    }
}
