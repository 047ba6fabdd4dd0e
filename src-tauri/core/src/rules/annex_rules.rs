//! Readiness rules of the structured annexes.

use std::collections::BTreeSet;

use super::Findings;
use crate::budget::summarize;
use crate::money::Money;
use crate::proposal::Proposal;
use crate::template::{SectionKind, Template};

fn cover_punos(p: &Proposal) -> BTreeSet<String> {
    p.cover.punos.iter().map(|x| x.entity.trim().to_lowercase()).filter(|x| !x.is_empty()).collect()
}

fn months_to_quarters(months: u32) -> u16 {
    months.div_ceil(3) as u16
}

pub fn results_framework(p: &Proposal, f: &mut Findings) -> bool {
    let rf = &p.results_framework;
    let base = "/results_framework";
    if rf.outcomes.is_empty() {
        f.block(format!("{base}/outcomes"), "required", "Add at least one outcome.");
        return false;
    }
    let punos = cover_punos(p);
    for (i, oc) in rf.outcomes.iter().enumerate() {
        let path = format!("{base}/outcomes/{i}");
        let n = i + 1;
        if oc.title.trim().is_empty() {
            f.block(format!("{path}/title"), "required", format!("Outcome {n} has no statement."));
        }
        if oc.indicators.is_empty() {
            f.block(format!("{path}/indicators"), "no_indicator", format!("Outcome {n} needs at least one indicator."));
        }
        if oc.outputs.is_empty() {
            f.block(format!("{path}/outputs"), "no_output", format!("Outcome {n} needs at least one output."));
        }
        for obj in &oc.gcm_objectives {
            if !p.cover.gcm_objectives.contains(obj) {
                f.warn(format!("{path}/gcm_objectives"), "objective_not_on_cover", format!("Outcome {n} links GCM objective {obj}, which the cover page does not list."));
            }
        }
        let indicator_rules = |list: &[crate::annexes::Indicator], path: &str, label: &str, f: &mut Findings| {
            for (k, ind) in list.iter().enumerate() {
                let ip = format!("{path}/indicators/{k}");
                let name = format!("{label}, indicator {}", k + 1);
                for (field, value, what) in [
                    ("text", &ind.text, "a statement"),
                    ("baseline/value", &ind.baseline.value, "a baseline"),
                    ("target/value", &ind.target.value, "a target"),
                    ("means_of_verification", &ind.means_of_verification, "a means of verification"),
                    ("responsible_puno", &ind.responsible_puno, "a responsible PUNO"),
                ] {
                    if value.trim().is_empty() {
                        f.block(format!("{ip}/{field}"), "required", format!("{name} needs {what}."));
                    }
                }
                let who = ind.responsible_puno.trim().to_lowercase();
                if !who.is_empty() && !punos.contains(&who) {
                    f.block(format!("{ip}/responsible_puno"), "puno_not_on_cover", format!("{name}: {} is not a PUNO on the cover page.", ind.responsible_puno.trim()));
                }
            }
        };
        indicator_rules(&oc.indicators, &path, &format!("Outcome {n}"), f);
        for (j, op) in oc.outputs.iter().enumerate() {
            let opath = format!("{path}/outputs/{j}");
            let label = format!("Output {n}.{}", j + 1);
            if op.title.trim().is_empty() {
                f.block(format!("{opath}/title"), "required", format!("{label} has no statement."));
            }
            if op.indicators.is_empty() {
                f.block(format!("{opath}/indicators"), "no_indicator", format!("{label} needs at least one indicator."));
            }
            if op.activities.is_empty() {
                f.block(format!("{opath}/activities"), "no_activity", format!("{label} needs at least one activity."));
            }
            indicator_rules(&op.indicators, &opath, &label, f);
            for (k, a) in op.activities.iter().enumerate() {
                let apath = format!("{opath}/activities/{k}");
                let label = format!("Activity {n}.{}.{}", j + 1, k + 1);
                if a.title.trim().is_empty() {
                    f.block(format!("{apath}/title"), "required", format!("{label} has no description."));
                }
                if a.puno.trim().is_empty() {
                    f.block(format!("{apath}/puno"), "required", format!("{label} needs a responsible PUNO."));
                } else if !punos.contains(&a.puno.trim().to_lowercase()) {
                    f.block(format!("{apath}/puno"), "puno_not_on_cover", format!("{label}: {} is not a PUNO on the cover page.", a.puno.trim()));
                }
            }
        }
    }
    true
}

pub fn workplan(p: &Proposal, f: &mut Findings) -> bool {
    let quarters = p.cover.duration_months.map(months_to_quarters);
    let mut any = false;
    for (i, oc) in p.results_framework.outcomes.iter().enumerate() {
        for (j, op) in oc.outputs.iter().enumerate() {
            for (k, a) in op.activities.iter().enumerate() {
                let path = format!("/results_framework/outcomes/{i}/outputs/{j}/activities/{k}/quarters");
                let label = format!("Activity {}.{}.{}", i + 1, j + 1, k + 1);
                any = true;
                if a.quarters.is_empty() {
                    f.block(&path, "no_quarters", format!("{label} is not scheduled in any quarter."));
                } else if let Some(q) = quarters {
                    if let Some(late) = a.quarters.iter().find(|x| **x > q) {
                        f.block(&path, "outside_duration", format!("{label} runs in quarter {late}, after the programme ends (quarter {q})."));
                    }
                }
            }
        }
    }
    if !any {
        f.block("/results_framework/outcomes", "required", "The workplan has no activities yet; add them in the results framework.");
    }
    any
}

pub fn risk_matrix(p: &Proposal, t: &Template, f: &mut Findings) -> bool {
    let risks = &p.risk_matrix.risks;
    if risks.is_empty() {
        f.block("/risk_matrix/risks", "required", "Add at least one risk.");
        return false;
    }
    for (i, r) in risks.iter().enumerate() {
        let path = format!("/risk_matrix/risks/{i}");
        let n = i + 1;
        for (field, empty, what) in [
            ("description", r.description.trim().is_empty(), "a description"),
            ("category", r.category.is_empty(), "a category"),
            ("likelihood", r.likelihood.is_none(), "a likelihood"),
            ("impact", r.impact.is_none(), "an impact"),
            ("mitigation", r.mitigation.trim().is_empty(), "a mitigation measure"),
            ("owner", r.owner.trim().is_empty(), "an owner"),
        ] {
            if empty {
                f.block(format!("{path}/{field}"), "required", format!("Risk {n} needs {what}."));
            }
        }
    }
    if let Some(expected) = t.risk_matrix.expected_category.as_deref() {
        if !risks.iter().any(|r| r.category == expected) {
            let label = t.risk_matrix.categories.iter().find(|c| c.id == expected).map(|c| c.label.en()).unwrap_or(expected);
            f.warn("/risk_matrix/risks", "no_expected_risk", format!("No risk is in the “{label}” category."));
        }
    }
    true
}

pub fn budget(p: &Proposal, t: &Template, f: &mut Findings) -> bool {
    let lines = &p.budget.lines;
    if lines.is_empty() {
        f.block("/budget/lines", "required", "Add at least one budget line.");
        return false;
    }
    let outputs: BTreeSet<&str> = p.results_framework.numbered_outputs().into_iter().map(|(_, o)| o.id.as_str()).collect();
    let punos = cover_punos(p);
    let years = p.cover.duration_months.map(|m| m.div_ceil(12));
    let absurd = Money::from_dollars(t.budget.absurd_line_usd as i64);
    // A concept note has no results framework yet, so its lines link to nothing.
    let needs_outputs = t.sections_of(p.kind).any(|s| s.kind == SectionKind::ResultsFramework);
    let mut budget_punos = BTreeSet::new();
    for (i, l) in lines.iter().enumerate() {
        let path = format!("/budget/lines/{i}");
        let n = i + 1;
        if l.description.trim().is_empty() {
            f.block(format!("{path}/description"), "required", format!("Budget line {n} needs a description."));
        }
        if l.category.is_none() {
            f.block(format!("{path}/category"), "required", format!("Budget line {n} needs a budget category."));
        }
        let puno = l.puno.trim().to_lowercase();
        if puno.is_empty() {
            f.block(format!("{path}/puno"), "required", format!("Budget line {n} needs a PUNO."));
        } else {
            if !punos.contains(&puno) {
                f.block(format!("{path}/puno"), "puno_not_on_cover", format!("Budget line {n}: {} is not a PUNO on the cover page.", l.puno.trim()));
            }
            budget_punos.insert(puno);
        }
        if !needs_outputs {
        } else if l.output_id.is_empty() {
            f.block(format!("{path}/output_id"), "required", format!("Budget line {n} is not linked to an output."));
        } else if !outputs.contains(l.output_id.as_str()) {
            f.block(format!("{path}/output_id"), "output_missing", format!("Budget line {n} is linked to an output that no longer exists."));
        }
        match (l.year, years) {
            (None, _) => f.block(format!("{path}/year"), "required", format!("Budget line {n} needs a programme year.")),
            (Some(y), Some(max)) if y as u32 > max => f.block(format!("{path}/year"), "year_outside_duration", format!("Budget line {n} is in year {y}; the programme lasts {max} year(s).")),
            _ => {}
        }
        if l.quantity.0 <= 0 {
            f.block(format!("{path}/quantity"), "not_positive", format!("Budget line {n}: the quantity must be more than zero."));
        }
        if l.unit_cost.0 <= 0 {
            f.block(format!("{path}/unit_cost"), "not_positive", format!("Budget line {n}: the unit cost must be more than zero."));
        }
        if l.unit_cost > absurd || l.total() > absurd {
            f.block(format!("{path}/unit_cost"), "absurd_amount", format!("Budget line {n} is over USD {} — please check the figures.", absurd.grouped()));
        }
    }
    for puno in &p.cover.punos {
        let name = puno.entity.trim();
        if !name.is_empty() && !budget_punos.contains(&name.to_lowercase()) {
            f.block("/budget/lines", "puno_without_budget", format!("{name} is a PUNO on the cover page but has no budget line."));
        }
    }
    let total = summarize(&p.budget, &p.results_framework, t).total;
    let range = &t.budget.usual_total_usd;
    if total < Money::from_dollars(range.min as i64) || total > Money::from_dollars(range.max as i64) {
        f.warn("/budget/lines", "total_unusual", format!("The total of USD {} is outside the usual range of USD {} to {}.", total.grouped(), Money::from_dollars(range.min as i64).grouped(), Money::from_dollars(range.max as i64).grouped()));
    }
    true
}
