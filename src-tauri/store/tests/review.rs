//! Versions, and the review round trip as the store sees it, on a real
//! SQLite file.

use studio_core::review::{target_text, Anchor, AnchorKind, Comment, CommentsFile, ReviewHeader, Reviewer};
use studio_core::Patch;
use studio_store::{CommentStatus, Store, VersionReason};

fn store() -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open_in(dir.path()).unwrap();
    (dir, store)
}

fn example(store: &mut Store) -> String {
    store.create(&studio_core::example_proposal().unwrap()).unwrap().id
}

fn set_title(store: &mut Store, id: &str, title: &str) {
    let r = store
        .apply_patches(
            id,
            &[Patch::Set {
                path: "/cover/title".into(),
                value: title.into(),
            }],
        )
        .unwrap();
    assert!(r.rejected.is_empty());
}

#[test]
fn versions_are_listed_loaded_and_restored_with_the_replaced_state_kept() {
    let (_d, mut s) = store();
    let id = example(&mut s);
    let original = s.load(&id).unwrap();
    let v1 = s
        .save_version(&id, "Before the workshop", VersionReason::Manual)
        .unwrap();
    set_title(&mut s, &id, "After the workshop");
    let v2 = s.save_version(&id, "After", VersionReason::Manual).unwrap();
    assert_ne!(v1.sha256, v2.sha256);

    let listed = s.list_versions(&id).unwrap();
    assert_eq!(
        listed.iter().map(|v| v.name.as_str()).collect::<Vec<_>>(),
        ["After", "Before the workshop"]
    );
    assert_eq!(s.load_version(&v1.id).unwrap().1, original);

    set_title(&mut s, &id, "Typed after the last version");
    let summary = s.restore_version(&id, &v1.id, "Before restoring").unwrap();
    assert_eq!(summary.title, original.cover.title);
    assert_eq!(s.load(&id).unwrap().narrative, original.narrative);
    // The replaced state was saved first, so the restore can be undone.
    let newest = &s.list_versions(&id).unwrap()[0];
    assert_eq!(newest.reason, VersionReason::Restore);
    assert_eq!(
        s.load_version(&newest.id).unwrap().1.cover.title,
        "Typed after the last version"
    );

    // Another draft's version cannot be restored here.
    let other = example(&mut s);
    assert!(s.restore_version(&other, &v1.id, "x").is_err());
}

#[test]
fn a_hundred_versions_share_storage_and_stay_fast_to_list() {
    let (dir, mut s) = store();
    let id = example(&mut s);
    drop(s);
    let before = std::fs::metadata(dir.path().join(studio_store::DATABASE_FILE))
        .unwrap()
        .len();
    let mut s = Store::open_in(dir.path()).unwrap();
    for i in 0..100 {
        s.save_version(&id, &format!("v{i}"), VersionReason::Manual).unwrap();
    }
    // Closing checkpoints the write-ahead log into the file.
    drop(s);
    let after = std::fs::metadata(dir.path().join(studio_store::DATABASE_FILE))
        .unwrap()
        .len();
    let s = Store::open_in(dir.path()).unwrap();
    // One copy of the content, not a hundred (the example is ~100 KB).
    assert!(after - before < 400_000, "{before} -> {after}");
    assert_eq!(s.list_versions(&id).unwrap().len(), 100);
}

fn anchor(kind: AnchorKind, path: &str) -> Anchor {
    Anchor {
        kind,
        path: path.into(),
        row_id: None,
        paragraph: None,
        label: String::new(),
    }
}

/// Plays the reviewer on a second store: opens the snapshot, comments on a
/// field (with a suggestion), a budget line and a marker criterion.
fn review_round(header: &ReviewHeader, snapshot: &studio_core::Proposal, name: &str) -> CommentsFile {
    let (_d, mut r) = store();
    let work = r.open_review(header, snapshot).unwrap();
    assert!(work.comments.is_empty());
    let rid = &header.review_id;
    assert!(r.comments_file(rid).is_err(), "no name, no comments: refused");
    r.set_reviewer(
        rid,
        &Reviewer {
            name: name.into(),
            organization: "Ministry of Labour".into(),
        },
    )
    .unwrap();
    r.save_review_comment(
        rid,
        None,
        &anchor(AnchorKind::Field, "/cover/title"),
        "Shorter, please.",
        Some("Decent work in Imbabura and Sucumbíos"),
    )
    .unwrap();
    let line = &snapshot.budget.lines[0];
    let mut row = anchor(AnchorKind::BudgetLine, "/budget/lines/0");
    row.row_id = Some(line.id.clone());
    r.save_review_comment(rid, None, &row, "Is this unit cost realistic?", None)
        .unwrap();
    r.save_review_comment(
        rid,
        None,
        &anchor(AnchorKind::Criterion, "/markers/human_rights/criteria/rights_analysis"),
        "Name the ministry.",
        None,
    )
    .unwrap();
    // A suggestion on something that cannot take text is refused: a row, or a
    // field that holds a list.
    assert!(r.save_review_comment(rid, None, &row, "x", Some("y")).is_err());
    assert!(r
        .save_review_comment(
            rid,
            None,
            &anchor(AnchorKind::Field, "/cover/countries"),
            "x",
            Some("Peru")
        )
        .is_err());
    let file = r.comments_file(rid).unwrap();
    assert_eq!(file.comments.len(), 3);
    // Reopening the same review keeps the work.
    assert_eq!(r.open_review(header, snapshot).unwrap().comments.len(), 3);
    CommentsFile::from_bytes(&file.to_bytes()).unwrap()
}

fn send(s: &mut Store, id: &str) -> (ReviewHeader, studio_core::Proposal) {
    let (header, snapshot) = s.begin_review(id, "Sent for review").unwrap();
    assert_eq!(header.draft_id, id);
    assert_eq!(
        header.snapshot_sha256,
        studio_core::review::sha256_hex(snapshot.to_json_pretty().as_bytes())
    );
    (header, snapshot)
}

#[test]
fn comments_import_once_merge_across_reviewers_and_accept_a_suggestion() {
    let (_d, mut s) = store();
    let id = example(&mut s);
    let (header, snapshot) = send(&mut s, &id);
    assert_eq!(s.list_versions(&id).unwrap()[0].reason, VersionReason::Review);

    let ana = review_round(&header, &snapshot, "Ana");
    let luis = review_round(&header, &snapshot, "Luis");
    let first = s.import_comments(&id, &ana).unwrap();
    assert_eq!((first.added, first.already), (3, 0));
    let again = s.import_comments(&id, &ana).unwrap();
    assert_eq!((again.added, again.already), (0, 3));
    s.import_comments(&id, &luis).unwrap();
    let comments = s.list_comments(&id).unwrap();
    assert_eq!(comments.len(), 6);
    assert!(comments.iter().all(|c| !c.outdated && c.status == CommentStatus::Open));

    // Accept Ana's suggestion: the title changes and the comment says so.
    let title_comment = comments
        .iter()
        .find(|c| c.reviewer.name == "Ana" && c.comment.suggestion.is_some())
        .unwrap();
    let (title_review, title_comment) = (title_comment.review_id.clone(), title_comment.comment.id.clone());
    let accepted = s.accept_suggestion(&id, &title_review, &title_comment).unwrap();
    assert_eq!(accepted.status, CommentStatus::Accepted);
    assert_eq!(
        s.load(&id).unwrap().cover.title,
        "Decent work in Imbabura and Sucumbíos"
    );
    assert!(s.accept_suggestion(&id, &title_review, &title_comment).is_err());

    // Luis's suggestion on the same title is now outdated, shows what it was
    // made on, and can no longer be applied as it is.
    let luis_title = s
        .list_comments(&id)
        .unwrap()
        .into_iter()
        .find(|c| c.reviewer.name == "Luis" && c.comment.suggestion.is_some())
        .unwrap();
    assert!(luis_title.outdated);
    assert_eq!(luis_title.comment.quoted, snapshot.cover.title);
    let e = s
        .accept_suggestion(&id, &luis_title.review_id, &luis_title.comment.id)
        .unwrap_err();
    assert!(e.to_string().contains("changed since the review"), "{e}");

    // Reply and resolve the rest.
    let other = s
        .list_comments(&id)
        .unwrap()
        .into_iter()
        .find(|c| c.comment.suggestion.is_none())
        .unwrap();
    let replied = s
        .reply_to_comment(
            &id,
            &other.review_id,
            &other.comment.id,
            "Checked with the procurement team.",
        )
        .unwrap();
    assert_eq!(replied.replies.len(), 1);
    assert_eq!(
        s.set_comment_status(&id, &other.review_id, &other.comment.id, true)
            .unwrap()
            .status,
        CommentStatus::Resolved
    );
    assert_eq!(
        s.set_comment_status(&id, &other.review_id, &other.comment.id, false)
            .unwrap()
            .status,
        CommentStatus::Open
    );
}

#[test]
fn comments_for_another_proposal_are_refused_and_change_nothing() {
    let (_d, mut s) = store();
    let id = example(&mut s);
    let other = example(&mut s);
    let (header, snapshot) = send(&mut s, &id);
    let file = review_round(&header, &snapshot, "Ana");
    let before = s.load(&other).unwrap();
    let e = s.import_comments(&other, &file).unwrap_err();
    assert!(e.to_string().contains("another proposal"), "{e}");
    assert!(s.list_comments(&other).unwrap().is_empty());
    assert_eq!(s.load(&other).unwrap(), before);
}

#[test]
fn a_comment_on_a_changed_paragraph_is_outdated() {
    let (_d, mut s) = store();
    let id = example(&mut s);
    let (header, snapshot) = send(&mut s, &id);
    let (_d2, mut r) = store();
    r.open_review(&header, &snapshot).unwrap();
    r.set_reviewer(
        &header.review_id,
        &Reviewer {
            name: "Ana".into(),
            organization: String::new(),
        },
    )
    .unwrap();
    let mut para = anchor(AnchorKind::Paragraph, "/narrative/strategy.theory_of_change");
    para.paragraph = Some(0);
    let c: Comment = r
        .save_review_comment(
            &header.review_id,
            None,
            &para,
            "Clearer?",
            Some("If governments plan for mobility,"),
        )
        .unwrap();
    assert_eq!(Some(c.quoted.clone()), target_text(&snapshot, &para));
    s.import_comments(&id, &r.comments_file(&header.review_id).unwrap())
        .unwrap();
    assert!(!s.list_comments(&id).unwrap()[0].outdated);
    s.apply_patches(
        &id,
        &[Patch::Set {
            path: "/narrative/strategy.theory_of_change".into(),
            value: "Rewritten.".into(),
        }],
    )
    .unwrap();
    let now = &s.list_comments(&id).unwrap()[0];
    assert!(now.outdated);
    assert_eq!(now.comment.quoted, c.quoted);
}
