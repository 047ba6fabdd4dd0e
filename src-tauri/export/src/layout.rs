//! A small typesetting engine on top of plain drawing operations: line
//! breaking with measured glyph widths, headings kept with what follows,
//! paragraphs without widows or orphans, lists, and tables that split across
//! pages with their header row repeated.

use crate::fonts::{Face, Fonts};

pub type Rgb = (f32, f32, f32);

pub const INK: Rgb = (0.11, 0.14, 0.16);
pub const ACCENT: Rgb = (0.0, 0.353, 0.522);
pub const MUTED: Rgb = (0.33, 0.37, 0.41);
pub const RULE: Rgb = (0.80, 0.83, 0.86);
pub const SHADE: Rgb = (0.93, 0.95, 0.97);
pub const ACCENT_SOFT: Rgb = (0.86, 0.93, 0.97);
pub const BAR: Rgb = (0.0, 0.45, 0.66);

/// Something drawn on a page; `y` is measured down from the top edge.
#[derive(Debug, Clone, PartialEq)]
pub enum Item {
    Text {
        x: f32,
        y: f32,
        face: Face,
        size: f32,
        color: Rgb,
        text: String,
    },
    Rect {
        x: f32,
        y: f32,
        w: f32,
        h: f32,
        fill: Rgb,
    },
    Line {
        x1: f32,
        y1: f32,
        x2: f32,
        y2: f32,
        color: Rgb,
        width: f32,
    },
    /// Text turned `angle` degrees anticlockwise about its start.
    Rotated {
        x: f32,
        y: f32,
        angle: f32,
        face: Face,
        size: f32,
        color: Rgb,
        text: String,
    },
}

#[derive(Debug, Clone, Default)]
pub struct Page {
    pub items: Vec<Item>,
}

#[derive(Debug, Clone, Copy)]
pub struct Geometry {
    pub width: f32,
    pub height: f32,
    pub left: f32,
    pub right: f32,
    pub top: f32,
    pub bottom: f32,
}

impl Geometry {
    pub fn content_width(&self) -> f32 {
        self.width - self.left - self.right
    }
    pub fn limit(&self) -> f32 {
        self.height - self.bottom
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Span {
    pub text: String,
    pub face: Face,
    pub color: Option<Rgb>,
}

impl Span {
    pub fn plain(text: impl Into<String>) -> Span {
        Span {
            text: text.into(),
            face: Face::Regular,
            color: None,
        }
    }
    pub fn bold(text: impl Into<String>) -> Span {
        Span {
            text: text.into(),
            face: Face::Bold,
            color: None,
        }
    }
    pub fn italic(text: impl Into<String>) -> Span {
        Span {
            text: text.into(),
            face: Face::Italic,
            color: None,
        }
    }
    pub fn colored(mut self, c: Rgb) -> Span {
        self.color = Some(c);
        self
    }
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Align {
    Left,
    Right,
    Center,
}

#[derive(Debug, Clone, Default)]
pub struct Cell {
    pub spans: Vec<Span>,
    pub fill: Option<Rgb>,
}

impl Cell {
    pub fn text(s: impl Into<String>) -> Cell {
        Cell {
            spans: vec![Span::plain(s)],
            fill: None,
        }
    }
    pub fn bold(s: impl Into<String>) -> Cell {
        Cell {
            spans: vec![Span::bold(s)],
            fill: None,
        }
    }
    pub fn filled(fill: Rgb) -> Cell {
        Cell {
            spans: vec![],
            fill: Some(fill),
        }
    }
}

#[derive(Debug, Clone, Default)]
pub struct Row {
    pub cells: Vec<Cell>,
    pub fill: Option<Rgb>,
}

#[derive(Debug, Clone)]
pub struct Table {
    /// Column widths as shares of the content width.
    pub widths: Vec<f32>,
    pub align: Vec<Align>,
    pub header: Vec<Cell>,
    pub rows: Vec<Row>,
    pub size: f32,
}

#[derive(Debug, Clone)]
struct Piece {
    face: Face,
    color: Option<Rgb>,
    text: String,
    width: f32,
}

#[derive(Debug, Clone, Default)]
struct Word {
    pieces: Vec<Piece>,
    width: f32,
    space: f32,
    /// A forced line break follows.
    brk: bool,
}

#[derive(Debug, Clone, Default)]
struct LaidLine {
    words: Vec<Word>,
    width: f32,
}

pub struct Flow<'f> {
    fonts: &'f mut Fonts,
    pub geo: Geometry,
    pub pages: Vec<Page>,
    /// Top of the next content, measured down from the page's top edge.
    pub y: f32,
    /// Anchors (ids) and the page index they landed on.
    pub anchors: Vec<(String, usize)>,
    /// Words in table cells wider than their column, which are cut between
    /// letters; kept so the tests can insist fixed labels never are.
    pub cut_table_words: Vec<String>,
}

pub const LEADING: f32 = 1.45;
const TABLE_PAD_X: f32 = 4.0;
const TABLE_PAD_Y: f32 = 3.5;

impl<'f> Flow<'f> {
    pub fn new(fonts: &'f mut Fonts, geo: Geometry) -> Flow<'f> {
        let y = geo.top;
        Flow {
            fonts,
            geo,
            pages: vec![Page::default()],
            y,
            anchors: Vec::new(),
            cut_table_words: Vec::new(),
        }
    }

    pub fn page_index(&self) -> usize {
        self.pages.len() - 1
    }

    fn push(&mut self, item: Item) {
        if let Some(p) = self.pages.last_mut() {
            p.items.push(item);
        }
    }

    pub fn new_page(&mut self) {
        self.pages.push(Page::default());
        self.y = self.geo.top;
    }

    fn at_top(&self) -> bool {
        (self.y - self.geo.top).abs() < 0.01
    }

    pub fn space(&mut self, pt: f32) {
        if !self.at_top() {
            self.y += pt;
        }
    }

    pub fn ensure(&mut self, h: f32) {
        if self.y + h > self.geo.limit() && !self.at_top() {
            self.new_page();
        }
    }

    pub fn remaining(&self) -> f32 {
        self.geo.limit() - self.y
    }

    pub fn mark(&mut self, anchor: &str) {
        let i = self.page_index();
        self.anchors.push((anchor.to_string(), i));
    }

    pub fn width_of(&mut self, face: Face, size: f32, text: &str) -> f32 {
        let t = self.fonts.drawable(face, text);
        self.fonts.width(face, size, &t)
    }

    pub fn text_at(&mut self, x: f32, baseline: f32, face: Face, size: f32, color: Rgb, text: &str) {
        let t = self.fonts.drawable(face, text);
        self.push(Item::Text {
            x,
            y: baseline,
            face,
            size,
            color,
            text: t,
        });
    }

    pub fn rect(&mut self, x: f32, y: f32, w: f32, h: f32, fill: Rgb) {
        self.push(Item::Rect { x, y, w, h, fill });
    }

    pub fn hline(&mut self, x1: f32, x2: f32, y: f32, color: Rgb, width: f32) {
        self.push(Item::Line {
            x1,
            y1: y,
            x2,
            y2: y,
            color,
            width,
        });
    }

    /// Breaks spans into lines no wider than `max`.
    fn break_lines(&mut self, spans: &[Span], size: f32, max: f32) -> Vec<LaidLine> {
        let mut words: Vec<Word> = Vec::new();
        let mut current = Word::default();
        let mut open = false;
        for span in spans {
            let text = span.text.replace("\r\n", "\n");
            let mut chunk = String::new();
            let flush_chunk = |fonts: &mut Fonts, chunk: &mut String, w: &mut Word| {
                if !chunk.is_empty() {
                    let t = fonts.drawable(span.face, chunk);
                    let width = fonts.width(span.face, size, &t);
                    w.width += width;
                    w.pieces.push(Piece {
                        face: span.face,
                        color: span.color,
                        text: t,
                        width,
                    });
                    chunk.clear();
                }
            };
            for c in text.chars() {
                if c == ' ' || c == '\n' {
                    flush_chunk(self.fonts, &mut chunk, &mut current);
                    if open || !current.pieces.is_empty() {
                        current.space = self.fonts.width(span.face, size, " ");
                        current.brk = c == '\n';
                        words.push(std::mem::take(&mut current));
                        open = false;
                    } else if c == '\n' {
                        if let Some(last) = words.last_mut() {
                            last.brk = true;
                        }
                    }
                } else {
                    chunk.push(c);
                    open = true;
                }
            }
            flush_chunk(self.fonts, &mut chunk, &mut current);
        }
        if !current.pieces.is_empty() {
            words.push(current);
        }

        let mut lines = vec![LaidLine::default()];
        for word in words {
            let brk = word.brk;
            for part in self.split_wide(word, max) {
                let line = lines.last_mut().expect("a line");
                let extra = if line.words.is_empty() {
                    0.0
                } else {
                    line.words.last().map_or(0.0, |w| w.space)
                };
                if !line.words.is_empty() && line.width + extra + part.width > max {
                    lines.push(LaidLine::default());
                }
                let line = lines.last_mut().expect("a line");
                let extra = if line.words.is_empty() {
                    0.0
                } else {
                    line.words.last().map_or(0.0, |w| w.space)
                };
                line.width += extra + part.width;
                line.words.push(part);
            }
            if brk {
                lines.push(LaidLine::default());
            }
        }
        while lines.len() > 1 && lines.last().is_some_and(|l| l.words.is_empty()) {
            lines.pop();
        }
        lines
    }

    /// A word wider than the line is cut between characters.
    fn split_wide(&mut self, word: Word, max: f32) -> Vec<Word> {
        if word.width <= max {
            return vec![word];
        }
        let mut out = Vec::new();
        let mut cur = Word::default();
        for p in word.pieces {
            // The piece's size, from its measured width, once per piece.
            let size = p.width / self.fonts.width(p.face, 1.0, &p.text).max(0.001);
            for c in p.text.chars() {
                let s = c.to_string();
                let w = self.fonts.width(p.face, 1.0, &s) * size;
                if cur.width + w > max && !cur.pieces.is_empty() {
                    out.push(std::mem::take(&mut cur));
                }
                match cur.pieces.last_mut() {
                    Some(last) if last.face == p.face && last.color == p.color => {
                        last.text.push(c);
                        last.width += w;
                    }
                    _ => cur.pieces.push(Piece {
                        face: p.face,
                        color: p.color,
                        text: s,
                        width: w,
                    }),
                }
                cur.width += w;
            }
        }
        cur.space = word.space;
        out.push(cur);
        out
    }

    // The arguments are the line's box and its ink; a struct would only rename them.
    #[allow(clippy::too_many_arguments)]
    fn draw_line(&mut self, line: &LaidLine, x0: f32, baseline: f32, size: f32, color: Rgb, align: Align, avail: f32) {
        let mut x = match align {
            Align::Left => x0,
            Align::Right => x0 + avail - line.width,
            Align::Center => x0 + (avail - line.width) / 2.0,
        };
        for (i, w) in line.words.iter().enumerate() {
            for p in &w.pieces {
                self.push(Item::Text {
                    x,
                    y: baseline,
                    face: p.face,
                    size,
                    color: p.color.unwrap_or(color),
                    text: p.text.clone(),
                });
                x += p.width;
            }
            if i + 1 < line.words.len() {
                x += w.space;
            }
        }
    }

    /// A paragraph. `marker` (a bullet or number) hangs in the indent.
    pub fn paragraph(
        &mut self,
        spans: &[Span],
        size: f32,
        color: Rgb,
        indent: f32,
        marker: Option<&str>,
        space_after: f32,
    ) {
        let lh = size * LEADING;
        let width = self.geo.content_width() - indent;
        let lines = self.break_lines(spans, size, width);
        let n = lines.len();
        let mut i = 0;
        while i < n {
            let fit = ((self.remaining()) / lh).floor().max(0.0) as usize;
            let left = n - i;
            let mut take = fit.min(left);
            if take < left {
                // No orphan: at least two lines before a break; no widow: at least two after.
                if take < 2 && !self.at_top() {
                    self.new_page();
                    continue;
                }
                if left - take < 2 && take > 2 {
                    take = left - 2;
                }
                take = take.max(1);
            }
            for (k, line) in lines[i..i + take].iter().enumerate() {
                let baseline = self.y + size;
                if i + k == 0 {
                    if let Some(m) = marker {
                        let mw = self.width_of(Face::Regular, size, m);
                        self.text_at(
                            self.geo.left + indent - mw - 4.0,
                            baseline,
                            Face::Regular,
                            size,
                            color,
                            m,
                        );
                    }
                }
                let x = self.geo.left + indent;
                self.draw_line(line, x, baseline, size, color, Align::Left, width);
                self.y += lh;
            }
            i += take;
            if i < n {
                self.new_page();
            }
        }
        self.y += space_after;
    }

    /// A heading kept together with at least `keep` points of what follows.
    pub fn heading(&mut self, text: &str, size: f32, color: Rgb, keep: f32, space_after: f32) {
        let lh = size * 1.25;
        let spans = [Span {
            text: text.to_string(),
            face: Face::Bold,
            color: None,
        }];
        let lines = self.break_lines(&spans, size, self.geo.content_width());
        self.ensure(lh * lines.len() as f32 + keep);
        for line in &lines {
            let baseline = self.y + size;
            let w = self.geo.content_width();
            self.draw_line(line, self.geo.left, baseline, size, color, Align::Left, w);
            self.y += lh;
        }
        self.y += space_after;
    }

    /// A table-of-contents line: title, dot leader, page number.
    pub fn toc_line(&mut self, title: &str, page: &str, size: f32, face: Face, indent: f32) {
        let lh = size * 1.6;
        self.ensure(lh);
        let baseline = self.y + size;
        let num_w = self.width_of(face, size, page);
        let right = self.geo.width - self.geo.right;
        let avail = self.geo.content_width() - indent - num_w - 24.0;
        let spans = [Span {
            text: title.to_string(),
            face,
            color: None,
        }];
        let lines = self.break_lines(&spans, size, avail);
        let first = lines.first().cloned().unwrap_or_default();
        self.draw_line(&first, self.geo.left + indent, baseline, size, INK, Align::Left, avail);
        let dot_w = self.width_of(Face::Regular, size, ".").max(0.5);
        let start = self.geo.left + indent + first.width + 6.0;
        let end = right - num_w - 6.0;
        if end > start {
            let n = ((end - start) / (dot_w * 2.0)).floor() as usize;
            let dots: String = ". ".repeat(n);
            let dots_w = self.width_of(Face::Regular, size, &dots);
            self.text_at(end - dots_w, baseline, Face::Regular, size, MUTED, &dots);
        }
        self.text_at(right - num_w, baseline, face, size, INK, page);
        self.y += lh;
    }

    pub fn rule(&mut self, color: Rgb, width: f32) {
        let y = self.y;
        self.hline(self.geo.left, self.geo.width - self.geo.right, y, color, width);
    }

    /// The height a table takes when nothing breaks it across pages.
    pub fn table_height(&mut self, t: &Table) -> f32 {
        let lh = t.size * 1.35;
        let total_w = self.geo.content_width();
        let header = (!t.header.is_empty()).then_some((&t.header, true));
        let mut height = 0.0;
        for (cells, bold) in header.into_iter().chain(t.rows.iter().map(|r| (&r.cells, false))) {
            let mut lines = 1;
            for (i, c) in cells.iter().enumerate().filter(|(_, c)| !c.spans.is_empty()) {
                let spans: Vec<Span> = c
                    .spans
                    .iter()
                    .map(|s| Span {
                        face: s.face.with(bold, false),
                        ..s.clone()
                    })
                    .collect();
                let w = t.widths.get(i).map_or(40.0, |w| w * total_w) - 2.0 * TABLE_PAD_X;
                lines = lines.max(self.break_lines(&spans, t.size, w.max(8.0)).len());
            }
            height += lines as f32 * lh + 2.0 * TABLE_PAD_Y;
        }
        height
    }

    /// A table; rows that do not fit move to the next page under a repeated
    /// header, and a row taller than a page is split between its lines.
    pub fn table(&mut self, t: &Table) {
        let pad_x = TABLE_PAD_X;
        let pad_y = TABLE_PAD_Y;
        let lh = t.size * 1.35;
        let total_w = self.geo.content_width();
        let widths: Vec<f32> = t.widths.iter().map(|w| w * total_w).collect();
        let xs: Vec<f32> = widths
            .iter()
            .scan(self.geo.left, |x, w| {
                let here = *x;
                *x += w;
                Some(here)
            })
            .collect();

        let lay_row = |flow: &mut Flow, cells: &[Cell], bold: bool| -> Vec<Vec<LaidLine>> {
            cells
                .iter()
                .enumerate()
                .map(|(i, c)| {
                    let spans: Vec<Span> = if bold {
                        c.spans
                            .iter()
                            .map(|s| Span {
                                face: s.face.with(true, false),
                                ..s.clone()
                            })
                            .collect()
                    } else {
                        c.spans.clone()
                    };
                    let w = widths.get(i).copied().unwrap_or(40.0) - 2.0 * pad_x;
                    if spans.is_empty() {
                        vec![]
                    } else {
                        flow.break_lines(&spans, t.size, w.max(8.0))
                    }
                })
                .collect()
        };
        let rows = std::iter::once((&t.header, true)).chain(t.rows.iter().map(|r| (&r.cells, false)));
        for (cells, bold) in rows {
            for (column, cell) in cells.iter().enumerate() {
                let room = widths.get(column).copied().unwrap_or(40.0) - 2.0 * pad_x;
                for span in &cell.spans {
                    for word in span.text.split([' ', '\n']).filter(|w| !w.is_empty()) {
                        if self.width_of(span.face.with(bold, false), t.size, word) > room.max(8.0) {
                            self.cut_table_words.push(word.to_string());
                        }
                    }
                }
            }
        }
        let header = lay_row(self, &t.header, true);
        let header_h = if header.is_empty() {
            0.0
        } else {
            header.iter().map(Vec::len).max().unwrap_or(1).max(1) as f32 * lh + 2.0 * pad_y
        };
        let rows: Vec<Vec<Vec<LaidLine>>> = t.rows.iter().map(|r| lay_row(self, &r.cells, false)).collect();

        let draw_header = |flow: &mut Flow| {
            if header.is_empty() {
                return;
            }
            let y = flow.y;
            flow.rect(flow.geo.left, y, total_w, header_h, SHADE);
            for (i, lines) in header.iter().enumerate() {
                for (k, line) in lines.iter().enumerate() {
                    let baseline = y + pad_y + k as f32 * lh + t.size;
                    let align = t.align.get(i).copied().unwrap_or(Align::Left);
                    flow.draw_line(
                        line,
                        xs[i] + pad_x,
                        baseline,
                        t.size,
                        INK,
                        align,
                        widths[i] - 2.0 * pad_x,
                    );
                }
            }
            flow.y += header_h;
            flow.hline(flow.geo.left, flow.geo.left + total_w, flow.y, MUTED, 0.8);
        };

        self.ensure(header_h + lh * 2.0 + 2.0 * pad_y);
        draw_header(self);
        for (r, cells) in rows.iter().enumerate() {
            let n_lines = cells.iter().map(Vec::len).max().unwrap_or(0).max(1);
            let row_h = n_lines as f32 * lh + 2.0 * pad_y;
            let fresh_room = self.geo.limit() - self.geo.top - header_h;
            if self.y + row_h > self.geo.limit() && row_h <= fresh_room {
                self.new_page();
                draw_header(self);
            }
            let row = &t.rows[r];
            let mut start = 0;
            while start < n_lines {
                let fit = (((self.remaining() - 2.0 * pad_y) / lh).floor().max(0.0) as usize).min(n_lines - start);
                if fit == 0 {
                    self.new_page();
                    draw_header(self);
                    continue;
                }
                let h = fit as f32 * lh + 2.0 * pad_y;
                let y = self.y;
                if let Some(fill) = row.fill {
                    self.rect(self.geo.left, y, total_w, h, fill);
                }
                for (i, lines) in cells.iter().enumerate() {
                    if let Some(fill) = row.cells[i].fill {
                        self.rect(xs[i] + 1.0, y + 2.0, widths[i] - 2.0, h - 4.0, fill);
                    }
                    let align = t.align.get(i).copied().unwrap_or(Align::Left);
                    for (k, line) in lines.iter().enumerate().skip(start).take(fit) {
                        let baseline = y + pad_y + (k - start) as f32 * lh + t.size;
                        self.draw_line(
                            line,
                            xs[i] + pad_x,
                            baseline,
                            t.size,
                            INK,
                            align,
                            widths[i] - 2.0 * pad_x,
                        );
                    }
                }
                self.y += h;
                self.hline(self.geo.left, self.geo.left + total_w, self.y, RULE, 0.5);
                start += fit;
                if start < n_lines {
                    self.new_page();
                    draw_header(self);
                }
            }
        }
    }
}
