//! `poskeeper import --map 'HEADER=FIELD'` through the real binary: a provider's sheet whose
//! headers no rule knows is imported once its columns are mapped; a dry run prints the first rows
//! as stored; the mapping is remembered for the next file with the same headers; an unknown field,
//! a field mapped twice and a malformed mapping are refused with nothing written.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod files_util;

use files_util::Db;

const SHEET: &str = "机具编号,卡号,到期日,颜色\n\
                     PAX-M1,89860012345678901238,2027/3/5,黑\n\
                     PAX-M2,,2026年2月30日,白\n";

fn write(db: &Db, name: &str, text: &str) -> String {
    let p = db.file(name);
    std::fs::write(&p, text).unwrap();
    p.to_str().unwrap().to_string()
}

#[test]
fn mapped_columns_import_and_the_dry_run_shows_the_rows_as_stored() {
    let db = Db::new();
    let f = write(&db, "provider.csv", SHEET);
    // Without a mapping: no SN column, and the message says how to name one.
    let err = db.fails(&["import", &f], 1);
    assert!(err.contains("--map 'HEADER=sn'"), "{err}");
    let map = ["--map", "机具编号=sn", "--map", "卡号=iccid", "--map", "到期日=sim_expires_on", "--map", "颜色=-"];

    let mut args = vec!["import", &f, "--dry-run"];
    args.extend_from_slice(&map);
    let out = db.run(&args);
    assert_eq!(out.status.code(), Some(1), "a bad row refuses the import");
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("new 1 · updated 0 · unchanged 0 · invalid 1 (2 rows)"), "{text}");
    assert!(text.contains("the first rows as they will be stored:"), "{text}");
    assert!(text.contains("line\tsn\ticcid\tsim_expires_on\n"), "{text}");
    assert!(text.contains("\n2\tPAX-M1\t89860012345678901238\t2027-03-05\n"), "{text}");
    // The row that will not be imported is marked; its bad date is not shown as a value.
    assert!(text.contains("\n✗3\tPAX-M2\t-\t-\n"), "{text}");
    assert_eq!(db.count("terminals"), 0, "a dry run writes nothing");
    assert!(!String::from_utf8(out.stderr).unwrap().contains("颜色"), "a column mapped to - is not 'unrecognised'");

    let mut args = vec!["import", &f, "--skip-invalid"];
    args.extend_from_slice(&map);
    db.ok(&args);
    assert_eq!(db.count("terminals"), 1);
    let t: serde_json::Value = serde_json::from_str(&db.ok(&["terminal", "show", "PAX-M1", "--json"])).unwrap();
    assert_eq!(t["sim"]["sim"]["expires_on"], "2027-03-05");

    // The next sheet with the same headers is mapped as this one was, and says so.
    let next = write(&db, "next.csv", "机具编号,卡号,到期日,颜色\nPAX-M3,89860012345678901246,2027/6/1,红\n");
    let out = db.run(&["import", &next]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(String::from_utf8(out.stderr).unwrap().contains("the column mapping saved for these headers was used"));
    let t: serde_json::Value = serde_json::from_str(&db.ok(&["terminal", "show", "PAX-M3", "--json"])).unwrap();
    assert_eq!(t["sim"]["sim"]["iccid"], "89860012345678901246");
    // Other headers are another file.
    let other = write(&db, "other.csv", "机具编号,卡号\nPAX-M4,\n");
    db.fails(&["import", &other], 1);
}

#[test]
fn bad_mappings_are_refused_before_anything_is_written() {
    let db = Db::new();
    let f = write(&db, "provider.csv", SHEET);
    let err = db.fails(&["import", &f, "--map", "机具编号=serial_no"], 1);
    assert!(err.contains("unknown field 'serial_no'"), "{err}");
    let err = db.fails(&["import", &f, "--map", "机具编号=sn", "--map", "卡号=sn"], 1);
    assert!(err.contains("the field sn is mapped to two columns"), "{err}");
    let err = db.fails(&["import", &f, "--map", "机具编号"], 1);
    assert!(err.contains("is not a column mapping"), "{err}");
    // In Chinese too (on Linux: Windows takes the language from the OS, not from LANG).
    let out = db.run_zh(&["import", &f, "--map", "机具编号=sn", "--map", "卡号=SN"]);
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("对应了两列") || (cfg!(windows) && err.contains("mapped to two columns")), "{err}");
    assert_eq!(db.count("terminals"), 0);
    // The help names the option and the field codes.
    let help = String::from_utf8(db.cmd().args(["import", "--help"]).output().unwrap().stdout).unwrap();
    assert!(help.contains("--map <HEADER=FIELD>") && help.contains("sim_expires_on"), "{help}");
}
