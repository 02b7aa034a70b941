//! Reminder titles: what, and which terminal (brand, model, store, SN), in the user's language.

use super::TerminalRef;
use crate::domain::values::format_yuan;
use crate::domain::{MaintenanceTask, ReminderKind, RepairFault};
use crate::i18n::Lang;

#[derive(Debug, Clone)]
pub(super) enum Subject {
    Sim { iccid: String },
    Warranty,
    Deposit { amount: i64 },
    Maintenance { task: MaintenanceTask },
    Repair { fault: RepairFault, ticket_no: Option<String> },
}

/// "PAX A920 · 朝阳路店 · SN PAX-0001"
pub fn describe_terminal(t: &TerminalRef) -> String {
    let mut parts = Vec::new();
    let bm = [t.brand.as_deref(), t.model.as_deref()].into_iter().flatten().collect::<Vec<_>>().join(" ");
    if !bm.is_empty() {
        parts.push(bm);
    }
    if let Some(s) = &t.store {
        parts.push(s.clone());
    }
    parts.push(format!("SN {}", t.sn));
    parts.join(" · ")
}

pub(super) fn title(kind: ReminderKind, subject: &Subject, terminal: Option<&TerminalRef>, lang: Lang) -> String {
    let colon = if lang.is_chinese() { "：" } else { ": " };
    let what = match subject {
        Subject::Sim { .. } | Subject::Warranty => kind.label(lang).to_string(),
        Subject::Deposit { amount } => format!("{} ¥{}", kind.label(lang), format_yuan(*amount)),
        Subject::Maintenance { task } => match lang {
            Lang::En => format!("{} ({})", kind.label(lang), task.label(lang)),
            _ => format!("{}（{}）", kind.label(lang), task.label(lang)),
        },
        Subject::Repair { fault, ticket_no } => {
            let mut inner = fault.label(lang).to_string();
            if let Some(t) = ticket_no {
                inner.push_str(&format!(" · {} {t}", lang.pick("单号", "單號", "ticket")));
            }
            match lang {
                Lang::En => format!("{} ({inner})", kind.label(lang)),
                _ => format!("{}（{inner}）", kind.label(lang)),
            }
        }
    };
    let whom = match (terminal, subject) {
        (Some(t), Subject::Sim { iccid }) => {
            format!("{} · {} …{}", describe_terminal(t), lang.pick("卡号", "卡號", "card"), tail(iccid, 6))
        }
        (Some(t), _) => describe_terminal(t),
        (None, Subject::Sim { iccid }) => {
            format!(
                "{} {iccid}{}",
                lang.pick("卡号", "卡號", "card"),
                lang.pick("（未装机）", "（未裝機）", " (not in a terminal)")
            )
        }
        (None, _) => String::new(),
    };
    format!("{what}{colon}{whom}")
}

fn tail(s: &str, n: usize) -> &str {
    let start = s.char_indices().rev().nth(n.saturating_sub(1)).map_or(0, |(i, _)| i);
    &s[start..]
}
