//! `poskeeper channel …` and `poskeeper push` (SPEC §4): phone-push channels and a round of push.

use super::args::ChannelCmd;
use super::items::id;
use super::output::print_json;
use super::Ctx;
use poskeeper::domain::ChannelKind;
use poskeeper::i18n::Lang;
use poskeeper::push::run::{self, Moment, Outcome};
use poskeeper::push::{send::TIMEOUT, NewChannel};
use poskeeper::{Error, Result};

pub(super) fn channel(ctx: &Ctx, cmd: ChannelCmd) -> Result<()> {
    match cmd {
        ChannelCmd::Add { kind, url, secret, name } => {
            let kind = ChannelKind::parse(&kind)?;
            let new = NewChannel::check(kind, &url, secret.as_deref(), name.as_deref())?;
            let id = ctx.open()?.add_channel(&new)?;
            outln!("{id}");
        }
        ChannelCmd::List { json } => {
            let list = ctx.open()?.channels()?;
            if json {
                return print_json(&list);
            }
            if list.is_empty() {
                outln!("{}", ctx.lang.pick("还没有手机提醒渠道", "還沒有手機提醒管道", "no phone push channels yet"));
            }
            for c in list {
                let s = &c.status;
                let ok = s.last_ok_at.map(|t| t.format("%Y-%m-%d %H:%M").to_string()).unwrap_or_default();
                let err = s.last_error.clone().unwrap_or_default();
                outln!("{}\t{}\t{}\t{}\t{}\t{}", c.id, c.kind.label(ctx.lang), c.name, c.url_shown, ok, err);
            }
        }
        ChannelCmd::Test { id: given } => {
            let id = id("push channel", &given)?;
            let mut store = ctx.open()?;
            let lang = message_lang(ctx, &store)?;
            run::test(&mut store, id, moment(ctx, None)?, lang, TIMEOUT)?;
            outln!("{}", ctx.lang.pick("测试消息已送达", "測試訊息已送達", "test message delivered"));
        }
        ChannelCmd::Remove { id: given } => {
            let id = id("push channel", &given)?;
            ctx.open()?.remove_channel(id)?;
        }
    }
    Ok(())
}

/// The messages' language: the app's setting, else (never set) the language of this session, as
/// the app follows the OS's.
fn message_lang(ctx: &Ctx, store: &poskeeper::Store) -> Result<Lang> {
    Ok(if store.setting_is_stored("language")? { store.settings()?.language } else { ctx.lang })
}

fn moment(ctx: &Ctx, as_of: Option<&str>) -> Result<Moment> {
    let now = ctx.clock.now_local();
    let date = ctx.date_or_today("as_of", as_of)?;
    Ok(Moment { local: date.and_time(now.time()), utc: ctx.clock.now_utc() })
}

/// One round; exits 1 when a channel failed (after printing every channel's outcome), so a
/// scheduled task shows the failure.
pub(super) fn push(ctx: &Ctx, dry_run: bool, as_of: Option<&str>, json: bool) -> Result<()> {
    let at = moment(ctx, as_of)?;
    let mut store = ctx.open()?;
    if !dry_run && as_of.is_none() {
        // What no decision reads again (a scheduled `push` is the app's daily pass on a PC
        // where the app does not run); never as of another date than today.
        store.forget_old_notifications(at.local.date())?;
    }
    let listed = store.reminders(at.local.date())?;
    let lang = message_lang(ctx, &store)?;
    let outcomes = run::push(&mut store, &listed, at, lang, dry_run, TIMEOUT)?;
    if json {
        print_json(&outcomes)?;
    } else {
        if outcomes.is_empty() {
            outln!(
                "{}",
                ctx.lang.pick(
                    "还没有手机提醒渠道（用 poskeeper channel add 添加）",
                    "還沒有手機提醒管道（用 poskeeper channel add 新增）",
                    "no phone push channels (add one with poskeeper channel add)"
                )
            );
        }
        // The user's offset from UTC, for "try again after 10:42".
        let offset = ctx.clock.now_local() - ctx.clock.now_utc().naive_utc();
        for o in &outcomes {
            outln!("{}\t{}\t{}", o.id, o.name, said(&o.outcome, ctx.lang, offset));
            if let Outcome::WouldSend { text, .. } = &o.outcome {
                for line in text.lines() {
                    outln!("\t{line}");
                }
            }
        }
    }
    let failed = outcomes.iter().filter(|o| matches!(o.outcome, Outcome::Failed { .. })).count();
    if failed > 0 {
        return Err(Error::PushFailed { channels: failed });
    }
    Ok(())
}

fn said(o: &Outcome, lang: Lang, offset: chrono::Duration) -> String {
    let pick = |zh: String, tw: String, en: String| match lang {
        Lang::ZhCn => zh,
        Lang::ZhTw => tw,
        Lang::En => en,
    };
    match o {
        Outcome::Sent { items } => pick(
            format!("已发送 {items} 项提醒"),
            format!("已發送 {items} 項提醒"),
            format!("sent: {items} reminder(s)"),
        ),
        Outcome::WouldSend { items, .. } => pick(
            format!("将发送 {items} 项提醒："),
            format!("將發送 {items} 項提醒："),
            format!("would send {items} reminder(s):"),
        ),
        Outcome::Nothing => lang.pick("没有新的提醒", "沒有新的提醒", "nothing new").into(),
        Outcome::Held => lang.pick("免打扰时段，稍后发送", "勿擾時段，稍後發送", "held back by quiet hours").into(),
        Outcome::Waiting { until } => {
            let at = (until.naive_utc() + offset).format("%H:%M");
            pick(
                format!("上次发送失败，{at} 后再试"),
                format!("上次發送失敗，{at} 後再試"),
                format!("failed before; next try after {at}"),
            )
        }
        Outcome::Busy => lang
            .pick(
                "另一处（如 POS管家 应用）正在发送",
                "另一處（如 POS管家 應用）正在發送",
                "another push is sending to it now",
            )
            .into(),
        Outcome::Failed { problem, .. } => {
            let message = Error::Push(problem.clone()).message(lang);
            pick(format!("发送失败：{message}"), format!("發送失敗：{message}"), format!("failed: {message}"))
        }
    }
}
