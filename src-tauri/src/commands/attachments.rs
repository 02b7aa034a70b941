//! Attachments (SPEC §2): photos, scans and PDFs on a terminal, SIM card, deposit or repair
//! ticket. The page never names a path: a file comes from the shell's file dialog
//! (`pick_attachment_file`) or from a drop on the window, which the shell turns into picks and
//! announces with [`FILES_DROPPED`]; `attach_file` takes the token. Reading, checking and
//! thumbnailing run on a blocking thread (a large photo takes a moment), the write on the
//! database thread. A file is opened in the OS viewer from a copy in this user's cache folder.

use super::files::{ask, Ask};
use crate::error::{ApiError, ApiResult};
use crate::picks::{PickedFile, Purpose};
use crate::state::AppState;
use base64::Engine;
use poskeeper::domain::attachment::Attachment;
use poskeeper::domain::AttachmentOwner;
use poskeeper::files::attachment;
use serde::Serialize;
use std::path::{Path, PathBuf};
use std::time::Duration;
use tauri::{AppHandle, Emitter, Manager, Runtime, State};
use ts_rs::TS;

/// The event with the files dropped on the window (payload: `PickedFile[]`, tokens for
/// `attach_file`).
pub const FILES_DROPPED: &str = "files-dropped";
/// Copies made for the OS viewer are removed after this long.
const VIEWER_COPIES_KEPT: Duration = Duration::from_secs(24 * 3600);

/// Payload of [`FILES_DROPPED`]: the files (tokens and names) and where they were dropped, in
/// the page's CSS pixels.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct FilesDropped {
    pub files: Vec<PickedFile>,
    pub x: f64,
    pub y: f64,
}

/// Files dropped on the window become picks for attaching; the page is told their tokens.
pub fn dropped<R: Runtime>(app: &AppHandle<R>, paths: &[PathBuf], (x, y): (f64, f64)) {
    let Some(state) = app.try_state::<AppState>() else { return };
    let files: Vec<PickedFile> = paths
        .iter()
        .filter(|p| p.is_file())
        .filter_map(|p| state.picks.remember(Purpose::Attachment, p.clone()).ok())
        .collect();
    if !files.is_empty() {
        let _ = app.emit(FILES_DROPPED, FilesDropped { files, x, y });
    }
}

/// Asks the user for a photo, scan or PDF; `null` when cancelled.
#[tauri::command]
pub async fn pick_attachment_file<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
) -> ApiResult<Option<PickedFile>> {
    let exts: &[&str] = &["jpg", "jpeg", "png", "pdf", "JPG", "JPEG", "PNG", "PDF"];
    match ask(&app, &state.picks, Ask::Open, ("图片 / PDF", exts)).await? {
        Some(path) => state.picks.remember(Purpose::Attachment, path).map(Some),
        None => Ok(None),
    }
}

/// Attaches the picked or dropped file (`token`) to `owner` `key` (a terminal's SN, a SIM card's
/// ICCID, a deposit's or ticket's ID). `document`: on a repair ticket, the checklist document the
/// file is (ticked). `downsize`: a photo over 2560 pixels is made smaller first.
#[tauri::command]
pub async fn attach_file(
    state: State<'_, AppState>,
    token: String,
    owner: String,
    key: String,
    document: Option<String>,
    downsize: Option<bool>,
) -> ApiResult<Attachment> {
    let owner = AttachmentOwner::parse(&owner)?;
    let (path, _) = state.picks.resolve(&token, |p| p == Purpose::Attachment)?;
    let downsize = downsize.unwrap_or(false);
    let prepared = tauri::async_runtime::spawn_blocking(move || {
        let (name, data) = attachment::read(&path)?;
        attachment::prepare(&name, data, downsize)
    })
    .await
    .map_err(|e| ApiError::new("io", format!("the file could not be read: {e}")))??;
    let now = state.clock.now_utc();
    let added =
        state.db.call(move |store| store.add_attachment(owner, &key, &prepared, document.as_deref(), now)).await?;
    Ok(added)
}

/// What is attached to one owner (without the bytes).
#[tauri::command]
pub async fn attachments(state: State<'_, AppState>, owner: String, key: String) -> ApiResult<Vec<Attachment>> {
    let owner = AttachmentOwner::parse(&owner)?;
    state.db.call(move |store| store.attachments(owner, &key)).await
}

/// An attachment's thumbnail as a `data:image/jpeg;base64,…` URL; `null` for a PDF.
#[tauri::command]
pub async fn attachment_thumb(state: State<'_, AppState>, id: i64) -> ApiResult<Option<String>> {
    let thumb = state.db.call(move |store| store.attachment_thumb(id)).await?;
    Ok(thumb.map(|t| format!("data:image/jpeg;base64,{}", base64::engine::general_purpose::STANDARD.encode(t))))
}

/// Opens an attachment in the OS's own viewer (photos, PDF reader).
#[tauri::command]
pub async fn open_attachment<R: Runtime>(app: AppHandle<R>, state: State<'_, AppState>, id: i64) -> ApiResult<()> {
    let (a, data) = state.db.call(move |store| store.attachment_data(id)).await?;
    let dir = app
        .path()
        .app_cache_dir()
        .map_err(|e| ApiError::new("io", format!("no cache folder: {e}")))?
        .join("attachments");
    let path = tauri::async_runtime::spawn_blocking(move || viewer_copy(&dir, &a, &data))
        .await
        .map_err(|e| ApiError::new("io", format!("the file could not be written: {e}")))?
        .map_err(|e| ApiError::new("io", format!("the file could not be written: {e}")))?;
    tauri_plugin_opener::open_path(&path, None::<&str>).map_err(|e| ApiError::new("open_failed", e.to_string()))
}

/// Writes the copy the OS viewer opens, `ID-NAME` in `dir` (this user's cache), and removes the
/// copies older than a day.
pub fn viewer_copy(dir: &Path, a: &Attachment, data: &[u8]) -> std::io::Result<PathBuf> {
    std::fs::create_dir_all(dir)?;
    if let Ok(entries) = std::fs::read_dir(dir) {
        for e in entries.flatten() {
            let old = e.metadata().and_then(|m| m.modified()).ok().and_then(|t| t.elapsed().ok());
            if old.is_some_and(|age| age > VIEWER_COPIES_KEPT) {
                let _ = std::fs::remove_file(e.path());
            }
        }
    }
    let mut name = a.file_name();
    // The OS picks the viewer by the extension: a name kept without one gets its kind's.
    let ext = name.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase()).unwrap_or_default();
    if !a.kind.extensions().contains(&ext.as_str()) {
        name = format!("{name}.{}", a.kind.extensions()[0]);
    }
    let path = dir.join(format!("{}-{name}", a.id));
    std::fs::write(&path, data)?;
    Ok(path)
}

#[tauri::command]
pub async fn remove_attachment(state: State<'_, AppState>, id: i64) -> ApiResult<()> {
    state.db.call(move |store| store.remove_attachment(id)).await
}
