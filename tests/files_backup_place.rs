//! Backups where the user wants them and restores from anywhere (issue 10): a backup now, in a
//! chosen folder (a USB stick), falling back to the default folder — and saying so — when that
//! folder is gone; a backup file in another folder looked into and restored, and bad files
//! (damaged, not a database, from a newer version) refused with the current data unchanged.
//! Real files, the real binary; expected values written here.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod files_util;

use chrono::NaiveDateTime;
use files_util::{dump, Db, NOW};
use poskeeper::files::backup::{restore, rotate};
use poskeeper::files::backup_place::{backup_now, choose_folder, chosen_folder, folder_problem, inspect};
use poskeeper::{FolderProblem, Store};
use std::path::{Path, PathBuf};

fn now() -> NaiveDateTime {
    NaiveDateTime::parse_from_str(NOW, "%Y-%m-%dT%H:%M:%S").unwrap()
}

/// The names in `dir` (none when it is not there), sorted.
fn names(dir: &Path) -> Vec<String> {
    let Ok(rd) = std::fs::read_dir(dir) else { return Vec::new() };
    let mut v: Vec<String> = rd.map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    v.sort();
    v
}

/// The database's bytes and its WAL's: what "unchanged" means.
fn bytes(db: &Path) -> (Vec<u8>, Vec<u8>) {
    (std::fs::read(db).unwrap(), std::fs::read(format!("{}-wal", db.display())).unwrap_or_default())
}

/// A copy of `file` with `sql` run on it by plain SQLite (no checks).
fn spoiled(file: &Path, out: PathBuf, sql: &str) -> PathBuf {
    std::fs::copy(file, &out).unwrap();
    let c = rusqlite::Connection::open(&out).unwrap();
    c.execute_batch(sql).unwrap();
    out
}

#[test]
fn a_backup_in_another_folder_is_looked_into_then_restored_and_the_current_data_is_kept_first() {
    let src = Db::new();
    src.ok(&["demo", "--terminals", "40", "--seed", "7"]);
    let stick = tempfile::tempdir().unwrap();
    let out = src.ok(&["backup", "--to", stick.path().to_str().unwrap()]);
    let file = stick.path().join("poskeeper-manual-20261122-090000.db");
    assert_eq!(out.trim(), file.display().to_string());
    assert_eq!(names(stick.path()), ["poskeeper-manual-20261122-090000.db"]);

    let live = Db::new();
    live.ok(&["terminal", "add", "--sn", "LIVE-1"]);
    let (live_state, before) = (live.dump(), bytes(&live.path));
    let seen = inspect(&live.path, &file).unwrap();
    assert_eq!((seen.terminals, seen.version), (40, poskeeper::store::SCHEMA_VERSION));
    assert!(seen.sims > 0 && seen.last_change.is_some() && seen.written_at.is_some(), "{seen:?}");
    // Looking changed nothing and left nothing beside the database.
    assert_eq!(bytes(&live.path), before);
    assert_eq!(live.dump(), live_state);
    assert!(names(live.dir.path()).iter().all(|n| !n.starts_with('.')), "{:?}", names(live.dir.path()));

    let r = restore(&live.path, &file, now()).unwrap();
    assert_eq!(live.dump(), src.dump());
    // The data before the restore is kept beside the database, and holds LIVE-1.
    let kept = r.previous.unwrap();
    assert_eq!(kept.parent().unwrap(), live.dir.path().join("backups"));
    assert_eq!(dump(&kept), live_state);
    assert!(file.exists(), "the file restored from stays where it was");
}

#[test]
fn damaged_foreign_and_newer_files_are_refused_before_anything_is_replaced() {
    let src = Db::new();
    src.ok(&["demo", "--terminals", "30", "--seed", "3"]);
    let elsewhere = tempfile::tempdir().unwrap();
    let good = elsewhere.path().join("good.db");
    src.ok(&["backup", "--out", good.to_str().unwrap()]);
    let dir = elsewhere.path();
    let truncated = dir.join("truncated.db");
    let b = std::fs::read(&good).unwrap();
    std::fs::write(&truncated, &b[..b.len() / 2]).unwrap();
    let text = dir.join("notes.db");
    std::fs::write(&text, "收款机清单，不是数据库\n").unwrap();
    let recipes = dir.join("recipes.db");
    rusqlite::Connection::open(&recipes).unwrap().execute_batch("CREATE TABLE recipes(name TEXT);").unwrap();
    let bad: Vec<(&str, PathBuf, Option<&str>)> = vec![
        (
            "a CHECK constraint broken",
            spoiled(
                &good,
                dir.join("check.db"),
                "PRAGMA ignore_check_constraints = ON; UPDATE terminals SET status = 'bogus' WHERE id = 1;",
            ),
            Some("backup_refused"),
        ),
        ("half a file", truncated, None),
        ("a text file", text, Some("not_poskeeper_db")),
        ("another program's database", recipes, Some("not_poskeeper_db")),
        (
            "from a newer version",
            spoiled(&good, dir.join("newer.db"), "PRAGMA user_version = 999;"),
            Some("db_too_new"),
        ),
    ];
    let live = Db::new();
    live.ok(&["terminal", "add", "--sn", "LIVE-1", "--store", "朝阳路店"]);
    let (state, before) = (live.dump(), bytes(&live.path));
    for (what, file, code) in &bad {
        let looked = inspect(&live.path, file).expect_err(what);
        let restored = restore(&live.path, file, now()).expect_err(what);
        if let Some(code) = code {
            assert_eq!((looked.code(), restored.code()), (*code, *code), "{what}: {looked} / {restored}");
        }
        assert_eq!(bytes(&live.path), before, "{what}: the database changed");
        assert_eq!(live.dump(), state, "{what}");
        assert!(names(live.dir.path()).iter().all(|n| !n.starts_with('.')), "{what}: {:?}", names(live.dir.path()));
        assert!(
            names(&live.dir.path().join("backups")).is_empty(),
            "{what}: a backup of a restore that did not happen"
        );
    }
    // The same files through the CLI: exit 1, one line, nothing changed.
    for (what, file, _) in &bad {
        let err = live.fails(&["restore", file.to_str().unwrap()], 1);
        assert_eq!(err.lines().count(), 1, "{what}: {err}");
        assert_eq!(bytes(&live.path), before, "{what}");
    }
    // And the good one is looked into and goes in.
    assert_eq!(inspect(&live.path, &good).unwrap().terminals, 30);
    restore(&live.path, &good, now()).unwrap();
    assert_eq!(live.dump(), src.dump());
}

#[test]
fn backups_go_to_the_chosen_folder() {
    let db = Db::new();
    db.ok(&["demo", "--terminals", "20", "--seed", "1"]);
    let stick = tempfile::tempdir().unwrap();
    let folder = stick.path().join("POS备份");
    std::fs::create_dir(&folder).unwrap();
    assert_eq!(db.ok(&["settings", "backup_dir", folder.to_str().unwrap()]).trim(), folder.display().to_string());
    assert_eq!(db.ok(&["settings", "backup_dir"]).trim(), folder.display().to_string());

    let store = Store::open(&db.path).unwrap();
    assert_eq!(chosen_folder(&store).unwrap(), Some(folder.clone()));
    let made = backup_now(&store, now()).unwrap();
    assert_eq!((made.path.clone(), made.fell_back), (folder.join("poskeeper-manual-20261122-090000.db"), None));
    // A second one the same second gets a name of its own.
    assert_eq!(backup_now(&store, now()).unwrap().path, folder.join("poskeeper-manual-20261122-090000-2.db"));
    let r = rotate(&store, now()).unwrap();
    assert_eq!(r.fell_back, None);
    assert_eq!(
        names(&folder),
        [
            "poskeeper-daily-2026-11-22.db",
            "poskeeper-manual-20261122-090000-2.db",
            "poskeeper-manual-20261122-090000.db",
            "poskeeper-weekly-2026-W47.db"
        ]
    );
    assert!(names(&db.dir.path().join("backups")).is_empty(), "{:?}", names(&db.dir.path().join("backups")));
    assert_eq!(dump(&made.path), db.dump());
    drop(store);
    // `backup` with no file or folder named writes into it too.
    let out = db.ok(&["backup"]);
    assert!(out.trim().starts_with(folder.to_str().unwrap()), "{out}");
    // Back to the default.
    db.ok(&["settings", "backup_dir", ""]);
    let store = Store::open(&db.path).unwrap();
    assert_eq!(chosen_folder(&store).unwrap(), None);
    assert_eq!(backup_now(&store, now()).unwrap().path.parent().unwrap(), db.dir.path().join("backups"));
}

#[test]
fn a_folder_that_cannot_take_a_backup_is_refused_when_chosen() {
    let db = Db::new();
    let tmp = tempfile::tempdir().unwrap();
    let file = tmp.path().join("a-file");
    std::fs::write(&file, "x").unwrap();
    let mut store = Store::open(&db.path).unwrap();
    let cases = [
        (tmp.path().join("no-such-folder"), "backup_folder_missing"),
        (file.clone(), "backup_folder_not_folder"),
        (file.join("under-a-file"), "backup_folder_missing"),
    ];
    for (dir, code) in &cases {
        assert_eq!(choose_folder(&mut store, dir).unwrap_err().code(), *code, "{}", dir.display());
        assert_eq!(chosen_folder(&store).unwrap(), None);
    }
    drop(store);
    let out = db.run_zh(&["settings", "backup_dir", tmp.path().join("no-such-folder").to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(says(&err, &["备份文件夹", "找不到"], &["backup folder", "not there"]), "{err}");
    // A relative or multi-line path is not a setting.
    assert_eq!(db.fails(&["settings", "backup_dir", "relative/dir"], 1).lines().count(), 1);
    assert_eq!(db.ok(&["settings", "backup_dir"]).trim(), "");
    // `backup --to` a folder that is not there: an error, nothing written.
    let err = db.fails(&["backup", "--to", tmp.path().join("gone").to_str().unwrap()], 1);
    assert!(err.contains("not there"), "{err}");
    assert!(!tmp.path().join("gone").exists());
}

#[test]
fn when_the_chosen_folder_is_gone_backups_fall_back_to_the_default_one_and_say_so() {
    let db = Db::new();
    db.ok(&["demo", "--terminals", "10", "--seed", "2"]);
    let tmp = tempfile::tempdir().unwrap();
    let stick = tmp.path().join("stick");
    let folder = stick.join("backups");
    std::fs::create_dir_all(&folder).unwrap();
    let mut store = Store::open(&db.path).unwrap();
    choose_folder(&mut store, &folder).unwrap();
    // The stick is pulled out, and a file now stands where it was mounted: its folder cannot be
    // made again even by root.
    std::fs::remove_dir_all(&stick).unwrap();
    std::fs::write(&stick, "not a folder").unwrap();
    assert_eq!(folder_problem(&folder), Some(FolderProblem::Missing));

    let default = db.dir.path().join("backups");
    let made = backup_now(&store, now()).unwrap();
    assert_eq!(made.path, default.join("poskeeper-manual-20261122-090000.db"));
    let fell = made.fell_back.expect("the user is told");
    assert_eq!((fell.folder.clone(), fell.problem), (folder.clone(), FolderProblem::Missing));
    assert_eq!(fell.error().code(), "backup_folder_missing");
    let r = rotate(&store, now()).unwrap();
    assert_eq!(r.fell_back.map(|f| f.problem), Some(FolderProblem::Missing));
    assert_eq!(
        names(&default),
        ["poskeeper-daily-2026-11-22.db", "poskeeper-manual-20261122-090000.db", "poskeeper-weekly-2026-W47.db"]
    );
    // The choice is kept: when the stick is back, backups go there again.
    assert_eq!(chosen_folder(&store).unwrap(), Some(folder.clone()));
    std::fs::remove_file(&stick).unwrap();
    std::fs::create_dir_all(&folder).unwrap();
    let again = backup_now(&store, now()).unwrap();
    assert_eq!((again.path.parent().unwrap(), again.fell_back), (folder.as_path(), None));
    drop(store);

    // The CLI says it on stderr and still succeeds.
    std::fs::remove_dir_all(&stick).unwrap();
    let out = db.run_zh(&["backup"]);
    assert!(out.status.success());
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(says(&err, &["找不到", "默认位置"], &["not there", "default folder"]), "{err}");
    assert!(String::from_utf8(out.stdout).unwrap().trim().starts_with(default.to_str().unwrap()));
}

#[cfg(unix)]
#[test]
fn a_read_only_chosen_folder_falls_back_too() {
    use std::os::unix::fs::PermissionsExt;
    let db = Db::new();
    let tmp = tempfile::tempdir().unwrap();
    let mut store = Store::open(&db.path).unwrap();
    choose_folder(&mut store, tmp.path()).unwrap();
    std::fs::set_permissions(tmp.path(), std::fs::Permissions::from_mode(0o555)).unwrap();
    let probe = tmp.path().join("root-writes-anyway");
    if std::fs::write(&probe, "x").is_ok() {
        // Root ignores the mode: the gone-folder test above covers falling back.
        eprintln!("running as root: a read-only mode cannot be tested here");
        std::fs::set_permissions(tmp.path(), std::fs::Permissions::from_mode(0o755)).unwrap();
        return;
    }
    let made = backup_now(&store, now()).unwrap();
    std::fs::set_permissions(tmp.path(), std::fs::Permissions::from_mode(0o755)).unwrap();
    assert_eq!(made.fell_back.map(|f| f.problem), Some(FolderProblem::NotWritable));
    assert_eq!(made.path.parent().unwrap(), db.dir.path().join("backups"));
}

#[test]
fn when_the_default_folder_cannot_take_it_either_the_backup_is_an_error_naming_the_folder() {
    let db = Db::new();
    let tmp = tempfile::tempdir().unwrap();
    let folder = tmp.path().join("gone");
    std::fs::create_dir(&folder).unwrap();
    let mut store = Store::open(&db.path).unwrap();
    choose_folder(&mut store, &folder).unwrap();
    std::fs::remove_dir(&folder).unwrap();
    std::fs::write(db.dir.path().join("backups"), "a file where the folder goes").unwrap();
    let e = backup_now(&store, now()).unwrap_err();
    assert_eq!(e.code(), "backup_folder_not_folder", "{e}");
    assert!(e.message(poskeeper::i18n::Lang::ZhCn).contains("不是文件夹"), "{e}");
    assert!(!folder.exists());
}

#[test]
fn a_full_disk_and_a_read_only_disk_are_named_as_such() {
    let full = std::io::Error::from(std::io::ErrorKind::StorageFull);
    assert_eq!(FolderProblem::of_io(&full), Some(FolderProblem::Full));
    let full = std::io::Error::from(std::io::ErrorKind::StorageFull);
    #[cfg(target_os = "linux")]
    assert_eq!(FolderProblem::of_io(&std::io::Error::from_raw_os_error(28)), Some(FolderProblem::Full));
    let ro = std::io::Error::from(std::io::ErrorKind::ReadOnlyFilesystem);
    assert_eq!(FolderProblem::of_io(&ro), Some(FolderProblem::NotWritable));
    let sqlite_full = rusqlite::Error::SqliteFailure(rusqlite::ffi::Error::new(rusqlite::ffi::SQLITE_FULL), None);
    let sqlite_full = poskeeper::Error::Sqlite(sqlite_full);
    assert_eq!(poskeeper::files::backup_place::problem_of(&sqlite_full), Some(FolderProblem::Full));
    assert_eq!(poskeeper::files::backup_place::problem_of(&poskeeper::Error::Io(full)), Some(FolderProblem::Full));
    let e = poskeeper::Error::BackupFolder { path: "/media/u".into(), problem: FolderProblem::Full };
    assert_eq!(e.code(), "backup_folder_full");
    assert!(e.message(poskeeper::i18n::Lang::ZhCn).contains("磁盘已满"));
}

/// `text` has every word of `zh` — or, on Windows, which takes the language from the OS and not
/// from the LANG that `run_zh` sets, every word of `zh` or every word of `en`.
fn says(text: &str, zh: &[&str], en: &[&str]) -> bool {
    let all = |words: &[&str]| words.iter().all(|w| text.contains(w));
    all(zh) || (cfg!(windows) && all(en))
}
