//! Reminder titles: what, and which terminal (brand, model, store, SN), in the user's language.

use super::TerminalRef;
use crate::domain::values::format_yuan;
use crate::domain::{MaintenanceTask, ReminderKind, RepairFault};
use crate::i18n::Lang;

#[derive(Debug, Clone)]
pub(super) enum Subject {
    /// The card's ICCID is the item's (`Due::iccid`).
    Sim,
    Warranty,
    Deposit {
        amount: i64,
    },
    Maintenance {
        task: MaintenanceTask,
    },
    Repair {
        fault: RepairFault,
        ticket_no: Option<String>,
    },
}

/// Appends "PAX A920 · 朝阳路店 · SN PAX-0001".
fn push_terminal(out: &mut String, t: &TerminalRef) {
    for part in [t.brand.as_deref(), t.model.as_deref()].into_iter().flatten() {
        if !out.is_empty() && !out.ends_with(' ') && !out.ends_with("：") && !out.ends_with(": ") {
            out.push(' ');
        }
        out.push_str(part);
    }
    if let Some(s) = &t.store {
        push_sep(out);
        out.push_str(s);
    }
    push_sep(out);
    out.push_str("SN ");
    out.push_str(&t.sn);
}

/// " · " unless at the start of the terminal part.
fn push_sep(out: &mut String) {
    if !(out.is_empty() || out.ends_with("：") || out.ends_with(": ")) {
        out.push_str(" · ");
    }
}

pub(super) fn title(
    kind: ReminderKind,
    subject: &Subject,
    iccid: Option<&str>,
    terminal: Option<&TerminalRef>,
    lang: Lang,
) -> String {
    // Built in one buffer: the engine titles every listed reminder (tens of thousands at 100k).
    let mut out = String::with_capacity(96);
    let label = kind.label(lang);
    let (open, close) = if lang.is_chinese() { ("（", "）") } else { (" (", ")") };
    out.push_str(label);
    match subject {
        Subject::Sim | Subject::Warranty => {}
        Subject::Deposit { amount } => {
            out.push_str(" ¥");
            out.push_str(&format_yuan(*amount));
        }
        Subject::Maintenance { task } => {
            out.push_str(open);
            out.push_str(task.label(lang));
            out.push_str(close);
        }
        Subject::Repair { fault, ticket_no } => {
            out.push_str(open);
            out.push_str(fault.label(lang));
            if let Some(t) = ticket_no {
                out.push_str(" · ");
                out.push_str(lang.pick("单号", "單號", "ticket"));
                out.push(' ');
                out.push_str(t);
            }
            out.push_str(close);
        }
    }
    out.push_str(if lang.is_chinese() { "：" } else { ": " });
    match (terminal, subject, iccid) {
        (Some(t), Subject::Sim, Some(iccid)) => {
            push_terminal(&mut out, t);
            out.push_str(" · ");
            out.push_str(lang.pick("卡号", "卡號", "card"));
            out.push_str(" …");
            out.push_str(tail(iccid, 6));
        }
        (Some(t), _, _) => push_terminal(&mut out, t),
        (None, Subject::Sim, Some(iccid)) => {
            out.push_str(lang.pick("卡号", "卡號", "card"));
            out.push(' ');
            out.push_str(iccid);
            out.push_str(lang.pick("（未装机）", "（未裝機）", " (not in a terminal)"));
        }
        (None, _, _) => {}
    }
    out
}

fn tail(s: &str, n: usize) -> &str {
    let start = s.char_indices().rev().nth(n.saturating_sub(1)).map_or(0, |(i, _)| i);
    &s[start..]
}
