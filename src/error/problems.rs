//! Problems of an item's state, and of a replacement: their own enums, so the state rules and
//! the repair wizard each name what they refuse (and `Error` carries them).

use super::shown;

/// Operations refused because of the state an item is in.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum StateProblem {
    #[error("deposit {0} is no longer held")]
    DepositNotHeld(i64),
    #[error("repair ticket {0} is already finished")]
    RepairFinished(i64),
    #[error("a SIM card that is cancelled cannot be changed: {0}")]
    SimCancelled(String),
    #[error("use `repair close` to finish a ticket")]
    UseRepairClose,
    #[error("no active terminals to plan maintenance for")]
    NoActiveTerminals,
    #[error("the renewal date must be after the current expiry {0}")]
    RenewalNotLater(String),
    #[error("the database already holds {0} terminals; sample data goes into an empty database")]
    NotEmpty(i64),
    #[error("the last bulk action can no longer be undone: its records have changed since")]
    UndoGone,
}

/// A replacement (closing a repair ticket as `replaced`) refused; nothing of it is written.
/// Statuses are their codes (`in_use`, `lost`…).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ReplaceProblem {
    #[error("a terminal cannot replace itself: {}", shown(.0))]
    SameSn(String),
    #[error("terminal {} is {status} and cannot replace another; give a spare terminal or a new SN", shown(.sn))]
    NewInUse { sn: String, status: &'static str },
    #[error("terminal {} is {status} (retired) and cannot replace another; give a spare terminal or a new SN", shown(.sn))]
    NewRetired { sn: String, status: &'static str },
    #[error("terminal {} already holds SIM card {}; take it out first, or cancel the old card instead", shown(.sn), shown(.iccid))]
    NewHasSim { sn: String, iccid: String },
    #[error("terminal {} holds no SIM card to move or cancel", shown(.0))]
    NoSim(String),
    #[error("say whether SIM card {} moves to the new terminal or is cancelled", shown(.0))]
    SimChoiceNeeded(String),
    #[error("moving the SIM card, copying details or deregistration steps need the new terminal's SN")]
    NoNewTerminal,
}

impl ReplaceProblem {
    pub fn code(&self) -> &'static str {
        match self {
            ReplaceProblem::SameSn(_) => "replacement_same_sn",
            ReplaceProblem::NewInUse { .. } => "replacement_in_use",
            ReplaceProblem::NewRetired { .. } => "replacement_retired",
            ReplaceProblem::NewHasSim { .. } => "replacement_has_sim",
            ReplaceProblem::NoSim(_) => "replacement_no_sim",
            ReplaceProblem::SimChoiceNeeded(_) => "replacement_sim_choice",
            ReplaceProblem::NoNewTerminal => "replacement_needs_new",
        }
    }

    pub(super) fn message_zh(&self) -> String {
        let status = |s: &str| match s {
            "in_use" => "使用中",
            "in_repair" => "维修中",
            "replaced" => "已更换",
            "deregistered" => "已注销",
            "lost" => "丢失",
            _ => "不可用",
        };
        match self {
            ReplaceProblem::SameSn(sn) => format!("终端“{}”不能替换它自己", shown(sn)),
            ReplaceProblem::NewInUse { sn, status: st } => {
                format!("终端“{}”{}，不能用来换机；请填备用机或新机的序列号", shown(sn), status(st))
            }
            ReplaceProblem::NewRetired { sn, status: st } => {
                format!("终端“{}”{}（已停用），不能用来换机；请填备用机或新机的序列号", shown(sn), status(st))
            }
            ReplaceProblem::NewHasSim { sn, iccid } => {
                format!("终端“{}”里已有流量卡“{}”；请先取出，或改为注销旧卡", shown(sn), shown(iccid))
            }
            ReplaceProblem::NoSim(sn) => format!("终端“{}”里没有流量卡可移动或注销", shown(sn)),
            ReplaceProblem::SimChoiceNeeded(i) => format!("请选择流量卡“{}”是移到新机还是注销", shown(i)),
            ReplaceProblem::NoNewTerminal => "移卡、复制资料和注销步骤需要填写新机的序列号".to_string(),
        }
    }
}
