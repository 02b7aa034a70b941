//! Finding terminals by any part (issue 10): a tail or middle of an SN, ICCID, merchant, terminal
//! or phone number from 3 characters (shorter: the start only), any part of a brand, model,
//! provider or store name, letters in either case, Chinese. Every answer is checked against a
//! plain scan of every terminal, on a real database file.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use chrono::NaiveDate;
use poskeeper::domain::TerminalStatus;
use poskeeper::store::{TerminalQuery, TerminalRow};
use poskeeper::Store;

fn store(n: u64) -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().unwrap();
    let mut s = Store::create(dir.path().join("find.db")).unwrap();
    poskeeper::demo::generate(&mut s, n, 7, NaiveDate::from_ymd_opt(2026, 11, 22).unwrap()).unwrap();
    (dir, s)
}

/// What a terminal can be found by, read straight from the file.
struct Facts {
    sn: String,
    numbers: Vec<String>,
    names: Vec<String>,
    iccid: Option<String>,
    status: String,
}

fn facts(s: &Store) -> Vec<Facts> {
    let mut st = s
        .conn()
        .prepare(
            "SELECT t.sn, t.merchant_no, t.terminal_no, m.iccid, m.msisdn, t.brand, t.model, t.provider, s.name, t.status
             FROM terminals t LEFT JOIN sims m ON m.terminal_id = t.id LEFT JOIN stores s ON s.id = t.store_id",
        )
        .unwrap();
    st.query_map([], |r| {
        let texts = |range: std::ops::Range<usize>| -> rusqlite::Result<Vec<String>> {
            Ok(range
                .map(|i| r.get::<_, Option<String>>(i))
                .collect::<rusqlite::Result<Vec<_>>>()?
                .into_iter()
                .flatten()
                .collect())
        };
        Ok(Facts {
            sn: r.get(0)?,
            numbers: [vec![r.get(0)?], texts(1..5)?].concat(),
            names: texts(5..9)?,
            iccid: r.get(3)?,
            status: r.get(9)?,
        })
    })
    .unwrap()
    .map(Result::unwrap)
    .collect()
}

/// Where the list puts a terminal found by `q` (searched without a filter, from 3 characters):
/// SN tails first, then ICCID tails, then the rest (issue 10: the tail the agenda prints).
fn tier(f: &Facts, q: &str) -> u8 {
    let low = q.to_lowercase();
    if f.sn.to_lowercase().ends_with(&low) {
        0
    } else if f.iccid.as_deref().is_some_and(|i| i.to_lowercase().ends_with(&low)) {
        1
    } else {
        2
    }
}

/// The SNs the rule finds for `q`, sorted as the list sorts them by default (SN, case-insensitively),
/// tails first when nothing is filtered and the search is matched anywhere.
fn expected(all: &[Facts], q: &str, status: Option<&str>) -> Vec<String> {
    let low = q.to_lowercase();
    let anywhere = q.chars().count() >= 3;
    let mut sns: Vec<(u8, String)> = all
        .iter()
        .filter(|f| status.is_none_or(|s| f.status == s))
        .filter(|f| {
            f.names.iter().any(|n| n.to_lowercase().contains(&low))
                || f.numbers.iter().any(|n| {
                    let n = n.to_lowercase();
                    if anywhere {
                        n.contains(&low)
                    } else {
                        n.starts_with(&low)
                    }
                })
        })
        .map(|f| ((if anywhere && status.is_none() { tier(f, q) } else { 0 }), f.sn.clone()))
        .collect::<Vec<_>>();
    sns.sort_by_key(|(t, sn)| (*t, sn.to_lowercase()));
    sns.into_iter().map(|(_, sn)| sn).collect()
}

fn found(s: &Store, q: &TerminalQuery) -> (u64, Vec<String>) {
    let mut rows: Vec<TerminalRow> = Vec::new();
    loop {
        let page = s.list_terminals(&TerminalQuery { offset: rows.len() as u32, limit: 200, ..q.clone() }).unwrap();
        if page.rows.is_empty() {
            return (page.total, rows.into_iter().map(|r| r.sn).collect());
        }
        rows.extend(page.rows);
    }
}

fn search(s: &Store, q: &str) -> Vec<String> {
    let (total, sns) = found(s, &TerminalQuery { search: Some(q.into()), ..Default::default() });
    assert_eq!(total as usize, sns.len(), "{q}: the count is not the rows");
    sns
}

#[test]
fn tails_middles_and_names_find_what_a_scan_finds() {
    let (_d, s) = store(1500);
    let all = facts(&s);
    let f = &all[321];
    let sn_tail = &f.sn[f.sn.len() - 4..];
    let mut queries: Vec<String> = vec![sn_tail.into(), f.sn[3..9].to_lowercase(), f.sn.to_lowercase()];
    for n in &f.numbers[1..] {
        queries.push(n[n.len() - 4..].into());
        queries.push(n[n.len() - 6..].into());
        queries.push(n[2..7].into());
    }
    // Names: Chinese, Latin in either case, a part of one.
    queries.extend(
        ["百富", "a92", "A920", "拉卡", "朝阳", "路店", "pax", "xyz9", "00", "1", "89", "8986"].map(String::from),
    );
    for q in &queries {
        let got = search(&s, q);
        assert_eq!(got, expected(&all, q, None), "search {q:?}");
    }
    assert!(search(&s, sn_tail).contains(&f.sn), "the SN tail {sn_tail} finds its terminal");
    for name in ["百富", "A920", "拉卡"] {
        assert!(!search(&s, name).is_empty(), "{name} names some demo terminals");
    }
    // With a filter too.
    let q = TerminalQuery { search: Some("123".into()), status: Some(TerminalStatus::Spare), ..Default::default() };
    assert_eq!(found(&s, &q).1, expected(&all, "123", Some("spare")));
}

#[test]
fn a_tail_finds_its_terminal_and_nothing_else() {
    let (_d, s) = store(300);
    let c = s.conn();
    c.execute_batch(
        "INSERT INTO terminals(sn, brand, model, merchant_no, terminal_no) VALUES ('Zq-Test-001179', '测试牌', 'Q7', '555000', '7700');
         INSERT INTO sims(iccid, msisdn, terminal_id) SELECT '89860000000000011792', '13900001111', id FROM terminals WHERE sn = 'Zq-Test-001179';
         -- 11 at one number's end and 79 at the next one's start: '1179' is in neither.
         INSERT INTO terminals(sn, merchant_no, notes) VALUES ('SPLIT-0011', '7900', 'see 1179 and 011792 and zq-test');",
    )
    .unwrap();
    assert_eq!(search(&s, "1179"), vec!["Zq-Test-001179".to_string()], "the SN tail, and not the split or the notes");
    assert_eq!(search(&s, "011792"), vec!["Zq-Test-001179".to_string()], "the ICCID tail");
    assert_eq!(search(&s, "zQ-tEsT"), vec!["Zq-Test-001179".to_string()], "either case");
    assert_eq!(search(&s, "-test-00"), vec!["Zq-Test-001179".to_string()], "a middle with dashes");
    assert_eq!(search(&s, "0001111"), vec!["Zq-Test-001179".to_string()], "the phone number's tail");
    assert_eq!(search(&s, "试牌"), vec!["Zq-Test-001179".to_string()], "a Chinese brand's part");
    // Two characters: the start of a number only (the SN ends in 79, its merchant number does not start so).
    assert!(!search(&s, "79").contains(&"Zq-Test-001179".to_string()));
    assert!(search(&s, "79").contains(&"SPLIT-0011".to_string()), "79 starts the split's merchant number");
    assert!(search(&s, "zq").contains(&"Zq-Test-001179".to_string()), "a short SN prefix, either case");
    // A write is seen by the next search (nothing stale kept in memory).
    c.execute("UPDATE terminals SET sn = 'Zq-Test-002468' WHERE sn = 'Zq-Test-001179'", []).unwrap();
    assert_eq!(search(&s, "2468"), vec!["Zq-Test-002468".to_string()]);
    assert!(search(&s, "test-001179").is_empty(), "the old SN is gone");
    // The list's first page and count agree with the full answer.
    let page =
        s.list_terminals(&TerminalQuery { search: Some("1792".into()), limit: 50, ..Default::default() }).unwrap();
    assert_eq!((page.total, page.rows.len()), (1, 1));
}

#[test]
fn an_sn_tail_is_the_first_hit_among_hundreds() {
    let (_d, s) = store(3000);
    let all = facts(&s);
    // A tail that many other numbers (ICCIDs, merchant numbers, phones) hold inside them.
    let (q, target) = all
        .iter()
        .map(|f| (f.sn[f.sn.len() - 4..].to_string(), f))
        .filter(|(q, _)| q.bytes().all(|b| b.is_ascii_digit()))
        .max_by_key(|(q, _)| all.iter().filter(|f| f.numbers.iter().any(|n| n.contains(q.as_str()))).count())
        .unwrap();
    let page = s.list_terminals(&TerminalQuery { search: Some(q.clone()), limit: 50, ..Default::default() }).unwrap();
    assert!(page.total > 20, "{q} is inside many numbers ({})", page.total);
    let mut in_sn_order: Vec<&str> =
        all.iter().filter(|f| f.numbers.iter().any(|n| n.contains(q.as_str()))).map(|f| f.sn.as_str()).collect();
    in_sn_order.sort_by_key(|sn| sn.to_lowercase());
    assert_ne!(in_sn_order.first(), Some(&target.sn.as_str()), "sorted by SN alone, it would not lead");
    let tails: Vec<&str> = all.iter().filter(|f| tier(f, &q) == 0).map(|f| f.sn.as_str()).collect();
    assert!(tails.contains(&target.sn.as_str()));
    let first: Vec<&str> = page.rows.iter().take(tails.len()).map(|r| r.sn.as_str()).collect();
    let mut sorted_tails = tails.clone();
    sorted_tails.sort_by_key(|sn| sn.to_lowercase());
    assert_eq!(first, sorted_tails, "every SN ending with {q} first");
    // The ICCID tail the agenda prints leads its search the same way.
    if let Some(iccid) = &target.iccid {
        let tail = &iccid[iccid.len() - 6..];
        let page =
            s.list_terminals(&TerminalQuery { search: Some(tail.into()), limit: 5, ..Default::default() }).unwrap();
        let lead = all.iter().find(|f| f.sn == page.rows[0].sn).unwrap();
        assert!(tier(lead, tail) <= 1, "{tail}: the first hit ends with it ({})", lead.sn);
    }
}

#[test]
fn the_command_line_finds_by_tail() {
    let db = common::Db::new();
    db.ok(&["demo", "--terminals", "200"]);
    let s = Store::open(&db.path).unwrap();
    let sn: String =
        s.conn().query_row("SELECT sn FROM terminals ORDER BY id LIMIT 1 OFFSET 77", [], |r| r.get(0)).unwrap();
    drop(s);
    let out = db.ok(&["terminal", "list", "--search", &sn[sn.len() - 5..]]);
    assert!(out.contains(&sn), "{out}");
}

#[test]
fn descending_and_deep_pages_of_a_search() {
    let (_d, s) = store(2000);
    let q = TerminalQuery { search: Some("000".into()), ..Default::default() };
    let (n, up) = found(&s, &q);
    let (m, down) = found(&s, &TerminalQuery { descending: true, ..q.clone() });
    assert!(n > 250, "a common part finds many ({n})");
    assert_eq!(n, m);
    // Descending: the tails still first, each part from the highest SN.
    let all = facts(&s);
    let tiers: std::collections::HashMap<&str, u8> = all.iter().map(|f| (f.sn.as_str(), tier(f, "000"))).collect();
    let mut want = up.clone();
    want.sort_by(|a, b| tiers[a.as_str()].cmp(&tiers[b.as_str()]).then(b.to_lowercase().cmp(&a.to_lowercase())));
    assert!(tiers[up[0].as_str()] < 2 && tiers[up[n as usize - 1].as_str()] == 2, "some tails, and other matches");
    assert_eq!(down, want);
    let page = s.list_terminals(&TerminalQuery { offset: 200, limit: 50, ..q }).unwrap();
    assert_eq!(page.rows.iter().map(|r| r.sn.clone()).collect::<Vec<_>>(), up[200..250].to_vec());
}

/// The numbers and names a search reads are kept in memory until a write changes them (the find
/// mark, migration 4): every such write, by another connection too, is seen by the next search;
/// writes of anything else keep them (checked by the mark, which must not move).
#[test]
fn a_search_sees_every_write_of_what_it_reads_and_other_writes_keep_it() {
    let db = common::Db::new();
    let s = Store::open(&db.path).unwrap();
    let other = rusqlite::Connection::open(&db.path).unwrap();
    other
        .execute_batch(
            "INSERT INTO terminals(sn) VALUES ('Mk-Test-000001');
             INSERT INTO terminals(sn) VALUES ('Mk-Test-000002');
             INSERT INTO sims(iccid) VALUES ('89860000000000099990');",
        )
        .unwrap();
    let mark = || -> i64 { other.query_row("SELECT mark FROM find_mark", [], |r| r.get(0)).unwrap() };
    assert_eq!(search(&s, "test-000001"), vec!["Mk-Test-000001".to_string()]);
    let kept = mark();
    for sql in [
        "UPDATE terminals SET notes = '备注', status = 'spare', warranty_until = '2027-01-01' WHERE sn = 'Mk-Test-000001'",
        "INSERT OR REPLACE INTO settings(key, value) VALUES ('autostart', 'on')",
        "UPDATE sims SET expires_on = '2027-01-01', status = 'cancelled' WHERE iccid = '89860000000000099990'",
        "INSERT INTO sims(iccid) VALUES ('89860000000000077770')",
        "DELETE FROM sims WHERE iccid = '89860000000000077770'",
    ] {
        other.execute_batch(sql).unwrap();
        assert_eq!(mark(), kept, "the mark moved after: {sql}");
    }
    let steps: &[(&str, &str, &[&str])] = &[
        ("UPDATE terminals SET merchant_no = '990077' WHERE sn = 'Mk-Test-000001'", "990077", &["Mk-Test-000001"]),
        ("UPDATE terminals SET terminal_no = '55443322' WHERE sn = 'Mk-Test-000001'", "544332", &["Mk-Test-000001"]),
        ("UPDATE terminals SET brand = '新标牌' WHERE sn = 'Mk-Test-000001'", "标牌", &["Mk-Test-000001"]),
        ("UPDATE terminals SET model = 'QX9' WHERE sn = 'Mk-Test-000001'", "qx9", &["Mk-Test-000001"]),
        ("UPDATE terminals SET provider = '某某支付' WHERE sn = 'Mk-Test-000002'", "某某", &["Mk-Test-000002"]),
        (
            "UPDATE sims SET terminal_id = (SELECT id FROM terminals WHERE sn = 'Mk-Test-000002')
             WHERE iccid = '89860000000000099990'",
            "099990",
            &["Mk-Test-000002"],
        ),
        ("UPDATE sims SET msisdn = '13977776666' WHERE iccid = '89860000000000099990'", "7776666", &["Mk-Test-000002"]),
        (
            "UPDATE sims SET terminal_id = (SELECT id FROM terminals WHERE sn = 'Mk-Test-000001')
             WHERE iccid = '89860000000000099990'",
            "099990",
            &["Mk-Test-000001"],
        ),
        ("UPDATE sims SET iccid = '89860000000000066660' WHERE iccid = '89860000000000099990'", "066660", &["Mk-Test-000001"]),
        ("DELETE FROM sims WHERE iccid = '89860000000000066660'", "066660", &[]),
        (
            "INSERT INTO sims(iccid, terminal_id) SELECT '89860000000000088880', id FROM terminals WHERE sn = 'Mk-Test-000002'",
            "088880",
            &["Mk-Test-000002"],
        ),
        (
            "INSERT INTO stores(name) VALUES ('测试标记店');
             UPDATE terminals SET store_id = (SELECT id FROM stores WHERE name = '测试标记店') WHERE sn = 'Mk-Test-000002'",
            "标记店",
            &["Mk-Test-000002"],
        ),
        ("UPDATE stores SET name = '改名后门店' WHERE name = '测试标记店'", "改名后", &["Mk-Test-000002"]),
        (
            "UPDATE terminals SET sn = 'Mk-Test-000003' WHERE sn = 'Mk-Test-000002'",
            "test-00000",
            &["Mk-Test-000001", "Mk-Test-000003"],
        ),
        ("DELETE FROM terminals WHERE sn = 'Mk-Test-000001'", "test-00000", &["Mk-Test-000003"]),
    ];
    for (sql, q, want) in steps {
        let before = mark();
        other.execute_batch(sql).unwrap();
        assert_ne!(mark(), before, "the mark did not move after: {sql}");
        assert_eq!(search(&s, q), want.iter().map(|w| w.to_string()).collect::<Vec<_>>(), "after: {sql}");
    }
    // A large import drops the mark's triggers with the others and moves it once at the end.
    let sheet = db.dir.path().join("big.csv");
    let rows: String = (1..=6000).map(|i| format!("IMP-{i:06},百富\n")).collect();
    std::fs::write(&sheet, format!("SN,品牌\n{rows}")).unwrap();
    let before = mark();
    db.ok(&["import", sheet.to_str().unwrap()]);
    assert_ne!(mark(), before, "the import did not move the mark");
    let triggers: i64 = other
        .query_row("SELECT count(*) FROM sqlite_schema WHERE type = 'trigger' AND name GLOB 'find_mark_*'", [], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(triggers, 10, "the import put the mark's triggers back");
    assert_eq!(search(&s, "p-005999"), vec!["IMP-005999".to_string()]);
}

/// After a write of a few terminals, the kept numbers are patched from the find mark's log
/// (migration 10) instead of read again. Each of 100 random writes by another connection —
/// numbers, names, stores and SIM cards changed, moved, added and deleted, and now and then a
/// write of hundreds of terminals (read afresh) — is followed by searches, each compared with a
/// store that reads everything afresh. Seeded: `POSKEEPER_TEST_SEED` replays a run.
#[test]
fn patched_numbers_find_what_a_fresh_read_finds_after_random_writes() {
    let (mut rng, seed) = common::Rng::from_env();
    let mut next = move |n: u64| rng.below(n);
    let (dir, s) = store(800);
    let path = dir.path().join("find.db");
    let other = rusqlite::Connection::open(&path).unwrap();
    other.busy_timeout(std::time::Duration::from_secs(5)).unwrap();
    let needles = ["000", "001", "898", "a9", "百富", "朝阳", "拉卡", "1390", "zz", "77", "新"];
    let fresh = Store::open(&path).unwrap();
    for q in needles {
        assert_eq!(search(&s, q), search(&fresh, q), "before any write: {q}");
    }
    let (mut patched, mut afresh) = (0, 0);
    for step in 0..100 {
        let t = |k: u64| format!("(SELECT id FROM terminals ORDER BY id LIMIT 1 OFFSET {k})");
        let n = next(10_000);
        let sql = match next(11) {
            0 => format!("UPDATE terminals SET sn = 'ZZ-{step}-{n}' WHERE id = {}", t(next(700))),
            1 => format!("UPDATE terminals SET merchant_no = '77{n:06}' WHERE id = {}", t(next(700))),
            2 => format!("UPDATE terminals SET brand = '新牌{}' , model = 'Q{n}' WHERE id = {}", n % 3, t(next(700))),
            3 => format!("UPDATE terminals SET provider = NULL, terminal_no = NULL WHERE id = {}", t(next(700))),
            4 => format!("INSERT INTO terminals(sn, brand, merchant_no) VALUES ('NEW-{step}-{n}', '百富', '1390{n}')"),
            5 => format!("DELETE FROM terminals WHERE id = {} AND id NOT IN (SELECT terminal_id FROM sims WHERE terminal_id IS NOT NULL) AND id NOT IN (SELECT replaced_by FROM terminals WHERE replaced_by IS NOT NULL)", t(next(700))),
            6 => format!("UPDATE sims SET msisdn = '1390{n:07}' WHERE id = (SELECT id FROM sims ORDER BY id LIMIT 1 OFFSET {})", next(700)),
            7 => format!(
                "UPDATE sims SET terminal_id = NULL WHERE id = (SELECT id FROM sims WHERE terminal_id IS NOT NULL ORDER BY id LIMIT 1 OFFSET {})",
                next(500)
            ),
            8 => format!(
                "UPDATE stores SET name = '朝阳{step}号店' WHERE id = (SELECT id FROM stores ORDER BY id LIMIT 1 OFFSET {})",
                next(20)
            ),
            9 => format!("UPDATE terminals SET store_id = (SELECT min(id) FROM stores) WHERE id = {}", t(next(700))),
            // Every terminal at once: past what the log patches.
            _ => format!("UPDATE terminals SET merchant_no = '88' || id || '{}'", n % 10),
        };
        let before: i64 = other.query_row("SELECT coalesce(max(seq), 0) FROM find_changes", [], |r| r.get(0)).unwrap();
        other.execute_batch(&sql).unwrap_or_else(|e| panic!("seed {seed}, step {step}: {sql}: {e}"));
        let after: i64 = other.query_row("SELECT coalesce(max(seq), 0) FROM find_changes", [], |r| r.get(0)).unwrap();
        if after - before > 500 {
            afresh += 1;
        } else if after > before {
            patched += 1;
        }
        // A store opened afresh reads everything.
        let fresh = Store::open(&path).unwrap();
        for q in needles.iter().copied().chain([format!("{n:04}").as_str()]) {
            assert_eq!(search(&s, q), search(&fresh, q), "seed {seed}, step {step}, after {sql}: {q}");
        }
    }
    println!("{patched} writes patched in, {afresh} read afresh");
    assert!(patched > 50 && afresh > 3, "{patched} patched, {afresh} afresh");
}

/// The log is trusted only as one unbroken chain from the kept mark: a large import empties it
/// (its rows are never logged), so when more small writes follow than the log held when the
/// numbers were read, the entries past the kept place are not the way from there, and the
/// numbers are read afresh: the imported terminals are found.
#[test]
fn a_log_that_does_not_reach_back_to_the_kept_mark_reads_afresh() {
    let db = common::Db::new();
    let s = Store::open(&db.path).unwrap();
    let other = rusqlite::Connection::open(&db.path).unwrap();
    let rows: String = (1..=40).map(|i| format!("INSERT INTO terminals(sn) VALUES ('OLD-{i:04}');")).collect();
    other.execute_batch(&rows).unwrap();
    assert_eq!(search(&s, "old-0040"), vec!["OLD-0040".to_string()]);
    let kept: i64 = other.query_row("SELECT max(seq) FROM find_changes", [], |r| r.get(0)).unwrap();
    let sheet = db.dir.path().join("big.csv");
    let rows: String = (1..=6000).map(|i| format!("IMP-{i:06},百富\n")).collect();
    std::fs::write(&sheet, format!("SN,品牌\n{rows}")).unwrap();
    db.ok(&["import", sheet.to_str().unwrap()]);
    for i in 0..kept + 5 {
        other.execute_batch(&format!("UPDATE terminals SET merchant_no = '{i}' WHERE sn = 'OLD-0001'")).unwrap();
    }
    let now: i64 = other.query_row("SELECT max(seq) FROM find_changes", [], |r| r.get(0)).unwrap();
    assert!(now > kept, "the log is past the kept place again ({now} > {kept})");
    assert_eq!(search(&s, "p-005999"), vec!["IMP-005999".to_string()]);
}
