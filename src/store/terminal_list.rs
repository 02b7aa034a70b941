//! The terminal list: filtered, sorted pages at 100k terminals.
//!
//! A page is read in two steps: first the ids of the page, from the sort column's index (with the
//! SN as tie-breaker, so deep pages skip index entries, not joined rows), then the 50 rows by id.
//! Pages past the first few hundred rows of a filtered or joined sort come from the ordered id
//! list of that query, built once and kept until the next write (or another connection's), so
//! scrolling a sorted, filtered view stays fast at any depth.

use super::Store;
use crate::domain::{TerminalKind, TerminalStatus};
use crate::error::Result;
use chrono::NaiveDate;
use rusqlite::types::Value;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// How the terminal list is sorted.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum SortKey {
    #[default]
    Sn,
    Brand,
    Model,
    Kind,
    Provider,
    MerchantNo,
    Store,
    Status,
    ActivatedOn,
    WarrantyUntil,
    SimExpiresOn,
}

impl SortKey {
    fn column(self) -> &'static str {
        match self {
            SortKey::Sn => "t.sn",
            SortKey::Brand => "t.brand",
            SortKey::Model => "t.model",
            SortKey::Kind => "t.kind",
            SortKey::Provider => "t.provider",
            SortKey::MerchantNo => "t.merchant_no",
            SortKey::Store => "t.store_name",
            SortKey::Status => "t.status",
            SortKey::ActivatedOn => "t.activated_on",
            SortKey::WarrantyUntil => "t.warranty_until",
            SortKey::SimExpiresOn => "t.sim_expires_on",
        }
    }
}

/// A page request for the terminal list.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[cfg_attr(feature = "ts", ts(optional_fields = nullable))]
#[serde(default)]
pub struct TerminalQuery {
    /// SN, ICCID, merchant or terminal number prefix, phone number, or part of a store name.
    pub search: Option<String>,
    pub status: Option<TerminalStatus>,
    pub kind: Option<TerminalKind>,
    pub provider: Option<String>,
    pub store: Option<String>,
    pub sort: SortKey,
    pub descending: bool,
    pub offset: u32,
    /// Rows per page; 0 means 50. (The desktop shell caps what crosses IPC.)
    pub limit: u32,
}

/// One line of the terminal list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct TerminalRow {
    pub sn: String,
    pub brand: Option<String>,
    pub model: Option<String>,
    pub kind: Option<TerminalKind>,
    pub provider: Option<String>,
    pub merchant_no: Option<String>,
    pub store: Option<String>,
    pub status: TerminalStatus,
    pub activated_on: Option<NaiveDate>,
    pub warranty_until: Option<NaiveDate>,
    pub iccid: Option<String>,
    pub sim_expires_on: Option<NaiveDate>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct TerminalPage {
    /// How many terminals match the filters.
    pub total: u64,
    pub rows: Vec<TerminalRow>,
}

/// Escapes `%`, `_` and `\` for a LIKE pattern with `ESCAPE '\'`.
fn like_escape(s: &str) -> String {
    s.replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_")
}

/// Below this offset a page is read straight from SQL; past it, from the cached id list.
const DIRECT_DEPTH: u32 = 500;

/// The ordered ids (or just the count) of the last query, valid while nothing was written.
#[derive(Debug, Default)]
pub(super) struct ListCache {
    key: String,
    /// Rows changed through this connection (any write path) and by others, when it was built.
    changes: u64,
    data_version: i64,
    total: u64,
    ids: Option<Vec<i64>>,
}

/// The SQL of one query, without paging.
struct Plan {
    /// `terminals t`, or the search hits joined to it (hits first: the union is small, so it must
    /// drive the query rather than a scan of the sort index probing every terminal).
    from: String,
    where_sql: String,
    order: String,
    args: Vec<Value>,
}

impl TerminalQuery {
    fn plan(&self) -> Plan {
        let mut wh: Vec<String> = Vec::new();
        let mut args: Vec<Value> = Vec::new();
        let mut from = String::from("terminals t");
        let mut arg = |v: String| {
            args.push(v.into());
            format!("?{}", args.len())
        };
        if let Some(search) = self.search.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
            let contains = like_escape(search);
            if !search.is_ascii() {
                // Only a store name can hold Chinese text: filter by the matching stores, and let
                // the sort index stop at the first page (a 2-character name can match thousands).
                let c = arg(format!("%{contains}%"));
                wh.push(format!("t.store_id IN (SELECT id FROM stores WHERE name LIKE {c} ESCAPE '\\')"));
            } else {
                // Each alternative is read from its own index; the union is usually small.
                let prefix = arg(format!("{}%", like_escape(search)));
                let contains = arg(format!("%{contains}%"));
                let mut alts = vec![
                format!("SELECT id FROM terminals WHERE sn LIKE {prefix} ESCAPE '\\'"),
                format!(
                    "SELECT id FROM terminals WHERE store_id IN (SELECT id FROM stores WHERE name LIKE {contains} ESCAPE '\\')"
                ),
            ];
                if search.bytes().all(|c| c.is_ascii_alphanumeric()) {
                    let glob = arg(format!("{search}*"));
                    alts.push(format!("SELECT id FROM terminals WHERE merchant_no GLOB {glob}"));
                    alts.push(format!("SELECT id FROM terminals WHERE terminal_no GLOB {glob}"));
                    if search.bytes().all(|c| c.is_ascii_digit()) {
                        alts.push(format!("SELECT terminal_id FROM sims WHERE iccid GLOB {glob}"));
                        alts.push(format!("SELECT terminal_id FROM sims WHERE msisdn GLOB {glob}"));
                    }
                }
                from = format!("({}) AS hit CROSS JOIN terminals t ON t.id = hit.id", alts.join(" UNION "));
            }
        }
        if let Some(s) = self.status {
            wh.push(format!("t.status = {}", arg(s.code().into())));
        }
        if let Some(k) = self.kind {
            wh.push(format!("t.kind = {}", arg(k.code().into())));
        }
        if let Some(p) = self.provider.as_deref().filter(|s| !s.is_empty()) {
            wh.push(format!("t.provider = {}", arg(p.into())));
        }
        if let Some(s) = self.store.as_deref().filter(|s| !s.is_empty()) {
            wh.push(format!("t.store_id = (SELECT id FROM stores WHERE name = {})", arg(s.into())));
        }
        let dir = if self.descending { "DESC" } else { "ASC" };
        let order = match self.sort {
            SortKey::Sn => format!("t.sn {dir}"),
            other => format!("{} {dir}, t.sn {dir}", other.column()),
        };
        let where_sql = if wh.is_empty() { String::new() } else { format!("WHERE {}", wh.join(" AND ")) };
        Plan { from, where_sql, order, args }
    }

    /// What identifies the query's result, whatever the page.
    fn cache_key(&self) -> String {
        format!(
            "{:?}|{:?}|{:?}|{:?}|{:?}|{:?}|{}",
            self.search, self.status, self.kind, self.provider, self.store, self.sort, self.descending
        )
    }
}

impl Store {
    /// A page of terminals, filtered and sorted (SPEC §7: a page at any depth in milliseconds).
    pub fn list_terminals(&self, q: &TerminalQuery) -> Result<TerminalPage> {
        let plan = q.plan();
        let limit = if q.limit == 0 { 50 } else { q.limit };
        let params = || rusqlite::params_from_iter(plan.args.iter());
        let key = q.cache_key();
        let data_version: i64 = self.conn.query_row("PRAGMA data_version", [], |r| r.get(0))?;
        let mut cache = self.list_cache.borrow_mut();
        let changes = self.conn.total_changes();
        let valid =
            cache.as_ref().is_some_and(|c| c.key == key && c.changes == changes && c.data_version == data_version);
        if !valid {
            *cache = None;
        }
        let wants_ids = q.offset >= DIRECT_DEPTH || u64::from(q.offset) + u64::from(limit) > u64::from(DIRECT_DEPTH);
        if wants_ids && cache.as_ref().is_none_or(|c| c.ids.is_none()) {
            let sql = format!("SELECT t.id FROM {} {} ORDER BY {}", plan.from, plan.where_sql, plan.order);
            let ids: Vec<i64> =
                self.conn.prepare(&sql)?.query_map(params(), |r| r.get(0))?.collect::<rusqlite::Result<_>>()?;
            *cache =
                Some(ListCache { key: key.clone(), changes, data_version, total: ids.len() as u64, ids: Some(ids) });
        }
        if cache.is_none() {
            let sql = format!("SELECT count(*) FROM {} {}", plan.from, plan.where_sql);
            let total: i64 = self.conn.prepare_cached(&sql)?.query_row(params(), |r| r.get(0))?;
            *cache =
                Some(ListCache { key, changes, data_version, total: u64::try_from(total).unwrap_or(0), ids: None });
        }
        let (total, page_ids) = match cache.as_ref() {
            Some(ListCache { total, ids: Some(ids), .. }) => {
                let start = usize::try_from(q.offset).unwrap_or(usize::MAX).min(ids.len());
                let end = start.saturating_add(usize::try_from(limit).unwrap_or(usize::MAX)).min(ids.len());
                (*total, ids[start..end].to_vec())
            }
            Some(c) => {
                let sql = format!(
                    "SELECT t.id FROM {} {} ORDER BY {} LIMIT {limit} OFFSET {}",
                    plan.from, plan.where_sql, plan.order, q.offset
                );
                let ids = self
                    .conn
                    .prepare_cached(&sql)?
                    .query_map(params(), |r| r.get(0))?
                    .collect::<rusqlite::Result<_>>()?;
                (c.total, ids)
            }
            None => (0, Vec::new()),
        };
        drop(cache);
        Ok(TerminalPage { total, rows: self.rows_by_id(&page_ids)? })
    }

    /// Every terminal the query's filters match, in its order, handed to `f` one row at a time
    /// (`offset` and `limit` are ignored): one statement with no variable per row, and no row
    /// kept, so the CLI prints 100k terminals in constant memory. Returns how many were given.
    pub fn each_terminal(&self, q: &TerminalQuery, mut f: impl FnMut(TerminalRow) -> Result<()>) -> Result<u64> {
        let plan = q.plan();
        let sql =
            format!("SELECT {ROW_COLUMNS} FROM {} {ROW_JOINS} {} ORDER BY {}", plan.from, plan.where_sql, plan.order);
        let mut stmt = self.conn.prepare(&sql)?;
        let mut rows = stmt.query(rusqlite::params_from_iter(plan.args.iter()))?;
        let mut n = 0u64;
        while let Some(r) = rows.next()? {
            f(row(r)?)?;
            n += 1;
        }
        Ok(n)
    }

    /// The list rows of these terminals, in the order given. Read in chunks: one variable per
    /// id, and SQLite takes at most 32,766 in a statement.
    fn rows_by_id(&self, ids: &[i64]) -> Result<Vec<TerminalRow>> {
        let mut out = Vec::with_capacity(ids.len());
        for chunk in ids.chunks(ROWS_PER_STATEMENT) {
            let marks = vec!["?"; chunk.len()].join(",");
            let sql = format!("SELECT t.id, {ROW_COLUMNS} FROM terminals t {ROW_JOINS} WHERE t.id IN ({marks})");
            // A full chunk always has the same SQL: the cached statement serves every deep page.
            let mut stmt = self.conn.prepare_cached(&sql)?;
            let mut by_id: HashMap<i64, TerminalRow> = stmt
                .query_map(rusqlite::params_from_iter(chunk), |r| {
                    let id: i64 = r.get(0)?;
                    Ok((id, row_at(r, 1)?))
                })?
                .collect::<rusqlite::Result<_>>()?;
            out.extend(chunk.iter().filter_map(|id| by_id.remove(id)));
        }
        Ok(out)
    }
}

/// Ids per statement when rows are read by id (well under SQLite's 32,766 variables).
const ROWS_PER_STATEMENT: usize = 500;

/// The columns of a list row, after the terminal `t` is joined to its store and SIM card.
const ROW_COLUMNS: &str = "t.sn, t.brand, t.model, t.kind, t.provider, t.merchant_no, s.name, t.status, \
    t.activated_on, t.warranty_until, m.iccid, m.expires_on";
const ROW_JOINS: &str = "LEFT JOIN stores s ON s.id = t.store_id LEFT JOIN sims m ON m.terminal_id = t.id";

fn row(r: &rusqlite::Row<'_>) -> rusqlite::Result<TerminalRow> {
    row_at(r, 0)
}

/// A list row from `ROW_COLUMNS`, starting at column `at`.
fn row_at(r: &rusqlite::Row<'_>, at: usize) -> rusqlite::Result<TerminalRow> {
    Ok(TerminalRow {
        sn: r.get(at)?,
        brand: r.get(at + 1)?,
        model: r.get(at + 2)?,
        kind: r.get(at + 3)?,
        provider: r.get(at + 4)?,
        merchant_no: r.get(at + 5)?,
        store: r.get(at + 6)?,
        status: r.get(at + 7)?,
        activated_on: r.get(at + 8)?,
        warranty_until: r.get(at + 9)?,
        iccid: r.get(at + 10)?,
        sim_expires_on: r.get(at + 11)?,
    })
}
