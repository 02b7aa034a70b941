//! Domain types of SPEC §2: the records PosKeeper keeps, as the core hands them out.
//!
//! Layer rule: the domain imports nothing of reminders, store, files or cli (only the base:
//! error, i18n, chars) — its types and its rules (a plan's next due date) stand alone.

pub mod attachment;
pub mod channel;
mod enums;
mod schedule;
mod settings;
pub mod values;

pub use enums::*;
pub use schedule::next_due;
pub use settings::{QuietHours, Settings};
pub use values::Interval;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// Money in fen (分).
pub type Fen = i64;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Terminal {
    pub id: i64,
    pub sn: String,
    pub brand: Option<String>,
    pub model: Option<String>,
    pub kind: Option<TerminalKind>,
    pub provider: Option<String>,
    pub merchant_no: Option<String>,
    pub terminal_no: Option<String>,
    pub store: Option<String>,
    pub status: TerminalStatus,
    pub acquired_on: Option<NaiveDate>,
    pub activated_on: Option<NaiveDate>,
    pub warranty_until: Option<NaiveDate>,
    pub warranty_provider: Option<String>,
    pub warranty_terms: Option<String>,
    /// Per-terminal lead time for the warranty reminder; `None` uses the setting.
    pub warranty_lead_days: Option<i64>,
    /// SN of the terminal that replaced this one.
    pub replaced_by: Option<String>,
    pub notes: Option<String>,
}

/// What to set on a terminal. `None` leaves a field as it is; for text, `Some("")` clears it.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[cfg_attr(feature = "ts", ts(optional_fields = nullable))]
#[serde(default)]
pub struct TerminalPatch {
    pub brand: Option<String>,
    pub model: Option<String>,
    pub kind: Option<TerminalKind>,
    pub provider: Option<String>,
    pub merchant_no: Option<String>,
    pub terminal_no: Option<String>,
    pub store: Option<String>,
    pub status: Option<TerminalStatus>,
    pub acquired_on: Option<NaiveDate>,
    pub activated_on: Option<NaiveDate>,
    pub warranty_until: Option<NaiveDate>,
    /// Warranty as months from activation; used when `warranty_until` is not given.
    pub warranty_months: Option<u32>,
    pub warranty_provider: Option<String>,
    pub warranty_terms: Option<String>,
    pub warranty_lead_days: Option<i64>,
    pub notes: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Sim {
    pub id: i64,
    pub iccid: String,
    pub msisdn: Option<String>,
    pub carrier: Option<Carrier>,
    pub form: SimForm,
    pub plan: Option<String>,
    pub quota_mb: Option<i64>,
    pub annual_fee: Option<Fen>,
    pub paid_by: Option<Payer>,
    pub activated_on: Option<NaiveDate>,
    pub expires_on: Option<NaiveDate>,
    pub status: SimStatus,
    pub terminal_sn: Option<String>,
    pub lead_days: Option<i64>,
    /// False when the ICCID's check digit is wrong (a warning, not an error).
    pub luhn_ok: bool,
    pub notes: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[cfg_attr(feature = "ts", ts(optional_fields = nullable))]
#[serde(default)]
pub struct SimPatch {
    pub msisdn: Option<String>,
    pub carrier: Option<Carrier>,
    pub form: Option<SimForm>,
    pub plan: Option<String>,
    pub quota_mb: Option<i64>,
    pub annual_fee: Option<Fen>,
    pub paid_by: Option<Payer>,
    pub activated_on: Option<NaiveDate>,
    pub expires_on: Option<NaiveDate>,
    pub lead_days: Option<i64>,
    pub notes: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Renewal {
    pub id: i64,
    pub renewed_on: NaiveDate,
    pub old_expires_on: Option<NaiveDate>,
    pub new_expires_on: NaiveDate,
    pub fee: Option<Fen>,
}

/// One stay of a SIM card in a terminal.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct SimInstall {
    pub terminal_sn: String,
    pub installed_on: NaiveDate,
    pub removed_on: Option<NaiveDate>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Contact {
    pub id: i64,
    pub name: String,
    pub kind: ContactKind,
    pub phone: Option<String>,
    pub hours: Option<String>,
    pub website: Option<String>,
    pub address: Option<String>,
    pub notes: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[cfg_attr(feature = "ts", ts(optional_fields = nullable))]
#[serde(default)]
pub struct ContactInput {
    pub name: String,
    pub kind: Option<ContactKind>,
    pub phone: Option<String>,
    pub hours: Option<String>,
    pub website: Option<String>,
    pub address: Option<String>,
    pub notes: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Deposit {
    pub id: i64,
    pub terminal_sn: String,
    pub amount: Fen,
    pub paid_on: Option<NaiveDate>,
    pub condition: Option<String>,
    pub volume_target: Option<Fen>,
    pub deadline: NaiveDate,
    pub refunded_on: Option<NaiveDate>,
    pub status: DepositStatus,
    pub lead_days: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[cfg_attr(feature = "ts", ts(optional_fields = nullable))]
pub struct NewDeposit {
    pub amount: Fen,
    pub deadline: NaiveDate,
    #[serde(default)]
    pub paid_on: Option<NaiveDate>,
    #[serde(default)]
    pub condition: Option<String>,
    #[serde(default)]
    pub volume_target: Option<Fen>,
    #[serde(default)]
    pub lead_days: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct MaintenancePlan {
    pub id: i64,
    pub terminal_sn: String,
    pub task: MaintenanceTask,
    pub interval: Interval,
    pub starts_on: NaiveDate,
    /// Per-plan lead time; `None` uses the setting.
    pub lead_days: Option<i64>,
    pub mode: MaintenanceMode,
    pub last_done_on: Option<NaiveDate>,
    pub next_due_on: NaiveDate,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[cfg_attr(feature = "ts", ts(optional_fields = nullable))]
pub struct NewPlan {
    pub task: MaintenanceTask,
    pub interval: Interval,
    pub starts_on: NaiveDate,
    pub mode: MaintenanceMode,
    pub lead_days: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Completion {
    pub id: i64,
    pub done_on: NaiveDate,
    pub note: Option<String>,
}

/// One line of a repair checklist.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct CheckItem {
    pub item: String,
    pub done: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Repair {
    pub id: i64,
    pub terminal_sn: String,
    pub opened_on: NaiveDate,
    pub fault: RepairFault,
    pub description: Option<String>,
    pub contact: Option<String>,
    pub agent: Option<String>,
    pub ticket_no: Option<String>,
    pub channel: Option<RepairChannel>,
    pub status: RepairStatus,
    pub expected_back_on: Option<NaiveDate>,
    pub cost: Option<Fen>,
    pub under_warranty: Option<bool>,
    pub documents: Vec<CheckItem>,
    pub tests: Vec<CheckItem>,
    pub deregistration: Vec<CheckItem>,
    pub result: Option<String>,
    pub closed_on: Option<NaiveDate>,
    pub new_warranty_until: Option<NaiveDate>,
    pub replaced_by: Option<String>,
    pub lead_days: Option<i64>,
    /// The store (门店) of the ticket's terminal.
    pub terminal_store: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[cfg_attr(feature = "ts", ts(optional_fields = nullable))]
pub struct NewRepair {
    pub fault: RepairFault,
    pub opened_on: NaiveDate,
    #[serde(default)]
    pub description: Option<String>,
    #[serde(default)]
    pub contact: Option<String>,
    #[serde(default)]
    pub agent: Option<String>,
    #[serde(default)]
    pub ticket_no: Option<String>,
    #[serde(default)]
    pub channel: Option<RepairChannel>,
    #[serde(default)]
    pub expected_back_on: Option<NaiveDate>,
    #[serde(default)]
    pub under_warranty: Option<bool>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[cfg_attr(feature = "ts", ts(optional_fields = nullable))]
#[serde(default)]
pub struct RepairPatch {
    pub status: Option<RepairStatus>,
    pub description: Option<String>,
    pub contact: Option<String>,
    pub agent: Option<String>,
    pub ticket_no: Option<String>,
    pub channel: Option<RepairChannel>,
    pub expected_back_on: Option<NaiveDate>,
    pub cost: Option<Fen>,
    pub under_warranty: Option<bool>,
    /// Checklist items to tick: documents brought, tests passed.
    pub documents_done: Vec<String>,
    pub tests_passed: Vec<String>,
    pub deregistration_done: Vec<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[cfg_attr(feature = "ts", ts(optional_fields = nullable))]
#[serde(default)]
pub struct RepairClose {
    pub closed_on: Option<NaiveDate>,
    pub result: Option<String>,
    pub warranty_until: Option<NaiveDate>,
    /// The SN of the new terminal: a spare one, or a new SN, which creates it (in use).
    pub replaced_by: Option<String>,
    pub cost: Option<Fen>,
    /// With `replaced_by`: the new terminal takes the old one's provider, merchant_no,
    /// terminal_no and store (each one the old terminal has).
    pub inherit: bool,
    /// With `replaced_by`: the old terminal's SIM card moves to the new one, or is cancelled.
    pub sim: Option<SimFate>,
    /// With `replaced_by`: deregistration steps already done (`move_or_cancel_sim` is ticked by `sim`).
    pub deregistration_done: Vec<String>,
}

/// The documents to bring to a repair centre or to the provider for a replacement (SPEC §1): who
/// the merchant is (licence, the owner's ID) and what the warranty covers (purchase proof, warranty
/// card). No 开户许可证: the account permit was abolished in 2019 (the 基本存款账户编号 replaced it)
/// and a repair never changes the settlement account; tickets opened before keep it on their list.
pub const REPAIR_DOCUMENTS: &[&str] = &["business_licence", "id_card", "purchase_proof", "warranty_card"];
/// The post-repair test checklist (SPEC §2).
pub const REPAIR_TESTS: &[&str] =
    &["card_swipe", "chip_insert", "contactless_tap", "pin_entry", "qr_scan", "receipt_print", "network", "settlement"];
/// What to do with a replaced terminal.
pub const DEREGISTRATION_STEPS: &[&str] =
    &["settle_pending", "deregister_with_provider", "move_or_cancel_sim", "return_old_device", "claim_deposit"];

/// Chinese and English names of checklist items.
pub fn check_item_label(item: &str, lang: crate::i18n::Lang) -> &str {
    let (zh, tw, en) = match item {
        "business_licence" => ("营业执照", "營業執照", "Business licence"),
        "account_permit" => ("开户许可证", "開戶許可證", "Account permit"),
        "id_card" => ("法人/经营者身份证", "負責人身分證", "Owner’s ID card"),
        "purchase_proof" => ("购机凭证", "購機憑證", "Proof of purchase"),
        "warranty_card" => ("保修卡", "保固卡", "Warranty card"),
        "card_swipe" => ("刷卡", "刷卡", "Card swipe"),
        "chip_insert" => ("插卡（芯片）", "插卡（晶片）", "Chip insert"),
        "contactless_tap" => ("挥卡/闪付", "感應支付", "Contactless tap"),
        "pin_entry" => ("输入密码", "輸入密碼", "PIN entry"),
        "qr_scan" => ("扫码", "掃碼", "QR scan"),
        "receipt_print" => ("打印小票", "列印收據", "Receipt print"),
        "network" => ("网络/信号", "網路/訊號", "Network / signal"),
        "settlement" => ("结算", "結算", "Settlement"),
        "settle_pending" => ("结清未结算交易", "結清未結算交易", "Settle pending transactions"),
        "deregister_with_provider" => ("向服务商申请注销旧机", "向服務商申請註銷舊機", "Deregister the old terminal"),
        "move_or_cancel_sim" => ("流量卡移到新机或注销", "SIM卡移到新機或停用", "Move or cancel the SIM card"),
        "return_old_device" => ("归还旧机", "歸還舊機", "Return the old device"),
        "claim_deposit" => ("申请退还押金", "申請退還押金", "Claim back the deposit"),
        _ => return item,
    };
    lang.pick(zh, tw, en)
}
