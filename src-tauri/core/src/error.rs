use thiserror::Error;

/// Errors of the core. Each has a stable code that the UI and CLI branch on.
#[derive(Debug, Error)]
pub enum CoreError {
    #[error("template file {file}: {path}: {message}")]
    Template {
        file: String,
        path: String,
        message: String,
    },
    #[error("{0}")]
    NotAProposal(String),
    #[error("{0}")]
    WrongTemplate(String),
    #[error("{0}")]
    TooLarge(String),
    #[error("{path}: {message}")]
    Invalid { path: String, message: String },
    #[error("cannot apply the change at {path}: {message}")]
    Patch { path: String, message: String },
    /// A request that cannot be done as asked, with the reason in words.
    #[error("{0}")]
    Refused(String),
}

impl CoreError {
    pub fn code(&self) -> &'static str {
        match self {
            CoreError::Template { .. } => "template_invalid",
            CoreError::NotAProposal(_) => "not_a_proposal",
            CoreError::WrongTemplate(_) => "wrong_template",
            CoreError::TooLarge(_) => "too_large",
            CoreError::Invalid { .. } => "invalid_value",
            CoreError::Patch { .. } => "invalid_patch",
            CoreError::Refused(_) => "refused",
        }
    }

    pub(crate) fn invalid(path: impl Into<String>, message: impl Into<String>) -> Self {
        CoreError::Invalid {
            path: path.into(),
            message: message.into(),
        }
    }
}
