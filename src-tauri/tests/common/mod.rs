//! What the shell's integration tests share: calling a command the way the page does.
#![allow(dead_code)]

use serde_json::{json, Value};
use tauri::test::{get_ipc_response, MockRuntime, INVOKE_KEY};
use tauri::webview::InvokeRequest;
use tauri::WebviewWindow;

/// Invokes `cmd` in `window` as the UI does; `Ok` is the JSON answer, `Err` the JSON error.
pub fn invoke(window: &WebviewWindow<MockRuntime>, cmd: &str, args: Value) -> Result<Value, Value> {
    // The app's own origin, which the capabilities allow: Windows' webview serves the bundled UI
    // from http://tauri.localhost, the others from tauri://localhost.
    let origin = if cfg!(windows) { "http://tauri.localhost" } else { "tauri://localhost" };
    let url = origin.parse().map_err(|_| json!("url"))?;
    let req = InvokeRequest {
        cmd: cmd.into(),
        callback: tauri::ipc::CallbackFn(0),
        error: tauri::ipc::CallbackFn(1),
        url,
        body: tauri::ipc::InvokeBody::Json(args),
        headers: Default::default(),
        invoke_key: INVOKE_KEY.to_string(),
    };
    get_ipc_response(window, req).and_then(|b| b.deserialize::<Value>().map_err(|e| json!(e.to_string())))
}
