//! The structured annexes: results framework (with the workplan in its
//! activities), risk matrix and budget. Items carry stable ids; their numbers
//! (Outcome 1, Output 1.2, Activity 1.2.3) come from their positions.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::limits::{FIRST_YEAR, LAST_YEAR};
use crate::money::{Money, Quantity};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, JsonSchema, Default)]
#[serde(default, deny_unknown_fields)]
#[ts(export)]
pub struct ResultsFramework {
    pub outcomes: Vec<Outcome>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, JsonSchema, Default)]
#[serde(default, deny_unknown_fields)]
#[ts(export)]
pub struct Outcome {
    pub id: String,
    pub title: String,
    /// What must hold, outside the programme's control, for the outputs to
    /// lead to this outcome (the logframe's assumptions column).
    pub assumptions: String,
    pub gcm_objectives: Vec<u8>,
    pub indicators: Vec<Indicator>,
    pub outputs: Vec<Output>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, JsonSchema, Default)]
#[serde(default, deny_unknown_fields)]
#[ts(export)]
pub struct Output {
    pub id: String,
    pub title: String,
    pub indicators: Vec<Indicator>,
    pub activities: Vec<Activity>,
}

/// An activity and its place in the workplan.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, JsonSchema, Default)]
#[serde(default, deny_unknown_fields)]
#[ts(export)]
pub struct Activity {
    pub id: String,
    pub title: String,
    pub puno: String,
    pub implementing_partner: String,
    /// Programme quarters (1 is the first three months) in which it runs.
    pub quarters: Vec<u16>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, JsonSchema, Default)]
#[serde(default, deny_unknown_fields)]
#[ts(export)]
pub struct Indicator {
    pub id: String,
    pub text: String,
    pub unit: String,
    pub baseline: Measure,
    pub target: Measure,
    pub means_of_verification: String,
    pub responsible_puno: String,
    /// Ids from the template's disaggregation list (sex, age, ...).
    pub disaggregation: Vec<String>,
    /// What the template's free-text choice ("Other") stands for here.
    pub disaggregation_other: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, JsonSchema, Default)]
#[serde(default, deny_unknown_fields)]
#[ts(export)]
pub struct Measure {
    pub value: String,
    pub year: Option<u16>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, JsonSchema, Default)]
#[serde(default, deny_unknown_fields)]
#[ts(export)]
pub struct RiskMatrix {
    pub risks: Vec<Risk>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, JsonSchema, Default)]
#[serde(default, deny_unknown_fields)]
#[ts(export)]
pub struct Risk {
    pub id: String,
    pub description: String,
    /// A risk category id from the template.
    pub category: String,
    /// 1 (rare) to 5 (almost certain); `None` while unset.
    pub likelihood: Option<u8>,
    /// 1 (minor) to 5 (severe).
    pub impact: Option<u8>,
    pub mitigation: String,
    pub owner: String,
}

impl Risk {
    /// Likelihood × impact, 1 to 25.
    pub fn score(&self) -> Option<u8> {
        Some(self.likelihood? * self.impact?)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, JsonSchema, Default)]
#[serde(default, deny_unknown_fields)]
#[ts(export)]
pub struct Budget {
    pub lines: Vec<BudgetLine>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, JsonSchema, Default)]
#[serde(default, deny_unknown_fields)]
#[ts(export)]
pub struct BudgetLine {
    pub id: String,
    pub description: String,
    /// A UNDG category id from the template (1 to 7).
    pub category: Option<u8>,
    pub puno: String,
    /// The id of the output it serves.
    pub output_id: String,
    /// Programme year, 1-based.
    pub year: Option<u8>,
    pub unit: String,
    #[ts(as = "String")]
    #[schemars(with = "String")]
    pub quantity: Quantity,
    /// US dollars, at most two decimals.
    #[ts(as = "String")]
    #[schemars(with = "String")]
    pub unit_cost: Money,
    /// The part of the line, in percent (0 to 100), that serves gender
    /// equality and women's empowerment. Files written before shares read
    /// `"gender_equality": true` as 100 and `false` as 0.
    #[serde(alias = "gender_equality", deserialize_with = "share_or_flag")]
    pub gender_share: u8,
}

/// A share in percent, or the older yes/no flag it replaced.
fn share_or_flag<'de, D: serde::Deserializer<'de>>(d: D) -> Result<u8, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum ShareOrFlag {
        Share(u8),
        Flag(bool),
    }
    match ShareOrFlag::deserialize(d)
        .map_err(|_| serde::de::Error::custom("a gender-equality share is a whole number from 0 to 100"))?
    {
        ShareOrFlag::Share(n) => Ok(n),
        ShareOrFlag::Flag(b) => Ok(if b { 100 } else { 0 }),
    }
}

impl BudgetLine {
    /// Quantity × unit cost rounded to the cent.
    pub fn total(&self) -> Money {
        self.unit_cost.times(self.quantity)
    }

    /// The part counted for gender equality, exactly, in hundredths of a
    /// cent (total in cents × share in percent): no rounding until the sum.
    pub fn gender_part(&self) -> i128 {
        self.total().0 * i128::from(self.gender_share)
    }
}

/// How results are numbered, by position: outcome "1", output "1.2",
/// activity "1.2.3", and indicators lettered under their result ("1.2 a",
/// "1 b"). The one home of these numbers: the document, the budget and the
/// editor (through [`ResultsFramework::numbers`]) all use these.
pub mod numbering {
    /// The outcome at index `i`.
    pub fn outcome(i: usize) -> String {
        (i + 1).to_string()
    }

    /// Output `j` of outcome `i`.
    pub fn output(i: usize, j: usize) -> String {
        format!("{}.{}", i + 1, j + 1)
    }

    /// Activity `k` of output `j` of outcome `i`.
    pub fn activity(i: usize, j: usize, k: usize) -> String {
        format!("{}.{}.{}", i + 1, j + 1, k + 1)
    }

    /// Indicator `k` of the result numbered `result`.
    pub fn indicator(result: &str, k: usize) -> String {
        format!("{result} {}", letters(k))
    }

    /// 0 → a, 25 → z, 26 → aa, 27 → ab.
    pub fn letters(k: usize) -> String {
        let mut out = Vec::new();
        let mut n = k + 1;
        while n > 0 {
            let r = (n - 1) % 26;
            out.push(b'a' + r as u8);
            n = (n - 1) / 26;
        }
        out.reverse();
        String::from_utf8(out).unwrap_or_default()
    }

    #[cfg(test)]
    mod tests {
        use super::*;

        #[test]
        fn numbers_follow_positions_and_letters_run_past_z() {
            assert_eq!(outcome(0), "1");
            assert_eq!(output(0, 1), "1.2");
            assert_eq!(activity(2, 0, 11), "3.1.12");
            assert_eq!(indicator("1.2", 0), "1.2 a");
            assert_eq!(indicator("4", 2), "4 c");
            let l: Vec<String> = [0, 25, 26, 27, 51, 52, 701, 702].iter().map(|&k| letters(k)).collect();
            assert_eq!(l, ["a", "z", "aa", "ab", "az", "ba", "zz", "aaa"]);
        }
    }
}

impl ResultsFramework {
    /// Every output with its number ("1.2").
    pub fn numbered_outputs(&self) -> Vec<(String, &Output)> {
        self.outcomes
            .iter()
            .enumerate()
            .flat_map(|(i, oc)| {
                oc.outputs
                    .iter()
                    .enumerate()
                    .map(move |(j, op)| (numbering::output(i, j), op))
            })
            .collect()
    }

    /// The number of every outcome, output, activity and indicator, by its
    /// place in the proposal (`/results_framework/outcomes/0/outputs/1` →
    /// "1.2"): what the editor shows beside each item.
    pub fn numbers(&self) -> std::collections::BTreeMap<String, String> {
        let mut out = std::collections::BTreeMap::new();
        let indicators =
            |out: &mut std::collections::BTreeMap<String, String>, base: &str, n: &str, list: &[Indicator]| {
                for k in 0..list.len() {
                    out.insert(format!("{base}/indicators/{k}"), numbering::indicator(n, k));
                }
            };
        for (i, oc) in self.outcomes.iter().enumerate() {
            let base = format!("/results_framework/outcomes/{i}");
            let n = numbering::outcome(i);
            indicators(&mut out, &base, &n, &oc.indicators);
            for (j, op) in oc.outputs.iter().enumerate() {
                let ob = format!("{base}/outputs/{j}");
                let on = numbering::output(i, j);
                indicators(&mut out, &ob, &on, &op.indicators);
                for k in 0..op.activities.len() {
                    out.insert(format!("{ob}/activities/{k}"), numbering::activity(i, j, k));
                }
                out.insert(ob, on);
            }
            out.insert(base, n);
        }
        out
    }

    /// Each output's number by its id; where two outputs share an id, the
    /// first one's number.
    pub fn output_numbers(&self) -> std::collections::HashMap<&str, String> {
        self.numbered_outputs()
            .into_iter()
            .rev()
            .map(|(n, o)| (o.id.as_str(), n))
            .collect()
    }

    /// The outcome index an output id belongs to.
    pub fn outcome_of(&self, output_id: &str) -> Option<usize> {
        self.outcomes
            .iter()
            .position(|oc| oc.outputs.iter().any(|op| op.id == output_id))
    }

    pub fn indicators(&self) -> impl Iterator<Item = &Indicator> {
        self.outcomes.iter().flat_map(|oc| {
            oc.indicators
                .iter()
                .chain(oc.outputs.iter().flat_map(|op| op.indicators.iter()))
        })
    }

    pub fn activities(&self) -> impl Iterator<Item = &Activity> {
        self.outcomes
            .iter()
            .flat_map(|oc| oc.outputs.iter().flat_map(|op| op.activities.iter()))
    }
}

mod checks {
    //! Hard bounds on the annexes: impossible or hostile values are refused.

    use std::collections::BTreeSet;

    use super::*;
    use crate::error::CoreError;
    use crate::limits::*;
    use crate::proposal::{at_most, line};
    use crate::template::Template;

    fn id(path: &str, id: &str, seen: &mut BTreeSet<String>) -> Result<(), CoreError> {
        if id.is_empty()
            || id.len() > MAX_ID_CHARS
            || !id.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
        {
            return Err(CoreError::invalid(
                format!("{path}/id"),
                "an item id must be 1 to 64 letters, digits, - or _",
            ));
        }
        if !seen.insert(id.to_string()) {
            return Err(CoreError::invalid(
                format!("{path}/id"),
                format!("the id {id:?} is used twice"),
            ));
        }
        Ok(())
    }

    fn indicators(path: &str, list: &[Indicator], t: &Template, seen: &mut BTreeSet<String>) -> Result<(), CoreError> {
        at_most(&format!("{path}/indicators"), list, MAX_INDICATORS_PER_RESULT)?;
        for (i, ind) in list.iter().enumerate() {
            let p = format!("{path}/indicators/{i}");
            id(&p, &ind.id, seen)?;
            for (name, v) in [
                ("text", &ind.text),
                ("unit", &ind.unit),
                ("means_of_verification", &ind.means_of_verification),
                ("responsible_puno", &ind.responsible_puno),
                ("baseline/value", &ind.baseline.value),
                ("target/value", &ind.target.value),
                ("disaggregation_other", &ind.disaggregation_other),
            ] {
                line(&format!("{p}/{name}"), v)?;
            }
            for (j, d) in ind.disaggregation.iter().enumerate() {
                if !t.results_framework.disaggregations.iter().any(|c| &c.id == d) {
                    return Err(CoreError::invalid(
                        format!("{p}/disaggregation/{j}"),
                        format!("no disaggregation {d:?}"),
                    ));
                }
            }
            for (name, year) in [("baseline", ind.baseline.year), ("target", ind.target.year)] {
                if year.is_some_and(|y| !(FIRST_YEAR..=LAST_YEAR).contains(&i32::from(y))) {
                    return Err(CoreError::invalid(
                        format!("{p}/{name}/year"),
                        format!("a year must be {FIRST_YEAR} to {LAST_YEAR}"),
                    ));
                }
            }
        }
        Ok(())
    }

    impl ResultsFramework {
        pub fn check(&self, t: &Template) -> Result<(), CoreError> {
            let base = "/results_framework";
            at_most(&format!("{base}/outcomes"), &self.outcomes, MAX_OUTCOMES)?;
            let mut seen = BTreeSet::new();
            for (i, oc) in self.outcomes.iter().enumerate() {
                let p = format!("{base}/outcomes/{i}");
                id(&p, &oc.id, &mut seen)?;
                line(&format!("{p}/title"), &oc.title)?;
                line(&format!("{p}/assumptions"), &oc.assumptions)?;
                for (j, n) in oc.gcm_objectives.iter().enumerate() {
                    if !t.gcm_objectives.iter().any(|o| o.number == *n) {
                        return Err(CoreError::invalid(
                            format!("{p}/gcm_objectives/{j}"),
                            format!("no GCM objective {n}"),
                        ));
                    }
                }
                indicators(&p, &oc.indicators, t, &mut seen)?;
                at_most(&format!("{p}/outputs"), &oc.outputs, MAX_OUTPUTS_PER_OUTCOME)?;
                for (j, op) in oc.outputs.iter().enumerate() {
                    let p = format!("{p}/outputs/{j}");
                    id(&p, &op.id, &mut seen)?;
                    line(&format!("{p}/title"), &op.title)?;
                    indicators(&p, &op.indicators, t, &mut seen)?;
                    at_most(&format!("{p}/activities"), &op.activities, MAX_ACTIVITIES_PER_OUTPUT)?;
                    for (k, a) in op.activities.iter().enumerate() {
                        let p = format!("{p}/activities/{k}");
                        id(&p, &a.id, &mut seen)?;
                        line(&format!("{p}/title"), &a.title)?;
                        line(&format!("{p}/puno"), &a.puno)?;
                        line(&format!("{p}/implementing_partner"), &a.implementing_partner)?;
                        if a.quarters.iter().any(|q| *q == 0 || *q > MAX_QUARTER) {
                            return Err(CoreError::invalid(
                                format!("{p}/quarters"),
                                format!("quarters are numbered 1 to {MAX_QUARTER}"),
                            ));
                        }
                        if a.quarters.windows(2).any(|w| w[0] >= w[1]) {
                            return Err(CoreError::invalid(
                                format!("{p}/quarters"),
                                "quarters must be listed once each, in order",
                            ));
                        }
                    }
                }
            }
            Ok(())
        }
    }

    impl RiskMatrix {
        pub fn check(&self, t: &Template) -> Result<(), CoreError> {
            at_most("/risk_matrix/risks", &self.risks, MAX_RISKS)?;
            let mut seen = BTreeSet::new();
            for (i, r) in self.risks.iter().enumerate() {
                let p = format!("/risk_matrix/risks/{i}");
                id(&p, &r.id, &mut seen)?;
                for (name, v) in [
                    ("description", &r.description),
                    ("mitigation", &r.mitigation),
                    ("owner", &r.owner),
                ] {
                    line(&format!("{p}/{name}"), v)?;
                }
                if !r.category.is_empty() && !t.risk_matrix.categories.iter().any(|c| c.id == r.category) {
                    return Err(CoreError::invalid(
                        format!("{p}/category"),
                        format!("no risk category {:?}", r.category),
                    ));
                }
                for (name, v) in [("likelihood", r.likelihood), ("impact", r.impact)] {
                    if v.is_some_and(|v| !(1..=5).contains(&v)) {
                        return Err(CoreError::invalid(format!("{p}/{name}"), "a rating is 1 to 5"));
                    }
                }
            }
            Ok(())
        }
    }

    impl Budget {
        pub fn check(&self, t: &Template) -> Result<(), CoreError> {
            at_most("/budget/lines", &self.lines, MAX_BUDGET_LINES)?;
            let mut seen = BTreeSet::new();
            for (i, l) in self.lines.iter().enumerate() {
                let p = format!("/budget/lines/{i}");
                id(&p, &l.id, &mut seen)?;
                for (name, v) in [
                    ("description", &l.description),
                    ("puno", &l.puno),
                    ("unit", &l.unit),
                    ("output_id", &l.output_id),
                ] {
                    line(&format!("{p}/{name}"), v)?;
                }
                if l.category
                    .is_some_and(|c| !t.budget.categories.iter().any(|x| x.id == c))
                {
                    return Err(CoreError::invalid(format!("{p}/category"), "no such budget category"));
                }
                if l.gender_share > 100 {
                    return Err(CoreError::invalid(
                        format!("{p}/gender_share"),
                        "a gender-equality share is 0 to 100 %",
                    ));
                }
                if l.year.is_some_and(|y| y == 0 || y > MAX_YEAR) {
                    return Err(CoreError::invalid(
                        format!("{p}/year"),
                        format!("a programme year is 1 to {MAX_YEAR}"),
                    ));
                }
            }
            Ok(())
        }
    }
}
