use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use ts_rs::TS;

use studio_core::markers::{assess_human_rights, Grade};
use studio_core::patch::{self, Part};
use studio_core::proposal::{TemplateRef, FORMAT, FORMAT_VERSION};
use studio_core::rules::SectionReport;

use studio_core::{validate, DocumentKind, Patch, Proposal, Template};

use crate::error::StoreError;
use crate::schema;

/// The database file inside the data folder.
pub const DATABASE_FILE: &str = "proposal-studio.sqlite3";

/// What the library shows of a draft.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct DraftSummary {
    pub id: String,
    pub name: String,
    pub title: String,
    pub short_title: String,
    pub countries: Vec<String>,
    pub kind: DocumentKind,
    /// The language the proposal is written in.
    pub language: String,
    /// Unix time in milliseconds.
    #[ts(type = "number")]
    pub created_at: i64,
    #[ts(type = "number")]
    pub updated_at: i64,
    #[ts(type = "number | null")]
    pub trashed_at: Option<i64>,
    pub complete_sections: u32,
    pub total_sections: u32,
    pub ready: bool,
    /// The Human Rights Marker grade, once every criterion is answered.
    pub human_rights_grade: Option<Grade>,
    pub gender_score: Option<u8>,
    /// Each section's state, in template order.
    pub sections: Vec<SectionReport>,
}

/// A patch the store refused; the others in its batch were saved.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct Rejected {
    pub path: String,
    pub code: studio_core::ErrorCode,
    pub message: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct SaveResult {
    #[ts(type = "number")]
    pub saved_at: i64,
    pub rejected: Vec<Rejected>,
}

pub struct Store {
    pub(crate) conn: Connection,
    path: PathBuf,
    template: &'static Template,
    created: bool,
}

pub(crate) fn now_ms() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_millis() as i64)
        .unwrap_or(0)
}

pub(crate) fn new_id() -> String {
    uuid::Uuid::new_v4().simple().to_string()
}

pub(crate) fn sql(e: rusqlite::Error) -> StoreError {
    StoreError::from_sqlite(e)
}

/// Puts the database in WAL mode. On a file still in rollback mode, every
/// opener reads it and then asks for the exclusive lock; when two do this at
/// once SQLite refuses one at once (it would otherwise deadlock) instead of
/// waiting in the busy handler. The refused one tries again, within the same
/// bound as the busy timeout, and finds the file already switched.
fn switch_to_wal(conn: &Connection) -> Result<(), StoreError> {
    let deadline = std::time::Instant::now() + Duration::from_secs(5);
    let mut pause = Duration::from_millis(5);
    loop {
        match conn.query_row("PRAGMA journal_mode = WAL", [], |r| r.get::<_, String>(0)) {
            Ok(mode) if mode.eq_ignore_ascii_case("wal") => return Ok(()),
            Ok(mode) => {
                return Err(StoreError::Refused(format!(
                    "the database could not use WAL (it stays in {mode} mode)"
                )))
            }
            Err(rusqlite::Error::SqliteFailure(f, _))
                if f.code == rusqlite::ErrorCode::DatabaseBusy && std::time::Instant::now() < deadline =>
            {
                std::thread::sleep(pause);
                pause = (pause * 2).min(Duration::from_millis(100));
            }
            Err(e) => return Err(sql(e)),
        }
    }
}

impl Store {
    /// Opens (creating if needed) the database in the default data folder.
    pub fn open_default() -> Result<Store, StoreError> {
        Store::open_in(&crate::data_dir()?)
    }

    /// Opens the database in `dir`, creating the folder and file if needed.
    pub fn open_in(dir: &Path) -> Result<Store, StoreError> {
        std::fs::create_dir_all(dir).map_err(|source| StoreError::Io {
            path: dir.display().to_string(),
            source,
        })?;
        Store::open(&dir.join(DATABASE_FILE))
    }

    /// Opens the database file at `path`. A file that is not ours, or that a
    /// newer version wrote, is refused before anything is written to it.
    pub fn open(path: &Path) -> Result<Store, StoreError> {
        let template = Template::builtin()?;
        let mut conn = Connection::open(path).map_err(sql)?;
        conn.busy_timeout(Duration::from_secs(5))?;
        let shown = path.display().to_string();
        let version = schema::check_identity(&conn, &shown).map_err(|e| match e {
            StoreError::Sqlite(rusqlite::Error::SqliteFailure(f, _)) if f.code == rusqlite::ErrorCode::NotADatabase => {
                StoreError::ForeignDatabase { path: shown.clone() }
            }
            // Ours by its header, but its schema cannot be read.
            StoreError::Sqlite(rusqlite::Error::SqliteFailure(f, detail))
                if f.code == rusqlite::ErrorCode::DatabaseCorrupt =>
            {
                StoreError::Damaged {
                    path: shown.clone(),
                    detail: detail.unwrap_or_else(|| f.to_string()),
                    backup: crate::backup::latest(path).map(|b| b.display().to_string()),
                }
            }
            e => e,
        })?;
        // A damaged file is reported, with the latest good backup, and left
        // exactly as it is for the user (or a specialist) to decide.
        let check: String = conn
            .query_row("PRAGMA quick_check", [], |r| r.get(0))
            .unwrap_or_else(|e| e.to_string());
        if check != "ok" {
            return Err(StoreError::Damaged {
                path: shown,
                detail: check.lines().next().unwrap_or_default().to_string(),
                backup: crate::backup::latest(path).map(|b| b.display().to_string()),
            });
        }
        switch_to_wal(&conn)?;
        // FULL: every autosave is on disk when its commit returns, so a power
        // cut loses at most the edits not yet sent (the last second).
        conn.pragma_update(None, "synchronous", "FULL")?;
        conn.pragma_update(None, "foreign_keys", "ON")?;
        let found = schema::migrate(&mut conn, version)?;
        let store = Store {
            conn,
            path: path.to_path_buf(),
            template,
            created: found == 0,
        };
        store.backup_if_due()?;
        Ok(store)
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Runs `f` as one transaction: what it writes is committed together
    /// when it returns `Ok`, and nothing is when it returns `Err`. The write
    /// lock is taken at once, so a use case that reads, then writes files,
    /// then records cannot be overtaken by another process. Inside another
    /// `atomically` it is a savepoint of the outer transaction.
    pub fn atomically<T, E: From<StoreError>>(&mut self, f: impl FnOnce(&mut Store) -> Result<T, E>) -> Result<T, E> {
        let outermost = self.conn.is_autocommit();
        let (begin, commit, rollback) = if outermost {
            ("BEGIN IMMEDIATE", "COMMIT", "ROLLBACK")
        } else {
            (
                "SAVEPOINT studio_atomically",
                "RELEASE studio_atomically",
                "ROLLBACK TO studio_atomically; RELEASE studio_atomically",
            )
        };
        self.conn.execute_batch(begin).map_err(sql)?;
        let result = f(self).and_then(|value| {
            self.conn
                .execute_batch(commit)
                .map(|_| value)
                .map_err(|e| sql(e).into())
        });
        // A failed commit can leave the transaction open; roll back whatever is.
        let still_open = !outermost || !self.conn.is_autocommit();
        if result.is_err() && still_open {
            let _ = self.conn.execute_batch(rollback);
        }
        result
    }

    /// Takes today's backup unless it exists; keeps the newest few.
    pub fn backup_if_due(&self) -> Result<(), StoreError> {
        crate::backup::daily(&self.conn, &self.path)
    }

    /// True when this open created the database (a first run).
    pub fn was_created(&self) -> bool {
        self.created
    }

    pub fn template(&self) -> &'static Template {
        self.template
    }

    /// Stores `proposal` as a new draft.
    pub fn create(&mut self, proposal: &Proposal) -> Result<DraftSummary, StoreError> {
        proposal.check(self.template)?;
        let id = new_id();
        let now = now_ms();
        let tx = self.conn.savepoint().map_err(sql)?;
        tx.execute(
            "INSERT INTO drafts (id, name, kind, language, template_id, template_version, created_at, updated_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7)",
            params![
                id,
                proposal.name,
                proposal.kind.as_str(),
                proposal.language,
                proposal.template.id,
                proposal.template.version,
                now
            ],
        )
        .map_err(sql)?;
        for (part, value) in patch::to_parts(proposal) {
            write_part(&tx, &id, &part, Some(&value))?;
        }
        store_digest(&tx, self.template, &id, &Digest::of(proposal, self.template))?;
        tx.commit().map_err(sql)?;
        self.summary(&id)
    }

    /// Imports a proposal file's bytes as a new draft.
    pub fn import_bytes(&mut self, bytes: &[u8]) -> Result<DraftSummary, StoreError> {
        // A file without a name is named by its title, as a new draft is.
        let proposal = Proposal::from_json_bytes(bytes, self.template)?;
        self.create(&proposal)
    }

    pub(crate) fn meta(&self, id: &str) -> Result<Meta, StoreError> {
        read_meta(&self.conn, id)
    }

    /// The whole proposal of a draft.
    pub fn load(&self, id: &str) -> Result<Proposal, StoreError> {
        let meta = self.meta(id)?;
        self.assemble(id, &meta)
    }

    fn assemble(&self, id: &str, meta: &Meta) -> Result<Proposal, StoreError> {
        assemble(&self.conn, self.template, id, meta)
    }

    /// What the library shows of a draft, from its stored digest (rebuilt
    /// when missing or written by another build's rules).
    pub fn summary(&self, id: &str) -> Result<DraftSummary, StoreError> {
        let (meta, digest) = self
            .conn
            .query_row(
                &format!("SELECT {META_COLUMNS}, summary, summary_of FROM drafts WHERE id = ?1"),
                [id],
                |r| {
                    Ok((
                        meta_of(r)?,
                        (r.get::<_, Option<String>>(8)?, r.get::<_, Option<String>>(9)?),
                    ))
                },
            )
            .optional()
            .map_err(sql)?
            .ok_or_else(|| StoreError::NotFound(id.to_string()))?;
        self.summary_from(id, meta, digest)
    }

    fn summary_from(
        &self,
        id: &str,
        meta: Meta,
        (digest, of): (Option<String>, Option<String>),
    ) -> Result<DraftSummary, StoreError> {
        let stored = match (digest, of) {
            (Some(text), Some(of)) if of == digest_key(self.template) => serde_json::from_str::<Digest>(&text).ok(),
            _ => None,
        };
        let digest = match stored {
            Some(d) => d,
            // A draft written before digests, or under other rules: rebuilt
            // once. Storing it is a cache, so a read-only disk is no error.
            None => {
                let d = Digest::of(&self.assemble(id, &meta)?, self.template);
                let _ = store_digest(&self.conn, self.template, id, &d);
                d
            }
        };
        Ok(digest.summary(id, meta))
    }

    /// Drafts, most recently edited first; `trashed` lists the trash instead.
    /// Reads each draft's stored digest, never its content.
    pub fn list(&self, trashed: bool) -> Result<Vec<DraftSummary>, StoreError> {
        type Row = (String, Meta, (Option<String>, Option<String>));
        let rows: Vec<Row> = {
            let mut stmt = self.conn.prepare(&format!(
                "SELECT {META_COLUMNS}, summary, summary_of, id FROM drafts
                 WHERE (trashed_at IS NOT NULL) = ?1 ORDER BY updated_at DESC, id"
            ))?;
            let rows = stmt.query_map([trashed], |r| Ok((r.get(10)?, meta_of(r)?, (r.get(8)?, r.get(9)?))))?;
            rows.collect::<Result<_, _>>()?
        };
        rows.into_iter()
            .map(|(id, meta, digest)| self.summary_from(&id, meta, digest))
            .collect()
    }

    /// Applies a batch of autosave patches in one transaction. A patch that
    /// is invalid is refused and reported; the valid ones are saved.
    pub fn apply_patches(&mut self, id: &str, patches: &[Patch]) -> Result<SaveResult, StoreError> {
        let meta = self.meta(id)?;
        if meta.trashed_at.is_some() {
            return Err(StoreError::Refused(
                "this draft is in the trash; restore it to edit".into(),
            ));
        }
        let template = self.template;
        let now = now_ms().max(meta.updated_at);
        let tx = self.conn.savepoint().map_err(sql)?;
        let mut rejected = Vec::new();
        for p in patches {
            let current = match patch::locate(p.path()) {
                Ok((part, _)) => read_part(&tx, id, &part)?,
                Err(e) => {
                    rejected.push(Rejected {
                        path: p.path().into(),
                        code: e.code(),
                        message: e.to_string(),
                    });
                    continue;
                }
            };
            match patch::apply(template, p, current) {
                Ok(change) => write_part(&tx, id, &change.part, change.value.as_ref())?,
                Err(e) => rejected.push(Rejected {
                    path: p.path().into(),
                    code: e.code(),
                    message: e.to_string(),
                }),
            }
        }
        tx.execute("UPDATE drafts SET updated_at = ?2 WHERE id = ?1", params![id, now])
            .map_err(sql)?;
        refresh_digest(&tx, template, id)?;
        tx.commit().map_err(sql)?;
        Ok(SaveResult {
            saved_at: now,
            rejected,
        })
    }

    fn update_meta(&mut self, id: &str, sql_text: &str, value: &dyn rusqlite::ToSql) -> Result<(), StoreError> {
        self.meta(id)?;
        self.conn.execute(sql_text, params![id, value]).map_err(sql)?;
        Ok(())
    }

    pub fn rename(&mut self, id: &str, name: &str) -> Result<DraftSummary, StoreError> {
        let name = name.trim();
        if name.is_empty() || name.chars().count() > studio_core::limits::MAX_LINE_CHARS {
            return Err(StoreError::Refused(
                "a draft's name must be 1 to 2,000 characters".into(),
            ));
        }
        self.meta(id)?;
        self.conn
            .execute(
                "UPDATE drafts SET name = ?2, updated_at = ?3 WHERE id = ?1",
                params![id, name, now_ms()],
            )
            .map_err(sql)?;
        self.summary(id)
    }

    /// Promotes a concept note to a full proposal. Everything written stays;
    /// the sections only a full proposal has become visible, empty.
    pub fn promote(&mut self, id: &str) -> Result<DraftSummary, StoreError> {
        let meta = self.meta(id)?;
        if meta.kind != DocumentKind::ConceptNote.as_str() {
            return Err(StoreError::Refused(
                "only a concept note can be promoted to a full proposal".into(),
            ));
        }
        self.conn
            .execute(
                "UPDATE drafts SET kind = ?2, updated_at = ?3 WHERE id = ?1",
                params![id, DocumentKind::FullProposal.as_str(), now_ms().max(meta.updated_at)],
            )
            .map_err(sql)?;
        refresh_digest(&self.conn, self.template, id)?;
        self.summary(id)
    }

    /// The version label and date the next export of a draft will carry,
    /// without recording it. Final exports are numbered 1, 2, 3; a review
    /// copy is a draft on the way to the next one, numbered after the last
    /// final: 0.1 and 0.2 before version 1, 1.1 after it. No two exports
    /// made from different content carry the same label.
    pub fn next_export(&self, id: &str, review_copy: bool) -> Result<(String, String), StoreError> {
        self.meta(id)?;
        let (last, last_row): (u32, i64) = self
            .conn
            .query_row(
                "SELECT coalesce(max(version), 0), coalesce(max(rowid), 0) FROM exports
                 WHERE draft_id = ?1 AND review_copy = 0",
                [id],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .map_err(sql)?;
        let label = if review_copy {
            let copies: u32 = self
                .conn
                .query_row(
                    "SELECT count(*) FROM exports WHERE draft_id = ?1 AND review_copy = 1 AND rowid > ?2",
                    params![id, last_row],
                    |r| r.get(0),
                )
                .map_err(sql)?;
            format!("{last}.{}", copies + 1)
        } else {
            (last + 1).to_string()
        };
        Ok((label, studio_core::date::Date::today().to_string()))
    }

    /// Records an export of a draft and returns its version label and date
    /// (those `next_export` gave).
    pub fn record_export(&mut self, id: &str, review_copy: bool) -> Result<(String, String), StoreError> {
        let (label, date) = self.next_export(id, review_copy)?;
        // The column keeps the final version a copy follows (a review copy's is the last final's).
        let major: u32 = label.split('.').next().and_then(|m| m.parse().ok()).unwrap_or(0);
        self.conn
            .execute(
                "INSERT INTO exports (draft_id, version, date, review_copy, at) VALUES (?1, ?2, ?3, ?4, ?5)",
                params![id, major, date, review_copy, now_ms()],
            )
            .map_err(sql)?;
        Ok((label, date))
    }

    /// Sets the language a draft is written in (its PDF follows it).
    pub fn set_language(&mut self, id: &str, language: &str) -> Result<DraftSummary, StoreError> {
        if !self.template.languages.iter().any(|l| l.id == language) {
            return Err(StoreError::Refused(format!(
                "{language:?} is not a language a proposal can be written in"
            )));
        }
        self.meta(id)?;
        self.conn
            .execute(
                "UPDATE drafts SET language = ?2, updated_at = ?3 WHERE id = ?1",
                params![id, language, now_ms()],
            )
            .map_err(sql)?;
        refresh_digest(&self.conn, self.template, id)?;
        self.summary(id)
    }

    /// A user setting, if set.
    pub fn setting(&self, key: &str) -> Result<Option<String>, StoreError> {
        self.conn
            .query_row("SELECT value FROM settings WHERE key = ?1", [key], |r| r.get(0))
            .optional()
            .map_err(sql)
    }

    pub fn set_setting(&mut self, key: &str, value: &str) -> Result<(), StoreError> {
        if key.len() > 64 || value.chars().count() > studio_core::limits::MAX_LINE_CHARS {
            return Err(StoreError::Refused("that setting is too long".into()));
        }
        self.conn
            .execute(
                "INSERT INTO settings (key, value) VALUES (?1, ?2) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                params![key, value],
            )
            .map_err(sql)?;
        Ok(())
    }

    /// A full copy as a new draft named `name`.
    pub fn duplicate(&mut self, id: &str, name: &str) -> Result<DraftSummary, StoreError> {
        let mut proposal = self.load(id)?;
        proposal.name = name.to_string();
        self.create(&proposal)
    }

    pub fn trash(&mut self, id: &str) -> Result<(), StoreError> {
        self.update_meta(id, "UPDATE drafts SET trashed_at = ?2 WHERE id = ?1", &now_ms())
    }

    pub fn restore(&mut self, id: &str) -> Result<(), StoreError> {
        self.update_meta(
            id,
            "UPDATE drafts SET trashed_at = ?2 WHERE id = ?1",
            &Option::<i64>::None,
        )
    }

    /// Deletes a draft for good. Only drafts already in the trash.
    pub fn purge(&mut self, id: &str) -> Result<(), StoreError> {
        if self.meta(id)?.trashed_at.is_none() {
            return Err(StoreError::Refused(
                "only a draft in the trash can be deleted for good".into(),
            ));
        }
        self.conn
            .execute("DELETE FROM drafts WHERE id = ?1", [id])
            .map_err(sql)?;
        Ok(())
    }

    /// The draft as a proposal file.
    pub fn export_json(&self, id: &str) -> Result<String, StoreError> {
        Ok(self.load(id)?.to_json_pretty())
    }
}

pub(crate) struct Meta {
    name: String,
    kind: String,
    language: String,
    template_id: String,
    template_version: u32,
    created_at: i64,
    updated_at: i64,
    trashed_at: Option<i64>,
}

const META_COLUMNS: &str = "name, kind, language, template_id, template_version, created_at, updated_at, trashed_at";

fn meta_of(r: &rusqlite::Row) -> rusqlite::Result<Meta> {
    Ok(Meta {
        name: r.get(0)?,
        kind: r.get(1)?,
        language: r.get(2)?,
        template_id: r.get(3)?,
        template_version: r.get(4)?,
        created_at: r.get(5)?,
        updated_at: r.get(6)?,
        trashed_at: r.get(7)?,
    })
}

pub(crate) fn read_meta(conn: &Connection, id: &str) -> Result<Meta, StoreError> {
    conn.query_row(
        &format!("SELECT {META_COLUMNS} FROM drafts WHERE id = ?1"),
        [id],
        meta_of,
    )
    .optional()
    .map_err(sql)?
    .ok_or_else(|| StoreError::NotFound(id.to_string()))
}

/// The whole proposal of a draft, read through `conn` (the store's
/// connection or a transaction on it).
fn assemble(conn: &Connection, template: &Template, id: &str, meta: &Meta) -> Result<Proposal, StoreError> {
    let mut stmt = conn.prepare_cached("SELECT part, value FROM draft_parts WHERE draft_id = ?1")?;
    let rows = stmt.query_map([id], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))?;
    let mut objects = serde_json::Map::new();
    let mut narrative = BTreeMap::new();
    for row in rows {
        let (name, text) = row?;
        let value: Value =
            serde_json::from_str(&text).map_err(|e| StoreError::Corrupt(format!("part {name} of draft {id}: {e}")))?;
        match Part::from_name(&name) {
            Some(Part::Narrative(key)) => {
                narrative.insert(key, value);
            }
            Some(_) => {
                objects.insert(name, value);
            }
            None => return Err(StoreError::Corrupt(format!("unknown part {name} in draft {id}"))),
        }
    }
    let kind = DocumentKind::parse(&meta.kind)
        .ok_or_else(|| StoreError::Corrupt(format!("draft {id} has kind {:?}", meta.kind)))?;
    let mut value = serde_json::json!({
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "template": TemplateRef { id: meta.template_id.clone(), version: meta.template_version },
        "kind": kind,
        "language": meta.language,
        "name": meta.name,
        "narrative": narrative,
    });
    if let Value::Object(map) = &mut value {
        map.extend(objects);
    }
    Proposal::from_value(value, template).map_err(|e| StoreError::Corrupt(format!("draft {id}: {e}")))
}

/// What the library shows of a draft's content, kept beside it so that a
/// list never reads a whole proposal.
#[derive(Serialize, Deserialize)]
struct Digest {
    title: String,
    short_title: String,
    countries: Vec<String>,
    complete_sections: u32,
    total_sections: u32,
    ready: bool,
    human_rights_grade: Option<Grade>,
    gender_score: Option<u8>,
    sections: Vec<SectionReport>,
}

impl Digest {
    fn of(proposal: &Proposal, template: &Template) -> Digest {
        let report = validate(proposal, template);
        Digest {
            title: proposal.cover.title.clone(),
            short_title: proposal.cover.short_title.clone(),
            countries: proposal.cover.countries.clone(),
            complete_sections: report.complete_sections,
            total_sections: report.total_sections,
            ready: report.ready,
            human_rights_grade: assess_human_rights(proposal, template).grade,
            gender_score: proposal.markers.gender.score,
            sections: report.sections,
        }
    }

    fn summary(self, id: &str, meta: Meta) -> DraftSummary {
        DraftSummary {
            id: id.to_string(),
            name: studio_core::draft_name(&meta.name, &self.short_title, &self.title).to_string(),
            title: self.title,
            short_title: self.short_title,
            countries: self.countries,
            kind: DocumentKind::parse(&meta.kind).unwrap_or_default(),
            language: meta.language,
            created_at: meta.created_at,
            updated_at: meta.updated_at,
            trashed_at: meta.trashed_at,
            complete_sections: self.complete_sections,
            total_sections: self.total_sections,
            ready: self.ready,
            human_rights_grade: self.human_rights_grade,
            gender_score: self.gender_score,
            sections: self.sections,
        }
    }
}

/// Which rules a stored digest was computed under: a digest from another
/// template or another build is rebuilt on first read.
fn digest_key(template: &Template) -> String {
    format!(
        "{}@{}/{}/{}",
        template.id,
        template.version,
        env!("CARGO_PKG_VERSION"),
        studio_core::rules::RULES_REVISION
    )
}

fn store_digest(conn: &Connection, template: &Template, id: &str, digest: &Digest) -> Result<(), StoreError> {
    let text = serde_json::to_string(digest).map_err(|e| StoreError::Corrupt(format!("summary of {id}: {e}")))?;
    conn.execute(
        "UPDATE drafts SET summary = ?2, summary_of = ?3 WHERE id = ?1",
        params![id, text, digest_key(template)],
    )
    .map_err(sql)?;
    Ok(())
}

/// Recomputes a draft's digest from its content as `conn` sees it.
pub(crate) fn refresh_digest(conn: &Connection, template: &Template, id: &str) -> Result<(), StoreError> {
    let meta = read_meta(conn, id)?;
    let proposal = assemble(conn, template, id, &meta)?;
    store_digest(conn, template, id, &Digest::of(&proposal, template))
}

pub(crate) fn read_part(tx: &Connection, id: &str, part: &Part) -> Result<Option<Value>, StoreError> {
    let text: Option<String> = tx
        .query_row(
            "SELECT value FROM draft_parts WHERE draft_id = ?1 AND part = ?2",
            params![id, part.name()],
            |r| r.get(0),
        )
        .optional()
        .map_err(sql)?;
    text.map(|t| serde_json::from_str(&t).map_err(|e| StoreError::Corrupt(format!("part {}: {e}", part.name()))))
        .transpose()
}

pub(crate) fn write_part(tx: &Connection, id: &str, part: &Part, value: Option<&Value>) -> Result<(), StoreError> {
    match value {
        Some(v) => tx.execute(
            "INSERT INTO draft_parts (draft_id, part, value) VALUES (?1, ?2, ?3)
             ON CONFLICT (draft_id, part) DO UPDATE SET value = excluded.value",
            params![id, part.name(), v.to_string()],
        ),
        None => tx.execute(
            "DELETE FROM draft_parts WHERE draft_id = ?1 AND part = ?2",
            params![id, part.name()],
        ),
    }
    .map_err(sql)?;
    Ok(())
}
