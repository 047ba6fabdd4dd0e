//! Calendar dates as the proposal stores them: `YYYY-MM-DD`.

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
        if !(1900..=2200).contains(&year) || !(1..=12).contains(&month) {
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
