//! `poskeeper export`: the CSV round trip, XLSX read back with calamine, JSON with everything,
//! and the calendar feed parsed by an independent reader (Python's `icalendar`).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod files_util;

use calamine::{Data, Reader, Xlsx};
use files_util::Db;
use poskeeper::Store;
use std::path::Path;
use std::process::Command;

fn demo(n: &str) -> Db {
    let db = Db::new();
    db.ok(&["demo", "--terminals", n]);
    db
}

fn export(db: &Db, format: &str, name: &str) -> std::path::PathBuf {
    let p = db.file(name);
    let out = db.ok(&["export", "--format", format, "--out", p.to_str().unwrap()]);
    assert_eq!(out.trim(), p.to_str().unwrap());
    p
}

#[test]
fn csv_round_trip_is_identical() {
    let a = demo("300");
    let first = export(&a, "csv", "first.csv");
    let bytes = std::fs::read(&first).unwrap();
    assert!(bytes.starts_with("\u{FEFF}序列号,品牌,型号,类型".as_bytes()), "UTF-8 BOM and Chinese headers");
    assert!(bytes.windows(2).any(|w| w == b"\r\n"));
    let b = Db::new();
    let (code, r) = b.import_json(&[first.to_str().unwrap()]);
    assert_eq!(code, Some(0), "{r}");
    assert_eq!(r["new"], 300);
    let second = export(&b, "csv", "second.csv");
    assert_eq!(std::fs::read(&second).unwrap(), bytes);
    // Importing it back over the source changes nothing.
    let before = a.dump();
    let (_, r) = a.import_json(&[first.to_str().unwrap()]);
    assert_eq!(r["unchanged"], 300);
    assert_eq!(a.dump(), before);
}

#[test]
fn english_headers_round_trip_too() {
    let a = demo("40");
    a.ok(&["settings", "language", "en"]);
    let first = export(&a, "csv", "en.csv");
    let text = std::fs::read_to_string(&first).unwrap();
    assert!(text.starts_with("\u{FEFF}sn,brand,model,kind,provider,merchant_no"));
    let b = Db::new();
    b.ok(&["settings", "language", "en"]);
    b.ok(&["import", first.to_str().unwrap()]);
    assert_eq!(std::fs::read_to_string(export(&b, "csv", "en2.csv")).unwrap(), text);
}

#[test]
fn xlsx_reads_back_with_dates_numbers_and_text() {
    let a = demo("120");
    let x = export(&a, "xlsx", "t.xlsx");
    let mut wb: Xlsx<_> = calamine::open_workbook(&x).unwrap();
    assert_eq!(wb.sheet_names(), ["终端"]);
    let range = wb.worksheet_range("终端").unwrap();
    assert_eq!(range.height(), 121);
    let header: Vec<String> = range.rows().next().unwrap().iter().map(|c| c.to_string()).collect();
    assert_eq!(&header[..4], ["序列号", "品牌", "型号", "类型"]);
    let col = |name: &str| header.iter().position(|h| h == name).unwrap();
    let store = Store::create(&a.path).unwrap();
    for row in range.rows().skip(1) {
        let sn = row[col("序列号")].to_string();
        let t = store.terminal_detail(&sn).unwrap();
        // Dates are real date cells.
        match (&row[col("启用日期")], t.terminal.activated_on) {
            (Data::DateTime(d), Some(want)) => assert_eq!(d.as_datetime().unwrap().date(), want),
            (got, want) => panic!("{sn}: {got:?} vs {want:?}"),
        }
        // Long numbers stay text.
        assert_eq!(row[col("商户号")], Data::String(t.terminal.merchant_no.clone().unwrap()));
        if let Some(sim) = &t.sim {
            assert_eq!(row[col("ICCID")], Data::String(sim.sim.iccid.clone()));
            if let Some(fee) = sim.sim.annual_fee {
                assert_eq!(row[col("流量费")], Data::Float(fee as f64 / 100.0));
            }
        }
    }
    // A frozen header row and column widths, as the file says.
    let mut z = zip::ZipArchive::new(std::fs::File::open(&x).unwrap()).unwrap();
    let mut xml = String::new();
    std::io::Read::read_to_string(&mut z.by_name("xl/worksheets/sheet1.xml").unwrap(), &mut xml).unwrap();
    assert!(xml.contains(r#"ySplit="1""#) && xml.contains(r#"state="frozen""#), "frozen header");
    assert!(xml.contains("<cols>") && xml.contains("customWidth"), "column widths");
    // And it imports back to the same data.
    let b = Db::new();
    b.ok(&["import", x.to_str().unwrap()]);
    assert_eq!(std::fs::read(export(&a, "csv", "a.csv")).unwrap(), std::fs::read(export(&b, "csv", "b.csv")).unwrap());
}

#[test]
fn json_has_everything() {
    let a = demo("200");
    a.ok(&["sim", "add", "--iccid", "89860099999999999999", "--expires-on", "2027-01-01"]);
    let first = a.ok(&["terminal", "list", "--json"]);
    let rows: serde_json::Value = serde_json::from_str(&first).unwrap();
    let sn = rows[0]["sn"].as_str().unwrap().to_string();
    let iccid = rows.as_array().unwrap().iter().find_map(|r| r["iccid"].as_str()).unwrap().to_string();
    a.ok(&["sim", "renew", &iccid, "--until", "2030-01-01", "--fee", "45"]);
    a.ok(&["maintenance", "add", &sn, "--task", "clean", "--every", "3m"]);
    let j = export(&a, "json", "all.json");
    let v: serde_json::Value = serde_json::from_slice(&std::fs::read(&j).unwrap()).unwrap();
    assert_eq!(v["format"], "poskeeper");
    let ts = v["terminals"].as_array().unwrap();
    assert_eq!(ts.len(), 200);
    assert!(ts.iter().any(|t| !t["repairs"].as_array().unwrap().is_empty()), "repairs");
    assert!(ts.iter().any(|t| !t["plans"].as_array().unwrap().is_empty()), "maintenance");
    assert!(ts.iter().any(|t| t["sim"]["renewals"].as_array().is_some_and(|r| !r.is_empty())), "renewals");
    assert_eq!(v["sims_not_in_a_terminal"][0]["sim"]["iccid"], "89860099999999999999");
    assert!(v["contacts"].as_array().unwrap().len() >= 10);
    assert_eq!(v["settings"]["language"], "zh-CN");
}

/// Parses an .ics file with Python's `icalendar` (Debian's python3-icalendar) and returns, per
/// event: uid, start, end (ISO dates), summary and the alarm trigger in days.
fn python_parse(ics: &Path) -> Vec<serde_json::Value> {
    let script = r#"
import json, sys, icalendar
cal = icalendar.Calendar.from_ical(open(sys.argv[1], 'rb').read())
assert cal.get('VERSION') == '2.0', cal.get('VERSION')
out = []
for ev in cal.walk('VEVENT'):
    start = ev.decoded('DTSTART'); end = ev.decoded('DTEND')
    assert type(start).__name__ == 'date' and type(end).__name__ == 'date', (start, end)
    alarms = ev.walk('VALARM')
    assert len(alarms) == 1
    trig = alarms[0].decoded('TRIGGER')
    assert trig.seconds == 0, trig
    out.append({'uid': str(ev['UID']), 'start': start.isoformat(), 'end': end.isoformat(),
                'summary': str(ev['SUMMARY']), 'trigger_days': trig.days, 'stamp': ev.decoded('DTSTAMP').isoformat()})
print(json.dumps(out))
"#;
    let py = if Path::new("/usr/bin/python3").exists() { "/usr/bin/python3" } else { "python3" };
    let out = Command::new(py).arg("-c").arg(script).arg(ics).output().expect("python3");
    assert!(
        out.status.success(),
        "Python's icalendar could not read the feed (CI installs python3-icalendar): {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice::<Vec<serde_json::Value>>(&out.stdout).unwrap()
}

/// One event as `python_parse` gives it: uid, start, end, summary, alarm days before, stamp.
fn event(uid: &str, start: &str, end: &str, summary: &str, trigger_days: i64) -> serde_json::Value {
    serde_json::json!({"uid": uid, "start": start, "end": end, "summary": summary, "trigger_days": trigger_days,
                       "stamp": "2026-11-22T09:00:00+00:00"})
}

#[test]
#[cfg_attr(windows, ignore = "reads the .ics with Linux's python3-icalendar, which a Windows test run cannot start")]
fn ics_feed_is_read_by_python_icalendar_with_uids_dates_and_alarms() {
    // One item of every kind, with dates and titles written here (SPEC §3: D and L per kind);
    // a cancelled SIM and a refunded deposit have no event.
    let a = Db::new();
    a.ok(&["terminal", "add", "--sn", "PAX-0001", "--brand", "PAX", "--model", "A920", "--store", "朝阳路店"]);
    a.ok(&["terminal", "set", "PAX-0001", "--warranty-until", "2027-03-31"]);
    a.ok(&["terminal", "add", "--sn", "NL-0002", "--brand", "新大陆", "--model", "ME31"]);
    a.ok(&["sim", "add", "--iccid", "89860012345678901238", "--terminal", "PAX-0001", "--expires-on", "2026-12-01"]);
    a.ok(&["sim", "add", "--iccid", "89860012345678901246", "--expires-on", "2026-12-02"]);
    a.ok(&["sim", "cancel", "89860012345678901246"]);
    assert_eq!(a.ok(&["deposit", "add", "PAX-0001", "--amount", "199", "--deadline", "2027-01-15"]).trim(), "1");
    assert_eq!(a.ok(&["deposit", "add", "PAX-0001", "--amount", "99", "--deadline", "2027-01-16"]).trim(), "2");
    a.ok(&["deposit", "refunded", "2", "--on", "2026-11-20"]);
    let plan = ["maintenance", "add", "PAX-0001", "--task", "clean", "--every", "2w", "--starts-on", "2026-11-20"];
    assert_eq!(a.ok(&[&plan[..], &["--lead", "5"]].concat()).trim(), "1");
    let repair =
        ["repair", "open", "NL-0002", "--fault", "printer", "--opened-on", "2026-11-18", "--ticket-no", "GD001"];
    assert_eq!(a.ok(&repair).trim(), "1");
    let ics = export(&a, "ics", "r.ics");
    let expected = vec![
        event(
            "maintenance_due-1@poskeeper",
            "2026-11-20",
            "2026-11-21",
            "保养到期（清洁）：PAX A920 · 朝阳路店 · SN PAX-0001",
            -5,
        ),
        // No expected date: opened_on + 7 days.
        event(
            "repair_overdue-1@poskeeper",
            "2026-11-25",
            "2026-11-26",
            "维修逾期（打印故障 · 单号 GD001）：新大陆 ME31 · SN NL-0002",
            0,
        ),
        event(
            "sim_expiry-89860012345678901238@poskeeper",
            "2026-12-01",
            "2026-12-02",
            "流量卡到期：PAX A920 · 朝阳路店 · SN PAX-0001 · 卡号 …901238",
            -30,
        ),
        event(
            "deposit_deadline-1@poskeeper",
            "2027-01-15",
            "2027-01-16",
            "押金返还截止 ¥199.00：PAX A920 · 朝阳路店 · SN PAX-0001",
            -14,
        ),
        event(
            "warranty_expiry-PAX-0001@poskeeper",
            "2027-03-31",
            "2027-04-01",
            "保修到期：PAX A920 · 朝阳路店 · SN PAX-0001",
            -30,
        ),
    ];
    assert_eq!(python_parse(&ics), expected);

    // A renewal moves the date of the same event: the UID does not change.
    a.ok(&["sim", "renew", "89860012345678901238", "--until", "2028-01-05"]);
    let again = python_parse(&export(&a, "ics", "r2.ics"));
    let moved: Vec<_> = again.iter().filter(|e| e["uid"] == "sim_expiry-89860012345678901238@poskeeper").collect();
    assert_eq!(moved.len(), 1);
    assert_eq!(
        (&moved[0]["start"], &moved[0]["end"]),
        (&serde_json::json!("2028-01-05"), &serde_json::json!("2028-01-06"))
    );
    assert_eq!(again.len(), 5);
    // --as-of sets the stamp; the same data gives the same feed.
    let x = a.file("x.ics");
    let y = a.file("y.ics");
    a.ok(&["export", "--format", "ics", "--out", x.to_str().unwrap(), "--as-of", "2026-12-01"]);
    a.ok(&["export", "--format", "ics", "--out", y.to_str().unwrap(), "--as-of", "2026-12-01"]);
    assert_eq!(std::fs::read(&x).unwrap(), std::fs::read(&y).unwrap());
    assert!(python_parse(&x).iter().all(|e| e["stamp"] == "2026-12-01T00:00:00+00:00"));
}

#[test]
#[cfg_attr(windows, ignore = "reads the .ics with Linux's python3-icalendar, which a Windows test run cannot start")]
fn ics_feed_of_demo_data_parses_with_unique_uids() {
    let a = demo("150");
    let events = python_parse(&export(&a, "ics", "r.ics"));
    assert!(events.len() > 150, "SIM expiries, warranties, deposits, plans and repairs: {}", events.len());
    let uids: std::collections::BTreeSet<&str> = events.iter().map(|e| e["uid"].as_str().unwrap()).collect();
    assert_eq!(uids.len(), events.len(), "UIDs are unique");
    for e in &events {
        assert_eq!(e["stamp"], "2026-11-22T09:00:00+00:00");
        let summary = e["summary"].as_str().unwrap();
        assert!(summary.contains("：") && summary.contains("SN "), "names the terminal: {summary}");
    }
    for prefix in ["流量卡到期：", "保修到期：", "押金返还截止 ¥", "保养到期（", "维修逾期（"]
    {
        assert!(events.iter().any(|e| e["summary"].as_str().unwrap().starts_with(prefix)), "no {prefix} event");
    }
}

#[test]
fn bad_export_arguments() {
    let a = demo("5");
    let err = a.fails(&["export", "--format", "pdf", "--out", a.file("x").to_str().unwrap()], 1);
    assert!(err.contains("csv, xlsx, ics, json"), "{err}");
    let err = a.fails(&["export", "--format", "csv", "--out", "/nonexistent-dir/x.csv"], 1);
    assert!(err.contains("does not exist"), "{err}");
    let out = a.run(&["export", "--format", "csv"]);
    assert_eq!(out.status.code(), Some(2));
}
