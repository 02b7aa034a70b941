//! The import's column mapping (SPEC §5, issue 10) on real files and a real database: headers no
//! rule knows mapped by hand, the mapping remembered for files with the same headers (and only
//! those), a field never mapped twice, and the preview's rows equal to what is then stored.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use chrono::{NaiveDate, NaiveDateTime};
use poskeeper::files::fields::Field;
use poskeeper::files::import::{self, ColumnMap, ColumnSource, ImportOptions, ImportPreview};
use poskeeper::i18n::Lang;
use poskeeper::store::Store;
use std::path::{Path, PathBuf};

const ICCID: &str = "89860012345678901238";
const ICCID2: &str = "89860012345678901246";

struct Env {
    _dir: tempfile::TempDir,
    dir: PathBuf,
    store: Store,
}

fn env() -> Env {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().to_path_buf();
    let store = Store::create(path.join("poskeeper.db")).unwrap();
    Env { dir: path, _dir: dir, store }
}

impl Env {
    fn file(&self, name: &str, text: &str) -> PathBuf {
        let p = self.dir.join(name);
        std::fs::write(&p, text).unwrap();
        p
    }
}

fn opts(dry_run: bool) -> ImportOptions {
    let today = NaiveDate::from_ymd_opt(2026, 12, 7).unwrap();
    ImportOptions {
        dry_run,
        skip_invalid: false,
        sheet: None,
        lang: Lang::ZhCn,
        today,
        now: NaiveDateTime::new(today, chrono::NaiveTime::from_hms_opt(9, 0, 0).unwrap()),
    }
}

fn map(pairs: &[(&str, Option<Field>)]) -> ColumnMap {
    ColumnMap::new(pairs.iter().map(|(h, f)| (h.to_string(), *f))).unwrap()
}

fn import(e: &mut Env, path: &Path, user: &ColumnMap) -> import::ImportReport {
    let prepared = import::prepare_in(&e.store, path, None, user).unwrap();
    import::import_prepared(&mut e.store, &prepared, &opts(false), &mut |_, _| {}).unwrap()
}

fn preview(e: &mut Env, path: &Path, user: &ColumnMap) -> ImportPreview {
    import::preview(&mut e.store, path, &opts(true), user, import::PREVIEW_ROWS).unwrap()
}

const PROVIDER: &str =
    "机具编号,卡号,到期日,颜色\nPAX-M1,89860012345678901238,2027/3/5,黑\nPAX-M2,89860012345678901246,2027年4月1日,白\n";

#[test]
fn headers_no_rule_knows_import_once_mapped() {
    let mut e = env();
    let f = e.file("provider.csv", PROVIDER);
    // No rule knows 机具编号: the file cannot be imported, and the error names the headers.
    match import::prepare_in(&e.store, &f, None, &ColumnMap::default()) {
        Err(poskeeper::Error::NoSnColumn { headers, .. }) => {
            assert_eq!(headers, ["机具编号", "卡号", "到期日", "颜色"])
        }
        other => panic!("{other:?}"),
    }
    let p = preview(&mut e, &f, &ColumnMap::default());
    assert!(p.no_sn_column && p.report.is_none() && p.rows.is_empty());
    assert_eq!(p.columns.iter().map(|c| c.name.as_str()).collect::<Vec<_>>(), ["机具编号", "卡号", "到期日", "颜色"]);
    assert!(p.columns.iter().all(|c| c.field.is_none()));

    let user =
        map(&[("机具编号", Some(Field::Sn)), ("卡号", Some(Field::Iccid)), ("到期日", Some(Field::SimExpiresOn))]);
    let r = import(&mut e, &f, &user);
    assert!(r.committed, "{r:?}");
    assert_eq!((r.new, r.invalid), (2, 0));
    // 颜色 was neither recognised nor mapped: said, not silently dropped.
    assert_eq!(r.ignored_columns, ["颜色"]);
    let d = e.store.terminal_detail("PAX-M1").unwrap();
    let sim = d.sim.unwrap().sim;
    assert_eq!((sim.iccid.as_str(), sim.expires_on), (ICCID, NaiveDate::from_ymd_opt(2027, 3, 5)));
    let d = e.store.terminal_detail("PAX-M2").unwrap();
    assert_eq!(d.sim.unwrap().sim.iccid, ICCID2);
}

#[test]
fn the_mapping_is_remembered_for_the_same_headers_only() {
    let mut e = env();
    let f = e.file("first.csv", PROVIDER);
    let user = map(&[("机具编号", Some(Field::Sn)), ("卡号", Some(Field::Iccid)), ("颜色", None)]);
    // A dry run remembers nothing.
    let prepared = import::prepare_in(&e.store, &f, None, &user).unwrap();
    import::import_prepared(&mut e.store, &prepared, &opts(true), &mut |_, _| {}).unwrap();
    assert!(preview(&mut e, &f, &ColumnMap::default()).no_sn_column);
    assert!(import(&mut e, &f, &user).committed);

    // The next file with the same headers (spelled in full width and with spaces) needs no mapping.
    let same = e.file("second.csv", "机具编号 ,卡号,到期日,颜色\nPAX-M3,89860012345678901253,2027/5/1,红\n");
    let p = preview(&mut e, &same, &ColumnMap::default());
    assert!(!p.no_sn_column && p.remembered, "{p:?}");
    let sources: Vec<_> = p.columns.iter().map(|c| (c.field, c.source)).collect();
    assert_eq!(
        sources,
        [
            (Some(Field::Sn), ColumnSource::Remembered),
            (Some(Field::Iccid), ColumnSource::Remembered),
            (None, ColumnSource::None),
            (None, ColumnSource::Remembered),
        ]
    );
    let r = import(&mut e, &same, &ColumnMap::default());
    assert_eq!((r.committed, r.new), (true, 1), "{r:?}");
    // 颜色 was mapped to "not imported": no longer listed as unrecognised (到期日 still is).
    assert_eq!(r.ignored_columns, ["到期日"], "{r:?}");
    assert_eq!(e.store.terminal_detail("PAX-M3").unwrap().sim.unwrap().sim.iccid, "89860012345678901253");

    // Other headers (one more column) are another file: nothing remembered applies.
    let other = e.file("third.csv", "机具编号,卡号,到期日,颜色,备注\nPAX-M4,,,,x\n");
    let p = preview(&mut e, &other, &ColumnMap::default());
    assert!(p.no_sn_column && !p.remembered, "{p:?}");
    assert!(import::prepare_in(&e.store, &other, None, &ColumnMap::default()).is_err());

    // The user's choice wins over the remembered one, and is remembered in its turn.
    let moved = map(&[("卡号", None), ("到期日", Some(Field::Notes))]);
    let r = import(&mut e, &same, &moved);
    assert!(r.committed, "{r:?}");
    let p = preview(&mut e, &same, &ColumnMap::default());
    let fields: Vec<_> = p.columns.iter().map(|c| c.field).collect();
    assert_eq!(fields, [Some(Field::Sn), None, Some(Field::Notes), None]);
}

#[test]
fn a_field_is_mapped_to_one_column_at_most() {
    let mut e = env();
    let err =
        ColumnMap::new([("机具编号".to_string(), Some(Field::Sn)), ("卡号".to_string(), Some(Field::Sn))]).unwrap_err();
    assert_eq!(err.code(), "field_mapped_twice");
    // Mapping a column to a field a rule gave another column takes the field from that column.
    let f = e.file("both.csv", "SN,机具编号\nOLD-1,NEW-1\n");
    let p = preview(&mut e, &f, &map(&[("机具编号", Some(Field::Sn))]));
    let sources: Vec<_> = p.columns.iter().map(|c| (c.field, c.source)).collect();
    assert_eq!(sources, [(None, ColumnSource::None), (Some(Field::Sn), ColumnSource::User)]);
    assert_eq!(p.rows[0].values, [Some("NEW-1".to_string())]);
    // A mapping naming a header that is not in the file is ignored.
    let p = preview(&mut e, &f, &map(&[("不存在的列", Some(Field::Iccid))]));
    assert_eq!(p.columns[0].field, Some(Field::Sn));
    assert_eq!(p.rows[0].values, [Some("OLD-1".to_string())]);
}

#[test]
fn preview_rows_are_what_is_then_stored() {
    let mut e = env();
    let f = e.file(
        "full.csv",
        "机具编号,类型,状态,启用,保修(月),卡号,运营,流量费,押金金额（元）,押金截止,店\n\
         PV-1,电签,在用,2026/1/31,13,89860012345678901238,移动,¥45,99.5,2027年1月1日,朝阳路店\n\
         PV-2,大POS,,2026.3.5,,,,,0,,望京店\n\
         PV-3,电签,,2026-02-30,,,,,,,\n",
    );
    let user = map(&[
        ("机具编号", Some(Field::Sn)),
        ("启用", Some(Field::ActivatedOn)),
        ("保修(月)", Some(Field::WarrantyMonths)),
        ("卡号", Some(Field::Iccid)),
        ("运营", Some(Field::Carrier)),
        ("押金金额（元）", Some(Field::DepositAmount)),
        ("押金截止", Some(Field::DepositDeadline)),
        ("店", Some(Field::Store)),
    ]);
    let p = preview(&mut e, &f, &user);
    assert_eq!(
        p.fields,
        [
            Field::Sn,
            Field::Kind,
            Field::Status,
            Field::ActivatedOn,
            Field::WarrantyUntil,
            Field::Iccid,
            Field::Carrier,
            Field::SimAnnualFee,
            Field::DepositAmount,
            Field::DepositDeadline,
            Field::Store
        ]
    );
    let report = p.report.as_ref().unwrap();
    assert_eq!((report.rows, report.new, report.invalid), (3, 2, 1));
    assert_eq!(p.rows.len(), 3);
    // The row that cannot be taken shows why, beside its values.
    assert_eq!(p.rows[2].line, 4);
    assert_eq!(p.rows[2].problems.iter().map(|x| x.code.as_str()).collect::<Vec<_>>(), ["no_such_date"]);
    assert!(p.rows[0].problems.is_empty() && p.rows[1].problems.is_empty());

    let mut o = opts(false);
    o.skip_invalid = true;
    let prepared = import::prepare_in(&e.store, &f, None, &user).unwrap();
    let r = import::import_prepared(&mut e.store, &prepared, &o, &mut |_, _| {}).unwrap();
    assert!(r.committed && r.new == 2, "{r:?}");
    for row in &p.rows[..2] {
        let sn = row.values[0].as_deref().unwrap();
        let d = e.store.terminal_detail(sn).unwrap();
        let t = &d.terminal;
        let sim = d.sim.as_ref().map(|s| &s.sim);
        let dep = d.deposits.first();
        let date = |x: Option<NaiveDate>| x.map(|x| x.to_string());
        let stored = vec![
            Some(t.sn.clone()),
            t.kind.map(|k| k.code().to_string()),
            Some(t.status.code().to_string()),
            date(t.activated_on),
            date(t.warranty_until),
            sim.map(|s| s.iccid.clone()),
            sim.and_then(|s| s.carrier).map(|c| c.code().to_string()),
            sim.and_then(|s| s.annual_fee).map(poskeeper::domain::values::format_yuan),
            dep.map(|x| poskeeper::domain::values::format_yuan(x.amount)),
            dep.map(|x| x.deadline.to_string()),
            t.store.clone(),
        ];
        // An empty status cell leaves the stored default (in use); every other value is as previewed.
        let shown: Vec<Option<String>> = row
            .values
            .iter()
            .zip(&stored)
            .enumerate()
            .map(|(i, (v, s))| if i == 2 && v.is_none() { s.clone() } else { v.clone() })
            .collect();
        assert_eq!(shown, stored, "line {}", row.line);
    }
    // What the preview said in so many words: the stored codes, ISO dates, yuan, months to an end.
    assert_eq!(
        p.rows[0].values,
        [
            Some("PV-1"),
            Some("e_sign"),
            Some("in_use"),
            Some("2026-01-31"),
            Some("2027-02-28"),
            Some(ICCID),
            Some("china_mobile"),
            Some("45.00"),
            Some("99.50"),
            Some("2027-01-01"),
            Some("朝阳路店")
        ]
        .map(|v| v.map(str::to_string))
    );
    // A deposit of 0 is no deposit.
    assert_eq!(p.rows[1].values[8], None);
    assert!(e.store.terminal_detail("PV-2").unwrap().deposits.is_empty());
}
