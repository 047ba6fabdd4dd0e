//! Co-authoring use cases: share a draft with a PUNO, open a share, return
//! a contribution, merge it back. The merge itself is core logic
//! (`studio_core::merge`); here the files are read and written with care and
//! the library records what happened.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Serialize;
use studio_core::compare::{compare, Comparison};
use studio_core::limits::{MAX_CONTRIBUTION_FILE_BYTES, MAX_REVIEW_FILE_BYTES};
use studio_core::merge::{self, Assignment, ChangeSummary, Collision, Merged, Path as MergePath, Take};
use studio_core::messages::msg;
use studio_core::review::Reviewer;
use studio_core::share::{ContributionFile, CONTRIBUTION_FORMAT, CONTRIBUTION_FORMAT_VERSION};
use studio_core::Proposal;
use studio_export::{read_share_file, write_share_file, CONTRIBUTION_EXTENSION, SHARE_EXTENSION};
use studio_store::{DraftSummary, Store};
use ts_rs::TS;

use crate::review::with_extension;
use crate::staging::{file_name, Staging};
use crate::{Library, ServiceError};

/// A share written: where its file is and what it gives.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct SentShare {
    pub path: PathBuf,
    pub share_id: String,
    pub assignment: Assignment,
    /// How many rows the PUNO owns in the snapshot.
    pub rows: u32,
}

/// What a merge did, or would do.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct MergeReport {
    pub share_id: String,
    pub puno: String,
    pub contributor: Reviewer,
    /// What the PUNO changed within its assignment (applied).
    pub changes: ChangeSummary,
    /// Its changes outside its assignment: filed as suggestions.
    pub suggestions: u32,
    /// Its comments on parts not given to it: filed as comments.
    pub comments: u32,
    /// Places both sides changed differently, still to be settled.
    pub collisions: Vec<Collision>,
    /// True when the merge was applied to the draft.
    pub merged: bool,
    /// True when this contribution had been merged before (nothing changed).
    pub already: bool,
}

/// Shares a draft with one of its PUNOs: writes the share file (snapshot,
/// assignment, share id, checksums) at `out` (`.share.zip` added if
/// missing), keeps the draft as it was sent as a version, and records the
/// share. A failure leaves no file and records nothing.
pub fn share_draft(
    lib: &impl Library,
    draft_id: &str,
    assignment: Assignment,
    out: &Path,
) -> Result<SentShare, ServiceError> {
    if out.is_dir() {
        return Err(ServiceError::Refused(format!(
            "{} is a folder; name the share file to write in it, such as {}",
            out.display(),
            out.join(format!("proposal.{SHARE_EXTENSION}")).display()
        )));
    }
    let out = with_extension(out, SHARE_EXTENSION);
    let name = file_name(&out)?.to_os_string();
    let folder = out.parent().unwrap_or(Path::new("")).to_path_buf();
    let (header, snapshot, version_name) = lib.with(|s| {
        let p = s.load(draft_id)?;
        if !p.cover.punos.iter().any(|x| x.entity == assignment.puno) {
            let on: Vec<&str> = p.cover.punos.iter().map(|x| x.entity.as_str()).collect();
            return Err(ServiceError::Refused(format!(
                "{} is not a PUNO of this proposal; the cover page names {}",
                assignment.puno,
                if on.is_empty() {
                    "none yet".to_string()
                } else {
                    on.join(", ")
                }
            )));
        }
        let keys = s.template().narrative_keys();
        for (key, given) in &assignment.paragraphs {
            if !keys.iter().any(|(k, _)| k == key) {
                return Err(ServiceError::Refused(format!(
                    "{key} is not a narrative field of this proposal"
                )));
            }
            let count = studio_core::merge_text::paragraph_texts(p.narrative.get(key).map_or("", String::as_str)).len();
            if let Some(n) = given.iter().find(|&&n| n as usize >= count) {
                return Err(ServiceError::Refused(format!(
                    "{key} has {count} paragraphs; there is no paragraph {}",
                    n + 1
                )));
            }
        }
        let who = s.template().entity_short(&assignment.puno, &p.language).to_string();
        let (header, snapshot) = s.plan_share(draft_id, assignment.clone())?;
        let name = msg(&p.language, "share.version_sent", &[("puno", who)]);
        Ok((header, snapshot, name))
    })?;
    let mut staging = Staging::new(&folder, false)?;
    write_share_file(&snapshot, &header, &staging.path().join(&name))?;
    let path = lib.with(|s| {
        s.atomically(|s| {
            s.record_share(&header, &snapshot, &version_name)?;
            Ok(staging.publish(&[&name])?.remove(0))
        })
    })?;
    staging.done();
    let rows = header.assignment.owned_rows(&snapshot).len() as u32;
    Ok(SentShare {
        path,
        share_id: header.share_id,
        assignment: header.assignment,
        rows,
    })
}

/// Opens a share file a PUNO received as a draft of its own (checked whole
/// first). Opening the same share again gives the same draft.
pub fn open_share(lib: &impl Library, path: &Path) -> Result<DraftSummary, ServiceError> {
    let bytes = studio_store::read_limited(path, MAX_REVIEW_FILE_BYTES, "a share file")?;
    let template = lib.with(|s| Ok(s.template()))?;
    let opened = read_share_file(&bytes, template).map_err(|e| ServiceError::from(e).of_file(path))?;
    lib.with(|s| Ok(s.open_share(&opened.header, &opened.proposal)?))
}

/// Writes the contribution of a shared draft at `out` (`.contribution.json`
/// added if missing): its changes against the snapshot received. With
/// `from`, the assigned parts of that edited proposal file are first taken
/// into the draft; its changes elsewhere travel as suggestions.
pub fn return_contribution(
    lib: &impl Library,
    draft_id: &str,
    from: Option<&Path>,
    contributor: Reviewer,
    out: &Path,
) -> Result<(PathBuf, ChangeSummary), ServiceError> {
    let out = with_extension(out, CONTRIBUTION_EXTENSION);
    let edited = match from {
        Some(f) => Some(crate::read_proposal_file(f, lib.with(|s| Ok(s.template()))?)?.proposal),
        None => None,
    };
    let file = lib.with(|s| {
        let Some((header, base)) = s.share_received(draft_id)? else {
            return Err(ServiceError::Refused(
                "this draft was not opened from a share; only a shared draft returns a contribution".into(),
            ));
        };
        let mut outside = Vec::new();
        if let Some(edited) = edited {
            let edits = merge::changes(&base, &edited)?;
            let (mine, elsewhere) = header.assignment.split(&base, &edits);
            let now = s.load(draft_id)?;
            let taken =
                merge::merge_contribution(&base, &now, &header.assignment, &mine, &BTreeMap::new(), s.template())?;
            let settled: BTreeMap<MergePath, Take> = taken
                .collisions
                .iter()
                .map(|c| (c.path.clone(), Take::Theirs))
                .collect();
            let taken = merge::merge_contribution(&base, &now, &header.assignment, &mine, &settled, s.template())?;
            let before = msg(
                &now.language,
                "share.version_before_file",
                &[("file", file_label(from))],
            );
            s.replace_draft(draft_id, &taken.proposal, &before, studio_store::VersionReason::Share)?;
            outside = elsewhere;
        }
        let now = s.load(draft_id)?;
        let mut edits = merge::changes(&base, &now)?;
        // A change partly outside the assignment (a field of which some
        // paragraphs were given) travels whole: the merge takes the given
        // part and files the rest as a suggestion.
        for e in outside {
            match edits.iter_mut().find(|d| d.path() == e.path()) {
                Some(d) => *d = e,
                None => edits.push(e),
            }
        }
        let mut contributor = contributor;
        if contributor.organization.trim().is_empty() {
            contributor.organization = header.assignment.puno.clone();
        }
        Ok(ContributionFile {
            format: CONTRIBUTION_FORMAT.into(),
            format_version: CONTRIBUTION_FORMAT_VERSION,
            share_id: header.share_id,
            draft_id: header.draft_id,
            puno: header.assignment.puno,
            snapshot_sha256: header.snapshot_sha256,
            contributor,
            written_on: studio_core::date::Date::today().to_string(),
            edits,
            comments: s.share_comments(draft_id)?,
            checksum: String::new(),
        })
    })?;
    let summary = merge::summarize(&file.edits);
    studio_store::write_atomically(&out, &file.to_bytes())?;
    Ok((out, summary))
}

fn file_label(from: Option<&Path>) -> String {
    from.and_then(Path::file_name)
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// A merge shown before it is applied: the report, and what the draft
/// would become, compared with the draft as it is now.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct MergePreview {
    pub report: MergeReport,
    /// The changes in words, one line per part, in the language asked for.
    pub lines: Vec<String>,
    /// The draft now (before) against the draft merged (after).
    pub comparison: Comparison,
}

/// What a contribution would do to the draft, with every collision settled
/// as `resolved` says (those left keep ours in the comparison). Nothing is
/// written.
pub fn preview_merge(
    lib: &impl Library,
    draft_id: &str,
    path: &Path,
    resolved: &BTreeMap<MergePath, Take>,
    lang: &str,
) -> Result<MergePreview, ServiceError> {
    let file = read_contribution(path)?;
    lib.with(|s| {
        let (report, planned) = plan_merge(s, draft_id, &file, resolved, None)?;
        let t = s.template();
        let lines = merge::describe(&report.changes, t, lang);
        let comparison = match planned {
            Some(p) => compare(&p.ours, &p.merged.proposal, t),
            None => {
                let now = s.load(draft_id)?;
                compare(&now, &now, t)
            }
        };
        Ok(MergePreview {
            report,
            lines,
            comparison,
        })
    })
}

fn read_contribution(path: &Path) -> Result<ContributionFile, ServiceError> {
    let bytes = studio_store::read_limited(path, MAX_CONTRIBUTION_FILE_BYTES, "a contribution file")?;
    ContributionFile::from_bytes(&bytes).map_err(|e| ServiceError::from(e).of_file(path))
}

/// A merge planned, not yet applied.
struct Planned {
    header: studio_core::share::ShareHeader,
    ours: Proposal,
    merged: Merged,
}

/// The merge of `file` into the draft as it is now, not yet applied: the
/// report, and (unless it was merged before) the plan.
fn plan_merge(
    s: &mut Store,
    draft_id: &str,
    file: &ContributionFile,
    resolved: &BTreeMap<MergePath, Take>,
    take: Option<Take>,
) -> Result<(MergeReport, Option<Planned>), ServiceError> {
    let (sent, base) = s.share_sent(draft_id, &file.share_id)?;
    let header = sent.header;
    if file.draft_id != draft_id
        || file.snapshot_sha256 != header.snapshot_sha256
        || file.puno != header.assignment.puno
    {
        return Err(ServiceError::Refused(
            "this contribution does not match the share this draft sent; nothing was merged".into(),
        ));
    }
    let mut report = MergeReport {
        share_id: header.share_id.clone(),
        puno: header.assignment.puno.clone(),
        contributor: file.contributor.clone(),
        changes: ChangeSummary::default(),
        suggestions: 0,
        comments: file.comments.len() as u32,
        collisions: Vec::new(),
        merged: false,
        already: false,
    };
    if s.contribution_merged(draft_id, &file.seal())? {
        report.already = true;
        return Ok((report, None));
    }
    let ours = s.load(draft_id)?;
    let t = s.template();
    let first = merge::merge_contribution(&base, &ours, &header.assignment, &file.edits, resolved, t)?;
    let m = match &take {
        Some(take) if !first.collisions.is_empty() => {
            let mut all = resolved.clone();
            for c in &first.collisions {
                all.entry(c.path.clone()).or_insert_with(|| take.clone());
            }
            merge::merge_contribution(&base, &ours, &header.assignment, &file.edits, &all, t)?
        }
        _ => first,
    };
    report.changes = merge::summarize(&m.applied);
    report.suggestions = m.outside.len() as u32;
    report.collisions = m.collisions.clone();
    Ok((
        report,
        Some(Planned {
            header,
            ours,
            merged: m,
        }),
    ))
}

/// Merges a contribution into the draft its share was sent from. The file is
/// checked whole first (its seal, its share, its snapshot). With `dry_run`,
/// or while collisions are left unsettled, nothing changes and the report
/// says what would happen; otherwise the draft is kept as a version first,
/// then merged, and the changes outside the PUNO's assignment are filed as
/// suggestions. `take` settles every collision one way; `resolved` settles
/// them one by one (it wins over `take`). The same contribution merges once.
pub fn merge_contribution(
    lib: &impl Library,
    draft_id: &str,
    path: &Path,
    resolved: &BTreeMap<MergePath, Take>,
    take: Option<Take>,
    dry_run: bool,
) -> Result<MergeReport, ServiceError> {
    let file = read_contribution(path)?;
    let seal = file.seal();
    lib.with(|s| {
        let (mut report, planned) = plan_merge(s, draft_id, &file, resolved, take)?;
        let Some(Planned {
            header,
            ours,
            merged: m,
        }) = planned
        else {
            return Ok(report);
        };
        if dry_run || !m.collisions.is_empty() {
            return Ok(report);
        }
        let t = s.template();
        let who = t.entity_short(&header.assignment.puno, &ours.language).to_string();
        let mut comments = merge::suggestions(
            &m.outside,
            &m.proposal,
            &who,
            &seal,
            &ours.language,
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| d.as_millis() as i64),
        );
        comments.extend(file.comments.iter().cloned());
        let before = msg(&ours.language, "share.version_before_merge", &[("puno", who)]);
        s.record_merge(
            draft_id,
            &seal,
            &header,
            &m.proposal,
            &m.applied,
            &report.changes,
            &comments,
            &file.contributor,
            &before,
        )?;
        report.merged = true;
        Ok(report)
    })
}
