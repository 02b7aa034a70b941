//! The reminder list, the app's agenda and the notifier's decision at 100k + 100k, each beside
//! the bare statement that lists the same items.

use crate::measure::{ms, time, time_after, time_after_write, Table};
use chrono::NaiveDate;
use poskeeper::reminders::{queue, Reminder};
use poskeeper::Store;
use rusqlite::Connection;

/// The reminders listed as of `today`, beside the bare statement that lists the same items in the
/// same order (SPEC §3: due date, kind, key) with what their titles are made of.
pub(crate) fn reminders(store: &Store, conn: &Connection, today: NaiveDate, table: &mut Table) {
    let s = store.settings().unwrap();
    // Nothing is acknowledged or snoozed in the demo: the floor need not look (checked below).
    let state: i64 = conn
        .query_row("SELECT (SELECT count(*) FROM reminder_acks) + (SELECT count(*) FROM reminder_snoozes)", [], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(state, 0, "the reminder floor assumes nothing is acknowledged or snoozed");
    // The store keeps the due date of every item of another table than terminals, with what its
    // title is made of, in one table clustered by (kind, due date): each kind's window is a range
    // of it (SPEC §3).
    let cols = "key, due_on AS due, kind, sn, brand, model, store, provider, amount, task, fault, ticket_no";
    let own = "lead_days IS NOT NULL AND julianday(due_on) - julianday(?1) <= lead_days";
    // Warranties are the terminal's own column (by its index), not copied into due_dates.
    let warranty = "'warranty_expiry:' || t.sn AS key, t.warranty_until AS due, 'warranty_expiry' AS kind, t.sn,
                    t.brand, t.model, t.store_name AS store, t.provider, NULL, NULL, NULL, NULL";
    // ?1 today; ?2..?6 the last due date listed with the default lead of each kind.
    let listed_sql = format!(
        "SELECT {cols} FROM due_dates WHERE kind = 'sim_expiry' AND due_on <= ?2 AND lead_days IS NULL
           UNION ALL
           SELECT {cols} FROM due_dates WHERE kind = 'sim_expiry' AND {own}
           UNION ALL
           SELECT {warranty} FROM terminals t
             WHERE t.warranty_until BETWEEN date(?1, '-30 days') AND ?3 AND t.warranty_lead_days IS NULL
               AND t.status NOT IN ('replaced','deregistered','lost')
           UNION ALL
           SELECT {warranty} FROM terminals t
             WHERE t.warranty_lead_days IS NOT NULL AND t.warranty_until >= date(?1, '-30 days')
               AND julianday(t.warranty_until) - julianday(?1) <= t.warranty_lead_days
               AND t.status NOT IN ('replaced','deregistered','lost')
           UNION ALL
           SELECT {cols} FROM due_dates WHERE kind = 'deposit_deadline' AND due_on <= ?4 AND lead_days IS NULL
           UNION ALL
           SELECT {cols} FROM due_dates WHERE kind = 'deposit_deadline' AND {own}
           UNION ALL
           SELECT {cols} FROM due_dates
             WHERE kind = 'maintenance_due' AND due_on <= ?5 AND lead_days IS NULL AND t_status IN ('in_use','spare')
           UNION ALL
           SELECT {cols} FROM due_dates WHERE kind = 'maintenance_due' AND {own} AND t_status IN ('in_use','spare')
           UNION ALL
           SELECT {cols} FROM due_dates WHERE kind = 'repair_overdue' AND due_on <= ?6 AND lead_days IS NULL
           UNION ALL
           SELECT {cols} FROM due_dates WHERE kind = 'repair_overdue' AND {own}"
    );
    // The whole list; the agenda's counts per urgency and first page; the notifier's decision
    // (what is listed and not yet notified at its urgency: the log is empty here).
    let list_sql = format!("SELECT * FROM ({listed_sql}) ORDER BY due, kind, key");
    let counts_sql = format!(
        "SELECT sum(due < ?1), sum(due = ?1), sum(due > ?1 AND due <= date(?1, '+7 days')), sum(due > date(?1, '+7 days'))
         FROM ({listed_sql})"
    );
    let page_sql = format!("{list_sql} LIMIT 50");
    let decision_sql = format!(
        "SELECT * FROM ({listed_sql}) l WHERE NOT EXISTS (SELECT 1 FROM notification_log n WHERE n.key = l.key
           AND n.due_on = l.due) ORDER BY due, kind, key"
    );
    use poskeeper::domain::ReminderKind as K;
    let cut = |k: K| today + chrono::Duration::days(s.lead(k));
    let args = (
        today,
        cut(K::SimExpiry),
        cut(K::WarrantyExpiry),
        cut(K::DepositDeadline),
        cut(K::MaintenanceDue),
        cut(K::RepairOverdue),
    );
    let run = |sql: &str| -> Vec<String> {
        let mut st = conn.prepare_cached(sql).unwrap();
        let n = st.column_count();
        st.query_map(rusqlite::params![args.0, args.1, args.2, args.3, args.4, args.5], |r| {
            for i in 1..n {
                r.get_ref(i)?;
            }
            Ok(format!("{:?}", r.get_ref(0)?))
        })
        .unwrap()
        .map(Result::unwrap)
        .collect()
    };
    let floor_list = || run(&list_sql);
    let listed = store.reminders(today).unwrap();
    let keys: Vec<String> =
        listed.iter().map(|r| format!("{:?}", rusqlite::types::ValueRef::Text(r.key.as_bytes()))).collect();
    assert_eq!(keys, floor_list(), "the reminder floor lists other items than the core");
    assert_eq!(keys, run(&decision_sql), "the decision floor lists other items than the core");
    table.header(&format!("reminders at 100k terminals + 100k SIM cards ({} listed; budget 50 ms)", listed.len()));
    let core = time(20, |_| {
        store.reminders(today).unwrap();
    });
    let floor = time(20, |_| {
        floor_list();
    });
    table.row(&format!("reminders as of {today}, the whole list"), core, floor, 50.0);
    let load = time(10, |_| {
        store.reminder_facts(today).unwrap();
    });
    let facts = store.reminder_facts(today).unwrap();
    // The engine consumes its facts: each run gets a copy made before the clock starts.
    let mut copies: Vec<_> = (0..12).map(|_| facts.clone()).collect();
    let rules = time(10, |_| {
        poskeeper::reminders::list(copies.pop().unwrap_or_default(), &s, today, s.language);
    });
    println!("  (of which: reading the facts p95 {:.3} ms, the rules p95 {:.3} ms)", ms(load), ms(rules));

    // What the app asks: the agenda (counts per urgency, the first page, and the counts of every
    // filter choice — kind, store, provider — as the shell's `agenda` command answers over the
    // store's list) and the notifier's decision. The store keeps the list until a write: timed
    // after a write (computed again) and unchanged (kept).
    let lang = s.language;
    let agenda = |store: &Store| {
        let all = store.listed_reminders(today, lang).unwrap();
        let facets = queue::facets(&all, &queue::AgendaFilter::default());
        let mut counts = [0u32; 4];
        for r in all.iter() {
            use poskeeper::domain::Urgency as U;
            counts[match r.urgency {
                U::Overdue => 0,
                U::Today => 1,
                U::Soon => 2,
                U::Upcoming => 3,
            }] += 1;
        }
        let page: Vec<Reminder> = all.iter().take(50).cloned().collect();
        let kinds: Vec<(String, i64)> =
            facets.kinds.iter().filter(|k| k.1 > 0).map(|(k, n)| (k.code().to_string(), i64::from(*n))).collect();
        let named = |v: &[(String, u32)], n: u32| (v.iter().map(|(k, c)| (k.clone(), i64::from(*c))).collect(), n);
        let stores: (Vec<(String, i64)>, u32) = named(&facets.stores, facets.store_count);
        let providers: (Vec<(String, i64)>, u32) = named(&facets.providers, facets.provider_count);
        (counts, page, (kinds, stores, providers))
    };
    // The counts of each choice: GROUP BY over the same items (the largest 60 stores/providers).
    let group = |by: &str| -> (Vec<(String, i64)>, u32) {
        let sql = format!("SELECT coalesce({by}, ''), count(*) AS n FROM ({listed_sql}) GROUP BY 1 ORDER BY n DESC, 1");
        let mut st = conn.prepare_cached(&sql).unwrap();
        let all: Vec<(String, i64)> = st
            .query_map(rusqlite::params![args.0, args.1, args.2, args.3, args.4, args.5], |r| {
                Ok((r.get(0)?, r.get(1)?))
            })
            .unwrap()
            .map(Result::unwrap)
            .collect();
        let n = u32::try_from(all.len()).unwrap();
        (all.into_iter().take(queue::FACET_VALUES).collect(), n)
    };
    let floor_agenda = || {
        let counts: (i64, i64, i64, i64) = conn
            .prepare_cached(&counts_sql)
            .unwrap()
            .query_row(rusqlite::params![args.0, args.1, args.2, args.3, args.4, args.5], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
            })
            .unwrap();
        let kinds = group("kind").0.into_iter().collect::<std::collections::BTreeMap<_, _>>().into_iter().collect();
        (counts, run(&page_sql), (kinds, group("store"), group("provider")))
    };
    let (counts, page, facets) = agenda(store);
    let (floor_counts, floor_page, floor_facets) = floor_agenda();
    assert_eq!(facets, floor_facets, "the agenda floor counts the filter choices otherwise");
    assert_eq!(
        [counts[0], counts[1], counts[2], counts[3]].map(i64::from),
        [floor_counts.0, floor_counts.1, floor_counts.2, floor_counts.3],
        "the agenda floor counts otherwise"
    );
    assert_eq!(
        page.iter().map(|r| format!("{:?}", rusqlite::types::ValueRef::Text(r.key.as_bytes()))).collect::<Vec<_>>(),
        floor_page
    );
    let decide = |store: &Store| {
        let listed = store.listed_reminders(today, lang).unwrap();
        let keys: Vec<&str> = listed.iter().map(|r| r.key.as_str()).collect();
        let log = store.notification_log(&keys).unwrap();
        let now = today.and_hms_opt(10, 0, 0).unwrap();
        poskeeper::reminders::notify::decide(&listed, &log, now, s.quiet_hours, lang)
    };
    let agenda_cold = time_after_write(store, || {
        agenda(store);
    });
    let floor = time(20, |_| {
        floor_agenda();
    });
    table.row("agenda: counts + first page, after a write", agenda_cold, floor, 50.0);
    let agenda_kept = time(20, |_| {
        agenda(store);
    });
    table.row("agenda: counts + first page, nothing written", agenda_kept, floor, 50.0);
    // After an acknowledgement (added, then taken back: the state mark moves) the kept items get
    // the state applied again; after a SIM card's expiry moved (a day on, then back) everything
    // is read and computed again. Both leave the file as it was.
    let first = store.listed_reminders(today, lang).unwrap().first().map(|r| (r.key.clone(), r.due_on)).unwrap();
    let acked = time_after(
        store,
        |i| match i % 2 {
            0 => format!(
                "INSERT INTO reminder_acks(key, due_on, urgency, acked_on) VALUES ('{}', '{}', 'overdue', '{today}')",
                first.0, first.1
            ),
            _ => "DELETE FROM reminder_acks".to_string(),
        },
        || {
            agenda(store);
        },
    );
    table.row("agenda: counts + first page, after an acknowledgement", acked, floor, 50.0);
    let moved = time_after(
        store,
        |i| {
            let by = if i % 2 == 0 { "+1 day" } else { "-1 day" };
            format!("UPDATE sims SET expires_on = date(expires_on, '{by}') WHERE id = (SELECT min(id) FROM sims WHERE status = 'active' AND expires_on IS NOT NULL)")
        },
        || {
            agenda(store);
        },
    );
    table.row("agenda: counts + first page, after a SIM card's expiry changed", moved, floor, 50.0);
    let decision_cold = time_after_write(store, || {
        decide(store);
    });
    let floor = time(20, |_| {
        run(&decision_sql);
    });
    table.row("notifier's decision, after a write", decision_cold, floor, 50.0);
    let decision_kept = time(20, |_| {
        decide(store);
    });
    table.row("notifier's decision, nothing written", decision_kept, floor, 50.0);
}
