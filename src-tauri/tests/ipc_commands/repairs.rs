//! Repairs: opened, updated, closed and listed.

use crate::*;

#[test]
fn repairs_open_update_close_and_list() -> TestResult {
    let (_dir, app) = fresh()?;
    app.ok(
        "add_terminal",
        json!({"sn": SN, "patch": {"brand": "PAX", "model": "A920", "store": "朝阳路店", "status": "spare"}}),
    )?;
    app.ok("add_terminal", json!({"sn": SN2, "patch": {}}))?;
    let repair = json!({"fault": "printer", "opened_on": "2026-11-10", "ticket_no": "GD2026111001", "agent": "王工"});
    let id = app.ok("open_repair", json!({"sn": SN, "repair": repair}))?;
    assert_eq!(app.detail(SN)?["terminal"]["status"], "in_repair");
    let open = app.ok("open_repairs", json!({}))?;
    assert_eq!(open.as_array().map(Vec::len), Some(1), "{open}");
    assert_eq!(
        (&open[0]["id"], &open[0]["status"], &open[0]["ticket_no"]),
        (&id, &json!("open"), &json!("GD2026111001"))
    );
    // No expected date: due opened_on + 7 = 2026-11-17, lead 0.
    let key = format!("repair_overdue:{id}");
    assert_eq!(app.agenda("2026-11-22")?, vec![row(&key, "2026-11-17", -5, "overdue")]);
    assert_eq!(
        app.reminder("2026-11-22", &key)?["title"],
        format!("维修逾期（打印故障 · 单号 GD2026111001）：PAX A920 · 朝阳路店 · SN {SN}")
    );
    assert_eq!(app.code("open_repair", json!({"sn": "NOPE-1", "repair": repair}))?, "terminal_not_found");
    assert_eq!(
        app.code("open_repair", json!({"sn": SN2, "repair": {"fault": "melted", "opened_on": "2026-11-10"}}))?,
        "invalid_argument"
    );

    let updated = app.ok(
        "update_repair",
        json!({"id": id, "patch": {"status": "diagnosing", "expected_back_on": "2026-11-26",
                                                  "tests_passed": ["receipt_print"]}}),
    )?;
    assert_eq!((&updated["status"], &updated["expected_back_on"]), (&json!("diagnosing"), &json!("2026-11-26")));
    assert_eq!(app.ok("open_repairs", json!({}))?[0]["status"], "diagnosing");
    assert_eq!(app.agenda("2026-11-22")?, vec![], "due 2026-11-26 with lead 0");
    assert_eq!(app.agenda("2026-11-26")?, vec![row(&key, "2026-11-26", 0, "today")]);
    assert_eq!(app.code("update_repair", json!({"id": 999, "patch": {"status": "ready"}}))?, "not_found");
    assert_eq!(app.code("update_repair", json!({"id": id, "patch": {"status": "fixed"}}))?, "invalid_argument");

    // Closing gives the terminal back the status it had before (spare).
    let closed = app.ok(
        "close_repair",
        json!({"id": id, "close": {"closed_on": "2026-11-21", "result": "换打印头", "cost": 8000}}),
    )?;
    assert_eq!(
        (&closed["status"], &closed["closed_on"], &closed["cost"]),
        (&json!("closed"), &json!("2026-11-21"), &json!(8000))
    );
    assert_eq!(app.detail(SN)?["terminal"]["status"], "spare");
    assert_eq!(app.ok("open_repairs", json!({}))?, json!([]));
    let finished = app.ok("finished_repairs", json!({"status": "closed"}))?;
    assert_eq!((&finished[0]["id"], &finished[0]["result"]), (&id, &json!("换打印头")));
    assert_eq!(app.agenda("2026-11-26")?, vec![]);
    assert_eq!(app.code("close_repair", json!({"id": id, "close": {"closed_on": "2026-11-22"}}))?, "invalid_state");
    assert_eq!(app.code("close_repair", json!({"id": 999, "close": {}}))?, "not_found");
    assert_eq!(app.code("finished_repairs", json!({"status": "open"}))?, "invalid_value");
    assert_eq!(app.code("finished_repairs", json!({"status": "gone"}))?, "invalid_argument");
    Ok(())
}

/// Replacing from the dialog: one `close_repair` creates the new terminal from its SN, gives it the
/// old one's provider, numbers and store and the SIM card, ticks the steps done and names the store
/// on the ticket; a refusal (the SN of a terminal in use) changes nothing.
#[test]
fn close_repair_replaces_with_a_new_sn_inherit_and_the_sim() -> TestResult {
    let (_dir, app) = fresh()?;
    let old =
        json!({"provider": "拉卡拉", "merchant_no": "822100058120001", "terminal_no": "50012345", "store": "朝阳路店"});
    app.ok("add_terminal", json!({"sn": SN, "patch": old}))?;
    app.ok("add_terminal", json!({"sn": SN2, "patch": {}}))?;
    app.ok("add_sim", json!({"iccid": ICCID, "patch": {"expires_on": "2027-03-01"}, "terminalSn": SN}))?;
    let id = app.ok("open_repair", json!({"sn": SN, "repair": {"fault": "no_power", "opened_on": "2026-11-10"}}))?;
    assert_eq!(app.ok("open_repairs", json!({}))?[0]["terminal_store"], "朝阳路店");

    let close = |sn: &str| {
        json!({"id": id, "close": {"replaced_by": sn, "inherit": true, "sim": "move",
                                   "deregistration_done": ["settle_pending"]}})
    };
    let before = (app.detail(SN)?, app.detail(SN2)?);
    assert_eq!(app.code("close_repair", close(SN2))?, "replacement_in_use");
    assert_eq!(app.code("close_repair", close(SN))?, "replacement_same_sn");
    assert_eq!(
        app.code("close_repair", json!({"id": id, "close": {"replaced_by": "NEW-7", "sim": "swap"}}))?,
        "invalid_argument"
    );
    assert_eq!((app.detail(SN)?, app.detail(SN2)?), before, "a refused replacement changed nothing");
    assert_eq!(app.code("terminal_detail", json!({"sn": "NEW-7"}))?, "terminal_not_found");

    let r = app.ok("close_repair", close("NEW-7"))?;
    assert_eq!(
        (&r["status"], &r["replaced_by"], &r["terminal_store"]),
        (&json!("replaced"), &json!("NEW-7"), &json!("朝阳路店"))
    );
    let done: Vec<&Value> = r["deregistration"]
        .as_array()
        .map(|a| a.iter().filter(|c| c["done"] == true).map(|c| &c["item"]).collect())
        .unwrap_or_default();
    assert_eq!(done, [&json!("settle_pending"), &json!("move_or_cancel_sim")]);
    let new = app.detail("NEW-7")?;
    for (field, want) in [
        ("provider", "拉卡拉"),
        ("merchant_no", "822100058120001"),
        ("terminal_no", "50012345"),
        ("store", "朝阳路店"),
        ("status", "in_use"),
    ] {
        assert_eq!(new["terminal"][field], want, "{field}");
    }
    assert_eq!(new["sim"]["sim"]["iccid"], ICCID);
    let old = app.detail(SN)?;
    assert_eq!(
        (&old["terminal"]["status"], &old["terminal"]["replaced_by"], &old["sim"]),
        (&json!("replaced"), &json!("NEW-7"), &Value::Null)
    );
    Ok(())
}
