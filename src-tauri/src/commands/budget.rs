//! Budget lines from an agency's file or from rows pasted from a
//! spreadsheet. Thin: the reading is studio-core's, the use case
//! studio-service's.

use std::path::Path;

use studio_service::BudgetImport;
use tauri::State;

use crate::{ApiError, ApiResult, AppState};

/// Reads a workbook or CSV file's budget lines for `puno`; with `dry_run`
/// only reports, otherwise adds them all (none while a cell has a problem).
#[tauri::command]
pub fn budget_import(
    state: State<'_, AppState>,
    id: String,
    path: String,
    puno: String,
    sheet: Option<String>,
    dry_run: bool,
) -> ApiResult<BudgetImport> {
    let lang = state.language();
    let r = studio_service::import_budget_lines(
        state.inner(),
        &id,
        Path::new(&path),
        &puno,
        sheet.as_deref(),
        dry_run,
        &lang,
    )?;
    tracing::info!(
        lines = r.import.lines.len(),
        added = r.added,
        "budget lines read from a file"
    );
    Ok(r)
}

/// Rows pasted from a spreadsheet: tab-separated `text`, or the cells of
/// an HTML table as `rows`.
#[tauri::command]
pub fn budget_paste(
    state: State<'_, AppState>,
    id: String,
    text: Option<String>,
    rows: Option<Vec<Vec<String>>>,
    puno: Option<String>,
    dry_run: bool,
) -> ApiResult<BudgetImport> {
    let rows = match (text, rows) {
        (_, Some(rows)) => rows,
        (Some(text), None) => studio_core::cells::read_tsv(&text),
        (None, None) => return Err(ApiError::new("invalid_value", "nothing was pasted")),
    };
    let lang = state.language();
    Ok(studio_service::paste_budget_lines(
        state.inner(),
        &id,
        &rows,
        puno.as_deref(),
        dry_run,
        &lang,
    )?)
}
