//! Why a use case did not happen. Every variant keeps a stable code for the
//! UI and the CLI to branch on; the message says what is wrong in words.

use studio_core::{CoreError, Problem};
use studio_export::ExportError;
use studio_store::StoreError;
use thiserror::Error;

#[derive(Debug, Error)]
pub enum ServiceError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Core(#[from] CoreError),
    #[error(transparent)]
    Export(#[from] ExportError),
    /// What is wrong with a file the user named, naming it once.
    #[error("{path}: {source}")]
    File { path: String, source: Box<ServiceError> },
    /// A final export while problems block submission, with those problems.
    #[error("the final export is refused: {} {} submission; fix {}, or export a review copy",
        blocking.len(),
        if blocking.len() == 1 { "problem blocks" } else { "problems block" },
        if blocking.len() == 1 { "it" } else { "them" })]
    NotReady { blocking: Vec<Problem> },
    /// A request that cannot be done as asked, with the reason.
    #[error("{0}")]
    Refused(String),
    /// The library cannot be used (it failed to open, or a failure left it locked).
    #[error("{message}")]
    Unavailable {
        code: studio_core::ErrorCode,
        message: String,
    },
}

impl ServiceError {
    /// A stable code the UI and the CLI branch on.
    pub fn code(&self) -> studio_core::ErrorCode {
        match self {
            ServiceError::Store(e) => e.code(),
            ServiceError::Core(e) => e.code(),
            ServiceError::Export(e) => e.code(),
            ServiceError::File { source, .. } => source.code(),
            ServiceError::NotReady { .. } => studio_core::ErrorCode::NotReady,
            ServiceError::Refused(_) => studio_core::ErrorCode::Refused,
            ServiceError::Unavailable { code, .. } => *code,
        }
    }

    /// The same error, said of the file at `path`.
    pub(crate) fn of_file(self, path: &std::path::Path) -> ServiceError {
        ServiceError::File {
            path: path.display().to_string(),
            source: Box::new(self),
        }
    }
}
