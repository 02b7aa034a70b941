//! The columns of a PosKeeper spreadsheet (SPEC §5): which headers name them on the way in, and
//! which header each gets on the way out, in the three UI languages.

use crate::i18n::Lang;
use serde::{Deserialize, Serialize};

/// One column of the one-row-per-terminal sheet.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum Field {
    Sn,
    Brand,
    Model,
    Kind,
    Provider,
    MerchantNo,
    TerminalNo,
    Store,
    Status,
    ActivatedOn,
    WarrantyUntil,
    WarrantyMonths,
    Iccid,
    Carrier,
    SimStatus,
    SimExpiresOn,
    SimAnnualFee,
    DepositAmount,
    DepositDeadline,
    Notes,
}

impl Field {
    pub const ALL: &'static [Field] = &[
        Field::Sn,
        Field::Brand,
        Field::Model,
        Field::Kind,
        Field::Provider,
        Field::MerchantNo,
        Field::TerminalNo,
        Field::Store,
        Field::Status,
        Field::ActivatedOn,
        Field::WarrantyUntil,
        Field::WarrantyMonths,
        Field::Iccid,
        Field::Carrier,
        Field::SimStatus,
        Field::SimExpiresOn,
        Field::SimAnnualFee,
        Field::DepositAmount,
        Field::DepositDeadline,
        Field::Notes,
    ];

    /// The columns an export writes, in order (every one of them is read back by the importer).
    pub const EXPORTED: &'static [Field] = &[
        Field::Sn,
        Field::Brand,
        Field::Model,
        Field::Kind,
        Field::Provider,
        Field::MerchantNo,
        Field::TerminalNo,
        Field::Store,
        Field::Status,
        Field::ActivatedOn,
        Field::WarrantyUntil,
        Field::Iccid,
        Field::Carrier,
        Field::SimStatus,
        Field::SimExpiresOn,
        Field::SimAnnualFee,
        Field::DepositAmount,
        Field::DepositDeadline,
        Field::Notes,
    ];

    /// The snake_case code (also the English header).
    pub fn code(self) -> &'static str {
        match self {
            Field::Sn => "sn",
            Field::Brand => "brand",
            Field::Model => "model",
            Field::Kind => "kind",
            Field::Provider => "provider",
            Field::MerchantNo => "merchant_no",
            Field::TerminalNo => "terminal_no",
            Field::Store => "store",
            Field::Status => "status",
            Field::ActivatedOn => "activated_on",
            Field::WarrantyUntil => "warranty_until",
            Field::WarrantyMonths => "warranty_months",
            Field::Iccid => "iccid",
            Field::Carrier => "carrier",
            Field::SimStatus => "sim_status",
            Field::SimExpiresOn => "sim_expires_on",
            Field::SimAnnualFee => "sim_annual_fee",
            Field::DepositAmount => "deposit_amount",
            Field::DepositDeadline => "deposit_deadline",
            Field::Notes => "notes",
        }
    }

    /// The field of a code (`sn`, `iccid`, `sim_expires_on`; case and `-` for `_` forgiven).
    pub fn from_code(code: &str) -> Option<Field> {
        let norm = code.trim().to_ascii_lowercase().replace('-', "_");
        Field::ALL.iter().copied().find(|f| f.code() == norm)
    }

    /// The header an export writes in `lang` (zh-TW in the words of ui/README.md's vocabulary).
    pub fn header(self, lang: Lang) -> &'static str {
        let (zh, tw) = match self {
            Field::Sn => ("序列号", "序號"),
            Field::Brand => ("品牌", "品牌"),
            Field::Model => ("型号", "型號"),
            Field::Kind => ("类型", "類型"),
            Field::Provider => ("服务商", "服務商"),
            Field::MerchantNo => ("商户号", "商店代號"),
            Field::TerminalNo => ("终端号", "端末機代號"),
            Field::Store => ("门店", "門市"),
            Field::Status => ("状态", "狀態"),
            Field::ActivatedOn => ("启用日期", "啟用日期"),
            Field::WarrantyUntil => ("保修截止", "保固截止"),
            Field::WarrantyMonths => ("保修月数", "保固月數"),
            Field::Iccid => ("ICCID", "ICCID"),
            Field::Carrier => ("运营商", "電信業者"),
            Field::SimStatus => ("流量卡状态", "SIM卡狀態"),
            Field::SimExpiresOn => ("流量卡到期", "SIM卡到期"),
            Field::SimAnnualFee => ("流量费", "SIM卡年費"),
            Field::DepositAmount => ("押金", "押金"),
            Field::DepositDeadline => ("押金返还截止", "押金返還截止"),
            Field::Notes => ("备注", "備註"),
        };
        lang.pick(zh, tw, self.code())
    }

    /// Every header accepted for this column, already folded (see [`fold_header`]).
    fn aliases(self) -> &'static [&'static str] {
        match self {
            Field::Sn => &["序列号", "机身号", "终端序列号", "sn", "serial", "序號", "機身號", "終端序號", "sn号"],
            Field::Brand => &["品牌", "厂商", "brand", "廠商"],
            Field::Model => &["型号", "model", "型號"],
            Field::Kind => &["类型", "机型", "kind", "類型", "機型"],
            Field::Provider => &["服务商", "支付公司", "收单机构", "银行", "provider", "服務商", "收單機構", "銀行"],
            Field::MerchantNo => &["商户号", "merchant_no", "商戶號", "商户编号", "商店代號", "商店代号"],
            Field::TerminalNo => &["终端号", "terminal_no", "終端號", "终端编号", "端末機代號", "端末机代号"],
            Field::Store => &["门店", "网点", "位置", "store", "門店", "網點", "門市", "门市"],
            Field::Status => &["状态", "status", "狀態"],
            Field::ActivatedOn => &["启用日期", "激活日期", "开通日期", "activated_on", "啟用日期", "開通日期"],
            Field::WarrantyUntil => &["保修截止", "保修到期", "warranty_until", "保固截止", "保固到期"],
            Field::WarrantyMonths => &["保修月数", "保修期(月)", "warranty_months", "保固月數", "保固期(月)"],
            Field::Iccid => &["iccid", "流量卡号", "sim卡号", "流量卡號", "sim卡號"],
            Field::Carrier => &["运营商", "carrier", "電信業者", "運營商"],
            Field::SimStatus => {
                &["流量卡状态", "卡状态", "sim_status", "流量卡狀態", "卡狀態", "sim卡狀態", "sim卡状态"]
            }
            Field::SimExpiresOn => &[
                "流量卡到期",
                "流量卡到期日",
                "卡到期日",
                "sim_expires_on",
                "流量卡到期日期",
                "sim卡到期",
                "sim卡到期日",
                "sim卡到期日期",
            ],
            Field::SimAnnualFee => &["流量费", "年费", "sim_annual_fee", "流量費", "年費", "sim卡年費", "sim卡年费"],
            Field::DepositAmount => &["押金", "保证金", "deposit_amount", "保證金"],
            Field::DepositDeadline => {
                &["押金返还截止", "保证金返还截止", "deposit_deadline", "押金返還截止", "保證金返還截止"]
            }
            Field::Notes => &["备注", "notes", "備註", "備注"],
        }
    }

    /// The column a header names, if any: the whole header, or else the names it holds between
    /// separators (`流量卡号/ICCID`, `ICCID（流量卡号）`, `押金(元)`) when every part that names a
    /// column names the same one (`品牌/型号` names none: which of the two is meant is not known).
    pub fn from_header(h: &str) -> Option<Field> {
        let f = fold_header(h);
        if f.is_empty() {
            return None;
        }
        let named = |part: &str| Field::ALL.iter().copied().find(|field| field.aliases().contains(&part));
        if let Some(field) = named(&f) {
            return Some(field);
        }
        let mut found = None;
        for part in f.split(HEADER_SEPARATORS).filter(|p| !p.is_empty()) {
            match (named(part), found) {
                (Some(g), None) => found = Some(g),
                (Some(g), Some(prev)) if g != prev => return None,
                _ => {}
            }
        }
        found
    }

    /// Whether the column holds a long number that must stay text (spreadsheets mangle these).
    pub fn is_identifier(self) -> bool {
        matches!(self, Field::Sn | Field::MerchantNo | Field::TerminalNo | Field::Iccid)
    }

    pub fn is_date(self) -> bool {
        matches!(self, Field::ActivatedOn | Field::WarrantyUntil | Field::SimExpiresOn | Field::DepositDeadline)
    }
}

/// What separates the names a combined header holds, after [`fold_header`] (full-width forms are
/// already half-width then; `【】`, `、`, `，` and `：` have no half-width form).
const HEADER_SEPARATORS: &[char] = &[
    '/', '\\', '|', '(', ')', '[', ']', '{', '}', '<', '>', ',', ';', ':', '、', '，', '：', '；', '【', '】', '〔',
    '〕', '《', '》',
];

/// Full-width → half-width: `ＳＮ` → `SN`, `（` → `(`, the ideographic space → space.
pub fn fold_width(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '\u{3000}' => ' ',
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            _ => c,
        })
        .collect()
}

/// How headers are compared: folded to half-width, lower case, without spaces and without the
/// `*` that marks required columns in many templates.
pub fn fold_header(h: &str) -> String {
    fold_width(h)
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '*' && *c != '\u{FEFF}')
        .flat_map(char::to_lowercase)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_in_both_languages_and_full_width() {
        assert_eq!(Field::from_header("序列号"), Some(Field::Sn));
        assert_eq!(Field::from_header(" ＳＮ "), Some(Field::Sn));
        assert_eq!(Field::from_header("Serial"), Some(Field::Sn));
        assert_eq!(Field::from_header("*机身号"), Some(Field::Sn));
        assert_eq!(Field::from_header("保修期（月）"), Some(Field::WarrantyMonths));
        assert_eq!(Field::from_header("SIM卡号"), Some(Field::Iccid));
        assert_eq!(Field::from_header("ｉｃｃｉｄ"), Some(Field::Iccid));
        assert_eq!(Field::from_header("保证金返还截止"), Some(Field::DepositDeadline));
        assert_eq!(Field::from_header("颜色"), None);
        assert_eq!(Field::from_header("流量卡号/ICCID"), Some(Field::Iccid));
        assert_eq!(Field::from_header("ICCID（流量卡号）"), Some(Field::Iccid));
        assert_eq!(Field::from_header("SN / 序列号"), Some(Field::Sn));
        assert_eq!(Field::from_header("押金(元)"), Some(Field::DepositAmount));
        assert_eq!(Field::from_header("【门店】"), Some(Field::Store));
        assert_eq!(Field::from_header("流量费（元/年）"), Some(Field::SimAnnualFee));
        // Two different columns named in one header: neither is guessed.
        assert_eq!(Field::from_header("品牌/型号"), None);
        assert_eq!(Field::from_header("联系人(电话)"), None);
        for (h, f) in [
            ("門市", Field::Store),
            ("商店代號", Field::MerchantNo),
            ("端末機代號", Field::TerminalNo),
            ("序號", Field::Sn),
            ("SIM卡號", Field::Iccid),
            ("SIM卡到期", Field::SimExpiresOn),
        ] {
            assert_eq!(Field::from_header(h), Some(f), "{h}");
        }
        assert_eq!(Field::from_header(""), None);
    }

    #[test]
    fn zh_tw_export_headers_are_the_words_of_taiwan() {
        let tw: Vec<&str> = [Field::MerchantNo, Field::TerminalNo, Field::Store, Field::SimExpiresOn]
            .iter()
            .map(|f| f.header(Lang::ZhTw))
            .collect();
        assert_eq!(tw, ["商店代號", "端末機代號", "門市", "SIM卡到期"]);
    }

    #[test]
    fn every_export_header_reads_back() {
        for lang in [Lang::ZhCn, Lang::ZhTw, Lang::En] {
            for f in Field::ALL {
                assert_eq!(Field::from_header(f.header(lang)), Some(*f), "{lang:?} {f:?}");
            }
        }
    }
}
