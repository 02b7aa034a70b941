//! The closed vocabularies of SPEC §2. Each value has a stable snake_case code (stored in SQLite —
//! see `store::codes` —, printed by the CLI, sent to the UI) and labels for the three UI languages.

use crate::error::Error;
use crate::i18n::Lang;
use serde::{Deserialize, Serialize};

/// Declares an enum whose variants map to stored codes and localized labels.
macro_rules! code_enum {
    ($(#[$meta:meta])* $name:ident, $field:literal {
        $($variant:ident = $code:literal, $zh:literal, $tw:literal, $en:literal;)+
    }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[cfg_attr(feature = "ts", derive(ts_rs::TS))]
        #[serde(rename_all = "snake_case")]
        pub enum $name { $($variant),+ }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];
            /// The name of the field this vocabulary fills, used in error messages.
            pub const FIELD: &'static str = $field;

            pub fn code(self) -> &'static str {
                match self { $($name::$variant => $code),+ }
            }

            pub fn label(self, lang: Lang) -> &'static str {
                match (self, lang) {
                    $(($name::$variant, Lang::ZhCn) => $zh,
                      ($name::$variant, Lang::ZhTw) => $tw,
                      ($name::$variant, Lang::En) => $en,)+
                }
            }

            /// Parses a stored or typed code (case-insensitive, `-` accepted for `_`).
            pub fn parse(s: &str) -> Result<Self, Error> {
                let norm = s.trim().to_ascii_lowercase().replace('-', "_");
                match norm.as_str() {
                    $($code => Ok($name::$variant),)+
                    _ => Err(Error::InvalidValue {
                        field: $field,
                        value: s.to_string(),
                        allowed: Self::ALL.iter().map(|v| v.code()).collect::<Vec<_>>().join(", "),
                    }),
                }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.code())
            }
        }

        impl std::str::FromStr for $name {
            type Err = Error;
            fn from_str(s: &str) -> Result<Self, Error> { Self::parse(s) }
        }
    };
}

code_enum!(
    /// What sort of terminal it is.
    TerminalKind, "kind" {
        Traditional = "traditional", "传统POS", "傳統POS", "Traditional POS";
        ESign = "e_sign", "电签POS", "電簽POS", "E-sign POS";
        Smart = "smart", "智能POS", "智慧POS", "Smart POS";
        QrBox = "qr_box", "扫码盒/码牌", "掃碼盒/碼牌", "QR box / plate";
        Other = "other", "其他", "其他", "Other";
    }
);

code_enum!(
    TerminalStatus, "status" {
        InUse = "in_use", "使用中", "使用中", "In use";
        Spare = "spare", "备用", "備用", "Spare";
        InRepair = "in_repair", "维修中", "維修中", "In repair";
        Replaced = "replaced", "已更换", "已更換", "Replaced";
        Deregistered = "deregistered", "已注销", "已註銷", "Deregistered";
        Lost = "lost", "丢失", "遺失", "Lost";
    }
);

impl TerminalStatus {
    /// Retired terminals get no warranty reminders (SPEC §3).
    pub fn is_retired(self) -> bool {
        matches!(self, Self::Replaced | Self::Deregistered | Self::Lost)
    }
    /// Only these get maintenance reminders (SPEC §3).
    pub fn is_maintained(self) -> bool {
        matches!(self, Self::InUse | Self::Spare)
    }
}

code_enum!(
    Carrier, "carrier" {
        ChinaMobile = "china_mobile", "中国移动", "中國移動", "China Mobile";
        ChinaUnicom = "china_unicom", "中国联通", "中國聯通", "China Unicom";
        ChinaTelecom = "china_telecom", "中国电信", "中國電信", "China Telecom";
        Other = "other", "其他", "其他", "Other";
    }
);

code_enum!(
    SimForm, "form" {
        Physical = "physical", "实体卡", "實體卡", "Physical";
        Embedded = "embedded", "贴片卡", "貼片卡", "Embedded";
    }
);

code_enum!(
    SimStatus, "status" {
        Active = "active", "正常", "正常", "Active";
        Cancelled = "cancelled", "已注销", "已註銷", "Cancelled";
    }
);

code_enum!(
    Payer, "paid_by" {
        Merchant = "merchant", "商户", "商戶", "Merchant";
        Provider = "provider", "服务商", "服務商", "Provider";
    }
);

code_enum!(
    ContactKind, "kind" {
        Bank = "bank", "银行", "銀行", "Bank";
        PaymentCompany = "payment_company", "支付公司", "支付公司", "Payment company";
        Manufacturer = "manufacturer", "厂商", "廠商", "Manufacturer";
        Carrier = "carrier", "运营商", "電信業者", "Carrier";
        RepairCentre = "repair_centre", "维修中心", "維修中心", "Repair centre";
        ThirdPartyRepair = "third_party_repair", "第三方维修", "第三方維修", "Third-party repairer";
        Other = "other", "其他", "其他", "Other";
    }
);

code_enum!(
    DepositStatus, "status" {
        Held = "held", "未退还", "未退還", "Held";
        Refunded = "refunded", "已退还", "已退還", "Refunded";
        Forfeited = "forfeited", "未退回(已扣)", "未退回(已扣)", "Forfeited";
    }
);

code_enum!(
    MaintenanceMode, "mode" {
        Fixed = "fixed", "固定周期", "固定週期", "Fixed schedule";
        FromCompletion = "from_completion", "从上次完成起算", "從上次完成起算", "From last completion";
    }
);

code_enum!(
    RepairFault, "fault" {
        NoPower = "no_power", "无法开机", "無法開機", "No power";
        Screen = "screen", "屏幕故障", "螢幕故障", "Screen";
        Keypad = "keypad", "按键故障", "按鍵故障", "Keypad";
        Printer = "printer", "打印故障", "列印故障", "Printer";
        CardReader = "card_reader", "读卡故障", "讀卡故障", "Card reader";
        Network = "network", "网络/信号", "網路/訊號", "Network";
        System = "system", "系统故障", "系統故障", "System";
        TransactionError = "transaction_error", "交易异常", "交易異常", "Transaction error";
        Other = "other", "其他", "其他", "Other";
    }
);

code_enum!(
    RepairChannel, "channel" {
        Remote = "remote", "远程处理", "遠端處理", "Remote";
        Onsite = "onsite", "上门维修", "到場維修", "On site";
        SendIn = "send_in", "寄修/送修", "寄修/送修", "Send in";
        ThirdParty = "third_party", "第三方维修", "第三方維修", "Third party";
    }
);

code_enum!(
    RepairStatus, "status" {
        Open = "open", "已报修", "已報修", "Open";
        Diagnosing = "diagnosing", "检测中", "檢測中", "Diagnosing";
        InRepair = "in_repair", "维修中", "維修中", "In repair";
        Ready = "ready", "待取回", "待取回", "Ready";
        Closed = "closed", "已完成", "已完成", "Closed";
        Replaced = "replaced", "已换机", "已換機", "Replaced";
    }
);

impl RepairStatus {
    pub fn is_finished(self) -> bool {
        matches!(self, Self::Closed | Self::Replaced)
    }
}

code_enum!(
    /// What a replacement does with the old terminal's SIM card (SPEC §2: moved to the new
    /// terminal, or cancelled).
    SimFate, "sim" {
        Move = "move", "移到新机", "移到新機", "Move to the new terminal";
        Cancel = "cancel", "注销", "註銷", "Cancel";
    }
);

code_enum!(
    ReminderKind, "kind" {
        DepositDeadline = "deposit_deadline", "押金返还截止", "押金返還截止", "Deposit deadline";
        MaintenanceDue = "maintenance_due", "保养到期", "保養到期", "Maintenance due";
        RepairOverdue = "repair_overdue", "维修逾期", "維修逾期", "Repair overdue";
        SimExpiry = "sim_expiry", "流量卡到期", "SIM卡到期", "SIM card expiry";
        WarrantyExpiry = "warranty_expiry", "保修到期", "保固到期", "Warranty expiry";
    }
);

impl ReminderKind {
    /// SPEC §3 default lead times in days.
    pub fn default_lead(self) -> i64 {
        match self {
            Self::SimExpiry | Self::WarrantyExpiry => 30,
            Self::DepositDeadline => 14,
            Self::MaintenanceDue => 3,
            Self::RepairOverdue => 0,
        }
    }
    /// The settings key of this kind's lead time.
    pub fn lead_setting(self) -> &'static str {
        match self {
            Self::SimExpiry => "lead.sim_expiry",
            Self::WarrantyExpiry => "lead.warranty_expiry",
            Self::DepositDeadline => "lead.deposit_deadline",
            Self::MaintenanceDue => "lead.maintenance_due",
            Self::RepairOverdue => "lead.repair_overdue",
        }
    }
}

code_enum!(
    Urgency, "urgency" {
        Upcoming = "upcoming", "稍后", "稍後", "Upcoming";
        Soon = "soon", "本周", "本週", "Soon";
        Today = "today", "今天", "今天", "Today";
        Overdue = "overdue", "已逾期", "已逾期", "Overdue";
    }
);

code_enum!(
    /// Where phone push sends (SPEC §3 "Phone push"): a group robot of one of the three office
    /// apps, or a plain JSON webhook (ntfy, Bark, Server酱, Gotify and the like).
    ChannelKind, "channel kind" {
        Wecom = "wecom", "企业微信", "企業微信", "WeCom";
        Dingtalk = "dingtalk", "钉钉", "釘釘", "DingTalk";
        Feishu = "feishu", "飞书", "飛書", "Feishu";
        Webhook = "webhook", "网络钩子", "網路鉤子", "Webhook";
    }
);

code_enum!(
    /// What an attachment (SPEC §2) belongs to.
    AttachmentOwner, "attachment owner" {
        Terminal = "terminal", "终端", "刷卡機", "Terminal";
        Sim = "sim", "流量卡", "SIM卡", "SIM card";
        Deposit = "deposit", "押金", "押金", "Deposit";
        Repair = "repair", "维修工单", "維修單", "Repair ticket";
    }
);

code_enum!(
    /// What an attachment holds: a photo or scan (JPEG, PNG), or a PDF.
    FileKind, "file kind" {
        Jpeg = "jpeg", "JPEG 图片", "JPEG 圖片", "JPEG image";
        Png = "png", "PNG 图片", "PNG 圖片", "PNG image";
        Pdf = "pdf", "PDF 文件", "PDF 檔案", "PDF document";
    }
);

impl Urgency {
    /// SPEC §3: overdue < 0, today 0, soon 1–7, upcoming 8+.
    pub fn from_days_left(days_left: i64) -> Self {
        match days_left {
            d if d < 0 => Self::Overdue,
            0 => Self::Today,
            1..=7 => Self::Soon,
            _ => Self::Upcoming,
        }
    }
}

/// A maintenance task: one of the usual ones or the user's own words.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum MaintenanceTask {
    Clean,
    Paper,
    SoftwareUpdate,
    InspectCables,
    Backup,
    Custom(String),
}

impl MaintenanceTask {
    pub fn parse(s: &str) -> Result<Self, Error> {
        let t = s.trim();
        if t.is_empty() || t.chars().count() > 100 || t.chars().any(char::is_control) {
            return Err(Error::InvalidValue {
                field: "task",
                value: s.to_string(),
                allowed: "clean, paper, software_update, inspect_cables, backup, or 1–100 characters of text".into(),
            });
        }
        Ok(match t.to_ascii_lowercase().replace('-', "_").as_str() {
            "clean" => Self::Clean,
            "paper" => Self::Paper,
            "software_update" => Self::SoftwareUpdate,
            "inspect_cables" => Self::InspectCables,
            "backup" => Self::Backup,
            _ => Self::Custom(t.to_string()),
        })
    }

    /// What is stored: the code, or the custom text.
    pub fn code(&self) -> &str {
        match self {
            Self::Clean => "clean",
            Self::Paper => "paper",
            Self::SoftwareUpdate => "software_update",
            Self::InspectCables => "inspect_cables",
            Self::Backup => "backup",
            Self::Custom(t) => t,
        }
    }

    pub fn label(&self, lang: Lang) -> &str {
        match (self, lang) {
            (Self::Clean, Lang::ZhCn | Lang::ZhTw) => "清洁",
            (Self::Clean, Lang::En) => "Cleaning",
            (Self::Paper, Lang::ZhCn) => "更换打印纸",
            (Self::Paper, Lang::ZhTw) => "更換列印紙",
            (Self::Paper, Lang::En) => "Receipt paper",
            (Self::SoftwareUpdate, Lang::ZhCn) => "软件更新",
            (Self::SoftwareUpdate, Lang::ZhTw) => "軟體更新",
            (Self::SoftwareUpdate, Lang::En) => "Software update",
            (Self::InspectCables, Lang::ZhCn) => "检查线缆",
            (Self::InspectCables, Lang::ZhTw) => "檢查線纜",
            (Self::InspectCables, Lang::En) => "Cable check",
            (Self::Backup, Lang::ZhCn) => "数据备份",
            (Self::Backup, Lang::ZhTw) => "資料備份",
            (Self::Backup, Lang::En) => "Backup",
            (Self::Custom(t), _) => t,
        }
    }
}
