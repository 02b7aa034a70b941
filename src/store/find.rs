//! Finding terminals by any part of what names them (issue 10, SPEC §7: p95 ≤ 5 ms at 100k).
//!
//! A search of [`MIN_PART`] characters or more is looked for anywhere in every terminal's SN,
//! merchant and terminal numbers and its SIM card's ICCID and phone number: a tail ("1179"), a
//! middle or a prefix, letters in either case. Those numbers are read once into one text in memory
//! (about 7 MB at 100k terminals) and kept until a write changes them, like the stores' names; one
//! `memmem` pass over it finds the terminals. After a write of a few terminals (the find mark's
//! log, `find_mark`), only theirs are read again: each one's old place is emptied and its numbers
//! appended, in its place in the SN order. Nothing is added to the file: an import writes no
//! more per row, and the file stays readable by any SQLite tool. Shorter searches match prefixes
//! only, from the indexes (two digits anywhere would name most terminals).
//!
//! Searched without a filter, sorted by SN (what both search boxes ask), the terminals whose SN
//! ends with the search come first, then those whose ICCID does, then every other match: the
//! "SN 尾号 1179" the agenda prints is the first hit even when 1179 is inside hundreds of other
//! numbers at 100k. Each part is in SN order, ascending or descending as asked.
//!
//! Brand, model and provider have few distinct values: the values containing the search (any
//! length, Chinese too) are found in memory and their terminals read from the columns' indexes.

use super::{find_mark, Store};
use crate::error::Result;
use rusqlite::types::ValueRef;
use std::collections::HashMap;

/// The shortest search matched anywhere in a number; shorter ones match its start only.
pub const MIN_PART: usize = 3;

/// Every terminal's numbers, ASCII letters lowercased, in one text: each terminal's numbers
/// (SN, merchant number, terminal number, ICCID, phone: always five, an absent one empty) each
/// followed by `\n`, the terminal's last by `\0`, in id order (read straight through the table); each
/// terminal's brand, model, provider (as codes) and store; and the list's SN order.
#[derive(Debug, Default)]
pub(super) struct Numbers {
    text: Vec<u8>,
    /// Where each terminal's numbers start in `text`, in order.
    starts: Vec<usize>,
    /// Each terminal's id, in the same order.
    ids: Vec<i64>,
    /// Each terminal's brand, model and provider: an index into `names`, or `NONE`.
    codes: Vec<[u32; 3]>,
    /// Each terminal's store id, or 0.
    stores: Vec<i64>,
    /// The terminals' places in the list's SN order (SQLite's NOCASE, read from the SN's index).
    by_sn: Vec<u32>,
    /// The distinct brands, models and providers, ASCII letters lowercased.
    names: [Vec<String>; 3],
    /// How many places, from the first, hold the terminals read in one pass (ids ascending).
    base: usize,
    /// The terminals patched in after a write (`patch`): id → place, `GONE` if deleted.
    moved: HashMap<i64, usize>,
    /// Places emptied by a patch.
    dead: usize,
}

/// A place in `moved` whose terminal was deleted.
const GONE: usize = usize::MAX;

/// A terminal as a search keeps it, read again after a write.
#[derive(Debug)]
pub(super) struct Fresh {
    id: i64,
    /// Brand, model, provider as stored.
    names: [Option<String>; 3],
    store: i64,
    /// The five numbers, lowercased, each followed by `\n`.
    numbers: Vec<u8>,
}

const NONE: u32 = u32::MAX;

/// A terminal's numbers in the order `text` holds them: the ICCID is the fourth.
const ICCID_SLOT: usize = 3;

/// How well a terminal matches a search: the lower, the earlier it is listed.
const SN_TAIL: u8 = 0;
const ICCID_TAIL: u8 = 1;
const ELSEWHERE: u8 = 2;
const MISSED: u8 = u8::MAX;

impl Numbers {
    /// The place of terminal `id`, if it is kept.
    fn place_of(&self, id: i64) -> Option<usize> {
        match self.moved.get(&id) {
            Some(&k) => (k != GONE).then_some(k),
            None => self.ids.get(..self.base)?.binary_search(&id).ok(),
        }
    }

    /// The SN kept at place `k` (lowercased).
    fn sn(&self, k: usize) -> &[u8] {
        let rest = self.starts.get(k).and_then(|s| self.text.get(*s..)).unwrap_or_default();
        rest.split(|b| *b == b'\n').next().unwrap_or_default()
    }

    /// Empties place `k`: its numbers become separators (no search holds one), it names nothing
    /// and leaves the SN order.
    fn bury(&mut self, k: usize) {
        let end = self.starts.get(k + 1).copied().unwrap_or(self.text.len());
        if let Some(bytes) = self.starts.get(k).and_then(|s| self.text.get_mut(*s..end.saturating_sub(1))) {
            bytes.fill(b'\n');
        }
        if let Some(c) = self.codes.get_mut(k) {
            *c = [NONE; 3];
        }
        if let Some(s) = self.stores.get_mut(k) {
            *s = 0;
        }
        let k = u32::try_from(k).unwrap_or(u32::MAX);
        self.by_sn.retain(|p| *p != k);
        self.dead += 1;
    }

    /// The code of a brand (`j` 0), model (1) or provider (2), a new one if it is new.
    fn code(&mut self, j: usize, value: &str) -> u32 {
        let low = value.to_ascii_lowercase();
        let Some(names) = self.names.get_mut(j) else { return NONE };
        match names.iter().position(|n| *n == low) {
            Some(c) => u32::try_from(c).unwrap_or(NONE),
            None => {
                names.push(low);
                u32::try_from(names.len() - 1).unwrap_or(NONE)
            }
        }
    }

    /// Puts `t` in a new place at the end, and that place in the SN order.
    fn append(&mut self, t: &Fresh) {
        let k = self.ids.len();
        self.starts.push(self.text.len());
        self.ids.push(t.id);
        let mut codes = [NONE; 3];
        for (j, name) in t.names.iter().enumerate() {
            if let Some(v) = name {
                let code = self.code(j, v);
                if let Some(c) = codes.get_mut(j) {
                    *c = code;
                }
            }
        }
        self.codes.push(codes);
        self.stores.push(t.store);
        self.text.extend_from_slice(&t.numbers);
        self.text.push(0);
        let at = self.by_sn.partition_point(|p| self.sn(*p as usize) < self.sn(k));
        self.by_sn.insert(at, u32::try_from(k).unwrap_or(u32::MAX));
        self.moved.insert(t.id, k);
    }

    /// Puts the terminals read again after a write in place of what was kept of them (`None`:
    /// deleted). False when so many places are empty that reading afresh is better.
    pub(super) fn patch(&mut self, fresh: &[(i64, Option<Fresh>)]) -> bool {
        for (id, t) in fresh {
            if let Some(k) = self.place_of(*id) {
                self.bury(k);
            }
            match t {
                Some(t) => self.append(t),
                None => {
                    self.moved.insert(*id, GONE);
                }
            }
        }
        self.dead <= (self.ids.len() / 8).max(64)
    }

    /// The places of the terminals one of whose numbers contains `needle`, in order.
    fn containing(&self, needle: &str) -> Vec<usize> {
        let mut found: Vec<usize> = Vec::new();
        self.each_match(needle, |k, _| {
            if found.last() != Some(&k) {
                found.push(k);
            }
        });
        found
    }

    /// Each match of `needle`: the place of the terminal it is in and where it ends in `text`,
    /// in order.
    fn each_match(&self, needle: &str, mut f: impl FnMut(usize, usize)) {
        let needle = needle.to_ascii_lowercase();
        // A match never spans two numbers: the search holds no separator.
        if needle.is_empty() || needle.bytes().any(|b| b == b'\n' || b == 0) {
            return;
        }
        let mut from = 0;
        for at in memchr::memmem::find_iter(&self.text, needle.as_bytes()) {
            // Matches come in order: the terminal one is in is at or after the last one's.
            let k = from + self.starts[from..].partition_point(|start| *start <= at).saturating_sub(1);
            f(k, at + needle.len());
            from = k;
        }
    }

    /// How a match ending at `end` in the numbers of the terminal at place `k` ranks: the end of
    /// its SN, of its ICCID, or anywhere else.
    fn rank(&self, k: usize, end: usize) -> u8 {
        if self.text.get(end) != Some(&b'\n') {
            return ELSEWHERE;
        }
        let start = self.starts.get(k).copied().unwrap_or(0);
        // Which number the match ends: the separators before it (the numbers hold none).
        let slot = self.text.get(start..end).map_or(usize::MAX, |t| memchr::memchr_iter(b'\n', t).count());
        match slot {
            0 => SN_TAIL,
            ICCID_SLOT => ICCID_TAIL,
            _ => ELSEWHERE,
        }
    }

    /// The ids of the terminals one of whose numbers contains `needle` (any order).
    pub(super) fn ids_containing(&self, needle: &str) -> Vec<i64> {
        self.containing(needle).into_iter().filter_map(|k| self.ids.get(k).copied()).collect()
    }

    /// Every terminal the search finds: a number containing it, or a brand, model, provider
    /// containing it, or one of `stores` (the stores whose name contains it). Those whose SN ends
    /// with it first, then those whose ICCID does, then the others, each part in SN order (from
    /// the highest if `descending`).
    pub(super) fn found_in_sn_order(&self, search: &str, stores: &[i64], descending: bool) -> Vec<i64> {
        let low = search.to_ascii_lowercase();
        let mut hit = vec![MISSED; self.ids.len()];
        self.each_match(search, |k, end| {
            let r = self.rank(k, end);
            if let Some(h) = hit.get_mut(k) {
                *h = (*h).min(r);
            }
        });
        let named: [Vec<bool>; 3] = self.names.each_ref().map(|vs| vs.iter().map(|v| v.contains(&low)).collect());
        let any_name = named.iter().any(|n| n.contains(&true)) || !stores.is_empty();
        if any_name {
            for (k, (c, store)) in self.codes.iter().zip(&self.stores).enumerate() {
                if (0..3).any(|j| named[j].get(c[j] as usize).copied().unwrap_or(false))
                    || (*store != 0 && stores.contains(store))
                {
                    hit[k] = hit[k].min(ELSEWHERE);
                }
            }
        }
        let mut parts: [Vec<i64>; 3] = Default::default();
        let mut put = |k: &u32| {
            let k = *k as usize;
            if let (Some(part), Some(id)) = (parts.get_mut(usize::from(hit[k])), self.ids.get(k)) {
                part.push(*id);
            }
        };
        if descending {
            self.by_sn.iter().rev().for_each(&mut put);
        } else {
            self.by_sn.iter().for_each(&mut put);
        }
        parts.concat()
    }
}

/// Every store's name, ASCII letters lowercased (what `LIKE` ignores), in one text with a NUL
/// after each: one substring search over all of them finds the stores a search names.
#[derive(Debug, Default)]
pub(super) struct StoreNames {
    text: String,
    /// Each name's store id and where it starts in `text`, in order.
    starts: Vec<(usize, i64)>,
}

impl StoreNames {
    pub(super) fn push(&mut self, id: i64, name: &str) {
        self.starts.push((self.text.len(), id));
        self.text.push_str(&name.to_ascii_lowercase());
        self.text.push('\0');
    }

    /// The ids of the stores whose name contains `search` as `name LIKE '%search%'` (wildcards
    /// escaped) says: ASCII letters in either case, everything else exactly.
    pub(super) fn containing(&self, search: &str) -> Vec<i64> {
        let needle = search.to_ascii_lowercase();
        // (`contains` has a vectorised path that `match_indices` lacks: most searches name no store.)
        if needle.contains('\0') || !self.text.contains(&needle) {
            return Vec::new();
        }
        let mut ids: Vec<i64> = Vec::new();
        let mut last = None;
        for (at, _) in self.text.match_indices(&needle) {
            // The name the match is in: the last one starting at or before it (a match never
            // spans a NUL, which no search holds).
            let k = self.starts.partition_point(|(start, _)| *start <= at).saturating_sub(1);
            if last != Some(k) {
                if let Some((_, id)) = self.starts.get(k) {
                    ids.push(*id);
                }
                last = Some(k);
            }
        }
        ids
    }
}

/// The distinct brands, models and providers, each with its text lowercased (ASCII letters).
#[derive(Debug, Default)]
pub(super) struct Values {
    brands: Vec<(String, String)>,
    models: Vec<(String, String)>,
    providers: Vec<(String, String)>,
}

/// The brands, models and providers containing a search.
#[derive(Debug, Default)]
pub(super) struct ValueHits {
    pub(super) brands: Vec<String>,
    pub(super) models: Vec<String>,
    pub(super) providers: Vec<String>,
}

impl Values {
    pub(super) fn containing(&self, search: &str) -> ValueHits {
        let needle = search.to_ascii_lowercase();
        let pick = |vs: &[(String, String)]| -> Vec<String> {
            vs.iter().filter(|(low, _)| low.contains(&needle)).map(|(_, v)| v.clone()).collect()
        };
        ValueHits { brands: pick(&self.brands), models: pick(&self.models), providers: pick(&self.providers) }
    }

    /// Adds the brands, models and providers of terminals read again after a write, if new (one
    /// no terminal names any more stays: it finds nothing).
    pub(super) fn patch(&mut self, fresh: &[(i64, Option<Fresh>)]) {
        for t in fresh.iter().filter_map(|(_, t)| t.as_ref()) {
            for (vs, name) in [&mut self.brands, &mut self.models, &mut self.providers].into_iter().zip(&t.names) {
                if let Some(v) = name {
                    let entry = (v.to_ascii_lowercase(), v.clone());
                    if let Err(at) = vs.binary_search(&entry) {
                        vs.insert(at, entry);
                    }
                }
            }
        }
    }
}

/// Each SIM card's ICCID and phone number, ASCII letters lowercased, by the terminal it sits in.
#[derive(Default)]
struct SimNumbers {
    text: Vec<u8>,
    /// Terminal id → where its card's ICCID starts in `text`, the ICCID's length, the phone's.
    at: HashMap<i64, (usize, usize, usize)>,
}

impl SimNumbers {
    /// Appends the ICCID and the phone of the card in terminal `id` (empty if none), each followed
    /// by `\n`.
    fn put(&self, id: i64, out: &mut Vec<u8>) {
        if let Some((from, iccid, phone)) = self.at.get(&id) {
            out.extend_from_slice(self.text.get(*from..from + iccid).unwrap_or_default());
            out.push(b'\n');
            out.extend_from_slice(self.text.get(from + iccid..from + iccid + phone).unwrap_or_default());
            out.push(b'\n');
        } else {
            out.extend_from_slice(b"\n\n");
        }
    }
}

fn lowered(r: &rusqlite::Row<'_>, i: usize, out: &mut Vec<u8>) -> rusqlite::Result<usize> {
    Ok(match r.get_ref(i)? {
        ValueRef::Text(s) => {
            out.extend(s.iter().map(u8::to_ascii_lowercase));
            s.len()
        }
        _ => 0,
    })
}

/// What a search keeps between writes: the stores' names, the distinct names, the numbers (each
/// read when first needed).
pub(super) type Kept = (Option<StoreNames>, Option<Values>, Option<Numbers>);

impl Store {
    /// What was kept at find mark `kept`, brought to `now`: as it is if the mark has not moved;
    /// patched with the terminals the log names if it holds the way from one to the other (the
    /// stores' names read again if a store changed); else nothing (read afresh when needed).
    pub(super) fn carry_found(&self, kept: find_mark::Marks, now: find_mark::Marks, old: Kept) -> Result<Kept> {
        if kept.mark == now.mark {
            return Ok(old);
        }
        let Some(changes) = find_mark::since(&self.conn, kept, now)? else { return Ok((None, None, None)) };
        let (stores, mut values, mut numbers) = old;
        if values.is_some() || numbers.is_some() {
            let fresh = self.fresh_terminals(&changes.terminals)?;
            if let Some(v) = values.as_mut() {
                v.patch(&fresh);
            }
            if numbers.as_mut().is_some_and(|n| !n.patch(&fresh)) {
                numbers = None;
            }
        }
        Ok((if changes.stores { None } else { stores }, values, numbers))
    }

    /// The terminals `ids` as a search keeps them (`None`: no longer there).
    fn fresh_terminals(&self, ids: &[i64]) -> Result<Vec<(i64, Option<Fresh>)>> {
        let mut st = self.conn.prepare_cached(
            "SELECT t.brand, t.model, t.provider, t.store_id, t.sn, t.merchant_no, t.terminal_no, s.iccid, s.msisdn
             FROM terminals t LEFT JOIN sims s ON s.terminal_id = t.id WHERE t.id = ?1",
        )?;
        let mut out = Vec::with_capacity(ids.len());
        for id in ids {
            let mut rows = st.query([id])?;
            let fresh = match rows.next()? {
                Some(r) => {
                    let mut names: [Option<String>; 3] = Default::default();
                    for (j, name) in names.iter_mut().enumerate() {
                        if let ValueRef::Text(v) = r.get_ref(j)? {
                            *name = Some(String::from_utf8_lossy(v).into_owned());
                        }
                    }
                    let mut numbers = Vec::new();
                    for i in 4..9 {
                        lowered(r, i, &mut numbers)?;
                        numbers.push(b'\n');
                    }
                    Some(Fresh { id: *id, names, store: r.get::<_, Option<i64>>(3)?.unwrap_or(0), numbers })
                }
                None => None,
            };
            out.push((*id, fresh));
        }
        Ok(out)
    }

    /// Every terminal's numbers, names and store, and the distinct brands, models and providers.
    /// Three straight reads, no lookup per row (this runs again after every write, before the
    /// first search, at 100k terminals): the SIM cards through their table into a map by
    /// terminal, the terminals through theirs in id order, and the SN order from the SN's index
    /// (SQLite's NOCASE order, exactly).
    pub(super) fn load_numbers(&self) -> Result<(Numbers, Values)> {
        // One snapshot for the three reads: a write between them would leave the SN order out of
        // step with the numbers, and patches insert into that order by halving.
        let _snapshot = if self.conn.is_autocommit() { Some(self.conn.unchecked_transaction()?) } else { None };
        let mut sims = SimNumbers::default();
        let mut st =
            self.conn.prepare_cached("SELECT terminal_id, iccid, msisdn FROM sims WHERE terminal_id IS NOT NULL")?;
        let mut rows = st.query([])?;
        while let Some(r) = rows.next()? {
            let from = sims.text.len();
            let iccid = lowered(r, 1, &mut sims.text)?;
            let phone = lowered(r, 2, &mut sims.text)?;
            sims.at.insert(r.get(0)?, (from, iccid, phone));
        }
        let mut st = self.conn.prepare_cached(
            "SELECT id, brand, model, provider, store_id, sn, merchant_no, terminal_no FROM terminals ORDER BY id",
        )?;
        let mut rows = st.query([])?;
        let mut n = Numbers::default();
        // Each distinct name as stored → its code (its place in `n.names[j]`).
        let mut interned: [HashMap<Vec<u8>, u32>; 3] = Default::default();
        while let Some(r) = rows.next()? {
            let id: i64 = r.get(0)?;
            n.starts.push(n.text.len());
            n.ids.push(id);
            let mut codes = [NONE; 3];
            for j in 0..3 {
                if let ValueRef::Text(v) = r.get_ref(1 + j)? {
                    codes[j] = match interned[j].get(v) {
                        Some(c) => *c,
                        None => {
                            let c = u32::try_from(n.names[j].len()).unwrap_or(NONE);
                            n.names[j].push(String::from_utf8_lossy(v).to_ascii_lowercase());
                            interned[j].insert(v.to_vec(), c);
                            c
                        }
                    };
                }
            }
            n.codes.push(codes);
            n.stores.push(r.get::<_, Option<i64>>(4)?.unwrap_or(0));
            // Every number's place is kept, empty or not: the ICCID is known by its place.
            for i in 5..8 {
                lowered(r, i, &mut n.text)?;
                n.text.push(b'\n');
            }
            sims.put(id, &mut n.text);
            n.text.push(0);
        }
        // Ids were read in ascending order: a terminal's place is found by halving.
        n.base = n.ids.len();
        let mut st = self.conn.prepare_cached("SELECT id FROM terminals ORDER BY sn")?;
        let mut rows = st.query([])?;
        n.by_sn = Vec::with_capacity(n.ids.len());
        while let Some(r) = rows.next()? {
            let id: i64 = r.get(0)?;
            if let Ok(k) = n.ids.binary_search(&id) {
                n.by_sn.push(u32::try_from(k).unwrap_or(u32::MAX));
            }
        }
        let values = |j: usize| -> Vec<(String, String)> {
            let mut vs: Vec<(String, String)> = interned[j]
                .keys()
                .map(|v| {
                    let v = String::from_utf8_lossy(v).into_owned();
                    (v.to_ascii_lowercase(), v)
                })
                .collect();
            vs.sort_unstable();
            vs
        };
        let values = Values { brands: values(0), models: values(1), providers: values(2) };
        Ok((n, values))
    }

    /// The distinct brands, models and providers, each read from its column's index (when a
    /// search is too short to need every terminal's numbers).
    pub(super) fn load_values(&self) -> Result<Values> {
        let distinct = |col: &str| -> Result<Vec<(String, String)>> {
            let sql = format!("SELECT DISTINCT {col} FROM terminals WHERE {col} IS NOT NULL");
            let mut st = self.conn.prepare(&sql)?;
            let vs = st.query_map([], |r| r.get::<_, String>(0))?.collect::<rusqlite::Result<Vec<_>>>()?;
            // Sorted as `load_numbers` sorts them: a patch inserts by halving.
            let mut vs: Vec<(String, String)> = vs.into_iter().map(|v| (v.to_ascii_lowercase(), v)).collect();
            vs.sort_unstable();
            Ok(vs)
        };
        Ok(Values { brands: distinct("brand")?, models: distinct("model")?, providers: distinct("provider")? })
    }
}
