//! What the CLI prints: JSON documents, plain tables and detail views.

use super::Ctx;
use poskeeper::domain::values::format_yuan;
use poskeeper::domain::{check_item_label, Completion, MaintenancePlan, Repair};
use poskeeper::error::one_line;
use poskeeper::reminders::Reminder;
use poskeeper::store::{SimDetail, TerminalDetail, TerminalQuery, TerminalRow};
use poskeeper::{Error, Result, Store};
use serde::Serialize;

pub(super) fn print_json<T: Serialize + ?Sized>(v: &T) -> Result<()> {
    let text = serde_json::to_string_pretty(v).map_err(|e| Error::Io(e.into()))?;
    outln!("{text}");
    Ok(())
}

fn opt<T: ToString>(v: &Option<T>) -> String {
    v.as_ref().map(ToString::to_string).unwrap_or_else(|| "-".into())
}

/// `reminders --json` prints exactly these fields (SPEC §4).
#[derive(Serialize)]
struct ReminderJson<'a> {
    key: &'a str,
    kind: &'a str,
    due_on: String,
    days_left: i64,
    urgency: &'a str,
    title: &'a str,
    terminal_sn: Option<&'a str>,
    iccid: Option<&'a str>,
    acknowledged: bool,
    snoozed_until: Option<String>,
}

impl<'a> From<&'a Reminder> for ReminderJson<'a> {
    fn from(r: &'a Reminder) -> Self {
        ReminderJson {
            key: &r.key,
            kind: r.kind.code(),
            due_on: r.due_on.to_string(),
            days_left: r.days_left,
            urgency: r.urgency.code(),
            title: &r.title,
            terminal_sn: r.terminal_sn.as_deref(),
            iccid: r.iccid.as_deref(),
            acknowledged: r.acknowledged,
            snoozed_until: r.snoozed_until.map(|d| d.to_string()),
        }
    }
}

pub(super) fn reminders(ctx: &Ctx, as_of: Option<&str>, json: bool) -> Result<()> {
    let today = ctx.date_or_today("as_of", as_of)?;
    let list = ctx.open()?.reminders(today)?;
    if json {
        let v: Vec<ReminderJson<'_>> = list.iter().map(ReminderJson::from).collect();
        return print_json(&v);
    }
    if list.is_empty() {
        outln!("{}", ctx.lang.pick("没有需要处理的事项", "沒有需要處理的事項", "nothing needs attention"));
    }
    for r in &list {
        let ack = if r.acknowledged { ctx.lang.pick(" ✓已知悉", " ✓已知悉", " ✓ack") } else { "" };
        outln!("{}\t{}\t{}\t{}{}\t{}", r.due_on, r.days_left, r.urgency.label(ctx.lang), r.title, ack, r.key);
    }
    Ok(())
}

pub(super) fn settings(ctx: &Ctx, key: Option<&str>, value: Option<&str>) -> Result<()> {
    let mut store = ctx.open()?;
    match (key, value) {
        // A backup folder is taken once a backup can be written there.
        (Some(k), Some(v)) if k.trim() == poskeeper::store::BACKUP_DIR => {
            if v.trim().is_empty() {
                poskeeper::files::backup_place::forget_folder(&mut store)?;
            } else {
                let dir = poskeeper::files::backup_place::choose_folder(&mut store, std::path::Path::new(v.trim()))?;
                outln!("{}", dir.display());
            }
        }
        (Some(k), Some(v)) => outln!("{}", store.set_setting(k, v)?),
        (Some(k), None) => {
            let known = poskeeper::store::SETTING_KEYS;
            if !known.contains(&k.trim()) {
                return Err(Error::UnknownSetting(k.to_string()));
            }
            outln!("{}", store.setting(k)?);
        }
        _ => {
            for (k, v) in store.setting_pairs()? {
                outln!("{k} = {v}");
            }
        }
    }
    Ok(())
}

/// Buffered stdout for long listings; a closed pipe (`… | head`) ends the program quietly, as
/// `outln!` does.
struct Out(std::io::BufWriter<std::io::StdoutLock<'static>>);

impl Out {
    fn new() -> Out {
        Out(std::io::BufWriter::with_capacity(64 * 1024, std::io::stdout().lock()))
    }

    fn check(r: std::io::Result<()>) -> Result<()> {
        match r {
            Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => std::process::exit(0),
            Err(e) => Err(Error::Io(e)),
            Ok(()) => Ok(()),
        }
    }

    fn line(&mut self, args: std::fmt::Arguments<'_>) -> Result<()> {
        use std::io::Write;
        Out::check(self.0.write_fmt(args).and_then(|()| self.0.write_all(b"\n")))
    }

    fn json<T: Serialize>(&mut self, v: &T) -> Result<()> {
        serde_json::to_writer(&mut self.0, v).map_err(|e| match e.io_error_kind() {
            Some(std::io::ErrorKind::BrokenPipe) => std::process::exit(0),
            _ => Error::Io(e.into()),
        })
    }

    fn finish(mut self) -> Result<()> {
        use std::io::Write;
        Out::check(self.0.flush())
    }
}

/// `terminal list`: a table, or (`--json`) one JSON array with a row per line. Streamed from the
/// store, so the size of the inventory does not matter.
pub(super) fn print_terminal_rows(ctx: &Ctx, store: &Store, q: &TerminalQuery, json: bool) -> Result<()> {
    let l = ctx.lang;
    let mut out = Out::new();
    if json {
        let mut first = true;
        store.each_terminal(q, |r| {
            out.line(format_args!("{}", if first { "[" } else { "," }))?;
            first = false;
            out.json(&r)
        })?;
        out.line(format_args!("{}", if first { "[]" } else { "\n]" }))?;
        return out.finish();
    }
    let head = [
        "SN",
        l.pick("品牌", "品牌", "brand"),
        l.pick("型号", "型號", "model"),
        l.pick("门店", "門市", "store"),
        l.pick("状态", "狀態", "status"),
        l.pick("SIM卡到期", "SIM卡到期", "SIM expires"),
        l.pick("保固截止", "保固截止", "warranty until"),
    ];
    out.line(format_args!("{}", head.join("\t")))?;
    // Values entered before control characters were refused may still hold a tab or newline:
    // escaped, so a row stays one line of seven columns.
    let cell = |v: &Option<String>| one_line(v.as_deref().unwrap_or("-"));
    store.each_terminal(q, |r: TerminalRow| {
        out.line(format_args!(
            "{}\t{}\t{}\t{}\t{}\t{}\t{}",
            r.sn,
            cell(&r.brand),
            cell(&r.model),
            cell(&r.store),
            r.status.label(l),
            opt(&r.sim_expires_on),
            opt(&r.warranty_until)
        ))
    })?;
    out.finish()
}

pub(super) fn print_terminal(ctx: &Ctx, d: &TerminalDetail) {
    let l = ctx.lang;
    let t = &d.terminal;
    let sep = if l.is_chinese() { "：" } else { ": " };
    let line = |label: &str, v: String| outln!("{label}{sep}{v}");
    line("SN", t.sn.clone());
    line(l.pick("品牌型号", "品牌型號", "Brand/model"), format!("{} {}", opt(&t.brand), opt(&t.model)));
    line(l.pick("类型", "類型", "Kind"), t.kind.map(|k| k.label(l).to_string()).unwrap_or_else(|| "-".into()));
    line(l.pick("服务商", "服務商", "Provider"), opt(&t.provider));
    line(l.pick("商户号", "商店代號", "Merchant no"), opt(&t.merchant_no));
    line(l.pick("终端号", "端末機代號", "Terminal no"), opt(&t.terminal_no));
    line(l.pick("门店", "門市", "Store"), opt(&t.store));
    line(l.pick("状态", "狀態", "Status"), t.status.label(l).to_string());
    line(l.pick("启用日期", "啟用日期", "Activated"), opt(&t.activated_on));
    line(l.pick("保固截止", "保固截止", "Warranty"), opt(&t.warranty_until));
    if let Some(r) = &t.replaced_by {
        line(l.pick("替换为", "替換為", "Replaced by"), r.clone());
    }
    if let Some(s) = &d.sim {
        line(
            l.pick("流量卡", "SIM卡", "SIM card"),
            format!(
                "{} · {} · {} {}",
                s.sim.iccid,
                s.sim.carrier.map(|c| c.label(l)).unwrap_or("-"),
                l.pick("到期", "到期", "expires"),
                opt(&s.sim.expires_on)
            ),
        );
    }
    for dp in &d.deposits {
        line(
            l.pick("押金", "押金", "Deposit"),
            format!(
                "#{} ¥{} · {} {} · {}",
                dp.id,
                format_yuan(dp.amount),
                l.pick("截止", "截止", "deadline"),
                dp.deadline,
                dp.status.label(l)
            ),
        );
    }
    for p in &d.plans {
        line(
            l.pick("保养", "保養", "Maintenance"),
            format!(
                "#{} {} · {} · {} {}",
                p.plan.id,
                p.plan.task.label(l),
                p.plan.interval.code(),
                l.pick("下次", "下次", "next"),
                p.plan.next_due_on
            ),
        );
    }
    for r in &d.repairs {
        line(
            l.pick("维修", "維修", "Repair"),
            format!("#{} {} · {} · {}", r.id, r.opened_on, r.fault.label(l), r.status.label(l)),
        );
    }
    for c in &d.contacts {
        line(l.pick("联系方式", "聯絡方式", "Contact"), format!("{} {}", c.name, opt(&c.phone)));
    }
}

pub(super) fn print_sim(ctx: &Ctx, d: &SimDetail) {
    let l = ctx.lang;
    let s = &d.sim;
    let sep = if l.is_chinese() { "：" } else { ": " };
    outln!("ICCID{sep}{}", s.iccid);
    outln!("{}{sep}{}", l.pick("运营商", "電信業者", "Carrier"), s.carrier.map(|c| c.label(l)).unwrap_or("-"));
    outln!("{}{sep}{}", l.pick("状态", "狀態", "Status"), s.status.label(l));
    outln!("{}{sep}{}", l.pick("到期", "到期", "Expires"), opt(&s.expires_on));
    outln!("{}{sep}{}", l.pick("所在终端", "所在刷卡機", "Terminal"), opt(&s.terminal_sn));
    for r in &d.renewals {
        outln!(
            "{}{sep}{} {} → {} ¥{}",
            l.pick("续费", "續費", "Renewal"),
            r.renewed_on,
            opt(&r.old_expires_on),
            r.new_expires_on,
            r.fee.map(format_yuan).unwrap_or_else(|| "-".into())
        );
    }
    for i in &d.installs {
        outln!(
            "{}{sep}{} {} – {}",
            l.pick("装机", "裝機", "Installed"),
            i.terminal_sn,
            i.installed_on,
            opt(&i.removed_on)
        );
    }
}

pub(super) fn print_plan(ctx: &Ctx, p: &MaintenancePlan, log: &[Completion]) {
    let l = ctx.lang;
    outln!("#{} {} · {} · {}", p.id, p.terminal_sn, p.task.label(l), p.interval.code());
    outln!("{} {}", l.pick("下次到期", "下次到期", "next due"), p.next_due_on);
    for c in log {
        outln!("{} {}", c.done_on, c.note.clone().unwrap_or_default());
    }
}

pub(super) fn print_repair(ctx: &Ctx, r: &Repair) {
    let l = ctx.lang;
    outln!("#{} {} · {} · {}", r.id, r.terminal_sn, r.fault.label(l), r.status.label(l));
    outln!("{} {}", l.pick("报修日期", "報修日期", "opened"), r.opened_on);
    outln!("{} {}", l.pick("服务单号", "服務單號", "ticket no"), opt(&r.ticket_no));
    outln!("{} {}", l.pick("客服", "客服", "agent"), opt(&r.agent));
    outln!("{} {}", l.pick("预计取回", "預計取回", "expected back"), opt(&r.expected_back_on));
    for (title, list) in [
        (l.pick("需携带", "需攜帶", "documents"), &r.documents),
        (l.pick("修后测试", "修後測試", "tests"), &r.tests),
        (l.pick("旧机待办", "舊機待辦", "deregistration"), &r.deregistration),
    ] {
        if !list.is_empty() {
            let items: Vec<String> = list
                .iter()
                .map(|c| format!("{}{}", if c.done { "☑" } else { "☐" }, check_item_label(&c.item, l)))
                .collect();
            outln!("{title}: {}", items.join(" "));
        }
    }
}
