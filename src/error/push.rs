//! Why a phone-push channel could not be added or did not take a message (SPEC §3 "Phone push").
//! Each has its own code, so the app says exactly what went wrong: a key the platform does not
//! know, a signature it refused, no network. The platform's own words are kept (cut to one short
//! line) beside its error number; the URL and the secret never appear in a message.

use super::shown;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(tag = "problem", rename_all = "snake_case")]
pub enum PushProblem {
    /// The URL is not one of this platform's robot addresses (`reason` says which part).
    BadUrl { platform: String, reason: String },
    /// A secret given to a channel that signs nothing (企业微信).
    NoSecretHere { platform: String },
    /// No connection: no network, the name does not resolve, the host refuses.
    Network { detail: String },
    /// The platform did not answer in time.
    Timeout { seconds: u64 },
    /// The platform answered with an HTTP error status.
    Http { status: u16 },
    /// The platform does not know the robot's key or token (deleted, mistyped).
    BadKey { errcode: i64, detail: String },
    /// The platform refused the signature (a wrong secret, or the PC's clock far off).
    Signature { errcode: i64, detail: String },
    /// The platform refused the message for another reason (keywords, IP allow-list, rate limit).
    Refused { errcode: i64, detail: String },
}

impl PushProblem {
    pub fn code(&self) -> &'static str {
        match self {
            PushProblem::BadUrl { .. } => "channel_bad_url",
            PushProblem::NoSecretHere { .. } => "channel_no_secret",
            PushProblem::Network { .. } => "push_network",
            PushProblem::Timeout { .. } => "push_timeout",
            PushProblem::Http { .. } => "push_http",
            PushProblem::BadKey { .. } => "push_bad_key",
            PushProblem::Signature { .. } => "push_signature",
            PushProblem::Refused { .. } => "push_refused",
        }
    }

    pub(super) fn en(&self) -> String {
        match self {
            PushProblem::BadUrl { platform, reason } => {
                format!("this is not a {} robot address: {}", platform_en(platform), url_reason_en(reason))
            }
            PushProblem::NoSecretHere { platform } => {
                format!("a {} channel takes no secret", platform_en(platform))
            }
            PushProblem::Network { detail } => format!("could not reach the server ({})", shown(detail)),
            PushProblem::Timeout { seconds } => format!("the server did not answer within {seconds} s"),
            PushProblem::Http { status } => format!("the server answered HTTP {status}"),
            PushProblem::BadKey { errcode, detail } => {
                format!("the platform does not know this robot's key or token (error {errcode}: {})", shown(detail))
            }
            PushProblem::Signature { errcode, detail } => format!(
                "the platform refused the signature: check the secret, and that this PC's clock is right (error {errcode}: {})",
                shown(detail)
            ),
            PushProblem::Refused { errcode, detail } => {
                format!("the platform refused the message (error {errcode}: {})", shown(detail))
            }
        }
    }

    pub(super) fn zh(&self) -> String {
        match self {
            PushProblem::BadUrl { platform, reason } => {
                format!("这不是{}机器人的地址：{}", platform_zh(platform), url_reason_zh(reason))
            }
            PushProblem::NoSecretHere { platform } => format!("{}渠道不需要签名密钥", platform_zh(platform)),
            PushProblem::Network { detail } => {
                format!("连不上服务器（{}），请检查这台电脑的网络", shown(detail))
            }
            PushProblem::Timeout { seconds } => format!("服务器 {seconds} 秒内没有应答"),
            PushProblem::Http { status } => format!("服务器返回了 HTTP {status} 错误"),
            PushProblem::BadKey { errcode, detail } => {
                format!("平台不认这个机器人的 key 或 token（可能已删除或抄错；错误 {errcode}：{}）", shown(detail))
            }
            PushProblem::Signature { errcode, detail } => {
                format!("平台拒绝了签名：请核对签名密钥，并确认这台电脑的时间准确（错误 {errcode}：{}）", shown(detail))
            }
            PushProblem::Refused { errcode, detail } => {
                format!("平台拒收了消息（错误 {errcode}：{}）", shown(detail))
            }
        }
    }
}

fn platform_en(code: &str) -> &'static str {
    match code {
        "wecom" => "WeCom (企业微信) group",
        "dingtalk" => "DingTalk (钉钉) group",
        "feishu" => "Feishu (飞书) group",
        _ => "webhook",
    }
}

fn platform_zh(code: &str) -> &'static str {
    match code {
        "wecom" => "企业微信群",
        "dingtalk" => "钉钉群",
        "feishu" => "飞书群",
        _ => "网络钩子",
    }
}

fn url_reason_en(reason: &str) -> &'static str {
    match reason {
        "scheme" => "it must start with https:// (or http://)",
        "no_key" => "the key=… part is missing (copy the whole address from the robot's settings)",
        "no_token" => "the access_token=… part is missing (copy the whole address from the robot's settings)",
        "no_hook" => "the /open-apis/bot/v2/hook/… part is missing (copy the whole address from the bot's settings)",
        "too_long" => "it is longer than 2,000 characters",
        "control" => "it holds spaces, line breaks or other characters no address has",
        _ => "it is not a web address",
    }
}

fn url_reason_zh(reason: &str) -> &'static str {
    match reason {
        "scheme" => "应以 https://（或 http://）开头",
        "no_key" => "缺少 key=… 部分（请从机器人设置里复制完整的地址）",
        "no_token" => "缺少 access_token=… 部分（请从机器人设置里复制完整的地址）",
        "no_hook" => "缺少 /open-apis/bot/v2/hook/… 部分（请从机器人设置里复制完整的地址）",
        "too_long" => "超过了 2000 个字符",
        "control" => "含有空格、换行等网址里不会有的字符",
        _ => "不是一个网址",
    }
}
