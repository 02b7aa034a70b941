//! One round of phone push: for each channel, what its own log says it has not had yet, decided
//! by the engine's notification rules (once per reminder and level, overdue ones once a day,
//! quiet hours, a summary beyond three), sent on a thread of its own, then logged — or the
//! failure recorded and the next try put off (1, 2, 4 … 60 minutes).
//!
//! The store is used on the caller's thread only; the sends run meanwhile, each with its
//! timeout, so one channel that hangs or fails delays no other, nor the desktop notification
//! (the app runs this after showing its own).

use super::compose::{compose, Push};
use super::request::{request, Request};
use super::send::send;
use super::{backoff, ChannelKind, ChannelStatus, Target};
use crate::error::{PushProblem, Result};
use crate::i18n::Lang;
use crate::reminders::notify::{decide, NotificationRecord};
use crate::reminders::Reminder;
use crate::store::Store;
use chrono::{DateTime, NaiveDateTime, Utc};
use serde::Serialize;
use std::time::Duration;

/// What became of one channel in a round.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "outcome", rename_all = "snake_case")]
pub enum Outcome {
    /// Sent, and the platform took it (`items` reminders).
    Sent { items: usize },
    /// Would be sent (a dry run).
    WouldSend { items: usize, text: String },
    /// Nothing new for this channel.
    Nothing,
    /// Something is due, held back by quiet hours.
    Held,
    /// After a failure, not tried again before this moment.
    Waiting { until: DateTime<Utc> },
    /// Another push (the app, or a scheduled `poskeeper push`) is sending to it right now.
    Busy,
    /// Sent, and refused or lost: the code and message (in the app's language) also stored
    /// with the channel; `problem` for a message in another language.
    Failed { code: String, message: String, problem: PushProblem },
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ChannelOutcome {
    pub id: i64,
    pub kind: ChannelKind,
    pub name: String,
    #[serde(flatten)]
    pub outcome: Outcome,
}

/// The moment of a round: the user's local time (quiet hours, the log's local date) and UTC
/// (signatures, the channel's status).
#[derive(Debug, Clone, Copy)]
pub struct Moment {
    pub local: NaiveDateTime,
    pub utc: DateTime<Utc>,
}

/// A round read and decided: what each channel gets, and the outcomes known already (nothing
/// new, held, waiting, busy). Made on the database thread; its sends hold no lock on the file.
#[derive(Debug)]
pub struct Prepared {
    pub outcomes: Vec<ChannelOutcome>,
    pub sends: Vec<Send>,
}

/// One channel's message, ready to go, and what to log once the platform took it.
#[derive(Debug)]
pub struct Send {
    target: Target,
    request: Request,
    records: Vec<NotificationRecord>,
}

/// The first phase: for each channel not waiting out a failure, its log read and the engine's
/// decision made; only a channel that gets something is taken (its lease), and its log read
/// again once taken, since another process may have just sent it. `listed` is the engine's list as of
/// `at.local`'s date; `lang` the language of the messages. A dry run takes nothing. When a read
/// fails, the leases taken so far are freed before the error is returned.
pub fn prepare(store: &mut Store, listed: &[Reminder], at: Moment, lang: Lang, dry_run: bool) -> Result<Prepared> {
    let quiet = store.settings()?.quiet_hours;
    let mut prepared = Prepared { outcomes: Vec::new(), sends: Vec::new() };
    let mut taken: Vec<i64> = Vec::new();
    let result = (|| -> Result<()> {
        for (target, status) in store.push_targets()? {
            let head =
                |outcome| ChannelOutcome { id: target.id, kind: target.kind, name: target.name.clone(), outcome };
            if let Some(until) = waiting(&status, at.utc) {
                prepared.outcomes.push(head(Outcome::Waiting { until }));
                continue;
            }
            let mut decision = decide(listed, &store.push_log(target.id)?, at.local, quiet, lang);
            if !decision.records.is_empty() && !dry_run {
                if !store.claim_channel(target.id, at.utc)? {
                    prepared.outcomes.push(head(Outcome::Busy));
                    continue;
                }
                taken.push(target.id);
                decision = decide(listed, &store.push_log(target.id)?, at.local, quiet, lang);
                if decision.records.is_empty() {
                    store.release_channel(target.id)?;
                    taken.pop();
                }
            }
            if decision.records.is_empty() {
                prepared.outcomes.push(head(if decision.held { Outcome::Held } else { Outcome::Nothing }));
                continue;
            }
            let due = due_of(listed, &decision.records);
            let message = compose(&due, lang);
            if dry_run {
                prepared.outcomes.push(head(Outcome::WouldSend { items: due.len(), text: message.plain() }));
            } else {
                let request = request(&target, &message, at.utc);
                prepared.sends.push(Send { target, request, records: decision.records });
            }
        }
        Ok(())
    })();
    if let Err(e) = result {
        for id in taken {
            // Best effort: the lease also lapses by itself after LEASE_SECONDS.
            let _ = store.release_channel(id);
        }
        return Err(e);
    }
    Ok(prepared)
}

/// The second phase: every send at once, one thread each, each with its timeout; the answers in
/// the same order. Blocking: not on an async runtime's thread, not on the database thread.
pub fn send_all(sends: &[Send], timeout: Duration) -> Vec<std::result::Result<(), PushProblem>> {
    std::thread::scope(|scope| {
        let handles: Vec<_> =
            sends.iter().map(|s| scope.spawn(move || send(s.target.kind, &s.request, timeout))).collect();
        handles
            .into_iter()
            .map(|h| {
                h.join().unwrap_or_else(|_| Err(PushProblem::Network { detail: "the sending thread stopped".into() }))
            })
            .collect()
    })
}

/// The last phase: what a platform took is logged (and its failures forgotten); a failure is
/// recorded with the next try put off. Each channel on its own: one that was removed meanwhile is
/// skipped, and one whose record fails does not keep the others' from being written (its error
/// is returned after them, its lease lapses by itself). The outcomes, by channel.
pub fn record(
    store: &mut Store,
    prepared: Prepared,
    results: Vec<std::result::Result<(), PushProblem>>,
    at: Moment,
    lang: Lang,
) -> Result<Vec<ChannelOutcome>> {
    let mut outcomes = prepared.outcomes;
    let mut first_error = None;
    for (s, result) in prepared.sends.into_iter().zip(results) {
        let written = match result {
            Ok(()) => store
                .channel_sent(s.target.id, &s.records, at.utc)
                .map(|kept| kept.then_some(Outcome::Sent { items: s.records.len() })),
            Err(problem) => failed(store, s.target.id, &problem, at.utc, lang),
        };
        match written {
            Ok(Some(outcome)) => {
                outcomes.push(ChannelOutcome { id: s.target.id, kind: s.target.kind, name: s.target.name, outcome })
            }
            // Removed while its message was on the way.
            Ok(None) => {}
            Err(e) => {
                first_error.get_or_insert(e);
            }
        }
    }
    if let Some(e) = first_error {
        return Err(e);
    }
    outcomes.sort_by_key(|o| o.id);
    Ok(outcomes)
}

/// One whole round on the caller's thread (the CLI): prepare, send, record.
pub fn push(
    store: &mut Store,
    listed: &[Reminder],
    at: Moment,
    lang: Lang,
    dry_run: bool,
    timeout: Duration,
) -> Result<Vec<ChannelOutcome>> {
    let prepared = prepare(store, listed, at, lang, dry_run)?;
    let results = send_all(&prepared.sends, timeout);
    record(store, prepared, results, at, lang)
}

/// A test message for one channel, whatever its back-off: the first phase (database thread).
pub fn test_request(store: &Store, id: i64, at: Moment, lang: Lang) -> Result<(ChannelKind, Request)> {
    let (target, _) = store.push_target(id)?;
    Ok((target.kind, request(&target, &test_message(lang), at.utc)))
}

/// The test's answer noted with the channel (its status says how it went); the error, if any.
pub fn test_result(
    store: &mut Store,
    id: i64,
    result: std::result::Result<(), PushProblem>,
    at: Moment,
    lang: Lang,
) -> Result<()> {
    match result {
        Ok(()) => store.channel_tested(id, at.utc),
        Err(problem) => {
            let err = crate::Error::Push(problem.clone());
            // Tried again at the next round, not after a back-off: the user is at the screen.
            store.channel_failed(id, problem.code(), &err.message(lang), at.utc, at.utc, false)?;
            Err(err)
        }
    }
}

/// A whole test on the caller's thread (the CLI).
pub fn test(store: &mut Store, id: i64, at: Moment, lang: Lang, timeout: Duration) -> Result<()> {
    let (kind, req) = test_request(store, id, at, lang)?;
    let result = send(kind, &req, timeout);
    test_result(store, id, result, at, lang)
}

/// "POS管家：测试消息" — says where it came from and that reminders will arrive here.
fn test_message(lang: Lang) -> Push {
    let headline = lang.pick("POS管家：测试消息", "POS管家：測試訊息", "PosKeeper: test message");
    let line = lang.pick(
        "流量卡、保修、押金和维修的到期提醒会发到这里。",
        "SIM卡、保固、押金和維修的到期提醒會發到這裡。",
        "Reminders of SIM cards, warranties, deposits and repairs will arrive here.",
    );
    Push { headline: headline.into(), counts: line.into(), lines: Vec::new(), more: None, items: Vec::new(), total: 0 }
}

/// When a channel that failed may be tried again, if not yet.
fn waiting(status: &ChannelStatus, now: DateTime<Utc>) -> Option<DateTime<Utc>> {
    // Further off than the longest back-off: written before the clock was set back.
    status.next_try_at.filter(|t| *t > now && *t <= now + backoff(u32::MAX))
}

/// The listed reminders a decision's records name, in the list's order.
fn due_of<'a>(listed: &'a [Reminder], records: &[NotificationRecord]) -> Vec<&'a Reminder> {
    let keys: std::collections::HashSet<&str> = records.iter().map(|r| r.key.as_str()).collect();
    listed.iter().filter(|r| keys.contains(r.key.as_str())).collect()
}

/// Records a failure and when to try again (`None`: the channel is gone).
fn failed(
    store: &mut Store,
    id: i64,
    problem: &PushProblem,
    now: DateTime<Utc>,
    lang: Lang,
) -> Result<Option<Outcome>> {
    let failures = match store.push_target(id) {
        Ok((_, status)) => status.failures.saturating_add(1),
        Err(crate::Error::NotFound { .. }) => return Ok(None),
        Err(e) => return Err(e),
    };
    let message = crate::Error::Push(problem.clone()).message(lang);
    store.channel_failed(id, problem.code(), &message, now, now + backoff(failures), true)?;
    Ok(Some(Outcome::Failed { code: problem.code().to_string(), message, problem: problem.clone() }))
}
