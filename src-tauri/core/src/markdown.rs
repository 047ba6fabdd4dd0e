//! The Markdown proposals are written in, read once for every place that
//! shows it: the editor's preview, the read-only views and the PDF. The
//! subset (CommonMark through pulldown-cmark, with pipe tables):
//! paragraphs, headings (all shown at one level under the section's own),
//! **bold**, *italic* (or `_italic_`), bullet and numbered lists (nested),
//! pipe tables, links (their words, then the address in brackets: nothing
//! is followed), hard line breaks and rules. Anything else is kept as
//! plain text: raw HTML is shown as typed, never interpreted; `code` is
//! plain text; `~~` is an ordinary pair of characters.

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};
use serde::Serialize;
use ts_rs::TS;

/// A run of text in one style.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct MdSpan {
    pub text: String,
    pub bold: bool,
    pub italic: bool,
    /// The address a link's words stand for, shown after them in brackets.
    pub url: bool,
}

/// A block of a Markdown text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(tag = "kind", rename_all = "snake_case")]
#[ts(export)]
pub enum MdBlock {
    Heading {
        spans: Vec<MdSpan>,
    },
    Paragraph {
        spans: Vec<MdSpan>,
    },
    /// A list: numbered from `start`, or bulleted when it is null.
    List {
        start: Option<u64>,
        items: Vec<Vec<MdBlock>>,
    },
    Table {
        header: Vec<Vec<MdSpan>>,
        rows: Vec<Vec<Vec<MdSpan>>>,
    },
    Rule,
}

impl MdBlock {
    /// The block's words, as a reader copies them (cells and items separated by spaces).
    pub fn text(&self) -> String {
        let spans = |s: &[MdSpan]| s.iter().map(|x| x.text.as_str()).collect::<String>();
        match self {
            MdBlock::Heading { spans: s } | MdBlock::Paragraph { spans: s } => spans(s),
            MdBlock::List { items, .. } => items
                .iter()
                .flat_map(|i| i.iter().map(MdBlock::text))
                .collect::<Vec<_>>()
                .join(" "),
            MdBlock::Table { header, rows } => header
                .iter()
                .chain(rows.iter().flatten())
                .map(|c| spans(c))
                .collect::<Vec<_>>()
                .join(" "),
            MdBlock::Rule => String::new(),
        }
    }
}

#[derive(Default)]
struct Reader {
    /// Blocks being filled: the document, then each open list item.
    stack: Vec<Vec<MdBlock>>,
    /// Open lists: their start and their items so far.
    lists: Vec<(Option<u64>, Vec<Vec<MdBlock>>)>,
    spans: Vec<MdSpan>,
    bold: u32,
    italic: u32,
    link: Option<String>,
    table: Option<TableRead>,
}

/// A pipe table being read: its header cells, its rows, the row in progress.
#[derive(Default)]
struct TableRead {
    header: Vec<Vec<MdSpan>>,
    rows: Vec<Vec<Vec<MdSpan>>>,
    row: Vec<Vec<MdSpan>>,
}

impl Reader {
    fn push_text(&mut self, text: &str) {
        let (bold, italic) = (self.bold > 0, self.italic > 0);
        match self.spans.last_mut() {
            Some(last) if last.bold == bold && last.italic == italic && !last.url => last.text.push_str(text),
            _ => self.spans.push(MdSpan {
                text: text.to_string(),
                bold,
                italic,
                url: false,
            }),
        }
    }

    fn out(&mut self) -> &mut Vec<MdBlock> {
        if self.stack.is_empty() {
            self.stack.push(Vec::new());
        }
        self.stack.last_mut().expect("a block list is open")
    }

    /// The spans read so far become a paragraph (none when they are blank).
    fn paragraph(&mut self) {
        let spans = std::mem::take(&mut self.spans);
        if spans.iter().any(|s| !s.text.trim().is_empty()) {
            self.out().push(MdBlock::Paragraph { spans });
        }
    }
}

/// The blocks of a Markdown text, in the stated subset.
pub fn blocks(text: &str) -> Vec<MdBlock> {
    let mut r = Reader::default();
    r.stack.push(Vec::new());
    for event in Parser::new_ext(text, Options::ENABLE_TABLES) {
        match event {
            Event::Start(Tag::Paragraph) => {}
            Event::End(TagEnd::Paragraph) => r.paragraph(),
            Event::Start(Tag::Heading { .. }) => r.paragraph(),
            Event::End(TagEnd::Heading(_)) => {
                let spans = std::mem::take(&mut r.spans);
                if spans.iter().any(|s| !s.text.trim().is_empty()) {
                    r.out().push(MdBlock::Heading { spans });
                }
            }
            Event::Start(Tag::List(start)) => {
                r.paragraph();
                r.lists.push((start, Vec::new()));
            }
            Event::End(TagEnd::List(_)) => {
                r.paragraph();
                if let Some((start, items)) = r.lists.pop() {
                    r.out().push(MdBlock::List { start, items });
                }
            }
            Event::Start(Tag::Item) => {
                r.paragraph();
                r.stack.push(Vec::new());
            }
            Event::End(TagEnd::Item) => {
                r.paragraph();
                let item = r.stack.pop().unwrap_or_default();
                if let Some((_, items)) = r.lists.last_mut() {
                    items.push(item);
                }
            }
            Event::Start(Tag::Strong) => r.bold += 1,
            Event::End(TagEnd::Strong) => r.bold = r.bold.saturating_sub(1),
            Event::Start(Tag::Emphasis) => r.italic += 1,
            Event::End(TagEnd::Emphasis) => r.italic = r.italic.saturating_sub(1),
            Event::Start(Tag::Link { dest_url, .. }) => r.link = Some(dest_url.to_string()),
            Event::End(TagEnd::Link) => {
                if let Some(url) = r.link.take() {
                    r.spans.push(MdSpan {
                        text: format!(" ({url})"),
                        bold: false,
                        italic: false,
                        url: true,
                    });
                }
            }
            Event::Start(Tag::Table(_)) => {
                r.paragraph();
                r.table = Some(Default::default());
            }
            Event::End(TagEnd::TableHead) => {
                if let Some(t) = r.table.as_mut() {
                    t.header = std::mem::take(&mut t.row);
                }
            }
            Event::End(TagEnd::TableRow) => {
                if let Some(t) = r.table.as_mut() {
                    t.rows.push(std::mem::take(&mut t.row));
                }
            }
            Event::End(TagEnd::TableCell) => {
                let spans = std::mem::take(&mut r.spans);
                if let Some(t) = r.table.as_mut() {
                    t.row.push(spans);
                }
            }
            Event::End(TagEnd::Table) => {
                if let Some(t) = r.table.take() {
                    r.out().push(MdBlock::Table {
                        header: t.header,
                        rows: t.rows,
                    });
                }
            }
            Event::Text(t) | Event::Code(t) | Event::Html(t) | Event::InlineHtml(t) => r.push_text(&t),
            Event::SoftBreak => r.push_text(" "),
            Event::HardBreak => r.push_text("\n"),
            Event::Rule => {
                r.paragraph();
                r.out().push(MdBlock::Rule);
            }
            _ => {}
        }
    }
    r.paragraph();
    // Lists left open by a malformed text still show their items.
    while let Some((start, items)) = r.lists.pop() {
        r.out().push(MdBlock::List { start, items });
    }
    let mut all: Vec<MdBlock> = Vec::new();
    for level in r.stack {
        all.extend(level);
    }
    all
}

#[cfg(test)]
mod tests;
