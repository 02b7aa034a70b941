//! Column mapping (SPEC §5): for a header the rules do not know (`机具编号`, `卡号`), the field the
//! user says it holds — or that it is not imported. A mapping is laid over the automatic header
//! rules when the header row is read: the user's choice first, then the one remembered for a file
//! with the same header row, then the rules. A field is given to one column at most.
//!
//! Headers are compared folded ([`fold_header`]): `ＳＮ号` and `sn号` are one header. The mapping
//! an import committed with is remembered under its file's header row ([`header_key`]) and laid
//! over the next file with that same row (the store keeps it: `store::import_mappings`).

use crate::error::{Error, Result};
use crate::files::fields::{fold_header, Field};
use serde::{Deserialize, Serialize};

/// Where a column's field came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum ColumnSource {
    /// A header rule (SPEC §5's table) matched it.
    Auto,
    /// The mapping remembered for a file with the same header row.
    Remembered,
    /// The mapping given for this import.
    User,
    /// No rule matched and nothing maps it: not imported.
    None,
}

/// Header → field (`None`: not imported). Built only through [`ColumnMap::new`], so no field is
/// named twice and each header once (the later entry for a header wins).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ColumnMap {
    /// Folded header, field.
    entries: Vec<(String, Option<Field>)>,
}

impl ColumnMap {
    /// A mapping from `(header, field)` pairs; refuses a field given to two headers.
    pub fn new(pairs: impl IntoIterator<Item = (String, Option<Field>)>) -> Result<ColumnMap> {
        let mut entries: Vec<(String, Option<Field>)> = Vec::new();
        for (header, field) in pairs {
            let folded = fold_header(&header);
            if folded.is_empty() {
                return Err(Error::InvalidMapping(header));
            }
            entries.retain(|(h, _)| *h != folded);
            entries.push((folded, field));
        }
        for (i, (h, f)) in entries.iter().enumerate() {
            if let Some(f) = f {
                if let Some((other, _)) = entries[..i].iter().find(|(_, g)| *g == Some(*f)) {
                    return Err(Error::FieldMappedTwice { field: f.code(), headers: (other.clone(), h.clone()) });
                }
            }
        }
        Ok(ColumnMap { entries })
    }

    /// The CLI's `HEADER=FIELD` (`FIELD`: a field code, or `-` for not imported).
    pub fn parse_arg(arg: &str) -> Result<(String, Option<Field>)> {
        let Some((header, code)) = arg.rsplit_once('=') else {
            return Err(Error::InvalidMapping(arg.to_string()));
        };
        let code = code.trim();
        if header.trim().is_empty() {
            return Err(Error::InvalidMapping(arg.to_string()));
        }
        if code == "-" {
            return Ok((header.trim().to_string(), None));
        }
        match Field::from_code(code) {
            Some(f) => Ok((header.trim().to_string(), Some(f))),
            None => Err(Error::UnknownField(code.to_string())),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// What the mapping says of a header: `Some(None)` is "not imported".
    pub fn get(&self, header: &str) -> Option<Option<Field>> {
        let folded = fold_header(header);
        self.entries.iter().find(|(h, _)| *h == folded).map(|(_, f)| *f)
    }

    /// The entries, headers folded.
    pub fn entries(&self) -> &[(String, Option<Field>)] {
        &self.entries
    }

    /// As stored: a JSON array of `[header, field code or null]`.
    pub fn to_json(&self) -> String {
        let pairs: Vec<(&str, Option<&str>)> =
            self.entries.iter().map(|(h, f)| (h.as_str(), f.map(Field::code))).collect();
        serde_json::to_string(&pairs).unwrap_or_else(|_| "[]".into())
    }

    /// A stored mapping; what no longer reads (an unknown field, a field twice) is dropped.
    pub fn from_json(s: &str) -> ColumnMap {
        let pairs: Vec<(String, Option<String>)> = serde_json::from_str(s).unwrap_or_default();
        let mut map = ColumnMap::default();
        for (h, code) in pairs {
            let field = match code {
                Some(c) => match Field::from_code(&c) {
                    Some(f) => Some(f),
                    None => continue,
                },
                None => None,
            };
            let taken = field.is_some() && map.entries.iter().any(|(_, g)| *g == field);
            let folded = fold_header(&h);
            if !taken && !folded.is_empty() && !map.entries.iter().any(|(g, _)| *g == folded) {
                map.entries.push((folded, field));
            }
        }
        map
    }
}

/// The key a header row is remembered under: its names folded, in order (empty ones kept, so
/// the same names in other columns are another file).
pub fn header_key(names: &[String]) -> String {
    names.iter().map(|n| fold_header(n)).collect::<Vec<_>>().join("\u{1f}")
}

/// Each column's field and where it came from: the user's mapping, then the remembered one, then
/// the rules; a field already given to a column by a stronger source (or, among equals, to an
/// earlier column) leaves the column unmapped. Headers not in `names` are simply not used.
pub(super) fn resolve(
    names: &[String],
    user: &ColumnMap,
    remembered: &ColumnMap,
) -> Vec<(Option<Field>, ColumnSource)> {
    let wanted: Vec<(Option<Field>, ColumnSource)> = names
        .iter()
        .map(|n| {
            if n.trim().is_empty() {
                (None, ColumnSource::None)
            } else if let Some(f) = user.get(n) {
                (f, ColumnSource::User)
            } else if let Some(f) = remembered.get(n) {
                (f, ColumnSource::Remembered)
            } else {
                match Field::from_header(n) {
                    Some(f) => (Some(f), ColumnSource::Auto),
                    None => (None, ColumnSource::None),
                }
            }
        })
        .collect();
    let mut out: Vec<(Option<Field>, ColumnSource)> =
        wanted.iter().map(|(f, s)| if f.is_none() { (None, *s) } else { (None, ColumnSource::None) }).collect();
    let mut taken: Vec<Field> = Vec::new();
    for source in [ColumnSource::User, ColumnSource::Remembered, ColumnSource::Auto] {
        for (i, (f, s)) in wanted.iter().enumerate() {
            let Some(f) = f else { continue };
            if *s == source && !taken.contains(f) {
                taken.push(*f);
                if let Some(slot) = out.get_mut(i) {
                    *slot = (Some(*f), source);
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn the_user_first_then_the_remembered_then_the_rules() {
        let user = ColumnMap::new([("机具编号".to_string(), Some(Field::Sn))]).unwrap();
        let remembered = ColumnMap::new([("卡号".to_string(), Some(Field::Iccid))]).unwrap();
        let got = resolve(&names(&["SN", "机具编号", "卡号", "颜色", ""]), &user, &remembered);
        assert_eq!(
            got,
            [
                (None, ColumnSource::None),
                (Some(Field::Sn), ColumnSource::User),
                (Some(Field::Iccid), ColumnSource::Remembered),
                (None, ColumnSource::None),
                (None, ColumnSource::None),
            ]
        );
    }

    #[test]
    fn a_field_twice_and_bad_arguments_are_refused() {
        let e = ColumnMap::new([("a".to_string(), Some(Field::Sn)), ("b".to_string(), Some(Field::Sn))]).unwrap_err();
        assert_eq!(e.code(), "field_mapped_twice");
        assert_eq!(ColumnMap::parse_arg("卡号=iccid").unwrap(), ("卡号".to_string(), Some(Field::Iccid)));
        assert_eq!(ColumnMap::parse_arg("颜色=-").unwrap(), ("颜色".to_string(), None));
        assert_eq!(ColumnMap::parse_arg("卡号=card").unwrap_err().code(), "unknown_field");
        assert_eq!(ColumnMap::parse_arg("卡号").unwrap_err().code(), "invalid_mapping");
        // The same header twice: the later wins (it is not a field twice).
        let m = ColumnMap::new([("a".to_string(), Some(Field::Sn)), ("A".to_string(), Some(Field::Iccid))]).unwrap();
        assert_eq!(m.get("a"), Some(Some(Field::Iccid)));
    }

    #[test]
    fn stored_mappings_read_back() {
        let m = ColumnMap::new([("机具编号".to_string(), Some(Field::Sn)), ("颜色".to_string(), None)]).unwrap();
        assert_eq!(ColumnMap::from_json(&m.to_json()), m);
        assert_eq!(ColumnMap::from_json("not json"), ColumnMap::default());
        assert_eq!(ColumnMap::from_json(r#"[["a","sn"],["b","sn"],["c","nope"]]"#).entries().len(), 1);
    }
}
