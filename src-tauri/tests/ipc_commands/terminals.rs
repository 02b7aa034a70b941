//! Terminals: added, changed, listed, their detail and the store names.

use crate::*;

#[test]
fn terminals_add_set_detail_list_and_store_names() -> TestResult {
    let (_dir, app) = fresh()?;
    // add_terminal: the SN as stored (trimmed).
    let patch = json!({"brand": "PAX", "model": "A920", "kind": "smart", "store": "朝阳路店", "provider": "银联商务",
                       "warranty_until": "2026-12-10"});
    assert_eq!(app.ok("add_terminal", json!({"sn": format!("  {SN} "), "patch": patch}))?, json!(SN));
    assert_eq!(app.code("add_terminal", json!({"sn": SN, "patch": {}}))?, "duplicate_sn");
    assert_eq!(app.code("add_terminal", json!({"sn": "", "patch": {}}))?, "invalid_sn");
    assert_eq!(app.code("add_terminal", json!({"sn": "X-1", "patch": {"kind": "toaster"}}))?, "invalid_argument");
    assert_eq!(
        app.code("add_terminal", json!({"sn": "X-1", "patch": {"activated_on": "2026-02-30"}}))?,
        "invalid_argument"
    );

    let t = &app.detail(SN)?["terminal"];
    assert_eq!(
        (&t["sn"], &t["brand"], &t["model"], &t["kind"], &t["store"], &t["status"], &t["warranty_until"]),
        (
            &json!(SN),
            &json!("PAX"),
            &json!("A920"),
            &json!("smart"),
            &json!("朝阳路店"),
            &json!("in_use"),
            &json!("2026-12-10")
        )
    );
    assert_eq!(app.code("terminal_detail", json!({"sn": "NOPE-1"}))?, "terminal_not_found");

    // set_terminal: changes what the patch gives, keeps the rest; the warranty reminder follows.
    assert_eq!(app.agenda("2026-11-22")?, vec![row(&format!("warranty_expiry:{SN}"), "2026-12-10", 18, "upcoming")]);
    let changed =
        app.ok("set_terminal", json!({"sn": SN, "patch": {"store": "望京店", "warranty_until": "2026-11-25"}}))?;
    assert_eq!(changed, json!(true));
    let t = &app.detail(SN)?["terminal"];
    assert_eq!(
        (&t["store"], &t["brand"], &t["warranty_until"]),
        (&json!("望京店"), &json!("PAX"), &json!("2026-11-25"))
    );
    assert_eq!(app.agenda("2026-11-22")?, vec![row(&format!("warranty_expiry:{SN}"), "2026-11-25", 3, "soon")]);
    let r = app.reminder("2026-11-22", &format!("warranty_expiry:{SN}"))?;
    assert_eq!(r["title"], format!("保修到期：PAX A920 · 望京店 · SN {SN}"));
    // Retired: never listed.
    assert_eq!(app.ok("set_terminal", json!({"sn": SN, "patch": {"status": "deregistered"}}))?, json!(true));
    assert_eq!(app.agenda("2026-11-22")?, vec![]);
    assert_eq!(app.code("set_terminal", json!({"sn": "NOPE-1", "patch": {"store": "x"}}))?, "terminal_not_found");
    assert_eq!(app.code("set_terminal", json!({"sn": SN, "patch": {"status": "melted"}}))?, "invalid_argument");
    assert_eq!(app.code("set_terminal", json!({"sn": SN, "patch": {"warranty_lead_days": -1}}))?, "invalid_number");
    assert_eq!(app.detail(SN)?["terminal"]["status"], "deregistered", "a refused patch changes nothing");

    // list_terminals and store_names.
    app.ok("add_terminal", json!({"sn": SN2, "patch": {"brand": "新大陆", "store": "朝阳路店", "status": "spare"}}))?;
    let page = app.ok("list_terminals", json!({"query": {"search": "望京"}}))?;
    assert_eq!(page["total"], 1);
    assert_eq!(page["rows"][0]["sn"], SN);
    let page = app.ok("list_terminals", json!({"query": {"status": "spare"}}))?;
    assert_eq!((page["total"].clone(), page["rows"][0]["sn"].clone()), (json!(1), json!(SN2)));
    let page = app.ok("list_terminals", json!({"query": {"sort": "sn"}}))?;
    let sns: Vec<&str> =
        page["rows"].as_array().map(|a| a.iter().filter_map(|r| r["sn"].as_str()).collect()).unwrap_or_default();
    assert_eq!(sns, vec![SN2, SN]);
    assert_eq!(app.code("list_terminals", json!({"query": {"status": "melted"}}))?, "invalid_argument");
    assert_eq!(app.code("list_terminals", json!({"query": {"limit": "all"}}))?, "invalid_argument");
    assert_eq!(app.ok("store_names", json!({}))?, json!(["望京店", "朝阳路店"]));
    // The provider filter's choices come from the terminals (no contact names them), with counts.
    assert_eq!(app.ok("provider_counts", json!({}))?, json!([["银联商务", 1]]));
    app.ok("set_terminal", json!({"sn": SN2, "patch": {"provider": "工商银行"}}))?;
    app.ok("add_terminal", json!({"sn": "ICBC-3", "patch": {"provider": "工商银行"}}))?;
    assert_eq!(app.ok("provider_counts", json!({}))?, json!([["工商银行", 2], ["银联商务", 1]]));
    Ok(())
}
