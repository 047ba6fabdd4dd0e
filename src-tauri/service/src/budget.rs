//! Budget lines from an agency's own file: a workbook (.xlsx, .xls, .ods,
//! read by calamine) or a CSV file. The sheet, the header row and the
//! columns are guessed and can be given; every line is read by the core
//! (`studio_core::cells`) and added all at once, or not at all.

use std::path::Path;

use calamine::{open_workbook_auto_from_rs, Data, Reader, Sheets};
use serde::{Deserialize, Serialize};
use studio_core::cells::{self, Column, TableImport};
use studio_core::limits::{MAX_REVIEW_FILE_BYTES, MAX_TABLE_COLUMNS};
use studio_core::messages::{msg, number};
use studio_core::{money, words};
use studio_store::VersionReason;
use ts_rs::TS;

use crate::{Library, ServiceError};

/// One sheet of a file, as text cells (a CSV file is one sheet).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sheet {
    pub name: String,
    pub rows: Vec<Vec<String>>,
}

/// A number a workbook holds, as text the core reads back exactly: rounded
/// to six decimals (a formula's cached 1234.5600000000001 is 1234.56) and
/// written as `lang` writes numbers.
fn number_cell(v: f64, lang: &str) -> String {
    if !v.is_finite() {
        return v.to_string();
    }
    let fixed = format!("{v:.6}");
    let plain = fixed.trim_end_matches('0').trim_end_matches('.');
    number(lang, if plain == "-0" { "0" } else { plain })
}

fn cell_text(d: &Data, lang: &str) -> String {
    match d {
        Data::Empty => String::new(),
        Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
        Data::Int(i) => number(lang, &i.to_string()),
        Data::Float(f) => number_cell(*f, lang),
        Data::Bool(b) => b.to_string(),
        Data::DateTime(d) => d.as_f64().to_string(),
        Data::Error(e) => format!("#{e:?}"),
    }
}

/// The sheets of a workbook or CSV file, merged cells filled with their
/// first cell's value (a PUNO written once across ten rows is on each).
pub fn read_sheets(path: &Path, lang: &str) -> Result<Vec<Sheet>, ServiceError> {
    let bytes = studio_store::read_limited(path, MAX_REVIEW_FILE_BYTES, "a budget file")?;
    let is_csv = path.extension().and_then(|e| e.to_str()).is_some_and(|e| {
        e.eq_ignore_ascii_case("csv") || e.eq_ignore_ascii_case("tsv") || e.eq_ignore_ascii_case("txt")
    });
    if is_csv {
        let name = path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        return Ok(vec![Sheet {
            name,
            rows: read_csv(&bytes).map_err(|m| ServiceError::Refused(m).of_file(path))?,
        }]);
    }
    let refuse = |e: &dyn std::fmt::Display| {
        ServiceError::Refused(format!(
            "this is not a workbook Proposal Studio can read (.xlsx, .xls, .ods, .csv): {e}"
        ))
        .of_file(path)
    };
    let mut book = open_workbook_auto_from_rs(std::io::Cursor::new(bytes)).map_err(|e| refuse(&e))?;
    let names = book.sheet_names().to_vec();
    let mut out = Vec::new();
    for name in names {
        let range = book.worksheet_range(&name).map_err(|e| refuse(&e))?;
        let (top, left) = range.start().unwrap_or((0, 0));
        let mut rows: Vec<Vec<String>> = range
            .rows()
            .map(|r| r.iter().map(|c| cell_text(c, lang)).collect())
            .collect();
        let merged = match &mut book {
            Sheets::Xlsx(x) => x.worksheet_merge_cells(&name).and_then(Result::ok),
            Sheets::Xls(x) => x.worksheet_merge_cells(&name),
            _ => None,
        };
        for m in merged.unwrap_or_default() {
            let at = |r: u32, c: u32| -> Option<(usize, usize)> {
                Some((r.checked_sub(top)? as usize, c.checked_sub(left)? as usize))
            };
            let Some((r0, c0)) = at(m.start.0, m.start.1) else {
                continue;
            };
            let Some(first) = rows.get(r0).and_then(|r: &Vec<String>| r.get(c0)).cloned() else {
                continue;
            };
            for r in m.start.0..=m.end.0 {
                for c in m.start.1..=m.end.1 {
                    if let Some((ri, ci)) = at(r, c) {
                        if let Some(cell) = rows.get_mut(ri).and_then(|row| row.get_mut(ci)) {
                            if cell.is_empty() {
                                cell.clone_from(&first);
                            }
                        }
                    }
                }
            }
        }
        out.push(Sheet { name, rows });
    }
    Ok(out)
}

/// A CSV file: comma, semicolon (as spreadsheets write it where the comma
/// is the decimal mark) or tab separated, told from its first line.
fn read_csv(bytes: &[u8]) -> Result<Vec<Vec<String>>, String> {
    let text = std::str::from_utf8(bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes))
        .map_err(|_| "the CSV file is not UTF-8 text; save it as CSV UTF-8".to_string())?;
    let first = text.lines().next().unwrap_or("");
    let count = |c: char| first.matches(c).count();
    let delimiter = [b'\t', b';', b',']
        .into_iter()
        .max_by_key(|d| count(*d as char))
        .unwrap_or(b',');
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(text.as_bytes());
    let mut rows = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|e| format!("the CSV file cannot be read: {e}"))?;
        rows.push(record.iter().map(str::to_string).collect());
    }
    Ok(rows)
}

/// The header row: the first of the first twenty rows in which at least
/// two columns are recognized, one of them a figure.
pub fn guess_header(rows: &[Vec<String>]) -> Option<usize> {
    rows.iter().take(20).position(|r| {
        let cols = cells::guess_columns(r);
        let known = cols.iter().flatten().count();
        let figure = cols
            .iter()
            .flatten()
            .any(|c| matches!(c, Column::UnitCost | Column::LineTotal | Column::Quantity));
        known >= 2 && figure
    })
}

/// What an import read, and whether it was added.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct BudgetImport {
    /// Every sheet's name; the one read.
    pub sheets: Vec<String>,
    pub sheet: String,
    /// The header row (0-based), when one was found or given.
    pub header_row: Option<u32>,
    /// What each column was taken to hold.
    pub columns: Vec<Option<Column>>,
    pub import: TableImport,
    /// True when the lines were added to the draft.
    pub added: bool,
}

/// Reads budget lines for `puno` from a file and, unless `dry_run` or a
/// cell cannot be read, adds them all to the draft (a version is kept
/// first). Nothing is added when any cell has a problem.
pub fn import_budget_lines(
    lib: &impl Library,
    draft_id: &str,
    path: &Path,
    puno: &str,
    sheet: Option<&str>,
    dry_run: bool,
    lang: &str,
) -> Result<BudgetImport, ServiceError> {
    let sheets = read_sheets(path, lang)?;
    let names: Vec<String> = sheets.iter().map(|s| s.name.clone()).collect();
    let chosen = match sheet {
        Some(want) => sheets.iter().find(|s| s.name == want).ok_or_else(|| {
            ServiceError::Refused(format!("there is no sheet {want:?}; the file has {}", names.join(", ")))
        })?,
        None => default_sheet(&sheets)
            .map(|i| &sheets[i])
            .ok_or_else(|| ServiceError::Refused("the file holds no sheet".into()))?,
    };
    let file = path
        .file_name()
        .map(|f| f.to_string_lossy().into_owned())
        .unwrap_or_default();
    let mut report = add_rows(lib, draft_id, &chosen.rows, None, Some(puno), dry_run, lang, &file)?;
    report.sheets = names;
    report.sheet = chosen.name.clone();
    Ok(report)
}

/// How a table is laid out, when the user corrected the guess: the header
/// row (0-based; none when the table has no header) and what each column
/// holds.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, TS)]
#[ts(export)]
pub struct TableLayout {
    pub header_row: Option<u32>,
    pub columns: Vec<Option<Column>>,
}

/// Rows pasted from a spreadsheet, or read from a file and corrected in the
/// app, with their source's name for the version kept first.
pub struct TableSource<'a> {
    pub rows: &'a [Vec<String>],
    /// The layout the user gave; guessed when none.
    pub layout: Option<&'a TableLayout>,
    /// The file's name; "pasted rows" when none.
    pub name: Option<&'a str>,
}

/// Budget lines from rows pasted from a spreadsheet (tab-separated text,
/// or an HTML table's cells) or read from a file and corrected in the app:
/// as [`import_budget_lines`], for `puno` when the rows have no PUNO column.
pub fn paste_budget_lines(
    lib: &impl Library,
    draft_id: &str,
    table: &TableSource<'_>,
    puno: Option<&str>,
    dry_run: bool,
    lang: &str,
) -> Result<BudgetImport, ServiceError> {
    check_table(table.rows)?;
    let label = table
        .name
        .map_or_else(|| msg(lang, "cells.pasted", &[]), str::to_string);
    add_rows(lib, draft_id, table.rows, table.layout, puno, dry_run, lang, &label)
}

/// A pasted table's size, refused when no budget could hold it.
fn check_table(rows: &[Vec<String>]) -> Result<(), ServiceError> {
    if rows.len() > studio_core::limits::MAX_BUDGET_LINES + 20 {
        return Err(ServiceError::Refused(format!(
            "a budget holds at most {} lines; paste fewer rows",
            studio_core::limits::MAX_BUDGET_LINES
        )));
    }
    if rows.iter().any(|r| r.len() > MAX_TABLE_COLUMNS) {
        return Err(ServiceError::Refused(format!(
            "a pasted row has more than {MAX_TABLE_COLUMNS} cells; paste the budget's columns only"
        )));
    }
    Ok(())
}

/// Cells typed or pasted over the budget grid, each read for its column.
/// Nothing is changed: the grid applies the values, all or none. At most
/// ten cells a line of the largest budget.
pub fn read_budget_cells(
    lib: &impl Library,
    draft_id: &str,
    cells: &[(Column, String)],
    lang: &str,
) -> Result<Vec<cells::CellRead>, ServiceError> {
    let most = studio_core::limits::MAX_BUDGET_LINES * Column::ALL.len();
    if cells.len() > most {
        return Err(ServiceError::Refused(format!(
            "at most {most} cells can be pasted at once; paste fewer rows"
        )));
    }
    lib.with(|s| {
        let p = s.load(draft_id)?;
        let t = s.template();
        Ok(cells
            .iter()
            .map(|(c, text)| cells::read_cell(*c, text, &p, t, lang))
            .collect())
    })
}

/// The figures of budget lines (`[quantity, unit cost]` each, as typed or
/// stored) as the core reads them, with each line's total: what the budget
/// grid shows and adds while the lines are edited. At most as many as the
/// largest budget holds; longer texts are not numbers.
pub fn line_figures(lines: &[(String, String)]) -> Result<Vec<money::LineFigures>, ServiceError> {
    if lines.len() > studio_core::limits::MAX_BUDGET_LINES {
        return Err(ServiceError::Refused(format!(
            "at most {} budget lines can be read at once",
            studio_core::limits::MAX_BUDGET_LINES
        )));
    }
    Ok(lines.iter().map(|(q, c)| money::line_figures(q, c)).collect())
}

/// The most amounts written in one call: every figure of the largest budget
/// and its summary, with room to spare.
pub const MOST_AMOUNTS_AT_ONCE: usize = 4 * studio_core::limits::MAX_BUDGET_LINES;

/// Amounts as the interface shows them in `lang` (grouped, two decimals, a
/// difference with its sign): the screens never write an amount themselves.
pub fn shown_amounts(lang: &str, amounts: &[words::AmountAsked]) -> Result<Vec<String>, ServiceError> {
    if amounts.len() > MOST_AMOUNTS_AT_ONCE {
        return Err(ServiceError::Refused(format!(
            "at most {MOST_AMOUNTS_AT_ONCE} amounts can be written at once"
        )));
    }
    Ok(amounts.iter().map(|a| words::shown_amount(lang, a)).collect())
}

/// One sheet of a file with the header row and columns guessed, for the
/// import dialog to show and the user to correct.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct SheetTable {
    pub name: String,
    pub rows: Vec<Vec<String>>,
    pub header_row: Option<u32>,
    pub columns: Vec<Option<Column>>,
}

/// A workbook's sheets with their guessed layouts, and the sheet read
/// unless the user picks another.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct WorkbookTables {
    pub sheets: Vec<SheetTable>,
    /// Index of the sheet chosen by default.
    pub chosen: u32,
}

/// The sheet read by default: the first with a budget header, else the first.
fn default_sheet(sheets: &[Sheet]) -> Option<usize> {
    sheets
        .iter()
        .position(|s| guess_header(&s.rows).is_some())
        .or_else(|| (!sheets.is_empty()).then_some(0))
}

/// What each column under `header` holds, as far as its words tell; one
/// entry for each of `width` columns.
pub fn guess_layout_columns(header: &[String], width: usize) -> Result<Vec<Option<Column>>, ServiceError> {
    if header.len() > MAX_TABLE_COLUMNS || width > MAX_TABLE_COLUMNS {
        return Err(ServiceError::Refused(format!(
            "a table of more than {MAX_TABLE_COLUMNS} columns is not a budget"
        )));
    }
    Ok(layout_columns(header, width))
}

fn layout_columns(header: &[String], width: usize) -> Vec<Option<Column>> {
    let mut columns = cells::guess_columns(header);
    columns.resize(width.max(columns.len()), None);
    columns
}

/// The sheets of a workbook or CSV file, each with its guessed layout, and
/// the one read by default.
pub fn budget_sheets(path: &Path, lang: &str) -> Result<WorkbookTables, ServiceError> {
    let sheets = read_sheets(path, lang)?;
    let chosen = default_sheet(&sheets).unwrap_or(0) as u32;
    let sheets = sheets
        .into_iter()
        .map(|s| {
            let header = guess_header(&s.rows);
            let width = s.rows.iter().map(Vec::len).max().unwrap_or(0);
            let columns = header.map_or_else(|| vec![None; width], |h| layout_columns(&s.rows[h], width));
            SheetTable {
                name: s.name,
                header_row: header.map(|h| h as u32),
                columns,
                rows: s.rows,
            }
        })
        .collect();
    Ok(WorkbookTables { sheets, chosen })
}

/// Reads `rows` into lines (header and columns as `layout` says, or
/// guessed) and, unless `dry_run` or a cell cannot be read, adds them all,
/// a version named for `source` kept first.
#[allow(clippy::too_many_arguments)]
fn add_rows(
    lib: &impl Library,
    draft_id: &str,
    rows: &[Vec<String>],
    layout: Option<&TableLayout>,
    puno: Option<&str>,
    dry_run: bool,
    lang: &str,
    source: &str,
) -> Result<BudgetImport, ServiceError> {
    let (header, columns) = match layout {
        Some(l) => {
            if l.header_row.is_some_and(|h| h as usize >= rows.len()) {
                return Err(ServiceError::Refused(
                    "the header row is past the end of the table".into(),
                ));
            }
            let mut seen = std::collections::BTreeSet::new();
            if let Some(c) = l.columns.iter().flatten().find(|c| !seen.insert(**c)) {
                return Err(ServiceError::Refused(format!(
                    "two columns are both taken as {c:?}; choose one of them"
                )));
            }
            (l.header_row.map(|h| h as usize), l.columns.clone())
        }
        None => {
            let header = guess_header(rows);
            (
                header,
                header.map(|h| cells::guess_columns(&rows[h])).unwrap_or_default(),
            )
        }
    };
    lib.with(|s| {
        let mut p = s.load(draft_id)?;
        if let Some(puno) = puno {
            if !p.cover.punos.iter().any(|x| x.entity == puno) {
                return Err(ServiceError::Refused(format!("{puno} is not a PUNO of this proposal")));
            }
        }
        let t = s.template();
        let mut n = 0u32;
        let stamp = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_millis());
        let import = cells::lines_from_table(rows, header, &columns, puno, &p, t, lang, || {
            n += 1;
            format!("imp-{stamp:x}-{n}")
        });
        let mut report = BudgetImport {
            sheets: Vec::new(),
            sheet: String::new(),
            header_row: header.map(|h| h as u32),
            columns: columns.clone(),
            import,
            added: false,
        };
        if dry_run || !report.import.problems.is_empty() || report.import.lines.is_empty() {
            return Ok(report);
        }
        if p.budget.lines.len() + report.import.lines.len() > studio_core::limits::MAX_BUDGET_LINES {
            return Err(ServiceError::Refused(format!(
                "the budget would hold more than {} lines",
                studio_core::limits::MAX_BUDGET_LINES
            )));
        }
        p.budget.lines.extend(report.import.lines.iter().cloned());
        let before = msg(
            &p.language,
            "cells.version_before_import",
            &[("file", source.to_string())],
        );
        s.replace_draft(draft_id, &p, &before, VersionReason::Import)?;
        report.added = true;
        Ok(report)
    })
}
