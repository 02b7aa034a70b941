//! `poskeeper export`: the CSV round trip, XLSX read back with calamine, JSON with everything,
//! and the calendar feed parsed by an independent reader (Python's `icalendar`).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod files_util;

use calamine::{Data, Reader, Xlsx};
use files_util::Db;
use poskeeper::Store;
use std::collections::BTreeMap;
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

#[test]
fn ics_feed_is_read_by_python_icalendar_with_uids_dates_and_alarms() {
    let a = demo("150");
    let ics = export(&a, "ics", "r.ics");
    let events = python_parse(&ics);
    let store = Store::create(&a.path).unwrap();
    let due = store.due_items().unwrap();
    assert_eq!(events.len(), due.len());
    assert!(due.len() > 150, "SIM expiries, warranties, deposits, plans and repairs");
    let by_uid: BTreeMap<String, &serde_json::Value> =
        events.iter().map(|e| (e["uid"].as_str().unwrap().to_string(), e)).collect();
    assert_eq!(by_uid.len(), events.len(), "UIDs are unique");
    let lang = store.settings().unwrap().language;
    for d in &due {
        let uid = format!("{}@poskeeper", d.key.replace(':', "-"));
        let e = by_uid.get(&uid).unwrap_or_else(|| panic!("no event for {}", d.key));
        assert_eq!(e["start"], d.due_on.to_string());
        assert_eq!(e["end"], (d.due_on + chrono::Days::new(1)).to_string(), "all-day: the next day ends it");
        assert_eq!(e["trigger_days"], -d.lead_days);
        assert_eq!(e["summary"], d.title(lang));
        if let Some(t) = &d.terminal {
            assert!(e["summary"].as_str().unwrap().contains(&format!("SN {}", t.sn)), "names the terminal");
        }
        assert_eq!(e["stamp"], "2026-11-22T09:00:00+00:00");
    }
    assert!(events.iter().any(|e| e["summary"].as_str().unwrap().starts_with("流量卡到期：")));
    // A renewal moves the date of the same event: the UID does not change.
    let sim = due.iter().find(|d| d.key.starts_with("sim_expiry:")).unwrap();
    let iccid = sim.iccid.clone().unwrap();
    let until = (sim.due_on + chrono::Days::new(400)).to_string();
    a.ok(&["sim", "renew", &iccid, "--until", &until]);
    let again = python_parse(&export(&a, "ics", "r2.ics"));
    let uid = format!("sim_expiry-{iccid}@poskeeper");
    let moved: Vec<_> = again.iter().filter(|e| e["uid"] == uid.as_str()).collect();
    assert_eq!(moved.len(), 1);
    assert_eq!(moved[0]["start"], until);
    assert_eq!(again.len(), events.len());
    // --as-of sets the stamp; the same data gives the same feed.
    let x = a.file("x.ics");
    let y = a.file("y.ics");
    a.ok(&["export", "--format", "ics", "--out", x.to_str().unwrap(), "--as-of", "2026-12-01"]);
    a.ok(&["export", "--format", "ics", "--out", y.to_str().unwrap(), "--as-of", "2026-12-01"]);
    assert_eq!(std::fs::read(&x).unwrap(), std::fs::read(&y).unwrap());
    assert!(python_parse(&x).iter().all(|e| e["stamp"] == "2026-12-01T00:00:00+00:00"));
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
