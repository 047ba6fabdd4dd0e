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
