//! Every command of the shell's invoke handler, called over IPC with Tauri's mock runtime against
//! the real core on a real SQLite file: each one once with input it accepts and once with input
//! it refuses (the `{code}` the UI translates by), and the state a write leaves read back through
//! another command. Expected values are written here, from SPEC §2–§3, not computed by the core.

mod common;

/// The tests, one file per area, in `tests/ipc_commands/`.
mod ipc_commands {
    mod agenda;
    mod attachments;
    mod backups;
    mod channels;
    mod command_list;
    mod contacts;
    mod deposits;
    mod files;
    mod maintenance;
    mod not_a_database;
    mod outlook;
    mod reminders;
    mod repairs;
    mod settings;
    mod sims;
    mod terminals;
}

use chrono::NaiveDateTime;
use poskeeper::clock::FixedClock;
use poskeeper::i18n::Lang;
use poskeeper_app::notifier::Output;
use poskeeper_app::{run_app, Options};
use serde_json::{json, Value};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use tauri::test::{mock_builder, mock_context, noop_assets, MockRuntime};
use tauri::{App, Manager, WebviewWindow, WebviewWindowBuilder};

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
    /// Quits as the app does (the notifier stopped cleanly, a phone push let finish), then drops.
    fn stop(self) {
        {
            let state = self._app.state::<poskeeper_app::state::AppState>();
            tauri::async_runtime::block_on(state.notifier.stop());
        }
        drop(self);
    }

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
