//! When this process started, for the start-up times in the log (every module may ask).

/// When this process started.
static STARTED: std::sync::OnceLock<std::time::Instant> = std::sync::OnceLock::new();

/// Milliseconds since the process started (since the first call, in tests).
pub fn since_start_ms() -> u128 {
    STARTED.get_or_init(std::time::Instant::now).elapsed().as_millis()
}
