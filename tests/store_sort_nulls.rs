//! Issue 10: the terminal list puts rows without a value for the sort column last, whichever way
//! it is sorted and whichever column (a terminal without a SIM never leads "流量卡到期"), on one
//! page and paged.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use chrono::NaiveDate;
use poskeeper::domain::{SimPatch, TerminalKind, TerminalPatch};
use poskeeper::store::{SortKey, TerminalQuery, TerminalRow};
use poskeeper::Store;

fn day(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

/// Every column the list sorts by that a terminal may leave empty.
const NULLABLE: [SortKey; 9] = [
    SortKey::Brand,
    SortKey::Model,
    SortKey::Kind,
    SortKey::Provider,
    SortKey::MerchantNo,
    SortKey::Store,
    SortKey::ActivatedOn,
    SortKey::WarrantyUntil,
    SortKey::SimExpiresOn,
];

/// Two terminals with every column filled (different values), three with none; the empty ones'
/// SNs sort before the full ones', so an order that ignores the column would put them first.
fn store() -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().unwrap();
    let mut s = Store::create(dir.path().join("nulls.db")).unwrap();
    let full = |brand: &str, kind, no: &str, date: &str| TerminalPatch {
        brand: Some(brand.into()),
        model: Some(format!("{brand}-M")),
        kind: Some(kind),
        provider: Some(format!("{brand} 支付")),
        merchant_no: Some(no.into()),
        store: Some(format!("{brand}店")),
        activated_on: Some(day(date)),
        warranty_until: Some(day(date) + chrono::Days::new(365)),
        ..TerminalPatch::default()
    };
    s.add_terminal("Z-FULL-1", &full("Alpha", TerminalKind::Smart, "898000000000001", "2025-01-10")).unwrap();
    s.add_terminal("Z-FULL-2", &full("Beta", TerminalKind::Traditional, "898000000000002", "2025-06-20")).unwrap();
    for sn in ["A-EMPTY-1", "A-EMPTY-2", "A-EMPTY-3"] {
        s.add_terminal(sn, &TerminalPatch::default()).unwrap();
    }
    let today = day("2026-11-22");
    for (iccid, sn, until) in
        [("89860012345678901238", "Z-FULL-1", "2026-12-01"), ("89860012345678901246", "Z-FULL-2", "2028-03-01")]
    {
        let patch = SimPatch { expires_on: Some(day(until)), ..SimPatch::default() };
        s.add_sim(iccid, &patch, Some(sn), today).unwrap();
    }
    (dir, s)
}

fn value(r: &TerminalRow, key: SortKey) -> Option<String> {
    match key {
        SortKey::Brand => r.brand.clone(),
        SortKey::Model => r.model.clone(),
        SortKey::Kind => r.kind.map(|k| k.code().to_string()),
        SortKey::Provider => r.provider.clone(),
        SortKey::MerchantNo => r.merchant_no.clone(),
        SortKey::Store => r.store.clone(),
        SortKey::ActivatedOn => r.activated_on.map(|d| d.to_string()),
        SortKey::WarrantyUntil => r.warranty_until.map(|d| d.to_string()),
        SortKey::SimExpiresOn => r.sim_expires_on.map(|d| d.to_string()),
        SortKey::Sn | SortKey::Status => Some(String::new()),
    }
}

fn listed(s: &Store, sort: SortKey, descending: bool, limit: u32) -> Vec<TerminalRow> {
    let mut rows = Vec::new();
    loop {
        let q = TerminalQuery { sort, descending, offset: rows.len() as u32, limit, ..TerminalQuery::default() };
        let page = s.list_terminals(&q).unwrap();
        assert_eq!(page.total, 5);
        if page.rows.is_empty() {
            return rows;
        }
        rows.extend(page.rows);
    }
}

#[test]
fn rows_without_the_sorted_value_come_last_both_ways() {
    let (_d, s) = store();
    let mut wrong = Vec::new();
    for key in NULLABLE {
        for descending in [false, true] {
            // One page, and two rows a page (the list's other path: its cached order).
            for limit in [50, 2] {
                let rows = listed(&s, key, descending, limit);
                let sns: Vec<&str> = rows.iter().map(|r| r.sn.as_str()).collect();
                let filled: Vec<&str> =
                    rows.iter().filter(|r| value(r, key).is_some()).map(|r| r.sn.as_str()).collect();
                assert_eq!(filled.len(), 2, "{key:?}: the fixture fills this column on two terminals");
                // The two filled rows in the column's order: Alpha/smart/2025-01-10… before Beta/traditional/….
                let order = if descending { ["Z-FULL-2", "Z-FULL-1"] } else { ["Z-FULL-1", "Z-FULL-2"] };
                if sns[..2] != order {
                    wrong.push(format!(
                        "{key:?} {} (page of {limit}): {sns:?}",
                        if descending { "desc" } else { "asc" }
                    ));
                }
            }
        }
    }
    assert!(wrong.is_empty(), "rows without a value must come last:\n{}", wrong.join("\n"));
}

#[test]
fn sorting_by_sim_expiry_never_starts_with_a_terminal_without_a_sim() {
    let (_d, s) = store();
    for descending in [false, true] {
        let first = &listed(&s, SortKey::SimExpiresOn, descending, 50)[0];
        assert!(first.sim_expires_on.is_some(), "descending {descending}: first row {} has no SIM", first.sn);
    }
}
