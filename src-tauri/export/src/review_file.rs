//! The review file: what goes out to a counterpart. One zip holding the
//! proposal snapshot, a review-copy PDF for readers without the app, a short
//! note, and a manifest with the review's id and every file's SHA-256.
//!
//! Reading one back checks everything before trusting anything: size, the
//! zip itself, each entry's name (nothing outside the folder), each entry's
//! unpacked size, the manifest, and every checksum.

use std::path::Path;

use serde::{Deserialize, Serialize};
use studio_core::limits::MAX_REVIEW_FILE_BYTES;
use studio_core::review::{sha256_hex, ReviewHeader};
use studio_core::{Proposal, Template};

use crate::package::{io, write_zip};
use crate::{base_name, render_pdf, ExportError, Options};

pub const REVIEW_FORMAT: &str = "proposal-studio.review";
pub const REVIEW_FORMAT_VERSION: u32 = 1;
const MANIFEST: &str = "review.json";
const SNAPSHOT: &str = "proposal.json";
/// The file name ending the app offers and recognizes.
pub const REVIEW_EXTENSION: &str = "review.zip";

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct ReviewFileEntry {
    pub name: String,
    pub bytes: u64,
    pub sha256: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct ReviewManifest {
    pub format: String,
    pub format_version: u32,
    pub app_version: String,
    pub review_id: String,
    pub draft_id: String,
    pub title: String,
    pub sent_on: String,
    pub files: Vec<ReviewFileEntry>,
}

/// A review file read back and checked.
#[derive(Debug, Clone)]
pub struct OpenedReview {
    pub header: ReviewHeader,
    pub proposal: Proposal,
    /// The name of the review-copy PDF inside the file.
    pub pdf_name: String,
}

/// The note beside the PDF, in the proposal's language.
fn readme(lang: &str, title: &str, pdf: &str) -> String {
    crate::i18n::trf(lang, "review.readme", &[("title", title), ("pdf", pdf)])
}

/// Writes the review file for `p` to `out` (a path ending in `.review.zip`).
pub fn write_review_file(
    p: &Proposal,
    t: &Template,
    header: &ReviewHeader,
    out: &Path,
) -> Result<ReviewManifest, ExportError> {
    let opts = Options {
        review: Some(crate::anchor_map::MapReview {
            review_id: header.review_id.clone(),
            draft_id: header.draft_id.clone(),
            snapshot_sha256: header.snapshot_sha256.clone(),
        }),
        paper: Default::default(),
        review_copy: true,
        version: "review".into(),
        date: header.sent_on.clone(),
    };
    let pdf_name = format!("{}.pdf", base_name(p, &opts));
    let snapshot = p.to_json_pretty().into_bytes();
    if sha256_hex(&snapshot) != header.snapshot_sha256 {
        return Err(ExportError::Refused(
            "the snapshot does not match the review's record".into(),
        ));
    }
    let files: Vec<(String, Vec<u8>)> = vec![
        (SNAPSHOT.to_string(), snapshot),
        (pdf_name.clone(), render_pdf(p, t, &opts)?),
        (
            "README.txt".to_string(),
            readme(&p.language, &header.title, &pdf_name).into_bytes(),
        ),
    ];
    let manifest = ReviewManifest {
        format: REVIEW_FORMAT.into(),
        format_version: REVIEW_FORMAT_VERSION,
        app_version: env!("CARGO_PKG_VERSION").into(),
        review_id: header.review_id.clone(),
        draft_id: header.draft_id.clone(),
        title: header.title.clone(),
        sent_on: header.sent_on.clone(),
        files: files
            .iter()
            .map(|(name, b)| ReviewFileEntry {
                name: name.clone(),
                bytes: b.len() as u64,
                sha256: sha256_hex(b),
            })
            .collect(),
    };
    let manifest_json = serde_json::to_vec_pretty(&manifest).map_err(|e| io(out, e))?;
    let mut all = vec![(MANIFEST.to_string(), manifest_json)];
    all.extend(files);
    write_zip(out, &header.sent_on, &all)?;
    Ok(manifest)
}

fn refuse(message: impl Into<String>) -> ExportError {
    ExportError::Refused(message.into())
}

/// Reads and checks a review file's bytes.
pub fn read_review_file(bytes: &[u8], t: &Template) -> Result<OpenedReview, ExportError> {
    if bytes.len() as u64 > MAX_REVIEW_FILE_BYTES {
        return Err(refuse(format!(
            "the file is larger than {} MB; a review file is much smaller",
            MAX_REVIEW_FILE_BYTES / (1024 * 1024)
        )));
    }
    let not_ours = || refuse("this is not a Proposal Studio review file (or it was cut short while copying)");
    let entries = crate::zipread::entries(bytes, "review file").map_err(|e| match e {
        crate::zipread::ZipProblem::NotAZip => not_ours(),
        crate::zipread::ZipProblem::Refused(m) => refuse(m),
    })?;
    let find = |n: &str| entries.iter().find(|(name, _)| name == n).map(|(_, d)| d.as_slice());
    let manifest: ReviewManifest =
        studio_core::json::parse(find(MANIFEST).ok_or_else(not_ours)?).map_err(|e| match e {
            e @ studio_core::json::JsonProblem::DuplicateKey { .. } => {
                refuse(format!("the review file's manifest cannot be trusted: {e}"))
            }
            _ => not_ours(),
        })?;
    if manifest.format != REVIEW_FORMAT {
        return Err(not_ours());
    }
    if manifest.format_version > REVIEW_FORMAT_VERSION {
        return Err(refuse(
            "this review file was written by a newer Proposal Studio; update the app to open it",
        ));
    }
    let tampered = || {
        refuse("the review file was changed after it was sent (a checksum does not match); ask the author to send it again")
    };
    for f in &manifest.files {
        let data = find(&f.name).ok_or_else(tampered)?;
        if data.len() as u64 != f.bytes || sha256_hex(data) != f.sha256 {
            return Err(tampered());
        }
    }
    if entries
        .iter()
        .any(|(name, _)| name != MANIFEST && !manifest.files.iter().any(|f| &f.name == name))
    {
        return Err(tampered());
    }
    let snapshot = find(SNAPSHOT).ok_or_else(tampered)?;
    if !manifest.files.iter().any(|f| f.name == SNAPSHOT) {
        return Err(tampered());
    }
    let proposal = Proposal::from_json_bytes(snapshot, t)
        .map_err(|e| refuse(format!("the proposal in the review file cannot be read: {e}")))?;
    let pdf_name = manifest
        .files
        .iter()
        .find(|f| f.name.ends_with(".pdf"))
        .map(|f| f.name.clone())
        .unwrap_or_default();
    let id_ok = |s: &str| !s.is_empty() && s.len() <= 64 && s.chars().all(|c| c.is_ascii_alphanumeric() || c == '-');
    if !id_ok(&manifest.review_id)
        || !id_ok(&manifest.draft_id)
        || studio_core::date::Date::parse(&manifest.sent_on).is_none()
    {
        return Err(not_ours());
    }
    Ok(OpenedReview {
        header: ReviewHeader {
            review_id: manifest.review_id,
            draft_id: manifest.draft_id,
            title: manifest
                .title
                .chars()
                .take(studio_core::limits::MAX_LINE_CHARS)
                .collect(),
            sent_on: manifest.sent_on,
            snapshot_sha256: sha256_hex(snapshot),
        },
        proposal,
        pdf_name,
    })
}
