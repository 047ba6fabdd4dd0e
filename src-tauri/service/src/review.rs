//! Sending a draft for review, and taking the reviewer's comments back.

use std::path::{Path, PathBuf};

use serde::Serialize;
use studio_core::limits::{MAX_COMMENTS_FILE_BYTES, MAX_REVIEW_FILE_BYTES};
use studio_core::review::CommentsFile;
use studio_export::{read_review_file, write_review_file, REVIEW_EXTENSION};
use studio_store::{ImportSummary, ReviewWork};
use ts_rs::TS;

use crate::input::ProposalInput;
use crate::staging::{file_name, Staging};
use crate::{Library, ServiceError};

/// A review sent: where its file is, and what it answers to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct SentReview {
    pub path: PathBuf,
    pub review_id: String,
    pub draft_id: String,
}

/// `chosen` ending in `.{ext}`, the ending added when it is missing (a save
/// dialog may not add it).
pub fn with_extension(chosen: &Path, ext: &str) -> PathBuf {
    let ending = format!(".{ext}");
    if chosen.to_string_lossy().ends_with(&ending) {
        chosen.to_path_buf()
    } else {
        let mut name = chosen.as_os_str().to_owned();
        name.push(ending);
        PathBuf::from(name)
    }
}

/// The folder a review file goes into, and its name there (ending in
/// `.review.zip`). A folder named as the file is refused: the file would
/// have no name.
fn review_target(out: &Path) -> Result<(PathBuf, std::ffi::OsString), ServiceError> {
    if out.is_dir() {
        return Err(ServiceError::Refused(format!(
            "{} is a folder; name the review file to write in it, such as {}",
            out.display(),
            out.join(format!("proposal.{REVIEW_EXTENSION}")).display()
        )));
    }
    let out = with_extension(out, REVIEW_EXTENSION);
    let name = file_name(&out)?.to_os_string();
    let folder = out.parent().unwrap_or(Path::new("")).to_path_buf();
    Ok((folder, name))
}

/// Sends a draft for review: writes the review file (the snapshot, a
/// review-copy PDF, the review's id and checksums) at `out` (`.review.zip`
/// added if missing), then records the review and its version together,
/// and only then gives the file its name. A failure anywhere records
/// nothing and leaves no file.
pub fn send_review(
    lib: &impl Library,
    draft_id: &str,
    out: &Path,
    version_name: &str,
) -> Result<SentReview, ServiceError> {
    let (folder, name) = review_target(out)?;
    let (header, snapshot, template) = lib.with(|s| {
        let (header, snapshot) = s.plan_review(draft_id)?;
        Ok((header, snapshot, s.template()))
    })?;
    let mut staging = Staging::new(&folder, false)?;
    write_review_file(&snapshot, template, &header, &staging.path().join(&name))?;
    let path = lib.with(|s| {
        s.atomically(|s| {
            s.record_review(&header, &snapshot, version_name)?;
            Ok(staging.publish(&[&name])?.remove(0))
        })
    })?;
    staging.done();
    Ok(SentReview {
        path,
        review_id: header.review_id,
        draft_id: header.draft_id,
    })
}

/// Imports a proposal as a new draft and sends it for review, as one use
/// case: if the review file cannot be written, the draft is not kept
/// either. The library stays locked while the review file is typeset.
pub fn import_and_send_review(
    lib: &impl Library,
    input: &ProposalInput,
    out: &Path,
    version_name: &str,
) -> Result<SentReview, ServiceError> {
    let (folder, name) = review_target(out)?;
    let mut staging = Staging::new(&folder, false)?;
    let sent = lib.with(|s| {
        s.atomically(|s| {
            let draft = s.import_bytes(&input.bytes)?;
            let (header, snapshot) = s.plan_review(&draft.id)?;
            write_review_file(&snapshot, s.template(), &header, &staging.path().join(&name))?;
            s.record_review(&header, &snapshot, version_name)?;
            Ok(SentReview {
                path: staging.publish(&[&name])?.remove(0),
                review_id: header.review_id,
                draft_id: header.draft_id,
            })
        })
    })?;
    staging.done();
    Ok(sent)
}

/// Imports a reviewer's comments file into the draft the review was sent
/// from. The file is read and checked whole before the library is touched;
/// importing the same file again adds nothing.
pub fn import_comments(lib: &impl Library, draft_id: &str, path: &Path) -> Result<ImportSummary, ServiceError> {
    // The reader's own errors already name the file.
    let bytes = studio_store::read_limited(
        path,
        MAX_REVIEW_FILE_BYTES,
        "a comments file or an annotated review copy",
    )?;
    if bytes[..bytes.len().min(1024)].windows(5).any(|w| w == b"%PDF-") {
        return import_pdf_notes(lib, draft_id, &bytes, now_ms()).map_err(|e| e.of_file(path));
    }
    if bytes.len() as u64 > MAX_COMMENTS_FILE_BYTES {
        return Err(ServiceError::Refused(format!(
            "{}: the file is larger than {} MB; a comments file is smaller",
            path.display(),
            MAX_COMMENTS_FILE_BYTES >> 20
        )));
    }
    let file = CommentsFile::from_bytes(&bytes).map_err(|e| ServiceError::from(e).of_file(path))?;
    lib.with(|s| Ok(s.import_comments(draft_id, &file)?))
}

fn now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_millis() as i64)
}

/// Brings back the notes a reviewer made on a review copy in a PDF reader:
/// every note becomes a comment of the review the copy belongs to, on the
/// part of the proposal it lies on (see `studio_export::pdf_notes`). The
/// PDF is read whole and every note placed before the library changes; the
/// comments of all its authors are added in one transaction, and notes
/// already imported are skipped, so a second import adds nothing.
pub fn import_pdf_notes(
    lib: &impl Library,
    draft_id: &str,
    bytes: &[u8],
    now: i64,
) -> Result<ImportSummary, ServiceError> {
    use studio_core::review::{COMMENTS_FORMAT, COMMENTS_FORMAT_VERSION};
    let pdf = studio_export::pdf_notes::read_notes(bytes)?;
    let Some(review) = pdf.map.review.clone() else {
        return Err(ServiceError::Refused("this PDF is not a review copy".into()));
    };
    if review.draft_id != draft_id {
        return Err(ServiceError::Refused(
            "this review copy was made from another draft or proposal; open that draft to import its notes. Nothing was imported".into(),
        ));
    }
    lib.with(|s| {
        let snapshot = s.sent_review_snapshot(draft_id, &review.review_id)?;
        let placed = studio_export::pdf_notes::place_notes(&pdf, &snapshot, now)?;
        let files: Vec<CommentsFile> = placed
            .by_reviewer
            .into_iter()
            .map(|(reviewer, comments)| CommentsFile {
                format: COMMENTS_FORMAT.into(),
                format_version: COMMENTS_FORMAT_VERSION,
                review_id: review.review_id.clone(),
                draft_id: review.draft_id.clone(),
                snapshot_sha256: review.snapshot_sha256.clone(),
                reviewer,
                comments,
                checksum: String::new(),
            })
            .collect();
        for file in &files {
            for c in &file.comments {
                c.check().map_err(ServiceError::from)?;
            }
        }
        s.atomically(|s| {
            let mut summary = ImportSummary {
                reviewer: files.first().map(|f| f.reviewer.clone()).unwrap_or_default(),
                added: 0,
                already: 0,
                not_placed: placed.not_placed,
                others: files.iter().skip(1).map(|f| f.reviewer.clone()).collect(),
            };
            for file in &files {
                let one = s.import_comments(draft_id, file)?;
                summary.added += one.added;
                summary.already += one.already;
            }
            Ok(summary)
        })
    })
}

// ---- the reviewer's side ----------------------------------------------

/// Opens a review file the reviewer received: checks it whole (its size,
/// every entry, every checksum, the snapshot), then keeps the snapshot in
/// the library so the reviewer's comments are saved as they type. Opening
/// the same review again gives back the work already done on it.
pub fn open_review_file(lib: &impl Library, path: &Path) -> Result<ReviewWork, ServiceError> {
    let bytes = studio_store::read_limited(path, MAX_REVIEW_FILE_BYTES, "a review file")?;
    let template = lib.with(|s| Ok(s.template()))?;
    let opened = read_review_file(&bytes, template)?;
    lib.with(|s| Ok(s.open_review(&opened.header, &opened.proposal)?))
}

/// Writes the comments file the reviewer sends back at `out`
/// (`.comments.json` added if missing), whole or not at all; gives where it
/// went and how many comments it holds.
pub fn return_comments(lib: &impl Library, review_id: &str, out: &Path) -> Result<(PathBuf, usize), ServiceError> {
    let out = with_extension(out, "comments.json");
    let file = lib.with(|s| Ok(s.comments_file(review_id)?))?;
    studio_store::write_atomically(&out, &file.to_bytes())?;
    Ok((out, file.comments.len()))
}
