//! Settings, app info, the UI-ready call and the demo data.

use crate::*;

#[test]
fn settings_app_info_ui_ready_and_demo() -> TestResult {
    let (_dir, app) = fresh()?;
    let info = app.ok("app_info", json!({}))?;
    assert_eq!(
        (&info["today"], &info["empty"], &info["language"], &info["dbError"]),
        (&json!("2026-11-22"), &json!(true), &json!("zh-CN"), &Value::Null)
    );
    assert_eq!(app.ok("ui_ready", json!({}))?, Value::Null);

    let s = app.ok("settings", json!({}))?;
    assert_eq!(
        (&s["lead_sim_expiry"], &s["lead_deposit_deadline"], &s["notifications"]),
        (&json!(30), &json!(14), &json!(true))
    );
    assert_eq!(app.ok("set_setting", json!({"key": "lead.sim_expiry", "value": " 10 "}))?, json!("10"));
    assert_eq!(app.ok("set_setting", json!({"key": "quiet_hours", "value": "off"}))?, json!("off"));
    let s = app.ok("settings", json!({}))?;
    assert_eq!((&s["lead_sim_expiry"], &s["quiet_hours"]), (&json!(10), &Value::Null));
    assert_eq!(app.code("set_setting", json!({"key": "volume", "value": "11"}))?, "unknown_setting");
    assert_eq!(app.code("set_setting", json!({"key": "lead.sim_expiry", "value": "soon"}))?, "invalid_setting");
    assert_eq!(app.ok("settings", json!({}))?["lead_sim_expiry"], 10, "a refused value changes nothing");
    // The new lead applies: a SIM 11 days out is not listed, 10 days out is.
    app.ok("add_terminal", json!({"sn": SN, "patch": {}}))?;
    app.ok("add_sim", json!({"iccid": ICCID, "patch": {"expires_on": "2026-12-03"}, "terminalSn": SN}))?;
    assert_eq!(app.agenda("2026-11-22")?, vec![]);
    assert_eq!(app.agenda("2026-11-23")?, vec![row(&format!("sim_expiry:{ICCID}"), "2026-12-03", 10, "upcoming")]);
    assert_eq!(app.ok("app_info", json!({}))?["empty"], false);

    // load_demo: sample data, counted.
    let (_dir2, demo) = fresh()?;
    assert_eq!(demo.code("load_demo", json!({"terminals": 0}))?, "invalid_number");
    assert_eq!(demo.code("load_demo", json!({"terminals": 100001}))?, "invalid_number");
    assert_eq!(demo.ok("list_terminals", json!({"query": {}}))?["total"], 0);
    let summary = demo.ok("load_demo", json!({"terminals": 25}))?;
    assert_eq!(summary["terminals"], 25, "{summary}");
    assert_eq!(demo.ok("list_terminals", json!({"query": {}}))?["total"], 25);
    assert_eq!(demo.ok("app_info", json!({}))?["empty"], false);
    Ok(())
}
