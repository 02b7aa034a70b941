//! Starting the real `poskeeper` binary from a test. Under Wine, starting a process now and then
//! fails outright on a loaded machine (CI, stop 18: `output()` returned an error instead of the
//! command's output); such a start is tried again after a pause, with the error printed. Only on
//! Windows, and only for an error of `output()` itself: a command that ran, even one that failed,
//! returns its output, so a test still fails for anything the command did.
#![allow(dead_code, clippy::panic)]

use std::io::{self, Write};
use std::process::Output;
use std::time::Duration;

/// `start()` is one attempt (e.g. `|| cmd.output()`).
pub fn output(what: &str, mut start: impl FnMut() -> io::Result<Output>) -> Output {
    let tries = if cfg!(windows) { 3 } else { 1 };
    let mut last = None;
    for i in 0..tries {
        match start() {
            Ok(out) => return out,
            Err(e) => {
                // Straight to stderr, past the test harness's capture: a start that succeeded on
                // the next try must still show in the log.
                let _ = writeln!(io::stderr(), "could not start {what} (try {} of {tries}): {e}", i + 1);
                last = Some(e);
                std::thread::sleep(Duration::from_millis(500));
            }
        }
    }
    panic!("could not start {what}: {last:?}")
}
