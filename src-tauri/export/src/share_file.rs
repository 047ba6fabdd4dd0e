//! The share file: what a convening agency sends a PUNO so it can write its
//! parts. One zip holding the proposal snapshot and a manifest with the
//! share's id, the PUNO's assignment and every file's SHA-256. It is read
//! back with the same care as a review file.

use std::path::Path;

use serde::{Deserialize, Serialize};
use studio_core::limits::MAX_REVIEW_FILE_BYTES;
use studio_core::merge::Assignment;
use studio_core::review::sha256_hex;
use studio_core::share::ShareHeader;
use studio_core::{Proposal, Template};

use crate::package::{io, write_zip};
use crate::review_file::ReviewFileEntry;
use crate::ExportError;

pub const SHARE_FORMAT: &str = "proposal-studio.share";
pub const SHARE_FORMAT_VERSION: u32 = 1;
const MANIFEST: &str = "share.json";
const SNAPSHOT: &str = "proposal.json";
/// The file name endings the app offers and recognizes.
pub const SHARE_EXTENSION: &str = "share.zip";
pub const CONTRIBUTION_EXTENSION: &str = "contribution.json";

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct ShareManifest {
    pub format: String,
    pub format_version: u32,
    pub app_version: String,
    pub share_id: String,
    pub draft_id: String,
    pub title: String,
    pub sent_on: String,
    pub assignment: Assignment,
    pub files: Vec<ReviewFileEntry>,
}

/// A share file read back and checked.
#[derive(Debug, Clone)]
pub struct OpenedShare {
    pub header: ShareHeader,
    pub proposal: Proposal,
}

/// Writes the share of snapshot `p` described by `header` to `out`.
pub fn write_share_file(p: &Proposal, header: &ShareHeader, out: &Path) -> Result<ShareManifest, ExportError> {
    let snapshot = p.to_json_pretty().into_bytes();
    if sha256_hex(&snapshot) != header.snapshot_sha256 {
        return Err(ExportError::Refused(
            "the snapshot does not match the share's record".into(),
        ));
    }
    let files = vec![(SNAPSHOT.to_string(), snapshot)];
    let manifest = ShareManifest {
        format: SHARE_FORMAT.into(),
        format_version: SHARE_FORMAT_VERSION,
        app_version: env!("CARGO_PKG_VERSION").into(),
        share_id: header.share_id.clone(),
        draft_id: header.draft_id.clone(),
        title: header.title.clone(),
        sent_on: header.sent_on.clone(),
        assignment: header.assignment.clone(),
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

/// Reads and checks a share file's bytes: size, the zip and its entries,
/// the manifest (duplicate keys refused), every checksum, the snapshot as a
/// proposal, and the assignment's bounds.
pub fn read_share_file(bytes: &[u8], t: &Template) -> Result<OpenedShare, ExportError> {
    if bytes.len() as u64 > MAX_REVIEW_FILE_BYTES {
        return Err(refuse(format!(
            "the file is larger than {} MB; a share file is much smaller",
            MAX_REVIEW_FILE_BYTES / (1024 * 1024)
        )));
    }
    let not_ours = || refuse("this is not a Proposal Studio share file (or it was cut short while copying)");
    let entries = crate::zipread::entries(bytes, "share file").map_err(|e| match e {
        crate::zipread::ZipProblem::NotAZip => not_ours(),
        crate::zipread::ZipProblem::Refused(m) => refuse(m),
    })?;
    let find = |n: &str| entries.iter().find(|(name, _)| name == n).map(|(_, d)| d.as_slice());
    let manifest: ShareManifest =
        studio_core::json::parse(find(MANIFEST).ok_or_else(not_ours)?).map_err(|e| match e {
            e @ studio_core::json::JsonProblem::DuplicateKey { .. } => {
                refuse(format!("the share file's manifest cannot be trusted: {e}"))
            }
            _ => not_ours(),
        })?;
    if manifest.format != SHARE_FORMAT {
        return Err(not_ours());
    }
    if manifest.format_version > SHARE_FORMAT_VERSION {
        return Err(refuse(
            "this share file was written by a newer Proposal Studio; update the app to open it",
        ));
    }
    let tampered = || {
        refuse("the share file was changed after it was sent (a checksum does not match); ask for it to be sent again")
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
        || !manifest.files.iter().any(|f| f.name == SNAPSHOT)
    {
        return Err(tampered());
    }
    let snapshot = find(SNAPSHOT).ok_or_else(tampered)?;
    let proposal = Proposal::from_json_bytes(snapshot, t)
        .map_err(|e| refuse(format!("the proposal in the share file cannot be read: {e}")))?;
    let id_ok = |s: &str| !s.is_empty() && s.len() <= 64 && s.chars().all(|c| c.is_ascii_alphanumeric() || c == '-');
    if !id_ok(&manifest.share_id)
        || !id_ok(&manifest.draft_id)
        || studio_core::date::Date::parse(&manifest.sent_on).is_none()
    {
        return Err(not_ours());
    }
    let header = ShareHeader {
        share_id: manifest.share_id,
        draft_id: manifest.draft_id,
        title: manifest
            .title
            .chars()
            .take(studio_core::limits::MAX_LINE_CHARS)
            .collect(),
        sent_on: manifest.sent_on,
        assignment: manifest.assignment,
        snapshot_sha256: sha256_hex(snapshot),
    };
    header.check().map_err(|e| refuse(e.to_string()))?;
    Ok(OpenedShare { header, proposal })
}
