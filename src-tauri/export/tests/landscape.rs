//! Wide annexes on landscape pages: the example's results framework, whose
//! six columns squeeze its indicators and means of verification on upright
//! paper, is printed on pages turned a quarter, and everything else stays
//! upright. Read back with poppler and qpdf.

use std::collections::BTreeSet;

use studio_core::review::AnchorKind;
use studio_core::{example_proposal, Template};
use studio_export::anchor_map::{read, AnchorMap};
use studio_export::{render_pdf, Options, Paper};

mod common;

use common::write;

/// Each page's width and height, as pdfinfo reads them.
fn page_sizes(file: &str) -> Vec<(f32, f32)> {
    let info = common::tool("pdfinfo", &["-f", "1", "-l", "9999", file]);
    info.lines()
        .filter(|l| l.starts_with("Page ") && l.contains(" size: "))
        .map(|l| {
            let words: Vec<&str> = l.split_whitespace().collect();
            // "Page 12 size: 841.89 x 595.28 pts (A4)"
            (words[3].parse().unwrap(), words[5].parse().unwrap())
        })
        .collect()
}

/// The pages (1-based) a section anchor's boxes are on.
fn section_pages(map: &AnchorMap, section: &str) -> BTreeSet<u32> {
    map.anchors
        .iter()
        .filter(|l| l.anchor.kind == AnchorKind::Section && l.anchor.path == section)
        .flat_map(|l| l.boxes.iter().map(|b| b.page))
        .collect()
}

/// Words on a page with their boxes, from `pdftotext -bbox`: (word, xMin,
/// yMin, xMax, yMax), y measured down from the page's top.
fn words_on(file: &str, page: u32) -> Vec<(String, f32, f32, f32, f32)> {
    let html = common::tool(
        "pdftotext",
        &["-bbox", "-f", &page.to_string(), "-l", &page.to_string(), file, "-"],
    );
    html.lines()
        .filter_map(|l| {
            let l = l.trim();
            let rest = l.strip_prefix("<word ")?;
            let attr = |name: &str| -> f32 {
                let at = rest.find(&format!("{name}=\"")).unwrap() + name.len() + 2;
                rest[at..].split('"').next().unwrap().parse().unwrap()
            };
            let word = rest.split('>').nth(1)?.split('<').next()?.to_string();
            Some((word, attr("xMin"), attr("yMin"), attr("xMax"), attr("yMax")))
        })
        .collect()
}

#[test]
fn the_squeezed_results_framework_is_printed_landscape_and_the_rest_upright() {
    let t = Template::builtin().unwrap();
    for (lang, paper, (w, h)) in [
        ("en", Paper::A4, (595.28f32, 841.89f32)),
        ("fr", Paper::Letter, (612.0, 792.0)),
        ("es", Paper::A4, (595.28, 841.89)),
    ] {
        let mut p = example_proposal().unwrap();
        p.language = lang.into();
        let opts = Options {
            paper,
            review_copy: true,
            ..common::options(true)
        };
        let bytes = render_pdf(&p, t, &opts).unwrap();
        let dir = tempfile::tempdir().unwrap();
        let file = write(dir.path(), "p.pdf", &bytes);
        common::tool("qpdf", &["--check", &file]);
        let map = read(&bytes).unwrap().expect("the map");

        let framework = section_pages(&map, "annex_results_framework");
        let turned: BTreeSet<u32> = map.turned.iter().copied().collect();
        assert!(!framework.is_empty(), "{lang}");
        assert!(
            turned.is_superset(&framework),
            "{lang}: the framework's pages are turned"
        );
        // Only an annex may be: in Spanish the risk matrix's wrapped
        // categories turn it too.
        let annexes: BTreeSet<u32> = map
            .anchors
            .iter()
            .filter(|l| l.anchor.kind == AnchorKind::Section && l.anchor.path.starts_with("annex_"))
            .flat_map(|l| l.boxes.iter().map(|b| b.page))
            .collect();
        assert!(turned.is_subset(&annexes), "{lang}: {turned:?} are annexes' pages");
        // What poppler reads agrees with the map, page by page.
        let sizes = page_sizes(&file);
        assert!(sizes.len() > 20, "{lang}: {sizes:?}");
        for (i, &(pw, ph)) in sizes.iter().enumerate() {
            let page = i as u32 + 1;
            let want = if turned.contains(&page) { (h, w) } else { (w, h) };
            assert!(
                (pw - want.0).abs() < 0.1 && (ph - want.1).abs() < 0.1,
                "{lang}: page {page} is {pw} x {ph}, not {want:?}"
            );
            assert_eq!(map.size_of(page), [want.0, want.1].map(|v| (v * 100.0).round() / 100.0));
        }
        // The narrative and the other annexes stay upright.
        for section in ["context", "annex_workplan", "annex_budget", "signatures"] {
            assert!(
                section_pages(&map, section).is_disjoint(&turned),
                "{lang}: {section} is upright"
            );
        }

        for &page in &turned {
            let words = words_on(&file, page);
            // The running header and the page number sit in the turned
            // page's margins, the number against its right margin.
            let number = words
                .iter()
                .filter(|(word, ..)| *word == page.to_string())
                .max_by(|a, b| a.2.total_cmp(&b.2))
                .unwrap_or_else(|| panic!("{lang}: page {page} has its number"));
            assert!(
                number.3 <= h - 64.0 + 0.5 && number.3 > h - 64.0 - 60.0,
                "{lang}: page {page}'s number ends at {} on a page {h} wide",
                number.3
            );
            assert!(number.2 > w - 68.0, "{lang}: the number is in the bottom margin");
            // The table uses the turned page's width: some words lie past
            // where an upright page ends, and none past the right margin.
            let right = words.iter().map(|x| x.3).fold(0.0f32, f32::max);
            assert!(right > w, "{lang}: page {page} uses its width ({right})");
            assert!(right <= h - 64.0 + 0.5, "{lang}: page {page} ends at {right}");
            // No word below the footer or above the header: the page's
            // height is the paper's width.
            assert!(
                words.iter().all(|x| x.2 >= 30.0 && x.4 <= w - 20.0),
                "{lang}: page {page}'s words lie within it"
            );
        }

        // The review copy's watermark crosses each turned page on its own
        // diagonal: a second form, drawn on the turned pages only.
        let doc = lopdf::Document::load_mem(&bytes).unwrap();
        for (number, id) in doc.get_pages() {
            let content = String::from_utf8_lossy(&doc.get_page_content(id)).into_owned();
            let (mine, other) = if turned.contains(&number) {
                ("/WmL Do", "/Wm Do")
            } else {
                ("/Wm Do", "/WmL Do")
            };
            assert!(
                content.contains(mine) && !content.contains(other),
                "{lang}: page {number} draws its own watermark"
            );
            // Over everything else (shaded rows no longer hide it), and
            // translucent, on a page that says how it blends.
            let drawn = content.rfind(mine).unwrap();
            assert!(
                content.rfind("TJ").is_none_or(|t| t < drawn) && content.rfind(" re").is_none_or(|r| r < drawn),
                "{lang}: page {number} paints its watermark last"
            );
            let page = doc.get_dictionary(id).unwrap();
            let group = page.get(b"Group").and_then(lopdf::Object::as_dict).unwrap();
            assert_eq!(group.get(b"S").unwrap().as_name().unwrap(), b"Transparency");
        }
        // Each form paints at a fifth of its strength.
        let forms: Vec<&lopdf::Stream> = doc
            .objects
            .values()
            .filter_map(|o| o.as_stream().ok())
            .filter(|s| {
                s.dict
                    .get(b"Subtype")
                    .and_then(lopdf::Object::as_name)
                    .is_ok_and(|n| n == b"Form")
            })
            .collect();
        assert_eq!(forms.len(), 2, "{lang}: one watermark for each orientation");
        for form in forms {
            let alpha = form
                .dict
                .get(b"Resources")
                .and_then(lopdf::Object::as_dict)
                .and_then(|r| r.get(b"ExtGState"))
                .and_then(lopdf::Object::as_dict)
                .and_then(|g| g.get(b"Faint"))
                .and_then(lopdf::Object::as_dict)
                .and_then(|f| f.get(b"ca"))
                .and_then(lopdf::Object::as_float)
                .unwrap();
            assert!((alpha - 0.2).abs() < 1e-6, "{lang}: {alpha}");
        }
        let text = common::tool("pdftotext", &[&file, "-"]);
        assert!(!text.contains("DRAFT") && !text.contains("PROJET") && !text.contains("BORRADOR"));
    }
}

/// A results framework whose texts are short squeezes nothing: it stays
/// upright, as does every page.
#[test]
fn a_framework_that_fits_upright_stays_upright() {
    let t = Template::builtin().unwrap();
    let mut p = example_proposal().unwrap();
    for outcome in &mut p.results_framework.outcomes {
        outcome.title = "Outcome".into();
        outcome.assumptions.clear();
        for output in &mut outcome.outputs {
            output.title = "Output".into();
            for i in &mut output.indicators {
                i.text = "People served".into();
                i.means_of_verification = "Records".into();
                i.disaggregation.clear();
            }
        }
        for i in &mut outcome.indicators {
            i.text = "People served".into();
            i.means_of_verification = "Records".into();
            i.disaggregation.clear();
        }
    }
    let bytes = render_pdf(&p, t, &common::options(false)).unwrap();
    let map = read(&bytes).unwrap().unwrap();
    assert!(map.turned.is_empty(), "{:?}", map.turned);
    let dir = tempfile::tempdir().unwrap();
    let file = write(dir.path(), "p.pdf", &bytes);
    assert!(page_sizes(&file).iter().all(|&(w, h)| w < h));
}
