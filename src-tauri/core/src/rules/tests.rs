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
    p.cover.partners.push(Partner {
        name: "NGO".into(),
        kind: "civil_society".into(),
        level: String::new(),
        role: "r".into(),
    });
    assert!(has(&validate(&p, t()), "/cover/partners", "no_government_partner"));
}

#[test]
fn a_government_partner_says_its_level_and_an_earlier_kind_reads_as_kind_and_level() {
    let mut p = example_proposal().unwrap();
    assert!(!has(
        &validate(&p, t()),
        "/cover/partners/0/level",
        "partner_level_required"
    ));
    p.cover.partners[0].level.clear();
    let r = validate(&p, t());
    assert!(has(&r, "/cover/partners/0/level", "partner_level_required"));
    // A civil society partner has no government level to give.
    let ngo = p
        .cover
        .partners
        .iter()
        .position(|x| !t().is_government(&x.kind))
        .unwrap();
    assert!(!has(
        &r,
        &format!("/cover/partners/{ngo}/level"),
        "partner_level_required"
    ));

    let mut v = serde_json::to_value(example_proposal().unwrap()).unwrap();
    v["cover"]["partners"][0]["kind"] = "government_local".into();
    v["cover"]["partners"][0]["level"] = "".into();
    let read = Proposal::from_value(v.clone(), t()).unwrap();
    assert_eq!(
        (
            read.cover.partners[0].kind.as_str(),
            read.cover.partners[0].level.as_str()
        ),
        ("government", "local")
    );
    let bytes = serde_json::to_vec(&v).unwrap();
    let read = Proposal::from_json_bytes(&bytes, t()).unwrap();
    assert_eq!(read.cover.partners[0].level, "local");
    // A stored cover in the earlier terms still takes an edit.
    let patch = crate::patch::Patch::Set {
        path: "/cover/title".into(),
        value: "T".into(),
    };
    let change = crate::patch::apply(t(), &patch, Some(v["cover"].clone())).unwrap();
    assert_eq!(change.value.unwrap()["partners"][0]["kind"], "government");

    v["cover"]["partners"][0]["level"] = "galactic".into();
    let e = Proposal::from_value(v, t()).unwrap_err().to_string();
    assert!(e.contains("/cover/partners/0/level"), "{e}");
}

#[test]
fn outcome_assumptions_and_an_unnamed_other_disaggregation_are_asked_for() {
    let mut p = example_proposal().unwrap();
    let r = validate(&p, t());
    assert!(!has(&r, "/results_framework/outcomes/0/assumptions", "no_assumptions"));
    p.results_framework.outcomes[0].assumptions = "  ".into();
    let ind = &mut p.results_framework.outcomes[0].indicators[0];
    ind.disaggregation.push("other".into());
    let r = validate(&p, t());
    assert!(has(&r, "/results_framework/outcomes/0/assumptions", "no_assumptions"));
    let other = "/results_framework/outcomes/0/indicators/0/disaggregation_other";
    assert!(has(&r, other, "other_unnamed"));
    p.results_framework.outcomes[0].indicators[0].disaggregation_other = "Ethnic self-identification".into();
    assert!(!has(&validate(&p, t()), other, "other_unnamed"));
    for d in ["ethnicity", "location", "institution"] {
        p.results_framework.outcomes[0].indicators[0].disaggregation = vec![d.into()];
        assert!(p.check(t()).is_ok(), "{d} is in the template's list");
    }
}

#[test]
fn duration_rules() {
    let mut p = example_proposal().unwrap();
    p.cover.duration_months = Some(48);
    let r = validate(&p, t());
    let unusual = r
        .problems
        .iter()
        .find(|x| x.code == "duration_unusual")
        .expect("warning");
    assert_eq!(unusual.severity, Severity::Warning);
    p.cover.duration_months = Some(200);
    assert!(has(
        &validate(&p, t()),
        "/cover/duration_months",
        "duration_out_of_range"
    ));
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
    assert!(has(
        &validate(&p, t()),
        "/cover/gcm_objectives",
        "objectives_outside_area"
    ));
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
        assert!(has(
            &r,
            "/results_framework/outcomes/0/outputs/0/indicators/0/responsible_puno",
            "puno_not_on_cover"
        ));
        assert!(has(
            &r,
            "/results_framework/outcomes/0/outputs/0/indicators/0/target/value",
            "required"
        ));
        assert!(has(
            &r,
            "/results_framework/outcomes/0/outputs/1/activities",
            "no_activity"
        ));
        assert!(has(
            &r,
            "/results_framework/outcomes/0/gcm_objectives",
            "objective_not_on_cover"
        ));
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
        assert!(
            !r.problems.iter().any(|x| x.path.ends_with("/output_id")),
            "{:?}",
            codes(&r)
        );
        assert!(!r.sections.iter().any(|s| s.id == "annex_results_framework"));
    }
}

mod languages {
    use super::*;

    /// Words of the English messages that a French or Spanish reader must
    /// never meet.
    const ENGLISH: [&str; 16] = [
        "is required",
        "needs",
        "not written yet",
        "Add at least",
        "Say how",
        "Criterion",
        "is not a PUNO",
        "Budget line",
        "Outcome",
        "Output",
        "Activity",
        "Risk ",
        "not assessed",
        "Confirm or choose",
        "Choose",
        " the ",
    ];

    fn shape(r: &Report) -> Vec<(String, String, Severity, String)> {
        r.problems
            .iter()
            .map(|p| (p.path.clone(), p.code.clone(), p.severity, p.section.clone()))
            .collect()
    }

    fn message<'r>(r: &'r Report, path: &str, code: &str) -> &'r str {
        &r.problems
            .iter()
            .find(|p| p.path == path && p.code == code)
            .unwrap_or_else(|| panic!("{path} {code}"))
            .message
    }

    /// The example with a fault in every annex, so that most rules speak.
    fn faulty_example() -> Proposal {
        let mut p = example_proposal().unwrap();
        p.cover.title.clear();
        p.cover.duration_months = Some(48);
        p.cover.contact.email = "nobody".into();
        p.narrative.remove("participation.body");
        let rf = &mut p.results_framework;
        rf.outcomes[0].indicators[0].baseline.value.clear();
        rf.outcomes[0].outputs[0].activities[0].puno = "Nobody".into();
        rf.outcomes[0].outputs[0].activities[0].quarters = vec![99];
        p.risk_matrix.risks[0].owner.clear();
        p.risk_matrix.risks.retain(|r| r.category != "human_rights");
        p.budget.lines[0].year = Some(9);
        p.budget.lines[1].unit_cost = crate::money::Money::from_dollars(900_000_000);
        for l in ["rights_analysis", "non_discrimination", "participation_design"] {
            p.markers.human_rights.criteria.get_mut(l).unwrap().level = Some("not".into());
        }
        p.markers.gender.score = Some(0);
        p
    }

    #[test]
    fn a_blank_proposal_speaks_french_and_spanish_only() {
        let p = Proposal::blank(t(), Default::default(), "x");
        let en = validate(&p, t());
        for (lang, title) in [("fr", "Titre"), ("es", "Título")] {
            let r = validate_in(&p, t(), lang);
            assert_eq!(shape(&r), shape(&en), "{lang}: same findings in every language");
            let cover_title = message(&r, "/cover/title", "required");
            assert!(cover_title.contains(title), "{lang}: {cover_title}");
            assert!(!cover_title.contains("is required"), "{lang}: {cover_title}");
            for (x, e) in r.problems.iter().zip(&en.problems) {
                assert_ne!(x.message, e.message, "{lang}: {} {} is still English", x.path, x.code);
                for word in ENGLISH {
                    assert!(
                        !x.message.contains(word),
                        "{lang}: {} {}: “{}” holds “{word}”",
                        x.path,
                        x.code,
                        x.message
                    );
                }
            }
        }
        let fr = validate_in(&p, t(), "fr");
        assert!(message(&fr, "/narrative/principles.f", "principle_unanswered")
            .starts_with("Expliquez comment le programme applique le principe «\u{a0}"));
        assert_eq!(
            message(&fr, "/results_framework/outcomes", "required"),
            "Ajoutez au moins un effet."
        );
        assert_eq!(
            message(&validate_in(&p, t(), "es"), "/markers/gender/score", "required"),
            "Confirme o elija la puntuación del marcador de género."
        );
    }

    #[test]
    fn the_example_gives_the_same_findings_in_every_language() {
        for p in [example_proposal().unwrap(), faulty_example()] {
            let en = validate(&p, t());
            assert_eq!(validate_in(&p, t(), "en"), en);
            for lang in ["fr", "es"] {
                let r = validate_in(&p, t(), lang);
                assert_eq!(shape(&r), shape(&en), "{lang}");
                assert_eq!((r.ready, &r.sections), (en.ready, &en.sections), "{lang}");
            }
        }
    }

    #[test]
    fn a_faulty_example_speaks_french_and_spanish_only() {
        let p = faulty_example();
        let en = validate(&p, t());
        assert!(en.problems.len() >= 12, "{:?}", codes(&en));
        for lang in ["fr", "es"] {
            for (x, e) in validate_in(&p, t(), lang).problems.iter().zip(&en.problems) {
                assert_ne!(x.message, e.message, "{lang}: {} {} is still English", x.path, x.code);
                for word in ENGLISH {
                    assert!(
                        !x.message.contains(word),
                        "{lang}: {} {}: “{}” holds “{word}”",
                        x.path,
                        x.code,
                        x.message
                    );
                }
            }
        }
        let fr = validate_in(&p, t(), "fr");
        let amount = message(&fr, "/budget/lines/1/unit_cost", "absurd_amount");
        assert!(amount.contains("\u{202f}000,00\u{a0}USD"), "{amount}");
        let c = message(&fr, "/markers/human_rights", "grade_c");
        assert!(
            c.starts_with("La note du marqueur droits humains est C. Le Fonds attend")
                && c.contains("Pour obtenir la note B\u{a0}:"),
            "{c}"
        );
        let es = validate_in(&p, t(), "es");
        let puno = message(
            &es,
            "/results_framework/outcomes/0/outputs/0/activities/0/puno",
            "puno_not_on_cover",
        );
        assert_eq!(puno, "Actividad 1.1.1: Nobody no figura entre las OPNU de la portada.");
    }

    #[test]
    fn an_unknown_language_gives_english() {
        let p = faulty_example();
        assert_eq!(validate_in(&p, t(), "de"), validate(&p, t()));
    }
}
