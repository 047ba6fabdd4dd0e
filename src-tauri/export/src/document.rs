//! The submission document laid out page by page: the core's [`Document`]
//! (cover, contents, numbered parts, annex tables, signatures) typeset, with
//! where every anchor landed. This module reads no template and no
//! catalogue: every word comes with the document.

use studio_core::document::{self as doc, Block, Document, Shade, Tone};

use crate::fonts::{Face, Fonts};
use crate::layout::*;
use crate::markdown::{self, BODY};
use crate::Options;

/// A laid-out document: its pages, the outline (title, page index) and where
/// each anchor landed.
/// A contents line as a link: where it sits, where it leads, and what it says.
#[derive(Debug, Clone)]
pub struct TocLink {
    /// The page index of the contents line, and its top and bottom.
    pub page: usize,
    pub top: f32,
    pub bottom: f32,
    /// The page index it leads to.
    pub to: usize,
    /// Its Link element in the structure tree.
    pub element: usize,
    /// The part's title, the link's description for assistive technology.
    pub title: String,
}

pub struct Laid {
    pub pages: Vec<Page>,
    pub outline: Vec<(String, usize)>,
    /// Every anchor with the boxes it occupies, in reading order.
    pub placed: Vec<Placed>,
    /// The contents' links, each to the first page of its part.
    pub links: Vec<TocLink>,
    /// The structure tree of the tagged PDF, whose marks are on the pages.
    pub tree: Vec<Node>,
    /// Words in tables too wide for their column (cut between letters); the
    /// tests read it.
    #[cfg_attr(not(test), allow(dead_code))]
    pub cut_table_words: Vec<String>,
}

/// The colour a shade stands for on paper, the screen's colours.
fn shade(s: &Shade) -> Option<Rgb> {
    match s {
        Shade::None => None,
        Shade::Group => Some(SHADE),
        Shade::Strong => Some(ACCENT_SOFT),
        Shade::Bar => Some(BAR),
        Shade::Overrun => Some((0.75, 0.2, 0.15)),
        Shade::Risk(id) => Some(band_shade(id)),
    }
}

/// How the PDF shades a risk band, the colours the screen gives it.
fn band_shade(id: &str) -> Rgb {
    match id {
        "low" => (0.88, 0.95, 0.89),
        "medium" => (1.0, 0.94, 0.82),
        "high" => (0.98, 0.85, 0.83),
        "very_high" => (0.93, 0.62, 0.60),
        _ => SHADE,
    }
}

/// A group's heading row: shaded, with words in its first cell only (a
/// marker stage, a workplan output). It stays with the row after it.
fn is_group_heading(r: &doc::Row) -> bool {
    matches!(r.shade, Shade::Group | Shade::Strong)
        && r.cells.first().is_some_and(|c| !c.spans.is_empty())
        && r.cells.iter().skip(1).all(|c| c.spans.is_empty())
}

fn spans(list: &[doc::Span]) -> Vec<Span> {
    list.iter()
        .map(|s| Span {
            text: s.text.clone(),
            face: Face::Regular.with(s.bold, s.italic),
            color: s.muted.then_some(MUTED),
        })
        .collect()
}

fn cell(c: &doc::Cell) -> Cell {
    Cell {
        spans: spans(&c.spans),
        fill: shade(&c.fill),
        alt: c.alt.clone(),
    }
}

fn table(t: &doc::Table) -> Table {
    Table {
        widths: t.columns.iter().map(|c| c.share).collect(),
        align: t
            .columns
            .iter()
            .map(|c| match c.align {
                doc::Align::Left => Align::Left,
                doc::Align::Center => Align::Center,
                doc::Align::Right => Align::Right,
            })
            .collect(),
        header: t.header.iter().map(cell).collect(),
        rows: Vec::new(),
        size: type_size(t.density),
        kind: match t.kind {
            doc::TableKind::Data => Kind::Data,
            doc::TableKind::Legend => Kind::Legend,
        },
    }
}

/// A table's type size for its density.
fn type_size(density: doc::Density) -> f32 {
    match density {
        doc::Density::Compact => 7.5,
        doc::Density::Regular => 8.0,
        doc::Density::Roomy => 8.5,
    }
}

/// What a table's cells hold, measured once at its type size: each
/// column's longest word, and each hard line of each cell (its text between
/// line breaks) with its width. From it the columns are sized, and their
/// squeeze judged, for a line of any width.
struct Measured {
    columns: usize,
    longest_word: Vec<f32>,
    lines: Vec<HardLine>,
}

#[derive(Debug, Clone, Copy)]
struct HardLine {
    /// The header is row 0.
    row: u32,
    column: u32,
    width: f32,
    /// Counts toward its column's longest line: all but the last line of
    /// a group's heading, which may run on across the row.
    whole: bool,
}

fn measure(flow: &mut Flow, t: &doc::Table, size: f32) -> Measured {
    let columns = t.columns.len();
    let mut m = Measured {
        columns,
        longest_word: vec![0.0; columns],
        lines: Vec::new(),
    };
    let mut cells = |flow: &mut Flow, row: u32, cells: &[doc::Cell], bold: bool, whole: bool| {
        for (i, c) in cells.iter().enumerate().take(columns) {
            let column = i as u32;
            let mut line = 0.0f32;
            for s in &c.spans {
                let face = Face::Regular.with(s.bold || bold, s.italic);
                let space = flow.width_of(face, size, " ");
                for (k, text) in s.text.split('\n').enumerate() {
                    if k > 0 {
                        m.lines.push(HardLine {
                            row,
                            column,
                            width: line,
                            whole: true,
                        });
                        line = 0.0;
                    }
                    for (j, word) in text.split(' ').enumerate() {
                        let w = flow.width_of(face, size, word);
                        m.longest_word[i] = m.longest_word[i].max(w);
                        line += w + if j > 0 { space } else { 0.0 };
                    }
                }
            }
            m.lines.push(HardLine {
                row,
                column,
                width: line,
                whole,
            });
        }
    };
    cells(flow, 0, &t.header, true, true);
    for (r, row) in t.rows.iter().enumerate() {
        cells(flow, r as u32 + 1, &row.cells, false, !is_group_heading(row));
    }
    m
}

/// Room a cell's text leaves on each side.
const CELL_PAD: f32 = 2.0 * TABLE_PAD_X + 0.5;

impl Measured {
    /// The column widths, as shares of a line `total` wide, from what the
    /// columns hold. Each column gets its longest word (up to a third of
    /// the line) and its longest short line (under an eighth of the line:
    /// a name such as "UN Women" or a target such as "6 (2029)" is never
    /// broken); the room left over then goes to the columns whose text
    /// would wrap, in proportion to how much wider their longest line is
    /// than their longest word, and no column is wider than its longest
    /// line while another wraps. A year, a quantity or an acronym then
    /// keeps a narrow column and the descriptions get the width. A group's
    /// heading row (text in its first cell only, which may run on) asks
    /// only for its longest word. None for a table without rows, or one
    /// whose longest words alone overrun the line (eighty quarters of a
    /// workplan): the document's shares then keep the first column readable
    /// rather than every column squeezed alike.
    fn widths(&self, total: f32) -> Option<Vec<f32>> {
        if self.columns == 0 || self.lines.iter().all(|l| l.row == 0) {
            return None;
        }
        let short = total / 8.0;
        let mut least: Vec<f32> = self.longest_word.iter().map(|w| w.min(total / 3.0)).collect();
        for l in self.lines.iter().filter(|l| l.width <= short) {
            let c = l.column as usize;
            least[c] = least[c].max(l.width);
        }
        let least: Vec<f32> = least.iter().map(|w| w + CELL_PAD).collect();
        let most: Vec<f32> = self
            .longest_lines(true)
            .iter()
            .zip(&least)
            .map(|(m, l)| (m + CELL_PAD).max(*l))
            .collect();
        let (sum_least, sum_most) = (least.iter().sum::<f32>(), most.iter().sum::<f32>());
        let widths: Vec<f32> = if sum_most <= total {
            // Everything fits on one line: the spare room in proportion.
            most.iter().map(|m| m * total / sum_most).collect()
        } else if sum_least >= total {
            return None;
        } else {
            let k = (total - sum_least) / (sum_most - sum_least);
            least.iter().zip(&most).map(|(l, m)| l + (m - l) * k).collect()
        };
        Some(widths.iter().map(|w| w / total).collect())
    }

    /// How much narrower than a readable measure (fourteen ems, some
    /// thirty characters) its columns of running text are, with columns
    /// `widths` points wide: the sum, over each column whose longest line
    /// in the body wraps, of what it lacks, in points. Zero when no column
    /// is squeezed. A header that takes two lines squeezes nothing.
    fn squeeze(&self, widths: &[f32], size: f32) -> f32 {
        let readable = 14.0 * size;
        self.longest_lines(false)
            .iter()
            .zip(widths)
            .filter(|(most, width)| **most + CELL_PAD > **width + 0.5)
            .map(|(_, width)| (readable - width).max(0.0))
            .sum()
    }

    /// Each column's longest line that counts toward its width (see
    /// [`HardLine::whole`]), the header's included or not.
    fn longest_lines(&self, header: bool) -> Vec<f32> {
        let mut longest = vec![0.0f32; self.columns];
        for l in self.lines.iter().filter(|l| l.whole && (header || l.row > 0)) {
            let c = l.column as usize;
            longest[c] = longest[c].max(l.width);
        }
        longest
    }
}

/// A table with at least this many columns is wide: an annex made of
/// such tables goes on landscape pages when portrait would squeeze them.
const WIDE: usize = 5;

/// The tables of a part, in order, groups included.
fn tables_of<'d>(blocks: &'d [Block], out: &mut Vec<&'d doc::Table>) {
    for b in blocks {
        match b {
            Block::Table(t) => out.push(t),
            Block::Group { blocks, .. } => tables_of(blocks, out),
            _ => {}
        }
    }
}

/// How a part is laid out: on which paper, and its tables' column widths
/// (by the table's address) for that paper.
struct Plan<'d> {
    landscape: bool,
    widths: Vec<(&'d doc::Table, Vec<f32>)>,
}

impl Plan<'_> {
    fn widths_of(&self, t: &doc::Table) -> Option<&[f32]> {
        self.widths
            .iter()
            .find(|(k, _)| std::ptr::eq(*k, t))
            .map(|(_, w)| w.as_slice())
    }
}

/// Measures a part's tables once, and turns an annex whose wide tables
/// squeeze their running text into narrow columns on upright paper, when
/// landscape paper would take away at least half of that squeeze.
fn plan<'d>(flow: &mut Flow, part: &'d doc::Part) -> Plan<'d> {
    let mut tables = Vec::new();
    tables_of(&part.blocks, &mut tables);
    let measured: Vec<(&doc::Table, f32, Measured)> = tables
        .into_iter()
        .map(|t| {
            let size = type_size(t.density);
            (t, size, measure(flow, t, size))
        })
        .collect();
    let shares = |t: &doc::Table| t.columns.iter().map(|c| c.share).collect::<Vec<f32>>();
    // Each table's widths (shares of the line) on `geo`, and the squeeze
    // of the wide ones.
    let on = |geo: &Geometry| {
        let line = geo.content_width();
        let mut squeeze = 0.0;
        let widths = measured
            .iter()
            .map(|(t, size, m)| {
                let widths = m.widths(line).unwrap_or_else(|| shares(t));
                if t.columns.len() >= WIDE {
                    let points: Vec<f32> = widths.iter().map(|w| w * line).collect();
                    squeeze += m.squeeze(&points, *size);
                }
                (*t, widths)
            })
            .collect::<Vec<_>>();
        (widths, squeeze)
    };
    let (upright, squeezed) = on(&flow.paper);
    if part.annex && squeezed > 0.0 {
        let (turned, left) = on(&flow.paper.turned());
        if left <= squeezed / 2.0 {
            return Plan {
                landscape: true,
                widths: turned,
            };
        }
    }
    Plan {
        landscape: false,
        widths: upright,
    }
}

pub fn layout(d: &Document, opts: &Options, fonts: &mut Fonts) -> Laid {
    let geo = opts.paper.geometry();
    let mut flow = Flow::new(fonts, geo);
    flow.lang = d.language.clone();
    flow.record_runs = opts.review.is_some();

    flow.tagged(Role::Sect, |flow| cover(flow, &d.cover));

    // Contents.
    flow.new_page();
    flow.tagged(Role::Sect, |flow| {
        flow.heading(Role::H1, &d.words.contents, 18.0, ACCENT, 40.0, 12.0);
        flow.tagged(Role::TOC, |flow| {
            for part in &d.parts {
                flow.toc_line(&part.title, 10.5, Face::Regular, 0.0);
            }
        })
    });

    let mut outline = vec![(d.words.cover.clone(), 0), (d.words.contents.clone(), 1)];
    let mut starts = Vec::new();
    for (i, part) in d.parts.iter().enumerate() {
        // The first part follows the contents on a page of its own; a
        // numbered section runs on after the one before; an annex begins a
        // page, unless that would leave the page before it less than a
        // third full.
        // A part on paper turned the other way begins a page too.
        let plan = plan(&mut flow, part);
        let filled = (flow.y - flow.geo.top) / flow.geo.body();
        if plan.landscape != flow.landscape() {
            flow.orient(plan.landscape);
        } else if i == 0 || (part.annex && filled >= 1.0 / 3.0) {
            flow.new_page();
        } else {
            flow.space(28.0);
        }
        // The title and the start of what follows stay together.
        flow.ensure(16.0 * 1.25 + 10.0 + 60.0);
        starts.push((part.id.clone(), flow.page_index()));
        outline.push((part.title.clone(), flow.page_index()));
        let open = flow.begin(part.anchor.clone());
        flow.tagged(Role::Sect, |flow| {
            flow.heading(Role::H1, &part.title, 16.0, ACCENT, 60.0, 10.0);
            let mut previous: Option<&Block> = None;
            for b in &part.blocks {
                block(flow, b, previous, &plan);
                previous = Some(b);
            }
        });
        flow.end(open);
    }

    // The contents' page numbers, now that the parts have their pages.
    let numbers: Vec<String> = d
        .parts
        .iter()
        .map(|part| {
            starts
                .iter()
                .find(|(id, _)| *id == part.id)
                .map_or_else(String::new, |(_, i)| (i + 1).to_string())
        })
        .collect();
    flow.number_contents(&numbers);
    let placed = std::mem::take(&mut flow.placed);
    // A contents line leads to its part's first page.
    let links = flow
        .toc_lines
        .iter()
        .zip(&d.parts)
        .filter_map(|(&(page, top, bottom, link), part)| {
            starts.iter().find(|(id, _)| *id == part.id).map(|(_, to)| TocLink {
                page,
                top,
                bottom,
                to: *to,
                element: link,
                title: part.title.clone(),
            })
        })
        .collect();
    let cut_table_words = flow.cut_table_words.clone();
    let tree = std::mem::take(&mut flow.tree);
    let mut pages = flow.pages;
    decorate(&mut pages, fonts, d, opts, &geo);
    Laid {
        pages,
        outline,
        placed,
        links,
        cut_table_words,
        tree,
    }
}

/// One block, spaced from the block before it.
fn block(flow: &mut Flow, b: &Block, previous: Option<&Block>, plan: &Plan) {
    let after_table = matches!(previous, Some(Block::Table(_)));
    match b {
        Block::Heading { text, level } => {
            // The parts' titles are the first level (the screen's level 2):
            // a heading of the screen's level 3 or above is the second.
            let role = if *level <= 3 { Role::H2 } else { Role::H3 };
            if *level <= 2 {
                if previous.is_some() {
                    flow.space(14.0);
                }
                flow.heading(role, text, 12.0, INK, 60.0, 6.0);
            } else {
                flow.space(6.0);
                flow.heading(role, text, 12.0, INK, BODY * 3.0, 4.0);
            }
        }
        Block::Paragraph { spans: s, tone } => {
            if after_table {
                flow.space(10.0);
            }
            let (size, after) = match tone {
                Tone::Body => (BODY, 6.0),
                Tone::Lead => (11.0, 4.0),
                Tone::Note => (9.0, 8.0),
            };
            flow.paragraph(&spans(s), size, INK, 0.0, None, after);
        }
        Block::Text { blocks, anchor, .. } => {
            let open = flow.begin(anchor.clone());
            markdown::render_blocks(flow, blocks);
            flow.end(open);
        }
        Block::Group { anchor, blocks } => {
            if after_table {
                flow.space(10.0);
            }
            let open = flow.begin(anchor.clone());
            let mut prev = None;
            for inner in blocks {
                block(flow, inner, prev, plan);
                prev = Some(inner);
            }
            flow.end(open);
        }
        Block::Table(t) => {
            if after_table {
                flow.space(8.0);
            }
            let rows = t.rows.iter().map(|r| Row {
                cells: r.cells.iter().map(cell).collect(),
                fill: shade(&r.shade),
                anchor: r.anchor.clone(),
                keep_with_next: is_group_heading(r),
                continues: r.continues.clone(),
            });
            let mut laid_out = table(t);
            if let Some(widths) = plan.widths_of(t) {
                laid_out.widths = widths.to_vec();
            }
            flow.table_of(&laid_out, rows);
        }
        Block::PageBreak => flow.new_page(),
        Block::Signatures(s) => signatures(flow, s),
    }
}

fn signatures(flow: &mut Flow, s: &doc::Signatures) {
    flow.tagged(Role::Div, |flow| signature_lines(flow, s));
}

/// Each party's line, then the lines to write a name and title on and to
/// sign and date, each with its label.
fn signature_lines(flow: &mut Flow, s: &doc::Signatures) {
    flow.space(4.0);
    // Room to sign: 25 mm above the signature line, less above the name's.
    const SIGN: f32 = 72.0;
    const NAME: f32 = 28.0;
    for party in &s.parties {
        flow.ensure(40.0 + NAME + SIGN + 32.0);
        let who = if party.who.is_empty() {
            String::new()
        } else {
            format!(" — {}", party.who)
        };
        flow.paragraph(
            &[Span::bold(party.role.as_str()), Span::plain(who)],
            10.0,
            INK,
            0.0,
            None,
            6.0,
        );
        let left = flow.geo.left;
        let mid = left + flow.geo.content_width() * 0.5;
        let right = flow.geo.width - flow.geo.right;
        for (label, label2, room) in [(&s.name, &s.title, NAME), (&s.signature, &s.date, SIGN)] {
            flow.y += room;
            let y = flow.y;
            flow.hline(left, mid - 16.0, y, MUTED, 0.5);
            flow.hline(mid, right, y, MUTED, 0.5);
            flow.tagged(Role::P, |f| f.text_at(left, y + 9.0, Face::Regular, 7.5, MUTED, label));
            flow.tagged(Role::P, |f| f.text_at(mid, y + 9.0, Face::Regular, 7.5, MUTED, label2));
            flow.y += 8.0;
        }
        flow.y += 30.0;
    }
}

fn cover(flow: &mut Flow, c: &doc::CoverPage) {
    let geo = flow.geo;
    flow.rect(0.0, 0.0, geo.width, 14.0, BAR);
    flow.y = geo.top + 6.0;
    flow.paragraph(
        &[Span::bold(c.fund.as_str()).colored(ACCENT)],
        11.0,
        INK,
        0.0,
        None,
        0.0,
    );
    flow.paragraph(
        &[Span::plain(c.kind.as_str()).colored(MUTED)],
        10.0,
        INK,
        0.0,
        None,
        28.0,
    );
    let open = flow.begin(c.title_anchor.clone());
    flow.heading(Role::H1, &c.title, 22.0, INK, 40.0, 6.0);
    flow.end(open);
    if !c.short_title.is_empty() {
        let open = flow.begin(c.short_title_anchor.clone());
        flow.paragraph(
            &[Span::plain(c.short_title.as_str()).colored(MUTED)],
            12.0,
            INK,
            0.0,
            None,
            18.0,
        );
        flow.end(open);
    }
    flow.rule(ACCENT, 1.2);
    flow.y += 10.0;
    let rows: Vec<Row> = c
        .facts
        .iter()
        .map(|f| Row {
            cells: vec![
                Cell {
                    spans: vec![Span::bold(f.label.as_str()).colored(MUTED)],
                    ..Cell::default()
                },
                Cell::text(f.value.as_str()),
            ],
            fill: None,
            anchor: f.anchor.clone(),
            keep_with_next: false,
            continues: None,
        })
        .collect();
    let mut facts = Table {
        widths: vec![0.28, 0.72],
        align: vec![Align::Left, Align::Left],
        header: vec![],
        rows,
        size: 9.5,
        kind: Kind::Facts,
    };
    // The cover is one page: longer labels (French, Spanish) or long lists of
    // partners make the type smaller rather than push the last rows over.
    while facts.size > 7.5 && flow.y + flow.table_height(&facts) > flow.geo.limit() {
        facts.size -= 0.5;
    }
    flow.table(&facts);
}

/// Running header, footer with "Page X of Y", and the review-copy watermark.
fn decorate(pages: &mut [Page], fonts: &mut Fonts, d: &Document, opts: &Options, paper: &Geometry) {
    let total = pages.len();
    let words = &d.words;
    for (i, page) in pages.iter_mut().enumerate() {
        let geo = &paper.oriented(page.landscape);
        let mut mark = None;
        if opts.review_copy {
            let text = fonts.drawable(Face::Bold, &words.review_mark);
            // 44 pt, or smaller when a language's wording would run past
            // three quarters of the page's diagonal.
            let room = 0.75 * geo.width.hypot(geo.height);
            let size = 44.0_f32.min(44.0 * room / fonts.width(Face::Bold, 44.0, &text).max(1.0));
            let w = fonts.width(Face::Bold, size, &text);
            // Centred on the page, rising at the page's diagonal.
            let angle = (geo.height / geo.width).atan();
            let (cx, cy) = (geo.width / 2.0, geo.height / 2.0);
            let x = cx - angle.cos() * w / 2.0;
            let y = cy + angle.sin() * w / 2.0;
            mark = Some(Item::Rotated {
                x,
                y,
                angle: angle.to_degrees(),
                face: Face::Bold,
                size,
                color: WATERMARK_INK,
                text,
            });
        }
        if i > 0 {
            header_and_footer(page, fonts, d, opts, geo, (i, total));
        }
        // Over everything else, translucent (see `pdf::add_watermark`), so a
        // page of shaded table rows shows it as plainly as a page of text.
        page.items.extend(mark);
    }
}

/// The watermark's colour, painted at a fifth of its strength.
const WATERMARK_INK: Rgb = (0.45, 0.48, 0.52);

/// The running title and its rule at the top, "Page X of Y" (and a review
/// copy's line) at the bottom: artifacts.
fn header_and_footer(
    page: &mut Page,
    fonts: &mut Fonts,
    d: &Document,
    opts: &Options,
    geo: &Geometry,
    (i, total): (usize, usize),
) {
    let words = &d.words;
    page.items.push(Item::Mark(None));
    let header_y = geo.top - 22.0;
    let header: String = words.running_title.chars().take(90).collect();
    let header = fonts.drawable(Face::Regular, &header);
    page.items.push(Item::Text {
        x: geo.left,
        y: header_y,
        face: Face::Regular,
        size: 8.0,
        color: MUTED,
        text: header,
    });
    page.items.push(Item::Line {
        x1: geo.left,
        y1: header_y + 5.0,
        x2: geo.width - geo.right,
        y2: header_y + 5.0,
        color: RULE,
        width: 0.5,
    });
    let footer_y = geo.height - geo.bottom + 30.0;
    let label = studio_core::catalogue::fill(
        &words.page_number,
        &[("n", &(i + 1).to_string()), ("total", &total.to_string())],
    );
    let label = fonts.drawable(Face::Regular, &label);
    let w = fonts.width(Face::Regular, 8.0, &label);
    page.items.push(Item::Text {
        x: geo.width - geo.right - w,
        y: footer_y,
        face: Face::Regular,
        size: 8.0,
        color: MUTED,
        text: label,
    });
    if opts.review_copy {
        page.items.push(Item::Text {
            x: geo.left,
            y: footer_y,
            face: Face::Bold,
            size: 8.0,
            color: (0.7, 0.2, 0.15),
            text: fonts.drawable(Face::Bold, &words.review_footer),
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Paper;
    use studio_core::Template;

    fn content_widths(flow: &mut Flow, t: &doc::Table, size: f32) -> Vec<f32> {
        measure(flow, t, size)
            .widths(flow.geo.content_width())
            .unwrap_or_else(|| t.columns.iter().map(|c| c.share).collect())
    }

    /// Columns take their width from what they hold: a year and a PUNO
    /// stay narrow and unbroken, the description takes the rest; a table
    /// without rows keeps the document's shares.
    #[test]
    fn columns_are_as_wide_as_what_they_hold() {
        let mut fonts = Fonts::load().unwrap();
        let mut flow = Flow::new(&mut fonts, Paper::A4.geometry());
        let column = |share| doc::TableColumn {
            share,
            align: doc::Align::Left,
        };
        let row = |cells: [&str; 3]| doc::Row {
            cells: cells.into_iter().map(doc::Cell::text).collect(),
            shade: Shade::None,
            continues: None,
            anchor: None,
        };
        let mut t = doc::Table {
            columns: vec![column(0.4), column(0.3), column(0.3)],
            header: ["Description", "Year", "PUNO"]
                .into_iter()
                .map(doc::Cell::text)
                .collect(),
            rows: Vec::new(),
            density: doc::Density::Regular,
            kind: doc::TableKind::Data,
        };
        assert_eq!(content_widths(&mut flow, &t, 8.0), vec![0.4, 0.3, 0.3]);
        let long = "Community radio spots on rights, services and the referral pathways, ".repeat(3);
        t.rows = vec![row([&long, "1", "UN Women"]), row(["Venue hire", "3", "IOM"])];
        let w = content_widths(&mut flow, &t, 8.0);
        assert!((w.iter().sum::<f32>() - 1.0).abs() < 1e-4, "{w:?}");
        assert!(w[0] > 0.7, "the description takes the room: {w:?}");
        let line = flow.geo.content_width();
        let room = |i: usize| w[i] * line - 2.0 * TABLE_PAD_X;
        assert!(room(2) >= flow.width_of(Face::Regular, 8.0, "UN Women"), "{w:?}");
        assert!(room(1) >= flow.width_of(Face::Bold, 8.0, "Year"), "{w:?}");
        assert!(w[1] < 0.1, "{w:?}");
        // Eighty quarters whose labels alone overrun the line: the shares.
        let quarters: Vec<doc::Cell> = (1..=80).map(|q| doc::Cell::text(format!("Q{q}"))).collect();
        let wide = doc::Table {
            columns: vec![column(1.0 / 80.0); 80],
            header: quarters.clone(),
            rows: vec![doc::Row {
                cells: quarters,
                shade: Shade::None,
                continues: None,
                anchor: None,
            }],
            density: doc::Density::Compact,
            kind: doc::TableKind::Data,
        };
        assert_eq!(content_widths(&mut flow, &wide, 7.5), vec![1.0 / 80.0; 80]);
        // When everything fits on one line, the spare room goes in proportion.
        t.rows = vec![row(["Venue hire", "3", "IOM"])];
        let w = content_widths(&mut flow, &t, 8.0);
        assert!(w[0] > w[1] && w[0] > w[2], "{w:?}");
    }

    fn laid(lang: &str, paper: Paper) -> Laid {
        let t = Template::builtin().unwrap();
        let mut p = studio_core::example_proposal().unwrap();
        p.language = lang.into();
        let opts = Options {
            review: None,
            paper,
            review_copy: true,
            version: "1".into(),
            date: "2027-02-15".into(),
        };
        let mut fonts = Fonts::load().unwrap();
        layout(&doc::build(&p, t, &edition()), &opts, &mut fonts)
    }

    fn edition() -> doc::Edition {
        doc::Edition {
            version: "1".into(),
            date: "2027-02-15".into(),
            ..Default::default()
        }
    }

    /// A word of fixed text (ours or the template's) is never cut between
    /// letters in a table; only a proposal's own long words may be.
    #[test]
    fn no_fixed_word_is_cut_in_a_table_in_any_language_or_paper() {
        let own = studio_core::example_proposal().unwrap().to_json_pretty();
        let mut cut = Vec::new();
        for lang in ["en", "fr", "es"] {
            for paper in [Paper::A4, Paper::Letter] {
                let words = laid(lang, paper).cut_table_words;
                cut.extend(
                    words
                        .into_iter()
                        .filter(|w| !own.contains(w.as_str()))
                        .map(|w| format!("{lang} {paper:?} {w}")),
                );
            }
        }
        assert!(cut.is_empty(), "words wider than their column: {cut:?}");
    }

    #[test]
    fn the_cover_stays_on_one_page_in_every_language_and_paper() {
        for lang in ["en", "fr", "es"] {
            for paper in [Paper::A4, Paper::Letter] {
                let laid = laid(lang, paper);
                let cover: Vec<&Placed> = laid
                    .placed
                    .iter()
                    // The cover's own fields; a partner's row (/cover/partners/0) prints in its section.
                    .filter(|p| p.anchor.path.starts_with("/cover") && p.anchor.path.matches('/').count() == 2)
                    .collect();
                assert!(cover.len() >= 10, "{lang} {paper:?}: the cover's facts are placed");
                for p in cover {
                    assert!(
                        p.boxes.iter().all(|b| b.0 == 0),
                        "{lang} {paper:?}: {:?} is past the first page",
                        p.anchor
                    );
                }
                assert_eq!(
                    laid.outline[2].1, 2,
                    "{lang} {paper:?}: the contents follow a one-page cover"
                );
            }
        }
    }

    #[test]
    fn the_review_copy_watermark_is_in_the_proposals_language_and_fits_the_page() {
        for (lang, diagonal) in [
            ("en", "DRAFT — NOT FOR SUBMISSION"),
            ("fr", "PROJET — NE PAS SOUMETTRE"),
            ("es", "BORRADOR — NO PRESENTAR"),
        ] {
            let pages = laid(lang, Paper::Letter).pages;
            let mut fonts = Fonts::load().unwrap();
            for page in &pages {
                let marks: Vec<(f32, f32, &str)> = page
                    .items
                    .iter()
                    .filter_map(|i| match i {
                        Item::Rotated { size, x, text, .. } => Some((*size, *x, text.as_str())),
                        _ => None,
                    })
                    .collect();
                assert_eq!(marks.len(), 1, "{lang}: one watermark a page");
                let (size, x, text) = marks[0];
                assert_eq!(text, diagonal);
                assert!(
                    x > 0.0 && fonts.width(Face::Bold, size, text) < 612.0_f32.hypot(792.0),
                    "{lang}: within the page"
                );
            }
        }
    }

    /// A risk's score is shaded with the band the core gives it (8 and 5
    /// are "medium", 15 "high", 25 "very high"), and the bands are named
    /// on paper with their scores, as on the screen.
    #[test]
    fn risk_shading_follows_the_templates_bands() {
        let t = Template::builtin().unwrap();
        let mut p = studio_core::example_proposal().unwrap();
        let base = p.risk_matrix.risks[0].clone();
        p.risk_matrix.risks = [(2, 4), (1, 5), (3, 5), (5, 5), (1, 1)]
            .iter()
            .enumerate()
            .map(|(i, (l, im))| studio_core::annexes::Risk {
                id: format!("r{i}"),
                likelihood: Some(*l),
                impact: Some(*im),
                ..base.clone()
            })
            .collect();
        let opts = Options {
            review: None,
            paper: Paper::A4,
            review_copy: false,
            version: "1".into(),
            date: "2027-02-15".into(),
        };
        let mut fonts = Fonts::load().unwrap();
        let laid = layout(&doc::build(&p, t, &edition()), &opts, &mut fonts);
        let items: Vec<&Item> = laid.pages.iter().flat_map(|pg| &pg.items).collect();
        let fills = |fill: Rgb| {
            items
                .iter()
                .filter(|i| matches!(i, Item::Rect { fill: f, .. } if *f == fill))
                .count()
        };
        // Each band once in the legend, then once per risk in it.
        assert_eq!(fills(band_shade("medium")), 1 + 2);
        assert_eq!(fills(band_shade("high")), 1 + 1);
        assert_eq!(fills(band_shade("very_high")), 1 + 1);
        assert_eq!(fills(band_shade("low")), 1 + 1);
        let words: String = items
            .iter()
            .filter_map(|i| match i {
                Item::Text { text, .. } => Some(text.as_str()),
                _ => None,
            })
            .collect::<Vec<_>>()
            .join(" ");
        for legend in ["Low 1–4", "Medium 5–9", "High 10–19", "Very high 20–25"] {
            assert!(words.contains(legend), "{legend}");
        }
    }
}
