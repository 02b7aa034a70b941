//! SPEC §6, "exported cells are data, not formulas": a CSV export puts `'` before every value a
//! spreadsheet would run, and an import takes exactly that `'` off again, so export → import is
//! exact, values that already start with `'` included.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod files_util;
mod hostile_util;

use files_util::Db;

const VALUES: &[&str] = &["=HYPERLINK(\"x\")", "+cmd", "-备注", "@x", "'=x", "''+y", "-5", "'plain", "'", "=1+2"];

fn show(db: &Db, sn: &str) -> serde_json::Value {
    let mut t: serde_json::Value = serde_json::from_str(&db.ok(&["terminal", "show", sn, "--json"])).unwrap();
    // Times differ between the two databases; everything else must not.
    for key in ["id", "created_at", "updated_at", "store_id"] {
        t["terminal"].as_object_mut().unwrap().remove(key);
    }
    t["terminal"].clone()
}

#[test]
fn csv_export_neutralises_formulas_and_reimport_is_exact() {
    let db = Db::new();
    hostile_util::init(&db.path);
    for (i, v) in VALUES.iter().enumerate() {
        let sn = format!("FX{i:04}");
        let other = VALUES[(i + 3) % VALUES.len()];
        db.ok(&[
            "terminal",
            "add",
            "--sn",
            &sn,
            &format!("--notes={v}"),
            &format!("--store={other}"),
            &format!("--brand={v}"),
            &format!("--provider={other}"),
        ]);
    }
    let out = db.file("out.csv");
    db.ok(&["export", "--format", "csv", "--out", out.to_str().unwrap()]);
    let text = std::fs::read_to_string(&out).unwrap();
    let mut rdr =
        csv::ReaderBuilder::new().has_headers(true).from_reader(text.trim_start_matches('\u{FEFF}').as_bytes());
    let mut cells = 0;
    for rec in rdr.records() {
        for cell in rec.unwrap().iter() {
            cells += 1;
            assert!(!cell.starts_with(['=', '+', '-', '@', '\t', '\r']), "a cell a spreadsheet would run: {cell:?}");
        }
    }
    assert!(cells > 0);
    assert!(text.contains("'=HYPERLINK(\"\"x\"\")") && text.contains("'''+y") && text.contains("''=x"), "{text}");
    // Back into a new database: the same values.
    let again = Db::new();
    hostile_util::init(&again.path);
    again.ok(&["import", out.to_str().unwrap()]);
    for (i, v) in VALUES.iter().enumerate() {
        let sn = format!("FX{i:04}");
        assert_eq!(show(&again, &sn), show(&db, &sn), "{sn}");
        assert_eq!(show(&again, &sn)["notes"], *v);
    }
    // And the XLSX export keeps them as text cells (never formulas), exact as well.
    let x = db.file("out.xlsx");
    db.ok(&["export", "--format", "xlsx", "--out", x.to_str().unwrap()]);
    let third = Db::new();
    hostile_util::init(&third.path);
    third.ok(&["import", x.to_str().unwrap()]);
    for i in 0..VALUES.len() {
        let sn = format!("FX{i:04}");
        assert_eq!(show(&third, &sn), show(&db, &sn), "{sn}");
    }
}
