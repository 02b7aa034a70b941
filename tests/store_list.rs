//! The terminal list through the library: every sort and filter, paged at every depth (straight
//! from SQL and from the cached id list), gives the same rows as sorting everything at once.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use chrono::NaiveDate;
use poskeeper::domain::{TerminalPatch, TerminalStatus};
use poskeeper::store::{SortKey, TerminalQuery, TerminalRow};
use poskeeper::Store;

fn store(n: u64) -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().unwrap();
    let mut s = Store::create(dir.path().join("list.db")).unwrap();
    poskeeper::demo::generate(&mut s, n, 11, NaiveDate::from_ymd_opt(2026, 11, 22).unwrap()).unwrap();
    (dir, s)
}

fn all_pages(s: &Store, q: &TerminalQuery, limit: u32) -> (u64, Vec<TerminalRow>) {
    let mut rows = Vec::new();
    loop {
        let page = s.list_terminals(&TerminalQuery { offset: rows.len() as u32, limit, ..q.clone() }).unwrap();
        if page.rows.is_empty() {
            return (page.total, rows);
        }
        rows.extend(page.rows);
    }
}

/// The order SPEC §7's list promises: the column, then the SN (case-insensitively), both ways.
fn expected(mut rows: Vec<TerminalRow>, key: SortKey, desc: bool) -> Vec<String> {
    let col = |r: &TerminalRow| -> Option<String> {
        match key {
            SortKey::Sn => None,
            SortKey::Brand => r.brand.clone(),
            SortKey::Model => r.model.clone(),
            SortKey::Kind => r.kind.map(|k| k.code().to_string()),
            SortKey::Provider => r.provider.clone(),
            SortKey::MerchantNo => r.merchant_no.clone(),
            SortKey::Store => r.store.clone(),
            SortKey::Status => Some(r.status.code().to_string()),
            SortKey::ActivatedOn => r.activated_on.map(|d| d.to_string()),
            SortKey::WarrantyUntil => r.warranty_until.map(|d| d.to_string()),
            SortKey::SimExpiresOn => r.sim_expires_on.map(|d| d.to_string()),
        }
    };
    rows.sort_by(|a, b| {
        let o = col(a).cmp(&col(b)).then_with(|| a.sn.to_lowercase().cmp(&b.sn.to_lowercase()));
        if desc {
            o.reverse()
        } else {
            o
        }
    });
    rows.into_iter().map(|r| r.sn).collect()
}

#[test]
fn every_sort_pages_like_one_big_sort() {
    let (_d, s) = store(1300);
    let (total, everything) = all_pages(&s, &TerminalQuery::default(), 200);
    assert_eq!((total, everything.len()), (1300, 1300));
    for key in [
        SortKey::Sn,
        SortKey::Brand,
        SortKey::Model,
        SortKey::Kind,
        SortKey::Provider,
        SortKey::MerchantNo,
        SortKey::Store,
        SortKey::Status,
        SortKey::ActivatedOn,
        SortKey::WarrantyUntil,
        SortKey::SimExpiresOn,
    ] {
        for desc in [false, true] {
            let q = TerminalQuery { sort: key, descending: desc, ..Default::default() };
            let (_, rows) = all_pages(&s, &q, 50);
            let got: Vec<String> = rows.iter().map(|r| r.sn.clone()).collect();
            assert_eq!(got, expected(everything.clone(), key, desc), "{key:?} desc={desc}");
        }
    }
}

#[test]
fn filters_and_search_count_what_they_page() {
    let (_d, s) = store(1300);
    let (_, everything) = all_pages(&s, &TerminalQuery::default(), 200);
    let spare: Vec<&TerminalRow> = everything.iter().filter(|r| r.status == TerminalStatus::Spare).collect();
    let q = TerminalQuery { status: Some(TerminalStatus::Spare), sort: SortKey::Store, ..Default::default() };
    let (total, rows) = all_pages(&s, &q, 7);
    assert_eq!(total as usize, spare.len());
    assert_eq!(rows.len(), spare.len());
    assert!(rows.iter().all(|r| r.status == TerminalStatus::Spare));
    let store_name = everything[0].store.clone().unwrap();
    let part: String = store_name.chars().take(2).collect();
    let q = TerminalQuery { search: Some(part.clone()), ..Default::default() };
    let (total, rows) = all_pages(&s, &q, 50);
    let want = everything.iter().filter(|r| r.store.as_deref().is_some_and(|n| n.contains(&part))).count();
    assert_eq!((total as usize, rows.len()), (want, want));
}

#[test]
fn a_write_is_seen_by_the_next_page() {
    let (_d, mut s) = store(800);
    let q = TerminalQuery { sort: SortKey::Brand, offset: 750, ..Default::default() };
    assert_eq!(s.list_terminals(&q).unwrap().total, 800);
    s.add_terminal("ZZZ-NEW", &TerminalPatch { brand: Some("\u{9fa5}".into()), ..Default::default() }).unwrap();
    let page = s.list_terminals(&TerminalQuery { offset: 790, ..q.clone() }).unwrap();
    assert_eq!(page.total, 801);
    assert_eq!(page.rows.last().unwrap().sn, "ZZZ-NEW");
    // A write from another connection too.
    let other = rusqlite::Connection::open(s.path()).unwrap();
    other.execute("UPDATE terminals SET brand = NULL WHERE sn = 'ZZZ-NEW'", []).unwrap();
    let page = s.list_terminals(&TerminalQuery { offset: 790, ..q }).unwrap();
    assert_ne!(page.rows.last().unwrap().sn, "ZZZ-NEW");
}

#[test]
fn a_write_outside_with_tx_is_seen_too() {
    let (_d, s) = store(600);
    let q = TerminalQuery { offset: 590, ..Default::default() };
    assert_eq!(s.list_terminals(&q).unwrap().total, 600);
    s.conn().execute("INSERT INTO terminals(sn) VALUES ('zz-raw')", []).unwrap();
    assert_eq!(s.list_terminals(&q).unwrap().total, 601);
}
