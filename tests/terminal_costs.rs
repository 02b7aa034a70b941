//! A terminal's costs so far (issue 12): the SIM renewals recorded while a card was in it, its
//! repairs' costs and the deposits kept — as `terminal show --json` and the detail screen give
//! them. Every figure written out here.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::Db;
use serde_json::{json, Value};

const A: &str = "89860012345678901238";

#[test]
fn renewals_count_for_the_terminal_the_card_was_in_with_repairs_and_kept_deposits() {
    let db = Db::new();
    db.ok(&["terminal", "add", "--sn", "T-1"]);
    db.ok(&["terminal", "add", "--sn", "T-2"]);
    db.ok(&[
        "sim",
        "add",
        "--iccid",
        A,
        "--terminal",
        "T-1",
        "--activated-on",
        "2026-01-01",
        "--expires-on",
        "2026-12-31",
    ]);
    db.ok(&["sim", "renew", A, "--until", "2027-12-31", "--fee", "45", "--on", "2026-11-01"]);
    // The card moves to T-2; its next renewal is T-2's.
    db.ok(&["sim", "assign", A, "--terminal", "T-2"]);
    db.ok(&["sim", "renew", A, "--until", "2028-12-31", "--fee", "48.5", "--on", "2026-11-22"]);
    let ticket = db.ok(&["repair", "open", "T-1", "--fault", "printer", "--opened-on", "2026-11-02"]);
    db.ok(&["repair", "close", &ticket, "--on", "2026-11-10", "--cost", "120"]);
    let kept = db.ok(&["deposit", "add", "T-1", "--amount", "199", "--deadline", "2026-11-20"]);
    db.ok(&["deposit", "forfeited", &kept]);
    db.ok(&["deposit", "add", "T-1", "--amount", "99", "--deadline", "2027-11-20"]); // held: not a cost

    let costs = |sn: &str| -> Value {
        let shown: Value = serde_json::from_str(&db.ok(&["terminal", "show", sn, "--json"])).unwrap();
        shown["costs"].clone()
    };
    assert_eq!(costs("T-1"), json!({"sim_fees": 4500, "repairs": 12000, "forfeited": 19900, "total": 36400}));
    assert_eq!(costs("T-2"), json!({"sim_fees": 4850, "repairs": 0, "forfeited": 0, "total": 4850}));
}
