//! Every command of the shell's invoke handler, called over IPC with Tauri's mock runtime against
//! the real core on a real SQLite file: each one once with input it accepts and once with input
//! it refuses (the `{code}` the UI translates by), and the state a write leaves read back through
//! another command. Expected values are written here, from SPEC §2–§3, not computed by the core.

mod common;
use chrono::NaiveDateTime;
use poskeeper::clock::FixedClock;
use poskeeper::i18n::Lang;
use poskeeper_app::notifier::Output;
use poskeeper_app::{run_app, Options};
use serde_json::{json, Value};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use tauri::test::{mock_builder, mock_context, noop_assets, MockRuntime};
use tauri::{App, WebviewWindow, WebviewWindowBuilder};

type TestResult = Result<(), Box<dyn std::error::Error>>;
/// A listed reminder as (key, due date, days left, urgency).
type Row = (String, String, i64, String);

/// Notifications go nowhere here (ipc.rs tests the notifier).
struct Quiet;

impl Output for Quiet {
    fn show(&self, _summary: &str, _body: &str) -> bool {
        true
    }
    fn changed(&self, _due: usize, _lang: Lang) {}
}

struct TestApp {
    _app: App<MockRuntime>,
    window: WebviewWindow<MockRuntime>,
    /// The stand-in for the file dialogs: the path the next pick answers.
    picks: PathBuf,
}

/// Starts the shell on `db` with its clock stopped at `at` (local time, `YYYY-MM-DDTHH:MM:SS`).
fn start(db: &Path, at: &str) -> Result<TestApp, Box<dyn std::error::Error>> {
    let now = NaiveDateTime::parse_from_str(at, "%Y-%m-%dT%H:%M:%S")?;
    let picks = db.with_file_name("test-picks.txt");
    let opts = Options {
        db_path: Some(db.to_path_buf()),
        clock: Arc::new(FixedClock(now)),
        tray: false,
        start_hidden: false,
        test_picks: Some(picks.clone()),
    };
    let app =
        run_app(mock_builder(), opts, |_| Arc::new(Quiet) as Arc<dyn Output>).build(mock_context(noop_assets()))?;
    // The mock runtime never runs the setup hook.
    poskeeper_app::report_closed_database(app.handle());
    poskeeper_app::start_notifier(app.handle(), Arc::new(Quiet));
    let window = WebviewWindowBuilder::new(&app, "main", Default::default()).build()?;
    Ok(TestApp { _app: app, window, picks })
}

impl TestApp {
    /// Invokes a command as the UI does; `Ok` is the JSON answer, `Err` the JSON error.
    fn invoke(&self, cmd: &str, args: Value) -> Result<Value, Value> {
        common::invoke(&self.window, cmd, args)
    }

    fn ok(&self, cmd: &str, args: Value) -> Result<Value, Box<dyn std::error::Error>> {
        self.invoke(cmd, args.clone()).map_err(|e| format!("{cmd} {args} failed: {e}").into())
    }

    /// The error code `cmd` answers with `args`; an error if it succeeded or answered no code.
    fn code(&self, cmd: &str, args: Value) -> Result<String, Box<dyn std::error::Error>> {
        match self.invoke(cmd, args.clone()) {
            Ok(v) => Err(format!("{cmd} {args} was accepted: {v}").into()),
            Err(e) => {
                let msg = e["message"].as_str().unwrap_or_default();
                if msg.is_empty() || msg.contains('\n') {
                    return Err(format!("{cmd} {args}: no one-line message in {e}").into());
                }
                e["code"].as_str().map(str::to_string).ok_or_else(|| format!("{cmd} {args}: no code in {e}").into())
            }
        }
    }

    /// Runs the pick command `cmd` with the user choosing `path` (`None`: the dialog is cancelled).
    fn pick(&self, cmd: &str, args: Value, path: Option<&Path>) -> Result<Value, Box<dyn std::error::Error>> {
        let line = path.map(|p| p.display().to_string()).unwrap_or_default();
        std::fs::write(&self.picks, format!("{line}\n"))?;
        self.ok(cmd, args)
    }

    fn token(&self, cmd: &str, args: Value, path: &Path) -> Result<String, Box<dyn std::error::Error>> {
        let answer = self.pick(cmd, args, Some(path))?;
        Ok(answer["token"].as_str().ok_or_else(|| format!("{cmd}: no token in {answer}"))?.to_string())
    }

    fn detail(&self, sn: &str) -> Result<Value, Box<dyn std::error::Error>> {
        self.ok("terminal_detail", json!({"sn": sn}))
    }

    /// The reminders listed as of `as_of`: (key, due date, days left, urgency) in list order.
    fn agenda(&self, as_of: &str) -> Result<Vec<Row>, Box<dyn std::error::Error>> {
        let page = self.ok("reminders", json!({"asOf": as_of}))?;
        let rows = page["rows"].as_array().ok_or_else(|| format!("no rows: {page}"))?;
        Ok(rows
            .iter()
            .map(|r| {
                let s = |f: &str| r[f].as_str().unwrap_or_default().to_string();
                (s("key"), s("due_on"), r["days_left"].as_i64().unwrap_or(i64::MIN), s("urgency"))
            })
            .collect())
    }

    /// The one listed reminder with `key` as of `as_of` (an error if it is not listed).
    fn reminder(&self, as_of: &str, key: &str) -> Result<Value, Box<dyn std::error::Error>> {
        let page = self.ok("reminders", json!({"asOf": as_of}))?;
        let rows = page["rows"].as_array().cloned().unwrap_or_default();
        rows.into_iter().find(|r| r["key"] == key).ok_or_else(|| format!("{key} not listed on {as_of}: {page}").into())
    }
}

fn row(key: &str, due: &str, days_left: i64, urgency: &str) -> Row {
    (key.to_string(), due.to_string(), days_left, urgency.to_string())
}

/// A fresh database in a temp folder, the shell started on it at 2026-11-22 09:00, in Chinese.
fn fresh() -> Result<(tempfile::TempDir, TestApp), Box<dyn std::error::Error>> {
    let dir = tempfile::tempdir()?;
    let app = start(&dir.path().join("poskeeper.db"), "2026-11-22T09:00:00")?;
    app.ok("set_setting", json!({"key": "language", "value": "zh-CN"}))?;
    Ok((dir, app))
}

const SN: &str = "PAX-A920-0001";
const SN2: &str = "NL-ME31-0002";
/// 20 digits, starts with 89, right check digit; 898600 is China Mobile.
const ICCID: &str = "89860012345678901238";
/// The same with a wrong check digit (a warning, not an error).
const ICCID_BAD_LUHN: &str = "89860012345678901239";

/// Every command `src/lib.rs` registers, each called by a test below.
const COMMANDS: &[&str] = &[
    "app_info",
    "ui_ready",
    "settings",
    "set_setting",
    "load_demo",
    "reminders",
    "acknowledge",
    "snooze",
    "list_terminals",
    "terminal_detail",
    "add_terminal",
    "set_terminal",
    "store_names",
    "check_iccid",
    "add_sim",
    "set_sim",
    "assign_sim",
    "cancel_sim",
    "renew_sim",
    "add_deposit",
    "settle_deposit",
    "add_plans",
    "complete_plan",
    "open_repair",
    "update_repair",
    "close_repair",
    "open_repairs",
    "finished_repairs",
    "contacts",
    "add_contact",
    "link_contact",
    "pick_import_file",
    "pick_export_file",
    "pick_backup_file",
    "import_file",
    "export_file",
    "backups",
    "restore_backup",
    "restore_file",
];

#[test]
fn the_list_here_is_every_command_the_shell_registers() -> TestResult {
    let lib = std::fs::read_to_string(PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("src/lib.rs"))?;
    let start = lib.find("generate_handler![").ok_or("no generate_handler! in src/lib.rs")?;
    let end = start + lib[start..].find(']').ok_or("generate_handler! not closed")?;
    let registered: BTreeSet<&str> = lib[start + "generate_handler![".len()..end]
        .split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .filter_map(|path| path.rsplit("::").next())
        .collect();
    let here: BTreeSet<&str> = COMMANDS.iter().copied().collect();
    assert_eq!(registered, here, "a command was added or removed: test it here and update COMMANDS");
    assert_eq!(here.len(), 39);
    Ok(())
}

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
    Ok(())
}

#[test]
fn sims_add_check_set_assign_renew_and_cancel() -> TestResult {
    let (_dir, app) = fresh()?;
    app.ok("add_terminal", json!({"sn": SN, "patch": {"brand": "PAX", "model": "A920", "store": "朝阳路店"}}))?;
    app.ok("add_terminal", json!({"sn": SN2, "patch": {"brand": "新大陆", "model": "ME31", "store": "望京店"}}))?;

    // check_iccid: never an error; what the form shows while typing.
    assert_eq!(
        app.ok("check_iccid", json!({"iccid": ICCID}))?,
        json!({"valid": true, "luhnOk": true, "suggestedCarrier": "china_mobile"})
    );
    assert_eq!(
        app.ok("check_iccid", json!({"iccid": ICCID_BAD_LUHN}))?,
        json!({"valid": true, "luhnOk": false, "suggestedCarrier": "china_mobile"})
    );
    assert_eq!(
        app.ok("check_iccid", json!({"iccid": "12345"}))?,
        json!({"valid": false, "luhnOk": false, "suggestedCarrier": null})
    );

    // add_sim: a wrong check digit is a warning.
    let added = app.ok(
        "add_sim",
        json!({"iccid": ICCID, "patch": {"expires_on": "2026-12-01", "carrier": "china_mobile"}, "terminalSn": SN}),
    )?;
    assert_eq!(added, json!({"luhnOk": true}));
    assert_eq!(app.ok("add_sim", json!({"iccid": ICCID_BAD_LUHN, "patch": {}}))?, json!({"luhnOk": false}));
    assert_eq!(app.code("add_sim", json!({"iccid": ICCID, "patch": {}}))?, "duplicate_iccid");
    assert_eq!(app.code("add_sim", json!({"iccid": "12345", "patch": {}}))?, "invalid_iccid");
    assert_eq!(
        app.code("add_sim", json!({"iccid": "89860012345678901246", "patch": {}, "terminalSn": "NOPE-1"}))?,
        "terminal_not_found"
    );
    assert_eq!(
        app.code("add_sim", json!({"iccid": "89860012345678901246", "patch": {"form": "liquid"}}))?,
        "invalid_argument"
    );
    let sim = &app.detail(SN)?["sim"];
    assert_eq!(
        (&sim["sim"]["iccid"], &sim["sim"]["expires_on"], &sim["sim"]["status"]),
        (&json!(ICCID), &json!("2026-12-01"), &json!("active"))
    );
    assert_eq!(sim["installs"], json!([{"terminal_sn": SN, "installed_on": "2026-11-22", "removed_on": null}]));
    let key = format!("sim_expiry:{ICCID}");
    assert_eq!(app.agenda("2026-11-22")?, vec![row(&key, "2026-12-01", 9, "upcoming")]);
    let r = app.reminder("2026-11-22", &key)?;
    assert_eq!(r["title"], format!("流量卡到期：PAX A920 · 朝阳路店 · SN {SN} · 卡号 …901238"));
    assert_eq!((&r["terminal_sn"], &r["iccid"]), (&json!(SN), &json!(ICCID)));

    // set_sim: the expiry moves, so does the reminder.
    assert_eq!(
        app.ok("set_sim", json!({"iccid": ICCID, "patch": {"expires_on": "2026-11-24", "plan": "10元/月"}}))?,
        json!(true)
    );
    assert_eq!(app.detail(SN)?["sim"]["sim"]["plan"], "10元/月");
    assert_eq!(app.agenda("2026-11-22")?, vec![row(&key, "2026-11-24", 2, "soon")]);
    assert_eq!(app.code("set_sim", json!({"iccid": "89860012345678901246", "patch": {"plan": "x"}}))?, "sim_not_found");
    assert_eq!(app.code("set_sim", json!({"iccid": ICCID, "patch": {"expires_on": "someday"}}))?, "invalid_argument");

    // assign_sim: it moves to SN2; the history keeps where it sat.
    assert_eq!(app.ok("assign_sim", json!({"iccid": ICCID, "terminalSn": SN2}))?, Value::Null);
    assert_eq!(app.detail(SN)?["sim"], Value::Null);
    let installs = &app.detail(SN2)?["sim"]["installs"];
    let sat: Vec<(Value, Value)> = installs
        .as_array()
        .map(|a| a.iter().map(|i| (i["terminal_sn"].clone(), i["removed_on"].clone())).collect())
        .unwrap_or_default();
    assert_eq!(sat.len(), 2, "{installs}");
    assert!(sat.contains(&(json!(SN), json!("2026-11-22"))), "{installs}");
    assert!(sat.contains(&(json!(SN2), Value::Null)), "{installs}");
    assert_eq!(app.reminder("2026-11-22", &key)?["terminal_sn"], SN2);
    assert_eq!(app.code("assign_sim", json!({"iccid": ICCID, "terminalSn": "NOPE-1"}))?, "terminal_not_found");
    assert_eq!(app.code("assign_sim", json!({"iccid": "89860012345678901246", "terminalSn": SN}))?, "sim_not_found");

    // renew_sim: old and new expiry, the fee in fen, the date paid.
    let renewal =
        app.ok("renew_sim", json!({"iccid": ICCID, "until": "2027-11-24", "fee": 4500, "on": "2026-11-21"}))?;
    assert_eq!(
        (&renewal["renewed_on"], &renewal["old_expires_on"], &renewal["new_expires_on"], &renewal["fee"]),
        (&json!("2026-11-21"), &json!("2026-11-24"), &json!("2027-11-24"), &json!(4500))
    );
    let sim = &app.detail(SN2)?["sim"];
    assert_eq!(sim["sim"]["expires_on"], "2027-11-24");
    assert_eq!(sim["renewals"].as_array().map(Vec::len), Some(1), "{sim}");
    assert_eq!(sim["renewals"][0]["new_expires_on"], "2027-11-24");
    assert_eq!(app.agenda("2026-11-22")?, vec![], "a year away is not in the 30-day lead window");
    assert_eq!(app.agenda("2027-10-25")?, vec![row(&key, "2027-11-24", 30, "upcoming")]);
    assert_eq!(app.code("renew_sim", json!({"iccid": ICCID, "until": "2027-02-29"}))?, "invalid_date");
    assert_eq!(
        app.code("renew_sim", json!({"iccid": ICCID, "until": "2028-01-01", "on": "yesterday"}))?,
        "invalid_date"
    );
    assert_eq!(
        app.code("renew_sim", json!({"iccid": "89860012345678901246", "until": "2028-01-01"}))?,
        "sim_not_found"
    );
    assert_eq!(app.detail(SN2)?["sim"]["sim"]["expires_on"], "2027-11-24", "a refused renewal changes nothing");

    // cancel_sim: never listed again; a cancelled card cannot be put in a terminal.
    assert_eq!(app.ok("cancel_sim", json!({"iccid": ICCID}))?, json!(true));
    assert_eq!(app.detail(SN2)?["sim"]["sim"]["status"], "cancelled");
    assert_eq!(app.agenda("2027-11-30")?.iter().filter(|r| r.0 == key).count(), 0);
    assert_eq!(app.ok("cancel_sim", json!({"iccid": ICCID}))?, json!(false), "already cancelled");
    assert_eq!(app.code("assign_sim", json!({"iccid": ICCID, "terminalSn": SN}))?, "invalid_state");
    assert_eq!(app.code("cancel_sim", json!({"iccid": "89860012345678901246"}))?, "sim_not_found");
    Ok(())
}

#[test]
fn deposits_add_and_settle() -> TestResult {
    let (_dir, app) = fresh()?;
    app.ok("add_terminal", json!({"sn": SN, "patch": {"brand": "PAX", "model": "A920", "store": "朝阳路店"}}))?;
    let deposit =
        json!({"amount": 19900, "deadline": "2026-12-01", "paid_on": "2026-02-01", "condition": "10个月内刷满30万"});
    let id = app.ok("add_deposit", json!({"sn": SN, "deposit": deposit}))?;
    let id = id.as_i64().ok_or_else(|| format!("not an id: {id}"))?;
    let d = &app.detail(SN)?["deposits"];
    assert_eq!(d.as_array().map(Vec::len), Some(1), "{d}");
    assert_eq!(
        (&d[0]["id"], &d[0]["amount"], &d[0]["deadline"], &d[0]["status"], &d[0]["condition"]),
        (&json!(id), &json!(19900), &json!("2026-12-01"), &json!("held"), &json!("10个月内刷满30万"))
    );
    // Listed 14 days ahead (the default lead).
    let key = format!("deposit_deadline:{id}");
    assert_eq!(app.agenda("2026-11-22")?, vec![row(&key, "2026-12-01", 9, "upcoming")]);
    assert_eq!(
        app.reminder("2026-11-22", &key)?["title"],
        format!("押金返还截止 ¥199.00：PAX A920 · 朝阳路店 · SN {SN}")
    );
    assert_eq!(app.agenda("2026-11-16")?, vec![], "15 days ahead is before the lead window");
    assert_eq!(app.code("add_deposit", json!({"sn": "NOPE-1", "deposit": deposit}))?, "terminal_not_found");
    assert_eq!(app.code("add_deposit", json!({"sn": SN, "deposit": {"amount": 19900}}))?, "invalid_argument");
    assert_eq!(
        app.code("add_deposit", json!({"sn": SN, "deposit": {"amount": -1, "deadline": "2026-12-01"}}))?,
        "invalid_money"
    );

    // settle_deposit: refunded on a date; no longer listed.
    assert_eq!(app.code("settle_deposit", json!({"id": id, "status": "stolen"}))?, "invalid_value");
    assert_eq!(
        app.code("settle_deposit", json!({"id": id, "status": "refunded", "on": "2026-11-31"}))?,
        "invalid_date"
    );
    assert_eq!(app.code("settle_deposit", json!({"id": id + 100, "status": "refunded"}))?, "not_found");
    assert_eq!(app.detail(SN)?["deposits"][0]["status"], "held", "refusals change nothing");
    assert_eq!(app.ok("settle_deposit", json!({"id": id, "status": "refunded", "on": "2026-11-20"}))?, Value::Null);
    let d = &app.detail(SN)?["deposits"][0];
    assert_eq!((&d["status"], &d["refunded_on"]), (&json!("refunded"), &json!("2026-11-20")));
    assert_eq!(app.agenda("2026-11-22")?, vec![]);
    assert_eq!(app.code("settle_deposit", json!({"id": id, "status": "forfeited"}))?, "invalid_state");
    Ok(())
}

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

#[test]
fn reminders_acknowledged_and_snoozed() -> TestResult {
    let (_dir, app) = fresh()?;
    app.ok("add_terminal", json!({"sn": SN, "patch": {"brand": "PAX", "model": "A920", "store": "朝阳路店"}}))?;
    app.ok("add_sim", json!({"iccid": ICCID, "patch": {"expires_on": "2026-11-25"}, "terminalSn": SN}))?;
    let key = format!("sim_expiry:{ICCID}");
    let page = app.ok("reminders", json!({}))?;
    assert_eq!((&page["total"], &page["due"]), (&json!(1), &json!(1)));
    assert_eq!(page["counts"], json!({"overdue": 0, "today": 0, "soon": 1, "upcoming": 0}));
    assert_eq!(page["rows"][0]["due_on"], "2026-11-25");
    assert_eq!(app.ok("reminders", json!({"urgency": "today"}))?["total"], 0);
    assert_eq!(app.code("reminders", json!({"urgency": "later"}))?, "invalid_value");
    assert_eq!(app.code("reminders", json!({"asOf": "2026-13-01"}))?, "invalid_date");

    // acknowledge: the urgency as of the date; listed, acknowledged, not due.
    assert_eq!(app.ok("acknowledge", json!({"key": key}))?, json!("soon"));
    let page = app.ok("reminders", json!({}))?;
    assert_eq!((&page["total"], &page["due"], &page["rows"][0]["acknowledged"]), (&json!(1), &json!(0), &json!(true)));
    // On the due day the urgency is "today": no longer acknowledged.
    assert_eq!(app.reminder("2026-11-25", &key)?["acknowledged"], false);
    assert_eq!(app.code("acknowledge", json!({"key": "sim_expiry:89860000000000000000"}))?, "reminder_not_found");
    assert_eq!(app.code("acknowledge", json!({"key": key, "asOf": "22/11/2026"}))?, "invalid_date");

    // snooze: answers the due date it was recorded for; hidden before the snooze date.
    assert_eq!(app.ok("snooze", json!({"key": key, "until": "2026-11-24"}))?, json!("2026-11-25"));
    assert_eq!(app.agenda("2026-11-23")?, vec![]);
    let r = app.reminder("2026-11-24", &key)?;
    assert_eq!((&r["snoozed_until"], &r["days_left"]), (&json!("2026-11-24"), &json!(1)));
    // A renewal moves the due date: the snooze lapses.
    app.ok("renew_sim", json!({"iccid": ICCID, "until": "2026-12-05"}))?;
    let r = app.reminder("2026-11-23", &format!("sim_expiry:{ICCID}"))?;
    assert_eq!((&r["due_on"], &r["snoozed_until"]), (&json!("2026-12-05"), &Value::Null));
    assert_eq!(
        app.code("snooze", json!({"key": "warranty_expiry:NOPE-1", "until": "2026-11-30"}))?,
        "reminder_not_found"
    );
    assert_eq!(app.code("snooze", json!({"key": key, "until": "2026-02-30"}))?, "invalid_date");
    Ok(())
}

#[test]
fn repairs_open_update_close_and_list() -> TestResult {
    let (_dir, app) = fresh()?;
    app.ok(
        "add_terminal",
        json!({"sn": SN, "patch": {"brand": "PAX", "model": "A920", "store": "朝阳路店", "status": "spare"}}),
    )?;
    app.ok("add_terminal", json!({"sn": SN2, "patch": {}}))?;
    let repair = json!({"fault": "printer", "opened_on": "2026-11-10", "ticket_no": "GD2026111001", "agent": "王工"});
    let id = app.ok("open_repair", json!({"sn": SN, "repair": repair}))?;
    assert_eq!(app.detail(SN)?["terminal"]["status"], "in_repair");
    let open = app.ok("open_repairs", json!({}))?;
    assert_eq!(open.as_array().map(Vec::len), Some(1), "{open}");
    assert_eq!(
        (&open[0]["id"], &open[0]["status"], &open[0]["ticket_no"]),
        (&id, &json!("open"), &json!("GD2026111001"))
    );
    // No expected date: due opened_on + 7 = 2026-11-17, lead 0.
    let key = format!("repair_overdue:{id}");
    assert_eq!(app.agenda("2026-11-22")?, vec![row(&key, "2026-11-17", -5, "overdue")]);
    assert_eq!(
        app.reminder("2026-11-22", &key)?["title"],
        format!("维修逾期（打印故障 · 单号 GD2026111001）：PAX A920 · 朝阳路店 · SN {SN}")
    );
    assert_eq!(app.code("open_repair", json!({"sn": "NOPE-1", "repair": repair}))?, "terminal_not_found");
    assert_eq!(
        app.code("open_repair", json!({"sn": SN2, "repair": {"fault": "melted", "opened_on": "2026-11-10"}}))?,
        "invalid_argument"
    );

    let updated = app.ok(
        "update_repair",
        json!({"id": id, "patch": {"status": "diagnosing", "expected_back_on": "2026-11-26",
                                                  "tests_passed": ["receipt_print"]}}),
    )?;
    assert_eq!((&updated["status"], &updated["expected_back_on"]), (&json!("diagnosing"), &json!("2026-11-26")));
    assert_eq!(app.ok("open_repairs", json!({}))?[0]["status"], "diagnosing");
    assert_eq!(app.agenda("2026-11-22")?, vec![], "due 2026-11-26 with lead 0");
    assert_eq!(app.agenda("2026-11-26")?, vec![row(&key, "2026-11-26", 0, "today")]);
    assert_eq!(app.code("update_repair", json!({"id": 999, "patch": {"status": "ready"}}))?, "not_found");
    assert_eq!(app.code("update_repair", json!({"id": id, "patch": {"status": "fixed"}}))?, "invalid_argument");

    // Closing gives the terminal back the status it had before (spare).
    let closed = app.ok(
        "close_repair",
        json!({"id": id, "close": {"closed_on": "2026-11-21", "result": "换打印头", "cost": 8000}}),
    )?;
    assert_eq!(
        (&closed["status"], &closed["closed_on"], &closed["cost"]),
        (&json!("closed"), &json!("2026-11-21"), &json!(8000))
    );
    assert_eq!(app.detail(SN)?["terminal"]["status"], "spare");
    assert_eq!(app.ok("open_repairs", json!({}))?, json!([]));
    let finished = app.ok("finished_repairs", json!({"status": "closed"}))?;
    assert_eq!((&finished[0]["id"], &finished[0]["result"]), (&id, &json!("换打印头")));
    assert_eq!(app.agenda("2026-11-26")?, vec![]);
    assert_eq!(app.code("close_repair", json!({"id": id, "close": {"closed_on": "2026-11-22"}}))?, "invalid_state");
    assert_eq!(app.code("close_repair", json!({"id": 999, "close": {}}))?, "not_found");
    assert_eq!(app.code("finished_repairs", json!({"status": "open"}))?, "invalid_value");
    assert_eq!(app.code("finished_repairs", json!({"status": "gone"}))?, "invalid_argument");
    Ok(())
}

#[test]
fn settings_app_info_ui_ready_and_demo() -> TestResult {
    let (_dir, app) = fresh()?;
    let info = app.ok("app_info", json!({}))?;
    assert_eq!(
        (&info["today"], &info["empty"], &info["language"], &info["dbError"]),
        (&json!("2026-11-22"), &json!(true), &json!("zh-CN"), &Value::Null)
    );
    assert_eq!(app.ok("ui_ready", json!({}))?, Value::Null);

    let s = app.ok("settings", json!({}))?;
    assert_eq!(
        (&s["lead_sim_expiry"], &s["lead_deposit_deadline"], &s["notifications"]),
        (&json!(30), &json!(14), &json!(true))
    );
    assert_eq!(app.ok("set_setting", json!({"key": "lead.sim_expiry", "value": " 10 "}))?, json!("10"));
    assert_eq!(app.ok("set_setting", json!({"key": "quiet_hours", "value": "off"}))?, json!("off"));
    let s = app.ok("settings", json!({}))?;
    assert_eq!((&s["lead_sim_expiry"], &s["quiet_hours"]), (&json!(10), &Value::Null));
    assert_eq!(app.code("set_setting", json!({"key": "volume", "value": "11"}))?, "unknown_setting");
    assert_eq!(app.code("set_setting", json!({"key": "lead.sim_expiry", "value": "soon"}))?, "invalid_setting");
    assert_eq!(app.ok("settings", json!({}))?["lead_sim_expiry"], 10, "a refused value changes nothing");
    // The new lead applies: a SIM 11 days out is not listed, 10 days out is.
    app.ok("add_terminal", json!({"sn": SN, "patch": {}}))?;
    app.ok("add_sim", json!({"iccid": ICCID, "patch": {"expires_on": "2026-12-03"}, "terminalSn": SN}))?;
    assert_eq!(app.agenda("2026-11-22")?, vec![]);
    assert_eq!(app.agenda("2026-11-23")?, vec![row(&format!("sim_expiry:{ICCID}"), "2026-12-03", 10, "upcoming")]);
    assert_eq!(app.ok("app_info", json!({}))?["empty"], false);

    // load_demo: sample data, counted.
    let (_dir2, demo) = fresh()?;
    assert_eq!(demo.code("load_demo", json!({"terminals": 0}))?, "invalid_number");
    assert_eq!(demo.code("load_demo", json!({"terminals": 100001}))?, "invalid_number");
    assert_eq!(demo.ok("list_terminals", json!({"query": {}}))?["total"], 0);
    let summary = demo.ok("load_demo", json!({"terminals": 25}))?;
    assert_eq!(summary["terminals"], 25, "{summary}");
    assert_eq!(demo.ok("list_terminals", json!({"query": {}}))?["total"], 25);
    assert_eq!(demo.ok("app_info", json!({}))?["empty"], false);
    Ok(())
}

#[test]
fn files_picked_imported_exported_backed_up_and_restored() -> TestResult {
    let (dir, app) = fresh()?;
    let sheet = dir.path().join("provider.csv");
    std::fs::write(
        &sheet,
        "序列号,品牌,型号,门店,ICCID,流量卡到期\nIMP-0001,PAX,A920,朝阳路店,89860012345678901238,2026-12-01\nIMP-0002,新大陆,ME31,望京店,,\n",
    )?;
    // pick_import_file: a token and the file's name; cancelled → null.
    let picked = app.pick("pick_import_file", json!({}), Some(&sheet))?;
    assert_eq!(picked["name"], "provider.csv");
    let token = picked["token"].as_str().unwrap_or_default().to_string();
    assert_eq!(app.pick("pick_import_file", json!({}), None)?, Value::Null);

    // import_file: a dry run writes nothing; the import does.
    let dry = app.ok("import_file", json!({"token": token, "dryRun": true, "skipInvalid": false}))?;
    assert_eq!((&dry["rows"], &dry["new"], &dry["committed"]), (&json!(2), &json!(2), &json!(false)));
    assert_eq!(app.ok("list_terminals", json!({"query": {}}))?["total"], 0);
    let done = app.ok("import_file", json!({"token": token, "dryRun": false, "skipInvalid": false}))?;
    assert_eq!(done["committed"], true, "{done}");
    assert_eq!(app.detail("IMP-0002")?["terminal"]["store"], "望京店");
    assert_eq!(app.detail("IMP-0001")?["sim"]["sim"]["expires_on"], "2026-12-01");
    assert_eq!(
        app.code("import_file", json!({"token": "not-a-token", "dryRun": true, "skipInvalid": false}))?,
        "file_not_picked"
    );
    let empty = dir.path().join("empty.csv");
    std::fs::write(&empty, "")?;
    let empty_token = app.token("pick_import_file", json!({}), &empty)?;
    assert_eq!(
        app.code("import_file", json!({"token": empty_token, "dryRun": false, "skipInvalid": false}))?,
        "file_empty"
    );
    let no_sn = dir.path().join("no-sn.csv");
    std::fs::write(&no_sn, "品牌,型号\nPAX,A920\n")?;
    let no_sn_token = app.token("pick_import_file", json!({}), &no_sn)?;
    assert_eq!(
        app.code("import_file", json!({"token": no_sn_token, "dryRun": false, "skipInvalid": false}))?,
        "no_sn_column"
    );
    assert_eq!(app.ok("list_terminals", json!({"query": {}}))?["total"], 2, "refused imports wrote nothing");

    // pick_export_file + export_file: an iCalendar feed of what is due.
    let ics = dir.path().join("agenda.ics");
    let export = app.token("pick_export_file", json!({"format": "ics"}), &ics)?;
    let exported = app.ok("export_file", json!({"token": export}))?;
    assert_eq!(exported["path"], json!(ics.display().to_string()));
    let text = std::fs::read_to_string(&ics)?;
    assert!(text.starts_with("BEGIN:VCALENDAR"), "{text}");
    assert!(text.contains("DTSTART;VALUE=DATE:20261201"), "{text}");
    assert_eq!(app.pick("pick_export_file", json!({"format": "csv"}), None)?, Value::Null);
    assert_eq!(app.code("pick_export_file", json!({"format": "pdf"}))?, "invalid_value");
    assert_eq!(app.code("export_file", json!({"token": token}))?, "file_not_picked", "an import token does not write");

    // backups: the import took one first; restoring it brings back the empty database.
    let listed = app.ok("backups", json!({}))?;
    let names: Vec<&str> =
        listed.as_array().map(|a| a.iter().filter_map(|b| b["name"].as_str()).collect()).unwrap_or_default();
    assert_eq!(names.len(), 1, "{listed}");
    assert!(names[0].contains("before-import"), "{listed}");
    let before_import = names[0].to_string();
    let copy = dir.path().join("copy.db");
    std::fs::copy(poskeeper::files::backup::backups_dir(&dir.path().join("poskeeper.db")).join(&before_import), &copy)?;
    assert_eq!(app.code("restore_backup", json!({"name": "nope.db"}))?, "backup_not_found");
    assert_eq!(app.code("restore_backup", json!({"name": "../poskeeper.db"}))?, "backup_not_found");
    assert_eq!(app.ok("list_terminals", json!({"query": {}}))?["total"], 2);
    assert_eq!(app.ok("restore_backup", json!({"name": before_import}))?, Value::Null);
    assert_eq!(app.ok("list_terminals", json!({"query": {}}))?["total"], 0);
    // The restore kept the replaced file as a backup too.
    assert_eq!(app.ok("backups", json!({}))?.as_array().map(Vec::len), Some(2));

    // pick_backup_file + restore_file: a copy kept elsewhere; a file that is no PosKeeper database is refused.
    let not_a_backup = dir.path().join("notes.db");
    std::fs::write(&not_a_backup, "just text\n".repeat(100))?;
    let bad = app.token("pick_backup_file", json!({}), &not_a_backup)?;
    assert_eq!(app.code("restore_file", json!({"token": bad}))?, "not_poskeeper_db");
    assert_eq!(app.pick("pick_backup_file", json!({}), None)?, Value::Null);
    app.ok("import_file", json!({"token": token, "dryRun": false, "skipInvalid": false}))?;
    assert_eq!(app.ok("list_terminals", json!({"query": {}}))?["total"], 2);
    let good = app.token("pick_backup_file", json!({}), &copy)?;
    assert_eq!(app.ok("restore_file", json!({"token": good}))?, Value::Null);
    assert_eq!(app.ok("list_terminals", json!({"query": {}}))?["total"], 0);
    Ok(())
}

#[test]
fn on_a_file_that_is_no_poskeeper_database_every_database_command_answers_its_code() -> TestResult {
    let dir = tempfile::tempdir()?;
    let db = dir.path().join("poskeeper.db");
    let bytes = "not a database\n".repeat(500).into_bytes();
    std::fs::write(&db, &bytes)?;
    let app = start(&db, "2026-11-22T09:00:00")?;
    // The two that answer the error instead of failing.
    assert_eq!(app.ok("app_info", json!({}))?["dbError"]["code"], "not_poskeeper_db");
    assert_eq!(app.ok("ui_ready", json!({}))?["code"], "not_poskeeper_db");
    let plan = json!({"task": "clean", "interval": {"unit": "days", "n": 30}, "starts_on": "2026-11-01", "mode": "fixed", "lead_days": null});
    for (cmd, args) in [
        ("settings", json!({})),
        ("set_setting", json!({"key": "notifications", "value": "off"})),
        ("load_demo", json!({"terminals": 10})),
        ("reminders", json!({})),
        ("acknowledge", json!({"key": format!("sim_expiry:{ICCID}")})),
        ("snooze", json!({"key": format!("sim_expiry:{ICCID}"), "until": "2026-11-30"})),
        ("list_terminals", json!({"query": {}})),
        ("terminal_detail", json!({"sn": SN})),
        ("add_terminal", json!({"sn": SN, "patch": {}})),
        ("set_terminal", json!({"sn": SN, "patch": {"store": "x"}})),
        ("store_names", json!({})),
        ("add_sim", json!({"iccid": ICCID, "patch": {}})),
        ("set_sim", json!({"iccid": ICCID, "patch": {}})),
        ("assign_sim", json!({"iccid": ICCID, "terminalSn": SN})),
        ("cancel_sim", json!({"iccid": ICCID})),
        ("renew_sim", json!({"iccid": ICCID, "until": "2027-11-22"})),
        ("add_deposit", json!({"sn": SN, "deposit": {"amount": 9900, "deadline": "2026-12-01"}})),
        ("settle_deposit", json!({"id": 1, "status": "refunded"})),
        ("add_plans", json!({"sn": SN, "plan": plan})),
        ("complete_plan", json!({"id": 1})),
        ("open_repair", json!({"sn": SN, "repair": {"fault": "screen", "opened_on": "2026-11-20"}})),
        ("update_repair", json!({"id": 1, "patch": {}})),
        ("close_repair", json!({"id": 1, "close": {}})),
        ("open_repairs", json!({})),
        ("finished_repairs", json!({"status": "closed"})),
        ("contacts", json!({})),
        ("add_contact", json!({"contact": {"name": "银联商务客服"}})),
        ("link_contact", json!({"name": "银联商务客服", "sn": SN})),
    ] {
        assert_eq!(app.code(cmd, args.clone())?, "not_poskeeper_db", "{cmd} {args}");
    }
    // The commands that need no database work; the import and the export need it.
    assert_eq!(app.ok("check_iccid", json!({"iccid": ICCID}))?["valid"], true);
    assert_eq!(app.ok("backups", json!({}))?, json!([]));
    let sheet = dir.path().join("a.csv");
    std::fs::write(&sheet, "SN\nX-1\n")?;
    let token = app.token("pick_import_file", json!({}), &sheet)?;
    assert_eq!(
        app.code("import_file", json!({"token": token, "dryRun": true, "skipInvalid": false}))?,
        "not_poskeeper_db"
    );
    let out = app.token("pick_export_file", json!({"format": "json"}), &dir.path().join("out.json"))?;
    assert_eq!(app.code("export_file", json!({"token": out}))?, "not_poskeeper_db");
    assert!(!dir.path().join("out.json").exists());
    assert_eq!(std::fs::read(&db)?, bytes, "the file was not touched");
    Ok(())
}
