//! The one place push touches the network: a `POST` with a timeout, no redirects (a robot's
//! address does not move; a redirect would carry the message elsewhere), and at most 64 KB of
//! the answer read. Blocking: [`super::run`] calls it on a thread of its own per channel, never
//! on an async runtime's thread.

use super::request::{reply, Request};
use super::ChannelKind;
use crate::error::PushProblem;
use std::io::Read;
use std::time::Duration;

/// How long a platform may take to answer.
pub const TIMEOUT: Duration = Duration::from_secs(15);
/// The most of an answer read: a platform's reply is a few bytes of JSON.
const REPLY_MAX: u64 = 64 * 1024;

pub fn send(kind: ChannelKind, req: &Request, timeout: Duration) -> Result<(), PushProblem> {
    let client = reqwest::blocking::Client::builder()
        .timeout(timeout)
        .connect_timeout(timeout.min(Duration::from_secs(10)))
        .redirect(reqwest::redirect::Policy::none())
        .user_agent(concat!("PosKeeper/", env!("CARGO_PKG_VERSION")))
        .build()
        .map_err(|e| network(e, timeout))?;
    let mut post = client
        .post(req.url.as_str())
        .header(reqwest::header::CONTENT_TYPE, "application/json; charset=utf-8")
        .body(req.body.clone());
    if let Some(token) = &req.bearer {
        post = post.bearer_auth(token);
    }
    let resp = post.send().map_err(|e| network(e, timeout))?;
    let status = resp.status().as_u16();
    let mut body = Vec::new();
    resp.take(REPLY_MAX).read_to_end(&mut body).map_err(|e| {
        // reqwest hands its own error inside the I/O one: a timeout while the answer comes in.
        let timed_out = e.kind() == std::io::ErrorKind::TimedOut
            || e.get_ref()
                .and_then(|inner| inner.downcast_ref::<reqwest::Error>())
                .is_some_and(reqwest::Error::is_timeout);
        if timed_out {
            PushProblem::Timeout { seconds: timeout.as_secs() }
        } else {
            PushProblem::Network { detail: e.to_string() }
        }
    })?;
    reply(kind, status, &body)
}

/// A transport error in words that name neither the address (it holds the robot's key) nor the
/// secret: reqwest's own text, without the URL, and its innermost cause.
fn network(e: reqwest::Error, timeout: Duration) -> PushProblem {
    if e.is_timeout() {
        return PushProblem::Timeout { seconds: timeout.as_secs() };
    }
    let e = e.without_url();
    let mut detail = e.to_string();
    let mut source = std::error::Error::source(&e);
    let mut innermost = None;
    while let Some(s) = source {
        innermost = Some(s.to_string());
        source = s.source();
    }
    if let Some(inner) = innermost.filter(|i| !detail.contains(i.as_str())) {
        detail = format!("{detail}: {inner}");
    }
    PushProblem::Network { detail }
}
