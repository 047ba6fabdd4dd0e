//! Budget lines from an agency's file or from rows pasted from a
//! spreadsheet. Thin: the reading is studio-core's, the use case
//! studio-service's.

use std::path::Path;

use studio_core::cells::{CellRead, Column};
use studio_core::money::LineFigures;
use studio_core::words::AmountAsked;
use studio_service::{BudgetImport, TableLayout, TableSource, WorkbookTables};
use tauri::State;

use crate::{ApiError, ApiResult, AppState};

/// Rows of a table (pasted from a spreadsheet, or a file's sheet read by
/// [`budget_sheets`]) with the `layout` the user corrected, guessed when
/// none, and the file's `name` for the version kept first.
#[tauri::command(async)]
pub fn budget_paste(
    state: State<'_, AppState>,
    id: String,
    rows: Vec<Vec<String>>,
    layout: Option<TableLayout>,
    name: Option<String>,
    puno: Option<String>,
    dry_run: bool,
) -> ApiResult<BudgetImport> {
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

/// The figures of budget lines, each `[quantity, unit cost]`, read as the
/// core reads them, with each line's total (the grid shows and adds these).
#[tauri::command(async)]
pub fn line_figures(lines: Vec<(String, String)>) -> ApiResult<Vec<LineFigures>> {
    Ok(studio_service::line_figures(&lines)?)
}

/// Amounts written as the interface shows them in `language`: the screens
/// never group digits or place a sign themselves.
#[tauri::command(async)]
pub fn shown_amounts(language: String, amounts: Vec<AmountAsked>) -> ApiResult<Vec<String>> {
    Ok(studio_service::shown_amounts(&language, &amounts)?)
}

/// The sheets of a workbook or CSV file, each with its guessed header row
/// and columns, and the one read by default, for the import dialog.
#[tauri::command(async)]
pub fn budget_sheets(state: State<'_, AppState>, path: String) -> ApiResult<WorkbookTables> {
    let lang = state.language();
    Ok(studio_service::budget_sheets(Path::new(&path), &lang)?)
}

/// What each of `width` columns holds, as the words of the `header` row the
/// user picked tell.
#[tauri::command(async)]
pub fn budget_columns(header: Vec<String>, width: usize) -> ApiResult<Vec<Option<Column>>> {
    Ok(studio_service::guess_layout_columns(&header, width)?)
}

/// Tab-separated text from the clipboard as rows of cells, read as
/// spreadsheets write it (quoted cells keep their tabs and line breaks).
#[tauri::command(async)]
pub fn read_pasted(text: String) -> ApiResult<Vec<Vec<String>>> {
    if text.len() > studio_core::limits::MAX_REVIEW_FILE_BYTES as usize {
        return Err(ApiError::new(
            studio_core::ErrorCode::InvalidValue,
            "the clipboard holds too much to paste",
        ));
    }
    Ok(studio_core::cells::read_tsv(&text))
}
