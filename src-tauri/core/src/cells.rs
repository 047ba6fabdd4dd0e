//! Budget lines from what people paste or import: a table of text cells
//! (from the clipboard, a CSV file or a workbook) read exactly. Amounts are
//! read in the forms spreadsheets write them in any of the app's languages
//! (`1,234.56`, `1.234,56`, `1 234,56`, `USD 1,234.56`); categories by
//! number or by name, PUNOs by code or name, outputs by number. A cell that
//! cannot be read is a problem in words, with its row and column; nothing
//! is guessed silently.

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};
use ts_rs::TS;
use unicode_normalization::UnicodeNormalization;

use crate::annexes::BudgetLine;
use crate::messages::msg;
use crate::money::{Money, Quantity};
use crate::{Proposal, Template};

/// What a column of an imported table holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum Column {
    Description,
    Category,
    Puno,
    Output,
    Year,
    Unit,
    Quantity,
    UnitCost,
    LineTotal,
    GenderShare,
}

impl Column {
    pub const ALL: [Column; 10] = [
        Column::Description,
        Column::Category,
        Column::Puno,
        Column::Output,
        Column::Year,
        Column::Unit,
        Column::Quantity,
        Column::UnitCost,
        Column::LineTotal,
        Column::GenderShare,
    ];

    /// The catalogue entry listing the words its header may hold.
    fn header_words(self) -> &'static str {
        match self {
            Column::Description => "cells.column.description",
            Column::Category => "cells.column.category",
            Column::Puno => "cells.column.puno",
            Column::Output => "cells.column.output",
            Column::Year => "cells.column.year",
            Column::Unit => "cells.column.unit",
            Column::Quantity => "cells.column.quantity",
            Column::UnitCost => "cells.column.unit_cost",
            Column::LineTotal => "cells.column.line_total",
            Column::GenderShare => "cells.column.gender_share",
        }
    }
}

/// Lower case, accents and marks removed, runs of spaces made one: how
/// names are compared ("Catégorie  " and "categorie" match).
pub fn fold(text: &str) -> String {
    let plain: String = text
        .nfd()
        .filter(|c| !unicode_normalization::char::is_combining_mark(*c))
        .flat_map(char::to_lowercase)
        .collect();
    plain.split_whitespace().collect::<Vec<_>>().join(" ")
}

const GROUPING_SPACES: [char; 4] = [' ', '\u{a0}', '\u{202f}', '\u{2009}'];

/// A number as a spreadsheet or a person writes it, as a plain decimal
/// ("1234.56") with at most `decimals` places. Grouping may be `,` `.`
/// `'` or a space; the decimal mark `.` or `,`. A lone mark followed by
/// exactly three digits is read as `lang` writes decimals when a value may
/// have three decimals, and as grouping otherwise. Negative numbers (a
/// minus sign or accounting parentheses) are refused.
fn plain_decimal(text: &str, decimals: usize, lang: &str) -> Result<String, String> {
    let say = |key: &str| msg(lang, key, &[("text", text.trim().to_string())]);
    let mut s = text.trim().to_string();
    // A currency before or after: USD, US$, $.
    for mark in ["usd", "us$", "$"] {
        let low = s.to_lowercase();
        if low.starts_with(mark) {
            s = s[mark.len()..].trim_start().to_string();
        } else if low.ends_with(mark) {
            s = s[..s.len() - mark.len()].trim_end().to_string();
        }
    }
    if s.is_empty() {
        return Err(say("cells.empty_number"));
    }
    if (s.starts_with('(') && s.ends_with(')')) || s.starts_with(['-', '\u{2212}']) || s.ends_with('-') {
        return Err(say("cells.negative"));
    }
    if !s
        .chars()
        .all(|c| c.is_ascii_digit() || c == ',' || c == '.' || c == '\'' || GROUPING_SPACES.contains(&c))
    {
        return Err(say("cells.not_a_number"));
    }
    let marks: Vec<(usize, char)> = s.char_indices().filter(|(_, c)| *c == ',' || *c == '.').collect();
    let kinds: BTreeSet<char> = marks.iter().map(|(_, c)| *c).collect();
    let lang_decimal = if crate::messages::language(lang) == "en" {
        '.'
    } else {
        ','
    };
    let decimal_at: Option<usize> = match kinds.len() {
        0 => None,
        // Both kinds: the last one is the decimal mark, and it is there once.
        2 => {
            let (at, c) = *marks.last().expect("marks");
            if marks.iter().filter(|(_, k)| *k == c).count() > 1 {
                return Err(say("cells.unclear_number"));
            }
            Some(at)
        }
        _ => {
            let (at, c) = marks[0];
            if marks.len() > 1 {
                None
            } else {
                let after = s[at + 1..].chars().filter(char::is_ascii_digit).count();
                let three_is_decimal = decimals >= 3 && c == lang_decimal;
                if after == 3 && !three_is_decimal {
                    None
                } else {
                    Some(at)
                }
            }
        }
    };
    let (int, frac) = match decimal_at {
        Some(at) => (&s[..at], &s[at + 1..]),
        None => (s.as_str(), ""),
    };
    if frac.chars().any(|c| !c.is_ascii_digit()) {
        return Err(say("cells.unclear_number"));
    }
    // Groups after the first have three digits each.
    let groups: Vec<&str> = int.split(|c: char| !c.is_ascii_digit()).collect();
    if groups.len() > 1 && (groups[0].is_empty() || groups[1..].iter().any(|g| g.len() != 3)) {
        return Err(say("cells.unclear_number"));
    }
    let digits: String = groups.concat();
    if digits.is_empty() && frac.is_empty() {
        return Err(say("cells.not_a_number"));
    }
    if frac.len() > decimals {
        return Err(msg(
            lang,
            "cells.too_many_decimals",
            &[("text", text.trim().to_string()), ("count", decimals.to_string())],
        ));
    }
    let int = if digits.is_empty() { "0" } else { digits.as_str() };
    Ok(if frac.is_empty() {
        int.to_string()
    } else {
        format!("{int}.{frac}")
    })
}

/// An amount in US dollars, exactly, to the cent.
pub fn read_amount(text: &str, lang: &str) -> Result<Money, String> {
    let plain = plain_decimal(text, 2, lang)?;
    Money::parse(&plain).ok_or_else(|| msg(lang, "cells.too_large", &[("text", text.trim().to_string())]))
}

/// A quantity, exactly, to four decimals.
pub fn read_quantity(text: &str, lang: &str) -> Result<Quantity, String> {
    let plain = plain_decimal(text, 4, lang)?;
    Quantity::parse(&plain).ok_or_else(|| msg(lang, "cells.too_large", &[("text", text.trim().to_string())]))
}

/// A gender-equality share: a whole percentage from 0 to 100 ("60", "60 %").
pub fn read_share(text: &str, lang: &str) -> Result<u8, String> {
    let t = text.trim().trim_end_matches('%').trim();
    t.parse::<u8>()
        .ok()
        .filter(|n| *n <= 100)
        .ok_or_else(|| msg(lang, "cells.share", &[("text", text.trim().to_string())]))
}

/// The number a cell names, alone or after a word ("2", "Year 2", "Año 2").
fn lone_number(text: &str) -> Option<u32> {
    let numbers: Vec<&str> = text
        .split(|c: char| !c.is_ascii_digit())
        .filter(|s| !s.is_empty())
        .collect();
    match numbers.as_slice() {
        [n] => n.parse().ok(),
        _ => None,
    }
}

/// A budget category by its number ("3", "3. Equipment") or its title in
/// any of the template's languages.
pub fn read_category(text: &str, template: &Template, lang: &str) -> Result<u8, String> {
    let cats = &template.budget.categories;
    let folded = fold(text);
    let leading: String = folded.chars().take_while(char::is_ascii_digit).collect();
    if !leading.is_empty() {
        if let Some(c) = leading.parse::<u8>().ok().and_then(|n| cats.iter().find(|c| c.id == n)) {
            return Ok(c.id);
        }
    }
    if let Some(c) = cats.iter().find(|c| c.title.0.values().any(|t| fold(t) == folded)) {
        return Ok(c.id);
    }
    // A shortened name ("Staff", "Equipo") names the one category it begins.
    let begun: Vec<u8> = cats
        .iter()
        .filter(|c| !folded.is_empty() && c.title.0.values().any(|t| fold(t).starts_with(&folded)))
        .map(|c| c.id)
        .collect();
    if let [id] = begun.as_slice() {
        return Ok(*id);
    }
    Err(msg(
        lang,
        "cells.category",
        &[("text", text.trim().to_string()), ("count", cats.len().to_string())],
    ))
}

/// A PUNO of the proposal by its code or its name in any language
/// ("UNDP", "PNUD", "UN Women", "ONU Mujeres").
pub fn read_puno(text: &str, proposal: &Proposal, template: &Template, lang: &str) -> Result<String, String> {
    let folded = fold(text);
    for p in &proposal.cover.punos {
        let names = template.un_entities.iter().find(|e| e.code == p.entity);
        let matches = fold(&p.entity) == folded
            || names.is_some_and(|e| e.short.0.values().chain(e.name.0.values()).any(|n| fold(n) == folded));
        if matches {
            return Ok(p.entity.clone());
        }
    }
    let on: Vec<String> = proposal
        .cover
        .punos
        .iter()
        .map(|p| template.entity_short(&p.entity, lang).to_string())
        .collect();
    Err(msg(
        lang,
        "cells.puno",
        &[("text", text.trim().to_string()), ("punos", on.join(", "))],
    ))
}

/// An output of the results framework by its number ("1.2", "Output 1.2").
pub fn read_output(text: &str, proposal: &Proposal, lang: &str) -> Result<String, String> {
    let numbered = proposal.results_framework.numbered_outputs();
    let digits: String = text
        .chars()
        .skip_while(|c| !c.is_ascii_digit())
        .take_while(|c| c.is_ascii_digit() || *c == '.')
        .collect();
    let digits = digits.trim_end_matches('.');
    if let Some((_, o)) = numbered.iter().find(|(n, _)| n == digits) {
        return Ok(o.id.clone());
    }
    if let Some((_, o)) = numbered.iter().find(|(_, o)| o.id == text.trim()) {
        return Ok(o.id.clone());
    }
    Err(msg(lang, "cells.output", &[("text", text.trim().to_string())]))
}

/// A programme year, 1 to `years` ("2", "Year 2").
pub fn read_year(text: &str, years: u32, lang: &str) -> Result<u8, String> {
    lone_number(text)
        .filter(|n| (1..=years.max(1)).contains(n))
        .and_then(|n| u8::try_from(n).ok())
        .ok_or_else(|| {
            msg(
                lang,
                "cells.year",
                &[("text", text.trim().to_string()), ("years", years.to_string())],
            )
        })
}

/// Tab-separated text as spreadsheets put it on the clipboard: a cell
/// holding a tab, a line break or a quote is quoted, its quotes doubled.
/// Trailing empty lines are dropped.
pub fn read_tsv(text: &str) -> Vec<Vec<String>> {
    let mut rows = Vec::new();
    let mut row = Vec::new();
    let mut cell = String::new();
    let mut chars = text.chars().peekable();
    let mut quoted = false;
    let mut at_cell_start = true;
    while let Some(c) = chars.next() {
        if quoted {
            if c == '"' {
                if chars.peek() == Some(&'"') {
                    chars.next();
                    cell.push('"');
                } else {
                    quoted = false;
                }
            } else {
                cell.push(c);
            }
            continue;
        }
        match c {
            '"' if at_cell_start => {
                quoted = true;
                at_cell_start = false;
            }
            '\t' => {
                row.push(std::mem::take(&mut cell));
                at_cell_start = true;
            }
            '\r' if chars.peek() == Some(&'\n') => {}
            '\n' | '\r' => {
                row.push(std::mem::take(&mut cell));
                rows.push(std::mem::take(&mut row));
                at_cell_start = true;
            }
            _ => {
                cell.push(c);
                at_cell_start = false;
            }
        }
    }
    if !cell.is_empty() || !row.is_empty() {
        row.push(cell);
        rows.push(row);
    }
    while rows
        .last()
        .is_some_and(|r: &Vec<String>| r.iter().all(|c| c.trim().is_empty()))
    {
        rows.pop();
    }
    rows
}

/// A first guess of what each column holds, from its header, in any of
/// the app's languages; the user corrects it. Each kind is taken once.
pub fn guess_columns(header: &[String]) -> Vec<Option<Column>> {
    let mut taken = BTreeSet::new();
    header
        .iter()
        .map(|h| {
            let h = fold(h);
            if h.is_empty() {
                return None;
            }
            // The most specific words first: "unit cost" before "unit".
            let order = [
                Column::UnitCost,
                Column::LineTotal,
                Column::GenderShare,
                Column::Quantity,
                Column::Category,
                Column::Puno,
                Column::Output,
                Column::Year,
                Column::Unit,
                Column::Description,
            ];
            let found = order.into_iter().find(|col| {
                !taken.contains(col)
                    && ["en", "fr", "es"].iter().any(|l| {
                        msg(l, col.header_words(), &[])
                            .split('|')
                            .any(|w| !w.is_empty() && h.contains(&fold(w)))
                    })
            });
            if let Some(c) = found {
                taken.insert(c);
            }
            found
        })
        .collect()
}

/// A cell that could not be read: where it is (row and column from 1, as
/// a spreadsheet numbers them), what it held and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct CellProblem {
    pub row: u32,
    pub column: u32,
    pub text: String,
    pub message: String,
}

/// A row left out, and why (blank, a subtotal).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct Skipped {
    pub row: u32,
    pub reason: String,
}

/// What a table would add to the budget: every line, the problems that
/// hold it back (all or nothing: any problem and nothing is added), and the
/// rows left out.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct TableImport {
    pub lines: Vec<BudgetLine>,
    pub problems: Vec<CellProblem>,
    pub skipped: Vec<Skipped>,
}

/// Reads budget lines from `rows` below `header_row` (0-based; the rows
/// above it are titles), with `columns` saying what each column holds.
/// `puno` is the PUNO every line is for when the table has no PUNO column
/// (an agency's own workbook). New lines get ids from `new_id`.
#[allow(clippy::too_many_arguments)]
pub fn lines_from_table(
    rows: &[Vec<String>],
    header_row: Option<usize>,
    columns: &[Option<Column>],
    puno: Option<&str>,
    proposal: &Proposal,
    template: &Template,
    lang: &str,
    mut new_id: impl FnMut() -> String,
) -> TableImport {
    let mut out = TableImport {
        lines: Vec::new(),
        problems: Vec::new(),
        skipped: Vec::new(),
    };
    let col = |c: Column| columns.iter().position(|x| *x == Some(c));
    let subtotal_words: Vec<String> = ["en", "fr", "es"]
        .iter()
        .flat_map(|l| {
            msg(l, "cells.subtotal_words", &[])
                .split('|')
                .map(fold)
                .collect::<Vec<_>>()
        })
        .collect();
    let years = proposal
        .cover
        .duration_months
        .map_or(5, crate::schedule::years_in)
        .max(1);
    let first = header_row.map_or(0, |h| h + 1);
    for (i, row) in rows.iter().enumerate().skip(first) {
        let n = i as u32 + 1;
        let cell = |c: Column| col(c).and_then(|k| row.get(k)).map(|s| s.trim()).unwrap_or("");
        let mapped: Vec<&str> = Column::ALL.iter().map(|c| cell(*c)).collect();
        if mapped.iter().all(|s| s.is_empty()) {
            out.skipped.push(Skipped {
                row: n,
                reason: msg(lang, "cells.skipped_blank", &[]),
            });
            continue;
        }
        let description = cell(Column::Description);
        let figures_empty = cell(Column::Quantity).is_empty() && cell(Column::UnitCost).is_empty();
        let first_word = fold(description);
        if subtotal_words
            .iter()
            .any(|w| !w.is_empty() && first_word.starts_with(w.as_str()))
            || (description.is_empty() && figures_empty)
        {
            out.skipped.push(Skipped {
                row: n,
                reason: msg(lang, "cells.skipped_subtotal", &[]),
            });
            continue;
        }
        let mut line = BudgetLine {
            id: new_id(),
            description: description.to_string(),
            puno: puno.unwrap_or("").to_string(),
            quantity: Quantity(crate::money::QTY_SCALE),
            ..BudgetLine::default()
        };
        let mut found: Vec<(Column, String)> = Vec::new();
        if description.is_empty() {
            found.push((Column::Description, msg(lang, "cells.no_description", &[])));
        }
        for c in [Column::Description, Column::Unit] {
            if cell(c).chars().count() > crate::limits::MAX_LINE_CHARS {
                let limit = crate::limits::MAX_LINE_CHARS.to_string();
                found.push((c, msg(lang, "cells.too_long", &[("count", limit)])));
            }
        }
        let has = |c: Column| !cell(c).is_empty();
        if has(Column::Category) {
            match read_category(cell(Column::Category), template, lang) {
                Ok(c) => line.category = Some(c),
                Err(m) => found.push((Column::Category, m)),
            }
        }
        if has(Column::Puno) {
            match read_puno(cell(Column::Puno), proposal, template, lang) {
                Ok(p) => {
                    if puno.is_some_and(|only| only != p) {
                        let who = template.entity_short(&p, lang).to_string();
                        found.push((Column::Puno, msg(lang, "cells.other_puno", &[("puno", who)])));
                    }
                    line.puno = p;
                }
                Err(m) => found.push((Column::Puno, m)),
            }
        } else if puno.is_none() {
            found.push((Column::Puno, msg(lang, "cells.no_puno", &[])));
        }
        if has(Column::Output) {
            match read_output(cell(Column::Output), proposal, lang) {
                Ok(o) => line.output_id = o,
                Err(m) => found.push((Column::Output, m)),
            }
        }
        if has(Column::Year) {
            match read_year(cell(Column::Year), years, lang) {
                Ok(y) => line.year = Some(y),
                Err(m) => found.push((Column::Year, m)),
            }
        }
        line.unit = cell(Column::Unit).to_string();
        if has(Column::GenderShare) {
            match read_share(cell(Column::GenderShare), lang) {
                Ok(s) => line.gender_share = s,
                Err(m) => found.push((Column::GenderShare, m)),
            }
        }
        let quantity = has(Column::Quantity).then(|| read_quantity(cell(Column::Quantity), lang));
        let cost = has(Column::UnitCost).then(|| read_amount(cell(Column::UnitCost), lang));
        let total = has(Column::LineTotal).then(|| read_amount(cell(Column::LineTotal), lang));
        let before = found.len();
        let no_quantity = quantity.is_none();
        let quantity_read = !matches!(quantity, Some(Err(_)));
        match quantity {
            Some(Ok(q)) => line.quantity = q,
            Some(Err(m)) => found.push((Column::Quantity, m)),
            None => {}
        }
        match (&cost, &total) {
            (Some(Ok(c)), _) => line.unit_cost = *c,
            // Only a total: that many dollars for the quantity given (one unit by default).
            (None, Some(Ok(t))) if no_quantity => line.unit_cost = *t,
            (Some(Err(m)), _) => found.push((Column::UnitCost, m.clone())),
            _ => {}
        }
        if let Some(Err(m)) = &total {
            found.push((Column::LineTotal, m.clone()));
        }
        let costed = matches!(cost, Some(Ok(_))) || (no_quantity && matches!(total, Some(Ok(_))));
        if found.len() == before && !costed {
            found.push((Column::UnitCost, msg(lang, "cells.no_cost", &[])));
        }
        if let (Some(Ok(_)), Some(Ok(t)), true) = (&cost, &total, quantity_read) {
            let computed = line.unit_cost.times(line.quantity);
            if *t != computed {
                let total = crate::messages::money(lang, computed);
                found.push((Column::LineTotal, msg(lang, "cells.total_differs", &[("total", total)])));
            }
        }
        for (c, message) in found {
            out.problems.push(CellProblem {
                row: n,
                column: col(c).map_or(0, |k| k as u32 + 1),
                text: cell(c).to_string(),
                message,
            });
        }
        out.lines.push(line);
    }
    out
}

/// One cell typed or pasted into the budget grid, read for `column`: the
/// value as a draft stores it (the text itself, a plain decimal, a
/// category or year number, a PUNO code, an output id; empty clears the
/// cell), or the reason it cannot be read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct CellRead {
    pub value: Option<String>,
    pub problem: Option<String>,
}

/// Reads one grid cell (see [`CellRead`]). The line total is computed, so
/// it cannot be typed over.
pub fn read_cell(column: Column, text: &str, proposal: &Proposal, template: &Template, lang: &str) -> CellRead {
    let trimmed = text.trim();
    let years = proposal
        .cover
        .duration_months
        .map_or(5, crate::schedule::years_in)
        .max(1);
    let read: Result<String, String> = match column {
        Column::Description | Column::Unit => {
            if text.chars().count() > crate::limits::MAX_LINE_CHARS {
                let limit = crate::limits::MAX_LINE_CHARS.to_string();
                Err(msg(lang, "cells.too_long", &[("count", limit)]))
            } else {
                Ok(text.replace(['\r', '\n', '\t'], " ").trim().to_string())
            }
        }
        _ if trimmed.is_empty() => match column {
            Column::Quantity | Column::UnitCost => Ok("0".into()),
            Column::GenderShare => Ok("0".into()),
            Column::LineTotal => Err(msg(lang, "cells.computed", &[])),
            _ => Ok(String::new()),
        },
        Column::Category => read_category(trimmed, template, lang).map(|c| c.to_string()),
        Column::Puno => read_puno(trimmed, proposal, template, lang),
        Column::Output => read_output(trimmed, proposal, lang),
        Column::Year => read_year(trimmed, years, lang).map(|y| y.to_string()),
        Column::Quantity => read_quantity(trimmed, lang).map(Quantity::to_decimal),
        Column::UnitCost => read_amount(trimmed, lang).map(Money::to_decimal),
        Column::GenderShare => read_share(trimmed, lang).map(|s| s.to_string()),
        Column::LineTotal => Err(msg(lang, "cells.computed", &[])),
    };
    match read {
        Ok(v) => CellRead {
            value: Some(v),
            problem: None,
        },
        Err(m) => CellRead {
            value: None,
            problem: Some(m),
        },
    }
}

#[cfg(test)]
mod tests;
