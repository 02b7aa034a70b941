//! Files in and out (SPEC §5, §6): spreadsheet import, export to CSV, XLSX, JSON and iCalendar,
//! backups, restore and the integrity check.
//!
//! - [`import`]: .csv/.tsv/.txt (UTF-8 ± BOM, UTF-16 with BOM, else GB18030; comma or tab) and
//!   .xlsx, with the header aliases of SPEC §5, upserted by SN in one transaction after a backup.
//! - [`export`]: the same sheet out (re-importable without changes), everything as JSON, and the
//!   calendar feed of every dated item.
//! - [`backup`]: online backups, restore, `check`, and the 7-daily/4-weekly rotation.
//! - [`backup_place`]: the backup folder (chosen, or beside the database), "backup now", and
//!   a look into a backup file before it is restored.
//! - [`output`]: the one rule for every file written where the user said: never over the
//!   database, its companions or a backup.
//!
//! Every function takes the date or time it needs; none reads the clock.
//!
//! Layer rule: files use the store, the engine and the domain, never the cli, and hold no SQL:
//! every statement they need is a store function.

pub mod attachment;
pub mod backup;
pub mod backup_place;
pub mod export;
pub mod export_zip;
pub mod fields;
mod ics_text;
pub mod import;
pub mod outlook_export;
pub mod output;
