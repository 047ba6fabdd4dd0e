//! The Human Rights Marker and Gender Marker self-assessments: the team's
//! answers, the grade that follows from the template's stated rule, and the
//! evidence the proposal itself offers.

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::budget::summarize;
use crate::money::Money;
use crate::proposal::Proposal;
use crate::rules::count_words;
use crate::template::{ConsistencyHint, GenderCheck, Template};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, JsonSchema, Default)]
#[serde(default, deny_unknown_fields)]
#[ts(export)]
pub struct Markers {
    pub human_rights: HumanRightsMarker,
    pub gender: GenderMarker,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, JsonSchema, Default)]
#[serde(default, deny_unknown_fields)]
#[ts(export)]
pub struct HumanRightsMarker {
    /// Answers keyed by criterion id.
    pub criteria: BTreeMap<String, CriterionAnswer>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, JsonSchema, Default)]
#[serde(default, deny_unknown_fields)]
#[ts(export)]
pub struct CriterionAnswer {
    /// A level id from the template ("not", "partially", "fully"), or none yet.
    pub level: Option<String>,
    pub justification: String,
    /// What in the proposal shows it: JSON pointers such as
    /// `/narrative/context.rights_holders` or `/risk_matrix/risks/2`.
    pub evidence: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, JsonSchema, Default)]
#[serde(default, deny_unknown_fields)]
#[ts(export)]
pub struct GenderMarker {
    /// 0 to 3 on the UN scale, as the team confirms it.
    pub score: Option<u8>,
    pub justification: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, TS)]
#[ts(export)]
pub enum Grade {
    C,
    B,
    A,
}

impl Grade {
    pub fn letter(self) -> &'static str {
        match self {
            Grade::A => "A",
            Grade::B => "B",
            Grade::C => "C",
        }
    }
}

/// The grade with what holds it down and what would raise it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct HrAssessment {
    /// `None` until every criterion has a level.
    pub grade: Option<Grade>,
    pub score: u32,
    pub max_score: u32,
    pub fully: u32,
    pub not: u32,
    pub unanswered: Vec<String>,
    /// Criteria below "fully", which hold the grade down.
    pub holding_down: Vec<String>,
    /// In plain words: what would raise the grade, or empty at A.
    pub to_raise: String,
}

fn level_score(t: &Template, level: &str) -> Option<u32> {
    t.human_rights_marker.levels.iter().find(|l| l.id == level).map(|l| l.score as u32)
}

/// Grades from levels alone (criterion id → level id). This is the rule the
/// user reads in the template's explanation; it is monotone in every level.
pub fn grade_levels(t: &Template, levels: &BTreeMap<String, String>) -> HrAssessment {
    let hr = &t.human_rights_marker;
    let g = &hr.grading;
    let top = hr.levels.iter().map(|l| l.score as u32).max().unwrap_or(0);
    let (mut score, mut fully, mut not) = (0, 0, 0);
    let mut unanswered = Vec::new();
    let mut holding_down = Vec::new();
    for c in &hr.criteria {
        match levels.get(&c.id).and_then(|l| level_score(t, l)) {
            None => unanswered.push(c.id.clone()),
            Some(s) => {
                score += s;
                if s == top {
                    fully += 1;
                } else {
                    holding_down.push(c.id.clone());
                }
                if s == 0 {
                    not += 1;
                }
            }
        }
    }
    let max_score = top * hr.criteria.len() as u32;
    let grade = unanswered.is_empty().then(|| {
        if not <= g.a_max_not && fully >= g.a_min_fully {
            Grade::A
        } else if not <= g.b_max_not && score * 100 >= g.b_min_score_percent * max_score {
            Grade::B
        } else {
            Grade::C
        }
    });
    let to_raise = match grade {
        Some(Grade::A) => String::new(),
        None => format!("Answer the {} remaining criteria to get a grade.", unanswered.len()),
        Some(Grade::B) => {
            let mut parts = Vec::new();
            if not > g.a_max_not {
                parts.push(format!("address the {not} criteria now 'not addressed'"));
            }
            if fully < g.a_min_fully {
                parts.push(format!("bring {} more criteria to 'fully addressed'", g.a_min_fully - fully));
            }
            format!("To reach A: {}.", parts.join(" and "))
        }
        Some(Grade::C) => {
            let mut parts = Vec::new();
            if not > g.b_max_not {
                parts.push(format!("leave at most {} criterion 'not addressed' (now {not})", g.b_max_not));
            }
            let needed = (g.b_min_score_percent * max_score).div_ceil(100);
            if score < needed {
                parts.push(format!("raise the total from {score} to at least {needed} of {max_score}"));
            }
            format!("To reach B: {}.", parts.join(" and "))
        }
    };
    HrAssessment { grade, score, max_score, fully, not, unanswered, holding_down, to_raise }
}

pub fn assess_human_rights(p: &Proposal, t: &Template) -> HrAssessment {
    let levels = p
        .markers
        .human_rights
        .criteria
        .iter()
        .filter_map(|(id, a)| a.level.clone().map(|l| (id.clone(), l)))
        .collect();
    grade_levels(t, &levels)
}

/// "Section — Field" for a narrative key, as the user sees it.
fn field_label(t: &Template, key: &str) -> String {
    let (section, field) = key.split_once('.').unwrap_or((key, ""));
    match t.section(section) {
        Some(s) => match s.fields.iter().find(|f| f.id == field) {
            Some(f) if s.fields.len() > 1 => format!("{} — {}", s.title.en(), f.label.en()),
            _ => s.title.en().to_string(),
        },
        None => key.to_string(),
    }
}

/// Whether a level is at least `when` on the template's scale.
fn at_least(t: &Template, level: &str, when: &str) -> bool {
    match (level_score(t, level), level_score(t, when)) {
        (Some(a), Some(b)) => a >= b,
        _ => false,
    }
}

/// Consistency hints: (criterion id, message) where the proposal's content
/// does not bear out the level the team chose.
pub fn human_rights_hints(p: &Proposal, t: &Template) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for c in &t.human_rights_marker.criteria {
        let (Some(hint), Some(level)) = (&c.hint, p.markers.human_rights.criteria.get(&c.id).and_then(|a| a.level.as_deref())) else {
            continue;
        };
        if !at_least(t, level, hint.when()) {
            continue;
        }
        let message = match hint {
            ConsistencyHint::SectionsWritten { keys, .. } => keys
                .iter()
                .find(|k| count_words(p.narrative.get(*k).map(String::as_str).unwrap_or("")) == 0)
                .map(|k| format!("This criterion is marked '{level}', but “{}” is not written yet.", field_label(t, k))),
            ConsistencyHint::IndicatorsDisaggregated { .. } => (!p.results_framework.indicators().any(|i| !i.disaggregation.is_empty()))
                .then(|| format!("This criterion is marked '{level}', but no indicator is disaggregated.")),
            ConsistencyHint::RiskCategory { category, .. } => (!p.risk_matrix.risks.iter().any(|r| &r.category == category))
                .then(|| {
                    let name = t.risk_matrix.categories.iter().find(|c| &c.id == category).map(|c| c.label.en().to_string()).unwrap_or_else(|| category.clone());
                    format!("This criterion is marked '{level}', but the risk matrix has no “{name}” risk.")
                }),
        };
        if let Some(m) = message {
            out.push((c.id.clone(), m));
        }
    }
    out
}

/// The Gender Marker score the proposal's content suggests, with the
/// criteria it meets.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct GenderSuggestionReport {
    pub suggested: u8,
    /// Criterion id → met.
    pub criteria: BTreeMap<String, bool>,
    /// Share of direct costs marked for gender equality, in percent (one decimal).
    pub gewe_percent: String,
}

fn mentions(text: &str, terms: &[String]) -> bool {
    let lower = text.to_lowercase();
    terms.iter().any(|term| lower.contains(&term.to_lowercase()))
}

pub fn suggest_gender(p: &Proposal, t: &Template) -> GenderSuggestionReport {
    let summary = summarize(&p.budget, &p.results_framework, t);
    let gewe: Money = p.budget.lines.iter().filter(|l| l.gender_equality).map(|l| l.total()).sum();
    // Share in tenths of a percent, exact.
    let permille = if summary.direct.0 > 0 { gewe.0 * 1000 / summary.direct.0 } else { 0 };
    let mut criteria = BTreeMap::new();
    for c in &t.gender_marker.criteria {
        let met = match &c.check {
            GenderCheck::TextMentions { keys, terms } => {
                keys.iter().any(|k| mentions(p.narrative.get(k).map(String::as_str).unwrap_or(""), terms))
            }
            GenderCheck::IndicatorsBy { dimension, min_percent } => {
                let all: Vec<_> = p.results_framework.indicators().collect();
                let by = all.iter().filter(|i| i.disaggregation.contains(dimension)).count();
                !all.is_empty() && by * 100 >= *min_percent as usize * all.len()
            }
            GenderCheck::OutputsMention { terms } => {
                p.results_framework.numbered_outputs().iter().any(|(_, o)| mentions(&o.title, terms))
            }
            GenderCheck::GeweBudget { min_percent } => permille >= *min_percent as i128 * 10,
        };
        criteria.insert(c.id.clone(), met);
    }
    let met = criteria.values().filter(|m| **m).count() as u32;
    let suggested = t
        .gender_marker
        .suggestion
        .iter()
        .filter(|s| met >= s.min_met)
        .map(|s| s.score)
        .max()
        .unwrap_or(0);
    GenderSuggestionReport {
        suggested,
        criteria,
        gewe_percent: format!("{}.{}", permille / 10, permille % 10),
    }
}

/// Both markers as the screens, the CLI and the PDF show them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct MarkerReport {
    pub human_rights: HrAssessment,
    pub gender_score: Option<u8>,
    pub gender_suggestion: GenderSuggestionReport,
}

pub fn report(p: &Proposal, t: &Template) -> MarkerReport {
    MarkerReport {
        human_rights: assess_human_rights(p, t),
        gender_score: p.markers.gender.score,
        gender_suggestion: suggest_gender(p, t),
    }
}

impl Markers {
    /// Hard bounds: known criteria and levels, bounded texts.
    pub fn check(&self, t: &Template) -> Result<(), crate::CoreError> {
        use crate::limits::{MAX_EVIDENCE, MAX_JUSTIFICATION_CHARS, MAX_PATH_CHARS};
        use crate::CoreError;
        let bad = |path: String, m: &str| Err(CoreError::Invalid { path, message: m.into() });
        let hr = &t.human_rights_marker;
        for (id, a) in &self.human_rights.criteria {
            let path = format!("/markers/human_rights/criteria/{id}");
            if !hr.criteria.iter().any(|c| &c.id == id) {
                return bad(path, "no such criterion in the template");
            }
            if a.level.as_ref().is_some_and(|l| !hr.levels.iter().any(|x| &x.id == l)) {
                return bad(format!("{path}/level"), "no such level");
            }
            if a.justification.chars().count() > MAX_JUSTIFICATION_CHARS || a.justification.contains('\0') {
                return bad(format!("{path}/justification"), "the justification is too long or holds a NUL character");
            }
            if a.evidence.len() > MAX_EVIDENCE || a.evidence.iter().any(|e| e.len() > MAX_PATH_CHARS || !e.starts_with('/')) {
                return bad(format!("{path}/evidence"), "evidence links must be at most 50 paths into the proposal");
            }
        }
        let g = &self.gender;
        if g.score.is_some_and(|s| !t.gender_marker.scale.iter().any(|x| x.score == s)) {
            return bad("/markers/gender/score".into(), "the score must be on the template's scale");
        }
        if g.justification.chars().count() > MAX_JUSTIFICATION_CHARS || g.justification.contains('\0') {
            return bad("/markers/gender/justification".into(), "the justification is too long or holds a NUL character");
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests;
