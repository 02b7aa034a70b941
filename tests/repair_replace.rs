//! Replacing a terminal by closing its repair ticket as `replaced` (SPEC §2): the new terminal is
//! created from a new SN or taken from the spares, takes the old one's provider, numbers and store,
//! the SIM card moves or is cancelled, the old one ends `replaced` — and every refusal writes nothing.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use chrono::NaiveDate;
use common::Db;
use poskeeper::domain::{
    NewRepair, RepairClose, RepairStatus, SimFate, SimPatch, SimStatus, TerminalPatch, TerminalStatus,
};
use poskeeper::error::ReplaceProblem;
use poskeeper::{Error, Store};

const ICCID: &str = "89860012345678901234";
const OTHER_ICCID: &str = "89860099999999999990";

fn day(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

/// A database with terminal OLD-1 (provider, numbers, store, SIM card) under repair, and a spare.
fn setup() -> (Db, Store, i64) {
    let db = Db::new();
    let mut s = Store::open(&db.path).unwrap();
    let old = TerminalPatch {
        brand: Some("百富".into()),
        provider: Some("拉卡拉".into()),
        merchant_no: Some("822100058120001".into()),
        terminal_no: Some("50012345".into()),
        store: Some("朝阳门店".into()),
        ..TerminalPatch::default()
    };
    s.add_terminal("OLD-1", &old).unwrap();
    s.add_terminal(
        "SPARE-1",
        &TerminalPatch {
            status: Some(TerminalStatus::Spare),
            brand: Some("新大陆".into()),
            ..TerminalPatch::default()
        },
    )
    .unwrap();
    s.add_sim(
        ICCID,
        &SimPatch { expires_on: Some(day("2027-03-01")), ..SimPatch::default() },
        Some("OLD-1"),
        day("2026-01-05"),
    )
    .unwrap();
    let n: NewRepair =
        serde_json::from_value(serde_json::json!({"fault": "no_power", "opened_on": "2026-11-01"})).unwrap();
    let id = s.open_repair("OLD-1", &n).unwrap();
    (db, s, id)
}

fn replace(new_sn: &str, inherit: bool, sim: Option<SimFate>) -> RepairClose {
    RepairClose {
        replaced_by: Some(new_sn.into()),
        closed_on: Some(day("2026-11-20")),
        inherit,
        sim,
        ..RepairClose::default()
    }
}

#[test]
fn a_new_sn_creates_the_terminal_with_the_old_ones_details_and_sim() {
    let (_db, mut s, id) = setup();
    let r = s.close_repair(id, &replace("NEW-9", true, Some(SimFate::Move)), day("2026-11-22")).unwrap();
    assert_eq!(r.status, RepairStatus::Replaced);
    assert_eq!(r.replaced_by.as_deref(), Some("NEW-9"));
    assert_eq!(r.terminal_store.as_deref(), Some("朝阳门店"));

    let new = s.terminal_detail("NEW-9").unwrap();
    assert_eq!(new.terminal.status, TerminalStatus::InUse);
    assert_eq!(new.terminal.provider.as_deref(), Some("拉卡拉"));
    assert_eq!(new.terminal.merchant_no.as_deref(), Some("822100058120001"));
    assert_eq!(new.terminal.terminal_no.as_deref(), Some("50012345"));
    assert_eq!(new.terminal.store.as_deref(), Some("朝阳门店"));
    // Only those four: the brand is the new device's own.
    assert_eq!(new.terminal.brand, None);
    let sim = new.sim.expect("the SIM card moved");
    assert_eq!(sim.sim.iccid, ICCID);
    assert_eq!(sim.sim.status, SimStatus::Active);
    let stays: Vec<_> = sim.installs.iter().map(|i| (i.terminal_sn.as_str(), i.removed_on)).collect();
    assert!(stays.contains(&("OLD-1", Some(day("2026-11-20")))), "{stays:?}");
    assert!(stays.contains(&("NEW-9", None)), "{stays:?}");

    let old = s.terminal_detail("OLD-1").unwrap();
    assert_eq!(old.terminal.status, TerminalStatus::Replaced);
    assert_eq!(old.terminal.replaced_by.as_deref(), Some("NEW-9"));
    assert!(old.sim.is_none());
    // The SIM step is ticked because it was done; the others wait.
    let done: Vec<_> = r.deregistration.iter().filter(|c| c.done).map(|c| c.item.as_str()).collect();
    assert_eq!(done, ["move_or_cancel_sim"]);
}

#[test]
fn a_spare_terminal_is_put_in_use_and_takes_the_details_over_its_own() {
    let (_db, mut s, id) = setup();
    s.set_terminal("SPARE-1", &TerminalPatch { provider: Some("银联商务".into()), ..TerminalPatch::default() })
        .unwrap();
    let mut c = replace("spare-1", true, None);
    c.deregistration_done = vec!["settle_pending".into(), "return_old_device".into()];
    let r = s.close_repair(id, &c, day("2026-11-22")).unwrap();
    assert_eq!(r.replaced_by.as_deref(), Some("SPARE-1"));
    let new = s.terminal("SPARE-1").unwrap();
    assert_eq!(new.status, TerminalStatus::InUse);
    assert_eq!(new.provider.as_deref(), Some("拉卡拉"));
    assert_eq!(new.store.as_deref(), Some("朝阳门店"));
    assert_eq!(new.brand.as_deref(), Some("新大陆"));
    // No SIM choice: the card stays in the old terminal.
    assert_eq!(s.sim(ICCID).unwrap().sim.terminal_sn.as_deref(), Some("OLD-1"));
    let done: Vec<_> = r.deregistration.iter().filter(|c| c.done).map(|c| c.item.as_str()).collect();
    assert_eq!(done, ["settle_pending", "return_old_device"]);
}

#[test]
fn without_inherit_the_new_terminal_gets_only_its_sn() {
    let (_db, mut s, id) = setup();
    s.close_repair(id, &replace("NEW-9", false, None), day("2026-11-22")).unwrap();
    let new = s.terminal("NEW-9").unwrap();
    assert_eq!((new.provider, new.merchant_no, new.terminal_no, new.store), (None, None, None, None));
    assert_eq!(new.status, TerminalStatus::InUse);
}

#[test]
fn cancelling_the_sim_keeps_it_in_the_old_terminal_cancelled() {
    let (_db, mut s, id) = setup();
    let r = s.close_repair(id, &replace("NEW-9", true, Some(SimFate::Cancel)), day("2026-11-22")).unwrap();
    let sim = s.sim(ICCID).unwrap().sim;
    assert_eq!(sim.status, SimStatus::Cancelled);
    assert_eq!(sim.terminal_sn.as_deref(), Some("OLD-1"));
    assert!(s.terminal_detail("NEW-9").unwrap().sim.is_none());
    assert!(r.deregistration.iter().any(|c| c.item == "move_or_cancel_sim" && c.done));
}

/// Each refusal: the typed error, and not one byte of the database changed.
fn refused(db: &Db, s: &mut Store, id: i64, c: &RepairClose) -> Error {
    let before = db.dump();
    let e = s.close_repair(id, c, day("2026-11-22")).expect_err("refused");
    assert_eq!(db.dump(), before, "a refused replacement wrote something: {e}");
    assert_eq!(s.repair(id).unwrap().status, RepairStatus::Open);
    e
}

#[test]
fn the_same_sn_is_refused() {
    let (db, mut s, id) = setup();
    let e = refused(&db, &mut s, id, &replace(" old-1 ", true, Some(SimFate::Move)));
    assert!(matches!(e, Error::Replacement(ReplaceProblem::SameSn(ref sn)) if sn == "OLD-1"), "{e:?}");
    assert_eq!(e.code(), "replacement_same_sn");
}

#[test]
fn a_terminal_in_use_or_retired_is_refused() {
    let (db, mut s, id) = setup();
    s.add_terminal("BUSY-1", &TerminalPatch::default()).unwrap();
    let e = refused(&db, &mut s, id, &replace("BUSY-1", true, Some(SimFate::Move)));
    assert!(matches!(e, Error::Replacement(ReplaceProblem::NewInUse { status: "in_use", .. })), "{e:?}");
    assert!(e.message(poskeeper::i18n::Lang::ZhCn).contains("使用中"));

    s.add_terminal("GONE-1", &TerminalPatch { status: Some(TerminalStatus::Lost), ..TerminalPatch::default() })
        .unwrap();
    let e = refused(&db, &mut s, id, &replace("GONE-1", false, None));
    assert_eq!(e.code(), "replacement_retired");
}

#[test]
fn a_new_terminal_holding_a_sim_does_not_take_the_old_one() {
    let (db, mut s, id) = setup();
    s.add_sim(OTHER_ICCID, &SimPatch::default(), Some("SPARE-1"), day("2026-02-01")).unwrap();
    let e = refused(&db, &mut s, id, &replace("SPARE-1", true, Some(SimFate::Move)));
    assert!(
        matches!(e, Error::Replacement(ReplaceProblem::NewHasSim { ref iccid, .. }) if iccid == OTHER_ICCID),
        "{e:?}"
    );
    // Cancelling the old card instead is fine.
    s.close_repair(id, &replace("SPARE-1", true, Some(SimFate::Cancel)), day("2026-11-22")).unwrap();
    assert_eq!(s.sim(OTHER_ICCID).unwrap().sim.terminal_sn.as_deref(), Some("SPARE-1"));
}

#[test]
fn a_sim_choice_without_a_sim_a_ticked_sim_step_without_a_choice_and_extras_on_a_fix_are_refused() {
    let (db, mut s, id) = setup();
    let mut c = replace("NEW-9", true, None);
    c.deregistration_done = vec!["move_or_cancel_sim".into()];
    let e = refused(&db, &mut s, id, &c);
    assert!(matches!(e, Error::Replacement(ReplaceProblem::SimChoiceNeeded(ref i)) if i == ICCID), "{e:?}");

    let mut c = replace("NEW-9", true, None);
    c.deregistration_done = vec!["no_such_step".into()];
    assert!(matches!(refused(&db, &mut s, id, &c), Error::InvalidValue { field: "step", .. }));

    let fixed = RepairClose { inherit: true, ..RepairClose::default() };
    assert_eq!(refused(&db, &mut s, id, &fixed).code(), "replacement_needs_new");
    let fixed = RepairClose { sim: Some(SimFate::Cancel), ..RepairClose::default() };
    assert_eq!(refused(&db, &mut s, id, &fixed).code(), "replacement_needs_new");

    // An invalid new SN is refused as one, before anything is created.
    assert_eq!(refused(&db, &mut s, id, &replace("NEW\n9", true, None)).code(), "invalid_sn");

    // Without a SIM card in the old terminal, there is nothing to move.
    let (db, mut s, _) = setup();
    s.add_terminal("BARE-1", &TerminalPatch::default()).unwrap();
    let n: NewRepair =
        serde_json::from_value(serde_json::json!({"fault": "screen", "opened_on": "2026-11-02"})).unwrap();
    let bare = s.open_repair("BARE-1", &n).unwrap();
    let e = refused(&db, &mut s, bare, &replace("NEW-9", true, Some(SimFate::Move)));
    assert!(matches!(e, Error::Replacement(ReplaceProblem::NoSim(ref sn)) if sn == "BARE-1"), "{e:?}");
}

#[test]
fn the_cli_replaces_with_inherit_and_sim() {
    let (db, s, id) = setup();
    drop(s);
    let out = db.run(&[
        "repair",
        "close",
        &id.to_string(),
        "--replaced-by",
        "NEW-9",
        "--inherit",
        "--sim",
        "move",
        "--dereg",
        "settle_pending",
    ]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    // Only the steps left are listed as to do.
    assert!(out.stderr.contains("Return the old device") && !out.stderr.contains("Move or cancel"), "{}", out.stderr);
    let shown: serde_json::Value = serde_json::from_str(&db.ok(&["terminal", "show", "NEW-9", "--json"])).unwrap();
    let text = shown.to_string();
    for want in ["拉卡拉", "822100058120001", "50012345", "朝阳门店", ICCID] {
        assert!(text.contains(want), "{want} missing from {text}");
    }
    let bad = db.run(&["repair", "close", &id.to_string(), "--replaced-by", "NEW-8", "--sim", "keep"]);
    assert_eq!(bad.code, 1, "{}", bad.stderr);
}
