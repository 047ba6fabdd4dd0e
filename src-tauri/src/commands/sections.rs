use studio_core::Patch;
use studio_service::Saved;
use tauri::State;

use crate::{ApiResult, AppState};

/// Autosave: applies a batch of patches and returns the fresh readiness report.
#[tauri::command(async)]
pub fn save_patches(state: State<'_, AppState>, id: String, patches: Vec<Patch>) -> ApiResult<Saved> {
    let lang = state.language();
    state.with(|s| {
        let started = std::time::Instant::now();
        let saved = studio_service::save(s, &id, &patches, &lang)?;
        if !saved.result.rejected.is_empty() {
            tracing::info!(
                patches = patches.len(),
                rejected = saved.result.rejected.len(),
                "save with refused changes"
            );
        }
        tracing::debug!(
            patches = patches.len(),
            ms = started.elapsed().as_millis() as u64,
            "saved"
        );
        Ok(saved)
    })
}

/// A draft as a reader sees it, built by the core as the PDF prints it:
/// the editor's print preview.
#[tauri::command(async)]
pub fn draft_document(state: State<'_, AppState>, id: String) -> ApiResult<studio_core::document::Document> {
    Ok(studio_service::draft_document(&*state, &id)?)
}

/// A proposal the window holds (a saved version, a review's snapshot) as a
/// reader sees it: the read-only views.
#[tauri::command(async)]
pub fn proposal_document(
    state: State<'_, AppState>,
    proposal: studio_core::Proposal,
) -> ApiResult<studio_core::document::Document> {
    state.with(|s| Ok(studio_service::proposal_document(&proposal, s.template())))
}

/// Markdown texts read into blocks by the core's one reader (the editor's
/// preview, the read-only views and the guidance show what the PDF prints).
#[tauri::command(async)]
pub fn markdown_blocks(texts: Vec<String>) -> ApiResult<Vec<Vec<studio_core::markdown::MdBlock>>> {
    let total: usize = texts.iter().map(String::len).sum();
    if total > studio_core::limits::MAX_REVIEW_FILE_BYTES as usize {
        return Err(crate::ApiError::new(
            studio_core::ErrorCode::InvalidValue,
            "too much text to show at once",
        ));
    }
    Ok(texts.iter().map(|t| studio_core::markdown::blocks(t)).collect())
}
