//! SPEC §3 through the command line: items entered with the CLI, reminders asked for with
//! `reminders --as-of D --json`, before, at and after each boundary.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;
use common::Db;
use serde_json::Value;

const ICCID: &str = "89860012345678901234";

fn with_terminal() -> Db {
    let db = Db::new();
    db.ok(&["init"]);
    db.ok(&["terminal", "add", "--sn", "PAX-A920-0001", "--brand", "百富", "--model", "A920", "--store", "朝阳路店"]);
    db
}

#[test]
fn json_has_exactly_the_spec_fields() {
    let db = with_terminal();
    db.ok(&["sim", "add", "--iccid", ICCID, "--terminal", "PAX-A920-0001", "--expires-on", "2026-12-31"]);
    let r = db.get("2026-12-28", &format!("sim_expiry:{ICCID}")).unwrap();
    let mut fields: Vec<&str> = r.as_object().unwrap().keys().map(String::as_str).collect();
    fields.sort_unstable();
    assert_eq!(
        fields,
        [
            "acknowledged",
            "days_left",
            "due_on",
            "iccid",
            "key",
            "kind",
            "snoozed_until",
            "terminal_sn",
            "title",
            "urgency"
        ]
    );
    assert_eq!(r["kind"], "sim_expiry");
    assert_eq!(r["due_on"], "2026-12-31");
    assert_eq!(r["days_left"], 3);
    assert_eq!(r["urgency"], "soon");
    assert_eq!(r["terminal_sn"], "PAX-A920-0001");
    assert_eq!(r["iccid"], ICCID);
    assert_eq!(r["acknowledged"], false);
    assert_eq!(r["snoozed_until"], Value::Null);
    assert!(r["title"].as_str().unwrap().contains("PAX-A920-0001"));
}

#[test]
fn sim_expiry_boundaries_renewal_and_cancel() {
    let db = with_terminal();
    db.ok(&[
        "sim",
        "add",
        "--iccid",
        ICCID,
        "--terminal",
        "PAX-A920-0001",
        "--expires-on",
        "2026-12-31",
        "--fee",
        "45",
    ]);
    let key = format!("sim_expiry:{ICCID}");
    assert!(db.get("2026-11-30", &key).is_none()); // 31 days: L + 1
    assert_eq!(db.get("2026-12-01", &key).unwrap()["urgency"], "upcoming"); // 30 = L
    assert_eq!(db.get("2026-12-23", &key).unwrap()["urgency"], "upcoming"); // 8
    assert_eq!(db.get("2026-12-24", &key).unwrap()["urgency"], "soon"); // 7
    assert_eq!(db.get("2026-12-31", &key).unwrap()["urgency"], "today");
    let late = db.get("2027-01-01", &key).unwrap();
    assert_eq!((late["urgency"].as_str(), late["days_left"].as_i64()), (Some("overdue"), Some(-1)));
    // A renewal is a new D.
    assert_eq!(
        db.ok(&["sim", "renew", ICCID, "--until", "2027-12-31", "--fee", "48", "--on", "2026-12-20"]),
        "2027-12-31"
    );
    assert!(db.get("2026-12-31", &key).is_none());
    assert_eq!(db.get("2027-12-01", &key).unwrap()["due_on"], "2027-12-31");
    let show: Value = serde_json::from_str(&db.ok(&["sim", "show", ICCID, "--json"])).unwrap();
    assert_eq!(show["renewals"][0]["old_expires_on"], "2026-12-31");
    assert_eq!(show["renewals"][0]["new_expires_on"], "2027-12-31");
    assert_eq!(show["renewals"][0]["fee"], 4800);
    // Cancelled cards are never listed.
    db.ok(&["sim", "cancel", ICCID]);
    assert!(db.get("2028-02-01", &key).is_none());
}

#[test]
fn sim_lead_setting_and_loose_card() {
    let db = with_terminal();
    db.ok(&["sim", "add", "--iccid", ICCID, "--expires-on", "2026-12-31"]);
    let key = format!("sim_expiry:{ICCID}");
    let r = db.get("2026-12-10", &key).unwrap();
    assert_eq!(r["terminal_sn"], Value::Null);
    db.ok(&["settings", "lead.sim_expiry", "45"]);
    assert!(db.get("2026-11-16", &key).is_some()); // 45
    assert!(db.get("2026-11-15", &key).is_none()); // 46
                                                   // Assigning puts it in the terminal and records the history.
    db.ok(&["sim", "assign", ICCID, "--terminal", "PAX-A920-0001"]);
    assert_eq!(db.get("2026-12-10", &key).unwrap()["terminal_sn"], "PAX-A920-0001");
    let show: Value = serde_json::from_str(&db.ok(&["sim", "show", ICCID, "--json"])).unwrap();
    assert_eq!(show["installs"][0]["terminal_sn"], "PAX-A920-0001");
    assert_eq!(show["installs"][0]["installed_on"], "2026-11-22");
}

#[test]
fn warranty_boundaries_months_clamp_and_retired_terminals() {
    let db = with_terminal();
    // Activated Jan 31 + 1 month: clamped to Feb 28.
    db.ok(&["terminal", "set", "PAX-A920-0001", "--activated-on", "2026-01-31", "--warranty-months", "1"]);
    let key = "warranty_expiry:PAX-A920-0001";
    assert!(db.get("2026-01-28", key).is_none()); // 31
    assert_eq!(db.get("2026-01-29", key).unwrap()["due_on"], "2026-02-28"); // 30
    assert_eq!(db.get("2026-03-30", key).unwrap()["days_left"], -30);
    assert!(db.get("2026-03-31", key).is_none()); // -31
    db.ok(&["terminal", "set", "PAX-A920-0001", "--warranty-until", "2026-12-31"]);
    assert_eq!(db.get("2026-12-15", key).unwrap()["due_on"], "2026-12-31");
    for status in ["replaced", "deregistered", "lost"] {
        db.ok(&["terminal", "set", "PAX-A920-0001", "--status", status]);
        assert!(db.get("2026-12-15", key).is_none(), "{status}");
    }
    db.ok(&["terminal", "set", "PAX-A920-0001", "--status", "spare"]);
    assert!(db.get("2026-12-15", key).is_some());
}

#[test]
fn deposit_deadline_boundaries_and_settlement() {
    let db = with_terminal();
    let id = db.ok(&[
        "deposit",
        "add",
        "PAX-A920-0001",
        "--amount",
        "199",
        "--deadline",
        "2026-12-15",
        "--condition",
        "10个月内刷满30万",
    ]);
    assert_eq!(id, "1");
    let key = "deposit_deadline:1";
    assert!(db.get("2026-11-30", key).is_none()); // 15
    assert_eq!(db.get("2026-12-01", key).unwrap()["days_left"], 14);
    assert_eq!(db.get("2026-12-16", key).unwrap()["urgency"], "overdue");
    let id2 = db.ok(&["deposit", "add", "PAX-A920-0001", "--amount", "99", "--deadline", "2026-12-15"]);
    db.ok(&["deposit", "refunded", &id, "--on", "2026-12-10"]);
    db.ok(&["deposit", "forfeited", &id2]);
    assert!(db.keys("2026-12-14").is_empty());
    // Settled deposits cannot be settled again.
    assert_eq!(db.run(&["deposit", "forfeited", &id]).code, 1);
}

#[test]
fn maintenance_from_completion_and_fixed() {
    let db = with_terminal();
    let a = db.ok(&[
        "maintenance",
        "add",
        "PAX-A920-0001",
        "--task",
        "clean",
        "--every",
        "1m",
        "--starts-on",
        "2026-01-31",
    ]);
    let b = db.ok(&[
        "maintenance",
        "add",
        "PAX-A920-0001",
        "--task",
        "换打印纸",
        "--every",
        "1m",
        "--starts-on",
        "2026-01-31",
        "--mode",
        "fixed",
    ]);
    let (ka, kb) = (format!("maintenance_due:{a}"), format!("maintenance_due:{b}"));
    // Never done: starts_on, lead 3.
    assert!(db.get("2026-01-27", &ka).is_none());
    assert_eq!(db.get("2026-01-28", &ka).unwrap()["days_left"], 3);
    // Done Jan 30: from_completion → Feb 28 (clamped); fixed → the Feb 28 occurrence.
    assert_eq!(db.ok(&["maintenance", "done", &a, "--on", "2026-01-30"]), "2026-02-28");
    assert_eq!(db.ok(&["maintenance", "done", &b, "--on", "2026-01-30"]), "2026-02-28");
    // Done Feb 26 (inside the Feb 28 lead window): fixed counts it for Feb 28 → Mar 31.
    assert_eq!(db.ok(&["maintenance", "done", &b, "--on", "2026-02-26"]), "2026-03-31");
    assert_eq!(db.ok(&["maintenance", "done", &a, "--on", "2026-02-26"]), "2026-03-26");
    assert_eq!(db.get("2026-03-28", &kb).unwrap()["due_on"], "2026-03-31");
    assert_eq!(db.get("2026-03-28", &ka).unwrap()["urgency"], "overdue");
    // Only terminals in use or spare get maintenance reminders.
    db.ok(&["terminal", "set", "PAX-A920-0001", "--status", "lost"]);
    assert!(db.get("2026-03-28", &ka).is_none());
}

#[test]
fn maintenance_all_creates_one_plan_per_active_terminal() {
    let db = with_terminal();
    db.ok(&["terminal", "add", "--sn", "T2", "--status", "spare"]);
    db.ok(&["terminal", "add", "--sn", "T3", "--status", "deregistered"]);
    let ids = db.ok(&[
        "maintenance",
        "add",
        "--all",
        "--task",
        "software_update",
        "--every",
        "2w",
        "--starts-on",
        "2026-12-01",
    ]);
    assert_eq!(ids.lines().count(), 2, "{ids}");
    assert_eq!(db.keys("2026-12-01").len(), 2);
}

#[test]
fn repair_overdue_and_close_and_replace() {
    let db = with_terminal();
    db.ok(&["contact", "add", "--name", "银联商务", "--kind", "payment_company", "--phone", "95534"]);
    let id = db.ok(&[
        "repair",
        "open",
        "PAX-A920-0001",
        "--fault",
        "printer",
        "--opened-on",
        "2026-12-01",
        "--ticket-no",
        "WX123",
        "--agent",
        "王工",
        "--contact",
        "银联商务",
        "--channel",
        "send_in",
    ]);
    let key = format!("repair_overdue:{id}");
    // opened_on + 7, lead 0.
    assert!(db.get("2026-12-07", &key).is_none());
    assert_eq!(db.get("2026-12-08", &key).unwrap()["urgency"], "today");
    db.ok(&[
        "repair",
        "update",
        &id,
        "--expected-back",
        "2026-12-20",
        "--status",
        "in_repair",
        "--doc",
        "business_licence",
    ]);
    assert!(db.get("2026-12-19", &key).is_none());
    assert_eq!(db.get("2026-12-21", &key).unwrap()["days_left"], -1);
    let show: Value = serde_json::from_str(&db.ok(&["terminal", "show", "PAX-A920-0001", "--json"])).unwrap();
    assert_eq!(show["terminal"]["status"], "in_repair");
    assert_eq!(show["repairs"][0]["contact"], "银联商务");
    // Replaced: the old terminal is marked replaced and linked to the new one (a spare: a terminal
    // in use cannot replace another).
    db.ok(&["terminal", "add", "--sn", "PAX-A920-0002", "--status", "spare", "--warranty-until", "2027-12-31"]);
    db.ok(&["terminal", "set", "PAX-A920-0001", "--warranty-until", "2026-12-31"]);
    db.ok(&["repair", "close", &id, "--on", "2026-12-22", "--replaced-by", "PAX-A920-0002"]);
    assert!(db.get("2026-12-25", &key).is_none());
    assert!(db.get("2026-12-25", "warranty_expiry:PAX-A920-0001").is_none());
    let show: Value = serde_json::from_str(&db.ok(&["terminal", "show", "PAX-A920-0001", "--json"])).unwrap();
    assert_eq!(show["terminal"]["status"], "replaced");
    assert_eq!(show["terminal"]["replaced_by"], "PAX-A920-0002");
    assert_eq!(show["repairs"][0]["status"], "replaced");
    assert_eq!(show["repairs"][0]["deregistration"].as_array().unwrap().len(), 5);
    let new: Value = serde_json::from_str(&db.ok(&["terminal", "show", "PAX-A920-0002", "--json"])).unwrap();
    assert_eq!(new["terminal"]["status"], "in_use");
    // The deregistration steps are ticked after the ticket is finished; nothing else changes.
    db.ok(&["repair", "update", &id, "--dereg", "deregister_with_provider"]);
    let r: Value = serde_json::from_str(&db.ok(&["repair", "show", &id, "--json"])).unwrap();
    let ticked: Vec<&str> = r["deregistration"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["done"] == true)
        .map(|c| c["item"].as_str().unwrap())
        .collect();
    assert_eq!(ticked, ["deregister_with_provider"]);
    assert_eq!(db.run(&["repair", "update", &id, "--agent", "x"]).code, 1);
}

#[test]
fn repair_closed_restores_terminal_and_renews_warranty() {
    let db = with_terminal();
    let id = db.ok(&["repair", "open", "PAX-A920-0001", "--fault", "no_power", "--opened-on", "2026-12-01"]);
    db.ok(&["repair", "close", &id, "--on", "2026-12-05", "--warranty-until", "2027-06-05", "--result", "换电池"]);
    let show: Value = serde_json::from_str(&db.ok(&["terminal", "show", "PAX-A920-0001", "--json"])).unwrap();
    assert_eq!(show["terminal"]["status"], "in_use");
    assert_eq!(show["terminal"]["warranty_until"], "2027-06-05");
    assert_eq!(show["repairs"][0]["status"], "closed");
    assert!(db.keys("2026-12-30").is_empty());
    assert_eq!(db.run(&["repair", "update", &id, "--agent", "x"]).code, 1);
}

#[test]
fn snooze_and_acknowledge() {
    let db = with_terminal();
    db.ok(&["sim", "add", "--iccid", ICCID, "--terminal", "PAX-A920-0001", "--expires-on", "2026-12-31"]);
    let key = format!("sim_expiry:{ICCID}");
    db.ok(&["snooze", &key, "--until", "2026-12-20"]);
    assert!(db.get("2026-12-19", &key).is_none());
    assert_eq!(db.get("2026-12-20", &key).unwrap()["snoozed_until"], "2026-12-20");
    // Acknowledged while the urgency stays "soon", not once it is "today".
    assert_eq!(db.ok(&["ack", &key, "--as-of", "2026-12-24"]), "soon");
    assert_eq!(db.get("2026-12-25", &key).unwrap()["acknowledged"], true);
    assert_eq!(db.get("2026-12-31", &key).unwrap()["acknowledged"], false);
    // A renewal moves D: snooze and acknowledgement lapse.
    db.ok(&["sim", "renew", ICCID, "--until", "2027-01-10"]);
    let r = db.get("2026-12-25", &key).unwrap();
    assert_eq!((r["acknowledged"].as_bool(), r["snoozed_until"].clone()), (Some(false), Value::Null));
    // Unknown keys are an error.
    assert_eq!(db.run(&["ack", "sim_expiry:89860000000000000000", "--as-of", "2026-12-24"]).code, 1);
    assert_eq!(db.run(&["snooze", "nonsense", "--until", "2026-12-24"]).code, 1);
}

#[test]
fn list_order_is_due_kind_key() {
    let db = with_terminal();
    db.ok(&["terminal", "set", "PAX-A920-0001", "--warranty-until", "2026-12-20"]);
    db.ok(&["sim", "add", "--iccid", ICCID, "--terminal", "PAX-A920-0001", "--expires-on", "2026-12-20"]);
    db.ok(&["deposit", "add", "PAX-A920-0001", "--amount", "99", "--deadline", "2026-12-20"]);
    db.ok(&["deposit", "add", "PAX-A920-0001", "--amount", "99", "--deadline", "2026-12-10"]);
    assert_eq!(
        db.keys("2026-12-15"),
        ["deposit_deadline:2", "deposit_deadline:1", &format!("sim_expiry:{ICCID}"), "warranty_expiry:PAX-A920-0001"]
    );
}
