//! SPEC §6, "no input crashes or exhausts the program": crafted workbooks and text files given to
//! the real CLI end in exit 1 with one line on stderr that quotes nothing from the file, never
//! a panic or an abort, and the process never holds more than 300 MB (its peak resident set,
//! read by GNU time). `POSKEEPER_SOAK=1` adds files up to the 200 MB import limit.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod files_util;
mod hostile_util;

use files_util::Db;
use hostile_util::{good_rows, run_measured, text_cell, workbook_parts, zip_parts, MARKER};
use std::path::Path;

const LIMIT_MB: f64 = 300.0;

/// Imports `file` (and dry-runs it) and checks the refusal: exit 1, one line, no file contents,
/// bounded memory. Returns the error line.
fn refused(db: &Db, file: &Path, what: &str) -> String {
    hostile_util::init(&db.path);
    let before = db.dump();
    let mut line = String::new();
    for dry in [false, true] {
        let mut args = vec!["import", file.to_str().unwrap()];
        if dry {
            args.push("--dry-run");
        }
        let m = run_measured(&db.path, &args);
        eprintln!(
            "{what}{}: exit {:?}, peak {:.1} MB: {}",
            if dry { " (dry run)" } else { "" },
            m.code,
            m.peak_mb,
            m.stderr.trim()
        );
        assert_eq!(m.code, Some(1), "{what}: {} {}", m.stdout, m.stderr);
        assert_eq!(m.stderr.trim_end().lines().count(), 1, "{what}: one line: {:?}", m.stderr);
        assert!(!m.stderr.contains(MARKER) && !m.stderr.contains("panicked"), "{what}: {}", m.stderr);
        assert!(m.peak_mb <= LIMIT_MB, "{what}: peak {:.1} MB", m.peak_mb);
        line = m.stderr.trim().to_string();
    }
    assert_eq!(db.dump(), before, "{what}: nothing written");
    line
}

fn workbook(db: &Db, name: &str, sheet: &str, shared: Option<&str>) -> std::path::PathBuf {
    let f = db.file(name);
    std::fs::write(&f, zip_parts(&workbook_parts(sheet, shared))).unwrap();
    f
}

#[test]
#[cfg_attr(windows, ignore = "measures peak memory with GNU time (/usr/bin/time), a Linux tool")]
fn crafted_workbooks_are_refused_before_calamine_can_panic_or_allocate() {
    let db = Db::new();
    let rows = good_rows();
    let cases: Vec<(&str, String, Option<String>, &str)> = vec![
        ("reversed dimension", format!(r#"<dimension ref="B5:A1"/><sheetData>{rows}</sheetData>"#), None, "damaged"),
        (
            "reversed merge",
            format!(r#"<dimension ref="A1:B3"/><sheetData>{rows}</sheetData><mergeCells><mergeCell ref="C9:A1"/></mergeCells>"#),
            None,
            "damaged",
        ),
        (
            "row number beyond u32",
            format!(r#"<sheetData>{rows}<row r="4000000000">{}</row></sheetData>"#, text_cell("A4000000000", MARKER)),
            None,
            "damaged",
        ),
        ("dimension beyond the grid", format!(r#"<dimension ref="A1:B4000000000"/><sheetData>{rows}</sheetData>"#), None, "damaged"),
        ("dimension of a million rows", format!(r#"<dimension ref="A1:B1048576"/><sheetData>{rows}</sheetData>"#), None, "rows"),
        (
            "column beyond the grid",
            format!(r#"<sheetData>{rows}<row r="4">{}</row></sheetData>"#, text_cell("ZZZZZZZ4", MARKER)),
            None,
            "damaged",
        ),
        (
            "shared strings counting four billion",
            r#"<dimension ref="A1:A2"/><sheetData><row r="1"><c r="A1" t="s"><v>0</v></c></row><row r="2"><c r="A2" t="s"><v>1</v></c></row></sheetData>"#.to_string(),
            Some(format!(
                r#"<?xml version="1.0"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="4000000000" uniqueCount="4000000000"><si><t>sn</t></si><si><t>{MARKER}</t></si></sst>"#
            )),
            "too much",
        ),
        (
            "one cell of 2 MB made of short runs",
            format!(r#"<sheetData>{rows}<row r="4"><c r="A4" t="str"><v>{}</v></c></row></sheetData>"#, "ab&amp;".repeat(300_000)),
            None,
            "damaged",
        ),
        (
            "one shared string of 2 MB in short runs",
            r#"<sheetData><row r="1"><c r="A1" t="s"><v>0</v></c></row><row r="2"><c r="A2" t="s"><v>1</v></c></row></sheetData>"#.to_string(),
            Some(format!(
                r#"<sst count="2" uniqueCount="2"><si><t>sn</t></si><si>{}</si></sst>"#,
                format!("<r><t>{MARKER}</t></r>").repeat(100_000)
            )),
            "damaged",
        ),
        (
            "an attribute of 2 MB",
            format!(r#"<dimension ref="A1:B3" x="{}"/><sheetData>{rows}</sheetData>"#, "9".repeat(2 << 20)),
            None,
            "damaged",
        ),
    ];
    for (i, (what, sheet, shared, expect)) in cases.iter().enumerate() {
        let f = workbook(&db, &format!("crafted-{i}.xlsx"), sheet, shared.as_deref());
        let line = refused(&db, &f, what);
        assert!(line.contains(expect), "{what}: {line}");
    }
    // The same parts, sound: imported.
    let f = workbook(&db, "sound.xlsx", &format!(r#"<dimension ref="A1:B3"/><sheetData>{rows}</sheetData>"#), None);
    assert!(db.ok(&["import", f.to_str().unwrap()]).contains("new 2"));
}

#[test]
#[cfg_attr(windows, ignore = "measures peak memory with GNU time (/usr/bin/time), a Linux tool")]
fn crafted_text_files_are_refused_in_bounded_memory() {
    let db = Db::new();
    let big = std::env::var("POSKEEPER_SOAK").is_ok();
    let mb = |n: usize| n * 1_000_000;
    let mut cases: Vec<(&str, Vec<u8>)> = vec![
        ("20 MB of separators", b",".repeat(mb(20))),
        (
            "one line of 50 MB",
            [b"sn,notes\n".to_vec(), MARKER.as_bytes().repeat(mb(50) / MARKER.len()), b"\n".to_vec()].concat(),
        ),
        (
            "a quote never closed",
            [b"sn,notes\nA1,\"".to_vec(), b"\"\"".repeat(mb(15)), MARKER.as_bytes().to_vec()].concat(),
        ),
        ("20 MB of quotes", b"\"".repeat(mb(20))),
        ("a tab-separated row of 17k columns", [b"sn\tnotes\n".to_vec(), b"x\t".repeat(17_000)].concat()),
    ];
    if big {
        cases.push(("190 MB of separators", b",".repeat(mb(190))));
        cases.push(("190 MB of blank records", b",\n".repeat(mb(95))));
    }
    for (i, (what, bytes)) in cases.into_iter().enumerate() {
        let f = db.file(&format!("crafted-{i}.csv"));
        std::fs::write(&f, &bytes).unwrap();
        drop(bytes);
        refused(&db, &f, what);
    }
}
