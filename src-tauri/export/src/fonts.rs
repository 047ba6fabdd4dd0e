//! The four Noto Sans faces shipped in `assets/fonts/`, with the glyph
//! metrics the layout needs. A character no face can draw is replaced by a
//! visible substitute, never dropped.

use std::collections::HashMap;

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

struct Metrics {
    units_per_em: f32,
    advances: HashMap<char, Option<u16>>,
    face: ttf_parser::Face<'static>,
}

impl Metrics {
    fn new(face: Face) -> Option<Metrics> {
        let parsed = ttf_parser::Face::parse(face.bytes(), 0).ok()?;
        Some(Metrics {
            units_per_em: parsed.units_per_em() as f32,
            advances: HashMap::new(),
            face: parsed,
        })
    }

    fn advance(&mut self, c: char) -> Option<u16> {
        let face = &self.face;
        *self.advances.entry(c).or_insert_with(|| {
            let gid = face.glyph_index(c)?;
            face.glyph_hor_advance(gid)
        })
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

    /// Width in points of already-drawable text.
    pub fn width(&mut self, face: Face, size: f32, text: &str) -> f32 {
        let m = self.m(face);
        let upm = m.units_per_em;
        let units: u32 = text.chars().map(|c| m.advance(c).unwrap_or(0) as u32).sum();
        units as f32 * size / upm
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
}
