//! Readiness rules of the two marker self-assessments.

use super::Findings;
use crate::markers::{assess_human_rights, human_rights_hints, suggest_gender, Grade};
use crate::proposal::Proposal;
use crate::template::Template;

pub fn human_rights(p: &Proposal, t: &Template, f: &mut Findings) -> bool {
    let answers = &p.markers.human_rights.criteria;
    let has_content = answers.values().any(|a| a.level.is_some() || !a.justification.trim().is_empty());
    for (n, c) in t.human_rights_marker.criteria.iter().enumerate() {
        let path = format!("/markers/human_rights/criteria/{}", c.id);
        let answer = answers.get(&c.id);
        match answer.and_then(|a| a.level.as_deref()) {
            None => f.block(format!("{path}/level"), "required", format!("Criterion {} is not assessed yet: {}", n + 1, c.question.en())),
            Some("not") => {}
            Some(_) => {
                if answer.is_none_or(|a| a.justification.trim().is_empty()) {
                    f.block(format!("{path}/justification"), "justification_required", format!("Criterion {}: say why it is addressed.", n + 1));
                }
                if answer.is_none_or(|a| a.evidence.is_empty()) {
                    f.warn(format!("{path}/evidence"), "no_evidence", format!("Criterion {}: link the parts of the proposal that show it.", n + 1));
                }
            }
        }
    }
    for (id, message) in human_rights_hints(p, t) {
        f.warn(format!("/markers/human_rights/criteria/{id}/level"), "inconsistent_level", message);
    }
    let a = assess_human_rights(p, t);
    if a.grade == Some(Grade::C) {
        f.warn(
            "/markers/human_rights",
            "grade_c",
            format!("The Human Rights Marker grade is C. {} {}", t.human_rights_marker.grading.target.en(), a.to_raise),
        );
    }
    has_content
}

pub fn gender(p: &Proposal, t: &Template, f: &mut Findings) -> bool {
    let g = &p.markers.gender;
    let gm = &t.gender_marker;
    match g.score {
        None => f.block("/markers/gender/score", "required", "Confirm or choose the Gender Marker score."),
        Some(score) => {
            if g.justification.trim().is_empty() {
                f.block("/markers/gender/justification", "justification_required", "Say why the programme earns this Gender Marker score.");
            }
            if score < gm.minimum {
                f.warn("/markers/gender/score", "below_minimum", format!("A Gender Marker score of {score} is below the Fund's minimum of {}.", gm.minimum));
            }
            let suggested = suggest_gender(p, t).suggested;
            if score > suggested {
                f.warn("/markers/gender/score", "above_suggestion", format!("The proposal's content suggests a score of {suggested}; explain the higher score in the justification."));
            }
        }
    }
    g.score.is_some() || !g.justification.trim().is_empty()
}
