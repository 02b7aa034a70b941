//! Handlers for `import`, `export`, `backup`, `restore` and `check`.

use super::output::print_json;
use super::Ctx;
use poskeeper::domain::values::parse_date;
use poskeeper::files::export::{self, ExportFormat};
use poskeeper::files::import::{self, ColumnMap, ImportOptions, ImportPreview, ImportReport, Problem};
use poskeeper::files::{backup, backup_place};
use poskeeper::store::TerminalQuery;
use poskeeper::{Error, Result};
use std::io::IsTerminal;
use std::path::{Path, PathBuf};

/// The database path the command works on, without opening (or creating) it.
fn db_path(ctx: &Ctx) -> Result<PathBuf> {
    match &ctx.db {
        Some(p) => Ok(p.clone()),
        None => {
            poskeeper::paths::default_db_path().ok_or_else(|| Error::DbFolderMissing(PathBuf::from("~/.local/share")))
        }
    }
}

fn print_problem(ctx: &Ctx, p: &Problem, warning: bool) {
    let zh = ctx.lang.is_chinese();
    let mut s = if zh { format!("第 {} 行", p.line) } else { format!("line {}", p.line) };
    // Cells are shown, never echoed: control and invisible characters escaped, long ones cut.
    if let Some(c) = &p.column {
        s.push_str(&format!(" · {}", poskeeper::error::shown(c)));
    }
    if let Some(v) = &p.value {
        let v = poskeeper::error::shown(v);
        s.push_str(&if zh { format!(" · “{v}”") } else { format!(" · '{v}'") });
    }
    let sep = if zh { "：" } else { ": " };
    let tag = match (warning, zh) {
        (true, true) => "提示 ",
        (true, false) => "warning ",
        _ => "",
    };
    outln!("{tag}{s}{sep}{}", p.reason);
}

fn print_report(ctx: &Ctx, r: &ImportReport) {
    let zh = ctx.lang.is_chinese();
    if zh {
        let head = if r.dry_run { "试运行（没有写入任何数据）：" } else { "" };
        outln!(
            "{head}新增 {} · 更新 {} · 未变 {} · 有问题 {}（共 {} 行）",
            r.new,
            r.updated,
            r.unchanged,
            r.invalid,
            r.rows
        );
    } else {
        let head = if r.dry_run { "dry run (nothing written): " } else { "" };
        outln!(
            "{head}new {} · updated {} · unchanged {} · invalid {} ({} rows)",
            r.new,
            r.updated,
            r.unchanged,
            r.invalid,
            r.rows
        );
    }
    for p in &r.problems {
        print_problem(ctx, p, false);
    }
    if r.problems_not_listed > 0 {
        if zh {
            outln!("……另有 {} 处问题未列出", r.problems_not_listed);
        } else {
            outln!("… and {} more problems", r.problems_not_listed);
        }
    }
    for p in &r.warnings {
        print_problem(ctx, p, true);
    }
    if !r.ignored_columns.is_empty() {
        ctx.warn(
            &format!("这些列不认识，已忽略：{}", r.ignored_columns.join("、")),
            &format!("columns not recognised and ignored: {}", r.ignored_columns.join(", ")),
        );
    }
    if let Some(b) = &r.backup {
        if r.committed {
            ctx.warn(&format!("导入前的数据已备份到 {b}"), &format!("the data before the import is backed up in {b}"));
        }
    }
}

/// The `import` command's options.
pub(super) struct ImportArgs {
    pub dry_run: bool,
    pub skip_invalid: bool,
    pub sheet: Option<String>,
    /// `HEADER=FIELD` column mappings.
    pub map: Vec<String>,
    pub json: bool,
}

pub(super) fn import(ctx: &Ctx, file: &Path, a: ImportArgs) -> Result<()> {
    let ImportArgs { dry_run, skip_invalid, sheet, map, json } = a;
    let user = ColumnMap::new(map.iter().map(|m| ColumnMap::parse_arg(m)).collect::<Result<Vec<_>>>()?)?;
    // The file is looked at before the database is opened: a file that cannot be imported
    // touches nothing. Without an SN column, a mapping remembered for its headers may name one.
    let prepared = match import::prepare_mapped(file, sheet.as_deref(), &user, &mut |_| Ok(None)) {
        Ok(p) => Some(p),
        Err(e @ Error::NoSnColumn { .. }) if !db_path(ctx)?.exists() => return Err(e),
        Err(Error::NoSnColumn { .. }) => None,
        Err(e) => return Err(e),
    };
    let mut store = ctx.open()?;
    let prepared = match prepared {
        Some(p) if store.remembered_mapping(&p.header_key())?.is_none() => p,
        _ => import::prepare_in(&store, file, sheet.as_deref(), &user)?,
    };
    let opts = ImportOptions {
        dry_run,
        skip_invalid,
        sheet,
        lang: ctx.lang,
        today: ctx.clock.today(),
        now: ctx.clock.now_local(),
    };
    if prepared.remembered() && !json {
        ctx.warn("已使用上次为这些表头保存的列对应", "the column mapping saved for these headers was used");
    }
    if dry_run && !json {
        let preview = import::preview_prepared(&mut store, &prepared, &opts, CLI_PREVIEW_ROWS)?;
        let Some(report) = &preview.report else { return Ok(()) };
        print_report(ctx, report);
        print_rows(ctx, &preview);
        if report.invalid > 0 && !skip_invalid {
            return Err(Error::ImportRejected { invalid: report.invalid });
        }
        return Ok(());
    }
    let tty = std::io::stderr().is_terminal();
    let mut progress = |done: u64, total: u64| {
        if tty && total >= 5000 {
            eprint!("\r{done}/{total}");
        }
    };
    let report = import::import_prepared(&mut store, &prepared, &opts, &mut progress)?;
    if tty && report.rows >= 5000 {
        eprintln!();
    }
    if json {
        print_json(&report)?;
    } else {
        print_report(ctx, &report);
    }
    if report.invalid > 0 && !skip_invalid {
        return Err(Error::ImportRejected { invalid: report.invalid });
    }
    Ok(())
}

/// Rows a dry run prints as they will be stored.
const CLI_PREVIEW_ROWS: usize = 10;

/// The first rows as they will be stored: one line each, the fields' headers above, `✗` before
/// a row that will not be imported. Cells are shown, never echoed.
fn print_rows(ctx: &Ctx, p: &ImportPreview) {
    if p.rows.is_empty() {
        return;
    }
    let zh = ctx.lang.is_chinese();
    outln!("");
    outln!("{}", if zh { "前几行导入后的样子：" } else { "the first rows as they will be stored:" });
    let head: Vec<&str> = p.fields.iter().map(|f| f.header(ctx.lang)).collect();
    outln!("{}\t{}", if zh { "行" } else { "line" }, head.join("\t"));
    for r in &p.rows {
        let cells: Vec<String> =
            r.values.iter().map(|v| v.as_deref().map(poskeeper::error::shown).unwrap_or_else(|| "-".into())).collect();
        let bad = r.problems.iter().any(|pr| pr.code != "iccid_check_digit");
        outln!("{}{}\t{}", if bad { "✗" } else { "" }, r.line, cells.join("\t"));
    }
}

/// Exports to `out`; a CSV or XLSX holds the terminals `q` finds (the default: all of them).
pub(super) fn export(ctx: &Ctx, format: &str, out: &Path, as_of: Option<&str>, q: &TerminalQuery) -> Result<()> {
    let format = ExportFormat::parse(format)?;
    let filtered = q.search.is_some() || q.status.is_some();
    if filtered && !matches!(format, ExportFormat::Csv | ExportFormat::Xlsx) {
        // Said, not ignored: JSON and the calendar always hold everything.
        return Err(Error::InvalidValue { field: "format", value: format!("{format:?}"), allowed: "csv, xlsx".into() });
    }
    let as_of = as_of.map(|s| parse_date("as_of", s)).transpose()?;
    let store = ctx.open()?;
    let lang = store.settings()?.language;
    let done = match format {
        ExportFormat::Csv => export::export_csv(&store, out, lang, q)?,
        ExportFormat::Xlsx => export::export_xlsx(&store, out, lang, q)?,
        ExportFormat::Json => export::export_json(&store, out, as_of)?,
        ExportFormat::Zip => poskeeper::files::export_zip::export_zip(&store, out, as_of)?,
        ExportFormat::Ics => {
            let stamp = match as_of {
                Some(d) => d.and_hms_opt(0, 0, 0).map_or_else(|| ctx.clock.now_utc(), |t| t.and_utc()),
                None => ctx.clock.now_utc(),
            };
            export::export_ics(&store, out, lang, stamp)?
        }
    };
    outln!("{}", out.display());
    if ctx.lang.is_chinese() {
        eprintln!("已导出 {} 项", done.items);
    } else {
        eprintln!("{} items exported", done.items);
    }
    Ok(())
}

/// `outlook`: the months as tab-separated lines (money in yuan), `--json`, or `--out FILE.xlsx`.
pub(super) fn outlook(ctx: &Ctx, as_of: Option<&str>, json: bool, out: Option<&Path>) -> Result<()> {
    let today = ctx.date_or_today("as_of", as_of)?;
    let store = ctx.open()?;
    if let Some(out) = out {
        let lang = store.settings()?.language;
        poskeeper::files::outlook_export::export_outlook_xlsx(&store, out, lang, today)?;
        outln!("{}", out.display());
        return Ok(());
    }
    let o = store.outlook(today)?;
    if json {
        return print_json(&o);
    }
    let yuan = poskeeper::domain::values::format_yuan;
    outln!(
        "{}",
        ctx.lang.pick(
            "月份	到期流量卡	续费（元）	保修到期	押金截止	押金（元）",
            "月份	到期SIM卡	續費（元）	保固到期	押金截止	押金（元）",
            "month	SIM cards	fees (yuan)	warranties	deposits	deposits (yuan)"
        )
    );
    for m in &o.months {
        outln!(
            "{}	{}	{}	{}	{}	{}",
            m.month,
            m.sims,
            yuan(m.sim_fees),
            m.warranties,
            m.deposits,
            yuan(m.deposit_amount)
        );
    }
    Ok(())
}

pub(super) fn backup(ctx: &Ctx, out: Option<&Path>, to: Option<&Path>) -> Result<()> {
    let store = ctx.open()?;
    let now = ctx.clock.now_local();
    let written = match (out, to) {
        (Some(out), _) => {
            backup::backup_to(&store, out)?;
            out.to_path_buf()
        }
        (None, Some(dir)) => backup_place::backup_into(&store, dir, now)?,
        (None, None) => {
            let made = backup_place::backup_now(&store, now)?;
            if let Some(f) = &made.fell_back {
                let why = f.error();
                ctx.warn(
                    &format!("{}；这次备份存到了默认位置", why.message(ctx.lang)),
                    &format!("{}; this backup went to the default folder", why.message(ctx.lang)),
                );
            }
            made.path
        }
    };
    outln!("{}", written.display());
    Ok(())
}

pub(super) fn restore(ctx: &Ctx, file: &Path) -> Result<()> {
    let db = db_path(ctx)?;
    // Into a database that exists (`init` makes one): a mistyped --db is an error here too.
    if !db.exists() {
        return Err(Error::DbMissing(db));
    }
    let r = backup::restore(&db, file, ctx.clock.now_local())?;
    if let Some(p) = &r.previous {
        ctx.warn(
            &format!("恢复前的数据库已备份到 {}", p.display()),
            &format!("the database before the restore is kept in {}", p.display()),
        );
    }
    outln!("{}", db.display());
    Ok(())
}

pub(super) fn check(ctx: &Ctx) -> Result<()> {
    let db = db_path(ctx)?;
    let findings = backup::check(&db)?;
    if findings.is_empty() {
        outln!("ok");
        return Ok(());
    }
    for f in &findings {
        outln!("{f}");
    }
    Err(Error::CheckFailed(findings))
}
