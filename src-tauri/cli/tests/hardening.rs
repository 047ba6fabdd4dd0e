//! The CLI's promises as a user meets them: a failed command changes
//! nothing, the command line is parsed strictly, output is inert, and
//! messages say what is wrong with which file.

use std::path::{Path, PathBuf};
use std::process::Command;

mod common;
use common::{proposal, text};

/// The database file and its WAL, as bytes (the process has closed them).
fn db_bytes(data: &Path) -> Vec<u8> {
    let db = data.join(studio_store::DATABASE_FILE);
    let mut all = std::fs::read(&db).unwrap();
    for side in ["-wal", "-shm"] {
        all.extend(std::fs::read(format!("{}{side}", db.display())).unwrap_or_default());
    }
    all
}

struct Setup {
    dir: tempfile::TempDir,
    data: PathBuf,
    example: PathBuf,
}

fn setup() -> Setup {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let example = dir.path().join("example.json");
    std::fs::write(&example, proposal(&data, &["example"]).stdout).unwrap();
    Setup { dir, data, example }
}

fn import(s: &Setup, file: &Path) -> String {
    let out = proposal(&s.data, &["import", file.to_str().unwrap()]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    text(&out.stdout).trim().to_string()
}

#[test]
fn a_failed_review_export_leaves_the_database_byte_for_byte_unchanged() {
    let s = setup();
    let id = import(&s, &s.example);
    let before = db_bytes(&s.data);
    let list_before = text(&proposal(&s.data, &["list", "--json"]).stdout);
    let folder = s.dir.path().join("a-folder");
    std::fs::create_dir(&folder).unwrap();
    let example = s.example.to_str().unwrap();
    let cases: Vec<Vec<&str>> = vec![
        vec!["review", "export", example, "--out", "/no/such/dir/x.review.zip"],
        vec!["review", "export", example, "--out", folder.to_str().unwrap()],
        vec!["review", "export", "--draft", &id, "--out", "/no/such/dir/x.review.zip"],
        vec!["review", "export", "--draft", &id, "--out", folder.to_str().unwrap()],
    ];
    for args in cases {
        let out = proposal(&s.data, &args);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {}", text(&out.stderr));
        let err = text(&out.stderr);
        assert!(
            err.contains("does not exist") || err.contains("is a folder"),
            "{args:?}: {err}"
        );
        assert!(out.stdout.is_empty(), "{args:?}");
        assert_eq!(db_bytes(&s.data), before, "{args:?} changed the database");
    }
    assert_eq!(
        std::fs::read_dir(&folder).unwrap().count(),
        0,
        "nothing left in the folder"
    );
    assert_eq!(text(&proposal(&s.data, &["list", "--json"]).stdout), list_before);
    let versions = proposal(&s.data, &["versions", &id, "--json"]);
    assert_eq!(text(&versions.stdout).trim(), "[]");

    // And the same command with a good --out does all of it.
    let good = s.dir.path().join("ok.review.zip");
    let out = proposal(
        &s.data,
        &["review", "export", "--draft", &id, "--out", good.to_str().unwrap()],
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(good.is_file());
}

#[test]
fn a_failed_export_leaves_no_file() {
    let s = setup();
    let file = s.dir.path().join("a-file");
    std::fs::write(&file, b"keep me").unwrap();
    let out = proposal(
        &s.data,
        &["export", s.example.to_str().unwrap(), "--out", file.to_str().unwrap()],
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("is a file, not a folder"),
        "{}",
        text(&out.stderr)
    );
    assert_eq!(std::fs::read(&file).unwrap(), b"keep me");
    let names: Vec<_> = std::fs::read_dir(s.dir.path())
        .unwrap()
        .flatten()
        .map(|e| e.file_name())
        .collect();
    assert!(
        names.iter().all(|n| !n.to_string_lossy().contains("partial")),
        "{names:?}"
    );
}

#[test]
fn the_command_line_is_parsed_strictly_with_short_messages() {
    let s = setup();
    for args in [
        vec!["list", "--leter"],
        vec!["export", s.example.to_str().unwrap(), "--out", "x", "--leter"],
        vec!["frobnicate"],
        vec!["validate"],
        vec!["validate", s.example.to_str().unwrap(), "--draft", "abc"],
        vec![
            "export",
            s.example.to_str().unwrap(),
            "--out",
            "x",
            "--date",
            "tomorrow",
        ],
        vec!["export", s.example.to_str().unwrap(), "--out", "x", "--version", "zero"],
    ] {
        let out = proposal(&s.data, &args);
        let err = text(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {err}");
        assert!(
            err.len() < 600 && err.lines().all(|l| l.len() < 200),
            "{args:?}: short: {err}"
        );
        assert!(err.contains("--help"), "{args:?}: {err}");
        assert!(out.stdout.is_empty());
    }
    // `--out --json` does not take `--json` as the folder.
    let cwd = tempfile::tempdir().unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_proposal"))
        .args(["export", s.example.to_str().unwrap(), "--out", "--json"])
        .env("PROPOSAL_STUDIO_DATA_DIR", &s.data)
        .current_dir(cwd.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "{}", text(&out.stderr));
    assert_eq!(
        std::fs::read_dir(cwd.path()).unwrap().count(),
        0,
        "no folder named --json"
    );
    assert!(
        !s.data.join(studio_store::DATABASE_FILE).exists(),
        "no library created by a usage error"
    );
    // Help and version still exit 0.
    for args in [
        vec!["--help"],
        vec!["--version"],
        vec!["export", "--help"],
        vec!["review", "export", "-h"],
    ] {
        assert_eq!(proposal(&s.data, &args).status.code(), Some(0), "{args:?}");
    }
}

const HOSTILE: &str = "Evil\u{1b}[2J\u{1b}]0;pwned\u{7}\r\nforged-row  0/0 ready\u{202e}";

fn assert_inert(what: &str, out: &str) {
    for bad in ['\u{1b}', '\r', '\u{7}', '\u{202e}'] {
        assert!(!out.contains(bad), "{what}: {bad:?} reached the terminal: {out:?}");
    }
    assert!(
        !out.lines().any(|l| l.starts_with("forged-row")),
        "{what}: a forged line: {out:?}"
    );
    assert!(out.contains("\\u{1b}[2J"), "{what}: shown escaped: {out:?}");
}

#[test]
fn names_with_control_characters_are_printed_escaped() {
    let s = setup();
    let mut v: serde_json::Value = serde_json::from_slice(&std::fs::read(&s.example).unwrap()).unwrap();
    v["name"] = HOSTILE.into();
    v["cover"]["countries"] = serde_json::json!([HOSTILE]);
    // A budget line for a PUNO that is not on the cover: its name is quoted in a problem.
    v["budget"]["lines"][0]["puno"] = HOSTILE.into();
    let file = s.dir.path().join("hostile.json");
    std::fs::write(&file, v.to_string()).unwrap();

    let validated = proposal(&s.data, &["validate", file.to_str().unwrap()]);
    let out = text(&validated.stdout);
    assert_inert("validate", &out);
    let json = proposal(&s.data, &["validate", file.to_str().unwrap(), "--json"]);
    let parsed: serde_json::Value = serde_json::from_slice(&json.stdout).expect("--json stays valid JSON");
    assert!(
        parsed["problems"].to_string().contains("\\u001b"),
        "{}",
        parsed["problems"]
    );

    let id = import(&s, &file);
    let listed = text(&proposal(&s.data, &["list"]).stdout);
    assert_inert("list", &listed);
    assert_eq!(listed.lines().count(), 1, "one draft, one line: {listed:?}");
    let list_json: serde_json::Value = serde_json::from_slice(&proposal(&s.data, &["list", "--json"]).stdout).unwrap();
    assert_eq!(list_json[0]["name"], HOSTILE, "--json keeps the name exactly");

    // A reviewer with a hostile name.
    let review = s.dir.path().join("r.review.zip");
    let out = proposal(
        &s.data,
        &["review", "export", "--draft", &id, "--out", review.to_str().unwrap()],
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let opened = studio_export::read_review_file(
        &std::fs::read(&review).unwrap(),
        studio_core::Template::builtin().unwrap(),
    )
    .unwrap();
    let mut r = studio_store::Store::open_in(&s.dir.path().join("reviewer")).unwrap();
    let rid = opened.header.review_id.clone();
    r.open_review(&opened.header, &opened.proposal).unwrap();
    r.set_reviewer(
        &rid,
        &studio_core::review::Reviewer {
            name: "Ana\u{1b}[2J\r\nforged-row".into(),
            organization: "Ministry\u{1b}]0;pwned\u{7}".into(),
        },
    )
    .unwrap();
    let anchor = studio_core::review::Anchor::field("/cover/title", "Title");
    r.save_review_comment(&rid, None, &anchor, "Shorter.", None).unwrap();
    let comments = s.dir.path().join("ana.comments.json");
    std::fs::write(&comments, r.comments_file(&rid).unwrap().to_bytes()).unwrap();
    let out = proposal(&s.data, &["review", "import", &id, comments.to_str().unwrap()]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_inert("review import", &text(&out.stdout));
}

#[test]
fn validate_reads_a_package_as_import_does() {
    let s = setup();
    let out_dir = s.dir.path().join("out");
    let out = proposal(
        &s.data,
        &[
            "export",
            s.example.to_str().unwrap(),
            "--out",
            out_dir.to_str().unwrap(),
            "--date",
            "2026-11-28",
        ],
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let zip = text(&out.stdout).lines().next().unwrap().to_string();
    let from_zip = proposal(&s.data, &["validate", &zip, "--json"]);
    assert_eq!(from_zip.status.code(), Some(0), "{}", text(&from_zip.stderr));
    let from_file = proposal(&s.data, &["validate", s.example.to_str().unwrap(), "--json"]);
    assert_eq!(from_zip.stdout, from_file.stdout, "the same report");
}

#[test]
fn a_missing_or_oversized_comments_file_is_named_once() {
    let s = setup();
    let id = import(&s, &s.example);
    let missing = s.dir.path().join("missing.json");
    let out = proposal(&s.data, &["review", "import", &id, missing.to_str().unwrap()]);
    let err = text(&out.stderr);
    assert_eq!(out.status.code(), Some(2));
    assert!(err.contains(&format!("cannot read {}", missing.display())), "{err}");
    assert!(!err.contains("data folder"), "{err}");

    let big = s.dir.path().join("big.comments.json");
    let f = std::fs::File::create(&big).unwrap();
    f.set_len(studio_core::limits::MAX_COMMENTS_FILE_BYTES + 1).unwrap();
    let out = proposal(&s.data, &["review", "import", &id, big.to_str().unwrap()]);
    let err = text(&out.stderr);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(err.matches(big.to_str().unwrap()).count(), 1, "{err}");
    assert!(err.contains("larger than"), "{err}");
}
