//! The notification decision of SPEC §3 as a pure function: given what is listed now, what was
//! already notified, the local time and the quiet hours, what should pop up. The desktop notifier
//! only executes the answer and logs it.

use super::Reminder;
use crate::domain::{QuietHours, ReminderKind, Urgency};
use crate::i18n::Lang;
use chrono::{NaiveDate, NaiveDateTime};
use serde::{Deserialize, Serialize};
use std::collections::HashSet;

/// More than this many at once are folded into one summary.
pub const SUMMARY_THRESHOLD: usize = 3;

/// One notification shown (or folded into a summary): what the decision reads back and appends.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NotificationRecord {
    pub key: String,
    pub due_on: NaiveDate,
    pub urgency: Urgency,
    /// The user's local date when it was shown (overdue reminders repeat once a day).
    pub local_date: NaiveDate,
    pub summary: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Notification {
    Single { key: String, summary: String, body: String },
    Summary { counts: Vec<(ReminderKind, usize)>, summary: String, body: String },
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Decision {
    pub notifications: Vec<Notification>,
    /// What to append to the notification log once they are shown.
    pub records: Vec<NotificationRecord>,
    /// True when something is due but held back by quiet hours.
    pub held: bool,
}

/// What was notified already, for looking a reminder up in constant time (a check at 100k
/// terminals weighs tens of thousands of listed reminders against as many log entries).
struct Notified<'a> {
    /// (key, due date, urgency) of every entry.
    ever: HashSet<(&'a str, NaiveDate, Urgency)>,
    /// The same, of the entries made on the local date of the check.
    today: HashSet<(&'a str, NaiveDate, Urgency)>,
}

impl<'a> Notified<'a> {
    fn new(log: &'a [NotificationRecord], now: NaiveDateTime) -> Self {
        let ever = log.iter().map(|l| (l.key.as_str(), l.due_on, l.urgency)).collect();
        let today =
            log.iter().filter(|l| l.local_date == now.date()).map(|l| (l.key.as_str(), l.due_on, l.urgency)).collect();
        Notified { ever, today }
    }

    /// Whether this reminder, at its current urgency, has been notified already.
    fn already(&self, r: &Reminder) -> bool {
        let k = (r.key.as_str(), r.due_on, r.urgency);
        // Overdue ones repeat once a day.
        if r.urgency == Urgency::Overdue {
            self.today.contains(&k)
        } else {
            self.ever.contains(&k)
        }
    }
}

/// Decides what to notify now. `listed` is the engine's list as of `now.date()`.
pub fn decide(
    listed: &[Reminder],
    log: &[NotificationRecord],
    now: NaiveDateTime,
    quiet: Option<QuietHours>,
    lang: Lang,
) -> Decision {
    let notified = Notified::new(log, now);
    let due: Vec<&Reminder> = listed.iter().filter(|r| !r.acknowledged && !notified.already(r)).collect();
    if due.is_empty() {
        return Decision::default();
    }
    if quiet.is_some_and(|q| q.contains(now.time())) {
        return Decision { held: true, ..Decision::default() };
    }
    let summary = due.len() > SUMMARY_THRESHOLD;
    let records = due
        .iter()
        .map(|r| NotificationRecord {
            key: r.key.clone(),
            due_on: r.due_on,
            urgency: r.urgency,
            local_date: now.date(),
            summary,
        })
        .collect();
    let notifications = if summary {
        vec![summarize(&due, lang)]
    } else {
        due.iter()
            .map(|r| Notification::Single { key: r.key.clone(), summary: r.title.clone(), body: when(r, lang) })
            .collect()
    };
    Decision { notifications, records, held: false }
}

/// "3 天后到期（2026年12月20日）" / "expires in 3 days (2026-12-20)".
pub fn when(r: &Reminder, lang: Lang) -> String {
    let d = r.days_left;
    let date = match lang {
        Lang::En => r.due_on.format("%Y-%m-%d").to_string(),
        _ => r.due_on.format("%Y年%-m月%-d日").to_string(),
    };
    let rel = match (lang, d) {
        (Lang::En, 0) => "due today".to_string(),
        (Lang::En, 1) => "due tomorrow".to_string(),
        (Lang::En, d) if d > 0 => format!("due in {d} days"),
        (Lang::En, d) => format!("{} days overdue", -d),
        (_, 0) => "今天到期".to_string(),
        (_, 1) => "明天到期".to_string(),
        (Lang::ZhTw, d) if d > 0 => format!("還有 {d} 天到期"),
        (_, d) if d > 0 => format!("还有 {d} 天到期"),
        (Lang::ZhTw, d) => format!("已逾期 {} 天", -d),
        (_, d) => format!("已逾期 {} 天", -d),
    };
    match lang {
        Lang::En => format!("{rel} ({date})"),
        _ => format!("{rel}（{date}）"),
    }
}

/// How many of the summary's nearest items it names.
pub const SUMMARY_NAMED: usize = 3;

/// One summary for many: its title says how many share the nearest item's urgency ("3 项今天到期"),
/// its body names the nearest of them — store, terminal, what, date — and how many more there are.
fn summarize(due: &[&Reminder], lang: Lang) -> Notification {
    let mut counts: Vec<(ReminderKind, usize)> = Vec::new();
    for r in due {
        match counts.iter_mut().find(|(k, _)| *k == r.kind) {
            Some((_, n)) => *n += 1,
            None => counts.push((r.kind, 1)),
        }
    }
    counts.sort();
    let Some(first) = due.iter().copied().min_by_key(|r| nearest(r)) else {
        return Notification::Summary { counts, summary: String::new(), body: String::new() };
    };
    let mut head: Vec<&Reminder> = due.iter().copied().filter(|r| r.urgency == first.urgency).collect();
    let in_head = head.len();
    head.sort_by_key(|r| nearest(r));
    let named: Vec<String> = head.iter().take(SUMMARY_NAMED).map(|r| named(r, lang)).collect();
    let more = due.len() - named.len();
    let summary = headline(first.urgency, in_head, lang);
    let mut body = named.join(lang.pick("；", "；", "; "));
    if more > 0 {
        body.push_str(&match lang {
            Lang::En => format!("; and {more} more"),
            Lang::ZhTw => format!("；另有 {more} 項"),
            Lang::ZhCn => format!("；另有 {more} 项"),
        });
    }
    Notification::Summary { counts, summary, body }
}

/// What to do next first: due today, then lapsed (the most recent first: a card that stopped
/// yesterday before one that stopped a month ago), then the week, then later, nearest first. The
/// order of a summary's named items and of a phone message's lines.
pub fn nearest(r: &Reminder) -> (u8, i64, NaiveDate) {
    let rank = match r.urgency {
        Urgency::Today => 0,
        Urgency::Overdue => 1,
        Urgency::Soon => 2,
        Urgency::Upcoming => 3,
    };
    (rank, r.days_left.abs(), r.due_on)
}

/// "3 项今天到期" / "3 due today".
fn headline(u: Urgency, n: usize, lang: Lang) -> String {
    match (lang, u) {
        (Lang::En, Urgency::Overdue) => format!("{n} overdue"),
        (Lang::En, Urgency::Today) => format!("{n} due today"),
        (Lang::En, Urgency::Soon) => format!("{n} due within a week"),
        (Lang::En, Urgency::Upcoming) => format!("{n} coming up"),
        (Lang::ZhTw, Urgency::Overdue) => format!("{n} 項已逾期"),
        (Lang::ZhTw, Urgency::Today) => format!("{n} 項今天到期"),
        (Lang::ZhTw, Urgency::Soon) => format!("{n} 項一週內到期"),
        (Lang::ZhTw, Urgency::Upcoming) => format!("{n} 項即將到期"),
        (Lang::ZhCn, Urgency::Overdue) => format!("{n} 项已逾期"),
        (Lang::ZhCn, Urgency::Today) => format!("{n} 项今天到期"),
        (Lang::ZhCn, Urgency::Soon) => format!("{n} 项一周内到期"),
        (Lang::ZhCn, Urgency::Upcoming) => format!("{n} 项即将到期"),
    }
}

/// "朝阳路店 PAX A920 流量卡到期（12月7日）": where, which terminal, what, when.
fn named(r: &Reminder, lang: Lang) -> String {
    let mut parts: Vec<&str> = Vec::new();
    if let Some(t) = &r.terminal {
        parts.extend([t.store.as_deref(), t.brand.as_deref(), t.model.as_deref()].into_iter().flatten());
    }
    parts.push(r.kind.label(lang));
    let mut what = parts.join(" ");
    if let (None, Some(iccid)) = (&r.terminal, &r.iccid) {
        let tail = iccid.char_indices().rev().nth(5).map_or(0, |(i, _)| i);
        what.push_str(" …");
        what.push_str(&iccid[tail..]);
    }
    match lang {
        Lang::En => format!("{what} ({})", r.due_on.format("%b %-d")),
        _ => format!("{what}（{}）", r.due_on.format("%-m月%-d日")),
    }
}
