//! What crosses IPC when a command fails: `{ code, message }`. `code` is the core's stable error
//! code (the UI translates by it); `message` is the English text (the UI's fallback).

use serde::{Deserialize, Serialize};
use ts_rs::TS;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ApiError {
    pub code: String,
    pub message: String,
}

impl ApiError {
    pub fn new(code: &str, message: impl Into<String>) -> ApiError {
        ApiError { code: code.to_string(), message: message.into() }
    }

    /// An argument from the UI that does not have the expected shape.
    pub fn bad_argument(name: &str, e: &serde_json::Error) -> ApiError {
        ApiError::new("invalid_argument", format!("invalid argument {name}: {e}"))
    }

    /// The database thread is gone (the app is shutting down).
    pub fn db_closed() -> ApiError {
        ApiError::new("db_closed", "the database is closed")
    }
}

impl ApiError {
    /// The IPC form of a core error.
    pub fn from_ref(e: &poskeeper::Error) -> ApiError {
        ApiError { code: e.code().to_string(), message: e.to_string() }
    }
}

impl From<poskeeper::Error> for ApiError {
    fn from(e: poskeeper::Error) -> ApiError {
        ApiError::from_ref(&e)
    }
}

impl std::fmt::Display for ApiError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.code, self.message)
    }
}

impl std::error::Error for ApiError {}

/// What every command returns.
pub type ApiResult<T> = Result<T, ApiError>;

/// Reads a structured argument, so a malformed one is an `ApiError` too (Tauri's own
/// deserialization failure would reach the UI as a bare string).
pub fn arg<T: serde::de::DeserializeOwned>(name: &str, v: serde_json::Value) -> ApiResult<T> {
    serde_json::from_value(v).map_err(|e| ApiError::bad_argument(name, &e))
}
