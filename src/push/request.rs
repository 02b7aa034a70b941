//! Each platform's request for a message, and what its reply means. Pure: the moment is passed in,
//! so a test checks the signature a platform would check.
//!
//! - 企业微信 group robot: `POST` the address, `{"msgtype":"markdown","markdown":{"content":…}}`;
//!   the reply's `errcode` 0 is success, 93000 an unknown key.
//! - 钉钉 custom robot: `{"msgtype":"markdown","markdown":{"title":…,"text":…}}`; with a signing
//!   secret, `&timestamp=MS&sign=S` is added to the address, S = URL-encoded
//!   base64(HMAC-SHA256(key = secret, "MS\nsecret")). `errcode` 0 is success, 310000 a refused
//!   signature (or keywords, or IP list: its `errmsg` says), 300001 an unknown token.
//! - 飞书 custom bot: `{"msg_type":"text","content":{"text":…}}`; with a secret, `"timestamp"`
//!   (seconds, as a string) and `"sign"` = base64(HMAC-SHA256(key = "SECONDS\nsecret", empty
//!   message)) in the body. `code` 0 is success, 19021 a refused signature, 19001 an unknown hook.
//! - A plain webhook: `{"title","body","message","desp","items","total"}` — the fields ntfy, Bark,
//!   Gotify and Server酱 read — with the secret, if any, as `Authorization: Bearer`. Any 2xx
//!   answer is success.

use super::compose::Push;
use super::{ChannelKind, Target};
use crate::error::PushProblem;
use base64::Engine;
use chrono::{DateTime, Utc};
use hmac::{Hmac, Mac};
use serde_json::{json, Value};
use sha2::Sha256;

/// What to send: where, the JSON body, and a bearer token for a webhook with a secret.
#[derive(Clone, PartialEq, Eq)]
pub struct Request {
    pub url: String,
    pub body: Vec<u8>,
    pub bearer: Option<String>,
}

// The address holds the robot's key and the token is a secret: a Debug print shows neither.
impl std::fmt::Debug for Request {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Request")
            .field("url", &super::masked_url(&self.url))
            .field("bytes", &self.body.len())
            .finish_non_exhaustive()
    }
}

pub fn request(target: &Target, push: &Push, now: DateTime<Utc>) -> Request {
    let secret = target.secret.as_deref();
    let mut url = target.url.clone();
    let body: Value = match target.kind {
        ChannelKind::Wecom => json!({ "msgtype": "markdown", "markdown": { "content": push.markdown() } }),
        ChannelKind::Dingtalk => {
            if let Some(s) = secret {
                let ms = now.timestamp_millis();
                let sign = dingtalk_sign(s, ms);
                let encoded = percent_encoding::utf8_percent_encode(&sign, percent_encoding::NON_ALPHANUMERIC);
                url.push(if url.contains('?') { '&' } else { '?' });
                url.push_str(&format!("timestamp={ms}&sign={encoded}"));
            }
            json!({ "msgtype": "markdown", "markdown": { "title": push.headline, "text": push.markdown() } })
        }
        ChannelKind::Feishu => {
            let mut body = json!({ "msg_type": "text", "content": { "text": push.plain() } });
            if let (Some(s), Some(obj)) = (secret, body.as_object_mut()) {
                let secs = now.timestamp();
                obj.insert("timestamp".into(), Value::String(secs.to_string()));
                obj.insert("sign".into(), Value::String(feishu_sign(s, secs)));
            }
            body
        }
        ChannelKind::Webhook => json!({
            "title": push.headline,
            "body": push.plain(),
            "message": push.plain(),
            "desp": push.markdown(),
            "items": push.items,
            "total": push.total,
        }),
    };
    let bearer = match target.kind {
        ChannelKind::Webhook => secret.map(str::to_string),
        _ => None,
    };
    Request { url, body: body.to_string().into_bytes(), bearer }
}

fn hmac_base64(key: &[u8], message: &[u8]) -> String {
    // HMAC takes a key of any length: this cannot fail.
    let Ok(mut mac) = Hmac::<Sha256>::new_from_slice(key) else {
        return String::new();
    };
    mac.update(message);
    base64::engine::general_purpose::STANDARD.encode(mac.finalize().into_bytes())
}

/// 钉钉: base64(HMAC-SHA256(key = secret, "timestamp\nsecret")), before URL encoding.
pub fn dingtalk_sign(secret: &str, timestamp_ms: i64) -> String {
    hmac_base64(secret.as_bytes(), format!("{timestamp_ms}\n{secret}").as_bytes())
}

/// 飞书: base64(HMAC-SHA256(key = "timestamp\nsecret", empty message)).
pub fn feishu_sign(secret: &str, timestamp_s: i64) -> String {
    hmac_base64(format!("{timestamp_s}\n{secret}").as_bytes(), b"")
}

/// What a platform's answer means.
pub fn reply(kind: ChannelKind, status: u16, body: &[u8]) -> Result<(), PushProblem> {
    if !(200..300).contains(&status) {
        return Err(PushProblem::Http { status });
    }
    if kind == ChannelKind::Webhook {
        return Ok(());
    }
    let parsed: Value = serde_json::from_slice(body).unwrap_or(Value::Null);
    // 飞书 answers `code`/`msg` (older bots `StatusCode`/`StatusMessage`); the others
    // `errcode`/`errmsg`.
    let field = |names: &[&str]| names.iter().find_map(|n| parsed.get(*n)).cloned();
    let code = field(&["errcode", "code", "StatusCode"]).and_then(|v| v.as_i64());
    let detail =
        field(&["errmsg", "msg", "StatusMessage"]).and_then(|v| v.as_str().map(str::to_string)).unwrap_or_default();
    let Some(errcode) = code else {
        return Err(PushProblem::Refused { errcode: -1, detail: "unexpected reply".into() });
    };
    if errcode == 0 {
        return Ok(());
    }
    let lower = detail.to_ascii_lowercase();
    Err(match (kind, errcode) {
        (ChannelKind::Wecom, 93000) | (ChannelKind::Dingtalk, 300001 | 300005) | (ChannelKind::Feishu, 19001) => {
            PushProblem::BadKey { errcode, detail }
        }
        (ChannelKind::Feishu, 19021) => PushProblem::Signature { errcode, detail },
        (ChannelKind::Dingtalk, 310000) if lower.contains("sign") || lower.contains("timestamp") => {
            PushProblem::Signature { errcode, detail }
        }
        _ => PushProblem::Refused { errcode, detail },
    })
}
