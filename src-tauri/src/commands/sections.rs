use serde::Serialize;
use studio_core::{validate, Patch, Report};
use studio_store::SaveResult;
use tauri::State;

use crate::{ApiResult, AppState};

#[derive(Serialize)]
pub struct Saved {
    #[serde(flatten)]
    result: SaveResult,
    report: Report,
}

/// Autosave: applies a batch of patches and returns the fresh readiness report.
#[tauri::command]
pub fn save_patches(state: State<'_, AppState>, id: String, patches: Vec<Patch>) -> ApiResult<Saved> {
    state.with(|s| {
        let result = s.apply_patches(&id, &patches)?;
        let report = validate(&s.load(&id)?, s.template());
        Ok(Saved { result, report })
    })
}
