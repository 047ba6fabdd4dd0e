//! Budget lines from an agency's file or from rows pasted from a
//! spreadsheet. Thin: the reading is studio-core's, the use case
//! studio-service's.

use std::path::Path;

use studio_core::cells::{CellRead, Column};
use studio_service::{BudgetImport, SheetTable, TableLayout, TableSource};
use tauri::State;

use crate::{ApiError, ApiResult, AppState};

/// Reads a workbook or CSV file's budget lines for `puno`; with `dry_run`
/// only reports, otherwise adds them all (none while a cell has a problem).
#[tauri::command(async)]
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
/// an HTML table as `rows`; or a file's sheet read by [`budget_sheets`],
/// with the `layout` the user corrected and the file's `name`.
#[tauri::command(async)]
#[allow(clippy::too_many_arguments)]
pub fn budget_paste(
    state: State<'_, AppState>,
    id: String,
    text: Option<String>,
    rows: Option<Vec<Vec<String>>>,
    layout: Option<TableLayout>,
    name: Option<String>,
    puno: Option<String>,
    dry_run: bool,
) -> ApiResult<BudgetImport> {
    let rows = match (text, rows) {
        (_, Some(rows)) => rows,
        (Some(text), None) => studio_core::cells::read_tsv(&text),
        (None, None) => return Err(ApiError::new("invalid_value", "nothing was pasted")),
    };
    let lang = state.language();
    let table = TableSource {
        rows: &rows,
        layout: layout.as_ref(),
        name: name.as_deref(),
    };
    Ok(studio_service::paste_budget_lines(
        state.inner(),
        &id,
        &table,
        puno.as_deref(),
        dry_run,
        &lang,
    )?)
}

/// Cells typed or pasted over the budget grid, each `[column, text]` read
/// for its column; nothing is changed.
#[tauri::command(async)]
pub fn budget_cells(state: State<'_, AppState>, id: String, cells: Vec<(Column, String)>) -> ApiResult<Vec<CellRead>> {
    let lang = state.language();
    Ok(studio_service::read_budget_cells(state.inner(), &id, &cells, &lang)?)
}

/// The sheets of a workbook or CSV file, each with its guessed header row
/// and columns, for the import dialog.
#[tauri::command(async)]
pub fn budget_sheets(state: State<'_, AppState>, path: String) -> ApiResult<Vec<SheetTable>> {
    let lang = state.language();
    Ok(studio_service::budget_sheets(Path::new(&path), &lang)?)
}

/// Tab-separated text from the clipboard as rows of cells, read as
/// spreadsheets write it (quoted cells keep their tabs and line breaks).
#[tauri::command(async)]
pub fn read_pasted(text: String) -> ApiResult<Vec<Vec<String>>> {
    if text.len() > studio_core::limits::MAX_REVIEW_FILE_BYTES as usize {
        return Err(ApiError::new("invalid_value", "the clipboard holds too much to paste"));
    }
    Ok(studio_core::cells::read_tsv(&text))
}
