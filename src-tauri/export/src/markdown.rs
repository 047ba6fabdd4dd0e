//! Narrative Markdown (the CommonMark subset proposals use) typeset into a flow.

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

use crate::fonts::Face;
use crate::layout::{Align, Cell, Flow, Row, Span, Table, ACCENT, INK, MUTED};

pub const BODY: f32 = 10.0;

struct State {
    spans: Vec<Span>,
    bold: u32,
    italic: u32,
    link: Option<String>,
    lists: Vec<Option<u64>>,
    item_marker: Option<String>,
    heading: bool,
    table: Option<TableState>,
}

/// A pipe table being read: header cells, body rows, the row in progress.
#[derive(Default)]
struct TableState {
    header: Vec<Cell>,
    rows: Vec<Vec<Cell>>,
    row: Vec<Cell>,
}

impl State {
    fn face(&self) -> Face {
        Face::Regular.with(self.bold > 0 || self.heading, self.italic > 0)
    }
    fn push(&mut self, text: &str) {
        let face = self.face();
        match self.spans.last_mut() {
            Some(last) if last.face == face && last.color.is_none() => last.text.push_str(text),
            _ => self.spans.push(Span {
                text: text.to_string(),
                face,
                color: None,
            }),
        }
    }
}

fn indent(depth: usize) -> f32 {
    16.0 * depth as f32
}

fn flush_paragraph(flow: &mut Flow, st: &mut State) {
    if st.spans.iter().all(|s| s.text.trim().is_empty()) {
        st.spans.clear();
        return;
    }
    let spans = std::mem::take(&mut st.spans);
    let depth = st.lists.len();
    let marker = st.item_marker.take();
    let after = if depth > 0 { 2.0 } else { 6.0 };
    flow.paragraph(&spans, BODY, INK, indent(depth), marker.as_deref(), after);
}

/// Typesets `text` into the flow.
pub fn render(flow: &mut Flow, text: &str) {
    let mut st = State {
        spans: vec![],
        bold: 0,
        italic: 0,
        link: None,
        lists: vec![],
        item_marker: None,
        heading: false,
        table: None,
    };
    let parser = Parser::new_ext(text, Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH);
    for event in parser {
        match event {
            Event::Start(Tag::Paragraph) => {}
            Event::End(TagEnd::Paragraph) => flush_paragraph(flow, &mut st),
            Event::Start(Tag::Heading { .. }) => {
                flush_paragraph(flow, &mut st);
                st.heading = true;
            }
            Event::End(TagEnd::Heading(_)) => {
                st.heading = false;
                let title: String = st.spans.drain(..).map(|s| s.text).collect();
                flow.space(4.0);
                flow.heading(title.trim(), 11.0, ACCENT, BODY * 3.0, 3.0);
            }
            Event::Start(Tag::List(first)) => {
                flush_paragraph(flow, &mut st);
                st.lists.push(first);
            }
            Event::End(TagEnd::List(_)) => {
                flush_paragraph(flow, &mut st);
                st.lists.pop();
                if st.lists.is_empty() {
                    flow.space(4.0);
                }
            }
            Event::Start(Tag::Item) => {
                flush_paragraph(flow, &mut st);
                let marker = match st.lists.last_mut() {
                    Some(Some(n)) => {
                        let m = format!("{n}.");
                        *n += 1;
                        m
                    }
                    _ => "•".to_string(),
                };
                st.item_marker = Some(marker);
            }
            Event::End(TagEnd::Item) => flush_paragraph(flow, &mut st),
            Event::Start(Tag::Strong) => st.bold += 1,
            Event::End(TagEnd::Strong) => st.bold = st.bold.saturating_sub(1),
            Event::Start(Tag::Emphasis) => st.italic += 1,
            Event::End(TagEnd::Emphasis) => st.italic = st.italic.saturating_sub(1),
            Event::Start(Tag::Link { dest_url, .. }) => st.link = Some(dest_url.to_string()),
            Event::End(TagEnd::Link) => {
                if let Some(url) = st.link.take() {
                    st.spans.push(Span {
                        text: format!(" ({url})"),
                        face: Face::Regular,
                        color: Some(MUTED),
                    });
                }
            }
            Event::Start(Tag::Table(_)) => {
                flush_paragraph(flow, &mut st);
                st.table = Some(TableState::default());
            }
            Event::End(TagEnd::TableHead) => {
                if let Some(t) = st.table.as_mut() {
                    t.header = std::mem::take(&mut t.row);
                }
            }
            Event::End(TagEnd::TableRow) => {
                if let Some(t) = st.table.as_mut() {
                    let row = std::mem::take(&mut t.row);
                    t.rows.push(row);
                }
            }
            Event::End(TagEnd::TableCell) => {
                let spans = std::mem::take(&mut st.spans);
                if let Some(t) = st.table.as_mut() {
                    t.row.push(Cell { spans, fill: None });
                }
            }
            Event::End(TagEnd::Table) => {
                if let Some(t) = st.table.take() {
                    table(flow, t);
                }
            }
            Event::Text(t) | Event::Code(t) => st.push(&t),
            Event::Html(t) | Event::InlineHtml(t) => st.push(&t),
            Event::SoftBreak => st.push(" "),
            Event::HardBreak => st.push("\n"),
            Event::Rule => {
                flush_paragraph(flow, &mut st);
                flow.space(4.0);
                flow.rule(MUTED, 0.5);
                flow.space(8.0);
            }
            _ => {}
        }
    }
    flush_paragraph(flow, &mut st);
}

/// The narrowest column a Markdown table gets, in points: about six
/// letters. A table with more columns than the page holds at this width is
/// printed in parts, each with a share of the columns.
const MIN_COLUMN: f32 = 42.0;

fn table(flow: &mut Flow, t: TableState) {
    let TableState { header, rows, .. } = t;
    let cols = header.len().max(rows.iter().map(Vec::len).max().unwrap_or(0)).max(1);
    let numeric = |i: usize| {
        rows.iter().all(|r| {
            r.get(i).is_none_or(|c| {
                let t: String = c.spans.iter().map(|s| s.text.as_str()).collect();
                !t.trim().is_empty()
                    && t.trim()
                        .trim_end_matches('%')
                        .replace([',', '.', ' '], "")
                        .chars()
                        .all(|ch| ch.is_ascii_digit())
            })
        })
    };
    let align: Vec<Align> = (0..cols)
        .map(|i| if numeric(i) { Align::Right } else { Align::Left })
        .collect();
    let header = pad(header, cols);
    let rows: Vec<Vec<Cell>> = rows.into_iter().map(|r| pad(r, cols)).collect();
    let most = ((flow.geo.content_width() / MIN_COLUMN).floor() as usize).max(1);
    let parts = cols.div_ceil(most);
    let per = cols.div_ceil(parts);
    for first in (0..cols).step_by(per) {
        let these = first..(first + per).min(cols);
        let n = these.len();
        let table = Table {
            widths: vec![1.0 / n as f32; n],
            align: align[these.clone()].to_vec(),
            header: header[these.clone()].to_vec(),
            rows: rows
                .iter()
                .map(|r| Row {
                    cells: r[these.clone()].to_vec(),
                    fill: None,
                })
                .collect(),
            size: 9.0,
        };
        flow.space(2.0);
        flow.table(&table);
        flow.space(8.0);
    }
}

fn pad(mut cells: Vec<Cell>, n: usize) -> Vec<Cell> {
    cells.resize_with(n, Cell::default);
    cells
}
