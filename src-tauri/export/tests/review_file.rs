//! The review file, written and read back, and every bad file refused.

use studio_core::review::{sha256_hex, ReviewHeader};
use studio_core::Template;
use studio_export::{read_review_file, write_review_file};

mod common;

fn header(p: &studio_core::Proposal) -> ReviewHeader {
    ReviewHeader {
        review_id: "5f0c2d7e9a1b4c3d8e6f7a8b9c0d1e2f".into(),
        draft_id: "0a1b2c3d4e5f60718293a4b5c6d7e8f9".into(),
        title: p.cover.title.clone(),
        sent_on: "2026-11-28".into(),
        snapshot_sha256: sha256_hex(p.to_json_pretty().as_bytes()),
    }
}

fn written() -> (tempfile::TempDir, Vec<u8>, studio_core::Proposal) {
    let t = Template::builtin().unwrap();
    let p = studio_core::example_proposal().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("ecuador.review.zip");
    write_review_file(&p, t, &header(&p), &out).unwrap();
    let bytes = std::fs::read(&out).unwrap();
    (dir, bytes, p)
}

fn refused(bytes: &[u8]) -> String {
    read_review_file(bytes, Template::builtin().unwrap())
        .unwrap_err()
        .to_string()
}

#[test]
fn a_review_file_carries_the_snapshot_a_pdf_and_the_ids() {
    let (dir, bytes, p) = written();
    let opened = read_review_file(&bytes, Template::builtin().unwrap()).unwrap();
    assert_eq!(opened.proposal, p);
    assert_eq!(opened.header, header(&p));
    let names: Vec<String> = common::zip_entries(&bytes).into_iter().map(|(n, _)| n).collect();
    assert!(names.contains(&"review.json".to_string()) && names.contains(&"proposal.json".to_string()));
    assert!(names.contains(&"README.txt".to_string()));
    // The PDF inside is a real PDF that poppler reads, marked as a review copy.
    let pdf = common::zip_entries(&bytes)
        .into_iter()
        .find(|(n, _)| n.ends_with(".pdf"))
        .unwrap()
        .1;
    let path = dir.path().join("copy.pdf");
    std::fs::write(&path, pdf).unwrap();
    assert!(common::pdftotext(&path).contains("Review copy — not for submission"));
}

#[test]
fn a_tampered_snapshot_is_refused() {
    let (_d, bytes, _) = written();
    let mut files = common::zip_entries(&bytes);
    let snap = files.iter_mut().find(|(n, _)| n == "proposal.json").unwrap();
    snap.1 = String::from_utf8(snap.1.clone())
        .unwrap()
        .replacen("Ecuador", "Ecuadur", 1)
        .into_bytes();
    let rebuilt = common::rezip(&files);
    assert!(refused(&rebuilt).contains("changed after it was sent"));
}

#[test]
fn an_extra_file_slipped_in_is_refused() {
    let (_d, bytes, _) = written();
    let mut files = common::zip_entries(&bytes);
    files.push(("run-me.sh".into(), b"echo".to_vec()));
    let rebuilt = common::rezip(&files);
    assert!(refused(&rebuilt).contains("changed after it was sent"));
}

#[test]
fn a_truncated_file_is_refused() {
    let (_d, bytes, _) = written();
    for cut in [bytes.len() / 2, bytes.len() - 10, 100] {
        let e = refused(&bytes[..cut]);
        assert!(
            e.contains("not a Proposal Studio review file") || e.contains("cut short"),
            "{e}"
        );
    }
}

#[test]
fn entries_pointing_outside_the_folder_are_refused() {
    for name in [
        "../evil.txt",
        "/etc/passwd",
        "sub/../../x",
        "a\\..\\b",
        "folder/proposal.json",
    ] {
        let bytes = common::zip_of(&[(name, b"x"), ("review.json", b"{}")]);
        let e = refused(&bytes);
        assert!(e.contains("points outside its folder"), "{name}: {e}");
    }
}

#[test]
fn oversized_and_foreign_files_are_refused() {
    let big = vec![0u8; (studio_core::limits::MAX_REVIEW_FILE_BYTES + 1) as usize];
    assert!(refused(&big).contains("larger than"));
    assert!(refused(b"%PDF-1.7 not a zip").contains("not a Proposal Studio review file"));
    let package = common::zip_of(&[("manifest.json", b"{\"format\":\"proposal-studio/package\"}")]);
    assert!(refused(&package).contains("not a Proposal Studio review file"));
}

/// Rewrites the sizes every entry declares, in the central directory and in
/// its local header, as a hand-made hostile zip would.
fn declare_sizes(bytes: &mut [u8], packed: Option<u32>, unpacked: u32) {
    let mut i = 0;
    let mut spots = Vec::new();
    while i + 4 <= bytes.len() {
        match &bytes[i..i + 4] {
            [0x50, 0x4b, 0x01, 0x02] => spots.push((i + 20, i + 24)),
            [0x50, 0x4b, 0x03, 0x04] => spots.push((i + 18, i + 22)),
            _ => {}
        }
        i += 1;
    }
    for (packed_at, unpacked_at) in spots {
        if let Some(p) = packed {
            bytes[packed_at..packed_at + 4].copy_from_slice(&p.to_le_bytes());
        }
        bytes[unpacked_at..unpacked_at + 4].copy_from_slice(&unpacked.to_le_bytes());
    }
}

#[test]
fn a_zip_bomb_is_refused_before_it_is_inflated() {
    // Ten megabytes of one letter pack to a few kilobytes: a ratio no real
    // review file has.
    let bomb = vec![b'a'; 10 * 1024 * 1024];
    let bytes = common::zip_of(&[("review.json", b"{}"), ("snapshot.json", &bomb)]);
    assert!(bytes.len() < 100_000, "the bomb packs small ({} bytes)", bytes.len());
    let message = refused(&bytes);
    assert!(message.contains("times its packed size"), "{message}");
    assert!(message.contains("snapshot.json"), "{message}");
}

#[test]
fn a_zip_whose_entries_together_unpack_past_the_bound_is_refused_unopened() {
    // Five entries, each declared under the entry limit at a plain 1:1 ratio,
    // together past what one zip may unpack to.
    let names = ["a.json", "b.json", "c.json", "d.json", "e.json"];
    let entries: Vec<(&str, &[u8])> = names.iter().map(|n| (*n, &b"x"[..])).collect();
    let mut bytes = common::zip_of(&entries);
    let each = (studio_core::limits::MAX_ZIP_UNPACKED_BYTES / 5 + 1) as u32;
    assert!(u64::from(each) <= studio_core::limits::MAX_REVIEW_ENTRY_BYTES);
    declare_sizes(&mut bytes, Some(each), each);
    let message = refused(&bytes);
    assert!(message.contains("unpacks to more than 64 MB"), "{message}");
}

#[test]
fn a_zip_that_inflates_past_what_it_declares_is_refused_as_damaged() {
    let snapshot = vec![b'{'; 4096];
    let mut bytes = common::zip_of(&[("snapshot.json", &snapshot)]);
    declare_sizes(&mut bytes, None, 10);
    let message = refused(&bytes);
    assert!(message.contains("damaged or cut short"), "{message}");
}

#[test]
fn a_manifest_that_says_a_key_twice_is_refused_by_name() {
    // A second "files" would win and leave nothing to check.
    let (_d, bytes, _) = written();
    let mut files = common::zip_entries(&bytes);
    let manifest = files.iter_mut().find(|(n, _)| n == "review.json").unwrap();
    let text = String::from_utf8(manifest.1.clone()).unwrap();
    let end = text.rfind('}').unwrap();
    manifest.1 = format!("{}, \"files\": []}}", &text[..end]).into_bytes();
    let rebuilt = common::rezip(&files);
    let message = refused(&rebuilt);
    assert!(message.contains("manifest cannot be trusted"), "{message}");
    assert!(message.contains("\"files\""), "{message}");
}
