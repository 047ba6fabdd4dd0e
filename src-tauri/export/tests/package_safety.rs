//! What the package holds is safe to open: CSV cells do not run as
//! formulas, the text reads in Excel, the PDF's metadata carries no bidi
//! overrides, and every file name fits every platform.

use std::process::Command;

use studio_core::{example_proposal, Proposal, Template};
use studio_export::{base_name, write_package, Options, Written};

mod common;

fn text_of(files: &[(String, Vec<u8>)], name: &str) -> String {
    String::from_utf8(common::file(files, name).to_vec()).unwrap()
}

/// A CSV line split into cells (our cells hold no quoted commas here).
fn cells(line: &str) -> Vec<&str> {
    line.split(',').collect()
}

fn export(p: &Proposal) -> (tempfile::TempDir, Written) {
    let t = Template::builtin().unwrap();
    p.check(t).expect("within the bounds");
    let dir = tempfile::tempdir().unwrap();
    let written = write_package(p, t, &common::options(false), dir.path()).unwrap();
    (dir, written)
}

#[test]
fn csv_cells_that_look_like_formulas_are_text_and_numbers_stay_numbers() {
    let mut p = example_proposal().unwrap();
    let hostile = [
        "=HYPERLINK(\"http://x\";\"y\")",
        "+cmd|' /C calc'!A0",
        "@SUM(1+1)",
        "-2+3",
        "\tTAB",
    ];
    for (line, text) in p.budget.lines.iter_mut().zip(hostile) {
        line.description = text.to_string();
    }
    p.budget.lines[0].puno = "=1+1".into();
    p.budget.lines[1].unit = "@unit".into();
    p.budget.lines[3].unit = "Técnica".into();
    p.results_framework.outcomes[0].title = "=outcome".into();
    p.results_framework.outcomes[0].indicators[0].baseline.value = "-5".into();
    let (_dir, written) = export(&p);
    let files = common::zip_file_entries(&written.zip);

    let budget = text_of(&files, "budget.csv");
    assert!(budget.starts_with('\u{FEFF}'), "a UTF-8 byte-order mark for Excel");
    assert!(budget.contains("Técnica"));
    let lines: Vec<&str> = budget.trim_start_matches('\u{FEFF}').split("\r\n").collect();
    assert!(
        budget.contains("\"'=HYPERLINK(\"\"http://x\"\";\"\"y\"\")\""),
        "{budget}"
    );
    assert!(budget.contains(",'+cmd|' /C calc'!A0,"));
    assert!(budget.contains(",'@SUM(1+1),"));
    assert!(budget.contains(",'-2+3,"));
    assert!(budget.contains(",'\tTAB,"));
    assert!(budget.contains(",'=1+1,"));
    assert!(budget.contains(",'@unit,"));
    for line in lines.iter().skip(1).filter(|l| !l.is_empty()) {
        for cell in cells(line) {
            assert!(
                !cell
                    .trim_start_matches('"')
                    .starts_with(['=', '+', '-', '@', '\t', '\r']),
                "no cell runs as a formula: {cell:?} in {line}"
            );
        }
    }
    // Our own numbers are written as numbers.
    let first = cells(lines[1]);
    assert_eq!(first[0], "1");
    let l = &p.budget.lines[0];
    assert_eq!(first[first.len() - 2], l.total().to_decimal());
    assert!(first[first.len() - 2].parse::<f64>().is_ok());

    let results = text_of(&files, "results-framework.csv");
    assert!(results.starts_with('\u{FEFF}'));
    assert!(results.contains(",'=outcome,"), "{results}");
    assert!(results.contains(",'-5,"));
}

#[test]
fn the_pdf_title_carries_no_bidi_override() {
    let mut p = example_proposal().unwrap();
    p.cover.title = "Safe \u{202E}gnp.exe\u{202C} title\u{2066}".into();
    p.cover.punos[0].entity = "UN\u{202D}DP".into();
    let (_dir, written) = export(&p);
    let out = Command::new("pdfinfo").arg(&written.pdf).output().expect("pdfinfo");
    let info = String::from_utf8_lossy(&out.stdout).into_owned();
    let title = info.lines().find(|l| l.starts_with("Title:")).unwrap();
    assert!(title.contains("Safe") && title.contains("title"), "{title}");
    let bidi = |c: char| matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}');
    assert!(!info.chars().any(bidi), "no bidi control in the metadata: {info:?}");
}

#[test]
fn a_short_title_of_sixty_four_byte_letters_exports_under_255_bytes_a_name() {
    let mut p = example_proposal().unwrap();
    p.cover.short_title = "𝐀".repeat(60);
    let (dir, written) = export(&p);
    for path in [&written.zip, &written.pdf] {
        let name = path.file_name().unwrap().to_str().unwrap();
        assert!(name.len() < 255 - ".partial".len(), "{} bytes", name.len());
        assert!(name.starts_with("𝐀"), "{name}");
    }
    for (name, _) in common::zip_file_entries(&written.zip) {
        assert!(name.len() <= 200, "{name}");
    }
    assert!(std::fs::read_dir(dir.path()).unwrap().count() >= 2);
}

#[test]
fn file_names_follow_every_platforms_rules() {
    let mut p = example_proposal().unwrap();
    let named = |p: &mut Proposal, short: &str, version: &str| {
        p.cover.short_title = short.into();
        let o = Options {
            review: None,
            version: version.into(),
            ..common::options(false)
        };
        base_name(p, &o)
    };
    for (short, version) in [
        ("CON", "1"),
        ("a<b>c:d\"e/f\\g|h?i*j", "2"),
        ("trailing. . ", "3."),
        ("", ""),
        ("\u{0}\u{1f}", "…"),
        (&"é".repeat(500), &"9".repeat(500)),
        (&"𝐀".repeat(500), "1"),
    ] {
        let base = named(&mut p, short, version);
        assert!(!base.is_empty());
        assert!(base.len() <= 120, "{} bytes: {base}", base.len());
        assert!(
            !base.contains(['<', '>', ':', '"', '/', '\\', '|', '?', '*']) && !base.chars().any(char::is_control),
            "{base}"
        );
        assert!(!base.ends_with(['.', ' ']), "{base:?}");
        let device = base.split('.').next().unwrap().to_uppercase();
        assert!(!["CON", "PRN", "AUX", "NUL", "COM1", "LPT1"].contains(&device.as_str()));
    }
}

#[test]
fn a_package_manifest_that_says_a_key_twice_is_refused_by_name() {
    let (_d, written) = export(&example_proposal().unwrap());
    let mut files = common::zip_file_entries(&written.zip);
    let manifest = files.iter_mut().find(|(n, _)| n == "manifest.json").unwrap();
    let text = String::from_utf8(manifest.1.clone()).unwrap();
    let end = text.rfind('}').unwrap();
    manifest.1 = format!("{}, \"files\": []}}", &text[..end]).into_bytes();
    let rebuilt = common::rezip(&files);
    let message = studio_export::read_package(&rebuilt, Template::builtin().unwrap())
        .unwrap_err()
        .to_string();
    assert!(message.contains("manifest cannot be trusted"), "{message}");
    assert!(message.contains("\"files\""), "{message}");
}
