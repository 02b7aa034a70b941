//! What is listed, kind by kind, at the edges of each window, and in what order.

use super::*;

#[test]
fn sim_expiry_window_and_urgency() {
    let facts = Facts { sims: vec![sim(ICCID, "2026-12-31", SimStatus::Active)], ..Facts::default() };
    // L = 30: listed at 30 days left, not at 31.
    assert!(one(&facts, "2026-11-30").is_none());
    let r = one(&facts, "2026-12-01").unwrap();
    assert_eq!((r.days_left, r.urgency), (30, Urgency::Upcoming));
    assert_eq!(r.key, format!("sim_expiry:{ICCID}"));
    assert_eq!(r.iccid.as_deref(), Some(ICCID));
    assert_eq!(r.terminal_sn.as_deref(), Some("T1"));
    assert_eq!(one(&facts, "2026-12-23").unwrap().urgency, Urgency::Upcoming); // 8
    assert_eq!(one(&facts, "2026-12-24").unwrap().urgency, Urgency::Soon); // 7
    assert_eq!(one(&facts, "2026-12-30").unwrap().urgency, Urgency::Soon); // 1
    assert_eq!(one(&facts, "2026-12-31").unwrap().urgency, Urgency::Today);
    let r = one(&facts, "2027-01-01").unwrap();
    assert_eq!((r.days_left, r.urgency), (-1, Urgency::Overdue));
    // Overdue SIM cards stay listed: the shop cannot take payments.
    assert_eq!(one(&facts, "2028-01-01").unwrap().urgency, Urgency::Overdue);
}

#[test]
fn sim_lead_per_item_and_cancelled_and_loose_cards() {
    let mut s = sim(ICCID, "2026-12-31", SimStatus::Active);
    s.lead_days = Some(60);
    s.terminal = None;
    let facts = Facts { sims: vec![s], ..Facts::default() };
    assert!(one(&facts, "2026-10-31").is_none()); // 61
    let r = one(&facts, "2026-11-01").unwrap(); // 60
    assert_eq!(r.terminal_sn, None);
    assert!(r.title.contains("未装机"), "{}", r.title);
    let cancelled = Facts { sims: vec![sim(ICCID, "2026-12-31", SimStatus::Cancelled)], ..Facts::default() };
    assert!(keys_at(&cancelled, "2027-01-05").is_empty());
    let undated = Facts {
        sims: vec![SimFact { expires_on: None, ..sim(ICCID, "2026-12-31", SimStatus::Active) }],
        ..Facts::default()
    };
    assert!(keys_at(&undated, "2027-01-05").is_empty());
}

#[test]
fn warranty_window_is_minus_30_to_lead() {
    let f = warranty("2026-12-31", TerminalStatus::InUse);
    assert!(one(&f, "2026-11-30").is_none()); // 31
    assert_eq!(one(&f, "2026-12-01").unwrap().days_left, 30);
    assert_eq!(one(&f, "2027-01-30").unwrap().days_left, -30);
    assert!(one(&f, "2027-01-31").is_none()); // -31
    assert_eq!(one(&f, "2026-12-31").unwrap().key, "warranty_expiry:SN1");
}

#[test]
fn warranty_never_for_retired_terminals() {
    for s in [TerminalStatus::Replaced, TerminalStatus::Deregistered, TerminalStatus::Lost] {
        assert!(keys_at(&warranty("2026-12-31", s), "2026-12-20").is_empty(), "{s:?}");
    }
    for s in [TerminalStatus::InUse, TerminalStatus::Spare, TerminalStatus::InRepair] {
        assert_eq!(keys_at(&warranty("2026-12-31", s), "2026-12-20").len(), 1, "{s:?}");
    }
}

#[test]
fn deposit_deadline_window_and_settled() {
    let f = deposit("2026-12-15", DepositStatus::Held);
    assert!(one(&f, "2026-11-30").is_none()); // 15
    let r = one(&f, "2026-12-01").unwrap(); // 14
    assert_eq!((r.key.as_str(), r.days_left), ("deposit_deadline:7", 14));
    assert!(r.title.contains("199.00"), "{}", r.title);
    assert_eq!(one(&f, "2026-12-16").unwrap().urgency, Urgency::Overdue);
    assert!(keys_at(&deposit("2026-12-15", DepositStatus::Refunded), "2026-12-10").is_empty());
    assert!(keys_at(&deposit("2026-12-15", DepositStatus::Forfeited), "2026-12-10").is_empty());
}

fn due_of(f: &Facts) -> NaiveDate {
    due_items(f, &settings())[0].due_on
}

#[test]
fn maintenance_next_due() {
    use MaintenanceMode::*;
    let m1 = Interval::Months(1);
    // Never done: starts_on.
    assert_eq!(due_of(&plan(Fixed, m1, "2026-01-31", None, TerminalStatus::InUse)), d("2026-01-31"));
    assert_eq!(due_of(&plan(FromCompletion, m1, "2026-01-31", None, TerminalStatus::InUse)), d("2026-01-31"));
    // from_completion: last completion + interval, clamped.
    assert_eq!(
        due_of(&plan(FromCompletion, m1, "2026-01-01", Some("2026-01-31"), TerminalStatus::InUse)),
        d("2026-02-28")
    );
    assert_eq!(
        due_of(&plan(FromCompletion, Interval::Weeks(2), "2026-01-01", Some("2026-03-10"), TerminalStatus::InUse)),
        d("2026-03-24")
    );
    // fixed: occurrences from starts_on, Jan 31 → Feb 28 → Mar 31.
    assert_eq!(due_of(&plan(Fixed, m1, "2026-01-31", Some("2026-01-31"), TerminalStatus::InUse)), d("2026-02-28"));
    assert_eq!(due_of(&plan(Fixed, m1, "2026-01-31", Some("2026-02-28"), TerminalStatus::InUse)), d("2026-03-31"));
    // A completion inside an occurrence's lead window (3 days) counts for that occurrence.
    assert_eq!(due_of(&plan(Fixed, m1, "2026-01-31", Some("2026-02-25"), TerminalStatus::InUse)), d("2026-03-31"));
    assert_eq!(due_of(&plan(Fixed, m1, "2026-01-31", Some("2026-02-24"), TerminalStatus::InUse)), d("2026-02-28"));
    // Done late: the next occurrence after the completion.
    assert_eq!(due_of(&plan(Fixed, m1, "2026-01-31", Some("2026-03-05"), TerminalStatus::InUse)), d("2026-03-31"));
}

#[test]
fn maintenance_window_and_terminal_status() {
    let f = plan(MaintenanceMode::Fixed, Interval::Days(30), "2026-12-10", None, TerminalStatus::InUse);
    assert!(one(&f, "2026-12-06").is_none()); // 4
    assert_eq!(one(&f, "2026-12-07").unwrap().days_left, 3);
    assert_eq!(one(&f, "2026-12-07").unwrap().key, "maintenance_due:3");
    let spare = plan(MaintenanceMode::Fixed, Interval::Days(30), "2026-12-10", None, TerminalStatus::Spare);
    assert_eq!(keys_at(&spare, "2026-12-10").len(), 1);
    for s in [TerminalStatus::InRepair, TerminalStatus::Replaced, TerminalStatus::Deregistered, TerminalStatus::Lost] {
        let f = plan(MaintenanceMode::Fixed, Interval::Days(30), "2026-12-10", None, s);
        assert!(keys_at(&f, "2026-12-10").is_empty(), "{s:?}");
    }
}

#[test]
fn repair_overdue_due_dates_and_window() {
    // No expected date: opened_on + 7, lead 0 → listed from the due date on.
    let f = repair(RepairStatus::Open, "2026-12-01", None);
    assert!(one(&f, "2026-12-07").is_none());
    let r = one(&f, "2026-12-08").unwrap();
    assert_eq!((r.key.as_str(), r.days_left, r.urgency), ("repair_overdue:12", 0, Urgency::Today));
    assert_eq!(one(&f, "2026-12-09").unwrap().urgency, Urgency::Overdue);
    let f = repair(RepairStatus::InRepair, "2026-12-01", Some("2026-12-20"));
    assert!(one(&f, "2026-12-19").is_none());
    assert_eq!(one(&f, "2026-12-20").unwrap().due_on, d("2026-12-20"));
    for s in [RepairStatus::Closed, RepairStatus::Replaced] {
        assert!(keys_at(&repair(s, "2026-12-01", None), "2027-01-01").is_empty());
    }
    for s in [RepairStatus::Open, RepairStatus::Diagnosing, RepairStatus::InRepair, RepairStatus::Ready] {
        assert_eq!(keys_at(&repair(s, "2026-12-01", None), "2027-01-01").len(), 1);
    }
}

#[test]
fn snooze_hides_until_its_date_and_lapses_when_due_moves() {
    let mut f = Facts { sims: vec![sim(ICCID, "2026-12-31", SimStatus::Active)], ..Facts::default() };
    let key = format!("sim_expiry:{ICCID}");
    f.snoozes.insert((key.clone(), d("2026-12-31")), d("2026-12-10"));
    assert!(one(&f, "2026-12-09").is_none());
    let r = one(&f, "2026-12-10").unwrap();
    assert_eq!(r.snoozed_until, Some(d("2026-12-10")));
    // Renewal moves D: the snooze lapses.
    f.sims[0].expires_on = Some(d("2027-01-05"));
    let r = one(&f, "2026-12-09").unwrap();
    assert_eq!(r.snoozed_until, None);
}

#[test]
fn acknowledged_only_while_urgency_is_unchanged() {
    let mut f = Facts { sims: vec![sim(ICCID, "2026-12-31", SimStatus::Active)], ..Facts::default() };
    let key = format!("sim_expiry:{ICCID}");
    f.acks.insert((key.clone(), d("2026-12-31")), Urgency::Upcoming);
    assert!(one(&f, "2026-12-15").unwrap().acknowledged); // 16: upcoming
    assert!(one(&f, "2026-12-23").unwrap().acknowledged); // 8: still upcoming
    assert!(!one(&f, "2026-12-24").unwrap().acknowledged); // 7: soon — it rose
                                                           // An ack recorded for an older due date has lapsed.
    f.sims[0].expires_on = Some(d("2027-01-01"));
    assert!(!one(&f, "2026-12-15").unwrap().acknowledged);
}

#[test]
fn sorted_by_due_then_kind_then_key() {
    let mut f = warranty("2026-12-20", TerminalStatus::InUse);
    f.sims =
        vec![sim(ICCID, "2026-12-20", SimStatus::Active), sim("89860012345678901200", "2026-12-10", SimStatus::Active)];
    f.deposits = deposit("2026-12-20", DepositStatus::Held).deposits;
    f.repairs = vec![
        RepairFact { id: 10, ..repair(RepairStatus::Open, "2026-12-13", None).repairs[0].clone() },
        RepairFact { id: 9, ..repair(RepairStatus::Open, "2026-12-13", None).repairs[0].clone() },
    ];
    assert_eq!(
        keys_at(&f, "2026-12-20"),
        vec![
            "sim_expiry:89860012345678901200".to_string(),
            "deposit_deadline:7".into(),
            "repair_overdue:10".into(),
            "repair_overdue:9".into(),
            format!("sim_expiry:{ICCID}"),
            "warranty_expiry:SN1".into(),
        ]
    );
}
