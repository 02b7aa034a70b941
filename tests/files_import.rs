//! `poskeeper import` against real files: what LibreOffice writes (xlsx, GB18030 CSV, UTF-16
//! "Unicode text"), the upsert rules of SPEC §5, problem reports, and files that must be refused
//! with nothing written.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod files_util;

use files_util::{fixture, Db};
use std::io::Write;

fn problems(v: &serde_json::Value) -> Vec<(u64, String, String, String)> {
    v["problems"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            (
                p["line"].as_u64().unwrap(),
                p["column"].as_str().unwrap_or("").to_string(),
                p["value"].as_str().unwrap_or("").to_string(),
                p["code"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

fn show(db: &Db, sn: &str) -> serde_json::Value {
    serde_json::from_str(&db.ok(&["terminal", "show", sn, "--json"])).unwrap()
}

#[test]
fn libreoffice_xlsx_with_title_row_dates_and_text_ids() {
    let db = Db::new();
    let (code, r) = db.import_json(&[fixture("provider.xlsx").to_str().unwrap()]);
    assert_eq!(code, Some(0), "{r}");
    assert_eq!((r["rows"].as_u64(), r["new"].as_u64(), r["invalid"].as_u64()), (Some(5), Some(5), Some(0)));
    assert_eq!(r["format"], "xlsx");
    let t = show(&db, "PAX00010001");
    assert_eq!(t["terminal"]["activated_on"], "2026-03-05");
    // 24 warranty months from the activation date.
    assert_eq!(t["terminal"]["warranty_until"], "2028-03-05");
    assert_eq!(t["terminal"]["merchant_no"], "898110153110001");
    assert_eq!(t["terminal"]["store"], "朝阳路店");
    assert_eq!(t["terminal"]["kind"], "smart");
    assert_eq!(t["terminal"]["notes"], "柜台左侧, 收银员小王");
    assert_eq!(t["sim"]["sim"]["iccid"], "89860012345678901238");
    assert_eq!(t["sim"]["sim"]["expires_on"], "2027-03-05");
    assert_eq!(t["sim"]["sim"]["annual_fee"], 4500);
    assert_eq!(t["deposits"][0]["amount"], 9900);
    assert_eq!(t["deposits"][0]["deadline"], "2026-12-31");
    let t = show(&db, "NL00020001");
    assert_eq!(t["terminal"]["notes"], "两行备注 第二行");
    assert_eq!(t["terminal"]["kind"], "e_sign");
    let t = show(&db, "LD00030001");
    assert_eq!(t["terminal"]["kind"], "traditional");
    assert_eq!(t["terminal"]["status"], "in_repair");
    assert!(t["sim"].is_null());
    // Two ICCIDs in the sheet have a wrong check digit: stored, with a warning each.
    let warned: Vec<_> = r["warnings"].as_array().unwrap().iter().map(|w| w["line"].as_u64().unwrap()).collect();
    assert_eq!(warned, [4, 5]);
}

#[test]
fn gb18030_csv_gives_the_same_data_as_the_xlsx() {
    let a = Db::new();
    a.ok(&["import", fixture("provider.xlsx").to_str().unwrap()]);
    let b = Db::new();
    let (code, r) = b.import_json(&[fixture("provider-gb18030.csv").to_str().unwrap()]);
    assert_eq!(code, Some(0));
    assert_eq!(r["encoding"], "gb18030");
    assert_eq!(a.dump(), b.dump());
}

#[test]
fn wps_sheet_full_width_headers_chinese_dates_and_yuan_signs() {
    for (name, enc, format) in [("wps-gb18030.csv", "gb18030", "csv"), ("unicode-text.txt", "UTF-16LE", "tsv")] {
        let db = Db::new();
        let (code, r) = db.import_json(&[fixture(name).to_str().unwrap()]);
        assert_eq!(code, Some(0), "{name}: {r}");
        assert_eq!((r["encoding"].as_str(), r["format"].as_str()), (Some(enc), Some(format)));
        assert_eq!(r["new"], 4);
        for sn in ["WPS0001", "WPS0002", "WPS0003", "WPS0004"] {
            assert_eq!(show(&db, sn)["terminal"]["activated_on"], "2026-03-05", "{name} {sn}");
        }
        let t = show(&db, "WPS0001");
        assert_eq!(t["terminal"]["kind"], "e_sign");
        assert_eq!(t["terminal"]["status"], "in_use");
        assert_eq!(t["terminal"]["warranty_until"], "2027-03-05");
        assert_eq!(t["sim"]["sim"]["carrier"], "china_mobile");
        assert_eq!(t["sim"]["sim"]["expires_on"], "2027-03-05");
        assert_eq!(t["sim"]["sim"]["annual_fee"], 4500);
        assert_eq!(t["deposits"][0]["amount"], 19900);
        assert_eq!(t["deposits"][0]["deadline"], "2026-12-31");
        assert_eq!(show(&db, "WPS0002")["terminal"]["kind"], "traditional");
        assert_eq!(show(&db, "WPS0002")["sim"]["sim"]["carrier"], "china_unicom");
        assert_eq!(show(&db, "WPS0003")["terminal"]["kind"], "qr_box");
        assert_eq!(show(&db, "WPS0003")["sim"]["sim"]["annual_fee"], 4500);
    }
}

#[test]
#[cfg_attr(windows, ignore = "asks for Chinese through LANG, which only Linux reads (Windows: the OS language)")]
fn numbers_in_scientific_notation_are_refused_with_how_to_fix() {
    let db = Db::new();
    let out = db.run_zh(&["import", fixture("mangled.xlsx").to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(stdout.contains("第 2 行 · ICCID · “8.98600123456789E+19”"), "{stdout}");
    assert!(stdout.contains("科学计数法") && stdout.contains("文本"), "{stdout}");
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stderr.contains("没有导入任何数据"), "{stderr}");
    assert_eq!(db.count("terminals"), 0);
    // The same in a text file, as Excel saves such a column to CSV.
    let csv = db.file("sci.csv");
    std::fs::write(&csv, "SN,ICCID,商户号\nA1,8.98600123456789E+19,8.9811E+14\n").unwrap();
    let (code, r) = db.import_json(&[csv.to_str().unwrap()]);
    assert_eq!(code, Some(1));
    let p = problems(&r);
    assert_eq!(p.len(), 2);
    assert_eq!(p[0], (2, "ICCID".into(), "8.98600123456789E+19".into(), "scientific_notation".into()));
    assert_eq!(p[1].1, "商户号");
    assert_eq!(db.count("terminals"), 0);
}

fn write(db: &Db, name: &str, text: &str) -> String {
    let p = db.file(name);
    std::fs::write(&p, text).unwrap();
    p.to_str().unwrap().to_string()
}

#[test]
fn upsert_by_sn_and_empty_cells_never_erase() {
    let db = Db::new();
    let f = write(
        &db,
        "a.csv",
        "序列号,品牌,门店,ICCID,流量卡到期,押金,押金返还截止,备注\n\
         A1,百富,朝阳店,89860012345678901238,2027-01-01,99,2027-02-01,原备注\n\
         A2,新大陆,海淀店,,,,,\n",
    );
    db.ok(&["import", &f]);
    let before = db.dump();
    // Same file again: nothing changes.
    let (_, r) = db.import_json(&[&f]);
    assert_eq!((r["new"].as_u64(), r["updated"].as_u64(), r["unchanged"].as_u64()), (Some(0), Some(0), Some(2)));
    assert_eq!(db.dump(), before);
    // Empty cells leave values; given ones change them; a held deposit is updated, not added.
    let g = write(
        &db,
        "b.csv",
        "sn,brand,store,iccid,sim_expires_on,deposit_amount,notes\n\
         a1,,,,2028-01-01,199,\n\
         A3,联迪,,,,,\n",
    );
    let (code, r) = db.import_json(&[&g]);
    assert_eq!(code, Some(0), "{r}");
    assert_eq!((r["new"].as_u64(), r["updated"].as_u64(), r["unchanged"].as_u64()), (Some(1), Some(1), Some(0)));
    let t = show(&db, "A1");
    assert_eq!(t["terminal"]["brand"], "百富");
    assert_eq!(t["terminal"]["store"], "朝阳店");
    assert_eq!(t["terminal"]["notes"], "原备注");
    assert_eq!(t["sim"]["sim"]["iccid"], "89860012345678901238");
    assert_eq!(t["sim"]["sim"]["expires_on"], "2028-01-01");
    // The card's history: put into A1 on the day of the first import.
    assert_eq!(t["sim"]["installs"].as_array().unwrap().len(), 1);
    assert_eq!(t["sim"]["installs"][0]["installed_on"], "2026-11-22");
    assert_eq!(t["sim"]["installs"][0]["terminal_sn"], "A1");
    assert_eq!(t["deposits"].as_array().unwrap().len(), 1);
    assert_eq!(t["deposits"][0]["amount"], 19900);
    assert_eq!(t["deposits"][0]["deadline"], "2027-02-01");
}

#[test]
fn every_problem_has_line_column_value_and_nothing_is_written() {
    let db = Db::new();
    db.ok(&["terminal", "add", "--sn", "OTHER1"]);
    db.ok(&["sim", "add", "--iccid", "89860012345678901238", "--terminal", "OTHER1"]);
    let before = db.dump();
    let f = write(
        &db,
        "bad.csv",
        "序列号,类型,启用日期,ICCID,运营商,押金,备注\n\
         B1,电签,2026-02-30,,,,\n\
         B2,手机,2026-01-01,,,,\n\
         ,电签,,,,,没有序列号\n\
         B1,电签,,,,,\n\
         B3,,,89860012345678901238,,,\n\
         B4,,,,移动,,\n\
         B5,,,,,99,\n\
         B6,传统POS,2026/1/2,89860112345678901244,联通,,\n",
    );
    let (code, r) = db.import_json(&[&f, "--dry-run"]);
    assert_eq!(code, Some(1));
    assert_eq!((r["new"].as_u64(), r["invalid"].as_u64()), (Some(1), Some(7)));
    let p = problems(&r);
    let expect = [
        (2, "启用日期", "2026-02-30", "no_such_date"),
        (3, "类型", "手机", "bad_choice"),
        (4, "序列号", "", "missing_sn"),
        (5, "序列号", "B1", "duplicate_sn_in_file"),
        (6, "ICCID", "89860012345678901238", "iccid_in_other_terminal"),
        (7, "运营商", "移动", "sim_without_iccid"),
        (8, "押金", "99", "deposit_incomplete"),
    ];
    assert_eq!(p.len(), expect.len(), "{p:?}");
    for (got, want) in p.iter().zip(expect) {
        assert_eq!((got.0, got.1.as_str(), got.2.as_str(), got.3.as_str()), want);
    }
    assert!(r["problems"][4]["reason"].as_str().unwrap().contains("OTHER1"));
    assert_eq!(db.dump(), before);
    // Without --dry-run: refused, exit 1, still nothing written.
    let err = db.fails(&["import", &f], 1);
    assert!(err.contains("7 row(s)"), "{err}");
    assert_eq!(db.dump(), before);
    // With --skip-invalid: the good row goes in, the bad ones are listed.
    let (code, r) = db.import_json(&[&f, "--skip-invalid"]);
    assert_eq!(code, Some(0));
    assert_eq!((r["new"].as_u64(), r["invalid"].as_u64(), r["committed"].as_bool()), (Some(1), Some(7), Some(true)));
    assert_eq!(show(&db, "B6")["sim"]["sim"]["carrier"], "china_unicom");
    assert_eq!(show(&db, "B6")["sim"]["installs"].as_array().unwrap().len(), 1);
    assert_eq!(db.count("terminals"), 2);
}

#[test]
fn dry_run_counts_exactly_what_the_import_does() {
    let db = Db::new();
    db.ok(&["demo", "--terminals", "30"]);
    let csv = db.file("all.csv");
    db.ok(&["export", "--format", "csv", "--out", csv.to_str().unwrap()]);
    let text = std::fs::read_to_string(&csv).unwrap();
    // Change one terminal's notes and add a new one.
    let mut lines: Vec<String> = text.lines().map(String::from).collect();
    lines[1].push_str("改过");
    lines.push("NEW0001".into());
    let f = write(&db, "changed.csv", &(lines.join("\r\n") + "\r\n"));
    let before = db.dump();
    let (code, dry) = db.import_json(&[&f, "--dry-run"]);
    assert_eq!(code, Some(0));
    assert_eq!(db.dump(), before, "a dry run writes nothing");
    assert!(!db.dir.path().join("backups").exists(), "a dry run takes no backup");
    let (_, real) = db.import_json(&[&f]);
    for k in ["new", "updated", "unchanged", "invalid"] {
        assert_eq!(dry[k], real[k], "{k}");
    }
    assert_eq!(
        (real["new"].as_u64(), real["updated"].as_u64(), real["unchanged"].as_u64()),
        (Some(1), Some(1), Some(29))
    );
    // A backup was taken first, and it holds the state before the import.
    let backup = real["backup"].as_str().unwrap();
    assert_eq!(files_util::dump(std::path::Path::new(backup)), before);
}

#[test]
fn sheet_option_picks_a_worksheet() {
    let db = Db::new();
    let p = db.file("two.xlsx");
    let mut wb = rust_xlsxwriter::Workbook::new();
    wb.add_worksheet().set_name("说明").unwrap().write_string(0, 0, "第二张表是数据").unwrap();
    let ws = wb.add_worksheet().set_name("终端").unwrap();
    ws.write_string(0, 0, "SN").unwrap();
    ws.write_string(0, 1, "启用日期").unwrap();
    ws.write_string(1, 0, "X1").unwrap();
    ws.write_number(1, 1, 46086.0).unwrap(); // a date serial number: 2026-03-05
    ws.write_number(2, 0, 12345.0).unwrap(); // an SN stored as a number
    ws.write_string(2, 1, "2026年3月5日").unwrap();
    wb.save(&p).unwrap();
    let f = p.to_str().unwrap();
    let err = db.fails(&["import", f], 1);
    assert!(err.contains("no SN column"), "{err}");
    let err = db.fails(&["import", f, "--sheet", "没有"], 1);
    assert!(err.contains("说明, 终端"), "{err}");
    db.ok(&["import", f, "--sheet", "终端"]);
    assert_eq!(show(&db, "X1")["terminal"]["activated_on"], "2026-03-05");
    assert_eq!(show(&db, "12345")["terminal"]["activated_on"], "2026-03-05");
}

#[test]
#[cfg_attr(windows, ignore = "asks for Chinese through LANG, which only Linux reads (Windows: the OS language)")]
fn files_that_cannot_be_imported_are_refused_and_nothing_is_written() {
    let db = Db::new();
    db.ok(&["init"]);
    let before = db.dump();
    let mut cases: Vec<(String, &str)> = Vec::new();
    cases.push((write(&db, "empty.csv", ""), "file_empty"));
    cases.push((write(&db, "header.csv", "序列号,品牌\r\n\r\n"), "no_data_rows"));
    cases.push((write(&db, "nosn.csv", "品牌,型号\n百富,A920\n"), "no_sn_column"));
    let garbage: Vec<u8> = (0..20_000u32).map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8).collect();
    let g = db.file("garbage.csv");
    std::fs::write(&g, &garbage).unwrap();
    cases.push((g.to_str().unwrap().into(), "not_a_spreadsheet"));
    // Over 200 MB (a sparse file: nothing is read).
    let big = db.file("big.csv");
    std::fs::File::create(&big).unwrap().set_len(200_000_001).unwrap();
    cases.push((big.to_str().unwrap().into(), "file_too_large"));
    // A truncated workbook.
    let xlsx = std::fs::read(fixture("provider.xlsx")).unwrap();
    let cut = db.file("cut.xlsx");
    std::fs::write(&cut, &xlsx[..xlsx.len() / 2]).unwrap();
    cases.push((cut.to_str().unwrap().into(), "spreadsheet_damaged"));
    // An old binary .xls.
    let xls = db.file("old.xls");
    std::fs::write(&xls, [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0, 0, 0, 0]).unwrap();
    cases.push((xls.to_str().unwrap().into(), "not_a_spreadsheet"));
    for (file, what) in &cases {
        let out = db.run(&["import", file]);
        assert_eq!(out.status.code(), Some(1), "{what}");
        let err = String::from_utf8(out.stderr).unwrap();
        assert!(err.starts_with("poskeeper: ") && err.lines().count() == 1, "{what}: {err}");
        assert_eq!(db.dump(), before, "{what}");
    }
    assert!(!db.dir.path().join("backups").exists(), "refused files take no backup");
    // Chinese messages.
    let out = db.run_zh(&["import", &cases[1].0]);
    assert!(String::from_utf8(out.stderr).unwrap().contains("只有表头，没有数据行"));
    let out = db.run_zh(&["import", &cases[4].0]);
    assert!(String::from_utf8(out.stderr).unwrap().contains("超过 200 MB"));
}

#[test]
fn a_zip_bomb_is_refused_before_it_is_unpacked() {
    let db = Db::new();
    let p = db.file("bomb.xlsx");
    let mut z = zip::ZipWriter::new(std::fs::File::create(&p).unwrap());
    let opts = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    z.start_file("[Content_Types].xml", opts).unwrap();
    z.write_all(b"<Types/>").unwrap();
    z.start_file("xl/worksheets/sheet1.xml", opts).unwrap();
    let zeros = vec![b' '; 1 << 20];
    for _ in 0..64 {
        z.write_all(&zeros).unwrap();
    }
    z.finish().unwrap();
    assert!(std::fs::metadata(&p).unwrap().len() < 1 << 20);
    let err = db.fails(&["import", p.to_str().unwrap()], 1);
    assert!(err.contains("unpacks to too much data"), "{err}");
}

#[test]
fn more_than_a_million_rows_is_refused() {
    let db = Db::new();
    // A text file, counted while streaming.
    let p = db.file("rows.csv");
    let mut f = std::io::BufWriter::new(std::fs::File::create(&p).unwrap());
    writeln!(f, "sn").unwrap();
    for i in 0..1_000_001u32 {
        writeln!(f, "{i}").unwrap();
    }
    drop(f);
    let err = db.fails(&["import", p.to_str().unwrap()], 1);
    assert!(err.contains("more than 1000000 rows"), "{err}");
    // A workbook that declares more rows than that is refused from its declaration.
    let x = db.file("rows.xlsx");
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    ws.write_string(0, 0, "SN").unwrap();
    ws.write_string(1, 0, "A").unwrap();
    ws.write_string(1_048_000, 0, "Z").unwrap();
    wb.save(&x).unwrap();
    let err = db.fails(&["import", x.to_str().unwrap()], 1);
    assert!(err.contains("more than 1000000 rows"), "{err}");
    assert!(!db.path.exists() || db.count("terminals") == 0);
}

#[test]
fn a_card_moves_only_when_it_is_free_and_the_old_card_comes_out() {
    let db = Db::new();
    let f = write(&db, "a.csv", "sn,iccid\nT1,89860012345678901238\nT2,\n");
    db.ok(&["import", &f]);
    // Another card into T1: the first one comes out (kept, in no terminal), history closed.
    let g = write(&db, "b.csv", "sn,iccid,sim_status\nT1,89860112345678901244,\n");
    db.ok(&["import", &g]);
    let t = show(&db, "T1");
    assert_eq!(t["sim"]["sim"]["iccid"], "89860112345678901244");
    let old: serde_json::Value =
        serde_json::from_str(&db.ok(&["sim", "show", "89860012345678901238", "--json"])).unwrap();
    assert!(old["sim"]["terminal_sn"].is_null());
    assert_eq!(old["installs"][0]["removed_on"], "2026-11-22");
    // The free card can go into T2; a card in T1 cannot.
    let h = write(&db, "c.csv", "sn,iccid,sim_status\nT2,89860012345678901238,已注销\nT3,89860112345678901244,\n");
    let (code, r) = db.import_json(&[&h, "--skip-invalid"]);
    assert_eq!(code, Some(0));
    assert_eq!(problems(&r), [(3, "iccid".into(), "89860112345678901244".into(), "iccid_in_other_terminal".into())]);
    let t2 = show(&db, "T2");
    assert_eq!(t2["sim"]["sim"]["iccid"], "89860012345678901238");
    assert_eq!(t2["sim"]["sim"]["status"], "cancelled");
}
