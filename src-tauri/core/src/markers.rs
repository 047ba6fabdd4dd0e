//! The Human Rights Marker and Gender Marker self-assessments: the team's
//! answers, the grade that follows from the template's stated rule, and the
//! evidence the proposal itself offers.

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::budget::summarize;
use crate::messages::{language, msg};
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
    t.human_rights_marker
        .levels
        .iter()
        .find(|l| l.id == level)
        .map(|l| l.score as u32)
}

/// Grades from levels alone (criterion id → level id). This is the rule the
/// user reads in the template's explanation; it is monotone in every level.
/// `to_raise` is in English; see [`grade_levels_in`].
pub fn grade_levels(t: &Template, levels: &BTreeMap<String, String>) -> HrAssessment {
    grade_levels_in(t, levels, "en")
}

/// [`grade_levels`] with `to_raise` written in `lang` ("en", "fr", "es").
pub fn grade_levels_in(t: &Template, levels: &BTreeMap<String, String>, lang: &str) -> HrAssessment {
    let lang = language(lang);
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
    // "a and b", or "a and b and c" should a rule ever need a third step.
    let and = |parts: Vec<String>| {
        parts
            .into_iter()
            .reduce(|first, second| msg(lang, "hr.join_and", &[("first", first), ("second", second)]))
            .unwrap_or_default()
    };
    let to_raise = match grade {
        Some(Grade::A) => String::new(),
        None => msg(lang, "hr.answer_remaining", &[("count", unanswered.len().to_string())]),
        Some(Grade::B) => {
            let mut parts = Vec::new();
            if not > g.a_max_not {
                parts.push(msg(lang, "hr.raise_not_addressed", &[("count", not.to_string())]));
            }
            if fully < g.a_min_fully {
                parts.push(msg(
                    lang,
                    "hr.raise_more_fully",
                    &[("count", (g.a_min_fully - fully).to_string())],
                ));
            }
            msg(lang, "hr.to_reach_a", &[("steps", and(parts))])
        }
        Some(Grade::C) => {
            let mut parts = Vec::new();
            if not > g.b_max_not {
                parts.push(msg(
                    lang,
                    "hr.at_most_not",
                    &[("max", g.b_max_not.to_string()), ("count", not.to_string())],
                ));
            }
            let needed = (g.b_min_score_percent * max_score).div_ceil(100);
            if score < needed {
                let params = [
                    ("score", score.to_string()),
                    ("needed", needed.to_string()),
                    ("max", max_score.to_string()),
                ];
                parts.push(msg(lang, "hr.raise_total", &params));
            }
            msg(lang, "hr.to_reach_b", &[("steps", and(parts))])
        }
    };
    HrAssessment {
        grade,
        score,
        max_score,
        fully,
        not,
        unanswered,
        holding_down,
        to_raise,
    }
}

/// The team's grade, with `to_raise` in English.
pub fn assess_human_rights(p: &Proposal, t: &Template) -> HrAssessment {
    assess_human_rights_in(p, t, "en")
}

/// The team's grade, with `to_raise` in `lang`.
pub fn assess_human_rights_in(p: &Proposal, t: &Template, lang: &str) -> HrAssessment {
    let levels = p
        .markers
        .human_rights
        .criteria
        .iter()
        .filter_map(|(id, a)| a.level.clone().map(|l| (id.clone(), l)))
        .collect();
    grade_levels_in(t, &levels, lang)
}

/// "Section — Field" for a narrative key, as the user sees it in `lang`.
fn field_label(t: &Template, key: &str, lang: &str) -> String {
    let (section, field) = key.split_once('.').unwrap_or((key, ""));
    match t.section(section) {
        Some(s) => match s.fields.iter().find(|f| f.id == field) {
            Some(f) if s.fields.len() > 1 => format!("{} — {}", s.title.get(lang), f.label.get(lang)),
            _ => s.title.get(lang).to_string(),
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
/// does not bear out the level the team chose. Messages in English.
pub fn human_rights_hints(p: &Proposal, t: &Template) -> Vec<(String, String)> {
    human_rights_hints_in(p, t, "en")
}

/// [`human_rights_hints`] with messages in `lang`.
pub fn human_rights_hints_in(p: &Proposal, t: &Template, lang: &str) -> Vec<(String, String)> {
    let lang = language(lang);
    let mut out = Vec::new();
    for c in &t.human_rights_marker.criteria {
        let (Some(hint), Some(level)) = (
            &c.hint,
            p.markers
                .human_rights
                .criteria
                .get(&c.id)
                .and_then(|a| a.level.as_deref()),
        ) else {
            continue;
        };
        if !at_least(t, level, hint.when()) {
            continue;
        }
        // English names the level by its id ('fully'), as it always has; the
        // other languages by the template's label, in lower case.
        let level_name = match t.human_rights_marker.levels.iter().find(|l| l.id == level) {
            Some(l) if lang != "en" => l.label.get(lang).to_lowercase(),
            _ => level.to_string(),
        };
        let marked = || ("level", level_name.clone());
        let message = match hint {
            ConsistencyHint::SectionsWritten { keys, .. } => keys
                .iter()
                .find(|k| count_words(p.narrative.get(*k).map(String::as_str).unwrap_or("")) == 0)
                .map(|k| {
                    msg(
                        lang,
                        "hr.hint_section_unwritten",
                        &[marked(), ("field", field_label(t, k, lang))],
                    )
                }),
            ConsistencyHint::IndicatorsDisaggregated { .. } => {
                (!p.results_framework.indicators().any(|i| !i.disaggregation.is_empty()))
                    .then(|| msg(lang, "hr.hint_not_disaggregated", &[marked()]))
            }
            ConsistencyHint::RiskCategory { category, .. } => {
                (!p.risk_matrix.risks.iter().any(|r| &r.category == category)).then(|| {
                    let name = t
                        .risk_matrix
                        .categories
                        .iter()
                        .find(|c| &c.id == category)
                        .map(|c| c.label.get(lang).to_string())
                        .unwrap_or_else(|| category.clone());
                    msg(lang, "hr.hint_no_risk", &[marked(), ("category", name)])
                })
            }
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
    /// Share of direct costs counted for gender equality, in percent (one decimal).
    pub gewe_percent: String,
    /// How it was reached: the amount counted and the direct costs, as
    /// plain decimals (`1234.50`), and each line that counts, with its share.
    #[ts(as = "String")]
    pub gewe_counted: Money,
    #[ts(as = "String")]
    pub gewe_direct: Money,
    pub gewe_lines: Vec<GeweLine>,
}

/// A budget line that counts towards gender equality, and how much of it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct GeweLine {
    /// The line's number in the budget, from 1.
    pub number: u32,
    pub id: String,
    pub description: String,
    pub puno: String,
    #[ts(as = "String")]
    pub total: Money,
    /// Percent, 1 to 100.
    pub share: u8,
    /// Total × share, rounded to the cent for display (the sum is exact).
    #[ts(as = "String")]
    pub counted: Money,
}

fn mentions(text: &str, terms: &[String]) -> bool {
    let lower = text.to_lowercase();
    terms.iter().any(|term| lower.contains(&term.to_lowercase()))
}

/// The share of a part in `whole` in tenths of a percent, rounded half up
/// (24.96 % is 25.0 %, 24.94 % is 24.9 %): the one place the Gender
/// Marker's budget share is rounded, for the screen, the PDF and the
/// criterion alike, so what is printed is what is judged. The part is in
/// hundredths of a cent (each line's total × its share in percent, summed
/// without rounding).
pub fn gewe_permille(part_centicents: i128, whole: Money) -> i128 {
    if whole.0 <= 0 {
        return 0;
    }
    // part / (whole × 100) × 1000 = part × 10 / whole, rounded half up.
    (part_centicents * 20 + whole.0).div_euclid(whole.0 * 2)
}

pub fn suggest_gender(p: &Proposal, t: &Template) -> GenderSuggestionReport {
    let summary = summarize(&p.budget, &p.results_framework, t);
    let counted: Vec<(usize, &crate::annexes::BudgetLine)> = p
        .budget
        .lines
        .iter()
        .enumerate()
        .filter(|(_, l)| l.gender_share > 0)
        .collect();
    let gewe: i128 = counted.iter().map(|(_, l)| l.gender_part()).sum();
    let permille = gewe_permille(gewe, summary.direct);
    let to_cents = |centicents: i128| Money(crate::money::div_round(centicents, 100));
    let mut criteria = BTreeMap::new();
    for c in &t.gender_marker.criteria {
        let met = match &c.check {
            GenderCheck::TextMentions { keys, terms } => keys
                .iter()
                .any(|k| mentions(p.narrative.get(k).map(String::as_str).unwrap_or(""), terms)),
            GenderCheck::IndicatorsBy { dimension, min_percent } => {
                let all: Vec<_> = p.results_framework.indicators().collect();
                let by = all.iter().filter(|i| i.disaggregation.contains(dimension)).count();
                !all.is_empty() && by * 100 >= *min_percent as usize * all.len()
            }
            GenderCheck::OutputsMention { terms } => p
                .results_framework
                .numbered_outputs()
                .iter()
                .any(|(_, o)| mentions(&o.title, terms)),
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
        gewe_percent: format!(
            "{}{}.{}",
            if permille < 0 { "-" } else { "" },
            permille.abs() / 10,
            permille.abs() % 10
        ),
        gewe_counted: to_cents(gewe),
        gewe_direct: summary.direct,
        gewe_lines: counted
            .iter()
            .map(|(i, l)| GeweLine {
                number: *i as u32 + 1,
                id: l.id.clone(),
                description: l.description.clone(),
                puno: l.puno.clone(),
                total: l.total(),
                share: l.gender_share,
                counted: to_cents(l.gender_part()),
            })
            .collect(),
    }
}

/// Both markers as the screens, the CLI and the PDF show them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct MarkerReport {
    pub human_rights: HrAssessment,
    pub gender_score: Option<u8>,
    pub gender_suggestion: GenderSuggestionReport,
    /// What a human-rights criterion can point at as evidence, labelled in
    /// the report's language.
    pub evidence: Vec<crate::document::EvidenceOption>,
}

/// Both markers, with the human-rights explanation in English.
pub fn report(p: &Proposal, t: &Template) -> MarkerReport {
    report_in(p, t, "en")
}

/// Both markers, with the human-rights explanation in `lang`.
pub fn report_in(p: &Proposal, t: &Template, lang: &str) -> MarkerReport {
    MarkerReport {
        human_rights: assess_human_rights_in(p, t, lang),
        gender_score: p.markers.gender.score,
        gender_suggestion: suggest_gender(p, t),
        evidence: crate::document::evidence_options(p, t, lang),
    }
}

impl Markers {
    /// Hard bounds: known criteria and levels, bounded texts.
    pub fn check(&self, t: &Template) -> Result<(), crate::CoreError> {
        use crate::limits::{MAX_EVIDENCE, MAX_JUSTIFICATION_CHARS, MAX_PATH_CHARS};
        use crate::CoreError;
        let bad = |path: String, m: &str| {
            Err(CoreError::Invalid {
                path,
                message: m.into(),
            })
        };
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
                return bad(
                    format!("{path}/justification"),
                    "the justification is too long or holds a NUL character",
                );
            }
            if a.evidence.len() > MAX_EVIDENCE
                || a.evidence
                    .iter()
                    .any(|e| e.len() > MAX_PATH_CHARS || !e.starts_with('/'))
            {
                return bad(
                    format!("{path}/evidence"),
                    "evidence links must be at most 50 paths into the proposal",
                );
            }
        }
        let g = &self.gender;
        if g.score
            .is_some_and(|s| !t.gender_marker.scale.iter().any(|x| x.score == s))
        {
            return bad(
                "/markers/gender/score".into(),
                "the score must be on the template's scale",
            );
        }
        if g.justification.chars().count() > MAX_JUSTIFICATION_CHARS || g.justification.contains('\0') {
            return bad(
                "/markers/gender/justification".into(),
                "the justification is too long or holds a NUL character",
            );
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests;
