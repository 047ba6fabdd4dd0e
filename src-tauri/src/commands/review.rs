//! Versions, sending a review and taking its comments back, and the
//! reviewer's side. Thin: every rule is in studio-core and studio-store,
//! every use case in studio-service.

use std::path::Path;

use serde::Serialize;
use studio_core::compare::{compare, Comparison};
use studio_core::review::{Anchor, Comment, Reviewer};
use studio_core::Proposal;
use studio_service::{OpenDraft, SentReview};
use studio_store::{ImportSummary, ReceivedComment, ReviewWork, VersionInfo, VersionReason};
use tauri::{AppHandle, Manager, State};

use crate::commands::drafts::open_draft;
use crate::{ApiError, ApiResult, AppState};

#[tauri::command(async)]
pub fn list_versions(state: State<'_, AppState>, id: String) -> ApiResult<Vec<VersionInfo>> {
    state.with(|s| Ok(s.list_versions(&id)?))
}

#[tauri::command(async)]
pub fn save_version(state: State<'_, AppState>, id: String, name: String) -> ApiResult<VersionInfo> {
    if name.trim().is_empty() {
        return Err(ApiError::new(
            studio_core::ErrorCode::InvalidValue,
            "give the version a name",
        ));
    }
    state.with(|s| Ok(s.save_version(&id, &name, VersionReason::Manual)?))
}

#[derive(Serialize, ts_rs::TS)]
#[ts(export)]
pub struct VersionView {
    info: VersionInfo,
    proposal: Proposal,
}

#[tauri::command(async)]
pub fn view_version(state: State<'_, AppState>, version_id: String) -> ApiResult<VersionView> {
    state.with(|s| {
        let (info, proposal) = s.load_version(&version_id)?;
        Ok(VersionView { info, proposal })
    })
}

/// Compares two versions of a draft; `None` on either side is the draft as
/// it is now.
#[tauri::command(async)]
pub fn compare_versions(
    state: State<'_, AppState>,
    id: String,
    from: Option<String>,
    to: Option<String>,
) -> ApiResult<Comparison> {
    state.with(|s| {
        let side = |v: Option<String>| -> ApiResult<Proposal> {
            match v {
                None => Ok(s.load(&id)?),
                Some(v) => {
                    let (info, p) = s.load_version(&v)?;
                    if info.draft_id != id {
                        return Err(ApiError::new(
                            studio_core::ErrorCode::Refused,
                            "that version belongs to another draft",
                        ));
                    }
                    Ok(p)
                }
            }
        };
        let (a, b) = (side(from)?, side(to)?);
        Ok(compare(&a, &b, s.template()))
    })
}

#[tauri::command(async)]
pub fn restore_version(
    state: State<'_, AppState>,
    id: String,
    version_id: String,
    before_name: String,
) -> ApiResult<OpenDraft> {
    state.with(|s| {
        s.restore_version(&id, &version_id, &before_name)?;
        Ok(())
    })?;
    open_draft(state, id)
}

/// Sends a draft for review: writes the review file, then records the
/// review and its version.
#[tauri::command(async)]
pub async fn send_review(app: AppHandle, id: String, path: String, version_name: String) -> ApiResult<SentReview> {
    // Typesetting runs off the main thread; the store is locked only to
    // read the draft and to record the review.
    let sent = tauri::async_runtime::spawn_blocking(move || {
        studio_service::send_review(app.state::<AppState>().inner(), &id, Path::new(&path), &version_name)
    })
    .await
    .map_err(|e| ApiError::new(studio_core::ErrorCode::Internal, e.to_string()))??;
    tracing::info!("review file written");
    Ok(sent)
}

#[tauri::command(async)]
pub fn list_comments(state: State<'_, AppState>, id: String) -> ApiResult<Vec<ReceivedComment>> {
    state.with(|s| Ok(s.list_comments(&id)?))
}

/// Imports a comments file. A bad file is refused before the store is touched.
#[tauri::command(async)]
pub fn import_comments(state: State<'_, AppState>, id: String, path: String) -> ApiResult<ImportSummary> {
    let done = studio_service::import_comments(state.inner(), &id, Path::new(&path))?;
    tracing::info!(added = done.added, already = done.already, "comments imported");
    Ok(done)
}

#[tauri::command(async)]
pub fn reply_to_comment(
    state: State<'_, AppState>,
    id: String,
    review_id: String,
    comment_id: String,
    text: String,
) -> ApiResult<ReceivedComment> {
    state.with(|s| Ok(s.reply_to_comment(&id, &review_id, &comment_id, &text)?))
}

#[tauri::command(async)]
pub fn resolve_comment(
    state: State<'_, AppState>,
    id: String,
    review_id: String,
    comment_id: String,
    resolved: bool,
) -> ApiResult<ReceivedComment> {
    state.with(|s| Ok(s.set_comment_status(&id, &review_id, &comment_id, resolved)?))
}

#[tauri::command(async)]
pub fn accept_suggestion(
    state: State<'_, AppState>,
    id: String,
    review_id: String,
    comment_id: String,
) -> ApiResult<ReceivedComment> {
    state.with(|s| Ok(s.accept_suggestion(&id, &review_id, &comment_id)?))
}

// ---- the reviewer's side ----------------------------------------------

/// Opens a review file: checks it whole, then keeps its snapshot in the
/// library so the reviewer's comments are saved as they type.
#[tauri::command(async)]
pub fn open_review_file(state: State<'_, AppState>, path: String) -> ApiResult<ReviewWork> {
    Ok(studio_service::open_review_file(state.inner(), Path::new(&path))?)
}

#[tauri::command(async)]
pub fn list_review_work(state: State<'_, AppState>) -> ApiResult<Vec<ReviewWork>> {
    state.with(|s| Ok(s.list_review_work()?))
}

#[derive(Serialize, ts_rs::TS)]
#[ts(export)]
pub struct ReviewSession {
    work: ReviewWork,
    proposal: Proposal,
}

#[tauri::command(async)]
pub fn open_review_work(state: State<'_, AppState>, review_id: String) -> ApiResult<ReviewSession> {
    state.with(|s| {
        Ok(ReviewSession {
            work: s.review_work(&review_id)?,
            proposal: s.review_proposal(&review_id)?,
        })
    })
}

#[tauri::command(async)]
pub fn set_reviewer(state: State<'_, AppState>, review_id: String, reviewer: Reviewer) -> ApiResult<ReviewWork> {
    state.with(|s| Ok(s.set_reviewer(&review_id, &reviewer)?))
}

#[tauri::command(async)]
pub fn save_review_comment(
    state: State<'_, AppState>,
    review_id: String,
    comment_id: Option<String>,
    anchor: Anchor,
    body: String,
    suggestion: Option<String>,
) -> ApiResult<Comment> {
    state.with(|s| {
        Ok(s.save_review_comment(&review_id, comment_id.as_deref(), &anchor, &body, suggestion.as_deref())?)
    })
}

#[tauri::command(async)]
pub fn delete_review_comment(state: State<'_, AppState>, review_id: String, comment_id: String) -> ApiResult<()> {
    state.with(|s| Ok(s.delete_review_comment(&review_id, &comment_id)?))
}

#[tauri::command(async)]
pub fn remove_review_work(state: State<'_, AppState>, review_id: String) -> ApiResult<()> {
    state.with(|s| Ok(s.remove_review_work(&review_id)?))
}

/// Writes the comments file the reviewer sends back.
#[tauri::command(async)]
pub fn return_comments(state: State<'_, AppState>, review_id: String, path: String) -> ApiResult<String> {
    let (out, comments) = studio_service::return_comments(state.inner(), &review_id, Path::new(&path))?;
    tracing::info!(comments, "comments file written");
    Ok(out.display().to_string())
}
