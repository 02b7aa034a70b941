//! Realistic sample data (`poskeeper demo`): Chinese brands, providers, stores and carriers, with
//! SIM expiries, warranties, deposits, plans and repairs spread around the given date. Fast
//! enough for 100k terminals: one transaction, prepared statements, no per-row reads — written
//! straight into the tables, so it lives in the store.

use super::Store;
use crate::domain::values::{add_days, add_months, luhn_ok};
use crate::error::{Error, Result, StateProblem};
use chrono::NaiveDate;
use rusqlite::params;

/// A small, seedable generator (SplitMix64): the same seed gives the same data everywhere.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
    fn range(&mut self, lo: i64, hi: i64) -> i64 {
        lo + i64::try_from(self.below(u64::try_from(hi - lo + 1).unwrap_or(1))).unwrap_or(0)
    }
    fn pick<'a, T>(&mut self, v: &'a [T]) -> &'a T {
        &v[usize::try_from(self.below(v.len() as u64)).unwrap_or(0)]
    }
    fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }
}

/// (model, kind code)
type Model = (&'static str, &'static str);

/// (brand, SN prefix, models)
const MAKERS: &[(&str, &str, &[Model])] = &[
    ("百富", "PAX", &[("A920", "smart"), ("S90", "traditional"), ("Q92", "e_sign"), ("A8", "smart")]),
    ("新大陆", "NL", &[("ME31", "e_sign"), ("N910", "smart"), ("NL-ME51", "e_sign")]),
    ("联迪", "LD", &[("E550", "traditional"), ("A8", "smart"), ("M35", "e_sign")]),
    ("惠尔丰", "VF", &[("V10P", "smart"), ("VX520", "traditional")]),
    ("天喻", "TY", &[("K9", "e_sign")]),
    ("收钱吧", "SQB", &[("码牌", "qr_box"), ("扫码盒", "qr_box")]),
];

const PROVIDERS: &[&str] =
    &["银联商务", "拉卡拉", "邮政储蓄银行", "盛付通", "海科融通", "工商银行", "建设银行", "农业银行"];

const CITIES: &[&str] =
    &["朝阳", "海淀", "浦东", "徐汇", "天河", "福田", "武侯", "江北", "鼓楼", "雁塔", "西湖", "历下"];
const PLACES: &[&str] = &[
    "路店",
    "广场店",
    "步行街店",
    "万达店",
    "中心店",
    "东门店",
    "西门店",
    "新村店",
    "花园店",
    "商场店",
    "大道店",
    "市场店",
];

/// (carrier code, ICCID issuer digits)
const CARRIERS: &[(&str, &str)] = &[("china_mobile", "00"), ("china_unicom", "01"), ("china_telecom", "03")];

/// (name, kind, phone, hours)
const CONTACTS: &[(&str, &str, &str, &str)] = &[
    ("银联商务", "payment_company", "95534", "7×24 小时"),
    ("拉卡拉", "payment_company", "95016", "7×24 小时"),
    ("邮政储蓄银行", "bank", "95580", "7×24 小时"),
    ("盛付通", "payment_company", "400-720-8888", "9:00–21:00"),
    ("海科融通", "payment_company", "400-006-7266", "9:00–18:00"),
    ("百富", "manufacturer", "400-690-3100", "工作日 9:00–18:00"),
    ("新大陆", "manufacturer", "400-830-5566", "工作日 9:00–18:00"),
    ("联迪", "manufacturer", "400-887-7488", "工作日 9:00–18:00"),
    ("中国移动", "carrier", "10086", "7×24 小时"),
    ("中国联通", "carrier", "10010", "7×24 小时"),
    ("中国电信", "carrier", "10000", "7×24 小时"),
];

/// An ICCID with a valid check digit: 8986 + issuer + digits from `n`.
fn iccid(issuer: &str, n: u64) -> String {
    let body = format!("8986{issuer}{n:013}");
    (0..10u8).map(|d| format!("{body}{d}")).find(|c| luhn_ok(c)).unwrap_or_else(|| format!("{body}0"))
}

/// What `demo` wrote.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct DemoSummary {
    pub terminals: u64,
    pub sims: u64,
    pub deposits: u64,
    pub plans: u64,
    pub repairs: u64,
    pub contacts: u64,
}

/// Writes `n` terminals of sample data dated around `today` into an empty database.
pub fn generate(store: &mut Store, n: u64, seed: u64, today: NaiveDate) -> Result<DemoSummary> {
    let existing: i64 = store.conn().query_row("SELECT count(*) FROM terminals", [], |r| r.get(0))?;
    if existing > 0 {
        return Err(Error::InvalidState(StateProblem::NotEmpty(existing)));
    }
    let mut rng = Rng(seed);
    let mut sum = DemoSummary::default();
    store.with_tx(|tx| {
        for (name, kind, phone, hours) in CONTACTS {
            tx.execute(
                "INSERT OR IGNORE INTO contacts(name, kind, phone, hours, notes) VALUES (?1, ?2, ?3, ?4, '示例数据')",
                params![name, kind, phone, hours],
            )?;
            sum.contacts += 1;
        }
        let store_count = (n / 25).clamp(3, 4000);
        let mut store_ids = Vec::new();
        for i in 0..store_count {
            let name = format!(
                "{}{}{}",
                CITIES[usize::try_from(i).unwrap_or(0) % CITIES.len()],
                PLACES[usize::try_from(i / CITIES.len() as u64).unwrap_or(0) % PLACES.len()],
                if i >= (CITIES.len() * PLACES.len()) as u64 {
                    format!("{}", i / (CITIES.len() * PLACES.len()) as u64 + 1)
                } else {
                    String::new()
                }
            );
            tx.execute("INSERT INTO stores(name) VALUES (?1)", [&name])?;
            store_ids.push((tx.last_insert_rowid(), name));
        }
        let mut ins_t = tx.prepare(
            "INSERT INTO terminals(sn, brand, model, kind, provider, merchant_no, terminal_no, store_id, store_name,
                 status, acquired_on, activated_on, warranty_until, warranty_provider)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?12, ?9, ?10, ?10, ?11, ?2)",
        )?;
        let mut ins_s = tx.prepare(
            "INSERT INTO sims(iccid, carrier, form, plan, quota_mb, annual_fee, paid_by, activated_on, expires_on,
                 status, terminal_id)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
        )?;
        let mut ins_i =
            tx.prepare("INSERT INTO sim_installs(sim_id, terminal_id, installed_on) VALUES (?1, ?2, ?3)")?;
        let mut ins_d = tx.prepare(
            "INSERT INTO deposits(terminal_id, amount, paid_on, condition, volume_target, deadline)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        )?;
        let mut ins_p = tx.prepare(
            "INSERT INTO maintenance_plans(terminal_id, task, every, starts_on, mode, next_due_on)
             VALUES (?1, ?2, ?3, ?4, ?5, ?4)",
        )?;
        let mut ins_r = tx.prepare(
            "INSERT INTO repairs(terminal_id, opened_on, fault, agent, ticket_no, channel, status, expected_back_on,
                 documents, tests, prev_terminal_status)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, '[]', '[]', 'in_use')",
        )?;
        for i in 0..n {
            let (brand, prefix, models) = rng.pick(MAKERS);
            let (model, kind) = rng.pick(models);
            let status = match rng.below(100) {
                0..=87 => "in_use",
                88..=93 => "spare",
                94..=95 => "in_repair",
                96..=97 => "replaced",
                98 => "deregistered",
                _ => "lost",
            };
            let activated = add_days(today, -rng.range(20, 1000));
            let months = *rng.pick(&[12u32, 24, 36]);
            let store = rng.pick(&store_ids);
            let sn = format!(
                "{prefix}{}{:07}",
                model.chars().filter(char::is_ascii_alphanumeric).collect::<String>(),
                i + 1
            );
            let merchant_no = format!("898{:012}", rng.below(1_000_000_000_000));
            let terminal_no = format!("{:08}", rng.below(100_000_000));
            ins_t.execute(params![
                sn,
                brand,
                model,
                kind,
                rng.pick(PROVIDERS),
                merchant_no,
                terminal_no,
                store.0,
                status,
                activated,
                add_months(activated, months),
                store.1
            ])?;
            let tid = tx.last_insert_rowid();
            sum.terminals += 1;
            if *kind != "qr_box" || rng.chance(20) {
                let (carrier, issuer) = rng.pick(CARRIERS);
                let sim_activated = add_days(today, -rng.range(30, 700));
                let expires = add_days(today, rng.range(-45, 400));
                let cancelled = rng.chance(3);
                ins_s.execute(params![
                    iccid(issuer, i + 1),
                    carrier,
                    if rng.chance(15) { "embedded" } else { "physical" },
                    rng.pick(&["物联网卡 30M/月", "物联网卡 100M/月", "POS 专用卡"]),
                    *rng.pick(&[30i64, 100, 500]),
                    *rng.pick(&[3600i64, 4500, 6000, 9900]),
                    if rng.chance(60) { "merchant" } else { "provider" },
                    sim_activated,
                    expires,
                    if cancelled { "cancelled" } else { "active" },
                    tid
                ])?;
                ins_i.execute(params![tx.last_insert_rowid(), tid, sim_activated])?;
                sum.sims += 1;
            }
            if rng.chance(30) {
                let amount = *rng.pick(&[9900i64, 19900, 29900]);
                let target = *rng.pick(&[10_000_000i64, 30_000_000, 50_000_000]);
                ins_d.execute(params![
                    tid,
                    amount,
                    activated,
                    format!("{}个月内刷满{}万", rng.pick(&[3, 6, 10, 12]), target / 1_000_000),
                    target,
                    add_days(today, rng.range(-20, 300))
                ])?;
                sum.deposits += 1;
            }
            if rng.chance(8) {
                let (task, every) =
                    *rng.pick(&[("clean", "3m"), ("paper", "2w"), ("software_update", "1m"), ("inspect_cables", "6m")]);
                ins_p.execute(params![tid, task, every, add_days(today, rng.range(-10, 60)), "from_completion"])?;
                sum.plans += 1;
            }
            if status == "in_repair" {
                let opened = add_days(today, -rng.range(0, 20));
                ins_r.execute(params![
                    tid,
                    opened,
                    rng.pick(&["no_power", "screen", "printer", "card_reader", "network", "system"]),
                    rng.pick(&["王", "李", "张", "刘", "陈"]).to_string() + "工",
                    format!("WX{:010}", rng.below(10_000_000_000)),
                    rng.pick(&["send_in", "onsite", "remote"]),
                    rng.pick(&["open", "diagnosing", "in_repair", "ready"]),
                    add_days(opened, rng.range(3, 14))
                ])?;
                sum.repairs += 1;
            }
        }
        Ok(())
    })?;
    Ok(sum)
}
