//! Speed and memory of the file features against the budgets of issue 3 (`make bench-files`,
//! release build):
//!
//! | what                                   | budget   |
//! |----------------------------------------|----------|
//! | import 100k rows of CSV (empty db)     | ≤ 5 s    |
//! | export 100k terminals to CSV           | ≤ 2 s    |
//! | export 100k terminals to XLSX          | ≤ 5 s    |
//! | backup of a 100k database              | ≤ 1 s    |
//! | peak memory while importing 100k rows  | ≤ 300 MB |
//!
//! Each time is taken after one warm-up run, over several runs (min and median printed). The
//! memory figure is the peak resident set (VmHWM) of a child process that does nothing but the
//! import: this same binary, started again with `POSKEEPER_BENCH_CHILD`.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use chrono::NaiveDate;
use poskeeper::files::{backup, export, import};
use poskeeper::i18n::Lang;
use poskeeper::Store;
use std::path::Path;
use std::time::{Duration, Instant};

const N: u64 = 100_000;
const RUNS: usize = 3;

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 22).unwrap()
}

fn opts() -> import::ImportOptions {
    import::ImportOptions {
        dry_run: false,
        skip_invalid: false,
        sheet: None,
        lang: Lang::ZhCn,
        today: today(),
        now: today().and_hms_opt(9, 0, 0).unwrap(),
    }
}

fn import_into_new(dir: &Path, name: &str, csv: &Path) -> (Duration, import::ImportReport) {
    let db = dir.join(name);
    let mut store = Store::create(&db).unwrap();
    let t = Instant::now();
    let r = import::import_file(&mut store, csv, &opts(), &mut |_, _| {}).unwrap();
    let d = t.elapsed();
    assert!(r.committed && r.invalid == 0, "{r:?}");
    (d, r)
}

/// One warm-up, then `RUNS` timed runs; returns (min, median).
fn measure(mut f: impl FnMut(usize) -> Duration) -> (Duration, Duration) {
    f(0);
    let mut v: Vec<Duration> = (1..=RUNS).map(&mut f).collect();
    v.sort();
    (v[0], v[v.len() / 2])
}

fn vm_hwm_kb() -> u64 {
    let s = std::fs::read_to_string("/proc/self/status").unwrap();
    s.lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap()
}

fn report(what: &str, (min, median): (Duration, Duration), budget: Duration) {
    let ok = if median <= budget { "ok" } else { "OVER BUDGET" };
    println!(
        "{what:<34} min {:>8.1} ms   median {:>8.1} ms   budget {:>6.0} ms   {ok}",
        min.as_secs_f64() * 1000.0,
        median.as_secs_f64() * 1000.0,
        budget.as_secs_f64() * 1000.0
    );
}

fn main() {
    // The child run: import one file into a new database and print the peak memory.
    if let Ok(spec) = std::env::var("POSKEEPER_BENCH_CHILD") {
        let (db, csv) = spec.split_once('\n').unwrap();
        let mut store = Store::create(db).unwrap();
        let r = import::import_file(&mut store, Path::new(csv), &opts(), &mut |_, _| {}).unwrap();
        assert_eq!(r.new, N);
        println!("{}", vm_hwm_kb());
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let src = dir.path().join("source.db");
    let t = Instant::now();
    {
        let mut store = Store::create(&src).unwrap();
        poskeeper::demo::generate(&mut store, N, 2026, today()).unwrap();
    }
    println!("files bench: {N} demo terminals written in {:.1} s", t.elapsed().as_secs_f64());
    let store = Store::create(&src).unwrap();
    let csv = dir.path().join("all.csv");
    let xlsx = dir.path().join("all.xlsx");

    let export_csv = measure(|_| {
        let t = Instant::now();
        let n = export::export_csv(&store, &csv, Lang::ZhCn).unwrap();
        assert_eq!(n.items, N);
        t.elapsed()
    });
    let export_xlsx = measure(|_| {
        let t = Instant::now();
        export::export_xlsx(&store, &xlsx, Lang::ZhCn).unwrap();
        t.elapsed()
    });
    let backup_time = measure(|i| {
        let out = dir.path().join(format!("backup-{i}.db"));
        let t = Instant::now();
        backup::backup_to(&store, &out).unwrap();
        t.elapsed()
    });
    let db_mb = std::fs::metadata(&src).unwrap().len() as f64 / 1e6;
    let csv_mb = std::fs::metadata(&csv).unwrap().len() as f64 / 1e6;
    let import_new = measure(|i| import_into_new(dir.path(), &format!("import-{i}.db"), &csv).0);
    // The same file again over the imported data: every row looked up, none changed.
    let mut again = Store::create(dir.path().join("import-0.db")).unwrap();
    let import_unchanged = measure(|_| {
        let t = Instant::now();
        let r = import::import_file(&mut again, &csv, &opts(), &mut |_, _| {}).unwrap();
        assert_eq!(r.unchanged, N);
        t.elapsed()
    });

    let child_db = dir.path().join("child.db");
    let out = std::process::Command::new(std::env::current_exe().unwrap())
        .env("POSKEEPER_BENCH_CHILD", format!("{}\n{}", child_db.display(), csv.display()))
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let peak_kb: u64 = String::from_utf8(out.stdout).unwrap().trim().parse().unwrap();

    println!("files bench: database {db_mb:.1} MB, CSV {csv_mb:.1} MB ({N} rows)");
    report("import 100k rows CSV (new db)", import_new, Duration::from_secs(5));
    report("import 100k rows CSV (unchanged)", import_unchanged, Duration::from_secs(5));
    report("export 100k to CSV", export_csv, Duration::from_secs(2));
    report("export 100k to XLSX", export_xlsx, Duration::from_secs(5));
    report("backup of the 100k database", backup_time, Duration::from_secs(1));
    let peak_mb = peak_kb as f64 / 1024.0;
    let ok = if peak_mb <= 300.0 { "ok" } else { "OVER BUDGET" };
    println!(
        "{:<34} peak {peak_mb:>7.1} MB (VmHWM of the importing process)   budget 300 MB   {ok}",
        "memory importing 100k rows"
    );
}
