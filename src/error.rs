//! One error type for the whole core. Every error has a stable `code` (what the UI translates and
//! tests match on) and a message in the user's language (what the CLI prints).

use crate::i18n::Lang;
use std::path::PathBuf;

mod attachment;
mod folder;
mod problems;
mod push;
pub use attachment::AttachmentProblem;
pub use folder::FolderProblem;
pub use problems::{ReplaceProblem, StateProblem};
pub use push::PushProblem;

pub type Result<T, E = Error> = std::result::Result<T, E>;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("invalid date for {}: '{}' (expected YYYY-MM-DD, a real calendar date)", field_en(.field), shown(.value))]
    InvalidDate { field: &'static str, value: String },
    #[error("invalid {}: '{}' (allowed: {allowed})", field_en(.field), shown(.value))]
    InvalidValue { field: &'static str, value: String, allowed: String },
    #[error("invalid SN '{}': {}", shown(.value), sn_reason_en(.reason))]
    InvalidSn { value: String, reason: &'static str },
    #[error("invalid ICCID '{}': it must be 19 or 20 digits starting with 89", shown(.value))]
    InvalidIccid { value: String },
    #[error("invalid amount for {}: '{}' (yuan, e.g. 45 or 45.5, not negative)", field_en(.field), shown(.value))]
    InvalidMoney { field: &'static str, value: String },
    #[error("invalid {}: '{}' ({expected})", field_en(.field), shown(.value))]
    InvalidNumber { field: &'static str, value: String, expected: &'static str },
    #[error("invalid text for {}: {}", field_en(.field), text_reason_en(.reason))]
    InvalidText { field: &'static str, reason: &'static str },
    #[error("a terminal with SN '{}' already exists", shown(.0))]
    DuplicateSn(String),
    #[error("a SIM card with ICCID '{}' already exists", shown(.0))]
    DuplicateIccid(String),
    #[error("a contact named '{}' already exists", shown(.0))]
    DuplicateContact(String),
    #[error("no terminal with SN '{}'", shown(.0))]
    TerminalNotFound(String),
    #[error("no SIM card with ICCID '{}'", shown(.0))]
    SimNotFound(String),
    #[error("no contact named '{}'", shown(.0))]
    ContactNotFound(String),
    #[error("no {} with ID {id}", field_en(.what))]
    NotFound { what: &'static str, id: i64 },
    #[error("no reminder with key '{}'", shown(.0))]
    ReminderNotFound(String),
    #[error("{0}")]
    InvalidState(StateProblem),
    #[error("{0}")]
    Replacement(ReplaceProblem),
    #[error("unknown setting '{}'", shown(.0))]
    UnknownSetting(String),
    #[error("unknown field '{}' in a column mapping (fields: sn, brand, model, kind, provider, merchant_no, terminal_no, store, status, activated_on, warranty_until, warranty_months, iccid, carrier, sim_status, sim_expires_on, sim_annual_fee, deposit_amount, deposit_deadline, notes; - for not imported)", shown(.0))]
    UnknownField(String),
    #[error("the field {field} is mapped to two columns: '{}' and '{}'", shown(&.headers.0), shown(&.headers.1))]
    FieldMappedTwice { field: &'static str, headers: (String, String) },
    #[error("'{}' is not a column mapping (write HEADER=FIELD, e.g. 机具编号=sn)", shown(.0))]
    InvalidMapping(String),
    #[error("invalid value '{}' for setting {}: {expected}", shown(.value), shown(.key))]
    InvalidSetting { key: String, value: String, expected: &'static str },
    #[error("the folder of the database does not exist: {0}")]
    DbFolderMissing(PathBuf),
    #[error("{0} is not a PosKeeper database")]
    NotPosKeeperDb(PathBuf),
    #[error("{path} was written by a newer PosKeeper (schema {found}, this version reads up to {supported}); it was not touched")]
    DbTooNew { path: PathBuf, found: i64, supported: i64 },
    #[error("the database {} is damaged: {}", .0.display(), shown_detail(.1))]
    DbDamaged(PathBuf, String),
    #[error("{0} is empty")]
    FileEmpty(PathBuf),
    #[error("there is no file {0}")]
    FileNotFound(PathBuf),
    #[error("{path} is {size} bytes; files over {limit} bytes are not imported")]
    FileTooLarge { path: PathBuf, size: u64, limit: u64 },
    #[error("{path} has a header but no data rows")]
    NoDataRows { path: PathBuf },
    // Nothing of the first rows is kept: a file that is no spreadsheet can hold anything (a
    // password file's first line); messages never replay a file's contents.
    // `headers` (the first non-empty row's names) is for the app's mapping step, never printed.
    #[error("{path} has no SN column in its first rows (accepted headers: 序列号, 机身号, 终端序列号, SN, serial); say which column holds the SN with --map 'HEADER=sn'")]
    NoSnColumn { path: PathBuf, headers: Vec<String> },
    #[error("{path} is not a spreadsheet PosKeeper can read ({})", not_a_spreadsheet_en(.reason))]
    NotASpreadsheet { path: PathBuf, reason: &'static str },
    #[error("{path} is damaged or truncated ({})", shown_detail(.detail))]
    SpreadsheetDamaged { path: PathBuf, detail: String },
    #[error("{path} unpacks to too much data ({}); it was not read", shown_detail(.detail))]
    SpreadsheetTooBig { path: PathBuf, detail: String },
    #[error("{path} has more than {limit} rows; split it into smaller files")]
    TooManyRows { path: PathBuf, limit: u64 },
    #[error("no sheet named '{}' (sheets: {})", shown(.name), shown_detail(.available))]
    SheetNotFound { name: String, available: String },
    #[error("{path} is not valid {encoding} text (byte {offset})")]
    TextEncoding { path: PathBuf, encoding: &'static str, offset: u64 },
    #[error("{path}: the record that starts on line {line} is longer than 1 MB or has more than 16384 columns (an unclosed quote, or a damaged file); it was not read")]
    RecordTooLarge { path: PathBuf, line: u64 },
    #[error("{path}: unsupported file type '{}' (use .csv, .tsv, .txt or .xlsx)", shown(.ext))]
    UnsupportedFormat { path: PathBuf, ext: String },
    #[error("nothing was imported: {invalid} row(s) have problems (fix them, or use --skip-invalid to import the other rows)")]
    ImportRejected { invalid: u64 },
    #[error("could not write the spreadsheet: {}", shown_detail(.0))]
    SpreadsheetWrite(String),
    #[error("the database {0} does not exist (`poskeeper init` creates one)")]
    DbMissing(PathBuf),
    #[error("{path} is {}; nothing was written over it", protected_en(.what))]
    OutputProtected { path: PathBuf, what: &'static str },
    #[error("{path} is open in another program (Excel?), which keeps it from being replaced; close it there first, then try again")]
    OutputInUse { path: PathBuf },
    #[error("{path} is not a sound PosKeeper backup ({}: {detail}); the current database was not changed", backup_refused_en(.reason))]
    BackupRefused { path: PathBuf, reason: &'static str, detail: String },
    #[error("the backup folder {} {}", .path.display(), .problem.en())]
    BackupFolder { path: PathBuf, problem: FolderProblem },
    #[error("{}", .0.en())]
    Push(PushProblem),
    #[error("{channels} phone push channel(s) failed (see above)")]
    PushFailed { channels: usize },
    #[error("{}", .0.en())]
    Attachment(AttachmentProblem),
    #[error("the database check found {} problem(s): {}", .0.len(), .0.join("; "))]
    CheckFailed(Vec<String>),
    #[error("database error: {}", sqlite_text(.0))]
    Sqlite(#[from] rusqlite::Error),
    #[error("file error: {0}")]
    Io(#[from] std::io::Error),
}

impl Error {
    /// A file the user named could not be read: "there is no file …" when it is not there,
    /// the OS's error otherwise.
    pub(crate) fn reading(path: &std::path::Path, e: std::io::Error) -> Error {
        match e.kind() {
            std::io::ErrorKind::NotFound => Error::FileNotFound(path.to_path_buf()),
            _ => Error::Io(e),
        }
    }

    /// SQLite's own words when a read found the file damaged or not a database at all (a
    /// malformed page, a header that is not SQLite's): what the file's damage is to be reported
    /// with. `None` for every other error.
    pub fn sqlite_damage(&self) -> Option<String> {
        match self {
            Error::Sqlite(s)
                if matches!(
                    s.sqlite_error_code(),
                    Some(rusqlite::ErrorCode::DatabaseCorrupt | rusqlite::ErrorCode::NotADatabase)
                ) =>
            {
                Some(s.to_string())
            }
            _ => None,
        }
    }

    /// A stable code for programs and the UI.
    pub fn code(&self) -> &'static str {
        match self {
            Error::InvalidDate { .. } => "invalid_date",
            Error::InvalidValue { .. } => "invalid_value",
            Error::InvalidSn { .. } => "invalid_sn",
            Error::InvalidIccid { .. } => "invalid_iccid",
            Error::InvalidMoney { .. } => "invalid_money",
            Error::InvalidNumber { .. } => "invalid_number",
            Error::InvalidText { .. } => "invalid_text",
            Error::DuplicateSn(_) => "duplicate_sn",
            Error::DuplicateIccid(_) => "duplicate_iccid",
            Error::DuplicateContact(_) => "duplicate_contact",
            Error::TerminalNotFound(_) => "terminal_not_found",
            Error::SimNotFound(_) => "sim_not_found",
            Error::ContactNotFound(_) => "contact_not_found",
            Error::NotFound { .. } => "not_found",
            Error::ReminderNotFound(_) => "reminder_not_found",
            Error::InvalidState(_) => "invalid_state",
            Error::Replacement(p) => p.code(),
            Error::UnknownSetting(_) => "unknown_setting",
            Error::UnknownField(_) => "unknown_field",
            Error::FieldMappedTwice { .. } => "field_mapped_twice",
            Error::InvalidMapping(_) => "invalid_mapping",
            Error::InvalidSetting { .. } => "invalid_setting",
            Error::DbFolderMissing(_) => "db_folder_missing",
            Error::NotPosKeeperDb(_) => "not_poskeeper_db",
            Error::DbTooNew { .. } => "db_too_new",
            Error::DbDamaged(..) => "db_damaged",
            Error::FileEmpty(_) => "file_empty",
            Error::FileNotFound(_) => "file_not_found",
            Error::FileTooLarge { .. } => "file_too_large",
            Error::NoDataRows { .. } => "no_data_rows",
            Error::NoSnColumn { .. } => "no_sn_column",
            Error::NotASpreadsheet { .. } => "not_a_spreadsheet",
            Error::SpreadsheetDamaged { .. } => "spreadsheet_damaged",
            Error::SpreadsheetTooBig { .. } => "spreadsheet_too_big",
            Error::TooManyRows { .. } => "too_many_rows",
            Error::SheetNotFound { .. } => "sheet_not_found",
            Error::TextEncoding { .. } => "text_encoding",
            Error::RecordTooLarge { .. } => "record_too_large",
            Error::UnsupportedFormat { .. } => "unsupported_format",
            Error::ImportRejected { .. } => "import_rejected",
            Error::SpreadsheetWrite(_) => "spreadsheet_write",
            Error::DbMissing(_) => "db_missing",
            Error::OutputProtected { .. } => "output_protected",
            Error::OutputInUse { .. } => "output_in_use",
            Error::BackupRefused { .. } => "backup_refused",
            Error::BackupFolder { problem, .. } => problem.code(),
            Error::Push(p) => p.code(),
            Error::PushFailed { .. } => "push_failed",
            Error::Attachment(p) => p.code(),
            Error::CheckFailed(_) => "check_failed",
            Error::Sqlite(_) => "database",
            Error::Io(_) => "io",
        }
    }

    /// The message in the given language (English is the `Display` text). One line whatever a
    /// value held: quoted values are escaped and cut (see `shown`), and any control character
    /// left (in a path, an OS error) is escaped too.
    pub fn message(&self, lang: Lang) -> String {
        if !lang.is_chinese() {
            return one_line(&self.to_string());
        }
        one_line(&self.message_zh())
    }

    fn message_zh(&self) -> String {
        let field_zh = |f: &str| field_label(f).to_string();
        match self {
            Error::InvalidDate { field, value } => {
                format!("{}日期无效：“{}”（应为 YYYY-MM-DD 格式的真实日期）", field_zh(field), shown(value))
            }
            Error::InvalidValue { field, value, allowed } => {
                format!("{}无效：“{}”（可选：{allowed}）", field_zh(field), shown(value))
            }
            Error::InvalidSn { value, reason } => {
                let r = match *reason {
                    "empty" => "不能为空",
                    "too_long" => "不能超过 64 个字符",
                    "invisible" => "含有看不见或会改变文字方向的字符（如零宽空格、U+202E），请重新输入",
                    _ => "含有换行、制表符等控制字符",
                };
                format!("序列号（SN）“{}”无效：{r}", shown(value))
            }
            Error::InvalidIccid { value } => {
                format!("ICCID“{}”无效：应为以 89 开头的 19 或 20 位数字", shown(value))
            }
            Error::InvalidMoney { field, value } => {
                format!("{}金额无效：“{}”（以元为单位，如 45 或 45.5，不能为负）", field_zh(field), shown(value))
            }
            Error::InvalidNumber { field, value, .. } => {
                format!("{}无效：“{}”", field_zh(field), shown(value))
            }
            Error::InvalidText { field, reason } => match *reason {
                "empty" => format!("{}不能为空", field_zh(field)),
                "too_long" => format!("{}太长", field_zh(field)),
                "invisible" => format!("{}含有看不见或会改变文字方向的字符（如零宽空格、U+202E）", field_zh(field)),
                _ => format!("{}含有换行、制表符等控制字符，只能填一行文字", field_zh(field)),
            },
            Error::DuplicateSn(sn) => format!("序列号为“{}”的终端已存在", shown(sn)),
            Error::DuplicateIccid(i) => format!("ICCID 为“{}”的流量卡已存在", shown(i)),
            Error::DuplicateContact(n) => format!("名为“{}”的联系方式已存在", shown(n)),
            Error::TerminalNotFound(sn) => format!("找不到序列号为“{}”的终端", shown(sn)),
            Error::SimNotFound(i) => format!("找不到 ICCID 为“{}”的流量卡", shown(i)),
            Error::ContactNotFound(n) => format!("找不到名为“{}”的联系方式", shown(n)),
            Error::NotFound { what, id } => format!("找不到编号为 {id} 的{}", field_zh(what)),
            Error::ReminderNotFound(k) => format!("找不到提醒“{}”", shown(k)),
            Error::InvalidState(p) => match p {
                StateProblem::DepositNotHeld(id) => format!("押金 {id} 已退还或已扣，不能再更改"),
                StateProblem::RepairFinished(id) => format!("维修工单 {id} 已结束"),
                StateProblem::SimCancelled(i) => format!("流量卡“{i}”已注销，不能再更改"),
                StateProblem::UseRepairClose => "结束工单请用 repair close".to_string(),
                StateProblem::NoActiveTerminals => "没有使用中或备用的终端，无法建立保养计划".to_string(),
                StateProblem::RenewalNotLater(d) => format!("续费后的到期日必须晚于当前到期日 {d}"),
                StateProblem::NotEmpty(n) => format!("数据库里已有 {n} 台终端；示例数据只能写入空数据库"),
                StateProblem::UndoGone => "上一次批量操作已无法撤销：它写下的记录已经变了".to_string(),
            },
            Error::Replacement(p) => p.message_zh(),
            Error::UnknownSetting(k) => format!("没有名为“{}”的设置项", shown(k)),
            Error::UnknownField(f) => format!("列对应里的字段“{}”不存在（可用 sn、iccid 等字段代码，- 表示不导入）", shown(f)),
            Error::FieldMappedTwice { field, headers } => {
                format!("字段 {field} 对应了两列：“{}”和“{}”，每个字段只能对应一列", shown(&headers.0), shown(&headers.1))
            }
            Error::InvalidMapping(m) => format!("“{}”不是列对应（写成 表头=字段，如 机具编号=sn）", shown(m)),
            Error::InvalidSetting { key, value, expected } => {
                format!("设置项 {} 的值“{}”无效：{expected}", shown(key), shown(value))
            }
            Error::DbFolderMissing(p) => format!("数据库所在的文件夹不存在：{}", p.display()),
            Error::NotPosKeeperDb(p) => format!("{} 不是 POS管家 的数据库", p.display()),
            Error::DbTooNew { path, found, supported } => format!(
                "{} 由更新版本的 POS管家 写入（结构版本 {found}，本版本最高支持 {supported}），未做任何改动",
                path.display()
            ),
            Error::DbDamaged(p, what) => format!("数据库 {} 已损坏：{}", p.display(), shown_detail(what)),
            Error::FileEmpty(p) => format!("{} 是空文件", p.display()),
            Error::FileNotFound(p) => format!("找不到文件 {}", p.display()),
            Error::FileTooLarge { path, size, limit } => format!(
                "{} 有 {} MB，超过 {} MB 的文件不予导入；请拆分成几个小文件",
                path.display(),
                size / 1_000_000,
                limit / 1_000_000
            ),
            Error::NoDataRows { path } => format!("{} 只有表头，没有数据行", path.display()),
            Error::NoSnColumn { path, .. } => format!(
                "{} 的前几行里没有序列号列（可用的表头：序列号、机身号、终端序列号、SN、serial）；可用 --map '表头=sn' 指定哪一列是序列号",
                path.display()
            ),
            Error::NotASpreadsheet { path, reason } => {
                let why = match *reason {
                    "folder" => "这是一个文件夹",
                    "xls" => "这是旧版 Excel 97–2003 的 .xls 文件，请在 Excel 或 WPS 里另存为 .xlsx 或 CSV",
                    "encoding" => "内容是二进制数据，或是无法识别的文字编码",
                    _ => "内容是二进制数据，不是文字表格",
                };
                format!("{} 不是 POS管家 能读取的表格文件（{why}）", path.display())
            }
            Error::SpreadsheetDamaged { path, detail } => {
                format!("{} 已损坏或不完整（{}），请重新保存或重新下载后再导入", path.display(), shown_detail(detail))
            }
            Error::SpreadsheetTooBig { path, detail } => {
                format!("{} 解压后的数据太大（{}），没有读取", path.display(), shown_detail(detail))
            }
            Error::TooManyRows { path, limit } => {
                format!("{} 超过 {limit} 行，请拆分成几个小文件再导入", path.display())
            }
            Error::SheetNotFound { name, available } => {
                format!("没有名为“{}”的工作表（现有工作表：{}）", shown(name), shown_detail(available))
            }
            Error::TextEncoding { path, encoding, offset } => format!(
                "{} 不是有效的 {encoding} 文本（第 {offset} 字节处无法识别），请在表格软件里另存为 CSV UTF-8 或 Excel 工作簿",
                path.display()
            ),
            Error::RecordTooLarge { path, line } => format!(
                "{} 从第 {line} 行开始的一条记录超过 1 MB 或多于 16384 列（多半是引号没有配对，或文件已损坏），没有读取",
                path.display()
            ),
            Error::UnsupportedFormat { path, ext } => {
                format!("{} 的文件类型“{}”不受支持（可用 .csv、.tsv、.txt 或 .xlsx）", path.display(), shown(ext))
            }
            Error::ImportRejected { invalid } => {
                format!("没有导入任何数据：{invalid} 行有问题（请修改后重试，或加 --skip-invalid 只导入没有问题的行）")
            }
            Error::SpreadsheetWrite(e) => format!("无法写出表格文件：{}", shown_detail(e)),
            Error::DbMissing(p) => format!("数据库 {} 不存在（新建数据库请用 poskeeper init）", p.display()),
            Error::OutputProtected { path, what } => {
                let what = match *what {
                    "database" => "POS管家 的数据库文件",
                    "backup" => "一个数据库或备份文件",
                    "backups_folder" => "备份文件夹里的文件",
                    _ => "一个文件夹",
                };
                format!("{} 是{what}，没有覆盖它；请另选一个文件名", path.display())
            }
            Error::OutputInUse { path } => {
                format!("{} 正被其他程序（例如 Excel）打开，无法替换：请先在 Excel 中关闭它，再重试", path.display())
            }
            Error::BackupRefused { path, reason, detail } => {
                let why = match *reason {
                    "schema" => "表结构与本版本的不符",
                    _ => "检查发现数据有损坏或不一致",
                };
                format!("{} 不是完好的 POS管家 备份（{why}：{detail}），当前数据库没有改动", path.display())
            }
            Error::BackupFolder { path, problem } => format!("备份文件夹 {} {}", path.display(), problem.zh()),
            Error::Push(p) => p.zh(),
            Error::PushFailed { channels } => format!("{channels} 个手机提醒渠道发送失败（见上文）"),
            Error::Attachment(p) => p.zh(),
            Error::CheckFailed(v) => format!("数据库检查发现 {} 处问题：{}", v.len(), v.join("；")),
            Error::Sqlite(e) => format!("数据库错误：{}", sqlite_text(e)),
            Error::Io(e) => format!("文件错误：{e}"),
        }
    }
}

/// Why a backup was refused, in English.
fn backup_refused_en(reason: &str) -> &'static str {
    match reason {
        "schema" => "its tables are not the ones this version expects",
        _ => "the check found damaged or inconsistent data",
    }
}

/// What an output path was refused for, in English.
fn protected_en(what: &str) -> &'static str {
    match what {
        "database" => "the PosKeeper database (or one of its files)",
        "backup" => "a database or a backup",
        "backups_folder" => "in the backups folder",
        _ => "a folder",
    }
}

/// How long a value quoted in a message may be, and a detail (a library's reason, a list).
const SHOWN_CHARS: usize = 60;
const DETAIL_CHARS: usize = 200;

/// A value as a message quotes it: control, invisible and direction-changing characters written
/// as escapes (`\n`, `\u{202E}`) and the value cut to 60 characters with `…`, so a message is
/// one line that shows what was typed and never replays a whole file or reorders the terminal.
pub fn shown(s: &str) -> String {
    escaped(s, SHOWN_CHARS)
}

/// A library's or the system's explanation, one line and cut to a sane length.
fn shown_detail(s: &str) -> String {
    escaped(s, DETAIL_CHARS)
}

fn escaped(s: &str, max: usize) -> String {
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if i == max {
            out.push('…');
            break;
        }
        push_escaped(&mut out, c);
    }
    out
}

fn push_escaped(out: &mut String, c: char) {
    use crate::chars::{is_invisible, is_line_control};
    match c {
        '\n' => out.push_str("\\n"),
        '\r' => out.push_str("\\r"),
        '\t' => out.push_str("\\t"),
        c if is_line_control(c) || is_invisible(c) => out.push_str(&format!("\\u{{{:04X}}}", u32::from(c))),
        c => out.push(c),
    }
}

/// A whole message on one line: every control or invisible character left is escaped.
pub fn one_line(s: &str) -> String {
    use crate::chars::{is_invisible, is_line_control};
    if !s.chars().any(|c| is_line_control(c) || is_invisible(c)) {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        push_escaped(&mut out, c);
    }
    out
}

/// SQLite's reason without the statement: rusqlite's input errors carry the whole SQL text
/// (many lines, and for a long `IN (…)` list, tens of kilobytes).
fn sqlite_text(e: &rusqlite::Error) -> String {
    match e {
        rusqlite::Error::SqlInputError { msg, .. } => shown_detail(msg),
        other => shown_detail(&other.to_string()),
    }
}

/// Why an SN was refused, in English.
fn sn_reason_en(reason: &str) -> &'static str {
    match reason {
        "empty" => "it is empty",
        "too_long" => "it is longer than 64 characters",
        "invisible" => "it holds an invisible or direction-changing character (such as a zero-width space or U+202E)",
        _ => "it holds a line break, tab or other control character",
    }
}

/// Why a text was refused, in English.
fn text_reason_en(reason: &str) -> &'static str {
    match reason {
        "empty" => "it is empty",
        "too_long" => "it is too long",
        "invisible" => "it holds an invisible or direction-changing character (such as a zero-width space or U+202E)",
        _ => "it holds a line break, tab or other control character (one line of text only)",
    }
}

/// English names of the fields whose code name reads badly in a sentence.
fn field_en(field: &str) -> String {
    match field {
        "until" => "the renewal's new expiry date".into(),
        "snooze_until" => "snooze until".into(),
        "on" => "the date".into(),
        "as_of" => "as of".into(),
        "expected_back" => "expected back".into(),
        "lead" => "lead days".into(),
        "every" => "interval".into(),
        "msisdn" => "phone number of the SIM card".into(),
        other => other.replace('_', " "),
    }
}

/// Why a file is not a spreadsheet, in English.
fn not_a_spreadsheet_en(reason: &str) -> &'static str {
    match reason {
        "folder" => "it is a folder",
        "xls" => "an old Excel 97–2003 .xls file; save it as .xlsx or CSV in Excel or WPS",
        "encoding" => "binary data or an unknown text encoding",
        _ => "binary data, not a text spreadsheet",
    }
}

/// Chinese names of the fields that appear in messages.
fn field_label(field: &str) -> &str {
    match field {
        "activated_on" => "启用",
        "acquired_on" => "购入",
        "warranty_until" => "保修截止",
        "expires_on" => "到期",
        "until" => "续费到期",
        "snooze_until" => "推迟",
        "on" => "",
        "deadline" => "押金返还截止",
        "paid_on" => "缴纳",
        "starts_on" => "开始",
        "opened_on" => "报修",
        "expected_back" => "预计取回",
        "as_of" => "查询",
        "amount" => "押金",
        "fee" => "费用",
        "cost" => "费用",
        "kind" => "类型",
        "channel kind" => "渠道类型",
        "status" => "状态",
        "carrier" => "运营商",
        "form" => "卡类型",
        "paid_by" => "付费方",
        "mode" => "计算方式",
        "fault" => "故障类型",
        "channel" => "维修方式",
        "urgency" => "紧急程度",
        "every" => "周期",
        "lead" => "提前天数",
        "warranty_months" => "保修月数",
        "quota_mb" => "月流量",
        "task" => "保养项目",
        "name" => "名称",
        "deposit" => "押金",
        "maintenance plan" => "保养计划",
        "repair ticket" => "维修工单",
        "terminals" => "终端数量",
        "seed" => "随机种子",
        "brand" => "品牌",
        "model" => "型号",
        "provider" => "服务商",
        "merchant_no" => "商户号",
        "terminal_no" => "终端号",
        "store" => "门店",
        "warranty_provider" => "保修方",
        "warranty_terms" => "保修条款",
        "notes" => "备注",
        "note" => "备注",
        "msisdn" => "流量卡手机号",
        "plan" => "套餐",
        "condition" => "押金返还条件",
        "volume_target" => "交易量目标",
        "description" => "故障描述",
        "agent" => "客服",
        "ticket_no" => "服务单号",
        "result" => "维修结果",
        "contact" => "联系人",
        "phone" => "电话",
        "hours" => "服务时间",
        "website" => "网址",
        "address" => "地址",
        "format" => "格式",
        "sheet" => "工作表",
        "push channel" => "手机提醒渠道",
        "attachment" => "附件",
        "secret" => "签名密钥",
        _ => field,
    }
}
