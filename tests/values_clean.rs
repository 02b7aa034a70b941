//! SPEC §6: text holds no control characters, SNs and other identifiers nothing invisible or
//! direction-changing, from the CLI and from imported files alike; and every error is one line
//! that quotes values escaped and cut, never a file's contents.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;
use common::{Db, Out};
use serde_json::Value;

/// A database that exists (a missing `--db` is an error for every command but `init`).
fn fresh() -> Db {
    let db = Db::new();
    db.ok(&["init"]);
    db.ok(&["terminal", "add", "--sn", "PAX-1", "--store", "福田店"]);
    db
}

/// Runs a command that must fail with exit 1, one line on stderr, and nothing written.
fn refused(db: &Db, args: &[&str]) -> String {
    let before = db.dump();
    let o = db.run(args);
    one_line_error(&o, &args);
    assert_eq!(db.dump(), before, "{args:?} changed the database");
    o.stderr
}

fn one_line_error(o: &Out, what: &dyn std::fmt::Debug) {
    assert_eq!(o.code, 1, "{what:?}: stdout {} stderr {}", o.stdout, o.stderr);
    assert!(o.stderr.starts_with("poskeeper: "), "{}", o.stderr);
    assert!(o.stderr.ends_with('\n'), "{:?}", o.stderr);
    let body = &o.stderr[..o.stderr.len() - 1];
    assert!(!body.contains(['\n', '\r']), "one line: {:?}", o.stderr);
    assert!(!body.chars().any(|c| c.is_control() || poskeeper::domain::values::is_invisible(c)), "{:?}", o.stderr);
}

fn zh(db: &Db, args: &[&str]) -> Out {
    let o = db.cmd().env("LANG", "zh_CN.UTF-8").args(args).output().unwrap();
    Out {
        code: o.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&o.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&o.stderr).into_owned(),
    }
}

#[test]
#[cfg_attr(windows, ignore = "asks for Chinese through LANG, which only Linux reads (Windows: the OS language)")]
fn direction_override_in_an_sn_is_refused_and_shown_escaped() {
    let db = fresh();
    for sn in ["PAX\u{202E}1", "\u{202E}PAX2", "PAX\u{200B}3", "PAX\u{FEFF}4", "PAX\u{00AD}5", "PAX\u{2066}6"] {
        let err = refused(&db, &["terminal", "add", "--sn", sn]);
        assert!(err.contains("invisible or direction-changing"), "{err}");
        let code = sn.chars().find(|c| !c.is_ascii()).unwrap();
        assert!(err.contains(&format!("\\u{{{:04X}}}", u32::from(code))), "escaped in the message: {err}");
    }
    let o = zh(&db, &["terminal", "add", "--sn", "PAX\u{202E}1"]);
    one_line_error(&o, &"zh");
    assert!(o.stderr.contains("会改变文字方向") && o.stderr.contains("PAX\\u{202E}1"), "{}", o.stderr);
    // Identifiers beside the SN get the same rule; free text keeps joiners but not overrides.
    refused(&db, &["terminal", "add", "--sn", "X1", "--merchant-no", "898\u{200B}123"]);
    refused(&db, &["terminal", "add", "--sn", "X1", "--terminal-no", "\u{2060}12345678"]);
    refused(&db, &["terminal", "set", "PAX-1", "--merchant-no", "898\u{202E}123"]);
    refused(&db, &["terminal", "set", "PAX-1", "--store", "店\u{202E}A"]);
    refused(&db, &["sim", "add", "--iccid", "8986001234567890123\u{200B}4"]);
    db.ok(&["terminal", "set", "PAX-1", "--notes", "👨\u{200D}🔧 已修"]);
}

#[test]
#[cfg_attr(windows, ignore = "asks for Chinese through LANG, which only Linux reads (Windows: the OS language)")]
fn line_breaks_and_controls_in_text_are_refused_everywhere() {
    let db = fresh();
    db.ok(&["contact", "add", "--name", "客服", "--kind", "bank"]);
    for bad in ["A\nB", "A\r\nB", "A\rB", "A\tB", "A\u{1b}[2JB", "A\u{2028}B", "A\u{85}B"] {
        for args in [
            vec!["terminal", "add", "--sn", "X1", "--store", bad],
            vec!["terminal", "set", "PAX-1", "--store", bad],
            vec!["terminal", "set", "PAX-1", "--brand", bad],
            vec!["terminal", "set", "PAX-1", "--notes", bad],
            vec!["sim", "add", "--iccid", "89860012345678901234", "--plan", bad],
            vec!["contact", "add", "--name", bad, "--kind", "bank"],
            vec!["contact", "add", "--name", "Y", "--kind", "bank", "--hours", bad],
            vec!["repair", "open", "PAX-1", "--fault", "screen", "--ticket-no", bad],
        ] {
            let err = refused(&db, &args);
            assert!(err.contains("line break, tab or other control character"), "{args:?}: {err}");
        }
    }
    let o = zh(&db, &["terminal", "set", "PAX-1", "--store", "A\nB"]);
    one_line_error(&o, &"zh");
    assert!(o.stderr.contains("门店含有换行"), "{}", o.stderr);
    // An SN with a line break is refused, and quoted with the break escaped.
    let err = refused(&db, &["terminal", "add", "--sn", "EVIL\nINJECTED"]);
    assert!(err.contains("EVIL\\nINJECTED"), "{err}");
    // `;` and `,` are ordinary text.
    db.ok(&["terminal", "set", "PAX-1", "--store", "福田店; 2 楼, 东门"]);
}

#[test]
fn quoted_values_are_cut_and_escaped() {
    let db = fresh();
    let long = format!("{}\n{}", "x".repeat(5000), "SECRET");
    for args in [
        vec!["terminal", "add", "--sn", "X1", "--activated-on", &long],
        vec!["terminal", "show", &long],
        vec!["sim", "add", "--iccid", &long],
        vec!["deposit", "add", "PAX-1", "--amount", &long, "--deadline", "2027-01-01"],
        vec!["settings", "lead.sim_expiry", &long],
        vec!["ack", &long],
    ] {
        let o = db.run(&args);
        one_line_error(&o, &&args[..2]);
        assert!(o.stderr.chars().count() < 400, "cut: {}", o.stderr);
        assert!(o.stderr.contains('…') && !o.stderr.contains("SECRET"), "{}", o.stderr);
    }
}

#[test]
#[cfg_attr(windows, ignore = "asks for Chinese through LANG, which only Linux reads (Windows: the OS language)")]
fn snooze_says_snooze_not_renewal() {
    let db = fresh();
    let o = zh(&db, &["snooze", "warranty_expiry:PAX-1", "--until", "2026-02-30"]);
    one_line_error(&o, &"zh snooze");
    assert!(o.stderr.contains("推迟日期无效") && !o.stderr.contains("续费"), "{}", o.stderr);
    let o = db.run(&["snooze", "warranty_expiry:PAX-1", "--until", "soon"]);
    one_line_error(&o, &"en snooze");
    assert!(o.stderr.contains("invalid date for snooze until: 'soon'"), "{}", o.stderr);
    // The renewal keeps its own label.
    db.ok(&["sim", "add", "--iccid", "89860012345678901234", "--terminal", "PAX-1", "--expires-on", "2026-12-31"]);
    let o = zh(&db, &["sim", "renew", "89860012345678901234", "--until", "2026-02-30"]);
    assert!(o.stderr.contains("续费到期日期无效"), "{}", o.stderr);
    let o = db.run(&["sim", "renew", "89860012345678901234", "--until", "x"]);
    assert!(o.stderr.contains("invalid date for the renewal's new expiry date"), "{}", o.stderr);
}

/// A file given to `import` that is no spreadsheet: its first line never reaches the terminal.
#[test]
#[cfg_attr(windows, ignore = "asks for Chinese through LANG, which only Linux reads (Windows: the OS language)")]
fn import_of_a_text_file_does_not_echo_it() {
    let db = fresh();
    let secret = "root:S3CRET-hash-d41d8cd98f00b204:0:0:root:/root:/bin/bash";
    let body = format!("{secret}\ndaemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin\nbin,x,2,2\n");
    for name in ["passwd", "passwd.txt", "passwd.csv", "passwd.tsv"] {
        let f = db.dir.path().join(name);
        std::fs::write(&f, &body).unwrap();
        let before = db.dump();
        for lang in ["en_US.UTF-8", "zh_CN.UTF-8"] {
            let o = db.cmd().env("LANG", lang).args(["import", f.to_str().unwrap()]).output().unwrap();
            let o = Out {
                code: o.status.code().unwrap_or(-1),
                stdout: String::from_utf8_lossy(&o.stdout).into_owned(),
                stderr: String::from_utf8_lossy(&o.stderr).into_owned(),
            };
            one_line_error(&o, &name);
            for part in ["S3CRET", "root", "daemon", "nologin"] {
                assert!(!o.stderr.contains(part) && !o.stdout.contains(part), "{name}: echoes {part}: {}", o.stderr);
            }
        }
        assert_eq!(db.dump(), before);
    }
}

fn import_json(db: &Db, name: &str, body: &str) -> (Out, Value) {
    let f = db.dir.path().join(name);
    std::fs::write(&f, body).unwrap();
    let o = db.run(&["import", f.to_str().unwrap(), "--json"]);
    let v = serde_json::from_str(&o.stdout).unwrap_or(Value::Null);
    (o, v)
}

#[test]
fn imported_cells_are_checked_like_typed_ones() {
    let db = fresh();
    let before = db.dump();
    // Refused whatever the cell: an SN or merchant number with an invisible character, a
    // direction override in a store name, a direction isolate in a note.
    let csv = "序列号,门店,商户号,备注\n\
               \"NEW\u{202E}2\",南山店,,\n\
               NEW-3,罗湖店,898\u{200B}1,\n\
               NEW-4,\"宝安\u{202E}店\",,\n\
               NEW-5,龙岗店,,\"a\u{2067}b\u{2069}\"\n";
    let (o, v) = import_json(&db, "cells.csv", csv);
    assert_eq!(o.code, 1, "{} {}", o.stdout, o.stderr);
    one_line_error(&o, &"import");
    assert_eq!(db.dump(), before, "nothing stored");
    let problems = v["problems"].as_array().unwrap_or_else(|| panic!("report: {}", o.stdout));
    let got: Vec<(u64, &str, &str)> = problems
        .iter()
        .map(|p| (p["line"].as_u64().unwrap(), p["column"].as_str().unwrap_or("-"), p["code"].as_str().unwrap()))
        .collect();
    assert_eq!(
        got,
        [
            (2, "序列号", "invalid_sn"),
            (3, "商户号", "invalid_text"),
            (4, "门店", "invalid_text"),
            (5, "备注", "invalid_text")
        ],
        "{}",
        o.stdout
    );
    assert!(problems[0]["reason"].as_str().unwrap().contains("\\u{202E}"), "{}", problems[0]);

    // A line break or tab inside a quoted free-text cell never reaches the database: the row is
    // either refused with its line and column, or the cell is folded to one line.
    let csv =
        "序列号,门店,备注\nOK-1,\"福田店; 2 楼, 东门\",\nBR-1,\"福田\r\n店\",\"两行\n备注\"\nBR-2,南山店,\"a\tb\"\n";
    let (o, v) = import_json(&db, "breaks.csv", csv);
    let f = db.dir.path().join("breaks.csv");
    for p in v["problems"].as_array().into_iter().flatten() {
        assert_eq!(p["code"], "invalid_text", "{p}");
        assert!([(3, "门店"), (3, "备注"), (6, "备注")]
            .contains(&(p["line"].as_u64().unwrap(), p["column"].as_str().unwrap())));
    }
    if o.code != 0 {
        db.ok(&["import", f.to_str().unwrap(), "--skip-invalid"]);
    }
    let list: Value = serde_json::from_str(&db.ok(&["terminal", "list", "--json"])).unwrap();
    let rows = list.as_array().unwrap();
    assert!(rows.iter().any(|r| r["sn"] == "OK-1" && r["store"] == "福田店; 2 楼, 东门"), "{list}");
    for sn in ["OK-1", "BR-1", "BR-2"] {
        let o = db.run(&["terminal", "show", sn, "--json"]);
        if o.code == 0 {
            let t: Value = serde_json::from_str(&o.stdout).unwrap();
            let text = t["terminal"].to_string();
            assert!(!text.contains("\\n") && !text.contains("\\r") && !text.contains("\\t"), "{text}");
            if sn == "BR-1" {
                assert_eq!(
                    (t["terminal"]["store"].as_str(), t["terminal"]["notes"].as_str()),
                    (Some("福田 店"), Some("两行 备注"))
                );
            }
        }
    }
}

/// SQLite's errors come without the statement, on one line.
#[test]
fn sqlite_errors_are_one_line_without_sql() {
    let conn = rusqlite::Connection::open_in_memory().unwrap();
    let e = conn.prepare("SELECT nope\nFROM\nnowhere").map(|_| ()).unwrap_err();
    let e = poskeeper::Error::from(e);
    for lang in [poskeeper::i18n::Lang::En, poskeeper::i18n::Lang::ZhCn] {
        let m = e.message(lang);
        assert!(!m.contains('\n') && !m.contains("FROM"), "{m}");
        assert!(m.contains("nope") || m.contains("nowhere"), "{m}");
    }
}

/// Events of an .ics file as Python's `icalendar` (python3-icalendar) reads them: uid, summary,
/// description.
fn python_events(ics: &std::path::Path) -> Vec<Value> {
    let script = r#"
import json, sys, icalendar
cal = icalendar.Calendar.from_ical(open(sys.argv[1], 'rb').read())
print(json.dumps([{'uid': str(e['UID']), 'summary': str(e['SUMMARY']), 'description': str(e['DESCRIPTION'])}
                  for e in cal.walk('VEVENT')]))
"#;
    let py = if std::path::Path::new("/usr/bin/python3").exists() { "/usr/bin/python3" } else { "python3" };
    let out = std::process::Command::new(py).arg("-c").arg(script).arg(ics).output().expect("python3");
    assert!(out.status.success(), "python3-icalendar: {}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).unwrap()
}

#[test]
#[cfg_attr(windows, ignore = "reads the .ics with Linux's python3-icalendar, which a Windows test run cannot start")]
fn ics_values_cannot_inject_lines() {
    let db = fresh();
    // `;`, `,` and `\` are ordinary text and come back exactly.
    let store = r"福田店; 2 楼, 东门 \ 后门";
    db.ok(&["terminal", "add", "--sn", "PAX-2", "--store", store, "--warranty-until", "2027-01-01"]);
    // Typed line breaks never get in…
    refused(&db, &["terminal", "set", "PAX-2", "--store", "A\r\nEND:VEVENT\r\nBEGIN:VEVENT"]);
    // …and one already in the file (older data, another program) cannot start an event either.
    let inject =
        "罗湖店\r\nEND:VEVENT\r\nBEGIN:VEVENT\r\nUID:evil\r\nSUMMARY:INJECTED\r\nDTSTART;VALUE=DATE:20270101\rX";
    db.ok(&["terminal", "add", "--sn", "PAX-3", "--warranty-until", "2027-02-01"]);
    let conn = rusqlite::Connection::open(&db.path).unwrap();
    conn.execute("UPDATE terminals SET store_name = ?1 WHERE sn = 'PAX-3'", [inject]).unwrap();
    conn.execute("UPDATE terminals SET model = 'M\rBEGIN:VALARM' WHERE sn = 'PAX-3'", []).unwrap();
    drop(conn);
    let ics = db.dir.path().join("r.ics");
    db.ok(&["export", "--format", "ics", "--out", ics.to_str().unwrap()]);
    let text = std::fs::read_to_string(&ics).unwrap();
    for line in text.split("\r\n") {
        assert!(!line.contains(['\r', '\n']), "a bare line break inside a content line: {line:?}");
    }
    let events = python_events(&ics);
    let uids: Vec<&str> = events.iter().map(|e| e["uid"].as_str().unwrap()).collect();
    assert_eq!(uids, ["warranty_expiry-PAX-2@poskeeper", "warranty_expiry-PAX-3@poskeeper"], "{text}");
    assert!(events[0]["summary"].as_str().unwrap().contains(store), "{}", events[0]);
    let evil = events[1]["summary"].as_str().unwrap();
    assert!(evil.contains("罗湖店  END:VEVENT") && evil.contains("SN PAX-3"), "kept on one line: {evil}");
}
