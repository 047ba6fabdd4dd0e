use proptest::prelude::*;

use super::*;
use crate::messages;

fn template() -> &'static Template {
    Template::builtin().unwrap()
}

fn example() -> Proposal {
    Proposal::from_json_bytes(crate::EXAMPLE_PROPOSAL_JSON.as_bytes(), template()).unwrap()
}

fn cents(text: &str, lang: &str) -> Result<i128, String> {
    read_amount(text, lang).map(|m| m.0)
}

#[test]
fn amounts_read_in_the_forms_people_paste() {
    for (text, want) in [
        ("1,234.56", 123_456),
        ("1.234,56", 123_456),
        ("1 234,56", 123_456),
        ("1\u{202f}234,56", 123_456),
        ("1\u{a0}234.56", 123_456),
        ("1'234.56", 123_456),
        ("USD 1,234.56", 123_456),
        ("1.234,56 USD", 123_456),
        ("$1,234.56", 123_456),
        ("US$ 12", 1_200),
        ("1234", 123_400),
        ("1,234", 123_400),
        ("1.234", 123_400),
        ("12,5", 1_250),
        ("12.5", 1_250),
        ("0.07", 7),
        (",5", 50),
        ("2,396,800.00", 239_680_000),
        ("2.396.800", 239_680_000),
    ] {
        for lang in ["en", "fr", "es"] {
            assert_eq!(cents(text, lang), Ok(want), "{text:?} in {lang}");
        }
    }
}

#[test]
fn negative_unclear_and_over_precise_amounts_are_refused_in_words() {
    assert!(cents("(1,234.56)", "en").unwrap_err().contains("negative"));
    assert!(cents("-5", "en").unwrap_err().contains("negative"));
    assert!(cents("1,2,3", "en").unwrap_err().contains("separators"));
    assert!(cents("1,23,456.00", "en").is_err(), "groups of three only");
    assert!(cents("1.234.5", "en").is_err());
    assert!(cents("1,234.567", "en").unwrap_err().contains("2 decimals"));
    assert!(cents("12 dollars", "en").unwrap_err().contains("not a number"));
    assert!(cents("", "en").is_err());
    assert!(cents("1e5", "en").is_err());
    assert!(cents("9999999999999999", "en").unwrap_err().contains("larger"));
    assert!(cents("(1 234,56)", "fr").unwrap_err().contains("négatif"));
}

#[test]
fn a_quantity_with_three_decimals_follows_the_language_s_decimal_mark() {
    let q = |t: &str, l: &str| read_quantity(t, l).map(|q| q.to_decimal());
    assert_eq!(q("1.234", "en").as_deref(), Ok("1.234"));
    assert_eq!(q("1,234", "en").as_deref(), Ok("1234"));
    assert_eq!(q("1,234", "fr").as_deref(), Ok("1.234"));
    assert_eq!(q("1.234", "es").as_deref(), Ok("1234"));
    assert_eq!(q("2,5", "en").as_deref(), Ok("2.5"));
}

proptest! {
    /// Any amount the app writes, in any of its languages, with or without
    /// its currency, reads back to the same cents.
    #[test]
    fn what_the_app_writes_reads_back(c in 0i128..1_000_000_000_000_000i128) {
        for lang in ["en", "fr", "es"] {
            let written = messages::money(lang, Money(c));
            prop_assert_eq!(cents(&written, lang), Ok(c), "{} in {}", written, lang);
            prop_assert_eq!(cents(&format!("USD {written}"), lang), Ok(c));
            prop_assert_eq!(cents(&format!("{written} USD"), lang), Ok(c));
        }
    }
}

#[test]
fn categories_punos_outputs_and_years_by_number_code_or_name() {
    let t = template();
    let p = example();
    assert_eq!(read_category("3", t, "en"), Ok(3));
    let first = &t.budget.categories[0];
    assert_eq!(
        read_category(&format!("{}. {}", first.id, first.title.get("en")), t, "en"),
        Ok(first.id)
    );
    for lang in ["en", "fr", "es"] {
        let title = first.title.get(lang).to_uppercase();
        assert_eq!(read_category(&title, t, "en"), Ok(first.id), "{title}");
    }
    assert!(read_category("99", t, "en").unwrap_err().contains("1 to"));
    assert_eq!(read_category("staff", t, "en"), Ok(1), "a shortened name");
    assert_eq!(read_puno("undp", &p, t, "en").as_deref(), Ok("UNDP"));
    assert_eq!(read_puno("PNUD", &p, t, "en").as_deref(), Ok("UNDP"));
    assert_eq!(read_puno("ONU Mujeres", &p, t, "en").as_deref(), Ok("UN Women"));
    assert!(read_puno("UNICEF", &p, t, "en").unwrap_err().contains("IOM"));
    let numbered = p.results_framework.numbered_outputs();
    let (n, o) = &numbered[1];
    assert_eq!(read_output(n, &p, "en").as_deref(), Ok(o.id.as_str()));
    assert_eq!(
        read_output(&format!("Output {n}"), &p, "en").as_deref(),
        Ok(o.id.as_str())
    );
    assert!(read_output("9.9", &p, "en").is_err());
    assert_eq!(read_year("Year 2", 3, "en"), Ok(2));
    assert_eq!(read_year("Año 3", 3, "es"), Ok(3));
    assert!(read_year("4", 3, "en").is_err());
    assert_eq!(read_share("60 %", "en"), Ok(60));
    assert!(read_share("120", "en").is_err());
}

#[test]
fn tab_separated_text_reads_as_spreadsheets_write_it() {
    let text = "Description\tQty\r\n\"Two\tcells\"\t3\n\"A \"\"quoted\"\" word\nand a line\"\t4\n\n";
    assert_eq!(
        read_tsv(text),
        vec![
            vec!["Description".to_string(), "Qty".into()],
            vec!["Two\tcells".into(), "3".into()],
            vec!["A \"quoted\" word\nand a line".into(), "4".into()],
        ]
    );
    assert!(read_tsv("").is_empty());
}

#[test]
fn columns_are_guessed_from_their_headers_in_any_language() {
    let h = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    assert_eq!(
        guess_columns(&h(&[
            "Description",
            "Catégorie",
            "Cantidad",
            "Unit cost (USD)",
            "Total",
            "Unit",
            "Year",
            "",
            "Notes"
        ])),
        vec![
            Some(Column::Description),
            Some(Column::Category),
            Some(Column::Quantity),
            Some(Column::UnitCost),
            Some(Column::LineTotal),
            Some(Column::Unit),
            Some(Column::Year),
            None,
            None,
        ]
    );
}

#[test]
fn a_table_becomes_lines_with_every_bad_cell_named_and_subtotals_left_out() {
    let t = template();
    let p = example();
    let rows: Vec<Vec<String>> = read_tsv(
        "UNDP budget 2027\n\
         Description\tCategory\tOutput\tYear\tUnit\tQty\tUnit cost\tTotal\n\
         Value-chain studies\t3\t1.1\t1\tstudy\t4\tUSD 12,500.00\t50,000.00\n\
         Lab facilitators\tStaff\t1.2\tYear 2\tmonth\t12\t1.234,50\t\n\
         \t\t\t\t\t\t\t\n\
         Subtotal\t\t\t\t\t\t\t64,814.00\n\
         Seed grants\t9\t1.1\t1\tgrant\t(3)\t500\t1,000.00\n",
    );
    let columns = guess_columns(&rows[1]);
    let mut n = 0;
    let got = lines_from_table(&rows, Some(1), &columns, Some("UNDP"), &p, t, "en", || {
        n += 1;
        format!("new-{n}")
    });
    assert_eq!(got.lines.len(), 3);
    let first = &got.lines[0];
    assert_eq!(first.puno, "UNDP");
    assert_eq!(first.unit_cost, Money(1_250_000));
    assert_eq!(first.quantity.to_decimal(), "4");
    assert_eq!(first.category, Some(3));
    assert_eq!(got.lines[1].unit_cost, Money(123_450));
    assert_eq!(got.lines[1].year, Some(2));
    assert_eq!(got.skipped.iter().map(|s| s.row).collect::<Vec<_>>(), vec![5, 6]);
    // Row 7: an unknown category, a negative quantity; each named with its place.
    let bad: Vec<(u32, u32)> = got.problems.iter().map(|p| (p.row, p.column)).collect();
    assert_eq!(bad, vec![(7, 2), (7, 6)], "{:?}", got.problems);
    assert!(got.problems[1].message.contains("negative"));
}

#[test]
fn a_total_alone_is_one_unit_and_a_total_that_disagrees_is_a_problem() {
    let t = template();
    let p = example();
    let rows = read_tsv("Description\tTotal\tQty\tUnit cost\nLump sum\t2,000\t\t\nWrong\t10\t2\t3\n");
    let columns = guess_columns(&rows[0]);
    let got = lines_from_table(&rows, Some(0), &columns, Some("IOM"), &p, t, "en", || "x".into());
    assert_eq!(got.lines[0].unit_cost, Money(200_000));
    assert_eq!(got.lines[0].quantity.to_decimal(), "1");
    assert_eq!(got.problems.len(), 1);
    assert!(got.problems[0].message.contains("6.00"), "{}", got.problems[0].message);
    // Without a PUNO column or a PUNO chosen, every line says so.
    let got = lines_from_table(&rows, Some(0), &columns, None, &p, t, "en", || "x".into());
    assert!(got.problems.iter().any(|p| p.message.contains("names no PUNO")));
}

#[test]
fn a_grid_cell_is_read_for_its_column_into_the_form_the_draft_stores() {
    let (p, t) = (example(), template());
    let read = |c: Column, text: &str| read_cell(c, text, &p, t, "en");
    assert_eq!(read(Column::UnitCost, "USD 1,234.56").value.as_deref(), Some("1234.56"));
    assert_eq!(read(Column::UnitCost, "1.234,56").value.as_deref(), Some("1234.56"));
    assert!(read(Column::UnitCost, "(1,234.56)").problem.is_some());
    assert_eq!(read(Column::Quantity, "2,5 ").value.as_deref(), Some("2.5"));
    assert_eq!(read(Column::Category, "3").value.as_deref(), Some("3"));
    assert_eq!(read(Column::Category, "").value.as_deref(), Some(""));
    assert_eq!(read(Column::GenderShare, "60 %").value.as_deref(), Some("60"));
    assert!(read(Column::GenderShare, "160").problem.is_some());
    assert!(read(Column::LineTotal, "12").problem.is_some());
    assert_eq!(
        read(Column::Description, "  Two\tlines\n ").value.as_deref(),
        Some("Two lines")
    );
    let puno = &p.cover.punos[0].entity;
    assert_eq!(
        read(Column::Puno, &puno.to_lowercase()).value.as_deref(),
        Some(puno.as_str())
    );
    assert!(read(Column::Year, "99").problem.is_some());
}
