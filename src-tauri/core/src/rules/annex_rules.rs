//! Readiness rules of the structured annexes.

use std::collections::BTreeSet;

use super::Findings;
use crate::budget::summarize;
use crate::messages::money;
use crate::money::Money;
use crate::proposal::Proposal;
use crate::template::{SectionKind, Template};

fn cover_punos(p: &Proposal) -> BTreeSet<String> {
    p.cover
        .punos
        .iter()
        .map(|x| x.entity.trim().to_lowercase())
        .filter(|x| !x.is_empty())
        .collect()
}

pub fn results_framework(p: &Proposal, t: &Template, f: &mut Findings) -> bool {
    let rf = &p.results_framework;
    let base = "/results_framework";
    if rf.outcomes.is_empty() {
        f.block(
            format!("{base}/outcomes"),
            "required",
            f.msg("rf.outcomes_required", &[]),
        );
        return false;
    }
    let punos = cover_punos(p);
    for (i, oc) in rf.outcomes.iter().enumerate() {
        let path = format!("{base}/outcomes/{i}");
        let n = i + 1;
        let label = f.msg("rf.outcome_label", &[("n", n.to_string())]);
        let about = |label: &str| [("label", label.to_string())];
        if oc.title.trim().is_empty() {
            f.block(
                format!("{path}/title"),
                "required",
                f.msg("rf.no_statement", &about(&label)),
            );
        }
        if oc.indicators.is_empty() {
            f.block(
                format!("{path}/indicators"),
                "no_indicator",
                f.msg("rf.no_indicator", &about(&label)),
            );
        }
        if oc.outputs.is_empty() {
            f.block(
                format!("{path}/outputs"),
                "no_output",
                f.msg("rf.no_output", &about(&label)),
            );
        }
        if oc.assumptions.trim().is_empty() {
            f.warn(
                format!("{path}/assumptions"),
                "no_assumptions",
                f.msg("rf.no_assumptions", &about(&label)),
            );
        }
        for obj in &oc.gcm_objectives {
            if !p.cover.gcm_objectives.contains(obj) {
                let m = f.msg(
                    "rf.objective_not_on_cover",
                    &[("label", label.clone()), ("objective", obj.to_string())],
                );
                f.warn(format!("{path}/gcm_objectives"), "objective_not_on_cover", m);
            }
        }
        let indicator_rules = |list: &[crate::annexes::Indicator], path: &str, label: &str, f: &mut Findings| {
            for (k, ind) in list.iter().enumerate() {
                let ip = format!("{path}/indicators/{k}");
                let name = f.msg(
                    "rf.indicator_label",
                    &[("parent", label.to_string()), ("n", (k + 1).to_string())],
                );
                for (field, value, key) in [
                    ("text", &ind.text, "rf.indicator_needs_text"),
                    ("baseline/value", &ind.baseline.value, "rf.indicator_needs_baseline"),
                    ("target/value", &ind.target.value, "rf.indicator_needs_target"),
                    (
                        "means_of_verification",
                        &ind.means_of_verification,
                        "rf.indicator_needs_means",
                    ),
                    ("responsible_puno", &ind.responsible_puno, "rf.indicator_needs_puno"),
                ] {
                    if value.trim().is_empty() {
                        f.block(
                            format!("{ip}/{field}"),
                            "required",
                            f.msg(key, &[("name", name.clone())]),
                        );
                    }
                }
                let free = &t.results_framework.disaggregation_free_text;
                if ind.disaggregation.contains(free) && ind.disaggregation_other.trim().is_empty() {
                    f.warn(
                        format!("{ip}/disaggregation_other"),
                        "other_unnamed",
                        f.msg("rf.other_unnamed", &[("name", name.clone())]),
                    );
                }
                let who = ind.responsible_puno.trim().to_lowercase();
                if !who.is_empty() && !punos.contains(&who) {
                    let m = f.msg(
                        "puno.not_on_cover",
                        &[
                            ("subject", name.clone()),
                            ("puno", ind.responsible_puno.trim().to_string()),
                        ],
                    );
                    f.block(format!("{ip}/responsible_puno"), "puno_not_on_cover", m);
                }
            }
        };
        indicator_rules(&oc.indicators, &path, &label, f);
        for (j, op) in oc.outputs.iter().enumerate() {
            let opath = format!("{path}/outputs/{j}");
            let label = f.msg("rf.output_label", &[("n", format!("{n}.{}", j + 1))]);
            if op.title.trim().is_empty() {
                f.block(
                    format!("{opath}/title"),
                    "required",
                    f.msg("rf.no_statement", &about(&label)),
                );
            }
            if op.indicators.is_empty() {
                f.block(
                    format!("{opath}/indicators"),
                    "no_indicator",
                    f.msg("rf.no_indicator", &about(&label)),
                );
            }
            if op.activities.is_empty() {
                f.block(
                    format!("{opath}/activities"),
                    "no_activity",
                    f.msg("rf.no_activity", &about(&label)),
                );
            }
            indicator_rules(&op.indicators, &opath, &label, f);
            for (k, a) in op.activities.iter().enumerate() {
                let apath = format!("{opath}/activities/{k}");
                let label = f.msg("rf.activity_label", &[("n", format!("{n}.{}.{}", j + 1, k + 1))]);
                if a.title.trim().is_empty() {
                    f.block(
                        format!("{apath}/title"),
                        "required",
                        f.msg("rf.activity_no_description", &about(&label)),
                    );
                }
                if a.puno.trim().is_empty() {
                    f.block(
                        format!("{apath}/puno"),
                        "required",
                        f.msg("rf.activity_needs_puno", &about(&label)),
                    );
                } else if !punos.contains(&a.puno.trim().to_lowercase()) {
                    let m = f.msg(
                        "puno.not_on_cover",
                        &[("subject", label.clone()), ("puno", a.puno.trim().to_string())],
                    );
                    f.block(format!("{apath}/puno"), "puno_not_on_cover", m);
                }
            }
        }
    }
    true
}

pub fn workplan(p: &Proposal, f: &mut Findings) -> bool {
    let quarters = p
        .cover
        .duration_months
        .map(|m| crate::schedule::quarters_in(m).min(u32::from(u16::MAX)) as u16);
    let mut any = false;
    for (i, oc) in p.results_framework.outcomes.iter().enumerate() {
        for (j, op) in oc.outputs.iter().enumerate() {
            for (k, a) in op.activities.iter().enumerate() {
                let path = format!("/results_framework/outcomes/{i}/outputs/{j}/activities/{k}/quarters");
                let label = f.msg("rf.activity_label", &[("n", format!("{}.{}.{}", i + 1, j + 1, k + 1))]);
                any = true;
                if a.quarters.is_empty() {
                    f.block(&path, "no_quarters", f.msg("workplan.no_quarters", &[("label", label)]));
                } else if let Some(q) = quarters {
                    if let Some(late) = a.quarters.iter().find(|x| **x > q) {
                        let m = f.msg(
                            "workplan.outside_duration",
                            &[("label", label), ("quarter", late.to_string()), ("last", q.to_string())],
                        );
                        f.block(&path, "outside_duration", m);
                    }
                }
            }
        }
    }
    if !any {
        f.block(
            "/results_framework/outcomes",
            "required",
            f.msg("workplan.no_activities", &[]),
        );
    }
    any
}

pub fn risk_matrix(p: &Proposal, t: &Template, f: &mut Findings) -> bool {
    let risks = &p.risk_matrix.risks;
    if risks.is_empty() {
        f.block("/risk_matrix/risks", "required", f.msg("risk.required", &[]));
        return false;
    }
    for (i, r) in risks.iter().enumerate() {
        let path = format!("/risk_matrix/risks/{i}");
        let n = i + 1;
        for (field, empty, key) in [
            ("description", r.description.trim().is_empty(), "risk.needs_description"),
            ("category", r.category.is_empty(), "risk.needs_category"),
            ("likelihood", r.likelihood.is_none(), "risk.needs_likelihood"),
            ("impact", r.impact.is_none(), "risk.needs_impact"),
            ("mitigation", r.mitigation.trim().is_empty(), "risk.needs_mitigation"),
            ("owner", r.owner.trim().is_empty(), "risk.needs_owner"),
        ] {
            if empty {
                f.block(
                    format!("{path}/{field}"),
                    "required",
                    f.msg(key, &[("n", n.to_string())]),
                );
            }
        }
    }
    if let Some(expected) = t.risk_matrix.expected_category.as_deref() {
        if !risks.iter().any(|r| r.category == expected) {
            let label = t
                .risk_matrix
                .categories
                .iter()
                .find(|c| c.id == expected)
                .map(|c| c.label.get(f.lang))
                .unwrap_or(expected);
            f.warn(
                "/risk_matrix/risks",
                "no_expected_risk",
                f.msg("risk.no_expected_risk", &[("category", label.to_string())]),
            );
        }
    }
    true
}

pub fn budget(p: &Proposal, t: &Template, f: &mut Findings) -> bool {
    let lines = &p.budget.lines;
    if lines.is_empty() {
        f.block("/budget/lines", "required", f.msg("budget.required", &[]));
        return false;
    }
    let outputs: BTreeSet<&str> = p
        .results_framework
        .numbered_outputs()
        .into_iter()
        .map(|(_, o)| o.id.as_str())
        .collect();
    let punos = cover_punos(p);
    let years = p.cover.duration_months.map(crate::schedule::years_in);
    let absurd = Money::from_dollars(t.budget.absurd_line_usd as i64);
    // A concept note has no results framework yet, so its lines link to nothing.
    let needs_outputs = t.sections_of(p.kind).any(|s| s.kind == SectionKind::ResultsFramework);
    let mut budget_punos = BTreeSet::new();
    for (i, l) in lines.iter().enumerate() {
        let path = format!("/budget/lines/{i}");
        let n = [("n", (i + 1).to_string())];
        if l.description.trim().is_empty() {
            f.block(
                format!("{path}/description"),
                "required",
                f.msg("budget.needs_description", &n),
            );
        }
        if l.category.is_none() {
            f.block(
                format!("{path}/category"),
                "required",
                f.msg("budget.needs_category", &n),
            );
        }
        let puno = l.puno.trim().to_lowercase();
        if puno.is_empty() {
            f.block(format!("{path}/puno"), "required", f.msg("budget.needs_puno", &n));
        } else {
            if !punos.contains(&puno) {
                let subject = f.msg("budget.line_label", &n);
                f.block(
                    format!("{path}/puno"),
                    "puno_not_on_cover",
                    f.msg(
                        "puno.not_on_cover",
                        &[("subject", subject), ("puno", l.puno.trim().to_string())],
                    ),
                );
            }
            budget_punos.insert(puno);
        }
        if !needs_outputs {
        } else if l.output_id.is_empty() {
            f.block(
                format!("{path}/output_id"),
                "required",
                f.msg("budget.needs_output", &n),
            );
        } else if !outputs.contains(l.output_id.as_str()) {
            f.block(
                format!("{path}/output_id"),
                "output_missing",
                f.msg("budget.output_missing", &n),
            );
        }
        match (l.year, years) {
            (None, _) => f.block(format!("{path}/year"), "required", f.msg("budget.needs_year", &n)),
            (Some(y), Some(max)) if y as u32 > max => {
                let m = f.msg(
                    "budget.year_outside_duration",
                    &[n[0].clone(), ("year", y.to_string()), ("years", max.to_string())],
                );
                f.block(format!("{path}/year"), "year_outside_duration", m);
            }
            _ => {}
        }
        if l.quantity.0 <= 0 {
            f.block(
                format!("{path}/quantity"),
                "not_positive",
                f.msg("budget.quantity_not_positive", &n),
            );
        }
        if l.unit_cost.0 <= 0 {
            f.block(
                format!("{path}/unit_cost"),
                "not_positive",
                f.msg("budget.unit_cost_not_positive", &n),
            );
        }
        if l.unit_cost > absurd || l.total() > absurd {
            let m = f.msg(
                "budget.absurd_amount",
                &[n[0].clone(), ("amount", money(f.lang, absurd))],
            );
            f.block(format!("{path}/unit_cost"), "absurd_amount", m);
        }
    }
    for puno in &p.cover.punos {
        let name = puno.entity.trim();
        if !name.is_empty() && !budget_punos.contains(&name.to_lowercase()) {
            f.block(
                "/budget/lines",
                "puno_without_budget",
                f.msg("budget.puno_without_budget", &[("name", name.to_string())]),
            );
        }
    }
    let total = summarize(&p.budget, &p.results_framework, t).total;
    let range = &t.budget.usual_total_usd;
    if total < Money::from_dollars(range.min as i64) || total > Money::from_dollars(range.max as i64) {
        let lang = f.lang;
        let m = f.msg(
            "budget.total_unusual",
            &[
                ("total", money(lang, total)),
                ("min", money(lang, Money::from_dollars(range.min as i64))),
                ("max", money(lang, Money::from_dollars(range.max as i64))),
            ],
        );
        f.warn("/budget/lines", "total_unusual", m);
    }
    true
}
