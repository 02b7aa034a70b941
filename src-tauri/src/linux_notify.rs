//! Linux desktop notifications: the `Notify` call of `org.freedesktop.Notifications` on the
//! session bus, made here so that its answer counts (SPEC §3: once per level, never twice).
//!
//! Three outcomes ([`Delivery`]):
//! - the server answers with an id: shown;
//! - the server (or the bus, for a server it cannot reach or start) answers with an error, or
//!   the bus cannot be reached at all: refused, nothing is on screen, tried again later;
//! - no answer within [`ANSWER_TIMEOUT`] (a hung server, e.g. a stopped dunst): unknown. The
//!   call is queued for the server, which may still show it when it wakes, so it is not sent
//!   again.
//!
//! The call runs on a thread of its own, and the caller waits at most [`GUARD`] for it: neither
//! a hung server nor a hung bus holds the notifier for longer.

use crate::notifier::Delivery;
use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, RecvTimeoutError};
use std::sync::Arc;
use std::time::Duration;
use zbus::zvariant::Value;

/// How long a sent `Notify` waits for the server's answer.
pub const ANSWER_TIMEOUT: Duration = Duration::from_secs(4);
/// How long the caller waits for the whole attempt (connecting to the bus, then the call).
pub const GUARD: Duration = Duration::from_secs(5);

/// What the server is told: the app name, the icon, the `.desktop` entry.
#[derive(Debug, Clone)]
pub struct Message {
    pub app_name: String,
    pub icon: String,
    pub desktop_entry: String,
    pub summary: String,
    pub body: String,
}

impl Message {
    /// A notification from PosKeeper, its icon named after the running binary.
    pub fn poskeeper(summary: &str, body: &str) -> Message {
        let icon = std::env::current_exe()
            .ok()
            .and_then(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()))
            .unwrap_or_else(|| "poskeeper".to_string());
        Message {
            app_name: "PosKeeper".to_string(),
            icon,
            desktop_entry: "poskeeper".to_string(),
            summary: summary.to_string(),
            body: body.to_string(),
        }
    }
}

/// Shows `msg`; waits at most [`GUARD`].
pub fn show(msg: Message) -> Delivery {
    let (tx, rx) = mpsc::channel();
    // Set once the bus connection is up and the call goes out: from then on, a missing answer
    // means the server may still show it.
    let sending = Arc::new(AtomicBool::new(false));
    let flag = Arc::clone(&sending);
    let spawned = std::thread::Builder::new().name("notify".to_string()).spawn(move || {
        let _ = tx.send(zbus::block_on(notify(&msg, &flag)));
    });
    if let Err(e) = spawned {
        log::warn!("notification not shown: no thread for the D-Bus call: {e}");
        return Delivery::Refused;
    }
    match rx.recv_timeout(GUARD) {
        Ok(d) => d,
        Err(RecvTimeoutError::Timeout) if sending.load(Ordering::SeqCst) => {
            log::warn!("notification sent, no answer within {} s", GUARD.as_secs());
            Delivery::Unknown
        }
        Err(RecvTimeoutError::Timeout) => {
            log::warn!("notification not shown: the session bus did not answer within {} s", GUARD.as_secs());
            Delivery::Refused
        }
        Err(RecvTimeoutError::Disconnected) => {
            log::warn!("notification not shown: the D-Bus call ended without an outcome");
            Delivery::Refused
        }
    }
}

async fn notify(msg: &Message, sending: &AtomicBool) -> Delivery {
    let conn = match session().await {
        Ok(c) => c,
        Err(e) => {
            log::warn!("notification not shown: no session bus: {e}");
            return Delivery::Refused;
        }
    };
    let mut hints: HashMap<&str, Value<'_>> = HashMap::new();
    hints.insert("desktop-entry", Value::from(msg.desktop_entry.as_str()));
    let actions: Vec<&str> = Vec::new();
    // -1: the server's own expiry.
    let expire: i32 = -1;
    sending.store(true, Ordering::SeqCst);
    let answer = conn
        .call_method(
            Some("org.freedesktop.Notifications"),
            "/org/freedesktop/Notifications",
            Some("org.freedesktop.Notifications"),
            "Notify",
            &(
                msg.app_name.as_str(),
                0u32,
                msg.icon.as_str(),
                msg.summary.as_str(),
                msg.body.as_str(),
                actions,
                hints,
                expire,
            ),
        )
        .await;
    let delivery = classify(&answer);
    match (&answer, delivery) {
        (Ok(reply), _) => {
            if let Err(e) = reply.body().deserialize::<u32>() {
                log::warn!("notification shown, but its answer is not an id: {e}");
            }
        }
        (Err(e), Delivery::Unknown) => log::warn!("notification sent, no answer: {e}"),
        (Err(e), _) => log::warn!("notification not shown: {e}"),
    }
    delivery
}

/// A connection to the session bus whose method calls wait at most [`ANSWER_TIMEOUT`].
async fn session() -> zbus::Result<zbus::Connection> {
    zbus::connection::Builder::session()?.method_timeout(ANSWER_TIMEOUT).build().await
}

/// The outcome of a `Notify` call by its answer.
fn classify(answer: &zbus::Result<zbus::Message>) -> Delivery {
    match answer {
        Ok(_) => Delivery::Shown,
        // zbus's own method timeout: sent, not answered.
        Err(zbus::Error::InputOutput(e)) if e.kind() == std::io::ErrorKind::TimedOut => Delivery::Unknown,
        // The bus gave up waiting for the server (its reply timeout): the server has the call.
        Err(zbus::Error::FDO(e))
            if matches!(
                **e,
                zbus::fdo::Error::NoReply(_) | zbus::fdo::Error::Timeout(_) | zbus::fdo::Error::TimedOut(_)
            ) =>
        {
            Delivery::Unknown
        }
        // An error answer (no server to reach or start, or the server's own), or a bus lost
        // before the call was out.
        Err(_) => Delivery::Refused,
    }
}
