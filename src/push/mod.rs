//! Phone push (SPEC §3 "Phone push"): the notifier's decisions sent to group robots the owner's
//! phone already follows — 企业微信, 钉钉, 飞书 — or to a plain JSON webhook.
//!
//! Layer rule: above the store, beside files and cli. What is sent is decided by the engine's own
//! [`notify::decide`](crate::reminders::notify::decide) over each channel's own log (so each
//! reminder reaches each channel once per level, across restarts and across the app and the CLI);
//! [`compose`] and [`request`] are pure (the message and the platform's request, signature
//! included, for a given moment); only [`send`] touches the network, with a timeout, and
//! [`run`] ties them together: one thread per channel, so a channel that hangs holds no other.

pub mod compose;
pub mod request;
pub mod run;
pub mod send;

pub use crate::domain::channel::{backoff, masked_url, Channel, ChannelStatus, NewChannel, Target};
pub use crate::domain::ChannelKind;

#[cfg(test)]
mod tests;
