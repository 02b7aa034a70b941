//! `poskeeper backup`, `restore` and `check` on real files, and the automatic rotation.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod files_util;

use chrono::NaiveDate;
use files_util::{dump, Db};
use poskeeper::files::backup;
use poskeeper::Store;

#[test]
fn backup_is_a_standalone_copy_that_passes_check() {
    let db = Db::new();
    db.ok(&["demo", "--terminals", "100"]);
    let out = db.file("copy.db");
    assert_eq!(db.ok(&["backup", "--out", out.to_str().unwrap()]).trim(), out.to_str().unwrap());
    assert!(!db.file("copy.db-wal").exists(), "one file, no WAL beside it");
    assert_eq!(dump(&out), db.dump());
    let copy = Db { dir: tempfile::tempdir().unwrap(), path: out.clone() };
    assert_eq!(copy.ok(&["check"]).trim(), "ok");
    // Into a folder that does not exist: refused.
    let err = db.fails(&["backup", "--out", "/nonexistent-dir/x.db"], 1);
    assert!(err.contains("does not exist"), "{err}");
}

#[test]
#[cfg_attr(windows, ignore = "asks for Chinese through LANG, which only Linux reads (Windows: the OS language)")]
fn restore_brings_back_the_backup_and_keeps_the_current_one() {
    let db = Db::new();
    db.ok(&["demo", "--terminals", "50"]);
    let saved = db.file("saved.db");
    db.ok(&["backup", "--out", saved.to_str().unwrap()]);
    let at_backup = db.dump();
    db.ok(&["terminal", "add", "--sn", "AFTER-BACKUP"]);
    let changed = db.dump();
    let out = db.run_zh(&["restore", saved.to_str().unwrap()]);
    assert!(out.status.success());
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("恢复前的数据库已备份到"), "{err}");
    assert_eq!(db.dump(), at_backup);
    // The database as it was before the restore is in backups/.
    let kept: Vec<_> = std::fs::read_dir(db.dir.path().join("backups"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.file_name().unwrap().to_str().unwrap().starts_with("poskeeper-before-restore-"))
        .collect();
    assert_eq!(kept.len(), 1);
    assert_eq!(dump(&kept[0]), changed);
    assert_eq!(db.ok(&["check"]).trim(), "ok");
    // Restoring into a new, empty database (a new PC: `init`, then `restore`).
    let fresh = Db::new();
    fresh.ok(&["restore", saved.to_str().unwrap()]);
    assert_eq!(fresh.dump(), at_backup);
    // Into a path where no database is: refused like any mistyped --db.
    let none = Db::missing();
    assert!(none.fails(&["restore", saved.to_str().unwrap()], 1).contains("does not exist"));
    assert!(!none.path.exists());
}

#[test]
fn restore_accepts_only_a_readable_poskeeper_database() {
    let db = Db::new();
    db.ok(&["demo", "--terminals", "10"]);
    let before = db.dump();
    let text = db.file("notes.txt");
    std::fs::write(&text, "not a database at all, just some text that is long enough").unwrap();
    let other = db.file("other.db");
    rusqlite::Connection::open(&other).unwrap().execute_batch("CREATE TABLE t(x); INSERT INTO t VALUES (1);").unwrap();
    let newer = db.file("newer.db");
    db.ok(&["backup", "--out", newer.to_str().unwrap()]);
    rusqlite::Connection::open(&newer).unwrap().pragma_update(None, "user_version", 99).unwrap();
    let empty = db.file("empty.db");
    std::fs::write(&empty, b"").unwrap();
    for (f, says) in [
        (&text, "is not a PosKeeper database"),
        (&other, "is not a PosKeeper database"),
        (&empty, "is not a PosKeeper database"),
        (&newer, "newer PosKeeper"),
    ] {
        let err = db.fails(&["restore", f.to_str().unwrap()], 1);
        assert!(err.contains(says), "{}: {err}", f.display());
        assert_eq!(db.dump(), before);
    }
    let err = db.fails(&["restore", db.file("missing.db").to_str().unwrap()], 1);
    assert!(err.contains("does not exist"), "{err}");
    assert!(!db.dir.path().join("backups").exists(), "nothing happened, so no backup either");
}

#[test]
#[cfg_attr(windows, ignore = "asks for Chinese through LANG, which only Linux reads (Windows: the OS language)")]
fn check_finds_damage_and_broken_references() {
    let db = Db::new();
    db.ok(&["demo", "--terminals", "300"]);
    assert_eq!(db.ok(&["check"]).trim(), "ok");
    // A reference to a terminal that does not exist.
    {
        let c = rusqlite::Connection::open(&db.path).unwrap();
        c.pragma_update(None, "foreign_keys", false).unwrap();
        c.execute("INSERT INTO deposits(terminal_id, amount, deadline) VALUES (999999, 100, '2027-01-01')", [])
            .unwrap();
    }
    let out = db.run(&["check"]);
    assert_eq!(out.status.code(), Some(1));
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(stdout.contains("foreign_key_check: deposits row"), "{stdout}");
    assert!(String::from_utf8(out.stderr).unwrap().contains("found 1 problem"));
    // Damaged pages: overwrite the middle of the file.
    let db2 = Db::new();
    db2.ok(&["demo", "--terminals", "300"]);
    let mut bytes = std::fs::read(&db2.path).unwrap();
    // The b-tree headers of a few pages in the middle.
    let pages = bytes.len() / 4096;
    for page in pages / 2..pages / 2 + 4 {
        for b in &mut bytes[page * 4096..page * 4096 + 12] {
            *b = 0x5A;
        }
    }
    std::fs::write(&db2.path, &bytes).unwrap();
    let out = db2.run_zh(&["check"]);
    assert_eq!(out.status.code(), Some(1), "{}", String::from_utf8_lossy(&out.stdout));
    assert!(String::from_utf8(out.stderr).unwrap().contains("数据库检查发现"));
    // A file that is not ours, and one that does not exist.
    let other = Db::new();
    std::fs::write(&other.path, "hello").unwrap();
    assert!(other.fails(&["check"], 1).contains("not a PosKeeper database"));
    let none = Db::missing();
    assert!(none.fails(&["check"], 1).contains("does not exist"));
    assert!(!none.path.exists(), "check creates nothing");
}

fn names(dir: &std::path::Path) -> Vec<String> {
    let mut v: Vec<String> =
        std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    v.sort();
    v
}

#[test]
fn rotation_keeps_seven_daily_and_four_weekly() {
    let db = Db::new();
    db.ok(&["demo", "--terminals", "5"]);
    let store = Store::create(&db.path).unwrap();
    let start = NaiveDate::from_ymd_opt(2026, 11, 1).unwrap();
    for day in 0..40u64 {
        let now = (start + chrono::Days::new(day)).and_hms_opt(9, 0, 0).unwrap();
        let r = backup::rotate(&store, now).unwrap();
        assert!(!r.created.is_empty() || day > 0);
        // Twice a day makes no second copy.
        assert!(backup::rotate(&store, now).unwrap().created.is_empty());
    }
    let dir = db.dir.path().join("backups");
    let all = names(&dir);
    let daily: Vec<_> = all.iter().filter(|n| n.starts_with("poskeeper-daily-")).collect();
    let weekly: Vec<_> = all.iter().filter(|n| n.starts_with("poskeeper-weekly-")).collect();
    let want: Vec<String> =
        (33..40u64).map(|d| format!("poskeeper-daily-{}.db", start + chrono::Days::new(d))).collect();
    assert_eq!(daily, want.iter().collect::<Vec<_>>());
    assert_eq!(
        weekly,
        [
            "poskeeper-weekly-2026-W47.db",
            "poskeeper-weekly-2026-W48.db",
            "poskeeper-weekly-2026-W49.db",
            "poskeeper-weekly-2026-W50.db"
        ]
    );
    assert_eq!(all.len(), 11, "{all:?}");
    assert_eq!(dump(&dir.join(daily[0])), db.dump());
}

#[test]
fn a_backup_before_migration_is_named_after_the_versions() {
    let db = Db::new();
    db.ok(&["init"]);
    let store = Store::create(&db.path).unwrap();
    let a = backup::before_migration(&store, 1, 2).unwrap();
    let b = backup::before_migration(&store, 1, 2).unwrap();
    assert_eq!(a.file_name().unwrap(), "poskeeper-before-migration-v1-to-v2.db");
    assert_eq!(b.file_name().unwrap(), "poskeeper-before-migration-v1-to-v2-2.db");
    assert_eq!(dump(&a), db.dump());
}

#[test]
fn imports_keep_the_newest_five_backups() {
    let db = Db::new();
    let f = db.file("one.csv");
    std::fs::write(&f, "sn\nONE\n").unwrap();
    let store_path = db.path.clone();
    let mut store = Store::create(&store_path).unwrap();
    for minute in 0..8u32 {
        let opts = poskeeper::files::import::ImportOptions {
            dry_run: false,
            skip_invalid: false,
            sheet: None,
            lang: poskeeper::i18n::Lang::En,
            today: NaiveDate::from_ymd_opt(2026, 11, 22).unwrap(),
            now: NaiveDate::from_ymd_opt(2026, 11, 22).unwrap().and_hms_opt(9, minute, 0).unwrap(),
        };
        let mut calls = Vec::new();
        let r = poskeeper::files::import::import_file(&mut store, &f, &opts, &mut |d, t| calls.push((d, t))).unwrap();
        assert!(r.committed);
        assert_eq!(calls.first(), Some(&(0, 1)));
        assert_eq!(calls.last(), Some(&(1, 1)));
    }
    let all = names(&db.dir.path().join("backups"));
    assert_eq!(all.len(), 5, "{all:?}");
    assert_eq!(all[0], "poskeeper-before-import-20261122-090300.db");
}
