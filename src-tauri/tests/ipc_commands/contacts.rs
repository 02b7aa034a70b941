//! Contacts: added, listed and linked to a terminal.

use crate::*;

#[test]
fn contacts_added_listed_and_linked() -> TestResult {
    let (_dir, app) = fresh()?;
    app.ok("add_terminal", json!({"sn": SN, "patch": {"brand": "PAX"}}))?;
    assert_eq!(app.ok("contacts", json!({}))?, json!([]));
    let contact = json!({"name": "银联商务客服", "kind": "payment_company", "phone": "95534", "hours": "7×24"});
    let id = app.ok("add_contact", json!({"contact": contact}))?;
    let listed = app.ok("contacts", json!({}))?;
    assert_eq!(listed.as_array().map(Vec::len), Some(1), "{listed}");
    assert_eq!(
        (&listed[0]["id"], &listed[0]["name"], &listed[0]["kind"], &listed[0]["phone"], &listed[0]["hours"]),
        (&id, &json!("银联商务客服"), &json!("payment_company"), &json!("95534"), &json!("7×24"))
    );
    assert_eq!(app.code("add_contact", json!({"contact": contact}))?, "duplicate_contact");
    assert_eq!(app.code("add_contact", json!({"contact": {"name": "  "}}))?, "invalid_text");
    assert_eq!(app.code("add_contact", json!({"contact": {"name": "X", "kind": "friend"}}))?, "invalid_argument");
    assert_eq!(app.ok("contacts", json!({}))?.as_array().map(Vec::len), Some(1), "nothing refused was added");

    assert_eq!(app.detail(SN)?["contacts"], json!([]));
    assert_eq!(app.ok("link_contact", json!({"name": "银联商务客服", "sn": SN}))?, Value::Null);
    let linked = &app.detail(SN)?["contacts"];
    assert_eq!(linked.as_array().map(Vec::len), Some(1), "{linked}");
    assert_eq!((&linked[0]["name"], &linked[0]["phone"]), (&json!("银联商务客服"), &json!("95534")));
    assert_eq!(app.code("link_contact", json!({"name": "无此人", "sn": SN}))?, "contact_not_found");
    assert_eq!(app.code("link_contact", json!({"name": "银联商务客服", "sn": "NOPE-1"}))?, "terminal_not_found");
    Ok(())
}
