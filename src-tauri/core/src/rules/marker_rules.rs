//! Readiness rules of the two marker self-assessments.

use super::Findings;
use crate::markers::{assess_human_rights_in, human_rights_hints_in, suggest_gender, Grade};
use crate::proposal::Proposal;
use crate::template::Template;

pub fn human_rights(p: &Proposal, t: &Template, f: &mut Findings) -> bool {
    let answers = &p.markers.human_rights.criteria;
    let has_content = answers
        .values()
        .any(|a| a.level.is_some() || !a.justification.trim().is_empty());
    for (n, c) in t.human_rights_marker.criteria.iter().enumerate() {
        let path = format!("/markers/human_rights/criteria/{}", c.id);
        let answer = answers.get(&c.id);
        match answer.and_then(|a| a.level.as_deref()) {
            None => {
                let m = f.msg(
                    "hr.not_assessed",
                    &[
                        ("n", (n + 1).to_string()),
                        ("question", c.question.get(f.lang).to_string()),
                    ],
                );
                f.block(format!("{path}/level"), "required", m);
            }
            Some("not") => {}
            Some(_) => {
                if answer.is_none_or(|a| a.justification.trim().is_empty()) {
                    f.block(
                        format!("{path}/justification"),
                        "justification_required",
                        f.msg("hr.justification_required", &[("n", (n + 1).to_string())]),
                    );
                }
                if answer.is_none_or(|a| a.evidence.is_empty()) {
                    f.warn(
                        format!("{path}/evidence"),
                        "no_evidence",
                        f.msg("hr.no_evidence", &[("n", (n + 1).to_string())]),
                    );
                }
            }
        }
    }
    for (id, message) in human_rights_hints_in(p, t, f.lang) {
        f.warn(
            format!("/markers/human_rights/criteria/{id}/level"),
            "inconsistent_level",
            message,
        );
    }
    let a = assess_human_rights_in(p, t, f.lang);
    if a.grade == Some(Grade::C) {
        let target = t.human_rights_marker.grading.target.get(f.lang).to_string();
        let m = f.msg("hr.grade_c", &[("target", target), ("to_raise", a.to_raise)]);
        f.warn("/markers/human_rights", "grade_c", m);
    }
    has_content
}

pub fn gender(p: &Proposal, t: &Template, f: &mut Findings) -> bool {
    let g = &p.markers.gender;
    let gm = &t.gender_marker;
    match g.score {
        None => f.block("/markers/gender/score", "required", f.msg("gender.required", &[])),
        Some(score) => {
            if g.justification.trim().is_empty() {
                f.block(
                    "/markers/gender/justification",
                    "justification_required",
                    f.msg("gender.justification_required", &[]),
                );
            }
            if score < gm.minimum {
                let m = f.msg(
                    "gender.below_minimum",
                    &[("score", score.to_string()), ("minimum", gm.minimum.to_string())],
                );
                f.warn("/markers/gender/score", "below_minimum", m);
            }
            let suggested = suggest_gender(p, t).suggested;
            if score > suggested {
                f.warn(
                    "/markers/gender/score",
                    "above_suggestion",
                    f.msg("gender.above_suggestion", &[("suggested", suggested.to_string())]),
                );
            }
        }
    }
    g.score.is_some() || !g.justification.trim().is_empty()
}
