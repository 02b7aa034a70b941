//! The reminder list the store answers (its queries narrow the facts to the window by index, and
//! the list is kept until a write) is the engine's list over every fact: compared on random
//! data — demo inventories of random seeds, with random lead times of their own, settings,
//! acknowledgements and snoozes — as of random dates. `POSKEEPER_TEST_SEED` replays a run.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod files_util;

use chrono::NaiveDate;
use poskeeper::domain::ReminderKind;
use poskeeper::i18n::Lang;
use poskeeper::reminders::{compute, Reminder};
use poskeeper::Store;

fn plain(store: &Store, today: NaiveDate, lang: Lang) -> Vec<Reminder> {
    let settings = store.settings().unwrap();
    compute(&store.all_reminder_facts().unwrap(), &settings, today, lang)
}

fn check(store: &Store, today: NaiveDate, what: &str) {
    let lang = store.settings().unwrap().language;
    let want = plain(store, today, lang);
    assert_eq!(store.reminders(today).unwrap(), want, "{what}: reminders as of {today}");
    assert_eq!(*store.listed_reminders(today, Lang::En).unwrap(), plain(store, today, Lang::En), "{what}, en");
}

#[test]
fn the_store_lists_what_the_engine_lists_over_every_fact() {
    let (mut rng, _) = files_util::Rng::from_env();
    let base = NaiveDate::from_ymd_opt(2026, 11, 22).unwrap();
    for round in 0..4 {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::create(dir.path().join("r.db")).unwrap();
        poskeeper::demo::generate(&mut store, 150 + rng.below(250), rng.next(), base).unwrap();
        let date = |rng: &mut files_util::Rng| base + chrono::Duration::days(rng.below(900) as i64 - 450);
        for _ in 0..4 {
            check(&store, date(&mut rng), &format!("round {round}, as generated"));
        }
        // Lead times: the settings' (the maintenance one moves every plan's due date), and items'
        // own (a lead of its own widens what the narrowed queries must read).
        for kind in ReminderKind::ALL {
            if rng.below(2) == 0 {
                store.set_setting(kind.lead_setting(), &rng.below(120).to_string()).unwrap();
            }
        }
        let conn = store.conn();
        for (table, col) in [
            ("sims", "lead_days"),
            ("terminals", "warranty_lead_days"),
            ("deposits", "lead_days"),
            ("repairs", "lead_days"),
        ] {
            let sql = format!("UPDATE {table} SET {col} = abs(random()) % 400 WHERE abs(random()) % 5 = 0");
            conn.execute(&sql, []).unwrap();
        }
        for _ in 0..4 {
            check(&store, date(&mut rng), &format!("round {round}, with lead times"));
        }
        // Acknowledge and snooze some of what is listed, then look on other days.
        let day = date(&mut rng);
        let listed = store.reminders(day).unwrap();
        for r in &listed {
            if rng.below(4) != 0 {
                continue;
            }
            if rng.below(2) == 0 {
                store.acknowledge(&r.key, day).unwrap();
            } else {
                store.snooze(&r.key, day + chrono::Duration::days(rng.below(30) as i64)).unwrap();
            }
        }
        check(&store, day, &format!("round {round}, acknowledged and snoozed"));
        for _ in 0..4 {
            check(&store, day + chrono::Duration::days(rng.below(40) as i64 - 10), &format!("round {round}, later"));
        }
    }
}

/// The notifier reads the log of what it lists: key by key for a few keys, in one pass for many;
/// both give every entry of those keys and nothing else.
#[test]
fn the_notification_log_of_many_keys_is_that_of_each_key() {
    use poskeeper::domain::Urgency;
    use poskeeper::reminders::notify::NotificationRecord;
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::create(dir.path().join("n.db")).unwrap();
    let day = NaiveDate::from_ymd_opt(2026, 11, 22).unwrap();
    let records: Vec<NotificationRecord> = (0..900)
        .map(|i| NotificationRecord {
            key: format!("sim_expiry:{:020}", i % 600),
            due_on: day + chrono::Duration::days(i % 7),
            urgency: if i % 3 == 0 { Urgency::Overdue } else { Urgency::Soon },
            local_date: day,
            summary: i % 2 == 0,
        })
        .collect();
    store.log_notifications(&records, chrono::Utc::now()).unwrap();
    let sorted = |mut v: Vec<NotificationRecord>| {
        v.sort_by(|a, b| (&a.key, a.due_on, a.summary).cmp(&(&b.key, b.due_on, b.summary)));
        v
    };
    for n in [0, 3, 256, 257, 400, 700] {
        let keys: Vec<String> = (0..n).map(|i| format!("sim_expiry:{:020}", i * 2)).collect();
        let keys: Vec<&str> = keys.iter().map(String::as_str).collect();
        let want: Vec<NotificationRecord> =
            records.iter().filter(|r| keys.contains(&r.key.as_str())).cloned().collect();
        assert_eq!(sorted(store.notification_log(&keys).unwrap()), sorted(want), "{n} keys");
    }
}
