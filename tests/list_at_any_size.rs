//! `terminal list` past SQLite's 32,766 variables: the library's pages and stream and the CLI's
//! table and JSON all give every terminal, in order, at 40,000 terminals.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;
use chrono::NaiveDate;
use common::Db;
use poskeeper::domain::TerminalStatus;
use poskeeper::store::TerminalQuery;
use poskeeper::Store;

const N: u64 = 40_000;

#[test]
fn forty_thousand_terminals_list_everywhere() {
    let db = Db::new();
    db.ok(&["init"]);
    let mut store = Store::open(&db.path).unwrap();
    poskeeper::demo::generate(&mut store, N, 7, NaiveDate::from_ymd_opt(2026, 11, 22).unwrap()).unwrap();

    // The whole list as one page (what failed with "too many SQL variables").
    let all = store.list_terminals(&TerminalQuery { limit: u32::MAX, ..TerminalQuery::default() }).unwrap();
    assert_eq!((all.total, all.rows.len() as u64), (N, N));
    let mut streamed = Vec::new();
    let n = store
        .each_terminal(&TerminalQuery::default(), |r| {
            streamed.push(r);
            Ok(())
        })
        .unwrap();
    assert_eq!(n, N);
    assert_eq!(streamed, all.rows, "the stream gives the page's rows in the page's order");
    let in_use = TerminalQuery { status: Some(TerminalStatus::InUse), limit: u32::MAX, ..TerminalQuery::default() };
    let page = store.list_terminals(&in_use).unwrap();
    let mut k = 0u64;
    store
        .each_terminal(&in_use, |r| {
            assert_eq!(r.status, TerminalStatus::InUse);
            k += 1;
            Ok(())
        })
        .unwrap();
    assert_eq!((page.total, page.rows.len() as u64), (k, k));
    assert!(k > 1000 && k < N);
    drop(store);

    // The CLI: one JSON document with every terminal, and a table with a line per terminal.
    let json = db.run(&["terminal", "list", "--json"]);
    assert_eq!(json.code, 0, "{}", json.stderr);
    let v: serde_json::Value = serde_json::from_str(&json.stdout).unwrap();
    let rows = v.as_array().unwrap();
    assert_eq!(rows.len() as u64, N);
    let sns: Vec<&str> = rows.iter().map(|r| r["sn"].as_str().unwrap()).collect();
    let expected: Vec<&str> = all.rows.iter().map(|r| r.sn.as_str()).collect();
    assert_eq!(sns, expected);
    let table = db.run(&["terminal", "list"]);
    assert_eq!(table.code, 0, "{}", table.stderr);
    assert_eq!(table.stdout.lines().count() as u64, N + 1, "header and a line per terminal");
    assert!(table.stdout.lines().all(|l| l.split('\t').count() == 7));
    let filtered = db.ok(&["terminal", "list", "--status", "in_use", "--json"]);
    let v: serde_json::Value = serde_json::from_str(&filtered).unwrap();
    assert_eq!(v.as_array().unwrap().len() as u64, k);
    // Nothing matches: still one JSON document.
    assert_eq!(db.ok(&["terminal", "list", "--search", "NO-SUCH-SN", "--json"]), "[]");
}
