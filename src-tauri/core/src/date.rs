//! Calendar dates as the proposal stores them: `YYYY-MM-DD`.

use crate::limits::{FIRST_YEAR, LAST_YEAR};

/// A calendar date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Date {
    pub year: i32,
    pub month: u32,
    pub day: u32,
}

fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        _ if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        _ => 28,
    }
}

impl Date {
    /// Parses `YYYY-MM-DD` strictly; years 1900 to 2200.
    pub fn parse(s: &str) -> Option<Date> {
        let b = s.as_bytes();
        if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
            return None;
        }
        let num = |r: std::ops::Range<usize>| -> Option<u32> {
            let part = &s[r];
            part.bytes().all(|c| c.is_ascii_digit()).then(|| part.parse().ok())?
        };
        let (year, month, day) = (num(0..4)? as i32, num(5..7)?, num(8..10)?);
        if !(FIRST_YEAR..=LAST_YEAR).contains(&year) || !(1..=12).contains(&month) {
            return None;
        }
        if day == 0 || day > days_in_month(year, month) {
            return None;
        }
        Some(Date { year, month, day })
    }

    /// The date `days` after 1970-01-01.
    pub fn from_unix_days(days: i64) -> Date {
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
        let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
        let year = (yoe + era * 400 + if month <= 2 { 1 } else { 0 }) as i32;
        Date { year, month, day }
    }

    /// Days since 1970-01-01.
    pub fn unix_days(self) -> i64 {
        let (y, m, d) = (self.year as i64, self.month as i64, self.day as i64);
        let y = if m <= 2 { y - 1 } else { y };
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let doy = (153 * (m + if m > 2 { -3 } else { 9 }) + 2) / 5 + d - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }

    /// Today on the user's calendar: the system clock in the system's time
    /// zone, not UTC's date, which is a day off in the evening west of
    /// Greenwich and in the morning east of it.
    pub fn today() -> Date {
        use chrono::Datelike;
        let d = chrono::Local::now().date_naive();
        Date {
            year: d.year(),
            month: d.month(),
            day: d.day(),
        }
    }

    /// The date `months` later, clamped to the month's last day.
    pub fn add_months(self, months: u32) -> Date {
        let total = self.year * 12 + (self.month as i32 - 1) + months as i32;
        let (year, month) = (total.div_euclid(12), total.rem_euclid(12) as u32 + 1);
        Date {
            year,
            month,
            day: self.day.min(days_in_month(year, month)),
        }
    }
}

impl Date {
    /// The day before.
    pub fn day_before(self) -> Date {
        if self.day > 1 {
            return Date {
                day: self.day - 1,
                ..self
            };
        }
        let (year, month) = if self.month == 1 {
            (self.year - 1, 12)
        } else {
            (self.year, self.month - 1)
        };
        Date {
            year,
            month,
            day: days_in_month(year, month),
        }
    }

    /// The last day of a programme of `months` months starting on this day:
    /// 30 months from 1 March 2025 end on 31 August 2027. The cover page, the
    /// PDF and the CLI all take the end date from here.
    pub fn programme_end(self, months: u32) -> Date {
        self.add_months(months).day_before()
    }
}

/// The last day of the programme, as `YYYY-MM-DD`, when its start is a real
/// date and its duration is set.
pub fn programme_end(start: Option<&str>, months: Option<u32>) -> Option<String> {
    let start = Date::parse(start?)?;
    let months = months.filter(|m| *m > 0)?;
    let end = start.programme_end(months);
    (end.year <= LAST_YEAR).then(|| end.to_string())
}

/// How a language writes a date in figures: the order of its parts (`dmy`,
/// `mdy` or `ymd`) and what the empty field shows. From the core's catalogue,
/// so the date field and its messages agree.
#[derive(Debug, Clone, serde::Serialize, ts_rs::TS)]
#[ts(export)]
pub struct DateFormat {
    pub order: String,
    pub placeholder: String,
}

pub fn format_of(lang: &str) -> DateFormat {
    DateFormat {
        order: crate::messages::msg(lang, "date.order", &[]),
        placeholder: crate::messages::msg(lang, "date.placeholder", &[]),
    }
}

/// Reads a date as a person types it in `lang`: in the language's order
/// (`1/3/2025` is 1 March in French, Spanish and UN English), or as an ISO
/// date (`2025-03-01`) in any language; the parts may be separated by `/`,
/// `.`, `-` or spaces. A date that does not exist is refused with a sentence
/// saying why, in `lang`.
pub fn read_typed(text: &str, lang: &str) -> Result<Date, String> {
    use crate::messages::msg;
    let fmt = format_of(lang);
    let unreadable = || msg(lang, "date.unreadable", &[("placeholder", fmt.placeholder.clone())]);
    let text = text.trim();
    if text.is_empty()
        || text.len() > 40
        || !text
            .chars()
            .all(|c| c.is_ascii_digit() || matches!(c, '/' | '.' | '-' | ' '))
    {
        return Err(unreadable());
    }
    let parts: Vec<&str> = text.split(['/', '.', '-', ' ']).filter(|p| !p.is_empty()).collect();
    if parts.len() != 3 || parts.iter().any(|p| p.len() > 4) {
        return Err(unreadable());
    }
    let order = if parts[0].len() == 4 { "ymd" } else { fmt.order.as_str() };
    let at = |c: char| order.find(c).map(|i| parts[i]).unwrap_or("");
    let (y, m, d) = (at('y'), at('m'), at('d'));
    if y.len() != 4 {
        return Err(msg(lang, "date.short_year", &[]));
    }
    if m.len() > 2 || d.len() > 2 {
        return Err(unreadable());
    }
    let num = |s: &str| s.parse::<u32>().unwrap_or(0);
    let (year, month, day) = (num(y) as i32, num(m), num(d));
    if !(FIRST_YEAR..=LAST_YEAR).contains(&year) {
        return Err(msg(
            lang,
            "date.year_range",
            &[("first", FIRST_YEAR.to_string()), ("last", LAST_YEAR.to_string())],
        ));
    }
    if !(1..=12).contains(&month) {
        return Err(msg(lang, "date.no_month", &[("month", month.to_string())]));
    }
    let days = days_in_month(year, month);
    if day == 0 || day > days {
        return Err(msg(
            lang,
            "date.no_day",
            &[("day", day.to_string()), ("days", days.to_string())],
        ));
    }
    Ok(Date { year, month, day })
}

impl std::fmt::Display for Date {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_real_dates_only() {
        assert_eq!(Date::parse("2027-02-28").map(|d| d.day), Some(28));
        assert!(Date::parse("2028-02-29").is_some());
        assert!(Date::parse("2027-02-29").is_none());
        assert!(Date::parse("2100-02-29").is_none());
        assert!(Date::parse("2000-02-29").is_some());
        assert!(Date::parse("2027-13-01").is_none());
        assert!(Date::parse("2027-1-01").is_none());
        assert!(Date::parse("+027-01-01").is_none());
        assert!(Date::parse("").is_none());
    }

    #[test]
    fn a_programme_ends_the_day_before_its_months_are_up() {
        let end = |s: &str, m| programme_end(Some(s), Some(m));
        assert_eq!(end("2025-03-01", 30).as_deref(), Some("2027-08-31"));
        assert_eq!(end("2025-04-01", 30).as_deref(), Some("2027-09-30"));
        assert_eq!(end("2027-01-31", 1).as_deref(), Some("2027-02-27"));
        assert_eq!(end("2028-01-01", 2).as_deref(), Some("2028-02-29"));
        assert_eq!(end("2025-01-01", 12).as_deref(), Some("2025-12-31"));
        assert_eq!(end("2025-01-15", 12).as_deref(), Some("2026-01-14"));
        assert_eq!(end("2025-02-30", 12), None);
        assert_eq!(end("2025-01-01", 0), None);
        assert_eq!(programme_end(None, Some(12)), None);
        assert_eq!(programme_end(Some("2025-01-01"), None), None);
        assert_eq!(end("2199-01-01", 240), None, "past the last year a date may have");
    }

    #[test]
    fn typed_dates_are_read_in_the_language_order_or_as_iso() {
        let ok = |t: &str, l: &str| read_typed(t, l).map(|d| d.to_string());
        assert_eq!(ok("2025-03-01", "en").as_deref(), Ok("2025-03-01"));
        assert_eq!(ok("2025-03-01", "es").as_deref(), Ok("2025-03-01"));
        assert_eq!(ok("1/3/2025", "es").as_deref(), Ok("2025-03-01"));
        assert_eq!(ok(" 01.03.2025 ", "fr").as_deref(), Ok("2025-03-01"));
        assert_eq!(ok("1 3 2025", "en").as_deref(), Ok("2025-03-01"));
        assert_eq!(ok("29/02/2028", "en").as_deref(), Ok("2028-02-29"));
        let err = |t: &str, l: &str| read_typed(t, l).unwrap_err();
        assert_eq!(
            err("31/04/2025", "en"),
            "There is no day 31 in that month: it has 30 days."
        );
        assert_eq!(
            err("29/02/2027", "fr"),
            "Ce mois n’a pas de jour 29\u{a0}: il compte 28 jours."
        );
        assert_eq!(
            err("01/13/2025", "es"),
            "No existe el mes 13: los meses van del 1 al 12."
        );
        assert_eq!(err("1/3/25", "en"), "Write the year in full, with four digits.");
        assert_eq!(err("1/3/1850", "en"), "Use a year between 1900 and 2200.");
        for bad in [
            "",
            "March 1",
            "1/3",
            "1/3/2025/4",
            "2025-003-01",
            "1e3/3/2025",
            "１/3/2025",
        ] {
            assert!(err(bad, "en").starts_with("Write the date as dd/mm/yyyy"), "{bad:?}");
        }
        assert_eq!(format_of("fr").placeholder, "jj/mm/aaaa");
    }

    #[test]
    fn unix_days_round_trip() {
        for s in ["1970-01-01", "2000-02-29", "2027-04-01", "2199-12-31"] {
            let d = Date::parse(s).unwrap();
            assert_eq!(Date::from_unix_days(d.unix_days()), d, "{s}");
        }
        assert_eq!(Date::parse("1970-01-02").unwrap().unix_days(), 1);
    }

    #[test]
    fn today_is_the_local_calendar_day() {
        // The same instant counted in local days: UTC seconds plus the zone's offset.
        let now = chrono::Local::now();
        let local_secs = now.timestamp() + i64::from(now.offset().local_minus_utc());
        let expected = Date::from_unix_days(local_secs.div_euclid(86_400));
        let today = Date::today();
        // Midnight may pass between the two readings.
        assert!(
            today == expected || today == Date::from_unix_days(expected.unix_days() + 1),
            "{today} vs {expected}"
        );
    }

    #[test]
    fn adds_months_across_years() {
        let d = Date::parse("2027-01-31").unwrap();
        assert_eq!(d.add_months(1).to_string(), "2027-02-28");
        assert_eq!(d.add_months(36).to_string(), "2030-01-31");
        assert_eq!(d.add_months(11).to_string(), "2027-12-31");
    }
}
