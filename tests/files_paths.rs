//! Files where a Windows shop PC keeps them: folders and names with Chinese characters and spaces,
//! and long ones, for the database, imports, exports, backups and restores; and an export or backup over a file another program holds open (Excel
//! keeps an open workbook so) refused with a clear error, the file left as it was.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod files_util;

use files_util::Db;
use std::path::{Path, PathBuf};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(name)
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

#[test]
fn chinese_spaced_and_long_paths_work_for_database_import_export_backup_and_restore() {
    let root = tempfile::tempdir().unwrap();
    let dir = root.path().join("POS管家 数据").join("朝阳路 一号店 (2026)");
    std::fs::create_dir_all(&dir).unwrap();
    let db = Db { path: dir.join("我的 终端.db"), dir: root };
    db.ok(&["init"]);
    let sheet = dir.join("邮储银行 机具清单 2026年11月.csv");
    std::fs::copy(fixture("provider-gb18030.csv"), &sheet).unwrap();
    db.ok(&["import", s(&sheet)]);
    let terminals = db.count("terminals");
    assert!(terminals >= 5, "{terminals} terminals imported");
    assert!(db.ok(&["terminal", "list", "--search", "朝阳"]).contains("PAX00010001"));

    // Folders and names as long as users make them (SQLite opens database paths of up to 260
    // UTF-16 characters on Windows, 512 bytes on Linux: these stay under both).
    let mut deep = dir.clone();
    while s(&deep).chars().count() < 130 {
        deep = deep.join("门店资料 导出 文件夹");
    }
    std::fs::create_dir_all(&deep).unwrap();
    for (format, name) in [
        ("csv", "终端 清单.csv"),
        ("xlsx", "终端 清单.xlsx"),
        ("ics", "POS管家 终端、流量卡、保修和押金的到期提醒 (全部门店 2026年11月22日导出).ics"),
    ] {
        let out = deep.join(name);
        db.ok(&["export", "--format", format, "--out", s(&out)]);
        assert!(std::fs::metadata(&out).unwrap().len() > 100, "{name}");
    }
    // The exported sheet comes back in through the same long path.
    db.ok(&["import", s(&deep.join("终端 清单.xlsx"))]);
    assert_eq!(db.count("terminals"), terminals);

    let saved = deep.join("备份 2026-11-22.db");
    db.ok(&["backup", "--out", s(&saved)]);
    let at_backup = db.dump();
    db.ok(&["terminal", "add", "--sn", "AFTER-BACKUP"]);
    db.ok(&["restore", s(&saved)]);
    assert_eq!(db.dump(), at_backup);
    assert_eq!(db.ok(&["check"]).trim(), "ok");
}

/// Excel on Windows opens a workbook for reading and writing and lets others only read it; then
/// no other program may replace the file.
#[test]
#[cfg_attr(not(windows), ignore = "Windows only: there a file another program holds open cannot be replaced")]
fn export_or_backup_over_a_file_open_in_excel_is_refused_clearly_and_the_file_kept() {
    #[cfg(windows)]
    {
        use poskeeper::i18n::Lang;
        use std::os::windows::fs::OpenOptionsExt;
        const FILE_SHARE_READ: u32 = 1;
        let db = Db::new();
        db.ok(&["demo", "--terminals", "20"]);
        let held_open = |p: &Path| {
            std::fs::write(p, "what the user has open").unwrap();
            std::fs::OpenOptions::new().read(true).write(true).share_mode(FILE_SHARE_READ).open(p).unwrap()
        };
        let csv = db.file("终端 清单.csv");
        let csv_handle = held_open(&csv);
        let copy = db.file("备份.db");
        let copy_handle = held_open(&copy);
        for args in [vec!["export", "--format", "csv", "--out", s(&csv)], vec!["backup", "--out", s(&copy)]] {
            let err = db.fails(&args, 1);
            assert!(err.contains("Excel") && err.trim().lines().count() == 1, "{args:?}: {err}");
        }
        assert_eq!(std::fs::read_to_string(&csv).unwrap(), "what the user has open");
        assert_eq!(std::fs::read_to_string(&copy).unwrap(), "what the user has open");
        let leftovers: Vec<_> = std::fs::read_dir(db.dir.path())
            .unwrap()
            .filter_map(|e| e.ok())
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|n| n.contains(".part-"))
            .collect();
        assert!(leftovers.is_empty(), "{leftovers:?}");

        // The error itself, as the app's window gets it.
        let store = poskeeper::Store::open(&db.path).unwrap();
        let e = poskeeper::files::export::export_csv(&store, &csv, Lang::ZhCn, &Default::default()).unwrap_err();
        assert_eq!(e.code(), "output_in_use");
        assert!(e.message(Lang::ZhCn).contains("请先在 Excel 中关闭它"), "{}", e.message(Lang::ZhCn));
        assert!(e.message(Lang::En).contains("close it there first"), "{}", e.message(Lang::En));
        drop(store);

        // A sheet open in Excel can still be imported (read), and once closed it can be replaced.
        let sheet = db.file("供应商 表格.csv");
        std::fs::copy(fixture("provider-gb18030.csv"), &sheet).unwrap();
        let sheet_handle =
            std::fs::OpenOptions::new().read(true).write(true).share_mode(FILE_SHARE_READ).open(&sheet).unwrap();
        db.ok(&["import", s(&sheet), "--dry-run"]);
        drop((csv_handle, copy_handle, sheet_handle));
        db.ok(&["export", "--format", "csv", "--out", s(&csv)]);
        assert!(std::fs::read_to_string(&csv).unwrap().lines().count() > 20);
    }
}
