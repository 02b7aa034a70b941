//! Files the user picked in the shell's own dialogs (SPEC §6: the paths the window hands to the
//! shell are only those the user picked in a dialog).
//!
//! The page never names a path. It asks the shell to show a native file dialog
//! (`pick_import_file`, `pick_export_file`, `pick_backup_file`); the shell remembers the file the
//! user chose under an opaque token, bound to what it was picked for, and gives the page that
//! token and the file's name to show. `import_file`, `export_file` and `restore_file` take the
//! token. A token for one purpose is refused for another (a file picked to import from is never
//! written to), and only the last [`KEPT`] picks are remembered.
//!
//! End-to-end tests cannot drive a GTK file dialog. In a build with debug assertions, when
//! [`TEST_PICK_ENV`] names a file, the dialogs are not shown: each pick takes the first line of
//! that file (and removes it); an empty line or no line means the user cancelled. Release builds
//! ignore the variable.

use crate::error::{ApiError, ApiResult};
use poskeeper::files::export::ExportFormat;
use serde::Serialize;
use std::collections::VecDeque;
use std::hash::{BuildHasher, Hasher};
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use ts_rs::TS;

/// Names a file of paths that stand in for the file dialogs (debug builds only; see the module).
pub const TEST_PICK_ENV: &str = "POSKEEPER_TEST_PICK";
/// How many picks are remembered (older tokens are refused as expired).
pub const KEPT: usize = 16;

/// What a file was picked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Purpose {
    /// A spreadsheet to read.
    Import,
    /// A file to write, in this format.
    Export(ExportFormat),
    /// A backup to restore from (read only).
    Backup,
    /// A photo, scan or PDF to attach (read only): picked in the dialog or dropped on the window.
    Attachment,
}

impl Purpose {
    fn name(self) -> &'static str {
        match self {
            Purpose::Import => "import",
            Purpose::Export(_) => "export",
            Purpose::Backup => "backup",
            Purpose::Attachment => "attachment",
        }
    }
}

/// What the page gets for a picked file: a token to hand back, and a name to show.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct PickedFile {
    pub token: String,
    /// The file's name (not its folder), for the window to show.
    pub name: String,
}

#[derive(Debug)]
struct Pick {
    token: String,
    purpose: Purpose,
    path: PathBuf,
    /// The shell wrote the file (an export finished): only then may it be shown in its folder.
    written: bool,
}

#[derive(Debug, Default)]
struct Inner {
    seq: u64,
    kept: VecDeque<Pick>,
}

/// The picks of this run, and the test stand-in for the dialogs, if any.
#[derive(Debug)]
pub struct Picks {
    inner: Mutex<Inner>,
    /// Keyed at random per run: tokens are not guessable from their order.
    random: std::collections::hash_map::RandomState,
    script: Option<PathBuf>,
}

impl Picks {
    /// `script`: the stand-in file of paths (ignored unless built with debug assertions).
    pub fn new(script: Option<PathBuf>) -> Picks {
        let script = script.filter(|_| cfg!(debug_assertions));
        if let Some(s) = &script {
            log::warn!("test picker: file dialogs are answered from {}", s.display());
        }
        Picks { inner: Mutex::new(Inner::default()), random: Default::default(), script }
    }

    /// The stand-in file named by [`TEST_PICK_ENV`], in a debug build.
    pub fn script_from_env() -> Option<PathBuf> {
        if cfg!(debug_assertions) {
            std::env::var_os(TEST_PICK_ENV).filter(|v| !v.is_empty()).map(PathBuf::from)
        } else {
            None
        }
    }

    /// The next answer of the test stand-in: `None` when there is none (show the real dialog),
    /// `Some(None)` for a cancelled pick, `Some(Some(path))` for a picked file.
    pub fn scripted(&self) -> Option<Option<PathBuf>> {
        let file = self.script.as_ref().filter(|_| cfg!(debug_assertions))?;
        let text = std::fs::read_to_string(file).unwrap_or_default();
        let (first, rest) = text.split_once('\n').unwrap_or((text.as_str(), ""));
        let first = first.trim_end_matches('\r').to_string();
        if let Err(e) = std::fs::write(file, rest) {
            log::warn!("test picker: {} not rewritten: {e}", file.display());
        }
        log::info!("test picker: answered {first:?}");
        Some(Some(PathBuf::from(first)).filter(|p| !p.as_os_str().is_empty()))
    }

    /// Remembers a file the user picked for `purpose`; returns its token and name.
    pub fn remember(&self, purpose: Purpose, path: PathBuf) -> ApiResult<PickedFile> {
        let name = path.file_name().map(|n| n.to_string_lossy().to_string()).unwrap_or_default();
        let mut inner = self.inner.lock().map_err(|_| ApiError::new("internal", "the picked files are unavailable"))?;
        inner.seq += 1;
        let mut h = self.random.build_hasher();
        h.write_u64(inner.seq);
        let token = format!("{}-{:016x}", purpose.name(), h.finish());
        inner.kept.push_back(Pick { token: token.clone(), purpose, path, written: false });
        while inner.kept.len() > KEPT {
            inner.kept.pop_front();
        }
        Ok(PickedFile { token, name })
    }

    /// The file behind `token`, if it was picked for a purpose `accepts` takes.
    pub fn resolve(&self, token: &str, accepts: impl Fn(Purpose) -> bool) -> ApiResult<(PathBuf, Purpose)> {
        let inner = self.inner.lock().map_err(|_| ApiError::new("internal", "the picked files are unavailable"))?;
        inner
            .kept
            .iter()
            .find(|p| p.token == token && accepts(p.purpose))
            .map(|p| (p.path.clone(), p.purpose))
            .ok_or_else(not_picked)
    }

    /// Notes that the shell wrote the file behind `token` (an export to it finished).
    pub fn mark_written(&self, token: &str) {
        if let Ok(mut inner) = self.inner.lock() {
            if let Some(p) = inner.kept.iter_mut().find(|p| p.token == token) {
                p.written = true;
            }
        }
    }

    /// The file behind `token` if the shell itself wrote it (never a path the window names, nor
    /// a file picked and not yet written, nor one picked to be read).
    pub fn written(&self, token: &str) -> ApiResult<PathBuf> {
        let inner = self.inner.lock().map_err(|_| ApiError::new("internal", "the picked files are unavailable"))?;
        inner.kept.iter().find(|p| p.token == token && p.written).map(|p| p.path.clone()).ok_or_else(not_picked)
    }
}

/// The answer to a token the shell does not know (never picked, picked for something else, or
/// forgotten): the page should ask the user to pick the file again.
pub fn not_picked() -> ApiError {
    ApiError::new("file_not_picked", "choose the file again")
}

/// A bare file name for a save dialog's suggestion (any folder part is dropped).
pub fn bare_name(suggested: Option<&str>) -> Option<String> {
    let s = suggested?.trim();
    let name = Path::new(s).file_name()?.to_string_lossy().to_string();
    Some(name).filter(|n| !n.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_token_opens_only_what_it_was_picked_for_and_old_ones_expire() -> ApiResult<()> {
        let picks = Picks::new(None);
        let import = picks.remember(Purpose::Import, PathBuf::from("/tmp/a/清单.xlsx"))?;
        assert_eq!(import.name, "清单.xlsx");
        let export = picks.remember(Purpose::Export(ExportFormat::Csv), PathBuf::from("/tmp/out.csv"))?;
        assert_ne!(import.token, export.token);
        assert_eq!(picks.resolve(&import.token, |p| p == Purpose::Import)?.0, PathBuf::from("/tmp/a/清单.xlsx"));
        let wrong = picks.resolve(&import.token, |p| matches!(p, Purpose::Export(_)));
        assert_eq!(wrong.err().map(|e| e.code), Some("file_not_picked".to_string()));
        assert!(picks.resolve("/etc/passwd", |_| true).is_err());
        for i in 0..KEPT {
            picks.remember(Purpose::Backup, PathBuf::from(format!("/tmp/{i}.db")))?;
        }
        assert!(picks.resolve(&import.token, |_| true).is_err(), "forgotten after {KEPT} more picks");
        Ok(())
    }

    #[test]
    fn the_stand_in_answers_line_by_line_then_cancels() -> Result<(), Box<dyn std::error::Error>> {
        let dir = tempfile::tempdir()?;
        let script = dir.path().join("picks.txt");
        std::fs::write(&script, "/tmp/x.csv\n\n/tmp/y.csv\n")?;
        let picks = Picks::new(Some(script));
        if cfg!(debug_assertions) {
            assert_eq!(picks.scripted(), Some(Some(PathBuf::from("/tmp/x.csv"))));
            assert_eq!(picks.scripted(), Some(None), "an empty line is a cancelled dialog");
            assert_eq!(picks.scripted(), Some(Some(PathBuf::from("/tmp/y.csv"))));
            assert_eq!(picks.scripted(), Some(None));
        } else {
            assert_eq!(picks.scripted(), None, "release builds show the real dialog");
        }
        assert_eq!(Picks::new(None).scripted(), None);
        Ok(())
    }

    #[test]
    fn a_suggested_name_keeps_no_folder() {
        assert_eq!(bare_name(Some("../../etc/passwd")), Some("passwd".to_string()));
        assert_eq!(bare_name(Some("poskeeper-2026-11-22.csv")), Some("poskeeper-2026-11-22.csv".to_string()));
        assert_eq!(bare_name(Some("  ")), None);
        assert_eq!(bare_name(None), None);
    }
}
