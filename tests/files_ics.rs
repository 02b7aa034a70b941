//! The calendar feed's event descriptions, read back with the `icalendar` crate's parser: what is
//! due, for which terminal, store and SIM card, and when, in the user's language; never an
//! internal reminder key (issue 10: descriptions showed `maintenance_due:1`).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod files_util;

use files_util::Db;
use icalendar::{Calendar, CalendarComponent, Component};
use std::collections::BTreeMap;

/// One item of every kind, and a SIM card in no terminal.
fn setup() -> Db {
    let a = Db::new();
    a.ok(&["terminal", "add", "--sn", "PAX-0001", "--brand", "PAX", "--model", "A920", "--store", "朝阳路店"]);
    a.ok(&["terminal", "set", "PAX-0001", "--warranty-until", "2027-03-31"]);
    a.ok(&["terminal", "add", "--sn", "NL-0002", "--brand", "新大陆", "--model", "ME31"]);
    a.ok(&["sim", "add", "--iccid", "89860012345678901238", "--terminal", "PAX-0001", "--expires-on", "2026-12-01"]);
    a.ok(&["sim", "add", "--iccid", "89860012345678901246", "--expires-on", "2026-12-02"]);
    a.ok(&["deposit", "add", "PAX-0001", "--amount", "199", "--deadline", "2027-01-15"]);
    a.ok(&[
        "maintenance",
        "add",
        "PAX-0001",
        "--task",
        "clean",
        "--every",
        "2w",
        "--starts-on",
        "2026-11-20",
        "--lead",
        "5",
    ]);
    a.ok(&["repair", "open", "NL-0002", "--fault", "printer", "--opened-on", "2026-11-18", "--ticket-no", "GD001"]);
    a
}

/// UID → (summary, description) of every event, as a calendar program reads them.
fn events(db: &Db, name: &str) -> BTreeMap<String, (String, String)> {
    let out = db.file(name);
    db.ok(&["export", "--format", "ics", "--out", out.to_str().unwrap()]);
    let text = std::fs::read_to_string(&out).unwrap();
    let cal: Calendar = text.parse().unwrap();
    cal.components
        .iter()
        .filter_map(|c| match c {
            CalendarComponent::Event(e) => Some((
                e.get_uid().unwrap().to_string(),
                (e.get_summary().unwrap().to_string(), e.get_description().unwrap().to_string()),
            )),
            _ => None,
        })
        .collect()
}

const KEYS: [&str; 5] = ["sim_expiry", "warranty_expiry", "deposit_deadline", "maintenance_due", "repair_overdue"];

#[test]
fn descriptions_say_what_which_terminal_store_and_card_and_when_in_chinese() {
    let ev = events(&setup(), "zh.ics");
    assert_eq!(ev.len(), 6);
    let desc = |uid: &str| ev[uid].1.clone();
    assert_eq!(
        desc("maintenance_due-1@poskeeper"),
        "保养到期（清洁）\n终端：PAX A920 · SN PAX-0001\n门店：朝阳路店\n到期日：2026年11月20日（提前 5 天提醒）"
    );
    assert_eq!(
        desc("repair_overdue-1@poskeeper"),
        "维修逾期（打印故障 · 单号 GD001）\n终端：新大陆 ME31 · SN NL-0002\n到期日：2026年11月25日（当天提醒）"
    );
    assert_eq!(
        desc("sim_expiry-89860012345678901238@poskeeper"),
        "流量卡到期\n终端：PAX A920 · SN PAX-0001\n门店：朝阳路店\n流量卡：89860012345678901238\n到期日：2026年12月1日（提前 30 天提醒）"
    );
    assert_eq!(
        desc("sim_expiry-89860012345678901246@poskeeper"),
        "流量卡到期\n终端：未装机\n流量卡：89860012345678901246\n到期日：2026年12月2日（提前 30 天提醒）"
    );
    assert_eq!(
        desc("deposit_deadline-1@poskeeper"),
        "押金返还截止 ¥199.00\n终端：PAX A920 · SN PAX-0001\n门店：朝阳路店\n到期日：2027年1月15日（提前 14 天提醒）"
    );
    assert_eq!(
        desc("warranty_expiry-PAX-0001@poskeeper"),
        "保修到期\n终端：PAX A920 · SN PAX-0001\n门店：朝阳路店\n到期日：2027年3月31日（提前 30 天提醒）"
    );
    // The summary still names the terminal; no text a user reads carries a key.
    assert_eq!(ev["maintenance_due-1@poskeeper"].0, "保养到期（清洁）：PAX A920 · 朝阳路店 · SN PAX-0001");
    for (uid, (summary, d)) in &ev {
        for k in KEYS {
            assert!(!d.contains(k) && !summary.contains(k), "{uid}: {summary} / {d}");
        }
        assert!(!d.contains("@poskeeper"), "{uid}: {d}");
    }
}

#[test]
fn descriptions_follow_the_language_setting() {
    let db = setup();
    db.ok(&["settings", "language", "en"]);
    let ev = events(&db, "en.ics");
    let maintenance = &ev["maintenance_due-1@poskeeper"].1;
    assert!(
        maintenance.ends_with(
            "\nTerminal: PAX A920 · SN PAX-0001\nStore: 朝阳路店\nDue: Nov 20, 2026 (reminder 5 days ahead)"
        ),
        "{maintenance}"
    );
    assert!(!maintenance.contains("maintenance_due"), "{maintenance}");
    let repair = &ev["repair_overdue-1@poskeeper"].1;
    assert!(repair.ends_with("\nDue: Nov 25, 2026 (reminder on the day)"), "{repair}");
    let loose = &ev["sim_expiry-89860012345678901246@poskeeper"].1;
    assert!(loose.contains("\nTerminal: not in a terminal\nSIM card: 89860012345678901246\n"), "{loose}");

    db.ok(&["settings", "language", "zh-TW"]);
    let tw = &events(&db, "tw.ics")["maintenance_due-1@poskeeper"].1;
    // The store is the user's own text, as typed.
    assert!(
        tw.ends_with("\n刷卡機：PAX A920 · SN PAX-0001\n門市：朝阳路店\n到期日：2026年11月20日（提前 5 天提醒）"),
        "{tw}"
    );
}
