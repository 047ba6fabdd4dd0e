//! Where a word wider than its line may break: first where the Unicode line
//! breaking rules allow (after a hyphen, a slash, a dash), then where the
//! standard hyphenation patterns of the document's language allow, with a
//! hyphen added. Only a word that has neither is cut between letters.

use std::sync::OnceLock;

use hyphenation::{Hyphenator, Language, Load, Standard};

/// Byte offsets inside `word` after which a line may end without a hyphen
/// (UAX #14 opportunities, the word's end excluded).
pub fn opportunities(word: &str) -> Vec<usize> {
    unicode_linebreak::linebreaks(word)
        .map(|(at, _)| at)
        .filter(|at| *at > 0 && *at < word.len())
        .collect()
}

fn dictionary(lang: &str) -> Option<&'static Standard> {
    static EN: OnceLock<Option<Standard>> = OnceLock::new();
    static FR: OnceLock<Option<Standard>> = OnceLock::new();
    static ES: OnceLock<Option<Standard>> = OnceLock::new();
    let (cell, language) = match lang {
        "fr" => (&FR, Language::French),
        "es" => (&ES, Language::Spanish),
        _ => (&EN, Language::EnglishUS),
    };
    cell.get_or_init(|| Standard::from_embedded(language).ok()).as_ref()
}

/// Byte offsets inside `word` where a hyphen may be added, by the patterns
/// of `lang`, for each run of letters in it (punctuation and digits are
/// never split this way).
pub fn hyphenation_points(word: &str, lang: &str) -> Vec<usize> {
    let Some(dict) = dictionary(lang) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    let mut start = None;
    let mut runs = Vec::new();
    for (i, c) in word.char_indices() {
        match (c.is_alphabetic(), start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                runs.push((s, i));
                start = None;
            }
            _ => {}
        }
    }
    if let Some(s) = start {
        runs.push((s, word.len()));
    }
    for (s, e) in runs {
        let run = &word[s..e];
        // Short runs keep whole; a run longer than any word is no word.
        let letters = run.chars().count();
        if !(5..=64).contains(&letters) {
            continue;
        }
        out.extend(dict.hyphenate(run).breaks.iter().map(|b| s + b));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_hyphenated_compound_breaks_after_its_hyphen() {
        let w = "Responsible-party";
        assert_eq!(opportunities(w), vec!["Responsible-".len()]);
        assert!(opportunities("(y").is_empty(), "never after an opening bracket");
    }

    #[test]
    fn hyphenation_follows_each_languages_patterns() {
        let en = hyphenation_points("accountability", "en");
        assert!(!en.is_empty());
        let fr = hyphenation_points("gouvernementales", "fr");
        assert!(!fr.is_empty());
        let es = hyphenation_points("fortalecimiento", "es");
        assert!(!es.is_empty());
        assert!(
            hyphenation_points("2,396,800.00", "en").is_empty(),
            "figures are never hyphenated"
        );
        for (w, points) in [("accountability", en), ("gouvernementales", fr.clone())] {
            assert!(points.iter().all(|p| w.is_char_boundary(*p) && *p > 0 && *p < w.len()));
        }
    }
}
