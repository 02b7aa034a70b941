//! The outlook (费用与到期) at 100k terminals + 100k SIM cards, beside its floor: the same grouped
//! statements run bare, their rows read and dropped (what the core adds is putting them in
//! months).

use crate::measure::{time, Table};
use chrono::{Datelike, NaiveDate};
use poskeeper::Store;
use rusqlite::Connection;

pub(crate) fn outlook(store: &Store, conn: &Connection, today: NaiveDate, table: &mut Table) {
    let from = today.with_day(1).unwrap();
    let until = from.checked_add_months(chrono::Months::new(12)).unwrap();
    // Month by month over the indexes, as the core reads them; then the groups by outcome,
    // status and provider.
    let per_month = [
        "SELECT count(*), coalesce(sum(annual_fee), 0), coalesce(sum(annual_fee IS NULL), 0)
         FROM sims WHERE status = 'active' AND expires_on >= ?1 AND expires_on < ?2",
        "SELECT count(*) FROM terminals
         WHERE warranty_until >= ?1 AND warranty_until < ?2 AND +status IN ('in_use', 'spare', 'in_repair')",
        "SELECT count(*), coalesce(sum(amount), 0) FROM due_dates WHERE kind = 'deposit_deadline' AND due_on >= ?1 AND due_on < ?2",
        "SELECT count(*) FROM due_dates WHERE kind = 'maintenance_due' AND due_on >= ?1 AND due_on < ?2 AND t_status IN ('in_use', 'spare')",
        "SELECT count(*) FROM due_dates WHERE kind = 'repair_overdue' AND due_on >= ?1 AND due_on < ?2",
    ];
    let once = [
        "SELECT count(*), coalesce(sum(annual_fee), 0) FROM sims
         WHERE status = 'active' AND expires_on IS NOT NULL AND expires_on < ?1 AND ?2 IS NOT NULL",
        "SELECT status, count(*), coalesce(sum(amount), 0), sum(deadline < ?1), coalesce(sum(CASE WHEN deadline < ?1 THEN amount END), 0)
         FROM deposits WHERE ?2 IS NOT NULL GROUP BY status",
        // The terminals' tally (kept by triggers) holds the statuses' and providers' counts.
        "SELECT status, sum(n) FROM terminal_tally WHERE ?1 IS NOT NULL AND ?2 IS NOT NULL GROUP BY status",
        "SELECT provider, sum(n) AS c FROM terminal_tally WHERE ?1 IS NOT NULL AND ?2 IS NOT NULL GROUP BY provider ORDER BY c DESC, provider",
    ];
    let read = |sql: &str, a: NaiveDate, b: NaiveDate| {
        let mut st = conn.prepare_cached(sql).unwrap();
        let n = st.column_count();
        let mut q = st.query(rusqlite::params![a, b]).unwrap();
        let mut rows = 0;
        while let Some(r) = q.next().unwrap() {
            for i in 0..n {
                r.get_ref(i).unwrap();
            }
            rows += 1;
        }
        rows
    };
    let bare = || {
        let mut rows = 0;
        for m in 0..12u32 {
            let a = from.checked_add_months(chrono::Months::new(m)).unwrap();
            let b = from.checked_add_months(chrono::Months::new(m + 1)).unwrap();
            for sql in per_month {
                rows += read(sql, a, b);
            }
        }
        for sql in once {
            rows += read(sql, from, until);
        }
        rows
    };
    let o = store.outlook(today).unwrap();
    assert_eq!(o.terminals, 100_000, "the outlook counts every terminal");
    assert!(bare() > 12, "the floor reads the months");
    table
        .header("the outlook (费用与到期): 12 months of fees and expiries, deposits, status, providers (budget 50 ms)");
    let core = time(20, |_| {
        store.outlook(today).unwrap();
    });
    let floor = time(20, |_| {
        bare();
    });
    table.row("outlook as of a date", core, floor, 50.0);
}
