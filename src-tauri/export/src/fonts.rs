//! The four Noto Sans faces shipped in `assets/fonts/`, with the glyph
//! metrics the layout needs. A character no face can draw is replaced by a
//! visible substitute, never dropped.

use std::collections::HashMap;

use ttf_parser::gpos::{PairAdjustment, PositioningSubtable};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Face {
    Regular,
    Bold,
    Italic,
    BoldItalic,
}

impl Face {
    pub const ALL: [Face; 4] = [Face::Regular, Face::Bold, Face::Italic, Face::BoldItalic];

    pub fn with(self, bold: bool, italic: bool) -> Face {
        let b = bold || matches!(self, Face::Bold | Face::BoldItalic);
        let i = italic || matches!(self, Face::Italic | Face::BoldItalic);
        match (b, i) {
            (false, false) => Face::Regular,
            (true, false) => Face::Bold,
            (false, true) => Face::Italic,
            (true, true) => Face::BoldItalic,
        }
    }

    pub fn bytes(self) -> &'static [u8] {
        match self {
            Face::Regular => include_bytes!("../../../assets/fonts/NotoSans-Regular.ttf"),
            Face::Bold => include_bytes!("../../../assets/fonts/NotoSans-Bold.ttf"),
            Face::Italic => include_bytes!("../../../assets/fonts/NotoSans-Italic.ttf"),
            Face::BoldItalic => include_bytes!("../../../assets/fonts/NotoSans-BoldItalic.ttf"),
        }
    }

    /// A stable name, used as the font's resource id so output is repeatable.
    pub fn id(self) -> &'static str {
        match self {
            Face::Regular => "NSREGULARNOTOSANSREGULARFONT0001",
            Face::Bold => "NSBOLDNOTOSANSBOLDFONTPROPOSAL02",
            Face::Italic => "NSITALICNOTOSANSITALICFONTPS0003",
            Face::BoldItalic => "NSBOLDITALICNOTOSANSFONTPS000004",
        }
    }
}

/// Characters below this have their kerning pairs in a table (Latin-1 and
/// Latin Extended-A: the Fund's three languages); others in a map.
const DENSE: usize = 0x180;
/// A pair not looked up yet.
const UNKNOWN: i16 = i16::MIN;
/// A character's advance not looked up yet, and one the face has no glyph for.
const ADVANCE_UNKNOWN: u32 = u32::MAX;
const NO_GLYPH: u32 = u32::MAX - 1;

struct Metrics {
    units_per_em: f32,
    advances: HashMap<char, Option<u16>>,
    /// The advances of the characters below [`DENSE`], in a table: the
    /// layout asks for them hundreds of thousands of times.
    dense_advances: Vec<u32>,
    face: ttf_parser::Face<'static>,
    /// The font's pair-kerning subtables (GPOS, feature `kern`), in lookup order.
    pairs: Vec<PairAdjustment<'static>>,
    /// Kerning of pairs already looked up, in font units: a row for each
    /// first character met, made when it is first met (a page of text
    /// uses a few dozen of them, not all 384).
    dense: Vec<Option<Box<[i16; DENSE]>>>,
    sparse: HashMap<(char, char), i16>,
}

/// The pair-adjustment subtables of every `kern` feature of the font's GPOS table.
fn kerning_subtables(face: &ttf_parser::Face<'static>) -> Vec<PairAdjustment<'static>> {
    let Some(gpos) = face.tables().gpos else {
        return Vec::new();
    };
    let kern = ttf_parser::Tag::from_bytes(b"kern");
    let mut lookups: Vec<u16> = gpos
        .features
        .into_iter()
        .filter(|f| f.tag == kern)
        .flat_map(|f| f.lookup_indices.into_iter())
        .collect();
    lookups.sort_unstable();
    lookups.dedup();
    lookups
        .into_iter()
        .filter_map(|i| gpos.lookups.get(i))
        .flat_map(|l| l.subtables.into_iter::<PositioningSubtable>())
        .filter_map(|s| match s {
            PositioningSubtable::Pair(p) => Some(p),
            _ => None,
        })
        .collect()
}

impl Metrics {
    fn new(face: Face) -> Option<Metrics> {
        let parsed = ttf_parser::Face::parse(face.bytes(), 0).ok()?;
        Some(Metrics {
            units_per_em: parsed.units_per_em() as f32,
            advances: HashMap::new(),
            dense_advances: vec![ADVANCE_UNKNOWN; DENSE],
            pairs: kerning_subtables(&parsed),
            dense: Vec::new(),
            sparse: HashMap::new(),
            face: parsed,
        })
    }

    /// How much closer (negative) or further apart the font sets `b` after
    /// `a`, in font units: the first subtable that has the pair decides, as
    /// OpenType layout does.
    fn kern(&mut self, a: char, b: char) -> i16 {
        if self.pairs.is_empty() {
            return 0;
        }
        let dense = (a as usize) < DENSE && (b as usize) < DENSE;
        if dense {
            if self.dense.is_empty() {
                self.dense = vec![None; DENSE];
            }
            let row = self.dense[a as usize].get_or_insert_with(|| Box::new([UNKNOWN; DENSE]));
            if row[b as usize] != UNKNOWN {
                return row[b as usize];
            }
        } else if let Some(&k) = self.sparse.get(&(a, b)) {
            return k;
        }
        let k = self.look_up(a, b);
        if dense {
            if let Some(row) = self.dense[a as usize].as_mut() {
                row[b as usize] = k;
            }
        } else {
            self.sparse.insert((a, b), k);
        }
        k
    }

    fn look_up(&self, a: char, b: char) -> i16 {
        let (Some(left), Some(right)) = (self.face.glyph_index(a), self.face.glyph_index(b)) else {
            return 0;
        };
        for p in &self.pairs {
            let found = match p {
                PairAdjustment::Format1 { coverage, sets } => coverage
                    .get(left)
                    .and_then(|i| sets.get(i))
                    .and_then(|set| set.get(right)),
                PairAdjustment::Format2 {
                    coverage,
                    classes,
                    matrix,
                } => coverage
                    .contains(left)
                    .then(|| matrix.get((classes.0.get(left), classes.1.get(right))))
                    .flatten(),
            };
            if let Some((first, _)) = found {
                return first.x_advance;
            }
        }
        0
    }

    fn advance(&mut self, c: char) -> Option<u16> {
        let face = &self.face;
        let look_up = || face.glyph_index(c).and_then(|gid| face.glyph_hor_advance(gid));
        if let Some(slot) = self.dense_advances.get_mut(c as usize) {
            if *slot == ADVANCE_UNKNOWN {
                *slot = look_up().map_or(NO_GLYPH, u32::from);
            }
            return (*slot != NO_GLYPH).then_some(*slot as u16);
        }
        *self.advances.entry(c).or_insert_with(look_up)
    }
}

/// A tab becomes a space; a control character, or a bidi embedding,
/// override or isolate (which would reorder what follows in some viewers),
/// becomes the visible `replacement`.
fn harmless(c: char, replacement: char) -> char {
    match c {
        '\t' => ' ',
        c if c.is_control() => replacement,
        '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' => replacement,
        c => c,
    }
}

/// Measures text in the shipped faces.
pub struct Fonts {
    metrics: Vec<(Face, Metrics)>,
    replacement: char,
}

impl Fonts {
    pub fn load() -> Option<Fonts> {
        let mut metrics = Vec::new();
        for f in Face::ALL {
            metrics.push((f, Metrics::new(f)?));
        }
        let mut fonts = Fonts {
            metrics,
            replacement: '?',
        };
        // The most visible substitute every face has.
        fonts.replacement = ['\u{FFFD}', '\u{25A1}', '?']
            .into_iter()
            .find(|c| Face::ALL.iter().all(|f| fonts.m(*f).advance(*c).is_some()))
            .unwrap_or('?');
        Some(fonts)
    }

    fn m(&mut self, face: Face) -> &mut Metrics {
        let i = Face::ALL.iter().position(|f| *f == face).unwrap_or(0);
        &mut self.metrics[i].1
    }

    /// The text with every character the face cannot draw replaced visibly,
    /// and control characters (tabs, bidi overrides) made harmless.
    pub fn drawable(&mut self, face: Face, text: &str) -> String {
        let replacement = self.replacement;
        let m = self.m(face);
        text.chars()
            .map(|c| match harmless(c, replacement) {
                c if c == replacement || m.advance(c).is_some() => c,
                _ => replacement,
            })
            .collect()
    }

    /// Text the PDF carries but does not draw (its title, author, subject
    /// and keywords), with the same characters made harmless as on the page.
    pub fn metadata(&self, text: &str) -> String {
        text.chars().map(|c| harmless(c, self.replacement)).collect()
    }

    /// Width in points of already-drawable text, kerned as the font says.
    pub fn width(&mut self, face: Face, size: f32, text: &str) -> f32 {
        let m = self.m(face);
        let upm = m.units_per_em;
        let mut units: i64 = 0;
        let mut previous = None;
        for c in text.chars() {
            units += i64::from(m.advance(c).unwrap_or(0));
            if let Some(p) = previous {
                units += i64::from(m.kern(p, c));
            }
            previous = Some(c);
        }
        units.max(0) as f32 * size / upm
    }

    /// The face's glyph for `c` (its cmap's), 0 (`.notdef`) for none.
    pub fn glyph(&mut self, face: Face, c: char) -> u16 {
        self.m(face).face.glyph_index(c).map_or(0, |g| g.0)
    }

    /// Already-drawable text cut where the font kerns: each piece with the
    /// shift that follows it, in thousandths of an em as PDF's `TJ` takes
    /// it (positive moves the next letter left).
    pub fn kerned(&mut self, face: Face, text: &str) -> Vec<(String, f32)> {
        let m = self.m(face);
        let upm = m.units_per_em;
        let mut out = Vec::new();
        let mut piece = String::new();
        let mut previous = None;
        for c in text.chars() {
            if let Some(p) = previous {
                let k = m.kern(p, c);
                if k != 0 {
                    out.push((std::mem::take(&mut piece), -f32::from(k) * 1000.0 / upm));
                }
            }
            piece.push(c);
            previous = Some(c);
        }
        out.push((piece, 0.0));
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn latin_cyrillic_and_diacritics_are_drawable_emoji_is_replaced_visibly() {
        let mut f = Fonts::load().unwrap();
        assert_eq!(
            f.drawable(Face::Regular, "Sucumbíos, Türkiye, Привет"),
            "Sucumbíos, Türkiye, Привет"
        );
        let emoji = f.drawable(Face::Regular, "a😀b");
        assert_eq!(emoji.chars().count(), 3, "replaced, not dropped");
        assert!(!emoji.contains('😀'));
        assert!(!f.drawable(Face::Bold, "x\u{202E}y").contains('\u{202E}'));
        assert!(f.width(Face::Regular, 10.0, "MMMM") > f.width(Face::Regular, 10.0, "iiii"));
        assert!(f.width(Face::Bold, 10.0, "Proposal") > f.width(Face::Regular, 10.0, "Proposal"));
    }

    #[test]
    fn pairs_are_kerned_as_the_font_says() {
        let mut f = Fonts::load().unwrap();
        for face in Face::ALL {
            // "To", "Te" and "P," sit closer than their letters' advances; "nn" does not.
            for pair in ["To", "Te", "P,"] {
                let apart: f32 = pair.chars().map(|c| f.width(face, 10.0, &c.to_string())).sum();
                assert!(f.width(face, 10.0, pair) < apart - 0.5, "{face:?} {pair}");
            }
            let apart = 2.0 * f.width(face, 10.0, "n");
            assert!((f.width(face, 10.0, "nn") - apart).abs() < 0.001, "{face:?}");
        }
        // The pieces PDF draws: cut at each kerned pair, with the shift TJ takes.
        let pieces = f.kerned(Face::Regular, "Tonn");
        assert!(pieces.len() >= 2, "{pieces:?}");
        assert_eq!(pieces[0].0, "T");
        assert!(pieces[0].1 > 50.0, "tighter: a positive TJ shift, {pieces:?}");
        assert_eq!(pieces.iter().map(|p| p.0.as_str()).collect::<String>(), "Tonn");
        assert_eq!(f.kerned(Face::Bold, "nn"), vec![("nn".to_string(), 0.0)]);
        // The width of the pieces equals the width of the whole.
        let upm_shift: f32 = pieces.iter().map(|p| p.1).sum::<f32>() / 1000.0 * 10.0;
        let drawn: f32 = pieces.iter().map(|p| f.width(Face::Regular, 10.0, &p.0)).sum::<f32>() - upm_shift;
        assert!((drawn - f.width(Face::Regular, 10.0, "Tonn")).abs() < 0.001);
    }
}
