//! The outlook screen (费用与到期): the core's figures as of today, and their export to Excel.

use super::files::ExportResult;
use crate::error::ApiResult;
use crate::lang::effective_lang;
use crate::picks::Purpose;
use crate::state::AppState;
use poskeeper::files::export::ExportFormat;
use poskeeper::files::outlook_export::export_outlook_xlsx;
use poskeeper::store::Outlook;
use tauri::State;

#[tauri::command]
pub async fn outlook(state: State<'_, AppState>) -> ApiResult<Outlook> {
    let today = state.clock.today();
    state.db.call(move |store| store.outlook(today)).await
}

/// Writes the outlook's numbers, one sheet per chart, to the .xlsx picked with `pick_export_file`
/// (`token`, format `xlsx`), in the app's language.
#[tauri::command]
pub async fn export_outlook(state: State<'_, AppState>, token: String) -> ApiResult<ExportResult> {
    let (out, _) = state.picks.resolve(&token, |p| p == Purpose::Export(ExportFormat::Xlsx))?;
    let today = state.clock.today();
    let o = out.clone();
    let done = state
        .db
        .call(move |store| {
            let lang = effective_lang(store, &store.settings()?)?;
            export_outlook_xlsx(store, &o, lang, today)
        })
        .await?;
    state.picks.mark_written(&token);
    Ok(ExportResult { items: done.items, path: out.display().to_string() })
}
