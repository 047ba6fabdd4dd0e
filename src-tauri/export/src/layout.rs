//! A small typesetting engine on top of plain drawing operations: line
//! breaking with measured glyph widths, headings kept with what follows,
//! paragraphs without widows or orphans, lists, and tables that split across
//! pages with their header row repeated.

use crate::fonts::{Face, Fonts};
use studio_core::review::Anchor;

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
    /// What follows on the page, up to the next mark, belongs to this
    /// element of the structure tree; `None`: to no element, an artifact
    /// (running headers and footers, rules, shading, a repeated header row).
    Mark(Option<usize>),
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

/// The kinds of element of a tagged PDF's structure tree that the layout
/// makes (the standard structure types of PDF 1.7, 14.8.4).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
// The names are PDF's own structure types (TOC, TOCI), spelled as PDF spells them.
#[allow(clippy::upper_case_acronyms)]
pub enum Role {
    Document,
    Sect,
    Div,
    H1,
    H2,
    H3,
    P,
    L,
    LI,
    Lbl,
    LBody,
    Table,
    TR,
    TH,
    TD,
    TOC,
    TOCI,
    Link,
    /// A header cell for its row (`TH` with the row as its scope).
    RowHeader,
}

impl Role {
    pub fn name(self) -> &'static str {
        match self {
            Role::Document => "Document",
            Role::Sect => "Sect",
            Role::Div => "Div",
            Role::H1 => "H1",
            Role::H2 => "H2",
            Role::H3 => "H3",
            Role::P => "P",
            Role::L => "L",
            Role::LI => "LI",
            Role::Lbl => "Lbl",
            Role::LBody => "LBody",
            Role::Table => "Table",
            Role::TR => "TR",
            Role::TH => "TH",
            Role::TD => "TD",
            Role::TOC => "TOC",
            Role::TOCI => "TOCI",
            Role::RowHeader => "TH",
            Role::Link => "Link",
        }
    }
}

/// One element of the structure tree: its kind, its parent and, in reading
/// order, its children and the marked content drawn for it.
#[derive(Debug, Clone)]
pub struct Node {
    pub role: Role,
    pub parent: Option<usize>,
    pub kids: Vec<Kid>,
    /// Alternative text, for an element whose content says nothing in words.
    pub alt: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Kid {
    Node(usize),
    /// A marked sequence of a page: the `mcid`th of the page's marks that
    /// name an element.
    Content {
        page: usize,
        mcid: u32,
    },
}

#[derive(Debug, Clone, Default)]
pub struct Page {
    pub items: Vec<Item>,
    /// Printed with the paper turned a quarter: its height across.
    pub landscape: bool,
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
    /// The height the content may take on a page.
    pub fn body(&self) -> f32 {
        self.limit() - self.top
    }
    /// The same paper turned a quarter, with the same margins, for a
    /// landscape page.
    pub fn turned(&self) -> Geometry {
        Geometry {
            width: self.height,
            height: self.width,
            ..*self
        }
    }
    /// This (portrait) paper, turned if `landscape`.
    pub fn oriented(&self, landscape: bool) -> Geometry {
        if landscape {
            self.turned()
        } else {
            *self
        }
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
    /// The words of a cell that speaks by its fill alone (its element's `/Alt`).
    pub alt: Option<String>,
}

impl Cell {
    pub fn text(s: impl Into<String>) -> Cell {
        Cell {
            spans: vec![Span::plain(s)],
            ..Cell::default()
        }
    }
}

#[derive(Debug, Clone, Default)]
pub struct Row {
    pub cells: Vec<Cell>,
    pub fill: Option<Rgb>,
    /// The part of the proposal the row shows, recorded where it lands.
    pub anchor: Option<Anchor>,
    /// A group's heading row: it never ends a page, it goes with the row after it.
    pub keep_with_next: bool,
    /// What an empty first cell says when the row begins a page: the label
    /// of the group it continues ("Output 1.2 (continued)").
    pub continues: Option<String>,
}

/// Where an anchor landed: on each page it reaches, the band from the top
/// of its first mark to the bottom of its last, in points from the page's
/// top edge.
#[derive(Debug, Clone)]
pub struct Placed {
    pub anchor: Anchor,
    /// (page index, top, bottom)
    pub boxes: Vec<(usize, f32, f32)>,
    /// The text drawn for this anchor and no anchor inside it, run by run,
    /// when the flow records them (review copies).
    pub runs: Vec<Run>,
    /// The group's label a row repeats where it begins a page inside its
    /// group ("Output 2.1 (continued)"): drawn in its box, not its words.
    pub repeats: Option<String>,
}

/// One run of text as drawn: where it starts, in which face and size. Its
/// characters advance by the face's glyph widths from `x`.
#[derive(Debug, Clone, PartialEq)]
pub struct Run {
    pub page: usize,
    pub x: f32,
    /// The baseline, from the page's top edge.
    pub baseline: f32,
    pub size: f32,
    pub face: Face,
    pub text: String,
}

#[derive(Debug, Clone)]
pub struct Table {
    /// Column widths as shares of the content width.
    pub widths: Vec<f32>,
    pub align: Vec<Align>,
    pub header: Vec<Cell>,
    pub rows: Vec<Row>,
    pub size: f32,
    pub kind: Kind,
}

/// How a table's cells are tagged for those who hear it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Data cells under column header cells.
    Data,
    /// Pairs: each row's first cell is the header of the rest of its row
    /// (the cover's facts).
    Facts,
    /// A key to colours: a list whose entries are its cells.
    Legend,
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

impl Word {
    /// A word of one letter, perhaps after an opening bracket or quote.
    fn is_single_letter(&self) -> bool {
        let text: String = self.pieces.iter().map(|p| p.text.as_str()).collect();
        let mut letters = text
            .trim_start_matches(['(', '[', '«', '"', '“', '‘', '¿', '¡', '\u{a0}'])
            .chars();
        matches!((letters.next(), letters.next()), (Some(c), None) if c.is_alphabetic())
    }
}

#[derive(Debug, Clone, Default)]
struct LaidLine {
    words: Vec<Word>,
    width: f32,
    /// The line ends where a space was: its text keeps one at its end, so
    /// that text read from the page (a screen reader, a copy) has the
    /// space between its last word and the next line's first.
    soft_end: bool,
}

/// Where a contents line's dot leaders and page number were drawn (item
/// indexes on its page), and where its leaders may begin.
struct TocNumber {
    page: usize,
    dots: usize,
    number: usize,
    start: f32,
    /// Where the number ends: the right edge of the contents' page.
    right: f32,
}

pub struct Flow<'f> {
    fonts: &'f mut Fonts,
    /// The page being filled: the paper, turned on a landscape page.
    pub geo: Geometry,
    /// The paper upright.
    pub paper: Geometry,
    pub pages: Vec<Page>,
    /// Top of the next content, measured down from the page's top edge.
    pub y: f32,
    /// Every anchor begun so far, with where its marks landed.
    pub placed: Vec<Placed>,
    /// The anchors open now (indexes into `placed`), outermost first.
    open: Vec<usize>,
    /// Each contents line drawn: (page index, top, bottom, its Link
    /// element), for its link.
    pub toc_lines: Vec<(usize, f32, f32, usize)>,
    /// Each contents line's page number and dot leaders, drawn empty and
    /// written by [`Flow::number_contents`] once the parts are laid out.
    toc_numbers: Vec<TocNumber>,
    /// The level of the last heading placed, so that none skips a level.
    last_heading: Option<u8>,
    /// The document's language, whose patterns hyphenate a word too wide
    /// for its line.
    pub lang: String,
    /// Words in table cells wider than their column, which are cut between
    /// letters; kept so the tests can insist fixed labels never are.
    pub cut_table_words: Vec<String>,
    /// Records the text runs of each anchor (for a review copy's map).
    pub record_runs: bool,
    /// The structure tree; element 0 is the document.
    pub tree: Vec<Node>,
    /// The elements open now, the document first.
    stack: Vec<usize>,
    /// Above zero, text drawn is an artifact (a repeated header row).
    artifact: u32,
    /// The element the current page's content last belonged to, once set.
    owner: Option<Option<usize>>,
    /// The marked sequences naming an element on the current page so far.
    mcids: u32,
}

pub const LEADING: f32 = 1.45;
pub const TABLE_PAD_X: f32 = 4.0;
pub const TABLE_PAD_Y: f32 = 3.5;
/// A table's line height, as a multiple of its type size.
pub const TABLE_LEADING: f32 = 1.35;

impl<'f> Flow<'f> {
    pub fn new(fonts: &'f mut Fonts, geo: Geometry) -> Flow<'f> {
        let y = geo.top;
        Flow {
            fonts,
            geo,
            paper: geo,
            pages: vec![Page::default()],
            y,
            placed: Vec::new(),
            open: Vec::new(),
            toc_lines: Vec::new(),
            toc_numbers: Vec::new(),
            last_heading: None,
            lang: "en".into(),
            cut_table_words: Vec::new(),
            record_runs: false,
            tree: vec![Node {
                role: Role::Document,
                parent: None,
                kids: Vec::new(),
                alt: None,
            }],
            stack: vec![0],
            artifact: 0,
            owner: None,
            mcids: 0,
        }
    }

    /// A new element of `role`, a child of the innermost open one; not
    /// opened (see [`Flow::within`]).
    pub fn node(&mut self, role: Role) -> usize {
        let parent = self.stack.last().copied().unwrap_or(0);
        let id = self.tree.len();
        self.tree.push(Node {
            role,
            parent: Some(parent),
            kids: Vec::new(),
            alt: None,
        });
        self.tree[parent].kids.push(Kid::Node(id));
        id
    }

    /// Runs `draw` with element `id` open: what it draws belongs to it.
    pub fn within<R>(&mut self, id: usize, draw: impl FnOnce(&mut Self) -> R) -> R {
        self.stack.push(id);
        let out = draw(self);
        self.stack.pop();
        out
    }

    /// Runs `draw` in a new element of `role`.
    pub fn tagged<R>(&mut self, role: Role, draw: impl FnOnce(&mut Self) -> R) -> R {
        let id = self.node(role);
        self.within(id, draw)
    }

    /// Runs `draw` with what it draws marked as an artifact.
    pub fn artifact<R>(&mut self, draw: impl FnOnce(&mut Self) -> R) -> R {
        self.artifact += 1;
        let out = draw(self);
        self.artifact -= 1;
        out
    }

    pub fn page_index(&self) -> usize {
        self.pages.len() - 1
    }

    fn push(&mut self, item: Item) {
        if !self.open.is_empty() {
            let (top, bottom) = match &item {
                Item::Text { y, size, .. } => (y - size * 0.9, y + size * 0.25),
                Item::Rect { y, h, .. } => (*y, y + h),
                Item::Line { y1, y2, .. } => (y1.min(*y2), y1.max(*y2)),
                Item::Rotated { .. } | Item::Mark(_) => (f32::NAN, f32::NAN),
            };
            if let (
                true,
                Some(&inner),
                Item::Text {
                    x, y, size, face, text, ..
                },
            ) = (self.record_runs, self.open.last(), &item)
            {
                let page = self.page_index();
                self.placed[inner].runs.push(Run {
                    page,
                    x: *x,
                    baseline: *y,
                    size: *size,
                    face: *face,
                    text: text.clone(),
                });
            }
            if top.is_finite() {
                let page = self.page_index();
                for &i in &self.open {
                    let boxes = &mut self.placed[i].boxes;
                    match boxes.last_mut() {
                        Some(b) if b.0 == page => {
                            b.1 = b.1.min(top);
                            b.2 = b.2.max(bottom);
                        }
                        _ => boxes.push((page, top, bottom)),
                    }
                }
            }
        }
        // Text belongs to the innermost open element; shading and rules
        // are artifacts, as is a repeated header row.
        let owner = match item {
            Item::Text { .. } if self.artifact == 0 => self.stack.last().copied(),
            _ => None,
        };
        if !matches!(item, Item::Rotated { .. }) && self.owner != Some(owner) {
            if let Some(n) = owner {
                let page = self.page_index();
                self.tree[n].kids.push(Kid::Content { page, mcid: self.mcids });
                self.mcids += 1;
            }
            self.owner = Some(owner);
            if let Some(p) = self.pages.last_mut() {
                p.items.push(Item::Mark(owner));
            }
        }
        if let Some(p) = self.pages.last_mut() {
            p.items.push(item);
        }
    }

    /// Starts recording where `anchor`'s marks land; [`Flow::end`] stops.
    pub fn begin(&mut self, anchor: Anchor) -> usize {
        self.placed.push(Placed {
            anchor,
            boxes: Vec::new(),
            runs: Vec::new(),
            repeats: None,
        });
        let i = self.placed.len() - 1;
        self.open.push(i);
        i
    }

    pub fn end(&mut self, opened: usize) {
        self.open.retain(|&i| i != opened);
    }

    pub fn new_page(&mut self) {
        self.pages.push(Page {
            items: Vec::new(),
            landscape: self.landscape(),
        });
        self.owner = None;
        self.mcids = 0;
        self.y = self.geo.top;
    }

    /// Goes on on portrait or landscape paper: a new page, unless the
    /// current one is still blank and can simply be turned.
    pub fn orient(&mut self, landscape: bool) {
        let geo = self.paper.oriented(landscape);
        if (geo.width - self.geo.width).abs() < 0.01 {
            return;
        }
        self.geo = geo;
        match self.pages.last_mut() {
            Some(page) if page.items.is_empty() => {
                page.landscape = landscape;
                self.y = geo.top;
            }
            _ => self.new_page(),
        }
    }

    /// Is the page being filled a landscape one?
    pub fn landscape(&self) -> bool {
        self.geo.width > self.geo.height
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
            for (k, part) in self.split_wide(word, max).into_iter().enumerate() {
                let line = lines.last_mut().expect("a line");
                let extra = if line.words.is_empty() {
                    0.0
                } else {
                    line.words.last().map_or(0.0, |w| w.space)
                };
                if !line.words.is_empty() && line.width + extra + part.width > max {
                    // Between words, not inside one that was too wide.
                    line.soft_end = k == 0;
                    // A one-letter word ("y", "a", "à", "(y") never ends a
                    // line: it moves down with the word it introduces.
                    let carried = match line.words.len() {
                        n if n > 1 && line.words[n - 1].is_single_letter() => {
                            let last = line.words.pop().expect("a word");
                            let before = line.words.last().map_or(0.0, |w| w.space);
                            line.width -= before + last.width;
                            Some(last)
                        }
                        _ => None,
                    };
                    let mut next = LaidLine::default();
                    if let Some(w) = carried {
                        next.width = w.width;
                        next.words.push(w);
                    }
                    lines.push(next);
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

    /// A word wider than the line breaks where the Unicode rules allow
    /// (after a hyphen or a slash), else at a hyphenation point of the
    /// document's language with a hyphen added; only a word with neither is
    /// cut between characters.
    fn split_wide(&mut self, word: Word, max: f32) -> Vec<Word> {
        if word.width <= max {
            return vec![word];
        }
        // The word's characters, each with its style and its width (the
        // pieces' size comes from their measured widths).
        let mut chars: Vec<(char, Face, Option<Rgb>, f32)> = Vec::new();
        for p in &word.pieces {
            let size = p.width / self.fonts.width(p.face, 1.0, &p.text).max(0.001);
            for c in p.text.chars() {
                let w = self.fonts.width(p.face, 1.0, c.encode_utf8(&mut [0; 4])) * size;
                chars.push((c, p.face, p.color, w));
            }
        }
        let size = word
            .pieces
            .first()
            .map(|p| p.width / self.fonts.width(p.face, 1.0, &p.text).max(0.001))
            .unwrap_or(1.0);
        let text: String = chars.iter().map(|c| c.0).collect();
        let index_of: std::collections::HashMap<usize, usize> =
            text.char_indices().enumerate().map(|(i, (b, _))| (b, i)).collect();
        // Break points (character index, with a hyphen added), best first at
        // each place: an opportunity the text has before a hyphenation point.
        let mut soft: Vec<(usize, bool)> = crate::breaks::opportunities(&text)
            .into_iter()
            .filter_map(|b| index_of.get(&b).map(|i| (*i, false)))
            .chain(
                crate::breaks::hyphenation_points(&text, &self.lang)
                    .into_iter()
                    .filter_map(|b| index_of.get(&b).map(|i| (*i, true))),
            )
            .collect();
        soft.sort();
        soft.dedup_by_key(|x| x.0);
        let mut prefix = vec![0.0f32; chars.len() + 1];
        for (i, c) in chars.iter().enumerate() {
            prefix[i + 1] = prefix[i] + c.3;
        }
        let hyphen_w = |fonts: &mut Fonts, face: Face| fonts.width(face, size, "-");
        let build = |from: usize, to: usize, hyphen: bool, hyphen_width: f32| {
            let mut w = Word::default();
            for &(c, face, color, cw) in &chars[from..to] {
                match w.pieces.last_mut() {
                    Some(last) if last.face == face && last.color == color => {
                        last.text.push(c);
                        last.width += cw;
                    }
                    _ => w.pieces.push(Piece {
                        face,
                        color,
                        text: c.to_string(),
                        width: cw,
                    }),
                }
                w.width += cw;
            }
            if hyphen {
                if let Some(last) = w.pieces.last_mut() {
                    last.text.push('-');
                    last.width += hyphen_width;
                }
                w.width += hyphen_width;
            }
            w
        };
        let mut out = Vec::new();
        let mut start = 0;
        while start < chars.len() {
            if prefix[chars.len()] - prefix[start] <= max {
                out.push(build(start, chars.len(), false, 0.0));
                break;
            }
            // The breaks after `start` that fit, a contiguous run of `soft`
            // (widths grow with the index): the last of them that still fits
            // with its hyphen wins. Found by halving, so a word of any length
            // breaks in time proportional to its length.
            let limit = prefix[start] + max;
            let lo = soft.partition_point(|(at, _)| *at <= start);
            let hi = soft.partition_point(|(at, _)| *at < chars.len() && prefix[*at] <= limit);
            // A break the text already has (after its hyphen) comes before
            // one that adds a hyphen.
            let fitting = &soft[lo..hi.max(lo)];
            let mut chosen = fitting.iter().rev().find(|(_, h)| !h).map(|&(at, _)| (at, false, 0.0));
            if chosen.is_none() {
                for &(at, _) in fitting.iter().rev() {
                    let extra = hyphen_w(self.fonts, chars[at - 1].1);
                    if prefix[at] - prefix[start] + extra <= max {
                        chosen = Some((at, true, extra));
                        break;
                    }
                }
            }
            let (end, hyphen, extra) = chosen.unwrap_or_else(|| {
                // No break fits: as many characters as the line holds, one at least.
                let mut end = start + 1;
                while end < chars.len() && prefix[end + 1] - prefix[start] <= max {
                    end += 1;
                }
                (end, false, 0.0)
            });
            out.push(build(start, end, hyphen, extra));
            start = end;
        }
        if let Some(last) = out.last_mut() {
            last.space = word.space;
        }
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
        // One text item per run of the same face and colour, spaces and
        // all: the PDF advances by the same glyph widths we measured, so a
        // run lands where its words would, with a fraction of the items.
        let mut run: Option<(f32, Face, Rgb, String)> = None;
        for (i, w) in line.words.iter().enumerate() {
            for p in &w.pieces {
                let ink = p.color.unwrap_or(color);
                match run.as_mut() {
                    Some((_, face, c, text)) if *face == p.face && *c == ink => text.push_str(&p.text),
                    _ => {
                        if let Some(done) = run.take() {
                            let space = done.3.ends_with(' ');
                            self.push_run(done, baseline, size, space);
                        }
                        run = Some((x, p.face, ink, p.text.clone()));
                    }
                }
                x += p.width;
            }
            if i + 1 < line.words.len() {
                x += w.space;
                match run.as_mut() {
                    // The space is measured in the face of the word it follows.
                    Some((_, face, _, text)) if (self.fonts.width(*face, size, " ") - w.space).abs() < 0.001 => {
                        text.push(' ')
                    }
                    _ => {
                        if let Some(done) = run.take() {
                            self.push_run(done, baseline, size, true);
                        }
                    }
                }
            }
        }
        if let Some(done) = run {
            self.push_run(done, baseline, size, line.soft_end);
        }
    }

    /// A run of text, without the spaces at its end; with one when `space`:
    /// a word ends the run and another follows (in the next run, or at the
    /// start of the next line), so text read from the page keeps the space.
    fn push_run(&mut self, (x, face, color, text): (f32, Face, Rgb, String), baseline: f32, size: f32, space: bool) {
        let mut text = text.trim_end_matches(' ').to_string();
        if space && !text.is_empty() {
            text.push(' ');
        }
        if !text.is_empty() {
            self.push(Item::Text {
                x,
                y: baseline,
                face,
                size,
                color,
                text,
            });
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
        // However deep a list, its text keeps at least half the line.
        let indent = indent.clamp(0.0, self.geo.content_width() / 2.0);
        let width = self.geo.content_width() - indent;
        let lines = self.break_lines(spans, size, width);
        // A paragraph, or a list item's label and body.
        let label = marker.map(|_| self.node(Role::Lbl));
        let body = self.node(if marker.is_some() { Role::LBody } else { Role::P });
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
                    if let (Some(m), Some(label)) = (marker, label) {
                        let mw = self.width_of(Face::Regular, size, m);
                        let x = self.geo.left + indent - mw - 4.0;
                        self.within(label, |f| f.text_at(x, baseline, Face::Regular, size, color, m));
                    }
                }
                let x = self.geo.left + indent;
                self.within(body, |f| {
                    f.draw_line(line, x, baseline, size, color, Align::Left, width)
                });
                self.y += lh;
            }
            i += take;
            if i < n {
                self.new_page();
            }
        }
        self.y += space_after;
    }

    /// A heading (an element of `role`: H1, H2, H3) kept together with at
    /// least `keep` points of what follows.
    pub fn heading(&mut self, role: Role, text: &str, size: f32, color: Rgb, keep: f32, space_after: f32) {
        let lh = size * 1.25;
        let spans = [Span {
            text: text.to_string(),
            face: Face::Bold,
            color: None,
        }];
        let lines = self.break_lines(&spans, size, self.geo.content_width());
        // Kept with what follows when it fits on a page; a longer one
        // continues on the next page rather than run off the bottom.
        let room = self.geo.limit() - self.geo.top;
        self.ensure((lh * lines.len() as f32 + keep).min(room));
        // A heading never skips a level in the tree (a narrative field's
        // heading right under a part's title is its second level).
        let level = |r: Role| match r {
            Role::H1 => 1u8,
            Role::H2 => 2,
            _ => 3,
        };
        let role = match (level(role), self.last_heading) {
            (3, Some(1)) => Role::H2,
            (l, None) if l > 1 => Role::H1,
            _ => role,
        };
        self.last_heading = Some(level(role));
        let id = self.node(role);
        for line in &lines {
            if self.y + lh > self.geo.limit() && !self.at_top() {
                self.new_page();
            }
            let baseline = self.y + size;
            let (x, w) = (self.geo.left, self.geo.content_width());
            self.within(id, |f| f.draw_line(line, x, baseline, size, color, Align::Left, w));
            self.y += lh;
        }
        self.y += space_after;
    }

    /// A contents line: an entry (TOCI) whose title's first line and page
    /// number are a link, its dot leaders an artifact. The leaders and the
    /// number are left empty until [`Flow::number_contents`] knows the
    /// page. The title's room leaves space for a two-digit number, so
    /// the line is the same whatever number it ends with.
    pub fn toc_line(&mut self, title: &str, size: f32, face: Face, indent: f32) {
        let lh = size * 1.6;
        self.ensure(lh);
        let entry = self.node(Role::TOCI);
        let link = self.within(entry, |f| f.node(Role::Link));
        self.stack.extend([entry, link]);
        let baseline = self.y + size;
        let reserve = self.width_of(face, size, "00");
        let avail = self.geo.content_width() - indent - reserve - 24.0;
        let spans = [Span {
            text: title.to_string(),
            face,
            color: None,
        }];
        let lines = self.break_lines(&spans, size, avail);
        let first = lines.first().cloned().unwrap_or_default();
        self.draw_line(&first, self.geo.left + indent, baseline, size, INK, Align::Left, avail);
        let dots = self.artifact(|f| {
            f.text_at(0.0, baseline, Face::Regular, size, MUTED, "");
            f.last_item()
        });
        self.text_at(0.0, baseline, face, size, INK, "");
        let number = self.last_item();
        self.toc_numbers.push(TocNumber {
            page: self.page_index(),
            dots,
            number,
            start: self.geo.left + indent + first.width + 6.0,
            right: self.geo.width - self.geo.right,
        });
        self.stack.truncate(self.stack.len() - 2);
        self.toc_lines.push((self.page_index(), self.y, self.y + lh, link));
        self.y += lh;
    }

    /// The index of the last item on the current page.
    fn last_item(&self) -> usize {
        self.pages.last().map_or(0, |p| p.items.len().saturating_sub(1))
    }

    /// Writes the contents lines' page numbers, one a line in order, each
    /// right-aligned, with dot leaders from its title.
    pub fn number_contents(&mut self, numbers: &[String]) {
        for (line, number) in self.toc_numbers.iter().zip(numbers) {
            let right = line.right;
            let Some(page) = self.pages.get_mut(line.page) else {
                continue;
            };
            let (face, size) = match page.items.get(line.number) {
                Some(Item::Text { face, size, .. }) => (*face, *size),
                _ => continue,
            };
            let num_w = self.fonts.width(face, size, number);
            // Every line's leaders end in the same place, before room for
            // two digits, so their dots stand in columns down the page.
            let end = right - num_w.max(self.fonts.width(face, size, "00")) - 6.0;
            let mut dots = String::new();
            let mut dots_x = end;
            if end > line.start {
                let dot_w = self.fonts.width(Face::Regular, size, ".").max(0.5);
                dots = ". ".repeat(((end - line.start) / (dot_w * 2.0)).floor() as usize);
                dots_x = end - self.fonts.width(Face::Regular, size, &dots);
            }
            let written = self.fonts.drawable(face, number);
            if let Some(Item::Text { x, text, .. }) = page.items.get_mut(line.dots) {
                *x = dots_x;
                *text = dots;
            }
            if let Some(Item::Text { x, text, .. }) = page.items.get_mut(line.number) {
                *x = right - num_w;
                *text = written;
            }
        }
    }

    pub fn rule(&mut self, color: Rgb, width: f32) {
        let y = self.y;
        self.hline(self.geo.left, self.geo.width - self.geo.right, y, color, width);
    }

    /// The height a table takes when nothing breaks it across pages.
    pub fn table_height(&mut self, t: &Table) -> f32 {
        let lh = t.size * TABLE_LEADING;
        let total_w = self.geo.content_width();
        let widths: Vec<f32> = t.widths.iter().map(|w| w * total_w).collect();
        let header = (!t.header.is_empty()).then_some((&t.header, true));
        let mut height = 0.0;
        for (cells, bold) in header.into_iter().chain(t.rows.iter().map(|r| (&r.cells, false))) {
            let lines = self.lay_cells(cells, bold, &widths, t.size).iter().map(Vec::len).max();
            height += lines.unwrap_or(0).max(1) as f32 * lh + 2.0 * TABLE_PAD_Y;
        }
        height
    }

    /// A table; rows that do not fit move to the next page under a repeated
    /// header, and a row taller than a page is split between its lines. A
    /// header taller than a third of a page is not repeated: it is drawn once,
    /// split like a row, so every table ends however large its cells are.
    pub fn table(&mut self, t: &Table) {
        self.table_of(t, &t.rows);
    }

    /// A table whose rows come one at a time (`t.rows` is not read), so a
    /// long table never exists whole in memory.
    pub fn table_of<R: std::borrow::Borrow<Row>>(&mut self, t: &Table, rows: impl IntoIterator<Item = R>) {
        let lh = t.size * TABLE_LEADING;
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
        self.note_cut_words(&t.header, true, &widths, t.size);
        let header = self.lay_cells(&t.header, true, &widths, t.size);
        let header_lines = header.iter().map(Vec::len).max().unwrap_or(0);
        let header_h = if t.header.is_empty() {
            0.0
        } else {
            header_lines.max(1) as f32 * lh + 2.0 * TABLE_PAD_Y
        };
        let page_room = self.geo.limit() - self.geo.top;
        let repeat = !t.header.is_empty() && header_h <= page_room / 3.0;
        let grid = Grid {
            xs,
            widths,
            align: t.align.clone(),
            lh,
            size: t.size,
            total_w,
            header: if repeat { header.clone() } else { Vec::new() },
            header_h: if repeat { header_h } else { 0.0 },
        };
        // The header stays with the start of the first row.
        self.ensure(header_h.min(page_room / 3.0) + lh * 2.0 + 2.0 * TABLE_PAD_Y);
        let table = self.node(if t.kind == Kind::Legend { Role::L } else { Role::Table });
        self.stack.push(table);
        if !t.header.is_empty() {
            let cells = self.row_nodes(Role::TH, t.header.len());
            if repeat {
                let n = header_lines.max(1);
                self.draw_cells(&grid, &header, 0, n, &header_style(cells));
            } else {
                self.split_row(&grid, &header, &header_style(cells));
            }
        }
        let mut rows = rows.into_iter().peekable();
        // The page the last row ended on: a row drawn on a later one begins it.
        let mut last_page = self.page_index();
        while let Some(row) = rows.next() {
            let row = row.borrow();
            self.note_cut_words(&row.cells, false, &grid.widths, t.size);
            let mut cells = self.lay_cells(&row.cells, false, &grid.widths, t.size);
            let n_lines = cells.iter().map(Vec::len).max().unwrap_or(0).max(1);
            let row_h = n_lines as f32 * lh + 2.0 * TABLE_PAD_Y;
            // A heading row takes the first two lines of the row after it along.
            let next_h = match rows.peek() {
                Some(next) if row.keep_with_next => {
                    let next = self.lay_cells(&next.borrow().cells, false, &grid.widths, t.size);
                    next.iter().map(Vec::len).max().unwrap_or(0).clamp(1, 2) as f32 * lh + 2.0 * TABLE_PAD_Y
                }
                _ => 0.0,
            };
            // A row that fits on a fresh page moves there whole.
            let needed = row_h + next_h;
            if self.y + needed > self.geo.limit() && needed <= page_room - grid.header_h && !self.at_top() {
                self.new_page();
                self.draw_header(&grid);
            }
            // A row continuing a group that begins a page names the group.
            let mut repeats = None;
            if let Some(label) = row.continues.as_deref() {
                if self.page_index() != last_page && row.cells.first().is_some_and(|c| c.spans.is_empty()) {
                    repeats = Some(label.to_string());
                    let mut named = row.cells.clone();
                    named[0] = Cell {
                        spans: vec![Span::bold(label).colored(MUTED)],
                        fill: named[0].fill,
                        alt: None,
                    };
                    cells = self.lay_cells(&named, false, &grid.widths, t.size);
                }
            }
            let nodes = match t.kind {
                Kind::Data => self.row_nodes(Role::TD, row.cells.len()),
                Kind::Facts => {
                    let nodes = self.row_nodes(Role::TD, row.cells.len());
                    if let Some(&first) = nodes.first() {
                        self.tree[first].role = Role::RowHeader;
                    }
                    nodes
                }
                Kind::Legend => self.list_nodes(row.cells.len()),
            };
            for (&node, cell) in nodes.iter().zip(&row.cells) {
                self.tree[node].alt.clone_from(&cell.alt);
            }
            let style = RowStyle {
                fill: row.fill,
                cell_fills: row.cells.iter().map(|c| c.fill).collect(),
                rule: (RULE, 0.5),
                cells: nodes,
                repeats: repeats.is_some(),
            };
            let open = row.anchor.clone().map(|a| self.begin(a));
            if let Some(open) = open {
                self.placed[open].repeats = repeats;
            }
            self.split_row(&grid, &cells, &style);
            if let Some(open) = open {
                self.end(open);
            }
            last_page = self.page_index();
        }
        self.stack.pop();
    }

    /// Words wider than their column, which the tests read; measured in
    /// test builds only.
    #[cfg_attr(not(test), allow(unused_variables))]
    fn note_cut_words(&mut self, cells: &[Cell], bold: bool, widths: &[f32], size: f32) {
        #[cfg(test)]
        for (column, cell) in cells.iter().enumerate() {
            let room = widths.get(column).copied().unwrap_or(40.0) - 2.0 * TABLE_PAD_X;
            for span in &cell.spans {
                for word in span.text.split([' ', '\n']).filter(|w| !w.is_empty()) {
                    if self.width_of(span.face.with(bold, false), size, word) > room.max(8.0) {
                        self.cut_table_words.push(word.to_string());
                    }
                }
            }
        }
    }

    /// Each cell's lines at its column's width.
    fn lay_cells(&mut self, cells: &[Cell], bold: bool, widths: &[f32], size: f32) -> Vec<Vec<LaidLine>> {
        cells
            .iter()
            .enumerate()
            .map(|(i, c)| {
                if c.spans.is_empty() {
                    return Vec::new();
                }
                let spans: Vec<Span> = c
                    .spans
                    .iter()
                    .map(|s| Span {
                        face: s.face.with(bold, false),
                        ..s.clone()
                    })
                    .collect();
                let w = widths.get(i).copied().unwrap_or(40.0) - 2.0 * TABLE_PAD_X;
                self.break_lines(&spans, size, w.max(8.0))
            })
            .collect()
    }

    /// The header row repeated at the top of a page: an artifact, the
    /// header's cells being those drawn first.
    fn draw_header(&mut self, g: &Grid) {
        if g.header.is_empty() {
            return;
        }
        let n = g.header.iter().map(Vec::len).max().unwrap_or(0).max(1);
        self.artifact(|f| f.draw_cells(g, &g.header, 0, n, &header_style(Vec::new())));
    }

    /// A row element with an element of `role` for each of `n` cells.
    fn row_nodes(&mut self, role: Role, n: usize) -> Vec<usize> {
        let row = self.node(Role::TR);
        self.within(row, |f| (0..n).map(|_| f.node(role)).collect())
    }

    /// A list entry for each of `n` cells, each cell its entry's body.
    fn list_nodes(&mut self, n: usize) -> Vec<usize> {
        (0..n)
            .map(|_| {
                let item = self.node(Role::LI);
                self.within(item, |f| f.node(Role::LBody))
            })
            .collect()
    }

    /// Lines `start..start + n` of every cell, as one band of the row.
    fn draw_cells(&mut self, g: &Grid, cells: &[Vec<LaidLine>], start: usize, n: usize, style: &RowStyle) {
        let h = n as f32 * g.lh + 2.0 * TABLE_PAD_Y;
        let y = self.y;
        if let Some(fill) = style.fill {
            self.rect(self.geo.left, y, g.total_w, h, fill);
        }
        for (i, lines) in cells.iter().enumerate() {
            let (Some(&x), Some(&w)) = (g.xs.get(i), g.widths.get(i)) else {
                break;
            };
            if let Some(fill) = style.cell_fills.get(i).copied().flatten() {
                self.rect(x + 1.0, y + 2.0, w - 2.0, h - 4.0, fill);
            }
            let align = g.align.get(i).copied().unwrap_or(Align::Left);
            let cell = style.cells.get(i).copied().filter(|_| !(i == 0 && style.repeats));
            if let Some(id) = cell {
                self.stack.push(id);
            } else {
                self.artifact += 1;
            }
            for (k, line) in lines.iter().enumerate().skip(start).take(n) {
                let baseline = y + TABLE_PAD_Y + (k - start) as f32 * g.lh + g.size;
                self.draw_line(
                    line,
                    x + TABLE_PAD_X,
                    baseline,
                    g.size,
                    INK,
                    align,
                    w - 2.0 * TABLE_PAD_X,
                );
            }
            if cell.is_some() {
                self.stack.pop();
            } else {
                self.artifact -= 1;
            }
        }
        self.y += h;
        self.hline(
            self.geo.left,
            self.geo.left + g.total_w,
            self.y,
            style.rule.0,
            style.rule.1,
        );
    }

    /// A row drawn in bands, as many lines as each page holds. Every pass
    /// either draws at least one line or starts a page, and never starts two
    /// pages in a row without drawing: the loop always ends.
    fn split_row(&mut self, g: &Grid, cells: &[Vec<LaidLine>], style: &RowStyle) {
        let n_lines = cells.iter().map(Vec::len).max().unwrap_or(0).max(1);
        let mut start = 0;
        let mut fresh = self.at_top();
        while start < n_lines {
            let room = self.remaining() - 2.0 * TABLE_PAD_Y;
            let mut fit = ((room / g.lh).floor().max(0.0) as usize).min(n_lines - start);
            if fit == 0 {
                if !fresh {
                    self.new_page();
                    self.draw_header(g);
                    fresh = true;
                    continue;
                }
                // Not even one line fits on an empty page: draw one anyway.
                fit = 1;
            }
            self.draw_cells(g, cells, start, fit, style);
            start += fit;
            fresh = false;
            if start < n_lines {
                self.new_page();
                self.draw_header(g);
                fresh = true;
            }
        }
    }
}

/// Where a table's columns are, and its repeated header.
struct Grid {
    xs: Vec<f32>,
    widths: Vec<f32>,
    align: Vec<Align>,
    lh: f32,
    size: f32,
    total_w: f32,
    /// The header's lines when it is repeated on every page, else empty.
    header: Vec<Vec<LaidLine>>,
    header_h: f32,
}

struct RowStyle {
    fill: Option<Rgb>,
    cell_fills: Vec<Option<Rgb>>,
    rule: (Rgb, f32),
    /// Each cell's element in the structure tree; none: an artifact.
    cells: Vec<usize>,
    /// The first cell holds a label repeated from the row's group, an
    /// artifact.
    repeats: bool,
}

/// A header row's look; `cells`: its header cells' elements, or none when
/// the row is a repetition (an artifact).
fn header_style(cells: Vec<usize>) -> RowStyle {
    RowStyle {
        fill: Some(SHADE),
        cell_fills: Vec::new(),
        rule: (MUTED, 0.8),
        cells,
        repeats: false,
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    fn a4() -> Geometry {
        Geometry {
            width: 595.28,
            height: 841.89,
            left: 64.0,
            right: 64.0,
            top: 72.0,
            bottom: 68.0,
        }
    }

    /// Words of any length, from one letter to far wider than a page.
    fn words() -> impl Strategy<Value = String> {
        prop::collection::vec(
            prop_oneof![
                "[a-zA-Z]{1,12}",
                "W{40,400}",
                Just("\n".to_string()),
                "[a-z0-9 ]{0,1500}",
            ],
            0..12,
        )
        .prop_map(|w| w.join(" "))
    }

    fn cells(n: usize) -> impl Strategy<Value = Vec<Cell>> {
        prop::collection::vec(words().prop_map(Cell::text), n)
    }

    fn tables() -> impl Strategy<Value = Table> {
        (1usize..50).prop_flat_map(|cols| {
            (
                prop::collection::vec(0.01f32..1.0, cols),
                prop_oneof![Just(Vec::new()), cells(cols)],
                prop::collection::vec(
                    cells(cols).prop_map(|cells| Row {
                        cells,
                        fill: None,
                        anchor: None,
                        keep_with_next: false,
                        continues: None,
                    }),
                    0..6,
                ),
                6.0f32..14.0,
            )
                .prop_map(|(shares, header, rows, size)| {
                    let sum: f32 = shares.iter().sum();
                    Table {
                        align: vec![Align::Left; shares.len()],
                        widths: shares.iter().map(|s| s / sum).collect(),
                        header,
                        rows,
                        size,
                        kind: Kind::Data,
                    }
                })
        })
    }

    /// Every line of text starts on the page and every page's content
    /// begins below its top margin.
    fn on_the_page(flow: &Flow) -> bool {
        flow.pages.iter().flat_map(|p| &p.items).all(|item| match item {
            Item::Text { x, .. } => *x >= 0.0 && *x < flow.geo.width,
            _ => true,
        })
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 32, ..ProptestConfig::default() })]

        /// Tables, paragraphs and headings of any size end, on a bounded
        /// number of pages, with all their text on the page.
        #[test]
        fn any_table_paragraph_or_heading_ends(table in tables(), text in words(), depth in 0usize..80) {
            let mut fonts = Fonts::load().unwrap();
            let mut flow = Flow::new(&mut fonts, a4());
            flow.heading(Role::H1, &text, 16.0, INK, 60.0, 4.0);
            flow.table(&table);
            flow.paragraph(&[Span::plain(text.clone())], 10.0, INK, 16.0 * depth as f32, Some("•"), 2.0);
            let chars = text.len() * 2 + table.header.iter().chain(table.rows.iter().flat_map(|r| &r.cells))
                .flat_map(|c| &c.spans)
                .map(|s| s.text.len())
                .sum::<usize>();
            // At worst a character a line, and a line a page.
            prop_assert!(flow.pages.len() <= chars + 8, "{} pages for {chars} characters", flow.pages.len());
            prop_assert!(on_the_page(&flow));
        }
    }

    /// However narrow the measure, a line never ends on a one-letter word
    /// such as the French "(y" of "(y compris" or the Spanish "y".
    #[test]
    fn a_one_letter_word_never_ends_a_line() {
        let mut fonts = Fonts::load().unwrap();
        let mut flow = Flow::new(&mut fonts, a4());
        let text = "les frais de voyage (y compris les indemnités) et les ateliers y sont à la charge \
                    de chaque organisation, y compris les frais à payer sur place";
        let spans = [Span::plain(text)];
        let mut checked = 0;
        // From the width of the longest word, so that none is hyphenated.
        for tenth in 80..400 {
            let lines = flow.break_lines(&spans, 10.0, tenth as f32);
            let laid: Vec<String> = lines
                .iter()
                .map(|l| {
                    l.words
                        .iter()
                        .map(|w| w.pieces.iter().map(|p| p.text.as_str()).collect::<String>())
                        .collect::<Vec<_>>()
                        .join(" ")
                })
                .collect();
            assert_eq!(laid.join(" "), text, "no word lost or reordered at {tenth} pt");
            for line in &lines[..lines.len() - 1] {
                if line.words.len() > 1 {
                    checked += 1;
                    assert!(!line.words.last().unwrap().is_single_letter(), "{laid:?} at {tenth} pt");
                }
            }
        }
        assert!(checked > 100, "only {checked} lines looked at");
    }

    #[test]
    fn a_header_taller_than_a_page_is_drawn_once_across_pages() {
        let mut fonts = Fonts::load().unwrap();
        let mut flow = Flow::new(&mut fonts, a4());
        let table = Table {
            widths: vec![1.0],
            align: vec![Align::Left],
            header: vec![Cell::text("word ".repeat(3000))],
            rows: (0..3)
                .map(|i| Row {
                    cells: vec![Cell::text(format!("row {i}"))],
                    fill: None,
                    anchor: None,
                    keep_with_next: false,
                    continues: None,
                })
                .collect(),
            size: 9.0,
            kind: Kind::Data,
        };
        flow.table(&table);
        let pages = flow.pages.len();
        assert!(pages >= 2, "the header runs over {pages} pages");
        let words: usize = flow
            .pages
            .iter()
            .flat_map(|p| &p.items)
            .filter_map(|i| match i {
                Item::Text { text, .. } => Some(text.split(' ').filter(|w| *w == "word").count()),
                _ => None,
            })
            .sum();
        assert_eq!(words, 3000, "every word of the header once, none repeated or lost");
        let bottom = flow.geo.limit();
        for page in &flow.pages {
            for item in &page.items {
                if let Item::Text { y, .. } = item {
                    assert!(*y <= bottom + 1.0, "text below the bottom margin at {y}");
                }
            }
        }
    }

    #[test]
    fn a_list_nested_a_hundred_deep_keeps_half_the_line() {
        let mut fonts = Fonts::load().unwrap();
        let mut flow = Flow::new(&mut fonts, a4());
        let mut md = String::new();
        for depth in 0..100 {
            md.push_str(&"  ".repeat(depth));
            md.push_str("- deep\n");
        }
        crate::markdown::render(&mut flow, &md);
        let half = flow.geo.left + flow.geo.content_width() / 2.0;
        let xs: Vec<f32> = flow
            .pages
            .iter()
            .flat_map(|p| &p.items)
            .filter_map(|i| match i {
                Item::Text { x, text, .. } if text == "deep" => Some(*x),
                _ => None,
            })
            .collect();
        assert!(!xs.is_empty());
        assert!(xs.iter().all(|x| *x <= half + 0.01), "{xs:?}");
    }

    /// Words in a column too narrow for them: a compound breaks after its
    /// own hyphen, a long word at a hyphenation point of the document's
    /// language with a hyphen added, and only a string with neither (a
    /// long figure) is cut between characters.
    #[test]
    fn a_word_too_wide_for_its_column_breaks_after_its_hyphen_or_is_hyphenated() {
        let words = |lang: &str, text: &str| {
            let mut fonts = Fonts::load().unwrap();
            let mut flow = Flow::new(&mut fonts, a4());
            flow.lang = lang.into();
            flow.table(&Table {
                widths: vec![0.12, 0.88],
                align: vec![Align::Left; 2],
                header: vec![],
                rows: vec![Row {
                    cells: vec![Cell::text(text), Cell::text("x")],
                    fill: None,
                    anchor: None,
                    keep_with_next: false,
                    continues: None,
                }],
                size: 8.0,
                kind: Kind::Data,
            });
            flow.pages
                .iter()
                .flat_map(|p| &p.items)
                .filter_map(|i| match i {
                    Item::Text { text, .. } if text != "x" => Some(text.clone()),
                    _ => None,
                })
                .collect::<Vec<String>>()
        };
        let parts = words("en", "Responsible-party");
        assert_eq!(parts, ["Responsible-", "party"], "{parts:?}");
        let parts = words("en", "internationalization");
        assert!(
            parts.len() > 1 && parts[..parts.len() - 1].iter().all(|p| p.ends_with('-')),
            "{parts:?}"
        );
        assert_eq!(parts.concat().replace('-', ""), "internationalization");
        let parts = words("fr", "gouvernementales");
        assert!(parts.len() > 1 && parts[0].ends_with('-'), "{parts:?}");
        let parts = words("en", "123456789012345678901234567890");
        assert!(
            parts.len() > 1 && parts.iter().all(|p| !p.ends_with('-')),
            "figures are cut, never hyphenated: {parts:?}"
        );
    }

    /// A hostile "word" of 200,000 characters full of break points lays out
    /// in one pass over it (its breaks are found by halving), every line on
    /// the page.
    #[test]
    fn a_word_of_two_hundred_thousand_characters_breaks_in_linear_time() {
        let mut fonts = Fonts::load().unwrap();
        let mut flow = Flow::new(&mut fonts, a4());
        let word = "antidisestablishment-".repeat(10_000);
        flow.paragraph(&[Span::plain(word.as_str())], 10.0, INK, 0.0, None, 0.0);
        let drawn: String = flow
            .pages
            .iter()
            .flat_map(|p| &p.items)
            .filter_map(|i| match i {
                Item::Text { text, .. } => Some(text.as_str()),
                _ => None,
            })
            .collect();
        assert_eq!(
            drawn.len(),
            word.len(),
            "every character drawn once, no hyphen added where one was"
        );
        assert!(on_the_page(&flow));
    }

    /// A group's heading row never ends a page: it moves on with the row
    /// after it.
    #[test]
    fn a_heading_row_is_never_left_alone_at_the_bottom_of_a_page() {
        let mut fonts = Fonts::load().unwrap();
        let mut flow = Flow::new(&mut fonts, a4());
        let row = |text: &str, keep| Row {
            cells: vec![Cell::text(text), Cell::text(if keep { "" } else { "two\nlines" })],
            fill: None,
            anchor: None,
            keep_with_next: keep,
            continues: None,
        };
        let table = Table {
            widths: vec![0.5, 0.5],
            align: vec![Align::Left; 2],
            header: vec![],
            rows: vec![row("Implementation", true), row("criterion", false)],
            size: 8.0,
            kind: Kind::Data,
        };
        // Room for the heading row only.
        flow.y = flow.geo.limit() - 8.0 * 1.35 - 2.0 * TABLE_PAD_Y - 1.0;
        flow.table(&table);
        let page_of = |word: &str| {
            flow.pages.iter().position(|p| {
                p.items
                    .iter()
                    .any(|i| matches!(i, Item::Text { text, .. } if text == word))
            })
        };
        assert_eq!(page_of("Implementation"), Some(1), "the heading moved on");
        assert_eq!(page_of("criterion"), Some(1));
    }

    /// A row that continues a result on a new page names the result in its
    /// empty first cell; on the group's own page it stays empty.
    #[test]
    fn a_group_continued_on_a_new_page_repeats_its_label() {
        let mut fonts = Fonts::load().unwrap();
        let mut flow = Flow::new(&mut fonts, a4());
        let row = |head: &str| Row {
            cells: vec![Cell::text(head), Cell::text("indicator")],
            fill: None,
            anchor: None,
            keep_with_next: false,
            continues: head.is_empty().then(|| "Output 1.2 (continued)".to_string()),
        };
        let mut rows = vec![row("Output 1.2")];
        rows.extend((0..80).map(|_| {
            let mut r = row("");
            r.cells[0] = Cell::default();
            r
        }));
        flow.table(&Table {
            widths: vec![0.5, 0.5],
            align: vec![Align::Left; 2],
            header: vec![Cell::text("Result"), Cell::text("Indicator")],
            rows,
            size: 8.0,
            kind: Kind::Data,
        });
        let labels: Vec<usize> = flow
            .pages
            .iter()
            .enumerate()
            .flat_map(|(i, p)| p.items.iter().map(move |it| (i, it)))
            .filter_map(|(i, it)| match it {
                Item::Text { text, .. } if text.contains("(continued)") => Some(i),
                _ => None,
            })
            .collect();
        assert!(flow.pages.len() > 1);
        assert_eq!(
            labels,
            (1..flow.pages.len()).collect::<Vec<_>>(),
            "once at the top of each later page"
        );
    }
}
