//! The agenda as a work queue: which listed reminders a filter and a search keep, how many there
//! are of each kind, urgency, store and provider (each count under the other filters, so every
//! choice shows what it would leave), and which reminders are snoozed now. Pure, like the engine:
//! the list (or the facts) and a date in.

use super::{due_items, sort, Facts, Reminder};
use crate::domain::{ReminderKind, Settings, Urgency};
use crate::i18n::Lang;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// What the agenda shows. Empty lists mean "any"; `""` in `stores`/`providers` means "none recorded".
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(default)]
pub struct AgendaFilter {
    pub kinds: Vec<ReminderKind>,
    pub urgencies: Vec<Urgency>,
    pub stores: Vec<String>,
    pub providers: Vec<String>,
    /// Words that must each be found in the SN, ICCID, store, brand, model or provider (any case).
    pub search: String,
    /// Only those not acknowledged at their current urgency (what is still to be handled).
    pub pending: bool,
}

/// How many reminders each choice of a filter would show, under the other filters.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Facets {
    pub kinds: Vec<(ReminderKind, u32)>,
    pub urgencies: Vec<(Urgency, u32)>,
    /// The stores with the most reminders first (at most [`FACET_VALUES`], plus any chosen).
    pub stores: Vec<(String, u32)>,
    pub providers: Vec<(String, u32)>,
    /// How many different stores / providers there are (more than listed when cut).
    pub store_count: u32,
    pub provider_count: u32,
    /// How many are not acknowledged, under the other filters.
    pub pending: u32,
}

/// The most values a store or provider facet lists (an agent may have thousands of stores).
pub const FACET_VALUES: usize = 60;

/// A reminder's fields the filter looks at, lower-cased once.
struct Seen<'a> {
    r: &'a Reminder,
    store: &'a str,
    provider: &'a str,
}

impl<'a> Seen<'a> {
    fn of(r: &'a Reminder) -> Self {
        let t = r.terminal.as_ref();
        let store = t.and_then(|t| t.store.as_deref()).unwrap_or("");
        let provider = t.and_then(|t| t.provider.as_deref()).unwrap_or("");
        Seen { r, store, provider }
    }

    fn has_word(&self, word: &str) -> bool {
        let t = self.r.terminal.as_ref();
        let fields = [
            self.r.terminal_sn.as_deref(),
            self.r.iccid.as_deref(),
            Some(self.store),
            t.and_then(|t| t.brand.as_deref()),
            t.and_then(|t| t.model.as_deref()),
            Some(self.provider),
        ];
        fields.into_iter().flatten().any(|f| contains_folded(f, word))
    }
}

/// `word` (already lower-case) in `hay`, ignoring case. Chinese text has no case: compared as is.
fn contains_folded(hay: &str, word: &str) -> bool {
    if word.is_empty() {
        return true;
    }
    if hay.is_ascii() && word.is_ascii() {
        let (h, w) = (hay.as_bytes(), word.as_bytes());
        return h.windows(w.len()).any(|win| win.eq_ignore_ascii_case(w));
    }
    if !hay.chars().any(char::is_uppercase) {
        return hay.contains(word);
    }
    hay.to_lowercase().contains(word)
}

/// Which filter to leave out (to count one facet under the others).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Except {
    None,
    Kind,
    Urgency,
    Store,
    Provider,
    Pending,
}

struct Matcher<'f> {
    f: &'f AgendaFilter,
    words: Vec<String>,
}

impl<'f> Matcher<'f> {
    fn new(f: &'f AgendaFilter) -> Self {
        let words = f.search.split_whitespace().map(str::to_lowercase).collect();
        Matcher { f, words }
    }

    /// Every word of the search is found (the same whichever facet is counted: asked once per item).
    fn found(&self, s: &Seen<'_>) -> bool {
        self.words.iter().all(|w| s.has_word(w))
    }

    /// The choices of every filter but `except` keep it (the search aside: see [`Matcher::found`]).
    fn keeps(&self, s: &Seen<'_>, except: Except) -> bool {
        let f = self.f;
        (except == Except::Kind || f.kinds.is_empty() || f.kinds.contains(&s.r.kind))
            && (except == Except::Urgency || f.urgencies.is_empty() || f.urgencies.contains(&s.r.urgency))
            && (except == Except::Store || f.stores.is_empty() || f.stores.iter().any(|x| x == s.store))
            && (except == Except::Provider || f.providers.is_empty() || f.providers.iter().any(|x| x == s.provider))
            && (except == Except::Pending || !f.pending || !s.r.acknowledged)
    }
}

/// The reminders the filter keeps, in the list's order.
pub fn filter<'a>(list: &'a [Reminder], f: &AgendaFilter) -> Vec<&'a Reminder> {
    let m = Matcher::new(f);
    list.iter()
        .filter(|r| {
            let s = Seen::of(r);
            m.keeps(&s, Except::None) && m.found(&s)
        })
        .collect()
}

/// The counts for every choice of every filter.
pub fn facets(list: &[Reminder], f: &AgendaFilter) -> Facets {
    let m = Matcher::new(f);
    let mut kinds: HashMap<ReminderKind, u32> = HashMap::new();
    let mut urgencies: HashMap<Urgency, u32> = HashMap::new();
    let mut stores: HashMap<&str, u32> = HashMap::new();
    let mut provs: HashMap<&str, u32> = HashMap::new();
    let mut pending = 0;
    for r in list {
        let s = Seen::of(r);
        if !m.found(&s) {
            continue;
        }
        if m.keeps(&s, Except::Kind) {
            *kinds.entry(r.kind).or_default() += 1;
        }
        if m.keeps(&s, Except::Urgency) {
            *urgencies.entry(r.urgency).or_default() += 1;
        }
        if m.keeps(&s, Except::Store) {
            *stores.entry(s.store).or_default() += 1;
        }
        if m.keeps(&s, Except::Provider) {
            *provs.entry(s.provider).or_default() += 1;
        }
        if !r.acknowledged && m.keeps(&s, Except::Pending) {
            pending += 1;
        }
    }
    let in_order = |all: &[ReminderKind]| all.iter().map(|k| (*k, kinds.get(k).copied().unwrap_or(0))).collect();
    let (store_count, stores) = top(stores, &f.stores);
    let (provider_count, providers) = top(provs, &f.providers);
    Facets {
        kinds: in_order(ReminderKind::ALL),
        urgencies: Urgency::ALL.iter().map(|u| (*u, urgencies.get(u).copied().unwrap_or(0))).collect(),
        stores,
        providers,
        store_count,
        provider_count,
        pending,
    }
}

/// The values with the most reminders (ties by name), at most [`FACET_VALUES`], and the chosen
/// ones always (with 0 when none is left).
fn top(counts: HashMap<&str, u32>, chosen: &[String]) -> (u32, Vec<(String, u32)>) {
    let distinct = u32::try_from(counts.len()).unwrap_or(u32::MAX);
    let mut all: Vec<(&str, u32)> = counts.iter().map(|(k, v)| (*k, *v)).collect();
    all.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(b.0)));
    let mut out: Vec<(String, u32)> = all.iter().take(FACET_VALUES).map(|(k, v)| (k.to_string(), *v)).collect();
    for c in chosen {
        if !out.iter().any(|(k, _)| k == c) {
            out.push((c.clone(), counts.get(c.as_str()).copied().unwrap_or(0)));
        }
    }
    (distinct, out)
}

/// The reminders inside their window as of `today` that a snooze hides now, each with its snooze
/// date, in SPEC §3 order: what the agenda's "snoozed" view lists.
pub fn snoozed(facts: &Facts, settings: &Settings, today: NaiveDate, lang: Lang) -> Vec<Reminder> {
    if facts.snoozes.is_empty() {
        return Vec::new();
    }
    let mut out: Vec<Reminder> = due_items(facts, settings)
        .into_iter()
        .filter(|d| d.in_window(today))
        .filter_map(|d| {
            let state = (d.key.clone(), d.due_on);
            let until = facts.snoozes.get(&state).copied().filter(|u| today < *u)?;
            let days_left = (d.due_on - today).num_days();
            let urgency = Urgency::from_days_left(days_left);
            Some(Reminder {
                acknowledged: facts.acks.get(&state) == Some(&urgency),
                title: d.title(lang),
                terminal_sn: d.terminal.as_ref().map(|t| t.sn.clone()),
                key: d.key,
                kind: d.kind,
                due_on: d.due_on,
                days_left,
                urgency,
                iccid: d.iccid,
                snoozed_until: Some(until),
                lead_days: d.lead_days,
                terminal: d.terminal,
            })
        })
        .collect();
    sort(&mut out);
    out
}
