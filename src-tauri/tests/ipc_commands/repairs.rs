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
