//! Files: picked, imported, exported, backed up and restored.

use crate::*;

#[test]
fn files_picked_imported_exported_backed_up_and_restored() -> TestResult {
    let (dir, app) = fresh()?;
    let sheet = dir.path().join("provider.csv");
    std::fs::write(
        &sheet,
        "序列号,品牌,型号,门店,ICCID,流量卡到期\nIMP-0001,PAX,A920,朝阳路店,89860012345678901238,2026-12-01\nIMP-0002,新大陆,ME31,望京店,,\n",
    )?;
    // pick_import_file: a token and the file's name; cancelled → null.
    let picked = app.pick("pick_import_file", json!({}), Some(&sheet))?;
    assert_eq!(picked["name"], "provider.csv");
    let token = picked["token"].as_str().unwrap_or_default().to_string();
    assert_eq!(app.pick("pick_import_file", json!({}), None)?, Value::Null);

    // import_file: a dry run writes nothing; the import does.
    let dry = app.ok("import_file", json!({"token": token, "dryRun": true, "skipInvalid": false}))?;
    assert_eq!((&dry["rows"], &dry["new"], &dry["committed"]), (&json!(2), &json!(2), &json!(false)));
    assert_eq!(app.ok("list_terminals", json!({"query": {}}))?["total"], 0);
    let done = app.ok("import_file", json!({"token": token, "dryRun": false, "skipInvalid": false}))?;
    assert_eq!(done["committed"], true, "{done}");
    assert_eq!(app.detail("IMP-0002")?["terminal"]["store"], "望京店");
    assert_eq!(app.detail("IMP-0001")?["sim"]["sim"]["expires_on"], "2026-12-01");
    assert_eq!(
        app.code("import_file", json!({"token": "not-a-token", "dryRun": true, "skipInvalid": false}))?,
        "file_not_picked"
    );
    let empty = dir.path().join("empty.csv");
    std::fs::write(&empty, "")?;
    let empty_token = app.token("pick_import_file", json!({}), &empty)?;
    assert_eq!(
        app.code("import_file", json!({"token": empty_token, "dryRun": false, "skipInvalid": false}))?,
        "file_empty"
    );
    let no_sn = dir.path().join("no-sn.csv");
    std::fs::write(&no_sn, "品牌,型号\nPAX,A920\n")?;
    let no_sn_token = app.token("pick_import_file", json!({}), &no_sn)?;
    assert_eq!(
        app.code("import_file", json!({"token": no_sn_token, "dryRun": false, "skipInvalid": false}))?,
        "no_sn_column"
    );
    assert_eq!(app.ok("list_terminals", json!({"query": {}}))?["total"], 2, "refused imports wrote nothing");

    // pick_export_file + export_file: an iCalendar feed of what is due.
    let ics = dir.path().join("agenda.ics");
    let export = app.token("pick_export_file", json!({"format": "ics"}), &ics)?;
    let exported = app.ok("export_file", json!({"token": export}))?;
    assert_eq!(exported["path"], json!(ics.display().to_string()));
    let text = std::fs::read_to_string(&ics)?;
    assert!(text.starts_with("BEGIN:VCALENDAR"), "{text}");
    assert!(text.contains("DTSTART;VALUE=DATE:20261201"), "{text}");
    assert_eq!(app.pick("pick_export_file", json!({"format": "csv"}), None)?, Value::Null);
    assert_eq!(app.code("pick_export_file", json!({"format": "pdf"}))?, "invalid_value");
    assert_eq!(app.code("export_file", json!({"token": token}))?, "file_not_picked", "an import token does not write");
    // With the list's query, a CSV holds only the terminals the list shows for it.
    let csv = dir.path().join("list.csv");
    let t = app.token("pick_export_file", json!({"format": "csv"}), &csv)?;
    let query = json!({"search": "望京", "sort": "sn"});
    assert_eq!(app.ok("list_terminals", json!({"query": query}))?["total"], 1);
    assert_eq!(app.ok("export_file", json!({"token": t, "query": query}))?["items"], 1);
    let text = std::fs::read_to_string(&csv)?;
    assert!(text.contains("IMP-0002") && !text.contains("IMP-0001"), "{text}");
    let t = app.token("pick_export_file", json!({"format": "csv"}), &csv)?;
    assert_eq!(app.code("export_file", json!({"token": t, "query": {"status": "melted"}}))?, "invalid_argument");
    // reveal_export shows only a file the shell wrote: not one picked and not (yet) written, not
    // one picked to be read, never a path the window names.
    assert_eq!(app.code("reveal_export", json!({"token": t}))?, "file_not_picked", "picked, refused, not written");
    assert_eq!(app.code("reveal_export", json!({"token": token}))?, "file_not_picked", "an import pick");
    assert_eq!(app.code("reveal_export", json!({"token": csv.display().to_string()}))?, "file_not_picked", "a path");
    assert_eq!(app.code("reveal_export", json!({"token": "/etc"}))?, "file_not_picked");

    // backups: the import took one first; restoring it brings back the empty database.
    let listed = app.ok("backups", json!({}))?;
    let names: Vec<&str> =
        listed.as_array().map(|a| a.iter().filter_map(|b| b["name"].as_str()).collect()).unwrap_or_default();
    assert_eq!(names.len(), 1, "{listed}");
    assert!(names[0].contains("before-import"), "{listed}");
    let before_import = names[0].to_string();
    let copy = dir.path().join("copy.db");
    std::fs::copy(poskeeper::files::backup::backups_dir(&dir.path().join("poskeeper.db")).join(&before_import), &copy)?;
    assert_eq!(app.code("restore_backup", json!({"name": "nope.db"}))?, "backup_not_found");
    assert_eq!(app.code("restore_backup", json!({"name": "../poskeeper.db"}))?, "backup_not_found");
    assert_eq!(app.ok("list_terminals", json!({"query": {}}))?["total"], 2);
    assert_eq!(app.ok("restore_backup", json!({"name": before_import}))?, Value::Null);
    assert_eq!(app.ok("list_terminals", json!({"query": {}}))?["total"], 0);
    // The restore kept the replaced file as a backup too.
    assert_eq!(app.ok("backups", json!({}))?.as_array().map(Vec::len), Some(2));

    // pick_backup_file + restore_file: a copy kept elsewhere; a file that is no PosKeeper database is refused.
    let not_a_backup = dir.path().join("notes.db");
    std::fs::write(&not_a_backup, "just text\n".repeat(100))?;
    let bad = app.token("pick_backup_file", json!({}), &not_a_backup)?;
    assert_eq!(app.code("restore_file", json!({"token": bad}))?, "not_poskeeper_db");
    assert_eq!(app.pick("pick_backup_file", json!({}), None)?, Value::Null);
    app.ok("import_file", json!({"token": token, "dryRun": false, "skipInvalid": false}))?;
    assert_eq!(app.ok("list_terminals", json!({"query": {}}))?["total"], 2);
    let good = app.token("pick_backup_file", json!({}), &copy)?;
    assert_eq!(app.ok("restore_file", json!({"token": good}))?, Value::Null);
    assert_eq!(app.ok("list_terminals", json!({"query": {}}))?["total"], 0);
    Ok(())
}

#[test]
fn the_rows_an_import_skipped_are_saved_as_a_sheet_to_fix() -> TestResult {
    let (dir, app) = fresh()?;
    let sheet = dir.path().join("provider.csv");
    std::fs::write(&sheet, "序列号,品牌,启用日期\nOK-1,PAX,2026-03-05\nBAD-1,PAX,2026-02-30\n")?;
    let token = app.token("pick_import_file", json!({}), &sheet)?;
    let done = app.ok("import_file", json!({"token": token, "dryRun": false, "skipInvalid": true}))?;
    assert_eq!((&done["new"], &done["invalid"]), (&json!(1), &json!(1)), "{done}");
    let out = dir.path().join("要改正.csv");
    let out_token = app.token("pick_export_file", json!({"format": "csv"}), &out)?;
    let saved = app.ok("save_import_problems", json!({"token": token, "outToken": out_token}))?;
    assert_eq!(saved["items"], 1, "{saved}");
    let text = std::fs::read_to_string(&out)?;
    let lines: Vec<&str> = text.trim_start_matches('\u{FEFF}').lines().collect();
    assert_eq!(lines, ["序列号,品牌,启用日期,问题", "BAD-1,PAX,2026-02-30,启用日期：2月没有30日"]);
    // Tokens for another purpose are refused; a JSON export token does not write a sheet of rows.
    assert_eq!(
        app.code("save_import_problems", json!({"token": out_token, "outToken": out_token}))?,
        "file_not_picked"
    );
    let json_token = app.token("pick_export_file", json!({"format": "json"}), &dir.path().join("a.json"))?;
    assert_eq!(app.code("save_import_problems", json!({"token": token, "outToken": json_token}))?, "file_not_picked");
    Ok(())
}

#[test]
fn preview_import_maps_columns_and_remembers_them() -> TestResult {
    let (dir, app) = fresh()?;
    let no_sn = dir.path().join("no-sn.csv");
    std::fs::write(&no_sn, "品牌,型号\nPAX,A920\n")?;
    let no_sn_token = app.token("pick_import_file", json!({}), &no_sn)?;
    // preview_import: a sheet without an SN column answers its headers for the user to map; with
    // 品牌 mapped to the SN, the first rows as they will be stored; the import takes the mapping.
    let p = app.ok("preview_import", json!({"token": no_sn_token, "mapping": []}))?;
    assert_eq!(p["no_sn_column"], true, "{p}");
    assert_eq!(p["columns"][0], json!({"name": "品牌", "field": "brand", "source": "auto"}));
    assert!(p["report"].is_null() && p["rows"] == json!([]), "{p}");
    let mapping = json!([{"header": "品牌", "field": "sn"}]);
    let p = app.ok("preview_import", json!({"token": no_sn_token, "mapping": mapping}))?;
    assert_eq!(p["columns"][0], json!({"name": "品牌", "field": "sn", "source": "user"}), "{p}");
    assert_eq!(p["fields"], json!(["sn", "model"]));
    assert_eq!(p["rows"], json!([{"line": 2, "values": ["PAX", "A920"], "problems": []}]));
    assert_eq!(p["report"]["new"], 1);
    let twice = json!([{"header": "品牌", "field": "sn"}, {"header": "型号", "field": "sn"}]);
    assert_eq!(app.code("preview_import", json!({"token": no_sn_token, "mapping": twice}))?, "field_mapped_twice");
    let unknown = json!([{"header": "品牌", "field": "serial"}]);
    assert_eq!(app.code("preview_import", json!({"token": no_sn_token, "mapping": unknown}))?, "invalid_argument");
    let done = app
        .ok("import_file", json!({"token": no_sn_token, "dryRun": false, "skipInvalid": false, "mapping": mapping}))?;
    assert_eq!(done["committed"], true, "{done}");
    assert_eq!(app.detail("PAX")?["terminal"]["model"], "A920");
    // Remembered: the same file previews without a mapping now.
    let p = app.ok("preview_import", json!({"token": no_sn_token}))?;
    assert_eq!((&p["remembered"], &p["columns"][0]["source"]), (&json!(true), &json!("remembered")), "{p}");
    Ok(())
}
