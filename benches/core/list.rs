//! The terminal list's floors: bare statements that return the same page and count as the core,
//! checked against it before they are timed.

use crate::measure::{p95, time, Rng, Table};
use crate::N;
use poskeeper::store::{SortKey, TerminalPage, TerminalQuery};
use poskeeper::Store;
use rusqlite::types::ToSql;
use rusqlite::Connection;
use std::time::{Duration, Instant};

/// The columns of a list row, as the core reads them.
pub(crate) const COLS: &str = "t.sn, t.brand, t.model, t.kind, t.provider, t.merchant_no, s.name, t.status, \
    t.activated_on, t.warranty_until, m.iccid, m.expires_on";
pub(crate) const JOINS: &str = "LEFT JOIN stores s ON s.id = t.store_id LEFT JOIN sims m ON m.terminal_id = t.id";

/// The first page of the terminals matching `cond`, sorted by SN: the page's ids from the
/// index, then their rows (joining before the sort would join every match).
pub(crate) fn page_where(cond: &str) -> String {
    format!(
        "SELECT {COLS} FROM (SELECT t.id FROM terminals t WHERE {cond} ORDER BY t.sn LIMIT 50) p
         CROSS JOIN terminals t ON t.id = p.id {JOINS}"
    )
}

/// A bare answer: the count, and the page's SNs (every list column is read).
pub(crate) fn bare(conn: &Connection, count_sql: &str, page_sql: &str, args: &[&dyn ToSql]) -> (u64, Vec<String>) {
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
pub(crate) fn same(what: &str, core: &TerminalPage, floor: &(u64, Vec<String>)) {
    let sns: Vec<&str> = core.rows.iter().map(|r| r.sn.as_str()).collect();
    assert_eq!(core.total, floor.0, "{what}: the floor counts {} rows, the core {}", floor.0, core.total);
    assert_eq!(sns, floor.1, "{what}: the floor's rows are not the core's");
}

/// The floor of a page of 50 sorted by `col` from offset ?1, empty values last both ways:
/// descending that is SQLite's own order; ascending, the rows with a value from the index, then
/// the empty ones from ?2, which the returned function gives for an offset (the rows with a value
/// counted once, as the core counts them once per query).
pub(crate) fn sort_floor(conn: &Connection, key: SortKey, col: &str, desc: bool) -> (String, impl Fn(u32) -> u32) {
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

/// The p95 times of a sorted list's pages, core and floor.
pub(crate) struct PageTimes {
    pub(crate) page: Duration,
    pub(crate) page_floor: Duration,
    pub(crate) deep: Duration,
    pub(crate) deep_floor: Duration,
}

/// Times a sorted list's pages of 50 at `offsets` (the first `checked` of them compared with the
/// floor first) and the first page at `deep` of a new query (nothing kept from before, five
/// times), each beside the floor `page_sql` given the offset and `past(offset)`.
#[allow(clippy::too_many_arguments)]
pub(crate) fn sorted_pages(
    store: &Store,
    conn: &Connection,
    what: &str,
    query: &dyn Fn(u32) -> TerminalQuery,
    (page_sql, past): (&str, &dyn Fn(u32) -> u32),
    offsets: &[u32],
    checked: usize,
    deep: u32,
) -> PageTimes {
    let count_all = "SELECT count(*) FROM terminals";
    for &o in &offsets[..checked] {
        same(what, &store.list_terminals(&query(o)).unwrap(), &bare(conn, count_all, page_sql, &[&o, &past(o)]));
    }
    let page = time(50, |i| {
        assert_eq!(store.list_terminals(&query(offsets[i])).unwrap().rows.len(), 50);
    });
    let page_floor = time(50, |i| {
        assert_eq!(bare(conn, count_all, page_sql, &[&offsets[i], &past(offsets[i])]).1.len(), 50);
    });
    let mut core_cold = Vec::new();
    for _ in 0..5 {
        store.list_terminals(&TerminalQuery { search: Some("P".into()), ..Default::default() }).unwrap();
        let t = Instant::now();
        store.list_terminals(&query(deep)).unwrap();
        core_cold.push(t.elapsed());
    }
    let deep_floor = time(5, |_| {
        bare(conn, count_all, page_sql, &[&deep, &past(deep)]);
    });
    PageTimes { page, page_floor, deep: p95(core_cold), deep_floor }
}

/// Sorting by SIM expiry when one terminal in eight has no SIM (issue 10: they come last both
/// ways): a page at a random offset, and the first deep page of a new query among the empty ones.
/// Run last: it takes the SIMs out of those terminals.
pub(crate) fn empty_last(store: &Store, conn: &Connection, rng: &mut Rng, table: &mut Table) {
    let freed = store.conn().execute("UPDATE sims SET terminal_id = NULL WHERE terminal_id % 8 = 0", []).unwrap();
    store.conn().execute_batch("ANALYZE").unwrap();
    table.header(&format!("terminal list sorted by SIM expiry, {freed} terminals without a SIM (budget 10 ms)"));
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
        let t = sorted_pages(store, conn, dir, &query, (&page_sql, &past), &offsets, 4, 95_000);
        table.row(&format!("sort SimExpiresOn {dir}, without a SIM last"), t.page, t.page_floor, 10.0);
        table.row(&format!("sort SimExpiresOn {dir}, first page at 95,000"), t.deep, t.deep_floor, 10.0);
    }
}
