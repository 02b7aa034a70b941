//! Hostile input for the import tests: small workbooks written part by part (so any part can be
//! made wrong on purpose), and the real `poskeeper` binary run under GNU time to read its peak
//! memory.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::io::Write;
use std::path::Path;

/// A string that must never appear in an error message: it is only in the files' contents.
pub const MARKER: &str = "MARKER-7f3a";

/// A workbook from its parts (name, XML), deflated.
pub fn zip_parts(parts: &[(&str, String)]) -> Vec<u8> {
    let mut out = std::io::Cursor::new(Vec::new());
    {
        let mut z = zip::ZipWriter::new(&mut out);
        let opts = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
        for (name, body) in parts {
            z.start_file(*name, opts).unwrap();
            z.write_all(body.as_bytes()).unwrap();
        }
        z.finish().unwrap();
    }
    out.into_inner()
}

/// The parts of a one-sheet workbook whose sheet XML is `sheet` (inside `<worksheet>`), with
/// `shared` as its shared strings part when given.
pub fn workbook_parts(sheet: &str, shared: Option<&str>) -> Vec<(&'static str, String)> {
    let mut parts = vec![
        (
            "[Content_Types].xml",
            r#"<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/></Types>"#.to_string(),
        ),
        (
            "_rels/.rels",
            r#"<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#.to_string(),
        ),
        (
            "xl/workbook.xml",
            r#"<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>"#.to_string(),
        ),
        (
            "xl/_rels/workbook.xml.rels",
            r#"<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>"#.to_string(),
        ),
        (
            "xl/worksheets/sheet1.xml",
            format!(r#"<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">{sheet}</worksheet>"#),
        ),
    ];
    if let Some(s) = shared {
        parts.push(("xl/sharedStrings.xml", s.to_string()));
    }
    parts
}

/// An inline-string cell.
pub fn text_cell(r: &str, v: &str) -> String {
    format!(r#"<c r="{r}" t="inlineStr"><is><t>{v}</t></is></c>"#)
}

/// A header row (`sn`, `notes`) and two data rows, the notes holding [`MARKER`].
pub fn good_rows() -> String {
    format!(
        r#"<row r="1">{}{}</row><row r="2">{}{}</row><row r="3">{}{}</row>"#,
        text_cell("A1", "sn"),
        text_cell("B1", "notes"),
        text_cell("A2", "HX0001"),
        text_cell("B2", MARKER),
        text_cell("A3", "HX0002"),
        text_cell("B3", MARKER),
    )
}

/// A sound small workbook (a starting point for the crafted ones).
pub fn good_workbook() -> Vec<u8> {
    zip_parts(&workbook_parts(&format!(r#"<dimension ref="A1:B3"/><sheetData>{}</sheetData>"#, good_rows()), None))
}

/// What a run of the CLI gave: exit code, stderr, peak resident memory (MB).
pub struct Measured {
    pub code: Option<i32>,
    pub stdout: String,
    pub stderr: String,
    pub peak_mb: f64,
}

/// Runs the real binary with `args` under GNU time (`/usr/bin/time`, Debian's `time` package:
/// scripts/install-deps.sh) and reads its maximum resident set (wait4's ru_maxrss).
pub fn run_measured(db: &Path, args: &[&str]) -> Measured {
    let dir = tempfile::tempdir().unwrap();
    let rss = dir.path().join("rss");
    let out = std::process::Command::new("/usr/bin/time")
        .arg("-o")
        .arg(&rss)
        .args(["-f", "%M"])
        .arg(env!("CARGO_BIN_EXE_poskeeper"))
        .arg("--db")
        .arg(db)
        .args(args)
        .env("POSKEEPER_NOW", "2026-11-22T09:00:00")
        .env("LANG", "C")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env_remove("POSKEEPER_DB")
        .output()
        .expect("GNU time at /usr/bin/time (Debian package `time`, see scripts/install-deps.sh)");
    let text = std::fs::read_to_string(&rss).unwrap();
    // "Command exited with non-zero status 1" comes first when the command failed.
    let kb: f64 = text.lines().last().unwrap().trim().parse().unwrap();
    Measured {
        code: out.status.code(),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        peak_mb: kb / 1024.0,
    }
}

/// Makes sure the database exists (`init`), whatever the test helpers' `Db::new` does.
pub fn init(db: &Path) {
    if !db.exists() {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_poskeeper"))
            .arg("--db")
            .arg(db)
            .arg("init")
            .env_remove("POSKEEPER_DB")
            .output()
            .unwrap();
        assert!(out.status.success(), "init: {}", String::from_utf8_lossy(&out.stderr));
    }
}
