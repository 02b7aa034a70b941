//! The import's details of issue 10, through the real `poskeeper` binary on real files: combined
//! and zh-TW headers, columns named when unused, a deposit of 0, dates that do not exist, dates
//! typed as 8-digit numbers in Excel, and every row accounted for.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod files_util;

use files_util::Db;

const ICCID: &str = "89860012345678901238";

fn write(db: &Db, name: &str, text: &str) -> String {
    let p = db.file(name);
    std::fs::write(&p, text).unwrap();
    p.to_str().unwrap().to_string()
}

fn show(db: &Db, sn: &str) -> serde_json::Value {
    serde_json::from_str(&db.ok(&["terminal", "show", sn, "--json"])).unwrap()
}

#[test]
fn combined_and_zh_tw_headers_are_read_and_unused_columns_named() {
    let db = Db::new();
    let f = write(
        &db,
        "a.csv",
        &format!(
            "SN/序列号,流量卡号/ICCID,押金（元）,押金返还截止,联系人,品牌/型号\n\
             PAX1,{ICCID},99,2026-12-31,小王,PAX A920\n"
        ),
    );
    let (code, r) = db.import_json(&[&f]);
    assert_eq!(code, Some(0), "{r}");
    let t = show(&db, "PAX1");
    assert_eq!(t["sim"]["sim"]["iccid"], ICCID);
    assert_eq!(t["deposits"][0]["amount"], 9900);
    // Neither a column no rule names nor one naming two fields is dropped without a word.
    assert_eq!(r["ignored_columns"], serde_json::json!(["联系人", "品牌/型号"]));

    let tw = Db::new();
    let f = write(
        &tw,
        "tw.csv",
        &format!("序號,門市,商店代號,端末機代號,SIM卡號,SIM卡到期\nPAX2,信義門市,898110153110001,10000001,{ICCID},2027-03-05\n"),
    );
    let (code, r) = tw.import_json(&[&f]);
    assert_eq!(code, Some(0), "{r}");
    assert_eq!(r["ignored_columns"], serde_json::json!([]));
    let t = show(&tw, "PAX2");
    assert_eq!(t["terminal"]["store"], "信義門市");
    assert_eq!(t["terminal"]["merchant_no"], "898110153110001");
    assert_eq!(t["terminal"]["terminal_no"], "10000001");
    assert_eq!(t["sim"]["sim"]["iccid"], ICCID);
    assert_eq!(t["sim"]["sim"]["expires_on"], "2027-03-05");
}

fn codes(r: &serde_json::Value) -> Vec<String> {
    r["problems"].as_array().unwrap().iter().map(|p| p["code"].as_str().unwrap().to_string()).collect()
}

#[test]
#[cfg_attr(windows, ignore = "asks for Chinese through LANG, which only Linux reads (Windows: the OS language)")]
fn a_deposit_of_zero_means_no_deposit_and_a_negative_one_is_refused() {
    let db = Db::new();
    let f = write(&db, "a.csv", "序列号,押金\nPAX1,0\nPAX2,0.00\n");
    let (code, r) = db.import_json(&[&f]);
    assert_eq!(code, Some(0), "{r}");
    assert_eq!((r["new"].as_u64(), r["invalid"].as_u64()), (Some(2), Some(0)));
    let f = write(&db, "b.csv", "序列号,押金,押金返还截止\nPAX3,¥0,2026-12-31\n");
    let (code, r) = db.import_json(&[&f]);
    assert_eq!(code, Some(0), "{r}");
    assert_eq!(db.count("deposits"), 0);
    assert!(show(&db, "PAX3")["deposits"].as_array().unwrap().is_empty());

    let f = write(&db, "c.csv", "序列号,押金,押金返还截止\nPAX4,-5,2026-12-31\n");
    let (code, r) = db.import_json(&[&f]);
    assert_eq!(code, Some(1), "{r}");
    assert_eq!(codes(&r), ["invalid_money"]);
    assert_eq!(db.count("deposits"), 0);
}

/// The reasons of an import in `lang` (`zh_CN.UTF-8`, `zh_TW.UTF-8` or `C`).
fn reasons(db: &Db, file: &str, lang: &str) -> Vec<String> {
    let out = db.cmd().env("LANG", lang).args(["import", file, "--json"]).output().unwrap();
    let r: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    r["problems"].as_array().unwrap().iter().map(|p| p["reason"].as_str().unwrap().to_string()).collect()
}

#[test]
#[cfg_attr(windows, ignore = "asks for Chinese through LANG, which only Linux reads (Windows: the OS language)")]
fn a_date_that_does_not_exist_says_which_day_is_missing() {
    let db = Db::new();
    let f = write(
        &db,
        "a.csv",
        "序列号,启用日期\nA1,2026-02-30\nA2,2026/4/31\nA3,2026年2月29日\nA4,2026-13-05\nA5,明天\nA6,20260230\n",
    );
    assert_eq!(
        reasons(&db, &f, "zh_CN.UTF-8")[..5],
        [
            "2月没有30日",
            "4月没有31日",
            "2026年2月没有29日（2026年不是闰年）",
            "没有13月（月份是 1 到 12）",
            "不是能识别的日期（可用 2026-03-05、2026/3/5、2026.3.5、2026年3月5日、20260305）",
        ]
    );
    assert_eq!(reasons(&db, &f, "zh_TW.UTF-8")[..2], ["2月沒有30日", "4月沒有31日"]);
    let en = reasons(&db, &f, "C");
    assert_eq!(
        en[..4],
        [
            "February has no 30th",
            "April has no 31st",
            "February 2026 has no 29th (2026 is not a leap year)",
            "there is no month 13 (months are 1 to 12)",
        ]
    );
    assert_eq!(en[5], "February has no 30th");
    let (_, r) = db.import_json(&[&f]);
    assert_eq!(codes(&r), ["no_such_date", "no_such_date", "no_such_date", "no_such_date", "bad_date", "no_such_date"]);
    assert_eq!(db.count("terminals"), 0);
}

#[test]
fn a_date_typed_as_an_eight_digit_number_in_excel_is_a_date() {
    let db = Db::new();
    let p = db.file("typed.xlsx");
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    for (c, h) in ["序列号", "启用日期", "ICCID", "流量卡到期"].iter().enumerate() {
        ws.write_string(0, c as u16, *h).unwrap();
    }
    ws.write_string(1, 0, "X1").unwrap();
    // What Excel keeps when someone types 20260110 into a General cell: a number.
    ws.write_number(1, 1, 20260110.0).unwrap();
    ws.write_string(1, 2, ICCID).unwrap();
    ws.write_number(1, 3, 20270110.0).unwrap();
    ws.write_string(2, 0, "X2").unwrap();
    ws.write_number(2, 1, 46086.0).unwrap(); // a date serial number stays one: 2026-03-05
    ws.write_string(3, 0, "X3").unwrap();
    ws.write_number(3, 1, 20260230.0).unwrap(); // typed, but no such day
    wb.save(&p).unwrap();
    let (code, r) = db.import_json(&[p.to_str().unwrap(), "--skip-invalid"]);
    assert_eq!(code, Some(0), "{r}");
    assert_eq!(codes(&r), ["no_such_date"]);
    assert_eq!(r["problems"][0]["line"], 4);
    let t = show(&db, "X1");
    assert_eq!(t["terminal"]["activated_on"], "2026-01-10");
    assert_eq!(t["sim"]["sim"]["expires_on"], "2027-01-10");
    assert_eq!(show(&db, "X2")["terminal"]["activated_on"], "2026-03-05");
}

#[test]
#[cfg_attr(windows, ignore = "asks for Chinese through LANG, which only Linux reads (Windows: the OS language)")]
fn a_second_import_of_the_corrected_file_accounts_for_every_row() {
    let db = Db::new();
    let first = write(&db, "a.csv", "序列号,品牌,启用日期\nA1,PAX,2026-03-05\nA2,PAX,2026-03-05\nA3,PAX,2026-02-30\n");
    let (code, r) = db.import_json(&[&first, "--skip-invalid"]);
    assert_eq!(code, Some(0), "{r}");
    assert_eq!((r["new"].as_u64(), r["invalid"].as_u64()), (Some(2), Some(1)));
    let fixed =
        write(&db, "b.csv", "序列号,品牌,启用日期\nA1,PAX,2026-03-05\nA2,新大陆,2026-03-05\nA3,PAX,2026-03-01\n");
    let (code, r) = db.import_json(&[&fixed]);
    assert_eq!(code, Some(0), "{r}");
    let n = |k: &str| r[k].as_u64().unwrap();
    assert_eq!((n("new"), n("updated"), n("unchanged"), n("invalid"), n("rows")), (1, 1, 1, 0, 3));
    // The text names each kind of row, the ones left as they were too.
    let out = db.run_zh(&["import", &fixed]);
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("新增 0 · 更新 0 · 未变 3 · 有问题 0（共 3 行）"), "{text}");
}

#[test]
#[cfg_attr(windows, ignore = "asks for Chinese through LANG, which only Linux reads (Windows: the OS language)")]
fn the_rows_not_taken_are_saved_as_a_sheet_to_fix_and_go_in_once_fixed() {
    use poskeeper::files::import::{prepare, save_problem_rows};
    let db = Db::new();
    let src = write(
        &db,
        "a.csv",
        &format!("序列号,品牌,启用日期,ICCID\nA1,PAX,2026-03-05,\nA2,PAX,2026-02-30,{ICCID}\nA3,=1+1,2026-03-05,\nA4,,明天,898600\n"),
    );
    let out = db.cmd().env("LANG", "zh_CN.UTF-8").args(["import", &src, "--skip-invalid", "--json"]).output().unwrap();
    let r: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!((r["new"].as_u64(), r["invalid"].as_u64()), (Some(2), Some(2)), "{r}");
    let prepared = prepare(std::path::Path::new(&src), None).unwrap();
    let mut store = poskeeper::Store::open(&db.path).unwrap();

    // Found again by a dry run against the database as it now is (A1 and A3 in it).
    let out = db.file("要改正.csv");
    assert_eq!(save_problem_rows(&mut store, &prepared, &dry_run_zh(), &out).unwrap(), 2);
    let text = std::fs::read_to_string(&out).unwrap();
    let lines: Vec<&str> = text.trim_start_matches('\u{FEFF}').lines().collect();
    assert_eq!(lines[0], "序列号,品牌,启用日期,ICCID,问题");
    assert!(lines[1].starts_with(&format!("A2,PAX,2026-02-30,{ICCID},启用日期：2月没有30日")), "{}", lines[1]);
    assert!(lines[2].starts_with("A4,,明天,898600,启用日期：不是能识别的日期"), "{}", lines[2]);
    assert!(lines[2].contains("；ICCID："), "{}", lines[2]);
    assert_eq!(lines.len(), 3);

    // As a workbook: every cell text; corrected and imported again, the 问题 column is named as
    // unused and the rows go in.
    let xlsx = db.file("要改正.xlsx");
    assert_eq!(save_problem_rows(&mut store, &prepared, &dry_run_zh(), &xlsx).unwrap(), 2);
    let (_, again) = db.import_json(&[xlsx.to_str().unwrap(), "--dry-run"]);
    assert_eq!((again["rows"].as_u64(), again["invalid"].as_u64()), (Some(2), Some(2)), "{again}");
    assert_eq!(again["ignored_columns"], serde_json::json!(["问题"]));
    let fixed = text.replace("2026-02-30", "2026-02-28").replace("明天", "2026-03-01").replace(",898600,", ",,");
    let fixed_path = write(&db, "fixed.csv", &fixed);
    let (code, r) = db.import_json(&[&fixed_path]);
    assert_eq!(code, Some(0), "{r}");
    assert_eq!((r["new"].as_u64(), r["invalid"].as_u64()), (Some(2), Some(0)));
    assert_eq!(show(&db, "A2")["terminal"]["activated_on"], "2026-02-28");

    // Never over the database.
    assert!(save_problem_rows(&mut store, &prepared, &dry_run_zh(), &db.path).is_err());
}

/// The options `save_problem_rows` is given by the app: a dry run, reasons in Chinese.
fn dry_run_zh() -> poskeeper::files::import::ImportOptions {
    let now = chrono::NaiveDate::from_ymd_opt(2026, 3, 5).unwrap().and_hms_opt(9, 0, 0).unwrap();
    poskeeper::files::import::ImportOptions {
        dry_run: true,
        skip_invalid: true,
        sheet: None,
        lang: poskeeper::i18n::Lang::ZhCn,
        today: now.date(),
        now,
    }
}

#[test]
fn the_sheet_to_fix_holds_every_row_not_taken_not_only_the_ones_a_report_lists() {
    use calamine::{Reader, Xlsx};
    use poskeeper::files::import::{import_prepared, prepare, report::MAX_LISTED, save_problem_rows};
    let db = Db::new();
    let bad = MAX_LISTED + 500;
    let mut text = String::from("序列号,品牌,启用日期\nGOOD-1,PAX,2026-03-05\n");
    for i in 0..bad {
        text.push_str(&format!("BAD-{i},PAX,2026-02-30\n"));
    }
    text.push_str("GOOD-2,PAX,2026-03-06\n");
    let src = write(&db, "many.csv", &text);
    let prepared = prepare(std::path::Path::new(&src), None).unwrap();
    let mut store = poskeeper::Store::open(&db.path).unwrap();
    // A report lists only the first MAX_LISTED problems…
    let r = import_prepared(&mut store, &prepared, &dry_run_zh(), &mut |_, _| {}).unwrap();
    assert_eq!((r.invalid, r.problems.len(), r.problems_not_listed), (bad as u64, MAX_LISTED, 500));
    let want: Vec<String> = (0..bad).map(|i| format!("BAD-{i}")).collect();

    // …the file has every one, in file order, and nothing else.
    let csv_out = db.file("要改正.csv");
    assert_eq!(save_problem_rows(&mut store, &prepared, &dry_run_zh(), &csv_out).unwrap(), bad as u64);
    let mut rd = csv::Reader::from_path(&csv_out).unwrap();
    let sns: Vec<String> = rd.records().map(|r| r.unwrap()[0].trim_start_matches('\u{FEFF}').to_string()).collect();
    assert_eq!(sns, want);

    let xlsx_out = db.file("要改正.xlsx");
    assert_eq!(save_problem_rows(&mut store, &prepared, &dry_run_zh(), &xlsx_out).unwrap(), bad as u64);
    let mut wb: Xlsx<_> = calamine::open_workbook(&xlsx_out).unwrap();
    let range = wb.worksheet_range_at(0).unwrap().unwrap();
    let rows: Vec<Vec<String>> = range.rows().map(|r| r.iter().map(|c| c.to_string()).collect()).collect();
    assert_eq!(rows[0], ["序列号", "品牌", "启用日期", "问题"]);
    assert_eq!(rows[1..].iter().map(|r| r[0].clone()).collect::<Vec<_>>(), want);
    assert!(rows[1..].iter().all(|r| r[3] == "启用日期：2月没有30日"), "{:?}", rows.last());
}
