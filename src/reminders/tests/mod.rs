//! Boundary and property tests of the reminder engine (SPEC §3).

use super::notify::{decide, Notification, NotificationRecord};
use super::*;
use crate::domain::{DepositStatus, QuietHours, RepairStatus, SimStatus, TerminalStatus};
use chrono::{NaiveDate, NaiveTime};

mod listing;
mod notifications;
mod properties;
mod queue;

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn settings() -> Settings {
    Settings {
        lead_sim_expiry: 30,
        lead_warranty_expiry: 30,
        lead_deposit_deadline: 14,
        lead_maintenance_due: 3,
        lead_repair_overdue: 0,
        quiet_hours: QuietHours::parse("21:00-08:00").unwrap(),
        language: Lang::ZhCn,
        notifications: true,
        close_to_tray: true,
        autostart: false,
    }
}

fn term(sn: &str, status: TerminalStatus) -> TerminalRef {
    TerminalRef {
        sn: sn.into(),
        brand: Some("百富".into()),
        model: Some("A920".into()),
        store: Some("朝阳路店".into()),
        provider: None,
        status,
    }
}

fn sim(iccid: &str, expires: &str, status: SimStatus) -> SimFact {
    SimFact {
        iccid: iccid.into(),
        status,
        expires_on: Some(d(expires)),
        lead_days: None,
        terminal: Some(term("T1", TerminalStatus::InUse)),
    }
}

fn keys_at(facts: &Facts, today: &str) -> Vec<String> {
    compute(facts, &settings(), d(today), Lang::ZhCn).into_iter().map(|r| r.key).collect()
}

fn one(facts: &Facts, today: &str) -> Option<Reminder> {
    let v = compute(facts, &settings(), d(today), Lang::ZhCn);
    assert!(v.len() <= 1, "{v:?}");
    v.into_iter().next()
}

const ICCID: &str = "89860012345678901234";

fn warranty(until: &str, status: TerminalStatus) -> Facts {
    Facts {
        warranties: vec![WarrantyFact {
            terminal: term("SN1", status),
            warranty_until: Some(d(until)),
            lead_days: None,
        }],
        ..Facts::default()
    }
}

fn deposit(deadline: &str, status: DepositStatus) -> Facts {
    Facts {
        deposits: vec![DepositFact {
            id: 7,
            status,
            deadline: d(deadline),
            amount: 19900,
            lead_days: None,
            terminal: term("SN1", TerminalStatus::InUse),
        }],
        ..Facts::default()
    }
}

fn plan(mode: MaintenanceMode, interval: Interval, starts: &str, last: Option<&str>, status: TerminalStatus) -> Facts {
    Facts {
        plans: vec![PlanFact {
            id: 3,
            task: MaintenanceTask::Clean,
            starts_on: d(starts),
            interval,
            mode,
            lead_days: None,
            last_done_on: last.map(d),
            terminal: term("SN1", status),
        }],
        ..Facts::default()
    }
}

fn repair(status: RepairStatus, opened: &str, expected: Option<&str>) -> Facts {
    Facts {
        repairs: vec![RepairFact {
            id: 12,
            status,
            fault: crate::domain::RepairFault::Printer,
            opened_on: d(opened),
            expected_back_on: expected.map(d),
            ticket_no: Some("WX1".into()),
            lead_days: None,
            terminal: term("SN1", TerminalStatus::InRepair),
        }],
        ..Facts::default()
    }
}

/// The engine merges one run per kind in `ReminderKind::ALL`'s order, taken as the codes' order
/// (SPEC §3 sorts by the kind's name after the due date).
#[test]
fn kinds_are_declared_in_the_order_of_their_codes() {
    let codes: Vec<&str> = crate::domain::ReminderKind::ALL.iter().map(|k| k.code()).collect();
    assert!(codes.is_sorted(), "{codes:?}");
}
