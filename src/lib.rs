//! PosKeeper core: the domain of SPEC §2, the SQLite store, the reminder engine of SPEC §3 and
//! everything the `poskeeper` command line and the desktop shell share. No Tauri here, and no
//! clock inside the rules: every function that depends on the date takes it as an argument.

pub mod chars;
pub mod clock;
pub mod domain;
pub mod error;
pub mod files;
pub mod i18n;
pub mod paths;
mod process;
pub mod push;
pub mod reminders;
pub mod store;

pub use error::{Error, FolderProblem, PushProblem, Result};
/// Sample data (`poskeeper demo`), kept at its old path; it writes the tables, so it is the store's.
pub use store::demo;
pub use store::Store;
