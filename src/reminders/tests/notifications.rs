//! What is notified: once per level, overdue daily, quiet hours, acknowledgement, the summary.

use super::*;

fn at(date: &str, time: &str) -> chrono::NaiveDateTime {
    d(date).and_time(NaiveTime::parse_from_str(time, "%H:%M").unwrap())
}

fn listed(f: &Facts, today: &str) -> Vec<Reminder> {
    compute(f, &settings(), d(today), Lang::ZhCn)
}

fn log_of(dec: &super::notify::Decision) -> Vec<NotificationRecord> {
    dec.records.clone()
}

#[test]
fn notify_once_per_level_and_overdue_daily() {
    let f = Facts { sims: vec![sim(ICCID, "2026-12-31", SimStatus::Active)], ..Facts::default() };
    let q = settings().quiet_hours;
    let first = decide(&listed(&f, "2026-12-24"), &[], at("2026-12-24", "09:00"), q, Lang::ZhCn);
    assert_eq!(first.notifications.len(), 1);
    match &first.notifications[0] {
        Notification::Single { key, summary, body } => {
            assert_eq!(key, &format!("sim_expiry:{ICCID}"));
            assert!(summary.contains("T1"), "{summary}");
            assert!(body.contains("7 天"), "{body}");
        }
        other => panic!("{other:?}"),
    }
    let mut log = log_of(&first);
    // Same level again (later that day, the next day): nothing.
    assert!(decide(&listed(&f, "2026-12-24"), &log, at("2026-12-24", "10:00"), q, Lang::ZhCn).notifications.is_empty());
    assert!(decide(&listed(&f, "2026-12-25"), &log, at("2026-12-25", "09:00"), q, Lang::ZhCn).notifications.is_empty());
    // Rises to today: once more.
    let today = decide(&listed(&f, "2026-12-31"), &log, at("2026-12-31", "09:00"), q, Lang::ZhCn);
    assert_eq!(today.notifications.len(), 1);
    log.extend(log_of(&today));
    // Overdue: once a day.
    let o1 = decide(&listed(&f, "2027-01-01"), &log, at("2027-01-01", "09:00"), q, Lang::ZhCn);
    assert_eq!(o1.notifications.len(), 1);
    log.extend(log_of(&o1));
    assert!(decide(&listed(&f, "2027-01-01"), &log, at("2027-01-01", "18:00"), q, Lang::ZhCn).notifications.is_empty());
    assert_eq!(
        decide(&listed(&f, "2027-01-02"), &log, at("2027-01-02", "09:00"), q, Lang::ZhCn).notifications.len(),
        1
    );
}

#[test]
fn notify_respects_quiet_hours_and_acknowledgement() {
    let mut f = Facts { sims: vec![sim(ICCID, "2026-12-31", SimStatus::Active)], ..Facts::default() };
    let q = settings().quiet_hours;
    let night = decide(&listed(&f, "2026-12-24"), &[], at("2026-12-24", "22:30"), q, Lang::ZhCn);
    assert!(night.notifications.is_empty() && night.held && night.records.is_empty());
    let early = decide(&listed(&f, "2026-12-24"), &[], at("2026-12-24", "07:59"), q, Lang::ZhCn);
    assert!(early.held);
    let morning = decide(&listed(&f, "2026-12-24"), &[], at("2026-12-24", "08:00"), q, Lang::ZhCn);
    assert_eq!(morning.notifications.len(), 1);
    assert_eq!(
        decide(&listed(&f, "2026-12-24"), &[], at("2026-12-24", "22:30"), None, Lang::ZhCn).notifications.len(),
        1
    );
    f.acks.insert((format!("sim_expiry:{ICCID}"), d("2026-12-31")), Urgency::Soon);
    assert!(decide(&listed(&f, "2026-12-24"), &[], at("2026-12-24", "09:00"), q, Lang::ZhCn).notifications.is_empty());
    // Rising to today un-acknowledges it.
    assert_eq!(decide(&listed(&f, "2026-12-31"), &[], at("2026-12-31", "09:00"), q, Lang::ZhCn).notifications.len(), 1);
}

#[test]
fn notify_summarizes_more_than_three() {
    let sims: Vec<SimFact> =
        (0..4).map(|i| sim(&format!("8986001234567890120{i}"), "2026-12-31", SimStatus::Active)).collect();
    let mut f = Facts { sims, ..Facts::default() };
    f.deposits = deposit("2026-12-31", DepositStatus::Held).deposits;
    let dec = decide(&listed(&f, "2026-12-24"), &[], at("2026-12-24", "09:00"), None, Lang::ZhCn);
    assert_eq!(dec.notifications.len(), 1);
    assert_eq!(dec.records.len(), 5);
    match &dec.notifications[0] {
        Notification::Summary { counts, summary, body } => {
            assert_eq!(counts, &vec![(ReminderKind::DepositDeadline, 1), (ReminderKind::SimExpiry, 4)]);
            assert!(summary.contains('5'), "{summary}");
            assert!(body.contains("流量卡到期 4"), "{body}");
        }
        other => panic!("{other:?}"),
    }
    // Exactly three: one each.
    f.deposits.clear();
    f.sims.pop();
    assert_eq!(
        decide(&listed(&f, "2026-12-24"), &[], at("2026-12-24", "09:00"), None, Lang::ZhCn).notifications.len(),
        3
    );
}
