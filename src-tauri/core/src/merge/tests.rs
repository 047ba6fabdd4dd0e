use std::collections::BTreeMap;

use proptest::prelude::*;
use serde_json::{json, Value};

use super::*;
use crate::money::Money;
use crate::{Proposal, Template};

fn template() -> &'static Template {
    Template::builtin().unwrap()
}

fn example() -> Proposal {
    Proposal::from_json_bytes(crate::EXAMPLE_PROPOSAL_JSON.as_bytes(), template()).unwrap()
}

fn v(p: &Proposal) -> Value {
    serde_json::to_value(p).unwrap()
}

fn none() -> BTreeMap<Path, Take> {
    BTreeMap::new()
}

#[test]
fn delta_then_apply_gives_the_edited_proposal_back() {
    let base = example();
    let mut edited = base.clone();
    edited.budget.lines[0].description = "Changed".into();
    edited.budget.lines.remove(1);
    let mut added = edited.budget.lines[0].clone();
    added.id = "new-line".into();
    edited.budget.lines.insert(2, added);
    edited
        .narrative
        .insert("context.situation".into(), "A new text.".into());
    let edits = delta(&v(&base), &v(&edited));
    assert!(edits.iter().any(|e| matches!(e, Edit::Insert { .. })));
    assert!(edits.iter().any(|e| matches!(e, Edit::Remove { .. })));
    let mut root = v(&base);
    for e in &edits {
        apply(&mut root, e).unwrap();
    }
    assert_eq!(root, v(&edited));
    let mut all = v(&base);
    apply_all(&mut all, &edits).unwrap();
    assert_eq!(all, v(&edited));
}

#[test]
fn a_change_to_a_place_the_snapshot_lacks_is_refused() {
    let mut root = v(&example());
    let e = Edit::Set {
        path: vec![
            Step::Key("budget".into()),
            Step::Key("lines".into()),
            Step::Row { id: "nope".into() },
        ],
        value: json!({}),
    };
    assert!(apply(&mut root, &e).is_err());
    let line = root["budget"]["lines"][0].clone();
    let again = Edit::Insert {
        path: vec![Step::Key("budget".into()), Step::Key("lines".into())],
        after: None,
        value: line,
    };
    assert!(
        apply(&mut root, &again).is_err(),
        "a row the proposal has already is not added twice"
    );
}

#[test]
fn budget_lines_merge_field_by_field_and_rows_added_on_both_sides_are_kept() {
    let base = example();
    let mut ours = base.clone();
    let mut theirs = base.clone();
    ours.budget.lines[0].description = "Ours".into();
    theirs.budget.lines[0].unit_cost = Money::from_dollars(99);
    let mut a = base.budget.lines[0].clone();
    a.id = "ours-new".into();
    ours.budget.lines.push(a);
    let mut b = base.budget.lines[0].clone();
    b.id = "theirs-new".into();
    theirs.budget.lines.push(b);
    let (m, collisions) = merge_values(&v(&base), &v(&ours), &v(&theirs), &none());
    assert!(collisions.is_empty(), "{collisions:?}");
    let m = Proposal::from_value(m, template()).unwrap();
    assert_eq!(m.budget.lines[0].description, "Ours");
    assert_eq!(m.budget.lines[0].unit_cost, Money::from_dollars(99));
    let ids: Vec<&str> = m.budget.lines.iter().map(|l| l.id.as_str()).collect();
    assert!(ids.contains(&"ours-new") && ids.contains(&"theirs-new"));
    assert_eq!(m.budget.lines.len(), base.budget.lines.len() + 2);
}

#[test]
fn a_deletion_is_honoured_unless_the_other_side_edited_the_row() {
    let base = example();
    let (id0, id1) = (base.budget.lines[0].id.clone(), base.budget.lines[1].id.clone());
    let mut ours = base.clone();
    let mut theirs = base.clone();
    ours.budget.lines[1].description = "Still needed".into();
    theirs.budget.lines.retain(|l| l.id != id0 && l.id != id1);
    let (m, collisions) = merge_values(&v(&base), &v(&ours), &v(&theirs), &none());
    assert!(collisions.is_empty());
    let m = Proposal::from_value(m, template()).unwrap();
    assert!(
        m.budget.lines.iter().all(|l| l.id != id0),
        "the untouched row is deleted"
    );
    assert!(m
        .budget
        .lines
        .iter()
        .any(|l| l.id == id1 && l.description == "Still needed"));
}

#[test]
fn a_collision_keeps_ours_until_resolved_and_then_takes_the_choice() {
    let base = example();
    let mut ours = base.clone();
    let mut theirs = base.clone();
    ours.cover.title = "Our title".into();
    theirs.cover.title = "Their title".into();
    let (m, collisions) = merge_values(&v(&base), &v(&ours), &v(&theirs), &none());
    assert_eq!(collisions.len(), 1);
    assert_eq!(m["cover"]["title"], "Our title");
    let path = collisions[0].path.clone();
    assert_eq!(path, vec![Step::Key("cover".into()), Step::Key("title".into())]);
    for (take, want) in [
        (Take::Theirs, "Their title"),
        (Take::Ours, "Our title"),
        (Take::Edited(json!("Both titles")), "Both titles"),
    ] {
        let resolved = BTreeMap::from([(path.clone(), take)]);
        let (m, left) = merge_values(&v(&base), &v(&ours), &v(&theirs), &resolved);
        assert!(left.is_empty());
        assert_eq!(m["cover"]["title"], want);
    }
}

#[test]
fn narrative_merges_by_paragraph_and_word() {
    let base = example();
    let key = base.narrative.keys().next().unwrap().clone();
    let text = base.narrative[&key].clone();
    let mut ours = base.clone();
    let mut theirs = base.clone();
    ours.narrative.insert(key.clone(), format!("Ours first.\n\n{text}"));
    theirs.narrative.insert(key.clone(), format!("{text}\n\nTheirs last."));
    let (m, collisions) = merge_values(&v(&base), &v(&ours), &v(&theirs), &none());
    assert!(collisions.is_empty());
    assert_eq!(m["narrative"][&key], format!("Ours first.\n\n{text}\n\nTheirs last."));
}

#[test]
fn changes_outside_the_assignment_are_held_back_as_suggestions() {
    let base = example();
    let puno = base.budget.lines[0].puno.clone();
    let mut theirs = base.clone();
    theirs.budget.lines[0].description = "Mine to change".into();
    let other = theirs.budget.lines.iter_mut().find(|l| l.puno != puno).unwrap();
    other.description = "Not mine".into();
    theirs.cover.title = "A title I prefer".into();
    let edits = changes(&base, &theirs).unwrap();
    let m = merge_contribution(&base, &base, &Assignment::new(&puno), &edits, &none(), template()).unwrap();
    assert_eq!(m.proposal.budget.lines[0].description, "Mine to change");
    assert_eq!(m.proposal.cover.title, base.cover.title);
    assert!(m.proposal.budget.lines.iter().all(|l| l.description != "Not mine"));
    assert_eq!(m.outside.len(), 2, "{:?}", m.outside);
    let s = summarize(&m.applied);
    assert_eq!(s.tables["lines"].changed, 1);
}

#[test]
fn a_paragraph_given_takes_its_changes_and_the_rest_of_the_field_arrives_as_a_suggestion() {
    let base = example();
    let key = "context.body";
    let old = base.narrative[key].clone();
    let paras: Vec<&str> = old.split("\n\n").collect();
    assert!(paras.len() > 3);
    let mut new_paras: Vec<String> = paras.iter().map(|p| p.to_string()).collect();
    new_paras[2].push_str(" Given to UNDP.");
    new_paras[0].push_str(" Not given.");
    let mut theirs = base.clone();
    theirs.narrative.insert(key.into(), new_paras.join("\n\n"));
    let mut assignment = Assignment::new("UNDP");
    assignment.paragraphs.insert(key.into(), vec![2]);
    let edits = changes(&base, &theirs).unwrap();
    let m = merge_contribution(&base, &base, &assignment, &edits, &none(), template()).unwrap();
    let merged = &m.proposal.narrative[key];
    assert!(merged.contains("Given to UNDP."), "{merged}");
    assert!(!merged.contains("Not given."), "{merged}");
    // The whole text it wrote comes as a suggestion for the author to take or not.
    assert_eq!(m.outside.len(), 1);
    // Given the whole field instead, all of it lands.
    let mut whole = Assignment::new("UNDP");
    whole.narrative.push(key.into());
    let m = merge_contribution(&base, &base, &whole, &edits, &none(), template()).unwrap();
    assert!(m.proposal.narrative[key].contains("Not given.") && m.outside.is_empty());
    // An assignment without paragraphs reads and writes as before.
    assert!(!serde_json::to_string(&whole).unwrap().contains("paragraphs"));
}

#[test]
fn a_new_line_for_the_puno_is_its_own_to_add_and_one_for_another_is_not() {
    let base = example();
    let puno = base.budget.lines[0].puno.clone();
    let other = base.budget.lines.iter().find(|l| l.puno != puno).unwrap().puno.clone();
    let mut theirs = base.clone();
    let mut mine = base.budget.lines[0].clone();
    mine.id = "mine".into();
    let mut foreign = mine.clone();
    foreign.id = "foreign".into();
    foreign.puno = other;
    theirs.budget.lines.push(mine);
    theirs.budget.lines.push(foreign);
    let edits = changes(&base, &theirs).unwrap();
    let m = merge_contribution(&base, &base, &Assignment::new(&puno), &edits, &none(), template()).unwrap();
    assert!(m.proposal.budget.lines.iter().any(|l| l.id == "mine"));
    assert!(m.proposal.budget.lines.iter().all(|l| l.id != "foreign"));
    assert_eq!(summarize(&m.applied).tables["lines"].added, 1);
}

#[test]
fn the_summary_counts_rows_once_however_many_fields_changed() {
    let base = example();
    let mut theirs = base.clone();
    theirs.budget.lines[0].description = "a".into();
    theirs.budget.lines[0].unit = "b".into();
    theirs.budget.lines[1].unit = "c".into();
    theirs.budget.lines.pop();
    let s = summarize(&changes(&base, &theirs).unwrap());
    assert_eq!(
        s.tables["lines"],
        Tally {
            changed: 2,
            added: 0,
            removed: 1
        }
    );
}

// Random edits on the example, for the properties the merge must keep.

#[derive(Debug, Clone)]
enum Change {
    LineText(usize, String),
    LineCost(usize, i64),
    LineGone(usize),
    LineNew(usize, String),
    Paragraph(usize, String),
}

fn change() -> impl Strategy<Value = Change> {
    prop_oneof![
        (0..40usize, "[a-z]{1,8}").prop_map(|(i, s)| Change::LineText(i, s)),
        (0..40usize, 1..100_000i64).prop_map(|(i, c)| Change::LineCost(i, c)),
        (0..40usize).prop_map(Change::LineGone),
        (0..40usize, "[a-z]{4}").prop_map(|(i, s)| Change::LineNew(i, s)),
        (0..40usize, "[a-z ]{1,20}").prop_map(|(i, s)| Change::Paragraph(i, s)),
    ]
}

/// Applies changes as the PUNO `only` would (its own lines), or as anyone.
fn edit(base: &Proposal, changes: &[Change], side: &str, only: Option<&str>) -> Proposal {
    let mut p = base.clone();
    let ids: Vec<String> = base
        .budget
        .lines
        .iter()
        .filter(|l| only.is_none_or(|o| l.puno == o))
        .map(|l| l.id.clone())
        .collect();
    let keys: Vec<String> = base.narrative.keys().cloned().collect();
    for c in changes {
        let line = |i: &usize| ids.get(i % ids.len().max(1)).cloned();
        match c {
            Change::LineText(i, s) => {
                if let Some(l) = line(i).and_then(|id| p.budget.lines.iter_mut().find(|l| l.id == id)) {
                    l.description = format!("{side} {s}");
                }
            }
            Change::LineCost(i, c) => {
                if let Some(l) = line(i).and_then(|id| p.budget.lines.iter_mut().find(|l| l.id == id)) {
                    l.unit_cost = Money::from_dollars(*c);
                }
            }
            Change::LineGone(i) => {
                if let Some(id) = line(i) {
                    p.budget.lines.retain(|l| l.id != id);
                }
            }
            Change::LineNew(i, s) => {
                let mut l = base.budget.lines[i % base.budget.lines.len()].clone();
                if let Some(o) = only {
                    l.puno = o.to_string();
                }
                l.id = format!("{side}-{s}");
                if !p.budget.lines.iter().any(|x| x.id == l.id) {
                    p.budget.lines.push(l);
                }
            }
            Change::Paragraph(i, s) => {
                if only.is_none() {
                    let k = &keys[i % keys.len()];
                    let text = p.narrative.get_mut(k).unwrap();
                    text.push_str(&format!("\n\n{side}: {s}"));
                }
            }
        }
    }
    p
}

fn exact(p: &Proposal) -> bool {
    let s = crate::budget::summarize(&p.budget, &p.results_framework, template());
    let sum = p
        .budget
        .lines
        .iter()
        .fold(Money::default(), |acc, l| acc + l.unit_cost.times(l.quantity));
    s.direct == sum && s.total == s.direct + s.indirect
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    #[test]
    fn merging_with_an_unchanged_side_gives_the_other(cs in proptest::collection::vec(change(), 1..8)) {
        let base = example();
        let other = edit(&base, &cs, "x", None);
        let mut all = v(&base);
        apply_all(&mut all, &delta(&v(&base), &v(&other))).unwrap();
        prop_assert_eq!(&all, &v(&other));
        let (m, c) = merge_values(&v(&base), &v(&other), &v(&base), &none());
        prop_assert!(c.is_empty());
        prop_assert_eq!(&m, &v(&other));
        let (m, c) = merge_values(&v(&base), &v(&base), &v(&other), &none());
        prop_assert!(c.is_empty());
        prop_assert_eq!(&m, &v(&other));
    }

    #[test]
    fn a_change_only_one_side_made_is_never_lost(
        ours_cs in proptest::collection::vec(change(), 0..8),
        theirs_cs in proptest::collection::vec(change(), 0..8),
    ) {
        let base = example();
        let ours = edit(&base, &ours_cs, "ours", None);
        let theirs = edit(&base, &theirs_cs, "theirs", None);
        let (bv, ov, tv) = (v(&base), v(&ours), v(&theirs));
        let (m, collisions) = merge_values(&bv, &ov, &tv, &none());
        let merged = Proposal::from_value(m.clone(), template());
        prop_assert!(merged.is_ok(), "{:?}", merged.err());
        prop_assert!(exact(&merged.unwrap()));
        let in_collision = |p: &[Step]| collisions.iter().any(|c| p.starts_with(&c.path) || c.path.starts_with(p));
        for (side, other) in [(&ov, &tv), (&tv, &ov)] {
            for e in delta(&bv, side) {
                if in_collision(e.path()) { continue; }
                // Untouched by the other side: it must read as this side has it.
                let touched = delta(&bv, other).iter().any(|o| o.path().starts_with(e.path()) || e.path().starts_with(o.path()));
                if touched { continue; }
                match &e {
                    Edit::Set { path, value } => {
                        let at = pointer(&m, path).and_then(|p| m.pointer(&p).cloned());
                        prop_assert_eq!(at.as_ref(), Some(value), "lost {:?}", path);
                    }
                    Edit::Insert { value, .. } => {
                        let id = row_key(value).unwrap();
                        prop_assert!(m["budget"]["lines"].as_array().unwrap().iter().any(|r| row_key(r) == Some(id)), "lost new row {}", id);
                    }
                    Edit::Remove { path } => prop_assert!(pointer(&m, path).is_none(), "kept removed {:?}", path),
                }
            }
        }
    }

    #[test]
    fn two_contributions_on_disjoint_parts_merge_in_either_order(
        a_cs in proptest::collection::vec(change(), 1..6),
        b_cs in proptest::collection::vec(change(), 1..6),
    ) {
        let base = example();
        let punos: Vec<String> = base.cover.punos.iter().map(|p| p.entity.clone()).collect();
        let (pa, pb) = (&punos[0], &punos[1]);
        let a = edit(&base, &a_cs, "a", Some(pa));
        let b = edit(&base, &b_cs, "b", Some(pb));
        let (ea, eb) = (changes(&base, &a).unwrap(), changes(&base, &b).unwrap());
        let (sa, sb) = (Assignment::new(pa), Assignment::new(pb));
        let t = template();
        let ab = merge_contribution(&base, &base, &sa, &ea, &none(), t).unwrap();
        let ab = merge_contribution(&base, &ab.proposal, &sb, &eb, &none(), t).unwrap();
        let ba = merge_contribution(&base, &base, &sb, &eb, &none(), t).unwrap();
        let ba = merge_contribution(&base, &ba.proposal, &sa, &ea, &none(), t).unwrap();
        prop_assert!(ab.collisions.is_empty() && ba.collisions.is_empty());
        prop_assert!(ab.outside.is_empty(), "{:?}", ab.outside);
        // The same rows with the same content; only the order of the rows
        // each side added may differ.
        let rows = |p: &Proposal| { let mut l: Vec<String> = p.budget.lines.iter().map(|l| serde_json::to_string(l).unwrap()).collect(); l.sort(); l };
        prop_assert_eq!(rows(&ab.proposal), rows(&ba.proposal));
        let mut x = ab.proposal.clone(); let mut y = ba.proposal.clone();
        x.budget.lines.clear(); y.budget.lines.clear();
        prop_assert_eq!(x, y);
        prop_assert!(exact(&ab.proposal));
    }
}

#[test]
fn suggestions_carry_a_rewritten_text_and_describe_other_changes() {
    let base = example();
    let puno = base.budget.lines[0].puno.clone();
    let mut theirs = base.clone();
    theirs.cover.title = "A title I prefer".into();
    theirs.cover.duration_months = Some(48);
    let edits = changes(&base, &theirs).unwrap();
    let m = merge_contribution(&base, &base, &Assignment::new(&puno), &edits, &none(), template()).unwrap();
    let comments = suggestions(&m.outside, &base, &puno, "seal", "en", 1);
    assert_eq!(comments.len(), 2);
    for c in &comments {
        c.check().unwrap();
    }
    let title = comments.iter().find(|c| c.anchor.path == "/cover/title").unwrap();
    assert_eq!(title.suggestion.as_deref(), Some("A title I prefer"));
    assert_eq!(title.quoted, base.cover.title);
    let months = comments
        .iter()
        .find(|c| c.anchor.path == "/cover/duration_months")
        .unwrap();
    assert!(
        months.body.contains("48") && months.body.contains(&puno),
        "{}",
        months.body
    );
    assert_ne!(title.id, months.id);
}

#[test]
fn a_summary_reads_in_words_with_the_templates_names() {
    let base = example();
    let mut theirs = base.clone();
    theirs.budget.lines[0].description = "a".into();
    theirs.cover.title = "T".into();
    let key = base.narrative.keys().next().unwrap().clone();
    theirs.narrative.insert(key, "New".into());
    let lines = describe(&summarize(&changes(&base, &theirs).unwrap()), template(), "en");
    assert!(
        lines.iter().any(|l| l == "Budget lines: 1 changed, 0 added, 0 removed"),
        "{lines:?}"
    );
    assert!(
        lines.iter().any(|l| l == "Cover page: Joint Programme title"),
        "{lines:?}"
    );
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with("Narrative written: ") && !l.contains('.')),
        "{lines:?}"
    );
    let fr = describe(&summarize(&changes(&base, &theirs).unwrap()), template(), "fr");
    assert!(fr.iter().any(|l| l.starts_with("Lignes budgétaires\u{a0}:")), "{fr:?}");
}
