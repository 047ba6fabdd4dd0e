//! Word-level differences between two texts, for comparing versions.
//!
//! Paragraphs are matched first (a longest common subsequence over whole
//! paragraphs, which is cheap because proposals have tens of them), then the
//! paragraphs that changed are compared word by word. Work is bounded: a pair
//! of paragraphs too large to compare word by word is shown as replaced.

use serde::Serialize;
use ts_rs::TS;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum DiffKind {
    Same,
    Inserted,
    Deleted,
}

/// A run of text that is the same in both, or only in the newer (inserted)
/// or only in the older (deleted).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct DiffOp {
    pub kind: DiffKind,
    pub text: String,
}

/// Above this many cells a word-by-word table is not built.
const MAX_CELLS: usize = 4_000_000;

/// Splits into words, runs of white space, and single other characters, so
/// that joining the tokens gives the text back.
pub(crate) fn tokens(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut class = 0u8;
    for (i, c) in text.char_indices() {
        let k = if c.is_alphanumeric() || c == '\'' || c == '’' {
            1
        } else if c.is_whitespace() {
            2
        } else {
            3
        };
        if i > start && (k != class || k == 3) {
            out.push(&text[start..i]);
            start = i;
        }
        class = k;
    }
    if start < text.len() {
        out.push(&text[start..]);
    }
    out
}

fn push(ops: &mut Vec<DiffOp>, kind: DiffKind, text: &str) {
    if text.is_empty() {
        return;
    }
    match ops.last_mut() {
        Some(last) if last.kind == kind => last.text.push_str(text),
        _ => ops.push(DiffOp {
            kind,
            text: text.to_string(),
        }),
    }
}

/// Longest-common-subsequence alignment of `a` and `b`, as pairs of
/// (index in a, index in b) for each element both keep, in order.
fn lcs<T: PartialEq>(a: &[T], b: &[T]) -> Option<Vec<(usize, usize)>> {
    let (n, m) = (a.len(), b.len());
    if n.saturating_mul(m) > MAX_CELLS {
        return None;
    }
    // table[i][j]: LCS length of a[i..] and b[j..].
    let w = m + 1;
    let mut table = vec![0u32; (n + 1) * w];
    for i in (0..n).rev() {
        for j in (0..m).rev() {
            table[i * w + j] = if a[i] == b[j] {
                table[(i + 1) * w + j + 1] + 1
            } else {
                table[(i + 1) * w + j].max(table[i * w + j + 1])
            };
        }
    }
    let (mut i, mut j) = (0, 0);
    let mut pairs = Vec::new();
    while i < n && j < m {
        if a[i] == b[j] {
            pairs.push((i, j));
            i += 1;
            j += 1;
        } else if table[(i + 1) * w + j] >= table[i * w + j + 1] {
            i += 1;
        } else {
            j += 1;
        }
    }
    Some(pairs)
}

fn diff_words(before: &str, after: &str, ops: &mut Vec<DiffOp>) {
    let a = tokens(before);
    let b = tokens(after);
    // Trim the common start and end first: most edits are local.
    let prefix = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
    let suffix = a[prefix..]
        .iter()
        .rev()
        .zip(b[prefix..].iter().rev())
        .take_while(|(x, y)| x == y)
        .count();
    let (mid_a, mid_b) = (&a[prefix..a.len() - suffix], &b[prefix..b.len() - suffix]);
    push(ops, DiffKind::Same, &a[..prefix].concat());
    match lcs(mid_a, mid_b) {
        Some(pairs) => {
            let (mut i, mut j) = (0, 0);
            for (pi, pj) in pairs.into_iter().chain(std::iter::once((mid_a.len(), mid_b.len()))) {
                push(ops, DiffKind::Deleted, &mid_a[i..pi].concat());
                push(ops, DiffKind::Inserted, &mid_b[j..pj].concat());
                if pi < mid_a.len() {
                    push(ops, DiffKind::Same, mid_a[pi]);
                }
                i = pi + 1;
                j = pj + 1;
            }
        }
        None => {
            push(ops, DiffKind::Deleted, &mid_a.concat());
            push(ops, DiffKind::Inserted, &mid_b.concat());
        }
    }
    push(ops, DiffKind::Same, &a[a.len() - suffix..].concat());
}

/// The difference from `before` to `after`, word by word within paragraphs.
pub fn diff(before: &str, after: &str) -> Vec<DiffOp> {
    let mut ops = Vec::new();
    if before == after {
        push(&mut ops, DiffKind::Same, before);
        return ops;
    }
    let pa: Vec<&str> = before.split("\n\n").collect();
    let pb: Vec<&str> = after.split("\n\n").collect();
    let pairs = lcs(&pa, &pb).unwrap_or_default();
    let (mut i, mut j) = (0, 0);
    // A paragraph break precedes every paragraph but the first, on each side
    // separately: it is the same, deleted or inserted accordingly.
    let (mut first_a, mut first_b) = (true, true);
    let mut sep = |ops: &mut Vec<DiffOp>, in_a: bool, in_b: bool| {
        let (a, b) = (in_a && !first_a, in_b && !first_b);
        match (a, b) {
            (true, true) => push(ops, DiffKind::Same, "\n\n"),
            (true, false) => push(ops, DiffKind::Deleted, "\n\n"),
            (false, true) => push(ops, DiffKind::Inserted, "\n\n"),
            (false, false) => {}
        }
        first_a &= !in_a;
        first_b &= !in_b;
    };
    for (pi, pj) in pairs.into_iter().chain(std::iter::once((pa.len(), pb.len()))) {
        // Changed paragraphs between two kept ones: pair them up in order and
        // compare each pair word by word; the rest are wholly deleted or added.
        let (dels, inss) = (&pa[i..pi], &pb[j..pj]);
        for k in 0..dels.len().max(inss.len()) {
            match (dels.get(k), inss.get(k)) {
                (Some(d), Some(n)) => {
                    sep(&mut ops, true, true);
                    diff_words(d, n, &mut ops);
                }
                (Some(d), None) => {
                    sep(&mut ops, true, false);
                    push(&mut ops, DiffKind::Deleted, d);
                }
                (None, Some(n)) => {
                    sep(&mut ops, false, true);
                    push(&mut ops, DiffKind::Inserted, n);
                }
                (None, None) => {}
            }
        }
        if pi < pa.len() {
            sep(&mut ops, true, true);
            push(&mut ops, DiffKind::Same, pa[pi]);
        }
        i = pi + 1;
        j = pj + 1;
    }
    ops
}

/// The text as it was (`before`) or is (`after`), rebuilt from the ops.
pub fn side(ops: &[DiffOp], after: bool) -> String {
    let skip = if after { DiffKind::Deleted } else { DiffKind::Inserted };
    ops.iter().filter(|o| o.kind != skip).map(|o| o.text.as_str()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn show(ops: &[DiffOp]) -> String {
        ops.iter()
            .map(|o| match o.kind {
                DiffKind::Same => o.text.clone(),
                DiffKind::Inserted => format!("[+{}]", o.text),
                DiffKind::Deleted => format!("[-{}]", o.text),
            })
            .collect()
    }

    #[test]
    fn marks_words_inserted_and_deleted() {
        let ops = diff(
            "The programme supports 1,200 women.",
            "The programme supports 1,600 migrant women.",
        );
        assert_eq!(show(&ops), "The programme supports 1,[-200][+600 migrant] women.");
    }

    #[test]
    fn paragraphs_added_and_removed() {
        let before = "One.\n\nTwo.\n\nThree.";
        let after = "One.\n\nThree.\n\nFour.";
        let ops = diff(before, after);
        assert_eq!(side(&ops, false), before);
        assert_eq!(side(&ops, true), after);
        assert!(ops
            .iter()
            .any(|o| o.kind == DiffKind::Deleted && o.text.contains("Two.")));
        assert!(ops
            .iter()
            .any(|o| o.kind == DiffKind::Inserted && o.text.contains("Four.")));
        // Only what changed is marked: the kept paragraphs are unchanged runs,
        // not deleted and inserted again.
        let text_of = |kind: DiffKind| {
            ops.iter()
                .filter(|o| o.kind == kind)
                .map(|o| o.text.as_str())
                .collect::<String>()
        };
        let same = text_of(DiffKind::Same);
        assert!(same.contains("One.") && same.contains("Three."), "{ops:?}");
        assert!(!text_of(DiffKind::Deleted).contains("One.") && !text_of(DiffKind::Deleted).contains("Three."));
        assert!(!text_of(DiffKind::Inserted).contains("Three."), "{ops:?}");
    }

    #[test]
    fn same_text_is_one_run() {
        assert_eq!(
            diff("a b", "a b"),
            vec![DiffOp {
                kind: DiffKind::Same,
                text: "a b".into()
            }]
        );
        assert!(diff("", "").is_empty());
    }

    #[test]
    fn huge_paragraph_falls_back_to_replace_and_stays_exact() {
        let a = "word ".repeat(5_000);
        let b = "other ".repeat(5_000);
        let ops = diff(&a, &b);
        assert_eq!(side(&ops, false), a);
        assert_eq!(side(&ops, true), b);
    }

    proptest::proptest! {
        #[test]
        fn both_sides_are_rebuilt_exactly(a in "[a-c ,\n]{0,60}", b in "[a-c ,\n]{0,60}") {
            let ops = diff(&a, &b);
            proptest::prop_assert_eq!(side(&ops, false), a);
            proptest::prop_assert_eq!(side(&ops, true), b);
        }

        #[test]
        fn an_added_word_is_the_only_change(a in "[a-c,]{1,4}( {1,2}[a-c,]{1,4}){0,12}") {
            let b = format!("{a} zz");
            let ops = diff(&a, &b);
            proptest::prop_assert!(ops.iter().all(|o| o.kind != DiffKind::Deleted), "{:?}", ops);
            let inserted: String = ops.iter().filter(|o| o.kind == DiffKind::Inserted).map(|o| o.text.as_str()).collect();
            proptest::prop_assert_eq!(inserted.trim(), "zz");
        }
    }
}
