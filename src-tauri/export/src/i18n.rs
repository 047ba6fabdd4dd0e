//! The document's words, numbers and dates come from the core
//! (`studio_core::words`); the export only checks that its fonts draw them.

pub use studio_core::words::{percent, tr, trf};

#[cfg(test)]
mod tests {
    use studio_core::words::{number, tr};

    use crate::fonts::{Face, Fonts};

    #[test]
    fn every_group_mark_and_separator_is_drawable() {
        // A mark the fonts lack would show as a substitute on paper.
        let mut fonts = Fonts::load().unwrap();
        for lang in ["en", "fr", "es"] {
            let separators = [
                number(lang, "1000.5"),
                tr(lang, "number.percent").into(),
                tr(lang, "money.usd").into(),
                tr(lang, "list.separator").into(),
            ];
            for s in separators {
                for face in Face::ALL {
                    let s = s.as_str();
                    assert_eq!(fonts.drawable(face, s), s, "{lang} {s:?} in {face:?}");
                }
            }
        }
    }
}
