//! Handlers for terminals, SIM cards, deposits, maintenance plans, contacts and demo data.

use super::args::{ContactCmd, DepositCmd, MaintenanceCmd, SimCmd, SimFields, TerminalCmd, TerminalFields};
use super::output::{print_json, print_terminal, print_terminal_rows};
use super::Ctx;
use poskeeper::domain::values::{parse_count, parse_date, parse_yuan};
use poskeeper::domain::{
    Carrier, ContactInput, ContactKind, DepositStatus, Interval, MaintenanceMode, MaintenanceTask, NewDeposit, NewPlan,
    Payer, SimForm, SimPatch, TerminalKind, TerminalPatch, TerminalStatus,
};
use poskeeper::store::TerminalQuery;
use poskeeper::{Error, Result};

pub(super) fn date(field: &'static str, v: Option<&str>) -> Result<Option<chrono::NaiveDate>> {
    v.map(|s| parse_date(field, s)).transpose()
}

pub(super) fn money(field: &'static str, v: Option<&str>) -> Result<Option<i64>> {
    v.map(|s| parse_yuan(field, s)).transpose()
}

pub(super) fn lead(v: Option<&str>) -> Result<Option<i64>> {
    v.map(|s| parse_count("lead", s, 3650)).transpose()
}

pub(super) fn id(what: &'static str, s: &str) -> Result<i64> {
    s.trim().parse::<i64>().ok().filter(|n| *n > 0).ok_or(Error::InvalidNumber {
        field: what,
        value: s.to_string(),
        expected: "the number the creating command printed",
    })
}

/// Parses a code-list value with the type's own parser.
pub(super) fn code<T>(v: Option<&str>, parse: fn(&str) -> Result<T>) -> Result<Option<T>> {
    v.map(parse).transpose()
}

fn terminal_patch(f: &TerminalFields) -> Result<TerminalPatch> {
    Ok(TerminalPatch {
        brand: f.brand.clone(),
        model: f.model.clone(),
        kind: code(f.kind.as_deref(), TerminalKind::parse)?,
        provider: f.provider.clone(),
        merchant_no: f.merchant_no.clone(),
        terminal_no: f.terminal_no.clone(),
        store: f.store.clone(),
        status: code(f.status.as_deref(), TerminalStatus::parse)?,
        acquired_on: date("acquired_on", f.acquired_on.as_deref())?,
        activated_on: date("activated_on", f.activated_on.as_deref())?,
        warranty_until: date("warranty_until", f.warranty_until.as_deref())?,
        warranty_months: f
            .warranty_months
            .as_deref()
            .map(|s| parse_count("warranty_months", s, 240).map(|n| u32::try_from(n).unwrap_or(0)))
            .transpose()?,
        warranty_provider: f.warranty_provider.clone(),
        warranty_terms: f.warranty_terms.clone(),
        warranty_lead_days: lead(f.warranty_lead.as_deref())?,
        notes: f.notes.clone(),
    })
}

pub(super) fn terminal(ctx: &Ctx, cmd: TerminalCmd) -> Result<()> {
    match cmd {
        TerminalCmd::Add { sn, fields } => {
            let patch = terminal_patch(&fields)?;
            let sn = poskeeper::domain::values::check_sn(&sn)?;
            ctx.open()?.add_terminal(&sn, &patch)?;
            outln!("{sn}");
        }
        TerminalCmd::Set { sn, fields } => {
            let patch = terminal_patch(&fields)?;
            if !ctx.open()?.set_terminal(&sn, &patch)? {
                ctx.warn("没有任何改动", "nothing changed");
            }
        }
        TerminalCmd::List { search, status, json } => {
            let status = code(status.as_deref(), TerminalStatus::parse)?;
            let q = TerminalQuery { search, status, ..TerminalQuery::default() };
            // Streamed: rows go out as SQLite reads them, at any size.
            print_terminal_rows(ctx, &ctx.open()?, &q, json)?;
        }
        TerminalCmd::Show { sn, json } => {
            let detail = ctx.open()?.terminal_detail(&sn)?;
            if json {
                print_json(&detail)?;
            } else {
                print_terminal(ctx, &detail);
            }
        }
    }
    Ok(())
}

fn sim_patch(f: &SimFields) -> Result<SimPatch> {
    Ok(SimPatch {
        msisdn: f.msisdn.clone(),
        carrier: code(f.carrier.as_deref(), Carrier::parse)?,
        form: code(f.form.as_deref(), SimForm::parse)?,
        plan: f.plan.clone(),
        quota_mb: f.quota_mb.as_deref().map(|s| parse_count("quota_mb", s, 10_000_000)).transpose()?,
        annual_fee: money("fee", f.fee.as_deref())?,
        paid_by: code(f.paid_by.as_deref(), Payer::parse)?,
        activated_on: date("activated_on", f.activated_on.as_deref())?,
        expires_on: date("expires_on", f.expires_on.as_deref())?,
        lead_days: lead(f.lead.as_deref())?,
        notes: f.notes.clone(),
    })
}

pub(super) fn sim(ctx: &Ctx, cmd: SimCmd) -> Result<()> {
    match cmd {
        SimCmd::Add { iccid, terminal, fields } => {
            let patch = sim_patch(&fields)?;
            let (iccid, _) = poskeeper::domain::values::check_iccid(&iccid)?;
            let (_, luhn_ok) = ctx.open()?.add_sim(&iccid, &patch, terminal.as_deref(), ctx.clock.today())?;
            if !luhn_ok {
                ctx.warn(
                    &format!("ICCID {iccid} 的校验位不对，请核对卡上印的号码（已保存）"),
                    &format!(
                        "the check digit of ICCID {iccid} is wrong; please compare it with the card (saved anyway)"
                    ),
                );
            }
            outln!("{iccid}");
        }
        SimCmd::Set { iccid, fields } => {
            let patch = sim_patch(&fields)?;
            if !ctx.open()?.set_sim(&iccid, &patch)? {
                ctx.warn("没有任何改动", "nothing changed");
            }
        }
        SimCmd::Assign { iccid, terminal } => ctx.open()?.assign_sim(&iccid, &terminal, ctx.clock.today())?,
        SimCmd::Cancel { iccid } => {
            if !ctx.open()?.cancel_sim(&iccid)? {
                ctx.warn("这张卡已经注销过了", "the card was already cancelled");
            }
        }
        SimCmd::Renew { iccid, until, fee, on } => {
            let until = parse_date("until", &until)?;
            let fee = money("fee", fee.as_deref())?;
            let on = ctx.date_or_today("on", on.as_deref())?;
            let r = ctx.open()?.renew_sim(&iccid, until, fee, on)?;
            outln!("{}", r.new_expires_on);
        }
        SimCmd::Show { iccid, json } => {
            let d = ctx.open()?.sim(&iccid)?;
            if json {
                print_json(&d)?;
            } else {
                super::output::print_sim(ctx, &d);
            }
        }
    }
    Ok(())
}

pub(super) fn deposit(ctx: &Ctx, cmd: DepositCmd) -> Result<()> {
    match cmd {
        DepositCmd::Add { sn, amount, deadline, paid_on, condition, target, lead: l } => {
            let d = NewDeposit {
                amount: parse_yuan("amount", &amount)?,
                deadline: parse_date("deadline", &deadline)?,
                paid_on: date("paid_on", paid_on.as_deref())?,
                condition,
                volume_target: money("volume_target", target.as_deref())?,
                lead_days: lead(l.as_deref())?,
            };
            outln!("{}", ctx.open()?.add_deposit(&sn, &d)?);
        }
        DepositCmd::Refunded { id: i, on } => {
            let i = id("deposit", &i)?;
            let on = ctx.date_or_today("on", on.as_deref())?;
            ctx.open()?.settle_deposit(i, DepositStatus::Refunded, Some(on))?;
        }
        DepositCmd::Forfeited { id: i } => {
            let i = id("deposit", &i)?;
            ctx.open()?.settle_deposit(i, DepositStatus::Forfeited, None)?;
        }
    }
    Ok(())
}

pub(super) fn maintenance(ctx: &Ctx, cmd: MaintenanceCmd) -> Result<()> {
    match cmd {
        MaintenanceCmd::Add { sn, all, task, every, starts_on, mode, lead: l } => {
            let plan = NewPlan {
                task: MaintenanceTask::parse(&task)?,
                interval: Interval::parse(&every)?,
                starts_on: ctx.date_or_today("starts_on", starts_on.as_deref())?,
                mode: MaintenanceMode::parse(&mode)?,
                lead_days: lead(l.as_deref())?,
            };
            let target = if all { None } else { sn.as_deref() };
            for plan_id in ctx.open()?.add_plans(target, &plan)? {
                outln!("{plan_id}");
            }
        }
        MaintenanceCmd::Done { id: i, on, note } => {
            let i = id("maintenance plan", &i)?;
            let on = ctx.date_or_today("on", on.as_deref())?;
            outln!("{}", ctx.open()?.complete_plan(i, on, note.as_deref())?);
        }
        MaintenanceCmd::Show { id: i, json } => {
            let (plan, log) = ctx.open()?.plan(id("maintenance plan", &i)?)?;
            if json {
                print_json(&poskeeper::store::PlanWithLog { plan, completions: log })?;
            } else {
                super::output::print_plan(ctx, &plan, &log);
            }
        }
    }
    Ok(())
}

pub(super) fn contact(ctx: &Ctx, cmd: ContactCmd) -> Result<()> {
    match cmd {
        ContactCmd::Add { name, kind, phone, hours, website, address, notes } => {
            let input =
                ContactInput { name, kind: Some(ContactKind::parse(&kind)?), phone, hours, website, address, notes };
            outln!("{}", ctx.open()?.add_contact(&input)?);
        }
        ContactCmd::List { json } => {
            let list = ctx.open()?.contacts()?;
            if json {
                print_json(&list)?;
            } else {
                for c in list {
                    outln!(
                        "{}\t{}\t{}\t{}",
                        c.name,
                        c.kind.label(ctx.lang),
                        c.phone.unwrap_or_default(),
                        c.hours.unwrap_or_default()
                    );
                }
            }
        }
        ContactCmd::Link { name, terminal } => ctx.open()?.link_contact(&name, &terminal)?,
    }
    Ok(())
}

pub(super) fn demo(ctx: &Ctx, terminals: u64, seed: u64) -> Result<()> {
    if terminals == 0 || terminals > 1_000_000 {
        return Err(Error::InvalidNumber {
            field: "terminals",
            value: terminals.to_string(),
            expected: "1 to 1000000",
        });
    }
    let mut store = ctx.open()?;
    let started = std::time::Instant::now();
    let s = poskeeper::demo::generate(&mut store, terminals, seed, ctx.clock.today())?;
    let secs = started.elapsed().as_secs_f64();
    if ctx.lang.is_chinese() {
        eprintln!(
            "已写入示例数据：终端 {}，流量卡 {}，押金 {}，保养计划 {}，维修工单 {}，联系方式 {}（{secs:.2} 秒）",
            s.terminals, s.sims, s.deposits, s.plans, s.repairs, s.contacts
        );
    } else {
        eprintln!(
            "sample data written: {} terminals, {} SIM cards, {} deposits, {} plans, {} repairs, {} contacts ({secs:.2} s)",
            s.terminals, s.sims, s.deposits, s.plans, s.repairs, s.contacts
        );
    }
    Ok(())
}
