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
