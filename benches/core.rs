//! Speed of the core against SPEC §7, measured beside bare SQL on the same file.
//!
//! `make bench` (release). Builds a 100k-terminal database with `demo`, gives every terminal a SIM
//! card (100k + 100k), then times: a page of 50 terminals for every sort and filter, finding by
//! SN / ICCID / merchant number prefix and by a 2-character Chinese store name, and the reminder
//! list as of a date. Each figure is printed with the same answer from a bare SQL statement and
//! the ratio between the two.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use chrono::NaiveDate;
use poskeeper::domain::TerminalStatus;
use poskeeper::store::{SortKey, TerminalQuery};
use poskeeper::Store;
use std::time::{Duration, Instant};

const N: u64 = 100_000;

struct Rng(u64);
impl Rng {
    fn below(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % n
    }
}

fn p95(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[(v.len() * 95 / 100).min(v.len() - 1)]
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

/// Times `f` `runs` times after two warm-up calls; returns the p95.
fn time(runs: usize, mut f: impl FnMut(usize)) -> Duration {
    f(0);
    f(1);
    p95((0..runs)
        .map(|i| {
            let t = Instant::now();
            f(i);
            t.elapsed()
        })
        .collect())
}

fn row(what: &str, core: Duration, bare: Duration, budget_ms: f64) {
    let ratio = core.as_secs_f64() / bare.as_secs_f64().max(1e-9);
    let ok = ms(core) <= budget_ms && ratio <= 3.0;
    println!(
        "{:<48} core p95 {:>8.3} ms   bare SQL {:>8.3} ms   ratio {:>5.2}   budget {:>5.1} ms  {}",
        what,
        ms(core),
        ms(bare),
        ratio,
        budget_ms,
        if ok { "ok" } else { "OVER" }
    );
}

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
    println!("terminals {N}, SIM cards {sims}\n");
    let conn = rusqlite::Connection::open(&path).unwrap();
    let mut rng = Rng(0x2545_F491_4F6C_DD1D);

    // A page of 50, every sort, both directions, random offsets.
    let sorts = [
        (SortKey::Sn, "t.sn"),
        (SortKey::Brand, "t.brand"),
        (SortKey::Model, "t.model"),
        (SortKey::Kind, "t.kind"),
        (SortKey::Provider, "t.provider"),
        (SortKey::MerchantNo, "t.merchant_no"),
        (SortKey::Store, "s.name"),
        (SortKey::Status, "t.status"),
        (SortKey::ActivatedOn, "t.activated_on"),
        (SortKey::WarrantyUntil, "t.warranty_until"),
        (SortKey::SimExpiresOn, "m.expires_on"),
    ];
    for (key, col) in sorts {
        for desc in [false, true] {
            let offsets: Vec<u32> = (0..60).map(|_| rng.below(N - 50) as u32).collect();
            let core = time(50, |i| {
                let q =
                    TerminalQuery { sort: key, descending: desc, offset: offsets[i], limit: 50, ..Default::default() };
                assert_eq!(store.list_terminals(&q).unwrap().rows.len(), 50);
            });
            let dir = if desc { "DESC" } else { "ASC" };
            // The best single statement: the page's ids from the sort index, then their rows.
            let (join, order) = match key {
                SortKey::Sn => ("", format!("t.sn {dir}")),
                SortKey::Store => ("LEFT JOIN stores s ON s.id = t.store_id", format!("s.name {dir}, t.sn {dir}")),
                SortKey::SimExpiresOn => {
                    ("LEFT JOIN sims m ON m.terminal_id = t.id", format!("m.expires_on {dir}, t.sn {dir}"))
                }
                _ => ("", format!("{col} {dir}, t.sn {dir}")),
            };
            let sql = format!(
                "SELECT t.sn, t.brand, t.model, t.kind, t.provider, t.merchant_no, s.name, t.status, t.activated_on,
                        t.warranty_until, m.iccid, m.expires_on
                 FROM (SELECT t.id FROM terminals t {join} ORDER BY {order} LIMIT 50 OFFSET ?1) p
                 JOIN terminals t ON t.id = p.id
                 LEFT JOIN stores s ON s.id = t.store_id LEFT JOIN sims m ON m.terminal_id = t.id"
            );
            let bare = time(50, |i| {
                let mut st = conn.prepare_cached(&sql).unwrap();
                let n = st.query_map([offsets[i]], |_| Ok(())).unwrap().count();
                assert_eq!(n, 50);
            });
            // The first deep page of a new query builds its ordered id list.
            store.list_terminals(&TerminalQuery { search: Some("P".into()), ..Default::default() }).unwrap();
            let t = Instant::now();
            let q = TerminalQuery { sort: key, descending: desc, offset: 90_000, limit: 50, ..Default::default() };
            store.list_terminals(&q).unwrap();
            let cold = t.elapsed();
            println!(
                "{:<48} first deep page of a new query {:>8.3} ms",
                format!("page of 50, sort {key:?} {dir}"),
                ms(cold)
            );
            row(&format!("page of 50, sort {key:?} {dir}"), core, bare, 10.0);
        }
    }

    // Filters.
    let filters: Vec<(&str, TerminalQuery, String)> = vec![
        (
            "filter status=spare, sort SN",
            TerminalQuery { status: Some(TerminalStatus::Spare), ..Default::default() },
            "t.status = 'spare'".into(),
        ),
        (
            "filter provider=拉卡拉, sort SN",
            TerminalQuery { provider: Some("拉卡拉".into()), ..Default::default() },
            "t.provider = '拉卡拉'".into(),
        ),
        (
            "filter store=朝阳路店, sort SN",
            TerminalQuery { store: Some("朝阳路店".into()), ..Default::default() },
            "s.name = '朝阳路店'".into(),
        ),
    ];
    for (what, q, cond) in filters {
        let core = time(50, |_| {
            store.list_terminals(&TerminalQuery { limit: 50, ..q.clone() }).unwrap();
        });
        let sql = format!(
            "SELECT count(*) FROM terminals t LEFT JOIN stores s ON s.id = t.store_id WHERE {cond};
             SELECT t.sn FROM terminals t LEFT JOIN stores s ON s.id = t.store_id LEFT JOIN sims m ON m.terminal_id = t.id
             WHERE {cond} ORDER BY t.sn LIMIT 50"
        );
        let (count_sql, page_sql) = sql.split_once(';').unwrap();
        let bare = time(50, |_| {
            let _: i64 = conn.prepare_cached(count_sql).unwrap().query_row([], |r| r.get(0)).unwrap();
            let _ = conn.prepare_cached(page_sql.trim()).unwrap().query_map([], |_| Ok(())).unwrap().count();
        });
        row(what, core, bare, 10.0);
    }

    // Finding things.
    let samples: Vec<(String, String, String)> = conn
        .prepare(
            "SELECT t.sn, m.iccid, t.merchant_no FROM terminals t JOIN sims m ON m.terminal_id = t.id
             ORDER BY (t.id * 7919) % 100003 LIMIT 60",
        )
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    type Sample = (String, String, String);
    type Pick = Box<dyn Fn(&Sample) -> String>;
    let finds: [(&str, Pick, &str); 4] = [
        ("find by SN prefix (10 chars)", Box::new(|s| s.0[..10].to_string()), "t.sn LIKE ?1 || '%'"),
        ("find by ICCID prefix (19 digits)", Box::new(|s| s.1[..19].to_string()), "m.iccid GLOB ?1 || '*'"),
        ("find by merchant_no prefix (10 digits)", Box::new(|s| s.2[..10].to_string()), "t.merchant_no GLOB ?1 || '*'"),
        ("find by 2-character store name (朝阳)", Box::new(|_| "朝阳".to_string()), "s.name LIKE '%' || ?1 || '%'"),
    ];
    for (what, q, cond) in finds {
        let core = time(50, |i| {
            let page = store
                .list_terminals(&TerminalQuery { search: Some(q(&samples[i])), limit: 50, ..Default::default() })
                .unwrap();
            assert!(!page.rows.is_empty());
        });
        let sql = format!(
            "SELECT t.sn FROM terminals t LEFT JOIN stores s ON s.id = t.store_id LEFT JOIN sims m ON m.terminal_id = t.id
             WHERE {cond} ORDER BY t.sn LIMIT 50"
        );
        let bare = time(50, |i| {
            let n = conn.prepare_cached(&sql).unwrap().query_map([q(&samples[i])], |_| Ok(())).unwrap().count();
            assert!(n > 0);
        });
        row(what, core, bare, 5.0);
    }

    // Reminders as of a date.
    let mut listed = 0;
    let core = time(20, |_| listed = store.reminders(today).unwrap().len());
    let bare = time(20, |_| {
        let sql = "SELECT m.iccid, m.expires_on FROM sims m WHERE m.status = 'active' AND m.expires_on <= '2026-12-22'
                   UNION ALL SELECT t.sn, t.warranty_until FROM terminals t
                     WHERE t.warranty_until BETWEEN '2026-10-23' AND '2026-12-22' AND t.status NOT IN ('replaced','deregistered','lost')
                   UNION ALL SELECT d.id, d.deadline FROM deposits d WHERE d.status = 'held' AND d.deadline <= '2026-12-06'
                   UNION ALL SELECT p.id, p.next_due_on FROM maintenance_plans p WHERE p.next_due_on <= '2026-11-25'
                   UNION ALL SELECT r.id, r.expected_back_on FROM repairs r WHERE r.status NOT IN ('closed','replaced')";
        let _ = conn.prepare_cached(sql).unwrap().query_map([], |_| Ok(())).unwrap().count();
    });
    row(&format!("reminders as of {today} ({listed} listed)"), core, bare, 50.0);
    let settings = store.settings().unwrap();
    let load = time(10, |_| {
        store.reminder_facts(today).unwrap();
    });
    let facts = store.reminder_facts(today).unwrap();
    let rules = time(10, |_| {
        poskeeper::reminders::compute(&facts, &settings, today, settings.language);
    });
    println!("  of which: reading the facts p95 {:.3} ms, the rules p95 {:.3} ms", ms(load), ms(rules));
}
