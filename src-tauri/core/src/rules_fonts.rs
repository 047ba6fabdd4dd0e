//! Characters the PDF cannot draw. The PDF is set in the Noto Sans faces
//! under `assets/fonts/`; a character none of them holds prints as a
//! replacement mark. `assets/fonts/coverage.json` lists the code points all
//! four faces hold (written from their character maps by the test below),
//! so the core can warn without reading a font.

use std::collections::BTreeSet;
use std::sync::OnceLock;

use serde_json::Value;

const COVERAGE_JSON: &str = include_str!("../../../assets/fonts/coverage.json");

#[derive(serde::Deserialize, serde::Serialize, PartialEq, Debug)]
struct Coverage {
    /// The font files the table was written from.
    faces: Vec<String>,
    /// Inclusive ranges of code points, sorted, not overlapping.
    ranges: Vec<(u32, u32)>,
}

fn ranges() -> &'static [(u32, u32)] {
    static RANGES: OnceLock<Vec<(u32, u32)>> = OnceLock::new();
    // The file ships inside the app and the test below reads it; a defect
    // there gives an empty table (every character then warns) rather than
    // a failure.
    RANGES.get_or_init(|| {
        crate::json::parse_embedded::<Coverage>(COVERAGE_JSON)
            .map(|c| c.ranges)
            .unwrap_or_default()
    })
}

/// True when the PDF fonts can draw `c`. Line breaks and tabs are layout,
/// not glyphs.
pub fn drawable(c: char) -> bool {
    if matches!(c, '\n' | '\r' | '\t') {
        return true;
    }
    let c = c as u32;
    let r = ranges();
    let i = r.partition_point(|&(_, end)| end < c);
    r.get(i).is_some_and(|&(start, _)| start <= c)
}

/// The distinct characters of `text` the fonts cannot draw, in order of code.
pub fn undrawable(text: &str) -> BTreeSet<char> {
    text.chars().filter(|c| !drawable(*c)).collect()
}

/// How a set of characters is named in a message: each with its code, at
/// most ten, then how many more.
pub fn describe(chars: &BTreeSet<char>) -> String {
    let mut shown: Vec<String> = chars
        .iter()
        .take(10)
        .map(|c| format!("{c} (U+{:04X})", *c as u32))
        .collect();
    if chars.len() > 10 {
        shown.push(format!("+{}", chars.len() - 10));
    }
    shown.join(", ")
}

/// Every text under `value`, with its JSON pointer below `path`.
pub(crate) fn texts<'a>(value: &'a Value, path: String, out: &mut Vec<(String, &'a str)>) {
    match value {
        Value::String(s) => out.push((path, s)),
        Value::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                texts(v, format!("{path}/{i}"), out);
            }
        }
        Value::Object(map) => {
            for (k, v) in map {
                texts(v, format!("{path}/{}", k.replace('~', "~0").replace('/', "~1")), out);
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const FACES: [&str; 4] = [
        "NotoSans-Regular.ttf",
        "NotoSans-Bold.ttf",
        "NotoSans-Italic.ttf",
        "NotoSans-BoldItalic.ttf",
    ];

    /// Writes the table from the fonts' character maps (the code points all
    /// four faces map to a glyph) and fails when the committed table differs,
    /// so a changed font cannot leave the warning out of step.
    #[test]
    fn the_coverage_table_is_written_from_the_shipped_fonts() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../assets/fonts");
        let mut common: Option<BTreeSet<u32>> = None;
        for face in FACES {
            let bytes = std::fs::read(format!("{dir}/{face}")).unwrap();
            let font = ttf_parser::Face::parse(&bytes, 0).unwrap();
            let mut held = BTreeSet::new();
            for table in font.tables().cmap.unwrap().subtables {
                if table.is_unicode() {
                    table.codepoints(|c| {
                        if char::from_u32(c).is_some_and(|ch| font.glyph_index(ch).is_some_and(|g| g.0 != 0)) {
                            held.insert(c);
                        }
                    });
                }
            }
            common = Some(match common {
                None => held,
                Some(c) => c.intersection(&held).copied().collect(),
            });
        }
        let mut ranges: Vec<(u32, u32)> = Vec::new();
        for c in common.unwrap() {
            match ranges.last_mut() {
                Some((_, end)) if *end + 1 == c => *end = c,
                _ => ranges.push((c, c)),
            }
        }
        let fresh = Coverage {
            faces: FACES.iter().map(|f| f.to_string()).collect(),
            ranges,
        };
        let path = format!("{dir}/coverage.json");
        let committed = std::fs::read_to_string(&path).unwrap_or_default();
        let text = serde_json::to_string(&fresh).unwrap() + "\n";
        if committed != text {
            std::fs::write(&path, &text).unwrap();
            panic!("assets/fonts/coverage.json was out of step with the fonts; it is rewritten: commit it");
        }
    }

    #[test]
    fn latin_cyrillic_and_greek_draw_arabic_and_emoji_do_not() {
        for c in "Aé€ŒżЖλ“”—\n\t".chars() {
            assert!(drawable(c), "{c:?}");
        }
        for c in "م😀中".chars() {
            assert!(!drawable(c), "{c:?}");
        }
        let chars = undrawable("Salam مرحبا 😀");
        assert!(describe(&chars).contains("😀 (U+1F600)"), "{}", describe(&chars));
    }

    #[test]
    fn validate_warns_at_each_field_naming_the_characters_in_every_language() {
        let t = crate::Template::builtin().unwrap();
        let mut p = crate::example_proposal().unwrap();
        assert!(!crate::validate(&p, t)
            .problems
            .iter()
            .any(|x| x.code == "font_coverage"));
        p.cover.title = "Programme conjoint مرحبا".into();
        let key = p.narrative.keys().next().unwrap().clone();
        p.narrative.get_mut(&key).unwrap().push_str("\n\nWith thanks 😀");
        p.budget.lines[0].description.push('中');
        for (lang, words) in [("en", "cannot draw"), ("fr", "ne peuvent pas"), ("es", "no pueden")] {
            let found: Vec<_> = crate::validate_in(&p, t, lang)
                .problems
                .into_iter()
                .filter(|x| x.code == "font_coverage")
                .collect();
            let at = |path: &str| found.iter().find(|x| x.path == path).map(|x| x.message.clone());
            assert_eq!(found.len(), 3, "{lang}: {found:?}");
            assert!(found.iter().all(|x| x.severity == crate::Severity::Warning));
            let title = at("/cover/title").unwrap();
            assert!(title.contains("U+0645") && title.contains(words), "{title}");
            assert!(at(&format!("/narrative/{key}")).unwrap().contains("😀 (U+1F600)"));
            assert!(at("/budget/lines/0/description").unwrap().contains("中 (U+4E2D)"));
        }
    }
}
