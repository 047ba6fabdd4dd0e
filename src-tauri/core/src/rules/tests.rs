use super::*;
use crate::example_proposal;
use crate::proposal::Partner;

fn t() -> &'static Template {
    Template::builtin().unwrap()
}

fn codes(r: &Report) -> Vec<(String, String)> {
    r.problems.iter().map(|p| (p.path.clone(), p.code.clone())).collect()
}

fn has(r: &Report, path: &str, code: &str) -> bool {
    r.problems.iter().any(|p| p.path == path && p.code == code)
}

#[test]
fn blank_draft_is_not_ready_and_every_section_is_empty() {
    let p = Proposal::blank(t(), Default::default(), "x");
    let r = validate(&p, t());
    assert!(!r.ready);
    assert!(r.sections.iter().all(|s| s.state == SectionState::Empty));
    assert!(has(&r, "/cover/title", "required"));
    assert!(has(&r, "/narrative/principles.f", "principle_unanswered"));
}

#[test]
fn puno_rules() {
    let mut p = example_proposal().unwrap();
    p.cover.punos.truncate(1);
    assert!(has(&validate(&p, t()), "/cover/punos", "too_few_punos"));

    let mut p = example_proposal().unwrap();
    for puno in &mut p.cover.punos {
        puno.convening = true;
    }
    let r = validate(&p, t());
    assert!(has(&r, "/cover/punos", "convening"), "{:?}", codes(&r));
    assert_eq!(r.sections[0].state, SectionState::HasProblems);

    let mut p = example_proposal().unwrap();
    p.cover.punos[1].entity = p.cover.punos[0].entity.to_lowercase();
    assert!(has(&validate(&p, t()), "/cover/punos/1/entity", "duplicate_puno"));
}

#[test]
fn a_government_partner_is_required() {
    let mut p = example_proposal().unwrap();
    p.cover.partners.retain(|x| !x.kind.starts_with("government"));
    p.cover.partners.push(Partner { name: "NGO".into(), kind: "civil_society".into(), role: "r".into() });
    assert!(has(&validate(&p, t()), "/cover/partners", "no_government_partner"));
}

#[test]
fn duration_rules() {
    let mut p = example_proposal().unwrap();
    p.cover.duration_months = Some(48);
    let r = validate(&p, t());
    let unusual = r.problems.iter().find(|x| x.code == "duration_unusual").expect("warning");
    assert_eq!(unusual.severity, Severity::Warning);
    p.cover.duration_months = Some(200);
    assert!(has(&validate(&p, t()), "/cover/duration_months", "duration_out_of_range"));
}

#[test]
fn email_and_title_length_warn() {
    let mut p = example_proposal().unwrap();
    p.cover.contact.email = "not an email".into();
    p.cover.short_title = "x".repeat(61);
    let r = validate(&p, t());
    assert!(has(&r, "/cover/contact/email", "email_format"));
    assert!(has(&r, "/cover/short_title", "too_long"));
}

#[test]
fn objectives_outside_the_area_warn() {
    let mut p = example_proposal().unwrap();
    p.cover.thematic_area = Some(3);
    p.cover.gcm_objectives = vec![15];
    assert!(has(&validate(&p, t()), "/cover/gcm_objectives", "objectives_outside_area"));
}

#[test]
fn words_are_counted_like_a_reader_would() {
    assert_eq!(count_words("Hello, *world* — 12 items.\n\n- one\n- two"), 6);
    assert_eq!(count_words(""), 0);
    assert_eq!(count_words("   \n  "), 0);
}

#[test]
fn the_example_is_ready_with_no_problem() {
    let r = validate(&example_proposal().unwrap(), t());
    assert!(r.ready, "{:?}", codes(&r));
    assert!(r.problems.is_empty(), "{:?}", codes(&r));
}

mod annexes {
    use super::*;
    use crate::money::{Money, Quantity};

    #[test]
    fn results_framework_needs_indicators_outputs_and_known_punos() {
        let mut p = example_proposal().unwrap();
        let oc = &mut p.results_framework.outcomes[0];
        oc.indicators.clear();
        oc.outputs[0].indicators[0].responsible_puno = "WFP".into();
        oc.outputs[0].indicators[0].target.value.clear();
        oc.outputs[1].activities.clear();
        oc.gcm_objectives.push(1);
        let r = validate(&p, t());
        assert!(has(&r, "/results_framework/outcomes/0/indicators", "no_indicator"));
        assert!(has(&r, "/results_framework/outcomes/0/outputs/0/indicators/0/responsible_puno", "puno_not_on_cover"));
        assert!(has(&r, "/results_framework/outcomes/0/outputs/0/indicators/0/target/value", "required"));
        assert!(has(&r, "/results_framework/outcomes/0/outputs/1/activities", "no_activity"));
        assert!(has(&r, "/results_framework/outcomes/0/gcm_objectives", "objective_not_on_cover"));
        p.results_framework.outcomes.clear();
        assert!(has(&validate(&p, t()), "/results_framework/outcomes", "required"));
    }

    #[test]
    fn a_shorter_duration_flags_activities_outside_it() {
        let mut p = example_proposal().unwrap();
        p.cover.duration_months = Some(18);
        let r = validate(&p, t());
        let late: Vec<_> = r.problems.iter().filter(|x| x.code == "outside_duration").collect();
        assert!(!late.is_empty());
        assert!(late.iter().all(|x| x.section == "annex_workplan"));
        assert!(has(&r, "/budget/lines/2/year", "year_outside_duration"));
    }

    #[test]
    fn risks_need_every_field_and_a_human_rights_risk_is_expected() {
        let mut p = example_proposal().unwrap();
        p.risk_matrix.risks[0].likelihood = None;
        p.risk_matrix.risks[0].owner.clear();
        let r = validate(&p, t());
        assert!(has(&r, "/risk_matrix/risks/0/likelihood", "required"));
        assert!(has(&r, "/risk_matrix/risks/0/owner", "required"));
        p.risk_matrix.risks.retain(|x| x.category != "human_rights");
        assert!(has(&validate(&p, t()), "/risk_matrix/risks", "no_expected_risk"));
        assert_eq!(p.risk_matrix.risks[0].score(), None);
    }

    #[test]
    fn budget_checks() {
        let mut p = example_proposal().unwrap();
        let lines = &mut p.budget.lines;
        lines[0].puno = "UNICEF".into();
        lines[1].output_id = "deleted-output".into();
        lines[2].unit_cost = Money(-500);
        lines[3].quantity = Quantity(0);
        lines[4].unit_cost = Money::parse("100000000000000").unwrap();
        let r = validate(&p, t());
        assert!(has(&r, "/budget/lines/0/puno", "puno_not_on_cover"));
        assert!(has(&r, "/budget/lines/1/output_id", "output_missing"));
        assert!(has(&r, "/budget/lines/2/unit_cost", "not_positive"));
        assert!(has(&r, "/budget/lines/3/quantity", "not_positive"));
        assert!(has(&r, "/budget/lines/4/unit_cost", "absurd_amount"));
        assert!(has(&r, "/budget/lines", "total_unusual"));

        let mut p = example_proposal().unwrap();
        p.budget.lines.retain(|l| l.puno != "UN Women");
        assert!(has(&validate(&p, t()), "/budget/lines", "puno_without_budget"));
    }

    #[test]
    fn a_concept_note_budget_needs_no_output_links() {
        let mut p = example_proposal().unwrap();
        p.kind = crate::DocumentKind::ConceptNote;
        for l in &mut p.budget.lines {
            l.output_id.clear();
        }
        let r = validate(&p, t());
        assert!(!r.problems.iter().any(|x| x.path.ends_with("/output_id")), "{:?}", codes(&r));
        assert!(!r.sections.iter().any(|s| s.id == "annex_results_framework"));
    }
}
