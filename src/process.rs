//! Whether the process that left a temporary file behind (its PID in the file's name) is gone,
//! so that what a killed backup, restore or import left is removed at the next run: on Linux
//! its `/proc` entry is missing; on Windows the OS says it has exited or does not exist;
//! elsewhere (no way to ask) the file must be a day old.

use std::path::Path;

/// Whether the process `pid`, which wrote `file`, no longer runs. Never this process.
pub(crate) fn writer_is_gone(pid: u32, file: &Path) -> bool {
    pid != std::process::id() && is_gone(pid, file)
}

#[cfg(target_os = "linux")]
fn is_gone(pid: u32, _file: &Path) -> bool {
    !Path::new(&format!("/proc/{pid}")).exists()
}

#[cfg(windows)]
fn is_gone(pid: u32, _file: &Path) -> bool {
    windows::is_gone(pid)
}

#[cfg(not(any(target_os = "linux", windows)))]
fn is_gone(_pid: u32, file: &Path) -> bool {
    std::fs::metadata(file)
        .and_then(|m| m.modified())
        .ok()
        .and_then(|t| t.elapsed().ok())
        .is_some_and(|age| age > std::time::Duration::from_secs(24 * 3600))
}

#[cfg(windows)]
mod windows {
    // The one place with `unsafe` (std has no way to ask about another process): three Win32
    // calls on a PID and a handle opened and closed here.
    #![allow(unsafe_code)]
    use windows_sys::Win32::Foundation::{CloseHandle, GetLastError, ERROR_INVALID_PARAMETER, STILL_ACTIVE};
    use windows_sys::Win32::System::Threading::{GetExitCodeProcess, OpenProcess, PROCESS_QUERY_LIMITED_INFORMATION};

    /// No process `pid` (OpenProcess: invalid parameter), or one that has exited (kept only
    /// because someone holds a handle to it). A process we may not open (another user's, access
    /// denied) exists.
    pub(super) fn is_gone(pid: u32) -> bool {
        // SAFETY: OpenProcess takes plain values; a null handle is checked before use.
        let handle = unsafe { OpenProcess(PROCESS_QUERY_LIMITED_INFORMATION, 0, pid) };
        if handle.is_null() {
            // SAFETY: reads this thread's last error, set by the call just above.
            return unsafe { GetLastError() } == ERROR_INVALID_PARAMETER;
        }
        let mut code = 0u32;
        // SAFETY: `handle` is a valid process handle owned here; `code` outlives the call.
        let asked = unsafe { GetExitCodeProcess(handle, &mut code) } != 0;
        // SAFETY: closes the handle opened above, once; it is not used after.
        unsafe { CloseHandle(handle) };
        asked && code != STILL_ACTIVE.cast_unsigned()
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::{is_gone, writer_is_gone};
    use std::path::Path;

    #[cfg(any(target_os = "linux", windows))]
    #[test]
    fn a_running_process_is_not_gone_and_one_that_ended_or_never_was_is() {
        let file = Path::new("unused");
        assert!(!is_gone(std::process::id(), file));
        assert!(!writer_is_gone(std::process::id(), file));
        // This test binary again, listing its tests: it ends; once waited for it is gone (on
        // Windows the handle `child` still holds keeps it known, as exited).
        let mut child = std::process::Command::new(std::env::current_exe().unwrap())
            .arg("--list")
            .stdout(std::process::Stdio::null())
            .spawn()
            .unwrap();
        let pid = child.id();
        assert!(child.wait().unwrap().success());
        assert!(is_gone(pid, file), "pid {pid}");
        // No process has this PID (above Linux's pid_max; Windows refuses it).
        assert!(is_gone(0xFFFF_FFF0, file));
    }
}
