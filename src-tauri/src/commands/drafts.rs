use studio_core::{DocumentKind, Proposal};
use studio_service::OpenDraft;
use studio_store::DraftSummary;
use tauri::State;

use crate::{ApiError, ApiResult, AppState};

#[tauri::command(async)]
pub fn list_drafts(state: State<'_, AppState>, trashed: bool) -> ApiResult<Vec<DraftSummary>> {
    state.with(|s| Ok(s.list(trashed)?))
}

/// `source` is "blank" or "example".
#[tauri::command(async)]
pub fn create_draft(
    state: State<'_, AppState>,
    source: String,
    kind: DocumentKind,
    name: Option<String>,
) -> ApiResult<DraftSummary> {
    state.with(|s| {
        let proposal = match source.as_str() {
            "blank" => Proposal::blank(s.template(), kind, name.as_deref().unwrap_or("")),
            "example" => studio_core::example_proposal()?,
            _ => {
                return Err(ApiError::new(
                    studio_core::ErrorCode::InvalidValue,
                    format!("unknown draft source {source:?}"),
                ))
            }
        };
        Ok(s.create(&proposal)?)
    })
}

#[tauri::command(async)]
pub fn open_draft(state: State<'_, AppState>, id: String) -> ApiResult<OpenDraft> {
    let lang = state.language();
    state.with(|s| Ok(studio_service::open_draft(s, &id, &lang)?))
}

#[tauri::command(async)]
pub fn rename_draft(state: State<'_, AppState>, id: String, name: String) -> ApiResult<DraftSummary> {
    state.with(|s| Ok(s.rename(&id, &name)?))
}

#[tauri::command(async)]
pub fn duplicate_draft(state: State<'_, AppState>, id: String, name: Option<String>) -> ApiResult<DraftSummary> {
    state.with(|s| {
        let name = match name {
            Some(n) => n,
            None => format!("{} (copy)", s.summary(&id)?.name),
        };
        Ok(s.duplicate(&id, &name)?)
    })
}

#[tauri::command(async)]
pub fn trash_draft(state: State<'_, AppState>, id: String) -> ApiResult<()> {
    state.with(|s| Ok(s.trash(&id)?))
}

#[tauri::command(async)]
pub fn restore_draft(state: State<'_, AppState>, id: String) -> ApiResult<()> {
    state.with(|s| Ok(s.restore(&id)?))
}

#[tauri::command(async)]
pub fn purge_draft(state: State<'_, AppState>, id: String) -> ApiResult<()> {
    state.with(|s| Ok(s.purge(&id)?))
}

/// Imports a proposal file (or a submission package) chosen in the open dialog.
#[tauri::command(async)]
pub fn import_proposal_file(state: State<'_, AppState>, path: String) -> ApiResult<DraftSummary> {
    let input = studio_service::read_proposal_file(std::path::Path::new(&path), studio_core::Template::builtin()?)?;
    Ok(studio_service::import_proposal(state.inner(), &input)?)
}

/// Writes a draft as a proposal file where the save dialog said.
#[tauri::command(async)]
pub fn export_proposal_file(state: State<'_, AppState>, id: String, path: String) -> ApiResult<()> {
    let json = state.with(|s| Ok(s.export_json(&id)?))?;
    studio_store::write_atomically(std::path::Path::new(&path), json.as_bytes())?;
    Ok(())
}

/// Sets the language the proposal is written in; its PDF follows it.
#[tauri::command(async)]
pub fn set_draft_language(state: State<'_, AppState>, id: String, language: String) -> ApiResult<DraftSummary> {
    state.with(|s| Ok(s.set_language(&id, &language)?))
}

/// Turns a concept note into a full proposal, keeping what is written.
#[tauri::command(async)]
pub fn promote_draft(state: State<'_, AppState>, id: String) -> ApiResult<DraftSummary> {
    state.with(|s| Ok(s.promote(&id)?))
}
