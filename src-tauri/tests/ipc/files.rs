//! Import, export, backups and restore, and the files an export may not overwrite.

use crate::*;

#[test]
fn import_export_backups_and_restore() -> TestResult {
    let dir = tempfile::tempdir()?;
    let db = db_in(&dir);
    let app = start(&db, "2026-11-22T09:00:00")?;
    let sheet = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../e2e/fixtures/provider-gb18030.csv");

    // The page gets a token and the file's name, never the path.
    let picked = app.pick("pick_import_file", json!({}), Some(&sheet))?;
    assert_eq!(picked["name"], "provider-gb18030.csv", "{picked}");
    let token = picked["token"].as_str().unwrap_or_default().to_string();
    assert!(!token.contains('/') && !token.contains("provider"), "an opaque token: {token}");
    let dry = app.ok("import_file", json!({"token": token, "dryRun": true, "skipInvalid": false}))?;
    assert_eq!(
        (dry["rows"].as_u64(), dry["new"].as_u64(), dry["committed"].as_bool()),
        (Some(3), Some(3), Some(false))
    );
    assert_eq!(app.ok("list_terminals", json!({"query": {}}))?["total"], 0, "a dry run writes nothing");

    let done = app.ok("import_file", json!({"token": token, "dryRun": false, "skipInvalid": false}))?;
    assert_eq!(done["committed"], true, "{done}");
    assert_eq!(app.ok("list_terminals", json!({"query": {}}))?["total"], 3);

    let out = dir.path().join("out.csv");
    let export = app.picked("pick_export_file", json!({"format": "csv"}), &out)?;
    let exported = app.ok("export_file", json!({"token": export}))?;
    assert_eq!(exported["path"], json!(out.display().to_string()));
    assert_eq!(exported["items"], 3);
    let csv = std::fs::read_to_string(&out)?;
    assert!(csv.starts_with('\u{FEFF}'), "CSV with a BOM");
    assert_eq!(csv.lines().count(), 4, "a header and the 3 terminals: {csv}");
    assert!(csv.contains("IMP-PAX-0001"));
    let bad = app.invoke("pick_export_file", json!({"format": "pdf"})).err().unwrap_or_default();
    assert_eq!(bad["code"], "invalid_value");

    // A cancelled dialog answers null.
    assert_eq!(app.pick("pick_import_file", json!({}), None)?, Value::Null);
    assert_eq!(app.pick("pick_export_file", json!({"format": "xlsx"}), None)?, Value::Null);

    // The page cannot name a file: paths are not tokens, and a token opens only what it was
    // picked for (a file picked to read is never written).
    let sheet_text = sheet.display().to_string();
    for (cmd, args) in [
        ("import_file", json!({"token": sheet_text, "dryRun": true, "skipInvalid": false})),
        ("export_file", json!({"token": out.display().to_string()})),
        ("export_file", json!({"token": token})),
        ("restore_file", json!({"token": export})),
        ("restore_file", json!({"token": token})),
    ] {
        let err = app.invoke(cmd, args.clone()).err().unwrap_or_default();
        assert_eq!(err["code"], "file_not_picked", "{cmd} {args}: {err}");
    }
    assert!(app.invoke("import_file", json!({"path": sheet_text, "dryRun": true, "skipInvalid": false})).is_err());
    assert!(app.invoke("export_file", json!({"format": "csv", "path": dir.path().join("x.csv")})).is_err());
    assert!(!dir.path().join("x.csv").exists());

    // The import took a backup first; the list names it by file name, and restoring it brings
    // back the empty database.
    let backups = app.ok("backups", json!({}))?;
    let first = backups[0]["name"].as_str().unwrap_or_default().to_string();
    assert!(first.contains("before-import") && !first.contains('/'), "{backups}");
    assert_eq!(backups[0].get("path"), None, "{backups}");
    // Only a name the list holds, inside the backups folder.
    let copy = dir.path().join("copy.db");
    std::fs::copy(poskeeper::files::backup::backups_dir(&db).join(&first), &copy)?;
    for name in ["../copy.db", copy.to_str().unwrap_or_default(), "../poskeeper.db", "nope.db"] {
        let err = app.invoke("restore_backup", json!({"name": name})).err().unwrap_or_default();
        assert_eq!(err["code"], "backup_not_found", "{name}: {err}");
    }
    assert!(app.invoke("restore_backup", json!({"path": copy.display().to_string()})).is_err());
    assert_eq!(app.ok("list_terminals", json!({"query": {}}))?["total"], 3, "nothing was restored");
    app.ok("restore_backup", json!({"name": first}))?;
    assert_eq!(app.ok("list_terminals", json!({"query": {}}))?["total"], 0);

    // A backup kept elsewhere is restored from a file the user picks.
    app.ok("import_file", json!({"token": token, "dryRun": false, "skipInvalid": false}))?;
    assert_eq!(app.ok("list_terminals", json!({"query": {}}))?["total"], 3);
    let elsewhere = app.picked("pick_backup_file", json!({}), &copy)?;
    app.ok("restore_file", json!({"token": elsewhere}))?;
    assert_eq!(app.ok("list_terminals", json!({"query": {}}))?["total"], 0);
    Ok(())
}

#[test]
fn an_export_picked_over_the_database_or_a_backup_is_refused_and_they_are_kept() -> TestResult {
    let dir = tempfile::tempdir()?;
    let db = db_in(&dir);
    let app = start(&db, "2026-11-22T09:00:00")?;
    add_expiring_sim(&app, SN, ICCID, "2026-11-25")?;
    assert_eq!(app.ok("ui_ready", json!({}))?, Value::Null);
    let backups = poskeeper::files::backup::backups_dir(&db);
    std::fs::create_dir_all(&backups)?;
    let backup = backups.join("poskeeper-2026-11-21.db");
    std::fs::copy(&db, &backup)?;
    let wal = PathBuf::from(format!("{}-wal", db.display()));
    let shm = PathBuf::from(format!("{}-shm", db.display()));
    let kept = |p: &Path| std::fs::read(p).unwrap_or_default();
    let backup_bytes = kept(&backup);
    for target in [&db, &wal, &shm, &backup] {
        let db_bytes = kept(&db);
        let token = app.picked("pick_export_file", json!({"format": "csv"}), target)?;
        let err = app.invoke("export_file", json!({"token": token})).err().unwrap_or_default();
        assert_eq!(err["code"], "output_protected", "{}: {err}", target.display());
        assert!(err["message"].as_str().is_some_and(|m| !m.contains('\n') && !m.is_empty()), "{err}");
        assert_eq!(kept(&db), db_bytes, "{}", target.display());
    }
    assert_eq!(kept(&backup), backup_bytes);
    // The database is intact and still in use.
    assert_eq!(app.ok("list_terminals", json!({"query": {}}))?["total"], 1);
    app.ok("add_terminal", json!({"sn": "PAX-A920-0002", "patch": {}}))?;
    assert_eq!(app.ok("list_terminals", json!({"query": {}}))?["total"], 2);
    let check = poskeeper::Store::create(&db)?;
    check.quick_check()?;
    Ok(())
}
