//! The submission package: the gate of a final export, and the export of a
//! draft (recorded, with its version) or of a proposal file (not recorded).

use std::path::{Path, PathBuf};

use serde::Serialize;
use studio_core::document::{self, Document, Edition};
use studio_core::{validate, Proposal, Report, Severity, Template};
use studio_export::{write_package, Options};
use studio_store::VersionReason;
use ts_rs::TS;

pub use studio_export::Paper;

use crate::staging::{file_name, Staging};
use crate::{Library, ServiceError};

/// The package's two files where they now are.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct Exported {
    pub zip: PathBuf,
    pub pdf: PathBuf,
    /// The version the package carries.
    pub version: String,
}

/// The gate of a final export: refused while the core finds the proposal
/// not ready, naming the problems that block it. A review copy always goes.
pub fn allow_export(report: &Report, review_copy: bool) -> Result<(), ServiceError> {
    if review_copy || report.ready {
        return Ok(());
    }
    Err(ServiceError::NotReady {
        blocking: report
            .problems
            .iter()
            .filter(|p| p.severity == Severity::Blocking)
            .cloned()
            .collect(),
    })
}

/// Writes the package of `p` into `dir` (created if missing) and returns
/// the staging area holding it and the names to publish it by.
fn stage_package(
    p: &Proposal,
    t: &Template,
    opts: &Options,
    dir: &Path,
) -> Result<(Staging, [String; 2]), ServiceError> {
    let staging = Staging::new(dir, true)?;
    let written = write_package(p, t, opts, staging.path())?;
    let names = [
        file_name(&written.zip)?.to_string_lossy().into_owned(),
        file_name(&written.pdf)?.to_string_lossy().into_owned(),
    ];
    Ok((staging, names))
}

fn publish_package(staging: &mut Staging, names: &[String; 2], version: String) -> Result<Exported, ServiceError> {
    let placed = staging.publish(&[names[0].as_ref(), names[1].as_ref()])?;
    Ok(Exported {
        zip: placed[0].clone(),
        pdf: placed[1].clone(),
        version,
    })
}

/// The document a reader sees of a draft in the library: the same one the
/// PDF prints, with no edition on its cover (a draft read on screen).
pub fn draft_document(lib: &impl Library, id: &str) -> Result<Document, ServiceError> {
    lib.with(|s| {
        let proposal = s.load(id)?;
        Ok(document::build(&proposal, s.template(), &Edition::default()))
    })
}

/// The document of a proposal the app holds outside the library (a saved
/// version, a review's snapshot), as the PDF would print it.
pub fn proposal_document(p: &Proposal, t: &Template) -> Document {
    document::build(p, t, &Edition::default())
}

/// Exports a proposal that is not in the library (the CLI's `export FILE`):
/// the version and date are the caller's, and nothing is recorded.
pub fn export_file(
    p: &Proposal,
    t: &Template,
    paper: Paper,
    review_copy: bool,
    version: u32,
    date: &str,
    dir: &Path,
) -> Result<Exported, ServiceError> {
    let opts = Options {
        review: None,
        paper,
        review_copy,
        version: version.to_string(),
        date: date.to_string(),
    };
    // The rules run on another core while the package is made in its
    // staging folder; a refused export drops the staging folder, so it
    // leaves nothing behind. A review copy always goes: no rules to run.
    let (report, staged) = std::thread::scope(|scope| {
        let report = (!review_copy).then(|| scope.spawn(|| validate(p, t)));
        let staged = stage_package(p, t, &opts, dir);
        let report = report.map(|h| h.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic)));
        (report, staged)
    });
    if let Some(report) = report {
        allow_export(&report, review_copy)?;
    }
    let (mut staging, names) = staged?;
    let exported = publish_package(&mut staging, &names, version.to_string())?;
    staging.done();
    Ok(exported)
}

/// Exports a draft: the package is written, then the export and a version
/// holding exactly what was exported are recorded together, and only then
/// do the files take their names. A failure anywhere records nothing and
/// leaves no file. A final export is refused while problems block it.
pub fn export_draft(
    lib: &impl Library,
    id: &str,
    dir: &Path,
    review_copy: bool,
    paper: Paper,
) -> Result<Exported, ServiceError> {
    let (proposal, template, planned, review) = lib.with(|s| {
        let proposal = s.load(id)?;
        allow_export(&validate(&proposal, s.template()), review_copy)?;
        let planned = s.next_export(id, review_copy)?;
        // A review copy is a review: notes made on it in a PDF reader come back.
        let review = if review_copy { Some(s.plan_review(id)?.0) } else { None };
        Ok((proposal, s.template(), planned, review))
    })?;
    let (version, date) = planned.clone();
    let opts = Options {
        review: review.as_ref().map(|h| studio_export::anchor_map::MapReview {
            review_id: h.review_id.clone(),
            draft_id: h.draft_id.clone(),
            snapshot_sha256: h.snapshot_sha256.clone(),
        }),
        paper,
        review_copy,
        version: version.clone(),
        date,
    };
    let (mut staging, names) = stage_package(&proposal, template, &opts, dir)?;
    let exported = lib.with(|s| {
        s.atomically(|s| {
            if s.record_export(id, review_copy)? != planned {
                return Err(ServiceError::Refused(
                    "another export of this draft was made meanwhile; nothing was kept, export again".into(),
                ));
            }
            match &review {
                Some(header) => {
                    s.record_review(header, &proposal, &format!("v{version} review copy"))?;
                }
                None => {
                    s.save_version_of(id, &proposal, &format!("v{version}"), VersionReason::Export)?;
                }
            }
            publish_package(&mut staging, &names, version.clone())
        })
    })?;
    staging.done();
    Ok(exported)
}
