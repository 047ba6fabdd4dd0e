//! Proposals with cells larger than a page export in bounded time, through
//! the real package writer, and the PDF reads back. Each case once made the
//! layout start pages forever.

use std::sync::mpsc;
use std::time::Duration;

use studio_core::{example_proposal, Proposal, Template};
use studio_export::write_package;

mod common;

/// Exports `p` on a thread and fails the test if it takes more than two
/// minutes (a debug build on a busy machine takes a few seconds).
fn exported(p: Proposal, review_copy: bool) -> (tempfile::TempDir, String) {
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let t = Template::builtin().unwrap();
        p.check(t).expect("the proposal is within the bounds the app accepts");
        let dir = tempfile::tempdir().unwrap();
        let written = write_package(&p, t, &common::options(review_copy), dir.path()).map(|w| w.pdf);
        let _ = tx.send((dir, written));
    });
    let (dir, written) = rx
        .recv_timeout(Duration::from_secs(120))
        .expect("the export ends within two minutes");
    let pdf = written.expect("the export succeeds");
    let text = common::pdftotext(&pdf);
    (dir, text)
}

/// The text with every kind of white space removed, since a cell cut
/// between lines reads back with line breaks inside its words.
fn squeezed(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

#[test]
fn a_markdown_table_of_forty_columns_exports() {
    let mut p = example_proposal().unwrap();
    let header: Vec<String> = (1..=40).map(|i| format!("Column{i}")).collect();
    let rule = vec!["---"; 40].join("|");
    let row: Vec<String> = (1..=40).map(|i| format!("v{i}")).collect();
    let table = format!("| {} |\n|{rule}|\n| {} |\n", header.join(" | "), row.join(" | "));
    p.narrative.insert("context.body".into(), table);
    let (_dir, text) = exported(p, false);
    // Printed in parts of ten columns, each value whole.
    for v in ["v1", "v11", "v21", "v39", "v40"] {
        assert!(text.split_whitespace().any(|w| w == v), "{v} is drawn whole");
    }
}

#[test]
fn a_header_cell_of_five_thousand_characters_exports_whole() {
    let mut p = example_proposal().unwrap();
    let long: String = (0..1000).map(|i| format!("w{:03} ", i % 1000)).collect();
    assert!(long.len() >= 5000);
    let table = format!("| {} |\n|---|\n| the only row |\n", long.trim());
    p.narrative.insert("context.body".into(), table);
    let (_dir, text) = exported(p, false);
    let text = squeezed(&text);
    assert!(text.contains("w000w001"), "the header's start is drawn");
    assert!(text.contains("w998w999"), "and its end, on a later page");
    assert!(text.contains("theonlyrow"));
}

#[test]
fn a_cover_puno_of_870_characters_exports() {
    let mut p = example_proposal().unwrap();
    let name = "W".repeat(870);
    let old = p.cover.punos[0].entity.clone();
    p.cover.punos[0].entity = name.clone();
    for l in &mut p.budget.lines {
        if l.puno == old {
            l.puno = name.clone();
        }
    }
    let (_dir, text) = exported(p, false);
    assert!(squeezed(&text).contains(&name), "the whole name is printed");
}

#[test]
fn a_budget_line_puno_of_2000_characters_exports_as_a_review_copy() {
    let mut p = example_proposal().unwrap();
    let name: String = "Organisation ".repeat(160).chars().take(2000).collect();
    p.budget.lines[0].puno = name.trim().to_string();
    let (_dir, text) = exported(p, true);
    assert!(text.contains("Organisation Organisation"));
}

#[test]
fn a_heading_and_a_list_deeper_than_a_page_is_wide_export() {
    let mut p = example_proposal().unwrap();
    let mut md = format!("# {}\n\n", "heading ".repeat(1200));
    for depth in 0..60 {
        md.push_str(&"  ".repeat(depth));
        md.push_str(&format!("- item at depth {depth}\n"));
    }
    p.narrative.insert("context.body".into(), md);
    let (_dir, text) = exported(p, false);
    assert!(text.contains("item at depth 0"));
    assert!(text.contains("item at depth 59") || squeezed(&text).contains("itematdepth59"));
}

#[test]
fn budget_lines_with_thirty_puno_names_print_every_name_in_parts() {
    let mut p = example_proposal().unwrap();
    let line = p.budget.lines[0].clone();
    p.budget.lines = (0..30)
        .map(|n| studio_core::annexes::BudgetLine {
            id: format!("b{n}"),
            puno: format!("Agency{n:02}"),
            ..line.clone()
        })
        .collect();
    let (_dir, text) = exported(p, false);
    let text = squeezed(&text);
    for n in 0..30 {
        assert!(text.contains(&format!("Agency{n:02}")), "Agency{n:02}");
    }
}
