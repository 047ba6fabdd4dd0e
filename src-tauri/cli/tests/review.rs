//! `proposal review export` and `proposal review import` as processes, with
//! the reviewer's side played on a second data folder.

use studio_core::review::{Anchor, Reviewer};
use studio_store::Store;

mod common;
use common::{proposal, text};

#[test]
fn review_export_then_import_comments_once() {
    let dir = tempfile::tempdir().unwrap();
    let (author, reviewer) = (dir.path().join("author"), dir.path().join("reviewer"));
    let example = dir.path().join("example.json");
    std::fs::write(&example, proposal(&author, &["example"]).stdout).unwrap();
    let review_file = dir.path().join("ecuador.review.zip");
    let out = proposal(
        &author,
        &[
            "review",
            "export",
            example.to_str().unwrap(),
            "--out",
            review_file.to_str().unwrap(),
        ],
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let draft_id = text(&out.stdout).lines().nth(1).unwrap().to_string();
    assert_eq!(draft_id.len(), 32);

    // The reviewer opens the file in their own library and comments.
    let opened = studio_export::read_review_file(
        &std::fs::read(&review_file).unwrap(),
        studio_core::Template::builtin().unwrap(),
    )
    .unwrap();
    let mut r = Store::open_in(&reviewer).unwrap();
    let id = opened.header.review_id.clone();
    r.open_review(&opened.header, &opened.proposal).unwrap();
    r.set_reviewer(
        &id,
        &Reviewer {
            name: "Ana Torres".into(),
            organization: "Ministry of Labour".into(),
        },
    )
    .unwrap();
    let title = Anchor::field("/cover/title", "Title");
    r.save_review_comment(&id, None, &title, "Please shorten.", None)
        .unwrap();
    let comments = dir.path().join("ana.comments.json");
    std::fs::write(&comments, r.comments_file(&id).unwrap().to_bytes()).unwrap();

    let out = proposal(&author, &["review", "import", &draft_id, comments.to_str().unwrap()]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_eq!(
        text(&out.stdout).trim(),
        "1 new comments from Ana Torres (Ministry of Labour); 0 already imported"
    );
    let again = proposal(&author, &["review", "import", &draft_id, comments.to_str().unwrap()]);
    assert_eq!(
        text(&again.stdout).trim(),
        "0 new comments from Ana Torres (Ministry of Labour); 1 already imported"
    );

    // The export took a version.
    let versions = proposal(&author, &["versions", &draft_id, "--json"]);
    let v: serde_json::Value = serde_json::from_slice(&versions.stdout).unwrap();
    assert_eq!(v[0]["reason"], "review");

    // Bad files: a cut comments file, and a proposal file passed as comments.
    let bytes = std::fs::read(&comments).unwrap();
    std::fs::write(&comments, &bytes[..bytes.len() - 40]).unwrap();
    let out = proposal(&author, &["review", "import", &draft_id, comments.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("cut short"), "{}", text(&out.stderr));
    let out = proposal(&author, &["review", "import", &draft_id, example.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("not a Proposal Studio comments file"),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn an_exported_package_imports_as_a_draft() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let example = dir.path().join("example.json");
    std::fs::write(&example, proposal(&data, &["example"]).stdout).unwrap();
    let out = proposal(
        &data,
        &[
            "export",
            example.to_str().unwrap(),
            "--out",
            dir.path().to_str().unwrap(),
            "--date",
            "2026-11-28",
        ],
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let zip = text(&out.stdout).lines().next().unwrap().to_string();
    let out = proposal(&data, &["import", &zip]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let list: serde_json::Value = serde_json::from_slice(&proposal(&data, &["list", "--json"]).stdout).unwrap();
    assert_eq!(list[0]["countries"][0], "Ecuador");
    // A truncated package is refused in words.
    let bytes = std::fs::read(&zip).unwrap();
    let cut = dir.path().join("cut.zip");
    std::fs::write(&cut, &bytes[..bytes.len() / 2]).unwrap();
    let out = proposal(&data, &["import", cut.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("not a Proposal Studio submission package"),
        "{}",
        text(&out.stderr)
    );
}
