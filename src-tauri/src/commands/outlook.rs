//! The outlook screen (费用与到期): the core's figures as of today.

use crate::error::ApiResult;
use crate::state::AppState;
use poskeeper::store::Outlook;
use tauri::State;

#[tauri::command]
pub async fn outlook(state: State<'_, AppState>) -> ApiResult<Outlook> {
    let today = state.clock.today();
    state.db.call(move |store| store.outlook(today)).await
}
