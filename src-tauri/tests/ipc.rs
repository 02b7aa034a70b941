//! The shell's commands through Tauri's IPC with the mock runtime: what the UI sends and gets back,
//! errors as `{code, message}`, the page caps, the database guard, and the notifier end to end
//! (with a recorder in place of the OS notification service).

mod common;

/// The tests, by topic, in `tests/ipc/`.
mod ipc {
    mod answers;
    mod database_guard;
    mod files;
    mod first_screen;
    mod notifier;
}

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
