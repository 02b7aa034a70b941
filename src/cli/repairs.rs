//! Handlers for repair tickets.

use super::args::RepairCmd;
use super::items::{code, date, id, money};
use super::output::{print_json, print_repair};
use super::Ctx;
use poskeeper::domain::{NewRepair, RepairChannel, RepairClose, RepairFault, RepairPatch, RepairStatus, SimFate};
use poskeeper::{Error, Result};

fn yes_no(v: Option<&str>) -> Result<Option<bool>> {
    v.map(|s| match s.trim().to_ascii_lowercase().as_str() {
        "yes" | "y" | "true" | "1" | "是" => Ok(true),
        "no" | "n" | "false" | "0" | "否" => Ok(false),
        _ => Err(Error::InvalidValue { field: "under_warranty", value: s.to_string(), allowed: "yes, no".into() }),
    })
    .transpose()
}

pub(super) fn repair(ctx: &Ctx, cmd: RepairCmd) -> Result<()> {
    match cmd {
        RepairCmd::Open {
            sn,
            fault,
            opened_on,
            ticket_no,
            agent,
            contact,
            channel,
            expected_back,
            description,
            under_warranty,
        } => {
            let n = NewRepair {
                fault: RepairFault::parse(&fault)?,
                opened_on: ctx.date_or_today("opened_on", opened_on.as_deref())?,
                description,
                contact,
                agent,
                ticket_no,
                channel: code(channel.as_deref(), RepairChannel::parse)?,
                expected_back_on: date("expected_back", expected_back.as_deref())?,
                under_warranty: yes_no(under_warranty.as_deref())?,
            };
            outln!("{}", ctx.open()?.open_repair(&sn, &n)?);
        }
        RepairCmd::Update {
            id: i,
            status,
            expected_back,
            ticket_no,
            agent,
            contact,
            channel,
            description,
            cost,
            under_warranty,
            docs,
            passed,
            dereg,
        } => {
            let i = id("repair ticket", &i)?;
            let p = RepairPatch {
                status: code(status.as_deref(), RepairStatus::parse)?,
                description,
                contact,
                agent,
                ticket_no,
                channel: code(channel.as_deref(), RepairChannel::parse)?,
                expected_back_on: date("expected_back", expected_back.as_deref())?,
                cost: money("cost", cost.as_deref())?,
                under_warranty: yes_no(under_warranty.as_deref())?,
                documents_done: docs,
                tests_passed: passed,
                deregistration_done: dereg,
            };
            ctx.open()?.update_repair(i, &p)?;
        }
        RepairCmd::Close { id: i, on, result, warranty_until, replaced_by, cost, inherit, sim, dereg } => {
            let i = id("repair ticket", &i)?;
            let c = RepairClose {
                closed_on: date("on", on.as_deref())?,
                result,
                warranty_until: date("warranty_until", warranty_until.as_deref())?,
                replaced_by,
                cost: money("cost", cost.as_deref())?,
                inherit,
                sim: sim.as_deref().map(SimFate::parse).transpose()?,
                deregistration_done: dereg,
            };
            let r = ctx.open()?.close_repair(i, &c, ctx.clock.today())?;
            // What is left to do for the old terminal (the steps done in this close are not).
            let left: Vec<_> = r.deregistration.iter().filter(|c| !c.done).collect();
            if !left.is_empty() {
                let steps: Vec<&str> =
                    left.iter().map(|c| poskeeper::domain::check_item_label(&c.item, ctx.lang)).collect();
                ctx.warn(
                    &format!("旧机待办：{}", steps.join("、")),
                    &format!("for the old terminal: {}", steps.join(", ")),
                );
            }
        }
        RepairCmd::Show { id: i, json } => {
            let r = ctx.open()?.repair(id("repair ticket", &i)?)?;
            if json {
                print_json(&r)?;
            } else {
                print_repair(ctx, &r);
            }
        }
        RepairCmd::List { json } => {
            let list = ctx.open()?.open_repairs()?;
            if json {
                print_json(&list)?;
            } else {
                for r in &list {
                    outln!(
                        "{}\t{}\t{}\t{}\t{}",
                        r.id,
                        r.terminal_sn,
                        r.fault.label(ctx.lang),
                        r.status.label(ctx.lang),
                        r.expected_back_on.map(|d| d.to_string()).unwrap_or_default()
                    );
                }
            }
        }
    }
    Ok(())
}
