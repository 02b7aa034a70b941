//! The shared list of reminders (`Store::listed_reminders`) the desktop app's agenda, badge and
//! notifier all read: the same list while nothing changes, a fresh one after a write through this
//! connection or by another program, and for another date or language.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use chrono::NaiveDate;
use poskeeper::domain::Urgency;
use poskeeper::i18n::Lang;
use poskeeper::reminders::Reminder;
use poskeeper::Store;
use std::sync::Arc;

fn day(d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, d).unwrap()
}

/// (key, due date, days left, urgency, acknowledged, title) of each listed reminder, in order.
fn rows(list: &[Reminder]) -> Vec<(&str, NaiveDate, i64, Urgency, bool, &str)> {
    list.iter().map(|r| (r.key.as_str(), r.due_on, r.days_left, r.urgency, r.acknowledged, r.title.as_str())).collect()
}

const CARD_1: &str = "sim_expiry:89860112345678901238";
const CARD_2: &str = "sim_expiry:89860112345678901246";

#[test]
fn the_list_is_computed_again_after_any_write_and_for_another_day_or_language() {
    let db = common::Db::new();
    db.ok(&["terminal", "add", "--sn", "PAX-A920-0001", "--brand", "PAX", "--model", "A920"]);
    db.ok(&[
        "sim",
        "add",
        "--iccid",
        "89860112345678901238",
        "--expires-on",
        "2026-11-25",
        "--terminal",
        "PAX-A920-0001",
    ]);
    let mut store = Store::create(&db.path).unwrap();

    let first = store.listed_reminders(day(22), Lang::ZhCn).unwrap();
    let title_1 = "流量卡到期：PAX A920 · SN PAX-A920-0001 · 卡号 …901238";
    assert_eq!(rows(&first), vec![(CARD_1, day(25), 3, Urgency::Soon, false, title_1)]);
    let again = store.listed_reminders(day(22), Lang::ZhCn).unwrap();
    assert!(Arc::ptr_eq(&first, &again), "nothing changed, so the same list");

    // Another program adds a card: seen at once.
    db.ok(&["terminal", "add", "--sn", "PAX-A920-0002"]);
    db.ok(&[
        "sim",
        "add",
        "--iccid",
        "89860112345678901246",
        "--expires-on",
        "2026-11-24",
        "--terminal",
        "PAX-A920-0002",
    ]);
    let two = store.listed_reminders(day(22), Lang::ZhCn).unwrap();
    let title_2 = "流量卡到期：SN PAX-A920-0002 · 卡号 …901246";
    assert_eq!(
        rows(&two),
        vec![(CARD_2, day(24), 2, Urgency::Soon, false, title_2), (CARD_1, day(25), 3, Urgency::Soon, false, title_1)]
    );

    // A write through this connection: the acknowledgement shows.
    assert_eq!(store.acknowledge(CARD_2, day(22)).unwrap(), Urgency::Soon);
    let acked = store.listed_reminders(day(22), Lang::ZhCn).unwrap();
    assert_eq!(
        rows(&acked),
        vec![(CARD_2, day(24), 2, Urgency::Soon, true, title_2), (CARD_1, day(25), 3, Urgency::Soon, false, title_1)]
    );

    // Another day and another language are other lists.
    let later = store.listed_reminders(day(26), Lang::En).unwrap();
    assert_eq!(
        rows(&later),
        vec![
            (CARD_2, day(24), -2, Urgency::Overdue, false, "SIM card expiry: SN PAX-A920-0002 · card …901246"),
            (
                CARD_1,
                day(25),
                -1,
                Urgency::Overdue,
                false,
                "SIM card expiry: PAX A920 · SN PAX-A920-0001 · card …901238"
            ),
        ]
    );
    let back = store.listed_reminders(day(22), Lang::ZhCn).unwrap();
    assert_eq!(rows(&back), rows(&acked));
}

/// After a write the app keeps what the list is made of unless the due-date marks (migration 5)
/// say it changed: every write of an item, a terminal's text or warranty, an acknowledgement, a
/// snooze or a lead time — by another connection too — is in the next list, which must equal one
/// computed afresh; writes of anything else keep the list whole and leave the item mark alone.
#[test]
fn the_kept_list_follows_every_write_of_what_it_is_made_of_and_other_writes_keep_it() {
    let db = common::Db::new();
    db.ok(&["terminal", "add", "--sn", "MARK-0001", "--brand", "PAX", "--model", "A920"]);
    db.ok(&["terminal", "add", "--sn", "MARK-0002", "--warranty-until", "2026-12-10"]);
    db.ok(&["sim", "add", "--iccid", "89860112345678901238", "--expires-on", "2026-11-25", "--terminal", "MARK-0001"]);
    let store = Store::open(&db.path).unwrap();
    let other = rusqlite::Connection::open(&db.path).unwrap();
    let marks = || -> (i64, i64) {
        other.query_row("SELECT facts, state FROM due_mark", [], |r| Ok((r.get(0)?, r.get(1)?))).unwrap()
    };
    let today = day(22);
    let lang = store.settings().unwrap().language;
    let fresh = || Store::open(&db.path).unwrap().reminders(today).unwrap();
    let kept = store.listed_reminders(today, lang).unwrap();
    assert_eq!(kept.len(), 2, "{kept:?}");
    let before = marks();
    for sql in [
        "INSERT OR REPLACE INTO settings(key, value) VALUES ('autostart', 'on')",
        "UPDATE terminals SET notes = '备注', merchant_no = '990077' WHERE sn = 'MARK-0001'",
        "INSERT INTO terminals(sn) VALUES ('MARK-NO-WARRANTY')",
        "INSERT INTO sims(iccid) VALUES ('89860000000000077770')",
        "INSERT INTO notification_log(key, due_on, urgency, local_date, notified_at)
         VALUES ('sim_expiry:89860112345678901238', '2026-11-25', 'soon', '2026-11-22', '2026-11-22T10:00:00Z')",
    ] {
        other.execute_batch(sql).unwrap();
        assert_eq!(marks(), before, "a mark moved after: {sql}");
        assert!(Arc::ptr_eq(&kept, &store.listed_reminders(today, lang).unwrap()), "not kept after: {sql}");
    }
    let card = "sim_expiry:89860112345678901238";
    let steps: &[(&str, bool)] = &[
        ("UPDATE sims SET expires_on = '2026-11-23' WHERE iccid = '89860112345678901238'", true),
        ("UPDATE terminals SET brand = '百富', store_id = NULL WHERE sn = 'MARK-0001'", true),
        ("UPDATE terminals SET warranty_until = '2026-12-01' WHERE sn = 'MARK-0002'", true),
        ("UPDATE terminals SET warranty_lead_days = 3 WHERE sn = 'MARK-0002'", true),
        ("UPDATE terminals SET warranty_until = '2026-11-30', warranty_lead_days = NULL WHERE sn = 'MARK-0002'", true),
        ("UPDATE terminals SET sn = 'MARK-0003' WHERE sn = 'MARK-0002'", true),
        (
            "INSERT INTO deposits(terminal_id, amount, deadline) SELECT id, 50000, '2026-11-28' FROM terminals
             WHERE sn = 'MARK-0001'",
            true,
        ),
        ("UPDATE deposits SET status = 'refunded'", true),
        (
            "INSERT INTO maintenance_plans(terminal_id, task, every, starts_on, mode, next_due_on)
             SELECT id, 'clean', '1m', '2026-11-24', 'fixed', '2026-11-24' FROM terminals WHERE sn = 'MARK-0001'",
            true,
        ),
        (
            "INSERT INTO repairs(terminal_id, opened_on, fault, expected_back_on) SELECT id, '2026-11-20', 'printer',
             '2026-11-23' FROM terminals WHERE sn = 'MARK-0001'",
            true,
        ),
        ("UPDATE terminals SET status = 'lost' WHERE sn = 'MARK-0003'", true),
        ("INSERT INTO reminder_acks(key, due_on, urgency, acked_on) VALUES ('{card}', '2026-11-23', 'soon', '2026-11-22')", false),
        ("INSERT INTO reminder_snoozes(key, due_on, until) VALUES ('{card}', '2026-11-23', '2026-11-23')", false),
        ("DELETE FROM reminder_acks", false),
        ("INSERT OR REPLACE INTO settings(key, value) VALUES ('lead.sim_expiry', '1')", false),
        ("INSERT OR REPLACE INTO settings(key, value) VALUES ('lead.sim_expiry', '30')", false),
        ("DELETE FROM reminder_snoozes", false),
        ("DELETE FROM terminals WHERE sn = 'MARK-0001'", true),
    ];
    for (sql, items) in steps {
        let sql = sql.replace("{card}", card);
        let was = store.listed_reminders(today, lang).unwrap();
        let before = marks();
        other.execute_batch(&sql).unwrap();
        let now = store.listed_reminders(today, lang).unwrap();
        assert_eq!(*now, fresh(), "after: {sql}");
        assert!(!Arc::ptr_eq(&was, &now), "kept after: {sql}");
        if *items {
            assert_ne!(marks().0, before.0, "the item mark did not move after: {sql}");
        } else if sql.contains("reminder_") {
            assert_ne!(marks().1, before.1, "the state mark did not move after: {sql}");
        }
    }

    // A large import drops the marks' triggers, fills the due dates, then puts them back and
    // moves the marks once.
    let sheet = db.dir.path().join("big.csv");
    let rows: String =
        (1..=6000).map(|i| format!("IMP-{i:06},89860000000{i:09},2026-11-{:02}\n", 23 + i % 5)).collect();
    std::fs::write(&sheet, format!("SN,ICCID,流量卡到期\n{rows}")).unwrap();
    let was = store.listed_reminders(today, lang).unwrap();
    let before = marks();
    db.ok(&["import", sheet.to_str().unwrap()]);
    assert_ne!(marks().0, before.0, "the import did not move the item mark");
    let triggers: i64 = other
        .query_row("SELECT count(*) FROM sqlite_schema WHERE type = 'trigger' AND name GLOB 'due_mark_*'", [], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(triggers, 15, "the import put the marks' triggers back");
    let now = store.listed_reminders(today, lang).unwrap();
    // The 6,000 cards imported and the one left without its terminal above.
    assert_eq!(now.len(), 6001);
    assert_eq!(*now, fresh());
    assert_eq!(was.len(), 1, "{was:?}");
    let filled = marks();
    other.execute_batch("UPDATE sims SET expires_on = '2026-12-31' WHERE iccid = '89860000000000000001'").unwrap();
    assert_ne!(marks().0, filled.0, "the triggers put back do not move the mark");
    assert_eq!(*store.listed_reminders(today, lang).unwrap(), fresh());
}

/// The kept list, patched by the keys the change log names, against one computed afresh after
/// each of 160 random writes by another connection to a demo inventory: items of every kind
/// moved, ended, put back, deleted; terminals renamed, retired, deleted; state written; now and
/// then a write of hundreds of items (made afresh). Seeded: `POSKEEPER_TEST_SEED` replays a run.
#[test]
fn the_patched_list_equals_a_fresh_one_after_random_writes() {
    let (mut rng, seed) = common::Rng::from_env();
    let mut next = move |n: u64| rng.below(n);
    let today = day(22);
    let db = common::Db::new();
    let mut store = Store::open(&db.path).unwrap();
    poskeeper::demo::generate(&mut store, 1500, 7, today).unwrap();
    let other = rusqlite::Connection::open(&db.path).unwrap();
    let lang = Lang::ZhCn;
    let count = |t: &str| -> u64 {
        other.query_row(&format!("SELECT count(*) FROM {t}"), [], |r| r.get::<_, i64>(0)).unwrap() as u64
    };
    store.listed_reminders(today, lang).unwrap();
    for step in 0..160 {
        let pick = |t: &str, k: u64| format!("(SELECT id FROM {t} ORDER BY id LIMIT 1 OFFSET {k})");
        let days = next(60) as i64 - 20;
        let on = format!("date('2026-11-22', '{days} days')");
        let sql = match next(12) {
            0 => format!("UPDATE sims SET expires_on = {on} WHERE id = {}", pick("sims", next(count("sims")))),
            1 => format!(
                "UPDATE sims SET status = '{}' WHERE id = {}",
                ["active", "cancelled", "active"][next(3) as usize],
                pick("sims", next(count("sims")))
            ),
            2 => format!(
                "UPDATE terminals SET warranty_until = {on}, warranty_lead_days = {} WHERE id = {}",
                ["NULL", "3", "90"][next(3) as usize],
                pick("terminals", next(count("terminals")))
            ),
            3 => format!(
                "UPDATE terminals SET brand = 'B{}', status = '{}' WHERE id = {}",
                next(5),
                ["in_use", "spare", "lost", "in_repair"][next(4) as usize],
                pick("terminals", next(count("terminals")))
            ),
            4 => format!(
                "UPDATE terminals SET sn = 'RND-{step}-' || sn WHERE id = {}",
                pick("terminals", next(count("terminals")))
            ),
            5 => format!(
                "UPDATE deposits SET deadline = {on}, status = '{}' WHERE id = {}",
                ["held", "held", "refunded"][next(3) as usize],
                pick("deposits", next(count("deposits")))
            ),
            6 => format!("UPDATE maintenance_plans SET lead_days = {} WHERE id = {}", ["NULL", "1", "60"][next(3) as usize], pick("maintenance_plans", next(count("maintenance_plans")))),
            7 => format!(
                "INSERT INTO repairs(terminal_id, opened_on, fault, expected_back_on) SELECT id, '2026-11-10', 'screen', {on}
                 FROM terminals WHERE id = {}",
                pick("terminals", next(count("terminals")))
            ),
            8 => format!("DELETE FROM terminals WHERE id = {}", pick("terminals", next(count("terminals")))),
            9 => {
                let listed = store.listed_reminders(today, lang).unwrap();
                match listed.get(next(listed.len() as u64) as usize) {
                    Some(r) if next(2) == 0 => format!(
                        "INSERT INTO reminder_acks(key, due_on, urgency, acked_on) VALUES ('{}', '{}', '{}', '2026-11-22')",
                        r.key,
                        r.due_on,
                        r.urgency.code()
                    ),
                    Some(r) => format!(
                        "INSERT INTO reminder_snoozes(key, due_on, until) VALUES ('{}', '{}', {on})",
                        r.key, r.due_on
                    ),
                    None => "DELETE FROM reminder_acks".to_string(),
                }
            }
            10 => format!("UPDATE sims SET expires_on = date(expires_on, '{} days') WHERE id % 5 = {}", next(9) as i64 - 4, next(5)),
            _ => format!(
                "UPDATE sims SET expires_on = {on}, status = 'active' WHERE id IN ({}, {})",
                pick("sims", next(count("sims"))),
                pick("sims", next(count("sims")))
            ),
        };
        other.execute_batch(&sql).unwrap();
        let fresh = Store::open(&db.path).unwrap().listed_reminders(today, lang).unwrap();
        let kept = store.listed_reminders(today, lang).unwrap();
        assert!(*kept == *fresh, "seed {seed}, step {step}: the kept list differs from a fresh one after: {sql}");
    }
}

/// The notification logs forget what no decision reads again (an overdue item logged a row a day
/// for good): 40 days of the notifier's daily checks over a demo inventory, logged as the app
/// logs them; then forgetting as of the last day must change no decision from two days before it
/// to a week after, and must remove rows.
#[test]
fn forgetting_old_notifications_changes_no_decision() {
    use poskeeper::reminders::notify::decide;
    let db = common::Db::new();
    let mut store = Store::open(&db.path).unwrap();
    let start = NaiveDate::from_ymd_opt(2026, 10, 1).unwrap();
    poskeeper::demo::generate(&mut store, 400, 3, start).unwrap();
    let at = |d: NaiveDate| d.and_hms_opt(10, 0, 0).unwrap();
    let decisions = |store: &Store| -> Vec<Vec<(String, NaiveDate, Urgency)>> {
        (-2..=7)
            .map(|k| {
                let now = start + chrono::Duration::days(40 + k);
                let listed = store.reminders(now).unwrap();
                let keys: Vec<&str> = listed.iter().map(|r| r.key.as_str()).collect();
                let log = store.notification_log(&keys).unwrap();
                let d = decide(&listed, &log, at(now), None, Lang::ZhCn);
                d.records.into_iter().map(|r| (r.key, r.due_on, r.urgency)).collect()
            })
            .collect()
    };
    // A phone channel that took every notification too: its log is trimmed the same way.
    store
        .conn()
        .execute("INSERT INTO push_channels(kind, name, url) VALUES ('webhook', '手机', 'http://127.0.0.1:9/x')", [])
        .unwrap();
    for k in 0..=40 {
        let now = start + chrono::Duration::days(k);
        let listed = store.reminders(now).unwrap();
        let keys: Vec<&str> = listed.iter().map(|r| r.key.as_str()).collect();
        let log = store.notification_log(&keys).unwrap();
        let d = decide(&listed, &log, at(now), None, Lang::ZhCn);
        store.log_notifications(&d.records, at(now).and_utc()).unwrap();
        assert!(store.channel_sent(1, &d.records, at(now).and_utc()).unwrap());
    }
    let rows = |store: &Store| -> i64 {
        let count = |t: &str| -> i64 {
            store.conn().query_row(&format!("SELECT count(*) FROM {t}"), [], |r| r.get(0)).unwrap()
        };
        assert_eq!(count("notification_log"), count("push_log"), "the channel's log is the desktop's");
        count("notification_log")
    };
    let before = (decisions(&store), rows(&store));
    assert!(before.0.iter().any(|d| !d.is_empty()), "some days notify something");
    let forgotten = store.forget_old_notifications(start + chrono::Duration::days(40)).unwrap();
    let after = (decisions(&store), rows(&store));
    assert!(forgotten > 200 && after.1 == before.1 - forgotten as i64 / 2, "{forgotten} of 2 × {} forgotten", before.1);
    for (k, (a, b)) in after.0.iter().zip(&before.0).enumerate() {
        assert!(a == b, "the decision of day {} changed: {} notified, {} before", 38 + k, a.len(), b.len());
    }
    // Overdue items keep the last two days' entries only.
    let oldest: NaiveDate = store
        .conn()
        .query_row("SELECT min(local_date) FROM notification_log WHERE urgency = 'overdue'", [], |r| r.get(0))
        .unwrap();
    assert_eq!(oldest, start + chrono::Duration::days(38));
}
