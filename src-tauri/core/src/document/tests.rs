use super::*;
use crate::review::target_text;
use crate::template::SectionKind;
use crate::Template;

fn example(lang: &str) -> (Proposal, &'static Template) {
    let t = Template::builtin().unwrap();
    let mut p = crate::example_proposal().unwrap();
    p.language = lang.into();
    (p, t)
}

fn edition() -> Edition {
    Edition {
        version: "3".into(),
        date: "2027-02-15".into(),
        ..Default::default()
    }
}

#[test]
fn every_section_of_the_template_is_a_part_in_order_then_the_signatures() {
    for lang in ["en", "fr", "es"] {
        let (p, t) = example(lang);
        let d = build(&p, t, &edition());
        let expected: Vec<String> = t
            .sections_of(p.kind)
            .filter(|s| s.kind != SectionKind::Cover)
            .map(|s| s.id.clone())
            .chain(["signatures".to_string()])
            .collect();
        let ids: Vec<String> = d.parts.iter().map(|x| x.id.clone()).collect();
        assert_eq!(ids, expected, "{lang}");
        assert!(d.parts.iter().all(|x| !x.blocks.is_empty()), "{lang}: no part is empty");
        assert_eq!(d.language, lang);
    }
}

#[test]
fn labels_are_in_the_proposals_language() {
    let words = |lang: &str| {
        let (p, t) = example(lang);
        let d = build(&p, t, &edition());
        (
            d.words.contents.clone(),
            d.parts[0].title.clone(),
            d.cover.facts[0].label.clone(),
        )
    };
    assert_eq!(words("en").0, "Contents");
    assert_eq!(words("fr").0, "Table des matières");
    assert_eq!(words("es").0, "Índice");
    assert_ne!(words("en").1, words("fr").1);
    assert_ne!(words("fr").2, words("es").2);
    // An annex is lettered, a narrative section numbered.
    let (p, t) = example("fr");
    let d = build(&p, t, &edition());
    assert!(d.parts[0].title.starts_with("1. "), "{}", d.parts[0].title);
    assert!(
        d.parts.iter().any(|x| x.title.starts_with("Annexe A")),
        "{:?}",
        d.parts.iter().map(|x| &x.title).collect::<Vec<_>>()
    );
}

#[test]
fn amounts_and_dates_are_written_as_the_language_writes_them() {
    let (p, t) = example("fr");
    let d = build(&p, t, &edition());
    let version = d.cover.facts.last().unwrap();
    assert_eq!(version.value, "Version 3 du 15 février 2027", "{version:?}");
    let budget = d
        .cover
        .facts
        .iter()
        .find(|f| f.anchor.as_ref().is_some_and(|a| a.path == "/budget"))
        .unwrap();
    assert!(budget.value.contains("\u{A0}USD"), "{}", budget.value);
}

/// Every anchored text the document shows for a narrative paragraph, a
/// budget line or a row is the same text review comments quote.
#[test]
fn anchors_name_what_review_comments_name() {
    let (p, t) = example("en");
    let d = build(&p, t, &edition());
    let texts = d.anchored_texts();
    let paragraphs: Vec<&(Anchor, String)> = texts.iter().filter(|(a, _)| a.kind == AnchorKind::Paragraph).collect();
    assert!(paragraphs.len() > 10, "{} paragraphs", paragraphs.len());
    for (a, shown) in &paragraphs {
        let source = target_text(&p, a).expect("the paragraph exists");
        // The document shows the paragraph's words without its Markdown marks.
        let plain: String = source.chars().filter(|c| !matches!(c, '*' | '_' | '`')).collect();
        for word in shown.split_whitespace() {
            assert!(
                plain.contains(word),
                "{a:?}: {word:?} of {shown:?} is not in {source:?}"
            );
        }
    }
    let lines: Vec<&(Anchor, String)> = texts.iter().filter(|(a, _)| a.kind == AnchorKind::BudgetLine).collect();
    assert_eq!(lines.len(), p.budget.lines.len());
    for (a, _) in lines {
        assert!(target_text(&p, a).is_some(), "{a:?} names a line that exists");
    }
    for (a, _) in texts.iter().filter(|(a, _)| a.kind == AnchorKind::Row) {
        assert!(target_text(&p, a).is_some(), "{a:?} names a row that exists");
    }
}

#[test]
fn an_empty_proposal_still_has_every_part_saying_what_is_missing() {
    let t = Template::builtin().unwrap();
    let mut p = Proposal::blank(t, Default::default(), "x");
    p.language = "es".into();
    let d = build(&p, t, &edition());
    let missing = crate::words::tr("es", "section.not_written");
    let texts = d.anchored_texts();
    let narrative = texts
        .iter()
        .find(|(a, _)| a.kind == AnchorKind::Field && a.path.starts_with("/narrative/"))
        .unwrap();
    assert!(narrative.1.contains(missing), "{narrative:?}");
    assert_eq!(d.cover.title, crate::words::tr("es", "doc.untitled"));
}

#[test]
fn annex_titles_lose_the_templates_lead_in_any_language() {
    assert_eq!(without_annex_lead("Annex: Results framework"), "Results framework");
    assert_eq!(
        without_annex_lead("Annexe\u{A0}: Cadre de résultats"),
        "Cadre de résultats"
    );
    assert_eq!(without_annex_lead("Anexo: Presupuesto"), "Presupuesto");
    assert_eq!(without_annex_lead("Budget"), "Budget");
}

#[test]
fn evidence_options_are_labelled_in_the_language_asked_for() {
    let (p, t) = example("en");
    let fr = evidence_options(&p, t, "fr");
    let en = evidence_options(&p, t, "en");
    assert_eq!(fr.len(), en.len());
    let output = fr
        .iter()
        .find(|o| o.path == "/results_framework/outcomes/0/outputs/1")
        .unwrap();
    assert!(output.label.starts_with("Produit 1.2\u{a0}: "), "{}", output.label);
    let activity = en
        .iter()
        .find(|o| o.path == "/results_framework/outcomes/0/outputs/0/activities/0")
        .unwrap();
    assert!(activity.label.starts_with("Activity 1.1.1: "), "{}", activity.label);
    assert!(en
        .iter()
        .any(|o| o.group == EvidenceGroup::Sections && o.path.starts_with("/narrative/")));
    assert!(en.iter().any(|o| o.group == EvidenceGroup::Risks));
    // Only written fields can be evidence.
    assert!(en.iter().filter(|o| o.group == EvidenceGroup::Sections).all(|o| p
        .narrative
        .get(o.path.trim_start_matches("/narrative/"))
        .is_some_and(|x| !x.trim().is_empty())));
}

#[test]
fn a_review_copy_says_so_in_its_metadata() {
    let (p, t) = example("fr");
    let review = build(
        &p,
        t,
        &Edition {
            review_copy: true,
            ..edition()
        },
    );
    assert!(
        review.meta.subject.starts_with("Copie de relecture"),
        "{}",
        review.meta.subject
    );
    assert!(review.meta.keywords.iter().any(|k| k == "Copie de relecture"));
    let final_copy = build(&p, t, &edition());
    assert!(!final_copy.meta.subject.contains("relecture"));
}

#[test]
fn the_editors_numbers_name_real_items_and_match_the_documents_labels() {
    let (p, t) = example("en");
    let numbers = p.results_framework.numbers();
    let root = serde_json::to_value(&p).unwrap();
    for (path, n) in &numbers {
        assert!(root.pointer(path).is_some(), "{path} ({n}) is not in the proposal");
    }
    let rf = &p.results_framework;
    let outputs: usize = rf.outcomes.iter().map(|o| o.outputs.len()).sum();
    let activities = rf.activities().count();
    let indicators = rf.indicators().count();
    assert_eq!(numbers.len(), rf.outcomes.len() + outputs + activities + indicators);
    assert_eq!(numbers["/results_framework/outcomes/0/outputs/1"], "1.2");
    assert_eq!(numbers["/results_framework/outcomes/0/indicators/0"], "1 a");
    // The printed results framework names its outputs with the same numbers.
    let text = serde_json::to_string(&build(&p, t, &edition())).unwrap();
    for (path, n) in &numbers {
        if path.ends_with(|c: char| c.is_ascii_digit())
            && path.matches("/outputs/").count() == 1
            && !path.contains("/activities/")
            && !path.contains("/indicators/")
        {
            assert!(
                text.contains(&format!("Output {n}")),
                "Output {n} is not in the document"
            );
        }
    }
}
