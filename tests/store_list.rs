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

/// The order SPEC §7's list promises: the column, then the SN (case-insensitively), both ways;
/// rows without a value for the column last either way (issue 10).
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
        let o = if desc { o.reverse() } else { o };
        col(a).is_none().cmp(&col(b).is_none()).then(o)
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
    // (A brand sorting before every demo brand: an empty one would stay last.)
    other.execute("UPDATE terminals SET brand = '0' WHERE sn = 'ZZZ-NEW'", []).unwrap();
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

/// What a search finds, as one plain statement says it (SPEC §7's ways to find a terminal, issue 10):
/// 3 characters or more anywhere in an SN, merchant, terminal, ICCID or phone number; shorter, an
/// SN prefix, and for letters and digits a merchant or terminal number prefix, and for digits an
/// ICCID or phone number prefix; any part of a store name, brand, model or provider — in SN order.
fn plainly_found(s: &Store, search: &str) -> Vec<String> {
    let like = search.replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_");
    let alnum = search.bytes().all(|c| c.is_ascii_alphanumeric());
    let digits = search.bytes().all(|c| c.is_ascii_digit());
    let anywhere = search.chars().count() >= 3;
    let sql = "SELECT t.sn FROM terminals t WHERE
           (?6 AND (t.sn LIKE '%' || ?1 || '%' ESCAPE '\\' OR t.merchant_no LIKE '%' || ?1 || '%' ESCAPE '\\'
                    OR t.terminal_no LIKE '%' || ?1 || '%' ESCAPE '\\'
                    OR t.id IN (SELECT terminal_id FROM sims WHERE iccid LIKE '%' || ?1 || '%' ESCAPE '\\'
                                                          OR msisdn LIKE '%' || ?1 || '%' ESCAPE '\\')))
        OR (NOT ?6 AND ((?4 AND t.sn LIKE ?1 || '%' ESCAPE '\\')
            OR (?2 AND (t.merchant_no GLOB ?3 || '*' OR t.terminal_no GLOB ?3 || '*'))
            OR (?5 AND t.id IN (SELECT terminal_id FROM sims WHERE iccid GLOB ?3 || '*' OR msisdn GLOB ?3 || '*'))))
        OR t.store_id IN (SELECT id FROM stores WHERE name LIKE '%' || ?1 || '%' ESCAPE '\\')
        OR t.brand LIKE '%' || ?1 || '%' ESCAPE '\\' OR t.model LIKE '%' || ?1 || '%' ESCAPE '\\'
        OR t.provider LIKE '%' || ?1 || '%' ESCAPE '\\'
        ORDER BY t.sn";
    let mut st = s.conn().prepare(sql).unwrap();
    st.query_map(rusqlite::params![like, alnum, search, search.is_ascii(), digits, anywhere], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect()
}

#[test]
fn a_search_finds_what_one_plain_statement_finds() {
    let (_d, s) = store(1200);
    // A card with a phone number and one whose number is also a merchant number's start.
    s.conn()
        .execute_batch(
            "UPDATE sims SET msisdn = '13800138000' WHERE id = (SELECT min(id) FROM sims);
             UPDATE terminals SET merchant_no = '8986' || substr(merchant_no, 5) WHERE id % 97 = 0;
             UPDATE terminals SET sn = lower(sn) WHERE id % 89 = 0;",
        )
        .unwrap();
    let sample: String = s.conn().query_row("SELECT sn FROM terminals WHERE id = 7", [], |r| r.get(0)).unwrap();
    let searches = [
        "1",
        "10",
        "89",
        "8986",
        "1380",
        "0",
        "朝阳",
        "路店",
        "百富",
        "a92",
        "拉卡",
        "8000",
        "00138",
        "店1",
        "pax",
        "PAX",
        "nl",
        "a_b",
        "%",
        "_",
        "\\",
        "zz",
        &sample[..4],
        &sample.to_lowercase()[..6],
        &sample[sample.len() - 4..],
        &sample.to_lowercase()[2..7],
        " 店 ",
    ];
    for search in searches {
        let want = plainly_found(&s, search.trim());
        for sort in [SortKey::Sn, SortKey::Store] {
            let q = TerminalQuery { search: Some(search.to_string()), sort, ..Default::default() };
            let (total, rows) = all_pages(&s, &q, 40);
            let mut got: Vec<String> = rows.into_iter().map(|r| r.sn).collect();
            assert_eq!(total as usize, got.len(), "search {search:?}");
            got.sort_by_key(|sn| sn.to_lowercase());
            let mut want = want.clone();
            want.sort_by_key(|sn| sn.to_lowercase());
            assert_eq!(got, want, "search {search:?} sorted by {sort:?}");
        }
        let mut listed = Vec::new();
        s.each_terminal(&TerminalQuery { search: Some(search.to_string()), ..Default::default() }, |r| {
            listed.push(r.sn);
            Ok(())
        })
        .unwrap();
        assert_eq!(listed.len(), want.len(), "each_terminal, search {search:?}");
    }
}

/// The provider filter's choices (issue 10): every provider the terminals name, with its count,
/// also one no contact names (an import brings providers the contacts never list).
#[test]
fn provider_choices_come_from_the_terminals_with_their_counts() {
    let (_d, mut s) = store(900);
    s.add_terminal(
        "ICBC-IMPORTED-1",
        &TerminalPatch { provider: Some("工商银行（导入）".into()), ..Default::default() },
    )
    .unwrap();
    s.add_terminal(
        "ICBC-IMPORTED-2",
        &TerminalPatch { provider: Some("工商银行（导入）".into()), ..Default::default() },
    )
    .unwrap();
    s.add_terminal("NO-PROVIDER-1", &TerminalPatch::default()).unwrap();
    let counts = s.provider_counts().unwrap();
    let contacts: Vec<String> = s.contacts().unwrap().into_iter().map(|c| c.name).collect();
    assert!(!contacts.iter().any(|c| c == "工商银行（导入）"), "no contact names the imported provider");
    assert!(counts.contains(&("工商银行（导入）".to_string(), 2)), "{counts:?}");
    // Each count is what the list shows when that provider is chosen; together, every terminal
    // that names one; most first.
    let mut sum = 0;
    for (name, n) in &counts {
        let page =
            s.list_terminals(&TerminalQuery { provider: Some(name.clone()), limit: 1, ..Default::default() }).unwrap();
        assert_eq!(page.total, u64::from(*n), "{name}");
        sum += u64::from(*n);
    }
    let named: i64 =
        s.conn().query_row("SELECT count(*) FROM terminals WHERE provider <> ''", [], |r| r.get(0)).unwrap();
    assert_eq!(sum, named as u64);
    assert!(counts.windows(2).all(|w| w[0].1 >= w[1].1), "most first: {counts:?}");
    assert!(counts.len() >= 3, "the demo names several providers: {counts:?}");
}
