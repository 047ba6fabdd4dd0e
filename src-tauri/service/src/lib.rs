//! The use cases of Proposal Studio, each in one place: open a draft with
//! its report, save, export the submission package, send a draft for review,
//! import a reviewer's comments. The Tauri shell and the `proposal` CLI both
//! call these and neither re-decides a rule.
//!
//! A use case that writes files and records them does it in that order:
//! the files are written beside their destination under temporary names,
//! then recorded in one SQLite transaction, then moved into place before
//! that transaction commits. A failure anywhere leaves the library as it
//! was and no partial file behind.

mod assess;
mod budget;
mod error;
mod export;
mod input;
mod review;
mod share;
mod staging;

pub use assess::{assess, open_draft, save, Assessment, OpenDraft, Saved};
pub use budget::{
    budget_sheets, guess_header, guess_layout_columns, import_budget_lines, line_figures, paste_budget_lines,
    read_budget_cells, read_sheets, shown_amounts, BudgetImport, Sheet, SheetTable, TableLayout, TableSource,
    WorkbookTables,
};
pub use error::ServiceError;
pub use export::{allow_export, draft_document, export_draft, export_file, proposal_document, Exported, Paper};
pub use input::{import_proposal, read_proposal, read_proposal_file, ProposalInput};
pub use review::{
    import_and_send_review, import_comments, import_pdf_notes, open_review_file, return_comments, send_review,
    with_extension, SentReview,
};

pub use share::{
    merge_contribution, open_share, preview_merge, return_contribution, share_draft, MergePreview, MergeReport,
    SentShare,
};

use std::sync::Mutex;

use studio_store::Store;

/// Access to the library for a use case. A use case holds it only for its
/// short reads and writes, never while it typesets a PDF, so the app's
/// autosave is not kept waiting by an export.
pub trait Library {
    fn with<T>(&self, f: impl FnOnce(&mut Store) -> Result<T, ServiceError>) -> Result<T, ServiceError>;
}

impl Library for Mutex<Store> {
    fn with<T>(&self, f: impl FnOnce(&mut Store) -> Result<T, ServiceError>) -> Result<T, ServiceError> {
        let mut store = self.lock().map_err(|_| ServiceError::Unavailable {
            code: studio_core::ErrorCode::Internal,
            message: "an earlier failure left the library locked".into(),
        })?;
        f(&mut store)
    }
}
