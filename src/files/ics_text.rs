//! What a calendar event of the .ics feed says in its description: what is due, for which
//! terminal, store and SIM card, and when (with the reminder's lead), in the user's language and
//! words. Never an internal key: the key only makes the event's UID.

use crate::i18n::Lang;
use crate::reminders::{Due, TerminalRef};
use chrono::NaiveDate;

/// The date as the UI writes it: 2026年11月20日, Nov 20, 2026.
fn long_date(d: NaiveDate, lang: Lang) -> String {
    match lang {
        Lang::En => d.format("%b %-d, %Y").to_string(),
        _ => d.format("%Y年%-m月%-d日").to_string(),
    }
}

/// "PAX A920 · SN PAX-0001" (the store has its own line).
fn terminal_line(t: &TerminalRef) -> String {
    let name = [t.brand.as_deref(), t.model.as_deref()].into_iter().flatten().collect::<Vec<_>>().join(" ");
    if name.is_empty() {
        format!("SN {}", t.sn)
    } else {
        format!("{name} · SN {}", t.sn)
    }
}

/// The reminder's title without the terminal it names (that has lines of its own): the title is
/// "what：terminal[ · card …]", the terminal part written from the same fields.
fn what(d: &Due, lang: Lang) -> String {
    let title = d.title(lang);
    let sep = if lang.is_chinese() { "：" } else { ": " };
    // A card in no terminal: "流量卡到期：卡号 …（未装机）", the card has a line of its own.
    let Some(t) = &d.terminal else {
        return title.split_once(sep).map_or_else(|| title.clone(), |(w, _)| w.to_string());
    };
    let mut term = [t.brand.as_deref(), t.model.as_deref()].into_iter().flatten().collect::<Vec<_>>().join(" ");
    for part in [t.store.as_deref(), Some(&format!("SN {}", t.sn))].into_iter().flatten() {
        if !term.is_empty() {
            term.push_str(" · ");
        }
        term.push_str(part);
    }
    match title.find(&format!("{sep}{term}")) {
        Some(i) => title[..i].to_string(),
        None => title,
    }
}

/// The event's description, one fact a line (each line still to be made safe for iCalendar TEXT).
pub(crate) fn description_lines(d: &Due, lang: Lang) -> Vec<String> {
    let mut lines = vec![what(d, lang)];
    match &d.terminal {
        Some(t) => {
            lines.push(format!("{}{}", lang.pick("终端：", "刷卡機：", "Terminal: "), terminal_line(t)));
            if let Some(store) = &t.store {
                lines.push(format!("{}{store}", lang.pick("门店：", "門市：", "Store: ")));
            }
        }
        None if d.iccid.is_some() => {
            lines.push(lang.pick("终端：未装机", "刷卡機：未裝機", "Terminal: not in a terminal").to_string());
        }
        None => {}
    }
    if let Some(iccid) = &d.iccid {
        lines.push(format!("{}{iccid}", lang.pick("流量卡：", "SIM卡：", "SIM card: ")));
    }
    let date = long_date(d.due_on, lang);
    let lead = d.lead_days;
    lines.push(match (lang, lead) {
        (Lang::En, 0) => format!("Due: {date} (reminder on the day)"),
        (Lang::En, 1) => format!("Due: {date} (reminder 1 day ahead)"),
        (Lang::En, n) => format!("Due: {date} (reminder {n} days ahead)"),
        (Lang::ZhTw, 0) => format!("到期日：{date}（當天提醒）"),
        (Lang::ZhTw, n) => format!("到期日：{date}（提前 {n} 天提醒）"),
        (_, 0) => format!("到期日：{date}（当天提醒）"),
        (_, n) => format!("到期日：{date}（提前 {n} 天提醒）"),
    });
    lines
}
