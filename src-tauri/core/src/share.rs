//! The two files of co-authoring: the share a convening agency sends to a
//! PUNO (its header here; the zip is written by the export crate), and the
//! contribution the PUNO sends back. A contribution is small: the changes
//! made on the snapshot received, sealed by a checksum.

use serde::{Deserialize, Serialize};
use serde_json::Value;
use ts_rs::TS;

use crate::limits::{
    MAX_CONTRIBUTION_EDITS, MAX_CONTRIBUTION_FILE_BYTES, MAX_EDIT_DEPTH, MAX_ID_CHARS, MAX_NAME_CHARS, MAX_PATH_CHARS,
};
use crate::merge::{Assignment, Edit, Step};
use crate::review::{sha256_hex, Comment, Reviewer};
use crate::CoreError;

/// What a share says about itself, as both sides' stores keep it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
#[ts(export)]
pub struct ShareHeader {
    pub share_id: String,
    /// The convening agency's draft it was shared from.
    pub draft_id: String,
    pub title: String,
    /// `YYYY-MM-DD`.
    pub sent_on: String,
    pub assignment: Assignment,
    /// SHA-256 of the snapshot shared, as the share file carries it.
    pub snapshot_sha256: String,
}

impl ShareHeader {
    pub fn check(&self) -> Result<(), CoreError> {
        let bad = |m: &str| Err(CoreError::Refused(format!("the share file is damaged: {m}")));
        for id in [&self.share_id, &self.draft_id] {
            if id.is_empty() || id.len() > MAX_ID_CHARS {
                return bad("it has no usable id");
            }
        }
        let a = &self.assignment;
        if a.puno.trim().is_empty() || a.puno.chars().count() > MAX_NAME_CHARS {
            return bad("it names no PUNO");
        }
        let given: usize = a.paragraphs.values().map(Vec::len).sum();
        if a.narrative.len() + a.rows.len() + a.withheld.len() + a.paragraphs.len() + given > 20_000
            || a.paragraphs.keys().any(|k| k.len() > MAX_PATH_CHARS)
            || a.narrative
                .iter()
                .chain(&a.rows)
                .chain(&a.withheld)
                .any(|s| s.len() > MAX_PATH_CHARS)
        {
            return bad("its assignment is larger than any proposal has");
        }
        if self.title.chars().count() > crate::limits::MAX_LINE_CHARS {
            return bad("its title is too long");
        }
        Ok(())
    }
}

pub const CONTRIBUTION_FORMAT: &str = "proposal-studio.contribution";
pub const CONTRIBUTION_FORMAT_VERSION: u32 = 1;

/// The file a PUNO sends back: its changes on the snapshot it received.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
#[ts(export)]
pub struct ContributionFile {
    pub format: String,
    pub format_version: u32,
    pub share_id: String,
    /// The convening agency's draft the share came from.
    pub draft_id: String,
    pub puno: String,
    /// SHA-256 of the snapshot the changes were made on.
    pub snapshot_sha256: String,
    pub contributor: Reviewer,
    /// `YYYY-MM-DD`.
    pub written_on: String,
    pub edits: Vec<Edit>,
    /// Comments on the parts not given to the PUNO, filed with the
    /// author's comments when the contribution is merged. (Absent in files
    /// with none, so a file without comments reads and seals as before.)
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub comments: Vec<Comment>,
    /// SHA-256 of this file with this field empty: a changed or cut file is
    /// refused.
    #[serde(default)]
    pub checksum: String,
}

fn step_ok(s: &Step) -> bool {
    match s {
        Step::Key(k) => !k.is_empty() && k.len() <= MAX_PATH_CHARS,
        Step::Row { id } => !id.is_empty() && id.len() <= MAX_ID_CHARS,
    }
}

impl ContributionFile {
    fn digest(&self) -> String {
        let mut unsealed = self.clone();
        unsealed.checksum.clear();
        sha256_hex(&serde_json::to_vec(&unsealed).unwrap_or_default())
    }

    /// The seal: what identifies this contribution however often it is
    /// imported.
    pub fn seal(&self) -> String {
        self.digest()
    }

    /// The file's bytes, with its checksum set.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut sealed = self.clone();
        sealed.checksum = self.digest();
        serde_json::to_vec_pretty(&sealed).unwrap_or_default()
    }

    /// Reads and checks a contribution file: its kind and version, its
    /// seal, and the bounds of what it carries. What the changes do to a
    /// proposal is checked when they are merged.
    pub fn from_bytes(bytes: &[u8]) -> Result<ContributionFile, CoreError> {
        if bytes.len() as u64 > MAX_CONTRIBUTION_FILE_BYTES {
            return Err(CoreError::TooLarge(format!(
                "the file is larger than {} MB; a contribution is much smaller",
                MAX_CONTRIBUTION_FILE_BYTES / (1024 * 1024)
            )));
        }
        use crate::json::{self, JsonProblem};
        let not_ours = || CoreError::NotAProposal("this is not a Proposal Studio contribution file".into());
        let unread = |e: JsonProblem| match e {
            JsonProblem::Syntax { cut_short: true, .. } => CoreError::NotAProposal(
                "the contribution file is cut short (it may not have been copied completely)".into(),
            ),
            JsonProblem::DuplicateKey { .. } => {
                CoreError::Refused(format!("the contribution file cannot be trusted: {e}"))
            }
            JsonProblem::Shape { path, message } => {
                CoreError::NotAProposal(format!("the contribution file is damaged at {path}: {message}"))
            }
            _ => not_ours(),
        };
        let bytes = json::checked(bytes).map_err(unread)?;
        #[derive(Deserialize)]
        struct Header {
            format: Option<Value>,
            format_version: Option<Value>,
        }
        let header = json::typed::<Header>(bytes).unwrap_or(Header {
            format: None,
            format_version: None,
        });
        if header.format.as_ref().and_then(Value::as_str) != Some(CONTRIBUTION_FORMAT) {
            return Err(not_ours());
        }
        match header.format_version.as_ref().and_then(Value::as_u64) {
            Some(v) if v == u64::from(CONTRIBUTION_FORMAT_VERSION) => {}
            Some(v) if v > u64::from(CONTRIBUTION_FORMAT_VERSION) => {
                return Err(CoreError::NotAProposal(
                    "this contribution was written by a newer Proposal Studio; update the app to read it".into(),
                ))
            }
            _ => return Err(not_ours()),
        }
        let file: ContributionFile = json::typed(bytes).map_err(unread)?;
        if file.checksum != file.digest() {
            return Err(CoreError::Refused(
                "the contribution was changed after it was written (its checksum does not match); ask for it to be sent again".into(),
            ));
        }
        if file.edits.len() > MAX_CONTRIBUTION_EDITS {
            return Err(CoreError::TooLarge(format!(
                "the contribution carries more than {MAX_CONTRIBUTION_EDITS} changes"
            )));
        }
        for id in [&file.share_id, &file.draft_id] {
            if id.is_empty() || id.len() > MAX_ID_CHARS {
                return Err(CoreError::Refused("the contribution names no share".into()));
            }
        }
        if file.puno.chars().count() > MAX_NAME_CHARS
            || file.contributor.name.chars().count() > MAX_NAME_CHARS
            || file.contributor.organization.chars().count() > MAX_NAME_CHARS
        {
            return Err(CoreError::TooLarge("a name in the contribution is too long".into()));
        }
        if file.comments.len() > crate::limits::MAX_COMMENTS_PER_FILE {
            return Err(CoreError::TooLarge(format!(
                "the contribution holds more than {} comments",
                crate::limits::MAX_COMMENTS_PER_FILE
            )));
        }
        for c in &file.comments {
            c.check()?;
        }
        for e in &file.edits {
            let p = e.path();
            if p.len() > MAX_EDIT_DEPTH || !p.iter().all(step_ok) || (p.is_empty() && !matches!(e, Edit::Insert { .. }))
            {
                return Err(CoreError::Refused(
                    "the contribution names a place no proposal has; nothing was merged".into(),
                ));
            }
        }
        Ok(file)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn file() -> ContributionFile {
        ContributionFile {
            format: CONTRIBUTION_FORMAT.into(),
            format_version: CONTRIBUTION_FORMAT_VERSION,
            share_id: "s1".into(),
            draft_id: "d1".into(),
            puno: "UNDP".into(),
            snapshot_sha256: "ab".into(),
            contributor: Reviewer::default(),
            written_on: "2026-12-03".into(),
            edits: vec![Edit::Set {
                path: vec![Step::Key("cover".into()), Step::Key("title".into())],
                value: json!("T"),
            }],
            comments: Vec::new(),
            checksum: String::new(),
        }
    }

    #[test]
    fn comments_travel_sealed_and_a_file_without_them_seals_as_before() {
        let plain = file();
        assert!(!String::from_utf8(plain.to_bytes()).unwrap().contains("comments"));
        let mut with = file();
        with.comments.push(Comment {
            id: "c1".into(),
            anchor: crate::review::Anchor {
                kind: crate::review::AnchorKind::Section,
                path: "context".into(),
                row_id: None,
                paragraph: None,
                label: "Context".into(),
            },
            quoted: String::new(),
            body: "Name the provinces' own data.".into(),
            suggestion: None,
            created_at: 1,
            excerpt: None,
            in_reply_to: None,
        });
        let back = ContributionFile::from_bytes(&with.to_bytes()).unwrap();
        assert_eq!(back.comments, with.comments);
        assert_ne!(with.seal(), plain.seal());
        // An empty comment, or one too long, is refused like one in a comments file.
        let mut empty = with.clone();
        empty.comments[0].body = "  ".into();
        assert!(ContributionFile::from_bytes(&empty.to_bytes()).is_err());
    }

    #[test]
    fn a_sealed_file_reads_back_and_a_changed_one_is_refused() {
        let bytes = file().to_bytes();
        let back = ContributionFile::from_bytes(&bytes).unwrap();
        assert_eq!(back.edits, file().edits);
        let tampered = String::from_utf8(bytes.clone()).unwrap().replace("\"T\"", "\"X\"");
        let e = ContributionFile::from_bytes(tampered.as_bytes()).unwrap_err();
        assert!(e.to_string().contains("checksum"), "{e}");
        let cut = &bytes[..bytes.len() / 2];
        assert!(ContributionFile::from_bytes(cut)
            .unwrap_err()
            .to_string()
            .contains("cut short"));
    }

    #[test]
    fn duplicate_keys_and_other_files_are_refused() {
        let dup = br#"{"format":"proposal-studio.contribution","format":"x"}"#;
        assert!(ContributionFile::from_bytes(dup)
            .unwrap_err()
            .to_string()
            .contains("trusted"));
        let other = br#"{"format":"proposal-studio.comments","format_version":1}"#;
        assert!(ContributionFile::from_bytes(other)
            .unwrap_err()
            .to_string()
            .contains("not a Proposal Studio contribution"));
    }
}
