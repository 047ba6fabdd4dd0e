//! The anchor map inside the PDF: for the example in each language, the
//! words poppler reads inside each anchor's rectangles are the words the
//! core's Document gives that anchor, in the same order.

use std::process::Command;

use studio_core::document::{build, Edition};
use studio_core::review::AnchorKind;
use studio_core::Template;
use studio_export::anchor_map::{read, AnchorMap};
use studio_export::{render_pdf, Options, Paper};

/// Letters and digits only: what both sides must agree on, whatever the
/// line breaks, bullets' spacing and hyphen-free cuts.
fn letters(s: &str) -> Vec<char> {
    s.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

fn is_subsequence(needle: &[char], hay: &[char]) -> bool {
    let mut it = hay.iter();
    needle.iter().all(|c| it.any(|h| h == c))
}

/// `got` without the first run of `label`'s letters in it.
fn without(got: &[char], label: &[char]) -> Vec<char> {
    match got.windows(label.len().max(1)).position(|w| w == label) {
        Some(i) if !label.is_empty() => [&got[..i], &got[i + label.len()..]].concat(),
        _ => got.to_vec(),
    }
}

fn text_in(pdf: &std::path::Path, map: &AnchorMap, page: u32, rect: [f32; 4], layout: bool) -> String {
    let height = map.size_of(page)[1];
    let out = Command::new("pdftotext")
        .args(["-r", "72", "-f", &page.to_string(), "-l", &page.to_string()])
        .args(["-x", &format!("{}", rect[0].floor())])
        .args(["-y", &format!("{}", (height - rect[3]).floor())])
        .args(["-W", &format!("{}", (rect[2] - rect[0]).ceil())])
        .args(["-H", &format!("{}", (rect[3] - rect[1]).ceil())])
        .args(layout.then_some("-layout"))
        .arg(pdf)
        .arg("-")
        .output()
        .expect("pdftotext runs");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn options(paper: Paper, review_copy: bool) -> Options {
    Options {
        review: None,
        paper,
        review_copy,
        version: "1".into(),
        date: "2027-02-15".into(),
    }
}

#[test]
fn every_anchors_words_on_paper_are_the_documents() {
    let t = Template::builtin().unwrap();
    for lang in ["en", "fr", "es"] {
        let mut p = studio_core::example_proposal().unwrap();
        p.language = lang.into();
        let opts = options(Paper::A4, false);
        let bytes = render_pdf(&p, t, &opts).unwrap();
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("p.pdf");
        std::fs::write(&path, &bytes).unwrap();
        let map = read(&bytes).unwrap().expect("the PDF carries its anchor map");
        assert_eq!(map.language, lang);

        let doc = build(
            &p,
            t,
            &Edition {
                version: opts.version.clone(),
                date: opts.date.clone(),
                review_copy: opts.review_copy,
            },
        );
        let expected = doc.anchored_texts();
        let mut checked = [0usize; 4];
        let mut unordered = 0;
        for landed in &map.anchors {
            let kind = match landed.anchor.kind {
                AnchorKind::Paragraph => 0,
                AnchorKind::Row => 1,
                AnchorKind::BudgetLine => 2,
                AnchorKind::Criterion => 3,
                _ => continue,
            };
            let want = expected
                .iter()
                .find(|(a, _)| *a == landed.anchor)
                .map(|(_, text)| letters(text))
                .unwrap_or_else(|| panic!("{lang}: {:?} is on paper but not in the document", landed.anchor));
            // Poppler reads a box in its own reading order, which for a row
            // of single-line cells may not be left to right; its physical
            // layout mode reads those left to right (and interleaves
            // multi-line cells). Either reading must hold the document's
            // words in order.
            let read = |layout: bool| {
                let got: String = landed
                    .boxes
                    .iter()
                    .map(|b| text_in(&path, &map, b.page, b.rect, layout))
                    .collect();
                letters(&got)
            };
            // Bullets and list numbers are drawn on paper, not counted in
            // the words: the paper may hold a few more marks, never fewer
            // words, and never another anchor's words.
            let fits = |got: &Vec<char>| is_subsequence(&want, got) && got.len() <= want.len() + want.len() / 20 + 6;
            let got = read(false);
            let got = if fits(&got) { got } else { read(true) };
            // A row that begins a page inside its group repeats the group's
            // label ("Output 2.1 (continued)"), which is not its own words.
            let got = match &landed.repeats {
                Some(label) if !fits(&got) => without(&got, &letters(label)),
                _ => got,
            };
            // A table with both multi-line and single-line rows (a Markdown
            // table in a paragraph) reads in order in neither mode: then
            // the same letters, each as often, must be there.
            let same_letters = |got: &Vec<char>| {
                let (mut a, mut b) = (want.clone(), got.clone());
                a.sort_unstable();
                b.sort_unstable();
                is_subsequence(&a, &b) && got.len() <= want.len() + want.len() / 20 + 6
            };
            if !fits(&got) && same_letters(&got) {
                unordered += 1;
                checked[kind] += 1;
                continue;
            }
            assert!(
                fits(&got),
                "{lang}: {:?}\n  document: {}\n  paper:    {}",
                landed.anchor,
                want.iter().collect::<String>(),
                got.iter().collect::<String>()
            );
            checked[kind] += 1;
        }
        assert!(checked[0] > 20, "{lang}: paragraphs checked {checked:?}");
        assert!(unordered <= 3, "{lang}: {unordered} anchors read out of order");
        assert_eq!(checked[2], p.budget.lines.len(), "{lang}: every budget line");
        assert!(
            checked[1] > 10 && checked[3] > 5,
            "{lang}: rows and criteria {checked:?}"
        );
    }
}

#[test]
fn a_point_on_a_page_names_the_innermost_part_it_belongs_to() {
    let t = Template::builtin().unwrap();
    let p = studio_core::example_proposal().unwrap();
    let opts = options(Paper::Letter, true);
    let bytes = render_pdf(&p, t, &opts).unwrap();
    let map = read(&bytes).unwrap().unwrap();
    assert_eq!(map.page_size, [612.0, 792.0]);
    let line = map
        .anchors
        .iter()
        .find(|l| l.anchor.kind == AnchorKind::BudgetLine)
        .unwrap();
    let b = &line.boxes[0];
    let (x, y) = ((b.rect[0] + b.rect[2]) / 2.0, (b.rect[1] + b.rect[3]) / 2.0);
    assert_eq!(map.at(b.page, x, y), Some(&line.anchor));
    // The running header is no part of the proposal.
    assert_eq!(map.at(b.page, x, 792.0 - 40.0), None);
    // The catalogue names the outline mode and the language; no empty PDF/X entries.
    let pdf = lopdf::Document::load_mem(&bytes).unwrap();
    let catalog = pdf.catalog().unwrap();
    assert_eq!(catalog.get(b"PageMode").unwrap().as_name().unwrap(), b"UseOutlines");
    assert_eq!(catalog.get(b"Lang").unwrap().as_str().unwrap(), b"en");
    let info = pdf.trailer.get(b"Info").and_then(lopdf::Object::as_reference).unwrap();
    let info = pdf.get_dictionary(info).unwrap();
    assert!(info.get(b"GTS_PDFXVersion").is_err() && info.get(b"Identifier").is_err());
    // Every contents line is a link to the first page of its part.
    let pages = pdf.get_pages();
    let number_of = |id: lopdf::ObjectId| pages.iter().find(|(_, p)| **p == id).map(|(n, _)| *n);
    let mut targets = Vec::new();
    for (n, page) in &pages {
        let Ok(annots) = pdf
            .get_dictionary(*page)
            .and_then(|d| d.get(b"Annots"))
            .and_then(lopdf::Object::as_array)
        else {
            continue;
        };
        for a in annots {
            let a = pdf.get_dictionary(a.as_reference().unwrap()).unwrap();
            assert_eq!(a.get(b"Subtype").unwrap().as_name().unwrap(), b"Link");
            let dest = a.get(b"Dest").unwrap().as_array().unwrap();
            targets.push((*n, number_of(dest[0].as_reference().unwrap()).unwrap()));
        }
    }
    let starts: Vec<u32> = map
        .anchors
        .iter()
        .filter(|l| l.anchor.kind == AnchorKind::Section)
        .map(|l| l.boxes[0].page)
        .collect();
    assert_eq!(
        targets.iter().map(|t| t.1).collect::<Vec<_>>(),
        starts,
        "links lead where the parts start"
    );
    assert!(
        targets.iter().all(|t| t.0 == 2 || t.0 == 3),
        "the links sit on the contents: {targets:?}"
    );
    // The numbers the contents print, after their dot leaders, are the
    // pages the parts start on.
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("contents.pdf");
    std::fs::write(&file, &bytes).unwrap();
    let out = Command::new("pdftotext")
        .args(["-layout", "-f", "2", "-l", "3"])
        .arg(&file)
        .arg("-")
        .output()
        .expect("pdftotext must be installed");
    let text = String::from_utf8_lossy(&out.stdout);
    let printed: Vec<u32> = text
        .lines()
        .filter(|l| l.contains("..") || l.contains(". ."))
        .filter_map(|l| l.split_whitespace().last()?.parse().ok())
        .collect();
    assert_eq!(printed, starts, "the contents' numbers:\n{text}");
    // The same draft exports to the same bytes, map included.
    assert_eq!(render_pdf(&p, t, &opts).unwrap(), bytes);
}

#[test]
fn a_pdf_without_a_map_says_so_and_a_broken_one_is_refused() {
    assert!(read(b"%PDF-1.4 not really").is_err());
    assert!(read(b"").is_err());
}
