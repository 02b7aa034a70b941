//! Parsing and checking of the plain values every entry point shares: dates, money, SN, ICCID,
//! intervals. The CLI, the importer and the desktop app all go through these.

use crate::error::{Error, Result};
use chrono::{Datelike, Days, Months, NaiveDate};
use serde::{Deserialize, Serialize};

pub use crate::chars::{is_bidi_control, is_invisible, is_line_control};

/// Parses a strict `YYYY-MM-DD` calendar date.
pub fn parse_date(field: &'static str, s: &str) -> Result<NaiveDate> {
    let t = s.trim();
    let bad = || Error::InvalidDate { field, value: s.to_string() };
    iso_date(t).ok_or_else(bad)
}

/// A strict `YYYY-MM-DD` calendar date, read digit by digit (the reminder list reads tens of
/// thousands of stored dates; a format-string parse cost more than the rest of the row).
pub fn iso_date(s: &str) -> Option<NaiveDate> {
    let b = s.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let num = |r: std::ops::Range<usize>| {
        b[r].iter().try_fold(0u32, |n, c| c.is_ascii_digit().then(|| n * 10 + u32::from(c - b'0')))
    };
    let year = i32::try_from(num(0..4)?).ok()?;
    NaiveDate::from_ymd_opt(year, num(5..7)?, num(8..10)?)
}

/// Adds whole months, clamping to the last day of the target month (Jan 31 + 1 month = Feb 28).
pub fn add_months(d: NaiveDate, months: u32) -> NaiveDate {
    d.checked_add_months(Months::new(months)).unwrap_or(NaiveDate::MAX)
}

pub fn add_days(d: NaiveDate, days: i64) -> NaiveDate {
    let r = if days >= 0 {
        d.checked_add_days(Days::new(days.unsigned_abs()))
    } else {
        d.checked_sub_days(Days::new(days.unsigned_abs()))
    };
    r.unwrap_or(if days >= 0 { NaiveDate::MAX } else { NaiveDate::MIN })
}

/// Money in fen (分). Parsed from yuan: `45`, `45.5`, `45.50`, `¥45`.
pub fn parse_yuan(field: &'static str, s: &str) -> Result<i64> {
    let bad = || Error::InvalidMoney { field, value: s.to_string() };
    let t = s.trim().trim_start_matches(['¥', '￥']).trim().replace(',', "");
    let (int, frac) = match t.split_once('.') {
        Some((i, f)) => (i, f),
        None => (t.as_str(), ""),
    };
    let digits = |x: &str| x.bytes().all(|c| c.is_ascii_digit());
    if int.is_empty() || !digits(int) || !digits(frac) || frac.len() > 2 || int.len() > 12 {
        return Err(bad());
    }
    let yuan: i64 = int.parse().map_err(|_| bad())?;
    let mut fen: i64 = 0;
    for (i, c) in frac.bytes().enumerate() {
        fen += i64::from(c - b'0') * if i == 0 { 10 } else { 1 };
    }
    Ok(yuan * 100 + fen)
}

/// Formats fen as yuan with two decimals: `4500` → `45.00`.
pub fn format_yuan(fen: i64) -> String {
    let sign = if fen < 0 { "-" } else { "" };
    let a = fen.unsigned_abs();
    format!("{sign}{}.{:02}", a / 100, a % 100)
}

/// Checks and normalises a terminal serial number: trimmed, 1–64 characters, no control
/// characters, nothing invisible or direction-changing (two SNs that look the same must be the same).
pub fn check_sn(s: &str) -> Result<String> {
    let t = s.trim();
    let err = |reason| Err(Error::InvalidSn { value: s.to_string(), reason });
    if t.is_empty() {
        return err("empty");
    }
    if t.chars().count() > 64 {
        return err("too_long");
    }
    if t.chars().any(is_line_control) {
        return err("control");
    }
    if t.chars().any(is_invisible) {
        return err("invisible");
    }
    Ok(t.to_string())
}

/// Text fields that hold identifiers (read off a label or a contract and typed into other
/// systems): they get the SN's rule against invisible characters, not only free text's.
const IDENTIFIER_FIELDS: &[&str] = &["merchant_no", "terminal_no", "msisdn", "ticket_no", "phone"];

/// Checks an ICCID: 19–20 ASCII digits starting with 89. Returns the ICCID and whether its Luhn
/// check digit is right (a wrong one is only a warning: some cards print a different last digit).
pub fn check_iccid(s: &str) -> Result<(String, bool)> {
    let t = s.trim();
    let ok = (19..=20).contains(&t.len()) && t.bytes().all(|c| c.is_ascii_digit()) && t.starts_with("89");
    if !ok {
        return Err(Error::InvalidIccid { value: s.to_string() });
    }
    Ok((t.to_string(), luhn_ok(t)))
}

/// The Luhn check over all digits (the last one being the check digit).
pub fn luhn_ok(digits: &str) -> bool {
    let mut sum = 0u32;
    for (i, c) in digits.bytes().rev().enumerate() {
        let mut d = u32::from(c.wrapping_sub(b'0'));
        if i % 2 == 1 {
            d *= 2;
            if d > 9 {
                d -= 9;
            }
        }
        sum += d;
    }
    sum.is_multiple_of(10)
}

/// The carrier an ICCID's issuer code suggests (digits 5–6 after `8986`), if any. A suggestion
/// only: the user decides.
pub fn suggest_carrier(iccid: &str) -> Option<crate::domain::Carrier> {
    use crate::domain::Carrier;
    if !iccid.starts_with("8986") || iccid.len() < 6 {
        return None;
    }
    match &iccid[4..6] {
        "00" | "02" | "04" | "07" | "08" | "13" => Some(Carrier::ChinaMobile),
        "01" | "06" | "09" | "10" => Some(Carrier::ChinaUnicom),
        "03" | "05" | "11" => Some(Carrier::ChinaTelecom),
        _ => None,
    }
}

/// Optional free text: trimmed, empty means none, at most `max` characters, one line with no
/// control characters at all (SPEC §6: values go into CSV rows, iCalendar lines and messages),
/// and nothing that reorders the text around it. Identifier fields (merchant and terminal
/// numbers, phone numbers, ticket numbers) also refuse every invisible character.
pub fn check_text(field: &'static str, s: &str, max: usize) -> Result<Option<String>> {
    let t = s.trim();
    if t.is_empty() {
        return Ok(None);
    }
    if t.chars().count() > max {
        return Err(Error::InvalidText { field, reason: "too_long" });
    }
    if t.chars().any(is_line_control) {
        return Err(Error::InvalidText { field, reason: "control" });
    }
    let identifier = IDENTIFIER_FIELDS.contains(&field);
    if t.chars().any(|c| is_bidi_control(c) || (identifier && is_invisible(c))) {
        return Err(Error::InvalidText { field, reason: "invisible" });
    }
    Ok(Some(t.to_string()))
}

/// A spreadsheet cell's line breaks (Alt+Enter in Excel and WPS, common in a notes cell) and
/// tabs as one space each run, so an imported free-text cell becomes one line instead of a refused
/// row. Typed values are refused instead (`check_text`): the user can fix them on the spot. Other
/// control characters are left for `check_text` to refuse.
pub fn fold_line_breaks(s: &str) -> String {
    let is_break = |c: char| matches!(c, '\r' | '\n' | '\t' | '\u{0B}' | '\u{0C}' | '\u{85}' | '\u{2028}' | '\u{2029}');
    let mut out = String::with_capacity(s.len());
    let mut in_break = false;
    for c in s.chars() {
        if is_break(c) {
            if !in_break {
                out.truncate(out.trim_end_matches(' ').len());
                out.push(' ');
                in_break = true;
            }
        } else if !(in_break && c == ' ') {
            out.push(c);
            in_break = false;
        }
    }
    out
}

/// Parses a non-negative whole number within a bound.
pub fn parse_count(field: &'static str, s: &str, max: i64) -> Result<i64> {
    let expected = "a whole number, not negative";
    s.trim().parse::<i64>().ok().filter(|n| (0..=max).contains(n)).ok_or_else(|| Error::InvalidNumber {
        field,
        value: s.to_string(),
        expected,
    })
}

/// A repeat interval: N days, weeks or months.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(tag = "unit", content = "n", rename_all = "snake_case")]
pub enum Interval {
    Days(u32),
    Weeks(u32),
    Months(u32),
}

impl Interval {
    /// Parses `30d`, `2w`, `6m` (1–3660 days, 1–520 weeks, 1–120 months).
    pub fn parse(s: &str) -> Result<Interval> {
        let bad = || Error::InvalidNumber {
            field: "every",
            value: s.to_string(),
            expected: "N followed by d, w or m, e.g. 30d, 2w, 3m",
        };
        let t = s.trim().to_ascii_lowercase();
        let unit = t.chars().last().ok_or_else(bad)?;
        let n: u32 = t[..t.len() - unit.len_utf8()].parse().map_err(|_| bad())?;
        let iv = match unit {
            'd' if (1..=3660).contains(&n) => Interval::Days(n),
            'w' if (1..=520).contains(&n) => Interval::Weeks(n),
            'm' if (1..=120).contains(&n) => Interval::Months(n),
            _ => return Err(bad()),
        };
        Ok(iv)
    }

    pub fn code(self) -> String {
        match self {
            Interval::Days(n) => format!("{n}d"),
            Interval::Weeks(n) => format!("{n}w"),
            Interval::Months(n) => format!("{n}m"),
        }
    }

    /// `d` plus `k` intervals. Months are always added to `d` itself (clamped), never chained, so
    /// occurrences of a plan starting Jan 31 are Jan 31, Feb 28, Mar 31.
    pub fn add(self, d: NaiveDate, k: u32) -> NaiveDate {
        match self {
            Interval::Days(n) => add_days(d, i64::from(n) * i64::from(k)),
            Interval::Weeks(n) => add_days(d, 7 * i64::from(n) * i64::from(k)),
            Interval::Months(n) => add_months(d, n.saturating_mul(k)),
        }
    }

    /// The first occurrence `start + k·interval` (k ≥ 0) strictly after `after`.
    pub fn first_occurrence_after(self, start: NaiveDate, after: NaiveDate) -> NaiveDate {
        if start > after {
            return start;
        }
        // Estimate k from the gap, then step forward; the estimate is never more than one short.
        let k0 = match self {
            Interval::Days(n) => (after - start).num_days() / i64::from(n),
            Interval::Weeks(n) => (after - start).num_days() / (7 * i64::from(n)),
            Interval::Months(n) => {
                let months = (after.year() - start.year()) * 12 + after.month() as i32 - start.month() as i32;
                i64::from(months.max(0)) / i64::from(n)
            }
        };
        let mut k = u32::try_from(k0.max(0)).unwrap_or(u32::MAX);
        loop {
            let occ = self.add(start, k);
            if occ > after || occ == NaiveDate::MAX {
                return occ;
            }
            k = k.saturating_add(1);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn dates_are_strict() {
        assert_eq!(parse_date("x", "2026-03-05").unwrap(), d("2026-03-05"));
        for bad in ["2026-02-30", "2026-13-01", "2026-3-5", "20260305", "", "2026/03/05", "2026-03-05x"] {
            assert!(parse_date("x", bad).is_err(), "{bad}");
        }
        assert!(parse_date("x", "2028-02-29").is_ok());
    }

    #[test]
    fn months_clamp_to_month_end() {
        let i = Interval::Months(1);
        assert_eq!(i.add(d("2026-01-31"), 1), d("2026-02-28"));
        assert_eq!(i.add(d("2026-01-31"), 2), d("2026-03-31"));
        assert_eq!(i.add(d("2027-01-31"), 13), d("2028-02-29"));
    }

    #[test]
    fn first_occurrence_is_strictly_after() {
        let m = Interval::Months(1);
        assert_eq!(m.first_occurrence_after(d("2026-01-31"), d("2026-01-31")), d("2026-02-28"));
        assert_eq!(m.first_occurrence_after(d("2026-01-31"), d("2026-02-28")), d("2026-03-31"));
        assert_eq!(m.first_occurrence_after(d("2026-01-31"), d("2025-12-01")), d("2026-01-31"));
        let w = Interval::Weeks(2);
        assert_eq!(w.first_occurrence_after(d("2026-01-01"), d("2026-01-15")), d("2026-01-29"));
        assert_eq!(w.first_occurrence_after(d("2026-01-01"), d("2026-01-14")), d("2026-01-15"));
        let q = Interval::Months(3);
        assert_eq!(q.first_occurrence_after(d("2026-01-15"), d("2026-04-14")), d("2026-04-15"));
        assert_eq!(q.first_occurrence_after(d("2026-01-15"), d("2026-04-15")), d("2026-07-15"));
    }

    #[test]
    fn money() {
        assert_eq!(parse_yuan("f", "45").unwrap(), 4500);
        assert_eq!(parse_yuan("f", "45.5").unwrap(), 4550);
        assert_eq!(parse_yuan("f", "¥45.05").unwrap(), 4505);
        assert_eq!(parse_yuan("f", "0").unwrap(), 0);
        for bad in ["-1", "4.555", "abc", "", ".5", "1e3"] {
            let r = parse_yuan("f", bad);
            assert!(r.is_err(), "{bad}");
        }
        assert_eq!(format_yuan(4505), "45.05");
    }

    #[test]
    fn iccid_and_luhn() {
        let (_, ok) = check_iccid("89860012345678901238").unwrap();
        assert!(ok == luhn_ok("89860012345678901238"));
        assert!(check_iccid("8986001234567890123").is_ok());
        for bad in ["123", "79860012345678901234", "898600123456789012345", "8986001234567890123a"] {
            assert!(check_iccid(bad).is_err(), "{bad}");
        }
        assert!(luhn_ok("79927398713"));
        assert!(!luhn_ok("79927398710"));
    }

    #[test]
    fn sn_rules() {
        assert_eq!(check_sn("  PAX-1 ").unwrap(), "PAX-1");
        assert!(check_sn("").is_err());
        assert!(check_sn(&"a".repeat(65)).is_err());
        assert!(check_sn(&"a".repeat(64)).is_ok());
        assert!(check_sn("a\u{7}b").is_err());
    }

    #[test]
    fn sn_refuses_invisible_and_direction_changing_characters() {
        let reason = |s: &str| match check_sn(s) {
            Err(Error::InvalidSn { reason, .. }) => reason,
            other => format!("{other:?}").leak(),
        };
        for c in ['\n', '\r', '\t', '\u{85}', '\u{2028}', '\u{2029}'] {
            assert_eq!(reason(&format!("PAX{c}1")), "control", "{:?}", c);
        }
        let invisible = "\u{200B}\u{200C}\u{200D}\u{200E}\u{200F}\u{202A}\u{202E}\u{2060}\u{2064}\u{2066}\u{2069}\u{FEFF}\u{00AD}\u{061C}\u{180E}\u{E0041}";
        for c in invisible.chars() {
            assert_eq!(reason(&format!("PAX{c}1")), "invisible", "U+{:04X}", u32::from(c));
            // At the edges too: trimming only takes whitespace.
            assert_eq!(reason(&format!("{c}PAX1")), "invisible", "U+{:04X}", u32::from(c));
        }
        for ok in ["PAX-A920-001", "新大陆_ME31 #2", "ｓｎ１", "N910/0001"] {
            assert!(check_sn(ok).is_ok(), "{ok}");
        }
    }

    #[test]
    fn text_is_one_line_without_controls() {
        let reason = |f: &'static str, s: &str| match check_text(f, s, 100) {
            Err(Error::InvalidText { reason, .. }) => reason,
            other => format!("{other:?}").leak(),
        };
        for bad in ["a\nb", "a\r\nb", "a\rb", "a\tb", "a\u{0}b", "a\u{1b}[31mb", "a\u{7f}b", "a\u{2028}b"] {
            assert_eq!(reason("store", bad), "control", "{bad:?}");
            assert_eq!(reason("notes", bad), "control", "{bad:?}");
        }
        // Direction overrides and isolates are refused everywhere.
        for bad in ["a\u{202E}b", "a\u{202A}b", "a\u{2066}b", "a\u{2069}b"] {
            assert_eq!(reason("store", bad), "invisible", "{bad:?}");
        }
        // Free text keeps joiners and marks (emoji, scripts that need them)…
        for ok in ["👨\u{200D}🔧 维修", "שלום\u{200F} 1", "营业时间 9:00–18:00; 周日休息, 节假日另行通知"]
        {
            assert!(check_text("notes", ok, 100).is_ok(), "{ok:?}");
        }
        // …identifiers do not.
        for f in ["merchant_no", "terminal_no", "msisdn", "ticket_no", "phone"] {
            assert_eq!(reason(f, "8981\u{200B}2345"), "invisible", "{f}");
            assert_eq!(reason(f, "\u{FEFF}89812345"), "invisible", "{f}");
            assert!(check_text(f, "898-123 45", 100).is_ok(), "{f}");
        }
        assert_eq!(check_text("store", "  门店 A  ", 100).unwrap().as_deref(), Some("门店 A"));
        // An imported cell's line breaks fold to spaces; what is left is checked as typed text.
        assert_eq!(fold_line_breaks("两行备注\n第二行"), "两行备注 第二行");
        assert_eq!(fold_line_breaks("a \r\n\r\n  b\tc\u{2028}d"), "a b c d");
        assert_eq!(fold_line_breaks("无换行"), "无换行");
        assert_eq!(check_text("notes", &fold_line_breaks("a\r\nb"), 100).unwrap().as_deref(), Some("a b"));
        assert!(check_text("notes", &fold_line_breaks("a\u{1b}b"), 100).is_err());
        assert_eq!(check_text("store", " \t\n ", 100).unwrap(), None);
    }

    #[test]
    fn intervals() {
        assert_eq!(Interval::parse("30d").unwrap(), Interval::Days(30));
        assert_eq!(Interval::parse("2W").unwrap(), Interval::Weeks(2));
        assert_eq!(Interval::parse("6m").unwrap(), Interval::Months(6));
        for bad in ["0d", "d", "3y", "-1m", "", "五m"] {
            assert!(Interval::parse(bad).is_err(), "{bad}");
        }
    }
}
