//! Where "now" comes from. Rules never read the clock; the CLI and the app ask a `Clock` once and
//! pass the date down, so tests can pin any moment.

use chrono::{DateTime, Local, NaiveDate, NaiveDateTime, Utc};

pub trait Clock: Send + Sync {
    fn now_utc(&self) -> DateTime<Utc>;
    /// The wall-clock time in the user's time zone.
    fn now_local(&self) -> NaiveDateTime;
    fn today(&self) -> NaiveDate {
        self.now_local().date()
    }
}

/// The real clock.
#[derive(Debug, Clone, Copy, Default)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now_utc(&self) -> DateTime<Utc> {
        Utc::now()
    }
    fn now_local(&self) -> NaiveDateTime {
        Local::now().naive_local()
    }
}

/// A clock stopped at one moment (tests, `--as-of`).
#[derive(Debug, Clone, Copy)]
pub struct FixedClock(pub NaiveDateTime);

impl Clock for FixedClock {
    fn now_utc(&self) -> DateTime<Utc> {
        self.0.and_utc()
    }
    fn now_local(&self) -> NaiveDateTime {
        self.0
    }
}
