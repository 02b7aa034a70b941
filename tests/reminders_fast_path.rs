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
