//! Reading cell values the way spreadsheets from providers, Excel and WPS write them: dates in
//! five forms or as date cells, codes in Chinese or English, fees with `¥`, long numbers that must
//! stay text.

use super::report::Reason;
use crate::domain::values::{add_days, parse_yuan};
use crate::domain::{Carrier, SimStatus, TerminalKind, TerminalStatus};
use crate::files::fields::fold_width;
use crate::i18n::Lang;
use chrono::NaiveDate;

/// One cell as the reader found it.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Empty,
    Text(String),
    Int(i64),
    Float(f64),
    Date(NaiveDate),
    Bool(bool),
    Error(String),
}

impl Cell {
    pub fn is_empty(&self) -> bool {
        match self {
            Cell::Empty => true,
            Cell::Text(s) => s.trim().is_empty(),
            _ => false,
        }
    }

    /// The value as the user would see it, for problem reports.
    pub fn display(&self) -> String {
        match self {
            Cell::Empty => String::new(),
            Cell::Text(s) => s.clone(),
            Cell::Int(n) => n.to_string(),
            Cell::Float(f) => float_text(*f),
            Cell::Date(d) => d.to_string(),
            Cell::Bool(b) => if *b { "TRUE" } else { "FALSE" }.into(),
            Cell::Error(e) => e.clone(),
        }
    }
}

/// A float as a spreadsheet shows it: whole numbers without `.0`, large ones in E notation.
fn float_text(f: f64) -> String {
    if f.fract() == 0.0 && f.abs() < 1e15 {
        format!("{f:.0}")
    } else if f.abs() >= 1e15 {
        // As spreadsheets show it: 8.98600123456789E+19.
        format!("{f:E}").replacen('E', "E+", 1).replace("E+-", "E-")
    } else {
        format!("{f}")
    }
}

type R<T> = Result<T, Reason>;

/// Free text (brand, store, notes…): numbers are written as the sheet shows them.
pub fn text(c: &Cell) -> R<String> {
    match c {
        Cell::Error(e) => Err(Reason::CellError(e.clone())),
        other => Ok(other.display().trim().to_string()),
    }
}

/// `8.98600123456789E+19`, `8.986E19`, `1.2e+15`: a number in scientific notation.
fn looks_scientific(s: &str) -> bool {
    let t = s.trim();
    let Some((mantissa, exp)) = t.split_once(['e', 'E']) else { return false };
    let exp = exp.strip_prefix('+').unwrap_or(exp);
    let m_ok = !mantissa.is_empty()
        && mantissa.bytes().all(|b| b.is_ascii_digit() || b == b'.')
        && mantissa.bytes().filter(|b| *b == b'.').count() <= 1;
    m_ok && !exp.is_empty() && exp.bytes().all(|b| b.is_ascii_digit())
}

/// SN, merchant and terminal numbers, ICCIDs: text, never a rounded float.
pub fn identifier(c: &Cell) -> R<String> {
    match c {
        Cell::Int(n) => Ok(n.to_string()),
        // Spreadsheets keep 15 significant digits: anything longer has lost its tail.
        Cell::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => Ok(format!("{f:.0}")),
        Cell::Float(_) => Err(Reason::Scientific),
        Cell::Error(e) => Err(Reason::CellError(e.clone())),
        other => {
            let s = fold_width(&other.display()).trim().to_string();
            if looks_scientific(&s) {
                return Err(Reason::Scientific);
            }
            Ok(s)
        }
    }
}

/// Days from 1899-12-30, Excel's (1900 system) day zero, as a date within a sane range.
fn from_serial(days: f64) -> Option<NaiveDate> {
    if !(1.0..=2_958_465.0).contains(&days) {
        return None;
    }
    let zero = NaiveDate::from_ymd_opt(1899, 12, 30)?;
    // Whole days only: a time of day is dropped.
    let whole = days.floor();
    #[allow(clippy::cast_possible_truncation)]
    let d = add_days(zero, whole as i64);
    Some(d)
}

/// The year, month and day of an 8-digit `yyyymmdd` number (19000101–29991231), which may not be
/// a real date.
fn compact_parts(n: i64) -> Option<(i32, u32, u32)> {
    if !(19_000_101..=29_991_231).contains(&n) {
        return None;
    }
    let y = i32::try_from(n / 10000).ok()?;
    let m = u32::try_from(n / 100 % 100).ok()?;
    let d = u32::try_from(n % 100).ok()?;
    Some((y, m, d))
}

/// A well-formed date's parts as a date, or why that day does not exist (2026-02-30).
fn real_date((year, month, day): (i32, u32, u32)) -> R<NaiveDate> {
    NaiveDate::from_ymd_opt(year, month, day).ok_or(Reason::NoSuchDate { year, month, day })
}

/// Parses the text forms of SPEC §5: `2026-03-05`, `2026/3/5`, `2026.3.5`, `2026年3月5日`,
/// `20260305`; a trailing time of day (`2026/3/5 0:00:00`, as Excel writes date cells to CSV) is
/// ignored. A well-formed date that does not exist (`2026-02-30`) is told apart from text that
/// is no date.
pub fn parse_date_text(s: &str) -> R<NaiveDate> {
    date_text_parts(s).ok_or(Reason::BadDate).and_then(real_date)
}

fn date_text_parts(s: &str) -> Option<(i32, u32, u32)> {
    let t = fold_width(s);
    let t = t.trim();
    // Drop a time part after a space or `T`.
    let date_part = match t.split_once([' ', 'T']) {
        Some((d, time)) if time.trim().bytes().all(|b| b.is_ascii_digit() || b == b':' || b == b'.') => d,
        _ => t,
    };
    if date_part.len() == 8 && date_part.bytes().all(|b| b.is_ascii_digit()) {
        return compact_parts(date_part.parse().ok()?);
    }
    let normalized: String = if let Some(rest) = date_part.strip_suffix('日').or(date_part.strip_suffix('号')) {
        rest.replace(['年', '月'], "-")
    } else {
        date_part.replace(['/', '.'], "-")
    };
    let mut parts = normalized.split('-');
    let (y, m, d) = (parts.next()?, parts.next()?, parts.next()?);
    if parts.next().is_some() || y.len() != 4 || m.is_empty() || m.len() > 2 || d.is_empty() || d.len() > 2 {
        return None;
    }
    let num = |x: &str| if x.bytes().all(|b| b.is_ascii_digit()) { x.parse::<u32>().ok() } else { None };
    Some((i32::try_from(num(y)?).ok()?, num(m)?, num(d)?))
}

/// A date from any cell: a date cell, a date serial number, `20260305` as a number (what Excel
/// keeps when someone types that; serials stop at 2958465, so the two cannot be confused), or text.
pub fn date(c: &Cell) -> R<NaiveDate> {
    match c {
        Cell::Date(d) => Ok(*d),
        Cell::Int(n) => match compact_parts(*n) {
            Some(parts) => real_date(parts),
            None => from_serial(*n as f64).ok_or(Reason::BadDate),
        },
        #[allow(clippy::cast_possible_truncation)]
        Cell::Float(f) => match compact_parts(*f as i64).filter(|_| f.fract() == 0.0) {
            Some(parts) => real_date(parts),
            None => from_serial(*f).ok_or(Reason::BadDate),
        },
        Cell::Text(s) => parse_date_text(s),
        Cell::Error(e) => Err(Reason::CellError(e.clone())),
        Cell::Bool(_) | Cell::Empty => Err(Reason::BadDate),
    }
}

/// Folded, lower-cased, without spaces: how choice values are compared.
fn fold_choice(s: &str) -> String {
    fold_width(s).chars().filter(|c| !c.is_whitespace()).flat_map(char::to_lowercase).collect()
}

/// Matches a value against an enum's codes and labels in every language, then extra aliases.
fn choice<T: Copy>(
    c: &Cell,
    all: &[T],
    code: fn(T) -> &'static str,
    label: fn(T, Lang) -> &'static str,
    aliases: &[(&str, T)],
    allowed: &'static str,
) -> R<T> {
    let v = fold_choice(&text(c)?);
    for &x in all {
        if fold_choice(code(x)) == v
            || fold_choice(&code(x).replace('_', "-")) == v
            || [Lang::ZhCn, Lang::ZhTw, Lang::En].iter().any(|l| fold_choice(label(x, *l)) == v)
        {
            return Ok(x);
        }
    }
    aliases.iter().find(|(a, _)| fold_choice(a) == v).map(|(_, x)| *x).ok_or(Reason::BadChoice { allowed })
}

pub fn kind(c: &Cell) -> R<TerminalKind> {
    use TerminalKind as K;
    let aliases = [
        ("传统POS", K::Traditional),
        ("大POS", K::Traditional),
        ("传统", K::Traditional),
        ("传统机", K::Traditional),
        ("电签", K::ESign),
        ("电签版", K::ESign),
        ("电签机", K::ESign),
        ("智能", K::Smart),
        ("智能POS机", K::Smart),
        ("扫码盒", K::QrBox),
        ("码牌", K::QrBox),
        ("收款码牌", K::QrBox),
        ("其它", K::Other),
    ];
    choice(
        c,
        K::ALL,
        K::code,
        K::label,
        &aliases,
        "传统POS、大POS、电签、电签版、智能POS、扫码盒、码牌、其他，或 traditional, e_sign, smart, qr_box, other",
    )
}

pub fn status(c: &Cell) -> R<TerminalStatus> {
    use TerminalStatus as S;
    let aliases =
        [("在用", S::InUse), ("正常", S::InUse), ("维修", S::InRepair), ("注销", S::Deregistered), ("遗失", S::Lost)];
    choice(
        c,
        S::ALL,
        S::code,
        S::label,
        &aliases,
        "使用中、在用、备用、维修中、已更换、已注销、丢失，或 in_use, spare, in_repair, replaced, deregistered, lost",
    )
}

pub fn carrier(c: &Cell) -> R<Carrier> {
    use Carrier as C;
    let aliases = [
        ("移动", C::ChinaMobile),
        ("联通", C::ChinaUnicom),
        ("电信", C::ChinaTelecom),
        ("移動", C::ChinaMobile),
        ("聯通", C::ChinaUnicom),
        ("電信", C::ChinaTelecom),
        ("cmcc", C::ChinaMobile),
        ("其它", C::Other),
    ];
    choice(
        c,
        C::ALL,
        C::code,
        C::label,
        &aliases,
        "中国移动、移动、中国联通、联通、中国电信、电信、其他，或 china_mobile, china_unicom, china_telecom, other",
    )
}

pub fn sim_status(c: &Cell) -> R<SimStatus> {
    use SimStatus as S;
    let aliases = [("使用中", S::Active), ("在用", S::Active), ("注销", S::Cancelled), ("已停用", S::Cancelled)];
    choice(c, S::ALL, S::code, S::label, &aliases, "正常、已注销，或 active, cancelled")
}

/// Money in fen from `45`, `45.00`, `¥45`, `45元`, or a number cell.
pub fn money(field: &'static str, c: &Cell) -> R<i64> {
    match c {
        Cell::Int(n) if *n >= 0 => {
            n.checked_mul(100).ok_or(Reason::Invalid(crate::Error::InvalidMoney { field, value: n.to_string() }))
        }
        Cell::Float(f) if *f >= 0.0 && *f < 1e12 && ((f * 100.0).round() - f * 100.0).abs() < 1e-6 =>
        {
            #[allow(clippy::cast_possible_truncation)]
            Ok((f * 100.0).round() as i64)
        }
        Cell::Error(e) => Err(Reason::CellError(e.clone())),
        other => {
            let s = fold_width(&other.display());
            let t = s.trim().trim_end_matches('元').trim();
            parse_yuan(field, t).map_err(Reason::Invalid)
        }
    }
}

/// Warranty months: a whole number 1–240 (`12`, `12.0`, `12个月`).
pub fn months(c: &Cell) -> R<u32> {
    let n: Option<i64> = match c {
        Cell::Int(n) => Some(*n),
        #[allow(clippy::cast_possible_truncation)]
        Cell::Float(f) if f.fract() == 0.0 => Some(*f as i64),
        Cell::Error(e) => return Err(Reason::CellError(e.clone())),
        other => {
            let s = fold_width(&other.display());
            s.trim().trim_end_matches("个月").trim_end_matches('月').trim().parse().ok()
        }
    };
    n.filter(|n| (1..=240).contains(n)).and_then(|n| u32::try_from(n).ok()).ok_or(Reason::BadMonths)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }
    fn t(s: &str) -> Cell {
        Cell::Text(s.into())
    }

    #[test]
    fn dates_in_every_form() {
        for s in [
            "2026-03-05",
            "2026/3/5",
            "2026.3.5",
            "2026年3月5日",
            "20260305",
            "2026/03/05 0:00:00",
            "２０２６－０３－０５",
            "2026-3-5",
            " 2026年03月05日 ",
        ] {
            assert_eq!(date(&t(s)).unwrap(), d("2026-03-05"), "{s}");
        }
        assert_eq!(date(&Cell::Float(46086.0)).unwrap(), d("2026-03-05"));
        assert_eq!(date(&Cell::Int(46086)).unwrap(), d("2026-03-05"));
        assert_eq!(date(&Cell::Int(20260305)).unwrap(), d("2026-03-05"));
        assert_eq!(date(&Cell::Date(d("2026-03-05"))).unwrap(), d("2026-03-05"));
        for bad in ["3/5/2026", "明天", "2026", "26-3-5", "2026年3月", "2026-03-05x", "00000000"] {
            assert!(matches!(date(&t(bad)), Err(Reason::BadDate)), "{bad}");
        }
        // Well-formed, but no such day: told apart.
        for (bad, ymd) in [
            ("2026-02-30", (2026, 2, 30)),
            ("2026/4/31", (2026, 4, 31)),
            ("2026年2月29日", (2026, 2, 29)),
            ("20261305", (2026, 13, 5)),
            ("2026.0.5", (2026, 0, 5)),
        ] {
            match date(&t(bad)) {
                Err(Reason::NoSuchDate { year, month, day }) => assert_eq!((year, month, day), ymd, "{bad}"),
                other => panic!("{bad}: {other:?}"),
            }
        }
        assert!(matches!(date(&Cell::Int(20260230)), Err(Reason::NoSuchDate { .. })));
        assert_eq!(date(&t("2028-02-29")).unwrap(), d("2028-02-29"));
        // An 8-digit number typed in Excel is a date; a serial number stays one.
        assert_eq!(date(&Cell::Float(20260110.0)).unwrap(), d("2026-01-10"));
        assert_eq!(date(&Cell::Float(2_958_465.0)).unwrap(), d("9999-12-31"));
        assert!(matches!(date(&Cell::Float(20260110.5)), Err(Reason::BadDate)));
        assert!(matches!(date(&Cell::Float(20261310.0)), Err(Reason::NoSuchDate { .. })));
        assert!(date(&Cell::Float(-3.0)).is_err());
    }

    #[test]
    fn long_numbers_must_stay_text() {
        assert!(matches!(identifier(&t("8.98600123456789E+19")), Err(Reason::Scientific)));
        assert!(matches!(identifier(&t("8.986E19")), Err(Reason::Scientific)));
        assert!(matches!(identifier(&Cell::Float(8.986_001_234_567_89e19)), Err(Reason::Scientific)));
        assert!(matches!(identifier(&Cell::Float(1.0e15)), Err(Reason::Scientific)));
        assert_eq!(identifier(&Cell::Float(898_012_345_678_901.0)).unwrap(), "898012345678901");
        assert_eq!(identifier(&t("89860012345678901238")).unwrap(), "89860012345678901238");
        assert_eq!(identifier(&t("ＰＡＸ００１")).unwrap(), "PAX001");
        assert_eq!(identifier(&t("E550")).unwrap(), "E550");
        assert!(identifier(&t("1E5")).is_err());
    }

    #[test]
    fn choices_in_chinese_and_codes() {
        assert_eq!(kind(&t("电签")).unwrap(), TerminalKind::ESign);
        assert_eq!(kind(&t("大POS")).unwrap(), TerminalKind::Traditional);
        assert_eq!(kind(&t("传统pos")).unwrap(), TerminalKind::Traditional);
        assert_eq!(kind(&t("扫码盒/码牌")).unwrap(), TerminalKind::QrBox);
        assert_eq!(kind(&t("e_sign")).unwrap(), TerminalKind::ESign);
        assert_eq!(kind(&t("E-Sign POS")).unwrap(), TerminalKind::ESign);
        assert!(kind(&t("手机")).is_err());
        assert_eq!(status(&t("在用")).unwrap(), TerminalStatus::InUse);
        assert_eq!(status(&t("已註銷")).unwrap(), TerminalStatus::Deregistered);
        assert_eq!(carrier(&t("联通")).unwrap(), Carrier::ChinaUnicom);
        assert_eq!(carrier(&t("中国电信")).unwrap(), Carrier::ChinaTelecom);
        assert_eq!(sim_status(&t("已注销")).unwrap(), SimStatus::Cancelled);
    }

    #[test]
    fn fees() {
        assert_eq!(money("f", &t("¥45.00")).unwrap(), 4500);
        assert_eq!(money("f", &t("￥45")).unwrap(), 4500);
        assert_eq!(money("f", &t("45元")).unwrap(), 4500);
        assert_eq!(money("f", &t("１９９")).unwrap(), 19900);
        assert_eq!(money("f", &Cell::Float(45.5)).unwrap(), 4550);
        assert_eq!(money("f", &Cell::Int(99)).unwrap(), 9900);
        assert!(money("f", &t("-1")).is_err());
        assert!(money("f", &Cell::Float(45.555)).is_err());
        assert_eq!(months(&t("12个月")).unwrap(), 12);
        assert_eq!(months(&Cell::Float(24.0)).unwrap(), 24);
        assert!(months(&t("0")).is_err());
    }
}
