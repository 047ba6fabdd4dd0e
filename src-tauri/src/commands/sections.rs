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
