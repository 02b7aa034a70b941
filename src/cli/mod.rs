//! Argument parsing, dispatch and the exit-code contract: 0 success, 1 error (one line on
//! stderr, in Chinese when the locale is Chinese), 2 usage error (clap's own message).

/// `println!` that ends the program quietly when stdout is closed (`poskeeper … | head`).
macro_rules! outln {
    ($($t:tt)*) => { $crate::cli::write_line(format_args!($($t)*)) };
}

mod args;
mod attachments;
mod files;
mod items;
mod output;
mod push;
mod repairs;

use args::{Cli, Cmd};
use clap::Parser;
use poskeeper::clock::{Clock, FixedClock, SystemClock};
use poskeeper::domain::values::parse_date;
use poskeeper::i18n::Lang;
use poskeeper::{Error, Result, Store};
use std::path::PathBuf;
use std::process::ExitCode;

/// What every command handler gets.
pub(crate) struct Ctx {
    db: Option<PathBuf>,
    pub clock: Box<dyn Clock>,
    pub lang: Lang,
}

impl Ctx {
    /// Opens the database, which must exist: a mistyped `--db` (or `POSKEEPER_DB`) is an error,
    /// never a new empty inventory (SPEC §6). Only the app's own default file is created when
    /// missing, as the app does. Handlers parse their arguments first, so bad input is refused
    /// before the file is touched.
    pub fn open(&self) -> Result<Store> {
        match &self.db {
            Some(p) => Store::open(p),
            None if std::env::var_os(poskeeper::paths::DB_ENV).is_some_and(|v| !v.is_empty()) => {
                Store::open(self.default_path()?)
            }
            None => self.create(),
        }
    }

    /// Opens the database, creating it when missing (`init`).
    pub fn create(&self) -> Result<Store> {
        match &self.db {
            Some(p) => Store::create(p),
            None => {
                let p = self.default_path()?;
                if let Some(dir) = p.parent() {
                    std::fs::create_dir_all(dir)?;
                }
                Store::create(p)
            }
        }
    }

    fn default_path(&self) -> Result<PathBuf> {
        poskeeper::paths::default_db_path().ok_or_else(|| Error::DbFolderMissing(PathBuf::from("~/.local/share")))
    }

    /// The local date, or the date given with `--as-of`/`--on`.
    pub fn date_or_today(&self, field: &'static str, given: Option<&str>) -> Result<chrono::NaiveDate> {
        match given {
            Some(s) => parse_date(field, s),
            None => Ok(self.clock.today()),
        }
    }

    pub fn warn(&self, zh: &str, en: &str) {
        let text = if self.lang.is_chinese() { zh } else { en };
        eprintln!("{}: {}", self.lang.pick("提示", "提示", "warning"), poskeeper::error::one_line(text));
    }
}

pub(crate) fn write_line(args: std::fmt::Arguments<'_>) {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    if let Err(e) = out.write_fmt(args).and_then(|()| out.write_all(b"\n")) {
        if e.kind() == std::io::ErrorKind::BrokenPipe {
            std::process::exit(0);
        }
    }
}

/// `POSKEEPER_NOW=2026-11-22T09:00:00` pins the clock (tests and demos); otherwise the real one.
fn clock() -> Box<dyn Clock> {
    std::env::var("POSKEEPER_NOW")
        .ok()
        .and_then(|s| chrono::NaiveDateTime::parse_from_str(s.trim(), "%Y-%m-%dT%H:%M:%S").ok())
        .map_or_else(|| Box::new(SystemClock) as Box<dyn Clock>, |t| Box::new(FixedClock(t)))
}

pub fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            // Help and version go to stdout with 0; real usage errors exit 2.
            let _ = e.print();
            return ExitCode::from(if e.use_stderr() { 2 } else { 0 });
        }
    };
    let ctx = Ctx { db: cli.db, clock: clock(), lang: Lang::from_env() };
    match run(&ctx, cli.cmd) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            // One line, always (SPEC §4): a newline that slipped into a message is folded.
            eprintln!("poskeeper: {}", poskeeper::error::one_line(&e.message(ctx.lang)));
            ExitCode::from(1)
        }
    }
}

fn run(ctx: &Ctx, cmd: Cmd) -> Result<()> {
    match cmd {
        Cmd::Init => {
            let store = ctx.create()?;
            outln!("{}", store.path().display());
            Ok(())
        }
        Cmd::Demo { terminals, seed } => items::demo(ctx, terminals, seed),
        Cmd::Terminal(c) => items::terminal(ctx, c),
        Cmd::Sim(c) => items::sim(ctx, c),
        Cmd::Deposit(c) => items::deposit(ctx, c),
        Cmd::Maintenance(c) => items::maintenance(ctx, c),
        Cmd::Contact(c) => items::contact(ctx, c),
        Cmd::Repair(c) => repairs::repair(ctx, c),
        Cmd::Reminders { as_of, json } => output::reminders(ctx, as_of.as_deref(), json),
        Cmd::Ack { keys, as_of } => {
            let today = ctx.date_or_today("as_of", as_of.as_deref())?;
            if let [key] = keys.as_slice() {
                let urgency = ctx.open()?.acknowledge(key, today)?;
                outln!("{}", urgency.code());
            } else {
                // Several: one transaction; prints how many were acknowledged.
                let done = ctx.open()?.acknowledge_many(&keys, today)?;
                outln!("{}", done.len());
            }
            Ok(())
        }
        Cmd::Snooze { keys, until } => {
            let until = parse_date("snooze_until", &until)?;
            if let [key] = keys.as_slice() {
                ctx.open()?.snooze(key, until)?;
            } else {
                let today = ctx.clock.today();
                ctx.open()?.snooze_many(&keys, until, today)?;
            }
            outln!("{until}");
            Ok(())
        }
        Cmd::Settings { key, value } => output::settings(ctx, key.as_deref(), value.as_deref()),
        Cmd::Import { file, dry_run, skip_invalid, sheet, map, json } => {
            files::import(ctx, &file, files::ImportArgs { dry_run, skip_invalid, sheet, map, json })
        }
        Cmd::Export { format, out, as_of, search, status } => {
            let status = items::code(status.as_deref(), poskeeper::domain::TerminalStatus::parse)?;
            let q = poskeeper::store::TerminalQuery { search, status, ..Default::default() };
            files::export(ctx, &format, &out, as_of.as_deref(), &q)
        }
        Cmd::Outlook { as_of, json, out } => files::outlook(ctx, as_of.as_deref(), json, out.as_deref()),
        Cmd::Backup { out, to } => files::backup(ctx, out.as_deref(), to.as_deref()),
        Cmd::Restore { file } => files::restore(ctx, &file),
        Cmd::Check => files::check(ctx),
        Cmd::Channel(c) => push::channel(ctx, c),
        Cmd::Attachment(c) => attachments::run(ctx, c),
        Cmd::Push { dry_run, as_of, json } => push::push(ctx, dry_run, as_of.as_deref(), json),
    }
}
