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
            // All five are due within the week: the title counts them, the body names the nearest three.
            assert_eq!(summary, "5 项一周内到期");
            assert_eq!(body.matches("朝阳路店 百富 A920").count(), 3, "{body}");
            assert!(body.ends_with("；另有 2 项"), "{body}");
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

fn sim_at(iccid: &str, expires: &str, store: &str) -> SimFact {
    let mut s = sim(iccid, expires, SimStatus::Active);
    if let Some(t) = s.terminal.as_mut() {
        t.store = Some(store.into());
        t.sn = format!("T-{store}");
    }
    s
}

#[test]
fn summary_names_the_nearest_items_with_their_stores_and_dates() {
    // Two overdue long ago, three due today at three stores, five later this month.
    let mut sims = vec![
        sim_at("89860000000000000001", "2026-11-01", "远店"),
        sim_at("89860000000000000002", "2026-11-02", "远店"),
        sim_at("89860000000000000003", "2026-12-07", "朝阳路店"),
        sim_at("89860000000000000004", "2026-12-07", "望京店"),
        sim_at("89860000000000000005", "2026-12-07", "国贸店"),
    ];
    for i in 0..5 {
        sims.push(sim_at(&format!("8986000000000000010{i}"), "2026-12-20", "后店"));
    }
    let f = Facts { sims, ..Facts::default() };
    let now = at("2026-12-07", "09:00");
    let zh = decide(&listed(&f, "2026-12-07"), &[], now, None, Lang::ZhCn);
    let Notification::Summary { summary, body, .. } = &zh.notifications[0] else { panic!("{zh:?}") };
    assert_eq!(summary, "3 项今天到期");
    assert_eq!(
        body,
        "朝阳路店 百富 A920 流量卡到期（12月7日）；望京店 百富 A920 流量卡到期（12月7日）；国贸店 百富 A920 流量卡到期（12月7日）；另有 7 项"
    );
    // The app's language: Taiwanese wording, English with its own date.
    let tw = compute(&f, &settings(), d("2026-12-07"), Lang::ZhTw);
    let Notification::Summary { summary, body, .. } = &decide(&tw, &[], now, None, Lang::ZhTw).notifications[0] else {
        panic!()
    };
    assert_eq!(summary, "3 項今天到期");
    assert!(body.ends_with("；另有 7 項"), "{body}");
    let en = compute(&f, &settings(), d("2026-12-07"), Lang::En);
    let Notification::Summary { summary, body, .. } = &decide(&en, &[], now, None, Lang::En).notifications[0] else {
        panic!()
    };
    assert_eq!(summary, "3 due today");
    assert!(body.starts_with("朝阳路店 百富 A920 SIM card expiry (Dec 7); "), "{body}");
    assert!(body.ends_with("; and 7 more"), "{body}");
    // Nothing due today: the most recently overdue lead, and a card in no terminal is named by its tail.
    let mut f2 = Facts { sims: f.sims[..2].to_vec(), ..Facts::default() };
    f2.sims.extend(f.sims[5..].iter().cloned());
    f2.sims[1].terminal = None;
    let dec = decide(&listed(&f2, "2026-12-07"), &[], now, None, Lang::ZhCn);
    let Notification::Summary { summary, body, .. } = &dec.notifications[0] else { panic!("{dec:?}") };
    assert_eq!(summary, "2 项已逾期");
    assert!(body.starts_with("流量卡到期 …000002（11月2日）；远店 百富 A920 流量卡到期（11月1日）；"), "{body}");
    assert!(body.ends_with("；另有 5 项"), "{body}");
}
