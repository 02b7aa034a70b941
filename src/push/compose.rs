//! The message a channel gets for one decision: a headline, the nearest items one per line
//! (what, which terminal and store, when) and how many more there are. Pure: the same reminders
//! and language give the same message. Every platform gets it in its own form (`request`).

use crate::domain::Urgency;
use crate::i18n::Lang;
use crate::reminders::notify::{nearest, when};
use crate::reminders::Reminder;
use serde::Serialize;

/// At most this many items are named one per line; the rest are counted.
pub const LINES: usize = 10;
/// At most this many items go into a webhook's JSON (a first push at 100k can be about
/// tens of thousands).
pub const ITEMS: usize = 200;
/// A title longer than this is cut (user text: a store name can be long).
const TITLE_CHARS: usize = 60;
/// The most bytes of markdown the lines may take: 企业微信 refuses a markdown message over 4,096
/// bytes, and a refused message would be refused at every retry.
const MARKDOWN_BYTES: usize = 3_600;

/// One message, before it takes a platform's form.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Push {
    /// "POS管家提醒：3 项需要处理".
    pub headline: String,
    /// "已逾期 1 项 · 今天到期 2 项": how many at each urgency, the most pressing first.
    pub counts: String,
    /// One line per item: "流量卡到期（…）PAX A920 · 朝阳路店 · SN …：还有 3 天到期（2026年12月20日）".
    pub lines: Vec<String>,
    /// "另有 5 项，请在 POS管家 中查看" when not every item has a line.
    pub more: Option<String>,
    /// The nearest items (at most [`ITEMS`]), for a webhook's JSON.
    pub items: Vec<PushItem>,
    /// How many items the message is about.
    pub total: usize,
}

/// An item as a webhook's JSON carries it (the fields of `reminders --json` that a receiver can
/// act on).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PushItem {
    pub key: String,
    pub kind: &'static str,
    pub due_on: String,
    pub days_left: i64,
    pub urgency: &'static str,
    pub title: String,
    pub terminal_sn: Option<String>,
    pub iccid: Option<String>,
    pub store: Option<String>,
}

/// The message for `due` (the reminders a decision names for this channel).
pub fn compose(due: &[&Reminder], lang: Lang) -> Push {
    let mut sorted: Vec<&Reminder> = due.to_vec();
    // The summary notification's order (`notify::nearest`), then the key.
    sorted.sort_by(|a, b| (nearest(a), &a.key).cmp(&(nearest(b), &b.key)));
    let n = sorted.len();
    let headline = match (lang, n) {
        (Lang::En, 1) => "PosKeeper: 1 item needs attention".to_string(),
        (Lang::En, n) => format!("PosKeeper: {n} items need attention"),
        (Lang::ZhTw, n) => format!("POS管家提醒：{n} 項需要處理"),
        (Lang::ZhCn, n) => format!("POS管家提醒：{n} 项需要处理"),
    };
    let mut counts = Vec::new();
    for u in [Urgency::Today, Urgency::Overdue, Urgency::Soon, Urgency::Upcoming] {
        let k = sorted.iter().filter(|r| r.urgency == u).count();
        if k > 0 {
            counts.push(count(u, k, lang));
        }
    }
    let mut lines: Vec<String> = Vec::new();
    let mut bytes = 0;
    for r in sorted.iter().take(LINES) {
        let l = line(r, lang);
        // What `markdown` makes of it: "\n- " and the line made inert (at most 3 bytes a char).
        bytes += 3 + l.chars().map(|c| inert_char(c).len_utf8()).sum::<usize>();
        if bytes > MARKDOWN_BYTES {
            break;
        }
        lines.push(l);
    }
    let rest = n - lines.len();
    let more = (rest > 0).then(|| match lang {
        Lang::En => format!("and {rest} more: open PosKeeper to see them all"),
        Lang::ZhTw => format!("另有 {rest} 項，請在 POS管家 中查看"),
        Lang::ZhCn => format!("另有 {rest} 项，请在 POS管家 中查看"),
    });
    let items = sorted.iter().take(ITEMS).map(|r| item(r)).collect();
    Push { headline, counts: counts.join(" · "), lines, more, items, total: n }
}

fn count(u: Urgency, k: usize, lang: Lang) -> String {
    match (lang, u) {
        (Lang::En, Urgency::Overdue) => format!("{k} overdue"),
        (Lang::En, Urgency::Today) => format!("{k} due today"),
        (Lang::En, Urgency::Soon) => format!("{k} within a week"),
        (Lang::En, Urgency::Upcoming) => format!("{k} coming up"),
        (Lang::ZhTw, Urgency::Overdue) => format!("已逾期 {k} 項"),
        (Lang::ZhTw, Urgency::Today) => format!("今天到期 {k} 項"),
        (Lang::ZhTw, Urgency::Soon) => format!("一週內 {k} 項"),
        (Lang::ZhTw, Urgency::Upcoming) => format!("即將到期 {k} 項"),
        (Lang::ZhCn, Urgency::Overdue) => format!("已逾期 {k} 项"),
        (Lang::ZhCn, Urgency::Today) => format!("今天到期 {k} 项"),
        (Lang::ZhCn, Urgency::Soon) => format!("一周内 {k} 项"),
        (Lang::ZhCn, Urgency::Upcoming) => format!("即将到期 {k} 项"),
    }
}

/// "{title}：{when}", the title cut to a sane length.
fn line(r: &Reminder, lang: Lang) -> String {
    let mut title: String = r.title.chars().take(TITLE_CHARS).collect();
    if r.title.chars().count() > TITLE_CHARS {
        title.push('…');
    }
    let sep = if lang.is_chinese() { "：" } else { ": " };
    format!("{title}{sep}{}", when(r, lang))
}

fn item(r: &Reminder) -> PushItem {
    PushItem {
        key: r.key.clone(),
        kind: r.kind.code(),
        due_on: r.due_on.format("%Y-%m-%d").to_string(),
        days_left: r.days_left,
        urgency: r.urgency.code(),
        title: r.title.clone(),
        terminal_sn: r.terminal_sn.clone(),
        iccid: r.iccid.clone(),
        store: r.terminal.as_ref().and_then(|t| t.store.clone()),
    }
}

impl Push {
    /// Plain text: the headline, the counts, one line per item, the rest counted. `<` and `>`
    /// are made inert, so a store named `<at user_id="all">` mentions nobody in 飞书.
    pub fn plain(&self) -> String {
        self.plain_raw().chars().map(|c| if matches!(c, '<' | '>') { inert_char(c) } else { c }).collect()
    }

    fn plain_raw(&self) -> String {
        let mut out = format!("{}\n{}", self.headline, self.counts);
        for l in &self.lines {
            out.push_str("\n• ");
            out.push_str(l);
        }
        if let Some(m) = &self.more {
            out.push('\n');
            out.push_str(m);
        }
        out
    }

    /// Markdown as 企业微信 and 钉钉 render it. The user's text is made inert: a store named
    /// `<@all>` or `**x**` shows as typed instead of mentioning everyone or turning bold.
    pub fn markdown(&self) -> String {
        let mut out = format!("**{}**\n> {}\n", inert(&self.headline), inert(&self.counts));
        for l in &self.lines {
            out.push_str("\n- ");
            out.push_str(&inert(l));
        }
        if let Some(m) = &self.more {
            out.push_str("\n\n");
            out.push_str(&inert(m));
        }
        out
    }
}

/// Markdown's active characters as their full-width look-alikes.
fn inert(s: &str) -> String {
    s.chars().map(inert_char).collect()
}

fn inert_char(c: char) -> char {
    match c {
        '<' => '＜',
        '>' => '＞',
        '*' => '＊',
        '[' => '［',
        ']' => '］',
        '`' => '｀',
        '#' => '＃',
        '\n' | '\r' => ' ',
        c => c,
    }
}
