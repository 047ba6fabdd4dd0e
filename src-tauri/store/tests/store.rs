//! The store against real SQLite files in temporary folders.

use serde_json::json;
use studio_core::{example_proposal, DocumentKind, Patch, Proposal, Template};
use studio_store::{Store, StoreError, APPLICATION_ID, DATABASE_FILE};

fn set(path: &str, value: serde_json::Value) -> Patch {
    Patch::Set {
        path: path.into(),
        value,
    }
}

fn blank() -> Proposal {
    Proposal::blank(
        Template::builtin().unwrap(),
        DocumentKind::FullProposal,
        "Untitled draft",
    )
}

#[test]
fn patches_survive_reopening_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let id = {
        let mut store = Store::open_in(dir.path()).unwrap();
        let id = store.create(&blank()).unwrap().id;
        let r = store
            .apply_patches(
                &id,
                &[
                    set("/cover/title", json!("Safe pathways")),
                    set(
                        "/cover/punos",
                        json!([{"entity": "IOM", "convening": true}, {"entity": "ILO"}]),
                    ),
                    set("/narrative/context.body", json!("Some *context*.")),
                ],
            )
            .unwrap();
        assert!(r.rejected.is_empty());
        id
    };
    let store = Store::open_in(dir.path()).unwrap();
    let p = store.load(&id).unwrap();
    assert_eq!(p.cover.title, "Safe pathways");
    assert_eq!(p.cover.punos.len(), 2);
    assert!(p.cover.punos[0].convening);
    assert_eq!(p.narrative["context.body"], "Some *context*.");
    let s = store.summary(&id).unwrap();
    assert_eq!(s.title, "Safe pathways");
    assert_eq!(s.name, "Untitled draft");
}

#[test]
fn a_bad_patch_is_refused_and_the_rest_of_the_batch_saved() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open_in(dir.path()).unwrap();
    let id = store.create(&blank()).unwrap().id;
    let r = store
        .apply_patches(
            &id,
            &[
                set("/cover/duration_months", json!(-3)),
                set("/cover/short_title", json!("ok")),
                set("/cover/title", json!("x".repeat(5000))),
                set("/nowhere", json!(1)),
            ],
        )
        .unwrap();
    let paths: Vec<&str> = r.rejected.iter().map(|x| x.path.as_str()).collect();
    assert_eq!(paths, ["/cover/duration_months", "/cover/title", "/nowhere"]);
    let p = store.load(&id).unwrap();
    assert_eq!(p.cover.short_title, "ok");
    assert_eq!(p.cover.duration_months, None);
    assert_eq!(p.cover.title, "");
}

#[test]
fn library_lifecycle_rename_duplicate_trash_restore_purge() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open_in(dir.path()).unwrap();
    let example = store.create(&example_proposal().unwrap()).unwrap();
    assert_eq!(example.countries, ["Ecuador"]);
    assert!(example.complete_sections > 0);
    let renamed = store.rename(&example.id, "  Ecuador JP  ").unwrap();
    assert_eq!(renamed.name, "Ecuador JP");
    assert!(store.rename(&example.id, "   ").is_err());
    let copy = store.duplicate(&example.id, "Ecuador JP (copy)").unwrap();
    assert_ne!(copy.id, example.id);
    assert_eq!(
        store.load(&copy.id).unwrap().narrative,
        store.load(&example.id).unwrap().narrative
    );
    assert_eq!(store.list(false).unwrap().len(), 2);

    assert!(matches!(store.purge(&copy.id), Err(StoreError::Refused(_))));
    store.trash(&copy.id).unwrap();
    assert_eq!(store.list(false).unwrap().len(), 1);
    assert_eq!(store.list(true).unwrap()[0].id, copy.id);
    assert!(store
        .apply_patches(&copy.id, &[set("/cover/title", json!("x"))])
        .is_err());
    store.restore(&copy.id).unwrap();
    assert_eq!(store.list(true).unwrap().len(), 0);
    store.trash(&copy.id).unwrap();
    store.purge(&copy.id).unwrap();
    assert!(matches!(store.load(&copy.id), Err(StoreError::NotFound(_))));
    let parts: i64 = rusqlite::Connection::open(dir.path().join(DATABASE_FILE))
        .unwrap()
        .query_row(
            "SELECT count(*) FROM draft_parts WHERE draft_id = ?1",
            [&copy.id],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(parts, 0, "purge removes the parts too");
}

#[test]
fn export_then_import_gives_the_same_proposal() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open_in(dir.path()).unwrap();
    let a = store.create(&example_proposal().unwrap()).unwrap();
    let json = store.export_json(&a.id).unwrap();
    let b = store.import_bytes(json.as_bytes()).unwrap();
    assert_eq!(store.load(&a.id).unwrap(), store.load(&b.id).unwrap());
}

#[test]
fn bad_imports_leave_the_database_file_unchanged() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open_in(dir.path()).unwrap();
    store.create(&example_proposal().unwrap()).unwrap();
    drop(store);
    let db = dir.path().join(DATABASE_FILE);
    // Fold the WAL into the main file so the bytes compare meaningfully.
    rusqlite::Connection::open(&db)
        .unwrap()
        .execute_batch("PRAGMA wal_checkpoint(TRUNCATE)")
        .unwrap();
    let before = std::fs::read(&db).unwrap();
    let mut store = Store::open_in(dir.path()).unwrap();
    let mut wrong_template = serde_json::to_value(example_proposal().unwrap()).unwrap();
    wrong_template["template"]["id"] = json!("another-fund");
    let mut wrong_shape = serde_json::to_value(example_proposal().unwrap()).unwrap();
    wrong_shape["cover"]["punos"] = json!("IOM");
    for bad in [
        b"not json at all".to_vec(),
        b"{}".to_vec(),
        b"[1,2,3]".to_vec(),
        wrong_template.to_string().into_bytes(),
        wrong_shape.to_string().into_bytes(),
        vec![b' '; 17 * 1024 * 1024],
    ] {
        assert!(store.import_bytes(&bad).is_err());
    }
    drop(store);
    assert_eq!(std::fs::read(&db).unwrap(), before);
}

#[test]
fn a_newer_database_is_refused_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join(DATABASE_FILE);
    {
        let c = rusqlite::Connection::open(&db).unwrap();
        c.execute_batch("CREATE TABLE future (x); PRAGMA user_version = 99;")
            .unwrap();
        c.pragma_update(None, "application_id", APPLICATION_ID).unwrap();
    }
    let before = std::fs::read(&db).unwrap();
    let err = Store::open_in(dir.path()).err().expect("refused");
    assert_eq!(err.code(), "newer_database");
    assert!(err.to_string().contains("newer Proposal Studio"), "{err}");
    assert_eq!(std::fs::read(&db).unwrap(), before);
}

#[test]
fn a_foreign_file_is_refused_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join(DATABASE_FILE);
    {
        let c = rusqlite::Connection::open(&db).unwrap();
        c.execute_batch("CREATE TABLE contacts (name);").unwrap();
    }
    let before = std::fs::read(&db).unwrap();
    assert_eq!(Store::open_in(dir.path()).err().unwrap().code(), "foreign_database");
    assert_eq!(std::fs::read(&db).unwrap(), before);

    std::fs::write(
        &db,
        b"this is a text file, not a database at all............................................",
    )
    .unwrap();
    let before = std::fs::read(&db).unwrap();
    assert_eq!(Store::open_in(dir.path()).err().unwrap().code(), "foreign_database");
    assert_eq!(std::fs::read(&db).unwrap(), before);
}

#[test]
fn the_database_is_marked_as_ours_and_in_wal_mode() {
    let dir = tempfile::tempdir().unwrap();
    drop(Store::open_in(dir.path()).unwrap());
    let c = rusqlite::Connection::open(dir.path().join(DATABASE_FILE)).unwrap();
    let app: i64 = c.query_row("PRAGMA application_id", [], |r| r.get(0)).unwrap();
    let mode: String = c.query_row("PRAGMA journal_mode", [], |r| r.get(0)).unwrap();
    let version: i64 = c.query_row("PRAGMA user_version", [], |r| r.get(0)).unwrap();
    assert_eq!(app, APPLICATION_ID);
    assert_eq!(mode, "wal");
    assert_eq!(version, studio_store::SCHEMA_VERSION);
}

#[test]
fn a_concept_note_is_promoted_keeping_everything() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open_in(dir.path()).unwrap();
    let t = Template::builtin().unwrap();
    let id = store
        .create(&Proposal::blank(t, DocumentKind::ConceptNote, "CN"))
        .unwrap()
        .id;
    store
        .apply_patches(&id, &[set("/narrative/context.body", json!("Written early."))])
        .unwrap();
    let before = store.summary(&id).unwrap();
    let promoted = store.promote(&id).unwrap();
    assert_eq!(promoted.kind, DocumentKind::FullProposal);
    assert!(promoted.total_sections > before.total_sections);
    assert_eq!(store.load(&id).unwrap().narrative["context.body"], "Written early.");
    assert!(matches!(store.promote(&id), Err(StoreError::Refused(_))));
}

#[test]
fn exports_are_recorded_with_rising_versions() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open_in(dir.path()).unwrap();
    let id = store.create(&example_proposal().unwrap()).unwrap().id;
    let label = |s: &mut Store, review| s.record_export(&id, review).unwrap().0;
    assert_eq!(
        label(&mut store, true),
        "0.1",
        "a review copy before any final is a draft of version 1"
    );
    assert_eq!(label(&mut store, true), "0.2");
    assert_eq!(label(&mut store, false), "1");
    assert_eq!(label(&mut store, true), "1.1");
    assert_eq!(label(&mut store, false), "2");
    assert_eq!(label(&mut store, false), "3");
    assert_eq!(
        store.next_export(&id, true).unwrap().0,
        "3.1",
        "planning records nothing"
    );
    let (v, date) = store.record_export(&id, true).unwrap();
    assert_eq!(v, "3.1");
    assert!(studio_core::date::Date::parse(&date).is_some());
}

#[test]
fn a_version_1_database_is_migrated_and_keeps_its_drafts() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join(DATABASE_FILE);
    {
        // The schema as version 1 of the app wrote it.
        let c = rusqlite::Connection::open(&db).unwrap();
        c.execute_batch(
            "CREATE TABLE drafts (id TEXT PRIMARY KEY, name TEXT NOT NULL, kind TEXT NOT NULL, language TEXT NOT NULL,
                template_id TEXT NOT NULL, template_version INTEGER NOT NULL, created_at INTEGER NOT NULL,
                updated_at INTEGER NOT NULL, trashed_at INTEGER);
             CREATE TABLE draft_parts (draft_id TEXT NOT NULL REFERENCES drafts(id) ON DELETE CASCADE, part TEXT NOT NULL,
                value TEXT NOT NULL, PRIMARY KEY (draft_id, part)) WITHOUT ROWID;
             INSERT INTO drafts VALUES ('d1', 'Old draft', 'full_proposal', 'en', 'mptf-jp', 1, 1, 2, NULL);
             INSERT INTO draft_parts VALUES ('d1', 'cover', '{\"title\": \"Kept\"}');
             PRAGMA user_version = 1;",
        )
        .unwrap();
        c.pragma_update(None, "application_id", APPLICATION_ID).unwrap();
    }
    let mut store = Store::open_in(dir.path()).unwrap();
    assert!(!store.was_created());
    assert_eq!(store.load("d1").unwrap().cover.title, "Kept");
    assert_eq!(
        store.record_export("d1", false).unwrap().0,
        "1",
        "the new exports table exists"
    );
}

#[test]
fn a_damaged_database_is_reported_with_its_backup_and_restored_without_losing_the_damaged_file() {
    let dir = tempfile::tempdir().unwrap();
    let id = {
        let mut store = Store::open_in(dir.path()).unwrap();
        let id = store.create(&example_proposal().unwrap()).unwrap().id;
        drop(store);
        // Today's backup was taken on open, before the draft; take it again with the draft in.
        for b in std::fs::read_dir(dir.path().join("backups")).unwrap() {
            std::fs::remove_file(b.unwrap().path()).unwrap();
        }
        drop(Store::open_in(dir.path()).unwrap());
        id
    };
    let db = dir.path().join(DATABASE_FILE);
    rusqlite::Connection::open(&db)
        .unwrap()
        .execute_batch("PRAGMA wal_checkpoint(TRUNCATE)")
        .unwrap();
    // Damage: keep the header, scribble over the rest.
    let mut bytes = std::fs::read(&db).unwrap();
    for b in bytes.iter_mut().skip(4096) {
        *b = 0x5a;
    }
    std::fs::write(&db, &bytes).unwrap();
    let err = Store::open_in(dir.path()).err().expect("refused");
    assert_eq!(err.code(), "damaged_database", "{err}");
    assert!(err.to_string().contains("latest good backup"), "{err}");
    assert_eq!(std::fs::read(&db).unwrap(), bytes, "the damaged file is left as it was");

    let kept = studio_store::restore_latest(&db).unwrap();
    assert_eq!(std::fs::read(&kept).unwrap(), bytes, "the damaged file is kept beside");
    let store = Store::open_in(dir.path()).unwrap();
    assert_eq!(store.load(&id).unwrap().cover.countries, ["Ecuador"]);
}

#[test]
fn one_backup_a_day_and_only_the_newest_kept() {
    let dir = tempfile::tempdir().unwrap();
    let backups = dir.path().join("backups");
    std::fs::create_dir_all(&backups).unwrap();
    for d in 1..=9 {
        std::fs::write(backups.join(format!("proposal-studio-2026-01-0{d}.sqlite3")), b"old").unwrap();
    }
    drop(Store::open_in(dir.path()).unwrap());
    drop(Store::open_in(dir.path()).unwrap());
    let names: Vec<String> = std::fs::read_dir(&backups)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names.len(), studio_store::BACKUPS_KEPT);
    let today = format!("proposal-studio-{}.sqlite3", studio_core::date::Date::today());
    assert!(names.contains(&today), "{names:?}");
    assert!(
        !names.iter().any(|n| n.ends_with("01-01.sqlite3")),
        "oldest dropped: {names:?}"
    );
}

#[test]
fn a_draft_goes_by_its_short_title_until_it_is_renamed() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open_in(dir.path()).unwrap();
    let template = Template::builtin().unwrap();
    let id = store
        .create(&Proposal::blank(template, DocumentKind::FullProposal, ""))
        .unwrap()
        .id;
    assert_eq!(store.summary(&id).unwrap().name, "", "no name and no title yet");
    store
        .apply_patches(
            &id,
            &[set("/cover/title", json!("Safe and regular pathways in the Andes"))],
        )
        .unwrap();
    assert_eq!(
        store.summary(&id).unwrap().name,
        "Safe and regular pathways in the Andes"
    );
    store
        .apply_patches(&id, &[set("/cover/short_title", json!("  Andes pathways "))])
        .unwrap();
    assert_eq!(store.summary(&id).unwrap().name, "Andes pathways");
    assert_eq!(store.list(false).unwrap()[0].name, "Andes pathways");
    store.rename(&id, "Our proposal").unwrap();
    store
        .apply_patches(&id, &[set("/cover/short_title", json!("Another"))])
        .unwrap();
    assert_eq!(
        store.summary(&id).unwrap().name,
        "Our proposal",
        "a name the user gave stays"
    );
    assert!(store.rename(&id, "   ").is_err());
}

#[test]
fn drafts_the_app_called_untitled_follow_their_title_after_the_upgrade() {
    let dir = tempfile::tempdir().unwrap();
    let template = Template::builtin().unwrap();
    let (old, kept) = {
        let mut store = Store::open_in(dir.path()).unwrap();
        let mut p = Proposal::blank(template, DocumentKind::FullProposal, "Brouillon sans titre");
        p.cover.short_title = "Voies sûres".into();
        let old = store.create(&p).unwrap().id;
        let kept = store
            .create(&Proposal::blank(template, DocumentKind::FullProposal, "Named by hand"))
            .unwrap()
            .id;
        (old, kept)
    };
    // Back to the schema before the upgrade (and before co-authoring's
    // tables), as a library written by an older build.
    let c = rusqlite::Connection::open(dir.path().join(DATABASE_FILE)).unwrap();
    c.execute_batch(
        "DROP TABLE share_comments; DROP TABLE shares_sent; DROP TABLE shares_received; DROP TABLE contributions_merged; DROP TABLE authorship;",
    )
    .unwrap();
    c.pragma_update(None, "user_version", studio_store::SCHEMA_VERSION - 3)
        .unwrap();
    drop(c);
    let store = Store::open_in(dir.path()).unwrap();
    assert_eq!(store.summary(&old).unwrap().name, "Voies sûres");
    assert_eq!(store.summary(&kept).unwrap().name, "Named by hand");
}
