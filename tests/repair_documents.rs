//! The documents a new repair ticket asks for (SPEC §1): none that no longer exists. The account
//! permit (开户许可证) was abolished in 2019; a ticket opened before still shows and ticks it.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use poskeeper::domain::{check_item_label, NewRepair, RepairPatch, TerminalPatch};
use poskeeper::i18n::Lang;
use poskeeper::{Error, Store};

fn store_with_ticket() -> (tempfile::TempDir, Store, i64) {
    let dir = tempfile::tempdir().unwrap();
    let mut s = Store::create(dir.path().join("docs.db")).unwrap();
    s.add_terminal("PAX-0001", &TerminalPatch::default()).unwrap();
    let n: NewRepair =
        serde_json::from_value(serde_json::json!({"fault": "printer", "opened_on": "2026-11-20"})).unwrap();
    let id = s.open_repair("PAX-0001", &n).unwrap();
    (dir, s, id)
}

fn items(s: &Store, id: i64) -> Vec<(String, bool)> {
    s.repair(id).unwrap().documents.into_iter().map(|c| (c.item, c.done)).collect()
}

#[test]
fn a_new_ticket_asks_for_the_licence_id_and_warranty_papers_only() {
    let (_d, s, id) = store_with_ticket();
    let want = ["business_licence", "id_card", "purchase_proof", "warranty_card"];
    assert_eq!(items(&s, id), want.iter().map(|w| (w.to_string(), false)).collect::<Vec<_>>());
    let zh: Vec<&str> = want.iter().map(|w| check_item_label(w, Lang::ZhCn)).collect();
    assert_eq!(zh, ["营业执照", "法人/经营者身份证", "购机凭证", "保修卡"]);
}

#[test]
fn the_account_permit_cannot_be_ticked_on_a_new_ticket() {
    let (_d, mut s, id) = store_with_ticket();
    let patch = RepairPatch { documents_done: vec!["account_permit".into()], ..RepairPatch::default() };
    match s.update_repair(id, &patch) {
        Err(Error::InvalidValue { field, allowed, .. }) => {
            assert_eq!(field, "document");
            assert_eq!(allowed, "business_licence, id_card, purchase_proof, warranty_card");
        }
        other => panic!("expected a refusal, got {other:?}"),
    }
}

#[test]
fn a_ticket_opened_before_keeps_its_account_permit_item() {
    let (d, mut s, id) = store_with_ticket();
    // A ticket written by an earlier version: its list is stored with the ticket.
    let old = r#"[{"item":"business_licence","done":false},{"item":"account_permit","done":false}]"#;
    let conn = rusqlite::Connection::open(d.path().join("docs.db")).unwrap();
    conn.execute("UPDATE repairs SET documents = ?1 WHERE id = ?2", rusqlite::params![old, id]).unwrap();
    drop(conn);
    let patch = RepairPatch { documents_done: vec!["account_permit".into()], ..RepairPatch::default() };
    s.update_repair(id, &patch).unwrap();
    assert_eq!(items(&s, id), [("business_licence".to_string(), false), ("account_permit".to_string(), true)]);
    assert_eq!(check_item_label("account_permit", Lang::ZhCn), "开户许可证");
}
