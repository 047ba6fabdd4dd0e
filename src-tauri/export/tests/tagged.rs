//! The PDF is tagged: poppler reads a structure tree whose headings are the
//! document's titles, whose text runs in the Document's order with none of
//! the running headers, footers, leaders or watermark in it; lopdf finds
//! every piece of text on every page inside a marked sequence, each MCID
//! leading back through the parent tree to the element that holds it.

use std::collections::HashMap;

use lopdf::content::Content;
use lopdf::{Document, Object, ObjectId};
use studio_core::document::{build, Block, Edition};
use studio_core::Template;
use studio_export::render_pdf;

mod common;

/// Letters and digits only, lower case: what poppler's reading and the
/// Document must agree on whatever the line breaks and hyphens.
fn letters(s: &str) -> String {
    s.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// One line of `pdfinfo -struct-text`: an element (its depth and kind) or
/// a piece of its text.
enum Line {
    Element { depth: usize, kind: String },
    Text(String),
}

fn struct_lines(out: &str) -> Vec<Line> {
    out.lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            let depth = (l.len() - l.trim_start().len()) / 2;
            let t = l.trim();
            if let Some(text) = t.strip_prefix('"') {
                Line::Text(text.strip_suffix('"').unwrap_or(text).to_string())
            } else {
                let kind = t.split([' ', ':']).next().unwrap_or("").to_string();
                Line::Element { depth, kind }
            }
        })
        .collect()
}

/// The text of each element of `kind`, in order.
fn texts_of(lines: &[Line], kind: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut inside: Option<usize> = None;
    for line in lines {
        match line {
            Line::Element { depth, kind: k } => {
                if inside.is_some_and(|d| *depth <= d) {
                    inside = None;
                }
                if inside.is_none() && k == kind {
                    inside = Some(*depth);
                    out.push(String::new());
                }
            }
            Line::Text(t) if inside.is_some() => out.last_mut().unwrap().push_str(t),
            Line::Text(_) => {}
        }
    }
    out
}

#[test]
fn the_structure_tree_reads_the_document_in_order_without_artifacts() {
    let t = Template::builtin().unwrap();
    for (lang, review_copy) in [("en", true), ("fr", false), ("es", true)] {
        let mut p = studio_core::example_proposal().unwrap();
        p.language = lang.into();
        // A narrative field that opens with a heading of its own, right under its part's title.
        let body = p.narrative.get("context.body").cloned().unwrap_or_default();
        p.narrative.insert(
            "context.body".into(),
            format!("### Where the programme works\n\n{body}"),
        );
        let opts = common::options(review_copy);
        let d = build(
            &p,
            t,
            &Edition {
                version: opts.version.clone(),
                date: opts.date.clone(),
                review_copy,
            },
        );
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(format!("{lang}.pdf"));
        std::fs::write(&path, render_pdf(&p, t, &opts).unwrap()).unwrap();
        let path = path.to_str().unwrap();
        let info = common::tool("pdfinfo", &[path]);
        assert!(info.lines().any(|l| l == "Tagged:          yes"), "{info}");

        // Read once: poppler takes seconds over a long tree.
        let struct_text = common::tool("pdfinfo", &["-struct-text", path]);
        let lines = struct_lines(&struct_text);
        assert!(matches!(&lines[0], Line::Element { depth: 0, kind } if kind == "Document"));

        // The first-level headings: the cover's title, the contents, then
        // every part's title, in the Document's order.
        let h1: Vec<String> = texts_of(&lines, "H1").iter().map(|s| letters(s)).collect();
        let mut titles = vec![letters(&d.cover.title), letters(&d.words.contents)];
        titles.extend(d.parts.iter().map(|p| letters(&p.title)));
        assert_eq!(h1, titles, "{lang}");
        // No heading skips a level (PDF/UA): each is at most one below the one before.
        let levels: Vec<usize> = lines
            .iter()
            .filter_map(|l| match l {
                Line::Element { kind, .. } if kind.len() == 2 && kind.starts_with('H') => kind[1..].parse().ok(),
                _ => None,
            })
            .collect();
        assert!(levels.len() > d.parts.len(), "{lang}: {levels:?}");
        assert_eq!(levels[0], 1, "{lang}");
        for w in levels.windows(2) {
            assert!(
                w[1] <= w[0] + 1,
                "{lang}: a heading skips from H{} to H{}: {levels:?}",
                w[0],
                w[1]
            );
        }

        // The contents: one entry a part, each a link (an object reference
        // to its annotation) holding the part's title.
        let entries = texts_of(&lines, "TOCI");
        assert_eq!(entries.len(), d.parts.len(), "{lang}");
        for (entry, part) in entries.iter().zip(&d.parts) {
            assert!(letters(entry).starts_with(&letters(&part.title)), "{entry}");
        }
        let links = lines
            .windows(2)
            .filter(|w| matches!(&w[0], Line::Element { kind, .. } if kind == "Link"))
            .count();
        assert_eq!(links, d.parts.len(), "{lang}: a Link element an entry");
        let objr = struct_text.lines().filter(|l| l.trim().starts_with("Object ")).count();
        assert_eq!(objr, d.parts.len(), "{lang}: each Link holds its annotation");

        // Every part's words, in order, are in the tree's text, in order
        // (the list items' labels and the signing lines' labels, which the
        // Document leaves to the renderer, aside).
        let all: String = lines
            .iter()
            .filter_map(|l| match l {
                Line::Text(t) => Some(t.as_str()),
                _ => None,
            })
            .collect::<Vec<_>>()
            .join(" ");
        // The labels under the lines to sign on are the renderer's too.
        let signing: Vec<String> = d
            .parts
            .iter()
            .flat_map(|p| &p.blocks)
            .filter_map(|b| match b {
                Block::Signatures(s) => Some([s.name.clone(), s.title.clone(), s.signature.clone(), s.date.clone()]),
                _ => None,
            })
            .flatten()
            .collect();
        assert!(!signing.is_empty());
        let mut in_label: Option<usize> = None;
        let mut content = String::new();
        for line in &lines {
            match line {
                Line::Element { depth, kind } => {
                    if in_label.is_some_and(|d| *depth <= d) {
                        in_label = None;
                    }
                    if kind == "Lbl" {
                        in_label = Some(*depth);
                    }
                }
                Line::Text(t) if in_label.is_none() && !signing.contains(t) => content.push_str(t),
                Line::Text(_) => {}
            }
        }
        let tree = letters(&content);
        let mut from = 0;
        for (anchor, words) in d.anchored_texts() {
            if !matches!(anchor.kind, studio_core::review::AnchorKind::Section) {
                continue;
            }
            let words = letters(&words);
            let at = tree[from..]
                .find(&words)
                .unwrap_or_else(|| panic!("{lang}: the part {} is not in the tree's text in order", anchor.path));
            from += at + words.len();
        }

        // No artifact in the tree: page numbers, the running title's
        // repetitions, dot leaders, the watermark and the review footer.
        let page_2 = studio_core::catalogue::fill(&d.words.page_number, &[("n", "2"), ("total", "3")]);
        let page_2 = page_2.split('2').next().unwrap().trim().to_string();
        assert!(!all.contains(&format!("{page_2} 2")), "{lang}: a page number is tagged");
        assert!(!all.contains(". . ."), "{lang}: a dot leader is tagged");
        assert!(!all.contains(&d.words.review_mark), "{lang}: the watermark is tagged");
        if review_copy {
            assert!(!all.contains(&d.words.review_footer), "{lang}: the footer is tagged");
        }
        let running = all.matches(d.words.running_title.as_str()).count();
        assert!(running <= 2, "{lang}: the running title is tagged {running} times");

        // Header cells say whether they head their column or, on the
        // cover, their row: one row header for each fact.
        let out = common::tool("pdfinfo", &["-struct-text", path]);
        let th = out.lines().filter(|l| l.trim() == "TH:").count();
        let columns = out.lines().filter(|l| l.trim() == "/Scope /Column").count();
        let rows = out.lines().filter(|l| l.trim() == "/Scope /Row").count();
        assert!(th > 20, "{lang}: {th} header cells");
        assert_eq!(th, columns + rows, "{lang}");
        assert_eq!(rows, d.cover.facts.len(), "{lang}");
    }
}

fn resolve<'a>(doc: &'a Document, o: &'a Object) -> &'a Object {
    match o {
        Object::Reference(id) => doc.get_object(*id).unwrap(),
        other => other,
    }
}

/// An element's kids: `/K` is one kid or an array of them.
fn kids(element: &lopdf::Dictionary) -> Vec<Object> {
    match element.get(b"K") {
        Ok(Object::Array(list)) => list.clone(),
        Ok(one) => vec![one.clone()],
        Err(_) => Vec::new(),
    }
}

#[test]
fn every_text_on_every_page_is_marked_and_each_mark_leads_to_its_element() {
    let t = Template::builtin().unwrap();
    let p = studio_core::example_proposal().unwrap();
    let bytes = render_pdf(&p, t, &common::options(true)).unwrap();
    let doc = Document::load_mem(&bytes).unwrap();
    let catalog = doc.catalog().unwrap();
    let marked = catalog.get(b"MarkInfo").unwrap().as_dict().unwrap();
    assert!(marked.get(b"Marked").unwrap().as_bool().unwrap());
    let root = resolve(&doc, catalog.get(b"StructTreeRoot").unwrap())
        .as_dict()
        .unwrap();
    let parent_tree = resolve(&doc, root.get(b"ParentTree").unwrap()).as_dict().unwrap();
    let nums = parent_tree.get(b"Nums").unwrap().as_array().unwrap();
    let by_key: HashMap<i64, &Object> = nums.chunks(2).map(|kv| (kv[0].as_i64().unwrap(), &kv[1])).collect();

    let mut artifacts = 0;
    let mut tagged = 0;
    for (number, page_id) in doc.get_pages() {
        let page = doc.get_dictionary(page_id).unwrap();
        assert_eq!(page.get(b"Tabs").unwrap().as_name().unwrap(), b"S");
        let key = page.get(b"StructParents").unwrap().as_i64().unwrap();
        let elements = resolve(&doc, by_key[&key]).as_array().unwrap();
        let content = Content::decode(&doc.get_page_content(page_id)).unwrap();
        // The open marked sequences: Some(mcid), or None for an artifact.
        let mut open: Vec<Option<i64>> = Vec::new();
        let mut seen = Vec::new();
        for op in &content.operations {
            match op.operator.as_str() {
                "BDC" => {
                    let mcid = resolve(&doc, &op.operands[1])
                        .as_dict()
                        .ok()
                        .and_then(|d| d.get(b"MCID").ok())
                        .and_then(|m| m.as_i64().ok());
                    open.push(mcid);
                    if let Some(m) = mcid {
                        seen.push(m);
                    }
                }
                "BMC" => {
                    assert_eq!(op.operands[0].as_name().unwrap(), b"Artifact");
                    open.push(None);
                }
                "EMC" => {
                    open.pop().expect("an EMC closes a sequence it opened");
                }
                "Tj" | "TJ" | "'" | "\"" => {
                    let Some(innermost) = open.last() else {
                        panic!("page {number}: text outside any marked sequence");
                    };
                    if innermost.is_some() {
                        tagged += 1;
                    } else {
                        artifacts += 1;
                    }
                }
                _ => {}
            }
        }
        assert!(open.is_empty(), "page {number}: a sequence left open");
        assert_eq!(seen, (0..seen.len() as i64).collect::<Vec<_>>(), "page {number}");
        assert_eq!(elements.len(), seen.len(), "page {number}: the parent tree's entries");
        // Each MCID's element names this page's MCID among its kids.
        for (mcid, element) in elements.iter().enumerate() {
            let element = resolve(&doc, element).as_dict().unwrap();
            assert!(element.get(b"S").unwrap().as_name().is_ok());
            let own_page = element.get(b"Pg").ok().and_then(|p| p.as_reference().ok());
            // An MCID alone names content on the element's page; a marked
            // content reference names its page.
            let found = kids(element).iter().any(|k| match resolve(&doc, k) {
                Object::Integer(m) => *m == mcid as i64 && own_page == Some(page_id),
                Object::Dictionary(mcr) => {
                    mcr.get(b"MCID").ok().and_then(|m| m.as_i64().ok()) == Some(mcid as i64)
                        && mcr.get(b"Pg").ok().and_then(|p| p.as_reference().ok()) == Some(page_id)
                }
                _ => false,
            });
            assert!(found, "page {number}: MCID {mcid} is not among its element's kids");
        }
        // A link annotation leads back to a Link element.
        if let Ok(annots) = page.get(b"Annots").and_then(Object::as_array) {
            for a in annots {
                let annot = resolve(&doc, a).as_dict().unwrap();
                let key = annot.get(b"StructParent").unwrap().as_i64().unwrap();
                let element = resolve(&doc, by_key[&key]).as_dict().unwrap();
                assert_eq!(element.get(b"S").unwrap().as_name().unwrap(), b"Link");
                let id: ObjectId = a.as_reference().unwrap();
                assert!(kids(element).iter().any(|k| resolve(&doc, k)
                    .as_dict()
                    .ok()
                    .and_then(|d| d.get(b"Obj").ok())
                    .and_then(|o| o.as_reference().ok())
                    == Some(id)));
            }
        }
    }
    // The running headers and footers are artifacts on every page but the
    // cover; the rest is content.
    assert!(artifacts >= 2 * (doc.get_pages().len() - 1), "{artifacts} artifacts");
    assert!(tagged > 1000, "{tagged} tagged text operations");
}

/// The Gantt chart's planned quarters speak by their fill alone: each such
/// cell is a TD whose `/Alt` says "Runs this quarter" in the proposal's language, one
/// for every quarter an activity names (and a different word after the end).
#[test]
fn the_gantt_charts_planned_quarters_carry_alternative_text() {
    let t = Template::builtin().unwrap();
    let mut p = studio_core::example_proposal().unwrap();
    let planned: usize = p
        .results_framework
        .outcomes
        .iter()
        .flat_map(|o| &o.outputs)
        .flat_map(|o| &o.activities)
        .map(|a| a.quarters.len())
        .sum();
    assert!(planned > 10);
    // One quarter beyond the programme's end.
    let last = studio_core::schedule::quarters_in(p.cover.duration_months.unwrap()) as u16;
    p.results_framework.outcomes[0].outputs[0].activities[0]
        .quarters
        .push(last + 1);
    for (lang, word, late) in [
        ("en", "Runs this quarter", "Runs this quarter, past the programme’s end"),
        (
            "fr",
            "Se déroule ce trimestre",
            "Se déroule ce trimestre, après la fin du programme",
        ),
    ] {
        p.language = lang.into();
        let pdf = Document::load_mem(&render_pdf(&p, t, &common::options(false)).unwrap()).unwrap();
        let mut alts: HashMap<String, usize> = HashMap::new();
        for object in pdf.objects.values() {
            let Ok(d) = object.as_dict() else { continue };
            if d.get(b"S").and_then(Object::as_name).ok() != Some(b"TD".as_slice()) {
                continue;
            }
            if let Ok(Object::String(bytes, _)) = d.get(b"Alt") {
                let text = match bytes.strip_prefix(&[0xFE, 0xFF]) {
                    Some(utf16) => String::from_utf16(
                        &utf16
                            .chunks(2)
                            .map(|c| u16::from_be_bytes([c[0], c[1]]))
                            .collect::<Vec<_>>(),
                    )
                    .unwrap(),
                    None => String::from_utf8(bytes.clone()).unwrap(),
                };
                *alts.entry(text).or_default() += 1;
            }
        }
        assert_eq!(alts.get(word), Some(&planned), "{lang}: {alts:?}");
        assert_eq!(alts.get(late), Some(&1), "{lang}: {alts:?}");
        assert_eq!(alts.len(), 2, "{lang}: only the Gantt's cells: {alts:?}");
    }
}
