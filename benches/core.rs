//! Speed of the core against SPEC §7, each figure beside its floor on the same file.
//!
//! `make bench` (release). Builds a 100k-terminal database with `demo`, gives every terminal a SIM
//! card (100k + 100k), then times: a page of 50 terminals for every sort and filter, finding by
//! SN / ICCID / merchant number prefix and by a 2-character Chinese store name, the reminder
//! list as of a date, and last, sorting by SIM expiry once one terminal in eight has no SIM
//! (empty values last both ways, issue 10).
//!
//! A floor is the fastest bare SQL that returns the same answer — the same rows in the same order
//! and, where the core counts them, the same count — on the same file with the same indexes
//! (SPEC §7). Every floor is checked against the core's answer before it is timed, so a floor that
//! answers something else stops the bench instead of flattering a ratio. A row over its budget or
//! over 3× its floor is marked, and listed again at the end.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use chrono::NaiveDate;
use poskeeper::domain::TerminalStatus;
use poskeeper::reminders::Reminder;
use poskeeper::store::{SortKey, TerminalPage, TerminalQuery};
use poskeeper::Store;
use rusqlite::types::ToSql;
use rusqlite::Connection;
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

/// The rows printed so far that missed, for the summary at the end.
#[derive(Default)]
struct Table {
    misses: Vec<String>,
}

impl Table {
    fn header(&self, title: &str) {
        println!("\n{title}");
        println!("  {:<50} {:>11} {:>11} {:>7} {:>8}  verdict", "what", "core p95", "floor p95", "ratio", "budget");
    }

    /// One figure: the core beside its floor, the ratio, the budget, and what it misses.
    fn row(&mut self, what: &str, core: Duration, floor: Duration, budget_ms: f64) {
        let ratio = core.as_secs_f64() / floor.as_secs_f64().max(1e-9);
        let mut miss = Vec::new();
        if ms(core) > budget_ms {
            miss.push("OVER BUDGET");
        }
        if ratio > 3.0 {
            miss.push("OVER 3× FLOOR");
        }
        let verdict = if miss.is_empty() { "ok".to_string() } else { miss.join(", ") };
        println!(
            "  {:<50} {:>8.3} ms {:>8.3} ms {:>6.2}× {:>5.0} ms  {verdict}",
            what,
            ms(core),
            ms(floor),
            ratio,
            budget_ms
        );
        if !miss.is_empty() {
            self.misses.push(format!("{what}: {verdict} (core {:.3} ms, floor {:.3} ms)", ms(core), ms(floor)));
        }
    }

    fn summary(&self) {
        println!();
        if self.misses.is_empty() {
            println!("every row within its budget and 3× its floor");
        } else {
            println!("{} rows MISS (over budget or over 3× floor):", self.misses.len());
            for m in &self.misses {
                println!("  {m}");
            }
        }
    }
}

/// The columns of a list row, as the core reads them.
const COLS: &str = "t.sn, t.brand, t.model, t.kind, t.provider, t.merchant_no, s.name, t.status, \
    t.activated_on, t.warranty_until, m.iccid, m.expires_on";
const JOINS: &str = "LEFT JOIN stores s ON s.id = t.store_id LEFT JOIN sims m ON m.terminal_id = t.id";

/// The first page of the terminals matching `cond`, sorted by SN: the page's ids from the
/// index, then their rows (joining before the sort would join every match).
fn page_where(cond: &str) -> String {
    format!(
        "SELECT {COLS} FROM (SELECT t.id FROM terminals t WHERE {cond} ORDER BY t.sn LIMIT 50) p
         CROSS JOIN terminals t ON t.id = p.id {JOINS}"
    )
}

/// A bare answer: the count, and the page's SNs (every list column is read).
fn bare(conn: &Connection, count_sql: &str, page_sql: &str, args: &[&dyn ToSql]) -> (u64, Vec<String>) {
    let mut st = conn.prepare_cached(count_sql).unwrap();
    let n = st.parameter_count();
    let total: i64 = st.query_row(&args[..n], |r| r.get(0)).unwrap();
    let mut st = conn.prepare_cached(page_sql).unwrap();
    let n = st.parameter_count();
    let sns = st
        .query_map(&args[..n], |r| {
            for i in 1..12 {
                r.get_ref(i)?;
            }
            r.get::<_, String>(0)
        })
        .unwrap()
        .map(Result::unwrap)
        .collect();
    (total as u64, sns)
}

/// Stops the bench when a floor does not answer what the core answers.
fn same(what: &str, core: &TerminalPage, floor: &(u64, Vec<String>)) {
    let sns: Vec<&str> = core.rows.iter().map(|r| r.sn.as_str()).collect();
    assert_eq!(core.total, floor.0, "{what}: the floor counts {} rows, the core {}", floor.0, core.total);
    assert_eq!(sns, floor.1, "{what}: the floor's rows are not the core's");
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
    let count_all = "SELECT count(*) FROM terminals";
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
            for &o in &offsets[..3] {
                same(
                    &what,
                    &store.list_terminals(&query(o)).unwrap(),
                    &bare(&conn, count_all, &page_sql, &[&o, &past(o)]),
                );
            }
            let core = time(50, |i| {
                assert_eq!(store.list_terminals(&query(offsets[i])).unwrap().rows.len(), 50);
            });
            let floor = time(50, |i| {
                assert_eq!(bare(&conn, count_all, &page_sql, &[&offsets[i], &past(offsets[i])]).1.len(), 50);
            });
            table.row(&what, core, floor, 10.0);

            // The first deep page of a new query (nothing kept from before), five times.
            let deep = 90_000u32;
            let mut core_cold = Vec::new();
            for _ in 0..5 {
                store.list_terminals(&TerminalQuery { search: Some("P".into()), ..Default::default() }).unwrap();
                let t = Instant::now();
                store.list_terminals(&query(deep)).unwrap();
                core_cold.push(t.elapsed());
            }
            let floor_cold = time(5, |_| {
                bare(&conn, count_all, &page_sql, &[&deep, &past(deep)]);
            });
            cold.push((format!("{what}, first page at 90,000"), p95(core_cold), floor_cold));
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

    // Finding things: each sample a new search, so nothing is kept between runs. The floor is the
    // one index lookup that finds the same terminals on this file (checked for every sample).
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
    let finds: [(&str, Pick, Pick, &str); 4] = [
        (
            "find by SN prefix (10 chars)",
            Box::new(|s| s.0[..10].to_string()),
            Box::new(|s| format!("{}%", &s.0[..10])),
            "t.sn LIKE ?1",
        ),
        (
            "find by ICCID prefix (19 digits)",
            Box::new(|s| s.1[..19].to_string()),
            Box::new(|s| format!("{}*", &s.1[..19])),
            "t.id IN (SELECT terminal_id FROM sims WHERE iccid GLOB ?1)",
        ),
        (
            "find by merchant_no prefix (10 digits)",
            Box::new(|s| s.2[..10].to_string()),
            Box::new(|s| format!("{}*", &s.2[..10])),
            "t.merchant_no GLOB ?1",
        ),
        (
            "find by 2-character store name (朝阳)",
            Box::new(|_| "朝阳".to_string()),
            Box::new(|_| "%朝阳%".to_string()),
            "t.store_id IN (SELECT id FROM stores WHERE name LIKE ?1)",
        ),
    ];
    table.header("find: count + first page of 50 (budget: p95 ≤ 5 ms)");
    for (what, search, pattern, cond) in finds {
        let count_sql = format!("SELECT count(*) FROM terminals t WHERE {cond}");
        let page_sql = page_where(cond);
        let query = |s: &Sample| TerminalQuery { search: Some(search(s)), limit: 50, ..Default::default() };
        for s in &samples {
            same(what, &store.list_terminals(&query(s)).unwrap(), &bare(&conn, &count_sql, &page_sql, &[&pattern(s)]));
        }
        let core = time(50, |i| {
            assert!(!store.list_terminals(&query(&samples[i])).unwrap().rows.is_empty());
        });
        let floor = time(50, |i| {
            assert!(!bare(&conn, &count_sql, &page_sql, &[&pattern(&samples[i])]).1.is_empty());
        });
        table.row(what, core, floor, 5.0);
    }

    reminders(&store, &conn, today, &mut table);
    empty_last(&store, &conn, &mut rng, &mut table);
    table.summary();
}

/// The floor of a page of 50 sorted by `col` from offset ?1, empty values last both ways:
/// descending that is SQLite's own order; ascending, the rows with a value from the index, then
/// the empty ones from ?2, which the returned function gives for an offset (the rows with a value
/// counted once, as the core counts them once per query).
fn sort_floor(conn: &Connection, key: SortKey, col: &str, desc: bool) -> (String, impl Fn(u32) -> u32) {
    let dir = if desc { "DESC" } else { "ASC" };
    let order = if key == SortKey::Sn { format!("t.sn {dir}") } else { format!("{col} {dir}, t.sn {dir}") };
    let page_sql = if !desc && !matches!(key, SortKey::Sn | SortKey::Status) {
        format!(
            "SELECT {COLS} FROM (
               SELECT id FROM (SELECT t.id FROM terminals t WHERE {col} IS NOT NULL ORDER BY {order}
                               LIMIT 50 OFFSET ?1)
               UNION ALL
               SELECT id FROM (SELECT t.id FROM terminals t WHERE {col} IS NULL ORDER BY {order}
                               LIMIT 50 OFFSET ?2)
               LIMIT 50) p
             CROSS JOIN terminals t ON t.id = p.id {JOINS}"
        )
    } else {
        format!(
            "SELECT {COLS} FROM (SELECT t.id FROM terminals t ORDER BY {order} LIMIT 50 OFFSET ?1) p
             CROSS JOIN terminals t ON t.id = p.id {JOINS}"
        )
    };
    let filled: u32 =
        conn.query_row(&format!("SELECT count(*) FROM terminals t WHERE {col} IS NOT NULL"), [], |r| r.get(0)).unwrap();
    (page_sql, move |o: u32| o.saturating_sub(filled))
}

/// Sorting by SIM expiry when one terminal in eight has no SIM (issue 10: they come last both
/// ways): a page at a random offset, and the first deep page of a new query among the empty ones.
/// Run last: it takes the SIMs out of those terminals.
fn empty_last(store: &Store, conn: &Connection, rng: &mut Rng, table: &mut Table) {
    let freed = store.conn().execute("UPDATE sims SET terminal_id = NULL WHERE terminal_id % 8 = 0", []).unwrap();
    store.conn().execute_batch("ANALYZE").unwrap();
    table.header(&format!("terminal list sorted by SIM expiry, {freed} terminals without a SIM (budget 10 ms)"));
    let count_all = "SELECT count(*) FROM terminals";
    let filled: u32 =
        conn.query_row("SELECT count(*) FROM terminals WHERE sim_expires_on IS NOT NULL", [], |r| r.get(0)).unwrap();
    for desc in [false, true] {
        let (page_sql, past) = sort_floor(conn, SortKey::SimExpiresOn, "t.sim_expires_on", desc);
        let query = |offset: u32| TerminalQuery {
            sort: SortKey::SimExpiresOn,
            descending: desc,
            offset,
            limit: 50,
            ..Default::default()
        };
        let dir = if desc { "DESC" } else { "ASC" };
        // Random offsets, checked first at one page across the last row with a SIM and one past it.
        let mut offsets: Vec<u32> = (0..60).map(|_| rng.below(N - 50) as u32).collect();
        offsets[0] = filled - 25;
        offsets[1] = filled + 10;
        for &o in &offsets[..4] {
            same(dir, &store.list_terminals(&query(o)).unwrap(), &bare(conn, count_all, &page_sql, &[&o, &past(o)]));
        }
        let core = time(50, |i| {
            assert_eq!(store.list_terminals(&query(offsets[i])).unwrap().rows.len(), 50);
        });
        let floor = time(50, |i| {
            assert_eq!(bare(conn, count_all, &page_sql, &[&offsets[i], &past(offsets[i])]).1.len(), 50);
        });
        table.row(&format!("sort SimExpiresOn {dir}, without a SIM last"), core, floor, 10.0);
        let deep = 95_000u32;
        let mut core_cold = Vec::new();
        for _ in 0..5 {
            store.list_terminals(&TerminalQuery { search: Some("P".into()), ..Default::default() }).unwrap();
            let t = Instant::now();
            store.list_terminals(&query(deep)).unwrap();
            core_cold.push(t.elapsed());
        }
        let floor_cold = time(5, |_| {
            bare(conn, count_all, &page_sql, &[&deep, &past(deep)]);
        });
        table.row(&format!("sort SimExpiresOn {dir}, first page at 95,000"), p95(core_cold), floor_cold, 10.0);
    }
}

/// The reminders listed as of `today`, beside the bare statement that lists the same items in the
/// same order (SPEC §3: due date, kind, key) with what their titles are made of.
fn reminders(store: &Store, conn: &Connection, today: NaiveDate, table: &mut Table) {
    let s = store.settings().unwrap();
    // Nothing is acknowledged or snoozed in the demo: the floor need not look (checked below).
    let state: i64 = conn
        .query_row("SELECT (SELECT count(*) FROM reminder_acks) + (SELECT count(*) FROM reminder_snoozes)", [], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(state, 0, "the reminder floor assumes nothing is acknowledged or snoozed");
    let term = "t.sn, t.brand, t.model, t.store_name";
    // ?1 today; ?2..?6 the last due date listed with the default lead of each kind.
    let listed_sql = format!(
        "SELECT 'sim_expiry:' || m.iccid AS key, m.expires_on AS due, 'sim_expiry' AS kind, {term}, NULL
             FROM sims m LEFT JOIN terminals t ON t.id = m.terminal_id
             WHERE m.status = 'active' AND m.expires_on <= ?2 AND m.lead_days IS NULL
           UNION ALL
           SELECT 'sim_expiry:' || m.iccid, m.expires_on, 'sim_expiry', {term}, NULL
             FROM sims m LEFT JOIN terminals t ON t.id = m.terminal_id
             WHERE m.lead_days IS NOT NULL AND m.status = 'active'
               AND julianday(m.expires_on) - julianday(?1) <= m.lead_days
           UNION ALL
           SELECT 'warranty_expiry:' || t.sn, t.warranty_until, 'warranty_expiry', {term}, NULL
             FROM terminals t
             WHERE t.warranty_until BETWEEN date(?1, '-30 days') AND ?3 AND t.warranty_lead_days IS NULL
               AND t.status NOT IN ('replaced','deregistered','lost')
           UNION ALL
           SELECT 'warranty_expiry:' || t.sn, t.warranty_until, 'warranty_expiry', {term}, NULL
             FROM terminals t
             WHERE t.warranty_lead_days IS NOT NULL AND t.warranty_until >= date(?1, '-30 days')
               AND julianday(t.warranty_until) - julianday(?1) <= t.warranty_lead_days
               AND t.status NOT IN ('replaced','deregistered','lost')
           UNION ALL
           SELECT 'deposit_deadline:' || d.id, d.deadline, 'deposit_deadline', {term}, d.amount
             FROM deposits d CROSS JOIN terminals t ON t.id = d.terminal_id
             WHERE d.status = 'held' AND d.deadline <= ?4 AND d.lead_days IS NULL
           UNION ALL
           SELECT 'deposit_deadline:' || d.id, d.deadline, 'deposit_deadline', {term}, d.amount
             FROM deposits d CROSS JOIN terminals t ON t.id = d.terminal_id
             WHERE d.lead_days IS NOT NULL AND d.status = 'held'
               AND julianday(d.deadline) - julianday(?1) <= d.lead_days
           UNION ALL
           SELECT 'maintenance_due:' || p.id, p.next_due_on, 'maintenance_due', {term}, p.task
             FROM maintenance_plans p CROSS JOIN terminals t ON t.id = p.terminal_id
             WHERE t.status IN ('in_use','spare') AND (
               (p.lead_days IS NULL AND p.next_due_on <= ?5)
               OR (p.lead_days IS NOT NULL AND julianday(p.next_due_on) - julianday(?1) <= p.lead_days))
           UNION ALL
           SELECT 'repair_overdue:' || r.id, coalesce(r.expected_back_on, date(r.opened_on, '+7 days')) AS due,
                  'repair_overdue', {term}, r.fault || coalesce(r.ticket_no, '')
             FROM repairs r CROSS JOIN terminals t ON t.id = r.terminal_id
             WHERE r.status NOT IN ('closed','replaced') AND (
               (r.lead_days IS NULL AND coalesce(r.expected_back_on, date(r.opened_on, '+7 days')) <= ?6)
               OR (r.lead_days IS NOT NULL AND julianday(coalesce(r.expected_back_on, date(r.opened_on, '+7 days')))
                   - julianday(?1) <= r.lead_days))"
    );
    // The whole list; the agenda's counts per urgency and first page; the notifier's decision
    // (what is listed and not yet notified at its urgency: the log is empty here).
    let list_sql = format!("SELECT * FROM ({listed_sql}) ORDER BY due, kind, key");
    let counts_sql = format!(
        "SELECT sum(due < ?1), sum(due = ?1), sum(due > ?1 AND due <= date(?1, '+7 days')), sum(due > date(?1, '+7 days'))
         FROM ({listed_sql})"
    );
    let page_sql = format!("{list_sql} LIMIT 50");
    let decision_sql = format!(
        "SELECT * FROM ({listed_sql}) l WHERE NOT EXISTS (SELECT 1 FROM notification_log n WHERE n.key = l.key
           AND n.due_on = l.due) ORDER BY due, kind, key"
    );
    use poskeeper::domain::ReminderKind as K;
    let cut = |k: K| today + chrono::Duration::days(s.lead(k));
    let args = (
        today,
        cut(K::SimExpiry),
        cut(K::WarrantyExpiry),
        cut(K::DepositDeadline),
        cut(K::MaintenanceDue),
        cut(K::RepairOverdue),
    );
    let run = |sql: &str| -> Vec<String> {
        let mut st = conn.prepare_cached(sql).unwrap();
        let n = st.column_count();
        st.query_map(rusqlite::params![args.0, args.1, args.2, args.3, args.4, args.5], |r| {
            for i in 1..n {
                r.get_ref(i)?;
            }
            Ok(format!("{:?}", r.get_ref(0)?))
        })
        .unwrap()
        .map(Result::unwrap)
        .collect()
    };
    let floor_list = || run(&list_sql);
    let listed = store.reminders(today).unwrap();
    let keys: Vec<String> =
        listed.iter().map(|r| format!("{:?}", rusqlite::types::ValueRef::Text(r.key.as_bytes()))).collect();
    assert_eq!(keys, floor_list(), "the reminder floor lists other items than the core");
    assert_eq!(keys, run(&decision_sql), "the decision floor lists other items than the core");
    table.header(&format!("reminders at 100k terminals + 100k SIM cards ({} listed; budget 50 ms)", listed.len()));
    let core = time(20, |_| {
        store.reminders(today).unwrap();
    });
    let floor = time(20, |_| {
        floor_list();
    });
    table.row(&format!("reminders as of {today}, the whole list"), core, floor, 50.0);
    let load = time(10, |_| {
        store.reminder_facts(today).unwrap();
    });
    let facts = store.reminder_facts(today).unwrap();
    let rules = time(10, |_| {
        poskeeper::reminders::compute(&facts, &s, today, s.language);
    });
    println!("  (of which: reading the facts p95 {:.3} ms, the rules p95 {:.3} ms)", ms(load), ms(rules));

    // What the app asks: the agenda (counts per urgency and the first page, as the shell's
    // `reminders` command pages the store's list) and the notifier's decision. The store keeps the
    // list until a write: timed after a write (computed again) and unchanged (kept).
    let lang = s.language;
    let agenda = |store: &Store| {
        let all = store.listed_reminders(today, lang).unwrap();
        let mut counts = [0u32; 4];
        for r in all.iter() {
            use poskeeper::domain::Urgency as U;
            counts[match r.urgency {
                U::Overdue => 0,
                U::Today => 1,
                U::Soon => 2,
                U::Upcoming => 3,
            }] += 1;
        }
        let page: Vec<Reminder> = all.iter().take(50).cloned().collect();
        (counts, page)
    };
    let floor_agenda = || {
        let counts: (i64, i64, i64, i64) = conn
            .prepare_cached(&counts_sql)
            .unwrap()
            .query_row(rusqlite::params![args.0, args.1, args.2, args.3, args.4, args.5], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
            })
            .unwrap();
        (counts, run(&page_sql))
    };
    let (counts, page) = agenda(store);
    let (floor_counts, floor_page) = floor_agenda();
    assert_eq!(
        [counts[0], counts[1], counts[2], counts[3]].map(i64::from),
        [floor_counts.0, floor_counts.1, floor_counts.2, floor_counts.3],
        "the agenda floor counts otherwise"
    );
    assert_eq!(
        page.iter().map(|r| format!("{:?}", rusqlite::types::ValueRef::Text(r.key.as_bytes()))).collect::<Vec<_>>(),
        floor_page
    );
    let decide = |store: &Store| {
        let listed = store.listed_reminders(today, lang).unwrap();
        let keys: Vec<&str> = listed.iter().map(|r| r.key.as_str()).collect();
        let log = store.notification_log(&keys).unwrap();
        let now = today.and_hms_opt(10, 0, 0).unwrap();
        poskeeper::reminders::notify::decide(&listed, &log, now, s.quiet_hours, lang)
    };
    let agenda_cold = time_after_write(store, || {
        agenda(store);
    });
    let floor = time(20, |_| {
        floor_agenda();
    });
    table.row("agenda: counts + first page, after a write", agenda_cold, floor, 50.0);
    let agenda_kept = time(20, |_| {
        agenda(store);
    });
    table.row("agenda: counts + first page, nothing written", agenda_kept, floor, 50.0);
    let decision_cold = time_after_write(store, || {
        decide(store);
    });
    let floor = time(20, |_| {
        run(&decision_sql);
    });
    table.row("notifier's decision, after a write", decision_cold, floor, 50.0);
    let decision_kept = time(20, |_| {
        decide(store);
    });
    table.row("notifier's decision, nothing written", decision_kept, floor, 50.0);
}

/// The p95 of `f` over 10 runs, each after a write by another connection (which makes the store
/// read everything again, as any write does).
fn time_after_write(store: &Store, mut f: impl FnMut()) -> Duration {
    let other = Connection::open(store.path()).unwrap();
    let mut v = Vec::new();
    for i in 0..12 {
        other
            .execute(
                "INSERT OR REPLACE INTO settings(key, value) VALUES ('autostart', ?1)",
                [if i % 2 == 0 { "off" } else { "on" }],
            )
            .unwrap();
        let t = Instant::now();
        f();
        if i >= 2 {
            v.push(t.elapsed());
        }
    }
    p95(v)
}
