//! Maintenance plans: added and completed, fixed and rolling.

use crate::*;

#[test]
fn maintenance_plans_added_and_completed_in_both_modes() -> TestResult {
    let (_dir, app) = fresh()?;
    app.ok("add_terminal", json!({"sn": SN, "patch": {"brand": "PAX", "model": "A920", "store": "朝阳路店"}}))?;
    app.ok("add_terminal", json!({"sn": SN2, "patch": {"status": "spare"}}))?;
    app.ok("add_terminal", json!({"sn": "OLD-1", "patch": {"status": "deregistered"}}))?;

    // From completion, every 2 weeks from 2026-11-20, lead 3: never done → due on starts_on.
    let plan = json!({"task": "clean", "interval": {"unit": "weeks", "n": 2}, "starts_on": "2026-11-20",
                      "mode": "from_completion", "lead_days": 3});
    let ids = app.ok("add_plans", json!({"sn": SN, "plan": plan}))?;
    let id = ids[0].as_i64().ok_or_else(|| format!("not ids: {ids}"))?;
    assert_eq!(ids.as_array().map(Vec::len), Some(1));
    let key = format!("maintenance_due:{id}");
    assert_eq!(app.agenda("2026-11-22")?, vec![row(&key, "2026-11-20", -2, "overdue")]);
    assert_eq!(app.reminder("2026-11-22", &key)?["title"], format!("保养到期（清洁）：PAX A920 · 朝阳路店 · SN {SN}"));
    // Done on 2026-11-22 → next 2026-12-06, 14 days away: out of the 3-day lead window.
    assert_eq!(
        app.ok("complete_plan", json!({"id": id, "on": "2026-11-22", "note": "擦拭读卡槽"}))?,
        json!("2026-12-06")
    );
    let p = &app.detail(SN)?["plans"][0];
    assert_eq!((&p["plan"]["last_done_on"], &p["plan"]["next_due_on"]), (&json!("2026-11-22"), &json!("2026-12-06")));
    assert_eq!(p["completions"].as_array().map(Vec::len), Some(1), "{p}");
    assert_eq!(
        (&p["completions"][0]["done_on"], &p["completions"][0]["note"]),
        (&json!("2026-11-22"), &json!("擦拭读卡槽"))
    );
    assert_eq!(app.agenda("2026-11-22")?, vec![]);
    assert_eq!(app.agenda("2026-12-03")?, vec![row(&key, "2026-12-06", 3, "soon")]);

    // Fixed, monthly from 2026-10-31, lead 3: occurrences Oct 31, Nov 30, Dec 31. Done on 11-28
    // (inside Nov 30's lead window) → that one counts, the next is Dec 31.
    let fixed = json!({"task": "paper", "interval": {"unit": "months", "n": 1}, "starts_on": "2026-10-31",
                       "mode": "fixed", "lead_days": 3});
    let fixed_id = app.ok("add_plans", json!({"sn": SN2, "plan": fixed}))?[0].as_i64().ok_or("no id")?;
    assert_eq!(app.ok("complete_plan", json!({"id": fixed_id, "on": "2026-11-28"}))?, json!("2026-12-31"));
    // Done again on 12-01: 12-01 + 3 days of lead is past Nov 30, so the next is still Dec 31.
    assert_eq!(app.ok("complete_plan", json!({"id": fixed_id, "on": "2026-12-01"}))?, json!("2026-12-31"));
    assert_eq!(app.detail(SN2)?["plans"][0]["completions"].as_array().map(Vec::len), Some(2));

    // sn null: one plan per terminal in use or spare (not the deregistered one).
    let all = app.ok(
        "add_plans",
        json!({"sn": null, "plan": {"task": "software_update", "interval": {"unit": "months", "n": 6},
                                         "starts_on": "2027-01-01", "mode": "fixed", "lead_days": null}}),
    )?;
    assert_eq!(all.as_array().map(Vec::len), Some(2), "{all}");
    assert_eq!(app.detail(SN)?["plans"].as_array().map(Vec::len), Some(2));
    assert_eq!(app.detail(SN2)?["plans"].as_array().map(Vec::len), Some(2));
    assert_eq!(app.detail("OLD-1")?["plans"], json!([]));

    assert_eq!(app.code("add_plans", json!({"sn": "NOPE-1", "plan": plan}))?, "terminal_not_found");
    assert_eq!(
        app.code("add_plans", json!({"sn": SN, "plan": {"task": "clean", "interval": "2w"}}))?,
        "invalid_argument"
    );
    assert_eq!(app.code("complete_plan", json!({"id": 999, "on": "2026-11-22"}))?, "not_found");
    assert_eq!(app.code("complete_plan", json!({"id": id, "on": "2026-11-22T10:00"}))?, "invalid_date");
    Ok(())
}
