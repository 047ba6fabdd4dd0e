//! Where every part of the proposal landed on paper, carried inside the PDF.
//!
//! The layout records, for each anchor of the document (a part, a field, a
//! paragraph, a table row, a budget line, a criterion), the band it occupies
//! on each page it reaches. The map goes into the PDF as an embedded file
//! (`proposal-anchors.json`, an associated file of the document), so that the
//! PDF alone tells which part of the proposal a point on a page belongs to.

use lopdf::{dictionary, Object, Stream};
use serde::{Deserialize, Serialize};
use studio_core::document::Document;
use studio_core::review::Anchor;

use crate::fonts::Face;
use crate::layout::{Geometry, Placed};
use crate::ExportError;

/// The embedded file's name.
pub const MAP_FILE: &str = "proposal-anchors.json";
/// What the map's `format` says, so a reader knows it is ours.
pub const MAP_FORMAT: &str = "proposal-studio/anchor-map";

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AnchorMap {
    pub format: String,
    pub version: u32,
    /// The document's language.
    pub language: String,
    /// An upright page's width and height in points.
    pub page_size: [f32; 2],
    /// The pages printed landscape (1-based): `page_size` turned, its
    /// height across.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub turned: Vec<u32>,
    /// In reading order; an anchor inside another comes after it.
    pub anchors: Vec<Landed>,
    /// A review copy's review: notes made on it in a PDF reader can be
    /// brought back into the draft it was sent from. None in a final export.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub review: Option<MapReview>,
}

/// The review a review copy belongs to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MapReview {
    pub review_id: String,
    pub draft_id: String,
    /// SHA-256 of the snapshot the copy shows.
    pub snapshot_sha256: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Landed {
    pub anchor: Anchor,
    pub boxes: Vec<PageBox>,
    /// In a review copy, the lines of text drawn for this anchor (and no
    /// anchor inside it), in reading order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub lines: Vec<MapLine>,
    /// A table row that begins a page inside its group repeats the group's
    /// label there ("Output 2.1 (continued)"): words in its box that are
    /// not its own.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub repeats: Option<String>,
}

/// A run of text on a page: its characters advance from `x` by the glyph
/// widths of `face` at `size` (no kerning, no justification).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MapLine {
    /// 1-based.
    pub page: u32,
    pub x: f32,
    /// The baseline, in PDF user space (from the page's bottom edge).
    pub y: f32,
    pub size: f32,
    /// "regular", "bold", "italic" or "bold_italic".
    pub face: String,
    pub text: String,
}

/// A rectangle on one page, in PDF user space: points from the page's
/// bottom-left corner, `[x1, y1, x2, y2]` as in a PDF `/Rect`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PageBox {
    /// 1-based, as PDF readers number pages.
    pub page: u32,
    pub rect: [f32; 4],
}

impl AnchorMap {
    /// The width and height of page `page` (1-based), in points.
    pub fn size_of(&self, page: u32) -> [f32; 2] {
        let [w, h] = self.page_size;
        if self.turned.contains(&page) {
            [h, w]
        } else {
            [w, h]
        }
    }

    /// The innermost anchor whose box holds the point (`page` 1-based, `x`
    /// and `y` in PDF user space), if any.
    pub fn at(&self, page: u32, x: f32, y: f32) -> Option<&Anchor> {
        let holds =
            |b: &PageBox| b.page == page && b.rect[0] <= x && x <= b.rect[2] && b.rect[1] <= y && y <= b.rect[3];
        // Later anchors nest inside earlier ones; the smallest box wins.
        self.anchors
            .iter()
            .filter_map(|l| l.boxes.iter().find(|b| holds(b)).map(|b| (l, b)))
            .min_by(|(_, a), (_, b)| {
                let area = |r: &[f32; 4]| (r[2] - r[0]) * (r[3] - r[1]);
                area(&a.rect).total_cmp(&area(&b.rect))
            })
            .map(|(l, _)| &l.anchor)
    }
}

/// A face's name in the map.
pub fn face_name(face: Face) -> &'static str {
    match face {
        Face::Regular => "regular",
        Face::Bold => "bold",
        Face::Italic => "italic",
        Face::BoldItalic => "bold_italic",
    }
}

/// The face a map names (regular for a name it does not know).
pub fn face_named(name: &str) -> Face {
    Face::ALL
        .into_iter()
        .find(|f| face_name(*f) == name)
        .unwrap_or(Face::Regular)
}

fn round(v: f32) -> f32 {
    (v * 100.0).round() / 100.0
}

/// The map of a laid-out document: each anchor's bands, across the content
/// width, turned into PDF rectangles.
/// `turned` says which pages (by index) are landscape.
pub(crate) fn encode(
    d: &Document,
    placed: &[Placed],
    paper: &Geometry,
    turned: &[bool],
    review: Option<&MapReview>,
) -> AnchorMap {
    let geo = |page: usize| paper.oriented(turned.get(page).copied().unwrap_or(false));
    AnchorMap {
        review: review.cloned(),
        format: MAP_FORMAT.into(),
        version: 1,
        language: d.language.clone(),
        page_size: [round(paper.width), round(paper.height)],
        turned: (0..turned.len()).filter(|&i| turned[i]).map(|i| i as u32 + 1).collect(),
        anchors: placed
            .iter()
            .filter(|p| !p.boxes.is_empty())
            .map(|p| Landed {
                anchor: p.anchor.clone(),
                boxes: p
                    .boxes
                    .iter()
                    .map(|&(page, top, bottom)| {
                        let geo = geo(page);
                        PageBox {
                            page: page as u32 + 1,
                            rect: [
                                round(geo.left),
                                round(geo.height - bottom),
                                round(geo.width - geo.right),
                                round(geo.height - top),
                            ],
                        }
                    })
                    .collect(),
                repeats: p.repeats.clone(),
                lines: p
                    .runs
                    .iter()
                    .map(|r| MapLine {
                        page: r.page as u32 + 1,
                        x: r.x,
                        y: geo(r.page).height - r.baseline,
                        size: r.size,
                        face: face_name(r.face).into(),
                        text: r.text.clone(),
                    })
                    .collect(),
            })
            .collect(),
    }
}

fn pdf_error(e: impl std::fmt::Display) -> ExportError {
    ExportError::Font(format!("the anchor map could not be added to the PDF: {e}"))
}

/// Adds the map to the document printpdf built, before it is written: an
/// embedded file, an associated file of the document. The same step makes
/// each contents line a link to its part's first page (`links`: the line's
/// page index, top and bottom, and the target's index), writes `/PageMode`
/// as a name and `/Lang`, drops printpdf's empty PDF/X entries, and names
/// each font subset by its content. Nothing is parsed again: the document
/// is still objects in memory. Returns each link made, with the element of
/// the structure tree it belongs to.
pub(crate) fn embed(
    doc: &mut lopdf::Document,
    map: &AnchorMap,
    links: &[crate::document::TocLink],
    paper: &Geometry,
) -> Result<Vec<(usize, lopdf::ObjectId)>, ExportError> {
    let json = serde_json::to_vec(map).map_err(pdf_error)?;
    let root = doc
        .trailer
        .get(b"Root")
        .and_then(Object::as_reference)
        .map_err(pdf_error)?;
    let size = json.len() as i64;
    // Deflated with the document's other streams when it is written, at
    // their level (lopdf's own `compress` takes zlib's slowest).
    let stream = Stream::new(
        dictionary! {
            "Type" => "EmbeddedFile",
            "Subtype" => Object::Name(b"application/json".to_vec()),
            "Params" => dictionary! { "Size" => size },
        },
        json,
    );
    let file = doc.add_object(stream);
    let spec = doc.add_object(dictionary! {
        "Type" => "Filespec",
        "F" => Object::string_literal(MAP_FILE),
        "UF" => Object::string_literal(MAP_FILE),
        "Desc" => Object::string_literal("Where each part of the proposal lies on these pages (Proposal Studio)"),
        "AFRelationship" => "Data",
        "EF" => dictionary! { "F" => file },
    });
    let catalog = doc
        .get_object_mut(root)
        .and_then(Object::as_dict_mut)
        .map_err(pdf_error)?;
    catalog.set(
        "Names",
        dictionary! { "EmbeddedFiles" => dictionary! { "Names" => vec![Object::string_literal(MAP_FILE), spec.into()] } },
    );
    catalog.set("AF", vec![Object::Reference(spec)]);
    // What printpdf writes as a string, a viewer reads only as a name.
    catalog.set("PageMode", Object::Name(b"UseOutlines".to_vec()));
    catalog.set("Lang", Object::string_literal(map.language.as_str()));
    // Empty PDF/X entries make tools take the file for PDF/X, which it is not.
    if let Ok(info) = doc.trailer.get(b"Info").and_then(Object::as_reference) {
        if let Ok(dict) = doc.get_object_mut(info).and_then(Object::as_dict_mut) {
            for key in [&b"GTS_PDFXVersion"[..], b"Identifier"] {
                if dict.get(key).is_ok_and(|v| v.as_str().is_ok_and(|s| s.is_empty())) {
                    dict.remove(key);
                }
            }
        }
    }
    subset_tags(doc);
    let pages = doc.get_pages();
    let page_id = |index: usize| pages.get(&(index as u32 + 1)).copied();
    let mut annots: std::collections::BTreeMap<lopdf::ObjectId, Vec<Object>> = std::collections::BTreeMap::new();
    let mut made = Vec::new();
    for l in links {
        let (Some(from), Some(to)) = (page_id(l.page), page_id(l.to)) else {
            continue;
        };
        let (top, bottom, element) = (l.top, l.bottom, l.element);
        let geo = paper.oriented(map.turned.contains(&(l.page as u32 + 1)));
        let link = doc.add_object(dictionary! {
            "Type" => "Annot",
            "Subtype" => "Link",
            "Rect" => vec![
                Object::Real(round(geo.left)),
                Object::Real(round(geo.height - bottom)),
                Object::Real(round(geo.width - geo.right)),
                Object::Real(round(geo.height - top)),
            ],
            "Border" => vec![Object::Integer(0), Object::Integer(0), Object::Integer(0)],
            // Printed with the page (PDF/A), and described for screen readers (PDF/UA).
            "F" => 4,
            "Contents" => crate::pdf::text_string(&l.title),
            "Dest" => vec![Object::Reference(to), Object::Name(b"XYZ".to_vec()), Object::Null, Object::Null, Object::Null],
        });
        annots.entry(from).or_default().push(Object::Reference(link));
        made.push((element, link));
    }
    for (page, list) in annots {
        let dict = doc
            .get_object_mut(page)
            .and_then(Object::as_dict_mut)
            .map_err(pdf_error)?;
        let mut all = dict
            .get(b"Annots")
            .and_then(Object::as_array)
            .cloned()
            .unwrap_or_default();
        all.extend(list);
        dict.set("Annots", all);
    }
    Ok(made)
}

/// A subset font's name begins with six capital letters naming the subset
/// (`ABCDEF+NotoSans-Regular`). printpdf writes the same six for every
/// file; tools that merge PDFs then take two different subsets for one.
/// Here the six come from the subset's own bytes.
fn subset_tags(doc: &mut lopdf::Document) {
    use sha2::{Digest, Sha256};
    let tag_of = |bytes: &[u8]| -> Vec<u8> { Sha256::digest(bytes)[..6].iter().map(|b| b'A' + b % 26).collect() };
    let retag = |name: &[u8], tag: &[u8]| -> Option<Vec<u8>> {
        (name.len() > 7 && name[6] == b'+' && name[..6].iter().all(u8::is_ascii_uppercase))
            .then(|| [tag, &name[6..]].concat())
    };
    // Each descriptor's tag, from its font file.
    let mut tags: Vec<(lopdf::ObjectId, Vec<u8>, Vec<u8>)> = Vec::new();
    for (id, object) in doc.objects.iter() {
        let Ok(d) = object.as_dict() else { continue };
        if !d
            .get(b"Type")
            .and_then(Object::as_name)
            .is_ok_and(|n| n == b"FontDescriptor")
        {
            continue;
        }
        let file = ["FontFile2", "FontFile3", "FontFile"]
            .iter()
            .find_map(|k| d.get(k.as_bytes()).and_then(Object::as_reference).ok())
            .and_then(|f| doc.objects.get(&f))
            .and_then(|f| f.as_stream().ok());
        let (Some(file), Ok(name)) = (file, d.get(b"FontName").and_then(Object::as_name)) else {
            continue;
        };
        tags.push((*id, name.to_vec(), tag_of(&file.content)));
    }
    for (id, name, tag) in &tags {
        if let (Some(new), Ok(d)) = (retag(name, tag), doc.get_object_mut(*id).and_then(Object::as_dict_mut)) {
            d.set("FontName", Object::Name(new));
        }
    }
    // Every font naming a retagged font by its old name follows.
    for object in doc.objects.values_mut() {
        let Ok(d) = object.as_dict_mut() else { continue };
        let Ok(base) = d.get(b"BaseFont").and_then(Object::as_name).map(<[u8]>::to_vec) else {
            continue;
        };
        if let Some((_, _, tag)) = tags.iter().find(|(_, name, _)| *name == base) {
            if let Some(new) = retag(&base, tag) {
                d.set("BaseFont", Object::Name(new));
            }
        }
    }
}

/// The anchor map a PDF carries, `None` when it carries none (a PDF from
/// elsewhere); an error when the file is not a PDF that can be read.
pub fn read(pdf: &[u8]) -> Result<Option<AnchorMap>, ExportError> {
    let doc =
        lopdf::Document::load_mem(pdf).map_err(|e| ExportError::Refused(format!("this PDF cannot be read: {e}")))?;
    read_document(&doc)
}

/// The anchor map of a PDF already parsed (see [`read`]).
pub fn read_document(doc: &lopdf::Document) -> Result<Option<AnchorMap>, ExportError> {
    let refused = |e: &dyn std::fmt::Display| ExportError::Refused(format!("this PDF cannot be read: {e}"));
    let Ok(catalog) = doc.catalog() else {
        return Ok(None);
    };
    let deref = |o: &Object| -> Option<Object> {
        match o {
            Object::Reference(id) => doc.get_object(*id).ok().cloned(),
            other => Some(other.clone()),
        }
    };
    let names = catalog
        .get(b"Names")
        .ok()
        .and_then(deref)
        .and_then(|n| {
            n.as_dict()
                .ok()
                .and_then(|d| d.get(b"EmbeddedFiles").ok().and_then(deref))
        })
        .and_then(|e| e.as_dict().ok().and_then(|d| d.get(b"Names").ok().and_then(deref)));
    let Some(Object::Array(names)) = names else {
        return Ok(None);
    };
    for pair in names.chunks(2) {
        let [name, spec] = pair else { continue };
        let is_ours = matches!(name, Object::String(s, _) if s == MAP_FILE.as_bytes());
        if !is_ours {
            continue;
        }
        let stream = deref(spec)
            .and_then(|s| s.as_dict().ok().and_then(|d| d.get(b"EF").ok().and_then(deref)))
            .and_then(|ef| ef.as_dict().ok().and_then(|d| d.get(b"F").ok().and_then(deref)));
        let Some(Object::Stream(stream)) = stream else {
            return Err(refused(&"its anchor map is damaged"));
        };
        let bytes = stream.decompressed_content().unwrap_or_else(|_| stream.content.clone());
        // A map larger than this is not one the app wrote for any proposal it accepts.
        if bytes.len() > 64 << 20 {
            return Err(refused(&"its anchor map is too large"));
        }
        let map: AnchorMap = serde_json::from_slice(&bytes).map_err(|e| refused(&e))?;
        if map.format != MAP_FORMAT {
            return Ok(None);
        }
        return Ok(Some(map));
    }
    Ok(None)
}
