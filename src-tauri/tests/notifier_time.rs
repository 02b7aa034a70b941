//! The reminder promise of SPEC §3 through time: the real notifier and the real core (a SQLite
//! file in a temporary folder), in an app built with Tauri's mock runtime, with a clock the test
//! moves. The notifier polls that clock every few milliseconds ([`TIMING`]) and checks when it
//! has moved a period (50 s) or gone back, as the real app does with the wall clock; the tests move
//! it in 60 s steps (a running clock) or in jumps (sleep, a clock set back, days off).
//!
//! Every expectation is written out here: keys, dates, titles and file names are literals, not
//! computed by the code under test. Local time is Asia/Shanghai (UTC+8); quiet hours are the
//! default 21:00–08:00 unless a test turns them off; the language is zh-CN, stored in the database.

mod common;

/// The tests, by topic, in `tests/notifier_time/`.
mod notifier_time {
    mod backups;
    mod clock_jumps;
    mod delivery;
    mod quiet_hours_and_overdue;
}

use chrono::{DateTime, NaiveDate, NaiveDateTime, TimeDelta, Utc};
use poskeeper::clock::Clock;
use poskeeper::domain::Urgency;
use poskeeper::i18n::Lang;
use poskeeper::reminders::notify::NotificationRecord;
use poskeeper_app::notifier::{CheckOutcome, Delivery, Output, Timing};
use poskeeper_app::state::AppState;
use poskeeper_app::{run_app, Options};
use serde_json::{json, Value};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant, SystemTime};
use tauri::test::{mock_builder, mock_context, noop_assets, MockRuntime};
use tauri::{App, Manager, WebviewWindow, WebviewWindowBuilder};

type TestResult = Result<(), Box<dyn std::error::Error>>;
type Res<T> = Result<T, Box<dyn std::error::Error>>;

/// The real app's period; a fast poll; no waiting for the first check or the first backup.
const TIMING: Timing = Timing {
    period: Duration::from_secs(50),
    tick: Duration::from_millis(10),
    first_check_delay: Duration::ZERO,
    backup_delay: Duration::ZERO,
};

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

fn t(s: &str) -> NaiveDateTime {
    NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M:%S").unwrap_or_default()
}

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap_or_default()
}

/// A wall clock in Asia/Shanghai that only the test moves.
struct TestClock(Mutex<NaiveDateTime>);

impl TestClock {
    fn at(s: &str) -> Arc<TestClock> {
        Arc::new(TestClock(Mutex::new(t(s))))
    }
    fn set(&self, to: NaiveDateTime) {
        *lock(&self.0) = to;
    }
}

impl Clock for TestClock {
    fn now_utc(&self) -> DateTime<Utc> {
        (self.now_local() - TimeDelta::hours(8)).and_utc()
    }
    fn now_local(&self) -> NaiveDateTime {
        *lock(&self.0)
    }
}

/// One notification handed to the "OS": the clock's time, summary, body.
type Shown = (String, String, String);

/// The OS notification service: records what it shows (with the clock's time), can refuse, and
/// can hang: then a call is sent and gets no answer ([`Delivery::Unknown`]); the service may
/// still show it when it wakes, so what it was sent is recorded apart.
struct Recorder {
    clock: Arc<TestClock>,
    shown: Mutex<Vec<Shown>>,
    checks: Mutex<Vec<CheckOutcome>>,
    refuse: AtomicBool,
    refused: AtomicUsize,
    hung: AtomicBool,
    unanswered: Mutex<Vec<Shown>>,
}

impl Recorder {
    fn stamp(&self, summary: &str, body: &str) -> Shown {
        (self.clock.now_local().format("%Y-%m-%dT%H:%M:%S").to_string(), summary.to_string(), body.to_string())
    }
}

impl Output for Recorder {
    fn show(&self, summary: &str, body: &str) -> bool {
        if self.refuse.load(Ordering::SeqCst) {
            self.refused.fetch_add(1, Ordering::SeqCst);
            return false;
        }
        lock(&self.shown).push(self.stamp(summary, body));
        true
    }
    fn deliver(&self, summary: &str, body: &str) -> Delivery {
        if self.hung.load(Ordering::SeqCst) {
            lock(&self.unanswered).push(self.stamp(summary, body));
            return Delivery::Unknown;
        }
        if self.show(summary, body) {
            Delivery::Shown
        } else {
            Delivery::Refused
        }
    }
    fn changed(&self, _due: usize, _lang: Lang) {}
    fn checked(&self, outcome: &CheckOutcome) {
        lock(&self.checks).push(outcome.clone());
    }
}

struct Run {
    app: App<MockRuntime>,
    window: WebviewWindow<MockRuntime>,
    rec: Arc<Recorder>,
    clock: Arc<TestClock>,
    db: PathBuf,
}

/// Starts the app on `db` with `clock`, the notifier at [`TIMING`]; returns after its start-up
/// check.
fn start(db: &Path, clock: &Arc<TestClock>) -> Res<Run> {
    // The texts checked are Chinese: stored, so the OS's language does not decide (Windows
    // always names one, English under Wine). Stored before the app opens the file, so no write
    // through the app asks for a check of its own.
    poskeeper::Store::create(db)?.set_setting("language", "zh-CN")?;
    let rec = Arc::new(Recorder {
        clock: Arc::clone(clock),
        shown: Mutex::default(),
        checks: Mutex::default(),
        refuse: AtomicBool::new(false),
        refused: AtomicUsize::new(0),
        hung: AtomicBool::new(false),
        unanswered: Mutex::default(),
    });
    let opts = Options {
        db_path: Some(db.to_path_buf()),
        clock: Arc::clone(clock) as Arc<dyn Clock>,
        tray: false,
        start_hidden: false,
        test_picks: None,
    };
    let unused = Arc::clone(&rec);
    let app = run_app(mock_builder(), opts, move |_| unused as Arc<dyn Output>).build(mock_context(noop_assets()))?;
    // The mock runtime runs no setup hook: the notifier is started here, at the test's pace.
    {
        let state = app.state::<AppState>();
        let out = Arc::clone(&rec) as Arc<dyn Output>;
        state.notifier.start_with(state.db.clone(), Arc::clone(clock) as Arc<dyn Clock>, out, TIMING);
    }
    let window = WebviewWindowBuilder::new(&app, "main", Default::default()).build()?;
    let run = Run { app, window, rec, clock: Arc::clone(clock), db: db.to_path_buf() };
    let at = clock.now_local();
    run.wait("the start-up check", |r| r.checks.first().is_some_and(|c| c.at == at))?;
    Ok(run)
}

struct Seen<'a> {
    checks: &'a [CheckOutcome],
}

impl Run {
    fn invoke(&self, cmd: &str, args: Value) -> Result<Value, Value> {
        common::invoke(&self.window, cmd, args)
    }

    /// A write, and the check it asks for.
    fn write(&self, cmd: &str, args: Value) -> Res<Value> {
        let before = self.checks().len();
        let answer = self.invoke(cmd, args).map_err(|e| format!("{cmd} failed: {e}"))?;
        self.wait(&format!("the check after {cmd}"), |r| r.checks.len() > before)?;
        Ok(answer)
    }

    fn wait(&self, what: &str, f: impl Fn(&Seen) -> bool) -> TestResult {
        let end = Instant::now() + Duration::from_secs(20);
        loop {
            if f(&Seen { checks: &lock(&self.rec.checks) }) {
                return Ok(());
            }
            if Instant::now() > end {
                return Err(format!("timed out waiting for {what}; checks: {:?}", self.checks()).into());
            }
            std::thread::sleep(Duration::from_millis(5));
        }
    }

    fn checks(&self) -> Vec<CheckOutcome> {
        lock(&self.rec.checks).clone()
    }

    fn shown(&self) -> Vec<Shown> {
        lock(&self.rec.shown).clone()
    }

    /// What was sent to the hung service and left unanswered.
    fn unanswered(&self) -> Vec<Shown> {
        lock(&self.rec.unanswered).clone()
    }

    /// Moves the clock to `at` and waits for the notifier's own check at that time.
    fn set(&self, at: &str) -> Res<CheckOutcome> {
        let to = t(at);
        let before = self.checks().len();
        self.clock.set(to);
        self.wait(&format!("a check at {at}"), |r| r.checks[before.min(r.checks.len())..].iter().any(|c| c.at == to))?;
        self.checks().into_iter().skip(before).find(|c| c.at == to).ok_or_else(|| format!("no check at {at}").into())
    }

    /// Lets the clock run to `until` in 60 s steps, each followed by a check; returns them.
    fn run_to(&self, until: &str) -> Res<Vec<CheckOutcome>> {
        let end = t(until);
        let mut out = Vec::new();
        let mut now = self.clock.now_local();
        while now < end {
            now = (now + TimeDelta::seconds(60)).min(end);
            out.push(self.set(&now.format("%Y-%m-%dT%H:%M:%S").to_string())?);
        }
        Ok(out)
    }

    /// The notification log of `key`, read through the app's own database thread.
    fn logged(&self, key: &str) -> Res<Vec<NotificationRecord>> {
        let state = self.app.state::<AppState>();
        let key = key.to_string();
        let rows = tauri::async_runtime::block_on(state.db.call(move |s| s.notification_log(&[key.as_str()])))
            .map_err(|e| format!("{}: {}", e.code, e.message))?;
        Ok(rows)
    }

    /// Stops the notifier (as the app does on exit) and closes the app.
    fn stop(self) {
        {
            let state = self.app.state::<AppState>();
            tauri::async_runtime::block_on(state.notifier.stop());
        }
        drop(self);
    }

    fn add_terminal(&self, sn: &str) -> TestResult {
        self.write("add_terminal", json!({"sn": sn, "patch": {"brand": "PAX", "model": "A920", "store": "朝阳路店"}}))?;
        Ok(())
    }

    fn add_sim(&self, iccid: &str, expires: &str, sn: Option<&str>) -> TestResult {
        self.write("add_sim", json!({"iccid": iccid, "patch": {"expires_on": expires}, "terminalSn": sn}))?;
        Ok(())
    }

    fn quiet_hours_off(&self) -> TestResult {
        assert_eq!(self.write("set_setting", json!({"key": "quiet_hours", "value": "off"}))?, json!("off"));
        Ok(())
    }
}

fn shown(at: &str, summary: &str, body: &str) -> Shown {
    (at.to_string(), summary.to_string(), body.to_string())
}

fn record(key: &str, due_on: &str, urgency: Urgency, local_date: &str, summary: bool) -> NotificationRecord {
    NotificationRecord { key: key.to_string(), due_on: d(due_on), urgency, local_date: d(local_date), summary }
}

fn held_at(checks: &[CheckOutcome]) -> Vec<(String, bool, usize)> {
    checks.iter().map(|c| (c.at.format("%H:%M:%S").to_string(), c.held, c.shown)).collect()
}

/// The app quits (or the PC is switched off) and starts again at `at`.
fn restart(app: Run, at: &str) -> Res<Run> {
    let (db, clock) = (app.db.clone(), Arc::clone(&app.clock));
    app.stop();
    clock.set(t(at));
    start(&db, &clock)
}

const SN: &str = "PAX-A920-0001";
const ICCID: &str = "89860012345678900016";
const KEY: &str = "sim_expiry:89860012345678900016";
const TITLE: &str = "流量卡到期：PAX A920 · 朝阳路店 · SN PAX-A920-0001 · 卡号 …900016";
