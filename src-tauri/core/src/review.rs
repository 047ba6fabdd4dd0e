//! Review comments and what they are anchored to.
//!
//! An anchor names a place in the proposal by JSON pointer (rows also by
//! their id, so a comment follows its row when rows are reordered). The text
//! of the target when the comment was made is kept with the comment; a
//! comment whose target reads differently now is outdated.

use serde::{Deserialize, Serialize};
use serde_json::Value;
use ts_rs::TS;

use crate::limits::{MAX_COMMENT_CHARS, MAX_LINE_CHARS, MAX_PATH_CHARS};
use crate::{CoreError, Patch, Proposal};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum AnchorKind {
    /// A whole section (`path` is the section id).
    Section,
    /// One paragraph of a narrative field.
    Paragraph,
    /// A field: a cover field, a narrative field, a cell.
    Field,
    /// A row of a table: outcome, output, indicator, activity, risk.
    Row,
    BudgetLine,
    /// A marker criterion (`path` ends with its id).
    Criterion,
    /// A page of a review copy, for a note made in a PDF reader that lies
    /// on no part of the proposal (a margin, a header): `path` is
    /// `/pages/N`. It takes no suggestion and is never outdated.
    Page,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
#[ts(export)]
pub struct Anchor {
    pub kind: AnchorKind,
    /// A JSON pointer into the proposal, or a section id for a section.
    pub path: String,
    /// The row's id, for rows and budget lines.
    #[serde(default)]
    pub row_id: Option<String>,
    /// The paragraph's position (0-based) in its field.
    #[serde(default)]
    pub paragraph: Option<u32>,
    /// What the reviewer saw it as ("Cover page · Title", "Budget line B-3").
    #[serde(default)]
    pub label: String,
}

impl Anchor {
    /// An anchor on one field of the proposal, by JSON pointer, shown to the
    /// reader as `label`.
    pub fn field(path: &str, label: &str) -> Anchor {
        Anchor {
            kind: AnchorKind::Field,
            path: path.into(),
            row_id: None,
            paragraph: None,
            label: label.into(),
        }
    }

    /// Refuses anchors no proposal can have (used on every imported comment).
    pub fn check(&self) -> Result<(), CoreError> {
        let bad = |m: &str| Err(CoreError::Refused(format!("a comment's anchor {:?}: {m}", self.path)));
        if self.path.is_empty() || self.path.len() > MAX_PATH_CHARS {
            return bad("not a place in a proposal");
        }
        if self.kind != AnchorKind::Section && !self.path.starts_with('/') {
            return bad("not a place in a proposal");
        }
        if self.row_id.as_ref().is_some_and(|r| r.len() > MAX_PATH_CHARS) || self.label.chars().count() > MAX_LINE_CHARS
        {
            return bad("too long");
        }
        if self.kind == AnchorKind::Paragraph && self.paragraph.is_none() {
            return bad("a paragraph anchor needs its position");
        }
        let is_page = self
            .path
            .strip_prefix("/pages/")
            .is_some_and(|n| !n.is_empty() && n.len() <= 6 && n.bytes().all(|b| b.is_ascii_digit()));
        if (self.kind == AnchorKind::Page) != is_page {
            return bad("not a place in a proposal");
        }
        Ok(())
    }

    /// True when a suggested text can replace the target.
    pub fn takes_suggestion(&self) -> bool {
        matches!(self.kind, AnchorKind::Paragraph | AnchorKind::Field)
    }
}

/// The paragraphs of a narrative field, as the editor and the PDF see them.
pub fn paragraphs(text: &str) -> Vec<&str> {
    text.split("\n\n").map(str::trim).filter(|p| !p.is_empty()).collect()
}

fn pointer_get<'a>(root: &'a Value, path: &str) -> Option<&'a Value> {
    root.pointer(path)
}

/// Finds the row with `row_id` in the array holding `path`'s row.
fn row<'a>(root: &'a Value, path: &str, row_id: &str) -> Option<&'a Value> {
    let parent = &path[..path.rfind('/')?];
    let rows = pointer_get(root, parent)?.as_array()?;
    rows.iter()
        .find(|r| r.get("id").and_then(Value::as_str) == Some(row_id))
}

/// Readable text for any value: strings as they are, rows as
/// `field: value` lines in field order, lists joined by commas.
pub fn readable(value: &Value) -> String {
    match value {
        Value::Null => String::new(),
        Value::String(s) => s.clone(),
        Value::Bool(b) => if *b { "yes" } else { "no" }.to_string(),
        Value::Number(n) => n.to_string(),
        Value::Array(items) => items
            .iter()
            .map(readable)
            .filter(|s| !s.is_empty())
            .collect::<Vec<_>>()
            .join(", "),
        Value::Object(map) => map
            .iter()
            .filter(|(k, _)| k.as_str() != "id")
            .map(|(k, v)| (k, readable(v)))
            .filter(|(_, v)| !v.is_empty())
            .map(|(k, v)| format!("{k}: {v}"))
            .collect::<Vec<_>>()
            .join("\n"),
    }
}

/// The target's text in `proposal`, or `None` when it no longer exists.
/// A section reads as its narrative fields in order.
pub fn target_text(proposal: &Proposal, anchor: &Anchor) -> Option<String> {
    let root = serde_json::to_value(proposal).ok()?;
    target_text_in(&root, proposal, anchor)
}

fn target_text_in(root: &Value, proposal: &Proposal, anchor: &Anchor) -> Option<String> {
    match anchor.kind {
        AnchorKind::Section => {
            let prefix = format!("{}.", anchor.path);
            Some(
                proposal
                    .narrative
                    .iter()
                    .filter(|(k, _)| k.starts_with(&prefix))
                    .map(|(_, v)| v.as_str())
                    .collect::<Vec<_>>()
                    .join("\n\n"),
            )
        }
        AnchorKind::Paragraph => {
            let text = pointer_get(root, &anchor.path)?.as_str()?;
            paragraphs(text).get(anchor.paragraph? as usize).map(|p| p.to_string())
        }
        AnchorKind::Row | AnchorKind::BudgetLine => match &anchor.row_id {
            Some(id) => row(root, &anchor.path, id).map(readable),
            None => pointer_get(root, &anchor.path).map(readable),
        },
        // A page is not part of the proposal: its notes never go out of date.
        AnchorKind::Page => Some(String::new()),
        AnchorKind::Field | AnchorKind::Criterion => {
            // A missing narrative field or criterion answer is empty, not gone.
            match pointer_get(root, &anchor.path) {
                Some(v) => Some(readable(v)),
                None if anchor.path.starts_with("/narrative/") || anchor.kind == AnchorKind::Criterion => {
                    Some(String::new())
                }
                None => None,
            }
        }
    }
}

/// True when `anchor` names text in `proposal` that a suggestion can
/// replace: a paragraph, a narrative field, or a field holding text.
pub fn accepts_text(proposal: &Proposal, anchor: &Anchor) -> bool {
    if !anchor.takes_suggestion() {
        return false;
    }
    if anchor.kind == AnchorKind::Paragraph || anchor.path.starts_with("/narrative/") {
        return true;
    }
    serde_json::to_value(proposal)
        .ok()
        .is_some_and(|root| root.pointer(&anchor.path).is_some_and(Value::is_string))
}

/// The patch that puts `suggestion` in place of the target, provided the
/// target still reads `quoted`; otherwise the suggestion is outdated.
pub fn suggestion_patch(
    proposal: &Proposal,
    anchor: &Anchor,
    quoted: &str,
    suggestion: &str,
) -> Result<Patch, CoreError> {
    if !accepts_text(proposal, anchor) {
        return Err(CoreError::Refused(
            "only a paragraph or a text field can take a suggested text".into(),
        ));
    }
    if suggestion.chars().count() > MAX_COMMENT_CHARS {
        return Err(CoreError::Refused("the suggested text is too long".into()));
    }
    let root = serde_json::to_value(proposal).map_err(|e| CoreError::Refused(e.to_string()))?;
    let current = target_text_in(&root, proposal, anchor);
    if current.as_deref() != Some(quoted) {
        return Err(CoreError::Refused("the text changed since the review was sent; the suggestion can no longer be applied as it is. Copy it by hand if it still helps".into(),
        ));
    }
    let value = match anchor.kind {
        AnchorKind::Paragraph => {
            let text = pointer_get(&root, &anchor.path)
                .and_then(Value::as_str)
                .unwrap_or_default();
            let index = anchor.paragraph.unwrap_or(0) as usize;
            let mut parts = paragraphs(text).into_iter().map(str::to_string).collect::<Vec<_>>();
            if index >= parts.len() {
                return Err(CoreError::Refused("that paragraph no longer exists".into()));
            }
            parts[index] = suggestion.trim().to_string();
            Value::String(parts.join("\n\n"))
        }
        _ => Value::String(suggestion.to_string()),
    };
    Ok(Patch::Set {
        path: anchor.path.clone(),
        value,
    })
}

/// Who wrote a comment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, Default)]
#[serde(deny_unknown_fields)]
#[ts(export)]
pub struct Reviewer {
    pub name: String,
    pub organization: String,
}

/// A comment as it travels in a comments file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
#[ts(export)]
pub struct Comment {
    /// Unique within its review: importing the same comment twice adds it
    /// once; a comments file never repeats one.
    pub id: String,
    pub anchor: Anchor,
    /// The target's text in the snapshot the reviewer commented on.
    pub quoted: String,
    pub body: String,
    /// Replacement text for the target, when the reviewer suggests one.
    #[serde(default)]
    pub suggestion: Option<String>,
    /// The words the reviewer marked inside the target (a highlight or a
    /// strike-through in a PDF reader), when fewer than the whole target.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub excerpt: Option<String>,
    /// The comment of the same review this one answers (a reply made in a
    /// PDF reader).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub in_reply_to: Option<String>,
    /// Unix time in milliseconds.
    #[ts(type = "number")]
    pub created_at: i64,
}

impl Comment {
    pub fn check(&self) -> Result<(), CoreError> {
        self.anchor.check()?;
        let too_long = |s: &str| s.chars().count() > MAX_COMMENT_CHARS;
        if self.id.is_empty() || self.id.len() > crate::limits::MAX_ID_CHARS {
            return Err(CoreError::Refused("a comment has no usable id".into()));
        }
        if too_long(&self.body)
            || too_long(&self.quoted)
            || self.suggestion.as_deref().is_some_and(too_long)
            || self.excerpt.as_deref().is_some_and(too_long)
        {
            return Err(CoreError::TooLarge(format!(
                "a comment is longer than {MAX_COMMENT_CHARS} characters"
            )));
        }
        if self
            .in_reply_to
            .as_ref()
            .is_some_and(|r| r.is_empty() || r.len() > crate::limits::MAX_ID_CHARS || *r == self.id)
        {
            return Err(CoreError::Refused("a reply names no usable comment".into()));
        }
        if self.body.trim().is_empty() && self.suggestion.as_deref().is_none_or(|s| s.trim().is_empty()) {
            return Err(CoreError::Refused("a comment has neither text nor a suggestion".into()));
        }
        if self.suggestion.is_some() && !self.anchor.takes_suggestion() {
            return Err(CoreError::Refused(
                "a suggestion is anchored to something that cannot take text".into(),
            ));
        }
        Ok(())
    }
}

/// What a review file says about itself (the manifest), as the store keeps it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ReviewHeader {
    pub review_id: String,
    pub draft_id: String,
    pub title: String,
    /// `YYYY-MM-DD`.
    pub sent_on: String,
    pub snapshot_sha256: String,
}

pub const COMMENTS_FORMAT: &str = "proposal-studio.comments";
pub const COMMENTS_FORMAT_VERSION: u32 = 1;

/// The small file a reviewer sends back: their comments on one review.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
#[ts(export)]
pub struct CommentsFile {
    pub format: String,
    pub format_version: u32,
    /// The review these comments answer.
    pub review_id: String,
    /// The author's draft the review was sent from.
    pub draft_id: String,
    /// SHA-256 of the snapshot the reviewer read.
    pub snapshot_sha256: String,
    pub reviewer: Reviewer,
    pub comments: Vec<Comment>,
    /// SHA-256 of this file with this field empty: a changed or cut file is
    /// refused.
    #[serde(default)]
    pub checksum: String,
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// SHA-256 as lowercase hex.
pub fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::Digest;
    hex(&sha2::Sha256::digest(bytes))
}

impl CommentsFile {
    fn digest(&self) -> String {
        let mut unsealed = self.clone();
        unsealed.checksum.clear();
        sha256_hex(&serde_json::to_vec(&unsealed).unwrap_or_default())
    }

    /// The file's bytes, with its checksum set.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut sealed = self.clone();
        sealed.checksum = self.digest();
        serde_json::to_vec_pretty(&sealed).unwrap_or_default()
    }

    /// Reads and checks a comments file. Everything is refused with a reason
    /// in words: wrong kind of file, a cut or edited file, oversized content.
    pub fn from_bytes(bytes: &[u8]) -> Result<CommentsFile, CoreError> {
        use crate::limits::{MAX_COMMENTS_FILE_BYTES, MAX_COMMENTS_PER_FILE};
        if bytes.len() as u64 > MAX_COMMENTS_FILE_BYTES {
            return Err(CoreError::TooLarge(format!(
                "the file is larger than {} MB; a comments file is much smaller",
                MAX_COMMENTS_FILE_BYTES / (1024 * 1024)
            )));
        }
        use crate::json::{self, JsonProblem};
        let unread = |e: JsonProblem| match e {
            JsonProblem::Syntax { cut_short: true, .. } => CoreError::NotAProposal(
                "the comments file is cut short (it may not have been copied completely)".into(),
            ),
            JsonProblem::Shape { path, message } => {
                CoreError::NotAProposal(format!("the comments file is damaged at {path}: {message}"))
            }
            JsonProblem::Syntax { message, .. } => {
                CoreError::NotAProposal(format!("this is not a Proposal Studio comments file ({message})"))
            }
            e => CoreError::NotAProposal(format!("this is not a Proposal Studio comments file: {e}")),
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
        if header.format.as_ref().and_then(Value::as_str) != Some(COMMENTS_FORMAT) {
            return Err(CoreError::NotAProposal(
                "this is not a Proposal Studio comments file".into(),
            ));
        }
        match header.format_version.as_ref().and_then(Value::as_u64) {
            Some(v) if v == u64::from(COMMENTS_FORMAT_VERSION) => {}
            Some(v) if v > u64::from(COMMENTS_FORMAT_VERSION) => {
                return Err(CoreError::NotAProposal(
                    "this comments file was written by a newer Proposal Studio; update the app to read it".into(),
                ))
            }
            _ => {
                return Err(CoreError::NotAProposal(
                    "this comments file has no version this app knows".into(),
                ))
            }
        }
        let file: CommentsFile = json::typed(bytes).map_err(unread)?;
        if file.comments.len() > MAX_COMMENTS_PER_FILE {
            return Err(CoreError::TooLarge(format!(
                "the file holds more than {MAX_COMMENTS_PER_FILE} comments"
            )));
        }
        if file.checksum != file.digest() {
            return Err(CoreError::Refused(
                "the comments file was changed after the reviewer saved it (its checksum does not match); ask the reviewer to send it again".into(),
            ));
        }
        if file.reviewer.name.chars().count() > crate::limits::MAX_NAME_CHARS
            || file.reviewer.organization.chars().count() > crate::limits::MAX_NAME_CHARS
        {
            return Err(CoreError::TooLarge("the reviewer's name is too long".into()));
        }
        let mut ids = std::collections::HashSet::new();
        for (i, c) in file.comments.iter().enumerate() {
            c.check()?;
            if !ids.insert(c.id.as_str()) {
                return Err(CoreError::Refused(format!(
                    "the comments file is damaged: comment {} has the same id ({:?}) as an earlier one; nothing was imported. Ask the reviewer to save the file again",
                    i + 1,
                    c.id
                )));
            }
        }
        Ok(file)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn example() -> Proposal {
        crate::example_proposal().unwrap()
    }

    fn anchor(kind: AnchorKind, path: &str) -> Anchor {
        Anchor {
            kind,
            path: path.into(),
            row_id: None,
            paragraph: None,
            label: String::new(),
        }
    }

    #[test]
    fn targets_of_each_kind_read_as_text() {
        let p = example();
        assert_eq!(
            target_text(&p, &anchor(AnchorKind::Field, "/cover/title")).unwrap(),
            p.cover.title
        );
        let mut para = anchor(AnchorKind::Paragraph, "/narrative/strategy.theory_of_change");
        para.paragraph = Some(1);
        assert!(target_text(&p, &para).unwrap().starts_with("**and if**"));
        let line = &p.budget.lines[2];
        let mut row = anchor(AnchorKind::BudgetLine, "/budget/lines/0");
        row.row_id = Some(line.id.clone());
        let text = target_text(&p, &row).unwrap();
        assert!(text.contains(&line.description), "{text}");
        let crit = anchor(AnchorKind::Criterion, "/markers/human_rights/criteria/rights_analysis");
        assert!(target_text(&p, &crit).unwrap().contains("level: fully"));
        assert!(target_text(&p, &anchor(AnchorKind::Section, "context")).unwrap().len() > 100);
        row.row_id = Some("gone".into());
        assert_eq!(target_text(&p, &row), None);
    }

    #[test]
    fn suggestion_applies_only_to_unchanged_text() {
        let p = example();
        let mut para = anchor(AnchorKind::Paragraph, "/narrative/strategy.theory_of_change");
        para.paragraph = Some(0);
        let quoted = target_text(&p, &para).unwrap();
        let patch = suggestion_patch(&p, &para, &quoted, "A new first paragraph.").unwrap();
        let Patch::Set {
            value: Value::String(text),
            ..
        } = patch
        else {
            panic!("a set patch")
        };
        assert!(text.starts_with("A new first paragraph.\n\n**and if**"));
        assert!(suggestion_patch(&p, &para, "something else", "x").is_err());
        assert!(suggestion_patch(&p, &anchor(AnchorKind::Row, "/budget/lines/0"), "", "x").is_err());
        let countries = anchor(AnchorKind::Field, "/cover/countries");
        assert!(!accepts_text(&p, &countries));
        assert!(suggestion_patch(&p, &countries, &target_text(&p, &countries).unwrap(), "Peru").is_err());
        assert!(accepts_text(&p, &anchor(AnchorKind::Field, "/cover/title")));
    }

    fn sample_file() -> CommentsFile {
        CommentsFile {
            format: COMMENTS_FORMAT.into(),
            format_version: COMMENTS_FORMAT_VERSION,
            review_id: "r1".into(),
            draft_id: "d1".into(),
            snapshot_sha256: "00".into(),
            reviewer: Reviewer {
                name: "Ana".into(),
                organization: "Ministry of Labour".into(),
            },
            comments: vec![Comment {
                id: "c1".into(),
                anchor: anchor(AnchorKind::Field, "/cover/title"),
                quoted: "Old".into(),
                body: "Shorter, please.".into(),
                suggestion: Some("New".into()),
                created_at: 1,
                excerpt: None,
                in_reply_to: None,
            }],
            checksum: String::new(),
        }
    }

    #[test]
    fn comments_file_round_trips_and_refuses_tampering() {
        let bytes = sample_file().to_bytes();
        let back = CommentsFile::from_bytes(&bytes).unwrap();
        assert_eq!(back.comments, sample_file().comments);
        let tampered = String::from_utf8(bytes.clone()).unwrap().replace("Shorter", "Longer");
        let e = CommentsFile::from_bytes(tampered.as_bytes()).unwrap_err();
        assert!(e.to_string().contains("changed after"), "{e}");
        let e = CommentsFile::from_bytes(&bytes[..bytes.len() / 2]).unwrap_err();
        assert!(e.to_string().contains("cut short"), "{e}");
        let e = CommentsFile::from_bytes(br#"{"format":"proposal-studio.proposal"}"#).unwrap_err();
        assert!(e.to_string().contains("not a Proposal Studio comments file"), "{e}");
        let e = CommentsFile::from_bytes(&vec![b' '; 9 * 1024 * 1024]).unwrap_err();
        assert_eq!(e.code(), "too_large");
    }

    #[test]
    fn hostile_anchors_are_refused() {
        assert!(anchor(AnchorKind::Field, "cover/title").check().is_err());
        assert!(anchor(AnchorKind::Field, &"/x".repeat(500)).check().is_err());
        assert!(anchor(AnchorKind::Paragraph, "/narrative/a.b").check().is_err());
        assert!(anchor(AnchorKind::Section, "context").check().is_ok());
    }

    #[test]
    fn a_file_repeating_a_comment_id_is_refused() {
        let mut f = sample_file();
        let mut again = f.comments[0].clone();
        again.body = "A second comment under the same id.".into();
        f.comments.push(again);
        let e = CommentsFile::from_bytes(&f.to_bytes()).unwrap_err().to_string();
        assert!(e.contains("same id") && e.contains("\"c1\""), "{e}");
    }

    #[test]
    fn a_duplicate_key_in_a_comments_file_is_refused() {
        let text = String::from_utf8(sample_file().to_bytes()).unwrap();
        let doubled = text.replacen("\"review_id\"", "\"review_id\": \"r0\", \"review_id\"", 1);
        let e = CommentsFile::from_bytes(doubled.as_bytes()).unwrap_err().to_string();
        assert!(e.contains("/review_id") && e.contains("twice"), "{e}");
    }
}
