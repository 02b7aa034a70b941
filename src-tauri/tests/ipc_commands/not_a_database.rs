//! Every command on a file that is no PosKeeper database.

use crate::*;

#[test]
fn on_a_file_that_is_no_poskeeper_database_every_database_command_answers_its_code() -> TestResult {
    let dir = tempfile::tempdir()?;
    let db = dir.path().join("poskeeper.db");
    let bytes = "not a database\n".repeat(500).into_bytes();
    std::fs::write(&db, &bytes)?;
    let app = start(&db, "2026-11-22T09:00:00")?;
    // The two that answer the error instead of failing.
    assert_eq!(app.ok("app_info", json!({}))?["dbError"]["code"], "not_poskeeper_db");
    assert_eq!(app.ok("ui_ready", json!({}))?["code"], "not_poskeeper_db");
    let plan = json!({"task": "clean", "interval": {"unit": "days", "n": 30}, "starts_on": "2026-11-01", "mode": "fixed", "lead_days": null});
    for (cmd, args) in [
        ("settings", json!({})),
        ("set_setting", json!({"key": "notifications", "value": "off"})),
        ("load_demo", json!({"terminals": 10})),
        ("reminders", json!({})),
        ("acknowledge", json!({"key": format!("sim_expiry:{ICCID}")})),
        ("snooze", json!({"key": format!("sim_expiry:{ICCID}"), "until": "2026-11-30"})),
        ("agenda", json!({})),
        ("agenda_act", json!({"action": "ack", "keys": [format!("sim_expiry:{ICCID}")]})),
        ("list_terminals", json!({"query": {}})),
        ("terminal_detail", json!({"sn": SN})),
        ("add_terminal", json!({"sn": SN, "patch": {}})),
        ("set_terminal", json!({"sn": SN, "patch": {"store": "x"}})),
        ("store_names", json!({})),
        ("provider_counts", json!({})),
        ("add_sim", json!({"iccid": ICCID, "patch": {}})),
        ("set_sim", json!({"iccid": ICCID, "patch": {}})),
        ("assign_sim", json!({"iccid": ICCID, "terminalSn": SN})),
        ("cancel_sim", json!({"iccid": ICCID})),
        ("renew_sim", json!({"iccid": ICCID, "until": "2027-11-22"})),
        ("add_deposit", json!({"sn": SN, "deposit": {"amount": 9900, "deadline": "2026-12-01"}})),
        ("settle_deposit", json!({"id": 1, "status": "refunded"})),
        ("add_plans", json!({"sn": SN, "plan": plan})),
        ("complete_plan", json!({"id": 1})),
        ("open_repair", json!({"sn": SN, "repair": {"fault": "screen", "opened_on": "2026-11-20"}})),
        ("update_repair", json!({"id": 1, "patch": {}})),
        ("close_repair", json!({"id": 1, "close": {}})),
        ("open_repairs", json!({})),
        ("finished_repairs", json!({"status": "closed"})),
        ("contacts", json!({})),
        ("add_contact", json!({"contact": {"name": "银联商务客服"}})),
        ("link_contact", json!({"name": "银联商务客服", "sn": SN})),
    ] {
        assert_eq!(app.code(cmd, args.clone())?, "not_poskeeper_db", "{cmd} {args}");
    }
    // The commands that need no database work; the import and the export need it.
    assert_eq!(app.ok("check_iccid", json!({"iccid": ICCID}))?["valid"], true);
    assert_eq!(app.ok("backups", json!({}))?, json!([]));
    let sheet = dir.path().join("a.csv");
    std::fs::write(&sheet, "SN\nX-1\n")?;
    let token = app.token("pick_import_file", json!({}), &sheet)?;
    assert_eq!(
        app.code("import_file", json!({"token": token, "dryRun": true, "skipInvalid": false}))?,
        "not_poskeeper_db"
    );
    let out = app.token("pick_export_file", json!({"format": "json"}), &dir.path().join("out.json"))?;
    assert_eq!(app.code("export_file", json!({"token": out}))?, "not_poskeeper_db");
    assert!(!dir.path().join("out.json").exists());
    assert_eq!(std::fs::read(&db)?, bytes, "the file was not touched");
    Ok(())
}
