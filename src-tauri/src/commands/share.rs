//! Co-authoring: share a draft with a PUNO, open a share, return a
//! contribution, preview and apply a merge. Thin: the merge is core logic,
//! the use cases are studio-service's.

use std::collections::BTreeMap;
use std::path::Path;

use serde::{Deserialize, Serialize};
use studio_core::merge::{Assignment, Path as MergePath, Take};
use studio_core::merge_text::{assigned_ranges, paragraph_texts};
use studio_core::review::{Anchor, Comment, Reviewer};
use studio_core::share::ShareHeader;
use studio_service::{MergePreview, MergeReport, SentShare};
use studio_store::{Authorship, DraftSummary, MergedContribution, ShareSent};
use tauri::State;

use crate::{ApiResult, AppState};

/// The rows a PUNO owns by default in the draft as it is now: its budget
/// lines, activities, indicators, risks, and the outputs all its own.
#[tauri::command(async)]
pub fn share_defaults(state: State<'_, AppState>, id: String, puno: String) -> ApiResult<Vec<String>> {
    state.with(|s| Ok(Assignment::new(&puno).owned_rows(&s.load(&id)?).into_iter().collect()))
}

/// A narrative field's paragraphs, numbered as a share gives them.
#[tauri::command(async)]
pub fn narrative_paragraphs(state: State<'_, AppState>, id: String, key: String) -> ApiResult<Vec<String>> {
    state.with(|s| {
        let p = s.load(&id)?;
        let text = p.narrative.get(&key).map_or("", String::as_str);
        Ok(paragraph_texts(text).into_iter().map(str::to_string).collect())
    })
}

#[tauri::command(async)]
pub fn share_draft(
    state: State<'_, AppState>,
    id: String,
    assignment: Assignment,
    path: String,
) -> ApiResult<SentShare> {
    let sent = studio_service::share_draft(state.inner(), &id, assignment, Path::new(&path))?;
    tracing::info!(rows = sent.rows, "share file written");
    Ok(sent)
}

#[derive(Serialize, ts_rs::TS)]
#[ts(export)]
pub struct TeamWork {
    shares: Vec<ShareSent>,
    merged: Vec<MergedContribution>,
}

/// The shares a draft sent and the contributions merged into it.
#[tauri::command(async)]
pub fn team_work(state: State<'_, AppState>, id: String) -> ApiResult<TeamWork> {
    state.with(|s| {
        Ok(TeamWork {
            shares: s.list_shares(&id)?,
            merged: s.list_merged(&id)?,
        })
    })
}

#[tauri::command(async)]
pub fn open_share(state: State<'_, AppState>, path: String) -> ApiResult<DraftSummary> {
    Ok(studio_service::open_share(state.inner(), Path::new(&path))?)
}

#[derive(Serialize, ts_rs::TS)]
#[ts(export)]
pub struct ReceivedShare {
    header: ShareHeader,
    /// The rows the PUNO owns in the snapshot it received.
    owned: Vec<String>,
    /// The snapshot's other rows: read here, not written. Rows the PUNO
    /// adds are its own.
    others: Vec<String>,
    /// For each field of which it was given paragraphs: where those
    /// paragraphs are in the text now (UTF-16 offsets, as the editor counts).
    paragraphs: BTreeMap<String, Vec<(u32, u32)>>,
}

/// For a draft opened from a share: what its PUNO was given to write.
#[tauri::command(async)]
pub fn share_received(state: State<'_, AppState>, id: String) -> ApiResult<Option<ReceivedShare>> {
    state.with(|s| {
        let Some((header, base)) = s.share_received(&id)? else {
            return Ok(None);
        };
        let now = s.load(&id)?;
        let text = |p: &studio_core::Proposal, k: &str| p.narrative.get(k).cloned().unwrap_or_default();
        let paragraphs = header
            .assignment
            .paragraphs
            .iter()
            .map(|(k, given)| (k.clone(), assigned_ranges(&text(&base, k), &text(&now, k), given)))
            .collect();
        Ok(Some(ReceivedShare {
            owned: header.assignment.owned_rows(&base).into_iter().collect(),
            others: header.assignment.others_rows(&base).into_iter().collect(),
            paragraphs,
            header,
        }))
    })
}

#[derive(Serialize, ts_rs::TS)]
#[ts(export)]
pub struct ReturnedContribution {
    path: String,
    /// Its changes in words, one line per part.
    lines: Vec<String>,
}

#[tauri::command(async)]
pub fn return_contribution(
    state: State<'_, AppState>,
    id: String,
    path: String,
    contributor: Reviewer,
) -> ApiResult<ReturnedContribution> {
    let lang = state.language();
    let (out, summary) = studio_service::return_contribution(state.inner(), &id, None, contributor, Path::new(&path))?;
    let lines = state.with(|s| Ok(studio_core::merge::describe(&summary, s.template(), &lang)))?;
    tracing::info!("contribution file written");
    Ok(ReturnedContribution {
        path: out.display().to_string(),
        lines,
    })
}

/// How the author settled one collision.
#[derive(Deserialize, ts_rs::TS)]
#[ts(export)]
pub struct Settled {
    path: MergePath,
    take: Take,
}

fn settled(list: Vec<Settled>) -> BTreeMap<MergePath, Take> {
    list.into_iter().map(|s| (s.path, s.take)).collect()
}

/// What merging a contribution would do; nothing is written.
#[tauri::command(async)]
pub fn preview_merge(
    state: State<'_, AppState>,
    id: String,
    path: String,
    resolved: Vec<Settled>,
) -> ApiResult<MergePreview> {
    let lang = state.language();
    Ok(studio_service::preview_merge(
        state.inner(),
        &id,
        Path::new(&path),
        &settled(resolved),
        &lang,
    )?)
}

/// Merges a contribution, every collision settled; a version is kept first.
#[tauri::command(async)]
pub fn apply_merge(
    state: State<'_, AppState>,
    id: String,
    path: String,
    resolved: Vec<Settled>,
) -> ApiResult<MergeReport> {
    let report =
        studio_service::merge_contribution(state.inner(), &id, Path::new(&path), &settled(resolved), None, false)?;
    tracing::info!(merged = report.merged, already = report.already, "contribution merged");
    Ok(report)
}

#[tauri::command(async)]
pub fn list_authorship(state: State<'_, AppState>, id: String) -> ApiResult<Vec<Authorship>> {
    state.with(|s| Ok(s.authorship(&id)?))
}

/// A PUNO's comment on a part of its shared draft, saved as typed.
#[tauri::command(async)]
pub fn save_share_comment(
    state: State<'_, AppState>,
    id: String,
    comment_id: Option<String>,
    anchor: Anchor,
    body: String,
) -> ApiResult<Comment> {
    state.with(|s| Ok(s.save_share_comment(&id, comment_id.as_deref(), &anchor, &body)?))
}

#[tauri::command(async)]
pub fn delete_share_comment(state: State<'_, AppState>, id: String, comment_id: String) -> ApiResult<()> {
    state.with(|s| Ok(s.delete_share_comment(&id, &comment_id)?))
}

#[tauri::command(async)]
pub fn list_share_comments(state: State<'_, AppState>, id: String) -> ApiResult<Vec<Comment>> {
    state.with(|s| Ok(s.share_comments(&id)?))
}
