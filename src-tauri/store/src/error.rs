use studio_core::CoreError;
use thiserror::Error;

#[derive(Debug, Error)]
pub enum StoreError {
    #[error(transparent)]
    Core(#[from] CoreError),
    #[error("database error: {0}")]
    Sqlite(#[from] rusqlite::Error),
    #[error("cannot use the data folder {path}: {source}")]
    Io { path: String, source: std::io::Error },
    /// A file the user chose could not be read.
    #[error("cannot read {path}: {source}")]
    Read { path: String, source: std::io::Error },
    /// A file the user chose could not be written.
    #[error("cannot write {path}: {source}")]
    Write { path: String, source: std::io::Error },
    #[error("no per-user data folder is known on this system; set PROPOSAL_STUDIO_DATA_DIR")]
    NoDataDir,
    #[error("the database {path} was written by a newer Proposal Studio (schema {found}; this version reads up to {supported}). Update the app to open it; the file was not changed")]
    NewerDatabase { path: String, found: i64, supported: i64 },
    #[error("{path} is not a Proposal Studio database; it was not changed")]
    ForeignDatabase { path: String },
    #[error("the disk is full: the last changes are not saved yet")]
    DiskFull,
    #[error("no draft with id {0}")]
    NotFound(String),
    #[error("{0}")]
    Refused(String),
    #[error("a stored draft is damaged: {0}")]
    Corrupt(String),
    #[error("the database {path} is damaged ({detail}). {}", match backup { Some(b) => format!("The latest good backup is {b}; Proposal Studio can restore it, keeping the damaged file beside it."), None => "No backup was found; the file was left as it is.".to_string() })]
    Damaged {
        path: String,
        detail: String,
        backup: Option<String>,
    },
}

impl StoreError {
    /// A stable code the UI and CLI branch on.
    pub fn code(&self) -> studio_core::ErrorCode {
        use studio_core::ErrorCode;
        match self {
            StoreError::Core(e) => e.code(),
            StoreError::Sqlite(_) => ErrorCode::Database,
            StoreError::Io { .. } | StoreError::Read { .. } | StoreError::Write { .. } => ErrorCode::Io,
            StoreError::NoDataDir => ErrorCode::NoDataDir,
            StoreError::NewerDatabase { .. } => ErrorCode::NewerDatabase,
            StoreError::ForeignDatabase { .. } => ErrorCode::ForeignDatabase,
            StoreError::DiskFull => ErrorCode::DiskFull,
            StoreError::NotFound(_) => ErrorCode::NotFound,
            StoreError::Refused(_) => ErrorCode::Refused,
            StoreError::Corrupt(_) => ErrorCode::Corrupt,
            StoreError::Damaged { .. } => ErrorCode::DamagedDatabase,
        }
    }

    /// Maps SQLite's disk-full condition to its own error, so the UI can say so.
    pub(crate) fn from_sqlite(e: rusqlite::Error) -> StoreError {
        match e.sqlite_error_code() {
            Some(rusqlite::ErrorCode::DiskFull) => StoreError::DiskFull,
            _ => StoreError::Sqlite(e),
        }
    }
}
