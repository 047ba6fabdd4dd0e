//! The fixed words of the document (on screen and on paper) and of the
//! package's spreadsheets in the proposal's language, and numbers, money,
//! percentages and dates written the way that language writes them.
//! Everything a translator touches is in `assets/i18n/pdf.json`, separators
//! and month names included.

use std::sync::OnceLock;

use crate::catalogue::Catalogue;
use crate::date::Date;
use crate::money::Money;

const SOURCE: &str = include_str!("../../../assets/i18n/pdf.json");

fn catalogue() -> &'static Catalogue {
    static PARSED: OnceLock<Catalogue> = OnceLock::new();
    PARSED.get_or_init(|| Catalogue::parse(SOURCE))
}

/// The text of `key` in `lang`, in English when the language or its entry is
/// missing, and the key itself when the key is unknown (so it shows, and the
/// tests catch it).
pub fn tr<'k>(lang: &str, key: &'k str) -> &'k str {
    lookup(lang, key)
}

// Separate from `tr` so that the key scan in the tests sees only literal keys.
fn lookup<'k>(lang: &str, key: &'k str) -> &'k str {
    catalogue().lookup(lang, key)
}

/// [`tr`] with each `{name}` replaced by its value.
pub fn trf(lang: &str, key: &str, args: &[(&str, &str)]) -> String {
    catalogue().format(lang, key, args)
}

/// Numbers and amounts as `lang` writes them ("2,396,800.00" in English):
/// one rule for the core's messages, the PDF and what pasted cells are read
/// back against.
pub use crate::messages::{is_plain_decimal, money, number};

/// An amount with its currency: "USD 2,396,800.00", "2 396 800,00 USD".
pub fn usd(lang: &str, m: Money) -> String {
    trf(lang, "money.usd", &[("amount", &money(lang, m))])
}

/// An amount (or a date) the interface asks the core to write, in the form
/// it holds it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Deserialize, ts_rs::TS)]
#[serde(tag = "kind", content = "value", rename_all = "snake_case")]
#[ts(export)]
pub enum AmountAsked {
    /// A decimal text ("2240000.00", or a unit cost as typed).
    Decimal(String),
    /// Exact cents in decimal digits ("-30000"), as the core's figures give them.
    Cents(String),
    /// A difference in cents, written with its sign: "+1,250.00", "−300.00".
    Change(String),
    /// A percentage as a plain decimal ("12.5", "40"): "12.5%", "12,5 %".
    Percent(String),
    /// A calendar date, `YYYY-MM-DD`, in words: "1 March 2025", "1er mars
    /// 2025", as the PDF writes it.
    Date(String),
}

/// The longest text read as an amount; anything longer is no amount.
const LONGEST_AMOUNT: usize = 40;

/// How the interface shows an amount in `lang`: grouped, with two decimals
/// ("2,240,000.00", "2 240 000,00"). A text the core does not read as money
/// comes back as it was, so what the user typed still shows.
pub fn shown_amount(lang: &str, asked: &AmountAsked) -> String {
    let cents = |digits: &str| -> Option<Money> {
        if digits.len() > LONGEST_AMOUNT {
            return None;
        }
        digits.trim().parse::<i128>().ok().map(Money)
    };
    match asked {
        AmountAsked::Decimal(text) => match Money::parse(text) {
            Some(m) if text.len() <= LONGEST_AMOUNT => money(lang, m),
            _ => text.clone(),
        },
        AmountAsked::Cents(digits) => cents(digits).map_or_else(|| digits.clone(), |m| money(lang, m)),
        AmountAsked::Change(digits) => match cents(digits) {
            None => digits.clone(),
            Some(Money(0)) => money(lang, Money(0)),
            Some(Money(c)) if c > 0 => trf(lang, "money.increase", &[("amount", &money(lang, Money(c)))]),
            Some(Money(c)) => trf(lang, "money.decrease", &[("amount", &money(lang, Money(-c)))]),
        },
        AmountAsked::Percent(plain) if plain.len() <= LONGEST_AMOUNT && is_plain_decimal(plain.trim()) => {
            percent(lang, plain.trim())
        }
        AmountAsked::Percent(plain) => plain.clone(),
        AmountAsked::Date(iso) => long_date_str(lang, iso),
    }
}

/// A count or a quantity: "1,200", "1 200", "1.200"; "2.5" → "2,5" in French.
pub fn count(lang: &str, n: impl std::fmt::Display) -> String {
    number(lang, &n.to_string())
}

/// A percentage from a plain decimal: "7%", "7 %", "7 %"; "12.5" → "12,5 %".
pub fn percent(lang: &str, plain: &str) -> String {
    trf(lang, "number.percent", &[("n", &number(lang, plain))])
}

/// "15 February 2027", "15 février 2027", "15 de febrero de 2027"; the first
/// of the month is "1er" in French.
pub fn long_date(lang: &str, d: Date) -> String {
    let day = if d.day == 1 {
        tr(lang, "date.first_day").to_string()
    } else {
        d.day.to_string()
    };
    let month = lookup(lang, month_key(d.month));
    trf(
        lang,
        "date.long",
        &[("day", &day), ("month", month), ("year", &d.year.to_string())],
    )
}

/// The same from `YYYY-MM-DD`; anything else comes back as it was.
pub fn long_date_str(lang: &str, iso: &str) -> String {
    Date::parse(iso)
        .map(|d| long_date(lang, d))
        .unwrap_or_else(|| iso.to_string())
}

/// Each month's keys, its full name's and its short name's (a table, so
/// the key scan in the tests sees them).
const MONTH_KEYS: [(&str, &str); 12] = [
    ("month.1", "month_short.1"),
    ("month.2", "month_short.2"),
    ("month.3", "month_short.3"),
    ("month.4", "month_short.4"),
    ("month.5", "month_short.5"),
    ("month.6", "month_short.6"),
    ("month.7", "month_short.7"),
    ("month.8", "month_short.8"),
    ("month.9", "month_short.9"),
    ("month.10", "month_short.10"),
    ("month.11", "month_short.11"),
    ("month.12", "month_short.12"),
];

fn month_key(month: u32) -> &'static str {
    MONTH_KEYS[(month.clamp(1, 12) - 1) as usize].0
}

fn short_month_key(month: u32) -> &'static str {
    MONTH_KEYS[(month.clamp(1, 12) - 1) as usize].1
}

/// A month's short name: "Apr", "avr.", "abr.".
pub fn short_month(lang: &str, month: u32) -> &'static str {
    lookup(lang, short_month_key(month))
}

/// A list joined with the language's semicolon ("a; b", "a ; b").
pub fn join_semicolon(lang: &str, items: &[String]) -> String {
    items.join(tr(lang, "list.separator"))
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use super::*;
    use crate::catalogue::fill;

    /// The languages every key must carry.
    pub const LANGUAGES: [&str; 3] = ["en", "fr", "es"];

    /// The keys the sources pass to `tr`/`trf` as literals: a call's second
    /// argument. A call whose key is not a literal fails the scan, so no key
    /// can hide from this test.
    fn keys_used_in(name: &str, source: &str) -> Vec<String> {
        let mut keys = Vec::new();
        let bytes = source.as_bytes();
        for call in ["tr(", "trf("] {
            let mut from = 0;
            while let Some(at) = source[from..].find(call).map(|i| i + from) {
                from = at + call.len();
                let before = source[..at].chars().next_back();
                if before.is_some_and(|c| c.is_alphanumeric() || c == '_') || source[..at].ends_with("fn ") {
                    continue;
                }
                // Skip the first argument (the language) to the comma at depth 0.
                let mut depth = 0;
                let mut i = from;
                while i < bytes.len() {
                    match bytes[i] {
                        b'(' | b'[' => depth += 1,
                        b')' | b']' if depth > 0 => depth -= 1,
                        b',' if depth == 0 => break,
                        _ => {}
                    }
                    i += 1;
                }
                let rest = source[i + 1..].trim_start();
                let line = source[..at].lines().count();
                let key = rest
                    .strip_prefix('"')
                    .and_then(|r| r.split_once('"'))
                    .map(|(k, _)| k.to_string());
                match key {
                    Some(k) => keys.push(k),
                    None => panic!("{name}:{line}: the key of a {call}…) call must be a string literal"),
                }
            }
        }
        keys
    }

    fn sources() -> [(&'static str, &'static str); 8] {
        [
            ("document.rs", include_str!("document.rs")),
            ("document/parts.rs", include_str!("document/parts.rs")),
            (
                "schedule.rs",
                include_str!("schedule.rs")
                    .split("#[cfg(test)]")
                    .next()
                    .unwrap_or_default(),
            ),
            ("export/lib.rs", include_str!("../../export/src/lib.rs")),
            ("export/package.rs", include_str!("../../export/src/package.rs")),
            ("export/review_file.rs", include_str!("../../export/src/review_file.rs")),
            (
                "export/pdf_notes.rs",
                include_str!("../../export/src/pdf_notes.rs")
                    .split("#[cfg(test)]")
                    .next()
                    .unwrap_or_default(),
            ),
            // This module's own calls, less its tests (which name keys to check them).
            (
                "words.rs",
                include_str!("words.rs")
                    .split("#[cfg(test)]")
                    .next()
                    .unwrap_or_default(),
            ),
        ]
    }

    #[test]
    fn every_key_has_english_french_and_spanish_with_the_same_placeholders() {
        let keys = crate::catalogue::check(SOURCE, &LANGUAGES).unwrap_or_else(|problems| panic!("{problems:#?}"));
        assert!(keys > 100, "{keys} keys");
    }

    #[test]
    fn every_key_the_code_uses_is_in_the_catalogue_and_every_entry_is_used() {
        let cat = catalogue().entries();
        let mut used = BTreeSet::new();
        for (name, source) in sources() {
            for key in keys_used_in(name, source) {
                assert!(
                    cat.contains_key(&key),
                    "{name} uses {key:?}, which assets/i18n/pdf.json lacks"
                );
                used.insert(key);
            }
        }
        assert!(used.len() > 80, "the scan found only {} keys", used.len());
        // Month names are looked up through `month_key`.
        used.extend((1..=12).map(|m| month_key(m).to_string()));
        used.extend((1..=12).map(|m| short_month_key(m).to_string()));
        let unused: Vec<&String> = cat.keys().filter(|k| !used.contains(*k)).collect();
        assert!(
            unused.is_empty(),
            "keys in assets/i18n/pdf.json that no code uses: {unused:?}"
        );
    }

    #[test]
    fn the_scan_sees_literal_keys_and_refuses_computed_ones() {
        let keys = keys_used_in(
            "x.rs",
            "a(tr(lang, \"one.two\")); trf(&p.language, \"three\", &[(\"n\", &f(1, 2))]); fn tr(x)",
        );
        assert_eq!(keys, ["one.two", "three"]);
        let computed = std::panic::catch_unwind(|| keys_used_in("x.rs", "tr(lang, key)"));
        assert!(computed.is_err());
    }

    #[test]
    fn unknown_languages_and_missing_entries_fall_back_to_english() {
        assert_eq!(tr("fr", "toc.title"), "Table des matières");
        assert_eq!(tr("es", "toc.title"), "Índice");
        assert_eq!(tr("de", "toc.title"), "Contents");
        assert_eq!(tr("", "toc.title"), "Contents");
        assert_eq!(tr("en", "no.such.key"), "no.such.key");
        assert_eq!(
            trf("fr", "page.number", &[("n", "3"), ("total", "40")]),
            "Page 3 sur 40"
        );
        assert_eq!(
            trf("es", "page.number", &[("n", "3"), ("total", "40")]),
            "Página 3 de 40"
        );
        assert_eq!(
            fill("{a} {b} {", &[("a", "x")]),
            "x {b} {",
            "unknown and unclosed braces are left alone"
        );
        assert_eq!(fill("{a}{a}", &[("a", "{a}")]), "{a}{a}", "values are not filled again");
    }

    #[test]
    fn money_and_counts_are_grouped_per_language() {
        let m = Money::parse("2396800").unwrap();
        assert_eq!(money("en", m), "2,396,800.00");
        assert_eq!(money("fr", m), "2\u{202F}396\u{202F}800,00");
        assert_eq!(money("es", m), "2.396.800,00");
        assert_eq!(money("xx", m), "2,396,800.00");
        assert_eq!(usd("en", m), "USD 2,396,800.00");
        assert_eq!(usd("fr", m), "2\u{202F}396\u{202F}800,00\u{A0}USD");
        assert_eq!(usd("es", m), "2.396.800,00\u{A0}USD");
        assert_eq!(money("fr", Money::parse("-1234.5").unwrap()), "-1\u{202F}234,50");
        assert_eq!(money("es", Money::parse("999.99").unwrap()), "999,99");
        assert_eq!(money("en", Money::parse("0").unwrap()), "0.00");
        assert_eq!(count("en", 1200), "1,200");
        assert_eq!(count("fr", 1200), "1\u{202F}200");
        assert_eq!(count("es", 12), "12");
        assert_eq!(number("fr", "2.5"), "2,5");
        assert_eq!(number("es", "1000000"), "1.000.000");
        for odd in ["", "-", "1.", ".5", "1e3", "12 000", "abc"] {
            assert_eq!(number("fr", odd), odd, "{odd:?} is not a plain decimal");
        }
    }

    #[test]
    fn percentages_per_language() {
        assert_eq!(percent("en", "7"), "7%");
        assert_eq!(percent("fr", "7"), "7\u{202F}%");
        assert_eq!(percent("es", "7"), "7\u{A0}%");
        assert_eq!(percent("fr", "12.5"), "12,5\u{202F}%");
        assert_eq!(percent("es", "12.5"), "12,5\u{A0}%");
        assert_eq!(percent("en", "12.5"), "12.5%");
    }

    #[test]
    fn dates_per_language() {
        let d = Date::parse("2027-02-15").unwrap();
        assert_eq!(long_date("en", d), "15 February 2027");
        assert_eq!(long_date("fr", d), "15 février 2027");
        assert_eq!(long_date("es", d), "15 de febrero de 2027");
        assert_eq!(long_date_str("fr", "2026-08-01"), "1er août 2026");
        assert_eq!(long_date_str("en", "2026-08-01"), "1 August 2026");
        assert_eq!(long_date_str("es", "2029-12-31"), "31 de diciembre de 2029");
        assert_eq!(long_date_str("fr", "not a date"), "not a date");
        for lang in LANGUAGES {
            let names: BTreeSet<&str> = (1..=12).map(|m| lookup(lang, month_key(m))).collect();
            assert_eq!(names.len(), 12, "twelve distinct month names in {lang}");
            assert!(names.iter().all(|n| !n.starts_with("month.")), "{lang}: {names:?}");
        }
    }

    #[test]
    fn amounts_are_written_for_the_interface() {
        let d = |s: &str| AmountAsked::Decimal(s.into());
        assert_eq!(shown_amount("en", &d("2240000.00")), "2,240,000.00");
        assert_eq!(shown_amount("en", &d(" 999.5")), "999.50");
        assert_eq!(shown_amount("en", &d("1000")), "1,000.00");
        assert_eq!(shown_amount("en", &d("-0.00")), "0.00");
        assert_eq!(shown_amount("es", &d("-2396800.5")), "-2.396.800,50");
        assert_eq!(shown_amount("fr", &d("2396800")), "2\u{202f}396\u{202f}800,00");
        // What the core does not read as money shows as typed.
        assert_eq!(shown_amount("en", &d("not money")), "not money");
        assert_eq!(shown_amount("en", &d("0.035")), "0.035");
        let pc = |s: &str| AmountAsked::Percent(s.into());
        assert_eq!(shown_amount("en", &pc("12.5")), "12.5%");
        assert_eq!(shown_amount("fr", &pc("12.5")), "12,5\u{202F}%");
        assert_eq!(shown_amount("es", &pc("40")), "40\u{A0}%");
        assert_eq!(shown_amount("fr", &pc("-0.4")), "-0,4\u{202F}%");
        // What is no plain decimal comes back as it was, with no sign added.
        for odd in ["", "12,5", "1.2.3", ".5", "5.", "abc", "--1"] {
            assert_eq!(shown_amount("fr", &pc(odd)), odd);
        }
        assert_eq!(shown_amount("en", &pc(&"9".repeat(41))), "9".repeat(41));
        let c = |s: &str| AmountAsked::Cents(s.into());
        assert_eq!(shown_amount("en", &c("1000550")), "10,005.50");
        assert_eq!(shown_amount("en", &c("5")), "0.05");
        assert_eq!(shown_amount("en", &c("-101")), "-1.01");
        assert_eq!(shown_amount("en", &c(&"9".repeat(60))), "9".repeat(60));
        let ch = |s: &str| AmountAsked::Change(s.into());
        assert_eq!(shown_amount("en", &ch("125000")), "+1,250.00");
        assert_eq!(shown_amount("en", &ch("-30000")), "\u{2212}300.00");
        assert_eq!(shown_amount("en", &ch("0")), "0.00");
        assert_eq!(shown_amount("fr", &ch("123456789")), "+1\u{202f}234\u{202f}567,89");
        let date = |s: &str| AmountAsked::Date(s.into());
        assert_eq!(shown_amount("en", &date("2025-03-01")), "1 March 2025");
        assert_eq!(shown_amount("fr", &date("2025-03-01")), "1er mars 2025");
        assert_eq!(shown_amount("es", &date("2027-08-31")), "31 de agosto de 2027");
        // What is no date comes back as it was.
        for odd in ["", "2025-02-30", "01/03/2025", "tomorrow"] {
            assert_eq!(shown_amount("en", &date(odd)), odd);
        }
    }
}
