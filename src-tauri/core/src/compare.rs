//! Comparing two states of a proposal: narrative word by word, tables row
//! by row, budget totals side by side.

use serde::Serialize;
use serde_json::Value;
use ts_rs::TS;

use crate::budget::summarize;
use crate::diff::{diff, DiffKind, DiffOp};
use crate::review::readable;
use crate::{Proposal, Template};

/// A field that differs: its place, and both readings.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct FieldChange {
    /// Dotted name inside its part ("title", "contact.email").
    pub field: String,
    pub before: String,
    pub after: String,
}

/// A narrative field that differs, as a word-level diff.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct TextChange {
    /// The narrative key, `section.field`.
    pub key: String,
    pub section: String,
    pub ops: Vec<DiffOp>,
    pub inserted_words: u32,
    pub deleted_words: u32,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum RowStatus {
    Added,
    Removed,
    Changed,
}

/// A table row added, removed or changed (unchanged rows are counted only).
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct RowChange {
    pub id: String,
    /// The row's main text (description, title, statement).
    pub label: String,
    pub status: RowStatus,
    pub fields: Vec<FieldChange>,
}

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct TableChange {
    /// "outcomes", "outputs", "indicators", "activities", "risks", "budget_lines".
    pub table: String,
    pub rows: Vec<RowChange>,
    pub unchanged: u32,
}

/// One budget figure, before and after, in cents-exact decimal strings.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct BudgetFigure {
    /// "total", "direct", "indirect", "category:3", "puno:IOM".
    pub key: String,
    pub before: String,
    pub after: String,
    /// after − before, in cents (an integer in decimal digits, for the UI
    /// to write with its sign).
    pub difference: String,
}

impl BudgetFigure {
    fn new(key: String, before: crate::money::Money, after: crate::money::Money) -> BudgetFigure {
        BudgetFigure {
            key,
            before: before.to_string(),
            after: after.to_string(),
            difference: (after.0 - before.0).to_string(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct Comparison {
    pub cover: Vec<FieldChange>,
    pub narrative: Vec<TextChange>,
    pub tables: Vec<TableChange>,
    /// Every budget total of either side, side by side (equal ones too).
    pub budget: Vec<BudgetFigure>,
    pub markers: Vec<FieldChange>,
    /// True when nothing at all differs.
    pub identical: bool,
}

/// Flattens an object into dotted field names and readable values.
fn leaves(prefix: &str, v: &Value, out: &mut Vec<(String, String)>) {
    match v {
        Value::Object(map) => {
            for (k, x) in map {
                let name = if prefix.is_empty() {
                    k.clone()
                } else {
                    format!("{prefix}.{k}")
                };
                if matches!(x, Value::Object(_)) {
                    leaves(&name, x, out);
                } else {
                    out.push((name, readable(x)));
                }
            }
        }
        _ => out.push((prefix.to_string(), readable(v))),
    }
}

fn field_changes(before: &Value, after: &Value) -> Vec<FieldChange> {
    let (mut a, mut b) = (Vec::new(), Vec::new());
    leaves("", before, &mut a);
    leaves("", after, &mut b);
    let mut names: Vec<&String> = a.iter().chain(&b).map(|(k, _)| k).collect();
    names.sort();
    names.dedup();
    let get = |side: &[(String, String)], k: &str| {
        side.iter()
            .find(|(n, _)| n == k)
            .map(|(_, v)| v.clone())
            .unwrap_or_default()
    };
    names
        .into_iter()
        .filter_map(|k| {
            let (x, y) = (get(&a, k), get(&b, k));
            (x != y).then(|| FieldChange {
                field: k.clone(),
                before: x,
                after: y,
            })
        })
        .collect()
}

fn row_label(row: &Value) -> String {
    ["description", "title", "text"]
        .iter()
        .find_map(|k| row.get(*k).and_then(Value::as_str).filter(|s| !s.trim().is_empty()))
        .unwrap_or_default()
        .chars()
        .take(160)
        .collect()
}

/// Compares two lists of rows by id (by position for rows without one).
/// Nested lists (an outcome's outputs) are compared as their own tables.
fn compare_rows(table: &str, before: &[Value], after: &[Value]) -> TableChange {
    let key = |i: usize, r: &Value| match r.get("id").and_then(Value::as_str) {
        Some(id) if !id.is_empty() => id.to_string(),
        _ => format!("#{}", i + 1),
    };
    let strip = |r: &Value| match r {
        Value::Object(m) => Value::Object(
            m.iter()
                .filter(|(_, v)| !v.is_array() || v.as_array().is_some_and(|a| a.iter().all(|x| !x.is_object())))
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect(),
        ),
        v => v.clone(),
    };
    let a: Vec<(String, &Value)> = before.iter().enumerate().map(|(i, r)| (key(i, r), r)).collect();
    let b: Vec<(String, &Value)> = after.iter().enumerate().map(|(i, r)| (key(i, r), r)).collect();
    let mut rows = Vec::new();
    let mut unchanged = 0;
    for (id, old) in &a {
        match b.iter().find(|(k, _)| k == id) {
            None => rows.push(RowChange {
                id: id.clone(),
                label: row_label(old),
                status: RowStatus::Removed,
                fields: vec![],
            }),
            Some((_, new)) => {
                let fields = field_changes(&strip(old), &strip(new));
                if fields.is_empty() {
                    unchanged += 1;
                } else {
                    rows.push(RowChange {
                        id: id.clone(),
                        label: row_label(new),
                        status: RowStatus::Changed,
                        fields,
                    });
                }
            }
        }
    }
    for (id, new) in &b {
        if !a.iter().any(|(k, _)| k == id) {
            rows.push(RowChange {
                id: id.clone(),
                label: row_label(new),
                status: RowStatus::Added,
                fields: vec![],
            });
        }
    }
    TableChange {
        table: table.to_string(),
        rows,
        unchanged,
    }
}

fn words(ops: &[DiffOp], kind: DiffKind) -> u32 {
    ops.iter()
        .filter(|o| o.kind == kind)
        .map(|o| o.text.split_whitespace().count() as u32)
        .sum()
}

/// Every row found by walking `keys` (each naming a list) down from `v`.
fn nested(v: &Value, keys: &[&str]) -> Vec<Value> {
    let mut level: Vec<&Value> = vec![v];
    for k in keys {
        level = level
            .iter()
            .filter_map(|x| x.get(*k).and_then(Value::as_array))
            .flatten()
            .collect();
    }
    level.into_iter().cloned().collect()
}

/// What changed from `before` to `after`.
pub fn compare(before: &Proposal, after: &Proposal, template: &Template) -> Comparison {
    let va = serde_json::to_value(before).unwrap_or(Value::Null);
    let vb = serde_json::to_value(after).unwrap_or(Value::Null);
    let cover = field_changes(&va["cover"], &vb["cover"]);

    let mut keys: Vec<&String> = before.narrative.keys().chain(after.narrative.keys()).collect();
    keys.sort();
    keys.dedup();
    let narrative = keys
        .into_iter()
        .filter_map(|k| {
            let (x, y) = (
                before.narrative.get(k).map(String::as_str).unwrap_or(""),
                after.narrative.get(k).map(String::as_str).unwrap_or(""),
            );
            (x != y).then(|| {
                let ops = diff(x, y);
                TextChange {
                    key: k.clone(),
                    section: k.split('.').next().unwrap_or_default().to_string(),
                    inserted_words: words(&ops, DiffKind::Inserted),
                    deleted_words: words(&ops, DiffKind::Deleted),
                    ops,
                }
            })
        })
        .collect();

    let rf = |v: &Value, keys: &[&str]| nested(&v["results_framework"], keys);
    let tables = vec![
        compare_rows("outcomes", &rf(&va, &["outcomes"]), &rf(&vb, &["outcomes"])),
        compare_rows(
            "outputs",
            &rf(&va, &["outcomes", "outputs"]),
            &rf(&vb, &["outcomes", "outputs"]),
        ),
        compare_rows(
            "indicators",
            &[
                rf(&va, &["outcomes", "indicators"]),
                rf(&va, &["outcomes", "outputs", "indicators"]),
            ]
            .concat(),
            &[
                rf(&vb, &["outcomes", "indicators"]),
                rf(&vb, &["outcomes", "outputs", "indicators"]),
            ]
            .concat(),
        ),
        compare_rows(
            "activities",
            &rf(&va, &["outcomes", "outputs", "activities"]),
            &rf(&vb, &["outcomes", "outputs", "activities"]),
        ),
        compare_rows(
            "risks",
            &nested(&va["risk_matrix"], &["risks"]),
            &nested(&vb["risk_matrix"], &["risks"]),
        ),
        compare_rows(
            "budget_lines",
            &nested(&va["budget"], &["lines"]),
            &nested(&vb["budget"], &["lines"]),
        ),
    ];

    let sa = summarize(&before.budget, &before.results_framework, template);
    let sb = summarize(&after.budget, &after.results_framework, template);
    let mut budget = vec![
        BudgetFigure::new("direct".into(), sa.direct, sb.direct),
        BudgetFigure::new("indirect".into(), sa.indirect, sb.indirect),
        BudgetFigure::new("total".into(), sa.total, sb.total),
    ];
    let mut cats: Vec<&String> = sa.by_category.keys().chain(sb.by_category.keys()).collect();
    cats.sort();
    cats.dedup();
    for c in cats {
        let get = |s: &crate::budget::BudgetSummary| s.by_category.get(c).copied().unwrap_or_default();
        budget.push(BudgetFigure::new(format!("category:{c}"), get(&sa), get(&sb)));
    }
    let mut punos: Vec<&String> = sa.by_puno.keys().chain(sb.by_puno.keys()).collect();
    punos.sort();
    punos.dedup();
    for p in punos {
        let get = |s: &crate::budget::BudgetSummary| s.by_puno.get(p).map(|m| m.total).unwrap_or_default();
        budget.push(BudgetFigure::new(format!("puno:{p}"), get(&sa), get(&sb)));
    }

    let markers = field_changes(&va["markers"], &vb["markers"]);
    let identical = cover.is_empty()
        && markers.is_empty()
        && before.narrative == after.narrative
        && tables.iter().all(|t| t.rows.is_empty())
        && budget.iter().all(|b| b.before == b.after);
    Comparison {
        cover,
        narrative,
        tables,
        budget,
        markers,
        identical,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_proposal_is_identical_to_itself() {
        let p = crate::example_proposal().unwrap();
        let c = compare(&p, &p, Template::builtin().unwrap());
        assert!(c.identical);
        assert!(c.narrative.is_empty());
        assert_eq!(c.budget.iter().find(|b| b.key == "total").unwrap().after, "2396800.00");
    }

    #[test]
    fn changes_are_found_in_each_part() {
        let t = Template::builtin().unwrap();
        let a = crate::example_proposal().unwrap();
        let mut b = a.clone();
        b.cover.title = "A new title".into();
        b.narrative
            .insert("context.body".into(), "Entirely new context.".into());
        let key = a.narrative.keys().find(|k| k.starts_with("strategy.")).unwrap().clone();
        b.narrative.get_mut(&key).unwrap().push_str(" One more sentence.");
        b.budget.lines[0].description = "Changed line".into();
        let removed = b.budget.lines.remove(1);
        b.risk_matrix.risks[0].mitigation = "Other mitigation".into();
        let c = compare(&a, &b, t);
        assert!(!c.identical);
        assert_eq!(
            c.cover,
            vec![FieldChange {
                field: "title".into(),
                before: a.cover.title.clone(),
                after: "A new title".into()
            }]
        );
        let strategy = c.narrative.iter().find(|n| n.key == key).unwrap();
        assert_eq!(strategy.inserted_words, 3);
        assert_eq!(strategy.deleted_words, 0);
        let lines = c.tables.iter().find(|t| t.table == "budget_lines").unwrap();
        assert!(lines
            .rows
            .iter()
            .any(|r| r.id == removed.id && r.status == RowStatus::Removed));
        let changed = lines.rows.iter().find(|r| r.status == RowStatus::Changed).unwrap();
        assert_eq!(changed.fields[0].field, "description");
        assert_eq!(lines.unchanged as usize, a.budget.lines.len() - 2);
        let risks = c.tables.iter().find(|t| t.table == "risks").unwrap();
        assert_eq!(risks.rows.len(), 1);
        let total = c.budget.iter().find(|b| b.key == "total").unwrap();
        assert_ne!(total.before, total.after);
        // The difference is exact, in cents, for every figure.
        for f in &c.budget {
            let cents = |s: &str| crate::money::Money::parse(s).unwrap().0;
            assert_eq!(
                f.difference,
                (cents(&f.after) - cents(&f.before)).to_string(),
                "{}",
                f.key
            );
        }
        assert_ne!(total.difference, "0");
    }
}
