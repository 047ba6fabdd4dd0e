//! The submission package: the PDF, the proposal file, the budget and the
//! results framework as spreadsheets and CSV, and a checksum manifest, in one
//! zip named from the short title and version.

use std::io::Write;
use std::path::{Path, PathBuf};

use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, Formula, Workbook, XlsxError};
use serde::Serialize;
use sha2::{Digest, Sha256};
use studio_core::budget::summarize;
use studio_core::{Proposal, Template};
use zip::write::SimpleFileOptions;

use crate::i18n::{percent, tr, trf};
use crate::{render_pdf, ExportError, Options};

#[derive(Debug, Clone, Serialize, serde::Deserialize)]
pub struct ManifestFile {
    pub name: String,
    pub bytes: u64,
    pub sha256: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct Manifest {
    pub format: &'static str,
    pub template: studio_core::proposal::TemplateRef,
    pub app_version: &'static str,
    /// The export date from the export record, not the clock.
    pub export_time: String,
    pub version: String,
    pub review_copy: bool,
    pub files: Vec<ManifestFile>,
}

#[derive(Debug, Clone)]
pub struct Written {
    pub zip: PathBuf,
    pub pdf: PathBuf,
    pub manifest: Manifest,
}

pub(crate) fn io(path: &Path, e: impl std::fmt::Display) -> ExportError {
    ExportError::Io {
        path: path.display().to_string(),
        message: e.to_string(),
    }
}

fn xlsx(e: XlsxError) -> ExportError {
    ExportError::Io {
        path: "spreadsheet".into(),
        message: e.to_string(),
    }
}

/// The most bytes of a package's base name. File systems allow 255 bytes a
/// name; the longest name we write is `.<base>.zip.partial` or
/// `<base>.proposal.json`, and a base of 120 bytes leaves room for both and
/// for the folders Windows counts in its 260-character paths.
const MAX_BASE_BYTES: usize = 120;
/// The most bytes of the title part and of the version part of the base.
const MAX_SLUG_BYTES: usize = 80;
const MAX_VERSION_BYTES: usize = 24;

/// The longest prefix of `s` of at most `max` bytes, cut between characters.
fn cut_to_bytes(s: &str, max: usize) -> &str {
    if s.len() <= max {
        return s;
    }
    let mut end = max;
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    &s[..end]
}

/// A file name stem every platform accepts: no character Windows forbids
/// (`<>:"/\|?*`, controls), no trailing dot or space, none of Windows'
/// reserved device names, at most `max` bytes of UTF-8, never empty.
pub fn safe_stem(s: &str, max: usize) -> String {
    let cleaned: String = s
        .chars()
        .map(|c| {
            if c.is_control() || matches!(c, '<' | '>' | ':' | '"' | '/' | '\\' | '|' | '?' | '*') {
                '_'
            } else {
                c
            }
        })
        .collect();
    let mut stem = cut_to_bytes(&cleaned, max.max(8))
        .trim_end_matches(['.', ' '])
        .to_string();
    if stem.is_empty() {
        stem.push_str("proposal");
    }
    // Windows reserves these names whatever follows the first dot.
    let device = stem.split('.').next().unwrap_or("").trim_end().to_uppercase();
    let numbered = |lead: &str| {
        device
            .strip_prefix(lead)
            .is_some_and(|n| n.chars().count() == 1 && n.chars().all(|c| c.is_ascii_digit() || "¹²³".contains(c)))
    };
    if matches!(device.as_str(), "CON" | "PRN" | "AUX" | "NUL" | "CONIN$" | "CONOUT$")
        || numbered("COM")
        || numbered("LPT")
    {
        stem.insert(0, '_');
    }
    cut_to_bytes(&stem, max.max(8)).trim_end_matches(['.', ' ']).to_string()
}

/// A file-name-safe form of the short title and the version, at most
/// `MAX_BASE_BYTES` bytes on every platform.
pub fn base_name(p: &Proposal, opts: &Options) -> String {
    let source = if p.cover.short_title.trim().is_empty() {
        &p.cover.title
    } else {
        &p.cover.short_title
    };
    let mut slug = String::new();
    for c in source.trim().chars().flat_map(char::to_lowercase) {
        if slug.len() > MAX_SLUG_BYTES {
            break;
        }
        if c.is_alphanumeric() {
            slug.push(c);
        } else if !slug.ends_with('-') && !slug.is_empty() {
            slug.push('-');
        }
    }
    let slug = cut_to_bytes(&slug, MAX_SLUG_BYTES).trim_end_matches('-');
    let slug = if slug.is_empty() { "proposal" } else { slug };
    let version: String = opts
        .version
        .chars()
        .filter(|c| c.is_alphanumeric() || *c == '.')
        .collect();
    let version = cut_to_bytes(&version, MAX_VERSION_BYTES).trim_matches('.');
    let review = if opts.review_copy { "-review-copy" } else { "" };
    safe_stem(&format!("{slug}-v{version}{review}"), MAX_BASE_BYTES)
}

/// A cell a spreadsheet would run as a formula (one beginning with `=`,
/// `+`, `-`, `@`, a tab or a carriage return) gets a leading apostrophe,
/// which spreadsheets show as text. Only text the user typed passes here;
/// the numbers we write stay numbers.
fn neutralised(s: &str) -> std::borrow::Cow<'_, str> {
    if s.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{s}").into()
    } else {
        s.into()
    }
}

fn csv_field(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

/// CSV with a UTF-8 byte-order mark (so that Excel on Windows reads UTF-8)
/// and CRLF line ends. Columns listed in `numbers` hold numbers we wrote;
/// every other body cell is neutralised.
fn csv(header: &[&str], rows: &[Vec<String>], numbers: &[usize]) -> Vec<u8> {
    let mut out = String::from("\u{FEFF}");
    out.push_str(&header.iter().map(|c| csv_field(c)).collect::<Vec<_>>().join(","));
    out.push_str("\r\n");
    for r in rows {
        let cells: Vec<String> = r
            .iter()
            .enumerate()
            .map(|(i, c)| {
                if numbers.contains(&i) {
                    csv_field(c)
                } else {
                    csv_field(&neutralised(c))
                }
            })
            .collect();
        out.push_str(&cells.join(","));
        out.push_str("\r\n");
    }
    out.into_bytes()
}

/// The CSV column names stay English whatever the proposal's language:
/// scripts read them. The workbooks carry the translated names.
const BUDGET_CSV_HEADER: [&str; 11] = [
    "#",
    "Description",
    "Category",
    "PUNO",
    "Output",
    "Year",
    "Unit",
    "Quantity",
    "Unit cost (USD)",
    "Total (USD)",
    "Gender equality share (%)",
];
/// The budget CSV's columns that hold numbers we write: line number,
/// category, year, quantity, unit cost, total, gender-equality share.
const BUDGET_CSV_NUMBERS: [usize; 7] = [0, 2, 5, 7, 8, 9, 10];
/// The results CSV's: the two years. (The result's number, "1.2", is ours
/// and never begins with a formula's lead.)
const RESULTS_CSV_NUMBERS: [usize; 2] = [6, 8];
const RESULTS_CSV_HEADER: [&str; 14] = [
    "Level",
    "Number",
    "Statement",
    "Indicator",
    "Unit",
    "Baseline",
    "Baseline year",
    "Target",
    "Target year",
    "Means of verification",
    "Responsible PUNO",
    "Disaggregation",
    "Other disaggregation",
    "Assumptions",
];

fn budget_xlsx_header(lang: &str) -> [&str; 11] {
    [
        "#",
        tr(lang, "sheet.description"),
        tr(lang, "sheet.category"),
        tr(lang, "sheet.puno"),
        tr(lang, "sheet.output"),
        tr(lang, "sheet.year"),
        tr(lang, "sheet.unit"),
        tr(lang, "sheet.quantity"),
        tr(lang, "sheet.unit_cost"),
        tr(lang, "sheet.total_usd"),
        tr(lang, "sheet.gender_equality"),
    ]
}

fn results_xlsx_header(lang: &str) -> [&str; 14] {
    [
        tr(lang, "sheet.level"),
        tr(lang, "sheet.number"),
        tr(lang, "sheet.statement"),
        tr(lang, "sheet.indicator"),
        tr(lang, "sheet.unit"),
        tr(lang, "sheet.baseline"),
        tr(lang, "sheet.baseline_year"),
        tr(lang, "sheet.target"),
        tr(lang, "sheet.target_year"),
        tr(lang, "sheet.verification"),
        tr(lang, "sheet.responsible_puno"),
        tr(lang, "sheet.disaggregation"),
        tr(lang, "sheet.disaggregation_other"),
        tr(lang, "sheet.assumptions"),
    ]
}

/// A worksheet name as a formula refers to it: quoted, quotes doubled.
fn sheet_ref(name: &str) -> String {
    format!("'{}'", name.replace('\'', "''"))
}

fn with_header(header: &[&str], rows: Vec<Vec<String>>) -> Vec<Vec<String>> {
    let mut all = vec![header.iter().map(|h| h.to_string()).collect()];
    all.extend(rows);
    all
}

/// The budget lines, one row each, without a header.
fn budget_rows(p: &Proposal) -> Vec<Vec<String>> {
    let outputs = p.results_framework.output_numbers();
    let mut rows = Vec::new();
    for (i, l) in p.budget.lines.iter().enumerate() {
        rows.push(vec![
            (i + 1).to_string(),
            l.description.clone(),
            l.category.map(|c| c.to_string()).unwrap_or_default(),
            l.puno.clone(),
            outputs.get(l.output_id.as_str()).cloned().unwrap_or_default(),
            l.year.map(|y| y.to_string()).unwrap_or_default(),
            l.unit.clone(),
            l.quantity.to_decimal(),
            l.unit_cost.to_decimal(),
            l.total().to_decimal(),
            l.gender_share.to_string(),
        ]);
    }
    rows
}

/// How the results rows name levels and disaggregations: in English in the
/// CSV, the same bytes whatever the proposal's language, for scripts; in the
/// proposal's language in the workbook, for people. Both name a
/// disaggregation by the template's label, never by its id.
#[derive(Clone, Copy)]
enum Naming {
    Csv,
    Workbook,
}

/// The results framework, a row per indicator, without a header.
fn results_rows(p: &Proposal, t: &Template, naming: Naming) -> Vec<Vec<String>> {
    let lang = p.language.as_str();
    let (outcome, output) = match naming {
        Naming::Csv => ("Outcome", "Output"),
        Naming::Workbook => (tr(lang, "sheet.outcome"), tr(lang, "sheet.output_level")),
    };
    let label_lang = match naming {
        Naming::Csv => "en",
        Naming::Workbook => lang,
    };
    let disaggregation = |ids: &[String]| -> String {
        ids.iter()
            .map(|id| {
                t.results_framework
                    .disaggregations
                    .iter()
                    .find(|d| &d.id == id)
                    .map(|d| d.label.get(label_lang).to_string())
                    .unwrap_or_else(|| id.clone())
            })
            .collect::<Vec<_>>()
            .join("; ")
    };
    let mut rows = Vec::new();
    let year = |y: Option<u16>| y.map(|y| y.to_string()).unwrap_or_default();
    let mut push =
        |level: &str, number: String, statement: &str, assumptions: &str, inds: &[studio_core::annexes::Indicator]| {
            if inds.is_empty() {
                rows.push(vec![
                    level.into(),
                    number.clone(),
                    statement.into(),
                    String::new(),
                    String::new(),
                    String::new(),
                    String::new(),
                    String::new(),
                    String::new(),
                    String::new(),
                    String::new(),
                    String::new(),
                    String::new(),
                    assumptions.into(),
                ]);
            }
            for ind in inds {
                rows.push(vec![
                    level.into(),
                    number.clone(),
                    statement.into(),
                    ind.text.clone(),
                    ind.unit.clone(),
                    ind.baseline.value.clone(),
                    year(ind.baseline.year),
                    ind.target.value.clone(),
                    year(ind.target.year),
                    ind.means_of_verification.clone(),
                    match naming {
                        Naming::Csv => ind.responsible_puno.clone(),
                        Naming::Workbook => t.entity_short(ind.responsible_puno.trim(), lang).to_string(),
                    },
                    disaggregation(&ind.disaggregation),
                    ind.disaggregation_other.clone(),
                    assumptions.into(),
                ]);
            }
        };
    for (i, oc) in p.results_framework.outcomes.iter().enumerate() {
        push(
            outcome,
            studio_core::annexes::numbering::outcome(i),
            &oc.title,
            &oc.assumptions,
            &oc.indicators,
        );
        for (j, op) in oc.outputs.iter().enumerate() {
            push(
                output,
                studio_core::annexes::numbering::output(i, j),
                &op.title,
                "",
                &op.indicators,
            );
        }
    }
    rows
}

/// A workbook dated by the export's date, not the clock: the same draft and
/// date give the same bytes.
fn workbook(date: &str) -> Result<Workbook, ExportError> {
    let d = studio_core::date::Date::parse(date)
        .ok_or_else(|| ExportError::Refused(format!("{date:?} is not a date of the form YYYY-MM-DD")))?;
    let when = ExcelDateTime::from_ymd(d.year as u16, d.month as u8, d.day as u8).map_err(xlsx)?;
    let mut wb = Workbook::new();
    wb.set_properties(&DocProperties::new().set_creation_datetime(&when));
    Ok(wb)
}

/// The budget workbook: the lines with a formula per total and a summed
/// grand total, and the Fund's category × PUNO table built with SUMIFS.
/// Each formula carries its computed value, so readers that do not
/// recalculate still show the right figures.
fn budget_xlsx(p: &Proposal, t: &Template, date: &str) -> Result<Vec<u8>, ExportError> {
    let lang = p.language.as_str();
    let lines_sheet = tr(lang, "sheet.budget_lines");
    let mut wb = workbook(date)?;
    let bold = Format::new().set_bold();
    let money = Format::new().set_num_format("#,##0.00");
    let money_bold = Format::new().set_num_format("#,##0.00").set_bold();
    let n = p.budget.lines.len() as u32;
    {
        let ws = wb.add_worksheet();
        ws.set_name(lines_sheet).map_err(xlsx)?;
        let rows = budget_rows(p);
        for (c, h) in budget_xlsx_header(lang).iter().enumerate() {
            ws.write_string_with_format(0, c as u16, *h, &bold).map_err(xlsx)?;
        }
        for (i, l) in p.budget.lines.iter().enumerate() {
            let r = i as u32 + 1;
            let row = &rows[i];
            for c in [1u16, 4, 6] {
                ws.write_string(r, c, &row[c as usize]).map_err(xlsx)?;
            }
            // A PUNO as the proposal's language names it (OIM in French),
            // as the summary's columns do, which find its lines by that name.
            ws.write_string(r, 3, t.entity_short(l.puno.trim(), lang))
                .map_err(xlsx)?;
            ws.write_number(r, 10, f64::from(l.gender_share)).map_err(xlsx)?;
            ws.write_number(r, 0, (i + 1) as f64).map_err(xlsx)?;
            if let Some(cat) = l.category {
                ws.write_number(r, 2, cat as f64).map_err(xlsx)?;
            }
            if let Some(y) = l.year {
                ws.write_number(r, 5, y as f64).map_err(xlsx)?;
            }
            ws.write_number(r, 7, l.quantity.to_decimal().parse::<f64>().unwrap_or(0.0))
                .map_err(xlsx)?;
            ws.write_number_with_format(r, 8, l.unit_cost.to_decimal().parse::<f64>().unwrap_or(0.0), &money)
                .map_err(xlsx)?;
            let f = Formula::new(format!("=ROUND(H{0}*I{0},2)", r + 1)).set_result(l.total().to_decimal());
            ws.write_formula_with_format(r, 9, f, &money).map_err(xlsx)?;
        }
        let s = summarize(&p.budget, &p.results_framework, t);
        ws.write_string_with_format(n + 1, 1, tr(lang, "budget.total_direct"), &bold)
            .map_err(xlsx)?;
        let f = Formula::new(format!("=SUM(J2:J{})", n + 1)).set_result(s.direct.to_decimal());
        ws.write_formula_with_format(n + 1, 9, f, &money_bold).map_err(xlsx)?;
        ws.set_column_width(1, 48).map_err(xlsx)?;
        ws.set_column_width(8, 16).map_err(xlsx)?;
        ws.set_column_width(9, 16).map_err(xlsx)?;
    }
    let s = summarize(&p.budget, &p.results_framework, t);
    let punos = studio_core::budget::puno_order(&p.cover, &s);
    // A sheet has 16,384 columns. The Fund's table has a column per PUNO;
    // with more PUNOs than that it turns, a row per PUNO, with the values.
    if punos.len() + 2 > 16_384 {
        let ws = wb.add_worksheet();
        ws.set_name(tr(lang, "sheet.summary")).map_err(xlsx)?;
        ws.write_string_with_format(0, 0, tr(lang, "sheet.puno"), &bold)
            .map_err(xlsx)?;
        let rate = &t.budget.indirect_rate_percent;
        let mut heads: Vec<String> = t
            .budget
            .categories
            .iter()
            .map(|c| format!("{}. {}", c.id, c.title.get(lang)))
            .collect();
        heads.push(tr(lang, "budget.total_direct").to_string());
        heads.push(trf(lang, "budget.indirect", &[("rate", &percent(lang, rate))]));
        heads.push(tr(lang, "budget.total").to_string());
        for (c, h) in heads.iter().enumerate() {
            ws.write_string_with_format(0, c as u16 + 1, h, &bold).map_err(xlsx)?;
        }
        let number = |m: studio_core::money::Money| m.to_decimal().parse::<f64>().unwrap_or(0.0);
        for (i, puno) in punos.iter().enumerate() {
            let r = i as u32 + 1;
            ws.write_string(r, 0, t.entity_short(puno, lang)).map_err(xlsx)?;
            for (c, cat) in t.budget.categories.iter().enumerate() {
                let v = s
                    .by_category_puno
                    .get(&cat.id.to_string())
                    .and_then(|m| m.get(puno))
                    .copied()
                    .unwrap_or_default();
                ws.write_number_with_format(r, c as u16 + 1, number(v), &money)
                    .map_err(xlsx)?;
            }
            let k = t.budget.categories.len() as u16;
            let totals = &s.by_puno[puno];
            for (off, v) in [totals.direct, totals.indirect, totals.total].into_iter().enumerate() {
                ws.write_number_with_format(r, k + 1 + off as u16, number(v), &money)
                    .map_err(xlsx)?;
            }
        }
        ws.set_column_width(0, 40).map_err(xlsx)?;
        return wb.save_to_buffer().map_err(xlsx);
    }
    {
        let ws = wb.add_worksheet();
        ws.set_name(tr(lang, "sheet.summary")).map_err(xlsx)?;
        ws.write_string_with_format(0, 0, tr(lang, "sheet.category"), &bold)
            .map_err(xlsx)?;
        for (j, puno) in punos.iter().enumerate() {
            ws.write_string_with_format(0, j as u16 + 1, t.entity_short(puno, lang), &bold)
                .map_err(xlsx)?;
        }
        let total_col = punos.len() as u16 + 1;
        ws.write_string_with_format(0, total_col, tr(lang, "budget.total"), &bold)
            .map_err(xlsx)?;
        let col = |j: u16| -> String {
            let mut j = j as u32 + 1;
            let mut name = String::new();
            while j > 0 {
                let r = (j - 1) % 26;
                name.insert(0, (b'A' + r as u8) as char);
                j = (j - 1) / 26;
            }
            name
        };
        let sheet = sheet_ref(lines_sheet);
        let lines = format!("{sheet}!$J$2:$J${}", n + 1);
        let cats = format!("{sheet}!$C$2:$C${}", n + 1);
        let puno_range = format!("{sheet}!$D$2:$D${}", n + 1);
        for (i, c) in t.budget.categories.iter().enumerate() {
            let r = i as u32 + 1;
            ws.write_string(r, 0, format!("{}. {}", c.id, c.title.get(lang)))
                .map_err(xlsx)?;
            for (j, puno) in punos.iter().enumerate() {
                let v = s
                    .by_category_puno
                    .get(&c.id.to_string())
                    .and_then(|m| m.get(puno))
                    .copied()
                    .unwrap_or_default();
                let f = Formula::new(format!(
                    "=SUMIFS({lines},{cats},{},{puno_range},{}1)",
                    c.id,
                    col(j as u16 + 1)
                ))
                .set_result(v.to_decimal());
                ws.write_formula_with_format(r, j as u16 + 1, f, &money).map_err(xlsx)?;
            }
            let v = s.by_category.get(&c.id.to_string()).copied().unwrap_or_default();
            let f = Formula::new(format!("=SUM(B{0}:{1}{0})", r + 1, col(total_col - 1))).set_result(v.to_decimal());
            ws.write_formula_with_format(r, total_col, f, &money).map_err(xlsx)?;
        }
        let k = t.budget.categories.len() as u32;
        let rate = &t.budget.indirect_rate_percent;
        let labels = [
            tr(lang, "budget.total_direct").to_string(),
            trf(lang, "budget.indirect", &[("rate", &percent(lang, rate))]),
            tr(lang, "budget.total").to_string(),
        ];
        for (off, label) in labels.iter().enumerate() {
            let r = k + 1 + off as u32;
            ws.write_string_with_format(r, 0, label, &bold).map_err(xlsx)?;
            for j in 0..=punos.len() as u16 {
                let c = col(j + 1);
                let (formula, value) = match (off, punos.get(j as usize)) {
                    (0, Some(pu)) => (format!("=SUM({c}2:{c}{})", k + 1), s.by_puno[pu].direct),
                    (1, Some(pu)) => (format!("=ROUND({c}{}*{rate}/100,2)", k + 2), s.by_puno[pu].indirect),
                    (2, Some(pu)) => (format!("={c}{}+{c}{}", k + 2, k + 3), s.by_puno[pu].total),
                    (0, None) => (format!("=SUM({c}2:{c}{})", k + 1), s.direct),
                    (1, None) => (format!("=SUM(B{0}:{1}{0})", k + 3, col(j)), s.indirect),
                    _ => (format!("={c}{}+{c}{}", k + 2, k + 3), s.total),
                };
                ws.write_formula_with_format(
                    r,
                    j + 1,
                    Formula::new(formula).set_result(value.to_decimal()),
                    &money_bold,
                )
                .map_err(xlsx)?;
            }
        }
        ws.set_column_width(0, 52).map_err(xlsx)?;
    }
    wb.save_to_buffer().map_err(xlsx)
}

/// The workplan, a row per activity: its output, number, title, PUNO and
/// partner, then a column per quarter the workplan offers, "x" where it
/// runs. Headers in English for the CSV, in the proposal's language (with
/// each quarter's months when the start is known) in the workbook.
fn workplan_rows(p: &Proposal, t: &Template, naming: Naming) -> (Vec<String>, Vec<Vec<String>>) {
    use studio_core::annexes::numbering;
    let lang = p.language.as_str();
    let schedule = studio_core::schedule::schedule(p, lang);
    let mut header: Vec<String> = match naming {
        Naming::Csv => ["Output", "Activity", "Title", "PUNO", "Implementing partner"]
            .map(String::from)
            .to_vec(),
        Naming::Workbook => [
            tr(lang, "sheet.output"),
            tr(lang, "sheet.number"),
            tr(lang, "workplan.activity"),
            tr(lang, "sheet.puno"),
            tr(lang, "sheet.implementing_partner"),
        ]
        .map(String::from)
        .to_vec(),
    };
    for q in 1..=schedule.columns {
        let name = match naming {
            Naming::Csv => format!("Q{q}"),
            Naming::Workbook => trf(lang, "workplan.quarter", &[("n", &q.to_string())]),
        };
        header.push(match (naming, schedule.quarter_months.get(q as usize - 1)) {
            (Naming::Workbook, Some(months)) => format!("{name} ({months})"),
            _ => name,
        });
    }
    let mut rows = Vec::new();
    for (i, oc) in p.results_framework.outcomes.iter().enumerate() {
        for (j, op) in oc.outputs.iter().enumerate() {
            for (k, a) in op.activities.iter().enumerate() {
                let mut row = vec![
                    numbering::output(i, j),
                    numbering::activity(i, j, k),
                    a.title.clone(),
                    match naming {
                        Naming::Csv => a.puno.clone(),
                        Naming::Workbook => t.entity_short(a.puno.trim(), lang).to_string(),
                    },
                    a.implementing_partner.clone(),
                ];
                row.extend((1..=schedule.columns).map(|q| {
                    if a.quarters.iter().any(|&x| u32::from(x) == q) {
                        "x".to_string()
                    } else {
                        String::new()
                    }
                }));
                rows.push(row);
            }
        }
    }
    (header, rows)
}

fn results_xlsx(p: &Proposal, t: &Template, date: &str) -> Result<Vec<u8>, ExportError> {
    let lang = p.language.as_str();
    let mut wb = workbook(date)?;
    let bold = Format::new().set_bold();
    let ws = wb.add_worksheet();
    ws.set_name(tr(lang, "sheet.results")).map_err(xlsx)?;
    for (r, row) in with_header(&results_xlsx_header(lang), results_rows(p, t, Naming::Workbook))
        .iter()
        .enumerate()
    {
        for (c, v) in row.iter().enumerate() {
            if r == 0 {
                ws.write_string_with_format(0, c as u16, v, &bold).map_err(xlsx)?;
            } else {
                ws.write_string(r as u32, c as u16, v).map_err(xlsx)?;
            }
        }
    }
    ws.set_column_width(2, 60).map_err(xlsx)?;
    ws.set_column_width(3, 60).map_err(xlsx)?;
    let (header, rows) = workplan_rows(p, t, Naming::Workbook);
    let ws = wb.add_worksheet();
    ws.set_name(tr(lang, "sheet.workplan")).map_err(xlsx)?;
    for (c, h) in header.iter().enumerate() {
        ws.write_string_with_format(0, c as u16, h, &bold).map_err(xlsx)?;
    }
    for (r, row) in rows.iter().enumerate() {
        for (c, v) in row.iter().enumerate() {
            ws.write_string(r as u32 + 1, c as u16, v).map_err(xlsx)?;
        }
    }
    ws.set_column_width(2, 60).map_err(xlsx)?;
    ws.set_column_width(4, 24).map_err(xlsx)?;
    wb.save_to_buffer().map_err(xlsx)
}

fn sha256(bytes: &[u8]) -> String {
    Sha256::digest(bytes).iter().map(|b| format!("{b:02x}")).collect()
}

/// The package's files other than the PDF: the proposal itself, and its
/// budget, results framework and workplan as spreadsheets and tables.
fn tables(p: &Proposal, t: &Template, opts: &Options) -> Result<Vec<(String, Vec<u8>)>, ExportError> {
    let base = base_name(p, opts);
    Ok(vec![
        (format!("{base}.proposal.json"), p.to_json_pretty().into_bytes()),
        ("budget.xlsx".into(), budget_xlsx(p, t, &opts.date)?),
        (
            "budget.csv".into(),
            csv(&BUDGET_CSV_HEADER, &budget_rows(p), &BUDGET_CSV_NUMBERS),
        ),
        ("results-framework.xlsx".into(), results_xlsx(p, t, &opts.date)?),
        (
            "results-framework.csv".into(),
            csv(
                &RESULTS_CSV_HEADER,
                &results_rows(p, t, Naming::Csv),
                &RESULTS_CSV_NUMBERS,
            ),
        ),
        ("workplan.csv".into(), {
            let (header, rows) = workplan_rows(p, t, Naming::Csv);
            let header: Vec<&str> = header.iter().map(String::as_str).collect();
            csv(&header, &rows, &[])
        }),
    ])
}

/// Writes `<base>.zip` and `<base>.pdf` into `out_dir`.
pub fn write_package(p: &Proposal, t: &Template, opts: &Options, out_dir: &Path) -> Result<Written, ExportError> {
    std::fs::create_dir_all(out_dir).map_err(|e| io(out_dir, e))?;
    let base = base_name(p, opts);
    // The spreadsheets and tables are made on another core while this one
    // typesets the PDF.
    let (pdf, others) = std::thread::scope(|scope| {
        let others = scope.spawn(|| tables(p, t, opts));
        let pdf = render_pdf(p, t, opts);
        (pdf, others.join())
    });
    let mut files = vec![(format!("{base}.pdf"), pdf?)];
    files.extend(others.map_err(|_| io(out_dir, "the spreadsheets could not be made"))??);
    let manifest = Manifest {
        format: "proposal-studio/package",
        template: p.template.clone(),
        app_version: env!("CARGO_PKG_VERSION"),
        export_time: format!("{}T00:00:00Z", opts.date),
        version: opts.version.clone(),
        review_copy: opts.review_copy,
        files: files
            .iter()
            .map(|(name, b)| ManifestFile {
                name: name.clone(),
                bytes: b.len() as u64,
                sha256: sha256(b),
            })
            .collect(),
    };
    let manifest_json = serde_json::to_vec_pretty(&manifest).map_err(|e| io(out_dir, e))?;

    let zip_path = out_dir.join(format!("{base}.zip"));
    let mut all = files;
    all.push(("manifest.json".to_string(), manifest_json));
    write_zip(&zip_path, &opts.date, &all)?;
    let pdf_path = out_dir.join(format!("{base}.pdf"));
    std::fs::write(&pdf_path, &all[0].1).map_err(|e| io(&pdf_path, e))?;
    Ok(Written {
        zip: zip_path,
        pdf: pdf_path,
        manifest,
    })
}

/// Writes `files` as a zip at `out`, stamped with `date` (`YYYY-MM-DD`), via a
/// temporary file renamed into place so a failure leaves no half file.
pub(crate) fn write_zip(out: &Path, date: &str, files: &[(String, Vec<u8>)]) -> Result<(), ExportError> {
    let day = studio_core::date::Date::parse(date).ok_or_else(|| ExportError::Refused("bad export date".into()))?;
    let stamp = zip::DateTime::from_date_and_time(
        day.year.clamp(1980, 2107) as u16,
        day.month as u8,
        day.day as u8,
        0,
        0,
        0,
    )
    .map_err(|e| io(out, e))?;
    let options = SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .last_modified_time(stamp);
    let dir = out.parent().unwrap_or(Path::new("."));
    let name = out
        .file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_default();
    let tmp = dir.join(format!(".{name}.partial"));
    let result = (|| -> Result<(), ExportError> {
        let file = std::fs::File::create(&tmp).map_err(|e| io(&tmp, e))?;
        let mut z = zip::ZipWriter::new(file);
        for (name, bytes) in files {
            // A spreadsheet (itself a zip) and the PDF (its streams all
            // compressed) are stored as they are: deflating them again
            // gains next to nothing for the time it takes.
            let packed = name.ends_with(".xlsx") || name.ends_with(".pdf");
            let options = if packed {
                options.compression_method(zip::CompressionMethod::Stored)
            } else {
                options
            };
            z.start_file(name.as_str(), options).map_err(|e| io(&tmp, e))?;
            z.write_all(bytes).map_err(|e| io(&tmp, e))?;
        }
        let file = z.finish().map_err(|e| io(&tmp, e))?;
        file.sync_all().map_err(|e| io(&tmp, e))?;
        std::fs::rename(&tmp, out).map_err(|e| io(out, e))
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}

/// The manifest as read back from a package.
#[derive(serde::Deserialize)]
struct ReadManifest {
    format: String,
    files: Vec<ManifestFile>,
}

/// Reads the proposal back out of a submission package (the zip this app
/// exports), after checking the zip, its manifest and every checksum.
pub fn read_package(bytes: &[u8], t: &Template) -> Result<Proposal, ExportError> {
    let refuse = |m: &str| ExportError::Refused(m.to_string());
    let not_ours = || refuse("this is not a Proposal Studio submission package (or it was cut short while copying)");
    if bytes.len() as u64 > studio_core::limits::MAX_REVIEW_FILE_BYTES {
        return Err(refuse("the file is too large to be a submission package"));
    }
    let entries = crate::zipread::entries(bytes, "package").map_err(|e| match e {
        crate::zipread::ZipProblem::NotAZip => not_ours(),
        crate::zipread::ZipProblem::Refused(m) => ExportError::Refused(m),
    })?;
    let find = |n: &str| entries.iter().find(|(name, _)| name == n).map(|(_, d)| d.as_slice());
    let manifest: ReadManifest =
        studio_core::json::parse(find("manifest.json").ok_or_else(not_ours)?).map_err(|e| match e {
            e @ studio_core::json::JsonProblem::DuplicateKey { .. } => {
                ExportError::Refused(format!("the package's manifest cannot be trusted: {e}"))
            }
            _ => not_ours(),
        })?;
    if manifest.format != "proposal-studio/package" {
        return Err(not_ours());
    }
    let tampered = || refuse("the package was changed after it was exported (a checksum does not match)");
    for f in &manifest.files {
        let data = find(&f.name).ok_or_else(tampered)?;
        if data.len() as u64 != f.bytes || sha256(data) != f.sha256 {
            return Err(tampered());
        }
    }
    let json = manifest
        .files
        .iter()
        .find(|f| f.name.ends_with(".proposal.json"))
        .and_then(|f| find(&f.name))
        .ok_or_else(|| refuse("the package holds no proposal file"))?;
    Proposal::from_json_bytes(json, t)
        .map_err(|e| ExportError::Refused(format!("the proposal in the package cannot be read: {e}")))
}

/// A proposal file's bytes from what the user chose: a submission package
/// is unpacked (and checked); anything else is passed on for the proposal
/// reader to judge.
pub fn proposal_bytes(bytes: Vec<u8>, t: &Template) -> Result<Vec<u8>, ExportError> {
    if bytes.starts_with(b"PK\x03\x04") {
        Ok(read_package(&bytes, t)?.to_json_pretty().into_bytes())
    } else {
        Ok(bytes)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stems_avoid_windows_devices_forbidden_characters_and_long_names() {
        assert_eq!(safe_stem("CON", 100), "_CON");
        assert_eq!(safe_stem("nul.tar", 100), "_nul.tar");
        assert_eq!(safe_stem("com1", 100), "_com1");
        assert_eq!(safe_stem("LPT9 ", 100), "_LPT9");
        assert_eq!(safe_stem("com10", 100), "com10");
        assert_eq!(safe_stem("console", 100), "console");
        assert_eq!(safe_stem("a:b*c?", 100), "a_b_c_");
        assert_eq!(safe_stem("end. .", 100), "end");
        assert_eq!(safe_stem("...", 100), "proposal");
        let long = safe_stem(&"𝐀".repeat(100), 30);
        assert_eq!(long, "𝐀".repeat(7), "cut between characters, within the bound");
    }

    #[test]
    fn only_formula_leads_are_neutralised() {
        for s in ["=1", "+1", "-1", "@x", "\tx", "\rx"] {
            assert_eq!(neutralised(s), format!("'{s}"));
        }
        for s in ["1", "a=b", "", " =x", "'x"] {
            assert_eq!(neutralised(s), s);
        }
    }
}
