//! Notes a reviewer made on a review copy in an ordinary PDF reader (sticky
//! notes, highlights, strike-throughs, inserted text, text boxes, drawings),
//! read back and placed on the parts of the proposal they lie on.
//!
//! The review copy carries its anchor map (see [`crate::anchor_map`]): the
//! review, the draft and the snapshot it shows, the band of every part on
//! every page, and the runs of text drawn for each part. A note's position
//! gives its part; the quadrilaterals of a highlight, with the runs' glyph
//! widths, give the words it covers. Nothing in the PDF is ever run or
//! followed: a file holding JavaScript is refused, and so is one that is
//! damaged, protected, too large, not a review copy, or flattened.

use std::collections::HashMap;

use lopdf::{Dictionary, Document as Pdf, Object, ObjectId};
use serde::Serialize;
use studio_core::limits::{MAX_COMMENTS_PER_FILE, MAX_COMMENT_CHARS, MAX_NAME_CHARS, MAX_REVIEW_FILE_BYTES};
use studio_core::review::{sha256_hex, target_text, Anchor, AnchorKind, Comment, Reviewer};
use studio_core::Proposal;

use crate::anchor_map::{self, face_named, AnchorMap, MapLine};
use crate::fonts::Fonts;
use crate::ExportError;

/// What kind of mark a note is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum NoteKind {
    /// A sticky note.
    Text,
    Highlight,
    Underline,
    Squiggly,
    StrikeOut,
    /// Text to insert where the caret points.
    Caret,
    FreeText,
    Ink,
    /// Any other markup a reader can make (a box, a circle, a stamp...).
    Other,
}

impl NoteKind {
    fn of(subtype: &[u8]) -> Option<NoteKind> {
        Some(match subtype {
            b"Text" => NoteKind::Text,
            b"Highlight" => NoteKind::Highlight,
            b"Underline" => NoteKind::Underline,
            b"Squiggly" => NoteKind::Squiggly,
            b"StrikeOut" => NoteKind::StrikeOut,
            b"Caret" => NoteKind::Caret,
            b"FreeText" => NoteKind::FreeText,
            b"Ink" => NoteKind::Ink,
            // What a reader draws for itself or for the file, not a note.
            b"Link" | b"Popup" | b"Widget" | b"PrinterMark" | b"TrapNet" | b"Watermark" | b"Screen" | b"Movie"
            | b"Sound" | b"3D" | b"RichMedia" | b"Projection" => return None,
            _ => NoteKind::Other,
        })
    }

    /// Marks text rather than a point.
    fn covers_text(self) -> bool {
        matches!(
            self,
            NoteKind::Highlight | NoteKind::Underline | NoteKind::Squiggly | NoteKind::StrikeOut
        )
    }
}

/// One note as the PDF holds it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PdfNote {
    /// Its name in the file (`/NM`), or a digest of its page, place, kind,
    /// author and text when the reader gave it none: the same note read
    /// twice has the same key.
    pub key: String,
    pub kind: NoteKind,
    /// 1-based.
    pub page: u32,
    /// `[x1, y1, x2, y2]` in PDF user space.
    pub rect: [f32; 4],
    /// The bounding box of each quadrilateral a text mark covers.
    pub quads: Vec<[f32; 4]>,
    /// `/T`.
    pub author: String,
    /// `/Contents`.
    pub contents: String,
    /// `/M` or `/CreationDate`, in Unix milliseconds.
    pub created_at: Option<i64>,
    /// The key of the note this one answers (`/IRT`).
    pub reply_to: Option<String>,
    /// Text of notes grouped with this one (`/RT /Group`): the caret of an
    /// Acrobat "replace text" carries the new words of its strike-through.
    pub grouped: Vec<String>,
}

/// A review copy read back: its map, and its notes in page order.
#[derive(Debug, Clone)]
pub struct AnnotatedPdf {
    pub map: AnchorMap,
    pub notes: Vec<PdfNote>,
}

fn refused(m: impl Into<String>) -> ExportError {
    ExportError::Refused(m.into())
}

/// Reads the notes of a review copy. Everything that is not a review copy
/// with readable notes is refused with a reason in words.
pub fn read_notes(bytes: &[u8]) -> Result<AnnotatedPdf, ExportError> {
    if bytes.len() as u64 > MAX_REVIEW_FILE_BYTES {
        return Err(refused(format!(
            "the PDF is larger than {} MB; a review copy is much smaller",
            MAX_REVIEW_FILE_BYTES >> 20
        )));
    }
    let head = &bytes[..bytes.len().min(1024)];
    if !head.windows(5).any(|w| w == b"%PDF-") {
        return Err(refused("this file is not a PDF"));
    }
    // The PDF parser is a library's; a file crafted to upset it must cost a
    // refusal, never the app.
    std::panic::catch_unwind(|| read_inner(bytes)).unwrap_or_else(|_| {
        Err(refused(
            "this PDF is damaged and cannot be read; ask the reviewer to save it again from their PDF reader",
        ))
    })
}

fn read_inner(bytes: &[u8]) -> Result<AnnotatedPdf, ExportError> {
    let doc = Pdf::load_mem(bytes).map_err(|_| {
        refused("this PDF is damaged or cut short and cannot be read; ask the reviewer to save it again from their PDF reader")
    })?;
    if doc.is_encrypted() || doc.trailer.get(b"Encrypt").is_ok() {
        return Err(refused(
            "this PDF is protected with a password or encryption; ask the reviewer to save it without protection",
        ));
    }
    if holds_javascript(&doc) {
        return Err(refused(
            "this PDF holds JavaScript; for safety it is not read. Ask the reviewer to save their notes in a plain PDF",
        ));
    }
    let Some(map) = anchor_map::read_document(&doc)? else {
        return Err(refused(
            "this PDF is not a review copy made by Proposal Studio: it does not say which part of the proposal each page shows",
        ));
    };
    if map.review.is_none() {
        return Err(refused(
            "this PDF is not a review copy sent from a draft (it is a final export, or a copy exported from a file): notes can only come back from a review copy of a draft",
        ));
    }
    let mut notes = Vec::new();
    // The notes' object ids, to resolve replies.
    let mut keys: HashMap<ObjectId, usize> = HashMap::new();
    let mut replies: Vec<(usize, ObjectId, bool)> = Vec::new();
    let mut flattened = false;
    for (&page, &page_id) in doc.get_pages().iter() {
        let Ok(page_dict) = doc.get_dictionary(page_id) else {
            continue;
        };
        flattened |= looks_flattened(&doc, page_dict);
        let annots = match page_dict.get(b"Annots").map(|o| deref(&doc, o)) {
            Ok(Object::Array(a)) => a.clone(),
            _ => continue,
        };
        for entry in annots {
            let id = entry.as_reference().ok();
            let Object::Dictionary(dict) = deref(&doc, &entry) else {
                continue;
            };
            let Some(kind) = dict
                .get(b"Subtype")
                .ok()
                .and_then(|s| s.as_name().ok())
                .and_then(NoteKind::of)
            else {
                continue;
            };
            if notes.len() >= MAX_COMMENTS_PER_FILE {
                return Err(refused(format!(
                    "this PDF holds more than {MAX_COMMENTS_PER_FILE} notes; nothing was imported"
                )));
            }
            let note = note(&doc, page, kind, dict);
            // Two different notes under one name would make one comment of two.
            if let Some(same) = notes
                .iter()
                .find(|n: &&PdfNote| n.key == note.key && note.key.starts_with("nm:"))
            {
                if (same.page, same.rect, &same.contents) != (note.page, note.rect, &note.contents) {
                    return Err(refused(
                        "two different notes in this PDF carry the same name (/NM), so one would hide the other; nothing was imported. Ask the reviewer to save the PDF again",
                    ));
                }
            }
            if let Some(id) = id {
                keys.insert(id, notes.len());
            }
            if let Ok(parent) = dict.get(b"IRT").and_then(Object::as_reference) {
                let group = dict.get(b"RT").and_then(Object::as_name).is_ok_and(|n| n == b"Group");
                replies.push((notes.len(), parent, group));
            }
            notes.push(note);
        }
    }
    // Replies point at their note; a grouped note adds its text to its
    // parent's and is not a note of its own.
    let mut gone = vec![false; notes.len()];
    for (child, parent, group) in replies {
        let Some(&p) = keys.get(&parent) else { continue };
        if p == child {
            continue;
        }
        if group {
            let text = notes[child].contents.clone();
            notes[p].grouped.push(text);
            gone[child] = true;
        } else {
            notes[child].reply_to = Some(notes[p].key.clone());
        }
    }
    let notes: Vec<PdfNote> = notes
        .into_iter()
        .zip(gone)
        .filter(|(_, g)| !g)
        .map(|(n, _)| n)
        .collect();
    if notes.is_empty() && flattened {
        return Err(refused(
            "this PDF has no notes left as notes: the PDF reader seems to have flattened them into the pages (printed them onto the page). Ask the reviewer to save the PDF with its comments kept as comments",
        ));
    }
    Ok(AnnotatedPdf { map, notes })
}

/// Follows a reference (one level; a chain of references is no note).
fn deref<'a>(doc: &'a Pdf, o: &'a Object) -> &'a Object {
    match o {
        Object::Reference(id) => doc.get_object(*id).unwrap_or(o),
        other => other,
    }
}

/// True when any object of the file names JavaScript (an action, a name
/// tree, a form script).
fn holds_javascript(doc: &Pdf) -> bool {
    let dict_js = |d: &Dictionary| {
        d.has(b"JS") || d.get(b"S").and_then(Object::as_name).is_ok_and(|n| n == b"JavaScript") || d.has(b"JavaScript")
    };
    doc.objects.values().any(|o| match o {
        Object::Dictionary(d) => dict_js(d),
        Object::Stream(s) => dict_js(&s.dict),
        _ => false,
    })
}

/// A page we wrote has one content stream and draws no form XObject but
/// the review copy's watermark (upright or turned); a reader that prints
/// its notes onto the page adds either.
fn looks_flattened(doc: &Pdf, page: &Dictionary) -> bool {
    let many = matches!(page.get(b"Contents").map(|o| deref(doc, o)), Ok(Object::Array(a)) if a.len() > 1);
    let forms = page
        .get(b"Resources")
        .map(|r| deref(doc, r))
        .ok()
        .and_then(|r| r.as_dict().ok())
        .and_then(|r| r.get(b"XObject").ok())
        .map(|x| deref(doc, x))
        .and_then(|x| x.as_dict().ok())
        .is_some_and(|x| {
            x.iter()
                .any(|(name, _)| ![crate::pdf::WATERMARK, crate::pdf::WATERMARK_TURNED].contains(&name.as_slice()))
        });
    many || forms
}

fn text_of(doc: &Pdf, d: &Dictionary, key: &[u8], max: usize) -> String {
    let Ok(o) = d.get(key) else { return String::new() };
    let text = lopdf::decode_text_string(deref(doc, o)).unwrap_or_default();
    let text = text.trim_start_matches('\u{feff}');
    // Readers end lines with CR; the app's texts use LF.
    let text = text.replace("\r\n", "\n").replace('\r', "\n");
    text.chars()
        .filter(|c| *c == '\n' || !c.is_control())
        .take(max)
        .collect::<String>()
        .trim()
        .to_string()
}

fn number(o: &Object) -> Option<f32> {
    match o {
        Object::Integer(i) => Some(*i as f32),
        Object::Real(r) => Some(*r),
        _ => None,
    }
    .filter(|v| v.is_finite())
}

fn numbers(doc: &Pdf, d: &Dictionary, key: &[u8]) -> Vec<f32> {
    match d.get(key).map(|o| deref(doc, o)) {
        Ok(Object::Array(a)) => a.iter().take(8 * 1000).filter_map(number).collect(),
        _ => Vec::new(),
    }
}

fn bbox(points: &[f32]) -> [f32; 4] {
    let xs = points.iter().step_by(2);
    let ys = points.iter().skip(1).step_by(2);
    let (x1, x2) = xs.fold((f32::MAX, f32::MIN), |(a, b), &v| (a.min(v), b.max(v)));
    let (y1, y2) = ys.fold((f32::MAX, f32::MIN), |(a, b), &v| (a.min(v), b.max(v)));
    [x1, y1, x2, y2]
}

fn note(doc: &Pdf, page: u32, kind: NoteKind, d: &Dictionary) -> PdfNote {
    let rect = {
        let r = numbers(doc, d, b"Rect");
        if r.len() == 4 {
            bbox(&r)
        } else {
            [0.0; 4]
        }
    };
    let quads = numbers(doc, d, b"QuadPoints").chunks_exact(8).map(bbox).collect();
    let author = text_of(doc, d, b"T", MAX_NAME_CHARS);
    let contents = text_of(doc, d, b"Contents", MAX_COMMENT_CHARS);
    let created_at = ["M", "CreationDate"].iter().find_map(|k| {
        d.get(k.as_bytes())
            .ok()
            .and_then(|o| pdf_date(&lopdf::decode_text_string(deref(doc, o)).ok()?))
    });
    let name = text_of(doc, d, b"NM", 200);
    let key = if name.is_empty() {
        let r = |v: f32| (v * 10.0).round() as i64;
        sha256_hex(
            format!(
                "{page}|{:?}|{},{},{},{}|{author}|{contents}",
                kind,
                r(rect[0]),
                r(rect[1]),
                r(rect[2]),
                r(rect[3])
            )
            .as_bytes(),
        )
    } else {
        format!("nm:{name}")
    };
    PdfNote {
        key,
        kind,
        page,
        rect,
        quads,
        author,
        contents,
        created_at,
        reply_to: None,
        grouped: Vec::new(),
    }
}

/// A PDF date (`D:YYYYMMDDHHmmSSOHH'mm'`, every part after the year
/// optional) in Unix milliseconds.
pub fn pdf_date(s: &str) -> Option<i64> {
    let s = s.trim().trim_start_matches("D:");
    let digits = |from: usize, len: usize, default: i64| -> Option<i64> {
        match s.get(from..from + len) {
            Some(p) if p.bytes().all(|b| b.is_ascii_digit()) => p.parse().ok(),
            Some(_) => None,
            None => Some(default),
        }
    };
    if s.len() < 4 {
        return None;
    }
    let (y, mo, d) = (digits(0, 4, 0)?, digits(4, 2, 1)?, digits(6, 2, 1)?);
    let (h, mi, se) = (digits(8, 2, 0)?, digits(10, 2, 0)?, digits(12, 2, 0)?);
    if h > 23 || mi > 59 || se > 60 {
        return None;
    }
    let date = studio_core::date::Date::parse(&format!("{y:04}-{mo:02}-{d:02}"))?;
    let mut secs = date.unix_days() * 86_400 + h * 3600 + mi * 60 + se;
    let rest = s.get(14..).unwrap_or("");
    if let Some(sign) = rest.chars().next().filter(|c| *c == '+' || *c == '-') {
        let tz: String = rest[1..].chars().filter(char::is_ascii_digit).collect();
        let oh: i64 = tz.get(0..2).and_then(|v| v.parse().ok()).unwrap_or(0);
        let om: i64 = tz.get(2..4).and_then(|v| v.parse().ok()).unwrap_or(0);
        let offset = (oh * 3600 + om * 60) * if sign == '+' { 1 } else { -1 };
        secs -= offset;
    }
    Some(secs * 1000)
}

// ---- placing notes on the proposal ---------------------------------------

/// The comments the notes become, one list per author (a reviewer), and
/// how many of them lie on no part of the proposal (kept on their page).
#[derive(Debug, Clone)]
pub struct Placed {
    pub by_reviewer: Vec<(Reviewer, Vec<Comment>)>,
    pub not_placed: u32,
}

/// What a note without words of its own says, in the proposal's language.
fn wordless(lang: &str, kind: NoteKind) -> String {
    use crate::i18n::tr;
    match kind {
        NoteKind::Highlight | NoteKind::Underline | NoteKind::Squiggly => tr(lang, "notes.marked"),
        NoteKind::StrikeOut => tr(lang, "notes.struck"),
        NoteKind::Ink => tr(lang, "notes.drawing"),
        _ => tr(lang, "notes.empty"),
    }
    .to_string()
}

/// A line of text on a page, with the x position of every character
/// boundary (from the run's start and its face's glyph widths).
struct Laid<'m> {
    line: &'m MapLine,
    /// The anchor the line belongs to (index into the map).
    anchor: usize,
    chars: Vec<char>,
    /// `chars.len() + 1` boundaries.
    xs: Vec<f32>,
}

fn laid_lines<'m>(map: &'m AnchorMap, fonts: &mut Fonts) -> Vec<Laid<'m>> {
    let mut out = Vec::new();
    for (a, landed) in map.anchors.iter().enumerate() {
        for line in &landed.lines {
            let face = face_named(&line.face);
            let chars: Vec<char> = line.text.chars().collect();
            let mut xs = Vec::with_capacity(chars.len() + 1);
            let mut x = line.x;
            xs.push(x);
            let mut buf = [0u8; 4];
            for c in &chars {
                x += fonts.width(face, line.size, c.encode_utf8(&mut buf));
                xs.push(x);
            }
            out.push(Laid {
                line,
                anchor: a,
                chars,
                xs,
            });
        }
    }
    out
}

/// Does the quad cover the line's height (by more than half of it)?
fn on_line(q: &[f32; 4], l: &MapLine) -> bool {
    let (top, bottom) = (l.y + l.size * 0.9, l.y - l.size * 0.25);
    let overlap = q[3].min(top) - q[1].max(bottom);
    overlap > 0.5 * (top - bottom).min(q[3] - q[1]).max(0.1)
}

/// The characters of `laid` whose middle lies inside the quad: (line, from, to).
fn covered(laid: &[Laid], page: u32, q: &[f32; 4]) -> Vec<(usize, usize, usize)> {
    let mut out = Vec::new();
    for (i, l) in laid.iter().enumerate() {
        if l.line.page != page || !on_line(q, l.line) {
            continue;
        }
        let inside = |k: usize| {
            let mid = (l.xs[k] + l.xs[k + 1]) / 2.0;
            mid >= q[0] && mid <= q[2]
        };
        let from = (0..l.chars.len()).find(|&k| inside(k));
        let to = (0..l.chars.len()).rev().find(|&k| inside(k));
        if let (Some(f), Some(t)) = (from, to) {
            out.push((i, f, t + 1));
        }
    }
    out
}

/// The letters and digits of `s`, each with the byte range it has in `s`:
/// what the printed page and the source text have in common (no Markdown
/// marks, spacing, hyphens or bullets).
fn skeleton(s: &str) -> Vec<(char, usize, usize)> {
    s.char_indices()
        .filter(|(_, c)| c.is_alphanumeric())
        .map(|(i, c)| (c, i, i + c.len_utf8()))
        .collect()
}

/// Where the printed words `words` lie in the source `text`, as a byte
/// range: the occurrence nearest to `near` (a share of the text, 0 to 1).
fn locate(text: &str, words: &str, near: f32) -> Option<(usize, usize)> {
    let hay = skeleton(text);
    let needle: Vec<char> = skeleton(words).into_iter().map(|(c, _, _)| c).collect();
    if needle.is_empty() || needle.len() > hay.len() {
        return None;
    }
    let target = near * hay.len() as f32;
    (0..=hay.len() - needle.len())
        .filter(|&i| {
            hay[i..i + needle.len()]
                .iter()
                .map(|(c, _, _)| *c)
                .eq(needle.iter().copied())
        })
        .min_by(|&a, &b| (a as f32 - target).abs().total_cmp(&(b as f32 - target).abs()))
        .map(|i| (hay[i].1, hay[i + needle.len() - 1].2))
}

/// The source position under a printed position: `before` letters and
/// digits precede it in the anchor's printed text.
fn position(text: &str, before: usize) -> usize {
    let hay = skeleton(text);
    match before {
        0 => hay.first().map_or(0, |h| h.1),
        n if n >= hay.len() => hay.last().map_or(text.len(), |h| h.2),
        n => hay[n - 1].2,
    }
}

/// Letters and digits printed for `anchor` before the character `k` of
/// line `line`.
fn printed_before(laid: &[Laid], anchor: usize, line: usize, k: usize) -> usize {
    laid.iter()
        .enumerate()
        .filter(|(_, l)| l.anchor == anchor)
        .take_while(|(i, _)| *i <= line)
        .map(|(i, l)| {
            let upto = if i == line { k } else { l.chars.len() };
            l.chars[..upto.min(l.chars.len())]
                .iter()
                .filter(|c| c.is_alphanumeric())
                .count()
        })
        .sum()
}

fn printed_total(laid: &[Laid], anchor: usize) -> usize {
    laid.iter()
        .filter(|l| l.anchor == anchor)
        .map(|l| l.chars.iter().filter(|c| c.is_alphanumeric()).count())
        .sum()
}

fn tidy(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Text with `with` in place of the bytes `from..to`, spaces kept single.
fn replace(text: &str, from: usize, to: usize, with: &str) -> String {
    let (before, after) = (&text[..from], &text[to..]);
    let with = with.trim();
    if !with.is_empty() {
        return format!("{before}{with}{after}");
    }
    let (before, after) = (before.trim_end_matches(' '), after.trim_start_matches(' '));
    let gap = if !before.is_empty() && after.starts_with(|c: char| c.is_alphanumeric()) {
        " "
    } else {
        ""
    };
    format!("{before}{gap}{after}")
}

/// Text with `with` inserted at byte `at`, a space added where it would
/// otherwise run into a word.
fn insert(text: &str, at: usize, with: &str) -> String {
    let with = with.trim();
    let (before, after) = (&text[..at], &text[at..]);
    let word_before = before.chars().last().is_some_and(char::is_alphanumeric);
    let word_after = after.chars().next().is_some_and(char::is_alphanumeric);
    match (word_before, word_after) {
        (true, false) => format!("{before} {with}{after}"),
        (false, true) => format!("{before}{with} {after}"),
        _ => format!("{before}{with}{after}"),
    }
}

fn page_anchor(lang: &str, page: u32) -> Anchor {
    Anchor {
        kind: AnchorKind::Page,
        path: format!("/pages/{page}"),
        row_id: None,
        paragraph: None,
        label: crate::i18n::trf(lang, "notes.page", &[("n", &page.to_string())]),
    }
}

/// The comment id of a note: its key, digested to the ids comments use.
pub fn comment_id(key: &str) -> String {
    format!("pdf-{}", &sha256_hex(key.as_bytes())[..32])
}

/// Turns the notes into comments on `snapshot` (the proposal the review
/// copy shows): each on the part it lies on, with the words it marks and,
/// for a strike-through or an insertion on a paragraph or text field, the
/// text it suggests. `now` dates a note the reader left undated.
pub fn place_notes(pdf: &AnnotatedPdf, snapshot: &Proposal, now: i64) -> Result<Placed, ExportError> {
    let mut fonts = Fonts::load().ok_or_else(|| ExportError::Font("the shipped fonts cannot be read".into()))?;
    let map = &pdf.map;
    let lang = map.language.as_str();
    let laid = laid_lines(map, &mut fonts);
    let mut by_key: HashMap<&str, (Anchor, String)> = HashMap::new();
    let mut groups: Vec<(Reviewer, Vec<Comment>)> = Vec::new();
    let mut not_placed = 0;
    for n in &pdf.notes {
        // Where the note lies: a text mark by the words it covers, any other
        // note by the middle of its box; a reply on its note's part.
        let spans: Vec<(usize, usize, usize)> = n.quads.iter().flat_map(|q| covered(&laid, n.page, q)).collect();
        let point = match (n.kind.covers_text(), n.quads.first()) {
            (true, Some(q)) => ((q[0] + q[2]) / 2.0, (q[1] + q[3]) / 2.0),
            _ => ((n.rect[0] + n.rect[2]) / 2.0, (n.rect[1] + n.rect[3]) / 2.0),
        };
        let parent = n.reply_to.as_deref().and_then(|k| by_key.get(k)).cloned();
        let anchor_index = spans.first().map(|s| laid[s.0].anchor).or_else(|| {
            let a = map.at(n.page, point.0, point.1)?;
            map.anchors.iter().position(|l| &l.anchor == a)
        });
        let (anchor, quoted) = match (&parent, anchor_index) {
            (Some(p), _) => p.clone(),
            (None, Some(i)) => {
                let a = map.anchors[i].anchor.clone();
                let q = target_text(snapshot, &a).unwrap_or_default();
                (a, q)
            }
            (None, None) => {
                not_placed += 1;
                (page_anchor(lang, n.page), String::new())
            }
        };
        by_key.insert(&n.key, (anchor.clone(), quoted.clone()));

        let excerpt = if spans.is_empty() {
            None
        } else {
            let words = spans
                .iter()
                .map(|&(l, f, t)| laid[l].chars[f..t].iter().collect::<String>())
                .collect::<Vec<_>>()
                .join(" ");
            Some(tidy(&words)).filter(|w| !w.is_empty())
        };
        let own = anchor_index.filter(|_| parent.is_none());
        let mut suggestion = None;
        if let (Some(a), true) = (own, anchor.takes_suggestion() && !quoted.is_empty()) {
            match n.kind {
                NoteKind::StrikeOut => {
                    let with = n.grouped.iter().find(|g| !g.trim().is_empty()).unwrap_or(&n.contents);
                    if let (Some(words), Some(&(l, f, _))) = (&excerpt, spans.first()) {
                        let near = printed_before(&laid, a, l, f) as f32 / printed_total(&laid, a).max(1) as f32;
                        if let Some((from, to)) = locate(&quoted, words, near) {
                            suggestion = Some(replace(&quoted, from, to, with));
                        }
                    }
                }
                NoteKind::Caret if !n.contents.trim().is_empty() => {
                    let x = (n.rect[0] + n.rect[2]) / 2.0;
                    let y = n.rect[1];
                    // The line the caret stands on, and the boundary nearest to it.
                    let hit = laid
                        .iter()
                        .enumerate()
                        .filter(|(_, l)| l.anchor == a && l.line.page == n.page)
                        .min_by(|(_, p), (_, q)| {
                            let d = |l: &Laid| (l.line.y - y).abs();
                            d(p).total_cmp(&d(q))
                        });
                    if let Some((li, l)) = hit {
                        let k = (0..l.xs.len())
                            .min_by(|&p, &q| (l.xs[p] - x).abs().total_cmp(&(l.xs[q] - x).abs()))
                            .unwrap_or(0);
                        let at = position(&quoted, printed_before(&laid, a, li, k));
                        suggestion = Some(insert(&quoted, at, &n.contents));
                    }
                }
                _ => {}
            }
        }
        let suggestion = suggestion.filter(|s| *s != quoted && s.chars().count() <= MAX_COMMENT_CHARS);
        // A caret's words are its suggestion; every other note's words are its body.
        let caret_suggests = n.kind == NoteKind::Caret && suggestion.is_some();
        let body = if !n.contents.trim().is_empty() && !caret_suggests {
            n.contents.clone()
        } else if suggestion.is_some() {
            String::new()
        } else {
            wordless(lang, n.kind)
        };
        let comment = Comment {
            id: comment_id(&n.key),
            anchor,
            quoted,
            body,
            suggestion,
            excerpt,
            in_reply_to: n.reply_to.as_deref().map(comment_id),
            created_at: n.created_at.unwrap_or(now),
        };
        let reviewer = Reviewer {
            name: if n.author.is_empty() {
                crate::i18n::tr(lang, "notes.anonymous").to_string()
            } else {
                n.author.clone()
            },
            organization: String::new(),
        };
        match groups.iter_mut().find(|(r, _)| *r == reviewer) {
            Some((_, list)) => list.push(comment),
            None => groups.push((reviewer, vec![comment])),
        }
    }
    Ok(Placed {
        by_reviewer: groups,
        not_placed,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_pdf_dates_with_and_without_zones() {
        assert_eq!(pdf_date("D:20261206"), Some(1_796_515_200_000));
        assert_eq!(pdf_date("D:20261206120000Z"), Some(1_796_515_200_000 + 12 * 3_600_000));
        assert_eq!(
            pdf_date("D:20261206120000+01'00'"),
            Some(1_796_515_200_000 + 11 * 3_600_000)
        );
        assert_eq!(
            pdf_date("D:20261206120000-05'30"),
            Some(1_796_515_200_000 + (17 * 60 + 30) * 60_000)
        );
        assert_eq!(pdf_date("yesterday"), None);
        assert_eq!(pdf_date("D:2026133"), None);
    }

    #[test]
    fn finds_printed_words_in_the_source_text() {
        let text = "Migrants **need** access to well-known services; migrants need\naccess.";
        // Printed without Markdown marks, across a line break with a hyphen.
        let (f, t) = locate(text, "need access to well- known", 0.0).unwrap();
        assert_eq!(&text[f..t], "need** access to well-known");
        // The second occurrence when the mark lies near the end.
        let (f, _) = locate(text, "migrants need", 0.9).unwrap();
        assert_eq!(f, text.rfind("migrants").unwrap());
        assert_eq!(locate(text, "absent words", 0.0), None);
    }

    #[test]
    fn replaces_and_inserts_with_single_spaces() {
        let t = "The centres open at nine every day.";
        let (f, to) = locate(t, "every", 0.5).unwrap();
        assert_eq!(replace(t, f, to, ""), "The centres open at nine day.");
        assert_eq!(replace(t, f, to, "each"), "The centres open at nine each day.");
        let at = position(t, skeleton("The centres").len());
        assert_eq!(insert(t, at, "will"), "The centres will open at nine every day.");
    }
}
