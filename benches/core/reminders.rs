//! The reminder list, the app's agenda and the notifier's decision at 100k + 100k, each beside
//! the bare statement that lists the same items.

use crate::measure::{ms, time, time_after_write, Table};
use chrono::NaiveDate;
use poskeeper::reminders::Reminder;
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
    let term = "t.sn, t.brand, t.model, t.store_name";
    // ?1 today; ?2..?6 the last due date listed with the default lead of each kind.
    let listed_sql = format!(
        "SELECT 'sim_expiry:' || m.iccid AS key, m.expires_on AS due, 'sim_expiry' AS kind, {term}, NULL
             FROM sims m LEFT JOIN terminals t ON t.id = m.terminal_id
             WHERE m.status = 'active' AND m.expires_on <= ?2 AND m.lead_days IS NULL
           UNION ALL
           SELECT 'sim_expiry:' || m.iccid, m.expires_on, 'sim_expiry', {term}, NULL
             FROM sims m LEFT JOIN terminals t ON t.id = m.terminal_id
             WHERE m.lead_days IS NOT NULL AND m.status = 'active'
               AND julianday(m.expires_on) - julianday(?1) <= m.lead_days
           UNION ALL
           SELECT 'warranty_expiry:' || t.sn, t.warranty_until, 'warranty_expiry', {term}, NULL
             FROM terminals t
             WHERE t.warranty_until BETWEEN date(?1, '-30 days') AND ?3 AND t.warranty_lead_days IS NULL
               AND t.status NOT IN ('replaced','deregistered','lost')
           UNION ALL
           SELECT 'warranty_expiry:' || t.sn, t.warranty_until, 'warranty_expiry', {term}, NULL
             FROM terminals t
             WHERE t.warranty_lead_days IS NOT NULL AND t.warranty_until >= date(?1, '-30 days')
               AND julianday(t.warranty_until) - julianday(?1) <= t.warranty_lead_days
               AND t.status NOT IN ('replaced','deregistered','lost')
           UNION ALL
           SELECT 'deposit_deadline:' || d.id, d.deadline, 'deposit_deadline', {term}, d.amount
             FROM deposits d CROSS JOIN terminals t ON t.id = d.terminal_id
             WHERE d.status = 'held' AND d.deadline <= ?4 AND d.lead_days IS NULL
           UNION ALL
           SELECT 'deposit_deadline:' || d.id, d.deadline, 'deposit_deadline', {term}, d.amount
             FROM deposits d CROSS JOIN terminals t ON t.id = d.terminal_id
             WHERE d.lead_days IS NOT NULL AND d.status = 'held'
               AND julianday(d.deadline) - julianday(?1) <= d.lead_days
           UNION ALL
           SELECT 'maintenance_due:' || p.id, p.next_due_on, 'maintenance_due', {term}, p.task
             FROM maintenance_plans p CROSS JOIN terminals t ON t.id = p.terminal_id
             WHERE t.status IN ('in_use','spare') AND (
               (p.lead_days IS NULL AND p.next_due_on <= ?5)
               OR (p.lead_days IS NOT NULL AND julianday(p.next_due_on) - julianday(?1) <= p.lead_days))
           UNION ALL
           SELECT 'repair_overdue:' || r.id, coalesce(r.expected_back_on, date(r.opened_on, '+7 days')) AS due,
                  'repair_overdue', {term}, r.fault || coalesce(r.ticket_no, '')
             FROM repairs r CROSS JOIN terminals t ON t.id = r.terminal_id
             WHERE r.status NOT IN ('closed','replaced') AND (
               (r.lead_days IS NULL AND coalesce(r.expected_back_on, date(r.opened_on, '+7 days')) <= ?6)
               OR (r.lead_days IS NOT NULL AND julianday(coalesce(r.expected_back_on, date(r.opened_on, '+7 days')))
                   - julianday(?1) <= r.lead_days))"
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
    let rules = time(10, |_| {
        poskeeper::reminders::compute(&facts, &s, today, s.language);
    });
    println!("  (of which: reading the facts p95 {:.3} ms, the rules p95 {:.3} ms)", ms(load), ms(rules));

    // What the app asks: the agenda (counts per urgency and the first page, as the shell's
    // `reminders` command pages the store's list) and the notifier's decision. The store keeps the
    // list until a write: timed after a write (computed again) and unchanged (kept).
    let lang = s.language;
    let agenda = |store: &Store| {
        let all = store.listed_reminders(today, lang).unwrap();
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
        (counts, page)
    };
    let floor_agenda = || {
        let counts: (i64, i64, i64, i64) = conn
            .prepare_cached(&counts_sql)
            .unwrap()
            .query_row(rusqlite::params![args.0, args.1, args.2, args.3, args.4, args.5], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
            })
            .unwrap();
        (counts, run(&page_sql))
    };
    let (counts, page) = agenda(store);
    let (floor_counts, floor_page) = floor_agenda();
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
