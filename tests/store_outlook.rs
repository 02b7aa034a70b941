//! The outlook (费用与到期, issue 12) on a small inventory made through the CLI: every figure
//! written out here from the rules (SPEC §2–§3), not computed by the code under test.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use chrono::NaiveDate;
use common::Db;
use poskeeper::domain::TerminalStatus as S;

const ICCIDS: [&str; 7] = [
    "89860012345678901238",
    "89860012345678901246",
    "89860012345678901253",
    "89860012345678901261",
    "89860012345678901279",
    "89860012345678901287",
    "89860012345678901295",
];

/// Four terminals, seven SIM cards, four deposits: one of each case the outlook tells apart.
fn inventory() -> Db {
    let db = Db::new();
    let t = |sn: &str, more: &[&str]| {
        let mut args = vec!["terminal", "add", "--sn", sn];
        args.extend_from_slice(more);
        db.ok(&args);
    };
    t("T-1", &["--provider", "拉卡拉", "--warranty-until", "2027-01-31"]);
    t("T-2", &["--provider", "拉卡拉", "--status", "deregistered", "--warranty-until", "2027-01-15"]);
    t("T-3", &["--provider", "银联商务", "--status", "spare", "--warranty-until", "2027-10-31"]);
    t("T-4", &["--status", "in_repair", "--warranty-until", "2027-11-01"]);
    let sim = |i: usize, more: &[&str]| {
        let mut args = vec!["sim", "add", "--iccid", ICCIDS[i]];
        args.extend_from_slice(more);
        db.ok(&args);
    };
    sim(0, &["--expires-on", "2026-11-30", "--fee", "45"]); // this month
    sim(1, &["--expires-on", "2026-12-15", "--fee", "48"]);
    sim(2, &["--expires-on", "2026-12-20"]); // no fee recorded
    sim(3, &["--expires-on", "2026-12-21", "--fee", "50"]);
    db.ok(&["sim", "cancel", ICCIDS[3]]); // cancelled: nothing to renew
    sim(4, &["--expires-on", "2026-10-01", "--fee", "30"]); // lapsed, still active
    sim(5, &["--expires-on", "2027-11-01", "--fee", "60"]); // past the 12 months
    sim(6, &["--expires-on", "2027-10-31", "--fee", "40.5"]); // the 12th month
    db.ok(&["deposit", "add", "T-1", "--amount", "199", "--deadline", "2027-03-01"]);
    db.ok(&["deposit", "add", "T-3", "--amount", "100", "--deadline", "2026-11-01"]); // held, late
    let refunded = db.ok(&["deposit", "add", "T-3", "--amount", "50", "--deadline", "2026-12-01"]);
    db.ok(&["deposit", "refunded", &refunded]);
    let forfeited = db.ok(&["deposit", "add", "T-4", "--amount", "80", "--deadline", "2027-02-01"]);
    db.ok(&["deposit", "forfeited", &forfeited]);
    db
}

#[test]
fn the_outlook_counts_fees_expiries_deposits_and_terminals_by_month_and_kind() {
    let db = inventory();
    let store = poskeeper::Store::open(&db.path).unwrap();
    let o = store.outlook(NaiveDate::from_ymd_opt(2026, 11, 22).unwrap()).unwrap();
    assert_eq!(o.from, NaiveDate::from_ymd_opt(2026, 11, 1).unwrap());
    let months: Vec<&str> = o.months.iter().map(|m| m.month.as_str()).collect();
    assert_eq!(months.first(), Some(&"2026-11"));
    assert_eq!(months.last(), Some(&"2027-10"));
    assert_eq!(months.len(), 12);
    let m = |s: &str| o.months.iter().find(|m| m.month == s).unwrap();
    // SIM cards: fees in fen, cards without a fee counted apart, cancelled and lapsed ones not.
    assert_eq!((m("2026-11").sims, m("2026-11").sim_fees, m("2026-11").sims_without_fee), (1, 4500, 0));
    assert_eq!((m("2026-12").sims, m("2026-12").sim_fees, m("2026-12").sims_without_fee), (2, 4800, 1));
    assert_eq!((m("2027-10").sims, m("2027-10").sim_fees), (1, 4050));
    assert_eq!(o.months.iter().map(|m| m.sims).sum::<i64>(), 4);
    assert_eq!((o.sims_lapsed, o.sim_fees_lapsed), (1, 3000));
    // Warranties of terminals still in use, spare or in repair; T-4's ends after the 12 months.
    assert_eq!(m("2027-01").warranties, 1);
    assert_eq!(m("2027-10").warranties, 1);
    assert_eq!(o.months.iter().map(|m| m.warranties).sum::<i64>(), 2);
    // Held deposits by deadline; the money by outcome.
    assert_eq!((m("2027-03").deposits, m("2027-03").deposit_amount), (1, 19900));
    assert_eq!((m("2026-11").deposits, m("2026-11").deposit_amount), (1, 10000));
    assert_eq!(o.months.iter().map(|m| m.deposits).sum::<i64>(), 2);
    let d = &o.deposits;
    assert_eq!((d.held, d.held_amount, d.held_late, d.held_late_amount), (2, 29900, 1, 10000));
    assert_eq!((d.refunded, d.refunded_amount, d.forfeited, d.forfeited_amount), (1, 5000, 1, 8000));
    // Terminals by status and by provider, most first.
    let status: Vec<(S, i64)> = o.by_status.iter().map(|s| (s.status, s.count)).collect();
    assert_eq!(status.len(), 4);
    for want in [(S::InUse, 1), (S::Deregistered, 1), (S::Spare, 1), (S::InRepair, 1)] {
        assert!(status.contains(&want), "{status:?}");
    }
    let providers: Vec<(Option<&str>, i64)> = o.by_provider.iter().map(|p| (p.provider.as_deref(), p.count)).collect();
    assert_eq!(providers, [(Some("拉卡拉"), 2), (None, 1), (Some("银联商务"), 1)]);
    assert_eq!((o.terminals, o.other_providers), (4, 0));
}

#[test]
fn the_outlook_goes_to_excel_one_sheet_per_chart() {
    use calamine::{Data, Reader, Xlsx};
    let db = inventory();
    db.ok(&["settings", "language", "zh-CN"]);
    let out = db.dir.path().join("费用与到期.xlsx");
    db.ok(&["outlook", "--as-of", "2026-11-22", "--out", out.to_str().unwrap()]);
    let mut wb: Xlsx<_> = calamine::open_workbook(&out).unwrap();
    assert_eq!(wb.sheet_names(), ["每月费用与到期", "押金", "终端状态", "服务商"]);
    let months = wb.worksheet_range("每月费用与到期").unwrap();
    let row = |r: usize| -> Vec<Data> { (0..9).map(|c| months.get((r, c)).cloned().unwrap_or(Data::Empty)).collect() };
    assert_eq!(row(0)[2], Data::String("续费（元）".into()));
    // 2026-12: two cards, ¥48 (one without a fee), no warranty, no deposit.
    assert_eq!(
        row(2),
        [
            Data::String("2026-12".into()),
            Data::Float(2.0),
            Data::Float(48.0),
            Data::Float(1.0),
            Data::Float(0.0),
            Data::Float(0.0),
            Data::Float(0.0),
            Data::Float(0.0),
            Data::Float(0.0)
        ]
    );
    assert_eq!(row(12)[2], Data::Float(40.5));
    assert_eq!((row(14)[0].clone(), row(14)[2].clone()), (Data::String("已过期未续".into()), Data::Float(30.0)));
    let deposits = wb.worksheet_range("押金").unwrap();
    assert_eq!(deposits.get((2, 0)), Some(&Data::String("已过截止日".into())));
    assert_eq!((deposits.get((2, 1)), deposits.get((2, 2))), (Some(&Data::Float(1.0)), Some(&Data::Float(100.0))));
    let providers = wb.worksheet_range("服务商").unwrap();
    let names: Vec<String> = (1..4).map(|r| providers.get((r, 0)).unwrap().to_string()).collect();
    assert_eq!(names, ["拉卡拉", "未填服务商", "银联商务"]);
    let status = wb.worksheet_range("终端状态").unwrap();
    assert_eq!(status.height(), 5);
    // The JSON the CLI prints is the store's.
    let json: serde_json::Value =
        serde_json::from_str(&db.ok(&["outlook", "--as-of", "2026-11-22", "--json"])).unwrap();
    assert_eq!(json["months"][1]["sim_fees"], 4800);
}

/// Terminals per (status, provider).
type Counts = Vec<(String, String, i64)>;

/// The terminals per status and provider as the tally holds them, and as counting them says.
fn tally_and_count(conn: &rusqlite::Connection) -> (Counts, Counts) {
    let rows = |sql: &str| -> Counts {
        let mut st = conn.prepare(sql).unwrap();
        st.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?))).unwrap().map(Result::unwrap).collect()
    };
    (
        rows("SELECT status, provider, n FROM terminal_tally WHERE n <> 0 ORDER BY 1, 2"),
        rows("SELECT status, coalesce(provider, ''), count(*) FROM terminals GROUP BY 1, 2 ORDER BY 1, 2"),
    )
}

/// The outlook's statuses and the list's providers come from a tally kept by triggers: it follows
/// every way terminals are written — the store, a hand edit in another connection, a large
/// import (which drops the triggers and counts once at its end) and a small one.
#[test]
fn the_terminals_tally_follows_every_write() {
    let db = Db::new();
    let mut store = poskeeper::Store::open(&db.path).unwrap();
    poskeeper::demo::generate(&mut store, 300, 11, NaiveDate::from_ymd_opt(2026, 11, 22).unwrap()).unwrap();
    let (kept, counted) = tally_and_count(store.conn());
    assert!(counted.len() > 8, "the demo should spread statuses and providers: {counted:?}");
    assert_eq!(kept, counted, "after the demo");
    drop(store);
    // Through the store (the CLI): added and changed.
    db.ok(&["terminal", "add", "--sn", "API-1", "--provider", "拉卡拉", "--status", "spare"]);
    db.ok(&["terminal", "add", "--sn", "API-2"]);
    db.ok(&["terminal", "set", "API-1", "--provider", "银联商务"]);
    db.ok(&["terminal", "set", "API-2", "--status", "lost"]);

    let other = rusqlite::Connection::open(&db.path).unwrap();
    other.busy_timeout(std::time::Duration::from_secs(5)).unwrap();
    for sql in [
        "UPDATE terminals SET status = 'lost' WHERE id % 5 = 0",
        "UPDATE terminals SET provider = NULL WHERE id % 7 = 0",
        "UPDATE terminals SET provider = '' WHERE id % 11 = 0",
        "UPDATE terminals SET provider = '新服务商', status = 'spare' WHERE id % 13 = 0",
        // Written but unchanged: nothing moves.
        "UPDATE terminals SET status = status, provider = provider WHERE id % 3 = 0",
        "INSERT INTO terminals (sn, provider, status) VALUES ('HAND-1', '拉卡拉', 'in_repair'), ('HAND-2', NULL, 'in_use')",
        "DELETE FROM terminals WHERE sn IN ('HAND-1', 'HAND-2')",
    ] {
        other.execute_batch(sql).unwrap();
        let (kept, counted) = tally_and_count(&other);
        assert_eq!(kept, counted, "after: {sql}");
    }

    // A large import (the triggers dropped, the tally counted once at its end), then a small
    // one that updates terminals it finds by SN (the triggers back in place).
    let sheet = db.dir.path().join("big.csv");
    let rows: String = (1..=6000)
        .map(|i| format!("IMP-{i:06},{},{}\n", ["百富", "", "联迪"][i % 3], ["spare", "in_use"][i % 2]))
        .collect();
    std::fs::write(&sheet, format!("sn,provider,status\n{rows}")).unwrap();
    db.ok(&["import", sheet.to_str().unwrap()]);
    let (kept, counted) = tally_and_count(&other);
    assert_eq!(kept, counted, "after the large import");
    assert!(counted.iter().any(|(s, p, n)| s == "spare" && p == "百富" && *n == 1000), "{counted:?}");
    let triggers: i64 = other
        .query_row(
            "SELECT count(*) FROM sqlite_schema WHERE type = 'trigger' AND name GLOB 'terminal_tally_*'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(triggers, 3, "the import put the tally's triggers back");
    let small = db.dir.path().join("small.csv");
    std::fs::write(&small, "sn,provider,status\nIMP-000001,银联商务,lost\nNEW-1,银联商务,in_use\n").unwrap();
    db.ok(&["import", small.to_str().unwrap()]);
    let (kept, counted) = tally_and_count(&other);
    assert_eq!(kept, counted, "after the small import");

    // What the outlook and the list's filter read agree with the count.
    let store = poskeeper::Store::open(&db.path).unwrap();
    let o = store.outlook(NaiveDate::from_ymd_opt(2026, 11, 22).unwrap()).unwrap();
    let total: i64 = other.query_row("SELECT count(*) FROM terminals", [], |r| r.get(0)).unwrap();
    assert_eq!(o.terminals, total);
    let providers = store.provider_counts().unwrap();
    let counted: Vec<(String, u32)> = {
        let mut st = other
            .prepare(
                "SELECT provider, count(*) AS c FROM terminals WHERE provider <> '' GROUP BY provider ORDER BY c DESC, provider",
            )
            .unwrap();
        st.query_map([], |r| Ok((r.get(0)?, r.get(1)?))).unwrap().map(Result::unwrap).collect()
    };
    assert_eq!(providers, counted);
}
