//! Programme time as the screens show it: how many quarters and years a
//! programme runs, the quarters the workplan offers, and each quarter's
//! calendar months ("Apr–Jun 2027") once the start date is known.

use serde::Serialize;
use ts_rs::TS;

use crate::date::Date;
use crate::words::{short_month, trf};
use crate::Proposal;

/// Quarters the workplan offers when the programme's duration is unknown.
pub const QUARTERS_WITHOUT_DURATION: u32 = 12;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct Schedule {
    /// Programme quarters (30 months → 10), when the duration is known.
    pub quarters: Option<u32>,
    /// Programme years (30 months → 3), when the duration is known.
    pub years: Option<u32>,
    /// The quarters the workplan offers: every programme quarter (twelve
    /// without a duration), and any later one an activity still names.
    pub columns: u32,
    /// Each offered quarter's calendar months, in order; empty without a
    /// start date.
    pub quarter_months: Vec<String>,
}

/// Programme quarters in a duration: 30 months → 10 (a part quarter counts).
pub fn quarters_in(months: u32) -> u32 {
    months.div_ceil(3)
}

/// Programme years in a duration: 30 months → 3 (a part year counts).
pub fn years_in(months: u32) -> u32 {
    months.div_ceil(12)
}

/// The latest quarter any activity names (0 when none does).
pub fn latest_quarter(p: &Proposal) -> u32 {
    p.results_framework
        .activities()
        .flat_map(|a| a.quarters.iter().copied())
        .max()
        .map_or(0, u32::from)
}

/// The schedule of `p`, its months written in `lang`.
pub fn schedule(p: &Proposal, lang: &str) -> Schedule {
    let months = p.cover.duration_months.filter(|m| *m > 0);
    let quarters = months.map(quarters_in);
    let columns = quarters.unwrap_or(QUARTERS_WITHOUT_DURATION).max(latest_quarter(p));
    let start = p.cover.start_date.as_deref().and_then(Date::parse);
    let quarter_months = match start {
        Some(start) => (0..columns).map(|q| quarter_months(start, q, lang)).collect(),
        None => Vec::new(),
    };
    Schedule {
        quarters,
        years: months.map(years_in),
        columns,
        quarter_months,
    }
}

/// Quarter `q` (0-based) from `start`: "Apr–Jun 2027", or "Nov 2027–Jan
/// 2028" across a new year.
fn quarter_months(start: Date, q: u32, lang: &str) -> String {
    let from = start.add_months(q * 3);
    let to = from.add_months(2);
    let (f, t) = (short_month(lang, from.month), short_month(lang, to.month));
    if from.year == to.year {
        trf(
            lang,
            "quarter.months",
            &[("from", f), ("to", t), ("year", &to.year.to_string())],
        )
    } else {
        trf(
            lang,
            "quarter.months_across",
            &[
                ("from", f),
                ("from_year", &from.year.to_string()),
                ("to", t),
                ("to_year", &to.year.to_string()),
            ],
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn with(start: Option<&str>, months: Option<u32>) -> Proposal {
        let mut p = crate::example_proposal().unwrap();
        p.cover.start_date = start.map(str::to_string);
        p.cover.duration_months = months;
        for a in p
            .results_framework
            .outcomes
            .iter_mut()
            .flat_map(|o| o.outputs.iter_mut())
            .flat_map(|o| o.activities.iter_mut())
        {
            a.quarters.retain(|q| *q <= 4);
        }
        p
    }

    #[test]
    fn quarters_and_years_round_up() {
        let s = schedule(&with(None, Some(30)), "en");
        assert_eq!((s.quarters, s.years, s.columns), (Some(10), Some(3), 10));
        assert!(s.quarter_months.is_empty(), "no start date, no months");
        let s = schedule(&with(None, None), "en");
        assert_eq!(
            (s.quarters, s.years, s.columns),
            (None, None, QUARTERS_WITHOUT_DURATION)
        );
    }

    #[test]
    fn a_quarter_named_past_the_end_stays_offered() {
        let mut p = with(None, Some(6));
        p.results_framework.outcomes[0].outputs[0].activities[0].quarters = vec![1, 5];
        assert_eq!(schedule(&p, "en").columns, 5);
    }

    #[test]
    fn quarter_months_in_each_language_and_across_a_new_year() {
        let s = schedule(&with(Some("2027-04-15"), Some(12)), "en");
        assert_eq!(
            s.quarter_months,
            ["Apr–Jun 2027", "Jul–Sep 2027", "Oct–Dec 2027", "Jan–Mar 2028"]
        );
        // An activity still names quarter 4: it keeps its months too.
        let s = schedule(&with(Some("2027-11-01"), Some(3)), "en");
        assert_eq!(s.quarter_months.len(), s.columns as usize);
        assert_eq!(s.quarter_months[0], "Nov 2027–Jan 2028");
        let s = schedule(&with(Some("2027-04-01"), Some(3)), "fr");
        assert_eq!(s.quarter_months[0], "avr.–juin 2027");
        let s = schedule(&with(Some("2027-04-01"), Some(3)), "es");
        assert_eq!(s.quarter_months[0], "abr.–jun. 2027");
    }
}
