//! The shell's clock: the real one, or the moment `POSKEEPER_NOW` pins (same format as the CLI,
//! `2026-11-22T09:00:00`), so end-to-end tests see the dates they set up.

use poskeeper::clock::{Clock, FixedClock, SystemClock};
use std::sync::Arc;

pub const NOW_ENV: &str = "POSKEEPER_NOW";

pub fn from_env() -> Arc<dyn Clock> {
    std::env::var(NOW_ENV)
        .ok()
        .and_then(|s| chrono::NaiveDateTime::parse_from_str(s.trim(), "%Y-%m-%dT%H:%M:%S").ok())
        .map_or_else(|| Arc::new(SystemClock) as Arc<dyn Clock>, |t| Arc::new(FixedClock(t)))
}
