//! Exact money. Amounts are whole US cents in an `i128`; quantities are fixed
//! point with four decimals. Nothing here touches a binary float. Inputs are
//! bounded (15 integer digits for amounts, 12 for quantities), so no product
//! or sum of up to a million lines can overflow.
//!
//! The rounding rule, stated once: a line total is quantity × unit cost,
//! rounded half away from zero to the cent; indirect support costs are the
//! rate applied to a PUNO's direct total, rounded the same way; every other
//! figure is an exact sum of those.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// Quantities carry four decimals.
pub const QTY_SCALE: i64 = 10_000;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Money(pub i128);

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default)]
pub struct Quantity(pub i64);

/// Parses a plain decimal with at most `decimals` places into a scaled integer.
fn parse_fixed(s: &str, decimals: u32, max_int_digits: usize) -> Option<i64> {
    let s = s.trim();
    let (neg, body) = match s.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, s),
    };
    let (int, frac) = body.split_once('.').unwrap_or((body, ""));
    if int.is_empty() && frac.is_empty() {
        return None;
    }
    if !int.chars().all(|c| c.is_ascii_digit()) || !frac.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    if frac.len() > decimals as usize || int.len() > max_int_digits {
        return None;
    }
    let scale = 10i64.pow(decimals);
    let int: i64 = if int.is_empty() { 0 } else { int.parse().ok()? };
    let mut frac_val: i64 = if frac.is_empty() { 0 } else { frac.parse().ok()? };
    frac_val *= 10i64.pow(decimals - frac.len() as u32);
    let v = int.checked_mul(scale)?.checked_add(frac_val)?;
    Some(if neg { -v } else { v })
}

fn format_fixed(v: i128, decimals: u32, trim: bool) -> String {
    let scale = 10u128.pow(decimals);
    let sign = if v < 0 { "-" } else { "" };
    let a = v.unsigned_abs();
    let (int, frac) = (a / scale, a % scale);
    let mut frac = format!("{frac:0width$}", width = decimals as usize);
    if trim {
        while frac.ends_with('0') {
            frac.pop();
        }
    }
    if frac.is_empty() {
        format!("{sign}{int}")
    } else {
        format!("{sign}{int}.{frac}")
    }
}

/// Divides rounding half away from zero.
pub fn div_round(n: i128, d: i128) -> i128 {
    let q = n / d;
    let r = n % d;
    if 2 * r.abs() >= d.abs() {
        q + n.signum() * d.signum()
    } else {
        q
    }
}

impl Money {
    pub fn parse(s: &str) -> Option<Money> {
        parse_fixed(s, 2, 15).map(|c| Money(c as i128))
    }

    pub fn from_dollars(d: i64) -> Money {
        Money(d as i128 * 100)
    }

    /// Quantity × unit cost, rounded to the cent.
    pub fn times(self, q: Quantity) -> Money {
        Money(div_round(self.0 * q.0 as i128, QTY_SCALE as i128))
    }

    /// This amount × `basis_points` / 10,000, rounded to the cent.
    pub fn rate(self, basis_points: i64) -> Money {
        Money(div_round(self.0 * basis_points as i128, 10_000))
    }

    /// `1234.50` style, for files and JSON.
    pub fn to_decimal(self) -> String {
        format_fixed(self.0, 2, false)
    }

    /// `1,234.50` style, for people.
    pub fn grouped(self) -> String {
        let plain = self.to_decimal();
        let (sign, rest) = plain
            .strip_prefix('-')
            .map(|r| ("-", r))
            .unwrap_or(("", plain.as_str()));
        let (int, frac) = rest.split_once('.').unwrap_or((rest, "00"));
        let mut out = String::new();
        for (i, c) in int.chars().enumerate() {
            if i > 0 && (int.len() - i) % 3 == 0 {
                out.push(',');
            }
            out.push(c);
        }
        format!("{sign}{out}.{frac}")
    }
}

impl Quantity {
    pub fn parse(s: &str) -> Option<Quantity> {
        parse_fixed(s, 4, 12).map(Quantity)
    }
    pub fn to_decimal(self) -> String {
        format_fixed(self.0 as i128, 4, true)
    }
}

/// One budget line's figures as the core reads them, for the grid: each an
/// exact integer written in decimal digits (the UI adds and compares them
/// as BigInt), or None when the text is not a number the core accepts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
#[ts(export)]
pub struct LineFigures {
    /// The quantity in ten-thousandths ("2.5" → "25000").
    pub quantity: Option<String>,
    /// The unit cost in cents.
    pub unit_cost: Option<String>,
    /// Quantity × unit cost in cents, rounded as every line total is; None
    /// unless both figures are numbers.
    pub total: Option<String>,
    /// The same total as a plain decimal ("10005.50"), for copying out.
    pub total_decimal: Option<String>,
}

/// Reads a line's quantity and unit cost (plain decimals, as stored) and
/// works out its total.
pub fn line_figures(quantity: &str, unit_cost: &str) -> LineFigures {
    let q = Quantity::parse(quantity);
    let c = Money::parse(unit_cost);
    LineFigures {
        quantity: q.map(|q| q.0.to_string()),
        unit_cost: c.map(|c| c.0.to_string()),
        total: q.zip(c).map(|(q, c)| c.times(q).0.to_string()),
        total_decimal: q.zip(c).map(|(q, c)| c.times(q).to_decimal()),
    }
}

/// A percentage such as "7" or "7.5" as basis points.
pub fn percent_to_basis_points(s: &str) -> Option<i64> {
    parse_fixed(s, 2, 3)
}

impl std::ops::Add for Money {
    type Output = Money;
    fn add(self, o: Money) -> Money {
        Money(self.0 + o.0)
    }
}

impl std::ops::AddAssign for Money {
    fn add_assign(&mut self, o: Money) {
        self.0 += o.0;
    }
}

impl std::iter::Sum for Money {
    fn sum<I: Iterator<Item = Money>>(iter: I) -> Money {
        iter.fold(Money(0), |a, b| a + b)
    }
}

impl fmt::Display for Money {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_decimal())
    }
}

macro_rules! decimal_serde {
    ($t:ty, $what:literal) => {
        impl Serialize for $t {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(&self.to_decimal())
            }
        }
        impl<'de> Deserialize<'de> for $t {
            fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let s = String::deserialize(d)?;
                <$t>::parse(&s).ok_or_else(|| serde::de::Error::custom(format!(concat!("{:?} is not ", $what), s)))
            }
        }
    };
}
decimal_serde!(Money, "an amount with at most two decimals");
decimal_serde!(Quantity, "a quantity with at most four decimals");

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_prints_exactly() {
        assert_eq!(Money::parse("1234.5"), Some(Money(123450)));
        assert_eq!(Money::parse("0.07").unwrap().to_decimal(), "0.07");
        assert_eq!(Money::parse("-3"), Some(Money(-300)));
        assert_eq!(Money::parse(".5"), Some(Money(50)));
        for bad in [
            "",
            ".",
            "1.234",
            "1e5",
            "12a",
            "1,000",
            "--1",
            "NaN",
            "1234567890123456",
        ] {
            assert_eq!(Money::parse(bad), None, "{bad}");
        }
        assert_eq!(Money(123456789).grouped(), "1,234,567.89");
        assert_eq!(Money(-100).grouped(), "-1.00");
        assert_eq!(Quantity::parse("2.5").unwrap().to_decimal(), "2.5");
    }

    #[test]
    fn rounds_half_away_from_zero() {
        // 3 × 0.335 = 1.005 → 1.01
        let q = Quantity::parse("0.335").unwrap();
        assert_eq!(Money::parse("3").unwrap().times(q), Money(101));
        // 7 % of 0.50 = 0.035 → 0.04
        assert_eq!(Money(50).rate(700), Money(4));
        assert_eq!(Money(-50).rate(700), Money(-4));
        assert_eq!(Money(1_000_000).rate(700), Money(70_000));
        assert_eq!(percent_to_basis_points("7"), Some(700));
    }

    #[test]
    fn line_figures_read_both_figures_and_round_the_total() {
        let f = line_figures(" 2.5 ", "0.03");
        assert_eq!(f.quantity.as_deref(), Some("25000"));
        assert_eq!(f.unit_cost.as_deref(), Some("3"));
        // 2.5 × 0.03 = 0.075 → 0.08: half away from zero.
        assert_eq!(f.total.as_deref(), Some("8"));
        let big = line_figures("999999999999.9999", "999999999999999.99");
        assert_eq!(big.total.as_deref(), Some("99999999999999989000000000000"));
        let half = line_figures("1,5", "10");
        assert_eq!(
            (half.quantity, half.unit_cost.as_deref(), half.total),
            (None, Some("1000"), None)
        );
        assert_eq!(line_figures("", "").total, None);
    }
}
