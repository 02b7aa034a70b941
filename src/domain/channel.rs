//! Phone-push channels (SPEC §3 "Phone push"): where reminders go besides the desktop, as the
//! user adds them — checked before they are stored — and as the app shows them (the robot's key
//! hidden, the secret never).

use super::ChannelKind;
use crate::error::{Error, PushProblem, Result};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// A channel as stored. The secret stays in the store: it is never listed, logged or exported.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Channel {
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub id: i64,
    pub kind: ChannelKind,
    pub name: String,
    /// The address with its key or token hidden ([`masked_url`]).
    pub url_shown: String,
    pub has_secret: bool,
    pub status: ChannelStatus,
}

/// How a channel has fared: what the app shows beside it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ChannelStatus {
    pub last_ok_at: Option<DateTime<Utc>>,
    /// The last failure's code (`push_network`, `push_signature`, …) and message, in the
    /// language of the moment it failed.
    pub last_error_code: Option<String>,
    pub last_error: Option<String>,
    pub last_error_at: Option<DateTime<Utc>>,
    /// Failures since the last success; the next try waits longer after each.
    pub failures: u32,
    pub next_try_at: Option<DateTime<Utc>>,
}

/// What a request needs: the address and secret in full.
#[derive(Clone, PartialEq, Eq)]
pub struct Target {
    pub id: i64,
    pub kind: ChannelKind,
    pub name: String,
    pub url: String,
    pub secret: Option<String>,
}

// The secret and the URL's key never reach a log through `{:?}`.
impl std::fmt::Debug for Target {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Target")
            .field("id", &self.id)
            .field("kind", &self.kind)
            .field("name", &self.name)
            .field("url", &masked_url(&self.url))
            .finish_non_exhaustive()
    }
}

/// A channel to add, checked: the address is one of the platform's robot addresses, the secret is
/// only given where the platform signs, the name is one line.
#[derive(Clone, PartialEq, Eq)]
pub struct NewChannel {
    pub kind: ChannelKind,
    pub name: String,
    pub url: String,
    pub secret: Option<String>,
}

/// Longest address and secret accepted.
const URL_MAX: usize = 2000;
const SECRET_MAX: usize = 200;

impl NewChannel {
    pub fn check(kind: ChannelKind, url: &str, secret: Option<&str>, name: Option<&str>) -> Result<Self> {
        let url = url.trim();
        check_url(kind, url).map_err(|reason| {
            Error::Push(PushProblem::BadUrl { platform: kind.code().into(), reason: reason.into() })
        })?;
        let secret = secret.map(str::trim).filter(|s| !s.is_empty());
        if let Some(s) = secret {
            if kind == ChannelKind::Wecom {
                return Err(Error::Push(PushProblem::NoSecretHere { platform: kind.code().into() }));
            }
            // Not shown in the message: it is a secret.
            if s.chars().count() > SECRET_MAX {
                return Err(Error::InvalidText { field: "secret", reason: "too_long" });
            }
            if s.chars().any(|c| c.is_control() || c.is_whitespace()) {
                return Err(Error::InvalidText { field: "secret", reason: "control" });
            }
        }
        let name = match crate::domain::values::check_text("name", name.unwrap_or(""), 60)? {
            Some(n) => n,
            None => kind.label(crate::i18n::Lang::ZhCn).to_string(),
        };
        Ok(NewChannel { kind, name, url: url.to_string(), secret: secret.map(str::to_string) })
    }
}

/// Why `url` is not a robot address of `kind` (the reason codes of [`PushProblem::BadUrl`]).
fn check_url(kind: ChannelKind, url: &str) -> std::result::Result<(), &'static str> {
    if url.chars().count() > URL_MAX {
        return Err("too_long");
    }
    if url.chars().any(|c| c.is_control() || c.is_whitespace()) {
        return Err("control");
    }
    let parsed = url::Url::parse(url).map_err(|_| "not_url")?;
    if !matches!(parsed.scheme(), "https" | "http") {
        return Err("scheme");
    }
    if parsed.host_str().is_none_or(str::is_empty) {
        return Err("not_url");
    }
    let has = |name: &str| parsed.query_pairs().any(|(k, v)| k == name && !v.trim().is_empty());
    match kind {
        ChannelKind::Wecom if !has("key") => Err("no_key"),
        ChannelKind::Dingtalk if !has("access_token") => Err("no_token"),
        ChannelKind::Feishu => {
            let path = parsed.path();
            match path.split_once("/bot/v2/hook/") {
                Some((_, token)) if !token.trim_matches('/').is_empty() => Ok(()),
                _ => Err("no_hook"),
            }
        }
        _ => Ok(()),
    }
}

/// The address as the app shows it: every query value, the last path part (飞书's hook id, a
/// Bark or Server酱 key) and any long path part (a token inside the path) cut to their first four
/// characters, and any password dropped, so a screenshot or a support message does not hand out
/// the robot.
pub fn masked_url(url: &str) -> String {
    let Ok(mut parsed) = url::Url::parse(url) else {
        return "…".to_string();
    };
    let hide = |v: &str| {
        let keep: String = v.chars().take(4).collect();
        format!("{keep}…")
    };
    let _ = parsed.set_password(None);
    let pairs: Vec<(String, String)> = parsed.query_pairs().map(|(k, v)| (k.into_owned(), hide(&v))).collect();
    if pairs.is_empty() {
        parsed.set_query(None);
    } else {
        parsed.query_pairs_mut().clear().extend_pairs(pairs);
    }
    let mut segments: Vec<String> = parsed.path().split('/').map(str::to_string).collect();
    let last = segments.iter().rposition(|s| !s.is_empty());
    for (i, seg) in segments.iter_mut().enumerate() {
        let n = seg.chars().count();
        if n > 16 || (Some(i) == last && n > 8) {
            *seg = hide(seg);
        }
    }
    parsed.set_path(&segments.join("/"));
    // The URL writer percent-encodes the ellipsis; show it as typed.
    parsed.to_string().replace("%E2%80%A6", "…")
}

/// How long to wait before the next try after `failures` failures in a row: 1, 2, 4 … 60 minutes.
pub fn backoff(failures: u32) -> chrono::Duration {
    let minutes = 1i64 << failures.saturating_sub(1).min(6);
    chrono::Duration::minutes(minutes.min(60))
}
