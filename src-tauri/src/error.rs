//! What reaches the UI when a command fails: `{ code, message }`.

use serde::Serialize;
use studio_core::ErrorCode;
use studio_store::StoreError;

/// A failed command as the window receives it.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
#[ts(export)]
pub struct ApiError {
    pub code: ErrorCode,
    pub message: String,
}

impl ApiError {
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        ApiError {
            code,
            message: message.into(),
        }
    }
}

impl From<StoreError> for ApiError {
    fn from(e: StoreError) -> Self {
        // The code only: a message can quote what the user typed.
        tracing::warn!(code = %e.code(), "refused or failed");
        ApiError::new(e.code(), e.to_string())
    }
}

impl From<studio_core::CoreError> for ApiError {
    fn from(e: studio_core::CoreError) -> Self {
        tracing::warn!(code = %e.code(), "refused");
        ApiError::new(e.code(), e.to_string())
    }
}

pub type ApiResult<T> = Result<T, ApiError>;

impl From<studio_export::ExportError> for ApiError {
    fn from(e: studio_export::ExportError) -> Self {
        tracing::warn!(code = %e.code(), "export refused or failed");
        ApiError::new(e.code(), e.to_string())
    }
}

impl From<studio_service::ServiceError> for ApiError {
    fn from(e: studio_service::ServiceError) -> Self {
        tracing::warn!(code = %e.code(), "refused or failed");
        ApiError::new(e.code(), e.to_string())
    }
}
