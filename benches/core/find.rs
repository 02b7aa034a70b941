//! Finding things (issue 10): a tail, middle or prefix of an SN, ICCID, merchant or terminal
//! number, and any part of a brand, model, provider or store name, count + first page of 50.
//!
//! The core matches numbers and names in memory (kept until a write) and reads the found
//! terminals by id or from the name columns' indexes. No index holds a number's middle, so the
//! floor — the fastest bare SQL that finds the same terminals on this file — scans each number's
//! own index with `LIKE '%q%'` (smaller than the table) and the name columns' distinct values,
//! and reads the page as the core orders it: SNs ending with the search, then ICCIDs ending with
//! it, then the rest, each by SN. Every floor is checked against the core's answer for every sample.
//! The last rows time the first search after a write: one that changes no number (the numbers
//! are kept) and one that changes a merchant number (they are read again).

use crate::list::{bare, page_where, same, COLS, JOINS};
use crate::measure::{time, time_after, time_after_write, Table};
use poskeeper::store::TerminalQuery;
use poskeeper::Store;
use rusqlite::Connection;

/// What the core's search matches, as bare SQL over ?1 = `%q%` (a search of 3 characters or more;
/// shorter ones name no number's middle, and the 2-character samples here are Chinese).
const ANY_PART: &str = "t.id IN (
    SELECT id FROM terminals WHERE sn LIKE ?1
    UNION SELECT id FROM terminals WHERE merchant_no LIKE ?1
    UNION SELECT id FROM terminals WHERE terminal_no LIKE ?1
    UNION SELECT terminal_id FROM sims WHERE iccid LIKE ?1 AND terminal_id IS NOT NULL
    UNION SELECT terminal_id FROM sims WHERE msisdn LIKE ?1 AND terminal_id IS NOT NULL
    UNION SELECT id FROM terminals WHERE brand IN (SELECT DISTINCT brand FROM terminals WHERE brand LIKE ?1)
    UNION SELECT id FROM terminals WHERE model IN (SELECT DISTINCT model FROM terminals WHERE model LIKE ?1)
    UNION SELECT id FROM terminals WHERE provider IN (SELECT DISTINCT provider FROM terminals WHERE provider LIKE ?1)
    UNION SELECT id FROM terminals WHERE store_id IN (SELECT id FROM stores WHERE name LIKE ?1))";

/// A terminal's numbers, picked for the samples.
pub(crate) struct Sample {
    sn: String,
    iccid: String,
    merchant_no: String,
    terminal_no: String,
}

type Pick = Box<dyn Fn(&Sample) -> String>;

pub(crate) fn finds(store: &Store, conn: &Connection, table: &mut Table) {
    let samples: Vec<Sample> = conn
        .prepare(
            "SELECT t.sn, m.iccid, t.merchant_no, t.terminal_no FROM terminals t JOIN sims m ON m.terminal_id = t.id
             ORDER BY (t.id * 7919) % 100003 LIMIT 60",
        )
        .unwrap()
        .query_map([], |r| {
            Ok(Sample { sn: r.get(0)?, iccid: r.get(1)?, merchant_no: r.get(2)?, terminal_no: r.get(3)? })
        })
        .unwrap()
        .map(Result::unwrap)
        .collect();
    let tail = |s: &str, n: usize| s[s.len() - n..].to_string();
    // Each way: what is typed, and the floor's condition and its ?1 (None: the any-part scan with
    // `%q%`). A prefix's own index answers the same on this file (checked), so it is its floor.
    type Floor = Option<(&'static str, Pick)>;
    let ways: Vec<(&str, Pick, Floor)> = vec![
        ("find by SN tail (4 chars, as the agenda shows)", Box::new(move |s| tail(&s.sn, 4)), None),
        (
            "find by SN middle (5 chars, lower case)",
            Box::new(|s| s.sn[s.sn.len() - 9..s.sn.len() - 4].to_lowercase()),
            None,
        ),
        (
            "find by SN prefix (10 chars)",
            Box::new(|s| s.sn[..10].to_string()),
            Some(("t.sn LIKE ?1", Box::new(|s| format!("{}%", &s.sn[..10])))),
        ),
        ("find by ICCID tail (6 digits, as the agenda shows)", Box::new(move |s| tail(&s.iccid, 6)), None),
        (
            "find by ICCID prefix (19 digits)",
            Box::new(|s| s.iccid[..19].to_string()),
            Some((
                "t.id IN (SELECT terminal_id FROM sims WHERE iccid GLOB ?1)",
                Box::new(|s| format!("{}*", &s.iccid[..19])),
            )),
        ),
        ("find by merchant_no middle (6 digits)", Box::new(|s| s.merchant_no[5..11].to_string()), None),
        (
            "find by merchant_no prefix (10 digits)",
            Box::new(|s| s.merchant_no[..10].to_string()),
            Some(("t.merchant_no GLOB ?1", Box::new(|s| format!("{}*", &s.merchant_no[..10])))),
        ),
        ("find by terminal_no tail (4 digits)", Box::new(move |s| tail(&s.terminal_no, 4)), None),
        ("find by brand part (百富)", Box::new(|_| "百富".to_string()), None),
        ("find by model, other case (a920)", Box::new(|_| "a920".to_string()), None),
        ("find by provider part (拉卡)", Box::new(|_| "拉卡".to_string()), None),
        ("find by 2-character store name (朝阳)", Box::new(|_| "朝阳".to_string()), None),
    ];
    let count_sql = format!("SELECT count(*) FROM terminals t WHERE {ANY_PART}");
    let page_sql = format!(
        "SELECT {COLS} FROM (SELECT t.id FROM terminals t WHERE {ANY_PART}
           ORDER BY CASE WHEN t.sn LIKE ?2 THEN 0
                         WHEN EXISTS (SELECT 1 FROM sims m WHERE m.terminal_id = t.id AND m.iccid LIKE ?2) THEN 1
                         ELSE 2 END, t.sn LIMIT 50) p
         CROSS JOIN terminals t ON t.id = p.id {JOINS}"
    );
    let query = |q: String| TerminalQuery { search: Some(q), limit: 50, ..Default::default() };
    let any_part: Pick = Box::new(|_| String::new());
    table.header("find: count + first page of 50 (budget: p95 ≤ 5 ms; the any-part floors: p95 of 10 runs)");
    for (what, search, floor) in &ways {
        let (sqls, arg, checked, runs) = match floor {
            Some((cond, arg)) => {
                ((format!("SELECT count(*) FROM terminals t WHERE {cond}"), page_where(cond)), arg, samples.len(), 50)
            }
            None => ((count_sql.clone(), page_sql.clone()), &any_part, 10, 10),
        };
        let arg = |s: &Sample| if floor.is_some() { arg(s) } else { format!("%{}%", search(s)) };
        let ends = |s: &Sample| format!("%{}", search(s));
        for s in &samples[..checked] {
            same(
                what,
                &store.list_terminals(&query(search(s))).unwrap(),
                &bare(conn, &sqls.0, &sqls.1, &[&arg(s), &ends(s)]),
            );
        }
        let core = time(50, |i| {
            assert!(!store.list_terminals(&query(search(&samples[i]))).unwrap().rows.is_empty());
        });
        let floor = time(runs, |i| {
            assert!(!bare(conn, &sqls.0, &sqls.1, &[&arg(&samples[i]), &ends(&samples[i])]).1.is_empty());
        });
        table.row(what, core, floor, 5.0);
    }
    // After a write that changes no number or name (a setting) the numbers are kept; after one
    // that does (a merchant number), that terminal's are read again and patched in (the find
    // mark's log, migration 10).
    let floor = time(10, |i| {
        let t = tail(&samples[i].sn, 4);
        bare(conn, &count_sql, &page_sql, &[&format!("%{t}%"), &format!("%{t}")]);
    });
    let mut i = 0;
    let core = time_after_write(store, || {
        i += 1;
        assert!(!store.list_terminals(&query(tail(&samples[i].sn, 4))).unwrap().rows.is_empty());
    });
    table.row("find by SN tail, the first search after another write", core, floor, 5.0);
    let mut i = 0;
    let renumber = |i: usize| format!("UPDATE terminals SET merchant_no = '8{i:014}' WHERE id = {}", i + 1);
    let core = time_after(store, renumber, || {
        i += 1;
        assert!(!store.list_terminals(&query(tail(&samples[i].sn, 4))).unwrap().rows.is_empty());
    });
    table.row("find by SN tail, the first search after a number changed", core, floor, 5.0);
}
