//! Crash safety of `poskeeper import`: the process is killed with SIGKILL at spread-out random
//! moments of a large import (during the backup, the upsert, the commit, or after); every time,
//! `check` passes and the database holds exactly the state before or exactly the state after
//! the import, never a part of it.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod files_util;

use files_util::{dump, Db, Rng, NOW};
use std::io::Write;
use std::time::{Duration, Instant};

/// Kills per run: `POSKEEPER_KILLS` (`make soak` runs more), else 24.
fn kills_from_env() -> u32 {
    std::env::var("POSKEEPER_KILLS").ok().and_then(|s| s.parse().ok()).unwrap_or(24)
}

#[test]
fn sigkill_during_import_leaves_before_or_after_never_a_part() {
    // Before: a populated database. The file: changes to every existing terminal plus new ones.
    let base = Db::new();
    // `POSKEEPER_SOAK_TERMINALS` sizes the database (`make soak`: 100,000).
    let terminals = std::env::var("POSKEEPER_SOAK_TERMINALS").unwrap_or_else(|_| "1500".into());
    base.ok(&["demo", "--terminals", &terminals]);
    let exported = base.file("all.csv");
    base.ok(&["export", "--format", "csv", "--out", exported.to_str().unwrap()]);
    let text = std::fs::read_to_string(&exported).unwrap();
    let file = base.file("big.csv");
    {
        let mut f = std::io::BufWriter::new(std::fs::File::create(&file).unwrap());
        for (i, line) in text.lines().enumerate() {
            // The notes column is the last one: every existing terminal gets a change.
            writeln!(f, "{line}{}", if i == 0 { "" } else { "导入" }).unwrap();
        }
        for i in 0..4500 {
            writeln!(
                f,
                // Issuer 99, which the demo data never uses: no clash with its cards at any size.
                "NEW{i:06},百富,A920,智能POS,银联商务,,,新店{},使用中,2026-01-0{},,898699{:014},移动,,,,,",
                i % 50,
                i % 9 + 1,
                990_000 + i
            )
            .unwrap();
        }
    }
    let before = base.dump();
    let schema = |p: &std::path::Path| -> Vec<String> {
        let c = rusqlite::Connection::open(p).unwrap();
        let mut st = c.prepare("SELECT type || ' ' || name FROM sqlite_schema ORDER BY name").unwrap();
        st.query_map([], |r| r.get(0)).unwrap().collect::<rusqlite::Result<_>>().unwrap()
    };
    let indexes = schema(&base.path);
    assert!(indexes.iter().any(|n| n == "index terminals_merchant_no"));
    let pristine = base.file("pristine.db");
    std::fs::copy(&base.path, &pristine).unwrap();

    // After: the same import, run to the end.
    let full = Db::new();
    std::fs::copy(&pristine, &full.path).unwrap();
    let t0 = Instant::now();
    full.ok(&["import", file.to_str().unwrap()]);
    let full_time = t0.elapsed();
    let after = full.dump();
    assert_eq!(schema(&full.path), indexes, "every index is there after a large import");
    assert_ne!(before, after);
    assert!(after.contains("NEW004499"));

    let (mut rng, seed) = Rng::from_env();
    let kills = kills_from_env();
    let (mut saw_before, mut saw_after) = (0, 0);
    for i in 0..kills {
        let db = Db::new();
        std::fs::copy(&pristine, &db.path).unwrap();
        // Spread over the whole run and a little beyond: slot i of kills, at a random point in it.
        let slot = full_time.as_micros() as u64 * 11 / 10 / u64::from(kills);
        let at = Duration::from_micros(slot * u64::from(i) + rng.next() % slot.max(1));
        let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("poskeeper"))
            .env("POSKEEPER_NOW", NOW)
            .env("LANG", "C")
            .arg("--db")
            .arg(&db.path)
            .arg("import")
            .arg(&file)
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(at);
        child.kill().unwrap(); // SIGKILL
        child.wait().unwrap();
        let check = db.run(&["check"]);
        assert!(
            check.status.success(),
            "seed {seed}, kill {i} at {at:?}: check failed: {}",
            String::from_utf8_lossy(&check.stdout)
        );
        assert_eq!(schema(&db.path), indexes, "seed {seed}, kill {i} at {at:?}: indexes");
        let now = dump(&db.path);
        if now == before {
            saw_before += 1;
        } else if now == after {
            saw_after += 1;
        } else {
            panic!("seed {seed}, kill {i} at {at:?}: the database holds part of the import");
        }
    }
    eprintln!("{kills} kills over {full_time:?}: {saw_before} before, {saw_after} after (seed {seed})");
    assert!(saw_before > 0, "the first kills land before the commit");
}
