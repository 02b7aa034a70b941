//! The notifier: a tokio task that executes the core's notification decision (SPEC §3).
//!
//! It checks at start (catching up on whatever came due while the app was closed or the PC slept)
//! and then whenever at least [`PERIOD`] of *wall-clock* time has passed, polling every [`TICK`]:
//! after a suspend the monotonic timers are late, the wall clock is not, so a check follows the
//! wake-up within one tick. Each check loads the reminders as of the local date, asks
//! `notify::decide` what to show given the notification log and the quiet hours, shows it, and
//! logs what was shown, so nothing is notified twice for the same level, across restarts.
//!
//! Commands: [`Notifier::check_now`] (after every write), [`Notifier::stop`] (clean stop: the
//! check in progress finishes, then the task ends and acknowledges).

use crate::db::Db;
use crate::error::ApiError;
use poskeeper::clock::Clock;
use poskeeper::i18n::Lang;
use poskeeper::reminders::notify::{self, Decision, Notification};
use poskeeper::store::NotificationRecord;
use std::sync::Arc;
use std::time::{Duration, SystemTime};
use tokio::sync::{mpsc, oneshot};

/// Wall-clock time between two checks. With [`TICK`] added, checks are never more than 60 s apart.
pub const PERIOD: Duration = Duration::from_secs(50);
/// How often the task looks at the wall clock.
pub const TICK: Duration = Duration::from_secs(10);
/// The start-up check waits at most this long for the UI's first paint.
pub const FIRST_CHECK_DELAY: Duration = Duration::from_secs(3);
/// The day's automatic backup waits this long after start.
pub const BACKUP_DELAY: Duration = Duration::from_secs(30);

/// Where the notifier's results go: the OS notification service, the UI and the tray.
pub trait Output: Send + Sync + 'static {
    /// Shows one notification; false when it could not be handed to the OS.
    fn show(&self, summary: &str, body: &str) -> bool;
    /// The list changed or was re-checked: `due` items are listed and not acknowledged.
    fn changed(&self, due: usize, lang: Lang);
    /// A check could not be made (the database is closed — damaged, or never opened — or a
    /// query failed). Said once per error, not at every tick: the same error again is not.
    fn failed(&self, _error: &ApiError) {}
}

#[derive(Debug)]
pub enum Command {
    /// Check now (after a write, or when the UI asks).
    CheckNow,
    /// Finish and acknowledge.
    Stop(oneshot::Sender<()>),
}

/// A handle to the notifier. Commands sent before [`Notifier::start`] wait in its channel.
#[derive(Debug)]
pub struct Notifier {
    tx: mpsc::UnboundedSender<Command>,
    rx: std::sync::Mutex<Option<mpsc::UnboundedReceiver<Command>>>,
}

/// What one check found and did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckOutcome {
    /// Listed reminders that are not acknowledged.
    pub due: usize,
    pub lang: Lang,
    /// Notifications handed to the OS.
    pub shown: usize,
    /// Something is due but held back by quiet hours.
    pub held: bool,
}

impl Default for Notifier {
    fn default() -> Notifier {
        Notifier::new()
    }
}

impl Notifier {
    /// A notifier not started yet.
    pub fn new() -> Notifier {
        let (tx, rx) = mpsc::unbounded_channel();
        Notifier { tx, rx: std::sync::Mutex::new(Some(rx)) }
    }

    /// Starts the task on Tauri's async runtime (once; later calls do nothing).
    pub fn start(&self, db: Db, clock: Arc<dyn Clock>, out: Arc<dyn Output>) {
        let rx = self.rx.lock().ok().and_then(|mut r| r.take());
        if let Some(rx) = rx {
            tauri::async_runtime::spawn(run(rx, db, clock, out));
        }
    }

    pub fn check_now(&self) {
        let _ = self.tx.send(Command::CheckNow);
    }

    /// Asks the task to stop and waits (at most 2 s) until it has.
    pub async fn stop(&self) {
        let (ack, done) = oneshot::channel();
        if self.tx.send(Command::Stop(ack)).is_ok() {
            let _ = tokio::time::timeout(Duration::from_secs(2), done).await;
        }
    }
}

async fn run(mut rx: mpsc::UnboundedReceiver<Command>, db: Db, clock: Arc<dyn Clock>, out: Arc<dyn Output>) {
    let mut last_check: Option<SystemTime> = None;
    let mut last_due: Option<(usize, Lang)> = None;
    let mut forced = true;
    let mut rotated_on: Option<chrono::NaiveDate> = None;
    // The error the last check failed with: the same one again is not logged again (a closed
    // database answers every check with it until a backup is restored).
    let mut failing: Option<ApiError> = None;
    let started = std::time::Instant::now();
    // The start-up check waits for the UI's first paint (`ui_ready` sends CheckNow) or a write, at
    // most FIRST_CHECK_DELAY, so the first screen's queries do not queue behind it.
    match tokio::time::timeout(FIRST_CHECK_DELAY, rx.recv()).await {
        Ok(Some(Command::Stop(ack))) => {
            let _ = ack.send(());
            return;
        }
        Ok(None) => return,
        Ok(Some(Command::CheckNow)) | Err(_) => {}
    }
    // Checks write (the log of what was shown): the whole file is checked first, if the UI has
    // not had it checked already.
    db.check();
    loop {
        let elapsed_enough = match last_check {
            None => true,
            // A wall clock that went backwards (time zone, manual change) also triggers a check.
            Some(t) => SystemTime::now().duration_since(t).map_or(true, |d| d >= PERIOD),
        };
        if forced || elapsed_enough {
            let checked = check(&db, clock.as_ref(), &out).await;
            let ok = checked.is_ok();
            match checked {
                Ok(o) => {
                    if failing.take().is_some() {
                        log::info!("reminder checks work again");
                    }
                    log::info!("reminder check: due={} shown={} held={}", o.due, o.shown, o.held);
                    if forced || o.shown > 0 || last_due != Some((o.due, o.lang)) {
                        out.changed(o.due, o.lang);
                    }
                    last_due = Some((o.due, o.lang));
                }
                Err(e) => {
                    if failing.as_ref() != Some(&e) {
                        log::warn!("reminder check failed: {e}");
                        out.failed(&e);
                    }
                    failing = Some(e);
                }
            }
            last_check = Some(SystemTime::now());
            forced = false;
            // The automatic backups (SPEC §6): once a day, 7 daily and 4 weekly copies kept; not
            // in the first half minute, so the copy does not hold up the first screen. Only after
            // a check that worked: a closed (damaged) database is not copied, and not tried again
            // at every tick.
            let now = clock.now_local();
            if ok && rotated_on != Some(now.date()) && started.elapsed() >= BACKUP_DELAY {
                match db.call(move |store| poskeeper::files::backup::rotate(store, now)).await {
                    Ok(r) => log::info!("backups: {} made, {} removed", r.created.len(), r.removed.len()),
                    Err(e) => log::warn!("automatic backup failed: {e}"),
                }
                rotated_on = Some(now.date());
            }
        }
        tokio::select! {
            cmd = rx.recv() => match cmd {
                Some(Command::CheckNow) => forced = true,
                Some(Command::Stop(ack)) => {
                    let _ = ack.send(());
                    break;
                }
                None => break,
            },
            () = tokio::time::sleep(TICK) => {}
        }
    }
    log::info!("notifier stopped");
}

/// The effective UI language: the stored setting, else the OS locale, else zh-CN.
pub fn effective_lang(store: &poskeeper::Store, settings: &poskeeper::store::Settings) -> poskeeper::Result<Lang> {
    let stored: i64 =
        store.conn().query_row("SELECT count(*) FROM settings WHERE key = ?1", ["language"], |r| r.get(0))?;
    let stored = stored > 0;
    Ok(if stored { settings.language } else { os_lang().unwrap_or(settings.language) })
}

/// The language of the desktop session, if it names one (not `C`/`POSIX`).
pub fn os_lang() -> Option<Lang> {
    ["LC_ALL", "LC_MESSAGES", "LANG"]
        .iter()
        .filter_map(|v| std::env::var(v).ok())
        .find(|v| !v.is_empty())
        .filter(|v| {
            let l = v.to_ascii_lowercase();
            l != "c" && !l.starts_with("c.") && l != "posix"
        })
        .and_then(|v| Lang::from_locale(&v))
}

/// One check: decide, show, log. Only what the OS accepted is logged; the rest is tried again at
/// the next check.
pub async fn check(db: &Db, clock: &dyn Clock, out: &Arc<dyn Output>) -> Result<CheckOutcome, ApiError> {
    let now_local = clock.now_local();
    let now_utc = clock.now_utc();
    let (due, lang, decision) = db
        .call(move |store| {
            let settings = store.settings()?;
            let lang = effective_lang(store, &settings)?;
            let listed = store.listed_reminders(now_local.date(), lang)?;
            let due = listed.iter().filter(|r| !r.acknowledged).count();
            if !settings.notifications {
                return Ok((due, lang, Decision::default()));
            }
            let keys: Vec<&str> = listed.iter().map(|r| r.key.as_str()).collect();
            let log = store.notification_log(&keys)?;
            Ok((due, lang, notify::decide(&listed, &log, now_local, settings.quiet_hours, lang)))
        })
        .await?;
    // Handing a notification over can block (a D-Bus round trip), so not on an async worker.
    let out = Arc::clone(out);
    let (shown, records) = tauri::async_runtime::spawn_blocking(move || {
        let mut shown = 0;
        let mut records: Vec<NotificationRecord> = Vec::new();
        for n in &decision.notifications {
            match n {
                Notification::Single { key, summary, body } => {
                    if out.show(summary, body) {
                        shown += 1;
                        records.extend(decision.records.iter().filter(|r| &r.key == key).cloned());
                    }
                }
                Notification::Summary { summary, body, .. } => {
                    if out.show(summary, body) {
                        shown += 1;
                        records.extend(decision.records.iter().cloned());
                    }
                }
            }
        }
        (shown, records)
    })
    .await
    .map_err(|e| ApiError::new("internal", format!("the notification thread failed: {e}")))?;
    let held = decision.held;
    if !records.is_empty() {
        db.call(move |store| store.log_notifications(&records, now_utc)).await?;
    }
    Ok(CheckOutcome { due, lang, shown, held })
}
