//! The shared list of reminders (`Store::listed_reminders`) the desktop app's agenda, badge and
//! notifier all read: the same list while nothing changes, a fresh one after a write through this
//! connection or by another program, and for another date or language.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use chrono::NaiveDate;
use poskeeper::i18n::Lang;
use poskeeper::Store;
use std::sync::Arc;

fn day(d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, d).unwrap()
}

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
    assert_eq!(first.len(), 1);
    assert!(first[0].title.contains("流量卡"), "{}", first[0].title);
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
    assert_eq!(two.len(), 2, "{two:?}");

    // A write through this connection: the acknowledgement shows.
    store.acknowledge(&two[0].key, day(22)).unwrap();
    let acked = store.listed_reminders(day(22), Lang::ZhCn).unwrap();
    assert_eq!(acked.iter().filter(|r| r.acknowledged).count(), 1, "{acked:?}");

    // Another day and another language are other lists.
    let later = store.listed_reminders(day(26), Lang::En).unwrap();
    assert!(later.iter().all(|r| r.days_left < 0), "{later:?}");
    assert!(later[0].title.starts_with("SIM"), "{}", later[0].title);
    let back = store.listed_reminders(day(22), Lang::ZhCn).unwrap();
    assert_eq!(back.len(), 2);
    assert!(back[0].title.contains("流量卡"));
}
