//! The notifier: a tokio task that executes the core's notification decision (SPEC §3).
//!
//! It checks at start (catching up on whatever came due while the app was closed or the PC slept)
//! and then whenever at least [`PERIOD`] has passed on the app's clock (its wall clock) or on the
//! monotonic one, polling every [`TICK`]: after a suspend the monotonic timers are late, the wall
//! clock is not, so a check follows the wake-up within one tick; a clock set back also triggers
//! one. The clock is the shell's ([`crate::clock`]), so a test moves time by moving that clock;
//! [`Timing`] holds the pace (the real app's is [`Timing::default`]). Each check loads the reminders as of the local date, asks
//! `notify::decide` what to show given the notification log and the quiet hours, shows it, and
//! logs what was shown, so nothing is notified twice for the same level, across restarts. After a
//! check that worked, the phone channels get their round ([`crate::pusher`]), which runs on its own
//! and never holds the next check.
//!
//! Commands: [`Notifier::check_now`] (after every write), [`Notifier::stop`] (clean stop: the
//! check in progress finishes, then the task ends and acknowledges).

use crate::db::Db;
use crate::error::ApiError;
use crate::lang::effective_lang;
use poskeeper::clock::Clock;
use poskeeper::i18n::Lang;
use poskeeper::reminders::notify::{self, Decision, Notification, NotificationRecord};
use std::sync::Arc;
use std::time::{Duration, Instant};
use tokio::sync::{mpsc, oneshot};

/// Wall-clock time between two checks. With [`TICK`] added, checks are never more than 60 s apart.
pub const PERIOD: Duration = Duration::from_secs(50);
/// How often the task looks at the wall clock.
pub const TICK: Duration = Duration::from_secs(10);
/// The start-up check waits at most this long for the UI's first paint.
pub const FIRST_CHECK_DELAY: Duration = Duration::from_secs(3);
/// The day's automatic backup waits this long after start.
pub const BACKUP_DELAY: Duration = Duration::from_secs(30);

/// How the notifier paces itself. The real app runs with [`Timing::default`] (the constants
/// above); a test that moves the clock polls it more often and need not wait for the first
/// backup. The rules (what is shown, when a check is due) are the same at every pace.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Timing {
    /// Time between two checks, on the app's clock or the monotonic one.
    pub period: Duration,
    /// How often the task looks at the clocks.
    pub tick: Duration,
    /// The start-up check waits at most this long for the UI's first paint.
    pub first_check_delay: Duration,
    /// The day's automatic backup waits this long (monotonic) after start.
    pub backup_delay: Duration,
}

impl Default for Timing {
    fn default() -> Timing {
        Timing { period: PERIOD, tick: TICK, first_check_delay: FIRST_CHECK_DELAY, backup_delay: BACKUP_DELAY }
    }
}
/// What became of one notification handed to the OS.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Delivery {
    /// The notification service took it (it answered with an id).
    Shown,
    /// It is not on screen: the service answered with an error, or none could be reached. Tried
    /// again at the next check.
    Refused,
    /// Sent, but no answer came in time (a hung service): it may still be shown when the service
    /// wakes. Logged as shown and not sent again, since a second copy is worse than relying on
    /// the in-app list, which is the source of truth.
    Unknown,
}

/// Where the notifier's results go: the OS notification service, the UI and the tray.
pub trait Output: Send + Sync + 'static {
    /// Shows one notification; false when it could not be handed to the OS.
    fn show(&self, summary: &str, body: &str) -> bool;
    /// Shows one notification and says what became of it. By default [`Output::show`]'s answer:
    /// shown or refused; an output that can tell a call left unanswered says
    /// [`Delivery::Unknown`]. The notifier calls this one.
    fn deliver(&self, summary: &str, body: &str) -> Delivery {
        if self.show(summary, body) {
            Delivery::Shown
        } else {
            Delivery::Refused
        }
    }
    /// The list changed or was re-checked: `due` items are listed and not acknowledged.
    fn changed(&self, due: usize, lang: Lang);
    /// A check could not be made (the database is closed — damaged, or never opened — or a
    /// query failed). Said once per error, not at every tick: the same error again is not.
    fn failed(&self, _error: &ApiError) {}
    /// A check was made, and then the day's backup if one was due: what the check found. The
    /// real app's output has nothing to do here; a test waits on it for a check at a given time.
    fn checked(&self, _outcome: &CheckOutcome) {}
}

/// How long a stop waits for a phone push that is sending: a platform answers in well under a
/// second; one that hangs is not waited for (its reminder may then go again after the restart).
pub const PUSH_STOP_WAIT: Duration = Duration::from_secs(5);

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
    /// The local time (the app's clock) the check was made for.
    pub at: chrono::NaiveDateTime,
    /// Listed reminders that are not acknowledged.
    pub due: usize,
    pub lang: Lang,
    /// Notifications handed to the OS: shown, or sent without an answer ([`Delivery::Unknown`]).
    pub shown: usize,
    /// Of those, the ones sent without an answer.
    pub unconfirmed: usize,
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
        self.start_with(db, clock, out, Timing::default());
    }

    /// [`Notifier::start`] at the pace `timing`.
    pub fn start_with(&self, db: Db, clock: Arc<dyn Clock>, out: Arc<dyn Output>, timing: Timing) {
        let rx = self.rx.lock().ok().and_then(|mut r| r.take());
        if let Some(rx) = rx {
            tauri::async_runtime::spawn(run(rx, db, clock, out, timing));
        }
    }

    pub fn check_now(&self) {
        let _ = self.tx.send(Command::CheckNow);
    }

    /// Asks the task to stop and waits until it has: at most 2 s, plus [`PUSH_STOP_WAIT`] for a
    /// phone push that is sending.
    pub async fn stop(&self) {
        let (ack, done) = oneshot::channel();
        if self.tx.send(Command::Stop(ack)).is_ok() {
            let _ = tokio::time::timeout(Duration::from_secs(2) + PUSH_STOP_WAIT, done).await;
        }
    }
}

async fn run(
    mut rx: mpsc::UnboundedReceiver<Command>,
    db: Db,
    clock: Arc<dyn Clock>,
    out: Arc<dyn Output>,
    timing: Timing,
) {
    // When the last check was made: the app's clock (UTC, so a time-zone change is no jump) and
    // the monotonic clock.
    let mut last_check: Option<(chrono::DateTime<chrono::Utc>, Instant)> = None;
    let mut last_due: Option<(usize, Lang)> = None;
    let mut forced = true;
    let mut rotated_on: Option<chrono::NaiveDate> = None;
    // The error the last check failed with: the same one again is not logged again (a closed
    // database answers every check with it until a backup is restored).
    let mut failing: Option<ApiError> = None;
    // Whether a phone push round is sending (`pusher`): at most one at a time.
    let pushing = Arc::new(std::sync::atomic::AtomicBool::new(false));
    let started = Instant::now();
    // The start-up check waits for the UI's first paint (`ui_ready` sends CheckNow) or a write, at
    // most FIRST_CHECK_DELAY, so the first screen's queries do not queue behind it.
    match tokio::time::timeout(timing.first_check_delay, rx.recv()).await {
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
        // Read once: the check, its log entries and the backup are all for this moment.
        let now_local = clock.now_local();
        let now_utc = clock.now_utc();
        let elapsed_enough = match last_check {
            None => true,
            Some((wall, mono)) => {
                // A wall clock that went backwards (manual change) also triggers a check.
                let wall_due = (now_utc - wall).to_std().map_or(true, |d| d >= timing.period);
                wall_due || mono.elapsed() >= timing.period
            }
        };
        if forced || elapsed_enough {
            let checked = check_at(&db, now_local, now_utc, &out).await;
            let outcome = checked.as_ref().ok().cloned();
            match checked {
                Ok(o) => {
                    if failing.take().is_some() {
                        log::info!("reminder checks work again");
                    }
                    log::info!(
                        "reminder check: due={} shown={} held={} unconfirmed={}",
                        o.due,
                        o.shown,
                        o.held,
                        o.unconfirmed
                    );
                    if forced || o.shown > 0 || last_due != Some((o.due, o.lang)) {
                        out.changed(o.due, o.lang);
                    }
                    last_due = Some((o.due, o.lang));
                    // After the desktop's own notifications: the phone channels' round.
                    crate::pusher::kick(&pushing, &db, &clock);
                }
                Err(e) => {
                    if failing.as_ref() != Some(&e) {
                        log::warn!("reminder check failed: {e}");
                        out.failed(&e);
                    }
                    failing = Some(e);
                }
            }
            // The time the check was made for: a clock moved during the check is seen at the
            // next tick.
            last_check = Some((now_utc, Instant::now()));
            forced = false;
            // The automatic backups (SPEC §6): once a day, 7 daily and 4 weekly copies kept; not
            // in the first half minute, so the copy does not hold up the first screen. Only after
            // a check that worked: a closed (damaged) database is not copied, and not tried again
            // at every tick.
            if let Some(o) = outcome {
                if rotated_on != Some(now_local.date()) && started.elapsed() >= timing.backup_delay {
                    let rotated = db
                        .call(move |store| {
                            let r = poskeeper::files::backup::rotate(store, now_local)?;
                            // Once a day too: the notification logs forget what no decision
                            // reads again (after the day's copy, which still holds it).
                            match store.forget_old_notifications(now_local.date()) {
                                Ok(n) => log::info!("notification logs: {n} old entries forgotten"),
                                Err(e) => log::warn!("notification logs not trimmed: {e}"),
                            }
                            Ok((r, effective_lang(store, &store.settings()?)?))
                        })
                        .await;
                    match rotated {
                        Ok((r, lang)) => {
                            log::info!("backups: {} made, {} removed", r.created.len(), r.removed.len());
                            // Never a silent loss: the chosen folder (a USB stick) is gone, and
                            // the user is told where the copy went.
                            if let Some(f) = &r.fell_back {
                                log::warn!("automatic backup: {}; written to the default folder", f.error());
                                let (summary, body) = fell_back_note(f, lang);
                                out.show(&summary, &body);
                            }
                        }
                        Err(e) => log::warn!("automatic backup failed: {e}"),
                    }
                    rotated_on = Some(now_local.date());
                }
                out.checked(&o);
            }
        }
        tokio::select! {
            cmd = rx.recv() => match cmd {
                Some(Command::CheckNow) => forced = true,
                Some(Command::Stop(ack)) => {
                    // A phone push that is sending is let finish and log what it sent (else the
                    // next start would send it again), for at most PUSH_STOP_WAIT.
                    let waited = Instant::now();
                    while pushing.load(std::sync::atomic::Ordering::SeqCst) && waited.elapsed() < PUSH_STOP_WAIT {
                        tokio::time::sleep(Duration::from_millis(10)).await;
                    }
                    let _ = ack.send(());
                    break;
                }
                None => break,
            },
            () = tokio::time::sleep(timing.tick) => {}
        }
    }
    log::info!("notifier stopped");
}

/// The notification saying the day's backup went to the default folder, and why.
pub fn fell_back_note(f: &poskeeper::files::backup_place::FellBack, lang: Lang) -> (String, String) {
    let why = f.error().message(lang);
    match lang {
        Lang::En => (
            "Backup saved in the default folder".into(),
            format!("{why}. Today's automatic backup was saved in the default folder instead."),
        ),
        Lang::ZhTw => ("備份已存到預設位置".into(), format!("{why}。今天的自動備份改存到預設位置，資料沒有遺失。")),
        Lang::ZhCn => ("备份已存到默认位置".into(), format!("{why}。今天的自动备份改存到了默认位置，数据没有丢失。")),
    }
}

/// One check: decide, show, log. What the OS took, or was sent and left unanswered
/// ([`Delivery::Unknown`]), is logged; what it refused is tried again at the next check. After a
/// call left unanswered the rest wait for the next check (not sent, not logged): the service is
/// hung, and each call would wait its timeout.
pub async fn check(db: &Db, clock: &dyn Clock, out: &Arc<dyn Output>) -> Result<CheckOutcome, ApiError> {
    check_at(db, clock.now_local(), clock.now_utc(), out).await
}

/// [`check`] for the moment `now_local` (local time) = `now_utc`.
async fn check_at(
    db: &Db,
    now_local: chrono::NaiveDateTime,
    now_utc: chrono::DateTime<chrono::Utc>,
    out: &Arc<dyn Output>,
) -> Result<CheckOutcome, ApiError> {
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
    // Handing a notification over can block (a D-Bus round trip, bounded by the output's
    // timeout), so not on an async worker, and not on the database thread.
    let out = Arc::clone(out);
    let (shown, unconfirmed, records) = tauri::async_runtime::spawn_blocking(move || {
        let (mut shown, mut unconfirmed) = (0, 0);
        let mut records: Vec<NotificationRecord> = Vec::new();
        for n in &decision.notifications {
            let (summary, body, key) = match n {
                Notification::Single { key, summary, body } => (summary, body, Some(key)),
                Notification::Summary { summary, body, .. } => (summary, body, None),
            };
            let delivery = out.deliver(summary, body);
            if delivery == Delivery::Refused {
                continue;
            }
            shown += 1;
            records.extend(decision.records.iter().filter(|r| key.is_none_or(|k| &r.key == k)).cloned());
            if delivery == Delivery::Unknown {
                unconfirmed += 1;
                log::warn!(
                    "notification \"{summary}\" not confirmed (no answer from the notification service): \
                     logged as shown, not sent again; the in-app list has it"
                );
                break;
            }
        }
        (shown, unconfirmed, records)
    })
    .await
    .map_err(|e| ApiError::new("internal", format!("the notification thread failed: {e}")))?;
    let held = decision.held;
    if !records.is_empty() {
        db.call(move |store| store.log_notifications(&records, now_utc)).await?;
    }
    Ok(CheckOutcome { at: now_local, due, lang, shown, unconfirmed, held })
}
