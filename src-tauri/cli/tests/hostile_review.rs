//! The review importers under hostile input: review files with flipped,
//! cut or random bytes, and comments files with any value replaced by junk
//! (re-sealed, so the checks behind the checksum are reached too). No panic,
//! an error in words, and a refused import leaves the author's draft and
//! comments exactly as they were.

use proptest::prelude::*;
use serde_json::Value;
use studio_core::review::{Anchor, AnchorKind, CommentsFile, ReviewHeader, Reviewer};
use studio_core::Template;
use studio_store::Store;

fn template() -> &'static Template {
    Template::builtin().unwrap()
}

/// A real review file's bytes, and the draft it was sent from.
fn sent() -> (tempfile::TempDir, Store, String, ReviewHeader, Vec<u8>) {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open_in(&dir.path().join("author")).unwrap();
    let id = store.create(&studio_core::example_proposal().unwrap()).unwrap().id;
    let (header, snapshot) = store.begin_review(&id, "Sent").unwrap();
    let out = dir.path().join("r.review.zip");
    studio_export::write_review_file(&snapshot, template(), &header, &out).unwrap();
    let bytes = std::fs::read(&out).unwrap();
    (dir, store, id, header, bytes)
}

/// One review file for all the byte-flipping cases (writing it typesets a PDF).
fn review_bytes() -> &'static [u8] {
    static BYTES: std::sync::OnceLock<Vec<u8>> = std::sync::OnceLock::new();
    BYTES.get_or_init(|| sent().4)
}

fn comments_for(dir: &std::path::Path, header: &ReviewHeader, bytes: &[u8]) -> CommentsFile {
    let opened = studio_export::read_review_file(bytes, template()).unwrap();
    let mut r = Store::open_in(&dir.join("reviewer")).unwrap();
    r.open_review(header, &opened.proposal).unwrap();
    r.set_reviewer(
        &header.review_id,
        &Reviewer {
            name: "Ana".into(),
            organization: "Ministry".into(),
        },
    )
    .unwrap();
    let title = Anchor::field("/cover/title", "Title");
    r.save_review_comment(&header.review_id, None, &title, "Shorter.", Some("A title"))
        .unwrap();
    let mut para = title.clone();
    para.kind = AnchorKind::Paragraph;
    para.path = "/narrative/context.body".into();
    para.paragraph = Some(0);
    r.save_review_comment(&header.review_id, None, &para, "Which source?", None)
        .unwrap();
    r.comments_file(&header.review_id).unwrap()
}

fn junk() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(Value::Null),
        any::<i64>().prop_map(Value::from),
        ".{0,30}".prop_map(Value::from),
        Just(Value::from("/../../etc/passwd")),
        Just(Value::from("<img src=x onerror=alert(1)>")),
        Just(Value::from("\u{202E}\u{0}".repeat(4))),
        Just(Value::from("x".repeat(200_001))),
        Just(serde_json::json!({"kind": "field", "path": "/cover/title"})),
        Just(serde_json::json!([])),
    ]
}

/// Replaces the value found by walking `path` (indices into objects and
/// arrays, each taken modulo the size) with `junk`.
fn replace(v: &mut Value, path: &[usize], junk: Value) {
    let mut node = v;
    for (depth, i) in path.iter().enumerate() {
        let next = match node {
            Value::Object(m) if !m.is_empty() => {
                let k = m.keys().nth(i % m.len()).unwrap().clone();
                m.get_mut(&k).unwrap()
            }
            Value::Array(a) if !a.is_empty() => {
                let n = a.len();
                &mut a[i % n]
            }
            _ => return,
        };
        if depth + 1 == path.len() {
            *next = junk;
            return;
        }
        node = next;
    }
}

/// Seals a JSON value the way the app does, so the checksum passes.
fn sealed(v: &Value) -> Option<Vec<u8>> {
    let file: CommentsFile = serde_json::from_value(v.clone()).ok()?;
    Some(file.to_bytes())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

    #[test]
    fn review_files_with_flipped_or_cut_bytes_are_refused_cleanly(at in any::<usize>(), byte in any::<u8>(), cut in any::<bool>()) {
        let mut bytes = review_bytes().to_vec();
        let i = at % bytes.len();
        if cut { bytes.truncate(i) } else { bytes[i] ^= byte | 1 }
        match studio_export::read_review_file(&bytes, template()) {
            Ok(opened) => prop_assert_eq!(opened.proposal, studio_core::example_proposal().unwrap()),
            Err(e) => prop_assert!(!e.to_string().is_empty()),
        }
    }

    #[test]
    fn random_bytes_are_neither_review_nor_comments_files(bytes in prop::collection::vec(any::<u8>(), 0..4096)) {
        prop_assert!(studio_export::read_review_file(&bytes, template()).is_err());
        prop_assert!(CommentsFile::from_bytes(&bytes).is_err());
    }
}

#[test]
fn mutated_comments_files_never_change_the_draft_when_refused() {
    use proptest::strategy::ValueTree;
    let (dir, mut store, id, header, bytes) = sent();
    let good = comments_for(dir.path(), &header, &bytes);
    let value = serde_json::to_value(&good).unwrap();
    let draft_before = store.load(&id).unwrap();
    let mut runner = proptest::test_runner::TestRunner::deterministic();
    let (mut refused, mut imported) = (0, 0);
    for round in 0..300 {
        let (path, j) = (prop::collection::vec(any::<usize>(), 1..6), junk())
            .new_tree(&mut runner)
            .unwrap()
            .current();
        let mut v = value.clone();
        replace(&mut v, &path, j);
        // Half the time re-seal, so the checks behind the checksum are reached.
        let bytes = if round % 2 == 0 {
            sealed(&v).unwrap_or_else(|| v.to_string().into_bytes())
        } else {
            v.to_string().into_bytes()
        };
        let comments_before = store.list_comments(&id).unwrap();
        let outcome = CommentsFile::from_bytes(&bytes)
            .map_err(|e| e.to_string())
            .and_then(|f| store.import_comments(&id, &f).map_err(|e| e.to_string()));
        match outcome {
            Ok(_) => imported += 1,
            Err(message) => {
                assert!(!message.is_empty());
                assert_eq!(
                    store.list_comments(&id).unwrap(),
                    comments_before,
                    "a refused import changed the comments"
                );
                refused += 1;
            }
        }
        assert_eq!(store.load(&id).unwrap(), draft_before, "an import changed the draft");
    }
    assert!(refused > 100, "{refused} refused, {imported} imported");
}

/// One exported submission package.
fn package_bytes() -> &'static [u8] {
    static BYTES: std::sync::OnceLock<Vec<u8>> = std::sync::OnceLock::new();
    BYTES.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        let opts = studio_export::Options {
            review: None,
            paper: Default::default(),
            review_copy: false,
            version: "1".into(),
            date: "2026-11-28".into(),
        };
        let written =
            studio_export::write_package(&studio_core::example_proposal().unwrap(), template(), &opts, dir.path())
                .unwrap();
        std::fs::read(written.zip).unwrap()
    })
}

#[test]
fn a_package_gives_back_its_proposal_and_a_changed_one_is_refused() {
    let p = studio_export::read_package(package_bytes(), template()).unwrap();
    assert_eq!(p, studio_core::example_proposal().unwrap());
    // Rewrite one entry with different content but the old manifest.
    let mut z = zip::ZipArchive::new(std::io::Cursor::new(package_bytes())).unwrap();
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for i in 0..z.len() {
        let mut e = z.by_index(i).unwrap();
        let mut data = Vec::new();
        std::io::Read::read_to_end(&mut e, &mut data).unwrap();
        if e.name().ends_with(".proposal.json") {
            data = String::from_utf8(data)
                .unwrap()
                .replacen("Ecuador", "Ecuadur", 1)
                .into_bytes();
        }
        w.start_file(e.name(), zip::write::SimpleFileOptions::default())
            .unwrap();
        std::io::Write::write_all(&mut w, &data).unwrap();
    }
    let tampered = w.finish().unwrap().into_inner();
    let e = studio_export::read_package(&tampered, template()).unwrap_err();
    assert!(e.to_string().contains("changed after it was exported"), "{e}");
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

    #[test]
    fn packages_with_flipped_or_cut_bytes_are_refused_cleanly(at in any::<usize>(), byte in any::<u8>(), cut in any::<bool>()) {
        let mut bytes = package_bytes().to_vec();
        let i = at % bytes.len();
        if cut { bytes.truncate(i) } else { bytes[i] ^= byte | 1 }
        match studio_export::proposal_bytes(bytes, template()) {
            Ok(json) => {
                // Either the package survived intact, or the bytes are no
                // longer a zip and go on to the proposal reader, which refuses them.
                if let Err(e) = studio_core::Proposal::from_json_bytes(&json, template()) { prop_assert!(!e.to_string().is_empty()) }
            }
            Err(e) => prop_assert!(!e.to_string().is_empty()),
        }
    }
}
