//! SPEC §6, "a damaged file is never written": every command that writes, given a database that
//! `check` finds damaged (random bytes in a page, a zeroed page, a truncated file), a file that is
//! not ours, or one from a newer version, exits 1 and leaves the file's bytes — and its `-wal` —
//! exactly as they were. And "a mistyped --db never creates an empty inventory".
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod files_util;

use files_util::{fixture, Db, Rng};
use std::path::{Path, PathBuf};

/// The bytes of the database and of its `-wal` (empty when there is none).
fn bytes_of(db: &Path) -> (Vec<u8>, Vec<u8>) {
    let wal = PathBuf::from(format!("{}-wal", db.display()));
    (std::fs::read(db).unwrap(), std::fs::read(&wal).unwrap_or_default())
}

const PAGE: usize = 4096;

/// A populated database with one of everything, its IDs known, and every file beside it closed.
fn populated() -> Db {
    let db = Db::new();
    db.ok(&["demo", "--terminals", "400", "--seed", "3"]);
    db.ok(&["terminal", "add", "--sn", "KEEP-1", "--store", "朝阳路店"]);
    db.ok(&["sim", "add", "--iccid", "89860012345678901234", "--terminal", "KEEP-1", "--expires-on", "2026-12-10"]);
    db
}

/// Every command that writes to the database, each with arguments that succeed on a sound copy.
fn write_commands(db: &Db) -> Vec<Vec<String>> {
    let csv = fixture("provider-gb18030.csv");
    let out = db.file("backup-out.db");
    let deposit = db.ok(&["deposit", "add", "KEEP-1", "--amount", "99", "--deadline", "2027-03-01"]);
    let plan = db.ok(&["maintenance", "add", "KEEP-1", "--task", "clean", "--every", "3m"]);
    let repair = db.ok(&["repair", "open", "KEEP-1", "--fault", "printer"]);
    let (deposit, plan, repair) = (deposit.trim().to_string(), plan.trim().to_string(), repair.trim().to_string());
    let cmds: Vec<Vec<&str>> = vec![
        vec!["terminal", "add", "--sn", "NEW-1"],
        vec!["terminal", "set", "KEEP-1", "--notes", "改了"],
        vec!["sim", "add", "--iccid", "89860012345678901242"],
        vec!["sim", "renew", "89860012345678901234", "--until", "2027-12-31", "--fee", "45"],
        vec!["sim", "cancel", "89860012345678901234"],
        vec!["deposit", "add", "KEEP-1", "--amount", "199", "--deadline", "2027-05-01"],
        vec!["deposit", "refunded", &deposit],
        vec!["maintenance", "add", "KEEP-1", "--task", "paper", "--every", "2w"],
        vec!["maintenance", "done", &plan],
        vec!["repair", "open", "KEEP-1", "--fault", "screen"],
        vec!["repair", "update", &repair, "--ticket-no", "WX1"],
        vec!["repair", "close", &repair],
        vec!["contact", "add", "--name", "新联系人", "--kind", "bank"],
        vec!["snooze", "sim_expiry:89860012345678901234", "--until", "2026-12-20"],
        vec!["ack", "sim_expiry:89860012345678901234"],
        vec!["settings", "lead.sim_expiry", "20"],
        vec!["import", csv.to_str().unwrap(), "--skip-invalid"],
        vec!["backup", "--out", out.to_str().unwrap()],
    ];
    cmds.into_iter().map(|c| c.into_iter().map(String::from).collect()).collect()
}

/// The ways a file gets damaged; each returns the damaged bytes of the database file.
fn damage(kind: &str, good: &[u8], rng: &mut Rng) -> Vec<u8> {
    let mut b = good.to_vec();
    let pages = b.len() / PAGE;
    // A page in the data, not the first (the header) nor the schema page.
    let page = 2 + rng.below(pages as u64 - 3) as usize;
    match kind {
        "random bytes in a page" => {
            let len = 16 + rng.below(200) as usize;
            let at = page * PAGE + rng.below((PAGE - len) as u64) as usize;
            for x in &mut b[at..at + len] {
                *x = rng.next() as u8;
            }
        }
        "a zeroed page" => b[page * PAGE..(page + 1) * PAGE].fill(0),
        "truncated" => b.truncate(pages / 2 * PAGE),
        _ => unreachable!(),
    }
    b
}

/// Each damaged variant × each write command: exit 1, bytes unchanged.
#[test]
fn damaged_files_are_never_written() {
    let (mut rng, seed) = Rng::from_env();
    let base = populated();
    let cmds = write_commands(&base);
    // Every command works on the sound file (so a refusal below is the damage, not the command).
    for c in &cmds {
        let copy = Db::new();
        std::fs::copy(&base.path, &copy.path).unwrap();
        let args: Vec<&str> = c.iter().map(String::as_str).collect();
        copy.ok(&args);
    }
    let good = std::fs::read(&base.path).unwrap();
    let mut refused = 0;
    for kind in ["random bytes in a page", "a zeroed page", "truncated"] {
        // Damage that `check` does not see is not what the promise is about: try again.
        let (db, bad) = (0..50)
            .find_map(|_| {
                let db = Db::missing();
                let bad = damage(kind, &good, &mut rng);
                std::fs::write(&db.path, &bad).unwrap();
                (!db.run(&["check"]).status.success()).then_some((db, bad))
            })
            .unwrap_or_else(|| panic!("seed {seed}: no {kind} damage that check finds"));
        let before = bytes_of(&db.path);
        assert_eq!(before.0, bad);
        for c in &cmds {
            let args: Vec<&str> = c.iter().map(String::as_str).collect();
            let out = db.run(&args);
            let stderr = String::from_utf8_lossy(&out.stderr);
            assert_eq!(out.status.code(), Some(1), "seed {seed}, {kind}: {args:?} was not refused: {stderr}");
            assert_eq!(stderr.lines().count(), 1, "{kind}: {args:?}: one line: {stderr}");
            assert_eq!(bytes_of(&db.path), before, "seed {seed}, {kind}: {args:?} changed the file");
            refused += 1;
        }
        // Reading still works where SQLite can, and `check` keeps saying so; nothing sealed it.
        assert!(!db.run(&["check"]).status.success());
        assert_eq!(bytes_of(&db.path), before);
    }
    eprintln!("{refused} writes to damaged files refused (seed {seed})");
}

/// Damage done while a WAL holds the newest pages: the damaged page is in the database file
/// under frames of the WAL — both files must be left as they are.
#[test]
fn damage_under_a_wal_is_refused_with_both_files_unchanged() {
    let db = populated();
    // Leave a WAL: a connection that writes and does not checkpoint on close.
    {
        let c = rusqlite::Connection::open(&db.path).unwrap();
        c.set_db_config(rusqlite::config::DbConfig::SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, true).unwrap();
        c.execute("UPDATE terminals SET notes = 'wal' WHERE sn = 'KEEP-1'", []).unwrap();
    }
    let wal = PathBuf::from(format!("{}-wal", db.path.display()));
    assert!(std::fs::metadata(&wal).unwrap().len() > 0);
    // Zero a page of the database file that the WAL does not hold: the root of the SIM table.
    let root: i64 = {
        let c = rusqlite::Connection::open_with_flags(&db.path, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY).unwrap();
        c.query_row("SELECT rootpage FROM sqlite_schema WHERE name = 'sims'", [], |r| r.get(0)).unwrap()
    };
    let page = usize::try_from(root).unwrap() - 1;
    let mut b = std::fs::read(&db.path).unwrap();
    b[page * PAGE..(page + 1) * PAGE].fill(0);
    std::fs::write(&db.path, &b).unwrap();
    assert!(!db.run(&["check"]).status.success(), "a zeroed table root is damage check finds");
    let before = bytes_of(&db.path);
    for args in [&["terminal", "add", "--sn", "W-1"][..], &["settings", "lead.sim_expiry", "9"]] {
        assert_eq!(db.run(args).status.code(), Some(1));
        assert_eq!(bytes_of(&db.path), before, "{args:?}");
    }
}

/// A foreign file and a file from a newer version are refused by every write, untouched.
#[test]
fn foreign_and_newer_files_are_never_written() {
    let base = populated();
    let cmds = write_commands(&base);
    let text = Db::missing();
    std::fs::write(&text.path, "sn,brand\nA,B\n").unwrap();
    let other = Db::missing();
    {
        let c = rusqlite::Connection::open(&other.path).unwrap();
        c.execute_batch("CREATE TABLE recipes(name TEXT); INSERT INTO recipes VALUES ('noodles');").unwrap();
    }
    let newer = Db::missing();
    std::fs::copy(&base.path, &newer.path).unwrap();
    {
        let c = rusqlite::Connection::open(&newer.path).unwrap();
        c.pragma_update(None, "user_version", 999).unwrap();
    }
    for db in [&text, &other, &newer] {
        let before = bytes_of(&db.path);
        for c in &cmds {
            let args: Vec<&str> = c.iter().map(String::as_str).collect();
            let out = db.run(&args);
            assert_eq!(out.status.code(), Some(1), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
            assert_eq!(bytes_of(&db.path), before, "{args:?} changed the file");
        }
        // `init` too: it refuses a file that is not an empty new one.
        assert_eq!(db.run(&["init"]).status.code(), Some(1));
        assert_eq!(bytes_of(&db.path), before);
    }
}

/// "A mistyped --db path is an error for every command but init; it never creates an empty
/// inventory." (`demo`, which fills only an empty database, may create one too.)
#[test]
fn a_mistyped_db_creates_nothing() {
    let base = populated();
    let cmds = write_commands(&base);
    let reads: Vec<Vec<String>> = [
        &["terminal", "list"][..],
        &["terminal", "show", "KEEP-1"],
        &["reminders"],
        &["export", "--format", "csv", "--out", "/tmp/never-written.csv"],
        &["settings"],
        &["check"],
    ]
    .iter()
    .map(|c| c.iter().map(|s| s.to_string()).collect())
    .collect();
    for c in cmds.iter().chain(&reads) {
        let db = Db::missing();
        let args: Vec<&str> = c.iter().map(String::as_str).collect();
        let out = db.run(&args);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{args:?}: {stderr}");
        assert!(stderr.contains("does not exist"), "{args:?}: {stderr}");
        let left: Vec<_> = std::fs::read_dir(db.dir.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
        assert!(left.is_empty(), "{args:?} created {left:?}");
    }
    let db = Db::missing();
    db.ok(&["init"]);
    assert_eq!(db.ok(&["terminal", "list", "--json"]).trim(), "[]");
}

/// The seal makes the guarantee cheap and does not let damage through: a sound file written by
/// one command is written by the next without a whole-file check, and a byte changed by another
/// program between two commands is caught.
#[test]
fn the_seal_follows_every_write_and_catches_a_byte_changed_between_commands() {
    let db = populated();
    let seal = PathBuf::from(format!("{}-seal", db.path.display()));
    let first = std::fs::read_to_string(&seal).unwrap();
    db.ok(&["terminal", "add", "--sn", "S-1"]);
    let second = std::fs::read_to_string(&seal).unwrap();
    assert_ne!(first, second, "a write seals the file anew");
    // Another program changes one byte of a b-tree page header in the middle.
    let mut b = std::fs::read(&db.path).unwrap();
    let page = b.len() / PAGE / 2;
    b[page * PAGE] = 0xFF;
    b[page * PAGE + 3] = 0xFF;
    std::fs::write(&db.path, &b).unwrap();
    assert!(!db.run(&["check"]).status.success(), "a page of unknown type is damage check finds");
    let before = bytes_of(&db.path);
    let stderr = db.fails(&["terminal", "add", "--sn", "S-2"], 1);
    assert!(stderr.contains("damaged"), "{stderr}");
    assert_eq!(bytes_of(&db.path), before);
}

/// What the guarantee costs a command (figures for `make soak`, at `POSKEEPER_SOAK_TERMINALS`
/// terminals): the sealed path against the whole-file check it saves, through the real CLI.
#[test]
fn the_cost_of_the_soundness_guarantee() {
    let n = std::env::var("POSKEEPER_SOAK_TERMINALS").unwrap_or_else(|_| "2000".into());
    let db = Db::new();
    db.ok(&["demo", "--terminals", &n, "--seed", "1"]);
    let seal = PathBuf::from(format!("{}-seal", db.path.display()));
    let time = |args: &[&str], unseal: bool| {
        let mut v: Vec<f64> = (0..7)
            .map(|i| {
                if unseal {
                    std::fs::remove_file(&seal).unwrap();
                }
                let notes = format!("第{i}次");
                let mut a = args.to_vec();
                if a.last() == Some(&"--notes") {
                    a.push(&notes);
                }
                let t = std::time::Instant::now();
                db.ok(&a);
                t.elapsed().as_secs_f64() * 1000.0
            })
            .collect();
        v.sort_by(f64::total_cmp);
        v[v.len() / 2]
    };
    let sn = db.ok(&["terminal", "list", "--json"]);
    let sn: serde_json::Value = serde_json::from_str(&sn).unwrap();
    let sn = sn[0]["sn"].as_str().unwrap().to_string();
    let read = time(&["reminders", "--as-of", "2026-12-01"], false);
    let sealed = time(&["terminal", "set", &sn, "--notes"], false);
    let unsealed = time(&["terminal", "set", &sn, "--notes"], true);
    assert!(seal.exists(), "a write seals the file again");
    let store = poskeeper::Store::open(&db.path).unwrap();
    let t = std::time::Instant::now();
    store.ensure_sound().unwrap();
    let ensure = t.elapsed().as_secs_f64() * 1000.0;
    let t = std::time::Instant::now();
    store.check_whole().unwrap();
    let whole = t.elapsed().as_secs_f64() * 1000.0;
    let mb = std::fs::metadata(&db.path).unwrap().len() as f64 / 1e6;
    eprintln!(
        "soundness at {n} terminals ({mb:.0} MB): sealed check {ensure:.1} ms, whole-file check {whole:.0} ms; \
         `terminal set` median {sealed:.0} ms sealed, {unsealed:.0} ms unsealed; `reminders` (no check) {read:.0} ms"
    );
}

/// A database file truncated to nothing is not quietly used as a new, empty inventory.
#[test]
fn an_empty_file_is_not_a_new_inventory() {
    let db = Db::missing();
    std::fs::write(&db.path, b"").unwrap();
    let stderr = db.fails(&["terminal", "add", "--sn", "X-1"], 1);
    assert!(stderr.contains("not a PosKeeper database"), "{stderr}");
    assert_eq!(std::fs::read(&db.path).unwrap(), b"");
    db.fails(&["reminders"], 1);
    // `init` makes it one, on purpose.
    db.ok(&["init"]);
    db.ok(&["terminal", "add", "--sn", "X-1"]);
}
