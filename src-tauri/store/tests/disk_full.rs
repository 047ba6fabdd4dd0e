//! A full disk while saving: the save fails with `disk_full`, nothing on disk
//! is damaged, and saving resumes once space returns. Uses a small tmpfs, so
//! it needs root: it is `#[ignore]`d, which the test runner counts as
//! ignored, and `./studio test` runs it with `--ignored` when it runs as
//! root (as CI does), where a failure to mount fails the test.

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::json;
use studio_core::{example_proposal, Patch};
use studio_store::{Store, DATABASE_FILE};

struct Mount(PathBuf);

impl Drop for Mount {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg(&self.0).status();
    }
}

fn mount_tmpfs(dir: &Path, size: &str) -> Option<Mount> {
    let ok = Command::new("mount")
        .args(["-t", "tmpfs", "-o", &format!("size={size}"), "tmpfs"])
        .arg(dir)
        .status()
        .ok()?
        .success();
    ok.then(|| Mount(dir.to_path_buf()))
}

#[test]
#[ignore = "mounts a tmpfs, which needs root: ./studio test runs it as root"]
fn a_full_disk_refuses_the_save_damages_nothing_and_saving_resumes() {
    let dir = tempfile::tempdir().unwrap();
    let _mount = mount_tmpfs(dir.path(), "3m").expect("a 3 MB tmpfs is mounted (this test needs root)");
    let mut store = Store::open_in(dir.path()).unwrap();
    let id = store.create(&example_proposal().unwrap()).unwrap().id;
    store
        .apply_patches(
            &id,
            &[Patch::Set {
                path: "/cover/title".into(),
                value: json!("before the disk filled"),
            }],
        )
        .unwrap();

    // Fill the disk, then try to save ever larger texts until one fails.
    let filler = dir.path().join("filler");
    let _ = std::fs::write(&filler, vec![0u8; 3 * 1024 * 1024]);
    let mut failure = None;
    for n in 1..40 {
        let text = format!("{n} ").repeat(20_000 * n);
        match store.apply_patches(
            &id,
            &[Patch::Set {
                path: "/narrative/context.body".into(),
                value: json!(text),
            }],
        ) {
            Ok(_) => continue,
            Err(e) => {
                failure = Some(e);
                break;
            }
        }
    }
    let e = failure.expect("the disk fills up");
    assert_eq!(e.code(), "disk_full", "{e}");
    assert!(e.to_string().contains("disk is full"), "{e}");

    // Nothing is damaged: the last saved state is intact.
    drop(store);
    std::fs::remove_file(&filler).unwrap();
    let conn = rusqlite::Connection::open(dir.path().join(DATABASE_FILE)).unwrap();
    let check: String = conn.query_row("PRAGMA integrity_check", [], |r| r.get(0)).unwrap();
    assert_eq!(check, "ok");
    drop(conn);
    let mut store = Store::open_in(dir.path()).unwrap();
    assert_eq!(store.load(&id).unwrap().cover.title, "before the disk filled");

    // With space back, the same save goes through.
    let text = "resumed ".repeat(10_000);
    store
        .apply_patches(
            &id,
            &[Patch::Set {
                path: "/narrative/context.body".into(),
                value: json!(text.clone()),
            }],
        )
        .unwrap();
    assert_eq!(store.load(&id).unwrap().narrative["context.body"], text);
}
