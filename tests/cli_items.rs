//! Entering and reading items through the command line.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;
use common::Db;
use serde_json::Value;

#[test]
fn init_creates_and_reopens_the_same_database() {
    let db = Db::new();
    assert_eq!(db.ok(&["init"]), db.path.display().to_string());
    assert_eq!(db.ok(&["init"]), db.path.display().to_string());
    let conn = rusqlite::Connection::open(&db.path).unwrap();
    let app_id: i64 = conn.query_row("PRAGMA application_id", [], |r| r.get(0)).unwrap();
    let mode: String = conn.query_row("PRAGMA journal_mode", [], |r| r.get(0)).unwrap();
    assert_eq!(app_id, poskeeper::store::APPLICATION_ID);
    assert_eq!(mode, "wal");
}

#[test]
fn poskeeper_db_env_chooses_the_file() {
    let db = Db::new();
    let other = db.dir.path().join("env.db");
    let o = db.cmd().env_remove("POSKEEPER_DB").args(["terminal", "add", "--sn", "X"]).output().unwrap();
    assert!(o.status.success());
    // A POSKEEPER_DB that names no file is refused like a mistyped --db, until `init`.
    let env_cmd = || {
        let mut c = assert_cmd::Command::cargo_bin("poskeeper").unwrap();
        c.env("POSKEEPER_DB", &other);
        c
    };
    let o = env_cmd().args(["terminal", "add", "--sn", "ENV-1"]).output().unwrap();
    assert_eq!(o.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&o.stderr).contains("does not exist"));
    assert!(!other.exists());
    assert!(env_cmd().arg("init").output().unwrap().status.success());
    let o = env_cmd().args(["terminal", "add", "--sn", "ENV-1"]).output().unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let list = assert_cmd::Command::cargo_bin("poskeeper")
        .unwrap()
        .arg("--db")
        .arg(&other)
        .args(["terminal", "list", "--json"])
        .output()
        .unwrap();
    let v: Value = serde_json::from_slice(&list.stdout).unwrap();
    assert_eq!(v[0]["sn"], "ENV-1");
}

#[test]
fn terminal_set_changes_only_what_is_given() {
    let db = Db::new();
    db.ok(&[
        "terminal",
        "add",
        "--sn",
        "NL-ME31-7",
        "--brand",
        "新大陆",
        "--model",
        "ME31",
        "--kind",
        "e_sign",
        "--provider",
        "拉卡拉",
        "--merchant-no",
        "898440153990001",
        "--terminal-no",
        "12345678",
        "--store",
        "浦东广场店",
        "--activated-on",
        "2026-03-05",
        "--warranty-months",
        "12",
        "--notes",
        "柜台左侧",
    ]);
    db.ok(&["terminal", "set", "NL-ME31-7", "--store", "徐汇中心店", "--status", "spare"]);
    let t: Value = serde_json::from_str(&db.ok(&["terminal", "show", "NL-ME31-7", "--json"])).unwrap();
    let t = &t["terminal"];
    assert_eq!(t["store"], "徐汇中心店");
    assert_eq!(t["status"], "spare");
    assert_eq!(t["brand"], "新大陆");
    assert_eq!(t["kind"], "e_sign");
    assert_eq!(t["provider"], "拉卡拉");
    assert_eq!(t["merchant_no"], "898440153990001");
    assert_eq!(t["warranty_until"], "2027-03-05");
    assert_eq!(t["notes"], "柜台左侧");
    // An empty text clears it.
    db.ok(&["terminal", "set", "NL-ME31-7", "--notes", ""]);
    let t: Value = serde_json::from_str(&db.ok(&["terminal", "show", "NL-ME31-7", "--json"])).unwrap();
    assert_eq!(t["terminal"]["notes"], Value::Null);
}

#[test]
fn list_searches_by_sn_iccid_merchant_and_store() {
    let db = Db::new();
    db.ok(&["terminal", "add", "--sn", "PAX-A920-0001", "--store", "朝阳路店", "--merchant-no", "898110000000001"]);
    db.ok(&["terminal", "add", "--sn", "PAX-A920-0002", "--store", "浦东广场店", "--merchant-no", "898220000000002"]);
    db.ok(&["terminal", "add", "--sn", "NL-ME31-0003", "--store", "朝阳大道店", "--status", "spare"]);
    db.ok(&["sim", "add", "--iccid", "89860312345678901234", "--terminal", "NL-ME31-0003"]);
    let sns = |args: &[&str]| -> Vec<String> {
        let mut a = vec!["terminal", "list", "--json"];
        a.extend_from_slice(args);
        let v: Value = serde_json::from_str(&db.ok(&a)).unwrap();
        v.as_array().unwrap().iter().map(|r| r["sn"].as_str().unwrap().to_string()).collect()
    };
    assert_eq!(sns(&["--search", "pax-a920"]), ["PAX-A920-0001", "PAX-A920-0002"]);
    assert_eq!(sns(&["--search", "朝阳"]), ["NL-ME31-0003", "PAX-A920-0001"]);
    assert_eq!(sns(&["--search", "8986031"]), ["NL-ME31-0003"]);
    assert_eq!(sns(&["--search", "89822"]), ["PAX-A920-0002"]);
    assert_eq!(sns(&["--status", "spare"]), ["NL-ME31-0003"]);
    assert_eq!(sns(&["--search", "%"]), Vec::<String>::new());
    assert_eq!(sns(&[]).len(), 3);
}

#[test]
fn terminal_show_has_everything_attached() {
    let db = Db::new();
    db.ok(&["terminal", "add", "--sn", "PAX-1", "--brand", "百富", "--provider", "银联商务"]);
    db.ok(&["contact", "add", "--name", "银联商务", "--kind", "payment_company", "--phone", "95534"]);
    db.ok(&["contact", "add", "--name", "街口维修店", "--kind", "third_party_repair", "--phone", "13800000000"]);
    db.ok(&["contact", "link", "街口维修店", "--terminal", "PAX-1"]);
    db.ok(&["sim", "add", "--iccid", "89860012345678901234", "--terminal", "PAX-1", "--expires-on", "2027-01-01"]);
    db.ok(&["deposit", "add", "PAX-1", "--amount", "299", "--deadline", "2027-06-30", "--target", "300000"]);
    db.ok(&["maintenance", "add", "PAX-1", "--task", "paper", "--every", "2w"]);
    let v: Value = serde_json::from_str(&db.ok(&["terminal", "show", "PAX-1", "--json"])).unwrap();
    assert_eq!(v["sim"]["sim"]["iccid"], "89860012345678901234");
    assert_eq!(v["deposits"][0]["amount"], 29900);
    assert_eq!(v["deposits"][0]["volume_target"], 30000000);
    assert_eq!(v["plans"][0]["plan"]["next_due_on"], "2026-11-22");
    let names: Vec<&str> = v["contacts"].as_array().unwrap().iter().map(|c| c["name"].as_str().unwrap()).collect();
    assert_eq!(names.len(), 2, "{names:?}");
    assert!(names.contains(&"银联商务") && names.contains(&"街口维修店"));
    // The plain view names the hotline.
    assert!(db.ok(&["terminal", "show", "PAX-1"]).contains("95534"));
}

#[test]
fn a_new_card_in_a_terminal_takes_the_old_one_out() {
    let db = Db::new();
    db.ok(&["terminal", "add", "--sn", "T1"]);
    db.ok(&["sim", "add", "--iccid", "89860012345678901234", "--terminal", "T1"]);
    db.ok(&["sim", "add", "--iccid", "89860112345678901234", "--terminal", "T1"]);
    let old: Value = serde_json::from_str(&db.ok(&["sim", "show", "89860012345678901234", "--json"])).unwrap();
    assert_eq!(old["sim"]["terminal_sn"], Value::Null);
    assert_eq!(old["installs"][0]["removed_on"], "2026-11-22");
    let t: Value = serde_json::from_str(&db.ok(&["terminal", "show", "T1", "--json"])).unwrap();
    assert_eq!(t["sim"]["sim"]["iccid"], "89860112345678901234");
}

#[test]
fn demo_writes_realistic_data_around_today() {
    let db = Db::new();
    let o = db.run(&["demo", "--terminals", "300", "--seed", "7"]);
    assert_eq!(o.code, 0, "{}", o.stderr);
    let v: Value = serde_json::from_str(&db.ok(&["terminal", "list", "--json"])).unwrap();
    assert_eq!(v.as_array().unwrap().len(), 300);
    let kinds: std::collections::BTreeSet<String> =
        db.reminders("2026-11-22").iter().map(|r| r["kind"].as_str().unwrap().to_string()).collect();
    for k in ["sim_expiry", "warranty_expiry", "deposit_deadline", "maintenance_due", "repair_overdue"] {
        assert!(kinds.contains(k), "demo data has no {k} reminder around today: {kinds:?}");
    }
    // Same seed, same data; a second demo into a filled database is refused.
    let db2 = Db::new();
    db2.ok(&["demo", "--terminals", "300", "--seed", "7"]);
    assert_eq!(db.ok(&["terminal", "list", "--json"]), db2.ok(&["terminal", "list", "--json"]));
    assert_eq!(db.run(&["demo"]).code, 1);
}

#[test]
fn settings_show_defaults_and_take_changes() {
    let db = Db::new();
    let all = db.ok(&["settings"]);
    assert!(all.contains("lead.sim_expiry = 30"), "{all}");
    assert!(all.contains("quiet_hours = 21:00-08:00"), "{all}");
    assert!(all.contains("language = zh-CN"), "{all}");
    assert_eq!(db.ok(&["settings", "quiet_hours", "off"]), "off");
    assert_eq!(db.ok(&["settings", "quiet_hours"]), "off");
    assert_eq!(db.ok(&["settings", "lead.deposit_deadline", "20"]), "20");
    assert_eq!(db.ok(&["settings", "language", "en"]), "en");
}

#[test]
fn piping_into_head_is_not_an_error() {
    let db = Db::new();
    db.ok(&["demo", "--terminals", "2000"]);
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("poskeeper"))
        .arg("--db")
        .arg(&db.path)
        .args(["terminal", "list"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take()); // the reader goes away at once
    let out = child.wait_with_output().unwrap();
    assert!(!String::from_utf8_lossy(&out.stderr).contains("panicked"));
}
