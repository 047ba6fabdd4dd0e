//! The example proposal exported to PDF and read back by real PDF tools.

use std::path::Path;

use studio_core::{example_proposal, Template};
use studio_export::{render_pdf, Options, Paper};

mod common;

use common::{python, write};

#[test]
fn the_example_pdf_passes_the_real_tools() {
    let t = Template::builtin().unwrap();
    let p = example_proposal().unwrap();
    let bytes = render_pdf(&p, t, &common::options(false)).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let file = write(dir.path(), "example.pdf", &bytes);
    if let Ok(keep) = std::env::var("PROPOSAL_STUDIO_KEEP_PDF") {
        std::fs::write(keep, &bytes).unwrap();
    }

    common::tool("qpdf", &["--check", &file]);

    let fonts = common::tool("pdffonts", &[&file]);
    let rows: Vec<&str> = fonts.lines().skip(2).collect();
    assert!(rows.len() >= 3, "{fonts}");
    for row in &rows {
        let cols: Vec<&str> = row.split_whitespace().collect();
        assert!(
            cols[0].contains('+') && cols[0].contains("NotoSans"),
            "subset Noto Sans: {row}"
        );
        let n = cols.len();
        assert_eq!(
            &cols[n - 5..n - 2],
            ["yes", "yes", "yes"],
            "embedded, subset, unicode: {row}"
        );
    }

    let text = common::tool("pdftotext", &["-layout", &file, "-"]);
    let mut at = 0;
    for heading in [
        "Contents",
        "1. Executive summary",
        "2. Context and situation analysis",
        "5. GCM guiding principles",
        "12. Budget narrative",
        "Annex A. Results framework",
        "Annex B. Workplan",
        "Annex C. Risk matrix",
        "Annex D. Budget",
        "Annex E. Human Rights Marker",
        "Annex F. Gender Marker",
        "Signatures",
    ] {
        let found = text[at..]
            .find(heading)
            .unwrap_or_else(|| panic!("{heading} after byte {at}"));
        at += found + heading.len();
    }
    for figure in ["2,396,800.00", "1,070,000.00", "749,000.00", "577,800.00", "Sucumbíos"] {
        assert!(text.contains(figure), "{figure} in the text");
    }
    // The fields of the results framework, the partners' levels and how the
    // gender-equality share was reached.
    let plain = common::pdftotext(Path::new(&file));
    let flat = plain.split_whitespace().collect::<Vec<_>>().join(" ");
    for want in [
        "Assumptions: Provincial and municipal authorities",
        "Location (province, municipality)",
        "Other (Media outlet and format",
        "Ministry of Labour (National)",
        "Provincial Government of Imbabura (Regional or provincial)",
        "Counted for gender equality and women's empowerment: USD",
    ] {
        assert!(flat.contains(want), "{want:?} in the text");
    }
    assert!(
        flat.contains("Budget line") && flat.contains("Counted (USD)"),
        "the gender-equality lines table"
    );

    let info = common::tool("pdfinfo", &[&file]);
    assert!(
        info.contains("Title:") && info.contains("Imbabura and Sucumbíos"),
        "{info}"
    );
    assert!(
        info.contains("Author:") && info.contains("IOM, UNDP, UN Women"),
        "{info}"
    );
    assert!(info.contains("Keywords:") && info.contains("Ecuador"), "{info}");
    let pages: u32 = info
        .lines()
        .find(|l| l.starts_with("Pages:"))
        .unwrap()
        .split_whitespace()
        .nth(1)
        .unwrap()
        .parse()
        .unwrap();
    assert!((25..=80).contains(&pages), "{pages} pages");
    assert!(text.contains(&format!("Page {pages} of {pages}")));

    let outline = common::tool("qpdf", &["--json", "--json-key=outlines", &file]);
    for title in ["1. Executive summary", "Annex D. Budget", "Signatures"] {
        assert!(outline.contains(title), "bookmark {title}");
    }
}

#[test]
fn the_same_proposal_gives_the_same_bytes_and_the_review_copy_is_marked() {
    let t = Template::builtin().unwrap();
    let p = example_proposal().unwrap();
    let a = render_pdf(&p, t, &common::options(false)).unwrap();
    let b = render_pdf(&p, t, &common::options(false)).unwrap();
    assert!(a == b, "identical bytes");
    // The file identifier comes from the bytes: two copies of the same
    // hash, no placeholder left, and another proposal gets another one.
    let id_of = |bytes: &[u8]| {
        let doc = lopdf::Document::load_mem(bytes).unwrap();
        let ids = doc.trailer.get(b"ID").unwrap().as_array().unwrap().clone();
        let ids: Vec<Vec<u8>> = ids.iter().map(|i| i.as_str().unwrap().to_vec()).collect();
        assert_eq!(ids.len(), 2);
        assert_eq!(ids[0], ids[1]);
        assert!(
            ids[0].iter().all(u8::is_ascii_hexdigit),
            "{:?}",
            String::from_utf8_lossy(&ids[0])
        );
        ids[0].clone()
    };
    let mut other = p.clone();
    other.cover.title.push_str(" (second call)");
    assert_ne!(
        id_of(&a),
        id_of(&render_pdf(&other, t, &common::options(false)).unwrap())
    );
    let review = render_pdf(
        &p,
        t,
        &Options {
            review: None,
            review_copy: true,
            ..common::options(false)
        },
    )
    .unwrap();
    let letter = render_pdf(
        &p,
        t,
        &Options {
            review: None,
            paper: Paper::Letter,
            ..common::options(false)
        },
    )
    .unwrap();
    let dir = tempfile::tempdir().unwrap();
    if let Ok(keep) = std::env::var("PROPOSAL_STUDIO_KEEP_PDF") {
        std::fs::write(format!("{keep}.review.pdf"), &review).unwrap();
    }
    let text = common::tool("pdftotext", &[&write(dir.path(), "r.pdf", &review), "-"]);
    let raw_text = common::tool("pdftotext", &["-raw", &write(dir.path(), "r1.pdf", &review), "-"]);
    assert!(text.contains("Review copy — not for submission"));
    // The diagonal watermark is drawn as outlines marked as an artifact:
    // no text extraction finds its words, in any order.
    for t in [&text, &raw_text] {
        assert!(
            !t.contains("DRAFT —") && !t.contains("NOT FOR SUBMISSION"),
            "the watermark reads as text"
        );
    }
    let qdf = dir.path().join("r.qdf.pdf");
    common::tool(
        "qpdf",
        &[
            "--qdf",
            "--object-streams=disable",
            &write(dir.path(), "r2.pdf", &review),
            qdf.to_str().unwrap(),
        ],
    );
    let raw = String::from_utf8_lossy(&std::fs::read(&qdf).unwrap()).into_owned();
    let artifacts = raw.lines().filter(|l| l.trim() == "/Artifact BMC").count();
    let pages = text.matches("Review copy — not for submission").count();
    assert!(
        artifacts >= pages && pages > 20,
        "{artifacts} watermarks on {pages} pages"
    );
    let info = common::tool("pdfinfo", &[&write(dir.path(), "l.pdf", &letter)]);
    assert!(info.contains("(letter)"), "{info}");
}

#[test]
fn hostile_text_lays_out_without_breaking_the_pdf() {
    let t = Template::builtin().unwrap();
    let mut p = example_proposal().unwrap();
    p.cover.title = "<script>alert('x')</script> <b onmouseover=alert(1)>Title</b> \u{202E}desrever".into();
    p.cover.short_title = "<style>body{display:none}</style>".into();
    p.narrative.insert(
        "context.body".into(),
        "x".repeat(studio_core::limits::MAX_NARRATIVE_CHARS),
    );
    p.narrative.insert("strategy.body".into(), "😀".repeat(10_000));
    p.narrative.insert(
        "results.body".into(),
        "| a | b |\n|---|---|\n| <img src=x onerror=alert(1)> | **x** |\n\n<iframe src=http://x></iframe>".into(),
    );
    p.check(t).expect("the hostile proposal is within the bounds");
    let bytes = render_pdf(&p, t, &common::options(false)).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let file = write(dir.path(), "hostile.pdf", &bytes);
    common::tool("qpdf", &["--check", &file]);
    let text = common::tool("pdftotext", &[&file, "-"]);
    assert!(text.contains("<script>alert('x')</script>"), "shown as text");
    assert!(text.contains("<img src=x onerror=alert(1)>"));
    assert!(text.contains("xxxxxxxxxxxxxxxxxxxx"));
    assert!(
        !text.contains('😀'),
        "emoji replaced visibly rather than drawn as nothing"
    );
    // Each of the 10,000 emoji is drawn as the font's replacement mark (Noto
    // Sans has U+FFFD), so the reader sees that something could not be printed.
    let marks = text.matches('\u{FFFD}').count();
    assert!(marks >= 10_000, "{marks} replacement marks for 10,000 emoji");
    let info = common::tool("pdfinfo", &[&file]);
    let pages: u32 = info
        .lines()
        .find(|l| l.starts_with("Pages:"))
        .unwrap()
        .split_whitespace()
        .nth(1)
        .unwrap()
        .parse()
        .unwrap();
    assert!(pages > 60, "the long word wraps across pages: {pages}");
}

/// pdftotext writes the narrow and the ordinary no-break space either as
/// themselves or as plain spaces; compare with both folded to a space.
fn spaces_folded(s: &str) -> String {
    s.replace(['\u{202F}', '\u{A0}'], " ")
}

#[test]
fn french_and_spanish_proposals_print_fixed_text_numbers_and_dates_in_their_language() {
    let t = Template::builtin().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let english = [
        "Contents",
        "Page 2 of",
        "Review copy",
        "Total direct costs",
        "Indirect support costs",
        "Direct costs by",
        "Budget detail",
        "Self-assessed",
        "Gender Marker score",
        "Quarters are counted",
        "Likelihood and impact",
        "Lead PUNO",
        "Participating UN Organizations",
        "By signing",
        "Annex A",
        "February",
        "Not written yet",
        "Disaggregated by",
        "Criterion",
        "Not assessed",
        "(convening)",
    ];
    let cases = [
        (
            "fr",
            "Page 2 sur",
            vec![
                "Table des matières",
                "Copie de relecture — ne pas soumettre",
                "Annexe A. Cadre de résultats",
                "Annexe D. Budget",
                "Signatures",
                "Total des coûts directs",
                "Coûts d’appui indirects (7 %)",
                "2 396 800,00 USD",
                "OIM : 1 070 000,00 USD",
                "ONU Femmes",
                "Hypothèses :",
                "Part comptée pour l’égalité des genres",
                "749 000,00",
                "Version 1 du 15 février 2027",
                "du 1er avril 2027 au 30 septembre 2029",
                "Fonction",
            ],
        ),
        (
            "es",
            "Página 2 de",
            vec![
                "Índice",
                "Copia de revisión — no presentar",
                "Anexo A. Marco de resultados",
                "Anexo D. Presupuesto",
                "Firmas",
                "Total de costos directos",
                "Costos indirectos de apoyo (7 %)",
                "2.396.800,00 USD",
                "OIM: 1.070.000,00 USD",
                "ONU Mujeres",
                "Supuestos:",
                "Parte contabilizada para la igualdad de género",
                "749.000,00",
                "Versión 1, 15 de febrero de 2027",
                "del 1 de abril de 2027 al 30 de septiembre de 2029",
                "Cargo",
            ],
        ),
    ];
    for (lang, page_two, expected) in cases {
        let mut p = example_proposal().unwrap();
        p.language = lang.into();
        let bytes = render_pdf(
            &p,
            t,
            &Options {
                review: None,
                review_copy: true,
                ..common::options(false)
            },
        )
        .unwrap();
        let file = write(dir.path(), &format!("{lang}.pdf"), &bytes);
        common::tool("qpdf", &["--check", &file]);
        let text = spaces_folded(&common::tool("pdftotext", &[&file, "-"]));
        let info = common::tool("pdfinfo", &[&file]);
        let pages: u32 = info
            .lines()
            .find(|l| l.starts_with("Pages:"))
            .unwrap()
            .split_whitespace()
            .nth(1)
            .unwrap()
            .parse()
            .unwrap();
        let last = page_two.replace('2', &pages.to_string());
        for want in expected.iter().copied().chain([page_two, last.as_str()]) {
            assert!(text.contains(want), "{lang}: {want:?} in the text");
        }
        assert!(
            text.contains(&format!("{page_two} {pages}")),
            "{lang}: page 2 of {pages}"
        );
        for word in english {
            assert!(!text.contains(word), "{lang}: the English {word:?} is left in the text");
        }
        assert!(!text.contains("2,396,800.00"), "{lang}: the total in English figures");

        let (subject, keyword) = if lang == "fr" {
            ("Document complet de programme conjoint", "Programme conjoint")
        } else {
            ("Documento completo de programa conjunto", "Programa conjunto")
        };
        assert!(info.contains(subject) && info.contains(keyword), "{lang}: {info}");
        let outline = common::tool("qpdf", &["--json", "--json-key=outlines", &file]);
        let (cover, contents) = if lang == "fr" {
            ("Page de couverture", "Table des mati")
        } else {
            ("Portada", "ndice")
        };
        assert!(
            outline.contains(cover) && outline.contains(contents),
            "{lang}: bookmarks {outline}"
        );
    }
}

/// Each font subset is named by its own glyphs: two documents drawing
/// different characters carry different six-letter tags, so a tool merging
/// them never takes one subset for the other; the same document, the same.
#[test]
fn subset_tags_come_from_the_subsets() {
    let dir = tempfile::tempdir().unwrap();
    let t = Template::builtin().unwrap();
    let tags = |p: &studio_core::Proposal, name: &str| -> Vec<String> {
        let path = write(dir.path(), name, &render_pdf(p, t, &common::options(false)).unwrap());
        common::tool("pdffonts", &[&path])
            .lines()
            .skip(2)
            .filter_map(|l| l.split_whitespace().next())
            .map(str::to_string)
            .collect()
    };
    let example = example_proposal().unwrap();
    let mut other = example_proposal().unwrap();
    let key = other.narrative.keys().next().unwrap().clone();
    other
        .narrative
        .get_mut(&key)
        .unwrap()
        .push_str("\n\nLetters the example never draws: ŽŹŚ ĦĲŁ ŊŒŦ.");
    let a = tags(&example, "a.pdf");
    let b = tags(&other, "b.pdf");
    assert_eq!(a, tags(&example, "a-again.pdf"));
    assert!(a.iter().all(|n| n.len() > 7 && n.as_bytes()[6] == b'+'), "{a:?}");
    let regular = |v: &[String]| v.iter().find(|n| n.ends_with("NotoSans-Regular")).cloned().unwrap();
    assert_ne!(regular(&a), regular(&b), "different glyphs, different tags");
    let tags_only: std::collections::BTreeSet<&str> = a.iter().map(|n| &n[..6]).collect();
    assert_eq!(tags_only.len(), a.len(), "each face its own tag: {a:?}");
}

/// pikepdf, a reader not written here, finds the XMP packet saying what the
/// Info dictionary says, the language, and the viewer told to show the title.
#[test]
fn xmp_metadata_and_the_window_title_read_back_with_pikepdf() {
    let dir = tempfile::tempdir().unwrap();
    let t = Template::builtin().unwrap();
    let mut p = example_proposal().unwrap();
    p.language = "fr".into();
    let path = write(
        dir.path(),
        "fr.pdf",
        &render_pdf(&p, t, &common::options(true)).unwrap(),
    );
    let script = r#"
import json, sys, pikepdf
pdf = pikepdf.open(sys.argv[1])
meta = pdf.open_metadata()
print(json.dumps({
    "title": meta.get("dc:title"),
    "language": sorted(meta.get("dc:language") or []),
    "creators": list(meta.get("dc:creator") or []),
    "producer": meta.get("pdf:Producer"),
    "created": meta.get("xmp:CreateDate"),
    "info_title": str(pdf.docinfo["/Title"]),
    "info_author": str(pdf.docinfo["/Author"]),
    "links": [[str(a.get("/Contents", "")), int(a.get("/F", 0))] for page in pdf.pages for a in page.get("/Annots", []) if a.Subtype == "/Link"],
    "display_title": bool(pdf.Root.ViewerPreferences.DisplayDocTitle),
    "lang": str(pdf.Root.Lang),
}))
"#;
    let out = std::process::Command::new(python())
        .args(["-c", script, &path])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "pikepdf: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["title"], v["info_title"]);
    assert_eq!(v["title"], p.cover.title.as_str());
    assert_eq!(v["language"], serde_json::json!(["fr"]));
    assert_eq!(v["lang"], "fr");
    assert_eq!(v["display_title"], true);
    // One creator, the Info Author as it is (PDF/A holds the two equal).
    assert_eq!(v["creators"], serde_json::json!([v["info_author"]]), "{v}");
    assert!(v["info_author"].as_str().unwrap().contains("OIM"), "{v}");
    // Every contents link says where it leads, in the proposal's language, and prints.
    let links = v["links"].as_array().unwrap();
    assert!(links.len() >= 10, "{v}");
    assert!(
        links.iter().all(|l| !l[0].as_str().unwrap().is_empty() && l[1] == 4),
        "{v}"
    );
    assert!(
        links.iter().any(|l| l[0].as_str().unwrap().contains('é')),
        "titles decode from UTF-16: {v}"
    );
    assert!(v["producer"].as_str().unwrap().starts_with("Proposal Studio"));
    assert!(v["created"].as_str().unwrap().starts_with("2027-02-15"));
}

/// What PDF/A-3b asks that tools not written here can check: the file says
/// it is PDF/A-3b in its XMP; its output intent is an sRGB profile that
/// littlecms (through Pillow) reads and finds to be sRGB, colour for colour;
/// the Info dictionary says word for word what the XMP says; the metadata
/// is not compressed; the anchor map is an associated file with its MIME
/// type and date; every annotation prints; the file is not encrypted.
#[test]
fn the_pdf_identifies_as_pdf_a_3b_and_meets_what_can_be_checked_here() {
    let dir = tempfile::tempdir().unwrap();
    let t = Template::builtin().unwrap();
    let p = example_proposal().unwrap();
    for review_copy in [false, true] {
        let path = write(
            dir.path(),
            &format!("a-{review_copy}.pdf"),
            &render_pdf(&p, t, &common::options(review_copy)).unwrap(),
        );
        let script = r#"
import io, json, sys, pikepdf
from PIL import Image, ImageCms
pdf = pikepdf.open(sys.argv[1])
meta = pdf.open_metadata()
info = pdf.docinfo
intents = pdf.Root.OutputIntents
profile = ImageCms.getOpenProfile(io.BytesIO(intents[0].DestOutputProfile.read_bytes()))
to_srgb = ImageCms.buildTransform(profile, ImageCms.createProfile("sRGB"), "RGB", "RGB")
colours = [(255, 0, 0), (0, 255, 0), (0, 0, 255), (118, 118, 118), (23, 92, 160), (250, 245, 230)]
mapped = [ImageCms.applyTransform(Image.new("RGB", (1, 1), c), to_srgb).getpixel((0, 0)) for c in colours]
spec = pdf.Root.AF[0]
print(json.dumps({
    "part": meta.get("pdfaid:part"),
    "conformance": meta.get("pdfaid:conformance"),
    "intents": len(intents),
    "intent_kind": str(intents[0].S),
    "components": int(intents[0].DestOutputProfile.N),
    "description": ImageCms.getProfileDescription(profile).strip(),
    "worst_channel": max(abs(a - b) for c, m in zip(colours, mapped) for a, b in zip(c, m)),
    "pairs": [
        [str(info.get("/Title")), meta.get("dc:title")],
        [str(info.get("/Author")), (meta.get("dc:creator") or [""])[0]],
        [str(info.get("/Subject")), meta.get("dc:description")],
        [str(info.get("/Keywords")), meta.get("pdf:Keywords")],
        [str(info.get("/Creator")), meta.get("xmp:CreatorTool")],
        [str(info.get("/Producer")), meta.get("pdf:Producer")],
        [str(info.get("/Trapped")).lstrip("/"), meta.get("pdf:Trapped")],
    ],
    "creators": len(meta.get("dc:creator") or []),
    "metadata_filter": "/Filter" in pdf.Root.Metadata,
    "encrypted": pdf.is_encrypted,
    "header": open(sys.argv[1], "rb").read(9).decode("latin-1"),
    "af": [str(spec.get("/AFRelationship")), str(spec.EF.F.get("/Subtype")), "/ModDate" in spec.EF.F.Params, "/UF" in spec],
    "annotation_flags": sorted({int(a.get("/F", 0)) for page in pdf.pages for a in page.get("/Annots", [])}),
}))
"#;
        let out = std::process::Command::new(python())
            .args(["-c", script, &path])
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(
            (v["part"].as_str(), v["conformance"].as_str()),
            (Some("3"), Some("B")),
            "{v}"
        );
        assert_eq!(v["intents"], 1, "{v}");
        assert_eq!(v["intent_kind"], "/GTS_PDFA1", "{v}");
        assert_eq!(v["components"], 3, "{v}");
        assert_eq!(v["description"], "sRGB IEC61966-2.1", "{v}");
        assert!(v["worst_channel"].as_i64().unwrap() <= 1, "the profile is sRGB: {v}");
        for pair in v["pairs"].as_array().unwrap() {
            assert_eq!(pair[0], pair[1], "Info and XMP agree: {v}");
        }
        assert_eq!(v["creators"], 1, "{v}");
        assert_eq!(v["metadata_filter"], false, "{v}");
        assert_eq!(v["encrypted"], false, "{v}");
        assert!(v["header"].as_str().unwrap().starts_with("%PDF-1."), "{v}");
        assert_eq!(
            v["af"],
            serde_json::json!(["/Data", "/application/json", true, true]),
            "{v}"
        );
        assert_eq!(v["annotation_flags"], serde_json::json!([4]), "{v}");
    }
}

/// The text is kerned as the font says: shown with `TJ` arrays whose shifts
/// pull kerned pairs together, and every word still reads back whole
/// (the anchor-map tests compare every part's words).
#[test]
fn text_is_kerned_with_tj_shifts() {
    let t = Template::builtin().unwrap();
    let p = example_proposal().unwrap();
    let pdf = lopdf::Document::load_mem(&render_pdf(&p, t, &common::options(false)).unwrap()).unwrap();
    let (mut kerned, mut shows) = (0, 0);
    for page in pdf.get_pages().into_values().take(6) {
        let content = lopdf::content::Content::decode(&pdf.get_page_content(page)).unwrap();
        for op in content.operations {
            match op.operator.as_str() {
                "TJ" => {
                    shows += 1;
                    let items = op.operands[0].as_array().unwrap();
                    if items.iter().any(|i| i.as_float().is_ok_and(|n| n > 0.0)) {
                        kerned += 1;
                    }
                }
                "Tj" => shows += 1,
                _ => {}
            }
        }
    }
    assert!(shows > 100 && kerned > shows / 10, "{kerned} of {shows} shows kerned");
}

/// The cross-reference stream is compressed (lopdf writes it as it is), and
/// qpdf reads every entry of it back without a warning, each offset leading
/// to its object.
#[test]
fn the_cross_reference_stream_is_compressed_and_reads_back() {
    let t = Template::builtin().unwrap();
    let p = example_proposal().unwrap();
    let bytes = render_pdf(&p, t, &common::options(false)).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let file = write(dir.path(), "example.pdf", &bytes);
    let tail = String::from_utf8_lossy(&bytes[bytes.len() - 40..]).to_string();
    let start: usize = tail
        .split("startxref")
        .nth(1)
        .and_then(|t| t.split_whitespace().next())
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("no startxref in {tail:?}"));
    let head = String::from_utf8_lossy(&bytes[start..start + 300]).to_string();
    let dict = &head[..head.find("stream").unwrap()];
    assert!(dict.contains("/Type/XRef"), "{dict}");
    assert!(dict.contains("/Filter/FlateDecode"), "{dict}");
    assert!(dict.contains("/Predictor 12"), "{dict}");
    let size: usize = dict
        .split("/Size ")
        .nth(1)
        .and_then(|s| s.split(|c: char| !c.is_ascii_digit()).next())
        .and_then(|n| n.parse().ok())
        .unwrap();
    let out = std::process::Command::new("qpdf")
        .args(["--show-xref", &file])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(out.stderr.is_empty(), "{}", String::from_utf8_lossy(&out.stderr));
    let listing = String::from_utf8_lossy(&out.stdout);
    let entries: Vec<&str> = listing.lines().collect();
    assert_eq!(entries.len(), size - 1, "one entry an object");
    // Offsets lead to the objects they name.
    for line in entries.iter().filter(|l| l.contains("uncompressed")) {
        // "12/0: uncompressed; offset = 3456"
        let id: usize = line.split('/').next().unwrap().parse().unwrap();
        let offset: usize = line.rsplit("= ").next().unwrap().trim().parse().unwrap();
        let at = String::from_utf8_lossy(&bytes[offset..offset + 20]).to_string();
        assert!(at.starts_with(&format!("{id} 0 obj")), "{line}: {at:?}");
    }
    common::tool("qpdf", &["--check", &file]);
}
