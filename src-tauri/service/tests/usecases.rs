//! The use cases on a real SQLite library in a temporary folder, with real
//! files written and read back. A use case that fails must leave every
//! table as it was and no file behind.

use std::cell::Cell;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

mod common;

use studio_core::{DocumentKind, Patch, Proposal, Severity, Template};
use studio_service::{Library, Paper, ServiceError};
use studio_store::{Store, VersionReason};

fn template() -> &'static Template {
    Template::builtin().unwrap()
}

struct Fixture {
    dir: tempfile::TempDir,
    lib: Mutex<Store>,
}

impl Fixture {
    fn new() -> Fixture {
        let dir = tempfile::tempdir().unwrap();
        let lib = Mutex::new(Store::open_in(&dir.path().join("data")).unwrap());
        Fixture { dir, lib }
    }

    fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    fn add(&self, p: &Proposal) -> String {
        self.lib.lock().unwrap().create(p).unwrap().id
    }

    fn example(&self) -> String {
        self.add(&studio_core::example_proposal().unwrap())
    }

    fn blank(&self) -> String {
        self.add(&Proposal::blank(template(), DocumentKind::FullProposal, "Blank"))
    }

    /// Every row of every table, read through a second connection: what
    /// "the library did not change" means.
    fn tables(&self) -> String {
        common::tables(self.lib.lock().unwrap().path())
    }
}

/// Every file under `dir`, hidden ones included.
fn files_in(dir: &Path) -> Vec<String> {
    let mut all = Vec::new();
    if let Ok(entries) = std::fs::read_dir(dir) {
        for e in entries.flatten() {
            let p = e.path();
            if p.is_dir() {
                all.push(format!("{}/", p.display()));
                all.extend(files_in(&p));
            } else {
                all.push(p.display().to_string());
            }
        }
    }
    all.sort();
    all
}

#[test]
fn exporting_a_draft_writes_the_package_then_records_it_with_a_version_of_what_was_exported() {
    let f = Fixture::new();
    let id = f.example();
    let out = f.path("out");
    let done = studio_service::export_draft(&f.lib, &id, &out, false, Paper::A4).unwrap();
    assert_eq!(done.version, "1");
    assert!(done.zip.starts_with(&out) && done.pdf.starts_with(&out));
    let pdf = std::fs::read(&done.pdf).unwrap();
    assert!(pdf.starts_with(b"%PDF"));
    let zip = std::fs::read(&done.zip).unwrap();
    let packaged = studio_export::read_package(&zip, template()).unwrap();
    assert_eq!(
        files_in(&out),
        vec![done.pdf.display().to_string(), done.zip.display().to_string()],
        "the two files and nothing staged left over"
    );

    let store = f.lib.lock().unwrap();
    let versions = store.list_versions(&id).unwrap();
    assert_eq!(versions.len(), 1);
    assert_eq!(versions[0].reason, VersionReason::Export);
    assert_eq!(versions[0].name, "v1");
    let (_, kept) = store.load_version(&versions[0].id).unwrap();
    assert_eq!(kept, packaged, "the version holds what the package holds");
    assert_eq!(store.next_export(&id, false).unwrap().0, "2", "the export was recorded");
    drop(store);

    let copy = studio_service::export_draft(&f.lib, &id, &out, true, Paper::Letter).unwrap();
    assert_eq!(
        copy.version, "1.1",
        "a review copy after version 1 is its first draft on the way to 2"
    );
    assert!(
        copy.zip.to_string_lossy().ends_with("-review-copy.zip"),
        "{}",
        copy.zip.display()
    );
}

#[test]
fn a_final_export_of_a_draft_that_is_not_ready_is_refused_before_anything_is_written() {
    let f = Fixture::new();
    let id = f.blank();
    let before = f.tables();
    let out = f.path("out");
    let e = studio_service::export_draft(&f.lib, &id, &out, false, Paper::A4).unwrap_err();
    assert_eq!(e.code(), "not_ready");
    let ServiceError::NotReady { blocking } = &e else {
        panic!("{e}")
    };
    assert!(!blocking.is_empty());
    assert!(blocking.iter().all(|p| p.severity == Severity::Blocking));
    assert!(
        e.to_string().contains(&format!("{} problems block", blocking.len())),
        "{e}"
    );
    assert!(!out.exists(), "no folder made");
    assert_eq!(f.tables(), before);
    // A review copy of the same draft goes.
    assert!(studio_service::export_draft(&f.lib, &id, &out, true, Paper::A4).is_ok());
}

#[test]
fn an_export_that_cannot_be_published_records_nothing_and_leaves_no_file() {
    let f = Fixture::new();
    let id = f.example();
    let out = f.path("out");
    // A folder where the PDF must go: the zip is published first, then the
    // PDF cannot be; the zip that was there before comes back.
    let first = studio_service::export_draft(&f.lib, &id, &out, true, Paper::A4).unwrap();
    assert_eq!(first.version, "0.1");
    // The next review copy is 0.2: its names are taken beforehand.
    let next = |p: &std::path::Path| std::path::PathBuf::from(p.to_string_lossy().replace("-v0.1-", "-v0.2-"));
    let (zip, pdf) = (next(&first.zip), next(&first.pdf));
    std::fs::write(&zip, b"the earlier package").unwrap();
    std::fs::create_dir(&pdf).unwrap();
    let before = f.tables();
    let listing = files_in(&out);

    let e = studio_service::export_draft(&f.lib, &id, &out, true, Paper::A4).unwrap_err();
    assert!(e.to_string().contains("is a folder"), "{e}");
    assert_eq!(f.tables(), before, "nothing recorded");
    assert_eq!(files_in(&out), listing, "nothing left behind");
    assert_eq!(std::fs::read(&zip).unwrap(), b"the earlier package");
}

#[test]
fn an_export_into_a_file_or_an_unwritable_folder_records_nothing() {
    let f = Fixture::new();
    let id = f.example();
    let before = f.tables();
    let file = f.path("a-file");
    std::fs::write(&file, b"x").unwrap();
    let e = studio_service::export_draft(&f.lib, &id, &file, false, Paper::A4).unwrap_err();
    assert!(e.to_string().contains("is a file, not a folder"), "{e}");
    let e = studio_service::export_draft(&f.lib, &id, &file.join("below"), false, Paper::A4).unwrap_err();
    assert_eq!(e.code(), "io", "{e}");
    assert_eq!(f.tables(), before);
    assert_eq!(std::fs::read(&file).unwrap(), b"x");
}

/// A library that lets another export of the same draft happen between a
/// use case's first look and its recording, as a second process could.
struct Interloper<'a> {
    inner: &'a Mutex<Store>,
    draft: String,
    calls: Cell<u32>,
}

impl Library for Interloper<'_> {
    fn with<T>(&self, f: impl FnOnce(&mut Store) -> Result<T, ServiceError>) -> Result<T, ServiceError> {
        self.calls.set(self.calls.get() + 1);
        if self.calls.get() == 2 {
            self.inner.lock().unwrap().record_export(&self.draft, false).unwrap();
        }
        self.inner.with(f)
    }
}

#[test]
fn an_export_overtaken_by_another_is_refused_whole() {
    let f = Fixture::new();
    let id = f.example();
    let out = f.path("out");
    let lib = Interloper {
        inner: &f.lib,
        draft: id.clone(),
        calls: Cell::new(0),
    };
    let e = studio_service::export_draft(&lib, &id, &out, false, Paper::A4).unwrap_err();
    assert!(e.to_string().contains("export again"), "{e}");
    assert!(files_in(&out).is_empty(), "{:?}", files_in(&out));
    let store = f.lib.lock().unwrap();
    assert!(store.list_versions(&id).unwrap().is_empty());
    assert_eq!(
        store.next_export(&id, false).unwrap().0,
        "2",
        "only the other export is recorded"
    );
}

#[test]
fn sending_a_review_writes_the_file_then_records_the_review_and_its_version() {
    let f = Fixture::new();
    let id = f.example();
    let sent = studio_service::send_review(&f.lib, &id, &f.path("ecuador"), "Sent").unwrap();
    assert_eq!(sent.path, f.path("ecuador.review.zip"), "the ending is added");
    let opened = studio_export::read_review_file(&std::fs::read(&sent.path).unwrap(), template()).unwrap();
    assert_eq!(opened.header.review_id, sent.review_id);
    assert_eq!(opened.header.draft_id, id);
    let versions = f.lib.lock().unwrap().list_versions(&id).unwrap();
    assert_eq!(versions.len(), 1);
    assert_eq!(versions[0].reason, VersionReason::Review);
    assert_eq!(versions[0].sha256, opened.header.snapshot_sha256);
    assert!(f.tables().contains(&sent.review_id), "the review is recorded");
}

#[test]
fn a_review_that_cannot_be_written_records_nothing() {
    let f = Fixture::new();
    let id = f.example();
    let before = f.tables();
    let missing = f.path("no/such/dir/x.review.zip");
    let e = studio_service::send_review(&f.lib, &id, &missing, "Sent").unwrap_err();
    assert!(e.to_string().contains("does not exist"), "{e}");
    let folder = f.path("folder");
    std::fs::create_dir(&folder).unwrap();
    let e = studio_service::send_review(&f.lib, &id, &folder, "Sent").unwrap_err();
    assert!(e.to_string().contains("is a folder"), "{e}");
    let e = studio_service::send_review(&f.lib, "no-such-draft", &f.path("x.review.zip"), "Sent").unwrap_err();
    assert_eq!(e.code(), "not_found");
    assert_eq!(f.tables(), before);
    assert!(files_in(&folder).is_empty());
    assert!(!f.path("x.review.zip").exists());
}

#[test]
fn importing_and_sending_is_one_use_case_undone_whole() {
    let f = Fixture::new();
    let input =
        studio_service::read_proposal(studio_core::EXAMPLE_PROPOSAL_JSON.as_bytes().to_vec(), template()).unwrap();
    let before = f.tables();
    let folder = f.path("folder");
    std::fs::create_dir(&folder).unwrap();
    // The review file's name is taken by a folder: the draft is not kept either.
    std::fs::create_dir(folder.join("x.review.zip")).unwrap();
    let e = studio_service::import_and_send_review(&f.lib, &input, &folder.join("x"), "Sent").unwrap_err();
    assert!(e.to_string().contains("is a folder"), "{e}");
    assert_eq!(f.tables(), before);
    assert_eq!(
        files_in(&folder),
        vec![format!("{}/", folder.join("x.review.zip").display())]
    );

    let sent = studio_service::import_and_send_review(&f.lib, &input, &folder.join("y"), "Sent").unwrap();
    let store = f.lib.lock().unwrap();
    assert_eq!(store.list(false).unwrap().len(), 1);
    assert_eq!(store.list_versions(&sent.draft_id).unwrap().len(), 1);
    assert!(sent.path.is_file());
}

/// The reviewer names herself and comments on the title, in her library.
fn ana_comments(reviewer: &mut Store, review_id: &str, body: &str) {
    let ana = studio_core::review::Reviewer {
        name: "Ana Torres".into(),
        organization: "Ministry of Labour".into(),
    };
    reviewer.set_reviewer(review_id, &ana).unwrap();
    let anchor = studio_core::review::Anchor::field("/cover/title", "Title");
    reviewer
        .save_review_comment(review_id, None, &anchor, body, None)
        .unwrap();
}

#[test]
fn comments_come_back_into_the_draft_and_a_missing_file_is_named() {
    let f = Fixture::new();
    let id = f.example();
    let sent = studio_service::send_review(&f.lib, &id, &f.path("r.review.zip"), "Sent").unwrap();
    let opened = studio_export::read_review_file(&std::fs::read(&sent.path).unwrap(), template()).unwrap();
    let mut reviewer = Store::open_in(&f.path("reviewer")).unwrap();
    reviewer.open_review(&opened.header, &opened.proposal).unwrap();
    ana_comments(&mut reviewer, &sent.review_id, "Shorter, please.");
    let file = f.path("ana.comments.json");
    std::fs::write(&file, reviewer.comments_file(&sent.review_id).unwrap().to_bytes()).unwrap();

    let done = studio_service::import_comments(&f.lib, &id, &file).unwrap();
    assert_eq!((done.added, done.already), (1, 0));
    let again = studio_service::import_comments(&f.lib, &id, &file).unwrap();
    assert_eq!((again.added, again.already), (0, 1));

    let before = f.tables();
    let missing = f.path("missing.json");
    let e = studio_service::import_comments(&f.lib, &id, &missing).unwrap_err();
    let text = e.to_string();
    assert!(
        text.starts_with(&format!("cannot read {}", missing.display())),
        "{text}"
    );
    assert!(!text.contains("data folder"), "{text}");
    std::fs::write(&missing, b"{\"not\": \"comments\"}").unwrap();
    let e = studio_service::import_comments(&f.lib, &id, &missing).unwrap_err();
    assert_eq!(e.to_string().matches(&missing.display().to_string()).count(), 1, "{e}");
    assert_eq!(f.tables(), before);
}

#[test]
fn opening_and_saving_give_the_assessment_the_rules_give() {
    let f = Fixture::new();
    let id = f.example();
    let store = &mut *f.lib.lock().unwrap();
    let opened = studio_service::open_draft(store, &id, "fr").unwrap();
    let direct = studio_service::assess(&opened.proposal, template(), "fr");
    assert_eq!(opened.assessment.report, direct.report);
    assert_eq!(opened.assessment.budget, direct.budget);
    assert_eq!(opened.assessment.markers, direct.markers);
    assert!(opened.assessment.report.ready, "the example is ready");

    let saved = studio_service::save(
        store,
        &id,
        &[
            Patch::Set {
                path: "/cover/title".into(),
                value: "".into(),
            },
            Patch::Set {
                path: "/no/such/field".into(),
                value: "x".into(),
            },
        ],
        "en",
    )
    .unwrap();
    assert_eq!(saved.result.rejected.len(), 1);
    assert!(!saved.assessment.report.ready);
    assert!(saved
        .assessment
        .report
        .problems
        .iter()
        .any(|p| p.path == "/cover/title"));
    // The app's JSON: the assessment's parts beside the save result.
    let json = serde_json::to_value(&saved).unwrap();
    for key in ["saved_at", "rejected", "report", "budget", "markers"] {
        assert!(json.get(key).is_some(), "{key} in {json}");
    }
}

#[test]
fn a_package_reads_as_the_proposal_it_holds() {
    let f = Fixture::new();
    let id = f.example();
    let done = studio_service::export_draft(&f.lib, &id, &f.path("out"), false, Paper::A4).unwrap();
    let from_zip = studio_service::read_proposal_file(&done.zip, template()).unwrap();
    assert_eq!(from_zip.proposal, f.lib.lock().unwrap().load(&id).unwrap());
    let cut = f.path("cut.zip");
    let bytes = std::fs::read(&done.zip).unwrap();
    std::fs::write(&cut, &bytes[..bytes.len() / 2]).unwrap();
    let e = studio_service::read_proposal_file(&cut, template()).unwrap_err();
    let text = e.to_string();
    assert!(text.starts_with(&cut.display().to_string()), "{text}");
    assert!(text.contains("not a Proposal Studio submission package"), "{text}");
}

#[test]
fn the_reviewer_opens_the_file_comments_and_returns_a_file_the_author_imports() {
    let author = Fixture::new();
    let id = author.example();
    let sent = studio_service::send_review(&author.lib, &id, &author.path("ecuador"), "Sent").unwrap();

    // The reviewer's side, on a library of their own.
    let reviewer = Fixture::new();
    let missing = studio_service::open_review_file(&reviewer.lib, &reviewer.path("none.review.zip")).unwrap_err();
    assert!(missing.to_string().contains("none.review.zip"), "{missing}");
    let work = studio_service::open_review_file(&reviewer.lib, &sent.path).unwrap();
    assert_eq!(work.header.review_id, sent.review_id);
    assert!(work.comments.is_empty());
    let again = studio_service::open_review_file(&reviewer.lib, &sent.path).unwrap();
    assert_eq!(again.header, work.header, "opening again gives the same review");

    let nameless = studio_service::return_comments(&reviewer.lib, &sent.review_id, &reviewer.path("back"));
    assert!(nameless.unwrap_err().to_string().contains("enter your name"));
    assert!(
        !reviewer.path("back.comments.json").exists(),
        "a refused return writes nothing"
    );
    ana_comments(&mut reviewer.lib.lock().unwrap(), &sent.review_id, "Say who benefits.");
    let (path, comments) =
        studio_service::return_comments(&reviewer.lib, &sent.review_id, &reviewer.path("back")).unwrap();
    assert_eq!(path, reviewer.path("back.comments.json"), "the ending is added");
    assert_eq!(comments, 1);

    let done = studio_service::import_comments(&author.lib, &id, &path).unwrap();
    assert_eq!((done.added, done.already), (1, 0));
}

#[test]
fn a_merge_preview_shows_the_changes_and_collisions_and_writes_nothing_until_applied() {
    use std::collections::BTreeMap;
    use studio_core::merge::{Assignment, Step, Take};
    use studio_core::review::Reviewer;

    let author = Fixture::new();
    let id = author.example();
    let share = author.path("to undp.share.zip");
    studio_service::share_draft(&author.lib, &id, Assignment::new("UNDP"), &share).unwrap();

    // UNDP opens the share and rewrites one of its budget lines.
    let undp = Fixture::new();
    let theirs = studio_service::open_share(&undp.lib, &share).unwrap().id;
    let (line_index, line_id) = {
        let p = undp.lib.lock().unwrap().load(&theirs).unwrap();
        let i = p.budget.lines.iter().position(|l| l.puno == "UNDP").unwrap();
        (i, p.budget.lines[i].id.clone())
    };
    let set = |f: &Fixture, draft: &str, text: &str| {
        let patch = Patch::Set {
            path: format!("/budget/lines/{line_index}/description"),
            value: text.into(),
        };
        let store = &mut *f.lib.lock().unwrap();
        assert!(studio_service::save(store, draft, &[patch], "en")
            .unwrap()
            .result
            .rejected
            .is_empty());
    };
    set(&undp, &theirs, "Value-chain studies in four cantons");
    // And comments on a section it was not given; a draft not opened from a
    // share takes no such comment.
    let anchor = studio_core::review::Anchor {
        kind: studio_core::review::AnchorKind::Section,
        path: "context".into(),
        row_id: None,
        paragraph: None,
        label: "Context".into(),
    };
    let own = undp.example();
    let refused = undp.lib.lock().unwrap().save_share_comment(&own, None, &anchor, "No.");
    assert!(refused.is_err());
    let first = undp
        .lib
        .lock()
        .unwrap()
        .save_share_comment(&theirs, None, &anchor, "Cite the 2025 survey")
        .unwrap();
    let edited = undp
        .lib
        .lock()
        .unwrap()
        .save_share_comment(&theirs, Some(&first.id), &anchor, "Cite the 2025 household survey.")
        .unwrap();
    assert_eq!(edited.id, first.id);
    assert_eq!(undp.lib.lock().unwrap().share_comments(&theirs).unwrap().len(), 1);
    let file = undp.path("undp.contribution.json");
    let who = Reviewer {
        name: "Ana".into(),
        organization: String::new(),
    };
    studio_service::return_contribution(&undp.lib, &theirs, None, who, &file).unwrap();

    // Meanwhile the author rewrote the same words.
    set(&author, &id, "Value-chain analysis");
    let before = author.tables();
    let preview = studio_service::preview_merge(&author.lib, &id, &file, &BTreeMap::new(), "en").unwrap();
    assert_eq!(author.tables(), before, "a preview writes nothing");
    assert!(!preview.report.merged);
    assert_eq!(preview.report.collisions.len(), 1);
    let path = preview.report.collisions[0].path.clone();
    assert!(path.contains(&Step::Row { id: line_id.clone() }), "{path:?}");
    assert!(
        preview.lines.iter().any(|l| l.contains("Budget lines")),
        "{:?}",
        preview.lines
    );
    // Unsettled, the collision keeps ours: nothing differs yet.
    assert!(preview.comparison.identical);

    let settled = BTreeMap::from([(path, Take::Theirs)]);
    let preview = studio_service::preview_merge(&author.lib, &id, &file, &settled, "en").unwrap();
    assert!(preview.report.collisions.is_empty());
    assert!(!preview.comparison.identical, "taking theirs changes the line");
    assert_eq!(author.tables(), before, "still nothing written");

    assert_eq!(preview.report.comments, 1);
    let report = studio_service::merge_contribution(&author.lib, &id, &file, &settled, None, false).unwrap();
    assert!(report.merged);
    let filed = author.lib.lock().unwrap().list_comments(&id).unwrap();
    assert!(
        filed.iter().any(|c| c.comment.body == "Cite the 2025 household survey."
            && c.comment.anchor.path == "context"
            && c.reviewer.organization == "UNDP"),
        "{filed:?}"
    );
    let merged = author.lib.lock().unwrap().load(&id).unwrap();
    let line = merged.budget.lines.iter().find(|l| l.id == line_id).unwrap();
    assert_eq!(line.description, "Value-chain studies in four cantons");
    let again = studio_service::preview_merge(&author.lib, &id, &file, &BTreeMap::new(), "en").unwrap();
    assert!(again.report.already);
    assert!(again.comparison.identical);
}
