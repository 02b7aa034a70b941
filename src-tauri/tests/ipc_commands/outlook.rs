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
