//! The sentences the core writes for people — readiness problems and marker
//! explanations — in English, French and Spanish. Every text a translator
//! touches is in `assets/i18n/messages.json`, keyed by a dotted name such as
//! `cover.required`, with `{name}` placeholders the code fills in.

use std::sync::OnceLock;

use crate::catalogue::Catalogue;
use crate::money::Money;

const SOURCE: &str = include_str!("../../../assets/i18n/messages.json");

fn catalogue() -> &'static Catalogue {
    static PARSED: OnceLock<Catalogue> = OnceLock::new();
    PARSED.get_or_init(|| Catalogue::parse(SOURCE))
}

/// The message `key` in `lang` with each `{name}` replaced by its value.
/// An unknown language gives English; an unknown key gives the key itself
/// (the tests prove every key the code uses is in the catalogue).
pub fn msg(lang: &str, key: &str, params: &[(&str, String)]) -> String {
    catalogue().format(lang, key, params)
}

/// The language messages for `lang` are written in: `lang` itself when the
/// catalogue has it, otherwise English. Callers that also pick template
/// labels or other wording by language use this, so no message mixes two.
pub fn language(lang: &str) -> &'static str {
    match lang {
        "fr" => "fr",
        "es" => "es",
        _ => "en",
    }
}

/// Digits, with a decimal point between digits or not, and a minus sign in
/// front or not: what [`number`] writes in a language's way.
pub fn is_plain_decimal(s: &str) -> bool {
    let body = s.strip_prefix('-').unwrap_or(s);
    let (int, frac) = body.split_once('.').unwrap_or((body, "0"));
    let digits = |t: &str| !t.is_empty() && t.chars().all(|c| c.is_ascii_digit());
    digits(int) && digits(frac)
}

/// A plain decimal ("-2396800.5") with its thousands grouped and its decimal
/// mark as `lang` writes them: "2,396,800.5", "2 396 800,5" (narrow no-break
/// space), "2.396.800,5". Anything that is not a plain decimal comes back as
/// it was. The one place numbers are written for people, here and in the PDF.
pub fn number(lang: &str, plain: &str) -> String {
    if !is_plain_decimal(plain) {
        return plain.to_string();
    }
    let (sign, body) = plain.strip_prefix('-').map(|b| ("-", b)).unwrap_or(("", plain));
    let (int, frac) = body.split_once('.').map(|(i, f)| (i, Some(f))).unwrap_or((body, None));
    let cat = catalogue();
    let group = cat.lookup(lang, "number.group");
    let mut out = String::from(sign);
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            out.push_str(group);
        }
        out.push(c);
    }
    if let Some(f) = frac {
        out.push_str(cat.lookup(lang, "number.decimal"));
        out.push_str(f);
    }
    out
}

/// An amount with two decimals, written as `lang` writes numbers.
pub fn money(lang: &str, m: Money) -> String {
    number(lang, &m.to_decimal())
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use super::*;

    const LANGUAGES: [&str; 3] = ["en", "fr", "es"];

    /// The sources that write messages, without their test modules.
    fn sources() -> Vec<(&'static str, &'static str)> {
        [
            ("rules.rs", include_str!("rules.rs")),
            ("rules/annex_rules.rs", include_str!("rules/annex_rules.rs")),
            ("rules/marker_rules.rs", include_str!("rules/marker_rules.rs")),
            ("markers.rs", include_str!("markers.rs")),
            ("messages.rs", include_str!("messages.rs")),
            ("date.rs", include_str!("date.rs")),
            ("merge.rs", include_str!("merge.rs")),
            ("service/share.rs", include_str!("../../service/src/share.rs")),
            ("cells.rs", include_str!("cells.rs")),
            ("service/budget.rs", include_str!("../../service/src/budget.rs")),
        ]
        .into_iter()
        .map(|(name, text)| (name, text.split("#[cfg(test)]").next().unwrap_or(text)))
        .collect()
    }

    /// Every string literal in `source` that looks like a catalogue key of one
    /// of `namespaces` ("cover.required"): keys passed to `msg` directly and
    /// keys held in tables alike.
    fn keys_in(source: &str, namespaces: &BTreeSet<&str>) -> Vec<String> {
        let mut out = Vec::new();
        for (at, _) in source.match_indices('"') {
            let tail = &source[at + 1..];
            let len = tail
                .find(|c: char| !(c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_' || c == '.'))
                .unwrap_or(tail.len());
            let candidate = &tail[..len];
            if tail[len..].starts_with('"') {
                if let Some((ns, rest)) = candidate.split_once('.') {
                    if namespaces.contains(ns) && !rest.is_empty() {
                        out.push(candidate.to_string());
                    }
                }
            }
        }
        out
    }

    #[test]
    fn the_catalogue_parses_and_every_key_has_english_french_and_spanish_with_the_same_placeholders() {
        let keys = crate::catalogue::check(SOURCE, &LANGUAGES).unwrap_or_else(|problems| panic!("{problems:#?}"));
        assert!(keys > 80, "{keys} keys");
    }

    #[test]
    fn french_puts_a_no_break_space_before_high_punctuation() {
        for (key, entry) in catalogue().entries() {
            let fr: Vec<char> = entry["fr"].chars().collect();
            for (i, c) in fr.iter().enumerate() {
                if matches!(c, ':' | ';' | '?' | '!' | '»') {
                    assert!(
                        i > 0 && fr[i - 1] == '\u{a0}',
                        "{key}: French needs U+00A0 before {c:?}: {}",
                        entry["fr"]
                    );
                }
                if *c == '«' {
                    assert_eq!(fr.get(i + 1), Some(&'\u{a0}'), "{key}: French needs U+00A0 after «");
                }
            }
        }
    }

    #[test]
    fn every_key_the_code_uses_is_in_the_catalogue_and_every_entry_is_used() {
        let cat = catalogue().entries();
        let namespaces: BTreeSet<&str> = cat.keys().filter_map(|k| k.split_once('.')).map(|(ns, _)| ns).collect();
        let mut used = BTreeSet::new();
        for (name, source) in sources() {
            for key in keys_in(source, &namespaces) {
                assert!(cat.contains_key(&key), "{name} uses {key}, which messages.json lacks");
                used.insert(key);
            }
        }
        assert!(used.len() > 80, "the scan found only {} keys", used.len());
        for key in cat.keys() {
            assert!(used.contains(key), "{key} is in messages.json but no source uses it");
        }
    }

    #[test]
    fn the_scan_sees_literal_keys_in_calls_and_tables_only() {
        let ns = BTreeSet::from(["cover", "risk"]);
        let src = r#"f.msg("cover.required", &[]); ("owner", x, "risk.needs_owner"), "/cover/title", "context.rights", "cover.""#;
        assert_eq!(keys_in(src, &ns), ["cover.required", "risk.needs_owner"]);
    }

    #[test]
    fn placeholders_are_filled_and_fallbacks_hold() {
        let label = || [("label", "Titre".to_string())];
        assert_eq!(msg("en", "cover.required", &label()), "Titre is required.");
        assert_eq!(
            msg("fr", "cover.required", &label()),
            "Renseignez ce champ obligatoire\u{a0}: Titre."
        );
        assert_eq!(msg("de", "cover.required", &label()), "Titre is required.");
        assert_eq!(msg("fr", "no.such_key", &[]), "no.such_key");
        // A placeholder without a value stays visible rather than vanishing.
        assert_eq!(msg("en", "cover.required", &[]), "{label} is required.");
    }

    #[test]
    fn the_languages_the_code_knows_are_those_of_the_catalogue() {
        for (key, entry) in catalogue().entries() {
            for lang in entry.keys() {
                assert_eq!(
                    language(lang),
                    lang,
                    "{key}: language() must know {lang}, which the catalogue has"
                );
            }
        }
        assert_eq!(language("de"), "en");
        assert_eq!(language(""), "en");
    }

    #[test]
    fn money_is_written_the_way_each_language_writes_it() {
        let m = Money::parse("1234567.5").unwrap();
        assert_eq!(money("en", m), "1,234,567.50");
        assert_eq!(money("fr", m), "1\u{202f}234\u{202f}567,50");
        assert_eq!(money("es", m), "1.234.567,50");
        assert_eq!(money("xx", m), "1,234,567.50");
    }
}
