//! The shell's commands through Tauri's IPC with the mock runtime: what the UI sends and gets back,
//! errors as `{code, message}`, the page caps, the database guard, and the notifier end to end
//! (with a recorder in place of the OS notification service).

mod common;
use chrono::NaiveDateTime;
use poskeeper::clock::FixedClock;
use poskeeper::i18n::Lang;
use poskeeper_app::notifier::Output;
use poskeeper_app::{run_app, Options};
use serde_json::{json, Value};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use tauri::test::{mock_builder, mock_context, noop_assets, MockRuntime};
use tauri::{App, WebviewWindow, WebviewWindowBuilder};

type TestResult = Result<(), Box<dyn std::error::Error>>;

#[derive(Default)]
struct Recorder {
    shown: Mutex<Vec<(String, String)>>,
    changed: Mutex<Vec<usize>>,
    /// How many of the next notifications the "OS" refuses (no notification service running).
    refuse: AtomicUsize,
    refused: AtomicUsize,
    /// The codes of the checks that could not be made, as the notifier reported them.
    failed: Mutex<Vec<String>>,
}

impl Output for Recorder {
    fn show(&self, summary: &str, body: &str) -> bool {
        if self.refuse.fetch_update(Ordering::SeqCst, Ordering::SeqCst, |n| n.checked_sub(1)).is_ok() {
            self.refused.fetch_add(1, Ordering::SeqCst);
            return false;
        }
        if let Ok(mut v) = self.shown.lock() {
            v.push((summary.to_string(), body.to_string()));
        }
        true
    }
    fn changed(&self, due: usize, _lang: Lang) {
        if let Ok(mut v) = self.changed.lock() {
            v.push(due);
        }
    }
    fn failed(&self, error: &poskeeper_app::error::ApiError) {
        if let Ok(mut v) = self.failed.lock() {
            v.push(error.code.clone());
        }
    }
}

impl Recorder {
    fn shown(&self) -> Vec<(String, String)> {
        self.shown.lock().map(|v| v.clone()).unwrap_or_default()
    }
    fn checks(&self) -> usize {
        self.changed.lock().map(|v| v.len()).unwrap_or(0)
    }
    fn failures(&self) -> Vec<String> {
        self.failed.lock().map(|v| v.clone()).unwrap_or_default()
    }
}

struct TestApp {
    _app: App<MockRuntime>,
    window: WebviewWindow<MockRuntime>,
    rec: Arc<Recorder>,
    /// The stand-in for the file dialogs: the paths the next picks answer, one a line.
    picks: PathBuf,
}

fn now(s: &str) -> NaiveDateTime {
    NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M:%S").unwrap_or_default()
}

fn start(db: &Path, at: &str) -> Result<TestApp, Box<dyn std::error::Error>> {
    let rec = Arc::new(Recorder::default());
    let out = Arc::clone(&rec);
    let picks = db.with_file_name("test-picks.txt");
    let opts = Options {
        db_path: Some(db.to_path_buf()),
        clock: Arc::new(FixedClock(now(at))),
        tray: false,
        start_hidden: false,
        test_picks: Some(picks.clone()),
    };
    let app = run_app(mock_builder(), opts, |_| Arc::new(Recorder::default()) as Arc<dyn Output>)
        .build(mock_context(noop_assets()))?;
    // The mock runtime never runs the event loop, so the setup hook does not run: start the
    // notifier here, with the recorder, and connect the damaged-database event.
    poskeeper_app::report_closed_database(app.handle());
    poskeeper_app::start_notifier(app.handle(), out);
    let window = WebviewWindowBuilder::new(&app, "main", Default::default()).build()?;
    Ok(TestApp { _app: app, window, rec, picks })
}

impl TestApp {
    /// Invokes a command as the UI does; `Ok` is the JSON answer, `Err` the JSON error.
    fn invoke(&self, cmd: &str, args: Value) -> Result<Value, Value> {
        common::invoke(&self.window, cmd, args)
    }

    fn ok(&self, cmd: &str, args: Value) -> Result<Value, Box<dyn std::error::Error>> {
        self.invoke(cmd, args).map_err(|e| format!("{cmd} failed: {e}").into())
    }

    /// Runs the pick command `cmd` with the user choosing `path` in its dialog (`None`: the user
    /// cancels); returns its answer.
    fn pick(&self, cmd: &str, args: Value, path: Option<&Path>) -> Result<Value, Box<dyn std::error::Error>> {
        let line = path.map(|p| p.display().to_string()).unwrap_or_default();
        std::fs::write(&self.picks, format!("{line}\n"))?;
        self.ok(cmd, args)
    }

    /// The token of `path` picked with `cmd`.
    fn picked(&self, cmd: &str, args: Value, path: &Path) -> Result<String, Box<dyn std::error::Error>> {
        let answer = self.pick(cmd, args, Some(path))?;
        Ok(answer["token"].as_str().ok_or_else(|| format!("{cmd}: no token in {answer}"))?.to_string())
    }

    /// Waits until the notifier's checks asked for so far have finished (each ends by reporting
    /// the list, and none came for 300 ms).
    fn settle(&self) {
        loop {
            let seen = self.rec.checks();
            std::thread::sleep(Duration::from_millis(300));
            if self.rec.checks() == seen {
                return;
            }
        }
    }

    /// The size of the JSON text the UI would receive.
    fn response_bytes(&self, cmd: &str, args: Value) -> Result<usize, Box<dyn std::error::Error>> {
        Ok(serde_json::to_vec(&self.ok(cmd, args)?)?.len())
    }

    fn wait_for(&self, what: &str, f: impl Fn(&Recorder) -> bool) -> TestResult {
        let end = Instant::now() + Duration::from_secs(20);
        while Instant::now() < end {
            if f(&self.rec) {
                return Ok(());
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        Err(format!("timed out waiting for {what}").into())
    }
}

fn db_in(dir: &tempfile::TempDir) -> PathBuf {
    dir.path().join("poskeeper.db")
}

const SN: &str = "PAX-A920-0001";
const ICCID: &str = "89860012345678901238";

fn add_expiring_sim(app: &TestApp, sn: &str, iccid: &str, expires: &str) -> TestResult {
    app.ok("add_terminal", json!({"sn": sn, "patch": {"brand": "PAX", "model": "A920", "store": "朝阳路店"}}))?;
    app.ok("add_sim", json!({"iccid": iccid, "patch": {"expires_on": expires}, "terminalSn": sn}))?;
    Ok(())
}

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
fn a_foreign_file_is_reported_and_left_untouched() -> TestResult {
    let dir = tempfile::tempdir()?;
    let db = db_in(&dir);
    let bytes = "not a database\n".repeat(500).into_bytes();
    std::fs::write(&db, &bytes)?;
    let app = start(&db, "2026-11-22T09:00:00")?;
    let info = app.ok("app_info", json!({}))?;
    assert_eq!(info["dbError"]["code"], "not_poskeeper_db", "{info}");
    assert_eq!(info["dbPath"], json!(db.display().to_string()));
    let err = app.invoke("list_terminals", json!({"query": {}})).err().unwrap_or_default();
    assert_eq!(err["code"], "not_poskeeper_db");
    assert_eq!(std::fs::read(&db)?, bytes, "the file was not touched");
    Ok(())
}

#[test]
fn a_database_from_a_newer_version_is_refused() -> TestResult {
    let dir = tempfile::tempdir()?;
    let db = db_in(&dir);
    {
        let store = poskeeper::Store::create(&db)?;
        store.conn().execute_batch("PRAGMA user_version = 999;")?;
    }
    let before = std::fs::read(&db)?;
    let app = start(&db, "2026-11-22T09:00:00")?;
    let info = app.ok("app_info", json!({}))?;
    assert_eq!(info["dbError"]["code"], "db_too_new", "{info}");
    assert_eq!(std::fs::read(&db)?, before);
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
        ("settings", json!({})),
    ] {
        let n = app.response_bytes(cmd, args.clone())?;
        assert!(n < limit, "{cmd} {args} answered {n} bytes");
    }
    Ok(())
}

#[test]
fn the_notifier_pops_up_once_per_level_across_restarts() -> TestResult {
    let dir = tempfile::tempdir()?;
    let db = db_in(&dir);
    {
        let app = start(&db, "2026-11-22T09:00:00")?;
        app.wait_for("the start-up check", |r| r.checks() >= 1)?;
        add_expiring_sim(&app, SN, ICCID, "2026-11-25")?;
        app.wait_for("a notification naming the SN", |r| r.shown().iter().any(|(s, _)| s.contains(SN)))?;
        let shown = app.rec.shown();
        assert_eq!(shown.len(), 1, "{shown:?}");
        assert!(shown[0].0.contains("流量卡"), "{shown:?}");
        assert!(shown[0].1.contains("还有 3 天到期"), "{shown:?}");
        let page = app.ok("reminders", json!({}))?;
        assert_eq!(page["rows"][0]["key"], format!("sim_expiry:{ICCID}"));
        assert_eq!(page["due"], 1);
    }
    // A restart the same day: the start-up check finds it logged.
    let app = start(&db, "2026-11-22T10:00:00")?;
    app.wait_for("the start-up check", |r| r.checks() >= 1)?;
    app.ok("acknowledge", json!({"key": format!("sim_expiry:{ICCID}")}))?;
    app.wait_for("the check after the write", |r| r.checks() >= 2)?;
    assert!(app.rec.shown().is_empty(), "{:?}", app.rec.shown());
    drop(app);
    // Two days later it is due tomorrow: still "soon", acknowledged → not notified; on the due
    // day the urgency rises to "today" → notified again.
    let app = start(&db, "2026-11-24T09:00:00")?;
    app.wait_for("the start-up check", |r| r.checks() >= 1)?;
    assert!(app.rec.shown().is_empty());
    drop(app);
    let app = start(&db, "2026-11-25T09:00:00")?;
    app.wait_for("the due-day notification", |r| !r.shown().is_empty())?;
    assert!(app.rec.shown()[0].1.contains("今天到期"), "{:?}", app.rec.shown());
    Ok(())
}

#[test]
fn a_notification_the_os_refused_is_tried_again_at_the_next_check() -> TestResult {
    let dir = tempfile::tempdir()?;
    let app = start(&db_in(&dir), "2026-11-22T09:00:00")?;
    app.wait_for("the start-up check", |r| r.checks() >= 1)?;
    // The "OS" refuses every notification until told otherwise; the checks the two writes ask
    // for (maybe one, maybe two) all end refused.
    app.rec.refuse.store(usize::MAX, Ordering::SeqCst);
    add_expiring_sim(&app, SN, ICCID, "2026-11-25")?;
    app.wait_for("the refused attempt", |r| r.refused.load(Ordering::SeqCst) >= 1)?;
    app.settle();
    assert!(app.rec.shown().is_empty());
    app.rec.refuse.store(0, Ordering::SeqCst);
    let checks = app.rec.checks();
    // Any later check (here: the one after another write) shows it, once.
    app.ok("add_terminal", json!({"sn": "PAX-A920-0002", "patch": {}}))?;
    app.wait_for("the next check", |r| r.checks() > checks && !r.shown().is_empty())?;
    app.ok("add_terminal", json!({"sn": "PAX-A920-0003", "patch": {}}))?;
    app.wait_for("one more check", |r| r.checks() > checks + 1)?;
    let shown = app.rec.shown();
    assert_eq!(shown.len(), 1, "{shown:?}");
    assert!(shown[0].0.contains(SN), "{shown:?}");
    Ok(())
}

#[test]
fn finished_tickets_are_listed_by_status_and_a_replaced_one_takes_deregistration_ticks() -> TestResult {
    let dir = tempfile::tempdir()?;
    let app = start(&db_in(&dir), "2026-11-22T09:00:00")?;
    for sn in ["OLD-1", "NEW-1", "OLD-2", "FIXED-1"] {
        app.ok("add_terminal", json!({"sn": sn, "patch": {}}))?;
    }
    let open =
        |sn: &str| app.ok("open_repair", json!({"sn": sn, "repair": {"fault": "no_power", "opened_on": "2026-11-01"}}));
    let (old1, old2, fixed) = (open("OLD-1")?, open("OLD-2")?, open("FIXED-1")?);
    app.ok("close_repair", json!({"id": old1, "close": {"closed_on": "2026-11-10", "replaced_by": "NEW-1"}}))?;
    app.ok("close_repair", json!({"id": old2, "close": {"closed_on": "2026-11-20", "replaced_by": "NEW-1"}}))?;
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

#[test]
fn quiet_hours_hold_and_the_setting_turns_it_off() -> TestResult {
    let dir = tempfile::tempdir()?;
    let db = db_in(&dir);
    {
        let app = start(&db, "2026-11-22T22:30:00")?;
        app.wait_for("the start-up check", |r| r.checks() >= 1)?;
        add_expiring_sim(&app, SN, ICCID, "2026-11-25")?;
        app.wait_for("the check after the writes", |r| r.checks() >= 3)?;
        assert!(app.rec.shown().is_empty(), "nothing pops up at 22:30 (quiet hours 21:00–08:00)");
        assert_eq!(app.ok("set_setting", json!({"key": "notifications", "value": "off"}))?, "off");
    }
    let app = start(&db, "2026-11-23T09:00:00")?;
    app.wait_for("the start-up check", |r| r.checks() >= 1)?;
    assert!(app.rec.shown().is_empty(), "notifications are off");
    assert_eq!(app.ok("set_setting", json!({"key": "notifications", "value": "on"}))?, "on");
    app.wait_for("the held notification", |r| !r.shown().is_empty())?;
    Ok(())
}

#[test]
fn more_than_three_at_once_make_one_summary() -> TestResult {
    let dir = tempfile::tempdir()?;
    let db = db_in(&dir);
    {
        let store_app = start(&db, "2026-11-22T22:30:00")?;
        for i in 0..4 {
            let iccid = format!("8986011234567890{:03}", 120 + i);
            add_expiring_sim(&store_app, &format!("SN-{i}"), &iccid, "2026-11-25")?;
        }
        store_app.wait_for("the checks", |r| r.checks() >= 2)?;
        assert!(store_app.rec.shown().is_empty());
    }
    let app = start(&db, "2026-11-23T08:00:00")?;
    app.wait_for("the summary", |r| !r.shown().is_empty())?;
    let shown = app.rec.shown();
    assert_eq!(shown.len(), 1, "{shown:?}");
    assert!(shown[0].0.contains('4'), "{shown:?}");
    Ok(())
}

#[test]
fn import_export_backups_and_restore() -> TestResult {
    let dir = tempfile::tempdir()?;
    let db = db_in(&dir);
    let app = start(&db, "2026-11-22T09:00:00")?;
    let sheet = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../e2e/fixtures/provider-gb18030.csv");

    // The page gets a token and the file's name, never the path.
    let picked = app.pick("pick_import_file", json!({}), Some(&sheet))?;
    assert_eq!(picked["name"], "provider-gb18030.csv", "{picked}");
    let token = picked["token"].as_str().unwrap_or_default().to_string();
    assert!(!token.contains('/') && !token.contains("provider"), "an opaque token: {token}");
    let dry = app.ok("import_file", json!({"token": token, "dryRun": true, "skipInvalid": false}))?;
    assert_eq!(
        (dry["rows"].as_u64(), dry["new"].as_u64(), dry["committed"].as_bool()),
        (Some(3), Some(3), Some(false))
    );
    assert_eq!(app.ok("list_terminals", json!({"query": {}}))?["total"], 0, "a dry run writes nothing");

    let done = app.ok("import_file", json!({"token": token, "dryRun": false, "skipInvalid": false}))?;
    assert_eq!(done["committed"], true, "{done}");
    assert_eq!(app.ok("list_terminals", json!({"query": {}}))?["total"], 3);

    let out = dir.path().join("out.csv");
    let export = app.picked("pick_export_file", json!({"format": "csv"}), &out)?;
    let exported = app.ok("export_file", json!({"token": export}))?;
    assert_eq!(exported["path"], json!(out.display().to_string()));
    assert_eq!(exported["items"], 3);
    let csv = std::fs::read_to_string(&out)?;
    assert!(csv.starts_with('\u{FEFF}'), "CSV with a BOM");
    assert_eq!(csv.lines().count(), 4, "a header and the 3 terminals: {csv}");
    assert!(csv.contains("IMP-PAX-0001"));
    let bad = app.invoke("pick_export_file", json!({"format": "pdf"})).err().unwrap_or_default();
    assert_eq!(bad["code"], "invalid_value");

    // A cancelled dialog answers null.
    assert_eq!(app.pick("pick_import_file", json!({}), None)?, Value::Null);
    assert_eq!(app.pick("pick_export_file", json!({"format": "xlsx"}), None)?, Value::Null);

    // The page cannot name a file: paths are not tokens, and a token opens only what it was
    // picked for (a file picked to read is never written).
    let sheet_text = sheet.display().to_string();
    for (cmd, args) in [
        ("import_file", json!({"token": sheet_text, "dryRun": true, "skipInvalid": false})),
        ("export_file", json!({"token": out.display().to_string()})),
        ("export_file", json!({"token": token})),
        ("restore_file", json!({"token": export})),
        ("restore_file", json!({"token": token})),
    ] {
        let err = app.invoke(cmd, args.clone()).err().unwrap_or_default();
        assert_eq!(err["code"], "file_not_picked", "{cmd} {args}: {err}");
    }
    assert!(app.invoke("import_file", json!({"path": sheet_text, "dryRun": true, "skipInvalid": false})).is_err());
    assert!(app.invoke("export_file", json!({"format": "csv", "path": dir.path().join("x.csv")})).is_err());
    assert!(!dir.path().join("x.csv").exists());

    // The import took a backup first; the list names it by file name, and restoring it brings
    // back the empty database.
    let backups = app.ok("backups", json!({}))?;
    let first = backups[0]["name"].as_str().unwrap_or_default().to_string();
    assert!(first.contains("before-import") && !first.contains('/'), "{backups}");
    assert_eq!(backups[0].get("path"), None, "{backups}");
    // Only a name the list holds, inside the backups folder.
    let copy = dir.path().join("copy.db");
    std::fs::copy(poskeeper::files::backup::backups_dir(&db).join(&first), &copy)?;
    for name in ["../copy.db", copy.to_str().unwrap_or_default(), "../poskeeper.db", "nope.db"] {
        let err = app.invoke("restore_backup", json!({"name": name})).err().unwrap_or_default();
        assert_eq!(err["code"], "backup_not_found", "{name}: {err}");
    }
    assert!(app.invoke("restore_backup", json!({"path": copy.display().to_string()})).is_err());
    assert_eq!(app.ok("list_terminals", json!({"query": {}}))?["total"], 3, "nothing was restored");
    app.ok("restore_backup", json!({"name": first}))?;
    assert_eq!(app.ok("list_terminals", json!({"query": {}}))?["total"], 0);

    // A backup kept elsewhere is restored from a file the user picks.
    app.ok("import_file", json!({"token": token, "dryRun": false, "skipInvalid": false}))?;
    assert_eq!(app.ok("list_terminals", json!({"query": {}}))?["total"], 3);
    let elsewhere = app.picked("pick_backup_file", json!({}), &copy)?;
    app.ok("restore_file", json!({"token": elsewhere}))?;
    assert_eq!(app.ok("list_terminals", json!({"query": {}}))?["total"], 0);
    Ok(())
}

#[test]
fn an_export_picked_over_the_database_or_a_backup_is_refused_and_they_are_kept() -> TestResult {
    let dir = tempfile::tempdir()?;
    let db = db_in(&dir);
    let app = start(&db, "2026-11-22T09:00:00")?;
    add_expiring_sim(&app, SN, ICCID, "2026-11-25")?;
    assert_eq!(app.ok("ui_ready", json!({}))?, Value::Null);
    let backups = poskeeper::files::backup::backups_dir(&db);
    std::fs::create_dir_all(&backups)?;
    let backup = backups.join("poskeeper-2026-11-21.db");
    std::fs::copy(&db, &backup)?;
    let wal = PathBuf::from(format!("{}-wal", db.display()));
    let shm = PathBuf::from(format!("{}-shm", db.display()));
    let kept = |p: &Path| std::fs::read(p).unwrap_or_default();
    let backup_bytes = kept(&backup);
    for target in [&db, &wal, &shm, &backup] {
        let db_bytes = kept(&db);
        let token = app.picked("pick_export_file", json!({"format": "csv"}), target)?;
        let err = app.invoke("export_file", json!({"token": token})).err().unwrap_or_default();
        assert_eq!(err["code"], "output_protected", "{}: {err}", target.display());
        assert!(err["message"].as_str().is_some_and(|m| !m.contains('\n') && !m.is_empty()), "{err}");
        assert_eq!(kept(&db), db_bytes, "{}", target.display());
    }
    assert_eq!(kept(&backup), backup_bytes);
    // The database is intact and still in use.
    assert_eq!(app.ok("list_terminals", json!({"query": {}}))?["total"], 1);
    app.ok("add_terminal", json!({"sn": "PAX-A920-0002", "patch": {}}))?;
    assert_eq!(app.ok("list_terminals", json!({"query": {}}))?["total"], 2);
    let check = poskeeper::Store::create(&db)?;
    check.quick_check()?;
    Ok(())
}

/// The first screen the window is created with (`first_screen`), once the database thread has
/// made it: anything asked after start-up is answered after it (one thread, in order).
fn prepared_first_screen(app: &TestApp) -> Result<Value, Box<dyn std::error::Error>> {
    use tauri::Manager;
    app.ok("app_info", json!({}))?;
    let state = app._app.state::<poskeeper_app::state::AppState>();
    let first = state.first_screen.take().ok_or("the first screen was not prepared")?;
    assert!(state.first_screen.take().is_none(), "the first screen is handed out once");
    // The page gets it as one assignment of JSON.
    let script = first.script().ok_or("no script")?;
    let json = script
        .strip_prefix("window.__POSKEEPER_FIRST__=")
        .and_then(|s| s.strip_suffix(';'))
        .ok_or_else(|| format!("not an assignment: {}", script.chars().take(80).collect::<String>()))?;
    let parsed: Value = serde_json::from_str(json)?;
    assert_eq!(parsed, serde_json::to_value(&first)?);
    Ok(parsed)
}

#[test]
fn the_first_screen_is_prepared_at_start_and_is_what_the_page_would_have_asked_for() -> TestResult {
    let dir = tempfile::tempdir()?;
    let db = db_in(&dir);
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 22).ok_or("date")?;
    poskeeper::demo::generate(&mut poskeeper::Store::create(&db)?, 400, 7, today)?;
    let app = start(&db, "2026-11-22T09:00:00")?;
    let first = prepared_first_screen(&app)?;
    assert_eq!(first["info"], app.ok("app_info", json!({}))?);
    assert_eq!(first["info"]["empty"], false);
    let mut cut = 0;
    for u in ["overdue", "today", "soon", "upcoming"] {
        let page = &first["agenda"][u];
        let asked = app.ok("reminders", json!({"urgency": u, "offset": 0, "limit": 20}))?;
        assert_eq!(page, &asked, "{u}");
        let rows = page["rows"].as_array().ok_or("rows")?;
        assert!(rows.len() <= 20);
        assert!(rows.iter().all(|r| r["urgency"] == u), "{u}");
        if page["total"].as_u64() > Some(rows.len() as u64) {
            cut += 1;
        }
    }
    assert!(cut > 0, "400 demo terminals fill more than one first page of some urgency");
    Ok(())
}

#[test]
fn without_terminals_or_a_readable_database_the_first_screen_has_no_agenda() -> TestResult {
    let dir = tempfile::tempdir()?;
    let app = start(&db_in(&dir), "2026-11-22T09:00:00")?;
    let first = prepared_first_screen(&app)?;
    assert_eq!(first["info"]["empty"], true);
    assert_eq!(first["agenda"], Value::Null);

    let foreign = dir.path().join("other.db");
    std::fs::write(&foreign, "not a database\n".repeat(500))?;
    let app = start(&foreign, "2026-11-22T09:00:00")?;
    let first = prepared_first_screen(&app)?;
    assert_eq!(first["info"]["dbError"]["code"], "not_poskeeper_db");
    assert_eq!(first["agenda"], Value::Null);
    Ok(())
}

/// A PosKeeper database with `demo` data whose merchant-number index is overwritten: it opens
/// (header and schema intact) but `PRAGMA quick_check` finds the damage.
fn damaged_db(path: &Path) -> Result<(), Box<dyn std::error::Error>> {
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 22).ok_or("date")?;
    let root: i64 = {
        let mut store = poskeeper::Store::create(path)?;
        poskeeper::demo::generate(&mut store, 300, 3, today)?;
        store.conn().execute_batch("PRAGMA wal_checkpoint(TRUNCATE);")?;
        store.conn().query_row(
            // An index the first screen does not read (the reminders and the count do not use it).
            "SELECT rootpage FROM sqlite_master WHERE name = 'terminals_merchant_no'",
            [],
            |r| r.get(0),
        )?
    };
    let mut bytes = std::fs::read(path)?;
    let page = 4096 * (root as usize - 1);
    for (i, b) in bytes[page..page + 4096].iter_mut().enumerate() {
        *b = (i * 7 + 13) as u8;
    }
    std::fs::write(path, &bytes)?;
    Ok(())
}

#[test]
fn a_damaged_file_opens_for_the_first_screen_then_is_reported_and_closed() -> TestResult {
    let dir = tempfile::tempdir()?;
    let db = db_in(&dir);
    damaged_db(&db)?;
    let before = std::fs::read(&db)?;
    let app = start(&db, "2026-11-22T09:00:00")?;
    // The first screen is computed without waiting for the whole-file check…
    let first = prepared_first_screen(&app)?;
    assert_eq!(first["info"]["dbError"], Value::Null);
    let key = first["agenda"]["overdue"]["rows"][0]["key"].clone();
    assert!(key.is_string(), "the damaged file still lists reminders: {}", first["agenda"]);
    // …then ui_ready has the file checked and reports the damage.
    let answer = app.ok("ui_ready", json!({}))?;
    assert_eq!(answer["code"], "db_damaged", "{answer}");
    assert_eq!(app.ok("app_info", json!({}))?["dbError"]["code"], "db_damaged");
    let err = app.invoke("list_terminals", json!({"query": {}})).err().unwrap_or_default();
    assert_eq!(err["code"], "db_damaged");
    let err = app.invoke("acknowledge", json!({"key": key})).err().unwrap_or_default();
    assert_eq!(err["code"], "db_damaged", "nothing is written to a damaged file");
    assert_eq!(std::fs::read(&db)?, before, "the damaged file was not written to");
    let wal = std::fs::metadata(db.with_extension("db-wal")).map(|m| m.len()).unwrap_or(0);
    assert_eq!(wal, 0, "nor its write-ahead log");

    // A refused backup leaves the damaged file closed (it is checked again after the attempt).
    let bad = dir.path().join("not-a-backup.db");
    std::fs::write(&bad, "no")?;
    let token = app.picked("pick_backup_file", json!({}), &bad)?;
    assert!(app.invoke("restore_file", json!({"token": token})).is_err());
    let err = app.invoke("list_terminals", json!({"query": {}})).err().unwrap_or_default();
    assert_eq!(err["code"], "db_damaged", "still closed after a refused restore: {err}");
    Ok(())
}

#[test]
fn ui_ready_answers_null_when_the_file_is_sound() -> TestResult {
    let dir = tempfile::tempdir()?;
    let app = start(&db_in(&dir), "2026-11-22T09:00:00")?;
    assert_eq!(app.ok("ui_ready", json!({}))?, Value::Null);
    Ok(())
}

/// The bytes of the database file and of its write-ahead log (empty when there is none).
fn file_bytes(db: &Path) -> (Vec<u8>, Vec<u8>) {
    let wal = PathBuf::from(format!("{}-wal", db.display()));
    (std::fs::read(db).unwrap_or_default(), std::fs::read(wal).unwrap_or_default())
}

/// Does what another program might: writes pseudo-random bytes over the start of a page of the
/// `terminals` table (its header and cell pointers) straight into the file, with std::fs. The
/// write-ahead log is checkpointed first, so the file's page is the one SQLite reads.
fn damage_terminals_page(db: &Path) -> Result<u64, Box<dyn std::error::Error>> {
    let (root, page_size): (i64, i64) = {
        let conn = rusqlite::Connection::open(db)?;
        conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))?;
        let root = conn.query_row("SELECT rootpage FROM sqlite_schema WHERE name = 'terminals'", [], |r| r.get(0))?;
        (root, conn.query_row("PRAGMA page_size", [], |r| r.get(0))?)
    };
    let offset = u64::try_from((root - 1) * page_size)?;
    let mut x: u32 = 0x9E37_79B9;
    let garbage: Vec<u8> = (0..512)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 17;
            x ^= x << 5;
            (x >> 24) as u8
        })
        .collect();
    use std::io::{Seek, SeekFrom, Write};
    let mut f = std::fs::OpenOptions::new().write(true).open(db)?;
    f.seek(SeekFrom::Start(offset))?;
    f.write_all(&garbage)?;
    f.sync_all()?;
    Ok(offset)
}

#[test]
fn a_file_damaged_after_start_is_never_written_again_and_the_window_is_told() -> TestResult {
    use tauri::{Listener, Manager};
    let dir = tempfile::tempdir()?;
    let db = db_in(&dir);
    let app = start(&db, "2026-11-22T09:00:00")?;
    app.wait_for("the start-up check", |r| r.checks() >= 1)?;
    // Much is due, but the "OS" refuses to show it for now: the notifier has log entries to
    // write as soon as a notification is shown.
    app.rec.refuse.store(usize::MAX, Ordering::SeqCst);
    app.ok("load_demo", json!({"terminals": 300}))?;
    assert_eq!(app.ok("ui_ready", json!({}))?, Value::Null, "sound at start");
    add_expiring_sim(&app, SN, ICCID, "2026-11-23")?;
    app.wait_for("a refused notification", |r| r.refused.load(Ordering::SeqCst) > 0)?;
    // None of the checks the writes asked for is half done when the file is damaged.
    app.settle();
    let closed_events = Arc::new(Mutex::new(Vec::<String>::new()));
    let events = Arc::clone(&closed_events);
    app._app.handle().listen(poskeeper_app::DATABASE_CLOSED, move |e| {
        if let Ok(mut v) = events.lock() {
            v.push(e.payload().to_string());
        }
    });
    let backups_dir = poskeeper::files::backup::backups_dir(&db);
    let backups_before = std::fs::read_dir(&backups_dir).map(|d| d.count()).unwrap_or(0);

    damage_terminals_page(&db)?;
    let damaged = file_bytes(&db);

    // The next save is refused without a byte written.
    let err = app.invoke("add_terminal", json!({"sn": "PAX-A920-0999", "patch": {}})).err().unwrap_or_default();
    assert_eq!(err["code"], "db_damaged", "{err}");
    assert!(file_bytes(&db) == damaged, "the file and its -wal are unchanged");
    // The window was told once, with the error every later call answers.
    let events = closed_events.lock().map(|v| v.clone()).unwrap_or_default();
    assert_eq!(events.len(), 1, "{events:?}");
    assert!(events[0].contains("db_damaged"), "{events:?}");

    // Every later call answers the same, reads included; nothing is written.
    for (cmd, args) in [
        ("list_terminals", json!({"query": {}})),
        ("reminders", json!({})),
        ("settings", json!({})),
        ("acknowledge", json!({"key": format!("sim_expiry:{ICCID}")})),
        ("set_setting", json!({"key": "notifications", "value": "off"})),
        ("renew_sim", json!({"iccid": ICCID, "until": "2027-11-23"})),
        ("load_demo", json!({"terminals": 10})),
    ] {
        let err = app.invoke(cmd, args.clone()).err().unwrap_or_default();
        assert_eq!(err["code"], "db_damaged", "{cmd} {args}: {err}");
    }
    assert_eq!(app.ok("app_info", json!({}))?["dbError"]["code"], "db_damaged");
    assert_eq!(app.ok("ui_ready", json!({}))?["code"], "db_damaged");

    // The notifier: now allowed to show, it finds the database closed before it reads anything;
    // it says so once however often it is asked, and writes nothing.
    app.rec.refuse.store(0, Ordering::SeqCst);
    let state = app._app.state::<poskeeper_app::state::AppState>();
    state.notifier.check_now();
    app.wait_for("the notifier to find the database closed", |r| !r.failures().is_empty())?;
    for _ in 0..3 {
        state.notifier.check_now();
        std::thread::sleep(Duration::from_millis(50));
    }
    std::thread::sleep(Duration::from_millis(200));
    assert_eq!(app.rec.failures(), vec!["db_damaged".to_string()], "reported once");
    assert!(app.rec.shown().is_empty(), "{:?}", app.rec.shown());
    // The daily backup neither: the closed store answers before anything is copied.
    let now_local = now("2026-11-22T09:00:00");
    let rotated =
        tauri::async_runtime::block_on(state.db.call(move |s| poskeeper::files::backup::rotate(s, now_local)));
    assert_eq!(rotated.err().map(|e| e.code).as_deref(), Some("db_damaged"));
    assert_eq!(std::fs::read_dir(&backups_dir).map(|d| d.count()).unwrap_or(0), backups_before);
    assert!(file_bytes(&db) == damaged, "still unchanged");
    assert_eq!(closed_events.lock().map(|v| v.len()).unwrap_or(0), 1, "the window is told once");
    Ok(())
}

#[test]
fn a_panic_in_one_database_job_does_not_close_the_database() -> TestResult {
    use tauri::Manager;
    let dir = tempfile::tempdir()?;
    let app = start(&db_in(&dir), "2026-11-22T09:00:00")?;
    let state = app._app.state::<poskeeper_app::state::AppState>();
    // A bug in a call: that call answers `internal`…
    let answer = tauri::async_runtime::block_on(state.db.call(|_| -> poskeeper::Result<()> { panic!("a bug") }));
    assert_eq!(answer.err().map(|e| e.code).as_deref(), Some("internal"));
    // …and in work queued without an answer: nothing to say, nothing else stops.
    state.db.prepare(|_| panic!("another bug"));
    // The database thread goes on.
    app.ok("add_terminal", json!({"sn": SN, "patch": {}}))?;
    assert_eq!(app.ok("list_terminals", json!({"query": {}}))?["total"], 1);
    assert_eq!(app.ok("app_info", json!({}))?["dbError"], Value::Null);
    Ok(())
}
