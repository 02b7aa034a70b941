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

/// Writes of every kind, by any path (the store's commands, or plain SQL as an import, a restore or
/// a hand edit would make them): the kept table of due dates follows each, so the list is still
/// the engine's over every fact read from the item tables.
#[test]
fn the_list_follows_every_kind_of_write() {
    let (mut rng, _) = files_util::Rng::from_env();
    let base = NaiveDate::from_ymd_opt(2026, 11, 22).unwrap();
    let writes: &[(&str, &str)] = &[
        ("a terminal moved to another store", "UPDATE terminals SET store_id = (SELECT id FROM stores ORDER BY random() LIMIT 1)"),
        ("a terminal's brand and model", "UPDATE terminals SET brand = 'Brand' || (id % 3), model = NULL"),
        ("a terminal's SN", "UPDATE terminals SET sn = sn || 'x'"),
        ("a terminal's status", "UPDATE terminals SET status = CASE abs(random()) % 4 WHEN 0 THEN 'lost' WHEN 1 THEN 'spare' WHEN 2 THEN 'in_repair' ELSE 'in_use' END"),
        ("a warranty moved or removed", "UPDATE terminals SET warranty_until = CASE WHEN id % 3 = 0 THEN NULL ELSE date('2026-11-22', (abs(random()) % 200 - 100) || ' days') END"),
        ("a warranty's own lead", "UPDATE terminals SET warranty_lead_days = abs(random()) % 300"),
        ("a SIM card taken out", "UPDATE sims SET terminal_id = NULL"),
        ("a SIM card cancelled", "UPDATE sims SET status = 'cancelled'"),
        ("a SIM card renewed", "UPDATE sims SET expires_on = date(coalesce(expires_on, '2026-11-22'), '+' || (abs(random()) % 90) || ' days')"),
        ("a SIM card's expiry removed", "UPDATE sims SET expires_on = NULL"),
        ("a deposit refunded", "UPDATE deposits SET status = 'refunded', refunded_on = '2026-11-20'"),
        ("a deposit's deadline and amount", "UPDATE deposits SET deadline = date(deadline, '-20 days'), amount = amount + 100"),
        ("a repair closed", "UPDATE repairs SET status = 'closed', closed_on = '2026-11-21'"),
        ("a repair expected back", "UPDATE repairs SET expected_back_on = date(opened_on, '+' || (abs(random()) % 20) || ' days')"),
        ("a repair's ticket and fault", "UPDATE repairs SET ticket_no = 'T' || id, fault = 'network'"),
        ("a SIM card deleted", "DELETE FROM sims"),
        ("a deposit deleted", "DELETE FROM deposits"),
        ("a plan deleted", "DELETE FROM maintenance_plans"),
        ("a terminal deleted", "DELETE FROM terminals"),
    ];
    for round in 0..3 {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::create(dir.path().join("w.db")).unwrap();
        poskeeper::demo::generate(&mut store, 120 + rng.below(120), rng.next(), base).unwrap();
        let date = |rng: &mut files_util::Rng| base + chrono::Duration::days(rng.below(300) as i64 - 150);
        for (what, sql) in writes {
            // Each write touches about one row in four of its table.
            let sql =
                if sql.contains(" WHERE ") { sql.to_string() } else { format!("{sql} WHERE abs(random()) % 4 = 0") };
            let changed = store.conn().execute(&sql, []).unwrap();
            check(&store, date(&mut rng), &format!("round {round}, {what} ({changed} rows)"));
        }
        // The store's own commands: plans completed (their next due date moves).
        let plans: Vec<i64> = {
            let mut st = store.conn().prepare("SELECT id FROM maintenance_plans").unwrap();
            st.query_map([], |r| r.get(0)).unwrap().map(Result::unwrap).collect()
        };
        for id in plans.iter().take(10) {
            store.complete_plan(*id, date(&mut rng), None).unwrap();
        }
        check(&store, date(&mut rng), &format!("round {round}, plans completed"));
    }
}

/// A file of the first schema (before the table of due dates) is copied aside, brought up to date
/// when opened, and lists what the engine lists over its facts.
#[test]
fn a_file_from_before_the_due_dates_is_migrated_and_lists_the_same() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("old.db");
    let base = NaiveDate::from_ymd_opt(2026, 11, 22).unwrap();
    {
        let mut store = Store::create(&path).unwrap();
        poskeeper::demo::generate(&mut store, 300, 7, base).unwrap();
        // What schema 1 was: the same tables without due_dates and its triggers (and without the
        // import mappings of migration 3, the find mark of migration 4, the push channels of
        // migration 6, the attachments of migration 8, the tally of migration 9 and the find log of
        // migration 10).
        let conn = store.conn();
        let objects: Vec<(String, String)> = {
            let mut st = conn
                .prepare(
                    "SELECT type, name FROM sqlite_schema
                     WHERE (name LIKE 'due%' OR name = 'import_mappings' OR name LIKE 'find_mark%'
                            OR name LIKE 'push%' OR name LIKE 'attachment%' OR name LIKE 'terminal_tally%' OR name = 'find_changes')
                       AND type IN ('trigger', 'table')",
                )
                .unwrap();
            st.query_map([], |r| Ok((r.get(0)?, r.get(1)?))).unwrap().map(Result::unwrap).collect()
        };
        assert!(objects.len() > 8, "{objects:?}");
        // The push log and the attachments' bytes first: they refer to other tables of these.
        let mut objects = objects;
        objects.sort_by_key(|(_, name)| name != "push_log" && name != "attachment_data");
        for (kind, name) in objects {
            // IF EXISTS: dropping due_dates drops the triggers on it (due_mark's).
            conn.execute_batch(&format!("DROP {kind} IF EXISTS {name}")).unwrap();
        }
        conn.pragma_update(None, "user_version", 1).unwrap();
    }
    let store = Store::open(&path).unwrap();
    assert_eq!(store.schema_version().unwrap(), poskeeper::store::SCHEMA_VERSION);
    let copy = dir
        .path()
        .join("backups")
        .join(format!("poskeeper-before-migration-v1-to-v{}.db", poskeeper::store::SCHEMA_VERSION));
    assert!(copy.is_file(), "no copy was made before the migration");
    let rows: i64 = store.conn().query_row("SELECT count(*) FROM due_dates", [], |r| r.get(0)).unwrap();
    assert!(rows > 150, "{rows} due dates after the migration");
    for days in [-200, -30, 0, 15, 90, 400] {
        check(&store, base + chrono::Duration::days(days), "migrated from schema 1");
    }
}

/// A large import drops the triggers that keep the due dates while it writes and fills the table
/// in one pass at the end: the list is still the engine's, and the triggers are back.
#[test]
fn a_large_import_fills_the_due_dates_and_puts_the_triggers_back() {
    use poskeeper::files::{export, import};
    let dir = tempfile::tempdir().unwrap();
    let base = NaiveDate::from_ymd_opt(2026, 11, 22).unwrap();
    let mut source = Store::create(dir.path().join("source.db")).unwrap();
    poskeeper::demo::generate(&mut source, 6000, 11, base).unwrap();
    let csv = dir.path().join("all.csv");
    export::export_csv(&source, &csv, Lang::ZhCn, &Default::default()).unwrap();
    let triggers = |store: &Store| -> Vec<String> {
        let mut st =
            store.conn().prepare("SELECT sql FROM sqlite_schema WHERE type = 'trigger' ORDER BY name").unwrap();
        st.query_map([], |r| r.get(0)).unwrap().map(Result::unwrap).collect()
    };
    let mut store = Store::create(dir.path().join("imported.db")).unwrap();
    let opts = import::ImportOptions {
        dry_run: false,
        skip_invalid: false,
        sheet: None,
        lang: Lang::ZhCn,
        today: base,
        now: base.and_hms_opt(9, 0, 0).unwrap(),
    };
    let r = import::import_file(&mut store, &csv, &opts, &mut |_, _| {}).unwrap();
    assert_eq!(r.new, 6000, "{r:?}");
    assert_eq!(triggers(&store), triggers(&source));
    let rows: i64 = store.conn().query_row("SELECT count(*) FROM due_dates", [], |r| r.get(0)).unwrap();
    assert!(rows > 3000, "{rows} due dates after the import");
    for days in [-100, 0, 20, 200] {
        check(&store, base + chrono::Duration::days(days), "after a large import");
    }
    // And the triggers work again: a write after the import is followed.
    store.conn().execute("UPDATE sims SET expires_on = '2026-11-23' WHERE id % 7 = 0", []).unwrap();
    check(&store, base, "a write after the import");
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
