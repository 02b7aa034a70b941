//! Timing and the printed table: p95 of repeated runs, each row beside its floor and budget.

use poskeeper::Store;
use rusqlite::Connection;
use std::time::{Duration, Instant};

pub(crate) struct Rng(pub(crate) u64);
impl Rng {
    pub(crate) fn below(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % n
    }
}

pub(crate) fn p95(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[(v.len() * 95 / 100).min(v.len() - 1)]
}

pub(crate) fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

/// Times `f` `runs` times after two warm-up calls; returns the p95.
pub(crate) fn time(runs: usize, mut f: impl FnMut(usize)) -> Duration {
    f(0);
    f(1);
    p95((0..runs)
        .map(|i| {
            let t = Instant::now();
            f(i);
            t.elapsed()
        })
        .collect())
}

/// The rows printed so far that missed, for the summary at the end.
#[derive(Default)]
pub(crate) struct Table {
    misses: Vec<String>,
}

impl Table {
    pub(crate) fn header(&self, title: &str) {
        println!("\n{title}");
        println!("  {:<50} {:>11} {:>11} {:>7} {:>8}  verdict", "what", "core p95", "floor p95", "ratio", "budget");
    }

    /// One figure: the core beside its floor, the ratio, the budget, and what it misses.
    pub(crate) fn row(&mut self, what: &str, core: Duration, floor: Duration, budget_ms: f64) {
        let ratio = core.as_secs_f64() / floor.as_secs_f64().max(1e-9);
        let mut miss = Vec::new();
        if ms(core) > budget_ms {
            miss.push("OVER BUDGET");
        }
        if ratio > 3.0 {
            miss.push("OVER 3× FLOOR");
        }
        let verdict = if miss.is_empty() { "ok".to_string() } else { miss.join(", ") };
        println!(
            "  {:<50} {:>8.3} ms {:>8.3} ms {:>6.2}× {:>5.0} ms  {verdict}",
            what,
            ms(core),
            ms(floor),
            ratio,
            budget_ms
        );
        if !miss.is_empty() {
            self.misses.push(format!("{what}: {verdict} (core {:.3} ms, floor {:.3} ms)", ms(core), ms(floor)));
        }
    }

    pub(crate) fn summary(&self) {
        println!();
        if self.misses.is_empty() {
            println!("every row within its budget and 3× its floor");
        } else {
            println!("{} rows MISS (over budget or over 3× floor):", self.misses.len());
            for m in &self.misses {
                println!("  {m}");
            }
        }
    }
}

/// The p95 of `f` over 10 runs, each after a write by another connection (which makes the store
/// compute the reminders again, as any write does): a setting flipped.
pub(crate) fn time_after_write(store: &Store, f: impl FnMut()) -> Duration {
    time_after(
        store,
        |i| format!("INSERT OR REPLACE INTO settings(key, value) VALUES ('autostart', '{}')", ["off", "on"][i % 2]),
        f,
    )
}

/// The p95 of `f` over 10 runs, each after `write(i)` by another connection.
pub(crate) fn time_after(store: &Store, write: impl Fn(usize) -> String, mut f: impl FnMut()) -> Duration {
    let other = Connection::open(store.path()).unwrap();
    let mut v = Vec::new();
    for i in 0..12 {
        other.execute_batch(&write(i)).unwrap();
        let t = Instant::now();
        f();
        if i >= 2 {
            v.push(t.elapsed());
        }
    }
    p95(v)
}
