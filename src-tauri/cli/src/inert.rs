//! Text made inert for a terminal. Names, titles and messages come from
//! proposal and comments files anyone can write; printed raw, an escape
//! sequence in one could clear the screen or retitle the window, a carriage
//! return could overwrite what was printed, and a newline could forge a row
//! of `proposal list`.

use std::borrow::Cow;

/// Characters written visibly instead of raw: the C0 and C1 controls and
/// DEL (Unicode's `Cc`, newline and tab included), and the bidirectional
/// marks, embeddings, overrides and isolates that reorder what follows,
/// and the line and paragraph separators.
fn is_unsafe(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{061C}' | '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{2028}' | '\u{2029}'
        )
}

/// `s` with every unsafe character written as `\u{..}` (ESC as `\u{1b}`).
pub fn inert(s: &str) -> Cow<'_, str> {
    if !s.chars().any(is_unsafe) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        if is_unsafe(c) {
            out.push_str(&format!("\\u{{{:x}}}", c as u32));
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::inert;
    use proptest::prelude::*;

    #[test]
    fn controls_and_bidi_overrides_are_written_visibly() {
        assert_eq!(inert("Plan\u{1b}[2J\r\nB"), "Plan\\u{1b}[2J\\u{d}\\u{a}B");
        assert_eq!(inert("a\u{7f}b\u{9b}c"), "a\\u{7f}b\\u{9b}c");
        assert_eq!(inert("x\u{202e}y\u{2066}z"), "x\\u{202e}y\\u{2066}z");
        assert_eq!(inert("Sucumbíos, Кыргызстан"), "Sucumbíos, Кыргызстан");
    }

    proptest! {
        #[test]
        fn nothing_a_terminal_acts_on_survives(s in "\\PC*|[\\x00-\\x1f\\x7f-\\x9f\u{202a}-\u{202e}\u{2066}-\u{2069}a-z\n]*") {
            let out = inert(&s);
            let unsafe_left = out.chars().filter(|c| super::is_unsafe(*c)).count();
            prop_assert_eq!(unsafe_left, 0);
            if !s.contains('\\') {
                let escapes = out.matches("\\u{").count();
                let expected = s.chars().filter(|c| super::is_unsafe(*c)).count();
                prop_assert_eq!(escapes, expected);
            }
        }
    }
}
