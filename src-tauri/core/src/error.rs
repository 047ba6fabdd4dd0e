use serde::{Deserialize, Serialize};
use thiserror::Error;
use ts_rs::TS;

/// Every code a refusal or failure can carry, from the core to the UI: the
/// one list the UI's messages (`error.<code>`) and the CLI branch on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum ErrorCode {
    TemplateInvalid,
    NotAProposal,
    WrongTemplate,
    TooLarge,
    InvalidValue,
    InvalidPatch,
    InvalidDate,
    Refused,
    Database,
    Io,
    NoDataDir,
    NewerDatabase,
    ForeignDatabase,
    DiskFull,
    NotFound,
    Corrupt,
    DamagedDatabase,
    Font,
    ExportRefused,
    NotReady,
    OpenFailed,
    Reopening,
    Internal,
}

impl ErrorCode {
    pub const ALL: [ErrorCode; 23] = [
        ErrorCode::TemplateInvalid,
        ErrorCode::NotAProposal,
        ErrorCode::WrongTemplate,
        ErrorCode::TooLarge,
        ErrorCode::InvalidValue,
        ErrorCode::InvalidPatch,
        ErrorCode::InvalidDate,
        ErrorCode::Refused,
        ErrorCode::Database,
        ErrorCode::Io,
        ErrorCode::NoDataDir,
        ErrorCode::NewerDatabase,
        ErrorCode::ForeignDatabase,
        ErrorCode::DiskFull,
        ErrorCode::NotFound,
        ErrorCode::Corrupt,
        ErrorCode::DamagedDatabase,
        ErrorCode::Font,
        ErrorCode::ExportRefused,
        ErrorCode::NotReady,
        ErrorCode::OpenFailed,
        ErrorCode::Reopening,
        ErrorCode::Internal,
    ];

    /// The code as it travels: `invalid_value`, `disk_full`, …
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorCode::TemplateInvalid => "template_invalid",
            ErrorCode::NotAProposal => "not_a_proposal",
            ErrorCode::WrongTemplate => "wrong_template",
            ErrorCode::TooLarge => "too_large",
            ErrorCode::InvalidValue => "invalid_value",
            ErrorCode::InvalidPatch => "invalid_patch",
            ErrorCode::InvalidDate => "invalid_date",
            ErrorCode::Refused => "refused",
            ErrorCode::Database => "database",
            ErrorCode::Io => "io",
            ErrorCode::NoDataDir => "no_data_dir",
            ErrorCode::NewerDatabase => "newer_database",
            ErrorCode::ForeignDatabase => "foreign_database",
            ErrorCode::DiskFull => "disk_full",
            ErrorCode::NotFound => "not_found",
            ErrorCode::Corrupt => "corrupt",
            ErrorCode::DamagedDatabase => "damaged_database",
            ErrorCode::Font => "font",
            ErrorCode::ExportRefused => "export_refused",
            ErrorCode::NotReady => "not_ready",
            ErrorCode::OpenFailed => "open_failed",
            ErrorCode::Reopening => "reopening",
            ErrorCode::Internal => "internal",
        }
    }
}

/// A code reads the same as its name on the wire (`code == "disk_full"`).
impl PartialEq<&str> for ErrorCode {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl std::fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

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
    pub fn code(&self) -> ErrorCode {
        match self {
            CoreError::Template { .. } => ErrorCode::TemplateInvalid,
            CoreError::NotAProposal(_) => ErrorCode::NotAProposal,
            CoreError::WrongTemplate(_) => ErrorCode::WrongTemplate,
            CoreError::TooLarge(_) => ErrorCode::TooLarge,
            CoreError::Invalid { .. } => ErrorCode::InvalidValue,
            CoreError::Patch { .. } => ErrorCode::InvalidPatch,
            CoreError::Refused(_) => ErrorCode::Refused,
        }
    }

    pub(crate) fn invalid(path: impl Into<String>, message: impl Into<String>) -> Self {
        CoreError::Invalid {
            path: path.into(),
            message: message.into(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::ErrorCode;

    #[test]
    fn every_code_travels_as_its_name_and_the_ui_says_it_in_every_language() {
        for code in ErrorCode::ALL {
            let wire = serde_json::to_value(code).unwrap();
            assert_eq!(wire, serde_json::Value::String(code.as_str().into()));
            assert_eq!(serde_json::from_value::<ErrorCode>(wire).unwrap(), code);
        }
        for (lang, catalogue) in [
            ("en", include_str!("../../../ui/src/lib/i18n/en.json")),
            ("fr", include_str!("../../../ui/src/lib/i18n/fr.json")),
            ("es", include_str!("../../../ui/src/lib/i18n/es.json")),
        ] {
            let messages: serde_json::Map<String, serde_json::Value> = serde_json::from_str(catalogue).unwrap();
            for code in ErrorCode::ALL {
                assert!(
                    messages.contains_key(&format!("error.{code}")),
                    "{lang}: the interface has no message for error code {code}"
                );
            }
        }
    }
}
