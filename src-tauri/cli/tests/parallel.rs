//! First use in parallel: many `proposal import` processes started at once
//! on a data folder that does not exist yet all succeed.

use std::process::{Command, Stdio};

#[test]
fn twenty_imports_at_once_on_a_fresh_folder_all_succeed() {
    let work = tempfile::tempdir().unwrap();
    let file = work.path().join("example.json");
    std::fs::write(&file, studio_core::EXAMPLE_PROPOSAL_JSON).unwrap();
    for round in 0..5 {
        let data = work.path().join(format!("data-{round}"));
        // Start all twenty before waiting for any.
        let children: Vec<_> = (0..20)
            .map(|_| {
                Command::new(env!("CARGO_BIN_EXE_proposal"))
                    .args(["import", file.to_str().unwrap()])
                    .env("PROPOSAL_STUDIO_DATA_DIR", &data)
                    .stdout(Stdio::piped())
                    .stderr(Stdio::piped())
                    .spawn()
                    .expect("start proposal")
            })
            .collect();
        let failures: Vec<String> = children
            .into_iter()
            .map(|c| c.wait_with_output().unwrap())
            .filter(|o| !o.status.success())
            .map(|o| String::from_utf8_lossy(&o.stderr).into_owned())
            .collect();
        assert!(
            failures.is_empty(),
            "round {round}: {} failed: {failures:?}",
            failures.len()
        );
        let list = Command::new(env!("CARGO_BIN_EXE_proposal"))
            .args(["list", "--json"])
            .env("PROPOSAL_STUDIO_DATA_DIR", &data)
            .output()
            .unwrap();
        let drafts: serde_json::Value = serde_json::from_slice(&list.stdout).unwrap();
        assert_eq!(
            drafts.as_array().unwrap().len(),
            20,
            "round {round}: every import is in the library"
        );
        let backups = std::fs::read_dir(data.join("backups")).unwrap().count();
        assert_eq!(backups, 1, "round {round}: one backup and no partial files left");
    }
}
