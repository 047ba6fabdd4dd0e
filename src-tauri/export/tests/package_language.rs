//! The package's workbooks follow the proposal's language; its CSV files stay
//! the same for scripts whatever the language.

use calamine::{Data, Reader, Xlsx};
use studio_core::{example_proposal, Template};
use studio_export::write_package;

mod common;

fn package(lang: &str, dir: &std::path::Path) -> Vec<(String, Vec<u8>)> {
    let t = Template::builtin().unwrap();
    let mut p = example_proposal().unwrap();
    p.language = lang.into();
    let written = write_package(&p, t, &common::options(true), &dir.join(lang)).unwrap();
    common::zip_file_entries(&written.zip)
}

fn workbook(bytes: &[u8]) -> Xlsx<std::io::Cursor<Vec<u8>>> {
    Xlsx::new(std::io::Cursor::new(bytes.to_vec())).unwrap()
}

fn number(d: &Data) -> f64 {
    match d {
        Data::Float(f) => *f,
        Data::Int(i) => *i as f64,
        other => panic!("not a number cell: {other:?}"),
    }
}

#[test]
fn workbooks_are_in_the_proposals_language_with_the_same_numbers_and_formulas() {
    let dir = tempfile::tempdir().unwrap();
    for (lang, lines_sheet, summary_sheet, results_sheet, unit_cost, total_direct, indirect, outcome) in [
        (
            "en",
            "Budget lines",
            "Summary",
            "Results framework",
            "Unit cost (USD)",
            "Total direct costs",
            "Indirect support costs (7%)",
            "Outcome",
        ),
        (
            "fr",
            "Lignes budgétaires",
            "Synthèse",
            "Cadre de résultats",
            "Coût unitaire (USD)",
            "Total des coûts directs",
            "Coûts d’appui indirects (7\u{202F}%)",
            "Effet",
        ),
        (
            "es",
            "Líneas presupuestarias",
            "Resumen",
            "Marco de resultados",
            "Costo unitario (USD)",
            "Total de costos directos",
            "Costos indirectos de apoyo (7\u{A0}%)",
            "Efecto",
        ),
    ] {
        let files = package(lang, dir.path());
        let mut budget = workbook(common::file(&files, "budget.xlsx"));
        assert_eq!(budget.sheet_names(), [lines_sheet, summary_sheet], "{lang}");
        let lines = budget.worksheet_range(lines_sheet).unwrap();
        let header: Vec<Data> = lines.rows().next().unwrap().to_vec();
        assert_eq!(header[8], Data::String(unit_cost.into()), "{lang}");
        assert!(
            lines
                .rows()
                .skip(1)
                .any(|r| matches!(r[10], Data::Float(f) if f == 100.0) || r[10] == Data::Int(100)),
            "{lang}: the gender-equality share is a number"
        );
        let direct = lines
            .rows()
            .find(|r| r.get(1) == Some(&Data::String(total_direct.into())))
            .unwrap();
        assert_eq!(number(&direct[9]), 2_240_000.0, "{lang}: figures stay numbers");

        let summary = budget.worksheet_range(summary_sheet).unwrap();
        assert!(
            summary.rows().any(|r| r[0] == Data::String(indirect.into())),
            "{lang}: {indirect}"
        );
        assert_eq!(number(summary.rows().next_back().unwrap().last().unwrap()), 2_396_800.0);
        let formulas = budget.worksheet_formula(summary_sheet).unwrap();
        let sumifs = formulas
            .rows()
            .flatten()
            .find(|f| f.starts_with("SUMIFS("))
            .expect("SUMIFS formulas")
            .clone();
        assert!(
            sumifs.contains(&format!("'{lines_sheet}'!$J$2")),
            "{lang}: the formula names the translated sheet: {sumifs}"
        );

        let mut results = workbook(common::file(&files, "results-framework.xlsx"));
        let rf = results.worksheet_range(results_sheet).unwrap();
        assert_eq!(rf.rows().nth(1).unwrap()[0], Data::String(outcome.into()), "{lang}");

        // The CSV files are the same bytes in every language.
        let csv = String::from_utf8(common::file(&files, "budget.csv").to_vec()).unwrap();
        assert!(
            csv.starts_with(
                "\u{FEFF}#,Description,Category,PUNO,Output,Year,Unit,Quantity,Unit cost (USD),Total (USD),Gender equality share (%)\r\n"
            ),
            "{lang}"
        );
        assert!(
            csv.contains(",100\r\n") && csv.contains(",60\r\n") && csv.contains("58500.00"),
            "{lang}: plain decimals and fixed words"
        );
        let rf_csv = String::from_utf8(common::file(&files, "results-framework.csv").to_vec()).unwrap();
        assert!(
            rf_csv.starts_with("\u{FEFF}Level,Number,Statement,") && rf_csv.contains("\r\nOutcome,1,"),
            "{lang}"
        );
    }
    let en = package("en", &dir.path().join("again"));
    let fr = package("fr", &dir.path().join("again"));
    for name in ["budget.csv", "results-framework.csv", "workplan.csv"] {
        assert_eq!(
            common::file(&en, name),
            common::file(&fr, name),
            "{name} does not depend on the language"
        );
    }
}

/// The same draft and date give the same bytes for every file and for the
/// zip, whenever it is exported; the PUNOs run in the cover's order in the
/// workbook as in the PDF; no spreadsheet names a disaggregation by its id;
/// the workplan is a sheet and a CSV of its own.
#[test]
fn the_package_is_reproducible_and_consistent_across_its_files() {
    let dir = tempfile::tempdir().unwrap();
    let t = Template::builtin().unwrap();
    let mut p = example_proposal().unwrap();
    // A cover order that is not alphabetical, to see it kept.
    p.cover.punos.reverse();
    let first = write_package(&p, t, &common::options(false), &dir.path().join("a")).unwrap();
    // Past a second boundary of the wall clock, which a workbook once carried.
    std::thread::sleep(std::time::Duration::from_millis(1100));
    let second = write_package(&p, t, &common::options(false), &dir.path().join("b")).unwrap();
    assert_eq!(
        std::fs::read(&first.zip).unwrap(),
        std::fs::read(&second.zip).unwrap(),
        "the zip"
    );
    let files = common::zip_file_entries(&first.zip);
    for (name, bytes) in &files {
        assert_eq!(
            common::file(&common::zip_file_entries(&second.zip), name),
            &bytes[..],
            "{name}"
        );
    }

    let cover: Vec<String> = p.cover.punos.iter().map(|x| x.entity.clone()).collect();
    let mut budget = workbook(common::file(&files, "budget.xlsx"));
    let summary = budget.worksheet_range("Summary").unwrap();
    let header: Vec<String> = summary.rows().next().unwrap().iter().map(|d| d.to_string()).collect();
    let shown: Vec<&String> = header.iter().filter(|h| cover.contains(h)).collect();
    assert_eq!(
        shown,
        cover.iter().collect::<Vec<_>>(),
        "PUNO columns in the cover's order"
    );
    // The PDF's category × PUNO table heads its columns in the same order.
    let text = common::tool("pdftotext", &["-layout", first.pdf.to_str().unwrap(), "-"]);
    let head = text
        .lines()
        .find(|l| l.trim_start().starts_with("Category") && cover.iter().all(|c| l.contains(c.as_str())))
        .expect("the budget table's header");
    let at: Vec<usize> = cover.iter().map(|c| head.find(c.as_str()).unwrap()).collect();
    assert!(at.windows(2).all(|w| w[0] < w[1]), "{head}");

    let ids: Vec<&str> = t
        .results_framework
        .disaggregations
        .iter()
        .map(|d| d.id.as_str())
        .collect();
    let rf_csv = String::from_utf8(common::file(&files, "results-framework.csv").to_vec()).unwrap();
    for row in rf_csv.lines().skip(1) {
        let cells: Vec<&str> = row.split(',').collect();
        for id in &ids {
            assert!(!cells.contains(id), "the id {id} in {row}");
        }
    }
    assert!(rf_csv.contains("Sex; Age"), "labels, as in the workbook");

    let plan = String::from_utf8(common::file(&files, "workplan.csv").to_vec()).unwrap();
    assert!(plan.starts_with("\u{FEFF}Output,Activity,Title,PUNO,Implementing partner,Q1,"));
    let activities = p.results_framework.activities().count();
    assert_eq!(plan.lines().count(), activities + 1);
    let mut results = workbook(common::file(&files, "results-framework.xlsx"));
    let sheet = results.worksheet_range("Workplan").unwrap();
    assert_eq!(sheet.rows().count(), activities + 1);
    let first_row: Vec<String> = sheet.rows().nth(1).unwrap().iter().map(|d| d.to_string()).collect();
    assert_eq!(&first_row[..2], ["1.1", "1.1.1"]);
    assert!(first_row.iter().any(|c| c == "x"), "{first_row:?}");
}

/// In a French proposal the workbooks name PUNOs as French does (OIM,
/// PNUD, ONU Femmes), as the PDF does; the CSV files keep the codes.
#[test]
fn workbooks_name_punos_in_the_proposals_language() {
    let dir = tempfile::tempdir().unwrap();
    let files = package("fr", dir.path());
    let mut budget = workbook(common::file(&files, "budget.xlsx"));
    let names: Vec<String> = budget.sheet_names().to_vec();
    let lines = budget.worksheet_range(&names[0]).unwrap();
    let column: Vec<String> = lines.rows().skip(1).map(|r| r[3].to_string()).collect();
    assert!(
        column.iter().any(|c| c == "OIM") && !column.iter().any(|c| c == "IOM"),
        "{column:?}"
    );
    let summary = budget.worksheet_range(&names[1]).unwrap();
    let header: Vec<String> = summary.rows().next().unwrap().iter().map(|d| d.to_string()).collect();
    assert!(
        header.contains(&"OIM".to_string()) && header.contains(&"ONU Femmes".to_string()),
        "{header:?}"
    );
    let mut results = workbook(common::file(&files, "results-framework.xlsx"));
    let plan = results.worksheet_range("Plan de travail").unwrap();
    assert!(plan.rows().skip(1).any(|r| r[3] == "PNUD"));
    let csv = String::from_utf8(common::file(&files, "budget.csv").to_vec()).unwrap();
    assert!(csv.contains(",IOM,") && !csv.contains(",OIM,"));
}
