//! Speed of the core against SPEC §7, each figure beside its floor on the same file.
//!
//! `make bench` (release). Builds a 100k-terminal database with `demo`, gives every terminal a SIM
//! card (100k + 100k), then times: a page of 50 terminals for every sort and filter, finding by
//! any part of an SN / ICCID / merchant or terminal number and of a brand, model, provider or
//! store name (find.rs), the reminder
//! list as of a date, and last, sorting by SIM expiry once one terminal in eight has no SIM
//! (empty values last both ways, issue 10).
//!
//! A floor is the fastest bare SQL that returns the same answer — the same rows in the same order
//! and, where the core counts them, the same count — on the same file with the same indexes
//! (SPEC §7). Every floor is checked against the core's answer before it is timed, so a floor that
//! answers something else stops the bench instead of flattering a ratio. A row over its budget or
//! over 3× its floor is marked, and listed again at the end.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod find;
mod list;
mod measure;
mod outlook;
mod reminders;

use chrono::NaiveDate;
use list::{bare, empty_last, page_where, same, sort_floor, sorted_pages};
use measure::{time, Rng, Table};
use poskeeper::domain::TerminalStatus;
use poskeeper::store::{SortKey, TerminalQuery};
use poskeeper::Store;
use rusqlite::Connection;
use std::time::Instant;

/// Terminals in the bench's database (and as many SIM cards).
const N: u64 = 100_000;

fn main() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bench.db");
    let today = NaiveDate::from_ymd_opt(2026, 11, 22).unwrap();
    let mut store = Store::create(&path).unwrap();
    let t = Instant::now();
    poskeeper::demo::generate(&mut store, N, 2026, today).unwrap();
    println!("demo --terminals {N}: {:.2} s", t.elapsed().as_secs_f64());
    // Every terminal gets a SIM card: 100k terminals + 100k SIMs.
    store
        .conn()
        .execute_batch(
            "INSERT INTO sims(iccid, carrier, expires_on, terminal_id)
             SELECT '8986' || printf('%015d', 900000000000000 + t.id) || '0', 'china_mobile',
                    date('2026-11-22', '+' || (t.id % 400 - 40) || ' days'), t.id
             FROM terminals t WHERE NOT EXISTS (SELECT 1 FROM sims m WHERE m.terminal_id = t.id);
             ANALYZE;",
        )
        .unwrap();
    let sims: i64 = store.conn().query_row("SELECT count(*) FROM sims", [], |r| r.get(0)).unwrap();
    println!("terminals {N}, SIM cards {sims}");
    println!("(p95 of 50 runs unless said; floor = fastest bare SQL giving the same rows and count)");
    let conn = Connection::open(&path).unwrap();
    let mut rng = Rng(0x2545_F491_4F6C_DD1D);
    let mut table = Table::default();

    // A page of 50, every sort, both directions, random offsets. The floor counts the terminals
    // and reads the page's ids from the sort column's index, then their rows.
    let sorts = [
        (SortKey::Sn, "t.sn"),
        (SortKey::Brand, "t.brand"),
        (SortKey::Model, "t.model"),
        (SortKey::Kind, "t.kind"),
        (SortKey::Provider, "t.provider"),
        (SortKey::MerchantNo, "t.merchant_no"),
        (SortKey::Store, "t.store_name"),
        (SortKey::Status, "t.status"),
        (SortKey::ActivatedOn, "t.activated_on"),
        (SortKey::WarrantyUntil, "t.warranty_until"),
        (SortKey::SimExpiresOn, "t.sim_expires_on"),
    ];
    let mut cold = Vec::new();
    table.header("terminal list, a page of 50 at a random offset (budget: p95 ≤ 10 ms)");
    for (key, col) in sorts {
        for desc in [false, true] {
            let dir = if desc { "DESC" } else { "ASC" };
            let what = format!("sort {key:?} {dir}");
            let (page_sql, past) = sort_floor(&conn, key, col, desc);
            let query =
                |offset: u32| TerminalQuery { sort: key, descending: desc, offset, limit: 50, ..Default::default() };
            let offsets: Vec<u32> = (0..60).map(|_| rng.below(N - 50) as u32).collect();
            let t = sorted_pages(&store, &conn, &what, &query, (&page_sql, &past), &offsets, 3, 90_000);
            table.row(&what, t.page, t.page_floor, 10.0);
            cold.push((format!("{what}, first page at 90,000"), t.deep, t.deep_floor));
        }
    }
    table.header("terminal list, the first deep page of a new query (max of 5; budget 10 ms)");
    for (what, core, floor) in cold {
        table.row(&what, core, floor, 10.0);
    }

    // Filters: the count of matches and the first page, from the filter's index.
    let filters: Vec<(&str, TerminalQuery, &str)> = vec![
        (
            "filter status=spare, sort SN",
            TerminalQuery { status: Some(TerminalStatus::Spare), ..Default::default() },
            "t.status = 'spare'",
        ),
        (
            "filter provider=拉卡拉, sort SN",
            TerminalQuery { provider: Some("拉卡拉".into()), ..Default::default() },
            "t.provider = '拉卡拉'",
        ),
        (
            "filter store=朝阳路店, sort SN",
            TerminalQuery { store: Some("朝阳路店".into()), ..Default::default() },
            "t.store_id = (SELECT id FROM stores WHERE name = '朝阳路店')",
        ),
    ];
    table.header("terminal list, filtered: count + first page (budget: p95 ≤ 10 ms)");
    for (what, q, cond) in filters {
        let q = TerminalQuery { limit: 50, ..q };
        let count_sql = format!("SELECT count(*) FROM terminals t WHERE {cond}");
        let page_sql = page_where(cond);
        same(what, &store.list_terminals(&q).unwrap(), &bare(&conn, &count_sql, &page_sql, &[]));
        let core = time(50, |_| {
            store.list_terminals(&q).unwrap();
        });
        let floor = time(50, |_| {
            bare(&conn, &count_sql, &page_sql, &[]);
        });
        table.row(what, core, floor, 10.0);
    }

    find::finds(&store, &conn, &mut table);

    reminders::reminders(&store, &conn, today, &mut table);
    outlook::outlook(&store, &conn, today, &mut table);
    empty_last(&store, &conn, &mut rng, &mut table);
    table.summary();
}
