//! Backups: "backup now", the backup folder chosen in the folder dialog (checked writable, and
//! the fall back to the default folder when it is gone), and a backup file looked into before it
//! is restored.

use crate::*;

/// The names of the backups listed, with their place.
fn listed(app: &TestApp) -> Result<Vec<(String, String)>, Box<dyn std::error::Error>> {
    let list = app.ok("backups", json!({}))?;
    let mut v: Vec<(String, String)> = list
        .as_array()
        .ok_or("no list")?
        .iter()
        .map(|b| {
            (b["name"].as_str().unwrap_or_default().to_string(), b["place"].as_str().unwrap_or_default().to_string())
        })
        .collect();
    v.sort();
    Ok(v)
}

#[test]
fn backup_now_in_a_chosen_folder_that_falls_back_when_it_is_gone() -> TestResult {
    let (dir, app) = fresh()?;
    app.ok("add_terminal", json!({"sn": SN, "patch": {}}))?;
    let folder = app.ok("backup_folder", json!({}))?;
    assert_eq!((&folder["chosen"], &folder["problem"]), (&Value::Null, &Value::Null));
    assert_eq!(folder["default"], json!(dir.path().join("backups").display().to_string()));

    let made = app.ok("backup_now", json!({}))?;
    assert_eq!(
        (&made["backup"]["name"], &made["backup"]["place"], &made["fell_back"]),
        (&json!("poskeeper-manual-20261122-090000.db"), &json!("default"), &Value::Null)
    );
    assert!(dir.path().join("backups/poskeeper-manual-20261122-090000.db").is_file());

    // The folder comes from the dialog only; a folder that cannot take a backup is refused.
    assert_eq!(app.code("set_setting", json!({"key": "backup_dir", "value": "/tmp"}))?, "invalid_setting");
    assert_eq!(app.pick("pick_backup_folder", json!({}), None)?, Value::Null);
    let stick = tempfile::tempdir()?;
    std::fs::write(&app.picks, format!("{}\n", stick.path().join("not-there").display()))?;
    assert_eq!(app.code("pick_backup_folder", json!({}))?, "backup_folder_missing");
    assert_eq!(app.ok("backup_folder", json!({}))?["chosen"], Value::Null);
    let chosen = app.pick("pick_backup_folder", json!({}), Some(stick.path()))?;
    assert_eq!((&chosen["chosen"], &chosen["problem"]), (&json!(stick.path().display().to_string()), &Value::Null));

    let made = app.ok("backup_now", json!({}))?;
    assert_eq!((&made["backup"]["place"], &made["fell_back"]), (&json!("chosen"), &Value::Null));
    let name = made["backup"]["name"].as_str().unwrap_or_default().to_string();
    assert_eq!(name, "poskeeper-manual-20261122-090000.db");
    assert!(stick.path().join(&name).is_file());
    assert_eq!(listed(&app)?, [(name.clone(), "chosen".to_string()), (name.clone(), "default".to_string())]);

    // A listed backup of the chosen folder is restored from there.
    app.ok("add_terminal", json!({"sn": SN2, "patch": {}}))?;
    assert_eq!(app.ok("restore_backup", json!({"name": name, "place": "chosen"}))?, Value::Null);
    assert_eq!(app.ok("list_terminals", json!({"query": {}}))?["total"], 1);
    assert_eq!(app.code("restore_backup", json!({"name": "../x.db", "place": "chosen"}))?, "backup_not_found");

    // The stick is pulled out: the folder says so, and a backup goes to the default folder, told.
    let gone = stick.path().to_path_buf();
    drop(stick);
    assert!(!gone.exists());
    assert_eq!(app.ok("backup_folder", json!({}))?["problem"]["code"], "backup_folder_missing");
    let made = app.ok("backup_now", json!({}))?;
    assert_eq!(made["backup"]["place"], "default");
    assert_eq!(made["fell_back"]["code"], "backup_folder_missing", "{made}");
    assert!(listed(&app)?.iter().all(|(_, place)| place == "default"));

    let reset = app.ok("reset_backup_folder", json!({}))?;
    assert_eq!((&reset["chosen"], &reset["problem"]), (&Value::Null, &Value::Null));
    assert_eq!(app.ok("backup_now", json!({}))?["fell_back"], Value::Null);
    Ok(())
}

#[test]
fn a_backup_file_is_looked_into_before_it_is_restored_and_bad_ones_change_nothing() -> TestResult {
    let (dir, app) = fresh()?;
    app.ok("add_terminal", json!({"sn": SN, "patch": {}}))?;
    app.ok("add_terminal", json!({"sn": SN2, "patch": {}}))?;
    let made = app.ok("backup_now", json!({}))?;
    let elsewhere = tempfile::tempdir()?;
    let copy = elsewhere.path().join("店里的备份.db");
    let name = made["backup"]["name"].as_str().unwrap_or_default();
    std::fs::copy(dir.path().join("backups").join(name), &copy)?;
    let newer = elsewhere.path().join("newer.db");
    std::fs::copy(&copy, &newer)?;
    rusqlite::Connection::open(&newer)?.execute_batch("PRAGMA user_version = 999;")?;
    let text = elsewhere.path().join("notes.db");
    std::fs::write(&text, "not a database\n")?;
    app.ok("set_terminal", json!({"sn": SN, "patch": {"store": "望京店"}}))?;

    let token = app.token("pick_backup_file", json!({}), &copy)?;
    let seen = app.ok("inspect_backup_file", json!({"token": token}))?;
    assert_eq!((&seen["terminals"], &seen["sims"]), (&json!(2), &json!(0)), "{seen}");
    assert!(seen["last_change"].is_string() && seen["written_at"].is_string(), "{seen}");
    for (file, code) in [(&newer, "db_too_new"), (&text, "not_poskeeper_db")] {
        let t = app.token("pick_backup_file", json!({}), file)?;
        assert_eq!(app.code("inspect_backup_file", json!({"token": t}))?, code);
        assert_eq!(app.code("restore_file", json!({"token": t}))?, code);
        assert_eq!(app.detail(SN)?["terminal"]["store"], "望京店", "{code}: the current data changed");
    }
    assert_eq!(app.code("inspect_backup_file", json!({"token": "backup-0"}))?, "file_not_picked");
    assert_eq!(app.ok("restore_file", json!({"token": token}))?, Value::Null);
    assert_eq!(app.detail(SN)?["terminal"]["store"], Value::Null);
    Ok(())
}
