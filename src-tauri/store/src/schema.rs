//! Schema and migrations. `user_version` counts applied migrations;
//! `application_id` marks the file as ours.

use rusqlite::Connection;

use crate::error::StoreError;

/// "PStd" in ASCII.
pub const APPLICATION_ID: i64 = 0x5053_7464;

const MIGRATIONS: &[&str] = &[
    // 1: drafts and their parts.
    "CREATE TABLE drafts (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        kind TEXT NOT NULL,
        language TEXT NOT NULL,
        template_id TEXT NOT NULL,
        template_version INTEGER NOT NULL,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL,
        trashed_at INTEGER
    );
    CREATE TABLE draft_parts (
        draft_id TEXT NOT NULL REFERENCES drafts(id) ON DELETE CASCADE,
        part TEXT NOT NULL,
        value TEXT NOT NULL,
        PRIMARY KEY (draft_id, part)
    ) WITHOUT ROWID;",
    // 2: the export record: which version went out when. A final export takes
    // the next version number; its date is printed in the package.
    "CREATE TABLE exports (
        draft_id TEXT NOT NULL REFERENCES drafts(id) ON DELETE CASCADE,
        version INTEGER NOT NULL,
        date TEXT NOT NULL,
        review_copy INTEGER NOT NULL,
        at INTEGER NOT NULL
    );
    CREATE INDEX exports_by_draft ON exports (draft_id, version);",
    // 3: versions (snapshots stored once per distinct content), reviews sent,
    // comments received, and, on a reviewer's machine, reviews received.
    "CREATE TABLE snapshots (
        sha256 TEXT PRIMARY KEY,
        json TEXT NOT NULL
    ) WITHOUT ROWID;
    CREATE TABLE versions (
        id TEXT PRIMARY KEY,
        draft_id TEXT NOT NULL REFERENCES drafts(id) ON DELETE CASCADE,
        name TEXT NOT NULL,
        reason TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        sha256 TEXT NOT NULL REFERENCES snapshots(sha256)
    );
    CREATE INDEX versions_by_draft ON versions (draft_id, created_at);
    CREATE TABLE reviews_sent (
        id TEXT PRIMARY KEY,
        draft_id TEXT NOT NULL REFERENCES drafts(id) ON DELETE CASCADE,
        version_id TEXT NOT NULL,
        sha256 TEXT NOT NULL,
        created_at INTEGER NOT NULL
    );
    CREATE TABLE comments (
        id TEXT PRIMARY KEY,
        draft_id TEXT NOT NULL REFERENCES drafts(id) ON DELETE CASCADE,
        review_id TEXT NOT NULL,
        reviewer TEXT NOT NULL,
        comment TEXT NOT NULL,
        status TEXT NOT NULL DEFAULT 'open',
        status_at INTEGER,
        replies TEXT NOT NULL DEFAULT '[]',
        imported_at INTEGER NOT NULL
    );
    CREATE INDEX comments_by_draft ON comments (draft_id);
    CREATE TABLE reviews_received (
        id TEXT PRIMARY KEY,
        draft_id TEXT NOT NULL,
        title TEXT NOT NULL,
        sent_on TEXT NOT NULL,
        snapshot_sha256 TEXT NOT NULL,
        proposal TEXT NOT NULL,
        reviewer TEXT NOT NULL DEFAULT '{\"name\":\"\",\"organization\":\"\"}',
        opened_at INTEGER NOT NULL
    );
    CREATE TABLE review_comments (
        id TEXT PRIMARY KEY,
        review_id TEXT NOT NULL REFERENCES reviews_received(id) ON DELETE CASCADE,
        comment TEXT NOT NULL,
        updated_at INTEGER NOT NULL
    );
    CREATE INDEX review_comments_by_review ON review_comments (review_id);",
    // 4: the user's settings (the interface language).
    "CREATE TABLE settings (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL
    ) WITHOUT ROWID;",
    // 5: a comment's id is unique within its review only: two reviews (of
    // one draft or of two) may carry the same id without one hiding the other.
    "CREATE TABLE comments_by_review (
        id TEXT NOT NULL,
        draft_id TEXT NOT NULL REFERENCES drafts(id) ON DELETE CASCADE,
        review_id TEXT NOT NULL,
        reviewer TEXT NOT NULL,
        comment TEXT NOT NULL,
        status TEXT NOT NULL DEFAULT 'open',
        status_at INTEGER,
        replies TEXT NOT NULL DEFAULT '[]',
        imported_at INTEGER NOT NULL,
        UNIQUE (review_id, id)
    );
    INSERT INTO comments_by_review (id, draft_id, review_id, reviewer, comment, status, status_at, replies, imported_at)
        SELECT id, draft_id, review_id, reviewer, comment, status, status_at, replies, imported_at
        FROM comments ORDER BY rowid;
    DROP TABLE comments;
    ALTER TABLE comments_by_review RENAME TO comments;
    CREATE INDEX comments_by_draft ON comments (draft_id, id);",
    // 6: what the library shows of each draft, kept beside it (`summary`,
    // JSON) with the rules it was worked out under (`summary_of`), so that
    // listing drafts never reads their content.
    "ALTER TABLE drafts ADD COLUMN summary TEXT;
    ALTER TABLE drafts ADD COLUMN summary_of TEXT;",
    // 7: a draft the app named "Untitled draft" (in any of its languages)
    // has no name of its own: it goes by its short title until renamed.
    "UPDATE drafts SET name = '' WHERE name IN ('Untitled draft', 'Brouillon sans titre', 'Borrador sin título');",
    // 8: co-authoring: shares sent and received, contributions merged,
    // and which PUNO changed which part.
    "CREATE TABLE shares_sent (
        id TEXT PRIMARY KEY,
        draft_id TEXT NOT NULL REFERENCES drafts(id) ON DELETE CASCADE,
        puno TEXT NOT NULL,
        header TEXT NOT NULL,
        version_id TEXT NOT NULL,
        created_at INTEGER NOT NULL
    );
    CREATE INDEX shares_sent_by_draft ON shares_sent (draft_id);
    CREATE TABLE shares_received (
        draft_id TEXT PRIMARY KEY REFERENCES drafts(id) ON DELETE CASCADE,
        share_id TEXT NOT NULL UNIQUE,
        header TEXT NOT NULL,
        snapshot TEXT NOT NULL,
        opened_at INTEGER NOT NULL
    );
    CREATE TABLE contributions_merged (
        seal TEXT PRIMARY KEY,
        draft_id TEXT NOT NULL REFERENCES drafts(id) ON DELETE CASCADE,
        share_id TEXT NOT NULL,
        puno TEXT NOT NULL,
        summary TEXT NOT NULL,
        merged_at INTEGER NOT NULL
    );
    CREATE TABLE authorship (
        draft_id TEXT NOT NULL REFERENCES drafts(id) ON DELETE CASCADE,
        path TEXT NOT NULL,
        puno TEXT NOT NULL,
        at INTEGER NOT NULL,
        PRIMARY KEY (draft_id, path)
    ) WITHOUT ROWID;",
    // 9: a PUNO's comments on the parts of a shared draft not given to it,
    // saved as typed and sent back with its contribution.
    "CREATE TABLE share_comments (
        id TEXT NOT NULL,
        draft_id TEXT NOT NULL REFERENCES shares_received(draft_id) ON DELETE CASCADE,
        comment TEXT NOT NULL,
        updated_at INTEGER NOT NULL,
        PRIMARY KEY (draft_id, id)
    ) WITHOUT ROWID;",
];

pub const SCHEMA_VERSION: i64 = MIGRATIONS.len() as i64;

/// Refuses a database that is not ours or is newer, before writing anything.
pub fn check_identity(conn: &Connection, path: &str) -> Result<i64, StoreError> {
    // One statement, one snapshot: read apart, another process's first
    // migration could commit between the reads and look like a foreign file.
    let (app_id, version, tables): (i64, i64, i64) = conn.query_row(
        "SELECT (SELECT application_id FROM pragma_application_id()),
                (SELECT user_version FROM pragma_user_version()),
                (SELECT count(*) FROM sqlite_master)",
        [],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
    )?;
    if app_id != APPLICATION_ID && (app_id != 0 || tables > 0) {
        return Err(StoreError::ForeignDatabase { path: path.into() });
    }
    if version > SCHEMA_VERSION {
        return Err(StoreError::NewerDatabase {
            path: path.into(),
            found: version,
            supported: SCHEMA_VERSION,
        });
    }
    Ok(version)
}

/// Brings the schema up to date and returns the version it found. Several
/// processes may open a new data folder at once: the first to take the write
/// lock migrates, the others wait for it (the busy timeout) and then find
/// the work done, because the version is read again inside the lock.
pub fn migrate(conn: &mut Connection, seen: i64) -> Result<i64, StoreError> {
    if seen == SCHEMA_VERSION {
        return Ok(seen);
    }
    let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
    let from: i64 = tx.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    if from > SCHEMA_VERSION {
        return Err(StoreError::NewerDatabase {
            path: tx.path().unwrap_or_default().to_string(),
            found: from,
            supported: SCHEMA_VERSION,
        });
    }
    for sql in &MIGRATIONS[from as usize..] {
        tx.execute_batch(sql)?;
    }
    tx.pragma_update(None, "application_id", APPLICATION_ID)?;
    tx.pragma_update(None, "user_version", SCHEMA_VERSION)?;
    tx.commit()?;
    Ok(from)
}
