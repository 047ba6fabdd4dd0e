//! outloud, an accessibility checker not written here (PDF/UA-1's
//! machine-checkable Matterhorn checkpoints and WCAG 2.2, on pikepdf and
//! MuPDF), reads the example's PDF in the three languages, a final copy and
//! review copies, on A4 and Letter. It finds no error and no warning but
//! the few this file names, each with the reason it stands.

use std::collections::BTreeSet;
use std::process::Command;

use serde_json::Value;
use studio_core::Template;
use studio_export::{render_pdf, Paper};

mod common;
use common::{python, tool, write};

/// outloud's findings for the PDF at `path`, from its JSON report.
fn findings(path: &str) -> Vec<Value> {
    let out = Command::new(python())
        .args([
            "-c",
            "import sys\nfrom outloud.cli import main\nsys.argv[0] = 'outloud'\nmain()",
            "--fail-on",
            "never",
            "--json",
            "-",
            path,
        ])
        .output()
        .expect("the test Python runs (./studio test installs outloud in .venv-tests)");
    assert!(
        out.status.success(),
        "outloud failed on {path}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let report: Value = serde_json::from_slice(&out.stdout).expect("outloud's report is JSON");
    let result = &report["results"][0];
    assert_eq!(result["error"], Value::Null, "outloud read {path}: {result}");
    result["findings"].as_array().cloned().unwrap_or_default()
}

/// Lower-case words of letters and digits.
fn words(s: &str) -> BTreeSet<String> {
    s.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

/// What outloud says of the PDF, less what stands by design:
/// - DOC-012: the XMP makes no PDF/UA claim (`pdfuaid`). The checkpoints a
///   person must judge (colour and contrast, the signature page as a form
///   to fill by hand) have not been judged by an accessibility auditor.
/// - TAG-002 on a table's header row repeated at the top of a page: the
///   repeat is an artifact, as the PDF Association's tagging guidance has
///   it, so a screen reader hears the header once. outloud takes a line
///   seen on fewer than three pages for prose; each such line must be a
///   header drawn on the page before.
/// - LNK-010: the contact's e-mail address on the cover is text, not a link.
/// - TBL-012: the workplan's Gantt chart is mostly empty quarters; each
///   planned quarter carries words (`/Alt`).
fn problems(path: &str) -> Vec<String> {
    let mut left = Vec::new();
    for f in findings(path) {
        let rule = f["rule"].as_str().unwrap_or_default();
        let said = format!("{rule} p.{}: {} [{}]", f["page"], f["message"], f["evidence"]);
        let stands = match rule {
            "DOC-012" | "LNK-010" | "TBL-012" => true,
            "TAG-002" => {
                let page = f["page"].as_u64().unwrap_or(0);
                let before = tool(
                    "pdftotext",
                    &["-f", &(page - 1).to_string(), "-l", &(page - 1).to_string(), path, "-"],
                );
                let evidence = f["evidence"].as_str().unwrap_or_default();
                page > 1 && !evidence.is_empty() && words(evidence).is_subset(&words(&before))
            }
            _ => false,
        };
        if !stands {
            left.push(said);
        }
    }
    left
}

fn render(lang: &str, paper: Paper, review_copy: bool) -> Vec<u8> {
    let t = Template::builtin().unwrap();
    let mut p = studio_core::example_proposal().unwrap();
    p.language = lang.into();
    let mut opts = common::options(review_copy);
    opts.paper = paper;
    render_pdf(&p, t, &opts).unwrap()
}

#[test]
fn the_example_passes_outlouds_checks_in_three_languages() {
    let dir = tempfile::tempdir().unwrap();
    let mut all = Vec::new();
    for (lang, paper, review_copy) in [
        ("en", Paper::A4, false),
        ("en", Paper::Letter, true),
        ("fr", Paper::A4, true),
        ("es", Paper::A4, false),
    ] {
        let path = write(
            dir.path(),
            &format!("{lang}-{paper:?}-{review_copy}.pdf"),
            &render(lang, paper, review_copy),
        );
        all.extend(problems(&path).into_iter().map(|p| format!("{lang} {paper:?}: {p}")));
    }
    assert!(all.is_empty(), "outloud found:\n{}", all.join("\n"));
}

/// The cover's facts are pairs, each row's label the header of its value,
/// and the risk matrix's key to its colours is a list: before, outloud
/// found two tables without header cells (TBL-001).
#[test]
fn the_covers_facts_have_row_headers_and_the_risk_key_is_a_list() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), "en.pdf", &render("en", Paper::A4, false));
    assert!(!findings(&path).iter().any(|f| f["rule"] == "TBL-001"));
    let structure = tool("pdfinfo", &["-struct", &path]);
    let rows = structure.matches("/Scope /Row").count();
    assert!(rows >= 10, "a row header for each of the cover's facts: {rows}");
    let lines: Vec<&str> = structure.lines().map(str::trim).collect();
    let list = lines
        .windows(4)
        .filter(|w| w[0].starts_with("LI") && w[1].starts_with("LBody"))
        .count();
    assert!(list >= 4, "the four risk bands as list entries: {list}");
}
