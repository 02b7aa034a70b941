//! SIM cards: the ICCID check, added, changed, assigned, renewed and cancelled.

use crate::*;

#[test]
fn sims_add_check_set_assign_renew_and_cancel() -> TestResult {
    let (_dir, app) = fresh()?;
    app.ok("add_terminal", json!({"sn": SN, "patch": {"brand": "PAX", "model": "A920", "store": "朝阳路店"}}))?;
    app.ok("add_terminal", json!({"sn": SN2, "patch": {"brand": "新大陆", "model": "ME31", "store": "望京店"}}))?;

    // check_iccid: never an error; what the form shows while typing.
    assert_eq!(
        app.ok("check_iccid", json!({"iccid": ICCID}))?,
        json!({"valid": true, "luhnOk": true, "suggestedCarrier": "china_mobile"})
    );
    assert_eq!(
        app.ok("check_iccid", json!({"iccid": ICCID_BAD_LUHN}))?,
        json!({"valid": true, "luhnOk": false, "suggestedCarrier": "china_mobile"})
    );
    assert_eq!(
        app.ok("check_iccid", json!({"iccid": "12345"}))?,
        json!({"valid": false, "luhnOk": false, "suggestedCarrier": null})
    );

    // add_sim: a wrong check digit is a warning.
    let added = app.ok(
        "add_sim",
        json!({"iccid": ICCID, "patch": {"expires_on": "2026-12-01", "carrier": "china_mobile"}, "terminalSn": SN}),
    )?;
    assert_eq!(added, json!({"luhnOk": true}));
    assert_eq!(app.ok("add_sim", json!({"iccid": ICCID_BAD_LUHN, "patch": {}}))?, json!({"luhnOk": false}));
    assert_eq!(app.code("add_sim", json!({"iccid": ICCID, "patch": {}}))?, "duplicate_iccid");
    assert_eq!(app.code("add_sim", json!({"iccid": "12345", "patch": {}}))?, "invalid_iccid");
    assert_eq!(
        app.code("add_sim", json!({"iccid": "89860012345678901246", "patch": {}, "terminalSn": "NOPE-1"}))?,
        "terminal_not_found"
    );
    assert_eq!(
        app.code("add_sim", json!({"iccid": "89860012345678901246", "patch": {"form": "liquid"}}))?,
        "invalid_argument"
    );
    let sim = &app.detail(SN)?["sim"];
    assert_eq!(
        (&sim["sim"]["iccid"], &sim["sim"]["expires_on"], &sim["sim"]["status"]),
        (&json!(ICCID), &json!("2026-12-01"), &json!("active"))
    );
    assert_eq!(sim["installs"], json!([{"terminal_sn": SN, "installed_on": "2026-11-22", "removed_on": null}]));
    let key = format!("sim_expiry:{ICCID}");
    assert_eq!(app.agenda("2026-11-22")?, vec![row(&key, "2026-12-01", 9, "upcoming")]);
    let r = app.reminder("2026-11-22", &key)?;
    assert_eq!(r["title"], format!("流量卡到期：PAX A920 · 朝阳路店 · SN {SN} · 卡号 …901238"));
    assert_eq!((&r["terminal_sn"], &r["iccid"]), (&json!(SN), &json!(ICCID)));

    // set_sim: the expiry moves, so does the reminder.
    assert_eq!(
        app.ok("set_sim", json!({"iccid": ICCID, "patch": {"expires_on": "2026-11-24", "plan": "10元/月"}}))?,
        json!(true)
    );
    assert_eq!(app.detail(SN)?["sim"]["sim"]["plan"], "10元/月");
    assert_eq!(app.agenda("2026-11-22")?, vec![row(&key, "2026-11-24", 2, "soon")]);
    assert_eq!(app.code("set_sim", json!({"iccid": "89860012345678901246", "patch": {"plan": "x"}}))?, "sim_not_found");
    assert_eq!(app.code("set_sim", json!({"iccid": ICCID, "patch": {"expires_on": "someday"}}))?, "invalid_argument");

    // assign_sim: it moves to SN2; the history keeps where it sat.
    assert_eq!(app.ok("assign_sim", json!({"iccid": ICCID, "terminalSn": SN2}))?, Value::Null);
    assert_eq!(app.detail(SN)?["sim"], Value::Null);
    let installs = &app.detail(SN2)?["sim"]["installs"];
    let sat: Vec<(Value, Value)> = installs
        .as_array()
        .map(|a| a.iter().map(|i| (i["terminal_sn"].clone(), i["removed_on"].clone())).collect())
        .unwrap_or_default();
    assert_eq!(sat.len(), 2, "{installs}");
    assert!(sat.contains(&(json!(SN), json!("2026-11-22"))), "{installs}");
    assert!(sat.contains(&(json!(SN2), Value::Null)), "{installs}");
    assert_eq!(app.reminder("2026-11-22", &key)?["terminal_sn"], SN2);
    assert_eq!(app.code("assign_sim", json!({"iccid": ICCID, "terminalSn": "NOPE-1"}))?, "terminal_not_found");
    assert_eq!(app.code("assign_sim", json!({"iccid": "89860012345678901246", "terminalSn": SN}))?, "sim_not_found");

    // renew_sim: old and new expiry, the fee in fen, the date paid.
    let renewal =
        app.ok("renew_sim", json!({"iccid": ICCID, "until": "2027-11-24", "fee": 4500, "on": "2026-11-21"}))?;
    assert_eq!(
        (&renewal["renewed_on"], &renewal["old_expires_on"], &renewal["new_expires_on"], &renewal["fee"]),
        (&json!("2026-11-21"), &json!("2026-11-24"), &json!("2027-11-24"), &json!(4500))
    );
    let sim = &app.detail(SN2)?["sim"];
    assert_eq!(sim["sim"]["expires_on"], "2027-11-24");
    assert_eq!(sim["renewals"].as_array().map(Vec::len), Some(1), "{sim}");
    assert_eq!(sim["renewals"][0]["new_expires_on"], "2027-11-24");
    assert_eq!(app.agenda("2026-11-22")?, vec![], "a year away is not in the 30-day lead window");
    assert_eq!(app.agenda("2027-10-25")?, vec![row(&key, "2027-11-24", 30, "upcoming")]);
    assert_eq!(app.code("renew_sim", json!({"iccid": ICCID, "until": "2027-02-29"}))?, "invalid_date");
    assert_eq!(
        app.code("renew_sim", json!({"iccid": ICCID, "until": "2028-01-01", "on": "yesterday"}))?,
        "invalid_date"
    );
    assert_eq!(
        app.code("renew_sim", json!({"iccid": "89860012345678901246", "until": "2028-01-01"}))?,
        "sim_not_found"
    );
    assert_eq!(app.detail(SN2)?["sim"]["sim"]["expires_on"], "2027-11-24", "a refused renewal changes nothing");

    // cancel_sim: never listed again; a cancelled card cannot be put in a terminal.
    assert_eq!(app.ok("cancel_sim", json!({"iccid": ICCID}))?, json!(true));
    assert_eq!(app.detail(SN2)?["sim"]["sim"]["status"], "cancelled");
    assert_eq!(app.agenda("2027-11-30")?.iter().filter(|r| r.0 == key).count(), 0);
    assert_eq!(app.ok("cancel_sim", json!({"iccid": ICCID}))?, json!(false), "already cancelled");
    assert_eq!(app.code("assign_sim", json!({"iccid": ICCID, "terminalSn": SN}))?, "invalid_state");
    assert_eq!(app.code("cancel_sim", json!({"iccid": "89860012345678901246"}))?, "sim_not_found");
    Ok(())
}
