//! What the UI gets back: errors as `{code, message}`, app info, paged lists, finished tickets.

use crate::*;

#[test]
fn errors_cross_as_code_and_message() -> TestResult {
    let dir = tempfile::tempdir()?;
    let app = start(&db_in(&dir), "2026-11-22T09:00:00")?;
    assert_eq!(app.ok("add_terminal", json!({"sn": SN, "patch": {}}))?, json!(SN));
    let dup = app.invoke("add_terminal", json!({"sn": SN, "patch": {}})).err().unwrap_or_default();
    assert_eq!(dup["code"], "duplicate_sn");
    assert!(dup["message"].as_str().unwrap_or("").contains(SN), "{dup}");
    let bad_shape = app.invoke("add_terminal", json!({"sn": "X-2", "patch": {"status": "melted"}})).err();
    assert_eq!(bad_shape.unwrap_or_default()["code"], "invalid_argument");
    let bad_date = app.invoke("snooze", json!({"key": "warranty_expiry:X", "until": "2026-02-30"})).err();
    assert_eq!(bad_date.unwrap_or_default()["code"], "invalid_date");
    let bad_status = app.invoke("settle_deposit", json!({"id": 1, "status": "stolen"})).err();
    assert_eq!(bad_status.unwrap_or_default()["code"], "invalid_value");
    let check = app.ok("check_iccid", json!({"iccid": ICCID}))?;
    assert_eq!(check, json!({"valid": true, "luhnOk": true, "suggestedCarrier": "china_mobile"}));
    assert_eq!(app.ok("check_iccid", json!({"iccid": "12"}))?["valid"], false);
    Ok(())
}

#[test]
fn app_info_on_a_fresh_database() -> TestResult {
    let dir = tempfile::tempdir()?;
    let app = start(&db_in(&dir), "2026-11-22T09:00:00")?;
    let info = app.ok("app_info", json!({}))?;
    assert_eq!(info["today"], "2026-11-22");
    assert_eq!(info["empty"], true);
    assert_eq!(info["dbError"], Value::Null);
    add_expiring_sim(&app, SN, ICCID, "2026-11-25")?;
    assert_eq!(app.ok("app_info", json!({}))?["empty"], false);
    Ok(())
}

#[test]
fn lists_are_paged_and_no_response_exceeds_256_kb() -> TestResult {
    let dir = tempfile::tempdir()?;
    let app = start(&db_in(&dir), "2026-11-22T09:00:00")?;
    let demo = app.ok("load_demo", json!({"terminals": 10000}))?;
    assert_eq!(demo["terminals"], 10000);

    let page = app.ok("list_terminals", json!({"query": {"limit": 5000, "sort": "store", "descending": true}}))?;
    assert_eq!(page["total"], 10000);
    assert_eq!(page["rows"].as_array().map_or(0, Vec::len), 200, "a page is capped at 200 rows");

    let all = app.ok("reminders", json!({}))?;
    let total = all["total"].as_u64().unwrap_or(0);
    let c = &all["counts"];
    let sum: u64 = ["overdue", "today", "soon", "upcoming"].iter().map(|k| c[k].as_u64().unwrap_or(0)).sum();
    assert!(total > 200, "10k demo terminals list more than one page of reminders ({total})");
    assert_eq!(sum, total);
    assert_eq!(all["rows"].as_array().map_or(0, Vec::len), 200);
    let soon = app.ok("reminders", json!({"urgency": "soon", "limit": 10, "offset": 2}))?;
    assert_eq!(soon["total"], c["soon"]);
    let rows = soon["rows"].as_array().cloned().unwrap_or_default();
    assert!(!rows.is_empty() && rows.len() <= 10);
    assert!(rows.iter().all(|r| r["urgency"] == "soon"));

    let sn = page["rows"][0]["sn"].as_str().unwrap_or_default().to_string();
    let limit = 256 * 1024;
    for (cmd, args) in [
        ("app_info", json!({})),
        ("reminders", json!({})),
        ("reminders", json!({"limit": 100000})),
        ("list_terminals", json!({"query": {"limit": 200}})),
        ("terminal_detail", json!({"sn": sn})),
        ("open_repairs", json!({"limit": 100000})),
        ("finished_repairs", json!({"status": "replaced", "limit": 100000})),
        ("contacts", json!({})),
        ("store_names", json!({})),
        ("provider_counts", json!({})),
        ("settings", json!({})),
    ] {
        let n = app.response_bytes(cmd, args.clone())?;
        assert!(n < limit, "{cmd} {args} answered {n} bytes");
    }
    Ok(())
}

#[test]
fn finished_tickets_are_listed_by_status_and_a_replaced_one_takes_deregistration_ticks() -> TestResult {
    let dir = tempfile::tempdir()?;
    let app = start(&db_in(&dir), "2026-11-22T09:00:00")?;
    // The new terminals are not added first: a replacement by a new SN creates it.
    for sn in ["OLD-1", "OLD-2", "FIXED-1"] {
        app.ok("add_terminal", json!({"sn": sn, "patch": {}}))?;
    }
    let open =
        |sn: &str| app.ok("open_repair", json!({"sn": sn, "repair": {"fault": "no_power", "opened_on": "2026-11-01"}}));
    let (old1, old2, fixed) = (open("OLD-1")?, open("OLD-2")?, open("FIXED-1")?);
    app.ok("close_repair", json!({"id": old1, "close": {"closed_on": "2026-11-10", "replaced_by": "NEW-1"}}))?;
    app.ok("close_repair", json!({"id": old2, "close": {"closed_on": "2026-11-20", "replaced_by": "NEW-2"}}))?;
    app.ok("close_repair", json!({"id": fixed, "close": {"closed_on": "2026-11-15"}}))?;

    let ids =
        |v: Value| v.as_array().map(|a| a.iter().map(|r| r["id"].clone()).collect::<Vec<_>>()).unwrap_or_default();
    // Most recently replaced first, paged.
    assert_eq!(ids(app.ok("finished_repairs", json!({"status": "replaced"}))?), vec![old2.clone(), old1.clone()]);
    assert_eq!(
        ids(app.ok("finished_repairs", json!({"status": "replaced", "offset": 1, "limit": 1}))?),
        vec![old1.clone()]
    );
    assert_eq!(ids(app.ok("finished_repairs", json!({"status": "closed"}))?), vec![fixed]);
    assert!(app.ok("open_repairs", json!({}))?.as_array().is_some_and(Vec::is_empty));

    // An open status is not a finished one; a made-up one is a malformed argument.
    let err = app.invoke("finished_repairs", json!({"status": "open"})).err().ok_or("open was accepted")?;
    assert_eq!(err["code"], "invalid_value", "{err}");
    let err = app.invoke("finished_repairs", json!({"status": "lost"})).err().ok_or("lost was accepted")?;
    assert_eq!(err["code"], "invalid_argument", "{err}");

    // The replaced ticket takes a deregistration tick, and the list shows it.
    app.ok("update_repair", json!({"id": old2, "patch": {"deregistration_done": ["settle_pending"]}}))?;
    let listed = app.ok("finished_repairs", json!({"status": "replaced", "limit": 1}))?;
    let steps = &listed[0]["deregistration"];
    assert_eq!(steps[0], json!({"item": "settle_pending", "done": true}), "{steps}");
    assert_eq!(steps.as_array().map(|a| a.iter().filter(|c| c["done"] == true).count()), Some(1), "{steps}");
    Ok(())
}
