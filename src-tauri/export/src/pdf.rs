//! Laid-out pages to PDF: printpdf embeds the subset Noto Sans faces and
//! writes the pages, bookmarks and metadata; each page's content stream is
//! written here, in the glyph numbers of printpdf's subsets. The same input
//! gives the same bytes.

use printpdf::{
    DateTime, FontId, LinePoint, Op, PageAnnotId, PageAnnotation, ParsedFont, PdfDocument, PdfFont, PdfFontHandle,
    PdfPage, PdfSaveOptions, Point, PolygonRing, Pt, TextItem,
};
use sha2::{Digest, Sha256};

use crate::document::Laid;
use crate::fonts::Face;
use crate::layout::{Item, Kid, Node, Rgb, Role};
use crate::ExportError;

pub struct Meta {
    pub title: String,
    pub author: String,
    pub subject: String,
    pub keywords: Vec<String>,
    /// Days since 1970-01-01 of the export date.
    pub day: i64,
}

fn font(face: Face) -> PdfFontHandle {
    PdfFontHandle::External(FontId(face.id().to_string()))
}

/// The four shipped faces as printpdf reads them, for [`write`]. Reading
/// them takes a few milliseconds and needs nothing of the layout, so the
/// export reads them on another thread while the pages are laid out.
pub struct Faces(Vec<(Face, ParsedFont)>);

impl Faces {
    pub fn read() -> Result<Faces, ExportError> {
        Face::ALL
            .into_iter()
            .map(|face| {
                let mut warnings = Vec::new();
                ParsedFont::from_bytes(face.bytes(), 0, &mut warnings)
                    .map(|parsed| (face, parsed))
                    .ok_or_else(|| ExportError::Font(format!("cannot read the shipped font {face:?}")))
            })
            .collect::<Result<_, _>>()
            .map(Faces)
    }
}

/// The document as PDF objects, not yet written (see [`finish`]).
/// `tree` is the structure tree the pages' marks name.
pub fn write(
    laid: Laid,
    fonts: &mut crate::fonts::Fonts,
    faces: Faces,
    width: f32,
    height: f32,
    meta: &Meta,
    tree: &[Node],
) -> Result<lopdf::Document, ExportError> {
    let Laid { pages, outline, .. } = laid;
    // The review copy's watermark, the same on every page of one
    // orientation: drawn once for upright pages and once for turned ones.
    let watermark = |landscape: bool| {
        pages
            .iter()
            .filter(|p| p.landscape == landscape)
            .flat_map(|p| &p.items)
            .find_map(|i| match i {
                Item::Rotated { .. } => Some(i.clone()),
                _ => None,
            })
    };
    let watermarks = [watermark(false), watermark(true)];
    let glyphs = Glyphs::of(&pages, fonts);
    let sizes: Vec<(f32, f32)> = pages
        .iter()
        .map(|p| if p.landscape { (height, width) } else { (width, height) })
        .collect();
    // printpdf gets the pages' sizes, and the first page the glyphs to
    // embed, on another core; each page's content is written here
    // meanwhile, its items dropped as it is, so the two never both exist
    // for the whole document. printpdf usually takes the longer (it
    // subsets the fonts): while it has not finished, this core compresses
    // the contents written so far, which the writer then leaves as they are.
    let (out, contents) = std::thread::scope(|scope| {
        let out = scope.spawn(|| document(faces, &sizes, glyphs.sample_ops(), &outline, meta));
        let mut contents: Vec<Content> = pages
            .into_iter()
            .zip(&sizes)
            .map(|(page, &(w, h))| Content::Plain(page_content(page, fonts, &glyphs, w, h, tree)))
            .collect();
        for content in &mut contents {
            if out.is_finished() {
                break;
            }
            content.compress()?;
        }
        Ok::<_, ExportError>((out.join(), contents))
    })?;
    let mut out = out.map_err(|_| ExportError::Font("the PDF's fonts could not be embedded".into()))??;
    set_contents(&mut out, contents)?;
    for (mark, name, (w, h)) in [
        (&watermarks[0], WATERMARK, (width, height)),
        (&watermarks[1], WATERMARK_TURNED, (height, width)),
    ] {
        if let Some(mark) = mark {
            add_watermark(&mut out, mark, name, w, h)?;
        }
    }
    Ok(out)
}

/// printpdf's document: the faces subset to the glyphs `sample` shows
/// (drawn on the first page, whose content is then replaced), pages of
/// `sizes`, the bookmarks and the metadata.
fn document(
    faces: Faces,
    sizes: &[(f32, f32)],
    sample: Vec<Op>,
    outline: &[(String, usize)],
    meta: &Meta,
) -> Result<lopdf::Document, ExportError> {
    let mut doc = PdfDocument::new(&meta.title);
    for (face, parsed) in faces.0 {
        // Fixed ids rather than random ones, so the output is repeatable.
        doc.resources
            .fonts
            .map
            .insert(FontId(face.id().to_string()), PdfFont::new(parsed));
    }
    let mut sample = Some(sample);
    doc.with_pages(
        sizes
            .iter()
            .map(|&(w, h)| {
                let ops = sample.take().unwrap_or_default();
                PdfPage::new(printpdf::Mm::from(Pt(w)), printpdf::Mm::from(Pt(h)), ops)
            })
            .collect(),
    );
    for (i, (title, page)) in outline.iter().enumerate() {
        doc.bookmarks.map.insert(
            PageAnnotId(format!("bookmark{i:05}")),
            PageAnnotation {
                name: title.clone(),
                page: page + 1,
            },
        );
    }
    let stamp = DateTime::from_unix_timestamp(meta.day * 86_400).map_err(|e| ExportError::Font(e.to_string()))?;
    let info = &mut doc.metadata.info;
    info.document_title = meta.title.clone();
    info.author = meta.author.clone();
    info.subject = meta.subject.clone();
    info.keywords = meta.keywords.clone();
    info.creator = "Proposal Studio".into();
    info.producer = format!("Proposal Studio {}", env!("CARGO_PKG_VERSION"));
    info.creation_date = stamp;
    info.modification_date = stamp;
    info.metadata_date = stamp;
    let mut warnings = Vec::new();
    let opts = PdfSaveOptions {
        subset_fonts: true,
        ..Default::default()
    };
    Ok(doc.to_lopdf_document(&opts, &mut warnings))
}

/// A page's content stream, compressed or not yet.
enum Content {
    Plain(Vec<u8>),
    /// Compressed, or left as it is where compressing would not make it
    /// smaller (the writer's rule).
    Done {
        bytes: Vec<u8>,
        deflated: bool,
    },
}

impl Content {
    fn compress(&mut self) -> Result<(), ExportError> {
        if let Content::Plain(plain) = self {
            let packed = deflated(plain)?;
            *self = if crate::writer::worth_compressing(packed.len(), plain.len()) {
                Content::Done {
                    bytes: packed,
                    deflated: true,
                }
            } else {
                Content::Done {
                    bytes: std::mem::take(plain),
                    deflated: false,
                }
            };
        }
        Ok(())
    }
}

/// Puts each page's content, written by [`page_content`], in place of what
/// printpdf wrote for it.
fn set_contents(doc: &mut lopdf::Document, contents: Vec<Content>) -> Result<(), ExportError> {
    use lopdf::Object;
    let broken = |e: lopdf::Error| ExportError::Font(format!("a page's content could not be written: {e}"));
    let pages = doc.get_pages();
    if pages.len() != contents.len() {
        return Err(ExportError::Font("the PDF's pages are not the pages laid out".into()));
    }
    for (page, content) in pages.into_values().zip(contents) {
        let stream = page_entry(doc, page, b"Contents")
            .and_then(Object::as_stream_mut)
            .map_err(broken)?;
        match content {
            Content::Plain(bytes) => stream.set_content(bytes),
            Content::Done { bytes, deflated } => {
                stream.set_content(bytes);
                if deflated {
                    stream.dict.set("Filter", "FlateDecode");
                } else {
                    // Already found not worth compressing.
                    stream.allows_compression = false;
                }
            }
        }
    }
    Ok(())
}

/// The object a page's entry `key` refers to (its content stream, its
/// resources: printpdf writes both as references).
fn page_entry<'d>(
    doc: &'d mut lopdf::Document,
    page: lopdf::ObjectId,
    key: &[u8],
) -> lopdf::Result<&'d mut lopdf::Object> {
    let id = doc
        .get_dictionary(page)
        .and_then(|d| d.get(key))
        .and_then(lopdf::Object::as_reference)?;
    doc.get_object_mut(id)
}

/// The watermark's name among each page's resources, and the name of the
/// one for a landscape page.
pub(crate) const WATERMARK: &[u8] = b"Wm";
pub(crate) const WATERMARK_TURNED: &[u8] = b"WmL";
/// How strongly the watermark is painted over the page.
const WATERMARK_ALPHA: f32 = 0.2;

/// The watermark as one form XObject, the outlines of its letters, which
/// every page's content paints (`/Wm Do`, inside an artifact): a long
/// review copy carries its outlines once, not once a page.
fn add_watermark(
    doc: &mut lopdf::Document,
    mark: &Item,
    name: &[u8],
    width: f32,
    height: f32,
) -> Result<(), ExportError> {
    use lopdf::{dictionary, Object, Stream};
    use std::fmt::Write;
    let Item::Rotated {
        x,
        y,
        angle,
        face,
        size,
        color: c,
        text,
    } = mark
    else {
        return Ok(());
    };
    // Painted over the page at a fifth of its strength: the words under it
    // stay legible, and shaded table rows do not hide it.
    let mut content = format!("/Faint gs\n{} {} {} rg\n", c.0, c.1, c.2);
    for ring in outlines(*face, *size, text, (*x, height - y), *angle) {
        for (i, p) in ring.points.iter().enumerate() {
            let op = if i == 0 { "m" } else { "l" };
            let _ = writeln!(content, "{:.2} {:.2} {op}", p.p.x.0, p.p.y.0);
        }
        content.push_str("h\n");
    }
    content.push_str("f\n");
    let form = doc.add_object(Stream::new(
        dictionary! {
            "Type" => "XObject",
            "Subtype" => "Form",
            "BBox" => vec![0.into(), 0.into(), Object::Real(width), Object::Real(height)],
            "Resources" => dictionary! {
                "ExtGState" => dictionary! {
                    "Faint" => dictionary! { "Type" => "ExtGState", "ca" => Object::Real(WATERMARK_ALPHA), "CA" => Object::Real(WATERMARK_ALPHA) },
                },
            },
        },
        content.into_bytes(),
    ));
    let broken = |e: lopdf::Error| ExportError::Font(format!("the watermark could not be added: {e}"));
    for page in doc.get_pages().into_values() {
        let dict = page_entry(doc, page, b"Resources")
            .and_then(Object::as_dict_mut)
            .map_err(broken)?;
        let mut xobjects = dict
            .get(b"XObject")
            .and_then(Object::as_dict)
            .cloned()
            .unwrap_or_default();
        xobjects.set(name, form);
        dict.set("XObject", xobjects);
        // A page that paints with transparency says in which colour space
        // it blends (PDF/A-2 and later).
        if let Ok(page) = doc.get_object_mut(page).and_then(Object::as_dict_mut) {
            page.set(
                "Group",
                dictionary! { "Type" => "Group", "S" => "Transparency", "CS" => "DeviceRGB" },
            );
        }
    }
    Ok(())
}

/// Writes the document: its streams compressed, its other objects (the
/// structure tree's hundreds of thousands of elements in a long table)
/// packed in compressed object streams with a compressed cross-reference
/// stream (see [`crate::writer`]), and its file
/// identifier derived from its bytes.
pub fn finish(mut doc: lopdf::Document) -> Result<Vec<u8>, ExportError> {
    let id = || lopdf::Object::string_literal(ID_PLACEHOLDER);
    doc.trailer.set("ID", vec![id(), id()]);
    let mut bytes = crate::writer::save(&doc, &deflated)?;
    fix_trailer_id(&mut bytes);
    Ok(bytes)
}

/// `input` as one zlib stream, by a compressor kept for each thread.
fn deflated(input: &[u8]) -> Result<Vec<u8>, ExportError> {
    thread_local! {
        static Z: std::cell::RefCell<flate2::Compress> =
            std::cell::RefCell::new(flate2::Compress::new(flate2::Compression::new(LEVEL), true));
    }
    Z.with(|z| {
        let mut out = Vec::new();
        deflate(&mut z.borrow_mut(), input, &mut out)
            .map_err(|e| ExportError::Font(format!("the PDF could not be compressed: {e}")))?;
        Ok(out)
    })
}

/// What the file identifier says until the bytes are known.
const ID_PLACEHOLDER: &[u8; 32] = b"ProposalStudioFileIdentifier0000";

/// A PDF text string: PDFDocEncoding's ASCII part as it is, anything else
/// as UTF-16BE with its byte-order mark.
pub(crate) fn text_string(s: &str) -> lopdf::Object {
    if s.chars().all(|c| (' '..='~').contains(&c)) {
        return lopdf::Object::string_literal(s);
    }
    let mut bytes = vec![0xFE, 0xFF];
    bytes.extend(s.encode_utf16().flat_map(u16::to_be_bytes));
    lopdf::Object::String(bytes, lopdf::StringFormat::Hexadecimal)
}

/// Escapes text for XML.
fn xml(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            // XML 1.0 has no place for other control characters.
            c if (c as u32) < 0x20 && !matches!(c, '\t' | '\n' | '\r') => {}
            c => out.push(c),
        }
    }
    out
}

/// Adds the document's XMP metadata (title, authors, subject, keywords,
/// language, dates, producer: what the Info dictionary says, as the XMP
/// packet PDF/A and PDF/UA ask for) and asks viewers to show the title,
/// not the file name, in their window.
pub fn describe(doc: &mut lopdf::Document, meta: &Meta, lang: &str, date: &str) -> Result<(), ExportError> {
    use lopdf::{dictionary, Object, Stream};
    let when = format!("{date}T00:00:00Z");
    // The Info dictionary says what the XMP says, word for word (PDF/A).
    let keywords = meta.keywords.join(", ");
    if let Ok(info) = doc.trailer.get(b"Info").and_then(Object::as_reference) {
        if let Ok(dict) = doc.get_object_mut(info).and_then(Object::as_dict_mut) {
            dict.set("Keywords", text_string(&keywords));
            dict.set("Author", text_string(&meta.author));
        }
    }
    let alt = |v: &str| format!("<rdf:Alt><rdf:li xml:lang=\"x-default\">{}</rdf:li></rdf:Alt>", xml(v));
    // One creator, the Info dictionary's Author as it is: PDF/A holds the
    // two to be the same.
    let authors = if meta.author.is_empty() {
        String::new()
    } else {
        format!("<rdf:li>{}</rdf:li>", xml(&meta.author))
    };
    let packet = format!(
        concat!(
            "<?xpacket begin=\"{bom}\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>\n",
            "<x:xmpmeta xmlns:x=\"adobe:ns:meta/\">\n",
            "<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">\n",
            "<rdf:Description rdf:about=\"\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\" ",
            "xmlns:xmp=\"http://ns.adobe.com/xap/1.0/\" xmlns:pdf=\"http://ns.adobe.com/pdf/1.3/\" ",
            "xmlns:pdfaid=\"http://www.aiim.org/pdfa/ns/id/\">\n",
            "<pdfaid:part>3</pdfaid:part>\n",
            "<pdfaid:conformance>B</pdfaid:conformance>\n",
            "<dc:format>application/pdf</dc:format>\n",
            "<dc:title>{title}</dc:title>\n",
            "<dc:creator><rdf:Seq>{authors}</rdf:Seq></dc:creator>\n",
            "<dc:description>{subject}</dc:description>\n",
            "<dc:language><rdf:Bag><rdf:li>{lang}</rdf:li></rdf:Bag></dc:language>\n",
            "<xmp:CreateDate>{when}</xmp:CreateDate>\n",
            "<xmp:ModifyDate>{when}</xmp:ModifyDate>\n",
            "<xmp:MetadataDate>{when}</xmp:MetadataDate>\n",
            "<xmp:CreatorTool>Proposal Studio</xmp:CreatorTool>\n",
            "<pdf:Producer>Proposal Studio {version}</pdf:Producer>\n",
            "<pdf:Keywords>{keywords}</pdf:Keywords>\n",
            "<pdf:Trapped>False</pdf:Trapped>\n",
            "</rdf:Description>\n",
            "</rdf:RDF>\n",
            "</x:xmpmeta>\n",
            "<?xpacket end=\"r\"?>"
        ),
        bom = '\u{feff}',
        title = alt(&meta.title),
        authors = authors,
        subject = alt(&meta.subject),
        lang = xml(lang),
        when = when,
        version = env!("CARGO_PKG_VERSION"),
        keywords = xml(&keywords),
    );
    let mut stream = Stream::new(
        dictionary! { "Type" => "Metadata", "Subtype" => "XML" },
        packet.into_bytes(),
    );
    // Left uncompressed, so that tools which do not read PDF still find it.
    stream.allows_compression = false;
    let metadata = doc.add_object(stream);
    let root = doc
        .trailer
        .get(b"Root")
        .and_then(Object::as_reference)
        .map_err(|e| ExportError::Font(format!("the PDF has no catalog: {e}")))?;
    let catalog = doc
        .get_object_mut(root)
        .and_then(Object::as_dict_mut)
        .map_err(|e| ExportError::Font(format!("the PDF has no catalog: {e}")))?;
    catalog.set("Metadata", metadata);
    catalog.set("ViewerPreferences", dictionary! { "DisplayDocTitle" => true });
    let embedded = catalog
        .get(b"AF")
        .and_then(Object::as_array)
        .ok()
        .and_then(|af| af.first())
        .and_then(|f| f.as_reference().ok());
    // The colours are sRGB: the output intent PDF/A asks of DeviceRGB.
    let mut profile = Stream::new(dictionary! { "N" => 3 }, crate::icc::srgb());
    profile
        .compress()
        .map_err(|e| ExportError::Font(format!("the colour profile could not be written: {e}")))?;
    let profile = doc.add_object(profile);
    let intent = doc.add_object(dictionary! {
        "Type" => "OutputIntent",
        "S" => "GTS_PDFA1",
        "OutputConditionIdentifier" => Object::string_literal(crate::icc::DESCRIPTION),
        "Info" => Object::string_literal(crate::icc::DESCRIPTION),
        "DestOutputProfile" => profile,
    });
    if let Ok(catalog) = doc.get_object_mut(root).and_then(Object::as_dict_mut) {
        catalog.set("OutputIntents", vec![Object::Reference(intent)]);
    }
    // The embedded map's date, as PDF/A-3 asks of an associated file.
    let stamp = Object::string_literal(format!("D:{}000000Z", date.replace('-', "")));
    let file = embedded
        .and_then(|spec| doc.get_dictionary(spec).ok())
        .and_then(|spec| spec.get(b"EF").and_then(Object::as_dict).ok())
        .and_then(|ef| ef.get(b"F").and_then(Object::as_reference).ok());
    if let Some(Ok(Object::Stream(s))) = file.map(|f| doc.get_object_mut(f)) {
        let mut params = s
            .dict
            .get(b"Params")
            .and_then(Object::as_dict)
            .cloned()
            .unwrap_or_default();
        params.set("ModDate", stamp);
        s.dict.set("Params", params);
    }
    Ok(())
}

/// Makes the document a tagged PDF: the structure tree the layout built
/// (sections, headings, paragraphs, lists, tables with header cells, the
/// contents with its links), each element pointing at the marked content
/// drawn for it page by page, the parent tree that leads back from each
/// page's marks and each link to its element, and `/MarkInfo`. Every
/// page says its annotations follow the structure (`/Tabs /S`).
pub fn tag(doc: &mut lopdf::Document, tree: &[Node], links: &[(usize, lopdf::ObjectId)]) -> Result<(), ExportError> {
    use lopdf::{dictionary, Dictionary, Object, ObjectId};
    let broken = |e: lopdf::Error| ExportError::Font(format!("the PDF's structure could not be written: {e}"));
    let pages: Vec<ObjectId> = doc.get_pages().into_values().collect();
    let ids: Vec<ObjectId> = tree.iter().map(|_| doc.new_object_id()).collect();
    let root_id = doc.new_object_id();
    // Per page, the element of each MCID in order.
    let mut marks: Vec<Vec<Object>> = vec![Vec::new(); pages.len()];
    let mut links_of: std::collections::HashMap<usize, Vec<ObjectId>> = std::collections::HashMap::new();
    for &(node, annot) in links {
        links_of.entry(node).or_default().push(annot);
    }
    let mut nums: Vec<Object> = Vec::new();
    let mut annots_keyed: Vec<(ObjectId, i64)> = Vec::new();
    for (n, node) in tree.iter().enumerate() {
        let mut kids: Vec<Object> = Vec::new();
        // The element's page: its first content's. Content there is named
        // by its MCID alone, content on another page by a reference.
        let first_page = node.kids.iter().find_map(|k| match *k {
            Kid::Content { page, .. } => pages.get(page).copied(),
            Kid::Node(_) => None,
        });
        for kid in &node.kids {
            match *kid {
                Kid::Node(k) => kids.push(Object::Reference(ids[k])),
                Kid::Content { page, mcid } => {
                    let Some(&page_id) = pages.get(page) else { continue };
                    let slot = &mut marks[page];
                    if slot.len() <= mcid as usize {
                        slot.resize(mcid as usize + 1, Object::Null);
                    }
                    slot[mcid as usize] = Object::Reference(ids[n]);
                    kids.push(if Some(page_id) == first_page {
                        Object::Integer(i64::from(mcid))
                    } else {
                        Object::Dictionary(dictionary! {
                            "Type" => "MCR",
                            "Pg" => page_id,
                            "MCID" => i64::from(mcid),
                        })
                    });
                }
            }
        }
        for &annot in links_of.get(&n).into_iter().flatten() {
            let key = (pages.len() + annots_keyed.len()) as i64;
            annots_keyed.push((annot, key));
            nums.push(Object::Integer(key));
            nums.push(Object::Reference(ids[n]));
            let mut objr = dictionary! { "Type" => "OBJR", "Obj" => annot };
            if let Some(p) = first_page {
                objr.set("Pg", p);
            }
            kids.push(Object::Dictionary(objr));
        }
        let mut dict: Dictionary = dictionary! {
            "S" => Object::Name(node.role.name().as_bytes().to_vec()),
            "P" => node.parent.map_or(root_id, |p| ids[p]),
            "K" => match kids.len() {
                1 => kids.pop().unwrap_or(Object::Null),
                _ => Object::Array(kids),
            },
        };
        if let Some(p) = first_page {
            dict.set("Pg", p);
        }
        match node.role {
            Role::TH => dict.set("A", dictionary! { "O" => "Table", "Scope" => "Column" }),
            Role::RowHeader => dict.set("A", dictionary! { "O" => "Table", "Scope" => "Row" }),
            _ => {}
        }
        if let Some(alt) = &node.alt {
            dict.set("Alt", text_string(alt));
        }
        doc.objects.insert(ids[n], Object::Dictionary(dict));
    }
    let mut all_nums: Vec<Object> = Vec::new();
    for (i, list) in marks.into_iter().enumerate() {
        all_nums.push(Object::Integer(i as i64));
        all_nums.push(Object::Array(list));
    }
    all_nums.extend(nums);
    let parent_tree = doc.add_object(dictionary! { "Nums" => all_nums });
    let next_key = (pages.len() + annots_keyed.len()) as i64;
    doc.objects.insert(
        root_id,
        Object::Dictionary(dictionary! {
            "Type" => "StructTreeRoot",
            "K" => ids.first().map_or(Object::Null, |&d| Object::Reference(d)),
            "ParentTree" => parent_tree,
            "ParentTreeNextKey" => next_key,
        }),
    );
    for (i, &page) in pages.iter().enumerate() {
        let dict = doc.get_object_mut(page).and_then(Object::as_dict_mut).map_err(broken)?;
        dict.set("StructParents", i as i64);
        dict.set("Tabs", Object::Name(b"S".to_vec()));
    }
    for (annot, key) in annots_keyed {
        let dict = doc
            .get_object_mut(annot)
            .and_then(Object::as_dict_mut)
            .map_err(broken)?;
        dict.set("StructParent", key);
    }
    let root = doc
        .trailer
        .get(b"Root")
        .and_then(Object::as_reference)
        .map_err(broken)?;
    let catalog = doc.get_object_mut(root).and_then(Object::as_dict_mut).map_err(broken)?;
    catalog.set("StructTreeRoot", root_id);
    catalog.set("MarkInfo", dictionary! { "Marked" => true });
    Ok(())
}

/// `input` as one zlib stream in `out`, with the compressor `z` reset first.
fn deflate(z: &mut flate2::Compress, input: &[u8], out: &mut Vec<u8>) -> Result<(), flate2::CompressError> {
    z.reset();
    out.clear();
    out.reserve(input.len() / 2 + 64);
    loop {
        let read = z.total_in() as usize;
        let status = z.compress_vec(&input[read..], out, flate2::FlushCompress::Finish)?;
        if status == flate2::Status::StreamEnd {
            return Ok(());
        }
        if out.len() == out.capacity() {
            out.reserve(out.capacity().max(256));
        }
    }
}

/// The zlib level of the PDF's streams.
const LEVEL: u32 = 6;

/// The glyphs the document draws in each face, and their numbers in the
/// subset embedded: printpdf subsets a face to the glyphs it is shown, and
/// numbers them in their original order after `.notdef` (glyph 0), which
/// is how the pages' strings here name them.
struct Glyphs {
    /// Each face's characters in the order first drawn, the text printpdf
    /// is shown to subset (so a glyph two characters share maps back to
    /// the one drawn first, as before).
    chars: Vec<(Face, String)>,
    /// Each face's characters, with their glyphs' numbers in its subset.
    numbers: Vec<Numbers>,
}

/// Characters below this have their glyph numbers in a table (Latin-1 and
/// Latin Extended-A: the Fund's three languages); others in a map.
const DENSE: usize = 0x180;
const UNSEEN: u16 = u16::MAX;

/// A face's characters and a number for each: first the glyph's id in the
/// face, then its number in the subset.
struct Numbers {
    dense: Vec<u16>,
    other: std::collections::HashMap<char, u16>,
}

impl Numbers {
    fn get(&self, c: char) -> Option<u16> {
        match self.dense.get(c as usize) {
            Some(&n) if n != UNSEEN => Some(n),
            Some(_) => None,
            None => self.other.get(&c).copied(),
        }
    }

    fn set(&mut self, c: char, n: u16) {
        match self.dense.get_mut(c as usize) {
            Some(slot) => *slot = n,
            None => {
                self.other.insert(c, n);
            }
        }
    }

    fn values_mut(&mut self) -> impl Iterator<Item = &mut u16> {
        self.dense
            .iter_mut()
            .filter(|n| **n != UNSEEN)
            .chain(self.other.values_mut())
    }
}

impl Glyphs {
    fn of(pages: &[crate::layout::Page], fonts: &mut crate::fonts::Fonts) -> Glyphs {
        let mut chars: Vec<(Face, String)> = Face::ALL.iter().map(|&f| (f, String::new())).collect();
        let mut numbers: Vec<Numbers> = Face::ALL
            .iter()
            .map(|_| Numbers {
                dense: vec![UNSEEN; DENSE],
                other: std::collections::HashMap::new(),
            })
            .collect();
        for item in pages.iter().flat_map(|p| &p.items) {
            let Item::Text { face, text, .. } = item else { continue };
            let slot = Face::ALL.iter().position(|f| f == face).unwrap_or(0);
            for c in text.chars() {
                if numbers[slot].get(c).is_none() {
                    chars[slot].1.push(c);
                    numbers[slot].set(c, fonts.glyph(*face, c));
                }
            }
        }
        // The subset's numbers: `.notdef`, then the glyphs drawn in order.
        for n in &mut numbers {
            let mut ids: Vec<u16> = std::iter::once(0).chain(n.values_mut().map(|v| *v)).collect();
            ids.sort_unstable();
            ids.dedup();
            for v in n.values_mut() {
                *v = ids.binary_search(v).map_or(0, |i| i as u16);
            }
        }
        Glyphs { chars, numbers }
    }

    /// The subset's number for the glyph of `c` in `face`.
    fn number(&self, face: Face, c: char) -> u16 {
        let slot = Face::ALL.iter().position(|f| *f == face).unwrap_or(0);
        self.numbers[slot].get(c).unwrap_or(0)
    }

    /// What printpdf is given to draw, so that it embeds each face
    /// subset to exactly these glyphs: each face's characters, once. The
    /// page it is drawn on gets its own content instead.
    fn sample_ops(&self) -> Vec<Op> {
        let mut ops = Vec::new();
        for (face, text) in self.chars.iter().filter(|(_, t)| !t.is_empty()) {
            ops.push(Op::StartTextSection);
            ops.push(Op::SetFont {
                font: font(*face),
                size: Pt(10.0),
            });
            ops.push(Op::ShowText {
                items: vec![TextItem::Text(text.clone())],
            });
            ops.push(Op::EndTextSection);
        }
        ops
    }
}

/// A page's content stream as it is written: its bytes, whether a text
/// section is open, the font and fill colour in force, and the open
/// marked-content sequence.
struct Pen {
    out: Vec<u8>,
    in_text: bool,
    font: Option<(Face, f32)>,
    fill: Option<Rgb>,
    /// The open marked sequence: an artifact or not, and whether it began
    /// inside the open text section (it must then end inside it too).
    marked: Option<(bool, bool)>,
}

impl Pen {
    fn op(&mut self, operator: &[u8]) {
        self.out.extend_from_slice(operator);
        self.out.push(b'\n');
    }

    /// A number, and the space after it.
    fn num(&mut self, v: f32) {
        crate::writer::write_real(&mut self.out, v);
        self.out.push(b' ');
    }

    /// A name, and the space after it.
    fn name(&mut self, name: &[u8]) {
        crate::writer::write_name(&mut self.out, name);
        self.out.push(b' ');
    }

    fn color(&mut self, c: Rgb, operator: &[u8]) {
        self.num(c.0);
        self.num(c.1);
        self.num(c.2);
        self.op(operator);
    }

    fn begin_text(&mut self) {
        if !self.in_text {
            self.op(b"BT");
            self.in_text = true;
        }
    }

    /// Ends the text section. A marked sequence begun inside it ends first;
    /// an artifact's then goes on outside it (content sequences never need
    /// to: shading and rules, which follow text, are artifacts).
    fn end_text(&mut self) {
        if !std::mem::take(&mut self.in_text) {
            return;
        }
        match self.marked {
            Some((artifact, true)) => {
                self.op(b"EMC");
                self.op(b"ET");
                self.marked = None;
                if artifact {
                    self.op(b"/Artifact BMC");
                    self.marked = Some((true, false));
                }
            }
            _ => self.op(b"ET"),
        }
    }

    /// Ends the open marked sequence, and a text section begun inside it.
    fn end_marked(&mut self) {
        match self.marked.take() {
            Some((_, true)) => self.op(b"EMC"),
            Some((_, false)) => {
                self.end_text();
                self.op(b"EMC");
            }
            None => {}
        }
    }

    /// A string of glyphs, two bytes each, as a literal string: half the
    /// bytes of writing them in hexadecimal, so half as much to compress.
    fn glyphs(&mut self, text: &str, face: Face, glyphs: &Glyphs) {
        self.out.push(b'(');
        for c in text.chars() {
            for byte in glyphs.number(face, c).to_be_bytes() {
                crate::writer::literal_byte(&mut self.out, byte);
            }
        }
        self.out.push(b')');
    }
}

/// A page's content stream, written here rather than through printpdf's
/// operations (which cost more than the rest of the PDF together). The
/// text goes in as few text sections as the drawing order allows, with the
/// font and colour set only when they change: a page of table cells would
/// otherwise take six operations a word. Each mark begins a marked
/// sequence: inside the open text section when text follows it, so a
/// table's cells share text sections.
fn page_content(
    page: crate::layout::Page,
    fonts: &mut crate::fonts::Fonts,
    glyphs: &Glyphs,
    width: f32,
    height: f32,
    tree: &[Node],
) -> Vec<u8> {
    let mut pen = Pen {
        out: Vec::with_capacity(16 * 1024),
        in_text: false,
        font: None,
        fill: None,
        marked: None,
    };
    // The next marked sequence naming an element gets this MCID.
    let mut mcid = 0;
    let mut items = page.items.into_iter().peekable();
    while let Some(item) = items.next() {
        match item {
            Item::Mark(owner) => {
                pen.end_marked();
                let inside = pen.in_text && matches!(items.peek(), Some(Item::Text { text, .. }) if !text.is_empty());
                if !inside {
                    pen.end_text();
                }
                match owner {
                    Some(n) => {
                        let role = tree.get(n).map_or(Role::P, |node| node.role);
                        pen.name(role.name().as_bytes());
                        pen.out.extend_from_slice(b"<</MCID ");
                        pen.out.extend_from_slice(itoa::Buffer::new().format(mcid).as_bytes());
                        pen.op(b">> BDC");
                        mcid += 1;
                    }
                    None => pen.op(b"/Artifact BMC"),
                }
                pen.marked = Some((owner.is_none(), inside));
            }
            Item::Rect { x, y, w, h, fill } => {
                pen.end_text();
                pen.color(fill, b"rg");
                pen.fill = Some(fill);
                pen.num(x);
                pen.num(height - y - h);
                pen.num(w);
                pen.num(h);
                pen.op(b"re");
                pen.op(b"f");
            }
            Item::Line {
                x1,
                y1,
                x2,
                y2,
                color: c,
                width: w,
            } => {
                pen.end_text();
                pen.color(c, b"RG");
                pen.num(w);
                pen.op(b"w");
                pen.num(x1);
                pen.num(height - y1);
                pen.op(b"m");
                pen.num(x2);
                pen.num(height - y2);
                pen.op(b"l");
                pen.op(b"S");
            }
            Item::Text {
                x,
                y,
                face,
                size,
                color: c,
                text: t,
            } => {
                if t.is_empty() {
                    continue;
                }
                pen.begin_text();
                // The font and the fill colour hold across text sections.
                if pen.font != Some((face, size)) {
                    pen.name(face.id().as_bytes());
                    pen.num(size);
                    pen.op(b"Tf");
                    pen.font = Some((face, size));
                }
                if pen.fill != Some(c) {
                    pen.color(c, b"rg");
                    pen.fill = Some(c);
                }
                pen.out.extend_from_slice(b"1 0 0 1 ");
                pen.num(x);
                pen.num(height - y);
                pen.op(b"Tm");
                // Kerned as the layout measured it: a shift after each kerned pair.
                let pieces = fonts.kerned(face, &t);
                if let [(piece, _)] = pieces.as_slice() {
                    pen.glyphs(piece, face, glyphs);
                    pen.op(b" Tj");
                } else {
                    pen.out.push(b'[');
                    for (piece, shift) in &pieces {
                        pen.glyphs(piece, face, glyphs);
                        if *shift != 0.0 {
                            pen.out.push(b' ');
                            pen.num((shift * 100.0).round() / 100.0);
                        }
                    }
                    pen.op(b"] TJ");
                }
            }
            Item::Rotated { .. } => {
                // The watermark is drawn as the outlines of its letters, not
                // as text, so that copying text from the page never picks it
                // up; and it is marked as an artifact, not content.
                pen.end_marked();
                pen.end_text();
                // Its outlines are one form XObject (see `add_watermark`).
                pen.op(b"/Artifact BMC");
                pen.name(if width > height { WATERMARK_TURNED } else { WATERMARK });
                pen.op(b"Do");
                pen.op(b"EMC");
            }
        }
    }
    pen.end_marked();
    pen.end_text();
    pen.out
}

/// The letters of `text` in `face` at `size` as closed outlines, their
/// baseline starting at `origin` (PDF space) and rising at `angle` degrees.
/// Curves become short straight segments (at watermark sizes a twelfth of
/// a curve is under a tenth of a point).
fn outlines(face: Face, size: f32, text: &str, origin: (f32, f32), angle: f32) -> Vec<PolygonRing> {
    struct Pen {
        rings: Vec<PolygonRing>,
        current: Vec<LinePoint>,
        last: (f32, f32),
        /// Font units to page points, with the letter's place on the baseline.
        place: Box<dyn Fn(f32, f32) -> (f32, f32)>,
    }
    impl Pen {
        fn point(&mut self, x: f32, y: f32) {
            let (px, py) = (self.place)(x, y);
            self.current.push(LinePoint {
                p: Point { x: Pt(px), y: Pt(py) },
                bezier: false,
            });
            self.last = (x, y);
        }
    }
    impl ttf_parser::OutlineBuilder for Pen {
        fn move_to(&mut self, x: f32, y: f32) {
            self.close();
            self.point(x, y);
        }
        fn line_to(&mut self, x: f32, y: f32) {
            self.point(x, y);
        }
        fn quad_to(&mut self, x1: f32, y1: f32, x: f32, y: f32) {
            let (x0, y0) = self.last;
            for i in 1..=12 {
                let t = i as f32 / 12.0;
                let u = 1.0 - t;
                self.point(
                    u * u * x0 + 2.0 * u * t * x1 + t * t * x,
                    u * u * y0 + 2.0 * u * t * y1 + t * t * y,
                );
            }
        }
        fn curve_to(&mut self, x1: f32, y1: f32, x2: f32, y2: f32, x: f32, y: f32) {
            let (x0, y0) = self.last;
            for i in 1..=12 {
                let t = i as f32 / 12.0;
                let u = 1.0 - t;
                let (a, b, c, d) = (u * u * u, 3.0 * u * u * t, 3.0 * u * t * t, t * t * t);
                self.point(a * x0 + b * x1 + c * x2 + d * x, a * y0 + b * y1 + c * y2 + d * y);
            }
        }
        fn close(&mut self) {
            if self.current.len() > 2 {
                let points = std::mem::take(&mut self.current);
                self.rings.push(PolygonRing { points });
            }
            self.current.clear();
        }
    }
    let Ok(font) = ttf_parser::Face::parse(face.bytes(), 0) else {
        return Vec::new();
    };
    let scale = size / f32::from(font.units_per_em());
    let (sin, cos) = angle.to_radians().sin_cos();
    let mut rings = Vec::new();
    let mut advance = 0.0_f32;
    for ch in text.chars() {
        let Some(glyph) = font.glyph_index(ch) else { continue };
        let pen_x = advance;
        let mut pen = Pen {
            rings: Vec::new(),
            current: Vec::new(),
            last: (0.0, 0.0),
            place: Box::new(move |gx, gy| {
                let (lx, ly) = (pen_x + gx * scale, gy * scale);
                (origin.0 + lx * cos - ly * sin, origin.1 + lx * sin + ly * cos)
            }),
        };
        font.outline_glyph(glyph, &mut pen);
        ttf_parser::OutlineBuilder::close(&mut pen);
        rings.extend(pen.rings);
        advance += f32::from(font.glyph_hor_advance(glyph).unwrap_or(0)) * scale;
    }
    rings
}

/// Replaces the placeholder file identifier (both its copies, in the
/// cross-reference stream's dictionary) with one derived from the bytes, so
/// the same proposal gives the same bytes and another proposal another id.
fn fix_trailer_id(bytes: &mut [u8]) {
    let digest = Sha256::digest(&*bytes);
    let hex: String = digest.iter().map(|b| format!("{b:02x}")).collect();
    let id = &hex.as_bytes()[..32];
    let mut end = bytes.len();
    for _ in 0..2 {
        let Some(at) = rfind(&bytes[..end], ID_PLACEHOLDER) else {
            return;
        };
        bytes[at..at + 32].copy_from_slice(id);
        end = at;
    }
}

fn rfind(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).rposition(|w| w == needle)
}
