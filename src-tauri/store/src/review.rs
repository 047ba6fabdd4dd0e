//! Versions of a draft, reviews sent and the comments that come back, and on
//! a reviewer's machine the reviews they were asked to do.

use rusqlite::{params, OptionalExtension};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use studio_core::limits::{MAX_COMMENT_CHARS, MAX_NAME_CHARS, MAX_VERSIONS_PER_DRAFT};
use studio_core::patch;
use studio_core::review::{
    self, sha256_hex, Anchor, Comment, CommentsFile, ReviewHeader, Reviewer, COMMENTS_FORMAT, COMMENTS_FORMAT_VERSION,
};
use studio_core::Proposal;

use crate::error::StoreError;
use crate::store::{new_id, now_ms, refresh_digest, sql, write_part, DraftSummary, Store};

/// Why a version was taken.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum VersionReason {
    /// "Save version…" by hand.
    Manual,
    /// Taken on every export of the package.
    Export,
    /// Taken on every review sent.
    Review,
    /// The state a restore replaced.
    Restore,
    /// Taken on every share sent to a PUNO, and before every merge.
    Share,
    /// Taken before lines are imported from a workbook or a pasted table.
    Import,
}

impl VersionReason {
    fn as_str(self) -> &'static str {
        match self {
            VersionReason::Manual => "manual",
            VersionReason::Export => "export",
            VersionReason::Review => "review",
            VersionReason::Restore => "restore",
            VersionReason::Share => "share",
            VersionReason::Import => "import",
        }
    }

    fn parse(s: &str) -> VersionReason {
        match s {
            "export" => VersionReason::Export,
            "review" => VersionReason::Review,
            "restore" => VersionReason::Restore,
            "share" => VersionReason::Share,
            "import" => VersionReason::Import,
            _ => VersionReason::Manual,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct VersionInfo {
    pub id: String,
    pub draft_id: String,
    pub name: String,
    pub reason: VersionReason,
    #[ts(type = "number")]
    pub created_at: i64,
    pub sha256: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum CommentStatus {
    Open,
    Resolved,
    /// The suggestion was applied to the draft.
    Accepted,
}

impl CommentStatus {
    fn as_str(self) -> &'static str {
        match self {
            CommentStatus::Open => "open",
            CommentStatus::Resolved => "resolved",
            CommentStatus::Accepted => "accepted",
        }
    }

    fn parse(s: &str) -> CommentStatus {
        match s {
            "resolved" => CommentStatus::Resolved,
            "accepted" => CommentStatus::Accepted,
            _ => CommentStatus::Open,
        }
    }
}

/// The author's answer to a comment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Reply {
    pub text: String,
    #[ts(type = "number")]
    pub at: i64,
}

/// A comment received on one of the author's drafts, with its state.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct ReceivedComment {
    pub comment: Comment,
    pub review_id: String,
    pub reviewer: Reviewer,
    pub status: CommentStatus,
    #[ts(type = "number | null")]
    pub status_at: Option<i64>,
    pub replies: Vec<Reply>,
    #[ts(type = "number")]
    pub imported_at: i64,
    /// The target reads differently now than when the comment was made
    /// (or is gone).
    pub outdated: bool,
    /// The target's text now, `None` when it no longer exists.
    pub current: Option<String>,
}

/// What an import of a comments file did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct ImportSummary {
    pub reviewer: Reviewer,
    pub added: u32,
    /// Comments already imported before (the same file twice adds nothing).
    pub already: u32,
    /// Notes of a PDF that lie on no part of the proposal (a margin, a
    /// header): kept on their page, listed as not placed.
    #[serde(default)]
    pub not_placed: u32,
    /// Everyone whose notes a PDF held, when more than one.
    #[serde(default)]
    pub others: Vec<Reviewer>,
}

/// On a reviewer's machine: a review they opened, with their comments.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct ReviewWork {
    pub header: ReviewHeader,
    pub reviewer: Reviewer,
    pub comments: Vec<Comment>,
    #[ts(type = "number")]
    pub opened_at: i64,
}

/// A comment typed on `proposal` (a new one without `comment_id`), quoting
/// what it is anchored to, and checked as any comment file's is.
pub(crate) fn new_comment(
    proposal: &Proposal,
    comment_id: Option<&str>,
    anchor: &Anchor,
    body: &str,
    suggestion: Option<&str>,
) -> Result<Comment, StoreError> {
    let quoted = review::target_text(proposal, anchor)
        .ok_or_else(|| StoreError::Refused("there is nothing at that place in the proposal to comment on".into()))?;
    let comment = Comment {
        id: comment_id.map(str::to_string).unwrap_or_else(new_id),
        anchor: anchor.clone(),
        quoted,
        body: body.trim().to_string(),
        suggestion: suggestion.map(str::to_string).filter(|s| !s.trim().is_empty()),
        created_at: now_ms(),
        excerpt: None,
        in_reply_to: None,
    };
    comment.check()?;
    Ok(comment)
}

/// A stored JSON value that no longer reads: the library is damaged there.
pub(crate) fn json_err(what: &str, e: serde_json::Error) -> StoreError {
    StoreError::Corrupt(format!("{what}: {e}"))
}

fn check_name(what: &str, s: &str) -> Result<(), StoreError> {
    if s.chars().count() > MAX_NAME_CHARS {
        return Err(StoreError::Refused(format!(
            "{what} must be at most {MAX_NAME_CHARS} characters"
        )));
    }
    Ok(())
}

impl Store {
    // ---- versions -------------------------------------------------------

    /// Takes a named version of the whole draft. The content is stored once
    /// however many versions share it.
    pub fn save_version(
        &mut self,
        draft_id: &str,
        name: &str,
        reason: VersionReason,
    ) -> Result<VersionInfo, StoreError> {
        let proposal = self.load(draft_id)?;
        self.save_version_of(draft_id, &proposal, name, reason)
    }

    /// Takes a named version holding `proposal` (the state a file was
    /// written from, which the draft may have moved on from since).
    pub fn save_version_of(
        &mut self,
        draft_id: &str,
        proposal: &Proposal,
        name: &str,
        reason: VersionReason,
    ) -> Result<VersionInfo, StoreError> {
        let name = name.trim();
        check_name("a version's name", name)?;
        let count: i64 = self
            .conn
            .query_row("SELECT count(*) FROM versions WHERE draft_id = ?1", [draft_id], |r| {
                r.get(0)
            })
            .map_err(sql)?;
        if count as usize >= MAX_VERSIONS_PER_DRAFT {
            return Err(StoreError::Refused(format!(
                "a draft keeps at most {MAX_VERSIONS_PER_DRAFT} versions"
            )));
        }
        let json = proposal.to_json_pretty();
        let sha256 = sha256_hex(json.as_bytes());
        let info = VersionInfo {
            id: new_id(),
            draft_id: draft_id.to_string(),
            name: name.to_string(),
            reason,
            created_at: now_ms(),
            sha256: sha256.clone(),
        };
        let tx = self.conn.savepoint().map_err(sql)?;
        tx.execute(
            "INSERT OR IGNORE INTO snapshots (sha256, json) VALUES (?1, ?2)",
            params![sha256, json],
        )
        .map_err(sql)?;
        tx.execute(
            "INSERT INTO versions (id, draft_id, name, reason, created_at, sha256) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![info.id, draft_id, info.name, reason.as_str(), info.created_at, sha256],
        )
        .map_err(sql)?;
        tx.commit().map_err(sql)?;
        Ok(info)
    }

    /// A draft's versions, newest first.
    pub fn list_versions(&self, draft_id: &str) -> Result<Vec<VersionInfo>, StoreError> {
        self.meta(draft_id)?;
        let mut stmt = self.conn.prepare_cached(
            "SELECT id, name, reason, created_at, sha256 FROM versions WHERE draft_id = ?1 ORDER BY created_at DESC, rowid DESC",
        )?;
        let rows = stmt.query_map([draft_id], |r| {
            Ok(VersionInfo {
                id: r.get(0)?,
                draft_id: draft_id.to_string(),
                name: r.get(1)?,
                reason: VersionReason::parse(&r.get::<_, String>(2)?),
                created_at: r.get(3)?,
                sha256: r.get(4)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// One version's proposal, for viewing or comparing.
    pub fn load_version(&self, version_id: &str) -> Result<(VersionInfo, Proposal), StoreError> {
        let row: Option<(String, String, String, i64, String, String)> = self
            .conn
            .query_row(
                "SELECT v.draft_id, v.name, v.reason, v.created_at, v.sha256, s.json
                 FROM versions v JOIN snapshots s ON s.sha256 = v.sha256 WHERE v.id = ?1",
                [version_id],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?)),
            )
            .optional()
            .map_err(sql)?;
        let (draft_id, name, reason, created_at, sha256, json) =
            row.ok_or_else(|| StoreError::NotFound(format!("version {version_id}")))?;
        let proposal = Proposal::from_json_bytes(json.as_bytes(), self.template())
            .map_err(|e| StoreError::Corrupt(format!("version {version_id}: {e}")))?;
        let info = VersionInfo {
            id: version_id.to_string(),
            draft_id,
            name,
            reason: VersionReason::parse(&reason),
            created_at,
            sha256,
        };
        Ok((info, proposal))
    }

    /// Puts a version back as the draft. What it replaces is saved as a
    /// version first, so a restore can itself be undone.
    pub fn restore_version(
        &mut self,
        draft_id: &str,
        version_id: &str,
        before_name: &str,
    ) -> Result<DraftSummary, StoreError> {
        let (info, proposal) = self.load_version(version_id)?;
        if info.draft_id != draft_id {
            return Err(StoreError::Refused("that version belongs to another draft".into()));
        }
        self.save_version(draft_id, before_name, VersionReason::Restore)?;
        self.replace_proposal(draft_id, &proposal)?;
        self.summary(draft_id)
    }

    /// Replaces a draft's whole content, keeping its id and name.
    pub(crate) fn replace_proposal(&mut self, draft_id: &str, proposal: &Proposal) -> Result<(), StoreError> {
        let template = self.template();
        proposal.check(template)?;
        let tx = self.conn.savepoint().map_err(sql)?;
        tx.execute("DELETE FROM draft_parts WHERE draft_id = ?1", [draft_id])
            .map_err(sql)?;
        for (part, value) in patch::to_parts(proposal) {
            write_part(&tx, draft_id, &part, Some(&value))?;
        }
        tx.execute(
            "UPDATE drafts SET kind = ?2, language = ?3, updated_at = max(updated_at, ?4) WHERE id = ?1",
            params![draft_id, proposal.kind.as_str(), proposal.language, now_ms()],
        )
        .map_err(sql)?;
        refresh_digest(&tx, template, draft_id)?;
        tx.commit().map_err(sql)?;
        Ok(())
    }

    // ---- reviews sent and comments received -------------------------------

    /// Records a review sent from a draft: takes its version and returns what
    /// the review file says about itself, with the snapshot it carries.
    pub fn begin_review(&mut self, draft_id: &str, version_name: &str) -> Result<(ReviewHeader, Proposal), StoreError> {
        self.atomically(|s| {
            let (header, proposal) = s.plan_review(draft_id)?;
            s.record_review(&header, &proposal, version_name)?;
            Ok((header, proposal))
        })
    }

    /// What a review of the draft as it is now says about itself, with the
    /// snapshot it carries. Nothing is written until `record_review`, so the
    /// review file can be written first.
    pub fn plan_review(&self, draft_id: &str) -> Result<(ReviewHeader, Proposal), StoreError> {
        let proposal = self.load(draft_id)?;
        let header = ReviewHeader {
            review_id: new_id(),
            draft_id: draft_id.to_string(),
            title: proposal.cover.title.clone(),
            sent_on: studio_core::date::Date::today().to_string(),
            snapshot_sha256: sha256_hex(proposal.to_json_pretty().as_bytes()),
        };
        Ok((header, proposal))
    }

    /// Records a review planned by `plan_review`: its snapshot as a version,
    /// and the review itself, in one transaction.
    pub fn record_review(
        &mut self,
        header: &ReviewHeader,
        snapshot: &Proposal,
        version_name: &str,
    ) -> Result<VersionInfo, StoreError> {
        self.atomically(|s| {
            let version = s.save_version_of(&header.draft_id, snapshot, version_name, VersionReason::Review)?;
            if version.sha256 != header.snapshot_sha256 {
                return Err(StoreError::Refused(
                    "the review's snapshot does not match its header".into(),
                ));
            }
            s.conn
                .execute(
                    "INSERT INTO reviews_sent (id, draft_id, version_id, sha256, created_at) VALUES (?1, ?2, ?3, ?4, ?5)",
                    params![header.review_id, header.draft_id, version.id, version.sha256, now_ms()],
                )
                .map_err(sql)?;
            Ok(version)
        })
    }

    /// The snapshot a review sent from `draft_id` showed: what the notes of
    /// a review copy are read against. Refused for a review not sent from
    /// this draft.
    pub fn sent_review_snapshot(&self, draft_id: &str, review_id: &str) -> Result<Proposal, StoreError> {
        self.meta(draft_id)?;
        let version: Option<String> = self
            .conn
            .query_row(
                "SELECT version_id FROM reviews_sent WHERE id = ?1 AND draft_id = ?2",
                params![review_id, draft_id],
                |r| r.get(0),
            )
            .optional()
            .map_err(sql)?;
        let version = version.ok_or_else(|| {
            StoreError::Refused(
                "this review copy was not sent from this draft (it is a copy of another draft or proposal); nothing was imported".into(),
            )
        })?;
        Ok(self.load_version(&version)?.1)
    }

    /// Imports a comments file into a draft. The file must answer a review
    /// sent from this draft; comments of that review already here are
    /// skipped, so importing twice changes nothing and files from several
    /// reviewers merge. Ids count within the review only.
    pub fn import_comments(&mut self, draft_id: &str, file: &CommentsFile) -> Result<ImportSummary, StoreError> {
        self.meta(draft_id)?;
        let sent: Option<String> = self
            .conn
            .query_row(
                "SELECT sha256 FROM reviews_sent WHERE id = ?1 AND draft_id = ?2",
                params![file.review_id, draft_id],
                |r| r.get(0),
            )
            .optional()
            .map_err(sql)?;
        let Some(sha) = sent else {
            return Err(StoreError::Refused(
                "these comments answer a review of another proposal (or one not sent from this draft); nothing was imported".into(),
            ));
        };
        if file.draft_id != draft_id || file.snapshot_sha256 != sha {
            return Err(StoreError::Refused(
                "these comments do not match the review this draft sent; nothing was imported".into(),
            ));
        }
        let reviewer = serde_json::to_string(&file.reviewer).map_err(|e| json_err("reviewer", e))?;
        let now = now_ms();
        let tx = self.conn.savepoint().map_err(sql)?;
        let (mut added, mut already) = (0, 0);
        for c in &file.comments {
            let comment = serde_json::to_string(c).map_err(|e| json_err("comment", e))?;
            let n = tx
                .execute(
                    "INSERT OR IGNORE INTO comments (id, draft_id, review_id, reviewer, comment, imported_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                    params![c.id, draft_id, file.review_id, reviewer, comment, now],
                )
                .map_err(sql)?;
            if n == 1 {
                added += 1;
            } else {
                already += 1;
            }
        }
        tx.commit().map_err(sql)?;
        Ok(ImportSummary {
            reviewer: file.reviewer.clone(),
            added,
            already,
            not_placed: 0,
            others: Vec::new(),
        })
    }

    /// The comments on a draft, oldest first, each checked against the
    /// draft as it is now.
    pub fn list_comments(&self, draft_id: &str) -> Result<Vec<ReceivedComment>, StoreError> {
        let proposal = self.load(draft_id)?;
        let mut stmt = self.conn.prepare_cached(
            "SELECT review_id, reviewer, comment, status, status_at, replies, imported_at
             FROM comments WHERE draft_id = ?1 ORDER BY imported_at, rowid",
        )?;
        let rows = stmt.query_map([draft_id], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, String>(3)?,
                r.get::<_, Option<i64>>(4)?,
                r.get::<_, String>(5)?,
                r.get::<_, i64>(6)?,
            ))
        })?;
        let mut out = Vec::new();
        for row in rows {
            let (review_id, reviewer, comment, status, status_at, replies, imported_at) = row?;
            let comment: Comment = serde_json::from_str(&comment).map_err(|e| json_err("comment", e))?;
            let current = review::target_text(&proposal, &comment.anchor);
            let status = CommentStatus::parse(&status);
            out.push(ReceivedComment {
                outdated: status != CommentStatus::Accepted && current.as_deref() != Some(comment.quoted.as_str()),
                current,
                review_id,
                reviewer: serde_json::from_str(&reviewer).map_err(|e| json_err("reviewer", e))?,
                status,
                status_at,
                replies: serde_json::from_str(&replies).map_err(|e| json_err("replies", e))?,
                imported_at,
                comment,
            });
        }
        Ok(out)
    }

    /// The comment `comment_id` of the review `review_id` on a draft: ids
    /// are unique within a review only, so a comment is named by both.
    fn received(&self, draft_id: &str, review_id: &str, comment_id: &str) -> Result<ReceivedComment, StoreError> {
        self.list_comments(draft_id)?
            .into_iter()
            .find(|c| c.review_id == review_id && c.comment.id == comment_id)
            .ok_or_else(|| StoreError::NotFound(format!("comment {comment_id} of review {review_id}")))
    }

    pub fn reply_to_comment(
        &mut self,
        draft_id: &str,
        review_id: &str,
        comment_id: &str,
        text: &str,
    ) -> Result<ReceivedComment, StoreError> {
        let text = text.trim();
        if text.is_empty() || text.chars().count() > MAX_COMMENT_CHARS {
            return Err(StoreError::Refused(format!(
                "a reply must be 1 to {MAX_COMMENT_CHARS} characters"
            )));
        }
        let mut c = self.received(draft_id, review_id, comment_id)?;
        c.replies.push(Reply {
            text: text.to_string(),
            at: now_ms(),
        });
        let replies = serde_json::to_string(&c.replies).map_err(|e| json_err("replies", e))?;
        self.conn
            .execute(
                "UPDATE comments SET replies = ?2 WHERE id = ?1 AND review_id = ?3 AND draft_id = ?4",
                params![comment_id, replies, c.review_id, draft_id],
            )
            .map_err(sql)?;
        self.received(draft_id, review_id, comment_id)
    }

    /// Marks a comment resolved, or open again.
    pub fn set_comment_status(
        &mut self,
        draft_id: &str,
        review_id: &str,
        comment_id: &str,
        resolved: bool,
    ) -> Result<ReceivedComment, StoreError> {
        let c = self.received(draft_id, review_id, comment_id)?;
        if c.status == CommentStatus::Accepted {
            return Err(StoreError::Refused("an accepted suggestion stays accepted".into()));
        }
        let status = if resolved {
            CommentStatus::Resolved
        } else {
            CommentStatus::Open
        };
        self.conn
            .execute(
                "UPDATE comments SET status = ?2, status_at = ?3 WHERE id = ?1 AND review_id = ?4 AND draft_id = ?5",
                params![comment_id, status.as_str(), now_ms(), c.review_id, draft_id],
            )
            .map_err(sql)?;
        self.received(draft_id, review_id, comment_id)
    }

    /// Applies a comment's suggested text to the draft and records it.
    pub fn accept_suggestion(
        &mut self,
        draft_id: &str,
        review_id: &str,
        comment_id: &str,
    ) -> Result<ReceivedComment, StoreError> {
        let c = self.received(draft_id, review_id, comment_id)?;
        if c.status == CommentStatus::Accepted {
            return Err(StoreError::Refused("this suggestion was already accepted".into()));
        }
        let suggestion = c
            .comment
            .suggestion
            .as_deref()
            .ok_or_else(|| StoreError::Refused("this comment suggests no text".into()))?;
        let proposal = self.load(draft_id)?;
        let patch = review::suggestion_patch(&proposal, &c.comment.anchor, &c.comment.quoted, suggestion)?;
        let saved = self.apply_patches(draft_id, &[patch])?;
        if let Some(r) = saved.rejected.first() {
            return Err(StoreError::Refused(format!(
                "the suggestion cannot be applied: {}",
                r.message
            )));
        }
        self.conn
            .execute(
                "UPDATE comments SET status = 'accepted', status_at = ?2 WHERE id = ?1 AND review_id = ?3 AND draft_id = ?4",
                params![comment_id, now_ms(), c.review_id, draft_id],
            )
            .map_err(sql)?;
        self.received(draft_id, review_id, comment_id)
    }

    // ---- the reviewer's side -------------------------------------------

    /// Opens a review on the reviewer's machine. Opening the same review
    /// again returns the work already done on it.
    pub fn open_review(&mut self, header: &ReviewHeader, proposal: &Proposal) -> Result<ReviewWork, StoreError> {
        proposal.check(self.template())?;
        let existing: Option<String> = self
            .conn
            .query_row(
                "SELECT snapshot_sha256 FROM reviews_received WHERE id = ?1",
                [&header.review_id],
                |r| r.get(0),
            )
            .optional()
            .map_err(sql)?;
        match existing {
            Some(sha) if sha != header.snapshot_sha256 => {
                return Err(StoreError::Refused(
                    "a different file with this review's id was opened before; this one was not".into(),
                ))
            }
            Some(_) => {}
            None => {
                self.conn
                    .execute(
                        "INSERT INTO reviews_received (id, draft_id, title, sent_on, snapshot_sha256, proposal, opened_at)
                         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                        params![
                            header.review_id,
                            header.draft_id,
                            header.title,
                            header.sent_on,
                            header.snapshot_sha256,
                            proposal.to_json_pretty(),
                            now_ms()
                        ],
                    )
                    .map_err(sql)?;
            }
        }
        self.review_work(&header.review_id)
    }

    pub fn list_review_work(&self) -> Result<Vec<ReviewWork>, StoreError> {
        let ids: Vec<String> = {
            let mut stmt = self
                .conn
                .prepare("SELECT id FROM reviews_received ORDER BY opened_at DESC")?;
            let rows = stmt.query_map([], |r| r.get(0))?;
            rows.collect::<Result<_, _>>()?
        };
        ids.iter().map(|id| self.review_work(id)).collect()
    }

    pub fn review_work(&self, review_id: &str) -> Result<ReviewWork, StoreError> {
        let row: Option<(String, String, String, String, String, i64)> = self
            .conn
            .query_row(
                "SELECT draft_id, title, sent_on, snapshot_sha256, reviewer, opened_at FROM reviews_received WHERE id = ?1",
                [review_id],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?)),
            )
            .optional()
            .map_err(sql)?;
        let (draft_id, title, sent_on, snapshot_sha256, reviewer, opened_at) =
            row.ok_or_else(|| StoreError::NotFound(format!("review {review_id}")))?;
        let mut stmt = self
            .conn
            .prepare_cached("SELECT comment FROM review_comments WHERE review_id = ?1 ORDER BY rowid")?;
        let comments = stmt
            .query_map([review_id], |r| r.get::<_, String>(0))?
            .map(|c| {
                c.map_err(StoreError::from)
                    .and_then(|c| serde_json::from_str(&c).map_err(|e| json_err("comment", e)))
            })
            .collect::<Result<Vec<Comment>, StoreError>>()?;
        Ok(ReviewWork {
            header: ReviewHeader {
                review_id: review_id.to_string(),
                draft_id,
                title,
                sent_on,
                snapshot_sha256,
            },
            reviewer: serde_json::from_str(&reviewer).map_err(|e| json_err("reviewer", e))?,
            comments,
            opened_at,
        })
    }

    /// The snapshot a review is about.
    pub fn review_proposal(&self, review_id: &str) -> Result<Proposal, StoreError> {
        let json: String = self
            .conn
            .query_row(
                "SELECT proposal FROM reviews_received WHERE id = ?1",
                [review_id],
                |r| r.get(0),
            )
            .optional()
            .map_err(sql)?
            .ok_or_else(|| StoreError::NotFound(format!("review {review_id}")))?;
        Proposal::from_json_bytes(json.as_bytes(), self.template())
            .map_err(|e| StoreError::Corrupt(format!("review {review_id}: {e}")))
    }

    pub fn set_reviewer(&mut self, review_id: &str, reviewer: &Reviewer) -> Result<ReviewWork, StoreError> {
        check_name("a name", &reviewer.name)?;
        check_name("an organization", &reviewer.organization)?;
        let r = Reviewer {
            name: reviewer.name.trim().to_string(),
            organization: reviewer.organization.trim().to_string(),
        };
        let text = serde_json::to_string(&r).map_err(|e| json_err("reviewer", e))?;
        let n = self
            .conn
            .execute(
                "UPDATE reviews_received SET reviewer = ?2 WHERE id = ?1",
                params![review_id, text],
            )
            .map_err(sql)?;
        if n == 0 {
            return Err(StoreError::NotFound(format!("review {review_id}")));
        }
        self.review_work(review_id)
    }

    /// Adds or updates one of the reviewer's comments. The quoted text is
    /// taken from the snapshot here, never from the caller.
    pub fn save_review_comment(
        &mut self,
        review_id: &str,
        comment_id: Option<&str>,
        anchor: &Anchor,
        body: &str,
        suggestion: Option<&str>,
    ) -> Result<Comment, StoreError> {
        let proposal = self.review_proposal(review_id)?;
        let comment = new_comment(&proposal, comment_id, anchor, body, suggestion)?;
        if comment.suggestion.is_some() && !review::accepts_text(&proposal, anchor) {
            return Err(StoreError::Refused(
                "a replacement text can only be suggested for a paragraph or a text field".into(),
            ));
        }
        let text = serde_json::to_string(&comment).map_err(|e| json_err("comment", e))?;
        if let Some(id) = comment_id {
            let n = self
                .conn
                .execute(
                    "UPDATE review_comments SET comment = ?3, updated_at = ?4 WHERE id = ?1 AND review_id = ?2",
                    params![id, review_id, text, now_ms()],
                )
                .map_err(sql)?;
            if n == 0 {
                return Err(StoreError::NotFound(format!("comment {id}")));
            }
        } else {
            self.conn
                .execute(
                    "INSERT INTO review_comments (id, review_id, comment, updated_at) VALUES (?1, ?2, ?3, ?4)",
                    params![comment.id, review_id, text, now_ms()],
                )
                .map_err(sql)?;
        }
        Ok(comment)
    }

    pub fn delete_review_comment(&mut self, review_id: &str, comment_id: &str) -> Result<(), StoreError> {
        self.conn
            .execute(
                "DELETE FROM review_comments WHERE id = ?1 AND review_id = ?2",
                params![comment_id, review_id],
            )
            .map_err(sql)?;
        Ok(())
    }

    pub fn remove_review_work(&mut self, review_id: &str) -> Result<(), StoreError> {
        self.conn
            .execute("DELETE FROM reviews_received WHERE id = ?1", [review_id])
            .map_err(sql)?;
        Ok(())
    }

    /// The comments file that returns a review's comments to its author.
    pub fn comments_file(&self, review_id: &str) -> Result<CommentsFile, StoreError> {
        let work = self.review_work(review_id)?;
        if work.reviewer.name.trim().is_empty() {
            return Err(StoreError::Refused(
                "enter your name (and organization) first, so the author knows who commented".into(),
            ));
        }
        if work.comments.is_empty() {
            return Err(StoreError::Refused("there are no comments to return yet".into()));
        }
        Ok(CommentsFile {
            format: COMMENTS_FORMAT.into(),
            format_version: COMMENTS_FORMAT_VERSION,
            review_id: work.header.review_id,
            draft_id: work.header.draft_id,
            snapshot_sha256: work.header.snapshot_sha256,
            reviewer: work.reviewer,
            comments: work.comments,
            checksum: String::new(),
        })
    }
}
