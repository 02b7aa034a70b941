//! The agenda's bulk actions on a real SQLite file: many keys acknowledged or snoozed in one
//! transaction, a bad key refusing the whole set by name, and one undo removing exactly the
//! records the action made.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use chrono::NaiveDate;
use poskeeper::domain::Urgency;
use poskeeper::i18n::Lang;
use poskeeper::store::BulkTable;
use poskeeper::Store;

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 22).unwrap()
}

/// A demo inventory big enough to list well over 200 reminders.
fn demo() -> (common::Db, Store) {
    let db = common::Db::new();
    let mut store = Store::open(&db.path).unwrap();
    poskeeper::demo::generate(&mut store, 3000, 7, today()).unwrap();
    (db, store)
}

fn listed_keys(store: &Store) -> Vec<String> {
    store.listed_reminders(today(), Lang::ZhCn).unwrap().iter().map(|r| r.key.clone()).collect()
}

#[test]
fn two_hundred_acknowledged_in_one_step_then_undone_leave_the_tables_as_before() {
    let (db, mut store) = demo();
    let list = store.listed_reminders(today(), Lang::ZhCn).unwrap();
    let keys: Vec<String> = list.iter().filter(|r| !r.acknowledged).take(200).map(|r| r.key.clone()).collect();
    assert_eq!(keys.len(), 200, "the demo lists at least 200 reminders");
    let before = db.dump();

    let done = store.acknowledge_many(&keys, today()).unwrap();
    assert_eq!((done.len(), done.table), (200, BulkTable::Acks));
    assert_eq!(done.keys().collect::<Vec<_>>(), keys.iter().map(String::as_str).collect::<Vec<_>>());
    assert_ne!(db.dump(), before);
    let after = store.listed_reminders(today(), Lang::ZhCn).unwrap();
    for r in after.iter().filter(|r| keys.contains(&r.key)) {
        assert!(r.acknowledged, "{} acknowledged", r.key);
        assert_eq!(r.urgency, Urgency::from_days_left(r.days_left));
    }
    assert_eq!(after.iter().filter(|r| r.acknowledged).count(), list.iter().filter(|r| r.acknowledged).count() + 200);

    assert_eq!(store.undo_bulk(&done).unwrap(), 200);
    assert_eq!(db.dump(), before, "undo removes exactly the records the action made");
    // Undone once: a second undo finds its records gone, and changes nothing.
    let again = store.undo_bulk(&done).unwrap_err();
    assert_eq!(again.code(), "invalid_state");
    assert_eq!(db.dump(), before);
}

#[test]
fn a_bad_key_names_itself_and_changes_nothing() {
    let (db, mut store) = demo();
    let mut keys: Vec<String> = listed_keys(&store).into_iter().take(150).collect();
    keys.insert(75, "sim_expiry:89860000000000000000".to_string());
    keys.push("no_such_kind:1".to_string());
    let before = db.dump();
    for result in [
        store.acknowledge_many(&keys, today()).map(|_| ()),
        store.snooze_many(&keys, NaiveDate::from_ymd_opt(2026, 12, 1).unwrap(), today()).map(|_| ()),
    ] {
        let e = result.unwrap_err();
        assert_eq!(e.code(), "reminder_not_found");
        assert!(e.to_string().contains("sim_expiry:89860000000000000000"), "{e}");
    }
    assert_eq!(db.dump(), before);
    // A key given twice is acted on once; no keys at all is no action.
    let twice = vec![keys[0].clone(), format!(" {} ", keys[0])];
    assert_eq!(store.acknowledge_many(&twice, today()).unwrap().len(), 1);
    assert!(store.acknowledge_many(&[], today()).unwrap().is_empty());
}

#[test]
fn snoozed_ones_leave_the_list_for_the_snoozed_view_and_come_back_unsnoozed() {
    let (db, mut store) = demo();
    let keys: Vec<String> = listed_keys(&store).into_iter().step_by(3).take(250).collect();
    let n_before = listed_keys(&store).len();
    let until = NaiveDate::from_ymd_opt(2026, 12, 5).unwrap();
    let before = db.dump();

    let snoozed = store.snooze_many(&keys, until, today()).unwrap();
    assert_eq!((snoozed.len(), snoozed.table), (250, BulkTable::Snoozes));
    assert_eq!(listed_keys(&store).len(), n_before - 250);
    let view = store.snoozed_reminders(today(), Lang::ZhCn).unwrap();
    assert_eq!(view.len(), 250);
    assert!(view.iter().all(|r| r.snoozed_until == Some(until) && keys.contains(&r.key)));

    // Un-snoozing some (a snooze until today) brings them back at once; undoing that hides them again.
    let some: Vec<String> = keys[..40].to_vec();
    let shown = store.snooze_many(&some, today(), today()).unwrap();
    assert_eq!(listed_keys(&store).len(), n_before - 210);
    assert_eq!(store.snoozed_reminders(today(), Lang::ZhCn).unwrap().len(), 210);
    store.undo_bulk(&shown).unwrap();
    assert_eq!(store.snoozed_reminders(today(), Lang::ZhCn).unwrap().len(), 250);

    store.undo_bulk(&snoozed).unwrap();
    assert_eq!(db.dump(), before);
    assert_eq!(listed_keys(&store).len(), n_before);
    // The day the snooze ends, the snoozed view no longer holds it.
    store.snooze_many(&keys, until, today()).unwrap();
    assert!(store.snoozed_reminders(until, Lang::ZhCn).unwrap().is_empty());
}

#[test]
fn the_agenda_filters_by_the_provider_a_terminal_has_now() {
    use poskeeper::reminders::queue::{filter, AgendaFilter};
    let (db, store) = demo();
    let list = store.listed_reminders(today(), Lang::ZhCn).unwrap();
    let sn = list.iter().find_map(|r| r.terminal.as_ref().map(|t| t.sn.clone())).unwrap();
    let theirs = list.iter().filter(|r| r.terminal_sn.as_deref() == Some(sn.as_str())).count();
    // Another program (the CLI) moves the terminal to a new provider: the kept list is read again.
    db.ok(&["terminal", "set", &sn, "--provider", "新服务商"]);
    let list = store.listed_reminders(today(), Lang::ZhCn).unwrap();
    let by = AgendaFilter { providers: vec!["新服务商".into()], ..AgendaFilter::default() };
    let found = filter(&list, &by);
    assert_eq!(found.len(), theirs, "{sn}");
    assert!(found.iter().all(|r| r.terminal_sn.as_deref() == Some(sn.as_str())));
}

#[test]
fn the_command_line_takes_several_keys_and_still_one() {
    let db = common::Db::new();
    db.ok(&["terminal", "add", "--sn", "PAX-0001", "--store", "朝阳路店"]);
    for (iccid, exp) in [("89860112345678901238", "2026-11-20"), ("89860112345678901246", "2026-11-25")] {
        db.ok(&["sim", "add", "--iccid", iccid, "--expires-on", exp]);
    }
    let (a, b) = ("sim_expiry:89860112345678901238", "sim_expiry:89860112345678901246");
    let before = db.dump();
    let bad = db.run(&["ack", a, "sim_expiry:89869999999999999999", b]);
    assert_eq!(bad.code, 1);
    assert!(bad.stderr.contains("sim_expiry:89869999999999999999"), "{}", bad.stderr);
    assert_eq!(db.dump(), before);
    assert_eq!(db.ok(&["ack", a, b]), "2");
    assert!(db.reminders("2026-11-22").iter().all(|r| r["acknowledged"] == true));
    assert_eq!(db.ok(&["snooze", a, b, "--until", "2026-11-30"]), "2026-11-30");
    assert!(db.keys("2026-11-22").is_empty());
    // The single-key forms are as before.
    assert_eq!(db.ok(&["snooze", a, "--until", "2026-11-22"]), "2026-11-22");
    assert_eq!(db.ok(&["ack", a]), "overdue");
    assert_eq!(db.run(&["ack"]).code, 2);
}
