//! Property tests of the budget arithmetic: every summary adds up to the same
//! grand total to the cent, and indirect costs follow the stated rule.

use proptest::prelude::*;
use studio_core::annexes::{Budget, BudgetLine, Outcome, Output, ResultsFramework};
use studio_core::budget::{indirect_basis_points, summarize};
use studio_core::money::{Money, Quantity};
use studio_core::Template;

fn results() -> ResultsFramework {
    let output = |id: &str| Output {
        id: id.into(),
        ..Default::default()
    };
    ResultsFramework {
        outcomes: vec![
            Outcome {
                id: "oc1".into(),
                outputs: vec![output("op11"), output("op12")],
                ..Default::default()
            },
            Outcome {
                id: "oc2".into(),
                outputs: vec![output("op21")],
                ..Default::default()
            },
        ],
    }
}

fn line() -> impl Strategy<Value = BudgetLine> {
    (
        prop::option::of(1u8..=7),
        prop::sample::select(vec!["IOM", "UNDP", "UN Women", ""]),
        prop::sample::select(vec!["op11", "op12", "op21", "gone", ""]),
        prop::option::of(1u8..=4),
        -1_000_000i64..=1_000_000_000_000,
        0i64..=100_000_000,
    )
        .prop_map(|(category, puno, output, year, qty, cents)| BudgetLine {
            id: "x".into(),
            category,
            puno: puno.into(),
            output_id: output.into(),
            year,
            quantity: Quantity(qty),
            unit_cost: Money(cents as i128),
            ..Default::default()
        })
}

proptest! {
    #[test]
    fn every_summary_adds_up_to_the_grand_total(lines in prop::collection::vec(line(), 0..200)) {
        let t = Template::builtin().unwrap();
        let budget = Budget { lines };
        let s = summarize(&budget, &results(), t);
        let direct: Money = budget.lines.iter().map(|l| l.total()).sum();
        prop_assert_eq!(s.direct, direct);
        prop_assert_eq!(s.total, s.direct + s.indirect);
        prop_assert_eq!(s.by_category.values().copied().sum::<Money>(), s.direct);
        prop_assert_eq!(s.by_outcome.values().copied().sum::<Money>(), s.direct);
        prop_assert_eq!(s.by_output.values().copied().sum::<Money>(), s.direct);
        prop_assert_eq!(s.by_year.values().copied().sum::<Money>(), s.direct);
        let cells: Money = s.by_category_puno.values().flat_map(|m| m.values().copied()).sum();
        prop_assert_eq!(cells, s.direct);
        prop_assert_eq!(s.by_puno.values().map(|p| p.total).sum::<Money>(), s.total);
        prop_assert_eq!(s.by_puno.values().map(|p| p.indirect).sum::<Money>(), s.indirect);
        let bp = indirect_basis_points(t) as i128;
        for p in s.by_puno.values() {
            // Indirect = direct × 7 %, rounded half away from zero to the cent.
            let exact_times_10000 = p.direct.0 * bp;
            prop_assert!((p.indirect.0 * 10_000 - exact_times_10000).abs() <= 5_000);
            prop_assert_eq!(p.total, p.direct + p.indirect);
        }
    }

    #[test]
    fn a_line_total_is_quantity_times_cost_to_the_cent(qty in 0i64..=10_000_000_000, cents in 0i64..=1_000_000_000_000) {
        let total = Money(cents as i128).times(Quantity(qty));
        let exact = cents as i128 * qty as i128; // in 1/10,000 of a cent
        prop_assert!((total.0 * 10_000 - exact).abs() <= 5_000);
    }
}

#[test]
fn the_funds_rule_on_a_known_budget() {
    let t = Template::builtin().unwrap();
    let l = |puno: &str, qty: &str, cost: &str| BudgetLine {
        id: "x".into(),
        category: Some(1),
        puno: puno.into(),
        output_id: "op11".into(),
        year: Some(1),
        quantity: Quantity::parse(qty).unwrap(),
        unit_cost: Money::parse(cost).unwrap(),
        ..Default::default()
    };
    let budget = Budget {
        lines: vec![
            l("IOM", "12", "4500"),
            l("IOM", "1", "0.50"),
            l("UNDP", "2.5", "1000.01"),
        ],
    };
    let s = summarize(&budget, &results(), t);
    assert_eq!(s.by_puno["IOM"].direct.to_decimal(), "54000.50");
    assert_eq!(s.by_puno["IOM"].indirect.to_decimal(), "3780.04"); // 3780.035 rounds up
    assert_eq!(s.by_puno["UNDP"].direct.to_decimal(), "2500.03"); // 2500.025 rounds up
    assert_eq!(s.by_puno["UNDP"].indirect.to_decimal(), "175.00");
    assert_eq!(s.total.to_decimal(), "60455.57");
    assert_eq!(s.by_output["1.1"], s.direct);
    assert_eq!(s.by_outcome["1"], s.direct);
}
