//! Co-authoring in the store: shares sent from a draft (each with the
//! version kept as it was sent), shared drafts opened on a PUNO's machine
//! (with the snapshot they started from), contributions merged (so the same
//! one is never merged twice), and who changed which part.

use rusqlite::{params, OptionalExtension};
use serde::Serialize;
use ts_rs::TS;

use studio_core::merge::{ChangeSummary, Edit};
use studio_core::review::{sha256_hex, Anchor, Comment};
use studio_core::share::ShareHeader;
use studio_core::Proposal;

use crate::error::StoreError;
use crate::review::{json_err, VersionReason};
use crate::store::{new_id, now_ms, sql, DraftSummary, Store};

/// A share sent from a draft.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct ShareSent {
    pub header: ShareHeader,
    pub version_id: String,
    #[ts(type = "number")]
    pub created_at: i64,
}

/// A contribution merged into a draft.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct MergedContribution {
    pub share_id: String,
    pub puno: String,
    pub summary: ChangeSummary,
    #[ts(type = "number")]
    pub merged_at: i64,
}

/// Which PUNO last changed a part of the draft, by merging.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct Authorship {
    /// The changed place, as the merge names it (JSON, steps by key and id).
    pub path: String,
    pub puno: String,
    #[ts(type = "number")]
    pub at: i64,
}

impl Store {
    /// What a share of the draft as it is now says about itself, with the
    /// snapshot it carries. Nothing is written until `record_share`.
    pub fn plan_share(
        &self,
        draft_id: &str,
        assignment: studio_core::merge::Assignment,
    ) -> Result<(ShareHeader, Proposal), StoreError> {
        let proposal = self.load(draft_id)?;
        let header = ShareHeader {
            share_id: new_id(),
            draft_id: draft_id.to_string(),
            title: proposal.cover.title.clone(),
            sent_on: studio_core::date::Date::today().to_string(),
            assignment,
            snapshot_sha256: sha256_hex(proposal.to_json_pretty().as_bytes()),
        };
        header.check()?;
        Ok((header, proposal))
    }

    /// Records a share planned by `plan_share`: its snapshot as a version,
    /// and the share itself, in one transaction.
    pub fn record_share(
        &mut self,
        header: &ShareHeader,
        snapshot: &Proposal,
        version_name: &str,
    ) -> Result<ShareSent, StoreError> {
        self.atomically(|s| {
            let version = s.save_version_of(&header.draft_id, snapshot, version_name, VersionReason::Share)?;
            if version.sha256 != header.snapshot_sha256 {
                return Err(StoreError::Refused("the share's snapshot does not match its header".into()));
            }
            let json = serde_json::to_string(header).map_err(|e| json_err("share", e))?;
            let now = now_ms();
            s.conn
                .execute(
                    "INSERT INTO shares_sent (id, draft_id, puno, header, version_id, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                    params![header.share_id, header.draft_id, header.assignment.puno, json, version.id, now],
                )
                .map_err(sql)?;
            Ok(ShareSent {
                header: header.clone(),
                version_id: version.id,
                created_at: now,
            })
        })
    }

    /// The shares sent from a draft, newest first.
    pub fn list_shares(&self, draft_id: &str) -> Result<Vec<ShareSent>, StoreError> {
        self.meta(draft_id)?;
        let mut stmt = self.conn.prepare_cached(
            "SELECT header, version_id, created_at FROM shares_sent WHERE draft_id = ?1 ORDER BY created_at DESC, rowid DESC",
        )?;
        let rows = stmt.query_map([draft_id], |r| Ok((r.get::<_, String>(0)?, r.get(1)?, r.get(2)?)))?;
        let mut out = Vec::new();
        for row in rows {
            let (header, version_id, created_at) = row?;
            let header = serde_json::from_str(&header).map_err(|e| json_err("share", e))?;
            out.push(ShareSent {
                header,
                version_id,
                created_at,
            });
        }
        Ok(out)
    }

    /// A share sent from `draft_id`, with the snapshot it carried, or a
    /// refusal in words when this draft sent no such share.
    pub fn share_sent(&self, draft_id: &str, share_id: &str) -> Result<(ShareSent, Proposal), StoreError> {
        let row: Option<(String, String, i64)> = self
            .conn
            .query_row(
                "SELECT header, version_id, created_at FROM shares_sent WHERE id = ?1 AND draft_id = ?2",
                params![share_id, draft_id],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .optional()
            .map_err(sql)?;
        let Some((header, version_id, created_at)) = row else {
            return Err(StoreError::Refused(
                "this contribution answers a share of another proposal (or one not sent from this draft); nothing was merged".into(),
            ));
        };
        let header: ShareHeader = serde_json::from_str(&header).map_err(|e| json_err("share", e))?;
        let (_, snapshot) = self.load_version(&version_id)?;
        Ok((
            ShareSent {
                header,
                version_id,
                created_at,
            },
            snapshot,
        ))
    }

    /// Opens a share received as a draft of its own. Opening the same share
    /// again gives the draft it opened before.
    pub fn open_share(&mut self, header: &ShareHeader, snapshot: &Proposal) -> Result<DraftSummary, StoreError> {
        let before: Option<String> = self
            .conn
            .query_row(
                "SELECT draft_id FROM shares_received WHERE share_id = ?1",
                [&header.share_id],
                |r| r.get(0),
            )
            .optional()
            .map_err(sql)?;
        if let Some(id) = before {
            return self.summary(&id);
        }
        self.atomically(|s| {
            let draft = s.create(snapshot)?;
            let json = serde_json::to_string(header).map_err(|e| json_err("share", e))?;
            s.conn
                .execute(
                    "INSERT INTO shares_received (draft_id, share_id, header, snapshot, opened_at) VALUES (?1, ?2, ?3, ?4, ?5)",
                    params![draft.id, header.share_id, json, snapshot.to_json_pretty(), now_ms()],
                )
                .map_err(sql)?;
            Ok(draft)
        })
    }

    /// For a draft opened from a share: the share and the snapshot it
    /// started from; `None` for any other draft.
    pub fn share_received(&self, draft_id: &str) -> Result<Option<(ShareHeader, Proposal)>, StoreError> {
        let row: Option<(String, String)> = self
            .conn
            .query_row(
                "SELECT header, snapshot FROM shares_received WHERE draft_id = ?1",
                [draft_id],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()
            .map_err(sql)?;
        let Some((header, snapshot)) = row else {
            return Ok(None);
        };
        let header = serde_json::from_str(&header).map_err(|e| json_err("share", e))?;
        let snapshot = Proposal::from_json_bytes(snapshot.as_bytes(), self.template())
            .map_err(|e| StoreError::Corrupt(format!("shared snapshot: {e}")))?;
        Ok(Some((header, snapshot)))
    }

    /// Puts `proposal` in place of a draft's content (a contributor taking
    /// its parts from an edited file), keeping the draft as it was as a
    /// version first.
    pub fn replace_draft(
        &mut self,
        draft_id: &str,
        proposal: &Proposal,
        before_name: &str,
        reason: VersionReason,
    ) -> Result<DraftSummary, StoreError> {
        self.atomically(|s| {
            s.save_version(draft_id, before_name, reason)?;
            s.replace_proposal(draft_id, proposal)?;
            s.summary(draft_id)
        })
    }

    /// Whether the contribution sealed `seal` was merged into the draft.
    pub fn contribution_merged(&self, draft_id: &str, seal: &str) -> Result<bool, StoreError> {
        let n: i64 = self
            .conn
            .query_row(
                "SELECT count(*) FROM contributions_merged WHERE seal = ?1 AND draft_id = ?2",
                params![seal, draft_id],
                |r| r.get(0),
            )
            .map_err(sql)?;
        Ok(n > 0)
    }

    /// Applies a merge: keeps the draft as it was as a version named
    /// `before_name`, puts `merged` in its place, records the contribution
    /// and who changed what, and files the suggestions as comments. One
    /// transaction: all of it or none.
    #[allow(clippy::too_many_arguments)]
    pub fn record_merge(
        &mut self,
        draft_id: &str,
        seal: &str,
        share: &ShareHeader,
        merged: &Proposal,
        applied: &[Edit],
        summary: &ChangeSummary,
        suggestions: &[Comment],
        contributor: &studio_core::review::Reviewer,
        before_name: &str,
    ) -> Result<DraftSummary, StoreError> {
        self.atomically(|s| {
            if s.contribution_merged(draft_id, seal)? {
                return Err(StoreError::Refused("this contribution was merged already".into()));
            }
            s.save_version(draft_id, before_name, VersionReason::Share)?;
            s.replace_proposal(draft_id, merged)?;
            let now = now_ms();
            let puno = &share.assignment.puno;
            let summary_json = serde_json::to_string(summary).map_err(|e| json_err("summary", e))?;
            s.conn
                .execute(
                    "INSERT INTO contributions_merged (seal, draft_id, share_id, puno, summary, merged_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                    params![seal, draft_id, share.share_id, puno, summary_json, now],
                )
                .map_err(sql)?;
            for e in applied {
                let path = serde_json::to_string(&e.target()).map_err(|e| json_err("path", e))?;
                s.conn
                    .execute(
                        "INSERT OR REPLACE INTO authorship (draft_id, path, puno, at) VALUES (?1, ?2, ?3, ?4)",
                        params![draft_id, path, puno, now],
                    )
                    .map_err(sql)?;
            }
            let reviewer = serde_json::to_string(contributor).map_err(|e| json_err("contributor", e))?;
            for c in suggestions {
                let comment = serde_json::to_string(c).map_err(|e| json_err("comment", e))?;
                s.conn
                    .execute(
                        "INSERT OR IGNORE INTO comments (id, draft_id, review_id, reviewer, comment, imported_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                        params![c.id, draft_id, share.share_id, reviewer, comment, now],
                    )
                    .map_err(sql)?;
            }
            s.summary(draft_id)
        })
    }

    /// The contributions merged into a draft, oldest first.
    pub fn list_merged(&self, draft_id: &str) -> Result<Vec<MergedContribution>, StoreError> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT share_id, puno, summary, merged_at FROM contributions_merged WHERE draft_id = ?1 ORDER BY merged_at, rowid",
        )?;
        let rows = stmt.query_map([draft_id], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get(3)?,
            ))
        })?;
        let mut out = Vec::new();
        for row in rows {
            let (share_id, puno, summary, merged_at) = row?;
            out.push(MergedContribution {
                share_id,
                puno,
                summary: serde_json::from_str(&summary).map_err(|e| json_err("summary", e))?,
                merged_at,
            });
        }
        Ok(out)
    }

    /// Saves a PUNO's comment on a part of its shared draft (a new one
    /// without `comment_id`), quoting what it is anchored to.
    pub fn save_share_comment(
        &mut self,
        draft_id: &str,
        comment_id: Option<&str>,
        anchor: &Anchor,
        body: &str,
    ) -> Result<Comment, StoreError> {
        if self.share_received(draft_id)?.is_none() {
            return Err(StoreError::Refused(
                "only a draft opened from a share takes comments for the convening agency".into(),
            ));
        }
        let comment = crate::review::new_comment(&self.load(draft_id)?, comment_id, anchor, body, None)?;
        let text = serde_json::to_string(&comment).map_err(|e| json_err("comment", e))?;
        let n = self
            .conn
            .execute(
                "INSERT INTO share_comments (id, draft_id, comment, updated_at) VALUES (?1, ?2, ?3, ?4)
                 ON CONFLICT (draft_id, id) DO UPDATE SET comment = excluded.comment, updated_at = excluded.updated_at",
                params![comment.id, draft_id, text, now_ms()],
            )
            .map_err(sql)?;
        debug_assert_eq!(n, 1);
        Ok(comment)
    }

    pub fn delete_share_comment(&mut self, draft_id: &str, comment_id: &str) -> Result<(), StoreError> {
        self.conn
            .execute(
                "DELETE FROM share_comments WHERE draft_id = ?1 AND id = ?2",
                params![draft_id, comment_id],
            )
            .map_err(sql)?;
        Ok(())
    }

    /// A shared draft's comments for the convening agency, oldest first.
    pub fn share_comments(&self, draft_id: &str) -> Result<Vec<Comment>, StoreError> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT comment FROM share_comments WHERE draft_id = ?1")?;
        let rows = stmt.query_map([draft_id], |r| r.get::<_, String>(0))?;
        let mut out = Vec::new();
        for row in rows {
            let c: Comment = serde_json::from_str(&row?).map_err(|e| json_err("comment", e))?;
            out.push(c);
        }
        out.sort_by(|a, b| a.created_at.cmp(&b.created_at).then_with(|| a.id.cmp(&b.id)));
        Ok(out)
    }

    /// Who changed which part of a draft by merging, most recent per part.
    pub fn authorship(&self, draft_id: &str) -> Result<Vec<Authorship>, StoreError> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT path, puno, at FROM authorship WHERE draft_id = ?1 ORDER BY path")?;
        let rows = stmt.query_map([draft_id], |r| {
            Ok(Authorship {
                path: r.get(0)?,
                puno: r.get(1)?,
                at: r.get(2)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }
}
