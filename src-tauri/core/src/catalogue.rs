//! Translation catalogues: JSON files of `{ "key": { "en": …, "fr": …,
//! "es": … } }` with `{name}` placeholders. The core's messages and the
//! export's fixed words are both read through this.

use std::collections::{BTreeMap, BTreeSet};

#[derive(Debug, Default)]
pub struct Catalogue(BTreeMap<String, BTreeMap<String, String>>);

impl Catalogue {
    /// Parses an embedded catalogue. The files ship inside the app and their
    /// tests parse them, so an unreadable one (a build defect) yields an
    /// empty catalogue: every text then shows its key instead of failing.
    pub fn parse(json: &str) -> Catalogue {
        Catalogue(crate::json::parse_str(json).unwrap_or_default())
    }

    /// The text of `key` in `lang`; English when the language is missing; the
    /// key itself when the key is unknown.
    pub fn lookup<'a>(&'a self, lang: &str, key: &'a str) -> &'a str {
        match self.0.get(key) {
            Some(entry) => entry
                .get(lang)
                .or_else(|| entry.get("en"))
                .map(String::as_str)
                .unwrap_or(key),
            None => key,
        }
    }

    /// Every key with its texts by language, for the tests that check them.
    pub fn entries(&self) -> &BTreeMap<String, BTreeMap<String, String>> {
        &self.0
    }
}

/// `pattern` with each `{name}` that has a value replaced by it; other
/// braces are left as they are, and values are not filled again.
pub fn fill<S: AsRef<str>>(pattern: &str, params: &[(&str, S)]) -> String {
    let mut out = String::with_capacity(pattern.len() + 32);
    let mut rest = pattern;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let value = after.find('}').and_then(|close| {
            let name = &after[..close];
            params
                .iter()
                .find(|(n, _)| *n == name)
                .map(|(_, v)| (v.as_ref(), close))
        });
        match value {
            Some((v, close)) => {
                out.push_str(v);
                rest = &after[close + 1..];
            }
            None => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// Every `{name}` in a pattern.
pub fn placeholders(s: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    let mut rest = s;
    while let Some(open) = rest.find('{') {
        let after = &rest[open + 1..];
        match after.find('}') {
            Some(close) => {
                out.insert(after[..close].to_string());
                rest = &after[close + 1..];
            }
            None => break,
        }
    }
    out
}

/// What is wrong with a catalogue file: entries missing one of `languages`
/// or carrying others, empty texts, and translations whose placeholders
/// differ from the English. Returns the number of keys when nothing is.
pub fn check(json: &str, languages: &[&str]) -> Result<usize, Vec<String>> {
    let parsed: BTreeMap<String, BTreeMap<String, String>> =
        crate::json::parse_str(json).map_err(|e| vec![format!("the catalogue does not parse: {e}")])?;
    let mut problems = Vec::new();
    for (key, entry) in &parsed {
        let english = entry.get("en").map(|e| placeholders(e)).unwrap_or_default();
        for lang in languages {
            match entry.get(*lang) {
                None => problems.push(format!("{key} has no {lang}")),
                Some(text) if text.is_empty() => problems.push(format!("{key}/{lang} is empty")),
                Some(text) if placeholders(text) != english => {
                    problems.push(format!("{key}: the {lang} placeholders differ from the English"))
                }
                Some(_) => {}
            }
        }
        if entry.keys().any(|l| !languages.contains(&l.as_str())) {
            problems.push(format!("{key} has a language beyond {languages:?}"));
        }
    }
    if problems.is_empty() {
        Ok(parsed.len())
    } else {
        Err(problems)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn check_names_every_kind_of_gap() {
        let good = r#"{"a": {"en": "Page {n}", "fr": "Page {n}"}}"#;
        assert_eq!(check(good, &["en", "fr"]), Ok(1));
        let bad = r#"{"a": {"en": "Page {n}", "fr": "Page"}, "b": {"en": "x", "fr": "", "de": "y"}, "c": {"en": "z"}}"#;
        let problems = check(bad, &["en", "fr"]).unwrap_err();
        assert_eq!(problems.len(), 4, "{problems:?}");
        assert!(check("{", &["en"]).is_err());
        assert_eq!(fill("{a} {b} {", &[("a", "x")]), "x {b} {");
        assert_eq!(fill("{a}{a}", &[("a", "{a}")]), "{a}{a}");
    }
}
