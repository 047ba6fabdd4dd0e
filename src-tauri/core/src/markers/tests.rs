use std::collections::BTreeMap;

use proptest::prelude::*;

use super::*;
use crate::example_proposal;

fn t() -> &'static Template {
    Template::builtin().unwrap()
}

fn ids() -> Vec<String> {
    t().human_rights_marker.criteria.iter().map(|c| c.id.clone()).collect()
}

/// Levels for the eight criteria from a compact string: f, p or n each.
fn levels(code: &str) -> BTreeMap<String, String> {
    ids()
        .into_iter()
        .zip(code.chars())
        .map(|(id, c)| {
            (
                id,
                match c {
                    'f' => "fully",
                    'p' => "partially",
                    _ => "not",
                }
                .to_string(),
            )
        })
        .collect()
}

#[test]
fn the_grading_rule_as_stated() {
    for (code, grade) in [
        ("ffffffff", Grade::A),
        ("ffffffpp", Grade::A), // 6 fully, none not
        ("fffffppp", Grade::B), // only 5 fully
        ("fffffffn", Grade::B), // one not addressed
        ("pppppppp", Grade::B), // 8 of 16: exactly half
        ("pppppppn", Grade::C), // 7 of 16: under half
        ("ffffffnn", Grade::C), // two not addressed
        ("nnnnnnnn", Grade::C),
    ] {
        let a = grade_levels(t(), &levels(code));
        assert_eq!(a.grade, Some(grade), "{code}");
        assert_eq!(a.max_score, 16);
    }
}

#[test]
fn no_grade_until_every_criterion_is_answered() {
    let mut l = levels("ffffffff");
    l.remove("capacity");
    let a = grade_levels(t(), &l);
    assert_eq!(a.grade, None);
    assert_eq!(a.unanswered, ["capacity"]);
    assert!(a.to_raise.contains("Answer the remaining criterion"), "{}", a.to_raise);
}

#[test]
fn the_assessment_says_what_holds_the_grade_down() {
    let a = grade_levels(t(), &levels("fffffppp"));
    assert_eq!(a.holding_down.len(), 3);
    assert_eq!(a.to_raise, "To reach A: bring 1 more criterion to ‘fully addressed’.");
    let a = grade_levels(t(), &levels("ffffffnn"));
    assert!(
        a.to_raise
            .starts_with("To reach B: leave at most 1 criterion ‘not addressed’ (now 2)"),
        "{}",
        a.to_raise
    );
}

proptest! {
    /// Raising any one criterion never lowers the grade.
    #[test]
    fn grading_is_monotone(code in "[fpn]{8}", which in 0usize..8) {
        let before = grade_levels(t(), &levels(&code)).grade;
        let mut raised: Vec<char> = code.chars().collect();
        raised[which] = match raised[which] { 'n' => 'p', _ => 'f' };
        let after = grade_levels(t(), &levels(&raised.iter().collect::<String>())).grade;
        prop_assert!(after >= before, "{} -> {:?}, {:?}", code, before, after);
    }
}

#[test]
fn the_example_is_graded_a_and_scores_the_gender_minimum() {
    let p = example_proposal().unwrap();
    assert_eq!(assess_human_rights(&p, t()).grade, Some(Grade::A));
    assert!(human_rights_hints(&p, t()).is_empty());
    let g = suggest_gender(&p, t());
    assert!(g.criteria.values().all(|m| *m), "{g:?}");
    assert!(p.markers.gender.score.unwrap() >= t().gender_marker.minimum);
}

#[test]
fn each_consistency_hint() {
    let mut p = example_proposal().unwrap();
    for ind in p.results_framework.outcomes.iter_mut().flat_map(|o| {
        o.indicators
            .iter_mut()
            .chain(o.outputs.iter_mut().flat_map(|op| op.indicators.iter_mut()))
    }) {
        ind.disaggregation.clear();
    }
    p.narrative.remove("participation.body");
    p.risk_matrix.risks.retain(|r| r.category != "human_rights");
    let hints: BTreeMap<String, String> = human_rights_hints(&p, t()).into_iter().collect();
    assert!(hints["non_discrimination"].contains("no indicator is disaggregated"));
    assert!(
        hints["participation_design"].contains("“Participation of migrants and communities” is not written yet"),
        "{hints:?}"
    );
    assert!(
        hints["due_diligence"].contains("no “Human rights / do no harm” risk"),
        "{hints:?}"
    );

    // Marked lower than the hint's level, the hint stays quiet.
    p.markers
        .human_rights
        .criteria
        .get_mut("non_discrimination")
        .unwrap()
        .level = Some("partially".into());
    assert!(!human_rights_hints(&p, t())
        .iter()
        .any(|(id, _)| id == "non_discrimination"));
}

#[test]
fn readiness_of_the_markers() {
    let mut p = example_proposal().unwrap();
    let c = p.markers.human_rights.criteria.get_mut("capacity").unwrap();
    c.justification.clear();
    c.evidence.clear();
    p.markers.gender.score = Some(1);
    let r = crate::validate(&p, t());
    let has = |path: &str, code: &str| r.problems.iter().any(|x| x.path == path && x.code == code);
    assert!(has(
        "/markers/human_rights/criteria/capacity/justification",
        "justification_required"
    ));
    assert!(has("/markers/human_rights/criteria/capacity/evidence", "no_evidence"));
    assert!(has("/markers/gender/score", "below_minimum"));

    for l in ["rights_analysis", "non_discrimination", "participation_design"] {
        p.markers.human_rights.criteria.get_mut(l).unwrap().level = Some("not".into());
    }
    let r = crate::validate(&p, t());
    let c_warning = r.problems.iter().find(|x| x.code == "grade_c").expect("grade C warns");
    assert!(c_warning.message.contains("90 %"));
    assert_eq!(c_warning.severity, crate::Severity::Warning);
}

#[test]
fn the_gender_budget_share_is_rounded_half_up_once() {
    // Parts in cents here, as the function takes hundredths of a cent.
    let share = |part: i128, whole: i128| gewe_permille(part * 100, Money(whole));
    assert_eq!(share(2497, 10_000), 250, "24.97 % reads 25.0 %, not 24.9 %");
    assert_eq!(share(2495, 10_000), 250, "half up");
    assert_eq!(share(2494, 10_000), 249);
    assert_eq!(share(1, 3), 333);
    assert_eq!(share(2, 3), 667);
    assert_eq!(share(5, 0), 0);
    assert_eq!(share(10, 10), 1000);

    let mut p = example_proposal().unwrap();
    for (i, l) in p.budget.lines.iter_mut().enumerate() {
        l.gender_share = if i == 0 { 100 } else { 0 };
    }
    let direct = summarize(&p.budget, &p.results_framework, t()).direct;
    let part = p.budget.lines[0].total();
    let g = suggest_gender(&p, t());
    let permille = gewe_permille(part.0 * 100, direct);
    assert_eq!(g.gewe_percent, format!("{}.{}", permille / 10, permille % 10));
}

#[test]
fn a_line_counts_for_gender_equality_in_part_exactly() {
    use crate::annexes::BudgetLine;
    use crate::money::Quantity;
    let mut p = example_proposal().unwrap();
    let line = |id: &str, cents: i128, share: u8| BudgetLine {
        id: id.into(),
        description: format!("line {id}"),
        category: Some(1),
        puno: "IOM".into(),
        year: Some(1),
        quantity: Quantity::parse("1").unwrap(),
        unit_cost: Money(cents),
        gender_share: share,
        ..BudgetLine::default()
    };
    // $1,000.01 at 33 % is $330.0033; $999.99 at 34 % is $339.9966; with
    // $2,000.00 at 0 % the direct costs are $4,000.00 and the part
    // $670.00 (330.0033 + 339.9966 = 669.9999, not 330.00 + 340.00).
    p.budget.lines = vec![line("a", 100_001, 33), line("b", 99_999, 34), line("c", 200_000, 0)];
    let g = suggest_gender(&p, t());
    assert_eq!(g.gewe_direct.to_decimal(), "4000.00");
    assert_eq!(g.gewe_counted.to_decimal(), "670.00");
    assert_eq!(g.gewe_percent, "16.7");
    assert!(g.criteria["gewe_budget"], "16.7 % is over the 15 % the template asks");
    assert_eq!(g.gewe_lines.len(), 2, "a line at 0 % is not listed");
    assert_eq!((g.gewe_lines[0].number, g.gewe_lines[0].share), (1, 33));
    assert_eq!(g.gewe_lines[0].total.to_decimal(), "1000.01");
    assert_eq!(g.gewe_lines[0].counted.to_decimal(), "330.00");
    assert_eq!(g.gewe_lines[1].counted.to_decimal(), "340.00");

    // Exactly at the threshold: 15 % of one line is 15.0 %, met; 14.96 %
    // rounds to 15.0 % and is judged as printed.
    p.budget.lines = vec![line("a", 100_000, 15)];
    let g = suggest_gender(&p, t());
    assert_eq!(g.gewe_percent, "15.0");
    assert!(g.criteria["gewe_budget"]);
    p.budget.lines = vec![line("a", 1_000_000, 14), line("b", 24_000, 100)];
    // (10,000 × 0.14 + 240) / 10,240 = 16.02 %
    assert_eq!(suggest_gender(&p, t()).gewe_percent, "16.0");
}

#[test]
fn an_older_file_s_yes_or_no_reads_as_all_or_nothing_and_a_share_over_100_is_refused() {
    use crate::annexes::BudgetLine;
    let old: BudgetLine = serde_json::from_str(r#"{"id":"a","gender_equality":true}"#).unwrap();
    assert_eq!(old.gender_share, 100);
    let old: BudgetLine = serde_json::from_str(r#"{"id":"a","gender_equality":false}"#).unwrap();
    assert_eq!(old.gender_share, 0);
    let new: BudgetLine = serde_json::from_str(r#"{"id":"a","gender_share":40}"#).unwrap();
    assert_eq!(new.gender_share, 40);
    assert!(serde_json::from_str::<BudgetLine>(r#"{"id":"a","gender_share":-1}"#).is_err());
    assert!(serde_json::from_str::<BudgetLine>(r#"{"id":"a","gender_share":"half"}"#).is_err());
    let mut p = example_proposal().unwrap();
    p.budget.lines[0].gender_share = 101;
    let e = p.check(t()).unwrap_err().to_string();
    assert!(e.contains("/budget/lines/0/gender_share"), "{e}");
}

#[test]
fn the_gender_suggestion_follows_the_content() {
    let mut p = example_proposal().unwrap();
    for l in &mut p.budget.lines {
        l.gender_share = 0;
    }
    let g = suggest_gender(&p, t());
    assert_eq!(g.gewe_percent, "0.0");
    assert!(g.gewe_lines.is_empty());
    assert!(!g.criteria["gewe_budget"]);
    assert_eq!(g.suggested, 2);
}

#[test]
fn unknown_criteria_and_levels_are_refused() {
    let mut m = Markers::default();
    m.human_rights
        .criteria
        .insert("made_up".into(), CriterionAnswer::default());
    assert!(m.check(t()).is_err());
    let mut m = Markers::default();
    m.human_rights.criteria.insert(
        "capacity".into(),
        CriterionAnswer {
            level: Some("superb".into()),
            ..Default::default()
        },
    );
    assert!(m.check(t()).is_err());
    let mut m = Markers::default();
    m.gender.score = Some(4);
    assert!(m.check(t()).is_err());
}

#[test]
fn explanations_and_hints_in_french_and_spanish() {
    let fr = grade_levels_in(t(), &levels("nnffffff"), "fr");
    assert_eq!(
        fr.to_raise,
        "Pour obtenir la note B\u{a0}: ne laisser au plus que 1 critère «\u{a0}non traité\u{a0}» (actuellement 2)."
    );
    let es = grade_levels_in(t(), &levels("fffffppn"), "es");
    assert_eq!(es.to_raise, "Para alcanzar la calificación A: abordar el criterio aún “no abordado” y llevar 1 criterio más al nivel “plenamente abordado”.");
    let mut unanswered = levels("ffff");
    unanswered.retain(|_, l| l == "fully");
    assert_eq!(
        grade_levels_in(t(), &unanswered, "fr").to_raise,
        "Répondez aux 4 critères restants pour obtenir une note."
    );
    // The same grade whatever the language.
    assert_eq!(
        grade_levels_in(t(), &levels("nnffffff"), "es").grade,
        grade_levels(t(), &levels("nnffffff")).grade
    );

    let mut p = example_proposal().unwrap();
    p.narrative.remove("participation.body");
    p.risk_matrix.risks.retain(|r| r.category != "human_rights");
    let hints: BTreeMap<String, String> = human_rights_hints_in(&p, t(), "fr").into_iter().collect();
    assert!(
        hints["participation_design"]
            .starts_with("Ce critère est évalué comme «\u{a0}pleinement traité\u{a0}», mais la partie «\u{a0}"),
        "{hints:?}"
    );
    assert!(
        hints["due_diligence"].contains("aucun risque «\u{a0}Droits humains / ne pas nuire\u{a0}»"),
        "{hints:?}"
    );
    let hints: BTreeMap<String, String> = human_rights_hints_in(&p, t(), "es").into_iter().collect();
    assert!(
        hints["due_diligence"].contains("ningún riesgo “Derechos humanos / no causar daño”"),
        "{hints:?}"
    );
    assert_eq!(human_rights_hints_in(&p, t(), "en"), human_rights_hints(&p, t()));

    let en = report(&p, t());
    let es = report_in(&p, t(), "es");
    assert_eq!(
        (es.human_rights.grade, &es.gender_suggestion),
        (en.human_rights.grade, &en.gender_suggestion)
    );
}
