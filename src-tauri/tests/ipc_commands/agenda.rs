//! The agenda as a work queue: a filtered page with counts, bulk acknowledge / snooze /
//! un-snooze of keys or of all that match, one undo.

use crate::*;

/// Three terminals at two stores, each with a SIM card: two overdue at 朝阳路店, one soon at 望京店.
fn three_cards(app: &TestApp) -> TestResult {
    let cards = [
        ("PAX-0001", "朝阳路店", "银联商务", "89860012345678901238", "2026-11-01"),
        ("PAX-0002", "朝阳路店", "拉卡拉", "89860112345678901246", "2026-11-10"),
        ("NL-0003", "望京店", "拉卡拉", "89860212345678901220", "2026-11-25"),
    ];
    for (sn, store, provider, iccid, expires) in cards {
        app.ok("add_terminal", json!({"sn": sn, "patch": {"brand": "PAX", "store": store, "provider": provider}}))?;
        app.ok("add_sim", json!({"iccid": iccid, "patch": {"expires_on": expires}, "terminalSn": sn}))?;
    }
    Ok(())
}

fn keys(page: &Value) -> Vec<String> {
    page["rows"].as_array().into_iter().flatten().map(|r| r["key"].as_str().unwrap_or_default().to_string()).collect()
}

#[test]
fn the_agenda_filters_counts_acts_on_all_that_match_and_undoes() -> TestResult {
    let (_dir, app) = fresh()?;
    three_cards(&app)?;
    let chaoyang = json!({"kinds": ["sim_expiry"], "stores": ["朝阳路店"]});
    let page = app.ok("agenda", json!({"filter": chaoyang}))?;
    assert_eq!((&page["total"], &page["all"]), (&json!(2), &json!(3)));
    assert_eq!(page["counts"], json!({"overdue": 2, "today": 0, "soon": 0, "upcoming": 0}));
    assert_eq!(keys(&page), ["sim_expiry:89860012345678901238", "sim_expiry:89860112345678901246"]);
    // Stores counted under the kind filter: both stores, most first.
    assert_eq!(page["facets"]["stores"], json!([["朝阳路店", 2], ["望京店", 1]]));
    assert_eq!(page["facets"]["providers"], json!([["拉卡拉", 1], ["银联商务", 1]]));
    // Search: a card's tail as printed, a provider.
    assert_eq!(keys(&app.ok("agenda", json!({"filter": {"search": "901220"}}))?), ["sim_expiry:89860212345678901220"]);
    assert_eq!(app.ok("agenda", json!({"filter": {"search": "拉卡拉"}}))?["total"], 2);
    assert_eq!(app.ok("agenda", json!({"filter": chaoyang, "urgency": "soon"}))?["total"], 0);

    // All that match, with the count the user saw; a stale count changes nothing.
    assert_eq!(app.code("agenda_act", json!({"action": "ack", "filter": chaoyang, "expect": 3}))?, "agenda_changed");
    let done = app.ok("agenda_act", json!({"action": "ack", "filter": chaoyang, "expect": 2}))?;
    assert_eq!((&done["action"], &done["count"]), (&json!("ack"), &json!(2)));
    let pending = json!({"kinds": ["sim_expiry"], "stores": ["朝阳路店"], "pending": true});
    assert_eq!(app.ok("agenda", json!({"filter": pending}))?["total"], 0);
    let acked = app.ok("agenda", json!({"filter": chaoyang}))?;
    assert!(acked["rows"].as_array().into_iter().flatten().all(|r| r["acknowledged"] == true));
    assert_eq!(app.ok("agenda_undo", json!({"token": done["token"]}))?, 2);
    let back = app.ok("agenda", json!({"filter": chaoyang}))?;
    assert!(back["rows"].as_array().into_iter().flatten().all(|r| r["acknowledged"] == false));
    assert_eq!(app.ok("agenda", json!({"filter": pending}))?["total"], 2);
    assert_eq!(app.code("agenda_undo", json!({"token": done["token"]}))?, "nothing_to_undo");

    // Snooze chosen keys; the snoozed view lists them with the date; un-snooze; undo that.
    let one = "sim_expiry:89860012345678901238";
    assert_eq!(app.code("agenda_act", json!({"action": "snooze", "keys": [one]}))?, "invalid_argument");
    assert_eq!(
        app.code("agenda_act", json!({"action": "snooze", "keys": [one], "until": "2026-11-22"}))?,
        "invalid_date"
    );
    let snoozed = app.ok("agenda_act", json!({"action": "snooze", "keys": [one], "until": "2026-12-01"}))?;
    assert_eq!(snoozed["count"], 1);
    assert_eq!(app.ok("agenda", json!({}))?["all"], 2);
    let view = app.ok("agenda", json!({"view": "snoozed"}))?;
    assert_eq!((keys(&view), &view["rows"][0]["snoozed_until"]), (vec![one.to_string()], &json!("2026-12-01")));
    let shown = app.ok("agenda_act", json!({"action": "unsnooze", "view": "snoozed", "filter": {}, "expect": 1}))?;
    assert_eq!(shown["count"], 1);
    assert_eq!(app.ok("agenda", json!({"view": "snoozed"}))?["all"], 0);
    app.ok("agenda_undo", json!({"token": shown["token"]}))?;
    assert_eq!(app.ok("agenda", json!({"view": "snoozed"}))?["all"], 1);

    // Refused input: a bad key (named, nothing done), no keys, both keys and filter, bad filter.
    let bad = app
        .invoke("agenda_act", json!({"action": "ack", "keys": ["sim_expiry:89860112345678901246", "sim_expiry:8986"]}));
    let bad = bad.err().ok_or("a bad key was accepted")?;
    assert_eq!(bad["code"], "reminder_not_found");
    assert!(bad["message"].as_str().unwrap_or_default().contains("sim_expiry:8986"), "{bad}");
    let left = app.ok("agenda", json!({"filter": chaoyang}))?;
    assert_eq!(keys(&left), ["sim_expiry:89860112345678901246"]);
    assert_eq!(left["rows"][0]["acknowledged"], false);
    assert_eq!(app.code("agenda_act", json!({"action": "ack", "keys": []}))?, "invalid_argument");
    assert_eq!(app.code("agenda_act", json!({"action": "ack", "keys": [one], "filter": {}}))?, "invalid_argument");
    assert_eq!(app.code("agenda", json!({"filter": {"kinds": ["nope"]}}))?, "invalid_argument");
    assert_eq!(app.code("agenda", json!({"urgency": "later"}))?, "invalid_value");
    Ok(())
}

#[test]
fn agenda_arguments_of_the_wrong_shape_are_refused_with_a_code() -> TestResult {
    let (_dir, app) = fresh()?;
    assert_eq!(app.code("agenda_act", json!({"action": "delete", "keys": ["x:1"]}))?, "invalid_argument");
    assert_eq!(app.code("agenda_act", json!({"action": "ack", "keys": "x:1"}))?, "invalid_argument");
    assert_eq!(app.code("agenda", json!({"view": "later"}))?, "invalid_argument");
    assert_eq!(app.code("agenda", json!({"filter": {"search": "x".repeat(201)}}))?, "invalid_argument");
    assert_eq!(app.code("agenda_undo", json!({"token": 7}))?, "nothing_to_undo");
    Ok(())
}
