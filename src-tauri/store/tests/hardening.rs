//! Comment ids scoped to their review, the library list read from stored
//! summaries, and first use by many connections at once, on real SQLite
//! files.

use studio_core::review::{target_text, Anchor, Comment, CommentsFile, ReviewHeader, Reviewer};
use studio_core::Patch;
use studio_store::{Store, DATABASE_FILE};

fn comments_for(header: &ReviewHeader, store: &Store, ids: &[&str]) -> CommentsFile {
    let proposal = store.load(&header.draft_id).unwrap();
    let anchor = Anchor::field("/cover/title", "Title");
    let quoted = target_text(&proposal, &anchor).unwrap();
    CommentsFile {
        format: studio_core::review::COMMENTS_FORMAT.into(),
        format_version: studio_core::review::COMMENTS_FORMAT_VERSION,
        review_id: header.review_id.clone(),
        draft_id: header.draft_id.clone(),
        snapshot_sha256: header.snapshot_sha256.clone(),
        reviewer: Reviewer {
            name: "Ana".into(),
            organization: "Ministry of Labour".into(),
        },
        comments: ids
            .iter()
            .map(|id| Comment {
                id: id.to_string(),
                anchor: anchor.clone(),
                quoted: quoted.clone(),
                body: format!("Comment {id}"),
                suggestion: None,
                created_at: 1,
                excerpt: None,
                in_reply_to: None,
            })
            .collect(),
        checksum: String::new(),
    }
}

/// Through the bytes, as a real file arrives.
fn through_file(file: &CommentsFile) -> CommentsFile {
    CommentsFile::from_bytes(&file.to_bytes()).unwrap()
}

#[test]
fn comment_ids_count_within_their_review_only() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = Store::open_in(dir.path()).unwrap();
    let example = studio_core::example_proposal().unwrap();
    let a = s.create(&example).unwrap().id;
    let b = s.create(&example).unwrap().id;
    let (ha, _) = s.begin_review(&a, "Sent").unwrap();
    let (hb, _) = s.begin_review(&b, "Sent").unwrap();

    let on_a = through_file(&comments_for(&ha, &s, &["c1", "c2"]));
    let done = s.import_comments(&a, &on_a).unwrap();
    assert_eq!((done.added, done.already), (2, 0));
    // The same ids on draft B's review are B's own comments.
    let on_b = through_file(&comments_for(&hb, &s, &["c1", "c2", "c3"]));
    let done = s.import_comments(&b, &on_b).unwrap();
    assert_eq!((done.added, done.already), (3, 0));
    assert_eq!(s.list_comments(&b).unwrap().len(), 3);
    assert_eq!(s.list_comments(&a).unwrap().len(), 2);
    // Importing again still adds nothing.
    let done = s.import_comments(&b, &on_b).unwrap();
    assert_eq!((done.added, done.already), (0, 3));

    // A second review of A carrying an id of the first: both kept, and each
    // is answered by naming its review.
    let (ha2, _) = s.begin_review(&a, "Sent again").unwrap();
    let again = through_file(&comments_for(&ha2, &s, &["c1"]));
    assert_eq!(s.import_comments(&a, &again).unwrap().added, 1);
    assert_eq!(s.list_comments(&a).unwrap().len(), 3);
    s.reply_to_comment(&a, &ha2.review_id, "c1", "Thanks").unwrap();
    let replies = |s: &Store, draft: &str, review: &str, id: &str| {
        s.list_comments(draft)
            .unwrap()
            .into_iter()
            .find(|c| c.review_id == review && c.comment.id == id)
            .unwrap()
            .replies
            .len()
    };
    assert_eq!(
        replies(&s, &a, &ha2.review_id, "c1"),
        1,
        "the second review's c1 is answered"
    );
    assert_eq!(replies(&s, &a, &ha.review_id, "c1"), 0, "the first review's c1 is not");
    // A review of another draft is not reached through this one.
    let e = s.reply_to_comment(&a, &hb.review_id, "c2", "Done").unwrap_err();
    assert_eq!(e.code(), "not_found", "{e}");
    s.reply_to_comment(&a, &ha.review_id, "c2", "Done").unwrap();
    let b_c2 = s
        .list_comments(&b)
        .unwrap()
        .into_iter()
        .find(|c| c.comment.id == "c2")
        .unwrap();
    assert!(b_c2.replies.is_empty());
}

#[test]
fn a_comments_file_repeating_an_id_is_refused_whole() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = Store::open_in(dir.path()).unwrap();
    let a = s.create(&studio_core::example_proposal().unwrap()).unwrap().id;
    let (h, _) = s.begin_review(&a, "Sent").unwrap();
    let bytes = comments_for(&h, &s, &["c1", "c2", "c1", "c3"]).to_bytes();
    let e = CommentsFile::from_bytes(&bytes).unwrap_err();
    assert!(e.to_string().contains("same id"), "{e}");
    assert!(s.list_comments(&a).unwrap().is_empty());
}

#[test]
fn the_list_reads_stored_summaries_not_the_drafts() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = Store::open_in(dir.path()).unwrap();
    let id = s.create(&studio_core::example_proposal().unwrap()).unwrap().id;
    let r = s
        .apply_patches(
            &id,
            &[Patch::Set {
                path: "/cover/title".into(),
                value: "A title set by autosave".into(),
            }],
        )
        .unwrap();
    assert!(r.rejected.is_empty());
    let before = s.list(false).unwrap();
    assert_eq!(
        before[0].title, "A title set by autosave",
        "the summary follows every save"
    );
    drop(s);

    // Spoil the draft's content behind the store's back: a list that read
    // the content would fail; one that reads summaries does not notice.
    let db = rusqlite::Connection::open(dir.path().join(DATABASE_FILE)).unwrap();
    db.execute("UPDATE draft_parts SET value = 'not json' WHERE draft_id = ?1", [&id])
        .unwrap();
    drop(db);
    let s = Store::open_in(dir.path()).unwrap();
    assert_eq!(s.list(false).unwrap(), before);
    assert_eq!(s.load(&id).unwrap_err().code(), "corrupt");

    // A summary worked out under other rules is worked out again on read.
    drop(s);
    let db = rusqlite::Connection::open(dir.path().join(DATABASE_FILE)).unwrap();
    db.execute("UPDATE drafts SET summary_of = 'older rules'", []).unwrap();
    drop(db);
    let s = Store::open_in(dir.path()).unwrap();
    assert_eq!(s.list(false).unwrap_err().code(), "corrupt");
}

#[test]
fn a_database_from_before_summaries_and_scoped_ids_keeps_its_comments() {
    let dir = tempfile::tempdir().unwrap();
    let (a, count) = {
        let mut s = Store::open_in(dir.path()).unwrap();
        let a = s.create(&studio_core::example_proposal().unwrap()).unwrap().id;
        let (h, _) = s.begin_review(&a, "Sent").unwrap();
        let file = through_file(&comments_for(&h, &s, &["c1", "c2"]));
        s.import_comments(&a, &file).unwrap();
        s.reply_to_comment(&a, &h.review_id, "c2", "Noted").unwrap();
        let listed = s.list_comments(&a).unwrap();
        (a, listed)
    };
    // Put the database back as schema 4 wrote it.
    let db = rusqlite::Connection::open(dir.path().join(DATABASE_FILE)).unwrap();
    db.execute_batch(
        "CREATE TABLE old_comments (
            id TEXT PRIMARY KEY,
            draft_id TEXT NOT NULL REFERENCES drafts(id) ON DELETE CASCADE,
            review_id TEXT NOT NULL, reviewer TEXT NOT NULL, comment TEXT NOT NULL,
            status TEXT NOT NULL DEFAULT 'open', status_at INTEGER,
            replies TEXT NOT NULL DEFAULT '[]', imported_at INTEGER NOT NULL);
         INSERT INTO old_comments SELECT id, draft_id, review_id, reviewer, comment, status, status_at, replies, imported_at FROM comments;
         DROP TABLE comments;
         ALTER TABLE old_comments RENAME TO comments;
         CREATE INDEX comments_by_draft ON comments (draft_id);
         ALTER TABLE drafts DROP COLUMN summary;
         ALTER TABLE drafts DROP COLUMN summary_of;
         DROP TABLE share_comments; DROP TABLE shares_sent; DROP TABLE shares_received;
         DROP TABLE contributions_merged; DROP TABLE authorship;
         PRAGMA user_version = 4;",
    )
    .unwrap();
    drop(db);
    let s = Store::open_in(dir.path()).unwrap();
    assert_eq!(s.list_comments(&a).unwrap(), count);
    assert_eq!(s.list(false).unwrap()[0].id, a);
    let version: i64 = rusqlite::Connection::open(dir.path().join(DATABASE_FILE))
        .unwrap()
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap();
    assert_eq!(version, studio_store::SCHEMA_VERSION);
}

/// Twenty connections opening a new data folder at once: one migrates, the
/// others wait and find it done; one takes the day's backup; all import.
#[test]
fn twenty_first_opens_at_once_all_succeed() {
    for _round in 0..5 {
        let dir = tempfile::tempdir().unwrap();
        let barrier = std::sync::Barrier::new(20);
        let results: Vec<Result<String, String>> = std::thread::scope(|scope| {
            let handles: Vec<_> = (0..20)
                .map(|_| {
                    scope.spawn(|| {
                        barrier.wait();
                        let mut s = Store::open_in(dir.path()).map_err(|e| e.to_string())?;
                        let created = s.was_created();
                        let id = s
                            .import_bytes(studio_core::EXAMPLE_PROPOSAL_JSON.as_bytes())
                            .map_err(|e| e.to_string())?
                            .id;
                        Ok(format!("{created} {id}"))
                    })
                })
                .collect();
            handles.into_iter().map(|h| h.join().unwrap()).collect()
        });
        let failures: Vec<&String> = results.iter().filter_map(|r| r.as_ref().err()).collect();
        assert!(failures.is_empty(), "{failures:?}");
        let creators = results.iter().flatten().filter(|r| r.starts_with("true")).count();
        assert_eq!(creators, 1, "exactly one open created the database");
        let s = Store::open_in(dir.path()).unwrap();
        assert_eq!(s.list(false).unwrap().len(), 20);
        let backups: Vec<String> = std::fs::read_dir(dir.path().join("backups"))
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        assert_eq!(backups.len(), 1, "one backup, no leftovers: {backups:?}");
    }
}
