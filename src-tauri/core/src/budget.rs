//! Budget arithmetic: the Fund's tables from the budget lines, exactly.

use std::collections::BTreeMap;

use serde::Serialize;
use ts_rs::TS;

use crate::annexes::{numbering, Budget, ResultsFramework};
use crate::money::{percent_to_basis_points, Money};
use crate::template::Template;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS, Default)]
#[ts(export)]
pub struct PunoTotals {
    #[ts(as = "String")]
    pub direct: Money,
    #[ts(as = "String")]
    pub indirect: Money,
    #[ts(as = "String")]
    pub total: Money,
}

/// Every summary the Fund asks for. Direct costs by category, outcome, output
/// and year; indirect support costs per PUNO; totals.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS, Default)]
#[ts(export)]
pub struct BudgetSummary {
    #[ts(as = "String")]
    pub direct: Money,
    #[ts(as = "String")]
    pub indirect: Money,
    #[ts(as = "String")]
    pub total: Money,
    pub by_puno: BTreeMap<String, PunoTotals>,
    /// Direct costs by category id ("1" to "7").
    #[ts(as = "BTreeMap<String, String>")]
    pub by_category: BTreeMap<String, Money>,
    /// Direct costs by category id, then PUNO: the Fund's table.
    #[ts(as = "BTreeMap<String, BTreeMap<String, String>>")]
    pub by_category_puno: BTreeMap<String, BTreeMap<String, Money>>,
    /// Direct costs by outcome number ("1"), "unlinked" for lines with no valid output.
    #[ts(as = "BTreeMap<String, String>")]
    pub by_outcome: BTreeMap<String, Money>,
    /// Direct costs by output number ("1.2"), or "unlinked".
    #[ts(as = "BTreeMap<String, String>")]
    pub by_output: BTreeMap<String, Money>,
    /// Direct costs by programme year ("1"), or "unset".
    #[ts(as = "BTreeMap<String, String>")]
    pub by_year: BTreeMap<String, Money>,
}

pub const UNLINKED: &str = "unlinked";
pub const UNSET: &str = "unset";

/// The template's indirect rate in basis points (7 % is 700).
pub fn indirect_basis_points(t: &Template) -> i64 {
    percent_to_basis_points(&t.budget.indirect_rate_percent).unwrap_or(0)
}

/// The PUNOs a summary has, in the cover page's order, then any only the
/// budget names (in their sorted order): the one order of PUNOs in every
/// table of the PDF and every spreadsheet.
pub fn puno_order(cover: &crate::proposal::Cover, s: &BudgetSummary) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for x in cover.punos.iter().map(|x| x.entity.trim()) {
        if s.by_puno.contains_key(x) && !out.iter().any(|o| o == x) {
            out.push(x.to_string());
        }
    }
    let rest: Vec<String> = s.by_puno.keys().filter(|k| !out.contains(k)).cloned().collect();
    out.extend(rest);
    out
}

pub fn summarize(budget: &Budget, results: &ResultsFramework, t: &Template) -> BudgetSummary {
    let bp = indirect_basis_points(t);
    // Each output's place (outcome, output); ids are unique in a valid proposal.
    let outputs: BTreeMap<&str, (usize, usize)> = results
        .outcomes
        .iter()
        .enumerate()
        .flat_map(|(i, oc)| {
            oc.outputs
                .iter()
                .enumerate()
                .map(move |(j, op)| (op.id.as_str(), (i, j)))
        })
        .collect();
    let mut s = BudgetSummary::default();
    let mut direct_by_puno: BTreeMap<String, Money> = BTreeMap::new();
    for line in &budget.lines {
        let amount = line.total();
        let puno = line.puno.trim().to_string();
        *direct_by_puno.entry(puno.clone()).or_default() += amount;
        let cat = line.category.map(|c| c.to_string()).unwrap_or_else(|| UNSET.into());
        *s.by_category.entry(cat.clone()).or_default() += amount;
        *s.by_category_puno.entry(cat).or_default().entry(puno).or_default() += amount;
        let (outcome, output) = match outputs.get(line.output_id.as_str()) {
            Some(&(i, j)) => (numbering::outcome(i), numbering::output(i, j)),
            None => (UNLINKED.to_string(), UNLINKED.to_string()),
        };
        *s.by_outcome.entry(outcome).or_default() += amount;
        *s.by_output.entry(output).or_default() += amount;
        let year = line.year.map(|y| y.to_string()).unwrap_or_else(|| UNSET.into());
        *s.by_year.entry(year).or_default() += amount;
        s.direct += amount;
    }
    for (puno, direct) in direct_by_puno {
        let indirect = direct.rate(bp);
        s.indirect += indirect;
        s.by_puno.insert(
            puno,
            PunoTotals {
                direct,
                indirect,
                total: direct + indirect,
            },
        );
    }
    s.total = s.direct + s.indirect;
    s
}
