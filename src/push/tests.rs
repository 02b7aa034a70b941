#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use super::request::{dingtalk_sign, feishu_sign, reply};
use super::*;
use crate::error::{PushProblem, Result};

const WECOM: &str = "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=693a91f6-7xxx-4bc4-97a0-0ec2sifa5aaa";
const DING: &str = "https://oapi.dingtalk.com/robot/send?access_token=0123456789abcdef";
const FEISHU: &str = "https://open.feishu.cn/open-apis/bot/v2/hook/2a1b3c4d-5e6f-7a8b-9c0d-112233445566";

fn problem(r: Result<NewChannel>) -> (String, String) {
    match r {
        Err(crate::Error::Push(PushProblem::BadUrl { reason, .. })) => ("bad_url".into(), reason),
        Err(e) => (e.code().into(), String::new()),
        Ok(_) => ("ok".into(), String::new()),
    }
}

#[test]
fn each_platform_accepts_its_robot_address_and_refuses_a_part_missing() {
    use ChannelKind as K;
    assert_eq!(problem(NewChannel::check(K::Wecom, WECOM, None, None)).0, "ok");
    assert_eq!(problem(NewChannel::check(K::Dingtalk, DING, Some("SECabc"), None)).0, "ok");
    assert_eq!(problem(NewChannel::check(K::Feishu, FEISHU, Some("s3cret"), None)).0, "ok");
    assert_eq!(problem(NewChannel::check(K::Webhook, "https://api.day.app/KEY", None, None)).0, "ok");
    // Loopback and a private deployment: the host is not checked.
    assert_eq!(problem(NewChannel::check(K::Wecom, "http://127.0.0.1:8080/send?key=k", None, None)).0, "ok");
    let cases = [
        (K::Wecom, "https://qyapi.weixin.qq.com/cgi-bin/webhook/send", "no_key"),
        (K::Wecom, "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=", "no_key"),
        (K::Dingtalk, "https://oapi.dingtalk.com/robot/send", "no_token"),
        (K::Feishu, "https://open.feishu.cn/open-apis/bot/v2/hook/", "no_hook"),
        (K::Feishu, "https://open.feishu.cn/", "no_hook"),
        (K::Webhook, "ftp://example/x", "scheme"),
        (K::Webhook, "qyapi.weixin.qq.com/send?key=1", "not_url"),
        (K::Webhook, "https://a.example/x y", "control"),
        (K::Webhook, "https://a.example/\nx", "control"),
    ];
    for (kind, url, reason) in cases {
        assert_eq!(problem(NewChannel::check(kind, url, None, None)), ("bad_url".into(), reason.into()), "{url}");
    }
    let long = format!("https://a.example/?k={}", "x".repeat(2000));
    assert_eq!(problem(NewChannel::check(K::Webhook, &long, None, None)).1, "too_long");
    assert_eq!(problem(NewChannel::check(K::Wecom, WECOM, Some("x"), None)).0, "channel_no_secret");
    assert_eq!(problem(NewChannel::check(K::Dingtalk, DING, Some("a b"), None)).0, "invalid_text");
    let long = "S".repeat(201);
    match NewChannel::check(K::Dingtalk, DING, Some(&long), None) {
        Err(crate::Error::InvalidText { reason, .. }) => assert_eq!(reason, "too_long"),
        other => panic!("{:?}", other.map(|c| c.name)),
    }
    // A name: trimmed, one line; none means the platform's name.
    assert_eq!(NewChannel::check(K::Wecom, WECOM, None, None).unwrap().name, "企业微信");
    assert_eq!(NewChannel::check(K::Wecom, WECOM, None, Some("  店长群 ")).unwrap().name, "店长群");
    assert_eq!(problem(NewChannel::check(K::Wecom, WECOM, None, Some("a\nb"))).0, "invalid_text");
    // An empty secret is none.
    assert_eq!(NewChannel::check(K::Dingtalk, DING, Some("  "), None).unwrap().secret, None);
}

#[test]
fn a_shown_address_hides_the_robots_key() {
    let shown = masked_url(WECOM);
    assert!(shown.starts_with("https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=693a…"), "{shown}");
    assert!(!shown.contains("0ec2sifa5aaa"));
    let shown = masked_url(FEISHU);
    assert_eq!(shown, "https://open.feishu.cn/open-apis/bot/v2/hook/2a1b…");
    assert_eq!(masked_url("https://api.day.app/ABCDEFGHIJKLMN"), "https://api.day.app/ABCD…");
    // A secret in a Debug print of a target never shows.
    let t = Target {
        id: 1,
        kind: ChannelKind::Dingtalk,
        name: "x".into(),
        url: DING.into(),
        secret: Some("SECtopsecret".into()),
    };
    let printed = format!("{t:?}");
    assert!(!printed.contains("topsecret") && !printed.contains("89abcdef"), "{printed}");
}

#[test]
fn signatures_match_an_independent_hmac() {
    // Computed with Python's hmac and base64 modules, from the platforms' documented recipes.
    assert_eq!(dingtalk_sign("SEC0123456789abcdef", 1_765_100_000_000), "7GfPDPQIlbZ+Mx/QHTXJVpzFS8k4u6C+aSQDYfQtB5U=");
    assert_eq!(feishu_sign("feishu-secret-xyz", 1_765_100_000), "8KdDVfkfdap8/vsLCtkkshqFswNwGzCsxvon8b1Nqks=");
}

#[test]
fn replies_are_read_as_each_platform_documents_them() {
    use ChannelKind as K;
    let code = |k, status, body: &str| reply(k, status, body.as_bytes()).err().map(|p| p.code());
    assert_eq!(code(K::Wecom, 200, r#"{"errcode":0,"errmsg":"ok"}"#), None);
    assert_eq!(code(K::Wecom, 200, r#"{"errcode":93000,"errmsg":"invalid webhook url"}"#), Some("push_bad_key"));
    assert_eq!(code(K::Wecom, 200, r#"{"errcode":45009,"errmsg":"api freq out of limit"}"#), Some("push_refused"));
    assert_eq!(code(K::Dingtalk, 200, r#"{"errcode":0,"errmsg":"ok"}"#), None);
    assert_eq!(code(K::Dingtalk, 200, r#"{"errcode":310000,"errmsg":"sign not match"}"#), Some("push_signature"));
    assert_eq!(
        code(K::Dingtalk, 200, r#"{"errcode":310000,"errmsg":"keywords not in content"}"#),
        Some("push_refused")
    );
    assert_eq!(code(K::Dingtalk, 200, r#"{"errcode":300001,"errmsg":"token is not exist"}"#), Some("push_bad_key"));
    assert_eq!(code(K::Feishu, 200, r#"{"code":0,"msg":"success","data":{}}"#), None);
    assert_eq!(code(K::Feishu, 200, r#"{"StatusCode":0,"StatusMessage":"success"}"#), None);
    assert_eq!(code(K::Feishu, 200, r#"{"code":19021,"msg":"sign match fail"}"#), Some("push_signature"));
    assert_eq!(code(K::Feishu, 200, r#"{"code":19001,"msg":"param invalid"}"#), Some("push_bad_key"));
    assert_eq!(code(K::Webhook, 204, ""), None);
    assert_eq!(code(K::Webhook, 401, ""), Some("push_http"));
    assert_eq!(code(K::Wecom, 502, "<html>"), Some("push_http"));
    assert_eq!(code(K::Wecom, 200, "<html>gateway</html>"), Some("push_refused"));
}

#[test]
fn backoff_doubles_up_to_an_hour() {
    let m = |n| backoff(n).num_minutes();
    assert_eq!([m(0), m(1), m(2), m(3), m(6), m(7), m(50), m(u32::MAX)], [1, 1, 2, 4, 32, 60, 60, 60]);
}

fn reminder(i: usize, title: &str) -> crate::reminders::Reminder {
    use crate::domain::{ReminderKind, TerminalStatus, Urgency};
    let due = chrono::NaiveDate::from_ymd_opt(2026, 11, 22).unwrap_or_default() + chrono::Duration::days(i as i64);
    crate::reminders::Reminder {
        key: format!("sim_expiry:8986{i:016}"),
        kind: ReminderKind::SimExpiry,
        due_on: due,
        days_left: i as i64,
        urgency: Urgency::from_days_left(i as i64),
        title: title.to_string(),
        terminal_sn: Some(format!("SN-{i}")),
        iccid: None,
        acknowledged: false,
        snoozed_until: None,
        lead_days: 30,
        terminal: Some(crate::reminders::TerminalRef {
            sn: format!("SN-{i}"),
            brand: None,
            model: None,
            store: Some("店".repeat(200)),
            provider: None,
            status: TerminalStatus::InUse,
        }),
    }
}

#[test]
fn a_message_stays_under_wecoms_4096_bytes_whatever_the_titles() {
    // Titles of 4-byte characters and markdown's active characters (each made a 3-byte look-alike).
    for unit in ["𠀀", "<*#>", "流量卡到期：超长门店名称", "a"] {
        let title = unit.repeat(400);
        let list: Vec<_> = (0..40).map(|i| reminder(i, &title)).collect();
        let due: Vec<&crate::reminders::Reminder> = list.iter().collect();
        for lang in [crate::i18n::Lang::ZhCn, crate::i18n::Lang::ZhTw, crate::i18n::Lang::En] {
            let push = compose::compose(&due, lang);
            let md = push.markdown();
            assert!(md.len() <= 4096, "{unit:?} {lang:?}: {} bytes", md.len());
            assert!(!push.lines.is_empty());
            // Whatever has no line is counted.
            assert_eq!(push.total, 40);
            assert!(
                push.more.as_deref().is_some_and(|m| m.contains(&(40 - push.lines.len()).to_string())),
                "{:?}",
                push.more
            );
        }
    }
}

#[test]
fn user_text_mentions_nobody() {
    let list = [reminder(1, r#"<at user_id="all">所有人</at> **x** <@all>"#)];
    let due: Vec<_> = list.iter().collect();
    let push = compose::compose(&due, crate::i18n::Lang::ZhCn);
    for text in [push.plain(), push.markdown()] {
        assert!(!text.contains("<at") && !text.contains("<@") && !text.contains("</at>"), "{text}");
    }
    assert!(!push.markdown().contains("**x**"));
}

#[test]
fn masking_hides_tokens_anywhere_in_the_path_and_drops_a_password() {
    assert_eq!(masked_url("https://api.day.app/ABCDEFGHIJKLMN/"), "https://api.day.app/ABCD…/");
    assert_eq!(
        masked_url("https://api.example.org/bot123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw/sendMessage"),
        "https://api.example.org/bot1…/send…"
    );
    let shown = masked_url("https://user:pa55word@ntfy.example.net/alerts-for-the-shop");
    assert!(!shown.contains("pa55word"), "{shown}");
    assert!(shown.ends_with("/aler…"), "{shown}");
}
