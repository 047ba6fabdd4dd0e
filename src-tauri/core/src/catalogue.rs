//! Translation catalogues: JSON files of `{ "key": { "en": …, "fr": …,
//! "es": … } }` with `{name}` placeholders. The core's messages and the
//! export's fixed words are both read through this.
//!
//! A message whose words depend on a number is written in ICU MessageFormat,
//! as the interface's catalogues are: `{count, plural, one {# line} other
//! {# lines}}`. The case is chosen by the language's CLDR plural rules
//! (icu_plurals: French counts 0 as one, Spanish has a "many"); `#` in the
//! chosen case stands for the number. `select` chooses by a value's text.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use icu_plurals::{PluralCategory, PluralOperands, PluralRules};

#[derive(Debug, Default)]
pub struct Catalogue(BTreeMap<String, BTreeMap<String, String>>);

impl Catalogue {
    /// Parses an embedded catalogue. The files ship inside the app and their
    /// tests parse them, so an unreadable one (a build defect) yields an
    /// empty catalogue: every text then shows its key instead of failing.
    pub fn parse(json: &str) -> Catalogue {
        Catalogue(crate::json::parse_embedded(json).unwrap_or_default())
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

    /// The text of `key` in `lang` (or English), with its
    /// arguments filled by the plural rules of the language the text is in.
    pub fn format<S: AsRef<str>>(&self, lang: &str, key: &str, params: &[(&str, S)]) -> String {
        let entry = self.0.get(key);
        let written = entry.and_then(|e| e.get(lang).map(|t| (lang, t.as_str())));
        match written.or_else(|| entry.and_then(|e| e.get("en").map(|t| ("en", t.as_str())))) {
            Some((in_lang, text)) => format(in_lang, text, params),
            None => format("en", key, params),
        }
    }

    /// Every key with its texts by language, for the tests that check them.
    pub fn entries(&self) -> &BTreeMap<String, BTreeMap<String, String>> {
        &self.0
    }
}

/// `pattern` with each `{name}` that has a value replaced by it; other
/// braces are left as they are, and values are not filled again. Choices
/// (`{n, plural, …}`) take English's plural rules: use [`format`] for text
/// in another language.
pub fn fill<S: AsRef<str>>(pattern: &str, params: &[(&str, S)]) -> String {
    format("en", pattern, params)
}

/// [`fill`] in `lang`: a choice takes the case that `lang`'s plural rules
/// give its number.
pub fn format<S: AsRef<str>>(lang: &str, pattern: &str, params: &[(&str, S)]) -> String {
    let mut out = String::with_capacity(pattern.len() + 32);
    write(lang, pattern, params, None, &mut out);
    out
}

/// One `{…}` of a pattern: a plain placeholder, or a choice with its cases.
enum Part<'a> {
    Plain(&'a str),
    Choice {
        name: &'a str,
        plural: bool,
        cases: Vec<(&'a str, &'a str)>,
    },
}

/// Reads the `{…}` that starts `s` (after its `{`): what it is and how many
/// bytes it takes, its closing brace included. None when it is no
/// placeholder (stray braces stay as text).
fn part(s: &str) -> Option<(Part<'_>, usize)> {
    let close = s.find('}');
    let comma = s.find(',');
    match (comma, close) {
        (Some(c), Some(e)) if c < e && s.find('{').is_none_or(|o| o > c) => choice(s, c),
        (_, Some(e)) => Some((Part::Plain(&s[..e]), e + 1)),
        _ => None,
    }
}

/// A choice: `name, plural|select, case {text} case {text}}`.
fn choice(s: &str, comma: usize) -> Option<(Part<'_>, usize)> {
    let name = s[..comma].trim();
    let rest = &s[comma + 1..];
    let kind_end = rest.find(',')?;
    let plural = match rest[..kind_end].trim() {
        "plural" => true,
        "select" => false,
        _ => return None,
    };
    let mut at = comma + 1 + kind_end + 1;
    let mut cases = Vec::new();
    loop {
        let tail = &s[at..];
        let skipped = tail.len() - tail.trim_start().len();
        at += skipped;
        let tail = &s[at..];
        if tail.starts_with('}') {
            return Some((Part::Choice { name, plural, cases }, at + 1));
        }
        let open = tail.find('{')?;
        let selector = tail[..open].trim();
        if selector.is_empty() || selector.contains('}') {
            return None;
        }
        // The case's text runs to its matching brace.
        let body = &tail[open + 1..];
        let mut depth = 0usize;
        let mut end = None;
        for (i, c) in body.char_indices() {
            match c {
                '{' => depth += 1,
                '}' if depth == 0 => {
                    end = Some(i);
                    break;
                }
                '}' => depth -= 1,
                _ => {}
            }
        }
        let end = end?;
        cases.push((selector, &body[..end]));
        at += open + 1 + end + 1;
    }
}

/// The CLDR plural category of `number` in `lang` (English's rules when the
/// language has none); None when `number` is no decimal number. The rules of
/// each language are made once a thread.
fn category(lang: &str, number: &str) -> Option<PluralCategory> {
    thread_local! {
        static RULES: std::cell::RefCell<HashMap<String, Option<PluralRules>>> = Default::default();
    }
    let number = number.trim();
    if number.len() > 40 {
        return None;
    }
    let decimal = fixed_decimal::Decimal::try_from_str(number).ok()?;
    let operands = PluralOperands::from(&decimal);
    RULES.with_borrow_mut(|rules| {
        let made = rules.entry(lang.to_string()).or_insert_with(|| {
            let rules_of = |l: &str| {
                let locale = icu_locale_core::Locale::try_from_str(l).ok()?;
                PluralRules::try_new_cardinal((&locale).into()).ok()
            };
            rules_of(lang).or_else(|| rules_of("en"))
        });
        made.as_ref().map(|r| r.category_for(operands))
    })
}

fn write<S: AsRef<str>>(lang: &str, pattern: &str, params: &[(&str, S)], pound: Option<&str>, out: &mut String) {
    let value = |name: &str| params.iter().find(|(n, _)| *n == name).map(|(_, v)| v.as_ref());
    let mut rest = pattern;
    loop {
        let next = rest.find(['{', '#']);
        let Some(at) = next else { break };
        out.push_str(&rest[..at]);
        if rest.as_bytes()[at] == b'#' {
            out.push_str(pound.unwrap_or("#"));
            rest = &rest[at + 1..];
            continue;
        }
        let after = &rest[at + 1..];
        match part(after) {
            Some((Part::Plain(name), used)) if value(name).is_some() => {
                out.push_str(value(name).unwrap_or_default());
                rest = &after[used..];
            }
            Some((Part::Choice { name, plural, cases }, used)) if value(name).is_some() => {
                let v = value(name).unwrap_or_default();
                let exact = format!("={}", v.trim());
                let by_rule = if plural {
                    category(lang, v).map(|c| match c {
                        PluralCategory::Zero => "zero",
                        PluralCategory::One => "one",
                        PluralCategory::Two => "two",
                        PluralCategory::Few => "few",
                        PluralCategory::Many => "many",
                        PluralCategory::Other => "other",
                    })
                } else {
                    Some(v)
                };
                let chosen = cases
                    .iter()
                    .find(|(sel, _)| *sel == exact)
                    .or_else(|| by_rule.and_then(|r| cases.iter().find(|(sel, _)| *sel == r)))
                    .or_else(|| cases.iter().find(|(sel, _)| *sel == "other"));
                if let Some((_, text)) = chosen {
                    write(lang, text, params, if plural { Some(v) } else { pound }, out);
                }
                rest = &after[used..];
            }
            _ => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
}

/// Every argument a pattern names: `{name}`, and each choice's name and the
/// arguments of its cases.
pub fn placeholders(s: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    collect(s, &mut out, &mut Vec::new());
    out
}

/// The cases of every choice in a pattern, for the checks.
fn choices(s: &str) -> Vec<Vec<String>> {
    let mut out = Vec::new();
    collect(s, &mut BTreeSet::new(), &mut out);
    out
}

fn collect(s: &str, names: &mut BTreeSet<String>, cases_of: &mut Vec<Vec<String>>) {
    let mut rest = s;
    while let Some(open) = rest.find('{') {
        let after = &rest[open + 1..];
        match part(after) {
            Some((Part::Plain(name), used)) => {
                names.insert(name.to_string());
                rest = &after[used..];
            }
            Some((Part::Choice { name, cases, .. }, used)) => {
                names.insert(name.to_string());
                cases_of.push(cases.iter().map(|(sel, _)| sel.to_string()).collect());
                for (_, text) in &cases {
                    collect(text, names, cases_of);
                }
                rest = &after[used..];
            }
            None => break,
        }
    }
}

/// What is wrong with a catalogue file: entries missing one of `languages`
/// or carrying others, empty texts, and translations whose placeholders
/// differ from the English. Returns the number of keys when nothing is.
pub fn check(json: &str, languages: &[&str]) -> Result<usize, Vec<String>> {
    let parsed: BTreeMap<String, BTreeMap<String, String>> =
        crate::json::parse(json.as_bytes()).map_err(|e| vec![format!("the catalogue does not parse: {e}")])?;
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
                Some(text) if choices(text).iter().any(|c| !c.iter().any(|s| s == "other")) => {
                    problems.push(format!("{key}/{lang} has a choice without an \"other\" case"))
                }
                Some(text) if dodges_plural(text) => problems.push(format!(
                    "{key}/{lang} writes a plural as \"(s)\": choose the words with {{count, plural, …}}"
                )),
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

/// "line(s)", "nouveau(x)", "trouve(nt)": a plural dodged rather than chosen.
fn dodges_plural(text: &str) -> bool {
    ["(s)", "(es)", "(x)", "(nt)"].iter().any(|d| {
        text.match_indices(d)
            .any(|(at, _)| text[..at].chars().next_back().is_some_and(char::is_alphabetic))
    })
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

    #[test]
    fn choices_take_the_case_each_languages_plural_rules_give() {
        let lines = "{count, plural, one {# line} other {# lines}} in {where}";
        let f = |lang: &str, n: &str| format(lang, lines, &[("count", n), ("where", "IOM")]);
        assert_eq!(f("en", "1"), "1 line in IOM");
        assert_eq!(f("en", "0"), "0 lines in IOM");
        assert_eq!(f("en", "1200"), "1200 lines in IOM");
        // French counts zero as one; Spanish's "many" (a million) falls to "other" here.
        assert_eq!(f("fr", "0"), "0 line in IOM");
        assert_eq!(f("fr", "2"), "2 lines in IOM");
        assert_eq!(f("es", "1000000"), "1000000 lines in IOM");
        assert_eq!(
            f("xx", "1"),
            "1 lines in IOM",
            "a language without rules of its own takes the root rules"
        );
        // An exact case wins over the rule; a case holds placeholders of its own.
        let exact = "{n, plural, =0 {none} one {one of {who}} other {# of {who}}}";
        assert_eq!(format("en", exact, &[("n", "0"), ("who", "them")]), "none");
        assert_eq!(format("en", exact, &[("n", "1"), ("who", "them")]), "one of them");
        assert_eq!(format("en", exact, &[("n", "3"), ("who", "them")]), "3 of them");
        // Select chooses by the text; "#" outside a choice is a plain sign.
        let kind = "#{k, select, final {Final} other {Draft}}";
        assert_eq!(format("en", kind, &[("k", "final")]), "#Final");
        assert_eq!(format("en", kind, &[("k", "review")]), "#Draft");
        // Without its value a choice stays as written, and a number that is no number takes "other".
        assert_eq!(
            format("en", lines, &[("where", "x")]),
            "{count, plural, one {# line} other {# lines}} in x"
        );
        assert_eq!(f("en", "many"), "many lines in IOM");
    }

    #[test]
    fn placeholders_and_checks_see_inside_choices() {
        let p = placeholders("{puno}: {count, plural, one {# place of {who}} other {# places}}");
        assert_eq!(p.into_iter().collect::<Vec<_>>(), ["count", "puno", "who"]);
        let no_other = r#"{"a": {"en": "{n, plural, one {# line}}", "fr": "{n, plural, one {# ligne}}"}}"#;
        assert!(check(no_other, &["en", "fr"])
            .unwrap_err()
            .iter()
            .any(|p| p.contains("without an \"other\"")));
        let dodged = r#"{"a": {"en": "{n} line(s)", "fr": "{n} nouveau(x)"}}"#;
        assert_eq!(check(dodged, &["en", "fr"]).unwrap_err().len(), 2);
        let fine = r#"{"a": {"en": "a (see below) {n}", "fr": "{n, plural, one {# ligne} other {# lignes}}"}}"#;
        assert_eq!(check(fine, &["en", "fr"]), Ok(1));
    }
}
