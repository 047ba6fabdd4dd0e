//! What the app writes, it reads back: a proposal at every limit at once
//! (every list at its longest, the rest of the size budget in narrative
//! text) is accepted, fits in a proposal file, imports through the real
//! `proposal` process, shows back unchanged, imports again, and exports.

use std::time::{Duration, Instant};

use studio_core::annexes::{Activity, BudgetLine, Indicator, Outcome, Output, Risk};
use studio_core::limits::*;
use studio_core::{Partner, Proposal, Puno, Template};

mod common;
use common::proposal;

fn at_every_limit(t: &Template) -> Proposal {
    let mut p = studio_core::example_proposal().unwrap();
    let c = &mut p.cover;
    c.countries = (0..MAX_COUNTRIES).map(|i| format!("Country {i}")).collect();
    c.punos = (0..MAX_PUNOS)
        .map(|i| Puno {
            entity: format!("Participating organization {i}"),
            convening: i == 0,
        })
        .collect();
    let kind = p.cover.partners[0].kind.clone();
    p.cover.partners = (0..MAX_PARTNERS)
        .map(|i| Partner {
            name: format!("Partner organisation n° {i}"),
            kind: kind.clone(),
            level: "local".into(),
            role: "Co-implements the workplan in its province".into(),
        })
        .collect();
    let indicator = p.results_framework.outcomes[0].indicators[0].clone();
    let ind = |id: String| Indicator {
        id,
        ..indicator.clone()
    };
    let mut activities = 0;
    let mut outcomes = Vec::new();
    let outputs_each = MAX_OUTPUTS / MAX_OUTCOMES;
    for i in 0..MAX_OUTCOMES {
        let left = MAX_INDICATORS - MAX_OUTPUTS * 3;
        let outcome_indicators = left / MAX_OUTCOMES + usize::from(i < left % MAX_OUTCOMES);
        let mut outputs = Vec::new();
        for j in 0..outputs_each {
            let n = i * outputs_each + j;
            let count = MAX_ACTIVITIES / MAX_OUTPUTS + usize::from(n < MAX_ACTIVITIES % MAX_OUTPUTS);
            activities += count;
            outputs.push(Output {
                id: format!("op{n}"),
                title: format!("Output {n}: services for migrants strengthened"),
                indicators: (0..3).map(|k| ind(format!("op{n}-i{k}"))).collect(),
                activities: (0..count)
                    .map(|k| Activity {
                        id: format!("op{n}-a{k}"),
                        title: "Train front-line staff on referral of migrants in vulnerable situations".into(),
                        puno: "IOM".into(),
                        implementing_partner: "Ministry of Labour".into(),
                        quarters: vec![1, 2, 3, MAX_QUARTER],
                    })
                    .collect(),
            });
        }
        outcomes.push(Outcome {
            id: format!("oc{i}"),
            title: format!("Outcome {i}"),
            assumptions: "Local authorities keep their commitment".into(),
            gcm_objectives: vec![7],
            indicators: (0..outcome_indicators).map(|k| ind(format!("oc{i}-i{k}"))).collect(),
            outputs,
        });
    }
    assert_eq!(activities, MAX_ACTIVITIES);
    p.results_framework.outcomes = outcomes;
    assert_eq!(p.results_framework.indicators().count(), MAX_INDICATORS);
    let risk = p.risk_matrix.risks[0].clone();
    p.risk_matrix.risks = (0..MAX_RISKS)
        .map(|i| Risk {
            id: format!("r{i}"),
            ..risk.clone()
        })
        .collect();
    let line = p.budget.lines[0].clone();
    p.budget.lines = (0..MAX_BUDGET_LINES)
        .map(|i| BudgetLine {
            id: format!("b{i}"),
            output_id: format!("op{}", i % MAX_OUTPUTS),
            year: Some(1 + (i % usize::from(MAX_YEAR)) as u8),
            ..line.clone()
        })
        .collect();
    // The rest of the size budget, in narrative text with accents and
    // Cyrillic (two bytes each), spread over every narrative field.
    let keys: Vec<String> = t.narrative_keys().into_iter().map(|(k, _)| k).collect();
    let paragraph = "Les migrants et leurs familles — мигранты и их семьи — need protection, data and services. ";
    let room = MAX_PROPOSAL_BYTES - p.written_size() - 16 * 1024;
    let per_field = (room as usize / keys.len()).min(MAX_NARRATIVE_CHARS);
    for k in &keys {
        let mut text = String::new();
        while text.len() + paragraph.len() < per_field {
            text.push_str(paragraph);
            if text.len() % 1500 < paragraph.len() {
                text.push_str("\n\n");
            }
        }
        p.narrative.insert(k.clone(), text);
    }
    p
}

#[test]
fn a_proposal_at_every_limit_imports_shows_imports_again_and_exports() {
    let t = Template::builtin().unwrap();
    let p = at_every_limit(t);
    p.check(t).unwrap();
    let size = p.written_size();
    assert!(
        size <= MAX_PROPOSAL_BYTES && size > MAX_PROPOSAL_BYTES * 9 / 10,
        "{size}"
    );
    let text = p.to_json_pretty();
    assert_eq!(text.len() as u64, size);
    assert!(text.len() as u64 <= MAX_FILE_BYTES);

    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let file = dir.path().join("limits.json");
    std::fs::write(&file, &text).unwrap();
    let out = proposal(&data, &["import", file.to_str().unwrap()]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let id = String::from_utf8(out.stdout).unwrap().trim().to_string();
    let shown = proposal(&data, &["show", &id]);
    assert!(shown.status.success(), "{}", String::from_utf8_lossy(&shown.stderr));
    assert_eq!(Proposal::from_json_bytes(&shown.stdout, t).unwrap(), p);
    let again = dir.path().join("shown.json");
    std::fs::write(&again, &shown.stdout).unwrap();
    let out = proposal(&data, &["import", again.to_str().unwrap()]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let listed = proposal(&data, &["list", "--json"]);
    assert_eq!(
        serde_json::from_slice::<serde_json::Value>(&listed.stdout)
            .unwrap()
            .as_array()
            .unwrap()
            .len(),
        2
    );

    let started = Instant::now();
    let out_dir = dir.path().join("out");
    let out = proposal(
        &data,
        &[
            "export",
            file.to_str().unwrap(),
            "--out",
            out_dir.to_str().unwrap(),
            "--review-copy",
            "--date",
            "2026-01-01",
        ],
    );
    let took = started.elapsed();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    // A guard against a hang, not a speed test: this is a debug build on a
    // machine that may be busy (about 30 s here on 2 idle cores). How fast
    // the worst inputs export is measured in release builds by
    // `./studio bench` (`proposal-bench --worst-export`).
    assert!(took < Duration::from_secs(180), "the export took {took:?}");
    // The package imports back too.
    let zip = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .next()
        .unwrap()
        .to_string();
    let out = proposal(&data, &["import", &zip]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
}

#[test]
fn one_past_any_limit_is_refused_in_words() {
    let t = Template::builtin().unwrap();
    let base = at_every_limit(t);
    let mut more_lines = base.clone();
    more_lines.budget.lines.push(BudgetLine {
        id: "b-extra".into(),
        ..more_lines.budget.lines[0].clone()
    });
    let mut more_activities = base.clone();
    more_activities.results_framework.outcomes[0].outputs[0]
        .activities
        .push(Activity {
            id: "a-extra".into(),
            ..Default::default()
        });
    let mut longer = base.clone();
    let key = longer.narrative.keys().next().unwrap().clone();
    longer.narrative.get_mut(&key).unwrap().push_str(&"x".repeat(64 * 1024));
    for (p, words) in [
        (more_lines, "more than 3000 entries"),
        (more_activities, "more than 5000 activities"),
        (longer, "at most 4 MB"),
    ] {
        let e = Proposal::from_json_bytes(p.to_json_pretty().as_bytes(), t)
            .unwrap_err()
            .to_string();
        assert!(e.contains(words), "{e}");
    }
}
