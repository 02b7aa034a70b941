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
//! The import of a new database is printed beside its floor: the same CSV parsed with the csv
//! crate and the same rows inserted with bare SQL in one transaction (prepared statements, the
//! same schema and triggers, the secondary indexes built after the rows), checked to leave the
//! same tables. It must stay within 3×.
//!
//! Each time is taken after one warm-up run, over several runs (min and median printed). The
//! memory figure is the peak resident set (VmHWM) of a child process that does nothing but the
//! import: this same binary, started again with `POSKEEPER_BENCH_CHILD`.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use chrono::NaiveDate;
use poskeeper::domain::{Carrier, SimStatus, TerminalKind, TerminalStatus};
use poskeeper::files::{backup, export, import};
use poskeeper::i18n::Lang;
use poskeeper::Store;
use rusqlite::{params, Connection};
use std::collections::HashMap;
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

/// The import's floor: `csv` read with the csv crate, its rows inserted with bare SQL into the new
/// database `db` in one transaction — what any import of this file has to do at least.
fn bare_import(db: &Path, csv: &Path) -> Duration {
    drop(Store::create(db).unwrap());
    let t = Instant::now();
    let mut conn = Connection::open(db).unwrap();
    conn.pragma_update(None, "synchronous", "NORMAL").unwrap();
    conn.pragma_update(None, "cache_size", -65_536).unwrap();
    conn.pragma_update(None, "temp_store", "MEMORY").unwrap();
    let zh = Lang::ZhCn;
    let kinds: HashMap<&str, &str> = TerminalKind::ALL.iter().map(|k| (k.label(zh), k.code())).collect();
    let statuses: HashMap<&str, &str> = TerminalStatus::ALL.iter().map(|k| (k.label(zh), k.code())).collect();
    let carriers: HashMap<&str, &str> = Carrier::ALL.iter().map(|k| (k.label(zh), k.code())).collect();
    let sim_statuses: HashMap<&str, &str> = SimStatus::ALL.iter().map(|k| (k.label(zh), k.code())).collect();
    let fen = |s: &str| -> Option<i64> {
        let (y, f) = s.split_once('.').unwrap_or((s, "0"));
        (!s.is_empty()).then(|| y.parse::<i64>().unwrap() * 100 + format!("{f:0<2}").parse::<i64>().unwrap())
    };
    let opt = |s: &str| (!s.is_empty()).then(|| s.to_string());
    let today = today();
    let tx = conn.transaction().unwrap();
    // The secondary indexes of the tables filled are dropped, and built again after the rows (a
    // sort each, not a random insert per row and index); the unique SN and ICCID stay.
    let indexes: Vec<(String, String)> = tx
        .prepare(
            "SELECT name, sql FROM sqlite_schema WHERE type = 'index' AND sql IS NOT NULL
             AND tbl_name IN ('terminals', 'sims', 'deposits', 'sim_installs')",
        )
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    for (name, _) in &indexes {
        tx.execute_batch(&format!("DROP INDEX {name}")).unwrap();
    }
    // So are the triggers that keep the due dates: the table is filled in one pass at the end.
    let triggers: Vec<(String, String)> = tx
        .prepare("SELECT name, sql FROM sqlite_schema WHERE type = 'trigger' AND name GLOB 'due_*'")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    for (name, _) in &triggers {
        tx.execute_batch(&format!("DROP TRIGGER {name}")).unwrap();
    }
    {
        let mut store_ins = tx.prepare("INSERT INTO stores(name) VALUES (?1)").unwrap();
        let mut term_ins = tx
            .prepare(
                "INSERT INTO terminals(sn, brand, model, kind, provider, merchant_no, terminal_no, store_id, status,
                     activated_on, warranty_until, notes, store_name)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
            )
            .unwrap();
        let mut sim_ins = tx
            .prepare(
                "INSERT INTO sims(iccid, luhn_ok, carrier, status, expires_on, annual_fee, terminal_id)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            )
            .unwrap();
        let mut install_ins =
            tx.prepare("INSERT INTO sim_installs(sim_id, terminal_id, installed_on) VALUES (?1, ?2, ?3)").unwrap();
        let mut deposit_ins =
            tx.prepare("INSERT INTO deposits(terminal_id, amount, deadline) VALUES (?1, ?2, ?3)").unwrap();
        let mut stores: HashMap<String, i64> = HashMap::new();
        let mut reader = csv::Reader::from_path(csv).unwrap();
        let mut rec = csv::StringRecord::new();
        while reader.read_record(&mut rec).unwrap() {
            let f = |i: usize| rec.get(i).unwrap_or("");
            let store = opt(f(7));
            let store_id = store.as_ref().map(|name| {
                *stores.entry(name.clone()).or_insert_with(|| {
                    store_ins.execute([name]).unwrap();
                    tx.last_insert_rowid()
                })
            });
            let status = statuses.get(f(8)).copied().unwrap_or("in_use");
            term_ins
                .execute(params![
                    f(0),
                    opt(f(1)),
                    opt(f(2)),
                    kinds.get(f(3)).copied(),
                    opt(f(4)),
                    opt(f(5)),
                    opt(f(6)),
                    store_id,
                    status,
                    opt(f(9)),
                    opt(f(10)),
                    opt(f(18)),
                    store
                ])
                .unwrap();
            let terminal = tx.last_insert_rowid();
            if !f(11).is_empty() {
                sim_ins
                    .execute(params![
                        f(11),
                        poskeeper::domain::values::luhn_ok(f(11)),
                        carriers.get(f(12)).copied(),
                        sim_statuses.get(f(13)).copied().unwrap_or("active"),
                        opt(f(14)),
                        fen(f(15)),
                        terminal
                    ])
                    .unwrap();
                install_ins.execute(params![tx.last_insert_rowid(), terminal, today]).unwrap();
            }
            if let (Some(amount), false) = (fen(f(16)), f(17).is_empty()) {
                deposit_ins.execute(params![terminal, amount, f(17)]).unwrap();
            }
        }
    }
    for (_, sql) in indexes.iter().chain(&triggers) {
        tx.execute_batch(sql).unwrap();
    }
    tx.execute_batch(poskeeper::store::DUE_DATES_FILL).unwrap();
    tx.commit().unwrap();
    t.elapsed()
}

/// Every table an import fills, as rows of text, for comparing two imports of the same file.
fn imported(db: &Path) -> Vec<Vec<String>> {
    let conn = Connection::open(db).unwrap();
    [
        "SELECT name FROM stores ORDER BY name",
        "SELECT sn, brand, model, kind, provider, merchant_no, terminal_no, store_name, status, activated_on,
                warranty_until, notes, sim_expires_on FROM terminals ORDER BY sn",
        "SELECT m.iccid, m.luhn_ok, m.carrier, m.status, m.expires_on, m.annual_fee, t.sn
         FROM sims m LEFT JOIN terminals t ON t.id = m.terminal_id ORDER BY m.iccid",
        "SELECT m.iccid, t.sn, i.installed_on, i.removed_on FROM sim_installs i JOIN sims m ON m.id = i.sim_id
         JOIN terminals t ON t.id = i.terminal_id ORDER BY m.iccid",
        "SELECT t.sn, d.amount, d.deadline, d.status FROM deposits d JOIN terminals t ON t.id = d.terminal_id ORDER BY t.sn",
        "SELECT kind, due_on, key, sn, brand, model, store, provider, t_status, amount FROM due_dates ORDER BY 1, 2, 3",
    ]
    .iter()
    .map(|sql| {
        let mut st = conn.prepare(sql).unwrap();
        let n = st.column_count();
        st.query_map([], |r| {
            Ok((0..n).map(|i| format!("{:?}", r.get_ref(i).unwrap())).collect::<Vec<_>>().join("|"))
        })
        .unwrap()
        .map(Result::unwrap)
        .collect()
    })
    .collect()
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
        let n = export::export_csv(&store, &csv, Lang::ZhCn, &Default::default()).unwrap();
        assert_eq!(n.items, N);
        t.elapsed()
    });
    let export_xlsx = measure(|_| {
        let t = Instant::now();
        export::export_xlsx(&store, &xlsx, Lang::ZhCn, &Default::default()).unwrap();
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
    let import_floor = measure(|i| bare_import(&dir.path().join(format!("floor-{i}.db")), &csv));
    let same = imported(&dir.path().join("floor-0.db")) == imported(&dir.path().join("import-0.db"));
    assert!(same, "the import floor wrote other rows than the import");
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
    let ratio = import_new.0.as_secs_f64() / import_floor.0.as_secs_f64();
    println!(
        "{:<34} min {:>8.1} ms   median {:>8.1} ms   import/floor (min) {ratio:.2}×   {}",
        "  floor: csv crate + bare inserts",
        import_floor.0.as_secs_f64() * 1000.0,
        import_floor.1.as_secs_f64() * 1000.0,
        if ratio <= 3.0 { "ok" } else { "OVER 3× FLOOR" }
    );
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
