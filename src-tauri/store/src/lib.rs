//! Drafts on the user's own disk: one SQLite database, written a part at a
//! time so every autosave is small, atomic and durable.

mod backup;
mod error;
mod files;
mod review;
mod schema;
mod share;
mod store;

pub use backup::{latest as latest_backup, restore_latest, BACKUPS_KEPT};
pub use error::StoreError;
pub use files::{read_bounded, read_limited, write_atomically};
pub use review::{CommentStatus, ImportSummary, ReceivedComment, Reply, ReviewWork, VersionInfo, VersionReason};
pub use schema::{APPLICATION_ID, SCHEMA_VERSION};
pub use share::{Authorship, MergedContribution, ShareSent};
pub use store::{DraftSummary, Rejected, SaveResult, Store, DATABASE_FILE};

use std::path::PathBuf;

/// Environment variable that overrides the data folder (tests, portable installs).
pub const DATA_DIR_ENV: &str = "PROPOSAL_STUDIO_DATA_DIR";

/// The folder holding the database: `$PROPOSAL_STUDIO_DATA_DIR`, or the
/// platform's per-user data folder.
pub fn data_dir() -> Result<PathBuf, StoreError> {
    if let Some(dir) = std::env::var_os(DATA_DIR_ENV).filter(|d| !d.is_empty()) {
        return Ok(PathBuf::from(dir));
    }
    directories::ProjectDirs::from("org", "Migration MPTF", "Proposal Studio")
        .map(|d| d.data_dir().to_path_buf())
        .ok_or(StoreError::NoDataDir)
}
