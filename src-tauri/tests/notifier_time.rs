//! The reminder promise of SPEC §3 through time: the real notifier and the real core (a SQLite
//! file in a temporary folder), in an app built with Tauri's mock runtime, with a clock the test
//! moves. The notifier polls that clock every few milliseconds ([`TIMING`]) and checks when it
//! has moved a period (50 s) or gone back, as the real app does with the wall clock; the tests move
//! it in 60 s steps (a running clock) or in jumps (sleep, a clock set back, days off).
//!
//! Every expectation is written out here: keys, dates, titles and file names are literals, not
//! computed by the code under test. Local time is Asia/Shanghai (UTC+8); quiet hours are the
//! default 21:00–08:00 unless a test turns them off.

mod common;
use chrono::{DateTime, NaiveDate, NaiveDateTime, TimeDelta, Utc};
use poskeeper::clock::Clock;
use poskeeper::domain::Urgency;
use poskeeper::i18n::Lang;
use poskeeper::store::NotificationRecord;
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

const SN: &str = "PAX-A920-0001";
const ICCID: &str = "89860012345678900016";
const KEY: &str = "sim_expiry:89860012345678900016";
const TITLE: &str = "流量卡到期：PAX A920 · 朝阳路店 · SN PAX-A920-0001 · 卡号 …900016";

#[test]
fn held_in_quiet_hours_the_reminder_goes_out_once_when_they_end() -> TestResult {
    let dir = tempfile::tempdir()?;
    let clock = TestClock::at("2026-11-22T07:56:00");
    let app = start(&dir.path().join("poskeeper.db"), &clock)?;
    app.add_terminal(SN)?;
    app.add_sim(ICCID, "2026-11-25", Some(SN))?;
    let seeded = app.checks();
    assert!(seeded.last().is_some_and(|c| c.held && c.shown == 0 && c.due == 1), "{seeded:?}");

    let checks = app.run_to("2026-11-22T08:04:00")?;
    assert_eq!(
        held_at(&checks),
        [
            ("07:57:00".to_string(), true, 0),
            ("07:58:00".to_string(), true, 0),
            ("07:59:00".to_string(), true, 0),
            ("08:00:00".to_string(), false, 1),
            ("08:01:00".to_string(), false, 0),
            ("08:02:00".to_string(), false, 0),
            ("08:03:00".to_string(), false, 0),
            ("08:04:00".to_string(), false, 0),
        ]
    );
    assert_eq!(app.shown(), [shown("2026-11-22T08:00:00", TITLE, "还有 3 天到期（2026年11月25日）")]);
    assert_eq!(app.logged(KEY)?, [record(KEY, "2026-11-25", Urgency::Soon, "2026-11-22", false)]);
    // Quiet hours come back at 21:00 and end again the next morning: "soon" was told already.
    app.set("2026-11-22T20:59:00")?;
    app.run_to("2026-11-22T21:02:00")?;
    app.set("2026-11-23T07:58:00")?;
    app.run_to("2026-11-23T08:03:00")?;
    assert_eq!(app.shown().len(), 1, "{:?}", app.shown());
    app.stop();
    Ok(())
}

#[test]
fn an_overdue_reminder_is_told_again_after_midnight_once_a_day() -> TestResult {
    let dir = tempfile::tempdir()?;
    let clock = TestClock::at("2026-11-22T23:55:00");
    let app = start(&dir.path().join("poskeeper.db"), &clock)?;
    app.quiet_hours_off()?;
    app.add_terminal(SN)?;
    app.add_sim(ICCID, "2026-11-20", Some(SN))?;
    assert_eq!(app.shown(), [shown("2026-11-22T23:55:00", TITLE, "已逾期 2 天（2026年11月20日）")]);

    let checks = app.run_to("2026-11-23T00:04:00")?;
    assert_eq!(checks.iter().map(|c| c.shown).sum::<usize>(), 1, "{checks:?}");
    // Later the same day: nothing; the day after: once more.
    app.set("2026-11-23T12:00:00")?;
    app.set("2026-11-23T23:59:00")?;
    app.run_to("2026-11-24T00:02:00")?;
    app.set("2026-11-24T18:30:00")?;
    assert_eq!(
        app.shown(),
        [
            shown("2026-11-22T23:55:00", TITLE, "已逾期 2 天（2026年11月20日）"),
            shown("2026-11-23T00:00:00", TITLE, "已逾期 3 天（2026年11月20日）"),
            shown("2026-11-24T00:00:00", TITLE, "已逾期 4 天（2026年11月20日）"),
        ]
    );
    assert_eq!(
        app.logged(KEY)?,
        [
            record(KEY, "2026-11-20", Urgency::Overdue, "2026-11-22", false),
            record(KEY, "2026-11-20", Urgency::Overdue, "2026-11-23", false),
            record(KEY, "2026-11-20", Urgency::Overdue, "2026-11-24", false),
        ]
    );
    app.stop();
    Ok(())
}

#[test]
fn with_quiet_hours_the_next_days_overdue_notice_waits_for_eight() -> TestResult {
    let dir = tempfile::tempdir()?;
    let clock = TestClock::at("2026-11-22T20:57:00");
    let app = start(&dir.path().join("poskeeper.db"), &clock)?;
    app.add_terminal(SN)?;
    app.add_sim(ICCID, "2026-11-20", Some(SN))?;
    app.run_to("2026-11-22T21:01:00")?;
    app.set("2026-11-22T23:59:00")?;
    app.run_to("2026-11-23T00:02:00")?;
    app.set("2026-11-23T07:58:00")?;
    app.run_to("2026-11-23T08:02:00")?;
    assert_eq!(
        app.shown(),
        [
            shown("2026-11-22T20:57:00", TITLE, "已逾期 2 天（2026年11月20日）"),
            shown("2026-11-23T08:00:00", TITLE, "已逾期 3 天（2026年11月20日）"),
        ]
    );
    app.stop();
    Ok(())
}

#[test]
fn waking_from_ten_hours_of_sleep_catches_up_in_one_summary() -> TestResult {
    let dir = tempfile::tempdir()?;
    let clock = TestClock::at("2026-11-22T22:36:00");
    let app = start(&dir.path().join("poskeeper.db"), &clock)?;
    app.add_terminal(SN)?;
    // Due tomorrow ("soon" tonight, "today" tomorrow), and four that enter their 30-day lead
    // window tomorrow (2026-12-23 is 31 days from 2026-11-22).
    app.add_sim(ICCID, "2026-11-23", Some(SN))?;
    for iccid in ["89860012345678900024", "89860012345678900032", "89860012345678900040", "89860012345678900057"] {
        app.add_sim(iccid, "2026-12-23", None)?;
    }
    app.run_to("2026-11-22T22:40:00")?;
    assert_eq!(app.shown(), []);
    // The PC sleeps at 22:40 and wakes at 08:40.
    let woke = app.set("2026-11-23T08:40:00")?;
    assert_eq!((woke.due, woke.shown, woke.held), (5, 1, false));
    let after = app.run_to("2026-11-23T08:45:00")?;
    assert_eq!(after.iter().map(|c| c.shown).sum::<usize>(), 0, "{after:?}");
    assert_eq!(app.shown(), [shown("2026-11-23T08:40:00", "有 5 项需要处理", "流量卡到期 5")]);
    assert_eq!(app.logged(KEY)?, [record(KEY, "2026-11-23", Urgency::Today, "2026-11-23", true)]);
    let other = "sim_expiry:89860012345678900057";
    assert_eq!(app.logged(other)?, [record(other, "2026-12-23", Urgency::Upcoming, "2026-11-23", true)]);

    // Two more, entering their window on 2026-11-25; the PC sleeps through 2026-11-24 (the day
    // the first became overdue) and wakes at 09:00 on the 25th: three at once are three single
    // notifications (a summary is for more than three), the overdue one first (by due date).
    app.add_sim("89860012345678900065", "2026-12-25", None)?;
    app.add_sim("89860012345678900073", "2026-12-25", None)?;
    app.set("2026-11-24T23:00:00")?;
    let woke = app.set("2026-11-25T09:00:00")?;
    assert_eq!((woke.shown, woke.held), (3, false), "{woke:?}");
    app.run_to("2026-11-25T09:03:00")?;
    assert_eq!(
        app.shown()[1..],
        [
            shown("2026-11-25T09:00:00", TITLE, "已逾期 2 天（2026年11月23日）"),
            shown(
                "2026-11-25T09:00:00",
                "流量卡到期：卡号 89860012345678900065（未装机）",
                "还有 30 天到期（2026年12月25日）"
            ),
            shown(
                "2026-11-25T09:00:00",
                "流量卡到期：卡号 89860012345678900073（未装机）",
                "还有 30 天到期（2026年12月25日）"
            ),
        ]
    );
    app.stop();
    Ok(())
}

#[test]
fn a_clock_set_back_tells_nothing_twice() -> TestResult {
    let dir = tempfile::tempdir()?;
    let clock = TestClock::at("2026-11-22T23:58:00");
    let app = start(&dir.path().join("poskeeper.db"), &clock)?;
    app.quiet_hours_off()?;
    app.add_terminal(SN)?;
    app.add_sim(ICCID, "2026-11-23", Some(SN))?;
    app.add_sim("89860012345678900024", "2026-11-20", None)?;
    app.run_to("2026-11-23T00:01:00")?;
    let told = vec![
        shown("2026-11-22T23:58:00", TITLE, "明天到期（2026年11月23日）"),
        shown(
            "2026-11-22T23:58:00",
            "流量卡到期：卡号 89860012345678900024（未装机）",
            "已逾期 2 天（2026年11月20日）",
        ),
    ];
    let mut expected = told.clone();
    // After midnight, in the list's order (by due date): the overdue one, then the one due today.
    expected.extend([
        shown(
            "2026-11-23T00:00:00",
            "流量卡到期：卡号 89860012345678900024（未装机）",
            "已逾期 3 天（2026年11月20日）",
        ),
        shown("2026-11-23T00:00:00", TITLE, "今天到期（2026年11月23日）"),
    ]);
    assert_eq!(app.shown(), expected);

    // Set back half an hour, across midnight: a check follows at once, and tells nothing.
    let back = app.set("2026-11-22T23:30:00")?;
    assert_eq!((back.due, back.shown), (2, 0));
    app.run_to("2026-11-22T23:33:00")?;
    // Forward again past midnight, and set back an hour in the morning.
    app.set("2026-11-22T23:59:00")?;
    app.run_to("2026-11-23T00:03:00")?;
    app.set("2026-11-23T10:00:00")?;
    let back = app.set("2026-11-23T09:00:00")?;
    assert_eq!(back.shown, 0);
    assert_eq!(app.shown(), expected);
    assert_eq!(
        app.logged(KEY)?,
        [
            record(KEY, "2026-11-23", Urgency::Soon, "2026-11-22", false),
            record(KEY, "2026-11-23", Urgency::Today, "2026-11-23", false),
        ]
    );
    app.stop();
    Ok(())
}

#[test]
fn a_notification_the_os_refused_is_shown_once_and_logged_once_when_it_accepts() -> TestResult {
    let dir = tempfile::tempdir()?;
    let clock = TestClock::at("2026-11-22T09:00:00");
    let app = start(&dir.path().join("poskeeper.db"), &clock)?;
    app.rec.refuse.store(true, Ordering::SeqCst);
    app.add_terminal(SN)?;
    app.add_sim(ICCID, "2026-11-25", Some(SN))?;
    let refused = app.run_to("2026-11-22T09:02:00")?;
    assert_eq!(held_at(&refused), [("09:01:00".to_string(), false, 0), ("09:02:00".to_string(), false, 0)]);
    // Once for the check after add_sim, once at each of 09:01 and 09:02.
    assert_eq!(app.rec.refused.load(Ordering::SeqCst), 3);
    assert_eq!(app.shown(), []);
    assert_eq!(app.logged(KEY)?, []);

    app.rec.refuse.store(false, Ordering::SeqCst);
    let accepted = app.run_to("2026-11-22T09:06:00")?;
    assert_eq!(accepted.iter().map(|c| c.shown).collect::<Vec<_>>(), [1, 0, 0, 0]);
    assert_eq!(app.shown(), [shown("2026-11-22T09:03:00", TITLE, "还有 3 天到期（2026年11月25日）")]);
    assert_eq!(app.logged(KEY)?, [record(KEY, "2026-11-25", Urgency::Soon, "2026-11-22", false)]);
    assert_eq!(app.rec.refused.load(Ordering::SeqCst), 3);
    app.stop();
    Ok(())
}

#[test]
fn a_notification_sent_to_a_hung_service_is_logged_once_and_never_sent_again() -> TestResult {
    let dir = tempfile::tempdir()?;
    let clock = TestClock::at("2026-11-22T09:00:00");
    let mut app = start(&dir.path().join("poskeeper.db"), &clock)?;
    // The notification service hangs (a stopped dunst): calls go out, no answer comes.
    app.rec.hung.store(true, Ordering::SeqCst);
    app.add_terminal(SN)?;
    app.add_sim(ICCID, "2026-11-25", Some(SN))?;
    let sent = app.checks();
    assert!(sent.last().is_some_and(|c| (c.due, c.shown, c.unconfirmed) == (1, 1, 1)), "{sent:?}");
    let unanswered = vec![shown("2026-11-22T09:00:00", TITLE, "还有 3 天到期（2026年11月25日）")];
    assert_eq!(app.unanswered(), unanswered);
    assert_eq!(app.logged(KEY)?, [record(KEY, "2026-11-25", Urgency::Soon, "2026-11-22", false)]);

    // Still hung for a while, then awake: nothing is sent again.
    let later = app.run_to("2026-11-22T09:03:00")?;
    assert_eq!(later.iter().map(|c| (c.shown, c.unconfirmed)).collect::<Vec<_>>(), [(0, 0); 3]);
    app.rec.hung.store(false, Ordering::SeqCst);
    app.run_to("2026-11-22T09:06:00")?;
    assert_eq!(app.unanswered(), unanswered);
    assert_eq!(app.shown(), []);

    // Nor after a restart, nor later that day.
    app = restart(app, "2026-11-22T09:30:00")?;
    app.run_to("2026-11-22T09:33:00")?;
    app.set("2026-11-22T18:00:00")?;
    assert_eq!(app.shown(), []);
    assert_eq!(app.unanswered(), []);
    assert_eq!(app.logged(KEY)?, [record(KEY, "2026-11-25", Urgency::Soon, "2026-11-22", false)]);
    // The next level ("today", on the 25th) is told as usual.
    app.set("2026-11-25T09:00:00")?;
    assert_eq!(app.shown(), [shown("2026-11-25T09:00:00", TITLE, "今天到期（2026年11月25日）")]);
    app.stop();
    Ok(())
}

#[test]
fn after_a_call_left_unanswered_the_rest_wait_for_the_next_check() -> TestResult {
    let dir = tempfile::tempdir()?;
    let clock = TestClock::at("2026-11-22T07:58:00");
    let app = start(&dir.path().join("poskeeper.db"), &clock)?;
    app.add_terminal(SN)?;
    app.add_sim(ICCID, "2026-11-25", Some(SN))?;
    app.add_sim("89860012345678900024", "2026-11-26", None)?;
    app.rec.hung.store(true, Ordering::SeqCst);
    // Quiet hours end with the service hung: the first call gets no answer, the second is not
    // made (it would wait its timeout too) and goes out at the next check.
    let first = app.set("2026-11-22T08:00:00")?;
    assert_eq!((first.due, first.shown, first.unconfirmed, first.held), (2, 1, 1, false));
    let second = app.set("2026-11-22T08:01:00")?;
    assert_eq!((second.shown, second.unconfirmed), (1, 1));
    app.rec.hung.store(false, Ordering::SeqCst);
    let after = app.run_to("2026-11-22T08:05:00")?;
    assert_eq!(after.iter().map(|c| c.shown).sum::<usize>(), 0, "{after:?}");
    assert_eq!(
        app.unanswered(),
        [
            shown("2026-11-22T08:00:00", TITLE, "还有 3 天到期（2026年11月25日）"),
            shown(
                "2026-11-22T08:01:00",
                "流量卡到期：卡号 89860012345678900024（未装机）",
                "还有 4 天到期（2026年11月26日）"
            ),
        ]
    );
    assert_eq!(app.shown(), []);
    let other = "sim_expiry:89860012345678900024";
    assert_eq!(app.logged(other)?, [record(other, "2026-11-26", Urgency::Soon, "2026-11-22", false)]);
    app.stop();
    Ok(())
}

/// The daily and weekly copies in `backups/`, by name.
fn backups(db: &Path) -> Res<Vec<String>> {
    let mut names: Vec<String> = std::fs::read_dir(db.with_file_name("backups"))?
        .filter_map(|e| e.ok().map(|e| e.file_name().to_string_lossy().into_owned()))
        .filter(|n| n.starts_with("poskeeper-daily-") || n.starts_with("poskeeper-weekly-"))
        .collect();
    names.sort();
    Ok(names)
}

fn modified(db: &Path, name: &str) -> Res<SystemTime> {
    Ok(std::fs::metadata(db.with_file_name("backups").join(name))?.modified()?)
}

/// The day `date` with the PC on: the first check that day makes its daily copy, checks later
/// that day make none. Returns when the copy was made.
fn a_day(app: &Run, date: &str) -> Res<SystemTime> {
    let daily = format!("poskeeper-daily-{date}.db");
    let first = app.set(&format!("{date}T09:00:00"))?;
    assert_eq!(first.at.date(), d(date));
    let made = modified(&app.db, &daily)?;
    app.run_to(&format!("{date}T09:03:00"))?;
    assert_eq!(modified(&app.db, &daily)?, made, "{daily} made again");
    Ok(made)
}

/// The app quits (or the PC is switched off) and starts again at `at`.
fn restart(app: Run, at: &str) -> Res<Run> {
    let (db, clock) = (app.db.clone(), Arc::clone(&app.clock));
    app.stop();
    clock.set(t(at));
    start(&db, &clock)
}

#[test]
fn one_daily_backup_a_day_and_seven_daily_four_weekly_kept_over_a_month_with_days_off() -> TestResult {
    let dir = tempfile::tempdir()?;
    let db = dir.path().join("poskeeper.db");
    let clock = TestClock::at("2026-10-28T09:00:00");
    let mut app = start(&db, &clock)?;
    assert_eq!(backups(&db)?, ["poskeeper-daily-2026-10-28.db", "poskeeper-weekly-2026-W44.db"]);
    app.set("2026-10-28T09:01:00")?;

    // 10-29 the PC sleeps overnight; 10-30 comes at midnight, with the app running.
    a_day(&app, "2026-10-29")?;
    app.set("2026-10-29T23:58:00")?;
    let before = backups(&db)?;
    app.set("2026-10-29T23:59:00")?;
    assert_eq!(backups(&db)?, before);
    app.set("2026-10-30T00:00:00")?;
    assert!(backups(&db)?.contains(&"poskeeper-daily-2026-10-30.db".to_string()), "{:?}", backups(&db)?);
    let made = modified(&db, "poskeeper-daily-2026-10-30.db")?;
    app.run_to("2026-10-30T00:05:00")?;
    assert_eq!(modified(&db, "poskeeper-daily-2026-10-30.db")?, made);

    // Off on 10-31 and 11-01; on 11-02 it starts, and is restarted that afternoon: no second copy.
    app = restart(app, "2026-11-02T08:30:00")?;
    let made = a_day(&app, "2026-11-02")?;
    app = restart(app, "2026-11-02T14:00:00")?;
    assert_eq!(modified(&db, "poskeeper-daily-2026-11-02.db")?, made, "made again after a restart");
    for day in ["2026-11-03", "2026-11-04"] {
        a_day(&app, day)?;
    }
    // Off from 11-05 to 11-08; 11-11 slept through.
    app = restart(app, "2026-11-09T08:30:00")?;
    for day in ["2026-11-09", "2026-11-10", "2026-11-12", "2026-11-13"] {
        a_day(&app, day)?;
    }
    assert_eq!(
        backups(&db)?,
        [
            "poskeeper-daily-2026-11-02.db",
            "poskeeper-daily-2026-11-03.db",
            "poskeeper-daily-2026-11-04.db",
            "poskeeper-daily-2026-11-09.db",
            "poskeeper-daily-2026-11-10.db",
            "poskeeper-daily-2026-11-12.db",
            "poskeeper-daily-2026-11-13.db",
            "poskeeper-weekly-2026-W44.db",
            "poskeeper-weekly-2026-W45.db",
            "poskeeper-weekly-2026-W46.db",
        ]
    );
    // Off from 11-14 to 11-22: a whole week (W47) without a copy.
    app = restart(app, "2026-11-23T08:30:00")?;
    for day in ["2026-11-23", "2026-11-24", "2026-11-26", "2026-11-27"] {
        a_day(&app, day)?;
    }
    // Off on the weekend.
    app = restart(app, "2026-11-30T08:30:00")?;
    for day in ["2026-11-30", "2026-12-01"] {
        a_day(&app, day)?;
    }
    assert_eq!(
        backups(&db)?,
        [
            "poskeeper-daily-2026-11-13.db",
            "poskeeper-daily-2026-11-23.db",
            "poskeeper-daily-2026-11-24.db",
            "poskeeper-daily-2026-11-26.db",
            "poskeeper-daily-2026-11-27.db",
            "poskeeper-daily-2026-11-30.db",
            "poskeeper-daily-2026-12-01.db",
            "poskeeper-weekly-2026-W45.db",
            "poskeeper-weekly-2026-W46.db",
            "poskeeper-weekly-2026-W48.db",
            "poskeeper-weekly-2026-W49.db",
        ]
    );
    app.stop();
    Ok(())
}
