//! Phone push through the real CLI against stand-ins for 企业微信, 钉钉, 飞书 and a webhook on
//! 127.0.0.1 (SPEC §3 "Phone push", §4 `channel`, `push`): each request as the platform documents
//! it, each reminder once per channel and level across runs, a failing or hanging channel that
//! holds no other, quiet hours, two pushes at once, and secrets that never leave the file.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;
mod robot;

use common::Db;
use robot::{dingtalk_signed, feishu_signed, Answer, Robot};
use serde_json::Value;
use std::collections::BTreeSet;

const NOW: &str = "2026-11-22T10:00:00";
const NOW_MS: i64 = 1_795_341_600_000; // NOW as UTC, in ms (the CLI's fixed clock is UTC)

fn demo() -> Db {
    let db = Db::new();
    db.ok(&["demo", "--terminals", "40"]);
    // The messages are in the app's language (never set: the session's, English here).
    db.ok(&["settings", "language", "zh-CN"]);
    db
}

/// `push` at a moment; the outcome.
fn push_at(db: &Db, now: &str) -> common::Out {
    let mut c = db.cmd();
    c.env("POSKEEPER_NOW", now).args(["push"]);
    let o = c.output().unwrap();
    common::Out {
        code: o.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&o.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&o.stderr).into_owned(),
    }
}

fn unacked_keys(db: &Db, date: &str) -> BTreeSet<String> {
    db.reminders(date)
        .into_iter()
        .filter(|r| r["acknowledged"] == false)
        .map(|r| r["key"].as_str().unwrap().to_string())
        .collect()
}

fn item_keys(body: &Value) -> BTreeSet<String> {
    body["items"].as_array().unwrap().iter().map(|i| i["key"].as_str().unwrap().to_string()).collect()
}

fn channels(db: &Db) -> Vec<Value> {
    serde_json::from_str::<Value>(&db.ok(&["channel", "list", "--json"])).unwrap().as_array().unwrap().clone()
}

#[test]
fn each_platform_gets_its_request_as_documented_and_signed() {
    let db = demo();
    let ok = Robot::ok();
    let feishu = Robot::start(Answer::Reply(200, r#"{"code":0,"msg":"success","data":{}}"#.into()));
    let wecom = db.ok(&["channel", "add", "wecom", "--url", &ok.url("/cgi-bin/webhook/send?key=WKEY-1234-5678")]);
    let ding = db.ok(&[
        "channel",
        "add",
        "dingtalk",
        "--url",
        &ok.url("/robot/send?access_token=DTOKEN0123456789"),
        "--secret",
        "SECding",
        "--name",
        "店长群",
    ]);
    db.ok(&["channel", "add", "feishu", "--url", &feishu.url("/open-apis/bot/v2/hook/fs-hook-0001"), "--secret", "fs"]);
    db.ok(&["channel", "add", "webhook", "--url", &ok.url("/hook/BARKKEY12345"), "--secret", "bearer-token"]);
    assert_eq!((wecom.as_str(), ding.as_str()), ("1", "2"), "each add prints the channel's ID");

    let out = push_at(&db, NOW);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let expected = unacked_keys(&db, "2026-11-22");
    assert!(expected.len() > 3, "the demo lists enough to summarise");
    let seen = ok.seen();
    assert_eq!(seen.len(), 3, "one request to each of the three channels on this stand-in: {seen:#?}");
    for s in &seen {
        assert!(s.header("content-type").unwrap().starts_with("application/json"), "{s:?}");
    }
    let by = |p: &str| seen.iter().find(|s| s.target.starts_with(p)).unwrap().clone();

    // 企业微信: the address as given, markdown.
    let w = by("/cgi-bin/webhook/send");
    assert_eq!(w.target, "/cgi-bin/webhook/send?key=WKEY-1234-5678");
    assert_eq!(w.body["msgtype"], "markdown");
    let text = w.text();
    assert!(text.starts_with(&format!("**POS管家提醒：{} 项需要处理**", expected.len())), "{text}");
    assert!(text.contains("\n- ") && text.contains("SN "), "one line per item naming the terminal: {text}");

    // 钉钉: signed in the query, markdown with a title.
    let d = by("/robot/send");
    assert_eq!(d.query("access_token").as_deref(), Some("DTOKEN0123456789"));
    assert!(dingtalk_signed(&d, "SECding", NOW_MS), "钉钉 would refuse the signature: {}", d.target);
    assert!(!dingtalk_signed(&d, "SECother", NOW_MS), "the check itself can fail");
    assert_eq!(d.body["msgtype"], "markdown");
    assert!(d.body["markdown"]["title"].as_str().unwrap().contains("POS管家提醒"));

    // 飞书: signed in the body, text.
    let f = feishu.seen();
    assert_eq!(f.len(), 1);
    assert_eq!(f[0].target, "/open-apis/bot/v2/hook/fs-hook-0001");
    assert_eq!(f[0].body["msg_type"], "text");
    assert!(feishu_signed(&f[0], "fs", NOW_MS / 1000), "飞书 would refuse the signature: {}", f[0].body);
    assert!(f[0].text().contains("• "), "{}", f[0].text());

    // A webhook: the secret as a bearer token; every item with its key.
    let h = by("/hook/");
    assert_eq!(h.header("authorization"), Some("Bearer bearer-token"));
    assert_eq!(item_keys(&h.body), expected, "the webhook carries every unacknowledged reminder");
    assert_eq!(h.body["total"], expected.len());
    for field in ["title", "body", "message", "desp"] {
        assert!(h.body[field].as_str().is_some_and(|t| t.contains("POS管家")), "{field}: {}", h.body);
    }

    let listed = channels(&db);
    assert!(listed.iter().all(|c| c["status"]["last_ok_at"].is_string() && c["status"]["failures"] == 0));
}

#[test]
fn each_reminder_reaches_each_channel_once_per_level_across_runs() {
    let db = demo();
    let ok = Robot::ok();
    db.ok(&["channel", "add", "webhook", "--url", &ok.url("/a")]);
    db.ok(&["channel", "add", "webhook", "--url", &ok.url("/b")]);
    assert_eq!(push_at(&db, NOW).code, 0);
    assert_eq!(ok.seen().len(), 2);
    let day1 = db.reminders("2026-11-22");
    // Another process, later the same day: nothing again.
    let again = push_at(&db, "2026-11-22T15:00:00");
    assert_eq!(again.code, 0);
    assert!(again.stdout.contains("nothing new") || again.stdout.contains("没有新的提醒"), "{}", again.stdout);
    assert_eq!(ok.seen().len(), 2, "the same reminders went twice");

    // A week on: what is overdue comes again (once a day), and what rose a level; nothing else.
    let level: std::collections::BTreeMap<String, String> = day1
        .iter()
        .map(|r| (r["key"].as_str().unwrap().to_string(), r["urgency"].as_str().unwrap().to_string()))
        .collect();
    assert_eq!(push_at(&db, "2026-11-29T10:00:00").code, 0);
    let seen = ok.seen();
    assert_eq!(seen.len(), 4);
    let later = db.reminders("2026-11-29");
    let want: BTreeSet<String> = later
        .iter()
        .filter(|r| {
            let key = r["key"].as_str().unwrap();
            r["urgency"] == "overdue" || level.get(key).is_none_or(|u| r["urgency"] != u.as_str())
        })
        .map(|r| r["key"].as_str().unwrap().to_string())
        .collect();
    assert!(!want.is_empty());
    assert_eq!(item_keys(&seen[2].body), want);
    assert_eq!(item_keys(&seen[3].body), want);
}

#[test]
fn a_failing_channel_is_tried_again_later_and_holds_no_other() {
    let db = demo();
    let down = Robot::start(Answer::Reply(500, "{}".into()));
    let ok = Robot::ok();
    db.ok(&["channel", "add", "wecom", "--url", &down.url("/send?key=DOWNKEY")]);
    db.ok(&["channel", "add", "wecom", "--url", &ok.url("/send?key=UPKEY")]);
    let out = push_at(&db, NOW);
    assert_eq!(out.code, 1, "a scheduled task sees the failure");
    assert!(out.stderr.contains("1 phone push channel(s) failed"), "{}", out.stderr);
    assert!(out.stdout.contains("failed: the server answered HTTP 500"), "{}", out.stdout);
    assert_eq!((down.seen().len(), ok.seen().len()), (1, 1));
    let c = &channels(&db)[0]["status"];
    assert_eq!((c["last_error_code"].as_str(), c["failures"].as_i64()), (Some("push_http"), Some(1)));
    assert!(c["next_try_at"].as_str().unwrap().contains("10:01:00"), "a minute later: {c}");

    // Within the minute: not tried.
    let out = push_at(&db, "2026-11-22T10:00:30");
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(out.stdout.contains("next try after 10:01"), "{}", out.stdout);
    assert_eq!(down.seen().len(), 1);
    // Failing again waits two minutes.
    assert_eq!(push_at(&db, "2026-11-22T10:01:00").code, 1);
    assert!(channels(&db)[0]["status"]["next_try_at"].as_str().unwrap().contains("10:03:00"));
    // Back up: everything it missed, once; the other channel has nothing new.
    down.answer(Answer::Reply(200, r#"{"errcode":0,"errmsg":"ok"}"#.into()));
    assert_eq!(push_at(&db, "2026-11-22T10:03:00").code, 0);
    let seen = down.seen();
    assert_eq!((seen.len(), ok.seen().len()), (3, 1));
    assert_eq!(seen[2].text(), ok.seen()[0].text(), "the missed message, whole");
    let c = &channels(&db)[0]["status"];
    assert_eq!((c["failures"].as_i64(), c["next_try_at"].is_null()), (Some(0), true));
    assert!(c["last_ok_at"].is_string());
}

#[test]
fn quiet_hours_hold_pushes_until_morning() {
    let db = demo();
    let ok = Robot::ok();
    db.ok(&["channel", "add", "webhook", "--url", &ok.url("/q")]);
    let out = push_at(&db, "2026-11-22T22:30:00");
    assert_eq!(out.code, 0);
    assert!(out.stdout.contains("quiet hours") || out.stdout.contains("免打扰"), "{}", out.stdout);
    assert!(ok.seen().is_empty());
    assert_eq!(push_at(&db, "2026-11-23T08:00:00").code, 0);
    assert_eq!(ok.seen().len(), 1);
}

#[test]
fn pushes_at_the_same_moment_send_each_channel_once() {
    let db = demo();
    // A slow platform keeps the first push busy while the others start.
    let slow = Robot::start(Answer::Slow(std::time::Duration::from_millis(1500), 200, r#"{"errcode":0}"#.into()));
    db.ok(&["channel", "add", "wecom", "--url", &slow.url("/s?key=K1")]);
    db.ok(&["channel", "add", "dingtalk", "--url", &slow.url("/s?access_token=T2")]);
    let children: Vec<_> = (0..4)
        .map(|_| {
            let mut c = std::process::Command::new(assert_cmd::cargo::cargo_bin("poskeeper"));
            c.arg("--db").arg(&db.path).args(["push"]).env("POSKEEPER_NOW", NOW).env("LANG", "en_US.UTF-8");
            c.stdout(std::process::Stdio::piped()).spawn().unwrap()
        })
        .collect();
    let outs: Vec<String> = children
        .into_iter()
        .map(|c| String::from_utf8_lossy(&c.wait_with_output().unwrap().stdout).into_owned())
        .collect();
    let seen = slow.seen();
    let to = |p: &str| seen.iter().filter(|s| s.target.contains(p)).count();
    assert_eq!((to("key=K1"), to("access_token=T2")), (1, 1), "{outs:#?}");
    assert_eq!(outs.iter().map(|o| o.matches("sent:").count()).sum::<usize>(), 2, "{outs:#?}");
}

#[test]
fn a_refusal_says_what_went_wrong_in_the_users_words() {
    let db = demo();
    // The CLI speaks the session's language: LANG on Linux, the OS's display language on Windows.
    let zh = |args: &[&str]| {
        let mut c = db.cmd();
        c.env("LANG", "zh_CN.UTF-8").args(args);
        let o = c.output().unwrap();
        (o.status.code(), String::from_utf8_lossy(&o.stdout).into_owned() + &String::from_utf8_lossy(&o.stderr))
    };
    let chinese_session = cfg!(not(windows));
    // What the app shows beside the channel, in the app's language (zh-CN here).
    let last_error = |i: usize| channels(&db)[i]["status"]["last_error"].as_str().unwrap_or_default().to_string();

    let bad_key = Robot::start(Answer::Reply(200, r#"{"errcode":93000,"errmsg":"invalid webhook url"}"#.into()));
    db.ok(&["channel", "add", "wecom", "--url", &bad_key.url("/send?key=GONE-KEY-0001")]);
    let (code, said) = zh(&["channel", "test", "1"]);
    assert_eq!(code, Some(1));
    assert!(said.contains("93000") && !said.contains("GONE-KEY-0001"), "the key is not repeated: {said}");
    assert!(!chinese_session || said.contains("平台不认这个机器人的 key 或 token"), "{said}");
    assert!(
        last_error(0).starts_with("平台不认这个机器人的 key 或 token（可能已删除或抄错；错误 93000"),
        "{}",
        last_error(0)
    );
    assert!(bad_key.seen()[0].text().contains("测试消息"), "{:?}", bad_key.seen());

    let bad_sign = Robot::start(Answer::Reply(200, r#"{"errcode":310000,"errmsg":"sign not match"}"#.into()));
    let url = bad_sign.url("/robot/send?access_token=TOK");
    db.ok(&["channel", "add", "dingtalk", "--url", &url, "--secret", "SECwrong-secret"]);
    let (code, said) = zh(&["channel", "test", "2"]);
    assert_eq!(code, Some(1));
    assert!(!said.contains("SECwrong-secret"), "{said}");
    assert!(!chinese_session || said.contains("平台拒绝了签名") && said.contains("时间"), "{said}");
    assert!(last_error(1).starts_with("平台拒绝了签名：请核对签名密钥，并确认这台电脑的时间准确"), "{}", last_error(1));

    // Nobody listening on the port.
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    db.ok(&["channel", "add", "webhook", "--url", &format!("http://127.0.0.1:{port}/x/SECRETPATH123")]);
    let (code, said) = zh(&["channel", "test", "3"]);
    assert_eq!(code, Some(1));
    assert!(!said.contains("SECRETPATH123"), "{said}");
    assert!(!chinese_session || said.contains("连不上服务器"), "{said}");
    assert!(last_error(2).starts_with("连不上服务器"), "{}", last_error(2));
    assert!(!last_error(2).contains("SECRETPATH123"), "{}", last_error(2));
    assert_eq!(channels(&db)[2]["status"]["last_error_code"], "push_network");

    let ok = Robot::ok();
    db.ok(&["channel", "add", "wecom", "--url", &ok.url("/send?key=GOOD")]);
    let (code, said) = zh(&["channel", "test", "4"]);
    assert_eq!(code, Some(0), "{said}");
    let english_ok = !chinese_session && said.trim() == "test message delivered";
    assert!(said.trim() == "测试消息已送达" || english_ok, "{said}");
}

#[test]
fn bad_input_is_refused_clearly_and_secrets_never_leave_the_file() {
    let db = demo();
    let o = db.run(&["channel", "add", "slack", "--url", "https://hooks.example/x"]);
    assert_eq!(o.code, 1);
    assert!(o.stderr.contains("wecom, dingtalk, feishu, webhook"), "{}", o.stderr);
    let o = db.run(&["channel", "add", "wecom", "--url", "https://qyapi.weixin.qq.com/cgi-bin/webhook/send"]);
    assert_eq!(o.code, 1);
    assert!(o.stderr.contains("key=… part is missing"), "{}", o.stderr);
    let o = db.run(&["channel", "remove", "9"]);
    assert_eq!(o.code, 1);
    assert!(o.stderr.contains("no push channel with ID 9"), "{}", o.stderr);
    assert_eq!(db.run(&["channel", "test", "x"]).code, 1);

    let ok = Robot::ok();
    let url = ok.url("/robot/send?access_token=TOKEN-abcdef-SECRET");
    db.ok(&["channel", "add", "dingtalk", "--url", &url, "--secret", "SEC-never-shown"]);
    let out = db.dir.path().join("all.json");
    db.ok(&["export", "--format", "json", "--out", out.to_str().unwrap()]);
    let leaks = |text: &str| text.contains("SEC-never-shown") || text.contains("abcdef-SECRET");
    assert!(!leaks(&std::fs::read_to_string(&out).unwrap()), "the JSON export");
    assert!(!leaks(&db.ok(&["channel", "list"])), "channel list");
    assert!(!leaks(&db.ok(&["channel", "list", "--json"])), "channel list --json");
    let p = push_at(&db, NOW);
    assert!(!leaks(&(p.stdout + &p.stderr)), "push");
    assert!(channels(&db)[0]["has_secret"] == true);

    db.ok(&["channel", "remove", "1"]);
    assert!(channels(&db).is_empty());
    assert_eq!(db.ok(&["push"]), "no phone push channels (add one with poskeeper channel add)");
}

#[test]
fn channels_that_hang_hold_no_other_and_each_gives_up_at_its_timeout() {
    use poskeeper::push::run::{push, Moment, Outcome};
    let db = demo();
    let hang = Robot::start(Answer::Hang);
    let ok = Robot::ok();
    for i in 0..4 {
        db.ok(&["channel", "add", "wecom", "--url", &hang.url(&format!("/h?key=H{i}"))]);
    }
    db.ok(&["channel", "add", "wecom", "--url", &ok.url("/ok?key=OK")]);
    let mut store = poskeeper::Store::open(&db.path).unwrap();
    let local = chrono::NaiveDateTime::parse_from_str(NOW, "%Y-%m-%dT%H:%M:%S").unwrap();
    let listed = store.reminders(local.date()).unwrap();
    let timeout = std::time::Duration::from_secs(2);
    let started = std::time::Instant::now();
    let at = Moment { local, utc: local.and_utc() };
    let outcomes = push(&mut store, &listed, at, poskeeper::i18n::Lang::ZhCn, false, timeout).unwrap();
    let took = started.elapsed();
    // One after another, four hangs would take 8 s.
    assert!(took < std::time::Duration::from_secs(6), "the channels waited on each other: {took:?}");
    assert!(took >= timeout, "{took:?}");
    let codes: Vec<String> = outcomes
        .iter()
        .map(|o| match &o.outcome {
            Outcome::Failed { code, .. } => code.clone(),
            Outcome::Sent { .. } => "sent".into(),
            other => format!("{other:?}"),
        })
        .collect();
    assert_eq!(codes, ["push_timeout", "push_timeout", "push_timeout", "push_timeout", "sent"]);
    assert_eq!((hang.seen().len(), ok.seen().len()), (4, 1));
}

/// The store and a round at NOW, through the core's API.
fn round_at(db: &Db) -> (poskeeper::Store, Vec<poskeeper::reminders::Reminder>, poskeeper::push::run::Moment) {
    let store = poskeeper::Store::open(&db.path).unwrap();
    let local = chrono::NaiveDateTime::parse_from_str(NOW, "%Y-%m-%dT%H:%M:%S").unwrap();
    let listed = store.reminders(local.date()).unwrap();
    (store, listed, poskeeper::push::run::Moment { local, utc: local.and_utc() })
}

#[test]
fn a_channel_removed_while_its_message_is_on_the_way_keeps_the_others_logged() {
    use poskeeper::i18n::Lang;
    use poskeeper::push::run::{prepare, record, send_all};
    let db = demo();
    let ok = Robot::ok();
    db.ok(&["channel", "add", "wecom", "--url", &ok.url("/a?key=A")]);
    db.ok(&["channel", "add", "wecom", "--url", &ok.url("/b?key=B")]);
    db.ok(&["channel", "add", "wecom", "--url", &ok.url("/c?key=C")]);
    let (mut store, listed, at) = round_at(&db);
    let prepared = prepare(&mut store, &listed, at, Lang::ZhCn, false).unwrap();
    assert_eq!(prepared.sends.len(), 3);
    let results = send_all(&prepared.sends, std::time::Duration::from_secs(5));
    // Removed by another process (the app's settings) while the messages were on their way.
    db.ok(&["channel", "remove", "2"]);
    let outcomes = record(&mut store, prepared, results, at, Lang::ZhCn).unwrap();
    assert_eq!(outcomes.iter().map(|o| o.id).collect::<Vec<_>>(), [1, 3]);
    // The others are logged: a second round has nothing for them.
    let again = push_at(&db, NOW);
    assert_eq!(again.code, 0);
    assert_eq!(again.stdout.matches("nothing new").count(), 2, "{}", again.stdout);
    assert_eq!(ok.seen().len(), 3);
}

#[test]
fn a_lease_and_a_back_off_hold_between_processes_and_lapse_when_the_clock_went_back() {
    use chrono::Duration as D;
    let db = demo();
    let ok = Robot::ok();
    db.ok(&["channel", "add", "wecom", "--url", &ok.url("/a?key=A")]);
    let (mut store, _, at) = round_at(&db);
    let now = at.utc;
    // Taken by one round: another cannot take it until the lease lapses.
    assert!(store.claim_channel(1, now).unwrap());
    assert!(!store.claim_channel(1, now + D::seconds(60)).unwrap());
    // A failed test meanwhile leaves the round's lease alone.
    store.channel_failed(1, "push_http", "x", now, now, false).unwrap();
    assert!(!store.claim_channel(1, now + D::seconds(60)).unwrap());
    assert!(store.claim_channel(1, now + D::seconds(121)).unwrap());
    // A failure recorded by another process puts the next try off, even for a round that read
    // the channel before it.
    store.channel_failed(1, "push_http", "x", now, now + D::minutes(4), true).unwrap();
    assert!(!store.claim_channel(1, now + D::minutes(3)).unwrap());
    assert!(store.claim_channel(1, now + D::minutes(4)).unwrap());
    // The clock set back a day: a lease and a next try from "tomorrow" do not hold it for a day.
    store.channel_failed(1, "push_http", "x", now, now + D::minutes(30), true).unwrap();
    assert!(store.claim_channel(1, now + D::minutes(30)).unwrap());
    assert!(store.claim_channel(1, now - D::days(1)).unwrap(), "a lease written a day ahead is stale");
    // `push --as-of` is for a dry run only: a real push is always for now.
    assert_eq!(db.run(&["push", "--as-of", "2026-12-01"]).code, 2);
    assert_eq!(db.run(&["push", "--dry-run", "--as-of", "2026-12-01"]).code, 0);
}
