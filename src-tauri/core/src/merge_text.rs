//! Three-way merge of sequences and of narrative texts.
//!
//! The two sides are each compared with the base by `similar` (Myers, on any
//! slice of tokens). Their changed stretches of the base are then laid side
//! by side: a stretch only one side changed takes that side's text; a stretch
//! both changed alike takes it once; a stretch both changed differently is a
//! conflict. Texts merge by paragraph first, and the paragraphs both sides
//! changed merge again word by word, so two people editing different
//! sentences of one paragraph both keep their words.

use std::hash::Hash;
use std::ops::Range;

use similar::{capture_diff_slices, Algorithm, DiffTag};

/// A stretch of the base one side replaced with a stretch of its own.
#[derive(Debug, Clone)]
struct Hunk {
    base: Range<usize>,
    new: Range<usize>,
}

fn hunks<T: Eq + Hash>(base: &[T], new: &[T]) -> Vec<Hunk> {
    let mut out: Vec<Hunk> = Vec::new();
    for op in capture_diff_slices(Algorithm::Myers, base, new) {
        let (tag, b, n) = op.as_tag_tuple();
        if tag == DiffTag::Equal {
            continue;
        }
        // A deletion next to an insertion is one replacement.
        match out.last_mut() {
            Some(last) if last.base.end == b.start && last.new.end == n.start => {
                last.base.end = b.end;
                last.new.end = n.end;
            }
            _ => out.push(Hunk { base: b, new: n }),
        }
    }
    out
}

/// One side's version of `base[range]`, given its hunks inside the range.
fn version<T: Clone>(base: &[T], range: Range<usize>, hunks: &[Hunk], new: &[T]) -> Vec<T> {
    let mut out = Vec::new();
    let mut at = range.start;
    for h in hunks {
        out.extend_from_slice(&base[at..h.base.start]);
        out.extend_from_slice(&new[h.new.clone()]);
        at = h.base.end;
    }
    out.extend_from_slice(&base[at..range.end]);
    out
}

/// A piece of a merged sequence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Piece<T> {
    /// Agreed: unchanged, changed by one side, or changed alike by both.
    Agreed(Vec<T>),
    /// Both sides changed this stretch of the base, differently.
    Conflict { base: Vec<T>, ours: Vec<T>, theirs: Vec<T> },
}

/// Does hunk `h` collide with the region `[start, end)` built so far? Ranges
/// that overlap collide, and so do two insertions at the same place; a
/// change that only touches the region's edge does not.
fn collides(h: &Hunk, start: usize, end: usize) -> bool {
    h.base.start < end || (h.base.start == end && h.base.is_empty() && start == end)
}

/// Merges two descendants of `base`, token by token.
pub fn merge_slices<T: Clone + Eq + Hash>(base: &[T], ours: &[T], theirs: &[T]) -> Vec<Piece<T>> {
    let a = hunks(base, ours);
    let b = hunks(base, theirs);
    let (mut i, mut j, mut at) = (0, 0, 0);
    let mut out: Vec<Piece<T>> = Vec::new();
    let agreed = |out: &mut Vec<Piece<T>>, items: Vec<T>| {
        if items.is_empty() {
            return;
        }
        if let Some(Piece::Agreed(last)) = out.last_mut() {
            last.extend(items);
        } else {
            out.push(Piece::Agreed(items));
        }
    };
    while i < a.len() || j < b.len() {
        // The next hunk in base order starts a region.
        // At one place, an insertion comes before a replacement, whichever
        // side made it, so that the merge does not depend on the order of
        // the sides.
        let first_is_a = j >= b.len()
            || (i < a.len()
                && (a[i].base.start < b[j].base.start || (a[i].base.start == b[j].base.start && a[i].base.is_empty())));
        let first = if first_is_a { &a[i] } else { &b[j] };
        let (start, mut end) = (first.base.start, first.base.end);
        agreed(&mut out, base[at..start].to_vec());
        let (i0, j0) = (i, j);
        if first_is_a {
            i += 1;
        } else {
            j += 1;
        }
        // Take in every hunk of either side that collides with the region.
        loop {
            if i < a.len() && collides(&a[i], start, end) {
                end = end.max(a[i].base.end);
                i += 1;
            } else if j < b.len() && collides(&b[j], start, end) {
                end = end.max(b[j].base.end);
                j += 1;
            } else {
                break;
            }
        }
        let (ha, hb) = (&a[i0..i], &b[j0..j]);
        let mine = version(base, start..end, ha, ours);
        let yours = version(base, start..end, hb, theirs);
        if hb.is_empty() {
            agreed(&mut out, mine);
        } else if ha.is_empty() || mine == yours {
            agreed(&mut out, yours);
        } else {
            out.push(Piece::Conflict {
                base: base[start..end].to_vec(),
                ours: mine,
                theirs: yours,
            });
        }
        at = end;
    }
    agreed(&mut out, base[at..].to_vec());
    out
}

/// Splits a text into paragraphs and the blank lines between them, so that
/// joining the pieces gives the text back.
fn paragraph_tokens(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(at) = rest.find("\n\n") {
        let end = at + rest[at..].find(|c| c != '\n').unwrap_or(rest.len() - at);
        if at > 0 {
            out.push(&rest[..at]);
        }
        out.push(&rest[at..end]);
        rest = &rest[end..];
    }
    if !rest.is_empty() {
        out.push(rest);
    }
    out
}

/// The paragraph number of each token (`None` for the blank lines between
/// paragraphs): paragraphs are numbered from 0 in reading order, as a
/// reviewer's paragraph anchors are.
fn numbers(tokens: &[&str]) -> Vec<Option<u32>> {
    let mut n = 0;
    tokens
        .iter()
        .map(|t| {
            if t.chars().all(|c| c == '\n') {
                None
            } else {
                n += 1;
                Some(n - 1)
            }
        })
        .collect()
}

/// A text's paragraphs, in the order the paragraphs given in a share are
/// numbered.
pub fn paragraph_texts(text: &str) -> Vec<&str> {
    let tokens = paragraph_tokens(text);
    let nums = numbers(&tokens);
    tokens
        .into_iter()
        .zip(nums)
        .filter(|(_, n)| n.is_some())
        .map(|(t, _)| t)
        .collect()
}

/// Whether a changed stretch `range` of the base's tokens lies in the
/// assigned paragraphs: every paragraph it changes is assigned, and a
/// stretch that only inserts sits next to an assigned paragraph.
fn in_assigned(nums: &[Option<u32>], range: &Range<usize>, assigned: &[u32]) -> bool {
    let mine = |n: &Option<u32>| n.is_some_and(|n| assigned.contains(&n));
    if range.is_empty() {
        let before = nums[..range.start].iter().rev().find(|n| n.is_some());
        let after = nums[range.start..].iter().find(|n| n.is_some());
        return match (before, after) {
            // A text with no paragraph yet: writing it is the first one's.
            (None, None) => assigned.contains(&0),
            _ => before.is_some_and(mine) || after.is_some_and(mine),
        };
    }
    let touched: Vec<&Option<u32>> = nums[range.clone()].iter().filter(|n| n.is_some()).collect();
    if touched.is_empty() {
        // Only blank lines changed: theirs if a neighbour is.
        return in_assigned(nums, &(range.start..range.start), assigned);
    }
    touched.into_iter().all(mine)
}

/// `new`'s changes to `old` kept only where they fall in the paragraphs
/// numbered `assigned` (or add paragraphs beside one of them); everywhere
/// else the text stays as `old` has it.
pub fn keep_assigned(old: &str, new: &str, assigned: &[u32]) -> String {
    let (po, pn) = (paragraph_tokens(old), paragraph_tokens(new));
    let nums = numbers(&po);
    let mine: Vec<Hunk> = hunks(&po, &pn)
        .into_iter()
        .filter(|h| in_assigned(&nums, &h.base, assigned))
        .collect();
    version(&po, 0..po.len(), &mine, &pn).concat()
}

/// Where the paragraphs numbered `assigned` in `snapshot` are in `current`
/// (which grew from it): one `[from, to)` per paragraph, in UTF-16 code
/// units (as an editor in the webview counts).
pub fn assigned_ranges(snapshot: &str, current: &str, assigned: &[u32]) -> Vec<(u32, u32)> {
    let (ps, pc) = (paragraph_tokens(snapshot), paragraph_tokens(current));
    let nums = numbers(&ps);
    let mut starts = Vec::with_capacity(pc.len() + 1);
    let mut at = 0u32;
    for t in &pc {
        starts.push(at);
        at += t.encode_utf16().count() as u32;
    }
    starts.push(at);
    let mut out: Vec<(u32, u32)> = Vec::new();
    let take = |range: Range<usize>, out: &mut Vec<(u32, u32)>| {
        for i in range.filter(|&i| !pc[i].chars().all(|c| c == '\n')) {
            out.push((starts[i], starts[i + 1]));
        }
    };
    for op in capture_diff_slices(Algorithm::Myers, &ps, &pc) {
        let (tag, b, c) = op.as_tag_tuple();
        if tag == DiffTag::Equal {
            for (k, i) in b.clone().enumerate() {
                if nums[i].is_some_and(|n| assigned.contains(&n)) {
                    take(c.start + k..c.start + k + 1, &mut out);
                }
            }
        } else if in_assigned(&nums, &b, assigned) {
            take(c, &mut out);
        }
    }
    out
}

/// Which side a conflict is settled for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    Ours,
    Theirs,
}

/// Merges two edits of one text: by paragraph, then by word within the
/// paragraphs both changed. `None` when both changed the same words
/// differently: a person has to choose.
pub fn merge_text(base: &str, ours: &str, theirs: &str) -> Option<String> {
    merge_text_settled(base, ours, theirs, None)
}

/// As [`merge_text`], with the words both changed taken from `prefer`'s
/// side when it is given; everything that merged cleanly stays merged.
pub fn merge_text_settled(base: &str, ours: &str, theirs: &str, prefer: Option<Side>) -> Option<String> {
    if ours == theirs || base == theirs {
        return Some(ours.to_string());
    }
    if base == ours {
        return Some(theirs.to_string());
    }
    let (pb, po, pt) = (paragraph_tokens(base), paragraph_tokens(ours), paragraph_tokens(theirs));
    let mut out = String::with_capacity(ours.len().max(theirs.len()));
    for piece in merge_slices(&pb, &po, &pt) {
        match piece {
            Piece::Agreed(items) => items.iter().for_each(|s| out.push_str(s)),
            Piece::Conflict { base, ours, theirs } => {
                let (b, o, t) = (base.concat(), ours.concat(), theirs.concat());
                let (wb, wo, wt) = (
                    crate::diff::tokens(&b),
                    crate::diff::tokens(&o),
                    crate::diff::tokens(&t),
                );
                for piece in merge_slices(&wb, &wo, &wt) {
                    match piece {
                        Piece::Agreed(items) => items.iter().for_each(|s| out.push_str(s)),
                        Piece::Conflict { ours, theirs, .. } => match prefer {
                            Some(Side::Ours) => ours.iter().for_each(|s| out.push_str(s)),
                            Some(Side::Theirs) => theirs.iter().for_each(|s| out.push_str(s)),
                            None => return None,
                        },
                    }
                }
            }
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn edits_to_different_paragraphs_both_land() {
        let base = "One.\n\nTwo.\n\nThree.";
        let ours = "One, first.\n\nTwo.\n\nThree.";
        let theirs = "One.\n\nTwo.\n\nThree, last.\n\nFour.";
        assert_eq!(
            merge_text(base, ours, theirs).as_deref(),
            Some("One, first.\n\nTwo.\n\nThree, last.\n\nFour.")
        );
    }

    #[test]
    fn edits_to_different_words_of_one_paragraph_both_land() {
        let base = "Migrants reach services in three provinces.";
        let ours = "Migrants reach health services in three provinces.";
        let theirs = "Migrants reach services in four provinces.";
        assert_eq!(
            merge_text(base, ours, theirs).as_deref(),
            Some("Migrants reach health services in four provinces.")
        );
    }

    #[test]
    fn the_same_words_changed_differently_need_a_person() {
        let base = "Budget of ten thousand.";
        assert_eq!(
            merge_text(base, "Budget of twelve thousand.", "Budget of nine thousand."),
            None
        );
        // Changed alike: taken once.
        assert_eq!(
            merge_text(base, "Budget of nine thousand.", "Budget of nine thousand.").as_deref(),
            Some("Budget of nine thousand.")
        );
    }

    #[test]
    fn settling_for_one_side_keeps_what_merged_cleanly() {
        let base = "Start here.\n\nMiddle.";
        let ours = "Start there.\n\nMiddle.\n\nOurs added.";
        let theirs = "Start elsewhere.\n\nMiddle.";
        assert_eq!(merge_text(base, ours, theirs), None);
        assert_eq!(
            merge_text_settled(base, ours, theirs, Some(Side::Theirs)).as_deref(),
            Some("Start elsewhere.\n\nMiddle.\n\nOurs added.")
        );
        assert_eq!(
            merge_text_settled(base, ours, theirs, Some(Side::Ours)).as_deref(),
            Some(ours)
        );
    }

    #[test]
    fn two_insertions_at_one_place_collide_unless_equal() {
        let merged = merge_slices(&[1, 2], &[1, 5, 2], &[1, 6, 2]);
        assert!(merged.iter().any(|p| matches!(p, Piece::Conflict { .. })));
        let merged = merge_slices(&[1, 2], &[1, 5, 2], &[1, 5, 2]);
        assert_eq!(merged, vec![Piece::Agreed(vec![1, 5, 2])]);
    }

    #[test]
    fn paragraph_tokens_give_the_text_back() {
        for text in ["", "a", "a\n\nb", "a\n\n\n\nb\n\n", "\n\na", "a\nb\n\nc"] {
            assert_eq!(paragraph_tokens(text).concat(), text);
        }
    }

    #[test]
    fn a_paragraph_given_keeps_its_changes_and_the_others_stay() {
        let old = "One.\n\nTwo.\n\nThree.";
        let new = "One, changed.\n\nTwo, changed.\n\nThree.\n\nFour.";
        // Paragraph 1 ("Two.") is given: its change stays; the change to
        // paragraph 0 does not; "Four." is added beside paragraph 2, not given.
        assert_eq!(keep_assigned(old, new, &[1]), "One.\n\nTwo, changed.\n\nThree.");
        assert_eq!(
            keep_assigned(old, new, &[0, 2]),
            "One, changed.\n\nTwo.\n\nThree.\n\nFour."
        );
        assert_eq!(keep_assigned(old, new, &[0, 1, 2]), new);
        assert_eq!(keep_assigned(old, new, &[]), old);
        // A paragraph split in two inside the one given stays theirs.
        let split = "One.\n\nTwo.\n\nAnd a half.\n\nThree.";
        assert_eq!(keep_assigned(old, split, &[1]), split);
    }

    #[test]
    fn the_paragraphs_given_are_found_in_the_text_as_it_grew() {
        let snapshot = "Intro.\n\nYours.\n\nEnd.";
        let current = "Intro.\n\nYours, and more: é.\n\nA new one of yours.\n\nEnd.";
        let ranges = assigned_ranges(snapshot, current, &[1]);
        let utf16: Vec<u16> = current.encode_utf16().collect();
        let read = |(a, b): (u32, u32)| String::from_utf16(&utf16[a as usize..b as usize]).unwrap();
        let texts: Vec<String> = ranges.into_iter().map(read).collect();
        assert_eq!(texts, ["Yours, and more: é.", "A new one of yours."]);
        assert!(assigned_ranges(snapshot, current, &[]).is_empty());
        assert_eq!(
            assigned_ranges(snapshot, snapshot, &[0, 2])
                .into_iter()
                .map(|r| {
                    let u: Vec<u16> = snapshot.encode_utf16().collect();
                    String::from_utf16(&u[r.0 as usize..r.1 as usize]).unwrap()
                })
                .collect::<Vec<_>>(),
            ["Intro.", "End."]
        );
    }

    fn text() -> impl Strategy<Value = String> {
        proptest::collection::vec(
            prop_oneof!["[a-d]{1,3}", Just(" ".to_string()), Just("\n\n".to_string())],
            0..24,
        )
        .prop_map(|v| v.concat())
    }

    proptest! {
        #[test]
        fn one_sided_changes_are_taken_whole(base in text(), other in text()) {
            prop_assert_eq!(merge_text(&base, &other, &base), Some(other.clone()));
            prop_assert_eq!(merge_text(&base, &base, &other), Some(other));
        }

        #[test]
        fn keeping_every_paragraph_keeps_every_change_and_keeping_none_keeps_none(old in text(), new in text()) {
            let all: Vec<u32> = (0..64).collect();
            prop_assert_eq!(keep_assigned(&old, &new, &all), new.clone());
            prop_assert_eq!(keep_assigned(&old, &new, &[]), old);
        }

        #[test]
        fn a_merge_does_not_depend_on_which_side_is_ours(base in text(), ours in text(), theirs in text()) {
            prop_assert_eq!(merge_text(&base, &ours, &theirs), merge_text(&base, &theirs, &ours));
        }
    }
}
