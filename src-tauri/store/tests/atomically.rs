//! `Store::atomically`: a use case's writes commit together or not at all,
//! nested use cases included.

use studio_store::{Store, StoreError, VersionReason};

fn example() -> studio_core::Proposal {
    studio_core::example_proposal().unwrap()
}

#[test]
fn an_error_inside_rolls_back_every_write_and_ok_commits_them_all() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = Store::open_in(dir.path()).unwrap();
    let failed: Result<(), StoreError> = s.atomically(|s| {
        let id = s.create(&example())?.id;
        s.save_version(&id, "v", VersionReason::Manual)?;
        s.record_export(&id, false)?;
        Err(StoreError::Refused("the file could not be written".into()))
    });
    assert!(failed.is_err());
    assert!(s.list(false).unwrap().is_empty(), "the draft is not kept");

    let id = s
        .atomically(|s| {
            let id = s.create(&example())?.id;
            s.save_version(&id, "v", VersionReason::Manual)?;
            Ok::<_, StoreError>(id)
        })
        .unwrap();
    assert_eq!(s.list_versions(&id).unwrap().len(), 1);
    // Reopened from disk, it is there.
    drop(s);
    let s = Store::open_in(dir.path()).unwrap();
    assert_eq!(s.list(false).unwrap().len(), 1);
}

#[test]
fn a_failed_inner_use_case_undoes_only_itself() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = Store::open_in(dir.path()).unwrap();
    let id = s.create(&example()).unwrap().id;
    s.atomically(|s| {
        s.save_version(&id, "kept", VersionReason::Manual)?;
        let inner: Result<(), StoreError> = s.atomically(|s| {
            s.save_version(&id, "undone", VersionReason::Manual)?;
            Err(StoreError::Refused("no".into()))
        });
        assert!(inner.is_err());
        Ok::<_, StoreError>(())
    })
    .unwrap();
    let names: Vec<String> = s.list_versions(&id).unwrap().into_iter().map(|v| v.name).collect();
    assert_eq!(names, vec!["kept".to_string()]);
}

#[test]
fn a_planned_review_writes_nothing_until_recorded() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = Store::open_in(dir.path()).unwrap();
    let id = s.create(&example()).unwrap().id;
    let (header, snapshot) = s.plan_review(&id).unwrap();
    assert!(s.list_versions(&id).unwrap().is_empty());
    let v = s.record_review(&header, &snapshot, "Sent").unwrap();
    assert_eq!(v.sha256, header.snapshot_sha256);
    // A header that does not match its snapshot is refused whole.
    let (mut other, snapshot) = s.plan_review(&id).unwrap();
    other.snapshot_sha256 = "0".repeat(64);
    assert!(s.record_review(&other, &snapshot, "Sent").is_err());
    assert_eq!(s.list_versions(&id).unwrap().len(), 1);
}
