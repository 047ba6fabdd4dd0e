//! The proposal as one document: what the reader sees on screen and what
//! the Fund receives on paper, built once from a proposal and its template.
//!
//! A [`Document`] is an ordered tree of blocks (headings, paragraphs of
//! styled spans, Markdown text, tables with header and grouped rows, the
//! signature block) whose every label, number, amount, percentage and date
//! is already written in the proposal's language. Each part, field,
//! paragraph and row carries its [`Anchor`], the same anchors review
//! comments use, so a renderer can say where each one landed. The PDF
//! writer lays it out; the app shows it; neither reads the template.

mod parts;

pub use parts::{evidence_label, evidence_options};
#[cfg(test)]
mod tests;

use serde::Serialize;
use ts_rs::TS;

use crate::budget::summarize;
use crate::markdown::MdBlock;
use crate::markers;
use crate::review::{Anchor, AnchorKind};
use crate::template::{SectionKind, Template};
use crate::words::{tr, trf};
use crate::Proposal;

/// The proposal as a reader meets it, in one language.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct Document {
    /// `en`, `fr` or `es`: the language every word below is written in.
    pub language: String,
    pub cover: CoverPage,
    /// The words around the parts: contents, running header, page numbers.
    pub words: DocumentWords,
    /// What the file says about itself (title, author, subject, keywords).
    pub meta: DocumentMeta,
    /// The numbered sections, the annexes and the signatures, in order.
    pub parts: Vec<Part>,
}

#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct CoverPage {
    pub fund: String,
    /// "Joint Programme proposal", "Concept note", …
    pub kind: String,
    pub title: String,
    pub title_anchor: Anchor,
    /// Empty when the proposal has none.
    pub short_title: String,
    pub short_title_anchor: Anchor,
    pub facts: Vec<Fact>,
}

/// One line of the cover's key facts.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct Fact {
    pub label: String,
    pub value: String,
    pub anchor: Option<Anchor>,
}

#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct DocumentWords {
    /// The contents page's title.
    pub contents: String,
    /// The cover's entry in the outline.
    pub cover: String,
    /// The running header: the short title, else the title.
    pub running_title: String,
    /// "Page {n} of {total}", to fill once the pages are counted.
    pub page_number: String,
    /// The review copy's diagonal mark and footer line.
    pub review_mark: String,
    pub review_footer: String,
}

#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct DocumentMeta {
    pub title: String,
    pub author: String,
    pub subject: String,
    pub keywords: Vec<String>,
}

/// A numbered section, an annex, or the signatures: one entry of the
/// contents, starting a page on paper.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct Part {
    /// The template's section id, or `signatures`.
    pub id: String,
    /// Numbered as the contents list it: "3. Context", "Annex B: Workplan".
    pub title: String,
    pub anchor: Anchor,
    /// An annex or the signatures, which begin a page of their own on paper
    /// (a numbered section runs on after the one before it).
    pub annex: bool,
    pub blocks: Vec<Block>,
}

#[derive(Debug, Clone, Serialize, TS)]
#[serde(tag = "type", rename_all = "snake_case")]
#[ts(export)]
pub enum Block {
    /// A heading inside a part: `level` 2 for an annex's own sub-parts,
    /// 3 for a field's or a principle's label.
    Heading {
        text: String,
        level: u8,
    },
    /// A paragraph the document writes itself (an introduction, a grade).
    Paragraph {
        spans: Vec<Span>,
        tone: Tone,
    },
    /// Text the authors wrote, in the Markdown subset the app accepts;
    /// `quote` is that text as written, what a reviewer's comment quotes.
    Text {
        blocks: Vec<MdBlock>,
        anchor: Anchor,
        quote: String,
    },
    /// Blocks that belong to one anchor (a narrative field, a justification).
    Group {
        anchor: Anchor,
        blocks: Vec<Block>,
    },
    Table(Table),
    /// The rest goes on a new page on paper (the budget detail).
    PageBreak,
    /// Who signs, with room for name, title, signature and date.
    Signatures(Signatures),
}

/// How a paragraph the document writes reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum Tone {
    /// Ordinary body text.
    Body,
    /// A standing result, such as a marker's grade, a little larger.
    Lead,
    /// An explanation or introduction, smaller and quieter.
    Note,
}

/// A run of words with one style.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct Span {
    pub text: String,
    pub bold: bool,
    pub italic: bool,
    /// Secondary: units, notes, "not written yet".
    pub muted: bool,
}

impl Span {
    pub fn plain(text: impl Into<String>) -> Span {
        Span {
            text: text.into(),
            bold: false,
            italic: false,
            muted: false,
        }
    }
    pub fn bold(text: impl Into<String>) -> Span {
        Span {
            bold: true,
            ..Span::plain(text)
        }
    }
    pub fn italic(text: impl Into<String>) -> Span {
        Span {
            italic: true,
            ..Span::plain(text)
        }
    }
    pub fn muted(self) -> Span {
        Span { muted: true, ..self }
    }
}

#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct Table {
    pub columns: Vec<TableColumn>,
    /// Empty for a table without a header row.
    pub header: Vec<Cell>,
    pub rows: Vec<Row>,
    pub density: Density,
    pub kind: TableKind,
}

/// What a table is to someone who hears it rather than sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum TableKind {
    /// Rows of data under column headers.
    Data,
    /// A key to colours used elsewhere: a row of named swatches, read as a
    /// list of its entries.
    Legend,
}

#[derive(Debug, Clone, Copy, Serialize, TS)]
#[ts(export)]
pub struct TableColumn {
    /// The column's share of the table's width (the shares add up to 1).
    pub share: f32,
    pub align: Align,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum Align {
    Left,
    Center,
    Right,
}

/// How much a table holds: compact tables use the smallest type.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum Density {
    Compact,
    Regular,
    Roomy,
}

#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct Row {
    pub cells: Vec<Cell>,
    pub shade: Shade,
    /// For a row that continues a group whose label is in the group's first
    /// row: what its first cell says when it begins a page ("Output 1.2
    /// (continued)").
    pub continues: Option<String>,
    /// The proposal's row this one shows (an indicator, an activity, a risk,
    /// a budget line, a criterion), when it shows one.
    pub anchor: Option<Anchor>,
}

#[derive(Debug, Clone, Default, Serialize, TS)]
#[ts(export)]
pub struct Cell {
    pub spans: Vec<Span>,
    pub fill: Shade,
    /// What a cell that speaks by its fill alone says in words (a Gantt
    /// chart's planned quarter), for screen readers on screen and in the PDF.
    pub alt: Option<String>,
}

impl Cell {
    pub fn text(s: impl Into<String>) -> Cell {
        Cell {
            spans: vec![Span::plain(s)],
            fill: Shade::None,
            alt: None,
        }
    }
    pub fn bold(s: impl Into<String>) -> Cell {
        Cell {
            spans: vec![Span::bold(s)],
            fill: Shade::None,
            alt: None,
        }
    }
    pub fn of(spans: Vec<Span>) -> Cell {
        Cell {
            spans,
            fill: Shade::None,
            alt: None,
        }
    }
    /// A cell that says what it says by its fill, and `alt` in words.
    pub fn filled(fill: Shade, alt: impl Into<String>) -> Cell {
        Cell {
            spans: vec![],
            fill,
            alt: Some(alt.into()),
        }
    }
}

/// What a row's or a cell's background says.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, TS)]
#[serde(tag = "kind", content = "band", rename_all = "snake_case")]
#[ts(export)]
pub enum Shade {
    #[default]
    None,
    /// A group's first row (an output, a stage, a subtotal).
    Group,
    /// A result at the top of its tree, or a grand total.
    Strong,
    /// A quarter in which an activity runs.
    Bar,
    /// A quarter past the programme's end.
    Overrun,
    /// A risk band, by its template id (`low`, `high`, …).
    Risk(String),
}

#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct Signatures {
    pub parties: Vec<Party>,
    pub name: String,
    pub title: String,
    pub signature: String,
    pub date: String,
}

#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct Party {
    /// "Convening PUNO", "Government", …
    pub role: String,
    /// Who, from the cover page; empty when the cover does not say.
    pub who: String,
}

/// Something a marker criterion can point at as evidence: a narrative
/// field, a result, an indicator, an activity or a risk.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct EvidenceOption {
    /// The JSON pointer stored in the answer.
    pub path: String,
    /// "Output 1.2: Four municipal inclusion points…", in the language asked for.
    pub label: String,
    pub group: EvidenceGroup,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum EvidenceGroup {
    Sections,
    Results,
    Risks,
}

/// What the document says about its own edition; the default (no version)
/// is a draft read on screen, whose cover names no version.
#[derive(Debug, Clone, Default)]
pub struct Edition {
    /// The export's version label, printed on the cover; empty for none.
    pub version: String,
    /// The export date, `YYYY-MM-DD`.
    pub date: String,
    /// A review copy (watermarked), which its metadata says too.
    pub review_copy: bool,
}

/// An anchor on a whole part.
fn part_anchor(id: &str, title: &str) -> Anchor {
    Anchor {
        kind: AnchorKind::Section,
        path: id.into(),
        row_id: None,
        paragraph: None,
        label: title.into(),
    }
}

/// An anchor on one row of a list in the proposal.
pub(crate) fn row_anchor(kind: AnchorKind, path: String, id: &str, label: String) -> Anchor {
    Anchor {
        kind,
        path,
        row_id: Some(id.to_string()),
        paragraph: None,
        label,
    }
}

/// "—" for an empty text, the text trimmed otherwise.
pub(crate) fn dash_if_empty(s: &str) -> String {
    if s.trim().is_empty() {
        "—".into()
    } else {
        s.trim().to_string()
    }
}

/// A template title without its "Annex:" lead ("Annexe : …", "Anexo: …"),
/// since the document letters its annexes itself.
pub(crate) fn without_annex_lead(title: &str) -> &str {
    match title.split_once(':') {
        Some((lead, rest)) if !lead.trim().is_empty() && !lead.trim().contains(char::is_whitespace) => rest.trim(),
        _ => title,
    }
}

/// The document kind's title from the template ("Concept note", …).
pub fn kind_title(p: &Proposal, t: &Template) -> String {
    t.document_kinds
        .iter()
        .find(|k| k.id == p.kind)
        .map(|k| k.title.get(&p.language).to_string())
        .unwrap_or_default()
}

/// Builds the document of `p` in its own language.
pub fn build(p: &Proposal, t: &Template, edition: &Edition) -> Document {
    let lang = crate::messages::language(&p.language);
    let budget = summarize(&p.budget, &p.results_framework, t);
    let marks = markers::report(p, t);
    let ctx = parts::Ctx {
        p,
        t,
        lang,
        budget: &budget,
        marks: &marks,
    };

    let mut parts = Vec::new();
    let (mut narrative_n, mut annex_n) = (0u32, 0u8);
    for s in t.sections_of(p.kind).filter(|s| s.kind != SectionKind::Cover) {
        let title = s.title.get(lang);
        let title = match s.kind {
            SectionKind::Narrative | SectionKind::Principles => {
                narrative_n += 1;
                format!("{narrative_n}. {title}")
            }
            _ => {
                let letter = char::from(b'A' + annex_n.min(25));
                annex_n = annex_n.saturating_add(1);
                trf(
                    lang,
                    "section.annex",
                    &[("letter", &letter.to_string()), ("title", without_annex_lead(title))],
                )
            }
        };
        let blocks = match s.kind {
            SectionKind::Narrative => ctx.narrative(s),
            SectionKind::Principles => ctx.principles(s),
            SectionKind::ResultsFramework => ctx.results_framework(),
            SectionKind::Workplan => ctx.workplan(),
            SectionKind::RiskMatrix => ctx.risks(),
            SectionKind::Budget => ctx.budget(),
            SectionKind::HumanRightsMarker => ctx.hr_marker(),
            SectionKind::GenderMarker => ctx.gender_marker(),
            SectionKind::Cover => Vec::new(),
        };
        parts.push(Part {
            id: s.id.clone(),
            anchor: part_anchor(&s.id, &title),
            annex: !matches!(s.kind, SectionKind::Narrative | SectionKind::Principles),
            title,
            blocks,
        });
    }
    let signatures = tr(lang, "section.signatures").to_string();
    parts.push(Part {
        id: "signatures".into(),
        anchor: part_anchor("signatures", &signatures),
        annex: true,
        title: signatures,
        blocks: ctx.signatures(),
    });

    let title = if p.cover.title.trim().is_empty() {
        tr(lang, "doc.untitled").to_string()
    } else {
        p.cover.title.trim().to_string()
    };
    let running_title = if p.cover.short_title.trim().is_empty() {
        title.clone()
    } else {
        p.cover.short_title.trim().to_string()
    };
    Document {
        language: lang.to_string(),
        cover: ctx.cover(&title, edition),
        words: DocumentWords {
            contents: tr(lang, "toc.title").into(),
            cover: tr(lang, "outline.cover").into(),
            running_title,
            page_number: tr(lang, "page.number").into(),
            review_mark: tr(lang, "watermark.diagonal").into(),
            review_footer: tr(lang, "watermark.footer").into(),
        },
        meta: ctx.meta(&title, edition),
        parts,
    }
}

impl Document {
    /// Every anchor in reading order, with the words it holds as a reader
    /// sees them (spans joined, cells separated by a space): what a
    /// renderer must show for it.
    pub fn anchored_texts(&self) -> Vec<(Anchor, String)> {
        let mut out = Vec::new();
        out.push((self.cover.title_anchor.clone(), self.cover.title.clone()));
        for f in &self.cover.facts {
            if let Some(a) = &f.anchor {
                out.push((a.clone(), f.value.clone()));
            }
        }
        for part in &self.parts {
            let mut text = part.title.clone();
            let mut inner = Vec::new();
            for b in &part.blocks {
                let words = block_text(b, &mut inner);
                if !words.is_empty() {
                    text.push(' ');
                    text.push_str(&words);
                }
            }
            out.push((part.anchor.clone(), text));
            out.extend(inner);
        }
        out
    }
}

fn spans_text(spans: &[Span]) -> String {
    spans.iter().map(|s| s.text.as_str()).collect()
}

fn md_text(blocks: &[MdBlock]) -> String {
    blocks
        .iter()
        .map(MdBlock::text)
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// A block's words, collecting the anchors inside it into `inner`.
fn block_text(b: &Block, inner: &mut Vec<(Anchor, String)>) -> String {
    match b {
        Block::Heading { text, .. } => text.clone(),
        Block::Paragraph { spans, .. } => spans_text(spans),
        Block::Text { blocks, anchor, .. } => {
            let words = md_text(blocks);
            inner.push((anchor.clone(), words.clone()));
            words
        }
        Block::Group { anchor, blocks } => {
            let at = inner.len();
            let words: Vec<String> = blocks
                .iter()
                .map(|b| block_text(b, inner))
                .filter(|w| !w.is_empty())
                .collect();
            let words = words.join(" ");
            inner.insert(at, (anchor.clone(), words.clone()));
            words
        }
        Block::Table(t) => {
            let mut all: Vec<String> = Vec::new();
            let header: Vec<String> = t.header.iter().map(|c| spans_text(&c.spans)).collect();
            if !header.is_empty() {
                all.push(header.join(" "));
            }
            for r in &t.rows {
                let words: Vec<String> = r
                    .cells
                    .iter()
                    .map(|c| spans_text(&c.spans))
                    .filter(|w| !w.is_empty())
                    .collect();
                let words = words.join(" ");
                if let Some(a) = &r.anchor {
                    inner.push((a.clone(), words.clone()));
                }
                all.push(words);
            }
            all.join(" ")
        }
        Block::PageBreak => String::new(),
        Block::Signatures(s) => s
            .parties
            .iter()
            .map(|p| {
                if p.who.trim().is_empty() {
                    p.role.clone()
                } else {
                    format!("{} — {}", p.role, p.who)
                }
            })
            .collect::<Vec<_>>()
            .join(" "),
    }
}
