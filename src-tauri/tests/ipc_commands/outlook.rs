//! The outlook (费用与到期): the core's figures as of the app's today, over IPC.

use crate::*;

#[test]
fn the_outlook_answers_the_months_from_this_one() -> TestResult {
    let (_dir, app) = fresh()?;
    app.ok("add_terminal", json!({"sn": SN, "patch": {"provider": "拉卡拉"}}))?;
    app.ok(
        "add_sim",
        json!({"iccid": ICCID, "patch": {"expires_on": "2026-12-15", "annual_fee": 4800}, "terminalSn": SN}),
    )?;
    let o = app.ok("outlook", json!({}))?;
    assert_eq!(o["from"], json!("2026-11-01"));
    assert_eq!(o["months"].as_array().map(Vec::len), Some(12));
    assert_eq!(
        o["months"][1],
        json!({
            "month": "2026-12", "sims": 1, "sim_fees": 4800, "sims_without_fee": 0, "warranties": 0,
            "deposits": 0, "deposit_amount": 0, "maintenance": 0, "repairs": 0
        })
    );
    assert_eq!(o["by_provider"], json!([{"provider": "拉卡拉", "count": 1}]));
    assert_eq!(o["terminals"], json!(1));
    Ok(())
}

#[test]
fn the_outlook_is_exported_to_the_workbook_picked() -> TestResult {
    let (dir, app) = fresh()?;
    app.ok("add_terminal", json!({"sn": SN, "patch": {"provider": "拉卡拉"}}))?;
    let out = dir.path().join("费用与到期.xlsx");
    let token = app.token("pick_export_file", json!({"format": "xlsx"}), &out)?;
    let done = app.ok("export_outlook", json!({"token": token}))?;
    assert_eq!((&done["items"], &done["path"]), (&json!(12), &json!(out.display().to_string())));
    let bytes = std::fs::read(&out)?;
    assert!(bytes.starts_with(b"PK\x03\x04"), "not a workbook");
    let csv = app.token("pick_export_file", json!({"format": "csv"}), &dir.path().join("x.csv"))?;
    assert_eq!(app.code("export_outlook", json!({"token": csv}))?, "file_not_picked");
    Ok(())
}
