//! Phone push from the app (SPEC §3 "Phone push"): after each reminder check, one round of the
//! core's push over every channel. A round reads and decides on the database thread, sends on a
//! blocking thread (one per channel inside, each with its timeout) and logs on the database
//! thread again, so a slow or dead platform holds neither the desktop notification, which is
//! shown first, nor the UI. At most one round runs at a time: a check that comes while one is
//! sending starts none.

use crate::db::Db;
use crate::error::ApiError;
use crate::lang::effective_lang;
use poskeeper::clock::Clock;
use poskeeper::push::run::{self, ChannelOutcome, Moment, Outcome};
use poskeeper::push::send::TIMEOUT;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

/// Starts a round unless one is running; its outcome goes to the log (never an address or a
/// secret: channel IDs, names and codes).
pub fn kick(busy: &Arc<AtomicBool>, db: &Db, clock: &Arc<dyn Clock>) {
    if busy.swap(true, Ordering::SeqCst) {
        return;
    }
    let (busy, db, clock) = (Arc::clone(busy), db.clone(), Arc::clone(clock));
    tauri::async_runtime::spawn(async move {
        match round(&db, clock).await {
            Ok(outcomes) => {
                for o in outcomes {
                    match &o.outcome {
                        Outcome::Sent { items } => log::info!("phone push: channel {} took {items} reminder(s)", o.id),
                        Outcome::Failed { code, .. } => log::warn!("phone push: channel {} failed: {code}", o.id),
                        _ => {}
                    }
                }
            }
            Err(e) => log::warn!("phone push round failed: {e}"),
        }
        busy.store(false, Ordering::SeqCst);
    });
}

/// One round: nothing at all when no channel is set up. The moment is read on the database
/// thread, where the leases are taken: a round that waited behind an import still takes them,
/// and signs, with the time it really is.
pub async fn round(db: &Db, clock: Arc<dyn Clock>) -> Result<Vec<ChannelOutcome>, ApiError> {
    let prepared = db
        .call(move |store| {
            if store.push_targets()?.is_empty() {
                return Ok(None);
            }
            let at = Moment { local: clock.now_local(), utc: clock.now_utc() };
            let lang = effective_lang(store, &store.settings()?)?;
            let listed = store.listed_reminders(at.local.date(), lang)?;
            Ok(Some((run::prepare(store, &listed, at, lang, false)?, lang, at)))
        })
        .await?;
    let Some((prepared, lang, at)) = prepared else { return Ok(Vec::new()) };
    let (prepared, results) = tauri::async_runtime::spawn_blocking(move || {
        let results = run::send_all(&prepared.sends, TIMEOUT);
        (prepared, results)
    })
    .await
    .map_err(|e| ApiError::new("internal", format!("the push thread failed: {e}")))?;
    db.call(move |store| run::record(store, prepared, results, at, lang)).await
}
