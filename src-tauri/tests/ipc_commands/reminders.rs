//! Reminders: acknowledged and snoozed.

use crate::*;

#[test]
fn reminders_acknowledged_and_snoozed() -> TestResult {
    let (_dir, app) = fresh()?;
    app.ok("add_terminal", json!({"sn": SN, "patch": {"brand": "PAX", "model": "A920", "store": "朝阳路店"}}))?;
    app.ok("add_sim", json!({"iccid": ICCID, "patch": {"expires_on": "2026-11-25"}, "terminalSn": SN}))?;
    let key = format!("sim_expiry:{ICCID}");
    let page = app.ok("reminders", json!({}))?;
    assert_eq!((&page["total"], &page["due"]), (&json!(1), &json!(1)));
    assert_eq!(page["counts"], json!({"overdue": 0, "today": 0, "soon": 1, "upcoming": 0}));
    assert_eq!(page["rows"][0]["due_on"], "2026-11-25");
    assert_eq!(app.ok("reminders", json!({"urgency": "today"}))?["total"], 0);
    assert_eq!(app.code("reminders", json!({"urgency": "later"}))?, "invalid_value");
    assert_eq!(app.code("reminders", json!({"asOf": "2026-13-01"}))?, "invalid_date");

    // acknowledge: the urgency as of the date; listed, acknowledged, not due.
    assert_eq!(app.ok("acknowledge", json!({"key": key}))?, json!("soon"));
    let page = app.ok("reminders", json!({}))?;
    assert_eq!((&page["total"], &page["due"], &page["rows"][0]["acknowledged"]), (&json!(1), &json!(0), &json!(true)));
    // On the due day the urgency is "today": no longer acknowledged.
    assert_eq!(app.reminder("2026-11-25", &key)?["acknowledged"], false);
    assert_eq!(app.code("acknowledge", json!({"key": "sim_expiry:89860000000000000000"}))?, "reminder_not_found");
    assert_eq!(app.code("acknowledge", json!({"key": key, "asOf": "22/11/2026"}))?, "invalid_date");

    // snooze: answers the due date it was recorded for; hidden before the snooze date.
    assert_eq!(app.ok("snooze", json!({"key": key, "until": "2026-11-24"}))?, json!("2026-11-25"));
    assert_eq!(app.agenda("2026-11-23")?, vec![]);
    let r = app.reminder("2026-11-24", &key)?;
    assert_eq!((&r["snoozed_until"], &r["days_left"]), (&json!("2026-11-24"), &json!(1)));
    // A renewal moves the due date: the snooze lapses.
    app.ok("renew_sim", json!({"iccid": ICCID, "until": "2026-12-05"}))?;
    let r = app.reminder("2026-11-23", &format!("sim_expiry:{ICCID}"))?;
    assert_eq!((&r["due_on"], &r["snoozed_until"]), (&json!("2026-12-05"), &Value::Null));
    assert_eq!(
        app.code("snooze", json!({"key": "warranty_expiry:NOPE-1", "until": "2026-11-30"}))?,
        "reminder_not_found"
    );
    assert_eq!(app.code("snooze", json!({"key": key, "until": "2026-02-30"}))?, "invalid_date");
    Ok(())
}
