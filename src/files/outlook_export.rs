//! The outlook (费用与到期, issue 12) as an Excel workbook: the numbers behind each chart, one
//! sheet per chart, money as numbers in yuan — for the owner's accountant or a printed plan.

use super::export::{write_atomically, yuan, Exported};
use crate::error::{Error, Result};
use crate::i18n::Lang;
use crate::store::{Outlook, Store};
use chrono::NaiveDate;
use rust_xlsxwriter::{Format, Workbook, Worksheet};
use std::path::Path;

type X<T> = std::result::Result<T, rust_xlsxwriter::XlsxError>;

/// Writes the outlook as of `today` to `out` (.xlsx); `items`: the months written.
pub fn export_outlook_xlsx(store: &Store, out: &Path, lang: Lang, today: NaiveDate) -> Result<Exported> {
    let o = store.outlook(today)?;
    write_atomically(store.path(), out, |tmp| {
        workbook(&o, lang).and_then(|mut wb| wb.save(tmp)).map_err(|e| Error::SpreadsheetWrite(e.to_string()))
    })?;
    Ok(Exported { items: o.months.len() as u64 })
}

fn header(ws: &mut Worksheet, heads: &[&str]) -> X<()> {
    let bold = Format::new().set_bold();
    for (c, h) in heads.iter().enumerate() {
        let c = u16::try_from(c).unwrap_or(u16::MAX);
        ws.write_string_with_format(0, c, *h, &bold)?;
        ws.set_column_width(c, 14)?;
    }
    ws.set_freeze_panes(1, 0)?;
    Ok(())
}

fn workbook(o: &Outlook, lang: Lang) -> X<Workbook> {
    let p = |zh, tw, en| lang.pick(zh, tw, en);
    let money = Format::new().set_num_format("0.00");
    let mut wb = Workbook::new();

    let ws = wb.add_worksheet();
    ws.set_name(p("每月费用与到期", "每月費用與到期", "By month"))?;
    header(
        ws,
        &[
            p("月份", "月份", "Month"),
            p("到期流量卡", "到期SIM卡", "SIM cards expiring"),
            p("续费（元）", "續費（元）", "Renewal fees (yuan)"),
            p("未填年费的卡", "未填年費的卡", "Cards without a fee"),
            p("保修到期", "保固到期", "Warranties ending"),
            p("押金截止", "押金截止", "Deposit deadlines"),
            p("押金金额（元）", "押金金額（元）", "Deposits at stake (yuan)"),
            p("保养", "保養", "Maintenance"),
            p("维修预计取回", "維修預計取回", "Repairs due back"),
        ],
    )?;
    for (i, m) in o.months.iter().enumerate() {
        let r = u32::try_from(i + 1).unwrap_or(u32::MAX);
        ws.write_string(r, 0, &m.month)?;
        ws.write_number(r, 1, m.sims as f64)?;
        ws.write_number_with_format(r, 2, yuan(m.sim_fees), &money)?;
        ws.write_number(r, 3, m.sims_without_fee as f64)?;
        ws.write_number(r, 4, m.warranties as f64)?;
        ws.write_number(r, 5, m.deposits as f64)?;
        ws.write_number_with_format(r, 6, yuan(m.deposit_amount), &money)?;
        ws.write_number(r, 7, m.maintenance as f64)?;
        ws.write_number(r, 8, m.repairs as f64)?;
    }
    let r = u32::try_from(o.months.len() + 2).unwrap_or(u32::MAX);
    ws.write_string(r, 0, p("已过期未续", "已過期未續", "Lapsed, not renewed"))?;
    ws.write_number(r, 1, o.sims_lapsed as f64)?;
    ws.write_number_with_format(r, 2, yuan(o.sim_fees_lapsed), &money)?;

    let d = &o.deposits;
    let ws = wb.add_worksheet();
    ws.set_name(p("押金", "押金", "Deposits"))?;
    header(
        ws,
        &[p("押金", "押金", "Deposits"), p("笔数", "筆數", "Count"), p("金额（元）", "金額（元）", "Amount (yuan)")],
    )?;
    let rows = [
        (p("未到期", "未到期", "Held, on time"), d.held - d.held_late, d.held_amount - d.held_late_amount),
        (p("已过截止日", "已過截止日", "Held, past the deadline"), d.held_late, d.held_late_amount),
        (p("已退还", "已退還", "Refunded"), d.refunded, d.refunded_amount),
        (p("已扣除", "已扣除", "Forfeited"), d.forfeited, d.forfeited_amount),
    ];
    for (i, (label, n, fen)) in rows.iter().enumerate() {
        let r = u32::try_from(i + 1).unwrap_or(u32::MAX);
        ws.write_string(r, 0, *label)?;
        ws.write_number(r, 1, *n as f64)?;
        ws.write_number_with_format(r, 2, yuan(*fen), &money)?;
    }

    let ws = wb.add_worksheet();
    ws.set_name(p("终端状态", "刷卡機狀態", "By status"))?;
    header(ws, &[p("状态", "狀態", "Status"), p("台数", "台數", "Terminals")])?;
    for (i, s) in o.by_status.iter().enumerate() {
        let r = u32::try_from(i + 1).unwrap_or(u32::MAX);
        ws.write_string(r, 0, s.status.label(lang))?;
        ws.write_number(r, 1, s.count as f64)?;
    }

    let ws = wb.add_worksheet();
    ws.set_name(p("服务商", "服務商", "By provider"))?;
    header(ws, &[p("服务商", "服務商", "Provider"), p("台数", "台數", "Terminals")])?;
    let mut r = 1u32;
    for pc in &o.by_provider {
        ws.write_string(r, 0, pc.provider.as_deref().unwrap_or(p("未填服务商", "未填服務商", "No provider")))?;
        ws.write_number(r, 1, pc.count as f64)?;
        r += 1;
    }
    if o.other_providers > 0 {
        ws.write_string(r, 0, p("其他", "其他", "Others"))?;
        ws.write_number(r, 1, o.other_providers as f64)?;
    }
    Ok(wb)
}
