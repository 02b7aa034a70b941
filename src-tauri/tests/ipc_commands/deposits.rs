//! Deposits: added and settled.

use crate::*;

#[test]
fn deposits_add_and_settle() -> TestResult {
    let (_dir, app) = fresh()?;
    app.ok("add_terminal", json!({"sn": SN, "patch": {"brand": "PAX", "model": "A920", "store": "朝阳路店"}}))?;
    let deposit =
        json!({"amount": 19900, "deadline": "2026-12-01", "paid_on": "2026-02-01", "condition": "10个月内刷满30万"});
    let id = app.ok("add_deposit", json!({"sn": SN, "deposit": deposit}))?;
    let id = id.as_i64().ok_or_else(|| format!("not an id: {id}"))?;
    let d = &app.detail(SN)?["deposits"];
    assert_eq!(d.as_array().map(Vec::len), Some(1), "{d}");
    assert_eq!(
        (&d[0]["id"], &d[0]["amount"], &d[0]["deadline"], &d[0]["status"], &d[0]["condition"]),
        (&json!(id), &json!(19900), &json!("2026-12-01"), &json!("held"), &json!("10个月内刷满30万"))
    );
    // Listed 14 days ahead (the default lead).
    let key = format!("deposit_deadline:{id}");
    assert_eq!(app.agenda("2026-11-22")?, vec![row(&key, "2026-12-01", 9, "upcoming")]);
    assert_eq!(
        app.reminder("2026-11-22", &key)?["title"],
        format!("押金返还截止 ¥199.00：PAX A920 · 朝阳路店 · SN {SN}")
    );
    assert_eq!(app.agenda("2026-11-16")?, vec![], "15 days ahead is before the lead window");
    assert_eq!(app.code("add_deposit", json!({"sn": "NOPE-1", "deposit": deposit}))?, "terminal_not_found");
    assert_eq!(app.code("add_deposit", json!({"sn": SN, "deposit": {"amount": 19900}}))?, "invalid_argument");
    assert_eq!(
        app.code("add_deposit", json!({"sn": SN, "deposit": {"amount": -1, "deadline": "2026-12-01"}}))?,
        "invalid_money"
    );

    // settle_deposit: refunded on a date; no longer listed.
    assert_eq!(app.code("settle_deposit", json!({"id": id, "status": "stolen"}))?, "invalid_value");
    assert_eq!(
        app.code("settle_deposit", json!({"id": id, "status": "refunded", "on": "2026-11-31"}))?,
        "invalid_date"
    );
    assert_eq!(app.code("settle_deposit", json!({"id": id + 100, "status": "refunded"}))?, "not_found");
    assert_eq!(app.detail(SN)?["deposits"][0]["status"], "held", "refusals change nothing");
    assert_eq!(app.ok("settle_deposit", json!({"id": id, "status": "refunded", "on": "2026-11-20"}))?, Value::Null);
    let d = &app.detail(SN)?["deposits"][0];
    assert_eq!((&d["status"], &d["refunded_on"]), (&json!("refunded"), &json!("2026-11-20")));
    assert_eq!(app.agenda("2026-11-22")?, vec![]);
    assert_eq!(app.code("settle_deposit", json!({"id": id, "status": "forfeited"}))?, "invalid_state");
    Ok(())
}
