//! The agenda's filters, search, counts and snoozed view over the engine's list.

use super::super::queue::{facets, filter, snoozed, AgendaFilter};
use super::*;

fn at_store(iccid: &str, expires: &str, sn: &str, store: Option<&str>) -> SimFact {
    let mut s = sim(iccid, expires, SimStatus::Active);
    if let Some(t) = s.terminal.as_mut() {
        t.sn = sn.into();
        t.store = store.map(Into::into);
    }
    s
}

fn sample() -> (Facts, ()) {
    let mut f = Facts {
        sims: vec![
            at_store("89860000000000000011", "2026-12-01", "PAX-0001", Some("朝阳路店")),
            at_store("89860000000000000022", "2026-12-02", "PAX-0002", Some("朝阳路店")),
            at_store("89860000000000000033", "2026-12-20", "NEW-0003", Some("望京店")),
            at_store("89860000000000000044", "2026-12-03", "NEW-0004", None),
        ],
        ..Facts::default()
    };
    f.deposits = deposit("2026-12-01", DepositStatus::Held).deposits;
    // The terminal PAX-0001 is with 银联商务, the deposit's with 拉卡拉 (the others with none).
    if let Some(t) = f.sims.first_mut().and_then(|s| s.terminal.as_mut()) {
        t.provider = Some("银联商务".into());
    }
    if let Some(d) = f.deposits.first_mut() {
        d.terminal.provider = Some("拉卡拉".into());
    }
    (f, ())
}

fn keys(v: &[&Reminder]) -> Vec<String> {
    v.iter().map(|r| r.key.clone()).collect()
}

#[test]
fn filters_combine_and_search_finds_tails_stores_and_providers() {
    let (f, ()) = sample();
    let list = compute(&f, &settings(), d("2026-12-07"), Lang::ZhCn);
    assert_eq!(list.len(), 5);
    let sims_overdue_chaoyang = AgendaFilter {
        kinds: vec![ReminderKind::SimExpiry],
        urgencies: vec![Urgency::Overdue],
        stores: vec!["朝阳路店".into()],
        ..AgendaFilter::default()
    };
    assert_eq!(
        keys(&filter(&list, &sims_overdue_chaoyang)),
        ["sim_expiry:89860000000000000011", "sim_expiry:89860000000000000022"]
    );
    // "" is the terminals without a store.
    let no_store = AgendaFilter { stores: vec![String::new()], ..AgendaFilter::default() };
    assert_eq!(keys(&filter(&list, &no_store)), ["sim_expiry:89860000000000000044"]);
    // An ICCID tail as the agenda prints it, an SN tail in any case, a provider, two words at once.
    let search = |q: &str| keys(&filter(&list, &AgendaFilter { search: q.into(), ..AgendaFilter::default() }));
    assert_eq!(search("000033"), ["sim_expiry:89860000000000000033"]);
    assert_eq!(search("pax-0002"), ["sim_expiry:89860000000000000022"]);
    assert_eq!(search("银联"), ["sim_expiry:89860000000000000011"]);
    assert_eq!(search("拉卡拉"), ["deposit_deadline:7"]);
    assert_eq!(search("朝阳 0002"), ["sim_expiry:89860000000000000022"]);
    assert_eq!(search("a920").len(), 5);
    assert!(search("nothing-like-it").is_empty());
    let by_provider = AgendaFilter { providers: vec!["银联商务".into()], ..AgendaFilter::default() };
    assert_eq!(keys(&filter(&list, &by_provider)), ["sim_expiry:89860000000000000011"]);
}

#[test]
fn each_count_is_what_choosing_it_would_show() {
    let (f, ()) = sample();
    let list = compute(&f, &settings(), d("2026-12-07"), Lang::ZhCn);
    let fl = AgendaFilter {
        kinds: vec![ReminderKind::SimExpiry],
        stores: vec!["朝阳路店".into(), "不存在的店".into()],
        ..AgendaFilter::default()
    };
    let c = facets(&list, &fl);
    // Kinds are counted under the store filter only: both kinds at 朝阳路店 (the deposit's too).
    assert!(c.kinds.contains(&(ReminderKind::SimExpiry, 2)), "{:?}", c.kinds);
    assert!(c.kinds.contains(&(ReminderKind::DepositDeadline, 1)), "{:?}", c.kinds);
    assert!(c.kinds.contains(&(ReminderKind::RepairOverdue, 0)), "{:?}", c.kinds);
    // Stores are counted under the kind filter only, most first; a chosen store with none stays, at 0.
    assert_eq!(c.stores[0], ("朝阳路店".to_string(), 2));
    assert!(c.stores.contains(&("望京店".to_string(), 1)));
    assert!(c.stores.contains(&(String::new(), 1)));
    assert!(c.stores.contains(&("不存在的店".to_string(), 0)));
    assert_eq!(c.store_count, 3);
    assert!(c.urgencies.contains(&(Urgency::Overdue, 2)), "{:?}", c.urgencies);
    // Every count adds up to what the filter shows.
    let shown = filter(&list, &fl).len() as u32;
    assert_eq!(c.pending, shown);
    assert_eq!(c.urgencies.iter().map(|(_, n)| n).sum::<u32>(), shown);
}

#[test]
fn the_snoozed_view_lists_what_a_snooze_hides_now() {
    let (mut f, _) = sample();
    let k1 = "sim_expiry:89860000000000000011".to_string();
    let k3 = "sim_expiry:89860000000000000033".to_string();
    f.snoozes.insert((k1.clone(), d("2026-12-01")), d("2026-12-10"));
    // Snoozed for an older due date: lapsed, listed again.
    f.snoozes.insert((k3.clone(), d("2026-11-20")), d("2026-12-30"));
    // Snoozed until today: listed again.
    f.snoozes.insert(("deposit_deadline:7".into(), d("2026-12-01")), d("2026-12-07"));
    let s = snoozed(&f, &settings(), d("2026-12-07"), Lang::ZhCn);
    assert_eq!(s.iter().map(|r| r.key.as_str()).collect::<Vec<_>>(), [k1.as_str()]);
    assert_eq!(s[0].snoozed_until, Some(d("2026-12-10")));
    assert_eq!(s[0].urgency, Urgency::Overdue);
    let listed = compute(&f, &settings(), d("2026-12-07"), Lang::ZhCn);
    assert!(!listed.iter().any(|r| r.key == k1));
    assert_eq!(listed.len() + s.len(), 5);
    // The day it ends, it is listed again and no longer in the view.
    assert!(snoozed(&f, &settings(), d("2026-12-10"), Lang::ZhCn).is_empty());
}

#[test]
fn pending_leaves_out_what_is_acknowledged_at_its_urgency() {
    let (mut f, ()) = sample();
    f.acks.insert(("sim_expiry:89860000000000000011".into(), d("2026-12-01")), Urgency::Overdue);
    // Acknowledged at an urgency it no longer has: pending again.
    f.acks.insert(("sim_expiry:89860000000000000033".into(), d("2026-12-20")), Urgency::Soon);
    let list = compute(&f, &settings(), d("2026-12-07"), Lang::ZhCn);
    let pending = AgendaFilter { pending: true, ..AgendaFilter::default() };
    let kept = keys(&filter(&list, &pending));
    assert_eq!(kept.len(), 4);
    assert!(!kept.contains(&"sim_expiry:89860000000000000011".to_string()));
    assert_eq!(facets(&list, &AgendaFilter::default()).pending, 4);
    // Counted under the other filters, whether or not it is on.
    let chaoyang = AgendaFilter { stores: vec!["朝阳路店".into()], ..AgendaFilter::default() };
    assert_eq!(facets(&list, &chaoyang).pending, 2);
    assert_eq!(facets(&list, &AgendaFilter { pending: true, ..chaoyang }).pending, 2);
}
