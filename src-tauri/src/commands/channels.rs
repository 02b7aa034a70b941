//! Phone-push channels (Settings → 手机提醒): list, add, test, remove. A test's send runs on a
//! blocking thread, not the database thread; its outcome is kept with the channel (last success,
//! last error in the app's language), which is what the screen shows.

use crate::error::{ApiError, ApiResult};
use crate::lang::effective_lang;
use crate::state::AppState;
use poskeeper::domain::ChannelKind;
use poskeeper::push::run::{self, Moment};
use poskeeper::push::send::{send, TIMEOUT};
use poskeeper::push::{Channel, NewChannel};
use serde::Serialize;
use tauri::State;
use ts_rs::TS;

/// What a test did: whether the platform took it, and the channel as it stands after it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct ChannelTested {
    pub ok: bool,
    pub channel: Channel,
}

#[tauri::command]
pub async fn channels(state: State<'_, AppState>) -> ApiResult<Vec<Channel>> {
    state.db.call(|store| store.channels()).await
}

fn one(list: Vec<Channel>, id: i64) -> poskeeper::Result<Channel> {
    list.into_iter().find(|c| c.id == id).ok_or(poskeeper::Error::NotFound { what: "push channel", id })
}

/// Adds a channel (checked first: the platform's address, a secret only where it signs).
#[tauri::command]
pub async fn add_channel(
    state: State<'_, AppState>,
    kind: String,
    url: String,
    secret: Option<String>,
    name: Option<String>,
) -> ApiResult<Channel> {
    let kind = ChannelKind::parse(&kind)?;
    let new = NewChannel::check(kind, &url, secret.as_deref(), name.as_deref())?;
    let added = state
        .db
        .call(move |store| {
            let id = store.add_channel(&new)?;
            one(store.channels()?, id)
        })
        .await?;
    // A check now: the new channel gets what is due without waiting for the next minute.
    state.notifier.check_now();
    Ok(added)
}

/// Sends a test message now.
#[tauri::command]
pub async fn test_channel(state: State<'_, AppState>, id: i64) -> ApiResult<ChannelTested> {
    let at = Moment { local: state.clock.now_local(), utc: state.clock.now_utc() };
    let (kind, req, lang) = state
        .db
        .call(move |store| {
            let lang = effective_lang(store, &store.settings()?)?;
            let (kind, req) = run::test_request(store, id, at, lang)?;
            Ok((kind, req, lang))
        })
        .await?;
    let result = tauri::async_runtime::spawn_blocking(move || send(kind, &req, TIMEOUT))
        .await
        .map_err(|e| ApiError::new("internal", format!("the push thread failed: {e}")))?;
    state
        .db
        .call(move |store| {
            let ok = run::test_result(store, id, result, at, lang).is_ok();
            Ok(ChannelTested { ok, channel: one(store.channels()?, id)? })
        })
        .await
}

/// Removes a channel and what it was sent.
#[tauri::command]
pub async fn remove_channel(state: State<'_, AppState>, id: i64) -> ApiResult<()> {
    state.db.call(move |store| store.remove_channel(id)).await
}
