use serde::Serialize;
use studio_core::budget::{summarize, BudgetSummary};
use studio_core::markers::{self, MarkerReport};
use studio_core::{validate_in, Patch, Report};
use studio_store::SaveResult;
use tauri::State;

use crate::{ApiResult, AppState};

#[derive(Serialize)]
pub struct Saved {
    #[serde(flatten)]
    result: SaveResult,
    report: Report,
    budget: BudgetSummary,
    markers: MarkerReport,
}

/// Autosave: applies a batch of patches and returns the fresh readiness report.
#[tauri::command]
pub fn save_patches(state: State<'_, AppState>, id: String, patches: Vec<Patch>) -> ApiResult<Saved> {
    let lang = state.language();
    state.with(|s| {
        let started = std::time::Instant::now();
        let result = s.apply_patches(&id, &patches)?;
        if !result.rejected.is_empty() {
            tracing::info!(
                patches = patches.len(),
                rejected = result.rejected.len(),
                "save with refused changes"
            );
        }
        tracing::debug!(
            patches = patches.len(),
            ms = started.elapsed().as_millis() as u64,
            "saved"
        );
        // The day's backup, for an app left open across midnight.
        s.backup_if_due()?;
        let proposal = s.load(&id)?;
        let report = validate_in(&proposal, s.template(), &lang);
        let budget = summarize(&proposal.budget, &proposal.results_framework, s.template());
        let markers = markers::report_in(&proposal, s.template(), &lang);
        Ok(Saved {
            result,
            report,
            budget,
            markers,
        })
    })
}
