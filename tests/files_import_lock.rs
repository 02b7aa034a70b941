//! SPEC §6, "other writers are not starved": while a large import runs (and while a dry run
//! does), `terminal add` from another CLI process never fails; how long it waited is printed.
//! The import holds the write lock only for its write phase; a dry run never takes it.
//! With `POSKEEPER_SOAK`, the import has `POSKEEPER_SOAK_TERMINALS` rows (default 100,000);
//! otherwise 10,000.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod files_util;
mod hostile_util;

use files_util::Db;
use std::io::Write;
use std::time::{Duration, Instant};

fn rows() -> usize {
    if std::env::var("POSKEEPER_SOAK").is_err() {
        return 10_000;
    }
    std::env::var("POSKEEPER_SOAK_TERMINALS").ok().and_then(|v| v.parse().ok()).unwrap_or(100_000)
}

fn sheet(db: &Db, n: usize) -> std::path::PathBuf {
    let f = db.file("big.csv");
    let mut w = std::io::BufWriter::new(std::fs::File::create(&f).unwrap());
    writeln!(w, "序列号,品牌,门店,ICCID,流量卡到期,押金,押金返还截止,备注").unwrap();
    for i in 0..n {
        writeln!(w, "LK{i:07},百富,朝阳{}店,898600{i:014},2027-01-{:02},99,2027-06-30,第{i}台", i % 40, i % 28 + 1)
            .unwrap();
    }
    w.flush().unwrap();
    f
}

fn percentile(v: &mut [Duration], p: f64) -> Duration {
    v.sort();
    v[((v.len() as f64 - 1.0) * p).round() as usize]
}

/// Runs `terminal add` over and over while `import args` runs; every add must succeed.
/// Returns how long each add took, and the import's own time.
fn writers_during(db: &Db, args: &[&str], tag: &str) -> (Vec<Duration>, Duration) {
    let mut import = db
        .cmd_std()
        .args(args)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let started = Instant::now();
    let mut took = Vec::new();
    let mut i = 0;
    loop {
        let done = import.try_wait().unwrap().is_some();
        let t = Instant::now();
        let sn = format!("W{tag}{i:05}");
        let out = db.run(&["terminal", "add", "--sn", &sn]);
        took.push(t.elapsed());
        assert!(
            out.status.success(),
            "a writer failed during the import after {:?}: {}",
            t.elapsed(),
            String::from_utf8_lossy(&out.stderr)
        );
        i += 1;
        if done {
            break;
        }
    }
    let status = import.wait_with_output().unwrap();
    assert!(status.status.success(), "import: {}", String::from_utf8_lossy(&status.stderr));
    (took, started.elapsed())
}

trait StdCmd {
    fn cmd_std(&self) -> std::process::Command;
}

impl StdCmd for Db {
    fn cmd_std(&self) -> std::process::Command {
        let mut c = std::process::Command::new(env!("CARGO_BIN_EXE_poskeeper"));
        c.env("POSKEEPER_NOW", files_util::NOW).env("LANG", "C").env_remove("LC_ALL").env_remove("POSKEEPER_DB");
        c.arg("--db").arg(&self.path);
        c
    }
}

#[test]
fn writers_never_fail_during_a_large_import_or_dry_run() {
    let db = Db::new();
    hostile_util::init(&db.path);
    let n = rows();
    let f = sheet(&db, n);
    let file = f.to_str().unwrap();
    // What an add costs with nobody else writing.
    let mut idle: Vec<Duration> = (0..5)
        .map(|i| {
            let t = Instant::now();
            db.ok(&["terminal", "add", "--sn", &format!("IDLE{i}")]);
            t.elapsed()
        })
        .collect();
    let idle_p50 = percentile(&mut idle, 0.5);
    for (what, args) in [("dry run", vec!["import", file, "--dry-run"]), ("import", vec!["import", file])] {
        let (mut took, import_time) = writers_during(&db, &args, &what[..1]);
        let (p95, max) = (percentile(&mut took, 0.95), percentile(&mut took, 1.0));
        eprintln!(
            "{what} of {n} rows ({import_time:.1?}): {} concurrent `terminal add`, all succeeded; each took p95 {p95:.2?}, max {max:.2?} (idle {idle_p50:.2?}): waited at most {:.2?}",
            took.len(),
            max.saturating_sub(idle_p50)
        );
        if what == "dry run" {
            // No write lock at all: nobody waits longer than a slow machine's hiccup.
            assert!(max < idle_p50 + Duration::from_secs(2), "{what}: a writer waited {max:?}");
        }
    }
    let imported: i64 = rusqlite::Connection::open(&db.path)
        .unwrap()
        .query_row("SELECT count(*) FROM terminals WHERE sn LIKE 'LK%'", [], |r| r.get(0))
        .unwrap();
    assert_eq!(imported as usize, n);
}
