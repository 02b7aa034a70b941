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
    let statements = [
        "SELECT substr(expires_on, 1, 7), count(*), coalesce(sum(annual_fee), 0), sum(annual_fee IS NULL)
         FROM sims WHERE status = 'active' AND expires_on >= ?1 AND expires_on < ?2 GROUP BY 1",
        "SELECT count(*), coalesce(sum(annual_fee), 0) FROM sims
         WHERE status = 'active' AND expires_on IS NOT NULL AND expires_on < ?1 AND ?2 IS NOT NULL",
        "SELECT substr(warranty_until, 1, 7), count(*) FROM terminals
         WHERE warranty_until >= ?1 AND warranty_until < ?2 AND status IN ('in_use', 'spare', 'in_repair') GROUP BY 1",
        "SELECT kind, substr(due_on, 1, 7), count(*), coalesce(sum(amount), 0) FROM due_dates
         WHERE kind IN ('deposit_deadline', 'repair_overdue') AND due_on >= ?1 AND due_on < ?2
            OR kind = 'maintenance_due' AND due_on >= ?1 AND due_on < ?2 AND t_status IN ('in_use', 'spare')
         GROUP BY 1, 2",
        "SELECT status, count(*), coalesce(sum(amount), 0), sum(deadline < ?1), coalesce(sum(CASE WHEN deadline < ?1 THEN amount END), 0)
         FROM deposits WHERE ?2 IS NOT NULL GROUP BY status",
        "SELECT status, count(*) FROM terminals WHERE ?1 IS NOT NULL AND ?2 IS NOT NULL GROUP BY status",
        "SELECT provider, count(*) AS n FROM terminals WHERE ?1 IS NOT NULL AND ?2 IS NOT NULL GROUP BY provider ORDER BY n DESC, provider",
    ];
    let bare = || {
        let mut rows = 0;
        for sql in statements {
            let mut st = conn.prepare_cached(sql).unwrap();
            let n = st.column_count();
            let mut q = st.query(rusqlite::params![from, until]).unwrap();
            while let Some(r) = q.next().unwrap() {
                for i in 0..n {
                    r.get_ref(i).unwrap();
                }
                rows += 1;
            }
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
