//! What an import tells the user: counts, and every problem with its line, column and value.
//! Serializable, so the desktop app can show the same report.

use crate::error::Error;
use crate::i18n::Lang;
use serde::{Deserialize, Serialize};

/// At most this many problems (and as many warnings) are kept in a report; the counts stay exact.
/// (The rows-to-fix file is made by a run that keeps every problem.)
pub const MAX_LISTED: usize = 1000;

/// Why a row (or one of its cells) cannot be taken.
#[derive(Debug)]
pub enum Reason {
    /// Not a date in any accepted form.
    BadDate,
    /// A well-formed date that does not exist: 2026-02-30, 2026-04-31, 2026-13-05.
    NoSuchDate {
        year: i32,
        month: u32,
        day: u32,
    },
    /// Not one of the listed values.
    BadChoice {
        allowed: &'static str,
    },
    /// A long number that a spreadsheet turned into a float (`8.98600123456789E+19`).
    Scientific,
    /// A number where a whole number of months was expected.
    BadMonths,
    /// The cell holds a spreadsheet error such as `#N/A`.
    CellError(String),
    MissingSn,
    DuplicateSn {
        first_line: u64,
    },
    DuplicateIccid {
        first_line: u64,
    },
    IccidInOtherTerminal {
        sn: String,
    },
    /// SIM card details without an ICCID, for a terminal that has no SIM card.
    SimWithoutIccid,
    /// A deposit amount without a deadline, or the other way round, and no deposit to update.
    DepositIncomplete {
        missing: &'static str,
    },
    /// Warranty months without an activation date.
    MonthsWithoutActivation,
    /// A value refused by the core's own checks (SN, ICCID, money, text length…).
    Invalid(Error),
    /// A warning: the ICCID's check digit is wrong (stored anyway).
    LuhnWarning,
}

impl Reason {
    pub fn code(&self) -> &'static str {
        match self {
            Reason::BadDate => "bad_date",
            Reason::NoSuchDate { .. } => "no_such_date",
            Reason::BadChoice { .. } => "bad_choice",
            Reason::Scientific => "scientific_notation",
            Reason::BadMonths => "bad_months",
            Reason::CellError(_) => "cell_error",
            Reason::MissingSn => "missing_sn",
            Reason::DuplicateSn { .. } => "duplicate_sn_in_file",
            Reason::DuplicateIccid { .. } => "duplicate_iccid_in_file",
            Reason::IccidInOtherTerminal { .. } => "iccid_in_other_terminal",
            Reason::SimWithoutIccid => "sim_without_iccid",
            Reason::DepositIncomplete { .. } => "deposit_incomplete",
            Reason::MonthsWithoutActivation => "months_without_activation",
            Reason::Invalid(e) => e.code(),
            Reason::LuhnWarning => "iccid_check_digit",
        }
    }

    pub fn message(&self, lang: Lang) -> String {
        let zh = lang.is_chinese();
        match self {
            Reason::BadDate if zh => "不是能识别的日期（可用 2026-03-05、2026/3/5、2026.3.5、2026年3月5日、20260305）".into(),
            Reason::BadDate => {
                "not a date (use 2026-03-05, 2026/3/5, 2026.3.5, 2026年3月5日 or 20260305)".into()
            }
            Reason::NoSuchDate { year, month, day } => no_such_date(lang, *year, *month, *day),
            Reason::BadChoice { allowed } if zh => format!("不是可选的值（可选：{allowed}）"),
            Reason::BadChoice { allowed } => format!("not one of the accepted values ({allowed})"),
            Reason::Scientific if zh => "这个长数字被表格软件变成了科学计数法，后面的数字已经丢失。请把这一列设置为“文本”格式，重新填入完整号码后再导入".into(),
            Reason::Scientific => "this long number was turned into scientific notation by a spreadsheet and its last digits are lost; format the column as Text, enter the full numbers again and re-import".into(),
            Reason::BadMonths if zh => "保修月数应为 1 到 240 的整数".into(),
            Reason::BadMonths => "warranty months must be a whole number from 1 to 240".into(),
            Reason::CellError(e) if zh => format!("单元格是错误值 {e}"),
            Reason::CellError(e) => format!("the cell holds the error {e}"),
            Reason::MissingSn if zh => "缺少序列号".into(),
            Reason::MissingSn => "the SN is missing".into(),
            Reason::DuplicateSn { first_line } if zh => format!("序列号与第 {first_line} 行重复"),
            Reason::DuplicateSn { first_line } => format!("the same SN is on line {first_line}"),
            Reason::DuplicateIccid { first_line } if zh => format!("ICCID 与第 {first_line} 行重复"),
            Reason::DuplicateIccid { first_line } => format!("the same ICCID is on line {first_line}"),
            Reason::IccidInOtherTerminal { sn } if zh => {
                format!("这张流量卡已装在另一台终端（序列号 {sn}）里；请先在那台终端上取出或改用别的卡")
            }
            Reason::IccidInOtherTerminal { sn } => {
                format!("this SIM card is already in another terminal (SN {sn}); take it out there first")
            }
            Reason::SimWithoutIccid if zh => "填了流量卡信息但没有 ICCID，而这台终端里还没有流量卡".into(),
            Reason::SimWithoutIccid => "SIM card details without an ICCID, and the terminal has no SIM card".into(),
            Reason::DepositIncomplete { missing } if zh => {
                let m = if *missing == "deposit_deadline" { "押金返还截止日期" } else { "押金金额" };
                format!("新押金需要同时填写金额和返还截止日期，缺少{m}")
            }
            Reason::DepositIncomplete { missing } => format!("a new deposit needs both amount and deadline; {missing} is missing"),
            Reason::MonthsWithoutActivation if zh => "保修月数从启用日期起算，但没有启用日期".into(),
            Reason::MonthsWithoutActivation => "warranty months count from the activation date, which is missing".into(),
            Reason::Invalid(e) => e.message(lang),
            Reason::LuhnWarning if zh => "ICCID 的校验位不对，请核对卡号（已照原样保存）".into(),
            Reason::LuhnWarning => "the ICCID's check digit is wrong; please check the number (stored as given)".into(),
        }
    }
}

/// Why a well-formed date does not exist: `2月没有30日`, `February has no 30th`.
fn no_such_date(lang: Lang, year: i32, month: u32, day: u32) -> String {
    const MONTHS: [&str; 12] = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ];
    let leap = chrono::NaiveDate::from_ymd_opt(year, 2, 29).is_some();
    let name = usize::try_from(month).ok().and_then(|m| m.checked_sub(1)).and_then(|i| MONTHS.get(i));
    match (lang, name) {
        (Lang::ZhCn, None) => format!("没有{month}月（月份是 1 到 12）"),
        (Lang::ZhTw, None) => format!("沒有{month}月（月份是 1 到 12）"),
        (Lang::En, None) => format!("there is no month {month} (months are 1 to 12)"),
        (Lang::ZhCn, Some(_)) if month == 2 && day == 29 && !leap => format!("{year}年2月没有29日（{year}年不是闰年）"),
        (Lang::ZhTw, Some(_)) if month == 2 && day == 29 && !leap => format!("{year}年2月沒有29日（{year}年不是閏年）"),
        (Lang::En, Some(_)) if month == 2 && day == 29 && !leap => {
            format!("February {year} has no 29th ({year} is not a leap year)")
        }
        (Lang::ZhCn, Some(_)) => format!("{month}月没有{day}日"),
        (Lang::ZhTw, Some(_)) => format!("{month}月沒有{day}日"),
        (Lang::En, Some(m)) => format!("{m} has no {}", ordinal(day)),
    }
}

/// 1st, 2nd, 3rd, 4th … 11th, 12th, 13th … 21st …
fn ordinal(n: u32) -> String {
    let suffix = match (n % 10, n % 100) {
        (_, 11..=13) => "th",
        (1, _) => "st",
        (2, _) => "nd",
        (3, _) => "rd",
        _ => "th",
    };
    format!("{n}{suffix}")
}

/// One problem: where, what, why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Problem {
    /// Line of a text file or row of a sheet, 1-based, as the spreadsheet program shows it.
    pub line: u64,
    /// The column's header as written in the file; `None` for a problem with the whole row.
    pub column: Option<String>,
    /// The cell's value as read.
    pub value: Option<String>,
    /// A stable code for the UI.
    pub code: String,
    /// The reason in the language asked for.
    pub reason: String,
}

/// What an import did, or (dry run, or refused) would have done.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ImportReport {
    /// Data rows read (empty rows not counted).
    pub rows: u64,
    pub new: u64,
    pub updated: u64,
    pub unchanged: u64,
    pub invalid: u64,
    /// Whether anything was written.
    pub committed: bool,
    pub dry_run: bool,
    /// The file's format as detected: `csv`, `tsv` or `xlsx`, and its text encoding if any.
    pub format: String,
    pub encoding: Option<String>,
    pub sheet: Option<String>,
    /// Columns that were not recognised and were ignored.
    pub ignored_columns: Vec<String>,
    pub problems: Vec<Problem>,
    /// How many problems were found beyond the listed ones.
    pub problems_not_listed: u64,
    pub warnings: Vec<Problem>,
    /// The backup taken before writing, if any.
    pub backup: Option<String>,
}

impl ImportReport {
    /// Lists `p` if fewer than `listed` are listed; counts it otherwise.
    pub(crate) fn push_problem(&mut self, p: Problem, listed: usize) {
        if self.problems.len() < listed {
            self.problems.push(p);
        } else {
            self.problems_not_listed += 1;
        }
    }

    pub(crate) fn push_warning(&mut self, p: Problem) {
        if self.warnings.len() < MAX_LISTED {
            self.warnings.push(p);
        }
    }
}
