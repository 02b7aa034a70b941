//! The terminal list: filtered, sorted pages at 100k terminals.
//!
//! A page is read in two steps: first the ids of the page, from the sort column's index (with the
//! SN as tie-breaker, so deep pages skip index entries, not joined rows), then the 50 rows by id.
//! A query's count is taken once; a search counts each way it can match from that way's own index
//! (names and numbers are matched in memory first: see `find`). From the second page past the first few hundred rows,
//! pages come from the query's ordered id list, built once and kept until the next write (or
//! another connection's), so scrolling a sorted, filtered view stays fast at any depth.
//! Rows without a value for the sort column come last both ways (issue 10). Descending, SQLite
//! already puts NULL last; ascending, the rows with a value are read from the index first and the
//! empty ones after them, each part an index range, never a sort of the whole table.

use super::find::{Numbers, StoreNames, ValueHits, Values, MIN_PART};
use super::find_mark;
use super::{Store, WriteMark};
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
    /// Any part of an SN, ICCID, merchant or terminal number or phone number (3 characters or
    /// more; shorter, their start), or of a store name, brand, model or provider.
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

/// Below this offset a page is always read straight from SQL; past it, the first page of a
/// query too, and from the second on, from the query's ordered id list (built once).
const DIRECT_DEPTH: u32 = 500;

/// What the list keeps between calls: the last query's answer while nothing was written (by any
/// path or connection); the names and numbers searches read, brought up to the find mark (`find`).
#[derive(Debug, Default)]
pub(super) struct ListCache {
    mark: WriteMark,
    /// The find mark the names and numbers were read at (`None`: not read yet).
    find_mark: Option<find_mark::Marks>,
    stores: Option<StoreNames>,
    values: Option<Values>,
    numbers: Option<Numbers>,
    query: Option<QueryCache>,
}

/// One query's count, the condition that finds its terminals, and once scrolled deep, its ids.
#[derive(Debug)]
struct QueryCache {
    key: String,
    total: u64,
    cond: Cond,
    /// How many rows have a value for the sort column, once a page needed it (ascending only).
    filled: Option<u64>,
    deep_pages: u32,
    ids: Option<Vec<i64>>,
}

/// A piece of a WHERE clause with its anonymous parameters, in order.
#[derive(Debug, Clone, Default)]
struct Cond {
    sql: String,
    args: Vec<Value>,
}

impl Cond {
    fn new(sql: impl Into<String>, args: Vec<Value>) -> Cond {
        Cond { sql: sql.into(), args }
    }

    /// Every condition AND-ed (empty when there is none).
    fn all<'a>(parts: impl IntoIterator<Item = &'a Cond>) -> Cond {
        let (mut sqls, mut args) = (Vec::new(), Vec::new());
        for p in parts.into_iter().filter(|p| !p.sql.is_empty()) {
            sqls.push(format!("({})", p.sql));
            args.extend(p.args.iter().cloned());
        }
        Cond { sql: sqls.join(" AND "), args }
    }

    /// `WHERE …`, or nothing for no condition (a bare `count(*)` is SQLite's quick count).
    fn where_sql(&self) -> String {
        if self.sql.is_empty() {
            String::new()
        } else {
            format!("WHERE {}", self.sql)
        }
    }

    /// Any of the conditions.
    fn any(parts: &[&Cond]) -> Cond {
        Cond {
            sql: parts.iter().map(|p| format!("({})", p.sql)).collect::<Vec<_>>().join(" OR "),
            args: parts.iter().flat_map(|p| p.args.iter().cloned()).collect(),
        }
    }
}

/// What a search names, found in memory: stores, brands, models and providers whose name
/// contains it, and (a search of `MIN_PART` characters or more) the terminals one of whose
/// numbers contains it.
#[derive(Debug, Default)]
struct Found {
    stores: Vec<i64>,
    values: ValueHits,
    numbers: Option<Vec<i64>>,
}

/// A query as conditions on the terminal `t`: the ways its search can match (any of them; `None`
/// when there is no search), the filters (all of them), the order, and the sort column whose
/// empty rows are read after the others (sorting ascending by a column that may be empty).
struct Plan {
    search: Option<Vec<Cond>>,
    filters: Vec<Cond>,
    order: String,
    empty_last: Option<&'static str>,
}

impl Plan {
    /// The whole condition: any way the search matches, and every filter.
    fn whole(&self) -> Cond {
        let search = self.search.as_ref().map(|alts| {
            let any: Vec<&Cond> = alts.iter().collect();
            if any.is_empty() {
                Cond::new("0", Vec::new())
            } else {
                Cond::any(&any)
            }
        });
        Cond::all(search.iter().chain(self.filters.iter()))
    }
}

/// The query's rows in their order as two consecutive parts: with `empty_last`, the rows with a
/// value for that column, then the rows without (each read in the same order from the column's
/// index); else all of them at once.
fn parts(cond: &Cond, empty_last: Option<&str>) -> (Cond, Option<Cond>) {
    match empty_last {
        None => (cond.clone(), None),
        Some(col) => {
            let and = |test: &str| Cond::all([cond, &Cond::new(format!("{col} {test}"), Vec::new())]);
            (and("IS NOT NULL"), Some(and("IS NULL")))
        }
    }
}

impl TerminalQuery {
    fn search_text(&self) -> Option<&str> {
        self.search.as_deref().map(str::trim).filter(|s| !s.is_empty())
    }

    /// The query's plan; `found` is what the search names, found in memory.
    fn plan(&self, found: &Found) -> Plan {
        let text = |v: String| Value::Text(v);
        let search = self.search_text().map(|search| {
            // Each alternative is read from its own index.
            let mut alts = Vec::new();
            match &found.numbers {
                // Any part of a number: the terminals found in memory, by id.
                Some(ids) => {
                    if !ids.is_empty() {
                        let json = format!("[{}]", ids.iter().map(i64::to_string).collect::<Vec<_>>().join(","));
                        alts.push(Cond::new("t.id IN (SELECT value FROM json_each(?))", vec![text(json)]));
                    }
                }
                // A short search: the start of a number, from its index.
                None => {
                    if search.is_ascii() {
                        let like = format!("{}%", like_escape(search));
                        alts.push(Cond::new("t.sn LIKE ? ESCAPE '\\'", vec![text(like)]));
                    }
                    if search.bytes().all(|c| c.is_ascii_alphanumeric()) {
                        let glob = || vec![text(format!("{search}*"))];
                        alts.push(Cond::new("t.merchant_no GLOB ?", glob()));
                        alts.push(Cond::new("t.terminal_no GLOB ?", glob()));
                        if search.bytes().all(|c| c.is_ascii_digit()) {
                            let sims = |col: &str| format!("t.id IN (SELECT terminal_id FROM sims WHERE {col} GLOB ?)");
                            alts.push(Cond::new(sims("iccid"), glob()));
                            alts.push(Cond::new(sims("msisdn"), glob()));
                        }
                    }
                }
            }
            if !found.stores.is_empty() {
                // Ids of this database, never text from outside: written into the statement.
                let ids: Vec<String> = found.stores.iter().map(i64::to_string).collect();
                alts.push(Cond::new(format!("t.store_id IN ({})", ids.join(",")), Vec::new()));
            }
            for (col, values) in [
                ("t.brand", &found.values.brands),
                ("t.model", &found.values.models),
                ("t.provider", &found.values.providers),
            ] {
                if !values.is_empty() {
                    let marks = vec!["?"; values.len()].join(",");
                    alts.push(Cond::new(format!("{col} IN ({marks})"), values.iter().cloned().map(text).collect()));
                }
            }
            alts
        });
        let mut filters = Vec::new();
        if let Some(s) = self.status {
            filters.push(Cond::new("t.status = ?", vec![text(s.code().into())]));
        }
        if let Some(k) = self.kind {
            filters.push(Cond::new("t.kind = ?", vec![text(k.code().into())]));
        }
        if let Some(p) = self.provider.as_deref().filter(|s| !s.is_empty()) {
            filters.push(Cond::new("t.provider = ?", vec![text(p.into())]));
        }
        if let Some(s) = self.store.as_deref().filter(|s| !s.is_empty()) {
            filters.push(Cond::new("t.store_id = (SELECT id FROM stores WHERE name = ?)", vec![text(s.into())]));
        }
        let dir = if self.descending { "DESC" } else { "ASC" };
        let order = match self.sort {
            SortKey::Sn => format!("t.sn {dir}"),
            other => format!("{} {dir}, t.sn {dir}", other.column()),
        };
        // Descending needs nothing: SQLite sorts NULL below every value.
        let empty_last = match self.sort {
            SortKey::Sn | SortKey::Status => None,
            other => (!self.descending).then(|| other.column()),
        };
        Plan { search, filters, order, empty_last }
    }

    /// What identifies the query's result, whatever the page.
    fn cache_key(&self) -> String {
        format!(
            "{:?}|{:?}|{:?}|{:?}|{:?}|{:?}|{}",
            self.search, self.status, self.kind, self.provider, self.store, self.sort, self.descending
        )
    }
}

/// Escapes `%`, `_` and `\` for a LIKE pattern with `ESCAPE '\'`.
fn like_escape(s: &str) -> String {
    s.replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_")
}

impl Store {
    /// What a search names, found in what `cache` keeps (read first if it is not there).
    fn found(&self, cache: &mut ListCache, search: Option<&str>) -> Result<Found> {
        let Some(search) = search else { return Ok(Found::default()) };
        let stores = self.stores_matching(cache, search)?;
        let numbers = if search.chars().count() >= MIN_PART {
            self.numbers(cache)?;
            Some(cache.numbers.as_ref().map(|n| n.ids_containing(search)).unwrap_or_default())
        } else {
            None
        };
        if cache.values.is_none() {
            cache.values = Some(self.load_values()?);
        }
        let values = cache.values.as_ref().map(|v| v.containing(search)).unwrap_or_default();
        Ok(Found { stores, values, numbers })
    }

    /// Every terminal `search` finds (any part of a number or name), SN and ICCID tails first,
    /// each part in SN order, from memory.
    fn found_in_sn_order(&self, cache: &mut ListCache, search: &str, descending: bool) -> Result<Vec<i64>> {
        let stores = self.stores_matching(cache, search)?;
        self.numbers(cache)?;
        Ok(cache.numbers.as_ref().map(|n| n.found_in_sn_order(search, &stores, descending)).unwrap_or_default())
    }

    /// Reads every terminal's numbers into `cache` if they are not there (the distinct names come
    /// with them).
    fn numbers(&self, cache: &mut ListCache) -> Result<()> {
        if cache.numbers.is_none() {
            let (numbers, values) = self.load_numbers()?;
            cache.numbers = Some(numbers);
            cache.values.get_or_insert(values);
        }
        Ok(())
    }

    /// The ids of the stores whose name contains `search` (as `LIKE '%search%'` matches), from
    /// the names kept in `cache`.
    fn stores_matching(&self, cache: &mut ListCache, search: &str) -> Result<Vec<i64>> {
        if cache.stores.is_none() {
            let mut st = self.conn.prepare_cached("SELECT id, name FROM stores")?;
            let mut names = StoreNames::default();
            for row in st.query_map([], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?)))? {
                let (id, name) = row?;
                names.push(id, &name);
            }
            cache.stores = Some(names);
        }
        Ok(cache.stores.as_ref().map(|n| n.containing(search)).unwrap_or_default())
    }

    fn count(&self, cond: &Cond) -> Result<u64> {
        let sql = format!("SELECT count(*) FROM terminals t {}", cond.where_sql());
        let n: i64 =
            self.conn.prepare_cached(&sql)?.query_row(rusqlite::params_from_iter(cond.args.iter()), |r| r.get(0))?;
        Ok(u64::try_from(n).unwrap_or(0))
    }

    /// The condition that finds the query's terminals, and how many it finds. A search counts each
    /// of its alternatives from its own index first: most find nothing, and when one alone finds
    /// terminals its index also reads the page (an OR of them all would read every hit's row).
    fn find(&self, plan: &Plan) -> Result<(Cond, u64)> {
        let filters = Cond::all(&plan.filters);
        let Some(alts) = plan.search.as_ref() else {
            let total = self.count(&filters)?;
            return Ok((filters, total));
        };
        // Every alternative's count in one statement (one step instead of one per alternative).
        let conds: Vec<Cond> = alts.iter().map(|alt| Cond::all([alt, &filters])).collect();
        let counts: Vec<u64> = if conds.is_empty() {
            Vec::new()
        } else {
            let sql = conds
                .iter()
                .map(|c| format!("(SELECT count(*) FROM terminals t {})", c.where_sql()))
                .collect::<Vec<_>>()
                .join(", ");
            let args: Vec<&Value> = conds.iter().flat_map(|c| c.args.iter()).collect();
            self.conn.prepare_cached(&format!("SELECT {sql}"))?.query_row(rusqlite::params_from_iter(args), |r| {
                (0..conds.len()).map(|i| Ok(u64::try_from(r.get::<_, i64>(i)?).unwrap_or(0))).collect()
            })?
        };
        let mut hits = Vec::new();
        for ((alt, cond), n) in alts.iter().zip(conds).zip(counts) {
            if n > 0 {
                hits.push((alt, cond, n));
            }
        }
        match hits.len() {
            0 => Ok((Cond::new("0", Vec::new()), 0)),
            1 => Ok(hits.pop().map(|(_, cond, n)| (cond, n)).unwrap_or_default()),
            _ => {
                let any: Vec<&Cond> = hits.iter().map(|(alt, _, _)| *alt).collect();
                let cond = Cond::all([&Cond::any(&any), &filters]);
                let total = self.count(&cond)?;
                Ok((cond, total))
            }
        }
    }

    /// A page of terminals, filtered and sorted (SPEC §7: a page at any depth in milliseconds).
    pub fn list_terminals(&self, q: &TerminalQuery) -> Result<TerminalPage> {
        let limit = if q.limit == 0 { 50 } else { q.limit };
        let key = q.cache_key();
        let mark = WriteMark::of(&self.conn)?;
        let mut guard = self.list_cache.borrow_mut();
        let cache = guard.get_or_insert_with(ListCache::default);
        if cache.mark != mark || cache.find_mark.is_none() {
            // Something was written: names and numbers are kept if not them, patched if a few.
            let (now, old) = (find_mark::read(&self.conn)?, std::mem::take(cache));
            *cache = ListCache { mark, find_mark: Some(now), ..ListCache::default() };
            if let Some(kept) = old.find_mark {
                let kept = self.carry_found(kept, now, (old.stores, old.values, old.numbers))?;
                (cache.stores, cache.values, cache.numbers) = kept;
            }
        }
        if cache.query.as_ref().is_none_or(|c| c.key != key) {
            let unfiltered = q.plan(&Found::default()).filters.is_empty();
            let in_memory = match q.search_text() {
                Some(search) if q.sort == SortKey::Sn && unfiltered && search.chars().count() >= MIN_PART => {
                    Some(self.found_in_sn_order(cache, search, q.descending)?)
                }
                _ => None,
            };
            cache.query = Some(match in_memory {
                // Any part, sorted by SN, nothing filtered (what both search boxes ask): the
                // terminals are known in order already (tails first); count and pages come from
                // their ids (the condition is then never read).
                Some(ids) => {
                    let cond = Cond::new("0", Vec::new());
                    QueryCache { key, total: ids.len() as u64, cond, filled: None, deep_pages: 0, ids: Some(ids) }
                }
                None => {
                    let found = self.found(cache, q.search_text())?;
                    let (cond, total) = self.find(&q.plan(&found))?;
                    QueryCache { key, total, cond, filled: None, deep_pages: 0, ids: None }
                }
            });
        }
        let Some(query) = cache.query.as_mut() else { return Ok(TerminalPage { total: 0, rows: Vec::new() }) };
        let Plan { order: plan_order, empty_last, .. } = q.plan(&Found::default());
        let deep = u64::from(q.offset) + u64::from(limit) > u64::from(DIRECT_DEPTH);
        if deep {
            query.deep_pages = query.deep_pages.saturating_add(1);
        }
        if deep && query.deep_pages > 1 && query.ids.is_none() && query.total > 0 {
            let mut ids: Vec<i64> = Vec::new();
            let (with_value, empty) = parts(&query.cond, empty_last);
            for part in std::iter::once(with_value).chain(empty) {
                let sql = format!("SELECT t.id FROM terminals t {} ORDER BY {plan_order}", part.where_sql());
                let mut st = self.conn.prepare(&sql)?;
                let part_ids = st.query_map(rusqlite::params_from_iter(part.args.iter()), |r| r.get::<_, i64>(0))?;
                ids.extend(part_ids.collect::<rusqlite::Result<Vec<_>>>()?);
            }
            query.ids = Some(ids);
        }
        let total = query.total;
        if total == 0 {
            return Ok(TerminalPage { total, rows: Vec::new() });
        }
        if let Some(ids) = query.ids.as_ref() {
            let start = usize::try_from(q.offset).unwrap_or(usize::MAX).min(ids.len());
            let end = start.saturating_add(usize::try_from(limit).unwrap_or(usize::MAX)).min(ids.len());
            let page_ids = ids[start..end].to_vec();
            drop(guard);
            return Ok(TerminalPage { total, rows: self.rows_by_id(&page_ids)? });
        }
        let (with_value, empty) = parts(&query.cond, empty_last);
        let mut rows = self.page(&with_value, &plan_order, u64::from(q.offset), limit)?;
        let short = rows.len() < usize::try_from(limit).unwrap_or(usize::MAX);
        if let Some(empty) = empty.filter(|_| short) {
            // The page reaches past the rows with a value: the rest from the empty ones, from their
            // start if the page holds some with a value, else as far in as the offset is past them.
            let skip = if rows.is_empty() {
                let filled = match query.filled {
                    Some(n) => n,
                    None => total.saturating_sub(self.count(&empty)?),
                };
                query.filled = Some(filled);
                u64::from(q.offset).saturating_sub(filled)
            } else {
                0
            };
            let more = limit.saturating_sub(u32::try_from(rows.len()).unwrap_or(u32::MAX));
            rows.extend(self.page(&empty, &plan_order, skip, more)?);
        }
        Ok(TerminalPage { total, rows })
    }

    /// The rows of `cond`'s terminals in `order`, `limit` of them from `offset`: the page's ids from
    /// the sort index, then their rows (joining first would join every row skipped); CROSS JOIN
    /// keeps the page's order.
    fn page(&self, cond: &Cond, order: &str, offset: u64, limit: u32) -> Result<Vec<TerminalRow>> {
        let sql = format!(
            "SELECT {ROW_COLUMNS} FROM (SELECT t.id FROM terminals t {} ORDER BY {order} LIMIT {limit} OFFSET {offset})
             p CROSS JOIN terminals t ON t.id = p.id {ROW_JOINS}",
            cond.where_sql(),
        );
        let rows = self
            .conn
            .prepare_cached(&sql)?
            .query_map(rusqlite::params_from_iter(cond.args.iter()), row)?
            .collect::<rusqlite::Result<_>>()?;
        Ok(rows)
    }

    /// Every terminal the query's filters match, in its order, handed to `f` one row at a time
    /// (`offset` and `limit` are ignored): one statement with no variable per row, and no row
    /// kept, so the CLI prints 100k terminals in constant memory. Returns how many were given.
    pub fn each_terminal(&self, q: &TerminalQuery, mut f: impl FnMut(TerminalRow) -> Result<()>) -> Result<u64> {
        let mut n = 0u64;
        for (where_sql, args, order) in self.query_parts(q)? {
            let sql = format!("SELECT {ROW_COLUMNS} FROM terminals t {ROW_JOINS} {where_sql} ORDER BY {order}");
            let mut stmt = self.conn.prepare(&sql)?;
            let mut rows = stmt.query(rusqlite::params_from_iter(args.iter()))?;
            while let Some(r) = rows.next()? {
                f(row(r)?)?;
                n += 1;
            }
        }
        Ok(n)
    }

    /// The query as statements' pieces over the terminal `t`, in the list's order: each part's
    /// `WHERE …` (or nothing), its parameters and its `ORDER BY` (the rows with a value for the
    /// sort column, then the empty ones). For whatever streams every terminal the list shows.
    pub(super) fn query_parts(&self, q: &TerminalQuery) -> Result<Vec<(String, Vec<Value>, String)>> {
        let found = self.found(&mut ListCache::default(), q.search_text())?;
        let plan = q.plan(&found);
        let (with_value, empty) = parts(&plan.whole(), plan.empty_last);
        Ok(std::iter::once(with_value).chain(empty).map(|p| (p.where_sql(), p.args, plan.order.clone())).collect())
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
