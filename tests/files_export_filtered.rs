//! Exporting the filtered list (issue 10): a CSV or XLSX of the terminals the list shows for its
//! search and filters — exactly those, in its order, with the usual columns — read back by real
//! readers (the csv and calamine crates); and `poskeeper export --search/--status`.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod files_util;

use calamine::{Reader, Xlsx};
use files_util::Db;
use poskeeper::domain::TerminalStatus;
use poskeeper::files::export;
use poskeeper::i18n::Lang;
use poskeeper::store::TerminalQuery;
use poskeeper::Store;
use std::path::Path;

/// Every SN the list shows for `q`, page by page as the window reads them.
fn listed(s: &Store, q: &TerminalQuery) -> Vec<String> {
    let mut sns = Vec::new();
    loop {
        let page = s.list_terminals(&TerminalQuery { offset: sns.len() as u32, limit: 200, ..q.clone() }).unwrap();
        if page.rows.is_empty() {
            return sns;
        }
        sns.extend(page.rows.into_iter().map(|r| r.sn));
    }
}

/// The header and the first column of a CSV export.
fn csv_sns(p: &Path) -> (Vec<String>, Vec<String>) {
    let bytes = std::fs::read(p).unwrap();
    let body = bytes.strip_prefix("\u{FEFF}".as_bytes()).expect("a BOM");
    let mut r = csv::Reader::from_reader(body);
    let header = r.headers().unwrap().iter().map(String::from).collect();
    (header, r.records().map(|rec| rec.unwrap()[0].to_string()).collect())
}

fn xlsx_sns(p: &Path) -> (Vec<String>, Vec<String>) {
    let mut wb: Xlsx<_> = calamine::open_workbook(p).unwrap();
    let name = wb.sheet_names()[0].clone();
    let range = wb.worksheet_range(&name).unwrap();
    let mut rows = range.rows();
    let header = rows.next().unwrap().iter().map(|c| c.to_string()).collect();
    (header, rows.map(|r| r[0].to_string()).collect())
}

fn sorted(mut v: Vec<String>) -> Vec<String> {
    v.sort();
    v
}

#[test]
fn a_filtered_export_holds_exactly_the_listed_terminals() {
    let db = Db::new();
    db.ok(&["demo", "--terminals", "700"]);
    let s = Store::open(&db.path).unwrap();
    let (all_header, all) = csv_sns(&{
        let p = db.file("all.csv");
        export::export_csv(&s, &p, Lang::ZhCn, &TerminalQuery::default()).unwrap();
        p
    });
    assert_eq!(all.len(), 700);
    let provider = s.provider_counts().unwrap()[0].0.clone();
    let some = &all[123];
    let queries = [
        TerminalQuery { provider: Some(provider.clone()), ..Default::default() },
        TerminalQuery { provider: Some(provider), status: Some(TerminalStatus::InUse), ..Default::default() },
        // A number's middle (found in memory), and a Chinese name's part, with a filter.
        TerminalQuery { search: Some(some[some.len() - 5..].to_string()), ..Default::default() },
        TerminalQuery { search: Some("朝阳".into()), status: Some(TerminalStatus::Spare), ..Default::default() },
        TerminalQuery { search: Some("no such terminal".into()), ..Default::default() },
    ];
    for (i, q) in queries.iter().enumerate() {
        let want = listed(&s, q);
        assert!(want.len() < 700, "{q:?} narrows the list");
        let csv = db.file(&format!("q{i}.csv"));
        let n = export::export_csv(&s, &csv, Lang::ZhCn, q).unwrap().items;
        let (header, sns) = csv_sns(&csv);
        assert_eq!(header, all_header, "the same columns as the full export");
        assert_eq!(n as usize, want.len());
        assert_eq!(sorted(sns), sorted(want.clone()), "CSV of {q:?}");
        let xlsx = db.file(&format!("q{i}.xlsx"));
        export::export_xlsx(&s, &xlsx, Lang::ZhCn, q).unwrap();
        let (header, sns) = xlsx_sns(&xlsx);
        assert_eq!(header, all_header);
        assert_eq!(sorted(sns), sorted(want), "XLSX of {q:?}");
    }
    assert!(!listed(&s, &queries[0]).is_empty() && !listed(&s, &queries[2]).is_empty());
}

#[test]
fn the_command_line_exports_what_terminal_list_finds() {
    let db = Db::new();
    db.ok(&["demo", "--terminals", "300"]);
    let list: Vec<serde_json::Value> =
        serde_json::from_str(&db.ok(&["terminal", "list", "--search", "百富", "--status", "in_use", "--json"]))
            .unwrap();
    let want: Vec<String> = list.iter().map(|r| r["sn"].as_str().unwrap().to_string()).collect();
    assert!(!want.is_empty() && want.len() < 300, "{} found", want.len());
    let p = db.file("百富.csv");
    db.ok(&["export", "--format", "csv", "--out", p.to_str().unwrap(), "--search", "百富", "--status", "in_use"]);
    assert_eq!(csv_sns(&p).1, want, "the same terminals in the same order");
    let p = db.file("百富.xlsx");
    db.ok(&["export", "--format", "xlsx", "--out", p.to_str().unwrap(), "--search", "百富", "--status", "in_use"]);
    assert_eq!(xlsx_sns(&p).1, want);
    // JSON and the calendar always hold everything: a filter for them is refused, not ignored.
    let j = db.file("x.json");
    let err = db.fails(&["export", "--format", "json", "--out", j.to_str().unwrap(), "--status", "spare"], 1);
    assert!(err.contains("csv, xlsx"), "{err}");
    assert!(!j.exists());
    db.fails(&["export", "--format", "csv", "--out", p.to_str().unwrap(), "--status", "melted"], 1);
}
