//! Narrative Markdown typeset into a flow. The text is read by the core
//! (`studio_core::markdown`, the one reader the app's screens use too);
//! this module only lays its blocks out.

#[cfg(test)]
use studio_core::markdown::blocks;
use studio_core::markdown::{MdBlock, MdSpan};

use crate::fonts::Face;
use crate::layout::{Align, Cell, Flow, Kind, Role, Row, Span, Table, ACCENT, INK, MUTED};

pub const BODY: f32 = 10.0;

/// The core's spans as the layout's: bold and italic faces, a link's address muted.
fn spans(md: &[MdSpan]) -> Vec<Span> {
    let mut out: Vec<Span> = Vec::new();
    for s in md {
        let (face, color) = if s.url {
            (Face::Regular, Some(MUTED))
        } else {
            (Face::Regular.with(s.bold, s.italic), None)
        };
        match out.last_mut() {
            Some(last) if last.face == face && last.color == color && color.is_none() => last.text.push_str(&s.text),
            _ => out.push(Span {
                text: s.text.clone(),
                face,
                color,
            }),
        }
    }
    out
}

fn indent(depth: usize) -> f32 {
    16.0 * depth as f32
}

fn paragraph(flow: &mut Flow, md: &[MdSpan], depth: usize, marker: Option<&str>) {
    if md.iter().all(|s| s.text.trim().is_empty()) {
        return;
    }
    let after = if depth > 0 { 2.0 } else { 6.0 };
    flow.paragraph(&spans(md), BODY, INK, indent(depth), marker, after);
}

/// Lays out `list` at nesting `depth` (1 for a top-level list): each item's
/// first paragraph carries its marker ("•", or its number).
fn list(flow: &mut Flow, start: Option<u64>, items: &[Vec<MdBlock>], depth: usize) {
    flow.tagged(Role::L, |flow| {
        for (k, item) in items.iter().enumerate() {
            let mut marker = Some(start.map_or_else(|| "•".to_string(), |n| format!("{}.", n + k as u64)));
            flow.tagged(Role::LI, |flow| {
                for block in item {
                    match block {
                        MdBlock::Paragraph { spans } => paragraph(flow, spans, depth, marker.take().as_deref()),
                        MdBlock::List { start, items } => list(flow, *start, items, depth + 1),
                        other => render_block(flow, other),
                    }
                }
            });
        }
    });
}

fn render_block(flow: &mut Flow, block: &MdBlock) {
    match block {
        MdBlock::Heading { spans } => {
            let title: String = spans.iter().map(|s| s.text.as_str()).collect();
            flow.space(4.0);
            flow.heading(Role::H3, title.trim(), 11.0, ACCENT, BODY * 3.0, 3.0);
        }
        MdBlock::Paragraph { spans } => paragraph(flow, spans, 0, None),
        MdBlock::List { start, items } => {
            list(flow, *start, items, 1);
            flow.space(4.0);
        }
        MdBlock::Table { header, rows } => table(
            flow,
            header.iter().map(|c| cell(c)).collect(),
            rows.iter().map(|r| r.iter().map(|c| cell(c)).collect()).collect(),
        ),
        MdBlock::Rule => {
            flow.space(4.0);
            flow.rule(MUTED, 0.5);
            flow.space(8.0);
        }
    }
}

fn cell(md: &[MdSpan]) -> Cell {
    Cell {
        spans: spans(md),
        ..Cell::default()
    }
}

/// Typesets the core's blocks of a Markdown text into the flow.
pub fn render_blocks(flow: &mut Flow, md: &[MdBlock]) {
    for block in md {
        render_block(flow, block);
    }
}

/// Typesets `text` into the flow.
#[cfg(test)]
pub fn render(flow: &mut Flow, text: &str) {
    render_blocks(flow, &blocks(text));
}

/// The narrowest column a Markdown table gets, in points: about six
/// letters. A table with more columns than the page holds at this width is
/// printed in parts, each with a share of the columns.
const MIN_COLUMN: f32 = 42.0;

fn table(flow: &mut Flow, header: Vec<Cell>, rows: Vec<Vec<Cell>>) {
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
                    anchor: None,
                    keep_with_next: false,
                    continues: None,
                })
                .collect(),
            size: 9.0,
            kind: Kind::Data,
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
