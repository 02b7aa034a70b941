//! A fuzz target over the import readers (SPEC §6, "no input crashes or exhausts the program"):
//! real fixtures and small generated workbooks and text files, mutated (bytes flipped, cut,
//! repeated or inserted; huge, negative or reversed numbers put into the workbook's XML
//! attributes, the zip rebuilt around them), go through `import::prepare` and an import (a dry
//! run, or a real one) into a temporary store. Every case must end in a `Result`, never a panic.
//!
//! `POSKEEPER_FUZZ_CASES` cases (default 2,000, about 10 s); `POSKEEPER_FUZZ_SEED` replays a
//! run: case `k` of a run with seed `S` is case 0 of the run with seed `S + k`.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod hostile_util;

use chrono::NaiveDate;
use poskeeper::files::import::{self, ImportOptions};
use poskeeper::i18n::Lang;
use poskeeper::Store;
use proptest::prelude::*;
use proptest::strategy::ValueTree;
use proptest::test_runner::{Config, RngAlgorithm, TestRng, TestRunner};
use std::io::{Read, Write};
use std::path::Path;

/// The files mutated: fixtures, and a few made here.
fn corpus() -> Vec<(&'static str, Vec<u8>)> {
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let mut out = Vec::new();
    for (name, ext) in [
        ("provider.xlsx", "xlsx"),
        ("mangled.xlsx", "xlsx"),
        ("provider-gb18030.csv", "csv"),
        ("wps-gb18030.csv", "csv"),
        ("unicode-text.txt", "txt"),
    ] {
        out.push((ext, std::fs::read(fixtures.join(name)).unwrap()));
    }
    out.push(("xlsx", hostile_util::good_workbook()));
    out.push(("xlsx", written_workbook()));
    out.push(("csv", "序列号,ICCID,流量卡到期,押金,押金返还截止,备注\nFZ1,89860012345678901238,2027-01-01,99,2027-06-30,'=1+2\nFZ2,,2027/3/5,,,\"a,\"\"b\"\"\"\n".as_bytes().to_vec()));
    out.push(("csv", b"sn\tnotes\r\nT1\tx\r\nT2\t\"\r\n\"\r\n".to_vec()));
    out
}

/// A workbook as rust_xlsxwriter writes it (shared strings, styles, dates).
fn written_workbook() -> Vec<u8> {
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    for (c, h) in ["序列号", "启用日期", "保修月数", "流量费", "备注"].iter().enumerate() {
        ws.write_string(0, c as u16, *h).unwrap();
    }
    let date = rust_xlsxwriter::Format::new().set_num_format("yyyy-mm-dd");
    for r in 1..6u32 {
        ws.write_string(r, 0, format!("WB{r:04}")).unwrap();
        ws.write_datetime_with_format(r, 1, rust_xlsxwriter::ExcelDateTime::from_ymd(2026, 3, r as u8).unwrap(), &date)
            .unwrap();
        ws.write_number(r, 2, 24.0).unwrap();
        ws.write_number(r, 3, 45.5).unwrap();
        ws.write_string(r, 4, "备注").unwrap();
    }
    wb.save_to_buffer().unwrap()
}

/// One mutation of a file's bytes.
#[derive(Debug, Clone)]
enum Mutation {
    Flip {
        at: usize,
        xor: u8,
    },
    Truncate {
        at: usize,
    },
    Duplicate {
        from: usize,
        len: usize,
        at: usize,
    },
    Insert {
        at: usize,
        bytes: Vec<u8>,
    },
    /// Inside a workbook: the `n`th number in an attribute of part `part` becomes `value`.
    XmlNumber {
        part: usize,
        n: usize,
        value: String,
    },
    /// Inside a workbook: a range attribute's two ends swapped.
    XmlReverse {
        part: usize,
        n: usize,
    },
}

fn mutation() -> impl Strategy<Value = Mutation> {
    let huge = prop::sample::select(vec![
        "4294967296",
        "4294967295",
        "99999999999999999999",
        "-1",
        "0",
        "1048577",
        "2147483648",
        "18446744073709551616",
        "XFD1048576",
        "ZZZZZZZZ1",
        "A0",
        "",
    ]);
    prop_oneof![
        (any::<usize>(), 1u8..=255).prop_map(|(at, xor)| Mutation::Flip { at, xor }),
        any::<usize>().prop_map(|at| Mutation::Truncate { at }),
        (any::<usize>(), 1usize..4096, any::<usize>()).prop_map(|(from, len, at)| Mutation::Duplicate {
            from,
            len,
            at
        }),
        (any::<usize>(), prop::collection::vec(prop::sample::select(b",;\t\"'\r\n=<>/&PK\x00\xff9".to_vec()), 1..64))
            .prop_map(|(at, bytes)| Mutation::Insert { at, bytes }),
        (0usize..16, 0usize..64, huge).prop_map(|(part, n, v)| Mutation::XmlNumber { part, n, value: v.to_string() }),
        (0usize..16, 0usize..8).prop_map(|(part, n)| Mutation::XmlReverse { part, n }),
    ]
}

/// The parts of a zip, or `None` if it is not one.
fn unzip(bytes: &[u8]) -> Option<Vec<(String, Vec<u8>)>> {
    let mut z = zip::ZipArchive::new(std::io::Cursor::new(bytes)).ok()?;
    let mut parts = Vec::new();
    for i in 0..z.len() {
        let mut f = z.by_index(i).ok()?;
        let name = f.name().ok()?.to_string();
        let mut body = Vec::new();
        f.read_to_end(&mut body).ok()?;
        parts.push((name, body));
    }
    Some(parts)
}

fn rezip(parts: &[(String, Vec<u8>)]) -> Vec<u8> {
    let mut out = std::io::Cursor::new(Vec::new());
    let mut z = zip::ZipWriter::new(&mut out);
    let opts = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    for (name, body) in parts {
        z.start_file(name.as_str(), opts).unwrap();
        z.write_all(body).unwrap();
    }
    z.finish().unwrap();
    out.into_inner()
}

/// Byte ranges of the values of attributes (`="…"`) in an XML part.
fn attribute_values(xml: &[u8]) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut i = 0;
    while i + 1 < xml.len() {
        if xml[i] == b'=' && xml[i + 1] == b'"' {
            if let Some(len) = xml[i + 2..].iter().position(|b| *b == b'"') {
                out.push((i + 2, i + 2 + len));
                i += 2 + len;
            }
        }
        i += 1;
    }
    out
}

fn apply(bytes: &mut Vec<u8>, m: &Mutation) {
    let n = bytes.len().max(1);
    match m {
        Mutation::Flip { at, xor } => {
            if !bytes.is_empty() {
                bytes[at % n] ^= xor;
            }
        }
        Mutation::Truncate { at } => bytes.truncate(at % n),
        Mutation::Duplicate { from, len, at } => {
            let from = from % n;
            let end = (from + len).min(bytes.len());
            let chunk = bytes[from.min(bytes.len())..end].to_vec();
            let at = at % n;
            bytes.splice(at.min(bytes.len())..at.min(bytes.len()), chunk);
        }
        Mutation::Insert { at, bytes: ins } => {
            let at = (at % n).min(bytes.len());
            bytes.splice(at..at, ins.iter().copied());
        }
        Mutation::XmlNumber { part, n, value } => {
            let Some(mut parts) = unzip(bytes) else { return };
            let k = part % parts.len();
            let spans: Vec<_> = attribute_values(&parts[k].1)
                .into_iter()
                .filter(|(s, e)| parts[k].1[*s..*e].iter().any(u8::is_ascii_digit))
                .collect();
            if spans.is_empty() {
                return;
            }
            let (s, e) = spans[n % spans.len()];
            parts[k].1.splice(s..e, value.bytes());
            *bytes = rezip(&parts);
        }
        Mutation::XmlReverse { part, n } => {
            let Some(mut parts) = unzip(bytes) else { return };
            let k = part % parts.len();
            let spans: Vec<_> =
                attribute_values(&parts[k].1).into_iter().filter(|(s, e)| parts[k].1[*s..*e].contains(&b':')).collect();
            if spans.is_empty() {
                return;
            }
            let (s, e) = spans[n % spans.len()];
            let value = String::from_utf8_lossy(&parts[k].1[s..e]).to_string();
            if let Some((a, b)) = value.split_once(':') {
                parts[k].1.splice(s..e, format!("{b}:{a}").into_bytes());
                *bytes = rezip(&parts);
            }
        }
    }
}

fn opts(dry_run: bool, skip_invalid: bool) -> ImportOptions {
    let today = NaiveDate::from_ymd_opt(2026, 11, 22).unwrap();
    ImportOptions {
        dry_run,
        skip_invalid,
        sheet: None,
        lang: Lang::En,
        today,
        now: today.and_hms_opt(9, 0, 0).unwrap(),
    }
}

/// What one case did, for the summary.
#[derive(Debug, Default)]
struct Tally {
    prepared: u64,
    imported: u64,
    refused: std::collections::BTreeMap<String, u64>,
}

fn one_case(seed: u64, corpus: &[(&str, Vec<u8>)], store: &mut Store, dir: &Path, tally: &mut Tally) {
    let mut bytes = seed.to_le_bytes().to_vec();
    bytes.resize(32, 0);
    let mut runner = TestRunner::new_with_rng(Config::default(), TestRng::from_seed(RngAlgorithm::ChaCha, &bytes));
    let strategy = (0..corpus.len(), prop::collection::vec(mutation(), 0..4), any::<bool>(), any::<bool>());
    let (base, mutations, dry_run, skip_invalid) = strategy.new_tree(&mut runner).unwrap().current();
    let (ext, original) = &corpus[base];
    let mut file = original.clone();
    for m in &mutations {
        apply(&mut file, m);
    }
    let path = dir.join(format!("case.{ext}"));
    std::fs::write(&path, &file).unwrap();
    let result = import::prepare(&path, None).and_then(|p| {
        tally.prepared += 1;
        import::import_prepared(store, &p, &opts(dry_run, skip_invalid), &mut |_, _| {})
    });
    match result {
        Ok(_) => tally.imported += 1,
        Err(e) => {
            // A refusal is one line, and names no more of the file than its path.
            let msg = e.to_string();
            assert!(!msg.contains('\n'), "seed {seed}: {msg:?}");
            *tally.refused.entry(e.code().to_string()).or_default() += 1;
        }
    }
}

#[test]
fn mutated_files_end_in_a_result_never_a_panic() {
    let cases: u64 = std::env::var("POSKEEPER_FUZZ_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(2000);
    let seed: u64 = std::env::var("POSKEEPER_FUZZ_SEED").ok().and_then(|v| v.parse().ok()).unwrap_or_else(|| {
        std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(1, |d| d.as_nanos() as u64)
    });
    eprintln!("fuzz: seed {seed} (replay with POSKEEPER_FUZZ_SEED={seed})");
    let corpus = corpus();
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::create(dir.path().join("fuzz.db")).unwrap();
    let mut tally = Tally::default();
    let mut panics = Vec::new();
    let started = std::time::Instant::now();
    for k in 0..cases {
        let case_seed = seed.wrapping_add(k);
        let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            one_case(case_seed, &corpus, &mut store, dir.path(), &mut tally);
        }));
        if outcome.is_err() {
            panics.push(case_seed);
        }
    }
    eprintln!(
        "fuzz: {cases} cases, {} panics ({:.1?}); {} prepared, {} imported, refused: {:?}",
        panics.len(),
        started.elapsed(),
        tally.prepared,
        tally.imported,
        tally.refused
    );
    assert!(
        panics.is_empty(),
        "panics with seeds {panics:?} (replay each with POSKEEPER_FUZZ_SEED=<seed> POSKEEPER_FUZZ_CASES=1)"
    );
    store.quick_check().unwrap();
}
